/* srv_api.c: the reads of the API (GET, open to all): each the same
 * library calls, and the same JSON, as the command line's --json. */
#include "srv_int.h"

#include "plan_assumptions.h"
#include "plan_compare.h"
#include "plan_contrib.h"
#include "plan_info.h"
#include "plan_programme_store.h"
#include "plan_request.h"
#include "plan_site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON    "application/json"
#define GEOJSON "application/geo+json"

static const char *const no_args[] = {NULL};

void srv_get_config(srv_req *rq)
{
    if (srv_args_only(rq, no_args))
        srv_reply(rq, 200, JSON, pc_buf_str(&rq->S->config), rq->S->config.len);
}

void srv_get_openapi(srv_req *rq)
{
    const srv_asset *a = srv_asset_find("/api/v1/openapi.json");

    if (!a)
        srv_error(rq, 404, "no API description in this build");
    else if (srv_args_only(rq, no_args))
        srv_reply(rq, 200, JSON, (const char *)a->data, a->len);
}

void srv_get_info(srv_req *rq)
{
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_DOC);
    ds_summary *s = NULL;
    plan_model *m;
    pc_status rc;

    if (!srv_args_only(rq, no_args) || srv_model(rq, &m))
        return;
    rc = ds_store_summary(plan_model_store(m), &s, &err);
    if (rc == PC_OK)
        rc = plan_info_json(s, &out, &err);
    srv_answer(rq, rc, &out, &err);
    ds_summary_free(s);
    pc_buf_free(&out);
}

/* GET /api/v1/<layer>[?format=geojson|json]: made when the server
 * started, from its scenario. */
void srv_get_layer(srv_req *rq)
{
    static const char *const args[] = {"format", NULL};
    const char *f;
    int l = 0, json;

    if (!srv_args_only(rq, args))
        return;
    f = srv_arg(rq, "format");
    if (f && strcmp(f, "geojson") && strcmp(f, "json")) {
        srv_error(rq, 400, "format \"%.40s\" (expected geojson or json)", f);
        return;
    }
    json = f && !strcmp(f, "json");
    while (l < L_COUNT && strcmp(srv_layer_name(l), rq->seg[0]))
        l++;
    if (l == L_COUNT) {
        srv_error(rq, 404, "no layer %.40s", rq->seg[0]);
        return;
    }
    srv_reply(rq, 200, json ? JSON : GEOJSON,
              pc_buf_str(json ? &rq->S->json[l] : &rq->S->geojson[l]),
              json ? rq->S->json[l].len : rq->S->geojson[l].len);
}

void srv_get_site(srv_req *rq)
{
    static const char *const args[] = {"method", NULL};
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_DOC);
    ds_site_view *v = NULL;
    plan_method method;
    plan_model *m;
    pc_status rc;

    if (!srv_args_only(rq, args) || srv_model(rq, &m))
        return;
    rc = plan_method_parse(srv_arg(rq, "method"), &method, &err);
    if (rc != PC_OK)
        pc_error_wrap(&err, "method");
    if (rc == PC_OK)
        rc = ds_store_site(plan_model_store(m), rq->seg[1],
                           plan_method_name(method), &v, &err);
    if (rc == PC_OK)
        rc = plan_site_json(v, &out, &err);
    srv_answer(rq, rc, &out, &err);
    ds_site_view_free(v);
    pc_buf_free(&out);
}

void srv_get_near(srv_req *rq)
{
    static const char *const args[] = {"lon", "lat", "postcode", "radius",
                                       NULL};
    const char *lon = srv_arg(rq, "lon"), *lat = srv_arg(rq, "lat");
    const char *pcode = srv_arg(rq, "postcode");
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_DOC);
    double x, y, e, n, radius;
    char at[128], norm[DS_POSTCODE_MAX];
    plan_model *m;
    pc_status rc;

    if (!srv_args_only(rq, args))
        return;
    if (pcode ? lon || lat : !lon || !lat) {
        srv_error(rq, 400,
                  "near needs lon and lat (WGS84 degrees), or a postcode");
        return;
    }
    if (srv_model(rq, &m))
        return;
    snprintf(at, sizeof at, "%.60s,%.60s", lon ? lon : "", lat ? lat : "");
    rc = plan_parse_radius(srv_arg(rq, "radius"), &radius, &err);
    if (rc != PC_OK)
        pc_error_wrap(&err, "radius");
    if (rc == PC_OK && pcode &&
        plan_postcode_point(plan_model_store(m), plan_model_geo(m), pcode, norm,
                            &x, &y, &e, &n, &err) != PC_OK)
        rc = pc_error_wrap(&err, "postcode");
    else if (rc == PC_OK && !pcode &&
             plan_parse_lonlat(plan_model_geo(m), at, &x, &y, &e, &n, &err) !=
                 PC_OK)
        rc = pc_error_wrap(&err, "lon and lat");
    if (rc == PC_OK)
        rc = plan_near_point(plan_model_store(m), plan_model_geo(m), x, y, e, n,
                             pcode ? norm : NULL, radius, 1, &out, &err);
    srv_answer(rq, rc, &out, &err);
    pc_buf_free(&out);
}

