/* geo_out.c: geometries written out as text for files other tools open.
 *
 * The report document carries its geometries as GeoJSON in EPSG:27700.
 * The exports need them as WKT in the same grid (CSV) and as RFC 7946
 * GeoJSON in WGS84 (the .geojson files). Both are written here, one
 * writer per format in the manner of liblwgeom's lwout_*.c, over a GEOS
 * geometry read with GEOS's GeoJSON reader and, for WGS84, reprojected
 * with PROJ on the context (EPSG:27700 -> EPSG:4326, lon/lat order).
 *
 * The text is the one SpatiaLite's AsWKT() and AsGeoJSON() wrote before
 * the exports moved here, so that files stay byte-identical: no spaces,
 * each coordinate printed with a fixed number of decimals and its
 * trailing zeros (and a trailing point) dropped, "-0" written as "0",
 * and the geometry's own type kept (a one-part MultiPolygon stays one).
 * WGS84 rings are oriented as RFC 7946 asks: exterior counterclockwise,
 * holes clockwise. */
#include "geo_int.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"

#include <stdlib.h>
#include <string.h>

typedef enum out_kind { OUT_WKT, OUT_GEOJSON } out_kind;

/* One write: the format, the decimals and where the text goes. */
typedef struct out {
    geo_ctx *ctx;
    out_kind kind;
    int digits;
    pc_buf *b;
} out;

/* --- numbers and positions -------------------------------------------- */

/* v with o->digits decimals, trailing zeros and point dropped, no "-0". */
static pc_status put_num(out *o, double v)
{
    char s[64];
    size_t n;

    pc_fmt_num(s, sizeof s, v, o->digits);
    n = strlen(s);
    if (strchr(s, '.')) {
        while (n > 1 && s[n - 1] == '0')
            s[--n] = '\0';
        if (s[n - 1] == '.')
            s[--n] = '\0';
    }
    if (strcmp(s, "-0") == 0)
        strcpy(s, "0");
    return pc_buf_puts(o->b, s);
}

/* One position: "x y" (WKT) or "[x,y]" (GeoJSON). */
static pc_status put_xy(out *o, double x, double y)
{
    pc_status rc = pc_buf_puts(o->b, o->kind == OUT_WKT ? "" : "[");

    if (rc == PC_OK)
        rc = put_num(o, x);
    if (rc == PC_OK)
        rc = pc_buf_puts(o->b, o->kind == OUT_WKT ? " " : ",");
    if (rc == PC_OK)
        rc = put_num(o, y);
    if (rc == PC_OK && o->kind == OUT_GEOJSON)
        rc = pc_buf_puts(o->b, "]");
    return rc;
}

/* Twice the signed area of a ring: > 0 when counterclockwise. */
static int ring_area2(out *o, const GEOSCoordSequence *cs, unsigned n,
                      double *a2)
{
    double sum = 0, x0, y0, x1, y1;

    for (unsigned i = 0; i + 1 < n; i++) {
        if (!GEOSCoordSeq_getXY_r(o->ctx->geos, cs, i, &x0, &y0) ||
            !GEOSCoordSeq_getXY_r(o->ctx->geos, cs, i + 1, &x1, &y1))
            return 0;
        sum += x0 * y1 - x1 * y0;
    }
    *a2 = sum;
    return 1;
}

/* --- rings, polygons and collections ---------------------------------- */

/* A ring as "(x y,...)" or "[[x,y],...]". In GeoJSON an exterior ring
 * goes counterclockwise and a hole clockwise, reversed when needed. */
static pc_status put_ring(out *o, const GEOSGeometry *ring, int hole,
                          pc_error *err)
{
    GEOSContextHandle_t h = o->ctx->geos;
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    int reverse = 0;
    pc_status rc;

    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", o->ctx->geos_msg);
    if (o->kind == OUT_GEOJSON) {
        double a2;

        if (!ring_area2(o, cs, n, &a2))
            return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", o->ctx->geos_msg);
        reverse = hole ? a2 > 0 : a2 < 0;
    }
    rc = pc_buf_puts(o->b, o->kind == OUT_WKT ? "(" : "[");
    for (unsigned i = 0; rc == PC_OK && i < n; i++) {
        double x, y;

        if (!GEOSCoordSeq_getXY_r(h, cs, reverse ? n - 1 - i : i, &x, &y))
            return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", o->ctx->geos_msg);
        if (i)
            rc = pc_buf_puts(o->b, ",");
        if (rc == PC_OK)
            rc = put_xy(o, x, y);
    }
    if (rc == PC_OK)
        rc = pc_buf_puts(o->b, o->kind == OUT_WKT ? ")" : "]");
    return rc == PC_OK ? PC_OK : PC_FAIL(err, rc, "out of memory");
}

/* A polygon's rings, bracketed: "((...),(...))" or "[[...],[...]]". */
static pc_status put_polygon(out *o, const GEOSGeometry *g, pc_error *err)
{
    GEOSContextHandle_t h = o->ctx->geos;
    int holes = GEOSGetNumInteriorRings_r(h, g);
    const GEOSGeometry *ext = GEOSGetExteriorRing_r(h, g);
    pc_status rc;

    if (holes < 0 || !ext)
        return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", o->ctx->geos_msg);
    if (pc_buf_puts(o->b, o->kind == OUT_WKT ? "(" : "[") != PC_OK)
        return PC_NOMEM(err);
    rc = put_ring(o, ext, 0, err);
    for (int i = 0; rc == PC_OK && i < holes; i++) {
        const GEOSGeometry *r = GEOSGetInteriorRingN_r(h, g, i);

        if (!r)
            return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", o->ctx->geos_msg);
        if (pc_buf_puts(o->b, ",") != PC_OK)
            return PC_NOMEM(err);
        rc = put_ring(o, r, 1, err);
    }
    if (rc == PC_OK && pc_buf_puts(o->b, o->kind == OUT_WKT ? ")" : "]"))
        return PC_NOMEM(err);
    return rc;
}

