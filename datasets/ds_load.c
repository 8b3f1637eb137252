/* ds_load.c: the whole dataset and spatial model back from the store
 * (ds_store_load, see ds_store.h), for the projection, site assessment and
 * reports, which need all of it in memory without the dataset directory.
 *
 * ds_store_import() writes each array in order, so each table is read in
 * rowid order (places and PCN areas by their ids, which are array positions
 * plus one), with one statement per table. Row counts come first, from one
 * statement, so every array is allocated once at its final size in the
 * dataset's arena. Child tables (premises practices, trajectories, scheme
 * dependencies) are read whole, bucketed by parent through a pc_index and
 * then copied into one array per parent, so no query is ever run per row.
 *
 * Every table is read by one loop (read_rows) that hands each row to a
 * row reader. The plain entities (practices, premises, schemes, the
 * spatial model's shares, allocations and methods) are read through their
 * column tables (ds_columns.h), which give each SELECT list and where each
 * result goes; the header, places, child tables, PCN areas and parameters
 * have row readers of their own, as their rows are not ds_* structs.
 *
 * Strings are interned (ds_strtab.c): every distinct string is copied once,
 * so the many repeats (practice codes in list sizes and allocations, enum
 * values, dates) share one copy. The spatial model interns into the dataset's
 * table first, which is why it borrows the dataset's strings (see ds_store.h).
 *
 * Ownership follows the loader's and the planner's exactly, so that
 * ds_dataset_free() and ds_spatial_free() release what this builds:
 * dataset arrays and strings in the dataset's arena, with one spare slot in
 * lads, sites and catchments; geometries malloc'd (geo_wkb_free); the
 * spatial model's arrays malloc'd and its parameters in its arena. */
#include "ds_columns.h"
#include "ds_store_int.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tables whose rows are counted up front; the order is that of enum tbl. */
static const char *const counted[] = {
    "attribution",
    "places",
    "lads",
    "pcns",
    "practices",
    "list_sizes",
    "premises",
    "premises_practices",
    "sites",
    "site_trajectory",
    "catchments",
    "schemes",
    "scheme_dependencies",
    "contributions",
    "assumptions",
    "presets",
    "lad_projections",
    "lsoas",
    "cost_index",
    "funds",
    "pcn_areas",
    "site_lads",
    "site_pcns",
    "site_allocations",
    "site_methods",
    "spatial_params",
};

enum tbl {
    T_ATTRIBUTION,
    T_PLACES,
    T_LADS,
    T_PCNS,
    T_PRACTICES,
    T_LIST_SIZES,
    T_PREMISES,
    T_PREMISES_PRACTICES,
    T_SITES,
    T_SITE_TRAJECTORY,
    T_CATCHMENTS,
    T_SCHEMES,
    T_SCHEME_DEPENDENCIES,
    T_CONTRIBUTIONS,
    T_ASSUMPTIONS,
    T_PRESETS,
    T_LAD_PROJECTIONS,
    T_LSOAS,
    T_COST_INDEX,
    T_FUNDS,
    T_PCN_AREAS,
    T_SITE_LADS,
    T_SITE_PCNS,
    T_SITE_ALLOCATIONS,
    T_SITE_METHODS,
    T_SPATIAL_PARAMS,
    NTABLES
};

/* A child row, before it goes to its parent's array. */
typedef struct kid {
    size_t parent; /* index into the parent array */
    long year;     /* trajectory year */
    long value;    /* trajectory dwellings */
    const char *s; /* practice code, required scheme */
} kid;

typedef struct loader {
    ds_store *st;
    int geoms; /* DS_LOAD_GEOMETRY was asked for */
    ds_dataset *ds;
    ds_spatial *sp; /* NULL when not asked for */
    size_t n[NTABLES];
    sqlite3_stmt *q;      /* the statement being read; finish() ends it */
    const char *last[32]; /* per column, the string it gave last */
    ds_strtab strs;       /* the dataset's strings */
    ds_strtab sp_strs;    /* strings only the spatial model has */
    pc_index premises;    /* id -> index, for their children */
    pc_index sites;
    pc_index schemes;
    long *area_ids; /* pcn_areas.area_id by index, ascending */
    /* scratch for one child table: its rows as read, then grouped by
     * parent, parent p's being sorted[first[p]] to sorted[first[p + 1]] */
    kid *kids, *sorted;
    size_t *first;
    const pc_index *parents; /* of the child table being read */
    const char *kid_last;    /* the parent id of its last row */
    size_t mix_site;         /* the site of site_mix's last row */
    const char *kid_table;
    const struct entity_read *ent; /* the entity being read */
    int oom;       /* an allocation failed while reading a row */
    pc_error *err; /* the caller's, for the row readers */
} loader;

/* The store breaks an invariant that its schema or importer keeps. */
static pc_status bad_store(pc_error *err, const char *table, const char *what,
                           const char *id)
{
    return PC_FAIL(err, PC_ERR_DB, "the store is inconsistent: %s: %s \"%s\"",
                   table, what, id ? id : "");
}

