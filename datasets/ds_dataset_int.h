/* ds_dataset_int.h: what the files of the dataset loader share, and nothing
 * outside datasets/ sees. ds_dataset_load() (ds_dataset.c) reads the
 * manifest (ds_manifest.c), then every file it names in dependency order:
 * the CSV tables (ds_tables.c), the GeoJSON layers (ds_geometry.c) and the
 * money tables (ds_money.c), all filling one ds_dataset through a loader.
 *
 * Every function here that can fail returns pc_status and fills *err; the
 * per-file loaders leave the dataset half-filled on failure, which
 * ds_dataset_free() releases as a whole. */
#ifndef DS_DATASET_INT_H
#define DS_DATASET_INT_H

#include "ds_csv.h"
#include "ds_dataset.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_file.h"
#include "pc_index.h"
#include "pc_json.h"
#include "pc_text.h"

#include <cjson/cJSON.h>

#define JSON_MAX (256u * 1024u * 1024u)
#define YEAR_MIN 1900
#define YEAR_MAX 2200

/* The files a manifest may name, in load order. */
enum {
    F_SYSTEM,
    F_LADS,
    F_PCNS,
    F_PRACTICES,
    F_LIST_SIZES,
    F_PREMISES,
    F_SITES,
    F_CATCHMENTS,
    F_SCHEMES,
    F_CONTRIBUTIONS,
    F_ASSUMPTIONS,
    F_PRESETS,
    F_PROJECTIONS,
    F_LSOAS,
    F_COST_INDEX,
    F_FUNDS,
    F_POSTCODES,
    F_COUNT
};

typedef struct ds_ld_file_kind {
    const char *key; /* the manifest's "files" key */
    int required;
    int coords; /* takes a crs */
} ds_ld_file_kind;

/* Indexed by F_*. (ds_manifest.c) */
extern const ds_ld_file_kind ds_ld_file_kinds[F_COUNT];

/* One dataset being loaded: where its files are and what was read so far,
 * indexed by id so that references can be checked. */
typedef struct loader {
    geo_ctx *geo;
    ds_dataset *ds;
    pc_arena *a;               /* the dataset's arena */
    const char *path[F_COUNT]; /* display path: DIR/file, or NULL */
    geo_crs crs[F_COUNT];
    pc_index lads, places, pcns, practices, premises, sites, schemes,
        assumptions, catchments;
    pc_index keys; /* a CSV table's own keys (pairs); ds_ld_rows empties it */
} loader;

/* A CSV column a table reads, and whether the header must have it. */
typedef struct colspec {
    const char *name;
    int required;
} colspec;

/* Reads one CSV file's rows into the dataset. */
typedef pc_status (*csv_loader)(loader *L, const ds_csv *csv, pc_error *err);

/* Adds "row N" (the CSV line of row r) to err; used inside per-row loops
 * whose error variable is `err`. */
#define ROW_FAIL(csv, r) pc_error_wrap(err, "row %ld", (csv)->line[r])

/* --- small helpers (ds_dataset.c) -------------------------------------- */

/* n elements of size bytes in the dataset's arena (at least one, so that
 * an empty array is not NULL); NULL when out of memory. */
void *ds_ld_alloc_array(loader *L, size_t n, size_t size);

/* An arena copy of s, or NULL when s is NULL or empty (or out of memory). */
const char *ds_ld_dup_or_null(loader *L, const char *s);

/* Reads and parses a JSON file (a UTF-8 BOM is skipped); *out is owned by
 * the caller (cJSON_Delete). */
pc_status ds_ld_read_json_file(const char *path, cJSON **out, pc_error *err);

/* --- manifest (ds_manifest.c) ------------------------------------------ */

/* Fills L->path and L->crs and the dataset's name, title, base year and
 * attribution from the parsed manifest m of directory dir. */
pc_status ds_ld_manifest_read(loader *L, const cJSON *m, const char *dir,
                              pc_error *err);

/* --- CSV columns and fields (ds_tables.c) ------------------------------ */

/* Finds each spec's column in the header (cols[i] = -1 when an optional
 * one is absent); a missing required column is an error. */
pc_status ds_ld_find_cols(const ds_csv *csv, const colspec *specs, size_t n,
                          int *cols, pc_error *err);

/* The field of row r in column col; "" when the column is absent. */
const char *ds_ld_cell(const ds_csv *csv, size_t r, int col);

/* Optional number: NAN when the field is empty or absent. */
pc_status ds_ld_opt_double(const ds_csv *csv, size_t r, int col,
                           const char *name, double min, double max,
                           double *out, pc_error *err);

