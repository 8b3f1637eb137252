/* plan_prio.c: the prioritisation model, the greedy ranking and the exact
 * solution with GLPK (see plan_prio.h for the model). */
#include "plan_prio.h"

#include "ds_util.h"

#include <float.h>
#include <glpk.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Money inside the model is in £ millions, so that the coefficients of
 * costs, budgets and rooms are of similar size. */
#define MONEY 1e6
/* Payments below this (gbp) are noise of the solver. */
#define PAY_EPS 0.005

static pc_status nomem(pc_error *err)
{
    return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
}

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

pc_status plan_prio_instance_new(int base_year, int years, size_t nplaces,
                                 size_t nschemes, size_t nfunds,
                                 plan_prio_instance **out, pc_error *err)
{
    plan_prio_instance *in = NULL;
    ds_arena *a;

    *out = NULL;
    if (years < 1 || years > 50)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "prioritisation: horizon of %d years: expected 1 to 50",
                       years);
    if (!(a = ds_arena_new()))
        return nomem(err);
    in = ds_arena_calloc(a, 1, sizeof *in);
    if (!in)
        goto oom;
    in->arena = a;
    in->base_year = base_year;
    in->years = years;
    in->rent_limit_gbp = NAN;
    in->repaid_penalty = 1e-5;
    in->tie_break = 1e-9;
    in->deprivation_power = 1;
    in->icb_budget_factor = 1;
    in->time_limit_s = 60;
    in->mip_gap = 1e-4;
    in->nplaces = nplaces;
    in->nschemes = nschemes;
    in->nfunds = nfunds;
    if ((nplaces &&
         !(in->places = ds_arena_calloc(a, nplaces, sizeof *in->places))) ||
        (nschemes &&
         !(in->schemes = ds_arena_calloc(a, nschemes, sizeof *in->schemes))) ||
        (nfunds &&
         !(in->funds = ds_arena_calloc(a, nfunds, sizeof *in->funds))))
        goto oom;
    for (size_t p = 0; p < nplaces; p++) {
        in->places[p].weight = 1;
        in->places[p].imd = NAN;
        if (!(in->places[p].gap =
                  ds_arena_calloc(a, (size_t)years + 1, sizeof(double))))
            goto oom;
    }
    for (size_t j = 0; j < nschemes; j++) {
        in->schemes[j].group = -1;
        in->schemes[j].latest = -1;
    }
    for (size_t k = 0; k < nfunds; k++) {
        in->funds[k].last = years;
        if (!(in->funds[k].amount =
                  ds_arena_calloc(a, (size_t)years, sizeof(double))))
            goto oom;
    }
    *out = in;
    return PC_OK;
oom:
    ds_arena_free(a);
    return nomem(err);
}

void plan_prio_instance_free(plan_prio_instance *in)
{
    if (in)
        ds_arena_free(in->arena);
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

static plan_prio_solution *solution_new(const plan_prio_instance *in)
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
    return s;
}

static int pay_add(plan_prio_solution *s, size_t *cap, size_t j, size_t k,
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

/* The amount fund f brings in year t, with ICB money scaled. */
static double fund_amount(const plan_prio_fund *f, int t, double icb_scale)
{
    return f->amount[t] * (f->kind == PLAN_FUND_ICB ? icb_scale : 1.0);
}

static double fund_total(const plan_prio_fund *f, int H, double icb_scale)
{
    double s = 0;

    for (int t = 0; t < H; t++)
        s += fund_amount(f, t, icb_scale);
    return s;
}

/* A fund's last spend year inside the horizon. */
static int fund_end(const plan_prio_fund *f, int H)
{
    return f->last < H - 1 ? f->last : H - 1;
}

/* 1 when money left in f at its end is repaid (inside the horizon). */
static int fund_repays(const plan_prio_fund *f, int H)
{
    return f->repay && f->last <= H - 1;
}

void plan_prio_evaluate(const plan_prio_instance *in, plan_prio_solution *s)
{
    size_t R = (size_t)in->years + 1;
    int H = in->years;

    s->weighted_gap = s->repaid_gbp = s->cost_gbp = 0;
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
        if (!fund_repays(f, H))
            continue;
        for (size_t i = 0; i < s->npays; i++)
            if (s->pays[i].fund == k)
                paid += s->pays[i].gbp;
        s->repaid[k] = fund_total(f, H, 1) - paid;
        if (s->repaid[k] < PAY_EPS)
            s->repaid[k] = 0;
        s->repaid_gbp += s->repaid[k];
    }
    s->objective = s->weighted_gap + in->repaid_penalty * s->repaid_gbp +
                   in->tie_break * s->cost_gbp;
}

/* --- preparation: start windows, dependencies, plain contradictions ----- */

