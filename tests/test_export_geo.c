/* test_export_geo.c: the GeoJSON and GeoPackage exports (see
 * test_export.c for the documents): GeoJSON parsed with cJSON (feature
 * counts, typed properties, UK lon/lat coordinates, exterior rings
 * counterclockwise, a practice where SpatiaLite's own Transform of its
 * e/n puts it); the GeoPackage read with SQLite + SpatiaLite and, when
 * installed, listed by GDAL's ogrinfo. */
#include "pc_error.h"
#include "test_export.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

/* The GeoPackage's layers: the five of GeoJSON, then its own two. */
#define NLAYERS 7
static const char *const gpkg_layers[NLAYERS] = {
    "places", "lads",      "practices",  "premises",
    "sites",  "pcn_areas", "allocations"};

/* --- GeoJSON ------------------------------------------------------------ */

static int coords_ok(const cJSON *c, int depth, int *npoints)
{
    const cJSON *e;

    if (depth == 0) {
        double lon, lat;

        if (cJSON_GetArraySize(c) != 2)
            return 0;
        lon = cJSON_GetArrayItem(c, 0)->valuedouble;
        lat = cJSON_GetArrayItem(c, 1)->valuedouble;
        ++*npoints;
        return lon > -9 && lon < 2 && lat > 49 && lat < 61;
    }
    cJSON_ArrayForEach(e, c)
    {
        if (!coords_ok(e, depth - 1, npoints))
            return 0;
    }
    return 1;
}

/* Twice the signed area of a ring: > 0 when counterclockwise. */
static double ring_area2(const cJSON *ring)
{
    int n = cJSON_GetArraySize(ring);
    double a = 0;

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

/* Checks a layer; returns it parsed (cJSON_Delete), or NULL. */
static cJSON *check_layer(const char *dir, const char *name, int features)
{
    char file[128];
    char *text;
    cJSON *j, *fs, *f;

    snprintf(file, sizeof file, "%s.geojson", name);
    text = file_in(dir, file, NULL);
    j = text ? cJSON_Parse(text) : NULL;
    free(text);
    CHECK(j != NULL);
    if (!j)
        return NULL;
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "type")),
              "FeatureCollection");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "name")), name);
    CHECK(!cJSON_GetObjectItem(j, "crs")); /* RFC 7946: always WGS84 */
    fs = cJSON_GetObjectItem(j, "features");
    CHECK(cJSON_GetArraySize(fs) == features);
    cJSON_ArrayForEach(f, fs)
    {
        const cJSON *g = cJSON_GetObjectItem(f, "geometry");
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(g, "type"));
        const cJSON *c = cJSON_GetObjectItem(g, "coordinates"), *e;
        int npoints = 0;

        CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f, "type")),
                  "Feature");
        CHECK(cJSON_IsObject(cJSON_GetObjectItem(f, "properties")));
        CHECK(!cJSON_GetObjectItem(cJSON_GetObjectItem(f, "properties"),
                                   "geometry"));
        if (cJSON_IsNull(g))
            continue;
        CHECK(type != NULL);
        if (!type)
            continue;
        if (!strcmp(type, "Point")) {
            CHECK(coords_ok(c, 0, &npoints));
        } else if (!strcmp(type, "Polygon")) {
            CHECK(coords_ok(c, 2, &npoints));
            CHECK(ring_area2(cJSON_GetArrayItem(c, 0)) > 0);
        } else {
            CHECK_STR(type, "MultiPolygon");
            CHECK(coords_ok(c, 3, &npoints));
            cJSON_ArrayForEach(e, c)
            {
                CHECK(ring_area2(cJSON_GetArrayItem(e, 0)) > 0);
            }
        }
        CHECK(npoints > 0);
    }
    return j;
}

