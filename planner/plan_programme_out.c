/* plan_programme_out.c: the views of a programme (see plan_prio.h): its
 * JSON document (pcplan-programme/1) as a cJSON tree or text, its tables
 * for people, and the optimum as a scenario that projects it. */
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"
#include "plan_prio_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- views ---------------------------------------------------------------- */

static const char *solver_words(const char *solver)
{
    return !solver ? "the solver" : !strcmp(solver, "cbc") ? "CBC" : "GLPK";
}

const char *plan_prio_status_text(const plan_prio_instance *in,
                                  const plan_prio_solution *s, char *buf,
                                  size_t n)
{
    const char *who = solver_words(s->solver), *st = s->status;
    char bound[128];

    if (!st || !strncmp(st, "greedy", 6)) {
        snprintf(buf, n, "the greedy ranking: no solver, nothing proven%s",
                 st && strcmp(st, "greedy") ? "; committed schemes left out"
                                            : "");
        return buf;
    }
    if (!strcmp(st, "optimal")) {
        snprintf(buf, n, "proven optimal by %s", who);
        return buf;
    }
    if (isnan(s->bound) || s->mip_gap >= 1)
        snprintf(bound, sizeof bound, "%s proved no bound", who);
    else
        snprintf(bound, sizeof bound,
                 "within %.4g%% of the bound %s proved (%.4f)",
                 100 * s->mip_gap, who, s->bound);
    if (!strcmp(st, "optimal-within-gap"))
        snprintf(buf, n,
                 "%s: stopped at the gap tolerance (capital.mip_gap %g); not "
                 "proven optimal",
                 bound, in->mip_gap);
    else if (s->from_start)
        snprintf(buf, n,
                 "the programme the search started from: the time limit "
                 "(capital.time_limit_s, %g s) ran out before %s found any; "
                 "%s; not proven optimal",
                 in->time_limit_s, who, bound);
    else
        snprintf(buf, n,
                 "best found in the time limit (capital.time_limit_s, %g s): "
                 "%s; not proven optimal",
                 in->time_limit_s, bound);
    return buf;
}

static double money(double v)
{
    return plan_round(v, 2);
}

static cJSON *year_map(const double *v, size_t n, int first, int decimals,
                       int *ok)
{
    cJSON *o = cJSON_CreateObject();
    char key[16];

    if (!o) {
        *ok = 0;
        return NULL;
    }
    for (size_t t = 0; t < n; t++) {
        snprintf(key, sizeof key, "%d", first + (int)t);
        plan_jnum(o, key, plan_round(v[t], decimals), ok);
    }
    return o;
}

/* Why scheme j is not in solution s. */
static const char *not_chosen_why(const plan_prio_instance *in,
                                  const plan_prio_solution *s, size_t j,
                                  char *buf, size_t n)
{
    const plan_prio_scheme *S = &in->schemes[j];

    if (S->blocked)
        return S->blocked;
    if (S->earliest + S->duration > in->years) {
        snprintf(buf, n, "cannot finish inside the horizon");
        return buf;
    }
    if (S->group >= 0)
        for (size_t i = 0; i < in->nschemes; i++)
            if (i != j && in->schemes[i].group == S->group &&
                s->start[i] >= 0) {
                snprintf(buf, n, "option group %s: %s chosen instead",
                         in->groups[S->group], in->schemes[i].id);
                return buf;
            }
    for (size_t d = 0; d < S->ndeps; d++)
        if (s->start[S->deps[d]] < 0) {
            snprintf(buf, n, "its prerequisite %s is not in the programme",
                     in->schemes[S->deps[d]].id);
            return buf;
        }
    if (S->rooms <= 0 || in->places[S->place].gap[in->years] <= 0) {
        double mx = 0;

        for (int t = 0; t <= in->years; t++)
            if (in->places[S->place].gap[t] > mx)
                mx = in->places[S->place].gap[t];
        if (mx <= 0 || S->rooms <= 0) {
            snprintf(buf, n, "%s has no room gap it would close",
                     S->rooms <= 0 ? "it adds no counted rooms, so it"
                                   : in->places[S->place].name);
            return buf;
        }
    }
    {
        /* the most gap it could meet, alone, from its earliest start */
        double most = 0, worth = in->icb_cost * S->cost_gbp;

        for (int t = S->earliest + S->duration; t <= in->years; t++) {
            double g = in->places[S->place].gap[t];

            most += in->places[S->place].weight * (g <= 0         ? 0
                                                   : g < S->rooms ? g
                                                                  : S->rooms);
        }
        if ((S->funding & PLAN_FUND_ICB) && worth > 0 && most < worth) {
            snprintf(buf, n,
                     "it meets at most %.1f need-weighted room-years of gap "
                     "inside the horizon, less than its cost as ICB capital "
                     "at the objective's weight (%.1f)",
                     most, worth);
            return buf;
        }
    }
    snprintf(buf, n,
             "the money does not stretch to it, or it closes less "
             "need than what was chosen");
    return buf;
}

