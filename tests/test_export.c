/* test_export.c: the exports (rpt_export) with the real libraries: format
 * names, CSV, determinism and failures (GeoJSON and GeoPackage are in
 * test_export_geo.c, the workbook in test_export_xlsx.c).
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
#include "test_export.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fileset.h"

#include <errno.h>

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
    rpt_paths_free(written);

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
              "ledger_requested_gbp,ledger_secured_gbp,ledger_received_gbp,"
              "illustrative,illustrative_note,e,n,geometry");
    CHECK_STR(
        line_of(text, 2, buf, sizeof buf),
        "CW-SWR,South West Rugby,E07000220,\"Café, \"\"Quoted\"\"\",500,"
        "allocated,,,3,,0,,no homes left to build,,,,,false,,448500,273500,"
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
              "P10,'=1+1,\"Café, \"\"Quoted\"\"\",PR-1,,reconfiguration,"
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
              "P10,'=1+1,\"Café, \"\"Quoted\"\"\",committed,true,2026,2027,"
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

/* --- determinism -------------------------------------------------------- */

/* Every row of every table of the SQLite file at path, as text. */
static char *db_dump(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *tabs = NULL;
    pc_buf b = PC_BUF_INIT(PC_CAP_DOC);

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
        rpt_paths_free(w);
    }
    rm_rf(dir);
    cJSON_Delete(doc);
}

static void f_put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    CHECK(f && fputs(text, f) >= 0);
    if (f)
        fclose(f);
}

/* The hook: fails the fail_at-th step of the commit (pc_fileset.h). */
static int calls, fail_at;

static int fail_hook(const char *step)
{
    (void)step;
    return ++calls == fail_at ? EIO : 0;
}

/* A kill placed at each step of the swap in turn (an injected failure):
 * the folder holds the first export's files or the second's, whole, with
 * a file of the user's kept, and no temporary is left beside it. */
static void killed_each_step(void)
{
    cJSON *doc = load_hand();
    char *dir = scratch(), *ref = scratch(), path[4096];
    char *old_list, *new_list, *got;
    pc_error err = {0};
    int k;

    CHECK(run_export(doc, RPT_EXPORT_CSV, dir, NULL, &err) == PC_OK);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    f_put(path, "keep me\n");
    old_list = listing(dir);
    cJSON_ReplaceItemInObject(path_item(doc, "pcns", 0), "name",
                              cJSON_CreateString("RENAMED PCN"));
    CHECK(run_export(doc, RPT_EXPORT_CSV, ref, NULL, &err) == PC_OK);
    snprintf(path, sizeof path, "%s/notes.txt", ref);
    f_put(path, "keep me\n");
    new_list = listing(ref);
    CHECK(strcmp(old_list, new_list) != 0);
    pc_file_set_fail_hook(fail_hook);
    for (k = 1; k < 20; k++) {
        pc_status rc;

        calls = 0;
        fail_at = k;
        rc = rpt_export(doc, RPT_EXPORT_CSV, dir, NULL, NULL, &err);
        got = listing(dir);
        CHECK_STR(got, rc == PC_OK ? new_list : old_list);
        free(got);
        CHECK(temporaries(dir) == 0);
        if (rc == PC_OK)
            break;
        CHECK(err.code == PC_ERR_IO);
    }
    CHECK(k >= 3); /* carry, sync, swap at least */
    pc_file_set_fail_hook(NULL);
    free(old_list);
    free(new_list);
    rm_rf(dir);
    rm_rf(ref);
    cJSON_Delete(doc);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {{"format_parse", format_parse},
                                       {"hand_csv", hand_csv},
                                       {"hand_csv_no_mc", hand_csv_no_mc},
                                       {"fixture_golden", fixture_golden},
                                       {"fixture_counts", fixture_counts},
                                       {"deterministic", deterministic},
                                       {"bad_keys", bad_keys},
                                       {"bad_geometry", bad_geometry},
                                       {"bad_dirs", bad_dirs},
                                       {"replaces", replaces},
                                       {"killed_each_step", killed_each_step},
                                       {NULL, NULL}};
    int rc = check_run(cases, argc, argv);

    cJSON_Delete(fixture);
    return rc;
}
