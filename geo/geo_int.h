/* geo_int.h: what the files of geo/ share and nothing outside geo/ sees.
 *
 * The context's layout and the WKB <-> GEOS helpers live here so that
 * geo.c (input, reprojection, repair) and geo_index.c (indexes, overlay,
 * distances) work on the same GEOS and PROJ contexts. */
#ifndef GEO_INT_H
#define GEO_INT_H

#define GEOS_USE_ONLY_R_API /* any non-_r GEOS call fails to compile */
#include "geo.h"
#include "pc_error.h"

#include <geos_c.h>
#include <proj.h>

struct geo_ctx {
    GEOSContextHandle_t geos;
    GEOSWKBWriter *wkb_w;
    GEOSWKBReader *wkb_r;
    PJ_CONTEXT *proj;
    PJ *to_bng;         /* EPSG:4326 -> EPSG:27700, lon/lat order; both
                           made on first use (geo_ctx_transform) */
    PJ *to_wgs84;       /* EPSG:27700 -> EPSG:4326, lon/lat */
    char geos_msg[256]; /* last GEOS error */
    char proj_msg[256]; /* last PROJ error */
};

/* The transformation from -> to into *pj unless made already (see
 * geo.c). */
pc_status geo_ctx_transform(geo_ctx *ctx, const char *from, const char *to,
                            PJ **pj, pc_error *err);

/* A GEOS geometry from WKB, or NULL (the reason in ctx->geos_msg). The
 * caller destroys it with GEOSGeom_destroy_r(). */
GEOSGeometry *geo_from_wkb(geo_ctx *ctx, const geo_wkb *w);

/* Writes g as 2D ISO WKB into *out (owned by the caller). */
pc_status geo_to_wkb(geo_ctx *ctx, const GEOSGeometry *g, geo_wkb *out,
                     pc_error *err);

/* Destroys the geometries gs[0..n) that are not NULL, then frees gs (may
 * be NULL). */
void geo_geoms_free(geo_ctx *ctx, GEOSGeometry **gs, size_t n);

/* Transforms (x, y) in place with pj (a PJ *), as GEOSGeom_transformXY_r()
 * calls it; 0 when PROJ fails or the result is not finite. */
int geo_proj_xy(double *x, double *y, void *pj);

/* Keeps only the polygonal parts of g as a MultiPolygon; NULL when there
 * are none. Takes ownership of g. */
GEOSGeometry *geo_polygonal_part(geo_ctx *ctx, GEOSGeometry *g);

#endif
