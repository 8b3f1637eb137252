/* test_datasets.c: loading the Rugby fixture, importing it into a real
 * SpatiaLite store, and what the store then says, checked against the
 * published figures (data/README: Rugby 12 practices, 126,699 patients in
 * April 2026), hand sums of the fixture, and SpatiaLite's own SQL. */
#include "check.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_strlist.h"
#include "store_sql.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DB "test_datasets.db"

static geo_ctx *geo;

static ds_dataset *load_fixture(void)
{
    char dir[4096];
    pc_error err = {0};
    ds_dataset *ds = NULL;

    if (ds_dataset_load(geo, check_src("tests/data/fixture", dir, sizeof dir),
                        &ds, &err) != PC_OK)
        fprintf(stderr, "load: %s\n", err.msg);
    return ds;
}

/* One number from SQL on the store file, via SpatiaLite. */
#define sql_long(sql) ((long)store_sql(DB, (sql)))

static void load_fixture_counts(void)
{
    ds_dataset *ds = load_fixture();

    CHECK(ds != NULL);
    if (!ds)
        return;
    CHECK_STR(ds->name, "rugby-fixture");
    CHECK(ds->base_year == 2026);
    CHECK(ds->nlads == 1 && ds->nplaces == 1);
    CHECK_STR(ds->places[0].name, "Rugby");
    CHECK(ds->npcns == 1 && ds->npractices == 12);
    CHECK(ds->nlist_sizes == 24);
    CHECK(ds->npremises == 13 && ds->nsites == 3);
    CHECK(ds->nschemes == 5 && ds->ncontributions == 3);
    CHECK(ds->warnings.count == 0);
    CHECK(ds->sites[1].geom_approx == 1);
    CHECK_NEAR(ds->sites[1].area_ha, 150, 1.5);
    CHECK_NEAR(ds->sites[0].area_ha, 170, 1.0);
    CHECK(ds->premises[12].npractices == 2);
    CHECK_STR(ds->schemes[2].depends_on[0], "P10");
    /* the cost index series, in date order, every row illustrative */
    CHECK(ds->ncost_index == 3);
    if (ds->ncost_index == 3) {
        CHECK_STR(ds->cost_index[0].date, "2018-04-01");
        CHECK_STR(ds->cost_index[1].date, "2022-04-01");
        CHECK_STR(ds->cost_index[2].date, "2026-04-01");
        CHECK(ds->cost_index[0].value == 100 &&
              ds->cost_index[1].value == 120 && ds->cost_index[2].value == 135);
        for (size_t i = 0; i < 3; i++) {
            CHECK_STR(ds->cost_index[i].illustrative, "*");
            CHECK_HAS(ds->cost_index[i].source, "illustrative");
        }
    }
    /* the funds in file order: ICB for ten years, then a grant for P11 */
    CHECK(ds->nfunds == 11);
    if (ds->nfunds == 11) {
        for (size_t i = 0; i < 10; i++) {
            CHECK_STR(ds->funds[i].id, "ICB");
            CHECK_STR(ds->funds[i].kind, "icb");
            CHECK(ds->funds[i].year == 2026 + (int)i);
            CHECK(ds->funds[i].amount_gbp == 500000);
            CHECK(!ds->funds[i].scheme_id && !ds->funds[i].place);
            CHECK(ds->funds[i].spend_by_year == 0);
        }
        CHECK_STR(ds->funds[10].id, "GRANT-HOULTON");
        CHECK_STR(ds->funds[10].kind, "grant");
        CHECK(ds->funds[10].year == 2027);
        CHECK(ds->funds[10].amount_gbp == 750000);
        CHECK_STR(ds->funds[10].scheme_id, "P11");
        CHECK_STR(ds->funds[10].place, "Rugby");
        CHECK(ds->funds[10].spend_by_year == 2029);
        for (size_t i = 0; i < 11; i++) {
            CHECK_STR(ds->funds[i].illustrative, "*");
            CHECK_HAS(ds->funds[i].source, "illustrative");
        }
    }
    ds_dataset_free(ds);
}

