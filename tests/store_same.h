/* store_same.h: what the loader's tests share (test_store_load and
 * test_store_edges): the datasets they start from, their stores in a
 * temporary directory, and the comparisons of every field of every
 * element of a dataset and a spatial model read back from a store with
 * what went in: strings NULL-aware, doubles exactly (NAN equal to NAN),
 * WKB byte for byte; every column the column tables (ds_columns.h) name,
 * generically. Each test file defines its own cases and main
 * (store_test_main). */
#ifndef STORE_SAME_H
#define STORE_SAME_H

#include "check.h"
#include "ds_columns.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_spatial.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static geo_ctx *geo;
static char tmp[256]; /* the temporary directory holding the stores */

/* One dataset as loaded from its directory, and its spatial model. */
typedef struct source {
    const char *rel; /* directory under PC_SOURCE_DIR */
    ds_dataset *ds;
    ds_spatial *sp;
} source;

static source fixture = {"tests/data/fixture", NULL, NULL};
static source cw = {"datasets/coventry-warwickshire", NULL, NULL};

static inline const char *store_path(const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", tmp, name);
    return buf;
}

/* A fresh store at tmp/name holding ds and sp (sp may be NULL). */
static inline ds_store *make_store(const char *name, const ds_dataset *ds,
                                   const ds_spatial *sp)
{
    char path[512];
    pc_error err = {0};
    ds_store *st = NULL;

    store_path(name, path, sizeof path);
    unlink(path);
    if (ds_store_open(path, DS_OPEN_CREATE, &st, &err) != PC_OK ||
        (ds && ds_store_import(st, ds, sp, &err) != PC_OK)) {
        fprintf(stderr, "store %s: %s\n", name, err.msg);
        ds_store_close(st);
        return NULL;
    }
    return st;
}

/* --- comparisons ------------------------------------------------------- */

static inline void same_columns(const ds_dataset *a, const ds_dataset *b,
                                int g);