typedef struct prep {
    int *lo, *hi;    /* start window per scheme (lo > hi: cannot start) */
    size_t *order;   /* schemes, prerequisites first */
    int *forced;     /* forced, including prerequisites of forced schemes */
    size_t **sfunds; /* per scheme: eligible funds */
    size_t *nsfunds;
} prep;

static void prep_free(prep *P, size_t n)
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

static pc_status prepare(const plan_prio_instance *in, prep *P, pc_error *err)
{
    size_t n = in->nschemes, m = 0;
    char *state = calloc(n + 1, 1);
    size_t *path = malloc((n + 1) * sizeof *path);
    int H = in->years;
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
        rc = nomem(err);
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
            goto out;
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
            goto out;
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
                    goto out;
                }
    }
    /* eligible funds per scheme */
    for (size_t k = 0; k < in->nfunds; k++)
        for (size_t e = 0; e < in->funds[k].neligible; e++)
            P->nsfunds[in->funds[k].eligible[e]]++;
    for (size_t j = 0; j < n; j++) {
        if (!(P->sfunds[j] = malloc((P->nsfunds[j] + 1) * sizeof(size_t)))) {
            rc = nomem(err);
            goto out;
        }
        P->nsfunds[j] = 0;
    }
    for (size_t k = 0; k < in->nfunds; k++)
        for (size_t e = 0; e < in->funds[k].neligible; e++) {
            size_t j = in->funds[k].eligible[e];

            P->sfunds[j][P->nsfunds[j]++] = k;
        }
