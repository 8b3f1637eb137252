/* plan_programme_compare.c: two stored programmes side by side (see
 * plan_programme_store.h), and the compare command's choice between
 * runs and programmes. Everything is read from the programmes' JSON
 * (plan_programme_json), so a programme stored by an older version
 * compares as it was stored. */
#include "plan_compare.h"
#include "plan_json.h"
#include "plan_programme_store.h"

#include "pc_fmt.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cJSON *jget(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static double jnum(const cJSON *o, const char *k)
{
    const cJSON *v = jget(o, k);

    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = jget(o, k);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* One programme's figures. */
typedef struct side {
    const char *id, *run_id, *status, *status_text, *solver;
    char words[64];
    double budget_factor, objective, cost, spent, closed, unmet, end_gap;
    int schemes;
    const cJSON *doc, *opt;
} side;

/* The room-years of gap the programme closes: over places and rows, the
 * gap without it (places[].gap_by_year) less the gap left
 * (optimal.remaining_gap), counting rooms short only; and the rooms still
 * short in the last row. */
static void gap_closed(side *s)
{
    const cJSON *pl, *rem, *y;

    s->closed = 0;
    s->end_gap = 0;
    cJSON_ArrayForEach(pl, jget(s->doc, "places"))
    {
        const char *name = jstr(pl, "place");
        const cJSON *left = NULL, *last = NULL;

        cJSON_ArrayForEach(rem, jget(s->opt, "remaining_gap"))
        {
            if (name && jstr(rem, "place") && !strcmp(name, jstr(rem, "place")))
                left = jget(rem, "by_year");
        }
        cJSON_ArrayForEach(y, jget(pl, "gap_by_year"))
        {
            double g = y->valuedouble, r = jnum(left, y->string);

            s->closed += (g > 0 ? g : 0) - (r > 0 ? r : 0);
            last = y;
        }
        if (last) {
            double r = jnum(left, last->string);

            s->end_gap += r > 0 ? r : 0;
        }
    }
}

static pc_status side_read(side *s, const char *id, const cJSON *doc,
                           pc_error *err)
{
    const cJSON *k;

    memset(s, 0, sizeof *s);
    s->id = id;
    s->doc = doc;
    s->opt = jget(doc, "optimal");
    if (!doc || !jstr(doc, "format") ||
        strcmp(jstr(doc, "format"), "pcplan-programme/1") ||
        !cJSON_IsObject(s->opt))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "stored programme %s is not a programme document", id);
    s->run_id = jstr(doc, "run_id");
    s->status = jstr(s->opt, "status");
    s->status_text = jstr(s->opt, "status_text");
    s->solver = jstr(jget(doc, "settings"), "solver");
    s->budget_factor = jnum(jget(doc, "settings"), "icb_budget_factor");
    s->objective = jnum(s->opt, "objective");
    s->cost = jnum(jget(s->opt, "parts"), "cost_gbp");
    s->unmet = jnum(jget(s->opt, "parts"), "weighted_gap_room_years");
    s->schemes = cJSON_GetArraySize(jget(s->opt, "schemes"));
    cJSON_ArrayForEach(k, jget(s->opt, "spend_by_kind"))
    {
        s->spent += jnum(k, "total_gbp");
    }
    plan_programme_status_words(s->status, jnum(s->opt, "mip_gap"), s->words,
                                sizeof s->words);
    gap_closed(s);
    return PC_OK;
}

/* The scheme called id among a programme's chosen schemes; NULL. */
static const cJSON *find_scheme(const side *s, const char *id)
{
    const cJSON *x;

    cJSON_ArrayForEach(x, jget(s->opt, "schemes"))
    {
        const char *v = jstr(x, "scheme_id");

        if (v && id && !strcmp(v, id))
            return x;
    }
    return NULL;
}

/* The schemes of `from` that `to` lacks, as [{scheme_id, place,
 * start_year, cost_gbp}]. */
static cJSON *schemes_only(const side *from, const side *to, int *ok)
{
    cJSON *arr = cJSON_CreateArray(), *it;
    const cJSON *x;

    if (!arr)
        *ok = 0;
    cJSON_ArrayForEach(x, jget(from->opt, "schemes"))
    {
        if (!arr || find_scheme(to, jstr(x, "scheme_id")))
            continue;
        it = plan_jitem(arr, ok);
        plan_jstr(it, "scheme_id", jstr(x, "scheme_id"), ok);
        plan_jstr(it, "place", jstr(x, "place"), ok);
        plan_jnum(it, "start_year", jnum(x, "start_year"), ok);
        plan_jnum(it, "cost_gbp", jnum(x, "cost_gbp"), ok);
    }
    return arr;
}

