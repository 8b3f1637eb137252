/* fuzz_build.c: `pcplan dataset build`, ds_build(), with the input as one
 * of the national files (STYLE.md §12): its first byte chooses which (see
 * files[]), the rest is the file's content. The other files are the real
 * extracts of tests/data/national/2026-04/ and ods/ (NHS Coventry and
 * Warwickshire, QWU), copied once into a temporary folder made under the
 * current directory, where each input's file is written over the copy and
 * put back after the build; the dataset built is removed after each
 * input, and the folder at exit. The extracts are found through
 * $PC_SOURCE_DIR (ctest sets it) or else relative to the current
 * directory. */
#include "ds_build.h"
#include "fuzz_files.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_file.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The files an input can be, by its first byte modulo their number, and
 * the folder of tests/data/national/ each is copied from. */
static const struct {
    const char *name, *from;
} files[] = {
    {"gp-reg-pat-prac-all.csv", "2026-04"},
    {"gp-reg-pat-prac-map.csv", "2026-04"},
    {"x-boundary-mapping-2023-24-v1.csv", "2026-04"},
    {"codepoint_open_2025-10_cv.csv", "2026-04"},
    {"census2021_lsoa21_population_cw.csv", "2026-04"},
    {"imd2025_lsoa21_england.csv", "2026-04"},
    {"snpp2022_migcat_syoa_persons_cw.csv", "2026-04"},
    {"lad_2024-12_bgc_england.geojson", "2026-04"},
    {"icb_2023-04_bgc_england.geojson", "2026-04"},
    {"epraccur.csv", "ods"},
    {"ebranchs.csv", "ods"},
};
#define NFILES (sizeof files / sizeof *files)
/* the rest of the folder, never replaced */
static const char *const others[] = {
    "codepoint_open_2025-10_b.csv",
    "codepoint_open_2025-10_gl.csv",
    "sicbl_2023-04_bgc_england.geojson",
};

static char tmpdir[] = "fuzz_build.XXXXXX";
static int have_tmpdir;
static char *orig[NFILES]; /* each file's real content */
static size_t orig_len[NFILES];

static void cleanup(void)
{
    for (size_t i = 0; i < NFILES; i++)
        free(orig[i]);
    if (have_tmpdir)
        fuzz_remove_dir(tmpdir);
    have_tmpdir = 0;
}

/* Reads the real file rel of the source tree into *buf; copies it into
 * tmpdir as name. */
static int copy_in(const char *rel, const char *name, char **buf, size_t *len)
{
    char from[4096], to[4096];
    pc_error err = {0};

    fuzz_src(rel, from, sizeof from);
    snprintf(to, sizeof to, "%s/%s", tmpdir, name);
    if (pc_file_read(from, 1u << 24, buf, len, &err) != PC_OK) {
        fprintf(stderr,
                "fuzz_build: %s (set PC_SOURCE_DIR to the source "
                "tree)\n",
                err.msg);
        return -1;
    }
    return fuzz_write_file(to, *buf, *len);
}

static int setup(void)
{
    char rel[4096];

    if (!mkdtemp(tmpdir)) {
        perror("fuzz_build: mkdtemp");
        return -1;
    }
    have_tmpdir = 1;
    atexit(cleanup);
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(rel, sizeof rel, "tests/data/national/%s/%s", files[i].from,
                 files[i].name);
        if (copy_in(rel, files[i].name, &orig[i], &orig_len[i]))
            return -1;
    }
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        char *buf = NULL;
        size_t len;
        int rc;

        snprintf(rel, sizeof rel, "tests/data/national/2026-04/%s", others[i]);
        rc = copy_in(rel, others[i], &buf, &len);
        free(buf);
        if (rc)
            return -1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char path[4096], out[4096];
    pc_error err = {0};
    ds_build_opts o = {0};
    ds_build_result *r = NULL;
    pc_buf report = PC_BUF_INIT(PC_CAP_DOC);
    size_t k;

    if (!ready) {
        if (setup())
            abort();
        ready = 1;
    }
    if (size < 1)
        return 0;
    k = data[0] % NFILES;
    snprintf(path, sizeof path, "%s/%s", tmpdir, files[k].name);
    snprintf(out, sizeof out, "%s/out", tmpdir);
    if (fuzz_write_file(path, data + 1, size - 1))
        abort();
    o.icb = "QWU";
    o.from = tmpdir;
    o.out = out;
    /* an error result is fine; a crash, leak or UB report is a bug */
    if (ds_build(&o, &r, &err) == PC_OK) {
        (void)ds_build_report(r, 1, &report, &err);
        pc_buf_reset(&report);
        (void)ds_build_report(r, 0, &report, &err);
    }
    pc_buf_free(&report);
    ds_build_result_free(r);
    fuzz_remove_dir(out);
    if (fuzz_write_file(path, orig[k], orig_len[k]))
        abort();
    return 0;
}
