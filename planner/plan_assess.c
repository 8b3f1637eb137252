/* plan_assess.c: the contribution a development should pay (see
 * plan_assess.h): the model. The capacity of practices is read from a
 * projection's base-year row, so an assessment counts rooms exactly as a
 * run does. The trace is written by plan_assess_trace.c, the views by
 * plan_assess_out.c; plan_assess_in.c parses what a user gives. */
#include "plan_assess_int.h"

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "pc_index.h"
#include "pc_strlist.h"
#include "plan_index.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- building an assessment ---------------------------------------------- */

static const char *place_of_lad(plan_assess_ctx *C, const char *lad)
{
    size_t i;

    return lad && pc_index_get(&C->b->lad_ix, lad, &i) ? C->ds->lads[i].place
                                                       : NULL;
}

/* A development given as a point: a circle of its area (given, or its
 * dwellings at dwellings_per_ha), as the dataset's point sites are. */
static pc_status point_site(plan_assess_ctx *C, const plan_dev *dev,
                            plan_assessment *a, geo_wkb *out, pc_error *err)
{
    cJSON *pt = NULL, *xy;
    double dph, area = dev->area_ha;
    int repaired = 0;
    char msg[8];
    pc_status rc;

    if (isnan(dev->e) || isnan(dev->n))
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "plan_assess: a new development needs a geometry or "
                       "a point");
    if (isnan(area)) {
        if ((rc = plan_params_need(C->P, "dwellings_per_ha", 0, 1, 1000,
                                   "the area of a development given as a "
                                   "point",
                                   &dph, err)))
            return rc;
        area = (double)a->dwellings / dph;
        a->area_from_density = 1;
    } else if (!(area > 0 && area <= 10000))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "area %g ha (expected more than 0 and at most "
                       "10,000)",
                       area);
    if (!C->geo)
        return PC_FAIL(err, PC_ERR_INTERNAL, "plan_assess: no geo context");
    if (!(pt = cJSON_CreateObject()) ||
        !cJSON_AddStringToObject(pt, "type", "Point") ||
        !(xy = cJSON_AddArrayToObject(pt, "coordinates")) ||
        !cJSON_AddItemToArray(xy, cJSON_CreateNumber(dev->e)) ||
        !cJSON_AddItemToArray(xy, cJSON_CreateNumber(dev->n))) {
        cJSON_Delete(pt);
        return PC_NOMEM(err);
    }
    rc = geo_polygon_from_geojson(C->geo, pt, GEO_CRS_BNG, area * 10000, out,
                                  &repaired, msg, sizeof msg, err);
    cJSON_Delete(pt);
    return rc;
}

/* What an assessment records of its dataset, scenario and method. */
static void develop_init(plan_assess_ctx *C, const plan_dev *dev,
                         plan_assessment *a)
{
    const ds_dataset *ds = C->ds;

    a->dataset = ds->name;
    a->dataset_title = ds->title ? ds->title : ds->name;
    a->preset = C->sc->preset;
    a->scenario = C->sc->name;
    a->demand = C->s2.demand;
    a->k = C->k;
    a->room_types = plan_demand_rooms(C->s2.demand);
    a->allocation = plan_method_name(C->method);
    a->allocation_note = "";
    a->lon = dev->lon;
    a->lat = dev->lat;
    a->land_ha = NAN;
    for (int b = 0; b < 6; b++)
        a->mix[b] = NAN;
}

/* A stored site: its homes still to build (or those given), its LAD and
 * the stored allocation of its patients by the scenario's method. */
