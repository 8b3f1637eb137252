/* plan_spatial.c: the spatial model (see plan_spatial.h): its indexes,
 * overlay and allocation (the whole dataset's: plan_spatial_build.c).
 *
 * A "location" is a point patients travel to: each premises (housing one or
 * more practices), and the practice's own point for a practice with no
 * premises. Locations are indexed once in an STR-tree; LADs, approximate
 * PCN areas and catchments in three more. The PCN areas are built per
 * place: the Voronoi cells of the place's locations, clipped to the place,
 * merged by the PCN of each location's lead practice. They are marked as
 * approximate wherever they are shown. */
#include "plan_spatial_int.h"

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_names[PLAN_NMETHODS] = {"huff", "nearest",
                                                        "catchment"};

const char *plan_method_name(plan_method m)
{
    return m < PLAN_NMETHODS ? method_names[m] : "?";
}

pc_status plan_method_parse(const char *s, plan_method *out, pc_error *err)
{
    if (!s) {
        *out = PLAN_HUFF;
        return PC_OK;
    }
    for (int i = 0; i < PLAN_NMETHODS; i++)
        if (!strcmp(s, method_names[i])) {
            *out = (plan_method)i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "unknown allocation method \"%s\" (expected huff, nearest "
                   "or catchment)",
                   s);
}

/* --- parameters --------------------------------------------------------- */

static const struct {
    const char *id;
    size_t off;
    double min, max;
    const char *what;
} param_specs[] = {
    {"huff_alpha", offsetof(plan_spatial_params, huff_alpha), 0, 5,
     "the huff rule's exponent on list size"},
    {"huff_beta", offsetof(plan_spatial_params, huff_beta), 0, 5,
     "the huff rule's distance-decay exponent"},
    {"dmax_urban_m", offsetof(plan_spatial_params, dmax_urban_m), 1, 100000,
     "how far an urban site's patients travel, in metres"},
    {"dmax_rural_m", offsetof(plan_spatial_params, dmax_rural_m), 1, 100000,
     "how far a rural site's patients travel, in metres"},
    {"huff_min_distance_m", offsetof(plan_spatial_params, min_distance_m), 1,
     5000,
     "the distance below which the huff rule counts a practice as this "
     "close, in metres"},
};
#define NPARAMS (sizeof param_specs / sizeof *param_specs)

size_t plan_spatial_nparams(void)
{
    return NPARAMS;
}

const char *plan_spatial_param_at(const plan_spatial_params *p, size_t k,
                                  double *value)
{
    *value = *(const double *)((const char *)p + param_specs[k].off);
    return param_specs[k].id;
}

pc_status plan_spatial_params_get(const ds_dataset *ds, plan_spatial_params *p,
                                  pc_error *err)
{
    plan_spatial_params v;

    for (size_t k = 0; k < NPARAMS; k++) {
        const ds_assumption *a = NULL;

        for (size_t i = 0; i < ds->nassumptions && !a; i++)
            if (!strcmp(ds->assumptions[i].id, param_specs[k].id))
                a = &ds->assumptions[i];
        if (!a)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "assumptions: no assumption \"%s\" (the spatial "
                           "model needs %s)",
                           param_specs[k].id, param_specs[k].what);
        if (!(a->value >= param_specs[k].min && a->value <= param_specs[k].max))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "assumptions: \"%s\" is %g (expected %g to %g: %s)",
                           a->id, a->value, param_specs[k].min,
                           param_specs[k].max, param_specs[k].what);
        *(double *)((char *)&v + param_specs[k].off) = a->value;
    }
    *p = v;
    return PC_OK;
}

/* --- the indexes -------------------------------------------------------- */

