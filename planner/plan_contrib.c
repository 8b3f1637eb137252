/* plan_contrib.c: the contributions ledger (see plan_contrib.h for the
 * model). One pass per contribution, in id order, works out its trigger
 * years, receipts and spending; a second pass, in order of spend-by date,
 * lets schemes cover money at risk, so that a scheme's spend is counted
 * once; then the totals, the assumptions used and the notes. */
#include "plan_contrib.h"

#include "ds_util.h"
#include "plan_index.h"
#include "plan_json.h"
#include "plan_params.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEARS_CAP 200 /* trigger years are sought up to base year + this */
#define PENNY     0.005

static pc_status nomem(pc_error *err)
{
    return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
}

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
    ds_arena_free(l->arena);
    free(l);
}

/* --- the work's state -------------------------------------------------- */

typedef struct ctx {
    const ds_dataset *ds;
    plan_contrib_ledger *L;
    ds_arena *a;
    plan_params *P;
    double rate; /* contribution_index_rate; NAN: none */
    double f;    /* delivery factor */
    int s;       /* slippage years */
    long as_of_days;
    ds_index sites, schemes, practices, lads;
    const char **warn; /* arena strings; the array is malloc'd */
    size_t nwarn, capwarn;
    double **scheme_left; /* per scheme, its spend by year not yet taken */
} ctx;

static pc_status warnf(ctx *C, pc_error *err, const char *fmt, ...)
    PC_PRINTF(3, 4);

static pc_status warnf(ctx *C, pc_error *err, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    const char *s;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (C->nwarn == C->capwarn) {
        size_t cap = C->capwarn ? 2 * C->capwarn : 16;
        const char **nv = realloc(C->warn, cap * sizeof *nv);

        if (!nv)
            return nomem(err);
        C->warn = nv;
        C->capwarn = cap;
    }
    if (!(s = ds_arena_strdup(C->a, buf)))
        return nomem(err);
    C->warn[C->nwarn++] = s;
    return PC_OK;
}

/* Whole pounds with thousands separators, "£" in front. */
static const char *gbp(char *out, size_t n, double v)
{
    char t[48];

    pc_fmt_thousands(t, sizeof t, (long long)llround(v));
    snprintf(out, n, "\xc2\xa3%s", t);
    return out;
}

/* The date n years after a valid date; 29 February becomes 28 February
 * in a year that is not a leap year. */
static void date_add_years(const char *date, int n, char out[16])
{
    unsigned y = (unsigned)(atoi(date) + n) % 10000u;
    unsigned m = (unsigned)atoi(date + 5) % 100u;
    unsigned d = (unsigned)atoi(date + 8) % 100u;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (m == 2 && d == 29 && !leap)
        d = 28;
    snprintf(out, 16, "%04u-%02u-%02u", y, m, d);
}

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
static double built_by(const ctx *C, const ds_site *s, int t)
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
static int commencement_year(const ctx *C, const ds_site *s)
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
static int occupation_year(const ctx *C, const ds_site *s, long nth)
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
static pc_status parse_trigger(ctx *C, const ds_contribution *k,
                               const char *text, plan_contrib_trigger *tr,
                               pc_error *err)
{
    const char *at = strchr(text, '@'), *ev;
    char pct[32], *end = NULL;
    size_t n;

    memset(tr, 0, sizeof *tr);
    if (!(tr->text = ds_arena_strdup(C->a, text)))
        return nomem(err);
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
 * holds the reason). */
