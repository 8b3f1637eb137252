/* test_project.c: the projection (plan_project.h) against hand-worked
 * numbers on a small synthetic dataset, sums of parts, determinism and the
 * Monte Carlo draws (test_project_data.c: on the bundled and fixture
 * data).
 *
 * The synthetic dataset (base year 2026, 4 years):
 *   places East (LAD E1) and West (LAD W1);
 *   practices A (E1, PCN P1, 1,800 patients), B (E1, P1, 3,600),
 *   C (W1, no PCN, 900);
 *   premises PA (A: 3 consult, 1 treatment, 1 other), PAB (A and B: 4
 *   consult, 2 treatment; split 1/3 : 2/3 by list), PC (C: 1 consult);
 *   site S1 in E1, 100 homes a year from 2026, no mix, half to A and half
 *   to B; site S2 straddling E1 (1/4) and W1 (3/4), 50 homes a year from
 *   2024 (100 built before the base year), mix 50% 1-bed (1.2) and 50%
 *   3-bed (2.8) = 2.0 persons per home, all to C;
 *   schemes X1 committed at PC (+2 consult, 2028), X2 committed without
 *   premises in West (+1 consult, 2027 + 2 years = 2029), X3 delivered in
 *   2025 (in the base already), X4 candidate at PA (+5 consult, 2028);
 *   population E1 1000, 1010, 1020, 1030, 1040; W1 500, 520, 540, 600, 620.
 * Demand gp_fte: 5 sessions / (1,000 patients x 10 room sessions) = 0.0005
 * rooms per patient. */
#include "check.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_progress.h"
#include "plan_compare.h"
#include "plan_project.h"
#include "plan_spatial.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ds_place places[2] = {{"East", {0}}, {"West", {0}}};
static ds_lad lads[2] = {{"E1", "East LAD", "East", {0}},
                         {"W1", "West LAD", "West", {0}}};
static ds_pcn pcns[1] = {{"P1", "PCN One"}};
static ds_practice practices[3] = {{"A", "Practice A", NULL, "P1", "E1", 0, 0},
                                   {"B", "Practice B", NULL, "P1", "E1", 0, 0},
                                   {"C", "Practice C", NULL, NULL, "W1", 0, 0}};
static ds_list_size lists[4] = {{"A", "2026-04-01", 1800},
                                {"B", "2026-04-01", 3600},
                                {"C", "2026-04-01", 900},
                                {"C", "2025-04-01", 850}};
static const char *pa[] = {"A"}, *pab[] = {"A", "B"}, *pc[] = {"C"};
static ds_premises premises[3];
static long traj1[] = {100, 100, 100}, traj2[] = {50, 50, 50, 50};
static ds_site sites[2];
static ds_scheme schemes[4];
static ds_assumption assumptions[] = {
    {"patients_per_gp_fte", 1000, "", "", NULL},
    {"gp_f2f_sessions_per_fte", 5, "", "", NULL},
    {"room_sessions_per_week", 10, "", "", NULL},
    {"persons_per_dwelling", 2.5, "", "", NULL},
    {"persons_per_dwelling_1bed", 1.2, "", "", NULL},
    {"persons_per_dwelling_3bed", 2.8, "", "", NULL},
    {"use_bedroom_mix", 1, "", "", NULL},
    {"registration_rate", 1, "", "", NULL},
    {"population_gain_factor", 1, "", "", NULL},
    {"appointments_per_patient_year", 5, "", "", NULL},
    {"f2f_share", 0.6, "", "", NULL},
    {"minutes_per_appointment", 12, "", "", NULL},
    {"room_hours_per_week", 50, "", "", NULL},
    {"weeks_per_year", 50, "", "", NULL},
    {"utilisation", 0.8, "", "", NULL},
    {"patients_per_room", 2000, "", "", NULL},
    {"m2_per_patient", 0.07, "", "", NULL},
    {"gross_m2_per_room", 50, "", "", NULL},
    {"mc_delivery_rate_mean", 1, "", "", NULL},
    {"mc_delivery_rate_sd", 0, "", "", NULL},
    {"mc_start_delay_mean_years", 0, "", "", NULL},
    {"mc_start_delay_sd_years", 0, "", "", NULL},
    {"mc_seed", 7, "", "", NULL},
    {"huff_beta", 2, "", "", NULL}};
static ds_preset_value presets[] = {{"slow-gp", "patients_per_gp_fte", 2000}};
static ds_projection projections[] = {{"E1", 2026, 1000}, {"E1", 2027, 1010},
                                      {"E1", 2028, 1020}, {"E1", 2029, 1030},
                                      {"E1", 2030, 1040}, {"W1", 2026, 500},
                                      {"W1", 2027, 520},  {"W1", 2028, 540},
                                      {"W1", 2029, 600},  {"W1", 2030, 620}};
static ds_dataset syn;

