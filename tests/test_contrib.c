/* test_contrib.c: the contributions ledger (plan_contrib.h) against
 * hand-worked figures on a small synthetic dataset, and against SQL over
 * the contributions table of real stores (the fixture and the bundled
 * data).
 *
 * The synthetic dataset (base year 2026, list sizes at 2026-04-01, so
 * the default as-of date is 2026-04-01):
 *   places East (LAD E1) and West (LAD W1); practice P1 in E1;
 *   site S1 in E1, 500 homes: 100, 150, 150, 100 from 2027, so its first
 *   completions are in 2027 and the 200th home is built in 2028;
 *   site S2 in W1, 100 homes, no trajectory;
 *   site S3 in W1, 50 homes a year from 2020 to 2029 (already started);
 *   scheme X1 committed in East, from 2026 for 2 years, GBP 200,000 spent
 *   half a year (2026: 100,000; 2027: 100,000), any fund; X2 candidate;
 *   X3 committed but funded by icb only;
 *   contribution_index_rate 0 and no cost_index (amounts keep their
 *   value) unless a case sets them; contribution_warning_years 2. */
#include "check.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_contrib.h"
#include "store_sql.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ds_lad lads[2] = {{"E1", "East LAD", "East", {0}},
                         {"W1", "West LAD", "West", {0}}};
static ds_practice practices[1] = {
    {"P1", "Practice 1", NULL, NULL, "E1", 0, 0}};
static ds_list_size lists[1] = {{"P1", "2026-04-01", 1000}};
static long traj1[] = {100, 150, 150, 100};
static long traj3[] = {50, 50, 50, 50, 50, 50, 50, 50, 50, 50};
static ds_site sites[3];
static double profile_x1[] = {0.5, 0.5};
static ds_scheme schemes[3];
static ds_assumption assumptions[] = {
    {"contribution_index_rate", 0, "", "", NULL},
    {"contribution_warning_years", 2, "", "", NULL},
    {"unrelated", 7, "", "", NULL}};
static ds_preset_value presets[] = {
    {"slow-index", "contribution_index_rate", 0.1}};
static ds_dataset syn;

static void syn_build(void)
{
    memset(sites, 0, sizeof sites);
    sites[0] = (ds_site){.id = "S1",
                         .name = "Site One",
                         .lad_code = "E1",
                         .dwellings = 500,
                         .traj_start = 2027,
                         .traj = traj1,
                         .ntraj = 4};
    sites[1] = (ds_site){
        .id = "S2", .name = "Site Two", .lad_code = "W1", .dwellings = 100};
    sites[2] = (ds_site){.id = "S3",
                         .name = "Site Three",
                         .lad_code = "W1",
                         .dwellings = 500,
                         .traj_start = 2020,
                         .traj = traj3,
                         .ntraj = 10};
    memset(schemes, 0, sizeof schemes);
    schemes[0] = (ds_scheme){.id = "X1",
                             .place = "East",
                             .status = "committed",
                             .cost_gbp = 200000,
                             .spend_profile = profile_x1,
                             .earliest_start = 2026,
                             .duration_years = 2};
    schemes[1] = (ds_scheme){.id = "X2",
                             .place = "East",
                             .status = "candidate",
                             .cost_gbp = 500000,
                             .earliest_start = 2026,
                             .duration_years = 1};
    schemes[2] = (ds_scheme){.id = "X3",
                             .place = "West",
                             .status = "committed",
                             .cost_gbp = 500000,
                             .earliest_start = 2026,
                             .duration_years = 1,
                             .funding = "icb"};
    assumptions[0].value = 0;
    assumptions[1].value = 2;
    memset(&syn, 0, sizeof syn);
    syn.name = "synthetic";
    syn.base_year = 2026;
    syn.lads = lads;
    syn.nlads = 2;
    syn.practices = practices;
    syn.npractices = 1;
    syn.list_sizes = lists;
    syn.nlist_sizes = 1;
    syn.sites = sites;
    syn.nsites = 3;
    syn.schemes = schemes;
    syn.nschemes = 3;
    syn.assumptions = assumptions;
    syn.nassumptions = sizeof assumptions / sizeof *assumptions;
    syn.presets = presets;
    syn.npresets = 1;
}

/* A contribution of amount at base date 2026-04-01, nothing received. */
static ds_contribution contrib(const char *id, const char *site,
                               const char *kind, const char *status,
                               double amount, const char *triggers)
{
    return (ds_contribution){.id = id,
                             .site_id = site,
                             .kind = kind,
                             .status = status,
                             .amount_gbp = amount,
                             .base_date = "2026-04-01",
                             .land_ha = NAN,
                             .triggers = triggers,
                             .spend_by_years = 10,
                             .received_gbp = NAN,
                             .spent_gbp = NAN};
}

static plan_contrib_ledger *ledger(ds_contribution *c, size_t n,
                                   const char *as_of, int warn_years,
                                   const plan_scenario *sc)
{
    plan_contrib_opts o = {as_of, warn_years};
    plan_contrib_ledger *l = NULL;
    pc_error err = {0};

    syn.contributions = c;
    syn.ncontributions = n;
    if (plan_contrib_build(&syn, sc, &o, &l, &err) != PC_OK) {
        fprintf(stderr, "plan_contrib_build: %s\n", err.msg);
        CHECK(0);
        return NULL;
    }
    return l;
}

static const plan_contrib_item *item(const plan_contrib_ledger *l,
                                     const char *id)
{
    for (size_t i = 0; l && i < l->nitems; i++)
        if (!strcmp(l->items[i].id, id))
            return &l->items[i];
    fprintf(stderr, "no item %s\n", id);
    CHECK(0);
    return NULL;
}

