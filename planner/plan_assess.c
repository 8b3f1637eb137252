/* plan_assess.c: the contribution a development should pay (see
 * plan_assess.h). The capacity of practices is read from a projection's
 * base-year row, so an assessment counts rooms exactly as a run does. */
#include "plan_assess.h"

#include "ds_util.h"
#include "plan_index.h"
#include "plan_json.h"
#include "plan_params.h"
#include "plan_project.h"
#include "plan_spatial.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DWELLINGS 100000
#define MAX_STEPS     24

static pc_status nomem(pc_error *err)
{
    return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
}

/* --- parsing ------------------------------------------------------------ */

static const char *const form_names[] = {"capital", "land", "land_and_capital"};

const char *plan_form_name(plan_form f)
{
    return f >= PLAN_FORM_CAPITAL && f <= PLAN_FORM_LAND_AND_CAPITAL
               ? form_names[f]
               : "?";
}

pc_status plan_form_parse(const char *s, plan_form *out, pc_error *err)
{
    for (int f = 0; f < 3; f++)
        if (!strcmp(s, form_names[f])) {
            *out = (plan_form)f;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "form \"%s\" (expected capital, land or land_and_capital)",
                   s);
}

plan_dev plan_dev_init(void)
{
    plan_dev d = {0};

    d.lon = d.lat = d.e = d.n = d.area_ha = NAN;
    for (int b = 0; b < 6; b++)
        d.mix[b] = NAN;
    return d;
}

plan_assess_opts plan_assess_opts_init(void)
{
    plan_assess_opts o = {0};

    o.land_ha = NAN;
    return o;
}

pc_status plan_parse_dwellings(const char *s, long *out, pc_error *err)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 1 || v > MAX_DWELLINGS)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "dwellings \"%s\" (expected a whole number from 1 to "
                       "100,000)",
                       s);
    *out = v;
    return PC_OK;
}

pc_status plan_parse_mix(const char *s, double mix[6], pc_error *err)
{
    const char *p = s;
    double sum = 0;
    int seen[6] = {0};

    mix[0] = NAN;
    for (int b = 1; b <= 5; b++)
        mix[b] = 0;
    while (*p) {
        char *end;
        long band;
        double pct;

        errno = 0;
        band = strtol(p, &end, 10);
        if (end == p || *end != ':' || band < 1 || band > 5)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "mix \"%s\": \"%.*s\" (expected BEDROOMS:PERCENT "
                           "items such as 1:20,2:40,3:30,4:10, bedrooms 1 to "
                           "5)",
                           s, (int)strcspn(p, ","), p);
        if (seen[band]++)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "mix \"%s\": %ld bedrooms given twice", s, band);
        p = end + 1;
        pct = strtod(p, &end);
        if (end == p || (*end && *end != ',') || errno || !(pct >= 0) ||
            pct > 100)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "mix \"%s\": percent for %ld bedrooms (expected a "
                           "number from 0 to 100)",
                           s, band);
        mix[band] = pct;
        sum += pct;
        p = *end ? end + 1 : end;
        if (*end && !*p)
            return PC_FAIL(err, PC_ERR_INPUT, "mix \"%s\": ends with a comma",
                           s);
    }
    if (fabs(sum - 100) > 0.5)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "mix \"%s\": percentages sum to %g (expected 100)", s,
                       sum);
    mix[0] = 0;
    return PC_OK;
}

pc_status plan_dev_geojson(geo_ctx *geo, const char *json, size_t len,
                           const char *what, geo_wkb *out, int *repaired,
                           pc_error *err)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0), *g, *t;
    char msg[256];
    pc_status rc;

    *repaired = 0;
    if (!root)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: not valid JSON near byte %ld (expected a GeoJSON "
                       "Polygon, Feature or FeatureCollection)",
                       what, end ? (long)(end - json) : 0L);
    g = root;
    t = cJSON_GetObjectItemCaseSensitive(g, "type");
    if (cJSON_IsString(t) && !strcmp(t->valuestring, "FeatureCollection")) {
        cJSON *fs = cJSON_GetObjectItemCaseSensitive(g, "features");

        if (!cJSON_IsArray(fs) || cJSON_GetArraySize(fs) != 1) {
            cJSON_Delete(root);
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: a FeatureCollection must hold exactly one "
                           "feature, the development",
                           what);
        }
        g = cJSON_GetArrayItem(fs, 0);
        t = cJSON_GetObjectItemCaseSensitive(g, "type");
    }
    if (cJSON_IsString(t) && !strcmp(t->valuestring, "Feature")) {
        g = cJSON_GetObjectItemCaseSensitive(g, "geometry");
        t = cJSON_GetObjectItemCaseSensitive(g, "type");
    }
    if (!cJSON_IsString(t) || (strcmp(t->valuestring, "Polygon") &&
                               strcmp(t->valuestring, "MultiPolygon"))) {
        cJSON_Delete(root);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: expected a Polygon or MultiPolygon (as a "
                       "geometry, a Feature or a collection of one Feature)",
                       what);
    }
    rc = geo_polygon_from_geojson(geo, g, GEO_CRS_WGS84, 0, out, repaired, msg,
                                  sizeof msg, err);
    cJSON_Delete(root);
    return rc ? pc_error_wrap(err, "%s", what) : PC_OK;
}

/* --- shared working state ----------------------------------------------- */

typedef struct ctx {
    geo_ctx *geo;
    const ds_dataset *ds;
    const ds_spatial *sp;
    const plan_scenario *sc;
    plan_scenario s2; /* sc with the assessment's defaults */
    plan_params *P;
    plan_run *run; /* base-year capacity */
    ds_index prac_ix, run_ix, site_ix, lad_ix;
    plan_method method;
    double k, derived;
    plan_spatial *spatial;   /* for new developments */
    ds_assumption *resolved; /* the register as the scenario sets it */
    ds_dataset resolved_ds;
} ctx;

static void ctx_free(ctx *C)
{
    plan_params_free(C->P);
    plan_run_free(C->run);
    ds_index_free(&C->prac_ix);
    ds_index_free(&C->run_ix);
    ds_index_free(&C->site_ix);
    ds_index_free(&C->lad_ix);
    plan_spatial_free(C->spatial);
    free(C->resolved);
}

static pc_status ctx_open(ctx *C, geo_ctx *geo, const ds_dataset *ds,
                          const ds_spatial *sp, const plan_scenario *sc,
                          pc_error *err)
{
    pc_status rc;
    int bad = 0;

    C->geo = geo;
    C->ds = ds;
    C->sp = sp;
    C->sc = sc;
    C->s2 = *sc;
    if (C->s2.demand == PLAN_DEMAND_UNSET)
        C->s2.demand = PLAN_DEMAND_SPACE;
    C->s2.growth = PLAN_GROWTH_HOUSING; /* only the base row is read */
    C->s2.years = 1;
    C->s2.draws = 0;
    if ((rc = plan_method_parse(sc->allocation ? sc->allocation : "huff",
                                &C->method, err)) ||
        (rc = plan_project(ds, sp, &C->s2, &C->run, err)) ||
        (rc = plan_params_new(ds, &C->s2, &C->P, err)) ||
        (rc = plan_demand_k(
             C->P, C->s2.demand, C->run->system.years[0].patients,
             C->run->system.years[0].rooms, &C->k, &C->derived, err)))
        return rc;
    for (size_t i = 0; i < ds->npractices; i++)
        bad |= ds_index_put(&C->prac_ix, ds->practices[i].code, i, NULL) < 0;
    for (size_t i = 0; i < C->run->npractices; i++)
        bad |= ds_index_put(&C->run_ix, C->run->practices[i].code, i, NULL) < 0;
    for (size_t i = 0; i < ds->nsites; i++)
        bad |= ds_index_put(&C->site_ix, ds->sites[i].id, i, NULL) < 0;
    for (size_t i = 0; i < ds->nlads; i++)
        bad |= ds_index_put(&C->lad_ix, ds->lads[i].code, i, NULL) < 0;
    return bad ? nomem(err) : PC_OK;
}

