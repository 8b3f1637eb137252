/* check.h: the small test harness every tests/test_<module>.c uses.
 *
 * CHECK(cond) and CHECK_NEAR(got, want, tol) print file:line and fail the
 * current case without stopping it; check_run() runs every case, or only
 * those named on the command line (`test_geo point_swapped`; a name that
 * is no case is an error, exit 2), and returns the process exit status.
 * Output ends with "N passed, N failed". CHECK_GOLDEN compares output with
 * a golden file; PC_UPDATE_GOLDEN=1 in the environment rewrites the golden
 * files instead. */
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

    for (int i = 1; i < argc; i++) {
        const check_case *c = cases;

        while (c->name && strcmp(c->name, argv[i]))
            c++;
        if (!c->name) {
            fprintf(stderr, "%s: no case named \"%s\"; the cases are:", argv[0],
                    argv[i]);
            for (c = cases; c->name; c++)
                fprintf(stderr, " %s", c->name);
            fprintf(stderr, "\n");
            return 2;
        }
    }
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

/* 1 when PC_UPDATE_GOLDEN is set (and not empty): golden files are
 * rewritten with what the tests got instead of compared. */
static inline int check_update_golden(void)
{
    const char *u = getenv("PC_UPDATE_GOLDEN");

    return u && *u;
}

/* CHECK_GOLDEN(rel, got, len): the len bytes at got equal the file rel
 * (a path in the source tree, e.g. "tests/golden/letter_ask.md"), byte for
 * byte. With PC_UPDATE_GOLDEN set the file is first written with got. On a
 * difference got is written to <file name>.got in the working directory
 * and the case fails naming both. got NULL fails. */
#define CHECK_GOLDEN(rel, got, len) \
    check_golden_((rel), (got), (len), __FILE__, __LINE__)

static inline void check_golden_(const char *rel, const char *got, size_t len,
                                 const char *file, int line)
{
    char path[1024], gotpath[512];
    const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
    size_t wlen = 0;
    char *want;
    FILE *f;

    if (!got) {
        fprintf(stderr, "%s:%d: no output to compare with %s\n", file, line,
                rel);
        check_failed_ = 1;
        return;
    }
    check_src(rel, path, sizeof path);
    if (check_update_golden()) {
        f = fopen(path, "wb");
        if (!f || fwrite(got, 1, len, f) != len) {
            fprintf(stderr, "%s:%d: cannot write %s\n", file, line, path);
            check_failed_ = 1;
        }
        if (f && fclose(f) != 0)
            check_failed_ = 1;
    }
    want = check_slurp(path, &wlen);
    if (want && wlen == len && !memcmp(want, got, len)) {
        free(want);
        return;
    }
    snprintf(gotpath, sizeof gotpath, "%s.got", base);
    f = fopen(gotpath, "wb");
    if (f) {
        fwrite(got, 1, len, f);
        fclose(f);
    }
    fprintf(stderr, "%s:%d: %s %s (got %s; PC_UPDATE_GOLDEN=1 rewrites it)\n",
            file, line, rel, want ? "differs" : "cannot be read", gotpath);
    check_failed_ = 1;
    free(want);
}

#endif
