/* geo.c: GEOS and PROJ behind one context per thread (see geo.h).
 *
 * GeoJSON geometries are read position by position so that an error can
 * name the ring and position at fault; they are built as GEOS geometries in
 * their declared CRS, checked, reprojected to BNG with PROJ through
 * GEOSGeom_transformXY_r(), validated, and written out as WKB. */
#include "geo_int.h"
#include "pc_error.h"
#include "pc_fmt.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Great Britain, generously: mainland, islands, Scilly to Shetland. */
#define GB_LON_MIN (-8.7)
#define GB_LON_MAX 1.8
#define GB_LAT_MIN 49.8
#define GB_LAT_MAX 60.9
#define GB_E_MAX   700000.0
#define GB_N_MAX   1250000.0
#define GEO_PI     3.14159265358979323846

static void on_geos_message(const char *msg, void *userdata)
{
    geo_ctx *ctx = userdata;
    snprintf(ctx->geos_msg, sizeof ctx->geos_msg, "%s", msg);
}

static void on_proj_log(void *userdata, int level, const char *msg)
{
    geo_ctx *ctx = userdata;
    if (level == PJ_LOG_ERROR)
        snprintf(ctx->proj_msg, sizeof ctx->proj_msg, "%s", msg);
}

geo_ctx *geo_ctx_new(pc_error *err)
{
    geo_ctx *ctx = calloc(1, sizeof *ctx);

    if (!ctx) {
        PC_NOMEM(err);
        return NULL;
    }
    ctx->geos = GEOS_init_r();
    ctx->proj = proj_context_create();
    if (!ctx->geos || !ctx->proj) {
        PC_FAIL(err, PC_ERR_SPATIAL, "cannot create GEOS/PROJ contexts");
        goto fail;
    }
    GEOSContext_setErrorMessageHandler_r(ctx->geos, on_geos_message, ctx);
    /* PROJ writes errors to stderr unless given a log function */
    proj_log_func(ctx->proj, ctx, on_proj_log);
    ctx->wkb_w = GEOSWKBWriter_create_r(ctx->geos);
    ctx->wkb_r = GEOSWKBReader_create_r(ctx->geos);
    if (!ctx->wkb_w || !ctx->wkb_r) {
        PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
        goto fail;
    }
    GEOSWKBWriter_setOutputDimension_r(ctx->geos, ctx->wkb_w, 2);
    return ctx;

fail:
    geo_ctx_free(ctx);
    return NULL;
}

/* The transformation from -> to (EPSG codes) into *pj, made on first use:
 * PROJ's search of its database for it takes longer than most commands
 * that never reproject anything. */
pc_status geo_ctx_transform(geo_ctx *ctx, const char *from, const char *to,
                            PJ **pj, pc_error *err)
{
    PJ *t;

    if (*pj)
        return PC_OK;
    t = proj_create_crs_to_crs(ctx->proj, from, to, NULL);
    if (t)
        *pj = proj_normalize_for_visualization(ctx->proj, t);
    proj_destroy(t);
    if (!*pj)
        return PC_FAIL(err, PC_ERR_SPATIAL, "PROJ: no %s -> %s: %s", from, to,
                       ctx->proj_msg);
    return PC_OK;
}

void geo_ctx_free(geo_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->geos) {
        if (ctx->wkb_w)
            GEOSWKBWriter_destroy_r(ctx->geos, ctx->wkb_w);
        if (ctx->wkb_r)
            GEOSWKBReader_destroy_r(ctx->geos, ctx->wkb_r);
        GEOS_finish_r(ctx->geos);
    }
    proj_destroy(ctx->to_bng);
    proj_destroy(ctx->to_wgs84);
    if (ctx->proj)
        proj_context_destroy(ctx->proj);
    free(ctx);
}

void geo_wkb_free(geo_wkb *w)
{
    free(w->data);
    w->data = NULL;
    w->len = 0;
}

pc_status geo_crs_parse(const char *s, geo_crs *out, pc_error *err)
{
    if (!strcmp(s, "EPSG:4326") || !strcmp(s, "WGS84")) {
        *out = GEO_CRS_WGS84;
        return PC_OK;
    }
    if (!strcmp(s, "EPSG:27700") || !strcmp(s, "BNG")) {
        *out = GEO_CRS_BNG;
        return PC_OK;
    }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "unknown crs \"%s\" (expected \"EPSG:4326\" or "
                   "\"EPSG:27700\")",
                   s);
}

