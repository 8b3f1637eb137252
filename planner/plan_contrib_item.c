/* plan_contrib_item.c: one contribution of the ledger (see plan_contrib.h
 * for the model): the years its triggers fall in, from its site's
 * trajectory under the scenario's delivery factor and slippage; its amount
 * indexed to the as-of date and to each trigger's year; the money received
 * matched to its triggers; what is expected, overdue or unscheduled; and
 * its spending and spend-by date. plan_contrib.c calls
 * plan_contrib_item_build once per contribution, in id order. */
#include "plan_contrib_int.h"

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "pc_index.h"
#include "pc_strlist.h"
#include "plan_index.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- trajectories and trigger years ------------------------------------ */

/* Planned completions in the first x years of the trajectory, linear
 * within a year. */
static double planned(const ds_site *s, double x)
{
    double cum = 0;

    if (x <= 0)
        return 0;
    for (size_t k = 0; k < s->ntraj; k++) {
        if (x < (double)(k + 1))
            return cum + (x - (double)k) * (double)s->traj[k];
        cum += (double)s->traj[k];
    }
    return cum;
}

/* Completions by the end of year t, with the scenario's delivery factor
 * and slippage acting after the base year. */
static double built_by(const plan_contrib_ctx *C, const ds_site *s, int t)
{
    int B = C->ds->base_year;
    double x0 = (double)(B - s->traj_start), x;

    if (t < B)
        return planned(s, (double)(t - s->traj_start + 1));
    x = x0 + C->f * (double)(t + 1 - B - C->s);
    return planned(s, x > x0 ? x : x0);
}

static int has_trajectory(const ds_site *s)
{
    return s && s->traj_start > 0 && s->ntraj > 0;
}

/* The year of the site's first completions; 0 when none is found. */
static int commencement_year(const plan_contrib_ctx *C, const ds_site *s)
{
    int B = C->ds->base_year;

    if (s->traj_start < B)
        return s->traj_start;
    for (int t = B; t <= B + YEARS_CAP; t++)
        if ((double)(B - s->traj_start) + C->f * (double)(t + 1 - B - C->s) >
            1e-9)
            return t;
    return 0;
}

/* The first year in which completions reach nth; 0 when never. */
static int occupation_year(const plan_contrib_ctx *C, const ds_site *s,
                           long nth)
{
    int B = C->ds->base_year;

    if (planned(s, (double)s->ntraj) + 1e-6 < (double)nth)
        return 0;
    for (int t = s->traj_start; t <= B + YEARS_CAP; t++)
        if (built_by(C, s, t) + 1e-6 >= (double)nth)
            return t;
    return 0;
}

/* Parses one trigger "PCT%@EVENT" of contribution k into tr (its text
 * copied into the ledger's arena). */
static pc_status parse_trigger(plan_contrib_ctx *C, const ds_contribution *k,
                               const char *text, plan_contrib_trigger *tr,
                               pc_error *err)
{
    const char *at = strchr(text, '@'), *ev;
    char pct[32], *end = NULL;
    size_t n;

    memset(tr, 0, sizeof *tr);
    if (!(tr->text = pc_arena_strdup(C->a, text)))
        return PC_NOMEM(err);
    n = at ? (size_t)(at - text) : 0;
    if (!at || n < 2 || text[n - 1] != '%' || n > sizeof pct)
        goto bad;
    memcpy(pct, text, n - 1);
    pct[n - 1] = '\0';
    tr->pct = strtod(pct, &end);
    if (!*pct || *end || !(tr->pct >= 0 && tr->pct <= 100))
        goto bad;
    ev = at + 1;
    if (!strcmp(ev, "commencement")) {
        tr->event = "commencement";
        return PC_OK;
    }
    if (!strncmp(ev, "occupation:", 11)) {
        long v = strtol(ev + 11, &end, 10);

        if (!ev[11] || *end || v < 1)
            goto bad;
        tr->event = "occupation";
        tr->nth = v;
        return PC_OK;
    }
    if (!strncmp(ev, "date:", 5)) {
        long days;
        pc_error e2 = {0};

        if (plan_date_days(ev + 5, &days, &e2) != PC_OK)
            goto bad;
        tr->event = "date";
        return PC_OK;
    }
bad:
    return PC_FAIL(err, PC_ERR_INPUT,
                   "contribution %s: trigger \"%s\" (expected PCT%%@EVENT, "
                   "EVENT commencement, occupation:N or date:YYYY-MM-DD)",
                   k->id, text);
}