/* lon/lat of e, n by SpatiaLite's Transform from a point it makes. */
static void spatialite_lonlat(double e, double n, double *lon, double *lat)
{
    sqlite3 *db = NULL;
    void *cache = spatialite_alloc_connection();
    sqlite3_stmt *st = NULL;

    *lon = *lat = NAN;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    spatialite_init_ex(db, cache, 0);
    CHECK(sqlite3_exec(db, "SELECT InitSpatialMetadata(1)", NULL, NULL, NULL) ==
          SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT X(t), Y(t) FROM (SELECT Transform("
                             "MakePoint(?1, ?2, 27700), 4326) AS t)",
                             -1, &st, NULL) == SQLITE_OK);
    sqlite3_bind_double(st, 1, e);
    sqlite3_bind_double(st, 2, n);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *lon = sqlite3_column_double(st, 0);
        *lat = sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
}

static const cJSON *feature_by(const cJSON *layer, const char *key,
                               const char *value)
{
    const cJSON *f;

    cJSON_ArrayForEach(f, cJSON_GetObjectItem(layer, "features"))
    {
        const char *s = cJSON_GetStringValue(
            cJSON_GetObjectItem(cJSON_GetObjectItem(f, "properties"), key));

        if (s && !strcmp(s, value))
            return f;
    }
    return NULL;
}

static void hand_geojson(void)
{
    static const int counts[5] = {2, 1, 2, 2, 2};
    cJSON *doc = load_hand();
    char *dir = scratch();
    pc_error err = {0};
    cJSON *j[5];
    size_t n = 0;

    CHECK(run_export(doc, RPT_EXPORT_GEOJSON, dir, &n, &err) == PC_OK);
    CHECK(n == 5);
    for (int i = 0; i < 5; i++)
        j[i] = check_layer(dir, layers[i], counts[i]);
    if (j[0]) { /* a place without geometry; text and numbers typed */
        const cJSON *f = feature_by(j[0], "name", "Empty place");
        const cJSON *p = cJSON_GetObjectItem(
            feature_by(j[0], "name", "Café, \"Quoted\""), "properties");

        CHECK(f && cJSON_IsNull(cJSON_GetObjectItem(f, "geometry")));
        CHECK(cJSON_IsNumber(cJSON_GetObjectItem(p, "homes_in_horizon")));
        CHECK_NEAR(cJSON_GetObjectItem(p, "homes_in_horizon")->valuedouble,
                   1234.5, 0);
        CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p, "lads")),
                  "E07000220");
    }
    if (j[2]) {
        const cJSON *f = feature_by(j[2], "practice_code", "M84016");
        const cJSON *p = cJSON_GetObjectItem(f, "properties");
        const cJSON *c = cJSON_GetObjectItem(cJSON_GetObjectItem(f, "geometry"),
                                             "coordinates");
        double lon, lat;

        CHECK(cJSON_IsNumber(cJSON_GetObjectItem(p, "patients")));
        CHECK_NEAR(cJSON_GetObjectItem(p, "patients")->valuedouble, 4545.5, 0);
        CHECK_NEAR(cJSON_GetObjectItem(p, "e")->valuedouble, 441436.5, 0);
        spatialite_lonlat(441436.5, 275590.2, &lon, &lat);
        CHECK_NEAR(cJSON_GetArrayItem(c, 0)->valuedouble, lon, 1e-6);
        CHECK_NEAR(cJSON_GetArrayItem(c, 1)->valuedouble, lat, 1e-6);
        CHECK_STR(
            cJSON_GetStringValue(cJSON_GetObjectItem(
                cJSON_GetObjectItem(feature_by(j[2], "practice_code", "M84004"),
                                    "properties"),
                "name")),
            "Line one\nLine two");
    }
    if (j[3]) {
        const cJSON *p = cJSON_GetObjectItem(
            feature_by(j[3], "premises_id", "PR-2"), "properties");

        CHECK(cJSON_IsNull(cJSON_GetObjectItem(p, "place")));
        CHECK(cJSON_IsFalse(cJSON_GetObjectItem(p, "illustrative")));
        CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p, "practices")),
                  "M84016;M84004");
    }
    if (j[4]) { /* the multipolygon keeps its two parts */
        const cJSON *g = cJSON_GetObjectItem(
            feature_by(j[4], "site_id", "CW-SWR"), "geometry");

        CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(g, "coordinates")) == 2);
        CHECK(cJSON_IsNull(cJSON_GetObjectItem(
            cJSON_GetObjectItem(feature_by(j[4], "site_id", "CW-SWR"),
                                "properties"),
            "cil_liable")));
    }
    for (int i = 0; i < 5; i++)
        cJSON_Delete(j[i]);
    rm_rf(dir);
    cJSON_Delete(doc);
}

