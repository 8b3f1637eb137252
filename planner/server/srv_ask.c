/* srv_ask.c: the questions of the API (a site assessment and its letter,
 * a run, the programme, a place page under a scenario) and the writes
 * (a run stored, a scenario saved), which need the token. */
#include "srv_int.h"

#include "pc_arena.h"
#include "pc_strlist.h"
#include "plan_request.h"
#include "rpt_letter.h"
#include "rpt_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON     "application/json"
#define HTML     "text/html; charset=utf-8"
#define MARKDOWN "text/markdown; charset=utf-8"

static const char *const no_args[] = {NULL};

/* --- the scenario of a question ------------------------------------------ */

/* The work a scenario asks for, against the server's caps. */
static int within_caps(srv_req *rq, const plan_scenario *sc)
{
    if (sc->draws > rq->S->o.draws_max) {
        srv_error(rq, 422,
                  "monte_carlo.draws %d is over this server's cap of %d "
                  "draws a request",
                  sc->draws, rq->S->o.draws_max);
        return 0;
    }
    if (sc->time_limit_s > 60) {
        srv_error(rq, 422,
                  "capital.time_limit_s %g is over this server's cap of 60 "
                  "seconds",
                  sc->time_limit_s);
        return 0;
    }
    return 1;
}

int srv_scenario(srv_req *rq, const cJSON *body, const plan_scenario *over,
                 plan_scenario **out)
{
    plan_scenario *sc = plan_scenario_new(), *b = NULL;
    pc_error err = {0};
    pc_status rc =
        sc ? plan_scenario_merge(sc, rq->S->sc, &err) : PC_NOMEM(&err);

    *out = NULL;
    if (rc == PC_OK && body) {
        rc = plan_scenario_from_cjson(body, "of the request", &b, &err);
        if (rc == PC_OK)
            rc = plan_scenario_merge(sc, b, &err);
    }
    if (rc == PC_OK && over)
        rc = plan_scenario_merge(sc, over, &err);
    plan_scenario_free(b);
    if (rc != PC_OK)
        srv_fail(rq, &err);
    if (rc != PC_OK || !within_caps(rq, sc)) {
        plan_scenario_free(sc);
        return -1;
    }
    *out = sc;
    return 0;
}

/* The body as a scenario (absent: the server's own). */
static int body_scenario(srv_req *rq, plan_scenario **out)
{
    cJSON *body = NULL;
    int r;

    if (rq->blen && srv_body_json(rq, &body))
        return -1;
    r = srv_scenario(rq, body, NULL, out);
    cJSON_Delete(body);
    return r;
}

/* --- site assessment and letter ------------------------------------------- */

/* The assessment asked for by the query (GET) or the body (POST), with the
 * query's "format" set aside for the letter. The assessment borrows
 * strings (the name, the site id) from the request object, returned in
 * *objp: the caller frees it after the assessment. */
static plan_assessment *assess(srv_req *rq, plan_model **mp, cJSON **objp)
{
    pc_error err = {0};
    plan_assess_req q;
    plan_scenario *sc = NULL;
    plan_assessment *a = NULL;
    cJSON *obj = NULL;
    pc_status rc;

    *objp = NULL;
    if (srv_model(rq, mp))
        return NULL;
    if (!strcmp(rq->method, "POST")) {
        if (srv_body_json(rq, &obj))
            return NULL;
    } else if (!(obj = cJSON_Duplicate(rq->query, 1))) {
        srv_error(rq, 503, "out of memory");
        return NULL;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(obj, "format");
    rc = plan_assess_req_read(plan_model_geo(*mp), plan_model_store(*mp), obj,
                              &q, &err);
    if (rc != PC_OK)
        srv_fail(rq, &err);
    else if (!srv_scenario(rq, NULL, q.over, &sc) &&
             plan_model_assess(*mp, sc, &q.dev, &q.opts, &a, &err) != PC_OK)
        srv_fail(rq, &err);
    plan_scenario_free(sc);
    plan_assess_req_free(&q);
    *objp = obj;
    return a;
}

void srv_assess(srv_req *rq)
{
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_DOC);
    plan_model *m;
    plan_assessment *a;
    cJSON *obj = NULL;

    if (strcmp(rq->method, "GET") && !srv_args_only(rq, no_args))
        return;
    if (!(a = assess(rq, &m, &obj))) {
        cJSON_Delete(obj);
        return;
    }
    if (plan_assessment_json(a, &out, &err) != PC_OK)
        srv_fail(rq, &err);
    else
        srv_reply_buf(rq, 200, JSON, &out);
    pc_buf_free(&out);
    plan_assessment_free(a);
    cJSON_Delete(obj);
}

