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

#include "pc_buf.h"
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

/* Transforms a BNG point (e, n) to WGS84 longitude and latitude in
 * degrees. PC_ERR_SPATIAL when PROJ fails; outputs untouched then. */
pc_status geo_point_to_wgs84(geo_ctx *ctx, double e, double n, double *lon,
                             double *lat, pc_error *err);

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

/* g as a GeoJSON geometry object (coordinates in BNG metres, rounded to
 * multiples of grid when grid > 0) in *out, owned by the caller
 * (cJSON_Delete). */
pc_status geo_wkb_geojson(geo_ctx *ctx, const geo_wkb *g, double grid,
                          struct cJSON **out, pc_error *err);

/* A point guaranteed to lie on g (GEOS PointOnSurface): where a marker for
 * an area goes. An empty g is PC_ERR_INPUT. */
pc_status geo_point_on_surface(geo_ctx *ctx, const geo_wkb *g, double *e,
                               double *n, pc_error *err);

/* Releases out->data; accepts an empty geo_wkb. */
void geo_wkb_free(geo_wkb *w);

/* --- measures, indexes and overlay (geo_index.c) ---------------------- */

/* Distance in metres between two BNG geometries: 0 when they touch or one
 * contains the other. */
pc_status geo_distance_m(geo_ctx *ctx, const geo_wkb *a, const geo_wkb *b,
                         double *out_m, pc_error *err);

/* *inside = 1 when the point (e, n) lies in or on polygon g, else 0. */
pc_status geo_covers_point(geo_ctx *ctx, const geo_wkb *g, double e, double n,
                           int *inside, pc_error *err);

/* The point (e, n) as WKB in *out (owned by the caller). */
pc_status geo_point_wkb(geo_ctx *ctx, double e, double n, geo_wkb *out,
                        pc_error *err);

/* A polygon prepared for many point-in-polygon tests: as
 * geo_covers_point(), without rebuilding a relate graph per point. The
 * context is borrowed for the life of the handle; geo_prepared_free()
 * accepts NULL. */
typedef struct geo_prepared geo_prepared;
geo_prepared *geo_prepared_new(geo_ctx *ctx, const geo_wkb *g, pc_error *err);
void geo_prepared_free(geo_prepared *pp);
pc_status geo_prepared_covers(geo_prepared *pp, double e, double n, int *inside,
                              pc_error *err);

/* Bounding box of g: minx, miny, maxx, maxy. */
pc_status geo_bbox(geo_ctx *ctx, const geo_wkb *g, double box[4],
                   pc_error *err);

/* A feature found by a query: its index in the indexed array and its
 * distance from the query geometry (0 inside), or its area of overlap. */
typedef struct geo_hit {
    size_t id;
    double value; /* metres (distance) or square metres (overlap) */
} geo_hit;

/* An STR-tree (GEOS) over n points given as xy[2 * i], xy[2 * i + 1] in
 * BNG. The context is borrowed for the life of the index. Release with
 * geo_points_free(), which accepts NULL. */
typedef struct geo_points geo_points;
geo_points *geo_points_new(geo_ctx *ctx, const double *xy, size_t n,
                           pc_error *err);
void geo_points_free(geo_points *p);

/* Points within r metres of g (a polygon, point or any BNG geometry),
 * nearest first, ties by index. *hits is allocated with malloc() (NULL when
 * none) and freed by the caller with free(). */
pc_status geo_points_within(geo_points *p, const geo_wkb *g, double r,
                            geo_hit **hits, size_t *nhits, pc_error *err);

/* The point nearest to g (ties: the lowest index). PC_ERR_NOTFOUND when
 * the index is empty. */
pc_status geo_points_nearest(geo_points *p, const geo_wkb *g, geo_hit *out,
                             pc_error *err);

/* An STR-tree over n polygonal BNG geometries (LADs, PCN areas,
 * catchments). Release with geo_areas_free(), which accepts NULL. Empty
 * WKB entries are allowed and never match. */
typedef struct geo_areas geo_areas;
geo_areas *geo_areas_new(geo_ctx *ctx, const geo_wkb *polys, size_t n,
                         pc_error *err);
void geo_areas_free(geo_areas *a);

/* Overlay of polygon g with the indexed areas: for each area g overlaps,
 * the area of the intersection in square metres (value), ordered by index;
 * *g_m2 is the area of g itself. *hits as for geo_points_within(). */
pc_status geo_areas_overlay(geo_areas *a, const geo_wkb *g, geo_hit **hits,
                            size_t *nhits, double *g_m2, pc_error *err);

/* Voronoi cells of n points (xy as for geo_points_new), clipped to the
 * polygon clip: cells[i] is the cell of point i as a BNG MultiPolygon.
 * Points at the same location share one cell, which goes to the first of
 * them; the others get an empty geo_wkb. On success the caller owns every
 * cells[i] (geo_wkb_free each); on failure none are left allocated. */
pc_status geo_voronoi_cells(geo_ctx *ctx, const double *xy, size_t n,
                            const geo_wkb *clip, geo_wkb *cells, pc_error *err);

/* --- text for other tools (geo_out.c) ------------------------------- */

/* The GeoJSON geometry text geojson (a Point, Polygon or MultiPolygon in
 * BNG) appended to b as WKT in BNG, e.g. "POINT(436233 291368)": no
 * spaces after commas, each coordinate with `digits` decimals and its
 * trailing zeros dropped, the geometry's own type kept. Text that is not
 * such a geometry is PC_ERR_INPUT; a full b is PC_ERR_NOMEM. On failure b
 * may hold part of the text. */
pc_status geo_geojson_wkt(geo_ctx *ctx, const char *geojson, int digits,
                          pc_buf *b, pc_error *err);

/* The same geometry appended to b as an RFC 7946 GeoJSON geometry object:
 * reprojected to WGS84 (x = longitude), exterior rings counterclockwise
 * and holes clockwise, numbers as for geo_geojson_wkt(). Errors as for
 * geo_geojson_wkt(), and PC_ERR_SPATIAL when PROJ fails. */
pc_status geo_geojson_wgs84(geo_ctx *ctx, const char *geojson, int digits,
                            pc_buf *b, pc_error *err);

#endif
