/* test_postcode.c: postcode centroids (ds_postcode.c): the normal form
 * of a postcode, the store's lookup, unknown and malformed postcodes, a
 * site assessed by postcode against the same point given as a point, and
 * the loader's messages for bad rows of postcodes.csv. */
#include "check.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "fixture_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_assess.h"
#include "plan_model.h"
#include "plan_request.h"
#include "plan_scenario.h"
#include "plan_site.h"
#include "plan_spatial.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DB      "test_postcode_fixture.db"
#define BAD_DIR "test_postcode_bad"

/* The fixture without its postcodes. */
static void drop_postcodes(ds_dataset *ds)
{
    ds->npostcodes = 0;
}

/* Imports the fixture into DB, without its postcodes when bare; 0 on
 * failure. */
static int make_store(const char *db, int bare)
{
    return fixture_store(db, "tests/data/fixture", 1,
                         bare ? drop_postcodes : NULL);
}

static void normalise(void)
{
    static const char *const good[][2] = {
        {"cv1 2ab", "CV1 2AB"},     {"CV12AB", "CV1 2AB"},
        {" Cv1  2Ab ", "CV1 2AB"},  {"CV21 3AQ", "CV21 3AQ"},
        {"w1a1aa", "W1A 1AA"},      {"EC1A 1BB", "EC1A 1BB"},
        {"b1 1aa", "B1 1AA"},       {"cv 2 1 3 a q", "CV21 3AQ"},
        {"\tCV213AQ\n", "CV21 3AQ"}};
    static const char *const bad[] = {
        "",         "CV1",       "CV1 2A",         "CV1 2ABC",
        "CVX 2AB",  "12AB 3CD",  "CV1-2AB",        "CV1 22B",
        "ABC1 2AB", "CV123 4AB", "C\303\2511 2AB", /* e acute */
        "CV1 2A1"};
    char out[DS_POSTCODE_MAX];
    pc_error err = {0};

    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        CHECK(ds_postcode_norm(good[i][0], out, &err) == PC_OK);
        CHECK_STR(out, good[i][1]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&err, 0, sizeof err);
        CHECK(ds_postcode_norm(bad[i], out, &err) == PC_ERR_INPUT);
        CHECK_HAS(err.msg, "is not a postcode (expected a full UK postcode "
                           "such as \"CV1 2AB\"");
    }
    CHECK(ds_postcode_norm(NULL, out, &err) == PC_ERR_INPUT);
}

