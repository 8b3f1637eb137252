/* plan_project.c: the projection (see plan_project.h).
 *
 * The work is linear: a site's new patients in a year are its new homes
 * times one number per site, spread over LADs and practices by fixed
 * shares, and room demand is patients times one number per method. So the
 * deterministic run keeps one series per practice, and the Monte Carlo
 * draws keep one series per (LAD, place) pair: the max rule decides per LAD
 * and every output of a draw is per place. */
#include "plan_project.h"
#include "plan_params.h"

#include "ds_util.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PCPLAN_VERSION
#define PCPLAN_VERSION "dev"
#endif

#define DEFAULT_YEARS 10

static pc_status nomem(pc_error *err)
{
    return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
}

/* --- a run's working state ---------------------------------------------- */

typedef struct share {
    size_t i; /* LAD, practice or (LAD, place) pair index */
    double w;
} share;

/* A counted site. */
typedef struct csite {
    const ds_site *s;
    double *cum;  /* planned cumulative completions, ntraj + 1 */
    double built; /* completions before the base year */
    double npd;   /* new patients per new home */
    int started;  /* its trajectory starts before the base year */
    share *lads;  /* LAD shares */
    size_t nlads;
    share *alloc; /* practice shares */
    size_t nalloc;
    share *pairs; /* (LAD, place) pair shares: lad share x place share */
    size_t npairs;
} csite;

typedef struct proj {
    const ds_dataset *ds;
    const ds_spatial *sp;
    const plan_scenario *sc;
    plan_run *r;
    ds_arena *a; /* the run's arena */
    plan_params *A;
    ds_index lad_ix, place_ix, prac_ix, pcn_ix, site_ix, prem_ix;
    size_t *prac_lad, *prac_place, *prac_pcn, *lad_place;
    double *list;       /* base list per practice */
    double *base_rooms; /* counted rooms per practice at the base year */
    double *room_add;   /* per practice x year: rooms added by schemes */
    double *place_add;  /* per place x year: rooms of schemes w/o premises */
    double *trend;      /* per practice x year: trend growth */
    double *lad_trend;  /* per LAD x year */
    csite *sites;
    size_t nsites;
    size_t *pair_lad, *pair_place; /* (LAD, place) pairs */
    size_t npairs;
    int need_trend;
    int T;           /* years per series */
    size_t warn_cap; /* slots in r->warnings */
} proj;

static pc_status warnf(proj *P, pc_error *err, const char *fmt, ...)
    PC_PRINTF(3, 4);

static pc_status warnf(proj *P, pc_error *err, const char *fmt, ...)
{
    plan_run *r = P->r;
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (r->nwarnings == P->warn_cap) { /* the arena cannot realloc: double */
        size_t cap = P->warn_cap ? 2 * P->warn_cap : 8;
        const char **nv = ds_arena_calloc(P->a, cap, sizeof *nv);

        if (!nv)
            return nomem(err);
        if (r->nwarnings)
            memcpy(nv, r->warnings, r->nwarnings * sizeof *nv);
        r->warnings = nv;
        P->warn_cap = cap;
    }
    if (!(r->warnings[r->nwarnings] = ds_arena_strdup(P->a, buf)))
        return nomem(err);
    r->nwarnings++;
    return PC_OK;
}

static void proj_free(proj *P)
{
    plan_params_free(P->A);
    ds_index_free(&P->lad_ix);
    ds_index_free(&P->place_ix);
    ds_index_free(&P->prac_ix);
    ds_index_free(&P->pcn_ix);
    ds_index_free(&P->site_ix);
    ds_index_free(&P->prem_ix);
}

/* --- options ------------------------------------------------------------ */

static pc_status options(proj *P, pc_error *err)
{
    const plan_scenario *sc = P->sc;
    plan_run *r = P->r;
    pc_status rc;

    r->dataset = P->ds->name;
    r->scenario = sc->name;
    r->preset = sc->preset;
    r->demand =
        sc->demand == PLAN_DEMAND_UNSET ? PLAN_DEMAND_GP_FTE : sc->demand;
    r->growth = sc->growth == PLAN_GROWTH_UNSET ? PLAN_GROWTH_MAX : sc->growth;
    r->allocation = PLAN_HUFF;
    if (sc->allocation &&
        (rc = plan_method_parse(sc->allocation, &r->allocation, err)))
        return pc_error_wrap(err, "allocation");
    r->years = sc->years > 0 ? sc->years : DEFAULT_YEARS;
    r->nyears = r->years + 1;
    P->T = r->nyears;
    r->base_year = P->ds->base_year;
    r->delivery_factor = isnan(sc->delivery_factor) ? 1.0 : sc->delivery_factor;
    r->slippage_years = sc->slippage_set ? sc->slippage_years : 0;
    r->draws = sc->draws;
    r->room_types = plan_demand_rooms(r->demand);
    P->need_trend = r->growth != PLAN_GROWTH_HOUSING;
    return PC_OK;
}

/* --- indexes and base lists --------------------------------------------- */

