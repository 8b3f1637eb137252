/* plan_json.c: see plan_json.h. */
#include "plan_json.h"

#include "pc_buf.h"
#include "pc_error.h"

#include <math.h>

pc_status plan_json_out(cJSON *root, int ok, pc_buf *out, pc_error *err)
{
    char *text = ok && root ? cJSON_Print(root) : NULL;
    pc_status rc = PC_OK;

    if (!text || pc_buf_puts(out, text) != PC_OK ||
        pc_buf_puts(out, "\n") != PC_OK)
        rc = PC_FAIL(err, PC_ERR_NOMEM, "out of memory formatting JSON");
    cJSON_free(text);
    cJSON_Delete(root);
    return rc;
}

double plan_round(double v, int decimals)
{
    static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    double s = scale[decimals < 0 ? 0 : decimals > 6 ? 6 : decimals];
    double x = round(v * s) / s;

    return x == 0 ? 0 : x; /* no -0 */
}

void plan_jnum(cJSON *o, const char *k, double v, int *ok)
{
    if (!cJSON_AddNumberToObject(o, k, v))
        *ok = 0;
}

void plan_jstr(cJSON *o, const char *k, const char *v, int *ok)
{
    if (!(v ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k)))
        *ok = 0;
}

void plan_jbool(cJSON *o, const char *k, int v, int *ok)
{
    if (!cJSON_AddBoolToObject(o, k, v))
        *ok = 0;
}

cJSON *plan_jarr(cJSON *o, const char *k, int *ok)
{
    cJSON *a = cJSON_AddArrayToObject(o, k);

    if (!a)
        *ok = 0;
    return a;
}

cJSON *plan_jitem(cJSON *arr, int *ok)
{
    cJSON *o = cJSON_CreateObject();

    if (!o || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        *ok = 0;
        return NULL;
    }
    return o;
}

void plan_jnum_or_null(cJSON *o, const char *k, double v, int *ok)
{
    if (isnan(v)) {
        if (!cJSON_AddNullToObject(o, k))
            *ok = 0;
    } else {
        plan_jnum(o, k, v, ok);
    }
}

void plan_jadd(cJSON *o, const char *k, cJSON *v, int *ok)
{
    if (!v || !cJSON_AddItemToObject(o, k, v)) {
        cJSON_Delete(v);
        *ok = 0;
    }
}

void plan_jstrings(cJSON *o, const char *k, const char *const *v, size_t n,
                   int *ok)
{
    cJSON *a = plan_jarr(o, k, ok);

    for (size_t i = 0; a && *ok && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);

        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            *ok = 0;
        }
    }
}
