/* plan_request.c: request options that are not scenario keys
 * (plan_request.h). */
#include "plan_request.h"

#include "pc_error.h"
#include "plan_index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

pc_status plan_request_detail(const char *text, plan_detail *out, pc_error *err)
{
    static const char *const names[] = {"place", "pcn", "practice"};
    static const plan_detail v[] = {PLAN_DETAIL_PLACE, PLAN_DETAIL_PCN,
                                    PLAN_DETAIL_PRACTICE};

    for (size_t i = 0; i < 3; i++)
        if (!strcmp(text, names[i])) {
            *out = v[i];
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "expected place, pcn or practice, got %.80s", text);
}

pc_status plan_request_date(const char *text, pc_error *err)
{
    long days;

    if (plan_date_days(text, &days, err) != PC_OK)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a date YYYY-MM-DD, e.g. 2026-04-01");
    return PC_OK;
}

pc_status plan_request_warn_years(const char *text, int *out, pc_error *err)
{
    char *end = NULL;
    long v;

    errno = 0;
    v = strtol(text, &end, 10);
    if (!*text || *end || errno || v < 0 || v > PLAN_REQUEST_WARN_MAX)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a whole number of years from 0 to %d",
                       PLAN_REQUEST_WARN_MAX);
    *out = (int)v;
    return PC_OK;
}
