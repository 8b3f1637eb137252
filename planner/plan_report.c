/* plan_report.c: the document the reports and exports are written from
 * (see plan_report.h). It runs the projection, the contributions ledger,
 * the prioritisation and the site assessments under one scenario and puts
 * their JSON views next to the dataset's entities and geometry. */
#include "plan_report.h"

#include "pc_error.h"
#include "pc_index.h"
#include "plan_assess.h"
#include "plan_backtest.h"
#include "plan_contrib.h"
#include "plan_index.h"
#include "plan_json.h"
#include "plan_params.h"
#include "plan_prio.h"
#include "plan_project.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GRID_M 0.1 /* coordinates to 0.1 m */

typedef struct rep {
    geo_ctx *geo;
    const ds_dataset *ds;
    const plan_run *run;
    pc_index prac_ix;   /* practice code -> index in ds */
    size_t *prac_place; /* practice -> place index (nplaces: unknown) */
    const plan_area **prac_area; /* practice -> its run area (or NULL) */
    pc_index lad_ix, place_ix, site_ix;
    double near_share;
    pc_error *err;
    int ok; /* building JSON: 0 once out of memory */
} rep;

/* Adds the tree j to root under key; frees j when that fails. */
static pc_status add_tree(cJSON *root, const char *key, cJSON *j, pc_error *err)
{
    if (!cJSON_AddItemToObject(root, key, j)) {
        cJSON_Delete(j);
        return PC_NOMEM(err);
    }
    return PC_OK;
}

static pc_status add_geometry(rep *R, cJSON *o, const char *key,
                              const geo_wkb *g)
{
    cJSON *j = NULL;
    pc_status rc;

    if (!g->data) {
        plan_jstr(o, key, NULL, &R->ok);
        return R->ok ? PC_OK : PC_NOMEM(R->err);
    }
    if ((rc = geo_wkb_geojson(R->geo, g, GRID_M, &j, R->err)) != PC_OK)
        return rc;
    if (!cJSON_AddItemToObject(o, key, j)) {
        cJSON_Delete(j);
        return PC_NOMEM(R->err);
    }
    return PC_OK;
}

static cJSON *str_array(cJSON *o, const char *k, const char *const *v, size_t n,
                        int *ok)
{
    cJSON *a = plan_jarr(o, k, ok);

    for (size_t i = 0; a && i < n; i++)
        if (!cJSON_AddItemToArray(a, cJSON_CreateString(v[i])))
            *ok = 0;
    return a;
}

/* --- indexes ----------------------------------------------------------- */

static pc_status index_entities(rep *R)
{
    const ds_dataset *ds = R->ds;
    const plan_run *r = R->run;
    pc_index area_ix = {0};
    size_t j;

    R->prac_place = calloc(ds->npractices + 1, sizeof *R->prac_place);
    R->prac_area = calloc(ds->npractices + 1, sizeof *R->prac_area);
    if (!R->prac_place || !R->prac_area)
        return PC_NOMEM(R->err);
    for (size_t i = 0; i < ds->nplaces; i++)
        if (pc_index_put(&R->place_ix, ds->places[i].name, i, NULL) < 0)
            return PC_NOMEM(R->err);
    for (size_t i = 0; i < ds->nlads; i++)
        if (pc_index_put(&R->lad_ix, ds->lads[i].code, i, NULL) < 0)
            return PC_NOMEM(R->err);
    for (size_t i = 0; i < ds->nsites; i++)
        if (pc_index_put(&R->site_ix, ds->sites[i].id, i, NULL) < 0)
            return PC_NOMEM(R->err);
    for (size_t i = 0; i < r->npractices; i++)
        if (pc_index_put(&area_ix, r->practices[i].code, i, NULL) < 0) {
            pc_index_free(&area_ix);
            return PC_NOMEM(R->err);
        }
    for (size_t i = 0; i < ds->npractices; i++) {
        const ds_practice *p = &ds->practices[i];
        size_t l, pl = ds->nplaces;

        if (pc_index_put(&R->prac_ix, p->code, i, NULL) < 0) {
            pc_index_free(&area_ix);
            return PC_NOMEM(R->err);
        }
        if (pc_index_get(&R->lad_ix, p->lad_code, &l) &&
            !pc_index_get(&R->place_ix, ds->lads[l].place, &pl))
            pl = ds->nplaces;
        R->prac_place[i] = pl;
        R->prac_area[i] =
            pc_index_get(&area_ix, p->code, &j) ? &r->practices[j] : NULL;
    }
    pc_index_free(&area_ix);
    return PC_OK;
}

