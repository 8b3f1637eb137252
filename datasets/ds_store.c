/* ds_store.c: the SpatiaLite store (see ds_store.h).
 *
 * Migrations are an array of SQL scripts; migrations[i] takes a store from
 * version i to i+1. Version 1 creates the SpatiaLite metadata (with only
 * the two reference systems we use, EPSG:27700 and EPSG:4326) and every
 * table. The migrations are fixed history and stay literal SQL; the
 * dataset's plain entities are inserted through their column tables
 * (ds_columns.h), which must agree with the schema the migrations build
 * (tests/test_store_load.c checks that they do). Values are always bound,
 * never formatted into SQL. */
#include "ds_columns.h"
#include "ds_store_int.h"
#include "pc_arena.h"
#include "pc_error.h"

#include <spatialite.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Migration 0 -> 1: the SpatiaLite metadata and every table. */
static const char *const migration_1[] = {
    "SELECT InitSpatialMetadata(0, 'NONE')",
    "SELECT InsertEpsgSrid(27700)",
    "SELECT InsertEpsgSrid(4326)",
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    "INSERT INTO schema_version VALUES (0)",
    "CREATE TABLE dataset (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE attribution (seq INTEGER PRIMARY KEY, text TEXT NOT "
    "NULL)",
    "CREATE TABLE system (code TEXT PRIMARY KEY, name TEXT NOT NULL)",
    "SELECT AddGeometryColumn('system', 'geom', 27700, 'MULTIPOLYGON', "
    "'XY')",
    "CREATE TABLE places (place_id INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL UNIQUE)",
    "SELECT AddGeometryColumn('places', 'geom', 27700, 'MULTIPOLYGON', "
    "'XY')",
    "SELECT CreateSpatialIndex('places', 'geom')",
    "CREATE TABLE lads (lad_code TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "place_id INTEGER NOT NULL REFERENCES places)",
    "SELECT AddGeometryColumn('lads', 'geom', 27700, 'MULTIPOLYGON', "
    "'XY')",
    "SELECT CreateSpatialIndex('lads', 'geom')",
    "CREATE TABLE pcns (pcn_code TEXT PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE practices (practice_code TEXT PRIMARY KEY, name TEXT "
    "NOT NULL, postcode TEXT, pcn_code TEXT REFERENCES pcns, lad_code "
    "TEXT NOT NULL REFERENCES lads)",
    "SELECT AddGeometryColumn('practices', 'geom', 27700, 'POINT', "
    "'XY')",
    "SELECT CreateSpatialIndex('practices', 'geom')",
    "CREATE TABLE list_sizes ( practice_code TEXT NOT NULL REFERENCES "
    "practices, list_date TEXT NOT NULL, patients INTEGER NOT NULL "
    "CHECK (patients >= 0), PRIMARY KEY (practice_code, list_date))",
    "CREATE TABLE premises (premises_id TEXT PRIMARY KEY, name TEXT NOT "
    "NULL, postcode TEXT, site_type TEXT NOT NULL, tenure TEXT NOT "
    "NULL, gia_m2 REAL, condition TEXT, rooms_consult INTEGER NOT NULL, "
    "rooms_treatment INTEGER NOT NULL, rooms_other INTEGER NOT NULL, "
    "backlog_gbp REAL, void_m2 REAL, lad_code TEXT NOT NULL REFERENCES "
    "lads, illustrative TEXT)",
    "SELECT AddGeometryColumn('premises', 'geom', 27700, 'POINT', 'XY')",
    "SELECT CreateSpatialIndex('premises', 'geom')",
    "CREATE TABLE premises_practices ( premises_id TEXT NOT NULL "
    "REFERENCES premises, practice_code TEXT NOT NULL REFERENCES "
    "practices, seq INTEGER NOT NULL, PRIMARY KEY (premises_id, "
    "practice_code))",
    "CREATE TABLE sites (site_id TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "lad_code TEXT NOT NULL REFERENCES lads, dwellings INTEGER NOT NULL "
    "CHECK (dwellings >= 0), planning_status TEXT, s106_position TEXT "
    "NOT NULL, s106_note TEXT, cil_liable INTEGER, setting TEXT NOT "
    "NULL, area_ha REAL NOT NULL, geom_approx INTEGER NOT NULL, "
    "illustrative TEXT)",
    "SELECT AddGeometryColumn('sites', 'geom', 27700, 'MULTIPOLYGON', "
    "'XY')",
    "SELECT CreateSpatialIndex('sites', 'geom')",
    "CREATE TABLE site_trajectory ( site_id TEXT NOT NULL REFERENCES "
    "sites, year INTEGER NOT NULL, dwellings INTEGER NOT NULL CHECK "
    "(dwellings >= 0), PRIMARY KEY (site_id, year))",
    "CREATE TABLE site_mix (site_id TEXT NOT NULL REFERENCES sites, "
    "bedrooms INTEGER NOT NULL, percent REAL NOT NULL, PRIMARY KEY "
    "(site_id, bedrooms))",
    "CREATE TABLE schemes (scheme_id TEXT PRIMARY KEY, name TEXT NOT "
    "NULL, place_id INTEGER NOT NULL REFERENCES places, premises_id "
    "TEXT REFERENCES premises, site_id TEXT REFERENCES sites, kind TEXT "
    "NOT NULL, status TEXT NOT NULL, rooms_consult INTEGER NOT NULL, "
    "rooms_treatment INTEGER NOT NULL, rooms_other INTEGER NOT NULL, "
    "m2_added REAL, cost_gbp REAL NOT NULL, earliest_start INTEGER, "
    "duration_years INTEGER NOT NULL, completion_year INTEGER, rent_gbp "
    "REAL, funding TEXT, option_group TEXT, illustrative TEXT)",
    "CREATE TABLE scheme_spend (scheme_id TEXT NOT NULL REFERENCES "
    "schemes, year_offset INTEGER NOT NULL, share REAL NOT NULL, "
    "PRIMARY KEY (scheme_id, year_offset))",
    "CREATE TABLE scheme_dependencies ( scheme_id TEXT NOT NULL "
    "REFERENCES schemes, requires TEXT NOT NULL REFERENCES schemes, "
    "PRIMARY KEY (scheme_id, requires))",
    "CREATE TABLE contributions (contribution_id TEXT PRIMARY KEY, "
    "site_id TEXT NOT NULL REFERENCES sites, kind TEXT NOT NULL, status "
    "TEXT NOT NULL, amount_gbp REAL NOT NULL, base_date TEXT, land "
    "INTEGER NOT NULL, land_ha REAL, purpose TEXT, triggers TEXT, "
    "spend_by_years INTEGER, received_gbp REAL, received_date TEXT, "
    "spent_gbp REAL, illustrative TEXT)",
    "CREATE TABLE assumptions (assumption_id TEXT PRIMARY KEY, value "
    "REAL NOT NULL, unit TEXT NOT NULL, source TEXT NOT NULL, note "
    "TEXT)",
    "CREATE TABLE presets (preset TEXT NOT NULL, assumption_id TEXT NOT "
    "NULL REFERENCES assumptions, value REAL NOT NULL, PRIMARY KEY "
    "(preset, assumption_id))",
    "CREATE TABLE lad_projections (lad_code TEXT NOT NULL REFERENCES "
    "lads, year INTEGER NOT NULL, population REAL NOT NULL, PRIMARY KEY "
    "(lad_code, year))",
    "CREATE TABLE lsoas (lsoa_code TEXT PRIMARY KEY, lad_code TEXT NOT "
    "NULL REFERENCES lads, imd_score REAL NOT NULL, population INTEGER "
    "NOT NULL)",
    NULL,
};

