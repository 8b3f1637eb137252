/* ds_util.c: field parsers for the loaders (see ds_util.h). */
#include "ds_util.h"

#include "pc_error.h"
#include "pc_fmt.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Quotes at most 40 bytes of v for a message. */
static const char *shown(const char *v, char *buf, size_t bufsz)
{
    size_t n = strlen(v);

    if (n > 40)
        snprintf(buf, bufsz, "\"%.40s...\"", v);
    else
        snprintf(buf, bufsz, "\"%s\"", v);
    return buf;
}

pc_status ds_parse_id(const char *v, const char *field, pc_error *err)
{
    size_t n = strlen(v);

    if (n == 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": empty (expected an identifier)", field);
    if (n > 32)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": identifier is %zu characters (expected "
                       "at most 32)",
                       field, n);
    if (v[0] == ' ' || v[n - 1] == ' ')
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": identifier \"%s\" has leading or "
                       "trailing spaces",
                       field, v);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f || v[i] == ';')
            return PC_FAIL(err, PC_ERR_INPUT,
                           "field \"%s\": identifier contains a control "
                           "character or ';'",
                           field);
    return PC_OK;
}

/* Plain decimal: optional sign, digits, optional fraction and exponent. */
static int plain_number(const char *v, int integer)
{
    const char *p = v;
    int digits = 0;

    if (*p == '+' || *p == '-')
        p++;
    while (*p >= '0' && *p <= '9') {
        p++;
        digits++;
    }
    if (integer)
        return digits > 0 && *p == '\0';
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        int ed = 0;

        p++;
        if (*p == '+' || *p == '-')
            p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            ed++;
        }
        if (!ed)
            return 0;
    }
    return *p == '\0';
}

pc_status ds_parse_long(const char *v, const char *field, long min, long max,
                        long *out, pc_error *err)
{
    char b[64];
    long x;

    if (!plain_number(v, 1))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": %s is not an integer (expected an "
                       "integer from %ld to %ld)",
                       field, shown(v, b, sizeof b), min, max);
    errno = 0;
    x = strtol(v, NULL, 10);
    if (errno == ERANGE || x < min || x > max)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": %s is out of range (expected an "
                       "integer from %ld to %ld)",
                       field, shown(v, b, sizeof b), min, max);
    *out = x;
    return PC_OK;
}

pc_status ds_parse_double(const char *v, const char *field, double min,
                          double max, double *out, pc_error *err)
{
    char b[64], lo[32], hi[32];
    double x;

    pc_fmt_num(lo, sizeof lo, min, 0);
    pc_fmt_num(hi, sizeof hi, max, 0);
    if (!plain_number(v, 0))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": %s is not a number (expected a plain "
                       "decimal from %s to %s)",
                       field, shown(v, b, sizeof b), lo, hi);
    x = strtod(v, NULL);
    if (!isfinite(x) || x < min || x > max)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": %s is out of range (expected a number "
                       "from %s to %s)",
                       field, shown(v, b, sizeof b), lo, hi);
    *out = x;
    return PC_OK;
}

pc_status ds_parse_enum(const char *v, const char *field,
                        const char *const *vals, pc_error *err)
{
    char list[256] = "";
    char b[64];
    size_t used = 0;

    for (size_t i = 0; vals[i]; i++)
        if (!strcmp(v, vals[i]))
            return PC_OK;
    for (size_t i = 0; vals[i] && used < sizeof list - 1; i++) {
        int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                         vals[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return PC_FAIL(err, PC_ERR_INPUT, "field \"%s\": %s (expected one of: %s)",
                   field, shown(v, b, sizeof b), list);
}

pc_status ds_parse_bool(const char *v, const char *field, int *out,
                        pc_error *err)
{
    char b[64];

    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1")) {
        *out = 1;
        return PC_OK;
    }
    if (!*v || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0")) {
        *out = 0;
        return PC_OK;
    }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "field \"%s\": %s (expected true or false)", field,
                   shown(v, b, sizeof b));
}

pc_status ds_parse_date(const char *v, const char *field, pc_error *err)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    char b[64];
    int y, m, d, leap;

    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
        goto bad;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
            goto bad;
    y = atoi(v);
    m = atoi(v + 5);
    d = atoi(v + 8);
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
        (m == 2 && d == 29 && !leap))
        goto bad;
    return PC_OK;
bad:
    return PC_FAIL(err, PC_ERR_INPUT,
                   "field \"%s\": %s (expected a date YYYY-MM-DD)", field,
                   shown(v, b, sizeof b));
}
