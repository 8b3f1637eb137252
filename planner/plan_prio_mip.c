/* plan_prio_mip.c: the exact prioritisation (see plan_prio.h for the
 * model): building the mixed-integer model as a GLPK problem (columns x,
 * y, u, r and the phase-1 shortfalls; rows per scheme, fund, group,
 * dependency, rent and gap), solving it from the greedy programme or a
 * hint with the instance's solver (plan_prio_glpk.c or plan_prio_cbc.c,
 * which give the same plan_prio_mipres), phase 1 that explains why
 * committed schemes cannot be funded, and writing the model as MPS. */
#include "pc_error.h"
#include "pc_file.h"
#include "pc_fmt.h"
#include "pc_progress.h"
#include "plan_prio_int.h"

#include <glpk.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The model's arrays of columns per scheme, place, fund and row. */
static pc_status model_alloc(model *M, pc_error *err)
{
    const plan_prio_instance *in = M->in;
    size_t n = in->nschemes, R = (size_t)in->years + 1, Hs = (size_t)in->years;

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
        return PC_NOMEM(err);
    return PC_OK;
}

/* Columns x: scheme j starts in year s (binary), one per year of its
 * window. */
static void cols_x(model *M)
{
    const plan_prio_instance *in = M->in;
    const prep *P = M->P;
    size_t n = in->nschemes;

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
}

/* Columns y: what fund k pays scheme j in year t (£m), by scheme. */
static pc_status cols_y(model *M, pc_error *err)
{
    const plan_prio_instance *in = M->in;
    const prep *P = M->P;
    int H = in->years;
    size_t n = in->nschemes;

    for (size_t j = 0; j < n; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        M->yfirst[j] = M->nys;
        if (!M->xcol[j])
            continue;
        for (size_t q = 0; q < P->nsfunds[j]; q++) {
            size_t k = P->sfunds[j][q];
            const plan_prio_fund *f = &in->funds[k];
            int first = 0, to = P->hi[j] + S->duration - 1;

            while (first < H &&
                   plan_prio_fund_amount(f, first, M->icb_scale) <= 0)
                first++;
            if (to > plan_prio_fund_end(f, H))
                to = plan_prio_fund_end(f, H);
            for (int t = first > P->lo[j] ? first : P->lo[j]; t <= to; t++) {
                if (!f->carry && plan_prio_fund_amount(f, t, M->icb_scale) <= 0)
                    continue;
                if (M->nys == M->ycap) {
                    size_t nc = M->ycap ? M->ycap * 2 : 1024;
                    ycol *ny = realloc(M->ys, nc * sizeof *ny);

                    if (!ny)
                        return PC_NOMEM(err);
                    M->ys = ny;
                    M->ycap = nc;
                }
                M->ys[M->nys++] =
                    (ycol){j, k, t,
                           add_col(M, GLP_CV, 0, INFINITY,
                                   !M->phase1 && f->kind == PLAN_FUND_ICB
                                       ? in->icb_cost * MONEY
                                       : 0,
                                   "y%zu_%zu_%d", j, k, in->base_year + t)};
            }
        }
    }
    M->yfirst[n] = M->nys;
    return PC_OK;
}

/* Columns u (unmet gap per place and row) and r (repaid per fund); in
 * phase 1 the shortfalls per scheme and year and the rent excess per
 * row instead. */