/* Migration 1 -> 2: practice catchments and the spatial model's results
 * (site overlay shares, approximate PCN areas, allocations by method, and
 * the assumption values they were computed with). */
static const char *const migration_2[] = {
    "CREATE TABLE catchments (practice_code TEXT PRIMARY KEY REFERENCES "
    "practices, illustrative TEXT)",
    "SELECT AddGeometryColumn('catchments', 'geom', 27700, 'MULTIPOLYGON', "
    "'XY')",
    "SELECT CreateSpatialIndex('catchments', 'geom')",
    "CREATE TABLE pcn_areas (area_id INTEGER PRIMARY KEY, pcn_code TEXT "
    "REFERENCES pcns, place_id INTEGER NOT NULL REFERENCES places, "
    "approximate INTEGER NOT NULL, basis TEXT NOT NULL)",
    "SELECT AddGeometryColumn('pcn_areas', 'geom', 27700, 'MULTIPOLYGON', "
    "'XY')",
    "SELECT CreateSpatialIndex('pcn_areas', 'geom')",
    "CREATE TABLE site_lads (site_id TEXT NOT NULL REFERENCES sites, "
    "lad_code TEXT NOT NULL REFERENCES lads, share REAL NOT NULL CHECK "
    "(share > 0 AND share <= 1), area_m2 REAL NOT NULL, PRIMARY KEY "
    "(site_id, lad_code))",
    "CREATE TABLE site_pcns (site_id TEXT NOT NULL REFERENCES sites, "
    "area_id INTEGER NOT NULL REFERENCES pcn_areas, share REAL NOT NULL "
    "CHECK (share > 0 AND share <= 1), area_m2 REAL NOT NULL, PRIMARY KEY "
    "(site_id, area_id))",
    "CREATE TABLE site_allocations (site_id TEXT NOT NULL REFERENCES "
    "sites, method TEXT NOT NULL, practice_code TEXT NOT NULL REFERENCES "
    "practices, premises_id TEXT REFERENCES premises, distance_m REAL NOT "
    "NULL, share REAL NOT NULL CHECK (share >= 0 AND share <= 1), PRIMARY "
    "KEY (site_id, method, practice_code))",
    "CREATE TABLE site_methods (site_id TEXT NOT NULL REFERENCES sites, "
    "method TEXT NOT NULL, fallback INTEGER NOT NULL, note TEXT, PRIMARY "
    "KEY (site_id, method))",
    "CREATE TABLE spatial_params (assumption_id TEXT PRIMARY KEY, value "
    "REAL NOT NULL)",
    NULL,
};

/* Migration 2 -> 3: projection runs, kept across dataset imports so that
 * a run on old data can be compared with one on new data. run_id is the
 * start of input_hash: the same inputs make the same run. */
static const char *const migration_3[] = {
    "CREATE TABLE runs (run_id TEXT PRIMARY KEY, seq INTEGER NOT NULL "
    "UNIQUE, input_hash TEXT NOT NULL, dataset TEXT NOT NULL, scenario "
    "TEXT, preset TEXT, method TEXT NOT NULL, growth TEXT NOT NULL, "
    "allocation TEXT NOT NULL, base_year INTEGER NOT NULL, years INTEGER "
    "NOT NULL, draws INTEGER NOT NULL, result TEXT NOT NULL)",
    NULL,
};

