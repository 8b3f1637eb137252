/* plan_scenario_json.c: the helpers the scenario readers share
 * (plan_scenario_int.h): copies, id lists, the names a scenario accepts
 * and the method names. The typed reading itself is pc_json's reader
 * (pc_jr, quoting the values it finds). */
#include "plan_scenario_int.h"

#include "pc_error.h"
#include "pc_json.h"
#include "plan_spatial.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- small helpers ------------------------------------------------------ */

void plan_sc_ids_free(plan_ids *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Characters (UTF-8 code points) in s. */
size_t plan_sc_utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* --- method names ------------------------------------------------------- */

static const char *const demand_names[] = {"gp_fte", "activity", "ratio",
                                           "space", NULL};
static const char *const growth_names[] = {"housing", "trend", "max", NULL};

const char *plan_demand_name(plan_demand d)
{
    return d >= PLAN_DEMAND_GP_FTE && d <= PLAN_DEMAND_SPACE ? demand_names[d]
                                                             : "?";
}

const char *plan_growth_name(plan_growth g)
{
    return g >= PLAN_GROWTH_HOUSING && g <= PLAN_GROWTH_MAX ? growth_names[g]
                                                            : "?";
}

/* The index of s in names (NULL-terminated) into *out; else "unknown
 * <what> \"s\" (expected <expected>)". */
static pc_status name_parse(const char *const *names, const char *s, int *out,
                            const char *what, const char *expected,
                            pc_error *err)
{
    char d[PC_JSON_DISP_SZ];

    for (int i = 0; s && names[i]; i++)
        if (!strcmp(s, names[i])) {
            *out = i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT, "unknown %s \"%s\" (expected %s)", what,
                   pc_json_disp(d, sizeof d, s ? s : ""), expected);
}

pc_status plan_demand_parse(const char *s, plan_demand *out, pc_error *err)
{
    int i = 0;

    if (name_parse(demand_names, s, &i, "method",
                   "gp_fte, activity, ratio or space", err) != PC_OK)
        return err->code;
    *out = (plan_demand)i;
    return PC_OK;
}

pc_status plan_growth_parse(const char *s, plan_growth *out, pc_error *err)
{
    int i = 0;

    if (name_parse(growth_names, s, &i, "growth method",
                   "housing, trend or max", err) != PC_OK)
        return err->code;
    *out = (plan_growth)i;
    return PC_OK;
}

/* The allocation names are plan_spatial's; a scenario keeps the name. */
const char *plan_sc_allocation_name(const char *s)
{
    for (int i = 0; i < PLAN_NMETHODS; i++)
        if (!strcmp(s, plan_method_name((plan_method)i)))
            return plan_method_name((plan_method)i);
    return NULL;
}

/* --- names ------------------------------------------------------------ */

int plan_sc_valid_name(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > ID_MAX)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

int plan_sc_valid_assumption_id(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > ID_MAX)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}
