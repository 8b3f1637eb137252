/* bench_scale.c: the `pcplan` program at three sizes of a synthetic dataset,
 * timed as whole processes (fork/exec, as a user runs it), and the growth
 * exponent of each stage between sizes.
 *
 * For each scale (a fraction of England's 300 LADs, 6,502 practices and
 * 20,000 sites; default 0.02 (C&W-like), 0.2 and 1) gen_dataset writes the
 * dataset (tests/bench/gen_dataset.c), then these stages run against a new
 * store:
 *
 *   init     pcplan init --data DIR
 *   run      pcplan run (baseline)
 *   draws    pcplan run --draws 1000
 *   assess   pcplan site assess --at LON,LAT --dwellings 300 at the centre
 *            of the first LAD (median of 3)
 *   all      pcplan site assess --all
 *   info     pcplan info
 *   report   pcplan report --out DIR (every place's pages)
 *   export   pcplan export --format csv --out DIR
 *
 * Each stage's wall time and CPU time (user + system, from wait4) are
 * printed in two tables, stage x size, with the exponent between two sizes,
 * log(t2/t1) / log(n2/n1), n being the sites (init, all) or the practices
 * (run, draws, assess). Any stage that grows faster than n^1.2 between
 * two sizes is named ("grows faster than linearly"): info, report and
 * export were once quadratic or worse at England's size. The reference, `pcplan
 * --version`, is the cost of starting the process, in the same run. On a shared
 * machine the wall time includes waiting for a core; the CPU time does not. It
 * marks "target missed" when assess
 * --all's wall time grows faster than n^1.1 or one assessment at England's
 * size (scale >= 1) takes over 50 ms as a whole process (issue 21), with
 * what a point assessment pays before reading any data (the reference and
 * PROJ's first transformation, timed here), but it
 * never fails on time: a stage killed at the time limit is reported as over
 * the limit, and only a stage that exits with an error makes it exit 1.
 *
 * Usage: bench_scale [PCPLAN] (default build-release/pcplan, from the
 * repository root where `make bench` runs); gen_dataset is looked for next
 * to this program. Environment: BENCH_SCALES, a comma-separated list of
 * scales (e.g. "0.02,0.2" on a slow machine); BENCH_SCALE_LIMIT, seconds a
 * stage may take before it is killed (default 300). The datasets, stores
 * and each stage's output are left in build-release/bench-scale/. */
#define _DEFAULT_SOURCE /* wait4 */
#include "bench.h"
#include "gen_dataset.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <proj.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORK       "build-release/bench-scale"
#define MAX_SIZES  6
#define NSTAGES    8
#define ASSESS_REP 3
#define DRAWS      "1000"

enum {
    ST_INIT,
    ST_RUN,
    ST_DRAWS,
    ST_ASSESS,
    ST_ALL,
    ST_INFO,
    ST_REPORT,
    ST_EXPORT
};

static const char *const stage_name[NSTAGES] = {"init",
                                                "run",
                                                ("run --draws " DRAWS),
                                                "site assess --at (1)",
                                                "site assess --all",
                                                "info",
                                                "report",
                                                "export --format csv"};
static const int stage_by_sites[NSTAGES] = {1, 0, 0, 0, 1, 1, 1, 1};

typedef struct size {
    double scale;
    int practices, sites;
    double gen_ms, ms[NSTAGES], cpu[NSTAGES], mb[NSTAGES];
    int ok[NSTAGES];
} size;

static volatile pid_t child;
static volatile sig_atomic_t killed;

static void on_alarm(int sig)
{
    (void)sig;
    if (child > 0) {
        killed = 1;
        kill(child, SIGKILL);
    }
}

/* Runs argv with stdout and stderr to log; its wall time and CPU time (user
 * and system) in ms and its peak RSS in MB. Returns 1 when it exits 0, -1 when
 * it was killed at the limit (seconds), else 0. */