/* The spatial model with the scenario's assumptions, for new sites. */
static pc_status ctx_spatial(ctx *C, pc_error *err)
{
    plan_spatial_params p;
    pc_status rc;

    if (C->spatial)
        return PC_OK;
    C->resolved = malloc((C->ds->nassumptions + 1) * sizeof *C->resolved);
    if (!C->resolved)
        return nomem(err);
    for (size_t i = 0; i < C->ds->nassumptions; i++) {
        C->resolved[i] = C->ds->assumptions[i];
        C->resolved[i].value = plan_params_at(C->P, i).value;
    }
    C->resolved_ds = *C->ds;
    C->resolved_ds.assumptions = C->resolved;
    if ((rc = plan_spatial_params_get(&C->resolved_ds, &p, err)) ||
        (rc = plan_spatial_new(C->geo, &C->resolved_ds, &p, &C->spatial, err)))
        return rc;
    return PC_OK;
}

/* --- building an assessment ---------------------------------------------- */

/* Appends a trace step; ids and rows are NULL-terminated lists of
 * strings (copied into the arena). */
static int step(plan_assessment *a, const char *name, double value,
                const char *unit, const char *formula, const char *const *ids,
                const char *const *rows)
{
    plan_trace_step *s;
    size_t ni = 0, nr = 0;

    if (a->ntrace >= MAX_STEPS || !formula)
        return -1;
    s = &a->trace[a->ntrace++];
    while (ids && ids[ni])
        ni++;
    while (rows && rows[nr])
        nr++;
    s->step = name;
    s->value = value;
    s->unit = unit;
    s->formula = formula;
    s->assumptions = ds_arena_calloc(a->arena, ni + 1, sizeof *s->assumptions);
    s->data = ds_arena_calloc(a->arena, nr + 1, sizeof *s->data);
    if (!s->assumptions || !s->data)
        return -1;
    for (size_t i = 0; i < ni; i++)
        if (!(s->assumptions[i] = ds_arena_strdup(a->arena, ids[i])))
            return -1;
    for (size_t i = 0; i < nr; i++)
        if (!(s->data[i] = ds_arena_strdup(a->arena, rows[i])))
            return -1;
    s->nassumptions = ni;
    s->ndata = nr;
    return 0;
}

static void fmt_int(char *out, size_t n, double v)
{
    pc_fmt_thousands(out, n, (long long)llround(v));
}

static const char *place_of_lad(ctx *C, const char *lad)
{
    size_t i;

    return lad && ds_index_get(&C->lad_ix, lad, &i) ? C->ds->lads[i].place
                                                    : NULL;
}

/* Homes of site s completed before the base year. */
static long built_before(const ds_site *s, int base_year)
{
    long b = 0;

    for (size_t i = 0; i < s->ntraj; i++)
        if (s->traj_start + (int)i < base_year)
            b += s->traj[i];
    return b;
}

/* A development given as a point: a circle of its area (given, or its
 * dwellings at dwellings_per_ha), as the dataset's point sites are. */
static pc_status point_site(ctx *C, const plan_dev *dev, plan_assessment *a,
                            geo_wkb *out, pc_error *err)
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
        return nomem(err);
    }
    rc = geo_polygon_from_geojson(C->geo, pt, GEO_CRS_BNG, area * 10000, out,
                                  &repaired, msg, sizeof msg, err);
    cJSON_Delete(pt);
    return rc;
}

/* The development: its homes, where it lies and whose patients its
 * residents become; the practices with their capacity and the rooms the
 * development needs at each, before netting. */
