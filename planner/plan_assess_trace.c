/* plan_assess_trace.c: the trace of an assessment (see plan_assess.h):
 * every step from dwellings to pounds with its value, unit, formula, the
 * assumption ids it rests on and the data rows it read, written once the
 * figures are known (plan_assess.c). A planning officer reads these
 * formulas, so they name assumptions and data, never how a front end was
 * asked for them. */
#include "plan_assess_int.h"

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"
#include "plan_params.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A NULL-terminated list of assumption ids, for step(). */
#define IDS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Appends a trace step; ids and rows are NULL-terminated lists of
 * strings (copied into the arena). */
static int step(plan_assessment *a, const char *name, double value,
                const char *unit, const char *formula, const char *const *ids,
                const char *const *rows)
{
    plan_trace_step *s;
    size_t ni = 0, nr = 0;

    if (a->ntrace >= MAX_STEPS || !formula)
        return -1;
    s = &a->trace[a->ntrace++];
    while (ids && ids[ni])
        ni++;
    while (rows && rows[nr])
        nr++;
    s->step = name;
    s->value = value;
    s->unit = unit;
    s->formula = formula;
    s->assumptions = pc_arena_calloc(a->arena, ni + 1, sizeof *s->assumptions);
    s->data = pc_arena_calloc(a->arena, nr + 1, sizeof *s->data);
    if (!s->assumptions || !s->data)
        return -1;
    for (size_t i = 0; i < ni; i++)
        if (!(s->assumptions[i] = pc_arena_strdup(a->arena, ids[i])))
            return -1;
    for (size_t i = 0; i < nr; i++)
        if (!(s->data[i] = pc_arena_strdup(a->arena, rows[i])))
            return -1;
    s->nassumptions = ni;
    s->ndata = nr;
    return 0;
}

const char *plan_assess_method_note(plan_demand d)
{
    switch (d) {
    case PLAN_DEMAND_GP_FTE:
        return "GP consulting rooms from patients per FTE GP, GP "
               "face-to-face sessions and room sessions a week; counts GP "
               "sessions only";
    case PLAN_DEMAND_ACTIVITY:
        return "consulting and treatment rooms from appointments a year, "
               "the face-to-face share, minutes per appointment and the "
               "hours a room can be booked";
    case PLAN_DEMAND_RATIO:
        return "consulting rooms at a ratio of patients per room";
    case PLAN_DEMAND_SPACE:
        return "space per patient (m2_per_patient; the NHS's 120 m2 per "
               "1,750 patients) over the whole building's m2 per "
               "patient-facing room";
    default: return "";
    }
}

/* The demand method's assumption ids, for the trace. */
static const char *const *method_ids(plan_assess_ctx *C, plan_demand d)
{
    static const char *const team[] = {"appointments_per_patient_year",
                                       "appointment_share_gp",
                                       "appointment_share_nurse",
                                       "appointment_share_other",
                                       "f2f_share_gp",
                                       "f2f_share_nurse",
                                       "f2f_share_other",
                                       "minutes_gp",
                                       "minutes_nurse",
                                       "minutes_other",
                                       "room_hours_per_week",
                                       "weeks_per_year",
                                       "utilisation",
                                       NULL};
    size_t i;
    static const char *const gp[] = {"patients_per_gp_fte",
                                     "gp_f2f_sessions_per_fte",
                                     "room_sessions_per_week", NULL};
    static const char *const act[] = {"appointments_per_patient_year",
                                      "f2f_share",
                                      "minutes_per_appointment",
                                      "room_hours_per_week",
                                      "weeks_per_year",
                                      "utilisation",
                                      NULL};
    static const char *const rat[] = {"patients_per_room", NULL};
    static const char *const spa[] = {"m2_per_patient", "gross_m2_per_room",
                                      NULL};

    if (d == PLAN_DEMAND_ACTIVITY &&
        plan_params_find(C->P, "appointment_share_gp", &i))
        return team;
    return d == PLAN_DEMAND_GP_FTE     ? gp
           : d == PLAN_DEMAND_ACTIVITY ? act
           : d == PLAN_DEMAND_RATIO    ? rat
                                       : spa;
}

/* The development's steps: its homes, area, persons per dwelling,
 * residents, new patients and the practices they go to. rows is the
 * site's data row (or none); t1 its dwellings as text. */
