/* plan_model.h: the model a front end answers requests from, as one handle.
 *
 * A plan_model owns an open store, the dataset it holds (with geometry),
 * the stored spatial model (the allocation of every site's patients to
 * practices made at import), a GEOS/PROJ context, and the spatial model
 * the last scenario with other spatial assumptions (huff_*, dmax_*) asked
 * for: made again once and kept, so that the next scenario with the same
 * spatial assumptions reuses it. The requests below (a run and its record,
 * the report document, assessments, the ledger, the capital programme's
 * instance) are everything a front end does beyond parsing and printing,
 * so that the command line and an HTTP handler make the same calls.
 *
 * A plan_model is not thread-safe: a server holds one per worker thread,
 * all sharing one dataset (plan_model_open_sharing).
 * Pointers its getters return are borrowed and stay valid until the model
 * is closed, except plan_model_spatial()'s, which stays valid until the
 * next call that takes a scenario. */
#ifndef PLAN_MODEL_H
#define PLAN_MODEL_H

#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_assess.h"
#include "plan_backtest.h"
#include "plan_contrib.h"
#include "plan_prio.h"
#include "plan_project.h"
#include "plan_scenario.h"

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct plan_model plan_model; /* opaque: defined in plan_model.c */

/* --- open, close, getters ---------------------------------------------- */

/* Opens the existing store at db_path and loads its dataset (with
 * geometry) and stored spatial model. A missing store is PC_ERR_NOTFOUND.
 * *out is owned by the caller (plan_model_close). */
pc_status plan_model_open(const char *db_path, plan_model **out, pc_error *err);
/* The same with the store opened read only (DS_OPEN_READONLY): a
 * server's worker models; saving a run then fails. */
pc_status plan_model_open_readonly(const char *db_path, plan_model **out,
                                   pc_error *err);
/* A model of base's store that shares base's dataset and stored spatial
 * model instead of loading them again: its own connection to the store,
 * read only (saving a run then fails), its own GEOS/PROJ context and
 * caches. Requests never change a model's dataset, so base and the models
 * sharing it may each answer on its own thread at the same time, the
 * dataset held once (a server's workers). base must be closed after
 * them. */
pc_status plan_model_open_sharing(const plan_model *base, plan_model **out,
                                  pc_error *err);
void plan_model_close(plan_model *m); /* NULL-safe */

ds_store *plan_model_store(plan_model *m);
const ds_dataset *plan_model_dataset(const plan_model *m);
geo_ctx *plan_model_geo(plan_model *m);
/* The spatial model stored at import. */
const ds_spatial *plan_model_stored_spatial(const plan_model *m);

/* The spatial model scenario sc needs: the stored one when sc leaves the
 * spatial assumptions as they were at import, else one made with sc's
 * values (plan_project_spatial) and cached until a scenario with other
 * spatial assumptions asks. *out is borrowed (see above). An unknown
 * preset is PC_ERR_NOTFOUND, a bad override PC_ERR_INPUT. */
pc_status plan_model_spatial(plan_model *m, const plan_scenario *sc,
                             const ds_spatial **out, pc_error *err);

/* --- import ------------------------------------------------------------ */

/* What an import read and stored: the dataset and its spatial model, for
 * the front end's summary and their warnings. */
typedef struct plan_import {
    ds_dataset *ds; /* with ds->warnings */
    ds_spatial *sp; /* with sp->warnings */
} plan_import;

/* Loads the dataset directory data_dir (ds_dataset_load), makes its
 * spatial model (plan_spatial_build) and stores both into the store at
 * db_path, created when missing. Nothing is written before both are
 * made, and a store this call created is removed again when storing
 * fails. On success *out's members are owned by the caller
 * (plan_import_free). */
pc_status plan_model_import(const char *db_path, const char *data_dir,
                            plan_import *out, pc_error *err);
void plan_import_free(plan_import *im); /* NULL-safe; frees the members */

/* A test harness's hook, called (when set; NULL: none) at named moments of
 * an import ("init-before-rename": the new store is whole but not yet in
 * place), so that a front end's tests can stop the process there and show
 * what a kill at that moment leaves behind. The library itself only calls
 * it. Process-wide; set it before any import. */
