/* test_model.c: the model handle (plan_model.h) on a store made from the
 * fixture dataset: the spatial model cache, run and save, lookups of
 * unknown ids, the report document, the assessment request and the
 * indexes kept between assessments. */
#include "check.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_layers.h"
#include "plan_model.h"
#include "plan_request.h"
#include "plan_site.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DB "test_model_fixture.db"

/* Imports the fixture into DB as `pcplan init` does; 0 on failure. */
static int make_store(void)
{
    char dir[4096];
    pc_error err = {0};
    plan_import im = {NULL, NULL};
    int ok;

    unlink(DB);
    ok = plan_model_import(DB, check_src("tests/data/fixture", dir, sizeof dir),
                           &im, &err) == PC_OK;
    if (!ok)
        fprintf(stderr, "fixture store: %s\n", err.msg);
    plan_import_free(&im);
    return ok;
}

static plan_scenario *scenario(const char *json)
{
    plan_scenario *sc = NULL;
    pc_error err = {0};

    if (plan_scenario_parse(json, strlen(json), "test", &sc, &err) != PC_OK)
        fprintf(stderr, "scenario: %s\n", err.msg);
    return sc;
}

static plan_model *open_model(void)
{
    plan_model *m = NULL;
    pc_error err = {0};

    if (!make_store() || plan_model_open(DB, &m, &err) != PC_OK) {
        fprintf(stderr, "open: %s\n", err.msg);
        return NULL;
    }
    return m;
}

static void open_missing(void)
{
    plan_model *m = NULL;
    pc_error err = {0};

    unlink("test_model_none.db");
    CHECK(plan_model_open("test_model_none.db", &m, &err) == PC_ERR_NOTFOUND);
    CHECK(m == NULL);
    plan_model_close(NULL);
}

static void spatial_cache(void)
{
    plan_model *m = open_model();
    plan_scenario *plain = scenario("{}"),
                  *beta = scenario("{\"assumptions\":{\"huff_beta\":1.5}}"),
                  *beta2 = scenario("{\"years\":5,\"assumptions\":"
                                    "{\"huff_beta\":1.5}}"),
                  *alpha = scenario("{\"assumptions\":{\"huff_beta\":1.2}}");
    const ds_spatial *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
    pc_error err = {0};

    CHECK(m && plain && beta && beta2 && alpha);
    if (!m || !plain || !beta || !beta2 || !alpha)
        goto done;
    CHECK(plan_model_spatial(m, plain, &a, &err) == PC_OK);
    CHECK(a == plan_model_stored_spatial(m));
    CHECK(plan_model_spatial(m, beta, &b, &err) == PC_OK);
    CHECK(b && b != a);
    /* same spatial assumptions, other scenario: the cached model */
    CHECK(plan_model_spatial(m, beta2, &c, &err) == PC_OK);
    CHECK(c == b);
    CHECK(plan_model_spatial(m, alpha, &d, &err) == PC_OK);
    CHECK(d && d != a);
    CHECK(plan_model_spatial(m, plain, &e, &err) == PC_OK);
    CHECK(e == a);
done:
    plan_scenario_free(plain);
    plan_scenario_free(beta);
    plan_scenario_free(beta2);
    plan_scenario_free(alpha);
    plan_model_close(m);
    unlink(DB);
}

