/* test_geo.c: the GEOS/PROJ layer, checked against independent figures:
 * OS Code-Point Open coordinates, hand-computed areas, and SpatiaLite's own
 * ST_Transform/ST_Area on the same geometries. */
#include "check.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"

#include <sqlite3.h>

#include <spatialite.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <time.h>

static geo_ctx *geo;

static void point_wgs84_to_bng(void)
{
    pc_error err = {0};
    double e = 0, n = 0;

    /* M84001 Red Roofs Surgery, CV11 5TW: Code-Point Open gives E 436233
     * N 291368 and (Helmert, about 5 m) lat 52.518995 lon -1.467458 */
    CHECK(geo_point_to_bng(geo, GEO_CRS_WGS84, -1.467458, 52.518995, &e, &n,
                           &err) == PC_OK);
    CHECK_NEAR(e, 436233, 10);
    CHECK_NEAR(n, 291368, 10);
    /* BNG in, BNG out */
    CHECK(geo_point_to_bng(geo, GEO_CRS_BNG, 436233, 291368, &e, &n, &err) ==
          PC_OK);
    CHECK(e == 436233 && n == 291368);
}

static void point_errors(void)
{
    pc_error err = {0};
    double e = 1, n = 2;

    CHECK(geo_point_to_bng(geo, GEO_CRS_WGS84, 52.518995, -1.467458, &e, &n,
                           &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "swapped");
    CHECK(geo_point_to_bng(geo, GEO_CRS_WGS84, 436233, 291368, &e, &n, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "British National Grid");
    CHECK(geo_point_to_bng(geo, GEO_CRS_WGS84, 2.35, 48.85, &e, &n, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "outside Great Britain");
    CHECK(geo_point_to_bng(geo, GEO_CRS_BNG, -1.46, 52.5, &e, &n, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "degrees");
    CHECK(geo_point_to_bng(geo, GEO_CRS_BNG, 900000, 100000, &e, &n, &err) ==
          PC_ERR_INPUT);
    CHECK(e == 1 && n == 2); /* untouched on failure */
}

/* Parses a GeoJSON geometry and converts it; returns the status. */
static pc_status poly(const char *json, geo_crs crs, double point_m2,
                      geo_wkb *out, int *repaired, pc_error *err)
{
    cJSON *g = cJSON_Parse(json);
    char why[256];
    pc_status rc;

    if (!g)
        return PC_ERR_INTERNAL;
    rc = geo_polygon_from_geojson(geo, g, crs, point_m2, out, repaired, why,
                                  sizeof why, err);
    cJSON_Delete(g);
    return rc;
}

static void polygon_bng_square(void)
{
    pc_error err = {0};
    geo_wkb w = {0};
    int rep = -1;
    double a = 0;

    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[[[430000,270000],"
               "[431000,270000],[431000,271000],[430000,271000],"
               "[430000,270000]]]}",
               GEO_CRS_BNG, 0, &w, &rep, &err) == PC_OK);
    CHECK(rep == 0);
    CHECK(geo_area_m2(geo, &w, &a, &err) == PC_OK);
    CHECK_NEAR(a, 1e6, 1e-6);
    geo_wkb_free(&w);
}

/* Our area of a WGS84 polygon against SpatiaLite's ST_Area(ST_Transform). */
static void polygon_area_matches_spatialite(void)
{
    static const char *wkt = "POLYGON((-1.52 52.40,-1.50 52.40,-1.50 52.42,"
                             "-1.53 52.43,-1.52 52.40))";
    static const char *json =
        "{\"type\":\"Polygon\",\"coordinates\":[[[-1.52,52.40],[-1.50,52.40],"
        "[-1.50,52.42],[-1.53,52.43],[-1.52,52.40]]]}";
    pc_error err = {0};
    geo_wkb w = {0};
    int rep = 0;
    double ours = 0, theirs = -1;
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    void *cache = spatialite_alloc_connection();

    CHECK(poly(json, GEO_CRS_WGS84, 0, &w, &rep, &err) == PC_OK);
    CHECK(geo_area_m2(geo, &w, &ours, &err) == PC_OK);
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    spatialite_init_ex(db, cache, 0);
    CHECK(sqlite3_exec(db, "SELECT InitSpatialMetadata(1)", NULL, NULL, NULL) ==
          SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT ST_Area(ST_Transform(GeomFromText(?, "
                             "4326), 27700)), ST_Area(GeomFromWKB(?, 27700))",
                             -1, &q, NULL) == SQLITE_OK);
    sqlite3_bind_text(q, 1, wkt, -1, SQLITE_STATIC);
    sqlite3_bind_blob(q, 2, w.data, (int)w.len, SQLITE_STATIC);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    theirs = sqlite3_column_double(q, 0);
    CHECK(ours > 4e6 && ours < 6e6); /* about 2.2 km x 2.2 km */
    CHECK_NEAR(ours, theirs, theirs * 0.001);
    CHECK_NEAR(sqlite3_column_double(q, 1), ours, 1e-6);
    sqlite3_finalize(q);
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    geo_wkb_free(&w);
}

static void polygon_bowtie_repaired(void)
{
    pc_error err = {0};
    geo_wkb w = {0};
    int rep = 0;
    double a = 0;

    /* a self-intersecting bowtie: two triangles of 0.5 km2 each */
    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[[[430000,270000],"
               "[431000,271000],[431000,270000],[430000,271000],"
               "[430000,270000]]]}",
               GEO_CRS_BNG, 0, &w, &rep, &err) == PC_OK);
    CHECK(rep == 1);
    CHECK(geo_area_m2(geo, &w, &a, &err) == PC_OK);
    CHECK_NEAR(a, 500000, 1e-3);
    geo_wkb_free(&w);
}

/* found by fuzz_geojson: a hole that collapses to a line, in a
 * MultiPolygon, once crashed the repair */
static void multipolygon_collapsed_hole(void)
{
    pc_error err = {0};
    geo_wkb w = {0};
    int rep = 0;
    double a = 0;

    CHECK(poly("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[-1.3,52.37],"
               "[-1.25,52.37],[-1.25,52.4],[-1.3,52.37]],[[-1.29,52.38],"
               "[-1.28,52.39],[-1.29,52.38],[-1.29,52.38]]],[[[-1.2,52.3],"
               "[-1.19,52.3],[-1.19,52.31],[-1.2,52.3]]]]}",
               GEO_CRS_WGS84, 0, &w, &rep, &err) == PC_OK);
    CHECK(rep == 1);
    CHECK(geo_area_m2(geo, &w, &a, &err) == PC_OK && a > 1e6);
    geo_wkb_free(&w);
}

static void polygon_errors(void)
{
    pc_error err = {0};
    geo_wkb w = {0};
    int rep = 0;

    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[[[430000,270000],"
               "[431000,270000],[431000,271000],[430000,271000]]]}",
               GEO_CRS_BNG, 0, &w, &rep, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "not closed");
    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[[[430000,270000],"
               "[431000,270000],[430000,270000]]]}",
               GEO_CRS_BNG, 0, &w, &rep, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "at least 4");
    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[[[430000,270000],"
               "[431000,270000],[432000,270000],[430000,270000]]]}",
               GEO_CRS_BNG, 0, &w, &rep, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "area");
    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[]}", GEO_CRS_BNG, 0, &w,
               &rep, &err) == PC_ERR_INPUT);
    CHECK(poly("{\"type\":\"MultiPolygon\",\"coordinates\":[]}", GEO_CRS_BNG, 0,
               &w, &rep, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "empty");
    CHECK(poly("{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4]]}",
               GEO_CRS_BNG, 0, &w, &rep, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "LineString");
    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[[[-1.5,52.4],"
               "[-1.4,52.4],[\"x\",52.5],[-1.5,52.4]]]}",
               GEO_CRS_WGS84, 0, &w, &rep, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "ring 0: position 2");
    CHECK(poly("{\"type\":\"Point\",\"coordinates\":[-1.5,52.4]}",
               GEO_CRS_WGS84, 0, &w, &rep, &err) == PC_ERR_INPUT);
    CHECK(w.data == NULL);
}

static void point_with_area_is_circle(void)
{
    pc_error err = {0};
    geo_wkb w = {0};
    int rep = 0;
    double a = 0;

    CHECK(poly("{\"type\":\"Point\",\"coordinates\":[-1.29,52.353]}",
               GEO_CRS_WGS84, 1.5e6, &w, &rep, &err) == PC_OK);
    CHECK(geo_area_m2(geo, &w, &a, &err) == PC_OK);
    CHECK_NEAR(a, 1.5e6, 1.5e6 * 0.01); /* a 64-gon of that area */
    geo_wkb_free(&w);
}

/* A Point whose area is too small to draw: an input error that says so
 * (was PC_ERR_SPATIAL with the empty message "GEOS: "). */
static void point_tiny_area_refused(void)
{
    pc_error err = {0};
    geo_wkb w = {0};
    int rep = 0;

    CHECK(poly("{\"type\":\"Point\",\"coordinates\":[-1.29,52.353]}",
               GEO_CRS_WGS84, 1e-26, &w, &rep, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "at least 0.0001");
    CHECK(w.data == NULL);
}

/* A MultiPolygon of 60,000 small squares: its parts are walked once each
 * (cJSON_GetArrayItem in the loop took 17 s of CPU; a linear walk under a
 * second). Measured in CPU time, not wall time, so that a loaded machine
 * does not fail it; 8 s leaves room for a sanitized build. */
static void multipolygon_many_parts_linear(void)
{
    enum { NPARTS = 60000 };
    pc_error err = {0};
    pc_buf b = PC_BUF_INIT(PC_CAP_DOC);
    geo_wkb w = {0};
    int rep = 0;
    clock_t t0, t1;
    double a = 0;

    CHECK(pc_buf_puts(&b, "{\"type\":\"MultiPolygon\",\"coordinates\":[") ==
          PC_OK);
    for (int i = 0; i < NPARTS; i++) {
        double x = 400000 + (i % 300) * 20, y = 250000 + (i / 300) * 20;

        CHECK(pc_buf_printf(&b, "%s[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]",
                            i ? "," : "", x, y, x + 10, y, x + 10, y + 10, x,
                            y + 10, x, y) == PC_OK);
    }
    CHECK(pc_buf_puts(&b, "]}") == PC_OK);
    t0 = clock();
    CHECK(poly(pc_buf_str(&b), GEO_CRS_BNG, 0, &w, &rep, &err) == PC_OK);
    t1 = clock();
    CHECK(geo_area_m2(geo, &w, &a, &err) == PC_OK);
    CHECK_NEAR(a, NPARTS * 100.0, 1);
    CHECK((double)(t1 - t0) / CLOCKS_PER_SEC < 8);
    geo_wkb_free(&w);
    pc_buf_free(&b);
}

static void union_of_squares(void)
{
    pc_error err = {0};
    geo_wkb parts[2] = {{0}}, u = {0};
    int rep = 0;
    double a = 0;

    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[[[430000,270000],"
               "[431000,270000],[431000,271000],[430000,271000],"
               "[430000,270000]]]}",
               GEO_CRS_BNG, 0, &parts[0], &rep, &err) == PC_OK);
    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[[[430500,270000],"
               "[432000,270000],[432000,271000],[430500,271000],"
               "[430500,270000]]]}",
               GEO_CRS_BNG, 0, &parts[1], &rep, &err) == PC_OK);
    CHECK(geo_union(geo, parts, 2, &u, &err) == PC_OK);
    CHECK(geo_area_m2(geo, &u, &a, &err) == PC_OK);
    CHECK_NEAR(a, 2e6, 1e-3); /* overlap counted once */
    geo_wkb_free(&parts[0]);
    geo_wkb_free(&parts[1]);
    geo_wkb_free(&u);
}

/* GeoJSON out: rounded to the grid, holes kept; the point on surface
 * of an L shape lies inside it, not at its (outside) centroid. */
static void geojson_out_and_point_on_surface(void)
{
    pc_error err = {0};
    geo_wkb w = {0};
    cJSON *j = NULL;
    char *text = NULL;
    int rep = 0, inside = 0;
    double e = 0, n = 0;

    CHECK(poly("{\"type\":\"Polygon\",\"coordinates\":[[[430000.04,270000],"
               "[432000,270000],[432000,270500],[430500,270500],"
               "[430500,272000],[430000,272000],[430000.04,270000]]]}",
               GEO_CRS_BNG, 0, &w, &rep, &err) == PC_OK);
    CHECK(geo_wkb_geojson(geo, &w, 0.1, &j, &err) == PC_OK);
    text = j ? cJSON_PrintUnformatted(j) : NULL;
    CHECK_HAS(text, "\"type\":\"MultiPolygon\"");
    CHECK_HAS(text, "[430000,270000]"); /* 430000.04 on the 0.1 m grid */
    CHECK(text && !strstr(text, "430000.04"));
    CHECK(geo_point_on_surface(geo, &w, &e, &n, &err) == PC_OK);
    CHECK(geo_covers_point(geo, &w, e, n, &inside, &err) == PC_OK && inside);
    free(text);
    cJSON_Delete(j);
    geo_wkb_free(&w);
}

/* Twice the signed area of a GeoJSON ring: > 0 when counterclockwise. */
static double ring_area2(const cJSON *ring)
{
    double a = 0;
    int n = cJSON_GetArraySize(ring);

    for (int i = 0; i + 1 < n; i++) {
        const cJSON *p = cJSON_GetArrayItem(ring, i);
        const cJSON *q = cJSON_GetArrayItem(ring, i + 1);

        a += cJSON_GetArrayItem(p, 0)->valuedouble *
                 cJSON_GetArrayItem(q, 1)->valuedouble -
             cJSON_GetArrayItem(q, 0)->valuedouble *
                 cJSON_GetArrayItem(p, 1)->valuedouble;
    }
    return a;
}

/* WKT in BNG and GeoJSON in WGS84 from BNG GeoJSON text: SpatiaLite's
 * number format, the type kept, RFC 7946 ring orientation. */
static void text_wkt_and_wgs84(void)
{
    /* exterior clockwise, hole counterclockwise: both the wrong way */
    static const char *const mp =
        "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[430000,270000],"
        "[430000,272000],[432000,272000],[432000,270000],[430000,270000]],"
        "[[430500,270500],[431500,270500],[431500,271500],[430500,271500],"
        "[430500,270500]]]]}";
    pc_buf b = PC_BUF_INIT(1 << 16);
    pc_error err = {0};
    cJSON *j, *poly;

    CHECK(geo_geojson_wkt(geo,
                          "{\"type\":\"Point\",\"coordinates\":[436233.0,"
                          "291368.04]}",
                          1, &b, &err) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "POINT(436233 291368)");
    pc_buf_reset(&b);
    CHECK(geo_geojson_wkt(geo, mp, 1, &b, &err) == PC_OK);
    CHECK_HAS(pc_buf_str(&b), "MULTIPOLYGON(((430000 270000,430000 272000,");
    pc_buf_reset(&b);
    CHECK(geo_geojson_wgs84(geo, mp, 6, &b, &err) == PC_OK);
    j = cJSON_Parse(pc_buf_str(&b));
    poly = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(j, "coordinates"), 0);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "type")),
              "MultiPolygon");
    CHECK(poly && ring_area2(cJSON_GetArrayItem(poly, 0)) > 0);
    CHECK(poly && ring_area2(cJSON_GetArrayItem(poly, 1)) < 0);
    CHECK_NEAR(cJSON_GetArrayItem(
                   cJSON_GetArrayItem(cJSON_GetArrayItem(poly, 0), 0), 0)
                   ->valuedouble,
               -1.56, 0.05); /* lon first */
    cJSON_Delete(j);
    pc_buf_reset(&b);
    CHECK(geo_geojson_wgs84(geo,
                            "{\"type\":\"Polygon\",\"coordinates\":"
                            "[[[1,2],[3]]]}",
                            6, &b, &err) == PC_ERR_INPUT);
    pc_buf_free(&b);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"point_wgs84_to_bng", point_wgs84_to_bng},
        {"point_errors", point_errors},
        {"polygon_bng_square", polygon_bng_square},
        {"polygon_area_matches_spatialite", polygon_area_matches_spatialite},
        {"polygon_bowtie_repaired", polygon_bowtie_repaired},
        {"multipolygon_collapsed_hole", multipolygon_collapsed_hole},
        {"polygon_errors", polygon_errors},
        {"point_with_area_is_circle", point_with_area_is_circle},
        {"point_tiny_area_refused", point_tiny_area_refused},
        {"multipolygon_many_parts_linear", multipolygon_many_parts_linear},
        {"union_of_squares", union_of_squares},
        {"geojson_out_and_point_on_surface", geojson_out_and_point_on_surface},
        {"text_wkt_and_wgs84", text_wkt_and_wgs84},
        {NULL, NULL}};
    pc_error err = {0};
    int rc;

    geo = geo_ctx_new(&err);
    if (!geo) {
        fprintf(stderr, "geo_ctx_new: %s\n", err.msg);
        return 1;
    }
    rc = check_run(cases, argc, argv);
    geo_ctx_free(geo);
    return rc;
}
