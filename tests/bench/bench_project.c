/* bench_project.c: how fast the projection runs (plan_project), next to
 * the same housing-led projection written as SQL and run in the same
 * process.
 *
 * Two datasets, each projected as a full deterministic run (growth max,
 * plus plan_run_json at practice detail, timed apart) and as a 1,000-draw
 * Monte Carlo run (seed 1):
 *
 *   bundled     datasets/coventry-warwickshire with its spatial model
 *               (plan_spatial_build, untimed), preset cw-strategy, 10 years
 *   England     synthetic, built in memory from a fixed seed: 300 LADs in
 *               42 places, 6,500 practices in 1,250 PCNs with one premises
 *               each, 20,000 sites (a tenth split 0.7/0.3 over two LADs,
 *               8% with a bedroom mix) with trajectories of 5 to 20 years,
 *               each allocated to 5 to 15 practices of its LAD, LAD
 *               projections 2022 to 2060, 300 committed schemes; base year
 *               2026, 25 years
 *
 *   reference   an in-memory SQLite database holding the trajectories
 *               (site, year, homes), the stored allocations (site,
 *               practice, share, method), the LAD shares, the persons per
 *               home of each site and the practices' places, and one query:
 *               homes of the years base..t-1 per site x persons per home x
 *               registration_rate x population_gain_factor x LAD share x
 *               allocation share, summed by place and year (growth housing)
 *
 *   generated   tests/bench/gen_dataset's folders at 0.02, 0.2 and 1 of
 *               England's size (the data `pcplan init` reads in
 *               bench_scale), loaded with ds_dataset_load and given their
 *               spatial model (untimed), no preset, 10 years; the growth
 *               exponent of each timing between sizes is printed, n the
 *               practices
 *
 * The bundled data is read from $PC_SOURCE_DIR, or else from the current
 * directory (`make bench` runs from the repository root). The whole bench
 * takes about 30 s, most of it the England-sized runs; the 1,000 draws
 * there are run once when one run takes over SLOW_MS.
 * Ratios are ours / the query, both medians of the same number of runs.
 * The loading of the reference is reported but left out of the ratios.
 * Cross-check: plan_project with growth housing must give every place's
 * new patients in every year within a relative difference of MAX_REL of
 * the query's; the exit status is 1 when it does not or a step fails. */
#include "bench.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_project.h"
#include "plan_scenario.h"
#include "plan_spatial.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUNS_CW         5
#define RUNS_EN         3
#define DRAWS           1000
#define SLOW_MS         5000.0 /* one repetition of the draws above this */
#define MAX_REL         1e-9
#define CW_DIR          "datasets/coventry-warwickshire"
#define NPLACES         42
#define NLADS           300
#define NPCNS           1250
#define NPRACTICES      6500
#define NSITES          20000
#define NSCHEMES        300
#define MAX_TRAJ        20
#define MAX_ALLOC       15
#define CODE_SZ         16
#define NAREAS          (NPLACES + NLADS + NPCNS + NSCHEMES) /* with a code */
#define NCODES          (NAREAS + 2 * NPRACTICES + NSITES)
#define PROJ_FIRST      2022
#define PROJ_LAST       2060
#define MAX_ASSUMPTIONS 40
#define GEN_WORK        "build-release/bench-project"
#define NGEN            3