/* --- indexation -------------------------------------------------------- */

/* The index ratio of item k's amount from its base date to date; 1 when
 * it has no base date, or when the series cannot index it (*failed then
 * holds the reason). PC_ERR_INPUT when the indexed amount would pass
 * PLAN_MONEY_MAX. */
static pc_status ratio_to(plan_contrib_ctx *C, const ds_contribution *k,
                          const char *date, double *ratio, char *basis,
                          size_t basis_sz, char *failed, size_t failed_sz,
                          pc_error *err)
{
    pc_error e2 = {0};
    char what[80];

    *ratio = 1;
    if (!k->base_date) {
        if (basis)
            snprintf(basis, basis_sz, "not indexed: no base date");
        return PC_OK;
    }
    if (plan_index_ratio(C->ds, k->base_date, date, C->rate, ratio, basis,
                         basis_sz, &e2) != PC_OK) {
        if (e2.code != PC_ERR_INPUT)
            return PC_FAIL(err, e2.code, "%s", e2.msg);
        *ratio = 1;
        if (basis)
            snprintf(basis, basis_sz, "not indexed: %.400s", e2.msg);
        if (failed && !*failed)
            snprintf(failed, failed_sz, "%.400s", e2.msg);
        return PC_OK;
    }
    /* an amount indexed past any sense would print as garbage later */
    snprintf(what, sizeof what, "contribution %.64s", k->id);
    return plan_index_money_check(C->ds, k->base_date, date, C->rate,
                                  fmax(k->amount_gbp, k->received_gbp) * *ratio,
                                  what, err);
}

/* --- one contribution -------------------------------------------------- */

static int is_secured(const char *status)
{
    return strcmp(status, "requested") != 0 && strcmp(status, "repaid") != 0;
}

static int is_closed(const char *status)
{
    return !strcmp(status, "spent") || !strcmp(status, "repaid");
}

/* Adds v to item it's receipts in year (kept in year order; cap slots). */
static pc_status add_receipt(plan_contrib_item *it, size_t cap, int year,
                             double v, pc_error *err)
{
    size_t i = 0;

    while (i < it->nreceipts && it->receipts[i].year < year)
        i++;
    if (i < it->nreceipts && it->receipts[i].year == year) {
        it->receipts[i].gbp += v;
        return PC_OK;
    }
    if (it->nreceipts >= cap)
        return PC_FAIL(err, PC_ERR_INTERNAL, "receipts: no room");
    memmove(&it->receipts[i + 1], &it->receipts[i],
            (it->nreceipts - i) * sizeof *it->receipts);
    it->receipts[i].year = year;
    it->receipts[i].gbp = v;
    it->nreceipts++;
    return PC_OK;
}

/* Splits k's triggers into it->triggers (a "(none)" trigger of 100% when
 * it has an amount and gives none). */
static pc_status item_triggers(plan_contrib_ctx *C, const ds_contribution *k,
                               plan_contrib_item *it, pc_error *err)
{
    const char *v = k->triggers ? k->triggers : "";
    size_t n = 0, len = strlen(v);
    char *copy = NULL, *p, *next;
    pc_status rc = PC_OK;

    if (*v) {
        n = 1;
        for (const char *q = strchr(v, ';'); q; q = strchr(q + 1, ';'))
            n++;
    }
    if (n == 0 && !(k->amount_gbp > 0))
        return PC_OK;
    it->triggers = pc_arena_calloc(C->a, n ? n : 1, sizeof *it->triggers);
    if (!it->triggers)
        return PC_NOMEM(err);
    if (n == 0) {
        it->triggers[0] = (plan_contrib_trigger){
            "(none)", 100, "none", 0, 0, 0, 0, PLAN_TRIGGER_UNSCHEDULED};
        it->ntriggers = 1;
        return PC_OK;
    }
    if (!(copy = malloc(len + 1)))
        return PC_NOMEM(err);
    memcpy(copy, v, len + 1);
    for (p = copy; p && rc == PC_OK; p = next) {
        next = strchr(p, ';');
        if (next)
            *next++ = '\0';
        while (*p == ' ')
            p++;
        rc = parse_trigger(C, k, p, &it->triggers[it->ntriggers], err);
        if (rc == PC_OK)
            it->ntriggers++;
    }
    free(copy);
    return rc;
}

/* The years of it's trigger events, and their order in order[]: earliest
 * year first (unknown last), then as listed. */
