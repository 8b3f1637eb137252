/* test_assess.c: the site assessment (plan_assess.h) against hand-worked
 * numbers on a small synthetic dataset.
 *
 * The synthetic dataset (base year 2026, list sizes at 2026-04-01):
 *   place East (LAD E1); practices A (1,750 patients) and B (3,500);
 *   premises PA (A: 4 consult rooms) and PB (B: 1 consult room);
 *   site S1 in E1, 1,000 dwellings, no trajectory, half of its patients
 *   to A and half to B; site S2, 500 dwellings, all to A; site S3, 300
 *   dwellings from 2024 at 100 a year (200 built before the base year),
 *   all to B.
 * Assumptions: 2.4 persons per dwelling (1-bed 1.5, 3-bed 3.0), every
 * resident registers; build cost GBP 2,300/m2 at 2026 with index 1, no
 * fees or contingency; a consult room is 16 m2 x 1.25 = 20 m2.
 * Rooms per patient: gp_fte 6 / (1,800 x 11); activity 6 x 0.5 x 15 /
 * (50 x 60 x 50 x 0.75) = 0.0004; ratio 1 / 1,000; space (120 / 1,750) /
 * 50. So 1,000 homes = 2,400 patients, 1,200 at each of A and B. With the
 * ratio method A needs 1.75 rooms and has 4 (2.25 spare), B needs 3.5 and
 * has 1 (2.5 short). */
#include "check.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_assess.h"
#include "plan_params.h"
#include "plan_scenario.h"
#include "rpt_letter.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static ds_place places[1] = {{"East", {0}}};
static ds_lad lads[1] = {{"E1", "East LAD", "East", {0}}};
static ds_practice practices[2] = {{"A", "Practice A", NULL, NULL, "E1", 0, 0},
                                   {"B", "Practice B", NULL, NULL, "E1", 0, 0}};
static ds_list_size lists[2] = {{"A", "2026-04-01", 1750},
                                {"B", "2026-04-01", 3500}};
static const char *pa[] = {"A"}, *pb[] = {"B"};
static ds_premises premises[2];
static long traj3[] = {100, 100, 100};
static ds_site sites[3];
static ds_assumption assumptions[] = {
    {"persons_per_dwelling", 2.4, "persons/dwelling", "test", NULL},
    {"persons_per_dwelling_1bed", 1.5, "", "illustrative", NULL},
    {"persons_per_dwelling_3bed", 3.0, "", "illustrative", NULL},
    {"use_bedroom_mix", 1, "", "", NULL},
    {"registration_rate", 1, "", "", NULL},
    {"population_gain_factor", 1, "", "", NULL},
    {"patients_per_gp_fte", 1800, "", "", NULL},
    {"gp_f2f_sessions_per_fte", 6, "", "", NULL},
    {"room_sessions_per_week", 11, "", "", NULL},
    {"appointments_per_patient_year", 6, "", "", NULL},
    {"f2f_share", 0.5, "", "", NULL},
    {"minutes_per_appointment", 15, "", "", NULL},
    {"room_hours_per_week", 50, "", "", NULL},
    {"weeks_per_year", 50, "", "", NULL},
    {"utilisation", 0.75, "", "", NULL},
    {"patients_per_room", 1000, "", "", NULL},
    {"m2_per_patient", 120.0 / 1750, "", "", NULL},
    {"gross_m2_per_room", 50, "", "", NULL},
    {"clinical_room_m2", 16, "", "", NULL},
    {"circulation_factor", 0.25, "", "", NULL},
    {"build_cost_gbp_per_m2", 2300, "GBP/m2", "test", NULL},
    {"minimum_ask_gbp", 0, "GBP", "test", NULL},
    {"build_cost_base_year", 2026, "", "", NULL},
    {"build_cost_index", 1, "", "", NULL},
    {"fees", 0, "", "", NULL},
    {"contingency", 0, "", "", NULL},
    {"use_spare_capacity", 1, "", "", NULL},
    {"land_m2_per_gia_m2", 2.5, "", "", NULL},
    {"trigger_commencement_share", 0.5, "", "", NULL},
    {"trigger_occupation_point", 0.5, "", "", NULL},
    {"spend_period_years", 10, "", "", NULL},
    {"dwellings_per_ha", 35, "", "", NULL}};