static void run_and_save(void)
{
    plan_model *m = open_model();
    plan_scenario *sc = scenario("{\"years\":5}");
    plan_run *run = NULL;
    ds_run_list *l = NULL;
    pc_buf json = PC_BUF_INIT(PC_CAP_DOC);
    pc_error err = {0};
    int found = 0;

    CHECK(m && sc);
    if (!m || !sc)
        goto done;
    CHECK(plan_model_run(m, sc, &run, &err) == PC_OK);
    if (!run)
        goto done;
    CHECK(plan_model_run_save(m, run, &json, &err) == PC_OK);
    CHECK_HAS(pc_buf_str(&json), run->run_id);
    CHECK(ds_store_runs(plan_model_store(m), &l, &err) == PC_OK);
    for (size_t i = 0; l && i < l->n; i++)
        found += !strcmp(l->v[i].run_id, run->run_id);
    CHECK(found == 1);
    /* saving again keeps one run; with a label names it, same id */
    CHECK(plan_model_run_save(m, run, NULL, &err) == PC_OK);
    CHECK(plan_model_run_save_as(m, run, "slow delivery", NULL, &err) == PC_OK);
    CHECK(plan_model_run_save_as(m, run, "", NULL, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "expected a label of 1 to 80 characters");
    ds_run_list_free(l);
    l = NULL;
    CHECK(ds_store_runs(plan_model_store(m), &l, &err) == PC_OK);
    CHECK(l && l->n == 1);
    if (l && l->n == 1) {
        CHECK_STR(l->v[0].run_id, run->run_id);
        CHECK_STR(l->v[0].label, "slow delivery");
    }
done:
    ds_run_list_free(l);
    pc_buf_free(&json);
    plan_run_free(run);
    plan_scenario_free(sc);
    plan_model_close(m);
    unlink(DB);
}

/* A label: 1 to 80 characters of UTF-8 text, no control characters. */
/* A stored programme's gaps run is stored with it: the run id it names
 * is among the store's runs (it was named and never stored). The
 * scenario is named, so that the run's name outlives the scenario the
 * gaps were projected with (ASan). */
static void programme_run_stored(void)
{
    plan_model *m = open_model();
    plan_scenario *sc = scenario("{\"name\":\"gaps\",\"years\":5}");
    plan_prio_instance *in = NULL;
    plan_programme *pg = NULL;
    ds_run_list *l = NULL;
    pc_error err = {0};
    int found = 0;

    CHECK(m && sc);
    if (!m || !sc)
        goto done;
    CHECK(plan_model_prioritise(m, sc, &in, &err) == PC_OK);
    CHECK(in && plan_programme_new(in, &pg, &err) == PC_OK);
    if (!pg)
        goto done;
    CHECK(strlen(in->run_id) == 12);
    CHECK(ds_store_runs(plan_model_store(m), &l, &err) == PC_OK);
    CHECK(l && l->n == 0);
    ds_run_list_free(l);
    l = NULL;
    CHECK(plan_model_programme_save(m, pg, &err) == PC_OK);
    CHECK(ds_store_runs(plan_model_store(m), &l, &err) == PC_OK);
    for (size_t i = 0; l && i < l->n; i++)
        if (!strcmp(l->v[i].run_id, in->run_id)) {
            found++;
            CHECK_STR(l->v[i].scenario, "gaps");
        }
    CHECK(found == 1);
done:
    ds_run_list_free(l);
    plan_programme_free(pg);
    plan_prio_instance_free(in);
    plan_scenario_free(sc);
    plan_model_close(m);
    unlink(DB);
}

static void label_check(void)
{
    static const char *const good[] = {"baseline", "slow delivery, 70%",
                                       "Rugby \xe2\x80\x94 a year late"};
    static const char *const bad[] = {"", "tab\there", "new\nline", "\xff\xfe",
                                      "\xc2\x85 (NEL)"};
    char long_label[82];
    pc_error err = {0};

    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        CHECK(plan_label_check(good[i], &err) == PC_OK);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(plan_label_check(bad[i], &err) == PC_ERR_INPUT);
        CHECK_HAS(err.msg, "expected a label");
    }
    memset(long_label, 'a', 80);
    long_label[80] = '\0';
    CHECK(plan_label_check(long_label, &err) == PC_OK);
    long_label[80] = 'a';
    long_label[81] = '\0';
    CHECK(plan_label_check(long_label, &err) == PC_ERR_INPUT);
    CHECK(plan_label_check(NULL, &err) == PC_ERR_INPUT);
}

