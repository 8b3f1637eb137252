/* plan_index.c: dates and price indexation (see plan_index.h). */
#include "plan_index.h"

#include "ds_util.h"
#include "pc_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pc_status plan_date_days(const char *date, long *days, pc_error *err)
{
    long y, m, d, era, yoe, doy, doe;

    if (ds_parse_date(date, "date", err) != PC_OK)
        return PC_ERR_INPUT;
    y = atol(date);
    m = atol(date + 5);
    d = atol(date + 8);
    /* days from civil (proleptic Gregorian), March-based years */
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return PC_OK;
}

void plan_days_date(long days, char out[11])
{
    long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100),
         mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);

    if (y < 0 || y > 9999) /* outside ISO 8601's four digits: clamp */
        y = y < 0 ? 0 : 9999;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y, (unsigned)m % 13u,
             (unsigned)d % 32u);
}

int plan_date_year(const char *date)
{
    int y = atoi(date), m = atoi(date + 5);

    return m >= 4 ? y : y - 1;
}

const char *plan_as_of(const ds_dataset *ds)
{
    const char *d = NULL;

    for (size_t i = 0; i < ds->nlist_sizes; i++)
        if (!d || strcmp(ds->list_sizes[i].date, d) > 0)
            d = ds->list_sizes[i].date;
    return d;
}

/* The series' entry on or before date: its position, or -1. */
static long entry_at(const ds_dataset *ds, const char *date)
{
    long at = -1;

    for (size_t i = 0; i < ds->ncost_index; i++)
        if (strcmp(ds->cost_index[i].date, date) <= 0)
            at = (long)i;
    return at;
}

pc_status plan_index_ratio(const ds_dataset *ds, const char *from,
                           const char *to, double rate, double *ratio,
                           char *basis, size_t basis_sz, pc_error *err)
{
    char tmp[8];
    long df, dt, dl, a, b;
    double years;

    if (!basis) {
        basis = tmp;
        basis_sz = sizeof tmp;
    }
    if (plan_date_days(from, &df, err) || plan_date_days(to, &dt, err))
        return PC_ERR_INPUT;
    if (!isnan(rate) && !(rate > -1 && rate < 1))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "index rate %g a year (expected more than -1 and "
                       "less than 1)",
                       rate);
    if (ds->ncost_index == 0) {
        if (isnan(rate))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "the dataset has no cost_index series and no "
                           "index rate was given");
        years = (double)(dt - df) / 365.25;
        *ratio = pow(1 + rate, years);
        snprintf(basis, basis_sz, "%g%% a year for %.2f years", rate * 100,
                 years);
        return PC_OK;
    }
    a = entry_at(ds, from);
    b = entry_at(ds, to);
    if (a < 0 || b < 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "cost_index: no index on or before %s (the series "
                       "starts on %s)",
                       a < 0 ? from : to, ds->cost_index[0].date);
    *ratio = ds->cost_index[b].value / ds->cost_index[a].value;
    snprintf(basis, basis_sz, "cost_index: %g on %s to %g on %s",
             ds->cost_index[a].value, ds->cost_index[a].date,
             ds->cost_index[b].value, ds->cost_index[b].date);
    if (!isnan(rate) && (size_t)b + 1 == ds->ncost_index &&
        plan_date_days(ds->cost_index[b].date, &dl, err) == PC_OK && dt > dl) {
        years = (double)(dt - dl) / 365.25;
        *ratio *= pow(1 + rate, years);
        size_t len = strlen(basis);
        snprintf(basis + len, basis_sz - len,
                 ", then %g%% a year for %.2f years", rate * 100, years);
    }
    return PC_OK;
}

pc_status plan_index_money_check(const ds_dataset *ds, const char *from,
                                 const char *to, double rate, double gbp,
                                 const char *what, pc_error *err)
{
    long a, b;

    if (isfinite(gbp) && fabs(gbp) <= PLAN_MONEY_MAX)
        return PC_OK;
    a = ds->ncost_index ? entry_at(ds, from) : -1;
    b = ds->ncost_index ? entry_at(ds, to) : -1;
    if (a < 0 || b < 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: indexing from %s to %s (at %g%% a year) makes "
                       "%.3g pounds, beyond the limit of 1e12 pounds any "
                       "money figure may reach (expected an index rate that "
                       "keeps prices within it)",
                       what, from, to, rate * 100, gbp);
    return PC_FAIL(err, PC_ERR_INPUT,
                   "%s: cost_index.csv rows dated %s (value %g) and %s "
                   "(value %g) make %.3g pounds, beyond the limit of 1e12 "
                   "pounds any money figure may reach (expected index "
                   "values whose ratio keeps prices within it)",
                   what, ds->cost_index[a].date, ds->cost_index[a].value,
                   ds->cost_index[b].date, ds->cost_index[b].value, gbp);
}
