/* plan_scenario_read.c: reading a scenario (plan_scenario.h; the format is
 * in datasets/FORMAT.md, "Scenario files"): parsing and validating the JSON
 * of a file, and setting one key from text (plan_scenario_set) through the
 * same table of keys, types and ranges, so that a file and a front end's
 * options accept the same values with the same messages.
 *
 * cJSON accepts an object with a repeated key and keeps both members, so
 * the parser checks every object's keys itself (unknown or repeated) before
 * reading their values. It fills a fresh scenario and hands it to the
 * caller only when the whole text is valid, so a failed parse changes
 * nothing. Messages name the source, the key path ("sites.exclude[2]",
 * counting array elements from 0) and what was expected. */
#include "plan_scenario_int.h"

#include "pc_error.h"
#include "pc_file.h"
#include "pc_index.h"
#include "pc_json.h"
#include "pc_text.h"
#include "plan_prio.h"
#include "plan_spatial.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A list of ids at key of r: an array of distinct non-empty strings of at
 * most ID_MAX characters. noun names one ("site id"), nouns several. */
static pc_status get_ids(const pc_jr *r, const char *key, const char *noun,
                         const char *nouns, plan_ids *out)
{
    const cJSON *v = pc_jr_get(r, key, PC_JR_REQ), *e;
    char want[64], ekey[96], g[PC_JSON_DISP_SZ + 32], d[PC_JSON_DISP_SZ];
    pc_error *err = r->err;
    pc_status rc = PC_OK;
    pc_index ix = {0};
    plan_ids l = {NULL, 0, 1};
    size_t n = 0;

    snprintf(want, sizeof want, "an array of %s", nouns);
    if (!cJSON_IsArray(v))
        return pc_jr_bad_value(r, key, want, v);
    cJSON_ArrayForEach(e, v) n++;
    l.v = calloc(n ? n : 1, sizeof *l.v);
    if (!l.v)
        return PC_NOMEM(err);
    cJSON_ArrayForEach(e, v)
    {
        size_t old = 0;
        int put;

        snprintf(ekey, sizeof ekey, "%s[%zu]", key, l.n);
        if (!cJSON_IsString(e) || !e->valuestring || !e->valuestring[0] ||
            plan_sc_utf8_chars(e->valuestring) > ID_MAX) {
            rc = pc_jr_fail(r, ekey,
                            "expected a %s (a non-empty string of at most %d "
                            "characters), got %s",
                            noun, ID_MAX,
                            cJSON_IsString(e) && e->valuestring &&
                                    !e->valuestring[0]
                                ? "an empty string"
                                : pc_json_got(g, sizeof g, e));
            goto cleanup;
        }
        l.v[l.n] = strdup(e->valuestring);
        if (!l.v[l.n]) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
        l.n++;
        put = pc_index_put(&ix, l.v[l.n - 1], l.n - 1, &old);
        if (put < 0) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
        if (put == 0) {
            rc = pc_jr_fail(r, ekey,
                            "%s \"%s\" given twice (also at %s%s[%zu]; "
                            "expected each %s once)",
                            noun, pc_json_disp(d, sizeof d, l.v[l.n - 1]),
                            r->pre, key, old, noun);
            goto cleanup;
        }
    }
    *out = l;
    l = (plan_ids){NULL, 0, 0};

cleanup:
    plan_sc_ids_free(&l);
    pc_index_free(&ix);
    return rc;
}

/* An id in both lists a and b of the object at key of r is an error. */
static pc_status check_disjoint(const plan_ids *a, const char *aname,
                                const plan_ids *b, const char *bname,
                                const pc_jr *r, const char *key,
                                const char *noun)
{
    char d[PC_JSON_DISP_SZ];
    pc_index ix = {0};
    pc_status rc = PC_OK;

    for (size_t i = 0; i < b->n; i++)
        if (pc_index_put(&ix, b->v[i], i, NULL) < 0) {
            rc = PC_NOMEM(r->err);
            goto cleanup;
        }
    for (size_t i = 0; i < a->n; i++) {
        size_t j;

        if (pc_index_get(&ix, a->v[i], &j)) {
            rc = pc_jr_fail(r, key,
                            "%s \"%s\" is in both %s and %s (expected each %s "
                            "in at most one of them)",
                            noun, pc_json_disp(d, sizeof d, a->v[i]), aname,
                            bname, noun);
            goto cleanup;
        }
    }

cleanup:
    pc_index_free(&ix);
    return rc;
}