static pc_status develop(ctx *C, const plan_dev *dev, plan_assessment *a,
                         pc_error *err)
{
    const ds_dataset *ds = C->ds;
    const ds_site *s = NULL;
    plan_site_geo g = {0};
    geo_wkb circle = {0};
    const char *method = plan_method_name(C->method);
    double best = -1, ppd, reg, gain;
    pc_status rc = PC_OK;
    size_t i, n = 0;

    a->dataset = ds->name;
    a->dataset_title = ds->title ? ds->title : ds->name;
    a->preset = C->sc->preset;
    a->scenario = C->sc->name;
    a->demand = C->s2.demand;
    a->k = C->k;
    a->room_types = plan_demand_rooms(C->s2.demand);
    a->allocation = method;
    a->allocation_note = "";
    a->lon = dev->lon;
    a->lat = dev->lat;
    a->land_ha = NAN;
    for (int b = 0; b < 6; b++)
        a->mix[b] = NAN;
    if (dev->site_id) {
        if (!ds_index_get(&C->site_ix, dev->site_id, &i))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "site \"%s\": no such site (see pcplan site list)",
                           dev->site_id);
        s = &ds->sites[i];
        a->site_id = s->id;
        a->name = dev->name ? dev->name : s->name;
        a->source = "stored";
        a->area_ha = s->area_ha;
        a->planning_status = s->planning_status;
        a->s106_position = s->s106_position;
        a->site_illustrative = s->illustrative && *s->illustrative;
        a->site_marking = s->illustrative;
        a->built = built_before(s, ds->base_year);
        a->dwellings =
            dev->dwellings > 0 ? dev->dwellings : s->dwellings - a->built;
        if (dev->dwellings > 0)
            a->built = 0; /* the homes given are all assessed */
        if (a->dwellings <= 0)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "site \"%s\": all %ld homes were built before %d "
                           "and are on the practices' lists already; give "
                           "--dwellings to assess a number of homes",
                           s->id, s->dwellings, ds->base_year);
        memcpy(a->mix, isnan(dev->mix[1]) ? s->mix : dev->mix, sizeof a->mix);
        for (i = 0; i < C->sp->nlad_shares; i++) {
            const ds_site_share *sh = &C->sp->lad_shares[i];

            if (strcmp(sh->site_id, s->id) || !sh->code)
                continue;
            if (sh->share > best) {
                best = sh->share;
                a->lad_code = sh->code;
            }
        }
        for (i = 0; i < C->sp->nmethods; i++)
            if (!strcmp(C->sp->methods[i].site_id, s->id) &&
                !strcmp(C->sp->methods[i].method, method) &&
                C->sp->methods[i].note)
                a->allocation_note = C->sp->methods[i].note;
        for (i = 0; i < C->sp->nallocs; i++)
            n += !strcmp(C->sp->allocs[i].site_id, s->id) &&
                 !strcmp(C->sp->allocs[i].method, method);
        if (n == 0)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "site \"%s\": the store has no allocation by %s",
                           s->id, method);
        if (!(a->practices =
                  ds_arena_calloc(a->arena, n, sizeof *a->practices)))
            return nomem(err);
        for (i = 0; i < C->sp->nallocs; i++) {
            const ds_site_alloc *al = &C->sp->allocs[i];

            if (strcmp(al->site_id, s->id) || strcmp(al->method, method))
                continue;
            a->practices[a->npractices].code = al->practice_code;
            a->practices[a->npractices].share = al->share;
            a->practices[a->npractices++].distance_m = al->distance_m;
        }
    } else {
        const geo_wkb *geom = dev->geom;

        a->source = dev->source ? dev->source : geom ? "geojson" : "point";
        a->name = dev->name;
        a->dwellings = dev->dwellings;
        if (a->dwellings <= 0)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "a new development needs its number of "
                           "dwellings (--dwellings N)");
        memcpy(a->mix, dev->mix, sizeof a->mix);
        if (!geom && (rc = point_site(C, dev, a, &circle, err)))
            goto done;
        if (!geom)
            geom = &circle;
        if ((rc = ctx_spatial(C, err)) ||
            (rc = plan_spatial_overlay(C->spatial, geom, &g, err)) ||
            (rc = plan_spatial_allocate(C->spatial, geom, dev->rural, C->method,
                                        &g, err)))
            goto done;
        a->area_ha = g.area_m2 / 10000;
        for (i = 0; i < g.nlads; i++)
            if (g.lads[i].share > best) {
                best = g.lads[i].share;
                a->lad_code = g.lads[i].code;
            }
        if (g.note[0] &&
            !(a->allocation_note = ds_arena_strdup(a->arena, g.note))) {
            rc = nomem(err);
            goto done;
        }
        if (g.outside_m2 > 0.01 * g.area_m2 &&
            !(a->warnings[a->nwarnings++] = ds_arena_printf(
                  a->arena,
                  "%.0f%% of the development lies outside the dataset's "
                  "areas; its patients are allocated all the same",
                  100 * g.outside_m2 / g.area_m2))) {
            rc = nomem(err);
            goto done;
        }
        if (!(a->practices =
                  ds_arena_calloc(a->arena, g.nalloc, sizeof *a->practices))) {
            rc = nomem(err);
            goto done;
        }
        for (i = 0; i < g.nalloc; i++) {
            a->practices[a->npractices].code = g.alloc[i].practice_code;
            a->practices[a->npractices].share = g.alloc[i].share;
            a->practices[a->npractices++].distance_m = g.alloc[i].distance_m;
        }
    }
    if (a->lad_code && ds_index_get(&C->lad_ix, a->lad_code, &i)) {
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
        goto done;
    if (!a->mix_used)
        for (int b = 0; b < 6; b++)
            a->mix[b] = NAN;
    a->persons_per_dwelling = ppd;
    a->residents = (double)a->dwellings * ppd;
    a->new_patients = a->residents * reg * gain;
    /* the practices, their capacity today, the rooms needed there */
    for (i = 0; i < a->npractices; i++) {
        plan_assess_practice *p = &a->practices[i];
        const ds_practice *pr;
        const plan_year *y;
        size_t j, r, np = 0;

        if (!ds_index_get(&C->prac_ix, p->code, &j) ||
            !ds_index_get(&C->run_ix, p->code, &r)) {
            rc = PC_FAIL(err, PC_ERR_INTERNAL, "practice %s not in the run",
                         p->code);
            goto done;
        }
        pr = &ds->practices[j];
        y = &C->run->practices[r].years[0];
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
        for (size_t q = 0; q < ds->npremises; q++)
            for (size_t m = 0; m < ds->premises[q].npractices; m++)
                np += !strcmp(ds->premises[q].practices[m], p->code);
        if (!(p->premises =
                  ds_arena_calloc(a->arena, np, sizeof *p->premises))) {
            rc = nomem(err);
            goto done;
        }
        for (size_t q = 0; q < ds->npremises; q++)
            for (size_t m = 0; m < ds->premises[q].npractices; m++)
                if (!strcmp(ds->premises[q].practices[m], p->code)) {
                    p->premises[p->npremises++] = ds->premises[q].id;
                    p->rooms_illustrative |=
                        plan_marked(ds->premises[q].illustrative,
                                    "rooms_consult;rooms_treatment;"
                                    "rooms_other");
                }
    }
done:
    plan_site_geo_free(&g);
    geo_wkb_free(&circle);
    return rc;
}

static const char *const room_type_names[] = {"consult", "treatment", "other"};

static const char *method_note(plan_demand d)
{
    switch (d) {
    case PLAN_DEMAND_GP_FTE:
        return "GP consulting rooms from patients per FTE GP, GP "
               "face-to-face sessions and room sessions a week; counts GP "
               "sessions only";
    case PLAN_DEMAND_ACTIVITY:
        return "consulting and treatment rooms from appointments a year, "
               "the face-to-face share, minutes per appointment and the "
               "hours a room can be booked";
    case PLAN_DEMAND_RATIO:
        return "consulting rooms at a ratio of patients per room";
    case PLAN_DEMAND_SPACE:
        return "space per patient (m2_per_patient; the NHS's 120 m2 per "
               "1,750 patients) over the whole building's m2 per "
               "patient-facing room";
    default: return "";
    }
}

/* The demand method's assumption ids, for the trace. */
static void method_ids(plan_demand d, const char **ids)
{
    static const char *const gp[] = {"patients_per_gp_fte",
                                     "gp_f2f_sessions_per_fte",
                                     "room_sessions_per_week", NULL};
    static const char *const act[] = {"appointments_per_patient_year",
                                      "f2f_share",
                                      "minutes_per_appointment",
                                      "room_hours_per_week",
                                      "weeks_per_year",
                                      "utilisation",
                                      NULL};
    static const char *const rat[] = {"patients_per_room", NULL};
    static const char *const spa[] = {"m2_per_patient", "gross_m2_per_room",
                                      NULL};
    const char *const *v = d == PLAN_DEMAND_GP_FTE     ? gp
                           : d == PLAN_DEMAND_ACTIVITY ? act
                           : d == PLAN_DEMAND_RATIO    ? rat
                                                       : spa;
    size_t i = 0;

    for (; v[i]; i++)
        ids[i] = v[i];
    ids[i] = NULL;
}

/* Netting with avail[i] spare rooms usable by practice i, then m2, cost,
 * the ask, the suggested terms, the trace and what is illustrative. */
