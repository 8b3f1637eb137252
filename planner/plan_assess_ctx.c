/* plan_assess_ctx.c: the working state an assessment shares (see
 * plan_assess_int.h): the base-year run that gives practices' capacity,
 * the parameters, the indexes from ids to rows and from a site or a
 * practice to its rows, and the spatial model for new developments. */
#include "plan_assess_int.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_index.h"
#include "plan_index.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The site (its position in ds->sites) of each of n rows of stride size
 * whose site id is at offset off, into g; SIZE_MAX for an unknown site. */
static void site_of_rows(const plan_assess_ctx *C, const void *rows, size_t n,
                         size_t size, size_t off, size_t *g)
{
    for (size_t i = 0; i < n; i++) {
        const char *id =
            *(const char *const *)((const char *)rows + i * size + off);

        if (!pc_index_get(&C->b->site_ix, id, &g[i]))
            g[i] = SIZE_MAX;
    }
}

/* Each practice's premises (in the dataset's order); -1 when out of
 * memory. */
static int premises_groups(plan_assess_base *b, const ds_dataset *ds)
{
    size_t np = 0, k = 0;
    size_t *g, *val;
    int bad = -1;

    for (size_t q = 0; q < ds->npremises; q++)
        np += ds->premises[q].npractices;
    g = malloc((np + 1) * sizeof *g);
    val = malloc((np + 1) * sizeof *val);
    if (g && val) {
        for (size_t q = 0; q < ds->npremises; q++)
            for (size_t m = 0; m < ds->premises[q].npractices; m++, k++) {
                if (!pc_index_get(&b->prac_ix, ds->premises[q].practices[m],
                                  &g[k]))
                    g[k] = SIZE_MAX;
                val[k] = q;
            }
        bad = pc_groups_make(&b->prac_premises, ds->npractices, np, g, val);
    }
    free(g);
    free(val);
    return bad;
}

int plan_assess_ctx_site_groups(plan_assess_ctx *C)
{
    const ds_dataset *ds = C->ds;
    const ds_spatial *sp = C->sp;
    size_t n = sp->nallocs;
    size_t *g;
    int bad;

    if (C->site_allocs.start)
        return 0;
    if (sp->nlad_shares > n)
        n = sp->nlad_shares;
    if (sp->nmethods > n)
        n = sp->nmethods;
    if (!(g = malloc((n + 1) * sizeof *g)))
        return -1;
    site_of_rows(C, sp->allocs, sp->nallocs, sizeof *sp->allocs,
                 offsetof(ds_site_alloc, site_id), g);
    bad = pc_groups_make(&C->site_allocs, ds->nsites, sp->nallocs, g, NULL);
    site_of_rows(C, sp->lad_shares, sp->nlad_shares, sizeof *sp->lad_shares,
                 offsetof(ds_site_share, site_id), g);
    bad |= pc_groups_make(&C->site_lads, ds->nsites, sp->nlad_shares, g, NULL);
    site_of_rows(C, sp->methods, sp->nmethods, sizeof *sp->methods,
                 offsetof(ds_site_method, site_id), g);
    bad |= pc_groups_make(&C->site_methods, ds->nsites, sp->nmethods, g, NULL);
    free(g);
    if (bad)
        pc_groups_free(&C->site_allocs); /* made again next time */
    return bad;
}

/* Frees what b holds (not b). */
static void base_free(plan_assess_base *b)
{
    free(b->key);
    plan_run_free(b->run);
    pc_index_free(&b->prac_ix);
    pc_index_free(&b->run_ix);
    pc_index_free(&b->site_ix);
    pc_index_free(&b->lad_ix);
    pc_index_free(&b->pcn_ix);
    pc_index_free(&b->prem_ix);
    pc_groups_free(&b->prac_premises);
    memset(b, 0, sizeof *b);
}

void plan_assess_base_free(plan_assess_base *b)
{
    if (b)
        base_free(b);
    free(b);
}

void plan_assess_ctx_free(plan_assess_ctx *C)
{
    plan_params_free(C->P);
    base_free(&C->own); /* empty when the cache's was used */
    pc_groups_free(&C->site_allocs);
    pc_groups_free(&C->site_lads);
    pc_groups_free(&C->site_methods);
    if (!C->cache)
        plan_spatial_free(C->spatial);
}

/* b for C->s2 on C->ds and C->sp: the run and the indexes. */
static pc_status base_make(plan_assess_ctx *C, plan_assess_base *b,
                           pc_error *err)
{
    const ds_dataset *ds = C->ds;
    pc_status rc;
    int bad = 0;

    b->sp = C->sp;
    if ((rc = plan_project(ds, C->sp, &C->s2, &b->run, err)))
        return rc;
    for (size_t i = 0; i < ds->npractices; i++)
        bad |= pc_index_put(&b->prac_ix, ds->practices[i].code, i, NULL) < 0;
    for (size_t i = 0; i < b->run->npractices; i++)
        bad |= pc_index_put(&b->run_ix, b->run->practices[i].code, i, NULL) < 0;
    for (size_t i = 0; i < ds->nsites; i++)
        bad |= pc_index_put(&b->site_ix, ds->sites[i].id, i, NULL) < 0;
    for (size_t i = 0; i < ds->nlads; i++)
        bad |= pc_index_put(&b->lad_ix, ds->lads[i].code, i, NULL) < 0;
    for (size_t i = 0; i < ds->npcns; i++)
        bad |= pc_index_put(&b->pcn_ix, ds->pcns[i].code, i, NULL) < 0;
    for (size_t i = 0; i < ds->npremises; i++)
        bad |= pc_index_put(&b->prem_ix, ds->premises[i].id, i, NULL) < 0;
    return bad || premises_groups(b, ds) ? PC_NOMEM(err) : PC_OK;
}

