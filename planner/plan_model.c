/* plan_model.c: the model handle of plan_model.h: the store, its dataset
 * and spatial models, and the requests the front ends make of them.
 *
 * The spatial model a scenario needs depends only on the values its preset
 * and overrides give the assumptions the stored model was made with
 * (ds_spatial's param_ids): the stored model when they are unchanged, else
 * a new allocation. The last new allocation is kept with those values, so
 * that a run, a report and an assessment of one scenario, or the next
 * request with the same spatial assumptions, allocate the sites once. */
#include "plan_model.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_file.h"
#include "pc_text.h"
#include "plan_params.h"
#include "plan_programme_store.h"
#include "plan_report.h"
#include "plan_spatial.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct plan_model {
    ds_store *st;
    char *db_path; /* the store's, for the models sharing this one */
    int shares;    /* ds and sp are another model's
                      (plan_model_open_sharing) */
    ds_dataset *ds;
    ds_spatial *sp;        /* stored at import */
    ds_spatial *sp_run;    /* made for other spatial assumptions; NULL: none */
    plan_assess_cache idx; /* the indexes new developments were last
                              placed with, the counted sites' needs
                              (plan_assess's cache) */
    geo_ctx *geo;
};

/* --- import ------------------------------------------------------------ */

static void (*test_point)(const char *name); /* plan_model_set_test_point */

void plan_model_set_test_point(void (*fn)(const char *name))
{
    test_point = fn;
}

pc_status plan_model_import(const char *db_path, const char *data_dir,
                            plan_import *out, pc_error *err)
{
    plan_import im = {NULL, NULL};
    geo_ctx *geo = NULL;
    ds_store *st = NULL;
    struct stat sb;
    int existed = stat(db_path, &sb) == 0;
    char tmp[4096];
    pc_status rc;

    if (!(geo = geo_ctx_new(err))) {
        rc = err->code;
        goto cleanup;
    }
    /* the spatial model is made before anything is written */
    if ((rc = ds_dataset_load(geo, data_dir, &im.ds, err)) != PC_OK ||
        (rc = plan_spatial_build(geo, im.ds, &im.sp, err)) != PC_OK)
        goto cleanup;
    /* a new store is made under a temporary name beside it and renamed
     * into place once whole: killed part way, it leaves no store (an
     * empty one would pass for a store with no dataset) */
    if (!existed && (rc = pc_file_temp(db_path, tmp, sizeof tmp, err)))
        goto cleanup;
    if ((rc = ds_store_open(existed ? db_path : tmp, DS_OPEN_CREATE, &st,
                            err)) != PC_OK ||
        (rc = ds_store_import(st, im.ds, im.sp, err)) != PC_OK) {
        ds_store_close(st);
        st = NULL;
        if (!existed)
            unlink(tmp); /* leave nothing half-made behind */
        goto cleanup;
    }
    if (!existed) {
        ds_store_close(st);
        st = NULL;
        if (test_point)
            test_point("init-before-rename");
        if ((rc = pc_file_commit(tmp, db_path, err)) != PC_OK)
            goto cleanup;
    }
    *out = im;
    im = (plan_import){NULL, NULL};

cleanup:
    ds_store_close(st);
    plan_import_free(&im);
    geo_ctx_free(geo);
    return rc;
}

void plan_import_free(plan_import *im)
{
    if (!im)
        return;
    ds_spatial_free(im->sp);
    ds_dataset_free(im->ds);
    im->sp = NULL;
    im->ds = NULL;
}

/* --- open, close, getters ---------------------------------------------- */

static pc_status model_open(const char *db_path, ds_open_mode mode,
                            plan_model **out, pc_error *err)
{
    pc_status rc = PC_OK;
    plan_model *m = calloc(1, sizeof *m);

    if (!m || !(m->db_path = strdup(db_path))) {
        free(m);
        return PC_NOMEM(err);
    }
    if (!(m->geo = geo_ctx_new(err))) {
        rc = err->code;
        goto cleanup;
    }
    if ((rc = ds_store_open(db_path, mode, &m->st, err)) ||
        (rc = ds_store_load(m->st, DS_LOAD_GEOMETRY, &m->ds, &m->sp, err)))
        goto cleanup;
    *out = m;
    m = NULL;

cleanup:
    plan_model_close(m);
    return rc;
}

pc_status plan_model_open(const char *db_path, plan_model **out, pc_error *err)
{
    return model_open(db_path, DS_OPEN_EXISTING, out, err);
}

pc_status plan_model_open_readonly(const char *db_path, plan_model **out,
                                   pc_error *err)
{
    return model_open(db_path, DS_OPEN_READONLY, out, err);
}