static pc_status develop_stored(plan_assess_ctx *C, const plan_dev *dev,
                                plan_assessment *a, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    const ds_site *s = NULL;
    const char *method = plan_method_name(C->method);
    double best = -1;
    const size_t *rows;
    size_t i, n = 0, nrows, site;

    if (!pc_index_get(&C->b->site_ix, dev->site_id, &site))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site \"%s\": no such site in the dataset",
                       dev->site_id);
    s = &ds->sites[site];
    if (plan_assess_ctx_site_groups(C))
        return PC_NOMEM(err);
    a->site_id = s->id;
    a->name = dev->name ? dev->name : s->name;
    a->source = "stored";
    a->area_ha = s->area_ha;
    a->planning_status = s->planning_status;
    a->s106_position = s->s106_position;
    a->site_illustrative = s->illustrative && *s->illustrative;
    a->site_marking = s->illustrative;
    a->built = plan_assess_built_before(s, ds->base_year);
    a->dwellings =
        dev->dwellings > 0 ? dev->dwellings : s->dwellings - a->built;
    if (dev->dwellings > 0)
        a->built = 0; /* the homes given are all assessed */
    if (a->dwellings <= 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site \"%s\": all %ld homes were built before %d and "
                       "are on the practices' lists already (expected a "
                       "number of dwellings to assess)",
                       s->id, s->dwellings, ds->base_year);
    memcpy(a->mix, isnan(dev->mix[1]) ? s->mix : dev->mix, sizeof a->mix);
    rows = pc_groups_of(&C->site_lads, site, &nrows);
    for (i = 0; i < nrows; i++) {
        const ds_site_share *sh = &C->sp->lad_shares[rows[i]];

        if (sh->code && sh->share > best) {
            best = sh->share;
            a->lad_code = sh->code;
        }
    }
    rows = pc_groups_of(&C->site_methods, site, &nrows);
    for (i = 0; i < nrows; i++) {
        const ds_site_method *sm = &C->sp->methods[rows[i]];

        if (!strcmp(sm->method, method) && sm->note)
            a->allocation_note = sm->note;
    }
    rows = pc_groups_of(&C->site_allocs, site, &nrows);
    for (i = 0; i < nrows; i++)
        n += !strcmp(C->sp->allocs[rows[i]].method, method);
    if (n == 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "site \"%s\": the store has no allocation by %s", s->id,
                       method);
    if (!(a->practices = pc_arena_calloc(a->arena, n, sizeof *a->practices)))
        return PC_NOMEM(err);
    for (i = 0; i < nrows; i++) {
        const ds_site_alloc *al = &C->sp->allocs[rows[i]];

        if (strcmp(al->method, method))
            continue;
        a->practices[a->npractices].code = al->practice_code;
        a->practices[a->npractices].share = al->share;
        a->practices[a->npractices++].distance_m = al->distance_m;
    }
    return PC_OK;
}

/* A new development: its outline (or a circle about its point) overlaid
 * with the dataset's areas, and its patients allocated by the spatial
 * model with the scenario's assumptions. */
static pc_status develop_new(plan_assess_ctx *C, const plan_dev *dev,
                             plan_assessment *a, pc_error *err)
{
    const geo_wkb *geom = dev->geom;
    plan_site_geo g = {0};
    geo_wkb circle = {0};
    double best = -1;
    pc_status rc = PC_OK;
    size_t i;

    a->source = dev->source ? dev->source : geom ? "geojson" : "point";
    a->name = dev->name;
    if (!geom && dev->postcode &&
        !(a->postcode = pc_arena_strdup(a->arena, dev->postcode)))
        return PC_NOMEM(err);
    a->dwellings = dev->dwellings;
    if (a->dwellings <= 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "a new development needs its number of dwellings "
                       "(expected a whole number from 1 to 100,000)");
    memcpy(a->mix, dev->mix, sizeof a->mix);
    if (!geom && (rc = point_site(C, dev, a, &circle, err)))
        goto done;
    if (!geom)
        geom = &circle;
    if ((rc = plan_assess_ctx_spatial(C, err)) ||
        (rc = plan_spatial_overlay(C->spatial, geom, &g, err)) ||
        (rc = plan_spatial_allocate(C->spatial, geom, dev->rural, C->method, &g,
                                    err)))
        goto done;
    a->area_ha = g.area_m2 / 10000;
    if ((rc = plan_assess_counted_overlap(C, geom, g.area_m2, a, err)))
        goto done;
    for (i = 0; i < g.nlads; i++)
        if (g.lads[i].share > best) {
            best = g.lads[i].share;
            a->lad_code = g.lads[i].code;
        }
    if (g.note[0] &&
        !(a->allocation_note = pc_arena_strdup(a->arena, g.note))) {
        rc = PC_NOMEM(err);
        goto done;
    }
    if (g.outside_m2 > 0.01 * g.area_m2 &&
        (rc = pc_strlist_addf(&a->warnings, a->arena, err,
                              "%.0f%% of the development lies outside the "
                              "dataset's areas; its patients are allocated "
                              "all the same",
                              100 * g.outside_m2 / g.area_m2)))
        goto done;
    if (!(a->practices =
              pc_arena_calloc(a->arena, g.nalloc, sizeof *a->practices))) {
        rc = PC_NOMEM(err);
        goto done;
    }
    for (i = 0; i < g.nalloc; i++) {
        a->practices[a->npractices].code = g.alloc[i].practice_code;
        a->practices[a->npractices].share = g.alloc[i].share;
        a->practices[a->npractices++].distance_m = g.alloc[i].distance_m;
    }
done:
    plan_site_geo_free(&g);
    geo_wkb_free(&circle);
    return rc;
}