/* Why fund k's money is repaid (w), in words, into buf (n bytes). */
static const char *repaid_text(const plan_prio_instance *in, size_t k,
                               const plan_prio_repaid *w, char *buf, size_t n)
{
    const plan_prio_fund *f = &in->funds[k];
    int end = plan_prio_fund_end(f, in->years) + in->base_year;
    size_t len;

    if (w->reason == PLAN_REPAID_NO_SCHEME) {
        if (f->unspendable)
            snprintf(buf, n, "no eligible scheme: %s", f->unspendable);
        else if (!f->neligible)
            snprintf(buf, n, "no eligible scheme: no scheme may use it");
        else
            snprintf(buf, n,
                     "no eligible scheme could start in time: none of its %zu "
                     "eligible scheme%s can spend money by %d, the last year "
                     "before its deadline",
                     f->neligible, f->neligible == 1 ? "" : "s", end);
        return buf;
    }
    if (!w->nidle) {
        snprintf(buf, n,
                 "the budget went elsewhere: its eligible schemes in the "
                 "programme are paid from other money");
        return buf;
    }
    len = (size_t)snprintf(buf, n, "the budget went elsewhere: ");
    for (size_t i = 0; i < w->nidle && i < PLAN_PRIO_REPAID_SHOWN && len < n;
         i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "",
                                in->schemes[w->idle[i]].id);
    if (len < n)
        snprintf(buf + len, n - len,
                 "%s could spend it by %d but %s not in the programme",
                 w->nidle > PLAN_PRIO_REPAID_SHOWN ? " and others" : "", end,
                 w->nidle == 1 ? "is" : "are");
    return buf;
}

/* The schemes solution s starts, with their funding, into o. */
static void solution_schemes_json(const plan_prio_instance *in,
                                  const plan_prio_solution *s, cJSON *o,
                                  int *okp)
{
    int ok = *okp;
    cJSON *arr, *it, *fa;

    arr = plan_jarr(o, "schemes", &ok);
    for (size_t j = 0; j < in->nschemes; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        if (s->start[j] < 0)
            continue;
        it = plan_jitem(arr, &ok);
        plan_jstr(it, "scheme_id", S->id, &ok);
        plan_jstr(it, "name", S->name, &ok);
        plan_jstr(it, "place", in->places[S->place].name, &ok);
        plan_jstr(it, "status", S->status, &ok);
        plan_jnum(it, "start_year", in->base_year + s->start[j], &ok);
        plan_jnum(it, "rooms_from_year",
                  in->base_year + s->start[j] + S->duration, &ok);
        plan_jnum(it, "rooms", S->rooms, &ok);
        plan_jnum(it, "cost_gbp", money(S->cost_gbp), &ok);
        plan_jnum(it, "rent_gbp", money(S->rent_gbp), &ok);
        plan_jbool(it, "illustrative", S->illustrative, &ok);
        fa = plan_jarr(it, "funding", &ok);
        for (size_t i = 0; i < s->npays; i++) {
            const plan_prio_pay *p = &s->pays[i];
            cJSON *x;

            if (p->scheme != j)
                continue;
            x = plan_jitem(fa, &ok);
            plan_jstr(x, "fund_id", in->funds[p->fund].id, &ok);
            plan_jstr(x, "kind", plan_fund_kind_name(in->funds[p->fund].kind),
                      &ok);
            plan_jnum(x, "year", in->base_year + p->year, &ok);
            plan_jnum(x, "gbp", money(p->gbp), &ok);
        }
    }
    *okp = ok;
}

/* Spend by kind of fund and year, then (full) per fund, into o; 0 when
 * out of memory. */
