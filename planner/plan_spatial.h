/* plan_spatial.h: the spatial model (DESIGN.md §3.1).
 *
 * Where a housing site lies and whose patients its residents become:
 *  - overlay: the site's share of each LAD (so of each place) and of each
 *    approximate PCN area, by area, so that a site straddling a boundary
 *    splits its dwellings;
 *  - allocation: a weight per practice summing to 1, by one of three
 *    rules: huff (A^alpha * d^-beta over practices within D_max, the
 *    default; practices with no patients attract none), nearest, or
 *    catchment (when the dataset supplies practice
 *    catchments). The distance from a site to a practice is the distance
 *    from the site's polygon to the practice's nearest premises.
 * Every number the rules use is an assumption of the dataset (see
 * plan_spatial_params). All geometry is in British National Grid. */
#ifndef PLAN_SPATIAL_H
#define PLAN_SPATIAL_H

#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"

typedef enum plan_method {
    PLAN_HUFF,      /* gravity: list size and distance decay */
    PLAN_NEAREST,   /* all to the practice(s) of the nearest premises */
    PLAN_CATCHMENT, /* practices whose catchment the site overlaps */
    PLAN_NMETHODS
} plan_method;

/* "huff", "nearest", "catchment". */
const char *plan_method_name(plan_method m);
/* PC_ERR_INPUT naming the accepted values for anything else; NULL (not
 * given) is PLAN_HUFF, the method a site's view uses unless asked. */
pc_status plan_method_parse(const char *s, plan_method *out, pc_error *err);

/* The assumptions of the spatial model, by id. */
typedef struct plan_spatial_params {
    double huff_alpha;     /* huff_alpha: exponent on list size */
    double huff_beta;      /* huff_beta: distance-decay exponent */
    double dmax_urban_m;   /* dmax_urban_m: reach of an urban site */
    double dmax_rural_m;   /* dmax_rural_m: reach of a rural site */
    double min_distance_m; /* huff_min_distance_m: distances below count
                              as this, so a practice on the site does not
                              take an infinite weight */
} plan_spatial_params;

/* Reads the parameters from the dataset's assumption register. A missing
 * or out-of-range assumption is PC_ERR_INPUT naming its id. */
pc_status plan_spatial_params_get(const ds_dataset *ds, plan_spatial_params *p,
                                  pc_error *err);

/* The indexes over one dataset: premises, LADs, PCN areas, catchments.
 * Borrows geo and ds for its whole life; one thread at a time. */
typedef struct plan_spatial plan_spatial;

/* The indexes over ds with parameters p. The approximate PCN areas are
 * copied from stored (the spatial model the store holds for ds; NULL:
 * none) when it has them, else made from ds (a Voronoi diagram per place,
 * the most costly part). */
pc_status plan_spatial_new(geo_ctx *geo, const ds_dataset *ds,
                           const ds_spatial *stored,
                           const plan_spatial_params *p, plan_spatial **out,
                           pc_error *err);
void plan_spatial_free(plan_spatial *sp);

/* The parameters sp was made with. */
const plan_spatial_params *plan_spatial_params_of(const plan_spatial *sp);

/* One area a site overlaps. */
typedef struct plan_share {
    const char *code;  /* LAD code, or PCN code (NULL: no PCN) */
    const char *place; /* the place the area belongs to */
    double share;      /* of the site's area inside the dataset's areas */
    double area_m2;    /* of the overlap */
} plan_share;

/* One practice a site's patients go to. */
typedef struct plan_alloc {
    const char *practice_code;
    const char *premises_id; /* nearest premises, NULL if it has none */
    double distance_m;
    double share;
} plan_alloc;

/* The spatial model's answer for one site geometry. Strings are borrowed
 * from the dataset; arrays are owned (plan_site_geo_free). */
typedef struct plan_site_geo {
    double area_m2;    /* of the site */
    double outside_m2; /* of the site outside every LAD of the dataset */
    plan_share *lads, *pcns;
    size_t nlads, npcns;
    plan_alloc *alloc; /* by share, largest first; ties by code */
    size_t nalloc;
    int fallback;   /* the rule found nobody: the nearest practice took all */
    char note[256]; /* how the rule applied, for people; "" if plain */
} plan_site_geo;

/* Overlays the site geometry g with LADs and PCN areas. A site that
 * overlaps no LAD is PC_ERR_INPUT. */
pc_status plan_spatial_overlay(plan_spatial *sp, const geo_wkb *g,
                               plan_site_geo *out, pc_error *err);

/* Allocates the site's patients to practices by method m; rural selects
 * D_max. Catchment without catchments in the dataset is PC_ERR_INPUT. */
pc_status plan_spatial_allocate(plan_spatial *sp, const geo_wkb *g, int rural,
                                plan_method m, plan_site_geo *out,
                                pc_error *err);

void plan_site_geo_free(plan_site_geo *s);

/* The whole spatial model of a dataset, ready for ds_store_import(): every
 * site's LAD and PCN shares, the PCN areas, and its allocation by every
 * method the dataset supports. Warnings (a declared LAD that is not where
 * most of the site lies; a site partly outside the area) are collected in
 * (*out)->warnings. *out is owned by the caller (ds_spatial_free). */
pc_status plan_spatial_build(geo_ctx *geo, const ds_dataset *ds,
                             ds_spatial **out, pc_error *err);

#endif
