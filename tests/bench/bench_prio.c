/* bench_prio.c: how fast and how well the capital prioritisation
 * (planner/plan_prio.h) solves with each of its solvers, GLPK and COIN-OR
 * CBC through its C interface, next to the cbc program solving the same
 * model in the same run.
 *
 * Instances:
 *
 *   C&W          the bundled datasets/coventry-warwickshire, built the
 *                way `pcplan prioritise` builds it: imported into a store
 *                in a temporary directory (as `pcplan init` does), read
 *                back with ds_store_load(DS_LOAD_GEOMETRY), the scenario
 *                scenarios/baseline.json (rooms by gp_fte), then
 *                plan_project_spatial and plan_prio_build; and once more
 *                with the scenario's demand set to space, which leaves
 *                real gaps for the money to close. Their time limit is the
 *                instance's own (60 s unless the scenario says otherwise).
 *   synthetic    prio_random(seed, n, n / 10 places (at least 4), 10
 *                years) from tests/prio_check.h for n = 100 (seeds 1, 2
 *                and 3), 500 and 2,000 (seed 1), with time_limit_s set to
 *                30 (prio_random's 60 would put the two largest over the
 *                five minutes the whole bench is meant to take).
 *
 * For each: plan_prio_greedy, and plan_prio_solve(in, 1.0, NULL) with
 * in->solver GLPK and then CBC (the library), timed with a monotonic clock
 * (plan_prio_solve runs its own greedy ranking as the starting point; its
 * time includes that and building the model, and for CBC copying it). All
 * three programmes are checked with prio_check() and their objectives
 * against prio_objective(). The greedy ranking may leave out committed
 * schemes it cannot fit ("greedy-incomplete"); its check then accepts
 * exactly that.
 *
 *   reference    the model as plan_prio_write_mps writes it (untimed),
 *                solved by `cbc FILE -sec LIMIT -solve -quit` (Debian
 *                package coinor-cbc; one thread, like GLPK) with the same
 *                time limit; its time is the whole child process's
 *                (start-up and reading the file included). Without cbc on
 *                PATH the reference is skipped and said so.
 *
 * Ratios, in the same run: GLPK/lib = GLPK's solve time over the CBC
 * library's; GLPK/CBC = GLPK's over the cbc process's. Runs under FAST_MS
 * are repeated RUNS times and the medians reported (every side alike);
 * slower ones run once. Cross-checks, each making the exit status 1: a
 * programme breaking a rule (prio_check), an objective that is not the
 * programme's own (prio_objective, within OBJ_TOL), an optimum worse than
 * a complete greedy programme, and the CBC library or the cbc process
 * disagreeing with GLPK beyond the gaps both report (when both prove
 * optimality: within max(gap, mip_gap) of each other; else each objective
 * no better than the other's bound).
 * A step that fails is also 1. The whole bench takes about four and a half
 * minutes on two cores: most of it the two largest instances, which reach
 * the time limit with GLPK and the cbc program (and the largest with the
 * CBC library), and the 100-scheme seeds 1 (the cbc program) and 3 (GLPK)
 * reaching it on one side. The bundled data is read from
 * $PC_SOURCE_DIR, or else from the current directory (`make bench` runs
 * from the repository root). */
#include "bench.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_prio.h"
#include "plan_project.h"
#include "plan_scenario.h"
#include "plan_spatial.h"
#include "prio_check.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CW_DIR    "datasets/coventry-warwickshire"
#define CW_SCEN   CW_DIR "/scenarios/baseline.json"
#define SYN_YEARS 10
#define SYN_LIMIT 30.0 /* seconds, synthetic instances */
#define RUNS      3
#define FAST_MS   1000.0 /* repeat runs faster than this */
#define OBJ_TOL   1e-6   /* relative, objective against prio_objective */
#define AGREE_TOL 1e-6   /* relative, added to the gaps */
#define NOTES     8
#define NOTE_SZ   512
#define PATH_SZ   4200