static void trigger_years(const plan_contrib_ctx *C, const ds_site *site,
                          plan_contrib_item *it, size_t *order)
{
    size_t n = it->ntriggers;

    for (size_t i = 0; i < n; i++) {
        plan_contrib_trigger *tr = &it->triggers[i];
        const char *ev = strchr(tr->text, '@');

        if (!strcmp(tr->event, "date"))
            tr->due_year = plan_date_year(ev + 6);
        else if (!strcmp(tr->event, "none"))
            tr->due_year = 0;
        else if (!has_trajectory(site))
            tr->due_year = 0;
        else if (!strcmp(tr->event, "commencement"))
            tr->due_year = commencement_year(C, site);
        else
            tr->due_year = occupation_year(C, site, tr->nth);
    }
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        int yi = it->triggers[i].due_year ? it->triggers[i].due_year : INT_MAX;

        while (j > 0) {
            const plan_contrib_trigger *p = &it->triggers[order[j - 1]];

            if ((p->due_year ? p->due_year : INT_MAX) <= yi)
                break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
}

/* A warning for trigger tr of item k when its money is overdue or has no
 * year. */
static pc_status trigger_warn(plan_contrib_ctx *C, const ds_contribution *k,
                              const ds_site *site, const plan_contrib_item *it,
                              const plan_contrib_trigger *tr, pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    char money[64];

    if (!(k->amount_gbp > 0) || it->imported) /* one warning says it all */
        return PC_OK;
    pc_fmt_money(money, sizeof money, tr->amount_gbp, "\xc2\xa3", 0);
    if (tr->state == PLAN_TRIGGER_OVERDUE)
        return pc_strlist_addf(&C->L->warnings, C->a, err,
                               "%s: %s was due in %d and is not recorded as "
                               "received: %s counted as overdue in %d%s",
                               k->id, tr->text, tr->due_year, money,
                               L->as_of_year,
                               it->secured ? "" : " (requested, not secured)");
    if (tr->state != PLAN_TRIGGER_UNSCHEDULED)
        return PC_OK;
    if (!strcmp(tr->event, "none"))
        return pc_strlist_addf(&C->L->warnings, C->a, err,
                               "%s: no payment triggers: %s expected at a "
                               "time not known (unscheduled)",
                               k->id, money);
    if (!has_trajectory(site))
        return pc_strlist_addf(&C->L->warnings, C->a, err,
                               "%s: site %s has no trajectory, so %s (%s) "
                               "cannot be given a year (unscheduled)",
                               k->id, k->site_id, tr->text, money);
    return pc_strlist_addf(&C->L->warnings, C->a, err,
                           "%s: %s (%s): site %s's trajectory does not "
                           "reach %ld homes (unscheduled)",
                           k->id, tr->text, money, k->site_id, tr->nth);
}

/* Trigger tr of item k, not received and not closed: its state, year and
 * amount, less part (the share of it paid by money beyond the triggers
 * received), indexed to 1 April of its year (r_asof: to the as-of date);
 * counted in it's expected money. *failed holds why indexing failed, if
 * it did. */
static pc_status trigger_due(plan_contrib_ctx *C, const ds_contribution *k,
                             const ds_site *site, plan_contrib_item *it,
                             plan_contrib_trigger *tr, double part,
                             double r_asof, char *failed, size_t failed_sz,
                             pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    double b = tr->pct / 100 * k->amount_gbp, r;
    char april[16];
    pc_status rc;

    if (!tr->due_year) {
        tr->state = PLAN_TRIGGER_UNSCHEDULED;
        tr->amount_gbp = (1 - part) * b * r_asof;
    } else if (tr->due_year < L->as_of_year) {
        tr->state = PLAN_TRIGGER_OVERDUE;
        tr->year = L->as_of_year;
        tr->amount_gbp = (1 - part) * b * r_asof;
    } else {
        snprintf(april, sizeof april, "%04u-04-01",
                 (unsigned)tr->due_year % 10000u);
        if ((rc = ratio_to(C, k, april, &r, NULL, 0, failed, failed_sz, err)) !=
            PC_OK)
            return rc;
        tr->state = PLAN_TRIGGER_EXPECTED;
        tr->year = tr->due_year;
        tr->amount_gbp = (1 - part) * b * r;
    }
    if ((rc = trigger_warn(C, k, site, it, tr, err)) != PC_OK)
        return rc;
    it->expected_gbp += tr->amount_gbp;
    if (tr->state == PLAN_TRIGGER_UNSCHEDULED)
        it->unscheduled_gbp += tr->amount_gbp;
    else if ((rc = add_receipt(it, it->ntriggers, tr->year, tr->amount_gbp,
                               err)) != PC_OK)
        return rc;
    if (tr->state == PLAN_TRIGGER_OVERDUE)
        it->overdue_gbp += tr->amount_gbp;
    return PC_OK;
}

/* Trigger years, receipts matched to triggers, expected money. */
static pc_status item_receipts(plan_contrib_ctx *C, const ds_contribution *k,
                               const ds_site *site, plan_contrib_item *it,
                               pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    char money[3][64], failed[512] = "", settled[256] = "";
    size_t order[64], n = it->ntriggers, ncov = 0;
    double A = k->amount_gbp, R = it->received_gbp, left, r_recv = 1, r_asof;
    double sum_b = 0, sum_c = 0, sum_d = 0, paid = 0;
    int recv_year = k->received_date ? plan_date_year(k->received_date) : 0;
    int closed = is_closed(k->status);
    pc_status rc;

    if (n > sizeof order / sizeof *order)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "contribution %s: %zu triggers (expected at most %zu)",
                       k->id, n, sizeof order / sizeof *order);
    it->receipts = pc_arena_calloc(C->a, n, sizeof *it->receipts);
    if (!it->receipts)
        return PC_NOMEM(err);
    trigger_years(C, site, it, order);
    if (k->received_date && R > 0 &&
        (rc = ratio_to(C, k, k->received_date, &r_recv, NULL, 0, failed,
                       sizeof failed, err)) != PC_OK)
        return rc;
    if ((rc = ratio_to(C, k, L->as_of, &r_asof, NULL, 0, failed, sizeof failed,
                       err)) != PC_OK)
        return rc;
    /* the triggers the money covers, earliest first, each at the lesser
     * of its base-date and indexed amounts (so an unindexed payment
     * settles its triggers too) */
    for (size_t oi = 0; A > 0 && R > PENNY && oi < n; oi++) {
        double b = it->triggers[order[oi]].pct / 100 * A, d = b * r_recv;

        if (sum_c + (b < d ? b : d) > R + PENNY)
            break;
        sum_c += b < d ? b : d;
        sum_b += b;
        sum_d += b * r_recv;
        ncov++;
    }
    /* what paid them: the indexed amounts when the money reaches them,
     * else all of it (an unindexed payment); the rest pays part of the
     * next trigger */
    paid = R < sum_d ? R : sum_d;
    left = ncov ? R - paid : (A > 0 ? R : 0);
    for (size_t oi = 0; oi < n; oi++) {
        plan_contrib_trigger *tr = &it->triggers[order[oi]];
        double b = tr->pct / 100 * A, part = 0;

        if (oi < ncov) {
            tr->state = PLAN_TRIGGER_RECEIVED;
            tr->amount_gbp = sum_b > 0 ? paid * b / sum_b : 0;
            tr->year = recv_year;
            if (strlen(settled) + strlen(tr->text) + 3 < sizeof settled)
                snprintf(settled + strlen(settled),
                         sizeof settled - strlen(settled), "%s%s",
                         *settled ? ", " : "", tr->text);
            continue;
        }
        if (oi == ncov && left > PENNY && b * r_recv > 0) {
            part = left / (b * r_recv);
            if (part > 1)
                part = 1;
        }
        if (closed) {
            tr->state = PLAN_TRIGGER_CLOSED;
            tr->amount_gbp = 0;
            continue;
        }
        if ((rc = trigger_due(C, k, site, it, tr, part, r_asof, failed,
                              sizeof failed, err)) != PC_OK)
            return rc;
    }
    if (!closed && sum_d - R > 1 && sum_d - R > 0.01 * sum_d) {
        pc_fmt_money(money[0], sizeof money[0], R, "\xc2\xa3", 0);
        pc_fmt_money(money[1], sizeof money[1], sum_d - R, "\xc2\xa3", 0);
        pc_fmt_money(money[2], sizeof money[2], sum_d, "\xc2\xa3", 0);
        if ((rc = pc_strlist_addf(
                 &C->L->warnings, C->a, err,
                 "%s: %s received on %s is %s less than %s, the amount "
                 "indexed from %s of %s: the payment looks unindexed; "
                 "taken as settled",
                 k->id, money[0], k->received_date, money[1], money[2],
                 k->base_date,
                 strcmp(settled, "(none)") ? settled : "the whole item")) !=
            PC_OK)
            return rc;
    }
    if (*failed &&
        (rc = pc_strlist_addf(&C->L->warnings, C->a, err, "%s: not indexed: %s",
                              k->id, failed)) != PC_OK)
        return rc;
    return PC_OK;
}