/* The place of a LAD code; NULL when unknown. */
static const char *lad_place(const rep *R, const char *lad)
{
    size_t l;

    return lad && pc_index_get(&R->lad_ix, lad, &l) ? R->ds->lads[l].place
                                                    : NULL;
}

/* The place of premises: that of its first practice we know. */
static const char *premises_place(const rep *R, const ds_premises *pr)
{
    size_t j;

    for (size_t k = 0; k < pr->npractices; k++)
        if (pc_index_get(&R->prac_ix, pr->practices[k], &j) &&
            R->prac_place[j] < R->ds->nplaces)
            return R->ds->places[R->prac_place[j]].name;
    return NULL;
}

/* --- entities ----------------------------------------------------------- */

static pc_status add_dataset(rep *R, cJSON *root, const char *as_of)
{
    const ds_dataset *ds = R->ds;
    cJSON *d = cJSON_AddObjectToObject(root, "dataset");
    int *ok = &R->ok;

    if (!d)
        return PC_NOMEM(R->err);
    plan_jstr(d, "name", ds->name, ok);
    plan_jstr(d, "title", ds->title, ok);
    plan_jnum(d, "base_year", ds->base_year, ok);
    plan_jstr(d, "as_of", as_of, ok);
    str_array(d, "attribution", ds->attribution, ds->nattribution, ok);
    plan_jstr(d, "system_code", ds->system_code, ok);
    plan_jstr(d, "system_name", ds->system_name, ok);
    return *ok ? PC_OK : PC_NOMEM(R->err);
}

static pc_status add_places(rep *R, cJSON *root)
{
    const ds_dataset *ds = R->ds;
    const plan_run *r = R->run;
    cJSON *arr = plan_jarr(root, "places", &R->ok), *lads;
    int *ok = &R->ok;
    pc_status rc;

    for (size_t i = 0; *ok && i < ds->nplaces; i++) {
        const char *name = ds->places[i].name;
        cJSON *o = plan_jitem(arr, ok);
        size_t np = 0, npcn = 0, npr = 0, ns = 0;
        double planned = 0, horizon = 0;

        if (!o)
            break;
        plan_jstr(o, "name", name, ok);
        if ((rc = add_geometry(R, o, "geometry", &ds->places[i].geom)))
            return rc;
        lads = plan_jarr(o, "lads", ok);
        for (size_t l = 0; lads && l < ds->nlads; l++)
            if (!strcmp(ds->lads[l].place, name) &&
                !cJSON_AddItemToArray(lads,
                                      cJSON_CreateString(ds->lads[l].code)))
                *ok = 0;
        for (size_t p = 0; p < ds->npractices; p++)
            np += R->prac_place[p] == i;
        for (size_t k = 0; k < r->npcns; k++) /* not "in no PCN" */
            npcn += r->pcns[k].code && r->pcns[k].place &&
                    !strcmp(r->pcns[k].place, name);
        for (size_t k = 0; k < ds->npremises; k++) {
            const char *pl = premises_place(R, &ds->premises[k]);

            npr += pl && !strcmp(pl, name);
        }
        for (size_t s = 0; s < ds->nsites; s++) {
            const char *pl = lad_place(R, ds->sites[s].lad_code);

            if (pl && !strcmp(pl, name)) {
                ns++;
                planned += (double)ds->sites[s].dwellings;
            }
        }
        for (size_t s = 0; s < r->nsites; s++) { /* the counted sites */
            size_t k;
            const char *pl = pc_index_get(&R->site_ix, r->sites[s].site_id, &k)
                                 ? lad_place(R, ds->sites[k].lad_code)
                                 : NULL;

            if (pl && !strcmp(pl, name))
                horizon += r->sites[s].homes;
        }
        plan_jnum(o, "practices", (double)np, ok);
        plan_jnum(o, "pcns", (double)npcn, ok);
        plan_jnum(o, "premises", (double)npr, ok);
        plan_jnum(o, "sites", (double)ns, ok);
        plan_jnum(o, "homes_planned", planned, ok);
        plan_jnum(o, "homes_in_horizon", plan_round(horizon, 1), ok);
    }
    return *ok ? PC_OK : PC_NOMEM(R->err);
}