/* An object mapping ids to numbers (assumptions, schemes.start). */
typedef struct id_map {
    const char *want; /* the object, for "expected ..." */
    int (*valid)(const char *id);
    const char *bad_id;  /* the message for an invalid id */
    pc_jr_bounds bounds; /* of each number */
    char ***ids;         /* where the ids go, malloc'd */
    double **nums;       /* where the numbers go (or ints) */
    int **ints;
    size_t *n;
} id_map;

/* Reads the id_map at key of r; the lists are the scenario's, freed with
 * it, whether or not this fails. */
static pc_status get_id_map(const pc_jr *r, const char *key, const id_map *m)
{
    const cJSON *v = pc_jr_get(r, key, PC_JR_REQ), *c;
    pc_error *err = r->err;
    pc_status rc = PC_OK;
    pc_index ix = {0};
    pc_jr sub;
    size_t n = 0;
    double x;

    if (!cJSON_IsObject(v))
        return pc_jr_bad_value(r, key, m->want, v);
    pc_jr_sub(&sub, r, v, key, -1);
    cJSON_ArrayForEach(c, v) n++;
    *m->ids = calloc(n ? n : 1, sizeof **m->ids);
    if (m->nums)
        *m->nums = calloc(n ? n : 1, sizeof **m->nums);
    else
        *m->ints = calloc(n ? n : 1, sizeof **m->ints);
    if (!*m->ids || (m->nums ? !*m->nums : !*m->ints))
        return PC_NOMEM(err);
    cJSON_ArrayForEach(c, v)
    {
        int put;

        if (!m->valid(c->string)) {
            rc = pc_jr_fail(&sub, c->string, "%s", m->bad_id);
            goto cleanup;
        }
        put = pc_index_put(&ix, c->string, 0, NULL);
        if (put < 0) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
        if (put == 0) {
            rc = pc_jr_fail(&sub, c->string, "given twice");
            goto cleanup;
        }
        rc = pc_jr_within(&sub, c->string, &m->bounds, &x);
        if (rc != PC_OK)
            goto cleanup;
        (*m->ids)[*m->n] = strdup(c->string);
        if (!(*m->ids)[*m->n]) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
        if (m->nums)
            (*m->nums)[(*m->n)++] = x;
        else
            (*m->ints)[(*m->n)++] = (int)x;
    }

cleanup:
    pc_index_free(&ix);
    return rc;
}

static int valid_scheme_id(const char *s)
{
    return s[0] && plan_sc_utf8_chars(s) <= ID_MAX;
}

static pc_status get_assumptions(const pc_jr *r, plan_scenario *s)
{
    char bad[128];
    id_map m = {"an object mapping assumption ids to numbers",
                plan_sc_valid_assumption_id,
                bad,
                {0, INFINITY, 0, 0, 0},
                &s->override_ids,
                &s->override_values,
                NULL,
                &s->noverrides};

    snprintf(bad, sizeof bad,
             "expected an assumption id (1 to %d lower-case letters, digits "
             "and _)",
             ID_MAX);
    return get_id_map(r, "assumptions", &m);
}

/* schemes.start: an object mapping scheme ids to start years. */
static pc_status get_starts(const pc_jr *r, plan_scenario *s)
{
    char bad[128];
    id_map m = {"an object mapping scheme ids to start years",
                valid_scheme_id,
                bad,
                {START_MIN, START_MAX, 0, 0, 1},
                &s->start_ids,
                NULL,
                &s->start_years,
                &s->nstarts};

    snprintf(bad, sizeof bad,
             "expected a scheme id (a non-empty string of at most %d "
             "characters) as the key",
             ID_MAX);
    return get_id_map(r, "start", &m);
}

