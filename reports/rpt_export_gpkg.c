/* rpt_export_gpkg.c: the export as one GeoPackage 1.2 file, a layer per
 * table with geometry (EPSG:27700, each with the GeoPackage's R-tree
 * spatial index) and an attribute table per table without, plus QGIS's
 * layer_styles table holding each layer's default style
 * (rpt_export_qml.c). SQLite and SpatiaLite's GPKG functions write it: that is
 * the format, so this writer keeps its own SpatiaLite connection, to the file
 * it writes. */
#include "pc_buf.h"
#include "pc_error.h"
#include "rpt_export_int.h"

#include <sqlite3.h>

#include <spatialite.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GPKG_NAME    "pcplan.gpkg"
#define GPKG_APP_ID  0x47504B47 /* "GPKG", GeoPackage 1.2 §1.1.1.1.1 */
#define GPKG_VERSION 10200      /* GeoPackage 1.2.0 */

/* ------------------------------------------------------------------ */
/* SpatiaLite                                                          */
/* ------------------------------------------------------------------ */

typedef struct spl {
    sqlite3 *db;
    void *cache;
    sqlite3_stmt *st; /* one conversion: GeoJSON in, text or blob out */
} spl;

static pc_status spl_fail(spl *s, pc_error *err, const char *what)
{
    return PC_FAIL(err, PC_ERR_DB, "SpatiaLite: %s: %s", what,
                   s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

static void spl_close(spl *s)
{
    sqlite3_finalize(s->st);
    if (s->db)
        sqlite3_close(s->db);
    if (s->cache)
        spatialite_cleanup_ex(s->cache);
    memset(s, 0, sizeof *s);
}

/* Opens path, a new GeoPackage file, with SpatiaLite. */
static pc_status spl_open(spl *s, const char *path, pc_error *err)
{
    memset(s, 0, sizeof *s);
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        pc_status rc = spl_fail(s, err, "opening");

        spl_close(s);
        return rc;
    }
    s->cache = spatialite_alloc_connection();
    if (!s->cache) {
        spl_close(s);
        return PC_FAIL(err, PC_ERR_NOMEM, "SpatiaLite: out of memory");
    }
    spatialite_init_ex(s->db, s->cache, 0);
    return PC_OK;
}

static pc_status spl_prepare(spl *s, const char *sql, pc_error *err)
{
    sqlite3_finalize(s->st);
    s->st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &s->st, NULL) != SQLITE_OK)
        return spl_fail(s, err, "prepare");
    return PC_OK;
}

/* Runs the conversion on the GeoJSON geometry of row of t; *out is the
 * result column, valid until the next call. NULL input gives NULL. An
 * input SpatiaLite cannot read (or, for the GeoPackage, of the wrong
 * type) is PC_ERR_INPUT naming the document's key. */
static pc_status spl_convert(spl *s, const table *t, size_t row,
                             const char *geojson, sqlite3_value **out,
                             pc_error *err)
{
    int step;

    *out = NULL;
    sqlite3_reset(s->st);
    if (!geojson)
        return PC_OK;
    if (sqlite3_bind_text(s->st, 1, geojson, -1, SQLITE_STATIC) != SQLITE_OK)
        return spl_fail(s, err, "bind");
    step = sqlite3_step(s->st);
    if (step != SQLITE_ROW)
        return spl_fail(s, err, "geometry");
    if (sqlite3_column_type(s->st, 0) == SQLITE_NULL)
        return rpt_ex_bad_geometry(t, row, err);
    *out = sqlite3_column_value(s->st, 0);
    return PC_OK;
}

/* --- GeoPackage ---------------------------------------------------------- */

static pc_status gpkg_exec(spl *s, const char *sql, pc_error *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return spl_fail(s, err, sql);
    return PC_OK;
}

