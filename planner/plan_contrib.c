/* plan_contrib.c: the contributions ledger (see plan_contrib.h for the
 * model). One pass per contribution, in id order, works out its trigger
 * years, receipts and spending; a second pass, in order of spend-by date,
 * lets schemes cover money at risk, so that a scheme's spend is counted
 * once; then the totals, the assumptions used and the notes. One
 * contribution's item is plan_contrib_item.c's work; the views are in
 * plan_contrib_out.c. */
#include "plan_contrib_int.h"

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "pc_index.h"
#include "pc_strlist.h"
#include "plan_index.h"
#include "plan_params.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *plan_trigger_state_name(plan_trigger_state s)
{
    switch (s) {
    case PLAN_TRIGGER_RECEIVED: return "received";
    case PLAN_TRIGGER_EXPECTED: return "expected";
    case PLAN_TRIGGER_OVERDUE: return "overdue";
    case PLAN_TRIGGER_UNSCHEDULED: return "unscheduled";
    case PLAN_TRIGGER_CLOSED: return "closed";
    }
    return "?";
}

void plan_contrib_free(plan_contrib_ledger *l)
{
    if (!l)
        return;
    pc_arena_free(l->arena);
    free(l);
}

/* --- the work's state -------------------------------------------------- */

/* The date n years after a valid date; 29 February becomes 28 February
 * in a year that is not a leap year. */
void plan_contrib_date_add_years(const char *date, int n, char out[16])
{
    unsigned y = (unsigned)(atoi(date) + n) % 10000u;
    unsigned m = (unsigned)atoi(date + 5) % 100u;
    unsigned d = (unsigned)atoi(date + 8) % 100u;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (m == 2 && d == 29 && !leap)
        d = 28;
    snprintf(out, 16, "%04u-%02u-%02u", y, m, d);
}

/* --- money at risk and schemes that cover it --------------------------- */

static int scheme_start(const ds_scheme *s)
{
    if (s->earliest_start > 0)
        return s->earliest_start;
    if (s->completion_year > 0 && s->duration_years > 0)
        return s->completion_year - s->duration_years + 1;
    return 0;
}

static int lists_fund(const char *funding, const char *kind)
{
    size_t n = strlen(kind);

    if (!funding || !*funding)
        return 1;
    for (const char *p = funding; p; p = strchr(p, ';'), p = p ? p + 1 : p)
        if (!strncmp(p, kind, n) && (p[n] == ';' || p[n] == '\0'))
            return 1;
    return 0;
}

/* Covers what it can of item it's unspent money from its purpose
 * scheme's spend before the spend-by year; *why says why not, if not. */
static pc_status cover(plan_contrib_ctx *C, plan_contrib_item *it,
                       double *covered, char *why, size_t why_sz, pc_error *err)
{
    const ds_scheme *s;
    size_t j;
    int start, from, to;
    double need = it->unspent_gbp, got = 0;

    *covered = 0;
    if (!it->purpose || strncmp(it->purpose, "scheme:", 7)) {
        snprintf(why, why_sz, "its purpose names no scheme");
        return PC_OK;
    }
    if (!pc_index_get(&C->schemes, it->purpose + 7, &j)) {
        snprintf(why, why_sz, "scheme %s is not in the dataset",
                 it->purpose + 7);
        return PC_OK;
    }
    s = &C->ds->schemes[j];
    if (strcmp(s->status, "committed") && strcmp(s->status, "delivered")) {
        snprintf(why, why_sz, "scheme %s is %s, not committed", s->id,
                 s->status);
        return PC_OK;
    }
    if (!lists_fund(s->funding, it->kind)) {
        snprintf(why, why_sz, "scheme %s's funding (%s) does not list %s",
                 s->id, s->funding, it->kind);
        return PC_OK;
    }
    if (it->spend_by_days_left < 0) {
        snprintf(why, why_sz, "the deadline has passed");
        return PC_OK;
    }
    start = scheme_start(s);
    if (!start || s->duration_years <= 0) {
        snprintf(why, why_sz, "scheme %s has no start year", s->id);
        return PC_OK;
    }
    if (!C->scheme_left[j]) {
        C->scheme_left[j] = calloc((size_t)s->duration_years, sizeof(double));
        if (!C->scheme_left[j])
            return PC_NOMEM(err);
        for (int y = 0; y < s->duration_years; y++)
            C->scheme_left[j][y] =
                s->cost_gbp * (s->spend_profile ? s->spend_profile[y]
                                                : 1.0 / s->duration_years);
    }
    from = plan_date_year(it->received_date);
    to = plan_date_year(it->spend_by) - 1;
    for (int y = from; y <= to && got < need; y++) {
        double *v;

        if (y < start || y >= start + s->duration_years)
            continue;
        v = &C->scheme_left[j][y - start];
        if (*v > need - got) {
            *v -= need - got;
            got = need;
        } else {
            got += *v;
            *v = 0;
        }
    }
    *covered = got;
    if (got < need - PENNY)
        snprintf(why, why_sz,
                 "scheme %s's spend in %d to %d (not taken by earlier "
                 "deadlines) covers only part",
                 s->id, from, to);
    return PC_OK;
}

