/* plan_project_int.h: what the files of the projection share, inside
 * pc_planner only (see plan_project.h for the model).
 *
 * plan_project.c holds the options, the deterministic run and
 * plan_project() itself; plan_project_inputs.c reads the dataset into a
 * run's working state (indexes, base lists, rooms, counted sites, trend
 * growth); plan_project_mc.c the Monte Carlo draws; plan_project_hash.c
 * the input hash and what is illustrative. They share the working state
 * below, which lives for one call of plan_project(). */
#ifndef PLAN_PROJECT_INT_H
#define PLAN_PROJECT_INT_H

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"
#include "plan_project.h"

typedef struct share {
    size_t i; /* LAD, practice or (LAD, place) pair index */
    double w;
} share;

/* A counted site. */
typedef struct csite {
    const ds_site *s;
    double *cum;  /* planned cumulative completions, ntraj + 1 */
    double built; /* completions before the base year */
    double npd;   /* new patients per new home */
    int started;  /* its trajectory starts before the base year */
    share *lads;  /* LAD shares */
    size_t nlads;
    share *alloc; /* practice shares */
    size_t nalloc;
    share *pairs; /* (LAD, place) pair shares: lad share x place share */
    size_t npairs;
} csite;

typedef struct proj {
    const ds_dataset *ds;
    const ds_spatial *sp;
    const plan_scenario *sc;
    plan_run *r;
    pc_arena *a; /* the run's arena */
    plan_params *A;
    pc_index lad_ix, place_ix, prac_ix, pcn_ix, site_ix, prem_ix;
    size_t *prac_lad, *prac_place, *prac_pcn, *lad_place;
    double *list;       /* base list per practice */
    double *base_rooms; /* counted rooms per practice at the base year */
    double *room_add;   /* per practice x year: rooms added by schemes */
    double *place_add;  /* per place x year: rooms of schemes w/o premises */
    double *trend;      /* per practice x year: trend growth */
    double *lad_trend;  /* per LAD x year */
    csite *sites;
    size_t nsites;
    size_t *pair_lad, *pair_place; /* (LAD, place) pairs */
    size_t npairs;
    int need_trend;
    int T; /* years per series */
} proj;

/* --- plan_project_inputs.c: the run's inputs, in this order --------------
 * Each fills its part of P (in P->a, the run's arena) and of P->r, adds
 * warnings to P->r, and fails with PC_ERR_INPUT on a scenario that names
 * what the dataset lacks, PC_ERR_INTERNAL on a dataset that contradicts
 * itself, PC_ERR_NOMEM. */

/* Indexes of the dataset's codes, each practice's LAD, place and PCN, and
 * the base list per practice (at the latest list date). */
pc_status plan_proj_index(proj *P, pc_error *err);
/* Counted rooms per practice at the base year, and the rooms counted
 * schemes add per practice (or per place, without premises) by year. */
pc_status plan_proj_rooms(proj *P, pc_error *err);
/* The counted sites with their new patients per home, LAD shares,
 * practice allocation and (LAD, place) pair shares. */
pc_status plan_proj_sites(proj *P, pc_error *err);
/* Trend growth per practice and LAD by year (zero when the growth rule
 * does not need it). */
pc_status plan_proj_trend(proj *P, pc_error *err);

/* New homes of site c by row i (years after base_year) at build-out rate
 * `rate` after `delay` years. */
double plan_proj_new_homes(const csite *c, int base_year, int i, double rate,
                           double delay);

/* The growth rule for one LAD and year: 1 when the housing-led growth of
 * the LAD's sites counts, 0 when the trend growth of its practices does. */
static inline int plan_proj_housing_counts(plan_growth g, double housing,
                                           double trend)
{
    return g == PLAN_GROWTH_HOUSING ||
           (g == PLAN_GROWTH_MAX && housing >= trend);
}

/* --- plan_project_mc.c ---------------------------------------------------
 * The Monte Carlo draws into the places' and system's mc (after the
 * deterministic run); sets P->r->seed. PC_ERR_INPUT on a missing or
 * out-of-range assumption, PC_ERR_NOMEM. */
pc_status plan_proj_monte_carlo(proj *P, pc_error *err);

/* --- plan_project_hash.c ------------------------------------------------- */

/* Sets P->r->input_hash and run_id from everything the run read. */
void plan_proj_input_hash(proj *P);
/* Counts what is illustrative among the run's inputs into
 * P->r->illustrative. PC_ERR_NOMEM only. */
pc_status plan_proj_illustrative(proj *P, pc_error *err);

#endif
