/* pc_json.c: the JSON front door and the typed reader (see pc_json.h). */
#include "pc_json.h"

#include "pc_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* 1 when a JSON text ends inside a string or with brackets still open:
 * the mark of a truncated file, wherever the parser happened to stop. */
static int json_unclosed(const char *buf, size_t len)
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

const char *pc_json_type(const cJSON *v)
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

/* The offset of the first \u0000 escape inside a string, or len. */
static size_t find_nul_escape(const char *buf, size_t len)
{
    int in_str = 0;

    for (size_t i = 0; i < len; i++) {
        if (!in_str) {
            in_str = buf[i] == '"';
        } else if (buf[i] == '"') {
            in_str = 0;
        } else if (buf[i] == '\\' && i + 1 < len) {
            if (buf[i + 1] == 'u' && i + 5 < len &&
                !memcmp(buf + i + 2, "0000", 4))
                return i;
            i++;
        }
    }
    return len;
}

static pc_status fail_at(const char *buf, size_t off, pc_error *err,
                         const char *what)
{
    long line, col;

    pc_line_col(buf, off, &line, &col);
    return PC_FAIL(err, PC_ERR_INPUT, "line %ld, column %ld: %s", line, col,
                   what);
}

pc_status pc_json_parse(const char *buf, size_t len, cJSON **out, pc_error *err)
{
    const char *end = NULL;
    cJSON *j;
    size_t off;

    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        buf += 3;
        len -= 3;
    }
    for (off = 0; off < len && is_ws(buf[off]); off++)
        ;
    if (off == len)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "no JSON text (expected a JSON document)");
    if (pc_utf8_check(buf, len, err) != PC_OK)
        return err->code;
    j = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    if (!j) {
        off = end && end >= buf ? (size_t)(end - buf) : 0;
        if (off > len)
            off = len;
        if (off >= len || json_unclosed(buf, len))
            return fail_at(buf, off, err,
                           "JSON ends too early (expected a complete JSON "
                           "document; is the file truncated?)");
        return fail_at(buf, off, err,
                       "not valid JSON (expected a JSON document per RFC "
                       "8259)");
    }
    off = end && end >= buf ? (size_t)(end - buf) : len;
    while (off < len && is_ws(buf[off]))
        off++;
    if (off < len) {
        cJSON_Delete(j);
        return fail_at(buf, off, err,
                       "text after the JSON document (expected the end of "
                       "the text)");
    }
    off = find_nul_escape(buf, len);
    if (off < len) {
        cJSON_Delete(j);
        return fail_at(buf, off, err,
                       "\\u0000 in a string (expected text without NUL "
                       "characters)");
    }
    *out = j;
    return PC_OK;
}

/* --- values in messages ----------------------------------------------- */

const char *pc_json_disp(char *out, size_t n, const char *s)
{
    size_t o = 0, chars = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char tmp[8];
        size_t k;

        if ((*p & 0xC0) != 0x80 && chars++ == PC_JSON_DISP_MAX) {
            if (o + 4 <= n) {
                memcpy(out + o, "...", 3);
                o += 3;
            }
            break;
        }
        if (*p == '"' || *p == '\\')
            snprintf(tmp, sizeof tmp, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7F)
            snprintf(tmp, sizeof tmp, "\\u%04x", *p);
        else
            snprintf(tmp, sizeof tmp, "%c", *p);
        k = strlen(tmp);
        if (o + k + 4 > n)
            break;
        memcpy(out + o, tmp, k);
        o += k;
    }
    out[o] = '\0';
    return out;
}

/* A number for a message: exact when integral, else %.15g. */
static const char *num_text(char *out, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(out, n, "a number too large to represent");
    else if (v == floor(v) && fabs(v) < 1e17)
        snprintf(out, n, "%.0f", v);
    else
        snprintf(out, n, "%.15g", v);
    return out;
}