static int in_range(double v, double lo, double hi)
{
    return v >= lo && v <= hi;
}

/* Checks that (x, y), declared in crs, can be a point in Great Britain. */
static pc_status check_gb(geo_crs crs, double x, double y, pc_error *err)
{
    char xs[32], ys[32];

    if (!isfinite(x) || !isfinite(y))
        return PC_FAIL(err, PC_ERR_INPUT, "coordinates are not finite");
    pc_fmt_num(xs, sizeof xs, x, 6);
    pc_fmt_num(ys, sizeof ys, y, 6);
    if (crs == GEO_CRS_WGS84) {
        if (in_range(x, GB_LON_MIN, GB_LON_MAX) &&
            in_range(y, GB_LAT_MIN, GB_LAT_MAX))
            return PC_OK;
        if (in_range(y, GB_LON_MIN, GB_LON_MAX) &&
            in_range(x, GB_LAT_MIN, GB_LAT_MAX))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "(%s, %s): latitude and longitude look swapped "
                           "(expected longitude, latitude in Great Britain)",
                           xs, ys);
        if (fabs(x) > 180 || fabs(y) > 90) {
            if (in_range(x, 0, GB_E_MAX) && in_range(y, 0, GB_N_MAX))
                return PC_FAIL(
                    err, PC_ERR_INPUT,
                    "(%s, %s) looks like British National Grid "
                    "metres, but the coordinates are declared EPSG:4326 "
                    "(expected longitude, latitude in degrees)",
                    xs, ys);
            return PC_FAIL(err, PC_ERR_INPUT,
                           "(%s, %s) is not a longitude, latitude", xs, ys);
        }
        return PC_FAIL(err, PC_ERR_INPUT,
                       "(%s, %s) is outside Great Britain (expected longitude "
                       "%.1f to %.1f, latitude %.1f to %.1f)",
                       xs, ys, GB_LON_MIN, GB_LON_MAX, GB_LAT_MIN, GB_LAT_MAX);
    }
    if (fabs(x) <= 180 && fabs(y) <= 90)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "(%s, %s) looks like longitude, latitude in degrees, "
                       "but the coordinates are declared EPSG:27700 (expected "
                       "easting, northing in metres)",
                       xs, ys);
    if (in_range(x, 0, GB_E_MAX) && in_range(y, 0, GB_N_MAX))
        return PC_OK;
    return PC_FAIL(err, PC_ERR_INPUT,
                   "(%s, %s) is outside Great Britain (expected easting 0 to "
                   "700000, northing 0 to 1250000 metres)",
                   xs, ys);
}

int geo_proj_xy(double *x, double *y, void *pj)
{
    PJ_COORD c = proj_coord(*x, *y, 0, 0);

    c = proj_trans(pj, PJ_FWD, c);
    if (c.xy.x == HUGE_VAL || !isfinite(c.xy.x) || !isfinite(c.xy.y))
        return 0;
    *x = c.xy.x;
    *y = c.xy.y;
    return 1;
}

pc_status geo_point_to_bng(geo_ctx *ctx, geo_crs crs, double x, double y,
                           double *e, double *n, pc_error *err)
{
    if (check_gb(crs, x, y, err) != PC_OK)
        return err->code;
    if (crs == GEO_CRS_WGS84) {
        if (geo_ctx_transform(ctx, "EPSG:4326", "EPSG:27700", &ctx->to_bng,
                              err))
            return err->code;
        if (!geo_proj_xy(&x, &y, ctx->to_bng))
            return PC_FAIL(err, PC_ERR_SPATIAL, "PROJ: %s",
                           ctx->proj_msg[0] ? ctx->proj_msg
                                            : "transformation failed");
    }
    *e = x;
    *n = y;
    return PC_OK;
}

/* --- GeoJSON to GEOS ------------------------------------------------- */

