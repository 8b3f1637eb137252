/* plan_compare.c: two stored runs side by side (see plan_compare.h).
 *
 * It works on the runs' JSON as stored, so it compares runs made on
 * different datasets, or by an older pcplan, as long as they share the
 * run format: areas are matched by name and years by year. */
#include "plan_compare.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = {"patients",     "new_patients",
                                     "growth_rooms", "required_rooms",
                                     "rooms",        "gap"};
#define NFIELDS (sizeof fields / sizeof *fields)

static pc_status parse(const char *text, const char *id, cJSON **out,
                       pc_error *err)
{
    cJSON *j = cJSON_Parse(text);

    if (!j || !cJSON_IsObject(j) ||
        !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "places")) ||
        !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "system"))) {
        cJSON_Delete(j);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "run %s: the stored result is not a projection run (it "
                       "has no places and system)",
                       id);
    }
    *out = j;
    return PC_OK;
}

/* A value for the inputs table as text: strings as they are, numbers with
 * %.15g, null as "-". */
static void value_text(const cJSON *v, char *buf, size_t n)
{
    if (cJSON_IsString(v))
        snprintf(buf, n, "%s", v->valuestring);
    else if (cJSON_IsNumber(v))
        snprintf(buf, n, "%.15g", v->valuedouble);
    else if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        char *p = cJSON_PrintUnformatted(v);

        snprintf(buf, n, "%s", p ? p : "?");
        cJSON_free(p);
    } else
        snprintf(buf, n, "-");
}

static const cJSON *year_of(const cJSON *area, int year)
{
    const cJSON *y;

    cJSON_ArrayForEach(y, cJSON_GetObjectItemCaseSensitive(area, "years"))
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(y, "year");

        if (cJSON_IsNumber(v) && v->valueint == year)
            return y;
    }
    return NULL;
}

static const cJSON *place_of(const cJSON *run, const char *name)
{
    const cJSON *p;

    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(run, "places"))
    {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "name");

        if (cJSON_IsString(n) && !strcmp(n->valuestring, name))
            return p;
    }
    return NULL;
}

static double num(const cJSON *y, const char *k)
{
    const cJSON *v = y ? cJSON_GetObjectItemCaseSensitive(y, k) : NULL;

    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* The differing inputs as {key, a, b}. */
static int add_inputs(cJSON *arr, const cJSON *a, const cJSON *b)
{
    static const char *const keys[] = {
        "dataset",     "scenario",           "preset",        "method",
        "growth",      "allocation",         "base_year",     "years",
        "list_date",   "rooms_per_patient",  "rooms_counted", "delivery",
        "monte_carlo", "scenario_definition"};
    const cJSON *as = cJSON_GetObjectItemCaseSensitive(a, "assumptions"),
                *bs = cJSON_GetObjectItemCaseSensitive(b, "assumptions"), *x;

    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const cJSON *va = cJSON_GetObjectItemCaseSensitive(a, keys[i]),
                    *vb = cJSON_GetObjectItemCaseSensitive(b, keys[i]);
        cJSON *o;

        if (cJSON_Compare(va, vb, 1) || (!va && !vb))
            continue;
        o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            return 0;
        }
        if (!cJSON_AddStringToObject(o, "key", keys[i]) ||
            !cJSON_AddItemToObject(
                o, "a", va ? cJSON_Duplicate(va, 1) : cJSON_CreateNull()) ||
            !cJSON_AddItemToObject(
                o, "b", vb ? cJSON_Duplicate(vb, 1) : cJSON_CreateNull()))
            return 0;
    }
    /* assumptions: every id both runs used whose value differs */
    cJSON_ArrayForEach(x, as)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(x, "id"), *y;
        const cJSON *other = NULL;
        double va, vb;
        char key[160];
        cJSON *o;

        if (!cJSON_IsString(id))
            continue;
        cJSON_ArrayForEach(y, bs)
        {
            const cJSON *yid = cJSON_GetObjectItemCaseSensitive(y, "id");

            if (cJSON_IsString(yid) &&
                !strcmp(yid->valuestring, id->valuestring))
                other = y;
        }
        va = num(x, "value");
        vb = num(other, "value");
        if (!other || va == vb)
            continue; /* used by one run only, or the same */
        snprintf(key, sizeof key, "assumptions.%s", id->valuestring);
        o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            return 0;
        }
        if (!cJSON_AddStringToObject(o, "key", key) ||
            !cJSON_AddNumberToObject(o, "a", va) ||
            !cJSON_AddNumberToObject(o, "b", vb))
            return 0;
    }
    return 1;
}