/* Money of item it in year y (expected and overdue receipts). */
static double in_year(const plan_contrib_item *it, int y)
{
    double v = 0;

    for (size_t i = 0; it && i < it->nreceipts; i++)
        if (it->receipts[i].year == y)
            v += it->receipts[i].gbp;
    return v;
}

static int has_warning(const plan_contrib_ledger *l, const char *a,
                       const char *b)
{
    for (size_t i = 0; l && i < l->warnings.count; i++)
        if (strstr(l->warnings.items[i], a) &&
            (!b || strstr(l->warnings.items[i], b)))
            return 1;
    return 0;
}

/* The case of the brief: GBP 100,000 in halves on commencement (2027) and
 * the 200th home (100 built in 2027, 250 by the end of 2028). */
static void triggers_from_trajectory(void)
{
    ds_contribution c[1];
    plan_contrib_ledger *l;
    const plan_contrib_item *it;

    syn_build();
    c[0] = contrib("C1", "S1", "s106", "agreed", 100000,
                   "50%@commencement;50%@occupation:200");
    l = ledger(c, 1, NULL, -1, NULL);
    it = item(l, "C1");
    if (!it)
        goto done;
    CHECK_STR(l->as_of, "2026-04-01");
    CHECK(l->as_of_year == 2026 && l->warn_years == 2);
    CHECK_NEAR(it->amount_indexed_gbp, 100000, 1e-9);
    CHECK(it->ntriggers == 2);
    CHECK(it->triggers[0].due_year == 2027 && it->triggers[0].year == 2027);
    CHECK(it->triggers[1].due_year == 2028 && it->triggers[1].year == 2028);
    CHECK(it->triggers[1].nth == 200);
    CHECK(it->triggers[0].state == PLAN_TRIGGER_EXPECTED);
    CHECK(it->triggers[1].state == PLAN_TRIGGER_EXPECTED);
    CHECK(it->nreceipts == 2);
    CHECK_NEAR(in_year(it, 2027), 50000, 1e-9);
    CHECK_NEAR(in_year(it, 2028), 50000, 1e-9);
    CHECK_NEAR(it->expected_gbp, 100000, 1e-9);
    CHECK(it->secured && !strcmp(it->place, "East"));
    CHECK(l->nyears == 3); /* 2026 .. 2028 */
    if (l->nyears == 3) {
        CHECK(l->years[0].year == 2026 && l->years[0].total == 0);
        CHECK_NEAR(l->years[1].s106, 50000, 1e-9);
        CHECK_NEAR(l->years[2].total, 50000, 1e-9);
        CHECK(l->years[2].cil == 0 && l->years[2].requested == 0);
    }
    CHECK_NEAR(l->all.expected_secured_gbp, 100000, 1e-9);
    CHECK(l->all.expected_requested_gbp == 0);
    CHECK(l->warnings.count == 0);
    /* the assumptions it used, with their origin */
    CHECK(l->nparams == 2);
    if (l->nparams == 2) {
        CHECK_STR(l->params[0].id, "contribution_index_rate");
        CHECK_STR(l->params[1].id, "contribution_warning_years");
        CHECK_STR(l->params[1].origin, "default");
    }
done:
    plan_contrib_free(l);
}

/* Money received counts against the triggers, earliest first. */
static void partial_receipt(void)
{
    ds_contribution c[3];
    plan_contrib_ledger *l;
    const plan_contrib_item *a, *b, *d;

    syn_build();
    /* listed last-first: the order of the years counts, not the text's */
    c[0] = contrib("A", "S1", "s106", "received", 100000,
                   "50%@occupation:200;50%@commencement");
    c[0].received_gbp = 50000;
    c[0].received_date = "2027-06-01";
    c[0].spent_gbp = 20000;
    c[1] = c[0];
    c[1].id = "B";
    c[1].received_gbp = 60000; /* and GBP 10,000 towards the second */
    c[2] = c[0];
    c[2].id = "D";
    c[2].received_gbp = 30000; /* not enough for the first */
    l = ledger(c, 3, "2027-10-01", -1, NULL);
    a = item(l, "A");
    b = item(l, "B");
    d = item(l, "D");
    if (!a || !b || !d)
        goto done;
    CHECK(a->triggers[1].state == PLAN_TRIGGER_RECEIVED);
    CHECK(a->triggers[1].year == 2027);
    CHECK_NEAR(a->triggers[1].amount_gbp, 50000, 1e-9);
    CHECK(a->triggers[0].state == PLAN_TRIGGER_EXPECTED);
    CHECK(a->triggers[0].year == 2028);
    CHECK_NEAR(a->triggers[0].amount_gbp, 50000, 1e-9);
    CHECK(a->nreceipts == 1 && in_year(a, 2028) == 50000);
    CHECK_NEAR(a->unspent_gbp, 30000, 1e-9);
    CHECK_STR(a->spend_by, "2037-06-01");
    CHECK(a->at_risk_gbp == 0);
    CHECK_NEAR(b->triggers[0].amount_gbp, 40000, 1e-6);
    CHECK(b->triggers[0].state == PLAN_TRIGGER_EXPECTED);
    CHECK(d->triggers[1].state == PLAN_TRIGGER_EXPECTED); /* 2027 = as-of */
    CHECK_NEAR(d->triggers[1].amount_gbp, 20000, 1e-6);
    CHECK(d->triggers[0].state == PLAN_TRIGGER_EXPECTED);
    CHECK_NEAR(d->expected_gbp, 70000, 1e-6);
    CHECK_NEAR(l->all.received_gbp, 140000, 1e-9);
    CHECK_NEAR(l->all.spent_gbp, 60000, 1e-9);
    CHECK_NEAR(l->all.unspent_gbp, 80000, 1e-9);
done:
    plan_contrib_free(l);
}