/* C->b: the caller's cache's when it was made for the same scenario
 * (canonical) and spatial model, else made, and kept in the cache when
 * there is one. Without a cache, or for a scenario without a canonical
 * form, C's own. */
static pc_status base_open(plan_assess_ctx *C, pc_error *err)
{
    plan_assess_cache *c = C->cache;
    pc_buf key = PC_BUF_INIT(PC_CAP_TEXT);
    pc_error ignored = {0};
    plan_assess_base *b;
    pc_status rc;

    C->b = &C->own;
    if (!c || plan_scenario_canonical(&C->s2, &key, &ignored) != PC_OK) {
        pc_buf_free(&key);
        return base_make(C, &C->own, err);
    }
    if (c->base && c->base->sp == C->sp &&
        !strcmp(c->base->key, pc_buf_str(&key))) {
        C->b = c->base;
        pc_buf_free(&key);
        return PC_OK;
    }
    if (!(b = calloc(1, sizeof *b)) || !(b->key = strdup(pc_buf_str(&key)))) {
        free(b);
        pc_buf_free(&key);
        return PC_NOMEM(err);
    }
    pc_buf_free(&key);
    if ((rc = base_make(C, b, err))) {
        plan_assess_base_free(b);
        return rc;
    }
    plan_assess_base_free(c->base);
    c->base = C->b = b;
    return PC_OK;
}

pc_status plan_assess_ctx_open(plan_assess_ctx *C, geo_ctx *geo,
                               const ds_dataset *ds, const ds_spatial *sp,
                               const plan_scenario *sc, pc_error *err)
{
    pc_status rc;

    C->geo = geo;
    C->ds = ds;
    C->sp = sp;
    C->sc = sc;
    C->as_of = plan_as_of(ds);
    C->b = &C->own;
    C->s2 = *sc;
    /* rooms by the capacity method: the scenario's, the dataset's, the
     * scenario's only method, else space */
    C->s2.demand = sc->capacity;
    if (C->s2.demand == PLAN_DEMAND_UNSET && ds->capacity_method &&
        (rc = plan_demand_parse(ds->capacity_method, &C->s2.demand, err)))
        return pc_error_wrap(err, "the dataset's capacity method");
    if (C->s2.demand == PLAN_DEMAND_UNSET)
        C->s2.demand = sc->demand;
    if (C->s2.demand == PLAN_DEMAND_UNSET)
        C->s2.demand = PLAN_DEMAND_SPACE;
    C->s2.capacity = C->s2.demand;
    C->s2.growth = PLAN_GROWTH_HOUSING; /* only the base row is read */
    C->s2.years = 1;
    C->s2.draws = 0;
    if ((rc = plan_method_parse(sc->allocation ? sc->allocation : "huff",
                                &C->method, err)) ||
        (rc = base_open(C, err)) ||
        (rc = plan_params_new(ds, &C->s2, &C->P, err)) ||
        (rc = plan_demand_k(
             C->P, C->s2.demand, C->b->run->system.years[0].patients,
             C->b->run->system.years[0].rooms, &C->k, &C->derived, err)))
        return rc;
    return PC_OK;
}

/* The spatial model's indexes with the scenario's assumptions, for new
 * sites: the caller's cache when it was made for the same ones. Only the
 * parameters come from the scenario; the indexes are of ds's rows. */
pc_status plan_assess_ctx_spatial(plan_assess_ctx *C, pc_error *err)
{
    plan_spatial_params p;
    ds_dataset resolved = *C->ds;
    ds_assumption *v;
    pc_status rc;

    if (C->spatial)
        return PC_OK;
    if (!(v = malloc((C->ds->nassumptions + 1) * sizeof *v)))
        return PC_NOMEM(err);
    for (size_t i = 0; i < C->ds->nassumptions; i++) {
        v[i] = C->ds->assumptions[i];
        v[i].value = plan_params_at(C->P, i).value;
    }
    resolved.assumptions = v;
    rc = plan_spatial_params_get(&resolved, &p, err);
    free(v);
    if (rc != PC_OK)
        return rc;
    if (C->cache && C->cache->spatial &&
        !memcmp(plan_spatial_params_of(C->cache->spatial), &p, sizeof p)) {
        C->spatial = C->cache->spatial;
        return PC_OK;
    }
    if ((rc = plan_spatial_new(C->geo, C->ds, C->sp, &p, &C->spatial, err)))
        return rc;
    if (C->cache) {
        plan_spatial_free(C->cache->spatial);
        C->cache->spatial = C->spatial;
    }
    return PC_OK;
}