/* Practice p today: its list, rooms and the rooms that list needs, the
 * rooms the development needs there, and the premises it uses. */
static pc_status practice_today(plan_assess_ctx *C, plan_assessment *a,
                                plan_assess_practice *p, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    const ds_practice *pr;
    const plan_year *y;
    const size_t *prem;
    size_t j, r, np;

    if (!pc_index_get(&C->b->prac_ix, p->code, &j) ||
        !pc_index_get(&C->b->run_ix, p->code, &r))
        return PC_FAIL(err, PC_ERR_INTERNAL, "practice %s not in the run",
                       p->code);
    pr = &ds->practices[j];
    y = &C->b->run->practices[r].years[0];
    p->name = pr->name;
    p->pcn = pr->pcn_code;
    p->place = place_of_lad(C, pr->lad_code);
    p->list = y->patients;
    p->rooms = y->rooms;
    p->required_rooms = C->k * y->patients;
    p->spare_rooms = p->rooms - p->required_rooms;
    p->status = p->spare_rooms >= 0.005    ? "spare"
                : p->spare_rooms <= -0.005 ? "short"
                                           : "full";
    p->new_patients = p->share * a->new_patients;
    p->rooms_needed = C->k * p->new_patients;
    a->rooms_gross += p->rooms_needed;
    prem = pc_groups_of(&C->b->prac_premises, j, &np);
    if (!(p->premises = pc_arena_calloc(a->arena, np, sizeof *p->premises)))
        return PC_NOMEM(err);
    for (size_t q = 0; q < np; q++) {
        const ds_premises *pm = &ds->premises[prem[q]];

        p->premises[p->npremises++] = pm->id;
        p->rooms_illustrative |=
            plan_marked(pm->illustrative, "rooms_consult;rooms_treatment;"
                                          "rooms_other");
    }
    return PC_OK;
}

/* The development: its homes, where it lies and whose patients its
 * residents become; the practices with their capacity and the rooms the
 * development needs at each, before netting. */
pc_status plan_assess_develop(plan_assess_ctx *C, const plan_dev *dev,
                              plan_assessment *a, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    double ppd, reg, gain;
    pc_status rc;
    size_t i;

    develop_init(C, dev, a);
    if ((rc = dev->site_id ? develop_stored(C, dev, a, err)
                           : develop_new(C, dev, a, err)))
        return rc;
    if (a->lad_code && pc_index_get(&C->b->lad_ix, a->lad_code, &i)) {
        a->lad_name = ds->lads[i].name;
        a->place = ds->lads[i].place;
    }
    /* residents and new patients */
    if ((rc = plan_persons_per_dwelling(C->P, a->mix, &ppd, &a->mix_used,
                                        err)) ||
        (rc = plan_params_need(C->P, "registration_rate", 0, 0, 1,
                               "new patients", &reg, err)) ||
        (rc = plan_params_need(C->P, "population_gain_factor", 0, 0, 1,
                               "new patients", &gain, err)))
        return rc;
    if (!a->mix_used)
        for (int b = 0; b < 6; b++)
            a->mix[b] = NAN;
    a->persons_per_dwelling = ppd;
    a->residents = (double)a->dwellings * ppd;
    a->new_patients = a->residents * reg * gain;
    /* the practices, their capacity today, the rooms needed there */
    for (i = 0; i < a->npractices; i++)
        if ((rc = practice_today(C, a, &a->practices[i], err)))
            return rc;
    return PC_OK;
}

