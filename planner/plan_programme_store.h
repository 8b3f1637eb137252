/* plan_programme_store.h: capital programmes (plan_prio.h) stored like
 * projection runs, listed, and two of them compared. A programme is
 * stored under its programme id (plan_programme_new), with the user's
 * label, the run of its gaps, its solver, status and budget factor, and
 * its JSON (plan_programme_json, without the label). */
#ifndef PLAN_PROGRAMME_STORE_H
#define PLAN_PROGRAMME_STORE_H

#include "ds_store.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_prio.h"

/* Stores p in st (ds_store_programme_put): a programme with the same id
 * is kept as it is, taking p's label when it has one. */
pc_status plan_programme_save(ds_store *st, const plan_programme *p,
                              pc_error *err);

/* The optimum's status in a few words, into buf (n bytes): "optimum",
 * "best found within 0.01%", "best found, no bound", "greedy" or
 * "greedy, incomplete". */
void plan_programme_status_words(const char *status, double mip_gap, char *buf,
                                 size_t n);

/* The stored programmes as a table (programme, date, label, run, status,
 * budget factor, schemes chosen, their cost; --wide adds the solver and
 * dataset), or as JSON {programmes [{programme_id, label, created,
 * input_hash, run_id, dataset, scenario, solver, status, status_words,
 * status_text, mip_gap, budget_factor, schemes, cost_gbp, spent_gbp}]}
 * (label and created null when none). */
pc_status plan_programmes_list(const ds_programme_list *l, int as_json,
                               pc_buf *out, pc_error *err);

/* Compares programme A (id_a, its stored JSON json_a) with programme B:
 * each one's run, status, budget factor, cost, spend and gap closed; the
 * schemes B adds, drops and starts in another year; spend by kind of
 * fund. As JSON {a, b, programmes [{programme_id, run_id, status,
 * status_text, solver, budget_factor, objective, cost_gbp, spent_gbp,
 * schemes, gap_closed_room_years, unmet_weighted_room_years,
 * remaining_gap_end}], added [{scheme_id, place, start_year, cost_gbp}],
 * dropped [...], moved [{scheme_id, from, to}], funding [{kind, a, b,
 * diff}], total_cost {a, b, diff}, gap_closed {a, b, diff}}. A document
 * that is not a programme is PC_ERR_INPUT. */
pc_status plan_programme_compare(const char *id_a, const char *json_a,
                                 const char *id_b, const char *json_b,
                                 int as_json, pc_buf *out, pc_error *err);

/* What plan_compare_any compared. */
typedef enum plan_compare_kind {
    PLAN_COMPARE_RUNS = 0,  /* two runs: plan_compare */
    PLAN_COMPARE_PROGRAMMES /* two programmes: plan_programme_compare */
} plan_compare_kind;

/* Compares the two stored runs, or the two stored programmes, whose ids
 * start with a and b, setting *kind to which. A run and a programme is
 * PC_ERR_INPUT saying which is which; an id that names neither is the
 * run's PC_ERR_NOTFOUND (or PC_ERR_INPUT for a malformed id). */
pc_status plan_compare_any(ds_store *st, const char *a, const char *b,
                           int as_json, pc_buf *out, plan_compare_kind *kind,
                           pc_error *err);

#endif
