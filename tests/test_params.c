/* test_params.c: the assumptions a calculation uses (planner/plan_params.h)
 * on a register built in memory: values and their origin through a preset
 * and a scenario's overrides, the used marks, each demand method's rooms
 * per patient worked by hand (gp_fte 1/3000, activity 42/92160, ratio
 * derived from today's rooms or given, space 0.002), persons per dwelling
 * from a bedroom mix (2.3) or not, the illustrative markings, and every
 * error with its code and the words of its message: an unknown preset
 * naming the known ones, an override the register lacks, values out of
 * range (open and closed bounds), a missing assumption. */
#include "check.h"
#include "pc_error.h"
#include "plan_params.h"

#include <math.h>
#include <string.h>

static ds_assumption reg[] = {
    {"persons_per_dwelling", 2.4, "persons", "test", NULL},
    {"persons_per_dwelling_1bed", 1.3, "persons", "test", NULL},
    {"persons_per_dwelling_2bed", 1.9, "persons", "test", NULL},
    {"persons_per_dwelling_3bed", 2.5, "persons", "test", NULL},
    {"persons_per_dwelling_4bed", 3.0, "persons", "test", NULL},
    {"use_bedroom_mix", 1, "flag", "test", NULL},
    {"patients_per_gp_fte", 1800, "patients", "test", NULL},
    {"gp_f2f_sessions_per_fte", 6, "sessions", "test", NULL},
    {"room_sessions_per_week", 10, "sessions", "test", NULL},
    {"appointments_per_patient_year", 5, "appointments", "test", NULL},
    {"f2f_share", 0.7, "share", "test", NULL},
    {"minutes_per_appointment", 12, "minutes", "test", NULL},
    {"room_hours_per_week", 40, "hours", "test", NULL},
    {"weeks_per_year", 48, "weeks", "test", NULL},
    {"utilisation", 0.8, "share", "test", NULL},
    {"m2_per_patient", 0.08, "m2", "test", NULL},
    {"gross_m2_per_room", 40, "m2", "test", NULL},
};
#define NREG (sizeof reg / sizeof *reg)

static ds_preset_value presets[] = {
    {"high", "persons_per_dwelling", 2.6},
    {"low", "persons_per_dwelling", 2.2},
    {"high", "f2f_share", 0.8},
    {"high", "not_in_the_register", 5}, /* ignored */
    {"low", "f2f_share", 0.6},
};

static ds_dataset dataset(void)
{
    ds_dataset ds = {0};

    ds.assumptions = reg;
    ds.nassumptions = NREG;
    ds.presets = presets;
    ds.npresets = sizeof presets / sizeof *presets;
    return ds;
}

/* The register of the test dataset with the scenario in json applied; on
 * failure NULL with *rc and *err set. */
static plan_params *params_of(const ds_dataset *ds, const char *json,
                              pc_status *rc, pc_error *err)
{
    plan_scenario *sc = NULL;
    plan_params *P = NULL;

    *rc = plan_scenario_parse(json, strlen(json), "t.json", &sc, err);
    CHECK(*rc == PC_OK);
    if (*rc != PC_OK)
        return NULL;
    *rc = plan_params_new(ds, sc, &P, err);
    plan_scenario_free(sc);
    return P;
}

static plan_params *params_ok(const char *json)
{
    ds_dataset ds = dataset();
    pc_error err = {0};
    pc_status rc;
    plan_params *P = params_of(&ds, json, &rc, &err);

    if (rc != PC_OK)
        fprintf(stderr, "unexpected error: %s\n", err.msg);
    CHECK(rc == PC_OK && P);
    return P;
}

static const char *origin_of(const plan_params *P, const char *id)
{
    size_t i;

    return plan_params_find(P, id, &i) ? plan_params_at(P, i).origin : NULL;
}

/* --- values and origins ------------------------------------------------ */

