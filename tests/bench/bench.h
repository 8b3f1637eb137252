/* bench.h: what the benchmarks share: a monotonic clock in milliseconds,
 * the median of a few runs (which sorts its array), and gen_dataset's
 * folders (tests/bench/gen_dataset.c) made by running the program. */
#ifndef BENCH_H
#define BENCH_H

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static inline double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The growth exponent log(t2/t1) / log(n2/n1) of a time t1 at size n1
 * and t2 at n2 (1: linear); NAN when it cannot be told. */
static inline double bench_exponent(double t1, double t2, double n1, double n2)
{
    return t1 > 0 && t2 > 0 && n1 > 0 && n2 > 0 && n1 != n2
               ? log(t2 / t1) / log(n2 / n1)
               : NAN;
}

/* Prints the growth exponents between neighbouring sizes of nrows timings
 * (named what[r]) each measured at nk sizes (named size[k], n[k] of what
 * unit counts): the time of row r at size k is t[k * stride + r]. */
static inline void bench_exponents(const char *title, const char *unit,
                                   const char *const *what, int nrows,
                                   const char *const *size, const double *n,
                                   int nk, const double *t, int stride)
{
    printf("%s: growth exponents, log(t2/t1) / log(n2/n1), n = %s (1: "
           "linear)\n",
           title, unit);
    for (int r = 0; r < nrows; r++) {
        printf("  %-16s", what[r]);
        for (int k = 1; k < nk; k++)
            printf("  %s to %s: %5.2f", size[k - 1], size[k],
                   bench_exponent(t[(k - 1) * stride + r], t[k * stride + r],
                                  n[k - 1], n[k]));
        printf("\n");
    }
}

/* The path of program name beside argv0 (this benchmark), into buf. */
static inline void bench_sibling(const char *argv0, const char *name, char *buf,
                                 size_t len)
{
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

    snprintf(buf, len, "%.*s%s", slash ? (int)(slash - argv0 + 1) : 0,
             argv0 ? argv0 : "", name);
}

/* Writes gen_dataset's folder of scale sc into dir (gen: the program),
 * its output to dir.log; 0 on success. */
static inline int bench_generate(const char *gen, const char *sc,
                                 const char *dir)
{
    char log[4200];
    int st = 0, fd;
    pid_t pid;

    snprintf(log, sizeof log, "%s.log", dir);
    if ((pid = fork()) == 0) {
        char *argv[] = {(char *)gen, "--out",    (char *)dir,
                        "--scale",   (char *)sc, NULL};

        if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 ||
            dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(126);
        execv(gen, argv);
        _exit(127);
    }
    return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
                   WEXITSTATUS(st) == 0
               ? 0
               : -1;
}

#endif