/* Triggers due before the as-of year and not received are overdue. */
static void overdue_trigger(void)
{
    ds_contribution c[2];
    plan_contrib_ledger *l;
    const plan_contrib_item *it, *r;

    syn_build();
    c[0] = contrib("O", "S1", "s106", "agreed", 100000,
                   "50%@commencement;50%@occupation:200");
    c[1] =
        contrib("R", "S1", "cil", "requested", 10000, "100%@date:2027-03-31");
    l = ledger(c, 2, "2029-04-01", -1, NULL);
    it = item(l, "O");
    r = item(l, "R");
    if (!it || !r)
        goto done;
    for (int k = 0; k < 2; k++) {
        CHECK(it->triggers[k].state == PLAN_TRIGGER_OVERDUE);
        CHECK(it->triggers[k].year == 2029);
        CHECK(it->triggers[k].due_year == 2027 + k);
    }
    CHECK(it->nreceipts == 1 && in_year(it, 2029) == 100000);
    CHECK_NEAR(it->overdue_gbp, 100000, 1e-9);
    CHECK(r->triggers[0].due_year == 2026); /* 31 March 2027: year 2026 */
    CHECK(r->triggers[0].state == PLAN_TRIGGER_OVERDUE);
    CHECK(has_warning(l, "O: 50%@commencement was due in 2027", "2029"));
    CHECK(has_warning(l, "O: 50%@occupation:200 was due in 2028", NULL));
    CHECK(has_warning(l, "R: 100%@date:2027-03-31", "not secured"));
    CHECK(l->nyears == 1);
    if (l->nyears == 1) {
        CHECK_NEAR(l->years[0].s106, 100000, 1e-9);
        CHECK_NEAR(l->years[0].requested, 10000, 1e-9);
        CHECK(l->years[0].cil == 0); /* requested money is apart */
    }
    CHECK_NEAR(l->all.overdue_gbp, 110000, 1e-9);
    CHECK_NEAR(l->funds[1].expected_requested_gbp, 10000, 1e-9);
done:
    plan_contrib_free(l);
}

/* A cost index series 100 (2026-04-01), 104 (2027-04-01), 110
 * (2028-04-01), then 5% a year. */
static ds_cost_index series[3] = {{"2026-04-01", 100, NULL, NULL},
                                  {"2027-04-01", 104, NULL, NULL},
                                  {"2028-04-01", 110, NULL, NULL}};

static void indexation(void)
{
    ds_contribution c[3];
    plan_contrib_ledger *l;
    const plan_contrib_item *it, *p, *u;
    /* 2028-04-01 to 2030-04-01: 730 days */
    double after = 1.10 * pow(1.05, 730 / 365.25);

    syn_build();
    assumptions[0].value = 0.05;
    syn.cost_index = series;
    syn.ncost_index = 3;
    c[0] = contrib("I", "S1", "s106", "agreed", 100000,
                   "50%@commencement;25%@occupation:200;25%@date:2030-05-01");
    /* paid indexed: GBP 52,000 for the first half on 2027-05-01 */
    c[1] = contrib("P", "S1", "s106", "received", 100000,
                   "50%@commencement;50%@occupation:200");
    c[1].received_gbp = 52000;
    c[1].received_date = "2027-05-01";
    /* paid unindexed: GBP 50,000 */
    c[2] = c[1];
    c[2].id = "U";
    c[2].received_gbp = 50000;
    l = ledger(c, 3, NULL, -1, NULL);
    it = item(l, "I");
    p = item(l, "P");
    u = item(l, "U");
    if (!it || !p || !u)
        goto done;
    CHECK_NEAR(it->amount_indexed_gbp, 100000, 1e-6);
    CHECK_NEAR(it->triggers[0].amount_gbp, 50000 * 1.04, 1e-6);
    CHECK_NEAR(it->triggers[1].amount_gbp, 25000 * 1.10, 1e-6);
    CHECK(it->triggers[2].year == 2030);
    CHECK_NEAR(it->triggers[2].amount_gbp, 25000 * after, 1e-6);
    CHECK_NEAR(in_year(it, 2027), 52000, 1e-6);
    CHECK_NEAR(in_year(it, 2028), 27500, 1e-6);
    CHECK(p->triggers[0].state == PLAN_TRIGGER_RECEIVED);
    CHECK_NEAR(p->triggers[0].amount_gbp, 52000, 1e-6);
    CHECK_NEAR(p->triggers[1].amount_gbp, 55000, 1e-6); /* nothing left */
    CHECK(!has_warning(l, "P: ", "unindexed"));
    CHECK(u->triggers[0].state == PLAN_TRIGGER_RECEIVED);
    CHECK_NEAR(u->triggers[0].amount_gbp, 50000, 1e-6);
    CHECK_NEAR(u->triggers[1].amount_gbp, 55000, 1e-6);
    CHECK(has_warning(l, "U: ", "looks unindexed"));
    CHECK(l->index_entries == 3 && l->index_rate == 0.05);
    plan_contrib_free(l);
    /* at a later as-of date the amount is worth more */
    l = ledger(c, 1, "2027-06-01", -1, NULL);
    if (l)
        CHECK_NEAR(l->items[0].amount_indexed_gbp, 104000, 1e-6);
    plan_contrib_free(l);
    /* no series: the rate alone, from 2026-04-01 (731 days to 2028-04-01,
     * through 29 February 2028) */
    syn.ncost_index = 0;
    l = ledger(c, 1, NULL, -1, NULL);
    if (l)
        CHECK_NEAR(l->items[0].triggers[1].amount_gbp,
                   25000 * pow(1.05, 731 / 365.25), 1e-6);
    plan_contrib_free(l);
    /* a base date before the series: not indexed, with a warning */
    syn.ncost_index = 3;
    c[0].base_date = "2020-04-01";
    l = ledger(c, 1, NULL, -1, NULL);
    if (l) {
        CHECK_NEAR(l->items[0].amount_indexed_gbp, 100000, 1e-9);
        CHECK(has_warning(l, "I: not indexed", "2020-04-01"));
    }
    plan_contrib_free(l);
    /* a falling index: GBP 45,000 paid on the day the index is at 90
     * settles the first half (its indexed amount, less than its base-date
     * one) */
    {
        ds_cost_index fall[2] = {{"2026-04-01", 100, NULL, NULL},
                                 {"2027-04-01", 90, NULL, NULL}};

        syn.cost_index = fall;
        syn.ncost_index = 2;
        c[1].received_gbp = 45000;
        c[1].received_date = "2027-04-01"; /* on the last entry: 0.9 */
        l = ledger(c + 1, 1, NULL, -1, NULL);
        if (l) {
            CHECK(l->items[0].triggers[0].state == PLAN_TRIGGER_RECEIVED);
            CHECK_NEAR(l->items[0].triggers[0].amount_gbp, 45000, 1e-6);
            CHECK(l->items[0].triggers[1].state == PLAN_TRIGGER_EXPECTED);
            CHECK(!has_warning(l, "P: ", "unindexed"));
        }
        plan_contrib_free(l);
        syn.cost_index = series;
        syn.ncost_index = 3;
    }
    /* no base date: not indexed, and said so */
    c[0].base_date = NULL;
    l = ledger(c, 1, NULL, -1, NULL);
    if (l) {
        CHECK_NEAR(l->items[0].triggers[1].amount_gbp, 25000, 1e-9);
        CHECK_HAS(l->items[0].index_basis, "no base date");
        CHECK(has_warning(l, "I: no base date", NULL));
    }
    plan_contrib_free(l);
done:
    syn.cost_index = NULL;
    syn.ncost_index = 0;
}