static pc_status add_lads(rep *R, cJSON *root)
{
    cJSON *arr = plan_jarr(root, "lads", &R->ok);
    pc_status rc;

    for (size_t i = 0; R->ok && i < R->ds->nlads; i++) {
        const ds_lad *l = &R->ds->lads[i];
        cJSON *o = plan_jitem(arr, &R->ok);

        if (!o)
            break;
        plan_jstr(o, "lad_code", l->code, &R->ok);
        plan_jstr(o, "name", l->name, &R->ok);
        plan_jstr(o, "place", l->place, &R->ok);
        if ((rc = add_geometry(R, o, "geometry", &l->geom)))
            return rc;
    }
    return R->ok ? PC_OK : PC_NOMEM(R->err);
}

static pc_status add_practices(rep *R, cJSON *root)
{
    const ds_dataset *ds = R->ds;
    cJSON *pcns = plan_jarr(root, "pcns", &R->ok);
    cJSON *arr = plan_jarr(root, "practices", &R->ok);
    int *ok = &R->ok;

    for (size_t i = 0; *ok && i < R->run->npcns; i++) {
        const plan_area *a = &R->run->pcns[i];
        cJSON *o = plan_jitem(pcns, ok);

        plan_jstr(o, "pcn_code", a->code, ok);
        plan_jstr(o, "name", a->name, ok);
        plan_jstr(o, "place", a->place, ok);
    }
    for (size_t i = 0; *ok && i < ds->npractices; i++) {
        const ds_practice *p = &ds->practices[i];
        const plan_area *a = R->prac_area[i];
        cJSON *o = plan_jitem(arr, ok);

        plan_jstr(o, "practice_code", p->code, ok);
        plan_jstr(o, "name", p->name, ok);
        plan_jstr(o, "pcn_code", p->pcn_code, ok);
        plan_jstr(o, "lad_code", p->lad_code, ok);
        plan_jstr(o, "place",
                  R->prac_place[i] < ds->nplaces
                      ? ds->places[R->prac_place[i]].name
                      : NULL,
                  ok);
        plan_jstr(o, "postcode", p->postcode, ok);
        plan_jnum(o, "e", plan_round(p->e, 1), ok);
        plan_jnum(o, "n", plan_round(p->n, 1), ok);
        plan_jnum_or_null(o, "patients",
                          a ? plan_round(a->years[0].patients, 1) : NAN, ok);
        plan_jstr(o, "list_date", R->run->list_date, ok);
    }
    return *ok ? PC_OK : PC_NOMEM(R->err);
}

static double counted(unsigned types, int consult, int treatment, int other)
{
    return (types & PLAN_ROOM_CONSULT ? consult : 0) +
           (types & PLAN_ROOM_TREATMENT ? treatment : 0) +
           (types & PLAN_ROOM_OTHER ? other : 0);
}

/* A premises' rooms are shared among its practices by list (as in the
 * projection); the rooms a practice needs now are attributed to its
 * premises in proportion to the rooms each gives it. So a premises needs
 * sum over its practices p of required_p x rooms_pm / rooms_p. */
static double premises_required(const rep *R, const ds_premises *pr,
                                double rooms)
{
    double total = 0, need = 0;
    size_t j, known = 0;

    for (size_t k = 0; k < pr->npractices; k++)
        if (pc_index_get(&R->prac_ix, pr->practices[k], &j) &&
            R->prac_area[j]) {
            total += R->prac_area[j]->years[0].patients;
            known++;
        }
    for (size_t k = 0; k < pr->npractices; k++) {
        const plan_year *y;
        double w;

        if (!pc_index_get(&R->prac_ix, pr->practices[k], &j) ||
            !R->prac_area[j])
            continue;
        y = &R->prac_area[j]->years[0];
        w = total > 0 ? y->patients / total : 1.0 / (double)known;
        if (y->rooms > 0)
            need += y->required_rooms * rooms * w / y->rooms;
    }
    return need;
}