static void lookups(void)
{
    plan_model *m = open_model();
    const ds_dataset *ds;
    pc_error err = {0};
    size_t i = 99;

    CHECK(m != NULL);
    if (!m)
        return;
    ds = plan_model_dataset(m);
    CHECK(plan_model_find_place(m, ds->places[0].name, &i, &err) == PC_OK);
    CHECK(i == 0);
    CHECK(plan_model_find_site(m, ds->sites[ds->nsites - 1].id, &i, &err) ==
          PC_OK);
    CHECK(i == ds->nsites - 1);
    CHECK(plan_model_find_premises(m, ds->premises[0].id, NULL, &err) == PC_OK);
    CHECK(plan_model_find_place(m, "Nowhere", &i, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "no place named \"Nowhere\" (the places are \"Rugby\")");
    CHECK(plan_model_find_site(m, "CW-NOPE", &i, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "CW-NOPE");
    CHECK(plan_model_find_premises(m, "PR-NOPE", &i, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "PR-NOPE");
    plan_model_close(m);
    unlink(DB);
}

static void report_document(void)
{
    plan_model *m = open_model();
    plan_scenario *sc = scenario("{}");
    ds_run_list *l = NULL;
    cJSON *doc = NULL;
    pc_error err = {0};

    CHECK(m && sc);
    if (m && sc) {
        CHECK(plan_model_report(m, sc, NULL, &doc, &err) == PC_OK);
        CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "places")) ==
              (int)plan_model_dataset(m)->nplaces);
        CHECK(ds_store_runs(plan_model_store(m), &l, &err) == PC_OK);
        CHECK(l && l->n == 0); /* plan_model_report stores nothing */
    }
    /* plan_model_report_save stores the run whose id the document has */
    if (m && sc) {
        const cJSON *run;

        cJSON_Delete(doc);
        doc = NULL;
        CHECK(plan_model_report_save(m, sc, NULL, "board", &doc, &err) ==
              PC_OK);
        run = cJSON_GetObjectItem(doc, "run");
        ds_run_list_free(l);
        l = NULL;
        CHECK(ds_store_runs(plan_model_store(m), &l, &err) == PC_OK);
        CHECK(l && l->n == 1 && run);
        if (l && l->n == 1 && run) {
            CHECK_STR(l->v[0].run_id,
                      cJSON_GetStringValue(cJSON_GetObjectItem(run, "run_id")));
            CHECK_STR(l->v[0].label, "board");
        }
        CHECK(plan_model_report_save(m, sc, NULL, "\x01", &doc, &err) ==
              PC_ERR_INPUT);
    }
    ds_run_list_free(l);
    cJSON_Delete(doc);
    plan_scenario_free(sc);
    plan_model_close(m);
    unlink(DB);
}

static void request_options(void)
{
    pc_error err = {0};
    plan_detail d = PLAN_DETAIL_PLACE;
    int w = -1;

    CHECK(plan_request_detail("practice", &d, &err) == PC_OK);
    CHECK(d == PLAN_DETAIL_PRACTICE);
    CHECK(plan_request_detail("lad", &d, &err) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "expected place, pcn or practice, got lad");
    CHECK(plan_request_date("2026-04-01", &err) == PC_OK);
    CHECK(plan_request_date("2026-02-30", &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "expected a date YYYY-MM-DD");
    CHECK(plan_request_warn_years("0", &w, &err) == PC_OK && w == 0);
    CHECK(plan_request_warn_years("50", &w, &err) == PC_OK && w == 50);
    CHECK(plan_request_warn_years("51", &w, &err) == PC_ERR_INPUT);
    CHECK(plan_request_warn_years("ten", &w, &err) == PC_ERR_INPUT);
    CHECK(w == 50);
}

/* An assessment asked for as JSON: the same development as the options
 * give, figures as numbers or text alike, and every mistake named by key. */
static void assess_request(void)
{
    static const struct {
        const char *json, *msg;
    } bad[] = {
        {"{\"lon\": -1.26}",
         "key \"lat\": missing (a point needs lon and lat)"},
        {"{\"site\": \"CW-HO\", \"lon\": 1, \"lat\": 52}", "give one of"},
        {"{\"lon\": -1.26, \"lat\": 52.37}", "key \"dwellings\": missing"},
        {"{\"site\": \"CW-HO\", \"mix\": \"1:50\"}", "key \"mix\": "},
        {"{\"site\": \"CW-HO\", \"colour\": 1}", "unknown key \"colour\""},
        {"{\"site\": \"CW-HO\", \"dwellings\": 0}",
         "key \"dwellings\": dwellings"},
        {"{\"site\": \"CW-HO\", \"scenario\": {\"years\": 0}}",
         "scenario of the request: key \"years\""},
        {"{\"boundary\": {\"type\": \"Point\", \"coordinates\": [0, 0]}, "
         "\"dwellings\": 9}",
         "key \"boundary\": "},
    };
    plan_model *m = open_model();
    pc_error err = {0};
    plan_assess_req q, t;
    cJSON *num = cJSON_Parse("{\"lon\": -1.26, \"lat\": 52.37, "
                             "\"dwellings\": 350, \"name\": \"N\"}");
    cJSON *txt = cJSON_Parse("{\"lon\": \"-1.26\", \"lat\": \"52.37\", "
                             "\"dwellings\": \"350\", \"method\": "
                             "\"space\"}");

    if (!m || !num || !txt)
        goto done;
    CHECK(plan_assess_req_read(plan_model_geo(m), plan_model_store(m), num, &q,
                               &err) == PC_OK);
    CHECK(plan_assess_req_read(plan_model_geo(m), plan_model_store(m), txt, &t,
                               &err) == PC_OK);
    CHECK(q.dev.dwellings == 350 && t.dev.dwellings == 350);
    CHECK(q.dev.e == t.dev.e && q.dev.n == t.dev.n && q.dev.e > 0);
    CHECK_STR(q.dev.source, "point");
    CHECK(q.dev.name && !strcmp(q.dev.name, "N"));
    CHECK(q.over && t.over && q.over->capacity == PLAN_DEMAND_UNSET &&
          t.over->capacity == PLAN_DEMAND_SPACE);
    plan_assess_req_free(&q);
    plan_assess_req_free(&t);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cJSON *j = cJSON_Parse(bad[i].json);

        CHECK(j && plan_assess_req_read(plan_model_geo(m), plan_model_store(m),
                                        j, &q, &err) == PC_ERR_INPUT);
        CHECK_HAS(err.msg, bad[i].msg);
        plan_assess_req_free(&q);
        cJSON_Delete(j);
    }
done:
    cJSON_Delete(num);
    cJSON_Delete(txt);
    plan_model_close(m);
}