/* --- columns ----------------------------------------------------------- */

/* Text column i of the current row, interned; NULL for SQL NULL. Rows
 * often repeat the previous row's value (a site's allocations, one method
 * after another), so that is tried before the hash. With sp, a string of
 * the spatial model: the dataset's copy when it has one. */
static const char *col_text(loader *L, int i, int sp)
{
    const char *t = (const char *)sqlite3_column_text(L->q, i);
    const char *s = NULL;

    if (!t)
        return NULL;
    if (L->last[i] && !strcmp(L->last[i], t))
        return L->last[i];
    if (sp)
        s = ds_strtab_find(&L->strs, t);
    if (!s)
        s = ds_strtab_intern(sp ? &L->sp_strs : &L->strs, t, &L->oom);
    L->last[i] = s;
    return s;
}

static const char *col_str(loader *L, int i)
{
    return col_text(L, i, 0);
}

static const char *col_sp_str(loader *L, int i)
{
    return col_text(L, i, 1);
}

/* A nullable REAL: NAN for NULL, as the loader has it. */
static double col_num(loader *L, int i)
{
    return sqlite3_column_type(L->q, i) == SQLITE_NULL
               ? NAN
               : sqlite3_column_double(L->q, i);
}

/* A nullable INTEGER: `none` for NULL. */
static long col_long(loader *L, int i, long none)
{
    return sqlite3_column_type(L->q, i) == SQLITE_NULL
               ? none
               : (long)sqlite3_column_int64(L->q, i);
}

/* A WKB blob copied to the heap (geometries are not the arena's); {NULL, 0}
 * for NULL. */
static void col_wkb(loader *L, int i, geo_wkb *out)
{
    const void *b = sqlite3_column_blob(L->q, i);
    int len = sqlite3_column_bytes(L->q, i);

    if (!b || len <= 0)
        return;
    out->data = malloc((size_t)len);
    if (!out->data) {
        L->oom = 1;
        return;
    }
    memcpy(out->data, b, (size_t)len);
    out->len = (size_t)len;
}

/* --- statements -------------------------------------------------------- */

/* Prepares sql as L->q; ?1, where the query has it, says whether to read
 * geometries. */
static pc_status prepare(loader *L, const char *sql, pc_error *err)
{
    memset(L->last, 0, sizeof L->last);
    if (sqlite3_prepare_v2(L->st->db, sql, -1, &L->q, NULL) != SQLITE_OK)
        return DB_FAIL(L->st, err, "preparing a read");
    if (sqlite3_column_count(L->q) > (int)(sizeof L->last / sizeof *L->last))
        return PC_FAIL(err, PC_ERR_INTERNAL, "a read of too many columns");
    if (sqlite3_bind_parameter_count(L->q) >= 1 &&
        sqlite3_bind_int(L->q, 1, L->geoms) != SQLITE_OK)
        return DB_FAIL(L->st, err, "preparing a read");
    return PC_OK;
}

/* Steps L->q: 1 for a row, 0 when done, -1 on error (err filled). A row
 * beyond the count taken at the start is an error too. */
static int step(loader *L, size_t got, size_t want, const char *table,
                pc_error *err)
{
    int rc = sqlite3_step(L->q);

    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW) {
        DB_FAIL(L->st, err, "reading");
        pc_error_wrap(err, "%s", table);
        return -1;
    }
    if (got >= want) {
        PC_FAIL(err, PC_ERR_DB, "%s: more rows than counted", table);
        return -1;
    }
    return 1;
}

/* Finalizes L->q after its last row, reporting a failed allocation. */
static pc_status finish(loader *L, pc_error *err)
{
    sqlite3_finalize(L->q);
    L->q = NULL;
    if (L->oom)
        return PC_NOMEM(err);
    return PC_OK;
}

/* Reads the current row of L->q as the i-th of its table; fails into
 * L->err. */
typedef pc_status (*row_fn)(loader *L, size_t i);

#define ANY SIZE_MAX /* a table not counted up front: no row limit */

/* Runs sql and hands each row to fn, counting them in *n; a row beyond
 * want (the count taken at the start) is an error. */
static pc_status read_rows(loader *L, const char *sql, const char *table,
                           size_t want, size_t *n, row_fn fn)
{
    pc_error *err = L->err;
    int r;

    if (prepare(L, sql, err) != PC_OK)
        return err->code;
    while ((r = step(L, *n, want, table, err)) == 1) {
        if (fn(L, *n) != PC_OK)
            return err->code;
        ++*n;
    }
    if (r < 0 || finish(L, err) != PC_OK)
        return err->code;
    return PC_OK;
}

/* The same for table tb, counted up front. */
static pc_status read_table(loader *L, const char *sql, enum tbl tb, size_t *n,
                            row_fn fn)
{
    return read_rows(L, sql, counted[tb], L->n[tb], n, fn);
}