static void fixture_geojson(void)
{
    const cJSON *doc = fixture_doc();
    char *dir = scratch();
    pc_error err = {0};

    CHECK(doc && run_export(doc, RPT_EXPORT_GEOJSON, dir, NULL, &err) == PC_OK);
    for (int i = 0; doc && i < 5; i++) {
        cJSON *j = check_layer(
            dir, layers[i],
            cJSON_GetArraySize(cJSON_GetObjectItem(doc, layers[i])));

        if (j && i == 2) { /* every practice where SpatiaLite puts it */
            const cJSON *p;

            cJSON_ArrayForEach(p, cJSON_GetObjectItem(doc, "practices"))
            {
                const char *code = cJSON_GetStringValue(
                    cJSON_GetObjectItem(p, "practice_code"));
                const cJSON *c = cJSON_GetObjectItem(
                    cJSON_GetObjectItem(feature_by(j, "practice_code", code),
                                        "geometry"),
                    "coordinates");
                double lon, lat;

                spatialite_lonlat(cJSON_GetObjectItem(p, "e")->valuedouble,
                                  cJSON_GetObjectItem(p, "n")->valuedouble,
                                  &lon, &lat);
                CHECK(c != NULL);
                CHECK_NEAR(cJSON_GetArrayItem(c, 0)->valuedouble, lon, 1e-6);
                CHECK_NEAR(cJSON_GetArrayItem(c, 1)->valuedouble, lat, 1e-6);
            }
        }
        cJSON_Delete(j);
    }
    rm_rf(dir);
}

/* rpt_export_layers: the same GeoJSON bytes as the files the export
 * writes, and the same properties as rows; a table the export lacks is
 * not found. */
static void fixture_layers_in_memory(void)
{
    const cJSON *doc = fixture_doc();
    char *dir = scratch();
    pc_error err = {0};
    pc_buf g[5], js[5];

    for (int i = 0; i < 5; i++) {
        g[i] = (pc_buf)PC_BUF_INIT(64u << 20);
        js[i] = (pc_buf)PC_BUF_INIT(64u << 20);
    }
    CHECK(doc && run_export(doc, RPT_EXPORT_GEOJSON, dir, NULL, &err) == PC_OK);
    CHECK(doc && rpt_export_layers(doc, layers, 5, g, js, &err) == PC_OK);
    for (int i = 0; doc && i < 5; i++) {
        char path[4096];
        char *file;
        cJSON *rows = cJSON_Parse(pc_buf_str(&js[i])), *fc;
        const cJSON *r, *f;
        int k = 0;

        snprintf(path, sizeof path, "%s/%s.geojson", dir, layers[i]);
        file = check_slurp(path, NULL);
        CHECK(file && !strcmp(file, pc_buf_str(&g[i])));
        fc = cJSON_Parse(pc_buf_str(&g[i]));
        f = cJSON_GetArrayItem(cJSON_GetObjectItem(fc, "features"), 0);
        cJSON_ArrayForEach(r, cJSON_GetObjectItem(rows, layers[i]))
        {
            CHECK(cJSON_Compare(
                r,
                cJSON_GetObjectItem(
                    cJSON_GetArrayItem(cJSON_GetObjectItem(fc, "features"), k),
                    "properties"),
                1));
            k++;
        }
        CHECK(f &&
              k == cJSON_GetArraySize(cJSON_GetObjectItem(fc, "features")));
        free(file);
        cJSON_Delete(rows);
        cJSON_Delete(fc);
    }
    {
        const char *const none[] = {"schemes"};
        pc_buf b = PC_BUF_INIT(1024);

        CHECK(doc && rpt_export_layers(doc, none, 1, &b, NULL, &err) ==
                         PC_ERR_NOTFOUND);
        CHECK_HAS(err.msg, "no geographic layer \"schemes\"");
        pc_buf_free(&b);
    }
    for (int i = 0; i < 5; i++) {
        pc_buf_free(&g[i]);
        pc_buf_free(&js[i]);
    }
    rm_rf(dir);
}