/* The latest list size of every practice (0 when it has none). */
static pc_status latest_lists(plan_spatial *sp, pc_error *err)
{
    const ds_dataset *ds = sp->ds;
    const char **date = calloc(ds->npractices + 1, sizeof *date);

    sp->list = calloc(ds->npractices + 1, sizeof *sp->list);
    sp->seen = calloc(ds->npractices + 1, 1);
    if (!date || !sp->list || !sp->seen) {
        free(date);
        return PC_NOMEM(err);
    }
    for (size_t i = 0; i < ds->nlist_sizes; i++) {
        const ds_list_size *l = &ds->list_sizes[i];
        size_t j;

        if (pc_index_get(&sp->practice_ix, l->practice_code, &j) &&
            (!date[j] || strcmp(l->date, date[j]) > 0)) {
            date[j] = l->date;
            sp->list[j] = (double)l->patients;
        }
    }
    free(date);
    return PC_OK;
}

static const char *practice_place(const plan_spatial *sp, size_t j)
{
    size_t l;

    if (!pc_index_get(&sp->lad_ix, sp->ds->practices[j].lad_code, &l))
        return NULL;
    return sp->ds->lads[l].place;
}

/* Builds the locations and both directions of the practice <-> location
 * relation. */
static pc_status build_locations(plan_spatial *sp, pc_error *err)
{
    const ds_dataset *ds = sp->ds;
    size_t np = ds->npractices, nl = 0, nlinks = 0, k;
    int *has = calloc(np + 1, sizeof *has);

    if (!has)
        return PC_NOMEM(err);
    for (size_t i = 0; i < ds->npremises; i++)
        for (k = 0; k < ds->premises[i].npractices; k++) {
            size_t j;

            if (pc_index_get(&sp->practice_ix, ds->premises[i].practices[k],
                             &j))
                has[j] = 1;
        }
    nl = ds->npremises;
    nlinks = 0;
    for (size_t i = 0; i < ds->npremises; i++)
        nlinks += ds->premises[i].npractices;
    for (size_t j = 0; j < np; j++)
        if (!has[j]) {
            nl++;
            nlinks++;
        }
    sp->xy = calloc(2 * nl + 2, sizeof *sp->xy);
    sp->loc_premises = calloc(nl + 1, sizeof *sp->loc_premises);
    sp->loc_place = calloc(nl + 1, sizeof *sp->loc_place);
    sp->loc_first = calloc(nl + 1, sizeof *sp->loc_first);
    sp->loc_n = calloc(nl + 1, sizeof *sp->loc_n);
    sp->loc_pr = calloc(nlinks + 1, sizeof *sp->loc_pr);
    sp->loc_wkb = calloc(nl + 1, sizeof *sp->loc_wkb);
    sp->pr_first = calloc(np + 1, sizeof *sp->pr_first);
    sp->pr_n = calloc(np + 1, sizeof *sp->pr_n);
    sp->pr_loc = calloc(nlinks + 1, sizeof *sp->pr_loc);
    if (!sp->xy || !sp->loc_premises || !sp->loc_place || !sp->loc_first ||
        !sp->loc_n || !sp->loc_pr || !sp->loc_wkb || !sp->pr_first ||
        !sp->pr_n || !sp->pr_loc) {
        free(has);
        return PC_NOMEM(err);
    }
    nlinks = 0;
    for (size_t i = 0; i < ds->npremises; i++) {
        const ds_premises *pm = &ds->premises[i];
        size_t lead;

        sp->xy[2 * i] = pm->e;
        sp->xy[2 * i + 1] = pm->n;
        sp->loc_premises[i] = pm->id;
        sp->loc_first[i] = nlinks;
        for (k = 0; k < pm->npractices; k++)
            if (pc_index_get(&sp->practice_ix, pm->practices[k],
                             &sp->loc_pr[nlinks]))
                nlinks++;
        sp->loc_n[i] = nlinks - sp->loc_first[i];
        /* a building's place is that of its lead (first) practice */
        if (sp->loc_n[i] > 0) {
            lead = sp->loc_pr[sp->loc_first[i]];
            sp->loc_place[i] = practice_place(sp, lead);
        }
    }
    sp->nloc = ds->npremises;
    for (size_t j = 0; j < np; j++)
        if (!has[j]) {
            size_t i = sp->nloc++;

            sp->xy[2 * i] = ds->practices[j].e;
            sp->xy[2 * i + 1] = ds->practices[j].n;
            sp->loc_first[i] = nlinks;
            sp->loc_n[i] = 1;
            sp->loc_pr[nlinks++] = j;
            sp->loc_place[i] = practice_place(sp, j);
        }
    free(has);
    /* the reverse relation, in location order */
    for (size_t i = 0; i < sp->nloc; i++)
        for (k = 0; k < sp->loc_n[i]; k++)
            sp->pr_n[sp->loc_pr[sp->loc_first[i] + k]]++;
    for (size_t j = 0, at = 0; j < np; j++) {
        sp->pr_first[j] = at;
        at += sp->pr_n[j];
        sp->pr_n[j] = 0;
    }
    for (size_t i = 0; i < sp->nloc; i++)
        for (k = 0; k < sp->loc_n[i]; k++) {
            size_t j = sp->loc_pr[sp->loc_first[i] + k];

            sp->pr_loc[sp->pr_first[j] + sp->pr_n[j]++] = i;
        }
    for (size_t i = 0; i < sp->nloc; i++)
        if (geo_point_wkb(sp->geo, sp->xy[2 * i], sp->xy[2 * i + 1],
                          &sp->loc_wkb[i], err) != PC_OK)
            return err->code;
    sp->locs = geo_points_new(sp->geo, sp->xy, sp->nloc, err);
    return sp->locs ? PC_OK : err->code;
}

