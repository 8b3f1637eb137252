/* plan_project_inputs.c: a projection's inputs (see plan_project.h for the
 * model, plan_project_int.h for the working state). From the dataset, the
 * stored spatial model and the scenario it builds what the run computes
 * with: indexes and base lists per practice, the counted rooms and the
 * rooms schemes add, the counted sites with their shares, and the trend
 * growth from the LAD projections. */
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"
#include "pc_strlist.h"
#include "plan_project_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- indexes and base lists --------------------------------------------- */

pc_status plan_proj_index(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    const char *latest = NULL;
    size_t j;

    for (size_t i = 0; i < ds->nplaces; i++)
        if (pc_index_put(&P->place_ix, ds->places[i].name, i, NULL) < 0)
            return PC_NOMEM(err);
    P->lad_place = pc_arena_calloc(P->a, ds->nlads, sizeof *P->lad_place);
    if (!P->lad_place)
        return PC_NOMEM(err);
    for (size_t i = 0; i < ds->nlads; i++) {
        if (pc_index_put(&P->lad_ix, ds->lads[i].code, i, NULL) < 0)
            return PC_NOMEM(err);
        if (!pc_index_get(&P->place_ix, ds->lads[i].place, &P->lad_place[i]))
            return PC_FAIL(err, PC_ERR_INTERNAL, "LAD %s: unknown place %s",
                           ds->lads[i].code, ds->lads[i].place);
    }
    for (size_t i = 0; i < ds->npcns; i++)
        if (pc_index_put(&P->pcn_ix, ds->pcns[i].code, i, NULL) < 0)
            return PC_NOMEM(err);
    for (size_t i = 0; i < ds->nsites; i++)
        if (pc_index_put(&P->site_ix, ds->sites[i].id, i, NULL) < 0)
            return PC_NOMEM(err);
    for (size_t i = 0; i < ds->npremises; i++)
        if (pc_index_put(&P->prem_ix, ds->premises[i].id, i, NULL) < 0)
            return PC_NOMEM(err);
    P->prac_lad = pc_arena_calloc(P->a, ds->npractices, sizeof(size_t));
    P->prac_place = pc_arena_calloc(P->a, ds->npractices, sizeof(size_t));
    P->prac_pcn = pc_arena_calloc(P->a, ds->npractices, sizeof(size_t));
    P->list = pc_arena_calloc(P->a, ds->npractices, sizeof(double));
    if (!P->prac_lad || !P->prac_place || !P->prac_pcn || !P->list)
        return PC_NOMEM(err);
    for (size_t i = 0; i < ds->npractices; i++) {
        const ds_practice *p = &ds->practices[i];

        if (pc_index_put(&P->prac_ix, p->code, i, NULL) < 0)
            return PC_NOMEM(err);
        if (!pc_index_get(&P->lad_ix, p->lad_code, &P->prac_lad[i]))
            return PC_FAIL(err, PC_ERR_INTERNAL, "practice %s: unknown LAD",
                           p->code);
        P->prac_place[i] = P->lad_place[P->prac_lad[i]];
        P->prac_pcn[i] = ds->npcns; /* "no PCN" */
        if (p->pcn_code && !pc_index_get(&P->pcn_ix, p->pcn_code, &j))
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
            pc_index_get(&P->prac_ix, l->practice_code, &j))
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
        if (missing && pc_strlist_addf(
                           &P->r->warnings, P->a, err,
                           "%zu practice%s no list size at %s and count%s as 0 "
                           "patients: %s%s",
                           missing, missing > 1 ? "s have" : " has",
                           latest ? latest : "any date", missing > 1 ? "" : "s",
                           codes, missing > 5 ? ", ..." : ""))
            return PC_NOMEM(err);
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
        if (pc_index_get(&P->prac_ix, pr->practices[k], &j))
            total += P->list[j];
    for (size_t k = 0; k < pr->npractices; k++) {
        double w;

        if (!pc_index_get(&P->prac_ix, pr->practices[k], &j))
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

static pc_status check_ids(const plan_scenario *sc, const plan_ids *ids,
                           const pc_index *ix, const char *key,
                           const char *what, pc_error *err)
{
    size_t j;

    for (size_t i = 0; i < ids->n; i++)
        if (!pc_index_get(ix, ids->v[i], &j))
            return PC_FAIL(err, PC_ERR_INPUT, "%s: %s: no %s \"%s\"",
                           plan_scenario_label(sc), key, what, ids->v[i]);
    return PC_OK;
}

/* schemes.start: each id a scheme that is counted and not delivered; a
 * start before the scheme's earliest start (else the base year) is a
 * warning. Indexes the starts in start_ix. */
static pc_status check_starts(proj *P, const pc_index *scheme_ix,
                              pc_index *start_ix, pc_error *err)
{
    const plan_scenario *sc = P->sc;
    size_t j;
    pc_status rc;

    for (size_t i = 0; i < sc->nstarts; i++) {
        const char *id = sc->start_ids[i];
        const ds_scheme *s;
        int y = sc->start_years[i], earliest;

        if (!pc_index_get(scheme_ix, id, &j))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: schemes.start: no scheme \"%s\"",
                           plan_scenario_label(sc), id);
        s = &P->ds->schemes[j];
        if (!strcmp(s->status, "delivered"))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: schemes.start: scheme \"%s\" is "
                           "delivered (completed in %d; a start year is for "
                           "schemes still to be built)",
                           plan_scenario_label(sc), id, s->completion_year);
        if (!scheme_counted(s, sc)) {
            int excluded = 0;

            for (size_t k = 0; k < sc->schemes_exclude.n; k++)
                excluded |= !strcmp(sc->schemes_exclude.v[k], id);
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: schemes.start: scheme \"%s\" is not "
                           "counted (%s)",
                           plan_scenario_label(sc), id,
                           excluded ? "it is in schemes.exclude"
                                    : "add it to schemes.include");
        }
        if (pc_index_put(start_ix, id, i, NULL) < 0)
            return PC_NOMEM(err);
        earliest = s->earliest_start ? s->earliest_start : P->r->base_year;
        if (y < earliest &&
            (rc = pc_strlist_addf(
                 &P->r->warnings, P->a, err,
                 "schemes.start: scheme \"%s\" starts in %d, before "
                 "%s %d",
                 id, y,
                 s->earliest_start ? "its earliest start" : "the base year",
                 earliest)))
            return rc;
    }
    return PC_OK;
}