/* The place of a LAD; NULL when unknown. */
static const char *lad_place(plan_contrib_ctx *C, const char *lad_code)
{
    size_t j;

    if (lad_code && pc_index_get(&C->lads, lad_code, &j))
        return C->ds->lads[j].place;
    return NULL;
}

/* A warning when contribution k's purpose is "<what>:<id>" and ix has no
 * such id. */
static pc_status purpose_warn(plan_contrib_ctx *C, const ds_contribution *k,
                              const char *what, const pc_index *ix,
                              pc_error *err)
{
    size_t n = strlen(what), j;

    if (!k->purpose || strncmp(k->purpose, what, n) || k->purpose[n] != ':' ||
        pc_index_get(ix, k->purpose + n + 1, &j))
        return PC_OK;
    return pc_strlist_addf(&C->L->warnings, C->a, err,
                           "%s: purpose names %s %s, which is not in the "
                           "dataset",
                           k->id, what, k->purpose + n + 1);
}

/* What item it copies from contribution k and its site, with warnings for
 * a site, LAD, scheme or practice the dataset does not have. */
static pc_status item_init(plan_contrib_ctx *C, const ds_contribution *k,
                           const ds_site *site, plan_contrib_item *it,
                           pc_error *err)
{
    pc_status rc;

    it->id = k->id;
    it->site_id = k->site_id;
    it->site_name = site ? site->name : NULL;
    it->place = site ? lad_place(C, site->lad_code) : NULL;
    it->risk_known = 1;
    if (it->imported) {
        it->place = lad_place(C, it->imported->lad_code);
        it->to_complete = it->imported->to_complete;
    }
    it->kind = k->kind;
    it->status = k->status;
    it->secured = is_secured(k->status);
    it->purpose = k->purpose;
    it->amount_gbp = k->amount_gbp;
    it->base_date = k->base_date;
    it->land = k->land;
    it->land_ha = k->land_ha;
    it->received_gbp = isnan(k->received_gbp) ? 0 : k->received_gbp;
    it->spent_gbp = isnan(k->spent_gbp) ? 0 : k->spent_gbp;
    it->received_date = k->received_date;
    it->illustrative = k->illustrative && *k->illustrative;
    if (it->imported)
        return PC_OK;
    if (!site && (rc = pc_strlist_addf(&C->L->warnings, C->a, err,
                                       "%s: site %s is not in the dataset",
                                       k->id, k->site_id)) != PC_OK)
        return rc;
    if (!it->place && site &&
        (rc = pc_strlist_addf(&C->L->warnings, C->a, err,
                              "%s: site %s's LAD %s is not in the dataset",
                              k->id, k->site_id, site->lad_code)) != PC_OK)
        return rc;
    if ((rc = purpose_warn(C, k, "scheme", &C->schemes, err)) != PC_OK)
        return rc;
    return purpose_warn(C, k, "practice", &C->practices, err);
}

