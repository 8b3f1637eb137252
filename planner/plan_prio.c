/* plan_prio.c: the prioritisation instance and its solutions (see
 * plan_prio.h for the model): building an instance, evaluating a
 * solution, and the preparation both solvers start from. The greedy
 * ranking is in plan_prio_greedy.c, the exact solution in plan_prio_mip.c
 * (the model) with plan_prio_glpk.c or plan_prio_cbc.c (the solvers). */
#include "pc_arena.h"
#include "pc_error.h"
#include "plan_prio_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *plan_fund_kind_name(unsigned kind)
{
    switch (kind) {
    case PLAN_FUND_ICB: return "icb";
    case PLAN_FUND_GRANT: return "grant";
    case PLAN_FUND_PARTNER: return "partner";
    case PLAN_FUND_S106: return "s106";
    case PLAN_FUND_CIL: return "cil";
    default: return "?";
    }
}

const char *plan_prio_solver_name(plan_prio_solver s)
{
    switch (s) {
    case PLAN_PRIO_GLPK: return "glpk";
    case PLAN_PRIO_CBC: return "cbc";
    default: return "?";
    }
}

pc_status plan_prio_solver_parse(const char *s, plan_prio_solver *out,
                                 pc_error *err)
{
    if (s && !strcmp(s, "cbc"))
        *out = PLAN_PRIO_CBC;
    else if (s && !strcmp(s, "glpk"))
        *out = PLAN_PRIO_GLPK;
    else
        return PC_FAIL(err, PC_ERR_INPUT,
                       "unknown solver \"%.64s\" (expected glpk or cbc)",
                       s ? s : "");
    return PC_OK;
}

pc_status plan_prio_instance_new(int base_year, int years, size_t nplaces,
                                 size_t nschemes, size_t nfunds,
                                 plan_prio_instance **out, pc_error *err)
{
    plan_prio_instance *in = NULL;
    pc_arena *a;

    *out = NULL;
    if (years < 1 || years > 50)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "prioritisation: horizon of %d years: expected 1 to 50",
                       years);
    if (!(a = pc_arena_new()))
        return PC_NOMEM(err);
    in = pc_arena_calloc(a, 1, sizeof *in);
    if (!in)
        goto oom;
    in->arena = a;
    in->base_year = base_year;
    in->years = years;
    in->rent_limit_gbp = NAN;
    in->repaid_penalty = 1e-5;
    in->icb_cost = 0;
    in->tie_break = 1e-9;
    in->deprivation_power = 1;
    in->icb_budget_factor = 1;
    in->time_limit_s = 60;
    in->mip_gap = 1e-4;
    in->solver = PLAN_PRIO_GLPK;
    in->nplaces = nplaces;
    in->nschemes = nschemes;
    in->nfunds = nfunds;
    if ((nplaces &&
         !(in->places = pc_arena_calloc(a, nplaces, sizeof *in->places))) ||
        (nschemes &&
         !(in->schemes = pc_arena_calloc(a, nschemes, sizeof *in->schemes))) ||
        (nfunds &&
         !(in->funds = pc_arena_calloc(a, nfunds, sizeof *in->funds))))
        goto oom;
    for (size_t p = 0; p < nplaces; p++) {
        in->places[p].weight = 1;
        in->places[p].imd = NAN;
        if (!(in->places[p].gap =
                  pc_arena_calloc(a, (size_t)years + 1, sizeof(double))))
            goto oom;
    }
    for (size_t j = 0; j < nschemes; j++) {
        in->schemes[j].group = -1;
        in->schemes[j].latest = -1;
    }
    for (size_t k = 0; k < nfunds; k++) {
        in->funds[k].last = years;
        if (!(in->funds[k].amount =
                  pc_arena_calloc(a, (size_t)years, sizeof(double))))
            goto oom;
    }
    *out = in;
    return PC_OK;
oom:
    pc_arena_free(a);
    return PC_NOMEM(err);
}

void plan_prio_instance_free(plan_prio_instance *in)
{
    if (!in)
        return;
    plan_run_free(in->gaps);
    pc_arena_free(in->arena); /* in is in it */
}

void plan_prio_solution_free(plan_prio_solution *s)
{
    if (!s)
        return;
    free(s->start);
    free(s->pays);
    free(s->unmet);
    free(s->repaid);
    free(s);
}

