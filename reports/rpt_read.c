/* rpt_read.c: see rpt_read.h. */
#include "rpt_read.h"

#include "ds_util.h"

#include <math.h>
#include <stdio.h>

rd rd_root(const cJSON *obj, const char *what, pc_error *err)
{
    rd r = {obj, "", what, err};

    return r;
}

pc_status rd_bad(rd *r, const char *key, const char *want, const cJSON *got)
{
    if (!got)
        return PC_FAIL(r->err, PC_ERR_INPUT,
                       "%s: key \"%s%s\": missing (expected %s)", r->what,
                       r->pre, key, want);
    return PC_FAIL(r->err, PC_ERR_INPUT,
                   "%s: key \"%s%s\": expected %s, got %s", r->what, r->pre,
                   key, want, ds_json_type(got));
}

/* The value of key, or NULL when absent or (with OPT) null. */
const cJSON *rd_get(rd *r, const char *key, int opt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->obj, key);

    if (opt && cJSON_IsNull(v))
        return NULL;
    return v;
}

pc_status rd_str(rd *r, const char *key, int opt, const char **out)
{
    const cJSON *v = rd_get(r, key, opt);

    if (!v && opt) {
        *out = NULL;
        return PC_OK;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return rd_bad(r, key, opt ? "a string or null" : "a string", v);
    *out = v->valuestring;
    return PC_OK;
}

/* A finite number; with OPT, *has says whether there was one. */
pc_status rd_num(rd *r, const char *key, int opt, double *out, int *has)
{
    const cJSON *v = rd_get(r, key, opt);

    if (has)
        *has = 0;
    if (!v && opt)
        return PC_OK;
    if (!cJSON_IsNumber(v))
        return rd_bad(r, key, opt ? "a number or null" : "a number", v);
    if (!isfinite(v->valuedouble))
        return rd_bad(r, key, "a finite number", v);
    *out = v->valuedouble;
    if (has)
        *has = 1;
    return PC_OK;
}

pc_status rd_nonneg(rd *r, const char *key, double *out)
{
    pc_status rc = rd_num(r, key, REQ, out, NULL);

    if (rc == PC_OK && *out < 0)
        return PC_FAIL(r->err, PC_ERR_INPUT,
                       "%s: key \"%s%s\": expected a number >= "
                       "0, got %g",
                       r->what, r->pre, key, *out);
    return rc;
}

pc_status rd_bool(rd *r, const char *key, int opt, int *out)
{
    const cJSON *v = rd_get(r, key, opt);

    if (!v && opt) {
        *out = 0;
        return PC_OK;
    }
    if (!cJSON_IsBool(v))
        return rd_bad(r, key, opt ? "true, false or null" : "true or false", v);
    *out = cJSON_IsTrue(v);
    return PC_OK;
}

pc_status rd_obj(rd *r, const char *key, int opt, const cJSON **out)
{
    const cJSON *v = rd_get(r, key, opt);

    *out = NULL;
    if (!v && opt)
        return PC_OK;
    if (!cJSON_IsObject(v))
        return rd_bad(r, key, opt ? "an object or null" : "an object", v);
    *out = v;
    return PC_OK;
}

/* An array (NULL when OPT and absent); with strings, of strings only. */
pc_status rd_arr(rd *r, const char *key, int opt, int strings,
                 const cJSON **out)
{
    const cJSON *v = rd_get(r, key, opt);
    const cJSON *e;
    int i = 0;

    *out = NULL;
    if (!v && opt)
        return PC_OK;
    if (!cJSON_IsArray(v))
        return rd_bad(r, key, strings ? "an array of strings" : "an array", v);
    if (strings) {
        cJSON_ArrayForEach(e, v)
        {
            if (!cJSON_IsString(e) || !e->valuestring)
                return PC_FAIL(r->err, PC_ERR_INPUT,
                               "%s: key \"%s%s[%d]\": expected "
                               "a string, got %s",
                               r->what, r->pre, key, i, ds_json_type(e));
            i++;
        }
    }
    *out = v;
    return PC_OK;
}

void rd_sub(rd *sub, const rd *parent, const cJSON *obj, const char *key,
            int index)
{
    int n;

    sub->obj = obj;
    sub->what = parent->what;
    sub->err = parent->err;
    /* a path too long to fit keeps its last key */
    if (index >= 0)
        n = snprintf(sub->pre, sizeof sub->pre, "%s%s[%d].", parent->pre, key,
                     index);
    else
        n = snprintf(sub->pre, sizeof sub->pre, "%s%s.", parent->pre, key);
    if (n < 0 || (size_t)n >= sizeof sub->pre)
        snprintf(sub->pre, sizeof sub->pre, "%s.", key);
}