static pc_status read_position(const cJSON *pos, geo_crs crs, double *x,
                               double *y, pc_error *err)
{
    const cJSON *cx, *cy;
    int n = cJSON_IsArray(pos) ? cJSON_GetArraySize(pos) : -1;

    if (n < 2 || n > 3)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a position [x, y] of 2 numbers");
    cx = pos->child;
    cy = cx->next;
    if (!cJSON_IsNumber(cx) || !cJSON_IsNumber(cy))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a position [x, y] of 2 numbers");
    if (check_gb(crs, cx->valuedouble, cy->valuedouble, err) != PC_OK)
        return err->code;
    *x = cx->valuedouble;
    *y = cy->valuedouble;
    return PC_OK;
}

static pc_status read_ring(geo_ctx *ctx, const cJSON *ring, geo_crs crs,
                           GEOSGeometry **out, pc_error *err)
{
    GEOSCoordSequence *seq = NULL;
    const cJSON *pos;
    double x0 = 0, y0 = 0, x = 0, y = 0;
    int n, i = 0;

    if (!cJSON_IsArray(ring))
        return PC_FAIL(err, PC_ERR_INPUT, "expected an array of positions");
    n = cJSON_GetArraySize(ring);
    if (n < 4)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "ring has %d positions (expected at least 4, the "
                       "last equal to the first)",
                       n);
    seq = GEOSCoordSeq_create_r(ctx->geos, (unsigned)n, 2);
    if (!seq)
        return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    cJSON_ArrayForEach(pos, ring)
    {
        if (read_position(pos, crs, &x, &y, err) != PC_OK) {
            GEOSCoordSeq_destroy_r(ctx->geos, seq);
            return pc_error_wrap(err, "position %d", i);
        }
        if (i == 0) {
            x0 = x;
            y0 = y;
        }
        GEOSCoordSeq_setXY_r(ctx->geos, seq, (unsigned)i, x, y);
        i++;
    }
    if (x != x0 || y != y0) {
        GEOSCoordSeq_destroy_r(ctx->geos, seq);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "ring is not closed (expected the last position to "
                       "equal the first)");
    }
    *out = GEOSGeom_createLinearRing_r(ctx->geos, seq); /* takes seq */
    if (!*out)
        return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    return PC_OK;
}

static pc_status read_polygon(geo_ctx *ctx, const cJSON *rings, geo_crs crs,
                              GEOSGeometry **out, pc_error *err)
{
    GEOSGeometry **r = NULL;
    const cJSON *ring;
    int n, i;
    pc_status rc = PC_OK;

    if (!cJSON_IsArray(rings) || cJSON_GetArraySize(rings) < 1)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected an array of at least one ring");
    n = cJSON_GetArraySize(rings);
    r = calloc((size_t)n, sizeof *r);
    if (!r)
        return PC_NOMEM(err);
    /* walked by ->next: cJSON_GetArrayItem(i) walks from the start */
    i = 0;
    cJSON_ArrayForEach(ring, rings)
    {
        rc = read_ring(ctx, ring, crs, &r[i], err);
        if (rc != PC_OK) {
            pc_error_wrap(err, "ring %d", i);
            goto cleanup;
        }
        i++;
    }
    *out = GEOSGeom_createPolygon_r(ctx->geos, r[0], r + 1,
                                    (unsigned)(n - 1)); /* takes rings */
    free(r);
    if (!*out) /* GEOS took the rings, and frees them on failure too */
        return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    return PC_OK;

cleanup:
    geo_geoms_free(ctx, r, (size_t)n);
    return rc;
}

