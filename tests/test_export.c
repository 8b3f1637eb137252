/* test_export.c: the exports (rpt_export) with the real libraries.
 *
 * Two documents: tests/data/export/bundle.json, small and hand-made, whose
 * every value is known (names with commas, quotes, a newline, "Café", a
 * formula-looking "=1+1"; Monte Carlo columns; a place without geometry),
 * and the fixture's own document from plan_report_build().
 *  - CSV: the fixture's files against tests/golden/export/ byte for byte
 *    (PC_UPDATE_GOLDEN=1 rewrites them); the
 *    hand-made one's lines exactly, and parsed back with the dataset CSV
 *    reader;
 *  - GeoJSON: parsed with cJSON; feature counts, properties typed, every
 *    coordinate a UK lon/lat, exterior rings counterclockwise, and a
 *    practice where SpatiaLite's own Transform of its e/n puts it;
 *  - GeoPackage: read with SQLite + SpatiaLite (application_id,
 *    user_version, gpkg_contents, gpkg_geometry_columns, row counts, a
 *    point and an area read back) and, when installed, listed by GDAL's
 *    ogrinfo with the right layers and feature counts;
 *  - XLSX: a zip whose entries are read back with zlib: one sheet per
 *    table after "about", "=1+1" a string and no formula anywhere, the
 *    creation date the dataset's, and the same bytes from two runs;
 *  - a document missing a key, with one of the wrong type or with a bad
 *    geometry fails naming it and leaves the directory as it was; a
 *    missing parent directory, a file in the way or an unwritable
 *    directory is PC_ERR_IO. */
#include "check.h"

#include "ds_csv.h"
#include "ds_dataset.h"
#include "geo.h"
#include "plan_report.h"
#include "plan_scenario.h"
#include "plan_spatial.h"
#include "rpt_export.h"

#include <sqlite3.h>

#include <spatialite.h>
#include <zlib.h>

#include <dirent.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OGRINFO "/usr/bin/ogrinfo"
#define NFILES  16 /* about and 15 tables */

static cJSON *fixture; /* the fixture's report document, built once */

static const char *const tables[NFILES] = {"about",
                                           "places",
                                           "lads",
                                           "pcns",
                                           "practices",
                                           "premises",
                                           "sites",
                                           "site_trajectories",
                                           "schemes",
                                           "contributions",
                                           "contribution_receipts",
                                           "place_years",
                                           "practice_years",
                                           "programme",
                                           "programme_funding",
                                           "assumptions"};

/* rows per table of the hand-made document */
static const int hand_rows[NFILES] = {14, 2, 1, 1, 2, 2, 2, 4,
                                      2,  2, 2, 6, 2, 2, 1, 4};

static const char *const layers[5] = {"places", "lads", "practices", "premises",
                                      "sites"};

/* --- helpers ------------------------------------------------------------ */

static cJSON *load_hand(void)
{
    char path[1024];
    char *text = check_slurp(
        check_src("tests/data/export/bundle.json", path, sizeof path), NULL);
    cJSON *j = text ? cJSON_Parse(text) : NULL;

    free(text);
    CHECK(j != NULL);
    return j;
}

static const char scenario_json[] =
    "{\"format\": \"pcplan-scenario/1\", \"name\": \"export-test\", "
    "\"preset\": \"cw-strategy\", \"monte_carlo\": {\"draws\": 20, "
    "\"seed\": 7}}";

static const cJSON *fixture_doc(void)
{
    const char *src = getenv("PC_SOURCE_DIR");
    char dir[4096];
    pc_error err = {0};
    geo_ctx *geo;
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    plan_scenario *sc = NULL;

    if (fixture)
        return fixture;
    geo = geo_ctx_new(&err);
    snprintf(dir, sizeof dir, "%s/tests/data/fixture", src ? src : ".");
    if (!geo || ds_dataset_load(geo, dir, &ds, &err) != PC_OK ||
        plan_spatial_build(geo, ds, &sp, &err) != PC_OK ||
        plan_scenario_parse(scenario_json, strlen(scenario_json), "test", &sc,
                            &err) != PC_OK ||
        plan_report_build(geo, ds, sp, sc, NULL, &fixture, &err) != PC_OK) {
        fprintf(stderr, "fixture document: %s\n", err.msg);
        CHECK(0);
    }
    plan_scenario_free(sc);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
    return fixture;
}

/* A fresh scratch directory in the working directory (the build's). */
static char *scratch(void)
{
    char tmpl[] = "test_export.XXXXXX";
    char *d = mkdtemp(tmpl);
    char *out = d ? malloc(strlen(d) + 1) : NULL;

    CHECK(d != NULL);
    if (out)
        strcpy(out, d);
    return out;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    chmod(path, 0700);
    return remove(path);
}

static void rm_rf(char *dir)
{
    if (dir) {
        chmod(dir, 0700);
        nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    free(dir);
}

/* The names, sizes and contents of dir, sorted: to see it unchanged. */
static char *listing(const char *dir)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    size_t cap = 1 << 20, len = 0;
    char *out = calloc(1, cap);

    for (int i = 0; i < n; i++) {
        char path[4096];
        char *content;
        size_t clen = 0;

        struct stat sb;

        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        content = stat(path, &sb) == 0 && S_ISREG(sb.st_mode)
                      ? check_slurp(path, &clen)
                      : NULL;
        if (out && len + strlen(path) + clen + 8 < cap) {
            len += (size_t)sprintf(out + len, "%s\n", names[i]->d_name);
            if (content) {
                memcpy(out + len, content, clen);
                len += clen;
            }
        }
        free(content);
        free(names[i]);
    }
    free(names);
    return out;
}