/* The PCN of a location: that of its first practice in a PCN. */
static const char *location_pcn(const plan_spatial *sp, size_t i)
{
    for (size_t k = 0; k < sp->loc_n[i]; k++) {
        const char *c =
            sp->ds->practices[sp->loc_pr[sp->loc_first[i] + k]].pcn_code;
        if (c)
            return c;
    }
    return NULL;
}

int plan_spatial_pcn_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return !a - !b; /* "no PCN" last */
    return strcmp(a, b);
}

/* Approximate PCN areas: per place, the Voronoi cells of its locations,
 * clipped to the place and merged by PCN. */
static pc_status build_pcn_areas(plan_spatial *sp, pc_error *err)
{
    const ds_dataset *ds = sp->ds;
    size_t *in = calloc(sp->nloc + 1, sizeof *in);
    double *xy = calloc(2 * sp->nloc + 2, sizeof *xy);
    geo_wkb *cells = calloc(sp->nloc + 1, sizeof *cells);
    geo_wkb *parts = calloc(sp->nloc + 1, sizeof *parts);
    const char **pcns = calloc(sp->nloc + 1, sizeof *pcns);
    geo_wkb *area_geoms = NULL;
    pc_status rc = PC_OK;

    sp->pcn = calloc(sp->nloc + 1, sizeof *sp->pcn);
    if (!in || !xy || !cells || !parts || !pcns || !sp->pcn) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    for (size_t p = 0; p < ds->nplaces && rc == PC_OK; p++) {
        const char *place = ds->places[p].name;
        size_t n = 0, npcns = 0;

        for (size_t i = 0; i < sp->nloc; i++)
            if (sp->loc_place[i] && !strcmp(sp->loc_place[i], place)) {
                in[n] = i;
                xy[2 * n] = sp->xy[2 * i];
                xy[2 * n + 1] = sp->xy[2 * i + 1];
                n++;
            }
        if (n == 0)
            continue;
        rc = geo_voronoi_cells(sp->geo, xy, n, &ds->places[p].geom, cells, err);
        if (rc != PC_OK) {
            pc_error_wrap(err, "PCN areas of %s", place);
            break;
        }
        /* the distinct PCNs of the place, in order, "no PCN" last */
        for (size_t k = 0; k < n; k++) {
            const char *c = location_pcn(sp, in[k]);
            size_t m;

            for (m = 0; m < npcns && plan_spatial_pcn_cmp(pcns[m], c); m++)
                ;
            if (m == npcns)
                pcns[npcns++] = c;
        }
        for (size_t a = 1; a < npcns; a++)
            for (size_t b = a;
                 b > 0 && plan_spatial_pcn_cmp(pcns[b - 1], pcns[b]) > 0; b--) {
                const char *t = pcns[b];
                pcns[b] = pcns[b - 1];
                pcns[b - 1] = t;
            }
        for (size_t m = 0; m < npcns && rc == PC_OK; m++) {
            size_t nparts = 0;

            for (size_t k = 0; k < n; k++)
                if (cells[k].data &&
                    !plan_spatial_pcn_cmp(location_pcn(sp, in[k]), pcns[m]))
                    parts[nparts++] = cells[k];
            if (nparts == 0)
                continue;
            rc =
                geo_union(sp->geo, parts, nparts, &sp->pcn[sp->npcn].geom, err);
            if (rc != PC_OK) {
                pc_error_wrap(err, "PCN area %s in %s",
                              pcns[m] ? pcns[m] : "(none)", place);
                break;
            }
            sp->pcn[sp->npcn].pcn_code = pcns[m];
            sp->pcn[sp->npcn].place = place;
            sp->npcn++;
        }
        for (size_t k = 0; k < n; k++)
            geo_wkb_free(&cells[k]);
    }
    if (rc != PC_OK)
        goto cleanup;
    area_geoms = calloc(sp->npcn + 1, sizeof *area_geoms);
    if (!area_geoms) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    for (size_t k = 0; k < sp->npcn; k++)
        area_geoms[k] = sp->pcn[k].geom; /* borrowed by the index build */
    sp->pcns = geo_areas_new(sp->geo, area_geoms, sp->npcn, err);
    if (!sp->pcns)
        rc = err->code;

cleanup:
    free(area_geoms);
    free(pcns);
    free(parts);
    free(cells);
    free(xy);
    free(in);
    return rc;
}

