/* bench_spatial.c: how fast the spatial model allocates housing sites to
 * practices, next to the same allocation written in SpatiaLite SQL and run
 * in the same process.
 *
 * The first data is synthetic, built in memory from a fixed seed (no files,
 * no loader): one LAD, and one place with the same geometry, a 100 km square
 * of British National Grid from (350000, 200000) (other sides when run at
 * three sizes, below); NPRACTICES practices with
 * one premises each at a random point inside it, list sizes 2,000 to
 * 20,000, one PCN per 10 practices; NSITES square sites of 1 to 20 ha at
 * random inside it, a fifth of them rural. The assumptions are huff_alpha
 * 1, huff_beta 2, dmax_urban_m 5000, dmax_rural_m 8000 and
 * huff_min_distance_m 200.
 *
 *   ours        plan_spatial_new() (indexes over premises and LADs, and the
 *               approximate PCN areas: a Voronoi diagram of the premises),
 *               then plan_spatial_allocate(PLAN_HUFF) for every site
 *   reference   an in-memory SpatiaLite database holding the same premises
 *               (point, practice code, list size) and sites, both spatially
 *               indexed, and one query: candidates from the premises R-tree
 *               inside each site's MBR grown by D_max, ST_Distance() <=
 *               D_max, the nearest premises of each practice, weight =
 *               list^alpha * max(d, min)^-beta, share = weight /
 *               sum(weight) OVER (PARTITION BY site)
 *
 * The ratio compares the allocation loop with the query. Our setup and the
 * reference's loading are reported beside them and in a second ratio.
 * Every site that both allocate is compared: the same practices, shares
 * within MAX_SHARE_DIFF and distances within MAX_DIST_DIFF. A site with no
 * practice within D_max falls back to the nearest practice in ours and has
 * no rows in SQL; such sites are counted and left out of the comparison.
 *
 * Usage: bench_spatial [NSITES NPRACTICES]. Without arguments it runs
 * three sizes, 0.02, 0.2 and 1 of 20000 sites and 6500 practices (the
 * sizes of bench_scale), the square's side growing with the square root of
 * the size so that each site has about as many practices within D_max,
 * and prints the growth exponent of each timing between sizes. At England's
 * size, about 68 practices lie within D_max of each site, 1.4 million
 * shares in all. At that size the SQL query takes about 10 s a run (some
 * 4 s of it ST_Distance() on 2.2 million R-tree candidates, the rest the
 * sorts behind GROUP BY, the window and ORDER BY) and the whole program
 * under a minute on two cores, so the defaults are the full sizes. Small
 * sizes (e.g. 500 200) run in a fraction of a second and, being sparse,
 * also exercise the fallback. Without arguments it then does the same on
 * gen_dataset's folders at those scales (tests/bench/gen_dataset.c,
 * written into build-release/bench-spatial/data-SCALE and loaded as
 * `pcplan init` reads them: 6 to 300 LADs, practices with one or more
 * premises, each site's setting and the register's huff assumptions from
 * the data), with their exponents. Times are medians of RUNS runs. The exit
 * status is 0 unless a step fails or ours and the reference disagree (1);
 * bad usage is 2. */
#include "bench.h"
#include "ds_dataset.h"
#include "geo.h"
#include "pc_error.h"
#include "pc_index.h"
#include "plan_spatial.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include <spatialite.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS           3
#define NSITES         20000
#define NPRACTICES     6500
#define MAX_N          999999 /* codes have six digits */
#define LAD_E          350000.0
#define LAD_N          200000.0
#define LAD_SIDE       100000.0 /* metres */
#define MAX_SHARE_DIFF 1e-9
#define MAX_DIST_DIFF  1.0 /* metres */
#define CODE_SZ        24  /* room for any size_t */
#define NSIZES         3
#define WORK           "build-release/bench-spatial"

