/* test_store_edges.c: ds_store_load() on what the fixture lacks and on
 * stores that are not whole: the other side of every sentinel and
 * optional value, a dataset without cost index or funds, a store without
 * a spatial model, one with no dataset (PC_ERR_NOTFOUND), and stores
 * broken behind the reader's back (the outputs untouched, everything
 * freed). Compared with what went in as test_store_load.c does
 * (store_same.h). */
#include "store_same.h"

#include <sqlite3.h>

/* The other side of every sentinel and optional value, set by hand on a
 * fresh copy of the fixture (whose data has only one side of some: every
 * site has a trajectory, no contribution a spend-by): absent dir, title
 * and attribution; a site without trajectory or mix, one with a mix, CIL
 * unknown, no and yes; NAN money; NULL strings; a practice in no PCN (so a
 * PCN area with no code); dependencies and premises practices in an order
 * the primary keys would not give. */
static void edge_values(void)
{
    static const char *deps[2];
    char dir[4096];
    pc_error err = {0};
    ds_dataset *src = NULL, *ds = NULL;
    ds_spatial *ssp = NULL, *sp = NULL;
    ds_store *st = NULL;
    ds_premises *two = NULL;
    ds_site *s;

    if (ds_dataset_load(geo, check_src(fixture.rel, dir, sizeof dir), &src,
                        &err) != PC_OK) {
        fprintf(stderr, "load: %s\n", err.msg);
        CHECK(0);
        return;
    }
    CHECK(src->nsites >= 3 && src->ncontributions >= 3 && src->nschemes >= 3 &&
          src->npractices >= 2);
    if (src->nsites < 3 || src->ncontributions < 3 || src->nschemes < 3 ||
        src->npractices < 2)
        goto done;
    src->dir = NULL;
    src->title = NULL;
    src->attribution = NULL;
    src->nattribution = 0;

    s = &src->sites[0];
    s->traj = NULL;
    s->ntraj = 0;
    s->traj_start = 0;
    for (int b = 0; b < 6; b++)
        s->mix[b] = NAN;
    s->cil_liable = -1;
    s->planning_status = NULL;
    s->s106_note = NULL;
    s->illustrative = "*";
    s = &src->sites[1];
    s->mix[1] = 12.5;
    s->mix[2] = 0;
    s->mix[3] = 37.5;
    s->mix[4] = 50;
    s->mix[5] = 0;
    s->cil_liable = 0;
    s->s106_note = "note";
    src->sites[2].cil_liable = 1;

    src->contributions[0].spend_by_years = -1;
    src->contributions[1].spend_by_years = 0;
    src->contributions[2].spend_by_years = 7;
    src->contributions[0].received_gbp = NAN;
    src->contributions[0].spent_gbp = NAN;
    src->contributions[0].land_ha = NAN;
    src->contributions[1].received_gbp = 1234.5;
    src->contributions[1].spent_gbp = 0.1;
    src->contributions[0].base_date = NULL;
    src->contributions[0].purpose = NULL;
    src->contributions[0].triggers = NULL;

    src->premises[0].gia_m2 = NAN;
    src->premises[0].backlog_gbp = NAN;
    src->premises[0].void_m2 = NAN;
    src->premises[0].postcode = NULL;
    src->premises[0].condition = NULL;
    src->premises[1].gia_m2 = 0.1 + 0.2; /* not a short decimal */
    for (size_t i = 0; i < src->npremises; i++)
        if (src->premises[i].npractices >= 2)
            two = &src->premises[i];
    CHECK(two != NULL);
    if (two) { /* descending, which the primary key index would reverse */
        const char *t = two->practices[0];

        if (strcmp(two->practices[0], two->practices[1]) < 0) {
            two->practices[0] = two->practices[1];
            two->practices[1] = t;
        }
    }

    src->schemes[0].earliest_start = 0;
    src->schemes[0].completion_year = 0;
    src->schemes[0].m2_added = NAN;
    src->schemes[0].rent_gbp = NAN;
    src->schemes[0].funding = NULL;
    src->schemes[0].option_group = NULL;
    src->schemes[0].premises_id = NULL;
    src->schemes[0].site_id = NULL;
    src->schemes[0].depends_on = NULL;
    src->schemes[0].ndepends = 0;
    src->schemes[1].earliest_start = 2031;
    src->schemes[1].completion_year = 2033;
    src->schemes[1].rent_gbp = -12345.678;
    deps[0] = src->schemes[0].id;
    deps[1] = src->schemes[2].id;
    if (strcmp(deps[0], deps[1]) < 0) {
        deps[0] = src->schemes[2].id;
        deps[1] = src->schemes[0].id;
    }
    src->schemes[1].depends_on = deps;
    src->schemes[1].ndepends = 2;
    src->assumptions[0].note = NULL;
    CHECK(src->ncost_index >= 3);
    if (src->ncost_index < 3)
        goto done;
    src->cost_index[0].source = NULL;
    src->cost_index[1].illustrative = NULL;
    src->cost_index[2].value = 0.1 + 0.2; /* not a short decimal */
    CHECK(src->nfunds >= 4);
    if (src->nfunds < 4)
        goto done;
    src->funds[0].source = NULL;
    src->funds[1].illustrative = NULL;
    src->funds[2].amount_gbp = 0.1 + 0.2;
    src->funds[3].amount_gbp = 0;

    src->practices[0].postcode = NULL;
    src->practices[0].pcn_code = NULL;

    CHECK(plan_spatial_build(geo, src, &ssp, &err) == PC_OK);
    if (!ssp)
        goto done;
    st = make_store("edge.db", src, ssp);
    CHECK(st != NULL);
    if (!st)
        goto done;
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_OK);
    if (!ds || !sp) {
        fprintf(stderr, "load: %s\n", err.msg);
        goto done;
    }
    same_dataset(src, ds, 1);
    same_spatial(ssp, sp, 1);
    CHECK(ds->dir == NULL && ds->title == NULL);
    CHECK(ds->attribution == NULL && ds->nattribution == 0);
    CHECK(ds->sites[0].traj == NULL && ds->sites[0].traj_start == 0);
    CHECK(ds->sites[1].mix[3] == 37.5 && isnan(ds->sites[1].mix[0]));
    {
        int no_pcn = 0;

        for (size_t i = 0; i < sp->npcn_areas; i++)
            no_pcn += sp->pcn_areas[i].pcn_code == NULL;
        CHECK(no_pcn > 0);
    }