/* Migration 3 -> 4: the construction cost index series (optional dataset
 * file cost_index), one row per date. A store migrated from 3 has none
 * until the dataset is imported again. */
static const char *const migration_4[] = {
    "CREATE TABLE cost_index (date TEXT PRIMARY KEY, value REAL NOT NULL, "
    "source TEXT, illustrative TEXT)",
    NULL,
};

/* Migration 4 -> 5: capital funds other than contributions (optional
 * dataset file funds), one row per fund and year; seq keeps the file's
 * order. A store migrated from 4 has none until the dataset is imported
 * again. */
static const char *const migration_5[] = {
    "CREATE TABLE funds (seq INTEGER PRIMARY KEY, fund_id TEXT NOT NULL, "
    "kind TEXT NOT NULL, year INTEGER NOT NULL, amount_gbp REAL NOT NULL "
    "CHECK (amount_gbp >= 0), scheme_id TEXT REFERENCES schemes, place_id "
    "INTEGER REFERENCES places, spend_by_year INTEGER, source TEXT, "
    "illustrative TEXT, UNIQUE (fund_id, year))",
    NULL,
};

/* Migration 5 -> 6: scenarios saved by name (the server's writes), as
 * their canonical JSON. */
static const char *const migration_6[] = {
    "CREATE TABLE scenarios (name TEXT PRIMARY KEY, scenario TEXT NOT NULL)",
    NULL,
};

/* Migration 6 -> 7: contributions imported from the national
 * developer-contributions data (the contributions import), keyed by the
 * publishing organisation and the contribution's reference (references
 * repeat across councils). Kept across dataset imports, like runs: they
 * come from outside the dataset. to_complete lists the contributions.csv
 * fields the data lacks. WITHOUT ROWID: a row is its key, so importing the
 * same files again rewrites nothing. */
static const char *const migration_7[] = {
    "CREATE TABLE contribution_imports (organisation TEXT NOT NULL, "
    "reference TEXT NOT NULL, contribution_id TEXT NOT NULL UNIQUE, "
    "agreement TEXT NOT NULL, agreement_type TEXT NOT NULL, agreement_date "
    "TEXT, kind TEXT NOT NULL, status TEXT NOT NULL, contribution_purpose "
    "TEXT NOT NULL, amount_gbp REAL NOT NULL CHECK (amount_gbp >= 0), "
    "received_gbp REAL, received_date TEXT, allocated_gbp REAL, spent_gbp "
    "REAL, lad_code TEXT, to_complete TEXT NOT NULL, PRIMARY KEY "
    "(organisation, reference)) WITHOUT ROWID",
    NULL,
};

/* Migration 7 -> 8: a run's label (the user's name for it, not one of its
 * inputs) and when it was first stored (UTC, ISO 8601). Runs stored
 * before have neither. */
static const char *const migration_8[] = {
    "ALTER TABLE runs ADD COLUMN label TEXT",
    "ALTER TABLE runs ADD COLUMN created TEXT",
    NULL,
};

/* Migration 8 -> 9: postcode centroids (the dataset's optional
 * postcodes.csv), for a site given by its postcode. postcode is the
 * normalised form: upper case, one space before the inward code. */
static const char *const migration_9[] = {
    "CREATE TABLE postcodes (postcode TEXT PRIMARY KEY, e REAL NOT NULL, "
    "n REAL NOT NULL) WITHOUT ROWID",
    NULL,
};

/* Migration 9 -> 10: programmes (prioritise results) stored like runs:
 * keyed by the hash of their inputs (the run, the budget and the solver
 * settings), with the user's label and when first stored; result is the
 * programme's canonical JSON. Kept across dataset imports. */
static const char *const migration_10[] = {
    "CREATE TABLE programmes (programme_id TEXT PRIMARY KEY, seq INTEGER "
    "NOT NULL UNIQUE, input_hash TEXT NOT NULL, run_id TEXT NOT NULL, "
    "label TEXT, created TEXT, solver TEXT NOT NULL, status TEXT NOT NULL, "
    "budget_factor REAL NOT NULL, result TEXT NOT NULL)",
    NULL,
};

/* migrations[i] takes a store from version i to i + 1. */
static const char *const *const migrations[] = {
    migration_1, migration_2, migration_3, migration_4, migration_5,
    migration_6, migration_7, migration_8, migration_9, migration_10};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* Dataset tables, children first: the order in which to empty them. */
static const char *const dataset_tables[] = {
    "postcodes",     "spatial_params",
    "site_methods",  "site_allocations",
    "site_pcns",     "site_lads",
    "pcn_areas",     "catchments",
    "funds",         "cost_index",
    "lsoas",         "lad_projections",
    "presets",       "assumptions",
    "contributions", "scheme_dependencies",
    "scheme_spend",  "schemes",
    "site_mix",      "site_trajectory",
    "sites",         "premises_practices",
    "premises",      "list_sizes",
    "practices",     "pcns",
    "lads",          "places",
    "system",        "attribution",
    "dataset",
};

/* The tables whose geometry column has a SpatiaLite R-tree (see
 * schema_sql). */
static const char *const indexed_tables[] = {
    "places", "lads",       "practices", "premises",
    "sites",  "catchments", "pcn_areas",
};