/* The object at key of r, whose keys must be among keys, as *sub. */
static pc_status get_object(const pc_jr *r, const char *key,
                            const char *const *keys, pc_jr *sub)
{
    const cJSON *v = pc_jr_get(r, key, PC_JR_REQ);
    char want[512];

    if (!cJSON_IsObject(v)) {
        snprintf(want, sizeof want, "an object with the keys ");
        pc_json_list(want + strlen(want), sizeof want - strlen(want), keys,
                     " and/or ");
        return pc_jr_bad_value(r, key, want, v);
    }
    pc_jr_sub(sub, r, v, key, -1);
    return pc_jr_keys(sub, keys);
}

static pc_status get_sites(const pc_jr *r, plan_scenario *s)
{
    static const char *const keys[] = {"exclude", "only", "planning_status",
                                       NULL};
    pc_jr sub;

    if (get_object(r, "sites", keys, &sub) != PC_OK)
        return r->err->code;
    if (pc_jr_get(&sub, "exclude", PC_JR_REQ) &&
        get_ids(&sub, "exclude", "site id", "site ids", &s->sites_exclude) !=
            PC_OK)
        return r->err->code;
    if (pc_jr_get(&sub, "only", PC_JR_REQ) &&
        get_ids(&sub, "only", "site id", "site ids", &s->sites_only) != PC_OK)
        return r->err->code;
    if (pc_jr_get(&sub, "planning_status", PC_JR_REQ) &&
        get_ids(&sub, "planning_status", "planning status", "planning statuses",
                &s->planning_status) != PC_OK)
        return r->err->code;
    return check_disjoint(&s->sites_only, "only", &s->sites_exclude, "exclude",
                          r, "sites", "site id");
}

static pc_status get_schemes(const pc_jr *r, plan_scenario *s)
{
    static const char *const keys[] = {"include", "exclude", "start", NULL};
    pc_jr sub;

    if (get_object(r, "schemes", keys, &sub) != PC_OK)
        return r->err->code;
    if (pc_jr_get(&sub, "include", PC_JR_REQ) &&
        get_ids(&sub, "include", "scheme id", "scheme ids",
                &s->schemes_include) != PC_OK)
        return r->err->code;
    if (pc_jr_get(&sub, "exclude", PC_JR_REQ) &&
        get_ids(&sub, "exclude", "scheme id", "scheme ids",
                &s->schemes_exclude) != PC_OK)
        return r->err->code;
    if (pc_jr_get(&sub, "start", PC_JR_REQ) && get_starts(&sub, s) != PC_OK)
        return r->err->code;
    return check_disjoint(&s->schemes_include, "include", &s->schemes_exclude,
                          "exclude", r, "schemes", "scheme id");
}
/* --- the keys: one table for files and for plan_scenario_set ------------ */

/* Where a key's value goes in a plan_scenario. */
typedef struct field {
    plan_scenario_key k;
    size_t off;     /* offsetof the value */
    size_t set_off; /* offsetof an int set to 1 with it; NO_SET: none */
} field;

#define NO_SET ((size_t)-1)
#define F(key, type, lo, lo_open, hi, hi_open, expected, member, set) \
    {                                                                 \
        {key, type, lo, lo_open, hi, hi_open, expected},              \
            offsetof(plan_scenario, member), set                      \
    }

/* Every key with a single value, in the order a file's are read (so that
 * the first of several errors is reported). */