static ds_site_share lad_shares[] = {{"S1", "E1", 0, 1.0, 0},
                                     {"S2", "E1", 0, 0.25, 0},
                                     {"S2", "W1", 0, 0.75, 0}};
static ds_site_alloc allocs[] = {{"S1", "huff", "A", NULL, 0, 0.5},
                                 {"S1", "huff", "B", NULL, 0, 0.5},
                                 {"S2", "huff", "C", NULL, 0, 1.0},
                                 {"S1", "nearest", "A", NULL, 0, 1.0},
                                 {"S2", "nearest", "C", NULL, 0, 1.0}};
static const char *param_ids[] = {"huff_beta"};
static double param_values[] = {2};
static ds_spatial spat;

/* The synthetic premises, sites and schemes. */
static void syn_parts(void)
{
    ds_premises p0 = {0};

    for (int i = 0; i < 3; i++)
        premises[i] = p0;
    premises[0].id = "PA";
    premises[0].rooms_consult = 3;
    premises[0].rooms_treatment = 1;
    premises[0].rooms_other = 1;
    premises[0].practices = pa;
    premises[0].npractices = 1;
    premises[1].id = "PAB";
    premises[1].rooms_consult = 4;
    premises[1].rooms_treatment = 2;
    premises[1].practices = pab;
    premises[1].npractices = 2;
    premises[2].id = "PC";
    premises[2].rooms_consult = 1;
    premises[2].practices = pc;
    premises[2].npractices = 1;
    memset(sites, 0, sizeof sites);
    sites[0].id = "S1";
    sites[0].lad_code = "E1";
    sites[0].dwellings = 300;
    sites[0].traj_start = 2026;
    sites[0].traj = traj1;
    sites[0].ntraj = 3;
    sites[0].planning_status = "allocated";
    sites[1].id = "S2";
    sites[1].lad_code = "W1";
    sites[1].dwellings = 200;
    sites[1].traj_start = 2024;
    sites[1].traj = traj2;
    sites[1].ntraj = 4;
    sites[1].planning_status = "under_construction";
    for (int b = 0; b < 6; b++) {
        sites[0].mix[b] = NAN;
        sites[1].mix[b] = 0;
    }
    sites[1].mix[0] = NAN;
    sites[1].mix[1] = 50;
    sites[1].mix[3] = 50;
    memset(schemes, 0, sizeof schemes);
    schemes[0] = (ds_scheme){.id = "X1",
                             .place = "West",
                             .premises_id = "PC",
                             .status = "committed",
                             .rooms_consult = 2,
                             .completion_year = 2028,
                             .duration_years = 1};
    schemes[1] = (ds_scheme){.id = "X2",
                             .place = "West",
                             .status = "committed",
                             .rooms_consult = 1,
                             .earliest_start = 2027,
                             .duration_years = 2};
    schemes[2] = (ds_scheme){.id = "X3",
                             .place = "East",
                             .premises_id = "PA",
                             .status = "delivered",
                             .rooms_consult = 9,
                             .completion_year = 2025,
                             .duration_years = 1};
    schemes[3] = (ds_scheme){.id = "X4",
                             .place = "East",
                             .premises_id = "PA",
                             .status = "candidate",
                             .rooms_consult = 5,
                             .earliest_start = 2027,
                             .duration_years = 1};
}

static void syn_build(void)
{
    syn_parts();
    memset(&syn, 0, sizeof syn);
    syn.name = "synthetic";
    syn.title = "Synthetic";
    syn.base_year = 2026;
    syn.places = places;
    syn.nplaces = 2;
    syn.lads = lads;
    syn.nlads = 2;
    syn.pcns = pcns;
    syn.npcns = 1;
    syn.practices = practices;
    syn.npractices = 3;
    syn.list_sizes = lists;
    syn.nlist_sizes = 4;
    syn.premises = premises;
    syn.npremises = 3;
    syn.sites = sites;
    syn.nsites = 2;
    syn.schemes = schemes;
    syn.nschemes = 4;
    syn.assumptions = assumptions;
    syn.nassumptions = sizeof assumptions / sizeof *assumptions;
    syn.presets = presets;
    syn.npresets = 1;
    syn.projections = projections;
    syn.nprojections = sizeof projections / sizeof *projections;
    memset(&spat, 0, sizeof spat);
    spat.lad_shares = lad_shares;
    spat.nlad_shares = 3;
    spat.allocs = allocs;
    spat.nallocs = 5;
    spat.param_ids = param_ids;
    spat.param_values = param_values;
    spat.nparams = 1;
}

/* A scenario with years 4 and growth g; the caller frees it. */
static plan_scenario *scn(plan_growth g)
{
    plan_scenario *s = plan_scenario_new();

    if (s) {
        s->years = 4;
        s->growth = g;
    }
    return s;
}