pc_status plan_proj_rooms(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t np = ds->npractices, T = (size_t)P->T, n = 0, j;
    pc_index scheme_ix = {0}, start_ix = {0};
    pc_status rc = PC_OK;

    P->base_rooms = pc_arena_calloc(P->a, np, sizeof(double));
    P->room_add = pc_arena_calloc(P->a, np * T, sizeof(double));
    P->place_add = pc_arena_calloc(P->a, ds->nplaces * T, sizeof(double));
    r->schemes = pc_arena_calloc(P->a, ds->nschemes, sizeof *r->schemes);
    if (!P->base_rooms || !P->room_add || !P->place_add || !r->schemes)
        return PC_NOMEM(err);
    for (size_t i = 0; i < ds->npremises; i++) {
        const ds_premises *pr = &ds->premises[i];

        split_rooms(P, pr,
                    counted_rooms(r->room_types, pr->rooms_consult,
                                  pr->rooms_treatment, pr->rooms_other),
                    P->base_rooms, 1, 0);
    }
    for (size_t i = 0; i < ds->nschemes; i++)
        if (pc_index_put(&scheme_ix, ds->schemes[i].id, i, NULL) < 0) {
            pc_index_free(&scheme_ix);
            return PC_NOMEM(err);
        }
    if ((rc = check_ids(P->sc, &P->sc->schemes_include, &scheme_ix,
                        "schemes.include", "scheme", err)) == PC_OK &&
        (rc = check_ids(P->sc, &P->sc->schemes_exclude, &scheme_ix,
                        "schemes.exclude", "scheme", err)) == PC_OK)
        rc = check_starts(P, &scheme_ix, &start_ix, err);
    pc_index_free(&scheme_ix);
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
        if (pc_index_get(&start_ix, s->id, &k))
            t->year = P->sc->start_years[k] + s->duration_years;
        else
            t->year = s->completion_year ? s->completion_year
                                         : start + s->duration_years;
        t->rooms = rm;
        t->in_base = t->year <= r->base_year;
        n++;
        if (t->in_base || t->year > r->base_year + r->years)
            continue;
        if (s->premises_id && pc_index_get(&P->prem_ix, s->premises_id, &j) &&
            ds->premises[j].npractices > 0)
            split_rooms(P, &ds->premises[j], rm, P->room_add, T,
                        t->year - r->base_year);
        else if (pc_index_get(&P->place_ix, s->place, &j))
            for (size_t y = (size_t)(t->year - r->base_year); y < T; y++)
                P->place_add[j * T + y] += rm;
    }
    r->nschemes = n;
