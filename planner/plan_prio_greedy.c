/* plan_prio_greedy.c: the greedy ranking (see plan_prio.h): committed
 * schemes first, then candidates by need-weighted rooms per £, each at the
 * earliest start the money left allows, drawing on funds with the nearest
 * deadline first and ICB money last. It is a programme on its own and the
 * starting solution GLPK is given. */
#include "pc_error.h"
#include "plan_prio_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- the greedy ranking -------------------------------------------------- */

typedef struct greedy {
    const plan_prio_instance *in;
    double icb_scale;
    double *spent; /* nfunds x H */
    double *rent;  /* per row: rent added */
} greedy;

/* Money fund k can still give in year t. */
static double can_give(const greedy *G, size_t k, int t)
{
    const plan_prio_fund *f = &G->in->funds[k];
    int H = G->in->years, end = plan_prio_fund_end(f, H);
    double cum_a = 0, cum_s = 0, best = INFINITY;

    if (t > end)
        return 0;
    if (!f->carry)
        return plan_prio_fund_amount(f, t, G->icb_scale) -
               G->spent[k * (size_t)H + t];
    for (int u = 0; u <= end; u++) {
        cum_a += plan_prio_fund_amount(f, u, G->icb_scale);
        cum_s += G->spent[k * (size_t)H + u];
        if (u >= t && cum_a - cum_s < best)
            best = cum_a - cum_s;
    }
    return best > 0 ? best : 0;
}

/* A fund in the order a scheme draws on them: deadline first, ICB last. */
typedef struct fund_key {
    size_t k;
    int icb, last;
} fund_key;

/* -1, 0 or 1 as x is below, equal to or above y: one step of an ordering
 * by several keys. */
static int by(double x, double y)
{
    return x < y ? -1 : x > y;
}

static int fund_cmp(const void *pa, const void *pb)
{
    const fund_key *a = pa, *b = pb;
    int c = by(a->icb, b->icb);

    if (!c)
        c = by(a->last, b->last);
    return c ? c : by((double)a->k, (double)b->k);
}

static void order_funds(const plan_prio_instance *in, size_t *v, size_t n,
                        fund_key *tmp)
{
    for (size_t i = 0; i < n; i++)
        tmp[i] = (fund_key){v[i], in->funds[v[i]].kind == PLAN_FUND_ICB,
                            in->funds[v[i]].last};
    qsort(tmp, n, sizeof *tmp, fund_cmp);
    for (size_t i = 0; i < n; i++)
        v[i] = tmp[i].k;
}

typedef struct rank {
    const char *id;
    size_t j;
    int forced;
    double score;
} rank;

static int rank_cmp(const void *pa, const void *pb)
{
    const rank *a = pa, *b = pb;
    int c = by(b->forced, a->forced); /* forced first, then best score */

    if (!c)
        c = by(b->score, a->score);
    return c ? c : strcmp(a->id, b->id);
}

/* Tries to fund scheme j from year s; on success appends its payments. */
static int try_fund(greedy *G, const prep *P, size_t j, int s,
                    plan_prio_solution *sol, size_t *cap, int *oom)
{
    const plan_prio_instance *in = G->in;
    const plan_prio_scheme *S = &in->schemes[j];
    size_t H = (size_t)in->years, mark = sol->npays;

    if (!isnan(in->rent_limit_gbp) &&
        G->rent[s + S->duration] + S->rent_gbp > in->rent_limit_gbp + 1e-6)
        return 0;
    for (int i = 0; i < S->duration; i++) {
        int t = s + i;
        double need = S->cost_gbp * S->profile[i];

        for (size_t q = 0; q < P->nsfunds[j] && need > PAY_EPS; q++) {
            size_t k = P->sfunds[j][q];
            double give = can_give(G, k, t);

            if (give <= PAY_EPS)
                continue;
            if (give > need)
                give = need;
            if (plan_prio_pay_add(sol, cap, j, k, t, give) < 0) {
                *oom = 1;
                give = 0;
            }
            G->spent[k * H + (size_t)t] += give;
            need -= give;
        }
        if (need > PAY_EPS || *oom) {
            while (sol->npays > mark) {
                plan_prio_pay *p = &sol->pays[--sol->npays];

                G->spent[p->fund * H + (size_t)p->year] -= p->gbp;
            }
            return 0;
        }
    }
    G->rent[s + S->duration] += S->rent_gbp;
    sol->start[j] = s;
    return 1;
}