/* The PCN areas the store holds (made by build_pcn_areas when the
 * dataset was imported), copied (a store's model may be let go before
 * these indexes) and indexed. */
static pc_status copy_pcn_areas(plan_spatial *sp, const ds_spatial *stored,
                                pc_error *err)
{
    const ds_dataset *ds = sp->ds;
    geo_wkb *g = calloc(stored->npcn_areas + 1, sizeof *g);
    pc_index places = {0}, pcns = {0};
    pc_status rc = PC_OK;
    size_t i, j = 0;

    sp->pcn = calloc(stored->npcn_areas + 1, sizeof *sp->pcn);
    if (!g || !sp->pcn)
        goto oom;
    for (i = 0; i < ds->nplaces; i++)
        if (pc_index_put(&places, ds->places[i].name, i, NULL) < 0)
            goto oom;
    for (i = 0; i < ds->npractices; i++) /* the codes location_pcn gives */
        if (ds->practices[i].pcn_code &&
            pc_index_put(&pcns, ds->practices[i].pcn_code, i, NULL) < 0)
            goto oom;
    for (size_t k = 0; k < stored->npcn_areas; k++) {
        const ds_pcn_area *a = &stored->pcn_areas[k];
        geo_wkb *c = &sp->pcn[k].geom;

        sp->npcn = k + 1; /* plan_spatial_free frees what is copied */
        if (!(c->data = malloc(a->geom.len + 1)))
            goto oom;
        memcpy(c->data, a->geom.data, a->geom.len);
        c->len = a->geom.len;
        /* the names ds holds, which outlive the copy */
        if (!pc_index_get(&places, a->place, &i) ||
            (a->pcn_code && !pc_index_get(&pcns, a->pcn_code, &j))) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "the stored PCN area of %s in %s is not of the "
                         "dataset (expected its places and PCNs)",
                         a->pcn_code ? a->pcn_code : "no PCN", a->place);
            goto done;
        }
        sp->pcn[k].place = ds->places[i].name;
        sp->pcn[k].pcn_code = a->pcn_code ? ds->practices[j].pcn_code : NULL;
        g[k] = *c;
    }
    if (!(sp->pcns = geo_areas_new(sp->geo, g, sp->npcn, err)))
        rc = err->code;
    goto done;
