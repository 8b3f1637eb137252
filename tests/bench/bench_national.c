/* bench_national.c: every ICB in England, built from the national files of
 * July 2023 and run: the time of `dataset build`, `init` and a baseline run
 * per ICB and its peak memory, next to the bundled C&W dataset's init and
 * run measured in the same run (the reference).
 *
 * It reads the national files in the shared data folder (not part of the
 * repository): NHS England's July 2023 registration totals (all 6,378
 * practices) and January 2026 practice map, the cross-boundary map, the ONS
 * ICB and LAD boundaries of England, IMD 2025 and the postcode extracts
 * there, laid out under the publishers' names in a folder of symlinks.
 * Postcode files cover a few areas only: a practice whose postcode no file
 * covers is placed at a stand-in point inside its ICB (--place-unmatched,
 * for this benchmark only; the count is printed): the benchmark measures
 * speed, not geography. Without the shared folder it says so and exits 0.
 *
 * Usage: bench_national [SHARED_DATA_DIR] (default ../shared/data from the
 * repository root, where `make bench` runs). Each ICB runs in a child
 * process, so its peak resident memory is its own (wait4). */
#define _DEFAULT_SOURCE /* wait4 */
#include "bench.h"
#include "ds_build.h"
#include "ds_csv.h"
#include "plan_model.h"
#include "plan_scenario.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORK "build-release/bench-national"

typedef struct times {
    double build, init, run;
    long practices, patients, placed;
    int ok;
} times;