static pc_status index_all(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    const char *latest = NULL;
    size_t j;

    for (size_t i = 0; i < ds->nplaces; i++)
        if (ds_index_put(&P->place_ix, ds->places[i].name, i, NULL) < 0)
            return nomem(err);
    P->lad_place = ds_arena_calloc(P->a, ds->nlads, sizeof *P->lad_place);
    if (!P->lad_place)
        return nomem(err);
    for (size_t i = 0; i < ds->nlads; i++) {
        if (ds_index_put(&P->lad_ix, ds->lads[i].code, i, NULL) < 0)
            return nomem(err);
        if (!ds_index_get(&P->place_ix, ds->lads[i].place, &P->lad_place[i]))
            return PC_FAIL(err, PC_ERR_INTERNAL, "LAD %s: unknown place %s",
                           ds->lads[i].code, ds->lads[i].place);
    }
    for (size_t i = 0; i < ds->npcns; i++)
        if (ds_index_put(&P->pcn_ix, ds->pcns[i].code, i, NULL) < 0)
            return nomem(err);
    for (size_t i = 0; i < ds->nsites; i++)
        if (ds_index_put(&P->site_ix, ds->sites[i].id, i, NULL) < 0)
            return nomem(err);
    for (size_t i = 0; i < ds->npremises; i++)
        if (ds_index_put(&P->prem_ix, ds->premises[i].id, i, NULL) < 0)
            return nomem(err);
    P->prac_lad = ds_arena_calloc(P->a, ds->npractices, sizeof(size_t));
    P->prac_place = ds_arena_calloc(P->a, ds->npractices, sizeof(size_t));
    P->prac_pcn = ds_arena_calloc(P->a, ds->npractices, sizeof(size_t));
    P->list = ds_arena_calloc(P->a, ds->npractices, sizeof(double));
    if (!P->prac_lad || !P->prac_place || !P->prac_pcn || !P->list)
        return nomem(err);
    for (size_t i = 0; i < ds->npractices; i++) {
        const ds_practice *p = &ds->practices[i];

        if (ds_index_put(&P->prac_ix, p->code, i, NULL) < 0)
            return nomem(err);
        if (!ds_index_get(&P->lad_ix, p->lad_code, &P->prac_lad[i]))
            return PC_FAIL(err, PC_ERR_INTERNAL, "practice %s: unknown LAD",
                           p->code);
        P->prac_place[i] = P->lad_place[P->prac_lad[i]];
        P->prac_pcn[i] = ds->npcns; /* "no PCN" */
        if (p->pcn_code && !ds_index_get(&P->pcn_ix, p->pcn_code, &j))
            return PC_FAIL(err, PC_ERR_INTERNAL, "practice %s: unknown PCN",
                           p->code);
        if (p->pcn_code)
            P->prac_pcn[i] = j;
    }
    /* the base list: every practice at the latest list date */
    for (size_t i = 0; i < ds->nlist_sizes; i++)
        if (!latest || strcmp(ds->list_sizes[i].date, latest) > 0)
            latest = ds->list_sizes[i].date;
    P->r->list_date = latest;
    for (size_t i = 0; i < ds->npractices; i++)
        P->list[i] = -1;
    for (size_t i = 0; latest && i < ds->nlist_sizes; i++) {
        const ds_list_size *l = &ds->list_sizes[i];

        if (!strcmp(l->date, latest) &&
            ds_index_get(&P->prac_ix, l->practice_code, &j))
            P->list[j] = (double)l->patients;
    }
    {
        size_t missing = 0, len = 0;
        char codes[160] = "";

        for (size_t i = 0; i < ds->npractices; i++)
            if (P->list[i] < 0) {
                P->list[i] = 0;
                if (missing++ < 5)
                    len += (size_t)snprintf(codes + len, sizeof codes - len,
                                            "%s%s", missing > 1 ? ", " : "",
                                            ds->practices[i].code);
            }
        if (missing &&
            warnf(P, err,
                  "%zu practice%s no list size at %s and count%s as 0 "
                  "patients: %s%s",
                  missing, missing > 1 ? "s have" : " has",
                  latest ? latest : "any date", missing > 1 ? "" : "s", codes,
                  missing > 5 ? ", ..." : ""))
            return nomem(err);
    }
    return PC_OK;
}

/* --- rooms: premises split among their practices by list ---------------- */

static double counted_rooms(unsigned types, int consult, int treatment,
                            int other)
{
    return (types & PLAN_ROOM_CONSULT ? consult : 0) +
           (types & PLAN_ROOM_TREATMENT ? treatment : 0) +
           (types & PLAN_ROOM_OTHER ? other : 0);
}

/* Adds `rooms` of premises pr to its practices by list share into
 * v[practice * stride + col] (col from `col` on when stride > 1). */
static void split_rooms(proj *P, const ds_premises *pr, double rooms, double *v,
                        size_t stride, int from)
{
    double total = 0;
    size_t j;

    for (size_t k = 0; k < pr->npractices; k++)
        if (ds_index_get(&P->prac_ix, pr->practices[k], &j))
            total += P->list[j];
    for (size_t k = 0; k < pr->npractices; k++) {
        double w;

        if (!ds_index_get(&P->prac_ix, pr->practices[k], &j))
            continue;
        w = total > 0 ? P->list[j] / total : 1.0 / (double)pr->npractices;
        if (stride == 1)
            v[j] += rooms * w;
        else
            for (int t = from; t < P->T; t++)
                v[j * stride + (size_t)t] += rooms * w;
    }
}

static int scheme_counted(const ds_scheme *s, const plan_scenario *sc)
{
    int counted =
        !strcmp(s->status, "delivered") || !strcmp(s->status, "committed");

    for (size_t i = 0; i < sc->schemes_include.n; i++)
        if (!strcmp(sc->schemes_include.v[i], s->id))
            counted = 1;
    for (size_t i = 0; i < sc->schemes_exclude.n; i++)
        if (!strcmp(sc->schemes_exclude.v[i], s->id))
            counted = 0;
    return counted;
}

static pc_status check_ids(const plan_ids *ids, const ds_index *ix,
                           const char *key, const char *what, pc_error *err)
{
    size_t j;

    for (size_t i = 0; i < ids->n; i++)
        if (!ds_index_get(ix, ids->v[i], &j))
            return PC_FAIL(err, PC_ERR_INPUT, "scenario: %s: no %s \"%s\"", key,
                           what, ids->v[i]);
    return PC_OK;
}

/* schemes.start: each id a scheme that is counted and not delivered; a
 * start before the scheme's earliest start (else the base year) is a
 * warning. Indexes the starts in start_ix. */
static pc_status check_starts(proj *P, const ds_index *scheme_ix,
                              ds_index *start_ix, pc_error *err)
{
    const plan_scenario *sc = P->sc;
    size_t j;
    pc_status rc;

    for (size_t i = 0; i < sc->nstarts; i++) {
        const char *id = sc->start_ids[i];
        const ds_scheme *s;
        int y = sc->start_years[i], earliest;

        if (!ds_index_get(scheme_ix, id, &j))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scenario: schemes.start: no scheme \"%s\"", id);
        s = &P->ds->schemes[j];
        if (!strcmp(s->status, "delivered"))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scenario: schemes.start: scheme \"%s\" is "
                           "delivered (completed in %d; a start year is for "
                           "schemes still to be built)",
                           id, s->completion_year);
        if (!scheme_counted(s, sc)) {
            int excluded = 0;

            for (size_t k = 0; k < sc->schemes_exclude.n; k++)
                excluded |= !strcmp(sc->schemes_exclude.v[k], id);
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scenario: schemes.start: scheme \"%s\" is not "
                           "counted (%s)",
                           id,
                           excluded ? "it is in schemes.exclude"
                                    : "add it to schemes.include");
        }
        if (ds_index_put(start_ix, id, i, NULL) < 0)
            return nomem(err);
        earliest = s->earliest_start ? s->earliest_start : P->r->base_year;
        if (y < earliest &&
            (rc = warnf(P, err,
                        "schemes.start: scheme \"%s\" starts in %d, before "
                        "%s %d",
                        id, y,
                        s->earliest_start ? "its earliest start"
                                          : "the base year",
                        earliest)))
            return rc;
    }
    return PC_OK;
}

