/* ds_runs.c: projection runs in the store (see ds_store.h, "stored
 * runs"). A run is stored once per run id: the id is derived from the hash
 * of every input, so storing the same run again changes nothing. */
#include "ds_store_int.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_strlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bind_opt(sqlite3_stmt *q, int i, const char *s)
{
    return s ? sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC)
             : sqlite3_bind_null(q, i);
}

/* SOURCE_DATE_EPOCH when it is set to whole seconds, bound to i (else
 * NULL: now). */
static int bind_epoch(sqlite3_stmt *q, int i)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");

    if (!e || !*e || strspn(e, "0123456789") != strlen(e) || strlen(e) > 12)
        return sqlite3_bind_null(q, i);
    return sqlite3_bind_int64(q, i, strtoll(e, NULL, 10));
}

pc_status ds_store_run_put(ds_store *st, const ds_run_info *m,
                           const char *result, pc_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc;

    /* one statement, so one implicit transaction: a run stored again
     * keeps its row, its seq and its date and takes a new label */
    rc = sqlite3_prepare_v2(
        st->db,
        "INSERT INTO runs (run_id, seq, input_hash, dataset, scenario, "
        "preset, method, growth, allocation, base_year, years, draws, "
        "result, label, created) VALUES (?1, (SELECT coalesce(max(seq), 0) "
        "+ 1 FROM runs), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "CASE WHEN ?14 IS NULL THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
        "ELSE strftime('%Y-%m-%dT%H:%M:%SZ', ?14, 'unixepoch') END) "
        "ON CONFLICT (run_id) DO UPDATE SET label = coalesce(excluded.label, "
        "label)",
        -1, &q, NULL);
    if (rc != SQLITE_OK)
        return DB_FAIL(st, err, "storing the run");
    rc = sqlite3_bind_text(q, 1, m->run_id, -1, SQLITE_STATIC) |
         sqlite3_bind_text(q, 2, m->input_hash, -1, SQLITE_STATIC) |
         sqlite3_bind_text(q, 3, m->dataset, -1, SQLITE_STATIC) |
         bind_opt(q, 4, m->scenario) | bind_opt(q, 5, m->preset) |
         sqlite3_bind_text(q, 6, m->method, -1, SQLITE_STATIC) |
         sqlite3_bind_text(q, 7, m->growth, -1, SQLITE_STATIC) |
         sqlite3_bind_text(q, 8, m->allocation, -1, SQLITE_STATIC) |
         sqlite3_bind_int(q, 9, m->base_year) |
         sqlite3_bind_int(q, 10, m->years) | sqlite3_bind_int(q, 11, m->draws) |
         sqlite3_bind_text(q, 12, result, -1, SQLITE_STATIC) |
         bind_opt(q, 13, m->label) | bind_epoch(q, 14);
    if (rc != SQLITE_OK || sqlite3_step(q) != SQLITE_DONE) {
        DB_FAIL(st, err, "storing the run");
        sqlite3_finalize(q);
        return PC_ERR_DB;
    }
    sqlite3_finalize(q);
    return PC_OK;
}

/* A malloc'd copy of a text column ("" for NULL). */
static char *dup_text(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    size_t n = t ? strlen((const char *)t) : 0;
    char *s = malloc(n + 1);

    if (s) {
        if (n)
            memcpy(s, t, n);
        s[n] = '\0';
    }
    return s;
}

/* The rows of q (bound, selecting an id and a result) counted into *n
 * (stopping at 2); the first one's id into *full and result into *result
 * (free) when *n is 1. */
static pc_status find_one(ds_store *st, sqlite3_stmt *q, char **full,
                          char **result, int *n, const char *what,
                          pc_error *err)
{
    int rc;

    *n = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (++*n > 1)
            break;
        *full = dup_text(q, 0);
        *result = dup_text(q, 1);
        if (!*full || !*result) {
            free(*full);
            free(*result);
            return PC_NOMEM(err);
        }
    }
    /* two rows (ambiguous), or one and then a failure: nothing to give */
    if (*n > 1 || (*n == 1 && rc != SQLITE_DONE)) {
        free(*full);
        free(*result);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return DB_FAIL(st, err, what);
    return PC_OK;
}

