/* plan_compare.h: the stored projection runs, and two of them side by
 * side (DESIGN.md §3.7). */
#ifndef PLAN_COMPARE_H
#define PLAN_COMPARE_H

#include "ds_store.h"
#include "pc_buf.h"
#include "pc_error.h"

/* The stored runs as a table (run, date, label, scenario, preset, the
 * methods, years, draws, dataset), or as JSON {runs [{run_id, label,
 * created, input_hash, dataset, scenario, preset, method, growth,
 * allocation, base_year, years, draws}]} (label and created null when
 * none). */
pc_status plan_runs_list(const ds_run_list *l, int as_json, pc_buf *out,
                         pc_error *err);

/* Compares run A (id_a, its stored JSON json_a) with run B: the inputs
 * that differ (dataset, scenario, preset, methods, horizon, delivery,
 * draws, and every assumption both runs used whose value differs), then per
 * place and for the system, year by year, each run's figures and B minus A.
 * With as_json the keys are a, b, inputs [{key, a, b}], system and places
 * [{name, years [{year, a {patients, new_patients, growth_rooms,
 * required_rooms, rooms, gap}, b {...}, diff {...}}]}]; a place or year
 * only one run has gets null on the other side. A result that is not a
 * projection run is PC_ERR_INPUT. */
pc_status plan_compare(const char *id_a, const char *json_a, const char *id_b,
                       const char *json_b, int as_json, pc_buf *out,
                       pc_error *err);

/* plan_compare of the runs stored in st whose ids start with a and b
 * (ds_store_run_get); a run not found is PC_ERR_NOTFOUND. */
pc_status plan_compare_stored(ds_store *st, const char *a, const char *b,
                              int as_json, pc_buf *out, pc_error *err);

#endif
