/* check.h: the small test harness every tests/test_<module>.c uses.
 *
 * CHECK(cond) and CHECK_NEAR(got, want, tol) print file:line and fail the
 * current case without stopping it; check_run() runs every case, or only
 * those named on the command line (`test_geo point_swapped`), and returns
 * the process exit status. Output ends with "N passed, N failed". */
#ifndef CHECK_H
#define CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct check_case {
    const char *name;
    void (*fn)(void);
} check_case;

static int check_failed_ = 0;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
                    #cond);                                                  \
            check_failed_ = 1;                                               \
        }                                                                    \
    } while (0)

#define CHECK_NEAR(got, want, tol)                                       \
    do {                                                                 \
        double g_ = (got), w_ = (want);                                  \
        if (!(fabs(g_ - w_) <= (tol))) {                                 \
            fprintf(stderr, "%s:%d: %s = %.10g, expected %.10g +- %g\n", \
                    __FILE__, __LINE__, #got, g_, w_, (double)(tol));    \
            check_failed_ = 1;                                           \
        }                                                                \
    } while (0)

#define CHECK_STR(got, want)                                                   \
    do {                                                                       \
        const char *g_ = (got), *w_ = (want);                                  \
        if (!g_ || strcmp(g_, w_)) {                                           \
            fprintf(stderr, "%s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__, \
                    __LINE__, #got, g_ ? g_ : "(null)", w_);                   \
            check_failed_ = 1;                                                 \
        }                                                                      \
    } while (0)

/* the message contains the substring */
#define CHECK_HAS(msg, sub)                                            \
    do {                                                               \
        const char *m_ = (msg);                                        \
        if (!m_ || !strstr(m_, (sub))) {                               \
            fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", \
                    __FILE__, __LINE__, m_ ? m_ : "(null)", (sub));    \
            check_failed_ = 1;                                         \
        }                                                              \
    } while (0)

static inline int check_run(const check_case *cases, int argc, char **argv)
{
    int passed = 0, failed = 0;

    for (const check_case *c = cases; c->name; c++) {
        int wanted = argc <= 1;

        for (int i = 1; i < argc; i++)
            if (!strcmp(argv[i], c->name))
                wanted = 1;
        if (!wanted)
            continue;
        check_failed_ = 0;
        c->fn();
        if (check_failed_) {
            fprintf(stderr, "FAIL %s\n", c->name);
            failed++;
        } else {
            printf("ok   %s\n", c->name);
            passed++;
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

/* Path of a file in the source tree (PC_SOURCE_DIR is set by ctest). */
static inline const char *check_src(const char *rel, char *buf, size_t n)
{
    const char *root = getenv("PC_SOURCE_DIR");

    snprintf(buf, n, "%s/%s", root ? root : ".", rel);
    return buf;
}

/* The whole file at path, NUL-terminated, malloc'd (its length in *len
 * when len is not NULL); NULL when it cannot be read. */
static inline char *check_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1))) {
        if (fread(s, 1, (size_t)n, f) != (size_t)n) {
            free(s);
            s = NULL;
        } else {
            s[n] = 0;
            if (len)
                *len = (size_t)n;
        }
    }
    fclose(f);
    return s;
}

#endif