/* Reads the current row into row, a ds_* struct of entity e, column by
 * column in the table's order; strings as the spatial model's when sp. */
static void read_row(loader *L, int e, void *row, int sp)
{
    const ds_table *t = &ds_tables[e];
    char *base = row;
    int k = 0; /* result column */

    for (size_t c = 0; c < t->ncols; c++) {
        const ds_column *col = &t->cols[c];
        void *f = base + col->off;

        switch (col->ctype) {
        case DS_COL_TEXT: *(const char **)f = col_text(L, k++, sp); break;
        case DS_COL_REAL: *(double *)f = col_num(L, k++); break;
        case DS_COL_INT: *(int *)f = (int)col_long(L, k++, col->none); break;
        case DS_COL_LONG: *(long *)f = col_long(L, k++, col->none); break;
        case DS_COL_POINT:
            *(double *)f = col_num(L, k++);
            *(double *)(void *)(base + col->off2) = col_num(L, k++);
            break;
        case DS_COL_WKB: col_wkb(L, k++, f); break;
        case DS_COL_FIRST:
        case DS_COL_SEQ: break; /* not read back */
        }
    }
}

/* The read of an entity: its rows go to rows (structs of size bytes), and
 * each then to `then` (may be NULL) for what the columns do not say. */
typedef struct entity_read {
    int e; /* enum ds_entity */
    char *rows;
    size_t size;
    row_fn then;
} entity_read;

static pc_status entity_row(loader *L, size_t i)
{
    const entity_read *x = L->ent;

    read_row(L, x->e, x->rows + i * x->size, x->e >= DS_E_SITE_LADS);
    return x->then ? x->then(L, i) : PC_OK;
}

/* Reads every row of entity e into rows (room for L->n[tb] structs of
 * size bytes), counting them in *n. */
static pc_status read_all(loader *L, int e, enum tbl tb, void *rows,
                          size_t size, size_t *n, row_fn then)
{
    char sql[2048];
    entity_read x = {e, rows, size, then};
    pc_status rc;

    if (!ds_table_select_sql(&ds_tables[e], sql, sizeof sql))
        return PC_FAIL(L->err, PC_ERR_INTERNAL, "read of %s: too long",
                       ds_tables[e].name);
    L->ent = &x;
    rc = read_table(L, sql, tb, n, entity_row);
    L->ent = NULL;
    return rc;
}

#define READ_ALL(L, e, tb, arr, n, then) \
    read_all((L), (e), (tb), (arr), sizeof *(arr), &(n), (then))

/* Arena array of n elements plus the spare slot ds_dataset_free() looks
 * at in some arrays; NULL only when out of memory. */
static void *array(loader *L, size_t n, size_t size)
{
    if (n >= SIZE_MAX / size - 1)
        return NULL;
    return pc_arena_alloc(L->ds->arena, (n + 1) * size);
}

/* Heap array for the spatial model (ds_spatial_free frees it). */
static void *heap_array(size_t n, size_t size)
{
    return calloc(n ? n : 1, size);
}

/* --- the dataset -------------------------------------------------------- */

static pc_status header_row(loader *L, size_t i)
{
    ds_dataset *ds = L->ds;
    const char *k = (const char *)sqlite3_column_text(L->q, 0);

    (void)i;
    if (!k)
        return PC_OK;
    if (!strcmp(k, "name"))
        ds->name = col_str(L, 1);
    else if (!strcmp(k, "title"))
        ds->title = col_str(L, 1);
    else if (!strcmp(k, "source_dir"))
        ds->dir = col_str(L, 1);
    else if (!strcmp(k, "base_year"))
        ds->base_year = sqlite3_column_int(L->q, 1);
    else if (!strcmp(k, "growth_method"))
        ds->growth_method = col_str(L, 1);
    else if (!strcmp(k, "capacity_method"))
        ds->capacity_method = col_str(L, 1);
    return PC_OK;
}

static pc_status read_header(loader *L, pc_error *err)
{
    size_t n = 0;

    if (read_rows(L, "SELECT key, value FROM dataset", "dataset", ANY, &n,
                  header_row) != PC_OK)
        return err->code;
    if (!L->ds->name)
        return PC_FAIL(err, PC_ERR_NOTFOUND,
                       "the store holds no dataset (expected one imported "
                       "into it first)");
    return PC_OK;
}

static pc_status count_rows(loader *L, pc_error *err)
{
    char sql[2048] = "SELECT ";
    size_t used = strlen(sql);
    int r;

    for (int t = 0; t < NTABLES; t++) {
        int w =
            snprintf(sql + used, sizeof sql - used,
                     "%s(SELECT count(*) FROM %s)", t ? ", " : "", counted[t]);

        if (w < 0 || (size_t)w >= sizeof sql - used)
            return PC_FAIL(err, PC_ERR_INTERNAL, "count query too long");
        used += (size_t)w;
    }
    if (prepare(L, sql, err) != PC_OK)
        return err->code;
    r = step(L, 0, 1, "counting rows", err);
    if (r < 0)
        return err->code;
    for (int t = 0; r == 1 && t < NTABLES; t++) {
        sqlite3_int64 n = sqlite3_column_int64(L->q, t);

        L->n[t] = n > 0 ? (size_t)n : 0;
    }
    return finish(L, err);
}