static cJSON *side(const cJSON *y)
{
    cJSON *o;

    if (!y)
        return cJSON_CreateNull();
    o = cJSON_CreateObject();
    for (size_t f = 0; o && f < NFIELDS; f++) {
        double v = num(y, fields[f]);

        if (!(isnan(v) ? cJSON_AddNullToObject(o, fields[f])
                       : cJSON_AddNumberToObject(o, fields[f], v))) {
            cJSON_Delete(o);
            return NULL;
        }
    }
    return o;
}

/* One area's years: [{year, a {...}, b {...}, diff {...}}] over the years
 * of either run. */
static cJSON *area_diff(const char *name, const cJSON *a, const cJSON *b)
{
    cJSON *o = cJSON_CreateObject(), *years;
    int lo = 1 << 30, hi = -(1 << 30);

    for (int k = 0; k < 2; k++) {
        const cJSON *y;

        cJSON_ArrayForEach(
            y, cJSON_GetObjectItemCaseSensitive((k ? b : a), "years"))
        {
            double v = num(y, "year");

            if (!isnan(v)) {
                lo = (int)v < lo ? (int)v : lo;
                hi = (int)v > hi ? (int)v : hi;
            }
        }
    }
    if (!o || !cJSON_AddStringToObject(o, "name", name) ||
        !(years = cJSON_AddArrayToObject(o, "years"))) {
        cJSON_Delete(o);
        return NULL;
    }
    for (int year = lo; year <= hi; year++) {
        const cJSON *ya = a ? year_of(a, year) : NULL,
                    *yb = b ? year_of(b, year) : NULL;
        cJSON *e = cJSON_CreateObject(), *d;

        if (!e || !cJSON_AddItemToArray(years, e)) {
            cJSON_Delete(e);
            cJSON_Delete(o);
            return NULL;
        }
        if (!cJSON_AddNumberToObject(e, "year", year) ||
            !cJSON_AddItemToObject(e, "a", side(ya)) ||
            !cJSON_AddItemToObject(e, "b", side(yb))) {
            cJSON_Delete(o);
            return NULL;
        }
        if (!ya || !yb) {
            if (!cJSON_AddNullToObject(e, "diff")) {
                cJSON_Delete(o);
                return NULL;
            }
            continue;
        }
        d = cJSON_AddObjectToObject(e, "diff");
        for (size_t f = 0; d && f < NFIELDS; f++)
            if (!cJSON_AddNumberToObject(
                    d, fields[f],
                    plan_round(num(yb, fields[f]) - num(ya, fields[f]), 2)))
                d = NULL;
        if (!d) {
            cJSON_Delete(o);
            return NULL;
        }
    }
    return o;
}

static cJSON *compare(const cJSON *a, const cJSON *b, const char *ida,
                      const char *idb)
{
    cJSON *root = cJSON_CreateObject(), *inputs, *places, *sys;
    const cJSON *p;
    const cJSON *sa = cJSON_GetObjectItemCaseSensitive(a, "system"),
                *sb = cJSON_GetObjectItemCaseSensitive(b, "system");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(sa, "name");

    if (!root || !cJSON_AddStringToObject(root, "a", ida) ||
        !cJSON_AddStringToObject(root, "b", idb) ||
        !(inputs = cJSON_AddArrayToObject(root, "inputs")) ||
        !add_inputs(inputs, a, b))
        goto fail;
    sys =
        area_diff(cJSON_IsString(name) ? name->valuestring : "system", sa, sb);
    if (!sys || !cJSON_AddItemToObject(root, "system", sys) ||
        !(places = cJSON_AddArrayToObject(root, "places")))
        goto fail;
    /* the places of a, then those only b has */
    for (int k = 0; k < 2; k++)
        cJSON_ArrayForEach(
            p, cJSON_GetObjectItemCaseSensitive(k ? b : a, "places"))
        {
            const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "name");
            cJSON *d;

            if (!cJSON_IsString(n) || (k && place_of(a, n->valuestring)))
                continue;
            d = area_diff(n->valuestring, k ? NULL : p,
                          k ? p : place_of(b, n->valuestring));
            if (!d || !cJSON_AddItemToArray(places, d)) {
                cJSON_Delete(d);
                goto fail;
            }
        }
    return root;
fail:
    cJSON_Delete(root);
    return NULL;
}

static void cell(char *buf, size_t n, const cJSON *side_obj, const char *k,
                 int prec, int sign)
{
    double v = num(side_obj, k);

    if (isnan(v)) {
        snprintf(buf, n, "-");
        return;
    }
    if (prec == 0) {
        char t[24];

        pc_fmt_thousands(t, sizeof t, llround(v));
        snprintf(buf, n, "%s%s", sign && v > 0 ? "+" : "", t);
        return;
    }
    pc_fmt_num(buf, n, v, prec);
    if (sign && v > 0 && strlen(buf) + 2 < n) {
        memmove(buf + 1, buf, strlen(buf) + 1);
        buf[0] = '+';
    }
}