/* Slippage s and delivery factor f after the base year: completions by
 * the end of year t are cum(-1 + f (t + 1 - 2026 - s)) for S1, with
 * cum(x) = 100 x for x <= 1, 100 + 150 (x - 1) for x in [1, 2]. */
static void delivery_and_slippage(void)
{
    static const struct {
        double f;
        int s;
        int comm, occ200;
    } cases[] = {
        {1.0, 0, 2027, 2028},
        {1.0, 1, 2028, 2029}, /* one year later */
        {0.5, 0, 2028, 2031}, /* -1 + (t - 2025)/2 > 0; >= 5/3 */
        {0.5, 1, 2029, 2032}, /* -1 + (t - 2026)/2 > 0; >= 5/3 */
        /* faster delivery also brings the planned start forward: the
         * trajectory from the base year on is compressed, so x(2026) = 1 */
        {2.0, 0, 2026, 2027},
    };
    ds_contribution c[2];

    syn_build();
    c[0] = contrib("D", "S1", "s106", "agreed", 100000,
                   "50%@commencement;50%@occupation:200");
    /* S3 started in 2020: its commencement stays; 50 a year, 300 by the
     * end of 2025, then 50 x f a year after slippage */
    c[1] = contrib("E", "S3", "s106", "agreed", 100000,
                   "50%@commencement;50%@occupation:400");
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        plan_scenario *sc = plan_scenario_new();
        plan_contrib_ledger *l;
        const plan_contrib_item *it, *e;

        if (!sc) {
            CHECK(0);
            return;
        }
        sc->delivery_factor = cases[k].f;
        sc->slippage_years = cases[k].s;
        sc->slippage_set = 1;
        l = ledger(c, 2, NULL, -1, sc);
        it = item(l, "D");
        e = item(l, "E");
        if (it && e) {
            int occ400 = 2026 + cases[k].s +
                         (int)ceil(100 / (50 * cases[k].f) - 1e-9) - 1;

            CHECK(it->triggers[0].due_year == cases[k].comm);
            CHECK(it->triggers[1].due_year == cases[k].occ200);
            CHECK(e->triggers[0].due_year == 2020);
            CHECK(e->triggers[0].state == PLAN_TRIGGER_OVERDUE);
            CHECK(e->triggers[1].due_year == occ400);
            if (e->triggers[1].due_year != occ400)
                fprintf(stderr, "case %zu: E occupation:400 in %d, not %d\n", k,
                        e->triggers[1].due_year, occ400);
            CHECK(l->delivery_factor == cases[k].f);
        }
        plan_contrib_free(l);
        plan_scenario_free(sc);
    }
}

/* Money at risk within 2 years of 2026-04-01 (on or before 2028-04-01),
 * and the scheme that covers it. */