static pc_status rooms(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t np = ds->npractices, T = (size_t)P->T, n = 0, j;
    ds_index scheme_ix = {0}, start_ix = {0};
    pc_status rc = PC_OK;

    P->base_rooms = ds_arena_calloc(P->a, np, sizeof(double));
    P->room_add = ds_arena_calloc(P->a, np * T, sizeof(double));
    P->place_add = ds_arena_calloc(P->a, ds->nplaces * T, sizeof(double));
    r->schemes = ds_arena_calloc(P->a, ds->nschemes, sizeof *r->schemes);
    if (!P->base_rooms || !P->room_add || !P->place_add || !r->schemes)
        return nomem(err);
    for (size_t i = 0; i < ds->npremises; i++) {
        const ds_premises *pr = &ds->premises[i];

        split_rooms(P, pr,
                    counted_rooms(r->room_types, pr->rooms_consult,
                                  pr->rooms_treatment, pr->rooms_other),
                    P->base_rooms, 1, 0);
    }
    for (size_t i = 0; i < ds->nschemes; i++)
        if (ds_index_put(&scheme_ix, ds->schemes[i].id, i, NULL) < 0) {
            ds_index_free(&scheme_ix);
            return nomem(err);
        }
    if ((rc = check_ids(&P->sc->schemes_include, &scheme_ix, "schemes.include",
                        "scheme", err)) == PC_OK &&
        (rc = check_ids(&P->sc->schemes_exclude, &scheme_ix, "schemes.exclude",
                        "scheme", err)) == PC_OK)
        rc = check_starts(P, &scheme_ix, &start_ix, err);
    ds_index_free(&scheme_ix);
    if (rc)
        goto done;
    for (size_t i = 0; i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];
        plan_scheme_trace *t = &r->schemes[n];
        int start = s->earliest_start ? s->earliest_start : r->base_year;
        double rm = counted_rooms(r->room_types, s->rooms_consult,
                                  s->rooms_treatment, s->rooms_other);
        size_t k;

        if (!scheme_counted(s, P->sc))
            continue;
        t->scheme_id = s->id;
        t->place = s->place;
        t->premises_id = s->premises_id;
        t->status = s->status;
        /* a scenario's start year wins over the data's timing; only
         * delivered schemes (which cannot have one) keep completion_year */
        if (ds_index_get(&start_ix, s->id, &k))
            t->year = P->sc->start_years[k] + s->duration_years;
        else
            t->year = s->completion_year ? s->completion_year
                                         : start + s->duration_years;
        t->rooms = rm;
        t->in_base = t->year <= r->base_year;
        n++;
        if (t->in_base || t->year > r->base_year + r->years)
            continue;
        if (s->premises_id && ds_index_get(&P->prem_ix, s->premises_id, &j) &&
            ds->premises[j].npractices > 0)
            split_rooms(P, &ds->premises[j], rm, P->room_add, T,
                        t->year - r->base_year);
        else if (ds_index_get(&P->place_ix, s->place, &j))
            for (size_t y = (size_t)(t->year - r->base_year); y < T; y++)
                P->place_add[j * T + y] += rm;
    }
    r->nschemes = n;
done:
    ds_index_free(&start_ix);
    return rc;
}

/* --- sites: which count, their homes and new patients ------------------- */

/* Planned cumulative completions x years after the trajectory's start,
 * linear within a year, capped at the trajectory's total. */
static double planned(const csite *c, double x)
{
    size_t n = c->s->ntraj, k;

    if (x <= 0)
        return 0;
    if (x >= (double)n)
        return c->cum[n];
    k = (size_t)x;
    return c->cum[k] + (x - (double)k) * (double)c->s->traj[k];
}

/* New homes by row i (years after the base year) at build-out rate `rate`
 * after a delay of `delay` years: the trajectory still to come at the base
 * year, stretched by the rate. Row 0 is the base year: none. */
static double new_homes(const csite *c, int base_year, int i, double rate,
                        double delay)
{
    double x0 = (double)(base_year - c->s->traj_start), x;

    if (i <= 0)
        return 0;
    x = rate * ((double)i - delay);
    if (x <= 0)
        return 0;
    return planned(c, x0 + x) - c->built;
}

static pc_status persons_per_home(proj *P, const ds_site *s, double *ppd,
                                  int *mix_used, pc_error *err)
{
    if (plan_persons_per_dwelling(P->A, s->mix, ppd, mix_used, err))
        return pc_error_wrap(err, "site %s", s->id);
    return PC_OK;
}

static int cmp_share(const void *a, const void *b)
{
    const share *x = a, *y = b;

    return x->i < y->i ? -1 : x->i > y->i;
}

/* An index of a scenario's id list; -1 when out of memory. */
static int ids_index(const plan_ids *ids, ds_index *ix)
{
    for (size_t i = 0; i < ids->n; i++)
        if (ds_index_put(ix, ids->v[i], i, NULL) < 0)
            return -1;
    return 0;
}