static pc_status exec(ds_store *st, const char *sql, pc_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        PC_FAIL(err, PC_ERR_DB, "%s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return PC_ERR_DB;
    }
    return PC_OK;
}

/* Reads schema_version; 0 for a store without one (new file). */
static pc_status read_version(ds_store *st, int *out, pc_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT 1 FROM sqlite_master WHERE type = "
                                "'table' AND name = 'schema_version'",
                                -1, &q, NULL);

    if (rc == SQLITE_NOTADB)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "not a planning store (the file is not an SQLite "
                       "database; expected a store made by init)");
    if (rc != SQLITE_OK)
        return DB_FAIL(st, err, "reading schema");
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE) {
        *out = 0;
        return PC_OK;
    }
    if (rc != SQLITE_ROW)
        return DB_FAIL(st, err, "reading schema");
    if (sqlite3_prepare_v2(st->db, "SELECT version FROM schema_version", -1, &q,
                           NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "reading schema_version");
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return PC_FAIL(err, PC_ERR_DB, "schema_version is empty");
    }
    *out = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return PC_OK;
}

/* A store opened read only cannot be migrated: it must be at our
 * version already. */
static pc_status ro_version(ds_store *st, pc_error *err)
{
    int v = 0;

    if (read_version(st, &v, err) != PC_OK)
        return err->code;
    if (v == 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "not a planning store (no schema_version; expected a "
                       "store made by init)");
    if (v != NMIGRATIONS)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "store schema version %d, expected %d (open the "
                       "store for writing once to migrate it)",
                       v, NMIGRATIONS);
    st->version = v;
    return PC_OK;
}

static pc_status migrate(ds_store *st, int create, pc_error *err)
{
    int v = 0;

    if (read_version(st, &v, err) != PC_OK)
        return err->code;
    /* only a store being made may start empty: any other command that
     * found an empty file would turn it into a store */
    if (v == 0 && !create)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "not a planning store (no schema_version; expected a "
                       "store made by init)");
    if (v > NMIGRATIONS)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "store schema version %d is newer than this program "
                       "supports (%d)",
                       v, NMIGRATIONS);
    if (v == 0) {
        /* a non-empty database that is not one of our stores is refused */
        sqlite3_stmt *q = NULL;
        int n = 0;

        if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1,
                               &q, NULL) != SQLITE_OK)
            return DB_FAIL(st, err, "reading schema");
        if (sqlite3_step(q) == SQLITE_ROW)
            n = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
        if (n > 0)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "the database is not a planning store (it has "
                           "tables but no schema_version; expected an empty "
                           "database or a store)");
    }
    for (; v < NMIGRATIONS; v++) {
        char bump[64];

        if (exec(st, "BEGIN IMMEDIATE", err) != PC_OK)
            return pc_error_wrap(err, "migrating to schema %d", v + 1);
        snprintf(bump, sizeof bump, "UPDATE schema_version SET version = %d",
                 v + 1);
        pc_status rc = PC_OK;

        for (const char *const *q = migrations[v]; *q && rc == PC_OK; q++)
            rc = exec(st, *q, err);
        if (rc != PC_OK || exec(st, bump, err) != PC_OK ||
            exec(st, "COMMIT", err) != PC_OK) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return pc_error_wrap(err, "migrating to schema %d", v + 1);
        }
    }
    st->version = v;
    return PC_OK;
}

pc_status ds_store_open(const char *path, ds_open_mode mode, ds_store **out,
                        pc_error *err)
{
    ds_store *st;
    struct stat sb;
    int flags =
        mode == DS_OPEN_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

    if (stat(path, &sb) != 0) {
        if (mode != DS_OPEN_CREATE)
            return PC_FAIL(err, PC_ERR_NOTFOUND,
                           "no store at %s (expected an existing store; "
                           "importing a dataset creates one)",
                           path);
        flags |= SQLITE_OPEN_CREATE;
    } else if (!S_ISREG(sb.st_mode))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: not a planning store (not a regular file; expected "
                       "a store made by init)",
                       path);
    st = calloc(1, sizeof *st);
    if (!st)
        return PC_NOMEM(err);
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        /* a path that cannot be opened (no permission, a folder in the
         * way) is the user's to fix, not a database failure */
        PC_FAIL(
            err,
            st->db && sqlite3_errcode(st->db) == SQLITE_CANTOPEN ? PC_ERR_INPUT
                                                                 : PC_ERR_DB,
            "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open");
        goto fail;
    }
    st->splite = spatialite_alloc_connection();
    spatialite_init_ex(st->db, st->splite, 0);
    sqlite3_busy_timeout(st->db, 5000);
    if (exec(st, "PRAGMA foreign_keys = ON", err) != PC_OK)
        goto fail_wrap;
    if (mode == DS_OPEN_READONLY ? ro_version(st, err)
                                 : migrate(st, mode == DS_OPEN_CREATE, err))
        goto fail_wrap;
    *out = st;
    return PC_OK;

fail_wrap:
    pc_error_wrap(err, "%s", path);
fail:
    ds_store_close(st);
    return err->code;
}

void ds_store_close(ds_store *st)
{
    if (!st)
        return;
    sqlite3_close(st->db);
    if (st->splite)
        spatialite_cleanup_ex(st->splite);
    free(st);
}

int ds_store_schema_version(const ds_store *st)
{
    return st->version;
}

/* --- import ----------------------------------------------------------- */

static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC)
             : sqlite3_bind_null(s, i);
}