/* Entries of dir whose names start with the exporter's temporary prefix. */
static int temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)) != NULL)
        n += !strncmp(e->d_name, ".pcplan-export-", 15);
    if (d)
        closedir(d);
    return n;
}

static pc_status run_export(const cJSON *doc, rpt_export_format fmt,
                            const char *dir, size_t *n, pc_error *err)
{
    const char **written = NULL;
    size_t nw = 0;
    pc_status rc = rpt_export(doc, fmt, dir, &written, &nw, err);

    if (rc == PC_OK) {
        size_t k = 0;

        while (written[k])
            k++;
        CHECK(k == nw);
        for (size_t i = 0; i < nw; i++) {
            struct stat sb;

            CHECK(!strncmp(written[i], dir, strlen(dir)));
            CHECK(stat(written[i], &sb) == 0 && S_ISREG(sb.st_mode));
        }
        CHECK(temporaries(dir) == 0);
    } else {
        fprintf(stderr, "(expected or not) %s\n", err->msg);
    }
    if (n)
        *n = nw;
    rpt_export_written_free(written);
    return rc;
}

static char *file_in(const char *dir, const char *name, size_t *len)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return check_slurp(path, len);
}

/* The line-th line (0: the header) of text, in buf. */
static const char *line_of(const char *text, int line, char *buf, size_t n)
{
    const char *p = text, *e;

    for (int i = 0; p && i < line; i++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    if (!p)
        return "";
    e = strchr(p, '\n');
    snprintf(buf, n, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
    return buf;
}

static ds_csv *csv_of(const char *dir, const char *table)
{
    char name[128];
    size_t len = 0;
    char *text;
    ds_csv *csv = NULL;
    pc_error err = {0};

    snprintf(name, sizeof name, "%s.csv", table);
    text = file_in(dir, name, &len);
    CHECK(text != NULL);
    if (text && ds_csv_parse(text, len, &csv, &err) != PC_OK) {
        fprintf(stderr, "%s: %s\n", name, err.msg);
        CHECK(0);
    }
    free(text);
    return csv;
}

/* --- format names ------------------------------------------------------- */

static void format_parse(void)
{
    static const char *const names[] = {"csv", "xlsx", "geojson", "gpkg"};
    rpt_export_format f = RPT_EXPORT_CSV;
    pc_error err = {0};

    for (int i = 0; i < 4; i++) {
        CHECK(rpt_export_format_parse(names[i], &f, &err) == PC_OK);
        CHECK((int)f == i);
        CHECK_STR(rpt_export_format_name(f), names[i]);
    }
    f = RPT_EXPORT_GPKG;
    CHECK(rpt_export_format_parse("xls", &f, &err) == PC_ERR_INPUT);
    CHECK(f == RPT_EXPORT_GPKG);
    CHECK_HAS(err.msg, "\"xls\"");
    CHECK_HAS(err.msg, "csv, xlsx, geojson or gpkg");
}

/* --- CSV ---------------------------------------------------------------- */

static void hand_csv(void)
{
    cJSON *doc = load_hand();
    char *dir = scratch(), *text = NULL, buf[1024];
    const char **written = NULL;
    size_t n = 0;
    pc_error err = {0};
    ds_csv *csv;

    CHECK(rpt_export(doc, RPT_EXPORT_CSV, dir, &written, &n, &err) == PC_OK);
    CHECK(n == NFILES);
    for (size_t i = 0; written && i < n; i++) {
        char want[512];

        snprintf(want, sizeof want, "%s/%s.csv", dir, tables[i]);
        CHECK_STR(written[i], want);
    }
    CHECK(written && !written[n]);
    rpt_export_written_free(written);

    text = file_in(dir, "places.csv", NULL);
    CHECK(text && (unsigned char)text[0] != 0xEF); /* no BOM */
    CHECK_STR(line_of(text, 0, buf, sizeof buf),
              "name,lads,practices,pcns,premises,sites,homes_planned,"
              "homes_in_horizon,patients_now,patients_horizon,rooms_now,"
              "growth_rooms_horizon,gap_now,gap_horizon,geometry");
    CHECK_STR(line_of(text, 1, buf, sizeof buf),
              "\"Café, \"\"Quoted\"\"\",E07000220,2,1,2,2,1500,1234.5,25593,"
              "26000.5,15,0.12,-5.12,-5,\"POLYGON((440000 270000,460000 "
              "270000,460000 280000,440000 280000,440000 270000))\"");
    CHECK_STR(line_of(text, 2, buf, sizeof buf),
              "Empty place,,0,0,0,0,0,0,0,0,0,0,0,0,");
    CHECK(!strstr(text, "\r"));
    free(text);

    text = file_in(dir, "practices.csv", NULL);
    CHECK_STR(line_of(text, 0, buf, sizeof buf),
              "practice_code,name,pcn_code,lad_code,place,postcode,patients,"
              "list_date,e,n,geometry");
    CHECK_STR(line_of(text, 3, buf, sizeof buf),
              "M84016,WOLSTON SURGERY,U62213,E07000220,\"Café, "
              "\"\"Quoted\"\"\",CV8 3HG,4545.5,2026-04-01,441436.5,275590.2,"
              "POINT(441436.5 275590.2)");
    free(text);
    csv = csv_of(dir, "practices");
    CHECK(csv && csv->nrows == 2);
    if (csv && csv->nrows == 2) {
        CHECK_STR(csv->rows[0][1], "Line one\nLine two");
        CHECK_STR(csv->rows[0][4], "Café, \"Quoted\"");
        CHECK_STR(csv->rows[0][10], "POINT(451063 274990)");
    }
    ds_csv_free(csv);

    text = file_in(dir, "premises.csv", NULL);
    CHECK_STR(line_of(text, 1, buf, sizeof buf),
              "PR-1,\"Whitehall, Medical \"\"Centre\"\"\",\"Café, "
              "\"\"Quoted\"\"\",CV21 3AQ,main,leased,B,1443.25,12,4,2,12,"
              "M84004,6.38,5.62,spare,true,rooms_consult;gia_m2,451063,"
              "274990,POINT(451063 274990)");
    CHECK_STR(line_of(text, 2, buf, sizeof buf),
              "PR-2,Wolston,,,main,,,,3,1,0,3,M84016;M84004,3.5,-0.5,short,"
              "false,,441436.5,275590.2,POINT(441436.5 275590.2)");
    free(text);

    text = file_in(dir, "sites.csv", NULL);
    CHECK_STR(line_of(text, 0, buf, sizeof buf),
              "site_id,name,lad_code,place,dwellings,planning_status,"
              "s106_position,cil_liable,area_ha,trajectory_start,"
              "homes_in_horizon,contribution_gbp,no_ask_reason,rooms_needed,"
              "illustrative,illustrative_note,e,n,geometry");
    CHECK_STR(line_of(text, 2, buf, sizeof buf),
              "CW-SWR,South West Rugby,E07000220,\"Café, \"\"Quoted\"\"\",500,"
              "allocated,,,3,,0,,no homes left to build,,false,,448500,273500,"
              "\"MULTIPOLYGON(((448000 273000,449000 273000,449000 "
              "274000,448000 273000)),((447000 273000,447500 273000,447500 "
              "273500,447000 273000)))\"");
    free(text);

    text = file_in(dir, "site_trajectories.csv", NULL);
    CHECK_STR(text, "site_id,year,homes\nCW-HO,2025,100\nCW-HO,2026,200\n"
                    "CW-HO,2027,300\nCW-HO,2028,400\n");
    free(text);

    text = file_in(dir, "schemes.csv", NULL);
    CHECK_STR(line_of(text, 1, buf, sizeof buf),
              "P10,=1+1,\"Café, \"\"Quoted\"\"\",PR-1,,reconfiguration,"
              "committed,3,450000,0,2026,1,,icb,,,true");
    CHECK_STR(line_of(text, 2, buf, sizeof buf),
              "P11,Houlton branch,\"Café, \"\"Quoted\"\"\",,CW-HO,new_build,"
              "candidate,11,4800000.5,95000,2027,3,,icb;s106;grant,OG-1,P10,"
              "false");
    free(text);

    text = file_in(dir, "contributions.csv", NULL);
    CHECK_STR(line_of(text, 2, buf, sizeof buf),
              "CIL-1,,,cil,spent,locality:Rugby,1500000,1910377.36,,0,"
              "1500000,1500000,0,0,,,0,false");
    free(text);
    text = file_in(dir, "contribution_receipts.csv", NULL);
    CHECK_STR(text, "contribution_id,year,gbp\nS106-HO-1,2027,746835.48\n"
                    "S106-HO-1,2031,1123581.37\n");
    free(text);

    text = file_in(dir, "place_years.csv", NULL);
    CHECK_STR(line_of(text, 2, buf, sizeof buf),
              "\"Café, \"\"Quoted\"\"\",place,2027,26000.5,407.5,0.12,10,15,-5,"
              "0.125,-6.5,-5,1.25");
    CHECK_STR(line_of(text, 6, buf, sizeof buf),
              "Test ICB,system,2027,26000.5,407.5,0.12,10,15,-5,0.125,-6.5,-5,"
              "1.25");
    free(text);

    text = file_in(dir, "practice_years.csv", NULL);
    CHECK_STR(text,
              "practice_code,place,year,patients,new_patients,"
              "growth_rooms,required_rooms,rooms,gap\n"
              "M84004,\"Café, \"\"Quoted\"\"\",2026,21048,0,0,6.38,12,"
              "-5.62\n"
              "M84004,\"Café, \"\"Quoted\"\"\",2027,21300,252,0.08,6.45,12,"
              "-5.55\n");
    free(text);

    text = file_in(dir, "programme.csv", NULL);
    CHECK_STR(text,
              "scheme_id,name,place,status,chosen,start_year,"
              "rooms_from_year,rooms,cost_gbp,rent_gbp,why\n"
              "P10,=1+1,\"Café, \"\"Quoted\"\"\",committed,true,2026,2027,"
              "3,450000,0,\n"
              "P11,Houlton branch,\"Café, \"\"Quoted\"\"\",candidate,false,"
              ",,,,,\"Café, \"\"Quoted\"\" has no room gap it would "
              "close\"\n");
    free(text);
    text = file_in(dir, "programme_funding.csv", NULL);
    CHECK_STR(text, "scheme_id,fund_id,kind,year,gbp\nP10,ICB,icb,2026,"
                    "450000\n");
    free(text);

    text = file_in(dir, "assumptions.csv", NULL);
    CHECK_STR(text, "part,id,value,origin\n"
                    "run,persons_per_dwelling,2.4,preset\n"
                    "run,rooms_per_patient,0.000303030303,default\n"
                    "contributions,contribution_index_rate,0.03,default\n"
                    "programme,deprivation_weight_power,1,default\n");
    free(text);

    text = file_in(dir, "about.csv", NULL);
    CHECK_HAS(text, "key,value\nformat,pcplan-report/1\n"
                    "pcplan_version,0.1.0\ndataset,hand-made\n"
                    "dataset_title,\"Hand-made bundle: Café, \"\"quotes\"\" "
                    "and =1+1\"\nbase_year,2026\nas_of,2026-04-01\n"
                    "scenario,baseline\npreset,\nrun_id,abc123\n"
                    "input_hash,abc123def456\ncrs,EPSG:27700\n"
                    "attribution,Contains OS data © Crown copyright and "
                    "database right 2025\n"
                    "attribution,\"Second line, with a comma\"\n");
    CHECK_HAS(text, "illustrative,\"premises (1 of 2 rows), sites (1 of 2 "
                    "rows), schemes (1 of 2 rows), contributions (1 of 2 "
                    "rows): these rows hold illustrative values");
    CHECK(!strstr(text, "programme_error"));
    free(text);

    csv = csv_of(dir, "pcns");
    CHECK(csv && csv->nrows == 1 && csv->ncols == 3);
    ds_csv_free(csv);
    rm_rf(dir);
    cJSON_Delete(doc);
}

/* Without Monte Carlo draws the last four place_years columns are empty;
 * a failed programme leaves its tables empty and says why in about. */
static void hand_csv_no_mc(void)
{
    cJSON *doc = load_hand();
    cJSON *run = cJSON_GetObjectItem(doc, "run");
    char *dir = scratch(), *text, buf[512];
    pc_error err = {0};

    cJSON_ReplaceItemInObject(run, "monte_carlo", cJSON_CreateNull());
    cJSON_ReplaceItemInObject(doc, "programme", cJSON_CreateNull());
    cJSON_ReplaceItemInObject(doc, "programme_error",
                              cJSON_CreateString("committed schemes P10 "
                                                 "cannot be funded"));
    CHECK(run_export(doc, RPT_EXPORT_CSV, dir, NULL, &err) == PC_OK);
    text = file_in(dir, "place_years.csv", NULL);
    CHECK_STR(
        line_of(text, 1, buf, sizeof buf),
        "\"Café, \"\"Quoted\"\"\",place,2026,25593,0,0,9.88,15,-5.12,,,,");
    free(text);
    text = file_in(dir, "programme.csv", NULL);
    CHECK_STR(text, "scheme_id,name,place,status,chosen,start_year,"
                    "rooms_from_year,rooms,cost_gbp,rent_gbp,why\n");
    free(text);
    text = file_in(dir, "assumptions.csv", NULL);
    CHECK(text && !strstr(text, "programme,"));
    free(text);
    text = file_in(dir, "about.csv", NULL);
    CHECK_HAS(text, "\nprogramme_error,committed schemes P10 cannot be "
                    "funded\n");
    free(text);
    rm_rf(dir);
    cJSON_Delete(doc);
}

static void update_or_compare(const char *dir, const char *name)
{
    char rel[256];
    size_t glen = 0;
    char *got = file_in(dir, name, &glen);

    snprintf(rel, sizeof rel, "tests/golden/export/%s", name);
    CHECK_GOLDEN(rel, got, glen);
    free(got);
}

/* The fixture's CSV files against the golden ones, byte for byte. */
static void fixture_golden(void)
{
    const cJSON *doc = fixture_doc();
    char *dir = scratch();
    pc_error err = {0};
    size_t n = 0;

    CHECK(doc && run_export(doc, RPT_EXPORT_CSV, dir, &n, &err) == PC_OK);
    CHECK(n == NFILES);
    for (int i = 0; i < NFILES; i++) {
        char name[128];

        snprintf(name, sizeof name, "%s.csv", tables[i]);
        update_or_compare(dir, name);
    }
    rm_rf(dir);
}

/* Every table has a row per element of its array in the document. */
static void fixture_counts(void)
{
    const cJSON *doc = fixture_doc();
    static const char *const keys[] = {
        "places", "lads", "pcns", "practices", "premises", "sites", "schemes"};
    char *dir = scratch();
    pc_error err = {0};

    CHECK(doc && run_export(doc, RPT_EXPORT_CSV, dir, NULL, &err) == PC_OK);
    for (size_t i = 0; doc && i < sizeof keys / sizeof keys[0]; i++) {
        ds_csv *csv = csv_of(dir, keys[i]);
        int want = cJSON_GetArraySize(cJSON_GetObjectItem(doc, keys[i]));

        CHECK(csv && (int)csv->nrows == want && want > 0);
        ds_csv_free(csv);
    }
    if (doc) {
        const cJSON *c = cJSON_GetObjectItem(
            cJSON_GetObjectItem(doc, "contributions"), "contributions");
        ds_csv *csv = csv_of(dir, "contributions");

        CHECK(csv && (int)csv->nrows == cJSON_GetArraySize(c));
        ds_csv_free(csv);
        csv = csv_of(dir, "place_years");
        /* the run's places and the system, each 11 years */
        CHECK(csv && (int)csv->nrows ==
                         11 * (cJSON_GetArraySize(cJSON_GetObjectItem(
                                   cJSON_GetObjectItem(doc, "run"), "places")) +
                               1));
        CHECK(csv && csv->nrows && csv->rows[0][9][0] != '\0'); /* p_short */
        ds_csv_free(csv);
    }
    rm_rf(dir);
}

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

/* The rows of each table of doc, counted in its CSV export. */
static void table_rows(const cJSON *doc, int *rows)
{
    char *dir = scratch();
    pc_error err = {0};

    CHECK(doc && run_export(doc, RPT_EXPORT_CSV, dir, NULL, &err) == PC_OK);
    for (int i = 0; i < NFILES; i++) {
        ds_csv *csv = csv_of(dir, tables[i]);

        rows[i] = csv ? (int)csv->nrows : -1;
        ds_csv_free(csv);
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
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_contents") == NFILES);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_contents WHERE data_type = "
                   "'features' AND srs_id = 27700") == 5);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_contents WHERE data_type = "
                   "'attributes' AND srs_id IS NULL") == NFILES - 5);
    CHECK(sql1(db, "SELECT count(*) FROM gpkg_geometry_columns WHERE "
                   "srs_id = 27700 AND column_name = 'geom' AND z = 0 AND "
                   "m = 0") == 5);
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