static int by_deadline(const void *a, const void *b)
{
    const plan_contrib_item *x = *(const plan_contrib_item *const *)a;
    const plan_contrib_item *y = *(const plan_contrib_item *const *)b;
    int c = strcmp(x->spend_by, y->spend_by);

    return c ? c : strcmp(x->id, y->id);
}

static pc_status money_at_risk(plan_contrib_ctx *C, pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    plan_contrib_item **v = NULL;
    size_t n = 0;
    char limit[16];
    pc_status rc = PC_OK;

    plan_contrib_date_add_years(L->as_of, L->warn_years, limit);
    v = calloc(L->nitems ? L->nitems : 1, sizeof *v);
    if (!v)
        return PC_NOMEM(err);
    for (size_t i = 0; i < L->nitems; i++) {
        plan_contrib_item *it = &L->items[i];

        if (it->unspent_gbp > PENNY && it->spend_by &&
            strcmp(it->spend_by, limit) <= 0)
            v[n++] = it;
    }
    qsort(v, n, sizeof *v, by_deadline);
    for (size_t i = 0; i < n && rc == PC_OK; i++) {
        plan_contrib_item *it = v[i];
        char why[256] = "", m[2][64];
        double covered = 0;

        if ((rc = cover(C, it, &covered, why, sizeof why, err)) != PC_OK)
            break;
        it->covered_gbp = covered;
        it->covered_by = covered > PENNY ? it->purpose + 7 : NULL;
        it->at_risk_gbp = it->unspent_gbp - covered;
        if (it->at_risk_gbp <= PENNY) {
            it->at_risk_gbp = 0;
            continue;
        }
        pc_fmt_money(m[0], sizeof m[0], it->unspent_gbp, "\xc2\xa3", 0);
        pc_fmt_money(m[1], sizeof m[1], it->at_risk_gbp, "\xc2\xa3", 0);
        if (it->spend_by_days_left < 0)
            rc = pc_strlist_addf(
                &C->L->warnings, C->a, err,
                "%s: %s unspent was to be spent by %s (%ld days ago): "
                "overdue for repayment",
                it->id, m[1], it->spend_by, -it->spend_by_days_left);
        else
            rc = pc_strlist_addf(
                &C->L->warnings, C->a, err,
                "%s: %s unspent must be spent by %s (%ld days left), "
                "within %d years: %s at risk (%s)",
                it->id, m[0], it->spend_by, it->spend_by_days_left,
                L->warn_years, m[1], why);
    }
    free(v);
    return rc;
}

/* --- totals ------------------------------------------------------------ */