static void cols_rest(model *M)
{
    const plan_prio_instance *in = M->in;
    const prep *P = M->P;
    int H = in->years;
    size_t n = in->nschemes, R = (size_t)H + 1, Hs = (size_t)H;

    if (!M->phase1) {
        for (size_t p = 0; p < in->nplaces; p++)
            for (size_t t = 0; t < R; t++)
                if (in->places[p].gap[t] > 0)
                    M->ucol[p * R + t] =
                        add_col(M, GLP_CV, 0, INFINITY, in->places[p].weight,
                                "u%zu_%d", p, in->base_year + (int)t);
        for (size_t k = 0; k < in->nfunds; k++)
            if (plan_prio_fund_repays(&in->funds[k], H))
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
}

/* Rows: each scheme chosen at most once (exactly once when forced), and
 * its spend per year equal to its phased cost. */
static void rows_once_spend(model *M)
{
    const plan_prio_instance *in = M->in;
    const prep *P = M->P;
    size_t n = in->nschemes, Hs = (size_t)in->years;

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
}

/* The ys of each fund, by year: byfund[fstart[k]..fstart[k + 1]) are fund
 * k's indexes into M->ys. Both freed by the caller. */
static pc_status fund_index(model *M, size_t **byfund_out, size_t **fstart_out,
                            pc_error *err)
{
    const plan_prio_instance *in = M->in;
    size_t *byfund, *fstart;

    *byfund_out = NULL;
    *fstart_out = NULL;
    byfund = malloc((M->nys + 1) * sizeof *byfund);
    fstart = calloc(in->nfunds + 2, sizeof *fstart);
    if (!byfund || !fstart) {
        free(byfund);
        free(fstart);
        return PC_NOMEM(err);
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
            return PC_NOMEM(err);
        }
        for (size_t q = 0; q < M->nys; q++) {
            size_t k = M->ys[q].k;

            byfund[fstart[k] + fill[k]++] = q;
        }
        free(fill);
    }
    *byfund_out = byfund;
    *fstart_out = fstart;
    return PC_OK;
}

/* Rows: what each fund gives, by year or cumulatively when it carries
 * money forward, and what is repaid. */