/* The CREATE TABLE and INSERT statements of t, into sql and ins. */
static pc_status gpkg_sql(const table *t, pc_buf *sql, pc_buf *ins,
                          pc_error *err)
{
    pc_status rc;
    int n = 0;

    rc = pc_buf_printf(sql,
                       "CREATE TABLE \"%s\" (fid INTEGER PRIMARY KEY "
                       "AUTOINCREMENT",
                       t->name);
    if (rc == PC_OK)
        rc = pc_buf_printf(ins, "INSERT INTO \"%s\" (", t->name);
    for (size_t c = 0; rc == PC_OK && c < t->ncols; c++) {
        static const char *const types[] = {"TEXT", "INTEGER", "REAL",
                                            "BOOLEAN"};
        const coldef *d = &t->cols[c];

        if (d->type == T_GEOM)
            continue;
        rc = pc_buf_printf(sql, ", \"%s\" %s", d->name, types[d->type]);
        if (rc == PC_OK)
            rc = pc_buf_printf(ins, "%s\"%s\"", n++ ? ", " : "", d->name);
    }
    if (rc == PC_OK && t->geom_type)
        rc = pc_buf_printf(ins, "%sgeom", n ? ", " : "");
    if (rc == PC_OK)
        rc = pc_buf_puts(sql, ")");
    if (rc == PC_OK)
        rc = pc_buf_puts(ins, ") VALUES (");
    for (int k = 0; rc == PC_OK && k < n + (t->geom_type != NULL); k++)
        rc = pc_buf_puts(ins, k ? ", ?" : "?");
    if (rc == PC_OK)
        rc = pc_buf_puts(ins, ")");
    if (rc != PC_OK)
        return PC_NOMEM(err);
    return PC_OK;
}

/* Registers t in gpkg_contents, then its geometry column (which must be
 * registered) and prepares the conversion of its geometries. */
static pc_status gpkg_register(spl *s, const table *t, const char *stamp,
                               pc_error *err)
{
    sqlite3_stmt *st = NULL;
    pc_status rc = PC_OK;

    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO gpkg_contents (table_name, "
                           "data_type, identifier, description, "
                           "last_change, srs_id) VALUES (?1, ?2, ?1, ?3, "
                           "?4, ?5)",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 2, t->geom_type ? "features" : "attributes", -1,
                          SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 3, t->title, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 4, stamp, -1, SQLITE_STATIC) != SQLITE_OK ||
        (t->geom_type ? sqlite3_bind_int(st, 5, 27700)
                      : sqlite3_bind_null(st, 5)) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_DONE) {
        rc = spl_fail(s, err, "gpkg_contents");
        goto cleanup;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (!t->geom_type)
        goto cleanup;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT gpkgAddGeometryColumn(?1, 'geom', ?2, "
                           "0, 0, 27700)",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 2, t->geom_type, -1, SQLITE_STATIC) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = spl_fail(s, err, "gpkgAddGeometryColumn");
        goto cleanup;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* the R-tree and its triggers before the rows, which the triggers
     * index as they are inserted */
    if (sqlite3_prepare_v2(s->db, "SELECT gpkgAddSpatialIndex(?1, 'geom')", -1,
                           &st, NULL) != SQLITE_OK ||
        sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = spl_fail(s, err, "gpkgAddSpatialIndex");
        goto cleanup;
    }
    rc = spl_prepare(
        s,
        t->geom_type[0] == 'P'
            ? "SELECT AsGPB(SetSRID(CastToPoint(GeomFromGeoJSON(?1)), "
              "27700))"
        : t->geom_type[0] == 'L'
            ? "SELECT AsGPB(SetSRID(CastToLinestring(GeomFromGeoJSON(?1)), "
              "27700))"
            : "SELECT AsGPB(SetSRID(CastToMultiPolygon(GeomFromGeoJSON("
              "?1)), 27700))",
        err);

cleanup:
    sqlite3_finalize(st);
    return rc;
}

/* Binds row r of t to st's parameters in column order, the geometry
 * (converted by s) last. */
