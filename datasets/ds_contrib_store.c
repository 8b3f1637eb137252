/* ds_contrib_store.c: the contributions imported from the national
 * developer-contributions data, in the store's contribution_imports table
 * (schema 7): written by ds_store_contrib_imports_put (ds_contrib_import.h)
 * and read back with the dataset by ds_store_load (ds_load.c calls
 * ds_store_read_imports). A row is keyed by (organisation, reference); a
 * row that is the same is never rewritten, so importing the same files
 * again leaves the store as it was. */
#include "ds_contrib_import.h"
#include "ds_store_int.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS                                                                \
    "organisation, reference, contribution_id, agreement, agreement_type, " \
    "agreement_date, kind, status, contribution_purpose, amount_gbp, "      \
    "received_gbp, received_date, allocated_gbp, spent_gbp, lad_code, "     \
    "to_complete"

/* The upsert: a row whose values are all the same is left as it is. */
static const char upsert_sql[] =
    "INSERT INTO contribution_imports (" COLS ") VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) ON CONFLICT "
    "(organisation, reference) DO UPDATE SET contribution_id = "
    "excluded.contribution_id, agreement = excluded.agreement, "
    "agreement_type = excluded.agreement_type, agreement_date = "
    "excluded.agreement_date, kind = excluded.kind, status = excluded.status, "
    "contribution_purpose = excluded.contribution_purpose, amount_gbp = "
    "excluded.amount_gbp, received_gbp = excluded.received_gbp, "
    "received_date = excluded.received_date, allocated_gbp = "
    "excluded.allocated_gbp, spent_gbp = excluded.spent_gbp, lad_code = "
    "excluded.lad_code, to_complete = excluded.to_complete WHERE "
    "contribution_id IS NOT excluded.contribution_id OR agreement IS NOT "
    "excluded.agreement OR agreement_type IS NOT excluded.agreement_type OR "
    "agreement_date IS NOT excluded.agreement_date OR kind IS NOT "
    "excluded.kind OR status IS NOT excluded.status OR contribution_purpose "
    "IS NOT excluded.contribution_purpose OR amount_gbp IS NOT "
    "excluded.amount_gbp OR received_gbp IS NOT excluded.received_gbp OR "
    "received_date IS NOT excluded.received_date OR allocated_gbp IS NOT "
    "excluded.allocated_gbp OR spent_gbp IS NOT excluded.spent_gbp OR "
    "lad_code IS NOT excluded.lad_code OR to_complete IS NOT "
    "excluded.to_complete";

static int bind_str(sqlite3_stmt *q, int i, const char *v)
{
    return v ? sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC)
             : sqlite3_bind_null(q, i);
}

static int bind_real(sqlite3_stmt *q, int i, double v)
{
    return isnan(v) ? sqlite3_bind_null(q, i) : sqlite3_bind_double(q, i, v);
}

static int bind_import(sqlite3_stmt *q, const ds_contrib_import *x)
{
    return bind_str(q, 1, x->organisation) | bind_str(q, 2, x->reference) |
           bind_str(q, 3, x->c.id) | bind_str(q, 4, x->agreement) |
           bind_str(q, 5, x->agreement_type) |
           bind_str(q, 6, x->agreement_date) | bind_str(q, 7, x->c.kind) |
           bind_str(q, 8, x->c.status) |
           bind_str(q, 9, x->contribution_purpose) |
           bind_real(q, 10, x->c.amount_gbp) |
           bind_real(q, 11, x->c.received_gbp) |
           bind_str(q, 12, x->c.received_date) |
           bind_real(q, 13, x->allocated_gbp) |
           bind_real(q, 14, x->c.spent_gbp) | bind_str(q, 15, x->lad_code) |
           bind_str(q, 16, x->to_complete);
}

/* Removes the rows of council org that the set lacks (keys: the set's
 * "org|reference"). */
static pc_status remove_gone(ds_store *st, const char *org, const pc_index *ix,
                             pc_arena *a, size_t *removed, pc_error *err)
{
    sqlite3_stmt *q = NULL, *del = NULL;
    pc_status rc = PC_OK;
    size_t k;
    int s;

    if (sqlite3_prepare_v2(st->db,
                           "SELECT reference FROM contribution_imports WHERE "
                           "organisation = ?1 ORDER BY reference",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db,
                           "DELETE FROM contribution_imports WHERE "
                           "organisation = ?1 AND reference = ?2",
                           -1, &del, NULL) != SQLITE_OK ||
        sqlite3_bind_text(q, 1, org, -1, SQLITE_STATIC) != SQLITE_OK) {
        rc = DB_FAIL(st, err, "reading imported contributions");
        goto done;
    }
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        const char *ref = (const char *)sqlite3_column_text(q, 0);
        const char *key = pc_arena_printf(a, "%s|%s", org, ref ? ref : "");

        if (!key) {
            rc = PC_NOMEM(err);
            goto done;
        }
        if (pc_index_get(ix, key, &k))
            continue;
        if (sqlite3_bind_text(del, 1, org, -1, SQLITE_STATIC) != SQLITE_OK ||
            sqlite3_bind_text(del, 2, ref, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
            sqlite3_step(del) != SQLITE_DONE) {
            rc = DB_FAIL(st, err, "removing an imported contribution");
            goto done;
        }
        sqlite3_reset(del);
        (*removed)++;
    }
    if (s != SQLITE_DONE)
        rc = DB_FAIL(st, err, "reading imported contributions");
done:
    sqlite3_finalize(q);
    sqlite3_finalize(del);
    return rc;
}

