/* srv_http.c: one HTTP request from libmicrohttpd to an answer (srv_int.h):
 * the body read up to its cap, the query read into an object, the route
 * found, the handler run on this thread's model, the answer sent with the
 * security headers, and one log line when the connection is done with it. */
#include "srv_int.h"

#include "pc_json.h"
#include "pc_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API "/api/v1/"

/* --- routes ----------------------------------------------------------------
 */

typedef struct route {
    const char *method, *pattern; /* "{name}" is one path segment */
    srv_handler *h;
} route;

static void get_routes(srv_req *rq);

static const route routes[] = {
    {"GET", "", get_routes},
    {"GET", "config", srv_get_config},
    {"GET", "info", srv_get_info},
    {"GET", "openapi.json", srv_get_openapi},
    {"GET", "places", srv_get_layer},
    {"GET", "lads", srv_get_layer},
    {"GET", "pcns", srv_get_layer},
    {"GET", "practices", srv_get_layer},
    {"GET", "premises", srv_get_layer},
    {"GET", "sites", srv_get_layer},
    {"GET", "sites/{id}", srv_get_site},
    {"GET", "near", srv_get_near},
    {"GET", "assumptions", srv_get_assumptions},
    {"GET", "presets", srv_get_presets},
    {"GET", "runs", srv_get_runs},
    {"POST", "runs", srv_save_run},
    {"GET", "runs/{id}", srv_get_run},
    {"GET", "compare", srv_get_compare},
    {"GET", "contributions", srv_get_contributions},
    {"GET", "programme", srv_programme},
    {"POST", "programme", srv_programme},
    {"GET", "assess", srv_assess},
    {"POST", "assess", srv_assess},
    {"GET", "assess/letter", srv_letter},
    {"POST", "assess/letter", srv_letter},
    {"POST", "run", srv_run},
    {"GET", "report/{place}", srv_report_page},
    {"POST", "report/{place}", srv_report_page},
    {"GET", "scenarios", srv_get_scenarios},
    {"GET", "scenarios/{name}", srv_get_scenario},
    {"PUT", "scenarios/{name}", srv_put_scenario},
};

#define NROUTES (sizeof routes / sizeof *routes)

/* GET /api/v1/: the routes this server answers, as openapi.json names
 * them (a test checks the two against each other). */
static void get_routes(srv_req *rq)
{
    static const char *const no_args[] = {NULL};
    cJSON *doc, *list;

    if (!srv_args_only(rq, no_args))
        return;
    doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "openapi", API "openapi.json");
    list = cJSON_AddArrayToObject(doc, "routes");
    for (size_t i = 0; i < NROUTES && list; i++) {
        char path[96];
        cJSON *r = cJSON_CreateObject();

        snprintf(path, sizeof path, "%s%s", API, routes[i].pattern);
        cJSON_AddStringToObject(r, "method", routes[i].method);
        cJSON_AddStringToObject(r, "path", path);
        cJSON_AddItemToArray(list, r);
    }
    srv_reply_cjson(rq, doc);
    cJSON_Delete(doc);
}

/* Whether the request's segments match the pattern. */
static int matches(const srv_req *rq, const char *pattern)
{
    size_t i = 0;
    const char *p = pattern;

    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);

        if (i >= rq->nseg || !(*p == '{' || (strlen(rq->seg[i]) == n &&
                                             !strncmp(rq->seg[i], p, n))))
            return 0;
        i++;
        p += n + (slash != NULL);
    }
    return i == rq->nseg;
}

/* Splits the path after /api/v1/ into segments; 0 when there are too many
 * or an empty one. */
static int split_path(srv_req *rq, const char *rest)
{
    char *p;

    snprintf(rq->path, sizeof rq->path, "%s", rest);
    rq->nseg = 0;
    if (!rq->path[0])
        return 1;
    for (p = rq->path; p;) {
        char *slash = strchr(p, '/');

        if (rq->nseg == sizeof rq->seg / sizeof *rq->seg)
            return 0;
        if (slash)
            *slash = '\0';
        if (!*p)
            return 0;
        rq->seg[rq->nseg++] = p;
        p = slash ? slash + 1 : NULL;
    }
    return 1;
}