/* Allocates every dataset array at its final size (plus a spare slot). */
static pc_status alloc_dataset(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;
    const size_t *n = L->n;

    /* room for the distinct strings the larger tables can bring (ids,
     * names, codes), so that interning them does not grow the table
     * again and again (about 8% of a point assessment at England's size) */
    if (pc_index_reserve(&L->strs.ix, 2 * n[T_SITES] + 3 * n[T_PRACTICES] +
                                          2 * n[T_PREMISES] + 2 * n[T_PCNS] +
                                          2 * n[T_LADS] + 2 * n[T_SCHEMES] +
                                          2 * n[T_CONTRIBUTIONS] + 256) < 0)
        return PC_NOMEM(err);

    /* NULL when there are none, as the loader has them */
    if (L->n[T_ATTRIBUTION]) {
        ds->attribution =
            array(L, L->n[T_ATTRIBUTION], sizeof *ds->attribution);
        if (!ds->attribution)
            return PC_NOMEM(err);
    }
    if (L->n[T_CATCHMENTS]) {
        ds->catchments = array(L, L->n[T_CATCHMENTS], sizeof *ds->catchments);
        if (!ds->catchments)
            return PC_NOMEM(err);
    }
    if (L->n[T_COST_INDEX]) {
        ds->cost_index = array(L, L->n[T_COST_INDEX], sizeof *ds->cost_index);
        if (!ds->cost_index)
            return PC_NOMEM(err);
    }
    if (L->n[T_FUNDS]) {
        ds->funds = array(L, L->n[T_FUNDS], sizeof *ds->funds);
        if (!ds->funds)
            return PC_NOMEM(err);
    }
    ds->places = array(L, L->n[T_PLACES], sizeof *ds->places);
    ds->lads = array(L, L->n[T_LADS], sizeof *ds->lads);
    ds->pcns = array(L, L->n[T_PCNS], sizeof *ds->pcns);
    ds->practices = array(L, L->n[T_PRACTICES], sizeof *ds->practices);
    ds->list_sizes = array(L, L->n[T_LIST_SIZES], sizeof *ds->list_sizes);
    ds->premises = array(L, L->n[T_PREMISES], sizeof *ds->premises);
    ds->sites = array(L, L->n[T_SITES], sizeof *ds->sites);
    ds->schemes = array(L, L->n[T_SCHEMES], sizeof *ds->schemes);
    ds->contributions =
        array(L, L->n[T_CONTRIBUTIONS], sizeof *ds->contributions);
    ds->assumptions = array(L, L->n[T_ASSUMPTIONS], sizeof *ds->assumptions);
    ds->presets = array(L, L->n[T_PRESETS], sizeof *ds->presets);
    ds->projections =
        array(L, L->n[T_LAD_PROJECTIONS], sizeof *ds->projections);
    ds->lsoas = array(L, L->n[T_LSOAS], sizeof *ds->lsoas);
    if (!ds->places || !ds->lads || !ds->pcns || !ds->practices ||
        !ds->list_sizes || !ds->premises || !ds->sites || !ds->schemes ||
        !ds->contributions || !ds->assumptions || !ds->presets ||
        !ds->projections || !ds->lsoas)
        return PC_NOMEM(err);
    return PC_OK;
}

static pc_status attribution_row(loader *L, size_t i)
{
    L->ds->attribution[i] = col_str(L, 0);
    return PC_OK;
}

static pc_status system_row(loader *L, size_t i)
{
    ds_dataset *ds = L->ds;

    (void)i;
    ds->system_code = col_str(L, 0);
    ds->system_name = col_str(L, 1);
    col_wkb(L, 2, &ds->system_geom);
    /* NOT NULL, so only out of memory */
    return ds->system_code ? PC_OK : PC_NOMEM(L->err);
}

static pc_status place_row(loader *L, size_t i)
{
    ds_place *p = &L->ds->places[i];

    p->name = col_str(L, 0);
    col_wkb(L, 1, &p->geom);
    return PC_OK;
}

static pc_status read_areas(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;
    size_t nsystem = 0;

    /* at most one system row; a second would be a second boundary */
    if (read_table(L, "SELECT text FROM attribution ORDER BY seq",
                   T_ATTRIBUTION, &ds->nattribution,
                   attribution_row) != PC_OK ||
        read_rows(L,
                  "SELECT code, name, CASE WHEN ?1 THEN AsBinary(geom) END "
                  "FROM system",
                  "system", 1, &nsystem, system_row) != PC_OK ||
        read_table(L,
                   "SELECT name, CASE WHEN ?1 THEN AsBinary(geom) END FROM "
                   "places ORDER BY place_id",
                   T_PLACES, &ds->nplaces, place_row) != PC_OK ||
        READ_ALL(L, DS_E_LADS, T_LADS, ds->lads, ds->nlads, NULL) != PC_OK ||
        READ_ALL(L, DS_E_PCNS, T_PCNS, ds->pcns, ds->npcns, NULL) != PC_OK)
        return err->code;
    return PC_OK;
}

