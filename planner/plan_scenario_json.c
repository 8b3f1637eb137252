/* plan_scenario_json.c: the typed JSON readers and message helpers the
 * scenario readers share (plan_scenario_int.h), and the method names.
 * Every reader checks one value and fills its output only when the value
 * is valid; messages name the key path, what was expected and what was
 * found ("got the string \"x\""). */
#include "plan_scenario_int.h"

#include "pc_error.h"
#include "plan_spatial.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- small helpers ------------------------------------------------------ */

char *plan_sc_dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    if (p)
        memcpy(p, s, n);
    return p;
}

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

/* s made safe to quote in a message: JSON escapes for quotes, backslashes
 * and control characters, cut after DISP_MAX characters with "...". */
const char *plan_sc_disp(char *out, size_t n, const char *s)
{
    size_t o = 0, chars = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char tmp[8];
        size_t k;

        if ((*p & 0xC0) != 0x80 && chars++ == DISP_MAX) {
            if (o + 4 <= n) {
                memcpy(out + o, "...", 3);
                o += 3;
            }
            break;
        }
        if (*p == '"' || *p == '\\')
            snprintf(tmp, sizeof tmp, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7F)
            snprintf(tmp, sizeof tmp, "\\u%04x", *p);
        else
            snprintf(tmp, sizeof tmp, "%c", *p);
        k = strlen(tmp);
        if (o + k + 4 > n)
            break;
        memcpy(out + o, tmp, k);
        o += k;
    }
    out[o] = '\0';
    return out;
}

/* A number for a message: exact when integral, else %.15g. */
static const char *num_text(char *out, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(out, n, "a number too large to represent");
    else if (v == floor(v) && fabs(v) < 1e17)
        snprintf(out, n, "%.0f", v);
    else
        snprintf(out, n, "%.15g", v);
    return out;
}

/* What a JSON value is, for "got ..." in a message. */
const char *plan_sc_got(char *out, size_t n, const cJSON *v)
{
    char d[DISP_SZ];

    if (!v)
        snprintf(out, n, "nothing");
    else if (cJSON_IsNumber(v))
        num_text(out, n, v->valuedouble);
    else if (cJSON_IsString(v) && v->valuestring)
        snprintf(out, n, "the string \"%s\"",
                 plan_sc_disp(d, sizeof d, v->valuestring));
    else if (cJSON_IsNull(v))
        snprintf(out, n, "null");
    else if (cJSON_IsBool(v))
        snprintf(out, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsArray(v))
        snprintf(out, n, "an array");
    else
        snprintf(out, n, "an object");
    return out;
}

/* PC_ERR_INPUT: key "<path>": <message>. */
pc_status plan_sc_bad_key(pc_error *err, const char *path, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return PC_FAIL(err, PC_ERR_INPUT, "key \"%s\": %s", path, msg);
}

/* "a, b or c" (or "a, b, c" when last is ", "), from a NULL-terminated
 * list. */
const char *plan_sc_join(char *out, size_t n, const char *const *keys,
                         const char *last)
{
    size_t o = 0;

    out[0] = '\0';
    for (size_t i = 0; keys[i] && o < n; i++) {
        const char *sep = i == 0 ? "" : keys[i + 1] ? ", " : last;
        int k = snprintf(out + o, n - o, "%s%s", sep, keys[i]);

        if (k < 0)
            break;
        o += (size_t)k;
    }
    return out;
}

