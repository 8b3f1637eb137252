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
#include "plan_spatial.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A list of ids: an array of distinct non-empty strings of at most ID_MAX
 * characters. noun names one ("site id"), nouns several. */
static pc_status get_ids(const cJSON *v, const char *path, const char *noun,
                         const char *nouns, plan_ids *out, pc_error *err)
{
    char epath[DISP_SZ + 96], g[DISP_SZ + 32], d[DISP_SZ];
    pc_status rc = PC_OK;
    pc_index ix = {0};
    plan_ids l = {NULL, 0, 1};
    const cJSON *e;
    size_t n = 0;

    if (!cJSON_IsArray(v))
        return plan_sc_bad_key(err, path, "expected an array of %s, got %s",
                               nouns, plan_sc_got(g, sizeof g, v));
    cJSON_ArrayForEach(e, v) n++;
    l.v = calloc(n ? n : 1, sizeof *l.v);
    if (!l.v)
        return PC_NOMEM(err);
    cJSON_ArrayForEach(e, v)
    {
        size_t old = 0;
        int put;

        snprintf(epath, sizeof epath, "%s[%zu]", path, l.n);
        if (!cJSON_IsString(e) || !e->valuestring || !e->valuestring[0] ||
            plan_sc_utf8_chars(e->valuestring) > ID_MAX) {
            rc = plan_sc_bad_key(
                err, epath,
                "expected a %s (a non-empty string of at most %d "
                "characters), got %s",
                noun, ID_MAX,
                cJSON_IsString(e) && e->valuestring && !e->valuestring[0]
                    ? "an empty string"
                    : plan_sc_got(g, sizeof g, e));
            goto cleanup;
        }
        l.v[l.n] = plan_sc_dupstr(e->valuestring);
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
            rc = plan_sc_bad_key(
                err, epath,
                "%s \"%s\" given twice (also at %s[%zu]; expected "
                "each %s once)",
                noun, plan_sc_disp(d, sizeof d, l.v[l.n - 1]), path, old, noun);
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

/* An id in both lists a and b of the object at path is an error. */
static pc_status check_disjoint(const plan_ids *a, const char *aname,
                                const plan_ids *b, const char *bname,
                                const char *path, const char *noun,
                                pc_error *err)
{
    char d[DISP_SZ];
    pc_index ix = {0};
    pc_status rc = PC_OK;

    for (size_t i = 0; i < b->n; i++)
        if (pc_index_put(&ix, b->v[i], i, NULL) < 0) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
    for (size_t i = 0; i < a->n; i++) {
        size_t j;

        if (pc_index_get(&ix, a->v[i], &j)) {
            rc = plan_sc_bad_key(
                err, path,
                "%s \"%s\" is in both %s and %s (expected each %s "
                "in at most one of them)",
                noun, plan_sc_disp(d, sizeof d, a->v[i]), aname, bname, noun);
            goto cleanup;
        }
    }

cleanup:
    pc_index_free(&ix);
    return rc;
}
static pc_status get_assumptions(const cJSON *v, plan_scenario *s,
                                 pc_error *err)
{
    char path[DISP_SZ + 64], g[DISP_SZ + 32];
    pc_status rc = PC_OK;
    pc_index ix = {0};
    const cJSON *c;
    size_t n = 0;

    if (!cJSON_IsObject(v))
        return plan_sc_bad_key(err, "assumptions",
                               "expected an object mapping assumption ids to "
                               "numbers, got %s",
                               plan_sc_got(g, sizeof g, v));
    cJSON_ArrayForEach(c, v) n++;
    s->override_ids = calloc(n ? n : 1, sizeof *s->override_ids);
    s->override_values = calloc(n ? n : 1, sizeof *s->override_values);
    if (!s->override_ids || !s->override_values)
        return PC_NOMEM(err);
    cJSON_ArrayForEach(c, v)
    {
        int put;

        plan_sc_path_join(path, sizeof path, "assumptions", c->string);
        if (!plan_sc_valid_assumption_id(c->string)) {
            rc =
                plan_sc_bad_key(err, path,
                                "expected an assumption id (1 to %d lower-case "
                                "letters, digits and _)",
                                ID_MAX);
            goto cleanup;
        }
        put = pc_index_put(&ix, c->string, 0, NULL);
        if (put < 0) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
        if (put == 0) {
            rc = plan_sc_bad_key(err, path, "given twice");
            goto cleanup;
        }
        if (!cJSON_IsNumber(c) || !isfinite(c->valuedouble) ||
            !(c->valuedouble >= 0)) {
            rc = plan_sc_bad_key(err, path,
                                 "expected a number of at least 0, got %s",
                                 plan_sc_got(g, sizeof g, c));
            goto cleanup;
        }
        s->override_ids[s->noverrides] = plan_sc_dupstr(c->string);
        if (!s->override_ids[s->noverrides]) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
        s->override_values[s->noverrides++] = c->valuedouble + 0.0;
    }

cleanup:
    pc_index_free(&ix);
    return rc;
}

static pc_status get_sites(const cJSON *v, plan_scenario *s, pc_error *err)
{
    static const char *const keys[] = {"exclude", "only", "planning_status",
                                       NULL};
    const cJSON *e;

    if (plan_sc_check_object(v, "sites", keys, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "exclude");
    if (e && get_ids(e, "sites.exclude", "site id", "site ids",
                     &s->sites_exclude, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "only");
    if (e && get_ids(e, "sites.only", "site id", "site ids", &s->sites_only,
                     err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "planning_status");
    if (e && get_ids(e, "sites.planning_status", "planning status",
                     "planning statuses", &s->planning_status, err) != PC_OK)
        return err->code;
    return check_disjoint(&s->sites_only, "only", &s->sites_exclude, "exclude",
                          "sites", "site id", err);
}

/* schemes.start: an object mapping scheme ids to start years. */
static pc_status get_starts(const cJSON *v, plan_scenario *s, pc_error *err)
{
    char path[DISP_SZ + 64], g[DISP_SZ + 32];
    pc_status rc = PC_OK;
    pc_index ix = {0};
    const cJSON *c;
    size_t n = 0;
    double x;

    if (!cJSON_IsObject(v))
        return plan_sc_bad_key(err, "schemes.start",
                               "expected an object mapping scheme ids to start "
                               "years, got %s",
                               plan_sc_got(g, sizeof g, v));
    cJSON_ArrayForEach(c, v) n++;
    s->start_ids = calloc(n ? n : 1, sizeof *s->start_ids);
    s->start_years = calloc(n ? n : 1, sizeof *s->start_years);
    if (!s->start_ids || !s->start_years)
        return PC_NOMEM(err);
    cJSON_ArrayForEach(c, v)
    {
        int put;

        plan_sc_path_join(path, sizeof path, "schemes.start", c->string);
        if (!c->string[0] || plan_sc_utf8_chars(c->string) > ID_MAX) {
            rc = plan_sc_bad_key(
                err, path,
                "expected a scheme id (a non-empty string of at "
                "most %d characters) as the key",
                ID_MAX);
            goto cleanup;
        }
        put = pc_index_put(&ix, c->string, 0, NULL);
        if (put < 0) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
        if (put == 0) {
            rc = plan_sc_bad_key(err, path, "given twice");
            goto cleanup;
        }
        if (plan_sc_get_int(c, path, START_MIN, START_MAX, &x, err) != PC_OK) {
            rc = err->code;
            goto cleanup;
        }
        s->start_ids[s->nstarts] = plan_sc_dupstr(c->string);
        if (!s->start_ids[s->nstarts]) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
        s->start_years[s->nstarts++] = (int)x;
    }

cleanup:
    pc_index_free(&ix);
    return rc;
}

static pc_status get_schemes(const cJSON *v, plan_scenario *s, pc_error *err)
{
    static const char *const keys[] = {"include", "exclude", "start", NULL};
    const cJSON *e;

    if (plan_sc_check_object(v, "schemes", keys, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "include");
    if (e && get_ids(e, "schemes.include", "scheme id", "scheme ids",
                     &s->schemes_include, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "exclude");
    if (e && get_ids(e, "schemes.exclude", "scheme id", "scheme ids",
                     &s->schemes_exclude, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "start");
    if (e && get_starts(e, s, err) != PC_OK)
        return err->code;
    return check_disjoint(&s->schemes_include, "include", &s->schemes_exclude,
                          "exclude", "schemes", "scheme id", err);
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

/* A string value of f, validated by its type. */
static pc_status check_string(const field *f, const cJSON *v, pc_error *err)
{
    const char *key = f->k.key, *str = NULL;
    char g[DISP_SZ + 32];

    switch (f->k.type) {
    case PLAN_KEY_NAME:
        if (!cJSON_IsString(v) || !v->valuestring ||
            !plan_sc_valid_name(v->valuestring))
            return plan_sc_bad_key(
                err, key,
                "expected a name of 1 to %d characters from A-Z, "
                "a-z, 0-9, '.', '_' and '-', got %s",
                ID_MAX, plan_sc_got(g, sizeof g, v));
        return PC_OK;
    case PLAN_KEY_PRESET:
        if (!cJSON_IsString(v) || !v->valuestring || !v->valuestring[0] ||
            plan_sc_utf8_chars(v->valuestring) > ID_MAX)
            return plan_sc_bad_key(
                err, key,
                "expected a preset name (a non-empty string of at "
                "most %d characters), got %s",
                ID_MAX,
                cJSON_IsString(v) && v->valuestring && !v->valuestring[0]
                    ? "an empty string"
                    : plan_sc_got(g, sizeof g, v));
        return PC_OK;
    default: /* PLAN_KEY_TEXT */
        if (plan_sc_get_string(v, key, f->k.expected, &str, err) != PC_OK)
            return err->code;
        if (plan_sc_utf8_chars(str) > DESC_MAX)
            return plan_sc_bad_key(err, key,
                                   "expected at most %d characters, got %zu",
                                   DESC_MAX, plan_sc_utf8_chars(str));
        return PC_OK;
    }
}

/* A method name of f (demand, growth or allocation) into *out. */
static pc_status get_method(const field *f, const cJSON *v, void *out,
                            pc_error *err)
{
    const char *key = f->k.key, *str = NULL, *name;
    char d[DISP_SZ];

    if (plan_sc_get_string(v, key, f->k.expected, &str, err) != PC_OK)
        return err->code;
    if (f->k.type == PLAN_KEY_DEMAND)
        return plan_demand_parse(str, out, err) != PC_OK
                   ? pc_error_wrap(err, "key \"%s\"", key)
                   : PC_OK;
    if (f->k.type == PLAN_KEY_GROWTH)
        return plan_growth_parse(str, out, err) != PC_OK
                   ? pc_error_wrap(err, "key \"%s\"", key)
                   : PC_OK;
    if (!(name = plan_sc_allocation_name(str)))
        return plan_sc_bad_key(
            err, key,
            "unknown allocation method \"%s\" (expected huff, "
            "nearest or catchment)",
            plan_sc_disp(d, sizeof d, str));
    if (!(name = plan_sc_dupstr(name)))
        return PC_NOMEM(err);
    free(*(char **)out);
    *(char **)out = (char *)name;
    return PC_OK;
}

/* Validates v for f and stores it into s; on failure s is unchanged. */
static pc_status read_field(const field *f, const cJSON *v, plan_scenario *s,
                            pc_error *err)
{
    void *at = (char *)s + f->off;
    const plan_scenario_key *k = &f->k;
    char *str;
    double x;
    int b;

    switch (k->type) {
    case PLAN_KEY_NAME:
    case PLAN_KEY_PRESET:
    case PLAN_KEY_TEXT:
        if (check_string(f, v, err) != PC_OK)
            return err->code;
        if (!(str = plan_sc_dupstr(v->valuestring)))
            return PC_NOMEM(err);
        free(*(char **)at);
        *(char **)at = str;
        return PC_OK;
    case PLAN_KEY_DEMAND:
    case PLAN_KEY_GROWTH:
    case PLAN_KEY_ALLOCATION: return get_method(f, v, at, err);
    case PLAN_KEY_BOOL:
        if (plan_sc_get_bool(v, k->key, &b, err) != PC_OK)
            return err->code;
        *(int *)at = b;
        return PC_OK;
    case PLAN_KEY_NUMBER:
        if (plan_sc_get_number(v, k->key, k->min, k->min_open, k->max,
                               k->max_open, &x, err) != PC_OK)
            return err->code;
        *(double *)at = x;
        return PC_OK;
    default: /* PLAN_KEY_INT, PLAN_KEY_SEED */
        if (plan_sc_get_int(v, k->key, k->min, k->max, &x, err) != PC_OK)
            return err->code;
        if (k->type == PLAN_KEY_SEED)
            *(uint64_t *)at = (uint64_t)x;
        else
            *(int *)at = (int)x;
        if (f->set_off != NO_SET)
            *(int *)((char *)s + f->set_off) = 1;
        return PC_OK;
    }
}

/* Reads the keys of the table under parent (NULL: the top level) from
 * object obj, whose keys check_object has checked. */
static pc_status get_fields(const cJSON *obj, const char *parent,
                            plan_scenario *s, pc_error *err)
{
    size_t plen = parent ? strlen(parent) : 0;

    for (size_t i = 0; i < NFIELDS; i++) {
        const char *key = fields[i].k.key, *dot = strchr(key, '.');
        const cJSON *v;

        if (parent ? !(dot && (size_t)(dot - key) == plen &&
                       !strncmp(key, parent, plen))
                   : dot != NULL)
            continue;
        v = cJSON_GetObjectItemCaseSensitive(obj, parent ? dot + 1 : key);
        if (v && read_field(&fields[i], v, s, err) != PC_OK)
            return err->code;
    }
    return PC_OK;
}

/* A section of single values: delivery, capital or monte_carlo. */
static pc_status get_section(const cJSON *v, const char *name,
                             const char *const *keys, plan_scenario *s,
                             pc_error *err)
{
    if (plan_sc_check_object(v, name, keys, err) != PC_OK)
        return err->code;
    return get_fields(v, name, s, err);
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

pc_status plan_scenario_set(plan_scenario *sc, const char *key,
                            const char *text, pc_error *err)
{
    char d[DISP_SZ], list[1024];
    const char *names[NFIELDS + 1];
    const field *f = NULL;
    cJSON *v;
    pc_status rc;

    for (size_t i = 0; i < NFIELDS; i++) {
        names[i] = fields[i].k.key;
        if (key && !strcmp(key, names[i]))
            f = &fields[i];
    }
    names[NFIELDS] = NULL;
    if (!f)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "unknown scenario key \"%s\" (expected one of %s)",
                       plan_sc_disp(d, sizeof d, key ? key : ""),
                       plan_sc_join(list, sizeof list, names, ", "));
    if (!(v = text_value(&f->k, text ? text : "")))
        return PC_NOMEM(err);
    rc = read_field(f, v, sc, err);
    cJSON_Delete(v);
    return rc;
}

static const char *const top_keys[] = {
    "format", "name",       "description", "preset",      "method",
    "growth", "allocation", "years",       "delivery",    "assumptions",
    "sites",  "schemes",    "capital",     "monte_carlo", NULL};

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
                                                 NULL},
                             *const monte_carlo[] = {"draws", "seed", NULL};
    char g[DISP_SZ + 32];
    const cJSON *v;

    if (plan_sc_check_object(root, NULL, top_keys, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (v && (!cJSON_IsString(v) || !v->valuestring ||
              strcmp(v->valuestring, PLAN_SCENARIO_FORMAT)))
        return plan_sc_bad_key(err, "format", "expected \"%s\", got %s",
                               PLAN_SCENARIO_FORMAT,
                               plan_sc_got(g, sizeof g, v));
    if (get_fields(root, NULL, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "delivery");
    if (v && get_section(v, "delivery", delivery, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "assumptions");
    if (v && get_assumptions(v, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "sites");
    if (v && get_sites(v, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "schemes");
    if (v && get_schemes(v, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "capital");
    if (v && get_section(v, "capital", capital, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "monte_carlo");
    if (v && get_section(v, "monte_carlo", monte_carlo, s, err) != PC_OK)
        return err->code;
    return PC_OK;
}

pc_status plan_scenario_parse(const char *json, size_t len, const char *what,
                              plan_scenario **out, pc_error *err)
{
    pc_status rc = PC_OK;
    cJSON *root = NULL;
    plan_scenario *s = NULL;

    rc = pc_json_parse(json ? json : "", json ? len : 0, &root, err);
    if (rc != PC_OK)
        goto cleanup;
    s = plan_scenario_new();
    if (!s) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    rc = get_scenario(root, s, err);
    if (rc != PC_OK)
        goto cleanup;
    *out = s;
    s = NULL;

cleanup:
    if (rc != PC_OK && rc != PC_ERR_NOMEM) {
        if (what)
            pc_error_wrap(err, "scenario %s", what);
        else
            pc_error_wrap(err, "scenario");
    }
    plan_scenario_free(s);
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
    if (rc == PC_ERR_INPUT)
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "scenario %s: file is larger than 1 MiB (expected a "
                     "scenario file of at most %d bytes)",
                     path, PLAN_SCENARIO_MAX_BYTES);
    else if (rc != PC_OK)
        pc_error_wrap(err, "scenario");
    else
        rc = plan_scenario_parse(buf, len, path, out, err);
    free(buf);
    return rc;
}
