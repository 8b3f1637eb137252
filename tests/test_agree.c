/* test_agree.c: one answer everywhere. For every bundled site under the
 * bundled baseline scenario, the place pages' ask (the report document's
 * sites[].contribution_gbp, or none with its reason), the assessments
 * batch (the CSV's rows), the site's own assessment (site assess --json)
 * and its consultation letter give the same figure. Real GEOS, SQLite-free
 * loaders and the bundled Coventry and Warwickshire dataset. */
#include "check.h"
#include "ds_dataset.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_assess.h"
#include "plan_project.h"
#include "plan_report.h"
#include "plan_scenario.h"
#include "plan_spatial.h"
#include "rpt_letter.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static geo_ctx *geo;
static ds_dataset *ds;
static ds_spatial *sp;
static plan_scenario *sc;

static int setup(void)
{
    const char *src = getenv("PC_SOURCE_DIR");
    char dir[4000], scen[4096];
    pc_error err = {0};

    snprintf(dir, sizeof dir, "%s/datasets/coventry-warwickshire",
             src ? src : ".");
    snprintf(scen, sizeof scen, "%s/scenarios/baseline.json", dir);
    if (!(geo = geo_ctx_new(&err)) ||
        ds_dataset_load(geo, dir, &ds, &err) != PC_OK ||
        plan_spatial_build(geo, ds, &sp, &err) != PC_OK ||
        plan_scenario_load(scen, &sc, &err) != PC_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 0;
    }
    return 1;
}

/* The site's entry in a document array of objects keyed by "site_id". */
static const cJSON *by_site(const cJSON *arr, const char *id)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, arr)
    {
        const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(e, "site_id"));

        if (s && !strcmp(s, id))
            return e;
    }
    return NULL;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);

    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

/* One site: its own assessment, as JSON and as a letter, against the
 * page's and the batch's figures. */
static void one_site(const char *id, const cJSON *page, const cJSON *batch,
                     ds_spatial *use, int *asks)
{
    plan_dev dev = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *a = NULL;
    cJSON *j = NULL;
    pc_buf md = PC_BUF_INIT(PC_CAP_TEXT);
    pc_error err = {0};
    double mine, on_page = num(page, "contribution_gbp");

    dev.site_id = id;
    if (plan_assess(geo, ds, use, sc, &dev, &o, NULL, &a, &err) != PC_OK ||
        plan_assessment_cjson(a, &j, &err) != PC_OK) {
        fprintf(stderr, "%s: %s\n", id, err.msg);
        CHECK(0);
        goto done;
    }
    mine = num(j, "contribution_gbp");
    if (str(j, "no_ask_reason")) {
        /* no ask: none on the page, 0 in the batch, the same reason */
        CHECK(isnan(on_page));
        CHECK_STR(str(page, "no_ask_reason"), str(j, "no_ask_reason"));
        CHECK_STR(str(batch, "no_ask_reason"), str(j, "no_ask_reason"));
    } else {
        char want[64], line[96];

        (*asks)++;
        if (on_page != mine || num(batch, "contribution_gbp") != mine)
            fprintf(stderr, "%s: page %.2f, batch %.2f, site assess %.2f\n", id,
                    on_page, num(batch, "contribution_gbp"), mine);
        CHECK(on_page == mine);
        CHECK(num(batch, "contribution_gbp") == mine);
        CHECK(num(batch, "rooms_needed_net") == num(j, "rooms_needed_net"));
        /* the letter asks for the same sum, in whole pounds */
        CHECK(rpt_letter(j, RPT_MARKDOWN, &md, &err) == PC_OK);
        pc_fmt_money(want, sizeof want, mine, "\xc2\xa3", 0);
        snprintf(line, sizeof line, "contribution of %s", want);
        CHECK_HAS(pc_buf_str(&md), line);
    }
done:
    cJSON_Delete(j);
    pc_buf_free(&md);
    plan_assessment_free(a);
}

static void every_site(void)
{
    pc_error err = {0};
    cJSON *doc = NULL;
    ds_spatial *own = NULL;
    const cJSON *sites, *batch, *e;
    int n = 0, asks = 0;

    CHECK(plan_project_spatial(geo, ds, sp, sc, &own, &err) == PC_OK);
    if (plan_report_build(geo, ds, own ? own : sp, sc, NULL, &doc, &err) !=
        PC_OK) {
        fprintf(stderr, "report: %s\n", err.msg);
        CHECK(0);
        goto done;
    }
    sites = cJSON_GetObjectItem(doc, "sites");
    batch =
        cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "assessments"), "sites");
    CHECK(cJSON_GetArraySize(sites) == (int)ds->nsites);
    cJSON_ArrayForEach(e, sites)
    {
        const char *id = str(e, "site_id");
        const cJSON *b = by_site(batch, id);

        if (!b) /* no homes left to build: no assessment anywhere */
            continue;
        n++;
        one_site(id, e, b, own ? own : sp, &asks);
    }
    /* the batch holds every site with homes left, and most of them ask */
    CHECK(n == cJSON_GetArraySize(batch));
    CHECK(n >= 40 && asks >= 40);
    printf("%d sites, %d with an ask: page, CSV, site assess and letter "
           "agree\n",
           n, asks);
done:
    cJSON_Delete(doc);
    ds_spatial_free(own);
}

static void teardown(void)
{
    plan_scenario_free(sc);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {{"every_site", every_site},
                                       {NULL, NULL}};
    int rc;

    if (!setup()) {
        teardown();
        return 1;
    }
    rc = check_run(cases, argc, argv);
    teardown();
    return rc;
}
