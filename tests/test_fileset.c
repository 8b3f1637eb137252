/* test_fileset.c: output sets that appear whole or not at all
 * (planner/base/pc_fileset.h), with failures injected deterministically
 * through pc_file_set_fail_hook() at each step in turn, in place of a
 * timed kill:
 *  - a folder set (export, report): after a failure at any step, with
 *    RENAME_EXCHANGE and with the two-rename fallback, the folder holds
 *    the complete old set or the complete new one (files the set does not
 *    replace, symlinks and folders kept), and no DIR.tmp-* or DIR.old-*
 *    is left beside it; a new folder appears whole or not at all;
 *  - a file set (the letter's pair): both old or both new, no temporary;
 *  - symlinks planted at the names the old code used for temporaries
 *    (NAME.tmp, DIR.tmp) are never followed;
 *  - a read-only folder, a file in the way, and the current directory are
 *    refused. Works in a fresh folder under the current directory. */
#include "check.h"
#include "pc_error.h"
#include "pc_file.h"
#include "pc_fileset.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOP "test_fileset.d"
#define OUT TOP "/out"

static void rm_rf(const char *path)
{
    char cmd[512];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    CHECK(system(cmd) == 0);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    CHECK(f && fputs(text, f) >= 0);
    if (f)
        fclose(f);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dir's entries as "name=content|", sorted: "sub/" for a folder,
 * "name->target" for a symlink; "-" when dir is missing. */
static void snapshot(const char *dir, char *out, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *names[64];
    size_t k = 0, len = 0;

    out[0] = 0;
    if (!d) {
        snprintf(out, n, "-");
        return;
    }
    while ((e = readdir(d)) && k < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[k++] = strdup(e->d_name);
    closedir(d);
    qsort(names, k, sizeof *names, cmp_names);
    for (size_t i = 0; i < k; i++) {
        char p[512], text[256] = "";
        struct stat sb;
        ssize_t r;
        FILE *f;

        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        lstat(p, &sb);
        if (S_ISDIR(sb.st_mode)) {
            len += snprintf(out + len, n - len, "%s/|", names[i]);
        } else if (S_ISLNK(sb.st_mode)) {
            r = readlink(p, text, sizeof text - 1);
            text[r > 0 ? r : 0] = 0;
            len += snprintf(out + len, n - len, "%s->%s|", names[i], text);
        } else {
            f = fopen(p, "r");
            if (f) {
                text[fread(text, 1, sizeof text - 1, f)] = 0;
                fclose(f);
            }
            len += snprintf(out + len, n - len, "%s=%s|", names[i], text);
        }
        free(names[i]);
    }
}

/* Entries of TOP beside "out" that are temporaries. */
static int leftovers(void)
{
    DIR *d = opendir(TOP);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)))
        n += !strncmp(e->d_name, "out.", 4) || !strncmp(e->d_name, ".", 1);
    if (d)
        closedir(d);
    return n - 2; /* . and .. */
}

/* The hook: fails the fail_at-th step (counting from 1) with EIO, and
 * with no_exchange refuses RENAME_EXCHANGE as some file systems do. */
static int calls, fail_at, no_exchange, exchange_refused;

static int hook(const char *step)
{
    if (no_exchange && !strcmp(step, "swap")) {
        exchange_refused++;
        return EINVAL;
    }
    return ++calls == fail_at ? EIO : 0;
}

/* The old set: two files, a symlink and a folder with a file. */
static void old_set(void)
{
    rm_rf(TOP);
    CHECK(mkdir(TOP, 0777) == 0 && mkdir(OUT, 0777) == 0);
    put(OUT "/a", "old a");
    put(OUT "/b", "old b");
    CHECK(symlink("a", OUT "/link") == 0);
    CHECK(mkdir(OUT "/sub", 0777) == 0);
    put(OUT "/sub/x", "x");
}

/* Writes the new set {a, c} over OUT; the commit's status. */
static pc_status new_set(void)
{
    pc_fileset *s = NULL;
    pc_error err = {0};
    pc_status rc = pc_fileset_begin(OUT, 1, &s, &err);

    if (rc == PC_OK)
        rc = pc_fileset_write(s, "a", "new a", 5, &err);
    if (rc == PC_OK)
        rc = pc_fileset_write(s, "c", "new c", 5, &err);
    if (rc == PC_OK)
        rc = pc_fileset_commit(s, &err);
    pc_fileset_free(s);
    return rc;
}