/* Builds a MultiPolygon from a GeoJSON Polygon or MultiPolygon. */
static pc_status read_polygonal(geo_ctx *ctx, const cJSON *geom, geo_crs crs,
                                GEOSGeometry **out, pc_error *err)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(geom, "type");
    const cJSON *coords = cJSON_GetObjectItemCaseSensitive(geom, "coordinates");
    const cJSON *part;
    GEOSGeometry **polys = NULL;
    int n = 0, i;
    pc_status rc = PC_OK;

    if (!cJSON_IsArray(coords))
        return PC_FAIL(err, PC_ERR_INPUT, "\"coordinates\": expected an array");
    if (!strcmp(type->valuestring, "Polygon")) {
        n = 1;
    } else {
        n = cJSON_GetArraySize(coords);
        if (n < 1)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "geometry is empty (MultiPolygon with no "
                           "polygons)");
    }
    polys = calloc((size_t)n, sizeof *polys);
    if (!polys)
        return PC_NOMEM(err);
    /* the parts walked by ->next: cJSON_GetArrayItem(i) walks from the
     * start each time, quadratic in a MultiPolygon of many parts */
    part = !strcmp(type->valuestring, "Polygon") ? NULL : coords->child;
    for (i = 0; i < n; i++, part = part ? part->next : NULL) {
        const cJSON *rings = part ? part : coords;

        if (cJSON_IsArray(rings) && !rings->child) {
            rc = PC_FAIL(err, PC_ERR_INPUT, "geometry is empty");
            goto cleanup;
        }
        rc = read_polygon(ctx, rings, crs, &polys[i], err);
        if (rc != PC_OK) {
            if (strcmp(type->valuestring, "Polygon"))
                pc_error_wrap(err, "polygon %d", i);
            goto cleanup;
        }
    }
    *out = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOLYGON, polys,
                                       (unsigned)n);
    free(polys); /* the collection took the polygons, and frees them when
                    it fails */
    if (!*out)
        return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    return PC_OK;

cleanup:
    geo_geoms_free(ctx, polys, (size_t)n);
    return rc;
}

void geo_geoms_free(geo_ctx *ctx, GEOSGeometry **gs, size_t n)
{
    for (size_t i = 0; gs && i < n; i++)
        if (gs[i])
            GEOSGeom_destroy_r(ctx->geos, gs[i]);
    free(gs);
}

/* After MakeValid a collection may hold lines or points: they go. */
GEOSGeometry *geo_polygonal_part(geo_ctx *ctx, GEOSGeometry *g)
{
    GEOSGeometry **keep = NULL;
    GEOSGeometry *out = NULL;
    int n = GEOSGetNumGeometries_r(ctx->geos, g);
    int i, j, total = 0, k = 0;

    /* first count the polygons, then collect them */
    for (i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx->geos, g, i);
        int t = p ? GEOSGeomTypeId_r(ctx->geos, p) : -1;

        if (t == GEOS_POLYGON && !GEOSisEmpty_r(ctx->geos, p))
            total++;
        else if (t == GEOS_MULTIPOLYGON)
            total += GEOSGetNumGeometries_r(ctx->geos, p);
    }
    if (total <= 0)
        goto done;
    keep = calloc((size_t)total, sizeof *keep);
    if (!keep)
        goto done;
    for (i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(ctx->geos, g, i);
        int t = p ? GEOSGeomTypeId_r(ctx->geos, p) : -1;

        if (t == GEOS_POLYGON && !GEOSisEmpty_r(ctx->geos, p)) {
            keep[k++] = GEOSGeom_clone_r(ctx->geos, p);
        } else if (t == GEOS_MULTIPOLYGON) {
            int m = GEOSGetNumGeometries_r(ctx->geos, p);

            for (j = 0; j < m && k < total; j++)
                keep[k++] = GEOSGeom_clone_r(
                    ctx->geos, GEOSGetGeometryN_r(ctx->geos, p, j));
        }
    }
    for (i = 0; i < k; i++)
        if (!keep[i])
            goto done;
    out = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOLYGON, keep,
                                      (unsigned)k);
    k = 0; /* GEOS took them, and frees them when it fails */
done:
    geo_geoms_free(ctx, keep, (size_t)k);
    GEOSGeom_destroy_r(ctx->geos, g);
    return out;
}

pc_status geo_to_wkb(geo_ctx *ctx, const GEOSGeometry *g, geo_wkb *out,
                     pc_error *err)
{
    size_t len = 0;
    unsigned char *buf = GEOSWKBWriter_write_r(ctx->geos, ctx->wkb_w, g, &len);
    unsigned char *copy;

    if (!buf)
        return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    copy = malloc(len);
    if (!copy) {
        GEOSFree_r(ctx->geos, buf);
        return PC_NOMEM(err);
    }
    memcpy(copy, buf, len);
    GEOSFree_r(ctx->geos, buf);
    out->data = copy;
    out->len = len;
    return PC_OK;
}

GEOSGeometry *geo_from_wkb(geo_ctx *ctx, const geo_wkb *w)
{
    return GEOSWKBReader_read_r(ctx->geos, ctx->wkb_r, w->data, w->len);
}