/* Fails the case naming the array, the element and the field. */
#define SAME(what, i, cond)                                             \
    do {                                                                \
        if (!(cond)) {                                                  \
            fprintf(stderr, "%s:%d: %s[%zu]: %s\n", __FILE__, __LINE__, \
                    (what), (size_t)(i), #cond);                        \
            check_failed_ = 1;                                          \
        }                                                               \
    } while (0)

static inline int str_eq(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

static inline int num_eq(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* Byte-equal WKB with geometries; an empty one without. */
static inline int wkb_eq(const geo_wkb *a, const geo_wkb *b, int geoms)
{
    if (!geoms)
        return !b->data && b->len == 0;
    return a->len == b->len && a->data && b->data &&
           !memcmp(a->data, b->data, a->len);
}

static inline int strs_eq(const char *const *a, size_t na, const char *const *b,
                          size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t k = 0; k < na; k++)
        if (!str_eq(a[k], b[k]))
            return 0;
    return 1;
}

static inline void same_places(const ds_dataset *a, const ds_dataset *b, int g)
{
    CHECK(a->nplaces == b->nplaces);
    for (size_t i = 0; i < a->nplaces && i < b->nplaces; i++) {
        SAME("places", i, str_eq(a->places[i].name, b->places[i].name));
        SAME("places", i, wkb_eq(&a->places[i].geom, &b->places[i].geom, g));
    }
    CHECK(a->nlads == b->nlads);
    for (size_t i = 0; i < a->nlads && i < b->nlads; i++) {
        const ds_lad *x = &a->lads[i], *y = &b->lads[i];

        SAME("lads", i, str_eq(x->code, y->code));
        SAME("lads", i, str_eq(x->name, y->name));
        SAME("lads", i, str_eq(x->place, y->place));
        SAME("lads", i, wkb_eq(&x->geom, &y->geom, g));
    }
    CHECK(a->npcns == b->npcns);
    for (size_t i = 0; i < a->npcns && i < b->npcns; i++) {
        SAME("pcns", i, str_eq(a->pcns[i].code, b->pcns[i].code));
        SAME("pcns", i, str_eq(a->pcns[i].name, b->pcns[i].name));
    }
}

static inline void same_practices(const ds_dataset *a, const ds_dataset *b)
{
    CHECK(a->npractices == b->npractices);
    for (size_t i = 0; i < a->npractices && i < b->npractices; i++) {
        const ds_practice *x = &a->practices[i], *y = &b->practices[i];

        SAME("practices", i, str_eq(x->code, y->code));
        SAME("practices", i, str_eq(x->name, y->name));
        SAME("practices", i, str_eq(x->postcode, y->postcode));
        SAME("practices", i, str_eq(x->pcn_code, y->pcn_code));
        SAME("practices", i, str_eq(x->lad_code, y->lad_code));
        SAME("practices", i, x->e == y->e && x->n == y->n);
    }
    CHECK(a->nlist_sizes == b->nlist_sizes);
    for (size_t i = 0; i < a->nlist_sizes && i < b->nlist_sizes; i++) {
        const ds_list_size *x = &a->list_sizes[i], *y = &b->list_sizes[i];

        SAME("list_sizes", i, str_eq(x->practice_code, y->practice_code));
        SAME("list_sizes", i, str_eq(x->date, y->date));
        SAME("list_sizes", i, x->patients == y->patients);
    }
    CHECK(a->npremises == b->npremises);
    for (size_t i = 0; i < a->npremises && i < b->npremises; i++) {
        const ds_premises *x = &a->premises[i], *y = &b->premises[i];

        SAME("premises", i, str_eq(x->id, y->id));
        SAME("premises", i, str_eq(x->name, y->name));
        SAME("premises", i, str_eq(x->postcode, y->postcode));
        SAME("premises", i, str_eq(x->site_type, y->site_type));
        SAME("premises", i, str_eq(x->tenure, y->tenure));
        SAME("premises", i, str_eq(x->condition, y->condition));
        SAME("premises", i, num_eq(x->gia_m2, y->gia_m2));
        SAME("premises", i, num_eq(x->backlog_gbp, y->backlog_gbp));
        SAME("premises", i, num_eq(x->void_m2, y->void_m2));
        SAME("premises", i, x->rooms_consult == y->rooms_consult);
        SAME("premises", i, x->rooms_treatment == y->rooms_treatment);
        SAME("premises", i, x->rooms_other == y->rooms_other);
        SAME("premises", i,
             strs_eq(x->practices, x->npractices, y->practices, y->npractices));
        SAME("premises", i, x->e == y->e && x->n == y->n);
        SAME("premises", i, str_eq(x->illustrative, y->illustrative));
    }
}

static inline void same_sites(const ds_dataset *a, const ds_dataset *b, int g)
{
    CHECK(a->nsites == b->nsites);
    for (size_t i = 0; i < a->nsites && i < b->nsites; i++) {
        const ds_site *x = &a->sites[i], *y = &b->sites[i];

        SAME("sites", i, str_eq(x->id, y->id));
        SAME("sites", i, str_eq(x->name, y->name));
        SAME("sites", i, str_eq(x->lad_code, y->lad_code));
        SAME("sites", i, x->dwellings == y->dwellings);
        SAME("sites", i, x->traj_start == y->traj_start);
        SAME("sites", i, x->ntraj == y->ntraj);
        SAME("sites", i, (x->traj == NULL) == (y->traj == NULL));
        for (size_t k = 0; k < x->ntraj && k < y->ntraj; k++)
            SAME("sites", i, x->traj[k] == y->traj[k]);
        for (int m = 0; m < 6; m++)
            SAME("sites", i, num_eq(x->mix[m], y->mix[m]));
        SAME("sites", i, str_eq(x->planning_status, y->planning_status));
        SAME("sites", i, str_eq(x->s106_position, y->s106_position));
        SAME("sites", i, str_eq(x->s106_note, y->s106_note));
        SAME("sites", i, str_eq(x->setting, y->setting));
        SAME("sites", i, x->cil_liable == y->cil_liable);
        SAME("sites", i, num_eq(x->area_ha, y->area_ha));
        SAME("sites", i, x->geom_approx == y->geom_approx);
        SAME("sites", i, str_eq(x->illustrative, y->illustrative));
        SAME("sites", i, wkb_eq(&x->geom, &y->geom, g));
    }
    CHECK(a->ncatchments == b->ncatchments);
    for (size_t i = 0; i < a->ncatchments && i < b->ncatchments; i++) {
        const ds_catchment *x = &a->catchments[i], *y = &b->catchments[i];

        SAME("catchments", i, str_eq(x->practice_code, y->practice_code));
        SAME("catchments", i, str_eq(x->illustrative, y->illustrative));
        SAME("catchments", i, wkb_eq(&x->geom, &y->geom, g));
    }
}

static inline void same_money(const ds_dataset *a, const ds_dataset *b)
{
    CHECK(a->ncontributions == b->ncontributions);
    for (size_t i = 0; i < a->ncontributions && i < b->ncontributions; i++) {
        const ds_contribution *x = &a->contributions[i];
        const ds_contribution *y = &b->contributions[i];

        SAME("contributions", i, str_eq(x->id, y->id));
        SAME("contributions", i, str_eq(x->site_id, y->site_id));
        SAME("contributions", i, str_eq(x->kind, y->kind));
        SAME("contributions", i, str_eq(x->status, y->status));
        SAME("contributions", i, num_eq(x->amount_gbp, y->amount_gbp));
        SAME("contributions", i, str_eq(x->base_date, y->base_date));
        SAME("contributions", i, x->land == y->land);
        SAME("contributions", i, num_eq(x->land_ha, y->land_ha));
        SAME("contributions", i, str_eq(x->purpose, y->purpose));
        SAME("contributions", i, str_eq(x->triggers, y->triggers));
        SAME("contributions", i, x->spend_by_years == y->spend_by_years);
        SAME("contributions", i, num_eq(x->received_gbp, y->received_gbp));
        SAME("contributions", i, num_eq(x->spent_gbp, y->spent_gbp));
        SAME("contributions", i, str_eq(x->received_date, y->received_date));
        SAME("contributions", i, str_eq(x->illustrative, y->illustrative));
    }
    CHECK(a->nschemes == b->nschemes);
    for (size_t i = 0; i < a->nschemes && i < b->nschemes; i++) {
        const ds_scheme *x = &a->schemes[i], *y = &b->schemes[i];

        SAME("schemes", i, str_eq(x->id, y->id));
        SAME("schemes", i, str_eq(x->name, y->name));
        SAME("schemes", i, str_eq(x->place, y->place));
        SAME("schemes", i, str_eq(x->premises_id, y->premises_id));
        SAME("schemes", i, str_eq(x->site_id, y->site_id));
        SAME("schemes", i, str_eq(x->kind, y->kind));
        SAME("schemes", i, str_eq(x->status, y->status));
        SAME("schemes", i, x->rooms_consult == y->rooms_consult);
        SAME("schemes", i, x->rooms_treatment == y->rooms_treatment);
        SAME("schemes", i, x->rooms_other == y->rooms_other);
        SAME("schemes", i, num_eq(x->m2_added, y->m2_added));
        SAME("schemes", i, num_eq(x->cost_gbp, y->cost_gbp));
        SAME("schemes", i, num_eq(x->rent_gbp, y->rent_gbp));
        SAME("schemes", i, x->earliest_start == y->earliest_start);
        SAME("schemes", i, x->duration_years == y->duration_years);
        SAME("schemes", i, x->completion_year == y->completion_year);
        for (int k = 0; k < x->duration_years && k < y->duration_years; k++)
            SAME("schemes", i,
                 num_eq(x->spend_profile[k], y->spend_profile[k]));
        SAME("schemes", i, str_eq(x->funding, y->funding));
        SAME("schemes", i, str_eq(x->option_group, y->option_group));
        SAME("schemes", i,
             strs_eq(x->depends_on, x->ndepends, y->depends_on, y->ndepends));
        SAME("schemes", i, str_eq(x->illustrative, y->illustrative));
    }
}

static inline void same_model(const ds_dataset *a, const ds_dataset *b)
{
    CHECK(a->nassumptions == b->nassumptions);
    for (size_t i = 0; i < a->nassumptions && i < b->nassumptions; i++) {
        const ds_assumption *x = &a->assumptions[i], *y = &b->assumptions[i];

        SAME("assumptions", i, str_eq(x->id, y->id));
        SAME("assumptions", i, num_eq(x->value, y->value));
        SAME("assumptions", i, str_eq(x->unit, y->unit));
        SAME("assumptions", i, str_eq(x->source, y->source));
        SAME("assumptions", i, str_eq(x->note, y->note));
    }
    CHECK(a->npresets == b->npresets);
    for (size_t i = 0; i < a->npresets && i < b->npresets; i++) {
        const ds_preset_value *x = &a->presets[i], *y = &b->presets[i];

        SAME("presets", i, str_eq(x->preset, y->preset));
        SAME("presets", i, str_eq(x->assumption_id, y->assumption_id));
        SAME("presets", i, num_eq(x->value, y->value));
    }
    CHECK(a->nprojections == b->nprojections);
    for (size_t i = 0; i < a->nprojections && i < b->nprojections; i++) {
        const ds_projection *x = &a->projections[i], *y = &b->projections[i];

        SAME("projections", i, str_eq(x->lad_code, y->lad_code));
        SAME("projections", i, x->year == y->year);
        SAME("projections", i, num_eq(x->population, y->population));
    }
    CHECK(a->nlsoas == b->nlsoas);
    for (size_t i = 0; i < a->nlsoas && i < b->nlsoas; i++) {
        const ds_lsoa *x = &a->lsoas[i], *y = &b->lsoas[i];

        SAME("lsoas", i, str_eq(x->code, y->code));
        SAME("lsoas", i, str_eq(x->lad_code, y->lad_code));
        SAME("lsoas", i, num_eq(x->imd_score, y->imd_score));
        SAME("lsoas", i, x->population == y->population);
    }
    CHECK(a->ncost_index == b->ncost_index);
    CHECK((a->cost_index == NULL) == (b->cost_index == NULL));
    for (size_t i = 0; i < a->ncost_index && i < b->ncost_index; i++) {
        const ds_cost_index *x = &a->cost_index[i], *y = &b->cost_index[i];

        SAME("cost_index", i, str_eq(x->date, y->date));
        SAME("cost_index", i, num_eq(x->value, y->value));
        SAME("cost_index", i, str_eq(x->source, y->source));
        SAME("cost_index", i, str_eq(x->illustrative, y->illustrative));
    }
    /* element by element: the funds come back in the file's order */
    CHECK(a->nfunds == b->nfunds);
    CHECK((a->funds == NULL) == (b->funds == NULL));
    for (size_t i = 0; i < a->nfunds && i < b->nfunds; i++) {
        const ds_fund *x = &a->funds[i], *y = &b->funds[i];

        SAME("funds", i, str_eq(x->id, y->id));
        SAME("funds", i, str_eq(x->kind, y->kind));
        SAME("funds", i, x->year == y->year);
        SAME("funds", i, num_eq(x->amount_gbp, y->amount_gbp));
        SAME("funds", i, str_eq(x->scheme_id, y->scheme_id));
        SAME("funds", i, str_eq(x->place, y->place));
        SAME("funds", i, x->spend_by_year == y->spend_by_year);
        SAME("funds", i, str_eq(x->source, y->source));
        SAME("funds", i, str_eq(x->illustrative, y->illustrative));
    }
}

/* a: as loaded from the directory; b: as read back from the store. */
static inline void same_dataset(const ds_dataset *a, const ds_dataset *b, int g)
{
    CHECK(str_eq(a->dir, b->dir));
    CHECK(str_eq(a->name, b->name));
    CHECK(str_eq(a->title, b->title));
    CHECK(a->base_year == b->base_year);
    CHECK(strs_eq(a->attribution, a->nattribution, b->attribution,
                  b->nattribution));
    CHECK(str_eq(a->system_code, b->system_code));
    CHECK(str_eq(a->system_name, b->system_name));
    CHECK(a->system_code ? wkb_eq(&a->system_geom, &b->system_geom, g)
                         : !b->system_geom.data && !b->system_geom.len);
    same_places(a, b, g);
    same_practices(a, b);
    same_sites(a, b, g);
    same_money(a, b);
    same_model(a, b);
    same_columns(a, b, g);
    CHECK(b->warnings.count == 0);
}

static inline void same_shares(const char *what, const ds_site_share *a,
                               size_t na, const ds_site_share *b, size_t nb)
{
    CHECK(na == nb);
    for (size_t i = 0; i < na && i < nb; i++) {
        SAME(what, i, str_eq(a[i].site_id, b[i].site_id));
        SAME(what, i, str_eq(a[i].code, b[i].code));
        SAME(what, i, a[i].area == b[i].area);
        SAME(what, i, num_eq(a[i].share, b[i].share));
        SAME(what, i, num_eq(a[i].area_m2, b[i].area_m2));
    }
}

static inline void same_spatial(const ds_spatial *a, const ds_spatial *b, int g)
{
    same_shares("lad_shares", a->lad_shares, a->nlad_shares, b->lad_shares,
                b->nlad_shares);
    same_shares("pcn_shares", a->pcn_shares, a->npcn_shares, b->pcn_shares,
                b->npcn_shares);
    CHECK(a->npcn_areas == b->npcn_areas);
    for (size_t i = 0; i < a->npcn_areas && i < b->npcn_areas; i++) {
        const ds_pcn_area *x = &a->pcn_areas[i], *y = &b->pcn_areas[i];

        SAME("pcn_areas", i, str_eq(x->pcn_code, y->pcn_code));
        SAME("pcn_areas", i, str_eq(x->place, y->place));
        SAME("pcn_areas", i, wkb_eq(&x->geom, &y->geom, g));
    }
    CHECK(a->nallocs == b->nallocs);
    for (size_t i = 0; i < a->nallocs && i < b->nallocs; i++) {
        const ds_site_alloc *x = &a->allocs[i], *y = &b->allocs[i];

        SAME("allocs", i, str_eq(x->site_id, y->site_id));
        SAME("allocs", i, str_eq(x->method, y->method));
        SAME("allocs", i, str_eq(x->practice_code, y->practice_code));
        SAME("allocs", i, str_eq(x->premises_id, y->premises_id));
        SAME("allocs", i, num_eq(x->distance_m, y->distance_m));
        SAME("allocs", i, num_eq(x->share, y->share));
    }
    CHECK(a->nmethods == b->nmethods);
    for (size_t i = 0; i < a->nmethods && i < b->nmethods; i++) {
        const ds_site_method *x = &a->methods[i], *y = &b->methods[i];

        SAME("methods", i, str_eq(x->site_id, y->site_id));
        SAME("methods", i, str_eq(x->method, y->method));
        SAME("methods", i, x->fallback == y->fallback);
        SAME("methods", i, str_eq(x->note, y->note));
    }
    CHECK(strs_eq(a->param_ids, a->nparams, b->param_ids, b->nparams));
    for (size_t i = 0; i < a->nparams && i < b->nparams; i++)
        SAME("params", i, num_eq(a->param_values[i], b->param_values[i]));
    CHECK(b->warnings.count == 0);
}

/* --- the column tables -------------------------------------------------- */

/* Entity e's array in ds: its rows, count and element size. */
static inline const void *entity_rows(const ds_dataset *ds, int e, size_t *n,
                                      size_t *size)
{
#define ROWS(arr, cnt)           \
    do {                         \
        *n = ds->cnt;            \
        *size = sizeof *ds->arr; \
        return ds->arr;          \
    } while (0)
    switch (e) {
    case DS_E_LADS: ROWS(lads, nlads);
    case DS_E_PCNS: ROWS(pcns, npcns);
    case DS_E_PRACTICES: ROWS(practices, npractices);
    case DS_E_LIST_SIZES: ROWS(list_sizes, nlist_sizes);
    case DS_E_PREMISES: ROWS(premises, npremises);
    case DS_E_SITES: ROWS(sites, nsites);
    case DS_E_CATCHMENTS: ROWS(catchments, ncatchments);
    case DS_E_SCHEMES: ROWS(schemes, nschemes);
    case DS_E_CONTRIBUTIONS: ROWS(contributions, ncontributions);
    case DS_E_ASSUMPTIONS: ROWS(assumptions, nassumptions);
    case DS_E_PRESETS: ROWS(presets, npresets);
    case DS_E_PROJECTIONS: ROWS(projections, nprojections);
    case DS_E_LSOAS: ROWS(lsoas, nlsoas);
    case DS_E_COST_INDEX: ROWS(cost_index, ncost_index);
    case DS_E_FUNDS: ROWS(funds, nfunds);
    }
#undef ROWS
    *n = *size = 0;
    return NULL;
}

/* Every column of every row of every entity, compared as the column table
 * says it is held: whatever the table names comes back as it went in. */
static inline void same_columns(const ds_dataset *a, const ds_dataset *b, int g)
{
    for (int e = 0; e < DS_NENTITIES; e++) {
        const ds_table *t = &ds_tables[e];
        size_t na, nb, sa, sb;
        const char *ra = entity_rows(a, e, &na, &sa);
        const char *rb = entity_rows(b, e, &nb, &sb);

        SAME(t->name, 0, na == nb && sa == sb);
        for (size_t i = 0; na == nb && i < na; i++)
            for (size_t c = 0; c < t->ncols; c++) {
                const ds_column *col = &t->cols[c];
                const void *fa = ra + i * sa + col->off;
                const void *fb = rb + i * sb + col->off;
                int ok = 1;

                switch (col->ctype) {
                case DS_COL_TEXT:
                    ok = str_eq(*(const char *const *)fa,
                                *(const char *const *)fb);
                    break;
                case DS_COL_REAL:
                    ok = num_eq(*(const double *)fa, *(const double *)fb);
                    break;
                case DS_COL_INT:
                    ok = *(const int *)fa == *(const int *)fb;
                    break;
                case DS_COL_LONG:
                    ok = *(const long *)fa == *(const long *)fb;
                    break;
                case DS_COL_POINT:
                    ok = num_eq(*(const double *)fa, *(const double *)fb) &&
                         num_eq(*(const double *)(const void *)(ra + i * sa +
                                                                col->off2),
                                *(const double *)(const void *)(rb + i * sb +
                                                                col->off2));
                    break;
                case DS_COL_WKB: ok = wkb_eq(fa, fb, g); break;
                case DS_COL_FIRST:
                case DS_COL_SEQ: break; /* checked in the store itself */
                }
                if (!ok)
                    fprintf(stderr, "%s: %s[%zu].%s differs\n", __FILE__,
                            t->name, i, col->name);
                SAME(t->name, i, ok);
            }
    }
}

static inline int load_source(source *s)
{
    char dir[4096];
    pc_error err = {0};

    if (ds_dataset_load(geo, check_src(s->rel, dir, sizeof dir), &s->ds,
                        &err) != PC_OK ||
        plan_spatial_build(geo, s->ds, &s->sp, &err) != PC_OK) {
        fprintf(stderr, "%s: %s\n", s->rel, err.msg);
        return 0;
    }
    return 1;
}

/* Runs cases with geo made, tmp made (TMPDIR or /tmp, named after the
 * test) and the fixture loaded, and cw too when with_cw; then frees them
 * and removes the stores dbs (n names) and tmp. */
static inline int store_test_main(const char *test, const check_case *cases,
                                  int with_cw, const char *const *dbs, size_t n,
                                  int argc, char **argv)
{
    const char *base = getenv("TMPDIR");
    pc_error err = {0};
    int rc = 1;

    snprintf(tmp, sizeof tmp, "%s/%s.XXXXXX", base && *base ? base : "/tmp",
             test);
    if (!mkdtemp(tmp)) {
        perror(tmp);
        return 1;
    }
    geo = geo_ctx_new(&err);
    if (!geo || !load_source(&fixture) || (with_cw && !load_source(&cw))) {
        fprintf(stderr, "setup: %s\n", err.msg);
        printf("0 passed, 1 failed\n");
        goto done;
    }
    rc = check_run(cases, argc, argv);
done:
    for (int i = 0; i < 2; i++) {
        source *s = i ? &cw : &fixture;

        ds_spatial_free(s->sp);
        ds_dataset_free(s->ds);
    }
    geo_ctx_free(geo);
    for (size_t i = 0; i < n; i++) {
        char path[512];

        unlink(store_path(dbs[i], path, sizeof path));
    }
    rmdir(tmp);
    return rc;
}

#endif
