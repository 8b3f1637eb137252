/* plan_backtest_out.c: a backtest (plan_backtest.h) as JSON (a cJSON tree
 * or its text) and as a table: the error measures of the model against
 * the trend alone and the naive forecast at practice, PCN and place level,
 * the system and the places, and every practice set aside with why.
 * Patients carry 1 decimal and percentages 4 in JSON. */
#include "plan_backtest.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The notes every view carries: what the figures are and their limits. */
static const char *const timing_note =
    "the lists at the from date are projected by the projection's own "
    "rules with its base year moved to the from date's year: row t is the "
    "from date + t years with the ONS figure of that year; the to date "
    "lies (days / 365.25) years on, read linearly between the rows either "
    "side";
static const char *const closed_note =
    "a dataset holds only the practices with a list at its latest date, so "
    "practices that closed before it are not in it: the patients they "
    "passed on count as growth of the practices that took them";
static const char *const level_note =
    "PCN, place and system figures are sums of the practices used, so "
    "every level measures the same patients; practices set aside are in "
    "no measure";

/* The housing sentence for people. */
static void housing_note(const plan_backtest *b, char *out, size_t n)
{
    char h[64];

    if (b->sites_completing == 0) {
        snprintf(out, n,
                 "Housing completions between the dates: none known in the "
                 "dataset (the housing-led part is zero, so the model "
                 "counts the ONS trend)");
        return;
    }
    pc_fmt_grouped(h, sizeof h, b->homes, 0);
    snprintf(out, n,
             "Housing completions between the dates: %s homes on %zu "
             "site%s, from the sites' trajectories",
             h, b->sites_completing, b->sites_completing > 1 ? "s" : "");
}

/* --- JSON ---------------------------------------------------------------- */

static cJSON *measures_json(const plan_bt_measures *m, int *ok)
{
    cJSON *o = cJSON_CreateObject();

    if (!o) {
        *ok = 0;
        return NULL;
    }
    plan_jnum(o, "n", (double)m->n, ok);
    plan_jnum_or_null(o, "mape", plan_round(m->mape, 4), ok);
    plan_jnum_or_null(o, "median_ape", plan_round(m->median_ape, 4), ok);
    plan_jnum_or_null(o, "bias", plan_round(m->bias, 4), ok);
    return o;
}

static cJSON *level_json(const plan_bt_level *l, int *ok)
{
    cJSON *o = cJSON_CreateObject();

    if (!o) {
        *ok = 0;
        return NULL;
    }
    plan_jadd(o, "model", measures_json(&l->model, ok), ok);
    plan_jadd(o, "trend", measures_json(&l->trend, ok), ok);
    plan_jadd(o, "naive", measures_json(&l->naive, ok), ok);
    return o;
}

static void row_json(cJSON *o, const plan_bt_row *w, int practice, int *ok)
{
    plan_jstr(o, "code", w->code, ok);
    plan_jstr(o, "name", w->name, ok);
    if (practice)
        plan_jstr(o, "pcn", w->pcn, ok);
    plan_jstr(o, "place", w->place, ok);
    plan_jnum_or_null(o, "from", plan_round(w->from_list, 1), ok);
    plan_jnum_or_null(o, "actual", plan_round(w->actual, 1), ok);
    plan_jnum_or_null(o, "model", plan_round(w->model, 1), ok);
    plan_jnum_or_null(o, "trend", plan_round(w->trend, 1), ok);
    plan_jnum_or_null(o, "naive", plan_round(w->naive, 1), ok);
    if (practice) {
        plan_jstr(o, "status", plan_bt_status_name(w->status), ok);
        plan_jstr(o, "reason", w->reason, ok);
    } else {
        plan_jnum(o, "practices", (double)w->practices, ok);
        if (w->within)
            plan_jadd(o, "within", level_json(w->within, ok), ok);
        else
            plan_jstr(o, "within", NULL, ok);
    }
}

static void rows_json(cJSON *root, const char *k, const plan_bt_row *rows,
                      size_t n, int practice, int *ok)
{
    cJSON *arr = plan_jarr(root, k, ok);

    for (size_t i = 0; arr && i < n; i++) {
        cJSON *o = plan_jitem(arr, ok);

        if (o)
            row_json(o, &rows[i], practice, ok);
    }
}

