/* srv_main.c: `pcplan serve` from start to stop (srv.h): what every answer
 * shares, loaded once; the worker threads' models; the daemon; the
 * signals that stop it.
 *
 * Threads: one libmicrohttpd thread polls every connection (epoll) and
 * only moves bytes; o.threads workers (srv_jobs.c) answer the API, each
 * with its own plan_model, a read-only store handle opened on the
 * worker's first request and kept (a plan_model is not thread-safe); the
 * models are registered so that they are closed when the server stops.
 * Writes go through one read-write model under a mutex. What all threads read
 * (the server's scenario, its report document and the map layers made from it)
 * is made before the daemon starts and never changed. */
#include "srv_int.h"

#include "pc_file.h"
#include "plan_layers.h"
#include "rpt_export.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static const char *const layer_names[L_COUNT] = {
    "places", "lads", "practices", "premises", "sites", "pcns"};

const char *srv_layer_name(int layer)
{
    return layer >= 0 && layer < L_COUNT ? layer_names[layer] : NULL;
}

srv_opts srv_opts_default(void)
{
    srv_opts o = {0};

    o.bind = "127.0.0.1";
    o.port = 8080;
    o.threads = 2;
    o.body_max = 1u << 20;
    o.draws_max = 2000;
    o.timeout_s = 30;
    return o;
}

/* --- the worker threads' models ----------------------------------------- */

static _Thread_local plan_model *thread_model;

plan_model *srv_thread_model(srv *S, pc_error *err)
{
    plan_model *m = NULL;

    if (thread_model)
        return thread_model;
    /* the writer's dataset, shared: loaded once for every worker */
    if (plan_model_open_sharing(S->writer, &m, err) != PC_OK)
        return NULL;
    pthread_mutex_lock(&S->lock);
    if (S->nmodels == S->cap) {
        size_t cap = S->cap ? 2 * S->cap : 8;
        plan_model **v = realloc(S->models, cap * sizeof *v);

        if (!v) {
            pthread_mutex_unlock(&S->lock);
            plan_model_close(m);
            PC_NOMEM(err);
            return NULL;
        }
        S->models = v;
        S->cap = cap;
    }
    S->models[S->nmodels++] = m;
    pthread_mutex_unlock(&S->lock);
    return thread_model = m;
}

/* --- what every answer shares -------------------------------------------- */

/* The token from the token file: its first line, trimmed. */
static pc_status load_token(srv *S, pc_error *err)
{
    char *text = NULL;
    size_t len = 0, a = 0, b;

    if (!S->o.token_file)
        return PC_OK;
    if (pc_file_read(S->o.token_file, 4096, &text, &len, err) != PC_OK)
        return err->code;
    while (a < len && (text[a] == ' ' || text[a] == '\t'))
        a++;
    for (b = a; b < len && text[b] != '\n' && text[b] != '\r'; b++)
        ;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t'))
        b--;
    if (b - a < 16 || b - a >= sizeof S->token) {
        free(text);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: the token must be 16 to %zu characters on the "
                       "first line",
                       S->o.token_file, sizeof S->token - 1);
    }
    memcpy(S->token, text + a, b - a);
    S->token[b - a] = '\0';
    free(text);
    return PC_OK;
}

/* The map layers of the server's scenario (doc, its report document), as
 * GeoJSON and as JSON. */
static pc_status load_layers(srv *S, plan_model *m, const cJSON *doc,
                             pc_error *err)
{
    const ds_spatial *sp;
    pc_status rc;

    for (int l = 0; l < L_COUNT; l++) {
        S->geojson[l] = (pc_buf)PC_BUF_INIT(PC_CAP_FILE);
        S->json[l] = (pc_buf)PC_BUF_INIT(PC_CAP_FILE);
    }
    rc = rpt_export_layers(doc, layer_names, L_PCNS, S->geojson, S->json, err);
    if (rc == PC_OK)
        rc = plan_model_spatial(m, S->sc, &sp, err);
    for (int j = 0; rc == PC_OK && j < 2; j++)
        rc = plan_pcn_areas_geojson(
            plan_model_geo(m), plan_model_dataset(m), sp, j,
            j ? &S->json[L_PCNS] : &S->geojson[L_PCNS], err);
    return rc;
}

/* The Content-Security-Policy of the page and the API: nothing from
 * elsewhere, except images from the tile server's origin when there is
 * one ("{s}" subdomains become "*"). */