static void fail_each_step_with(int fallback)
{
    static const char old_snap[] = "a=old a|b=old b|link->a|sub/|";
    static const char new_snap[] = "a=new a|b=old b|c=new c|link->a|sub/|";
    char snap[1024], x[1024];
    int k;

    pc_file_set_fail_hook(hook);
    no_exchange = fallback;
    exchange_refused = 0;
    for (k = 1; k < 20; k++) {
        pc_status rc;

        old_set();
        calls = 0;
        fail_at = k;
        rc = new_set();
        snapshot(OUT, snap, sizeof snap);
        snapshot(OUT "/sub", x, sizeof x);
        CHECK_STR(snap, rc == PC_OK ? new_snap : old_snap);
        CHECK_STR(x, "x=x|");
        CHECK(leftovers() == 0);
        if (rc == PC_OK) {
            CHECK(calls < k); /* no step left to fail */
            break;
        }
    }
    CHECK(k >= 4); /* carry, sync, swap (or aside, in), move */
    CHECK(!fallback || exchange_refused > 0);
    /* a new folder: all or nothing */
    for (k = 1; k < 20; k++) {
        pc_status rc;

        rm_rf(TOP);
        CHECK(mkdir(TOP, 0777) == 0);
        calls = 0;
        fail_at = k;
        rc = new_set();
        snapshot(OUT, snap, sizeof snap);
        CHECK_STR(snap, rc == PC_OK ? "a=new a|c=new c|" : "-");
        CHECK(leftovers() == 0);
        if (rc == PC_OK)
            break;
    }
    pc_file_set_fail_hook(NULL);
    no_exchange = 0;
    rm_rf(TOP);
}

static void folder_fail_each_step(void)
{
    fail_each_step_with(0);
}

static void folder_fail_each_step_fallback(void)
{
    fail_each_step_with(1);
}

/* The letter's pair: both old or both new after a failure at each step;
 * new files appear together or not at all. */
static void pair_fail_each_step(void)
{
    const char *paths[2] = {TOP "/f.md", TOP "/f.html"};
    const void *data[2] = {"new md", "new html"};
    const size_t len[2] = {6, 8};
    pc_error err = {0};
    char snap[1024];
    int k, fresh;

    pc_file_set_fail_hook(hook);
    for (fresh = 0; fresh < 2; fresh++)
        for (k = 1; k < 20; k++) {
            pc_status rc;

            rm_rf(TOP);
            CHECK(mkdir(TOP, 0777) == 0);
            if (!fresh) {
                put(paths[0], "old md");
                put(paths[1], "old html");
            }
            calls = 0;
            fail_at = k;
            rc = pc_file_write_set(paths, data, len, 2, &err);
            snapshot(TOP, snap, sizeof snap);
            if (rc == PC_OK)
                CHECK_STR(snap, "f.html=new html|f.md=new md|");
            else
                CHECK_STR(snap, fresh ? "" : "f.html=old html|f.md=old md|");
            if (rc == PC_OK) {
                CHECK(k == 5); /* write, write, rename, rename */
                break;
            }
            CHECK(err.code == PC_ERR_IO);
        }
    pc_file_set_fail_hook(NULL);
    rm_rf(TOP);
}

/* Symlinks at the names the old code used (NAME.tmp, DIR.tmp,
 * DIR/NAME.tmp) point at a victim; nothing writes through them. */
