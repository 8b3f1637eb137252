/* plan_scenario.c: a scenario's life (plan_scenario.h): new and free,
 * merging one scenario's choices over another's (a front end's options over
 * a file's), and the canonical text a run is hashed and recorded with.
 * Reading a scenario, from a file or key by key, is plan_scenario_read.c. */
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_index.h"
#include "plan_scenario_int.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- new, free ---------------------------------------------------------- */

plan_scenario *plan_scenario_new(void)
{
    plan_scenario *s = calloc(1, sizeof *s);

    if (!s)
        return NULL;
    s->demand = PLAN_DEMAND_UNSET;
    s->capacity = PLAN_DEMAND_UNSET;
    s->growth = PLAN_GROWTH_UNSET;
    s->delivery_factor = NAN;
    s->slippage_years = INT_MIN;
    s->carry_forward = -1;
    s->icb_budget_factor = NAN;
    s->rent_limit_gbp = NAN;
    s->s106_requested = -1;
    s->time_limit_s = NAN;
    s->mip_gap = NAN;
    return s;
}

void plan_scenario_free(plan_scenario *s)
{
    if (!s)
        return;
    free(s->label);
    free(s->name);
    free(s->description);
    free(s->preset);
    free(s->allocation);
    free(s->solver);
    for (size_t i = 0; i < s->noverrides; i++)
        free(s->override_ids[i]);
    free(s->override_ids);
    free(s->override_values);
    plan_sc_ids_free(&s->sites_exclude);
    plan_sc_ids_free(&s->sites_only);
    plan_sc_ids_free(&s->planning_status);
    plan_sc_ids_free(&s->schemes_include);
    plan_sc_ids_free(&s->schemes_exclude);
    for (size_t i = 0; i < s->nstarts; i++)
        free(s->start_ids[i]);
    free(s->start_ids);
    free(s->start_years);
    free(s);
}

/* --- merge -------------------------------------------------------------- */

static pc_status copy_str(const char *src, char **dst, pc_error *err)
{
    *dst = NULL;
    if (!src)
        return PC_OK;
    *dst = strdup(src);
    return *dst ? PC_OK : PC_NOMEM(err);
}

static pc_status copy_ids(const plan_ids *src, plan_ids *dst, pc_error *err)
{
    plan_ids l = {NULL, 0, 1};

    l.v = calloc(src->n ? src->n : 1, sizeof *l.v);
    if (!l.v)
        return PC_NOMEM(err);
    for (; l.n < src->n; l.n++) {
        l.v[l.n] = strdup(src->v[l.n]);
        if (!l.v[l.n]) {
            plan_sc_ids_free(&l);
            return PC_NOMEM(err);
        }
    }
    *dst = l;
    return PC_OK;
}

/* The list fields of a scenario, in one order for merging. */
static plan_ids *list_field(plan_scenario *s, int i)
{
    plan_ids *f[] = {&s->sites_exclude, &s->sites_only, &s->planning_status,
                     &s->schemes_include, &s->schemes_exclude};

    return f[i];
}

#define NLISTS 5

/* A keyed list (assumption overrides, scheme start years) of s and of over
 * merged: s's ids first, an id of over already there takes over's value,
 * new ids are appended. The new arrays hold s's id strings (moved when the
 * merge is applied) and copies of the new ids. */
typedef struct keyed {
    char **ids;
    double *vals;
    size_t n, nold; /* entries; of them, s's */
} keyed;

static pc_status keyed_merge(char *const *ids, const double *vals, size_t n,
                             char *const *oids, const double *ovals, size_t on,
                             keyed *out, pc_error *err)
{
    pc_status rc = PC_OK;
    pc_index ix = {0};
    keyed k = {NULL, NULL, 0, n};
    size_t at;

    if (!(k.ids = calloc(n + on, sizeof *k.ids)) ||
        !(k.vals = calloc(n + on, sizeof *k.vals))) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    for (; k.n < n; k.n++) {
        k.ids[k.n] = ids[k.n];
        k.vals[k.n] = vals[k.n];
        if (pc_index_put(&ix, ids[k.n], k.n, NULL) < 0) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
    }
    for (size_t i = 0; i < on; i++) {
        if (pc_index_get(&ix, oids[i], &at)) {
            k.vals[at] = ovals[i];
            continue;
        }
        if (!(k.ids[k.n] = strdup(oids[i]))) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
        k.vals[k.n++] = ovals[i];
        if (pc_index_put(&ix, k.ids[k.n - 1], k.n - 1, NULL) < 0) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
    }
    *out = k;
    k = (keyed){NULL, NULL, 0, 0};

cleanup:
    for (size_t i = k.nold; k.ids && i < k.n; i++)
        free(k.ids[i]);
    free(k.ids);
    free(k.vals);
    pc_index_free(&ix);
    return rc;
}