static void at_risk_and_covered(void)
{
    ds_contribution c[7];
    plan_contrib_ledger *l;
    const plan_contrib_item *r1, *r2, *r3, *r4, *r5, *r6, *r7;

    syn_build();
    for (int i = 0; i < 7; i++) {
        c[i] =
            contrib("", "S1", "s106", "received", 100000, "100%@commencement");
        c[i].received_gbp = 100000;
        c[i].received_date = "2020-06-01";
        c[i].spend_by_years = 7; /* 2027-06-01: 426 days after as-of */
        c[i].purpose = "general";
    }
    c[0].id = "R1";
    c[1].id = "R2";
    c[1].purpose = "scheme:X1"; /* X1 spends 100,000 in 2026 */
    c[2].id = "R3";
    c[2].purpose = "scheme:X1"; /* later deadline: X1's 2026 is taken */
    c[2].received_date = "2020-07-01";
    c[2].amount_gbp = c[2].received_gbp = 150000;
    c[3].id = "R4";
    c[3].purpose = "scheme:X2"; /* a candidate */
    c[4].id = "R5";
    c[4].received_date = "2025-01-01"; /* 2035-01-01: not yet */
    c[4].spend_by_years = 10;
    c[5].id = "R6";
    c[5].received_date = "2015-01-01"; /* 2025-01-01: passed */
    c[5].spend_by_years = 10;
    c[5].spent_gbp = 40000;
    c[6].id = "R7";
    c[6].purpose = "scheme:X3"; /* committed, but not for s106 money */
    l = ledger(c, 7, NULL, -1, NULL);
    r1 = item(l, "R1");
    r2 = item(l, "R2");
    r3 = item(l, "R3");
    r4 = item(l, "R4");
    r5 = item(l, "R5");
    r6 = item(l, "R6");
    r7 = item(l, "R7");
    if (!r1 || !r2 || !r3 || !r4 || !r5 || !r6 || !r7)
        goto done;
    CHECK_STR(r1->spend_by, "2027-06-01");
    CHECK(r1->spend_by_days_left == 426);
    CHECK_NEAR(r1->at_risk_gbp, 100000, 1e-9);
    CHECK(r1->covered_by == NULL);
    CHECK(has_warning(l,
                      "R1: \xc2\xa3"
                      "100,000 unspent must be spent by "
                      "2027-06-01 (426 days left)",
                      NULL));
    CHECK(r2->at_risk_gbp == 0);
    CHECK_STR(r2->covered_by, "X1");
    CHECK_NEAR(r2->covered_gbp, 100000, 1e-9);
    CHECK_NEAR(r3->at_risk_gbp, 150000, 1e-9); /* 2026 spend taken by R2 */
    CHECK(r3->covered_by == NULL);
    CHECK_NEAR(r4->at_risk_gbp, 100000, 1e-9);
    CHECK(has_warning(l, "R4: ", "X2 is candidate"));
    CHECK(r5->at_risk_gbp == 0 && r5->spend_by_days_left > 730);
    CHECK_NEAR(r6->unspent_gbp, 60000, 1e-9);
    CHECK_NEAR(r6->at_risk_gbp, 60000, 1e-9);
    CHECK(r6->spend_by_days_left == -455);
    CHECK(has_warning(l, "R6: ", "overdue for repayment"));
    CHECK_NEAR(r7->at_risk_gbp, 100000, 1e-9);
    CHECK(has_warning(l, "R7: ", "does not list s106"));
    CHECK_NEAR(l->all.at_risk_gbp, 510000, 1e-9);
    plan_contrib_free(l);
    /* a later deadline for R3 reaches X1's 2027 spend: 2028-07-01 is
     * beyond 2 years, so give 3 */
    c[2].spend_by_years = 8;
    l = ledger(c, 7, NULL, 3, NULL);
    r3 = item(l, "R3");
    if (r3) {
        CHECK_STR(r3->spend_by, "2028-07-01");
        CHECK_NEAR(r3->covered_gbp, 100000, 1e-9); /* 2027's half */
        CHECK_NEAR(r3->at_risk_gbp, 50000, 1e-9);
        CHECK_STR(r3->covered_by, "X1");
        CHECK(l->warn_years == 3);
        CHECK(l->nparams >= 1 &&
              !strcmp(l->params[l->nparams - 1].origin, "option"));
    }
    plan_contrib_free(l);
    /* a window of 0 years: only the passed deadline */
    l = ledger(c, 7, NULL, 0, NULL);
    if (l) {
        CHECK_NEAR(l->all.at_risk_gbp, 60000, 1e-9);
        CHECK(item(l, "R6")->at_risk_gbp > 0);
    }
done:
    plan_contrib_free(l);
}