/* splitmix64 (Steele, Lea and Flood): a double in [0, 1). */
static double rnd(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

/* A whole number in [lo, hi]. */
static long irange(uint64_t *state, long lo, long hi)
{
    return lo + (long)((double)(hi - lo + 1) * rnd(state));
}

/* --- the synthetic England-sized dataset ------------------------------- */

/* The assumptions, "id value" pairs: the projection's, with the values of
 * datasets/coventry-warwickshire/assumptions.csv. */
static const char *en_assumptions =
    "patients_per_gp_fte 1800 gp_f2f_sessions_per_fte 6 "
    "room_sessions_per_week 11 persons_per_dwelling 2.4 "
    "persons_per_dwelling_1bed 1.3 persons_per_dwelling_2bed 1.9 "
    "persons_per_dwelling_3bed 2.5 persons_per_dwelling_4bed 3.0 "
    "persons_per_dwelling_5bed 3.4 use_bedroom_mix 1 registration_rate 1 "
    "population_gain_factor 1 appointments_per_patient_year 5.8 "
    "f2f_share 0.67 minutes_per_appointment 15 room_hours_per_week 52.5 "
    "weeks_per_year 50 utilisation 0.8 patients_per_room 1121.672 "
    "m2_per_patient 0.068571428571429 gross_m2_per_room 54.25 "
    "mc_delivery_rate_mean 1.0 mc_delivery_rate_sd 0.15 "
    "mc_start_delay_mean_years 0.5 mc_start_delay_sd_years 1.0 "
    "mc_seed 20260401 huff_beta 2";

/* The dataset and everything it points to: fixed sizes, so static. */
static struct {
    ds_dataset ds;
    ds_spatial sp;
    ds_place places[NPLACES];
    ds_lad lads[NLADS];
    ds_pcn pcns[NPCNS];
    ds_practice practices[NPRACTICES];
    ds_list_size lists[NPRACTICES];
    ds_premises premises[NPRACTICES];
    const char *links[NPRACTICES]; /* premises j houses practice j */
    size_t first[NLADS + 1];       /* practices of LAD l: first[l].. */
    ds_site sites[NSITES];
    long traj[NSITES][MAX_TRAJ];
    ds_scheme schemes[NSCHEMES];
    ds_projection proj[NLADS * (PROJ_LAST - PROJ_FIRST + 1)];
    ds_site_share shares[2 * NSITES];
    ds_site_alloc allocs[NSITES * MAX_ALLOC];
    ds_assumption assumptions[MAX_ASSUMPTIONS];
    char ids[MAX_ASSUMPTIONS][CODE_SZ * 2];
    char codes[NCODES][CODE_SZ];
    size_t ncodes;
} en;

/* The next code from the pool: prefix and i with `width` digits. */
static const char *code(char prefix, int width, size_t i)
{
    char *c = en.codes[en.ncodes++];

    snprintf(c, CODE_SZ, "%c%0*zu", prefix, width, i);
    return c;
}

/* A site in LAD l, its LAD shares and its allocation. */
static void synth_site(size_t i, size_t l, uint64_t *seed)
{
    ds_site *s = &en.sites[i];
    size_t cnt = en.first[l + 1] - en.first[l], k = (size_t)irange(seed, 5, 15);
    size_t off = (size_t)irange(seed, 0, (long)cnt - 1);
    double wsum = 0, w[MAX_ALLOC];
    int mixed = rnd(seed) < 0.08;

    s->id = s->name = code('S', 5, i);
    s->lad_code = en.lads[l].code;
    s->traj_start = (int)irange(seed, 2020, 2040);
    s->ntraj = (size_t)irange(seed, 5, MAX_TRAJ);
    s->traj = en.traj[i];
    for (size_t y = 0; y < s->ntraj; y++)
        s->dwellings += s->traj[y] = irange(seed, 20, 300);
    s->mix[0] = NAN;
    for (int b = 1; b <= 5; b++)
        wsum += w[b] = rnd(seed);
    for (int b = 1; b <= 5; b++)
        s->mix[b] = mixed ? 100 * w[b] / wsum : NAN;
    s->planning_status = "allocated";
    s->setting = "urban";
    s->cil_liable = -1;
    s->area_ha = NAN;
    if (rnd(seed) < 0.1) {
        size_t l2 = (l + (size_t)irange(seed, 1, NLADS - 1)) % NLADS;

        en.shares[en.sp.nlad_shares++] =
            (ds_site_share){s->id, s->lad_code, 0, 0.7, 0};
        en.shares[en.sp.nlad_shares++] =
            (ds_site_share){s->id, en.lads[l2].code, 0, 0.3, 0};
    } else
        en.shares[en.sp.nlad_shares++] =
            (ds_site_share){s->id, s->lad_code, 0, 1, 0};
    wsum = 0;
    for (size_t a = 0; a < k; a++)
        wsum += w[a] = 0.05 + rnd(seed);
    for (size_t a = 0; a < k; a++) {
        size_t p = en.first[l] + (off + a) % cnt;

        en.allocs[en.sp.nallocs++] = (ds_site_alloc){
            s->id, "huff",     en.practices[p].code, en.premises[p].id,
            0,     w[a] / wsum};
    }
}

static void synth_build(void)
{
    uint64_t seed = 20260401;
    ds_dataset *ds = &en.ds;

    for (size_t q = 0; q < NPLACES; q++) /* "Q01" < "Q02": sorted by name */
        en.places[q].name = code('Q', 2, q);
    for (size_t l = 0; l < NLADS; l++) {
        ds_lad *L = &en.lads[l];
        double pop = (double)irange(&seed, 80000, 400000),
               g = 0.003 + 0.009 * rnd(&seed);

        L->code = L->name = code('L', 3, l);
        L->place = en.places[l * NPLACES / NLADS].name;
        for (int y = PROJ_FIRST; y <= PROJ_LAST; y++, pop *= 1 + g)
            en.proj[ds->nprojections++] = (ds_projection){L->code, y, pop};
    }
    for (size_t k = 0; k < NPCNS; k++)
        en.pcns[k].code = en.pcns[k].name = code('U', 4, k);
    for (size_t j = 0; j < NPRACTICES; j++) {
        size_t l = j * NLADS / NPRACTICES;
        const char *c = code('P', 5, j);
        ds_premises *pm = &en.premises[j];

        if (j == 0 || l != (j - 1) * NLADS / NPRACTICES)
            en.first[l] = j;
        en.practices[j] = (ds_practice){
            c, c, NULL, en.pcns[j * NPCNS / NPRACTICES].code, en.lads[l].code,
            0, 0};
        en.lists[j] =
            (ds_list_size){c, "2026-04-01", irange(&seed, 2000, 20000)};
        en.links[j] = c;
        pm->id = code('R', 5, j);
        pm->gia_m2 = pm->backlog_gbp = pm->void_m2 = NAN;
        pm->rooms_consult = (int)irange(&seed, 2, 8);
        pm->rooms_treatment = (int)irange(&seed, 1, 3);
        pm->rooms_other = (int)irange(&seed, 0, 2);
        pm->practices = &en.links[j];
        pm->npractices = 1;
    }
    en.first[NLADS] = NPRACTICES;
    for (size_t i = 0; i < NSITES; i++)
        synth_site(i, (size_t)irange(&seed, 0, NLADS - 1), &seed);
    for (size_t i = 0; i < NSCHEMES; i++) {
        ds_scheme *x = &en.schemes[i];
        size_t p = (size_t)irange(&seed, 0, NPRACTICES - 1);

        x->id = code('X', 3, i);
        x->kind = "extension";
        x->status = "committed";
        if (rnd(&seed) < 2.0 / 3) { /* at a practice's premises */
            x->place = en.lads[p * NLADS / NPRACTICES].place;
            x->premises_id = en.premises[p].id;
        } else
            x->place = en.places[irange(&seed, 0, NPLACES - 1)].name;
        x->rooms_consult = (int)irange(&seed, 1, 6);
        x->rooms_treatment = (int)irange(&seed, 0, 2);
        x->rooms_other = (int)irange(&seed, 0, 1);
        x->m2_added = x->cost_gbp = x->rent_gbp = NAN;
        x->duration_years = (int)irange(&seed, 1, 3);
        x->completion_year = (int)irange(&seed, 2027, 2050);
    }
    for (const char *a = en_assumptions; ds->nassumptions < MAX_ASSUMPTIONS;) {
        size_t k = ds->nassumptions;
        double v;
        int n = 0;

        if (sscanf(a, "%31s %lf %n", en.ids[k], &v, &n) != 2)
            break;
        en.assumptions[k] = (ds_assumption){en.ids[k], v, "", "bench", NULL};
        ds->nassumptions++;
        a += n;
    }
    ds->dir = "(in memory)";
    ds->name = "bench-england";
    ds->title = "Synthetic England";
    ds->base_year = 2026;
    ds->places = en.places;
    ds->nplaces = NPLACES;
    ds->lads = en.lads;
    ds->nlads = NLADS;
    ds->pcns = en.pcns;
    ds->npcns = NPCNS;
    ds->practices = en.practices;
    ds->npractices = ds->nlist_sizes = ds->npremises = NPRACTICES;
    ds->list_sizes = en.lists;
    ds->premises = en.premises;
    ds->sites = en.sites;
    ds->nsites = NSITES;
    ds->schemes = en.schemes;
    ds->nschemes = NSCHEMES;
    ds->assumptions = en.assumptions;
    ds->projections = en.proj;
    en.sp.lad_shares = en.shares;
    en.sp.allocs = en.allocs;
}

/* --- the reference: SQL ------------------------------------------------ */

/* An assumption's value under preset (NULL: none); NAN when absent. */
static double assumption(const ds_dataset *ds, const char *preset,
                         const char *id)
{
    double v = NAN;

    for (size_t i = 0; i < ds->nassumptions; i++)
        if (!strcmp(ds->assumptions[i].id, id))
            v = ds->assumptions[i].value;
    for (size_t i = 0; preset && i < ds->npresets; i++)
        if (!strcmp(ds->presets[i].preset, preset) &&
            !strcmp(ds->presets[i].assumption_id, id))
            v = ds->presets[i].value;
    return v;
}

/* Persons per new home of site s: by bedroom band when its mix is known
 * and use_bedroom_mix is not 0, else persons_per_dwelling. */
static double persons(const ds_dataset *ds, const char *preset,
                      const ds_site *s)
{
    static const char *band[6] = {NULL,
                                  "persons_per_dwelling_1bed",
                                  "persons_per_dwelling_2bed",
                                  "persons_per_dwelling_3bed",
                                  "persons_per_dwelling_4bed",
                                  "persons_per_dwelling_5bed"};
    double sum = 0;

    if (isnan(s->mix[1]) || assumption(ds, preset, "use_bedroom_mix") == 0)
        return assumption(ds, preset, "persons_per_dwelling");
    for (int b = 1; b <= 5; b++)
        if (s->mix[b] > 0)
            sum += s->mix[b] / 100.0 * assumption(ds, preset, band[b]);
    return sum;
}

static const char *schema =
    "CREATE TABLE traj (site TEXT, year INTEGER, homes REAL,"
    " PRIMARY KEY (site, year)) WITHOUT ROWID;"
    "CREATE TABLE site (site TEXT PRIMARY KEY, lad TEXT, persons REAL);"
    "CREATE TABLE lad_share (site TEXT, lad TEXT, share REAL);"
    "CREATE TABLE alloc (site TEXT, practice TEXT, share REAL, method TEXT);"
    "CREATE TABLE practice (practice TEXT PRIMARY KEY, place TEXT);";

/* After the rows: a site with no LAD shares is all in its declared LAD. */
static const char *finish =
    "INSERT INTO lad_share SELECT site, lad, 1 FROM site"
    " WHERE site NOT IN (SELECT site FROM lad_share);"
    "CREATE INDEX lad_share_site ON lad_share (site);"
    "CREATE INDEX alloc_site ON alloc (site, method);"
    "ANALYZE;";

/* ?1 base year, ?2 years, ?3 registration_rate, ?4 population_gain_factor.
 * Each site's new patients per home going to each place first (f), then
 * times its cumulative homes: three times faster than joining the
 * cumulative homes with every allocation row. */
static const char *query =
    "WITH RECURSIVE years(t) AS (SELECT ?1 + 1 UNION ALL"
    "  SELECT t + 1 FROM years WHERE t < ?1 + ?2),"
    " cum AS (SELECT j.site AS site, y.t AS t, sum(j.homes) AS homes"
    "  FROM years AS y JOIN traj AS j ON j.year >= ?1 AND j.year < y.t"
    "  GROUP BY j.site, y.t),"
    " f AS (SELECT a.site AS site, p.place AS place,"
    "  sum(s.persons * ?3 * ?4 * l.share * a.share) AS w"
    "  FROM alloc AS a JOIN site AS s ON s.site = a.site"
    "  JOIN lad_share AS l ON l.site = a.site"
    "  JOIN practice AS p ON p.practice = a.practice"
    "  WHERE a.method = 'huff' GROUP BY a.site, p.place)"
    " SELECT f.place, c.t, sum(c.homes * f.w)"
    " FROM cum AS c JOIN f ON f.site = c.site GROUP BY f.place, c.t";

static int sql_fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "SQLite: %s: %s\n", what, sqlite3_errmsg(db));
    return -1;
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : sql_fail(db, "exec");
}