static void dispatch_api(srv_req *rq, const char *rest)
{
    const char *method = strcmp(rq->method, "HEAD") ? rq->method : "GET";
    char *allow = rq->allow;
    int found = 0;

    if (strlen(rest) >= sizeof rq->path || !split_path(rq, rest)) {
        srv_error(rq, 404, "no such resource: %.200s", rq->url);
        return;
    }
    if (!pc_utf8_valid(rest)) {
        srv_error(rq, 400,
                  "the path is not UTF-8 text (expected UTF-8, "
                  "percent-encoded)");
        return;
    }
    for (size_t i = 0; i < NROUTES; i++) {
        if (!matches(rq, routes[i].pattern))
            continue;
        found = 1;
        if (!strcmp(routes[i].method, method)) {
            routes[i].h(rq);
            return;
        }
        if (!strstr(allow, routes[i].method))
            snprintf(allow + strlen(allow), sizeof rq->allow - strlen(allow),
                     "%s%s", allow[0] ? ", " : "", routes[i].method);
    }
    if (found)
        srv_error(rq, 405, "%s is not allowed here (expected %s)", rq->method,
                  allow);
    else
        srv_error(rq, 404, "no such resource: %.200s", rq->url);
}

void srv_dispatch(srv_req *rq)
{
    const srv_asset *a;

    if (!strncmp(rq->url, API, strlen(API))) {
        dispatch_api(rq, rq->url + strlen(API));
        return;
    }
    if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD")) {
        snprintf(rq->allow, sizeof rq->allow, "GET, HEAD");
        srv_error(rq, 405, "%s is not allowed here (expected GET)", rq->method);
        return;
    }
    if ((a = srv_asset_find(strcmp(rq->url, "/") ? rq->url : "/index.html")))
        srv_reply(rq, 200, a->ctype, (const char *)a->data, a->len);
    else
        srv_error(rq, 404, "no such resource: %.200s", rq->url);
}

/* --- answers -------------------------------------------------------------- */

void srv_reply(srv_req *rq, unsigned status, const char *ctype,
               const char *data, size_t len)
{
    pc_buf_free(&rq->out);
    rq->out = (pc_buf)PC_BUF_INIT(len + 1);
    rq->status = status;
    rq->ctype = ctype;
    if (pc_buf_add(&rq->out, data, len) != PC_OK) {
        rq->status = 500;
        rq->ctype = "text/plain; charset=utf-8";
    }
}

void srv_reply_buf(srv_req *rq, unsigned status, const char *ctype, pc_buf *b)
{
    pc_buf_free(&rq->out);
    rq->out = *b;
    *b = (pc_buf)PC_BUF_INIT(b->cap);
    rq->status = status;
    rq->ctype = ctype;
}

void srv_error(srv_req *rq, unsigned status, const char *fmt, ...)
{
    char msg[1024];
    cJSON *o = cJSON_CreateObject(), *e = NULL;
    char *text = NULL;
    pc_buf valid = PC_BUF_INIT(PC_CAP_LINE);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* a message may quote what the request said: the answer stays UTF-8 */
    if (o && pc_utf8_repair(msg, &valid) == PC_OK &&
        (e = cJSON_AddObjectToObject(o, "error")) &&
        cJSON_AddNumberToObject(e, "status", status) &&
        cJSON_AddStringToObject(e, "message", pc_buf_str(&valid)))
        text = cJSON_PrintUnformatted(o);
    pc_buf_free(&valid);
    if (text) {
        srv_reply(rq, status, "application/json", text, strlen(text));
        pc_buf_puts(&rq->out, "\n");
    } else {
        static const char nomem[] =
            "{\"error\":{\"status\":500,\"message\":\"out of memory\"}}\n";

        srv_reply(rq, status, "application/json", nomem, sizeof nomem - 1);
    }
    cJSON_free(text);
    cJSON_Delete(o);
}

void srv_fail(srv_req *rq, const pc_error *err)
{
    unsigned s = err->code == PC_ERR_INPUT      ? 400
                 : err->code == PC_ERR_NOTFOUND ? 404
                 : err->code == PC_ERR_NOMEM    ? 503
                                                : 500;

    srv_error(rq, s, "%s", err->msg);
}

void srv_answer(srv_req *rq, pc_status rc, pc_buf *out, const pc_error *err)
{
    if (rc == PC_OK)
        srv_reply_buf(rq, 200, "application/json", out);
    else
        srv_fail(rq, err);
}

void srv_reply_cjson(srv_req *rq, const cJSON *o)
{
    char *text = o ? cJSON_Print(o) : NULL;

    if (text) {
        srv_reply(rq, 200, "application/json", text, strlen(text));
        pc_buf_puts(&rq->out, "\n");
    } else {
        srv_error(rq, 503, "out of memory");
    }
    cJSON_free(text);
}