static pc_status rows_funds(model *M, pc_error *err)
{
    const plan_prio_instance *in = M->in;
    int H = in->years;
    size_t *byfund = NULL, *fstart = NULL;
    pc_status rc;

    if ((rc = fund_index(M, &byfund, &fstart, err)))
        return rc;
    for (size_t k = 0; k < in->nfunds; k++) {
        const plan_prio_fund *f = &in->funds[k];
        int end = plan_prio_fund_end(f, H);
        double cum = 0;

        if (fstart[k] == fstart[k + 1] && !M->rcol[k])
            continue;
        for (int t = 0; t <= end; t++) {
            double a = plan_prio_fund_amount(f, t, M->icb_scale);
            int last = t == end, r;

            cum += a;
            if (f->carry) {
                int need =
                    last || plan_prio_fund_amount(f, t + 1, M->icb_scale) > 0;

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
            int r = add_row(M, plan_prio_fund_total(f, H, M->icb_scale) / MONEY,
                            plan_prio_fund_total(f, H, M->icb_scale) / MONEY,
                            "repay%zu", k);

            coef(M, r, M->rcol[k], 1);
            for (size_t q = fstart[k]; q < fstart[k + 1]; q++)
                coef(M, r, M->ys[byfund[q]].col, 1);
        }
    }

    free(byfund);
    free(fstart);
    return PC_OK;
}

/* Rows: at most one option of each group. */
static void rows_groups(model *M)
{
    const plan_prio_instance *in = M->in;
    const prep *P = M->P;
    size_t n = in->nschemes;

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
}

/* Rows: a scheme starts only after its prerequisites finish. */
static void rows_deps(model *M)
{
    const plan_prio_instance *in = M->in;
    const prep *P = M->P;
    size_t n = in->nschemes;

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
}

/* Rows: the rent schemes add, under the limit (phase 1: with an
 * excess). */
static void rows_rent(model *M)
{
    const plan_prio_instance *in = M->in;
    size_t n = in->nschemes, R = (size_t)in->years + 1;

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
}

/* Rows: the unmet gap per place and row, after the schemes finished. */
static void rows_gap(model *M)
{
    const plan_prio_instance *in = M->in;
    const prep *P = M->P;
    size_t n = in->nschemes, R = (size_t)in->years + 1;

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
}

static pc_status model_build(model *M, pc_error *err)
{
    pc_status rc;

    if ((rc = model_alloc(M, err)))
        return rc;
    cols_x(M);
    if ((rc = cols_y(M, err)))
        return rc;
    cols_rest(M);
    rows_once_spend(M);
    if ((rc = rows_funds(M, err)))
        return rc;
    rows_groups(M);
    rows_deps(M);
    rows_rent(M);
    rows_gap(M);
    if (M->oom)
        return PC_NOMEM(err);
    if (glp_get_num_cols(M->lp) == 0) /* GLPK wants something to solve */
        add_col(M, GLP_CV, 0, 0, 0, "empty");
    glp_load_matrix(M->lp, (int)M->nz, M->ia, M->ja, M->ar);
    return PC_OK;
}

/* --- solving ------------------------------------------------------------- */

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

/* Runs the instance's solver on M until deadline (plan_prio_now_s()
 * seconds): *res as plan_prio_glpk_solve says. */
static pc_status model_solve(model *M, const double *heur, double deadline,
                             plan_prio_mipres *res, pc_error *err)
{
    pc_status rc;

    /* the time already ran out (building the model): neither solver
     * would start, and the answer does not depend on its clock */
    if (plan_prio_now_s() >= deadline) {
        memset(res, 0, sizeof *res);
        res->time_limit = 1;
        res->bound = -INFINITY;
        res->gap = 1;
        return PC_OK;
    }
    rc = M->in->solver == PLAN_PRIO_CBC
             ? plan_prio_cbc_solve(M->lp, M->in, heur, deadline, res, err)
             : plan_prio_glpk_solve(M->lp, M->in, heur, deadline, res, err);

    /* a solver stopped by its clock may report no solution without a
     * proof of infeasibility (GLPK's status before GLP_ETMLIM, CBC's
     * "infeasible" from an unfinished root): nothing found by the deadline
     * is a time limit, never an infeasibility */
    if (rc == PC_OK && !res->found && !res->time_limit &&
        plan_prio_now_s() >= deadline)
        res->time_limit = 1;
    if (rc == PC_OK && !res->found) {
        free(res->x);
        res->x = NULL;
    }
    return rc;
}

/* The time limit stopped phase 1 before it found anything: the committed
 * schemes are neither shown fundable nor shown to conflict. */
#define TIME_OUT_FORCED                                                       \
    "the time limit (capital.time_limit_s, %g s) ran out before the "         \
    "committed schemes could be shown to be fundable: it was reached before " \
    "any feasible programme was found, so whether they can all be in the "    \
    "programme together is not known; expected a limit long enough to find "  \
    "one: give a longer time limit"

/* Phase 1: can the forced schemes be funded at all? An explanation when
 * not. */
static pc_status check_forced(const plan_prio_instance *in, const prep *P,
                              double icb_scale, double deadline, pc_error *err)
{
    model M = {0};
    plan_prio_mipres res = {0};
    int any = 0;
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
        (rc = model_solve(&M, NULL, deadline, &res, err)))
        goto out;
    if (!res.found && res.time_limit) {
        rc = PC_FAIL(err, PC_ERR_INPUT, TIME_OUT_FORCED, in->time_limit_s);
        goto out;
    }
    if (!res.found) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "the committed schemes cannot all be in the programme "
                     "together (their years, options and prerequisites "
                     "conflict)");
        goto out;
    }
    if (res.time_limit && res.obj > PAY_EPS / MONEY) {
        rc = PC_FAIL(err, PC_ERR_INPUT, TIME_OUT_FORCED, in->time_limit_s);
        goto out;
    }
    if (res.obj > PAY_EPS / MONEY) {
        char msg[400];
        size_t len = 0, Hs = (size_t)in->years, shown = 0;

        msg[0] = 0;
        for (size_t j = 0; j < in->nschemes && len < sizeof msg - 120; j++)
            for (size_t t = 0; t < Hs && len < sizeof msg - 120; t++) {
                int c = M.scol[j * Hs + t];
                double v = c ? res.x[c] * MONEY : 0;
                char amt[32];

                if (v <= PAY_EPS)
                    continue;
                pc_fmt_money(amt, sizeof amt, v, "\xc2\xa3", 0);
                len += (size_t)snprintf(msg + len, sizeof msg - len,
                                        "%s%s lacks %s in %d",
                                        shown++ ? "; " : "", in->schemes[j].id,
                                        amt, in->base_year + (int)t);
            }
        for (size_t t = 1; t <= Hs && !shown; t++) {
            int c = M.zcol[t];
            double v = c ? res.x[c] * MONEY : 0;
            char amt[32];

            if (v <= PAY_EPS)
                continue;
            pc_fmt_money(amt, sizeof amt, v, "\xc2\xa3", 0);
            snprintf(msg, sizeof msg,
                     "their rent in %d exceeds the rent limit by %s a year",
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
    free(res.x);
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
            double a = plan_prio_fund_amount(f, (int)t, icb_scale);

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

/* The starting programme from (greedy or hint) as the answer when the
 * time limit ran out before the solver found anything: status time-limit,
 * the gap to the bound when one was proven. */
static pc_status from_start(const plan_prio_instance *in,
                            const plan_prio_solution *from,
                            const plan_prio_mipres *res,
                            plan_prio_solution **out, pc_error *err)
{
    plan_prio_solution *s = plan_prio_solution_copy(in, from);

    if (!s)
        return PC_NOMEM(err);
    plan_prio_evaluate(in, s);
    s->from_start = 1;
    s->bound = isinf(res->bound) ? NAN : res->bound;
    s->mip_gap = isnan(s->bound) ? 1
                                 : fmax(0, (s->objective - s->bound) /
                                               (fabs(s->objective) + 1e-300));
    if (s->mip_gap > 1)
        s->mip_gap = 1;
    *out = s;
    return PC_OK;
}

/* The solver's columns res->x as a programme of in. */
static pc_status read_solution(const model *M, const plan_prio_mipres *res,
                               plan_prio_solution **out, pc_error *err)
{
    const plan_prio_instance *in = M->in;
    const prep *P = M->P;
    plan_prio_solution *s = plan_prio_solution_alloc(in);
    size_t cap = 0;

    if (!s)
        return PC_NOMEM(err);
    for (size_t j = 0; j < in->nschemes; j++)
        for (int t = P->lo[j]; M->xcol[j] && t <= P->hi[j]; t++)
            if (res->x[xc(M, j, t)] > 0.5)
                s->start[j] = t;
    for (size_t q = 0; q < M->nys; q++) {
        double v = res->x[M->ys[q].col] * MONEY;

        if (v > PAY_EPS && plan_prio_pay_add(s, &cap, M->ys[q].j, M->ys[q].k,
                                             M->ys[q].t, v) < 0) {
            plan_prio_solution_free(s);
            return PC_NOMEM(err);
        }
    }
    plan_prio_evaluate(in, s);
    /* the solver's own objective value, from the same columns */
    s->objective = res->obj;
    s->mip_gap = res->gap;
    s->bound = res->gap == 0 ? res->obj : isinf(res->bound) ? NAN : res->bound;
    *out = s;
    return PC_OK;
}

static pc_status solve_with(const plan_prio_instance *in, const prep *P,
                            double icb_scale, const plan_prio_solution *hint,
                            plan_prio_solution **out, pc_error *err)
{
    model M = {0};
    plan_prio_solution *g = NULL, *s = NULL;
    const plan_prio_solution *from = NULL;
    plan_prio_mipres res = {0};
    double *heur = NULL;
    double deadline = plan_prio_now_s() + in->time_limit_s;
    pc_status rc;

    /* a greedy programme with every committed scheme shows they can be
     * funded: phase 1 only explains why they cannot */
    if ((rc = plan_prio_greedy_run(in, P, icb_scale, &g, err)) ||
        (strcmp(g->status, "greedy") != 0 &&
         (rc = check_forced(in, P, icb_scale, deadline, err))))
        goto out;
    M.in = in;
    M.P = P;
    M.icb_scale = icb_scale;
    if ((rc = model_build(&M, err)))
        goto out;
    if (hint && hint_fits(in, P, icb_scale, hint) &&
        (strcmp(g->status, "greedy") != 0 || hint->objective < g->objective))
        heur = heuristic(&M, from = hint);
    else if (strcmp(g->status, "greedy") == 0 &&
             !(heur = heuristic(&M, from = g))) {
        /* the greedy programme always maps onto the model's columns */
        rc = PC_FAIL(err, PC_ERR_INTERNAL,
                     "prioritisation: the greedy programme does not fit "
                     "the model");
        goto out;
    }
    if ((rc = model_solve(&M, heur, deadline, &res, err)))
        goto out;
    if (!res.found && res.time_limit && heur)
        rc = from_start(in, from, &res, &s, err);
    else if (!res.found && res.time_limit)
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "the time limit (capital.time_limit_s, %g s) ran out "
                     "before any feasible programme was found; expected a "
                     "limit long enough to find one: give a longer time "
                     "limit",
                     in->time_limit_s);
    else if (!res.found)
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "no programme satisfies the constraints");
    else
        rc = read_solution(&M, &res, &s, err);
    if (rc)
        goto out;
    s->status = res.time_limit                  ? "time-limit"
                : (res.gap_stop || res.gap > 0) ? "optimal-within-gap"
                                                : "optimal";
    s->solver = plan_prio_solver_name(in->solver);
    *out = s;
    s = NULL;
out:
    free(res.x);
    free(heur);
    plan_prio_solution_free(g);
    plan_prio_solution_free(s);
    model_free(&M);
    return rc;
}

/* The progress hook's first and last word on a solve. */
static void solve_progress(const plan_prio_instance *in, double t0,
                           const plan_prio_solution *s, int done)
{
    pc_progress p = {PC_PROGRESS_SOLVE,
                     plan_prio_solver_name(in->solver),
                     done,
                     plan_prio_now_s() - t0,
                     NAN,
                     NAN,
                     NAN,
                     0,
                     0};

    if (s) {
        p.best = s->objective;
        p.bound = s->bound;
        p.gap = s->mip_gap;
    }
    pc_progress_emit(&p);
}

pc_status plan_prio_solve(const plan_prio_instance *in, double icb_scale,
                          const plan_prio_solution *hint,
                          plan_prio_solution **out, pc_error *err)
{
    prep P;
    double t0 = plan_prio_now_s();
    pc_status rc;

    *out = NULL;
    glp_term_out(GLP_OFF);
    glp_term_hook(quiet, NULL);
    solve_progress(in, t0, NULL, 0);
    if ((rc = plan_prio_prepare(in, &P, err)) == PC_OK) {
        rc = solve_with(in, &P, icb_scale, hint, out, err);
        plan_prio_prep_free(&P, in->nschemes);
    }
    solve_progress(in, t0, *out, 1);
    /* GLPK keeps an environment per thread until it is freed: freed here,
     * with no problem object left, so that a thread that ends (a worker
     * of the server) leaves nothing behind */
    glp_free_env();
    return rc;
}

pc_status plan_prio_write_mps(const plan_prio_instance *in, double icb_scale,
                              const char *path, pc_error *err)
{
    model M = {0};
    prep P;
    char tmp[4096];
    pc_status rc;

    glp_term_out(GLP_OFF);
    glp_term_hook(quiet, NULL);
    if ((rc = plan_prio_prepare(in, &P, err)))
        return rc;
    M.in = in;
    M.P = &P;
    M.icb_scale = icb_scale;
    /* GLPK writes a named file: a fresh temporary, renamed over path */
    if (!(rc = model_build(&M, err)) &&
        !(rc = pc_file_temp(path, tmp, sizeof tmp, err))) {
        if (glp_write_mps(M.lp, GLP_MPS_FILE, NULL, tmp) != 0) {
            unlink(tmp);
            rc = PC_FAIL(err, PC_ERR_IO, "cannot write the model to %s", path);
        } else {
            rc = pc_file_commit(tmp, path, err);
        }
    }
    model_free(&M);
    plan_prio_prep_free(&P, in->nschemes);
    glp_free_env(); /* as in plan_prio_solve */
    return rc;
}
