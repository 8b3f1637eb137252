/* plan_project_mc.c: a projection's Monte Carlo draws (see plan_project.h
 * for the model): xoshiro256** seeded by splitmix64, one build-out rate
 * and start delay per site and draw, and per place and year the share of
 * draws short of rooms and the gap's percentiles. Each draw keeps one
 * series per (LAD, place) pair: the growth rule decides per LAD and every
 * output of a draw is per place. */
#include "pc_error.h"
#include "pc_progress.h"
#include "plan_project_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct rng {
    uint64_t s[4];
    double spare;
    int has_spare;
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng *g, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        g->s[i] = splitmix64(&seed);
    g->has_spare = 0;
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *g) /* xoshiro256** */
{
    uint64_t *s = g->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in (-1, 1). */
static double rng_signed(rng *g)
{
    return ((double)(rng_next(g) >> 11) + 0.5) * 0x1.0p-52 - 1.0;
}

/* Standard normal (Marsaglia's polar method). */
static double rng_normal(rng *g)
{
    double u, v, s;

    if (g->has_spare) {
        g->has_spare = 0;
        return g->spare;
    }
    do {
        u = rng_signed(g);
        v = rng_signed(g);
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    s = sqrt(-2.0 * log(s) / s);
    g->spare = v * s;
    g->has_spare = 1;
    return u * s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of n sorted values. */
static double percentile(const double *v, size_t n, double pct)
{
    size_t rank = (size_t)ceil(pct / 100.0 * (double)n);

    return v[rank > 0 ? rank - 1 : 0];
}

/* The draws' assumptions, and the seed: the scenario's, else mc_seed. */
typedef struct mc_params {
    double rate_mean, rate_sd, delay_mean, delay_sd;
} mc_params;

static pc_status mc_setup(proj *P, mc_params *m, pc_error *err)
{
    plan_run *r = P->r;
    double seed_v;
    pc_status rc;

    if ((rc = plan_params_need(P->A, "mc_delivery_rate_mean", 0, 0, 5,
                               "the Monte Carlo draws", &m->rate_mean, err)) ||
        (rc = plan_params_need(P->A, "mc_delivery_rate_sd", 0, 0, 5,
                               "the Monte Carlo draws", &m->rate_sd, err)) ||
        (rc = plan_params_need(P->A, "mc_start_delay_mean_years", -20, 0, 20,
                               "the Monte Carlo draws", &m->delay_mean, err)) ||
        (rc = plan_params_need(P->A, "mc_start_delay_sd_years", 0, 0, 20,
                               "the Monte Carlo draws", &m->delay_sd, err)))
        return rc;
    if (!P->sc->seed_set) {
        if ((rc = plan_params_need(P->A, "mc_seed", 0, 0, 9007199254740991.0,
                                   "the Monte Carlo draws when no seed is "
                                   "given",
                                   &seed_v, err)))
            return rc;
        r->seed = (unsigned long long)seed_v;
    } else
        r->seed = P->sc->seed;
    return PC_OK;
}

/* Scratch of the draws: per (LAD, place) pair, LAD and place by year. */
typedef struct mc_work {
    double *pairv, *hous, *newq, *pat;
    const double *base_q; /* base list per place */
} mc_work;

/* Draw d: every site's rate and delay, new patients per (LAD, place) pair,
 * the growth rule per LAD, and the gap per place and of the system into
 * gaps[(q * T + t) * D + d] (q = nplaces for the system). */
static void mc_draw(proj *P, const mc_params *m, rng *g, mc_work *W,
                    double *gaps, size_t d)
{
    const plan_run *r = P->r;
    size_t T = (size_t)P->T, nq = P->ds->nplaces, nl = P->ds->nlads,
           D = (size_t)r->draws;

    memset(W->pairv, 0, P->npairs * T * sizeof *W->pairv);
    memset(W->hous, 0, nl * T * sizeof *W->hous);
    memset(W->newq, 0, nq * T * sizeof *W->newq);
    for (size_t k = 0; k < P->nsites; k++) {
        const csite *c = &P->sites[k];
        double rate = m->rate_mean + m->rate_sd * rng_normal(g);
        double delay = round(m->delay_mean + m->delay_sd * rng_normal(g));

        rate = r->delivery_factor * (rate > 0 ? rate : 0);
        if (delay < 0 || c->started)
            delay = 0;
        for (size_t t = 0; t < T; t++)
            W->pat[t] = plan_proj_new_homes(c, r->base_year, (int)t, rate,
                                            r->slippage_years + delay) *
                        c->npd;
        for (size_t a = 0; a < c->npairs; a++) {
            double *v = &W->pairv[c->pairs[a].i * T], w = c->pairs[a].w;

            for (size_t t = 0; t < T; t++)
                v[t] += w * W->pat[t];
        }
    }
    for (size_t a = 0; a < P->npairs; a++)
        for (size_t t = 0; t < T; t++)
            W->hous[P->pair_lad[a] * T + t] += W->pairv[a * T + t];
    for (size_t a = 0; a < P->npairs; a++) {
        size_t l = P->pair_lad[a];

        for (size_t t = 0; t < T; t++)
            if (plan_proj_housing_counts(r->growth, W->hous[l * T + t],
                                         P->lad_trend[l * T + t]))
                W->newq[P->pair_place[a] * T + t] += W->pairv[a * T + t];
    }
    for (size_t l = 0; l < nl; l++)
        for (size_t t = 0; t < T; t++)
            if (!plan_proj_housing_counts(r->growth, W->hous[l * T + t],
                                          P->lad_trend[l * T + t]))
                W->newq[P->lad_place[l] * T + t] += P->lad_trend[l * T + t];
    for (size_t t = 0; t < T; t++) {
        double sys = 0;

        for (size_t q = 0; q < nq; q++) {
            double gap = r->k_capacity * (W->base_q[q] + W->newq[q * T + t]) -
                         r->places[q].years[t].rooms;

            gaps[(q * T + t) * D + d] = gap;
            sys += gap;
        }
        gaps[(nq * T + t) * D + d] = sys;
    }
}

/* The share of draws short and the gap's percentiles per place (and the
 * system) and year; col is scratch for D values. */
static void mc_summarise(proj *P, const double *gaps, double *col)
{
    plan_run *r = P->r;
    size_t T = (size_t)P->T, nq = P->ds->nplaces, D = (size_t)r->draws;

    for (size_t q = 0; q <= nq; q++) {
        plan_area *ar = q < nq ? &r->places[q] : &r->system;

        for (size_t t = 0; t < T; t++) {
            size_t shortn = 0;

            memcpy(col, &gaps[(q * T + t) * D], D * sizeof *col);
            for (size_t d = 0; d < D; d++)
                shortn += col[d] > 0;
            qsort(col, D, sizeof *col, cmp_double);
            ar->mc[t].p_short = (double)shortn / (double)D;
            ar->mc[t].gap_p10 = percentile(col, D, 10);
            ar->mc[t].gap_p50 = percentile(col, D, 50);
            ar->mc[t].gap_p90 = percentile(col, D, 90);
        }
    }
}

/* The progress of the draws, for the thread's progress hook: at the start,
 * ten times a second at most, and at the end. */
typedef struct draws_prog {
    double t0, shown; /* monotonic seconds */
} draws_prog;

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void draws_progress(draws_prog *dp, size_t step, size_t steps, int done)
{
    pc_progress p = {
        PC_PROGRESS_DRAWS, NULL, done, 0, NAN, NAN, NAN, step, steps};
    double t;

    if (!pc_progress_on())
        return;
    t = now_s();
    if (step == 0 && !done)
        dp->t0 = dp->shown = t;
    else if (!done && t - dp->shown < 0.1)
        return;
    dp->shown = t;
    p.elapsed_s = t - dp->t0;
    pc_progress_emit(&p);
}

pc_status plan_proj_monte_carlo(proj *P, pc_error *err)
{
    draws_prog dp = {0, 0};
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t T = (size_t)P->T, nq = ds->nplaces, nl = ds->nlads,
           D = (size_t)r->draws;
    mc_params m;
    mc_work W = {0};
    double *gaps = NULL, *base_q = NULL, *col = NULL;
    rng g;
    pc_status rc;

    if ((rc = mc_setup(P, &m, err)))
        return rc;
    W.pairv = malloc((P->npairs * T + 1) * sizeof *W.pairv);
    W.hous = malloc((nl * T + 1) * sizeof *W.hous);
    W.newq = malloc((nq * T + 1) * sizeof *W.newq);
    gaps = malloc(((nq + 1) * T * D + 1) * sizeof *gaps);
    W.pat = malloc(T * sizeof *W.pat);
    base_q = calloc(nq + 1, sizeof *base_q);
    col = malloc((D + 1) * sizeof *col);
    if (!W.pairv || !W.hous || !W.newq || !gaps || !W.pat || !base_q || !col) {
        rc = PC_NOMEM(err);
        goto done;
    }
    for (size_t p = 0; p < ds->npractices; p++)
        base_q[P->prac_place[p]] += P->list[p];
    W.base_q = base_q;
    rng_seed(&g, r->seed);
    draws_progress(&dp, 0, D, 0);
    for (size_t d = 0; d < D; d++) {
        mc_draw(P, &m, &g, &W, gaps, d);
        draws_progress(&dp, d + 1, D, 0);
    }
    mc_summarise(P, gaps, col);
    draws_progress(&dp, D, D, 1);
done:
    free(W.pairv);
    free(W.hous);
    free(W.newq);
    free(gaps);
    free(W.pat);
    free(base_q);
    free(col);
    return rc;
}
