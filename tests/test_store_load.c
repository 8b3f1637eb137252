/* test_store_load.c: ds_store_load(), the dataset and spatial model read
 * back from the store, against what went in.
 *
 * For the Rugby fixture (with catchments, without a system boundary) and
 * the bundled Coventry and Warwickshire dataset (with a system boundary):
 * ds_dataset_load, plan_spatial_build, ds_store_import into a fresh store
 * in a temporary directory, then ds_store_load, and every field of every
 * element of every array compared with the original: strings NULL-aware,
 * doubles exactly (NAN equal to NAN), WKB byte for byte. SpatiaLite's
 * AsBinary() writes the same little-endian 2D ISO WKB that GEOS gave us, so
 * no tolerance is needed anywhere. Then without DS_LOAD_GEOMETRY (every
 * geometry empty, the rest equal), a store without a spatial model, a
 * store with no dataset (PC_ERR_NOTFOUND), and a second import of what was
 * loaded (the loaded model is usable as it stands). The column tables
 * (ds_columns.h) are checked against the schema the migrations build, and
 * every column they name is compared generically after a round trip. */
#include "check.h"
#include "ds_columns.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_spatial.h"

#include <sqlite3.h>

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

static const char *store_path(const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", tmp, name);
    return buf;
}

/* A fresh store at tmp/name holding ds and sp (sp may be NULL). */
static ds_store *make_store(const char *name, const ds_dataset *ds,
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

static void same_columns(const ds_dataset *a, const ds_dataset *b, int g);

/* Fails the case naming the array, the element and the field. */
#define SAME(what, i, cond)                                             \
    do {                                                                \
        if (!(cond)) {                                                  \
            fprintf(stderr, "%s:%d: %s[%zu]: %s\n", __FILE__, __LINE__, \
                    (what), (size_t)(i), #cond);                        \
            check_failed_ = 1;                                          \
        }                                                               \
    } while (0)

static int str_eq(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

static int num_eq(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* Byte-equal WKB with geometries; an empty one without. */
static int wkb_eq(const geo_wkb *a, const geo_wkb *b, int geoms)
{
    if (!geoms)
        return !b->data && b->len == 0;
    return a->len == b->len && a->data && b->data &&
           !memcmp(a->data, b->data, a->len);
}

static int strs_eq(const char *const *a, size_t na, const char *const *b,
                   size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t k = 0; k < na; k++)
        if (!str_eq(a[k], b[k]))
            return 0;
    return 1;
}

static void same_places(const ds_dataset *a, const ds_dataset *b, int g)
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

static void same_practices(const ds_dataset *a, const ds_dataset *b)
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

static void same_sites(const ds_dataset *a, const ds_dataset *b, int g)
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

static void same_money(const ds_dataset *a, const ds_dataset *b)
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

static void same_model(const ds_dataset *a, const ds_dataset *b)
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
static void same_dataset(const ds_dataset *a, const ds_dataset *b, int g)
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

static void same_shares(const char *what, const ds_site_share *a, size_t na,
                        const ds_site_share *b, size_t nb)
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

static void same_spatial(const ds_spatial *a, const ds_spatial *b, int g)
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

/* --- cases ------------------------------------------------------------- */

/* Import, load with and without geometry, compare; then import what was
 * loaded into a second store and load that too. */
static void round_trip(const source *s, const char *name)
{
    pc_error err = {0};
    ds_store *st = NULL, *st2 = NULL;
    ds_dataset *ds = NULL, *ds2 = NULL;
    ds_spatial *sp = NULL, *sp2 = NULL;
    char name2[64];

    CHECK(s->ds && s->sp);
    if (!s->ds || !s->sp)
        return;
    st = make_store(name, s->ds, s->sp);
    CHECK(st != NULL);
    if (!st)
        return;
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_OK);
    if (ds && sp) {
        same_dataset(s->ds, ds, 1);
        same_spatial(s->sp, sp, 1);
    } else {
        fprintf(stderr, "load: %s\n", err.msg);
    }

    /* what was loaded imports as it is, and comes back the same again */
    snprintf(name2, sizeof name2, "again-%s", name);
    st2 = ds ? make_store(name2, ds, sp) : NULL;
    CHECK(st2 != NULL);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    sp = NULL;
    ds = NULL;
    if (st2) {
        CHECK(ds_store_load(st2, DS_LOAD_GEOMETRY, &ds2, &sp2, &err) == PC_OK);
        if (ds2 && sp2) {
            same_dataset(s->ds, ds2, 1);
            same_spatial(s->sp, sp2, 1);
        }
        ds_spatial_free(sp2);
        ds_dataset_free(ds2);
        ds_store_close(st2);
    }

    /* without geometry: every geo_wkb empty, everything else equal */
    CHECK(ds_store_load(st, 0, &ds, &sp, &err) == PC_OK);
    if (ds && sp) {
        same_dataset(s->ds, ds, 0);
        same_spatial(s->sp, sp, 0);
    }
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    ds = NULL;

    /* the dataset alone */
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, NULL, &err) == PC_OK);
    if (ds)
        same_dataset(s->ds, ds, 1);
    ds_dataset_free(ds);
    ds_store_close(st);
}