out:
    free(state);
    free(path);
    if (rc)
        prep_free(P, n);
    return rc;
}

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
    int H = G->in->years, end = fund_end(f, H);
    double cum_a = 0, cum_s = 0, best = INFINITY;

    if (t > end)
        return 0;
    if (!f->carry)
        return fund_amount(f, t, G->icb_scale) - G->spent[k * (size_t)H + t];
    for (int u = 0; u <= end; u++) {
        cum_a += fund_amount(f, u, G->icb_scale);
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

static int fund_cmp(const void *pa, const void *pb)
{
    const fund_key *a = pa, *b = pb;

    if (a->icb != b->icb)
        return a->icb - b->icb;
    if (a->last != b->last)
        return a->last < b->last ? -1 : 1;
    return a->k < b->k ? -1 : 1;
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

    if (a->forced != b->forced)
        return b->forced - a->forced;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return strcmp(a->id, b->id);
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
            if (pay_add(sol, cap, j, k, t, give) < 0) {
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

static pc_status greedy_run(const plan_prio_instance *in, const prep *P,
                            double icb_scale, plan_prio_solution **out,
                            pc_error *err)
{
    size_t n = in->nschemes, H = (size_t)in->years, cap = 0;
    greedy G = {in, icb_scale, NULL, NULL};
    rank *R = malloc((n + 1) * sizeof *R);
    int *group_used = calloc(in->ngroups + 1, sizeof(int));
    plan_prio_solution *sol = solution_new(in);
    int incomplete = 0, oom = 0;
    pc_status rc = PC_OK;

    G.spent = calloc(in->nfunds * H + 1, sizeof(double));
    G.rent = calloc(H + 2, sizeof(double));
    if (!R || !group_used || !sol || !G.spent || !G.rent) {
        rc = nomem(err);
        goto out;
    }
    for (size_t j = 0; j < n; j++) {
        fund_key *tmp = malloc((P->nsfunds[j] + 1) * sizeof *tmp);

        if (!tmp) {
            rc = nomem(err);
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
        rc = nomem(err);
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
    if ((rc = prepare(in, &P, err)))
        return rc;
    rc = greedy_run(in, &P, 1.0, out, err);
    prep_free(&P, in->nschemes);
    return rc;
}

/* --- the GLPK model ------------------------------------------------------ */

typedef struct ycol {
    size_t j, k;
    int t, col;
} ycol;

typedef struct model {
    const plan_prio_instance *in;
    const prep *P;
    double icb_scale;
    int phase1; /* forced schemes only; shortfall instead of gaps */
    glp_prob *lp;
    int *ia, *ja;
    double *ar;
    size_t nz, cap;
    int nrows;
    int *xcol; /* per scheme: column of x at start lo (0: none) */
    ycol *ys;
    size_t nys, ycap;
    size_t *yfirst; /* per scheme: first of its ys (ys are by scheme) */
    int *ucol;      /* places x rows */
    int *rcol;      /* per fund */
    int *scol;      /* phase 1: per scheme x year shortfall */
    int *zcol;      /* phase 1: per row rent excess */
    int oom;
} model;

static void name_clean(char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.' ||
              *s == '@'))
            *s = '_';
}

static int add_col(model *M, int kind, double lb, double ub, double obj,
                   const char *fmt, ...) PC_PRINTF(6, 7);

static int add_col(model *M, int kind, double lb, double ub, double obj,
                   const char *fmt, ...)
{
    char name[256];
    va_list ap;
    int c = glp_add_cols(M->lp, 1);

    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    name_clean(name);
    glp_set_col_name(M->lp, c, name);
    glp_set_col_kind(M->lp, c, kind);
    if (kind == GLP_BV)
        glp_set_col_bnds(M->lp, c, GLP_DB, 0, 1);
    else if (isinf(ub))
        glp_set_col_bnds(M->lp, c, GLP_LO, lb, 0);
    else
        glp_set_col_bnds(M->lp, c, GLP_DB, lb, ub);
    glp_set_obj_coef(M->lp, c, obj);
    return c;
}

/* A new row lb <= . <= ub (GLP_FX when equal, -INFINITY / INFINITY for
 * none). */
static int add_row(model *M, double lb, double ub, const char *fmt, ...)
    PC_PRINTF(4, 5);

static int add_row(model *M, double lb, double ub, const char *fmt, ...)
{
    char name[256];
    va_list ap;
    int r = glp_add_rows(M->lp, 1), type;

    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    name_clean(name);
    glp_set_row_name(M->lp, r, name);
    if (isinf(lb) && isinf(ub))
        type = GLP_FR;
    else if (isinf(ub))
        type = GLP_LO;
    else if (isinf(lb))
        type = GLP_UP;
    else
        type = lb == ub ? GLP_FX : GLP_DB;
    glp_set_row_bnds(M->lp, r, type, isinf(lb) ? 0 : lb, isinf(ub) ? 0 : ub);
    M->nrows = r;
    return r;
}

static void coef(model *M, int row, int col, double v)
{
    if (M->nz + 1 >= M->cap) {
        size_t nc = M->cap ? M->cap * 2 : 4096;
        int *ia = realloc(M->ia, nc * sizeof *ia);
        int *ja = ia ? realloc(M->ja, nc * sizeof *ja) : NULL;
        double *ar = ja ? realloc(M->ar, nc * sizeof *ar) : NULL;

        if (ia)
            M->ia = ia;
        if (ja)
            M->ja = ja;
        if (!ar) {
            M->oom = 1;
            return;
        }
        M->ar = ar;
        M->cap = nc;
    }
    M->nz++; /* GLPK's arrays are 1-based */
    M->ia[M->nz] = row;
    M->ja[M->nz] = col;
    M->ar[M->nz] = v;
}

static int in_model(const model *M, size_t j)
{
    return M->P->lo[j] <= M->P->hi[j] && (!M->phase1 || M->P->forced[j]);
}

/* x column of scheme j starting in year s, or 0. */
static int xc(const model *M, size_t j, int s)
{
    if (!M->xcol[j] || s < M->P->lo[j] || s > M->P->hi[j])
        return 0;
    return M->xcol[j] + (s - M->P->lo[j]);
}

static void model_free(model *M)
{
    if (M->lp)
        glp_delete_prob(M->lp);
    free(M->ia);
    free(M->ja);
    free(M->ar);
    free(M->xcol);
    free(M->ys);
    free(M->yfirst);
    free(M->ucol);
    free(M->rcol);
    free(M->scol);
    free(M->zcol);
}

static pc_status model_build(model *M, pc_error *err)
{
    const plan_prio_instance *in = M->in;
    const prep *P = M->P;
    int H = in->years;
    size_t n = in->nschemes, R = (size_t)H + 1, Hs = (size_t)H;
    size_t *byfund = NULL, *fstart = NULL;

    M->lp = glp_create_prob();
    glp_set_prob_name(M->lp,
                      M->phase1 ? "pcplan_committed" : "pcplan_programme");
    glp_set_obj_name(M->lp, "objective");
    glp_set_obj_dir(M->lp, GLP_MIN);
    M->xcol = calloc(n + 1, sizeof *M->xcol);
    M->yfirst = calloc(n + 2, sizeof *M->yfirst);
    M->ucol = calloc(in->nplaces * R + 1, sizeof *M->ucol);
    M->rcol = calloc(in->nfunds + 1, sizeof *M->rcol);
    M->scol = calloc(n * Hs + 1, sizeof *M->scol);
    M->zcol = calloc(R + 1, sizeof *M->zcol);
    if (!M->xcol || !M->yfirst || !M->ucol || !M->rcol || !M->scol || !M->zcol)
        return nomem(err);

    /* columns: x, then y by scheme, then u, r, shortfalls */
    for (size_t j = 0; j < n; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        if (!in_model(M, j))
            continue;
        for (int s = P->lo[j]; s <= P->hi[j]; s++) {
            int c = add_col(M, GLP_BV, 0, 1,
                            M->phase1 ? 0 : in->tie_break * S->cost_gbp,
                            "x%zu_%s_%d", j, S->id, in->base_year + s);

            if (s == P->lo[j])
                M->xcol[j] = c;
        }
    }
    for (size_t j = 0; j < n; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        M->yfirst[j] = M->nys;
        if (!M->xcol[j])
            continue;
        for (size_t q = 0; q < P->nsfunds[j]; q++) {
            size_t k = P->sfunds[j][q];
            const plan_prio_fund *f = &in->funds[k];
            int first = 0, to = P->hi[j] + S->duration - 1;

            while (first < H && fund_amount(f, first, M->icb_scale) <= 0)
                first++;
            if (to > fund_end(f, H))
                to = fund_end(f, H);
            for (int t = first > P->lo[j] ? first : P->lo[j]; t <= to; t++) {
                if (!f->carry && fund_amount(f, t, M->icb_scale) <= 0)
                    continue;
                if (M->nys == M->ycap) {
                    size_t nc = M->ycap ? M->ycap * 2 : 1024;
                    ycol *ny = realloc(M->ys, nc * sizeof *ny);

                    if (!ny)
                        return nomem(err);
                    M->ys = ny;
                    M->ycap = nc;
                }
                M->ys[M->nys++] =
                    (ycol){j, k, t,
                           add_col(M, GLP_CV, 0, INFINITY, 0, "y%zu_%zu_%d", j,
                                   k, in->base_year + t)};
            }
        }
    }
    M->yfirst[n] = M->nys;
    if (!M->phase1) {
        for (size_t p = 0; p < in->nplaces; p++)
            for (size_t t = 0; t < R; t++)
                if (in->places[p].gap[t] > 0)
                    M->ucol[p * R + t] =
                        add_col(M, GLP_CV, 0, INFINITY, in->places[p].weight,
                                "u%zu_%d", p, in->base_year + (int)t);
        for (size_t k = 0; k < in->nfunds; k++)
            if (fund_repays(&in->funds[k], H))
                M->rcol[k] = add_col(M, GLP_CV, 0, INFINITY,
                                     in->repaid_penalty * MONEY, "r%zu", k);
    } else {
        for (size_t j = 0; j < n; j++)
            if (M->xcol[j])
                for (int i = 0; i < in->schemes[j].duration; i++)
                    for (int s = P->lo[j]; s <= P->hi[j]; s++)
                        if (!M->scol[j * Hs + (size_t)(s + i)])
                            M->scol[j * Hs + (size_t)(s + i)] = add_col(
                                M, GLP_CV, 0, INFINITY, 1, "short%zu_%d", j,
                                in->base_year + s + i);
        if (!isnan(in->rent_limit_gbp))
            for (size_t t = 1; t < R; t++)
                M->zcol[t] = add_col(M, GLP_CV, 0, INFINITY, 1, "rentover_%d",
                                     in->base_year + (int)t);
    }

    /* choose once; spend = phased cost */
    for (size_t j = 0; j < n; j++) {
        const plan_prio_scheme *S = &in->schemes[j];
        int r;

        if (!M->xcol[j])
            continue;
        r = add_row(M, P->forced[j] ? 1 : -INFINITY, 1, "once%zu_%s", j, S->id);
        for (int s = P->lo[j]; s <= P->hi[j]; s++)
            coef(M, r, xc(M, j, s), 1);
        for (int t = P->lo[j]; t <= P->hi[j] + S->duration - 1; t++) {
            r = add_row(M, 0, 0, "spend%zu_%d", j, in->base_year + t);
            for (size_t q = M->yfirst[j]; q < M->yfirst[j + 1]; q++)
                if (M->ys[q].t == t)
                    coef(M, r, M->ys[q].col, 1);
            for (int i = 0; i < S->duration; i++)
                if (xc(M, j, t - i) && S->cost_gbp * S->profile[i] != 0)
                    coef(M, r, xc(M, j, t - i),
                         -S->cost_gbp * S->profile[i] / MONEY);
            if (M->scol[j * Hs + (size_t)t])
                coef(M, r, M->scol[j * Hs + (size_t)t], 1);
        }
    }

    /* funds: the ys of each fund, by year */
    byfund = malloc((M->nys + 1) * sizeof *byfund);
    fstart = calloc(in->nfunds + 2, sizeof *fstart);
    if (!byfund || !fstart) {
        free(byfund);
        free(fstart);
        return nomem(err);
    }
    for (size_t q = 0; q < M->nys; q++)
        fstart[M->ys[q].k + 1]++;
    for (size_t k = 0; k < in->nfunds; k++)
        fstart[k + 1] += fstart[k];
    {
        size_t *fill = calloc(in->nfunds + 1, sizeof *fill);

        if (!fill) {
            free(byfund);
            free(fstart);
            return nomem(err);
        }
        for (size_t q = 0; q < M->nys; q++) {
            size_t k = M->ys[q].k;

            byfund[fstart[k] + fill[k]++] = q;
        }
        free(fill);
    }
    for (size_t k = 0; k < in->nfunds; k++) {
        const plan_prio_fund *f = &in->funds[k];
        int end = fund_end(f, H);
        double cum = 0;

        if (fstart[k] == fstart[k + 1] && !M->rcol[k])
            continue;
        for (int t = 0; t <= end; t++) {
            double a = fund_amount(f, t, M->icb_scale);
            int last = t == end, r;

            cum += a;
            if (f->carry) {
                int need = last || fund_amount(f, t + 1, M->icb_scale) > 0;

                if (!need)
                    continue;
                if (last && M->rcol[k]) {
                    r = add_row(M, cum / MONEY, cum / MONEY, "fund%zu_%d", k,
                                in->base_year + t);
                    coef(M, r, M->rcol[k], 1);
                } else
                    r = add_row(M, -INFINITY, cum / MONEY, "fund%zu_%d", k,
                                in->base_year + t);
                for (size_t q = fstart[k]; q < fstart[k + 1]; q++)
                    if (M->ys[byfund[q]].t <= t)
                        coef(M, r, M->ys[byfund[q]].col, 1);
            } else {
                if (a <= 0 && !(last && M->rcol[k]))
                    continue;
                r = add_row(M, -INFINITY, a / MONEY, "fund%zu_%d", k,
                            in->base_year + t);
                for (size_t q = fstart[k]; q < fstart[k + 1]; q++)
                    if (M->ys[byfund[q]].t == t)
                        coef(M, r, M->ys[byfund[q]].col, 1);
            }
        }
        if (!f->carry && M->rcol[k]) {
            /* repaid = everything not spent by the end */
            int r =
                add_row(M, fund_total(f, H, M->icb_scale) / MONEY,
                        fund_total(f, H, M->icb_scale) / MONEY, "repay%zu", k);

            coef(M, r, M->rcol[k], 1);
            for (size_t q = fstart[k]; q < fstart[k + 1]; q++)
                coef(M, r, M->ys[byfund[q]].col, 1);
        }
    }
    free(byfund);
    free(fstart);

    /* option groups */
    for (size_t g = 0; g < in->ngroups; g++) {
        int r = 0;

        for (size_t j = 0; j < n; j++)
            if (M->xcol[j] && in->schemes[j].group == (int)g) {
                if (!r)
                    r = add_row(M, -INFINITY, 1, "group%zu", g);
                for (int s = P->lo[j]; s <= P->hi[j]; s++)
                    coef(M, r, xc(M, j, s), 1);
            }
    }

    /* dependencies: j by s only if i finished by s */
    for (size_t j = 0; j < n; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        if (!M->xcol[j])
            continue;
        for (size_t d = 0; d < S->ndeps; d++) {
            size_t i = S->deps[d];
            int di = in->schemes[i].duration;

            for (int s = P->lo[j]; s <= P->hi[j]; s++) {
                int r = add_row(M, -INFINITY, 0, "dep%zu_%zu_%d", j, i,
                                in->base_year + s);

                for (int s1 = P->lo[j]; s1 <= s; s1++)
                    coef(M, r, xc(M, j, s1), 1);
                for (int s2 = P->lo[i]; s2 <= s - di; s2++)
                    if (xc(M, i, s2))
                        coef(M, r, xc(M, i, s2), -1);
            }
        }
    }

    /* rent added in each row */
    if (!isnan(in->rent_limit_gbp))
        for (size_t t = 1; t < R; t++) {
            int r = 0;

            for (size_t j = 0; j < n; j++) {
                const plan_prio_scheme *S = &in->schemes[j];
                int c = xc(M, j, (int)t - S->duration);

                if (c && S->rent_gbp > 0) {
                    if (!r)
                        r = add_row(M, -INFINITY, in->rent_limit_gbp / MONEY,
                                    "rent_%d", in->base_year + (int)t);
                    coef(M, r, c, S->rent_gbp / MONEY);
                }
            }
            if (r && M->zcol[t])
                coef(M, r, M->zcol[t], -1);
        }

    /* unmet gap */
    if (!M->phase1)
        for (size_t p = 0; p < in->nplaces; p++)
            for (size_t t = 0; t < R; t++) {
                int r;

                if (!M->ucol[p * R + t])
                    continue;
                r = add_row(M, in->places[p].gap[t], INFINITY, "gap%zu_%d", p,
                            in->base_year + (int)t);
                coef(M, r, M->ucol[p * R + t], 1);
                for (size_t j = 0; j < n; j++) {
                    const plan_prio_scheme *S = &in->schemes[j];

                    if (!M->xcol[j] || S->place != p || S->rooms <= 0)
                        continue;
                    /* a scheme closes at most the whole gap: the
                     * smaller coefficient is valid and a tighter LP */
                    for (int s = P->lo[j]; s + S->duration <= (int)t; s++)
                        if (xc(M, j, s))
                            coef(M, r, xc(M, j, s),
                                 S->rooms < in->places[p].gap[t]
                                     ? S->rooms
                                     : in->places[p].gap[t]);
                }
            }
    if (M->oom)
        return nomem(err);
    if (glp_get_num_cols(M->lp) == 0) /* GLPK wants something to solve */
        add_col(M, GLP_CV, 0, 0, 0, "empty");
    glp_load_matrix(M->lp, (int)M->nz, M->ia, M->ja, M->ar);
    return PC_OK;
}

/* --- solving ------------------------------------------------------------- */

typedef struct cbinfo {
    const double *heur; /* 1-based column values, or NULL */
    int given;
    double bound; /* the best lower bound seen (minimising) */
} cbinfo;

/* Seconds on a monotonic clock, for the time limit. */
static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Milliseconds left before deadline, at least 1. */
static int ms_left(double deadline)
{
    double left = (deadline - now_s()) * 1000;

    return left < 1 ? 1 : left > 2e9 ? 2000000000 : (int)left;
}

static void callback(glp_tree *T, void *info)
{
    cbinfo *cb = info;
    int reason = glp_ios_reason(T);

    if (reason == GLP_IHEUR && cb->heur && !cb->given) {
        cb->given = 1;
        glp_ios_heur_sol(T, cb->heur);
    }
    {
        int best = glp_ios_best_node(T);

        if (best && glp_ios_node_bound(T, best) > cb->bound)
            cb->bound = glp_ios_node_bound(T, best);
    }
}

static int quiet(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1; /* the library never prints */
}

/* The column values of solution s (1-based), for GLPK's heuristic hook. */
static double *heuristic(const model *M, const plan_prio_solution *s)
{
    const plan_prio_instance *in = M->in;
    size_t R = (size_t)in->years + 1;
    int nc = glp_get_num_cols(M->lp);
    double *x = calloc((size_t)nc + 1, sizeof *x);

    if (!x)
        return NULL;
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] >= 0) {
            int c = xc(M, j, s->start[j]);

            if (!c)
                goto bad;
            x[c] = 1;
        }
    for (size_t i = 0; i < s->npays; i++) {
        const plan_prio_pay *p = &s->pays[i];
        size_t q;

        for (q = M->yfirst[p->scheme]; q < M->yfirst[p->scheme + 1]; q++)
            if (M->ys[q].k == p->fund && M->ys[q].t == p->year)
                break;
        if (q == M->yfirst[p->scheme + 1])
            goto bad;
        x[M->ys[q].col] += p->gbp / MONEY;
    }
    for (size_t p = 0; p < in->nplaces; p++)
        for (size_t t = 0; t < R; t++)
            if (M->ucol[p * R + t])
                x[M->ucol[p * R + t]] = s->unmet[p * R + t];
    for (size_t k = 0; k < in->nfunds; k++)
        if (M->rcol[k])
            x[M->rcol[k]] = s->repaid[k] / MONEY;
    return x;
bad:
    free(x);
    return NULL;
}

/* Runs GLPK on M until deadline (now_s() seconds); *status
 * GLP_OPT/GLP_FEAS/GLP_NOFEAS, *ret intopt's. */
static pc_status model_solve(model *M, const double *heur, double deadline,
                             int *status, int *ret, double *gap, pc_error *err)
{
    glp_smcp sm;
    glp_iocp io;
    cbinfo cb = {heur, 0, -INFINITY};
    int r;

    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    sm.tm_lim = ms_left(deadline);
    glp_scale_prob(M->lp, GLP_SF_AUTO);
    r = glp_simplex(M->lp, &sm);
    if (r == GLP_ETMLIM)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "prioritisation: the time limit (capital.time_limit_s, "
                       "%g s) ran out before the relaxation was solved",
                       M->in->time_limit_s);
    if (r != 0 && r != GLP_ENOPFS && r != GLP_ENODFS)
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "prioritisation: the LP relaxation failed (GLPK "
                       "simplex code %d)",
                       r);
    if (glp_get_status(M->lp) == GLP_NOFEAS || r == GLP_ENOPFS) {
        *status = GLP_NOFEAS;
        *ret = 0;
        *gap = 0;
        return PC_OK;
    }
    cb.bound = glp_get_obj_val(M->lp); /* the relaxation bounds the MIP */
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF;
    io.tm_lim = ms_left(deadline);
    io.mip_gap = M->in->mip_gap;
    io.cb_func = callback;
    io.cb_info = &cb;
    /* chosen by measurement on the bundled data (tests/bench): mixed
     * integer rounding and clique cuts, the feasibility pump, hybrid
     * pseudocost branching and best-projection backtracking */
    io.mir_cuts = GLP_ON;
    io.clq_cuts = GLP_ON;
    io.fp_heur = GLP_ON;
    io.br_tech = GLP_BR_PCH;
    io.bt_tech = GLP_BT_BPH;
    *ret = glp_intopt(M->lp, &io);
    if (*ret != 0 && *ret != GLP_ETMLIM && *ret != GLP_EMIPGAP &&
        *ret != GLP_ENOPFS && *ret != GLP_ENODFS)
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "prioritisation: the solver failed (GLPK intopt code "
                       "%d)",
                       *ret);
    *status = glp_mip_status(M->lp);
    if (*ret == GLP_ENOPFS)
        *status = GLP_NOFEAS;
    /* the gap when the search stopped, as GLPK defines it: 0 when it ran
     * to the end; else from the final objective and the best bound seen
     * (valid, perhaps a little low), at most the tolerance when it
     * stopped there */
    if (*ret == 0 && *status == GLP_OPT)
        *gap = 0;
    else if (*status == GLP_OPT || *status == GLP_FEAS) {
        double obj = glp_mip_obj_val(M->lp);

        *gap = (obj - cb.bound) / (fabs(obj) + DBL_EPSILON);
        if (*gap < 0)
            *gap = 0;
        if (*ret == GLP_EMIPGAP && *gap > io.mip_gap)
            *gap = io.mip_gap;
    } else
        *gap = 1;
    if (isinf(*gap) || *gap > 1e300)
        *gap = 1;
    return PC_OK;
}

