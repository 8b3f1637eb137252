/* plan_assess_int.h: what the assessment's files share (inside pc_planner
 * only). plan_assess.c builds an assessment with the working state below,
 * plan_assess_trace.c writes its trace, plan_assess_out.c its views and
 * plan_assess_in.c parses what a user gives. */
#ifndef PLAN_ASSESS_INT_H
#define PLAN_ASSESS_INT_H

#include "pc_error.h"
#include "pc_index.h"
#include "plan_assess.h"
#include "plan_params.h"
#include "plan_project.h"
#include "plan_spatial.h"

#define MAX_STEPS 24 /* trace steps of one assessment */

/* The working state of one assessment, or of a batch. */
/* What an assessment reads practices' capacity through: the scenario's
 * base-year run and the indexes from ids to rows. It depends on ds, sp and
 * the scenario alone, so a caller's cache keeps it between assessments
 * (plan_assess_cache's base). */
struct plan_assess_base {
    char *key;            /* the scenario, canonical, it was made for */
    const ds_spatial *sp; /* and the spatial model */
    plan_run *run;        /* base-year capacity */
    pc_index prac_ix, run_ix, site_ix, lad_ix, pcn_ix, prem_ix;
    pc_groups prac_premises; /* by practice (ds->practices'): its
                                ds->premises */
};

typedef struct plan_assess_ctx {
    geo_ctx *geo;
    const ds_dataset *ds;
    const ds_spatial *sp;
    const plan_scenario *sc;
    plan_scenario s2; /* sc with the assessment's defaults */
    plan_params *P;
    plan_assess_base own; /* made for this assessment, unless */
    plan_assess_base *b;  /* this is the cache's */
    /* by site (ds->sites' order): its sp->allocs, sp->lad_shares and
     * sp->methods rows (made when a stored site is first assessed:
     * plan_assess_ctx_site_groups) */
    pc_groups site_allocs, site_lads, site_methods;
    plan_method method;
    double k, derived;
    const char *as_of;        /* the data's date (plan_as_of), found once */
    plan_spatial *spatial;    /* for new developments */
    plan_assess_cache *cache; /* the caller's (plan_assess), or NULL */
} plan_assess_ctx;

/* plan_assess_ctx.c: opens C for scenario sc on ds and sp (the base-year
 * run, the parameters, the indexes); frees what it holds. */
pc_status plan_assess_ctx_open(plan_assess_ctx *C, geo_ctx *geo,
                               const ds_dataset *ds, const ds_spatial *sp,
                               const plan_scenario *sc, pc_error *err);
void plan_assess_ctx_free(plan_assess_ctx *C);
/* Frees a cached base and what it holds; NULL-safe. */
void plan_assess_base_free(plan_assess_base *b);
/* Makes C's site groups unless made; -1 when out of memory. A new
 * development whose counted sites' needs are cached needs none. */
int plan_assess_ctx_site_groups(plan_assess_ctx *C);
/* The spatial model's indexes with the scenario's assumptions, for new
 * sites (C->spatial): the caller's cache when it was made for the same
 * ones. */
pc_status plan_assess_ctx_spatial(plan_assess_ctx *C, pc_error *err);

/* plan_assess.c: a new assessment in C (its arena, as_of and trace
 * steps); development dev into a: where it lies, its homes and patients,
 * its practices with their capacity and the rooms it needs there. */
pc_status plan_assess_new(plan_assess_ctx *C, const plan_assess_opts *o,
                          plan_assessment **out, pc_error *err);
pc_status plan_assess_develop(plan_assess_ctx *C, const plan_dev *dev,
                              plan_assessment *a, pc_error *err);

/* plan_assess_sites.c: the homes of site s completed before the base
 * year (those on the lists already); a new development's overlaps with
 * the stored sites the plan counts (those with homes left), into
 * a->within_site and a's warnings. */
long plan_assess_built_before(const ds_site *s, int base_year);
/* 1 when the plan counts site s: it has homes left to build. */
int plan_assess_counted(const ds_dataset *ds, const ds_site *s);
pc_status plan_assess_counted_overlap(plan_assess_ctx *C, const geo_wkb *geom,
                                      double dev_m2, plan_assessment *a,
                                      pc_error *err);
/* The rooms the counted sites need at each dataset practice, added into
 * need (zeroed, ds->npractices): every counted site's (as_site NULL), or
 * with a's own rooms in site as_site's place; the assumptions they rest
 * on are marked used in C->P. From C's cache when it has one (made there
 * on first use for the base run), else computed. */
pc_status plan_assess_counted_needs(plan_assess_ctx *C,
                                    const plan_assess_opts *o,
                                    const plan_assessment *a,
                                    const char *as_site, double *need,
                                    pc_error *err);
void plan_assess_needs_free(plan_assess_needs *n); /* NULL-safe */

/* Writes a's trace (a->trace, at most MAX_STEPS steps) from its figures,
 * once they are all known; marks the allocation's assumptions used.
 * PC_ERR_NOMEM when the arena is full. */
pc_status plan_assess_trace(plan_assess_ctx *C, plan_assessment *a,
                            const plan_assess_opts *o, pc_error *err);

/* plan_assess_consult.c: PC_ERR_INPUT naming `what` when s, a text the
 * assessment shows as it is (a development's name, the consultation's
 * reference), is not UTF-8. */
pc_status plan_assess_check_text(const char *what, const char *s,
                                 pc_error *err);

/* plan_assess_consult.c: the consultation's the lists' date, PCN names and the
 * place's schemes into a. */
pc_status plan_assess_consultation(plan_assess_ctx *C,
                                   const plan_assess_opts *o,
                                   const geo_wkb *geom, plan_assessment *a,
                                   pc_error *err);

/* A sentence on how demand method d counts rooms, for people. */
const char *plan_assess_method_note(plan_demand d);

#endif
