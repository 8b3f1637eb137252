/* bench_load.c: how fast pcplan reads and stores its input, each case
 * next to a reference measured in the same run.
 *
 *   reproject points       geo_point_to_bng() against SpatiaLite's
 *                          ST_Transform() in SQL, on the same points
 *   parse CSV              ds_csv_parse() against a naive split on commas
 *                          and newlines that ignores RFC 4180 quoting
 *   load + import          ds_dataset_load() + ds_store_import() into a
 *                          new store file, against SpatiaLite SQL creating
 *                          a file and inserting practices.csv with
 *                          MakePoint and the sites with GeomFromGeoJSON,
 *                          both spatially indexed: the fixture, then
 *                          gen_dataset's folders at 0.02, 0.2 and 1 of
 *                          England's size (made into
 *                          build-release/bench-load/), with the growth
 *                          exponents between them
 *
 * Usage: bench_load [FIXTURE_DIR]. Without an argument the fixture is
 * $PC_SOURCE_DIR/tests/data/fixture, or else tests/data/fixture relative to
 * the current directory (`make bench` runs from the repository root).
 * Times are medians of RUNS runs. The exit status is 0 unless a case fails
 * or ours and the reference disagree. */
#include "bench.h"
#include "ds_csv.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_file.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include <spatialite.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RUNS     5
#define NPOINTS  200000
#define NROWS    200000
#define MAX_DIFF 0.01 /* metres */
#define GEN_RUNS 3    /* at gen_dataset's sizes */
#define GEN_WORK "build-release/bench-load"

static void print_row(const char *name, double *ours, double *ref)
{
    double o = median(ours, RUNS), r = median(ref, RUNS);

    printf("%-24s %12.1f %15.1f %8.2f\n", name, o, r, r > 0 ? o / r : 0.0);
    fflush(stdout);
}

/* A deterministic LCG (Knuth's MMIX constants): a double in [0, 1). */
static double lcg_next(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return (double)(*state >> 11) * (1.0 / 9007199254740992.0);
}

/* One SpatiaLite connection with its cache, for the references. */
typedef struct spl {
    sqlite3 *db;
    void *cache;
} spl;

