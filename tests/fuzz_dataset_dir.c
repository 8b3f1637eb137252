/* fuzz_dataset_dir.c: the whole dataset loader, ds_dataset_load(), with
 * the input bytes as practices.csv (STYLE.md §12). The other files come
 * from the fixture tests/data/fixture/, copied once into a temporary
 * directory made under the current directory; the copy is removed at exit.
 * The fixture is found through $PC_SOURCE_DIR (ctest sets it) or else
 * relative to the current directory, as when run from the repository root.
 */
#include "ds_csv.h"
#include "ds_dataset.h"
#include "fuzz_files.h"
#include "geo.h"
#include "pc_error.h"
#include "pc_file.h"

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmpdir[] = "fuzz_dataset_dir.XXXXXX";
static int have_tmpdir;
static geo_ctx *geo; /* one context for the whole run */

/* out = "a/b"; -1 if it does not fit */
static int join(char *out, size_t outsz, const char *a, const char *b)
{
    int n = snprintf(out, outsz, "%s/%s", a, b);

    return n >= 0 && (size_t)n < outsz ? 0 : -1;
}

static int copy_file(const char *from, const char *to)
{
    char *buf = NULL;
    size_t len = 0;
    pc_error err = {0};
    int rc;

    if (pc_file_read(from, 1u << 24, &buf, &len, &err) != PC_OK) {
        fprintf(stderr, "fuzz_dataset_dir: %s\n", err.msg);
        return -1;
    }
    rc = fuzz_write_file(to, buf, len);
    free(buf);
    return rc;
}

static void cleanup(void)
{
    geo_ctx_free(geo);
    geo = NULL;
    if (have_tmpdir)
        fuzz_remove_dir(tmpdir);
    have_tmpdir = 0;
}

/* Copies every regular file of the fixture into a new tmpdir. */
static int setup(void)
{
    char fixture[4096], from[4096], to[4096];
    DIR *d;
    struct dirent *e;
    int rc = 0;

    fuzz_src("tests/data/fixture", fixture, sizeof fixture);
    if (!mkdtemp(tmpdir)) {
        perror("fuzz_dataset_dir: mkdtemp");
        return -1;
    }
    have_tmpdir = 1;
    atexit(cleanup);
    d = opendir(fixture);
    if (!d) {
        fprintf(stderr,
                "fuzz_dataset_dir: cannot open %s (set PC_SOURCE_DIR to the "
                "source tree)\n",
                fixture);
        return -1;
    }
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        rc = join(from, sizeof from, fixture, e->d_name);
        if (rc == 0)
            rc = join(to, sizeof to, tmpdir, e->d_name);
        if (rc == 0)
            rc = copy_file(from, to);
    }
    closedir(d);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_error err = {0};
    ds_dataset *ds = NULL;
    char path[4096];

    if (!geo) {
        geo = geo_ctx_new(&err);
        if (!geo || setup() != 0)
            abort();
    }
    if (join(path, sizeof path, tmpdir, "practices.csv") != 0 ||
        fuzz_write_file(path, data, size) != 0)
        abort();
    /* an error result is fine; a crash, leak or UB report is a bug */
    if (ds_dataset_load(geo, tmpdir, &ds, &err) == PC_OK)
        ds_dataset_free(ds);
    return 0;
}