static void import_and_summary(void)
{
    pc_error err = {0};
    ds_dataset *ds = load_fixture();
    ds_store *st = NULL;
    ds_summary *s = NULL;

    unlink(DB);
    CHECK(ds != NULL);
    CHECK(ds_store_open(DB, DS_OPEN_CREATE, &st, &err) == PC_OK);
    if (!ds || !st)
        goto done;
    CHECK(ds_store_schema_version(st) == DS_SCHEMA_VERSION);
    CHECK(ds_store_summary(st, &s, &err) == PC_ERR_NOTFOUND);
    CHECK(ds_store_import(st, ds, NULL, &err) == PC_OK);
    /* importing again replaces, never duplicates */
    CHECK(ds_store_import(st, ds, NULL, &err) == PC_OK);
    CHECK(ds_store_summary(st, &s, &err) == PC_OK);
    if (!s)
        goto done;
    CHECK(s->nplaces == 1);
    CHECK_STR(s->list_date, "2026-04-01");
    CHECK(s->system.practices == 12);
    CHECK(s->system.patients == 126699); /* published Rugby total */
    CHECK(s->system.pcns == 1 && s->system.lads == 1);
    CHECK(s->system.premises == 13 && s->system.sites == 3);
    /* hand sums of the fixture: Houlton 2026-2035 is 10 x 300; South West
     * Rugby 2028-2035 is 100 + 200 + 6 x 250 */
    CHECK(s->system.dwellings_10y == 3000 + 1800 + 40);
    CHECK(s->system.dwellings_total == 11000 + 40);
    CHECK(s->places[0].rooms_consult == s->system.rooms_consult);
    CHECK(s->system.rooms_consult ==
          sql_long("SELECT sum(rooms_consult) FROM premises"));
    CHECK(sql_long("SELECT count(*) FROM practices") == 12);
    /* imported twice, the cost index is replaced, not duplicated */
    CHECK(sql_long("SELECT count(*) FROM cost_index") == 3);
    CHECK(sql_long("SELECT value FROM cost_index WHERE date = "
                   "'2026-04-01'") == 135);
    {
        int seen = 0;

        for (size_t i = 0; i < s->ntables; i++)
            if (!strcmp(s->tables[i].table, "cost_index")) {
                seen = 1;
                CHECK(s->tables[i].rows == 3 && s->tables[i].illustrative == 3);
            }
        CHECK(seen);
    }
    /* and so are the funds; the place is stored by its id */
    CHECK(sql_long("SELECT count(*) FROM funds") == 11);
    CHECK(sql_long("SELECT count(*) FROM funds f JOIN places p USING "
                   "(place_id) WHERE p.name = 'Rugby'") == 1);
    {
        int seen = 0;

        for (size_t i = 0; i < s->ntables; i++)
            if (!strcmp(s->tables[i].table, "funds")) {
                seen = 1;
                CHECK(s->tables[i].rows == 11 &&
                      s->tables[i].illustrative == 11);
            }
        CHECK(seen);
    }
    /* the register's illustrative rows are those whose source says so:
     * 29 of the fixture's 51 (counted by hand with a CSV reader) */
    {
        int seen = 0;

        for (size_t i = 0; i < s->ntables; i++)
            if (!strcmp(s->tables[i].table, "assumptions")) {
                seen = 1;
                CHECK(s->tables[i].rows == 51 &&
                      s->tables[i].illustrative == 29);
                CHECK(s->tables[i].illustrative ==
                      sql_long("SELECT count(*) FROM assumptions WHERE "
                               "source LIKE 'illustrative%'"));
            }
        CHECK(seen);
    }
done:
    ds_summary_free(s);
    ds_store_close(st);
    ds_dataset_free(ds);
}

