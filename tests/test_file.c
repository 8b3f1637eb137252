/* test_file.c: whole files (planner/base/pc_file.h): read round trip and
 * its errors, atomic writes that leave no temporary and never follow a
 * planted symlink, and making folders. Works in a fresh folder under the
 * current directory. */
#include "check.h"
#include "pc_error.h"
#include "pc_file.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_ "test_file.d"

/* Removes DIR_ and what it holds (one level of files and folders). */
static void clean(void)
{
    DIR *d = opendir(DIR_);
    struct dirent *e;
    char p[512];

    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, DIR_ "/%s", e->d_name);
        if (unlink(p) != 0)
            rmdir(p);
    }
    if (d)
        closedir(d);
    rmdir(DIR_ "/a/b/c");
    rmdir(DIR_ "/a/b");
    rmdir(DIR_ "/a");
    rmdir(DIR_);
}

/* Files in DIR_ whose name starts with prefix. */
static int count(const char *prefix)
{
    DIR *d = opendir(DIR_);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)))
        n += !strncmp(e->d_name, prefix, strlen(prefix));
    if (d)
        closedir(d);
    return n;
}

static void round_trip(void)
{
    static const char text[] = "one\0two\nthree";
    pc_error err = {0};
    char *got = NULL;
    size_t len = 0;

    clean();
    CHECK(pc_dir_make(DIR_, &err) == PC_OK);
    CHECK(pc_file_write_atomic(DIR_ "/f.txt", text, sizeof text - 1, &err) ==
          PC_OK);
    CHECK(pc_file_read(DIR_ "/f.txt", 100, &got, &len, &err) == PC_OK);
    CHECK(len == sizeof text - 1 && got && !memcmp(got, text, len));
    CHECK(got && got[len] == '\0');
    free(got);
    got = NULL;
    /* exactly at the limit is fine; one under is not */
    CHECK(pc_file_read(DIR_ "/f.txt", len, &got, NULL, &err) == PC_OK);
    free(got);
    got = NULL;
    CHECK(pc_file_read(DIR_ "/f.txt", len - 1, &got, &len, &err) ==
          PC_ERR_INPUT);
    CHECK(got == NULL);
    CHECK_HAS(err.msg, DIR_ "/f.txt");
    CHECK_HAS(err.msg, "larger than 12 bytes");
    /* an empty file */
    CHECK(pc_file_write_atomic(DIR_ "/e.txt", "", 0, &err) == PC_OK);
    CHECK(pc_file_read(DIR_ "/e.txt", 10, &got, &len, &err) == PC_OK);
    CHECK(len == 0 && got && got[0] == '\0');
    free(got);
    /* a file larger than the first read */
    {
        size_t n = 300000;
        char *big = malloc(n);

        CHECK(big != NULL);
        if (big) {
            memset(big, 'x', n);
            got = NULL;
            CHECK(pc_file_write_atomic(DIR_ "/big", big, n, &err) == PC_OK);
            CHECK(pc_file_read(DIR_ "/big", n, &got, &len, &err) == PC_OK);
            CHECK(len == n && got && !memcmp(got, big, n));
            free(got);
            free(big);
        }
    }
    clean();
}

static void missing(void)
{
    pc_error err = {0};
    char *got = NULL;

    CHECK(pc_file_read("/nonexistent/x.json", 10, &got, NULL, &err) ==
          PC_ERR_IO);
    CHECK(got == NULL);
    CHECK_STR(err.msg,
              "cannot open /nonexistent/x.json: No such file or directory");
}

static void atomic_no_temp(void)
{
    pc_error err = {0};
    char *got = NULL;
    struct stat st;

    clean();
    CHECK(pc_dir_make(DIR_, &err) == PC_OK);
    CHECK(pc_file_write_atomic(DIR_ "/out.html", "old", 3, &err) == PC_OK);
    CHECK(pc_file_write_atomic(DIR_ "/out.html", "new!", 4, &err) == PC_OK);
    CHECK(pc_file_read(DIR_ "/out.html", 10, &got, NULL, &err) == PC_OK);
    CHECK_STR(got, "new!");
    free(got);
    CHECK(count(".out.html.") == 0);
    CHECK(count("") == 3); /* ".", "..", out.html */
    /* the mode a new file gets, not mkstemp's 0600 */
    CHECK(stat(DIR_ "/out.html", &st) == 0 && (st.st_mode & 0044) != 0);
    clean();
}

static void missing_folder(void)
{
    pc_error err = {0};
    struct stat st;

    clean();
    CHECK(pc_file_write_atomic(DIR_ "/no/such/f.txt", "x", 1, &err) ==
          PC_ERR_IO);
    CHECK_HAS(err.msg, "cannot write " DIR_ "/no/such/f.txt");
    CHECK(stat(DIR_ "/no/such/f.txt", &st) != 0);
    CHECK(stat(DIR_, &st) != 0);
    /* a folder where the file should be: path untouched, no temporary */
    CHECK(pc_dir_make(DIR_ "/a/b/c", &err) == PC_OK);
    CHECK(pc_dir_make(DIR_ "/a/b/c", &err) == PC_OK); /* again: fine */
    CHECK(pc_file_write_atomic(DIR_ "/a", "x", 1, &err) == PC_ERR_IO);
    CHECK(stat(DIR_ "/a/b/c", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(count(".a.") == 0);
    CHECK(pc_dir_make("", &err) == PC_ERR_INPUT);
    clean();
}

static void symlink_not_followed(void)
{
    pc_error err = {0};
    char *got = NULL;

    clean();
    CHECK(pc_dir_make(DIR_, &err) == PC_OK);
    CHECK(pc_file_write_atomic(DIR_ "/victim", "precious", 8, &err) == PC_OK);
    /* a symlink at the name the old code used for its temporary */
    CHECK(symlink("victim", DIR_ "/out.txt.tmp") == 0);
    CHECK(pc_file_write_atomic(DIR_ "/out.txt", "data", 4, &err) == PC_OK);
    CHECK(pc_file_read(DIR_ "/victim", 100, &got, NULL, &err) == PC_OK);
    CHECK_STR(got, "precious");
    free(got);
    got = NULL;
    CHECK(pc_file_read(DIR_ "/out.txt", 100, &got, NULL, &err) == PC_OK);
    CHECK_STR(got, "data");
    free(got);
    clean();
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"round_trip", round_trip},
        {"missing", missing},
        {"atomic_no_temp", atomic_no_temp},
        {"missing_folder", missing_folder},
        {"symlink_not_followed", symlink_not_followed},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