static pc_status price(ctx *C, plan_assessment *a, const double *avail,
                       const plan_assess_opts *o, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    double use = 1, gpr = 0, crm = 0, circ = 0, by, land_per = 0, csh, opt,
           spend, spare = 0;
    char basis[256], t1[64], t2[64];
    const char *ids[12], *rows[8];
    pc_status rc;
    size_t nrows = 0;

    if (plan_params_get(C->P, "use_spare_capacity", &use) && use != 0 &&
        use != 1)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "assumptions: \"use_spare_capacity\" is %g (expected 0 "
                       "or 1)",
                       use);
    a->use_spare = use != 0;
    a->spare_used = a->rooms_net = 0;
    for (size_t i = 0; i < a->npractices; i++)
        spare += a->use_spare && avail[i] > 0 ? avail[i] : 0;
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
    /* m2 */
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
    /* cost per m2, indexed */
    if ((rc = plan_params_need(C->P, "build_cost_gbp_per_m2", 0, 1, 1e6,
                               "the contribution", &a->base_gbp_per_m2, err)) ||
        (rc = plan_params_need(C->P, "build_cost_base_year", 1900, 0, 2100,
                               "the contribution", &by, err)) ||
        (rc = plan_params_need(C->P, "fees", 0, 0, 5, "the contribution",
                               &a->fees, err)) ||
        (rc = plan_params_need(C->P, "contingency", 0, 0, 5, "the contribution",
                               &a->contingency, err)))
        return rc;
    a->base_date = ds_arena_printf(a->arena, "%04d-04-01", (int)by);
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
    a->index_basis = ds_arena_strdup(a->arena, basis);
    a->today_gbp_per_m2 = a->base_gbp_per_m2 * a->index_ratio;
    a->all_in_gbp_per_m2 =
        a->today_gbp_per_m2 * (1 + a->fees) * (1 + a->contingency);
    /* the ask */
    a->form = o->form;
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
                : ds_arena_printf(
                      a->arena,
                      "the practices its residents would register with "
                      "have %.2f spare rooms between them%s, enough for "
                      "the %.2f rooms its %.0f new patients need, so no "
                      "contribution would meet the test of necessity",
                      spare, a->npractices > 1 ? " where it needs them" : "",
                      a->rooms_gross, a->new_patients);
    }
    a->per_dwelling_gbp = a->contribution_gbp / (double)a->dwellings;
    /* suggested terms */
    if ((rc = plan_params_need(C->P, "trigger_commencement_share", 0, 0, 1,
                               "the suggested payment triggers", &csh, err)) ||
        (rc = plan_params_need(C->P, "trigger_occupation_point", 0, 1, 1,
                               "the suggested payment triggers", &opt, err)) ||
        (rc = plan_params_need(C->P, "spend_period_years", 1, 0, 50,
                               "the suggested spend period", &spend, err)))
        return rc;
    {
        long pc = lround(csh * 100), occ = (long)ceil(opt * a->dwellings);

        if (occ < 1)
            occ = 1;
        a->triggers =
            pc >= 100 ? "100%@commencement"
            : pc <= 0 ? ds_arena_printf(a->arena, "100%%@occupation:%ld", occ)
                      : ds_arena_printf(a->arena,
                                        "%ld%%@commencement;%ld%%@occupation:"
                                        "%ld",
                                        pc, 100 - pc, occ);
        a->spend_period_years = (int)lround(spend);
    }
    /* the trace */
    fmt_int(t1, sizeof t1, (double)a->dwellings);
    if (a->site_id)
        rows[nrows++] = ds_arena_printf(a->arena, "sites:%s", a->site_id);
    rows[nrows] = NULL;
    {
        const char *f =
            a->built > 0
                ? ds_arena_printf(
                      a->arena,
                      "%s homes still to build (%ld built before %d are on "
                      "the lists already)",
                      t1, a->built, ds->base_year)
                : ds_arena_printf(a->arena, "%s homes", t1);

        if (step(a, "dwellings", (double)a->dwellings, "dwellings", f, NULL,
                 rows))
            return nomem(err);
    }
    if (a->area_from_density) {
        ids[0] = "dwellings_per_ha";
        ids[1] = NULL;
        if (step(a, "area_ha", a->area_ha, "ha",
                 "a point: a circle of dwellings / dwellings_per_ha "
                 "(give --area-ha for the real area)",
                 ids, NULL))
            return nomem(err);
    }
    if (a->mix_used) {
        size_t n = 0;
        static const char *const band[6] = {NULL,
                                            "persons_per_dwelling_1bed",
                                            "persons_per_dwelling_2bed",
                                            "persons_per_dwelling_3bed",
                                            "persons_per_dwelling_4bed",
                                            "persons_per_dwelling_5bed"};

        ids[n++] = "use_bedroom_mix";
        for (int b = 1; b <= 5; b++)
            if (a->mix[b] > 0)
                ids[n++] = band[b];
        ids[n] = NULL;
        if (step(a, "persons_per_dwelling", a->persons_per_dwelling,
                 "persons/dwelling",
                 "sum over bedroom bands of mix percent x persons per "
                 "dwelling of the band",
                 ids, rows))
            return nomem(err);
    } else {
        ids[0] = "persons_per_dwelling";
        ids[1] = NULL;
        if (step(a, "persons_per_dwelling", a->persons_per_dwelling,
                 "persons/dwelling", "persons_per_dwelling", ids, NULL))
            return nomem(err);
    }
    if (step(a, "residents", a->residents, "persons",
             ds_arena_printf(a->arena, "%s dwellings x %g persons per dwelling",
                             t1, plan_round(a->persons_per_dwelling, 4)),
             NULL, NULL))
        return nomem(err);
    ids[0] = "registration_rate";
    ids[1] = "population_gain_factor";
    ids[2] = NULL;
    if (step(a, "new_patients", a->new_patients, "patients",
             "residents x registration_rate x population_gain_factor", ids,
             NULL))
        return nomem(err);
    {
        size_t n = 0;

        static const char *const huff[] = {"huff_alpha", "huff_beta",
                                           "huff_min_distance_m",
                                           "dmax_urban_m", "dmax_rural_m"};
        double v;

        for (size_t h = 0; C->method == PLAN_HUFF && h < 5; h++)
            if (plan_params_get(C->P, huff[h], &v)) /* marks it used */
                ids[n++] = huff[h];
        ids[n] = NULL;
        if (step(
                a, "practices", (double)a->npractices, "practices",
                ds_arena_printf(a->arena,
                                "the %s rule allocates the new patients to %zu "
                                "practices (shares in practices)",
                                a->allocation, a->npractices),
                ids, rows))
            return nomem(err);
    }
    method_ids(a->demand, ids);
    if (step(a, "rooms_per_patient", a->k, "rooms/patient",
             ds_arena_printf(a->arena, "%s method: %s",
                             plan_demand_name(a->demand),
                             method_note(a->demand)),
             ids, NULL))
        return nomem(err);
    if (step(a, "rooms_needed_gross", a->rooms_gross, "rooms",
             "new patients x rooms per patient", NULL, NULL))
        return nomem(err);
    {
        const char **prows;
        size_t n = 0, q = 0;

        for (size_t i = 0; i < a->npractices; i++)
            n += 1 + a->practices[i].npremises;
        if (!(prows = ds_arena_calloc(a->arena, n + 1, sizeof *prows)))
            return nomem(err);
        for (size_t i = 0; i < a->npractices; i++) {
            const plan_assess_practice *p = &a->practices[i];

            if (!(prows[q++] = ds_arena_printf(a->arena, "list_sizes:%s:%s",
                                               p->code, C->run->list_date)))
                return nomem(err);
            for (size_t m = 0; m < p->npremises; m++)
                if (!(prows[q++] = ds_arena_printf(a->arena, "premises:%s",
                                                   p->premises[m])))
                    return nomem(err);
        }
        ids[0] = "use_spare_capacity";
        ids[1] = NULL;
        if (step(a, "spare_used", a->spare_used, "rooms",
                 a->use_spare
                     ? "at each practice, the smaller of its spare rooms "
                       "today (rooms - list x rooms per patient) and the "
                       "rooms the development needs there"
                     : "none: use_spare_capacity is 0",
                 ids, prows))
            return nomem(err);
    }
    if (step(a, "rooms_needed_net", a->rooms_net, "rooms",
             "rooms needed - spare rooms used", NULL, NULL))
        return nomem(err);
    if (a->demand == PLAN_DEMAND_SPACE) {
        ids[0] = "gross_m2_per_room";
        ids[1] = NULL;
    } else {
        ids[0] = "clinical_room_m2";
        ids[1] = "circulation_factor";
        ids[2] = NULL;
    }
    if (step(a, "m2", a->m2, "m2", a->m2_basis, ids, NULL))
        return nomem(err);
    {
        const char **crows = NULL;
        size_t n = 0;

        ids[0] = "build_cost_gbp_per_m2";
        ids[1] = "build_cost_base_year";
        ids[2] = ds->ncost_index ? NULL : "build_cost_index";
        ids[3] = NULL;
        if (ds->ncost_index) {
            if (!(crows = ds_arena_calloc(a->arena, 3, sizeof *crows)))
                return nomem(err);
            for (size_t i = 0; i < ds->ncost_index; i++)
                if (strcmp(ds->cost_index[i].date, a->base_date) <= 0)
                    crows[0] = ds->cost_index[i].date;
            for (size_t i = 0; i < ds->ncost_index; i++)
                if (strcmp(ds->cost_index[i].date, a->as_of) <= 0)
                    crows[1] = ds->cost_index[i].date;
            for (n = 0; n < 2; n++)
                if (!(crows[n] =
                          ds_arena_printf(a->arena, "cost_index:%s", crows[n])))
                    return nomem(err);
        }
        if (step(a, "cost_per_m2_today", a->today_gbp_per_m2, "GBP/m2",
                 ds_arena_printf(a->arena, "%g GBP/m2 at %s x %.4f (%s)",
                                 a->base_gbp_per_m2, a->base_date,
                                 a->index_ratio, a->index_basis),
                 ids, crows))
            return nomem(err);
    }
    ids[0] = "fees";
    ids[1] = "contingency";
    ids[2] = NULL;
    if (step(a, "all_in_cost_per_m2", a->all_in_gbp_per_m2, "GBP/m2",
             "cost per m2 today x (1 + fees) x (1 + contingency)", ids, NULL))
        return nomem(err);
    fmt_int(t2, sizeof t2, a->contribution_gbp);
    if (step(a, "contribution_gbp", a->contribution_gbp, "GBP",
             o->form == PLAN_FORM_LAND ? "land only: no capital"
             : a->rooms_net > 0        ? "m2 x all-in cost per m2"
                                       : "no rooms needed after spare "
                                         "capacity: no ask",
             NULL, NULL))
        return nomem(err);
    if (step(a, "per_dwelling_gbp", a->per_dwelling_gbp, "GBP/dwelling",
             ds_arena_printf(a->arena, "GBP %s / %s dwellings", t2, t1), NULL,
             NULL))
        return nomem(err);
    if (!isnan(a->land_ha)) {
        ids[0] = isnan(o->land_ha) ? "land_m2_per_gia_m2" : NULL;
        ids[1] = NULL;
        if (step(a, "land_ha", a->land_ha, "ha",
                 isnan(o->land_ha) ? "m2 x land_m2_per_gia_m2 / 10,000"
                                   : "as given (--land-ha)",
                 ids, NULL))
            return nomem(err);
    }
    return PC_OK;
}

