/* plan_scenario_int.h: private to the scenario module (plan_scenario*.c),
 * not for other modules: the limits of a scenario's values and the typed
 * JSON readers and message helpers of plan_scenario_json.c. */
#ifndef PLAN_SCENARIO_INT_H
#define PLAN_SCENARIO_INT_H

#include "pc_error.h"
#include "plan_scenario.h"

#include <cjson/cJSON.h>
#include <stddef.h>

#define ID_MAX   64   /* characters of an id, name or preset */
#define DESC_MAX 1000 /* characters of a description */
#define DISP_MAX 48   /* characters of a user's string quoted in a message */
#define DISP_SZ  320  /* DISP_MAX escaped (at most 6 bytes each), "...", NUL */
#define SEED_MAX 9007199254740991.0 /* 2^53 - 1: every integer is exact */

/* The years schemes.start accepts. */
#define START_MIN 1990
#define START_MAX 2100

/* A malloc'd copy of s; NULL when out of memory. */
char *plan_sc_dupstr(const char *s);
/* Frees the ids and empties the list. */
void plan_sc_ids_free(plan_ids *l);
/* Characters (UTF-8 code points) in s. */
size_t plan_sc_utf8_chars(const char *s);
/* s made safe to quote in a message: JSON escapes for quotes, backslashes
 * and control characters, cut after DISP_MAX characters with "...". */
const char *plan_sc_disp(char *out, size_t n, const char *s);
/* What a JSON value is, for "got ..." in a message. */
const char *plan_sc_got(char *out, size_t n, const cJSON *v);
/* PC_ERR_INPUT: key "<path>": <message>. */
pc_status plan_sc_bad_key(pc_error *err, const char *path, const char *fmt, ...)
    PC_PRINTF(3, 4);
/* "a, b or c" (or "a, b, c" when last is ", "), from a NULL-terminated
 * list. */
const char *plan_sc_join(char *out, size_t n, const char *const *keys,
                         const char *last);
/* "parent.key" (or "key" when parent is NULL), key made safe to quote. */
void plan_sc_path_join(char *out, size_t n, const char *parent,
                       const char *key);
/* The allocation method's own name for s; NULL when s is none. */
const char *plan_sc_allocation_name(const char *s);

/* Checks that v is an object whose keys are all in keys[] (NULL-
 * terminated) and none given twice. parent is the object's own key path,
 * NULL for the top level. */
pc_status plan_sc_check_object(const cJSON *v, const char *parent,
                               const char *const *keys, pc_error *err);
/* An integral number from min to max. */
pc_status plan_sc_get_int(const cJSON *v, const char *path, double min,
                          double max, double *out, pc_error *err);
/* A finite number from lo to hi; lo_open and hi_open leave out the bound
 * ("greater than 0", "less than 1"). */
pc_status plan_sc_get_number(const cJSON *v, const char *path, double lo,
                             int lo_open, double hi, int hi_open, double *out,
                             pc_error *err);
/* JSON true or false, as 1 or 0. */
pc_status plan_sc_get_bool(const cJSON *v, const char *path, int *out,
                           pc_error *err);
/* A string; "expected <expected>" otherwise. */
pc_status plan_sc_get_string(const cJSON *v, const char *path,
                             const char *expected, const char **out,
                             pc_error *err);
/* A string kept as a copy in *out. */
pc_status plan_sc_get_text(const cJSON *v, const char *path,
                           const char *expected, char **out, pc_error *err);
/* 1 to ID_MAX characters from A-Z, a-z, 0-9, '.', '_' and '-'. */
int plan_sc_valid_name(const char *s);
/* 1 to ID_MAX characters from a-z, 0-9 and '_'. */
int plan_sc_valid_assumption_id(const char *s);

#endif