static ds_cost_index series[2] = {{"2018-04-01", 100, "test", NULL},
                                  {"2026-04-01", 135, "test", NULL}};
static ds_dataset syn;
static ds_site_share lad_shares[] = {
    {"S1", "E1", 0, 1.0, 0}, {"S2", "E1", 0, 1.0, 0}, {"S3", "E1", 0, 1.0, 0}};
static ds_site_alloc allocs[] = {{"S1", "huff", "A", "PA", 500, 0.5},
                                 {"S1", "huff", "B", "PB", 800, 0.5},
                                 {"S2", "huff", "A", "PA", 300, 1.0},
                                 {"S3", "huff", "B", "PB", 900, 1.0}};
static ds_spatial spat;

static void syn_build(int b_rooms)
{
    memset(premises, 0, sizeof premises);
    premises[0].id = "PA";
    premises[0].rooms_consult = 4;
    premises[0].practices = pa;
    premises[0].npractices = 1;
    premises[0].illustrative = "rooms_consult";
    premises[1].id = "PB";
    premises[1].rooms_consult = b_rooms;
    premises[1].practices = pb;
    premises[1].npractices = 1;
    memset(sites, 0, sizeof sites);
    sites[0] = (ds_site){
        .id = "S1", .name = "Site one", .lad_code = "E1", .dwellings = 1000};
    sites[1] = (ds_site){
        .id = "S2", .name = "Site two", .lad_code = "E1", .dwellings = 500};
    sites[2] = (ds_site){.id = "S3",
                         .name = "Site three",
                         .lad_code = "E1",
                         .dwellings = 300,
                         .traj_start = 2024,
                         .traj = traj3,
                         .ntraj = 3};
    for (int s = 0; s < 3; s++)
        for (int b = 0; b < 6; b++)
            sites[s].mix[b] = NAN;
    memset(&syn, 0, sizeof syn);
    syn.name = "synthetic";
    syn.title = "Synthetic ICB";
    syn.base_year = 2026;
    syn.places = places;
    syn.nplaces = 1;
    syn.lads = lads;
    syn.nlads = 1;
    syn.practices = practices;
    syn.npractices = 2;
    syn.list_sizes = lists;
    syn.nlist_sizes = 2;
    syn.premises = premises;
    syn.npremises = 2;
    syn.sites = sites;
    syn.nsites = 3;
    syn.assumptions = assumptions;
    syn.nassumptions = sizeof assumptions / sizeof *assumptions;
    memset(&spat, 0, sizeof spat);
    spat.lad_shares = lad_shares;
    spat.nlad_shares = 3;
    spat.allocs = allocs;
    spat.nallocs = 4;
}

/* A scenario with method d and overrides "id=value" (NULL-terminated);
 * the caller frees it. */
static plan_scenario *scn(plan_demand d, const char *const *over)
{
    plan_scenario *s = plan_scenario_new();
    size_t n = 0;

    while (over && over[n])
        n++;
    s->demand = d;
    s->override_ids = calloc(n + 1, sizeof *s->override_ids);
    s->override_values = calloc(n + 1, sizeof *s->override_values);
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(over[i], '=');

        s->override_ids[i] = strndup(over[i], (size_t)(eq - over[i]));
        s->override_values[i] = atof(eq + 1);
    }
    s->noverrides = n;
    return s;
}

static plan_assessment *assess(const plan_scenario *s, const char *site,
                               long dwellings, const plan_assess_opts *o)
{
    plan_dev dev = plan_dev_init();
    plan_assess_opts def = plan_assess_opts_init();
    plan_assessment *a = NULL;
    pc_error err = {0};

    dev.site_id = site;
    dev.dwellings = dwellings;
    if (plan_assess(NULL, &syn, &spat, s, &dev, o ? o : &def, NULL, &a, &err))
        fprintf(stderr, "plan_assess: %s\n", err.msg);
    return a;
}