static int spl_open(spl *s, const char *path, const char *init_sql)
{
    s->cache = spatialite_alloc_connection();
    if (sqlite3_open(path, &s->db) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(s->db));
        return -1;
    }
    spatialite_init_ex(s->db, s->cache, 0);
    if (sqlite3_exec(s->db, init_sql, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", init_sql, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

static void spl_close(spl *s)
{
    sqlite3_close(s->db);
    if (s->cache)
        spatialite_cleanup_ex(s->cache);
    s->db = NULL;
    s->cache = NULL;
}

/* --- 1. reproject points --------------------------------------------- */

static int bench_reproject(geo_ctx *geo)
{
    static const char *sql = "SELECT ST_X(t), ST_Y(t) FROM (SELECT "
                             "ST_Transform(MakePoint(?, ?, 4326), 27700) AS t)";
    double *lon = malloc(NPOINTS * sizeof *lon);
    double *lat = malloc(NPOINTS * sizeof *lat);
    double *e1 = malloc(NPOINTS * sizeof *e1);
    double *n1 = malloc(NPOINTS * sizeof *n1);
    double *e2 = malloc(NPOINTS * sizeof *e2);
    double *n2 = malloc(NPOINTS * sizeof *n2);
    double ours[RUNS], ref[RUNS], maxd = 0;
    uint64_t seed = 20260401;
    spl s = {0};
    sqlite3_stmt *q = NULL;
    pc_error err = {0};
    int rc = -1;

    if (!lon || !lat || !e1 || !n1 || !e2 || !n2)
        goto done;
    /* inland England and Wales, Bristol Channel to the Humber */
    for (int i = 0; i < NPOINTS; i++) {
        lon[i] = -2.8 + 2.0 * lcg_next(&seed);
        lat[i] = 51.6 + 2.6 * lcg_next(&seed);
    }
    if (spl_open(&s, ":memory:", "SELECT InitSpatialMetadata(1)") != 0)
        goto done;
    if (sqlite3_prepare_v2(s.db, sql, -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(s.db));
        goto done;
    }
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();

        for (int i = 0; i < NPOINTS; i++) {
            if (geo_point_to_bng(geo, GEO_CRS_WGS84, lon[i], lat[i], &e1[i],
                                 &n1[i], &err) != PC_OK) {
                fprintf(stderr, "geo_point_to_bng: %s\n", err.msg);
                goto done;
            }
        }
        ours[r] = now_ms() - t0;

        t0 = now_ms();
        for (int i = 0; i < NPOINTS; i++) {
            sqlite3_bind_double(q, 1, lon[i]);
            sqlite3_bind_double(q, 2, lat[i]);
            if (sqlite3_step(q) != SQLITE_ROW ||
                sqlite3_column_type(q, 0) == SQLITE_NULL) {
                fprintf(stderr, "ST_Transform(%.6f, %.6f): %s\n", lon[i],
                        lat[i], sqlite3_errmsg(s.db));
                goto done;
            }
            e2[i] = sqlite3_column_double(q, 0);
            n2[i] = sqlite3_column_double(q, 1);
            sqlite3_reset(q);
        }
        ref[r] = now_ms() - t0;
    }
    for (int i = 0; i < NPOINTS; i++) {
        double d = hypot(e1[i] - e2[i], n1[i] - n2[i]);

        if (!(d <= maxd)) /* also catches NaN */
            maxd = d;
    }
    print_row("reproject points", ours, ref);
    printf("  ours: geo_point_to_bng, %d WGS84 points\n"
           "  reference: SpatiaLite SELECT ST_Transform(MakePoint(?, ?, "
           "4326), 27700)\n"
           "  max difference over all points: %.6f m (limit %.2f m)\n",
           NPOINTS, maxd, MAX_DIFF);
    if (!(maxd < MAX_DIFF)) {
        fprintf(stderr,
                "reproject points: ours and SpatiaLite differ by "
                "%.6f m\n",
                maxd);
        goto done;
    }
    rc = 0;
done:
    if (rc != 0)
        printf("%-24s FAILED\n", "reproject points");
    sqlite3_finalize(q);
    spl_close(&s);
    free(lon);
    free(lat);
    free(e1);
    free(n1);
    free(e2);
    free(n2);
    return rc;
}

/* --- 2. parse CSV ----------------------------------------------------- */

/* NROWS rows of 8 columns; some names and addresses are quoted and hold
 * commas and doubled quotes. */
static int make_csv(pc_buf *b)
{
    uint64_t seed = 7;

    if (pc_buf_puts(b, "practice_code,practice_name,address,postcode,"
                       "pcn_code,lad_code,easting,northing\n") != PC_OK)
        return -1;
    for (int i = 0; i < NROWS; i++) {
        unsigned u = (unsigned)(lcg_next(&seed) * 100000);
        pc_status rc;

        if (i % 4 == 0)
            rc = pc_buf_printf(b, "M%05d,\"SURGERY %u, \"\"THE\"\" HOUSE\",", i,
                               u);
        else
            rc = pc_buf_printf(b, "M%05d,SURGERY %u,", i, u);
        if (rc == PC_OK && i % 7 == 0)
            rc = pc_buf_printf(b, "\"%u, HIGH STREET\",", u % 300);
        else if (rc == PC_OK)
            rc = pc_buf_printf(b, "%u HIGH STREET,", u % 300);
        if (rc == PC_OK)
            rc = pc_buf_printf(b, "CV%u %uAB,U%05u,E0700%04u,%u,%u\n", u % 40,
                               u % 10, u % 99991, u % 300, 400000 + u,
                               200000 + 2 * u);
        if (rc != PC_OK)
            return -1;
    }
    return 0;
}

/* The reference: copies the text, cuts it at every comma and newline and
 * keeps a pointer to each field, with no RFC 4180 quoting. Returns the
 * number of lines, or 0 when out of memory. */
static size_t naive_split(const char *data, size_t len)
{
    char *arena = malloc(len + 1);
    char **fields = NULL, *start;
    size_t nfields = 0, alloc = 0, lines = 0;

    if (!arena)
        return 0;
    memcpy(arena, data, len);
    arena[len] = '\0';
    start = arena;
    for (size_t i = 0; i < len; i++) {
        char c = arena[i];

        if (c != ',' && c != '\n')
            continue;
        if (nfields == alloc) {
            size_t want = alloc ? alloc * 2 : 1024;
            char **p = realloc(fields, want * sizeof *p);

            if (!p) {
                lines = 0;
                goto done;
            }
            fields = p;
            alloc = want;
        }
        fields[nfields++] = start;
        arena[i] = '\0';
        start = arena + i + 1;
        if (c == '\n')
            lines++;
    }
done:
    free(fields);
    free(arena);
    return lines;
}

static int bench_csv(void)
{
    pc_buf b = PC_BUF_INIT(PC_CAP_RUN);
    double ours[RUNS], ref[RUNS];
    int rc = -1;

    if (make_csv(&b) != 0) {
        fprintf(stderr, "parse CSV: out of memory\n");
        goto done;
    }
    for (int r = 0; r < RUNS; r++) {
        pc_error err = {0};
        ds_csv *csv = NULL;
        double t0 = now_ms();
        size_t lines;
        int ok;

        if (ds_csv_parse(b.data, b.len, &csv, &err) != PC_OK) {
            fprintf(stderr, "ds_csv_parse: %s\n", err.msg);
            goto done;
        }
        /* row 0 has a quoted name and a quoted address */
        ok = csv->nrows == NROWS && csv->ncols == 8 &&
             strstr(csv->rows[0][1], ", \"THE\" HOUSE") &&
             strstr(csv->rows[0][2], ", HIGH STREET");
        ds_csv_free(csv);
        ours[r] = now_ms() - t0;
        if (!ok) {
            fprintf(stderr, "ds_csv_parse: wrong shape\n");
            goto done;
        }

        t0 = now_ms();
        lines = naive_split(b.data, b.len);
        ref[r] = now_ms() - t0;
        if (lines != NROWS + 1) {
            fprintf(stderr, "naive split: %zu lines\n", lines);
            goto done;
        }
    }
    print_row("parse CSV", ours, ref);
    printf("  ours: ds_csv_parse, %d rows x 8 columns, %.1f MB in memory, "
           "quoted fields\n"
           "  reference: naive split, no RFC 4180 quoting\n",
           NROWS, (double)b.len / 1e6);
    rc = 0;
done:
    if (rc != 0)
        printf("%-24s FAILED\n", "parse CSV");
    pc_buf_free(&b);
    return rc;
}

/* --- 3. load + import fixture ----------------------------------------- */

static void remove_db(const char *path)
{
    char j[4200];

    unlink(path);
    if (snprintf(j, sizeof j, "%s-journal", path) < (int)sizeof j)
        unlink(j);
}

/* Ours: the whole fixture, validated, into a new store file. */
static int load_import(geo_ctx *geo, const char *fixture, const char *db,
                       pc_error *err)
{
    ds_dataset *ds = NULL;
    ds_store *st = NULL;
    pc_status rc;

    rc = ds_dataset_load(geo, fixture, &ds, err);
    if (rc == PC_OK)
        rc = ds_store_open(db, DS_OPEN_CREATE, &st, err);
    if (rc == PC_OK)
        rc = ds_store_import(st, ds, NULL, err);
    ds_store_close(st);
    ds_dataset_free(ds);
    return rc == PC_OK ? 0 : -1;
}

/* The sites file of the dataset in dir and its SRID (the manifest's
 * "crs" for it; WGS 84 without one), into path and *srid; -1 when the
 * manifest cannot be read. */
static int sites_file(const char *dir, char *path, size_t n, int *srid)
{
    char mpath[4200];
    char *text = NULL;
    size_t len = 0;
    pc_error err = {0};
    cJSON *m, *f;
    const char *rel, *crs;

    snprintf(mpath, sizeof mpath, "%s/dataset.json", dir);
    if (pc_file_read(mpath, 1u << 20, &text, &len, &err) != PC_OK ||
        !(m = cJSON_ParseWithLength(text, len))) {
        fprintf(stderr, "%s: %s\n", mpath, err.msg[0] ? err.msg : "bad JSON");
        free(text);
        return -1;
    }
    f = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "files"), "sites");
    rel = cJSON_GetStringValue(cJSON_GetObjectItem(f, "path"));
    crs = cJSON_GetStringValue(cJSON_GetObjectItem(f, "crs"));
    snprintf(path, n, "%s/%s", dir, rel ? rel : "sites.geojson");
    *srid = crs && !strcmp(crs, "EPSG:27700") ? 27700 : 4326;
    cJSON_Delete(m);
    free(text);
    return 0;
}