static pc_status read_practices(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;

    /* X() and Y() give back the doubles MakePoint() stored, bit for bit */
    if (READ_ALL(L, DS_E_PRACTICES, T_PRACTICES, ds->practices, ds->npractices,
                 NULL) != PC_OK ||
        READ_ALL(L, DS_E_LIST_SIZES, T_LIST_SIZES, ds->list_sizes,
                 ds->nlist_sizes, NULL) != PC_OK)
        return err->code;
    return PC_OK;
}

/* The parent of child row i, whose first column names it. A parent's
 * rows mostly come one after another, so the last row's is tried first. */
static pc_status kid_parent(loader *L, size_t i)
{
    kid *k = &L->kids[i];
    const char *id = (const char *)sqlite3_column_text(L->q, 0);
    const pc_index_slot *at;

    if (i > 0 && id && !strcmp(id, L->kid_last))
        k->parent = L->kids[i - 1].parent;
    else if (!id || !(at = pc_index_find(L->parents, id)))
        return bad_store(L->err, L->kid_table, "no parent", id);
    else {
        k->parent = at->val;
        L->kid_last = at->key;
    }
    L->first[k->parent + 2]++;
    return PC_OK;
}

/* parent id, text (practice code, required scheme) */
static pc_status kid_text_row(loader *L, size_t i)
{
    if (kid_parent(L, i) != PC_OK)
        return L->err->code;
    L->kids[i].s = col_str(L, 1);
    return PC_OK;
}

/* parent id, year, dwellings */
static pc_status kid_year_row(loader *L, size_t i)
{
    if (kid_parent(L, i) != PC_OK)
        return L->err->code;
    L->kids[i].year = (long)sqlite3_column_int64(L->q, 1);
    L->kids[i].value = (long)sqlite3_column_int64(L->q, 2);
    return PC_OK;
}

/* Reads the child rows of table t into L->sorted grouped by parent, in
 * query order within each parent, with L->first[] delimiting the groups. */
static pc_status read_kids(loader *L, const char *sql, row_fn fn, enum tbl t,
                           const pc_index *parents, size_t nparents,
                           pc_error *err)
{
    size_t n = 0;

    free(L->kids);
    free(L->sorted);
    free(L->first);
    L->kids = calloc(L->n[t] + 1, sizeof *L->kids);
    L->sorted = calloc(L->n[t] + 1, sizeof *L->sorted);
    L->first = calloc(nparents + 2, sizeof *L->first);
    if (!L->kids || !L->sorted || !L->first)
        return PC_NOMEM(err);
    L->parents = parents;
    L->kid_table = counted[t];
    if (read_table(L, sql, t, &n, fn) != PC_OK)
        return err->code;
    /* a stable counting sort by parent: first[p + 1] is where p's go */
    for (size_t p = 2; p < nparents + 2; p++)
        L->first[p] += L->first[p - 1];
    for (size_t i = 0; i < n; i++)
        L->sorted[L->first[L->kids[i].parent + 1]++] = L->kids[i];
    return PC_OK;
}

/* Parent p's child texts, after read_kids(), as an arena array (*out,
 * *n; left NULL and 0 when it has none). */
static pc_status kid_texts(loader *L, size_t p, const char ***out, size_t *n,
                           pc_error *err)
{
    size_t a = L->first[p], b = L->first[p + 1];

    if (a == b)
        return PC_OK;
    *out = pc_arena_alloc(L->ds->arena, (b - a) * sizeof **out);
    if (!*out)
        return PC_NOMEM(err);
    for (size_t k = a; k < b; k++)
        (*out)[(*n)++] = L->sorted[k].s;
    return PC_OK;
}

static pc_status index_premises(loader *L, size_t i)
{
    const char *id = L->ds->premises[i].id;

    if (id && pc_index_put(&L->premises, id, i, NULL) < 0)
        L->oom = 1;
    return PC_OK;
}

static pc_status read_premises(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;

    if (pc_index_reserve(&L->premises, L->n[T_PREMISES]) < 0)
        return PC_NOMEM(err);
    if (READ_ALL(L, DS_E_PREMISES, T_PREMISES, ds->premises, ds->npremises,
                 index_premises) != PC_OK ||
        read_kids(L,
                  "SELECT premises_id, practice_code FROM premises_practices "
                  "ORDER BY seq, rowid",
                  kid_text_row, T_PREMISES_PRACTICES, &L->premises,
                  ds->npremises, err) != PC_OK)
        return err->code;
    for (size_t i = 0; i < ds->npremises; i++)
        if (kid_texts(L, i, &ds->premises[i].practices,
                      &ds->premises[i].npractices, err) != PC_OK)
            return err->code;
    return PC_OK;
}