static int solution_spend_json(const plan_prio_instance *in,
                               const plan_prio_solution *s,
                               const plan_prio_repaid *why, cJSON *o, int full)
{
    int ok = 1, H = in->years;
    cJSON *arr, *it;

    /* spend by kind of fund and year, then per fund */
    arr = plan_jarr(o, "spend_by_kind", &ok);
    for (unsigned kb = 1; kb <= PLAN_FUND_CIL; kb <<= 1) {
        double *v = calloc((size_t)H, sizeof *v), tot = 0;

        if (!v)
            return 0;
        for (size_t i = 0; i < s->npays; i++)
            if (in->funds[s->pays[i].fund].kind == kb) {
                v[s->pays[i].year] += s->pays[i].gbp;
                tot += s->pays[i].gbp;
            }
        it = plan_jitem(arr, &ok);
        plan_jstr(it, "kind", plan_fund_kind_name(kb), &ok);
        plan_jadd(it, "by_year", year_map(v, (size_t)H, in->base_year, 2, &ok),
                  &ok);
        plan_jnum(it, "total_gbp", money(tot), &ok);
        free(v);
    }
    if (full) {
        arr = plan_jarr(o, "funds", &ok);
        for (size_t k = 0; k < in->nfunds; k++) {
            const plan_prio_fund *f = &in->funds[k];
            double *v = calloc((size_t)H, sizeof *v), spent = 0, avail = 0;

            if (!v)
                return 0;
            for (size_t i = 0; i < s->npays; i++)
                if (s->pays[i].fund == k) {
                    v[s->pays[i].year] += s->pays[i].gbp;
                    spent += s->pays[i].gbp;
                }
            for (int t = 0; t < H; t++)
                avail += f->amount[t];
            it = plan_jitem(arr, &ok);
            plan_jstr(it, "fund_id", f->id, &ok);
            plan_jstr(it, "kind", plan_fund_kind_name(f->kind), &ok);
            plan_jstr(it, "contribution_id", f->contribution_id, &ok);
            plan_jnum(it, "available_gbp", money(avail), &ok);
            plan_jstr(it, "unspendable", f->unspendable, &ok);
            plan_jadd(it, "spent_by_year",
                      year_map(v, (size_t)H, in->base_year, 2, &ok), &ok);
            plan_jnum(it, "spent_gbp", money(spent), &ok);
            plan_jnum(it, "repaid_gbp", money(s->repaid[k]), &ok);
            if (why && why[k].reason != PLAN_REPAID_NONE) {
                char text[512];

                plan_jstr(it, "repaid_reason",
                          plan_prio_repaid_reason_name(why[k].reason), &ok);
                plan_jstr(it, "repaid_why",
                          repaid_text(in, k, &why[k], text, sizeof text), &ok);
                plan_jnum(it, "repaid_objective_cost",
                          plan_round(why[k].objective_cost, 6), &ok);
            } else {
                plan_jstr(it, "repaid_reason", NULL, &ok);
                plan_jstr(it, "repaid_why", NULL, &ok);
                plan_jnum(it, "repaid_objective_cost", 0, &ok);
            }
            plan_jnum(it, "unspent_at_horizon_gbp",
                      money(f->last > H - 1 && avail - spent > PAY_EPS
                                ? avail - spent
                                : 0),
                      &ok);
            free(v);
        }
    }
    return ok;
}

static int solution_json(const plan_prio_instance *in,
                         const plan_prio_solution *s,
                         const plan_prio_repaid *repaid, cJSON *o, int full)
{
    int ok = 1, H = in->years;
    size_t R = (size_t)H + 1;
    cJSON *parts, *arr, *it;
    char why[512];

    plan_jnum(o, "objective", plan_round(s->objective, 6), &ok);
    plan_jstr(o, "status", s->status, &ok);
    plan_jstr(o, "status_text", plan_prio_status_text(in, s, why, sizeof why),
              &ok);
    if (full) {
        plan_jstr(o, "solver", s->solver, &ok);
        plan_jnum(o, "mip_gap", plan_round(s->mip_gap, 6), &ok);
        plan_jnum_or_null(o, "bound", plan_round(s->bound, 6), &ok);
        plan_jbool(o, "proven_optimal", !strcmp(s->status, "optimal"), &ok);
    }
    parts = cJSON_AddObjectToObject(o, "parts");
    plan_jnum(parts, "weighted_gap_room_years", plan_round(s->weighted_gap, 6),
              &ok);
    plan_jnum(parts, "s106_repaid_gbp", money(s->repaid_gbp), &ok);
    plan_jnum(parts, "icb_capital_gbp", money(s->icb_gbp), &ok);
    plan_jnum(parts, "cost_gbp", money(s->cost_gbp), &ok);
    if (!parts)
        ok = 0;
    solution_schemes_json(in, s, o, &ok);
    arr = plan_jarr(o, "not_chosen", &ok);
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] < 0) {
            it = plan_jitem(arr, &ok);
            plan_jstr(it, "scheme_id", in->schemes[j].id, &ok);
            plan_jstr(it, "status", in->schemes[j].status, &ok);
            plan_jstr(it, "why", not_chosen_why(in, s, j, why, sizeof why),
                      &ok);
        }
    if (!solution_spend_json(in, s, repaid, o, full))
        return 0;
    arr = plan_jarr(o, "remaining_gap", &ok);
    for (size_t p = 0; p < in->nplaces; p++) {
        it = plan_jitem(arr, &ok);
        plan_jstr(it, "place", in->places[p].name, &ok);
        plan_jadd(it, "by_year",
                  year_map(&s->unmet[p * R], R, in->base_year, 3, &ok), &ok);
    }
    return ok;
}

