/* plan_assess_sites.c: the stored sites the plan counts, as a new
 * development meets them (see plan_assess_int.h): the index of their
 * outlines, kept in the caller's cache, and the development's overlaps
 * with them. */
#include "plan_assess_int.h"

#include "pc_error.h"
#include "pc_strlist.h"

#include <stdlib.h>

/* Homes of site s completed before the base year. */
long plan_assess_built_before(const ds_site *s, int base_year)
{
    long b = 0;

    for (size_t i = 0; i < s->ntraj; i++)
        if (s->traj_start + (int)i < base_year)
            b += s->traj[i];
    return b;
}

/* The index of the stored sites the plan counts (those with homes left):
 * the caller's cache when it has one, else made (and kept there). */
static geo_areas *counted_sites(plan_assess_ctx *C, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    geo_wkb *polys;
    geo_areas *ix;

    if (C->cache && C->cache->counted)
        return C->cache->counted;
    if (!(polys = calloc(ds->nsites + 1, sizeof *polys))) {
        PC_NOMEM(err);
        return NULL;
    }
    for (size_t s = 0; s < ds->nsites; s++)
        if (ds->sites[s].dwellings -
                plan_assess_built_before(&ds->sites[s], ds->base_year) >
            0)
            polys[s] = ds->sites[s].geom; /* borrowed; empty: not counted */
    ix = geo_areas_new(C->geo, polys, ds->nsites, err);
    free(polys);
    if (ix && C->cache)
        C->cache->counted = ix;
    return ix;
}

/* A new development that overlaps the stored sites the plan counts
 * (those with homes left): the site holding at least half of it is the
 * one it stands for (a->within_site: its patients are already in the
 * projection, so its ask shares spare rooms as that site's would); a
 * smaller overlap is a warning that the homes count in addition. */
pc_status plan_assess_counted_overlap(plan_assess_ctx *C, const geo_wkb *geom,
                                      double dev_m2, plan_assessment *a,
                                      pc_error *err)
{
    const ds_dataset *ds = C->ds;
    geo_areas *ix = counted_sites(C, err);
    geo_hit *hits = NULL;
    size_t nh = 0;
    double m2 = 0;
    pc_status rc = PC_OK;

    if (!ix || geo_areas_overlay(ix, geom, &hits, &nh, &m2, err))
        rc = err->code;
    for (size_t h = 0; h < nh && !rc && dev_m2 > 0; h++) {
        const ds_site *s = &ds->sites[hits[h].id];
        double share = hits[h].value / dev_m2;

        if (share >= 0.5 && !a->within_site) {
            a->within_site = s->id;
            a->within_share = share;
            rc = pc_strlist_addf(
                &a->warnings, a->arena, err,
                "%.0f%% of the development lies inside site %s (%s), which "
                "the plan counts: its patients are already in the "
                "projection, so this assessment stands for that site's "
                "homes and is not counted again; the practices' spare "
                "rooms are shared as they are for that site",
                100 * share, s->id, s->name);
        } else if (share >= 0.01)
            rc = pc_strlist_addf(
                &a->warnings, a->arena, err,
                "%.0f%% of the development overlaps site %s (%s), which the "
                "plan counts: its homes are assessed as homes in addition "
                "to that site's",
                100 * share, s->id, s->name);
    }
    free(hits);
    if (!C->cache || C->cache->counted != ix)
        geo_areas_free(ix);
    return rc;
}