/* Netting: each practice's rooms needed less the spare rooms usable there
 * (avail[i] for practice i, when use_spare_capacity is 1); *spare is the
 * spare rooms usable in all. */
static pc_status net_spare(plan_assess_ctx *C, plan_assessment *a,
                           const double *avail, double *spare, pc_error *err)
{
    double use = 1;

    if (plan_params_get(C->P, "use_spare_capacity", &use) && use != 0 &&
        use != 1)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "assumptions: \"use_spare_capacity\" is %g (expected 0 "
                       "or 1)",
                       use);
    a->use_spare = use != 0;
    a->spare_used = a->rooms_net = 0;
    *spare = 0;
    for (size_t i = 0; i < a->npractices; i++)
        *spare += a->use_spare && avail[i] > 0 ? avail[i] : 0;
    for (size_t i = 0; i < a->npractices; i++) {
        plan_assess_practice *p = &a->practices[i];
        double av = a->use_spare && avail[i] > 0 ? avail[i] : 0;

        p->spare_used = av < p->rooms_needed ? av : p->rooms_needed;
        p->rooms_net = p->rooms_needed - p->spare_used;
        a->spare_used += p->spare_used;
        a->rooms_net += p->rooms_net;
    }
    if (a->rooms_net < 1e-9)
        a->rooms_net = 0;
    return PC_OK;
}

/* The m2 of the rooms still needed, by the demand method's basis. */
static pc_status price_m2(plan_assess_ctx *C, plan_assessment *a, pc_error *err)
{
    double gpr = 0, crm = 0, circ = 0;
    pc_status rc;

    if (a->demand == PLAN_DEMAND_SPACE) {
        if ((rc = plan_params_need(C->P, "gross_m2_per_room", 0, 1, 1000,
                                   "m2 of the space method", &gpr, err)))
            return rc;
        a->m2 = a->rooms_net * gpr;
        a->m2_basis = "rooms x gross_m2_per_room (space method: the whole "
                      "building's m2 per patient-facing room)";
    } else {
        if ((rc = plan_params_need(C->P, "clinical_room_m2", 0, 1, 1000,
                                   "m2 of the rooms asked for", &crm, err)) ||
            (rc = plan_params_need(C->P, "circulation_factor", 0, 0, 5,
                                   "m2 of the rooms asked for", &circ, err)))
            return rc;
        a->m2 = a->rooms_net * crm * (1 + circ);
        a->m2_basis = "rooms x clinical_room_m2 x (1 + circulation_factor)";
    }
    return PC_OK;
}

/* The cost per m2: the build cost at its base year, indexed to the as-of
 * date, then with fees and contingency. */
static pc_status price_cost(plan_assess_ctx *C, plan_assessment *a,
                            pc_error *err)
{
    const ds_dataset *ds = C->ds;
    char basis[256];
    double by;
    pc_status rc;

    if ((rc = plan_params_need(C->P, "build_cost_gbp_per_m2", 0, 1, 1e6,
                               "the contribution", &a->base_gbp_per_m2, err)) ||
        (rc = plan_params_need(C->P, "build_cost_base_year", 1900, 0, 2100,
                               "the contribution", &by, err)) ||
        (rc = plan_params_need(C->P, "fees", 0, 0, 5, "the contribution",
                               &a->fees, err)) ||
        (rc = plan_params_need(C->P, "contingency", 0, 0, 5, "the contribution",
                               &a->contingency, err)))
        return rc;
    a->base_date = pc_arena_printf(a->arena, "%04d-04-01", (int)by);
    if (ds->ncost_index > 0) {
        if ((rc = plan_index_ratio(ds, a->base_date, a->as_of, NAN,
                                   &a->index_ratio, basis, sizeof basis, err)))
            return pc_error_wrap(err, "indexing build_cost_gbp_per_m2");
    } else {
        if ((rc = plan_params_need(C->P, "build_cost_index", 0, 1, 100,
                                   "the contribution (the dataset has no "
                                   "cost_index series)",
                                   &a->index_ratio, err)))
            return rc;
        snprintf(basis, sizeof basis,
                 "assumption build_cost_index (%g; the dataset has no "
                 "cost_index series)",
                 a->index_ratio);
    }
    a->index_basis = pc_arena_strdup(a->arena, basis);
    a->today_gbp_per_m2 = a->base_gbp_per_m2 * a->index_ratio;
    a->all_in_gbp_per_m2 =
        a->today_gbp_per_m2 * (1 + a->fees) * (1 + a->contingency);
    return PC_OK;
}