static const char *const no_netting[] = {"use_spare_capacity=0", NULL};

/* The figure: space method, 2.4 persons, GBP 2,300/m2, no netting,
 * fees or index: 120 / 1,750 x 2.4 x 2,300 = GBP 378.51 per dwelling. */
static void space_per_dwelling(void)
{
    plan_scenario *s = scn(PLAN_DEMAND_SPACE, no_netting);
    plan_assessment *a;

    syn_build(1);
    a = assess(s, "S1", 1000, NULL);
    CHECK(a != NULL);
    if (a) {
        CHECK_NEAR(a->new_patients, 2400, 1e-9);
        CHECK_NEAR(a->rooms_gross, 2400 * (120.0 / 1750) / 50, 1e-9);
        CHECK_NEAR(a->rooms_net, a->rooms_gross, 1e-12);
        CHECK_NEAR(a->m2, 2400 * 120.0 / 1750, 1e-9);
        CHECK_NEAR(a->per_dwelling_gbp, 120.0 / 1750 * 2.4 * 2300, 1e-9);
        CHECK_NEAR(a->per_dwelling_gbp, 378.51, 0.01);
        CHECK_NEAR(a->contribution_gbp, 378514.2857142857, 1e-6);
        CHECK(a->no_ask_reason == NULL);
        CHECK(!a->use_spare);
    }
    plan_assessment_free(a);
    plan_scenario_free(s);
}

/* Each method's rooms, m2 and money for 2,400 patients, by hand. */
static void each_method(void)
{
    static const struct {
        plan_demand d;
        double k, m2_per_room;
        unsigned types;
    } m[] = {{PLAN_DEMAND_GP_FTE, 6.0 / (1800 * 11), 20, PLAN_ROOM_CONSULT},
             {PLAN_DEMAND_ACTIVITY, 0.0004, 20,
              PLAN_ROOM_CONSULT | PLAN_ROOM_TREATMENT},
             {PLAN_DEMAND_RATIO, 0.001, 20, PLAN_ROOM_CONSULT},
             {PLAN_DEMAND_SPACE, (120.0 / 1750) / 50, 50,
              PLAN_ROOM_CONSULT | PLAN_ROOM_TREATMENT | PLAN_ROOM_OTHER}};

    syn_build(1);
    for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
        plan_scenario *s = scn(m[i].d, no_netting);
        plan_assessment *a = assess(s, "S1", 1000, NULL);
        double rooms = 2400 * m[i].k;

        CHECK(a != NULL);
        if (a) {
            CHECK_NEAR(a->k, m[i].k, 1e-15);
            CHECK(a->room_types == m[i].types);
            CHECK_NEAR(a->rooms_gross, rooms, 1e-9);
            CHECK_NEAR(a->m2, rooms * m[i].m2_per_room, 1e-9);
            CHECK_NEAR(a->contribution_gbp, rooms * m[i].m2_per_room * 2300,
                       1e-6);
            CHECK_NEAR(a->per_dwelling_gbp, a->contribution_gbp / 1000, 1e-9);
            /* per practice: half each, needed = k x patients there */
            CHECK(a->npractices == 2);
            for (size_t p = 0; p < a->npractices; p++)
                CHECK_NEAR(a->practices[p].rooms_needed, rooms / 2, 1e-9);
        }
        plan_assessment_free(a);
        plan_scenario_free(s);
    }
    /* gp_fte by hand: 0.72727 rooms x 20 m2 x 2,300 = GBP 33,454.55 */
    {
        plan_scenario *s = scn(PLAN_DEMAND_GP_FTE, no_netting);
        plan_assessment *a = assess(s, "S1", 1000, NULL);

        CHECK(a && fabs(a->contribution_gbp - 33454.545454) < 0.01);
        plan_assessment_free(a);
        plan_scenario_free(s);
    }
}

static const plan_assess_practice *prac(const plan_assessment *a,
                                        const char *code)
{
    for (size_t i = 0; a && i < a->npractices; i++)
        if (!strcmp(a->practices[i].code, code))
            return &a->practices[i];
    return NULL;
}