static pc_status add_premises(rep *R, cJSON *root)
{
    const ds_dataset *ds = R->ds;
    cJSON *arr = plan_jarr(root, "premises", &R->ok);
    int *ok = &R->ok;

    for (size_t i = 0; *ok && i < ds->npremises; i++) {
        const ds_premises *pr = &ds->premises[i];
        double rooms = counted(R->run->room_types, pr->rooms_consult,
                               pr->rooms_treatment, pr->rooms_other);
        double need = premises_required(R, pr, rooms), spare = rooms - need;
        cJSON *o = plan_jitem(arr, ok);

        plan_jstr(o, "premises_id", pr->id, ok);
        plan_jstr(o, "name", pr->name, ok);
        plan_jstr(o, "place", premises_place(R, pr), ok);
        plan_jstr(o, "postcode", pr->postcode, ok);
        plan_jstr(o, "site_type", pr->site_type, ok);
        plan_jstr(o, "tenure", pr->tenure, ok);
        plan_jstr(o, "condition", pr->condition, ok);
        plan_jnum_or_null(o, "gia_m2", pr->gia_m2, ok);
        plan_jnum(o, "rooms_consult", pr->rooms_consult, ok);
        plan_jnum(o, "rooms_treatment", pr->rooms_treatment, ok);
        plan_jnum(o, "rooms_other", pr->rooms_other, ok);
        plan_jnum(o, "rooms", rooms, ok);
        if (o)
            str_array(o, "practices", pr->practices, pr->npractices, ok);
        plan_jnum(o, "required_rooms", plan_round(need, 2), ok);
        plan_jnum(o, "spare_rooms", plan_round(spare, 2), ok);
        plan_jstr(o, "capacity",
                  spare < -0.005                          ? "short"
                  : spare < R->near_share * rooms - 0.005 ? "near"
                                                          : "spare",
                  ok);
        plan_jnum(o, "e", plan_round(pr->e, 1), ok);
        plan_jnum(o, "n", plan_round(pr->n, 1), ok);
        plan_jbool(o, "illustrative", pr->illustrative != NULL, ok);
        plan_jstr(o, "illustrative_note", pr->illustrative, ok);
        /* an invented location: it moves patients between practices */
        plan_jbool(o, "location_illustrative",
                   pr->illustrative && (strstr(pr->illustrative, "easting") ||
                                        strstr(pr->illustrative, "northing")),
                   ok);
    }
    return *ok ? PC_OK : PC_NOMEM(R->err);
}

/* Where a site's new patients register, by the places of the practices:
 * [{place, share}], largest share first (ties by name). */
