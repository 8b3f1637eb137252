/* plan_project.c: the projection (see plan_project.h): the options, the
 * deterministic run and plan_project() itself. The inputs are read in
 * plan_project_inputs.c, the Monte Carlo draws are in plan_project_mc.c,
 * the input hash and illustrative counts in plan_project_hash.c, and the
 * JSON and table views in plan_run.c.
 *
 * The work is linear: a site's new patients in a year are its new homes
 * times one number per site, spread over LADs and practices by fixed
 * shares, and room demand is patients times one number per method. So the
 * deterministic run keeps one series per practice, and the Monte Carlo
 * draws keep one series per (LAD, place) pair: the max rule decides per LAD
 * and every output of a draw is per place. */
#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_index.h"
#include "plan_params.h"
#include "plan_project_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_YEARS 10

static void proj_free(proj *P)
{
    plan_params_free(P->A);
    pc_index_free(&P->lad_ix);
    pc_index_free(&P->place_ix);
    pc_index_free(&P->prac_ix);
    pc_index_free(&P->pcn_ix);
    pc_index_free(&P->site_ix);
    pc_index_free(&P->prem_ix);
}

/* --- options ------------------------------------------------------------ */

static pc_status options(proj *P, pc_error *err)
{
    const plan_scenario *sc = P->sc;
    plan_run *r = P->r;
    pc_status rc;

    r->dataset = P->ds->name;
    /* copied: a run outlives its scenario (a programme's gaps run is
     * stored after the scenario it was made with is gone) */
    if ((sc->name && !(r->scenario = pc_arena_strdup(P->a, sc->name))) ||
        (sc->preset && !(r->preset = pc_arena_strdup(P->a, sc->preset))))
        return PC_NOMEM(err);
    /* the scenario's methods, else the dataset's house methods, else
     * gp_fte for growth and the growth method for capacity */
    r->demand = sc->demand;
    if (r->demand == PLAN_DEMAND_UNSET && P->ds->growth_method &&
        (rc = plan_demand_parse(P->ds->growth_method, &r->demand, err)))
        return pc_error_wrap(err, "the dataset's growth method");
    if (r->demand == PLAN_DEMAND_UNSET)
        r->demand = PLAN_DEMAND_GP_FTE;
    r->capacity = sc->capacity;
    if (r->capacity == PLAN_DEMAND_UNSET && P->ds->capacity_method &&
        (rc = plan_demand_parse(P->ds->capacity_method, &r->capacity, err)))
        return pc_error_wrap(err, "the dataset's capacity method");
    if (r->capacity == PLAN_DEMAND_UNSET)
        r->capacity = r->demand;
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
    r->room_types = plan_demand_rooms(r->capacity);
    P->need_trend = r->growth != PLAN_GROWTH_HOUSING;
    return PC_OK;
}

/* --- the deterministic run ---------------------------------------------- */

