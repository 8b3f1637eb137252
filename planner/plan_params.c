/* plan_params.c: assumptions with their origin, and rooms per patient
 * (see plan_params.h). */
#include "plan_params.h"

#include "pc_error.h"
#include "pc_index.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct plan_params {
    const char **ids;
    double *vals;
    const char **origin;
    int *used;
    size_t n;
    pc_index ix;
};

void plan_params_free(plan_params *A)
{
    if (!A)
        return;
    free(A->ids);
    free(A->vals);
    free(A->origin);
    free(A->used);
    pc_index_free(&A->ix);
    free(A);
}

/* The register's values, then the preset's, then the scenario's. Its
 * failures' func (params_apply) tells a front end that the assumptions
 * are at fault. */
static pc_status params_apply(plan_params *A, const ds_dataset *ds,
                              const plan_scenario *sc, pc_error *err)
{
    const char *preset = sc->preset;
    size_t n = ds->nassumptions, j;
    int found = preset == NULL;

    A->ids = calloc(n + 1, sizeof *A->ids);
    A->vals = calloc(n + 1, sizeof *A->vals);
    A->origin = calloc(n + 1, sizeof *A->origin);
    A->used = calloc(n + 1, sizeof *A->used);
    if (!A->ids || !A->vals || !A->origin || !A->used)
        return PC_NOMEM(err);
    for (size_t i = 0; i < n; i++) {
        A->ids[i] = ds->assumptions[i].id;
        A->vals[i] = ds->assumptions[i].value;
        A->origin[i] = "default";
        if (pc_index_put(&A->ix, A->ids[i], i, NULL) < 0)
            return PC_NOMEM(err);
    }
    A->n = n;
    for (size_t i = 0; preset && i < ds->npresets; i++) {
        const ds_preset_value *p = &ds->presets[i];

        if (strcmp(p->preset, preset))
            continue;
        found = 1;
        if (pc_index_get(&A->ix, p->assumption_id, &j)) {
            A->vals[j] = p->value;
            A->origin[j] = "preset";
        }
    }
    if (!found) {
        char known[512] = "";
        size_t len = 0;

        for (size_t i = 0; i < ds->npresets; i++) {
            const char *name = ds->presets[i].preset;
            int seen = 0;

            for (size_t k = 0; k < i && !seen; k++)
                seen = !strcmp(ds->presets[k].preset, name);
            if (!seen && len + strlen(name) + 3 < sizeof known)
                len += (size_t)snprintf(known + len, sizeof known - len, "%s%s",
                                        len ? ", " : "", name);
        }
        return PC_FAIL(err, PC_ERR_NOTFOUND,
                       "unknown preset \"%s\" (the dataset has: %s)", preset,
                       len ? known : "none");
    }
    for (size_t i = 0; i < sc->noverrides; i++) {
        if (!pc_index_get(&A->ix, sc->override_ids[i], &j))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: assumptions.%s: no such assumption in "
                           "the dataset's register (expected one of its "
                           "assumption ids)",
                           plan_scenario_label(sc), sc->override_ids[i]);
        A->vals[j] = sc->override_values[i];
        A->origin[j] = "scenario";
    }
    return PC_OK;
}

/* The value of assumption id, marked as used; 0 when absent. */
int plan_params_get(plan_params *A, const char *id, double *out)
{
    size_t j;

    if (!pc_index_get(&A->ix, id, &j))
        return 0;
    A->used[j] = 1;
    *out = A->vals[j];
    return 1;
}

/* A required assumption in [lo, hi] (lo excluded when lo_open). */
pc_status plan_params_need(plan_params *A, const char *id, double lo,
                           int lo_open, double hi, const char *why, double *out,
                           pc_error *err)
{
    double v;
    size_t j = 0;

    if (!plan_params_get(A, id, &v))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "assumptions: no assumption \"%s\" (needed for %s)", id,
                       why);
    pc_index_get(&A->ix, id, &j);
    /* a front end tells the scenario's values from the others by func */
    if (!(lo_open ? v > lo : v >= lo) || !(v <= hi))
        return pc_error_set(
            err, PC_ERR_INPUT,
            strcmp(A->origin[j], "scenario") ? __func__ : "params_override",
            "assumptions: \"%s\" is %g (expected %s %g and at most %g, for "
            "%s)",
            id, v, lo_open ? "more than" : "at least", lo, hi, why);
    *out = v;
    return PC_OK;
}

