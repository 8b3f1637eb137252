/* ds_util.c: arena, index and field parsers for the loaders (see
 * ds_util.h). */
#include "ds_util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ds_arena {
    struct block *head;
};

struct block {
    struct block *next;
    size_t used, size;
    max_align_t data[];
};

#define ARENA_BLOCK (64u * 1024u)

ds_arena *ds_arena_new(void)
{
    return calloc(1, sizeof(ds_arena));
}

void ds_arena_free(ds_arena *a)
{
    struct block *b, *next;

    if (!a)
        return;
    for (b = a->head; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *ds_arena_calloc(ds_arena *a, size_t n, size_t sz)
{
    if (n == 0)
        n = 1;
    if (sz && n > SIZE_MAX / sz)
        return NULL;
    return ds_arena_alloc(a, n * sz);
}

char *ds_arena_printf(ds_arena *a, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ds_arena_strdup(a, buf);
}

void *ds_arena_alloc(ds_arena *a, size_t size)
{
    struct block *b = a->head;
    size_t align = sizeof(max_align_t);
    void *p;

    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    if (!b || b->size - b->used < size) {
        size_t bsize = size > ARENA_BLOCK ? size : ARENA_BLOCK;

        b = malloc(sizeof *b + bsize);
        if (!b)
            return NULL;
        b->used = 0;
        b->size = bsize;
        b->next = a->head;
        a->head = b;
    }
    p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *ds_arena_strdup(ds_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = ds_arena_alloc(a, n);

    if (p)
        memcpy(p, s, n);
    return p;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ULL;
    }
    return h;
}

int ds_index_put(ds_index *ix, const char *key, size_t val, size_t *old)
{
    size_t i;

    if ((ix->count + 1) * 2 > ix->cap) {
        size_t ncap = ix->cap ? ix->cap * 2 : 64;
        const char **nk = calloc(ncap, sizeof *nk);
        size_t *nv = calloc(ncap, sizeof *nv);

        if (!nk || !nv) {
            free(nk);
            free(nv);
            return -1;
        }
        for (i = 0; i < ix->cap; i++) {
            if (ix->keys[i]) {
                size_t j = hash_str(ix->keys[i]) & (ncap - 1);

                while (nk[j])
                    j = (j + 1) & (ncap - 1);
                nk[j] = ix->keys[i];
                nv[j] = ix->vals[i];
            }
        }
        free(ix->keys);
        free(ix->vals);
        ix->keys = nk;
        ix->vals = nv;
        ix->cap = ncap;
    }
    i = hash_str(key) & (ix->cap - 1);
    while (ix->keys[i]) {
        if (!strcmp(ix->keys[i], key)) {
            if (old)
                *old = ix->vals[i];
            return 0;
        }
        i = (i + 1) & (ix->cap - 1);
    }
    ix->keys[i] = key;
    ix->vals[i] = val;
    ix->count++;
    return 1;
}

int ds_index_get(const ds_index *ix, const char *key, size_t *val)
{
    size_t i;

    if (!ix->cap)
        return 0;
    i = hash_str(key) & (ix->cap - 1);
    while (ix->keys[i]) {
        if (!strcmp(ix->keys[i], key)) {
            if (val)
                *val = ix->vals[i];
            return 1;
        }
        i = (i + 1) & (ix->cap - 1);
    }
    return 0;
}

void ds_index_free(ds_index *ix)
{
    free(ix->keys);
    free(ix->vals);
    memset(ix, 0, sizeof *ix);
}

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

/* --- text positions ---------------------------------------------------- */

/* Line and column of byte offset off in buf. */
void ds_line_col(const char *buf, size_t off, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (buf[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* 1 when a JSON text ends inside a string or with brackets still open:
 * the mark of a truncated file, wherever the parser happened to stop. */
int ds_json_unclosed(const char *buf, size_t len)
{
    long depth = 0;
    int in_str = 0;

    for (size_t i = 0; i < len; i++) {
        char c = buf[i];

        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return in_str || depth > 0;
}

const char *ds_json_type(const cJSON *v)
{
    if (!v)
        return "nothing";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsArray(v))
        return "an array";
    return "an object";
}