static pc_status ratio_to(ctx *C, const ds_contribution *k, const char *date,
                          double *ratio, char *basis, size_t basis_sz,
                          char *failed, size_t failed_sz, pc_error *err)
{
    pc_error e2 = {0};

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
    }
    return PC_OK;
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
static pc_status item_triggers(ctx *C, const ds_contribution *k,
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
    it->triggers = ds_arena_calloc(C->a, n ? n : 1, sizeof *it->triggers);
    if (!it->triggers)
        return nomem(err);
    if (n == 0) {
        it->triggers[0] = (plan_contrib_trigger){
            "(none)", 100, "none", 0, 0, 0, 0, PLAN_TRIGGER_UNSCHEDULED};
        it->ntriggers = 1;
        return PC_OK;
    }
    if (!(copy = malloc(len + 1)))
        return nomem(err);
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

/* Trigger years, receipts matched to triggers, expected money. */
static pc_status item_receipts(ctx *C, const ds_contribution *k,
                               const ds_site *site, plan_contrib_item *it,
                               pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    char money[3][64], failed[512] = "", april[16];
    size_t order[64], n = it->ntriggers;
    double A = k->amount_gbp, R = it->received_gbp, left, r_recv = 1, r_asof;
    double sum_b = 0, sum_c = 0, sum_d = 0, paid = 0;
    size_t ncov = 0;
    int recv_year = k->received_date ? plan_date_year(k->received_date) : 0;
    int closed = is_closed(k->status);
    char settled[256] = "";
    pc_status rc;

    if (n > sizeof order / sizeof *order)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "contribution %s: %zu triggers (expected at most %zu)",
                       k->id, n, sizeof order / sizeof *order);
    it->receipts = ds_arena_calloc(C->a, n, sizeof *it->receipts);
    if (!it->receipts)
        return nomem(err);
    /* the events' years */
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
    /* earliest year first (unknown last), then as listed */
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
        double b = tr->pct / 100 * A, part = 0, r;

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
            if ((rc = ratio_to(C, k, april, &r, NULL, 0, failed, sizeof failed,
                               err)) != PC_OK)
                return rc;
            tr->state = PLAN_TRIGGER_EXPECTED;
            tr->year = tr->due_year;
            tr->amount_gbp = (1 - part) * b * r;
        }
        if (A > 0 && tr->state == PLAN_TRIGGER_OVERDUE &&
            (rc = warnf(
                 C, err,
                 "%s: %s was due in %d and is not recorded as "
                 "received: %s counted as overdue in %d%s",
                 k->id, tr->text, tr->due_year,
                 gbp(money[0], sizeof money[0], tr->amount_gbp), L->as_of_year,
                 it->secured ? "" : " (requested, not secured)")) != PC_OK)
            return rc;
        if (A > 0 && tr->state == PLAN_TRIGGER_UNSCHEDULED) {
            gbp(money[0], sizeof money[0], tr->amount_gbp);
            if (!strcmp(tr->event, "none"))
                rc = warnf(C, err,
                           "%s: no payment triggers: %s expected at a time "
                           "not known (unscheduled)",
                           k->id, money[0]);
            else if (!has_trajectory(site))
                rc = warnf(C, err,
                           "%s: site %s has no trajectory, so %s (%s) "
                           "cannot be given a year (unscheduled)",
                           k->id, k->site_id, tr->text, money[0]);
            else
                rc = warnf(C, err,
                           "%s: %s (%s): site %s's trajectory does not reach "
                           "%ld homes (unscheduled)",
                           k->id, tr->text, money[0], k->site_id, tr->nth);
            if (rc != PC_OK)
                return rc;
        }
        it->expected_gbp += tr->amount_gbp;
        if (tr->state == PLAN_TRIGGER_UNSCHEDULED)
            it->unscheduled_gbp += tr->amount_gbp;
        else if ((rc = add_receipt(it, n, tr->year, tr->amount_gbp, err)) !=
                 PC_OK)
            return rc;
        if (tr->state == PLAN_TRIGGER_OVERDUE)
            it->overdue_gbp += tr->amount_gbp;
    }
    if (!closed && sum_d - R > 1 && sum_d - R > 0.01 * sum_d &&
        (rc = warnf(C, err,
                    "%s: %s received on %s is %s less than %s, the amount "
                    "indexed from %s of %s: the payment looks unindexed; "
                    "taken as settled",
                    k->id, gbp(money[0], sizeof money[0], R), k->received_date,
                    gbp(money[1], sizeof money[1], sum_d - R),
                    gbp(money[2], sizeof money[2], sum_d), k->base_date,
                    strcmp(settled, "(none)") ? settled : "the whole item")) !=
            PC_OK)
        return rc;
    if (*failed &&
        (rc = warnf(C, err, "%s: not indexed: %s", k->id, failed)) != PC_OK)
        return rc;
    return PC_OK;
}

/* The place of a site's LAD; NULL when unknown. */
static const char *site_place(ctx *C, const ds_site *s)
{
    size_t j;

    if (s && ds_index_get(&C->lads, s->lad_code, &j))
        return C->ds->lads[j].place;
    return NULL;
}