void plan_sc_path_join(char *out, size_t n, const char *parent, const char *key)
{
    char d[DISP_SZ];

    plan_sc_disp(d, sizeof d, key);
    if (parent)
        snprintf(out, n, "%s.%s", parent, d);
    else
        snprintf(out, n, "%s", d);
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

pc_status plan_demand_parse(const char *s, plan_demand *out, pc_error *err)
{
    char d[DISP_SZ];

    for (int i = 0; s && demand_names[i]; i++)
        if (!strcmp(s, demand_names[i])) {
            *out = (plan_demand)i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "unknown method \"%s\" (expected gp_fte, activity, ratio "
                   "or space)",
                   plan_sc_disp(d, sizeof d, s ? s : ""));
}

pc_status plan_growth_parse(const char *s, plan_growth *out, pc_error *err)
{
    char d[DISP_SZ];

    for (int i = 0; s && growth_names[i]; i++)
        if (!strcmp(s, growth_names[i])) {
            *out = (plan_growth)i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "unknown growth method \"%s\" (expected housing, trend or "
                   "max)",
                   plan_sc_disp(d, sizeof d, s ? s : ""));
}

/* The allocation names are plan_spatial's; a scenario keeps the name. */
const char *plan_sc_allocation_name(const char *s)
{
    for (int i = 0; i < PLAN_NMETHODS; i++)
        if (!strcmp(s, plan_method_name((plan_method)i)))
            return plan_method_name((plan_method)i);
    return NULL;
}

/* --- values ------------------------------------------------------------- */

/* Checks that v is an object whose keys are all in keys[] (NULL-
 * terminated) and none given twice. parent is the object's own key path,
 * NULL for the top level. */
pc_status plan_sc_check_object(const cJSON *v, const char *parent,
                               const char *const *keys, pc_error *err)
{
    char path[DISP_SZ + 64], list[512], g[DISP_SZ + 32], d[DISP_SZ];
    const cJSON *c, *e;

    if (!cJSON_IsObject(v)) {
        if (!parent)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "expected a JSON object at the top level, got %s",
                           plan_sc_got(g, sizeof g, v));
        return plan_sc_bad_key(
            err, parent, "expected an object with the keys %s, got %s",
            plan_sc_join(list, sizeof list, keys, " and/or "),
            plan_sc_got(g, sizeof g, v));
    }
    cJSON_ArrayForEach(c, v)
    {
        int known = 0;

        for (size_t i = 0; keys[i] && !known; i++)
            known = !strcmp(c->string, keys[i]);
        plan_sc_path_join(path, sizeof path, parent, c->string);
        if (!known && !parent)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "unknown key \"%s\" (expected one of %s)",
                           plan_sc_disp(d, sizeof d, c->string),
                           plan_sc_join(list, sizeof list, keys, ", "));
        if (!known)
            return plan_sc_bad_key(
                err, path, "unknown key (expected %s)",
                plan_sc_join(list, sizeof list, keys, " or "));
        for (e = v->child; e != c; e = e->next)
            if (!strcmp(e->string, c->string))
                return plan_sc_bad_key(err, path, "given twice");
    }
    return PC_OK;
}

/* An integral number from min to max. */
pc_status plan_sc_get_int(const cJSON *v, const char *path, double min,
                          double max, double *out, pc_error *err)
{
    char g[DISP_SZ + 32], lo[32], hi[32];
    double x;

    if (!cJSON_IsNumber(v))
        goto bad;
    x = v->valuedouble;
    if (!isfinite(x) || x != floor(x) || x < min || x > max)
        goto bad;
    *out = x + 0.0; /* no -0 */
    return PC_OK;

bad:
    return plan_sc_bad_key(
        err, path, "expected an integer from %s to %s, got %s",
        num_text(lo, sizeof lo, min), num_text(hi, sizeof hi, max),
        plan_sc_got(g, sizeof g, v));
}

/* A finite number from lo to hi; lo_open and hi_open leave out the bound
 * ("greater than 0", "less than 1"). */
pc_status plan_sc_get_number(const cJSON *v, const char *path, double lo,
                             int lo_open, double hi, int hi_open, double *out,
                             pc_error *err)
{
    char g[DISP_SZ + 32], a[32], b[32];
    double x;

    if (cJSON_IsNumber(v)) {
        x = v->valuedouble;
        if (isfinite(x) && (lo_open ? x > lo : x >= lo) &&
            (hi_open ? x < hi : x <= hi)) {
            *out = x + 0.0; /* no -0 */
            return PC_OK;
        }
    }
    return plan_sc_bad_key(
        err, path, "expected a number %s %s and %s %s, got %s",
        lo_open ? "greater than" : "of at least", num_text(a, sizeof a, lo),
        hi_open ? "less than" : "at most", num_text(b, sizeof b, hi),
        plan_sc_got(g, sizeof g, v));
}

/* JSON true or false, as 1 or 0. */
pc_status plan_sc_get_bool(const cJSON *v, const char *path, int *out,
                           pc_error *err)
{
    char g[DISP_SZ + 32];

    if (!cJSON_IsBool(v))
        return plan_sc_bad_key(err, path, "expected true or false, got %s",
                               plan_sc_got(g, sizeof g, v));
    *out = cJSON_IsTrue(v) ? 1 : 0;
    return PC_OK;
}

pc_status plan_sc_get_string(const cJSON *v, const char *path,
                             const char *expected, const char **out,
                             pc_error *err)
{
    char g[DISP_SZ + 32];

    if (!cJSON_IsString(v) || !v->valuestring)
        return plan_sc_bad_key(err, path, "expected %s, got %s", expected,
                               plan_sc_got(g, sizeof g, v));
    *out = v->valuestring;
    return PC_OK;
}

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

/* A string from a fixed list, kept as a copy in *out. */
pc_status plan_sc_get_text(const cJSON *v, const char *path,
                           const char *expected, char **out, pc_error *err)
{
    const char *s = NULL;

    if (plan_sc_get_string(v, path, expected, &s, err) != PC_OK)
        return err->code;
    *out = plan_sc_dupstr(s);
    return *out ? PC_OK : PC_NOMEM(err);
}
