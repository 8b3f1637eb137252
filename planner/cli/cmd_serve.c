/* cmd_serve.c: pcplan serve, the HTTP front end (planner/server/srv.h):
 * its options read into srv_opts; the server does the rest. */
#include "cli.h"
#include "srv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* A whole number from lo to hi; -1 to go on, else 2. */
static int parse_int(const char *name, const char *v, long lo, long hi,
                     long *out)
{
    char *end = NULL;

    errno = 0;
    *out = v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || *end || errno || *out < lo || *out > hi) {
        fprintf(stderr,
                "pcplan: serve: %s \"%s\": expected a whole number from %ld "
                "to %ld\n",
                name, v ? v : "", lo, hi);
        return 2;
    }
    return -1;
}

int cmd_serve(cli *cl, int argc, char **argv)
{
    srv_opts o = srv_opts_default();
    const char *port = NULL, *threads = NULL, *body = NULL, *draws = NULL;
    opt_spec specs[] = {{"bind", 1, &o.bind, NULL},
                        {"port", 1, &port, NULL},
                        {"scenario", 1, &o.scenario, NULL},
                        {"token-file", 1, &o.token_file, NULL},
                        {"threads", 1, &threads, NULL},
                        {"tile-url", 1, &o.tile_url, NULL},
                        {"body-max", 1, &body, NULL},
                        {"draws-max", 1, &draws, NULL}};
    int r = cli_parse_opts(argc, argv, usage_serve, specs,
                           sizeof specs / sizeof *specs);
    pc_error err = {0};
    long v;

    if (r >= 0)
        return r;
    if (port && (r = parse_int("--port", port, 0, 65535, &v)) >= 0)
        return r;
    o.port = port ? (int)v : o.port;
    if (threads && (r = parse_int("--threads", threads, 1, 256, &v)) >= 0)
        return r;
    o.threads = threads ? (int)v : o.threads;
    if (body && (r = parse_int("--body-max", body, 1024, 1L << 30, &v)) >= 0)
        return r;
    o.body_max = body ? (size_t)v : o.body_max;
    if (draws && (r = parse_int("--draws-max", draws, 0, 100000, &v)) >= 0)
        return r;
    o.draws_max = draws ? (int)v : o.draws_max;
    o.db = cl->db;
    if (srv_serve(&o, &err) != PC_OK)
        return cli_fail("serve", &err);
    return 0;
}
