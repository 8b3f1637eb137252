/* plan_info.c: formatting the store summary (see plan_info.h). */
#include "plan_info.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

/* Adds a number member; returns 0 when out of memory. */
static int add_num(cJSON *o, const char *k, double v)
{
    return cJSON_AddNumberToObject(o, k, v) != NULL;
}

static cJSON *area_json(const ds_area_summary *a, const char *list_date)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *rooms;

    if (!o)
        return NULL;
    if (!cJSON_AddStringToObject(o, "name", a->name) ||
        !add_num(o, "practices", (double)a->practices) ||
        !add_num(o, "pcns", (double)a->pcns) ||
        !add_num(o, "patients", (double)a->patients) ||
        !cJSON_AddStringToObject(o, "list_date", list_date) ||
        !add_num(o, "premises", (double)a->premises) ||
        !(rooms = cJSON_AddObjectToObject(o, "rooms")) ||
        !add_num(rooms, "consult", (double)a->rooms_consult) ||
        !add_num(rooms, "treatment", (double)a->rooms_treatment) ||
        !add_num(rooms, "other", (double)a->rooms_other) ||
        !add_num(
            rooms, "total",
            (double)(a->rooms_consult + a->rooms_treatment + a->rooms_other)) ||
        !add_num(o, "lads", (double)a->lads) ||
        !add_num(o, "sites", (double)a->sites) ||
        !add_num(o, "dwellings_10y", (double)a->dwellings_10y) ||
        !add_num(o, "dwellings_total", (double)a->dwellings_total)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

pc_status plan_info_json(const ds_summary *s, pc_buf *out, pc_error *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *ds, *places, *tables, *sys;

    if (!root)
        goto nomem;
    if (!add_num(root, "base_year", s->base_year) ||
        !(ds = cJSON_AddObjectToObject(root, "dataset")) ||
        !cJSON_AddStringToObject(ds, "name", s->name) ||
        !cJSON_AddStringToObject(ds, "title", s->title) ||
        !cJSON_AddStringToObject(root, "list_date", s->list_date) ||
        !add_num(root, "horizon_10y_first", s->base_year) ||
        !add_num(root, "horizon_10y_last", s->base_year + 9) ||
        !add_num(root, "postcodes", (double)s->postcodes))
        goto nomem;
    sys = area_json(&s->system, s->list_date);
    if (!sys || !cJSON_AddItemToObject(root, "system", sys)) {
        cJSON_Delete(sys);
        goto nomem;
    }
    places = cJSON_AddArrayToObject(root, "places");
    if (!places)
        goto nomem;
    for (size_t i = 0; i < s->nplaces; i++) {
        cJSON *p = area_json(&s->places[i], s->list_date);

        if (!p || !cJSON_AddItemToArray(places, p)) {
            cJSON_Delete(p);
            goto nomem;
        }
    }
    tables = cJSON_AddObjectToObject(root, "tables");
    if (!tables)
        goto nomem;
    for (size_t i = 0; i < s->ntables; i++) {
        cJSON *t = cJSON_AddObjectToObject(tables, s->tables[i].table);

        if (!t || !add_num(t, "rows", (double)s->tables[i].rows) ||
            !add_num(t, "illustrative", (double)s->tables[i].illustrative))
            goto nomem;
    }
    return plan_json_out(root, 1, out, err);
nomem:
    return plan_json_out(root, 0, out, err);
}

/* One place's row, its name in w characters; other rooms only when
 * wide. */
static pc_status row(pc_buf *out, const ds_area_summary *a, int w)
{
    char pat[32], d10[32], dall[32], other[32] = "", nm[4 * 256 + 1];

    pc_fmt_thousands(pat, sizeof pat, a->patients);
    pc_fmt_thousands(d10, sizeof d10, a->dwellings_10y);
    pc_fmt_thousands(dall, sizeof dall, a->dwellings_total);
    if (out->wide)
        snprintf(other, sizeof other, " %5ld", a->rooms_other);
    pc_fmt_cell(nm, sizeof nm, a->name, w);
    return pc_buf_printf(out,
                         "%s %9ld %4ld %9s %8ld %7ld %9ld%s %4ld "
                         "%5ld %9s %8s\n",
                         nm, a->practices, a->pcns, pat, a->premises,
                         a->rooms_consult, a->rooms_treatment, other, a->lads,
                         a->sites, d10, dall);
}

pc_status plan_info_table(const ds_summary *s, pc_buf *out, pc_error *err)
{
    char y10[32];
    pc_status rc;
    int any_ill = 0, w = 18;

    snprintf(y10, sizeof y10, "%d-%d", s->base_year, s->base_year + 9);
    rc = pc_buf_printf(out, "%s (%s), base year %d\n",
                       s->title[0] ? s->title : s->name, s->name, s->base_year);
    if (rc == PC_OK)
        rc = pc_buf_printf(out,
                           "Registered patients at %s; rooms are "
                           "patient-facing rooms in premises; dwellings are "
                           "completions %s and in total.\n\n",
                           s->list_date, y10);
    for (size_t i = 0; i < s->nplaces; i++)
        pc_fmt_widen(&w, out->wide, s->places[i].name);
    if (rc == PC_OK)
        rc = pc_buf_printf(
            out, "%-*s %9s %4s %9s %8s %7s %9s%s %4s %5s %9s %8s\n", w, "place",
            "practices", "PCNs", "patients", "premises", "consult", "treatment",
            out->wide ? "  other" : "", "LADs", "sites", y10, "all");
    for (size_t i = 0; rc == PC_OK && i < s->nplaces; i++)
        rc = row(out, &s->places[i], w);
    if (rc == PC_OK) {
        ds_area_summary sys = s->system;

        snprintf(sys.name, sizeof sys.name, "%s", "System");
        rc = row(out, &sys, w);
    }
    if (rc == PC_OK && s->postcodes > 0) {
        char n[32];

        pc_fmt_thousands(n, sizeof n, s->postcodes);
        rc = pc_buf_printf(out,
                           "\nPostcode centroids: %s (a site can be given "
                           "by its postcode)\n",
                           n);
    }
    for (size_t i = 0; rc == PC_OK && i < s->ntables; i++) {
        const ds_table_count *t = &s->tables[i];

        if (t->illustrative == 0)
            continue;
        if (!any_ill)
            rc = pc_buf_puts(out, "\nIllustrative values (not from a "
                                  "published source; replace with local "
                                  "data):\n");
        any_ill = 1;
        if (rc == PC_OK)
            rc = pc_buf_printf(out, "  %-14s %ld of %ld rows\n", t->table,
                               t->illustrative, t->rows);
    }
    if (rc != PC_OK)
        return PC_FAIL(err, rc, "formatting the info table");
    return PC_OK;
}