static plan_run *run(const plan_scenario *s)
{
    plan_run *r = NULL;
    pc_error err = {0};

    syn_build();
    if (plan_project(&syn, &spat, s, &r, &err) != PC_OK)
        fprintf(stderr, "plan_project: %s\n", err.msg);
    return r;
}

static const plan_area *practice(const plan_run *r, const char *code)
{
    for (size_t i = 0; i < r->npractices; i++)
        if (!strcmp(r->practices[i].code, code))
            return &r->practices[i];
    return NULL;
}

static const plan_area *place(const plan_run *r, const char *name)
{
    for (size_t i = 0; i < r->nplaces; i++)
        if (!strcmp(r->places[i].name, name))
            return &r->places[i];
    return NULL;
}

static void check_new(const plan_run *r, const char *code, const double *want)
{
    const plan_area *a = practice(r, code);

    CHECK(a != NULL);
    for (int t = 0; a && t < 5; t++)
        CHECK_NEAR(a->years[t].new_patients, want[t], 1e-9);
}

static void housing_growth(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
    plan_run *r = run(s);
    static const double a[] = {0, 125, 250, 375, 375},
                        c[] = {0, 100, 200, 200, 200};

    CHECK(r != NULL);
    if (!r)
        goto done;
    CHECK(r->nyears == 5 && r->base_year == 2026);
    CHECK_STR(r->list_date, "2026-04-01");
    check_new(r, "A", a);
    check_new(r, "B", a);
    check_new(r, "C", c);
    /* S2: 2 persons per home from its mix; S1: 2.5 */
    CHECK_NEAR(r->sites[0].persons_per_dwelling, 2.5, 1e-12);
    CHECK_NEAR(r->sites[1].persons_per_dwelling, 2.0, 1e-12);
    CHECK(r->sites[1].mix_used == 1);
    CHECK_NEAR(r->sites[0].homes, 300, 1e-9);
    CHECK_NEAR(r->sites[1].homes, 100, 1e-9); /* 100 built before 2026 */
    CHECK_NEAR(r->k, 0.0005, 1e-15);
done:
    plan_run_free(r);
    plan_scenario_free(s);
}

static void trend_growth(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_TREND);
    plan_run *r = run(s);
    static const double a[] = {0, 18, 36, 54, 72}, b[] = {0, 36, 72, 108, 144},
                        c[] = {0, 36, 72, 180, 216};

    CHECK(r != NULL);
    if (r) {
        check_new(r, "A", a);
        check_new(r, "B", b);
        check_new(r, "C", c);
    }
    plan_run_free(r);
    plan_scenario_free(s);
}

/* E1: housing (275, 550, 800, 800) beats trend (54 .. 216) every year.
 * W1: housing 75, 150, 150, 150 against trend 36, 72, 180, 216: housing
 * in 2027 and 2028, trend from 2029. C gets S2's E1 quarter always. */
static void max_growth(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_UNSET); /* max is the default */
    plan_run *r = run(s);
    static const double a[] = {0, 125, 250, 375, 375},
                        c[] = {0, 100, 200, 230, 266};

    CHECK(r != NULL);
    if (!r)
        goto done;
    CHECK(r->growth == PLAN_GROWTH_MAX);
    check_new(r, "A", a);
    check_new(r, "B", a);
    check_new(r, "C", c);
    CHECK(r->nlads == 2);
    CHECK(r->lads[0].years[3].used_housing == 1);
    CHECK(r->lads[1].years[2].used_housing == 1);
    CHECK(r->lads[1].years[3].used_housing == 0);
    CHECK_NEAR(r->lads[1].years[3].housing, 150, 1e-9);
    CHECK_NEAR(r->lads[1].years[3].trend, 180, 1e-9);
done:
    plan_run_free(r);
    plan_scenario_free(s);
}

/* Rooms: A 3 + 4/3 consult, B 8/3, C 1, +2 at C from 2028 (X1), +1 in West
 * without premises from 2029 (X2); X3 is in the base, X4 a candidate. */