static void keyed_free(keyed *k)
{
    for (size_t i = k->nold; k->ids && i < k->n; i++)
        free(k->ids[i]);
    free(k->ids);
    free(k->vals);
}

/* The scheme start years of s (or over) as doubles, for keyed_merge. */
static pc_status start_values(const plan_scenario *s, double **out,
                              pc_error *err)
{
    double *v = calloc(s->nstarts ? s->nstarts : 1, sizeof *v);

    if (!v)
        return PC_NOMEM(err);
    for (size_t i = 0; i < s->nstarts; i++)
        v[i] = s->start_years[i];
    *out = v;
    return PC_OK;
}

/* Merges the scheme start years of over into a new keyed list. */
static pc_status merge_starts(const plan_scenario *s, const plan_scenario *over,
                              keyed *out, pc_error *err)
{
    double *a = NULL, *b = NULL;
    pc_status rc;

    if (!(rc = start_values(s, &a, err)) && !(rc = start_values(over, &b, err)))
        rc = keyed_merge(s->start_ids, a, s->nstarts, over->start_ids, b,
                         over->nstarts, out, err);
    free(a);
    free(b);
    return rc;
}

/* Replaces s's string *dst with *src (taken) when *src is set. */
static void take_str(char **dst, char **src)
{
    if (*src) {
        free(*dst);
        *dst = *src;
        *src = NULL;
    }
}

/* The single values set in over onto s; cannot fail. */
static void merge_values(plan_scenario *s, const plan_scenario *over)
{
    if (over->demand != PLAN_DEMAND_UNSET)
        s->demand = over->demand;
    if (over->capacity != PLAN_DEMAND_UNSET)
        s->capacity = over->capacity;
    if (over->growth != PLAN_GROWTH_UNSET)
        s->growth = over->growth;
    if (over->years != 0)
        s->years = over->years;
    if (!isnan(over->delivery_factor))
        s->delivery_factor = over->delivery_factor;
    if (over->slippage_set) {
        s->slippage_years = over->slippage_years;
        s->slippage_set = 1;
    }
    if (over->carry_forward != -1)
        s->carry_forward = over->carry_forward;
    if (!isnan(over->icb_budget_factor))
        s->icb_budget_factor = over->icb_budget_factor;
    if (!isnan(over->rent_limit_gbp))
        s->rent_limit_gbp = over->rent_limit_gbp;
    if (over->s106_requested != -1)
        s->s106_requested = over->s106_requested;
    if (!isnan(over->time_limit_s))
        s->time_limit_s = over->time_limit_s;
    if (!isnan(over->mip_gap))
        s->mip_gap = over->mip_gap;
    if (over->draws != 0)
        s->draws = over->draws;
    if (over->seed_set) {
        s->seed = over->seed;
        s->seed_set = 1;
    }
}