/* Runs one INSERT statement with the values in `types` order: 't' a
 * string, 'd' a double. */
static int ins(sqlite3 *db, sqlite3_stmt *q, const char *types, ...)
{
    va_list ap;

    sqlite3_reset(q);
    va_start(ap, types);
    for (int k = 0; types[k]; k++)
        if (types[k] == 't')
            sqlite3_bind_text(q, k + 1, va_arg(ap, const char *), -1,
                              SQLITE_STATIC);
        else
            sqlite3_bind_double(q, k + 1, va_arg(ap, double));
    va_end(ap);
    return sqlite3_step(q) == SQLITE_DONE ? 0 : sql_fail(db, "insert");
}

static int sql_load(sqlite3 *db, const ds_dataset *ds, const ds_spatial *sp,
                    const char *preset)
{
    static const char *sql[5] = {"INSERT INTO traj VALUES (?, ?, ?)",
                                 "INSERT INTO site VALUES (?, ?, ?)",
                                 "INSERT INTO lad_share VALUES (?, ?, ?)",
                                 "INSERT INTO alloc VALUES (?, ?, ?, ?)",
                                 "INSERT INTO practice VALUES (?, ?)"};
    sqlite3_stmt *q[5] = {NULL};
    int rc = -1;

    if (exec(db, "BEGIN") || exec(db, schema))
        return -1;
    for (int i = 0; i < 5; i++)
        if (sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) != SQLITE_OK) {
            sql_fail(db, sql[i]);
            goto done;
        }
    for (size_t i = 0; i < ds->nsites; i++) {
        const ds_site *s = &ds->sites[i];

        for (size_t k = 0; k < s->ntraj; k++)
            if (ins(db, q[0], "tdd", s->id, (double)(s->traj_start + (int)k),
                    (double)s->traj[k]))
                goto done;
        if (ins(db, q[1], "ttd", s->id, s->lad_code, persons(ds, preset, s)))
            goto done;
    }
    for (size_t i = 0; i < sp->nlad_shares; i++)
        if (ins(db, q[2], "ttd", sp->lad_shares[i].site_id,
                sp->lad_shares[i].code, sp->lad_shares[i].share))
            goto done;
    for (size_t i = 0; i < sp->nallocs; i++)
        if (ins(db, q[3], "ttdt", sp->allocs[i].site_id,
                sp->allocs[i].practice_code, sp->allocs[i].share,
                sp->allocs[i].method))
            goto done;
    for (size_t i = 0; i < ds->npractices; i++)
        for (size_t l = 0; l < ds->nlads; l++)
            if (!strcmp(ds->lads[l].code, ds->practices[i].lad_code) &&
                ins(db, q[4], "tt", ds->practices[i].code, ds->lads[l].place))
                goto done;
    rc = exec(db, finish) || exec(db, "COMMIT") ? -1 : 0;
