/* plan_index.h: dates and price indexation (DESIGN.md §2, §3.4, §3.5).
 *
 * A contribution's amount and a build cost per m2 are prices at a base
 * date; they are brought to another date by a cost index series (the
 * dataset's optional cost_index file, BCIS-style) or, without one, by an
 * annual rate. The index on a date is the value of the series' latest
 * entry on or before it. Dates are ISO YYYY-MM-DD; a monitoring year Y
 * runs from 1 April Y to 31 March Y+1. */
#ifndef PLAN_INDEX_H
#define PLAN_INDEX_H

#include "ds_dataset.h"
#include "pc_error.h"

/* Days from 1970-01-01 to a valid date (checked with ds_parse_date). */
pc_status plan_date_days(const char *date, long *days, pc_error *err);
/* The date `days` after 1970-01-01 as YYYY-MM-DD (plan_date_days'
 * inverse). */
void plan_days_date(long days, char out[11]);

/* The monitoring year (April-March, named by its first April) a valid
 * date falls in. */
int plan_date_year(const char *date);

/* The date the data describes, the default "today" of assessments and
 * the contributions ledger (outputs depend on data, never on the clock):
 * the latest list-size date; NULL when the dataset has no list sizes. */
const char *plan_as_of(const ds_dataset *ds);

/* The ratio that brings a price at date `from` to date `to`.
 * With a series: index(to) / index(from); `to` after the series' last
 * entry is carried on at `rate` a year (compound, by days / 365.25) when
 * rate is not NAN, else it takes the last entry. A date before the
 * series' first entry is PC_ERR_INPUT naming it.
 * Without a series: (1 + rate) ^ ((to - from) / 365.25); rate NAN is
 * PC_ERR_INPUT (no series and no rate).
 * basis (may be NULL) receives how, for people and traces, e.g.
 * "cost_index: 100 on 2018-04-01 to 135 on 2026-04-01". */
pc_status plan_index_ratio(const ds_dataset *ds, const char *from,
                           const char *to, double rate, double *ratio,
                           char *basis, size_t basis_sz, pc_error *err);

/* The largest money figure, in pounds, that indexing may produce: far
 * beyond any primary-care scheme, far inside what a pound count in 64
 * bits can hold. */
#define PLAN_MONEY_MAX 1e12

/* PC_OK when gbp, a money figure brought from date `from` to date `to` by
 * plan_index_ratio (rate as given to it), is finite and at most
 * PLAN_MONEY_MAX pounds. Otherwise PC_ERR_INPUT naming what (e.g.
 * "contribution S106-1") and the cost_index.csv rows, by date and value,
 * or the rate, that made the figure. */
pc_status plan_index_money_check(const ds_dataset *ds, const char *from,
                                 const char *to, double rate, double gbp,
                                 const char *what, pc_error *err);

#endif