pc_status plan_scenario_merge(plan_scenario *s, const plan_scenario *over,
                              pc_error *err)
{
    pc_status rc = PC_OK;
    char *str[5] = {NULL, NULL, NULL, NULL, NULL};
    char **dst[5] = {&s->name, &s->description, &s->preset, &s->allocation,
                     &s->solver};
    const char *src[5] = {over->name, over->description, over->preset,
                          over->allocation, over->solver};
    plan_ids lists[NLISTS] = {{NULL, 0, 0}};
    keyed ov = {0}, st = {0};
    int *years = NULL;

    /* Build every new piece first, so that running out of memory leaves s
     * as it was; s and over may be the same scenario. */
    for (int i = 0; i < 5; i++)
        if (copy_str(src[i], &str[i], err) != PC_OK) {
            rc = err->code;
            goto cleanup;
        }
    for (int i = 0; i < NLISTS; i++) {
        const plan_ids *l = list_field((plan_scenario *)over, i);

        if (l->set && copy_ids(l, &lists[i], err) != PC_OK) {
            rc = err->code;
            goto cleanup;
        }
    }
    if ((over->noverrides &&
         (rc = keyed_merge(s->override_ids, s->override_values, s->noverrides,
                           over->override_ids, over->override_values,
                           over->noverrides, &ov, err))) ||
        (over->nstarts && (rc = merge_starts(s, over, &st, err))))
        goto cleanup;
    if (st.ids && !(years = calloc(st.n ? st.n : 1, sizeof *years))) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }

    /* Nothing below can fail. */
    for (int i = 0; i < 5; i++)
        take_str(dst[i], &str[i]);
    merge_values(s, over);
    for (int i = 0; i < NLISTS; i++)
        if (lists[i].set) {
            plan_sc_ids_free(list_field(s, i));
            *list_field(s, i) = lists[i];
            lists[i] = (plan_ids){NULL, 0, 0};
        }
    if (ov.ids) { /* s's ids moved into the new array */
        free(s->override_ids);
        free(s->override_values);
        s->override_ids = ov.ids;
        s->override_values = ov.vals;
        s->noverrides = ov.n;
        ov = (keyed){0};
    }
    if (st.ids) {
        for (size_t i = 0; i < st.n; i++)
            years[i] = (int)st.vals[i];
        free(s->start_ids);
        free(s->start_years);
        s->start_ids = st.ids;
        s->start_years = years;
        s->nstarts = st.n;
        free(st.vals);
        st = (keyed){0};
        years = NULL;
    }

cleanup:
    free(years);
    keyed_free(&st);
    keyed_free(&ov);
    for (int i = 0; i < NLISTS; i++)
        plan_sc_ids_free(&lists[i]);
    for (int i = 0; i < 4; i++)
        free(str[i]);
    return rc;
}

/* --- canonical text ----------------------------------------------------- */

/* A JSON writer with a sticky failure, so that the writing code reads
 * straight through. */
typedef struct jw {
    pc_buf *b;
    int fail;
} jw;

static void put(jw *w, const char *s)
{
    if (!w->fail && pc_buf_puts(w->b, s) != PC_OK)
        w->fail = 1;
}

static void put_str(jw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    put(w, "\"");
    while (*p && !w->fail) {
        const unsigned char *q = p;
        char esc[8];

        while (*q && *q >= 0x20 && *q != '"' && *q != '\\')
            q++;
        if (q > p &&
            pc_buf_add(w->b, (const char *)p, (size_t)(q - p)) != PC_OK)
            w->fail = 1;
        if (!*q)
            break;
        switch (*q) {
        case '"': snprintf(esc, sizeof esc, "\\\""); break;
        case '\\': snprintf(esc, sizeof esc, "\\\\"); break;
        case '\n': snprintf(esc, sizeof esc, "\\n"); break;
        case '\r': snprintf(esc, sizeof esc, "\\r"); break;
        case '\t': snprintf(esc, sizeof esc, "\\t"); break;
        case '\b': snprintf(esc, sizeof esc, "\\b"); break;
        case '\f': snprintf(esc, sizeof esc, "\\f"); break;
        default: snprintf(esc, sizeof esc, "\\u%04x", *q); break;
        }
        put(w, esc);
        p = q + 1;
    }
    put(w, "\"");
}

/* "key": with a comma before it unless it opens its object. */
static void put_key(jw *w, int *first, const char *key)
{
    if (!*first)
        put(w, ",");
    *first = 0;
    put_str(w, key);
    put(w, ":");
}

static void put_num(jw *w, double v)
{
    char num[40];

    /* the shortest of %.15g, %.16g, %.17g that reads back as v: 0.7, not
     * 0.69999999999999996, and still the same bytes for the same value */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(num, sizeof num, "%.*g", prec, v + 0.0);
        if (strtod(num, NULL) == v)
            break;
    }
    put(w, num);
}

static void put_ids(jw *w, int *first, const char *key, const plan_ids *l)
{
    if (!l->set)
        return;
    put_key(w, first, key);
    put(w, "[");
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            put(w, ",");
        put_str(w, l->v[i]);
    }
    put(w, "]");
}

/* 1 when any capital choice is set. */
static int capital_set(const plan_scenario *s)
{
    return s->carry_forward != -1 || !isnan(s->icb_budget_factor) ||
           !isnan(s->rent_limit_gbp) || s->s106_requested != -1 ||
           !isnan(s->time_limit_s) || !isnan(s->mip_gap) || s->solver;
}

