/* plan_contrib.h: developer contributions and their money over time
 * (DESIGN.md §2 "Developer contribution", §3.5): every S106 agreement and
 * CIL award, what it is worth today, when its money comes, what has been
 * received and spent, and what is at risk of repayment.
 *
 * The model, for the ledger at an as-of date D (default plan_as_of(ds), the
 * latest list-size date: outputs depend on data, never on the clock):
 *
 * Indexation. amount_gbp is a price at base_date. It is brought to another
 * date by plan_index_ratio(): the dataset's cost_index series when it has
 * one, carried on after the series' last entry at assumption
 * contribution_index_rate a year (or held, without the assumption), else
 * that rate a year compound. An amount without a base date is not indexed
 * (and the item says so); one whose base date is before the series starts
 * is not indexed either, with a warning. amount_indexed_gbp is at D.
 *
 * Trigger years, from the trajectory of the contribution's site:
 *  - commencement: the year of the site's first completions;
 *  - occupation:N: the first year in which cumulative completions reach N
 *    (occupation is taken as completion);
 *  - date:YYYY-MM-DD: the monitoring year of the date (1 April Y to
 *    31 March Y+1 is year Y).
 * A scenario's delivery factor f and slippage s (years) act on the part of
 * the trajectory after the dataset's base year B, as in the projection:
 * completions by the end of year t >= B are
 * cum_planned(B - traj_start + f x (t + 1 - B - s)), never fewer than were
 * built before B, where cum_planned(x) is the planned cumulative
 * trajectory, linear within a year; years before B are as given. A site
 * without a trajectory gives commencement and occupation triggers no year
 * ("unscheduled", with a warning); so does an item with an amount and no
 * triggers.
 *
 * Receipts. A trigger pays its percentage of the amount, indexed to
 * 1 April of its year. Money received (received_gbp on received_date)
 * counts against the triggers in order, earliest year first (then as
 * listed): the first triggers whose amounts, each the lesser of its
 * base-date amount and its amount indexed to the receipt date, add up to
 * no more than the money are "received" (so an unindexed payment settles
 * them, and a warning says the payment looks unindexed). They share the
 * money by their percentages, up to their indexed amounts, and carry the
 * receipt's year; money beyond their indexed amounts pays part of the
 * next trigger, whose expected amount falls by that share. The other
 * triggers are "expected" in their year; one due before the as-of year
 * has not been paid on time and is "overdue", counted in the as-of year
 * at its amount indexed to D (with a warning); one with no year is
 * "unscheduled", indexed to D. Items spent or repaid expect nothing
 * more: their uncovered triggers are "closed" with no amount.
 *
 * Secured items are agreed, received, transferred or spent; requested
 * items are forecast but not secured, and their receipts are totalled
 * apart.
 *
 * Spending. unspent = received - spent (a repaid item: 0; what it gave
 * back is repaid_gbp). spend_by = received_date + spend_by_years (years
 * added to the date; 29 February becomes 28 February). Money at risk is
 * unspent money whose spend-by date is within warn_years of D (on or
 * before D + warn_years) or already passed ("overdue for repayment"),
 * less what a scheme covers: when the purpose is scheme:ID and that
 * scheme is committed or delivered, eligible for the fund (its funding
 * list is empty or names the item's kind) and the deadline has not
 * passed, its spend in the years from the receipt's year to the year
 * before the spend-by year covers the money (start = earliest_start, else
 * completion_year - duration_years + 1; cost x spend_profile by year).
 * A scheme's spend is counted once: items naming it take it in order of
 * spend-by date, then id. covered_by names the scheme when it covers any.
 *
 * Imported contributions (ds->imported, from `pcplan contributions
 * import`) join the dataset's, except those whose id the dataset has (a
 * row of contributions.csv completes one). They have no site, triggers,
 * spend-by period, base date or purpose scheme: their place is their
 * council's LAD's, their amount is not indexed, their money unscheduled,
 * and unspent money of theirs has no spend-by date, so its risk is not
 * known (risk_known 0, and at_risk_gbp null in JSON), never 0.
 *
 * Totals by place (the place of the site's lad_code), by fund (s106,
 * cil) and for all; expected receipts by year from the as-of year to the
 * last year with a receipt: secured by fund, requested apart.
 * Unscheduled receipts are in the totals only.
 *
 * The ledger is built by plan_contrib.c, one contribution's item by
 * plan_contrib_item.c; the views are plan_contrib_out.c. */