/* The PCN areas as GeoJSON: one feature per stored area with the PCN's
 * code and name, in WGS84; as rows, the same properties. */
static void pcn_areas(void)
{
    plan_model *m = open_model();
    pc_error err = {0};
    pc_buf g = PC_BUF_INIT(16u << 20), r = PC_BUF_INIT(1u << 20);
    cJSON *fc = NULL, *rows = NULL;
    const cJSON *f;
    size_t n = 0;

    if (!m)
        return;
    CHECK(plan_pcn_areas_geojson(plan_model_geo(m), plan_model_dataset(m),
                                 plan_model_stored_spatial(m), 0, &g,
                                 &err) == PC_OK);
    CHECK(plan_pcn_areas_geojson(plan_model_geo(m), plan_model_dataset(m),
                                 plan_model_stored_spatial(m), 1, &r,
                                 &err) == PC_OK);
    fc = cJSON_Parse(pc_buf_str(&g));
    rows = cJSON_Parse(pc_buf_str(&r));
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(fc, "features"))
    {
        const cJSON *p = cJSON_GetObjectItem(f, "properties");
        const cJSON *c = cJSON_GetObjectItem(cJSON_GetObjectItem(f, "geometry"),
                                             "coordinates");

        while (cJSON_IsArray(c))
            c = cJSON_GetArrayItem(c, 0); /* the first longitude */
        CHECK(cJSON_IsNumber(c) && c->valuedouble > -2 && c->valuedouble < -1);
        CHECK(cJSON_Compare(
            p, cJSON_GetArrayItem(cJSON_GetObjectItem(rows, "pcns"), (int)n),
            1));
        if (n == 0) {
            CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p, "pcn_code")),
                      "U62213");
            CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p, "name")),
                      "RUGBY PCN");
        }
        n++;
    }
    CHECK(n > 0 && n == plan_model_stored_spatial(m)->npcn_areas);
    cJSON_Delete(fc);
    cJSON_Delete(rows);
    pc_buf_free(&g);
    pc_buf_free(&r);
    plan_model_close(m);
}

/* The JSON of the assessment of a 350-home point under sc, by m. */
static char *assess_point(plan_model *m, const plan_scenario *sc)
{
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(1u << 20);
    plan_assess_req q;
    plan_assessment *a = NULL;
    cJSON *j = cJSON_Parse("{\"lon\": -1.26, \"lat\": 52.37, "
                           "\"dwellings\": 350}");
    char *r = NULL;

    if (j && plan_assess_req_read(plan_model_geo(m), plan_model_store(m), j, &q,
                                  &err) == PC_OK) {
        if (plan_model_assess(m, sc, &q.dev, &q.opts, &a, &err) == PC_OK &&
            plan_assessment_json(a, &out, &err) == PC_OK)
            r = strdup(pc_buf_str(&out));
        plan_assess_req_free(&q);
    }
    if (!r)
        fprintf(stderr, "assess: %s\n", err.msg);
    plan_assessment_free(a);
    pc_buf_free(&out);
    cJSON_Delete(j);
    return r;
}