static void patients_by_place(const plan_assessment *a, cJSON *o, int *ok)
{
    cJSON *arr = plan_jarr(o, "patients_by_place", ok);
    /* at most one place per practice */
    const char **names = calloc(a->npractices + 1, sizeof *names);
    double *share = calloc(a->npractices + 1, sizeof *share);
    size_t n = 0;

    if (!names || !share)
        *ok = 0;
    for (size_t i = 0; names && share && i < a->npractices; i++) {
        const char *pl = a->practices[i].place ? a->practices[i].place : "-";
        size_t k = 0;

        while (k < n && strcmp(names[k], pl))
            k++;
        if (k == n) {
            names[n] = pl;
            share[n++] = 0;
        }
        share[k] += a->practices[i].share;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort, n is small */
        for (size_t k = i; k > 0 && (share[k] > share[k - 1] ||
                                     (share[k] == share[k - 1] &&
                                      strcmp(names[k], names[k - 1]) < 0));
             k--) {
            const char *tn = names[k];
            double ts = share[k];

            names[k] = names[k - 1];
            share[k] = share[k - 1];
            names[k - 1] = tn;
            share[k - 1] = ts;
        }
    for (size_t k = 0; k < n; k++) {
        cJSON *it = plan_jitem(arr, ok);

        plan_jstr(it, "place", names[k], ok);
        plan_jnum(it, "share", plan_round(share[k], 4), ok);
    }
    free(names);
    free(share);
}

/* Which practices a site's new patients register with: [{practice_code,
 * share, distance_m}] in the assessment's order. */
static void site_allocation(const plan_assessment *a, cJSON *o, int *ok)
{
    cJSON *arr = plan_jarr(o, "allocation", ok);

    for (size_t i = 0; *ok && i < a->npractices; i++) {
        cJSON *it = plan_jitem(arr, ok);

        plan_jstr(it, "practice_code", a->practices[i].code, ok);
        plan_jnum(it, "share", plan_round(a->practices[i].share, 4), ok);
        plan_jnum(it, "distance_m", plan_round(a->practices[i].distance_m, 0),
                  ok);
    }
}

/* The approximate PCN areas of the spatial model: [{pcn_code, name, place,
 * geometry}]. */
static pc_status add_pcn_areas(rep *R, cJSON *root, const ds_spatial *sp)
{
    cJSON *arr = plan_jarr(root, "pcn_areas", &R->ok);
    pc_status rc;

    for (size_t i = 0; R->ok && i < sp->npcn_areas; i++) {
        const ds_pcn_area *a = &sp->pcn_areas[i];
        const char *name = NULL;
        cJSON *o = plan_jitem(arr, &R->ok);

        for (size_t k = 0; a->pcn_code && k < R->ds->npcns; k++)
            if (!strcmp(R->ds->pcns[k].code, a->pcn_code))
                name = R->ds->pcns[k].name;
        plan_jstr(o, "pcn_code", a->pcn_code, &R->ok);
        plan_jstr(o, "name", name, &R->ok);
        plan_jstr(o, "place", a->place, &R->ok);
        if (o && (rc = add_geometry(R, o, "geometry", &a->geom)))
            return rc;
    }
    return R->ok ? PC_OK : PC_NOMEM(R->err);
}

/* The money the ledger records for each site beside the model's ask:
 * indexed amounts requested (not yet agreed) and secured, and received;
 * null for a site with no S106 or CIL row. */
static void site_ledgers(cJSON *root, int *ok)
{
    const cJSON *cons = cJSON_GetObjectItem(
        cJSON_GetObjectItem(root, "contributions"), "contributions");
    cJSON *site;

    cJSON_ArrayForEach(site, cJSON_GetObjectItem(root, "sites"))
    {
        const char *id =
            cJSON_GetStringValue(cJSON_GetObjectItem(site, "site_id"));
        double req = 0, sec = 0, rec = 0;
        int rows = 0;
        const cJSON *c;

        cJSON_ArrayForEach(c, cons)
        {
            const char *cs =
                cJSON_GetStringValue(cJSON_GetObjectItem(c, "site_id"));
            const char *st =
                cJSON_GetStringValue(cJSON_GetObjectItem(c, "status"));
            double amt = cJSON_GetNumberValue(
                cJSON_GetObjectItem(c, "amount_indexed_gbp"));

            if (!id || !cs || strcmp(id, cs))
                continue;
            rows++;
            if (cJSON_IsTrue(cJSON_GetObjectItem(c, "secured")))
                sec += amt;
            else if (st && !strcmp(st, "requested"))
                req += amt;
            rec += cJSON_GetNumberValue(cJSON_GetObjectItem(c, "received_gbp"));
        }
        plan_jnum_or_null(site, "ledger_requested_gbp",
                          rows ? plan_round(req, 2) : NAN, ok);
        plan_jnum_or_null(site, "ledger_secured_gbp",
                          rows ? plan_round(sec, 2) : NAN, ok);
        plan_jnum_or_null(site, "ledger_received_gbp",
                          rows ? plan_round(rec, 2) : NAN, ok);
    }
}

static pc_status add_sites(rep *R, cJSON *root, plan_assessment *const *as,
                           size_t nas)
{
    const ds_dataset *ds = R->ds;
    cJSON *arr = plan_jarr(root, "sites", &R->ok);
    int *ok = &R->ok;
    pc_index by_assessment = {0}, by_run = {0};
    pc_status rc = PC_OK;
    size_t at;

    /* a site's assessment (the first) and its row of the run (the last),
     * found through indexes: England's 20,000 sites made a scan of both
     * for each site quadratic */
    for (at = 0; at < nas; at++)
        if (as[at]->site_id &&
            pc_index_put(&by_assessment, as[at]->site_id, at, NULL) < 0)
            *ok = 0;
    for (at = R->run->nsites; at-- > 0;)
        if (pc_index_put(&by_run, R->run->sites[at].site_id, at, NULL) < 0)
            *ok = 0;
    for (size_t i = 0; *ok && i < ds->nsites; i++) {
        const ds_site *s = &ds->sites[i];
        const plan_assessment *a = NULL;
        double homes = 0, e = 0, n = 0;
        cJSON *o = plan_jitem(arr, ok), *tr;

        if (!o)
            break;
        if (pc_index_get(&by_assessment, s->id, &at))
            a = as[at];
        if (pc_index_get(&by_run, s->id, &at))
            homes = R->run->sites[at].homes;
        plan_jstr(o, "site_id", s->id, ok);
        plan_jstr(o, "name", s->name, ok);
        plan_jstr(o, "lad_code", s->lad_code, ok);
        plan_jstr(o, "place", lad_place(R, s->lad_code), ok);
        plan_jnum(o, "dwellings", (double)s->dwellings, ok);
        plan_jstr(o, "planning_status", s->planning_status, ok);
        plan_jstr(o, "s106_position", s->s106_position, ok);
        plan_jstr(o, "s106_note", s->s106_note, ok);
        if (s->cil_liable < 0)
            plan_jstr(o, "cil_liable", NULL, ok);
        else
            plan_jbool(o, "cil_liable", s->cil_liable, ok);
        plan_jnum(o, "area_ha", plan_round(s->area_ha, 2), ok);
        if (s->traj_start) {
            cJSON *h;

            tr = cJSON_AddObjectToObject(o, "trajectory");
            plan_jnum(tr, "start", s->traj_start, ok);
            h = tr ? plan_jarr(tr, "homes", ok) : NULL;
            for (size_t k = 0; h && k < s->ntraj; k++)
                if (!cJSON_AddItemToArray(
                        h, cJSON_CreateNumber((double)s->traj[k])))
                    *ok = 0;
            if (!tr)
                *ok = 0;
        } else {
            plan_jstr(o, "trajectory", NULL, ok);
        }
        plan_jnum(o, "homes_in_horizon", plan_round(homes, 1), ok);
        plan_jnum_or_null(
            o, "contribution_gbp",
            a && !a->no_ask_reason ? plan_round(a->contribution_gbp, 2) : NAN,
            ok);
        plan_jstr(o, "no_ask_reason",
                  a ? a->no_ask_reason : "no homes left to build", ok);
        plan_jnum_or_null(o, "rooms_needed",
                          a ? plan_round(a->rooms_net, 2) : NAN, ok);
        if (a) {
            patients_by_place(a, o, ok);
            site_allocation(a, o, ok);
        } else {
            plan_jstr(o, "patients_by_place", NULL, ok);
            plan_jstr(o, "allocation", NULL, ok);
        }
        if ((rc = geo_point_on_surface(R->geo, &s->geom, &e, &n, R->err))) {
            pc_error_wrap(R->err, "site %s", s->id);
            break;
        }
        plan_jnum(o, "e", plan_round(e, 1), ok);
        plan_jnum(o, "n", plan_round(n, 1), ok);
        if ((rc = add_geometry(R, o, "geometry", &s->geom)))
            break;
        plan_jbool(o, "illustrative", s->illustrative != NULL, ok);
        plan_jstr(o, "illustrative_note", s->illustrative, ok);
    }
    pc_index_free(&by_assessment);
    pc_index_free(&by_run);
    if (rc)
        return rc;
    return *ok ? PC_OK : PC_NOMEM(R->err);
}

static pc_status add_schemes(rep *R, cJSON *root)
{
    const ds_dataset *ds = R->ds;
    cJSON *arr = plan_jarr(root, "schemes", &R->ok);
    int *ok = &R->ok;

    for (size_t i = 0; *ok && i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];
        cJSON *o = plan_jitem(arr, ok), *f;
        const char *p, *q;

        if (!o)
            break;
        plan_jstr(o, "scheme_id", s->id, ok);
        plan_jstr(o, "name", s->name, ok);
        plan_jstr(o, "place", s->place, ok);
        plan_jstr(o, "premises_id", s->premises_id, ok);
        plan_jstr(o, "site_id", s->site_id, ok);
        plan_jstr(o, "kind", s->kind, ok);
        plan_jstr(o, "status", s->status, ok);
        plan_jnum(o, "rooms",
                  counted(R->run->room_types, s->rooms_consult,
                          s->rooms_treatment, s->rooms_other),
                  ok);
        plan_jnum_or_null(o, "cost_gbp", s->cost_gbp, ok);
        plan_jnum_or_null(o, "rent_gbp", s->rent_gbp, ok);
        plan_jnum_or_null(o, "earliest_start",
                          s->earliest_start ? s->earliest_start : NAN, ok);
        plan_jnum_or_null(o, "duration_years",
                          s->duration_years ? s->duration_years : NAN, ok);
        plan_jnum_or_null(o, "completion_year",
                          s->completion_year ? s->completion_year : NAN, ok);
        f = plan_jarr(o, "funding", ok);
        for (p = s->funding; f && p && *p; p = *q ? q + 1 : q) {
            q = strchr(p, ';');
            q = q ? q : p + strlen(p);
            if (q > p) {
                char route[128];

                snprintf(route, sizeof route, "%.*s", (int)(q - p), p);
                if (!cJSON_AddItemToArray(f, cJSON_CreateString(route)))
                    *ok = 0;
            }
        }
        plan_jstr(o, "option_group", s->option_group, ok);
        str_array(o, "depends_on", s->depends_on, s->ndepends, ok);
        plan_jbool(o, "illustrative", s->illustrative != NULL, ok);
    }
    return *ok ? PC_OK : PC_NOMEM(R->err);
}