/* The reference's sites: each feature's geometry of the sites file into
 * table sites by SpatiaLite's own GeomFromGeoJSON (and ST_Transform to
 * BNG when the file is in WGS 84). Returns the rows inserted, or -1. */
static long sql_sites(spl *s, const char *dir)
{
    static const char *ins_bng =
        "INSERT INTO sites VALUES (?, CastToMultiPolygon(SetSRID("
        "GeomFromGeoJSON(?), 27700)))";
    static const char *ins_wgs =
        "INSERT INTO sites VALUES (?, CastToMultiPolygon(ST_Transform("
        "SetSRID(GeomFromGeoJSON(?), 4326), 27700)))";
    char path[4200], *text = NULL, *g;
    size_t len = 0;
    pc_error err = {0};
    sqlite3_stmt *q = NULL;
    cJSON *fc = NULL, *f;
    long n = -1, k = 0;
    int srid;

    if (sites_file(dir, path, sizeof path, &srid) != 0)
        return -1;
    if (pc_file_read(path, 1u << 30, &text, &len, &err) != PC_OK ||
        !(fc = cJSON_ParseWithLength(text, len))) {
        fprintf(stderr, "%s: %s\n", path, err.msg[0] ? err.msg : "bad JSON");
        goto done;
    }
    if (sqlite3_prepare_v2(s->db, srid == 27700 ? ins_bng : ins_wgs, -1, &q,
                           NULL) != SQLITE_OK)
        goto fail;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(fc, "features"))
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(
            cJSON_GetObjectItem(f, "properties"), "site_id"));

        if (!(g = cJSON_PrintUnformatted(cJSON_GetObjectItem(f, "geometry"))))
            goto done;
        sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, g, -1, SQLITE_TRANSIENT);
        cJSON_free(g);
        if (sqlite3_step(q) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(q);
        k++;
    }
    n = k;
    goto done;
