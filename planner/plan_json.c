/* plan_json.c: see plan_json.h. */
#include "plan_json.h"

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