static cJSON *schemes_moved(const side *a, const side *b, int *ok)
{
    cJSON *arr = cJSON_CreateArray(), *it;
    const cJSON *x, *y;

    if (!arr)
        *ok = 0;
    cJSON_ArrayForEach(x, jget(a->opt, "schemes"))
    {
        y = find_scheme(b, jstr(x, "scheme_id"));
        if (!arr || !y || jnum(x, "start_year") == jnum(y, "start_year"))
            continue;
        it = plan_jitem(arr, ok);
        plan_jstr(it, "scheme_id", jstr(x, "scheme_id"), ok);
        plan_jnum(it, "from", jnum(x, "start_year"), ok);
        plan_jnum(it, "to", jnum(y, "start_year"), ok);
    }
    return arr;
}

/* {kind (when not NULL), a, b, diff} of two figures. */
static cJSON *pair(const char *kind, double a, double b, int decimals, int *ok)
{
    cJSON *o = cJSON_CreateObject();

    if (!o)
        *ok = 0;
    if (kind)
        plan_jstr(o, "kind", kind, ok);
    plan_jnum(o, "a", plan_round(a, decimals), ok);
    plan_jnum(o, "b", plan_round(b, decimals), ok);
    plan_jnum(o, "diff", plan_round(b - a, decimals), ok);
    return o;
}

/* Spend by kind of fund, in the kinds' order of A then those only B has. */
static cJSON *funding(const side *a, const side *b, int *ok)
{
    cJSON *arr = cJSON_CreateArray(), *it;
    const side *sd[2] = {a, b};
    const cJSON *x, *y;

    if (!arr)
        *ok = 0;
    for (int s = 0; arr && s < 2; s++)
        cJSON_ArrayForEach(x, jget(sd[s]->opt, "spend_by_kind"))
        {
            const char *kind = jstr(x, "kind");
            double v[2] = {0, 0};
            int seen = 0;

            if (!kind)
                continue;
            if (s == 1)
                cJSON_ArrayForEach(y, jget(a->opt, "spend_by_kind"))
                {
                    seen |= jstr(y, "kind") && !strcmp(jstr(y, "kind"), kind);
                }
            if (seen)
                continue;
            for (int t = 0; t < 2; t++)
                cJSON_ArrayForEach(y, jget(sd[t]->opt, "spend_by_kind"))
                {
                    if (jstr(y, "kind") && !strcmp(jstr(y, "kind"), kind))
                        v[t] = jnum(y, "total_gbp");
                }
            it = pair(kind, v[0], v[1], 2, ok);
            if (!cJSON_AddItemToArray(arr, it)) {
                cJSON_Delete(it);
                *ok = 0;
            }
        }
    return arr;
}

static void side_json(cJSON *arr, const side *s, int *ok)
{
    cJSON *it = plan_jitem(arr, ok);

    plan_jstr(it, "programme_id", s->id, ok);
    plan_jstr(it, "run_id", s->run_id, ok);
    plan_jstr(it, "status", s->status, ok);
    plan_jstr(it, "status_words", s->words, ok);
    plan_jstr(it, "status_text", s->status_text, ok);
    plan_jstr(it, "solver", s->solver, ok);
    plan_jnum(it, "budget_factor", s->budget_factor, ok);
    plan_jnum(it, "objective", s->objective, ok);
    plan_jnum(it, "cost_gbp", s->cost, ok);
    plan_jnum(it, "spent_gbp", plan_round(s->spent, 2), ok);
    plan_jnum(it, "schemes", s->schemes, ok);
    plan_jnum(it, "gap_closed_room_years", plan_round(s->closed, 3), ok);
    plan_jnum(it, "unmet_weighted_room_years", s->unmet, ok);
    plan_jnum(it, "remaining_gap_end", plan_round(s->end_gap, 3), ok);
}

