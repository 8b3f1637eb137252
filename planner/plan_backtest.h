/* plan_backtest.h: the projection tested against lists that came true
 * (issue 18).
 *
 * The dataset keeps list sizes at several dates. A backtest takes the lists
 * at an earlier date (`from`) as the base, projects them to a later date
 * (`to`) with the projection's own rules (plan_project: growth max, the
 * stored huff allocation, the register's assumptions, the housing
 * completions the site trajectories put between the dates) and compares
 * each forecast with the list at `to`, per practice, PCN, place and for
 * the system. Two other forecasts are compared the same way: the naive
 * one (no growth: the list at `from`) and the ONS trend alone (growth
 * trend). The error measures of each are the MAPE (mean absolute
 * percentage error), the median absolute percentage error and the bias
 * (the mean signed percentage error, forecast minus actual over actual:
 * positive = forecast too high).
 *
 * How. The dataset is projected with its base year moved to the year of
 * `from` and the lists at `from` as the base lists: row t of that run is
 * `from` + t years, with the ONS figure of year(from) + t (the
 * projection's own convention). `to` lies t = days / 365.25 years after
 * `from`; the forecast at `to` is linear between the rows either side of
 * t (a trajectory's completions are linear within a year, as in the
 * projection; so is the ONS figure between years). The spatial model is
 * the stored one, made with the latest lists.
 *
 * Practices. Every practice of the dataset is a row with a status:
 *  - used: lists at both dates, a change within the merger ratio;
 *  - set aside, with the reason: no list at one date (closed, merged or
 *    opened between them; the dataset names no successor), no patients at
 *    a date, or a list that changed by more than `merge_ratio` either way
 *    (taken as a merger or split that the dataset does not record);
 *  - joined: a practice whose patients a successor named by the dataset
 *    took over (FORMAT.md has no successor column yet, so no dataset
 *    joins any: the status is counted, and is 0).
 * PCN, place and system figures are sums over the practices used, so
 * every level measures the same patients. */
#ifndef PLAN_BACKTEST_H
#define PLAN_BACKTEST_H

#include "ds_dataset.h"
#include "ds_store.h"
#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_strlist.h"

#include <stddef.h>

struct cJSON;

/* The list change beyond which (x1.5 or /1.5) a practice is taken as
 * merged or split. */
#define PLAN_BACKTEST_MERGE_RATIO 1.5

typedef struct plan_backtest_opts {
    const char *from, *to; /* YYYY-MM-DD; NULL: earliest, latest list date */
    double merge_ratio;    /* > 1; 0: PLAN_BACKTEST_MERGE_RATIO; INFINITY:
                              set no practice aside for its change */
} plan_backtest_opts;

typedef enum plan_bt_status {
    PLAN_BT_USED = 0,
    PLAN_BT_JOINED,   /* "joined" */
    PLAN_BT_SET_ASIDE /* "set_aside" */
} plan_bt_status;

/* "used", "joined", "set_aside". */
const char *plan_bt_status_name(plan_bt_status s);

/* One practice, PCN, place or the system. Lists and forecasts are NAN
 * where there is none (a practice without a list at `from`). */
typedef struct plan_bt_row {
    const char *code;  /* practice or PCN code, place name, system code */
    const char *name;  /* for people */
    const char *pcn;   /* a practice's PCN code; NULL: none or not a practice */
    const char *place; /* a practice's or PCN's place; NULL otherwise */
    double from_list;  /* patients at `from` */
    double actual;     /* patients at `to` */
    double model;      /* forecast by the model (growth max) */
    double trend;      /* forecast by the ONS trend alone */
    double naive;      /* forecast with no growth: from_list */
    plan_bt_status status;        /* practices; areas are "used" */
    const char *reason;           /* why set aside or joined; NULL when used */
    size_t practices;             /* areas: practices used in it */
    struct plan_bt_level *within; /* areas: the measures over its
                                     practices used; NULL otherwise */
} plan_bt_row;

/* The error measures of one forecast over n rows, in percent. */
typedef struct plan_bt_measures {
    size_t n;
    double mape;       /* mean |F - A| / A x 100 */
    double median_ape; /* median of the same */
    double bias;       /* mean (F - A) / A x 100 */
} plan_bt_measures;

/* The three forecasts' measures at one level. */
struct plan_bt_level {
    plan_bt_measures model, trend, naive;
};
typedef struct plan_bt_level plan_bt_level;

typedef struct plan_backtest {
    const char *dataset;
    const char *from, *to;
    double years;       /* (to - from) in days / 365.25 */
    const char **dates; /* every list date of the dataset, ascending */
    size_t ndates;
    double merge_ratio;      /* as used */
    double homes;            /* completions between the dates, all sites */
    size_t sites_completing; /* sites with completions between them */
    plan_bt_row *practices;  /* dataset order */
    size_t npractices;
    plan_bt_row *pcns; /* PCNs with a practice used, dataset order;
                          then "no PCN" when one is used */
    size_t npcns;
    plan_bt_row *places; /* places with a practice used */
    size_t nplaces;
    plan_bt_row system;
    plan_bt_level practice_level, pcn_level, place_level;
    size_t nused, njoined, nset_aside;
    pc_strlist warnings;    /* the projection's, in arena */
    struct pc_arena *arena; /* owns everything above */
} plan_backtest;

/* The backtest of dataset ds with its stored spatial model sp. A date
 * that is not a valid YYYY-MM-DD, or on which the dataset has no lists,
 * is PC_ERR_INPUT naming it and the dates there are; so is `from` not
 * before `to`, fewer than two list dates, or a merge ratio not above 1.
 * The projection's errors (e.g. lad_projections without the year of
 * `from`) come back as they are, with the backtest's dates. Strings are
 * borrowed from ds: free *out (plan_backtest_free) before ds. */
pc_status plan_backtest_run(const ds_dataset *ds, const ds_spatial *sp,
                            const plan_backtest_opts *opts, plan_backtest **out,
                            pc_error *err);
void plan_backtest_free(plan_backtest *b); /* NULL-safe */

/* The measures of forecasts f against actuals a (n of each; every a > 0);
 * n = 0 gives NAN measures. PC_ERR_NOMEM only. */
pc_status plan_bt_measure(const double *f, const double *a, size_t n,
                          plan_bt_measures *out, pc_error *err);

/* --- views (plan_backtest_out.c) ---------------------------------------- */

/* JSON (format pcplan-backtest/1): format, dataset, from, to, years, dates,
 * model {growth, allocation, assumptions, timing}, housing {homes, sites,
 * note}, merge_ratio, counts {practices, used, joined, set_aside},
 * measures {practice, pcn, place: {model, trend, naive: {n, mape,
 * median_ape, bias}}}, system, places, pcns and practices [{code, name,
 * pcn, place, from, actual, model, trend, naive, status, reason,
 * practices, within {model, trend, naive} (areas: the measures over
 * their practices)}], notes, warnings. Patients carry 1 decimal, percentages 4.
 */
pc_status plan_backtest_cjson(const plan_backtest *b, struct cJSON **out,
                              pc_error *err);
pc_status plan_backtest_json(const plan_backtest *b, pc_buf *out,
                             pc_error *err);
/* The measures as a table (practice, PCN and place level, model against
 * the trend and naive forecasts), the system and places, the practices
 * set aside with their reasons, and the notes. */
pc_status plan_backtest_table(const plan_backtest *b, pc_buf *out,
                              pc_error *err);

#endif