void srv_get_assumptions(srv_req *rq)
{
    static const char *const args[] = {"preset", NULL};
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_TABLE);
    ds_assumption_list *l = NULL;
    plan_model *m;
    pc_status rc;

    if (!srv_args_only(rq, args) || srv_model(rq, &m))
        return;
    rc = ds_store_assumptions(plan_model_store(m), srv_arg(rq, "preset"), &l,
                              &err);
    if (rc == PC_OK)
        rc = plan_assumptions_json(l, &out, &err);
    srv_answer(rq, rc, &out, &err);
    ds_assumption_list_free(l);
    pc_buf_free(&out);
}

/* The presets and their values, from the dataset. */
void srv_get_presets(srv_req *rq)
{
    const ds_dataset *ds;
    cJSON *root = cJSON_CreateObject(), *arr, *p = NULL, *vals = NULL;
    plan_model *m;
    int ok;

    if (!srv_args_only(rq, no_args) || srv_model(rq, &m)) {
        cJSON_Delete(root);
        return;
    }
    ds = plan_model_dataset(m);
    ok = root && (arr = cJSON_AddArrayToObject(root, "presets"));
    for (size_t i = 0; ok && i < ds->npresets; i++) {
        const ds_preset_value *v = &ds->presets[i];

        if (i == 0 || strcmp(v->preset, ds->presets[i - 1].preset))
            ok = (p = cJSON_CreateObject()) && cJSON_AddItemToArray(arr, p) &&
                 cJSON_AddStringToObject(p, "name", v->preset) &&
                 (vals = cJSON_AddObjectToObject(p, "values"));
        ok = ok && cJSON_AddNumberToObject(vals, v->assumption_id, v->value);
    }
    srv_reply_cjson(rq, ok ? root : NULL);
    cJSON_Delete(root);
}

void srv_get_runs(srv_req *rq)
{
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_TABLE);
    ds_run_list *l = NULL;
    plan_model *m;
    pc_status rc;

    if (!srv_args_only(rq, no_args) || srv_model(rq, &m))
        return;
    rc = ds_store_runs(plan_model_store(m), &l, &err);
    if (rc == PC_OK)
        rc = plan_runs_list(l, 1, &out, &err);
    srv_answer(rq, rc, &out, &err);
    ds_run_list_free(l);
    pc_buf_free(&out);
}

void srv_get_run(srv_req *rq)
{
    pc_error err = {0};
    char *id = NULL, *json = NULL;
    plan_model *m;

    if (!srv_args_only(rq, no_args) || srv_model(rq, &m))
        return;
    if (ds_store_run_get(plan_model_store(m), rq->seg[1], &id, &json, &err) !=
        PC_OK)
        srv_fail(rq, &err);
    else
        srv_reply(rq, 200, JSON, json, strlen(json));
    free(id);
    free(json);
}

void srv_get_compare(srv_req *rq)
{
    static const char *const args[] = {"a", "b", NULL};
    const char *a = srv_arg(rq, "a"), *b = srv_arg(rq, "b");
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_DOC);
    plan_compare_kind kind;
    plan_model *m;

    if (!srv_args_only(rq, args))
        return;
    if (!a || !b) {
        srv_error(rq, 400, "compare needs two run or programme ids, a and b");
        return;
    }
    if (srv_model(rq, &m))
        return;
    srv_answer(
        rq, plan_compare_any(plan_model_store(m), a, b, 1, &out, &kind, &err),
        &out, &err);
    pc_buf_free(&out);
}

void srv_get_contributions(srv_req *rq)
{
    static const char *const args[] = {"as_of", "warn_years", NULL};
    const char *as_of = srv_arg(rq, "as_of"), *warn = srv_arg(rq, "warn_years");
    plan_contrib_opts opts = {NULL, -1};
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_DOC);
    plan_contrib_ledger *l = NULL;
    plan_model *m;
    pc_status rc = PC_OK;

    if (!srv_args_only(rq, args) || srv_model(rq, &m))
        return;
    if (as_of && (rc = plan_request_date(as_of, &err)) != PC_OK)
        pc_error_wrap(&err, "as_of");
    if (rc == PC_OK && warn &&
        (rc = plan_request_warn_years(warn, &opts.warn_years, &err)) != PC_OK)
        pc_error_wrap(&err, "warn_years");
    opts.as_of = as_of;
    if (rc == PC_OK)
        rc = plan_model_contributions(m, rq->S->sc, &opts, &l, &err);
    if (rc == PC_OK)
        rc = plan_contrib_json(l, &out, &err);
    srv_answer(rq, rc, &out, &err);
    plan_contrib_free(l);
    pc_buf_free(&out);
}
