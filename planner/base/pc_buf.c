/* pc_buf.c: the capped string buffer (see pc_buf.h). */
#include "pc_buf.h"

#include "pc_fmt.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

pc_status pc_buf_num(pc_buf *b, double v, int prec)
{
    char tmp[64];

    pc_fmt_num(tmp, sizeof tmp, v, prec);
    return pc_buf_puts(b, tmp);
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

pc_status pc_buf_csv(pc_buf *b, const char *s)
{
    pc_status rc;
    const char *q;

    if (!strpbrk(s, ",\"\r\n"))
        return pc_buf_puts(b, s);
    rc = pc_buf_puts(b, "\"");
    while (rc == PC_OK && (q = strchr(s, '"'))) {
        rc = pc_buf_add(b, s, (size_t)(q - s + 1));
        if (rc == PC_OK)
            rc = pc_buf_puts(b, "\"");
        s = q + 1;
    }
    if (rc == PC_OK)
        rc = pc_buf_puts(b, s);
    return rc == PC_OK ? pc_buf_puts(b, "\"") : rc;
}

pc_status pc_buf_csv_text(pc_buf *b, const char *s)
{
    char *t;
    size_t n;
    pc_status rc;

    if (!*s || !strchr("=+-@\t\r", *s))
        return pc_buf_csv(b, s);
    n = strlen(s);
    t = malloc(n + 2);
    if (!t)
        return PC_ERR_NOMEM;
    t[0] = '\'';
    memcpy(t + 1, s, n + 1);
    rc = pc_buf_csv(b, t);
    free(t);
    return rc;
}

/* --- arrays -------------------------------------------------------------- */

int pc_grow(void **arr, size_t *cap, size_t n, size_t size)
{
    size_t nc = *cap ? *cap : 32;
    void *p;

    if (n <= *cap)
        return 0;
    while (nc < n) {
        if (nc > SIZE_MAX / 2)
            return -1;
        nc *= 2;
    }
    if (nc > SIZE_MAX / size || !(p = realloc(*arr, nc * size)))
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}
