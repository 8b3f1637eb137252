/* plan_spatial_int.h: what plan_spatial.c (the indexes, overlay and
 * allocation) shares with plan_spatial_build.c (the whole dataset's
 * spatial model, made with them): the spatial model's state. Inside
 * pc_planner only. */
#ifndef PLAN_SPATIAL_INT_H
#define PLAN_SPATIAL_INT_H

#include "pc_index.h"
#include "plan_spatial.h"

struct plan_spatial {
    geo_ctx *geo;
    const ds_dataset *ds;
    plan_spatial_params p;
    pc_index practice_ix, lad_ix; /* code -> index */
    double *list;                 /* latest list size per practice */
    unsigned char *seen;          /* per practice, scratch for huff */
    /* locations */
    size_t nloc;
    double *xy;
    const char **loc_premises; /* premises id, NULL for a practice point */
    const char **loc_place;
    size_t *loc_first, *loc_n, *loc_pr; /* practices at each location */
    size_t *pr_first, *pr_n, *pr_loc;   /* locations of each practice */
    geo_wkb *loc_wkb;
    geo_points *locs;
    geo_areas *lads;
    ds_pcn_area *pcn; /* owned until handed over by plan_spatial_build */
    size_t npcn;
    geo_areas *pcns;
    geo_areas *catchments;
};

/* The spatial assumptions (huff_alpha, ..., in register order): how
 * many, and the id of the k-th with its value in p into *value. */
size_t plan_spatial_nparams(void);
const char *plan_spatial_param_at(const plan_spatial_params *p, size_t k,
                                  double *value);

/* Orders PCN codes, "no PCN" (NULL) last. */
int plan_spatial_pcn_cmp(const char *a, const char *b);

#endif