static pc_status build_item(ctx *C, const ds_contribution *k,
                            plan_contrib_item *it, pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    const ds_site *site = NULL;
    char basis[512], failed[512] = "", sb[16], m[64];
    size_t j;
    pc_status rc;
    long d;

    memset(it, 0, sizeof *it);
    if (ds_index_get(&C->sites, k->site_id, &j))
        site = &C->ds->sites[j];
    it->id = k->id;
    it->site_id = k->site_id;
    it->site_name = site ? site->name : NULL;
    it->place = site_place(C, site);
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
    if (!site && (rc = warnf(C, err, "%s: site %s is not in the dataset", k->id,
                             k->site_id)) != PC_OK)
        return rc;
    if (!it->place && site &&
        (rc = warnf(C, err, "%s: site %s's LAD %s is not in the dataset", k->id,
                    k->site_id, site->lad_code)) != PC_OK)
        return rc;
    if (k->purpose && !strncmp(k->purpose, "scheme:", 7) &&
        !ds_index_get(&C->schemes, k->purpose + 7, &j) &&
        (rc = warnf(C, err,
                    "%s: purpose names scheme %s, which is not in the "
                    "dataset",
                    k->id, k->purpose + 7)) != PC_OK)
        return rc;
    if (k->purpose && !strncmp(k->purpose, "practice:", 9) &&
        !ds_index_get(&C->practices, k->purpose + 9, &j) &&
        (rc = warnf(C, err,
                    "%s: purpose names practice %s, which is not in the "
                    "dataset",
                    k->id, k->purpose + 9)) != PC_OK)
        return rc;
    if ((rc = ratio_to(C, k, L->as_of, &it->index_ratio, basis, sizeof basis,
                       failed, sizeof failed, err)) != PC_OK)
        return rc;
    if (!(it->index_basis = ds_arena_strdup(C->a, basis)))
        return nomem(err);
    it->amount_indexed_gbp = k->amount_gbp * it->index_ratio;
    if (!k->base_date && k->amount_gbp > 0 &&
        (rc = warnf(C, err, "%s: no base date: the amount is not indexed",
                    k->id)) != PC_OK)
        return rc;
    if (k->base_date && strcmp(k->base_date, L->as_of) > 0 &&
        (rc = warnf(C, err,
                    "%s: the amount's base date %s is after the as-of date "
                    "%s",
                    k->id, k->base_date, L->as_of)) != PC_OK)
        return rc;
    if ((rc = item_triggers(C, k, it, err)) != PC_OK ||
        (rc = item_receipts(C, k, site, it, err)) != PC_OK)
        return rc;
    /* spending */
    if (!strcmp(k->status, "repaid")) {
        it->repaid_gbp = it->received_gbp - it->spent_gbp;
        if (it->repaid_gbp < 0)
            it->repaid_gbp = 0;
    } else {
        it->unspent_gbp = it->received_gbp - it->spent_gbp;
        if (it->unspent_gbp < 0)
            it->unspent_gbp = 0;
    }
    if ((!strcmp(k->status, "received") || !strcmp(k->status, "transferred") ||
         !strcmp(k->status, "spent")) &&
        !(it->received_gbp > 0) &&
        (rc =
             warnf(C, err, "%s: status %s but no money is recorded as received",
                   k->id, k->status)) != PC_OK)
        return rc;
    if (it->received_gbp > 0 && !k->received_date &&
        (rc = warnf(C, err,
                    "%s: %s received without a received_date: not indexed "
                    "and no spend-by date",
                    k->id, gbp(m, sizeof m, it->received_gbp))) != PC_OK)
        return rc;
    if (it->received_gbp > 0 && k->received_date && k->spend_by_years >= 0) {
        date_add_years(k->received_date, k->spend_by_years, sb);
        if (!(it->spend_by = ds_arena_strdup(C->a, sb)))
            return nomem(err);
        if (plan_date_days(sb, &d, err) != PC_OK)
            return err->code;
        it->spend_by_days_left = d - C->as_of_days;
    }
    if (it->unspent_gbp > PENNY && k->received_date && k->spend_by_years < 0) {
        if ((rc = warnf(C, err,
                        "%s: %s unspent has no spend-by date (no "
                        "spend_by_years)",
                        k->id, gbp(m, sizeof m, it->unspent_gbp))) != PC_OK)
            return rc;
    }
    return PC_OK;
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
static pc_status cover(ctx *C, plan_contrib_item *it, double *covered,
                       char *why, size_t why_sz, pc_error *err)
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
    if (!ds_index_get(&C->schemes, it->purpose + 7, &j)) {
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
            return nomem(err);
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

static pc_status money_at_risk(ctx *C, pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    plan_contrib_item **v = NULL;
    size_t n = 0;
    char limit[16];
    pc_status rc = PC_OK;

    date_add_years(L->as_of, L->warn_years, limit);
    v = calloc(L->nitems ? L->nitems : 1, sizeof *v);
    if (!v)
        return nomem(err);
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
        if (it->spend_by_days_left < 0)
            rc = warnf(C, err,
                       "%s: %s unspent was to be spent by %s (%ld days ago): "
                       "overdue for repayment",
                       it->id, gbp(m[0], sizeof m[0], it->at_risk_gbp),
                       it->spend_by, -it->spend_by_days_left);
        else
            rc = warnf(C, err,
                       "%s: %s unspent must be spent by %s (%ld days left), "
                       "within %d years: %s at risk (%s)",
                       it->id, gbp(m[0], sizeof m[0], it->unspent_gbp),
                       it->spend_by, it->spend_by_days_left, L->warn_years,
                       gbp(m[1], sizeof m[1], it->at_risk_gbp), why);
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
}

static int by_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;

    return strcmp(x, y);
}

static pc_status totals(ctx *C, pc_error *err)
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
        return nomem(err);
    for (size_t i = 0; i < L->nitems; i++) {
        const char *p = L->items[i].place ? L->items[i].place : "(unknown)";
        size_t j = 0;

        while (j < n && strcmp(names[j], p))
            j++;
        if (j == n)
            names[n++] = p;
    }
    qsort(names, n, sizeof *names, by_name);
    L->places = ds_arena_calloc(C->a, n, sizeof *L->places);
    if (!L->places) {
        free(names);
        return nomem(err);
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
        L->years = ds_arena_calloc(C->a, L->nyears, sizeof *L->years);
        if (!L->years)
            return nomem(err);
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

static pc_status params_used(ctx *C, int from_option, pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    size_t n = plan_params_count(C->P), k = 0;

    L->params = ds_arena_calloc(C->a, n + 1, sizeof *L->params);
    if (!L->params)
        return nomem(err);
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

static pc_status notes(ctx *C, pc_error *err)
{
    plan_contrib_ledger *L = C->L;
    const char *v[7];
    size_t n = 0;

    v[n++] = ds_arena_printf(
        C->a,
        "Amounts are prices at their base date, indexed to each receipt "
        "(a trigger's: 1 April of its year) and to the as-of date %s by %s; "
        "an amount without a base date is not indexed.",
        L->as_of, L->index_basis);
    v[n++] = ds_arena_printf(
        C->a,
        "Trigger years come from the site's trajectory: commencement is the "
        "year of its first completions, occupation:N the first year in "
        "which cumulative completions reach N (occupation taken as "
        "completion), date:D the monitoring year of D (1 April to 31 "
        "March). After the base year %d the trajectory is stretched by the "
        "delivery factor %.2f and delayed by %d year%s; a site without a "
        "trajectory leaves its triggers unscheduled.",
        L->base_year, L->delivery_factor, L->slippage_years,
        L->slippage_years == 1 || L->slippage_years == -1 ? "" : "s");
    v[n++] = ds_arena_printf(
        C->a,
        "Money received counts against the triggers, earliest first: a "
        "trigger is received when what is left covers its base-date or "
        "indexed amount, whichever is less, and money beyond their indexed "
        "amounts pays part of the next. Other triggers are expected in "
        "their year; one due before %d is overdue and counted in %d; one "
        "without a year is unscheduled and counted in the totals only. "
        "Spent and repaid items expect nothing more (closed).",
        L->as_of_year, L->as_of_year);
    v[n++] = ds_arena_printf(
        C->a,
        "Secured items are agreed, received, transferred or spent; "
        "requested items are forecast but not secured, and their receipts "
        "are shown apart (requested).");
    v[n++] = ds_arena_printf(
        C->a,
        "Unspent = received - spent (repaid items: 0). Spend-by = received "
        "date + spend_by_years. At risk: unspent money whose spend-by date "
        "is within %d years of %s or has passed (overdue for repayment), "
        "unless its purpose is a committed or delivered scheme, eligible "
        "for the fund, whose spend from the receipt's year to the year "
        "before the spend-by year covers it (covered by; a scheme's spend "
        "counts once, earliest deadline first).",
        L->warn_years, L->as_of);
    for (size_t i = 0; i < n; i++)
        if (!v[i])
            return nomem(err);
    L->notes = ds_arena_calloc(C->a, n, sizeof *L->notes);
    if (!L->notes)
        return nomem(err);
    memcpy(L->notes, v, n * sizeof *v);
    L->nnotes = n;
    return PC_OK;
}

/* --- the ledger -------------------------------------------------------- */

static int by_id(const void *a, const void *b)
{
    const ds_contribution *x = *(const ds_contribution *const *)a;
    const ds_contribution *y = *(const ds_contribution *const *)b;

    return strcmp(x->id, y->id);
}

static pc_status setup(ctx *C, const plan_contrib_opts *opts, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    plan_contrib_ledger *L = C->L;
    const char *as_of = opts && opts->as_of ? opts->as_of : plan_as_of(ds);
    size_t j;
    double v;
    int need_rate = 0;
    pc_status rc;

    if (!as_of)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "no as-of date: the dataset has no list sizes (give "
                       "one)");
    if (plan_date_days(as_of, &C->as_of_days, err) != PC_OK)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "as-of date \"%.32s\" (expected a date YYYY-MM-DD)",
                       as_of);
    snprintf(L->as_of, sizeof L->as_of, "%s", as_of);
    L->as_of_year = plan_date_year(as_of);
    L->base_year = ds->base_year;
    L->dataset = ds->name;
    /* the indexation */
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
                ? ds_arena_printf(C->a,
                                  "the cost_index series (%zu entries, %s to "
                                  "%s), held at its last value after that "
                                  "(no contribution_index_rate)",
                                  ds->ncost_index, L->index_first,
                                  L->index_last)
                : ds_arena_printf(C->a,
                                  "the cost_index series (%zu entries, %s to "
                                  "%s), then contribution_index_rate %g%% a "
                                  "year",
                                  ds->ncost_index, L->index_first,
                                  L->index_last, C->rate * 100);
    } else if (!isnan(C->rate)) {
        L->index_basis = ds_arena_printf(C->a,
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
        L->index_basis = ds_arena_printf(C->a, "nothing (no amount has a base "
                                               "date)");
    }
    if (!L->index_basis)
        return nomem(err);
    /* the warning window */
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
    /* indexes of the dataset's ids */
    for (size_t i = 0; i < ds->nsites; i++)
        if (ds_index_put(&C->sites, ds->sites[i].id, i, NULL) < 0)
            return nomem(err);
    for (size_t i = 0; i < ds->nschemes; i++)
        if (ds_index_put(&C->schemes, ds->schemes[i].id, i, NULL) < 0)
            return nomem(err);
    for (size_t i = 0; i < ds->npractices; i++)
        if (ds_index_put(&C->practices, ds->practices[i].code, i, NULL) < 0)
            return nomem(err);
    for (size_t i = 0; i < ds->nlads; i++)
        if (ds_index_put(&C->lads, ds->lads[i].code, i, NULL) < 0)
            return nomem(err);
    C->scheme_left =
        calloc(ds->nschemes ? ds->nschemes : 1, sizeof *C->scheme_left);
    if (!C->scheme_left)
        return nomem(err);
    return PC_OK;
}

pc_status plan_contrib_build(const ds_dataset *ds, const plan_scenario *sc,
                             const plan_contrib_opts *opts,
                             plan_contrib_ledger **out, pc_error *err)
{
    ctx C;
    plan_scenario *blank = NULL;
    plan_contrib_ledger *L = NULL;
    const ds_contribution **order = NULL;
    pc_status rc = PC_OK;

    memset(&C, 0, sizeof C);
    C.ds = ds;
    if (!sc && !(sc = blank = plan_scenario_new())) {
        rc = nomem(err);
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
    if (!(L = calloc(1, sizeof *L)) || !(L->arena = ds_arena_new())) {
        rc = nomem(err);
        goto fail;
    }
    C.L = L;
    C.a = L->arena;
    L->delivery_factor = C.f;
    L->slippage_years = C.s;
    if ((rc = plan_params_new(ds, sc, &C.P, err)) != PC_OK ||
        (rc = setup(&C, opts, err)) != PC_OK)
        goto fail;
    order = calloc(ds->ncontributions ? ds->ncontributions : 1, sizeof *order);
    L->items = ds_arena_calloc(C.a, ds->ncontributions, sizeof *L->items);
    if (!order || !L->items) {
        rc = nomem(err);
        goto fail;
    }
    for (size_t i = 0; i < ds->ncontributions; i++)
        order[i] = &ds->contributions[i];
    qsort(order, ds->ncontributions, sizeof *order, by_id);
    for (size_t i = 0; i < ds->ncontributions; i++) {
        if ((rc = build_item(&C, order[i], &L->items[i], err)) != PC_OK)
            goto fail;
        L->nitems++;
    }
    if ((rc = money_at_risk(&C, err)) != PC_OK ||
        (rc = totals(&C, err)) != PC_OK ||
        (rc = params_used(&C, opts && opts->warn_years >= 0, err)) != PC_OK ||
        (rc = notes(&C, err)) != PC_OK)
        goto fail;
    L->warnings = ds_arena_calloc(C.a, C.nwarn, sizeof *L->warnings);
    if (!L->warnings) {
        rc = nomem(err);
        goto fail;
    }
    if (C.nwarn)
        memcpy(L->warnings, C.warn, C.nwarn * sizeof *C.warn);
    L->nwarnings = C.nwarn;
    *out = L;
    L = NULL;

fail:
    plan_contrib_free(L);
    free(order);
    free(C.warn);
    if (C.scheme_left)
        for (size_t i = 0; i < ds->nschemes; i++)
            free(C.scheme_left[i]);
    free(C.scheme_left);
    ds_index_free(&C.sites);
    ds_index_free(&C.schemes);
    ds_index_free(&C.practices);
    ds_index_free(&C.lads);
    plan_params_free(C.P);
    plan_scenario_free(blank);
    return rc;
}

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
           jnum(o, "land_ha", plan_round(t->land_ha, 4));
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
        jmoney(o, "amount_gbp", it->amount_gbp) &&
        jstr(o, "base_date", it->base_date) &&
        jnum(o, "index_ratio", plan_round(it->index_ratio, 6)) &&
        jstr(o, "index_basis", it->index_basis) &&
        jmoney(o, "amount_indexed_gbp", it->amount_indexed_gbp) &&
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
           jmoney(o, "at_risk_gbp", it->at_risk_gbp) &&
           jmoney(o, "covered_gbp", it->covered_gbp) &&
           jstr(o, "covered_by", it->covered_by) &&
           cJSON_AddBoolToObject(o, "illustrative", it->illustrative);
}

static int strings_json(cJSON *root, const char *key, const char *const *v,
                        size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(root, key);
    int ok = a != NULL;

    for (size_t i = 0; ok && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);

        ok = s && cJSON_AddItemToArray(a, s);
        if (!ok)
            cJSON_Delete(s);
    }
    return ok;
}