static pc_status index_site(loader *L, size_t i)
{
    ds_site *s = &L->ds->sites[i];

    for (int b = 0; b < 6; b++)
        s->mix[b] = NAN;
    if (s->id && pc_index_put(&L->sites, s->id, i, NULL) < 0)
        L->oom = 1;
    return PC_OK;
}

/* Site i's trajectory from its child rows (after read_kids()). */
static pc_status site_traj(loader *L, size_t i, pc_error *err)
{
    ds_site *s = &L->ds->sites[i];
    size_t a = L->first[i], b = L->first[i + 1];

    if (a == b)
        return PC_OK;
    s->traj = pc_arena_alloc(L->ds->arena, (b - a) * sizeof *s->traj);
    if (!s->traj)
        return PC_NOMEM(err);
    s->ntraj = b - a;
    s->traj_start = (int)L->sorted[a].year;
    for (size_t k = a; k < b; k++) {
        if (L->sorted[k].year < s->traj_start)
            s->traj_start = (int)L->sorted[k].year;
        s->traj[k - a] = -1; /* dwellings are >= 0: -1 is unset */
    }
    /* years run on from traj_start without a gap (or a repeat) */
    for (size_t k = a; k < b; k++) {
        long y = L->sorted[k].year - s->traj_start;

        if (y < 0 || (size_t)y >= s->ntraj || s->traj[y] != -1)
            return bad_store(err, "site_trajectory",
                             "a gap in the years of site", s->id);
        s->traj[y] = L->sorted[k].value;
    }
    return PC_OK;
}

/* site id, bedrooms, percent: a site's rows one after another, so the
 * last row's site is tried first */
static pc_status site_mix_row(loader *L, size_t row)
{
    const char *id = (const char *)sqlite3_column_text(L->q, 0);
    int b = sqlite3_column_int(L->q, 1);
    const char *last = row > 0 ? L->ds->sites[L->mix_site].id : NULL;
    const pc_index_slot *at;

    if (id && !(last && !strcmp(id, last))) {
        if ((at = pc_index_find(&L->sites, id)))
            L->mix_site = at->val;
        else
            id = NULL;
    }
    if (!id || b < 1 || b > 5)
        return bad_store(L->err, "site_mix", "no such site or bedrooms", id);
    L->ds->sites[L->mix_site].mix[b] = sqlite3_column_double(L->q, 2);
    return PC_OK;
}

static pc_status read_sites(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;
    size_t nmix = 0;

    if (pc_index_reserve(&L->sites, L->n[T_SITES]) < 0)
        return PC_NOMEM(err);
    /* trajectories in the order stored; each year goes to its place */
    if (READ_ALL(L, DS_E_SITES, T_SITES, ds->sites, ds->nsites, index_site) !=
            PC_OK ||
        read_kids(L,
                  "SELECT site_id, year, dwellings FROM site_trajectory ORDER "
                  "BY rowid",
                  kid_year_row, T_SITE_TRAJECTORY, &L->sites, ds->nsites,
                  err) != PC_OK)
        return err->code;
    for (size_t i = 0; i < ds->nsites; i++)
        if (site_traj(L, i, err) != PC_OK)
            return err->code;
    if (read_rows(L, "SELECT site_id, bedrooms, percent FROM site_mix",
                  "site_mix", ANY, &nmix, site_mix_row) != PC_OK)
        return err->code;
    if (L->n[T_CATCHMENTS] == 0)
        return PC_OK;
    return READ_ALL(L, DS_E_CATCHMENTS, T_CATCHMENTS, ds->catchments,
                    ds->ncatchments, NULL);
}

static pc_status index_scheme(loader *L, size_t i)
{
    ds_scheme *s = &L->ds->schemes[i];

    if (s->duration_years > 0) {
        /* NAN until scheme_spend gives the year its share */
        s->spend_profile = pc_arena_alloc(
            L->ds->arena, (size_t)s->duration_years * sizeof(double));
        if (!s->spend_profile)
            L->oom = 1;
        for (int y = 0; s->spend_profile && y < s->duration_years; y++)
            s->spend_profile[y] = NAN;
    }
    if (s->id && pc_index_put(&L->schemes, s->id, i, NULL) < 0)
        L->oom = 1;
    return PC_OK;
}

static pc_status spend_row(loader *L, size_t unused)
{
    const char *id = (const char *)sqlite3_column_text(L->q, 0);
    long y = (long)sqlite3_column_int64(L->q, 1);
    size_t i;

    (void)unused;
    if (!id || !pc_index_get(&L->schemes, id, &i) || y < 0 ||
        y >= L->ds->schemes[i].duration_years)
        return bad_store(L->err, "scheme_spend", "no such scheme or year", id);
    L->ds->schemes[i].spend_profile[y] = sqlite3_column_double(L->q, 2);
    return PC_OK;
}