/* The ask in the form o asks for (money, land or both), or why there is
 * none; spare is the spare rooms usable in all. */
static pc_status price_ask(plan_assess_ctx *C, plan_assessment *a,
                           const plan_assess_opts *o, double spare,
                           pc_error *err)
{
    double land_per = 0;
    pc_status rc;

    a->form = o->form;
    if (a->rooms_net > 0 && o->form != PLAN_FORM_LAND) {
        double ask = a->m2 * a->all_in_gbp_per_m2, min = 0;
        char amt[32], mn[32];

        /* an index series gone wild would print garbage as money */
        if (C->ds->ncost_index > 0 &&
            (rc =
                 plan_index_money_check(C->ds, a->base_date, a->as_of, NAN, ask,
                                        "the contribution asked for", err)))
            return rc;

        /* absent from a register: no minimum */
        if (plan_params_get(C->P, "minimum_ask_gbp", &min) &&
            (rc = plan_params_need(C->P, "minimum_ask_gbp", 0, 0, 1e6,
                                   "the smallest ask worth an obligation", &min,
                                   err)))
            return rc;
        if (ask < min) {
            char rooms[32];

            pc_fmt_money(amt, sizeof amt, ask, "\xc2\xa3", 0);
            pc_fmt_money(mn, sizeof mn, min, "\xc2\xa3", 0);
            if (a->rooms_net < 0.01)
                snprintf(rooms, sizeof rooms, "less than 0.01 rooms");
            else
                snprintf(rooms, sizeof rooms, "%.2f rooms", a->rooms_net);
            a->no_ask_reason = pc_arena_printf(
                a->arena,
                "the ask would be %s for %s, below the minimum ask of %s "
                "(minimum_ask_gbp): too small to be worth an obligation",
                amt, rooms, mn);
            a->per_dwelling_gbp = 0;
            return a->no_ask_reason ? PC_OK : PC_NOMEM(err);
        }
    }
    if (a->rooms_net > 0) {
        if (o->form != PLAN_FORM_LAND)
            a->contribution_gbp = a->m2 * a->all_in_gbp_per_m2;
        if (o->form != PLAN_FORM_CAPITAL) {
            if (!isnan(o->land_ha))
                a->land_ha = o->land_ha;
            else if ((rc = plan_params_need(C->P, "land_m2_per_gia_m2", 0, 1,
                                            100, "the land asked for",
                                            &land_per, err)))
                return rc;
            else
                a->land_ha = a->m2 * land_per / 10000;
        }
    } else {
        a->no_ask_reason =
            a->rooms_gross <= 0
                ? "the development adds no patients, so it needs no rooms"
                : pc_arena_printf(
                      a->arena,
                      "the practices its residents would register with "
                      "have %.2f spare rooms between them%s, enough for "
                      "the %.2f rooms its %.0f new patients need, so no "
                      "contribution would meet the test of necessity",
                      spare, a->npractices > 1 ? " where it needs them" : "",
                      a->rooms_gross, a->new_patients);
    }
    a->per_dwelling_gbp = a->contribution_gbp / (double)a->dwellings;
    return PC_OK;
}

/* The suggested terms: payment triggers and spend period. */
static pc_status price_terms(plan_assess_ctx *C, plan_assessment *a,
                             pc_error *err)
{
    double csh, opt, spend;
    long pc, occ;
    pc_status rc;

    if ((rc = plan_params_need(C->P, "trigger_commencement_share", 0, 0, 1,
                               "the suggested payment triggers", &csh, err)) ||
        (rc = plan_params_need(C->P, "trigger_occupation_point", 0, 1, 1,
                               "the suggested payment triggers", &opt, err)) ||
        (rc = plan_params_need(C->P, "spend_period_years", 1, 0, 50,
                               "the suggested spend period", &spend, err)))
        return rc;
    pc = lround(csh * 100);
    occ = (long)ceil(opt * a->dwellings);
    if (occ < 1)
        occ = 1;
    a->triggers = pc >= 100 ? "100%@commencement"
                  : pc <= 0
                      ? pc_arena_printf(a->arena, "100%%@occupation:%ld", occ)
                      : pc_arena_printf(a->arena,
                                        "%ld%%@commencement;%ld%%@occupation:"
                                        "%ld",
                                        pc, 100 - pc, occ);
    a->spend_period_years = (int)lround(spend);
    return PC_OK;
}

