/* ds_query.c: reading parts of the store back (see ds_store.h): a site
 * with its spatial model, features by bounding box through SpatiaLite's
 * R-tree indexes, the assumptions of a preset, and the summary of the
 * dataset held (counts by place).
 *
 * The bounding-box queries read the R-tree tables SpatiaLite keeps for each
 * geometry column (idx_<table>_geom) directly, so a query touches only the
 * rows whose boxes meet the one asked for; exact distances are then the
 * geometry layer's job, not SQL's. Geometries come back as WKB through
 * AsBinary(). */
#include "ds_store_int.h"
#include "pc_arena.h"
#include "pc_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ds_col_str(pc_arena *a, sqlite3_stmt *q, int i, int *oom)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    const char *s;

    if (!t)
        return NULL;
    s = pc_arena_strdup(a, (const char *)t);
    if (!s)
        *oom = 1;
    return s;
}

pc_status ds_read_rows(ds_store *st, sqlite3_stmt *q, pc_arena *a, void **arr,
                       size_t *n, size_t size, ds_row_fn fn, const char *what,
                       pc_error *err)
{
    size_t alloc = 0;
    int oom = 0, rc;

    while ((rc = sqlite3_step(q)) == SQLITE_ROW && !oom) {
        char *v = pc_arena_grow(a, *arr, *n, &alloc, size);

        if (!v) {
            oom = 1;
            break;
        }
        *arr = v;
        memset(v + *n * size, 0, size);
        fn(q, a, v + (*n)++ * size, &oom);
    }
    sqlite3_finalize(q);
    if (oom)
        return PC_NOMEM(err);
    return rc == SQLITE_DONE ? PC_OK : DB_FAIL(st, err, what);
}

/* Prepares sql and binds the text parameters ?1..?n. */
static pc_status prepare_text(ds_store *st, const char *sql,
                              const char *const *vals, int n, sqlite3_stmt **q,
                              pc_error *err)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, q, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "query");
    for (int i = 0; i < n; i++)
        if (sqlite3_bind_text(*q, i + 1, vals[i], -1, SQLITE_STATIC) !=
            SQLITE_OK) {
            sqlite3_finalize(*q);
            *q = NULL;
            return DB_FAIL(st, err, "query");
        }
    return PC_OK;
}

/* --- a site ------------------------------------------------------------- */

void ds_site_view_free(ds_site_view *v)
{
    if (!v)
        return;
    pc_arena_free(v->arena);
    free(v);
}

static long count_of(ds_store *st, const char *sql)
{
    sqlite3_stmt *q = NULL;
    long n = -1;

    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

static pc_status site_row(ds_store *st, ds_site_view *v, const char *site_id,
                          pc_error *err)
{
    const char *b[] = {site_id};
    sqlite3_stmt *q = NULL;
    int oom = 0, rc;

    if (prepare_text(st,
                     "SELECT site_id, name, lad_code, setting, "
                     "planning_status, s106_position, illustrative, "
                     "dwellings, area_ha, geom_approx, (SELECT CAST(value AS "
                     "INTEGER) FROM dataset WHERE key = 'base_year') FROM "
                     "sites WHERE site_id = ?1",
                     b, 1, &q, err) != PC_OK)
        return err->code;
    rc = sqlite3_step(q);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(q);
        return PC_FAIL(err, PC_ERR_NOTFOUND,
                       "no site \"%s\" in the store (it holds %ld sites; "
                       "expected the id of one of them)",
                       site_id, count_of(st, "SELECT count(*) FROM sites"));
    }
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(q);
        return DB_FAIL(st, err, "reading site");
    }
    v->site_id = ds_col_str(v->arena, q, 0, &oom);
    v->name = ds_col_str(v->arena, q, 1, &oom);
    v->lad_code = ds_col_str(v->arena, q, 2, &oom);
    v->setting = ds_col_str(v->arena, q, 3, &oom);
    v->planning_status = ds_col_str(v->arena, q, 4, &oom);
    v->s106_position = ds_col_str(v->arena, q, 5, &oom);
    v->illustrative = ds_col_str(v->arena, q, 6, &oom);
    v->dwellings = (long)sqlite3_column_int64(q, 7);
    v->area_ha = sqlite3_column_double(q, 8);
    v->geom_approx = sqlite3_column_int(q, 9);
    v->base_year = sqlite3_column_int(q, 10);
    sqlite3_finalize(q);
    if (oom)
        return PC_NOMEM(err);
    if (prepare_text(st,
                     "SELECT coalesce(sum(dwellings), 0) FROM site_trajectory "
                     "WHERE site_id = ?1 AND year >= (SELECT CAST(value AS "
                     "INTEGER) FROM dataset WHERE key = 'base_year') AND "
                     "year < 10 + (SELECT CAST(value AS INTEGER) FROM dataset "
                     "WHERE key = 'base_year')",
                     b, 1, &q, err) != PC_OK)
        return err->code;
    if (sqlite3_step(q) == SQLITE_ROW)
        v->dwellings_10y = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return PC_OK;
}