static pc_status table_area(const cJSON *area, pc_buf *out)
{
    const cJSON *y;
    pc_status rc;
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(area, "name");

    rc = pc_buf_printf(out,
                       "\n%s\n  %4s %10s %10s %9s  %7s %7s %7s  %8s %8s "
                       "%7s\n",
                       n->valuestring, "year", "patients A", "B", "B-A",
                       "growth A", "B", "B-A", "gap A", "B", "B-A");
    cJSON_ArrayForEach(y, cJSON_GetObjectItemCaseSensitive(area, "years"))
    {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(y, "a"),
                    *b = cJSON_GetObjectItemCaseSensitive(y, "b"),
                    *d = cJSON_GetObjectItemCaseSensitive(y, "diff");
        char c[9][32];

        cell(c[0], sizeof c[0], a, "patients", 0, 0);
        cell(c[1], sizeof c[1], b, "patients", 0, 0);
        cell(c[2], sizeof c[2], d, "patients", 0, 1);
        cell(c[3], sizeof c[3], a, "growth_rooms", 1, 0);
        cell(c[4], sizeof c[4], b, "growth_rooms", 1, 0);
        cell(c[5], sizeof c[5], d, "growth_rooms", 1, 1);
        cell(c[6], sizeof c[6], a, "gap", 1, 0);
        cell(c[7], sizeof c[7], b, "gap", 1, 0);
        cell(c[8], sizeof c[8], d, "gap", 1, 1);
        if (rc == PC_OK)
            rc = pc_buf_printf(out,
                               "  %4d %10s %10s %9s  %8s %7s %7s  %8s %8s "
                               "%7s\n",
                               (int)num(y, "year"), c[0], c[1], c[2], c[3],
                               c[4], c[5], c[6], c[7], c[8]);
    }
    return rc;
}

pc_status plan_compare(const char *id_a, const char *json_a, const char *id_b,
                       const char *json_b, int as_json, pc_buf *out,
                       pc_error *err)
{
    cJSON *a = NULL, *b = NULL, *c = NULL;
    const cJSON *x;
    pc_status rc;

    if ((rc = parse(json_a, id_a, &a, err)) ||
        (rc = parse(json_b, id_b, &b, err)))
        goto done;
    if (!(c = compare(a, b, id_a, id_b))) {
        rc = PC_FAIL(err, PC_ERR_NOMEM, "out of memory comparing runs");
        goto done;
    }
    if (as_json) {
        rc = plan_json_out(c, 1, out, err);
        c = NULL;
        goto done;
    }
    rc = pc_buf_printf(out, "Run A %s against run B %s\n", id_a, id_b);
    if (rc == PC_OK &&
        cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "inputs")) == 0)
        rc = pc_buf_puts(out, "Inputs: the same (as recorded in the runs)\n");
    else if (rc == PC_OK)
        rc = pc_buf_printf(out, "Inputs that differ:\n  %-40s %-20s %s\n",
                           "input", "A", "B");
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(c, "inputs"))
    {
        char va[128], vb[128];

        value_text(cJSON_GetObjectItemCaseSensitive(x, "a"), va, sizeof va);
        value_text(cJSON_GetObjectItemCaseSensitive(x, "b"), vb, sizeof vb);
        if (rc == PC_OK)
            rc = pc_buf_printf(
                out, "  %-40s %-20s %s\n",
                cJSON_GetObjectItemCaseSensitive(x, "key")->valuestring, va,
                vb);
    }
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(c, "places"))
    {
        if (rc == PC_OK)
            rc = table_area(x, out);
    }
    if (rc == PC_OK)
        rc = table_area(cJSON_GetObjectItemCaseSensitive(c, "system"), out);
    if (rc == PC_OK)
        rc = pc_buf_puts(out, "\ngrowth: growth rooms; gap: rooms needed "
                              "minus rooms in use (negative = spare);\n"
                              "B-A: run B minus run A.\n");
    if (rc != PC_OK)
        rc = PC_FAIL(err, rc, "formatting the comparison");
done:
    cJSON_Delete(c);
    cJSON_Delete(a);
    cJSON_Delete(b);
    return rc;
}

/* A string member, null for NULL. */
static int add_str(cJSON *o, const char *key, const char *v)
{
    return v ? cJSON_AddStringToObject(o, key, v) != NULL
             : cJSON_AddNullToObject(o, key) != NULL;
}