pc_status plan_model_open_sharing(const plan_model *base, plan_model **out,
                                  pc_error *err)
{
    plan_model *m = calloc(1, sizeof *m);
    pc_status rc = PC_OK;

    if (!m || !(m->db_path = strdup(base->db_path))) {
        free(m);
        return PC_NOMEM(err);
    }
    m->shares = 1;
    m->ds = base->ds;
    m->sp = base->sp;
    if (!(m->geo = geo_ctx_new(err)))
        rc = err->code;
    else
        rc = ds_store_open(m->db_path, DS_OPEN_READONLY, &m->st, err);
    if (rc != PC_OK) {
        plan_model_close(m);
        return rc;
    }
    *out = m;
    return PC_OK;
}

void plan_model_close(plan_model *m)
{
    if (!m)
        return;
    plan_assess_cache_free(&m->idx);
    ds_spatial_free(m->sp_run);
    if (!m->shares) { /* this model's own */
        ds_spatial_free(m->sp);
        ds_dataset_free(m->ds);
    }
    ds_store_close(m->st);
    geo_ctx_free(m->geo);
    free(m->db_path);
    free(m);
}

ds_store *plan_model_store(plan_model *m)
{
    return m->st;
}

const ds_dataset *plan_model_dataset(const plan_model *m)
{
    return m->ds;
}

geo_ctx *plan_model_geo(plan_model *m)
{
    return m->geo;
}

const ds_spatial *plan_model_stored_spatial(const plan_model *m)
{
    return m->sp;
}

/* 1 when every assumption sp was made with has the same value in A. */
static int spatial_matches(const plan_params *A, const ds_spatial *sp)
{
    size_t j;

    for (size_t i = 0; i < sp->nparams; i++)
        if (plan_params_find(A, sp->param_ids[i], &j) &&
            plan_params_at(A, j).value != sp->param_values[i])
            return 0;
    return 1;
}

pc_status plan_model_spatial(plan_model *m, const plan_scenario *sc,
                             const ds_spatial **out, pc_error *err)
{
    plan_params *A = NULL;
    ds_spatial *made = NULL;
    pc_status rc;

    if ((rc = plan_params_new(m->ds, sc, &A, err)))
        return rc;
    if (spatial_matches(A, m->sp)) {
        *out = m->sp;
        goto cleanup;
    }
    if (m->sp_run && spatial_matches(A, m->sp_run)) {
        *out = m->sp_run;
        goto cleanup;
    }
    if ((rc = plan_project_spatial(m->geo, m->ds, m->sp, sc, &made, err)))
        goto cleanup;
    ds_spatial_free(m->sp_run);
    m->sp_run = made; /* never NULL here: the values differ */
    *out = made ? made : m->sp;

cleanup:
    plan_params_free(A);
    return rc;
}

/* --- lookups ------------------------------------------------------------ */

static const char *place_name(const void *ds, size_t i)
{
    return ((const ds_dataset *)ds)->places[i].name;
}

pc_status plan_model_find_place(const plan_model *m, const char *name,
                                size_t *idx, pc_error *err)
{
    size_t at = pc_name_find(name, m->ds, m->ds->nplaces, place_name);

    if (at == m->ds->nplaces)
        return pc_name_missing("place", name, m->ds, m->ds->nplaces, place_name,
                               err);
    if (idx)
        *idx = at;
    return PC_OK;
}

pc_status plan_model_find_site(const plan_model *m, const char *id, size_t *idx,
                               pc_error *err)
{
    const ds_dataset *ds = m->ds;

    for (size_t i = 0; i < ds->nsites; i++)
        if (!strcmp(ds->sites[i].id, id)) {
            if (idx)
                *idx = i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_NOTFOUND,
                   "no site \"%.80s\" in the dataset (it has %zu sites)", id,
                   ds->nsites);
}

pc_status plan_model_find_premises(const plan_model *m, const char *id,
                                   size_t *idx, pc_error *err)
{
    const ds_dataset *ds = m->ds;

    for (size_t i = 0; i < ds->npremises; i++)
        if (!strcmp(ds->premises[i].id, id)) {
            if (idx)
                *idx = i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_NOTFOUND,
                   "no premises \"%.80s\" in the dataset (it has %zu "
                   "premises)",
                   id, ds->npremises);
}

/* --- requests ----------------------------------------------------------- */