static void rooms_and_gap(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
    plan_run *r = run(s);
    const plan_area *a, *c, *w, *e;

    CHECK(r != NULL);
    if (!r)
        goto done;
    a = practice(r, "A");
    c = practice(r, "C");
    w = place(r, "West");
    e = place(r, "East");
    CHECK_NEAR(a->years[0].rooms, 3 + 4.0 / 3, 1e-12);
    CHECK_NEAR(practice(r, "B")->years[4].rooms, 8.0 / 3, 1e-12);
    CHECK_NEAR(c->years[1].rooms, 1, 1e-12);
    CHECK_NEAR(c->years[2].rooms, 3, 1e-12);
    CHECK_NEAR(w->years[2].rooms, 3, 1e-12);
    CHECK_NEAR(w->years[3].rooms, 4, 1e-12);
    CHECK_NEAR(w->new_premises_rooms[3], 1, 1e-12);
    CHECK_NEAR(w->new_premises_rooms[2], 0, 1e-12);
    /* 2030: A 2,175 patients need 1.0875 rooms, the growth 0.1875 */
    CHECK_NEAR(a->years[4].patients, 2175, 1e-9);
    CHECK_NEAR(a->years[4].required_rooms, 1.0875, 1e-12);
    CHECK_NEAR(a->years[4].growth_rooms, 0.1875, 1e-12);
    CHECK_NEAR(a->years[4].gap, 1.0875 - (3 + 4.0 / 3), 1e-12);
    CHECK_NEAR(e->years[4].patients, 6150, 1e-9);
    CHECK_NEAR(e->years[4].gap, 3.075 - 7, 1e-12);
    CHECK_NEAR(w->years[4].gap, 0.55 - 4, 1e-12);
    CHECK(r->nschemes == 3); /* X1, X2, X3 */
    for (size_t i = 0; i < r->nschemes; i++)
        if (!strcmp(r->schemes[i].scheme_id, "X3"))
            CHECK(r->schemes[i].in_base == 1);
done:
    plan_run_free(r);
    plan_scenario_free(s);
}

static void schemes_in_and_out(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
    plan_run *r;
    static char *inc[] = {"X4"}, *exc[] = {"X1"};

    s->schemes_include = (plan_ids){inc, 1, 1};
    s->schemes_exclude = (plan_ids){exc, 1, 1};
    r = run(s);
    CHECK(r != NULL);
    if (r) {
        CHECK_NEAR(practice(r, "A")->years[2].rooms, 3 + 4.0 / 3 + 5, 1e-12);
        CHECK_NEAR(practice(r, "A")->years[1].rooms, 3 + 4.0 / 3, 1e-12);
        CHECK_NEAR(practice(r, "C")->years[4].rooms, 1, 1e-12);
    }
    s->schemes_include = (plan_ids){0};
    s->schemes_exclude = (plan_ids){0};
    plan_run_free(r);
    plan_scenario_free(s);
}

static const plan_scheme_trace *scheme(const plan_run *r, const char *id)
{
    for (size_t i = 0; i < r->nschemes; i++)
        if (!strcmp(r->schemes[i].scheme_id, id))
            return &r->schemes[i];
    return NULL;
}

static int has_warning(const plan_run *r, const char *sub)
{
    for (size_t i = 0; i < r->warnings.count; i++)
        if (strstr(r->warnings.items[i], sub))
            return 1;
    return 0;
}

/* schemes.start: X4 (candidate at PA, +5, 1 year) included and started in
 * 2028 arrives in row 2029, not 2028; X2 (committed in West, +1, 2 years,
 * earliest 2027) started in 2026 arrives in 2028, with a warning; X1
 * (committed at PC, +2, completion_year 2028, 1 year) started in 2029
 * arrives in 2030: the scenario's start wins over a planned completion. */