/* The rows whose id column starts with id (checked: 4 to 16 hexadecimal
 * digits), by sql; as find_one. */
static pc_status find_prefix(ds_store *st, const char *sql, const char *kind,
                             const char *id, char **full, char **result, int *n,
                             pc_error *err)
{
    sqlite3_stmt *q = NULL;
    size_t len = strlen(id);
    char what[64];
    pc_status rc;

    snprintf(what, sizeof what, "reading %ss", kind);
    if (len < 4 || len > 16 || strspn(id, "0123456789abcdef") != len)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s id \"%s\": expected 4 to 16 hexadecimal digits "
                       "(the start of a stored %s's id)",
                       kind, id, kind);
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK ||
        sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC) != SQLITE_OK) {
        sqlite3_finalize(q);
        return DB_FAIL(st, err, what);
    }
    rc = find_one(st, q, full, result, n, what, err);
    sqlite3_finalize(q);
    if (rc == PC_OK && *n > 1)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s id \"%s\" is ambiguous: give more digits", kind, id);
    return rc;
}

/* The one run whose id is `id` or starts with it (at least 4 characters):
 * its full id into *full (free) and result into *result. */
static pc_status find_run(ds_store *st, const char *id, char **full,
                          char **result, pc_error *err)
{
    int n = 0;
    pc_status rc = find_prefix(st,
                               "SELECT run_id, result FROM runs WHERE "
                               "substr(run_id, 1, length(?1)) = ?1 ORDER BY "
                               "seq",
                               "run", id, full, result, &n, err);

    if (rc != PC_OK || n == 1)
        return rc;
    return PC_FAIL(err, PC_ERR_NOTFOUND,
                   "no stored run \"%s\" (expected the id, or the start "
                   "of the id, of a run saved in this store)",
                   id);
}

pc_status ds_store_run_get(ds_store *st, const char *id, char **run_id,
                           char **result, pc_error *err)
{
    char *f = NULL, *r = NULL;
    pc_status rc = find_run(st, id, &f, &r, err);

    if (rc != PC_OK)
        return rc;
    *run_id = f;
    *result = r;
    return PC_OK;
}

void ds_run_list_free(ds_run_list *l)
{
    if (!l)
        return;
    pc_arena_free(l->arena);
    free(l);
}

static void run_row(sqlite3_stmt *q, pc_arena *a, void *elem, int *oom)
{
    ds_run_info *m = elem;

    m->run_id = ds_col_str(a, q, 0, oom);
    m->input_hash = ds_col_str(a, q, 1, oom);
    m->dataset = ds_col_str(a, q, 2, oom);
    m->scenario = ds_col_str(a, q, 3, oom);
    m->preset = ds_col_str(a, q, 4, oom);
    m->method = ds_col_str(a, q, 5, oom);
    m->growth = ds_col_str(a, q, 6, oom);
    m->allocation = ds_col_str(a, q, 7, oom);
    m->base_year = sqlite3_column_int(q, 8);
    m->years = sqlite3_column_int(q, 9);
    m->draws = sqlite3_column_int(q, 10);
    m->label = ds_col_str(a, q, 11, oom);
    m->created = ds_col_str(a, q, 12, oom);
}