done:
    for (int i = 0; i < 5; i++)
        sqlite3_finalize(q[i]);
    return rc;
}

/* New patients per place (ds->places order) x year row into out (nplaces
 * x (years + 1), row 0 = the base year = 0). */
static int sql_project(sqlite3 *db, const ds_dataset *ds, const char *preset,
                       int years, double *out)
{
    sqlite3_stmt *q = NULL;
    size_t T = (size_t)years + 1;
    int step;

    memset(out, 0, ds->nplaces * T * sizeof *out);
    if (sqlite3_prepare_v2(db, query, -1, &q, NULL) != SQLITE_OK)
        return sql_fail(db, "prepare");
    sqlite3_bind_int(q, 1, ds->base_year);
    sqlite3_bind_int(q, 2, years);
    sqlite3_bind_double(q, 3, assumption(ds, preset, "registration_rate"));
    sqlite3_bind_double(q, 4, assumption(ds, preset, "population_gain_factor"));
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        const char *place = (const char *)sqlite3_column_text(q, 0);
        int t = sqlite3_column_int(q, 1) - ds->base_year;
        size_t p = 0;

        while (p < ds->nplaces && strcmp(ds->places[p].name, place))
            p++;
        if (p == ds->nplaces || t < 1 || t > years) {
            fprintf(stderr, "SQLite: unexpected row %s, %d\n", place, t);
            sqlite3_finalize(q);
            return -1;
        }
        out[p * T + (size_t)t] = sqlite3_column_double(q, 2);
    }
    sqlite3_finalize(q);
    return step == SQLITE_DONE ? 0 : sql_fail(db, "query");
}