/* A GeoJSON Point with an area: the circle of that area around it, in
 * BNG, as WKB. */
static pc_status point_polygon(geo_ctx *ctx, const cJSON *geom, geo_crs crs,
                               double point_area_m2, geo_wkb *out,
                               pc_error *err)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(geom, "coordinates");
    GEOSGeometry *pt, *circle, *bng;
    double x = 0, y = 0, e, n; /* x, y set by read_position */
    pc_status rc;

    /* a circle under a square metre is lost in the rounding of
     * coordinates of hundreds of kilometres: GEOS draws nothing */
    if (!(point_area_m2 >= 1))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "geometry: a Point needs \"area_ha\" of at least "
                       "0.0001 (a square metre; got %g), or give a Polygon",
                       point_area_m2 / 10000);
    if (read_position(c, crs, &x, &y, err) != PC_OK ||
        geo_point_to_bng(ctx, crs, x, y, &e, &n, err) != PC_OK)
        return pc_error_wrap(err, "geometry");
    pt = GEOSGeom_createPointFromXY_r(ctx->geos, e, n);
    if (!pt)
        return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    circle = GEOSBuffer_r(ctx->geos, pt, sqrt(point_area_m2 / GEO_PI), 16);
    GEOSGeom_destroy_r(ctx->geos, pt);
    if (!circle)
        return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    bng = geo_polygonal_part(ctx, circle);
    if (!bng)
        return PC_FAIL(err, PC_ERR_SPATIAL,
                       "GEOS: the circle of %g m2 around the point: %s",
                       point_area_m2,
                       ctx->geos_msg[0] ? ctx->geos_msg : "no polygon");
    rc = geo_to_wkb(ctx, bng, out, err);
    GEOSGeom_destroy_r(ctx->geos, bng);
    return rc;
}

/* Validates *g where the user drew it, in the declared CRS, and repairs
 * it with MakeValid when invalid (saying so in repair_msg). */
static pc_status repair_invalid(geo_ctx *ctx, GEOSGeometry **g, int *repaired,
                                char *repair_msg, size_t repair_msg_sz,
                                pc_error *err)
{
    char *reason = NULL;        /* owned by GEOS */
    GEOSGeometry *where = NULL; /* owned */
    GEOSGeometry *fixed;
    double wx = 0, wy = 0;
    pc_status rc = PC_OK;

    switch (GEOSisValidDetail_r(ctx->geos, *g, 0, &reason, &where)) {
    case 1: break;
    case 0:
        if (where) {
            GEOSGeomGetX_r(ctx->geos, where, &wx);
            GEOSGeomGetY_r(ctx->geos, where, &wy);
        }
        snprintf(repair_msg, repair_msg_sz,
                 "invalid polygon (%s near %.6f, %.6f) repaired with GEOS "
                 "MakeValid",
                 reason ? reason : "unknown", wx, wy);
        fixed = GEOSMakeValid_r(ctx->geos, *g);
        if (!fixed) {
            rc = PC_FAIL(err, PC_ERR_SPATIAL, "geometry: %s", ctx->geos_msg);
            break;
        }
        GEOSGeom_destroy_r(ctx->geos, *g);
        *g = geo_polygonal_part(ctx, fixed);
        if (!*g) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "geometry: invalid polygon (%s near %.6f, %.6f) has "
                         "no area left after repair (expected a polygon "
                         "enclosing an area)",
                         reason ? reason : "unknown", wx, wy);
            break;
        }
        *repaired = 1;
        break;
    default:
        rc = PC_FAIL(err, PC_ERR_SPATIAL, "geometry: GEOS: %s", ctx->geos_msg);
        break;
    }
    if (reason)
        GEOSFree_r(ctx->geos, reason);
    if (where)
        GEOSGeom_destroy_r(ctx->geos, where);
    return rc;
}

static pc_status check_area(geo_ctx *ctx, const GEOSGeometry *g, pc_error *err)
{
    double area = 0;

    if (!GEOSArea_r(ctx->geos, g, &area))
        return PC_FAIL(err, PC_ERR_SPATIAL, "geometry: GEOS: %s",
                       ctx->geos_msg);
    if (!(area > 0))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "geometry: polygon has zero area (expected a "
                       "polygon enclosing an area)");
    return PC_OK;
}