static int bind_num(sqlite3_stmt *s, int i, double v)
{
    return isnan(v) ? sqlite3_bind_null(s, i) : sqlite3_bind_double(s, i, v);
}

/* Binds an integer, or NULL when v equals `none`. */
static int bind_int(sqlite3_stmt *s, int i, long v, long none)
{
    return v == none ? sqlite3_bind_null(s, i) : sqlite3_bind_int64(s, i, v);
}

static int bind_wkb(sqlite3_stmt *s, int i, const geo_wkb *w)
{
    return sqlite3_bind_blob(s, i, w->data, (int)w->len, SQLITE_STATIC);
}

/* Steps and resets a bound insert. */
static pc_status run(ds_store *st, sqlite3_stmt *s, int bind_rc,
                     const char *what, const char *id, pc_error *err)
{
    int rc = bind_rc == SQLITE_OK ? sqlite3_step(s) : bind_rc;

    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE)
        return PC_FAIL(err, PC_ERR_DB, "inserting %s \"%s\": %s", what,
                       id ? id : "", sqlite3_errmsg(st->db));
    return PC_OK;
}

typedef struct stmts {
    sqlite3_stmt *s[40];
    int n;
} stmts;

static pc_status prep(ds_store *st, stmts *ss, const char *sql,
                      sqlite3_stmt **out, pc_error *err)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "preparing insert");
    ss->s[ss->n++] = *out;
    return PC_OK;
}

/* Binds a NOT NULL integer, or a nullable one (NULL for its `none`). */
static int bind_long(sqlite3_stmt *s, int i, const ds_column *c, long v)
{
    return c->nullable ? bind_int(s, i, v, c->none)
                       : sqlite3_bind_int64(s, i, v);
}

/* Binds row `row` (the i-th ds_* struct of its array) to s, column by
 * column in the table's order; returns the OR of the bind codes. */
static int bind_row(sqlite3_stmt *s, const ds_table *t, const void *row,
                    size_t i)
{
    const char *base = row;
    int rc = SQLITE_OK, k = 1;

    for (size_t c = 0; c < t->ncols; c++) {
        const ds_column *col = &t->cols[c];
        const void *f = base + col->off;

        switch (col->ctype) {
        case DS_COL_TEXT:
            rc |= bind_text(s, k++, *(const char *const *)f);
            break;
        case DS_COL_REAL: rc |= bind_num(s, k++, *(const double *)f); break;
        case DS_COL_INT: rc |= bind_long(s, k++, col, *(const int *)f); break;
        case DS_COL_LONG: rc |= bind_long(s, k++, col, *(const long *)f); break;
        case DS_COL_POINT:
            rc |= sqlite3_bind_double(s, k++, *(const double *)f);
            rc |= sqlite3_bind_double(
                s, k++, *(const double *)(const void *)(base + col->off2));
            break;
        case DS_COL_WKB: rc |= bind_wkb(s, k++, f); break;
        case DS_COL_FIRST: {
            const char *const *v = *(const char *const *const *)f;

            rc |= bind_text(s, k++, v ? v[0] : NULL);
            break;
        }
        case DS_COL_SEQ:
            rc |= sqlite3_bind_int64(s, k++, (sqlite3_int64)i + 1);
            break;
        }
    }
    return rc;
}

/* Prepares the insert of entity e (enum ds_entity) from its columns. */
static pc_status prep_entity(ds_store *st, stmts *ss, int e, sqlite3_stmt **out,
                             pc_error *err)
{
    char sql[2048];

    if (!ds_table_insert_sql(&ds_tables[e], sql, sizeof sql))
        return PC_FAIL(err, PC_ERR_INTERNAL, "insert into %s: too long",
                       ds_tables[e].name);
    return prep(st, ss, sql, out, err);
}

/* Inserts the i-th row of entity e through s (from prep_entity). */
static pc_status insert_row(ds_store *st, sqlite3_stmt *s, int e,
                            const void *row, size_t i, pc_error *err)
{
    const ds_table *t = &ds_tables[e];
    const char *id =
        *(const char *const *)(const void *)((const char *)row +
                                             t->cols[t->id_col].off);

    return run(st, s, bind_row(s, t, row, i), t->what, id, err);
}

/* Inserts n rows of entity e, each a ds_* struct of size bytes. */
static pc_status insert_rows(ds_store *st, stmts *ss, int e, const void *rows,
                             size_t n, size_t size, pc_error *err)
{
    sqlite3_stmt *s;

    if (prep_entity(st, ss, e, &s, err) != PC_OK)
        return err->code;
    for (size_t i = 0; i < n; i++)
        if (insert_row(st, s, e, (const char *)rows + i * size, i, err) !=
            PC_OK)
            return err->code;
    return PC_OK;
}

#define INSERT_ALL(st, ss, e, arr, n, err) \
    insert_rows((st), (ss), (e), (arr), (n), sizeof *(arr), (err))

/* The dataset's header, attribution, system boundary and places stay hand
 * code: they are key/value rows, a bare list, a single row of the dataset
 * itself and an array whose id is its position, not ds_* entities. */