static pc_status load_csp(srv *S, pc_error *err)
{
    const char *u = S->o.tile_url, *host, *end;
    char origin[256] = "";
    size_t n = 0;

    if (u) {
        host = !strncmp(u, "https://", 8)  ? u + 8
               : !strncmp(u, "http://", 7) ? u + 7
                                           : NULL;
        end = host ? host + strcspn(host, "/") : NULL;
        if (!host || end == host || (size_t)(end - u) >= sizeof origin - 8)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "tile URL \"%.80s\" (expected http:// or https:// "
                           "and a host)",
                           u);
        for (const char *p = u; p < end; p++) {
            if (!strncmp(p, "{s}", 3)) {
                origin[n++] = '*';
                p += 2;
            } else if (strchr(" ;,'\"", *p)) {
                return PC_FAIL(err, PC_ERR_INPUT,
                               "tile URL \"%.80s\": its host has a '%c'", u,
                               *p);
            } else {
                origin[n++] = *p;
            }
        }
        origin[n] = '\0';
    }
    snprintf(S->csp, sizeof S->csp,
             "default-src 'self'; img-src 'self' data:%s%s; style-src 'self'; "
             "script-src 'self'; connect-src 'self'; frame-src 'self' blob:; "
             "object-src 'none'; base-uri 'none'; form-action 'self'; "
             "frame-ancestors 'none'",
             n ? " " : "", origin);
    return PC_OK;
}

/* GET /api/v1/config: what the page needs to know of the server. */
static pc_status load_config(srv *S, const ds_dataset *ds, pc_error *err)
{
    cJSON *c = cJSON_CreateObject(), *presets, *methods, *sc = NULL;
    pc_buf canon = PC_BUF_INIT(PC_CAP_TEXT);
    char *text = NULL;
    int ok = c != NULL;

    ok = ok && cJSON_AddStringToObject(c, "dataset", ds->name) &&
         cJSON_AddNumberToObject(c, "base_year", ds->base_year) &&
         cJSON_AddBoolToObject(c, "read_only", !S->token[0]) &&
         (S->o.tile_url ? cJSON_AddStringToObject(c, "tile_url", S->o.tile_url)
                        : cJSON_AddNullToObject(c, "tile_url")) &&
         cJSON_AddNumberToObject(c, "draws_max", S->o.draws_max) &&
         cJSON_AddNumberToObject(c, "body_max", (double)S->o.body_max) &&
         (presets = cJSON_AddArrayToObject(c, "presets")) &&
         (methods = cJSON_AddArrayToObject(c, "methods"));
    for (size_t i = 0; ok && i < ds->npresets; i++) {
        const char *p = ds->presets[i].preset;

        if (i == 0 || strcmp(p, ds->presets[i - 1].preset))
            ok = cJSON_AddItemToArray(presets, cJSON_CreateString(p));
    }
    for (int d = PLAN_DEMAND_GP_FTE; ok && d <= PLAN_DEMAND_SPACE; d++)
        ok = cJSON_AddItemToArray(
            methods, cJSON_CreateString(plan_demand_name((plan_demand)d)));
    if (ok && plan_scenario_canonical(S->sc, &canon, err) != PC_OK)
        ok = 0;
    ok = ok && (sc = cJSON_Parse(pc_buf_str(&canon)));
    if (ok && !cJSON_AddItemToObject(c, "scenario", sc)) {
        cJSON_Delete(sc);
        ok = 0;
    }
    ok = ok && (text = cJSON_PrintUnformatted(c));
    S->config = (pc_buf)PC_BUF_INIT(PC_CAP_TEXT);
    ok = ok && pc_buf_puts(&S->config, text) == PC_OK &&
         pc_buf_puts(&S->config, "\n") == PC_OK;
    cJSON_free(text);
    cJSON_Delete(c);
    pc_buf_free(&canon);
    return ok ? PC_OK : PC_NOMEM(err);
}

static pc_status load_shared(srv *S, pc_error *err)
{
    plan_model *m = NULL;
    cJSON *doc = NULL;
    pc_status rc;

    if ((rc = load_token(S, err)) != PC_OK || (rc = load_csp(S, err)))
        return rc;
    if (S->o.scenario)
        rc = plan_scenario_load(S->o.scenario, &S->sc, err);
    else if (!(S->sc = plan_scenario_new()))
        rc = PC_NOMEM(err);
    /* opened for writing first, so that an older store is migrated before
     * the workers open it read only; kept as the writer, whose dataset
     * the workers' models share */
    if (rc == PC_OK)
        rc = plan_model_open(S->o.db, &m, err);
    if (rc == PC_OK)
        rc = plan_model_report(m, S->sc, NULL, &doc, err);
    if (rc == PC_OK)
        rc = load_layers(S, m, doc, err);
    if (rc == PC_OK)
        rc = rpt_report_pages(doc, &S->pages, err);
    cJSON_Delete(doc);
    /* the document was most of the heap: give its pages back */
    malloc_trim(0);
    if (rc == PC_OK)
        rc = load_config(S, plan_model_dataset(m), err);
    if (rc == PC_OK)
        S->writer = m;
    else
        plan_model_close(m);
    return rc;
}