/* Phase 1: can the forced schemes be funded at all? An explanation when
 * not. */
static pc_status check_forced(const plan_prio_instance *in, const prep *P,
                              double icb_scale, double deadline, pc_error *err)
{
    model M = {0};
    int any = 0, status = 0, ret = 0;
    double gap;
    pc_status rc;

    for (size_t j = 0; j < in->nschemes; j++)
        any |= P->forced[j];
    if (!any)
        return PC_OK;
    M.in = in;
    M.P = P;
    M.icb_scale = icb_scale;
    M.phase1 = 1;
    if ((rc = model_build(&M, err)) ||
        (rc = model_solve(&M, NULL, deadline, &status, &ret, &gap, err)))
        goto out;
    if (status != GLP_OPT && status != GLP_FEAS) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "the committed schemes cannot all be in the programme "
                     "together (their years, options and prerequisites "
                     "conflict)");
        goto out;
    }
    if (ret == GLP_ETMLIM && glp_mip_obj_val(M.lp) > PAY_EPS / MONEY) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "the time limit (capital.time_limit_s, %g s) ran out "
                     "before the committed schemes could be shown to be "
                     "fundable",
                     in->time_limit_s);
        goto out;
    }
    if (glp_mip_obj_val(M.lp) > PAY_EPS / MONEY) {
        char msg[400];
        size_t len = 0, Hs = (size_t)in->years, shown = 0;

        msg[0] = 0;
        for (size_t j = 0; j < in->nschemes && len < sizeof msg - 120; j++)
            for (size_t t = 0; t < Hs && len < sizeof msg - 120; t++) {
                int c = M.scol[j * Hs + t];
                double v = c ? glp_mip_col_val(M.lp, c) * MONEY : 0;
                char amt[32];

                if (v <= PAY_EPS)
                    continue;
                pc_fmt_thousands(amt, sizeof amt, llround(v));
                len += (size_t)snprintf(msg + len, sizeof msg - len,
                                        "%s%s lacks £%s in %d",
                                        shown++ ? "; " : "", in->schemes[j].id,
                                        amt, in->base_year + (int)t);
            }
        for (size_t t = 1; t <= Hs && !shown; t++) {
            int c = M.zcol[t];
            double v = c ? glp_mip_col_val(M.lp, c) * MONEY : 0;
            char amt[32];

            if (v <= PAY_EPS)
                continue;
            pc_fmt_thousands(amt, sizeof amt, llround(v));
            snprintf(msg, sizeof msg,
                     "their rent in %d exceeds the rent limit by £%s a year",
                     in->base_year + (int)t, amt);
            shown = 1;
        }
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "the committed schemes cannot be funded%s: %s (money "
                     "eligible for them runs short even with no other "
                     "scheme; check funds.csv, the schemes' funding routes "
                     "and their start years)",
                     icb_scale != 1 ? " with the ICB budget scaled" : "", msg);
    }