static pc_status sites(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    const ds_spatial *sp = P->sp;
    const plan_scenario *sc = P->sc;
    plan_run *r = P->r;
    const char *method = plan_method_name(r->allocation);
    double reg, gain;
    size_t j, nnotraj = 0, *pair_of = NULL, *counted = NULL;
    double *place_w = NULL; /* one site's share per place */
    ds_index only_ix = {0}, excl_ix = {0}, status_ix = {0};
    char notraj[160] = "";
    pc_status rc;
    int any_alloc = 0;

    if ((rc = check_ids(&sc->sites_only, &P->site_ix, "sites.only", "site",
                        err)) ||
        (rc = check_ids(&sc->sites_exclude, &P->site_ix, "sites.exclude",
                        "site", err)))
        return rc;
    for (size_t i = 0; i < sc->planning_status.n; i++) {
        int seen = 0;

        for (size_t k = 0; k < ds->nsites && !seen; k++)
            seen =
                ds->sites[k].planning_status &&
                !strcmp(ds->sites[k].planning_status, sc->planning_status.v[i]);
        if (!seen &&
            warnf(P, err, "sites.planning_status: no site has status \"%s\"",
                  sc->planning_status.v[i]))
            return nomem(err);
    }
    if ((rc = plan_params_need(P->A, "registration_rate", 0, 0, 1,
                               "housing-led list growth", &reg, err)) ||
        (rc = plan_params_need(P->A, "population_gain_factor", 0, 0, 1,
                               "housing-led list growth", &gain, err)))
        return rc;
    P->sites = ds_arena_calloc(P->a, ds->nsites, sizeof *P->sites);
    r->sites = ds_arena_calloc(P->a, ds->nsites, sizeof *r->sites);
    pair_of = calloc(ds->nlads * ds->nplaces + 1, sizeof *pair_of);
    P->pair_lad =
        ds_arena_calloc(P->a, ds->nlads * ds->nplaces, sizeof(size_t));
    P->pair_place =
        ds_arena_calloc(P->a, ds->nlads * ds->nplaces, sizeof(size_t));
    if (!P->sites || !r->sites || !pair_of || !P->pair_lad || !P->pair_place) {
        free(pair_of);
        return nomem(err);
    }
    if (ids_index(&sc->sites_only, &only_ix) ||
        ids_index(&sc->sites_exclude, &excl_ix) ||
        ids_index(&sc->planning_status, &status_ix) ||
        !(counted = malloc((ds->nsites + 1) * sizeof *counted)))
        goto oom;
    for (size_t i = 0; i < ds->nsites; i++) {
        const ds_site *s = &ds->sites[i];
        csite *c = &P->sites[P->nsites];
        plan_site_trace *t = &r->sites[P->nsites];
        int mix_used;

        counted[i] = SIZE_MAX;
        if ((sc->sites_only.set && !ds_index_get(&only_ix, s->id, &j)) ||
            ds_index_get(&excl_ix, s->id, &j) ||
            (sc->planning_status.set &&
             !(s->planning_status &&
               ds_index_get(&status_ix, s->planning_status, &j))))
            continue;
        if (s->traj_start == 0 || s->ntraj == 0) {
            if (nnotraj++ < 4)
                snprintf(notraj + strlen(notraj),
                         sizeof notraj - strlen(notraj), "%s%s",
                         nnotraj > 1 ? ", " : "", s->id);
            continue;
        }
        c->s = s;
        if ((rc = persons_per_home(P, s, &t->persons_per_dwelling, &mix_used,
                                   err)))
            goto done;
        t->mix_used = mix_used;
        t->site_id = s->id;
        c->npd = t->persons_per_dwelling * reg * gain;
        c->started = s->traj_start < r->base_year;
        if (!(c->cum = ds_arena_calloc(P->a, s->ntraj + 1, sizeof(double))))
            goto oom;
        for (size_t k = 0; k < s->ntraj; k++)
            c->cum[k + 1] = c->cum[k] + (double)s->traj[k];
        c->built = planned(c, (double)(r->base_year - s->traj_start));
        counted[i] = P->nsites++;
    }
    if (nnotraj &&
        warnf(P, err, "%zu site%s without a trajectory add%s no patients: %s%s",
              nnotraj, nnotraj > 1 ? "s" : "", nnotraj > 1 ? "" : "s", notraj,
              nnotraj > 4 ? ", ..." : ""))
        goto oom;
    /* LAD shares and allocations from the stored spatial model: counted
     * first, so that each site's arrays are allocated once */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sp->nlad_shares; i++) {
            const ds_site_share *sh = &sp->lad_shares[i];
            size_t l;
            csite *c;

            if (!ds_index_get(&P->site_ix, sh->site_id, &j) ||
                counted[j] == SIZE_MAX ||
                !ds_index_get(&P->lad_ix, sh->code, &l))
                continue;
            c = &P->sites[counted[j]];
            if (pass)
                c->lads[c->nlads++] = (share){l, sh->share};
            else
                c->nlads++;
        }
        for (size_t i = 0; i < sp->nallocs; i++) {
            const ds_site_alloc *al = &sp->allocs[i];
            size_t p;
            csite *c;

            if (strcmp(al->method, method))
                continue;
            any_alloc = 1;
            if (!ds_index_get(&P->site_ix, al->site_id, &j) ||
                counted[j] == SIZE_MAX ||
                !ds_index_get(&P->prac_ix, al->practice_code, &p) ||
                !(al->share > 0))
                continue;
            c = &P->sites[counted[j]];
            if (pass)
                c->alloc[c->nalloc++] = (share){p, al->share};
            else
                c->nalloc++;
        }
        for (size_t k = 0; pass == 0 && k < P->nsites; k++) {
            csite *c = &P->sites[k];

            /* a site without overlay shares keeps its declared LAD */
            if (!(c->lads = ds_arena_calloc(P->a, c->nlads ? c->nlads : 1,
                                            sizeof *c->lads)) ||
                !(c->alloc =
                      ds_arena_calloc(P->a, c->nalloc, sizeof *c->alloc)))
                goto oom;
            c->nlads = c->nalloc = 0;
        }
    }
    if (!any_alloc && ds->nsites > 0) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "allocation %s: the store has no %s allocation%s", method,
                     method,
                     r->allocation == PLAN_CATCHMENT
                         ? " (the dataset supplies no catchments)"
                         : " (run pcplan init again)");
        goto done;
    }
    if (!(place_w = calloc(ds->nplaces + 1, sizeof *place_w)))
        goto oom;
    for (size_t k = 0; k < P->nsites; k++) {
        csite *c = &P->sites[k];
        size_t l, nq = 0;

        if (c->nlads == 0) {
            if (!ds_index_get(&P->lad_ix, c->s->lad_code, &l)) {
                rc = PC_FAIL(err, PC_ERR_INTERNAL, "site %s: unknown LAD %s",
                             c->s->id, c->s->lad_code);
                goto done;
            }
            c->lads[0] = (share){l, 1.0};
            c->nlads = 1;
        }
        if (c->nalloc == 0) {
            rc = PC_FAIL(err, PC_ERR_INTERNAL,
                         "site %s has no %s allocation in the store", c->s->id,
                         method);
            goto done;
        }
        qsort(c->alloc, c->nalloc, sizeof *c->alloc, cmp_share);
        /* the site's share per place, for the Monte Carlo (LAD, place)
         * pairs */
        for (size_t b = 0; b < c->nalloc; b++) {
            size_t q = P->prac_place[c->alloc[b].i];

            if (place_w[q] == 0)
                nq++;
            place_w[q] += c->alloc[b].w;
        }
        if (!(c->pairs =
                  ds_arena_calloc(P->a, c->nlads * nq, sizeof *c->pairs)))
            goto oom;
        for (size_t a = 0; a < c->nlads; a++)
            for (size_t q = 0; q < ds->nplaces; q++) {
                size_t key = c->lads[a].i * ds->nplaces + q;

                if (place_w[q] <= 0)
                    continue;
                if (!pair_of[key]) {
                    P->pair_lad[P->npairs] = c->lads[a].i;
                    P->pair_place[P->npairs] = q;
                    pair_of[key] = ++P->npairs;
                }
                c->pairs[c->npairs++] =
                    (share){pair_of[key] - 1, c->lads[a].w * place_w[q]};
            }
        for (size_t b = 0; b < c->nalloc; b++)
            place_w[P->prac_place[c->alloc[b].i]] = 0;
    }
    r->nsites = P->nsites;
    rc = PC_OK;
    goto done;
oom:
    rc = nomem(err);
done:
    free(pair_of);
    free(counted);
    free(place_w);
    ds_index_free(&only_ix);
    ds_index_free(&excl_ix);
    ds_index_free(&status_ix);
    return rc;
}