/* What CBC said about one model. */
typedef struct cbc_result {
    int ran;           /* cbc started and printed a result */
    int optimal;       /* "Result - Optimal solution found" */
    int has_obj;       /* it has a solution: obj */
    double obj, bound; /* bound: NAN when not printed */
    double ms;         /* median wall time of the child process */
    char result[80];   /* the "Result - " line's text */
} cbc_result;

/* One instance's outcome, for the summary. */
typedef struct outcome {
    char notes[NOTES][NOTE_SZ];
    int nnotes;
    int bad;
} outcome;

static char cbc_version[64]; /* "" when cbc is not on PATH */

static void note(outcome *o, int bad, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note(outcome *o, int bad, const char *fmt, ...)
{
    va_list ap;

    o->bad |= bad;
    if (o->nnotes == NOTES)
        return;
    va_start(ap, fmt);
    vsnprintf(o->notes[o->nnotes++], NOTE_SZ, fmt, ap);
    va_end(ap);
}

/* --- the reference: CBC ------------------------------------------------- */

/* Runs `cbc ARGS 2>&1` and parses what it prints into r (when r is not
 * NULL) and the version into cbc_version. 0 when cbc ran. */
static int cbc_run(const char *args, cbc_result *r)
{
    char cmd[PATH_SZ + 128], line[1024];
    FILE *p;
    int st;

    snprintf(cmd, sizeof cmd, "cbc %s 2>&1", args);
    fflush(stdout);
    if (!(p = popen(cmd, "r")))
        return -1;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!strncmp(line, "Version:", 8)) {
            size_t n;

            snprintf(cbc_version, sizeof cbc_version, "%.63s",
                     line + 8 + strspn(line + 8, " "));
            n = strlen(cbc_version);
            while (n > 0 && cbc_version[n - 1] == ' ')
                cbc_version[--n] = 0;
        }
        if (!r)
            continue;
        if (!strncmp(line, "Result - ", 9)) {
            r->ran = 1;
            snprintf(r->result, sizeof r->result, "%.79s", line + 9);
            r->optimal = strstr(line, "Optimal solution found") != NULL;
        } else if (sscanf(line, "Objective value: %lf", &r->obj) == 1)
            r->has_obj = r->obj < 1e40; /* 1e50: no solution */
        else
            sscanf(line, "Lower bound: %lf", &r->bound);
    }
    st = pclose(p);
    return st == 0 && (cbc_version[0] || (r && r->ran)) ? 0 : -1;
}

/* CBC on the model at path, timed; runs under FAST_MS repeated. */
static int cbc_solve(const char *path, double limit, cbc_result *r)
{
    char args[PATH_SZ + 64];
    double ms[RUNS];
    int k;

    if (strchr(path, '\''))
        return -1;
    snprintf(args, sizeof args, "'%s' -sec %g -solve -quit", path, limit);
    for (k = 0; k < RUNS && (k == 0 || ms[0] < FAST_MS); k++) {
        double t0 = now_ms();

        *r = (cbc_result){0};
        r->bound = NAN;
        if (cbc_run(args, r) != 0 || !r->ran)
            return -1;
        ms[k] = now_ms() - t0;
    }
    r->ms = median(ms, k);
    return 0;
}

/* Rows and columns of the model in an MPS file GLPK wrote ("* Rows: N",
 * "* Columns: N ..."); -1 when not found. */
static void mps_size(const char *path, long *rows, long *cols)
{
    FILE *f = fopen(path, "r");
    char line[256];

    *rows = *cols = -1;
    for (int i = 0; f && i < 10 && fgets(line, sizeof line, f); i++) {
        sscanf(line, "* Rows: %ld", rows);
        sscanf(line, "* Columns: %ld", cols);
    }
    if (f)
        fclose(f);
}

/* --- ours ---------------------------------------------------------------- */

/* prio_check and prio_objective on s; incomplete: committed schemes may be
 * missing (the greedy ranking's "greedy-incomplete"). */