/* The consultation response: HTML (print-ready) or Markdown. */
void srv_letter(srv_req *rq)
{
    static const char *const args[] = {"format", NULL};
    const char *f = srv_arg(rq, "format");
    int md = f && !strcmp(f, "md");
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_TABLE);
    cJSON *root = NULL;
    plan_model *m;
    plan_assessment *a;
    cJSON *obj = NULL;

    if (strcmp(rq->method, "GET") && !srv_args_only(rq, args))
        return;
    if (f && strcmp(f, "html") && !md) {
        srv_error(rq, 400, "format \"%.40s\" (expected html or md)", f);
        return;
    }
    if (!(a = assess(rq, &m, &obj))) {
        cJSON_Delete(obj);
        return;
    }
    if (plan_assessment_cjson(a, &root, &err) != PC_OK ||
        rpt_letter(root, md ? RPT_MARKDOWN : RPT_HTML, &out, &err) != PC_OK) {
        srv_fail(rq, &err);
    } else {
        rq->page = !md;
        srv_reply_buf(rq, 200, md ? MARKDOWN : HTML, &out);
    }
    cJSON_Delete(root);
    pc_buf_free(&out);
    plan_assessment_free(a);
    cJSON_Delete(obj);
}

/* --- runs, the programme, place pages ------------------------------------- */

void srv_run(srv_req *rq)
{
    static const char *const args[] = {"by", NULL};
    const char *by = srv_arg(rq, "by");
    plan_detail detail = PLAN_DETAIL_PLACE;
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_RUN);
    plan_scenario *sc = NULL;
    plan_run *run = NULL;
    plan_model *m;

    if (!srv_args_only(rq, args))
        return;
    if (by && plan_request_detail(by, &detail, &err) != PC_OK) {
        srv_error(rq, 400, "by: %s", err.msg);
        return;
    }
    if (srv_model(rq, &m) || body_scenario(rq, &sc))
        return;
    if (plan_model_run(m, sc, &run, &err) != PC_OK ||
        plan_run_json(run, detail, &out, &err) != PC_OK)
        srv_fail(rq, &err);
    else
        srv_reply_buf(rq, 200, JSON, &out);
    pc_buf_free(&out);
    plan_run_free(run);
    plan_scenario_free(sc);
}

void srv_programme(srv_req *rq)
{
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_DOC);
    plan_scenario *sc = NULL;
    plan_prio_instance *in = NULL;
    plan_programme *pg = NULL;
    plan_model *m;

    if (!srv_args_only(rq, no_args) || srv_model(rq, &m) ||
        body_scenario(rq, &sc))
        return;
    if (plan_model_prioritise(m, sc, &in, &err) != PC_OK ||
        plan_programme_new(in, &pg, &err) != PC_OK ||
        plan_programme_json(pg, &out, &err) != PC_OK)
        srv_fail(rq, &err);
    else
        srv_reply_buf(rq, 200, JSON, &out);
    pc_buf_free(&out);
    plan_programme_free(pg);
    plan_prio_instance_free(in);
    plan_scenario_free(sc);
}

/* A place's page: of the server's scenario (made when it started), or of
 * the scenario posted. */
void srv_report_page(srv_req *rq)
{
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_DOC);
    plan_scenario *sc = NULL;
    cJSON *doc = NULL;
    plan_model *m;
    pc_status rc = PC_OK;

    if (!srv_args_only(rq, no_args))
        return;
    if (!strcmp(rq->method, "POST")) {
        if (srv_model(rq, &m) || body_scenario(rq, &sc))
            return;
        rc = plan_model_find_place(m, rq->seg[1], NULL, &err);
        if (rc == PC_OK)
            rc = plan_model_report(m, sc, NULL, &doc, &err);
    }
    if (rc == PC_OK)
        rc = doc ? rpt_report_place(doc, rq->seg[1], &out, &err)
                 : rpt_pages_place(&rq->S->pages, rq->seg[1], &out, &err);
    if (rc != PC_OK) {
        srv_fail(rq, &err);
    } else {
        rq->page = 1;
        srv_reply_buf(rq, 200, HTML, &out);
    }
    cJSON_Delete(doc);
    pc_buf_free(&out);
    plan_scenario_free(sc);
}

/* --- writes --------------------------------------------------------------- */

/* The one read-write model, opened at start; the caller holds wlock. */
static plan_model *writer(srv_req *rq)
{
    if (!rq->S->writer) {
        srv_error(rq, 500, "the store is not open for writing");
        return NULL;
    }
    return rq->S->writer;
}