/* Netting (ratio method): A has 2.25 spare rooms and needs 1.2 for the
 * site's patients, so it uses 1.2; B is 2.5 short and uses none. The ask
 * falls by exactly the spare rooms used. */
static void netting(void)
{
    plan_scenario *s0 = scn(PLAN_DEMAND_RATIO, no_netting),
                  *s1 = scn(PLAN_DEMAND_RATIO, NULL);
    plan_assessment *gross, *net;
    const plan_assess_practice *A, *B;

    syn_build(1);
    syn.nsites = 1; /* S1 alone in the plan: its practices' spare is its own */
    gross = assess(s0, "S1", 1000, NULL);
    net = assess(s1, "S1", 1000, NULL);
    CHECK(gross && net);
    if (!gross || !net)
        goto done;
    A = prac(net, "A");
    B = prac(net, "B");
    CHECK(A && B);
    if (A && B) {
        CHECK_NEAR(A->rooms, 4, 1e-12);
        CHECK_NEAR(A->required_rooms, 1.75, 1e-12);
        CHECK_NEAR(A->spare_rooms, 2.25, 1e-12);
        CHECK_STR(A->status, "spare");
        CHECK_NEAR(A->rooms_needed, 1.2, 1e-12);
        CHECK_NEAR(A->spare_used, 1.2, 1e-12);
        CHECK_NEAR(A->rooms_net, 0, 1e-12);
        CHECK_NEAR(B->spare_rooms, -2.5, 1e-12);
        CHECK_STR(B->status, "short");
        CHECK_NEAR(B->spare_used, 0, 1e-12);
        CHECK_NEAR(B->rooms_net, 1.2, 1e-12);
        CHECK(A->rooms_illustrative && !B->rooms_illustrative);
    }
    CHECK_NEAR(net->rooms_gross, 2.4, 1e-12);
    CHECK_NEAR(net->spare_used, 1.2, 1e-12);
    CHECK_NEAR(net->rooms_net, 1.2, 1e-12);
    CHECK_NEAR(gross->contribution_gbp, 2.4 * 20 * 2300, 1e-6);
    CHECK_NEAR(net->contribution_gbp, 1.2 * 20 * 2300, 1e-6);
    CHECK_NEAR(gross->contribution_gbp - net->contribution_gbp,
               net->spare_used * 20 * 2300, 1e-6);
    CHECK(net->no_ask_reason == NULL);
done:
    plan_assessment_free(gross);
    plan_assessment_free(net);
    /* ample room at both practices: no ask, and the reason */
    syn_build(10);
    syn.nsites = 1;
    net = assess(s1, "S1", 1000, NULL);
    CHECK(net != NULL);
    if (net) {
        CHECK_NEAR(net->rooms_net, 0, 0);
        CHECK_NEAR(net->spare_used, net->rooms_gross, 1e-12);
        CHECK_NEAR(net->contribution_gbp, 0, 0);
        CHECK_NEAR(net->per_dwelling_gbp, 0, 0);
        CHECK_NEAR(net->m2, 0, 0);
        CHECK(isnan(net->land_ha));
        CHECK_HAS(net->no_ask_reason, "spare rooms");
        CHECK_HAS(net->no_ask_reason, "necessity");
        /* A has 2.25 spare and B 9 - 3.5 = 6.5: 8.75 between them */
        CHECK_HAS(net->no_ask_reason, "8.75 spare rooms");
    }
    /* and the letter says why, asking for no money */
    if (net) {
        cJSON *root = NULL;
        pc_buf md = PC_BUF_INIT(PC_CAP_TEXT);
        pc_error err = {0};

        CHECK(plan_assessment_cjson(net, &root, &err) == PC_OK);
        CHECK(rpt_letter(root, RPT_MARKDOWN, &md, &err) == PC_OK);
        CHECK_HAS(pc_buf_str(&md), "8.75 spare rooms");
        CHECK_HAS(pc_buf_str(&md), "Not met for a capital contribution");
        CHECK(!strstr(pc_buf_str(&md), "\xc2\xa3")); /* no pound sign */
        cJSON_Delete(root);
        pc_buf_free(&md);
    }
    plan_assessment_free(net);
    /* in the plan S1 and S2 each need 1.2 rooms at A, which has 2.25
     * spare: S1 gets 1.125, so 0.075 rooms (1.5 m2, £3,450) are left;
     * the minimum ask of £10,000 makes that no ask, and says why */
    syn_build(10);
    net = assess(s1, "S1", 1000, NULL);
    CHECK(net && fabs(net->rooms_net - 0.075) < 1e-12);
    CHECK(net && fabs(net->contribution_gbp - 1.5 * 2300) < 1e-6);
    plan_assessment_free(net);
    {
        static const char *const min_ask[] = {"minimum_ask_gbp=10000", NULL};
        plan_scenario *sm = scn(PLAN_DEMAND_RATIO, min_ask);

        net = assess(sm, "S1", 1000, NULL);
        CHECK(net && net->contribution_gbp == 0 && net->rooms_net > 0);
        CHECK(net && net->per_dwelling_gbp == 0);
        CHECK_HAS(net ? net->no_ask_reason : NULL,
                  "below the minimum ask of \xc2\xa3"
                  "10,000 (minimum_ask_gbp)");
        plan_assessment_free(net);
        plan_scenario_free(sm);
    }
    /* never below zero: a huge surplus still gives 0, not a credit */
    syn_build(1000);
    net = assess(s1, "S1", 10, NULL);
    CHECK(net && net->rooms_net == 0 && net->contribution_gbp == 0);
    plan_assessment_free(net);
    plan_scenario_free(s0);
    plan_scenario_free(s1);
}