plan_prio_solution *plan_prio_solution_alloc(const plan_prio_instance *in)
{
    plan_prio_solution *s = calloc(1, sizeof *s);

    if (!s)
        return NULL;
    s->start = malloc((in->nschemes ? in->nschemes : 1) * sizeof *s->start);
    s->unmet =
        calloc(in->nplaces * ((size_t)in->years + 1) + 1, sizeof(double));
    s->repaid = calloc(in->nfunds + 1, sizeof(double));
    if (!s->start || !s->unmet || !s->repaid) {
        plan_prio_solution_free(s);
        return NULL;
    }
    for (size_t j = 0; j < in->nschemes; j++)
        s->start[j] = -1;
    s->bound = NAN;
    return s;
}

plan_prio_solution *plan_prio_solution_copy(const plan_prio_instance *in,
                                            const plan_prio_solution *s)
{
    plan_prio_solution *c = plan_prio_solution_alloc(in);
    size_t R = (size_t)in->years + 1;

    if (!c)
        return NULL;
    if (s->npays && !(c->pays = malloc(s->npays * sizeof *c->pays))) {
        plan_prio_solution_free(c);
        return NULL;
    }
    {
        plan_prio_solution keep = *c;

        *c = *s;
        c->start = keep.start;
        c->pays = keep.pays;
        c->unmet = keep.unmet;
        c->repaid = keep.repaid;
    }
    memcpy(c->start, s->start, in->nschemes * sizeof *c->start);
    if (s->npays)
        memcpy(c->pays, s->pays, s->npays * sizeof *c->pays);
    memcpy(c->unmet, s->unmet, in->nplaces * R * sizeof *c->unmet);
    memcpy(c->repaid, s->repaid, in->nfunds * sizeof *c->repaid);
    return c;
}

int plan_prio_pay_add(plan_prio_solution *s, size_t *cap, size_t j, size_t k,
                      int t, double gbp)
{
    if (s->npays == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        plan_prio_pay *np = realloc(s->pays, nc * sizeof *np);

        if (!np)
            return -1;
        s->pays = np;
        *cap = nc;
    }
    s->pays[s->npays++] = (plan_prio_pay){j, k, t, gbp};
    return 0;
}

void plan_prio_evaluate(const plan_prio_instance *in, plan_prio_solution *s)
{
    size_t R = (size_t)in->years + 1;
    int H = in->years;

    s->weighted_gap = s->repaid_gbp = s->cost_gbp = s->icb_gbp = 0;
    for (size_t p = 0; p < in->nplaces; p++)
        for (size_t t = 0; t < R; t++) {
            double have = 0;

            for (size_t j = 0; j < in->nschemes; j++) {
                const plan_prio_scheme *S = &in->schemes[j];

                if (S->place == p && s->start[j] >= 0 &&
                    (size_t)(s->start[j] + S->duration) <= t)
                    have += S->rooms;
            }
            s->unmet[p * R + t] = in->places[p].gap[t] - have > 0
                                      ? in->places[p].gap[t] - have
                                      : 0;
            s->weighted_gap += in->places[p].weight * s->unmet[p * R + t];
        }
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] >= 0)
            s->cost_gbp += in->schemes[j].cost_gbp;
    for (size_t k = 0; k < in->nfunds; k++) {
        const plan_prio_fund *f = &in->funds[k];
        double paid = 0;

        s->repaid[k] = 0;
        if (!plan_prio_fund_repays(f, H))
            continue;
        for (size_t i = 0; i < s->npays; i++)
            if (s->pays[i].fund == k)
                paid += s->pays[i].gbp;
        s->repaid[k] = plan_prio_fund_total(f, H, 1) - paid;
        if (s->repaid[k] < PAY_EPS)
            s->repaid[k] = 0;
        s->repaid_gbp += s->repaid[k];
    }
    for (size_t i = 0; i < s->npays; i++)
        if (in->funds[s->pays[i].fund].kind == PLAN_FUND_ICB)
            s->icb_gbp += s->pays[i].gbp;
    s->objective = s->weighted_gap + in->repaid_penalty * s->repaid_gbp +
                   in->icb_cost * s->icb_gbp + in->tie_break * s->cost_gbp;
}

/* --- preparation: start windows, dependencies, plain contradictions ----- */

void plan_prio_prep_free(prep *P, size_t n)
{
    if (P->sfunds)
        for (size_t j = 0; j < n; j++)
            free(P->sfunds[j]);
    free(P->sfunds);
    free(P->nsfunds);
    free(P->lo);
    free(P->hi);
    free(P->order);
    free(P->forced);
}