/* The amount indexed to the as-of date, with warnings for an amount
 * without a base date or with one after the as-of date. */
static pc_status item_index(plan_contrib_ctx *C, const ds_contribution *k,
                            plan_contrib_item *it, pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    char basis[512], failed[512] = "";
    pc_status rc;

    if ((rc = ratio_to(C, k, L->as_of, &it->index_ratio, basis, sizeof basis,
                       failed, sizeof failed, err)) != PC_OK)
        return rc;
    if (!(it->index_basis = pc_arena_strdup(C->a, basis)))
        return PC_NOMEM(err);
    it->amount_indexed_gbp = k->amount_gbp * it->index_ratio;
    if (!k->base_date && k->amount_gbp > 0 && !it->imported &&
        (rc = pc_strlist_addf(&C->L->warnings, C->a, err,
                              "%s: no base date: the amount is not indexed",
                              k->id)) != PC_OK)
        return rc;
    if (k->base_date && strcmp(k->base_date, L->as_of) > 0 &&
        (rc = pc_strlist_addf(&C->L->warnings, C->a, err,
                              "%s: the amount's base date %s is after the "
                              "as-of date %s",
                              k->id, k->base_date, L->as_of)) != PC_OK)
        return rc;
    return PC_OK;
}

/* Spending: unspent or repaid money and the spend-by date, with warnings
 * for money recorded without a date or a spend-by period. */