pc_status plan_backtest_cjson(const plan_backtest *b, cJSON **out,
                              pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *o;
    char housing[256];
    int ok = root != NULL;

    housing_note(b, housing, sizeof housing);
    plan_jstr(root, "format", "pcplan-backtest/1", &ok);
    plan_jstr(root, "dataset", b->dataset, &ok);
    plan_jstr(root, "from", b->from, &ok);
    plan_jstr(root, "to", b->to, &ok);
    plan_jnum(root, "years", plan_round(b->years, 6), &ok);
    plan_jstrings(root, "dates", b->dates, b->ndates, &ok);
    if ((o = cJSON_AddObjectToObject(root, "model"))) {
        plan_jstr(o, "growth", "max", &ok);
        plan_jstr(o, "allocation", "huff", &ok);
        plan_jstr(o, "assumptions", "the register's defaults", &ok);
        plan_jstr(o, "timing", timing_note, &ok);
    } else {
        ok = 0;
    }
    if ((o = cJSON_AddObjectToObject(root, "housing"))) {
        plan_jnum(o, "homes", plan_round(b->homes, 1), &ok);
        plan_jnum(o, "sites", (double)b->sites_completing, &ok);
        plan_jstr(o, "note", housing, &ok);
    } else {
        ok = 0;
    }
    plan_jnum(root, "merge_ratio", b->merge_ratio, &ok);
    if ((o = cJSON_AddObjectToObject(root, "counts"))) {
        plan_jnum(o, "practices", (double)b->npractices, &ok);
        plan_jnum(o, "used", (double)b->nused, &ok);
        plan_jnum(o, "joined", (double)b->njoined, &ok);
        plan_jnum(o, "set_aside", (double)b->nset_aside, &ok);
    } else {
        ok = 0;
    }
    if ((o = cJSON_AddObjectToObject(root, "measures"))) {
        plan_jadd(o, "practice", level_json(&b->practice_level, &ok), &ok);
        plan_jadd(o, "pcn", level_json(&b->pcn_level, &ok), &ok);
        plan_jadd(o, "place", level_json(&b->place_level, &ok), &ok);
    } else {
        ok = 0;
    }
    if ((o = cJSON_AddObjectToObject(root, "system")))
        row_json(o, &b->system, 0, &ok);
    else
        ok = 0;
    rows_json(root, "places", b->places, b->nplaces, 0, &ok);
    rows_json(root, "pcns", b->pcns, b->npcns, 0, &ok);
    rows_json(root, "practices", b->practices, b->npractices, 1, &ok);
    {
        const char *notes[] = {timing_note, level_note, closed_note};

        plan_jstrings(root, "notes", notes, 3, &ok);
    }
    plan_jstrings(root, "warnings", b->warnings.items, b->warnings.count, &ok);
    if (!ok) {
        cJSON_Delete(root);
        return PC_NOMEM(err);
    }
    *out = root;
    return PC_OK;
}

pc_status plan_backtest_json(const plan_backtest *b, pc_buf *out, pc_error *err)
{
    cJSON *root = NULL;
    pc_status rc = plan_backtest_cjson(b, &root, err);

    if (rc)
        return rc;
    return plan_json_out(root, 1, out, err);
}

/* --- the table ----------------------------------------------------------- */

static void pct(char *out, size_t n, double v, int sign)
{
    if (isnan(v))
        snprintf(out, n, "-");
    else
        snprintf(out, n, sign ? "%+.2f" : "%.2f", v);
}

static int level_table(pc_buf *o, const char *name, const plan_bt_level *l)
{
    const plan_bt_measures *m[3] = {&l->model, &l->trend, &l->naive};
    const char *f[3] = {"model", "trend", "naive"};
    int bad = 0;

    for (int i = 0; i < 3; i++) {
        char a[32], b[32], c[32];

        pct(a, sizeof a, m[i]->mape, 0);
        pct(b, sizeof b, m[i]->median_ape, 0);
        pct(c, sizeof c, m[i]->bias, 1);
        if (i == 0)
            bad |= pc_buf_printf(o, "%-9s %5zu", name, m[i]->n) != PC_OK;
        else
            bad |= pc_buf_printf(o, "%-9s %5s", "", "") != PC_OK;
        bad |=
            pc_buf_printf(o, "  %-8s %7s %11s %8s\n", f[i], a, b, c) != PC_OK;
    }
    return bad;
}