/* Netting with avail[i] spare rooms usable by practice i, then m2, cost,
 * the ask, the suggested terms and the trace. */
static pc_status price(plan_assess_ctx *C, plan_assessment *a,
                       const double *avail, const plan_assess_opts *o,
                       pc_error *err)
{
    double spare = 0;
    pc_status rc;

    if ((rc = net_spare(C, a, avail, &spare, err)) ||
        (rc = price_m2(C, a, err)) || (rc = price_cost(C, a, err)) ||
        (rc = price_ask(C, a, o, spare, err)) ||
        (rc = price_terms(C, a, err)) || (rc = plan_assess_trace(C, a, o, err)))
        return rc;
    return PC_OK;
}

static int cmp_assumption(const void *x, const void *y)
{
    return strcmp(((const plan_assess_assumption *)x)->id,
                  ((const plan_assess_assumption *)y)->id);
}

/* The assumptions used, and what of the result is illustrative. */
static pc_status finish(plan_assess_ctx *C, plan_assessment *a, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    size_t n = plan_params_count(C->P), m = 0, ill = 0, nill = 0, prem = 0;

    a->assumptions = pc_arena_calloc(a->arena, n + 1, sizeof *a->assumptions);
    a->illustrative = pc_arena_calloc(a->arena, n + 8, sizeof *a->illustrative);
    if (!a->assumptions || !a->illustrative)
        return PC_NOMEM(err);
    for (size_t i = 0; i < n; i++) {
        plan_param p = plan_params_at(C->P, i);
        const ds_assumption *d = &ds->assumptions[i];

        if (!p.used)
            continue;
        a->assumptions[m++] = (plan_assess_assumption){
            p.id,      d->unit,
            d->source, p.origin,
            p.value,   d->source && !strncmp(d->source, "illustrative", 12)};
    }
    if (!isnan(C->derived))
        a->assumptions[m++] =
            (plan_assess_assumption){"patients_per_room",
                                     "patients/room",
                                     "derived: today's system "
                                     "ratio",
                                     "derived",
                                     C->derived,
                                     0};
    a->nassumptions = m;
    qsort(a->assumptions, m, sizeof *a->assumptions, cmp_assumption);
    if (a->site_illustrative &&
        !(a->illustrative[nill++] =
              pc_arena_printf(a->arena, "site %s (%s)", a->site_id,
                              !strcmp(a->site_marking, "*") ? "the whole row"
                                                            : a->site_marking)))
        return PC_NOMEM(err);
    for (size_t i = 0; i < a->npractices; i++)
        prem += a->practices[i].rooms_illustrative;
    if (prem && !(a->illustrative[nill++] = pc_arena_printf(
                      a->arena, "premises rooms of %zu of the %zu practices",
                      prem, a->npractices)))
        return PC_NOMEM(err);
    if (ds->ncost_index)
        for (size_t i = 0; i < ds->ncost_index; i++)
            ill += ds->cost_index[i].illustrative &&
                   *ds->cost_index[i].illustrative;
    if (ill && !(a->illustrative[nill++] = "cost_index series"))
        return PC_NOMEM(err);
    for (size_t i = 0; i < m; i++)
        if (a->assumptions[i].illustrative &&
            !(a->illustrative[nill++] = pc_arena_printf(
                  a->arena, "assumption %s", a->assumptions[i].id)))
            return PC_NOMEM(err);
    a->nillustrative = nill;
    return PC_OK;
}