static void scheme_start_override(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
    plan_run *r = NULL, *plain = NULL;
    pc_error err = {0};
    static char *inc[] = {"X4"}, *exc[] = {"X1"};
    static char *ids[] = {"X4", "X2", "X1"};
    static int years[] = {2028, 2026, 2029};
    const plan_scheme_trace *t;

    if (!s)
        return;
    s->schemes_include = (plan_ids){inc, 1, 1};
    plain = run(s);
    s->start_ids = ids;
    s->start_years = years;
    s->nstarts = 3;
    r = run(s);
    CHECK(r != NULL && plain != NULL);
    if (!r || !plain)
        goto done;
    /* without starts: X4 in 2028, X2 in 2029, X1 in 2028 */
    CHECK(scheme(plain, "X4") && scheme(plain, "X4")->year == 2028);
    CHECK(scheme(plain, "X2") && scheme(plain, "X2")->year == 2029);
    CHECK(scheme(plain, "X1") && scheme(plain, "X1")->year == 2028);
    CHECK(plain->warnings.count == 0 || !has_warning(plain, "schemes.start"));
    /* the traces */
    t = scheme(r, "X4");
    CHECK(t && t->year == 2029 && !t->in_base);
    t = scheme(r, "X2");
    CHECK(t && t->year == 2028);
    t = scheme(r, "X1");
    CHECK(t && t->year == 2030);
    t = scheme(r, "X3"); /* delivered: untouched */
    CHECK(t && t->year == 2025 && t->in_base);
    /* the rooms: A base 3 + 4/3 */
    CHECK_NEAR(practice(r, "A")->years[2].rooms, 3 + 4.0 / 3, 1e-12);
    CHECK_NEAR(practice(r, "A")->years[3].rooms, 3 + 4.0 / 3 + 5, 1e-12);
    CHECK_NEAR(practice(plain, "A")->years[2].rooms, 3 + 4.0 / 3 + 5, 1e-12);
    /* C: 1, +2 from 2030 */
    CHECK_NEAR(practice(r, "C")->years[3].rooms, 1, 1e-12);
    CHECK_NEAR(practice(r, "C")->years[4].rooms, 3, 1e-12);
    /* West: C's rooms + X2's 1 from 2028 */
    CHECK_NEAR(place(r, "West")->years[1].rooms, 1, 1e-12);
    CHECK_NEAR(place(r, "West")->years[2].rooms, 2, 1e-12);
    CHECK_NEAR(place(r, "West")->new_premises_rooms[2], 1, 1e-12);
    CHECK_NEAR(place(r, "West")->years[4].rooms, 4, 1e-12);
    CHECK(has_warning(r, "schemes.start: scheme \"X2\" starts in 2026, "
                         "before its earliest start 2027"));
    CHECK(!has_warning(r, "\"X4\"") && !has_warning(r, "\"X1\""));
    /* recorded and hashed */
    CHECK(r->scenario_json &&
          strstr(r->scenario_json,
                 "\"start\":{\"X4\":2028,\"X2\":2026,\"X1\":2029}"));
    CHECK(strcmp(r->input_hash, plain->input_hash) != 0);
    CHECK(strcmp(r->run_id, plain->run_id) != 0);
    plan_run_free(r);
    /* a start past the horizon: counted, no rooms in the rows */
    years[0] = 2040;
    r = run(s);
    CHECK(r != NULL);
    if (r) {
        CHECK(scheme(r, "X4") && scheme(r, "X4")->year == 2041);
        CHECK_NEAR(practice(r, "A")->years[4].rooms, 3 + 4.0 / 3, 1e-12);
    }
    plan_run_free(r);
    r = NULL;
    years[0] = 2028;

    /* errors */
    syn_build();
    ids[0] = "X9";
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "scenario: schemes.start: no scheme \"X9\"");
    ids[0] = "X4";
    s->schemes_include = (plan_ids){0};
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "scenario: schemes.start: scheme \"X4\" is not counted "
                       "(add it to schemes.include)");
    s->schemes_include = (plan_ids){inc, 1, 1};
    s->schemes_exclude = (plan_ids){exc, 1, 1};
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "scenario: schemes.start: scheme \"X1\" is not counted "
                       "(it is in schemes.exclude)");
    s->schemes_exclude = (plan_ids){0};
    ids[2] = "X3";
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "scenario: schemes.start: scheme \"X3\" is delivered");
    CHECK(r == NULL);
    ids[2] = "X1";
done:
    plan_run_free(r);
    plan_run_free(plain);
    s->schemes_include = (plan_ids){0};
    s->schemes_exclude = (plan_ids){0};
    s->start_ids = NULL; /* static: not the scenario's to free */
    s->start_years = NULL;
    s->nstarts = 0;
    plan_scenario_free(s);
}

/* k and the rooms each method counts, at A in 2030 (2,175 patients). */
static void demand_methods(void)
{
    static const struct {
        plan_demand d;
        double k, rooms_a;
    } m[] = {
        {PLAN_DEMAND_GP_FTE, 5.0 / (1000 * 10), 3 + 4.0 / 3},
        {PLAN_DEMAND_ACTIVITY, 5 * 0.6 * 12 / (50 * 60 * 50 * 0.8),
         3 + 4.0 / 3 + 1 + 2.0 / 3},
        {PLAN_DEMAND_RATIO, 1.0 / 2000, 3 + 4.0 / 3},
        {PLAN_DEMAND_SPACE, 0.07 / 50, 3 + 4.0 / 3 + 1 + 2.0 / 3 + 1},
    };

    for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
        plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
        plan_run *r;
        const plan_area *a;

        s->demand = m[i].d;
        r = run(s);
        CHECK(r != NULL);
        if (r) {
            a = practice(r, "A");
            CHECK_NEAR(r->k, m[i].k, 1e-15);
            CHECK_NEAR(a->years[4].required_rooms, 2175 * m[i].k, 1e-12);
            CHECK_NEAR(a->years[4].growth_rooms, 375 * m[i].k, 1e-12);
            CHECK_NEAR(a->years[4].rooms, m[i].rooms_a, 1e-12);
        }
        plan_run_free(r);
        plan_scenario_free(s);
    }
}

/* Two measures: growth rooms by gp_fte (the new patients x 5 / 10,000),
 * the whole list's rooms, the rooms in use and the gap by activity
 * (consult and treatment rooms); the dataset's house methods apply when
 * the scenario names none, and the scenario's win. */