const char *pc_json_got(char *out, size_t n, const cJSON *v)
{
    char d[PC_JSON_DISP_SZ];

    if (cJSON_IsNumber(v))
        num_text(out, n, v->valuedouble);
    else if (cJSON_IsString(v) && v->valuestring)
        snprintf(out, n, "the string \"%s\"",
                 pc_json_disp(d, sizeof d, v->valuestring));
    else if (cJSON_IsBool(v))
        snprintf(out, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else
        snprintf(out, n, "%s", pc_json_type(v));
    return out;
}

const char *pc_json_list(char *out, size_t n, const char *const *keys,
                         const char *last)
{
    size_t o = 0;

    out[0] = '\0';
    for (size_t i = 0; keys[i] && o < n; i++) {
        const char *sep = i == 0 ? "" : keys[i + 1] ? ", " : last;
        int k = snprintf(out + o, n - o, "%s%s", sep, keys[i]);

        if (k < 0)
            break;
        o += (size_t)k;
    }
    return out;
}

/* --- the typed reader -------------------------------------------------- */

pc_jr pc_jr_root(const cJSON *obj, const char *what, pc_error *err)
{
    pc_jr r = {obj, "", what, err, 0};

    return r;
}

void pc_jr_sub(pc_jr *sub, const pc_jr *parent, const cJSON *obj,
               const char *key, int index)
{
    int n;

    sub->obj = obj;
    sub->what = parent->what;
    sub->err = parent->err;
    sub->utf8 = parent->utf8;
    /* a path too long to fit keeps its last key */
    if (index >= 0)
        n = snprintf(sub->pre, sizeof sub->pre, "%s%s[%d].", parent->pre, key,
                     index);
    else
        n = snprintf(sub->pre, sizeof sub->pre, "%s%s.", parent->pre, key);
    if (n < 0 || (size_t)n >= sizeof sub->pre)
        snprintf(sub->pre, sizeof sub->pre, "%s.", key);
}

pc_status pc_jr_fail(const pc_jr *r, const char *key, const char *fmt, ...)
{
    char msg[768], d[PC_JSON_DISP_SZ];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return PC_FAIL(r->err, PC_ERR_INPUT, "%s%skey \"%s%s\": %s",
                   r->what ? r->what : "", r->what ? ": " : "", r->pre,
                   pc_json_disp(d, sizeof d, key), msg);
}

pc_status pc_jr_bad(const pc_jr *r, const char *key, const char *want,
                    const cJSON *got)
{
    if (!got)
        return pc_jr_fail(r, key, "missing (expected %s)", want);
    return pc_jr_fail(r, key, "expected %s, got %s", want, pc_json_type(got));
}

pc_status pc_jr_bad_value(const pc_jr *r, const char *key, const char *want,
                          const cJSON *got)
{
    char g[PC_JSON_DISP_SZ + 32];

    if (!got)
        return pc_jr_fail(r, key, "missing (expected %s)", want);
    return pc_jr_fail(r, key, "expected %s, got %s", want,
                      pc_json_got(g, sizeof g, got));
}

pc_status pc_jr_keys(const pc_jr *r, const char *const *known)
{
    char list[512], d[PC_JSON_DISP_SZ];
    const cJSON *c;
    const char *dup;

    cJSON_ArrayForEach(c, r->obj)
    {
        int ok = 0;

        for (size_t i = 0; known[i] && !ok; i++)
            ok = !strcmp(c->string, known[i]);
        if (!ok && !r->pre[0])
            return PC_FAIL(r->err, PC_ERR_INPUT,
                           "%s%sunknown key \"%s\" (expected one of %s)",
                           r->what ? r->what : "", r->what ? ": " : "",
                           pc_json_disp(d, sizeof d, c->string),
                           pc_json_list(list, sizeof list, known, ", "));
        if (!ok)
            return pc_jr_fail(r, c->string, "unknown key (expected %s)",
                              pc_json_list(list, sizeof list, known, " or "));
    }
    dup = pc_json_dup_key(r->obj);
    return dup ? pc_jr_fail(r, dup, "given twice") : PC_OK;
}

const char *pc_json_dup_key(const cJSON *obj)
{
    const cJSON *c, *e;

    if (!cJSON_IsObject(obj))
        return NULL;
    /* objects here hold a few dozen keys: pairs are cheaper than a hash */
    cJSON_ArrayForEach(c, obj)
    {
        for (e = obj->child; e != c; e = e->next)
            if (e->string && c->string && !strcmp(e->string, c->string))
                return c->string;
    }
    return NULL;
}

pc_status pc_jr_within(const pc_jr *r, const char *key, const pc_jr_bounds *b,
                       double *out)
{
    const cJSON *v = pc_jr_get(r, key, PC_JR_REQ);
    char g[PC_JSON_DISP_SZ + 32], lo[32], hi[32], upper[64] = "";
    double x = cJSON_IsNumber(v) ? v->valuedouble : NAN;

    if (isfinite(x) && (b->lo_open ? x > b->lo : x >= b->lo) &&
        (b->hi_open ? x < b->hi : x <= b->hi) &&
        (!b->integral || x == floor(x))) {
        *out = x + 0.0; /* no -0 */
        return PC_OK;
    }
    pc_json_got(g, sizeof g, v);
    num_text(lo, sizeof lo, b->lo);
    num_text(hi, sizeof hi, b->hi);
    if (b->integral)
        return pc_jr_fail(r, key, "expected an integer from %s to %s, got %s",
                          lo, hi, g);
    if (!isinf(b->hi))
        snprintf(upper, sizeof upper, " and %s %s",
                 b->hi_open ? "less than" : "at most", hi);
    return pc_jr_fail(r, key, "expected a number %s %s%s, got %s",
                      b->lo_open ? "greater than" : "of at least", lo, upper,
                      g);
}

pc_status pc_jr_elem(pc_jr *sub, const pc_jr *parent, const char *key,
                     int index, const cJSON *e)
{
    char k[96];

    if (!cJSON_IsObject(e)) {
        snprintf(k, sizeof k, "%s[%d]", key, index);
        return pc_jr_bad(parent, k, "an object", e);
    }
    pc_jr_sub(sub, parent, e, key, index);
    return PC_OK;
}

const cJSON *pc_jr_get(const pc_jr *r, const char *key, int opt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->obj, key);

    if (opt != PC_JR_REQ && cJSON_IsNull(v))
        return NULL;
    return v;
}