/* --- ours, one dataset --------------------------------------------------- */

static plan_scenario *scenario(const char *preset, plan_growth g, int years,
                               int draws)
{
    plan_scenario *s = plan_scenario_new();

    if (!s)
        return NULL;
    s->preset = preset ? strdup(preset) : NULL; /* plan_scenario_free frees */
    s->growth = g;
    s->years = years;
    s->draws = draws;
    s->seed = 1;
    s->seed_set = draws > 0;
    if (preset && !s->preset) {
        plan_scenario_free(s);
        return NULL;
    }
    return s;
}

/* One run: plan_project, then (json != NULL) plan_run_json; times in ms.
 * With check != NULL the run is kept there instead of freed. */
static int project(const ds_dataset *ds, const ds_spatial *sp,
                   const plan_scenario *s, pc_buf *json, double *proj_ms,
                   double *json_ms, plan_run **check)
{
    plan_run *r = NULL;
    pc_error err = {0};
    double t0 = now_ms();

    if (plan_project(ds, sp, s, &r, &err) != PC_OK) {
        fprintf(stderr, "plan_project: %s\n", err.msg);
        return -1;
    }
    *proj_ms = now_ms() - t0;
    if (json) {
        pc_buf_reset(json);
        t0 = now_ms();
        if (plan_run_json(r, PLAN_DETAIL_PRACTICE, json, &err) != PC_OK) {
            fprintf(stderr, "plan_run_json: %s\n", err.msg);
            plan_run_free(r);
            return -1;
        }
        *json_ms = now_ms() - t0;
    }
    if (check)
        *check = r;
    else
        plan_run_free(r);
    return 0;
}