static void lad_row(sqlite3_stmt *q, pc_arena *a, void *elem, int *oom)
{
    ds_site_lad *x = elem;

    x->lad_code = ds_col_str(a, q, 0, oom);
    x->lad_name = ds_col_str(a, q, 1, oom);
    x->place = ds_col_str(a, q, 2, oom);
    x->share = sqlite3_column_double(q, 3);
    x->area_m2 = sqlite3_column_double(q, 4);
}

static void pcn_row(sqlite3_stmt *q, pc_arena *a, void *elem, int *oom)
{
    ds_site_pcn *x = elem;

    x->pcn_code = ds_col_str(a, q, 0, oom);
    x->pcn_name = ds_col_str(a, q, 1, oom);
    x->place = ds_col_str(a, q, 2, oom);
    x->share = sqlite3_column_double(q, 3);
}

static pc_status site_areas(ds_store *st, ds_site_view *v, pc_error *err)
{
    const char *b[] = {v->site_id};
    sqlite3_stmt *q = NULL;

    if (prepare_text(st,
                     "SELECT s.lad_code, l.name, p.name, s.share, s.area_m2 "
                     "FROM site_lads s JOIN lads l USING (lad_code) JOIN "
                     "places p ON p.place_id = l.place_id WHERE s.site_id = "
                     "?1 ORDER BY s.share DESC, s.lad_code",
                     b, 1, &q, err) != PC_OK)
        return err->code;
    if (ds_read_rows(st, q, v->arena, (void **)&v->lads, &v->nlads,
                     sizeof *v->lads, lad_row, "reading site LADs",
                     err) != PC_OK)
        return err->code;
    if (prepare_text(st,
                     "SELECT a.pcn_code, n.name, p.name, s.share FROM "
                     "site_pcns s JOIN pcn_areas a USING (area_id) LEFT JOIN "
                     "pcns n ON n.pcn_code = a.pcn_code JOIN places p ON "
                     "p.place_id = a.place_id WHERE s.site_id = ?1 ORDER BY "
                     "s.share DESC, a.pcn_code",
                     b, 1, &q, err) != PC_OK)
        return err->code;
    return ds_read_rows(st, q, v->arena, (void **)&v->pcns, &v->npcns,
                        sizeof *v->pcns, pcn_row, "reading site PCNs", err);
}

static void practice_row(sqlite3_stmt *q, pc_arena *a, void *elem, int *oom)
{
    ds_site_practice *x = elem;

    x->code = ds_col_str(a, q, 0, oom);
    x->name = ds_col_str(a, q, 1, oom);
    x->premises_id = ds_col_str(a, q, 2, oom);
    x->premises_name = ds_col_str(a, q, 3, oom);
    x->distance_m = sqlite3_column_double(q, 4);
    x->share = sqlite3_column_double(q, 5);
    x->patients = (long)sqlite3_column_int64(q, 6);
}

