/* test_cw_dataset.c: the bundled Coventry and Warwickshire dataset against
 * the published figures (shared/data/seed: the strategy; data/README: the
 * NHS list sizes), and its geometry against SpatiaLite's own predicates. */
#include "check.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "pc_fileset.h"
#include "store_sql.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define DB      "test_cw_dataset.db"
#define SCRATCH "test_cw_dataset.d" /* the dataset with another funds.csv */

static geo_ctx *geo;
static ds_summary *sum;
static ds_dataset *ds;

/* One number from SQL on the store file, via SpatiaLite. */
#define sql_num(sql) ((double)store_sql(DB, (sql)))

static const ds_area_summary *place(const char *name)
{
    for (size_t i = 0; i < sum->nplaces; i++)
        if (!strcmp(sum->places[i].name, name))
            return &sum->places[i];
    return NULL;
}

static void published_system_figures(void)
{
    const ds_area_summary *s = &sum->system;

    CHECK(sum->base_year == 2026);
    CHECK_STR(sum->list_date, "2026-04-01");
    CHECK(sum->nplaces == 4);
    CHECK(s->practices == 119);
    CHECK(s->pcns == 20);
    CHECK(s->patients == 1119429);
    CHECK(s->premises == 153);
    CHECK(s->rooms_consult == 998);
    CHECK(s->rooms_treatment == 295);
    CHECK(s->rooms_other == 122);
    CHECK(s->rooms_consult + s->rooms_treatment + s->rooms_other == 1415);
    CHECK(s->lads == 6);
    CHECK(s->dwellings_10y == 73000);
}

static void published_place_figures(void)
{
    static const struct {
        const char *name;
        long practices, patients, lads;
    } want[] = {{"Coventry", 50, 461428, 1},
                {"Rugby", 12, 126699, 1},
                {"South Warwickshire", 32, 325817, 2},
                {"Warwickshire North", 25, 205485, 2}};
    long practices = 0, patients = 0, rooms = 0, d10 = 0;

    for (size_t i = 0; i < 4; i++) {
        const ds_area_summary *p = place(want[i].name);

        CHECK(p != NULL);
        if (!p)
            continue;
        CHECK(p->practices == want[i].practices);
        CHECK(p->patients == want[i].patients);
        CHECK(p->lads == want[i].lads);
    }
    /* places add up to the system */
    for (size_t i = 0; i < sum->nplaces; i++) {
        practices += sum->places[i].practices;
        patients += sum->places[i].patients;
        rooms += sum->places[i].rooms_consult;
        d10 += sum->places[i].dwellings_10y;
    }
    CHECK(practices == sum->system.practices);
    CHECK(patients == sum->system.patients);
    CHECK(rooms == sum->system.rooms_consult);
    CHECK(d10 == sum->system.dwellings_10y);
}

static void geometry_in_place(void)
{
    /* every practice inside its own place's polygon */
    CHECK(sql_num("SELECT count(*) FROM practices p JOIN lads l USING "
                  "(lad_code) JOIN places pl ON pl.place_id = l.place_id "
                  "WHERE ST_Within(p.geom, pl.geom)") == 119);
    /* every site inside the ICB boundary */
    CHECK(sql_num("SELECT count(*) FROM sites s, system y WHERE "
                  "ST_Within(s.geom, y.geom)") ==
          sql_num("SELECT count(*) FROM sites"));
    /* the 16 growth areas of the strategy are there */
    CHECK(sql_num("SELECT count(*) FROM sites WHERE site_id LIKE 'CW-%'") ==
          16);
    /* places are the union of their LADs: areas agree to 0.1% */
    CHECK(sql_num("SELECT count(*) FROM places p WHERE abs(ST_Area(p.geom) - "
                  "(SELECT sum(ST_Area(l.geom)) FROM lads l WHERE l.place_id "
                  "= p.place_id)) > 0.001 * ST_Area(p.geom)") == 0);
}