oom:
    rc = PC_NOMEM(err);
done:
    pc_index_free(&places);
    pc_index_free(&pcns);
    free(g);
    return rc;
}

pc_status plan_spatial_new(geo_ctx *geo, const ds_dataset *ds,
                           const ds_spatial *stored,
                           const plan_spatial_params *p, plan_spatial **out,
                           pc_error *err)
{
    plan_spatial *sp = calloc(1, sizeof *sp);
    geo_wkb *g = NULL;
    pc_status rc = PC_OK;

    if (!sp)
        return PC_NOMEM(err);
    sp->geo = geo;
    sp->ds = ds;
    sp->p = *p;
    for (size_t j = 0; j < ds->npractices; j++)
        if (pc_index_put(&sp->practice_ix, ds->practices[j].code, j, NULL) < 0)
            goto oom;
    for (size_t l = 0; l < ds->nlads; l++)
        if (pc_index_put(&sp->lad_ix, ds->lads[l].code, l, NULL) < 0)
            goto oom;
    if ((rc = latest_lists(sp, err)) != PC_OK ||
        (rc = build_locations(sp, err)) != PC_OK)
        goto fail;
    g = calloc(ds->nlads + ds->ncatchments + 1, sizeof *g);
    if (!g)
        goto oom;
    for (size_t l = 0; l < ds->nlads; l++)
        g[l] = ds->lads[l].geom;
    if (!(sp->lads = geo_areas_new(geo, g, ds->nlads, err))) {
        rc = err->code;
        goto fail;
    }
    for (size_t c = 0; c < ds->ncatchments; c++)
        g[c] = ds->catchments[c].geom;
    if (!(sp->catchments = geo_areas_new(geo, g, ds->ncatchments, err))) {
        rc = err->code;
        goto fail;
    }
    if (stored && stored->npcn_areas > 0)
        rc = copy_pcn_areas(sp, stored, err);
    else
        rc = build_pcn_areas(sp, err);
    if (rc != PC_OK)
        goto fail;
    free(g);
    *out = sp;
    return PC_OK;

oom:
    rc = PC_NOMEM(err);
fail:
    free(g);
    plan_spatial_free(sp);
    return rc;
}

const plan_spatial_params *plan_spatial_params_of(const plan_spatial *sp)
{
    return &sp->p;
}

void plan_spatial_free(plan_spatial *sp)
{
    if (!sp)
        return;
    geo_areas_free(sp->catchments);
    geo_areas_free(sp->pcns);
    for (size_t k = 0; sp->pcn && k < sp->npcn; k++)
        geo_wkb_free(&sp->pcn[k].geom);
    free(sp->pcn);
    geo_areas_free(sp->lads);
    geo_points_free(sp->locs);
    for (size_t i = 0; sp->loc_wkb && i < sp->nloc; i++)
        geo_wkb_free(&sp->loc_wkb[i]);
    free(sp->loc_wkb);
    free(sp->pr_loc);
    free(sp->pr_n);
    free(sp->pr_first);
    free(sp->loc_pr);
    free(sp->loc_n);
    free(sp->loc_first);
    free(sp->loc_place);
    free(sp->loc_premises);
    free(sp->xy);
    free(sp->list);
    free(sp->seen);
    pc_index_free(&sp->lad_ix);
    pc_index_free(&sp->practice_ix);
    free(sp);
}

/* --- overlay ------------------------------------------------------------ */