pc_status plan_contrib_json(const plan_contrib_ledger *l, pc_buf *out,
                            pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *o, *a, *t;
    int ok = root && jstr(root, "as_of", l->as_of) &&
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
    ok = ok && strings_json(root, "warnings", l->warnings, l->nwarnings) &&
         strings_json(root, "notes", l->notes, l->nnotes);
    return plan_json_out(root, ok, out, err);
}

/* --- tables ------------------------------------------------------------ */

static const char *th(char *out, size_t n, double v)
{
    pc_fmt_thousands(out, n, (long long)llround(v));
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
                return nomem(err);
            col = 0;
        } else if (col && pc_buf_puts(out, " ") != PC_OK)
            return nomem(err);
        else if (col)
            col++;
        if (pc_buf_add(out, p, w) != PC_OK)
            return nomem(err);
        col += w;
        p += w;
        while (*p == ' ')
            p++;
    }
    return pc_buf_puts(out, "\n") == PC_OK ? PC_OK : nomem(err);
}

static pc_status total_row(pc_buf *out, const plan_contrib_total *t, int w,
                           pc_error *err)
{
    char c[9][32];

    return pc_buf_printf(out,
                         "%-*s %5zu %11s %11s %11s %11s %11s %11s %11s "
                         "%11s\n",
                         w, t->name, t->items,
                         th(c[0], sizeof c[0], t->amount_indexed_gbp),
                         th(c[1], sizeof c[1], t->received_gbp),
                         th(c[2], sizeof c[2], t->spent_gbp),
                         th(c[3], sizeof c[3], t->unspent_gbp),
                         th(c[4], sizeof c[4], t->expected_secured_gbp),
                         th(c[5], sizeof c[5], t->expected_requested_gbp),
                         th(c[6], sizeof c[6], t->at_risk_gbp),
                         th(c[7], sizeof c[7], t->overdue_gbp)) == PC_OK
               ? PC_OK
               : nomem(err);
}

