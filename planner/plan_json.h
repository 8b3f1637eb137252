/* plan_json.h: what the planner's JSON views share (inside pc_planner
 * only): printing a document into a buffer, and rounding figures so the
 * text carries no floating-point noise. */
#ifndef PLAN_JSON_H
#define PLAN_JSON_H

#include "pc_buf.h"
#include "pc_error.h"

#include <cjson/cJSON.h>

#include <stddef.h>

/* Prints root (when ok) into out with a final newline, and frees root in
 * every case. PC_ERR_NOMEM when !ok or printing fails. */
pc_status plan_json_out(cJSON *root, int ok, pc_buf *out, pc_error *err);

/* v rounded to `decimals` places (0 to 6), never -0. */
double plan_round(double v, int decimals);

/* Building objects with a sticky failure flag: each sets *ok to 0 when
 * out of memory and leaves it alone otherwise. plan_jstr adds null for a
 * NULL string; plan_jarr adds an empty array; plan_jitem appends a new
 * object to an array. */
void plan_jnum(cJSON *o, const char *k, double v, int *ok);
void plan_jstr(cJSON *o, const char *k, const char *v, int *ok);
void plan_jbool(cJSON *o, const char *k, int v, int *ok);
cJSON *plan_jarr(cJSON *o, const char *k, int *ok);
cJSON *plan_jitem(cJSON *arr, int *ok);

/* A number, or null when v is NAN. */
void plan_jnum_or_null(cJSON *o, const char *k, double v, int *ok);

/* Adds the tree v under k; v NULL (its building ran out of memory) or a
 * failure to add it clears *ok, and v is then freed. */
void plan_jadd(cJSON *o, const char *k, cJSON *v, int *ok);

/* An array of n strings under k. */
void plan_jstrings(cJSON *o, const char *k, const char *const *v, size_t n,
                   int *ok);

#endif