void plan_model_set_test_point(void (*fn)(const char *name));

/* --- lookups ------------------------------------------------------------ */

/* The index of the place, site or premises with this name or id in the
 * dataset's arrays; PC_ERR_NOTFOUND naming it (and, for places, the
 * places there are) when there is none. idx may be NULL. */
pc_status plan_model_find_place(const plan_model *m, const char *name,
                                size_t *idx, pc_error *err);
pc_status plan_model_find_site(const plan_model *m, const char *id, size_t *idx,
                               pc_error *err);
pc_status plan_model_find_premises(const plan_model *m, const char *id,
                                   size_t *idx, pc_error *err);

/* --- requests ----------------------------------------------------------- */

/* Projects sc (plan_project) with the spatial model it needs. *out is
 * owned by the caller (plan_run_free) and borrows from m: free it
 * before closing m. */
pc_status plan_model_run(plan_model *m, const plan_scenario *sc, plan_run **out,
                         pc_error *err);

/* Stores run in m's store under its run id (ds_store_run_put; a run with
 * the same id is kept as it is) with its JSON at place detail
 * (plan_run_json), which is also appended to json when json is not
 * NULL. */
pc_status plan_model_run_save(plan_model *m, const plan_run *run, pc_buf *json,
                              pc_error *err);

/* plan_model_run_save with a label (NULL: none; checked by
 * plan_label_check), stored with the run and listed with it. The label is
 * a name, not an input: it is not in the run's hash, id or JSON, and a
 * run stored again with a label takes the new one. */
pc_status plan_model_run_save_as(plan_model *m, const plan_run *run,
                                 const char *label, pc_buf *json,
                                 pc_error *err);

/* The report document (plan_report_build) of scenario sc, with the
 * contributions ledger at as_of (NULL: the latest list-size date). *out is
 * owned by the caller (cJSON_Delete). */
pc_status plan_model_report(plan_model *m, const plan_scenario *sc,
                            const char *as_of, cJSON **out, pc_error *err);

/* plan_model_report, storing the document's run in m's store (as
 * plan_model_run_save_as does, with label), so that the run id the
 * document carries is listed with the store's runs. */
pc_status plan_model_report_save(plan_model *m, const plan_scenario *sc,
                                 const char *as_of, const char *label,
                                 cJSON **out, pc_error *err);

/* The assessment of one development (plan_assess): a stored site, a point
 * or an outline. *out is owned by the caller (plan_assessment_free). */
pc_status plan_model_assess(plan_model *m, const plan_scenario *sc,
                            const plan_dev *dev, const plan_assess_opts *o,
                            plan_assessment **out, pc_error *err);

/* Every stored site with homes still to build (plan_assess_all). *out is
 * owned by the caller (plan_assessments_free). */
pc_status plan_model_assess_all(plan_model *m, const plan_scenario *sc,
                                const plan_assess_opts *o,
                                plan_assessment ***out, size_t *n,
                                pc_error *err);

/* The contributions ledger (plan_contrib_build). *out is owned by the
 * caller (plan_contrib_free) and borrows from m. */
pc_status plan_model_contributions(plan_model *m, const plan_scenario *sc,
                                   const plan_contrib_opts *opts,
                                   plan_contrib_ledger **out, pc_error *err);

/* The capital prioritisation's instance (plan_prio_build) of sc, to solve
 * with plan_programme_new. *out is owned by the caller
 * (plan_prio_instance_free) and borrows from m. */
pc_status plan_model_prioritise(plan_model *m, const plan_scenario *sc,
                                plan_prio_instance **out, pc_error *err);

/* Stores programme pg in m's store (plan_programme_save) and the
 * projection run of its gaps its instance keeps (plan_model_run_save),
 * so that the run id the programme names is among the store's runs. */
pc_status plan_model_programme_save(plan_model *m, const plan_programme *pg,
                                    pc_error *err);

/* The backtest (plan_backtest_run) of the store's dataset with its stored
 * spatial model. *out is owned by the caller (plan_backtest_free) and
 * borrows from m: free it before closing m. */
pc_status plan_model_backtest(plan_model *m, const plan_backtest_opts *opts,
                              plan_backtest **out, pc_error *err);

#endif
