/* test_store_load.c: ds_store_load(), the dataset and spatial model read
 * back from the store, against what went in.
 *
 * For the Rugby fixture (with catchments, without a system boundary) and
 * the bundled Coventry and Warwickshire dataset (with a system boundary):
 * ds_dataset_load, plan_spatial_build, ds_store_import into a fresh store
 * in a temporary directory, then ds_store_load, and every field of every
 * element of every array compared with the original (store_same.h).
 * SpatiaLite's AsBinary() writes the same little-endian 2D ISO WKB that
 * GEOS gave us, so no tolerance is needed anywhere. Then without
 * DS_LOAD_GEOMETRY (every geometry empty, the rest equal), and a second
 * import of what was loaded (the loaded model is usable as it stands).
 * The column tables (ds_columns.h) are checked against the schema the
 * migrations build, and every column they name is compared generically
 * after a round trip. The other side of every sentinel, and broken or
 * partial stores: test_store_edges.c. */
#include "store_same.h"

#include <sqlite3.h>

/* --- cases ------------------------------------------------------------- */

/* Import, load with and without geometry, compare; then import what was
 * loaded into a second store and load that too. */
static void round_trip(const source *s, const char *name)
{
    pc_error err = {0};
    ds_store *st = NULL, *st2 = NULL;
    ds_dataset *ds = NULL, *ds2 = NULL;
    ds_spatial *sp = NULL, *sp2 = NULL;
    char name2[64];

    CHECK(s->ds && s->sp);
    if (!s->ds || !s->sp)
        return;
    st = make_store(name, s->ds, s->sp);
    CHECK(st != NULL);
    if (!st)
        return;
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_OK);
    if (ds && sp) {
        same_dataset(s->ds, ds, 1);
        same_spatial(s->sp, sp, 1);
    } else {
        fprintf(stderr, "load: %s\n", err.msg);
    }

    /* what was loaded imports as it is, and comes back the same again */
    snprintf(name2, sizeof name2, "again-%s", name);
    st2 = ds ? make_store(name2, ds, sp) : NULL;
    CHECK(st2 != NULL);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    sp = NULL;
    ds = NULL;
    if (st2) {
        CHECK(ds_store_load(st2, DS_LOAD_GEOMETRY, &ds2, &sp2, &err) == PC_OK);
        if (ds2 && sp2) {
            same_dataset(s->ds, ds2, 1);
            same_spatial(s->sp, sp2, 1);
        }
        ds_spatial_free(sp2);
        ds_dataset_free(ds2);
        ds_store_close(st2);
    }

    /* without geometry: every geo_wkb empty, everything else equal */
    CHECK(ds_store_load(st, 0, &ds, &sp, &err) == PC_OK);
    if (ds && sp) {
        same_dataset(s->ds, ds, 0);
        same_spatial(s->sp, sp, 0);
    }
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    ds = NULL;

    /* the dataset alone */
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, NULL, &err) == PC_OK);
    if (ds)
        same_dataset(s->ds, ds, 1);
    ds_dataset_free(ds);
    ds_store_close(st);
}

static void fixture_round_trip(void)
{
    round_trip(&fixture, "fixture.db");
    /* the fixture has what the bundled data lacks, and the reverse */
    CHECK(fixture.ds && fixture.ds->ncatchments > 0);
    CHECK(fixture.ds && !fixture.ds->system_code);
    CHECK(fixture.ds && fixture.ds->ncost_index == 3);
    /* funds with and without a scheme, place and spend-by year, not in
     * fund_id order */
    CHECK(fixture.ds && fixture.ds->nfunds == 11);
    if (fixture.ds && fixture.ds->nfunds == 11) {
        const ds_fund *f = fixture.ds->funds;

        CHECK_STR(f[0].id, "ICB");
        CHECK(!f[0].scheme_id && !f[0].place && f[0].spend_by_year == 0);
        CHECK_STR(f[10].id, "GRANT-HOULTON");
        CHECK_STR(f[10].scheme_id, "P11");
        CHECK_STR(f[10].place, "Rugby");
        CHECK(f[10].spend_by_year == 2029);
    }
}

static void cw_round_trip(void)
{
    round_trip(&cw, "cw.db");
    CHECK(cw.ds && cw.ds->system_code && cw.ds->nsites == 51);
    CHECK(cw.ds && cw.ds->npractices == 119 && cw.ds->npremises == 153);
    CHECK(cw.ds && cw.ds->ncost_index == 12);
    CHECK(cw.ds && cw.ds->nfunds == 17);
}

