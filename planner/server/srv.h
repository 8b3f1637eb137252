/* srv.h: `pcplan serve`, the HTTP front end (libmicrohttpd): the JSON API
 * under /api/v1/ and the web page, over the same library calls as the
 * command line. Like the CLI it is a front end: it logs (one line per
 * request, to stderr) and its caller exits. */
#ifndef SRV_H
#define SRV_H

#include "pc_error.h"

#include <stddef.h>

typedef struct srv_opts {
    const char *db;         /* the store */
    const char *bind;       /* address to listen on (IPv4 or IPv6) */
    int port;               /* 0: any free port (printed when ready) */
    const char *scenario;   /* scenario file the answers start from, or NULL */
    const char *token_file; /* bearer token for writes; NULL: read only */
    const char *tile_url;   /* optional tile URL template for the page */
    int threads;            /* worker threads, each with its own model */
    size_t body_max;        /* request body cap in bytes */
    int draws_max;          /* Monte Carlo draws a request may ask for */
    unsigned timeout_s;     /* an idle or slow connection is closed after */
} srv_opts;

/* Defaults: 127.0.0.1:8080, 2 threads, 1 MiB bodies, 2,000 draws, 30 s. */
srv_opts srv_opts_default(void);

/* Loads what every answer shares, listens, prints "pcplan: serving DB at
 * http://ADDR:PORT/" and serves until SIGINT or SIGTERM, then stops
 * cleanly. PC_OK after a clean stop; a failure to start is returned
 * (nothing printed but the log lines). */
pc_status srv_serve(const srv_opts *o, pc_error *err);

#endif
