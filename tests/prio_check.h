/* prio_check.h: for tests and benchmarks of the prioritisation
 * (planner/plan_prio.h):
 *  - prio_check(): an independent checker of a programme against its
 *    instance. It shares no code with the model or the solver: it reads
 *    the instance's plain data and the solution's starts and payments and
 *    verifies every rule from the definitions in plan_prio.h;
 *  - prio_random(): seeded random instances of a given size.
 * Header-only (static functions), included by test_prio.c and
 * bench/bench_prio.c. */
#ifndef PRIO_CHECK_H
#define PRIO_CHECK_H

#include "pc_arena.h"
#include "pc_error.h"
#include "plan_prio.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Money tolerance of the checker (gbp), and of rooms. */
#define PRIO_CHECK_GBP 0.05

static int prio_fail_(char *msg, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int prio_fail_(char *msg, size_t n, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, n, fmt, ap);
    va_end(ap);
    return 0;
}

/* 1 when solution s keeps every rule of instance in at ICB scale `scale`;
 * else 0 with the first broken rule in msg:
 *  - each scheme starts at most once, committed schemes start, no start
 *    before the earliest or so late that the scheme ends after the
 *    horizon; blocked schemes do not start;
 *  - payments are non-negative, only by funds that list the scheme as
 *    eligible, only in years when the scheme spends, and add up to
 *    cost x profile in each year of its build;
 *  - no fund pays before its money arrives or after its last year; ICB
 *    without carry-forward spends at most each year's amount; every other
 *    fund at most what has arrived by each year;
 *  - at most one scheme of each option group;
 *  - a scheme starts only after each prerequisite has finished;
 *  - rent added in any one year within the limit. */
/* prio_check's rules on starts, groups and prerequisites; adds each
 * started scheme's rent to rent[row]. */
static int prio_check_starts_(const plan_prio_instance *in,
                              const plan_prio_solution *s, double *rent,
                              char *msg, size_t n)
{
    int H = in->years, ok = 1;

    for (size_t j = 0; ok && j < in->nschemes; j++) {
        const plan_prio_scheme *S = &in->schemes[j];
        int st = s->start[j];

        if (st < 0) {
            if (S->forced)
                ok = prio_fail_(msg, n, "committed scheme %s does not start",
                                S->id);
            continue;
        }
        if (S->blocked)
            ok = prio_fail_(msg, n, "blocked scheme %s starts", S->id);
        else if (st < S->earliest)
            ok = prio_fail_(msg, n,
                            "%s starts in year %d before its earliest %d",
                            S->id, st, S->earliest);
        else if (st + S->duration > H)
            ok = prio_fail_(msg, n, "%s ends after the horizon", S->id);
        if (ok && S->group >= 0)
            for (size_t i = j + 1; i < in->nschemes; i++)
                if (s->start[i] >= 0 && in->schemes[i].group == S->group)
                    ok =
                        prio_fail_(msg, n, "%s and %s are options of one group",
                                   S->id, in->schemes[i].id);
        for (size_t d = 0; ok && d < S->ndeps; d++) {
            size_t i = S->deps[d];

            if (s->start[i] < 0)
                ok = prio_fail_(msg, n, "%s starts without its prerequisite %s",
                                S->id, in->schemes[i].id);
            else if (s->start[i] + in->schemes[i].duration > st)
                ok = prio_fail_(msg, n,
                                "%s starts in year %d before %s finishes (%d)",
                                S->id, st, in->schemes[i].id,
                                s->start[i] + in->schemes[i].duration);
        }
        if (ok && st + S->duration <= H)
            rent[st + S->duration] += S->rent_gbp;
    }
    return ok;
}

/* prio_check's rules on each payment; sums them into paid (scheme x year)
 * and spent (fund x year). */