static int area_line(pc_buf *o, const char *label, int lw, const plan_bt_row *w)
{
    char n[5][32], e[3][32], lb[4 * 256 + 1];
    double v[5] = {w->from_list, w->actual, w->model, w->trend, w->naive};

    for (int i = 0; i < 5; i++)
        pc_fmt_grouped(n[i], sizeof n[i], v[i], 0);
    pct(e[0], sizeof e[0], (w->model - w->actual) / w->actual * 100, 1);
    pct(e[1], sizeof e[1], (w->trend - w->actual) / w->actual * 100, 1);
    pct(e[2], sizeof e[2], (w->naive - w->actual) / w->actual * 100, 1);
    pc_fmt_cell(lb, sizeof lb, label, lw);
    return pc_buf_printf(o, "%s %10s %10s %10s %10s %10s %8s %8s %8s\n", lb,
                         n[0], n[1], n[2], n[3], n[4], e[0], e[1],
                         e[2]) != PC_OK;
}

static int set_aside_lines(pc_buf *o, const plan_backtest *b)
{
    int bad =
        pc_buf_printf(o, "\nPractices set aside (%zu) or joined (%zu)%s\n",
                      b->nset_aside, b->njoined,
                      b->nset_aside + b->njoined ? ":" : ": none") != PC_OK;

    for (size_t i = 0; i < b->npractices; i++) {
        const plan_bt_row *w = &b->practices[i];
        char f[32], t[32];

        if (w->status == PLAN_BT_USED)
            continue;
        if (isnan(w->from_list))
            snprintf(f, sizeof f, "-");
        else
            pc_fmt_grouped(f, sizeof f, w->from_list, 0);
        if (isnan(w->actual))
            snprintf(t, sizeof t, "-");
        else
            pc_fmt_grouped(t, sizeof t, w->actual, 0);
        bad |= pc_buf_printf(o, "  %s %s (%s): %s -> %s: %s\n", w->code,
                             w->name, plan_bt_status_name(w->status), f, t,
                             w->reason ? w->reason : "") != PC_OK;
    }
    return bad;
}

pc_status plan_backtest_table(const plan_backtest *b, pc_buf *o, pc_error *err)
{
    char housing[256];
    int bad, lw = 18;

    housing_note(b, housing, sizeof housing);
    bad = pc_buf_printf(o,
                        "Backtest: %s, lists at %s projected to %s (%.2f "
                        "years)\n",
                        b->dataset, b->from, b->to, b->years) != PC_OK;
    bad |= pc_buf_printf(o,
                         "Model: growth max (per LAD the larger of the "
                         "housing-led and the ONS trend growth), allocation "
                         "huff, the register's assumptions\n"
                         "Against: trend (the ONS trend alone) and naive "
                         "(no growth: the list at %s)\n",
                         b->from) != PC_OK;
    bad |= pc_buf_printf(o, "%s\n", housing) != PC_OK;
    bad |= pc_buf_printf(o,
                         "Practices: %zu in the dataset: %zu used, %zu "
                         "joined, %zu set aside\n\n",
                         b->npractices, b->nused, b->njoined,
                         b->nset_aside) != PC_OK;
    bad |= pc_buf_puts(o, "Error in % of the actual list at the to date "
                          "(APE: absolute percentage error; bias: mean "
                          "signed error, + = forecast too high)\n") != PC_OK;
    bad |= pc_buf_puts(o, "level     areas  forecast    MAPE  median APE "
                          "    bias\n") != PC_OK;
    bad |= level_table(o, "practice", &b->practice_level);
    bad |= level_table(o, "PCN", &b->pcn_level);
    bad |= level_table(o, "place", &b->place_level);
    for (size_t i = 0; i < b->nplaces; i++)
        pc_fmt_widen(&lw, o->wide, b->places[i].name);
    bad |= pc_buf_printf(o, "\n%-*s %10s %10s %10s %10s %10s %8s %8s %8s\n", lw,
                         "area", b->from, b->to, "model", "trend", "naive",
                         "model %", "trend %", "naive %") != PC_OK;
    bad |= area_line(o, "System", lw, &b->system);
    for (size_t i = 0; i < b->nplaces; i++)
        bad |= area_line(o, b->places[i].name, lw, &b->places[i]);
    bad |= set_aside_lines(o, b);
    bad |= pc_buf_printf(o, "\nNotes:\n  %s.\n  %s.\n  %s.\n", timing_note,
                         level_note, closed_note) != PC_OK;
    for (size_t i = 0; i < b->warnings.count; i++)
        bad |= pc_buf_printf(o, "warning: %s\n", b->warnings.items[i]) != PC_OK;
    if (bad)
        return PC_FAIL(err, PC_ERR_NOMEM,
                       "the backtest table is larger than its cap");
    return PC_OK;
}