/* *g, declared in crs, in BNG as *bng (owned by the caller; *g may be
 * taken). */
static pc_status reproject(geo_ctx *ctx, geo_crs crs, GEOSGeometry **g,
                           GEOSGeometry **bng, pc_error *err)
{
    GEOSGeometry *t, *fixed;

    if (crs != GEO_CRS_WGS84) {
        *bng = *g;
        *g = NULL;
        return PC_OK;
    }
    if (geo_ctx_transform(ctx, "EPSG:4326", "EPSG:27700", &ctx->to_bng, err))
        return err->code;
    t = GEOSGeom_transformXY_r(ctx->geos, *g, geo_proj_xy, ctx->to_bng);
    if (!t)
        return PC_FAIL(err, PC_ERR_SPATIAL,
                       "geometry: reprojection to EPSG:27700 failed: %s",
                       ctx->proj_msg[0] ? ctx->proj_msg : ctx->geos_msg);
    /* reprojection bends edges slightly; keep the result valid */
    if (GEOSisValid_r(ctx->geos, t) != 1) {
        fixed = GEOSMakeValid_r(ctx->geos, t);
        GEOSGeom_destroy_r(ctx->geos, t);
        t = fixed ? geo_polygonal_part(ctx, fixed) : NULL;
        if (!t)
            return PC_FAIL(err, PC_ERR_SPATIAL,
                           "geometry: invalid after reprojection");
    }
    *bng = t;
    return PC_OK;
}

pc_status geo_polygon_from_geojson(geo_ctx *ctx, const cJSON *geom, geo_crs crs,
                                   double point_area_m2, geo_wkb *out,
                                   int *repaired, char *repair_msg,
                                   size_t repair_msg_sz, pc_error *err)
{
    const cJSON *type;
    GEOSGeometry *g = NULL;   /* owned */
    GEOSGeometry *bng = NULL; /* owned */
    pc_status rc;

    *repaired = 0;
    if (!cJSON_IsObject(geom))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "geometry: expected a GeoJSON geometry object");
    type = cJSON_GetObjectItemCaseSensitive(geom, "type");
    if (!cJSON_IsString(type))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "geometry: \"type\": expected a string");
    if (!strcmp(type->valuestring, "Point"))
        return point_polygon(ctx, geom, crs, point_area_m2, out, err);
    if (strcmp(type->valuestring, "Polygon") &&
        strcmp(type->valuestring, "MultiPolygon"))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "geometry: type \"%s\" (expected Polygon or "
                       "MultiPolygon)",
                       type->valuestring);

    rc = read_polygonal(ctx, geom, crs, &g, err);
    if (rc != PC_OK)
        return pc_error_wrap(err, "geometry");
    rc = repair_invalid(ctx, &g, repaired, repair_msg, repair_msg_sz, err);
    if (rc == PC_OK)
        rc = check_area(ctx, g, err);
    if (rc == PC_OK)
        rc = reproject(ctx, crs, &g, &bng, err);
    if (rc == PC_OK)
        rc = geo_to_wkb(ctx, bng, out, err);
    if (bng)
        GEOSGeom_destroy_r(ctx->geos, bng);
    if (g)
        GEOSGeom_destroy_r(ctx->geos, g);
    return rc;
}

pc_status geo_union(geo_ctx *ctx, const geo_wkb *parts, size_t n, geo_wkb *out,
                    pc_error *err)
{
    GEOSGeometry **gs = NULL;
    GEOSGeometry *coll = NULL, *u = NULL;
    size_t i, made = 0;
    pc_status rc = PC_OK;

    if (n == 0)
        return PC_FAIL(err, PC_ERR_INPUT, "union of no geometries");
    gs = calloc(n, sizeof *gs);
    if (!gs)
        return PC_NOMEM(err);
    for (i = 0; i < n; i++) {
        gs[i] = geo_from_wkb(ctx, &parts[i]);
        if (!gs[i]) {
            rc = PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
            goto cleanup;
        }
        made++;
    }
    coll = GEOSGeom_createCollection_r(ctx->geos, GEOS_GEOMETRYCOLLECTION, gs,
                                       (unsigned)n);
    made = 0; /* GEOS took them, and frees them when it fails */
    if (!coll) {
        rc = PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
        goto cleanup;
    }
    u = GEOSUnaryUnion_r(ctx->geos, coll);
    if (!u) {
        rc = PC_FAIL(err, PC_ERR_SPATIAL, "GEOS union: %s", ctx->geos_msg);
        goto cleanup;
    }
    u = geo_polygonal_part(ctx, u);
    if (!u) {
        rc = PC_FAIL(err, PC_ERR_SPATIAL, "union has no polygonal part");
        goto cleanup;
    }
    rc = geo_to_wkb(ctx, u, out, err);

cleanup:
    geo_geoms_free(ctx, gs, made);
    if (coll)
        GEOSGeom_destroy_r(ctx->geos, coll);
    if (u)
        GEOSGeom_destroy_r(ctx->geos, u);
    return rc;
}