static int cmp_assumption(const void *x, const void *y)
{
    return strcmp(((const plan_assess_assumption *)x)->id,
                  ((const plan_assess_assumption *)y)->id);
}

/* The assumptions used, and what of the result is illustrative. */
static pc_status finish(ctx *C, plan_assessment *a, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    size_t n = plan_params_count(C->P), m = 0, ill = 0, nill = 0, prem = 0;

    a->assumptions = ds_arena_calloc(a->arena, n + 1, sizeof *a->assumptions);
    a->illustrative = ds_arena_calloc(a->arena, n + 8, sizeof *a->illustrative);
    if (!a->assumptions || !a->illustrative)
        return nomem(err);
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
              ds_arena_printf(a->arena, "site %s (%s)", a->site_id,
                              !strcmp(a->site_marking, "*") ? "the whole row"
                                                            : a->site_marking)))
        return nomem(err);
    for (size_t i = 0; i < a->npractices; i++)
        prem += a->practices[i].rooms_illustrative;
    if (prem && !(a->illustrative[nill++] = ds_arena_printf(
                      a->arena, "premises rooms of %zu of the %zu practices",
                      prem, a->npractices)))
        return nomem(err);
    if (ds->ncost_index)
        for (size_t i = 0; i < ds->ncost_index; i++)
            ill += ds->cost_index[i].illustrative &&
                   *ds->cost_index[i].illustrative;
    if (ill && !(a->illustrative[nill++] = "cost_index series"))
        return nomem(err);
    for (size_t i = 0; i < m; i++)
        if (a->assumptions[i].illustrative &&
            !(a->illustrative[nill++] = ds_arena_printf(
                  a->arena, "assumption %s", a->assumptions[i].id)))
            return nomem(err);
    a->nillustrative = nill;
    return PC_OK;
}

static pc_status new_assessment(ctx *C, const plan_assess_opts *o,
                                plan_assessment **out, pc_error *err)
{
    plan_assessment *a = calloc(1, sizeof *a);

    *out = NULL;
    if (!a || !(a->arena = ds_arena_new())) {
        free(a);
        return nomem(err);
    }
    a->as_of =
        o->as_of ? ds_arena_strdup(a->arena, o->as_of) : plan_as_of(C->ds);
    a->trace = ds_arena_calloc(a->arena, MAX_STEPS, sizeof *a->trace);
    a->warnings = ds_arena_calloc(a->arena, 8, sizeof *a->warnings);
    if (!a->trace || !a->warnings || !a->as_of) {
        plan_assessment_free(a);
        return nomem(err);
    }
    *out = a;
    return PC_OK;
}

static pc_status check_opts(const plan_assess_opts *o, pc_error *err)
{
    long d;

    if (o->as_of && plan_date_days(o->as_of, &d, err))
        return pc_error_wrap(err, "as-of date");
    if (!isnan(o->land_ha) && !(o->land_ha > 0 && o->land_ha <= 1000))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "land %g ha (expected more than 0 and at most 1,000)",
                       o->land_ha);
    return PC_OK;
}

pc_status plan_assess(geo_ctx *geo, const ds_dataset *ds, const ds_spatial *sp,
                      const plan_scenario *sc, const plan_dev *dev,
                      const plan_assess_opts *o, plan_assessment **out,
                      pc_error *err)
{
    ctx C = {0};
    plan_assessment *a = NULL;
    double *avail = NULL;
    pc_status rc;

    *out = NULL;
    if ((rc = check_opts(o, err)) ||
        (rc = ctx_open(&C, geo, ds, sp, sc, err)) ||
        (rc = new_assessment(&C, o, &a, err)) ||
        (rc = develop(&C, dev, a, err)))
        goto done;
    if (!(avail = calloc(a->npractices + 1, sizeof *avail))) {
        rc = nomem(err);
        goto done;
    }
    for (size_t i = 0; i < a->npractices; i++)
        avail[i] = a->practices[i].spare_rooms;
    if ((rc = price(&C, a, avail, o, err)) || (rc = finish(&C, a, err)))
        goto done;
    *out = a;
    a = NULL;
done:
    free(avail);
    plan_assessment_free(a);
    ctx_free(&C);
    return rc;
}