void plan_site_geo_free(plan_site_geo *s)
{
    free(s->lads);
    free(s->pcns);
    free(s->alloc);
    s->lads = s->pcns = NULL;
    s->alloc = NULL;
    s->nlads = s->npcns = s->nalloc = 0;
}

/* Shares of the hits, normalised over their sum. */
static pc_status shares_of(const geo_hit *hits, size_t n, plan_share **out,
                           double *sum, pc_error *err)
{
    double s = 0;

    *out = NULL;
    for (size_t i = 0; i < n; i++)
        s += hits[i].value;
    *sum = s;
    if (n == 0 || s <= 0)
        return PC_OK;
    *out = calloc(n, sizeof **out);
    if (!*out)
        return PC_NOMEM(err);
    for (size_t i = 0; i < n; i++) {
        (*out)[i].area_m2 = hits[i].value;
        (*out)[i].share = hits[i].value / s;
    }
    return PC_OK;
}

pc_status plan_spatial_overlay(plan_spatial *sp, const geo_wkb *g,
                               plan_site_geo *out, pc_error *err)
{
    geo_hit *hits = NULL;
    size_t n = 0;
    double area = 0, inside = 0, in_pcn = 0;
    plan_share *lads = NULL, *pcns = NULL;

    if (geo_areas_overlay(sp->lads, g, &hits, &n, &area, err) != PC_OK)
        return err->code;
    if (shares_of(hits, n, &lads, &inside, err) != PC_OK) {
        free(hits);
        return err->code;
    }
    if (!lads) {
        free(hits);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "geometry: the site lies outside every LAD of the "
                       "dataset (expected it to overlap the area)");
    }
    for (size_t i = 0; i < n; i++) {
        lads[i].code = sp->ds->lads[hits[i].id].code;
        lads[i].place = sp->ds->lads[hits[i].id].place;
    }
    free(hits);
    hits = NULL;
    size_t nl = n;

    if (geo_areas_overlay(sp->pcns, g, &hits, &n, &area, err) != PC_OK ||
        shares_of(hits, n, &pcns, &in_pcn, err) != PC_OK) {
        free(hits);
        free(lads);
        return err->code;
    }
    for (size_t i = 0; pcns && i < n; i++) {
        pcns[i].code = sp->pcn[hits[i].id].pcn_code;
        pcns[i].place = sp->pcn[hits[i].id].place;
    }
    free(hits);
    free(out->lads);
    free(out->pcns);
    out->lads = lads;
    out->nlads = nl;
    out->pcns = pcns;
    out->npcns = pcns ? n : 0;
    out->area_m2 = area;
    out->outside_m2 = area > inside ? area - inside : 0;
    return PC_OK;
}

/* --- allocation --------------------------------------------------------- */

static int cmp_alloc(const void *a, const void *b)
{
    const plan_alloc *x = a, *y = b;

    if (x->share != y->share)
        return x->share > y->share ? -1 : 1;
    return strcmp(x->practice_code, y->practice_code);
}

/* Normalises weights w[0..n) into out (sorted); 0 if they sum to 0. */
static int finish(plan_alloc *a, const double *w, size_t n)
{
    double s = 0;

    for (size_t i = 0; i < n; i++)
        s += w[i];
    if (!(s > 0))
        return 0;
    for (size_t i = 0; i < n; i++)
        a[i].share = w[i] / s;
    qsort(a, n, sizeof *a, cmp_alloc);
    return 1;
}

/* Attraction of practice j: its list size to the power alpha. */
static double attraction(const plan_spatial *sp, size_t j)
{
    return sp->list[j] > 0 ? pow(sp->list[j], sp->p.huff_alpha) : 0;
}

/* All to the practice(s) of the nearest location, shared by attraction
 * (equally when none has a list). */