static void lookup(void)
{
    pc_error err = {0};
    ds_store *st = NULL;
    char norm[DS_POSTCODE_MAX] = "";
    double e = -1, n = -1;
    long count = -1;

    CHECK(make_store(DB, 0));
    CHECK(ds_store_open(DB, DS_OPEN_READONLY, &st, &err) == PC_OK);
    if (!st)
        return;
    CHECK(ds_store_postcode_count(st, &count, &err) == PC_OK);
    CHECK(count == 31);
    CHECK(ds_store_postcode(st, " cv21  3aq", norm, &e, &n, &err) == PC_OK);
    CHECK_STR(norm, "CV21 3AQ");
    CHECK(e == 451063 && n == 274990);
    /* unknown: named, with what the dataset holds; outputs untouched */
    CHECK(ds_store_postcode(st, "cv99 9zz", norm, &e, &n, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "no postcode \"CV99 9ZZ\" in the dataset (31 "
                       "postcodes, Rugby place (test fixture))");
    CHECK_STR(norm, "CV21 3AQ");
    CHECK(e == 451063);
    /* malformed: what was expected */
    CHECK(ds_store_postcode(st, "CV21", norm, &e, &n, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "\"CV21\" is not a postcode (expected");
    ds_store_close(st);
}

static void no_postcodes(void)
{
    pc_error err = {0};
    ds_store *st = NULL;
    char norm[DS_POSTCODE_MAX];
    double e, n;
    long count = -1;

    CHECK(make_store("test_postcode_bare.db", 1));
    CHECK(ds_store_open("test_postcode_bare.db", DS_OPEN_READONLY, &st, &err) ==
          PC_OK);
    if (!st)
        return;
    CHECK(ds_store_postcode_count(st, &count, &err) == PC_OK && count == 0);
    CHECK(ds_store_postcode(st, "CV21 3AQ", norm, &e, &n, &err) ==
          PC_ERR_INPUT);
    CHECK_HAS(err.msg, "the dataset has no postcodes (add postcodes.csv");
    ds_store_close(st);
}

/* A new development of 300 homes by a request object's text. */
static plan_assessment *assess_json(plan_model *m, const char *json,
                                    plan_assess_req *q, pc_error *err)
{
    cJSON *obj = cJSON_Parse(json);
    plan_assessment *a = NULL;

    CHECK(obj != NULL);
    if (obj &&
        plan_assess_req_read(plan_model_geo(m), plan_model_store(m), obj, q,
                             err) == PC_OK &&
        plan_model_assess(m, q->over, &q->dev, &q->opts, &a, err) != PC_OK)
        a = NULL;
    cJSON_Delete(obj);
    return a;
}

static void assess_same_as_point(void)
{
    pc_error err = {0};
    plan_model *m = NULL;
    plan_assess_req q;
    plan_assessment *byp = NULL, *byat = NULL;
    plan_dev dev = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    pc_buf j = PC_BUF_INIT(1u << 24);
    plan_scenario *sc = plan_scenario_new();

    CHECK(make_store(DB, 0));
    CHECK(plan_model_open(DB, &m, &err) == PC_OK);
    if (!m)
        return;
    byp = assess_json(m, "{\"postcode\": \"cv213aq\", \"dwellings\": 300}", &q,
                      &err);
    CHECK(byp != NULL);
    if (!byp)
        fprintf(stderr, "%s\n", err.msg);
    /* the same point as a point: the centroid itself */
    dev.e = 451063;
    dev.n = 274990;
    CHECK(geo_point_to_wgs84(plan_model_geo(m), dev.e, dev.n, &dev.lon,
                             &dev.lat, &err) == PC_OK);
    dev.source = "point";
    dev.dwellings = 300;
    CHECK(sc && plan_model_assess(m, sc, &dev, &o, &byat, &err) == PC_OK);
    if (byp && byat) {
        CHECK_STR(byp->postcode, "CV21 3AQ");
        CHECK(byat->postcode == NULL);
        CHECK(byp->contribution_gbp == byat->contribution_gbp);
        CHECK(byp->new_patients == byat->new_patients);
        CHECK(byp->rooms_net == byat->rooms_net);
        CHECK(byp->area_ha == byat->area_ha);
        CHECK(byp->npractices == byat->npractices);
        CHECK_NEAR(byp->lon, byat->lon, 1e-9);
        CHECK(plan_assessment_json(byp, &j, &err) == PC_OK);
        CHECK_HAS(pc_buf_str(&j), "\"postcode\":\t\"CV21 3AQ\"");
    }
    plan_assess_req_free(&q);
    plan_assessment_free(byp);
    plan_assessment_free(byat);
    /* an unknown postcode is a bad value of the key "postcode" */
    byp = assess_json(m, "{\"postcode\": \"CV99 9ZZ\", \"dwellings\": 3}", &q,
                      &err);
    CHECK(byp == NULL && err.code == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "postcode");
    CHECK_HAS(err.msg, "no postcode \"CV99 9ZZ\" in the dataset");
    plan_assess_req_free(&q);
    /* a point and a postcode together */
    byp = assess_json(
        m,
        "{\"postcode\": \"CV21 3AQ\", \"lon\": -1.25, \"lat\": 52.37, "
        "\"dwellings\": 3}",
        &q, &err);
    CHECK(byp == NULL && err.code == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "give one of");
    plan_assess_req_free(&q);
    pc_buf_free(&j);
    plan_scenario_free(sc);
    plan_model_close(m);
}

/* Copies the fixture into BAD_DIR with postcodes.csv replaced by csv. */
static int bad_dataset(const char *csv)
{
    static const char *const files[] = {
        "assumptions.csv",     "catchments.geojson", "contributions.csv",
        "cost_index.csv",      "dataset.json",       "funds.csv",
        "lad_projections.csv", "lads.geojson",       "list_sizes.csv",
        "lsoas.csv",           "pcns.csv",           "practices.csv",
        "premises.csv",        "presets.csv",        "schemes.csv",
        "sites.geojson"};
    char src[4096], rel[256], dst[512];
    FILE *f;

    mkdir(BAD_DIR, 0755);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t len = 0;
        char *text;

        snprintf(rel, sizeof rel, "tests/data/fixture/%s", files[i]);
        if (!(text = check_slurp(check_src(rel, src, sizeof src), &len)))
            return 0;
        snprintf(dst, sizeof dst, "%s/%s", BAD_DIR, files[i]);
        f = fopen(dst, "wb");
        if (!f || fwrite(text, 1, len, f) != len) {
            free(text);
            if (f)
                fclose(f);
            return 0;
        }
        fclose(f);
        free(text);
    }
    f = fopen(BAD_DIR "/postcodes.csv", "wb");
    if (!f)
        return 0;
    fputs(csv, f);
    return fclose(f) == 0;
}

static void bad_rows(void)
{
    static const char *const cases[][2] = {
        {"postcode,easting,northing\nCV21 3AQ,451063,274990\nCV21,1,2\n",
         "postcodes.csv: row 3: field \"postcode\": \"CV21\" is not a "
         "postcode (expected"},
        {"postcode,easting,northing\nCV21 3AQ,x,274990\n",
         "postcodes.csv: row 2: field \"easting\": \"x\" is not a number"},
        {"postcode,easting,northing\nCV21 3AQ,451063,9999999\n",
         "postcodes.csv: row 2: field \"northing\": \"9999999\" is out of "
         "range"},
        {"postcode,easting,northing\nCV21 3AQ,451063,274990\ncv213aq,1,2\n",
         "postcodes.csv: row 3: field \"postcode\""},
        {"postcode,easting\nCV21 3AQ,451063\n",
         "postcodes.csv: header: missing required column \"northing\""}};
    geo_ctx *geo;
    pc_error err = {0};

    geo = geo_ctx_new(&err);
    CHECK(geo != NULL);
    for (size_t i = 0; geo && i < sizeof cases / sizeof *cases; i++) {
        ds_dataset *ds = NULL;

        memset(&err, 0, sizeof err);
        CHECK(bad_dataset(cases[i][0]));
        CHECK(ds_dataset_load(geo, BAD_DIR, &ds, &err) == PC_ERR_INPUT);
        CHECK_HAS(err.msg, cases[i][1]);
        ds_dataset_free(ds);
    }
    geo_ctx_free(geo);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"normalise", normalise},
        {"lookup", lookup},
        {"no_postcodes", no_postcodes},
        {"assess_same_as_point", assess_same_as_point},
        {"bad_rows", bad_rows},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