static const field fields[] = {
    F("name", PLAN_KEY_NAME, 1, 0, ID_MAX, 0, "a name", name, NO_SET),
    F("description", PLAN_KEY_TEXT, 0, 0, DESC_MAX, 0, "a string", description,
      NO_SET),
    F("preset", PLAN_KEY_PRESET, 1, 0, ID_MAX, 0, "a preset name", preset,
      NO_SET),
    F("method", PLAN_KEY_DEMAND, 0, 0, 0, 0,
      "a string (gp_fte, activity, ratio or space)", demand, NO_SET),
    F("capacity_method", PLAN_KEY_DEMAND, 0, 0, 0, 0,
      "a string (gp_fte, activity, ratio or space)", capacity, NO_SET),
    F("growth", PLAN_KEY_GROWTH, 0, 0, 0, 0, "a string (housing, trend or max)",
      growth, NO_SET),
    F("allocation", PLAN_KEY_ALLOCATION, 0, 0, 0, 0,
      "a string (huff, nearest or catchment)", allocation, NO_SET),
    F("years", PLAN_KEY_INT, 1, 0, 50, 0, "an integer", years, NO_SET),
    F("delivery.factor", PLAN_KEY_NUMBER, 0, 1, 5, 0, "a number",
      delivery_factor, NO_SET),
    F("delivery.slippage_years", PLAN_KEY_INT, -10, 0, 20, 0, "an integer",
      slippage_years, offsetof(plan_scenario, slippage_set)),
    F("capital.carry_forward", PLAN_KEY_BOOL, 0, 0, 1, 0, "true or false",
      carry_forward, NO_SET),
    F("capital.icb_budget_factor", PLAN_KEY_NUMBER, 0, 1, 10, 0, "a number",
      icb_budget_factor, NO_SET),
    F("capital.rent_limit_gbp", PLAN_KEY_NUMBER, 0, 0, 1e10, 0, "a number",
      rent_limit_gbp, NO_SET),
    F("capital.s106_requested", PLAN_KEY_BOOL, 0, 0, 1, 0, "true or false",
      s106_requested, NO_SET),
    F("capital.time_limit_s", PLAN_KEY_NUMBER, 0, 1, 3600, 0, "a number",
      time_limit_s, NO_SET),
    F("capital.mip_gap", PLAN_KEY_NUMBER, 0, 0, 1, 1, "a number", mip_gap,
      NO_SET),
    F("capital.solver", PLAN_KEY_SOLVER, 0, 0, 0, 0, "a string (glpk or cbc)",
      solver, NO_SET),
    F("monte_carlo.draws", PLAN_KEY_INT, 1, 0, 100000, 0, "an integer", draws,
      NO_SET),
    F("monte_carlo.seed", PLAN_KEY_SEED, 0, 0, SEED_MAX, 0, "an integer", seed,
      offsetof(plan_scenario, seed_set)),
};

#define NFIELDS (sizeof fields / sizeof *fields)

size_t plan_scenario_nkeys(void)
{
    return NFIELDS;
}

const plan_scenario_key *plan_scenario_key_at(size_t i)
{
    return i < NFIELDS ? &fields[i].k : NULL;
}

const plan_scenario_key *plan_scenario_key_find(const char *key)
{
    for (size_t i = 0; key && i < NFIELDS; i++)
        if (!strcmp(fields[i].k.key, key))
            return &fields[i].k;
    return NULL;
}

/* The string at key of r for f, validated by its type. */
static pc_status check_string(const field *f, const pc_jr *r, const char *key)
{
    const cJSON *v = pc_jr_get(r, key, PC_JR_REQ);
    const char *str = cJSON_IsString(v) ? v->valuestring : NULL;
    char g[PC_JSON_DISP_SZ + 32];

    switch (f->k.type) {
    case PLAN_KEY_NAME:
        if (!str || !plan_sc_valid_name(str))
            return pc_jr_fail(r, key,
                              "expected a name of 1 to %d characters from "
                              "A-Z, a-z, 0-9, '.', '_' and '-', got %s",
                              ID_MAX, pc_json_got(g, sizeof g, v));
        return PC_OK;
    case PLAN_KEY_PRESET:
        if (!str || !str[0] || plan_sc_utf8_chars(str) > ID_MAX)
            return pc_jr_fail(r, key,
                              "expected a preset name (a non-empty string of "
                              "at most %d characters), got %s",
                              ID_MAX,
                              str && !str[0] ? "an empty string"
                                             : pc_json_got(g, sizeof g, v));
        return PC_OK;
    default: /* PLAN_KEY_TEXT and the method names */
        if (!str)
            return pc_jr_bad_value(r, key, f->k.expected, v);
        if (f->k.type == PLAN_KEY_TEXT && plan_sc_utf8_chars(str) > DESC_MAX)
            return pc_jr_fail(r, key, "expected at most %d characters, got %zu",
                              DESC_MAX, plan_sc_utf8_chars(str));
        return PC_OK;
    }
}

/* A method name (demand, growth or allocation) or a solver name str for f
 * into *out. */