static pc_status site_alloc(ds_store *st, ds_site_view *v, const char *method,
                            pc_error *err)
{
    const char *b[] = {v->site_id, method};
    sqlite3_stmt *q = NULL;
    size_t alloc = 0;
    int oom = 0, rc;

    if (prepare_text(st,
                     "SELECT method, fallback, note FROM site_methods WHERE "
                     "site_id = ?1 AND method = ?2",
                     b, 2, &q, err) != PC_OK)
        return err->code;
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        v->method = ds_col_str(v->arena, q, 0, &oom);
        v->fallback = sqlite3_column_int(q, 1);
        v->note = ds_col_str(v->arena, q, 2, &oom);
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE) {
        if (count_of(st, "SELECT count(*) FROM site_methods") <= 0)
            return PC_FAIL(err, PC_ERR_NOTFOUND,
                           "the store has no spatial model (expected one "
                           "built when the dataset was imported; import the "
                           "dataset again)");
        if (!strcmp(method, "catchment"))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "method catchment: the dataset supplies no "
                           "practice catchments (add a \"catchments\" file, "
                           "see datasets/FORMAT.md, or use huff or "
                           "nearest)");
        return PC_FAIL(err, PC_ERR_INPUT,
                       "method %s: no allocation stored for site \"%s\"",
                       method, v->site_id);
    }
    if (rc != SQLITE_ROW)
        return DB_FAIL(st, err, "reading site method");
    if (oom)
        return PC_NOMEM(err);
    if (prepare_text(st,
                     "SELECT a.practice_code, pr.name, a.premises_id, pm.name, "
                     "a.distance_m, a.share, (SELECT patients FROM list_sizes "
                     "l WHERE l.practice_code = a.practice_code ORDER BY "
                     "list_date DESC LIMIT 1) FROM site_allocations a JOIN "
                     "practices pr ON pr.practice_code = a.practice_code LEFT "
                     "JOIN premises pm ON pm.premises_id = a.premises_id "
                     "WHERE a.site_id = ?1 AND a.method = ?2 ORDER BY a.share "
                     "DESC, a.practice_code",
                     b, 2, &q, err) != PC_OK)
        return err->code;
    if (ds_read_rows(st, q, v->arena, (void **)&v->practices, &v->npractices,
                     sizeof *v->practices, practice_row,
                     "reading site allocation", err) != PC_OK)
        return err->code;
    if (prepare_text(st,
                     "SELECT assumption_id, value FROM spatial_params ORDER "
                     "BY assumption_id",
                     NULL, 0, &q, err) != PC_OK)
        return err->code;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && !oom) {
        size_t a2 = alloc;

        v->param_ids = pc_arena_grow(v->arena, v->param_ids, v->nparams, &alloc,
                                     sizeof *v->param_ids);
        v->param_values = pc_arena_grow(v->arena, v->param_values, v->nparams,
                                        &a2, sizeof *v->param_values);
        if (!v->param_ids || !v->param_values) {
            oom = 1;
            break;
        }
        v->param_ids[v->nparams] = ds_col_str(v->arena, q, 0, &oom);
        v->param_values[v->nparams++] = sqlite3_column_double(q, 1);
    }
    sqlite3_finalize(q);
    if (oom)
        return PC_NOMEM(err);
    return rc == SQLITE_DONE ? PC_OK : DB_FAIL(st, err, "reading parameters");
}

pc_status ds_store_site(ds_store *st, const char *site_id, const char *method,
                        ds_site_view **out, pc_error *err)
{
    ds_site_view *v = calloc(1, sizeof *v);

    if (!v || !(v->arena = pc_arena_new())) {
        free(v);
        return PC_NOMEM(err);
    }
    if (site_row(st, v, site_id, err) != PC_OK ||
        site_areas(st, v, err) != PC_OK ||
        site_alloc(st, v, method, err) != PC_OK) {
        ds_site_view_free(v);
        return err->code;
    }
    *out = v;
    return PC_OK;
}

/* --- features ----------------------------------------------------------- */

static const struct {
    const char *name, *one, *id, *label, *size;
} layers[] = {
    [DS_LAYER_PREMISES] = {"premises", "premises", "premises_id", "name",
                           "rooms_consult + rooms_treatment + rooms_other"},
    [DS_LAYER_SITES] = {"sites", "site", "site_id", "name", "dwellings"},
    [DS_LAYER_PLACES] = {"places", "place", "place_id", "name", "0"},
    [DS_LAYER_LADS] = {"lads", "LAD", "lad_code", "name", "0"},
};

const char *ds_layer_name(ds_layer l)
{
    return layers[l].name;
}

void ds_features_free(ds_features *f)
{
    if (!f)
        return;
    pc_arena_free(f->arena);
    free(f);
}