void plan_assessment_free(plan_assessment *a)
{
    if (!a)
        return;
    ds_arena_free(a->arena);
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
    ctx C = {0};
    plan_assessment **v = NULL;
    double *need = NULL, *spare = NULL, *avail = NULL;
    size_t nv = 0, maxp = 0;
    pc_status rc;

    *out = NULL;
    *n = 0;
    if ((rc = check_opts(o, err)) || (rc = ctx_open(&C, NULL, ds, sp, sc, err)))
        goto done;
    v = calloc(ds->nsites + 1, sizeof *v);
    need = calloc(ds->npractices + 1, sizeof *need);
    spare = calloc(ds->npractices + 1, sizeof *spare);
    if (!v || !need || !spare) {
        rc = nomem(err);
        goto done;
    }
    for (size_t s = 0; s < ds->nsites; s++) {
        plan_dev dev = plan_dev_init();
        const ds_site *site = &ds->sites[s];

        if (site->dwellings - built_before(site, ds->base_year) <= 0)
            continue;
        dev.site_id = site->id;
        if ((rc = new_assessment(&C, o, &v[nv], err)))
            goto done;
        if ((rc = develop(&C, &dev, v[nv], err)))
            goto done;
        for (size_t i = 0; i < v[nv]->npractices; i++) {
            const plan_assess_practice *p = &v[nv]->practices[i];
            size_t j;

            ds_index_get(&C.prac_ix, p->code, &j);
            need[j] += p->rooms_needed;
            spare[j] = p->spare_rooms;
        }
        if (v[nv]->npractices > maxp)
            maxp = v[nv]->npractices;
        nv++;
    }
    if (!(avail = calloc(maxp + 1, sizeof *avail))) {
        rc = nomem(err);
        goto done;
    }
    /* each practice's spare rooms, shared by the rooms each site needs */
    for (size_t s = 0; s < nv; s++) {
        plan_assessment *a = v[s];

        for (size_t i = 0; i < a->npractices; i++) {
            size_t j;

            ds_index_get(&C.prac_ix, a->practices[i].code, &j);
            avail[i] = spare[j] > 0 && need[j] > 0
                           ? a->practices[i].rooms_needed *
                                 (spare[j] < need[j] ? spare[j] : need[j]) /
                                 need[j]
                           : 0;
        }
        if ((rc = price(&C, a, avail, o, err)) || (rc = finish(&C, a, err))) {
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
    ctx_free(&C);
    return rc;
}

/* --- views ---------------------------------------------------------------- */

static cJSON *strings_json(const char *const *v, size_t n)
{
    cJSON *arr = cJSON_CreateArray();

    for (size_t i = 0; arr && i < n; i++)
        if (!cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]))) {
            cJSON_Delete(arr);
            return NULL;
        }
    return arr;
}

static int add_item(cJSON *o, const char *k, cJSON *item)
{
    if (!item)
        return 0;
    if (!cJSON_AddItemToObject(o, k, item)) {
        cJSON_Delete(item);
        return 0;
    }
    return 1;
}

static void jnum_or_null(cJSON *o, const char *k, double v, int dec, int *ok)
{
    if (isnan(v)) {
        if (!cJSON_AddNullToObject(o, k))
            *ok = 0;
    } else
        plan_jnum(o, k, plan_round(v, dec), ok);
}

pc_status plan_assessment_cjson(const plan_assessment *a, cJSON **out,
                                pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *o, *arr;
    int ok = root != NULL;
    const char *types[3];
    size_t nt = 0;

    *out = NULL;
    plan_jstr(root, "assessment", "pcplan-site-assessment/1", &ok);
    plan_jstr(root, "dataset", a->dataset, &ok);
    plan_jstr(root, "dataset_title", a->dataset_title, &ok);
    plan_jstr(root, "as_of", a->as_of, &ok);
    plan_jstr(root, "preset", a->preset, &ok);
    plan_jstr(root, "scenario", a->scenario, &ok);
    if ((o = cJSON_AddObjectToObject(root, "site"))) {
        plan_jstr(o, "site_id", a->site_id, &ok);
        plan_jstr(o, "name", a->name, &ok);
        plan_jstr(o, "source", a->source, &ok);
        jnum_or_null(o, "lon", a->lon, 6, &ok);
        jnum_or_null(o, "lat", a->lat, 6, &ok);
        plan_jnum(o, "area_ha", plan_round(a->area_ha, 2), &ok);
        plan_jstr(o, "lad_code", a->lad_code, &ok);
        plan_jstr(o, "lad_name", a->lad_name, &ok);
        plan_jstr(o, "place", a->place, &ok);
        plan_jstr(o, "planning_status", a->planning_status, &ok);
        plan_jstr(o, "s106_position", a->s106_position, &ok);
        plan_jbool(o, "illustrative", a->site_illustrative, &ok);
    } else
        ok = 0;
    plan_jnum(root, "dwellings", (double)a->dwellings, &ok);
    plan_jnum(root, "built", (double)a->built, &ok);
    if (a->mix_used && (o = cJSON_AddObjectToObject(root, "mix"))) {
        for (int b = 1; b <= 5; b++)
            if (a->mix[b] > 0) {
                char k[2] = {(char)('0' + b), 0};

                plan_jnum(o, k, plan_round(a->mix[b], 2), &ok);
            }
    } else if (!a->mix_used && !cJSON_AddNullToObject(root, "mix"))
        ok = 0;
    plan_jnum(root, "persons_per_dwelling",
              plan_round(a->persons_per_dwelling, 4), &ok);
    plan_jnum(root, "residents", plan_round(a->residents, 1), &ok);
    plan_jnum(root, "new_patients", plan_round(a->new_patients, 1), &ok);
    plan_jstr(root, "method", plan_demand_name(a->demand), &ok);
    plan_jstr(root, "method_note", method_note(a->demand), &ok);
    plan_jnum(root, "rooms_per_patient", a->k, &ok);
    for (int b = 0; b < 3; b++)
        if (a->room_types & (1u << b))
            types[nt++] = room_type_names[b];
    ok = ok && add_item(root, "rooms_counted", strings_json(types, nt));
    plan_jstr(root, "allocation", a->allocation, &ok);
    plan_jstr(root, "allocation_note", a->allocation_note, &ok);
    plan_jbool(root, "use_spare_capacity", a->use_spare, &ok);
    arr = plan_jarr(root, "practices", &ok);
    for (size_t i = 0; ok && i < a->npractices; i++) {
        const plan_assess_practice *p = &a->practices[i];

        if (!(o = plan_jitem(arr, &ok)))
            break;
        plan_jstr(o, "code", p->code, &ok);
        plan_jstr(o, "name", p->name, &ok);
        plan_jstr(o, "pcn", p->pcn, &ok);
        plan_jstr(o, "place", p->place, &ok);
        plan_jnum(o, "share", plan_round(p->share, 4), &ok);
        plan_jnum(o, "distance_m", plan_round(p->distance_m, 0), &ok);
        plan_jnum(o, "new_patients", plan_round(p->new_patients, 1), &ok);
        plan_jnum(o, "list", plan_round(p->list, 1), &ok);
        plan_jnum(o, "rooms", plan_round(p->rooms, 2), &ok);
        plan_jnum(o, "required_rooms", plan_round(p->required_rooms, 2), &ok);
        plan_jnum(o, "spare_rooms", plan_round(p->spare_rooms, 2), &ok);
        plan_jstr(o, "status", p->status, &ok);
        plan_jnum(o, "rooms_needed", plan_round(p->rooms_needed, 2), &ok);
        plan_jnum(o, "spare_used", plan_round(p->spare_used, 2), &ok);
        plan_jnum(o, "rooms_net", plan_round(p->rooms_net, 2), &ok);
        plan_jbool(o, "rooms_illustrative", p->rooms_illustrative, &ok);
        ok = ok &&
             add_item(o, "premises", strings_json(p->premises, p->npremises));
    }
    plan_jnum(root, "rooms_needed_gross", plan_round(a->rooms_gross, 2), &ok);
    plan_jnum(root, "spare_used", plan_round(a->spare_used, 2), &ok);
    plan_jnum(root, "rooms_needed_net", plan_round(a->rooms_net, 2), &ok);
    plan_jnum(root, "m2", plan_round(a->m2, 1), &ok);
    plan_jstr(root, "m2_basis", a->m2_basis, &ok);
    if ((o = cJSON_AddObjectToObject(root, "cost"))) {
        plan_jnum(o, "base_gbp_per_m2", plan_round(a->base_gbp_per_m2, 2), &ok);
        plan_jstr(o, "base_date", a->base_date, &ok);
        plan_jnum(o, "index_ratio", plan_round(a->index_ratio, 4), &ok);
        plan_jstr(o, "index_basis", a->index_basis, &ok);
        plan_jnum(o, "today_gbp_per_m2", plan_round(a->today_gbp_per_m2, 2),
                  &ok);
        plan_jnum(o, "fees", a->fees, &ok);
        plan_jnum(o, "contingency", a->contingency, &ok);
        plan_jnum(o, "all_in_gbp_per_m2", plan_round(a->all_in_gbp_per_m2, 2),
                  &ok);
    } else
        ok = 0;
    plan_jstr(root, "form", plan_form_name(a->form), &ok);
    jnum_or_null(root, "land_ha", a->land_ha, 3, &ok);
    plan_jnum(root, "contribution_gbp", plan_round(a->contribution_gbp, 2),
              &ok);
    plan_jnum(root, "per_dwelling_gbp", plan_round(a->per_dwelling_gbp, 2),
              &ok);
    plan_jstr(root, "no_ask_reason", a->no_ask_reason, &ok);
    if ((o = cJSON_AddObjectToObject(root, "suggested"))) {
        plan_jstr(o, "triggers", a->triggers, &ok);
        plan_jnum(o, "spend_period_years", a->spend_period_years, &ok);
    } else
        ok = 0;
    arr = plan_jarr(root, "trace", &ok);
    for (size_t i = 0; ok && i < a->ntrace; i++) {
        const plan_trace_step *s = &a->trace[i];

        if (!(o = plan_jitem(arr, &ok)))
            break;
        plan_jstr(o, "step", s->step, &ok);
        plan_jnum(o, "value", plan_round(s->value, 6), &ok);
        plan_jstr(o, "unit", s->unit, &ok);
        plan_jstr(o, "formula", s->formula, &ok);
        ok = ok &&
             add_item(o, "assumptions",
                      strings_json(s->assumptions, s->nassumptions)) &&
             add_item(o, "data", strings_json(s->data, s->ndata));
    }
    arr = plan_jarr(root, "assumptions", &ok);
    for (size_t i = 0; ok && i < a->nassumptions; i++) {
        const plan_assess_assumption *u = &a->assumptions[i];

        if (!(o = plan_jitem(arr, &ok)))
            break;
        plan_jstr(o, "id", u->id, &ok);
        plan_jnum(o, "value", u->value, &ok);
        plan_jstr(o, "unit", u->unit, &ok);
        plan_jstr(o, "source", u->source, &ok);
        plan_jstr(o, "origin", u->origin, &ok);
        plan_jbool(o, "illustrative", u->illustrative, &ok);
    }
    ok = ok &&
         add_item(root, "illustrative",
                  strings_json(a->illustrative, a->nillustrative)) &&
         add_item(root, "warnings", strings_json(a->warnings, a->nwarnings));
    if (!ok) {
        cJSON_Delete(root);
        return nomem(err);
    }
    *out = root;
    return PC_OK;
}