static void total_add(plan_contrib_total *t, const plan_contrib_item *it)
{
    t->items++;
    t->amount_indexed_gbp += it->amount_indexed_gbp;
    t->received_gbp += it->received_gbp;
    t->spent_gbp += it->spent_gbp;
    t->unspent_gbp += it->unspent_gbp;
    t->repaid_gbp += it->repaid_gbp;
    if (it->secured)
        t->expected_secured_gbp += it->expected_gbp;
    else
        t->expected_requested_gbp += it->expected_gbp;
    t->unscheduled_gbp += it->unscheduled_gbp;
    t->overdue_gbp += it->overdue_gbp;
    t->at_risk_gbp += it->at_risk_gbp;
    if (!isnan(it->land_ha))
        t->land_ha += it->land_ha;
    if (it->to_complete)
        t->incomplete++;
    if (!it->risk_known)
        t->risk_unknown_gbp += it->unspent_gbp;
}

static int by_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;

    return strcmp(x, y);
}

static pc_status totals(plan_contrib_ctx *C, pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    const char **names = NULL;
    size_t n = 0;
    int last = 0;

    L->funds[0].name = "s106";
    L->funds[1].name = "cil";
    L->all.name = "all";
    names = calloc(L->nitems ? L->nitems : 1, sizeof *names);
    if (!names)
        return PC_NOMEM(err);
    for (size_t i = 0; i < L->nitems; i++) {
        const char *p = L->items[i].place ? L->items[i].place : "(unknown)";
        size_t j = 0;

        while (j < n && strcmp(names[j], p))
            j++;
        if (j == n)
            names[n++] = p;
    }
    qsort(names, n, sizeof *names, by_name);
    L->places = pc_arena_calloc(C->a, n, sizeof *L->places);
    if (!L->places) {
        free(names);
        return PC_NOMEM(err);
    }
    for (size_t j = 0; j < n; j++)
        L->places[j].name = names[j];
    L->nplaces = n;
    free(names);
    for (size_t i = 0; i < L->nitems; i++) {
        const plan_contrib_item *it = &L->items[i];
        const char *p = it->place ? it->place : "(unknown)";

        for (size_t j = 0; j < L->nplaces; j++)
            if (!strcmp(L->places[j].name, p))
                total_add(&L->places[j], it);
        if (!strcmp(it->kind, "s106"))
            total_add(&L->funds[0], it);
        else if (!strcmp(it->kind, "cil"))
            total_add(&L->funds[1], it);
        total_add(&L->all, it);
        for (size_t r = 0; r < it->nreceipts; r++)
            if (it->receipts[r].year > last)
                last = it->receipts[r].year;
        if (it->illustrative)
            L->illustrative++;
    }
    if (last >= L->as_of_year) {
        L->nyears = (size_t)(last - L->as_of_year + 1);
        L->years = pc_arena_calloc(C->a, L->nyears, sizeof *L->years);
        if (!L->years)
            return PC_NOMEM(err);
        for (size_t y = 0; y < L->nyears; y++)
            L->years[y].year = L->as_of_year + (int)y;
        for (size_t i = 0; i < L->nitems; i++) {
            const plan_contrib_item *it = &L->items[i];

            for (size_t r = 0; r < it->nreceipts; r++) {
                int y = it->receipts[r].year - L->as_of_year;
                plan_contrib_year *py;

                if (y < 0) /* cannot happen: overdue is in the as-of year */
                    return PC_FAIL(err, PC_ERR_INTERNAL,
                                   "%s: receipt in %d, before the as-of "
                                   "year",
                                   it->id, it->receipts[r].year);
                py = &L->years[y];
                if (!it->secured)
                    py->requested += it->receipts[r].gbp;
                else {
                    if (!strcmp(it->kind, "s106"))
                        py->s106 += it->receipts[r].gbp;
                    else
                        py->cil += it->receipts[r].gbp;
                    py->total += it->receipts[r].gbp;
                }
            }
        }
    }
    return PC_OK;
}

/* --- assumptions and notes --------------------------------------------- */

static pc_status params_used(plan_contrib_ctx *C, int from_option,
                             pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    size_t n = plan_params_count(C->P), k = 0;

    L->params = pc_arena_calloc(C->a, n + 1, sizeof *L->params);
    if (!L->params)
        return PC_NOMEM(err);
    for (size_t i = 0; i < n; i++) {
        plan_param p = plan_params_at(C->P, i);

        if (p.used)
            L->params[k++] = (plan_contrib_param){p.id, p.value, p.origin};
    }
    if (from_option)
        L->params[k++] = (plan_contrib_param){"contribution_warning_years",
                                              L->warn_years, "option"};
    L->nparams = k;
    return PC_OK;
}

