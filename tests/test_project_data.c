/* test_project_data.c: the projection (plan_project.h) on real data: the
 * published 53 rooms for 73,000 homes on the bundled Coventry and
 * Warwickshire data, runs stored and compared, and a scenario's own
 * spatial allocation on the fixture (test_project.c: hand-worked numbers
 * on a synthetic dataset). */
#include "check.h"
#include "ds_store.h"
#include "fixture_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_compare.h"
#include "plan_project.h"
#include "plan_spatial.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The bundled data: 73,000 homes from 2026 to 2035 x 2.4 / 1,800 x 6 / 11
 * = 53.1 rooms (DESIGN.md §3.3, data/seed). */
static void cw_53_rooms(void)
{
    const char *src = getenv("PC_SOURCE_DIR");
    char dir[4096];
    pc_error err = {0};
    geo_ctx *geo = geo_ctx_new(&err);
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    plan_scenario *s = plan_scenario_new();
    plan_run *r = NULL;
    double homes = 0;

    snprintf(dir, sizeof dir, "%s/datasets/coventry-warwickshire",
             src ? src : ".");
    CHECK(geo && s);
    CHECK(ds_dataset_load(geo, dir, &ds, &err) == PC_OK);
    CHECK(ds && plan_spatial_build(geo, ds, &sp, &err) == PC_OK);
    if (!ds || !sp || !s)
        goto done;
    s->preset = strdup("cw-strategy");
    s->growth = PLAN_GROWTH_HOUSING;
    CHECK(plan_project(ds, sp, s, &r, &err) == PC_OK);
    if (!r) {
        fprintf(stderr, "%s\n", err.msg);
        goto done;
    }
    for (size_t i = 0; i < ds->nsites; i++)
        for (size_t k = 0; k < ds->sites[i].ntraj; k++) {
            int y = ds->sites[i].traj_start + (int)k;

            if (y >= 2026 && y < 2036)
                homes += (double)ds->sites[i].traj[k];
        }
    CHECK_NEAR(homes, 73000, 0.5);
    CHECK(r->years == 10 && r->base_year == 2026 && r->nplaces == 4);
    CHECK(r->npractices == 119);
    CHECK_NEAR(r->system.years[10].growth_rooms, 53.1, 1.0);
    CHECK_NEAR(r->system.years[10].growth_rooms,
               homes * 2.4 * 6.0 / (1800 * 11), 1e-6);
    CHECK_NEAR(r->system.years[10].new_patients, homes * 2.4, 1e-6);
    /* capacity by the dataset's house method, the whole team's activity,
     * recomputed from the register's rows: calibrated so that the system
     * is at capacity today (within a room) */
    CHECK(r->demand == PLAN_DEMAND_GP_FTE &&
          r->capacity == PLAN_DEMAND_ACTIVITY);
    {
        static const char *const ids[] = {"appointments_per_patient_year",
                                          "appointment_share_gp",
                                          "appointment_share_nurse",
                                          "appointment_share_other",
                                          "f2f_share_gp",
                                          "f2f_share_nurse",
                                          "f2f_share_other",
                                          "minutes_gp",
                                          "minutes_nurse",
                                          "minutes_other",
                                          "room_hours_per_week",
                                          "weeks_per_year",
                                          "utilisation"};
        double v[13], kc;

        for (size_t i = 0; i < 13; i++) {
            v[i] = NAN;
            for (size_t j = 0; j < ds->nassumptions; j++)
                if (!strcmp(ds->assumptions[j].id, ids[i]))
                    v[i] = ds->assumptions[j].value;
        }
        kc = v[0] *
             (v[1] * v[4] * v[7] + v[2] * v[5] * v[8] + v[3] * v[6] * v[9]) /
             (v[10] * 60 * v[11] * v[12]);
        CHECK_NEAR(r->k_capacity, kc, 1e-15);
        CHECK_NEAR(r->system.years[0].rooms, 998 + 295, 1e-9);
        CHECK_NEAR(r->system.years[0].required_rooms,
                   r->system.years[0].patients * kc, 1e-6);
        CHECK_NEAR(r->system.years[0].gap, 0, 1.0);
    }
done:
    plan_run_free(r);
    plan_scenario_free(s);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
}

