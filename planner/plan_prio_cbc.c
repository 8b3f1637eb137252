/* plan_prio_cbc.c: the prioritisation's model (plan_prio_mip.c) solved
 * with COIN-OR CBC through its C interface (coin/Cbc_C_Interface.h).
 *
 * The model is built once, as a GLPK problem; this file copies it into a
 * CBC model (the matrix by columns, bounds, objective and which columns
 * are integer, read with GLPK's getters, which give -DBL_MAX and DBL_MAX
 * for missing bounds as CBC expects), hands CBC the starting solution as
 * a MIP start, solves, and reads the columns back into the
 * plan_prio_mipres GLPK's solver fills (plan_prio_glpk.c), so that every
 * output after it is shared.
 *
 * CBC prints nothing at log level 0 (tests/test_prio.c checks stdout).
 * Cbc_solve runs CBC's command-line layer (CbcMain1), which keeps global
 * state (the argument reader's position and mode, a preprocessing
 * pointer) and installs its own SIGINT handler while it runs; so the
 * calls of every thread go through one lock, held from Cbc_newModel to
 * Cbc_deleteModel. */
#include "pc_error.h"
#include "plan_prio_int.h"

#include <coin/Cbc_C_Interface.h>
#include <float.h>
#include <glpk.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t cbc_lock = PTHREAD_MUTEX_INITIALIZER;

/* lp as CBC loads it: the matrix by columns, 0-based. */
typedef struct cbc_copy {
    int n, m;
    int *start, *index;
    double *value, *clb, *cub, *obj, *rlb, *rub;
    double *colval; /* scratch: one column of GLPK's, 1-based */
    int *colind;
} cbc_copy;

static void copy_free(cbc_copy *c)
{
    free(c->start);
    free(c->index);
    free(c->value);
    free(c->clb);
    free(c->cub);
    free(c->obj);
    free(c->rlb);
    free(c->rub);
    free(c->colval);
    free(c->colind);
}

static pc_status copy_of(glp_prob *lp, cbc_copy *c, pc_error *err)
{
    size_t n = (size_t)glp_get_num_cols(lp), m = (size_t)glp_get_num_rows(lp);
    size_t nz = (size_t)glp_get_num_nz(lp), at = 0;

    c->n = (int)n;
    c->m = (int)m;
    c->start = malloc((n + 1) * sizeof *c->start);
    c->index = malloc((nz + 1) * sizeof *c->index);
    c->value = malloc((nz + 1) * sizeof *c->value);
    c->clb = malloc((n + 1) * sizeof *c->clb);
    c->cub = malloc((n + 1) * sizeof *c->cub);
    c->obj = malloc((n + 1) * sizeof *c->obj);
    c->rlb = malloc((m + 1) * sizeof *c->rlb);
    c->rub = malloc((m + 1) * sizeof *c->rub);
    c->colval = malloc((m + 1) * sizeof *c->colval);
    c->colind = malloc((m + 1) * sizeof *c->colind);
    if (!c->start || !c->index || !c->value || !c->clb || !c->cub || !c->obj ||
        !c->rlb || !c->rub || !c->colval || !c->colind)
        return PC_NOMEM(err);
    for (int j = 1; j <= (int)n; j++) {
        int len = glp_get_mat_col(lp, j, c->colind, c->colval);

        c->start[j - 1] = (int)at;
        for (int i = 1; i <= len && at < nz; i++) {
            c->index[at] = c->colind[i] - 1;
            c->value[at++] = c->colval[i];
        }
        c->clb[j - 1] = glp_get_col_lb(lp, j);
        c->cub[j - 1] = glp_get_col_ub(lp, j);
        c->obj[j - 1] = glp_get_obj_coef(lp, j);
    }
    c->start[n] = (int)at;
    for (int i = 1; i <= (int)m; i++) {
        c->rlb[i - 1] = glp_get_row_lb(lp, i);
        c->rub[i - 1] = glp_get_row_ub(lp, i);
    }
    if (at != nz)
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "prioritisation: the model has %zu coefficients, "
                       "expected %zu",
                       at, nz);
    return PC_OK;
}

/* The CBC model of c (names and integers from lp), set to solve until
 * deadline to in->mip_gap from heur, quietly. */