/* GDAL's ogrinfo lists every table of the GeoPackage (gpkg) or every
 * sheet of the workbook with its feature count, and says nothing else is
 * wrong. */
static void check_ogrinfo(const char *path, const int *rows, int gpkg)
{
    char cmd[4200], line[1024], layer[128] = "";
    int seen[NFILES] = {0};
    FILE *p;

    if (access(OGRINFO, X_OK) != 0) {
        printf("     (no %s: GDAL check skipped)\n", OGRINFO);
        return;
    }
    /* a sheet of text columns only would look headerless to GDAL */
    snprintf(cmd, sizeof cmd, "%s -ro -so -al %s'%s' 2>&1", OGRINFO,
             gpkg ? "" : "--config OGR_XLSX_HEADERS FORCE ", path);
    p = popen(cmd, "r");
    CHECK(p != NULL);
    while (p && fgets(line, sizeof line, p)) {
        int count;

        CHECK(!strstr(line, "ERROR") && !strstr(line, "Warning"));
        if (sscanf(line, "Layer name: %127s", layer) == 1)
            continue;
        if (sscanf(line, "Feature Count: %d", &count) == 1)
            for (int i = 0; i < NFILES; i++)
                if (!strcmp(layer, tables[i])) {
                    CHECK(count == rows[i]);
                    seen[i]++;
                }
        if (!gpkg || strncmp(line, "Geometry: ", 10))
            continue;
        if (!strcmp(layer, "practices") || !strcmp(layer, "premises"))
            CHECK_STR(line, "Geometry: Point\n");
        if (!strcmp(layer, "sites"))
            CHECK_STR(line, "Geometry: Multi Polygon\n");
    }
    CHECK(p && pclose(p) == 0);
    for (int i = 0; i < NFILES; i++)
        CHECK(seen[i] == 1);
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
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    spatialite_init_ex(db, cache, 0);
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

    table_rows(doc, rows);
    CHECK(doc && run_export(doc, RPT_EXPORT_GPKG, dir, NULL, &err) == PC_OK);
    snprintf(path, sizeof path, "%s/pcplan.gpkg", dir);
    check_gpkg(path, rows);
    check_ogrinfo(path, rows, 1);

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

/* --- XLSX --------------------------------------------------------------- */

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* The entry called name of the zip z, inflated and NUL-terminated
 * (free()); NULL when absent. With name NULL, counts the entries whose
 * names match the pattern "xl/worksheets/sheet%d.xml" instead. */
static char *zip_entry(const unsigned char *z, size_t n, const char *name,
                       int *nsheets)
{
    size_t eocd = n >= 22 ? n - 22 : 0, off;
    unsigned entries;

    while (eocd > 0 && u32(z + eocd) != 0x06054b50)
        eocd--;
    if (u32(z + eocd) != 0x06054b50)
        return NULL;
    entries = u16(z + eocd + 10);
    off = u32(z + eocd + 16);
    for (unsigned i = 0; i < entries && off + 46 <= n; i++) {
        unsigned method = u16(z + off + 10), nl = u16(z + off + 28);
        size_t csize = u32(z + off + 20), usize = u32(z + off + 24);
        size_t local = u32(z + off + 42), data;
        const char *nm = (const char *)z + off + 46;
        char *out;
        z_stream zs;

        off += 46 + nl + u16(z + off + 30) + u16(z + off + 32);
        if (!name) {
            int k;
            char tail;

            if (sscanf(nm, "xl/worksheets/sheet%d.xm%c", &k, &tail) == 2 &&
                tail == 'l')
                ++*nsheets;
            continue;
        }
        if (strlen(name) != nl || memcmp(nm, name, nl))
            continue;
        data = local + 30 + u16(z + local + 26) + u16(z + local + 28);
        out = malloc(usize + 1);
        if (!out || data + csize > n)
            return out;
        if (method == 0) {
            memcpy(out, z + data, usize);
        } else {
            memset(&zs, 0, sizeof zs);
            inflateInit2(&zs, -MAX_WBITS);
            zs.next_in = (unsigned char *)z + data;
            zs.avail_in = (uInt)csize;
            zs.next_out = (unsigned char *)out;
            zs.avail_out = (uInt)usize;
            CHECK(inflate(&zs, Z_FINISH) == Z_STREAM_END);
            inflateEnd(&zs);
        }
        out[usize] = '\0';
        return out;
    }
    return NULL;
}

static void check_xlsx(const char *dir, const char *title_has, const int *rows)
{
    size_t n = 0;
    unsigned char *z = (unsigned char *)file_in(dir, "pcplan.xlsx", &n);
    char *wb, *core, *ss, name[64], path[4096], *prev = NULL;
    int nsheets = 0;

    CHECK(z && n > 4 && !memcmp(z, "PK\3\4", 4));
    if (!z)
        return;
    zip_entry(z, n, NULL, &nsheets);
    CHECK(nsheets == NFILES);
    wb = zip_entry(z, n, "xl/workbook.xml", NULL);
    CHECK_HAS(wb, "<sheet name=\"about\" sheetId=\"1\"");
    for (int i = 0; wb && i < NFILES; i++) { /* in order */
        char *at;

        snprintf(name, sizeof name, "<sheet name=\"%s\"", tables[i]);
        at = strstr(wb, name);
        CHECK(at && (!prev || at > prev));
        prev = at;
    }
    free(wb);
    core = zip_entry(z, n, "docProps/core.xml", NULL);
    CHECK_HAS(core, ">2026-04-01T00:00:00Z</dcterms:created>");
    CHECK_HAS(core, title_has);
    free(core);
    ss = zip_entry(z, n, "xl/sharedStrings.xml", NULL);
    CHECK(ss != NULL);
    for (int i = 1; i <= NFILES; i++) {
        char *sheet;

        snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i);
        sheet = zip_entry(z, n, name, NULL);
        CHECK(sheet && !strstr(sheet, "<f>")); /* no formulas */
        CHECK_HAS(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" "
                         "activePane=\"bottomLeft\" state=\"frozen\"/>");
        if (i == 9) /* schemes: booleans are booleans */
            CHECK_HAS(sheet, "t=\"b\"");
        free(sheet);
    }
    free(ss);
    free(z);
    snprintf(path, sizeof path, "%s/pcplan.xlsx", dir);
    check_ogrinfo(path, rows, 0);
}