static pc_status import_areas(ds_store *st, stmts *ss, const ds_dataset *ds,
                              pc_error *err)
{
    sqlite3_stmt *kv, *at, *sys, *pl;

    if (prep(st, ss, "INSERT INTO dataset VALUES (?, ?)", &kv, err) ||
        prep(st, ss, "INSERT INTO attribution VALUES (?, ?)", &at, err) ||
        prep(st, ss,
             "INSERT INTO system (code, name, geom) VALUES (?, ?, "
             "GeomFromWKB(?, 27700))",
             &sys, err) ||
        prep(st, ss,
             "INSERT INTO places (place_id, name, geom) VALUES (?, ?, "
             "GeomFromWKB(?, 27700))",
             &pl, err))
        return err->code;
    {
        char year[16];
        const char *keys[] = {"name",       "title",         "base_year",
                              "source_dir", "growth_method", "capacity_method"};
        const char *vals[] = {ds->name, ds->title,         year,
                              ds->dir,  ds->growth_method, ds->capacity_method};

        snprintf(year, sizeof year, "%d", ds->base_year);
        for (int i = 0; i < 6; i++)
            if (vals[i] &&
                run(st, kv,
                    bind_text(kv, 1, keys[i]) | bind_text(kv, 2, vals[i]),
                    "dataset key", keys[i], err) != PC_OK)
                return err->code;
    }
    for (size_t i = 0; i < ds->nattribution; i++)
        if (run(st, at,
                sqlite3_bind_int64(at, 1, (long)i + 1) |
                    bind_text(at, 2, ds->attribution[i]),
                "attribution", "", err) != PC_OK)
            return err->code;
    if (ds->system_code && run(st, sys,
                               bind_text(sys, 1, ds->system_code) |
                                   bind_text(sys, 2, ds->system_name) |
                                   bind_wkb(sys, 3, &ds->system_geom),
                               "system", ds->system_code, err) != PC_OK)
        return err->code;
    for (size_t i = 0; i < ds->nplaces; i++)
        if (run(st, pl,
                sqlite3_bind_int64(pl, 1, (long)i + 1) |
                    bind_text(pl, 2, ds->places[i].name) |
                    bind_wkb(pl, 3, &ds->places[i].geom),
                "place", ds->places[i].name, err) != PC_OK)
            return err->code;
    if (INSERT_ALL(st, ss, DS_E_LADS, ds->lads, ds->nlads, err) != PC_OK ||
        INSERT_ALL(st, ss, DS_E_PCNS, ds->pcns, ds->npcns, err) != PC_OK)
        return err->code;
    return PC_OK;
}

static pc_status import_practices(ds_store *st, stmts *ss, const ds_dataset *ds,
                                  pc_error *err)
{
    sqlite3_stmt *pm, *pp;

    if (INSERT_ALL(st, ss, DS_E_PRACTICES, ds->practices, ds->npractices,
                   err) != PC_OK ||
        INSERT_ALL(st, ss, DS_E_LIST_SIZES, ds->list_sizes, ds->nlist_sizes,
                   err) != PC_OK)
        return err->code;
    if (prep_entity(st, ss, DS_E_PREMISES, &pm, err) ||
        prep(st, ss, "INSERT INTO premises_practices VALUES (?, ?, ?)", &pp,
             err))
        return err->code;
    for (size_t i = 0; i < ds->npremises; i++) {
        const ds_premises *p = &ds->premises[i];

        if (insert_row(st, pm, DS_E_PREMISES, p, i, err) != PC_OK)
            return err->code;
        for (size_t k = 0; k < p->npractices; k++)
            if (run(st, pp,
                    bind_text(pp, 1, p->id) |
                        bind_text(pp, 2, p->practices[k]) |
                        sqlite3_bind_int64(pp, 3, (long)k),
                    "premises practice", p->practices[k], err) != PC_OK)
                return err->code;
    }
    return PC_OK;
}

static pc_status import_sites(ds_store *st, stmts *ss, const ds_dataset *ds,
                              pc_error *err)
{
    sqlite3_stmt *si, *tr, *mx;

    if (prep_entity(st, ss, DS_E_SITES, &si, err) ||
        prep(st, ss, "INSERT INTO site_trajectory VALUES (?, ?, ?)", &tr,
             err) ||
        prep(st, ss, "INSERT INTO site_mix VALUES (?, ?, ?)", &mx, err))
        return err->code;
    for (size_t i = 0; i < ds->nsites; i++) {
        const ds_site *s = &ds->sites[i];

        if (insert_row(st, si, DS_E_SITES, s, i, err) != PC_OK)
            return err->code;
        for (size_t k = 0; k < s->ntraj; k++)
            if (run(st, tr,
                    bind_text(tr, 1, s->id) |
                        sqlite3_bind_int64(tr, 2, s->traj_start + (long)k) |
                        sqlite3_bind_int64(tr, 3, s->traj[k]),
                    "trajectory of site", s->id, err) != PC_OK)
                return err->code;
        for (int b = 1; b <= 5; b++)
            if (!isnan(s->mix[b]) &&
                run(st, mx,
                    bind_text(mx, 1, s->id) | sqlite3_bind_int(mx, 2, b) |
                        sqlite3_bind_double(mx, 3, s->mix[b]),
                    "mix of site", s->id, err) != PC_OK)
                return err->code;
    }
    if (ds->ncatchments == 0)
        return PC_OK;
    return INSERT_ALL(st, ss, DS_E_CATCHMENTS, ds->catchments, ds->ncatchments,
                      err);
}