/* What scaling the ICB budget changes against the optimum. */
static int sensitivity_json(const plan_programme *pg, cJSON *arr,
                            const plan_prio_solution *s, double factor,
                            const char *why)
{
    const plan_prio_instance *in = pg->in;
    int ok = 1;
    cJSON *it = plan_jitem(arr, &ok), *a;
    char text[512];

    plan_jnum(it, "icb_budget_factor", factor, &ok);
    if (!s) {
        plan_jstr(it, "status", "infeasible", &ok);
        plan_jstr(it, "why", why, &ok);
        return ok;
    }
    plan_jstr(it, "status", s->status, &ok);
    plan_jstr(it, "status_text",
              plan_prio_status_text(in, s, text, sizeof text), &ok);
    plan_jstr(it, "solver", s->solver, &ok);
    plan_jnum(it, "objective", plan_round(s->objective, 6), &ok);
    plan_jnum(it, "mip_gap", plan_round(s->mip_gap, 6), &ok);
    plan_jnum_or_null(it, "bound", plan_round(s->bound, 6), &ok);
    plan_jnum(it, "weighted_gap_room_years", plan_round(s->weighted_gap, 6),
              &ok);
    plan_jnum(it, "s106_repaid_gbp", money(s->repaid_gbp), &ok);
    plan_jnum(it, "icb_capital_gbp", money(s->icb_gbp), &ok);
    plan_jnum(it, "cost_gbp", money(s->cost_gbp), &ok);
    a = cJSON_AddArrayToObject(it, "added");
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] >= 0 && pg->optimal->start[j] < 0 &&
            !cJSON_AddItemToArray(a, cJSON_CreateString(in->schemes[j].id)))
            ok = 0;
    a = cJSON_AddArrayToObject(it, "dropped");
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] < 0 && pg->optimal->start[j] >= 0 &&
            !cJSON_AddItemToArray(a, cJSON_CreateString(in->schemes[j].id)))
            ok = 0;
    a = plan_jarr(it, "moved", &ok);
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] >= 0 && pg->optimal->start[j] >= 0 &&
            s->start[j] != pg->optimal->start[j]) {
            cJSON *m = plan_jitem(a, &ok);

            plan_jstr(m, "scheme_id", in->schemes[j].id, &ok);
            plan_jnum(m, "from", in->base_year + pg->optimal->start[j], &ok);
            plan_jnum(m, "to", in->base_year + s->start[j], &ok);
        }
    return ok;
}