static void symlinks_not_followed(void)
{
    const char *paths[2] = {TOP "/f.md", TOP "/f.html"};
    const void *data[2] = {"md", "html"};
    const size_t len[2] = {2, 4};
    static const char *const planted[] = {
        TOP "/f.md.tmp",       TOP "/f.html.tmp", TOP "/out.tmp",
        OUT "/index.html.tmp", TOP "/m.mps.tmp",  TOP "/s.json.tmp"};
    pc_fileset *s = NULL;
    pc_error err = {0};
    char tmp[4096], snap[1024];

    rm_rf(TOP);
    CHECK(mkdir(TOP, 0777) == 0 && mkdir(OUT, 0777) == 0);
    put(TOP "/victim", "precious");
    for (size_t i = 0; i < sizeof planted / sizeof *planted; i++)
        CHECK(symlink(i == 3 ? "../victim" : "victim", planted[i]) == 0);
    /* the letter */
    CHECK(pc_file_write_set(paths, data, len, 2, &err) == PC_OK);
    /* a report or export folder */
    CHECK(pc_fileset_begin(OUT, 1, &s, &err) == PC_OK);
    CHECK(pc_fileset_write(s, "index.html", "page", 4, &err) == PC_OK);
    CHECK(pc_fileset_commit(s, &err) == PC_OK);
    pc_fileset_free(s);
    /* --write-mps (GLPK writes a named temporary) and --write-scenario */
    CHECK(pc_file_temp(TOP "/m.mps", tmp, sizeof tmp, &err) == PC_OK);
    CHECK(strstr(tmp, "m.mps.tmp") == NULL);
    put(tmp, "mps");
    CHECK(pc_file_commit(tmp, TOP "/m.mps", &err) == PC_OK);
    CHECK(pc_file_write_atomic(TOP "/s.json", "{}", 2, &err) == PC_OK);

    snapshot(TOP, snap, sizeof snap);
    CHECK_STR(snap, "f.html=html|f.html.tmp->victim|f.md=md|f.md.tmp->victim|"
                    "m.mps=mps|m.mps.tmp->victim|out/|out.tmp->victim|"
                    "s.json={}|s.json.tmp->victim|victim=precious|");
    snapshot(OUT, snap, sizeof snap);
    CHECK_STR(snap, "index.html=page|index.html.tmp->../victim|");
    rm_rf(TOP);
}

/* What a folder set refuses, with nothing written. */
static void folder_refusals(void)
{
    pc_fileset *s = NULL;
    pc_error err = {0};
    char snap[1024];

    rm_rf(TOP);
    CHECK(mkdir(TOP, 0777) == 0);
    put(TOP "/file", "f");
    CHECK(pc_fileset_begin(TOP "/file", 1, &s, &err) == PC_ERR_IO);
    CHECK_HAS(err.msg, "not a directory");
    CHECK(pc_fileset_begin(TOP "/no/such", 0, &s, &err) == PC_ERR_IO);
    CHECK_HAS(err.msg, "No such file or directory");
    CHECK(pc_fileset_begin(".", 1, &s, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "current directory");
    CHECK(pc_fileset_begin("/", 1, &s, &err) == PC_ERR_INPUT);
    CHECK(s == NULL);
    CHECK(mkdir(OUT, 0500) == 0);
    if (geteuid() != 0) { /* root may write anywhere */
        CHECK(pc_fileset_begin(OUT, 1, &s, &err) == PC_ERR_IO);
        CHECK_HAS(err.msg, "Permission denied");
    }
    chmod(OUT, 0700);
    /* a folder where the set has a file */
    CHECK(mkdir(OUT "/a", 0777) == 0);
    CHECK(pc_fileset_begin(OUT, 1, &s, &err) == PC_OK);
    CHECK(pc_fileset_write(s, "a", "x", 1, &err) == PC_OK);
    CHECK(pc_fileset_commit(s, &err) == PC_ERR_IO);
    CHECK_HAS(err.msg, "exists and is not a regular file");
    pc_fileset_free(s);
    snapshot(OUT, snap, sizeof snap);
    CHECK_STR(snap, "a/|");
    CHECK(leftovers() == 0);
    /* parents made; a trailing slash and a symlinked folder */
    CHECK(pc_fileset_begin(TOP "/p/q/r/", 1, &s, &err) == PC_OK);
    CHECK(pc_fileset_commit(s, &err) == PC_OK);
    pc_fileset_free(s);
    CHECK(symlink("p/q/r", TOP "/via") == 0);
    CHECK(pc_fileset_begin(TOP "/via", 1, &s, &err) == PC_OK);
    CHECK(pc_fileset_write(s, "z", "z", 1, &err) == PC_OK);
    CHECK(pc_fileset_commit(s, &err) == PC_OK);
    pc_fileset_free(s);
    snapshot(TOP "/p/q/r", snap, sizeof snap);
    CHECK_STR(snap, "z=z|");
    snapshot(TOP, snap, sizeof snap);
    CHECK_STR(snap, "file=f|out/|p/|via->p/q/r|");
    rm_rf(TOP);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"folder_fail_each_step", folder_fail_each_step},
        {"folder_fail_each_step_fallback", folder_fail_each_step_fallback},
        {"pair_fail_each_step", pair_fail_each_step},
        {"symlinks_not_followed", symlinks_not_followed},
        {"folder_refusals", folder_refusals},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