static int run_timed(char *const *argv, const char *log, unsigned limit,
                     double *ms, double *cpu, double *mb)
{
    struct rusage ru;
    int st = 0, fd;
    pid_t pid, w;
    double t0 = now_ms();

    if ((pid = fork()) == 0) {
        if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 ||
            dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    if (pid < 0)
        return 0;
    killed = 0;
    child = pid;
    alarm(limit);
    while ((w = wait4(pid, &st, 0, &ru)) < 0 && errno == EINTR)
        ;
    alarm(0);
    child = 0;
    *ms = now_ms() - t0;
    *mb = w == pid ? (double)ru.ru_maxrss / 1024.0 : 0;
    *cpu = w == pid
               ? (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                     (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3
               : 0;
    if (killed)
        return -1;
    return w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* The centre of LAD 0 in WGS84, "LON,LAT". */
static int assess_point(char *buf, size_t len)
{
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *p = proj_create_crs_to_crs(ctx, "EPSG:27700", "EPSG:4326", NULL);
    PJ *n = p ? proj_normalize_for_visualization(ctx, p) : NULL;
    PJ_COORD c;
    int ok = 0;

    if (n) {
        c = proj_trans(n, PJ_FWD,
                       proj_coord(GEN_ORIGIN_E + GEN_LAD_SIDE / 2,
                                  GEN_ORIGIN_N + GEN_LAD_SIDE / 2, 0, 0));
        ok = isfinite(c.lp.lam) && isfinite(c.lp.phi);
        snprintf(buf, len, "%.6f,%.6f", c.lp.lam, c.lp.phi);
    }
    proj_destroy(n);
    proj_destroy(p);
    proj_context_destroy(ctx);
    return ok;
}

/* One stage of size z: argv after "PCPLAN --db DB". */
static void stage(size *z, int s, const char *pcplan, const char *db,
                  const char *const *args, unsigned limit)
{
    char *argv[16], log[4096];
    double v[ASSESS_REP], c[ASSESS_REP];
    int n = 0, reps = s == ST_ASSESS ? ASSESS_REP : 1;

    argv[n++] = (char *)pcplan;
    argv[n++] = "--db";
    argv[n++] = (char *)db;
    for (int i = 0; args[i] && n < 15; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    snprintf(log, sizeof log, WORK "/%g-%d.log", z->scale, s);
    z->ok[s] = 1;
    for (int r = 0; r < reps && z->ok[s] == 1; r++)
        z->ok[s] = run_timed(argv, log, limit, &v[r], &c[r], &z->mb[s]);
    z->ms[s] = z->ok[s] == 1 ? median(v, reps) : v[0];
    z->cpu[s] = z->ok[s] == 1 ? median(c, reps) : c[0];
    if (z->ok[s] == 0)
        fprintf(stderr, "bench_scale: %g: %s failed (see %s)\n", z->scale,
                stage_name[s], log);
    else if (z->ok[s] < 0)
        printf("  %g: %s passed the limit of %u s and was stopped\n", z->scale,
               stage_name[s], limit);
}

/* Generates the dataset of z and runs every stage on it. */
static void one_size(size *z, const char *gen, const char *pcplan,
                     const char *at, unsigned limit)
{
    char dir[4096], db[4096], log[4096], sc[64];
    double mb, cpu;
    const char *init[] = {"init", "--data", dir, NULL};
    const char *run[] = {"run", NULL};
    const char *draws[] = {"run", "--draws", DRAWS, NULL};
    const char *one[] = {"site",        "assess", "--at", at,
                         "--dwellings", "300",    NULL};
    const char *all[] = {"site", "assess", "--all", NULL};
    const char *info[] = {"info", NULL};
    char rep_dir[4096], exp_dir[4096];
    const char *rep[] = {"report", "--out", rep_dir, NULL};
    const char *exp[] = {"export", "--format", "csv", "--out", exp_dir, NULL};
    const char *const *args[NSTAGES] = {init, run,  draws, one,
                                        all,  info, rep,   exp};

    snprintf(sc, sizeof sc, "%g", z->scale);
    snprintf(dir, sizeof dir, WORK "/data-%s", sc);
    snprintf(db, sizeof db, WORK "/store-%s.db", sc);
    snprintf(rep_dir, sizeof rep_dir, WORK "/report-%s", sc);
    snprintf(exp_dir, sizeof exp_dir, WORK "/export-%s", sc);
    snprintf(log, sizeof log, WORK "/%s-gen.log", sc);
    z->practices = gen_scaled(GEN_PRACTICES, z->scale, 1);
    z->sites = gen_scaled(GEN_SITES, z->scale, 1);
    {
        char *argv[] = {(char *)gen, "--out", dir, "--scale", sc, NULL};

        if (run_timed(argv, log, limit, &z->gen_ms, &cpu, &mb) != 1) {
            fprintf(stderr, "bench_scale: gen_dataset failed (see %s)\n", log);
            return;
        }
    }
    unlink(db);
    for (int s = 0; s < NSTAGES; s++) {
        stage(z, s, pcplan, db, args[s], limit);
        if (s == ST_INIT && z->ok[s] != 1) {
            for (int r = ST_RUN; r < NSTAGES; r++)
                z->ok[r] = -2; /* not run */
            return;
        }
        printf("  %-5s %-22s %10.1f ms wall %10.1f ms CPU %7.0f MB\n", sc,
               stage_name[s], z->ms[s], z->cpu[s], z->mb[s]);
        fflush(stdout);
    }
}

static double stage_ms(const size *z, int s, int cpu)
{
    return cpu ? z->cpu[s] : z->ms[s];
}

static double exponent(const size *a, const size *b, int s, int cpu)
{
    double n1 = stage_by_sites[s] ? a->sites : a->practices;
    double n2 = stage_by_sites[s] ? b->sites : b->practices;

    if (a->ok[s] != 1 || b->ok[s] != 1)
        return NAN;
    return bench_exponent(stage_ms(a, s, cpu), stage_ms(b, s, cpu), n1, n2);
}

/* One table, wall or CPU times: stage x size, then the exponents. */
static void table(const size *z, int nz, int cpu)
{
    char h[64];

    printf("\n%-22s", cpu ? "CPU ms (user+sys)" : "wall ms");
    for (int k = 0; k < nz; k++)
        printf(" %11g", z[k].scale);
    for (int k = 1; k < nz; k++) {
        snprintf(h, sizeof h, "exp %g-%g", z[k - 1].scale, z[k].scale);
        printf(" %14s", h);
    }
    printf("\n%-22s", "practices / sites");
    for (int k = 0; k < nz; k++) {
        snprintf(h, sizeof h, "%d/%d", z[k].practices, z[k].sites);
        printf(" %11s", h);
    }
    for (int s = 0; s < NSTAGES; s++) {
        printf("\n%-22s", stage_name[s]);
        for (int k = 0; k < nz; k++)
            if (z[k].ok[s] == 1)
                printf(" %11.1f", stage_ms(&z[k], s, cpu));
            else
                printf(" %11s", z[k].ok[s] == 0    ? "failed"
                                : z[k].ok[s] == -1 ? "over limit"
                                                   : "not run");
        for (int k = 1; k < nz; k++)
            printf(" %14.2f", exponent(&z[k - 1], &z[k], s, cpu));
        printf("  n = %s", stage_by_sites[s] ? "sites" : "practices");
    }
    printf("\n");
}

/* What every point assessment pays before it reads any data, measured
 * in this run: starting the process (`pcplan --version`) and PROJ's first
 * transformation between WGS 84 and BNG (assess_point's, the first in
 * this process: opening PROJ's database and searching it). */
static double start_ms = NAN, proj_ms = NAN;

/* Both tables and the targets of issue 21 (wall time, whole process). */
static void report(const size *z, int nz)
{
    printf("\n%-22s", "gen_dataset wall ms");
    for (int k = 0; k < nz; k++)
        printf(" %11.1f", z[k].gen_ms);
    printf("\n");
    table(z, nz, 0);
    table(z, nz, 1);
    printf("\n");
    for (int k = 1; k < nz; k++) {
        double e = exponent(&z[k - 1], &z[k], ST_ALL, 0);

        if (e > 1.1)
            printf("target missed: site assess --all grows as n^%.2f "
                   "from %g to %g (goal: at most n^1.1)\n",
                   e, z[k - 1].scale, z[k].scale);
    }
    for (int s = 0; s < NSTAGES; s++)
        for (int k = 1; k < nz; k++) {
            double e = exponent(&z[k - 1], &z[k], s, 1);

            if (e > 1.2)
                printf("grows faster than linearly: %s, n^%.2f of CPU from "
                       "%g to %g\n",
                       stage_name[s], e, z[k - 1].scale, z[k].scale);
        }
    for (int k = 0; k < nz; k++)
        if (z[k].scale >= 1 && z[k].ok[ST_ASSESS] == 1 &&
            z[k].ms[ST_ASSESS] > 50)
            printf("target missed: one assessment at scale %g took %.1f "
                   "ms (goal: at most 50 ms; starting the process and PROJ's "
                   "first transformation alone take %.1f + %.1f = %.1f ms "
                   "here)\n",
                   z[k].scale, z[k].ms[ST_ASSESS], start_ms, proj_ms,
                   start_ms + proj_ms);
}

/* The reference: the process alone, `pcplan --version` (median of 3). */
static void reference(const char *pcplan, unsigned limit)
{
    char *argv[] = {(char *)pcplan, "--version", NULL};
    double v[ASSESS_REP], c[ASSESS_REP], mb;

    for (int r = 0; r < ASSESS_REP; r++)
        if (run_timed(argv, WORK "/version.log", limit, &v[r], &c[r], &mb) != 1)
            return;
    start_ms = median(v, ASSESS_REP);
    printf("reference: pcplan --version (starting the process) %.1f ms "
           "wall, %.1f ms CPU\n",
           start_ms, median(c, ASSESS_REP));
}

static int parse_scales(size *z)
{
    const char *env = getenv("BENCH_SCALES");
    char buf[256], *tok, *save = NULL;
    int n = 0;

    snprintf(buf, sizeof buf, "%s", env && *env ? env : "0.02,0.2,1");
    for (tok = strtok_r(buf, ",", &save); tok && n < MAX_SIZES;
         tok = strtok_r(NULL, ",", &save)) {
        double s = strtod(tok, NULL);

        if (s <= 0 || s > 10)
            return -1;
        memset(&z[n], 0, sizeof z[n]);
        z[n++].scale = s;
    }
    return n;
}

int main(int argc, char **argv)
{
    const char *pcplan = argc > 1 ? argv[1] : "build-release/pcplan";
    const char *lim = getenv("BENCH_SCALE_LIMIT");
    unsigned limit = lim ? (unsigned)strtoul(lim, NULL, 10) : 300;
    const char *slash = strrchr(argv[0], '/');
    char gen[4096], at[64];
    size z[MAX_SIZES];
    int nz = parse_scales(z), failed = 0;
    double t0 = now_ms(), tp;

    snprintf(gen, sizeof gen, "%.*sgen_dataset",
             slash ? (int)(slash - argv[0] + 1) : 0, argv[0]);
    signal(SIGALRM, on_alarm);
    tp = now_ms();
    if (nz < 1 || access(pcplan, X_OK) || access(gen, X_OK) ||
        !assess_point(at, sizeof at)) {
        fprintf(stderr,
                "bench_scale: needs %s, %s and scales in "
                "BENCH_SCALES\n",
                pcplan, gen);
        return 1;
    }
    if ((mkdir(WORK, 0755) && errno != EEXIST)) {
        fprintf(stderr, "bench_scale: cannot make %s\n", WORK);
        return 1;
    }
    printf("bench_scale: %s, whole processes; assessment at %s; each "
           "stage killed after %u s\n",
           pcplan, at, limit);
    proj_ms = now_ms() - tp;
    reference(pcplan, limit);
    printf("reference: PROJ's first transformation, WGS 84 to BNG (the "
           "first in this process) %.1f ms wall\n",
           proj_ms);
    for (int k = 0; k < nz; k++)
        one_size(&z[k], gen, pcplan, at, limit);
    report(z, nz);
    for (int k = 0; k < nz; k++)
        for (int s = 0; s < NSTAGES; s++)
            failed += z[k].ok[s] == 0;
    printf("wall %.1f s%s\n", (now_ms() - t0) / 1e3,
           failed ? "; some stages failed (see above)" : "");
    return failed ? 1 : 0;
}