/* Upserts every contribution of the set, counting what changed. */
static pc_status put_all(ds_store *st, const ds_contrib_import_set *s,
                         ds_contrib_import_counts *n, pc_error *err)
{
    sqlite3_stmt *up = NULL, *has = NULL;
    pc_status rc = PC_OK;

    if (sqlite3_prepare_v2(st->db, upsert_sql, -1, &up, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db,
                           "SELECT 1 FROM contribution_imports WHERE "
                           "organisation = ?1 AND reference = ?2",
                           -1, &has, NULL) != SQLITE_OK) {
        rc = DB_FAIL(st, err, "preparing the import");
        goto done;
    }
    for (size_t i = 0; i < s->n && rc == PC_OK; i++) {
        const ds_contrib_import *x = &s->v[i];
        int existed = 0, ok;

        ok = (bind_str(has, 1, x->organisation) |
              bind_str(has, 2, x->reference)) == SQLITE_OK;
        if (ok)
            existed = sqlite3_step(has) == SQLITE_ROW;
        sqlite3_reset(has);
        ok = ok && bind_import(up, x) == SQLITE_OK &&
             sqlite3_step(up) == SQLITE_DONE;
        if (!ok) /* the message before the reset */
            rc = PC_FAIL(err, PC_ERR_DB, "importing contribution %s: %s",
                         x->c.id, sqlite3_errmsg(st->db));
        sqlite3_reset(up);
        if (!ok)
            break;
        if (sqlite3_changes(st->db) == 0)
            n->unchanged++;
        else if (existed)
            n->changed++;
        else
            n->added++;
    }
done:
    sqlite3_finalize(up);
    sqlite3_finalize(has);
    return rc;
}

pc_status ds_store_contrib_imports_put(ds_store *st,
                                       const ds_contrib_import_set *s,
                                       ds_contrib_import_counts *counts,
                                       pc_error *err)
{
    ds_contrib_import_counts n = {0, 0, 0, 0};
    pc_index ix = {0};
    pc_arena *a = pc_arena_new();
    pc_status rc = PC_OK;

    if (!a)
        return PC_NOMEM(err);
    for (size_t i = 0; i < s->n && rc == PC_OK; i++) {
        const char *key = pc_arena_printf(a, "%s|%s", s->v[i].organisation,
                                          s->v[i].reference);

        if (!key || pc_index_put(&ix, key, i, NULL) < 0)
            rc = PC_NOMEM(err);
    }
    if (rc != PC_OK)
        goto cleanup;
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
        SQLITE_OK) {
        rc = DB_FAIL(st, err, "begin");
        goto cleanup;
    }
    for (size_t i = 0; i < s->ncouncils && rc == PC_OK; i++)
        rc = remove_gone(st, s->councils[i].organisation, &ix, a, &n.removed,
                         err);
    if (rc == PC_OK)
        rc = put_all(st, s, &n, err);
    if (rc == PC_OK &&
        sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = DB_FAIL(st, err, "commit");
    if (rc != PC_OK)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    else if (counts)
        *counts = n;

cleanup:
    pc_index_free(&ix);
    pc_arena_free(a);
    return rc;
}

/* --- reading them back ------------------------------------------------- */

static double col_real(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL
               ? NAN
               : sqlite3_column_double(q, i);
}

static void import_row(sqlite3_stmt *q, pc_arena *a, void *elem, int *oom)
{
    ds_contrib_import *x = elem;

    x->organisation = ds_col_str(a, q, 0, oom);
    x->reference = ds_col_str(a, q, 1, oom);
    x->c.id = ds_col_str(a, q, 2, oom);
    x->agreement = ds_col_str(a, q, 3, oom);
    x->agreement_type = ds_col_str(a, q, 4, oom);
    x->agreement_date = ds_col_str(a, q, 5, oom);
    x->c.kind = ds_col_str(a, q, 6, oom);
    x->c.status = ds_col_str(a, q, 7, oom);
    x->contribution_purpose = ds_col_str(a, q, 8, oom);
    x->c.amount_gbp = col_real(q, 9);
    x->c.received_gbp = col_real(q, 10);
    x->c.received_date = ds_col_str(a, q, 11, oom);
    x->allocated_gbp = col_real(q, 12);
    x->c.spent_gbp = col_real(q, 13);
    x->lad_code = ds_col_str(a, q, 14, oom);
    x->to_complete = ds_col_str(a, q, 15, oom);
    x->c.land_ha = NAN;
    x->c.spend_by_years = -1;
}

pc_status ds_store_read_imports(ds_store *st, ds_dataset *ds, pc_error *err)
{
    sqlite3_stmt *q = NULL;

    ds->imported = NULL;
    ds->nimported = 0;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT " COLS " FROM contribution_imports ORDER "
                           "BY contribution_id",
                           -1, &q, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "reading imported contributions");
    return ds_read_rows(st, q, ds->arena, (void **)&ds->imported,
                        &ds->nimported, sizeof *ds->imported, import_row,
                        "reading imported contributions", err);
}