/* --- trend growth from the LAD projections ------------------------------ */

static pc_status trend(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t nl = ds->nlads, T = (size_t)P->T, l;
    double *pop = NULL; /* per LAD x year from the base year; NAN absent */
    int *last = NULL;   /* per LAD: last year with a population */
    int *has_prac = NULL;
    pc_status rc = PC_OK;

    P->trend = ds_arena_calloc(P->a, ds->npractices * T, sizeof(double));
    P->lad_trend = ds_arena_calloc(P->a, nl * T, sizeof(double));
    if (!P->trend || !P->lad_trend)
        return nomem(err);
    if (!P->need_trend)
        return PC_OK;
    pop = malloc(nl * T * sizeof *pop);
    last = calloc(nl + 1, sizeof *last);
    has_prac = calloc(nl + 1, sizeof *has_prac);
    if (!pop || !last || !has_prac) {
        rc = nomem(err);
        goto done;
    }
    for (size_t i = 0; i < nl * T; i++)
        pop[i] = NAN;
    for (size_t i = 0; i < ds->nprojections; i++) {
        const ds_projection *p = &ds->projections[i];
        int y = p->year - r->base_year;

        if (!ds_index_get(&P->lad_ix, p->lad_code, &l))
            continue;
        if (p->year > last[l])
            last[l] = p->year;
        if (y >= 0 && y < (int)T)
            pop[l * T + (size_t)y] = p->population;
    }
    for (size_t i = 0; i < ds->npractices; i++)
        has_prac[P->prac_lad[i]] = 1;
    for (l = 0; l < nl; l++) {
        double base = pop[l * T];

        if (!has_prac[l])
            continue;
        if (isnan(base) || !(base > 0)) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "lad_projections: no population for LAD %s in the "
                         "base year %d (growth %s needs it)",
                         ds->lads[l].code, r->base_year,
                         plan_growth_name(r->growth));
            goto done;
        }
        for (size_t t = 1; t < T; t++) {
            int year = r->base_year + (int)t;

            if (!isnan(pop[l * T + t]))
                continue;
            if (year <= last[l]) {
                rc = PC_FAIL(err, PC_ERR_INPUT,
                             "lad_projections: no population for LAD %s in "
                             "%d (the years from %d to %d must all be "
                             "there)",
                             ds->lads[l].code, year, r->base_year, last[l]);
                goto done;
            }
            pop[l * T + t] = pop[l * T + t - 1];
            if (year == last[l] + 1 &&
                warnf(P, err,
                      "lad_projections for LAD %s end in %d: later years "
                      "hold its %d population",
                      ds->lads[l].code, last[l], last[l])) {
                rc = nomem(err);
                goto done;
            }
        }
    }
    for (size_t i = 0; i < ds->npractices; i++) {
        l = P->prac_lad[i];
        for (size_t t = 0; t < T; t++) {
            double g = P->list[i] * (pop[l * T + t] / pop[l * T] - 1.0);

            P->trend[i * T + t] = g;
            P->lad_trend[l * T + t] += g;
        }
    }
done:
    free(pop);
    free(last);
    free(has_prac);
    return rc;
}

/* --- the deterministic run ---------------------------------------------- */

/* The growth rule for one LAD and year: 1 when the housing-led growth of
 * the LAD's sites counts, 0 when the trend growth of its practices does. */
static int housing_counts(plan_growth g, double housing, double trend)
{
    return g == PLAN_GROWTH_HOUSING ||
           (g == PLAN_GROWTH_MAX && housing >= trend);
}

static pc_status area_init(proj *P, plan_area *ar, int mc, int adds)
{
    size_t T = (size_t)P->T;

    ar->years = ds_arena_calloc(P->a, T, sizeof *ar->years);
    if (!ar->years)
        return PC_ERR_NOMEM;
    for (size_t t = 0; t < T; t++)
        ar->years[t].year = P->r->base_year + (int)t;
    if (mc && !(ar->mc = ds_arena_calloc(P->a, T, sizeof *ar->mc)))
        return PC_ERR_NOMEM;
    if (adds &&
        !(ar->new_premises_rooms = ds_arena_calloc(P->a, T, sizeof(double))))
        return PC_ERR_NOMEM;
    return PC_OK;
}

static void year_add(plan_year *to, const plan_year *y)
{
    to->patients += y->patients;
    to->new_patients += y->new_patients;
    to->growth_rooms += y->growth_rooms;
    to->required_rooms += y->required_rooms;
    to->rooms += y->rooms;
    to->gap += y->gap;
}

