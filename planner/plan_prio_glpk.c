/* plan_prio_glpk.c: the prioritisation's model (plan_prio_mip.c) solved
 * with GLPK: the LP relaxation by the simplex method, then branch and cut
 * from a given solution, with a callback that tracks the best bound so
 * that a search stopped early can say how far from proven it is. The
 * result goes into the same plan_prio_mipres as CBC's (plan_prio_cbc.c). */
#include "pc_error.h"
#include "pc_progress.h"
#include "plan_prio_int.h"

#include <float.h>
#include <glpk.h>
#include <math.h>
#include <stdlib.h>

typedef struct cbinfo {
    const double *heur; /* 1-based column values, or NULL */
    int given;
    double bound;     /* the best lower bound seen (minimising) */
    double t0, shown; /* the solve's start, the last progress (seconds) */
} cbinfo;

/* Milliseconds left before deadline, at least 1. */
static int ms_left(double deadline)
{
    double left = (deadline - plan_prio_now_s()) * 1000;

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
    if (pc_progress_on()) {
        double now = plan_prio_now_s();

        /* ten a second at most: the hook is for people */
        if (now - cb->shown >= 0.1) {
            glp_prob *lp = glp_ios_get_prob(T);
            int feas =
                glp_mip_status(lp) == GLP_FEAS || glp_mip_status(lp) == GLP_OPT;
            double obj = feas ? glp_mip_obj_val(lp) : NAN;
            pc_progress p = {PC_PROGRESS_SOLVE,
                             "glpk",
                             0,
                             now - cb->t0,
                             obj,
                             isinf(cb->bound) ? NAN : cb->bound,
                             NAN,
                             0,
                             0};

            if (feas && !isinf(cb->bound))
                p.gap = fmax(0, (obj - cb->bound) / (fabs(obj) + DBL_EPSILON));
            cb->shown = now;
            pc_progress_emit(&p);
        }
    }
}

/* The LP relaxation of lp: *infeasible when it has no solution,
 * *timeout when the time limit ran out first. */
static pc_status relaxation(glp_prob *lp, double deadline, int *infeasible,
                            int *timeout, pc_error *err)
{
    glp_smcp sm;
    int r;

    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    sm.tm_lim = ms_left(deadline);
    glp_scale_prob(lp, GLP_SF_AUTO);
    r = glp_simplex(lp, &sm);
    if (r == GLP_ETMLIM ||
        (r == 0 && glp_get_status(lp) != GLP_OPT &&
         glp_get_status(lp) != GLP_NOFEAS && plan_prio_now_s() >= deadline)) {
        *timeout = 1;
        return PC_OK;
    }
    if (r != 0 && r != GLP_ENOPFS && r != GLP_ENODFS)
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "prioritisation: the LP relaxation failed (GLPK "
                       "simplex code %d)",
                       r);
    *infeasible = glp_get_status(lp) == GLP_NOFEAS || r == GLP_ENOPFS;
    return PC_OK;
}

/* The gap when the search stopped, as GLPK defines it: 0 when it ran to
 * the end; else from the final objective and the best bound seen (valid,
 * perhaps a little low), at most the tolerance when it stopped there. */
static double gap_of(glp_prob *lp, int ret, int status, double bound,
                     double tol)
{
    double gap = 1;

    if (ret == 0 && status == GLP_OPT)
        gap = 0;
    else if (status == GLP_OPT || status == GLP_FEAS) {
        double obj = glp_mip_obj_val(lp);

        gap = (obj - bound) / (fabs(obj) + DBL_EPSILON);
        if (gap < 0)
            gap = 0;
        if (ret == GLP_EMIPGAP && gap > tol)
            gap = tol;
    }
    return isinf(gap) || gap > 1e300 ? 1 : gap;
}

pc_status plan_prio_glpk_solve(glp_prob *lp, const plan_prio_instance *in,
                               const double *heur, double deadline,
                               plan_prio_mipres *res, pc_error *err)
{
    glp_iocp io;
    cbinfo cb = {heur, 0, -INFINITY, deadline - in->time_limit_s, 0};
    int infeasible = 0, timeout = 0, ret, status, n = glp_get_num_cols(lp);
    plan_prio_mipres r = {0};
    pc_status rc;

    r.bound = -INFINITY;
    if ((rc = relaxation(lp, deadline, &infeasible, &timeout, err)))
        return rc;
    if (infeasible || timeout) {
        r.time_limit = timeout;
        r.gap = 1;
        *res = r;
        return PC_OK;
    }
    cb.bound = glp_get_obj_val(lp); /* the relaxation bounds the MIP */
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF;
    io.tm_lim = ms_left(deadline);
    io.mip_gap = in->mip_gap;
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
    ret = glp_intopt(lp, &io);
    if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_EMIPGAP &&
        ret != GLP_ENOPFS && ret != GLP_ENODFS)
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "prioritisation: the solver failed (GLPK intopt code "
                       "%d)",
                       ret);
    status = ret == GLP_ENOPFS ? GLP_NOFEAS : glp_mip_status(lp);
    r.time_limit = ret == GLP_ETMLIM;
    r.bound = cb.bound;
    r.gap_stop = ret == GLP_EMIPGAP;
    r.found = status == GLP_OPT || status == GLP_FEAS;
    r.gap = gap_of(lp, ret, status, cb.bound, io.mip_gap);
    if (r.found) {
        if (!(r.x = calloc((size_t)n + 1, sizeof *r.x)))
            return PC_NOMEM(err);
        for (int c = 1; c <= n; c++)
            r.x[c] = glp_mip_col_val(lp, c);
        r.obj = glp_mip_obj_val(lp);
    }
    *res = r;
    return PC_OK;
}