pc_status geo_area_m2(geo_ctx *ctx, const geo_wkb *w, double *out_m2,
                      pc_error *err)
{
    GEOSGeometry *g = geo_from_wkb(ctx, w);
    double a = 0;
    pc_status rc = PC_OK;

    if (!g)
        return PC_FAIL(err, PC_ERR_INPUT, "bad WKB: %s", ctx->geos_msg);
    if (!GEOSArea_r(ctx->geos, g, &a))
        rc = PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    else
        *out_m2 = a;
    GEOSGeom_destroy_r(ctx->geos, g);
    return rc;
}

/* --- output ------------------------------------------------------------ */

/* Rounds every number under a GeoJSON "coordinates" array to grid. */
static void round_coords(cJSON *a, double grid)
{
    for (cJSON *c = a ? a->child : NULL; c; c = c->next) {
        if (cJSON_IsNumber(c)) {
            double v = round(c->valuedouble / grid) * grid;

            cJSON_SetNumberValue(c, v == 0 ? 0 : v); /* no -0 */
        } else {
            round_coords(c, grid);
        }
    }
}

pc_status geo_wkb_geojson(geo_ctx *ctx, const geo_wkb *w, double grid,
                          struct cJSON **out, pc_error *err)
{
    GEOSGeometry *g = geo_from_wkb(ctx, w);
    GEOSGeoJSONWriter *wr = NULL;
    char *text = NULL;
    cJSON *j = NULL;
    pc_status rc = PC_OK;

    if (!g)
        return PC_FAIL(err, PC_ERR_INPUT, "bad WKB: %s", ctx->geos_msg);
    if (!(wr = GEOSGeoJSONWriter_create_r(ctx->geos)) ||
        !(text = GEOSGeoJSONWriter_writeGeometry_r(ctx->geos, wr, g, -1)))
        rc = PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    else if (!(j = cJSON_Parse(text)))
        rc = PC_NOMEM(err);
    else if (grid > 0)
        round_coords(cJSON_GetObjectItemCaseSensitive(j, "coordinates"), grid);
    if (text)
        GEOSFree_r(ctx->geos, text);
    if (wr)
        GEOSGeoJSONWriter_destroy_r(ctx->geos, wr);
    GEOSGeom_destroy_r(ctx->geos, g);
    *out = j;
    return rc;
}

pc_status geo_point_on_surface(geo_ctx *ctx, const geo_wkb *w, double *e,
                               double *n, pc_error *err)
{
    GEOSGeometry *g = geo_from_wkb(ctx, w), *p = NULL;
    pc_status rc = PC_OK;

    if (!g)
        return PC_FAIL(err, PC_ERR_INPUT, "bad WKB: %s", ctx->geos_msg);
    if (GEOSisEmpty_r(ctx->geos, g) == 1)
        rc = PC_FAIL(err, PC_ERR_INPUT, "empty geometry has no point");
    else if (!(p = GEOSPointOnSurface_r(ctx->geos, g)) ||
             !GEOSGeomGetX_r(ctx->geos, p, e) ||
             !GEOSGeomGetY_r(ctx->geos, p, n))
        rc = PC_FAIL(err, PC_ERR_SPATIAL, "GEOS: %s", ctx->geos_msg);
    if (p)
        GEOSGeom_destroy_r(ctx->geos, p);
    GEOSGeom_destroy_r(ctx->geos, g);
    return rc;
}
