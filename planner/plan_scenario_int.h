/* plan_scenario_int.h: private to the scenario module (plan_scenario*.c),
 * not for other modules: the limits of a scenario's values and the
 * helpers of plan_scenario_json.c. */
#ifndef PLAN_SCENARIO_INT_H
#define PLAN_SCENARIO_INT_H

#include "pc_error.h"
#include "plan_scenario.h"

#include <stddef.h>

#define ID_MAX   64                 /* characters of an id, name or preset */
#define DESC_MAX 1000               /* characters of a description */
#define SEED_MAX 9007199254740991.0 /* 2^53 - 1: every integer is exact */

/* The years schemes.start accepts. */
#define START_MIN 1990
#define START_MAX 2100

/* Frees the ids and empties the list. */
void plan_sc_ids_free(plan_ids *l);
/* Characters (UTF-8 code points) in s. */
size_t plan_sc_utf8_chars(const char *s);
/* The allocation method's own name for s; NULL when s is none. */
const char *plan_sc_allocation_name(const char *s);

/* 1 to ID_MAX characters from A-Z, a-z, 0-9, '.', '_' and '-'. */
int plan_sc_valid_name(const char *s);
/* 1 to ID_MAX characters from a-z, 0-9 and '_'. */
int plan_sc_valid_assumption_id(const char *s);

#endif