/* Runs through the store: the fixture imported, read back, projected
 * twice (one run id, stored once), looked up by prefix, compared: the
 * comparison's differences are B minus A of the stored figures. */
/* The comparison c of runs ra and rb lists the delivery among the inputs
 * and the system's new patients B minus A. */
static void check_compare(const cJSON *c, const plan_run *ra,
                          const plan_run *rb)
{
    const cJSON *in = cJSON_GetObjectItem(c, "inputs"), *y;
    const cJSON *sys = cJSON_GetObjectItem(c, "system");
    int found = 0;

    cJSON_ArrayForEach(y, in)
    {
        if (!strcmp(cJSON_GetObjectItem(y, "key")->valuestring, "delivery"))
            found = 1;
    }
    CHECK(found);
    cJSON_ArrayForEach(y, cJSON_GetObjectItem(sys, "years"))
    {
        int t = cJSON_GetObjectItem(y, "year")->valueint - 2026;
        double d =
            cJSON_GetObjectItem(cJSON_GetObjectItem(y, "diff"), "new_patients")
                ->valuedouble;

        CHECK_NEAR(d,
                   round(10 * rb->system.years[t].new_patients) / 10 -
                       round(10 * ra->system.years[t].new_patients) / 10,
                   0.006);
    }
}

/* plan_run_cjson's tree prints as plan_run_json's text (less the final
 * newline). */
static void check_run_cjson(const plan_run *r, const char *text)
{
    cJSON *t = NULL;
    char *p;
    pc_error err = {0};

    CHECK(plan_run_cjson(r, PLAN_DETAIL_PLACE, &t, &err) == PC_OK);
    p = t ? cJSON_Print(t) : NULL;
    CHECK(p && strlen(text) == strlen(p) + 1 && !strncmp(p, text, strlen(p)));
    cJSON_free(p);
    cJSON_Delete(t);
}