/* Reads the practices housed in each premises of the list. */
static pc_status premises_practices(ds_store *st, ds_features *f, pc_error *err)
{
    sqlite3_stmt *q = NULL;
    int oom = 0;

    if (sqlite3_prepare_v2(st->db,
                           "SELECT pp.practice_code, p.name FROM "
                           "premises_practices pp JOIN practices p USING "
                           "(practice_code) WHERE pp.premises_id = ?1 ORDER "
                           "BY pp.seq",
                           -1, &q, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "query");
    for (size_t i = 0; i < f->n && !oom; i++) {
        ds_feature *x = &f->v[i];
        size_t alloc = 0, a2 = 0;
        int rc;

        sqlite3_bind_text(q, 1, x->id, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            a2 = alloc;
            x->practice_codes =
                pc_arena_grow(f->arena, x->practice_codes, x->npractices,
                              &alloc, sizeof *x->practice_codes);
            x->practice_names =
                pc_arena_grow(f->arena, x->practice_names, x->npractices, &a2,
                              sizeof *x->practice_names);
            if (!x->practice_codes || !x->practice_names) {
                oom = 1;
                break;
            }
            x->practice_codes[x->npractices] = ds_col_str(f->arena, q, 0, &oom);
            x->practice_names[x->npractices++] =
                ds_col_str(f->arena, q, 1, &oom);
        }
        sqlite3_reset(q);
        if (!oom && rc != SQLITE_DONE && rc != SQLITE_ROW) {
            sqlite3_finalize(q);
            return DB_FAIL(st, err, "reading premises practices");
        }
    }
    sqlite3_finalize(q);
    return oom ? PC_NOMEM(err) : PC_OK;
}

/* Runs a feature query whose columns are id, name, size, WKB. */
static void feature_row(sqlite3_stmt *q, pc_arena *a, void *elem, int *oom)
{
    ds_feature *x = elem;
    const void *blob = sqlite3_column_blob(q, 3);
    int len = sqlite3_column_bytes(q, 3);

    x->id = ds_col_str(a, q, 0, oom);
    x->name = ds_col_str(a, q, 1, oom);
    x->size = (long)sqlite3_column_int64(q, 2);
    if (blob && len > 0) {
        x->geom.data = pc_arena_alloc(a, (size_t)len);
        if (!x->geom.data) {
            *oom = 1;
            return;
        }
        memcpy(x->geom.data, blob, (size_t)len);
        x->geom.len = (size_t)len;
    }
}

static pc_status read_features(ds_store *st, ds_layer layer, sqlite3_stmt *q,
                               ds_features **out, pc_error *err)
{
    ds_features *f = calloc(1, sizeof *f);

    if (!f || !(f->arena = pc_arena_new())) {
        free(f);
        sqlite3_finalize(q);
        return PC_NOMEM(err);
    }
    if (ds_read_rows(st, q, f->arena, (void **)&f->v, &f->n, sizeof *f->v,
                     feature_row, "reading features", err) != PC_OK) {
        ds_features_free(f);
        return err->code;
    }
    if (layer == DS_LAYER_PREMISES && premises_practices(st, f, err) != PC_OK) {
        ds_features_free(f);
        return err->code;
    }
    *out = f;
    return PC_OK;
}

pc_status ds_store_features_in_box(ds_store *st, ds_layer layer,
                                   const double box[4], ds_features **out,
                                   pc_error *err)
{
    char sql[512];
    sqlite3_stmt *q = NULL;

    /* the R-tree holds each row's box: keep those that meet ours */
    snprintf(sql, sizeof sql,
             "SELECT %s, %s, %s, AsBinary(geom) FROM %s WHERE ROWID IN "
             "(SELECT pkid FROM idx_%s_geom WHERE xmin <= ?3 AND xmax >= ?1 "
             "AND ymin <= ?4 AND ymax >= ?2) ORDER BY %s",
             layers[layer].id, layers[layer].label, layers[layer].size,
             layers[layer].name, layers[layer].name, layers[layer].id);
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "bounding-box query");
    for (int i = 0; i < 4; i++)
        sqlite3_bind_double(q, i + 1, box[i]);
    return read_features(st, layer, q, out, err);
}

pc_status ds_store_feature(ds_store *st, ds_layer layer, const char *id,
                           ds_features **out, pc_error *err)
{
    char sql[512];
    sqlite3_stmt *q = NULL;
    ds_features *f = NULL;

    snprintf(sql, sizeof sql,
             "SELECT %s, %s, %s, AsBinary(geom) FROM %s WHERE %s = ?1",
             layers[layer].id, layers[layer].label, layers[layer].size,
             layers[layer].name, layers[layer].id);
    if (prepare_text(st, sql, &id, 1, &q, err) != PC_OK)
        return err->code;
    if (read_features(st, layer, q, &f, err) != PC_OK)
        return err->code;
    if (f->n == 0) {
        ds_features_free(f);
        return PC_FAIL(err, PC_ERR_NOTFOUND, "no %s \"%s\" in the store",
                       layers[layer].one, id);
    }
    *out = f;
    return PC_OK;
}

/* --- assumptions -------------------------------------------------------- */

void ds_assumption_list_free(ds_assumption_list *l)
{
    if (!l)
        return;
    pc_arena_free(l->arena);
    free(l);
}