#ifndef PLAN_CONTRIB_H
#define PLAN_CONTRIB_H

#include "ds_dataset.h"
#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_strlist.h"
#include "plan_scenario.h"

struct cJSON; /* <cjson/cJSON.h> */

/* --- the ledger (plan_contrib.c, plan_contrib_item.c) --------------------- */

/* Options of a ledger. */
typedef struct plan_contrib_opts {
    const char *as_of; /* YYYY-MM-DD; NULL: plan_as_of(ds) */
    int warn_years;    /* 0..50; -1: assumption contribution_warning_years */
} plan_contrib_opts;

/* Trigger states. */
typedef enum plan_trigger_state {
    PLAN_TRIGGER_RECEIVED,    /* "received": paid */
    PLAN_TRIGGER_EXPECTED,    /* "expected": to come in its year */
    PLAN_TRIGGER_OVERDUE,     /* "overdue": due before the as-of year */
    PLAN_TRIGGER_UNSCHEDULED, /* "unscheduled": no year can be given */
    PLAN_TRIGGER_CLOSED       /* "closed": spent or repaid item */
} plan_trigger_state;

const char *plan_trigger_state_name(plan_trigger_state s);

typedef struct plan_contrib_trigger {
    const char *text;  /* as given, e.g. "50%@occupation:200"; "(none)" */
    double pct;        /* of the amount */
    const char *event; /* "commencement", "occupation", "date", "none" */
    long nth;          /* occupation: N; else 0 */
    int due_year;      /* the event's year; 0 when unknown */
    int year;          /* the year the money came or comes; 0: none */
    double amount_gbp; /* indexed (see the model); part-paid: the rest */
    plan_trigger_state state;
} plan_contrib_trigger;

/* Money in one year (expected receipts). */
typedef struct plan_contrib_money {
    int year;
    double gbp;
} plan_contrib_money;

typedef struct plan_contrib_item {
    const char *id, *site_id, *site_name, *place, *kind, *status;
    int secured;           /* agreed, received, transferred or spent */
    const char *purpose;   /* NULL: none given */
    double amount_gbp;     /* at base_date */
    const char *base_date; /* NULL: not indexed */
    double index_ratio;    /* base_date to the as-of date (1: none) */
    const char *index_basis;
    double amount_indexed_gbp; /* at the as-of date */
    int land;
    double land_ha; /* NAN: not given */
    plan_contrib_trigger *triggers;
    size_t ntriggers;             /* in the order given */
    plan_contrib_money *receipts; /* expected and overdue, by year */
    size_t nreceipts;
    double expected_gbp;    /* expected + overdue + unscheduled */
    double unscheduled_gbp; /* of which with no year */
    double overdue_gbp;     /* of which overdue */
    double received_gbp, spent_gbp, unspent_gbp, repaid_gbp;
    const char *received_date; /* NULL: none */
    const char *spend_by;      /* NULL: no deadline known */
    long spend_by_days_left;   /* spend_by - as-of in days */
    double at_risk_gbp;
    double covered_gbp;     /* by covered_by */
    const char *covered_by; /* scheme id, or NULL */
    int illustrative;
    /* Imported from the national data (pcplan contributions import); NULL
     * for the dataset's own contributions. */
    const ds_contrib_import *imported;
    const char *to_complete; /* ';' list of fields; NULL: complete */
    int risk_known; /* 0: unspent money with no spend-by date because the
                       item is incomplete: at risk not known (not 0) */
} plan_contrib_item;

/* Sums over a set of items. */
typedef struct plan_contrib_total {
    const char *name; /* place, fund ("s106", "cil") or "all" */
    size_t items;
    double amount_indexed_gbp; /* all items, at the as-of date */
    double received_gbp, spent_gbp, unspent_gbp, repaid_gbp;
    double expected_secured_gbp, expected_requested_gbp;
    double unscheduled_gbp, overdue_gbp; /* parts of the expected */
    double at_risk_gbp;
    double land_ha;
    size_t incomplete;       /* items still to complete (imported) */
    double risk_unknown_gbp; /* their unspent money: at risk not known */
} plan_contrib_total;

/* Expected receipts in one year: secured by fund, requested apart. */
typedef struct plan_contrib_year {
    int year;
    double s106, cil, total, requested;
} plan_contrib_year;