/* want (the type, for messages) with " or null" when opt lets the value
 * be null, in w; made only when a message needs it. */
static const char *jr_wording(char *w, size_t wn, const char *want, int opt)
{
    if (opt == PC_JR_REQ)
        return want;
    snprintf(w, wn, "%s or null", want);
    return w;
}

/* The value of key in *v, or NULL when opt lets it be null or absent;
 * want (without "or null", which opt adds) names the type for messages. */
static pc_status jr_value(const pc_jr *r, const char *key, int opt,
                          const char *want, const cJSON **v)
{
    const cJSON *got = cJSON_GetObjectItemCaseSensitive(r->obj, key);
    char w[64];

    *v = NULL;
    if (!got)
        return opt == PC_JR_OPT
                   ? PC_OK
                   : pc_jr_bad(r, key, jr_wording(w, sizeof w, want, opt),
                               NULL);
    if (cJSON_IsNull(got) && opt != PC_JR_REQ)
        return PC_OK;
    *v = got;
    return PC_OK;
}

/* A string value v of key (NULL: not a string), checked to be UTF-8 when
 * r asks for that. */
static pc_status jr_string(const pc_jr *r, const char *key, const char *want,
                           const cJSON *v)
{
    if (!cJSON_IsString(v) || !v->valuestring)
        return pc_jr_bad(r, key, want, v);
    if (r->utf8 &&
        pc_utf8_check(v->valuestring, strlen(v->valuestring), r->err) != PC_OK)
        return pc_error_wrap(r->err, "%s%skey \"%s%s\"", r->what ? r->what : "",
                             r->what ? ": " : "", r->pre, key);
    return PC_OK;
}

pc_status pc_jr_str(const pc_jr *r, const char *key, int opt, const char **out)
{
    const cJSON *v;
    pc_status rc = jr_value(r, key, opt, "a string", &v);

    if (rc == PC_OK && v)
        rc = jr_string(r, key,
                       opt == PC_JR_REQ ? "a string" : "a string or null", v);
    if (rc == PC_OK)
        *out = v ? v->valuestring : NULL;
    return rc;
}