static void assumption_row(sqlite3_stmt *q, pc_arena *a, void *elem, int *oom)
{
    ds_assumption_row *x = elem;

    x->id = ds_col_str(a, q, 0, oom);
    x->unit = ds_col_str(a, q, 1, oom);
    x->source = ds_col_str(a, q, 2, oom);
    x->note = ds_col_str(a, q, 3, oom);
    x->value = sqlite3_column_double(q, 4);
    x->base = sqlite3_column_double(q, 5);
    x->from_preset = sqlite3_column_int(q, 6);
}

pc_status ds_store_assumptions(ds_store *st, const char *preset,
                               ds_assumption_list **out, pc_error *err)
{
    ds_assumption_list *l = calloc(1, sizeof *l);
    sqlite3_stmt *q = NULL;
    size_t alloc = 0;
    int oom = 0, rc, found = preset == NULL;

    if (!l || !(l->arena = pc_arena_new())) {
        free(l);
        return PC_NOMEM(err);
    }
    if (prepare_text(st, "SELECT DISTINCT preset FROM presets ORDER BY preset",
                     NULL, 0, &q, err) != PC_OK)
        goto fail;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && !oom) {
        l->presets = pc_arena_grow(l->arena, l->presets, l->npresets, &alloc,
                                   sizeof *l->presets);
        if (!l->presets) {
            oom = 1;
            break;
        }
        l->presets[l->npresets] = ds_col_str(l->arena, q, 0, &oom);
        if (preset && l->presets[l->npresets] &&
            !strcmp(preset, l->presets[l->npresets]))
            found = 1;
        l->npresets++;
    }
    sqlite3_finalize(q);
    if (oom) {
        PC_NOMEM(err);
        goto fail;
    }
    if (!found) {
        char names[512] = "";
        size_t len = 0;

        for (size_t i = 0; i < l->npresets && len < sizeof names; i++)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
                                    i ? ", " : "", l->presets[i]);
        PC_FAIL(err, PC_ERR_NOTFOUND,
                "no preset \"%s\" in the store (expected one of: %s)", preset,
                l->npresets ? names : "none defined");
        goto fail;
    }
    l->preset = preset ? pc_arena_strdup(l->arena, preset) : NULL;
    {
        const char *b[] = {preset ? preset : ""};

        if (prepare_text(st,
                         "SELECT a.assumption_id, a.unit, a.source, a.note, "
                         "coalesce(p.value, a.value), a.value, p.value IS NOT "
                         "NULL FROM assumptions a LEFT JOIN presets p ON "
                         "p.assumption_id = a.assumption_id AND p.preset = ?1 "
                         "ORDER BY a.assumption_id",
                         b, 1, &q, err) != PC_OK)
            goto fail;
    }
    if (ds_read_rows(st, q, l->arena, (void **)&l->v, &l->n, sizeof *l->v,
                     assumption_row, "reading assumptions", err) != PC_OK)
        goto fail;
    *out = l;
    return PC_OK;

fail:
    ds_assumption_list_free(l);
    return err->code;
}

/* --- summary ---------------------------------------------------------- */

/* Runs a one-value query with ?1 = place_id or NULL for the system. */
static pc_status scalar(ds_store *st, const char *sql, long place_id,
                        const char *list_date, int base_year, long *out,
                        pc_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc;

    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "summary query");
    /* a query need not use every parameter: SQLITE_RANGE is ignored */
    if (place_id > 0)
        sqlite3_bind_int64(q, 1, place_id);
    sqlite3_bind_text(q, 2, list_date, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, base_year);
    rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(q);
        return DB_FAIL(st, err, "summary query");
    }
    *out = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return PC_OK;
}

/* ?1 place_id (NULL = all), ?2 list date, ?3 base year */
#define IN_PLACE(lad)      \
    " (?1 IS NULL OR " lad \
    " IN (SELECT lad_code FROM lads WHERE place_id = ?1))"

/* Each site's share of each LAD: the spatial model's overlay, or all of it
 * in its declared LAD when the store has no overlay for it. Made once per
 * summary as a temporary table (temp.pc_site_shares, in the rows' order),
 * not once per place and query: at England's size that was 43 x 3
 * materialisations of 20,000 rows. */
#define SITE_SHARES_MAKE                                                   \
    "CREATE TEMP TABLE pc_site_shares AS SELECT site_id, lad_code, share " \
    "FROM site_lads UNION ALL SELECT site_id, lad_code, 1.0 FROM sites s " \
    "WHERE NOT EXISTS (SELECT 1 FROM site_lads x WHERE x.site_id = "       \
    "s.site_id)"