/* What a scenario built in code (not parsed) could hold that has no JSON
 * form. */
static pc_status check_canonical(const plan_scenario *s, pc_error *err)
{
    const struct {
        const char *key;
        double v;
    } capital[] = {{"icb_budget_factor", s->icb_budget_factor},
                   {"rent_limit_gbp", s->rent_limit_gbp},
                   {"time_limit_s", s->time_limit_s},
                   {"mip_gap", s->mip_gap}};

    if ((s->demand != PLAN_DEMAND_UNSET && !(s->demand >= PLAN_DEMAND_GP_FTE &&
                                             s->demand <= PLAN_DEMAND_SPACE)) ||
        (s->capacity != PLAN_DEMAND_UNSET &&
         !(s->capacity >= PLAN_DEMAND_GP_FTE &&
           s->capacity <= PLAN_DEMAND_SPACE)))
        return PC_FAIL(err, PC_ERR_INTERNAL, "scenario: bad method %d/%d",
                       (int)s->demand, (int)s->capacity);
    if (s->growth != PLAN_GROWTH_UNSET &&
        !(s->growth >= PLAN_GROWTH_HOUSING && s->growth <= PLAN_GROWTH_MAX))
        return PC_FAIL(err, PC_ERR_INTERNAL, "scenario: bad growth method %d",
                       (int)s->growth);
    if (!isnan(s->delivery_factor) && !isfinite(s->delivery_factor))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "scenario: delivery factor is not finite");
    for (size_t i = 0; i < s->noverrides; i++)
        if (!isfinite(s->override_values[i]))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scenario: assumption \"%s\" is not finite",
                           s->override_ids[i]);
    for (size_t i = 0; i < s->nstarts; i++)
        if (s->start_years[i] < START_MIN || s->start_years[i] > START_MAX)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scenario: schemes.start: scheme \"%s\" starts in "
                           "%d (expected a year from %d to %d)",
                           s->start_ids[i], s->start_years[i], START_MIN,
                           START_MAX);
    if (s->carry_forward < -1 || s->carry_forward > 1 ||
        s->s106_requested < -1 || s->s106_requested > 1)
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "scenario: bad capital flag (carry_forward %d, "
                       "s106_requested %d)",
                       s->carry_forward, s->s106_requested);
    for (size_t i = 0; i < sizeof capital / sizeof *capital; i++)
        if (!isnan(capital[i].v) && !isfinite(capital[i].v))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scenario: capital.%s is not finite",
                           capital[i].key);
    if (s->solver && strcmp(s->solver, "glpk") && strcmp(s->solver, "cbc"))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "scenario: capital.solver \"%.64s\" (expected glpk or "
                       "cbc)",
                       s->solver);
    return PC_OK;
}

/* The scalar keys, from "name" to "years". */
static void put_scalars(jw *w, const plan_scenario *s, int *first)
{
    const char *str[][2] = {{"name", s->name},
                            {"description", s->description},
                            {"preset", s->preset}};
    char num[32];

    for (size_t i = 0; i < sizeof str / sizeof *str; i++)
        if (str[i][1]) {
            put_key(w, first, str[i][0]);
            put_str(w, str[i][1]);
        }
    if (s->demand != PLAN_DEMAND_UNSET) {
        put_key(w, first, "method");
        put_str(w, plan_demand_name(s->demand));
    }
    if (s->capacity != PLAN_DEMAND_UNSET) {
        put_key(w, first, "capacity_method");
        put_str(w, plan_demand_name(s->capacity));
    }
    if (s->growth != PLAN_GROWTH_UNSET) {
        put_key(w, first, "growth");
        put_str(w, plan_growth_name(s->growth));
    }
    if (s->allocation) {
        put_key(w, first, "allocation");
        put_str(w, s->allocation);
    }
    if (s->years != 0) {
        put_key(w, first, "years");
        snprintf(num, sizeof num, "%d", s->years);
        put(w, num);
    }
}

static void put_int(jw *w, int *first, const char *key, long long v)
{
    char num[32];

    put_key(w, first, key);
    snprintf(num, sizeof num, "%lld", v);
    put(w, num);
}