static void hand_xlsx(void)
{
    cJSON *doc = load_hand();
    char *a = scratch(), *b = scratch(), *za, *zb, *ss;
    size_t la = 0, lb = 0, n = 0;
    pc_error err = {0};

    CHECK(run_export(doc, RPT_EXPORT_XLSX, a, &n, &err) == PC_OK);
    CHECK(n == 1);
    CHECK(run_export(doc, RPT_EXPORT_XLSX, b, NULL, &err) == PC_OK);
    check_xlsx(a,
               "<dc:title>Hand-made bundle: Café, \"quotes\" and "
               "=1+1</dc:title>",
               hand_rows);
    za = file_in(a, "pcplan.xlsx", &la);
    zb = file_in(b, "pcplan.xlsx", &lb);
    CHECK(za && zb && la == lb && !memcmp(za, zb, la)); /* same bytes */
    ss = za ? zip_entry((unsigned char *)za, la, "xl/sharedStrings.xml", NULL)
            : NULL;
    CHECK_HAS(ss, "<t>=1+1</t>");
    CHECK_HAS(ss, "<t>Line one\nLine two</t>");
    free(ss);
    free(za);
    free(zb);
    rm_rf(a);
    rm_rf(b);
    cJSON_Delete(doc);
}

static void fixture_xlsx(void)
{
    const cJSON *doc = fixture_doc();
    char *a = scratch(), *b = scratch(), *za, *zb;
    size_t la = 0, lb = 0;
    int rows[NFILES];
    pc_error err = {0};

    CHECK(doc && run_export(doc, RPT_EXPORT_XLSX, a, NULL, &err) == PC_OK);
    CHECK(doc && run_export(doc, RPT_EXPORT_XLSX, b, NULL, &err) == PC_OK);
    table_rows(doc, rows);
    check_xlsx(a, "Rugby place (test fixture)", rows);
    za = file_in(a, "pcplan.xlsx", &la);
    zb = file_in(b, "pcplan.xlsx", &lb);
    CHECK(za && zb && la == lb && !memcmp(za, zb, la));
    free(za);
    free(zb);
    rm_rf(a);
    rm_rf(b);
}