pc_status ds_ld_req_int(const ds_csv *csv, size_t r, int col, const char *name,
                        long min, long max, long *out, pc_error *err);

/* Optional integer: `dflt` when empty. */
pc_status ds_ld_opt_int(const ds_csv *csv, size_t r, int col, const char *name,
                        long min, long max, long dflt, long *out,
                        pc_error *err);

/* Checks a CSV `illustrative` field: "", "*" or column names. */
pc_status ds_ld_check_illustrative_csv(const ds_csv *csv, const char *v,
                                       pc_error *err);

/* Splits a ';' list into arena strings; *out gets n pointers. */
pc_status ds_ld_split_list(loader *L, const char *v, const char ***out,
                           size_t *n, pc_error *err);

/* Records id as seen at `where` (a CSV row, or a feature index when
 * unit is "feature"), failing if it was seen before. */
pc_status ds_ld_unique_at(pc_index *ix, const char *id, size_t where,
                          const char *unit, const char *field, pc_error *err);

/* ds_ld_unique_at() for a CSV row. */
pc_status ds_ld_unique(pc_index *ix, const char *id, size_t line,
                       const char *field, pc_error *err);

/* id must be in ix: `field` refers to a `what` defined earlier. */
pc_status ds_ld_known(const pc_index *ix, const char *id, const char *field,
                      const char *what, pc_error *err);

/* Reads row r of a CSV table into elem; c[] are the table's columns as
 * ds_ld_find_cols() found them. */
typedef pc_status (*csv_row_fn)(loader *L, const ds_csv *csv, size_t r,
                                const int *c, void *elem, pc_error *err);

/* Reads every row of csv into a new arena array *arr of elements of size
 * bytes, one per row, counting good rows in *count: fn reads row r into
 * element r. Its failures, except running out of memory, get "row N".
 * Empties L->keys when done. */
pc_status ds_ld_rows(loader *L, const ds_csv *csv, const int *c, void **arr,
                     size_t size, size_t *count, csv_row_fn fn, pc_error *err);

#define DS_LD_ROWS(L, csv, c, arr, n, fn, err)                              \
    ds_ld_rows((L), (csv), (c), (void **)&(arr), sizeof *(arr), &(n), (fn), \
               (err))

/* Records the pair (a, b) in L->keys, failing as ds_ld_unique() when it
 * was seen before. */
pc_status ds_ld_unique_pair(loader *L, const char *a, const char *b,
                            size_t line, const char *field, pc_error *err);

/* Runs a per-file loader: opens the CSV, wraps errors with the path. Does
 * nothing when the manifest names no such file. */
pc_status ds_ld_load_csv(loader *L, int kind, csv_loader fn, pc_error *err);

/* --- the per-file loaders, in load order ------------------------------- */

pc_status ds_ld_load_system(loader *L, pc_error *err); /* ds_geometry.c */
pc_status ds_ld_load_lads(loader *L, pc_error *err);   /* ds_geometry.c */
pc_status ds_ld_load_pcns(loader *L, const ds_csv *csv, pc_error *err);
pc_status ds_ld_load_practices(loader *L, const ds_csv *csv, pc_error *err);
pc_status ds_ld_load_list_sizes(loader *L, const ds_csv *csv, pc_error *err);
pc_status ds_ld_load_premises(loader *L, const ds_csv *csv, pc_error *err);
pc_status ds_ld_load_sites(loader *L, pc_error *err);      /* ds_geometry.c */
pc_status ds_ld_load_catchments(loader *L, pc_error *err); /* ds_geometry.c */
pc_status ds_ld_load_schemes(loader *L, const ds_csv *csv, pc_error *err);
pc_status ds_ld_load_contributions(loader *L, const ds_csv *csv,
                                   pc_error *err); /* ds_money.c */
pc_status ds_ld_load_assumptions(loader *L, const ds_csv *csv, pc_error *err);
pc_status ds_ld_load_presets(loader *L, const ds_csv *csv, pc_error *err);
pc_status ds_ld_load_projections(loader *L, const ds_csv *csv, pc_error *err);
pc_status ds_ld_load_lsoas(loader *L, const ds_csv *csv, pc_error *err);
pc_status ds_ld_load_cost_index(loader *L, const ds_csv *csv,
                                pc_error *err); /* ds_money.c */
pc_status ds_ld_load_funds(loader *L, const ds_csv *csv,
                           pc_error *err); /* ds_money.c */
pc_status ds_ld_load_postcodes(loader *L, const ds_csv *csv,
                               pc_error *err); /* ds_postcode.c */

#endif