pc_status plan_programme_cjson(const plan_programme *pg, struct cJSON **out,
                               pc_error *err)
{
    const plan_prio_instance *in = pg->in;
    cJSON *root = cJSON_CreateObject(), *o, *arr, *it;
    int ok = root != NULL;

    plan_jstr(root, "format", "pcplan-programme/1", &ok);
    plan_jstr(root, "programme_id", pg->programme_id, &ok);
    plan_jstr(root, "run_id", in->run_id[0] ? in->run_id : NULL, &ok);
    if (pg->label)
        plan_jstr(root, "label", pg->label, &ok);
    plan_jstr(root, "dataset", in->dataset, &ok);
    plan_jstr(root, "scenario", in->scenario, &ok);
    plan_jstr(root, "preset", in->preset, &ok);
    plan_jstr(root, "method", in->method, &ok);
    plan_jnum(root, "base_year", in->base_year, &ok);
    plan_jnum(root, "years", in->years, &ok);
    o = cJSON_AddObjectToObject(root, "settings");
    plan_jbool(o, "carry_forward", in->carry_forward, &ok);
    plan_jnum(o, "icb_budget_factor", in->icb_budget_factor, &ok);
    if (isnan(in->rent_limit_gbp))
        plan_jstr(o, "rent_limit_gbp", NULL, &ok);
    else
        plan_jnum(o, "rent_limit_gbp", money(in->rent_limit_gbp), &ok);
    plan_jbool(o, "s106_requested", in->s106_requested, &ok);
    plan_jnum(o, "time_limit_s", in->time_limit_s, &ok);
    plan_jnum(o, "mip_gap_tolerance", in->mip_gap, &ok);
    plan_jstr(o, "solver", plan_prio_solver_name(in->solver), &ok);
    o = cJSON_AddObjectToObject(root, "weights");
    plan_jnum(o, "s106_repaid_per_gbp", in->repaid_penalty, &ok);
    plan_jnum(o, "icb_capital_per_gbp", in->icb_cost, &ok);
    plan_jnum(o, "tie_break_per_gbp", in->tie_break, &ok);
    arr = plan_jarr(root, "places", &ok);
    for (size_t p = 0; p < in->nplaces; p++) {
        const plan_prio_place *pl = &in->places[p];

        it = plan_jitem(arr, &ok);
        plan_jstr(it, "place", pl->name, &ok);
        if (isnan(pl->imd))
            plan_jstr(it, "imd", NULL, &ok);
        else
            plan_jnum(it, "imd", plan_round(pl->imd, 3), &ok);
        plan_jnum(it, "weight", plan_round(pl->weight, 6), &ok);
        plan_jadd(
            it, "gap_by_year",
            year_map(pl->gap, (size_t)in->years + 1, in->base_year, 3, &ok),
            &ok);
    }
    o = cJSON_AddObjectToObject(root, "optimal");
    if (!o || !solution_json(in, pg->optimal, pg->repaid, o, 1))
        ok = 0;
    o = cJSON_AddObjectToObject(root, "greedy");
    if (!o || !solution_json(in, pg->greedy, NULL, o, 0))
        ok = 0;
    plan_jnum(root, "optimal_better_by",
              plan_round(pg->greedy->objective - pg->optimal->objective, 6),
              &ok);
    arr = plan_jarr(root, "budget_sensitivity", &ok);
    if (!sensitivity_json(pg, arr, pg->lower, 0.9, pg->lower_why) ||
        !sensitivity_json(pg, arr, pg->higher, 1.1, pg->higher_why))
        ok = 0;
    arr = plan_jarr(root, "assumptions", &ok);
    for (size_t i = 0; i < in->nparams; i++) {
        it = plan_jitem(arr, &ok);
        plan_jstr(it, "id", in->params[i].id, &ok);
        plan_jnum(it, "value", in->params[i].value, &ok);
        plan_jstr(it, "origin", in->params[i].origin, &ok);
    }
    o = cJSON_AddObjectToObject(root, "illustrative");
    plan_jnum(o, "schemes", (double)in->illustrative_schemes, &ok);
    plan_jnum(o, "funds", (double)in->illustrative_funds, &ok);
    plan_jnum(o, "of_schemes", (double)in->nschemes, &ok);
    plan_jnum(o, "of_funds", (double)in->nfunds, &ok);
    plan_jstrings(root, "warnings", in->warnings.items, in->warnings.count,
                  &ok);
    plan_jstrings(root, "notes", in->notes.items, in->notes.count, &ok);
    if (!ok) {
        cJSON_Delete(root);
        return PC_FAIL(err, PC_ERR_NOMEM, "out of memory building JSON");
    }
    *out = root;
    return PC_OK;
}

pc_status plan_programme_json(const plan_programme *pg, pc_buf *out,
                              pc_error *err)
{
    cJSON *root = NULL;
    pc_status rc = plan_programme_cjson(pg, &root, err);

    if (rc)
        return rc;
    return plan_json_out(root, 1, out, err);
}

/* The tables print with P(), collecting pc_buf's failures in rc. */
#define P(...) rc |= pc_buf_printf(out, __VA_ARGS__)

/* "£100,000" for a weight of 1e-5 room-years per £. */
static const char *per_room_year(char *buf, size_t n, double w)
{
    if (!(w > 0))
        return "no amount";
    pc_fmt_money(buf, n, 1 / w, "\xc2\xa3", 0);
    return buf;
}