/* --all shares a practice's spare rooms: S1 and S2 both need 1.2 rooms at
 * A, which has 2.25 spare, so each uses 1.125 there; S2 assessed by itself
 * too. */
static void batch_shares_spare(void)
{
    plan_scenario *s = scn(PLAN_DEMAND_RATIO, NULL);
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment **v = NULL, *alone;
    size_t n = 0;
    pc_error err = {0};
    double used_at_a = 0;

    syn_build(1);
    CHECK(plan_assess_all(&syn, &spat, s, &o, &v, &n, &err) == PC_OK);
    CHECK(n == 3);
    for (size_t i = 0; i < n; i++) {
        const plan_assess_practice *A = prac(v[i], "A");

        if (A)
            used_at_a += A->spare_used;
        if (!strcmp(v[i]->site_id, "S2"))
            CHECK_NEAR(v[i]->spare_used, 1.125, 1e-12);
        if (!strcmp(v[i]->site_id, "S1"))
            CHECK_NEAR(prac(v[i], "A")->spare_used, 1.125, 1e-12);
        if (!strcmp(v[i]->site_id, "S3")) { /* 100 homes left to build */
            CHECK(v[i]->dwellings == 100 && v[i]->built == 200);
            CHECK_NEAR(v[i]->rooms_gross, 0.24, 1e-12);
        }
    }
    CHECK_NEAR(used_at_a, 2.25, 1e-12);
    CHECK(n == 3 && !strcmp(v[0]->site_id, "S1") &&
          !strcmp(v[2]->site_id, "S3"));
    /* the batch's tree, printed, is its JSON text byte for byte */
    {
        pc_buf b = PC_BUF_INIT(PC_CAP_TEXT);
        cJSON *root = NULL, *tot;
        char *text = NULL;

        CHECK(plan_assessments_json(v, n, &b, &err) == PC_OK);
        CHECK(plan_assessments_cjson(v, n, &root, &err) == PC_OK);
        if (root)
            text = cJSON_Print(root);
        CHECK(text && b.len == strlen(text) + 1 &&
              !strncmp(pc_buf_str(&b), text, b.len - 1));
        tot = cJSON_GetObjectItem(root, "totals");
        CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(root, "sites")) == 3);
        CHECK(cJSON_GetObjectItem(tot, "dwellings") &&
              cJSON_GetObjectItem(tot, "dwellings")->valueint == 1600);
        cJSON_free(text);
        cJSON_Delete(root);
        pc_buf_free(&b);
    }
    /* assessed by itself a stored site shares the same way: the same
     * figures as in the batch, to the last bit */
    alone = assess(s, "S2", 0, NULL);
    CHECK(alone && alone->spare_used == v[1]->spare_used);
    CHECK(alone && alone->contribution_gbp == v[1]->contribution_gbp);
    CHECK(alone && fabs(alone->spare_used - 1.125) < 1e-12);
    plan_assessment_free(alone);
    plan_assessments_free(v, n);
    plan_scenario_free(s);
}