static const unsigned demand_rooms[PLAN_DEMAND_SPACE + 1] = {
    PLAN_ROOM_CONSULT, PLAN_ROOM_CONSULT | PLAN_ROOM_TREATMENT,
    PLAN_ROOM_CONSULT,
    PLAN_ROOM_CONSULT | PLAN_ROOM_TREATMENT | PLAN_ROOM_OTHER};

/* An assumption a demand method needs, and its range (plan_params_need). */
typedef struct need {
    const char *id;
    double lo;
    int lo_open;
    double hi;
} need;

static const need gp_fte_needs[3] = {{"patients_per_gp_fte", 0, 1, 1e6},
                                     {"gp_f2f_sessions_per_fte", 0, 0, 20},
                                     {"room_sessions_per_week", 0, 1, 30}};
static const need activity_needs[6] = {
    {"appointments_per_patient_year", 0, 0, 100},
    {"f2f_share", 0, 0, 1},
    {"minutes_per_appointment", 0, 0, 600},
    {"room_hours_per_week", 0, 1, 168},
    {"weeks_per_year", 0, 1, 53},
    {"utilisation", 0, 1, 1}};
/* The whole practice team by staff group (GPs, nurses, the other direct
 * patient care roles): each group's share of appointments, face-to-face
 * share and minutes of room time, in place of f2f_share and
 * minutes_per_appointment when the register has appointment_share_gp. */
static const need team_needs[9] = {{"appointment_share_gp", 0, 0, 1},
                                   {"appointment_share_nurse", 0, 0, 1},
                                   {"appointment_share_other", 0, 0, 1},
                                   {"f2f_share_gp", 0, 0, 1},
                                   {"f2f_share_nurse", 0, 0, 1},
                                   {"f2f_share_other", 0, 0, 1},
                                   {"minutes_gp", 0, 0, 600},
                                   {"minutes_nurse", 0, 0, 600},
                                   {"minutes_other", 0, 0, 600}};
static const need space_needs[2] = {{"m2_per_patient", 0, 0, 10},
                                    {"gross_m2_per_room", 0, 1, 1000}};

/* The n assumptions of needs, in order, into v; the first missing or out
 * of range fails. */
static pc_status need_all(plan_params *A, const need *needs, size_t n,
                          const char *why, double *v, pc_error *err)
{
    pc_status rc;

    for (size_t i = 0; i < n; i++)
        if ((rc =
                 plan_params_need(A, needs[i].id, needs[i].lo, needs[i].lo_open,
                                  needs[i].hi, why, &v[i], err)))
            return rc;
    return PC_OK;
}

/* Rooms per patient by the activity method: appointments a patient a
 * year x room minutes each (face-to-face share x minutes, by staff group
 * when the register has them) over a room's bookable minutes a year. */
static pc_status activity_k(plan_params *A, double *k, pc_error *err)
{
    const char *why = "the activity method";
    double v[6], t[9], minutes = 0, shares = 0;
    size_t i;
    pc_status rc;

    if (!plan_params_find(A, "appointment_share_gp", &i)) {
        if ((rc = need_all(A, activity_needs, 6, why, v, err)))
            return rc;
        minutes = v[1] * v[2];
    } else {
        if ((rc = need_all(A, activity_needs, 1, why, v, err)) ||
            (rc = need_all(A, team_needs, 9, why, t, err)) ||
            (rc = need_all(A, activity_needs + 3, 3, why, v + 3, err)))
            return rc;
        for (int g = 0; g < 3; g++) {
            shares += t[g];
            minutes += t[g] * t[3 + g] * t[6 + g];
        }
        if (fabs(shares - 1) > 1e-6)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "assumptions: appointment_share_gp, _nurse and "
                           "_other sum to %g (expected 1, for %s)",
                           shares, why);
    }
    *k = v[0] * minutes / (v[3] * 60.0 * v[4] * v[5]);
    return PC_OK;
}

