/* pc_error.c: the error type every module returns (see pc_error.h). */
#include "pc_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

pc_status pc_error_set(pc_error *err, pc_status code, const char *func,
                       const char *fmt, ...)
{
    va_list ap;

    err->code = code;
    err->func = func;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

pc_status pc_error_wrap(pc_error *err, const char *fmt, ...)
{
    char old[sizeof err->msg];
    size_t n, room;
    va_list ap;
    int k;

    memcpy(old, err->msg, sizeof old);
    old[sizeof old - 1] = '\0';
    va_start(ap, fmt);
    k = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    n = k < 0 ? 0 : (size_t)k;
    if (n > sizeof err->msg - 1)
        n = sizeof err->msg - 1;
    room = sizeof err->msg - 1 - n;
    /* append ": " and the old message, cut to fit */
    if (room >= 2) {
        size_t olen = strlen(old);

        memcpy(err->msg + n, ": ", 2);
        n += 2;
        room -= 2;
        if (olen > room)
            olen = room;
        memcpy(err->msg + n, old, olen);
        n += olen;
    }
    err->msg[n] = '\0';
    return err->code;
}

const char *pc_status_name(pc_status code)
{
    switch (code) {
    case PC_OK: return "ok";
    case PC_ERR_NOMEM: return "nomem";
    case PC_ERR_IO: return "io";
    case PC_ERR_INPUT: return "input";
    case PC_ERR_NOTFOUND: return "notfound";
    case PC_ERR_SPATIAL: return "spatial";
    case PC_ERR_DB: return "db";
    case PC_ERR_INTERNAL: return "internal";
    }
    return "unknown";
}
