/* test_model.c: the model handle (plan_model.h) on a store made from the
 * fixture dataset: the spatial model cache, run and save, lookups of
 * unknown ids, and the report document. */
#include "check.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_model.h"
#include "plan_request.h"
#include "plan_spatial.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DB "test_model_fixture.db"

/* Imports the fixture into DB as `pcplan init` does; 0 on failure. */
static int make_store(void)
{
    char dir[4096];
    pc_error err = {0};
    geo_ctx *geo = geo_ctx_new(&err);
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    ds_store *st = NULL;
    int ok = 0;

    unlink(DB);
    if (geo &&
        ds_dataset_load(geo, check_src("tests/data/fixture", dir, sizeof dir),
                        &ds, &err) == PC_OK &&
        plan_spatial_build(geo, ds, &sp, &err) == PC_OK &&
        ds_store_open(DB, DS_OPEN_CREATE, &st, &err) == PC_OK &&
        ds_store_import(st, ds, sp, &err) == PC_OK)
        ok = 1;
    else
        fprintf(stderr, "fixture store: %s\n", err.msg);
    ds_store_close(st);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
    return ok;
}

static plan_scenario *scenario(const char *json)
{
    plan_scenario *sc = NULL;
    pc_error err = {0};

    if (plan_scenario_parse(json, strlen(json), "test", &sc, &err) != PC_OK)
        fprintf(stderr, "scenario: %s\n", err.msg);
    return sc;
}

static plan_model *open_model(void)
{
    plan_model *m = NULL;
    pc_error err = {0};

    if (!make_store() || plan_model_open(DB, &m, &err) != PC_OK) {
        fprintf(stderr, "open: %s\n", err.msg);
        return NULL;
    }
    return m;
}

static void open_missing(void)
{
    plan_model *m = NULL;
    pc_error err = {0};

    unlink("test_model_none.db");
    CHECK(plan_model_open("test_model_none.db", &m, &err) == PC_ERR_NOTFOUND);
    CHECK(m == NULL);
    plan_model_close(NULL);
}

static void spatial_cache(void)
{
    plan_model *m = open_model();
    plan_scenario *plain = scenario("{}"),
                  *beta = scenario("{\"assumptions\":{\"huff_beta\":1.5}}"),
                  *beta2 = scenario("{\"years\":5,\"assumptions\":"
                                    "{\"huff_beta\":1.5}}"),
                  *alpha = scenario("{\"assumptions\":{\"huff_beta\":1.2}}");
    const ds_spatial *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
    pc_error err = {0};

    CHECK(m && plain && beta && beta2 && alpha);
    if (!m || !plain || !beta || !beta2 || !alpha)
        goto done;
    CHECK(plan_model_spatial(m, plain, &a, &err) == PC_OK);
    CHECK(a == plan_model_stored_spatial(m));
    CHECK(plan_model_spatial(m, beta, &b, &err) == PC_OK);
    CHECK(b && b != a);
    /* same spatial assumptions, other scenario: the cached model */
    CHECK(plan_model_spatial(m, beta2, &c, &err) == PC_OK);
    CHECK(c == b);
    CHECK(plan_model_spatial(m, alpha, &d, &err) == PC_OK);
    CHECK(d && d != a);
    CHECK(plan_model_spatial(m, plain, &e, &err) == PC_OK);
    CHECK(e == a);
done:
    plan_scenario_free(plain);
    plan_scenario_free(beta);
    plan_scenario_free(beta2);
    plan_scenario_free(alpha);
    plan_model_close(m);
    unlink(DB);
}

static void run_and_save(void)
{
    plan_model *m = open_model();
    plan_scenario *sc = scenario("{\"years\":5}");
    plan_run *run = NULL;
    ds_run_list *l = NULL;
    pc_buf json = PC_BUF_INIT(PC_CAP_DOC);
    pc_error err = {0};
    int found = 0;

    CHECK(m && sc);
    if (!m || !sc)
        goto done;
    CHECK(plan_model_run(m, sc, &run, &err) == PC_OK);
    if (!run)
        goto done;
    CHECK(plan_model_run_save(m, run, &json, &err) == PC_OK);
    CHECK_HAS(pc_buf_str(&json), run->run_id);
    CHECK(ds_store_runs(plan_model_store(m), &l, &err) == PC_OK);
    for (size_t i = 0; l && i < l->n; i++)
        found += !strcmp(l->v[i].run_id, run->run_id);
    CHECK(found == 1);
    /* saving again keeps one run */
    CHECK(plan_model_run_save(m, run, NULL, &err) == PC_OK);
done:
    ds_run_list_free(l);
    pc_buf_free(&json);
    plan_run_free(run);
    plan_scenario_free(sc);
    plan_model_close(m);
    unlink(DB);
}

static void lookups(void)
{
    plan_model *m = open_model();
    const ds_dataset *ds;
    pc_error err = {0};
    size_t i = 99;

    CHECK(m != NULL);
    if (!m)
        return;
    ds = plan_model_dataset(m);
    CHECK(plan_model_find_place(m, ds->places[0].name, &i, &err) == PC_OK);
    CHECK(i == 0);
    CHECK(plan_model_find_site(m, ds->sites[ds->nsites - 1].id, &i, &err) ==
          PC_OK);
    CHECK(i == ds->nsites - 1);
    CHECK(plan_model_find_premises(m, ds->premises[0].id, NULL, &err) == PC_OK);
    CHECK(plan_model_find_place(m, "Nowhere", &i, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "no place named \"Nowhere\" (the places are \"Rugby\")");
    CHECK(plan_model_find_site(m, "CW-NOPE", &i, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "CW-NOPE");
    CHECK(plan_model_find_premises(m, "PR-NOPE", &i, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "PR-NOPE");
    plan_model_close(m);
    unlink(DB);
}

static void report_document(void)
{
    plan_model *m = open_model();
    plan_scenario *sc = scenario("{}");
    cJSON *doc = NULL;
    pc_error err = {0};

    CHECK(m && sc);
    if (m && sc) {
        CHECK(plan_model_report(m, sc, NULL, &doc, &err) == PC_OK);
        CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "places")) ==
              (int)plan_model_dataset(m)->nplaces);
    }
    cJSON_Delete(doc);
    plan_scenario_free(sc);
    plan_model_close(m);
    unlink(DB);
}

static void request_options(void)
{
    pc_error err = {0};
    plan_detail d = PLAN_DETAIL_PLACE;
    int w = -1;

    CHECK(plan_request_detail("practice", &d, &err) == PC_OK);
    CHECK(d == PLAN_DETAIL_PRACTICE);
    CHECK(plan_request_detail("lad", &d, &err) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "expected place, pcn or practice, got lad");
    CHECK(plan_request_date("2026-04-01", &err) == PC_OK);
    CHECK(plan_request_date("2026-02-30", &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "expected a date YYYY-MM-DD");
    CHECK(plan_request_warn_years("0", &w, &err) == PC_OK && w == 0);
    CHECK(plan_request_warn_years("50", &w, &err) == PC_OK && w == 50);
    CHECK(plan_request_warn_years("51", &w, &err) == PC_ERR_INPUT);
    CHECK(plan_request_warn_years("ten", &w, &err) == PC_ERR_INPUT);
    CHECK(w == 50);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {{"open_missing", open_missing},
                                       {"spatial_cache", spatial_cache},
                                       {"run_and_save", run_and_save},
                                       {"lookups", lookups},
                                       {"report_document", report_document},
                                       {"request_options", request_options},
                                       {NULL, NULL}};

    return check_run(cases, argc, argv);
}