done:
    pc_index_free(&start_ix);
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
double plan_proj_new_homes(const csite *c, int base_year, int i, double rate,
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
static int ids_index(const plan_ids *ids, pc_index *ix)
{
    for (size_t i = 0; i < ids->n; i++)
        if (pc_index_put(ix, ids->v[i], i, NULL) < 0)
            return -1;
    return 0;
}

/* The scenario's site filters name sites of the dataset; a planning
 * status no site has is a warning. */
static pc_status check_site_filters(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    const plan_scenario *sc = P->sc;
    pc_status rc;

    if ((rc = check_ids(sc, &sc->sites_only, &P->site_ix, "sites.only", "site",
                        err)) ||
        (rc = check_ids(sc, &sc->sites_exclude, &P->site_ix, "sites.exclude",
                        "site", err)))
        return rc;
    for (size_t i = 0; i < sc->planning_status.n; i++) {
        int seen = 0;

        for (size_t k = 0; k < ds->nsites && !seen; k++)
            seen =
                ds->sites[k].planning_status &&
                !strcmp(ds->sites[k].planning_status, sc->planning_status.v[i]);
        if (!seen &&
            pc_strlist_addf(&P->r->warnings, P->a, err,
                            "sites.planning_status: no site has status \"%s\"",
                            sc->planning_status.v[i]))
            return PC_NOMEM(err);
    }
    return PC_OK;
}

/* The scenario's site filters as indexes. */
typedef struct site_filter {
    pc_index only, excl, status;
} site_filter;

/* 1 when the scenario's filters leave site s out. */
static int site_filtered(const plan_scenario *sc, const site_filter *F,
                         const ds_site *s)
{
    size_t j;

    return (sc->sites_only.set && !pc_index_get(&F->only, s->id, &j)) ||
           pc_index_get(&F->excl, s->id, &j) ||
           (sc->planning_status.set &&
            !(s->planning_status &&
              pc_index_get(&F->status, s->planning_status, &j)));
}

/* The counted sites (kept by the filters, with a trajectory) into P->sites
 * and their traces; counted[i] is dataset site i's index there, or
 * SIZE_MAX. New patients per home are persons per home x reg x gain. */
static pc_status count_sites(proj *P, const site_filter *F, double reg,
                             double gain, size_t *counted, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t nnotraj = 0;
    char notraj[160] = "";
    pc_status rc;

    for (size_t i = 0; i < ds->nsites; i++) {
        const ds_site *s = &ds->sites[i];
        csite *c = &P->sites[P->nsites];
        plan_site_trace *t = &r->sites[P->nsites];
        int mix_used;

        counted[i] = SIZE_MAX;
        if (site_filtered(P->sc, F, s))
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
            return rc;
        t->mix_used = mix_used;
        t->site_id = s->id;
        c->npd = t->persons_per_dwelling * reg * gain;
        c->started = s->traj_start < r->base_year;
        if (!(c->cum = pc_arena_calloc(P->a, s->ntraj + 1, sizeof(double))))
            return PC_NOMEM(err);
        for (size_t k = 0; k < s->ntraj; k++)
            c->cum[k + 1] = c->cum[k] + (double)s->traj[k];
        c->built = planned(c, (double)(r->base_year - s->traj_start));
        counted[i] = P->nsites++;
    }
    if (nnotraj &&
        pc_strlist_addf(
            &P->r->warnings, P->a, err,
            "%zu site%s without a trajectory add%s no patients: %s%s", nnotraj,
            nnotraj > 1 ? "s" : "", nnotraj > 1 ? "" : "s", notraj,
            nnotraj > 4 ? ", ..." : ""))
        return PC_NOMEM(err);
    return PC_OK;
}

/* The counted sites' LAD shares and practice allocations (by the run's
 * method) from the stored spatial model: counted in the first pass, so
 * that each site's arrays are allocated once, and filled in the second.
 * *any_alloc is 1 when the model has any allocation by the method. */
static pc_status site_shares(proj *P, const size_t *counted, int *any_alloc,
                             pc_error *err)
{
    const ds_spatial *sp = P->sp;
    const char *method = plan_method_name(P->r->allocation);
    size_t j;

    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sp->nlad_shares; i++) {
            const ds_site_share *sh = &sp->lad_shares[i];
            size_t l;
            csite *c;

            if (!pc_index_get(&P->site_ix, sh->site_id, &j) ||
                counted[j] == SIZE_MAX ||
                !pc_index_get(&P->lad_ix, sh->code, &l))
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
            *any_alloc = 1;
            if (!pc_index_get(&P->site_ix, al->site_id, &j) ||
                counted[j] == SIZE_MAX ||
                !pc_index_get(&P->prac_ix, al->practice_code, &p) ||
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
            if (!(c->lads = pc_arena_calloc(P->a, c->nlads ? c->nlads : 1,
                                            sizeof *c->lads)) ||
                !(c->alloc =
                      pc_arena_calloc(P->a, c->nalloc, sizeof *c->alloc)))
                return PC_NOMEM(err);
            c->nlads = c->nalloc = 0;
        }
    }
    return PC_OK;
}