/* A Point, Polygon or MultiPolygon: the type, then the coordinates. */
static pc_status put_geometry(out *o, const GEOSGeometry *g, pc_error *err)
{
    GEOSContextHandle_t h = o->ctx->geos;
    int type = GEOSGeomTypeId_r(h, g), wkt = o->kind == OUT_WKT;
    pc_status rc = PC_OK;
    double x, y;

    if (GEOSisEmpty_r(h, g) != 0)
        return PC_FAIL(err, PC_ERR_INPUT, "empty geometry");
    switch (type) {
    case GEOS_POINT:
        if (!GEOSGeomGetX_r(h, g, &x) || !GEOSGeomGetY_r(h, g, &y))
            return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", o->ctx->geos_msg);
        rc = pc_buf_puts(o->b, wkt ? "POINT("
                                   : "{\"type\":\"Point\",\"coordinates\":");
        if (rc == PC_OK)
            rc = put_xy(o, x, y);
        if (rc == PC_OK)
            rc = pc_buf_puts(o->b, wkt ? ")" : "}");
        return rc == PC_OK ? PC_OK : PC_FAIL(err, rc, "out of memory");
    case GEOS_POLYGON:
        if (pc_buf_puts(o->b, wkt ? "POLYGON"
                                  : "{\"type\":\"Polygon\",\"coordinates\":"))
            return PC_NOMEM(err);
        rc = put_polygon(o, g, err);
        break;
    case GEOS_MULTIPOLYGON:
        if (pc_buf_puts(o->b, wkt ? "MULTIPOLYGON("
                                  : "{\"type\":\"MultiPolygon\","
                                    "\"coordinates\":["))
            return PC_NOMEM(err);
        for (int i = 0; rc == PC_OK && i < GEOSGetNumGeometries_r(h, g); i++) {
            if (i && pc_buf_puts(o->b, ","))
                return PC_NOMEM(err);
            rc = put_polygon(o, GEOSGetGeometryN_r(h, g, i), err);
        }
        if (rc == PC_OK && pc_buf_puts(o->b, wkt ? ")" : "]"))
            return PC_NOMEM(err);
        break;
    default:
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a Point, Polygon or MultiPolygon");
    }
    if (rc == PC_OK && !wkt && pc_buf_puts(o->b, "}"))
        return PC_NOMEM(err);
    return rc;
}

/* --- reading and reprojecting ------------------------------------------ */

/* GEOS's GeoJSON reader on text; NULL (the reason in geos_msg) when it
 * is not GeoJSON. */
static GEOSGeometry *read_geojson(geo_ctx *ctx, const char *geojson)
{
    GEOSGeoJSONReader *rd = GEOSGeoJSONReader_create_r(ctx->geos);
    GEOSGeometry *g = NULL;

    ctx->geos_msg[0] = '\0';
    if (rd) {
        g = GEOSGeoJSONReader_readGeometry_r(ctx->geos, rd, geojson);
        GEOSGeoJSONReader_destroy_r(ctx->geos, rd);
    }
    return g;
}

static pc_status ensure_to_wgs84(geo_ctx *ctx, pc_error *err)
{
    return geo_ctx_transform(ctx, "EPSG:27700", "EPSG:4326", &ctx->to_wgs84,
                             err);
}

pc_status geo_point_to_wgs84(geo_ctx *ctx, double e, double n, double *lon,
                             double *lat, pc_error *err)
{
    if (ensure_to_wgs84(ctx, err) != PC_OK)
        return err->code;
    if (!geo_proj_xy(&e, &n, ctx->to_wgs84))
        return PC_FAIL(err, PC_ERR_SPATIAL, "PROJ: %s",
                       ctx->proj_msg[0] ? ctx->proj_msg
                                        : "transformation failed");
    *lon = e;
    *lat = n;
    return PC_OK;
}

static pc_status write_out(out *o, const char *geojson, int wgs84,
                           pc_error *err)
{
    geo_ctx *ctx = o->ctx;
    GEOSGeometry *g = NULL, *t = NULL;
    pc_status rc = PC_OK;

    if (wgs84) {
        rc = ensure_to_wgs84(ctx, err);
        if (rc != PC_OK)
            return rc;
    }
    g = read_geojson(ctx, geojson);
    if (!g)
        return PC_FAIL(err, PC_ERR_INPUT, "not GeoJSON: %s", ctx->geos_msg);
    if (wgs84) {
        t = GEOSGeom_transformXY_r(ctx->geos, g, geo_proj_xy, ctx->to_wgs84);
        if (!t) {
            rc = PC_FAIL(err, PC_ERR_SPATIAL, "reprojection failed: %s",
                         ctx->proj_msg[0] ? ctx->proj_msg : ctx->geos_msg);
            goto cleanup;
        }
    }
    rc = put_geometry(o, t ? t : g, err);

cleanup:
    if (t)
        GEOSGeom_destroy_r(ctx->geos, t);
    GEOSGeom_destroy_r(ctx->geos, g);
    return rc;
}

/* --- API --------------------------------------------------------------- */

pc_status geo_geojson_wkt(geo_ctx *ctx, const char *geojson, int digits,
                          pc_buf *b, pc_error *err)
{
    out o = {ctx, OUT_WKT, digits, b};

    return write_out(&o, geojson, 0, err);
}

pc_status geo_geojson_wgs84(geo_ctx *ctx, const char *geojson, int digits,
                            pc_buf *b, pc_error *err)
{
    out o = {ctx, OUT_GEOJSON, digits, b};

    return write_out(&o, geojson, 1, err);
}