static void defaults(void)
{
    plan_params *P = params_ok("{}");
    double v = 0;
    size_t i = 99;

    if (!P)
        return;
    CHECK(plan_params_count(P) == NREG);
    for (size_t k = 0; k < NREG; k++) {
        plan_param p = plan_params_at(P, k);

        CHECK_STR(p.id, reg[k].id);
        CHECK(p.value == reg[k].value);
        CHECK_STR(p.origin, "default");
        CHECK(p.used == 0);
    }
    CHECK(plan_params_find(P, "f2f_share", &i) && i == 10);
    CHECK(!plan_params_find(P, "no_such_id", &i));
    CHECK(plan_params_at(P, 10).used == 0); /* find does not mark */
    CHECK(plan_params_get(P, "f2f_share", &v) == 1 && v == 0.7);
    CHECK(plan_params_at(P, 10).used == 1);
    v = -1;
    CHECK(plan_params_get(P, "no_such_id", &v) == 0 && v == -1);
    plan_params_free(P);
}

static void preset_and_overrides(void)
{
    plan_params *P = params_ok("{\"preset\":\"high\",\"assumptions\":"
                               "{\"persons_per_dwelling\":2.5,"
                               "\"weeks_per_year\":50}}");
    double v = 0;

    if (!P)
        return;
    /* the scenario over the preset over the default */
    CHECK(plan_params_get(P, "persons_per_dwelling", &v) && v == 2.5);
    CHECK_STR(origin_of(P, "persons_per_dwelling"), "scenario");
    CHECK(plan_params_get(P, "f2f_share", &v) && v == 0.8);
    CHECK_STR(origin_of(P, "f2f_share"), "preset");
    CHECK(plan_params_get(P, "weeks_per_year", &v) && v == 50);
    CHECK_STR(origin_of(P, "weeks_per_year"), "scenario");
    CHECK(plan_params_get(P, "utilisation", &v) && v == 0.8);
    CHECK_STR(origin_of(P, "utilisation"), "default");
    /* the preset's id that the register lacks adds nothing */
    CHECK(plan_params_count(P) == NREG);
    plan_params_free(P);

    P = params_ok("{\"preset\":\"low\"}");
    if (!P)
        return;
    CHECK(plan_params_get(P, "persons_per_dwelling", &v) && v == 2.2);
    CHECK(plan_params_get(P, "f2f_share", &v) && v == 0.6);
    CHECK_STR(origin_of(P, "f2f_share"), "preset");
    plan_params_free(P);
}

static void unknown_preset(void)
{
    ds_dataset ds = dataset();
    pc_error err = {0};
    pc_status rc;
    plan_params *P = params_of(&ds, "{\"preset\":\"medium\"}", &rc, &err);

    CHECK(rc == PC_ERR_NOTFOUND && P == NULL);
    CHECK_HAS(err.msg, "unknown preset \"medium\"");
    CHECK_HAS(err.msg, "(the dataset has: high, low)");
    /* a dataset with no presets says so */
    ds.npresets = 0;
    memset(&err, 0, sizeof err);
    P = params_of(&ds, "{\"preset\":\"high\"}", &rc, &err);
    CHECK(rc == PC_ERR_NOTFOUND && P == NULL);
    CHECK_HAS(err.msg, "(the dataset has: none)");
}

static void unknown_override(void)
{
    ds_dataset ds = dataset();
    pc_error err = {0};
    pc_status rc;
    plan_params *P = params_of(
        &ds, "{\"assumptions\":{\"f2f_share\":0.5,\"rooms_per_gp\":2}}", &rc,
        &err);

    CHECK(rc == PC_ERR_INPUT && P == NULL);
    CHECK_HAS(err.msg, "assumptions.rooms_per_gp");
    CHECK_HAS(err.msg, "no such assumption in the dataset's register");
}

/* --- required values and their ranges ---------------------------------- */