static void fixture_round_trip(void)
{
    round_trip(&fixture, "fixture.db");
    /* the fixture has what the bundled data lacks, and the reverse */
    CHECK(fixture.ds && fixture.ds->ncatchments > 0);
    CHECK(fixture.ds && !fixture.ds->system_code);
    CHECK(fixture.ds && fixture.ds->ncost_index == 3);
    /* funds with and without a scheme, place and spend-by year, not in
     * fund_id order */
    CHECK(fixture.ds && fixture.ds->nfunds == 11);
    if (fixture.ds && fixture.ds->nfunds == 11) {
        const ds_fund *f = fixture.ds->funds;

        CHECK_STR(f[0].id, "ICB");
        CHECK(!f[0].scheme_id && !f[0].place && f[0].spend_by_year == 0);
        CHECK_STR(f[10].id, "GRANT-HOULTON");
        CHECK_STR(f[10].scheme_id, "P11");
        CHECK_STR(f[10].place, "Rugby");
        CHECK(f[10].spend_by_year == 2029);
    }
}

static void cw_round_trip(void)
{
    round_trip(&cw, "cw.db");
    CHECK(cw.ds && cw.ds->system_code && cw.ds->nsites == 51);
    CHECK(cw.ds && cw.ds->npractices == 119 && cw.ds->npremises == 153);
    CHECK(cw.ds && cw.ds->ncost_index == 12);
    CHECK(cw.ds && cw.ds->nfunds == 17);
}

/* The other side of every sentinel and optional value, set by hand on a
 * fresh copy of the fixture (whose data has only one side of some: every
 * site has a trajectory, no contribution a spend-by): absent dir, title
 * and attribution; a site without trajectory or mix, one with a mix, CIL
 * unknown, no and yes; NAN money; NULL strings; a practice in no PCN (so a
 * PCN area with no code); dependencies and premises practices in an order
 * the primary keys would not give. */
