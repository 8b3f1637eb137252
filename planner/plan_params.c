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
                           "scenario: assumptions.%s: no such assumption in "
                           "the dataset's register (expected one of its "
                           "assumption ids)",
                           sc->override_ids[i]);
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

    if (!plan_params_get(A, id, &v))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "assumptions: no assumption \"%s\" (needed for %s)", id,
                       why);
    if (!(lo_open ? v > lo : v >= lo) || !(v <= hi))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "assumptions: \"%s\" is %g (expected %s %g and at most "
                       "%g, for %s)",
                       id, v, lo_open ? "more than" : "at least", lo, hi, why);
    *out = v;
    return PC_OK;
}

static const unsigned demand_rooms[PLAN_DEMAND_SPACE + 1] = {
    PLAN_ROOM_CONSULT, PLAN_ROOM_CONSULT | PLAN_ROOM_TREATMENT,
    PLAN_ROOM_CONSULT,
    PLAN_ROOM_CONSULT | PLAN_ROOM_TREATMENT | PLAN_ROOM_OTHER};

pc_status plan_demand_k(plan_params *A, plan_demand d, double sys_patients,
                        double sys_rooms, double *k, double *derived,
                        pc_error *err)
{
    double a, b, c, e, f, g;
    pc_status rc = PC_OK;

    *derived = NAN;
    switch (d) {
    case PLAN_DEMAND_GP_FTE:
        if ((rc = plan_params_need(A, "patients_per_gp_fte", 0, 1, 1e6,
                                   "the gp_fte method", &a, err)) ||
            (rc = plan_params_need(A, "gp_f2f_sessions_per_fte", 0, 0, 20,
                                   "the gp_fte method", &b, err)) ||
            (rc = plan_params_need(A, "room_sessions_per_week", 0, 1, 30,
                                   "the gp_fte method", &c, err)))
            return rc;
        *k = b / (a * c);
        return PC_OK;
    case PLAN_DEMAND_ACTIVITY:
        if ((rc = plan_params_need(A, "appointments_per_patient_year", 0, 0,
                                   100, "the activity method", &a, err)) ||
            (rc = plan_params_need(A, "f2f_share", 0, 0, 1,
                                   "the activity method", &b, err)) ||
            (rc = plan_params_need(A, "minutes_per_appointment", 0, 0, 600,
                                   "the activity method", &c, err)) ||
            (rc = plan_params_need(A, "room_hours_per_week", 0, 1, 168,
                                   "the activity method", &e, err)) ||
            (rc = plan_params_need(A, "weeks_per_year", 0, 1, 53,
                                   "the activity method", &f, err)) ||
            (rc = plan_params_need(A, "utilisation", 0, 1, 1,
                                   "the activity method", &g, err)))
            return rc;
        *k = a * b * c / (e * 60.0 * f * g);
        return PC_OK;
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
        if ((rc = plan_params_need(A, "m2_per_patient", 0, 0, 10,
                                   "the space method", &a, err)) ||
            (rc = plan_params_need(A, "gross_m2_per_room", 0, 1, 1000,
                                   "the space method", &b, err)))
            return rc;
        *k = a / b;
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

pc_status plan_persons_per_dwelling(plan_params *P, const double mix[6],
                                    double *ppd, int *mix_used, pc_error *err)
{
    static const char *const band[6] = {NULL,
                                        "persons_per_dwelling_1bed",
                                        "persons_per_dwelling_2bed",
                                        "persons_per_dwelling_3bed",
                                        "persons_per_dwelling_4bed",
                                        "persons_per_dwelling_5bed"};
    double use = 1, v, sum = 0;
    pc_status rc;

    *mix_used = 0;
    if (!isnan(mix[1]) &&
        (!plan_params_get(P, "use_bedroom_mix", &use) || use != 0)) {
        for (int b = 1; b <= 5; b++) {
            if (!(mix[b] > 0))
                continue;
            if ((rc = plan_params_need(P, band[b], 0, 0, 20,
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