/* POST /api/v1/runs: the run of the posted scenario, stored. */
void srv_save_run(srv_req *rq)
{
    pc_error err = {0};
    pc_buf out = PC_BUF_INIT(PC_CAP_RUN);
    plan_scenario *sc = NULL;
    plan_run *run = NULL;
    plan_model *m;

    if (!srv_args_only(rq, no_args) || !srv_authorized(rq) ||
        body_scenario(rq, &sc))
        return;
    pthread_mutex_lock(&rq->S->wlock);
    if ((m = writer(rq))) {
        if (plan_model_run(m, sc, &run, &err) != PC_OK ||
            plan_model_run_save(m, run, &out, &err) != PC_OK) {
            srv_fail(rq, &err);
        } else {
            snprintf(rq->location, sizeof rq->location, "/api/v1/runs/%s",
                     run->run_id);
            srv_reply_buf(rq, 201, JSON, &out);
        }
    }
    plan_run_free(run);
    pthread_mutex_unlock(&rq->S->wlock);
    pc_buf_free(&out);
    plan_scenario_free(sc);
}

/* PUT /api/v1/scenarios/{name}: the posted scenario, checked and saved in
 * its canonical form. */
void srv_put_scenario(srv_req *rq)
{
    pc_error err = {0};
    pc_buf canon = PC_BUF_INIT(PC_CAP_TEXT);
    plan_scenario *sc = NULL;
    cJSON *body = NULL;
    plan_model *m;
    pc_status rc;

    if (!srv_args_only(rq, no_args) || !srv_authorized(rq) ||
        srv_body_json(rq, &body))
        return;
    /* the name is a scenario name, checked as the file's "name" is */
    if (!cJSON_GetObjectItemCaseSensitive(body, "name"))
        cJSON_AddStringToObject(body, "name", rq->seg[1]);
    rc = plan_scenario_from_cjson(body, "of the request", &sc, &err);
    if (rc == PC_OK && strcmp(sc->name ? sc->name : "", rq->seg[1]))
        rc = PC_FAIL(&err, PC_ERR_INPUT,
                     "key \"name\": \"%.64s\" differs from the name in the "
                     "path",
                     sc->name ? sc->name : "");
    if (rc == PC_OK)
        rc = plan_scenario_canonical(sc, &canon, &err);
    if (rc != PC_OK) {
        srv_fail(rq, &err);
    } else if (within_caps(rq, sc)) {
        pthread_mutex_lock(&rq->S->wlock);
        if ((m = writer(rq))) {
            if (ds_store_scenario_put(plan_model_store(m), rq->seg[1],
                                      pc_buf_str(&canon), &err) != PC_OK)
                srv_fail(rq, &err);
            else {
                snprintf(rq->location, sizeof rq->location,
                         "/api/v1/scenarios/%.200s", rq->seg[1]);
                srv_reply_buf(rq, 201, JSON, &canon);
            }
        }
        pthread_mutex_unlock(&rq->S->wlock);
    }
    cJSON_Delete(body);
    plan_scenario_free(sc);
    pc_buf_free(&canon);
}

void srv_get_scenarios(srv_req *rq)
{
    pc_error err = {0};
    pc_arena *a = pc_arena_new();
    pc_strlist names = PC_STRLIST_INIT;
    cJSON *root = cJSON_CreateObject(), *arr;
    plan_model *m;
    int ok;

    if (srv_args_only(rq, no_args) && !srv_model(rq, &m)) {
        if (!a)
            srv_error(rq, 503, "out of memory");
        else if (ds_store_scenario_names(plan_model_store(m), a, &names,
                                         &err) != PC_OK)
            srv_fail(rq, &err);
        else {
            ok = root && (arr = cJSON_AddArrayToObject(root, "scenarios"));
            for (size_t i = 0; ok && i < names.count; i++)
                ok = cJSON_AddItemToArray(arr,
                                          cJSON_CreateString(names.items[i]));
            srv_reply_cjson(rq, ok ? root : NULL);
        }
    }
    cJSON_Delete(root);
    pc_arena_free(a);
}

void srv_get_scenario(srv_req *rq)
{
    pc_error err = {0};
    char *json = NULL;
    plan_model *m;

    if (!srv_args_only(rq, no_args) || srv_model(rq, &m))
        return;
    if (ds_store_scenario_get(plan_model_store(m), rq->seg[1], &json, &err) !=
        PC_OK)
        srv_fail(rq, &err);
    else
        srv_reply(rq, 200, JSON, json, strlen(json));
    free(json);
}
