/* pc_error.h: the error type every pcplan module returns, and shared basics.
 *
 * A function that can fail returns pc_status and takes `pc_error *err` last.
 * It fills *err only when it fails; each layer adds context on the way out
 * with pc_error_wrap(), so the message a user sees reads outermost first:
 * "loading DIR/practices.csv: row 12: field \"pcn_code\": ...".
 * Nothing here allocates on the error path, prints or exits. */
#ifndef PC_ERROR_H
#define PC_ERROR_H

#include <stddef.h>

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

/* Set *err to code and a formatted message; returns code. */
pc_status pc_error_set(pc_error *err, pc_status code, const char *func,
                       const char *fmt, ...) PC_PRINTF(4, 5);

/* Prefix the message in *err with "<context>: "; returns err->code. */
pc_status pc_error_wrap(pc_error *err, const char *fmt, ...) PC_PRINTF(2, 3);

/* Short lower-case name of a status: "ok", "nomem", "input", ... */
const char *pc_status_name(pc_status code);

/* A growable NUL-terminated string buffer with a size cap, in the manner of
 * curl's dynbuf. Initialise with PC_BUF_INIT(cap); release with
 * pc_buf_free(). Appends fail with PC_ERR_NOMEM past the cap. */
typedef struct pc_buf {
    char *data;   /* NUL-terminated, NULL until the first append */
    size_t len;   /* bytes used, excluding the NUL */
    size_t alloc; /* bytes allocated */
    size_t cap;   /* maximum len */
} pc_buf;

#define PC_BUF_INIT(max)  \
    {                     \
        NULL, 0, 0, (max) \
    }

pc_status pc_buf_add(pc_buf *b, const char *s, size_t n);
pc_status pc_buf_puts(pc_buf *b, const char *s);
pc_status pc_buf_printf(pc_buf *b, const char *fmt, ...) PC_PRINTF(2, 3);
/* Appends a double with `prec` decimals, '.' as the decimal point whatever
 * the locale, and no "-0". */
pc_status pc_buf_num(pc_buf *b, double v, int prec);
/* The buffer's string: "" when empty; borrowed until the next append. */
const char *pc_buf_str(const pc_buf *b);
void pc_buf_reset(pc_buf *b);
void pc_buf_free(pc_buf *b);

/* Formats v with prec decimals into out (locale-independent, no "-0"). */
void pc_fmt_num(char *out, size_t outsz, double v, int prec);
/* Formats an integer with thousands separators: 1119429 -> "1,119,429". */
void pc_fmt_thousands(char *out, size_t outsz, long long v);

#endif