/* --- determinism -------------------------------------------------------- */

/* Every row of every table of the SQLite file at path, as text. */
static char *db_dump(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *tabs = NULL;
    pc_buf b = PC_BUF_INIT(64u << 20);

    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT name FROM sqlite_master WHERE type = "
                             "'table' ORDER BY name",
                             -1, &tabs, NULL) == SQLITE_OK);
    while (sqlite3_step(tabs) == SQLITE_ROW) {
        char sql[256];
        sqlite3_stmt *st = NULL;

        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY rowid",
                 (const char *)sqlite3_column_text(tabs, 0));
        pc_buf_printf(&b, "%s\n", sql);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
            continue; /* e.g. a table without rowid */
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_blob(st, c);
                int n = sqlite3_column_bytes(st, c);

                pc_buf_printf(&b, "%d:", sqlite3_column_type(st, c));
                for (int k = 0; v && k < n; k++)
                    pc_buf_printf(&b, "%02x", v[k]);
                pc_buf_puts(&b, c + 1 < sqlite3_column_count(st) ? "|" : "\n");
            }
        sqlite3_finalize(st);
    }
    sqlite3_finalize(tabs);
    sqlite3_close(db);
    return b.data; /* free() */
}

static void deterministic(void)
{
    const cJSON *doc = fixture_doc();
    rpt_export_format fmts[2] = {RPT_EXPORT_CSV, RPT_EXPORT_GEOJSON};

    for (int f = 0; doc && f < 2; f++) {
        char *a = scratch(), *b = scratch(), *la, *lb;
        pc_error err = {0};

        CHECK(run_export(doc, fmts[f], a, NULL, &err) == PC_OK);
        CHECK(run_export(doc, fmts[f], b, NULL, &err) == PC_OK);
        la = listing(a);
        lb = listing(b);
        CHECK(la && lb && la[0] && !strcmp(la, lb));
        free(la);
        free(lb);
        rm_rf(a);
        rm_rf(b);
    }
    /* the GeoPackage need not be the same bytes, but holds the same */
    if (doc) {
        char *a = scratch(), *b = scratch(), pa[4096], pb[4096], *da, *db;
        pc_error err = {0};

        CHECK(run_export(doc, RPT_EXPORT_GPKG, a, NULL, &err) == PC_OK);
        CHECK(run_export(doc, RPT_EXPORT_GPKG, b, NULL, &err) == PC_OK);
        snprintf(pa, sizeof pa, "%s/pcplan.gpkg", a);
        snprintf(pb, sizeof pb, "%s/pcplan.gpkg", b);
        da = db_dump(pa);
        db = db_dump(pb);
        CHECK(da && db && strlen(da) > 1000 && !strcmp(da, db));
        free(da);
        free(db);
        rm_rf(a);
        rm_rf(b);
    }
}