static pc_status project(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t T = (size_t)P->T, np = ds->npractices, nl = ds->nlads;
    double *hous = NULL;       /* per LAD x year: housing-led new patients */
    double *newp = NULL;       /* per practice x year */
    unsigned char *use = NULL; /* per LAD x year: housing counts */
    double *pat = NULL;        /* one site's new patients by year */
    int mc = r->draws > 0;
    pc_status rc = PC_OK;

    hous = calloc(nl * T + 1, sizeof *hous);
    newp = calloc(np * T + 1, sizeof *newp);
    use = calloc(nl * T + 1, 1);
    pat = calloc(T, sizeof *pat);
    r->lads = ds_arena_calloc(P->a, nl, sizeof *r->lads);
    if (!hous || !newp || !use || !pat || !r->lads) {
        rc = nomem(err);
        goto done;
    }
    for (size_t k = 0; k < P->nsites; k++) {
        const csite *c = &P->sites[k];

        for (size_t t = 0; t < T; t++)
            pat[t] = new_homes(c, r->base_year, (int)t, r->delivery_factor,
                               r->slippage_years) *
                     c->npd;
        r->sites[k].homes = new_homes(c, r->base_year, (int)T - 1,
                                      r->delivery_factor, r->slippage_years);
        r->sites[k].new_patients = pat[T - 1];
        for (size_t a = 0; a < c->nlads; a++)
            for (size_t t = 0; t < T; t++)
                hous[c->lads[a].i * T + t] += c->lads[a].w * pat[t];
    }
    /* which growth counts, per LAD and year */
    r->nlads = nl;
    for (size_t l = 0; l < nl; l++) {
        plan_lad_trace *lt = &r->lads[l];

        lt->code = ds->lads[l].code;
        lt->name = ds->lads[l].name;
        lt->place = ds->lads[l].place;
        if (!(lt->years = ds_arena_calloc(P->a, T, sizeof *lt->years))) {
            rc = nomem(err);
            goto done;
        }
        for (size_t t = 0; t < T; t++) {
            double h = hous[l * T + t], tr = P->lad_trend[l * T + t];

            use[l * T + t] = (unsigned char)housing_counts(r->growth, h, tr);
            lt->years[t] = (plan_lad_year){tr, h, use[l * T + t]};
        }
    }
    for (size_t k = 0; k < P->nsites; k++) {
        const csite *c = &P->sites[k];

        for (size_t t = 0; t < T; t++)
            pat[t] = new_homes(c, r->base_year, (int)t, r->delivery_factor,
                               r->slippage_years) *
                     c->npd;
        for (size_t a = 0; a < c->nlads; a++)
            for (size_t b = 0; b < c->nalloc; b++) {
                double w = c->lads[a].w * c->alloc[b].w;
                size_t l = c->lads[a].i, p = c->alloc[b].i;

                for (size_t t = 0; t < T; t++)
                    if (use[l * T + t])
                        newp[p * T + t] += w * pat[t];
            }
    }
    for (size_t p = 0; p < np; p++)
        for (size_t t = 0; t < T; t++)
            if (!use[P->prac_lad[p] * T + t])
                newp[p * T + t] += P->trend[p * T + t];
    /* areas: practices, PCNs (and "no PCN"), places, the system */
    r->npractices = np;
    r->nplaces = ds->nplaces;
    r->npcns = ds->npcns + 1;
    r->practices = ds_arena_calloc(P->a, np, sizeof *r->practices);
    r->pcns = ds_arena_calloc(P->a, r->npcns, sizeof *r->pcns);
    r->places = ds_arena_calloc(P->a, ds->nplaces, sizeof *r->places);
    if (!r->practices || !r->pcns || !r->places) {
        rc = nomem(err);
        goto done;
    }
    r->system.code = ds->system_code ? ds->system_code : ds->name;
    r->system.name = ds->system_name ? ds->system_name : ds->title;
    if (area_init(P, &r->system, mc, 1)) {
        rc = nomem(err);
        goto done;
    }
    for (size_t q = 0; q < ds->nplaces; q++) {
        r->places[q].code = r->places[q].name = ds->places[q].name;
        if (area_init(P, &r->places[q], mc, 1)) {
            rc = nomem(err);
            goto done;
        }
        for (size_t t = 0; t < T; t++)
            r->places[q].new_premises_rooms[t] = P->place_add[q * T + t];
    }
    for (size_t c = 0; c < r->npcns; c++) {
        plan_area *ar = &r->pcns[c];

        ar->code = c < ds->npcns ? ds->pcns[c].code : NULL;
        ar->name = c < ds->npcns ? ds->pcns[c].name : "practices in no PCN";
        if (area_init(P, ar, 0, 0)) {
            rc = nomem(err);
            goto done;
        }
    }
    for (size_t p = 0; p < np; p++) {
        plan_area *ar = &r->practices[p];
        const ds_practice *dp = &ds->practices[p];

        ar->code = dp->code;
        ar->name = dp->name;
        ar->place = ds->places[P->prac_place[p]].name;
        ar->pcn = dp->pcn_code;
        if (area_init(P, ar, 0, 0)) {
            rc = nomem(err);
            goto done;
        }
        for (size_t t = 0; t < T; t++) {
            plan_year *y = &ar->years[t];

            y->new_patients = newp[p * T + t];
            y->patients = P->list[p] + y->new_patients;
            y->growth_rooms = r->k * y->new_patients;
            y->required_rooms = r->k * y->patients;
            y->rooms = P->base_rooms[p] + P->room_add[p * T + t];
            y->gap = y->required_rooms - y->rooms;
            year_add(&r->pcns[P->prac_pcn[p]].years[t], y);
            year_add(&r->places[P->prac_place[p]].years[t], y);
        }
    }
    for (size_t c = 0; c < r->npcns; c++) /* a PCN's place: its practices' */
        for (size_t p = 0; p < np && !r->pcns[c].place; p++)
            if (P->prac_pcn[p] == c)
                r->pcns[c].place = r->practices[p].place;
    for (size_t q = 0; q < ds->nplaces; q++)
        for (size_t t = 0; t < T; t++) {
            plan_year *y = &r->places[q].years[t];
            double add = P->place_add[q * T + t];

            y->rooms += add;
            y->gap -= add;
            r->system.new_premises_rooms[t] += add;
            year_add(&r->system.years[t], y);
        }
    if (r->pcns[r->npcns - 1].place == NULL)
        r->npcns--; /* every practice is in a PCN */
done:
    free(hous);
    free(newp);
    free(use);
    free(pat);
    return rc;
}

/* --- Monte Carlo -------------------------------------------------------- */

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