pc_status plan_assessment_json(const plan_assessment *a, pc_buf *out,
                               pc_error *err)
{
    cJSON *root;
    pc_status rc = plan_assessment_cjson(a, &root, err);

    return rc ? rc : plan_json_out(root, 1, out, err);
}

static void money(char *out, size_t n, double v)
{
    char t[48];

    pc_fmt_thousands(t, sizeof t, (long long)llround(v));
    snprintf(out, n, "GBP %s", t);
}

pc_status plan_assessment_table(const plan_assessment *a, pc_buf *out,
                                pc_error *err)
{
    char t1[64], t2[64];
    pc_status rc = PC_OK;

#define P(...)                                                       \
    do {                                                             \
        if ((rc = pc_buf_printf(out, __VA_ARGS__)))                  \
            return pc_error_wrap(err, "writing the assessment"), rc; \
    } while (0)
    if (a->site_id)
        P("Site %s: %s\n", a->site_id, a->name ? a->name : "");
    else if (!isnan(a->lon))
        P("New development at %.6f, %.6f%s%s\n", a->lon, a->lat,
          a->name ? ": " : "", a->name ? a->name : "");
    else
        P("New development (GeoJSON)%s%s\n", a->name ? ": " : "",
          a->name ? a->name : "");
    P("  LPA %s (%s), place %s, %.2f ha; as of %s\n",
      a->lad_name ? a->lad_name : "?", a->lad_code ? a->lad_code : "?",
      a->place ? a->place : "?", a->area_ha, a->as_of);
    fmt_int(t1, sizeof t1, (double)a->dwellings);
    P("  %s dwellings", t1);
    if (a->built > 0)
        P(" still to build (%ld built already)", a->built);
    P(" x %.3f persons%s = %.0f residents -> %.0f new patients\n",
      a->persons_per_dwelling, a->mix_used ? " (bedroom mix)" : "",
      a->residents, a->new_patients);
    P("  method %s: %.6f rooms per patient; allocation %s%s%s\n\n",
      plan_demand_name(a->demand), a->k, a->allocation,
      a->allocation_note[0] ? ": " : "", a->allocation_note);
    P("%-8s %-34s %6s %5s %8s %7s %8s %7s %-5s %7s %6s %7s\n", "practice",
      "name", "share", "pats", "list", "rooms", "required", "spare", "state",
      "needed", "used", "net");
    for (size_t i = 0; i < a->npractices; i++) {
        const plan_assess_practice *p = &a->practices[i];

        P("%-8s %-34.34s %6.3f %5.0f %8.0f %7.2f %8.2f %+7.2f %-5s %7.2f "
          "%6.2f %7.2f%s\n",
          p->code, p->name, p->share, p->new_patients, p->list, p->rooms,
          p->required_rooms, p->spare_rooms, p->status, p->rooms_needed,
          p->spare_used, p->rooms_net, p->rooms_illustrative ? " *" : "");
    }
    P("\nrooms needed %.2f, spare rooms used %.2f%s, still needed %.2f\n",
      a->rooms_gross, a->spare_used, a->use_spare ? "" : " (netting off)",
      a->rooms_net);
    P("m2 %.1f (%s)\n", a->m2, a->m2_basis);
    P("cost per m2: %.2f at %s x %.4f (%s) = %.2f; x (1 + fees %g) x (1 + "
      "contingency %g) = %.2f\n",
      a->base_gbp_per_m2, a->base_date, a->index_ratio, a->index_basis,
      a->today_gbp_per_m2, a->fees, a->contingency, a->all_in_gbp_per_m2);
    money(t1, sizeof t1, a->contribution_gbp);
    money(t2, sizeof t2, a->per_dwelling_gbp);
    if (a->no_ask_reason)
        P("\nNo contribution: %s.\n", a->no_ask_reason);
    else {
        P("\nContribution (%s): %s, %s per dwelling", plan_form_name(a->form),
          t1, t2);
        if (!isnan(a->land_ha))
            P("; land %.3f ha", a->land_ha);
        P("\nSuggested triggers %s; spend within %d years of receipt\n",
          a->triggers, a->spend_period_years);
    }
    for (size_t i = 0; i < a->nwarnings; i++)
        P("warning: %s\n", a->warnings[i]);
    if (a->nillustrative) {
        P("\nIllustrative values (replace before use):");
        for (size_t i = 0; i < a->nillustrative; i++)
            P("%s %s", i ? ";" : "", a->illustrative[i]);
        P("\n");
    }
#undef P
    return rc;
}

/* --- the batch ------------------------------------------------------------ */