pc_status plan_demand_k(plan_params *A, plan_demand d, double sys_patients,
                        double sys_rooms, double *k, double *derived,
                        pc_error *err)
{
    double v[6], a;
    pc_status rc = PC_OK;

    *derived = NAN;
    switch (d) {
    case PLAN_DEMAND_GP_FTE:
        if ((rc = need_all(A, gp_fte_needs, 3, "the gp_fte method", v, err)))
            return rc;
        *k = v[1] / (v[0] * v[2]);
        return PC_OK;
    case PLAN_DEMAND_ACTIVITY: return activity_k(A, k, err);
    case PLAN_DEMAND_RATIO:
        if (!plan_params_get(A, "patients_per_room", &a)) {
            if (!(sys_rooms > 0))
                return PC_FAIL(err, PC_ERR_INPUT,
                               "assumptions: no assumption "
                               "\"patients_per_room\" and no consult rooms "
                               "to derive today's ratio from");
            a = sys_patients / sys_rooms;
            *derived = a;
        } else if ((rc = plan_params_need(A, "patients_per_room", 0, 1, 1e7,
                                          "the ratio method", &a, err)))
            return rc;
        *k = 1.0 / a;
        return PC_OK;
    case PLAN_DEMAND_SPACE:
        if ((rc = need_all(A, space_needs, 2, "the space method", v, err)))
            return rc;
        *k = v[0] / v[1];
        return PC_OK;
    default:
        return PC_FAIL(err, PC_ERR_INTERNAL, "unknown demand method %d",
                       (int)d);
    }
}

pc_status plan_params_new(const ds_dataset *ds, const plan_scenario *sc,
                          plan_params **out, pc_error *err)
{
    plan_params *A = calloc(1, sizeof *A);
    pc_status rc;

    *out = NULL;
    if (!A)
        return PC_NOMEM(err);
    if ((rc = params_apply(A, ds, sc, err))) {
        plan_params_free(A);
        return rc;
    }
    *out = A;
    return PC_OK;
}

size_t plan_params_count(const plan_params *A)
{
    return A->n;
}

void plan_params_clear_used(plan_params *A)
{
    memset(A->used, 0, A->n * sizeof *A->used);
}

plan_param plan_params_at(const plan_params *A, size_t i)
{
    return (plan_param){A->ids[i], A->vals[i], A->origin[i], A->used[i]};
}

int plan_params_find(const plan_params *A, const char *id, size_t *i)
{
    return pc_index_get(&A->ix, id, i);
}

unsigned plan_demand_rooms(plan_demand d)
{
    return d >= 0 && d <= PLAN_DEMAND_SPACE ? demand_rooms[d] : 0;
}

const char *plan_ppd_band_id(int beds)
{
    static const char *const band[6] = {NULL,
                                        "persons_per_dwelling_1bed",
                                        "persons_per_dwelling_2bed",
                                        "persons_per_dwelling_3bed",
                                        "persons_per_dwelling_4bed",
                                        "persons_per_dwelling_5bed"};

    return beds >= 1 && beds <= 5 ? band[beds] : NULL;
}

pc_status plan_persons_per_dwelling(plan_params *P, const double mix[6],
                                    double *ppd, int *mix_used, pc_error *err)
{
    double use = 1, v, sum = 0;
    pc_status rc;

    *mix_used = 0;
    if (!isnan(mix[1]) &&
        (!plan_params_get(P, "use_bedroom_mix", &use) || use != 0)) {
        for (int b = 1; b <= 5; b++) {
            if (!(mix[b] > 0))
                continue;
            if ((rc = plan_params_need(P, plan_ppd_band_id(b), 0, 0, 20,
                                       "sites with a bedroom mix", &v, err)))
                return rc;
            sum += mix[b] / 100.0 * v;
        }
        *ppd = sum;
        *mix_used = 1;
        return PC_OK;
    }
    return plan_params_need(P, "persons_per_dwelling", 0, 0, 20,
                            "housing-led list growth", ppd, err);
}

int plan_marked(const char *ill, const char *fields)
{
    if (!ill || !*ill)
        return 0;
    if (!strcmp(ill, "*"))
        return 1;
    while (*fields) {
        size_t n = strcspn(fields, ";");

        for (const char *p = ill; *p;) {
            size_t m = strcspn(p, ";");

            if (m == n && !strncmp(p, fields, n))
                return 1;
            p += m + (p[m] == ';');
        }
        fields += n + (fields[n] == ';');
    }
    return 0;
}