static pc_status monte_carlo(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t T = (size_t)P->T, nq = ds->nplaces, nl = ds->nlads,
           D = (size_t)r->draws;
    double rate_mean, rate_sd, delay_mean, delay_sd, seed_v;
    double *pairv = NULL, *hous = NULL, *newq = NULL, *gaps = NULL, *pat = NULL,
           *base_q = NULL, *col = NULL;
    rng g;
    pc_status rc;

    if ((rc = plan_params_need(P->A, "mc_delivery_rate_mean", 0, 0, 5,
                               "the Monte Carlo draws", &rate_mean, err)) ||
        (rc = plan_params_need(P->A, "mc_delivery_rate_sd", 0, 0, 5,
                               "the Monte Carlo draws", &rate_sd, err)) ||
        (rc = plan_params_need(P->A, "mc_start_delay_mean_years", -20, 0, 20,
                               "the Monte Carlo draws", &delay_mean, err)) ||
        (rc = plan_params_need(P->A, "mc_start_delay_sd_years", 0, 0, 20,
                               "the Monte Carlo draws", &delay_sd, err)))
        return rc;
    if (!P->sc->seed_set) {
        if ((rc = plan_params_need(P->A, "mc_seed", 0, 0, 9007199254740991.0,
                                   "the Monte Carlo draws without --seed",
                                   &seed_v, err)))
            return rc;
        r->seed = (unsigned long long)seed_v;
    } else
        r->seed = P->sc->seed;
    pairv = malloc((P->npairs * T + 1) * sizeof *pairv);
    hous = malloc((nl * T + 1) * sizeof *hous);
    newq = malloc((nq * T + 1) * sizeof *newq);
    gaps = malloc(((nq + 1) * T * D + 1) * sizeof *gaps);
    pat = malloc(T * sizeof *pat);
    base_q = calloc(nq + 1, sizeof *base_q);
    col = malloc((D + 1) * sizeof *col);
    if (!pairv || !hous || !newq || !gaps || !pat || !base_q || !col) {
        rc = nomem(err);
        goto done;
    }
    for (size_t p = 0; p < ds->npractices; p++)
        base_q[P->prac_place[p]] += P->list[p];
    rng_seed(&g, r->seed);
    for (size_t d = 0; d < D; d++) {
        memset(pairv, 0, P->npairs * T * sizeof *pairv);
        memset(hous, 0, nl * T * sizeof *hous);
        memset(newq, 0, nq * T * sizeof *newq);
        for (size_t k = 0; k < P->nsites; k++) {
            const csite *c = &P->sites[k];
            double rate = rate_mean + rate_sd * rng_normal(&g);
            double delay = round(delay_mean + delay_sd * rng_normal(&g));

            rate = r->delivery_factor * (rate > 0 ? rate : 0);
            if (delay < 0 || c->started)
                delay = 0;
            for (size_t t = 0; t < T; t++)
                pat[t] = new_homes(c, r->base_year, (int)t, rate,
                                   r->slippage_years + delay) *
                         c->npd;
            for (size_t a = 0; a < c->npairs; a++) {
                double *v = &pairv[c->pairs[a].i * T], w = c->pairs[a].w;

                for (size_t t = 0; t < T; t++)
                    v[t] += w * pat[t];
            }
        }
        for (size_t a = 0; a < P->npairs; a++)
            for (size_t t = 0; t < T; t++)
                hous[P->pair_lad[a] * T + t] += pairv[a * T + t];
        for (size_t a = 0; a < P->npairs; a++) {
            size_t l = P->pair_lad[a];

            for (size_t t = 0; t < T; t++)
                if (housing_counts(r->growth, hous[l * T + t],
                                   P->lad_trend[l * T + t]))
                    newq[P->pair_place[a] * T + t] += pairv[a * T + t];
        }
        for (size_t l = 0; l < nl; l++)
            for (size_t t = 0; t < T; t++)
                if (!housing_counts(r->growth, hous[l * T + t],
                                    P->lad_trend[l * T + t]))
                    newq[P->lad_place[l] * T + t] += P->lad_trend[l * T + t];
        for (size_t t = 0; t < T; t++) {
            double sys = 0;

            for (size_t q = 0; q < nq; q++) {
                double gap = r->k * (base_q[q] + newq[q * T + t]) -
                             r->places[q].years[t].rooms;

                gaps[(q * T + t) * D + d] = gap;
                sys += gap;
            }
            gaps[(nq * T + t) * D + d] = sys;
        }
    }
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
done:
    free(pairv);
    free(hous);
    free(newq);
    free(gaps);
    free(pat);
    free(base_q);
    free(col);
    return rc;
}

/* --- the input hash ----------------------------------------------------- */

typedef struct hasher {
    uint64_t h;
} hasher;

static void h_bytes(hasher *H, const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++) {
        H->h ^= b[i];
        H->h *= 0x100000001b3ULL;
    }
}

static void h_str(hasher *H, const char *s)
{
    if (!s)
        s = "\x01(null)";
    h_bytes(H, s, strlen(s) + 1);
}

static void h_num(hasher *H, double v)
{
    uint64_t u;
    unsigned char b[8];

    if (v == 0)
        v = 0; /* -0 and 0 hash alike */
    memcpy(&u, &v, sizeof u);
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(u >> (8 * i));
    h_bytes(H, b, 8);
}

static void input_hash(proj *P)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    hasher H = {0xcbf29ce484222325ULL};

    h_str(&H, "pcplan " PCPLAN_VERSION);
    h_str(&H, ds->name);
    h_str(&H, r->scenario_json);
    h_num(&H, r->demand);
    h_num(&H, r->growth);
    h_num(&H, r->allocation);
    h_num(&H, r->base_year);
    h_num(&H, r->years);
    h_num(&H, r->delivery_factor);
    h_num(&H, r->slippage_years);
    h_num(&H, r->draws);
    h_num(&H, r->draws ? (double)r->seed : 0);
    h_str(&H, r->list_date);
    for (size_t i = 0; i < plan_params_count(P->A); i++) {
        plan_param a = plan_params_at(P->A, i);

        h_str(&H, a.id);
        h_num(&H, a.value);
    }
    for (size_t i = 0; i < ds->npractices; i++) {
        h_str(&H, ds->practices[i].code);
        h_str(&H, ds->practices[i].pcn_code);
        h_str(&H, ds->practices[i].lad_code);
        h_num(&H, P->list[i]);
    }
    for (size_t i = 0; i < ds->npremises; i++) {
        const ds_premises *p = &ds->premises[i];

        h_str(&H, p->id);
        h_num(&H, p->rooms_consult);
        h_num(&H, p->rooms_treatment);
        h_num(&H, p->rooms_other);
        for (size_t k = 0; k < p->npractices; k++)
            h_str(&H, p->practices[k]);
    }
    for (size_t i = 0; i < r->nschemes; i++) {
        h_str(&H, r->schemes[i].scheme_id);
        h_str(&H, r->schemes[i].premises_id);
        h_str(&H, r->schemes[i].place);
        h_num(&H, r->schemes[i].year);
        h_num(&H, r->schemes[i].rooms);
    }
    for (size_t k = 0; k < P->nsites; k++) {
        const csite *c = &P->sites[k];

        h_str(&H, c->s->id);
        h_num(&H, c->s->traj_start);
        for (size_t t = 0; t < c->s->ntraj; t++)
            h_num(&H, (double)c->s->traj[t]);
        for (int b = 1; b <= 5; b++)
            h_num(&H, c->s->mix[b]);
        for (size_t a = 0; a < c->nlads; a++) {
            h_str(&H, ds->lads[c->lads[a].i].code);
            h_num(&H, c->lads[a].w);
        }
        for (size_t a = 0; a < c->nalloc; a++) {
            h_str(&H, ds->practices[c->alloc[a].i].code);
            h_num(&H, c->alloc[a].w);
        }
    }
    if (P->need_trend)
        for (size_t i = 0; i < ds->nprojections; i++) {
            h_str(&H, ds->projections[i].lad_code);
            h_num(&H, ds->projections[i].year);
            h_num(&H, ds->projections[i].population);
        }
    snprintf(r->input_hash, sizeof r->input_hash, "%016llx",
             (unsigned long long)H.h);
    memcpy(r->run_id, r->input_hash, 12);
    r->run_id[12] = '\0';
}

/* --- what is illustrative ------------------------------------------------ */