/* A model keeps the indexes new developments are placed with between
 * assessments, and makes them again when the spatial assumptions change:
 * every answer equals a fresh model's. */
static void assess_index_cache(void)
{
    plan_model *m = open_model(), *f = NULL;
    plan_scenario *plain = scenario("{}"),
                  *beta = scenario("{\"assumptions\":{\"huff_beta\":1.2}}"),
                  *fte = scenario("{\"capacity_method\":\"gp_fte\"}");
    /* fte: another base-year run (rooms by GP FTE), the same indexes */
    const plan_scenario *order[] = {plain, plain, beta, beta,
                                    plain, fte,   plain};
    char *first = NULL;
    pc_error err = {0};

    CHECK(m && plain && beta && fte);
    for (size_t i = 0; m && plain && beta && fte && i < 7; i++) {
        char *kept = assess_point(m, order[i]), *fresh = NULL;

        CHECK(plan_model_open(DB, &f, &err) == PC_OK);
        if (f)
            fresh = assess_point(f, order[i]);
        CHECK(kept && fresh && !strcmp(kept, fresh));
        if (i == 0)
            first = strdup(kept ? kept : "");
        else if (i == 2 || i == 5) /* another beta, other shares; or
                                    * another capacity */
            CHECK(kept && first && strcmp(kept, first));
        else if (i == 6)
            CHECK(kept && first && !strcmp(kept, first));
        free(kept);
        free(fresh);
        plan_model_close(f);
        f = NULL;
    }
    free(first);
    plan_scenario_free(plain);
    plan_scenario_free(beta);
    plan_scenario_free(fte);
    plan_model_close(m);
}

/* The ask for one outline file with 120 homes (NAN on failure). */
static double ask_of(plan_model *m, const char *rel)
{
    char path[4096];
    size_t len = 0;
    char *text = check_slurp(check_src(rel, path, sizeof path), &len);
    plan_dev dev = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *a = NULL;
    plan_scenario *sc = scenario("{}");
    geo_wkb outline = {0};
    pc_error err = {0};
    int repaired = 0;
    double ask = NAN;

    if (text && sc &&
        plan_dev_geojson(plan_model_geo(m), text, len, rel, &outline, &repaired,
                         &err) == PC_OK) {
        dev.geom = &outline;
        dev.source = "geojson";
        dev.dwellings = 120;
        if (plan_model_assess(m, sc, &dev, &o, &a, &err) == PC_OK)
            ask = a->contribution_gbp;
    }
    if (isnan(ask))
        fprintf(stderr, "%s: %s\n", rel, err.msg);
    plan_assessment_free(a);
    plan_scenario_free(sc);
    geo_wkb_free(&outline);
    free(text);
    return ask;
}

/* A red line in EPSG:27700 as QGIS or ogr2ogr writes it (the test file is
 * rugby_site.geojson transformed by GDAL's ogr2ogr) asks what the same
 * boundary in WGS84 asks, within 0.5%; another CRS is refused by name. */
