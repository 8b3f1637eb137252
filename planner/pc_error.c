/* pc_error.c: the error type and the string buffer shared by every module.
 * See pc_error.h for the conventions. */
#include "pc_error.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

pc_status pc_buf_add(pc_buf *b, const char *s, size_t n)
{
    if (n > b->cap || b->len > b->cap - n)
        return PC_ERR_NOMEM;
    if (b->len + n + 1 > b->alloc) {
        size_t want = b->alloc ? b->alloc : 256;
        char *p;

        while (want < b->len + n + 1)
            want *= 2;
        p = realloc(b->data, want);
        if (!p)
            return PC_ERR_NOMEM;
        b->data = p;
        b->alloc = want;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PC_OK;
}

pc_status pc_buf_puts(pc_buf *b, const char *s)
{
    return pc_buf_add(b, s, strlen(s));
}

pc_status pc_buf_printf(pc_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return PC_ERR_INTERNAL;
    if ((size_t)n < sizeof small)
        return pc_buf_add(b, small, (size_t)n);
    {
        char *big = malloc((size_t)n + 1);
        pc_status rc;

        if (!big)
            return PC_ERR_NOMEM;
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        rc = pc_buf_add(b, big, (size_t)n);
        free(big);
        return rc;
    }
}

void pc_fmt_num(char *out, size_t outsz, double v, int prec)
{
    char *p;

    if (!isfinite(v)) {
        snprintf(out, outsz, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return;
    }
    snprintf(out, outsz, "%.*f", prec, v);
    /* We never call setlocale(), but be robust if an embedding program
     * did: the decimal separator is always '.'. */
    for (p = out; *p; p++)
        if (*p == ',')
            *p = '.';
    if (out[0] == '-') {
        int zero = 1;

        for (p = out + 1; *p; p++)
            if (*p != '0' && *p != '.')
                zero = 0;
        if (zero)
            memmove(out, out + 1, strlen(out));
    }
}

pc_status pc_buf_num(pc_buf *b, double v, int prec)
{
    char tmp[64];

    pc_fmt_num(tmp, sizeof tmp, v, prec);
    return pc_buf_puts(b, tmp);
}

void pc_fmt_thousands(char *out, size_t outsz, long long v)
{
    char digits[32];
    char tmp[48];
    size_t nd, i, j = 0;
    int neg = v < 0;
    unsigned long long u =
        neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    snprintf(digits, sizeof digits, "%llu", u);
    nd = strlen(digits);
    if (neg)
        tmp[j++] = '-';
    for (i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            tmp[j++] = ',';
        tmp[j++] = digits[i];
    }
    tmp[j] = '\0';
    snprintf(out, outsz, "%s", tmp);
}

const char *pc_buf_str(const pc_buf *b)
{
    return b->data ? b->data : "";
}

void pc_buf_reset(pc_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void pc_buf_free(pc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
}