#define SITE_SHARES_DROP "DROP TABLE IF EXISTS temp.pc_site_shares"

static pc_status area_summary(ds_store *st, long place_id, const char *date,
                              int base_year, ds_area_summary *a, pc_error *err)
{
    static const char *const q[] = {
        "SELECT count(*) FROM practices WHERE" IN_PLACE("lad_code"),
        "SELECT count(DISTINCT pcn_code) FROM practices WHERE "
        "pcn_code IS NOT NULL AND" IN_PLACE("lad_code"),
        "SELECT coalesce(sum(l.patients), 0) FROM list_sizes l JOIN "
        "practices p USING (practice_code) WHERE l.list_date = ?2 AND" IN_PLACE(
            "p.lad_code"),
        "SELECT count(*) FROM premises WHERE" IN_PLACE("lad_code"),
        "SELECT coalesce(sum(rooms_consult), 0) FROM premises WHERE" IN_PLACE(
            "lad_code"),
        "SELECT coalesce(sum(rooms_treatment), 0) FROM premises WHERE" IN_PLACE(
            "lad_code"),
        "SELECT coalesce(sum(rooms_other), 0) FROM premises WHERE" IN_PLACE(
            "lad_code"),
        "SELECT count(*) FROM lads WHERE" IN_PLACE("lad_code"),
        "SELECT count(DISTINCT site_id) FROM temp.pc_site_shares "
        "WHERE" IN_PLACE("lad_code"),
        "SELECT CAST(round(coalesce(sum(t.dwellings * ss.share), 0)) AS "
        "INTEGER) FROM site_trajectory t JOIN temp.pc_site_shares ss USING "
        "(site_id) WHERE t.year >= ?3 AND t.year < ?3 + 10 AND" IN_PLACE(
            "ss.lad_code"),
        "SELECT CAST(round(coalesce(sum(s.dwellings * ss.share), 0)) AS "
        "INTEGER) FROM sites s JOIN temp.pc_site_shares ss USING (site_id) "
        "WHERE" IN_PLACE("ss.lad_code"),
    };
    long *out[] = {&a->practices,     &a->pcns,           &a->patients,
                   &a->premises,      &a->rooms_consult,  &a->rooms_treatment,
                   &a->rooms_other,   &a->lads,           &a->sites,
                   &a->dwellings_10y, &a->dwellings_total};

    for (size_t i = 0; i < sizeof q / sizeof *q; i++)
        if (scalar(st, q[i], place_id, date, base_year, out[i], err) != PC_OK)
            return err->code;
    return PC_OK;
}

/* The place of index k of s->places with id place_id, or NULL. */
static ds_area_summary *place_of(ds_summary *s, const long *ids,
                                 sqlite3_int64 place_id)
{
    for (size_t k = 0; k < s->nplaces; k++)
        if (ids[k] == place_id)
            return &s->places[k];
    return NULL;
}

/* The counts of every place at once: each query groups by place, so a
 * table is read once, not once per place. Integer sums: the order does not
 * matter. */
static pc_status places_counts(ds_store *st, ds_summary *s, const long *ids,
                               pc_error *err)
{
    static const char *const q[] = {
        "SELECT l.place_id, count(*), count(DISTINCT p.pcn_code) FROM "
        "practices p JOIN lads l USING (lad_code) GROUP BY l.place_id",
        "SELECT l.place_id, sum(ls.patients) FROM list_sizes ls JOIN "
        "practices p USING (practice_code) JOIN lads l ON l.lad_code = "
        "p.lad_code WHERE ls.list_date = ?1 GROUP BY l.place_id",
        "SELECT l.place_id, count(*), sum(rooms_consult), "
        "sum(rooms_treatment), sum(rooms_other) FROM premises pr JOIN lads l "
        "USING (lad_code) GROUP BY l.place_id",
        "SELECT place_id, count(*) FROM lads GROUP BY place_id",
        "SELECT l.place_id, count(DISTINCT ss.site_id) FROM "
        "temp.pc_site_shares ss JOIN lads l USING (lad_code) GROUP BY "
        "l.place_id",
    };

    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        sqlite3_stmt *qs = NULL;
        int rc;

        if (sqlite3_prepare_v2(st->db, q[i], -1, &qs, NULL) != SQLITE_OK)
            return DB_FAIL(st, err, "summary query");
        sqlite3_bind_text(qs, 1, s->list_date, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(qs)) == SQLITE_ROW) {
            ds_area_summary *a = place_of(s, ids, sqlite3_column_int64(qs, 0));
            long v[4];

            for (int c = 0; c < 4; c++)
                v[c] = (long)sqlite3_column_int64(qs, c + 1);
            if (!a)
                continue;
            switch (i) {
            case 0: a->practices = v[0], a->pcns = v[1]; break;
            case 1: a->patients = v[0]; break;
            case 2:
                a->premises = v[0], a->rooms_consult = v[1];
                a->rooms_treatment = v[2], a->rooms_other = v[3];
                break;
            case 3: a->lads = v[0]; break;
            default: a->sites = v[0]; break;
            }
        }
        sqlite3_finalize(qs);
        if (rc != SQLITE_DONE)
            return DB_FAIL(st, err, "summary query");
    }
    return PC_OK;
}