/* A bedroom mix: 50% 1-bed (1.5) and 50% 3-bed (3.0) = 2.25 persons. */
static void bedroom_mix(void)
{
    plan_scenario *s = scn(PLAN_DEMAND_RATIO, no_netting);
    plan_dev dev = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *a = NULL;
    pc_error err = {0};

    syn_build(1);
    CHECK(plan_parse_mix("1:50,3:50", dev.mix, &err) == PC_OK);
    dev.site_id = "S1";
    dev.dwellings = 1000;
    CHECK(plan_assess(NULL, &syn, &spat, s, &dev, &o, NULL, &a, &err) == PC_OK);
    if (a) {
        CHECK(a->mix_used);
        CHECK_NEAR(a->persons_per_dwelling, 2.25, 1e-12);
        CHECK_NEAR(a->new_patients, 2250, 1e-9);
        CHECK_NEAR(a->rooms_gross, 2.25, 1e-12);
    }
    plan_assessment_free(a);
    plan_scenario_free(s);
}

/* The index from a cost_index series (135 / 100 from 2018 to the as-of
 * date), with fees and contingency. */
static void index_fees_contingency(void)
{
    static const char *const over[] = {"use_spare_capacity=0",
                                       "build_cost_base_year=2018", "fees=0.15",
                                       "contingency=0.1", NULL};
    plan_scenario *s = scn(PLAN_DEMAND_RATIO, over);
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *a;

    syn_build(1);
    syn.cost_index = series;
    syn.ncost_index = 2;
    a = assess(s, "S1", 1000, NULL);
    CHECK(a != NULL);
    if (a) {
        CHECK_NEAR(a->index_ratio, 1.35, 1e-12);
        CHECK_STR(a->base_date, "2018-04-01");
        CHECK_NEAR(a->all_in_gbp_per_m2, 2300 * 1.35 * 1.15 * 1.1, 1e-9);
        CHECK_NEAR(a->contribution_gbp, 2.4 * 20 * 2300 * 1.35 * 1.15 * 1.1,
                   1e-6);
        CHECK_HAS(a->index_basis, "135 on 2026-04-01");
    }
    plan_assessment_free(a);
    /* an as-of date before the series: a clear error */
    o.as_of = "2017-01-01";
    a = assess(s, "S1", 1000, &o);
    CHECK(a == NULL);
    /* without a series: the build_cost_index assumption */
    syn_build(1);
    a = assess(s, "S1", 1000, NULL);
    CHECK(a && fabs(a->index_ratio - 1) < 1e-12);
    CHECK(a && strstr(a->index_basis, "build_cost_index"));
    plan_assessment_free(a);
    plan_scenario_free(s);
}

/* Land only, land and capital; the suggested terms. */
static void forms_and_terms(void)
{
    plan_scenario *s = scn(PLAN_DEMAND_RATIO, no_netting);
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *a;

    syn_build(1);
    o.form = PLAN_FORM_LAND;
    a = assess(s, "S1", 1000, &o);
    CHECK(a && a->contribution_gbp == 0);
    CHECK(a && fabs(a->land_ha - 48 * 2.5 / 10000) < 1e-12);
    CHECK(a && a->no_ask_reason == NULL);
    plan_assessment_free(a);
    o.form = PLAN_FORM_LAND_AND_CAPITAL;
    o.land_ha = 0.3;
    a = assess(s, "S1", 1000, &o);
    CHECK(a && fabs(a->contribution_gbp - 48 * 2300) < 1e-6);
    CHECK(a && a->land_ha == 0.3);
    if (a) {
        CHECK_STR(a->triggers, "50%@commencement;50%@occupation:500");
        CHECK(a->spend_period_years == 10);
    }
    plan_assessment_free(a);
    plan_scenario_free(s);
}