static pc_status notes(plan_contrib_ctx *C, pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    pc_strlist *v = &L->notes;
    pc_arena *a = C->a;

    if (pc_strlist_addf(
            v, a, err,
            "Amounts are prices at their base date, indexed to each receipt "
            "(a trigger's: 1 April of its year) and to the as-of date %s by "
            "%s; an amount without a base date is not indexed.",
            L->as_of, L->index_basis) ||
        pc_strlist_addf(
            v, a, err,
            "Trigger years come from the site's trajectory: commencement is "
            "the year of its first completions, occupation:N the first year in "
            "which cumulative completions reach N (occupation taken as "
            "completion), date:D the monitoring year of D (1 April to 31 "
            "March). After the base year %d the trajectory is stretched by the "
            "delivery factor %.2f and delayed by %d year%s; a site without a "
            "trajectory leaves its triggers unscheduled.",
            L->base_year, L->delivery_factor, L->slippage_years,
            L->slippage_years == 1 || L->slippage_years == -1 ? "" : "s") ||
        pc_strlist_addf(
            v, a, err,
            "Money received counts against the triggers, earliest first: a "
            "trigger is received when what is left covers its base-date or "
            "indexed amount, whichever is less, and money beyond their indexed "
            "amounts pays part of the next. Other triggers are expected in "
            "their year; one due before %d is overdue and counted in %d; one "
            "without a year is unscheduled and counted in the totals only. "
            "Spent and repaid items expect nothing more (closed).",
            L->as_of_year, L->as_of_year) ||
        pc_strlist_add(
            v, a,
            "Secured items are agreed, received, transferred or spent; "
            "requested items are forecast but not secured, and their receipts "
            "are shown apart (requested).",
            err) ||
        pc_strlist_addf(
            v, a, err,
            "Unspent = received - spent (repaid items: 0). Spend-by = received "
            "date + spend_by_years. At risk: unspent money whose spend-by date "
            "is within %d years of %s or has passed (overdue for repayment), "
            "unless its purpose is a committed or delivered scheme, eligible "
            "for the fund, whose spend from the receipt's year to the year "
            "before the spend-by year covers it (covered by; a scheme's spend "
            "counts once, earliest deadline first).",
            L->warn_years, L->as_of))
        return err->code;
    if (L->all.incomplete &&
        pc_strlist_addf(
            v, a, err,
            "%zu contribution%s imported from councils' published data "
            "(planning.data.gov.uk) %s still to complete: the data gives no "
            "site, triggers, spend-by period, base date or scheme, so their "
            "amounts are not indexed, their money to come is unscheduled and "
            "the risk to their unspent money is not known (incomplete, not "
            "0). A row of the dataset's contributions.csv with the same "
            "contribution_id completes one and takes its place.",
            L->all.incomplete, L->all.incomplete == 1 ? "" : "s",
            L->all.incomplete == 1 ? "is" : "are"))
        return err->code;
    return PC_OK;
}

/* --- the ledger -------------------------------------------------------- */

/* A contribution of the ledger: the dataset's, or imported. */
typedef struct entry {
    const ds_contribution *k;
    const ds_contrib_import *imp; /* NULL: the dataset's */
} entry;

static int by_id(const void *a, const void *b)
{
    const entry *x = a, *y = b;

    return strcmp(x->k->id, y->k->id);
}

/* The dataset's contributions, then the imported ones it does not
 * complete (has no row of the same id for), into v (room for both). */
static size_t entries(const ds_dataset *ds, entry *v)
{
    pc_index ids = {0};
    size_t n = 0, j;
    int oom = 0;

    for (size_t i = 0; i < ds->ncontributions; i++) {
        v[n++] = (entry){&ds->contributions[i], NULL};
        oom |= pc_index_put(&ids, ds->contributions[i].id, i, NULL) < 0;
    }
    for (size_t i = 0; i < ds->nimported; i++)
        if (oom || !pc_index_get(&ids, ds->imported[i].c.id, &j))
            v[n++] = (entry){&ds->imported[i].c, &ds->imported[i]};
    pc_index_free(&ids);
    return oom ? (size_t)-1 : n;
}