/* The dwellings of every place at once: each site's homes times its LAD
 * shares, summed in C place by place in the order a query for one place
 * sums them (the shares' rows in order, then a site's years; CROSS JOIN
 * keeps that order), then rounded as SQLite's round() does, so that each
 * place's figure is the one its own query gave. */
static pc_status places_dwellings(ds_store *st, ds_summary *s, const long *ids,
                                  pc_error *err)
{
    static const char *const q[] = {
        "SELECT l.place_id, t.dwellings * ss.share FROM temp.pc_site_shares "
        "ss CROSS JOIN site_trajectory t ON t.site_id = ss.site_id JOIN lads "
        "l ON l.lad_code = ss.lad_code WHERE t.year >= ?1 AND t.year < ?1 + "
        "10",
        "SELECT l.place_id, s.dwellings * ss.share FROM temp.pc_site_shares "
        "ss CROSS JOIN sites s ON s.site_id = ss.site_id JOIN lads l ON "
        "l.lad_code = ss.lad_code",
    };
    double *sum = calloc(s->nplaces + 1, sizeof *sum);
    pc_status out = PC_OK;

    if (!sum)
        return PC_NOMEM(err);
    for (size_t i = 0; i < 2 && out == PC_OK; i++) {
        sqlite3_stmt *qs = NULL;
        int rc;

        memset(sum, 0, (s->nplaces + 1) * sizeof *sum);
        if (sqlite3_prepare_v2(st->db, q[i], -1, &qs, NULL) != SQLITE_OK) {
            out = DB_FAIL(st, err, "summary query");
            break;
        }
        sqlite3_bind_int(qs, 1, s->base_year);
        while ((rc = sqlite3_step(qs)) == SQLITE_ROW) {
            ds_area_summary *a = place_of(s, ids, sqlite3_column_int64(qs, 0));

            if (a)
                sum[a - s->places] += sqlite3_column_double(qs, 1);
        }
        sqlite3_finalize(qs);
        if (rc != SQLITE_DONE)
            out = DB_FAIL(st, err, "summary query");
        for (size_t k = 0; k < s->nplaces && out == PC_OK; k++) {
            long v = (long)(sum[k] + (sum[k] < 0 ? -0.5 : 0.5));

            *(i ? &s->places[k].dwellings_total : &s->places[k].dwellings_10y) =
                v;
        }
    }
    free(sum);
    return out;
}

/* Reads one text value of the dataset table into out. */
static void dataset_value(ds_store *st, const char *key, char *out,
                          size_t outsz)
{
    sqlite3_stmt *q = NULL;

    out[0] = '\0';
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM dataset WHERE key = ?",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
}

/* The dataset's name, title, base year and latest list date into s;
 * PC_ERR_NOTFOUND when the store holds no dataset. */