static int prio_check_pays_(const plan_prio_instance *in,
                            const plan_prio_solution *s, double *paid,
                            double *spent, char *msg, size_t n)
{
    int H = in->years, ok = 1;
    size_t Hs = (size_t)H;

    for (size_t i = 0; ok && i < s->npays; i++) {
        const plan_prio_pay *p = &s->pays[i];
        const plan_prio_fund *f;
        int elig = 0, st;

        if (p->scheme >= in->nschemes || p->fund >= in->nfunds || p->year < 0 ||
            p->year >= H) {
            ok = prio_fail_(msg, n, "payment %zu out of range", i);
            break;
        }
        f = &in->funds[p->fund];
        st = s->start[p->scheme];
        for (size_t e = 0; e < f->neligible; e++)
            elig |= f->eligible[e] == p->scheme;
        if (p->gbp < -PRIO_CHECK_GBP)
            ok = prio_fail_(msg, n, "negative payment");
        else if (!elig)
            ok = prio_fail_(msg, n, "fund %s pays for %s, which it may not",
                            f->id, in->schemes[p->scheme].id);
        else if (!(in->schemes[p->scheme].funding & f->kind))
            ok = prio_fail_(msg, n, "%s is not a funding route of %s",
                            plan_fund_kind_name(f->kind),
                            in->schemes[p->scheme].id);
        else if (st < 0 || p->year < st ||
                 p->year >= st + in->schemes[p->scheme].duration)
            ok = prio_fail_(msg, n, "%s is paid in year %d outside its build",
                            in->schemes[p->scheme].id, p->year);
        else if (p->year > f->last)
            ok = prio_fail_(msg, n, "fund %s pays in year %d after its last %d",
                            f->id, p->year, f->last);
        paid[p->scheme * Hs + (size_t)p->year] += p->gbp;
        spent[p->fund * Hs + (size_t)p->year] += p->gbp;
    }
    return ok;
}

/* prio_check's rules on the sums: cost per build year, fund limits, rent. */
static int prio_check_sums_(const plan_prio_instance *in,
                            const plan_prio_solution *s, double scale,
                            const double *paid, const double *spent,
                            const double *rent, char *msg, size_t n)
{
    int H = in->years, ok = 1;
    size_t Hs = (size_t)H;

    for (size_t j = 0; ok && j < in->nschemes; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        for (int t = 0; ok && t < H; t++) {
            double want = 0;

            if (s->start[j] >= 0 && t >= s->start[j] &&
                t < s->start[j] + S->duration)
                want = S->cost_gbp * S->profile[t - s->start[j]];
            if (fabs(paid[j * Hs + (size_t)t] - want) > PRIO_CHECK_GBP)
                ok = prio_fail_(msg, n, "%s in year %d: paid %.2f, costs %.2f",
                                S->id, t, paid[j * Hs + (size_t)t], want);
        }
    }
    for (size_t k = 0; ok && k < in->nfunds; k++) {
        const plan_prio_fund *f = &in->funds[k];
        double arrived = 0, used = 0;

        for (int t = 0; ok && t < H; t++) {
            double a = f->amount[t] * (f->kind == PLAN_FUND_ICB ? scale : 1);

            arrived += a;
            used += spent[k * Hs + (size_t)t];
            if (!f->carry && spent[k * Hs + (size_t)t] > a + PRIO_CHECK_GBP)
                ok = prio_fail_(msg, n,
                                "fund %s overspent in year %d: %.2f of %.2f",
                                f->id, t, spent[k * Hs + (size_t)t], a);
            else if (used > arrived + PRIO_CHECK_GBP)
                ok = prio_fail_(msg, n,
                                "fund %s overspent by year %d: %.2f of %.2f "
                                "arrived",
                                f->id, t, used, arrived);
        }
    }
    for (int t = 0; ok && t <= H && !isnan(in->rent_limit_gbp); t++)
        if (rent[t] > in->rent_limit_gbp + PRIO_CHECK_GBP)
            ok = prio_fail_(msg, n, "rent added in row %d is %.2f over %.2f", t,
                            rent[t], in->rent_limit_gbp);
    return ok;
}