static void row(const char *what, double ms, double ref, const char *more)
{
    printf("  %-32s %10.1f ms   ours/SQL = %.3g%s\n", what, ms,
           ref > 0 ? ms / ref : 0.0, more);
}

/* Benchmarks one dataset; *bad is set when the cross-check fails. */
static int bench(const char *what, const ds_dataset *ds, const ds_spatial *sp,
                 const char *preset, int years, int runs, int *bad,
                 double *times)
{
    double pm[RUNS_CW], jm[RUNS_CW], tm[RUNS_CW], dm[RUNS_CW], sm[RUNS_CW];
    double load, p, j, t, d, ref, worst = 0, *sql = NULL, unused;
    size_t T = (size_t)years + 1, steps = 0, nallocs = 0;
    plan_scenario *det = scenario(preset, PLAN_GROWTH_MAX, years, 0);
    plan_scenario *mc = scenario(preset, PLAN_GROWTH_MAX, years, DRAWS);
    plan_scenario *hs = scenario(preset, PLAN_GROWTH_HOUSING, years, 0);
    pc_buf json = PC_BUF_INIT((size_t)1 << 31);
    plan_run *r = NULL;
    sqlite3 *db = NULL;
    int rc = -1, nd = 0;
    char more[96];

    for (size_t i = 0; i < ds->nsites; i++)
        steps += ds->sites[i].ntraj;
    for (size_t i = 0; i < sp->nallocs; i++)
        nallocs += !strcmp(sp->allocs[i].method, "huff");
    printf("%s: %zu practices, %zu sites, %zu site-years, %zu huff "
           "allocations, %zu places; base year %d, %d years, preset %s; "
           "medians of %d runs\n",
           what, ds->npractices, ds->nsites, steps, nallocs, ds->nplaces,
           ds->base_year, years, preset ? preset : "(none)", runs);
    fflush(stdout);
    sql = calloc(ds->nplaces * T + 1, sizeof *sql);
    if (!det || !mc || !hs || !sql)
        goto done;
    t = now_ms();
    if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sql_load(db, ds, sp, preset) != 0)
        goto done;
    load = now_ms() - t;
    for (int k = 0; k < runs; k++) {
        t = now_ms();
        if (sql_project(db, ds, preset, years, sql) != 0)
            goto done;
        sm[k] = now_ms() - t;
        if (project(ds, sp, det, &json, &pm[k], &jm[k], NULL) != 0)
            goto done;
        tm[k] = pm[k] + jm[k];
    }
    for (nd = 0; nd < runs && (nd == 0 || dm[0] <= SLOW_MS); nd++)
        if (project(ds, sp, mc, NULL, &dm[nd], &unused, NULL) != 0)
            goto done;
    ref = median(sm, runs);
    p = median(pm, runs);
    j = median(jm, runs);
    t = median(tm, runs);
    d = median(dm, nd);
    printf("  %-32s %10.1f ms   (loading it: %.1f ms, not in the ratios)\n",
           "SQL reference, growth housing", ref, load);
    row("projection, growth max", p, ref, "");
    snprintf(more, sizeof more, "   (%.1f MB)", (double)json.len / 1e6);
    row("plan_run_json, practice detail", j, ref, more);
    row("projection + JSON", t, ref, "");
    snprintf(more, sizeof more, "   %d draws = %.0f x one run%s", DRAWS,
             p > 0 ? d / p : 0.0, nd < runs ? " (1 run: over 5 s)" : "");
    row("1000 draws, growth max", d, ref, more);
    fflush(stdout);
    if (times) { /* projection, JSON, draws, the SQL reference */
        times[0] = p;
        times[1] = j;
        times[2] = d;
        times[3] = ref;
    }
    if (project(ds, sp, hs, NULL, &unused, &unused, &r) != 0)
        goto done;
    for (size_t q = 0; q < ds->nplaces; q++)
        for (size_t y = 0; y < T; y++) {
            double a = r->places[q].years[y].new_patients, b = sql[q * T + y];
            double m = fmax(fabs(a), fabs(b)),
                   rel = m > 0 ? fabs(a - b) / m : 0;

            if (!(rel <= worst))
                worst = rel; /* also catches NaN */
        }
    printf("  cross-check, growth housing: new patients of %zu places x %zu "
           "years, system %.1f at %d; max relative difference %.3g (limit "
           "%g): %s\n",
           ds->nplaces, T, r->system.years[T - 1].new_patients,
           ds->base_year + years, worst, MAX_REL,
           worst <= MAX_REL ? "ok" : "FAILED");
    if (!(worst <= MAX_REL))
        *bad = 1;
    rc = 0;