/* delivery and assumptions. */
static void put_delivery(jw *w, const plan_scenario *s, int *first)
{
    int inner = 1;

    if (!isnan(s->delivery_factor) || s->slippage_set) {
        put_key(w, first, "delivery");
        put(w, "{");
        if (!isnan(s->delivery_factor)) {
            put_key(w, &inner, "factor");
            put_num(w, s->delivery_factor);
        }
        if (s->slippage_set)
            put_int(w, &inner, "slippage_years", s->slippage_years);
        put(w, "}");
    }
    if (s->noverrides) {
        put_key(w, first, "assumptions");
        put(w, "{");
        inner = 1;
        for (size_t i = 0; i < s->noverrides; i++) {
            put_key(w, &inner, s->override_ids[i]);
            put_num(w, s->override_values[i]);
        }
        put(w, "}");
    }
}

/* sites and schemes. */
static void put_lists(jw *w, const plan_scenario *s, int *first)
{
    int inner = 1, in2 = 1;

    if (s->sites_exclude.set || s->sites_only.set || s->planning_status.set) {
        put_key(w, first, "sites");
        put(w, "{");
        put_ids(w, &inner, "exclude", &s->sites_exclude);
        put_ids(w, &inner, "only", &s->sites_only);
        put_ids(w, &inner, "planning_status", &s->planning_status);
        put(w, "}");
    }
    if (s->schemes_include.set || s->schemes_exclude.set || s->nstarts) {
        put_key(w, first, "schemes");
        put(w, "{");
        inner = 1;
        put_ids(w, &inner, "include", &s->schemes_include);
        put_ids(w, &inner, "exclude", &s->schemes_exclude);
        if (s->nstarts) {
            put_key(w, &inner, "start");
            put(w, "{");
            for (size_t i = 0; i < s->nstarts; i++)
                put_int(w, &in2, s->start_ids[i], s->start_years[i]);
            put(w, "}");
        }
        put(w, "}");
    }
}

/* capital and monte_carlo. */
static void put_capital(jw *w, const plan_scenario *s, int *first)
{
    /* in the file's order; a flag of -1 or a number of NaN is not set */
    const struct {
        const char *key;
        int is_flag, flag;
        double v;
    } keys[] = {{"carry_forward", 1, s->carry_forward, NAN},
                {"icb_budget_factor", 0, 0, s->icb_budget_factor},
                {"rent_limit_gbp", 0, 0, s->rent_limit_gbp},
                {"s106_requested", 1, s->s106_requested, NAN},
                {"time_limit_s", 0, 0, s->time_limit_s},
                {"mip_gap", 0, 0, s->mip_gap}};
    int inner = 1;
    char num[32];

    if (capital_set(s)) {
        put_key(w, first, "capital");
        put(w, "{");
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
            if (keys[i].is_flag ? keys[i].flag == -1 : isnan(keys[i].v))
                continue;
            put_key(w, &inner, keys[i].key);
            if (keys[i].is_flag)
                put(w, keys[i].flag ? "true" : "false");
            else
                put_num(w, keys[i].v);
        }
        if (s->solver) {
            put_key(w, &inner, "solver");
            put_str(w, s->solver);
        }
        put(w, "}");
    }
    if (s->draws != 0 || s->seed_set) {
        put_key(w, first, "monte_carlo");
        put(w, "{");
        inner = 1;
        if (s->draws != 0)
            put_int(w, &inner, "draws", s->draws);
        if (s->seed_set) {
            put_key(w, &inner, "seed");
            snprintf(num, sizeof num, "%" PRIu64, s->seed);
            put(w, num);
        }
        put(w, "}");
    }
}

pc_status plan_scenario_canonical(const plan_scenario *s, pc_buf *out,
                                  pc_error *err)
{
    jw w = {out, 0};
    size_t start = out->len;
    int first = 1;

    if (check_canonical(s, err) != PC_OK)
        return err->code;
    put(&w, "{");
    put_key(&w, &first, "format");
    put_str(&w, PLAN_SCENARIO_FORMAT);
    put_scalars(&w, s, &first);
    put_delivery(&w, s, &first);
    put_lists(&w, s, &first);
    put_capital(&w, s, &first);
    put(&w, "}");
    if (w.fail) {
        /* leave out as it was */
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return PC_FAIL(err, PC_ERR_NOMEM,
                       "scenario text: out of memory or over the buffer's "
                       "size cap");
    }
    return PC_OK;
}

const char *plan_scenario_label(const plan_scenario *sc)
{
    return sc && sc->label ? sc->label : "scenario";
}
