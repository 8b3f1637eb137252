/* plan_programme_store.c: programmes kept in the store like runs (see
 * plan_programme_store.h): what identifies a programme, storing it, and
 * the list of stored programmes. The input hash (FNV-1a, 64 bits, as a
 * run's) is over everything the programme read: the run of its gaps, the
 * budget factor, the solver and its settings, the objective's weights,
 * every place, scheme and fund of the instance. The programme id is its
 * first 12 hex digits. */
#include "plan_programme_store.h"

#include "pc_fmt.h"
#include "pc_hash.h"
#include "plan_json.h"
#include "plan_prio_int.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PCPLAN_VERSION
#define PCPLAN_VERSION "dev"
#endif

/* --- the input hash ----------------------------------------------------- */

/* pc_hash_num, but every NaN alike (the programme's "none" values) */
static void h_num(pc_hash *H, double v)
{
    if (isnan(v))
        pc_hash_str(H, "\x01nan");
    else
        pc_hash_num(H, v);
}

static void h_scheme(pc_hash *H, const plan_prio_scheme *s)
{
    pc_hash_str(H, s->id);
    pc_hash_str(H, s->status);
    h_num(H, (double)s->place);
    h_num(H, s->forced);
    h_num(H, s->rooms);
    h_num(H, s->cost_gbp);
    h_num(H, s->rent_gbp);
    h_num(H, s->duration);
    for (int i = 0; s->profile && i < s->duration; i++)
        h_num(H, s->profile[i]);
    h_num(H, s->earliest);
    h_num(H, s->latest);
    h_num(H, s->funding);
    h_num(H, s->group);
    for (size_t i = 0; i < s->ndeps; i++)
        h_num(H, (double)s->deps[i]);
    pc_hash_str(H, s->blocked);
}

static void h_fund(pc_hash *H, const plan_prio_fund *f, int years)
{
    pc_hash_str(H, f->id);
    pc_hash_str(H, f->contribution_id);
    h_num(H, f->kind);
    for (int t = 0; t < years; t++)
        h_num(H, f->amount[t]);
    h_num(H, f->carry);
    h_num(H, f->last);
    h_num(H, f->repay);
    for (size_t i = 0; i < f->neligible; i++)
        h_num(H, (double)f->eligible[i]);
}

void plan_programme_hash(plan_programme *p)
{
    const plan_prio_instance *in = p->in;
    pc_hash H = PC_HASH_INIT;

    pc_hash_str(&H, "pcplan programme " PCPLAN_VERSION);
    pc_hash_str(&H, in->run_id);
    pc_hash_str(&H, in->dataset);
    h_num(&H, in->base_year);
    h_num(&H, in->years);
    h_num(&H, in->icb_budget_factor);
    pc_hash_str(&H, plan_prio_solver_name(in->solver));
    h_num(&H, in->time_limit_s);
    h_num(&H, in->mip_gap);
    h_num(&H, in->carry_forward);
    h_num(&H, in->s106_requested);
    h_num(&H, in->rent_limit_gbp);
    h_num(&H, in->repaid_penalty);
    h_num(&H, in->icb_cost);
    h_num(&H, in->tie_break);
    h_num(&H, in->deprivation_power);
    for (size_t i = 0; i < in->nplaces; i++) {
        pc_hash_str(&H, in->places[i].name);
        h_num(&H, in->places[i].weight);
        for (int t = 0; t <= in->years; t++)
            h_num(&H, in->places[i].gap[t]);
    }
    for (size_t j = 0; j < in->nschemes; j++)
        h_scheme(&H, &in->schemes[j]);
    for (size_t k = 0; k < in->nfunds; k++)
        h_fund(&H, &in->funds[k], in->years);
    for (size_t g = 0; g < in->ngroups; g++)
        pc_hash_str(&H, in->groups[g]);
    for (size_t i = 0; i < in->nparams; i++) {
        pc_hash_str(&H, in->params[i].id);
        h_num(&H, in->params[i].value);
    }
    snprintf(p->input_hash, sizeof p->input_hash, "%016llx",
             (unsigned long long)H.h);
    memcpy(p->programme_id, p->input_hash, 12);
    p->programme_id[12] = '\0';
}