/* --- GeoPackage --------------------------------------------------------- */

static double sql1(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    double v = NAN;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
        CHECK(0);
        return NAN;
    }
    if (sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *sql_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        const char *t = (const char *)sqlite3_column_text(st, 0);

        out = malloc(strlen(t) + 1);
        if (out)
            strcpy(out, t);
    }
    sqlite3_finalize(st);
    return out;
}

/* The GeoPackage's metadata, and rows[i] rows in table i. */
static void check_gpkg(const char *path, const int *rows)
{
    sqlite3 *db = NULL;
    void *cache = spatialite_alloc_connection();
    char sql[512];

    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    spatialite_init_ex(db, cache, 0);
    CHECK(sql1(db, "PRAGMA application_id") == 0x47504B47);
    CHECK(sql1(db, "PRAGMA user_version") == 10200);
    /* the tables of every format, pcn_areas, allocations, layer_styles */
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_contents") == NFILES + 3);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_contents WHERE data_type = "
                   "'features' AND srs_id = 27700") == NLAYERS);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_contents WHERE data_type = "
                   "'attributes' AND srs_id IS NULL") == NFILES - 5 + 1);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_geometry_columns WHERE "
                   "srs_id = 27700 AND column_name = 'geom' AND z = 0 AND "
                   "m = 0") == NLAYERS);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_geometry_columns WHERE "
                   "geometry_type_name = 'POINT' AND table_name IN "
                   "('practices', 'premises')") == 2);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id "
                   "IN (-1, 0, 4326, 27700)") == 4);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_contents WHERE last_change "
                   "NOT LIKE '____-__-__T00:00:00.000Z'") == 0);
    for (int i = 0; i < NFILES; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM gpkg_contents WHERE table_name = '%s'",
                 tables[i]);
        CHECK(sql1(db, sql) == 1);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", tables[i]);
        if (sql1(db, sql) != rows[i]) {
            fprintf(stderr, "%s: %g rows, expected %d\n", tables[i],
                    sql1(db, sql), rows[i]);
            CHECK(0);
        }
    }
    /* the extent of a layer covers its features */
    CHECK(sql1(db, "SELECT count(*) FROM practices p, gpkg_contents c WHERE "
                   "c.table_name = 'practices' AND (ST_X(GeomFromGPB(p.geom)) "
                   "< c.min_x OR ST_X(GeomFromGPB(p.geom)) > c.max_x OR "
                   "ST_Y(GeomFromGPB(p.geom)) < c.min_y OR "
                   "ST_Y(GeomFromGPB(p.geom)) > c.max_y)") == 0);
    CHECK(sql1(db, "SELECT count(*) FROM sites WHERE "
                   "GeometryType(GeomFromGPB(geom)) <> 'MULTIPOLYGON' OR "
                   "SRID(GeomFromGPB(geom)) <> 27700") == 0);
    {
        char *ok = sql_text(db, "PRAGMA integrity_check");

        CHECK_STR(ok, "ok");
        free(ok);
    }
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
}

/* What only the GeoPackage has, read with SpatiaLite: the PCN areas and
 * allocation lines (npcn and nalloc rows), an R-tree per layer holding
 * every geometry, and a default QGIS style per layer that libxml2 parses
 * as a QML document. */
