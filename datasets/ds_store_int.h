/* ds_store_int.h: what the files of the store share (ds_store.c writes and
 * migrates, ds_query.c reads); nothing outside datasets/ sees it. */
#ifndef DS_STORE_INT_H
#define DS_STORE_INT_H

#include "ds_store.h"
#include "pc_arena.h"
#include "pc_index.h"

#include <sqlite3.h>

struct ds_store {
    sqlite3 *db;
    void *splite; /* SpatiaLite connection cache */
    int version;
};

struct pc_arena;

/* A text column copied into the arena; NULL for SQL NULL. *oom is set when
 * the copy fails. (ds_query.c) */
const char *ds_col_str(struct pc_arena *a, sqlite3_stmt *q, int i, int *oom);

/* Fills elem (zeroed) from the current row of q, copying strings into a;
 * sets *oom when a copy fails. */
typedef void (*ds_row_fn)(sqlite3_stmt *q, struct pc_arena *a, void *elem,
                          int *oom);

/* Steps q (prepared and bound) to its end, appending one element of size
 * bytes per row to the arena array *arr of *n (in a), filled by fn, and
 * finalizes q. PC_ERR_NOMEM, or PC_ERR_DB with "what: <SQLite's message>".
 * (ds_query.c) */
pc_status ds_read_rows(ds_store *st, sqlite3_stmt *q, struct pc_arena *a,
                       void **arr, size_t *n, size_t size, ds_row_fn fn,
                       const char *what, pc_error *err);

/* Distinct strings, each copied once into an arena. (ds_strtab.c) */
typedef struct ds_strtab {
    pc_index ix;        /* its keys are the copies */
    struct pc_arena *a; /* set by the user; holds the copies */
} ds_strtab;

/* The table's copy of s, or NULL when it has none. */
const char *ds_strtab_find(const ds_strtab *t, const char *s);

/* The one copy of s in t, made on first sight; NULL (and *oom set) when
 * out of memory. The copy lives as long as t->a. */
const char *ds_strtab_intern(ds_strtab *t, const char *s, int *oom);

/* Frees the table's index, not the strings (they are the arena's). */
void ds_strtab_free(ds_strtab *t);

/* The contributions imported from the national data into ds->imported
 * (ds's arena), by contribution id. (ds_contrib_store.c) */
pc_status ds_store_read_imports(ds_store *st, ds_dataset *ds, pc_error *err);

/* Inserts ds's postcodes (inside the import's transaction).
 * (ds_postcode.c) */
pc_status ds_store_import_postcodes(ds_store *st, const ds_dataset *ds,
                                    pc_error *err);

#define DB_FAIL(st, err, what) \
    PC_FAIL((err), PC_ERR_DB, "%s: %s", (what), sqlite3_errmsg((st)->db))

#endif
