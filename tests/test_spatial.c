/* test_spatial.c: the spatial model (plan_spatial), checked two ways.
 *
 * 1. On a synthetic dataset built here, with squares whose overlaps and
 *    distances can be worked by hand: two 10 km LADs side by side, a site
 *    straddling them 30/70, practices at 1 km and 2 km from a site whose
 *    huff shares come out 1/2 and 1/2 (4/9, 4/9, 1/9 when rural).
 * 2. On the bundled Coventry and Warwickshire dataset, imported into a
 *    store, against SpatiaLite's own ST_Distance, ST_Area, ST_Intersection
 *    and MbrIntersects on the same geometries, and against the huff shares
 *    recomputed in SQL. */
#include "check.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_spatial.h"
#include "store_sql.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define DB "test_spatial.db"

static geo_ctx *geo;

/* An axis-aligned rectangle in BNG as WKB (a MultiPolygon). */
static geo_wkb rect(double x0, double y0, double x1, double y1)
{
    char json[512];
    cJSON *g;
    geo_wkb w = {0};
    pc_error err = {0};
    int repaired = 0;
    char why[64];

    snprintf(json, sizeof json,
             "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],"
             "[%f,%f],[%f,%f]]]}",
             x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    g = cJSON_Parse(json);
    if (!g || geo_polygon_from_geojson(geo, g, GEO_CRS_BNG, 0, &w, &repaired,
                                       why, sizeof why, &err) != PC_OK)
        fprintf(stderr, "rect: %s\n", err.msg);
    cJSON_Delete(g);
    return w;
}

/* --- 1. the synthetic dataset ------------------------------------------ */

enum { S_STRADDLE, S_NEAR, S_CONTAINS, S_FAR, S_HALF_OUT, NSITES };

static ds_lad lads[2];
static ds_place places[2];
static ds_practice practices[5] = {
    {"A", "Practice A", NULL, "P1", "L1", 403100, 202050},
    {"B", "Practice B", NULL, "P1", "L1", 402050, 204100},
    {"C", "Practice C", NULL, "P1", "L1", 408100, 202050},
    {"D", "Practice D", NULL, "P2", "L2", 415000, 205000},
    {"E", "Practice E", NULL, "P2", "L2", 416100, 205000},
};
static ds_list_size lists[6] = {
    {"A", "2026-04-01", 1000}, {"B", "2026-04-01", 4000},
    {"C", "2026-04-01", 9000}, {"D", "2026-04-01", 2000},
    {"E", "2026-04-01", 2000}, {"A", "2020-04-01", 99999}, /* older */
};
static const char *prem_pr[5][1] = {{"A"}, {"B"}, {"C"}, {"D"}, {"E"}};
static ds_premises premises[5];
static ds_site sites[NSITES];
static ds_catchment catchments[2];
static ds_assumption assumptions[] = {
    {"huff_alpha", 1, "", "", NULL},
    {"huff_beta", 2, "", "", NULL},
    {"dmax_urban_m", 5000, "", "", NULL},
    {"dmax_rural_m", 8000, "", "", NULL},
    {"huff_min_distance_m", 200, "", "", NULL},
};
static ds_dataset syn;

static void syn_build(void)
{
    static const char *ids[] = {"PA", "PB", "PC", "PD", "PE"};

    lads[0] = (ds_lad){"L1", "West LAD", "West",
                       rect(400000, 200000, 410000, 210000)};
    lads[1] = (ds_lad){"L2", "East LAD", "East",
                       rect(410000, 200000, 420000, 210000)};
    places[0] = (ds_place){"East", rect(410000, 200000, 420000, 210000)};
    places[1] = (ds_place){"West", rect(400000, 200000, 410000, 210000)};
    for (int i = 0; i < 5; i++)
        premises[i] = (ds_premises){.id = ids[i],
                                    .name = ids[i],
                                    .practices = prem_pr[i],
                                    .npractices = 1,
                                    .e = practices[i].e,
                                    .n = practices[i].n};
    /* 1,000 x 500 m across the L1/L2 boundary at E 410000: 30% west */
    sites[S_STRADDLE] = (ds_site){.id = "S1",
                                  .lad_code = "L1",
                                  .dwellings = 1000,
                                  .setting = "urban",
                                  .geom = rect(409700, 205000, 410700, 205500)};
    /* 100 m square: A 1,000 m east, B 2,000 m north, C 6,000 m east */
    sites[S_NEAR] = (ds_site){.id = "S2",
                              .lad_code = "L1",
                              .dwellings = 100,
                              .setting = "urban",
                              .geom = rect(402000, 202000, 402100, 202100)};
    /* 200 m square around D's premises; E 1,000 m east of its edge */
    sites[S_CONTAINS] = (ds_site){.id = "S3",
                                  .lad_code = "L2",
                                  .dwellings = 100,
                                  .setting = "urban",
                                  .geom = rect(414900, 204900, 415100, 205100)};
    /* 6,060 m from E, 6,788 m from D: nobody within 5 km */
    sites[S_FAR] = (ds_site){.id = "S4",
                             .lad_code = "L2",
                             .dwellings = 10,
                             .setting = "urban",
                             .geom = rect(419800, 209800, 419900, 209900)};
    /* half of it east of E 420000, outside both LADs */
    sites[S_HALF_OUT] = (ds_site){.id = "S5",
                                  .lad_code = "L2",
                                  .dwellings = 10,
                                  .setting = "urban",
                                  .geom = rect(419900, 205000, 420100, 205100)};
    /* A's catchment covers the west half of S2, B's all of it */
    catchments[0] =
        (ds_catchment){"A", NULL, rect(401000, 201000, 402050, 203000)};
    catchments[1] =
        (ds_catchment){"B", NULL, rect(401000, 201000, 403000, 203000)};
    syn = (ds_dataset){.name = "synthetic",
                       .base_year = 2026,
                       .places = places,
                       .nplaces = 2,
                       .lads = lads,
                       .nlads = 2,
                       .practices = practices,
                       .npractices = 5,
                       .list_sizes = lists,
                       .nlist_sizes = 6,
                       .premises = premises,
                       .npremises = 5,
                       .sites = sites,
                       .nsites = NSITES,
                       .catchments = catchments,
                       .ncatchments = 2,
                       .assumptions = assumptions,
                       .nassumptions = 5};
}

static void syn_free(void)
{
    for (int i = 0; i < 2; i++) {
        geo_wkb_free(&lads[i].geom);
        geo_wkb_free(&places[i].geom);
        geo_wkb_free(&catchments[i].geom);
    }
    for (int i = 0; i < NSITES; i++)
        geo_wkb_free(&sites[i].geom);
}

static plan_spatial *syn_model(void)
{
    plan_spatial_params p;
    plan_spatial *sp = NULL;
    pc_error err = {0};

    if (plan_spatial_params_get(&syn, &p, &err) != PC_OK ||
        plan_spatial_new(geo, &syn, NULL, &p, &sp, &err) != PC_OK)
        fprintf(stderr, "model: %s\n", err.msg);
    return sp;
}

/* The share of practice code in r, or -1. */
static double share_of(const plan_site_geo *r, const char *code)
{
    for (size_t i = 0; i < r->nalloc; i++)
        if (!strcmp(r->alloc[i].practice_code, code))
            return r->alloc[i].share;
    return -1;
}

static double share_sum(const plan_site_geo *r)
{
    double s = 0;

    for (size_t i = 0; i < r->nalloc; i++)
        s += r->alloc[i].share;
    return s;
}

static void straddling_site_splits_by_area(void)
{
    plan_spatial *sp = syn_model();
    plan_site_geo r = {0};
    pc_error err = {0};

    CHECK(sp != NULL);
    if (!sp)
        return;
    CHECK(plan_spatial_overlay(sp, &sites[S_STRADDLE].geom, &r, &err) == PC_OK);
    CHECK(r.nlads == 2);
    if (r.nlads == 2) {
        /* ordered by LAD index: L1 then L2 */
        CHECK_STR(r.lads[0].code, "L1");
        CHECK_NEAR(r.lads[0].share, 0.3, 1e-9);
        CHECK_NEAR(r.lads[0].area_m2, 300.0 * 500, 1e-6);
        CHECK_STR(r.lads[1].code, "L2");
        CHECK_NEAR(r.lads[1].share, 0.7, 1e-9);
        /* 1,000 dwellings: 300 west, 700 east */
        CHECK_NEAR(1000 * r.lads[0].share, 300, 1e-6);
        CHECK_NEAR(r.lads[0].share + r.lads[1].share, 1, 1e-12);
        CHECK_STR(r.lads[1].place, "East");
    }
    CHECK_NEAR(r.area_m2, 1000.0 * 500, 1e-6);
    CHECK_NEAR(r.outside_m2, 0, 1e-6);
    /* PCN areas: all of West is P1's cells, all of East P2's */
    CHECK(r.npcns == 2);
    for (size_t i = 0; i < r.npcns; i++)
        CHECK_NEAR(r.pcns[i].share, !strcmp(r.pcns[i].code, "P1") ? 0.3 : 0.7,
                   1e-9);
    /* half outside the area: shares over the part inside */
    CHECK(plan_spatial_overlay(sp, &sites[S_HALF_OUT].geom, &r, &err) == PC_OK);
    CHECK(r.nlads == 1 && r.lads[0].share == 1);
    CHECK_NEAR(r.outside_m2, 100.0 * 100, 1e-6);
    plan_site_geo_free(&r);
    plan_spatial_free(sp);
}

static void huff_hand_worked(void)
{
    plan_spatial *sp = syn_model();
    plan_site_geo r = {0};
    pc_error err = {0};

    if (!sp) {
        CHECK(sp != NULL);
        return;
    }
    /* urban: A 1000/1000^2 = B 4000/2000^2; C at 6 km is out of reach */
    CHECK(plan_spatial_allocate(sp, &sites[S_NEAR].geom, 0, PLAN_HUFF, &r,
                                &err) == PC_OK);
    CHECK(r.nalloc == 2 && !r.fallback);
    CHECK_NEAR(share_of(&r, "A"), 0.5, 1e-12);
    CHECK_NEAR(share_of(&r, "B"), 0.5, 1e-12);
    CHECK(share_of(&r, "C") < 0);
    CHECK_NEAR(r.alloc[0].distance_m + r.alloc[1].distance_m, 3000, 1e-9);
    /* rural: C 9000/6000^2 joins: 4/9, 4/9, 1/9 */
    CHECK(plan_spatial_allocate(sp, &sites[S_NEAR].geom, 1, PLAN_HUFF, &r,
                                &err) == PC_OK);
    CHECK(r.nalloc == 3);
    CHECK_NEAR(share_of(&r, "A"), 4.0 / 9, 1e-12);
    CHECK_NEAR(share_of(&r, "C"), 1.0 / 9, 1e-12);
    CHECK_STR(r.alloc[2].practice_code, "C"); /* smallest share last */
    CHECK_NEAR(r.alloc[2].distance_m, 6000, 1e-9);
    CHECK_NEAR(share_sum(&r), 1, 1e-9);
    /* D's premises inside the site: distance 0 counts as 200 m; E at
     * 1,000 m: 2000/200^2 against 2000/1000^2 = 25/26 and 1/26 */
    CHECK(plan_spatial_allocate(sp, &sites[S_CONTAINS].geom, 0, PLAN_HUFF, &r,
                                &err) == PC_OK);
    CHECK_NEAR(share_of(&r, "D"), 25.0 / 26, 1e-12);
    CHECK_NEAR(share_of(&r, "E"), 1.0 / 26, 1e-12);
    CHECK(r.alloc[0].distance_m == 0);
    plan_site_geo_free(&r);
    plan_spatial_free(sp);
}

static void fallbacks_say_so(void)
{
    plan_spatial *sp = syn_model();
    plan_site_geo r = {0};
    pc_error err = {0};

    if (!sp) {
        CHECK(sp != NULL);
        return;
    }
    /* nobody within 5 km: the nearest practice (E) takes all */
    CHECK(plan_spatial_allocate(sp, &sites[S_FAR].geom, 0, PLAN_HUFF, &r,
                                &err) == PC_OK);
    CHECK(r.fallback == 1 && r.nalloc == 1);
    CHECK_STR(r.alloc[0].practice_code, "E");
    CHECK(r.alloc[0].share == 1);
    CHECK_NEAR(r.alloc[0].distance_m, sqrt(3700.0 * 3700 + 4800.0 * 4800),
               1e-6);
    CHECK_HAS(r.note, "no practice with patients within 5000 m");
    /* but within 8 km when rural */
    CHECK(plan_spatial_allocate(sp, &sites[S_FAR].geom, 1, PLAN_HUFF, &r,
                                &err) == PC_OK);
    CHECK(r.fallback == 0 && r.nalloc == 2 && r.note[0] == '\0');
    /* outside every catchment */
    CHECK(plan_spatial_allocate(sp, &sites[S_FAR].geom, 0, PLAN_CATCHMENT, &r,
                                &err) == PC_OK);
    CHECK(r.fallback == 1 && r.nalloc == 1);
    CHECK_STR(r.alloc[0].practice_code, "E");
    CHECK_HAS(r.note, "no practice's catchment");
    plan_site_geo_free(&r);
    plan_spatial_free(sp);
}

static void nearest_and_catchment(void)
{
    plan_spatial *sp = syn_model();
    plan_site_geo r = {0};
    pc_error err = {0};

    if (!sp) {
        CHECK(sp != NULL);
        return;
    }
    CHECK(plan_spatial_allocate(sp, &sites[S_NEAR].geom, 0, PLAN_NEAREST, &r,
                                &err) == PC_OK);
    CHECK(r.nalloc == 1 && !r.fallback);
    CHECK_STR(r.alloc[0].practice_code, "A");
    CHECK_NEAR(r.alloc[0].distance_m, 1000, 1e-9);
    /* A covers half the site (list 1,000), B all of it (list 4,000):
     * 1000 x 0.5 against 4000 x 1 = 1/9 and 8/9 */
    CHECK(plan_spatial_allocate(sp, &sites[S_NEAR].geom, 0, PLAN_CATCHMENT, &r,
                                &err) == PC_OK);
    CHECK(r.nalloc == 2 && !r.fallback);
    CHECK_NEAR(share_of(&r, "A"), 1.0 / 9, 1e-12);
    CHECK_NEAR(share_of(&r, "B"), 8.0 / 9, 1e-12);
    CHECK_NEAR(r.alloc[0].distance_m, 2000, 1e-9); /* B first */
    plan_site_geo_free(&r);
    plan_spatial_free(sp);
}

static void build_whole_dataset(void)
{
    ds_spatial *out = NULL;
    pc_error err = {0};
    size_t i;

    CHECK(plan_spatial_build(geo, &syn, &out, &err) == PC_OK);
    if (!out)
        return;
    /* 5 sites x 3 methods */
    CHECK(out->nmethods == 15);
    CHECK(out->npcn_areas == 2);
    CHECK(out->nparams == 5);
    /* S1 is declared in L1 but lies 70% in L2; S5 is half outside */
    CHECK(out->warnings.count == 2);
    if (out->warnings.count == 2) {
        CHECK_HAS(out->warnings.items[0],
                  "site S1: declared lad_code L1, but 70%");
        CHECK_HAS(out->warnings.items[1],
                  "site S5: 50.0% of its area lies outside");
    }
    for (i = 0; i < out->nmethods; i++) {
        double s = 0;

        for (size_t k = 0; k < out->nallocs; k++)
            if (!strcmp(out->allocs[k].site_id, out->methods[i].site_id) &&
                !strcmp(out->allocs[k].method, out->methods[i].method))
                s += out->allocs[k].share;
        CHECK_NEAR(s, 1, 1e-9);
    }
    ds_spatial_free(out);
}

/* The indexes made with the PCN areas a store holds answer exactly as
 * those that make the areas again, after the stored model is gone. */
static void stored_pcn_areas_same(void)
{
    plan_spatial_params p;
    plan_spatial *made = syn_model(), *copied = NULL;
    ds_spatial *out = NULL;
    pc_error err = {0};

    CHECK(plan_spatial_build(geo, &syn, &out, &err) == PC_OK);
    CHECK(plan_spatial_params_get(&syn, &p, &err) == PC_OK);
    CHECK(plan_spatial_new(geo, &syn, out, &p, &copied, &err) == PC_OK);
    ds_spatial_free(out);
    for (int i = 0; made && copied && i < NSITES; i++) {
        plan_site_geo a = {0}, b = {0};

        CHECK(plan_spatial_overlay(made, &sites[i].geom, &a, &err) ==
              plan_spatial_overlay(copied, &sites[i].geom, &b, &err));
        CHECK(a.npcns == b.npcns && a.nlads == b.nlads);
        for (size_t k = 0; k < a.npcns && k < b.npcns; k++)
            CHECK(a.pcns[k].share == b.pcns[k].share &&
                  a.pcns[k].area_m2 == b.pcns[k].area_m2 &&
                  !strcmp(a.pcns[k].place, b.pcns[k].place) &&
                  !a.pcns[k].code == !b.pcns[k].code &&
                  (!a.pcns[k].code || !strcmp(a.pcns[k].code, b.pcns[k].code)));
        for (int m = 0; m < PLAN_NMETHODS; m++) {
            CHECK(plan_spatial_allocate(made, &sites[i].geom, 0, (plan_method)m,
                                        &a, &err) ==
                  plan_spatial_allocate(copied, &sites[i].geom, 0,
                                        (plan_method)m, &b, &err));
            CHECK(a.nalloc == b.nalloc);
            for (size_t k = 0; k < a.nalloc && k < b.nalloc; k++)
                CHECK(a.alloc[k].share == b.alloc[k].share &&
                      !strcmp(a.alloc[k].practice_code,
                              b.alloc[k].practice_code));
        }
        plan_site_geo_free(&a);
        plan_site_geo_free(&b);
    }
    plan_spatial_free(made);
    plan_spatial_free(copied);
}

static void errors(void)
{
    plan_spatial *sp = syn_model();
    plan_site_geo r = {0};
    pc_error err = {0};
    geo_wkb away = rect(500000, 300000, 500100, 300100);
    geo_wkb junk = {(unsigned char *)"not wkb", 7};
    plan_method m;
    plan_spatial_params p;
    ds_dataset no_catch = syn;

    if (!sp) {
        CHECK(sp != NULL);
        return;
    }
    CHECK(plan_spatial_overlay(sp, &away, &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "outside every LAD");
    CHECK(r.nlads == 0); /* untouched */
    CHECK(plan_spatial_overlay(sp, &junk, &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "bad geometry");
    CHECK(plan_method_parse("gravity", &m, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "expected huff, nearest or catchment");
    CHECK(plan_method_parse("nearest", &m, &err) == PC_OK && m == PLAN_NEAREST);
    CHECK(plan_method_parse(NULL, &m, &err) == PC_OK && m == PLAN_HUFF);
    plan_spatial_free(sp);
    /* catchment without catchments */
    no_catch.ncatchments = 0;
    CHECK(plan_spatial_params_get(&no_catch, &p, &err) == PC_OK);
    sp = NULL;
    CHECK(plan_spatial_new(geo, &no_catch, NULL, &p, &sp, &err) == PC_OK);
    if (sp)
        CHECK(plan_spatial_allocate(sp, &sites[S_NEAR].geom, 0, PLAN_CATCHMENT,
                                    &r, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "supplies no practice catchments");
    /* a missing assumption names its id */
    no_catch.nassumptions = 3;
    CHECK(plan_spatial_params_get(&no_catch, &p, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "no assumption \"dmax_rural_m\"");
    plan_spatial_free(sp);
    plan_site_geo_free(&r);
    geo_wkb_free(&away);
}

/* --- 2. the bundled dataset against SpatiaLite ------------------------- */

static double sql(const char *q)
{
    return store_sql(DB, q);
}

static void distances_match_spatialite(void)
{
    /* each stored distance is the practice's nearest premises by
     * SpatiaLite's ST_Distance from the site polygon */
    CHECK(sql("SELECT count(*) FROM site_allocations") > 100);
    CHECK_NEAR(sql("SELECT max(abs(a.distance_m - (SELECT "
                   "min(ST_Distance(s.geom, p.geom)) FROM premises_practices "
                   "pp JOIN premises p USING (premises_id) WHERE "
                   "pp.practice_code = a.practice_code))) FROM "
                   "site_allocations a JOIN sites s USING (site_id)"),
               0, 1.0);
    CHECK_NEAR(sql("SELECT max(abs(a.distance_m - ST_Distance(s.geom, "
                   "p.geom))) FROM site_allocations a JOIN sites s USING "
                   "(site_id) JOIN premises p USING (premises_id)"),
               0, 1.0);
}

static void areas_match_spatialite(void)
{
    CHECK_NEAR(sql("SELECT max(abs(area_ha * 10000 - ST_Area(geom)) / "
                   "ST_Area(geom)) FROM sites"),
               0, 0.001);
    CHECK_NEAR(sql("SELECT max(abs(x.area_m2 - ST_Area(ST_Intersection("
                   "s.geom, l.geom))) / x.area_m2) FROM site_lads x JOIN "
                   "sites s USING (site_id) JOIN lads l USING (lad_code)"),
               0, 0.001);
    /* the approximate PCN areas tile each place: their areas add up to
     * the place's, and so do the areas of their union */
    CHECK_NEAR(sql("SELECT max(abs(a.total - ST_Area(p.geom)) / "
                   "ST_Area(p.geom)) FROM places p JOIN (SELECT place_id, "
                   "sum(ST_Area(geom)) AS total FROM pcn_areas GROUP BY "
                   "place_id) a USING (place_id)"),
               0, 0.001);
    CHECK_NEAR(sql("SELECT max(abs(a.u - ST_Area(p.geom)) / ST_Area(p.geom)) "
                   "FROM places p JOIN (SELECT place_id, "
                   "ST_Area(ST_Union(geom)) AS u FROM pcn_areas GROUP BY "
                   "place_id) a USING (place_id)"),
               0, 0.001);
    CHECK(sql("SELECT count(DISTINCT place_id) FROM pcn_areas") == 4);
}

static void shares_sum_to_one(void)
{
    CHECK(sql("SELECT count(*) FROM site_methods") == 2 * 51);
    CHECK_NEAR(sql("SELECT max(abs(s - 1)) FROM (SELECT sum(share) AS s FROM "
                   "site_allocations GROUP BY site_id, method)"),
               0, 1e-9);
    CHECK_NEAR(sql("SELECT max(abs(s - 1)) FROM (SELECT sum(share) AS s FROM "
                   "site_lads GROUP BY site_id)"),
               0, 1e-9);
    CHECK_NEAR(sql("SELECT max(abs(s - 1)) FROM (SELECT sum(share) AS s FROM "
                   "site_pcns GROUP BY site_id)"),
               0, 1e-9);
    CHECK(sql("SELECT count(DISTINCT site_id) FROM site_pcns") == 51);
    /* every site has each method's row, fallback or not */
    CHECK(sql("SELECT count(*) FROM sites s WHERE (SELECT count(*) FROM "
              "site_methods m WHERE m.site_id = s.site_id) != 2") == 0);
}

/* Huff recomputed in SQL: practices whose nearest premises is within
 * D_max of the site polygon, weight list / max(d, 200)^2. */
#define HUFF_SQL                                                              \
    "WITH d AS (SELECT s.site_id, pp.practice_code, max(min(ST_Distance("     \
    "s.geom, p.geom)), 200.0) AS dist FROM sites s, premises p JOIN "         \
    "premises_practices pp USING (premises_id) GROUP BY s.site_id, "          \
    "pp.practice_code HAVING min(ST_Distance(s.geom, p.geom)) <= CASE "       \
    "(SELECT setting FROM sites x WHERE x.site_id = s.site_id) WHEN 'rural' " \
    "THEN 8000 ELSE 5000 END), w AS (SELECT d.site_id, d.practice_code, "     \
    "(SELECT patients FROM list_sizes l WHERE l.practice_code = "             \
    "d.practice_code ORDER BY list_date DESC LIMIT 1) / (d.dist * d.dist) "   \
    "AS w FROM d), n AS (SELECT site_id, practice_code, w / (SELECT "         \
    "sum(w2.w) FROM w w2 WHERE w2.site_id = w.site_id) AS share FROM w) "

static void huff_matches_sql(void)
{
    /* the same practices, and the same shares */
    CHECK(sql(HUFF_SQL "SELECT count(*) FROM n") ==
          sql("SELECT count(*) FROM site_allocations a JOIN site_methods m "
              "USING (site_id, method) WHERE method = 'huff' AND fallback = "
              "0"));
    CHECK_NEAR(sql(HUFF_SQL "SELECT max(abs(n.share - a.share)) FROM n JOIN "
                            "site_allocations a ON a.site_id = n.site_id AND "
                            "a.practice_code = n.practice_code AND a.method = "
                            "'huff'"),
               0, 1e-9);
    /* nearest: the practice of the nearest premises by ST_Distance */
    CHECK(sql("SELECT count(*) FROM site_allocations a JOIN sites s USING "
              "(site_id) WHERE a.method = 'nearest' AND a.distance_m > "
              "(SELECT min(ST_Distance(s.geom, p.geom)) FROM premises p) + "
              "0.001") == 0);
}

static void rtree_matches_spatialite(void)
{
    ds_store *st = NULL;
    ds_features *f = NULL;
    pc_error err = {0};
    /* central Coventry and a strip of Warwick district */
    double box[4] = {430000, 270000, 436000, 281000};

    CHECK(ds_store_open(DB, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    for (int layer = DS_LAYER_PREMISES; st && layer <= DS_LAYER_SITES;
         layer++) {
        char q[512];
        double n;

        CHECK(ds_store_features_in_box(st, (ds_layer)layer, box, &f, &err) ==
              PC_OK);
        snprintf(q, sizeof q,
                 "SELECT count(*) FROM %s WHERE MbrIntersects(geom, "
                 "BuildMbr(%f, %f, %f, %f))",
                 layer == DS_LAYER_PREMISES ? "premises" : "sites", box[0],
                 box[1], box[2], box[3]);
        n = sql(q);
        CHECK(f && n > 0 && (double)f->n == n);
        for (size_t i = 1; f && i < f->n; i++)
            CHECK(strcmp(f->v[i - 1].id, f->v[i].id) < 0);
        ds_features_free(f);
        f = NULL;
    }
    CHECK(ds_store_feature(st, DS_LAYER_SITES, "CW-NOPE", &f, &err) ==
          PC_ERR_NOTFOUND);
    ds_store_close(st);
}

static void store_site_view(void)
{
    ds_store *st = NULL;
    ds_site_view *v = NULL;
    pc_error err = {0};
    double sum = 0;

    CHECK(ds_store_open(DB, DS_OPEN_EXISTING, &st, &err) == PC_OK);
    if (!st)
        return;
    CHECK(ds_store_site(st, "CW-KH", "huff", &v, &err) == PC_OK);
    if (v) {
        CHECK_STR(v->name, "Kings Hill");
        CHECK(v->nlads == 1 && v->npcns >= 1 && v->npractices > 1);
        CHECK(v->nparams == 5 && !v->fallback);
        for (size_t i = 0; i < v->npractices; i++) {
            sum += v->practices[i].share;
            if (i > 0)
                CHECK(v->practices[i - 1].share >= v->practices[i].share);
        }
        CHECK_NEAR(sum, 1, 1e-9);
    }
    ds_site_view_free(v);
    v = NULL;
    CHECK(ds_store_site(st, "CW-NOPE", "huff", &v, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "no site \"CW-NOPE\" in the store (it holds 51");
    CHECK(ds_store_site(st, "CW-KH", "catchment", &v, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "supplies no practice catchments");
    CHECK(v == NULL);
    ds_store_close(st);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"straddling_site_splits_by_area", straddling_site_splits_by_area},
        {"huff_hand_worked", huff_hand_worked},
        {"fallbacks_say_so", fallbacks_say_so},
        {"nearest_and_catchment", nearest_and_catchment},
        {"build_whole_dataset", build_whole_dataset},
        {"stored_pcn_areas_same", stored_pcn_areas_same},
        {"errors", errors},
        {"distances_match_spatialite", distances_match_spatialite},
        {"areas_match_spatialite", areas_match_spatialite},
        {"shares_sum_to_one", shares_sum_to_one},
        {"huff_matches_sql", huff_matches_sql},
        {"rtree_matches_spatialite", rtree_matches_spatialite},
        {"store_site_view", store_site_view},
        {NULL, NULL}};
    char dir[4096];
    pc_error err = {0};
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    ds_store *st = NULL;
    int rc = 1;

    geo = geo_ctx_new(&err);
    unlink(DB);
    if (!geo ||
        ds_dataset_load(
            geo, check_src("datasets/coventry-warwickshire", dir, sizeof dir),
            &ds, &err) != PC_OK ||
        plan_spatial_build(geo, ds, &sp, &err) != PC_OK ||
        ds_store_open(DB, DS_OPEN_CREATE, &st, &err) != PC_OK ||
        ds_store_import(st, ds, sp, &err) != PC_OK) {
        fprintf(stderr, "loading the bundled dataset: %s\n", err.msg);
        printf("0 passed, 1 failed\n");
        goto done;
    }
    ds_store_close(st);
    st = NULL;
    syn_build();
    rc = check_run(cases, argc, argv);
    syn_free();
    /* the bundled sites lie where they are declared */
    if (sp->warnings.count != 0) {
        fprintf(stderr, "bundled dataset: %zu spatial warnings, e.g. %s\n",
                sp->warnings.count, sp->warnings.items[0]);
        rc = 1;
    }
done:
    ds_store_close(st);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
    unlink(DB);
    return rc;
}