static void spatial_checks_in_sql(void)
{
    /* geometries stored in EPSG:27700 with spatial indexes, and each
     * practice inside its place's polygon (SpatiaLite's own ST_Within) */
    CHECK(sql_long("SELECT count(*) FROM geometry_columns WHERE srid = 27700 "
                   "AND spatial_index_enabled = 1") >= 5);
    CHECK(sql_long("SELECT count(*) FROM practices p, places pl WHERE "
                   "ST_Within(p.geom, pl.geom)") == 12);
    CHECK(sql_long("SELECT count(*) FROM sites s, lads l WHERE "
                   "ST_Within(s.geom, l.geom)") == 3);
    /* the R-tree answers a window query */
    CHECK(sql_long("SELECT count(*) FROM premises WHERE ROWID IN (SELECT "
                   "ROWID FROM SpatialIndex WHERE f_table_name = 'premises' "
                   "AND search_frame = BuildMbr(449000, 274000, 452000, "
                   "277000, 27700))") ==
          sql_long("SELECT count(*) FROM premises WHERE MbrWithin(geom, "
                   "BuildMbr(449000, 274000, 452000, 277000, 27700))"));
    /* the R-trees, built after the rows are written: one entry per
     * geometry, each the geometry's box (SpatiaLite's Mbr functions; the
     * R-tree's 32-bit floats are rounded outwards, by under a metre
     * here), and the triggers that keep them up to date are back */
    {
        static const char *const t[] = {"places",   "lads",  "practices",
                                        "premises", "sites", "pcn_areas"};
        char q[512];

        for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
            snprintf(q, sizeof q,
                     "SELECT (SELECT count(*) FROM idx_%s_geom) = (SELECT "
                     "count(*) FROM %s WHERE geom IS NOT NULL)",
                     t[i], t[i]);
            CHECK(sql_long(q) == 1);
            snprintf(q, sizeof q,
                     "SELECT count(*) = (SELECT count(*) FROM %s) FROM %s t "
                     "JOIN idx_%s_geom r ON r.pkid = t.rowid WHERE r.xmin <= "
                     "MbrMinX(t.geom) AND r.xmin > MbrMinX(t.geom) - 1 AND "
                     "r.ymax >= MbrMaxY(t.geom) AND r.ymax < MbrMaxY(t.geom) "
                     "+ 1",
                     t[i], t[i], t[i]);
            CHECK(sql_long(q) == 1);
            snprintf(q, sizeof q,
                     "SELECT count(*) FROM sqlite_master WHERE type = "
                     "'trigger' AND name IN ('gii_%s_geom', 'giu_%s_geom', "
                     "'gid_%s_geom')",
                     t[i], t[i], t[i]);
            CHECK(sql_long(q) == 3);
        }
    }
    /* stored site areas agree with ST_Area to 0.1% */
    CHECK(sql_long("SELECT count(*) FROM sites WHERE abs(ST_Area(geom) / "
                   "10000.0 - area_ha) > area_ha * 0.001") == 0);
}