/* --- the planner's views -------------------------------------------------- */

/* The backtest of the dataset, or null with backtest_error the reason
 * (lists at one date only; a spatial model made for other spatial
 * assumptions than the register's), so that the report still stands. */
static pc_status add_backtest(rep *R, cJSON *root, const ds_spatial *sp)
{
    plan_backtest *b = NULL;
    pc_error berr = {0};
    cJSON *j = NULL;
    pc_status rc = PC_OK;

    if (plan_backtest_run(R->ds, sp, NULL, &b, &berr) != PC_OK ||
        plan_backtest_cjson(b, &j, &berr) != PC_OK) {
        if (berr.code == PC_ERR_NOMEM)
            rc = PC_FAIL(R->err, PC_ERR_NOMEM, "%s", berr.msg);
        plan_jstr(root, "backtest", NULL, &R->ok);
        plan_jstr(root, "backtest_error", berr.msg, &R->ok);
    } else if (!(rc = add_tree(root, "backtest", j, R->err))) {
        plan_jstr(root, "backtest_error", NULL, &R->ok);
    }
    plan_backtest_free(b);
    return rc;
}

static pc_status add_views(rep *R, cJSON *root, const ds_spatial *sp,
                           const plan_scenario *sc, const char *as_of,
                           plan_assessment *const *as, size_t nas)
{
    const ds_dataset *ds = R->ds;
    plan_contrib_opts copts = {as_of, -1};
    plan_contrib_ledger *l = NULL;
    plan_prio_instance *in = NULL;
    plan_programme *pg = NULL;
    cJSON *j = NULL;
    pc_error perr = {0};
    pc_status rc;

    if ((rc = plan_run_cjson(R->run, PLAN_DETAIL_PRACTICE, &j, R->err)) ||
        (rc = add_tree(root, "run", j, R->err)))
        goto done;
    if ((rc = plan_contrib_build(ds, sc, &copts, &l, R->err)) ||
        (rc = plan_contrib_cjson(l, &j, R->err)) ||
        (rc = add_tree(root, "contributions", j, R->err)))
        goto done;
    /* a programme that cannot be made (committed schemes it cannot fund,
     * a time limit) is reported as such; the rest of the report stands */
    if (plan_prio_build(ds, sp, sc, &in, &perr) != PC_OK ||
        plan_programme_new(in, &pg, &perr) != PC_OK ||
        plan_programme_cjson(pg, &j, &perr) != PC_OK) {
        if (perr.code == PC_ERR_NOMEM) {
            rc = PC_FAIL(R->err, PC_ERR_NOMEM, "%s", perr.msg);
            goto done;
        }
        plan_jstr(root, "programme", NULL, &R->ok);
        plan_jstr(root, "programme_error", perr.msg, &R->ok);
    } else if ((rc = add_tree(root, "programme", j, R->err))) {
        goto done;
    } else {
        plan_jstr(root, "programme_error", NULL, &R->ok);
    }
    if ((rc = add_backtest(R, root, sp)))
        goto done;
    if ((rc = plan_assessments_cjson(as, nas, &j, R->err)) ||
        (rc = add_tree(root, "assessments", j, R->err)))
        goto done;
    if (!R->ok)
        rc = PC_NOMEM(R->err);
done:
    plan_programme_free(pg);
    plan_prio_instance_free(in);
    plan_contrib_free(l);
    return rc;
}

