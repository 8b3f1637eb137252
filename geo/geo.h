/* geo.h: the geometry layer of pcplan, over GEOS and PROJ.
 *
 * Everything metric is done in British National Grid (EPSG:27700). A geo_ctx
 * bundles one GEOS context and one PROJ context, with their error messages
 * captured on the context; it must only be used from one thread at a time.
 * Geometries cross into the rest of pcplan as WKB blobs in EPSG:27700, which
 * the store hands to SpatiaLite unchanged.
 *
 * geo/ depends on pc_base only (and on cJSON for GeoJSON input). */
#ifndef GEO_H
#define GEO_H

#include "pc_error.h"

#include <stddef.h>

struct cJSON;

typedef struct geo_ctx geo_ctx; /* opaque: defined in geo.c */

typedef enum geo_crs {
    GEO_CRS_WGS84 = 4326, /* longitude, latitude in degrees */
    GEO_CRS_BNG = 27700   /* easting, northing in metres */
} geo_crs;

/* A geometry as ISO WKB in EPSG:27700. Owned by whoever holds it; release
 * with geo_wkb_free(). */
typedef struct geo_wkb {
    unsigned char *data;
    size_t len;
} geo_wkb;

/* New context. Returns NULL and fills *err (PC_ERR_NOMEM or PC_ERR_SPATIAL)
 * on failure. Release with geo_ctx_free(), which accepts NULL. */
geo_ctx *geo_ctx_new(pc_error *err);
void geo_ctx_free(geo_ctx *ctx);

/* Parses "EPSG:4326", "WGS84", "EPSG:27700" or "BNG". Returns PC_ERR_INPUT
 * for anything else. */
pc_status geo_crs_parse(const char *s, geo_crs *out, pc_error *err);

/* Transforms a point given in `crs` to BNG, checking it lies in Great
 * Britain first. Recognises latitude/longitude given the wrong way round and
 * metres in a file declared WGS84 (or degrees declared BNG), and says so.
 * On failure returns PC_ERR_INPUT (bad point) or PC_ERR_SPATIAL (PROJ) and
 * leaves *e and *n untouched. */
pc_status geo_point_to_bng(geo_ctx *ctx, geo_crs crs, double x, double y,
                           double *e, double *n, pc_error *err);

/* Converts a GeoJSON geometry object (RFC 7946) in `crs` to a BNG WKB
 * MultiPolygon in *out. Polygon and MultiPolygon are accepted; a Point is
 * accepted only when point_area_m2 > 0 and becomes a circle of that area.
 * Invalid but repairable polygons (self-intersections) are repaired with
 * GEOS MakeValid and *repaired is set to 1 with the reason in repair_msg;
 * otherwise *repaired is 0. Structural faults (unclosed or short rings,
 * non-numeric or out-of-area positions, empty geometry, nothing polygonal
 * left after repair) give PC_ERR_INPUT with the position named. On success
 * the caller owns out->data (free with geo_wkb_free()). */
pc_status geo_polygon_from_geojson(geo_ctx *ctx, const struct cJSON *geom,
                                   geo_crs crs, double point_area_m2,
                                   geo_wkb *out, int *repaired,
                                   char *repair_msg, size_t repair_msg_sz,
                                   pc_error *err);

/* Union of n polygonal WKB geometries as a BNG MultiPolygon in *out (owned
 * by the caller). */
pc_status geo_union(geo_ctx *ctx, const geo_wkb *parts, size_t n, geo_wkb *out,
                    pc_error *err);

/* Area in square metres of a BNG WKB geometry. */
pc_status geo_area_m2(geo_ctx *ctx, const geo_wkb *g, double *out_m2,
                      pc_error *err);

/* Releases out->data; accepts an empty geo_wkb. */
void geo_wkb_free(geo_wkb *w);

#endif