static int prio_check(const plan_prio_instance *in, const plan_prio_solution *s,
                      double scale, char *msg, size_t n)
{
    size_t Hs = (size_t)in->years;
    double *paid = calloc(in->nschemes * Hs + 1, sizeof(double));
    double *spent = calloc(in->nfunds * Hs + 1, sizeof(double));
    double *rent = calloc(Hs + 2, sizeof(double));
    int ok = paid && spent && rent;

    if (!ok)
        prio_fail_(msg, n, "out of memory");
    ok = ok && prio_check_starts_(in, s, rent, msg, n) &&
         prio_check_pays_(in, s, paid, spent, msg, n) &&
         prio_check_sums_(in, s, scale, paid, spent, rent, msg, n);
    free(paid);
    free(spent);
    free(rent);
    return ok;
}

/* The objective of s from its definition (plan_prio.h), independently of
 * plan_prio_evaluate. */
static double prio_objective(const plan_prio_instance *in,
                             const plan_prio_solution *s)
{
    int H = in->years;
    double obj = 0;

    for (size_t p = 0; p < in->nplaces; p++)
        for (int t = 0; t <= H; t++) {
            double g = in->places[p].gap[t];

            for (size_t j = 0; j < in->nschemes; j++)
                if (in->schemes[j].place == p && s->start[j] >= 0 &&
                    s->start[j] + in->schemes[j].duration <= t)
                    g -= in->schemes[j].rooms;
            obj += in->places[p].weight * (g > 0 ? g : 0);
        }
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] >= 0)
            obj += in->tie_break * in->schemes[j].cost_gbp;
    for (size_t i = 0; i < s->npays; i++)
        if (in->funds[s->pays[i].fund].kind == PLAN_FUND_ICB)
            obj += in->icb_cost * s->pays[i].gbp;
    for (size_t k = 0; k < in->nfunds; k++) {
        const plan_prio_fund *f = &in->funds[k];
        double left = 0;

        if (!f->repay || f->last > H - 1)
            continue;
        for (int t = 0; t < H; t++)
            left += f->amount[t];
        for (size_t i = 0; i < s->npays; i++)
            if (s->pays[i].fund == k)
                left -= s->pays[i].gbp;
        if (left > 0)
            obj += in->repaid_penalty * left;
    }
    return obj;
}