static void growth_and_capacity(void)
{
    const double kg = 5.0 / (1000 * 10),
                 kc = 5 * 0.6 * 12 / (50 * 60 * 50 * 0.8);
    plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
    pc_error err = {0};
    plan_run *r;

    s->demand = PLAN_DEMAND_GP_FTE;
    s->capacity = PLAN_DEMAND_ACTIVITY;
    r = run(s);
    CHECK(r != NULL);
    if (r) {
        const plan_area *a = practice(r, "A");

        CHECK(r->demand == PLAN_DEMAND_GP_FTE &&
              r->capacity == PLAN_DEMAND_ACTIVITY);
        CHECK_NEAR(r->k, kg, 1e-15);
        CHECK_NEAR(r->k_capacity, kc, 1e-15);
        CHECK_NEAR(a->years[4].growth_rooms, 375 * kg, 1e-12);
        CHECK_NEAR(a->years[4].required_rooms, 2175 * kc, 1e-12);
        CHECK_NEAR(a->years[4].rooms, 3 + 4.0 / 3 + 1 + 2.0 / 3, 1e-12);
        CHECK_NEAR(a->years[4].gap, 2175 * kc - (3 + 4.0 / 3 + 1 + 2.0 / 3),
                   1e-12);
        CHECK(r->room_types == (PLAN_ROOM_CONSULT | PLAN_ROOM_TREATMENT));
    }
    plan_run_free(r);
    /* the house methods of the dataset, when the scenario names none */
    s->demand = s->capacity = PLAN_DEMAND_UNSET;
    syn_build();
    syn.growth_method = "ratio";
    syn.capacity_method = "space";
    r = NULL;
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_OK);
    CHECK(r && r->demand == PLAN_DEMAND_RATIO &&
          r->capacity == PLAN_DEMAND_SPACE);
    plan_run_free(r);
    s->capacity = PLAN_DEMAND_GP_FTE; /* the scenario's win */
    r = NULL;
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_OK);
    CHECK(r && r->demand == PLAN_DEMAND_RATIO &&
          r->capacity == PLAN_DEMAND_GP_FTE);
    plan_run_free(r);
    syn.capacity_method = "nope"; /* a store's own text, checked */
    r = NULL;
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_OK); /* scenario's */
    plan_run_free(r);
    s->capacity = PLAN_DEMAND_UNSET;
    r = NULL;
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "the dataset's capacity method: ");
    syn.growth_method = syn.capacity_method = NULL;
    plan_scenario_free(s);
}

/* Without patients_per_room the ratio method uses today's: 6,300 patients
 * / 8 consult rooms. */
static void ratio_derived(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
    plan_run *r;
    int found = 0;

    s->demand = PLAN_DEMAND_RATIO;
    syn_build();
    assumptions[15].id = "patients_per_room_unused";
    {
        pc_error err = {0};

        r = NULL;
        CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_OK);
    }
    assumptions[15].id = "patients_per_room";
    if (r) {
        CHECK_NEAR(r->k, 8.0 / 6300, 1e-15);
        for (size_t i = 0; i < r->nassumptions; i++)
            if (!strcmp(r->assumptions[i].id, "patients_per_room")) {
                found = 1;
                CHECK_STR(r->assumptions[i].origin, "derived");
                CHECK_NEAR(r->assumptions[i].value, 787.5, 1e-9);
            }
        CHECK(found);
    }
    plan_run_free(r);
    plan_scenario_free(s);
}

/* Places are the sums of their practices (and new premises), PCNs of
 * their practices, the system of its places, in every year and field. */
static void sums_of_parts(void)
{
    for (int g = PLAN_GROWTH_HOUSING; g <= PLAN_GROWTH_MAX; g++) {
        plan_scenario *s = scn((plan_growth)g);
        plan_run *r = run(s);

        CHECK(r != NULL);
        for (int t = 0; r && t < r->nyears; t++) {
            double sys[6] = {0};

            for (size_t q = 0; q < r->nplaces; q++) {
                const plan_area *pl = &r->places[q];
                double sum[6] = {0};

                for (size_t p = 0; p < r->npractices; p++) {
                    const plan_year *y = &r->practices[p].years[t];

                    if (strcmp(r->practices[p].place, pl->name))
                        continue;
                    sum[0] += y->patients;
                    sum[1] += y->new_patients;
                    sum[2] += y->growth_rooms;
                    sum[3] += y->required_rooms;
                    sum[4] += y->rooms;
                    sum[5] += y->gap;
                }
                sum[4] += pl->new_premises_rooms[t];
                sum[5] -= pl->new_premises_rooms[t];
                CHECK_NEAR(pl->years[t].patients, sum[0], 1e-9);
                CHECK_NEAR(pl->years[t].new_patients, sum[1], 1e-9);
                CHECK_NEAR(pl->years[t].growth_rooms, sum[2], 1e-12);
                CHECK_NEAR(pl->years[t].required_rooms, sum[3], 1e-12);
                CHECK_NEAR(pl->years[t].rooms, sum[4], 1e-12);
                CHECK_NEAR(pl->years[t].gap, sum[5], 1e-12);
                sys[0] += pl->years[t].patients;
                sys[5] += pl->years[t].gap;
            }
            CHECK_NEAR(r->system.years[t].patients, sys[0], 1e-9);
            CHECK_NEAR(r->system.years[t].gap, sys[5], 1e-12);
            /* PCN P1 = A + B; "no PCN" = C */
            CHECK(r->npcns == 2);
            CHECK_NEAR(r->pcns[0].years[t].patients,
                       practice(r, "A")->years[t].patients +
                           practice(r, "B")->years[t].patients,
                       1e-9);
            CHECK_NEAR(r->pcns[1].years[t].gap, practice(r, "C")->years[t].gap,
                       1e-12);
        }
        plan_run_free(r);
        plan_scenario_free(s);
    }
}