/* The national files under the publishers' names, as symlinks. */
static int link_files(const char *shared, const char *from)
{
    static const char *const pairs[][2] = {
        {"nhs/gp-reg-pat-prac-all_2023-07.csv", "gp-reg-pat-prac-all.csv"},
        {"nhs/gp-reg-pat-prac-map_2026-01.csv", "gp-reg-pat-prac-map.csv"},
        {"nhs/x-boundary-mapping-2023-24-v1.csv",
         "x-boundary-mapping-2023-24-v1.csv"},
        {"nhs/boundaries/icb_2023-04_bgc_england.geojson",
         "icb_2023-04_bgc_england.geojson"},
        {"ons/boundaries/lad_2024-12_bgc_england.geojson",
         "lad_2024-12_bgc_england.geojson"},
        {"ons/imd/imd2025_lsoa21_england.csv", "imd2025_lsoa21_england.csv"},
        {"ons/population/snpp2022_migcat_syoa_persons_cw.csv",
         "snpp2022_migcat_syoa_persons_cw.csv"},
        {"ons/population/census2021_lsoa21_population_cw.csv",
         "census2021_lsoa21_population_cw.csv"}};
    char a[16384], b[16384], dir[8192], abs[4096];
    DIR *d;
    struct dirent *e;

    if (!realpath(shared, abs))
        return 0;
    shared = abs;
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        snprintf(a, sizeof a, "%s/%s", shared, pairs[i][0]);
        snprintf(b, sizeof b, "%s/%s", from, pairs[i][1]);
        if (access(a, R_OK) || symlink(a, b))
            return 0;
    }
    snprintf(dir, sizeof dir, "%s/postcodes", shared);
    if (!(d = opendir(dir)))
        return 0;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".csv")) {
            snprintf(a, sizeof a, "%s/%s", dir, e->d_name);
            snprintf(b, sizeof b, "%s/%s", from, e->d_name);
            if (symlink(a, b)) {
                closedir(d);
                return 0;
            }
        }
    closedir(d);
    return 1;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The ICB codes of the practice map, sorted (malloc'd). */
static char **icb_codes(const char *from, size_t *n)
{
    char path[4096];
    ds_csv *c = NULL;
    pc_error err = {0};
    char **v = NULL;
    int col;

    *n = 0;
    snprintf(path, sizeof path, "%s/gp-reg-pat-prac-map.csv", from);
    if (ds_csv_read_file(path, &c, &err) ||
        (col = ds_csv_col(c, "ICB_CODE")) < 0 ||
        !(v = calloc(c->nrows + 1, sizeof *v))) {
        ds_csv_free(c);
        return NULL;
    }
    for (size_t i = 0; i < c->nrows; i++) {
        size_t k = 0;

        while (k < *n && strcmp(v[k], c->rows[i][col]))
            k++;
        if (k == *n)
            v[(*n)++] = strdup(c->rows[i][col]);
    }
    ds_csv_free(c);
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

/* init and a baseline run of dataset dir into store db. */
static int init_run(const char *dir, const char *db, times *t)
{
    plan_import im = {NULL, NULL};
    plan_model *m = NULL;
    plan_scenario *sc = NULL;
    plan_run *run = NULL;
    pc_error err = {0};
    double t0 = now_ms();
    int ok;

    unlink(db);
    ok = plan_model_import(db, dir, &im, &err) == PC_OK;
    plan_import_free(&im);
    t->init = now_ms() - t0;
    t0 = now_ms();
    ok = ok && plan_model_open(db, &m, &err) == PC_OK &&
         plan_scenario_parse("{}", 2, "bench", &sc, &err) == PC_OK &&
         plan_model_run(m, sc, &run, &err) == PC_OK;
    t->run = now_ms() - t0;
    if (!ok)
        fprintf(stderr, "%s: %s\n", dir, err.msg);
    plan_run_free(run);
    plan_scenario_free(sc);
    plan_model_close(m);
    return ok;
}

/* One ICB in this process: build, init, run. */
static void one_icb(const char *icb, const char *from, times *t)
{
    char out[4096], db[4096];
    ds_build_opts o = {0};
    ds_build_result *r = NULL;
    pc_error err = {0};
    double t0 = now_ms();

    snprintf(out, sizeof out, WORK "/%s", icb);
    snprintf(db, sizeof db, WORK "/%s.db", icb);
    o.icb = icb;
    o.from = from;
    o.out = out;
    o.place_unmatched = 1;
    if (ds_build(&o, &r, &err) != PC_OK) {
        fprintf(stderr, "%s: %s\n", icb, err.msg);
        return;
    }
    t->build = now_ms() - t0;
    t->practices = (long)r->practices;
    t->patients = r->patients;
    t->placed = (long)r->unmatched;
    ds_build_result_free(r);
    t->ok = init_run(out, db, t);
}

/* Runs fn in a child; its times through a pipe, its peak RSS in MB. */
static int in_child(const char *icb, const char *from, times *t,
                    double *peak_mb)
{
    int fd[2], st = 0;
    struct rusage ru;
    pid_t pid;

    memset(t, 0, sizeof *t);
    if (pipe(fd))
        return 0;
    if ((pid = fork()) == 0) {
        close(fd[0]);
        if (icb)
            one_icb(icb, from, t);
        else
            t->ok = init_run(from, WORK "/reference.db", t);
        if (write(fd[1], t, sizeof *t) != (ssize_t)sizeof *t)
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    if (pid < 0 || read(fd[0], t, sizeof *t) != (ssize_t)sizeof *t)
        t->ok = 0;
    close(fd[0]);
    if (pid > 0 && wait4(pid, &st, 0, &ru) == pid)
        *peak_mb = (double)ru.ru_maxrss / 1024.0;
    return t->ok;
}

int main(int argc, char **argv)
{
    const char *shared = argc > 1 ? argv[1] : "../shared/data";
    char from[] = WORK "/from", probe[4096];
    size_t n = 0;
    char **icbs;
    times ref, t, sum = {0};
    double ref_mb = 0, mb = 0, max_mb = 0, ref_ms, t0;
    int failed = 0;

    snprintf(probe, sizeof probe, "%s/nhs/gp-reg-pat-prac-all_2023-07.csv",
             shared);
    if (access(probe, R_OK)) {
        printf("bench_national: skipped: no national files at %s\n", shared);
        return 0;
    }
    if (system("rm -rf " WORK) || mkdir(WORK, 0755) || mkdir(from, 0755) ||
        !link_files(shared, from) || !(icbs = icb_codes(from, &n))) {
        fprintf(stderr, "bench_national: cannot lay out %s\n", from);
        return 1;
    }
    if (!in_child(NULL, "datasets/coventry-warwickshire", &ref, &ref_mb)) {
        fprintf(stderr, "bench_national: the reference failed\n");
        return 1;
    }
    ref_ms = ref.init + ref.run;
    printf("reference: bundled C&W dataset, init %.0f ms + run %.0f ms = "
           "%.0f ms, peak %.0f MB\n\n",
           ref.init, ref.run, ref_ms, ref_mb);
    printf("%-4s %9s %10s %6s %9s %9s %9s %8s %9s\n", "ICB", "practices",
           "patients", "placed", "build ms", "init ms", "run ms", "peak MB",
           "x ref");
    t0 = now_ms();
    for (size_t i = 0; i < n; i++) {
        if (!in_child(icbs[i], from, &t, &mb)) {
            printf("%-4s failed\n", icbs[i]);
            failed++;
            continue;
        }
        printf("%-4s %9ld %10ld %6ld %9.0f %9.0f %9.0f %8.0f %9.2f\n", icbs[i],
               t.practices, t.patients, t.placed, t.build, t.init, t.run, mb,
               (t.init + t.run) / ref_ms);
        sum.practices += t.practices;
        sum.patients += t.patients;
        sum.placed += t.placed;
        sum.build += t.build;
        sum.init += t.init;
        sum.run += t.run;
        max_mb = mb > max_mb ? mb : max_mb;
    }
    printf("\n%zu ICBs (%d failed): %ld practices, %ld patients, %ld placed "
           "at a stand-in point; build %.1f s, init %.1f s, run %.1f s "
           "(%.0f ms per ICB, %.2f x the C&W reference); wall %.1f s; peak "
           "%.0f MB\n",
           n, failed, sum.practices, sum.patients, sum.placed, sum.build / 1e3,
           sum.init / 1e3, sum.run / 1e3,
           (sum.build + sum.init + sum.run) / (double)(n ? n : 1),
           (sum.init + sum.run) / (double)(n ? n : 1) / ref_ms,
           (now_ms() - t0) / 1e3, max_mb);
    for (size_t i = 0; i < n; i++)
        free(icbs[i]);
    free(icbs);
    return failed ? 1 : 0;
}