pc_status ds_store_runs(ds_store *st, ds_run_list **out, pc_error *err)
{
    sqlite3_stmt *q = NULL;
    ds_run_list *l = calloc(1, sizeof *l);

    if (!l || !(l->arena = pc_arena_new())) {
        free(l);
        return PC_NOMEM(err);
    }
    if (sqlite3_prepare_v2(st->db,
                           "SELECT run_id, input_hash, dataset, scenario, "
                           "preset, method, growth, allocation, base_year, "
                           "years, draws, label, created FROM runs ORDER BY "
                           "seq",
                           -1, &q, NULL) != SQLITE_OK) {
        ds_run_list_free(l);
        return DB_FAIL(st, err, "reading runs");
    }
    if (ds_read_rows(st, q, l->arena, (void **)&l->v, &l->n, sizeof *l->v,
                     run_row, "reading runs", err) != PC_OK) {
        ds_run_list_free(l);
        return err->code;
    }
    *out = l;
    return PC_OK;
}

/* --- stored programmes -----------------------------------------------------
 */

pc_status ds_store_programme_put(ds_store *st, const ds_programme_info *m,
                                 const char *result, pc_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc;

    /* as for runs: stored again, a programme keeps its row, seq and date
     * and takes a new label */
    rc = sqlite3_prepare_v2(
        st->db,
        "INSERT INTO programmes (programme_id, seq, input_hash, run_id, "
        "label, created, solver, status, budget_factor, result) VALUES (?1, "
        "(SELECT coalesce(max(seq), 0) + 1 FROM programmes), ?2, ?3, ?4, "
        "CASE WHEN ?5 IS NULL THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
        "ELSE strftime('%Y-%m-%dT%H:%M:%SZ', ?5, 'unixepoch') END, ?6, ?7, "
        "?8, ?9) ON CONFLICT (programme_id) DO UPDATE SET label = "
        "coalesce(excluded.label, label)",
        -1, &q, NULL);
    if (rc != SQLITE_OK)
        return DB_FAIL(st, err, "storing the programme");
    rc = sqlite3_bind_text(q, 1, m->programme_id, -1, SQLITE_STATIC) |
         sqlite3_bind_text(q, 2, m->input_hash, -1, SQLITE_STATIC) |
         sqlite3_bind_text(q, 3, m->run_id, -1, SQLITE_STATIC) |
         bind_opt(q, 4, m->label) | bind_epoch(q, 5) |
         sqlite3_bind_text(q, 6, m->solver, -1, SQLITE_STATIC) |
         sqlite3_bind_text(q, 7, m->status, -1, SQLITE_STATIC) |
         sqlite3_bind_double(q, 8, m->budget_factor) |
         sqlite3_bind_text(q, 9, result, -1, SQLITE_STATIC);
    if (rc != SQLITE_OK || sqlite3_step(q) != SQLITE_DONE) {
        DB_FAIL(st, err, "storing the programme");
        sqlite3_finalize(q);
        return PC_ERR_DB;
    }
    sqlite3_finalize(q);
    return PC_OK;
}

/* The one programme whose id is `id` or starts with it; as find_run. */
static pc_status find_programme(ds_store *st, const char *id, char **full,
                                char **result, pc_error *err)
{
    int n = 0;
    pc_status rc = find_prefix(st,
                               "SELECT programme_id, result FROM programmes "
                               "WHERE substr(programme_id, 1, length(?1)) = "
                               "?1 ORDER BY seq",
                               "programme", id, full, result, &n, err);

    if (rc != PC_OK || n == 1)
        return rc;
    return PC_FAIL(err, PC_ERR_NOTFOUND,
                   "no stored programme \"%s\" (expected the id, or the "
                   "start of the id, of a programme saved in this store)",
                   id);
}

pc_status ds_store_programme_get(ds_store *st, const char *id,
                                 char **programme_id, char **result,
                                 pc_error *err)
{
    char *f = NULL, *r = NULL;
    pc_status rc = find_programme(st, id, &f, &r, err);

    if (rc != PC_OK)
        return rc;
    *programme_id = f;
    *result = r;
    return PC_OK;
}

void ds_programme_list_free(ds_programme_list *l)
{
    if (!l)
        return;
    pc_arena_free(l->arena);
    free(l);
}