static pc_status alloc_nearest(plan_spatial *sp, const geo_wkb *g,
                               plan_site_geo *out, pc_error *err)
{
    geo_hit h;
    size_t n, first;
    plan_alloc *a;
    double *w;

    if (geo_points_nearest(sp->locs, g, &h, err) != PC_OK)
        return err->code == PC_ERR_NOTFOUND
                   ? PC_FAIL(err, PC_ERR_INPUT,
                             "the dataset has no practice to allocate to")
                   : err->code;
    n = sp->loc_n[h.id];
    first = sp->loc_first[h.id];
    a = calloc(n ? n : 1, sizeof *a);
    w = calloc(n ? n : 1, sizeof *w);
    if (!a || !w) {
        free(a);
        free(w);
        return PC_NOMEM(err);
    }
    for (size_t k = 0; k < n; k++) {
        size_t j = sp->loc_pr[first + k];

        a[k] = (plan_alloc){sp->ds->practices[j].code, sp->loc_premises[h.id],
                            h.value, 0};
        w[k] = attraction(sp, j);
    }
    if (!finish(a, w, n)) {
        for (size_t k = 0; k < n; k++)
            w[k] = 1;
        finish(a, w, n);
    }
    free(w);
    free(out->alloc);
    out->alloc = a;
    out->nalloc = n;
    if (n > 1)
        snprintf(out->note, sizeof out->note,
                 "the nearest premises, %s, houses %zu practices: shared by "
                 "list size",
                 sp->loc_premises[h.id] ? sp->loc_premises[h.id] : "?", n);
    return PC_OK;
}

/* When a rule finds nobody: all to the nearest practice, saying why. */
static pc_status fallback(plan_spatial *sp, const geo_wkb *g,
                          plan_site_geo *out, const char *why, pc_error *err)
{
    if (alloc_nearest(sp, g, out, err) != PC_OK)
        return err->code;
    out->fallback = 1;
    snprintf(out->note, sizeof out->note, "%s: the nearest practice takes all",
             why);
    return PC_OK;
}

/* Ends an allocation: the n practices a with weights w become out's
 * allocation when finish() can share among them, else the fallback says
 * why. Takes a, w and hits, and frees what it does not keep. */
static pc_status alloc_settle(plan_spatial *sp, const geo_wkb *g,
                              plan_site_geo *out, plan_alloc *a, double *w,
                              size_t n, geo_hit *hits, const char *why,
                              pc_error *err)
{
    pc_status rc = PC_OK;

    if (!finish(a, w, n))
        rc = fallback(sp, g, out, why, err);
    else {
        free(out->alloc);
        out->alloc = a;
        out->nalloc = n;
        a = NULL;
    }
    free(w);
    free(a);
    free(hits);
    return rc;
}

static pc_status alloc_huff(plan_spatial *sp, const geo_wkb *g, int rural,
                            plan_site_geo *out, pc_error *err)
{
    double dmax = rural ? sp->p.dmax_rural_m : sp->p.dmax_urban_m;
    char why[160];
    geo_hit *hits = NULL;
    size_t nh = 0, n = 0, cap = 0;
    plan_alloc *a = NULL;
    double *w = NULL;
    pc_status rc = PC_OK;

    if (geo_points_within(sp->locs, g, dmax, &hits, &nh, err) != PC_OK)
        return err->code;
    for (size_t i = 0; i < nh; i++)
        cap += sp->loc_n[hits[i].id];
    a = calloc(cap + 1, sizeof *a);
    w = calloc(cap + 1, sizeof *w);
    if (!a || !w) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    /* hits come nearest first: a practice's first hit is its nearest
     * premises; a practice with no patients attracts none */
    for (size_t i = 0; i < nh; i++)
        for (size_t k = 0; k < sp->loc_n[hits[i].id]; k++) {
            size_t j = sp->loc_pr[sp->loc_first[hits[i].id] + k];
            double d = fmax(hits[i].value, sp->p.min_distance_m);

            if (sp->seen[j] || attraction(sp, j) <= 0)
                continue;
            sp->seen[j] = 1;
            a[n] = (plan_alloc){sp->ds->practices[j].code,
                                sp->loc_premises[hits[i].id], hits[i].value, 0};
            w[n++] = attraction(sp, j) * pow(d, -sp->p.huff_beta);
        }
    /* clear only what this site marked */
    for (size_t i = 0; i < nh; i++)
        for (size_t k = 0; k < sp->loc_n[hits[i].id]; k++)
            sp->seen[sp->loc_pr[sp->loc_first[hits[i].id] + k]] = 0;
    snprintf(why, sizeof why,
             "no practice with patients within %.0f m of this %s site "
             "(assumption %s)",
             dmax, rural ? "rural" : "urban",
             rural ? "dmax_rural_m" : "dmax_urban_m");
    return alloc_settle(sp, g, out, a, w, n, hits, why, err);

cleanup:
    free(w);
    free(a);
    free(hits);
    return rc;
}