/* Stored sites: homes built before the base year are not assessed again;
 * an unknown site and a fully built one are input errors. */
static void stored_sites_and_errors(void)
{
    plan_scenario *s = scn(PLAN_DEMAND_RATIO, no_netting);
    plan_dev dev = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *a = NULL;
    pc_error err = {0};
    long d;
    double mix[6];

    syn_build(1);
    a = assess(s, "S3", 0, NULL);
    CHECK(a && a->dwellings == 100 && a->built == 200);
    plan_assessment_free(a);
    a = assess(s, "S3", 250, NULL); /* given: all assessed */
    CHECK(a && a->dwellings == 250 && a->built == 0);
    plan_assessment_free(a);
    a = NULL;
    dev.site_id = "NOPE";
    CHECK(plan_assess(NULL, &syn, &spat, s, &dev, &o, NULL, &a, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "NOPE");
    sites[2].dwellings = 200;
    sites[2].ntraj = 2; /* 200 built before 2026, none left */
    dev.site_id = "S3";
    CHECK(plan_assess(NULL, &syn, &spat, s, &dev, &o, NULL, &a, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "expected a number of dwellings");
    /* a name or a consultation text that is not UTF-8 is refused: each is
     * shown as it is, in the JSON and the response */
    dev.dwellings = 10;
    dev.name = "Caf\xe9 Fields";
    CHECK(plan_assess(NULL, &syn, &spat, s, &dev, &o, NULL, &a, &err) ==
          PC_ERR_INPUT);
    CHECK_STR(err.msg, "name: not UTF-8 text (expected the text in UTF-8)");
    dev.name = "Caf\xc3\xa9 Fields";
    o.council = "Warwick\x96"
                "District";
    CHECK(plan_assess(NULL, &syn, &spat, s, &dev, &o, NULL, &a, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "council: not UTF-8 text");
    o.council = NULL;
    CHECK(plan_assess(NULL, &syn, &spat, s, &dev, &o, NULL, &a, &err) == PC_OK);
    CHECK(a && !strcmp(a->name, "Caf\xc3\xa9 Fields"));
    plan_assessment_free(a);
    a = NULL;
    /* parsers */
    CHECK(plan_parse_dwellings("0", &d, &err) == PC_ERR_INPUT);
    CHECK(plan_parse_dwellings("100001", &d, &err) == PC_ERR_INPUT);
    CHECK(plan_parse_dwellings("12x", &d, &err) == PC_ERR_INPUT);
    CHECK(plan_parse_dwellings("-5", &d, &err) == PC_ERR_INPUT);
    CHECK(plan_parse_dwellings("250", &d, &err) == PC_OK && d == 250);
    CHECK(plan_parse_mix("1:20,2:40,3:30,4:10", mix, &err) == PC_OK);
    CHECK(mix[2] == 40 && mix[5] == 0);
    CHECK(plan_parse_mix("1:20,2:40", mix, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "sum to 60");
    CHECK(plan_parse_mix("6:100", mix, &err) == PC_ERR_INPUT);
    CHECK(plan_parse_mix("1:50,1:50", mix, &err) == PC_ERR_INPUT);
    CHECK(plan_parse_mix("1:x", mix, &err) == PC_ERR_INPUT);
    CHECK(plan_parse_mix("1:100,", mix, &err) == PC_ERR_INPUT);
    CHECK(plan_parse_mix("", mix, &err) == PC_ERR_INPUT);
    plan_scenario_free(s);
}

/* The JSON: the fields the issue names, a trace whose assumption ids are
 * all listed, and the same bytes twice. */
static void json_and_trace(void)
{
    plan_scenario *s = scn(PLAN_DEMAND_SPACE, NULL);
    plan_assessment *a;
    pc_buf b1 = PC_BUF_INIT(PC_CAP_TEXT), b2 = PC_BUF_INIT(PC_CAP_TEXT);
    pc_error err = {0};
    cJSON *root = NULL;

    syn_build(1);
    a = assess(s, "S1", 1000, NULL);
    CHECK(a && plan_assessment_json(a, &b1, &err) == PC_OK);
    plan_assessment_free(a);
    a = assess(s, "S1", 1000, NULL);
    CHECK(a && plan_assessment_json(a, &b2, &err) == PC_OK);
    CHECK(b1.len > 0 && b1.len == b2.len &&
          !memcmp(pc_buf_str(&b1), pc_buf_str(&b2), b1.len));
    root = cJSON_Parse(pc_buf_str(&b1));
    CHECK(root != NULL);
    if (root) {
        static const char *keys[] = {"new_patients",
                                     "rooms_needed_gross",
                                     "rooms_needed_net",
                                     "m2",
                                     "contribution_gbp",
                                     "per_dwelling_gbp",
                                     "practices",
                                     "trace",
                                     "cost",
                                     "suggested",
                                     "assumptions",
                                     "illustrative"};
        cJSON *trace = cJSON_GetObjectItem(root, "trace"), *st;
        cJSON *used = cJSON_GetObjectItem(root, "assumptions");
        int steps = 0;

        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
            CHECK(cJSON_GetObjectItem(root, keys[i]) != NULL);
        cJSON_ArrayForEach(st, trace)
        {
            cJSON *id;

            steps++;
            CHECK(cJSON_IsString(cJSON_GetObjectItem(st, "formula")));
            cJSON_ArrayForEach(id, cJSON_GetObjectItem(st, "assumptions"))
            {
                cJSON *u;
                int found = 0;

                cJSON_ArrayForEach(u, used) found |= !strcmp(
                    cJSON_GetObjectItem(u, "id")->valuestring, id->valuestring);
                if (!found)
                    fprintf(stderr, "trace id %s not listed\n",
                            id->valuestring);
                CHECK(found);
            }
        }
        CHECK(steps >= 12);
        /* illustrative: A's premises rooms */
        char *ill =
            cJSON_PrintUnformatted(cJSON_GetObjectItem(root, "illustrative"));

        CHECK_HAS(ill, "premises rooms of 1 of the 2");
        free(ill);
    }
    cJSON_Delete(root);
    plan_assessment_free(a);
    pc_buf_free(&b1);
    pc_buf_free(&b2);
    plan_scenario_free(s);
}

/* plan_assessments_csv: text cells a spreadsheet would run as formulas
 * get a leading '\''; numbers, negative ones too, stay numbers. */
static void csv_formulas_neutralised(void)
{
    plan_assessment a;
    plan_assessment *v[1] = {&a};
    pc_buf b = PC_BUF_INIT(1 << 16);
    pc_error err = {0};
    const char *row;

    memset(&a, 0, sizeof a);
    a.site_id = "-S1";
    a.name = "=HYPERLINK(\"http://x\",\"y\")";
    a.lad_code = "@E07";
    a.place = "+Rugby";
    a.s106_position = "\tagreed";
    a.dwellings = -3;
    a.contribution_gbp = -1250.5;
    CHECK(plan_assessments_csv(v, 1, &b, &err) == PC_OK);
    row = strchr(pc_buf_str(&b), '\n');
    CHECK(row != NULL);
    CHECK_STR(row ? row + 1 : NULL,
              "'-S1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@E07,"
              "'+Rugby,-3,0,0.0000,0.0,0,0.00,0.00,0.00,0.0,0.00,-1250.50,"
              "0.00,'\tagreed,false\n");
    pc_buf_free(&b);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"space_per_dwelling", space_per_dwelling},
        {"each_method", each_method},
        {"netting", netting},
        {"batch_shares_spare", batch_shares_spare},
        {"bedroom_mix", bedroom_mix},
        {"index_fees_contingency", index_fees_contingency},
        {"forms_and_terms", forms_and_terms},
        {"stored_sites_and_errors", stored_sites_and_errors},
        {"json_and_trace", json_and_trace},
        {"csv_formulas_neutralised", csv_formulas_neutralised},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