static pc_status runs_json(const ds_run_list *l, pc_buf *out, pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *arr = NULL;
    int ok = root && (arr = cJSON_AddArrayToObject(root, "runs"));

    for (size_t i = 0; ok && i < l->n; i++) {
        const ds_run_info *m = &l->v[i];
        cJSON *o = cJSON_CreateObject();

        ok = o && cJSON_AddItemToArray(arr, o);
        if (!ok) {
            cJSON_Delete(o);
            break;
        }
        ok = cJSON_AddStringToObject(o, "run_id", m->run_id) &&
             add_str(o, "label", m->label) &&
             add_str(o, "created", m->created) &&
             cJSON_AddStringToObject(o, "input_hash", m->input_hash) &&
             cJSON_AddStringToObject(o, "dataset", m->dataset) &&
             add_str(o, "scenario", m->scenario) &&
             add_str(o, "preset", m->preset) &&
             cJSON_AddStringToObject(o, "method", m->method) &&
             cJSON_AddStringToObject(o, "growth", m->growth) &&
             cJSON_AddStringToObject(o, "allocation", m->allocation) &&
             cJSON_AddNumberToObject(o, "base_year", m->base_year) &&
             cJSON_AddNumberToObject(o, "years", m->years) &&
             cJSON_AddNumberToObject(o, "draws", m->draws);
    }
    return plan_json_out(root, ok, out, err);
}

/* One run's row of the list, its name columns w[0..4) wide. */
static pc_status run_row(pc_buf *out, const ds_run_info *m, const int w[4])
{
    char span[32], methods[96], date[16], c[4][4 * 256 + 1];

    snprintf(span, sizeof span, "%d-%d", m->base_year, m->base_year + m->years);
    snprintf(methods, sizeof methods, "%s/%s/%s", m->method, m->growth,
             m->allocation);
    /* the day, UTC: "2026-04-01" of "2026-04-01T09:30:00Z" */
    snprintf(date, sizeof date, "%.10s", m->created ? m->created : "-");
    pc_fmt_cell(c[0], sizeof c[0], m->label ? m->label : "-", w[0]);
    pc_fmt_cell(c[1], sizeof c[1], m->scenario ? m->scenario : "-", w[1]);
    pc_fmt_cell(c[2], sizeof c[2], m->preset ? m->preset : "-", w[2]);
    pc_fmt_cell(c[3], sizeof c[3], methods, w[3]);
    return pc_buf_printf(out, "%-12s %-10s %s %s %s %s %9s %5d%s%s\n",
                         m->run_id, date, c[0], c[1], c[2], c[3], span,
                         m->draws, out->wide ? " " : "",
                         out->wide ? m->dataset : "");
}

pc_status plan_runs_list(const ds_run_list *l, int as_json, pc_buf *out,
                         pc_error *err)
{
    pc_status rc = PC_OK;

    if (as_json)
        return runs_json(l, out, err);
    if (l->n == 0)
        return pc_buf_puts(out, "No stored runs\n")
                   ? PC_FAIL(err, PC_ERR_NOMEM, "formatting runs")
                   : PC_OK;
    /* the name columns: cut to fit, or (wide) their longest */
    int w[4] = {16, 12, 10, 19};

    for (size_t i = 0; i < l->n; i++) {
        pc_fmt_widen(&w[0], out->wide, l->v[i].label);
        pc_fmt_widen(&w[1], out->wide, l->v[i].scenario);
        pc_fmt_widen(&w[2], out->wide, l->v[i].preset);
        if (out->wide) {
            const ds_run_info *m = &l->v[i];
            int n = (int)(strlen(m->method) + strlen(m->growth) +
                          strlen(m->allocation)) +
                    2;

            w[3] = n > w[3] ? n : w[3];
        }
    }
    rc = pc_buf_printf(out, "%-12s %-10s %-*s %-*s %-*s %-*s %9s %5s%s\n",
                       "run", "date", w[0], "label", w[1], "scenario", w[2],
                       "preset", w[3], "methods", "years", "draws",
                       out->wide ? " dataset" : "");
    for (size_t i = 0; rc == PC_OK && i < l->n; i++)
        rc = run_row(out, &l->v[i], w);
    return rc == PC_OK ? PC_OK : PC_FAIL(err, rc, "formatting runs");
}

pc_status plan_compare_stored(ds_store *st, const char *a, const char *b,
                              int as_json, pc_buf *out, pc_error *err)
{
    char *ida = NULL, *ja = NULL, *idb = NULL, *jb = NULL;
    pc_status rc;

    if ((rc = ds_store_run_get(st, a, &ida, &ja, err)) == PC_OK &&
        (rc = ds_store_run_get(st, b, &idb, &jb, err)) == PC_OK)
        rc = plan_compare(ida, ja, idb, jb, as_json, out, err);
    free(ida);
    free(ja);
    free(idb);
    free(jb);
    return rc;
}