static pc_status read_schemes(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;
    size_t nspend = 0;

    if (READ_ALL(L, DS_E_SCHEMES, T_SCHEMES, ds->schemes, ds->nschemes,
                 index_scheme) != PC_OK ||
        read_rows(L, "SELECT scheme_id, year_offset, share FROM scheme_spend",
                  "scheme_spend", ANY, &nspend, spend_row) != PC_OK)
        return err->code;
    for (size_t i = 0; i < ds->nschemes; i++)
        for (int y = 0; y < ds->schemes[i].duration_years; y++)
            if (isnan(ds->schemes[i].spend_profile[y]))
                return bad_store(err, "scheme_spend",
                                 "a year without a share in scheme",
                                 ds->schemes[i].id);

    if (read_kids(L,
                  "SELECT scheme_id, requires FROM scheme_dependencies ORDER "
                  "BY rowid",
                  kid_text_row, T_SCHEME_DEPENDENCIES, &L->schemes,
                  ds->nschemes, err) != PC_OK)
        return err->code;
    for (size_t i = 0; i < ds->nschemes; i++)
        if (kid_texts(L, i, &ds->schemes[i].depends_on,
                      &ds->schemes[i].ndepends, err) != PC_OK)
            return err->code;

    return READ_ALL(L, DS_E_CONTRIBUTIONS, T_CONTRIBUTIONS, ds->contributions,
                    ds->ncontributions, NULL);
}

static pc_status read_model(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;

    if (READ_ALL(L, DS_E_ASSUMPTIONS, T_ASSUMPTIONS, ds->assumptions,
                 ds->nassumptions, NULL) != PC_OK ||
        READ_ALL(L, DS_E_PRESETS, T_PRESETS, ds->presets, ds->npresets, NULL) !=
            PC_OK ||
        READ_ALL(L, DS_E_PROJECTIONS, T_LAD_PROJECTIONS, ds->projections,
                 ds->nprojections, NULL) != PC_OK ||
        READ_ALL(L, DS_E_LSOAS, T_LSOAS, ds->lsoas, ds->nlsoas, NULL) !=
            PC_OK ||
        READ_ALL(L, DS_E_COST_INDEX, T_COST_INDEX, ds->cost_index,
                 ds->ncost_index, NULL) != PC_OK ||
        READ_ALL(L, DS_E_FUNDS, T_FUNDS, ds->funds, ds->nfunds, NULL) != PC_OK)
        return err->code;
    return PC_OK;
}

/* --- the spatial model -------------------------------------------------- */

/* Index of the PCN area with this area_id (area_ids ascending). */
static int area_index(const loader *L, long id, size_t *out)
{
    size_t lo = 0, hi = L->sp->npcn_areas;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (L->area_ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == L->sp->npcn_areas || L->area_ids[lo] != id)
        return 0;
    *out = lo;
    return 1;
}

static pc_status pcn_area_row(loader *L, size_t i)
{
    ds_pcn_area *a = &L->sp->pcn_areas[i];

    L->area_ids[i] = (long)sqlite3_column_int64(L->q, 0);
    a->pcn_code = col_sp_str(L, 1);
    a->place = col_sp_str(L, 2);
    col_wkb(L, 3, &a->geom);
    return PC_OK;
}

static pc_status pcn_share_row(loader *L, size_t i)
{
    ds_site_share *x = &L->sp->pcn_shares[i];

    x->site_id = col_sp_str(L, 0);
    if (!area_index(L, (long)sqlite3_column_int64(L->q, 1), &x->area))
        return bad_store(L->err, "site_pcns", "no PCN area for site",
                         x->site_id);
    x->share = col_num(L, 2);
    x->area_m2 = col_num(L, 3);
    return PC_OK;
}

static pc_status param_row(loader *L, size_t i)
{
    L->sp->param_ids[i] = col_sp_str(L, 0);
    L->sp->param_values[i] = col_num(L, 1);
    return PC_OK;
}

