/* plan_json.h: what the planner's JSON views share (inside pc_planner
 * only): printing a document into a buffer, and rounding figures so the
 * text carries no floating-point noise. */
#ifndef PLAN_JSON_H
#define PLAN_JSON_H

#include "pc_error.h"

#include <cjson/cJSON.h>

/* Prints root (when ok) into out with a final newline, and frees root in
 * every case. PC_ERR_NOMEM when !ok or printing fails. */
pc_status plan_json_out(cJSON *root, int ok, pc_buf *out, pc_error *err);

/* v rounded to `decimals` places (0 to 6), never -0. */
double plan_round(double v, int decimals);

#endif