static pc_status item_spending(plan_contrib_ctx *C, const ds_contribution *k,
                               plan_contrib_item *it, pc_error *err)
{
    char sb[16], m[64];
    pc_status rc;
    long d;

    if (!strcmp(k->status, "repaid")) {
        it->repaid_gbp = it->received_gbp - it->spent_gbp;
        if (it->repaid_gbp < 0)
            it->repaid_gbp = 0;
    } else {
        it->unspent_gbp = it->received_gbp - it->spent_gbp;
        if (it->unspent_gbp < 0)
            it->unspent_gbp = 0;
    }
    if (it->imported)
        return PC_OK; /* imported_warn() says what it lacks */
    if ((!strcmp(k->status, "received") || !strcmp(k->status, "transferred") ||
         !strcmp(k->status, "spent")) &&
        !(it->received_gbp > 0) &&
        (rc = pc_strlist_addf(
             &C->L->warnings, C->a, err,
             "%s: status %s but no money is recorded as received", k->id,
             k->status)) != PC_OK)
        return rc;
    if (it->received_gbp > 0 && !k->received_date) {
        pc_fmt_money(m, sizeof m, it->received_gbp, "\xc2\xa3", 0);
        if ((rc = pc_strlist_addf(
                 &C->L->warnings, C->a, err,
                 "%s: %s received without a received_date: not indexed "
                 "and no spend-by date",
                 k->id, m)) != PC_OK)
            return rc;
    }
    if (it->received_gbp > 0 && k->received_date && k->spend_by_years >= 0) {
        plan_contrib_date_add_years(k->received_date, k->spend_by_years, sb);
        if (!(it->spend_by = pc_arena_strdup(C->a, sb)))
            return PC_NOMEM(err);
        if (plan_date_days(sb, &d, err) != PC_OK)
            return err->code;
        it->spend_by_days_left = d - C->as_of_days;
    }
    if (it->unspent_gbp > PENNY && k->received_date && k->spend_by_years < 0) {
        pc_fmt_money(m, sizeof m, it->unspent_gbp, "\xc2\xa3", 0);
        if ((rc = pc_strlist_addf(&C->L->warnings, C->a, err,
                                  "%s: %s unspent has no spend-by date (no "
                                  "spend_by_years)",
                                  k->id, m)) != PC_OK)
            return rc;
    }
    return PC_OK;
}

/* One warning for an imported item still to complete: what it lacks, and
 * that the risk to its unspent money is not known. */
static pc_status imported_warn(plan_contrib_ctx *C, plan_contrib_item *it,
                               pc_error *err)
{
    const ds_contrib_import *x = it->imported;
    char m[64], fields[256];
    size_t i;

    if (!it->to_complete)
        return PC_OK;
    for (i = 0; it->to_complete[i] && i < sizeof fields - 2; i++)
        fields[i] = it->to_complete[i] == ';' ? ',' : it->to_complete[i];
    fields[i] = '\0';
    if (it->unspent_gbp > PENNY) {
        it->risk_known = 0;
        pc_fmt_money(m, sizeof m, it->unspent_gbp, "\xc2\xa3", 0);
    }
    return pc_strlist_addf(
        &C->L->warnings, C->a, err,
        "%s: imported (%s, contribution %s), to complete: %s%s%s%s", it->id,
        x->organisation, x->reference, fields, it->risk_known ? "" : "; ",
        it->risk_known ? "" : m,
        it->risk_known ? ""
                       : " unspent with no spend-by date: at risk not known");
}

pc_status plan_contrib_item_build(plan_contrib_ctx *C, const ds_contribution *k,
                                  const ds_contrib_import *imp,
                                  plan_contrib_item *it, pc_error *err)
{
    const ds_site *site = NULL;
    size_t j;
    pc_status rc;

    memset(it, 0, sizeof *it);
    it->imported = imp;
    if (k->site_id && pc_index_get(&C->sites, k->site_id, &j))
        site = &C->ds->sites[j];
    if ((rc = item_init(C, k, site, it, err)) != PC_OK ||
        (rc = item_index(C, k, it, err)) != PC_OK ||
        (rc = item_triggers(C, k, it, err)) != PC_OK ||
        (rc = item_receipts(C, k, site, it, err)) != PC_OK ||
        (rc = item_spending(C, k, it, err)) != PC_OK ||
        (imp && (rc = imported_warn(C, it, err)) != PC_OK))
        return rc;
    return PC_OK;
}