static void free_shared(srv *S)
{
    for (size_t i = 0; i < S->nmodels; i++)
        plan_model_close(S->models[i]);
    free(S->models);
    plan_model_close(S->writer);
    for (int l = 0; l < L_COUNT; l++) {
        pc_buf_free(&S->geojson[l]);
        pc_buf_free(&S->json[l]);
    }
    pc_buf_free(&S->config);
    rpt_pages_free(&S->pages);
    plan_scenario_free(S->sc);
}

/* --- the daemon ------------------------------------------------------------
 */

/* Room for as many connections as the system lets us have. */
static unsigned raise_fd_limit(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1000;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    return rl.rlim_cur > 200 ? (unsigned)(rl.rlim_cur - 100) : 100;
}

static struct MHD_Daemon *start(srv *S, int *port, pc_error *err)
{
    struct sockaddr_in v4 = {0};
    struct sockaddr_in6 v6 = {0};
    const struct sockaddr *sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_ALLOW_SUSPEND_RESUME;
    struct MHD_Daemon *d;

    if (inet_pton(AF_INET, S->o.bind, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons((uint16_t)S->o.port);
        sa = (const struct sockaddr *)&v4;
    } else if (inet_pton(AF_INET6, S->o.bind, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons((uint16_t)S->o.port);
        sa = (const struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else {
        PC_FAIL(err, PC_ERR_INPUT,
                "bind address \"%.80s\" (expected an IPv4 or IPv6 address)",
                S->o.bind);
        return NULL;
    }
    d = MHD_start_daemon(
        flags, (uint16_t)S->o.port, NULL, NULL, srv_access, S,
        MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_CONNECTION_TIMEOUT, S->o.timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, raise_fd_limit(),
        MHD_OPTION_NOTIFY_COMPLETED, srv_completed, S,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
    if (!d) {
        PC_FAIL(err, PC_ERR_IO, "cannot listen on %s port %d: %s", S->o.bind,
                S->o.port, strerror(errno));
        return NULL;
    }
    {
        const union MHD_DaemonInfo *i =
            MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);

        *port = i ? i->port : S->o.port;
    }
    return d;
}

/* Takes no more connections, answers the questions under way (the
 * workers finish what is queued), gives their answers up to a second to
 * leave, then closes every connection. */
static void stop_daemon(srv *S, struct MHD_Daemon *d)
{
    MHD_socket listen = MHD_quiesce_daemon(d);
    const union MHD_DaemonInfo *i;
    struct timespec tick = {0, 20 * 1000 * 1000};

    srv_jobs_stop(S);
    for (int n = 0; n < 50; n++) {
        i = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!i || i->num_connections == 0)
            break;
        nanosleep(&tick, NULL);
    }
    MHD_stop_daemon(d);
    if (listen != MHD_INVALID_SOCKET)
        close(listen);
}

pc_status srv_serve(const srv_opts *o, pc_error *err)
{
    srv S;
    sigset_t stop;
    struct MHD_Daemon *d = NULL;
    pc_status rc;
    int sig = 0, port = 0;

    memset(&S, 0, sizeof S);
    S.o = *o;
    if (S.o.threads < 1 || S.o.threads > 256)
        return PC_FAIL(err, PC_ERR_INPUT, "threads %d (expected 1 to 256)",
                       S.o.threads);
    pthread_mutex_init(&S.lock, NULL);
    pthread_mutex_init(&S.wlock, NULL);
    pthread_mutex_init(&S.loglock, NULL);
    /* the daemon's threads inherit a mask that leaves these to sigwait */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    rc = load_shared(&S, err);
    if (rc == PC_OK)
        rc = srv_jobs_start(&S, err);
    if (rc == PC_OK && !(d = start(&S, &port, err)))
        rc = err->code;
    if (rc == PC_OK) {
        printf("pcplan: serving %s at http://%s%s%s:%d/ (%s)\n", S.o.db,
               strchr(S.o.bind, ':') ? "[" : "", S.o.bind,
               strchr(S.o.bind, ':') ? "]" : "", port,
               S.token[0] ? "writes need the token" : "read only");
        fflush(stdout);
        sigwait(&stop, &sig);
        fprintf(stderr, "pcplan: serve: %s: stopping\n",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
        stop_daemon(&S, d);
    }
    srv_jobs_stop(&S);
    free_shared(&S);
    pthread_mutex_destroy(&S.lock);
    pthread_mutex_destroy(&S.wlock);
    pthread_mutex_destroy(&S.loglock);
    return rc;
}
