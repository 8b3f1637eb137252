/* plan_request.h: the options of a request that are not scenario keys
 * (plan_scenario_set), parsed from text the same way for every front end:
 * the detail of a run's output, a date, the contributions ledger's warning
 * window. Messages say what was expected; the front end names its option
 * and the text given. */
#ifndef PLAN_REQUEST_H
#define PLAN_REQUEST_H

#include "pc_error.h"
#include "plan_project.h"

/* "place", "pcn" or "practice"; PC_ERR_INPUT otherwise ("expected place,
 * pcn or practice, got X"). */
pc_status plan_request_detail(const char *text, plan_detail *out,
                              pc_error *err);

/* A valid calendar date YYYY-MM-DD; PC_ERR_INPUT otherwise. */
pc_status plan_request_date(const char *text, pc_error *err);

/* A whole number of years from 0 to PLAN_REQUEST_WARN_MAX. */
#define PLAN_REQUEST_WARN_MAX 50
pc_status plan_request_warn_years(const char *text, int *out, pc_error *err);

#endif