/* The headline and the optimum's schemes with their funding by kind. */
static int table_schemes(const plan_programme *pg, pc_buf *out)
{
    const plan_prio_instance *in = pg->in;
    const plan_prio_solution *s = pg->optimal;
    int rc = 0;
    const plan_prio_solution *g = pg->greedy;
    int H = in->years;
    char a[32], b[32], c[32], text[512];

    P("Capital programme: %s, %d-%d%s%s (gaps: %s method)\n",
      in->dataset ? in->dataset : "instance", in->base_year,
      in->base_year + H - 1, in->scenario ? ", scenario " : "",
      in->scenario ? in->scenario : "", in->method ? in->method : "-");
    if (!strcmp(s->status, "optimal"))
        P("Optimum: objective %.4f (optimal by %s, gap %.4f%%); greedy "
          "ranking: %.4f; better by %.4f need-weighted room-years\n",
          s->objective, s->solver ? s->solver : "-", 100 * s->mip_gap,
          g->objective, plan_round(g->objective - s->objective, 4));
    else
        P("Best found: objective %.4f (%s by %s, gap %.4f%%; not proven "
          "optimal)\n  %s\n  greedy ranking: %.4f; better by %.4f "
          "need-weighted room-years\n",
          s->objective, s->status, s->solver ? s->solver : "-",
          100 * s->mip_gap, plan_prio_status_text(in, s, text, sizeof text),
          g->objective, plan_round(g->objective - s->objective, 4));
    pc_fmt_money(a, sizeof a, s->cost_gbp, "\xc2\xa3", 0);
    pc_fmt_money(b, sizeof b, s->repaid_gbp, "\xc2\xa3", 0);
    pc_fmt_money(c, sizeof c, s->icb_gbp, "\xc2\xa3", 0);
    P("  unmet need %.2f weighted room-years, S106 repaid %s, ICB capital "
      "%s, schemes %s\n",
      s->weighted_gap, b, c, a);
    P("  weights: 1 room-year per %s of S106 repaid and per %s of ICB "
      "capital spent\n\n",
      per_room_year(b, sizeof b, in->repaid_penalty),
      per_room_year(c, sizeof c, in->icb_cost));
    P("%-6s %-20s %-5s %-10s %5s %12s  %s\n", "Scheme", "Place", "Start",
      "Rooms from", "Rooms", "Cost £", "Funding");
    for (size_t j = 0; j < in->nschemes; j++) {
        const plan_prio_scheme *S = &in->schemes[j];
        int first = 1;
        char pl[4 * 20 + 1];

        if (s->start[j] < 0)
            continue;
        pc_fmt_money(a, sizeof a, S->cost_gbp, "", 0);
        pc_fmt_cell(pl, sizeof pl, in->places[S->place].name, 20);
        P("%-6s %s %-5d %-10d %5.0f %12s  ", S->id, pl,
          in->base_year + s->start[j],
          in->base_year + s->start[j] + S->duration, S->rooms, a);
        for (unsigned kb = 1; kb <= PLAN_FUND_CIL; kb <<= 1) {
            double v = 0;

            for (size_t i = 0; i < s->npays; i++)
                if (s->pays[i].scheme == j &&
                    in->funds[s->pays[i].fund].kind == kb)
                    v += s->pays[i].gbp;
            if (v > PAY_EPS) {
                pc_fmt_money(a, sizeof a, v, "\xc2\xa3", 0);
                P("%s%s %s", first ? "" : ", ", plan_fund_kind_name(kb), a);
                first = 0;
            }
        }
        P("%s%s\n", S->illustrative ? " *" : "",
          S->forced ? " (committed)" : "");
    }
    return rc;
}

/* The schemes not chosen and why. */
static int table_not_chosen(const plan_programme *pg, pc_buf *out)
{
    const plan_prio_instance *in = pg->in;
    const plan_prio_solution *s = pg->optimal;
    int rc = 0;
    char why[256];

    P("\nNot chosen:\n");
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] < 0)
            P("  %-6s %s\n", in->schemes[j].id,
              not_chosen_why(in, s, j, why, sizeof why));
    return rc;
}