static cJSON *compare_tree(const side *a, const side *b)
{
    cJSON *root = cJSON_CreateObject(), *arr;
    int ok = root != NULL;

    plan_jstr(root, "a", a->id, &ok);
    plan_jstr(root, "b", b->id, &ok);
    arr = plan_jarr(root, "programmes", &ok);
    side_json(arr, a, &ok);
    side_json(arr, b, &ok);
    plan_jadd(root, "added", schemes_only(b, a, &ok), &ok);
    plan_jadd(root, "dropped", schemes_only(a, b, &ok), &ok);
    plan_jadd(root, "moved", schemes_moved(a, b, &ok), &ok);
    plan_jadd(root, "funding", funding(a, b, &ok), &ok);
    plan_jadd(root, "total_cost", pair(NULL, a->cost, b->cost, 2, &ok), &ok);
    plan_jadd(root, "gap_closed", pair(NULL, a->closed, b->closed, 3, &ok),
              &ok);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* --- the table ------------------------------------------------------------ */

/* One row of the two programmes: label, A, B and (when not NULL) B-A. */
static pc_status side_row(pc_buf *out, const char *label, const char *a,
                          const char *b, const char *d)
{
    char cl[4 * 26 + 1], ca[4 * 24 + 1], cb[4 * 24 + 1];

    pc_fmt_cell(cl, sizeof cl, label, 26);
    pc_fmt_cell(ca, sizeof ca, a ? a : "-", 24);
    if (!d)
        return pc_buf_printf(out, "%s %s %s\n", cl, ca, b ? b : "-");
    pc_fmt_cell(cb, sizeof cb, b ? b : "-", 24);
    return pc_buf_printf(out, "%s %s %s %s\n", cl, ca, cb, d);
}

/* A difference in whole pounds, grouped, signed when not nothing. */
static void signed_money(char *buf, size_t n, double v)
{
    buf[0] = v >= 0.5 ? '+' : '\0';
    pc_fmt_grouped(buf + (buf[0] != '\0'), n - 1, v, 0);
}

/* A row of figures: A, B and B-A with decimals (money grouped). */
static pc_status num_row(pc_buf *out, const char *label, double a, double b,
                         int decimals, int money)
{
    char ca[48], cb[48], cd[48];

    if (money) {
        pc_fmt_grouped(ca, sizeof ca, a, 0);
        pc_fmt_grouped(cb, sizeof cb, b, 0);
        signed_money(cd, sizeof cd, b - a);
    } else {
        snprintf(ca, sizeof ca, "%.*f", decimals, a);
        snprintf(cb, sizeof cb, "%.*f", decimals, b);
        snprintf(cd, sizeof cd, "%+.*f", decimals, b - a);
    }
    return side_row(out, label, ca, cb, cd);
}

static pc_status table_sides(const side *a, const side *b, pc_buf *out)
{
    pc_status rc = pc_buf_printf(out, "Programme A %s, B %s\n\n", a->id, b->id);

    if (rc == PC_OK)
        rc = side_row(out, "", "A", "B", "B-A");
    if (rc == PC_OK)
        rc = side_row(out, "run", a->run_id, b->run_id, NULL);
    if (rc == PC_OK)
        rc = side_row(out, "status", a->words, b->words, NULL);
    if (rc == PC_OK)
        rc = side_row(out, "solver", a->solver, b->solver, NULL);
    if (rc == PC_OK)
        rc = num_row(out, "budget factor", a->budget_factor, b->budget_factor,
                     2, 0);
    if (rc == PC_OK)
        rc = num_row(out, "schemes chosen", a->schemes, b->schemes, 0, 0);
    if (rc == PC_OK)
        rc = num_row(out, "cost £", a->cost, b->cost, 0, 1);
    if (rc == PC_OK)
        rc = num_row(out, "spent £", a->spent, b->spent, 0, 1);
    if (rc == PC_OK)
        rc =
            num_row(out, "gap closed (room-years)", a->closed, b->closed, 1, 0);
    if (rc == PC_OK)
        rc = num_row(out, "rooms short at the end", a->end_gap, b->end_gap, 1,
                     0);
    if (rc == PC_OK)
        rc = num_row(out, "objective", a->objective, b->objective, 4, 0);
    return rc;
}

static pc_status table_schemes(const cJSON *tree, pc_buf *out)
{
    static const char *const keys[] = {"added", "dropped"};
    static const char *const heads[] = {"Schemes in B only (added)",
                                        "Schemes in A only (dropped)"};
    const cJSON *x;
    pc_status rc = PC_OK;
    char cost[48];

    for (int k = 0; rc == PC_OK && k < 2; k++) {
        const cJSON *arr = jget(tree, keys[k]);

        rc = pc_buf_printf(out, "\n%s:%s\n", heads[k],
                           cJSON_GetArraySize(arr) ? "" : " none");
        cJSON_ArrayForEach(x, arr)
        {
            pc_fmt_grouped(cost, sizeof cost, jnum(x, "cost_gbp"), 0);
            if (rc == PC_OK)
                rc = pc_buf_printf(out, "  %-10s %-20s start %d, £%s\n",
                                   jstr(x, "scheme_id"), jstr(x, "place"),
                                   (int)jnum(x, "start_year"), cost);
        }
    }
    x = jget(tree, "moved");
    if (rc == PC_OK)
        rc = pc_buf_printf(out, "\nSchemes starting in another year:%s\n",
                           cJSON_GetArraySize(x) ? "" : " none");
    cJSON_ArrayForEach(x, jget(tree, "moved"))
    {
        if (rc == PC_OK)
            rc = pc_buf_printf(out, "  %-10s %d in A, %d in B\n",
                               jstr(x, "scheme_id"), (int)jnum(x, "from"),
                               (int)jnum(x, "to"));
    }
    return rc;
}

static pc_status table_funding(const cJSON *tree, pc_buf *out)
{
    const cJSON *x;
    char a[48], b[48], d[48];
    pc_status rc = pc_buf_printf(out,
                                 "\nSpend by kind of fund (£):\n"
                                 "%-10s %14s %14s %14s\n",
                                 "kind", "A", "B", "B-A");

    cJSON_ArrayForEach(x, jget(tree, "funding"))
    {
        pc_fmt_grouped(a, sizeof a, jnum(x, "a"), 0);
        pc_fmt_grouped(b, sizeof b, jnum(x, "b"), 0);
        signed_money(d, sizeof d, jnum(x, "diff"));
        if (rc == PC_OK)
            rc = pc_buf_printf(out, "%-10s %14s %14s %14s\n", jstr(x, "kind"),
                               a, b, d);
    }
    if (rc == PC_OK)
        rc = pc_buf_puts(out, "\ngap closed: rooms short without the "
                              "programme less rooms short with it, summed "
                              "over\nplaces and years; B-A: programme B "
                              "minus programme A.\n");
    return rc;
}

pc_status plan_programme_compare(const char *id_a, const char *json_a,
                                 const char *id_b, const char *json_b,
                                 int as_json, pc_buf *out, pc_error *err)
{
    cJSON *da = cJSON_Parse(json_a), *db = cJSON_Parse(json_b), *tree = NULL;
    side a, b;
    pc_status rc;

    if ((rc = side_read(&a, id_a, da, err)) ||
        (rc = side_read(&b, id_b, db, err)))
        goto done;
    if (!(tree = compare_tree(&a, &b))) {
        rc = PC_FAIL(err, PC_ERR_NOMEM, "out of memory comparing programmes");
        goto done;
    }
    if (as_json) {
        rc = plan_json_out(tree, 1, out, err);
        tree = NULL; /* plan_json_out frees it */
        goto done;
    }
    if ((rc = table_sides(&a, &b, out)) || (rc = table_schemes(tree, out)) ||
        (rc = table_funding(tree, out)))
        rc = PC_FAIL(err, rc, "formatting the comparison");
done:
    cJSON_Delete(tree);
    cJSON_Delete(da);
    cJSON_Delete(db);
    return rc;
}

/* --- runs or programmes ------------------------------------------------- */

/* Whether id names a stored programme: 1 with its id and JSON (free), 0
 * when it names none (or is not an id at all), -1 on a store failure. */
static int lookup_programme(ds_store *st, const char *id, char **full,
                            char **json, pc_error *err)
{
    pc_error e = {0};
    pc_status rc = ds_store_programme_get(st, id, full, json, &e);

    if (rc == PC_OK)
        return 1;
    if (rc == PC_ERR_NOTFOUND || rc == PC_ERR_INPUT)
        return 0;
    *err = e;
    return -1;
}

pc_status plan_compare_any(ds_store *st, const char *a, const char *b,
                           int as_json, pc_buf *out, plan_compare_kind *kind,
                           pc_error *err)
{
    char *ida = NULL, *ja = NULL, *idb = NULL, *jb = NULL;
    int pa, pb;
    pc_status rc;

    if ((pa = lookup_programme(st, a, &ida, &ja, err)) < 0 ||
        (pb = lookup_programme(st, b, &idb, &jb, err)) < 0) {
        rc = err->code;
        goto done;
    }
    if (pa && pb) {
        *kind = PLAN_COMPARE_PROGRAMMES;
        rc = plan_programme_compare(ida, ja, idb, jb, as_json, out, err);
    } else if (pa || pb) {
        const char *run = pa ? b : a, *pg = pa ? ida : idb;
        char *rid = NULL, *rj = NULL;

        /* the other must be a run: else its own error says what it is */
        rc = ds_store_run_get(st, run, &rid, &rj, err);
        if (rc == PC_OK)
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "%s is a programme and %s a run: compare takes two "
                         "runs or two programmes",
                         pg, rid);
        else if (rc == PC_ERR_NOTFOUND)
            rc = PC_FAIL(err, PC_ERR_NOTFOUND,
                         "no stored run or programme \"%s\" to compare with "
                         "programme %s",
                         run, pg);
        free(rid);
        free(rj);
    } else {
        *kind = PLAN_COMPARE_RUNS;
        rc = plan_compare_stored(st, a, b, as_json, out, err);
    }
done:
    free(ida);
    free(ja);
    free(idb);
    free(jb);
    return rc;
}