static pc_status get_method(const field *f, const pc_jr *r, const char *key,
                            const char *str, void *out)
{
    char d[PC_JSON_DISP_SZ];
    const char *name;
    pc_error *err = r->err;

    if (f->k.type == PLAN_KEY_DEMAND)
        return plan_demand_parse(str, out, err) != PC_OK
                   ? pc_error_wrap(err, "key \"%s\"", f->k.key)
                   : PC_OK;
    if (f->k.type == PLAN_KEY_GROWTH)
        return plan_growth_parse(str, out, err) != PC_OK
                   ? pc_error_wrap(err, "key \"%s\"", f->k.key)
                   : PC_OK;
    if (f->k.type == PLAN_KEY_SOLVER) {
        plan_prio_solver sv;

        if (plan_prio_solver_parse(str, &sv, err) != PC_OK)
            return pc_jr_fail(r, key,
                              "unknown solver \"%s\" (expected glpk or cbc)",
                              pc_json_disp(d, sizeof d, str));
        name = plan_prio_solver_name(sv);
    } else if (!(name = plan_sc_allocation_name(str)))
        return pc_jr_fail(r, key,
                          "unknown allocation method \"%s\" (expected huff, "
                          "nearest or catchment)",
                          pc_json_disp(d, sizeof d, str));
    if (!(name = strdup(name)))
        return PC_NOMEM(err);
    free(*(char **)out);
    *(char **)out = (char *)name;
    return PC_OK;
}

/* Validates the value at key of r for f and stores it into s; on failure
 * s is unchanged. */
static pc_status read_field(const field *f, const pc_jr *r, const char *key,
                            plan_scenario *s)
{
    const plan_scenario_key *k = &f->k;
    const pc_jr_bounds b = {k->min, k->max, k->min_open, k->max_open,
                            k->type != PLAN_KEY_NUMBER};
    void *at = (char *)s + f->off;
    const cJSON *v;
    const char *str = NULL;
    char *copy;
    double x;

    switch (k->type) {
    case PLAN_KEY_BOOL:
        v = pc_jr_get(r, key, PC_JR_REQ);
        if (!cJSON_IsBool(v))
            return pc_jr_bad_value(r, key, "true or false", v);
        *(int *)at = cJSON_IsTrue(v);
        return PC_OK;
    case PLAN_KEY_NUMBER:
    case PLAN_KEY_INT:
    case PLAN_KEY_SEED:
        if (pc_jr_within(r, key, &b, &x) != PC_OK)
            return r->err->code;
        if (k->type == PLAN_KEY_NUMBER)
            *(double *)at = x;
        else if (k->type == PLAN_KEY_SEED)
            *(uint64_t *)at = (uint64_t)x;
        else
            *(int *)at = (int)x;
        if (f->set_off != NO_SET)
            *(int *)((char *)s + f->set_off) = 1;
        return PC_OK;
    default: /* the strings */
        if (check_string(f, r, key) != PC_OK)
            return r->err->code;
        str = pc_jr_get(r, key, PC_JR_REQ)->valuestring;
        if (k->type == PLAN_KEY_DEMAND || k->type == PLAN_KEY_GROWTH ||
            k->type == PLAN_KEY_ALLOCATION || k->type == PLAN_KEY_SOLVER)
            return get_method(f, r, key, str, at);
        if (!(copy = strdup(str)))
            return PC_NOMEM(r->err);
        free(*(char **)at);
        *(char **)at = copy;
        return PC_OK;
    }
}

/* Reads the keys of the table under parent (NULL: the top level) from the
 * object of r, whose keys pc_jr_keys has checked. */
static pc_status get_fields(const pc_jr *r, const char *parent,
                            plan_scenario *s)
{
    size_t plen = parent ? strlen(parent) : 0;

    for (size_t i = 0; i < NFIELDS; i++) {
        const char *key = fields[i].k.key, *dot = strchr(key, '.');
        const char *local;

        if (parent ? !(dot && (size_t)(dot - key) == plen &&
                       !strncmp(key, parent, plen))
                   : dot != NULL)
            continue;
        local = parent ? dot + 1 : key;
        if (pc_jr_get(r, local, PC_JR_REQ) &&
            read_field(&fields[i], r, local, s) != PC_OK)
            return r->err->code;
    }
    return PC_OK;
}