static pc_status area_init(proj *P, plan_area *ar, int mc, int adds)
{
    size_t T = (size_t)P->T;

    ar->years = pc_arena_calloc(P->a, T, sizeof *ar->years);
    if (!ar->years)
        return PC_ERR_NOMEM;
    for (size_t t = 0; t < T; t++)
        ar->years[t].year = P->r->base_year + (int)t;
    if (mc && !(ar->mc = pc_arena_calloc(P->a, T, sizeof *ar->mc)))
        return PC_ERR_NOMEM;
    if (adds &&
        !(ar->new_premises_rooms = pc_arena_calloc(P->a, T, sizeof(double))))
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

/* One site's new patients by row, at the run's delivery. */
static void site_patients(const proj *P, const csite *c, double *pat)
{
    const plan_run *r = P->r;

    for (size_t t = 0; t < (size_t)P->T; t++)
        pat[t] = plan_proj_new_homes(c, r->base_year, (int)t,
                                     r->delivery_factor, r->slippage_years) *
                 c->npd;
}

/* Housing-led new patients per LAD and year into hous, each site's homes
 * and new patients at the horizon, and per LAD and year which growth
 * counts (into use and the LAD traces). pat is scratch for one site. */
static pc_status lad_growth(proj *P, double *hous, unsigned char *use,
                            double *pat, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t T = (size_t)P->T, nl = ds->nlads;

    for (size_t k = 0; k < P->nsites; k++) {
        const csite *c = &P->sites[k];

        site_patients(P, c, pat);
        r->sites[k].homes = plan_proj_new_homes(
            c, r->base_year, (int)T - 1, r->delivery_factor, r->slippage_years);
        r->sites[k].new_patients = pat[T - 1];
        for (size_t a = 0; a < c->nlads; a++)
            for (size_t t = 0; t < T; t++)
                hous[c->lads[a].i * T + t] += c->lads[a].w * pat[t];
    }
    r->nlads = nl;
    for (size_t l = 0; l < nl; l++) {
        plan_lad_trace *lt = &r->lads[l];

        lt->code = ds->lads[l].code;
        lt->name = ds->lads[l].name;
        lt->place = ds->lads[l].place;
        if (!(lt->years = pc_arena_calloc(P->a, T, sizeof *lt->years)))
            return PC_NOMEM(err);
        for (size_t t = 0; t < T; t++) {
            double h = hous[l * T + t], tr = P->lad_trend[l * T + t];

            use[l * T + t] =
                (unsigned char)plan_proj_housing_counts(r->growth, h, tr);
            lt->years[t] = (plan_lad_year){tr, h, use[l * T + t]};
        }
    }
    return PC_OK;
}

/* New patients per practice and year into newp: the housing-led growth
 * of its sites where that counts, else its trend growth. pat is scratch
 * for one site. */
static void practice_growth(proj *P, const unsigned char *use, double *newp,
                            double *pat)
{
    size_t T = (size_t)P->T, np = P->ds->npractices;

    for (size_t k = 0; k < P->nsites; k++) {
        const csite *c = &P->sites[k];

        site_patients(P, c, pat);
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
}

/* The areas with their names and empty years: the system, the places
 * (with the rooms of schemes without premises), the PCNs (and "no PCN")
 * and the practices. */
static pc_status areas_init(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t T = (size_t)P->T, np = ds->npractices;
    int mc = r->draws > 0;

    r->npractices = np;
    r->nplaces = ds->nplaces;
    r->npcns = ds->npcns + 1;
    r->practices = pc_arena_calloc(P->a, np, sizeof *r->practices);
    r->pcns = pc_arena_calloc(P->a, r->npcns, sizeof *r->pcns);
    r->places = pc_arena_calloc(P->a, ds->nplaces, sizeof *r->places);
    if (!r->practices || !r->pcns || !r->places)
        return PC_NOMEM(err);
    r->system.code = ds->system_code ? ds->system_code : ds->name;
    r->system.name = ds->system_name ? ds->system_name : ds->title;
    if (area_init(P, &r->system, mc, 1))
        return PC_NOMEM(err);
    for (size_t q = 0; q < ds->nplaces; q++) {
        r->places[q].code = r->places[q].name = ds->places[q].name;
        if (area_init(P, &r->places[q], mc, 1))
            return PC_NOMEM(err);
        for (size_t t = 0; t < T; t++)
            r->places[q].new_premises_rooms[t] = P->place_add[q * T + t];
    }
    for (size_t c = 0; c < r->npcns; c++) {
        plan_area *ar = &r->pcns[c];

        ar->code = c < ds->npcns ? ds->pcns[c].code : NULL;
        ar->name = c < ds->npcns ? ds->pcns[c].name : "practices in no PCN";
        if (area_init(P, ar, 0, 0))
            return PC_NOMEM(err);
    }
    for (size_t p = 0; p < np; p++) {
        plan_area *ar = &r->practices[p];
        const ds_practice *dp = &ds->practices[p];

        ar->code = dp->code;
        ar->name = dp->name;
        ar->place = ds->places[P->prac_place[p]].name;
        ar->pcn = dp->pcn_code;
        if (area_init(P, ar, 0, 0))
            return PC_NOMEM(err);
    }
    return PC_OK;
}

/* Each practice's years from its new patients (newp), summed into its
 * PCN, its place and the system with the rooms of schemes without
 * premises. */
static void areas_fill(proj *P, const double *newp)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    size_t T = (size_t)P->T, np = ds->npractices;

    for (size_t p = 0; p < np; p++)
        for (size_t t = 0; t < T; t++) {
            plan_year *y = &r->practices[p].years[t];

            y->new_patients = newp[p * T + t];
            y->patients = P->list[p] + y->new_patients;
            y->growth_rooms = r->k * y->new_patients;
            y->required_rooms = r->k_capacity * y->patients;
            y->rooms = P->base_rooms[p] + P->room_add[p * T + t];
            y->gap = y->required_rooms - y->rooms;
            year_add(&r->pcns[P->prac_pcn[p]].years[t], y);
            year_add(&r->places[P->prac_place[p]].years[t], y);
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
    pc_status rc = PC_OK;

    hous = calloc(nl * T + 1, sizeof *hous);
    newp = calloc(np * T + 1, sizeof *newp);
    use = calloc(nl * T + 1, 1);
    pat = calloc(T, sizeof *pat);
    r->lads = pc_arena_calloc(P->a, nl, sizeof *r->lads);
    if (!hous || !newp || !use || !pat || !r->lads) {
        rc = PC_NOMEM(err);
        goto done;
    }
    if ((rc = lad_growth(P, hous, use, pat, err)))
        goto done;
    practice_growth(P, use, newp, pat);
    if ((rc = areas_init(P, err)))
        goto done;
    areas_fill(P, newp);
done:
    free(hous);
    free(newp);
    free(use);
    free(pat);
    return rc;
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
    double sys_patients = 0, sys_rooms = 0, derived, derived_cap;
    size_t n = 0;
    pc_status rc;

    P.ds = ds;
    P.sp = sp;
    P.sc = sc;
    if (!(r = calloc(1, sizeof *r)) || !(r->arena = pc_arena_new())) {
        free(r);
        return PC_NOMEM(err);
    }
    P.r = r;
    P.a = r->arena;
    if ((rc = options(&P, err)) || (rc = plan_params_new(ds, sc, &P.A, err)) ||
        (rc = check_spatial_params(&P, err)) ||
        (rc = plan_proj_index(&P, err)) || (rc = plan_proj_rooms(&P, err)))
        goto fail;
    for (size_t i = 0; i < ds->npractices; i++) {
        sys_patients += P.list[i];
        sys_rooms += P.base_rooms[i];
    }
    if ((rc = plan_demand_k(P.A, r->demand, sys_patients, sys_rooms, &r->k,
                            &derived, err)) ||
        (rc = plan_demand_k(P.A, r->capacity, sys_patients, sys_rooms,
                            &r->k_capacity, &derived_cap, err)))
        goto fail;
    if (isnan(derived))
        derived = derived_cap;
    if ((rc = plan_proj_sites(&P, err)) || (rc = plan_proj_trend(&P, err)) ||
        (rc = project(&P, err)))
        goto fail;
    if (r->draws > 0 && (rc = plan_proj_monte_carlo(&P, err)))
        goto fail;
    /* the assumptions used, by id */
    r->assumptions = pc_arena_calloc(P.a, plan_params_count(P.A) + 1,
                                     sizeof *r->assumptions);
    if (!r->assumptions) {
        rc = PC_NOMEM(err);
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
    if ((rc = plan_proj_illustrative(&P, err)))
        goto fail;
    {
        pc_buf b = PC_BUF_INIT(PC_CAP_TEXT);

        rc = plan_scenario_canonical(sc, &b, err);
        if (rc == PC_OK &&
            !(r->scenario_json = pc_arena_strdup(P.a, pc_buf_str(&b))))
            rc = PC_NOMEM(err);
        pc_buf_free(&b);
        if (rc)
            goto fail;
    }
    plan_proj_input_hash(&P);
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
    pc_arena_free(r->arena);
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
        rc = PC_NOMEM(err);
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