/* --- the request's parts ---------------------------------------------------
 */

const char *srv_arg(const srv_req *rq, const char *name)
{
    return cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(rq->query, name));
}

int srv_args_only(srv_req *rq, const char *const *names)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, rq->query)
    {
        size_t i = 0;

        while (names[i] && strcmp(names[i], c->string))
            i++;
        if (!names[i]) {
            char list[256];

            srv_error(rq, 400,
                      "unknown query parameter \"%.60s\" (expected %s)",
                      c->string,
                      names[0] ? pc_json_list(list, sizeof list, names, " or ")
                               : "none");
            return 0;
        }
    }
    return 1;
}

int srv_body_json(srv_req *rq, cJSON **out)
{
    pc_error err = {0};

    *out = NULL;
    if (!rq->body || !rq->blen) {
        srv_error(rq, 400, "the request needs a JSON body");
        return -1;
    }
    if (pc_json_parse(rq->body, rq->blen, out, &err) != PC_OK) {
        srv_error(rq, 400, "request body: %s", err.msg);
        return -1;
    }
    if (!cJSON_IsObject(*out)) {
        srv_error(rq, 400, "request body: expected a JSON object, got %s",
                  pc_json_type(*out));
        cJSON_Delete(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int srv_model(srv_req *rq, plan_model **out)
{
    pc_error err = {0};

    if (!(*out = srv_thread_model(rq->S, &err))) {
        srv_error(rq, 500, "cannot open the store: %s", err.msg);
        return -1;
    }
    return 0;
}

/* Constant-time comparison of the presented token with ours. */
int srv_authorized(srv_req *rq)
{
    const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_AUTHORIZATION);
    const char *tok = rq->S->token;
    size_t n = strlen(tok), m;
    unsigned diff = 0;

    if (!tok[0]) {
        srv_error(rq, 403,
                  "this server is read only (it was started "
                  "without a token file)");
        return 0;
    }
    if (!h || strncmp(h, "Bearer ", 7)) {
        srv_error(rq, 401, "writes need an Authorization: Bearer token");
        return 0;
    }
    h += 7;
    m = strlen(h);
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned)(tok[i] ^ (i < m ? h[i] : 0));
    if (diff || m != n) {
        srv_error(rq, 401, "the bearer token is not this server's");
        return 0;
    }
    return 1;
}

/* --- libmicrohttpd ---------------------------------------------------------
 */

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *value)
{
    srv_req *rq = cls;

    (void)kind;
    if (!pc_utf8_valid(key) || (value && !pc_utf8_valid(value))) {
        srv_error(rq, 400,
                  "query parameter \"%.60s\": not UTF-8 text (expected UTF-8, "
                  "percent-encoded)",
                  key);
        return MHD_NO;
    }
    if (rq->query && cJSON_GetObjectItemCaseSensitive(rq->query, key)) {
        srv_error(rq, 400, "query parameter \"%.60s\" is given twice", key);
        return MHD_NO;
    }
    if (!rq->query ||
        !cJSON_AddStringToObject(rq->query, key, value ? value : "")) {
        srv_error(rq, 503, "out of memory");
        return MHD_NO;
    }
    return MHD_YES;
}

/* The headers every answer carries; a page of ours (a report, a letter) may
 * be framed by our own page and carries its style inline. */
static void add_headers(const srv_req *rq, struct MHD_Response *r)
{
    int page = rq->page;

    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rq->ctype);
    MHD_add_response_header(
        r, "Content-Security-Policy",
        page ? "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
               "frame-ancestors 'self'"
             : rq->S->csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", page ? "SAMEORIGIN" : "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (rq->location[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rq->location);
    if (rq->status == 405 && rq->allow[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rq->allow);
}

static enum MHD_Result send_answer(srv_req *rq)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        rq->out.len, (void *)pc_buf_str(&rq->out), MHD_RESPMEM_MUST_COPY);
    enum MHD_Result ok;

    if (!r)
        return MHD_NO;
    add_headers(rq, r);
    ok = MHD_queue_response(rq->conn, rq->status, r);
    MHD_destroy_response(r);
    return ok;
}