pc_status plan_model_run(plan_model *m, const plan_scenario *sc, plan_run **out,
                         pc_error *err)
{
    const ds_spatial *sp = NULL;
    pc_status rc;

    if ((rc = plan_model_spatial(m, sc, &sp, err)))
        return rc;
    return plan_project(m->ds, sp, sc, out, err);
}

pc_status plan_model_backtest(plan_model *m, const plan_backtest_opts *opts,
                              plan_backtest **out, pc_error *err)
{
    return plan_backtest_run(m->ds, m->sp, opts, out, err);
}

pc_status plan_model_run_save(plan_model *m, const plan_run *run, pc_buf *json,
                              pc_error *err)
{
    return plan_model_run_save_as(m, run, NULL, json, err);
}

pc_status plan_model_run_save_as(plan_model *m, const plan_run *run,
                                 const char *label, pc_buf *json, pc_error *err)
{
    pc_buf stored = PC_BUF_INIT(PC_CAP_RUN);
    ds_run_info info = {run->run_id,
                        run->input_hash,
                        run->dataset,
                        run->scenario,
                        run->preset,
                        plan_demand_name(run->demand),
                        plan_growth_name(run->growth),
                        plan_method_name(run->allocation),
                        run->base_year,
                        run->years,
                        run->draws,
                        label,
                        NULL};
    pc_status rc;

    if (label && (rc = plan_label_check(label, err)))
        return rc;
    if (!(rc = plan_run_json(run, PLAN_DETAIL_PLACE, &stored, err)) &&
        !(rc = ds_store_run_put(m->st, &info, pc_buf_str(&stored), err)) &&
        json && pc_buf_add(json, pc_buf_str(&stored), stored.len))
        rc = PC_NOMEM(err);
    pc_buf_free(&stored);
    return rc;
}

pc_status plan_model_report(plan_model *m, const plan_scenario *sc,
                            const char *as_of, cJSON **out, pc_error *err)
{
    const ds_spatial *sp = NULL;
    pc_status rc;

    if ((rc = plan_model_spatial(m, sc, &sp, err)))
        return rc;
    return plan_report_build(m->geo, m->ds, sp, sc, as_of, out, err);
}

pc_status plan_model_report_save(plan_model *m, const plan_scenario *sc,
                                 const char *as_of, const char *label,
                                 cJSON **out, pc_error *err)
{
    const ds_spatial *sp = NULL;
    plan_run *run = NULL;
    pc_status rc;

    if (label && (rc = plan_label_check(label, err)))
        return rc;
    if (!(rc = plan_model_spatial(m, sc, &sp, err)) &&
        !(rc = plan_project(m->ds, sp, sc, &run, err)) &&
        !(rc = plan_model_run_save_as(m, run, label, NULL, err)))
        rc = plan_report_build_run(m->geo, m->ds, sp, sc, run, as_of, out, err);
    plan_run_free(run);
    return rc;
}

pc_status plan_model_assess(plan_model *m, const plan_scenario *sc,
                            const plan_dev *dev, const plan_assess_opts *o,
                            plan_assessment **out, pc_error *err)
{
    const ds_spatial *sp = NULL;
    pc_status rc;

    if ((rc = plan_model_spatial(m, sc, &sp, err)))
        return rc;
    return plan_assess(m->geo, m->ds, sp, sc, dev, o, &m->idx, out, err);
}

pc_status plan_model_assess_all(plan_model *m, const plan_scenario *sc,
                                const plan_assess_opts *o,
                                plan_assessment ***out, size_t *n,
                                pc_error *err)
{
    const ds_spatial *sp = NULL;
    pc_status rc;

    if ((rc = plan_model_spatial(m, sc, &sp, err)))
        return rc;
    return plan_assess_all(m->ds, sp, sc, o, out, n, err);
}

pc_status plan_model_contributions(plan_model *m, const plan_scenario *sc,
                                   const plan_contrib_opts *opts,
                                   plan_contrib_ledger **out, pc_error *err)
{
    return plan_contrib_build(m->ds, sc, opts, out, err);
}

pc_status plan_model_prioritise(plan_model *m, const plan_scenario *sc,
                                plan_prio_instance **out, pc_error *err)
{
    const ds_spatial *sp = NULL;
    pc_status rc;

    if ((rc = plan_model_spatial(m, sc, &sp, err)))
        return rc;
    return plan_prio_build(m->ds, sp, sc, out, err);
}

pc_status plan_model_programme_save(plan_model *m, const plan_programme *pg,
                                    pc_error *err)
{
    pc_status rc;

    if (pg->in->gaps && (rc = plan_model_run_save(m, pg->in->gaps, NULL, err)))
        return rc;
    return plan_programme_save(m->st, pg, err);
}