static pc_status trace_homes(plan_assess_ctx *C, plan_assessment *a,
                             const char *const *rows, const char *t1,
                             pc_error *err)
{
    const char *ids[12];
    const char *f =
        a->built > 0
            ? pc_arena_printf(a->arena,
                              "%s homes still to build (%ld built before %d "
                              "are on the lists already)",
                              t1, a->built, C->ds->base_year)
            : pc_arena_printf(a->arena, "%s homes", t1);

    if (step(a, "dwellings", (double)a->dwellings, "dwellings", f, NULL, rows))
        return PC_NOMEM(err);
    if (a->area_from_density &&
        step(a, "area_ha", a->area_ha, "ha",
             "a point: a circle of dwellings / dwellings_per_ha (the "
             "development's area in hectares was not given)",
             IDS("dwellings_per_ha"), NULL))
        return PC_NOMEM(err);
    if (a->mix_used) {
        size_t n = 0;

        ids[n++] = "use_bedroom_mix";
        for (int b = 1; b <= 5; b++)
            if (a->mix[b] > 0)
                ids[n++] = plan_ppd_band_id(b);
        ids[n] = NULL;
        if (step(a, "persons_per_dwelling", a->persons_per_dwelling,
                 "persons/dwelling",
                 "sum over bedroom bands of mix percent x persons per "
                 "dwelling of the band",
                 ids, rows))
            return PC_NOMEM(err);
    } else if (step(a, "persons_per_dwelling", a->persons_per_dwelling,
                    "persons/dwelling", "persons_per_dwelling",
                    IDS("persons_per_dwelling"), NULL)) {
        return PC_NOMEM(err);
    }
    if (step(a, "residents", a->residents, "persons",
             pc_arena_printf(a->arena, "%s dwellings x %g persons per dwelling",
                             t1, plan_round(a->persons_per_dwelling, 4)),
             NULL, NULL))
        return PC_NOMEM(err);
    if (step(a, "new_patients", a->new_patients, "patients",
             "residents x registration_rate x population_gain_factor",
             IDS("registration_rate", "population_gain_factor"), NULL))
        return PC_NOMEM(err);
    {
        size_t n = 0;

        static const char *const huff[] = {"huff_alpha", "huff_beta",
                                           "huff_min_distance_m",
                                           "dmax_urban_m", "dmax_rural_m"};
        double v;

        for (size_t h = 0; C->method == PLAN_HUFF && h < 5; h++)
            if (plan_params_get(C->P, huff[h], &v)) /* marks it used */
                ids[n++] = huff[h];
        ids[n] = NULL;
        if (step(
                a, "practices", (double)a->npractices, "practices",
                pc_arena_printf(a->arena,
                                "the %s rule allocates the new patients to %zu "
                                "practices (shares in practices)",
                                a->allocation, a->npractices),
                ids, rows))
            return PC_NOMEM(err);
    }
    return PC_OK;
}

/* The rooms' steps: rooms per patient, rooms needed, spare rooms used
 * (with each practice's list and premises rows), rooms still needed and
 * their m2. */
static pc_status trace_rooms(plan_assess_ctx *C, plan_assessment *a,
                             pc_error *err)
{
    if (step(a, "rooms_per_patient", a->k, "rooms/patient",
             pc_arena_printf(a->arena, "%s method: %s",
                             plan_demand_name(a->demand),
                             plan_assess_method_note(a->demand)),
             method_ids(C, a->demand), NULL))
        return PC_NOMEM(err);
    if (step(a, "rooms_needed_gross", a->rooms_gross, "rooms",
             "new patients x rooms per patient", NULL, NULL))
        return PC_NOMEM(err);
    {
        const char **prows;
        size_t n = 0, q = 0;

        for (size_t i = 0; i < a->npractices; i++)
            n += 1 + a->practices[i].npremises;
        if (!(prows = pc_arena_calloc(a->arena, n + 1, sizeof *prows)))
            return PC_NOMEM(err);
        for (size_t i = 0; i < a->npractices; i++) {
            const plan_assess_practice *p = &a->practices[i];

            if (!(prows[q++] = pc_arena_printf(a->arena, "list_sizes:%s:%s",
                                               p->code, C->b->run->list_date)))
                return PC_NOMEM(err);
            for (size_t m = 0; m < p->npremises; m++)
                if (!(prows[q++] = pc_arena_printf(a->arena, "premises:%s",
                                                   p->premises[m])))
                    return PC_NOMEM(err);
        }
        if (step(a, "spare_used", a->spare_used, "rooms",
                 !a->use_spare ? "none: use_spare_capacity is 0"
                 : a->site_id
                     ? "at each practice, its spare rooms today (rooms - "
                       "list x rooms per patient) shared among the planned "
                       "sites with homes left in proportion to the rooms "
                       "each needs there, up to the rooms this site needs"
                     : "at each practice, the smaller of its spare rooms "
                       "today (rooms - list x rooms per patient) and the "
                       "rooms the development needs there",
                 IDS("use_spare_capacity"), prows))
            return PC_NOMEM(err);
    }
    if (step(a, "rooms_needed_net", a->rooms_net, "rooms",
             "rooms needed - spare rooms used", NULL, NULL))
        return PC_NOMEM(err);
    if (step(a, "m2", a->m2, "m2", a->m2_basis,
             a->demand == PLAN_DEMAND_SPACE
                 ? IDS("gross_m2_per_room")
                 : IDS("clinical_room_m2", "circulation_factor"),
             NULL))
        return PC_NOMEM(err);
    return PC_OK;
}

