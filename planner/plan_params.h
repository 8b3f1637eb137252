/* plan_params.h: the assumptions a calculation uses (DESIGN.md §2).
 *
 * The register's values (assumptions.csv), then the preset's, then the
 * scenario's overrides, each value remembering where it came from, and
 * which ones a calculation read, so that outputs can list exactly the
 * assumptions behind their figures. Also the demand methods' rooms per
 * patient (§3.3), which every calculation of rooms shares. */
#ifndef PLAN_PARAMS_H
#define PLAN_PARAMS_H

#include "ds_dataset.h"
#include "pc_error.h"
#include "plan_scenario.h"

typedef struct plan_params plan_params;

/* The register of ds with sc's preset (if any) and overrides applied. An
 * unknown preset is PC_ERR_NOTFOUND naming the known ones; an override of
 * an assumption the register lacks is PC_ERR_INPUT naming it. Borrows ds
 * and sc's strings for its life. */
pc_status plan_params_new(const ds_dataset *ds, const plan_scenario *sc,
                          plan_params **out, pc_error *err);
void plan_params_free(plan_params *P);

/* The value of assumption id, marked as used; 0 when the register lacks
 * it. */
int plan_params_get(plan_params *P, const char *id, double *out);

/* A required assumption in [lo, hi] (lo excluded when lo_open), marked as
 * used. Absent or out of range is PC_ERR_INPUT naming it and `why`; a
 * value the scenario's overrides set that is out of range has err->func
 * "params_override", so that a front end can say which input to fix. */
pc_status plan_params_need(plan_params *P, const char *id, double lo,
                           int lo_open, double hi, const char *why, double *out,
                           pc_error *err);

/* The register, in the order of ds->assumptions. */
typedef struct plan_param {
    const char *id;
    double value;
    const char *origin; /* "default", "preset" or "scenario" */
    int used;
} plan_param;

size_t plan_params_count(const plan_params *P);
/* Marks every assumption unused again. */
void plan_params_clear_used(plan_params *P);
plan_param plan_params_at(const plan_params *P, size_t i);
/* Position of id in the register (not marked as used); 0 when absent. */
int plan_params_find(const plan_params *P, const char *id, size_t *i);

/* The assumption id of persons per dwelling with beds bedrooms
 * ("persons_per_dwelling_3bed"), beds 1 to 5; NULL otherwise. */
const char *plan_ppd_band_id(int beds);

/* Persons per dwelling: by bedroom band (persons_per_dwelling_<b>bed x
 * mix[b] / 100, b = 1..5) when mix[1] is not NAN and use_bedroom_mix is
 * not 0 (*mix_used = 1), else persons_per_dwelling. */
pc_status plan_persons_per_dwelling(plan_params *P, const double mix[6],
                                    double *ppd, int *mix_used, pc_error *err);

/* 1 when a row's `illustrative` marking (datasets/FORMAT.md: "*" or a
 * ';' list of columns) covers any of the ';'-separated fields. */
int plan_marked(const char *illustrative, const char *fields);

/* Room types a method counts (bit mask). */
#define PLAN_ROOM_CONSULT   1u
#define PLAN_ROOM_TREATMENT 2u
#define PLAN_ROOM_OTHER     4u

/* The room types demand method d is compared with: consult rooms for
 * gp_fte and ratio, consult and treatment rooms for activity, every
 * patient-facing room for space. */
unsigned plan_demand_rooms(plan_demand d);

/* Rooms per patient of method d from its assumptions. patients_per_room,
 * when the register lacks it, is today's system ratio sys_patients /
 * sys_rooms (*derived set to it; NAN otherwise). */
pc_status plan_demand_k(plan_params *P, plan_demand d, double sys_patients,
                        double sys_rooms, double *k, double *derived,
                        pc_error *err);

#endif