/* Site c's declared LAD when the model gives it no LAD shares, its
 * allocation sorted, and its (LAD, place) pair shares for the Monte Carlo.
 * Scratch: place_w (per place; all 0 on entry and on return) and pair_of
 * ((LAD, place) -> pair index + 1). */
static pc_status site_pairs(proj *P, csite *c, double *place_w, size_t *pair_of,
                            pc_error *err)
{
    const ds_dataset *ds = P->ds;
    size_t l, nq = 0;

    if (c->nlads == 0) {
        if (!pc_index_get(&P->lad_ix, c->s->lad_code, &l))
            return PC_FAIL(err, PC_ERR_INTERNAL, "site %s: unknown LAD %s",
                           c->s->id, c->s->lad_code);
        c->lads[0] = (share){l, 1.0};
        c->nlads = 1;
    }
    if (c->nalloc == 0)
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "site %s has no %s allocation in the store", c->s->id,
                       plan_method_name(P->r->allocation));
    qsort(c->alloc, c->nalloc, sizeof *c->alloc, cmp_share);
    /* the site's share per place, for the Monte Carlo (LAD, place) pairs */
    for (size_t b = 0; b < c->nalloc; b++) {
        size_t q = P->prac_place[c->alloc[b].i];

        if (place_w[q] == 0)
            nq++;
        place_w[q] += c->alloc[b].w;
    }
    if (!(c->pairs = pc_arena_calloc(P->a, c->nlads * nq, sizeof *c->pairs)))
        return PC_NOMEM(err);
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
    return PC_OK;
}