pc_status plan_prio_greedy_run(const plan_prio_instance *in, const prep *P,
                               double icb_scale, plan_prio_solution **out,
                               pc_error *err)
{
    size_t n = in->nschemes, H = (size_t)in->years, cap = 0;
    greedy G = {in, icb_scale, NULL, NULL};
    rank *R = malloc((n + 1) * sizeof *R);
    int *group_used = calloc(in->ngroups + 1, sizeof(int));
    plan_prio_solution *sol = plan_prio_solution_alloc(in);
    int incomplete = 0, oom = 0;
    pc_status rc = PC_OK;

    G.spent = calloc(in->nfunds * H + 1, sizeof(double));
    G.rent = calloc(H + 2, sizeof(double));
    if (!R || !group_used || !sol || !G.spent || !G.rent) {
        rc = PC_NOMEM(err);
        goto out;
    }
    for (size_t j = 0; j < n; j++) {
        fund_key *tmp = malloc((P->nsfunds[j] + 1) * sizeof *tmp);

        if (!tmp) {
            rc = PC_NOMEM(err);
            goto out;
        }
        order_funds(in, P->sfunds[j], P->nsfunds[j], tmp);
        free(tmp);
    }
    for (size_t j = 0; j < n; j++) {
        const plan_prio_scheme *S = &in->schemes[j];
        const plan_prio_place *pl = &in->places[S->place];
        double maxgap = 0, benefit;

        for (size_t t = 0; t <= H; t++)
            if (pl->gap[t] > maxgap)
                maxgap = pl->gap[t];
        benefit = pl->weight * (S->rooms < maxgap ? S->rooms : maxgap);
        R[j].id = S->id;
        R[j].j = j;
        R[j].forced = P->forced[j];
        R[j].score = S->cost_gbp > 0 ? benefit / S->cost_gbp
                                     : (benefit > 0 ? INFINITY : 0);
        if (!P->forced[j] && benefit <= 0)
            R[j].score = -1;
    }
    qsort(R, n, sizeof *R, rank_cmp);
    for (size_t q = 0; q < n && !oom; q++) {
        size_t j = R[q].j;
        const plan_prio_scheme *S = &in->schemes[j];
        int lo = P->lo[j], ok = 1, placed = 0;

        if (R[q].score < 0 || lo > P->hi[j])
            continue;
        if (S->group >= 0 && group_used[S->group])
            ok = 0;
        for (size_t d = 0; d < S->ndeps && ok; d++) {
            size_t i = S->deps[d];

            if (sol->start[i] < 0)
                ok = 0;
            else if (sol->start[i] + in->schemes[i].duration > lo)
                lo = sol->start[i] + in->schemes[i].duration;
        }
        for (int s = lo; ok && s <= P->hi[j] && !placed; s++)
            placed = try_fund(&G, P, j, s, sol, &cap, &oom);
        if (placed && S->group >= 0)
            group_used[S->group] = 1;
        if (!placed && P->forced[j])
            incomplete = 1;
    }
    if (oom) {
        rc = PC_NOMEM(err);
        goto out;
    }
    sol->status = incomplete ? "greedy-incomplete" : "greedy";
    plan_prio_evaluate(in, sol);
    *out = sol;
    sol = NULL;
out:
    plan_prio_solution_free(sol);
    free(R);
    free(group_used);
    free(G.spent);
    free(G.rent);
    return rc;
}

pc_status plan_prio_greedy(const plan_prio_instance *in,
                           plan_prio_solution **out, pc_error *err)
{
    prep P;
    pc_status rc;

    *out = NULL;
    if ((rc = plan_prio_prepare(in, &P, err)))
        return rc;
    rc = plan_prio_greedy_run(in, &P, 1.0, out, err);
    plan_prio_prep_free(&P, in->nschemes);
    return rc;
}
