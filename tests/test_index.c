/* test_index.c: dates and price indexation (planner/plan_index.h) on a
 * dataset built in memory: days since 1970 and monitoring years of dates
 * counted by hand (leap days, the April year boundary), the as-of date
 * from list sizes, and indexation ratios from a small cost index series
 * (100, 110, 125, 135 every two years from 2018-04-01) and from an annual
 * rate, with the basis text, the series carried on at a rate after its
 * last entry, and every error (bad dates, before the series, no series
 * and no rate, a rate out of range). */
#include "check.h"
#include "pc_error.h"
#include "plan_index.h"

#include <math.h>
#include <string.h>

/* The series every case uses: an index value from each date until the
 * next. */
static ds_cost_index series[] = {{"2018-04-01", 100, "test", NULL},
                                 {"2020-04-01", 110, "test", NULL},
                                 {"2022-04-01", 125, "test", NULL},
                                 {"2024-04-01", 135, "test", NULL}};

static ds_dataset with_series(void)
{
    ds_dataset ds = {0};

    ds.cost_index = series;
    ds.ncost_index = sizeof series / sizeof *series;
    return ds;
}

/* --- dates ------------------------------------------------------------ */

static void date_days(void)
{
    pc_error err = {0};
    long d = -1;

    CHECK(plan_date_days("1970-01-01", &d, &err) == PC_OK && d == 0);
    CHECK(plan_date_days("1970-01-02", &d, &err) == PC_OK && d == 1);
    /* 30 years with 7 leap days (1972..1996), then Jan 31 and Feb 29 */
    CHECK(plan_date_days("2000-03-01", &d, &err) == PC_OK && d == 11017);
    /* 54 years with 13 leap days (1972..2020), then 31 + 28 days */
    CHECK(plan_date_days("2024-02-29", &d, &err) == PC_OK && d == 19782);
    CHECK(plan_date_days("2024-04-01", &d, &err) == PC_OK && d == 19814);
    /* two years of 365 days later (2025 is not a leap year) */
    CHECK(plan_date_days("2026-04-01", &d, &err) == PC_OK && d == 20544);
}

static void date_errors(void)
{
    static const char *const bad[] = {"2023-02-29", "2024-13-01", "2024-04-31",
                                      "2024-4-01",  "01/04/2024", ""};

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        pc_error err = {0};
        long d = 12345;

        CHECK(plan_date_days(bad[i], &d, &err) == PC_ERR_INPUT);
        CHECK(err.code == PC_ERR_INPUT);
        CHECK_HAS(err.msg, "expected a date YYYY-MM-DD");
        if (*bad[i])
            CHECK_HAS(err.msg, bad[i]);
        CHECK(d == 12345); /* untouched */
    }
}

static void monitoring_year(void)
{
    CHECK(plan_date_year("2024-04-01") == 2024);
    CHECK(plan_date_year("2024-03-31") == 2023);
    CHECK(plan_date_year("2025-01-15") == 2024);
    CHECK(plan_date_year("2024-12-31") == 2024);
    CHECK(plan_date_year("2025-04-01") == 2025);
}

static void as_of(void)
{
    ds_list_size ls[] = {{"A1", "2023-10-01", 100},
                         {"A2", "2024-04-01", 200},
                         {"A1", "2024-01-01", 150}};
    ds_dataset ds = {0};

    CHECK(plan_as_of(&ds) == NULL);
    ds.list_sizes = ls;
    ds.nlist_sizes = 3;
    CHECK_STR(plan_as_of(&ds), "2024-04-01");
    ds.nlist_sizes = 1;
    CHECK_STR(plan_as_of(&ds), "2023-10-01");
}

/* --- ratios from the series -------------------------------------------- */

static void series_ratio(void)
{
    ds_dataset ds = with_series();
    pc_error err = {0};
    char basis[160];
    double r = 0;

    CHECK(plan_index_ratio(&ds, "2018-04-01", "2022-04-01", NAN, &r, basis,
                           sizeof basis, &err) == PC_OK);
    CHECK_NEAR(r, 1.25, 1e-12);
    CHECK_STR(basis, "cost_index: 100 on 2018-04-01 to 125 on 2022-04-01");
    /* dates between entries take the entry on or before them */
    CHECK(plan_index_ratio(&ds, "2019-06-30", "2021-01-01", NAN, &r, basis,
                           sizeof basis, &err) == PC_OK);
    CHECK_NEAR(r, 1.1, 1e-12);
    CHECK_STR(basis, "cost_index: 100 on 2018-04-01 to 110 on 2020-04-01");
    /* backwards: the day before an entry still has the previous one */
    CHECK(plan_index_ratio(&ds, "2020-04-01", "2020-03-31", NAN, &r, NULL, 0,
                           &err) == PC_OK);
    CHECK_NEAR(r, 100.0 / 110.0, 1e-12);
    /* the same date: 1 */
    CHECK(plan_index_ratio(&ds, "2023-07-07", "2023-07-07", NAN, &r, NULL, 0,
                           &err) == PC_OK);
    CHECK_NEAR(r, 1.0, 1e-15);
}