static void check_gpkg_qgis(const char *path, int npcn, int nalloc)
{
    sqlite3 *db = NULL;
    void *cache = spatialite_alloc_connection();
    char sql[512];

    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    spatialite_init_ex(db, cache, 0);
    CHECK(sql1(db, "SELECT count(*) FROM pcn_areas") == npcn);
    CHECK(sql1(db, "SELECT count(*) FROM allocations") == nalloc);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_geometry_columns WHERE "
                   "table_name = 'allocations' AND geometry_type_name = "
                   "'LINESTRING'") == 1);
    CHECK(sql1(db, "SELECT count(*) FROM allocations WHERE "
                   "GeometryType(GeomFromGPB(geom)) <> 'LINESTRING' OR "
                   "share <= 0 OR share > 1") == 0);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_extensions WHERE "
                   "extension_name = 'gpkg_rtree_index' AND column_name = "
                   "'geom'") == NLAYERS);
    CHECK(sql1(db, "SELECT count(*) FROM layer_styles WHERE useAsDefault = 1 "
                   "AND f_geometry_column = 'geom' AND f_table_schema = '' "
                   "AND styleName = f_table_name") == NLAYERS);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_contents WHERE table_name = "
                   "'layer_styles' AND data_type = 'attributes'") == 1);
    for (int i = 0; i < NLAYERS; i++) {
        const char *t = gpkg_layers[i];
        char *qml;
        xmlDocPtr doc;

        /* every geometry in the index, with its bounds */
        snprintf(sql, sizeof sql,
                 "SELECT (SELECT count(*) FROM \"rtree_%s_geom\") = (SELECT "
                 "count(*) FROM \"%s\" WHERE geom IS NOT NULL) AND (SELECT "
                 "count(*) FROM \"%s\" t JOIN \"rtree_%s_geom\" r ON r.id = "
                 "t.fid WHERE abs(r.minx - MbrMinX(GeomFromGPB(t.geom))) > "
                 "0.5 OR abs(r.maxy - MbrMaxY(GeomFromGPB(t.geom))) > 0.5) = "
                 "0",
                 t, t, t, t);
        CHECK(sql1(db, sql) == 1);
        snprintf(sql, sizeof sql,
                 "SELECT styleQML FROM layer_styles WHERE f_table_name = '%s'",
                 t);
        qml = sql_text(db, sql);
        CHECK(qml != NULL);
        doc = qml ? xmlReadMemory(qml, (int)strlen(qml), "style.qml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING)
                  : NULL;
        CHECK(doc != NULL);
        CHECK_STR(doc ? (const char *)xmlDocGetRootElement(doc)->name : NULL,
                  "qgis");
        if (!strcmp(t, "premises")) /* coloured by capacity */
            CHECK_HAS(qml, "type=\"categorizedSymbol\" attr=\"capacity\"");
        xmlFreeDoc(doc);
        free(qml);
    }
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
}

/* The output of an ogrinfo command (malloc'd), or NULL without GDAL. */
static char *ogr_out(const char *args)
{
    char cmd[4200];
    size_t len = 0;
    char *out;
    FILE *p;

    if (access(OGRINFO, X_OK) != 0) {
        printf("     (no %s: GDAL check skipped)\n", OGRINFO);
        return NULL;
    }
    snprintf(cmd, sizeof cmd, "%s %s 2>&1", OGRINFO, args);
    out = calloc(1, 1 << 20);
    p = popen(cmd, "r");
    CHECK(p && out);
    if (p && out)
        len = fread(out, 1, (1 << 20) - 1, p);
    CHECK(p && pclose(p) == 0);
    if (out)
        out[len] = '\0';
    CHECK(out && !strstr(out, "ERROR") && !strstr(out, "Warning"));
    return out;
}

/* GDAL (what QGIS reads GeoPackages with) sees the new layers with their
 * types, the styles table QGIS reads, and a spatial index on each layer. */
