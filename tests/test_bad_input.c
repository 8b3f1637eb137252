/* test_bad_input.c: `pcplan init` on every malformed dataset in
 * tests/data/bad/, run as a real process.
 *
 * Each case directory is overlaid on a copy of tests/data/fixture/ (see
 * tests/data/make_bad.py for the format). For each case the test asserts
 * the exit status in its `expect` file; that stderr contains each expected
 * text; for exit 2, that stderr is exactly one line and that the store is
 * unchanged (same schema and row counts as before the attempt), and that
 * an attempt on a store that did not exist leaves no file behind. A case
 * that imports may name a later command that must refuse the data
 * (`then ARGS`, `then-exit N`, `then-has TEXT`).
 *
 * usage: test_bad_input PCPLAN [CASE...] (PC_SOURCE_DIR names the source
 * tree). */
#include "check.h"

#include <sqlite3.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *pcplan;
static char src[4096];
static char work[4096];
static char store[4200];

/* out = a/b; an empty string if it does not fit. */
static void join(char *out, size_t n, const char *a, const char *b)
{
    int k = snprintf(out, n, "%s/%s", a, b);

    if (k < 0 || (size_t)k >= n)
        out[0] = '\0';
}

/* Reads a whole file into a malloc'd NUL-terminated buffer, or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;

    if (!f)
        return NULL;
    do {
        if (cap - n < 4096) {
            char *p = realloc(buf, cap + 65536 + 1);

            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
            cap += 65536;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static int copy_file(const char *from, const char *to)
{
    size_t n = 0;
    char *b = slurp(from, &n);
    FILE *f;
    int ok;

    if (!b)
        return -1;
    f = fopen(to, "wb");
    ok = f && fwrite(b, 1, n, f) == n;
    if (f)
        fclose(f);
    free(b);
    return ok ? 0 : -1;
}

/* Copies every regular file of dir `from` (but `expect` and `delete`). */
static int copy_dir(const char *from, const char *to)
{
    DIR *d = opendir(from);
    struct dirent *e;
    char a[8192], b[8192];

    if (!d)
        return -1;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "expect") ||
            !strcmp(e->d_name, "delete"))
            continue;
        join(a, sizeof a, from, e->d_name);
        join(b, sizeof b, to, e->d_name);
        if (copy_file(a, b) != 0) {
            closedir(d);
            return -1;
        }
    }
    closedir(d);
    return 0;
}