/* S1 at rate 0.5 builds 50 homes a year; S2 slipped a year is paused a
 * year. */
static void delivery_factor_and_slippage(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
    plan_run *r;
    static const double half[] = {0, 62.5, 125, 187.5, 250},
                        slipped_c[] = {0, 0, 100, 200, 200};

    s->delivery_factor = 0.5;
    r = run(s);
    CHECK(r != NULL);
    if (r)
        check_new(r, "A", half);
    plan_run_free(r);
    s->delivery_factor = NAN;
    s->slippage_years = 1;
    s->slippage_set = 1;
    r = run(s);
    CHECK(r != NULL);
    if (r)
        check_new(r, "C", slipped_c);
    plan_run_free(r);
    plan_scenario_free(s);
}

static void presets_overrides_and_filters(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
    plan_run *r;
    pc_error err = {0};
    static char *ids[] = {"use_bedroom_mix"}, *exc[] = {"S1"},
                *st[] = {"allocated"};
    static double vals[] = {0};

    s->preset = "slow-gp";
    r = run(s);
    CHECK(r != NULL);
    if (r)
        CHECK_NEAR(r->k, 5.0 / (2000 * 10), 1e-15);
    plan_run_free(r);
    s->preset = NULL;
    /* use_bedroom_mix 0: S2 at 2.5 persons per home */
    s->override_ids = ids;
    s->override_values = vals;
    s->noverrides = 1;
    r = run(s);
    CHECK(r != NULL);
    if (r)
        CHECK_NEAR(practice(r, "C")->years[4].new_patients, 250, 1e-9);
    plan_run_free(r);
    s->noverrides = 0;
    s->sites_exclude = (plan_ids){exc, 1, 1};
    r = run(s);
    CHECK(r != NULL && r->nsites == 1);
    if (r)
        CHECK_NEAR(practice(r, "A")->years[4].new_patients, 0, 1e-12);
    plan_run_free(r);
    s->sites_exclude = (plan_ids){0};
    s->planning_status = (plan_ids){st, 1, 1};
    r = run(s);
    CHECK(r != NULL && r->nsites == 1);
    if (r)
        CHECK_NEAR(practice(r, "C")->years[4].new_patients, 0, 1e-12);
    plan_run_free(r);
    s->planning_status = (plan_ids){0};
    /* errors */
    s->preset = "nope";
    syn_build();
    r = NULL;
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "unknown preset \"nope\" (the dataset has: slow-gp)");
    s->preset = NULL;
    ids[0] = "no_such";
    s->noverrides = 1;
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "no_such");
    ids[0] = "huff_beta"; /* the stored allocation used 2 */
    vals[0] = 1.5;
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "huff_beta");
    CHECK_HAS(err.msg, "plan_project_spatial");
    ids[0] = "use_bedroom_mix";
    vals[0] = 0;
    s->noverrides = 0;
    s->sites_exclude = (plan_ids){(char *[]){"S9"}, 1, 1};
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "sites.exclude: no site \"S9\"");
    s->sites_exclude = (plan_ids){0};
    s->allocation = "catchment";
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "no catchment allocation");
    s->allocation = "nearest";
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_OK);
    if (r)
        CHECK_NEAR(practice(r, "A")->years[4].new_patients, 750, 1e-9);
    plan_run_free(r);
    s->allocation = NULL;
    s->preset = NULL;
    s->override_ids = NULL; /* static: not the scenario's to free */
    s->override_values = NULL;
    plan_scenario_free(s);
}

/* The draws' progress as the thread's hook hears it: calls, the last
 * draw count and whether the last call ended the task. */
typedef struct draws_seen {
    int calls, done;
    size_t step, steps;
} draws_seen;

static void on_draws(const pc_progress *p, void *userdata)
{
    draws_seen *d = userdata;

    if (p->task != PC_PROGRESS_DRAWS)
        return;
    d->calls++;
    d->done = p->done;
    d->step = p->step;
    d->steps = p->steps;
}

