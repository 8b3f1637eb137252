/* plan_contrib_import.c: the contributions import (see
 * plan_contrib_import.h): the store's LADs give the councils in scope,
 * ds_contrib_import_read() reads and maps the national files, and
 * ds_store_contrib_imports_put() writes them in one transaction; then the
 * views of what was done. */
#include "plan_contrib_import.h"

#include "ds_store.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void plan_contrib_import_free(plan_contrib_import_result *r)
{
    if (!r)
        return;
    ds_contrib_import_set_free(r->set);
    free(r);
}

pc_status plan_contrib_import(const char *db_path, const char *dir,
                              const char *const *lpas, size_t nlpas,
                              plan_contrib_import_result **out, pc_error *err)
{
    ds_store *st = NULL;
    ds_dataset *ds = NULL;
    const char **lads = NULL;
    plan_contrib_import_result *r = NULL;
    ds_contrib_scope scope = {lpas, nlpas, NULL, 0};
    pc_status rc;

    if ((rc = ds_store_open(db_path, DS_OPEN_EXISTING, &st, err)) != PC_OK ||
        (rc = ds_store_load(st, 0, &ds, NULL, err)) != PC_OK)
        goto cleanup;
    lads = calloc(ds->nlads ? ds->nlads : 1, sizeof *lads);
    r = calloc(1, sizeof *r);
    if (!lads || !r) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    for (size_t i = 0; i < ds->nlads; i++)
        lads[i] = ds->lads[i].code;
    scope.lads = lads;
    scope.nlads = ds->nlads;
    if ((rc = ds_contrib_import_read(dir, &scope, &r->set, err)) != PC_OK ||
        (rc = ds_store_contrib_imports_put(st, r->set, &r->counts, err)) !=
            PC_OK)
        goto cleanup;
    *out = r;
    r = NULL;

cleanup:
    plan_contrib_import_free(r);
    free(lads);
    ds_dataset_free(ds);
    ds_store_close(st);
    return rc;
}

/* --- views ------------------------------------------------------------- */

static const char *gbp(char *out, size_t n, double v)
{
    if (isnan(v))
        snprintf(out, n, "-");
    else
        pc_fmt_money(out, n, v, "", 0);
    return out;
}

static pc_status table_head(const plan_contrib_import_result *r, pc_buf *out)
{
    const ds_contrib_import_set *s = r->set;
    const ds_contrib_import_counts *c = &r->counts;

    if (pc_buf_printf(out,
                      "Imported %zu health contribution%s of %zu "
                      "council%s\n",
                      s->n, s->n == 1 ? "" : "s", s->ncouncils,
                      s->ncouncils == 1 ? "" : "s") != PC_OK ||
        pc_buf_printf(out,
                      "Read %zu agreements, %zu contributions (%zu of these "
                      "councils for other purposes, %zu of other "
                      "organisations), %zu transactions (%zu of the "
                      "contributions kept)\n",
                      s->agreements, s->contributions, s->other_purpose,
                      s->other_councils, s->transactions,
                      s->payments) != PC_OK ||
        pc_buf_printf(out,
                      "Store: %zu added, %zu changed, %zu unchanged, %zu "
                      "removed\n\n",
                      c->added, c->changed, c->unchanged, c->removed) != PC_OK)
        return PC_ERR_NOMEM;
    if (pc_buf_printf(out, "%-28s %-10s %5s  %s\n", "council", "LAD", "kept",
                      "name") != PC_OK)
        return PC_ERR_NOMEM;
    for (size_t i = 0; i < s->ncouncils; i++) {
        const ds_contrib_council *k = &s->councils[i];

        if (pc_buf_printf(out, "%-28s %-10s %5zu  %s\n", k->organisation,
                          k->lad_code ? k->lad_code : "-", k->contributions,
                          k->name ? k->name : "-") != PC_OK)
            return PC_ERR_NOMEM;
    }
    return PC_OK;
}

