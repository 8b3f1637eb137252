/* srv_main.c: `pcplan serve` from start to stop (srv.h): what every answer
 * shares, loaded once; the worker threads' models; the daemon; the
 * signals that stop it.
 *
 * Threads: libmicrohttpd runs a pool of o.threads threads, each polling its
 * own connections (epoll). A request is answered on its thread with that
 * thread's plan_model, a read-only store handle opened on the thread's
 * first request and kept (a plan_model is not thread-safe); the models
 * are registered so that they are closed when the server stops. Writes go
 * through one read-write model under a mutex. What all threads read (the
 * server's scenario, its report document and the map layers made from it)
 * is made before the daemon starts and never changed. */
#include "srv_int.h"

#include "pc_file.h"
#include "plan_layers.h"
#include "rpt_export.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static const char *const layer_names[L_COUNT] = {
    "places", "lads", "pcns", "practices", "premises", "sites"};

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
    if (plan_model_open_readonly(S->o.db, &m, err) != PC_OK)
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

/* The map layers of the server's scenario, as GeoJSON and as JSON. */
static pc_status load_layers(srv *S, plan_model *m, pc_error *err)
{
    const ds_spatial *sp;
    pc_status rc = plan_model_spatial(m, S->sc, &sp, err);

    for (int l = 0; rc == PC_OK && l < L_COUNT; l++)
        for (int j = 0; rc == PC_OK && j < 2; j++) {
            S->layer[l][j] = (pc_buf)PC_BUF_INIT(PC_CAP_FILE);
            rc = l == L_PCNS ? plan_pcn_areas_geojson(plan_model_geo(m),
                                                      plan_model_dataset(m), sp,
                                                      j, &S->layer[l][j], err)
                             : rpt_export_layer(S->doc, layer_names[l], j,
                                                &S->layer[l][j], err);
        }
    return rc;
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
    ok = ok && (sc = cJSON_Parse(pc_buf_str(&canon))) &&
         cJSON_AddItemToObject(c, "scenario", sc);
    if (ok && !cJSON_IsObject(cJSON_GetObjectItem(c, "scenario")))
        cJSON_Delete(sc);
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
    pc_status rc;

    if ((rc = load_token(S, err)) != PC_OK)
        return rc;
    if (S->o.scenario)
        rc = plan_scenario_load(S->o.scenario, &S->sc, err);
    else if (!(S->sc = plan_scenario_new()))
        rc = PC_NOMEM(err);
    /* opened for writing once, so that an older store is migrated before
     * the workers open it read only */
    if (rc == PC_OK)
        rc = plan_model_open(S->o.db, &m, err);
    if (rc == PC_OK)
        rc = plan_model_report(m, S->sc, NULL, &S->doc, err);
    if (rc == PC_OK)
        rc = load_layers(S, m, err);
    if (rc == PC_OK)
        rc = load_config(S, plan_model_dataset(m), err);
    plan_model_close(m);
    return rc;
}

static void free_shared(srv *S)
{
    for (size_t i = 0; i < S->nmodels; i++)
        plan_model_close(S->models[i]);
    free(S->models);
    plan_model_close(S->writer);
    for (int l = 0; l < L_COUNT; l++)
        for (int j = 0; j < 2; j++)
            pc_buf_free(&S->layer[l][j]);
    pc_buf_free(&S->config);
    cJSON_Delete(S->doc);
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
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
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
    d = MHD_start_daemon(flags, (uint16_t)S->o.port, NULL, NULL, srv_access, S,
                         MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_THREAD_POOL_SIZE,
                         (unsigned)S->o.threads, MHD_OPTION_CONNECTION_TIMEOUT,
                         S->o.timeout_s, MHD_OPTION_CONNECTION_LIMIT,
                         raise_fd_limit(), MHD_OPTION_NOTIFY_COMPLETED,
                         srv_completed, S, MHD_OPTION_LISTENING_ADDRESS_REUSE,
                         1u, MHD_OPTION_END);
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
        MHD_stop_daemon(d);
    }
    free_shared(&S);
    pthread_mutex_destroy(&S.lock);
    pthread_mutex_destroy(&S.wlock);
    pthread_mutex_destroy(&S.loglock);
    return rc;
}