/* splitmix64 */
static uint64_t prio_rng_(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double prio_unif_(uint64_t *x)
{
    return (double)(prio_rng_(x) >> 11) / 9007199254740992.0;
}

static int prio_int_(uint64_t *x, int lo, int hi)
{
    return lo + (int)(prio_unif_(x) * (hi - lo + 1));
}

/* A random instance of nschemes schemes in nplaces places over `years`
 * years: growing gaps, one ICB fund, one S106 pot per two places with a
 * deadline, a grant, option groups of two, a few prerequisites, a few
 * committed schemes (cheap, early) and a rent limit every third seed.
 * NULL on failure. */
static plan_prio_instance *prio_random(uint64_t seed, size_t nschemes,
                                       size_t nplaces, int years)
{
    static const double prof2[] = {0.4, 0.6}, prof3[] = {0.2, 0.5, 0.3},
                        prof1[] = {1};
    uint64_t r = seed * 7919 + 17;
    size_t npots = (nplaces + 1) / 2, nf = 2 + npots;
    plan_prio_instance *in = NULL;
    pc_error err = {0};
    double total_cost = 0;

    if (plan_prio_instance_new(2026, years, nplaces, nschemes, nf, &in, &err))
        return NULL;
    in->ngroups = nschemes / 6;
    in->groups = pc_arena_calloc(in->arena, in->ngroups + 1, sizeof(char *));
    for (size_t g = 0; g < in->ngroups; g++)
        in->groups[g] = pc_arena_printf(in->arena, "G%zu", g);
    for (size_t p = 0; p < nplaces; p++) {
        plan_prio_place *pl = &in->places[p];
        double g0 = prio_int_(&r, -10, 10), grow = prio_int_(&r, 0, 6);

        pl->name = pc_arena_printf(in->arena, "place%zu", p);
        pl->weight = 0.5 + prio_unif_(&r);
        for (int t = 0; t <= years; t++)
            pl->gap[t] = g0 + grow * t;
    }
    for (size_t j = 0; j < nschemes; j++) {
        plan_prio_scheme *S = &in->schemes[j];
        int d = prio_int_(&r, 1, 3);

        S->id = pc_arena_printf(in->arena, "S%zu", j);
        S->name = S->id;
        S->place = (size_t)prio_int_(&r, 0, (int)nplaces - 1);
        S->duration = d;
        S->profile = d == 1 ? prof1 : d == 2 ? prof2 : prof3;
        S->rooms = prio_int_(&r, 3, 25);
        S->cost_gbp = 1e5 * prio_int_(&r, 10, 90);
        S->rent_gbp = 1e4 * prio_int_(&r, 0, 30);
        S->earliest = prio_int_(&r, 0, years / 2);
        S->funding = PLAN_FUND_ICB |
                     (prio_unif_(&r) < 0.6 ? PLAN_FUND_S106 : 0) |
                     (prio_unif_(&r) < 0.3 ? PLAN_FUND_GRANT : 0);
        S->status = "candidate";
        S->group = j / 3 < in->ngroups && j % 3 < 2 ? (int)(j / 3) : -1;
        S->deps = pc_arena_calloc(in->arena, 2, sizeof(size_t));
        if (j > 0 && S->group < 0 && prio_unif_(&r) < 0.15) {
            size_t i = (size_t)prio_int_(&r, 0, (int)j - 1);

            if (in->schemes[i].group < 0) /* keep instances feasible */
                S->deps[S->ndeps++] = i;
        }
        if (j % 17 == 5 && S->group < 0 && !S->ndeps) {
            S->forced = 1;
            S->status = "committed";
            S->earliest = 0;
            S->cost_gbp = 1e5 * prio_int_(&r, 5, 20);
        }
        total_cost += S->cost_gbp;
    }
    /* ICB: a third to a half of the average need a year */
    in->funds[0].id = "ICB";
    in->funds[0].kind = PLAN_FUND_ICB;
    in->funds[0].carry = (int)(seed % 2);
    for (int t = 0; t < years; t++)
        in->funds[0].amount[t] =
            total_cost / years * (0.3 + 0.2 * prio_unif_(&r));
    in->funds[1].id = "GRANT";
    in->funds[1].kind = PLAN_FUND_GRANT;
    in->funds[1].carry = 1;
    in->funds[1].amount[prio_int_(&r, 0, years - 1)] = total_cost * 0.05;
    for (size_t k = 2; k < nf; k++) {
        plan_prio_fund *f = &in->funds[k];
        int at = prio_int_(&r, 0, years - 1);

        f->id = pc_arena_printf(in->arena, "S106-%zu", k - 2);
        f->contribution_id = f->id;
        f->kind = PLAN_FUND_S106;
        f->carry = 1;
        f->repay = 1;
        f->last = at + prio_int_(&r, 1, years);
        f->amount[at] = total_cost * 0.03 * (1 + prio_unif_(&r));
    }
    for (size_t k = 0; k < nf; k++) {
        plan_prio_fund *f = &in->funds[k];

        f->eligible = pc_arena_calloc(in->arena, nschemes + 1, sizeof(size_t));
        for (size_t j = 0; j < nschemes; j++) {
            const plan_prio_scheme *S = &in->schemes[j];
            /* a pot serves two places */
            int place_ok =
                f->kind != PLAN_FUND_S106 || S->place / 2 == (size_t)(k - 2);

            if ((S->funding & f->kind) && place_ok)
                f->eligible[f->neligible++] = j;
        }
    }
    if (seed % 3 == 2)
        in->rent_limit_gbp = 4e5;
    in->time_limit_s = 60;
    return in;
}

#endif