done:
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    ds_store_close(st);
    ds_spatial_free(ssp);
    ds_dataset_free(src);
}

/* The fixture with an optional file left out (strip empties its
 * array), stored as name without a spatial model and read back without
 * geometry: equal to what went in. The dataset read, or NULL. */
static ds_dataset *read_without(const char *name, void (*strip)(ds_dataset *))
{
    char dir[4096];
    pc_error err = {0};
    ds_dataset *src = NULL, *ds = NULL;
    ds_store *st = NULL;

    if (ds_dataset_load(geo, check_src(fixture.rel, dir, sizeof dir), &src,
                        &err) != PC_OK) {
        fprintf(stderr, "load: %s\n", err.msg);
        CHECK(0);
        return NULL;
    }
    strip(src);
    st = make_store(name, src, NULL);
    CHECK(st != NULL);
    if (st && ds_store_load(st, 0, &ds, NULL, &err) != PC_OK)
        fprintf(stderr, "load: %s\n", err.msg);
    CHECK(ds != NULL);
    if (ds)
        same_dataset(src, ds, 0);
    ds_store_close(st);
    ds_dataset_free(src);
    return ds;
}

static void strip_cost_index(ds_dataset *ds)
{
    ds->cost_index = NULL;
    ds->ncost_index = 0;
}

static void strip_funds(ds_dataset *ds)
{
    ds->funds = NULL;
    ds->nfunds = 0;
}

/* A dataset without a cost index (the file is optional) reads back
 * without one: NULL and 0, as the loader gives them. */
static void without_cost_index(void)
{
    ds_dataset *ds = read_without("noci.db", strip_cost_index);

    CHECK(ds && ds->ncost_index == 0 && ds->cost_index == NULL);
    ds_dataset_free(ds);
}

/* A dataset without funds (the file is optional) reads back without
 * them: NULL and 0, as the loader gives them. */
static void without_funds(void)
{
    ds_dataset *ds = read_without("nofunds.db", strip_funds);

    CHECK(ds && ds->nfunds == 0 && ds->funds == NULL);
    ds_dataset_free(ds);
}

/* A store imported without a spatial model gives an empty one. */
static void without_spatial_model(void)
{
    pc_error err = {0};
    ds_store *st = fixture.ds ? make_store("nosp.db", fixture.ds, NULL) : NULL;
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;

    CHECK(st != NULL);
    if (!st)
        return;
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_OK);
    if (ds)
        same_dataset(fixture.ds, ds, 1);
    CHECK(sp != NULL);
    if (sp) {
        CHECK(sp->nlad_shares == 0 && sp->npcn_shares == 0);
        CHECK(sp->npcn_areas == 0 && sp->nallocs == 0);
        CHECK(sp->nmethods == 0 && sp->nparams == 0 && sp->warnings.count == 0);
    }
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    ds_store_close(st);
}