/* The indexation: contribution_index_rate (when the register has it) and
 * the basis of the ledger's indexing, for people. */
static pc_status setup_index(plan_contrib_ctx *C, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    plan_contrib_ledger *L = C->L;
    size_t j;
    int need_rate = 0;
    pc_status rc;

    C->rate = NAN;
    if (plan_params_find(C->P, "contribution_index_rate", &j)) {
        if ((rc = plan_params_need(C->P, "contribution_index_rate", -0.5, 0,
                                   0.5, "indexing contributions", &C->rate,
                                   err)) != PC_OK)
            return rc;
    }
    for (size_t i = 0; i < ds->ncontributions; i++)
        if (ds->contributions[i].base_date)
            need_rate = 1;
    L->index_entries = ds->ncost_index;
    L->index_rate = C->rate;
    if (ds->ncost_index) {
        L->index_first = ds->cost_index[0].date;
        L->index_last = ds->cost_index[ds->ncost_index - 1].date;
        L->index_basis =
            isnan(C->rate)
                ? pc_arena_printf(C->a,
                                  "the cost_index series (%zu entries, %s to "
                                  "%s), held at its last value after that "
                                  "(no contribution_index_rate)",
                                  ds->ncost_index, L->index_first,
                                  L->index_last)
                : pc_arena_printf(C->a,
                                  "the cost_index series (%zu entries, %s to "
                                  "%s), then contribution_index_rate %g%% a "
                                  "year",
                                  ds->ncost_index, L->index_first,
                                  L->index_last, C->rate * 100);
    } else if (!isnan(C->rate)) {
        L->index_basis = pc_arena_printf(C->a,
                                         "contribution_index_rate %g%% a year, "
                                         "compound (no cost_index series)",
                                         C->rate * 100);
    } else if (need_rate) {
        return PC_FAIL(err, PC_ERR_INPUT,
                       "assumptions: no assumption "
                       "\"contribution_index_rate\" (needed for indexing "
                       "contributions: the dataset has no cost_index "
                       "series)");
    } else {
        L->index_basis = pc_arena_printf(C->a, "nothing (no amount has a base "
                                               "date)");
    }
    if (!L->index_basis)
        return PC_NOMEM(err);
    return PC_OK;
}

/* The warning window: opts->warn_years, else the assumption
 * contribution_warning_years. */
static pc_status setup_warn(plan_contrib_ctx *C, const plan_contrib_opts *opts,
                            pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    double v;
    pc_status rc;

    if (opts && opts->warn_years >= 0) {
        if (opts->warn_years > 50)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "warning window of %d years (expected 0 to 50)",
                           opts->warn_years);
        L->warn_years = opts->warn_years;
    } else {
        if ((rc = plan_params_need(C->P, "contribution_warning_years", 0, 0, 50,
                                   "the contributions' warning window", &v,
                                   err)) != PC_OK)
            return rc;
        if (v != floor(v))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "assumptions: \"contribution_warning_years\" is "
                           "%g (expected a whole number of years)",
                           v);
        L->warn_years = (int)v;
    }
    return PC_OK;
}