/* Land only, spent, repaid; no triggers; no trajectory; bad purposes. */
static void special_items(void)
{
    ds_contribution c[7];
    plan_contrib_ledger *l;
    const plan_contrib_item *it;

    syn_build();
    c[0] = contrib("L", "S1", "s106", "agreed", 0, NULL);
    c[0].land = 1;
    c[0].land_ha = 0.5;
    c[1] = contrib("S", "S1", "s106", "spent", 80000,
                   "50%@commencement;50%@occupation:200");
    c[1].received_gbp = c[1].spent_gbp = 40000;
    c[1].received_date = "2027-05-01";
    c[2] = contrib("P", "S3", "s106", "repaid", 30000, "100%@commencement");
    c[2].received_gbp = 30000;
    c[2].received_date = "2021-01-01";
    c[3] = contrib("N", "S2", "cil", "agreed", 20000, NULL);
    c[4] = contrib("T", "S2", "s106", "agreed", 60000,
                   "50%@commencement;50%@date:2030-01-01");
    c[5] = contrib("Q", "S1", "s106", "agreed", 1000, "100%@commencement");
    c[5].purpose = "scheme:NOPE";
    c[5].base_date = "2027-04-01";
    c[6] = contrib("Z", "S1", "s106", "agreed", 1000, "100%@commencement");
    c[6].purpose = "practice:NOPE";
    l = ledger(c, 7, NULL, -1, NULL);
    if (!l)
        return;
    it = item(l, "L");
    CHECK(it && it->ntriggers == 0 && it->at_risk_gbp == 0 &&
          it->expected_gbp == 0 && it->land && it->land_ha == 0.5);
    it = item(l, "S");
    if (it) {
        CHECK(it->triggers[0].state == PLAN_TRIGGER_RECEIVED);
        CHECK(it->triggers[1].state == PLAN_TRIGGER_CLOSED);
        CHECK(it->unspent_gbp == 0 && it->expected_gbp == 0);
        CHECK(it->nreceipts == 0 && it->secured);
    }
    it = item(l, "P");
    if (it) {
        CHECK(it->unspent_gbp == 0 && it->repaid_gbp == 30000);
        CHECK(it->at_risk_gbp == 0 && !it->secured);
    }
    it = item(l, "N");
    if (it) {
        CHECK(it->ntriggers == 1 && !strcmp(it->triggers[0].event, "none"));
        CHECK(it->triggers[0].state == PLAN_TRIGGER_UNSCHEDULED);
        CHECK(it->unscheduled_gbp == 20000 && it->nreceipts == 0);
        CHECK(has_warning(l, "N: no payment triggers", NULL));
    }
    it = item(l, "T");
    if (it) {
        CHECK(it->triggers[0].state == PLAN_TRIGGER_UNSCHEDULED);
        CHECK(it->triggers[1].state == PLAN_TRIGGER_EXPECTED);
        CHECK(it->triggers[1].year == 2029);
        CHECK(has_warning(l, "T: site S2 has no trajectory", NULL));
    }
    CHECK(has_warning(l, "Q: purpose names scheme NOPE", NULL));
    CHECK(has_warning(l, "Q: the amount's base date 2027-04-01", NULL));
    CHECK(has_warning(l, "Z: purpose names practice NOPE", NULL));
    CHECK_NEAR(l->all.land_ha, 0.5, 1e-12);
    CHECK_NEAR(l->all.unscheduled_gbp, 50000, 1e-9);
    CHECK_NEAR(l->all.repaid_gbp, 30000, 1e-9);
    /* receipts by year leave the unscheduled out */
    {
        double sum = 0;

        for (size_t y = 0; y < l->nyears; y++)
            sum += l->years[y].total + l->years[y].requested;
        CHECK_NEAR(sum + l->all.unscheduled_gbp,
                   l->all.expected_secured_gbp + l->all.expected_requested_gbp,
                   1e-6);
    }
    plan_contrib_free(l);
}

static void check_sums(const plan_contrib_ledger *l)
{
    plan_contrib_total want = {0};
    double by_year = 0;

    for (size_t p = 0; p < l->nplaces + 3; p++) {
        const plan_contrib_total *t = p < l->nplaces ? &l->places[p]
                                      : p == l->nplaces + 2
                                          ? &l->all
                                          : &l->funds[p - l->nplaces];
        size_t n = 0;

        memset(&want, 0, sizeof want);
        for (size_t i = 0; i < l->nitems; i++) {
            const plan_contrib_item *it = &l->items[i];
            int in = p < l->nplaces ? it->place && !strcmp(it->place, t->name)
                     : p == l->nplaces + 2 ? 1
                                           : !strcmp(it->kind, t->name);

            if (!in)
                continue;
            n++;
            want.amount_indexed_gbp += it->amount_indexed_gbp;
            want.received_gbp += it->received_gbp;
            want.spent_gbp += it->spent_gbp;
            want.unspent_gbp += it->unspent_gbp;
            want.at_risk_gbp += it->at_risk_gbp;
            if (it->secured)
                want.expected_secured_gbp += it->expected_gbp;
            else
                want.expected_requested_gbp += it->expected_gbp;
        }
        CHECK(t->items == n);
        CHECK_NEAR(t->amount_indexed_gbp, want.amount_indexed_gbp, 1e-6);
        CHECK_NEAR(t->received_gbp, want.received_gbp, 1e-6);
        CHECK_NEAR(t->spent_gbp, want.spent_gbp, 1e-6);
        CHECK_NEAR(t->unspent_gbp, want.unspent_gbp, 1e-6);
        CHECK_NEAR(t->at_risk_gbp, want.at_risk_gbp, 1e-6);
        CHECK_NEAR(t->expected_secured_gbp, want.expected_secured_gbp, 1e-6);
        CHECK_NEAR(t->expected_requested_gbp, want.expected_requested_gbp,
                   1e-6);
        CHECK_NEAR(t->received_gbp,
                   t->spent_gbp + t->unspent_gbp + t->repaid_gbp, 1e-6);
    }
    for (size_t y = 0; y < l->nyears; y++) {
        CHECK_NEAR(l->years[y].total, l->years[y].s106 + l->years[y].cil, 1e-6);
        by_year += l->years[y].total + l->years[y].requested;
    }
    CHECK_NEAR(by_year + l->all.unscheduled_gbp,
               l->all.expected_secured_gbp + l->all.expected_requested_gbp,
               1e-4);
}

/* Totals by place and fund are the sums of their items. */
static void totals_are_sums(void)
{
    ds_contribution c[5];
    plan_contrib_ledger *l;

    syn_build();
    c[0] = contrib("A", "S1", "s106", "agreed", 100000,
                   "50%@commencement;50%@occupation:200");
    c[1] = contrib("B", "S3", "cil", "received", 40000, "100%@commencement");
    c[1].received_gbp = 40000;
    c[1].received_date = "2021-05-01";
    c[1].spent_gbp = 5000;
    c[1].spend_by_years = 6;
    c[2] = contrib("C", "S3", "s106", "requested", 70000,
                   "30%@commencement;70%@occupation:450");
    c[3] = contrib("D", "S2", "cil", "transferred", 90000, NULL);
    c[3].received_gbp = 30000;
    c[3].received_date = "2025-05-01";
    c[4] = contrib("E", "S1", "s106", "repaid", 10000, "100%@commencement");
    c[4].received_gbp = 10000;
    c[4].received_date = "2016-01-01";
    l = ledger(c, 5, NULL, -1, NULL);
    if (!l)
        return;
    CHECK(l->nplaces == 2);
    if (l->nplaces == 2) {
        CHECK_STR(l->places[0].name, "East");
        CHECK_STR(l->places[1].name, "West");
        CHECK(l->places[0].items == 2 && l->places[1].items == 3);
    }
    CHECK_NEAR(l->funds[1].at_risk_gbp, 35000, 1e-9); /* B: 2027-05-01 */
    check_sums(l);
    plan_contrib_free(l);
}