/* --- storing ------------------------------------------------------------ */

pc_status plan_programme_save(ds_store *st, const plan_programme *p,
                              pc_error *err)
{
    const plan_prio_instance *in = p->in;
    pc_buf json = PC_BUF_INIT(PC_CAP_DOC);
    plan_programme named = *p;
    ds_programme_info info = {p->programme_id,
                              p->input_hash,
                              in->run_id,
                              p->label,
                              NULL,
                              plan_prio_solver_name(in->solver),
                              p->optimal->status,
                              in->icb_budget_factor,
                              NULL};
    pc_status rc;

    /* the label is a name, not a result: the stored JSON is without it,
     * so that a label given later names the same document */
    named.label = NULL;
    if (!(rc = plan_programme_json(&named, &json, err)))
        rc = ds_store_programme_put(st, &info, pc_buf_str(&json), err);
    pc_buf_free(&json);
    return rc;
}

/* --- the list ------------------------------------------------------------ */

/* The figures of a stored programme's JSON that the list shows. */
typedef struct pg_sum {
    const char *dataset, *scenario, *status, *status_text;
    double mip_gap, cost_gbp, spent_gbp;
    int schemes;
} pg_sum;

static const cJSON *jget(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static double jnum(const cJSON *o, const char *k)
{
    const cJSON *v = jget(o, k);

    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = jget(o, k);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void summarise(const cJSON *doc, pg_sum *s)
{
    const cJSON *opt = jget(doc, "optimal"), *x;

    memset(s, 0, sizeof *s);
    s->dataset = jstr(doc, "dataset");
    s->scenario = jstr(doc, "scenario");
    s->status = jstr(opt, "status");
    s->status_text = jstr(opt, "status_text");
    s->mip_gap = jnum(opt, "mip_gap");
    s->cost_gbp = jnum(jget(opt, "parts"), "cost_gbp");
    s->schemes = cJSON_GetArraySize(jget(opt, "schemes"));
    cJSON_ArrayForEach(x, jget(opt, "spend_by_kind"))
    {
        double v = jnum(x, "total_gbp");

        if (!isnan(v))
            s->spent_gbp += v;
    }
}

void plan_programme_status_words(const char *status, double mip_gap, char *buf,
                                 size_t n)
{
    char pct[32];

    if (!status)
        status = "?";
    pc_fmt_pct(pct, sizeof pct, isnan(mip_gap) ? 1 : mip_gap, 2);
    if (!strcmp(status, "optimal"))
        snprintf(buf, n, "optimum");
    else if (!strncmp(status, "greedy", 6))
        snprintf(buf, n, "%s",
                 strcmp(status, "greedy") ? "greedy, incomplete" : "greedy");
    else if (isnan(mip_gap) || mip_gap >= 1)
        snprintf(buf, n, "best found, no bound");
    else
        snprintf(buf, n, "best found within %s", pct);
}

static int list_item(cJSON *arr, const ds_programme_info *m, const pg_sum *s)
{
    cJSON *o = cJSON_CreateObject();
    char words[64];
    int ok = o && cJSON_AddItemToArray(arr, o);

    if (!ok) {
        cJSON_Delete(o);
        return 0;
    }
    plan_programme_status_words(m->status, s->mip_gap, words, sizeof words);
    plan_jstr(o, "programme_id", m->programme_id, &ok);
    plan_jstr(o, "label", m->label, &ok);
    plan_jstr(o, "created", m->created, &ok);
    plan_jstr(o, "input_hash", m->input_hash, &ok);
    plan_jstr(o, "run_id", m->run_id, &ok);
    plan_jstr(o, "dataset", s->dataset, &ok);
    plan_jstr(o, "scenario", s->scenario, &ok);
    plan_jstr(o, "solver", m->solver, &ok);
    plan_jstr(o, "status", m->status, &ok);
    plan_jstr(o, "status_words", words, &ok);
    plan_jstr(o, "status_text", s->status_text, &ok);
    plan_jnum_or_null(o, "mip_gap", s->mip_gap, &ok);
    plan_jnum(o, "budget_factor", m->budget_factor, &ok);
    plan_jnum(o, "schemes", s->schemes, &ok);
    plan_jnum_or_null(o, "cost_gbp", s->cost_gbp, &ok);
    plan_jnum(o, "spent_gbp", s->spent_gbp, &ok);
    return ok;
}

static pc_status list_json(const ds_programme_list *l, pc_buf *out,
                           pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *arr = NULL;
    int ok = root && (arr = cJSON_AddArrayToObject(root, "programmes"));

    for (size_t i = 0; ok && i < l->n; i++) {
        cJSON *doc = cJSON_Parse(l->v[i].result);
        pg_sum s;

        summarise(doc, &s);
        ok = list_item(arr, &l->v[i], &s);
        cJSON_Delete(doc);
    }
    return plan_json_out(root, ok, out, err);
}

/* One programme's row: label in wl, status in ws characters. */
static pc_status list_row(pc_buf *out, const ds_programme_info *m,
                          const pg_sum *s, int wl, int ws)
{
    char date[16], words[64], lab[4 * 256 + 1], st[4 * 64 + 1], bf[32],
        cost[48];

    snprintf(date, sizeof date, "%.10s", m->created ? m->created : "-");
    plan_programme_status_words(m->status, s->mip_gap, words, sizeof words);
    pc_fmt_cell(lab, sizeof lab, m->label ? m->label : "-", wl);
    pc_fmt_cell(st, sizeof st, words, ws);
    pc_fmt_num(bf, sizeof bf, m->budget_factor, 2);
    pc_fmt_grouped(cost, sizeof cost, isnan(s->cost_gbp) ? 0 : s->cost_gbp, 0);
    return pc_buf_printf(out, "%-12s %-10s %s %-12s %s %6s %7d %11s%s%s%s%s\n",
                         m->programme_id, date, lab, m->run_id, st, bf,
                         s->schemes, cost, out->wide ? " " : "",
                         out->wide ? m->solver : "", out->wide ? " " : "",
                         out->wide && s->dataset ? s->dataset : "");
}

pc_status plan_programmes_list(const ds_programme_list *l, int as_json,
                               pc_buf *out, pc_error *err)
{
    cJSON **docs = NULL;
    pg_sum *sums = NULL;
    int wl = 14, ws = 20;
    pc_status rc = PC_OK;

    if (as_json)
        return list_json(l, out, err);
    if (l->n == 0)
        return pc_buf_puts(out, "No stored programmes\n")
                   ? PC_FAIL(err, PC_ERR_NOMEM, "formatting programmes")
                   : PC_OK;
    docs = calloc(l->n, sizeof *docs);
    sums = calloc(l->n, sizeof *sums);
    if (!docs || !sums) {
        rc = PC_NOMEM(err);
        goto done;
    }
    /* the name columns: cut to fit, or (wide) their longest */
    for (size_t i = 0; i < l->n; i++) {
        char words[64];

        docs[i] = cJSON_Parse(l->v[i].result);
        summarise(docs[i], &sums[i]);
        plan_programme_status_words(l->v[i].status, sums[i].mip_gap, words,
                                    sizeof words);
        pc_fmt_widen(&wl, out->wide, l->v[i].label);
        pc_fmt_widen(&ws, out->wide, words);
    }
    /* "£" is two bytes: its column is one wider in bytes */
    rc = pc_buf_printf(out, "%-12s %-10s %-*s %-12s %-*s %6s %7s %12s%s\n",
                       "programme", "date", wl, "label", "run", ws, "status",
                       "budget", "schemes", "cost £",
                       out->wide ? " solver dataset" : "");
    for (size_t i = 0; rc == PC_OK && i < l->n; i++)
        rc = list_row(out, &l->v[i], &sums[i], wl, ws);
    if (rc != PC_OK)
        rc = PC_FAIL(err, rc, "formatting programmes");
done:
    for (size_t i = 0; docs && i < l->n; i++)
        cJSON_Delete(docs[i]);
    free(docs);
    free(sums);
    return rc;
}