/* Depth-first order with cycle detection; state 0 new, 1 open, 2 done. */
static pc_status visit(const plan_prio_instance *in, size_t j, char *state,
                       size_t *path, size_t depth, prep *P, size_t *n,
                       pc_error *err)
{
    const plan_prio_scheme *S = &in->schemes[j];

    if (state[j] == 2)
        return PC_OK;
    path[depth] = j;
    if (state[j] == 1) {
        char msg[400];
        size_t from = 0, len = 0;

        while (path[from] != j)
            from++;
        for (size_t i = from; i <= depth && len < sizeof msg - 80; i++)
            len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s",
                                    i > from ? " -> " : "",
                                    in->schemes[path[i]].id);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "schemes depend on each other in a cycle: %s "
                       "(depends_on); no order can respect it",
                       msg);
    }
    state[j] = 1;
    for (size_t d = 0; d < S->ndeps; d++) {
        pc_status rc = visit(in, S->deps[d], state, path, depth + 1, P, n, err);

        if (rc)
            return rc;
    }
    state[j] = 2;
    P->order[(*n)++] = j;
    return PC_OK;
}

static void force_prereqs(const plan_prio_instance *in, size_t j, int *forced)
{
    for (size_t d = 0; d < in->schemes[j].ndeps; d++) {
        size_t i = in->schemes[j].deps[d];

        if (!forced[i]) {
            forced[i] = 1;
            force_prereqs(in, i, forced);
        }
    }
}

/* Each scheme's start window, prerequisites first: from its earliest
 * start and after its prerequisites' earliest finish, to its latest start
 * that finishes inside the horizon (none when blocked or a prerequisite
 * cannot start). */
static void windows(const plan_prio_instance *in, prep *P)
{
    size_t n = in->nschemes;
    int H = in->years;

    /* windows, prerequisites first */
    for (size_t q = 0; q < n; q++) {
        size_t j = P->order[q];
        const plan_prio_scheme *S = &in->schemes[j];

        P->lo[j] = S->earliest > 0 ? S->earliest : 0;
        P->hi[j] = H - S->duration;
        if (S->latest >= 0 && S->latest < P->hi[j])
            P->hi[j] = S->latest;
        if (S->blocked)
            P->hi[j] = -1;
        for (size_t d = 0; d < S->ndeps; d++) {
            size_t i = S->deps[d];
            int after = P->lo[i] + in->schemes[i].duration;

            if (P->lo[i] > P->hi[i])
                P->hi[j] = -1;
            if (after > P->lo[j])
                P->lo[j] = after;
        }
    }
}

/* The plain contradictions among the forced schemes: blocked, no window,
 * or two options of one group. */
static pc_status check_forced_plain(const plan_prio_instance *in, const prep *P,
                                    pc_error *err)
{
    size_t n = in->nschemes;
    int H = in->years;
    pc_status rc;

    /* contradictions among the forced */
    for (size_t j = 0; j < n; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        if (!P->forced[j] && !S->forced)
            continue;
        if (S->blocked) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "scheme %s is committed but cannot be in the "
                         "programme: %s",
                         S->id, S->blocked);
            return rc;
        }
        if (P->lo[j] > P->hi[j]) {
            rc = PC_FAIL(
                err, PC_ERR_INPUT,
                "scheme %s is %s but cannot finish inside the horizon: it "
                "starts in %d at the earliest%s and takes %d year%s, past "
                "the last year %d",
                S->id, S->forced ? "committed" : "needed by a committed scheme",
                in->base_year + P->lo[j],
                S->ndeps ? " (after its prerequisites)" : "", S->duration,
                S->duration == 1 ? "" : "s", in->base_year + H - 1);
            return rc;
        }
        if (S->group >= 0)
            for (size_t i = j + 1; i < n; i++)
                if (P->forced[i] && in->schemes[i].group == S->group) {
                    rc = PC_FAIL(err, PC_ERR_INPUT,
                                 "schemes %s and %s must both be in the "
                                 "programme (committed or needed by a "
                                 "committed scheme) but are options of one "
                                 "group, %s, of which at most one can be",
                                 S->id, in->schemes[i].id,
                                 in->groups ? in->groups[S->group] : "?");
                    return rc;
                }
    }
    return PC_OK;
}