/* The column tables are the schema's: for every entity, the stored
 * table's columns (PRAGMA table_info) are the table's, in its order, with
 * its declared types and NOT NULLs. Then every column round-trips through
 * ds_store_import and ds_store_load (with and without geometry), and the
 * two columns that are written but not read back hold what they should. */
static void column_tables(void)
{
    char path[512];
    pc_error err = {0};
    sqlite3 *db = NULL;
    ds_store *st;
    ds_dataset *ds = NULL;

    if (!fixture.ds || !fixture.sp)
        return;
    st = make_store("columns.db", fixture.ds, fixture.sp);
    CHECK(st != NULL);
    if (!st)
        return;
    CHECK(sqlite3_open(store_path("columns.db", path, sizeof path), &db) ==
          SQLITE_OK);
    for (int e = 0; e < DS_NENTITIES; e++) {
        const ds_table *t = &ds_tables[e];
        char sql[128];
        sqlite3_stmt *q = NULL;
        size_t c = 0;

        snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", t->name);
        CHECK(sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK);
        while (q && sqlite3_step(q) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(q, 1);
            const char *type = (const char *)sqlite3_column_text(q, 2);
            int notnull = sqlite3_column_int(q, 3);

            SAME(t->name, c, c < t->ncols);
            if (c >= t->ncols)
                break;
            if (strcmp(name, t->cols[c].name) ||
                strcasecmp(type, t->cols[c].sql_type) ||
                notnull != !t->cols[c].nullable)
                fprintf(stderr,
                        "%s: column %zu: stored %s %s%s, table %s %s%s\n",
                        t->name, c, name, type, notnull ? " NOT NULL" : "",
                        t->cols[c].name, t->cols[c].sql_type,
                        t->cols[c].nullable ? "" : " NOT NULL");
            SAME(t->name, c, !strcmp(name, t->cols[c].name));
            SAME(t->name, c, !strcasecmp(type, t->cols[c].sql_type));
            SAME(t->name, c, notnull == !t->cols[c].nullable);
            c++;
        }
        SAME(t->name, c, c == t->ncols);
        sqlite3_finalize(q);
    }
    /* DS_COL_FIRST: a premises' LAD is its lead practice's; DS_COL_SEQ:
     * funds are numbered from 1 in the dataset's order */
    CHECK(sqlite3_exec(db,
                       "CREATE TEMP VIEW bad AS SELECT 1 FROM premises p JOIN "
                       "premises_practices pp ON pp.premises_id = "
                       "p.premises_id AND pp.seq = 0 JOIN practices r ON "
                       "r.practice_code = pp.practice_code WHERE p.lad_code "
                       "IS NOT r.lad_code",
                       NULL, NULL, NULL) == SQLITE_OK);
    {
        sqlite3_stmt *q = NULL;

        CHECK(sqlite3_prepare_v2(db,
                                 "SELECT (SELECT count(*) FROM bad), (SELECT "
                                 "count(*) FROM premises), (SELECT "
                                 "coalesce(max(seq), 0) = count(*) FROM "
                                 "funds)",
                                 -1, &q, NULL) == SQLITE_OK);
        CHECK(q && sqlite3_step(q) == SQLITE_ROW);
        if (q) {
            CHECK(sqlite3_column_int(q, 0) == 0);
            CHECK(sqlite3_column_int(q, 1) > 0);
            CHECK(sqlite3_column_int(q, 2) == 1);
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(db);

    for (int g = 1; g >= 0; g--) {
        CHECK(ds_store_load(st, g ? DS_LOAD_GEOMETRY : 0, &ds, NULL, &err) ==
              PC_OK);
        if (ds)
            same_columns(fixture.ds, ds, g);
        ds_dataset_free(ds);
        ds = NULL;
    }
    ds_store_close(st);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"fixture_round_trip", fixture_round_trip},
        {"cw_round_trip", cw_round_trip},
        {"column_tables", column_tables},
        {NULL, NULL}};
    static const char *const dbs[] = {"fixture.db", "again-fixture.db", "cw.db",
                                      "again-cw.db", "columns.db"};

    return store_test_main("test_store_load", cases, 1, dbs,
                           sizeof dbs / sizeof *dbs, argc, argv);
}
