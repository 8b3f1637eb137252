/* plan_project_hash.c: what identifies a projection run and what in it is
 * illustrative (see plan_project.h), and the label a user names it with,
 * which does not identify it. The input hash (FNV-1a, 64 bits) is
 * over everything the run read, so two runs with the same hash have the
 * same inputs; the run id is its first 12 hex digits. */
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_hash.h"
#include "pc_text.h"
#include "plan_project_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef PCPLAN_VERSION
#define PCPLAN_VERSION "dev"
#endif

/* The product and its version open the hash, so that another version's
 * runs get other ids. Its bytes are those every stored run id was made
 * with. */
#define HASH_TAG \
    "pcplan"     \
    " " PCPLAN_VERSION

/* --- the input hash ----------------------------------------------------- */

void plan_proj_input_hash(proj *P)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    pc_hash H = PC_HASH_INIT;

    pc_hash_str(&H, HASH_TAG);
    pc_hash_str(&H, ds->name);
    pc_hash_str(&H, r->scenario_json);
    pc_hash_num(&H, r->demand);
    if (r->capacity != r->demand)     /* runs before the two methods keep */
        pc_hash_num(&H, r->capacity); /* their ids */
    pc_hash_num(&H, r->growth);
    pc_hash_num(&H, r->allocation);
    pc_hash_num(&H, r->base_year);
    pc_hash_num(&H, r->years);
    pc_hash_num(&H, r->delivery_factor);
    pc_hash_num(&H, r->slippage_years);
    pc_hash_num(&H, r->draws);
    pc_hash_num(&H, r->draws ? (double)r->seed : 0);
    pc_hash_str(&H, r->list_date);
    for (size_t i = 0; i < plan_params_count(P->A); i++) {
        plan_param a = plan_params_at(P->A, i);

        pc_hash_str(&H, a.id);
        pc_hash_num(&H, a.value);
    }
    for (size_t i = 0; i < ds->npractices; i++) {
        pc_hash_str(&H, ds->practices[i].code);
        pc_hash_str(&H, ds->practices[i].pcn_code);
        pc_hash_str(&H, ds->practices[i].lad_code);
        pc_hash_num(&H, P->list[i]);
    }
    for (size_t i = 0; i < ds->npremises; i++) {
        const ds_premises *p = &ds->premises[i];

        pc_hash_str(&H, p->id);
        pc_hash_num(&H, p->rooms_consult);
        pc_hash_num(&H, p->rooms_treatment);
        pc_hash_num(&H, p->rooms_other);
        for (size_t k = 0; k < p->npractices; k++)
            pc_hash_str(&H, p->practices[k]);
    }
    for (size_t i = 0; i < r->nschemes; i++) {
        pc_hash_str(&H, r->schemes[i].scheme_id);
        pc_hash_str(&H, r->schemes[i].premises_id);
        pc_hash_str(&H, r->schemes[i].place);
        pc_hash_num(&H, r->schemes[i].year);
        pc_hash_num(&H, r->schemes[i].rooms);
    }
    for (size_t k = 0; k < P->nsites; k++) {
        const csite *c = &P->sites[k];

        pc_hash_str(&H, c->s->id);
        pc_hash_num(&H, c->s->traj_start);
        for (size_t t = 0; t < c->s->ntraj; t++)
            pc_hash_num(&H, (double)c->s->traj[t]);
        for (int b = 1; b <= 5; b++)
            pc_hash_num(&H, c->s->mix[b]);
        for (size_t a = 0; a < c->nlads; a++) {
            pc_hash_str(&H, ds->lads[c->lads[a].i].code);
            pc_hash_num(&H, c->lads[a].w);
        }
        for (size_t a = 0; a < c->nalloc; a++) {
            pc_hash_str(&H, ds->practices[c->alloc[a].i].code);
            pc_hash_num(&H, c->alloc[a].w);
        }
    }
    if (P->need_trend)
        for (size_t i = 0; i < ds->nprojections; i++) {
            pc_hash_str(&H, ds->projections[i].lad_code);
            pc_hash_num(&H, ds->projections[i].year);
            pc_hash_num(&H, ds->projections[i].population);
        }
    snprintf(r->input_hash, sizeof r->input_hash, "%016llx",
             (unsigned long long)H.h);
    memcpy(r->run_id, r->input_hash, 12);
    r->run_id[12] = '\0';
}

/* --- what is illustrative ------------------------------------------------ */

pc_status plan_proj_illustrative(proj *P, pc_error *err)
{
    const ds_dataset *ds = P->ds;
    plan_run *r = P->r;
    plan_illustrative *il = &r->illustrative;
    size_t j;

    il->npremises = ds->npremises;
    for (size_t i = 0; i < ds->npremises; i++)
        il->premises +=
            plan_marked(ds->premises[i].illustrative,
                        "rooms_consult;rooms_treatment;rooms_other");
    il->nsites = P->nsites;
    for (size_t k = 0; k < P->nsites; k++)
        il->sites += plan_marked(P->sites[k].s->illustrative,
                                 "trajectory;trajectory_start");
    for (size_t i = 0; i < r->nschemes; i++) {
        const plan_scheme_trace *t = &r->schemes[i];

        if (t->in_base)
            continue;
        il->nschemes++;
        for (j = 0; j < ds->nschemes; j++)
            if (ds->schemes[j].id == t->scheme_id)
                il->schemes += plan_marked(
                    ds->schemes[j].illustrative,
                    "rooms_consult;rooms_treatment;rooms_other;"
                    "earliest_start;duration_years;completion_year;status");
    }
    if (!(il->assumptions =
              pc_arena_calloc(P->a, r->nassumptions, sizeof(const char *))))
        return PC_NOMEM(err);
    for (size_t i = 0; i < r->nassumptions; i++) {
        const char *id = r->assumptions[i].id;

        if (plan_params_find(P->A, id, &j) &&
            !strncmp(ds->assumptions[j].source, "illustrative", 12))
            il->assumptions[il->nassumptions++] = id;
    }
    return PC_OK;
}

/* --- a run's label: a name, never hashed ------------------------------- */

pc_status plan_label_check(const char *label, pc_error *err)
{
    size_t len = label ? strlen(label) : 0, n = 0, at = 0, step = 1;
    unsigned cp = 0;

    while (at < len && step) {
        step = pc_utf8_next(label + at, len - at, &cp);
        if (step && (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)))
            step = 0; /* a control character */
        at += step;
        n++;
    }
    if (!len || at < len || n > PLAN_LABEL_MAX)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a label of 1 to %d characters of UTF-8 text "
                       "without control characters",
                       PLAN_LABEL_MAX);
    return PC_OK;
}