out:
    model_free(&M);
    return rc;
}

/* 1 when solution h keeps within the funds at icb_scale (its starts and
 * other rules do not depend on the scale). */
static int hint_fits(const plan_prio_instance *in, const prep *P,
                     double icb_scale, const plan_prio_solution *h)
{
    size_t H = (size_t)in->years;
    double *spent = calloc(in->nfunds * H + 1, sizeof(double));
    int ok = spent != NULL;

    (void)P;
    for (size_t i = 0; ok && i < h->npays; i++)
        spent[h->pays[i].fund * H + (size_t)h->pays[i].year] += h->pays[i].gbp;
    for (size_t k = 0; ok && k < in->nfunds; k++) {
        const plan_prio_fund *f = &in->funds[k];
        double cum_a = 0, cum_s = 0;

        for (size_t t = 0; t < H; t++) {
            double a = fund_amount(f, (int)t, icb_scale);

            cum_a += a;
            cum_s += spent[k * H + t];
            if ((!f->carry && spent[k * H + t] > a + PAY_EPS) ||
                cum_s > cum_a + PAY_EPS)
                ok = 0;
        }
    }
    free(spent);
    return ok;
}

static pc_status solve_with(const plan_prio_instance *in, const prep *P,
                            double icb_scale, const plan_prio_solution *hint,
                            plan_prio_solution **out, pc_error *err)
{
    model M = {0};
    plan_prio_solution *g = NULL, *s = NULL;
    double *heur = NULL, gap = 0;
    int status = 0, ret = 0;
    size_t cap = 0;
    double deadline = now_s() + in->time_limit_s;
    pc_status rc;

    if ((rc = check_forced(in, P, icb_scale, deadline, err)) ||
        (rc = greedy_run(in, P, icb_scale, &g, err)))
        goto out;
    M.in = in;
    M.P = P;
    M.icb_scale = icb_scale;
    if ((rc = model_build(&M, err)))
        goto out;
    if (hint && hint_fits(in, P, icb_scale, hint) &&
        (strcmp(g->status, "greedy") != 0 || hint->objective < g->objective))
        heur = heuristic(&M, hint);
    else if (strcmp(g->status, "greedy") == 0 && !(heur = heuristic(&M, g))) {
        /* the greedy programme always maps onto the model's columns */
        rc = PC_FAIL(err, PC_ERR_INTERNAL,
                     "prioritisation: the greedy programme does not fit "
                     "the model");
        goto out;
    }
    if ((rc = model_solve(&M, heur, deadline, &status, &ret, &gap, err)))
        goto out;
    if (status != GLP_OPT && status != GLP_FEAS) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "no programme satisfies the constraints%s",
                     ret == GLP_ETMLIM ? " found within the time limit" : "");
        goto out;
    }
    if (!(s = solution_new(in))) {
        rc = nomem(err);
        goto out;
    }
    for (size_t j = 0; j < in->nschemes; j++)
        for (int t = P->lo[j]; M.xcol[j] && t <= P->hi[j]; t++)
            if (glp_mip_col_val(M.lp, xc(&M, j, t)) > 0.5)
                s->start[j] = t;
    for (size_t q = 0; q < M.nys; q++) {
        double v = glp_mip_col_val(M.lp, M.ys[q].col) * MONEY;

        if (v > PAY_EPS &&
            pay_add(s, &cap, M.ys[q].j, M.ys[q].k, M.ys[q].t, v) < 0) {
            rc = nomem(err);
            goto out;
        }
    }
    plan_prio_evaluate(in, s);
    /* GLPK's own objective value, from the same columns */
    s->objective = glp_mip_obj_val(M.lp);
    s->status = ret == GLP_ETMLIM                 ? "time-limit"
                : (ret == GLP_EMIPGAP || gap > 0) ? "optimal-within-gap"
                                                  : "optimal";
    s->mip_gap = gap;
    *out = s;
    s = NULL;