/* An assumption the ledger used. */
typedef struct plan_contrib_param {
    const char *id;
    double value;
    const char *origin; /* "default", "preset", "scenario" or "option" */
} plan_contrib_param;

typedef struct plan_contrib_ledger {
    const char *dataset;
    char as_of[11];
    int as_of_year, base_year;
    double delivery_factor;
    int slippage_years;
    int warn_years;
    /* indexation */
    size_t index_entries;                 /* of the cost_index series; 0 */
    const char *index_first, *index_last; /* its dates, or NULL */
    double index_rate;                    /* NAN: none */
    const char *index_basis;              /* for people */
    plan_contrib_item *items;             /* by contribution id */
    size_t nitems;
    size_t illustrative;      /* items carrying illustrative values */
    plan_contrib_year *years; /* as_of_year .. last receipt year */
    size_t nyears;
    plan_contrib_total *places; /* by place name */
    size_t nplaces;
    plan_contrib_total funds[2]; /* s106, cil */
    plan_contrib_total all;
    plan_contrib_param *params;
    size_t nparams;
    pc_strlist warnings;    /* in arena */
    pc_strlist notes;       /* the rules above, with this ledger's values */
    struct pc_arena *arena; /* owns everything above */
} plan_contrib_ledger;

/* The ledger of ds's contributions under scenario sc (NULL: none; its
 * preset and overrides apply to the assumptions, its delivery factor and
 * slippage to the trajectories) with options opts (NULL: defaults).
 * A malformed as-of date, warn_years outside 0..50, an unknown preset, a
 * missing or out-of-range assumption (contribution_warning_years without
 * opts->warn_years; contribution_index_rate when an amount must be indexed
 * without a cost_index series) or a malformed trigger is PC_ERR_INPUT (or
 * PC_ERR_NOTFOUND for the preset) naming it. Strings are borrowed from ds:
 * free the ledger before ds. *out is owned by the caller
 * (plan_contrib_free, which accepts NULL). */
pc_status plan_contrib_build(const ds_dataset *ds, const plan_scenario *sc,
                             const plan_contrib_opts *opts,
                             plan_contrib_ledger **out, pc_error *err);
void plan_contrib_free(plan_contrib_ledger *l);

/* --- views (plan_contrib_out.c) ------------------------------------------- */

/* JSON keys: as_of, dataset, base_year, delivery {factor,
 * slippage_years}, index {series ({entries, first, last} or null), rate
 * (or null), basis}, warn_years, contributions [{contribution_id, site_id,
 * site_name, place, kind, status, secured, purpose, amount_gbp,
 * base_date, index_ratio, index_basis, amount_indexed_gbp, land, land_ha,
 * triggers [{trigger, pct, event, due_year, year, amount_gbp, state}],
 * receipts_by_year {"YYYY": gbp}, expected_gbp, received_gbp,
 * received_date, spent_gbp, unspent_gbp, repaid_gbp, spend_by,
 * days_left, at_risk_gbp (null: not known, the item is incomplete),
 * covered_gbp, covered_by, illustrative, complete, to_complete [fields],
 * imported (null, or {organisation, reference, agreement, agreement_type,
 * agreement_date, contribution_purpose, allocated_gbp})}],
 * receipts_by_year [{year, s106, cil, total, requested}], totals
 * {by_place [...], by_fund [...], all} (each {place or fund, items,
 * amount_indexed_gbp, received_gbp, spent_gbp, unspent_gbp, repaid_gbp,
 * expected_secured_gbp, expected_requested_gbp, unscheduled_gbp,
 * overdue_gbp, at_risk_gbp, land_ha, incomplete, risk_unknown_gbp}),
 * illustrative {contributions, of},
 * assumptions [{id, value, origin}], warnings, notes. Money has 2
 * decimals, ratios 6. */
pc_status plan_contrib_json(const plan_contrib_ledger *l, pc_buf *out,
                            pc_error *err);

/* The same document as a cJSON tree (plan_contrib_json prints it): *out
 * is owned by the caller (cJSON_Delete). On failure (PC_ERR_NOMEM) *out
 * is NULL. */
pc_status plan_contrib_cjson(const plan_contrib_ledger *l, struct cJSON **out,
                             pc_error *err);

/* One line per item, expected receipts by year, totals by place and fund,
 * warnings, notes and the illustrative note; money in whole pounds with
 * thousands separators. */
pc_status plan_contrib_table(const plan_contrib_ledger *l, pc_buf *out,
                             pc_error *err);

#endif
