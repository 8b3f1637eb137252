/* fuzz_contrib_import.c: the reader of the national developer-contributions
 * files, ds_contrib_import_read() (STYLE.md §12). The input is split at NUL
 * bytes into organisation.csv, developer-agreement.csv,
 * developer-agreement-contribution.csv and
 * developer-agreement-transaction.csv (missing parts are empty files),
 * written into a temporary directory made under the current directory and
 * removed at exit; then read twice: for the councils of LAD E07000220 and
 * for two councils named. An error is fine; a crash, leak or UB is a bug. */
#include "ds_contrib_import.h"
#include "pc_error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"organisation.csv",
                                    "developer-agreement.csv",
                                    "developer-agreement-contribution.csv",
                                    "developer-agreement-transaction.csv"};
static char tmpdir[] = "fuzz_contrib_import.XXXXXX";
static int have_tmpdir;

static void cleanup(void)
{
    char path[4096];

    if (!have_tmpdir)
        return;
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    rmdir(tmpdir);
    have_tmpdir = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const lads[] = {"E07000220"};
    static const char *const lpas[] = {"local-authority:WAR", "E07000220"};
    ds_contrib_scope by_lad = {NULL, 0, lads, 1}, named = {lpas, 2, lads, 1};
    const uint8_t *p = data, *end = data + size;
    ds_contrib_import_set *s = NULL;
    pc_error err = {0};
    char path[4096];

    if (!have_tmpdir) {
        if (!mkdtemp(tmpdir))
            abort();
        have_tmpdir = 1;
        atexit(cleanup);
    }
    for (size_t i = 0; i < 4; i++) {
        const uint8_t *nul = p < end ? memchr(p, 0, (size_t)(end - p)) : NULL;
        size_t n = p < end ? (size_t)((nul ? nul : end) - p) : 0;
        FILE *f;

        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        if (!(f = fopen(path, "wb")))
            abort();
        if (n && fwrite(p, 1, n, f) != n)
            abort();
        fclose(f);
        p = nul ? nul + 1 : end;
    }
    if (ds_contrib_import_read(tmpdir, &by_lad, &s, &err) == PC_OK)
        ds_contrib_import_set_free(s);
    s = NULL;
    if (ds_contrib_import_read(tmpdir, &named, &s, &err) == PC_OK)
        ds_contrib_import_set_free(s);
    return 0;
}
