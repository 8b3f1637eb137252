/* srv_int.h: what the server's files share (planner/server only).
 *
 * srv_main.c starts and stops the daemon and holds what every answer
 * shares (srv); srv_http.c turns a libmicrohttpd connection into a
 * srv_req, routes it and sends the answer with the security headers;
 * srv_api.c answers the reads, srv_ask.c the questions and the writes;
 * srv_jobs.c runs the worker threads that answer the API's requests;
 * srv_assets.c (made by the build from planner/server/web/) holds the page
 * and Leaflet. */
#ifndef SRV_INT_H
#define SRV_INT_H

#include "pc_buf.h"
#include "pc_error.h"
#include "plan_model.h"
#include "plan_scenario.h"
#include "rpt_report.h"
#include "srv.h"

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>
#include <time.h>

/* The layers the map draws, cached as text when the server starts: the
 * export's, then the PCN areas. */
enum { L_PLACES, L_LADS, L_PRACTICES, L_PREMISES, L_SITES, L_PCNS, L_COUNT };

struct srv_req;

/* The API's requests waiting for a worker (srv_jobs.c). */
typedef struct srv_jobs {
    pthread_mutex_t lock;
    pthread_cond_t ready;
    struct srv_req *head, *tail;
    int closed; /* stopping: no more requests are queued */
    pthread_t *threads;
    size_t nthreads;
} srv_jobs;

typedef struct srv {
    srv_opts o;
    char token[256];   /* empty: read only */
    plan_scenario *sc; /* the scenario answers start from */
    rpt_pages pages;   /* its report's place pages, made at start (the
                          document itself is let go: at England's size it
                          is most of the server's memory) */
    pc_buf geojson[L_COUNT], json[L_COUNT]; /* each layer as either */
    char csp[512];        /* the Content-Security-Policy of our page and API */
    pc_buf config;        /* GET /api/v1/config */
    pthread_mutex_t lock; /* the registry of worker models */
    plan_model **models;
    size_t nmodels, cap;
    pthread_mutex_t wlock; /* the one writing connection */
    plan_model *writer;    /* opened first; its dataset is the one every
                              worker's model shares */
    pthread_mutex_t loglock;
    srv_jobs jobs;
} srv;

const char *srv_layer_name(int layer);

/* The model of the calling worker thread: opened read only on its first
 * request and kept until the server stops. NULL (with err) when it
 * cannot be opened. */
plan_model *srv_thread_model(srv *S, pc_error *err);

/* One request as the handlers see it. */
typedef struct srv_req {
    srv *S;
    struct MHD_Connection *conn;
    const char *method, *url;
    char path[512];
    char *seg[8]; /* the path's segments after /api/v1/ */
    size_t nseg;
    cJSON *query; /* query parameters, as an object of strings */
    char *body;   /* NUL-terminated */
    size_t blen, bcap;
    size_t seen; /* the body's bytes received, kept or not */
    int too_large;
    /* the answer */
    unsigned status;
    const char *ctype;
    pc_buf out;
    int page; /* a report page: may be framed by our own page */
    char location[256];
    char allow[64]; /* a 405's Allow header: the methods the path takes */
    struct timespec t0;
    struct srv_req *next; /* in the queue of srv_jobs */
    int answered;         /* by a worker: send it when resumed */
} srv_req;

typedef void srv_handler(srv_req *rq);

/* Answers: each sets the status, the content type and the body. */
void srv_reply(srv_req *rq, unsigned status, const char *ctype,
               const char *data, size_t len);
void srv_reply_buf(srv_req *rq, unsigned status, const char *ctype,
                   pc_buf *b); /* takes b's text */
void srv_error(srv_req *rq, unsigned status, const char *fmt, ...)
    PC_PRINTF(3, 4);
/* A library failure: PC_ERR_INPUT 400, PC_ERR_NOTFOUND 404, else 500. */
void srv_fail(srv_req *rq, const pc_error *err);
/* 200 with the JSON in out when rc is PC_OK, else srv_fail(err). */
void srv_answer(srv_req *rq, pc_status rc, pc_buf *out, const pc_error *err);
/* 200 with o printed as JSON (503 when out of memory). */
void srv_reply_cjson(srv_req *rq, const cJSON *o);

/* A query parameter, or NULL. */
const char *srv_arg(const srv_req *rq, const char *name);
/* Only these query parameters (NULL-terminated) are allowed: else 400. */
int srv_args_only(srv_req *rq, const char *const *names);

/* The body as JSON (an object): 0 and *out, or -1 with the 400 set. */
int srv_body_json(srv_req *rq, cJSON **out);

/* The model for this request: -1 with a 500 set when it cannot open. */
int srv_model(srv_req *rq, plan_model **out);

/* The server's scenario with `body` (a scenario file's object, or NULL)
 * over it, then a cap on the work it asks for: 0 and *out (the caller
 * frees it), or -1 with 400 (bad scenario) or 422 (over a cap) set. */
int srv_scenario(srv_req *rq, const cJSON *body, const plan_scenario *over,
                 plan_scenario **out);

/* Whether the request carries the write token: else 401 or 403 is set. */
int srv_authorized(srv_req *rq);

/* The handlers, by file. */
srv_handler srv_get_config, srv_get_info, srv_get_layer, srv_get_site,
    srv_get_near, srv_get_assumptions, srv_get_presets, srv_get_runs,
    srv_get_run, srv_get_compare, srv_get_contributions, srv_get_openapi;
srv_handler srv_assess, srv_letter, srv_run, srv_programme, srv_report_page,
    srv_save_run, srv_put_scenario, srv_get_scenarios, srv_get_scenario;

/* The embedded files (srv_assets.c): the one at path, or NULL. */
typedef struct srv_asset {
    const char *path, *ctype;
    const unsigned char *data;
    size_t len;
} srv_asset;
const srv_asset *srv_asset_find(const char *path);

/* Routes the request and answers it (srv_http.c): on a worker for the
 * API, on the daemon's thread for the page's files. */
void srv_dispatch(srv_req *rq);

/* The workers (srv_jobs.c): o.threads of them, started before the daemon
 * and stopped after it stops taking connections. srv_jobs_submit
 * suspends the request's connection and queues it (1), or returns 0 when
 * the workers are stopping; srv_jobs_stop answers what is queued, then
 * joins the workers. */
pc_status srv_jobs_start(srv *S, pc_error *err);
int srv_jobs_submit(srv *S, srv_req *rq);
void srv_jobs_stop(srv *S);

/* The daemon's callbacks (srv_http.c). */
enum MHD_Result srv_access(void *cls, struct MHD_Connection *conn,
                           const char *url, const char *method,
                           const char *version, const char *upload_data,
                           size_t *upload_data_size, void **con_cls);
void srv_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                   enum MHD_RequestTerminationCode toe);

#endif