static pc_status summary_head(ds_store *st, ds_summary *s, pc_error *err)
{
    sqlite3_stmt *q = NULL;
    char year[16];

    dataset_value(st, "name", s->name, sizeof s->name);
    if (!s->name[0])
        return PC_FAIL(err, PC_ERR_NOTFOUND,
                       "the store holds no dataset (expected one imported "
                       "into it first)");
    dataset_value(st, "title", s->title, sizeof s->title);
    dataset_value(st, "base_year", year, sizeof year);
    s->base_year = atoi(year);
    if (sqlite3_prepare_v2(st->db, "SELECT max(list_date) FROM list_sizes", -1,
                           &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return DB_FAIL(st, err, "summary");
    }
    if (sqlite3_column_text(q, 0))
        snprintf(s->list_date, sizeof s->list_date, "%s",
                 (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    snprintf(s->system.name, sizeof s->system.name, "%s",
             s->title[0] ? s->title : s->name);
    return PC_OK;
}

/* The places by name into s->places, their ids into *ids (heap, one per
 * place; the caller frees it). */
static pc_status summary_places(ds_store *st, ds_summary *s, long **ids,
                                pc_error *err)
{
    sqlite3_stmt *q = NULL;
    long n = 0;

    if (scalar(st, "SELECT count(*), ?1 FROM places", 0, "", 0, &n, err) !=
        PC_OK)
        return err->code;
    s->places = calloc(n > 0 ? (size_t)n : 1, sizeof *s->places);
    *ids = calloc(n > 0 ? (size_t)n : 1, sizeof **ids);
    if (!s->places || !*ids)
        return PC_NOMEM(err);
    if (sqlite3_prepare_v2(st->db,
                           "SELECT place_id, name FROM places ORDER BY name",
                           -1, &q, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "summary");
    while (sqlite3_step(q) == SQLITE_ROW && s->nplaces < (size_t)n) {
        ds_area_summary *a = &s->places[s->nplaces];

        snprintf(a->name, sizeof a->name, "%s", sqlite3_column_text(q, 1));
        (*ids)[s->nplaces++] = (long)sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    return PC_OK;
}

/* Each table's rows, and how many of them are illustrative, into
 * s->tables. */
static pc_status summary_tables(ds_store *st, ds_summary *s, pc_error *err)
{
    static const char *const counted[] = {
        "places",      "lads",  "pcns",       "practices",
        "premises",    "sites", "schemes",    "contributions",
        "assumptions", "lsoas", "cost_index", "funds"};

    for (size_t i = 0; i < sizeof counted / sizeof *counted; i++) {
        ds_table_count *t = &s->tables[s->ntables++];
        char sql[256];
        int has_ill =
            !strcmp(counted[i], "premises") || !strcmp(counted[i], "sites") ||
            !strcmp(counted[i], "schemes") ||
            !strcmp(counted[i], "contributions") ||
            !strcmp(counted[i], "cost_index") || !strcmp(counted[i], "funds");

        t->table = counted[i];
        snprintf(sql, sizeof sql, "SELECT count(*), ?1 FROM %s", counted[i]);
        if (scalar(st, sql, 0, "", 0, &t->rows, err) != PC_OK)
            return err->code;
        if (has_ill) {
            snprintf(sql, sizeof sql,
                     "SELECT count(*), ?1 FROM %s WHERE "
                     "illustrative IS NOT NULL",
                     counted[i]);
            if (scalar(st, sql, 0, "", 0, &t->illustrative, err) != PC_OK)
                return err->code;
        } else if (!strcmp(counted[i], "assumptions") &&
                   scalar(st,
                          "SELECT count(*), ?1 FROM assumptions WHERE "
                          "substr(source, 1, 12) = 'illustrative'",
                          0, "", 0, &t->illustrative, err) != PC_OK) {
            return err->code; /* the register's mark: the source says so */
        }
    }
    return PC_OK;
}

pc_status ds_store_summary(ds_store *st, ds_summary **out, pc_error *err)
{
    ds_summary *s = calloc(1, sizeof *s);
    long *ids = NULL;

    if (!s)
        return PC_NOMEM(err);
    if (summary_head(st, s, err) != PC_OK) {
        free(s);
        return err->code;
    }
    sqlite3_exec(st->db, SITE_SHARES_DROP, NULL, NULL, NULL);
    if (sqlite3_exec(st->db, SITE_SHARES_MAKE, NULL, NULL, NULL) != SQLITE_OK) {
        DB_FAIL(st, err, "summary");
        goto fail;
    }
    if (area_summary(st, 0, s->list_date, s->base_year, &s->system, err) ||
        summary_places(st, s, &ids, err) ||
        places_counts(st, s, ids, err) != PC_OK ||
        places_dwellings(st, s, ids, err) != PC_OK ||
        summary_tables(st, s, err) != PC_OK ||
        ds_store_postcode_count(st, &s->postcodes, err) != PC_OK)
        goto fail;
    sqlite3_exec(st->db, SITE_SHARES_DROP, NULL, NULL, NULL);
    free(ids);
    *out = s;
    return PC_OK;

fail:
    sqlite3_exec(st->db, SITE_SHARES_DROP, NULL, NULL, NULL);
    free(ids);
    ds_summary_free(s);
    return err->code;
}

void ds_summary_free(ds_summary *s)
{
    if (!s)
        return;
    free(s->places);
    free(s);
}