static pc_status near_share(const ds_dataset *ds, const plan_scenario *sc,
                            double *out, pc_error *err)
{
    plan_params *P = NULL;
    pc_status rc;

    if ((rc = plan_params_new(ds, sc, &P, err)) == PC_OK)
        rc = plan_params_need(P, "capacity_near_share", 0, 0, 1,
                              "the premises shown as near capacity", out, err);
    plan_params_free(P);
    return rc;
}

pc_status plan_report_build(geo_ctx *geo, const ds_dataset *ds,
                            const ds_spatial *sp, const plan_scenario *sc,
                            const char *as_of, cJSON **out, pc_error *err)
{
    plan_run *run = NULL;
    pc_status rc;

    *out = NULL;
    if (!(rc = plan_project(ds, sp, sc, &run, err)))
        rc = plan_report_build_run(geo, ds, sp, sc, run, as_of, out, err);
    plan_run_free(run);
    return rc;
}

pc_status plan_report_build_run(geo_ctx *geo, const ds_dataset *ds,
                                const ds_spatial *sp, const plan_scenario *sc,
                                const plan_run *run, const char *as_of,
                                cJSON **out, pc_error *err)
{
    rep R = {0};
    plan_assessment **as = NULL;
    plan_assess_opts aopts = plan_assess_opts_init();
    size_t nas = 0;
    cJSON *root = cJSON_CreateObject(), *cap;
    pc_status rc;

    R.geo = geo;
    R.ds = ds;
    R.err = err;
    R.ok = root != NULL;
    *out = NULL;
    if (!root)
        return PC_NOMEM(err);
    if ((rc = near_share(ds, sc, &R.near_share, err)))
        goto done;
    R.run = run;
    if (!as_of)
        as_of = run->list_date ? run->list_date : plan_as_of(ds);
    if ((rc = index_entities(&R)))
        goto done;
    plan_jstr(root, "format", PLAN_REPORT_FORMAT, &R.ok);
    plan_jstr(root, "pcplan_version", PCPLAN_VERSION, &R.ok);
    if ((rc = add_dataset(&R, root, as_of)))
        goto done;
    plan_jstr(root, "scenario", run->scenario, &R.ok);
    plan_jstr(root, "preset", run->preset, &R.ok);
    cap = cJSON_AddObjectToObject(root, "capacity");
    if (!cap)
        R.ok = 0;
    plan_jnum(cap, "near_share", R.near_share, &R.ok);
    plan_jstr(cap, "basis",
              "premises are short when the rooms their practices need now "
              "exceed their rooms, near when their spare rooms are under "
              "capacity_near_share of their rooms, else spare; a practice's "
              "need is shared among its premises by the rooms each gives it",
              &R.ok);
    plan_jstr(root, "crs", "EPSG:27700", &R.ok);
    if (ds->system_geom.data) {
        cJSON *s = cJSON_AddObjectToObject(root, "system");

        if (!s)
            R.ok = 0;
        plan_jstr(s, "code", ds->system_code, &R.ok);
        plan_jstr(s, "name", ds->system_name, &R.ok);
        if (s && (rc = add_geometry(&R, s, "geometry", &ds->system_geom)))
            goto done;
    } else {
        plan_jstr(root, "system", NULL, &R.ok);
    }
    aopts.as_of = as_of;
    if ((rc = plan_assess_all(ds, sp, sc, &aopts, &as, &nas, err)) ||
        (rc = add_places(&R, root)) || (rc = add_lads(&R, root)) ||
        (rc = add_practices(&R, root)) || (rc = add_premises(&R, root)) ||
        (rc = add_sites(&R, root, as, nas)) ||
        (rc = add_pcn_areas(&R, root, sp)) || (rc = add_schemes(&R, root)) ||
        (rc = add_views(&R, root, sp, sc, as_of, as, nas)))
        goto done;
    site_ledgers(root, &R.ok);
    if (!R.ok)
        rc = PC_NOMEM(err);
done:
    plan_assessments_free(as, nas);
    pc_index_free(&R.prac_ix);
    pc_index_free(&R.lad_ix);
    pc_index_free(&R.place_ix);
    pc_index_free(&R.site_ix);
    free(R.prac_place);
    free(R.prac_area);
    if (rc == PC_OK)
        *out = root;
    else
        cJSON_Delete(root);
    return rc;
}