static pc_status read_spatial(loader *L, pc_error *err)
{
    ds_spatial *sp = L->sp;

    sp->pcn_areas = heap_array(L->n[T_PCN_AREAS], sizeof *sp->pcn_areas);
    sp->lad_shares = heap_array(L->n[T_SITE_LADS], sizeof *sp->lad_shares);
    sp->pcn_shares = heap_array(L->n[T_SITE_PCNS], sizeof *sp->pcn_shares);
    sp->allocs = heap_array(L->n[T_SITE_ALLOCATIONS], sizeof *sp->allocs);
    sp->methods = heap_array(L->n[T_SITE_METHODS], sizeof *sp->methods);
    L->area_ids = heap_array(L->n[T_PCN_AREAS], sizeof *L->area_ids);
    if (L->n[T_SPATIAL_PARAMS]) {
        sp->param_ids = pc_arena_alloc(sp->arena, L->n[T_SPATIAL_PARAMS] *
                                                      sizeof *sp->param_ids);
        sp->param_values = pc_arena_alloc(
            sp->arena, L->n[T_SPATIAL_PARAMS] * sizeof *sp->param_values);
        if (!sp->param_ids || !sp->param_values)
            return PC_NOMEM(err);
    }
    if (!sp->pcn_areas || !sp->lad_shares || !sp->pcn_shares || !sp->allocs ||
        !sp->methods || !L->area_ids)
        return PC_NOMEM(err);

    if (read_table(L,
                   "SELECT a.area_id, a.pcn_code, p.name, CASE WHEN ?1 THEN "
                   "AsBinary(a.geom) END FROM pcn_areas a LEFT JOIN places p "
                   "ON p.place_id = a.place_id ORDER BY a.area_id",
                   T_PCN_AREAS, &sp->npcn_areas, pcn_area_row) != PC_OK ||
        READ_ALL(L, DS_E_SITE_LADS, T_SITE_LADS, sp->lad_shares,
                 sp->nlad_shares, NULL) != PC_OK ||
        read_table(L,
                   "SELECT site_id, area_id, share, area_m2 FROM site_pcns "
                   "ORDER BY rowid",
                   T_SITE_PCNS, &sp->npcn_shares, pcn_share_row) != PC_OK ||
        READ_ALL(L, DS_E_SITE_ALLOCS, T_SITE_ALLOCATIONS, sp->allocs,
                 sp->nallocs, NULL) != PC_OK ||
        READ_ALL(L, DS_E_SITE_METHODS, T_SITE_METHODS, sp->methods,
                 sp->nmethods, NULL) != PC_OK ||
        read_table(L,
                   "SELECT assumption_id, value FROM spatial_params ORDER BY "
                   "rowid",
                   T_SPATIAL_PARAMS, &sp->nparams, param_row) != PC_OK)
        return err->code;
    return PC_OK;
}

/* --- entry point -------------------------------------------------------- */

/* The dataset's readers, in order: each needs what those before it read. */
typedef pc_status (*reader_fn)(loader *L, pc_error *err);

static const reader_fn readers[] = {
    read_header,   count_rows, alloc_dataset, read_areas, read_practices,
    read_premises, read_sites, read_schemes,  read_model,
};

pc_status ds_store_load(ds_store *st, unsigned flags, ds_dataset **ds_out,
                        ds_spatial **sp_out, pc_error *err)
{
    loader L;
    pc_status rc = PC_OK;

    memset(&L, 0, sizeof L);
    L.st = st;
    L.err = err;
    L.geoms = (flags & DS_LOAD_GEOMETRY) != 0;
    /* one snapshot for every table, whether or not a transaction is open */
    if (sqlite3_exec(st->db, "SAVEPOINT ds_store_load", NULL, NULL, NULL) !=
        SQLITE_OK)
        return DB_FAIL(st, err, "starting to read the store");
    L.ds = calloc(1, sizeof *L.ds);
    if (L.ds)
        L.ds->arena = L.strs.a = pc_arena_new();
    if (sp_out) {
        L.sp = calloc(1, sizeof *L.sp);
        if (L.sp)
            L.sp->arena = L.sp_strs.a = pc_arena_new();
    }
    if (!L.ds || !L.ds->arena || (sp_out && (!L.sp || !L.sp->arena))) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    for (size_t i = 0; rc == PC_OK && i < sizeof readers / sizeof *readers; i++)
        rc = readers[i](&L, err);
    if (rc == PC_OK && L.sp)
        rc = read_spatial(&L, err);
    if (rc == PC_OK)
        rc = ds_store_read_imports(st, L.ds, err);

cleanup:
    sqlite3_finalize(L.q);
    if (rc == PC_OK && sqlite3_exec(st->db, "RELEASE ds_store_load", NULL, NULL,
                                    NULL) != SQLITE_OK)
        rc = DB_FAIL(st, err, "finishing reading the store");
    if (rc != PC_OK) {
        /* nothing was written: undo and end the savepoint */
        sqlite3_exec(st->db, "ROLLBACK TO ds_store_load", NULL, NULL, NULL);
        sqlite3_exec(st->db, "RELEASE ds_store_load", NULL, NULL, NULL);
    }
    free(L.kids);
    free(L.sorted);
    free(L.first);
    free(L.area_ids);
    pc_index_free(&L.premises);
    pc_index_free(&L.sites);
    pc_index_free(&L.schemes);
    ds_strtab_free(&L.strs);
    ds_strtab_free(&L.sp_strs);
    if (rc != PC_OK) {
        ds_spatial_free(L.sp);
        ds_dataset_free(L.ds);
        return rc == PC_ERR_DB ? pc_error_wrap(err, "reading the store") : rc;
    }
    *ds_out = L.ds;
    if (sp_out)
        *sp_out = L.sp;
    return PC_OK;
}