static void edge_values(void)
{
    static const char *deps[2];
    char dir[4096];
    pc_error err = {0};
    ds_dataset *src = NULL, *ds = NULL;
    ds_spatial *ssp = NULL, *sp = NULL;
    ds_store *st = NULL;
    ds_premises *two = NULL;
    ds_site *s;

    if (ds_dataset_load(geo, check_src(fixture.rel, dir, sizeof dir), &src,
                        &err) != PC_OK) {
        fprintf(stderr, "load: %s\n", err.msg);
        CHECK(0);
        return;
    }
    CHECK(src->nsites >= 3 && src->ncontributions >= 3 && src->nschemes >= 3 &&
          src->npractices >= 2);
    if (src->nsites < 3 || src->ncontributions < 3 || src->nschemes < 3 ||
        src->npractices < 2)
        goto done;
    src->dir = NULL;
    src->title = NULL;
    src->attribution = NULL;
    src->nattribution = 0;

    s = &src->sites[0];
    s->traj = NULL;
    s->ntraj = 0;
    s->traj_start = 0;
    for (int b = 0; b < 6; b++)
        s->mix[b] = NAN;
    s->cil_liable = -1;
    s->planning_status = NULL;
    s->s106_note = NULL;
    s->illustrative = "*";
    s = &src->sites[1];
    s->mix[1] = 12.5;
    s->mix[2] = 0;
    s->mix[3] = 37.5;
    s->mix[4] = 50;
    s->mix[5] = 0;
    s->cil_liable = 0;
    s->s106_note = "note";
    src->sites[2].cil_liable = 1;

    src->contributions[0].spend_by_years = -1;
    src->contributions[1].spend_by_years = 0;
    src->contributions[2].spend_by_years = 7;
    src->contributions[0].received_gbp = NAN;
    src->contributions[0].spent_gbp = NAN;
    src->contributions[0].land_ha = NAN;
    src->contributions[1].received_gbp = 1234.5;
    src->contributions[1].spent_gbp = 0.1;
    src->contributions[0].base_date = NULL;
    src->contributions[0].purpose = NULL;
    src->contributions[0].triggers = NULL;

    src->premises[0].gia_m2 = NAN;
    src->premises[0].backlog_gbp = NAN;
    src->premises[0].void_m2 = NAN;
    src->premises[0].postcode = NULL;
    src->premises[0].condition = NULL;
    src->premises[1].gia_m2 = 0.1 + 0.2; /* not a short decimal */
    for (size_t i = 0; i < src->npremises; i++)
        if (src->premises[i].npractices >= 2)
            two = &src->premises[i];
    CHECK(two != NULL);
    if (two) { /* descending, which the primary key index would reverse */
        const char *t = two->practices[0];

        if (strcmp(two->practices[0], two->practices[1]) < 0) {
            two->practices[0] = two->practices[1];
            two->practices[1] = t;
        }
    }

    src->schemes[0].earliest_start = 0;
    src->schemes[0].completion_year = 0;
    src->schemes[0].m2_added = NAN;
    src->schemes[0].rent_gbp = NAN;
    src->schemes[0].funding = NULL;
    src->schemes[0].option_group = NULL;
    src->schemes[0].premises_id = NULL;
    src->schemes[0].site_id = NULL;
    src->schemes[0].depends_on = NULL;
    src->schemes[0].ndepends = 0;
    src->schemes[1].earliest_start = 2031;
    src->schemes[1].completion_year = 2033;
    src->schemes[1].rent_gbp = -12345.678;
    deps[0] = src->schemes[0].id;
    deps[1] = src->schemes[2].id;
    if (strcmp(deps[0], deps[1]) < 0) {
        deps[0] = src->schemes[2].id;
        deps[1] = src->schemes[0].id;
    }
    src->schemes[1].depends_on = deps;
    src->schemes[1].ndepends = 2;
    src->assumptions[0].note = NULL;
    CHECK(src->ncost_index >= 3);
    if (src->ncost_index < 3)
        goto done;
    src->cost_index[0].source = NULL;
    src->cost_index[1].illustrative = NULL;
    src->cost_index[2].value = 0.1 + 0.2; /* not a short decimal */
    CHECK(src->nfunds >= 4);
    if (src->nfunds < 4)
        goto done;
    src->funds[0].source = NULL;
    src->funds[1].illustrative = NULL;
    src->funds[2].amount_gbp = 0.1 + 0.2;
    src->funds[3].amount_gbp = 0;

    src->practices[0].postcode = NULL;
    src->practices[0].pcn_code = NULL;

    CHECK(plan_spatial_build(geo, src, &ssp, &err) == PC_OK);
    if (!ssp)
        goto done;
    st = make_store("edge.db", src, ssp);
    CHECK(st != NULL);
    if (!st)
        goto done;
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_OK);
    if (!ds || !sp) {
        fprintf(stderr, "load: %s\n", err.msg);
        goto done;
    }
    same_dataset(src, ds, 1);
    same_spatial(ssp, sp, 1);
    CHECK(ds->dir == NULL && ds->title == NULL);
    CHECK(ds->attribution == NULL && ds->nattribution == 0);
    CHECK(ds->sites[0].traj == NULL && ds->sites[0].traj_start == 0);
    CHECK(ds->sites[1].mix[3] == 37.5 && isnan(ds->sites[1].mix[0]));
    {
        int no_pcn = 0;

        for (size_t i = 0; i < sp->npcn_areas; i++)
            no_pcn += sp->pcn_areas[i].pcn_code == NULL;
        CHECK(no_pcn > 0);
    }