static void programme_row(sqlite3_stmt *q, pc_arena *a, void *elem, int *oom)
{
    ds_programme_info *m = elem;

    m->programme_id = ds_col_str(a, q, 0, oom);
    m->input_hash = ds_col_str(a, q, 1, oom);
    m->run_id = ds_col_str(a, q, 2, oom);
    m->label = ds_col_str(a, q, 3, oom);
    m->created = ds_col_str(a, q, 4, oom);
    m->solver = ds_col_str(a, q, 5, oom);
    m->status = ds_col_str(a, q, 6, oom);
    m->budget_factor = sqlite3_column_double(q, 7);
    m->result = ds_col_str(a, q, 8, oom);
}

pc_status ds_store_programmes(ds_store *st, ds_programme_list **out,
                              pc_error *err)
{
    sqlite3_stmt *q = NULL;
    ds_programme_list *l = calloc(1, sizeof *l);

    if (!l || !(l->arena = pc_arena_new())) {
        free(l);
        return PC_NOMEM(err);
    }
    if (sqlite3_prepare_v2(st->db,
                           "SELECT programme_id, input_hash, run_id, label, "
                           "created, solver, status, budget_factor, result "
                           "FROM programmes ORDER BY seq",
                           -1, &q, NULL) != SQLITE_OK) {
        ds_programme_list_free(l);
        return DB_FAIL(st, err, "reading programmes");
    }
    if (ds_read_rows(st, q, l->arena, (void **)&l->v, &l->n, sizeof *l->v,
                     programme_row, "reading programmes", err) != PC_OK) {
        ds_programme_list_free(l);
        return err->code;
    }
    *out = l;
    return PC_OK;
}

/* --- saved scenarios ------------------------------------------------------ */

pc_status ds_store_scenario_put(ds_store *st, const char *name,
                                const char *json, pc_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "INSERT OR REPLACE INTO scenarios (name, "
                                "scenario) VALUES (?1, ?2)",
                                -1, &q, NULL);

    if (rc != SQLITE_OK)
        return DB_FAIL(st, err, "saving the scenario");
    rc = sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC) |
         sqlite3_bind_text(q, 2, json, -1, SQLITE_STATIC);
    if (rc != SQLITE_OK || sqlite3_step(q) != SQLITE_DONE) {
        DB_FAIL(st, err, "saving the scenario");
        sqlite3_finalize(q);
        return PC_ERR_DB;
    }
    sqlite3_finalize(q);
    return PC_OK;
}

pc_status ds_store_scenario_get(ds_store *st, const char *name, char **json,
                                pc_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(
        st->db, "SELECT scenario FROM scenarios WHERE name = ?1", -1, &q, NULL);

    if (rc != SQLITE_OK || sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC))
        rc = -1;
    else if ((rc = sqlite3_step(q)) == SQLITE_ROW)
        rc = (*json = dup_text(q, 0)) ? PC_OK : PC_NOMEM(err);
    else if (rc == SQLITE_DONE)
        rc = PC_FAIL(err, PC_ERR_NOTFOUND, "no scenario \"%.64s\" is saved",
                     name);
    else
        rc = -1;
    if (rc == -1)
        rc = DB_FAIL(st, err, "reading the scenario");
    sqlite3_finalize(q);
    return (pc_status)rc;
}

pc_status ds_store_scenario_names(ds_store *st, pc_arena *a, pc_strlist *names,
                                  pc_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(
        st->db, "SELECT name FROM scenarios ORDER BY name", -1, &q, NULL);

    if (rc != SQLITE_OK)
        return DB_FAIL(st, err, "listing the scenarios");
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (pc_strlist_add(names, a, (const char *)sqlite3_column_text(q, 0),
                           err) != PC_OK) {
            sqlite3_finalize(q);
            return err->code;
        }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? PC_OK
                             : DB_FAIL(st, err, "listing the scenarios");
}