static void need_ranges(void)
{
    plan_params *P = params_ok("{}");
    pc_error err = {0};

    CHECK_STR(plan_ppd_band_id(3), "persons_per_dwelling_3bed");
    CHECK(!plan_ppd_band_id(0) && !plan_ppd_band_id(6));
    double v = -1;

    if (!P)
        return;
    /* f2f_share 0.7 in [0.7, 1] and in (0.6, 0.7] */
    CHECK(plan_params_need(P, "f2f_share", 0.7, 0, 1, "x", &v, &err) == PC_OK &&
          v == 0.7);
    CHECK(plan_params_need(P, "f2f_share", 0.6, 1, 0.7, "x", &v, &err) ==
          PC_OK);
    /* but not in (0.7, 1] */
    v = -1;
    CHECK(plan_params_need(P, "f2f_share", 0.7, 1, 1, "the test", &v, &err) ==
          PC_ERR_INPUT);
    CHECK(v == -1);
    CHECK_HAS(err.msg, "\"f2f_share\" is 0.7 (expected more than 0.7 and at "
                       "most 1, for the test)");
    /* nor in [0, 0.5] */
    memset(&err, 0, sizeof err);
    CHECK(plan_params_need(P, "f2f_share", 0, 0, 0.5, "the test", &v, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "expected at least 0 and at most 0.5");
    memset(&err, 0, sizeof err);
    CHECK(plan_params_need(P, "no_such_id", 0, 0, 1, "the test", &v, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "no assumption \"no_such_id\" (needed for the test)");
    plan_params_free(P);
}

/* --- rooms per patient ------------------------------------------------- */

static void demand_k(void)
{
    plan_params *P = params_ok("{}");
    pc_error err = {0};
    double k = 0, derived = 0;

    if (!P)
        return;
    /* 6 sessions / (1800 patients x 10 sessions a room) */
    CHECK(plan_demand_k(P, PLAN_DEMAND_GP_FTE, 0, 0, &k, &derived, &err) ==
          PC_OK);
    CHECK_NEAR(k, 1.0 / 3000.0, 1e-15);
    CHECK(isnan(derived));
    /* 5 x 0.7 x 12 minutes / (40 h x 60 x 48 weeks x 0.8) = 42 / 92160 */
    CHECK(plan_demand_k(P, PLAN_DEMAND_ACTIVITY, 0, 0, &k, &derived, &err) ==
          PC_OK);
    CHECK_NEAR(k, 42.0 / 92160.0, 1e-15);
    /* no patients_per_room: today's 120,000 patients in 60 rooms */
    CHECK(plan_demand_k(P, PLAN_DEMAND_RATIO, 120000, 60, &k, &derived, &err) ==
          PC_OK);
    CHECK_NEAR(k, 1.0 / 2000.0, 1e-15);
    CHECK_NEAR(derived, 2000, 1e-9);
    /* 0.08 m2 a patient / 40 m2 a room */
    CHECK(plan_demand_k(P, PLAN_DEMAND_SPACE, 0, 0, &k, &derived, &err) ==
          PC_OK);
    CHECK_NEAR(k, 0.002, 1e-15);
    CHECK(isnan(derived));
    /* the methods read exactly their assumptions */
    CHECK(plan_params_at(P, 6).used && plan_params_at(P, 14).used &&
          plan_params_at(P, 16).used);
    CHECK(!plan_params_at(P, 0).used && !plan_params_at(P, 5).used);
    /* no rooms to derive the ratio from */
    k = -1;
    CHECK(plan_demand_k(P, PLAN_DEMAND_RATIO, 120000, 0, &k, &derived, &err) ==
          PC_ERR_INPUT);
    CHECK(k == -1);
    CHECK_HAS(err.msg, "no assumption \"patients_per_room\" and no consult "
                       "rooms");
    memset(&err, 0, sizeof err);
    CHECK(plan_demand_k(P, PLAN_DEMAND_UNSET, 0, 0, &k, &derived, &err) ==
          PC_ERR_INTERNAL);
    plan_params_free(P);
}

static void demand_k_given_ratio(void)
{
    static ds_assumption more[NREG + 1];
    ds_dataset ds = dataset();
    pc_error err = {0};
    double k = 0, derived = 0;
    plan_scenario *sc = plan_scenario_new();
    plan_params *P = NULL;

    memcpy(more, reg, sizeof reg);
    more[NREG] =
        (ds_assumption){"patients_per_room", 2500, "patients", "test", NULL};
    ds.assumptions = more;
    ds.nassumptions = NREG + 1;
    CHECK(sc && plan_params_new(&ds, sc, &P, &err) == PC_OK);
    plan_scenario_free(sc);
    if (!P)
        return;
    CHECK(plan_demand_k(P, PLAN_DEMAND_RATIO, 120000, 60, &k, &derived, &err) ==
          PC_OK);
    CHECK_NEAR(k, 1.0 / 2500.0, 1e-15);
    CHECK(isnan(derived));
    plan_params_free(P);
}

static void demand_k_errors(void)
{
    pc_error err = {0};
    double k = -1, derived = 0;
    plan_params *P = params_ok("{\"assumptions\":{\"f2f_share\":1.5,"
                               "\"room_sessions_per_week\":0}}");

    if (!P)
        return;
    CHECK(plan_demand_k(P, PLAN_DEMAND_ACTIVITY, 0, 0, &k, &derived, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "\"f2f_share\" is 1.5 (expected at least 0 and at "
                       "most 1, for the activity method)");
    /* the scenario set it: a front end can tell by func */
    CHECK(err.func && !strcmp(err.func, "params_override"));
    memset(&err, 0, sizeof err);
    CHECK(plan_demand_k(P, PLAN_DEMAND_GP_FTE, 0, 0, &k, &derived, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "\"room_sessions_per_week\" is 0 (expected more than 0");
    CHECK(k == -1);
    plan_params_free(P);

    /* a register without the space method's m2_per_patient */
    {
        ds_dataset ds = dataset();
        plan_scenario *sc = plan_scenario_new();

        ds.nassumptions = NREG - 2; /* drops m2_per_patient, gross_m2 */
        memset(&err, 0, sizeof err);
        CHECK(sc && plan_params_new(&ds, sc, &P, &err) == PC_OK);
        plan_scenario_free(sc);
        if (!P)
            return;
        CHECK(plan_demand_k(P, PLAN_DEMAND_SPACE, 0, 0, &k, &derived, &err) ==
              PC_ERR_INPUT);
        CHECK_HAS(err.msg, "no assumption \"m2_per_patient\" (needed for the "
                           "space method)");
        plan_params_free(P);
    }
}

/* The whole team by staff group: 5 appointments a patient, GPs 40% (60%
 * face to face, 10 min), nurses 35% (90%, 15 min), the other roles 25%
 * (50%, 20 min): 0.4 x 0.6 x 10 + 0.35 x 0.9 x 15 + 0.25 x 0.5 x 20 =
 * 2.4 + 4.725 + 2.5 = 9.625 minutes an appointment, 48.125 a patient,
 * over 40 h x 60 x 48 weeks x 0.8 = 92,160 bookable minutes a room. The
 * single-group f2f_share and minutes_per_appointment are then unused. */
static void demand_k_team(void)
{
    static const ds_assumption team[] = {
        {"appointment_share_gp", 0.4, "fraction", "test", NULL},
        {"appointment_share_nurse", 0.35, "fraction", "test", NULL},
        {"appointment_share_other", 0.25, "fraction", "test", NULL},
        {"f2f_share_gp", 0.6, "fraction", "test", NULL},
        {"f2f_share_nurse", 0.9, "fraction", "test", NULL},
        {"f2f_share_other", 0.5, "fraction", "test", NULL},
        {"minutes_gp", 10, "minutes", "test", NULL},
        {"minutes_nurse", 15, "minutes", "test", NULL},
        {"minutes_other", 20, "minutes", "test", NULL}};
    static ds_assumption more[NREG + 9];
    static const char over[] =
        "{\"assumptions\":{\"appointment_share_gp\":0.5}}";
    ds_dataset ds = dataset();
    pc_error err = {0};
    double k = 0, derived = 0;
    plan_scenario *sc = NULL;
    plan_params *P = NULL;
    size_t i;

    memcpy(more, reg, sizeof reg);
    memcpy(more + NREG, team, sizeof team);
    ds.assumptions = more;
    ds.nassumptions = NREG + 9;
    CHECK(plan_scenario_parse("{}", 2, "t.json", &sc, &err) == PC_OK &&
          plan_params_new(&ds, sc, &P, &err) == PC_OK);
    if (P) {
        CHECK(plan_demand_k(P, PLAN_DEMAND_ACTIVITY, 0, 0, &k, &derived,
                            &err) == PC_OK);
        CHECK_NEAR(k, 5 * 9.625 / 92160.0, 1e-15);
        CHECK(plan_params_find(P, "minutes_nurse", &i) &&
              plan_params_at(P, i).used);
        CHECK(plan_params_find(P, "f2f_share", &i) &&
              !plan_params_at(P, i).used);
    }
    plan_params_free(P);
    plan_scenario_free(sc);
    /* the shares must sum to 1 */
    P = NULL;
    CHECK(plan_scenario_parse(over, strlen(over), "t.json", &sc, &err) ==
              PC_OK &&
          plan_params_new(&ds, sc, &P, &err) == PC_OK);
    k = -1;
    CHECK(P && plan_demand_k(P, PLAN_DEMAND_ACTIVITY, 0, 0, &k, &derived,
                             &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "appointment_share_gp, _nurse and _other sum to 1.1 "
                       "(expected 1, for the activity method)");
    CHECK(k == -1);
    plan_params_free(P);
    plan_scenario_free(sc);
}

static void demand_rooms(void)
{
    CHECK(plan_demand_rooms(PLAN_DEMAND_GP_FTE) == PLAN_ROOM_CONSULT);
    CHECK(plan_demand_rooms(PLAN_DEMAND_RATIO) == PLAN_ROOM_CONSULT);
    CHECK(plan_demand_rooms(PLAN_DEMAND_ACTIVITY) ==
          (PLAN_ROOM_CONSULT | PLAN_ROOM_TREATMENT));
    CHECK(plan_demand_rooms(PLAN_DEMAND_SPACE) ==
          (PLAN_ROOM_CONSULT | PLAN_ROOM_TREATMENT | PLAN_ROOM_OTHER));
    CHECK(plan_demand_rooms(PLAN_DEMAND_UNSET) == 0);
    CHECK(plan_demand_rooms((plan_demand)9) == 0);
}

/* --- persons per dwelling ---------------------------------------------- */

static void persons_per_dwelling(void)
{
    const double mix[6] = {NAN, 10, 30, 40, 20, 0};
    const double none[6] = {NAN, NAN, NAN, NAN, NAN, NAN};
    const double five[6] = {NAN, 0, 0, 50, 0, 50};
    plan_params *P = params_ok("{}");
    pc_error err = {0};
    double ppd = 0;
    int used = -1;

    if (!P)
        return;
    /* 0.1 x 1.3 + 0.3 x 1.9 + 0.4 x 2.5 + 0.2 x 3.0 */
    CHECK(plan_persons_per_dwelling(P, mix, &ppd, &used, &err) == PC_OK);
    CHECK_NEAR(ppd, 2.3, 1e-12);
    CHECK(used == 1);
    CHECK(plan_persons_per_dwelling(P, none, &ppd, &used, &err) == PC_OK);
    CHECK(ppd == 2.4 && used == 0);
    /* a 5-bed share needs the 5-bed figure the register lacks */
    CHECK(plan_persons_per_dwelling(P, five, &ppd, &used, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "no assumption \"persons_per_dwelling_5bed\" (needed "
                       "for sites with a bedroom mix)");
    plan_params_free(P);

    /* use_bedroom_mix 0: the mix is ignored */
    P = params_ok("{\"assumptions\":{\"use_bedroom_mix\":0}}");
    if (!P)
        return;
    CHECK(plan_persons_per_dwelling(P, mix, &ppd, &used, &err) == PC_OK);
    CHECK(ppd == 2.4 && used == 0);
    plan_params_free(P);
}

static void marked(void)
{
    CHECK(plan_marked("*", "gia_m2") == 1);
    CHECK(plan_marked(NULL, "gia_m2") == 0);
    CHECK(plan_marked("", "gia_m2") == 0);
    CHECK(plan_marked("gia_m2", "gia_m2") == 1);
    CHECK(plan_marked("gia_m2;rooms_consult", "rooms_other;rooms_consult") ==
          1);
    CHECK(plan_marked("gia_m2;rooms_consult", "rooms_other;void_m2") == 0);
    /* whole names only, neither prefixes nor extensions */
    CHECK(plan_marked("gia", "gia_m2") == 0);
    CHECK(plan_marked("gia_m2", "gia") == 0);
    CHECK(plan_marked("rooms_consult_x;gia_m2", "rooms_consult") == 0);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"defaults", defaults},
        {"preset_and_overrides", preset_and_overrides},
        {"unknown_preset", unknown_preset},
        {"unknown_override", unknown_override},
        {"need_ranges", need_ranges},
        {"demand_k", demand_k},
        {"demand_k_given_ratio", demand_k_given_ratio},
        {"demand_k_errors", demand_k_errors},
        {"demand_k_team", demand_k_team},
        {"demand_rooms", demand_rooms},
        {"persons_per_dwelling", persons_per_dwelling},
        {"marked", marked},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