/* Spend by kind of fund and year, and the remaining gap by place. */
static int table_spend_gap(const plan_programme *pg, pc_buf *out)
{
    const plan_prio_instance *in = pg->in;
    const plan_prio_solution *s = pg->optimal;
    int rc = 0;
    int H = in->years;
    size_t R = (size_t)H + 1;

    P("\nSpend by fund and year (£k):\n%-8s", "Fund");
    for (int t = 0; t < H; t++)
        P(" %7d", in->base_year + t);
    P("\n");
    for (unsigned kb = 1; kb <= PLAN_FUND_CIL; kb <<= 1) {
        P("%-8s", plan_fund_kind_name(kb));
        for (int t = 0; t < H; t++) {
            double v = 0;

            for (size_t i = 0; i < s->npays; i++)
                if (s->pays[i].year == t &&
                    in->funds[s->pays[i].fund].kind == kb)
                    v += s->pays[i].gbp;
            P(" %7.0f", v / 1000);
        }
        P("\n");
    }
    P("\nRemaining gap (rooms short) by place, start of year:\n%-20s", "Place");
    for (size_t t = 0; t < R; t++)
        P(" %5d", in->base_year + (int)t);
    P("  weight\n");
    for (size_t p = 0; p < in->nplaces; p++) {
        char pl[4 * 20 + 1];

        pc_fmt_cell(pl, sizeof pl, in->places[p].name, 20);
        P("%s", pl);
        for (size_t t = 0; t < R; t++)
            P(" %5.1f", s->unmet[p * R + t]);
        P("  %.3f\n", in->places[p].weight);
    }
    return rc;
}

/* S106 money repaid at deadlines inside the horizon and left after it. */
static int table_s106(const plan_programme *pg, pc_buf *out)
{
    const plan_prio_instance *in = pg->in;
    const plan_prio_solution *s = pg->optimal;
    int rc = 0;
    int H = in->years;
    char a[32], b[32];

    double rep = 0, left = 0;

    for (size_t k = 0; k < in->nfunds; k++) {
        const plan_prio_fund *f = &in->funds[k];
        double avail = 0, spent = 0;

        if (f->kind != PLAN_FUND_S106)
            continue;
        for (int t = 0; t < H; t++)
            avail += f->amount[t];
        for (size_t i = 0; i < s->npays; i++)
            if (s->pays[i].fund == k)
                spent += s->pays[i].gbp;
        if (f->last <= H - 1)
            rep += avail - spent > PAY_EPS ? avail - spent : 0;
        else
            left += avail - spent > PAY_EPS ? avail - spent : 0;
    }
    pc_fmt_money(a, sizeof a, rep, "\xc2\xa3", 0);
    pc_fmt_money(b, sizeof b, left, "\xc2\xa3", 0);
    P("\nS106: %s repaid at deadlines inside the horizon; %s unspent at "
      "the horizon with later deadlines\n",
      a, b);
    for (size_t k = 0; pg->repaid && k < in->nfunds; k++) {
        char why[512];

        if (pg->repaid[k].reason == PLAN_REPAID_NONE)
            continue;
        pc_fmt_money(a, sizeof a, s->repaid[k], "\xc2\xa3", 0);
        P("  %s: %s repaid, costing %.4f need-weighted room-years: %s\n",
          in->funds[k].id, a, pg->repaid[k].objective_cost,
          repaid_text(in, k, &pg->repaid[k], why, sizeof why));
    }
    return rc;
}

/* What the ICB budget at 90% and 110% changes, the illustrative count and
 * the warnings. */
static int table_sensitivity(const plan_programme *pg, pc_buf *out)
{
    const plan_prio_instance *in = pg->in;
    const plan_prio_solution *s = pg->optimal;
    int rc = 0;

    P("\nICB budget -10%% / +10%%:\n");
    for (int side = 0; side < 2; side++) {
        const plan_prio_solution *x = side ? pg->higher : pg->lower;
        int first = 1;

        P("  x%.1f: ", side ? 1.1 : 0.9);
        if (!x) {
            P("infeasible: %s\n", side ? pg->higher_why : pg->lower_why);
            continue;
        }
        P("objective %.4f (%+.4f)", x->objective,
          plan_round(x->objective - s->objective, 4));
        if (strcmp(x->status, "optimal") != 0)
            P(" [%s, gap %.4f%%]", x->status, 100 * x->mip_gap);
        for (size_t j = 0; j < in->nschemes; j++)
            if ((x->start[j] >= 0) != (s->start[j] >= 0) ||
                (x->start[j] >= 0 && x->start[j] != s->start[j])) {
                if (x->start[j] < 0)
                    P("%s%s dropped", first ? "; " : ", ", in->schemes[j].id);
                else if (s->start[j] < 0)
                    P("%s%s added (%d)", first ? "; " : ", ", in->schemes[j].id,
                      in->base_year + x->start[j]);
                else
                    P("%s%s %d->%d", first ? "; " : ", ", in->schemes[j].id,
                      in->base_year + s->start[j], in->base_year + x->start[j]);
                first = 0;
            }
        P("%s\n", first ? "; no change" : "");
    }
    if (in->illustrative_schemes || in->illustrative_funds)
        P("\n* illustrative: %zu of %zu schemes and %zu of %zu funds carry "
          "illustrative values\n",
          in->illustrative_schemes, in->nschemes, in->illustrative_funds,
          in->nfunds);
    for (size_t i = 0; i < in->warnings.count; i++)
        P("warning: %s\n", in->warnings.items[i]);
    return rc;
}
#undef P

