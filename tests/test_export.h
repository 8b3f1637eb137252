/* test_export.h: what the export tests share (test_export.c: format
 * names, CSV, determinism and failures; test_export_geo.c: GeoJSON and
 * GeoPackage; test_export_xlsx.c: the workbook): the two documents, scratch
 * directories, running an export and reading its files back. Like check.h
 * it is included by each test, so CHECK() counts in that test. */
#ifndef TEST_EXPORT_H
#define TEST_EXPORT_H

#include "check.h"

#include "ds_csv.h"
#include "ds_dataset.h"
#include "geo.h"
#include "pc_error.h"
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

static inline cJSON *load_hand(void)
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

static inline const cJSON *fixture_doc(void)
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
static inline char *scratch(void)
{
    char tmpl[] = "test_export.XXXXXX";
    char *d = mkdtemp(tmpl);
    char *out = d ? malloc(strlen(d) + 1) : NULL;

    CHECK(d != NULL);
    if (out)
        strcpy(out, d);
    return out;
}

static inline int rm_entry(const char *path, const struct stat *sb, int flag,
                           struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    chmod(path, 0700);
    return remove(path);
}

static inline void rm_rf(char *dir)
{
    if (dir) {
        chmod(dir, 0700);
        nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    free(dir);
}

/* The names, sizes and contents of dir, sorted: to see it unchanged. */
static inline char *listing(const char *dir)
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

/* Temporaries the export may leave: DIR.tmp-* and DIR.old-* beside dir
 * (pc_fileset.h), and the old exporter's .pcplan-export-* inside it. */
static inline int temporaries(const char *dir)
{
    char parent[4096], base[4096], pre[2][4200];
    size_t n0 = strlen(dir);
    const char *slash;
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)) != NULL)
        n += !strncmp(e->d_name, ".pcplan-export-", 15);
    if (d)
        closedir(d);
    snprintf(parent, sizeof parent, "%s", dir);
    while (n0 > 1 && parent[n0 - 1] == '/')
        parent[--n0] = 0;
    slash = strrchr(parent, '/');
    snprintf(base, sizeof base, "%s", slash ? slash + 1 : parent);
    if (slash)
        parent[slash - parent] = 0;
    else
        strcpy(parent, ".");
    snprintf(pre[0], sizeof pre[0], "%s.tmp-", base);
    snprintf(pre[1], sizeof pre[1], "%s.old-", base);
    d = opendir(parent);
    while (d && (e = readdir(d)) != NULL)
        n += !strncmp(e->d_name, pre[0], strlen(pre[0])) ||
             !strncmp(e->d_name, pre[1], strlen(pre[1]));
    if (d)
        closedir(d);
    return n;
}

static inline pc_status run_export(const cJSON *doc, rpt_export_format fmt,
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
    rpt_paths_free(written);
    return rc;
}

static inline char *file_in(const char *dir, const char *name, size_t *len)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    return check_slurp(path, len);
}

/* The line-th line (0: the header) of text, in buf. */
static inline const char *line_of(const char *text, int line, char *buf,
                                  size_t n)
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

static inline ds_csv *csv_of(const char *dir, const char *table)
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

/* The rows of each table of doc, counted in its CSV export. */
static inline void table_rows(const cJSON *doc, int *rows)
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

/* GDAL's ogrinfo lists every table of the GeoPackage (gpkg) or every
 * sheet of the workbook with its feature count, and says nothing else is
 * wrong. */
static inline void check_ogrinfo(const char *path, const int *rows, int gpkg)
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

#endif