pc_status plan_assessments_table(plan_assessment *const *v, size_t n,
                                 pc_buf *out, pc_error *err)
{
    double tot[6] = {0};
    char t1[48], t2[48];
    pc_status rc = PC_OK;
    long homes = 0;

#define P(...)                                                        \
    do {                                                              \
        if ((rc = pc_buf_printf(out, __VA_ARGS__)))                   \
            return pc_error_wrap(err, "writing the assessments"), rc; \
    } while (0)
    if (n)
        P("Every site with homes to build, as of %s; method %s; each "
          "practice's spare rooms shared among its sites\n\n",
          v[0]->as_of, plan_demand_name(v[0]->demand));
    P("%-16s %-28s %-20s %7s %8s %7s %6s %7s %8s %13s %9s\n", "site", "name",
      "place", "homes", "patients", "rooms", "spare", "net", "m2",
      "contribution", "per home");
    for (size_t i = 0; i < n; i++) {
        const plan_assessment *a = v[i];

        fmt_int(t1, sizeof t1, a->contribution_gbp);
        fmt_int(t2, sizeof t2, a->per_dwelling_gbp);
        P("%-16s %-28.28s %-20.20s %7ld %8.0f %7.2f %6.2f %7.2f %8.1f %13s "
          "%9s\n",
          a->site_id, a->name ? a->name : "", a->place ? a->place : "",
          a->dwellings, a->new_patients, a->rooms_gross, a->spare_used,
          a->rooms_net, a->m2, t1, t2);
        homes += a->dwellings;
        tot[0] += a->new_patients;
        tot[1] += a->rooms_gross;
        tot[2] += a->spare_used;
        tot[3] += a->rooms_net;
        tot[4] += a->m2;
        tot[5] += a->contribution_gbp;
    }
    fmt_int(t1, sizeof t1, tot[5]);
    fmt_int(t2, sizeof t2, homes ? tot[5] / (double)homes : 0);
    P("%-16s %-28s %-20s %7ld %8.0f %7.2f %6.2f %7.2f %8.1f %13s %9s\n",
      "total", "", "", homes, tot[0], tot[1], tot[2], tot[3], tot[4], t1, t2);
    for (size_t i = 0; i < n; i++)
        if (v[i]->nillustrative) {
            P("\nIllustrative values: the sites, premises rooms and some "
              "assumptions are illustrative (see --json); replace them "
              "before use.\n");
            break;
        }
#undef P
    return rc;
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static pc_status csv_str(pc_buf *out, const char *s, int last)
{
    pc_status rc;

    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n")) {
        if ((rc = pc_buf_puts(out, "\"")))
            return rc;
        for (const char *p = s; *p; p++)
            if ((rc = pc_buf_add(out, p, 1)) ||
                (*p == '"' && (rc = pc_buf_add(out, "\"", 1))))
                return rc;
        if ((rc = pc_buf_puts(out, "\"")))
            return rc;
    } else if ((rc = pc_buf_puts(out, s)))
        return rc;
    return pc_buf_puts(out, last ? "\n" : ",");
}

pc_status plan_assessments_csv(plan_assessment *const *v, size_t n, pc_buf *out,
                               pc_error *err)
{
    pc_status rc = pc_buf_puts(
        out, "site_id,name,lad_code,place,dwellings,built,persons_per_"
             "dwelling,new_patients,practices,rooms_needed_gross,spare_used,"
             "rooms_needed_net,m2,all_in_gbp_per_m2,contribution_gbp,per_"
             "dwelling_gbp,s106_position,illustrative\n");

    for (size_t i = 0; !rc && i < n; i++) {
        const plan_assessment *a = v[i];
        char num[512];

        if ((rc = csv_str(out, a->site_id, 0)) ||
            (rc = csv_str(out, a->name, 0)) ||
            (rc = csv_str(out, a->lad_code, 0)) ||
            (rc = csv_str(out, a->place, 0)))
            break;
        snprintf(num, sizeof num,
                 "%ld,%ld,%.4f,%.1f,%zu,%.2f,%.2f,%.2f,%.1f,%.2f,%.2f,%.2f,",
                 a->dwellings, a->built, a->persons_per_dwelling,
                 plan_round(a->new_patients, 1), a->npractices,
                 plan_round(a->rooms_gross, 2), plan_round(a->spare_used, 2),
                 plan_round(a->rooms_net, 2), plan_round(a->m2, 1),
                 plan_round(a->all_in_gbp_per_m2, 2),
                 plan_round(a->contribution_gbp, 2),
                 plan_round(a->per_dwelling_gbp, 2));
        if ((rc = pc_buf_puts(out, num)) ||
            (rc = csv_str(out, a->s106_position, 0)) ||
            (rc = csv_str(out, a->nillustrative ? "true" : "false", 1)))
            break;
    }
    return rc ? pc_error_wrap(err, "writing the CSV"), rc : PC_OK;
}

pc_status plan_assessments_json(plan_assessment *const *v, size_t n,
                                pc_buf *out, pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *arr, *o;
    int ok = root != NULL;
    double tot[4] = {0};
    long homes = 0;

    plan_jstr(root, "assessment", "pcplan-site-assessments/1", &ok);
    plan_jstr(root, "as_of", n ? v[0]->as_of : NULL, &ok);
    plan_jstr(root, "method", n ? plan_demand_name(v[0]->demand) : NULL, &ok);
    plan_jstr(root, "spare_capacity",
              "each practice's spare rooms shared among its sites in "
              "proportion to the rooms each needs there",
              &ok);
    arr = plan_jarr(root, "sites", &ok);
    for (size_t i = 0; ok && i < n; i++) {
        const plan_assessment *a = v[i];

        if (!(o = plan_jitem(arr, &ok)))
            break;
        plan_jstr(o, "site_id", a->site_id, &ok);
        plan_jstr(o, "name", a->name, &ok);
        plan_jstr(o, "place", a->place, &ok);
        plan_jnum(o, "dwellings", (double)a->dwellings, &ok);
        plan_jnum(o, "new_patients", plan_round(a->new_patients, 1), &ok);
        plan_jnum(o, "rooms_needed_gross", plan_round(a->rooms_gross, 2), &ok);
        plan_jnum(o, "spare_used", plan_round(a->spare_used, 2), &ok);
        plan_jnum(o, "rooms_needed_net", plan_round(a->rooms_net, 2), &ok);
        plan_jnum(o, "m2", plan_round(a->m2, 1), &ok);
        plan_jnum(o, "contribution_gbp", plan_round(a->contribution_gbp, 2),
                  &ok);
        plan_jnum(o, "per_dwelling_gbp", plan_round(a->per_dwelling_gbp, 2),
                  &ok);
        plan_jstr(o, "s106_position", a->s106_position, &ok);
        plan_jbool(o, "illustrative", a->nillustrative > 0, &ok);
        homes += a->dwellings;
        tot[0] += a->rooms_gross;
        tot[1] += a->spare_used;
        tot[2] += a->rooms_net;
        tot[3] += a->contribution_gbp;
    }
    if ((o = cJSON_AddObjectToObject(root, "totals"))) {
        plan_jnum(o, "dwellings", (double)homes, &ok);
        plan_jnum(o, "rooms_needed_gross", plan_round(tot[0], 2), &ok);
        plan_jnum(o, "spare_used", plan_round(tot[1], 2), &ok);
        plan_jnum(o, "rooms_needed_net", plan_round(tot[2], 2), &ok);
        plan_jnum(o, "contribution_gbp", plan_round(tot[3], 2), &ok);
    } else
        ok = 0;
    return plan_json_out(root, ok, out, err);
}