/* The funds each scheme is eligible for. */
static pc_status fund_lists(const plan_prio_instance *in, prep *P,
                            pc_error *err)
{
    size_t n = in->nschemes;

    /* eligible funds per scheme */
    for (size_t k = 0; k < in->nfunds; k++)
        for (size_t e = 0; e < in->funds[k].neligible; e++)
            P->nsfunds[in->funds[k].eligible[e]]++;
    for (size_t j = 0; j < n; j++) {
        if (!(P->sfunds[j] = malloc((P->nsfunds[j] + 1) * sizeof(size_t)))) {
            return PC_NOMEM(err);
        }
        P->nsfunds[j] = 0;
    }
    for (size_t k = 0; k < in->nfunds; k++)
        for (size_t e = 0; e < in->funds[k].neligible; e++) {
            size_t j = in->funds[k].eligible[e];

            P->sfunds[j][P->nsfunds[j]++] = k;
        }
    return PC_OK;
}

pc_status plan_prio_prepare(const plan_prio_instance *in, prep *P,
                            pc_error *err)
{
    size_t n = in->nschemes, m = 0;
    char *state = calloc(n + 1, 1);
    size_t *path = malloc((n + 1) * sizeof *path);
    pc_status rc = PC_OK;

    memset(P, 0, sizeof *P);
    P->lo = malloc((n + 1) * sizeof *P->lo);
    P->hi = malloc((n + 1) * sizeof *P->hi);
    P->order = malloc((n + 1) * sizeof *P->order);
    P->forced = calloc(n + 1, sizeof *P->forced);
    P->sfunds = calloc(n + 1, sizeof *P->sfunds);
    P->nsfunds = calloc(n + 1, sizeof *P->nsfunds);
    if (!state || !path || !P->lo || !P->hi || !P->order || !P->forced ||
        !P->sfunds || !P->nsfunds) {
        rc = PC_NOMEM(err);
        goto out;
    }
    for (size_t j = 0; j < n && !rc; j++)
        rc = visit(in, j, state, path, 0, P, &m, err);
    if (rc)
        goto out;
    for (size_t j = 0; j < n; j++)
        if (in->schemes[j].forced && !in->schemes[j].blocked) {
            P->forced[j] = 1;
            force_prereqs(in, j, P->forced);
        }
    windows(in, P);
    if ((rc = check_forced_plain(in, P, err)) == PC_OK)
        rc = fund_lists(in, P, err);
out:
    free(state);
    free(path);
    if (rc)
        plan_prio_prep_free(P, n);
    return rc;
}

/* --- why S106 money is repaid -------------------------------------------- */

const char *plan_prio_repaid_reason_name(plan_prio_repaid_reason r)
{
    switch (r) {
    case PLAN_REPAID_NO_SCHEME: return "no_eligible_scheme_in_time";
    case PLAN_REPAID_ELSEWHERE: return "budget_elsewhere";
    default: return NULL;
    }
}

/* 1 when scheme j, started in its window, spends in a year of [from, to]. */
static int spends_within(const plan_prio_instance *in, const prep *P, size_t j,
                         int from, int to)
{
    const plan_prio_scheme *S = &in->schemes[j];

    for (int st = P->lo[j]; st <= P->hi[j]; st++)
        for (int i = 0; i < S->duration; i++)
            if (S->profile[i] > 0 && st + i >= from && st + i <= to)
                return 1;
    return 0;
}

pc_status plan_prio_repaid_reasons(const plan_prio_instance *in,
                                   const plan_prio_solution *s,
                                   plan_prio_repaid *why, pc_error *err)
{
    prep P;
    int H = in->years;
    pc_status rc = plan_prio_prepare(in, &P, err);

    if (rc)
        return rc;
    for (size_t k = 0; k < in->nfunds; k++) {
        const plan_prio_fund *f = &in->funds[k];
        plan_prio_repaid *w = &why[k];
        int from = 0, any = 0;

        memset(w, 0, sizeof *w);
        if (!(s->repaid[k] > 0))
            continue;
        w->objective_cost = in->repaid_penalty * s->repaid[k];
        while (from < H && !(f->amount[from] > 0))
            from++;
        for (size_t e = 0; e < f->neligible; e++) {
            size_t j = f->eligible[e];

            if (!spends_within(in, &P, j, from, plan_prio_fund_end(f, H)))
                continue;
            any = 1;
            if (s->start[j] < 0) {
                if (w->nidle < PLAN_PRIO_REPAID_SHOWN)
                    w->idle[w->nidle] = j;
                w->nidle++;
            }
        }
        w->reason = any ? PLAN_REPAID_ELSEWHERE : PLAN_REPAID_NO_SCHEME;
    }
    plan_prio_prep_free(&P, in->nschemes);
    return PC_OK;
}