/* Schema but no dataset: PC_ERR_NOTFOUND, outputs untouched. */
static void empty_store(void)
{
    pc_error err = {0};
    ds_store *st = make_store("empty.db", NULL, NULL);
    ds_dataset *ds = (ds_dataset *)&err; /* any non-NULL sentinel */
    ds_spatial *sp = (ds_spatial *)&err;

    CHECK(st != NULL);
    if (!st)
        return;
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) ==
          PC_ERR_NOTFOUND);
    CHECK(err.code == PC_ERR_NOTFOUND);
    CHECK_HAS(
        err.msg,
        "the store holds no dataset (expected one imported into it first)");
    CHECK(ds == (ds_dataset *)&err && sp == (ds_spatial *)&err);
    /* and the store is still usable afterwards (the savepoint ended) */
    CHECK(ds_store_load(st, 0, &ds, NULL, &err) == PC_ERR_NOTFOUND);
    if (fixture.ds) {
        ds = NULL;
        CHECK(ds_store_import(st, fixture.ds, NULL, &err) == PC_OK);
        CHECK(ds_store_load(st, 0, &ds, NULL, &err) == PC_OK);
        if (ds != NULL && ds != (ds_dataset *)&err)
            CHECK_STR(ds->name, fixture.ds->name);
        if (ds != (ds_dataset *)&err)
            ds_dataset_free(ds);
    }
    ds_store_close(st);
}

/* Runs sql on the store file behind the reader's back. */
static int tamper(const char *name, const char *sql)
{
    char path[512];
    sqlite3 *db = NULL;
    int ok;

    ok = sqlite3_open(store_path(name, path, sizeof path), &db) == SQLITE_OK &&
         sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
    if (!ok)
        fprintf(stderr, "tamper: %s\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return ok;
}

/* A failure late in the read (geometries and arrays already built) leaves
 * the outputs untouched and frees everything (ASan checks the second). */
static void broken_store(void)
{
    pc_error err = {0};
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    ds_store *st = NULL;
    char path[512];

    if (!fixture.ds || !fixture.sp)
        return;
    /* a gap in a trajectory: the reader checks what the loader guaranteed */
    st = make_store("broken.db", fixture.ds, fixture.sp);
    ds_store_close(st);
    CHECK(tamper("broken.db",
                 "UPDATE site_trajectory SET year = year + 1 WHERE rowid = "
                 "(SELECT max(rowid) FROM site_trajectory)"));
    CHECK(ds_store_open(store_path("broken.db", path, sizeof path),
                        DS_OPEN_EXISTING, &st, &err) == PC_OK);
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_ERR_DB);
    CHECK_HAS(err.msg, "the store is inconsistent: site_trajectory");
    CHECK(ds == NULL && sp == NULL);
    ds_store_close(st);

    /* mended, but a PCN share names an area that is not there: fails in
     * the spatial model, once the whole dataset has been built */
    CHECK(tamper("broken.db",
                 "UPDATE site_trajectory SET year = year - 1 WHERE rowid = "
                 "(SELECT max(rowid) FROM site_trajectory); UPDATE site_pcns "
                 "SET area_id = 9999 WHERE rowid = (SELECT max(rowid) FROM "
                 "site_pcns)"));
    CHECK(ds_store_open(path, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_ERR_DB);
    CHECK_HAS(err.msg, "the store is inconsistent: site_pcns");
    CHECK(ds == NULL && sp == NULL);
    /* the dataset alone does not read it */
    CHECK(ds_store_load(st, 0, &ds, NULL, &err) == PC_OK);
    CHECK(ds != NULL);
    ds_dataset_free(ds);
    ds = NULL;
    ds_store_close(st);

    /* a table gone: SQLite's own message */
    CHECK(tamper("broken.db", "DROP TABLE scheme_spend"));
    CHECK(ds_store_open(path, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_ERR_DB);
    CHECK_HAS(err.msg, "no such table: scheme_spend");
    CHECK(ds == NULL && sp == NULL);
    ds_store_close(st);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"edge_values", edge_values},
        {"without_spatial_model", without_spatial_model},
        {"without_cost_index", without_cost_index},
        {"without_funds", without_funds},
        {"empty_store", empty_store},
        {"broken_store", broken_store},
        {NULL, NULL}};
    static const char *const dbs[] = {"nosp.db",   "empty.db", "edge.db",
                                      "broken.db", "noci.db",  "nofunds.db"};

    return store_test_main("test_store_edges", cases, 0, dbs,
                           sizeof dbs / sizeof *dbs, argc, argv);
}