static void check(const plan_prio_instance *in, const plan_prio_solution *s,
                  const char *what, outcome *o)
{
    char msg[512];
    double obj = prio_objective(in, s);
    int incomplete = !strcmp(s->status, "greedy-incomplete");

    if (!prio_check(in, s, 1.0, msg, sizeof msg)) {
        if (incomplete && !strncmp(msg, "committed scheme ", 17))
            note(o, 0, "%s: %s (status %s)", what, msg, s->status);
        else
            note(o, 1, "%s: CHECK FAILED: %s", what, msg);
    }
    if (!(fabs(obj - s->objective) <= OBJ_TOL * fmax(1, fabs(obj))))
        note(o, 1, "%s: OBJECTIVE MISMATCH: reported %.9g, prio_objective %.9g",
             what, s->objective, obj);
}

/* Lower bound of a programme with objective obj at relative gap g (GLPK's
 * gap: |best - bound| / |best|). */
static double lower(double obj, double g)
{
    return obj - g * fabs(obj);
}

/* The cross-checks of ours (opt) and CBC (c). */
static void agree(const plan_prio_instance *in, const plan_prio_solution *opt,
                  const cbc_result *c, outcome *o)
{
    int ours_opt = strcmp(opt->status, "time-limit") != 0;
    double scale = fmax(1, fabs(opt->objective));
    double tol = AGREE_TOL * scale;

    if (!c->has_obj) {
        note(o, 0, "CBC: %s, no solution", c->result);
        return;
    }
    if (ours_opt && c->optimal) {
        double g = fmax(fmax(opt->mip_gap, in->mip_gap), 0);

        if (fabs(opt->objective - c->obj) > g * scale + tol)
            note(o, 1,
                 "CBC DISAGREES: both optimal, ours %.9g, CBC %.9g "
                 "(difference %.3g, allowed %.3g)",
                 opt->objective, c->obj, fabs(opt->objective - c->obj),
                 g * scale + tol);
        return;
    }
    /* one or both stopped: each solution no better than the other's bound */
    if (c->obj < lower(opt->objective, opt->mip_gap) - tol)
        note(o, 1,
             "CBC BELOW OUR BOUND: CBC %.9g < ours %.9g at gap %.3g "
             "(bound %.9g)",
             c->obj, opt->objective, opt->mip_gap,
             lower(opt->objective, opt->mip_gap));
    if (!isnan(c->bound) && opt->objective < c->bound - tol)
        note(o, 1, "OURS BELOW CBC'S BOUND: ours %.9g < CBC bound %.9g",
             opt->objective, c->bound);
    if (!isnan(c->bound))
        note(o, 0, "CBC: %s, objective %.9g, bound %.9g", c->result, c->obj,
             c->bound);
}

static void header(void)
{
    printf("%-22s %7s %6s %6s %5s %9s %10s %-18s %7s %11s %10s %-18s %7s "
           "%11s %11s %7s %10s %-10s %11s %9s %8s\n",
           "instance", "schemes", "rows", "cols", "lim s", "greedy ms",
           "GLPK ms", "GLPK status", "gap", "GLPK opt", "CBC-lib ms",
           "CBC-lib status", "gap", "CBC-lib opt", "greedy", "gr/opt", "CBC ms",
           "CBC", "CBC obj", "GLPK/lib", "GLPK/CBC");
    fflush(stdout);
}

/* plan_prio_solve with solver sv: the first solution in *out, the median
 * time in *ms; -1 when it fails. */