static pc_status total_head(pc_buf *out, const char *what, int w, pc_error *err)
{
    return pc_buf_printf(out,
                         "%-*s %5s %11s %11s %11s %11s %11s %11s %11s "
                         "%11s\n",
                         w, what, "items", "indexed", "received", "spent",
                         "unspent", "expected", "requested", "at risk",
                         "overdue") == PC_OK
               ? PC_OK
               : nomem(err);
}

pc_status plan_contrib_table(const plan_contrib_ledger *l, pc_buf *out,
                             pc_error *err)
{
    int wid = 2, wsite = 4, wplace = 5;
    size_t secured = 0;
    char c[8][32];

    for (size_t i = 0; i < l->nitems; i++) {
        const plan_contrib_item *it = &l->items[i];

        if ((int)strlen(it->id) > wid)
            wid = (int)strlen(it->id);
        if ((int)strlen(it->site_id) > wsite)
            wsite = (int)strlen(it->site_id);
        secured += (size_t)it->secured;
    }
    for (size_t i = 0; i < l->nplaces; i++)
        if ((int)strlen(l->places[i].name) > wplace)
            wplace = (int)strlen(l->places[i].name);
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
                      "%-*s %-*s %-4s %-11s %11s %11s %11s %11s %11s "
                      "%-10s %11s  %s\n",
                      wid, "id", wsite, "site", "kind", "status", "indexed",
                      "received", "spent", "unspent", "expected", "spend-by",
                      "at risk", "notes") != PC_OK)
        return nomem(err);
    for (size_t i = 0; i < l->nitems; i++) {
        const plan_contrib_item *it = &l->items[i];
        char note[160] = "";
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
            snprintf(note + n, sizeof note - n, "%soverdue for repayment",
                     n ? "; " : "");
        if (pc_buf_printf(out,
                          "%-*s %-*s %-4s %-11s %11s %11s %11s %11s %11s "
                          "%-10s %11s%s%s\n",
                          wid, it->id, wsite, it->site_id, it->kind, it->status,
                          th(c[0], sizeof c[0], it->amount_indexed_gbp),
                          th(c[1], sizeof c[1], it->received_gbp),
                          th(c[2], sizeof c[2], it->spent_gbp),
                          th(c[3], sizeof c[3], it->unspent_gbp),
                          th(c[4], sizeof c[4], it->expected_gbp),
                          it->spend_by ? it->spend_by : "-",
                          th(c[5], sizeof c[5], it->at_risk_gbp),
                          *note ? "  " : "", note) != PC_OK)
            return nomem(err);
    }
    /* triggers */
    if (pc_buf_puts(out, "\nTriggers (trigger year: amount state)\n") != PC_OK)
        return nomem(err);
    for (size_t i = 0; i < l->nitems; i++) {
        const plan_contrib_item *it = &l->items[i];

        if (!it->ntriggers)
            continue;
        if (pc_buf_printf(out, "%-*s", wid, it->id) != PC_OK)
            return nomem(err);
        for (size_t k = 0; k < it->ntriggers; k++) {
            const plan_contrib_trigger *tr = &it->triggers[k];
            char y[16] = "-";

            if (tr->year)
                snprintf(y, sizeof y, "%d", tr->year);
            if (pc_buf_printf(out, "%s%s %s: %s %s", k ? "; " : "  ", tr->text,
                              y, th(c[0], sizeof c[0], tr->amount_gbp),
                              plan_trigger_state_name(tr->state)) != PC_OK)
                return nomem(err);
            if (tr->state == PLAN_TRIGGER_OVERDUE &&
                pc_buf_printf(out, " (due %d)", tr->due_year) != PC_OK)
                return nomem(err);
        }
        if (pc_buf_puts(out, "\n") != PC_OK)
            return nomem(err);
    }
    /* receipts by year */
    if (pc_buf_puts(out, "\nExpected receipts by year (secured by fund; "
                         "requested apart)\n") != PC_OK ||
        pc_buf_printf(out, "%6s %11s %11s %11s %11s\n", "year", "s106", "cil",
                      "total", "requested") != PC_OK)
        return nomem(err);
    for (size_t i = 0; i < l->nyears; i++) {
        const plan_contrib_year *y = &l->years[i];

        if (pc_buf_printf(out, "%6d %11s %11s %11s %11s\n", y->year,
                          th(c[0], sizeof c[0], y->s106),
                          th(c[1], sizeof c[1], y->cil),
                          th(c[2], sizeof c[2], y->total),
                          th(c[3], sizeof c[3], y->requested)) != PC_OK)
            return nomem(err);
    }
    if (!l->nyears && pc_buf_puts(out, "  none\n") != PC_OK)
        return nomem(err);
    if (l->all.unscheduled_gbp > 0.005 &&
        pc_buf_printf(out, "Unscheduled (no year; in the totals only): %s\n",
                      th(c[0], sizeof c[0], l->all.unscheduled_gbp)) != PC_OK)
        return nomem(err);
    /* totals */
    if (pc_buf_puts(out, "\nTotals by place\n") != PC_OK ||
        total_head(out, "place", wplace, err) != PC_OK)
        return nomem(err);
    for (size_t i = 0; i < l->nplaces; i++)
        if (total_row(out, &l->places[i], wplace, err) != PC_OK)
            return err->code;
    if (pc_buf_puts(out, "\nTotals by fund\n") != PC_OK ||
        total_head(out, "fund", wplace, err) != PC_OK ||
        total_row(out, &l->funds[0], wplace, err) != PC_OK ||
        total_row(out, &l->funds[1], wplace, err) != PC_OK ||
        total_row(out, &l->all, wplace, err) != PC_OK)
        return nomem(err);
    if (l->all.repaid_gbp > 0.005 &&
        pc_buf_printf(out, "Repaid to developers: %s\n",
                      th(c[0], sizeof c[0], l->all.repaid_gbp)) != PC_OK)
        return nomem(err);
    if (l->all.land_ha > 0 &&
        pc_buf_printf(out, "Land: %g ha\n", plan_round(l->all.land_ha, 4)) !=
            PC_OK)
        return nomem(err);
    if (pc_buf_puts(out, "\n") != PC_OK ||
        wrap(out,
             "indexed: the amount at the as-of date; expected: receipts to "
             "come, overdue and unscheduled ones included (in the totals: "
             "of secured items); requested: receipts to come of items not "
             "secured; overdue: due before the as-of year, part of expected "
             "or requested.",
             err) != PC_OK)
        return nomem(err);
    for (size_t i = 0; i < l->nwarnings; i++)
        if (pc_buf_printf(out, "%swarning: %s\n", i ? "" : "\n",
                          l->warnings[i]) != PC_OK)
            return nomem(err);
    for (size_t i = 0; i < l->nnotes; i++) {
        if (pc_buf_puts(out, "\n") != PC_OK)
            return nomem(err);
        if (wrap(out, l->notes[i], err) != PC_OK)
            return err->code;
    }
    if (l->illustrative &&
        pc_buf_printf(out,
                      "\nIllustrative values (not published figures; marked "
                      "in the data): %zu of %zu contributions.\n",
                      l->illustrative, l->nitems) != PC_OK)
        return nomem(err);
    return PC_OK;
}