static pc_status setup(plan_contrib_ctx *C, const plan_contrib_opts *opts,
                       pc_error *err)
{
    const ds_dataset *ds = C->ds;
    plan_contrib_ledger *L = C->L;
    const char *as_of = opts && opts->as_of ? opts->as_of : plan_as_of(ds);
    pc_status rc;

    if (!as_of)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "no as-of date: the dataset has no list sizes "
                       "(expected an as-of date YYYY-MM-DD)");
    if (plan_date_days(as_of, &C->as_of_days, err) != PC_OK)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "as-of date \"%.32s\" (expected a date YYYY-MM-DD)",
                       as_of);
    snprintf(L->as_of, sizeof L->as_of, "%s", as_of);
    L->as_of_year = plan_date_year(as_of);
    L->base_year = ds->base_year;
    L->dataset = ds->name;
    if ((rc = setup_index(C, err)) != PC_OK ||
        (rc = setup_warn(C, opts, err)) != PC_OK)
        return rc;
    /* indexes of the dataset's ids */
    for (size_t i = 0; i < ds->nsites; i++)
        if (pc_index_put(&C->sites, ds->sites[i].id, i, NULL) < 0)
            return PC_NOMEM(err);
    for (size_t i = 0; i < ds->nschemes; i++)
        if (pc_index_put(&C->schemes, ds->schemes[i].id, i, NULL) < 0)
            return PC_NOMEM(err);
    for (size_t i = 0; i < ds->npractices; i++)
        if (pc_index_put(&C->practices, ds->practices[i].code, i, NULL) < 0)
            return PC_NOMEM(err);
    for (size_t i = 0; i < ds->nlads; i++)
        if (pc_index_put(&C->lads, ds->lads[i].code, i, NULL) < 0)
            return PC_NOMEM(err);
    C->scheme_left =
        calloc(ds->nschemes ? ds->nschemes : 1, sizeof *C->scheme_left);
    if (!C->scheme_left)
        return PC_NOMEM(err);
    return PC_OK;
}

pc_status plan_contrib_build(const ds_dataset *ds, const plan_scenario *sc,
                             const plan_contrib_opts *opts,
                             plan_contrib_ledger **out, pc_error *err)
{
    plan_contrib_ctx C;
    plan_scenario *blank = NULL;
    plan_contrib_ledger *L = NULL;
    entry *order = NULL;
    size_t n;
    pc_status rc = PC_OK;

    memset(&C, 0, sizeof C);
    C.ds = ds;
    if (!sc && !(sc = blank = plan_scenario_new())) {
        rc = PC_NOMEM(err);
        goto fail;
    }
    C.f = isnan(sc->delivery_factor) ? 1.0 : sc->delivery_factor;
    C.s = sc->slippage_set ? sc->slippage_years : 0;
    if (!(C.f > 0) || !isfinite(C.f)) {
        rc =
            PC_FAIL(err, PC_ERR_INPUT,
                    "scenario: delivery factor %g (expected more than 0)", C.f);
        goto fail;
    }
    if (!(L = calloc(1, sizeof *L)) || !(L->arena = pc_arena_new())) {
        rc = PC_NOMEM(err);
        goto fail;
    }
    C.L = L;
    C.a = L->arena;
    L->delivery_factor = C.f;
    L->slippage_years = C.s;
    if ((rc = plan_params_new(ds, sc, &C.P, err)) != PC_OK ||
        (rc = setup(&C, opts, err)) != PC_OK)
        goto fail;
    n = ds->ncontributions + ds->nimported;
    order = calloc(n ? n : 1, sizeof *order);
    L->items = pc_arena_calloc(C.a, n, sizeof *L->items);
    if (!order || !L->items || (n = entries(ds, order)) == (size_t)-1) {
        rc = PC_NOMEM(err);
        goto fail;
    }
    qsort(order, n, sizeof *order, by_id);
    for (size_t i = 0; i < n; i++) {
        if ((rc = plan_contrib_item_build(&C, order[i].k, order[i].imp,
                                          &L->items[i], err)) != PC_OK)
            goto fail;
        L->nitems++;
    }
    if ((rc = money_at_risk(&C, err)) != PC_OK ||
        (rc = totals(&C, err)) != PC_OK ||
        (rc = params_used(&C, opts && opts->warn_years >= 0, err)) != PC_OK ||
        (rc = notes(&C, err)) != PC_OK)
        goto fail;
    *out = L;
    L = NULL;

fail:
    plan_contrib_free(L);
    free(order);
    if (C.scheme_left)
        for (size_t i = 0; i < ds->nschemes; i++)
            free(C.scheme_left[i]);
    free(C.scheme_left);
    pc_index_free(&C.sites);
    pc_index_free(&C.schemes);
    pc_index_free(&C.practices);
    pc_index_free(&C.lads);
    plan_params_free(C.P);
    plan_scenario_free(blank);
    return rc;
}