static void remove_dir(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char p[8192];

    if (!d)
        return;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        join(p, sizeof p, path, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(path);
}

/* Runs pcplan with args; captures stderr into *errout (malloc'd). */
static int run_pcplan(char *const args[], char **errout)
{
    char errpath[8192];
    pid_t pid;
    int status = 0;

    join(errpath, sizeof errpath, work, "stderr.txt");
    fflush(stdout); /* or the child's freopen() writes our buffer again */
    fflush(stderr);
    pid = fork();
    if (pid == 0) {
        if (!freopen(errpath, "w", stderr) ||
            !freopen("/dev/null", "w", stdout))
            _exit(127);
        execv(pcplan, args);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    *errout = slurp(errpath, NULL);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int init_store(const char *db, const char *data, char **errout)
{
    char *args[] = {(char *)pcplan, "--db",       (char *)db, "init",
                    "--data",       (char *)data, NULL};
    return run_pcplan(args, errout);
}

/* Schema and row counts of every ordinary table, as one string. */
static char *fingerprint(const char *db_path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    size_t cap = 1 << 16, n = 0;
    char *out = calloc(1, cap);

    if (!out || sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
                    SQLITE_OK) {
        sqlite3_close(db);
        free(out);
        return NULL;
    }
    if (sqlite3_prepare_v2(db,
                           "SELECT name, sql FROM sqlite_master WHERE type = "
                           "'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                           "ORDER BY name",
                           -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            char sql[256];
            sqlite3_stmt *c = NULL;
            long count = -1;
            const char *name = (const char *)sqlite3_column_text(q, 0);

            snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", name);
            if (sqlite3_prepare_v2(db, sql, -1, &c, NULL) == SQLITE_OK &&
                sqlite3_step(c) == SQLITE_ROW)
                count = (long)sqlite3_column_int64(c, 0);
            sqlite3_finalize(c);
            n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s %ld %s\n",
                                  name, count,
                                  (const char *)sqlite3_column_text(q, 1));
            if (n >= cap)
                break;
        }
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}

static int count_lines(const char *s)
{
    int n = 0;

    for (; s && *s; s++)
        if (*s == '\n')
            n++;
    return n;
}

static int nfailed, npassed;

/* A case whose data imports but which a later command must refuse: its
 * expect file's `then ARGS` (space-separated, run on the imported store),
 * `then-exit N` and `then-has TEXT` lines. 1 when they hold (or there is
 * no `then`); *errout takes the command's stderr. */
static int then_ok(const char *name, const char *casedir, char **errout)
{
    char path[8192], *expect, *line, *save = NULL, *cmd = NULL;
    char *args[32] = {(char *)pcplan, "--db", store};
    int want = 2, got, ok = 1, n = 3;

    join(path, sizeof path, casedir, "expect");
    expect = slurp(path, NULL);
    for (line = expect ? strtok_r(expect, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save))
        if (!strncmp(line, "then ", 5))
            cmd = line + 5;
        else if (!strncmp(line, "then-exit ", 10))
            want = atoi(line + 10);
    if (!cmd) {
        free(expect);
        return 1;
    }
    for (char *t = strtok_r(cmd, " ", &save); t && n < 31;
         t = strtok_r(NULL, " ", &save))
        args[n++] = t;
    free(*errout);
    *errout = NULL;
    got = run_pcplan(args, errout);
    if (got != want) {
        fprintf(stderr, "%s: then: exit %d, expected %d\n", name, got, want);
        ok = 0;
    }
    free(expect);
    expect = slurp(path, NULL);
    for (line = expect ? strtok_r(expect, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save))
        if (!strncmp(line, "then-has ", 9) &&
            (!*errout || !strstr(*errout, line + 9))) {
            fprintf(stderr, "%s: then: stderr lacks \"%s\"\n", name, line + 9);
            ok = 0;
        }
    free(expect);
    return ok;
}

static void run_case(const char *name, const char *good_fp)
{
    char casedir[4608], data[8192], path[8192], newdb[8192];
    char *expect, *line, *save = NULL, *errout = NULL, *fp = NULL;
    int want_exit = -1, got, ok = 1;

    snprintf(casedir, sizeof casedir, "%s/tests/data/bad/%s", src, name);
    join(data, sizeof data, work, name);
    join(path, sizeof path, casedir, "expect");
    expect = slurp(path, NULL);
    if (!expect) {
        fprintf(stderr, "%s: no expect file\n", name);
        nfailed++;
        return;
    }
    mkdir(data, 0755);
    join(path, sizeof path, src, "tests/data/fixture");
    if (copy_dir(path, data) != 0 || copy_dir(casedir, data) != 0) {
        fprintf(stderr, "%s: cannot build the dataset\n", name);
        ok = 0;
    }
    join(path, sizeof path, casedir, "delete");
    {
        char *del = slurp(path, NULL), *tok, *s2 = NULL;

        for (tok = del ? strtok_r(del, "\n", &s2) : NULL; tok;
             tok = strtok_r(NULL, "\n", &s2)) {
            char p[16384];

            join(p, sizeof p, data, tok);
            unlink(p);
        }
        free(del);
    }
    for (line = strtok_r(expect, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (!strncmp(line, "exit ", 5))
            want_exit = atoi(line + 5);

    got = init_store(store, data, &errout);
    if (got != want_exit) {
        fprintf(stderr, "%s: exit %d, expected %d\n", name, got, want_exit);
        ok = 0;
    }
    free(expect);
    join(path, sizeof path, casedir, "expect");
    expect = slurp(path, NULL);
    for (line = strtok_r(expect, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (!strncmp(line, "has ", 4) &&
            (!errout || !strstr(errout, line + 4))) {
            fprintf(stderr, "%s: stderr lacks \"%s\"\n", name, line + 4);
            ok = 0;
        }
    if (want_exit == 2) {
        if (count_lines(errout) != 1) {
            fprintf(stderr, "%s: %d lines on stderr, expected one\n", name,
                    count_lines(errout));
            ok = 0;
        }
        fp = fingerprint(store);
        if (!fp || strcmp(fp, good_fp)) {
            fprintf(stderr, "%s: the store changed\n", name);
            ok = 0;
        }
        /* on a store that does not exist yet, nothing is created */
        join(newdb, sizeof newdb, work, "new.db");
        free(errout);
        errout = NULL;
        if (init_store(newdb, data, &errout) != 2 || access(newdb, F_OK) == 0) {
            fprintf(stderr, "%s: a new store was left behind\n", name);
            ok = 0;
        }
        unlink(newdb);
    } else {
        /* a case that imports (with warnings): restore the good store */
        char fx[8192];

        if (!then_ok(name, casedir, &errout))
            ok = 0;
        free(errout);
        errout = NULL;
        join(fx, sizeof fx, src, "tests/data/fixture");
        if (init_store(store, fx, &errout) != 0)
            ok = 0;
    }
    if (!ok)
        fprintf(stderr, "  stderr was: %s", errout ? errout : "(none)\n");
    printf("%s %s\n", ok ? "ok  " : "FAIL", name);
    ok ? npassed++ : nfailed++;
    free(fp);
    free(errout);
    free(expect);
    remove_dir(data);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    char fx[8192], bad[8192];
    char *names[256], *errout = NULL, *good_fp;
    size_t n = 0;
    DIR *d;
    struct dirent *e;

    if (argc < 2) {
        fprintf(stderr, "usage: test_bad_input PCPLAN [CASE...]\n");
        return 2;
    }
    pcplan = argv[1];
    snprintf(src, sizeof src, "%s",
             getenv("PC_SOURCE_DIR") ? getenv("PC_SOURCE_DIR") : ".");
    snprintf(work, sizeof work, "bad_input_XXXXXX");
    if (!mkdtemp(work)) {
        perror("mkdtemp");
        return 1;
    }
    join(store, sizeof store, work, "store.db");
    join(fx, sizeof fx, src, "tests/data/fixture");
    if (init_store(store, fx, &errout) != 0) {
        fprintf(stderr, "cannot create the store from the fixture: %s",
                errout ? errout : "");
        return 1;
    }
    free(errout);
    good_fp = fingerprint(store);
    if (!good_fp || !strstr(good_fp, "practices 12 ")) {
        fprintf(stderr, "unexpected store fingerprint:\n%s", good_fp);
        return 1;
    }

    join(bad, sizeof bad, src, "tests/data/bad");
    d = opendir(bad);
    if (!d) {
        fprintf(stderr, "%s: %s\n", bad, strerror(errno));
        return 1;
    }
    while ((e = readdir(d)) && n < 256)
        if (e->d_name[0] != '.' && !strchr(e->d_name, '.'))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        int wanted = argc <= 2;

        for (int k = 2; k < argc; k++)
            if (!strcmp(argv[k], names[i]))
                wanted = 1;
        if (wanted)
            run_case(names[i], good_fp);
        free(names[i]);
    }
    if (argc <= 2 && npassed + nfailed < 20) {
        fprintf(stderr, "only %d cases (expected at least 20)\n",
                npassed + nfailed);
        nfailed++;
    }
    free(good_fp);
    unlink(store);
    join(bad, sizeof bad, work, "stderr.txt");
    unlink(bad);
    rmdir(work);
    printf("%d passed, %d failed\n", npassed, nfailed);
    return nfailed ? 1 : 0;
}