pc_status plan_assess_new(plan_assess_ctx *C, const plan_assess_opts *o,
                          plan_assessment **out, pc_error *err)
{
    plan_assessment *a = calloc(1, sizeof *a);

    *out = NULL;
    if (!a || !(a->arena = pc_arena_new())) {
        free(a);
        return PC_NOMEM(err);
    }
    a->as_of = o->as_of ? pc_arena_strdup(a->arena, o->as_of) : C->as_of;
    a->trace = pc_arena_calloc(a->arena, MAX_STEPS, sizeof *a->trace);
    if (!a->trace || !a->as_of) {
        plan_assessment_free(a);
        return PC_NOMEM(err);
    }
    *out = a;
    return PC_OK;
}

static pc_status check_opts(const plan_assess_opts *o, pc_error *err)
{
    long d;

    if (o->as_of && plan_date_days(o->as_of, &d, err))
        return pc_error_wrap(err, "as-of date");
    if (plan_assess_check_consultation(o, err))
        return err->code;
    if (!isnan(o->land_ha) && !(o->land_ha > 0 && o->land_ha <= 1000))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "land %g ha (expected more than 0 and at most 1,000)",
                       o->land_ha);
    return PC_OK;
}

/* A site's share of a practice's spare rooms: in proportion to the rooms
 * it needs there (own) among the rooms all the sites need there (total).
 * One formula for plan_assess and plan_assess_all, so that both give the
 * same figures to the last bit. */
static double spare_share(double spare, double own, double total)
{
    return spare > 0 && total > 0 ? spare * own / total : 0;
}

/* The spare rooms a's practices offer it, into avail (by a's practices).
 * A stored site, or a new development inside one (a->within_site): each
 * practice's spare rooms shared among the stored sites with homes left in
 * proportion to the rooms each needs there, a's own in that site's place,
 * exactly as plan_assess_all does, so that both give the site the same
 * ask. Any other new development: what the counted sites leave. */
static pc_status shared_spare(plan_assess_ctx *C, const plan_assess_opts *o,
                              plan_assessment *a, double *avail, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    double *need = calloc(ds->npractices + 1, sizeof *need);
    const char *as = a->site_id ? a->site_id : a->within_site;
    pc_status rc = PC_OK;
    size_t j;

    if (!need)
        return PC_NOMEM(err);
    rc = plan_assess_counted_needs(C, o, a, as, need, err);
    for (size_t i = 0; i < a->npractices && !rc; i++) {
        double sp = a->practices[i].spare_rooms;

        pc_index_get(&C->b->prac_ix, a->practices[i].code, &j);
        if (as)
            avail[i] = spare_share(sp, a->practices[i].rooms_needed, need[j]);
        else
            avail[i] = sp - need[j] > 0 ? sp - need[j] : 0;
        a->practices[i].counted_rooms =
            need[j] - (as ? a->practices[i].rooms_needed : 0);
    }
    a->spare_net_of_sites = 1;
    free(need);
    return rc;
}

/* The development's geometry for the letter's map: a stored site's, or a
 * new development's outline; NULL for a point (its e, n are in a). */
static const geo_wkb *dev_geom(plan_assess_ctx *C, const plan_dev *dev,
                               plan_assessment *a)
{
    size_t i;

    a->e = a->n = NAN;
    if (dev->site_id && pc_index_get(&C->b->site_ix, dev->site_id, &i))
        return &C->ds->sites[i].geom;
    if (dev->geom)
        return dev->geom;
    a->e = dev->e;
    a->n = dev->n;
    return NULL;
}

pc_status plan_assess(geo_ctx *geo, const ds_dataset *ds, const ds_spatial *sp,
                      const plan_scenario *sc, const plan_dev *dev,
                      const plan_assess_opts *o, plan_assess_cache *cache,
                      plan_assessment **out, pc_error *err)
{
    plan_assess_ctx C = {0};
    plan_assessment *a = NULL;
    double *avail = NULL;
    pc_status rc;

    *out = NULL;
    C.cache = cache;
    if ((dev->name && (rc = plan_assess_check_text("name", dev->name, err))) ||
        (rc = check_opts(o, err)) ||
        (rc = plan_assess_ctx_open(&C, geo, ds, sp, sc, err)) ||
        (rc = plan_assess_new(&C, o, &a, err)) ||
        (rc = plan_assess_develop(&C, dev, a, err)))
        goto done;
    if (!(avail = calloc(a->npractices + 1, sizeof *avail))) {
        rc = PC_NOMEM(err);
        goto done;
    }
    rc = shared_spare(&C, o, a, avail, err);
    if (rc || (rc = price(&C, a, avail, o, err)) || (rc = finish(&C, a, err)) ||
        (rc = plan_assess_consultation(&C, o, dev_geom(&C, dev, a), a, err)))
        goto done;
    *out = a;
    a = NULL;
done:
    free(avail);
    plan_assessment_free(a);
    plan_assess_ctx_free(&C);
    return rc;
}