static srv_req *req_new(srv *S, struct MHD_Connection *conn, const char *url,
                        const char *method)
{
    srv_req *rq = calloc(1, sizeof *rq);

    if (!rq)
        return NULL;
    clock_gettime(CLOCK_MONOTONIC, &rq->t0);
    rq->S = S;
    rq->conn = conn;
    rq->url = strdup(url);
    rq->method = strdup(method);
    rq->query = cJSON_CreateObject();
    rq->out = (pc_buf)PC_BUF_INIT(1);
    if (!rq->url || !rq->method) {
        free((char *)rq->url);
        free((char *)rq->method);
        cJSON_Delete(rq->query);
        free(rq);
        return NULL;
    }
    return rq;
}

/* The first call: the headers are in. A body announced over the cap is
 * refused before it is read. */
static enum MHD_Result first_call(srv_req *rq)
{
    const char *cl = MHD_lookup_connection_value(
        rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

    if (cl && strtoull(cl, NULL, 10) > rq->S->o.body_max) {
        srv_error(rq, 413, "the request body is larger than %zu bytes",
                  rq->S->o.body_max);
        return send_answer(rq);
    }
    return MHD_YES;
}

/* A part of the body: kept up to the cap, then only counted (srv_access
 * closes the connection at twice the cap). */
static void body_part(srv_req *rq, const char *data, size_t n)
{
    size_t max = rq->S->o.body_max;

    rq->seen += n;
    if (rq->too_large || rq->blen + n > max) {
        rq->too_large = 1;
        return;
    }
    if (rq->blen + n + 1 > rq->bcap) {
        size_t cap = rq->bcap ? rq->bcap : 4096;
        char *b;

        while (cap < rq->blen + n + 1)
            cap *= 2;
        if (!(b = realloc(rq->body, cap))) {
            rq->too_large = 1;
            return;
        }
        rq->body = b;
        rq->bcap = cap;
    }
    memcpy(rq->body + rq->blen, data, n);
    rq->blen += n;
    rq->body[rq->blen] = '\0';
}

enum MHD_Result srv_access(void *cls, struct MHD_Connection *conn,
                           const char *url, const char *method,
                           const char *version, const char *upload_data,
                           size_t *upload_data_size, void **con_cls)
{
    srv_req *rq = *con_cls;

    (void)version;
    if (!rq) {
        if (!(rq = req_new(cls, conn, url, method)))
            return MHD_NO;
        *con_cls = rq;
        return first_call(rq);
    }
    if (*upload_data_size) {
        body_part(rq, upload_data, *upload_data_size);
        *upload_data_size = 0;
        if (rq->seen <= 2 * rq->S->o.body_max)
            return MHD_YES;
        /* a body with no Content-Length (chunked) far over the cap: it is
         * not read to its end, which may never come; libmicrohttpd 0.9
         * takes no answer before the end, so the connection is closed */
        srv_error(rq, 413, "the request body is larger than %zu bytes",
                  rq->S->o.body_max);
        return MHD_NO;
    }
    if (rq->answered) /* by a worker; the connection is resumed */
        return send_answer(rq);
    /* a query parameter given twice is add_arg's 400 */
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_arg, rq);
    if (!rq->status && rq->too_large)
        srv_error(rq, 413, "the request body is larger than %zu bytes",
                  rq->S->o.body_max);
    else if (rq->status)
        ; /* add_arg's 400 */
    else if (strncmp(rq->url, API, strlen(API)))
        srv_dispatch(rq); /* a file of the page: at once */
    else if (srv_jobs_submit(rq->S, rq))
        return MHD_YES;
    else
        srv_error(rq, 503, "the server is stopping");
    return send_answer(rq);
}

void srv_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                   enum MHD_RequestTerminationCode toe)
{
    srv *S = cls;
    srv_req *rq = *con_cls;
    struct timespec t1;
    double ms;

    (void)conn;
    if (!rq)
        return;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ms = (double)(t1.tv_sec - rq->t0.tv_sec) * 1e3 +
         (double)(t1.tv_nsec - rq->t0.tv_nsec) / 1e6;
    pthread_mutex_lock(&S->loglock);
    fprintf(stderr, "pcplan: serve: %s %s %u %zu %.1f ms%s\n", rq->method,
            rq->url, rq->status, rq->out.len, ms,
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK      ? ""
            : toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " (timed out)"
                                                            : " (cut short)");
    pthread_mutex_unlock(&S->loglock);
    pc_buf_free(&rq->out);
    cJSON_Delete(rq->query);
    free(rq->body);
    free((char *)rq->url);
    free((char *)rq->method);
    free(rq);
    *con_cls = NULL;
}
