/* plan_assess_consult.c: what a consultation response needs beyond the
 * figures: the consultation answered (reference, council, addressee,
 * contact, dates, the response deadline), the date of the lists the
 * capacity evidence rests on, the practices' PCN names, and the schemes
 * the money would fund (scheme_tier: the site's own, else those at the
 * premises of the practices that need rooms, else those in their
 * places). */
#include "pc_text.h"
#include "plan_assess_int.h"
#include "plan_index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

pc_status plan_assess_check_text(const char *what, const char *s, pc_error *err)
{
    if (!pc_utf8_valid(s))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: not UTF-8 text (expected the text in UTF-8)", what);
    return PC_OK;
}

pc_status plan_assess_check_consultation(const plan_assess_opts *o,
                                         pc_error *err)
{
    static const char *const what[] = {"consultation date", "deadline",
                                       "date of issue"};
    static const char *const texts[] = {"reference", "council", "addressee",
                                        "contact"};
    const char *v[] = {o->consulted, o->deadline, o->issued};
    const char *t[] = {o->reference, o->council, o->addressee, o->contact};
    long d[3] = {0, 0, 0};

    /* they go into the response and its JSON as they are */
    for (int i = 0; i < 4; i++)
        if (t[i] && plan_assess_check_text(texts[i], t[i], err))
            return err->code;
    for (int i = 0; i < 3; i++)
        if (v[i] && plan_date_days(v[i], &d[i], err))
            return pc_error_wrap(err, "%s", what[i]);
    if (o->consulted && o->deadline && d[1] < d[0])
        return PC_FAIL(err, PC_ERR_INPUT,
                       "deadline %s is before the consultation date %s "
                       "(expected the same day or later)",
                       o->deadline, o->consulted);
    return PC_OK;
}

static const char *dup(plan_assessment *a, const char *s, int *oom)
{
    char *c;

    if (!s || !*s)
        return NULL;
    if (!(c = pc_arena_strdup(a->arena, s)))
        *oom = 1;
    return c;
}

/* Which schemes answer the development, most direct first: those for its
 * own site (or the counted site it lies in); else those at the premises of
 * practices that still need rooms; else those in those practices' places
 * (every affected practice's when none needs rooms). Delivered schemes
 * fund nothing new. */
static int scheme_tier(const plan_assessment *a, const ds_scheme *sc, int any)
{
    const char *site = a->site_id ? a->site_id : a->within_site;
    int tier = 0;

    if (!strcmp(sc->status, "delivered"))
        return 0;
    if (site && sc->site_id && !strcmp(sc->site_id, site))
        return 3;
    for (size_t i = 0; i < a->npractices; i++) {
        const plan_assess_practice *p = &a->practices[i];

        if (any && !(p->rooms_net > 0.005))
            continue;
        for (size_t k = 0; sc->premises_id && k < p->npremises; k++)
            if (!strcmp(p->premises[k], sc->premises_id))
                tier = 2;
        if (tier < 1 && sc->place && p->place && !strcmp(sc->place, p->place))
            tier = 1;
    }
    return tier;
}

static pc_status schemes(plan_assess_ctx *C, plan_assessment *a, pc_error *err)
{
    const ds_dataset *ds = C->ds;
    int any = 0, best = 0;

    for (size_t i = 0; i < a->npractices; i++)
        any |= a->practices[i].rooms_net > 0.005;
    a->schemes =
        pc_arena_calloc(a->arena, ds->nschemes + 1, sizeof *a->schemes);
    if (!a->schemes)
        return PC_NOMEM(err);
    for (size_t s = 0; s < ds->nschemes; s++) {
        int t = scheme_tier(a, &ds->schemes[s], any);

        best = t > best ? t : best;
    }
    for (size_t s = 0; best && s < ds->nschemes; s++)
        if (scheme_tier(a, &ds->schemes[s], any) == best)
            a->schemes[a->nschemes++] = &ds->schemes[s];
    return PC_OK;
}

/* The site's point and each practice's premises nearest it, for the
 * letter's map; only with a geometry context (a single assessment). */
static pc_status map_points(plan_assess_ctx *C, const geo_wkb *geom,
                            plan_assessment *a, pc_error *err)
{
    const ds_dataset *ds = C->ds;

    for (size_t i = 0; i < a->npractices; i++)
        a->practices[i].near_e = a->practices[i].near_n = NAN;
    if (!C->geo) {
        a->e = a->n = NAN;
        return PC_OK;
    }
    if (geom && geom->data &&
        geo_point_on_surface(C->geo, geom, &a->e, &a->n, err))
        return err->code;
    if (!isfinite(a->e) || !isfinite(a->n))
        return PC_OK;
    for (size_t i = 0; i < a->npractices; i++) {
        plan_assess_practice *p = &a->practices[i];
        double best = INFINITY;

        for (size_t k = 0; k < p->npremises; k++) {
            const ds_premises *pr;
            double d2;
            size_t q;

            if (!pc_index_get(&C->b->prem_ix, p->premises[k], &q))
                continue;
            pr = &ds->premises[q];
            d2 = (pr->e - a->e) * (pr->e - a->e) +
                 (pr->n - a->n) * (pr->n - a->n);
            if (d2 < best) {
                best = d2;
                p->near_premises = pr->id;
                p->near_e = pr->e;
                p->near_n = pr->n;
            }
        }
    }
    return PC_OK;
}

pc_status plan_assess_consultation(plan_assess_ctx *C,
                                   const plan_assess_opts *o,
                                   const geo_wkb *geom, plan_assessment *a,
                                   pc_error *err)
{
    const ds_dataset *ds = C->ds;
    int oom = 0;

    a->reference = dup(a, o->reference, &oom);
    a->council = dup(a, o->council, &oom);
    a->addressee = dup(a, o->addressee, &oom);
    a->contact = dup(a, o->contact, &oom);
    a->consulted = dup(a, o->consulted, &oom);
    a->deadline = dup(a, o->deadline, &oom);
    a->issued = dup(a, o->issued ? o->issued : a->as_of, &oom);
    a->list_date = C->b->run ? C->b->run->list_date : NULL;
    if (!a->deadline && a->consulted) {
        char d[11];
        long days;

        if (plan_date_days(a->consulted, &days, err))
            return err->code;
        plan_days_date(days + PLAN_RESPONSE_DAYS, d);
        a->deadline = dup(a, d, &oom);
    }
    for (size_t i = 0; i < a->npractices; i++) {
        size_t p;

        if (a->practices[i].pcn &&
            pc_index_get(&C->b->pcn_ix, a->practices[i].pcn, &p))
            a->practices[i].pcn_name = ds->pcns[p].name;
    }
    if (oom)
        return PC_NOMEM(err);
    if (map_points(C, geom, a, err))
        return err->code;
    return schemes(C, a, err);
}