done:
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    ds_store_close(st);
    ds_spatial_free(ssp);
    ds_dataset_free(src);
}

/* A dataset without a cost index (the file is optional) reads back
 * without one: NULL and 0, as the loader gives them. */
static void without_cost_index(void)
{
    char dir[4096];
    pc_error err = {0};
    ds_dataset *src = NULL, *ds = NULL;
    ds_store *st = NULL;

    if (ds_dataset_load(geo, check_src(fixture.rel, dir, sizeof dir), &src,
                        &err) != PC_OK) {
        fprintf(stderr, "load: %s\n", err.msg);
        CHECK(0);
        return;
    }
    src->cost_index = NULL;
    src->ncost_index = 0;
    st = make_store("noci.db", src, NULL);
    CHECK(st != NULL);
    if (st && ds_store_load(st, 0, &ds, NULL, &err) != PC_OK)
        fprintf(stderr, "load: %s\n", err.msg);
    CHECK(ds != NULL);
    if (ds) {
        same_dataset(src, ds, 0);
        CHECK(ds->ncost_index == 0 && ds->cost_index == NULL);
    }
    ds_dataset_free(ds);
    ds_store_close(st);
    ds_dataset_free(src);
}

/* A dataset without funds (the file is optional) reads back without
 * them: NULL and 0, as the loader gives them. */
static void without_funds(void)
{
    char dir[4096];
    pc_error err = {0};
    ds_dataset *src = NULL, *ds = NULL;
    ds_store *st = NULL;

    if (ds_dataset_load(geo, check_src(fixture.rel, dir, sizeof dir), &src,
                        &err) != PC_OK) {
        fprintf(stderr, "load: %s\n", err.msg);
        CHECK(0);
        return;
    }
    src->funds = NULL;
    src->nfunds = 0;
    st = make_store("nofunds.db", src, NULL);
    CHECK(st != NULL);
    if (st && ds_store_load(st, 0, &ds, NULL, &err) != PC_OK)
        fprintf(stderr, "load: %s\n", err.msg);
    CHECK(ds != NULL);
    if (ds) {
        same_dataset(src, ds, 0);
        CHECK(ds->nfunds == 0 && ds->funds == NULL);
    }
    ds_dataset_free(ds);
    ds_store_close(st);
    ds_dataset_free(src);
}

/* A store imported without a spatial model gives an empty one. */
static void without_spatial_model(void)
{
    pc_error err = {0};
    ds_store *st = fixture.ds ? make_store("nosp.db", fixture.ds, NULL) : NULL;
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;

    CHECK(st != NULL);
    if (!st)
        return;
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_OK);
    if (ds)
        same_dataset(fixture.ds, ds, 1);
    CHECK(sp != NULL);
    if (sp) {
        CHECK(sp->nlad_shares == 0 && sp->npcn_shares == 0);
        CHECK(sp->npcn_areas == 0 && sp->nallocs == 0);
        CHECK(sp->nmethods == 0 && sp->nparams == 0 && sp->warnings.count == 0);
    }
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    ds_store_close(st);
}

/* Schema but no dataset: PC_ERR_NOTFOUND, outputs untouched. */
static void empty_store(void)
{
    pc_error err = {0};
    ds_store *st = make_store("empty.db", NULL, NULL);
    ds_dataset *ds = (ds_dataset *)&err; /* any non-NULL sentinel */
    ds_spatial *sp = (ds_spatial *)&err;

    CHECK(st != NULL);
    if (!st)
        return;
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) ==
          PC_ERR_NOTFOUND);
    CHECK(err.code == PC_ERR_NOTFOUND);
    CHECK_HAS(
        err.msg,
        "the store holds no dataset (expected one imported into it first)");
    CHECK(ds == (ds_dataset *)&err && sp == (ds_spatial *)&err);
    /* and the store is still usable afterwards (the savepoint ended) */
    CHECK(ds_store_load(st, 0, &ds, NULL, &err) == PC_ERR_NOTFOUND);
    if (fixture.ds) {
        ds = NULL;
        CHECK(ds_store_import(st, fixture.ds, NULL, &err) == PC_OK);
        CHECK(ds_store_load(st, 0, &ds, NULL, &err) == PC_OK);
        if (ds != NULL && ds != (ds_dataset *)&err)
            CHECK_STR(ds->name, fixture.ds->name);
        if (ds != (ds_dataset *)&err)
            ds_dataset_free(ds);
    }
    ds_store_close(st);
}