/* Distance from g to practice j's nearest location. */
static pc_status practice_distance(plan_spatial *sp, const geo_wkb *g, size_t j,
                                   double *d, const char **premises,
                                   pc_error *err)
{
    *d = INFINITY;
    *premises = NULL;
    for (size_t k = 0; k < sp->pr_n[j]; k++) {
        size_t i = sp->pr_loc[sp->pr_first[j] + k];
        double x;

        if (geo_distance_m(sp->geo, g, &sp->loc_wkb[i], &x, err) != PC_OK)
            return err->code;
        if (x < *d) {
            *d = x;
            *premises = sp->loc_premises[i];
        }
    }
    return PC_OK;
}

static pc_status alloc_catchment(plan_spatial *sp, const geo_wkb *g,
                                 plan_site_geo *out, pc_error *err)
{
    const ds_dataset *ds = sp->ds;
    geo_hit *hits = NULL;
    size_t nh = 0, n = 0;
    double area = 0;
    plan_alloc *a = NULL;
    double *w = NULL;
    pc_status rc = PC_OK;

    if (ds->ncatchments == 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "method catchment: the dataset supplies no practice "
                       "catchments (add a \"catchments\" file, see "
                       "datasets/FORMAT.md, or use huff or nearest)");
    if (geo_areas_overlay(sp->catchments, g, &hits, &nh, &area, err) != PC_OK)
        return err->code;
    a = calloc(nh + 1, sizeof *a);
    w = calloc(nh + 1, sizeof *w);
    if (!a || !w) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    for (size_t i = 0; i < nh; i++) {
        size_t j;

        if (!pc_index_get(&sp->practice_ix,
                          ds->catchments[hits[i].id].practice_code, &j) ||
            attraction(sp, j) <= 0)
            continue;
        a[n].practice_code = ds->practices[j].code;
        if ((rc = practice_distance(sp, g, j, &a[n].distance_m,
                                    &a[n].premises_id, err)) != PC_OK)
            goto cleanup;
        /* list size times the part of the site inside the catchment */
        w[n++] = attraction(sp, j) * hits[i].value;
    }
    return alloc_settle(sp, g, out, a, w, n, hits,
                        "the site lies in no practice's catchment", err);

cleanup:
    free(w);
    free(a);
    free(hits);
    return rc;
}

pc_status plan_spatial_allocate(plan_spatial *sp, const geo_wkb *g, int rural,
                                plan_method m, plan_site_geo *out,
                                pc_error *err)
{
    out->fallback = 0;
    out->note[0] = '\0';
    switch (m) {
    case PLAN_HUFF: return alloc_huff(sp, g, rural, out, err);
    case PLAN_NEAREST: return alloc_nearest(sp, g, out, err);
    case PLAN_CATCHMENT: return alloc_catchment(sp, g, out, err);
    default: return PC_FAIL(err, PC_ERR_INTERNAL, "bad method %d", (int)m);
    }
}
