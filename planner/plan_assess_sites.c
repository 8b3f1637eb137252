/* plan_assess_sites.c: the stored sites the plan counts, as a new
 * development meets them (see plan_assess_int.h): the index of their
 * outlines, kept in the caller's cache, and the development's overlaps
 * with them; and the rooms they need at each practice, which net the
 * practices' spare rooms, kept in the caller's cache site by site so
 * that a development standing for one of them (a point inside it, or
 * the stored site itself) is answered without assessing every site
 * again. */
#include "plan_assess_int.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_strlist.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Homes of site s completed before the base year. */
long plan_assess_built_before(const ds_site *s, int base_year)
{
    long b = 0;

    for (size_t i = 0; i < s->ntraj; i++)
        if (s->traj_start + (int)i < base_year)
            b += s->traj[i];
    return b;
}

int plan_assess_counted(const ds_dataset *ds, const ds_site *s)
{
    return s->dwellings - plan_assess_built_before(s, ds->base_year) > 0;
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
        if (plan_assess_counted(ds, &ds->sites[s]))
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

/* --- the counted sites' needs ------------------------------------------- */

/* The counted sites' needs for one base run: by site (ds->sites' order)
 * the rooms it needs at each practice, in the order its assessment lists
 * them, so that any sum over them keeps the order (and the bits) of
 * summing the assessments; their sum; and how many counted sites'
 * assessments used each assumption (register order). */
struct plan_assess_needs {
    char hash[17];          /* the base run's input hash */
    size_t *first;          /* nsites + 1: site s's entries are first[s] to
                               first[s + 1] - 1 (none: not counted) */
    unsigned char *counted; /* by site */
    struct need_entry {
        size_t prac;  /* the dataset practice */
        double rooms; /* and the rooms the site needs there */
    } * entries;
    size_t nentries, cap;
    double *total; /* by dataset practice */
    size_t *uses;  /* by assumption */
};

void plan_assess_needs_free(plan_assess_needs *n)
{
    if (!n)
        return;
    free(n->first);
    free(n->counted);
    free(n->entries);
    free(n->total);
    free(n->uses);
    free(n);
}

/* Site s assessed as the plan counts it (its homes left), into *out. */
static pc_status assess_site(plan_assess_ctx *C, const plan_assess_opts *o,
                             const ds_site *s, plan_assessment **out,
                             pc_error *err)
{
    plan_dev dev = plan_dev_init();
    pc_status rc;

    dev.site_id = s->id;
    if ((rc = plan_assess_new(C, o, out, err)) == PC_OK &&
        (rc = plan_assess_develop(C, &dev, *out, err)) != PC_OK) {
        plan_assessment_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Adds a's rooms into need, practice by practice in a's order. */
static void add_needs(plan_assess_ctx *C, const plan_assessment *a,
                      double *need)
{
    size_t j;

    for (size_t i = 0; i < a->npractices; i++)
        if (pc_index_get(&C->b->prac_ix, a->practices[i].code, &j))
            need[j] += a->practices[i].rooms_needed;
}

/* The straightforward way: every counted site assessed again, on C->P,
 * with a's rooms in as_site's place. */
static pc_status needs_direct(plan_assess_ctx *C, const plan_assess_opts *o,
                              const plan_assessment *a, const char *as_site,
                              double *need, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    pc_status rc = PC_OK;

    for (size_t s = 0; s < ds->nsites && !rc; s++) {
        const ds_site *site = &ds->sites[s];
        plan_assessment *b = NULL;

        if (as_site && !strcmp(site->id, as_site)) {
            add_needs(C, a, need);
            continue;
        }
        if (!plan_assess_counted(ds, site) ||
            (rc = assess_site(C, o, site, &b, err)))
            continue;
        add_needs(C, b, need);
        plan_assessment_free(b);
    }
    return rc;
}

/* Site b's rooms as n's entries, and into n's total. */
static int needs_add(plan_assess_ctx *C, plan_assess_needs *n,
                     const plan_assessment *b)
{
    size_t j;

    for (size_t i = 0; i < b->npractices; i++) {
        if (!pc_index_get(&C->b->prac_ix, b->practices[i].code, &j))
            continue;
        if (pc_grow((void **)&n->entries, &n->cap, n->nentries + 1,
                    sizeof *n->entries))
            return -1;
        n->entries[n->nentries++] =
            (struct need_entry){j, b->practices[i].rooms_needed};
        n->total[j] += b->practices[i].rooms_needed;
    }
    return 0;
}

/* Every counted site assessed once, on a fresh register (so that C->P
 * marks only what the answer uses), into *out. */
static pc_status needs_make(plan_assess_ctx *C, const plan_assess_opts *o,
                            plan_assess_needs **out, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    size_t np = plan_params_count(C->P);
    plan_params *own = C->P, *fresh = NULL;
    plan_assess_needs *n = calloc(1, sizeof *n);
    pc_status rc = PC_OK;

    if (!n || !(n->first = calloc(ds->nsites + 1, sizeof *n->first)) ||
        !(n->counted = calloc(ds->nsites + 1, 1)) ||
        !(n->total = calloc(ds->npractices + 1, sizeof *n->total)) ||
        !(n->uses = calloc(np + 1, sizeof *n->uses))) {
        plan_assess_needs_free(n);
        return PC_NOMEM(err);
    }
    if ((rc = plan_params_new(ds, &C->s2, &fresh, err)) != PC_OK) {
        plan_assess_needs_free(n);
        return rc;
    }
    C->P = fresh;
    for (size_t s = 0; s < ds->nsites && !rc; s++) {
        plan_assessment *b = NULL;

        n->first[s] = n->nentries;
        if (!plan_assess_counted(ds, &ds->sites[s]))
            continue;
        n->counted[s] = 1;
        plan_params_clear_used(fresh);
        if ((rc = assess_site(C, o, &ds->sites[s], &b, err)))
            break;
        if (needs_add(C, n, b))
            rc = PC_NOMEM(err);
        for (size_t i = 0; i < np; i++)
            n->uses[i] += plan_params_at(fresh, i).used != 0;
        plan_assessment_free(b);
    }
    n->first[ds->nsites] = n->nentries;
    C->P = own;
    plan_params_free(fresh);
    if (rc) {
        plan_assess_needs_free(n);
        return rc;
    }
    memcpy(n->hash, C->b->run->input_hash, sizeof n->hash);
    *out = n;
    return PC_OK;
}

/* Marks used in C->P what the counted sites' assessments used, but for
 * as (a site index; SIZE_MAX: none), whose own assessment is a's. */
static pc_status needs_mark(plan_assess_ctx *C, const plan_assess_opts *o,
                            const plan_assess_needs *n, size_t as,
                            pc_error *err)
{
    size_t np = plan_params_count(C->P);
    plan_params *own = C->P, *fresh = NULL;
    plan_assessment *b = NULL;
    double v;
    pc_status rc = PC_OK;

    /* as's own uses, to take out of the counts: its assessment again */
    if (as != SIZE_MAX && n->counted[as]) {
        if ((rc = plan_params_new(C->ds, &C->s2, &fresh, err)) != PC_OK)
            return rc;
        C->P = fresh;
        rc = assess_site(C, o, &C->ds->sites[as], &b, err);
        C->P = own;
        plan_assessment_free(b);
    }
    for (size_t i = 0; i < np && !rc; i++) {
        size_t mine = fresh && plan_params_at(fresh, i).used;

        if (n->uses[i] > mine)
            plan_params_get(own, plan_params_at(own, i).id, &v);
    }
    plan_params_free(fresh);
    return rc;
}

pc_status plan_assess_counted_needs(plan_assess_ctx *C,
                                    const plan_assess_opts *o,
                                    const plan_assessment *a,
                                    const char *as_site, double *need,
                                    pc_error *err)
{
    plan_assess_cache *c = C->cache;
    plan_assess_needs *n = c ? c->needs : NULL, *made = NULL;
    size_t as = SIZE_MAX, np = C->ds->npractices;
    pc_status rc;

    if (as_site && !c) /* nothing kept: the straightforward way */
        return needs_direct(C, o, a, as_site, need, err);
    if (!n || strcmp(n->hash, C->b->run->input_hash)) {
        if ((rc = needs_make(C, o, &made, err)) != PC_OK)
            return rc;
        n = made;
        if (c) {
            plan_assess_needs_free(c->needs);
            c->needs = made;
            made = NULL;
        }
    }
    if (as_site)
        pc_index_get(&C->b->site_ix, as_site, &as);
    if (as == SIZE_MAX)
        memcpy(need, n->total, np * sizeof *need);
    else /* summed in site order, as needs_direct sums them */
        for (size_t s = 0; s < C->ds->nsites; s++) {
            if (s == as)
                add_needs(C, a, need);
            else
                for (size_t k = n->first[s]; k < n->first[s + 1]; k++)
                    need[n->entries[k].prac] += n->entries[k].rooms;
        }
    rc = needs_mark(C, o, n, as, err);
    plan_assess_needs_free(made);
    return rc;
}
