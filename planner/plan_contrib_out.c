/* plan_contrib_out.c: the views of the contributions ledger (see
 * plan_contrib.h): JSON as a cJSON tree (for the report document) or as
 * text, and tables for people. The figures are the ledger's
 * (plan_contrib.c, plan_contrib_item.c); nothing here decides anything. */
#include "plan_contrib.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* --- JSON -------------------------------------------------------------- */

static int jnum(cJSON *o, const char *k, double v)
{
    return cJSON_AddNumberToObject(o, k, v) != NULL;
}

static int jmoney(cJSON *o, const char *k, double v)
{
    return jnum(o, k, plan_round(v, 2));
}

static int jstr(cJSON *o, const char *k, const char *v)
{
    return (v ? cJSON_AddStringToObject(o, k, v)
              : cJSON_AddNullToObject(o, k)) != NULL;
}

static int jyear(cJSON *o, const char *k, int y)
{
    return y ? jnum(o, k, y) : cJSON_AddNullToObject(o, k) != NULL;
}

/* Appends a new object to arr; NULL when out of memory. */
static cJSON *jitem(cJSON *arr)
{
    cJSON *o = arr ? cJSON_CreateObject() : NULL;

    if (o && !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static int total_json(cJSON *o, const char *key, const plan_contrib_total *t)
{
    return o && jstr(o, key, t->name) && jnum(o, "items", (double)t->items) &&
           jmoney(o, "amount_indexed_gbp", t->amount_indexed_gbp) &&
           jmoney(o, "received_gbp", t->received_gbp) &&
           jmoney(o, "spent_gbp", t->spent_gbp) &&
           jmoney(o, "unspent_gbp", t->unspent_gbp) &&
           jmoney(o, "repaid_gbp", t->repaid_gbp) &&
           jmoney(o, "expected_secured_gbp", t->expected_secured_gbp) &&
           jmoney(o, "expected_requested_gbp", t->expected_requested_gbp) &&
           jmoney(o, "unscheduled_gbp", t->unscheduled_gbp) &&
           jmoney(o, "overdue_gbp", t->overdue_gbp) &&
           jmoney(o, "at_risk_gbp", t->at_risk_gbp) &&
           jnum(o, "land_ha", plan_round(t->land_ha, 4)) &&
           jnum(o, "incomplete", (double)t->incomplete) &&
           jmoney(o, "risk_unknown_gbp", t->risk_unknown_gbp);
}

/* complete, to_complete and imported of an item. */
static int import_json(cJSON *o, const plan_contrib_item *it)
{
    const ds_contrib_import *x = it->imported;
    cJSON *a = NULL, *m;
    int ok = cJSON_AddBoolToObject(o, "complete", !it->to_complete) &&
             (a = cJSON_AddArrayToObject(o, "to_complete")) != NULL;

    for (const char *p = it->to_complete; ok && p && *p;) {
        size_t n = strcspn(p, ";");
        char f[64];
        cJSON *v;

        snprintf(f, sizeof f, "%.*s", (int)(n < 63 ? n : 63), p);
        v = cJSON_CreateString(f);
        ok = v && cJSON_AddItemToArray(a, v);
        if (!ok)
            cJSON_Delete(v);
        p += n + (p[n] == ';');
    }
    if (!ok || !x)
        return ok && (x || cJSON_AddNullToObject(o, "imported"));
    m = cJSON_AddObjectToObject(o, "imported");
    return m && jstr(m, "organisation", x->organisation) &&
           jstr(m, "reference", x->reference) &&
           jstr(m, "agreement", x->agreement) &&
           jstr(m, "agreement_type", x->agreement_type) &&
           jstr(m, "agreement_date", x->agreement_date) &&
           jstr(m, "contribution_purpose", x->contribution_purpose) &&
           jmoney(m, "allocated_gbp", x->allocated_gbp);
}

/* Whether the item's amount is known: an imported contribution may have
 * none (to complete), which is not an amount of 0. */
static int amount_known(const plan_contrib_item *it)
{
    return !it->to_complete || !strstr(it->to_complete, "amount_gbp");
}

/* Money, or null when not known. */
static int jmoney_or_null(cJSON *o, const char *k, double v, int known)
{
    return known ? jmoney(o, k, v) : cJSON_AddNullToObject(o, k) != NULL;
}

static int item_json(cJSON *o, const plan_contrib_item *it)
{
    cJSON *a, *r;
    int ok =
        o && jstr(o, "contribution_id", it->id) &&
        jstr(o, "site_id", it->site_id) &&
        jstr(o, "site_name", it->site_name) && jstr(o, "place", it->place) &&
        jstr(o, "kind", it->kind) && jstr(o, "status", it->status) &&
        cJSON_AddBoolToObject(o, "secured", it->secured) &&
        jstr(o, "purpose", it->purpose) &&
        jmoney_or_null(o, "amount_gbp", it->amount_gbp, amount_known(it)) &&
        jstr(o, "base_date", it->base_date) &&
        jnum(o, "index_ratio", plan_round(it->index_ratio, 6)) &&
        jstr(o, "index_basis", it->index_basis) &&
        jmoney_or_null(o, "amount_indexed_gbp", it->amount_indexed_gbp,
                       amount_known(it)) &&
        cJSON_AddBoolToObject(o, "land", it->land) &&
        (isnan(it->land_ha) ? cJSON_AddNullToObject(o, "land_ha") != NULL
                            : jnum(o, "land_ha", plan_round(it->land_ha, 4)));

    a = ok ? cJSON_AddArrayToObject(o, "triggers") : NULL;
    ok = a != NULL;
    for (size_t i = 0; ok && i < it->ntriggers; i++) {
        const plan_contrib_trigger *tr = &it->triggers[i];
        cJSON *t = jitem(a);

        ok = t && jstr(t, "trigger", tr->text) && jnum(t, "pct", tr->pct) &&
             jstr(t, "event", tr->event) &&
             jyear(t, "due_year", tr->due_year) && jyear(t, "year", tr->year) &&
             jmoney(t, "amount_gbp", tr->amount_gbp) &&
             jstr(t, "state", plan_trigger_state_name(tr->state));
    }
    r = ok ? cJSON_AddObjectToObject(o, "receipts_by_year") : NULL;
    ok = r != NULL;
    for (size_t i = 0; ok && i < it->nreceipts; i++) {
        char y[16];

        snprintf(y, sizeof y, "%d", it->receipts[i].year);
        ok = jmoney(r, y, it->receipts[i].gbp);
    }
    return ok && jmoney(o, "expected_gbp", it->expected_gbp) &&
           jmoney(o, "received_gbp", it->received_gbp) &&
           jstr(o, "received_date", it->received_date) &&
           jmoney(o, "spent_gbp", it->spent_gbp) &&
           jmoney(o, "unspent_gbp", it->unspent_gbp) &&
           jmoney(o, "repaid_gbp", it->repaid_gbp) &&
           jstr(o, "spend_by", it->spend_by) &&
           (it->spend_by ? jnum(o, "days_left", (double)it->spend_by_days_left)
                         : cJSON_AddNullToObject(o, "days_left") != NULL) &&
           jmoney_or_null(o, "at_risk_gbp", it->at_risk_gbp, it->risk_known) &&
           jmoney(o, "covered_gbp", it->covered_gbp) &&
           jstr(o, "covered_by", it->covered_by) &&
           cJSON_AddBoolToObject(o, "illustrative", it->illustrative) &&
           import_json(o, it);
}

pc_status plan_contrib_cjson(const plan_contrib_ledger *l, cJSON **out,
                             pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *o, *a, *t;
    int ok;

    *out = NULL;
    ok = root && jstr(root, "as_of", l->as_of) &&
         jstr(root, "dataset", l->dataset) &&
         jnum(root, "base_year", l->base_year);
    o = ok ? cJSON_AddObjectToObject(root, "delivery") : NULL;
    ok = o && jnum(o, "factor", l->delivery_factor) &&
         jnum(o, "slippage_years", l->slippage_years);
    o = ok ? cJSON_AddObjectToObject(root, "index") : NULL;
    ok = o != NULL;
    if (ok && l->index_entries) {
        t = cJSON_AddObjectToObject(o, "series");
        ok = t && jnum(t, "entries", (double)l->index_entries) &&
             jstr(t, "first", l->index_first) && jstr(t, "last", l->index_last);
    } else if (ok)
        ok = cJSON_AddNullToObject(o, "series") != NULL;
    ok = ok &&
         (isnan(l->index_rate) ? cJSON_AddNullToObject(o, "rate") != NULL
                               : jnum(o, "rate", l->index_rate)) &&
         jstr(o, "basis", l->index_basis) &&
         jnum(root, "warn_years", l->warn_years);
    a = ok ? cJSON_AddArrayToObject(root, "contributions") : NULL;
    ok = a != NULL;
    for (size_t i = 0; ok && i < l->nitems; i++)
        ok = item_json(jitem(a), &l->items[i]);
    a = ok ? cJSON_AddArrayToObject(root, "receipts_by_year") : NULL;
    ok = a != NULL;
    for (size_t i = 0; ok && i < l->nyears; i++) {
        const plan_contrib_year *y = &l->years[i];

        t = jitem(a);
        ok = t && jnum(t, "year", y->year) && jmoney(t, "s106", y->s106) &&
             jmoney(t, "cil", y->cil) && jmoney(t, "total", y->total) &&
             jmoney(t, "requested", y->requested);
    }
    o = ok ? cJSON_AddObjectToObject(root, "totals") : NULL;
    a = o ? cJSON_AddArrayToObject(o, "by_place") : NULL;
    ok = a != NULL;
    for (size_t i = 0; ok && i < l->nplaces; i++)
        ok = total_json(jitem(a), "place", &l->places[i]);
    a = ok ? cJSON_AddArrayToObject(o, "by_fund") : NULL;
    ok = a != NULL;
    for (size_t i = 0; ok && i < 2; i++)
        ok = total_json(jitem(a), "fund", &l->funds[i]);
    ok = ok && total_json(cJSON_AddObjectToObject(o, "all"), "name", &l->all);
    o = ok ? cJSON_AddObjectToObject(root, "illustrative") : NULL;
    ok = o && jnum(o, "contributions", (double)l->illustrative) &&
         jnum(o, "of", (double)l->nitems);
    a = ok ? cJSON_AddArrayToObject(root, "assumptions") : NULL;
    ok = a != NULL;
    for (size_t i = 0; ok && i < l->nparams; i++) {
        t = jitem(a);
        ok = t && jstr(t, "id", l->params[i].id) &&
             jnum(t, "value", l->params[i].value) &&
             jstr(t, "origin", l->params[i].origin);
    }
    plan_jstrings(root, "warnings", l->warnings.items, l->warnings.count, &ok);
    plan_jstrings(root, "notes", l->notes.items, l->notes.count, &ok);
    if (!ok) {
        cJSON_Delete(root);
        return PC_NOMEM(err);
    }
    *out = root;
    return PC_OK;
}

pc_status plan_contrib_json(const plan_contrib_ledger *l, pc_buf *out,
                            pc_error *err)
{
    cJSON *root;
    pc_status rc = plan_contrib_cjson(l, &root, err);

    return rc ? rc : plan_json_out(root, 1, out, err);
}

/* --- tables ------------------------------------------------------------ */

/* Money in a column headed in pounds, into out; returns out. */
static const char *th(char *out, size_t n, double v)
{
    pc_fmt_money(out, n, v, "", 0);
    return out;
}

/* Text wrapped at 78 columns. */
static pc_status wrap(pc_buf *out, const char *text, pc_error *err)
{
    const char *p = text;
    size_t col = 0;

    while (*p) {
        size_t w = strcspn(p, " ");

        if (col && col + 1 + w > 78) {
            if (pc_buf_puts(out, "\n") != PC_OK)
                return PC_NOMEM(err);
            col = 0;
        } else if (col && pc_buf_puts(out, " ") != PC_OK)
            return PC_NOMEM(err);
        else if (col)
            col++;
        if (pc_buf_add(out, p, w) != PC_OK)
            return PC_NOMEM(err);
        col += w;
        p += w;
        while (*p == ' ')
            p++;
    }
    return pc_buf_puts(out, "\n") == PC_OK ? PC_OK : PC_NOMEM(err);
}

/* The spent and unspent columns, wide tables only ("" else). */
static const char *spent_cols(char *buf, size_t n, int w, int wide,
                              double spent, double unspent)
{
    char a[32], b[32];

    if (!wide)
        return "";
    snprintf(buf, n, " %*s %*s", w, th(a, sizeof a, spent), w,
             th(b, sizeof b, unspent));
    return buf;
}

static pc_status total_row(pc_buf *out, const plan_contrib_total *t, int w,
                           pc_error *err)
{
    char c[9][32], sp[80];

    return pc_buf_printf(out,
                         "%-*s %5zu %11s %11s%s %11s %11s %11s "
                         "%11s\n",
                         w, t->name, t->items,
                         th(c[0], sizeof c[0], t->amount_indexed_gbp),
                         th(c[1], sizeof c[1], t->received_gbp),
                         spent_cols(sp, sizeof sp, 11, out->wide, t->spent_gbp,
                                    t->unspent_gbp),
                         th(c[4], sizeof c[4], t->expected_secured_gbp),
                         th(c[5], sizeof c[5], t->expected_requested_gbp),
                         th(c[6], sizeof c[6], t->at_risk_gbp),
                         th(c[7], sizeof c[7], t->overdue_gbp)) == PC_OK
               ? PC_OK
               : PC_NOMEM(err);
}

static pc_status total_head(pc_buf *out, const char *what, int w, pc_error *err)
{
    return pc_buf_printf(out,
                         "%-*s %5s %11s %11s%s %11s %11s %11s "
                         "%11s\n",
                         w, what, "items", "indexed", "received",
                         out->wide ? "       spent     unspent" : "",
                         "expected", "requested", "at risk", "overdue") == PC_OK
               ? PC_OK
               : PC_NOMEM(err);
}

/* The heading and one line per item; wid and wsite are the widths of the
 * id and site columns. */
static pc_status table_items(const plan_contrib_ledger *l, int wid, int wsite,
                             pc_buf *out, pc_error *err)
{
    size_t secured = 0;
    char c[8][32];

    for (size_t i = 0; i < l->nitems; i++)
        secured += (size_t)l->items[i].secured;
    if (pc_buf_printf(out,
                      "Contributions as of %s (%s): %zu items, %zu secured, "
                      "%zu requested\n",
                      l->as_of, l->dataset ? l->dataset : "?", l->nitems,
                      secured, l->nitems - secured) != PC_OK ||
        pc_buf_printf(out,
                      "Delivery factor %.2f, slippage %d years; money at "
                      "risk within %d years; amounts in GBP\n\n",
                      l->delivery_factor, l->slippage_years,
                      l->warn_years) != PC_OK ||
        pc_buf_printf(out,
                      "%-*s %-*s %s%-11s %10s %10s%s %10s "
                      "%-10s %10s%s\n",
                      wid, "id", wsite, "site", out->wide ? "kind " : "",
                      "status", "indexed", "received",
                      out->wide ? "      spent    unspent" : "", "expected",
                      "spend-by", "at risk",
                      out->wide ? "  notes" : "") != PC_OK)
        return PC_NOMEM(err);
    for (size_t i = 0; i < l->nitems; i++) {
        const plan_contrib_item *it = &l->items[i];
        char note[160] = "", kind[16] = "", sp[80];
        size_t n = 0;

        if (it->land)
            n += (size_t)snprintf(note + n, sizeof note - n, "land%s",
                                  isnan(it->land_ha) ? "" : " ");
        if (it->land && !isnan(it->land_ha))
            n += (size_t)snprintf(note + n, sizeof note - n, "%g ha",
                                  it->land_ha);
        if (it->covered_by && n < sizeof note)
            n += (size_t)snprintf(note + n, sizeof note - n,
                                  "%scovered by %s (%s)", n ? "; " : "",
                                  it->covered_by,
                                  th(c[7], sizeof c[7], it->covered_gbp));
        if (it->spend_by && it->spend_by_days_left < 0 && it->at_risk_gbp > 0 &&
            n < sizeof note)
            n += (size_t)snprintf(note + n, sizeof note - n,
                                  "%soverdue for repayment", n ? "; " : "");
        if (it->to_complete && n < sizeof note)
            snprintf(note + n, sizeof note - n, "%simported, to complete",
                     n ? "; " : "");
        if (out->wide)
            snprintf(kind, sizeof kind, "%-4s ", it->kind);
        if (pc_buf_printf(
                out,
                "%-*s %-*s %s%-11s %10s %10s%s %10s "
                "%-10s %10s%s%s\n",
                wid, it->id, wsite, it->site_id ? it->site_id : "-", kind,
                it->status,
                amount_known(it) ? th(c[0], sizeof c[0], it->amount_indexed_gbp)
                                 : "incomplete",
                th(c[1], sizeof c[1], it->received_gbp),
                spent_cols(sp, sizeof sp, 10, out->wide, it->spent_gbp,
                           it->unspent_gbp),
                th(c[4], sizeof c[4], it->expected_gbp),
                it->spend_by      ? it->spend_by
                : it->to_complete ? "incomplete"
                                  : "-",
                it->risk_known ? th(c[5], sizeof c[5], it->at_risk_gbp)
                               : "incomplete",
                !*note      ? ""
                : out->wide ? "  "
                            : "\n    notes: ",
                note) != PC_OK)
            return PC_NOMEM(err);
    }
    return PC_OK;
}

/* Each item's triggers: year, amount and state. */
static pc_status table_triggers(const plan_contrib_ledger *l, int wid,
                                pc_buf *out, pc_error *err)
{
    char c[32];

    if (pc_buf_puts(out, "\nTriggers (trigger year: amount state)\n") != PC_OK)
        return PC_NOMEM(err);
    for (size_t i = 0; i < l->nitems; i++) {
        const plan_contrib_item *it = &l->items[i];

        if (!it->ntriggers)
            continue;
        if (pc_buf_printf(out, "%-*s", wid, it->id) != PC_OK)
            return PC_NOMEM(err);
        for (size_t k = 0; k < it->ntriggers; k++) {
            const plan_contrib_trigger *tr = &it->triggers[k];
            char y[16] = "-";

            if (tr->year)
                snprintf(y, sizeof y, "%d", tr->year);
            if (pc_buf_printf(out, "%s%s %s: %s %s", k ? "; " : "  ", tr->text,
                              y, th(c, sizeof c, tr->amount_gbp),
                              plan_trigger_state_name(tr->state)) != PC_OK)
                return PC_NOMEM(err);
            if (tr->state == PLAN_TRIGGER_OVERDUE &&
                pc_buf_printf(out, " (due %d)", tr->due_year) != PC_OK)
                return PC_NOMEM(err);
        }
        if (pc_buf_puts(out, "\n") != PC_OK)
            return PC_NOMEM(err);
    }
    return PC_OK;
}

/* Expected receipts by year, and the unscheduled money. */
static pc_status table_years(const plan_contrib_ledger *l, pc_buf *out,
                             pc_error *err)
{
    char c[4][32];

    if (pc_buf_puts(out, "\nExpected receipts by year (secured by fund; "
                         "requested apart)\n") != PC_OK ||
        pc_buf_printf(out, "%6s %11s %11s %11s %11s\n", "year", "s106", "cil",
                      "total", "requested") != PC_OK)
        return PC_NOMEM(err);
    for (size_t i = 0; i < l->nyears; i++) {
        const plan_contrib_year *y = &l->years[i];

        if (pc_buf_printf(out, "%6d %11s %11s %11s %11s\n", y->year,
                          th(c[0], sizeof c[0], y->s106),
                          th(c[1], sizeof c[1], y->cil),
                          th(c[2], sizeof c[2], y->total),
                          th(c[3], sizeof c[3], y->requested)) != PC_OK)
            return PC_NOMEM(err);
    }
    if (!l->nyears && pc_buf_puts(out, "  none\n") != PC_OK)
        return PC_NOMEM(err);
    if (l->all.unscheduled_gbp > 0.005 &&
        pc_buf_printf(out, "Unscheduled (no year; in the totals only): %s\n",
                      th(c[0], sizeof c[0], l->all.unscheduled_gbp)) != PC_OK)
        return PC_NOMEM(err);
    return PC_OK;
}

/* Totals by place and by fund, money repaid and land; wplace is the width
 * of the name column. */
static pc_status table_totals(const plan_contrib_ledger *l, int wplace,
                              pc_buf *out, pc_error *err)
{
    char c[32];

    if (pc_buf_puts(out, "\nTotals by place\n") != PC_OK ||
        total_head(out, "place", wplace, err) != PC_OK)
        return PC_NOMEM(err);
    for (size_t i = 0; i < l->nplaces; i++)
        if (total_row(out, &l->places[i], wplace, err) != PC_OK)
            return err->code;
    if (pc_buf_puts(out, "\nTotals by fund\n") != PC_OK ||
        total_head(out, "fund", wplace, err) != PC_OK ||
        total_row(out, &l->funds[0], wplace, err) != PC_OK ||
        total_row(out, &l->funds[1], wplace, err) != PC_OK ||
        total_row(out, &l->all, wplace, err) != PC_OK)
        return PC_NOMEM(err);
    if (l->all.repaid_gbp > 0.005 &&
        pc_buf_printf(out, "Repaid to developers: %s\n",
                      th(c, sizeof c, l->all.repaid_gbp)) != PC_OK)
        return PC_NOMEM(err);
    if (l->all.land_ha > 0 &&
        pc_buf_printf(out, "Land: %g ha\n", plan_round(l->all.land_ha, 4)) !=
            PC_OK)
        return PC_NOMEM(err);
    if (l->all.incomplete &&
        pc_buf_printf(out,
                      "Incomplete (imported, to complete): %zu item%s; %s "
                      "unspent whose risk is not known (not in at risk)\n",
                      l->all.incomplete, l->all.incomplete == 1 ? "" : "s",
                      th(c, sizeof c, l->all.risk_unknown_gbp)) != PC_OK)
        return PC_NOMEM(err);
    return PC_OK;
}

/* What the columns mean, the warnings, the notes and the illustrative
 * note. */
static pc_status table_notes(const plan_contrib_ledger *l, pc_buf *out,
                             pc_error *err)
{
    if (pc_buf_puts(out, "\n") != PC_OK ||
        wrap(out,
             "indexed: the amount at the as-of date; expected: receipts to "
             "come, overdue and unscheduled ones included (in the totals: "
             "of secured items); requested: receipts to come of items not "
             "secured; overdue: due before the as-of year, part of expected "
             "or requested.",
             err) != PC_OK)
        return PC_NOMEM(err);
    for (size_t i = 0; i < l->warnings.count; i++)
        if (pc_buf_printf(out, "%swarning: %s\n", i ? "" : "\n",
                          l->warnings.items[i]) != PC_OK)
            return PC_NOMEM(err);
    for (size_t i = 0; i < l->notes.count; i++) {
        if (pc_buf_puts(out, "\n") != PC_OK)
            return PC_NOMEM(err);
        if (wrap(out, l->notes.items[i], err) != PC_OK)
            return err->code;
    }
    if (l->illustrative &&
        pc_buf_printf(out,
                      "\nIllustrative values (not published figures; marked "
                      "in the data): %zu of %zu contributions.\n",
                      l->illustrative, l->nitems) != PC_OK)
        return PC_NOMEM(err);
    return PC_OK;
}

pc_status plan_contrib_table(const plan_contrib_ledger *l, pc_buf *out,
                             pc_error *err)
{
    int wid = 2, wsite = 4, wplace = 5;
    pc_status rc;

    for (size_t i = 0; i < l->nitems; i++) {
        const plan_contrib_item *it = &l->items[i];

        if ((int)strlen(it->id) > wid)
            wid = (int)strlen(it->id);
        if (it->site_id && (int)strlen(it->site_id) > wsite)
            wsite = (int)strlen(it->site_id);
    }
    for (size_t i = 0; i < l->nplaces; i++)
        if ((int)strlen(l->places[i].name) > wplace)
            wplace = (int)strlen(l->places[i].name);
    if ((rc = table_items(l, wid, wsite, out, err)) != PC_OK ||
        (rc = table_triggers(l, wid, out, err)) != PC_OK ||
        (rc = table_years(l, out, err)) != PC_OK ||
        (rc = table_totals(l, wplace, out, err)) != PC_OK ||
        (rc = table_notes(l, out, err)) != PC_OK)
        return rc;
    return PC_OK;
}
