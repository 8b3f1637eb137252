/* pc_error.h: the error type every pcplan module returns.
 *
 * A function that can fail returns pc_status and takes `pc_error *err` last.
 * It fills *err only when it fails; each layer adds context on the way out
 * with pc_error_wrap(), so the message a user sees reads outermost first:
 * "loading DIR/practices.csv: row 12: field \"pcn_code\": ...".
 * Nothing here allocates on the error path, prints or exits. */
#ifndef PC_ERROR_H
#define PC_ERROR_H

#if defined(__GNUC__) || defined(__clang__)
#define PC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PC_PRINTF(fmt, args)
#endif

typedef enum pc_status {
    PC_OK = 0,
    PC_ERR_NOMEM,    /* an allocation failed */
    PC_ERR_IO,       /* file or socket; msg carries strerror() */
    PC_ERR_INPUT,    /* bad user input: argument, CSV row, JSON body */
    PC_ERR_NOTFOUND, /* named practice, site or dataset is missing */
    PC_ERR_SPATIAL,  /* GEOS or PROJ failed */
    PC_ERR_DB,       /* SQLite or SpatiaLite failed */
    PC_ERR_INTERNAL  /* broken invariant: a bug in our code */
} pc_status;

typedef struct pc_error {
    pc_status code;
    const char *func; /* where it was first raised */
    char msg[1024];   /* outermost context first */
} pc_error;

#define PC_FAIL(err, code, ...) \
    pc_error_set((err), (code), __func__, __VA_ARGS__)

/* The failure of an allocation, raised where it happened. */
#define PC_NOMEM(err) PC_FAIL((err), PC_ERR_NOMEM, "out of memory")

/* Set *err to code and a formatted message; returns code. */
pc_status pc_error_set(pc_error *err, pc_status code, const char *func,
                       const char *fmt, ...) PC_PRINTF(4, 5);

/* Prefix the message in *err with "<context>: "; returns err->code. */
pc_status pc_error_wrap(pc_error *err, const char *fmt, ...) PC_PRINTF(2, 3);

/* Short lower-case name of a status: "ok", "nomem", "input", ... */
const char *pc_status_name(pc_status code);

#endif