static void schemes_and_money(void)
{
    /* not yet delivered, counting the first option of each group: the
     * strategy's 10-year capital requirement */
    CHECK_NEAR(sql_num("SELECT sum(cost_gbp) FROM schemes s WHERE status <> "
                       "'delivered' AND (option_group IS NULL OR scheme_id = "
                       "(SELECT min(scheme_id) FROM schemes o WHERE "
                       "o.option_group = s.option_group))"),
               111250000, 0.5);
    CHECK(sql_num("SELECT count(*) FROM schemes WHERE status = 'delivered' "
                  "AND completion_year IS NULL") == 0);
    /* illustrative values are flagged row by row */
    CHECK(sql_num("SELECT count(*) FROM premises WHERE illustrative IS "
                  "NULL") == 0);
    CHECK(sql_num("SELECT count(*) FROM schemes WHERE illustrative IS "
                  "NULL") == 0);
}

/* The register with a preset: the preset's rows replace the defaults,
 * every other assumption keeps its default. */
static void assumption_register(void)
{
    ds_store *st = NULL;
    ds_assumption_list *l = NULL;
    pc_error err = {0};
    size_t set = 0;

    CHECK(ds_store_open(DB, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    CHECK(st && ds_store_assumptions(st, "activity", &l, &err) == PC_OK);
    if (l) {
        CHECK((double)l->n == sql_num("SELECT count(*) FROM assumptions"));
        CHECK(l->npresets == 2);
        for (size_t i = 0; i < l->n; i++) {
            set += (size_t)l->v[i].from_preset;
            if (!l->v[i].from_preset)
                CHECK(l->v[i].value == l->v[i].base);
            if (i > 0)
                CHECK(strcmp(l->v[i - 1].id, l->v[i].id) < 0);
        }
        CHECK((double)set == sql_num("SELECT count(*) FROM presets WHERE "
                                     "preset = 'activity'"));
    }
    ds_assumption_list_free(l);
    l = NULL;
    CHECK(st && ds_store_assumptions(st, "nope", &l, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "expected one of: activity, cw-strategy");
    ds_store_close(st);
}

/* The illustrative cost index: 1 April 2015 to 2026, and pinned to the
 * build_cost_index assumption (2018 -> 2026 = 1.35). */
static void cost_index_series(void)
{
    double build_cost_index = NAN;

    CHECK(ds->ncost_index == 12);
    if (ds->ncost_index != 12)
        return;
    CHECK_STR(ds->cost_index[0].date, "2015-04-01");
    CHECK_STR(ds->cost_index[3].date, "2018-04-01");
    CHECK_STR(ds->cost_index[11].date, "2026-04-01");
    CHECK(ds->cost_index[3].value == 100);
    CHECK(ds->cost_index[11].value == 135);
    for (size_t i = 0; i < ds->ncost_index; i++) {
        CHECK(ds->cost_index[i].value > 0);
        CHECK_STR(ds->cost_index[i].illustrative, "*");
        CHECK_HAS(ds->cost_index[i].source, "BCIS All-in Tender Price Index");
        if (i > 0)
            CHECK(strcmp(ds->cost_index[i - 1].date, ds->cost_index[i].date) <
                  0);
    }
    for (size_t i = 0; i < ds->nassumptions; i++)
        if (!strcmp(ds->assumptions[i].id, "build_cost_index"))
            build_cost_index = ds->assumptions[i].value;
    CHECK(ds->cost_index[11].value / ds->cost_index[3].value ==
          build_cost_index);
    CHECK(sql_num("SELECT count(*) FROM cost_index") == 12);
    CHECK(sql_num("SELECT count(*) FROM cost_index WHERE illustrative = "
                  "'*'") == 12);
}

/* The illustrative funds: a thin ICB allocation every year of the ten,
 * partner and grant money for the schemes whose funding routes name them,
 * and one improvement grant for any scheme with a spend-by year. */
static void funds_by_fund(void)
{
    double icb = 0, p24 = 0, p24_cost = -1, total = 0;
    int icb_years = 0, nhse = 0;

    CHECK(ds->nfunds == 17);
    for (size_t i = 0; i < ds->nfunds; i++) {
        const ds_fund *f = &ds->funds[i];

        total += f->amount_gbp;
        CHECK_STR(f->illustrative, "*");
        CHECK_HAS(f->source, "illustrative: ");
        CHECK(f->place == NULL);
        if (!strcmp(f->id, "ICB-CAPITAL")) {
            CHECK_STR(f->kind, "icb");
            CHECK(f->year == 2026 + icb_years);
            CHECK(!f->scheme_id && f->spend_by_year == 0);
            icb += f->amount_gbp;
            icb_years++;
        } else if (!strcmp(f->id, "NHSE-IMPROVEMENT")) {
            CHECK_STR(f->kind, "grant");
            CHECK(!f->scheme_id && f->spend_by_year == 2030);
            CHECK(f->amount_gbp == 1000000);
            nhse++;
        } else {
            /* tied to a scheme that lists the fund's kind among its routes */
            const ds_scheme *s = NULL;

            CHECK(f->scheme_id != NULL && f->spend_by_year == 0);
            for (size_t k = 0; f->scheme_id && k < ds->nschemes; k++)
                if (!strcmp(ds->schemes[k].id, f->scheme_id))
                    s = &ds->schemes[k];
            CHECK(s != NULL);
            if (s)
                CHECK_HAS(s->funding, f->kind);
            if (s && !strcmp(s->id, "P24")) {
                p24 += f->amount_gbp;
                p24_cost = s->cost_gbp;
            }
        }
    }
    CHECK(icb_years == 10 && icb == 45000000);
    CHECK(nhse == 2);
    /* the Nuneaton hub's partner share and grant make up its cost */
    CHECK(p24 == 2200000 + 1410000 && p24 == p24_cost);
    CHECK(sql_num("SELECT count(*) FROM funds") == 17);
    CHECK(sql_num("SELECT count(*) FROM funds WHERE illustrative = '*'") == 17);
    CHECK(sql_num("SELECT sum(amount_gbp) FROM funds") == total);
    {
        int seen = 0;

        for (size_t i = 0; i < sum->ntables; i++)
            if (!strcmp(sum->tables[i].table, "funds")) {
                seen = 1;
                CHECK(sum->tables[i].rows == 17 &&
                      sum->tables[i].illustrative == 17);
            }
        CHECK(seen);
    }
}

static void scratch_remove(void)
{
    DIR *d = opendir(SCRATCH);
    struct dirent *e;
    char path[4352];

    if (!d)
        return;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", SCRATCH, e->d_name);
            unlink(path);
        }
    closedir(d);
    rmdir(SCRATCH);
}

/* Loads the bundled dataset with `funds` as its funds.csv: a scratch
 * directory of copies of the bundled files, and that file. *out is the
 * caller's (ds_dataset_free). */
static pc_status load_with_funds(const char *funds, ds_dataset **out,
                                 pc_error *err)
{
    char dir[4096], src[PATH_MAX], from[4352], to[4352];
    struct dirent *e;
    DIR *d;
    FILE *f;

    scratch_remove();
    if (!realpath(check_src("datasets/coventry-warwickshire", dir, sizeof dir),
                  src) ||
        mkdir(SCRATCH, 0777) != 0 || !(d = opendir(src)))
        return PC_FAIL(err, PC_ERR_IO, "making %s", SCRATCH);
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && strcmp(e->d_name, "funds.csv")) {
            snprintf(from, sizeof from, "%s/%s", src, e->d_name);
            snprintf(to, sizeof to, "%s/%s", SCRATCH, e->d_name);
            struct stat sb;

            /* copied, not linked: a dataset's files must lie inside
             * its folder; a folder is left out */
            if (stat(from, &sb) != 0 || !S_ISREG(sb.st_mode))
                continue;
            if (pc_file_copy(from, to, 0644) != 0) {
                closedir(d);
                return PC_FAIL(err, PC_ERR_IO, "copying %s", to);
            }
        }
    closedir(d);
    snprintf(to, sizeof to, "%s/funds.csv", SCRATCH);
    f = fopen(to, "w");
    if (!f || fputs(funds, f) < 0) {
        if (f)
            fclose(f);
        return PC_FAIL(err, PC_ERR_IO, "writing %s", to);
    }
    fclose(f);
    return ds_dataset_load(geo, SCRATCH, out, err);
}

/* What the fixture cannot show, having one place: a fund tied to a scheme
 * and to another place is refused. A file with a header and no rows is as
 * if there were none. */
static void funds_place_of_scheme(void)
{
    static const char *const head =
        "fund_id,kind,year,amount_gbp,scheme_id,place\n";
    char buf[512];
    pc_error err = {0};
    ds_dataset *x = NULL;

    snprintf(buf, sizeof buf, "%sOPE,partner,2026,1000,P24,Coventry\n", head);
    CHECK(load_with_funds(buf, &x, &err) == PC_ERR_INPUT);
    CHECK(x == NULL);
    CHECK_HAS(err.msg, "funds.csv: row 2: field \"place\": \"Coventry\", "
                       "but scheme \"P24\" is in \"Warwickshire North\" "
                       "(expected the scheme's place, or empty)");
    ds_dataset_free(x);
    x = NULL;

    /* the scheme's own place is fine */
    snprintf(buf, sizeof buf,
             "%sOPE,partner,2026,1000,P24,Warwickshire North\n", head);
    CHECK(load_with_funds(buf, &x, &err) == PC_OK);
    CHECK(x && x->nfunds == 1 && !x->funds[0].source &&
          !x->funds[0].illustrative && x->funds[0].spend_by_year == 0);
    if (x && x->nfunds == 1)
        CHECK_STR(x->funds[0].place, "Warwickshire North");
    ds_dataset_free(x);
    x = NULL;

    CHECK(load_with_funds(head, &x, &err) == PC_OK);
    CHECK(x && x->nfunds == 0 && x->funds == NULL);
    ds_dataset_free(x);
    scratch_remove();
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"published_system_figures", published_system_figures},
        {"published_place_figures", published_place_figures},
        {"geometry_in_place", geometry_in_place},
        {"schemes_and_money", schemes_and_money},
        {"assumption_register", assumption_register},
        {"cost_index_series", cost_index_series},
        {"funds_by_fund", funds_by_fund},
        {"funds_place_of_scheme", funds_place_of_scheme},
        {NULL, NULL}};
    char dir[4096];
    pc_error err = {0};
    ds_store *st = NULL;
    int rc = 1;

    unlink(DB);
    geo = geo_ctx_new(&err);
    if (!geo ||
        ds_dataset_load(
            geo, check_src("datasets/coventry-warwickshire", dir, sizeof dir),
            &ds, &err) != PC_OK ||
        ds_store_open(DB, DS_OPEN_CREATE, &st, &err) != PC_OK ||
        ds_store_import(st, ds, NULL, &err) != PC_OK ||
        ds_store_summary(st, &sum, &err) != PC_OK) {
        fprintf(stderr, "loading the bundled dataset: %s\n", err.msg);
        printf("0 passed, 1 failed\n");
        goto done;
    }
    rc = check_run(cases, argc, argv);
    /* the bundled data needs no geometry repair */
    if (ds->warnings.count != 0) {
        fprintf(stderr, "bundled dataset: %zu warnings, e.g. %s\n",
                ds->warnings.count, ds->warnings.items[0]);
        rc = 1;
    }
done:
    ds_summary_free(sum);
    ds_store_close(st);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
    unlink(DB);
    return rc;
}
