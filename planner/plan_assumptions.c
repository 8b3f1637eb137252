/* plan_assumptions.c: the assumption register as JSON or a table (see
 * plan_assumptions.h). Values print with %.15g through cJSON in JSON and
 * with up to 6 significant digits, locale-free, in the table. */
#include "plan_assumptions.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

pc_status plan_assumptions_json(const ds_assumption_list *l, pc_buf *out,
                                pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *presets, *arr;
    int ok = root != NULL;

    if (ok)
        ok = (l->preset ? cJSON_AddStringToObject(root, "preset", l->preset)
                        : cJSON_AddNullToObject(root, "preset")) != NULL;
    presets = ok ? cJSON_AddArrayToObject(root, "presets") : NULL;
    arr = presets ? cJSON_AddArrayToObject(root, "assumptions") : NULL;
    ok = arr != NULL;
    for (size_t i = 0; ok && i < l->npresets; i++)
        ok = cJSON_AddItemToArray(presets, cJSON_CreateString(l->presets[i])) !=
             0;
    for (size_t i = 0; ok && i < l->n; i++) {
        const ds_assumption_row *a = &l->v[i];
        cJSON *o = cJSON_CreateObject();

        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            ok = 0;
            break;
        }
        ok = cJSON_AddStringToObject(o, "id", a->id) &&
             cJSON_AddNumberToObject(o, "value", a->value) &&
             cJSON_AddNumberToObject(o, "default", a->base) &&
             cJSON_AddStringToObject(o, "unit", a->unit) &&
             cJSON_AddStringToObject(o, "source", a->source) &&
             (a->note ? cJSON_AddStringToObject(o, "note", a->note)
                      : cJSON_AddNullToObject(o, "note")) &&
             cJSON_AddBoolToObject(o, "from_preset", a->from_preset);
    }
    return plan_json_out(root, ok, out, err);
}

pc_status plan_assumptions_table(const ds_assumption_list *l, pc_buf *out,
                                 pc_error *err)
{
    pc_status rc;
    int wid = 2, wunit = 4; /* the id and unit columns: their longest */

    for (size_t i = 0; i < l->n; i++) {
        pc_fmt_widen(&wid, 1, l->v[i].id);
        pc_fmt_widen(&wunit, 1, l->v[i].unit);
    }
    if (l->preset)
        rc = pc_buf_printf(out,
                           "Assumptions with preset %s (* = set by the "
                           "preset; otherwise the register's default)\n\n",
                           l->preset);
    else
        rc = pc_buf_puts(out, "Assumptions: the register's defaults (no "
                              "preset chosen)\n\n");
    if (rc == PC_OK)
        rc = pc_buf_printf(out, "%-*s %12s  %-*s %s\n", wid, "id", "value",
                           wunit, "unit", "source");
    for (size_t i = 0; rc == PC_OK && i < l->n; i++) {
        const ds_assumption_row *a = &l->v[i];
        char v[32];

        pc_fmt_num(v, sizeof v, a->value, 6);
        /* trim trailing zeros: 2.400000 -> 2.4, 1800.000000 -> 1800 */
        for (char *e = v + strlen(v) - 1; e > v && strchr(v, '.'); e--) {
            if (*e == '0' || *e == '.') {
                int dot = *e == '.';
                *e = '\0';
                if (dot)
                    break;
            } else
                break;
        }
        rc = pc_buf_printf(out, "%-*s %11s%s  %-*s %s\n", wid, a->id, v,
                           a->from_preset ? "*" : " ", wunit, a->unit,
                           a->source);
    }
    if (rc == PC_OK && l->npresets > 0) {
        rc = pc_buf_puts(out, "\nPresets:");
        for (size_t i = 0; rc == PC_OK && i < l->npresets; i++)
            rc = pc_buf_printf(out, " %s", l->presets[i]);
        if (rc == PC_OK)
            rc = pc_buf_puts(out, "\n");
    }
    return rc == PC_OK ? PC_OK
                       : PC_FAIL(err, rc, "formatting the assumptions table");
}