static void red_line_27700(void)
{
    plan_model *m = open_model();
    double wgs, bng;
    geo_wkb w = {0};
    int rep;
    pc_error err = {0};
    static const char bad[] =
        "{\"type\":\"Feature\",\"crs\":{\"type\":\"name\",\"properties\":"
        "{\"name\":\"urn:ogc:def:crs:EPSG::3857\"}},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}";

    CHECK(m != NULL);
    if (!m)
        return;
    wgs = ask_of(m, "tests/data/assess/rugby_site.geojson");
    bng = ask_of(m, "tests/data/assess/rugby_site_27700.geojson");
    CHECK(wgs > 0 && bng > 0);
    CHECK_NEAR(bng / wgs, 1.0, 0.005);
    CHECK(plan_dev_geojson(plan_model_geo(m), bad, sizeof bad - 1, "x.geojson",
                           &w, &rep, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "x.geojson: declares the CRS "
                       "\"urn:ogc:def:crs:EPSG::3857\"");
    plan_model_close(m);
}

/* An application inside a site the plan counts (its own outline, CW-HO)
 * says so and is not counted twice: its practices' spare rooms are shared
 * as that site's are (the other sites' claims, counted_rooms, the same as
 * the stored site's), while the same homes at a point away from every
 * site are in addition to CW-HO, whose claim then counts too. */
static void inside_counted_site(void)
{
    plan_model *m = open_model();
    plan_scenario *sc = scenario("{}");
    const ds_dataset *ds = m ? plan_model_dataset(m) : NULL;
    const ds_site *ho = NULL;
    plan_dev in = plan_dev_init(), st = plan_dev_init(), out = plan_dev_init(),
             real = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *a = NULL, *b = NULL, *c = NULL, *h = NULL;
    pc_error err = {0};
    int warned = 0, same = 0, more = 0;

    for (size_t i = 0; ds && i < ds->nsites; i++)
        if (!strcmp(ds->sites[i].id, "CW-HO"))
            ho = &ds->sites[i];
    CHECK(m && sc && ho);
    if (!m || !sc || !ho)
        goto done;
    in.geom = &ho->geom;
    in.source = "geojson";
    in.dwellings = 300;
    st.site_id = "CW-HO";
    st.dwellings = 300;
    {
        double box[4];

        CHECK(geo_bbox(plan_model_geo(m), &ho->geom, box, &err) == PC_OK);
        out.e = box[2] + 300; /* just east of CW-HO: the same practices */
        out.n = (box[1] + box[3]) / 2;
    }
    out.lon = out.lat = 0;
    out.source = "point";
    out.dwellings = 300;
    out.area_ha = 1;
    real.site_id = "CW-HO"; /* its own homes left */
    CHECK(plan_model_assess(m, sc, &in, &o, &a, &err) == PC_OK);
    CHECK(plan_model_assess(m, sc, &st, &o, &b, &err) == PC_OK);
    if (!a || !b)
        goto done;
    CHECK_STR(a->within_site, "CW-HO");
    for (size_t i = 0; i < a->warnings.count; i++)
        warned += strstr(a->warnings.items[i], "lies inside site CW-HO") != 0;
    CHECK(warned == 1);
    CHECK(a->npractices > 0 && a->npractices == b->npractices);
    for (size_t i = 0; i < a->npractices && i < b->npractices; i++)
        same += !strcmp(a->practices[i].code, b->practices[i].code) &&
                fabs(a->practices[i].counted_rooms -
                     b->practices[i].counted_rooms) < 1e-9;
    CHECK(same == (int)a->npractices);
    CHECK_HAS(plan_assess_spare_basis(a), "shared among the sites");
    /* the same outline, not inside: CW-HO's own claim counts too */
    a->within_site = NULL;
    CHECK_HAS(plan_assess_spare_basis(a), "net of the rooms");
    CHECK(plan_model_assess(m, sc, &out, &o, &c, &err) == PC_OK);
    CHECK(plan_model_assess(m, sc, &real, &o, &h, &err) == PC_OK);
    if (!c || !h)
        goto done;
    CHECK(c->within_site == NULL);
    /* at each practice both use: the other sites' claim plus CW-HO's own */
    for (size_t i = 0; i < c->npractices; i++)
        for (size_t j = 0; j < b->npractices; j++)
            if (!strcmp(c->practices[i].code, b->practices[j].code)) {
                double ho_need = 0;

                for (size_t k = 0; k < h->npractices; k++)
                    if (!strcmp(h->practices[k].code, c->practices[i].code))
                        ho_need = h->practices[k].rooms_needed;
                CHECK_NEAR(c->practices[i].counted_rooms,
                           b->practices[j].counted_rooms + ho_need, 1e-9);
                more += ho_need > 0;
            }
    CHECK(more > 0);
done:
    plan_assessment_free(a);
    plan_assessment_free(b);
    plan_assessment_free(c);
    plan_assessment_free(h);
    plan_scenario_free(sc);
    plan_model_close(m);
}

/* A new development's answer is the same whether the counted sites'
 * needs come from the model's cache or not: byte for byte, the
 * assumptions listed included, with another development (with a bedroom
 * mix) assessed in between. */
static void assess_cache_same_answer(void)
{
    plan_model *m = open_model();
    plan_scenario *sc = scenario("{}");
    plan_dev p = plan_dev_init(), q = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    pc_buf j[3] = {PC_BUF_INIT(PC_CAP_DOC), PC_BUF_INIT(PC_CAP_DOC),
                   PC_BUF_INIT(PC_CAP_DOC)};
    pc_error err = {0};
    const char *at[3] = {"-1.2700,52.3620", "-1.2600,52.3700",
                         "-1.2700,52.3620"};

    CHECK(m && sc);
    for (int k = 0; m && sc && k < 3; k++) {
        plan_dev *d = k == 1 ? &q : &p;
        plan_assessment *a = NULL;

        *d = plan_dev_init();
        CHECK(plan_parse_lonlat(plan_model_geo(m), at[k], &d->lon, &d->lat,
                                &d->e, &d->n, &err) == PC_OK);
        d->source = "point";
        d->dwellings = 200;
        if (k == 1)
            CHECK(plan_parse_mix("1:20,2:40,3:30,4:10", d->mix, &err) == PC_OK);
        CHECK(plan_model_assess(m, sc, d, &o, &a, &err) == PC_OK);
        CHECK(a && plan_assessment_json(a, &j[k], &err) == PC_OK);
        plan_assessment_free(a);
    }
    CHECK(j[0].len > 0 && j[0].len == j[2].len &&
          !memcmp(j[0].data, j[2].data, j[0].len));
    /* the point has no mix: the band assumptions are listed because
     * CW-HO's needs, which net the spare rooms, rest on them */
    CHECK_HAS(pc_buf_str(&j[0]), "\"persons_per_dwelling_1bed\"");
    CHECK_HAS(pc_buf_str(&j[2]), "\"persons_per_dwelling_1bed\"");
    for (int k = 0; k < 3; k++)
        pc_buf_free(&j[k]);
    plan_scenario_free(sc);
    plan_model_close(m);
}

/* Stored sites and an outline inside CW-HO answer the same, byte for
 * byte, whether the counted sites' index and needs come from the model's
 * cache (made by the first of them, then kept; the outline asked twice)
 * or are made for the one answer, every site assessed again (no cache). */
static void counted_needs_cached(void)
{
    plan_model *m = open_model();
    plan_scenario *sc = scenario("{}");
    const ds_dataset *ds = m ? plan_model_dataset(m) : NULL;
    const ds_spatial *sp = NULL;
    plan_dev dev[3] = {plan_dev_init(), plan_dev_init(), plan_dev_init()};
    plan_assess_opts o = plan_assess_opts_init();
    pc_error err = {0};
    int ndev = 0;

    for (size_t i = 0; ds && i < ds->nsites; i++) {
        const ds_site *s = &ds->sites[i];
        long built = 0;

        for (size_t y = 0; y < s->ntraj; y++)
            built += s->traj_start + (int)y < ds->base_year ? s->traj[y] : 0;
        if (!strcmp(s->id, "CW-HO")) {
            dev[0].site_id = s->id;
            dev[2].geom = &s->geom;
        } else if (!dev[1].site_id && s->dwellings > built)
            dev[1].site_id = s->id; /* another the plan counts */
    }
    CHECK(m && sc && dev[0].site_id && dev[1].site_id && dev[2].geom);
    if (!m || !sc || !dev[0].site_id || !dev[1].site_id || !dev[2].geom)
        goto done;
    dev[2].source = "geojson";
    dev[2].dwellings = 300;
    CHECK(plan_model_spatial(m, sc, &sp, &err) == PC_OK);
    for (int k = 0; k < 3; k++) {
        plan_assessment *a = NULL, *b = NULL;
        pc_buf ja = PC_BUF_INIT(PC_CAP_DOC), jb = PC_BUF_INIT(PC_CAP_DOC);

        CHECK(plan_assess(plan_model_geo(m), ds, sp, sc, &dev[k], &o, NULL, &a,
                          &err) == PC_OK);
        for (int twice = 0; twice < 1 + (k == 2); twice++) {
            plan_assessment_free(b);
            b = NULL;
            pc_buf_reset(&jb);
            CHECK(plan_model_assess(m, sc, &dev[k], &o, &b, &err) == PC_OK);
            CHECK(a && plan_assessment_json(a, &ja, &err) == PC_OK);
            CHECK(b && plan_assessment_json(b, &jb, &err) == PC_OK);
            CHECK(ja.len > 0 && ja.len == jb.len &&
                  !memcmp(ja.data, jb.data, ja.len));
            pc_buf_reset(&ja);
        }
        CHECK(a && a->spare_net_of_sites);
        if (k == 2)
            CHECK(a && a->within_site && !strcmp(a->within_site, "CW-HO"));
        ndev += a && (a->site_id || a->within_site);
        plan_assessment_free(a);
        plan_assessment_free(b);
        pc_buf_free(&ja);
        pc_buf_free(&jb);
    }
    CHECK(ndev == 3);
done:
    plan_scenario_free(sc);
    plan_model_close(m);
}

/* A model sharing another's dataset holds the same dataset (the same
 * memory, not loaded again), answers as its owner does, byte for byte,
 * with caches of its own, and reads the store through its own connection
 * (read only here: saving a run fails). */
static void model_sharing(void)
{
    plan_model *m = open_model(), *s = NULL;
    plan_scenario *sc = scenario("{}");
    plan_dev d = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *a = NULL, *b = NULL;
    plan_run *run = NULL;
    pc_buf ja = PC_BUF_INIT(PC_CAP_DOC), jb = PC_BUF_INIT(PC_CAP_DOC);
    pc_error err = {0};

    CHECK(m && sc);
    if (!m || !sc)
        goto done;
    CHECK(plan_model_open_sharing(m, &s, &err) == PC_OK);
    if (!s)
        goto done;
    CHECK(plan_model_dataset(s) == plan_model_dataset(m));
    CHECK(plan_model_stored_spatial(s) == plan_model_stored_spatial(m));
    CHECK(plan_model_store(s) != plan_model_store(m));
    CHECK(plan_model_geo(s) != plan_model_geo(m));
    CHECK(plan_parse_lonlat(plan_model_geo(s), "-1.2700,52.3620", &d.lon,
                            &d.lat, &d.e, &d.n, &err) == PC_OK);
    d.source = "point";
    d.dwellings = 150;
    CHECK(plan_model_assess(s, sc, &d, &o, &b, &err) == PC_OK);
    CHECK(plan_model_assess(m, sc, &d, &o, &a, &err) == PC_OK);
    CHECK(a && plan_assessment_json(a, &ja, &err) == PC_OK);
    CHECK(b && plan_assessment_json(b, &jb, &err) == PC_OK);
    CHECK(ja.len > 0 && ja.len == jb.len && !memcmp(ja.data, jb.data, ja.len));
    CHECK(plan_model_run(s, sc, &run, &err) == PC_OK);
    CHECK(run && plan_model_run_save(s, run, NULL, &err) != PC_OK);
    plan_run_free(run);
    /* the sharer closed first, the owner's dataset still whole */
    plan_model_close(s);
    s = NULL;
    plan_assessment_free(a);
    a = NULL;
    CHECK(plan_model_assess(m, sc, &d, &o, &a, &err) == PC_OK);
    pc_buf_reset(&jb);
    CHECK(a && plan_assessment_json(a, &jb, &err) == PC_OK);
    CHECK(ja.len == jb.len && !memcmp(ja.data, jb.data, ja.len));
done:
    plan_assessment_free(a);
    plan_assessment_free(b);
    pc_buf_free(&ja);
    pc_buf_free(&jb);
    plan_model_close(s);
    plan_scenario_free(sc);
    plan_model_close(m);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"open_missing", open_missing},
        {"counted_needs_cached", counted_needs_cached},
        {"model_sharing", model_sharing},
        {"spatial_cache", spatial_cache},
        {"run_and_save", run_and_save},
        {"programme_run_stored", programme_run_stored},
        {"label_check", label_check},
        {"lookups", lookups},
        {"report_document", report_document},
        {"request_options", request_options},
        {"assess_request", assess_request},
        {"assess_index_cache", assess_index_cache},
        {"red_line_27700", red_line_27700},
        {"inside_counted_site", inside_counted_site},
        {"assess_cache_same_answer", assess_cache_same_answer},
        {"pcn_areas", pcn_areas},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