static void check_gpkg_gdal(const char *path, int nalloc)
{
    char args[4200], want[128];
    char *o;

    snprintf(args, sizeof args, "-ro -so '%s'", path);
    o = ogr_out(args);
    if (!o)
        return;
    CHECK_HAS(o, ": pcn_areas (Multi Polygon)\n");
    CHECK_HAS(o, ": allocations (Line String)\n");
    CHECK_HAS(o, ": layer_styles (None)\n");
    free(o);
    snprintf(args, sizeof args, "-ro -so '%s' allocations", path);
    o = ogr_out(args);
    snprintf(want, sizeof want, "Feature Count: %d\n", nalloc);
    CHECK_HAS(o, want);
    CHECK_HAS(o, "share: Real");
    CHECK_HAS(o, "distance_m: Real");
    free(o);
    snprintf(args, sizeof args,
             "-ro '%s' -sql \"SELECT count(*) AS n FROM layer_styles WHERE "
             "useAsDefault = 1 AND f_table_name IN ('places', 'lads', "
             "'practices', 'premises', 'sites', 'pcn_areas', 'allocations') "
             "AND styleQML LIKE '<!DOCTYPE qgis%%'\"",
             path);
    o = ogr_out(args);
    CHECK_HAS(o, "n (Integer) = 7\n");
    free(o);
    snprintf(args, sizeof args,
             "-ro '%s' -sql \"SELECT HasSpatialIndex('places', 'geom') + "
             "HasSpatialIndex('lads', 'geom') + HasSpatialIndex('practices', "
             "'geom') + HasSpatialIndex('premises', 'geom') + "
             "HasSpatialIndex('sites', 'geom') + HasSpatialIndex('pcn_areas', "
             "'geom') + HasSpatialIndex('allocations', 'geom') AS n\"",
             path);
    o = ogr_out(args);
    /* GDAL names the column after the first function */
    CHECK_HAS(o, " (Integer) = 7\n");
    free(o);
}

static void hand_gpkg(void)
{
    cJSON *doc = load_hand();
    char *dir = scratch(), path[4096];
    sqlite3 *db = NULL;
    void *cache = spatialite_alloc_connection();
    pc_error err = {0};
    size_t n = 0;

    CHECK(run_export(doc, RPT_EXPORT_GPKG, dir, &n, &err) == PC_OK);
    CHECK(n == 1);
    snprintf(path, sizeof path, "%s/pcplan.gpkg", dir);
    check_gpkg(path, hand_rows);
    check_ogrinfo(path, hand_rows, 1);
    check_gpkg_qgis(path, 2, 2);
    check_gpkg_gdal(path, 2);
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    spatialite_init_ex(db, cache, 0);
    /* a line from the site's point to the practice's, as in the document */
    CHECK(sql1(db, "SELECT count(*) FROM allocations WHERE site_id = 'CW-HO' "
                   "AND practice_code = 'M84004' AND practice = 'Line one' || "
                   "char(10) || 'Line two' AND share = 0.75 AND distance_m = "
                   "2600 AND ST_X(ST_StartPoint(GeomFromGPB(geom))) = 452000 "
                   "AND ST_Y(ST_StartPoint(GeomFromGPB(geom))) = 272500 AND "
                   "ST_X(ST_EndPoint(GeomFromGPB(geom))) = 451063 AND "
                   "ST_Y(ST_EndPoint(GeomFromGPB(geom))) = 274990") == 1);
    CHECK(sql1(db, "SELECT count(*) FROM pcn_areas WHERE pcn_code IS NULL "
                   "AND geom IS NULL") == 1);
    CHECK_NEAR(sql1(db, "SELECT ST_Area(GeomFromGPB(geom)) FROM pcn_areas "
                        "WHERE pcn_code = 'U62213'"),
               2e8, 1e-6);
    CHECK(sql1(db, "SELECT ST_X(GeomFromGPB(geom)) FROM practices WHERE "
                   "practice_code = 'M84004'") == 451063);
    CHECK_NEAR(sql1(db, "SELECT ST_Y(GeomFromGPB(geom)) FROM practices WHERE "
                        "practice_code = 'M84016'"),
               275590.2, 1e-9);
    CHECK_NEAR(sql1(db, "SELECT ST_Area(GeomFromGPB(geom)) FROM sites WHERE "
                        "site_id = 'CW-HO'"),
               2e6, 1e-6);
    CHECK(sql1(db, "SELECT ST_NumGeometries(GeomFromGPB(geom)) FROM sites "
                   "WHERE site_id = 'CW-SWR'") == 2);
    CHECK(sql1(db, "SELECT count(*) FROM places WHERE name = 'Empty place' "
                   "AND geom IS NULL") == 1);
    CHECK(sql1(db, "SELECT count(*) FROM schemes WHERE name = '=1+1' AND "
                   "illustrative = 1 AND typeof(illustrative) = "
                   "'integer'") == 1);
    CHECK(sql1(db, "SELECT count(*) FROM sites WHERE cil_liable IS NULL") == 1);
    CHECK(sql1(db, "SELECT typeof(year) = 'integer' AND typeof(gbp) = "
                   "'real' FROM contribution_receipts LIMIT 1") == 1);
    CHECK(sql1(db, "SELECT count(*) FROM practices WHERE name = 'Line "
                   "one' || char(10) || 'Line two'") == 1);
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    rm_rf(dir);
    cJSON_Delete(doc);
}

