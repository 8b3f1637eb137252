/* ds_build.h: a pcplan dataset for any ICB in England, built from the
 * national open files as their publishers name and lay them out.
 *
 * ds_build() reads a folder the user downloaded (the NHS England
 * registration totals and practice map, optionally ODS epraccur/ebranchs,
 * postcode centroids from OS Code-Point Open or ONSPD/NSPL, ONS boundaries,
 * the ONS 2022-based SNPP, IMD by LSOA, Census LSOA population) and writes
 * a dataset folder that `pcplan init` accepts (datasets/FORMAT.md). Every
 * file is checked before anything is written; the folder appears whole
 * (written beside it, then renamed) or not at all. README, "Any ICB in
 * England", lists the files, the rules and which figures are estimated. */
#ifndef DS_BUILD_H
#define DS_BUILD_H

#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_strlist.h"

#include <stddef.h>

typedef struct ds_build_opts {
    const char *icb;    /* ODS code (QWU) or GSS code (E54000018) */
    const char *from;   /* folder holding the national files */
    const char *out;    /* dataset folder to create (absent or empty) */
    const char *rooms;  /* premises_rooms.csv the ICB keeps, or NULL */
    const char *places; /* places.csv (lad_code, place), or NULL */
    int skip_unmatched; /* leave out practices whose postcode is not found */
    /* Benchmark only: a practice whose postcode no file covers is placed
     * at a deterministic point inside its ICB, marked illustrative. */
    int place_unmatched;
} ds_build_opts;

typedef struct ds_build_result {
    const char *icb_ods, *icb_gss, *icb_name; /* the ICB built */
    const char *name;                         /* dataset name */
    const char *list_date;                    /* registration extract date */
    int base_year;
    size_t practices; /* in the dataset */
    long patients;    /* their registered patients */
    size_t closed;    /* left out: closed in epraccur */
    size_t unmatched; /* left out or placed: postcode not found */
    size_t pcns, lads, places, premises;
    size_t rooms_estimated; /* premises whose rooms are estimated */
    size_t lads_projected;  /* LADs with an SNPP projection */
    size_t lsoas;
    size_t catchments;   /* practices with a catchment */
    pc_strlist warnings; /* what the user should know, in order */
    pc_arena *a;         /* owns everything above */
} ds_build_result;

/* Builds the dataset. On success *out is owned by the caller
 * (ds_build_result_free); on failure nothing is written and the error
 * names the file, row and field (PC_ERR_INPUT), a code or file that is
 * missing (PC_ERR_NOTFOUND) or the I/O failure (PC_ERR_IO). */
pc_status ds_build(const ds_build_opts *o, ds_build_result **out,
                   pc_error *err);
void ds_build_result_free(ds_build_result *r);

/* What was built, appended to b: a short text, or JSON (format
 * pcplan-dataset-build/1: icb {ods, gss, name}, name, list_date,
 * base_year, counts {...}, warnings). */
pc_status ds_build_report(const ds_build_result *r, int json, pc_buf *b,
                          pc_error *err);

#endif