static void stored_runs_and_compare(void)
{
    const char *db = "test_project.db";
    pc_error err = {0};
    ds_dataset *back = NULL;
    ds_spatial *spb = NULL;
    ds_store *st = NULL;
    ds_run_list *l = NULL;
    plan_scenario *s = plan_scenario_new();
    plan_run *ra = NULL, *rb = NULL;
    pc_buf ja = PC_BUF_INIT(PC_CAP_TABLE), jb = PC_BUF_INIT(PC_CAP_TABLE),
           cmp = PC_BUF_INIT(PC_CAP_TABLE);
    char *id = NULL, *json = NULL, prefix[8];
    cJSON *c = NULL;

    CHECK(s != NULL);
    if (!s || !fixture_store(db, "tests/data/fixture", 1, NULL) ||
        ds_store_open(db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_load(st, 0, &back, &spb, &err) != PC_OK) {
        fprintf(stderr, "%s\n", err.msg);
        CHECK(0);
        goto done;
    }
    s->years = 5;
    s->growth = PLAN_GROWTH_HOUSING;
    CHECK(plan_project(back, spb, s, &ra, &err) == PC_OK);
    s->delivery_factor = 0.5;
    CHECK(plan_project(back, spb, s, &rb, &err) == PC_OK);
    if (!ra || !rb)
        goto done;
    CHECK(strcmp(ra->run_id, rb->run_id) != 0);
    CHECK(plan_run_json(ra, PLAN_DETAIL_PLACE, &ja, &err) == PC_OK);
    CHECK(plan_run_json(rb, PLAN_DETAIL_PLACE, &jb, &err) == PC_OK);
    for (int k = 0; k < 2; k++) { /* twice: stored once */
        ds_run_info a = {ra->run_id, ra->input_hash, ra->dataset, NULL, NULL,
                         "gp_fte",   "housing",      "huff",      2026, 5,
                         0,          NULL,           NULL};
        ds_run_info b = a;

        b.run_id = rb->run_id;
        b.input_hash = rb->input_hash;
        CHECK(ds_store_run_put(st, &a, pc_buf_str(&ja), &err) == PC_OK);
        CHECK(ds_store_run_put(st, &b, pc_buf_str(&jb), &err) == PC_OK);
    }
    CHECK(ds_store_runs(st, &l, &err) == PC_OK);
    CHECK(l && l->n == 2);
    if (l && l->n == 2)
        CHECK_STR(l->v[0].run_id, ra->run_id);
    memcpy(prefix, ra->run_id, 6);
    prefix[6] = '\0';
    CHECK(ds_store_run_get(st, prefix, &id, &json, &err) == PC_OK);
    CHECK(id && !strcmp(id, ra->run_id));
    CHECK(json && !strcmp(json, pc_buf_str(&ja)));
    free(id);
    free(json);
    id = json = NULL;
    CHECK(ds_store_run_get(st, "0000000000", &id, &json, &err) ==
          PC_ERR_NOTFOUND);
    CHECK(ds_store_run_get(st, "zz", &id, &json, &err) == PC_ERR_INPUT);
    CHECK(plan_compare(ra->run_id, pc_buf_str(&ja), rb->run_id, pc_buf_str(&jb),
                       1, &cmp, &err) == PC_OK);
    c = cJSON_Parse(pc_buf_str(&cmp));
    CHECK(c != NULL);
    if (c)
        check_compare(c, ra, rb);
    check_run_cjson(ra, pc_buf_str(&ja));
done:
    cJSON_Delete(c);
    pc_buf_free(&ja);
    pc_buf_free(&jb);
    pc_buf_free(&cmp);
    ds_run_list_free(l);
    plan_run_free(ra);
    plan_run_free(rb);
    plan_scenario_free(s);
    ds_store_close(st);
    ds_spatial_free(spb);
    ds_dataset_free(back);
    unlink(db);
}

/* A scenario changing huff_beta gets its own allocation: made again from
 * the geometry, different from the stored one, and the projection refuses
 * the stored one for that scenario. */
static void spatial_overrides(void)
{
    const char *src = getenv("PC_SOURCE_DIR");
    char dir[4096];
    pc_error err = {0};
    geo_ctx *geo = geo_ctx_new(&err);
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL, *again = NULL;
    plan_scenario *s = plan_scenario_new();
    plan_run *r = NULL;
    static char *ids[] = {"huff_beta"};
    static double vals[] = {1.0};
    int differ = 0;

    snprintf(dir, sizeof dir, "%s/tests/data/fixture", src ? src : ".");
    CHECK(geo && s);
    if (!geo || !s || ds_dataset_load(geo, dir, &ds, &err) != PC_OK ||
        plan_spatial_build(geo, ds, &sp, &err) != PC_OK) {
        CHECK(0);
        goto done;
    }
    /* unchanged: the stored model serves */
    CHECK(plan_project_spatial(geo, ds, sp, s, &again, &err) == PC_OK);
    CHECK(again == NULL);
    s->override_ids = ids;
    s->override_values = vals;
    s->noverrides = 1;
    CHECK(plan_project(ds, sp, s, &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "huff_beta");
    CHECK(plan_project_spatial(geo, ds, sp, s, &again, &err) == PC_OK);
    CHECK(again != NULL);
    if (!again)
        goto done;
    CHECK(again->nallocs > 0);
    for (size_t i = 0; i < again->nparams; i++)
        if (!strcmp(again->param_ids[i], "huff_beta"))
            CHECK(again->param_values[i] == 1.0);
    for (size_t i = 0; i < again->nallocs && i < sp->nallocs; i++)
        if (!strcmp(again->allocs[i].method, "huff") &&
            (strcmp(again->allocs[i].practice_code,
                    sp->allocs[i].practice_code) ||
             again->allocs[i].share != sp->allocs[i].share))
            differ = 1;
    CHECK(differ || again->nallocs != sp->nallocs);
    CHECK(plan_project(ds, again, s, &r, &err) == PC_OK);
done:
    if (s) {
        s->override_ids = NULL; /* static */
        s->override_values = NULL;
        s->noverrides = 0;
    }
    plan_run_free(r);
    plan_scenario_free(s);
    ds_spatial_free(again);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"cw_53_rooms", cw_53_rooms},
        {"stored_runs_and_compare", stored_runs_and_compare},
        {"spatial_overrides", spatial_overrides},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