/* A section of single values: delivery, capital or monte_carlo. */
static pc_status get_section(const pc_jr *r, const char *name,
                             const char *const *keys, plan_scenario *s)
{
    pc_jr sub;

    if (!pc_jr_get(r, name, PC_JR_REQ))
        return PC_OK;
    if (get_object(r, name, keys, &sub) != PC_OK)
        return r->err->code;
    return get_fields(&sub, name, s);
}

/* The text of a front end's value as the JSON value a file would hold: a
 * number or true/false when the key takes a number or a flag and the text
 * is one in JSON, else a string. */
static cJSON *text_value(const plan_scenario_key *k, const char *text)
{
    cJSON *v = NULL;

    if (k->type == PLAN_KEY_INT || k->type == PLAN_KEY_SEED ||
        k->type == PLAN_KEY_NUMBER || k->type == PLAN_KEY_BOOL) {
        v = cJSON_ParseWithOpts(text, NULL, 1);
        if (v && !cJSON_IsBool(v) && !cJSON_IsNumber(v)) {
            cJSON_Delete(v);
            v = NULL;
        }
    }
    return v ? v : cJSON_CreateString(text);
}

/* An assumption override "assumptions.<id>" from text: read as a file's
 * {"assumptions": {"<id>": text}} is, then merged into sc. */
static pc_status set_assumption(plan_scenario *sc, const char *id,
                                const char *text, pc_error *err)
{
    static const plan_scenario_key number = {
        "assumptions", PLAN_KEY_NUMBER, 0, 0, 0, 0, "a number"};
    plan_scenario *one = plan_scenario_new();
    cJSON *obj = cJSON_CreateObject(), *map = NULL, *v;
    pc_status rc;
    pc_jr r;

    v = text_value(&number, text ? text : "");
    if (obj)
        map = cJSON_AddObjectToObject(obj, "assumptions");
    if (!one || !v || !map || !cJSON_AddItemToObject(map, id, v)) {
        cJSON_Delete(v); /* not added */
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    r = pc_jr_root(obj, NULL, err);
    if ((rc = get_assumptions(&r, one)) == PC_OK)
        rc = plan_scenario_merge(sc, one, err);

cleanup:
    cJSON_Delete(obj);
    plan_scenario_free(one);
    return rc;
}

pc_status plan_scenario_set(plan_scenario *sc, const char *key,
                            const char *text, pc_error *err)
{
    char d[PC_JSON_DISP_SZ], list[1024];
    const char *names[NFIELDS + 2];
    const field *f = NULL;
    cJSON *obj = NULL, *v;
    pc_status rc;
    pc_jr r;

    /* as a file's text is checked before it is read: the value goes into
     * the canonical JSON a run is stored and hashed with */
    if ((key && !pc_utf8_valid(key)) || (text && !pc_utf8_valid(text)))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "scenario key \"%s\": not UTF-8 text (expected the "
                       "key and its value in UTF-8)",
                       pc_json_disp(d, sizeof d, key ? key : ""));
    if (key && !strncmp(key, "assumptions.", 12))
        return set_assumption(sc, key + 12, text, err);
    for (size_t i = 0; i < NFIELDS; i++) {
        names[i] = fields[i].k.key;
        if (key && !strcmp(key, names[i]))
            f = &fields[i];
    }
    names[NFIELDS] = "assumptions.<id>";
    names[NFIELDS + 1] = NULL;
    if (!f)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "unknown scenario key \"%s\" (expected one of %s)",
                       pc_json_disp(d, sizeof d, key ? key : ""),
                       pc_json_list(list, sizeof list, names, ", "));
    /* the value as a file's {"delivery.factor": ...} would hold it */
    v = text_value(&f->k, text ? text : "");
    obj = cJSON_CreateObject();
    if (!v || !obj || !cJSON_AddItemToObject(obj, f->k.key, v)) {
        cJSON_Delete(v);
        cJSON_Delete(obj);
        return PC_NOMEM(err);
    }
    r = pc_jr_root(obj, NULL, err);
    rc = read_field(f, &r, f->k.key, sc);
    cJSON_Delete(obj);
    return rc;
}

static const char *const top_keys[] = {
    "format",   "name",        "description",
    "preset",   "method",      "capacity_method",
    "growth",   "allocation",  "years",
    "delivery", "assumptions", "sites",
    "schemes",  "capital",     "monte_carlo",
    NULL};