static pc_status gpkg_bind_row(spl *s, sqlite3_stmt *st, const table *t,
                               size_t r, pc_error *err)
{
    int k = 1, b = SQLITE_OK;

    for (size_t c = 0; b == SQLITE_OK && c < t->ncols; c++) {
        const cell *cl = &t->cells[r * t->ncols + c];
        const coldef *d = &t->cols[c];

        if (d->type == T_GEOM)
            continue;
        if (cl->kind == C_STR)
            b = sqlite3_bind_text(st, k, cl->s, -1, SQLITE_STATIC);
        else if (cl->kind == C_BOOL)
            b = sqlite3_bind_int(st, k, cl->b);
        else if (cl->kind == C_NUM && d->type == T_INT)
            b = sqlite3_bind_int64(st, k, (sqlite3_int64)cl->v);
        else if (cl->kind == C_NUM)
            b = sqlite3_bind_double(st, k, cl->v);
        else
            b = sqlite3_bind_null(st, k);
        k++;
    }
    if (b == SQLITE_OK && t->geom_type) {
        const cell *g = &t->cells[r * t->ncols + rpt_ex_col(t, "geometry")];
        sqlite3_value *v;
        pc_status rc =
            spl_convert(s, t, r, g->kind == C_STR ? g->s : NULL, &v, err);

        if (rc != PC_OK)
            return rc;
        b = v ? sqlite3_bind_value(st, k, v) : sqlite3_bind_null(st, k);
    }
    return b == SQLITE_OK ? PC_OK : spl_fail(s, err, t->name);
}