/* The money's steps: cost per m2 today (with the cost_index rows read),
 * all in, the contribution, per dwelling and the land. t1 is the
 * dwellings as text. */
static pc_status trace_money(plan_assess_ctx *C, plan_assessment *a,
                             const plan_assess_opts *o, const char *t1,
                             pc_error *err)
{
    const ds_dataset *ds = C->ds;
    char t2[64];

    {
        const char **crows = NULL;
        size_t n = 0;

        if (ds->ncost_index) {
            if (!(crows = pc_arena_calloc(a->arena, 3, sizeof *crows)))
                return PC_NOMEM(err);
            for (size_t i = 0; i < ds->ncost_index; i++)
                if (strcmp(ds->cost_index[i].date, a->base_date) <= 0)
                    crows[0] = ds->cost_index[i].date;
            for (size_t i = 0; i < ds->ncost_index; i++)
                if (strcmp(ds->cost_index[i].date, a->as_of) <= 0)
                    crows[1] = ds->cost_index[i].date;
            for (n = 0; n < 2; n++)
                if (!(crows[n] =
                          pc_arena_printf(a->arena, "cost_index:%s", crows[n])))
                    return PC_NOMEM(err);
        }
        if (step(a, "cost_per_m2_today", a->today_gbp_per_m2, "GBP/m2",
                 pc_arena_printf(a->arena, "%g GBP/m2 at %s x %.4f (%s)",
                                 a->base_gbp_per_m2, a->base_date,
                                 a->index_ratio, a->index_basis),
                 ds->ncost_index
                     ? IDS("build_cost_gbp_per_m2", "build_cost_base_year")
                     : IDS("build_cost_gbp_per_m2", "build_cost_base_year",
                           "build_cost_index"),
                 crows))
            return PC_NOMEM(err);
    }
    if (step(a, "all_in_cost_per_m2", a->all_in_gbp_per_m2, "GBP/m2",
             "cost per m2 today x (1 + fees) x (1 + contingency)",
             IDS("fees", "contingency"), NULL))
        return PC_NOMEM(err);
    pc_fmt_money(t2, sizeof t2, a->contribution_gbp, "GBP ", 0);
    if (step(a, "contribution_gbp", a->contribution_gbp, "GBP",
             o->form == PLAN_FORM_LAND ? "land only: no capital"
             : a->rooms_net > 0        ? "m2 x all-in cost per m2"
                                       : "no rooms needed after spare "
                                         "capacity: no ask",
             NULL, NULL))
        return PC_NOMEM(err);
    if (step(a, "per_dwelling_gbp", a->per_dwelling_gbp, "GBP/dwelling",
             pc_arena_printf(a->arena, "%s / %s dwellings", t2, t1), NULL,
             NULL))
        return PC_NOMEM(err);
    if (!isnan(a->land_ha) &&
        step(a, "land_ha", a->land_ha, "ha",
             isnan(o->land_ha) ? "m2 x land_m2_per_gia_m2 / 10,000"
                               : "as given: the land asked for, in hectares",
             isnan(o->land_ha) ? IDS("land_m2_per_gia_m2") : NULL, NULL))
        return PC_NOMEM(err);
    return PC_OK;
}

pc_status plan_assess_trace(plan_assess_ctx *C, plan_assessment *a,
                            const plan_assess_opts *o, pc_error *err)
{
    const char *rows[2];
    size_t nrows = 0;
    char t1[64];
    pc_status rc;

    pc_fmt_thousands(t1, sizeof t1, a->dwellings);
    if (a->site_id)
        rows[nrows++] = pc_arena_printf(a->arena, "sites:%s", a->site_id);
    rows[nrows] = NULL;
    if ((rc = trace_homes(C, a, rows, t1, err)) ||
        (rc = trace_rooms(C, a, err)) || (rc = trace_money(C, a, o, t1, err)))
        return rc;
    return PC_OK;
}