static Cbc_Model *cbc_model(glp_prob *lp, const cbc_copy *c,
                            const plan_prio_instance *in, const double *heur,
                            double deadline)
{
    Cbc_Model *cm = Cbc_newModel();
    char text[64];
    double left = deadline - plan_prio_now_s();

    if (!cm)
        return NULL;
    Cbc_loadProblem(cm, c->n, c->m, c->start, c->index, c->value, c->clb,
                    c->cub, c->obj, c->rlb, c->rub);
    Cbc_setObjSense(cm, 1); /* minimise */
    /* no names: CBC 2.10.8 crashes in preprocessing when columns have
     * names and rows do not; the MIP start then names columns by CBC's
     * default names, the same on both sides */
    for (int j = 1; j <= c->n; j++)
        if (glp_get_col_kind(lp, j) != GLP_CV)
            Cbc_setInteger(cm, j - 1);
    Cbc_setLogLevel(cm, 0);
    Cbc_setParameter(cm, "log", "0");
    Cbc_setParameter(cm, "slog", "0");
    /* CBC reads the limits as command-line text; its clock the wall's,
     * as the deadline's (its default is CPU time) */
    Cbc_setParameter(cm, "timeMode", "elapsed");
    snprintf(text, sizeof text, "%.3f", left > 0.01 ? left : 0.01);
    Cbc_setParameter(cm, "seconds", text);
    /* CBC 2.10 crashes (CglPreProcess::postProcess) when the seconds run
     * out in its preprocessing, which on a loaded machine can take seconds
     * (seen at a 2 s limit under sanitizers): under a short limit, none */
    if (left < 10)
        Cbc_setParameter(cm, "preprocess", "off");
    snprintf(text, sizeof text, "%.17g", in->mip_gap);
    Cbc_setParameter(cm, "ratioGap", text);
    if (heur) {
        int *idx = malloc((size_t)c->n * sizeof *idx);

        if (idx) {
            for (int j = 0; j < c->n; j++)
                idx[j] = j;
            Cbc_setMIPStartI(cm, c->n, idx, heur + 1);
            free(idx);
        }
    }
    return cm;
}

/* The solution CBC found into *r (r->x 1-based, its objective computed
 * from lp's own coefficients). CBC stopped with nothing found and nothing
 * proven (no solution, not proven infeasible, the deadline passed or its
 * seconds limit reached) is a time limit, as it is with GLPK. */
static pc_status read_back(Cbc_Model *cm, glp_prob *lp, int n, double deadline,
                           plan_prio_mipres *r, pc_error *err)
{
    const double *sol = Cbc_getColSolution(cm);
    double bound = Cbc_getBestPossibleObjValue(cm);
    int proven = Cbc_isProvenOptimal(cm);
    int infeasible = Cbc_isProvenInfeasible(cm);

    r->time_limit = Cbc_isSecondsLimitReached(cm) ||
                    (!proven && !infeasible && plan_prio_now_s() >= deadline);
    r->bound = fabs(bound) < 1e29 ? bound : -INFINITY;
    r->found = sol && Cbc_bestSolution(cm) && !infeasible;
    r->gap = 1;
    if (!r->found) {
        /* neither a solution nor a proof: nothing is known */
        if (!infeasible)
            r->time_limit = 1;
        return PC_OK;
    }
    if (!(r->x = calloc((size_t)n + 1, sizeof *r->x)))
        return PC_NOMEM(err);
    r->obj = glp_get_obj_coef(lp, 0);
    for (int j = 1; j <= n; j++) {
        r->x[j] = sol[j - 1];
        r->obj += glp_get_obj_coef(lp, j) * sol[j - 1];
    }
    /* as GLPK measures it; CBC calls a search stopped at ratioGap
     * optimal, and its bound may sit a rounding below a proven optimum */
    r->gap = (r->obj - bound) / (fabs(r->obj) + DBL_EPSILON);
    if (!(r->gap > 1e-9))
        r->gap = 0;
    if (isinf(r->gap) || r->gap > 1 || isinf(r->bound))
        r->gap = 1;
    r->gap_stop = proven && !r->time_limit && r->gap > 0;
    if (!proven && !r->time_limit && r->gap == 0)
        r->gap = 1; /* stopped for another reason: nothing proven */
    return PC_OK;
}

pc_status plan_prio_cbc_solve(glp_prob *lp, const plan_prio_instance *in,
                              const double *heur, double deadline,
                              plan_prio_mipres *res, pc_error *err)
{
    cbc_copy c = {0};
    plan_prio_mipres r = {0};
    Cbc_Model *cm = NULL;
    pc_status rc;

    if ((rc = copy_of(lp, &c, err)))
        goto out;
    pthread_mutex_lock(&cbc_lock);
    cm = cbc_model(lp, &c, in, heur, deadline);
    if (!cm)
        rc = PC_NOMEM(err);
    else {
        Cbc_solve(cm);
        if (Cbc_isAbandoned(cm))
            rc = PC_FAIL(err, PC_ERR_INTERNAL,
                         "prioritisation: CBC abandoned the search "
                         "(numerical difficulties; status %d, %d)",
                         Cbc_status(cm), Cbc_secondaryStatus(cm));
        else
            rc = read_back(cm, lp, c.n, deadline, &r, err);
        Cbc_deleteModel(cm);
    }
    pthread_mutex_unlock(&cbc_lock);
    if (rc == PC_OK) {
        *res = r;
        r.x = NULL;
    }
out:
    free(r.x);
    copy_free(&c);
    return rc;
}