/* Inserts every row of t with the statement ins. */
static pc_status gpkg_rows(spl *s, const table *t, const char *ins,
                           pc_error *err)
{
    sqlite3_stmt *st = NULL;
    pc_status rc = PC_OK;

    if (sqlite3_prepare_v2(s->db, ins, -1, &st, NULL) != SQLITE_OK)
        return spl_fail(s, err, "insert");
    for (size_t r = 0; rc == PC_OK && r < t->nrows; r++) {
        rc = gpkg_bind_row(s, st, t, r, err);
        if (rc == PC_OK && sqlite3_step(st) != SQLITE_DONE)
            rc = spl_fail(s, err, t->name);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The layer's extent, which QGIS and GDAL read from gpkg_contents. */
static pc_status gpkg_extent(spl *s, const table *t, pc_buf *sql, pc_error *err)
{
    pc_status rc;

    pc_buf_reset(sql);
    rc = pc_buf_printf(sql,
                       "UPDATE gpkg_contents SET min_x = (SELECT "
                       "min(MbrMinX(GeomFromGPB(geom))) FROM \"%s\"), "
                       "min_y = (SELECT min(MbrMinY(GeomFromGPB(geom))) "
                       "FROM \"%s\"), max_x = (SELECT "
                       "max(MbrMaxX(GeomFromGPB(geom))) FROM \"%s\"), "
                       "max_y = (SELECT max(MbrMaxY(GeomFromGPB(geom))) "
                       "FROM \"%s\") WHERE table_name = '%s'",
                       t->name, t->name, t->name, t->name, t->name);
    if (rc != PC_OK)
        return PC_NOMEM(err);
    return gpkg_exec(s, pc_buf_str(sql), err);
}

/* layer_styles as QGIS makes it (QgsOgrProviderUtils::saveStyle, through
 * OGR: an attribute table of the GeoPackage), dated like gpkg_contents
 * rather than by the clock. */
#define STYLES_SQL                                                         \
    "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT NOT " \
    "NULL, f_table_catalog TEXT(256), f_table_schema TEXT(256), "          \
    "f_table_name TEXT(256), f_geometry_column TEXT(256), styleName "      \
    "TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, "       \
    "description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME " \
    "DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"

/* One style per geometry layer of x, each the layer's default, so QGIS
 * applies it when the layer is loaded. */
static pc_status gpkg_styles(spl *s, const ex *x, const char *stamp,
                             pc_error *err)
{
    static const table styles_table = {.name = "layer_styles",
                                       .title = "QGIS styles of the layers"};
    sqlite3_stmt *st = NULL;
    pc_buf qml = PC_BUF_INIT(1 << 20);
    pc_status rc = gpkg_exec(s, STYLES_SQL, err);

    if (rc == PC_OK)
        rc = gpkg_register(s, &styles_table, stamp, err);
    if (rc == PC_OK &&
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO layer_styles (f_table_catalog, "
                           "f_table_schema, f_table_name, f_geometry_column, "
                           "styleName, styleQML, styleSLD, useAsDefault, "
                           "description, owner, ui, update_time) VALUES ('', "
                           "'', ?1, 'geom', ?1, ?2, '', 1, ?3, '', NULL, ?4)",
                           -1, &st, NULL) != SQLITE_OK)
        rc = spl_fail(s, err, "layer_styles");
    for (size_t i = 0; rc == PC_OK && i < NTABLES; i++) {
        const table *t = &x->t[i];

        if (!t->geom_type)
            continue;
        pc_buf_reset(&qml);
        rc = rpt_ex_qml(t, &qml, err);
        if (rc != PC_OK)
            break;
        if (sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC) != SQLITE_OK ||
            sqlite3_bind_text(st, 2, pc_buf_str(&qml), -1, SQLITE_STATIC) !=
                SQLITE_OK ||
            sqlite3_bind_text(st, 3, "pcplan's style", -1, SQLITE_STATIC) !=
                SQLITE_OK ||
            sqlite3_bind_text(st, 4, stamp, -1, SQLITE_STATIC) != SQLITE_OK ||
            sqlite3_step(st) != SQLITE_DONE)
            rc = spl_fail(s, err, "layer_styles");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    pc_buf_free(&qml);
    return rc;
}

/* Creates t's table, registers it and fills it. */
static pc_status gpkg_table(spl *s, const table *t, const char *stamp,
                            pc_error *err)
{
    pc_buf sql = PC_BUF_INIT(1 << 16), ins = PC_BUF_INIT(1 << 16);
    pc_status rc;

    rc = gpkg_sql(t, &sql, &ins, err);
    if (rc == PC_OK)
        rc = gpkg_exec(s, pc_buf_str(&sql), err);
    if (rc == PC_OK)
        rc = gpkg_register(s, t, stamp, err);
    if (rc == PC_OK)
        rc = gpkg_rows(s, t, pc_buf_str(&ins), err);
    if (rc == PC_OK && t->geom_type && t->nrows)
        rc = gpkg_extent(s, t, &sql, err);
    pc_buf_free(&sql);
    pc_buf_free(&ins);
    return rc;
}

pc_status rpt_ex_gpkg(const ex *x, outset *o, pc_error *err)
{
    char *path = NULL, stamp[40], pragma[96];
    pc_status rc;
    spl s;

    rc = rpt_ex_out_add(o, GPKG_NAME, &path, err);
    if (rc != PC_OK)
        return rc;
    rc = spl_open(&s, path, err);
    if (rc != PC_OK) {
        free(path);
        return pc_error_wrap(err, "writing %s", GPKG_NAME);
    }
    /* every row of gpkg_contents dated by the dataset, not the clock */
    snprintf(stamp, sizeof stamp, "%sT00:00:00.000Z", x->as_of);
    rc = gpkg_exec(&s, "BEGIN", err);
    if (rc == PC_OK)
        rc = gpkg_exec(&s, "SELECT gpkgCreateBaseTables()", err);
    if (rc == PC_OK)
        rc = gpkg_exec(&s, "SELECT gpkgInsertEpsgSRID(27700)", err);
    for (size_t i = 0; rc == PC_OK && i < NTABLES; i++)
        rc = gpkg_table(&s, &x->t[i], stamp, err);
    if (rc == PC_OK)
        rc = gpkg_styles(&s, x, stamp, err);
    /* gpkgCreateBaseTables() writes GeoPackage 1.0's "GP10"; 1.2 wants
     * "GPKG" and the version in user_version */
    if (rc == PC_OK) {
        snprintf(pragma, sizeof pragma,
                 "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 GPKG_APP_ID, GPKG_VERSION);
        rc = gpkg_exec(&s, pragma, err);
    }
    if (rc == PC_OK)
        rc = gpkg_exec(&s, "COMMIT", err);
    if (rc != PC_OK)
        pc_error_wrap(err, "writing %s", GPKG_NAME);
    spl_close(&s);
    free(path);
    return rc;
}