pc_status plan_contrib_import_table(const plan_contrib_import_result *r,
                                    pc_buf *out, pc_error *err)
{
    const ds_contrib_import_set *s = r->set;
    int wid = 2;
    char m[4][32];

    for (size_t i = 0; i < s->n; i++)
        if ((int)strlen(s->v[i].c.id) > wid)
            wid = (int)strlen(s->v[i].c.id);
    if (table_head(r, out) != PC_OK ||
        pc_buf_printf(out, "\n%-*s %-4s %-8s %11s %11s %11s %11s  %s\n", wid,
                      "id", "kind", "status", "amount", "received", "allocated",
                      "spent", "to complete") != PC_OK)
        return PC_NOMEM(err);
    for (size_t i = 0; i < s->n; i++) {
        const ds_contrib_import *x = &s->v[i];

        char fields[256];
        size_t k;

        for (k = 0; x->to_complete[k] && k < sizeof fields - 2; k++)
            fields[k] = x->to_complete[k] == ';' ? ' ' : x->to_complete[k];
        fields[k] = '\0';
        if (pc_buf_printf(out, "%-*s %-4s %-8s %11s %11s %11s %11s  %s\n", wid,
                          x->c.id, x->c.kind, x->c.status,
                          strstr(x->to_complete, "amount_gbp")
                              ? "-"
                              : gbp(m[0], sizeof m[0], x->c.amount_gbp),
                          gbp(m[1], sizeof m[1], x->c.received_gbp),
                          gbp(m[2], sizeof m[2], x->allocated_gbp),
                          gbp(m[3], sizeof m[3], x->c.spent_gbp),
                          fields) != PC_OK)
            return PC_NOMEM(err);
    }
    for (size_t i = 0; i < s->warnings.count; i++)
        if (pc_buf_printf(out, "%swarning: %s\n", i ? "" : "\n",
                          s->warnings.items[i]) != PC_OK)
            return PC_NOMEM(err);
    if (pc_buf_puts(
            out,
            "\nTo complete: the fields of the dataset's contributions.csv that "
            "the\npublished data lacks (site, triggers, spend-by period, price "
            "base date,\nthe scheme or practice it is for). Until a row of "
            "contributions.csv with\nthe same contribution_id completes one, "
            "the contributions ledger lists it\nas incomplete: not indexed, "
            "its money to come unscheduled, and the risk\nto its unspent money "
            "not known.\n") != PC_OK)
        return PC_NOMEM(err);
    return PC_OK;
}

static void fields_json(cJSON *o, const char *list, int *ok)
{
    cJSON *a = plan_jarr(o, "to_complete", ok);

    for (const char *p = list; *ok && p && *p;) {
        size_t n = strcspn(p, ";");
        char f[64];
        cJSON *v;

        snprintf(f, sizeof f, "%.*s", (int)(n < 63 ? n : 63), p);
        v = cJSON_CreateString(f);
        if (!v || !cJSON_AddItemToArray(a, v)) {
            cJSON_Delete(v);
            *ok = 0;
        }
        p += n + (p[n] == ';');
    }
}

static void import_json(cJSON *arr, const ds_contrib_import *x, int *ok)
{
    cJSON *o = plan_jitem(arr, ok);

    if (!*ok)
        return;
    plan_jstr(o, "contribution_id", x->c.id, ok);
    plan_jstr(o, "organisation", x->organisation, ok);
    plan_jstr(o, "reference", x->reference, ok);
    plan_jstr(o, "agreement", x->agreement, ok);
    plan_jstr(o, "agreement_type", x->agreement_type, ok);
    plan_jstr(o, "kind", x->c.kind, ok);
    plan_jstr(o, "status", x->c.status, ok);
    plan_jnum(o, "amount_gbp", plan_round(x->c.amount_gbp, 2), ok);
    plan_jnum_or_null(o, "received_gbp", plan_round(x->c.received_gbp, 2), ok);
    plan_jstr(o, "received_date", x->c.received_date, ok);
    plan_jnum(o, "allocated_gbp", plan_round(x->allocated_gbp, 2), ok);
    plan_jnum_or_null(o, "spent_gbp", plan_round(x->c.spent_gbp, 2), ok);
    plan_jstr(o, "lad_code", x->lad_code, ok);
    fields_json(o, x->to_complete, ok);
}

pc_status plan_contrib_import_json(const plan_contrib_import_result *r,
                                   pc_buf *out, pc_error *err)
{
    const ds_contrib_import_set *s = r->set;
    cJSON *root = cJSON_CreateObject(), *a, *o;
    int ok = root != NULL;

    a = plan_jarr(root, "councils", &ok);
    for (size_t i = 0; ok && i < s->ncouncils; i++) {
        o = plan_jitem(a, &ok);
        plan_jstr(o, "organisation", s->councils[i].organisation, &ok);
        plan_jstr(o, "name", s->councils[i].name, &ok);
        plan_jstr(o, "lad_code", s->councils[i].lad_code, &ok);
        plan_jnum(o, "contributions", (double)s->councils[i].contributions,
                  &ok);
    }
    o = ok ? cJSON_AddObjectToObject(root, "read") : NULL;
    ok = ok && o;
    plan_jnum(o, "agreements", (double)s->agreements, &ok);
    plan_jnum(o, "contributions", (double)s->contributions, &ok);
    plan_jnum(o, "transactions", (double)s->transactions, &ok);
    plan_jnum(o, "other_purpose", (double)s->other_purpose, &ok);
    plan_jnum(o, "other_councils", (double)s->other_councils, &ok);
    plan_jnum(o, "payments", (double)s->payments, &ok);
    o = ok ? cJSON_AddObjectToObject(root, "store") : NULL;
    ok = ok && o;
    plan_jnum(o, "added", (double)r->counts.added, &ok);
    plan_jnum(o, "changed", (double)r->counts.changed, &ok);
    plan_jnum(o, "unchanged", (double)r->counts.unchanged, &ok);
    plan_jnum(o, "removed", (double)r->counts.removed, &ok);
    a = plan_jarr(root, "contributions", &ok);
    for (size_t i = 0; ok && i < s->n; i++)
        import_json(a, &s->v[i], &ok);
    plan_jstrings(root, "warnings", s->warnings.items, s->warnings.count, &ok);
    return plan_json_out(root, ok, out, err);
}