/* --- failures ----------------------------------------------------------- */

/* The export of doc into a directory holding a previous export and a file
 * of the user's fails with code and a message containing has, and leaves
 * the directory exactly as it was. */
static void fails_unchanged(const cJSON *doc, rpt_export_format fmt,
                            pc_status code, const char *has)
{
    cJSON *good = load_hand();
    static const char *sentinel[1];
    char *dir = scratch(), keep[4096], *before, *after;
    const char **written = sentinel; /* must stay untouched */
    size_t n = 12345;
    pc_error err = {0};
    FILE *f;

    snprintf(keep, sizeof keep, "%s/keep.txt", dir);
    f = fopen(keep, "w");
    CHECK(f && fputs("mine\n", f) >= 0);
    if (f)
        fclose(f);
    CHECK(run_export(good, fmt, dir, NULL, &err) == PC_OK);
    before = listing(dir);
    CHECK(rpt_export(doc, fmt, dir, &written, &n, &err) == code);
    CHECK(err.code == code);
    CHECK_HAS(err.msg, has);
    CHECK(written == sentinel && n == 12345);
    after = listing(dir);
    CHECK(before && after && !strcmp(before, after));
    CHECK(temporaries(dir) == 0);
    free(before);
    free(after);
    rm_rf(dir);
    cJSON_Delete(good);
}