static pc_status illustrative(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    plan_illustrative *il = &r->illustrative;
    size_t j;

    il->npremises = ds->npremises;
    for (size_t i = 0; i < ds->npremises; i++)
        il->premises +=
            plan_marked(ds->premises[i].illustrative,
                        "rooms_consult;rooms_treatment;rooms_other");
    il->nsites = P->nsites;
    for (size_t k = 0; k < P->nsites; k++)
        il->sites += plan_marked(P->sites[k].s->illustrative,
                                 "trajectory;trajectory_start");
    for (size_t i = 0; i < r->nschemes; i++) {
        const plan_scheme_trace *t = &r->schemes[i];

        if (t->in_base)
            continue;
        il->nschemes++;
        for (j = 0; j < ds->nschemes; j++)
            if (ds->schemes[j].id == t->scheme_id)
                il->schemes += plan_marked(
                    ds->schemes[j].illustrative,
                    "rooms_consult;rooms_treatment;rooms_other;"
                    "earliest_start;duration_years;completion_year;status");
    }
    if (!(il->assumptions =
              ds_arena_calloc(P->a, r->nassumptions, sizeof(const char *))))
        return nomem(err);
    for (size_t i = 0; i < r->nassumptions; i++) {
        const char *id = r->assumptions[i].id;

        if (plan_params_find(P->A, id, &j) &&
            !strncmp(ds->assumptions[j].source, "illustrative", 12))
            il->assumptions[il->nassumptions++] = id;
    }
    return PC_OK;
}

/* --- plan_project ------------------------------------------------------- */

static int cmp_used(const void *a, const void *b)
{
    return strcmp(((const plan_used_assumption *)a)->id,
                  ((const plan_used_assumption *)b)->id);
}

static int cmp_site_trace(const void *a, const void *b)
{
    return strcmp(((const plan_site_trace *)a)->site_id,
                  ((const plan_site_trace *)b)->site_id);
}

/* The allocation sp was made with some values of the spatial assumptions;
 * a run whose preset or scenario changes them needs another allocation
 * (plan_project_spatial). */
static pc_status check_spatial_params(proj *P, pc_error *err)
{
    const ds_spatial *sp = P->sp;
    size_t j;

    for (size_t i = 0; i < sp->nparams; i++) {
        plan_param a;

        if (!plan_params_find(P->A, sp->param_ids[i], &j))
            continue;
        a = plan_params_at(P->A, j);
        if (a.value != sp->param_values[i])
            return PC_FAIL(err, PC_ERR_INPUT,
                           "assumption \"%s\" is %g in this run (%s) but the "
                           "allocation of patients to practices given was "
                           "made with %g (see plan_project_spatial)",
                           sp->param_ids[i], a.value, a.origin,
                           sp->param_values[i]);
    }
    return PC_OK;
}

pc_status plan_project(const ds_dataset *ds, const ds_spatial *sp,
                       const plan_scenario *sc, plan_run **out, pc_error *err)
{
    proj P = {0};
    plan_run *r = NULL;
    double sys_patients = 0, sys_rooms = 0, derived;
    size_t n = 0;
    pc_status rc;

    P.ds = ds;
    P.sp = sp;
    P.sc = sc;
    if (!(r = calloc(1, sizeof *r)) || !(r->arena = ds_arena_new())) {
        free(r);
        return nomem(err);
    }
    P.r = r;
    P.a = r->arena;
    if ((rc = options(&P, err)) || (rc = plan_params_new(ds, sc, &P.A, err)) ||
        (rc = check_spatial_params(&P, err)) || (rc = index_all(&P, err)) ||
        (rc = rooms(&P, err)))
        goto fail;
    for (size_t i = 0; i < ds->npractices; i++) {
        sys_patients += P.list[i];
        sys_rooms += P.base_rooms[i];
    }
    if ((rc = plan_demand_k(P.A, r->demand, sys_patients, sys_rooms, &r->k,
                            &derived, err)))
        goto fail;
    if ((rc = sites(&P, err)) || (rc = trend(&P, err)) ||
        (rc = project(&P, err)))
        goto fail;
    if (r->draws > 0 && (rc = monte_carlo(&P, err)))
        goto fail;
    /* the assumptions used, by id */
    r->assumptions = ds_arena_calloc(P.a, plan_params_count(P.A) + 1,
                                     sizeof *r->assumptions);
    if (!r->assumptions) {
        rc = nomem(err);
        goto fail;
    }
    for (size_t i = 0; i < plan_params_count(P.A); i++) {
        plan_param a = plan_params_at(P.A, i);

        if (a.used)
            r->assumptions[n++] =
                (plan_used_assumption){a.id, a.value, a.origin};
    }
    if (!isnan(derived))
        r->assumptions[n++] =
            (plan_used_assumption){"patients_per_room", derived, "derived"};
    r->nassumptions = n;
    qsort(r->assumptions, n, sizeof *r->assumptions, cmp_used);
    qsort(r->sites, r->nsites, sizeof *r->sites, cmp_site_trace);
    if ((rc = illustrative(&P, err)))
        goto fail;
    {
        pc_buf b = PC_BUF_INIT(1u << 20);

        rc = plan_scenario_canonical(sc, &b, err);
        if (rc == PC_OK &&
            !(r->scenario_json = ds_arena_strdup(P.a, pc_buf_str(&b))))
            rc = nomem(err);
        pc_buf_free(&b);
        if (rc)
            goto fail;
    }
    input_hash(&P);
    proj_free(&P);
    *out = r;
    return PC_OK;
fail:
    proj_free(&P);
    plan_run_free(r);
    return rc;
}

void plan_run_free(plan_run *r)
{
    if (!r)
        return;
    ds_arena_free(r->arena);
    free(r);
}

pc_status plan_project_spatial(geo_ctx *geo, const ds_dataset *ds,
                               const ds_spatial *sp, const plan_scenario *sc,
                               ds_spatial **out, pc_error *err)
{
    plan_params *A = NULL;
    ds_assumption *resolved = NULL;
    ds_dataset copy;
    int changed = 0;
    size_t j;
    pc_status rc;

    *out = NULL;
    if ((rc = plan_params_new(ds, sc, &A, err)))
        goto done;
    for (size_t i = 0; i < sp->nparams; i++)
        if (plan_params_find(A, sp->param_ids[i], &j) &&
            plan_params_at(A, j).value != sp->param_values[i])
            changed = 1;
    if (!changed)
        goto done;
    for (size_t i = 0; i < ds->nlads; i++)
        if (!ds->lads[i].geom.data) {
            rc = PC_FAIL(err, PC_ERR_INTERNAL,
                         "plan_project_spatial: the dataset has no "
                         "geometries (load it with DS_LOAD_GEOMETRY)");
            goto done;
        }
    if (!(resolved = malloc((ds->nassumptions + 1) * sizeof *resolved))) {
        rc = nomem(err);
        goto done;
    }
    for (size_t i = 0; i < ds->nassumptions; i++) {
        resolved[i] = ds->assumptions[i];
        resolved[i].value = plan_params_at(A, i).value;
    }
    copy = *ds;
    copy.assumptions = resolved;
    if ((rc = plan_spatial_build(geo, &copy, out, err)))
        pc_error_wrap(err, "allocating with the run's assumptions");
done:
    free(resolved);
    plan_params_free(A);
    return rc;
}