static int solve_timed(const char *what, plan_prio_instance *in,
                       plan_prio_solver sv, plan_prio_solution **out,
                       double *ms)
{
    plan_prio_solution *s = NULL;
    pc_error err = {0};
    double t[RUNS];
    int k;

    in->solver = sv;
    for (k = 0; k < RUNS && (k == 0 || t[0] < FAST_MS); k++) {
        double t0 = now_ms();

        if (plan_prio_solve(in, 1.0, NULL, &s, &err) != PC_OK) {
            fprintf(stderr, "%s: plan_prio_solve (%s): %s\n", what,
                    plan_prio_solver_name(sv), err.msg);
            return -1;
        }
        t[k] = now_ms() - t0;
        if (!*out)
            *out = s;
        else
            plan_prio_solution_free(s);
        s = NULL;
    }
    *ms = median(t, k);
    if (*ms > 1100 * in->time_limit_s)
        fprintf(stderr, "%s: %s took %.1f s, over its time limit of %.0f s\n",
                what, plan_prio_solver_name(sv), *ms / 1000, in->time_limit_s);
    return 0;
}

/* GLPK's optimum (opt) and CBC's through the library (lib) agree within
 * the gaps both report, as agree() checks CBC's process. */
static void agree_lib(const plan_prio_instance *in,
                      const plan_prio_solution *opt,
                      const plan_prio_solution *lib, outcome *o)
{
    cbc_result c = {0};

    c.ran = c.has_obj = 1;
    c.optimal = strcmp(lib->status, "time-limit") != 0;
    c.obj = lib->objective;
    c.bound = lower(lib->objective, lib->mip_gap);
    snprintf(c.result, sizeof c.result, "CBC library %s", lib->status);
    agree(in, opt, &c, o);
}

/* Benchmarks one instance; *bad is set when a cross-check fails. */
static int bench(const char *what, plan_prio_instance *in, const char *mps,
                 int *bad)
{
    plan_prio_solution *g = NULL, *opt = NULL, *lib = NULL, *s = NULL;
    double gms[RUNS], gm, sm = 0, lm = 0;
    cbc_result c = {0};
    outcome o = {0};
    pc_error err = {0};
    long rows = -1, cols = -1;
    char ratio[32] = "-", cobj[32] = "-", cms[32] = "-", cst[16] = "-",
         gr[32] = "-";
    int k, rc = -1, have_cbc = cbc_version[0] != 0;
    plan_prio_solver given = in->solver;

    for (k = 0; k < RUNS && (k == 0 || gms[0] < FAST_MS); k++) {
        double t0 = now_ms();

        if (plan_prio_greedy(in, &s, &err) != PC_OK) {
            fprintf(stderr, "%s: plan_prio_greedy: %s\n", what, err.msg);
            goto done;
        }
        gms[k] = now_ms() - t0;
        if (!g)
            g = s;
        else
            plan_prio_solution_free(s);
        s = NULL;
    }
    gm = median(gms, k);
    if (solve_timed(what, in, PLAN_PRIO_GLPK, &opt, &sm) != 0 ||
        solve_timed(what, in, PLAN_PRIO_CBC, &lib, &lm) != 0)
        goto done;
    check(in, g, "greedy", &o);
    check(in, opt, "GLPK", &o);
    check(in, lib, "CBC library", &o);
    if (strcmp(g->status, "greedy") == 0 &&
        (opt->objective >
             g->objective + OBJ_TOL * fmax(1, fabs(g->objective)) ||
         lib->objective > g->objective + OBJ_TOL * fmax(1, fabs(g->objective))))
        note(&o, 1, "OPTIMUM WORSE THAN GREEDY: %.9g / %.9g > %.9g",
             opt->objective, lib->objective, g->objective);
    agree_lib(in, opt, lib, &o);
    if (plan_prio_write_mps(in, 1.0, mps, &err) != PC_OK) {
        fprintf(stderr, "%s: plan_prio_write_mps: %s\n", what, err.msg);
        goto done;
    }
    mps_size(mps, &rows, &cols);
    if (have_cbc) {
        if (cbc_solve(mps, in->time_limit_s, &c) != 0) {
            fprintf(stderr, "%s: cbc failed on %s\n", what, mps);
            goto done;
        }
        snprintf(cms, sizeof cms, "%.1f", c.ms);
        snprintf(cst, sizeof cst, "%s",
                 c.optimal                        ? "optimal"
                 : strstr(c.result, "time limit") ? "time-limit"
                                                  : "other");
        if (c.has_obj)
            snprintf(cobj, sizeof cobj, "%.4f", c.obj);
        snprintf(ratio, sizeof ratio, "%.3g", c.ms > 0 ? sm / c.ms : 0.0);
        agree(in, opt, &c, &o);
    }
    unlink(mps);
    if (opt->objective > 0)
        snprintf(gr, sizeof gr, "%.3f", g->objective / opt->objective);
    printf("%-22s %7zu %6ld %6ld %5.0f %9.2f %10.1f %-18s %6.3f%% %11.4f "
           "%10.1f %-18s %6.3f%% %11.4f %11.4f %7s %10s %-10s %11s %9.3g "
           "%8s\n",
           what, in->nschemes, rows, cols, in->time_limit_s, gm, sm,
           opt->status, 100 * opt->mip_gap, opt->objective, lm, lib->status,
           100 * lib->mip_gap, lib->objective, g->objective, gr, cms, cst, cobj,
           lm > 0 ? sm / lm : 0.0, ratio);
    if (strcmp(g->status, "greedy") != 0)
        note(&o, 0, "greedy status %s", g->status);
    for (int i = 0; i < o.nnotes; i++)
        printf("    %s\n", o.notes[i]);
    fflush(stdout);
    *bad |= o.bad;
    rc = 0;
done:
    if (rc != 0) {
        printf("%-22s FAILED (a step failed)\n", what);
        fflush(stdout);
    }
    in->solver = given;
    plan_prio_solution_free(s);
    plan_prio_solution_free(lib);
    plan_prio_solution_free(opt);
    plan_prio_solution_free(g);
    return rc;
}