/* splitmix64 (Steele, Lea and Flood): a double in [0, 1). */
static double rnd(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

/* --- the synthetic dataset ------------------------------------------- */

/* A ds_dataset filled by hand, and everything it points to. */
typedef struct synth {
    ds_dataset ds;
    ds_place place;
    ds_lad lad; /* shares its geometry with place */
    ds_assumption assumptions[5];
    ds_pcn *pcns;
    ds_practice *practices;
    ds_list_size *lists;
    ds_premises *premises;
    const char **links; /* premises i houses practice links[i] */
    ds_site *sites;
    int *rural;
    char *pr_codes, *pcn_codes, *pm_codes, *site_codes; /* CODE_SZ each */
    double side;        /* of the square, metres */
    ds_dataset *loaded; /* a dataset folder's (ds is a copy), else NULL */
    pc_index prac;      /* practice code -> index */
    double *list;       /* by practice: its latest list size */
} synth;

static void synth_free(synth *sy)
{
    pc_index_free(&sy->prac);
    free(sy->list);
    if (sy->loaded) { /* everything else is the loaded dataset's */
        free(sy->rural);
        ds_dataset_free(sy->loaded);
        memset(sy, 0, sizeof *sy);
        return;
    }
    geo_wkb_free(&sy->lad.geom);
    for (size_t i = 0; sy->sites && i < sy->ds.nsites; i++)
        geo_wkb_free(&sy->sites[i].geom);
    free(sy->pcns);
    free(sy->practices);
    free(sy->lists);
    free(sy->premises);
    free(sy->links);
    free(sy->sites);
    free(sy->rural);
    free(sy->pr_codes);
    free(sy->pcn_codes);
    free(sy->pm_codes);
    free(sy->site_codes);
    memset(sy, 0, sizeof *sy);
}

/* The square [x0, x0 + side] x [y0, y0 + side] as BNG WKB, by way of a
 * GeoJSON Polygon. */
static pc_status square_wkb(geo_ctx *geo, double x0, double y0, double side,
                            geo_wkb *out, pc_error *err)
{
    double x1 = x0 + side, y1 = y0 + side;
    char json[512], msg[128];
    cJSON *g;
    int repaired = 0;
    pc_status rc;

    snprintf(json, sizeof json,
             "{\"type\":\"Polygon\",\"coordinates\":[[[%.17g,%.17g],"
             "[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g]]]}",
             x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    g = cJSON_ParseWithLengthOpts(json, strlen(json), NULL, 0);
    if (!g)
        return PC_FAIL(err, PC_ERR_INTERNAL, "bad GeoJSON: %s", json);
    rc = geo_polygon_from_geojson(geo, g, GEO_CRS_BNG, 0, out, &repaired, msg,
                                  sizeof msg, err);
    cJSON_Delete(g);
    return rc;
}

static pc_status synth_build(geo_ctx *geo, size_t nsites, size_t npr, synth *sy,
                             pc_error *err)
{
    static const char *ids[5] = {"huff_alpha", "huff_beta", "dmax_urban_m",
                                 "dmax_rural_m", "huff_min_distance_m"};
    static const double values[5] = {1, 2, 5000, 8000, 200};
    size_t npcn = (npr + 9) / 10;
    uint64_t seed = 20260401;
    ds_dataset *ds = &sy->ds;

    sy->pcns = calloc(npcn, sizeof *sy->pcns);
    sy->practices = calloc(npr, sizeof *sy->practices);
    sy->lists = calloc(npr, sizeof *sy->lists);
    sy->premises = calloc(npr, sizeof *sy->premises);
    sy->links = calloc(npr, sizeof *sy->links);
    sy->sites = calloc(nsites, sizeof *sy->sites);
    sy->rural = calloc(nsites, sizeof *sy->rural);
    sy->pr_codes = calloc(npr, CODE_SZ);
    sy->pcn_codes = calloc(npcn, CODE_SZ);
    sy->pm_codes = calloc(npr, CODE_SZ);
    sy->site_codes = calloc(nsites, CODE_SZ);
    if (!sy->pcns || !sy->practices || !sy->lists || !sy->premises ||
        !sy->links || !sy->sites || !sy->rural || !sy->pr_codes ||
        !sy->pcn_codes || !sy->pm_codes || !sy->site_codes)
        return PC_NOMEM(err);

    ds->dir = "(in memory)";
    ds->name = "bench-spatial";
    ds->title = "bench_spatial: synthetic";
    ds->base_year = 2025;
    if (square_wkb(geo, LAD_E, LAD_N, sy->side, &sy->lad.geom, err) != PC_OK)
        return pc_error_wrap(err, "LAD");
    sy->lad.code = "E06009999";
    sy->lad.name = "Synthetic";
    sy->lad.place = "Synthetic";
    sy->place.name = "Synthetic";
    sy->place.geom = sy->lad.geom;
    ds->places = &sy->place;
    ds->nplaces = 1;
    ds->lads = &sy->lad;
    ds->nlads = 1;

    for (size_t k = 0; k < npcn; k++) {
        char *code = sy->pcn_codes + k * CODE_SZ;

        snprintf(code, CODE_SZ, "U%06zu", k);
        sy->pcns[k] = (ds_pcn){code, code};
    }
    ds->pcns = sy->pcns;
    ds->npcns = npcn;

    for (size_t j = 0; j < npr; j++) {
        char *code = sy->pr_codes + j * CODE_SZ;
        char *pm = sy->pm_codes + j * CODE_SZ;
        double e = LAD_E + sy->side * rnd(&seed);
        double n = LAD_N + sy->side * rnd(&seed);

        snprintf(code, CODE_SZ, "P%06zu", j);
        snprintf(pm, CODE_SZ, "R%06zu", j);
        sy->practices[j] = (ds_practice){.code = code,
                                         .name = code,
                                         .pcn_code = sy->pcns[j / 10].code,
                                         .lad_code = sy->lad.code,
                                         .e = e,
                                         .n = n};
        sy->lists[j] = (ds_list_size){code, "2025-04-01",
                                      2000 + (long)(18001 * rnd(&seed))};
        sy->links[j] = code;
        sy->premises[j] = (ds_premises){.id = pm,
                                        .name = pm,
                                        .gia_m2 = NAN,
                                        .backlog_gbp = NAN,
                                        .void_m2 = NAN,
                                        .practices = &sy->links[j],
                                        .npractices = 1,
                                        .e = e,
                                        .n = n};
    }
    ds->practices = sy->practices;
    ds->npractices = npr;
    ds->list_sizes = sy->lists;
    ds->nlist_sizes = npr;
    ds->premises = sy->premises;
    ds->npremises = npr;

    ds->sites = sy->sites;
    for (size_t i = 0; i < nsites; i++) {
        ds_site *s = &sy->sites[i];
        char *code = sy->site_codes + i * CODE_SZ;
        double ha = 1 + 19 * rnd(&seed), side = sqrt(ha * 1e4);
        double x0 = LAD_E + (sy->side - side) * rnd(&seed);
        double y0 = LAD_N + (sy->side - side) * rnd(&seed);

        sy->rural[i] = rnd(&seed) < 0.2;
        snprintf(code, CODE_SZ, "S%06zu", i);
        s->id = code;
        s->name = code;
        s->lad_code = sy->lad.code;
        s->dwellings = (long)(ha * 35);
        for (int b = 0; b < 6; b++)
            s->mix[b] = NAN;
        s->setting = sy->rural[i] ? "rural" : "urban";
        s->cil_liable = -1;
        s->area_ha = ha;
        if (square_wkb(geo, x0, y0, side, &s->geom, err) != PC_OK)
            return pc_error_wrap(err, "site %s", code);
        ds->nsites = i + 1;
    }

    for (int k = 0; k < 5; k++)
        sy->assumptions[k] =
            (ds_assumption){ids[k], values[k], NULL, "bench_spatial", NULL};
    ds->assumptions = sy->assumptions;
    ds->nassumptions = 5;
    return PC_OK;
}

/* The practices' index and latest list sizes (as plan_spatial_new takes
 * them), and each site's setting; -1 when out of memory. */
static int synth_index(synth *sy)
{
    const ds_dataset *ds = &sy->ds;
    const char **date = calloc(ds->npractices + 1, sizeof *date);
    size_t j;

    sy->list = calloc(ds->npractices + 1, sizeof *sy->list);
    if (!sy->rural)
        sy->rural = calloc(ds->nsites + 1, sizeof *sy->rural);
    if (!date || !sy->list || !sy->rural ||
        pc_index_reserve(&sy->prac, ds->npractices) < 0) {
        free(date);
        return -1;
    }
    for (j = 0; j < ds->npractices; j++)
        if (pc_index_put(&sy->prac, ds->practices[j].code, j, NULL) < 0) {
            free(date);
            return -1;
        }
    for (size_t i = 0; i < ds->nlist_sizes; i++) {
        const ds_list_size *l = &ds->list_sizes[i];

        if (pc_index_get(&sy->prac, l->practice_code, &j) &&
            (!date[j] || strcmp(l->date, date[j]) > 0)) {
            date[j] = l->date;
            sy->list[j] = (double)l->patients;
        }
    }
    for (size_t i = 0; i < ds->nsites; i++)
        sy->rural[i] =
            ds->sites[i].setting && !strcmp(ds->sites[i].setting, "rural");
    free(date);
    return 0;
}

/* gen_dataset's folder dir, loaded as `pcplan init` reads it. */
static pc_status synth_load(geo_ctx *geo, const char *dir, synth *sy,
                            pc_error *err)
{
    pc_status rc = ds_dataset_load(geo, dir, &sy->loaded, err);

    if (rc != PC_OK)
        return rc;
    sy->ds = *sy->loaded;
    return synth_index(sy) ? PC_NOMEM(err) : PC_OK;
}

/* --- allocations ------------------------------------------------------- */

typedef struct row {
    long practice; /* index into the dataset's practices */
    double dist, share;
} row;

/* The allocation of every site: rows first[i] .. first[i + 1] - 1 belong
 * to site i, in practice order once sorted. */
typedef struct allocs {
    size_t nsites;
    size_t *first;
    unsigned char *fallback; /* ours only */
    row *rows;
    size_t n, cap;
} allocs;

static int allocs_init(allocs *a, size_t nsites)
{
    a->nsites = nsites;
    a->first = calloc(nsites + 1, sizeof *a->first);
    a->fallback = calloc(nsites + 1, 1);
    return a->first && a->fallback ? 0 : -1;
}

static void allocs_free(allocs *a)
{
    free(a->first);
    free(a->fallback);
    free(a->rows);
}

static int allocs_push(allocs *a, long practice, double dist, double share)
{
    if (a->n == a->cap) {
        size_t want = a->cap ? 2 * a->cap : 4096;
        row *p = realloc(a->rows, want * sizeof *p);

        if (!p)
            return -1;
        a->rows = p;
        a->cap = want;
    }
    a->rows[a->n++] = (row){practice, dist, share};
    return 0;
}

static int cmp_row(const void *a, const void *b)
{
    const row *x = a, *y = b;

    return (x->practice > y->practice) - (x->practice < y->practice);
}

/* "P000123" -> 123, or -1. */
static long practice_index(const synth *sy, const char *code)
{
    size_t j;

    return code && pc_index_get(&sy->prac, code, &j) ? (long)j : -1;
}

/* --- ours -------------------------------------------------------------- */

/* One run: plan_spatial_new, then every site. Fills *out (rows sorted by
 * practice within each site) and the two times. */
static int run_ours(geo_ctx *geo, const synth *sy, const plan_spatial_params *p,
                    plan_site_geo *g, allocs *out, double *setup_ms,
                    double *alloc_ms)
{
    const ds_dataset *ds = &sy->ds;
    plan_spatial *sp = NULL;
    pc_error err = {0};
    double t0;
    int rc = -1;

    out->n = 0;
    t0 = now_ms();
    if (plan_spatial_new(geo, ds, NULL, p, &sp, &err) != PC_OK) {
        fprintf(stderr, "plan_spatial_new: %s\n", err.msg);
        return -1;
    }
    *setup_ms = now_ms() - t0;

    t0 = now_ms();
    for (size_t i = 0; i < ds->nsites; i++) {
        if (plan_spatial_allocate(sp, &ds->sites[i].geom, sy->rural[i],
                                  PLAN_HUFF, g, &err) != PC_OK) {
            fprintf(stderr, "plan_spatial_allocate: site %s: %s\n",
                    ds->sites[i].id, err.msg);
            goto done;
        }
        out->first[i] = out->n;
        out->fallback[i] = g->fallback != 0;
        for (size_t k = 0; k < g->nalloc; k++) {
            const plan_alloc *a = &g->alloc[k];
            long j = practice_index(sy, a->practice_code);

            if (j < 0) {
                fprintf(stderr, "site %s: unknown practice %s\n",
                        ds->sites[i].id,
                        a->practice_code ? a->practice_code : "(null)");
                goto done;
            }
            if (allocs_push(out, j, a->distance_m, a->share) != 0) {
                fprintf(stderr, "out of memory\n");
                goto done;
            }
        }
    }
    out->first[ds->nsites] = out->n;
    *alloc_ms = now_ms() - t0;

    for (size_t i = 0; i < ds->nsites; i++)
        qsort(out->rows + out->first[i], out->first[i + 1] - out->first[i],
              sizeof *out->rows, cmp_row);
    rc = 0;
done:
    plan_spatial_free(sp);
    return rc;
}

/* --- the reference: SpatiaLite SQL ------------------------------------- */

typedef struct spl {
    sqlite3 *db;
    void *cache;
} spl;

static int spl_open(spl *s)
{
    if (sqlite3_open_v2(":memory:", &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        fprintf(stderr, ":memory:: %s\n",
                s->db ? sqlite3_errmsg(s->db) : "out of memory");
        return -1;
    }
    s->cache = spatialite_alloc_connection();
    spatialite_init_ex(s->db, s->cache, 0);
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

/* SpatiaLite's admin functions return 0 on failure rather than an error:
 * every SELECT in the script must give 1. */
static int check_one(void *bad, int ncols, char **vals, char **names)
{
    (void)names;
    if (ncols < 1 || !vals[0] || strcmp(vals[0], "1"))
        *(int *)bad = 1;
    return 0;
}

static int spl_exec(spl *s, const char *sql)
{
    int bad = 0;

    if (sqlite3_exec(s->db, sql, check_one, &bad, NULL) != SQLITE_OK) {
        fprintf(stderr, "SpatiaLite: %s\n", sqlite3_errmsg(s->db));
        return -1;
    }
    if (bad) {
        fprintf(stderr, "SpatiaLite: a function failed in: %s\n", sql);
        return -1;
    }
    return 0;
}

/* The schema, then the premises and sites in one transaction. */
static int sql_load(spl *s, const synth *sy)
{
    static const char *schema =
        "SELECT InitSpatialMetadata(0, 'NONE');"
        "SELECT InsertEpsgSrid(27700);"
        "CREATE TABLE premises (id INTEGER PRIMARY KEY, practice_code TEXT "
        "NOT NULL, list REAL NOT NULL);"
        "SELECT AddGeometryColumn('premises', 'geom', 27700, 'POINT', "
        "'XY');"
        "SELECT CreateSpatialIndex('premises', 'geom');"
        "CREATE TABLE sites (id INTEGER PRIMARY KEY, rural INTEGER NOT "
        "NULL);"
        "SELECT AddGeometryColumn('sites', 'geom', 27700, 'MULTIPOLYGON', "
        "'XY');"
        "SELECT CreateSpatialIndex('sites', 'geom');";
    static const char *ins_pm = "INSERT INTO premises VALUES (?, ?, ?, "
                                "MakePoint(?, ?, 27700))";
    static const char *ins_site = "INSERT INTO sites VALUES (?, ?, "
                                  "GeomFromWKB(?, 27700))";
    const ds_dataset *ds = &sy->ds;
    sqlite3_stmt *q = NULL, *qs = NULL;
    int rc = -1;

    if (spl_exec(s, "BEGIN") != 0 || spl_exec(s, schema) != 0)
        goto done;
    if (sqlite3_prepare_v2(s->db, ins_pm, -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, ins_site, -1, &qs, NULL) != SQLITE_OK)
        goto fail;
    /* a row for each practice at each premises, with its latest list; a
     * practice with no patients attracts none (as in plan_spatial) */
    for (size_t i = 0; i < ds->npremises; i++) {
        const ds_premises *pm = &ds->premises[i];

        for (size_t k = 0; k < pm->npractices; k++) {
            long j = practice_index(sy, pm->practices[k]);

            if (j < 0 || !(sy->list[j] > 0))
                continue;
            sqlite3_bind_null(q, 1);
            sqlite3_bind_text(q, 2, pm->practices[k], -1, SQLITE_STATIC);
            sqlite3_bind_double(q, 3, sy->list[j]);
            sqlite3_bind_double(q, 4, pm->e);
            sqlite3_bind_double(q, 5, pm->n);
            if (sqlite3_step(q) != SQLITE_DONE)
                goto fail;
            sqlite3_reset(q);
        }
    }
    for (size_t i = 0; i < ds->nsites; i++) {
        const geo_wkb *g = &ds->sites[i].geom;

        sqlite3_bind_int64(qs, 1, (sqlite3_int64)i);
        sqlite3_bind_int(qs, 2, sy->rural[i]);
        sqlite3_bind_blob(qs, 3, g->data, (int)g->len, SQLITE_STATIC);
        if (sqlite3_step(qs) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(qs);
    }
    if (spl_exec(s, "COMMIT") != 0)
        goto done;
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "SpatiaLite load: %s\n", sqlite3_errmsg(s->db));
done:
    sqlite3_finalize(qs);
    sqlite3_finalize(q);
    return rc;
}

/* The huff rule in one query, rows ordered by site and practice code.
 * ?1 alpha, ?2 beta, ?3 D_max urban, ?4 D_max rural, ?5 minimum distance.
 * The R-tree holds each premises' MBR; the candidates inside a site's MBR
 * grown by its D_max are then measured exactly. A practice's distance is
 * that of its nearest premises (min(d) per site and practice). */
static const char *huff_sql =
    "WITH s AS ("
    "  SELECT id, geom, CASE WHEN rural THEN ?4 ELSE ?3 END AS dmax"
    "  FROM sites),"
    " cand AS ("
    "  SELECT s.id AS site, s.dmax AS dmax, p.practice_code AS code,"
    "   p.list AS list, ST_Distance(s.geom, p.geom) AS d"
    "  FROM s"
    "  JOIN idx_premises_geom AS r"
    "   ON r.xmin <= MbrMaxX(s.geom) + s.dmax"
    "   AND r.xmax >= MbrMinX(s.geom) - s.dmax"
    "   AND r.ymin <= MbrMaxY(s.geom) + s.dmax"
    "   AND r.ymax >= MbrMinY(s.geom) - s.dmax"
    "  JOIN premises AS p ON p.id = r.pkid),"
    " near AS ("
    "  SELECT site, code, list, min(d) AS d FROM cand"
    "  GROUP BY site, code HAVING min(d) <= dmax),"
    " w AS ("
    "  SELECT site, code, d, Power(list, ?1) * Power(max(d, ?5), -?2) AS w"
    "  FROM near)"
    " SELECT site, code, d, w / sum(w) OVER (PARTITION BY site)"
    " FROM w ORDER BY site, code";

/* Runs the query and fills *out. */
static int sql_allocate(spl *s, const synth *sy, const plan_spatial_params *p,
                        allocs *out)
{
    const ds_dataset *ds = &sy->ds;
    sqlite3_stmt *q = NULL;
    size_t next = 0; /* the next site whose first row is unknown */
    int rc = -1, step;

    out->n = 0;
    if (sqlite3_prepare_v2(s->db, huff_sql, -1, &q, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_double(q, 1, p->huff_alpha);
    sqlite3_bind_double(q, 2, p->huff_beta);
    sqlite3_bind_double(q, 3, p->dmax_urban_m);
    sqlite3_bind_double(q, 4, p->dmax_rural_m);
    sqlite3_bind_double(q, 5, p->min_distance_m);
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 site = sqlite3_column_int64(q, 0);
        const char *code = (const char *)sqlite3_column_text(q, 1);
        long j = practice_index(sy, code);

        if (site < 0 || (size_t)site >= ds->nsites || (size_t)site + 1 < next ||
            j < 0 || sqlite3_column_type(q, 2) == SQLITE_NULL ||
            sqlite3_column_type(q, 3) == SQLITE_NULL) {
            fprintf(stderr, "SpatiaLite: unexpected row: site %lld, %s\n",
                    (long long)site, code ? code : "(null)");
            goto done;
        }
        while (next <= (size_t)site)
            out->first[next++] = out->n;
        if (allocs_push(out, j, sqlite3_column_double(q, 2),
                        sqlite3_column_double(q, 3)) != 0) {
            fprintf(stderr, "out of memory\n");
            goto done;
        }
    }
    if (step != SQLITE_DONE)
        goto fail;
    while (next <= ds->nsites)
        out->first[next++] = out->n;
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "SpatiaLite query: %s\n", sqlite3_errmsg(s->db));
done:
    sqlite3_finalize(q);
    return rc;
}

/* One run: a new in-memory database, loaded, then queried. */
static int run_reference(const synth *sy, const plan_spatial_params *p,
                         allocs *out, double *load_ms, double *query_ms)
{
    spl s = {0};
    double t0 = now_ms();
    int rc = -1;

    if (spl_open(&s) != 0 || sql_load(&s, sy) != 0)
        goto done;
    *load_ms = now_ms() - t0;
    t0 = now_ms();
    if (sql_allocate(&s, sy, p, out) != 0)
        goto done;
    *query_ms = now_ms() - t0;
    rc = 0;
done:
    spl_close(&s);
    return rc;
}

/* --- agreement --------------------------------------------------------- */

typedef struct agreement {
    size_t sites, rows, fallbacks, bad;
    double share_diff, dist_diff;
} agreement;

static void disagree(agreement *ag, const synth *sy, size_t i, const char *what)
{
    if (ag->bad++ < 5)
        fprintf(stderr, "site %s (%s): %s\n", sy->ds.sites[i].id,
                sy->ds.sites[i].setting, what);
}

static void compare(const synth *sy, const allocs *ours, const allocs *ref,
                    agreement *ag)
{
    for (size_t i = 0; i < sy->ds.nsites; i++) {
        const row *o = ours->rows + ours->first[i];
        const row *r = ref->rows + ref->first[i];
        size_t no = ours->first[i + 1] - ours->first[i];
        size_t nr = ref->first[i + 1] - ref->first[i];
        char msg[160];

        if (ours->fallback[i]) {
            ag->fallbacks++;
            if (nr > 0) {
                snprintf(msg, sizeof msg,
                         "ours found no practice within D_max, the "
                         "reference %zu",
                         nr);
                disagree(ag, sy, i, msg);
            }
            continue;
        }
        ag->sites++;
        if (no != nr) {
            snprintf(msg, sizeof msg,
                     "ours allocates to %zu practices, the reference to %zu",
                     no, nr);
            disagree(ag, sy, i, msg);
            continue;
        }
        for (size_t k = 0; k < no; k++) {
            double dshare = fabs(o[k].share - r[k].share);
            double ddist = fabs(o[k].dist - r[k].dist);

            if (o[k].practice != r[k].practice) {
                snprintf(msg, sizeof msg,
                         "practice %zu of %zu: ours %s, the reference %s", k,
                         no, sy->ds.practices[o[k].practice].code,
                         sy->ds.practices[r[k].practice].code);
                disagree(ag, sy, i, msg);
                break;
            }
            if (!(dshare <= ag->share_diff)) /* also catches NaN */
                ag->share_diff = dshare;
            if (!(ddist <= ag->dist_diff))
                ag->dist_diff = ddist;
        }
        ag->rows += no;
    }
}

/* --- main -------------------------------------------------------------- */

static int parse_count(const char *s, size_t *out)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (end == s || *end != '\0' || v < 1 || v > MAX_N)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* One dataset sy, described by what; out: ours, ours' setup, the
 * reference's query and load (ms). 0 when both ran and agree, 1 when they
 * disagree, -1 when a step failed. */
static int bench_data(geo_ctx *geo, const synth *sy, const char *what,
                      double out[4])
{
    double setup[RUNS], ours_ms[RUNS], load[RUNS], ref_ms[RUNS];
    double o_setup, o_alloc, r_load, r_query;
    size_t nsites = sy->ds.nsites, nrural = 0;
    plan_spatial_params p;
    plan_site_geo g = {0};
    allocs ours = {0}, ref = {0};
    agreement ag = {0};
    pc_error err = {0};
    int rc = -1;

    if (plan_spatial_params_get(&sy->ds, &p, &err) != PC_OK) {
        fprintf(stderr, "%s: %s\n", what, err.msg);
        goto done;
    }
    if (allocs_init(&ours, nsites) != 0 || allocs_init(&ref, nsites) != 0) {
        fprintf(stderr, "out of memory\n");
        goto done;
    }
    for (size_t i = 0; i < nsites; i++)
        nrural += sy->rural[i] != 0;
    printf("bench_spatial: huff allocation of %zu sites (%zu rural) to %zu "
           "practices at %zu premises, %s; median of %d runs, ratio = ours / "
           "reference\n",
           nsites, nrural, sy->ds.npractices, sy->ds.npremises, what, RUNS);
    fflush(stdout);
    for (int r = 0; r < RUNS; r++) {
        if (run_ours(geo, sy, &p, &g, &ours, &setup[r], &ours_ms[r]) != 0 ||
            run_reference(sy, &p, &ref, &load[r], &ref_ms[r]) != 0)
            goto done;
    }
    out[0] = o_alloc = median(ours_ms, RUNS);
    out[1] = o_setup = median(setup, RUNS);
    out[2] = r_query = median(ref_ms, RUNS);
    out[3] = r_load = median(load, RUNS);
    compare(sy, &ours, &ref, &ag);

    printf("  ours: %.1f ms (plan_spatial_allocate, huff, every site)\n"
           "  ours, setup: %.1f ms (plan_spatial_new: premises and LAD "
           "indexes, approximate PCN areas)\n"
           "  reference (SpatiaLite SQL): %.1f ms (one query: R-tree "
           "candidates, ST_Distance, share by window function)\n"
           "  reference, load: %.1f ms (in-memory database, premises and "
           "sites with spatial indexes)\n"
           "  ratio ours/reference: %.2f\n"
           "  ratio ours/reference with setup and load: %.2f\n",
           o_alloc, o_setup, r_query, r_load,
           r_query > 0 ? o_alloc / r_query : 0.0,
           r_load + r_query > 0 ? (o_setup + o_alloc) / (r_load + r_query)
                                : 0.0);
    printf("  compared %zu sites, %zu practice shares (%.1f per site): max "
           "difference %.3g in share (limit %g), %.6f m in distance (limit "
           "%g m)\n"
           "  left out: %zu sites with no practice within D_max (ours gives "
           "them to the nearest practice, the SQL has no rows)\n",
           ag.sites, ag.rows,
           ag.sites ? (double)ag.rows / (double)ag.sites : 0.0, ag.share_diff,
           MAX_SHARE_DIFF, ag.dist_diff, MAX_DIST_DIFF, ag.fallbacks);
    rc = 0;
    if (ag.bad > 0 || !(ag.share_diff <= MAX_SHARE_DIFF) ||
        !(ag.dist_diff <= MAX_DIST_DIFF)) {
        fprintf(stderr,
                "bench_spatial: ours and the reference disagree (%zu sites "
                "differ; max share difference %.3g, max distance "
                "difference %.6f m)\n",
                ag.bad, ag.share_diff, ag.dist_diff);
        rc = 1;
    }
done:
    if (rc != 0)
        printf("  FAILED\n");
    fflush(stdout);
    plan_site_geo_free(&g);
    allocs_free(&ref);
    allocs_free(&ours);
    return rc;
}

/* One size of the synthetic square: nsites sites and npr practices in a
 * square of side metres. As bench_data. */
static int one_size(geo_ctx *geo, size_t nsites, size_t npr, double side,
                    double out[4])
{
    synth sy = {0};
    pc_error err = {0};
    char what[96];
    int rc = -1;

    sy.side = side;
    if (synth_build(geo, nsites, npr, &sy, &err) != PC_OK)
        fprintf(stderr, "synthetic dataset: %s\n", err.msg);
    else if (synth_index(&sy))
        fprintf(stderr, "out of memory\n");
    else {
        snprintf(what, sizeof what,
                 "one premises each in a %.0f km square (synthetic)",
                 side / 1000);
        rc = bench_data(geo, &sy, what, out);
    }
    synth_free(&sy);
    return rc;
}

/* gen_dataset's folder at scale sc (made into WORK/data-SC by gen) as
 * `pcplan init` reads it. As bench_data; *nsites its sites. */
static int one_generated(geo_ctx *geo, const char *gen, const char *sc,
                         size_t *nsites, double out[4])
{
    synth sy = {0};
    pc_error err = {0};
    char dir[4096], what[128];
    int rc = -1;

    snprintf(dir, sizeof dir, WORK "/data-%s", sc);
    mkdir(WORK, 0755);
    if (bench_generate(gen, sc, dir) != 0)
        fprintf(stderr, "bench_spatial: %s failed (see %s.log)\n", gen, dir);
    else if (synth_load(geo, dir, &sy, &err) != PC_OK)
        fprintf(stderr, "bench_spatial: %s: %s\n", dir, err.msg);
    else {
        snprintf(what, sizeof what, "gen_dataset --scale %s (%zu LADs)", sc,
                 sy.ds.nlads);
        *nsites = sy.ds.nsites;
        rc = bench_data(geo, &sy, what, out);
    }
    synth_free(&sy);
    return rc;
}

/* The growth exponents of t between the sizes n (nk of them, named
 * size). */
static void exponents(const char *title, const char *const *size,
                      const size_t *n, double t[][4], int nk)
{
    static const char *const what[4] = {"ours", "ours, setup", "reference",
                                        "reference, load"};
    double nd[NSIZES];

    for (int k = 0; k < nk && k < NSIZES; k++)
        nd[k] = (double)n[k];
    bench_exponents(title, "sites", what, 4, size, nd, nk, &t[0][0], 4);
}

int main(int argc, char **argv)
{
    /* without arguments: 0.02, 0.2 and 1 of England's sites and practices
     * (bench_scale's sizes), the square grown with them so that a site has
     * as many practices within reach at every size; then gen_dataset's
     * folders at the same scales */
    static const double scales[NSIZES] = {0.02, 0.2, 1};
    static const char *const gen_scales[NSIZES] = {"0.02", "0.2", "1"};
    size_t nsites = NSITES, npr = NPRACTICES, n[NSIZES];
    double t[NSIZES][4];
    char gen[4096];
    pc_error err = {0};
    geo_ctx *geo = NULL;
    int rc = 0;

    if (argc != 1 && argc != 3) {
        fprintf(stderr, "usage: %s [NSITES NPRACTICES]\n", argv[0]);
        return 2;
    }
    if (argc == 3 && (parse_count(argv[1], &nsites) != 0 ||
                      parse_count(argv[2], &npr) != 0)) {
        fprintf(stderr,
                "usage: %s [NSITES NPRACTICES]\n"
                "  (each a whole number from 1 to %d; defaults %d and %d)\n",
                argv[0], MAX_N, NSITES, NPRACTICES);
        return 2;
    }
    geo = geo_ctx_new(&err);
    if (!geo) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    if (argc == 3) {
        rc = one_size(geo, nsites, npr, LAD_SIDE, t[0]) != 0;
        geo_ctx_free(geo);
        return rc;
    }
    for (int k = 0; k < NSIZES && rc == 0; k++) {
        n[k] = (size_t)lround(NSITES * scales[k]);
        rc = one_size(geo, n[k], (size_t)lround(NPRACTICES * scales[k]),
                      LAD_SIDE * sqrt(scales[k]), t[k]) != 0;
    }
    if (rc == 0)
        exponents("bench_spatial: synthetic square", gen_scales, n, t, NSIZES);
    bench_sibling(argv[0], "gen_dataset", gen, sizeof gen);
    if (rc == 0 && access(gen, X_OK) != 0)
        printf("bench_spatial: no %s (build the target gen_dataset)\n", gen);
    else if (rc == 0) {
        for (int k = 0; k < NSIZES && rc == 0; k++)
            rc = one_generated(geo, gen, gen_scales[k], &n[k], t[k]) != 0;
        if (rc == 0)
            exponents("bench_spatial: gen_dataset", gen_scales, n, t, NSIZES);
    }
    geo_ctx_free(geo);
    return rc;
}