/* With no spread and no delay every draw is the deterministic run; the
 * draws report their progress, ending with all 50 made. */
static void monte_carlo_degenerate(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_MAX);
    plan_run *r;
    draws_seen seen = {0, 0, 0, 0};

    s->draws = 50;
    pc_progress_set(on_draws, &seen);
    r = run(s);
    pc_progress_set(NULL, NULL);
    CHECK(seen.calls >= 2 && seen.done == 1);
    CHECK(seen.step == 50 && seen.steps == 50);
    CHECK(r != NULL);
    CHECK(r && r->seed == 7); /* mc_seed */
    for (size_t q = 0; r && q <= r->nplaces; q++) {
        const plan_area *a = q < r->nplaces ? &r->places[q] : &r->system;

        CHECK(a->mc != NULL);
        for (int t = 0; a->mc && t < r->nyears; t++) {
            CHECK_NEAR(a->mc[t].gap_p10, a->years[t].gap, 1e-9);
            CHECK_NEAR(a->mc[t].gap_p90, a->years[t].gap, 1e-9);
            CHECK(a->mc[t].p_short == (a->years[t].gap > 0 ? 1.0 : 0.0));
        }
    }
    plan_run_free(r);
    plan_scenario_free(s);
}

static char *json_of(const plan_scenario *s)
{
    plan_run *r = run(s);
    pc_buf b = PC_BUF_INIT(PC_CAP_TABLE);
    pc_error err = {0};
    char *out = NULL;

    if (r && plan_run_json(r, PLAN_DETAIL_PRACTICE, &b, &err) == PC_OK)
        out = strdup(pc_buf_str(&b));
    pc_buf_free(&b);
    plan_run_free(r);
    return out;
}

/* Same inputs, same bytes; another seed, other draws and another run id. */
static void determinism_and_seeds(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_MAX);
    char *a, *b, *c;

    s->draws = 200;
    s->seed = 1;
    s->seed_set = 1;
    assumptions[19].value = 0.3; /* mc_delivery_rate_sd */
    assumptions[21].value = 1.0; /* mc_start_delay_sd_years */
    a = json_of(s);
    b = json_of(s);
    s->seed = 2;
    c = json_of(s);
    assumptions[19].value = 0;
    assumptions[21].value = 0;
    CHECK(a && b && c);
    if (a && b && c) {
        const char *ra = strstr(a, "\"run_id\""), *rc = strstr(c, "\"run_id\"");

        CHECK(strcmp(a, b) == 0);
        CHECK(strcmp(a, c) != 0);
        CHECK(ra && rc && strncmp(ra, rc, 30) != 0);
        CHECK(strstr(a, "\"p_short\"") != NULL);
        CHECK(strstr(a, "\"gap_p90\"") != NULL);
    }
    free(a);
    free(b);
    free(c);
    plan_scenario_free(s);
}

/* What stands on illustrative values is counted: premises rooms, site
 * trajectories, schemes, assumptions whose source says so. */
static void illustrative_counted(void)
{
    plan_scenario *s = scn(PLAN_GROWTH_HOUSING);
    plan_run *r;
    pc_error err = {0};

    syn_build();
    premises[1].illustrative = "gia_m2;rooms_treatment";
    premises[2].illustrative = "gia_m2";
    sites[1].illustrative = "*";
    schemes[1].illustrative = "rooms_consult";
    assumptions[4].source = "illustrative: a guess";
    r = NULL;
    CHECK(plan_project(&syn, &spat, s, &r, &err) == PC_OK);
    assumptions[4].source = "";
    if (r) {
        const plan_illustrative *il = &r->illustrative;

        CHECK(il->premises == 1 && il->npremises == 3);
        CHECK(il->sites == 1 && il->nsites == 2);
        CHECK(il->schemes == 1 && il->nschemes == 2); /* X1, X2; X3 in base */
        CHECK(il->nassumptions == 1);
        if (il->nassumptions == 1)
            CHECK_STR(il->assumptions[0], "persons_per_dwelling_1bed");
    }
    plan_run_free(r);
    plan_scenario_free(s);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"housing_growth", housing_growth},
        {"trend_growth", trend_growth},
        {"max_growth", max_growth},
        {"rooms_and_gap", rooms_and_gap},
        {"schemes_in_and_out", schemes_in_and_out},
        {"scheme_start_override", scheme_start_override},
        {"demand_methods", demand_methods},
        {"growth_and_capacity", growth_and_capacity},
        {"ratio_derived", ratio_derived},
        {"sums_of_parts", sums_of_parts},
        {"delivery_factor_and_slippage", delivery_factor_and_slippage},
        {"presets_overrides_and_filters", presets_overrides_and_filters},
        {"monte_carlo_degenerate", monte_carlo_degenerate},
        {"determinism_and_seeds", determinism_and_seeds},
        {"illustrative_counted", illustrative_counted},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