fail:
    fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(s->db));
done:
    sqlite3_finalize(q);
    cJSON_Delete(fc);
    free(text);
    return n;
}

/* The reference: practices.csv read with ds_csv and the sites file with
 * cJSON, then a new SpatiaLite file with two spatially indexed tables, one
 * INSERT ... MakePoint per practice and one GeomFromGeoJSON per site,
 * schema and rows in one transaction. Returns the practices inserted (the
 * sites in *nsites), or -1. */
static long sql_import(const char *fixture, const char *db, long *nsites)
{
    static const char *init =
        "SELECT InitSpatialMetadata(0, 'NONE');"
        "SELECT InsertEpsgSrid(27700);"
        "SELECT InsertEpsgSrid(4326);"
        "CREATE TABLE practices (practice_code TEXT PRIMARY KEY, name TEXT "
        "NOT NULL, postcode TEXT, pcn_code TEXT, lad_code TEXT NOT NULL);"
        "SELECT AddGeometryColumn('practices', 'geom', 27700, 'POINT', "
        "'XY');"
        "SELECT CreateSpatialIndex('practices', 'geom');"
        "CREATE TABLE sites (site_id TEXT PRIMARY KEY);"
        "SELECT AddGeometryColumn('sites', 'geom', 27700, 'MULTIPOLYGON', "
        "'XY');"
        "SELECT CreateSpatialIndex('sites', 'geom');";
    static const char *ins = "INSERT INTO practices VALUES (?, ?, ?, ?, ?, "
                             "MakePoint(?, ?, 27700))";
    static const char *names[] = {"practice_code", "practice_name", "postcode",
                                  "pcn_code",      "lad_code",      "easting",
                                  "northing"};
    char path[4200];
    pc_error err = {0};
    ds_csv *csv = NULL;
    spl s = {0};
    sqlite3_stmt *q = NULL;
    int col[7];
    long n = -1;

    snprintf(path, sizeof path, "%s/practices.csv", fixture);
    if (ds_csv_read_file(path, &csv, &err) != PC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    for (int j = 0; j < 7; j++) {
        col[j] = ds_csv_col(csv, names[j]);
        if (col[j] < 0) {
            fprintf(stderr, "%s: no column %s\n", path, names[j]);
            goto done;
        }
    }
    if (spl_open(&s, db, "BEGIN") != 0 ||
        sqlite3_exec(s.db, init, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s.db, ins, -1, &q, NULL) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < csv->nrows; i++) {
        char **row = csv->rows[i];

        for (int j = 0; j < 5; j++)
            sqlite3_bind_text(q, j + 1, row[col[j]], -1, SQLITE_STATIC);
        sqlite3_bind_double(q, 6, strtod(row[col[5]], NULL));
        sqlite3_bind_double(q, 7, strtod(row[col[6]], NULL));
        if (sqlite3_step(q) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(q);
    }
    if ((*nsites = sql_sites(&s, fixture)) < 0)
        goto done;
    if (sqlite3_exec(s.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    n = (long)csv->nrows;
    goto done;
fail:
    fprintf(stderr, "%s: %s\n", db, s.db ? sqlite3_errmsg(s.db) : "?");
done:
    sqlite3_finalize(q);
    spl_close(&s);
    ds_csv_free(csv);
    return n;
}

/* SELECT count(*) FROM table in a store file, or -1. */
static long count_rows(const char *db, const char *table)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    char sql[128];
    long n = -1;

    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
    return n;
}

/* Loads and imports the dataset in dir (what: its name in the table),
 * ours against the reference, runs times; *ms the medians (ours, the
 * reference) and *nsites its sites. */
static int bench_import(geo_ctx *geo, const char *dir, const char *what,
                        int runs, double ms[2], long *nsites)
{
    const char *tmp = getenv("TMPDIR");
    char work[4096], ours_db[4200], ref_db[4200];
    double ours[RUNS], ref[RUNS];
    long rows = 0, sites = 0;
    int rc = -1;

    snprintf(work, sizeof work, "%s/pcplan-bench.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(work)) {
        perror(work);
        printf("%-24s FAILED\n", what);
        return -1;
    }
    snprintf(ours_db, sizeof ours_db, "%s/ours.db", work);
    snprintf(ref_db, sizeof ref_db, "%s/reference.db", work);
    for (int r = 0; r < runs; r++) {
        pc_error err = {0};
        double t0;

        remove_db(ours_db);
        t0 = now_ms();
        if (load_import(geo, dir, ours_db, &err) != 0) {
            fprintf(stderr, "%s\n", err.msg);
            goto done;
        }
        ours[r] = now_ms() - t0;

        remove_db(ref_db);
        t0 = now_ms();
        rows = sql_import(dir, ref_db, &sites);
        ref[r] = now_ms() - t0;
        if (rows < 0)
            goto done;
    }
    if (count_rows(ours_db, "practices") != rows ||
        count_rows(ref_db, "practices") != rows ||
        count_rows(ours_db, "sites") != sites ||
        count_rows(ref_db, "sites") != sites) {
        fprintf(stderr,
                "%s: rows stored: practices ours %ld, reference %ld, "
                "practices.csv %ld; sites ours %ld, reference %ld, file "
                "%ld\n",
                what, count_rows(ours_db, "practices"),
                count_rows(ref_db, "practices"), rows,
                count_rows(ours_db, "sites"), count_rows(ref_db, "sites"),
                sites);
        goto done;
    }
    ms[0] = median(ours, runs);
    ms[1] = median(ref, runs);
    printf("%-24s %12.1f %15.1f %8.2f\n", what, ms[0], ms[1],
           ms[1] > 0 ? ms[0] / ms[1] : 0.0);
    printf("  ours: ds_dataset_load + ds_store_import into a new store file\n"
           "  (every file, checked); reference: a new SpatiaLite file,\n"
           "  practices.csv (%ld rows) by INSERT ... MakePoint and the sites\n"
           "  file (%ld features) by GeomFromGeoJSON, both spatially "
           "indexed, in one transaction\n",
           rows, sites);
    fflush(stdout);
    *nsites = sites;
    rc = 0;
done:
    if (rc != 0)
        printf("%-24s FAILED\n", what);
    remove_db(ours_db);
    remove_db(ref_db);
    rmdir(work);
    return rc;
}

/* The same on gen_dataset's folders at three sizes (made into
 * build-release/bench-load/), with the growth exponents. */
static int bench_generated(geo_ctx *geo, const char *gen)
{
    long nsites = 0;
    static const char *const scales[3] = {"0.02", "0.2", "1"};
    double ms[3][2], n[3];

    mkdir(GEN_WORK, 0755);
    for (int k = 0; k < 3; k++) {
        char dir[4096], what[64];

        snprintf(dir, sizeof dir, GEN_WORK "/data-%s", scales[k]);
        snprintf(what, sizeof what, "load + import, %s", scales[k]);
        if (bench_generate(gen, scales[k], dir) != 0) {
            fprintf(stderr, "%s failed (see %s.log)\n", gen, dir);
            printf("%-24s FAILED\n", what);
            return -1;
        }
        if (bench_import(geo, dir, what, GEN_RUNS, ms[k], &nsites) != 0)
            return -1;
        n[k] = (double)nsites;
    }
    bench_exponents("load + import, gen_dataset", "sites",
                    (const char *const[]){"ours", "reference"}, 2, scales, n, 3,
                    &ms[0][0], 2);
    return 0;
}

int main(int argc, char **argv)
{
    const char *src = getenv("PC_SOURCE_DIR");
    char fixture[4096], gen[4096];
    double ms[2];
    long nsites;
    pc_error err = {0};
    geo_ctx *geo;
    int failed = 0;

    if (argc > 2) {
        fprintf(stderr, "usage: %s [FIXTURE_DIR]\n", argv[0]);
        return 2;
    }
    if (argc == 2)
        snprintf(fixture, sizeof fixture, "%s", argv[1]);
    else if (src && *src)
        snprintf(fixture, sizeof fixture, "%s/tests/data/fixture", src);
    else
        snprintf(fixture, sizeof fixture, "tests/data/fixture");
    if (access(fixture, R_OK) != 0) {
        fprintf(stderr,
                "%s: no fixture at %s (run from the repository root, or "
                "pass FIXTURE_DIR)\n",
                argv[0], fixture);
        return 1;
    }
    geo = geo_ctx_new(&err);
    if (!geo) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("bench_load: %s, median of %d runs, ratio = ours / reference\n",
           fixture, RUNS);
    printf("%-24s %12s %15s %8s\n", "case", "ours (ms)", "reference (ms)",
           "ratio");
    fflush(stdout);
    failed |= bench_reproject(geo) != 0;
    failed |= bench_csv() != 0;
    failed |= bench_import(geo, fixture, "load + import fixture", RUNS, ms,
                           &nsites) != 0;
    bench_sibling(argv[0], "gen_dataset", gen, sizeof gen);
    if (access(gen, X_OK) != 0)
        printf("no %s (build the target gen_dataset)\n", gen);
    else
        failed |= bench_generated(geo, gen) != 0;
    geo_ctx_free(geo);
    return failed ? 1 : 0;
}
