/* plan_spatial_build.c: the spatial model of a whole dataset (see
 * plan_spatial.h, plan_spatial_build): every site overlaid on the LADs
 * and the approximate PCN areas, and its patients allocated by each
 * method, with the warnings on what could not be placed. The indexes it
 * uses are plan_spatial.c's. */
#include "plan_spatial_int.h"

#include "pc_buf.h"
#include "pc_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the whole dataset -------------------------------------------------- */

typedef struct builder {
    ds_spatial *out;
    size_t a_lad, a_pcn, a_alloc, a_meth, a_warn;
} builder;

static pc_status warn(builder *b, pc_error *err, const char *fmt, ...)
    PC_PRINTF(3, 4);

static pc_status warn(builder *b, pc_error *err, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    ds_spatial *o = b->out;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pc_strlist_add(&o->warnings, o->arena, msg, err);
}

/* Records the overlay of site s and warns where it disagrees with the
 * site's declared LAD or spills out of the area. */
static pc_status put_overlay(builder *b, const ds_site *s,
                             const plan_site_geo *r, const plan_spatial *sp,
                             pc_error *err)
{
    ds_spatial *o = b->out;
    size_t best = 0;

    if (pc_grow((void **)&o->lad_shares, &b->a_lad, o->nlad_shares + r->nlads,
                sizeof *o->lad_shares) ||
        pc_grow((void **)&o->pcn_shares, &b->a_pcn, o->npcn_shares + r->npcns,
                sizeof *o->pcn_shares))
        return PC_NOMEM(err);
    for (size_t i = 0; i < r->nlads; i++) {
        o->lad_shares[o->nlad_shares++] = (ds_site_share){
            s->id, r->lads[i].code, 0, r->lads[i].share, r->lads[i].area_m2};
        if (r->lads[i].share > r->lads[best].share)
            best = i;
    }
    for (size_t i = 0; i < r->npcns; i++) {
        size_t k;

        /* the index of the PCN area, by identity of code and place */
        for (k = 0; k < sp->npcn; k++)
            if (!plan_spatial_pcn_cmp(sp->pcn[k].pcn_code, r->pcns[i].code) &&
                !strcmp(sp->pcn[k].place, r->pcns[i].place))
                break;
        o->pcn_shares[o->npcn_shares++] = (ds_site_share){
            s->id, NULL, k, r->pcns[i].share, r->pcns[i].area_m2};
    }
    if (strcmp(r->lads[best].code, s->lad_code) &&
        warn(b, err,
             "site %s: declared lad_code %s, but %.0f%% of its area lies in "
             "%s; its dwellings are split by area",
             s->id, s->lad_code, 100 * r->lads[best].share,
             r->lads[best].code) != PC_OK)
        return err->code;
    if (r->outside_m2 > 0.001 * r->area_m2 &&
        warn(b, err,
             "site %s: %.1f%% of its area lies outside every LAD of the "
             "dataset; its dwellings are split over the part inside",
             s->id, 100 * r->outside_m2 / r->area_m2) != PC_OK)
        return err->code;
    return PC_OK;
}

static pc_status put_alloc(builder *b, const ds_site *s, plan_method m,
                           const plan_site_geo *r, pc_error *err)
{
    ds_spatial *o = b->out;
    const char *method = plan_method_name(m);

    if (pc_grow((void **)&o->allocs, &b->a_alloc, o->nallocs + r->nalloc,
                sizeof *o->allocs) ||
        pc_grow((void **)&o->methods, &b->a_meth, o->nmethods + 1,
                sizeof *o->methods))
        return PC_NOMEM(err);
    for (size_t i = 0; i < r->nalloc; i++)
        o->allocs[o->nallocs++] = (ds_site_alloc){s->id,
                                                  method,
                                                  r->alloc[i].practice_code,
                                                  r->alloc[i].premises_id,
                                                  r->alloc[i].distance_m,
                                                  r->alloc[i].share};
    o->methods[o->nmethods] =
        (ds_site_method){s->id, method, r->fallback, NULL};
    if (r->note[0] &&
        !(o->methods[o->nmethods].note = pc_arena_strdup(o->arena, r->note)))
        return PC_NOMEM(err);
    o->nmethods++;
    return PC_OK;
}

pc_status plan_spatial_build(geo_ctx *geo, const ds_dataset *ds,
                             ds_spatial **out, pc_error *err)
{
    plan_spatial_params p;
    plan_spatial *sp = NULL;
    builder b = {0};
    plan_site_geo r = {0};
    pc_status rc;

    if ((rc = plan_spatial_params_get(ds, &p, err)) != PC_OK)
        return pc_error_wrap(err, "spatial model");
    b.out = calloc(1, sizeof *b.out);
    if (!b.out || !(b.out->arena = pc_arena_new()) ||
        !(b.out->param_ids = pc_arena_alloc(
              b.out->arena, plan_spatial_nparams() * sizeof(char *))) ||
        !(b.out->param_values = pc_arena_alloc(
              b.out->arena, plan_spatial_nparams() * sizeof(double)))) {
        rc = PC_NOMEM(err);
        goto fail;
    }
    for (size_t k = 0; k < plan_spatial_nparams(); k++)
        b.out->param_ids[k] =
            plan_spatial_param_at(&p, k, &b.out->param_values[k]);
    b.out->nparams = plan_spatial_nparams();
    if ((rc = plan_spatial_new(geo, ds, NULL, &p, &sp, err)) != PC_OK)
        goto fail;
    for (size_t i = 0; i < ds->nsites; i++) {
        const ds_site *s = &ds->sites[i];

        rc = plan_spatial_overlay(sp, &s->geom, &r, err);
        if (rc == PC_OK)
            rc = put_overlay(&b, s, &r, sp, err);
        for (int m = 0; m < PLAN_NMETHODS && rc == PC_OK; m++) {
            if (m == PLAN_CATCHMENT && ds->ncatchments == 0)
                continue;
            rc = plan_spatial_allocate(sp, &s->geom,
                                       !strcmp(s->setting, "rural"),
                                       (plan_method)m, &r, err);
            if (rc == PC_OK)
                rc = put_alloc(&b, s, (plan_method)m, &r, err);
        }
        if (rc != PC_OK) {
            pc_error_wrap(err, "site \"%s\"", s->id);
            goto fail;
        }
    }
    /* hand the PCN areas over */
    b.out->pcn_areas = sp->pcn;
    b.out->npcn_areas = sp->npcn;
    sp->pcn = NULL;
    sp->npcn = 0;
    plan_site_geo_free(&r);
    plan_spatial_free(sp);
    *out = b.out;
    return PC_OK;

fail:
    plan_site_geo_free(&r);
    plan_spatial_free(sp);
    ds_spatial_free(b.out);
    return pc_error_wrap(err, "spatial model");
}