static void fixture_gpkg(void)
{
    const cJSON *doc = fixture_doc();
    char *dir = scratch(), path[4096];
    int rows[NFILES];
    pc_error err = {0};
    sqlite3 *db = NULL;
    void *cache = spatialite_alloc_connection();
    const cJSON *p;
    int npcn = 0, nalloc = 0;

    table_rows(doc, rows);
    CHECK(doc && run_export(doc, RPT_EXPORT_GPKG, dir, NULL, &err) == PC_OK);
    snprintf(path, sizeof path, "%s/pcplan.gpkg", dir);
    check_gpkg(path, rows);
    check_ogrinfo(path, rows, 1);
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(doc, "sites"))
    {
        nalloc += cJSON_GetArraySize(cJSON_GetObjectItem(p, "allocation"));
    }
    npcn = cJSON_GetArraySize(cJSON_GetObjectItem(doc, "pcn_areas"));
    CHECK(npcn > 0 && nalloc > 0);
    check_gpkg_qgis(path, npcn, nalloc);
    check_gpkg_gdal(path, nalloc);

    /* every practice's point and every site's area against the document */
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    spatialite_init_ex(db, cache, 0);
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(doc, "practices"))
    {
        char sql[256];
        const char *code =
            cJSON_GetStringValue(cJSON_GetObjectItem(p, "practice_code"));

        snprintf(sql, sizeof sql,
                 "SELECT ST_X(GeomFromGPB(geom)) FROM practices WHERE "
                 "practice_code = '%s'",
                 code);
        CHECK_NEAR(sql1(db, sql), cJSON_GetObjectItem(p, "e")->valuedouble,
                   1e-9);
        snprintf(sql, sizeof sql,
                 "SELECT ST_Y(GeomFromGPB(geom)) FROM practices WHERE "
                 "practice_code = '%s'",
                 code);
        CHECK_NEAR(sql1(db, sql), cJSON_GetObjectItem(p, "n")->valuedouble,
                   1e-9);
    }
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(doc, "sites"))
    {
        char sql[512],
            *gj = cJSON_PrintUnformatted(cJSON_GetObjectItem(p, "geometry"));
        sqlite3_stmt *st = NULL;
        double want = NAN;

        /* the area of the document's own geometry, read independently */
        CHECK(sqlite3_prepare_v2(db, "SELECT ST_Area(GeomFromGeoJSON(?1))", -1,
                                 &st, NULL) == SQLITE_OK);
        sqlite3_bind_text(st, 1, gj, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            want = sqlite3_column_double(st, 0);
        sqlite3_finalize(st);
        cJSON_free(gj);
        snprintf(sql, sizeof sql,
                 "SELECT ST_Area(GeomFromGPB(geom)) FROM sites WHERE site_id "
                 "= '%s'",
                 cJSON_GetStringValue(cJSON_GetObjectItem(p, "site_id")));
        CHECK(want > 0);
        CHECK_NEAR(sql1(db, sql), want, 1e-6);
    }
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    rm_rf(dir);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"hand_geojson", hand_geojson},
        {"fixture_geojson", fixture_geojson},
        {"fixture_layers_in_memory", fixture_layers_in_memory},
        {"hand_gpkg", hand_gpkg},
        {"fixture_gpkg", fixture_gpkg},
        {NULL, NULL}};
    int rc = check_run(cases, argc, argv);

    cJSON_Delete(fixture);
    return rc;
}