static cJSON *path_item(cJSON *doc, const char *a, int i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(doc, a), i);
}

static void bad_keys(void)
{
    cJSON *doc = load_hand();

    /* wrong type */
    cJSON_ReplaceItemInObject(path_item(doc, "sites", 1), "dwellings",
                              cJSON_CreateString("many"));
    fails_unchanged(doc, RPT_EXPORT_CSV, PC_ERR_INPUT,
                    "report: key \"sites[1].dwellings\": expected an integer "
                    "or null, got a string");
    cJSON_Delete(doc);

    /* missing */
    doc = load_hand();
    cJSON_DeleteItemFromObject(path_item(doc, "premises", 0), "illustrative");
    fails_unchanged(doc, RPT_EXPORT_GPKG, PC_ERR_INPUT,
                    "report: key \"premises[0].illustrative\": missing "
                    "(expected true or false)");
    cJSON_Delete(doc);

    /* a nested one, in the run */
    doc = load_hand();
    cJSON_DeleteItemFromObject(
        cJSON_GetArrayItem(
            cJSON_GetObjectItem(
                cJSON_GetArrayItem(
                    cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "run"),
                                        "places"),
                    1),
                "years"),
            1),
        "gap_p90");
    fails_unchanged(doc, RPT_EXPORT_XLSX, PC_ERR_INPUT,
                    "report: key \"run.places[1].years[1].gap_p90\": missing "
                    "(expected a number)");
    cJSON_Delete(doc);

    /* a fractional year; a receipts key that is not a year */
    doc = load_hand();
    cJSON_ReplaceItemInObject(
        cJSON_GetObjectItem(path_item(doc, "sites", 0), "trajectory"), "start",
        cJSON_CreateNumber(2025.5));
    fails_unchanged(doc, RPT_EXPORT_GEOJSON, PC_ERR_INPUT,
                    "report: key \"sites[0].trajectory.start\": expected an "
                    "integer, got 2025.5");
    cJSON_Delete(doc);
    doc = load_hand();
    cJSON_AddNumberToObject(
        cJSON_GetObjectItem(
            cJSON_GetArrayItem(
                cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "contributions"),
                                    "contributions"),
                0),
            "receipts_by_year"),
        "soon", 5);
    fails_unchanged(doc, RPT_EXPORT_CSV, PC_ERR_INPUT,
                    "report: key \"contributions.contributions[0]."
                    "receipts_by_year.soon\": expected a year as key");
    cJSON_Delete(doc);

    /* the format; not an object; invalid UTF-8 */
    doc = load_hand();
    cJSON_ReplaceItemInObject(doc, "format",
                              cJSON_CreateString("pcplan-report/2"));
    fails_unchanged(doc, RPT_EXPORT_CSV, PC_ERR_INPUT,
                    "report: key \"format\": expected \"pcplan-report/1\", "
                    "got \"pcplan-report/2\"");
    cJSON_Delete(doc);
    doc = cJSON_CreateArray();
    fails_unchanged(doc, RPT_EXPORT_CSV, PC_ERR_INPUT,
                    "report: expected a JSON object, got an array");
    cJSON_Delete(doc);
    doc = load_hand();
    cJSON_ReplaceItemInObject(path_item(doc, "pcns", 0), "name",
                              cJSON_CreateString("RUGBY \xff PCN"));
    fails_unchanged(doc, RPT_EXPORT_CSV, PC_ERR_INPUT,
                    "report: key \"pcns[0].name\": ");
    cJSON_Delete(doc);

    /* a place the run does not have */
    doc = load_hand();
    cJSON_ReplaceItemInObject(path_item(doc, "places", 1), "name",
                              cJSON_CreateString("Nowhere"));
    fails_unchanged(doc, RPT_EXPORT_CSV, PC_ERR_INPUT,
                    "report: key \"run.places\": no place named \"Nowhere\"");
    cJSON_Delete(doc);
}

/* A geometry SpatiaLite cannot read fails while writing: the files
 * already written are removed and the directory is as it was. */
static void bad_geometry(void)
{
    static const rpt_export_format fmts[3] = {
        RPT_EXPORT_CSV, RPT_EXPORT_GEOJSON, RPT_EXPORT_GPKG};

    for (int f = 0; f < 3; f++) {
        cJSON *doc = load_hand();
        cJSON *g = cJSON_Parse("{\"type\": \"Polygon\", \"coordinates\": "
                               "[[[1, 2], [3]]]}");

        cJSON_ReplaceItemInObject(path_item(doc, "sites", 1), "geometry", g);
        fails_unchanged(doc, fmts[f], PC_ERR_INPUT,
                        "report: key \"sites[1].geometry\": not a valid "
                        "GeoJSON Polygon or MultiPolygon geometry");
        cJSON_Delete(doc);
    }
    /* a point layer in the GeoPackage takes points only */
    {
        cJSON *doc = load_hand();

        cJSON_ReplaceItemInObject(
            path_item(doc, "lads", 0), "geometry",
            cJSON_Parse("{\"type\": \"Point\", \"coordinates\": [1, 2]}"));
        fails_unchanged(doc, RPT_EXPORT_GPKG, PC_ERR_INPUT,
                        "report: key \"lads[0].geometry\": not a valid "
                        "GeoJSON Polygon or MultiPolygon geometry");
        cJSON_Delete(doc);
    }
}