static pc_status import_spatial(ds_store *st, stmts *ss, const ds_spatial *sp,
                                pc_error *err)
{
    sqlite3_stmt *pa, *spc, *pp;

    if (prep(st, ss,
             "INSERT INTO pcn_areas VALUES (?, ?, (SELECT place_id FROM "
             "places WHERE name = ?), 1, 'voronoi of premises', "
             "GeomFromWKB(?, 27700))",
             &pa, err) ||
        prep(st, ss, "INSERT INTO site_pcns VALUES (?, ?, ?, ?)", &spc, err) ||
        prep(st, ss, "INSERT INTO spatial_params VALUES (?, ?)", &pp, err))
        return err->code;
    for (size_t i = 0; i < sp->npcn_areas; i++) {
        const ds_pcn_area *a = &sp->pcn_areas[i];

        if (run(st, pa,
                sqlite3_bind_int64(pa, 1, (long)i + 1) |
                    bind_text(pa, 2, a->pcn_code) | bind_text(pa, 3, a->place) |
                    bind_wkb(pa, 4, &a->geom),
                "PCN area", a->pcn_code, err) != PC_OK)
            return err->code;
    }
    if (INSERT_ALL(st, ss, DS_E_SITE_LADS, sp->lad_shares, sp->nlad_shares,
                   err) != PC_OK)
        return err->code;
    for (size_t i = 0; i < sp->npcn_shares; i++) {
        const ds_site_share *x = &sp->pcn_shares[i];

        if (run(st, spc,
                bind_text(spc, 1, x->site_id) |
                    sqlite3_bind_int64(spc, 2, (long)x->area + 1) |
                    sqlite3_bind_double(spc, 3, x->share) |
                    sqlite3_bind_double(spc, 4, x->area_m2),
                "PCN share of site", x->site_id, err) != PC_OK)
            return err->code;
    }
    if (INSERT_ALL(st, ss, DS_E_SITE_ALLOCS, sp->allocs, sp->nallocs, err) !=
            PC_OK ||
        INSERT_ALL(st, ss, DS_E_SITE_METHODS, sp->methods, sp->nmethods, err) !=
            PC_OK)
        return err->code;
    for (size_t i = 0; i < sp->nparams; i++)
        if (run(st, pp,
                bind_text(pp, 1, sp->param_ids[i]) |
                    sqlite3_bind_double(pp, 2, sp->param_values[i]),
                "spatial parameter", sp->param_ids[i], err) != PC_OK)
            return err->code;
    return PC_OK;
}

void ds_spatial_free(ds_spatial *sp)
{
    if (!sp)
        return;
    for (size_t i = 0; i < sp->npcn_areas; i++)
        geo_wkb_free(&sp->pcn_areas[i].geom);
    free(sp->pcn_areas);
    free(sp->lad_shares);
    free(sp->pcn_shares);
    free(sp->allocs);
    free(sp->methods);
    pc_arena_free(sp->arena);
    free(sp);
}

static pc_status import_money(ds_store *st, stmts *ss, const ds_dataset *ds,
                              pc_error *err)
{
    sqlite3_stmt *sc, *sp, *dep;

    if (prep_entity(st, ss, DS_E_SCHEMES, &sc, err) ||
        prep(st, ss, "INSERT INTO scheme_spend VALUES (?, ?, ?)", &sp, err) ||
        prep(st, ss, "INSERT INTO scheme_dependencies VALUES (?, ?)", &dep,
             err))
        return err->code;
    for (size_t i = 0; i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];

        if (insert_row(st, sc, DS_E_SCHEMES, s, i, err) != PC_OK)
            return err->code;
        for (int y = 0; y < s->duration_years; y++)
            if (run(st, sp,
                    bind_text(sp, 1, s->id) | sqlite3_bind_int(sp, 2, y) |
                        sqlite3_bind_double(sp, 3, s->spend_profile[y]),
                    "spend profile of scheme", s->id, err) != PC_OK)
                return err->code;
    }
    /* dependencies after every scheme exists (foreign keys) */
    for (size_t i = 0; i < ds->nschemes; i++)
        for (size_t k = 0; k < ds->schemes[i].ndepends; k++)
            if (run(st, dep,
                    bind_text(dep, 1, ds->schemes[i].id) |
                        bind_text(dep, 2, ds->schemes[i].depends_on[k]),
                    "dependency of scheme", ds->schemes[i].id, err) != PC_OK)
                return err->code;
    return INSERT_ALL(st, ss, DS_E_CONTRIBUTIONS, ds->contributions,
                      ds->ncontributions, err);
}

static pc_status import_model(ds_store *st, stmts *ss, const ds_dataset *ds,
                              pc_error *err)
{
    if (INSERT_ALL(st, ss, DS_E_ASSUMPTIONS, ds->assumptions, ds->nassumptions,
                   err) != PC_OK ||
        INSERT_ALL(st, ss, DS_E_PRESETS, ds->presets, ds->npresets, err) !=
            PC_OK ||
        INSERT_ALL(st, ss, DS_E_PROJECTIONS, ds->projections, ds->nprojections,
                   err) != PC_OK ||
        INSERT_ALL(st, ss, DS_E_LSOAS, ds->lsoas, ds->nlsoas, err) != PC_OK ||
        INSERT_ALL(st, ss, DS_E_COST_INDEX, ds->cost_index, ds->ncost_index,
                   err) != PC_OK ||
        INSERT_ALL(st, ss, DS_E_FUNDS, ds->funds, ds->nfunds, err) != PC_OK)
        return err->code;
    return PC_OK;
}

/* The triggers by which SpatiaLite keeps the R-trees of the indexed
 * tables up to date, row by row: their SQL while an import has them
 * dropped. */