static void series_after_last(void)
{
    ds_dataset ds = with_series();
    pc_error err = {0};
    char basis[160];
    double r = 0;

    /* no rate: the last entry holds */
    CHECK(plan_index_ratio(&ds, "2018-04-01", "2026-04-01", NAN, &r, basis,
                           sizeof basis, &err) == PC_OK);
    CHECK_NEAR(r, 1.35, 1e-12);
    CHECK_STR(basis, "cost_index: 100 on 2018-04-01 to 135 on 2024-04-01");
    /* 5% a year for the 730 days after 2024-04-01 */
    CHECK(plan_index_ratio(&ds, "2018-04-01", "2026-04-01", 0.05, &r, basis,
                           sizeof basis, &err) == PC_OK);
    CHECK_NEAR(r, 1.4882755946125037, 1e-12);
    CHECK_STR(basis, "cost_index: 100 on 2018-04-01 to 135 on 2024-04-01, "
                     "then 5% a year for 2.00 years");
    /* a rate changes nothing inside the series */
    CHECK(plan_index_ratio(&ds, "2018-04-01", "2022-04-01", 0.05, &r, basis,
                           sizeof basis, &err) == PC_OK);
    CHECK_NEAR(r, 1.25, 1e-12);
    CHECK_STR(basis, "cost_index: 100 on 2018-04-01 to 125 on 2022-04-01");
    /* nor on the last entry's own date */
    CHECK(plan_index_ratio(&ds, "2018-04-01", "2024-04-01", 0.05, &r, NULL, 0,
                           &err) == PC_OK);
    CHECK_NEAR(r, 1.35, 1e-12);
}

static void series_errors(void)
{
    ds_dataset ds = with_series();
    pc_error err = {0};
    double r = -7;

    CHECK(plan_index_ratio(&ds, "2017-12-31", "2022-04-01", NAN, &r, NULL, 0,
                           &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "2017-12-31");
    CHECK_HAS(err.msg, "starts on 2018-04-01");
    memset(&err, 0, sizeof err);
    CHECK(plan_index_ratio(&ds, "2022-04-01", "2018-03-31", NAN, &r, NULL, 0,
                           &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "2018-03-31");
    memset(&err, 0, sizeof err);
    CHECK(plan_index_ratio(&ds, "2022-02-30", "2022-04-01", NAN, &r, NULL, 0,
                           &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "2022-02-30");
    memset(&err, 0, sizeof err);
    CHECK(plan_index_ratio(&ds, "2018-04-01", "2026-04-01", 1.0, &r, NULL, 0,
                           &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "index rate 1 a year");
    memset(&err, 0, sizeof err);
    CHECK(plan_index_ratio(&ds, "2018-04-01", "2026-04-01", -1.0, &r, NULL, 0,
                           &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "more than -1");
    CHECK(r == -7); /* untouched by every failure */
}

/* --- ratios from a rate ------------------------------------------------ */

static void rate_ratio(void)
{
    ds_dataset ds = {0};
    pc_error err = {0};
    char basis[160];
    double r = 0;

    /* 1095 days (three years of 365 days) at 3% */
    CHECK(plan_index_ratio(&ds, "2020-04-01", "2023-04-01", 0.03, &r, basis,
                           sizeof basis, &err) == PC_OK);
    CHECK_NEAR(r, 1.0926606781907795, 1e-12);
    CHECK_STR(basis, "3% a year for 3.00 years");
    /* and back */
    CHECK(plan_index_ratio(&ds, "2023-04-01", "2020-04-01", 0.03, &r, basis,
                           sizeof basis, &err) == PC_OK);
    CHECK_NEAR(r, 0.9151972061956083, 1e-12);
    CHECK_STR(basis, "3% a year for -3.00 years");
    /* a rate of 0 and a falling index */
    CHECK(plan_index_ratio(&ds, "2020-04-01", "2023-04-01", 0, &r, NULL, 0,
                           &err) == PC_OK);
    CHECK_NEAR(r, 1.0, 1e-15);
    CHECK(plan_index_ratio(&ds, "2020-04-01", "2023-04-01", -0.5, &r, NULL, 0,
                           &err) == PC_OK);
    CHECK_NEAR(r, pow(0.5, 1095 / 365.25), 1e-12);
    CHECK(r < 0.126 && r > 0.125);
}

static void rate_errors(void)
{
    ds_dataset ds = {0};
    pc_error err = {0};
    double r = -7;

    CHECK(plan_index_ratio(&ds, "2020-04-01", "2023-04-01", NAN, &r, NULL, 0,
                           &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "no cost_index series and no index rate");
    memset(&err, 0, sizeof err);
    CHECK(plan_index_ratio(&ds, "2020-04-01", "2023-04-01", 2.5, &r, NULL, 0,
                           &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "index rate 2.5 a year");
    CHECK_HAS(err.msg, "less than 1");
    CHECK(r == -7);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {{"date_days", date_days},
                                       {"date_errors", date_errors},
                                       {"monitoring_year", monitoring_year},
                                       {"as_of", as_of},
                                       {"series_ratio", series_ratio},
                                       {"series_after_last", series_after_last},
                                       {"series_errors", series_errors},
                                       {"rate_ratio", rate_ratio},
                                       {"rate_errors", rate_errors},
                                       {NULL, NULL}};

    return check_run(cases, argc, argv);
}