static void bad_dirs(void)
{
    cJSON *doc = load_hand();
    char *dir = scratch(), path[4096];
    pc_error err = {0};
    struct stat sb;
    FILE *f;

    /* the parent is missing */
    snprintf(path, sizeof path, "%s/no/such", dir);
    CHECK(rpt_export(doc, RPT_EXPORT_CSV, path, NULL, NULL, &err) == PC_ERR_IO);
    CHECK_HAS(err.msg, "creating ");
    CHECK_HAS(err.msg, "/no/such: No such file or directory");

    /* a file in the way */
    snprintf(path, sizeof path, "%s/file", dir);
    f = fopen(path, "w");
    if (f)
        fclose(f);
    CHECK(rpt_export(doc, RPT_EXPORT_CSV, path, NULL, NULL, &err) == PC_ERR_IO);
    CHECK_HAS(err.msg, "/file: not a directory");

    /* a missing directory is made; on failure it is removed again */
    snprintf(path, sizeof path, "%s/new", dir);
    CHECK(rpt_export(doc, RPT_EXPORT_GEOJSON, path, NULL, NULL, &err) == PC_OK);
    CHECK(stat(path, &sb) == 0 && S_ISDIR(sb.st_mode));
    snprintf(path, sizeof path, "%s/newer", dir);
    cJSON_ReplaceItemInObject(path_item(doc, "lads", 0), "geometry",
                              cJSON_Parse("{\"type\": \"Polygon\"}"));
    CHECK(rpt_export(doc, RPT_EXPORT_GEOJSON, path, NULL, NULL, &err) ==
          PC_ERR_INPUT);
    CHECK(stat(path, &sb) != 0);
    cJSON_Delete(doc);
    doc = load_hand();

    /* a directory where a file would go */
    snprintf(path, sizeof path, "%s/new/places.geojson", dir);
    CHECK(remove(path) == 0 && mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/new", dir);
    CHECK(rpt_export(doc, RPT_EXPORT_GEOJSON, path, NULL, NULL, &err) ==
          PC_ERR_IO);
    CHECK_HAS(err.msg, "places.geojson: exists and is not a regular file");
    CHECK(temporaries(path) == 0);

    /* unwritable (root may write anywhere) */
    snprintf(path, sizeof path, "%s/ro", dir);
    CHECK(mkdir(path, 0500) == 0);
    if (geteuid() != 0) {
        CHECK(rpt_export(doc, RPT_EXPORT_CSV, path, NULL, NULL, &err) ==
              PC_ERR_IO);
        CHECK_HAS(err.msg, "/ro: Permission denied");
    }
    rm_rf(dir);
    cJSON_Delete(doc);
}

/* A second export replaces the first's files and leaves others alone. */
static void replaces(void)
{
    cJSON *doc = load_hand();
    char *dir = scratch(), path[4096], *text;
    pc_error err = {0};
    FILE *f;

    snprintf(path, sizeof path, "%s/notes.txt", dir);
    f = fopen(path, "w");
    CHECK(f && fputs("keep me\n", f) >= 0);
    if (f)
        fclose(f);
    CHECK(run_export(doc, RPT_EXPORT_CSV, dir, NULL, &err) == PC_OK);
    cJSON_ReplaceItemInObject(path_item(doc, "pcns", 0), "name",
                              cJSON_CreateString("RENAMED PCN"));
    CHECK(run_export(doc, RPT_EXPORT_CSV, dir, NULL, &err) == PC_OK);
    text = file_in(dir, "pcns.csv", NULL);
    CHECK_HAS(text, "RENAMED PCN");
    free(text);
    text = file_in(dir, "notes.txt", NULL);
    CHECK_STR(text, "keep me\n");
    free(text);
    CHECK(temporaries(dir) == 0);
    { /* a trailing slash is not doubled */
        const char **w = NULL;
        char slash[4096], want[4200];

        snprintf(slash, sizeof slash, "%s/", dir);
        snprintf(want, sizeof want, "%s/places.geojson", dir);
        CHECK(rpt_export(doc, RPT_EXPORT_GEOJSON, slash, &w, NULL, &err) ==
              PC_OK);
        CHECK(w && w[0] && !strcmp(w[0], want));
        rpt_export_written_free(w);
    }
    rm_rf(dir);
    cJSON_Delete(doc);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {{"format_parse", format_parse},
                                       {"hand_csv", hand_csv},
                                       {"hand_csv_no_mc", hand_csv_no_mc},
                                       {"fixture_golden", fixture_golden},
                                       {"fixture_counts", fixture_counts},
                                       {"hand_geojson", hand_geojson},
                                       {"fixture_geojson", fixture_geojson},
                                       {"hand_gpkg", hand_gpkg},
                                       {"fixture_gpkg", fixture_gpkg},
                                       {"hand_xlsx", hand_xlsx},
                                       {"fixture_xlsx", fixture_xlsx},
                                       {"deterministic", deterministic},
                                       {"bad_keys", bad_keys},
                                       {"bad_geometry", bad_geometry},
                                       {"bad_dirs", bad_dirs},
                                       {"replaces", replaces},
                                       {NULL, NULL}};
    int rc = check_run(cases, argc, argv);

    cJSON_Delete(fixture);
    return rc;
}