/* A finite number at key, or none (*v NULL) when opt allows. */
static pc_status jr_number(const pc_jr *r, const char *key, int opt,
                           const char *want, const cJSON **v)
{
    char w[48];
    pc_status rc = jr_value(r, key, opt, want, v);

    if (rc != PC_OK || !*v)
        return rc;
    if (!cJSON_IsNumber(*v))
        return pc_jr_bad(r, key, jr_wording(w, sizeof w, want, opt), *v);
    if (!isfinite((*v)->valuedouble))
        return pc_jr_bad(r, key, "a finite number", *v);
    return PC_OK;
}

pc_status pc_jr_num(const pc_jr *r, const char *key, int opt, double *out,
                    int *has)
{
    const cJSON *v;
    pc_status rc = jr_number(r, key, opt, "a number", &v);

    if (has)
        *has = 0;
    if (rc != PC_OK || !v)
        return rc;
    *out = v->valuedouble;
    if (has)
        *has = 1;
    return PC_OK;
}

pc_status pc_jr_int(const pc_jr *r, const char *key, int opt, double *out,
                    int *has)
{
    const cJSON *v;
    pc_status rc = jr_number(r, key, opt, "an integer", &v);

    if (has)
        *has = 0;
    if (rc != PC_OK || !v)
        return rc;
    if (v->valuedouble != floor(v->valuedouble) ||
        fabs(v->valuedouble) > 9007199254740992.0)
        return pc_jr_fail(r, key, "expected an integer, got %g",
                          v->valuedouble);
    *out = v->valuedouble;
    if (has)
        *has = 1;
    return PC_OK;
}

pc_status pc_jr_nonneg(const pc_jr *r, const char *key, double *out)
{
    double v = 0;
    pc_status rc = pc_jr_num(r, key, PC_JR_REQ, &v, NULL);

    if (rc != PC_OK)
        return rc;
    if (v < 0)
        return pc_jr_fail(r, key, "expected a number >= 0, got %g", v);
    *out = v;
    return PC_OK;
}

/* A value at key that is() accepts, or none (*out NULL) when opt
 * allows; want names the type for messages. */
static pc_status jr_kind(const pc_jr *r, const char *key, int opt,
                         cJSON_bool (*is)(const cJSON *), const char *want,
                         const cJSON **out)
{
    char w[64];
    const cJSON *v;
    pc_status rc = jr_value(r, key, opt, want, &v);

    if (rc == PC_OK && v && !is(v))
        rc = pc_jr_bad(r, key, jr_wording(w, sizeof w, want, opt), v);
    *out = rc == PC_OK ? v : NULL;
    return rc;
}

pc_status pc_jr_bool(const pc_jr *r, const char *key, int opt, int *out)
{
    const cJSON *v;
    pc_status rc =
        jr_kind(r, key, opt, cJSON_IsBool,
                opt == PC_JR_REQ ? "true or false" : "true, false", &v);

    if (rc == PC_OK)
        *out = cJSON_IsTrue(v);
    return rc;
}

pc_status pc_jr_obj(const pc_jr *r, const char *key, int opt, const cJSON **out)
{
    return jr_kind(r, key, opt, cJSON_IsObject, "an object", out);
}

pc_status pc_jr_arr(const pc_jr *r, const char *key, int opt, int strings,
                    const cJSON **out)
{
    const cJSON *v, *e;
    pc_status rc = jr_kind(r, key, opt, cJSON_IsArray,
                           strings ? "an array of strings" : "an array", &v);
    int i = 0;

    *out = NULL;
    if (rc != PC_OK)
        return rc;
    if (strings) {
        cJSON_ArrayForEach(e, v)
        {
            char sub[96];

            snprintf(sub, sizeof sub, "%s[%d]", key, i++);
            rc = jr_string(r, sub, "a string", e);
            if (rc != PC_OK)
                return rc;
        }
    }
    *out = v;
    return PC_OK;
}