pc_status plan_proj_sites(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    const plan_scenario *sc = P->sc;
    plan_run *r = P->r;
    const char *method = plan_method_name(r->allocation);
    double reg, gain;
    size_t *pair_of = NULL, *counted = NULL;
    double *place_w = NULL; /* one site's share per place */
    site_filter F = {0};
    pc_status rc;
    int any_alloc = 0;

    if ((rc = check_site_filters(P, err)))
        return rc;
    if ((rc = plan_params_need(P->A, "registration_rate", 0, 0, 1,
                               "housing-led list growth", &reg, err)) ||
        (rc = plan_params_need(P->A, "population_gain_factor", 0, 0, 1,
                               "housing-led list growth", &gain, err)))
        return rc;
    P->sites = pc_arena_calloc(P->a, ds->nsites, sizeof *P->sites);
    r->sites = pc_arena_calloc(P->a, ds->nsites, sizeof *r->sites);
    pair_of = calloc(ds->nlads * ds->nplaces + 1, sizeof *pair_of);
    P->pair_lad =
        pc_arena_calloc(P->a, ds->nlads * ds->nplaces, sizeof(size_t));
    P->pair_place =
        pc_arena_calloc(P->a, ds->nlads * ds->nplaces, sizeof(size_t));
    if (!P->sites || !r->sites || !pair_of || !P->pair_lad || !P->pair_place) {
        free(pair_of);
        return PC_NOMEM(err);
    }
    if (ids_index(&sc->sites_only, &F.only) ||
        ids_index(&sc->sites_exclude, &F.excl) ||
        ids_index(&sc->planning_status, &F.status) ||
        !(counted = malloc((ds->nsites + 1) * sizeof *counted))) {
        rc = PC_NOMEM(err);
        goto done;
    }
    if ((rc = count_sites(P, &F, reg, gain, counted, err)) ||
        (rc = site_shares(P, counted, &any_alloc, err)))
        goto done;
    if (!any_alloc && ds->nsites > 0) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "allocation %s: the store has no %s allocation%s", method,
                     method,
                     r->allocation == PLAN_CATCHMENT
                         ? " (the dataset supplies no catchments)"
                         : " (the store was built without it and needs "
                           "building again)");
        goto done;
    }
    if (!(place_w = calloc(ds->nplaces + 1, sizeof *place_w))) {
        rc = PC_NOMEM(err);
        goto done;
    }
    for (size_t k = 0; k < P->nsites && !rc; k++)
        rc = site_pairs(P, &P->sites[k], place_w, pair_of, err);
    if (!rc)
        r->nsites = P->nsites;
done:
    free(pair_of);
    free(counted);
    free(place_w);
    pc_index_free(&F.only);
    pc_index_free(&F.excl);
    pc_index_free(&F.status);
    return rc;
}

/* --- trend growth from the LAD projections ------------------------------ */

pc_status plan_proj_trend(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t nl = ds->nlads, T = (size_t)P->T, l;
    double *pop = NULL; /* per LAD x year from the base year; NAN absent */
    int *last = NULL;   /* per LAD: last year with a population */
    int *has_prac = NULL;
    pc_status rc = PC_OK;

    P->trend = pc_arena_calloc(P->a, ds->npractices * T, sizeof(double));
    P->lad_trend = pc_arena_calloc(P->a, nl * T, sizeof(double));
    if (!P->trend || !P->lad_trend)
        return PC_NOMEM(err);
    if (!P->need_trend)
        return PC_OK;
    pop = malloc(nl * T * sizeof *pop);
    last = calloc(nl + 1, sizeof *last);
    has_prac = calloc(nl + 1, sizeof *has_prac);
    if (!pop || !last || !has_prac) {
        rc = PC_NOMEM(err);
        goto done;
    }
    for (size_t i = 0; i < nl * T; i++)
        pop[i] = NAN;
    for (size_t i = 0; i < ds->nprojections; i++) {
        const ds_projection *p = &ds->projections[i];
        int y = p->year - r->base_year;

        if (!pc_index_get(&P->lad_ix, p->lad_code, &l))
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
        if (!last[l]) { /* no row at all: a flat trend, said as such */
            for (size_t t = 0; t < T; t++)
                pop[l * T + t] = 1.0;
            if (pc_strlist_addf(&P->r->warnings, P->a, err,
                                "lad_projections has no rows for LAD %s: "
                                "its trend is flat (no growth from "
                                "population change)",
                                ds->lads[l].code)) {
                rc = PC_NOMEM(err);
                goto done;
            }
            continue;
        }
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
                pc_strlist_addf(
                    &P->r->warnings, P->a, err,
                    "lad_projections for LAD %s end in %d: later years "
                    "hold its %d population",
                    ds->lads[l].code, last[l], last[l])) {
                rc = PC_NOMEM(err);
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