/* --- the column tables -------------------------------------------------- */

/* Entity e's array in ds: its rows, count and element size. */
static const void *entity_rows(const ds_dataset *ds, int e, size_t *n,
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
static void same_columns(const ds_dataset *a, const ds_dataset *b, int g)
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

/* The column tables are the schema's: for every entity, the stored
 * table's columns (PRAGMA table_info) are the table's, in its order, with
 * its declared types and NOT NULLs. Then every column round-trips through
 * ds_store_import and ds_store_load (with and without geometry), and the
 * two columns that are written but not read back hold what they should. */
static void column_tables(void)
{
    char path[512];
    pc_error err = {0};
    sqlite3 *db = NULL;
    ds_store *st;
    ds_dataset *ds = NULL;

    if (!fixture.ds || !fixture.sp)
        return;
    st = make_store("columns.db", fixture.ds, fixture.sp);
    CHECK(st != NULL);
    if (!st)
        return;
    CHECK(sqlite3_open(store_path("columns.db", path, sizeof path), &db) ==
          SQLITE_OK);
    for (int e = 0; e < DS_NENTITIES; e++) {
        const ds_table *t = &ds_tables[e];
        char sql[128];
        sqlite3_stmt *q = NULL;
        size_t c = 0;

        snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", t->name);
        CHECK(sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK);
        while (q && sqlite3_step(q) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(q, 1);
            const char *type = (const char *)sqlite3_column_text(q, 2);
            int notnull = sqlite3_column_int(q, 3);

            SAME(t->name, c, c < t->ncols);
            if (c >= t->ncols)
                break;
            if (strcmp(name, t->cols[c].name) ||
                strcasecmp(type, t->cols[c].sql_type) ||
                notnull != !t->cols[c].nullable)
                fprintf(stderr,
                        "%s: column %zu: stored %s %s%s, table %s %s%s\n",
                        t->name, c, name, type, notnull ? " NOT NULL" : "",
                        t->cols[c].name, t->cols[c].sql_type,
                        t->cols[c].nullable ? "" : " NOT NULL");
            SAME(t->name, c, !strcmp(name, t->cols[c].name));
            SAME(t->name, c, !strcasecmp(type, t->cols[c].sql_type));
            SAME(t->name, c, notnull == !t->cols[c].nullable);
            c++;
        }
        SAME(t->name, c, c == t->ncols);
        sqlite3_finalize(q);
    }
    /* DS_COL_FIRST: a premises' LAD is its lead practice's; DS_COL_SEQ:
     * funds are numbered from 1 in the dataset's order */
    CHECK(sqlite3_exec(db,
                       "CREATE TEMP VIEW bad AS SELECT 1 FROM premises p JOIN "
                       "premises_practices pp ON pp.premises_id = "
                       "p.premises_id AND pp.seq = 0 JOIN practices r ON "
                       "r.practice_code = pp.practice_code WHERE p.lad_code "
                       "IS NOT r.lad_code",
                       NULL, NULL, NULL) == SQLITE_OK);
    {
        sqlite3_stmt *q = NULL;

        CHECK(sqlite3_prepare_v2(db,
                                 "SELECT (SELECT count(*) FROM bad), (SELECT "
                                 "count(*) FROM premises), (SELECT "
                                 "coalesce(max(seq), 0) = count(*) FROM "
                                 "funds)",
                                 -1, &q, NULL) == SQLITE_OK);
        CHECK(q && sqlite3_step(q) == SQLITE_ROW);
        if (q) {
            CHECK(sqlite3_column_int(q, 0) == 0);
            CHECK(sqlite3_column_int(q, 1) > 0);
            CHECK(sqlite3_column_int(q, 2) == 1);
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(db);

    for (int g = 1; g >= 0; g--) {
        CHECK(ds_store_load(st, g ? DS_LOAD_GEOMETRY : 0, &ds, NULL, &err) ==
              PC_OK);
        if (ds)
            same_columns(fixture.ds, ds, g);
        ds_dataset_free(ds);
        ds = NULL;
    }
    ds_store_close(st);
}

/* Runs sql on the store file behind the reader's back. */
static int tamper(const char *name, const char *sql)
{
    char path[512];
    sqlite3 *db = NULL;
    int ok;

    ok = sqlite3_open(store_path(name, path, sizeof path), &db) == SQLITE_OK &&
         sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
    if (!ok)
        fprintf(stderr, "tamper: %s\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return ok;
}

/* A failure late in the read (geometries and arrays already built) leaves
 * the outputs untouched and frees everything (ASan checks the second). */
static void broken_store(void)
{
    pc_error err = {0};
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    ds_store *st = NULL;
    char path[512];

    if (!fixture.ds || !fixture.sp)
        return;
    /* a gap in a trajectory: the reader checks what the loader guaranteed */
    st = make_store("broken.db", fixture.ds, fixture.sp);
    ds_store_close(st);
    CHECK(tamper("broken.db",
                 "UPDATE site_trajectory SET year = year + 1 WHERE rowid = "
                 "(SELECT max(rowid) FROM site_trajectory)"));
    CHECK(ds_store_open(store_path("broken.db", path, sizeof path),
                        DS_OPEN_EXISTING, &st, &err) == PC_OK);
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_ERR_DB);
    CHECK_HAS(err.msg, "the store is inconsistent: site_trajectory");
    CHECK(ds == NULL && sp == NULL);
    ds_store_close(st);

    /* mended, but a PCN share names an area that is not there: fails in
     * the spatial model, once the whole dataset has been built */
    CHECK(tamper("broken.db",
                 "UPDATE site_trajectory SET year = year - 1 WHERE rowid = "
                 "(SELECT max(rowid) FROM site_trajectory); UPDATE site_pcns "
                 "SET area_id = 9999 WHERE rowid = (SELECT max(rowid) FROM "
                 "site_pcns)"));
    CHECK(ds_store_open(path, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_ERR_DB);
    CHECK_HAS(err.msg, "the store is inconsistent: site_pcns");
    CHECK(ds == NULL && sp == NULL);
    /* the dataset alone does not read it */
    CHECK(ds_store_load(st, 0, &ds, NULL, &err) == PC_OK);
    CHECK(ds != NULL);
    ds_dataset_free(ds);
    ds = NULL;
    ds_store_close(st);

    /* a table gone: SQLite's own message */
    CHECK(tamper("broken.db", "DROP TABLE scheme_spend"));
    CHECK(ds_store_open(path, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    CHECK(ds_store_load(st, DS_LOAD_GEOMETRY, &ds, &sp, &err) == PC_ERR_DB);
    CHECK_HAS(err.msg, "no such table: scheme_spend");
    CHECK(ds == NULL && sp == NULL);
    ds_store_close(st);
}

static int load_source(source *s)
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

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"fixture_round_trip", fixture_round_trip},
        {"cw_round_trip", cw_round_trip},
        {"edge_values", edge_values},
        {"without_spatial_model", without_spatial_model},
        {"without_cost_index", without_cost_index},
        {"without_funds", without_funds},
        {"empty_store", empty_store},
        {"broken_store", broken_store},
        {"column_tables", column_tables},
        {NULL, NULL}};
    static const char *const dbs[] = {
        "fixture.db", "again-fixture.db", "cw.db",     "again-cw.db",
        "nosp.db",    "empty.db",         "edge.db",   "broken.db",
        "noci.db",    "nofunds.db",       "columns.db"};
    const char *base = getenv("TMPDIR");
    pc_error err = {0};
    int rc = 1;

    snprintf(tmp, sizeof tmp, "%s/test_store_load.XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(tmp)) {
        perror(tmp);
        return 1;
    }
    geo = geo_ctx_new(&err);
    if (!geo || !load_source(&fixture) || !load_source(&cw)) {
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
    for (size_t i = 0; i < sizeof dbs / sizeof *dbs; i++) {
        char path[512];

        unlink(store_path(dbs[i], path, sizeof path));
    }
    rmdir(tmp);
    return rc;
}