void plan_assess_cache_free(plan_assess_cache *c)
{
    if (!c)
        return;
    plan_assess_base_free(c->base);
    plan_spatial_free(c->spatial);
    geo_areas_free(c->counted);
    plan_assess_needs_free(c->needs);
    memset(c, 0, sizeof *c);
}

void plan_assessment_free(plan_assessment *a)
{
    if (!a)
        return;
    pc_arena_free(a->arena);
    free(a);
}

void plan_assessments_free(plan_assessment **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        plan_assessment_free(v[i]);
    free(v);
}

static int cmp_site_id(const void *x, const void *y)
{
    return strcmp((*(plan_assessment *const *)x)->site_id,
                  (*(plan_assessment *const *)y)->site_id);
}

pc_status plan_assess_all(const ds_dataset *ds, const ds_spatial *sp,
                          const plan_scenario *sc, const plan_assess_opts *o,
                          plan_assessment ***out, size_t *n, pc_error *err)
{
    plan_assess_ctx C = {0};
    plan_assessment **v = NULL;
    double *need = NULL, *spare = NULL, *avail = NULL;
    size_t nv = 0, maxp = 0;
    pc_status rc;

    *out = NULL;
    *n = 0;
    if ((rc = check_opts(o, err)) ||
        (rc = plan_assess_ctx_open(&C, NULL, ds, sp, sc, err)))
        goto done;
    v = calloc(ds->nsites + 1, sizeof *v);
    need = calloc(ds->npractices + 1, sizeof *need);
    spare = calloc(ds->npractices + 1, sizeof *spare);
    if (!v || !need || !spare) {
        rc = PC_NOMEM(err);
        goto done;
    }
    for (size_t s = 0; s < ds->nsites; s++) {
        plan_dev dev = plan_dev_init();
        const ds_site *site = &ds->sites[s];

        if (!plan_assess_counted(ds, site))
            continue;
        dev.site_id = site->id;
        if ((rc = plan_assess_new(&C, o, &v[nv], err)))
            goto done;
        if ((rc = plan_assess_develop(&C, &dev, v[nv], err)))
            goto done;
        for (size_t i = 0; i < v[nv]->npractices; i++) {
            const plan_assess_practice *p = &v[nv]->practices[i];
            size_t j;

            pc_index_get(&C.b->prac_ix, p->code, &j);
            need[j] += p->rooms_needed;
            spare[j] = p->spare_rooms;
        }
        if (v[nv]->npractices > maxp)
            maxp = v[nv]->npractices;
        nv++;
    }
    if (!(avail = calloc(maxp + 1, sizeof *avail))) {
        rc = PC_NOMEM(err);
        goto done;
    }
    /* each practice's spare rooms, shared by the rooms each site needs */
    for (size_t s = 0; s < nv; s++) {
        plan_assessment *a = v[s];

        for (size_t i = 0; i < a->npractices; i++) {
            size_t j;

            pc_index_get(&C.b->prac_ix, a->practices[i].code, &j);
            avail[i] =
                spare_share(spare[j], a->practices[i].rooms_needed, need[j]);
            a->practices[i].counted_rooms =
                need[j] - a->practices[i].rooms_needed;
        }
        a->spare_net_of_sites = 1;
        a->e = a->n = NAN; /* a batch draws no map */
        if ((rc = price(&C, a, avail, o, err)) || (rc = finish(&C, a, err)) ||
            (rc = plan_assess_consultation(&C, o, NULL, a, err))) {
            pc_error_wrap(err, "site %s", a->site_id);
            goto done;
        }
    }
    qsort(v, nv, sizeof *v, cmp_site_id);
    *out = v;
    *n = nv;
    v = NULL;
done:
    plan_assessments_free(v, nv);
    free(need);
    free(spare);
    free(avail);
    plan_assess_ctx_free(&C);
    return rc;
}