done:
    if (rc != 0)
        printf("  FAILED (a step failed)\n");
    fflush(stdout);
    plan_run_free(r);
    sqlite3_close(db);
    pc_buf_free(&json);
    free(sql);
    plan_scenario_free(hs);
    plan_scenario_free(mc);
    plan_scenario_free(det);
    return rc;
}

/* The generated datasets at three sizes, each benched, then the growth
 * exponents between neighbouring sizes. */
static int generated(geo_ctx *geo, const char *gen, int *bad)
{
    static const char *const scales[NGEN] = {"0.02", "0.2", "1"};
    static const char *const what[4] = {"projection", "plan_run_json",
                                        "1000 draws", "SQL reference"};
    double t[NGEN][4] = {{0}};
    double np[NGEN] = {0};
    pc_error err = {0};

    for (int k = 0; k < NGEN; k++) {
        char dir[4096], name[64];
        ds_dataset *ds = NULL;
        ds_spatial *sp = NULL;
        int rc;

        snprintf(dir, sizeof dir, GEN_WORK "/data-%s", scales[k]);
        snprintf(name, sizeof name, "generated, scale %s", scales[k]);
        mkdir(GEN_WORK, 0755);
        if (bench_generate(gen, scales[k], dir) != 0 ||
            ds_dataset_load(geo, dir, &ds, &err) != PC_OK ||
            plan_spatial_build(geo, ds, &sp, &err) != PC_OK) {
            fprintf(stderr, "bench_project: %s: %s\n", dir,
                    err.msg[0] ? err.msg : "gen_dataset failed");
            ds_spatial_free(sp);
            ds_dataset_free(ds);
            return -1;
        }
        np[k] = (double)ds->npractices;
        rc = bench(name, ds, sp, NULL, 10, RUNS_EN, bad, t[k]);
        ds_spatial_free(sp);
        ds_dataset_free(ds);
        if (rc)
            return rc;
    }
    bench_exponents("generated", "practices", what, 4, scales, np, NGEN,
                    &t[0][0], 4);
    return 0;
}