static void failed_import_rolls_back(void)
{
    pc_error err = {0};
    ds_dataset *ds = load_fixture();
    ds_store *st = NULL;
    long before_practices, before_sites, before_lists;

    CHECK(ds != NULL);
    CHECK(ds_store_open(DB, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    if (!ds || !st)
        goto done;
    before_practices = sql_long("SELECT count(*) FROM practices");
    before_sites = sql_long("SELECT count(*) FROM sites");
    before_lists = sql_long("SELECT count(*) FROM list_sizes");
    /* a duplicate key the loader would have refused fails in SQL */
    ds->practices[1].code = ds->practices[0].code;
    CHECK(ds_store_import(st, ds, NULL, &err) == PC_ERR_DB);
    CHECK_HAS(err.msg, "practice");
    CHECK(sql_long("SELECT count(*) FROM practices") == before_practices);
    CHECK(sql_long("SELECT count(*) FROM sites") == before_sites);
    CHECK(sql_long("SELECT count(*) FROM list_sizes") == before_lists);
    /* the R-tree it emptied and the triggers it dropped are back */
    CHECK(sql_long("SELECT count(*) FROM idx_practices_geom") ==
          before_practices);
    CHECK(sql_long("SELECT count(*) FROM sqlite_master WHERE type = "
                   "'trigger' AND name GLOB 'gi[iud]_*_geom'") == 3 * 7);
done:
    ds_store_close(st);
    ds_dataset_free(ds);
}

/* Saved scenarios round-trip by name; a read-only handle reads them but
 * cannot write, and refuses a store at another schema version rather than
 * migrate it. */
static void readonly_and_scenarios(void)
{
    const char *ro = "test_datasets_ro.db";
    pc_error err = {0};
    ds_store *st = NULL;
    pc_arena *a = pc_arena_new();
    pc_strlist names = PC_STRLIST_INIT;
    sqlite3 *db = NULL;
    char *json = NULL;

    unlink(ro);
    CHECK(ds_store_open(ro, DS_OPEN_READONLY, &st, &err) == PC_ERR_NOTFOUND);
    CHECK(access(ro, F_OK) != 0);
    CHECK(ds_store_open(ro, DS_OPEN_CREATE, &st, &err) == PC_OK);
    CHECK(ds_store_scenario_put(st, "slow", "{\"x\":1}", &err) == PC_OK);
    CHECK(ds_store_scenario_put(st, "fast", "{\"x\":2}", &err) == PC_OK);
    CHECK(ds_store_scenario_put(st, "slow", "{\"x\":3}", &err) == PC_OK);
    ds_store_close(st);
    st = NULL;
    CHECK(ds_store_open(ro, DS_OPEN_READONLY, &st, &err) == PC_OK);
    CHECK(st && ds_store_scenario_get(st, "slow", &json, &err) == PC_OK);
    CHECK(json && !strcmp(json, "{\"x\":3}"));
    CHECK(st &&
          ds_store_scenario_get(st, "none", &json, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "no scenario \"none\"");
    CHECK(a && st && ds_store_scenario_names(st, a, &names, &err) == PC_OK);
    CHECK(names.count == 2 && !strcmp(names.items[0], "fast") &&
          !strcmp(names.items[1], "slow"));
    CHECK(st && ds_store_scenario_put(st, "new", "{}", &err) == PC_ERR_DB);
    ds_store_close(st);
    st = NULL;
    CHECK(sqlite3_open(ro, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE schema_version SET version = 5", NULL, NULL,
                       NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(ds_store_open(ro, DS_OPEN_READONLY, &st, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "store schema version 5, expected 10");
    free(json);
    pc_arena_free(a);
    unlink(ro);
}

static void schema_versions(void)
{
    pc_error err = {0};
    ds_store *st = NULL;
    sqlite3 *db = NULL;

    CHECK(ds_store_open("does-not-exist.db", DS_OPEN_EXISTING, &st, &err) ==
          PC_ERR_NOTFOUND);
    CHECK(access("does-not-exist.db", F_OK) != 0);
    /* a store from a newer pcplan is refused, not damaged */
    CHECK(sqlite3_open(DB, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE schema_version SET version = 99", NULL, NULL,
                       NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(ds_store_open(DB, DS_OPEN_EXISTING, &st, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "newer");
    CHECK(sql_long("SELECT version FROM schema_version") == 99);
    /* a database that is not a planning store is refused */
    unlink("foreign.db");
    CHECK(sqlite3_open("foreign.db", &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL) ==
          SQLITE_OK);
    sqlite3_close(db);
    CHECK(ds_store_open("foreign.db", DS_OPEN_EXISTING, &st, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "not a planning store");
    unlink("foreign.db");
    unlink(DB);
}

/* A store written at schema 3 (no cost_index or funds table) holding a dataset:
 * opening it migrates it to the current schema, keeps the dataset, and
 * the next import fills the new table. */
static void migration_from_schema_3(void)
{
    static const char *const v3 = "test_datasets_v3.db";
    pc_error err = {0};
    ds_dataset *ds = load_fixture(), *back = NULL;
    ds_store *st = NULL;
    sqlite3 *db = NULL;

    unlink(v3);
    CHECK(ds != NULL);
    CHECK(ds_store_open(v3, DS_OPEN_CREATE, &st, &err) == PC_OK);
    if (!ds || !st)
        goto done;
    CHECK(ds_store_import(st, ds, NULL, &err) == PC_OK);
    ds_store_close(st);
    st = NULL;
    /* take it back to what schema 3 had */
    CHECK(sqlite3_open(v3, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(
              db,
              "DROP TABLE programmes; DROP TABLE postcodes; "
              "ALTER TABLE runs DROP COLUMN label; ALTER TABLE runs DROP "
              "COLUMN created; DROP TABLE contribution_imports; DROP TABLE "
              "scenarios; DROP "
              "TABLE funds; DROP TABLE cost_index; UPDATE "
              "schema_version SET version = 3",
              NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(store_sql(v3, "SELECT count(*) FROM sqlite_master WHERE name = "
                        "'cost_index'") == 0);

    CHECK(ds_store_open(v3, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    if (!st)
        goto done;
    CHECK(ds_store_schema_version(st) == DS_SCHEMA_VERSION);
    CHECK(store_sql(v3, "SELECT version FROM schema_version") ==
          DS_SCHEMA_VERSION);
    CHECK(store_sql(v3, "SELECT count(*) FROM cost_index") == 0);
    /* the dataset is still there, with no cost index until imported again */
    CHECK(ds_store_load(st, 0, &back, NULL, &err) == PC_OK);
    if (back) {
        CHECK(back->npractices == 12 && back->nassumptions == ds->nassumptions);
        CHECK(back->ncost_index == 0 && back->cost_index == NULL);
        CHECK(back->nfunds == 0 && back->funds == NULL);
    }
    CHECK(ds_store_import(st, ds, NULL, &err) == PC_OK);
    CHECK(store_sql(v3, "SELECT count(*) FROM cost_index") == 3);
    CHECK(store_sql(v3, "SELECT count(*) FROM funds") == 11);
done:
    ds_dataset_free(back);
    ds_store_close(st);
    ds_dataset_free(ds);
    unlink(v3);
}

/* A store written at schema 4 (no funds table) holding a dataset: opening
 * it adds the table (migration 5), keeps the dataset and its cost index,
 * and the next import fills the funds. */
static void migration_from_schema_4(void)
{
    static const char *const v4 = "test_datasets_v4.db";
    pc_error err = {0};
    ds_dataset *ds = load_fixture(), *back = NULL;
    ds_store *st = NULL;
    sqlite3 *db = NULL;

    unlink(v4);
    CHECK(ds != NULL);
    CHECK(ds_store_open(v4, DS_OPEN_CREATE, &st, &err) == PC_OK);
    if (!ds || !st)
        goto done;
    CHECK(ds_store_import(st, ds, NULL, &err) == PC_OK);
    ds_store_close(st);
    st = NULL;
    /* take it back to what schema 4 had */
    CHECK(sqlite3_open(v4, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "DROP TABLE programmes; DROP TABLE postcodes; "
                       "ALTER TABLE runs DROP COLUMN label; ALTER TABLE "
                       "runs DROP COLUMN created; DROP TABLE "
                       "contribution_imports; DROP TABLE "
                       "scenarios; DROP TABLE funds; UPDATE schema_version "
                       "SET version = 4",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(store_sql(v4, "SELECT count(*) FROM sqlite_master WHERE name = "
                        "'funds'") == 0);

    CHECK(ds_store_open(v4, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    if (!st)
        goto done;
    CHECK(ds_store_schema_version(st) == DS_SCHEMA_VERSION);
    CHECK(DS_SCHEMA_VERSION == 10);
    CHECK(store_sql(v4, "SELECT version FROM schema_version") ==
          DS_SCHEMA_VERSION);
    CHECK(store_sql(v4, "SELECT count(*) FROM funds") == 0);
    CHECK(store_sql(v4, "SELECT count(*) FROM scenarios") == 0);
    CHECK(ds_store_load(st, 0, &back, NULL, &err) == PC_OK);
    if (back) {
        CHECK(back->npractices == 12 && back->ncost_index == 3);
        CHECK(back->nfunds == 0 && back->funds == NULL);
    }
    CHECK(ds_store_import(st, ds, NULL, &err) == PC_OK);
    CHECK(store_sql(v4, "SELECT count(*) FROM funds") == 11);
done:
    ds_dataset_free(back);
    ds_store_close(st);
    ds_dataset_free(ds);
    unlink(v4);
}

/* A store written at schema 6 (no contribution_imports table) holding a
 * dataset: opening it adds the table (migration 7), empty, and keeps the
 * dataset; the store then loads with no imported contributions. */
static void migration_from_schema_6(void)
{
    static const char *const v6 = "test_datasets_v6.db";
    pc_error err = {0};
    ds_dataset *ds = load_fixture(), *back = NULL;
    ds_store *st = NULL;
    sqlite3 *db = NULL;

    unlink(v6);
    CHECK(ds != NULL);
    CHECK(ds_store_open(v6, DS_OPEN_CREATE, &st, &err) == PC_OK);
    if (!ds || !st)
        goto done;
    CHECK(ds_store_import(st, ds, NULL, &err) == PC_OK);
    ds_store_close(st);
    st = NULL;
    CHECK(sqlite3_open(v6, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "DROP TABLE programmes; DROP TABLE postcodes; "
                       "ALTER TABLE runs DROP COLUMN label; ALTER TABLE "
                       "runs DROP COLUMN created; DROP TABLE "
                       "contribution_imports; UPDATE "
                       "schema_version SET version = 6",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(store_sql(v6, "SELECT count(*) FROM sqlite_master WHERE name = "
                        "'contribution_imports'") == 0);
    CHECK(ds_store_open(v6, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    if (!st)
        goto done;
    CHECK(store_sql(v6, "SELECT version FROM schema_version") ==
          DS_SCHEMA_VERSION);
    CHECK(store_sql(v6, "SELECT count(*) FROM contribution_imports") == 0);
    CHECK(ds_store_load(st, 0, &back, NULL, &err) == PC_OK);
    if (back)
        CHECK(back->ncontributions == ds->ncontributions &&
              back->nimported == 0 && back->imported == NULL);
done:
    ds_dataset_free(back);
    ds_store_close(st);
    ds_dataset_free(ds);
    unlink(v6);
}

/* A store written at schema 7 (runs without label or date) holding a run:
 * opening it adds the columns (migration 8), the old run has neither, a
 * new run gets its date, and storing a run again with a label names it
 * without a second row. */
static void migration_from_schema_7(void)
{
    static const char *const v7 = "test_datasets_v7.db";
    pc_error err = {0};
    ds_store *st = NULL;
    ds_run_list *l = NULL;
    sqlite3 *db = NULL;
    ds_run_info a = {"aaaa0001", "h1", "cw", NULL, NULL, "gp_fte", "max",
                     "huff",     2026, 10,   0,    NULL, NULL};
    ds_run_info b = a;

    b.run_id = "bbbb0002";
    b.input_hash = "h2";
    unlink(v7);
    CHECK(ds_store_open(v7, DS_OPEN_CREATE, &st, &err) == PC_OK);
    CHECK(st && ds_store_run_put(st, &a, "{}", &err) == PC_OK);
    ds_store_close(st);
    st = NULL;
    CHECK(sqlite3_open(v7, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "DROP TABLE programmes; DROP TABLE postcodes; "
                       "ALTER TABLE runs DROP COLUMN label; ALTER TABLE runs "
                       "DROP COLUMN created; UPDATE schema_version SET "
                       "version = 7",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(ds_store_open(v7, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    if (!st)
        goto done;
    CHECK(store_sql(v7, "SELECT version FROM schema_version") ==
          DS_SCHEMA_VERSION);
    b.label = "slow delivery";
    CHECK(ds_store_run_put(st, &b, "{}", &err) == PC_OK);
    a.label = "baseline";
    CHECK(ds_store_run_put(st, &a, "{}", &err) == PC_OK); /* names it */
    b.label = NULL;
    CHECK(ds_store_run_put(st, &b, "{}", &err) == PC_OK); /* keeps it */
    CHECK(ds_store_runs(st, &l, &err) == PC_OK);
    CHECK(l && l->n == 2);
    if (l && l->n == 2) {
        CHECK_STR(l->v[0].run_id, "aaaa0001");
        CHECK_STR(l->v[0].label, "baseline");
        CHECK(l->v[0].created == NULL);
        CHECK_STR(l->v[1].label, "slow delivery");
        CHECK(l->v[1].created && strlen(l->v[1].created) == 20 &&
              l->v[1].created[10] == 'T');
    }
done:
    ds_run_list_free(l);
    ds_store_close(st);
    unlink(v7);
}

/* dataset.json's house methods: checked by name, kept through the store
 * (the dataset table's keys), absent when not given. */
static void house_methods(void)
{
    static const struct {
        const char *methods, *msg;
    } bad[] = {
        {"{\"capacity\": \"rooms\"}",
         "key \"methods.capacity\": unknown method \"rooms\" (expected "
         "gp_fte, activity, ratio or space)"},
        {"{\"growth\": 1}", "key \"methods.growth\": expected a string"},
        {"{\"other\": \"space\"}",
         "key \"methods.other\": unknown key (expected growth or capacity)"},
        {"\"space\"", "key \"methods\": expected an object"}};
    pc_error err = {0};
    ds_dataset *ds = load_fixture(), *back = NULL;
    ds_store *st = NULL;
    char json[512];

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(json, sizeof json,
                 "{\"format\": \"pcplan-dataset/1\", \"name\": \"x\", "
                 "\"base_year\": 2026, \"methods\": %s, \"files\": {}}",
                 bad[i].methods);
        CHECK(ds_manifest_check(json, strlen(json), &err) == PC_ERR_INPUT);
        CHECK_HAS(err.msg, bad[i].msg);
    }
    unlink(DB);
    CHECK(ds != NULL);
    if (!ds)
        return;
    CHECK(ds->growth_method == NULL && ds->capacity_method == NULL);
    ds->growth_method = "gp_fte";
    ds->capacity_method = "activity";
    CHECK(ds_store_open(DB, DS_OPEN_CREATE, &st, &err) == PC_OK &&
          ds_store_import(st, ds, NULL, &err) == PC_OK &&
          ds_store_load(st, 0, &back, NULL, &err) == PC_OK);
    CHECK(back && back->growth_method && back->capacity_method &&
          !strcmp(back->growth_method, "gp_fte") &&
          !strcmp(back->capacity_method, "activity"));
    ds_dataset_free(back);
    ds_store_close(st);
    ds->growth_method = ds->capacity_method = NULL;
    ds_dataset_free(ds);
    unlink(DB);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"house_methods", house_methods},
        {"load_fixture_counts", load_fixture_counts},
        {"import_and_summary", import_and_summary},
        {"spatial_checks_in_sql", spatial_checks_in_sql},
        {"failed_import_rolls_back", failed_import_rolls_back},
        {"readonly_and_scenarios", readonly_and_scenarios},
        {"schema_versions", schema_versions},
        {"migration_from_schema_3", migration_from_schema_3},
        {"migration_from_schema_4", migration_from_schema_4},
        {"migration_from_schema_6", migration_from_schema_6},
        {"migration_from_schema_7", migration_from_schema_7},
        {NULL, NULL}};
    pc_error err = {0};
    int rc;

    geo = geo_ctx_new(&err);
    if (!geo)
        return 1;
    rc = check_run(cases, argc, argv);
    geo_ctx_free(geo);
    return rc;
}
