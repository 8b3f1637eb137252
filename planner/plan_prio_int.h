/* plan_prio_int.h: what the files of the prioritisation share, inside
 * pc_planner only (see plan_prio.h for the model).
 *
 * plan_prio.c holds the instance, solutions, their evaluation and the
 * preparation every solver starts from (start windows, dependencies,
 * plain contradictions, eligible funds); plan_prio_greedy.c the greedy
 * ranking; plan_prio_mip.c the mixed-integer model (built as a GLPK
 * problem) and the steps of solving it; plan_prio_glpk.c and
 * plan_prio_cbc.c the two solvers that solve that problem. */
#ifndef PLAN_PRIO_INT_H
#define PLAN_PRIO_INT_H

#include "pc_error.h"
#include "plan_prio.h"

#include <time.h>

/* Money inside the model is in £ millions, so that the coefficients of
 * costs, budgets and rooms are of similar size. */
#define MONEY 1e6
/* Payments below this (gbp) are noise of the solver. */
#define PAY_EPS 0.005

/* The amount fund f brings in year t, with ICB money scaled. */
static inline double plan_prio_fund_amount(const plan_prio_fund *f, int t,
                                           double icb_scale)
{
    return f->amount[t] * (f->kind == PLAN_FUND_ICB ? icb_scale : 1.0);
}

static inline double plan_prio_fund_total(const plan_prio_fund *f, int H,
                                          double icb_scale)
{
    double s = 0;

    for (int t = 0; t < H; t++)
        s += plan_prio_fund_amount(f, t, icb_scale);
    return s;
}

/* A fund's last spend year inside the horizon. */
static inline int plan_prio_fund_end(const plan_prio_fund *f, int H)
{
    return f->last < H - 1 ? f->last : H - 1;
}

/* 1 when money left in f at its end is repaid (inside the horizon). */
static inline int plan_prio_fund_repays(const plan_prio_fund *f, int H)
{
    return f->repay && f->last <= H - 1;
}

/* A new solution for instance in with no scheme started and no payment;
 * NULL when out of memory. Free with plan_prio_solution_free(). */
plan_prio_solution *plan_prio_solution_alloc(const plan_prio_instance *in);
/* A copy of solution s of instance in (status and solver borrowed as
 * they are); NULL when out of memory. */
plan_prio_solution *plan_prio_solution_copy(const plan_prio_instance *in,
                                            const plan_prio_solution *s);
/* Appends payment (scheme j, fund k, year t, gbp) to s, growing s->pays
 * (*cap slots); -1 when out of memory. */
int plan_prio_pay_add(plan_prio_solution *s, size_t *cap, size_t j, size_t k,
                      int t, double gbp);

/* --- preparation --------------------------------------------------------- */

typedef struct prep {
    int *lo, *hi;    /* start window per scheme (lo > hi: cannot start) */
    size_t *order;   /* schemes, prerequisites first */
    int *forced;     /* forced, including prerequisites of forced schemes */
    size_t **sfunds; /* per scheme: eligible funds */
    size_t *nsfunds;
} prep;

/* Fills P for instance in (P's arrays are owned: plan_prio_prep_free).
 * PC_ERR_INPUT when schemes depend on each other in a cycle or the forced
 * schemes plainly contradict each other; PC_ERR_NOMEM. P is left empty on
 * failure. */
pc_status plan_prio_prepare(const plan_prio_instance *in, prep *P,
                            pc_error *err);
void plan_prio_prep_free(prep *P, size_t n);

/* --- the solvers: plan_prio_glpk.c, plan_prio_cbc.c --------------------- */

struct glp_prob;

/* What a solver made of the model, the same for every solver. */
typedef struct plan_prio_mipres {
    int found;      /* x holds a solution that keeps every row */
    int time_limit; /* the time limit stopped the search (perhaps before
                       anything was found: found 0 then proves nothing) */
    int gap_stop;   /* stopped at the gap tolerance, not proven */
    double obj;     /* x's objective (the model's own value) */
    double bound;   /* the best bound proven; -INFINITY: none */
    double gap;     /* relative gap when it stopped: 0 when proven */
    double *x;      /* column values, 1-based as GLPK's (malloc'd) */
} plan_prio_mipres;

/* Seconds on a monotonic clock: the time limit's deadline. */
static inline double plan_prio_now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Solves the mixed-integer problem lp (minimising) until deadline
 * (plan_prio_now_s() seconds) and to in->mip_gap, from heur (1-based
 * column values of a solution, or NULL). On success *res is filled
 * (res->x owned by the caller, also when nothing was found); a problem
 * proven to have no solution is PC_OK with res->found 0 and
 * res->time_limit 0; a time limit that ran out, even before the
 * relaxation was solved, is PC_OK with res->time_limit 1. The solver's
 * failures are PC_ERR_INTERNAL. Neither prints. lp is not changed but for
 * GLPK's scaling and solution. Progress goes to the thread's progress hook
 * (pc_progress.h) when the solver gives it. */
pc_status plan_prio_glpk_solve(struct glp_prob *lp,
                               const plan_prio_instance *in, const double *heur,
                               double deadline, plan_prio_mipres *res,
                               pc_error *err);
/* The same with COIN-OR CBC, on a copy of lp. CBC's calls are serialised
 * by a lock (its command-line layer keeps global state); the wait counts
 * against the deadline. */
pc_status plan_prio_cbc_solve(struct glp_prob *lp, const plan_prio_instance *in,
                              const double *heur, double deadline,
                              plan_prio_mipres *res, pc_error *err);

/* --- plan_programme.c --------------------------------------------------- */

/* 1 when id is in the scenario's id list. */
int plan_prio_listed(const plan_ids *ids, const char *id);

/* --- plan_prio_greedy.c -------------------------------------------------- */

/* The greedy ranking with ICB money scaled by icb_scale: *out a new
 * solution (plan_prio_solution_free), status "greedy", or
 * "greedy-incomplete" when a forced scheme could not be placed.
 * PC_ERR_NOMEM only. */
pc_status plan_prio_greedy_run(const plan_prio_instance *in, const prep *P,
                               double icb_scale, plan_prio_solution **out,
                               pc_error *err);

/* Fills p's input hash and programme id from its instance.
 * (plan_programme_store.c) */
void plan_programme_hash(plan_programme *p);

#endif