typedef struct rtree_triggers {
    char *sql[3 * sizeof indexed_tables / sizeof *indexed_tables];
    int n;
} rtree_triggers;

static void rtree_triggers_free(rtree_triggers *tr)
{
    for (int i = 0; i < tr->n; i++)
        sqlite3_free(tr->sql[i]);
    tr->n = 0;
}

/* The SQL of trigger name into tr (none: nothing), then drops it. */
static pc_status trigger_drop(ds_store *st, const char *name,
                              rtree_triggers *tr, pc_error *err)
{
    sqlite3_stmt *q = NULL;
    char sql[256];
    int r;

    if (sqlite3_prepare_v2(st->db,
                           "SELECT sql FROM sqlite_master WHERE type = "
                           "'trigger' AND name = ?1",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC) != SQLITE_OK) {
        sqlite3_finalize(q);
        return DB_FAIL(st, err, "reading the spatial index triggers");
    }
    r = sqlite3_step(q);
    if (r == SQLITE_ROW &&
        !(tr->sql[tr->n++] =
              sqlite3_mprintf("%s", (const char *)sqlite3_column_text(q, 0))))
        r = SQLITE_NOMEM;
    sqlite3_finalize(q);
    if (r == SQLITE_NOMEM)
        return PC_NOMEM(err);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return DB_FAIL(st, err, "reading the spatial index triggers");
    snprintf(sql, sizeof sql, "DROP TRIGGER IF EXISTS \"%s\"", name);
    return exec(st, sql, err);
}

/* Drops the R-tree triggers of the indexed tables (keeping their SQL in
 * tr) and empties the R-trees: an import then writes its rows without
 * them, and rtree_build() fills each R-tree once, after. */
static pc_status rtree_drop(ds_store *st, rtree_triggers *tr, pc_error *err)
{
    char sql[160];

    for (size_t i = 0; i < sizeof indexed_tables / sizeof *indexed_tables;
         i++) {
        const char *t = indexed_tables[i];

        for (int k = 0; k < 3; k++) {
            snprintf(sql, sizeof sql, "gi%c_%s_geom", "iud"[k], t);
            if (trigger_drop(st, sql, tr, err))
                return err->code;
        }
        snprintf(sql, sizeof sql, "DELETE FROM idx_%s_geom", t);
        if (exec(st, sql, err))
            return err->code;
    }
    return PC_OK;
}

/* Fills each R-tree from its table's rows, by the function SpatiaLite's
 * insert trigger calls (so the entries are those the triggers would have
 * made), then puts the triggers back. */
static pc_status rtree_build(ds_store *st, const rtree_triggers *tr,
                             pc_error *err)
{
    char sql[256];

    for (size_t i = 0; i < sizeof indexed_tables / sizeof *indexed_tables;
         i++) {
        const char *t = indexed_tables[i];

        snprintf(sql, sizeof sql,
                 "SELECT RTreeAlign('idx_%s_geom', rowid, geom) FROM %s "
                 "WHERE geom IS NOT NULL",
                 t, t);
        if (exec(st, sql, err))
            return err->code;
    }
    for (int i = 0; i < tr->n; i++)
        if (exec(st, tr->sql[i], err))
            return err->code;
    return PC_OK;
}

pc_status ds_store_import(ds_store *st, const ds_dataset *ds,
                          const ds_spatial *sp, pc_error *err)
{
    stmts ss = {{0}, 0};
    rtree_triggers tr = {{NULL}, 0};
    pc_status rc;
    char sql[128];

    /* a page cache the size of an England store (about 40 MB), so that
     * the transaction is not spilled to the file (and the journal) while
     * it is built */
    if (exec(st, "PRAGMA cache_size = -65536", err) != PC_OK ||
        exec(st, "BEGIN IMMEDIATE", err) != PC_OK)
        return pc_error_wrap(err, "importing");
    if ((rc = rtree_drop(st, &tr, err)) != PC_OK)
        goto rollback;
    for (size_t i = 0; i < sizeof dataset_tables / sizeof *dataset_tables;
         i++) {
        snprintf(sql, sizeof sql, "DELETE FROM %s", dataset_tables[i]);
        if ((rc = exec(st, sql, err)) != PC_OK)
            goto rollback;
    }
    if ((rc = import_areas(st, &ss, ds, err)) != PC_OK ||
        (rc = import_practices(st, &ss, ds, err)) != PC_OK ||
        (rc = import_sites(st, &ss, ds, err)) != PC_OK ||
        (rc = import_money(st, &ss, ds, err)) != PC_OK ||
        (rc = import_model(st, &ss, ds, err)) != PC_OK ||
        (rc = ds_store_import_postcodes(st, ds, err)) != PC_OK ||
        (sp && (rc = import_spatial(st, &ss, sp, err)) != PC_OK))
        goto rollback;
    for (int i = 0; i < ss.n; i++)
        sqlite3_finalize(ss.s[i]);
    ss.n = 0;
    if ((rc = rtree_build(st, &tr, err)) != PC_OK ||
        (rc = exec(st, "COMMIT", err)) != PC_OK)
        goto rollback;
    rtree_triggers_free(&tr);
    return PC_OK;

rollback:
    for (int i = 0; i < ss.n; i++)
        sqlite3_finalize(ss.s[i]);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    rtree_triggers_free(&tr);
    return pc_error_wrap(err, "importing");
}