static pc_status get_scenario(const cJSON *root, plan_scenario *s,
                              pc_error *err)
{
    static const char *const delivery[] = {"factor", "slippage_years", NULL},
                             *const capital[] = {"carry_forward",
                                                 "icb_budget_factor",
                                                 "rent_limit_gbp",
                                                 "s106_requested",
                                                 "time_limit_s",
                                                 "mip_gap",
                                                 "solver",
                                                 NULL},
                             *const monte_carlo[] = {"draws", "seed", NULL};
    char g[PC_JSON_DISP_SZ + 32];
    pc_jr r = pc_jr_root(root, NULL, err);
    const cJSON *v;

    if (!cJSON_IsObject(root))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a JSON object at the top level, got %s",
                       pc_json_got(g, sizeof g, root));
    if (pc_jr_keys(&r, top_keys) != PC_OK)
        return err->code;
    v = pc_jr_get(&r, "format", PC_JR_REQ);
    if (v && (!cJSON_IsString(v) || !v->valuestring ||
              strcmp(v->valuestring, PLAN_SCENARIO_FORMAT)))
        return pc_jr_fail(&r, "format", "expected \"%s\", got %s",
                          PLAN_SCENARIO_FORMAT, pc_json_got(g, sizeof g, v));
    if (get_fields(&r, NULL, s) != PC_OK ||
        get_section(&r, "delivery", delivery, s) != PC_OK)
        return err->code;
    if (pc_jr_get(&r, "assumptions", PC_JR_REQ) &&
        get_assumptions(&r, s) != PC_OK)
        return err->code;
    if (pc_jr_get(&r, "sites", PC_JR_REQ) && get_sites(&r, s) != PC_OK)
        return err->code;
    if (pc_jr_get(&r, "schemes", PC_JR_REQ) && get_schemes(&r, s) != PC_OK)
        return err->code;
    if (get_section(&r, "capital", capital, s) != PC_OK ||
        get_section(&r, "monte_carlo", monte_carlo, s) != PC_OK)
        return err->code;
    return PC_OK;
}

/* Names the scenario in a failure's message. */
static pc_status scenario_fail(pc_status rc, const char *what, pc_error *err)
{
    if (rc != PC_OK && rc != PC_ERR_NOMEM) {
        if (what)
            pc_error_wrap(err, "scenario %s", what);
        else
            pc_error_wrap(err, "scenario");
    }
    return rc;
}

pc_status plan_scenario_from_cjson(const cJSON *root, const char *what,
                                   plan_scenario **out, pc_error *err)
{
    plan_scenario *s = plan_scenario_new();
    pc_status rc = s ? get_scenario(root, s, err) : PC_NOMEM(err);

    if (rc == PC_OK) {
        *out = s;
        s = NULL;
    }
    plan_scenario_free(s);
    return scenario_fail(rc, what, err);
}

pc_status plan_scenario_parse(const char *json, size_t len, const char *what,
                              plan_scenario **out, pc_error *err)
{
    cJSON *root = NULL;
    pc_status rc = pc_json_parse(json ? json : "", json ? len : 0, &root, err);

    if (rc != PC_OK)
        return scenario_fail(rc, what, err);
    rc = plan_scenario_from_cjson(root, what, out, err);
    cJSON_Delete(root);
    return rc;
}

pc_status plan_scenario_load(const char *path, plan_scenario **out,
                             pc_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    pc_status rc;

    rc = pc_file_read(path, PLAN_SCENARIO_MAX_BYTES, &buf, &len, err);
    /* pc_file_read names the file: too large, or not a regular file */
    if (rc != PC_OK)
        pc_error_wrap(err, "scenario");
    else
        rc = plan_scenario_parse(buf, len, path, out, err);
    free(buf);
    /* errors found later, against the dataset, name the file too */
    if (rc == PC_OK) {
        size_t n = strlen(path) + sizeof "scenario ";

        if (!((*out)->label = malloc(n))) {
            plan_scenario_free(*out);
            *out = NULL;
            return PC_NOMEM(err);
        }
        snprintf((*out)->label, n, "scenario %s", path);
    }
    return rc;
}