/* --- the instances ------------------------------------------------------- */

/* Imports the dataset at dir into a new store at db, as `pcplan init`. */
static pc_status cw_import(geo_ctx *geo, const char *dir, const char *db,
                           pc_error *err)
{
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    ds_store *st = NULL;
    pc_status rc;

    if ((rc = ds_dataset_load(geo, dir, &ds, err)) == PC_OK &&
        (rc = plan_spatial_build(geo, ds, &sp, err)) == PC_OK &&
        (rc = ds_store_open(db, DS_OPEN_CREATE, &st, err)) == PC_OK)
        rc = ds_store_import(st, ds, sp, err);
    ds_store_close(st);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    return rc;
}

/* The instance of ds under sc, as `pcplan prioritise` builds it. */
static pc_status cw_instance(geo_ctx *geo, const ds_dataset *ds,
                             const ds_spatial *sp, const plan_scenario *sc,
                             plan_prio_instance **out, pc_error *err)
{
    ds_spatial *sp_run = NULL;
    pc_status rc;

    if ((rc = plan_project_spatial(geo, ds, sp, sc, &sp_run, err)) == PC_OK)
        rc = plan_prio_build(ds, sp_run ? sp_run : sp, sc, out, err);
    ds_spatial_free(sp_run);
    return rc;
}

static void remove_store(const char *db)
{
    static const char *suffix[] = {"", "-journal", "-wal", "-shm"};
    char p[PATH_SZ + 16];

    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", db, suffix[i]);
        unlink(p);
    }
}