out:
    free(heur);
    plan_prio_solution_free(g);
    plan_prio_solution_free(s);
    model_free(&M);
    return rc;
}

pc_status plan_prio_solve(const plan_prio_instance *in, double icb_scale,
                          const plan_prio_solution *hint,
                          plan_prio_solution **out, pc_error *err)
{
    prep P;
    pc_status rc;

    *out = NULL;
    glp_term_out(GLP_OFF);
    glp_term_hook(quiet, NULL);
    if ((rc = prepare(in, &P, err)))
        return rc;
    rc = solve_with(in, &P, icb_scale, hint, out, err);
    prep_free(&P, in->nschemes);
    return rc;
}

pc_status plan_prio_write_mps(const plan_prio_instance *in, double icb_scale,
                              const char *path, pc_error *err)
{
    model M = {0};
    prep P;
    pc_status rc;

    glp_term_out(GLP_OFF);
    glp_term_hook(quiet, NULL);
    if ((rc = prepare(in, &P, err)))
        return rc;
    M.in = in;
    M.P = &P;
    M.icb_scale = icb_scale;
    if (!(rc = model_build(&M, err)) &&
        glp_write_mps(M.lp, GLP_MPS_FILE, NULL, path) != 0)
        rc = PC_FAIL(err, PC_ERR_IO, "cannot write the model to %s", path);
    model_free(&M);
    prep_free(&P, in->nschemes);
    return rc;
}