pc_status plan_programme_table(const plan_programme *pg, pc_buf *out,
                               pc_error *err)
{
    if ((pg->label && pc_buf_printf(out, "Label: %s\n", pg->label)) ||
        table_schemes(pg, out) || table_not_chosen(pg, out) ||
        table_spend_gap(pg, out) || table_s106(pg, out) ||
        table_sensitivity(pg, out))
        return PC_NOMEM(err);
    return PC_OK;
}

/* The programme scenario's description (malloc'd; NULL: out of
 * memory): which programme it is and what was proven of it. */
static char *describe(const plan_prio_instance *in, const plan_prio_solution *s)
{
    char text[512], d[800];

    if (!strcmp(s->status, "optimal"))
        snprintf(d, sizeof d,
                 "The capital programme chosen by the prioritisation (the "
                 "optimum, %s): its schemes counted with their start years.",
                 plan_prio_status_text(in, s, text, sizeof text));
    else
        snprintf(d, sizeof d,
                 "The capital programme chosen by the prioritisation (%s): "
                 "its schemes counted with their start years.",
                 plan_prio_status_text(in, s, text, sizeof text));
    return strdup(d);
}

pc_status plan_programme_scenario(const plan_programme *pg,
                                  const plan_scenario *sc, pc_buf *out,
                                  pc_error *err)
{
    const plan_prio_instance *in = pg->in;
    const plan_prio_solution *s = pg->optimal;
    plan_scenario *g = plan_scenario_new();
    size_t n = 0;
    char name[80];
    pc_status rc = PC_OK;

    if (!g)
        return PC_NOMEM(err);
    if (sc && (rc = plan_scenario_merge(g, sc, err)))
        goto out;
    for (size_t i = 0; i < g->nstarts; i++)
        free(g->start_ids[i]);
    free(g->start_ids);
    free(g->start_years);
    g->start_ids = NULL;
    g->start_years = NULL;
    g->nstarts = 0;
    for (size_t j = 0; j < in->nschemes; j++)
        n += s->start[j] >= 0;
    {
        char **inc = realloc(g->schemes_include.v,
                             (g->schemes_include.n + n + 1) * sizeof *inc);

        if (inc)
            g->schemes_include.v = inc;
        g->start_ids = calloc(n + 1, sizeof *g->start_ids);
        g->start_years = calloc(n + 1, sizeof *g->start_years);
        if (!inc || !g->start_ids || !g->start_years) {
            rc = PC_NOMEM(err);
            goto out;
        }
    }
    for (size_t j = 0; j < in->nschemes; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        if (s->start[j] < 0)
            continue;
        if (strcmp(S->status, "committed") != 0 &&
            !plan_prio_listed(&g->schemes_include, S->id)) {
            if (!(g->schemes_include.v[g->schemes_include.n] = strdup(S->id))) {
                rc = PC_NOMEM(err);
                goto out;
            }
            g->schemes_include.n++;
            g->schemes_include.set = 1;
        }
        if (!(g->start_ids[g->nstarts] = strdup(S->id))) {
            rc = PC_NOMEM(err);
            goto out;
        }
        g->start_years[g->nstarts++] = in->base_year + s->start[j];
    }
    snprintf(name, sizeof name, "%.53s-programme",
             g->name ? g->name : "baseline");
    free(g->name);
    free(g->description);
    g->description = NULL;
    if (!(g->name = strdup(name)) || !(g->description = describe(in, s))) {
        rc = PC_NOMEM(err);
        goto out;
    }
    rc = plan_scenario_canonical(g, out, err);
out:
    plan_scenario_free(g);
    return rc;
}