int main(void)
{
    static const struct {
        uint64_t seed;
        size_t n;
    } syn[] = {{1, 100}, {2, 100}, {3, 100}, {1, 500}, {1, 2000}};
    const char *src = getenv("PC_SOURCE_DIR"), *tmp = getenv("TMPDIR");
    char dir[PATH_SZ], scen[PATH_SZ], tdir[PATH_SZ], db[PATH_SZ + 16],
        mps[PATH_SZ + 16];
    pc_error err = {0};
    geo_ctx *geo = NULL;
    ds_store *st = NULL;
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    plan_scenario *sc = NULL;
    plan_prio_instance *in = NULL;
    int rc = 1, bad = 0, made = 0;
    double t0 = now_ms();

    snprintf(dir, sizeof dir, "%s/" CW_DIR, src ? src : ".");
    snprintf(scen, sizeof scen, "%s/" CW_SCEN, src ? src : ".");
    snprintf(tdir, sizeof tdir, "%s/pcplan-bench.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tdir)) {
        perror(tdir);
        return 1;
    }
    made = 1;
    snprintf(db, sizeof db, "%s/store.db", tdir);
    snprintf(mps, sizeof mps, "%s/model.mps", tdir);
    if (cbc_run("-quit", NULL) != 0)
        cbc_version[0] = 0;
    printf("bench_prio: plan_prio_solve with GLPK and with CBC through its "
           "C interface (CBC-lib), and the cbc program on the model "
           "plan_prio_write_mps writes; same run, same time limit\n");
    if (cbc_version[0])
        printf("  reference: cbc %s, one thread; times of the whole cbc "
               "process\n",
               cbc_version);
    else
        printf("  reference: SKIPPED: cbc is not on PATH (Debian package "
               "coinor-cbc); ours alone below\n");
    printf("  ms: medians of %d runs when under %.0f ms, else one run; "
           "solve includes its own greedy start; gr/opt = greedy "
           "objective / GLPK's optimum; GLPK/lib = GLPK ms / CBC-lib ms; "
           "GLPK/CBC = GLPK ms / cbc process ms\n",
           RUNS, FAST_MS);
    header();

    /* the bundled data, as pcplan init + pcplan prioritise */
    if (!(geo = geo_ctx_new(&err)) || cw_import(geo, dir, db, &err) ||
        ds_store_open(db, DS_OPEN_EXISTING, &st, &err) ||
        ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) ||
        plan_scenario_load(scen, &sc, &err)) {
        fprintf(stderr, "bench_prio: %s: %s\n", dir, err.msg);
        goto done;
    }
    for (int m = 0; m < 2; m++) {
        char what[64];

        if (m == 1)
            sc->demand = PLAN_DEMAND_SPACE;
        if (cw_instance(geo, ds, sp, sc, &in, &err) != PC_OK) {
            fprintf(stderr, "bench_prio: plan_prio_build: %s\n", err.msg);
            goto done;
        }
        snprintf(what, sizeof what, "C&W baseline %s", in->method);
        if (bench(what, in, mps, &bad) != 0)
            goto done;
        plan_prio_instance_free(in);
        in = NULL;
    }

    /* synthetic */
    for (size_t i = 0; i < sizeof syn / sizeof syn[0]; i++) {
        size_t np = syn[i].n / 10 < 4 ? 4 : syn[i].n / 10;
        char what[64];

        if (!(in = prio_random(syn[i].seed, syn[i].n, np, SYN_YEARS))) {
            fprintf(stderr, "bench_prio: prio_random failed\n");
            goto done;
        }
        in->time_limit_s = SYN_LIMIT;
        snprintf(what, sizeof what, "random %zu/%zu seed %llu", syn[i].n, np,
                 (unsigned long long)syn[i].seed);
        if (bench(what, in, mps, &bad) != 0)
            goto done;
        plan_prio_instance_free(in);
        in = NULL;
    }
    printf("  random N/P: prio_random, N schemes in P places over %d "
           "years; lim s: the time limit of both solvers\n",
           SYN_YEARS);
    printf("bench_prio: %.1f s in all; cross-checks %s\n",
           (now_ms() - t0) / 1000, bad ? "FAILED (see above)" : "ok");
    rc = bad;
done:
    plan_prio_instance_free(in);
    plan_scenario_free(sc);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    ds_store_close(st);
    geo_ctx_free(geo);
    if (made) {
        unlink(mps);
        remove_store(db);
        rmdir(tdir);
    }
    return rc;
}