int main(int argc, char **argv)
{
    pc_error err = {0};
    geo_ctx *geo = geo_ctx_new(&err);
    ds_dataset *cw = NULL;
    ds_spatial *cwsp = NULL;
    const char *src = getenv("PC_SOURCE_DIR");
    char dir[4096], gen[4096];
    int rc = 1, bad = 0;

    bench_sibling(argc > 0 ? argv[0] : NULL, "gen_dataset", gen, sizeof gen);
    snprintf(dir, sizeof dir, "%s/" CW_DIR, src ? src : ".");
    if (!geo || ds_dataset_load(geo, dir, &cw, &err) != PC_OK ||
        plan_spatial_build(geo, cw, &cwsp, &err) != PC_OK) {
        fprintf(stderr, "bench_project: %s: %s\n", dir, err.msg);
        goto done;
    }
    printf("bench_project: plan_project against the same housing-led "
           "projection in SQL (in-memory SQLite), same process\n");
    if (bench("bundled " CW_DIR, cw, cwsp, "cw-strategy", 10, RUNS_CW, &bad,
              NULL))
        goto done;
    synth_build();
    if (bench("synthetic England", &en.ds, &en.sp, NULL, 25, RUNS_EN, &bad,
              NULL))
        goto done;
    if (access(gen, X_OK) == 0) {
        if (generated(geo, gen, &bad))
            goto done;
    } else
        printf("generated: no %s (build the target gen_dataset)\n", gen);
    rc = bad;
done:
    ds_spatial_free(cwsp);
    ds_dataset_free(cw);
    geo_ctx_free(geo);
    return rc;
}