static void errors(void)
{
    ds_contribution c[1];
    plan_contrib_opts o = {NULL, -1};
    plan_contrib_ledger *l = NULL;
    plan_scenario *sc = plan_scenario_new();
    pc_error err = {0};

    syn_build();
    c[0] = contrib("C1", "S1", "s106", "agreed", 100000, "100%@commencement");
    syn.contributions = c;
    syn.ncontributions = 1;
    o.as_of = "2026-13-01";
    CHECK(plan_contrib_build(&syn, NULL, &o, &l, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "2026-13-01");
    CHECK(l == NULL);
    o.as_of = NULL;
    o.warn_years = 51;
    CHECK(plan_contrib_build(&syn, NULL, &o, &l, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "0 to 50");
    o.warn_years = -1;
    assumptions[1].value = 1.5;
    CHECK(plan_contrib_build(&syn, NULL, &o, &l, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "contribution_warning_years");
    syn.nassumptions = 1; /* the register lacks the warning window */
    CHECK(plan_contrib_build(&syn, NULL, &o, &l, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "contribution_warning_years");
    o.warn_years = 2; /* unless it is given */
    CHECK(plan_contrib_build(&syn, NULL, &o, &l, &err) == PC_OK);
    plan_contrib_free(l);
    l = NULL;
    syn.nassumptions = 0; /* nor the rate: no way to index */
    CHECK(plan_contrib_build(&syn, NULL, &o, &l, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "contribution_index_rate");
    syn_build();
    syn.contributions = c;
    syn.ncontributions = 1;
    if (sc) {
        sc->preset = strdup("nope");
        CHECK(plan_contrib_build(&syn, sc, &o, &l, &err) == PC_ERR_NOTFOUND);
        CHECK_HAS(err.msg, "slow-index");
        /* a preset's value replaces the default, with its origin */
        free(sc->preset);
        sc->preset = strdup("slow-index");
        CHECK(plan_contrib_build(&syn, sc, &o, &l, &err) == PC_OK);
        if (l) {
            CHECK(l->index_rate == 0.1);
            CHECK_STR(l->params[0].origin, "preset");
            /* 1.1 ^ (365 / 365.25) from 2026-04-01 to 2027-04-01 */
            CHECK_NEAR(l->items[0].triggers[0].amount_gbp,
                       100000 * pow(1.1, 365 / 365.25), 1e-6);
        }
        plan_contrib_free(l);
        l = NULL;
    }
    c[0].triggers = "50%@commencement;50%@handover";
    CHECK(plan_contrib_build(&syn, NULL, &o, &l, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "50%@handover");
    CHECK(l == NULL);
    plan_scenario_free(sc);
}

/* The same ledger gives the same JSON; its keys and figures. */
static void json_and_table(void)
{
    ds_contribution c[2];
    plan_contrib_ledger *l;
    pc_buf a = PC_BUF_INIT(PC_CAP_TEXT), b = PC_BUF_INIT(PC_CAP_TEXT),
           t = PC_BUF_INIT(PC_CAP_TEXT);
    pc_error err = {0};
    cJSON *root = NULL, *x;

    syn_build();
    c[0] = contrib("A", "S1", "s106", "agreed", 100000,
                   "50%@commencement;50%@occupation:200");
    c[0].illustrative = "*";
    c[1] = contrib("B", "S2", "cil", "requested", 1234567.891, NULL);
    l = ledger(c, 2, NULL, -1, NULL);
    if (!l)
        return;
    CHECK(plan_contrib_json(l, &a, &err) == PC_OK);
    CHECK(plan_contrib_json(l, &b, &err) == PC_OK);
    CHECK(a.len > 0 && !strcmp(pc_buf_str(&a), pc_buf_str(&b)));
    /* the tree is the document: printed, it is the text byte for byte */
    CHECK(plan_contrib_cjson(l, &root, &err) == PC_OK);
    if (root) {
        char *text = cJSON_Print(root);

        CHECK(text && a.len == strlen(text) + 1 &&
              !strncmp(pc_buf_str(&a), text, a.len - 1));
        cJSON_free(text);
        cJSON_Delete(root);
    }
    root = cJSON_Parse(pc_buf_str(&a));
    CHECK(root != NULL);
    if (root) {
        x = cJSON_GetObjectItem(root, "contributions");
        CHECK(cJSON_GetArraySize(x) == 2);
        x = cJSON_GetArrayItem(x, 1);
        CHECK_NEAR(cJSON_GetObjectItem(x, "amount_gbp")->valuedouble,
                   1234567.89, 1e-9);
        CHECK(cJSON_IsFalse(cJSON_GetObjectItem(x, "secured")));
        x = cJSON_GetObjectItem(
            cJSON_GetArrayItem(cJSON_GetObjectItem(root, "contributions"), 0),
            "receipts_by_year");
        CHECK_NEAR(cJSON_GetObjectItem(x, "2028")->valuedouble, 50000, 1e-9);
        x = cJSON_GetObjectItem(root, "illustrative");
        CHECK(cJSON_GetObjectItem(x, "contributions")->valueint == 1);
        CHECK(cJSON_GetObjectItem(x, "of")->valueint == 2);
        x = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "totals"), "all");
        CHECK_NEAR(
            cJSON_GetObjectItem(x, "expected_requested_gbp")->valuedouble,
            1234567.89, 1e-9);
        CHECK(cJSON_IsNull(
            cJSON_GetObjectItem(cJSON_GetObjectItem(root, "index"), "series")));
        CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(root, "notes")) >= 5);
    }
    CHECK(plan_contrib_table(l, &t, &err) == PC_OK);
    CHECK_HAS(pc_buf_str(&t), "1,234,568");
    CHECK_HAS(pc_buf_str(&t), "1 of 2 contributions");
    CHECK_HAS(pc_buf_str(&t), "within 2 years");
    cJSON_Delete(root);
    pc_buf_free(&a);
    pc_buf_free(&b);
    pc_buf_free(&t);
    plan_contrib_free(l);
}

/* A real store: the dataset imported and read back; the ledger's totals
 * against SQL over the store's contributions table. */
static void store_against_sql(const char *rel, const char *db)
{
    const char *src = getenv("PC_SOURCE_DIR");
    char dir[4096], sql[1024];
    pc_error err = {0};
    geo_ctx *geo = geo_ctx_new(&err);
    ds_dataset *ds = NULL, *back = NULL;
    ds_store *st = NULL;
    plan_contrib_ledger *l = NULL;
    double amount = 0, land = 0;

    snprintf(dir, sizeof dir, "%s/%s", src ? src : ".", rel);
    unlink(db);
    if (!geo || ds_dataset_load(geo, dir, &ds, &err) != PC_OK ||
        ds_store_open(db, DS_OPEN_CREATE, &st, &err) != PC_OK ||
        ds_store_import(st, ds, NULL, &err) != PC_OK ||
        ds_store_load(st, 0, &back, NULL, &err) != PC_OK ||
        plan_contrib_build(back, NULL, NULL, &l, &err) != PC_OK) {
        fprintf(stderr, "%s: %s\n", rel, err.msg);
        CHECK(0);
        goto done;
    }
    CHECK(l->nitems == (size_t)store_sql(db, "SELECT count(*) FROM "
                                             "contributions"));
    CHECK(l->nitems > 0);
    for (size_t i = 0; i < l->nitems; i++) {
        amount += l->items[i].amount_gbp;
        land += isnan(l->items[i].land_ha) ? 0 : l->items[i].land_ha;
        if (i)
            CHECK(strcmp(l->items[i - 1].id, l->items[i].id) < 0);
    }
    CHECK_NEAR(amount,
               store_sql(db, "SELECT total(amount_gbp) FROM "
                             "contributions"),
               1e-6);
    CHECK_NEAR(land, store_sql(db, "SELECT total(land_ha) FROM contributions"),
               1e-9);
    CHECK_NEAR(l->all.land_ha, land, 1e-9);
    CHECK_NEAR(l->all.received_gbp,
               store_sql(db, "SELECT total(received_gbp) FROM contributions"),
               1e-6);
    CHECK_NEAR(l->all.spent_gbp,
               store_sql(db, "SELECT total(spent_gbp) FROM contributions"),
               1e-6);
    CHECK_NEAR(l->all.unspent_gbp,
               store_sql(db, "SELECT total(coalesce(received_gbp, 0) - "
                             "coalesce(spent_gbp, 0)) FROM contributions "
                             "WHERE status <> 'repaid'"),
               1e-6);
    for (int f = 0; f < 2; f++) {
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM contributions WHERE kind = '%s'",
                 l->funds[f].name);
        CHECK(l->funds[f].items == (size_t)store_sql(db, sql));
        snprintf(sql, sizeof sql,
                 "SELECT total(received_gbp) FROM contributions WHERE kind "
                 "= '%s'",
                 l->funds[f].name);
        CHECK_NEAR(l->funds[f].received_gbp, store_sql(db, sql), 1e-6);
    }
    CHECK(l->nplaces ==
          (size_t)store_sql(db, "SELECT count(DISTINCT p.name) FROM "
                                "contributions c JOIN sites s USING "
                                "(site_id) JOIN lads l USING (lad_code) JOIN "
                                "places p USING (place_id)"));
    for (size_t p = 0; p < l->nplaces; p++) {
        snprintf(sql, sizeof sql,
                 "SELECT total(c.received_gbp) + 1e6 * count(*) FROM "
                 "contributions c JOIN sites s USING (site_id) JOIN lads l "
                 "USING (lad_code) JOIN places p USING (place_id) WHERE "
                 "p.name = '%s'",
                 l->places[p].name);
        CHECK_NEAR(l->places[p].received_gbp + 1e6 * (double)l->places[p].items,
                   store_sql(db, sql), 1e-6);
    }
    check_sums(l);
done:
    plan_contrib_free(l);
    ds_dataset_free(back);
    ds_store_close(st);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
    unlink(db);
}

static void fixture_store(void)
{
    store_against_sql("tests/data/fixture", "test_contrib_fixture.db");
}

static void cw_store(void)
{
    store_against_sql("datasets/coventry-warwickshire", "test_contrib_cw.db");
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"triggers_from_trajectory", triggers_from_trajectory},
        {"partial_receipt", partial_receipt},
        {"overdue_trigger", overdue_trigger},
        {"indexation", indexation},
        {"delivery_and_slippage", delivery_and_slippage},
        {"at_risk_and_covered", at_risk_and_covered},
        {"special_items", special_items},
        {"totals_are_sums", totals_are_sums},
        {"errors", errors},
        {"json_and_table", json_and_table},
        {"fixture_store", fixture_store},
        {"cw_store", cw_store},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
