/* plan_scenario.c: scenario files (plan_scenario.h; the format is in
 * datasets/FORMAT.md, "Scenario files"): parsing and validating the JSON,
 * merging command-line choices over a file's, and the canonical text a run
 * is hashed and recorded with.
 *
 * cJSON accepts an object with a repeated key and keeps both members, so
 * the parser checks every object's keys itself (unknown or repeated) before
 * reading their values. It fills a fresh scenario and hands it to the
 * caller only when the whole text is valid, so a failed parse changes
 * nothing. Messages name the source, the key path ("sites.exclude[2]",
 * counting array elements from 0) and what was expected. */
#include "plan_scenario.h"

#include "ds_csv.h"
#include "ds_util.h"
#include "plan_spatial.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAX   64   /* characters of an id, name or preset */
#define DESC_MAX 1000 /* characters of a description */
#define DISP_MAX 48   /* characters of a user's string quoted in a message */
#define DISP_SZ  320  /* DISP_MAX escaped (at most 6 bytes each), "...", NUL */
#define SEED_MAX 9007199254740991.0 /* 2^53 - 1: every integer is exact */

/* The years schemes.start accepts. */
#define START_MIN 1990
#define START_MAX 2100

/* --- small helpers ------------------------------------------------------ */

static pc_status nomem(pc_error *err)
{
    return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    if (p)
        memcpy(p, s, n);
    return p;
}

/* Characters (UTF-8 code points) in s. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* s made safe to quote in a message: JSON escapes for quotes, backslashes
 * and control characters, cut after DISP_MAX characters with "...". */
static const char *disp(char *out, size_t n, const char *s)
{
    size_t o = 0, chars = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char tmp[8];
        size_t k;

        if ((*p & 0xC0) != 0x80 && chars++ == DISP_MAX) {
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

/* What a JSON value is, for "got ..." in a message. */
static const char *got(char *out, size_t n, const cJSON *v)
{
    char d[DISP_SZ];

    if (!v)
        snprintf(out, n, "nothing");
    else if (cJSON_IsNumber(v))
        num_text(out, n, v->valuedouble);
    else if (cJSON_IsString(v) && v->valuestring)
        snprintf(out, n, "the string \"%s\"",
                 disp(d, sizeof d, v->valuestring));
    else if (cJSON_IsNull(v))
        snprintf(out, n, "null");
    else if (cJSON_IsBool(v))
        snprintf(out, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsArray(v))
        snprintf(out, n, "an array");
    else
        snprintf(out, n, "an object");
    return out;
}

static pc_status bad_key(pc_error *err, const char *path, const char *fmt, ...)
    PC_PRINTF(3, 4);

/* PC_ERR_INPUT: key "<path>": <message>. */
static pc_status bad_key(pc_error *err, const char *path, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return PC_FAIL(err, PC_ERR_INPUT, "key \"%s\": %s", path, msg);
}

/* "a, b or c" (or "a, b, c" when last is ", "), from a NULL-terminated
 * list. */
static const char *join(char *out, size_t n, const char *const *keys,
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

static void path_join(char *out, size_t n, const char *parent, const char *key)
{
    char d[DISP_SZ];

    disp(d, sizeof d, key);
    if (parent)
        snprintf(out, n, "%s.%s", parent, d);
    else
        snprintf(out, n, "%s", d);
}

/* --- method names ------------------------------------------------------- */

static const char *const demand_names[] = {"gp_fte", "activity", "ratio",
                                           "space", NULL};
static const char *const growth_names[] = {"housing", "trend", "max", NULL};

const char *plan_demand_name(plan_demand d)
{
    return d >= PLAN_DEMAND_GP_FTE && d <= PLAN_DEMAND_SPACE ? demand_names[d]
                                                             : "?";
}

const char *plan_growth_name(plan_growth g)
{
    return g >= PLAN_GROWTH_HOUSING && g <= PLAN_GROWTH_MAX ? growth_names[g]
                                                            : "?";
}

pc_status plan_demand_parse(const char *s, plan_demand *out, pc_error *err)
{
    char d[DISP_SZ];

    for (int i = 0; s && demand_names[i]; i++)
        if (!strcmp(s, demand_names[i])) {
            *out = (plan_demand)i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "unknown method \"%s\" (expected gp_fte, activity, ratio "
                   "or space)",
                   disp(d, sizeof d, s ? s : ""));
}

pc_status plan_growth_parse(const char *s, plan_growth *out, pc_error *err)
{
    char d[DISP_SZ];

    for (int i = 0; s && growth_names[i]; i++)
        if (!strcmp(s, growth_names[i])) {
            *out = (plan_growth)i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "unknown growth method \"%s\" (expected housing, trend or "
                   "max)",
                   disp(d, sizeof d, s ? s : ""));
}

/* The allocation names are plan_spatial's; a scenario keeps the name. */
static const char *allocation_name(const char *s)
{
    for (int i = 0; i < PLAN_NMETHODS; i++)
        if (!strcmp(s, plan_method_name((plan_method)i)))
            return plan_method_name((plan_method)i);
    return NULL;
}

/* --- new, free ---------------------------------------------------------- */

static void ids_free(plan_ids *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

plan_scenario *plan_scenario_new(void)
{
    plan_scenario *s = calloc(1, sizeof *s);

    if (!s)
        return NULL;
    s->demand = PLAN_DEMAND_UNSET;
    s->growth = PLAN_GROWTH_UNSET;
    s->delivery_factor = NAN;
    s->slippage_years = INT_MIN;
    s->carry_forward = -1;
    s->icb_budget_factor = NAN;
    s->rent_limit_gbp = NAN;
    s->s106_requested = -1;
    s->time_limit_s = NAN;
    s->mip_gap = NAN;
    return s;
}

void plan_scenario_free(plan_scenario *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->description);
    free(s->preset);
    free(s->allocation);
    for (size_t i = 0; i < s->noverrides; i++)
        free(s->override_ids[i]);
    free(s->override_ids);
    free(s->override_values);
    ids_free(&s->sites_exclude);
    ids_free(&s->sites_only);
    ids_free(&s->planning_status);
    ids_free(&s->schemes_include);
    ids_free(&s->schemes_exclude);
    for (size_t i = 0; i < s->nstarts; i++)
        free(s->start_ids[i]);
    free(s->start_ids);
    free(s->start_years);
    free(s);
}

/* --- the JSON text ------------------------------------------------------ */

static int is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Offset of the first \u0000 escape inside a string of a valid JSON text,
 * or len: cJSON would cut the string there without a word. */
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

/* Parses the text into a cJSON tree (cJSON_Delete). */
static pc_status parse_json(const char *buf, size_t len, cJSON **out,
                            pc_error *err)
{
    const char *end = NULL;
    cJSON *j = NULL;
    long line, col;
    size_t off;

    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        buf += 3;
        len -= 3;
    }
    for (off = 0; off < len && is_ws(buf[off]); off++)
        ;
    if (off == len)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "no JSON text (expected a JSON object at the top "
                       "level)");
    if (ds_utf8_check(buf, len, err) != PC_OK)
        return err->code;
    j = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    if (!j) {
        off = end && end >= buf ? (size_t)(end - buf) : 0;
        if (off > len)
            off = len;
        ds_line_col(buf, off, &line, &col);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "not valid JSON at line %ld, column %ld%s", line, col,
                       off >= len || ds_json_unclosed(buf, len)
                           ? " (the text ends early: is the file truncated?)"
                           : "");
    }
    off = end && end >= buf ? (size_t)(end - buf) : len;
    while (off < len && is_ws(buf[off]))
        off++;
    if (off < len) {
        ds_line_col(buf, off, &line, &col);
        cJSON_Delete(j);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "not valid JSON at line %ld, column %ld (text after "
                       "the end of the JSON value)",
                       line, col);
    }
    off = find_nul_escape(buf, len);
    if (off < len) {
        ds_line_col(buf, off, &line, &col);
        cJSON_Delete(j);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "line %ld, column %ld: \\u0000 in a string (expected "
                       "text without NUL characters)",
                       line, col);
    }
    *out = j;
    return PC_OK;
}

/* --- values ------------------------------------------------------------- */

/* Checks that v is an object whose keys are all in keys[] (NULL-
 * terminated) and none given twice. parent is the object's own key path,
 * NULL for the top level. */
static pc_status check_object(const cJSON *v, const char *parent,
                              const char *const *keys, pc_error *err)
{
    char path[DISP_SZ + 64], list[512], g[DISP_SZ + 32], d[DISP_SZ];
    const cJSON *c, *e;

    if (!cJSON_IsObject(v)) {
        if (!parent)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "expected a JSON object at the top level, got %s",
                           got(g, sizeof g, v));
        return bad_key(
            err, parent, "expected an object with the keys %s, got %s",
            join(list, sizeof list, keys, " and/or "), got(g, sizeof g, v));
    }
    cJSON_ArrayForEach(c, v)
    {
        int known = 0;

        for (size_t i = 0; keys[i] && !known; i++)
            known = !strcmp(c->string, keys[i]);
        path_join(path, sizeof path, parent, c->string);
        if (!known && !parent)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "unknown key \"%s\" (expected one of %s)",
                           disp(d, sizeof d, c->string),
                           join(list, sizeof list, keys, ", "));
        if (!known)
            return bad_key(err, path, "unknown key (expected %s)",
                           join(list, sizeof list, keys, " or "));
        for (e = v->child; e != c; e = e->next)
            if (!strcmp(e->string, c->string))
                return bad_key(err, path, "given twice");
    }
    return PC_OK;
}

/* An integral number from min to max. */
static pc_status get_int(const cJSON *v, const char *path, double min,
                         double max, double *out, pc_error *err)
{
    char g[DISP_SZ + 32], lo[32], hi[32];
    double x;

    if (!cJSON_IsNumber(v))
        goto bad;
    x = v->valuedouble;
    if (!isfinite(x) || x != floor(x) || x < min || x > max)
        goto bad;
    *out = x + 0.0; /* no -0 */
    return PC_OK;

bad:
    return bad_key(err, path, "expected an integer from %s to %s, got %s",
                   num_text(lo, sizeof lo, min), num_text(hi, sizeof hi, max),
                   got(g, sizeof g, v));
}

/* A finite number from lo to hi; lo_open and hi_open leave out the bound
 * ("greater than 0", "less than 1"). */
static pc_status get_number(const cJSON *v, const char *path, double lo,
                            int lo_open, double hi, int hi_open, double *out,
                            pc_error *err)
{
    char g[DISP_SZ + 32], a[32], b[32];
    double x;

    if (cJSON_IsNumber(v)) {
        x = v->valuedouble;
        if (isfinite(x) && (lo_open ? x > lo : x >= lo) &&
            (hi_open ? x < hi : x <= hi)) {
            *out = x + 0.0; /* no -0 */
            return PC_OK;
        }
    }
    return bad_key(err, path, "expected a number %s %s and %s %s, got %s",
                   lo_open ? "greater than" : "of at least",
                   num_text(a, sizeof a, lo), hi_open ? "less than" : "at most",
                   num_text(b, sizeof b, hi), got(g, sizeof g, v));
}

/* JSON true or false, as 1 or 0. */
static pc_status get_bool(const cJSON *v, const char *path, int *out,
                          pc_error *err)
{
    char g[DISP_SZ + 32];

    if (!cJSON_IsBool(v))
        return bad_key(err, path, "expected true or false, got %s",
                       got(g, sizeof g, v));
    *out = cJSON_IsTrue(v) ? 1 : 0;
    return PC_OK;
}

static pc_status get_string(const cJSON *v, const char *path,
                            const char *expected, const char **out,
                            pc_error *err)
{
    char g[DISP_SZ + 32];

    if (!cJSON_IsString(v) || !v->valuestring)
        return bad_key(err, path, "expected %s, got %s", expected,
                       got(g, sizeof g, v));
    *out = v->valuestring;
    return PC_OK;
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > ID_MAX)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static int valid_assumption_id(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > ID_MAX)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

/* A string from a fixed list, kept as a copy in *out. */
static pc_status get_text(const cJSON *v, const char *path,
                          const char *expected, char **out, pc_error *err)
{
    const char *s = NULL;

    if (get_string(v, path, expected, &s, err) != PC_OK)
        return err->code;
    *out = dupstr(s);
    return *out ? PC_OK : nomem(err);
}

/* A list of ids: an array of distinct non-empty strings of at most ID_MAX
 * characters. noun names one ("site id"), nouns several. */
static pc_status get_ids(const cJSON *v, const char *path, const char *noun,
                         const char *nouns, plan_ids *out, pc_error *err)
{
    char epath[DISP_SZ + 96], g[DISP_SZ + 32], d[DISP_SZ];
    pc_status rc = PC_OK;
    ds_index ix = {0};
    plan_ids l = {NULL, 0, 1};
    const cJSON *e;
    size_t n = 0;

    if (!cJSON_IsArray(v))
        return bad_key(err, path, "expected an array of %s, got %s", nouns,
                       got(g, sizeof g, v));
    cJSON_ArrayForEach(e, v) n++;
    l.v = calloc(n ? n : 1, sizeof *l.v);
    if (!l.v)
        return nomem(err);
    cJSON_ArrayForEach(e, v)
    {
        size_t old = 0;
        int put;

        snprintf(epath, sizeof epath, "%s[%zu]", path, l.n);
        if (!cJSON_IsString(e) || !e->valuestring || !e->valuestring[0] ||
            utf8_chars(e->valuestring) > ID_MAX) {
            rc = bad_key(err, epath,
                         "expected a %s (a non-empty string of at most %d "
                         "characters), got %s",
                         noun, ID_MAX,
                         cJSON_IsString(e) && e->valuestring &&
                                 !e->valuestring[0]
                             ? "an empty string"
                             : got(g, sizeof g, e));
            goto cleanup;
        }
        l.v[l.n] = dupstr(e->valuestring);
        if (!l.v[l.n]) {
            rc = nomem(err);
            goto cleanup;
        }
        l.n++;
        put = ds_index_put(&ix, l.v[l.n - 1], l.n - 1, &old);
        if (put < 0) {
            rc = nomem(err);
            goto cleanup;
        }
        if (put == 0) {
            rc =
                bad_key(err, epath,
                        "%s \"%s\" given twice (also at %s[%zu]; expected "
                        "each %s once)",
                        noun, disp(d, sizeof d, l.v[l.n - 1]), path, old, noun);
            goto cleanup;
        }
    }
    *out = l;
    l = (plan_ids){NULL, 0, 0};

cleanup:
    ids_free(&l);
    ds_index_free(&ix);
    return rc;
}

/* An id in both lists a and b of the object at path is an error. */
static pc_status check_disjoint(const plan_ids *a, const char *aname,
                                const plan_ids *b, const char *bname,
                                const char *path, const char *noun,
                                pc_error *err)
{
    char d[DISP_SZ];
    ds_index ix = {0};
    pc_status rc = PC_OK;

    for (size_t i = 0; i < b->n; i++)
        if (ds_index_put(&ix, b->v[i], i, NULL) < 0) {
            rc = nomem(err);
            goto cleanup;
        }
    for (size_t i = 0; i < a->n; i++) {
        size_t j;

        if (ds_index_get(&ix, a->v[i], &j)) {
            rc = bad_key(err, path,
                         "%s \"%s\" is in both %s and %s (expected each %s "
                         "in at most one of them)",
                         noun, disp(d, sizeof d, a->v[i]), aname, bname, noun);
            goto cleanup;
        }
    }

cleanup:
    ds_index_free(&ix);
    return rc;
}

static pc_status get_delivery(const cJSON *v, plan_scenario *s, pc_error *err)
{
    static const char *const keys[] = {"factor", "slippage_years", NULL};
    const cJSON *f, *sl;
    double x;

    if (check_object(v, "delivery", keys, err) != PC_OK)
        return err->code;
    f = cJSON_GetObjectItemCaseSensitive(v, "factor");
    sl = cJSON_GetObjectItemCaseSensitive(v, "slippage_years");
    if (f && get_number(f, "delivery.factor", 0, 1, 5, 0, &s->delivery_factor,
                        err) != PC_OK)
        return err->code;
    if (sl) {
        if (get_int(sl, "delivery.slippage_years", -10, 20, &x, err) != PC_OK)
            return err->code;
        s->slippage_years = (int)x;
        s->slippage_set = 1;
    }
    return PC_OK;
}

static pc_status get_assumptions(const cJSON *v, plan_scenario *s,
                                 pc_error *err)
{
    char path[DISP_SZ + 64], g[DISP_SZ + 32];
    pc_status rc = PC_OK;
    ds_index ix = {0};
    const cJSON *c;
    size_t n = 0;

    if (!cJSON_IsObject(v))
        return bad_key(err, "assumptions",
                       "expected an object mapping assumption ids to "
                       "numbers, got %s",
                       got(g, sizeof g, v));
    cJSON_ArrayForEach(c, v) n++;
    s->override_ids = calloc(n ? n : 1, sizeof *s->override_ids);
    s->override_values = calloc(n ? n : 1, sizeof *s->override_values);
    if (!s->override_ids || !s->override_values)
        return nomem(err);
    cJSON_ArrayForEach(c, v)
    {
        int put;

        path_join(path, sizeof path, "assumptions", c->string);
        if (!valid_assumption_id(c->string)) {
            rc = bad_key(err, path,
                         "expected an assumption id (1 to %d lower-case "
                         "letters, digits and _)",
                         ID_MAX);
            goto cleanup;
        }
        put = ds_index_put(&ix, c->string, 0, NULL);
        if (put < 0) {
            rc = nomem(err);
            goto cleanup;
        }
        if (put == 0) {
            rc = bad_key(err, path, "given twice");
            goto cleanup;
        }
        if (!cJSON_IsNumber(c) || !isfinite(c->valuedouble) ||
            !(c->valuedouble >= 0)) {
            rc = bad_key(err, path, "expected a number of at least 0, got %s",
                         got(g, sizeof g, c));
            goto cleanup;
        }
        s->override_ids[s->noverrides] = dupstr(c->string);
        if (!s->override_ids[s->noverrides]) {
            rc = nomem(err);
            goto cleanup;
        }
        s->override_values[s->noverrides++] = c->valuedouble + 0.0;
    }

cleanup:
    ds_index_free(&ix);
    return rc;
}

static pc_status get_sites(const cJSON *v, plan_scenario *s, pc_error *err)
{
    static const char *const keys[] = {"exclude", "only", "planning_status",
                                       NULL};
    const cJSON *e;

    if (check_object(v, "sites", keys, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "exclude");
    if (e && get_ids(e, "sites.exclude", "site id", "site ids",
                     &s->sites_exclude, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "only");
    if (e && get_ids(e, "sites.only", "site id", "site ids", &s->sites_only,
                     err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "planning_status");
    if (e && get_ids(e, "sites.planning_status", "planning status",
                     "planning statuses", &s->planning_status, err) != PC_OK)
        return err->code;
    return check_disjoint(&s->sites_only, "only", &s->sites_exclude, "exclude",
                          "sites", "site id", err);
}

/* schemes.start: an object mapping scheme ids to start years. */
static pc_status get_starts(const cJSON *v, plan_scenario *s, pc_error *err)
{
    char path[DISP_SZ + 64], g[DISP_SZ + 32];
    pc_status rc = PC_OK;
    ds_index ix = {0};
    const cJSON *c;
    size_t n = 0;
    double x;

    if (!cJSON_IsObject(v))
        return bad_key(err, "schemes.start",
                       "expected an object mapping scheme ids to start "
                       "years, got %s",
                       got(g, sizeof g, v));
    cJSON_ArrayForEach(c, v) n++;
    s->start_ids = calloc(n ? n : 1, sizeof *s->start_ids);
    s->start_years = calloc(n ? n : 1, sizeof *s->start_years);
    if (!s->start_ids || !s->start_years)
        return nomem(err);
    cJSON_ArrayForEach(c, v)
    {
        int put;

        path_join(path, sizeof path, "schemes.start", c->string);
        if (!c->string[0] || utf8_chars(c->string) > ID_MAX) {
            rc = bad_key(err, path,
                         "expected a scheme id (a non-empty string of at "
                         "most %d characters) as the key",
                         ID_MAX);
            goto cleanup;
        }
        put = ds_index_put(&ix, c->string, 0, NULL);
        if (put < 0) {
            rc = nomem(err);
            goto cleanup;
        }
        if (put == 0) {
            rc = bad_key(err, path, "given twice");
            goto cleanup;
        }
        if (get_int(c, path, START_MIN, START_MAX, &x, err) != PC_OK) {
            rc = err->code;
            goto cleanup;
        }
        s->start_ids[s->nstarts] = dupstr(c->string);
        if (!s->start_ids[s->nstarts]) {
            rc = nomem(err);
            goto cleanup;
        }
        s->start_years[s->nstarts++] = (int)x;
    }

cleanup:
    ds_index_free(&ix);
    return rc;
}

static pc_status get_schemes(const cJSON *v, plan_scenario *s, pc_error *err)
{
    static const char *const keys[] = {"include", "exclude", "start", NULL};
    const cJSON *e;

    if (check_object(v, "schemes", keys, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "include");
    if (e && get_ids(e, "schemes.include", "scheme id", "scheme ids",
                     &s->schemes_include, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "exclude");
    if (e && get_ids(e, "schemes.exclude", "scheme id", "scheme ids",
                     &s->schemes_exclude, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "start");
    if (e && get_starts(e, s, err) != PC_OK)
        return err->code;
    return check_disjoint(&s->schemes_include, "include", &s->schemes_exclude,
                          "exclude", "schemes", "scheme id", err);
}

static pc_status get_capital(const cJSON *v, plan_scenario *s, pc_error *err)
{
    static const char *const keys[] = {"carry_forward",
                                       "icb_budget_factor",
                                       "rent_limit_gbp",
                                       "s106_requested",
                                       "time_limit_s",
                                       "mip_gap",
                                       NULL};
    const cJSON *e;

    if (check_object(v, "capital", keys, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "carry_forward");
    if (e &&
        get_bool(e, "capital.carry_forward", &s->carry_forward, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "icb_budget_factor");
    if (e && get_number(e, "capital.icb_budget_factor", 0, 1, 10, 0,
                        &s->icb_budget_factor, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "rent_limit_gbp");
    if (e && get_number(e, "capital.rent_limit_gbp", 0, 0, 1e10, 0,
                        &s->rent_limit_gbp, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "s106_requested");
    if (e &&
        get_bool(e, "capital.s106_requested", &s->s106_requested, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "time_limit_s");
    if (e && get_number(e, "capital.time_limit_s", 0, 1, 3600, 0,
                        &s->time_limit_s, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "mip_gap");
    if (e &&
        get_number(e, "capital.mip_gap", 0, 0, 1, 1, &s->mip_gap, err) != PC_OK)
        return err->code;
    return PC_OK;
}

static pc_status get_monte_carlo(const cJSON *v, plan_scenario *s,
                                 pc_error *err)
{
    static const char *const keys[] = {"draws", "seed", NULL};
    const cJSON *e;
    double x;

    if (check_object(v, "monte_carlo", keys, err) != PC_OK)
        return err->code;
    e = cJSON_GetObjectItemCaseSensitive(v, "draws");
    if (e) {
        if (get_int(e, "monte_carlo.draws", 1, 100000, &x, err) != PC_OK)
            return err->code;
        s->draws = (int)x;
    }
    e = cJSON_GetObjectItemCaseSensitive(v, "seed");
    if (e) {
        if (get_int(e, "monte_carlo.seed", 0, SEED_MAX, &x, err) != PC_OK)
            return err->code;
        s->seed = (uint64_t)x;
        s->seed_set = 1;
    }
    return PC_OK;
}

static const char *const top_keys[] = {
    "format", "name",       "description", "preset",      "method",
    "growth", "allocation", "years",       "delivery",    "assumptions",
    "sites",  "schemes",    "capital",     "monte_carlo", NULL};

static pc_status get_scenario(const cJSON *root, plan_scenario *s,
                              pc_error *err)
{
    char g[DISP_SZ + 32], d[DISP_SZ];
    const cJSON *v;
    const char *str = NULL;
    double x;

    if (check_object(root, NULL, top_keys, err) != PC_OK)
        return err->code;

    v = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (v && (!cJSON_IsString(v) || !v->valuestring ||
              strcmp(v->valuestring, PLAN_SCENARIO_FORMAT)))
        return bad_key(err, "format", "expected \"%s\", got %s",
                       PLAN_SCENARIO_FORMAT, got(g, sizeof g, v));

    v = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (v) {
        if (!cJSON_IsString(v) || !v->valuestring ||
            !valid_name(v->valuestring))
            return bad_key(err, "name",
                           "expected a name of 1 to %d characters from A-Z, "
                           "a-z, 0-9, '.', '_' and '-', got %s",
                           ID_MAX, got(g, sizeof g, v));
        if (get_text(v, "name", "a name", &s->name, err) != PC_OK)
            return err->code;
    }

    v = cJSON_GetObjectItemCaseSensitive(root, "description");
    if (v) {
        if (get_string(v, "description", "a string", &str, err) != PC_OK)
            return err->code;
        if (utf8_chars(str) > DESC_MAX)
            return bad_key(err, "description",
                           "expected at most %d characters, got %zu", DESC_MAX,
                           utf8_chars(str));
        if (get_text(v, "description", "a string", &s->description, err) !=
            PC_OK)
            return err->code;
    }

    v = cJSON_GetObjectItemCaseSensitive(root, "preset");
    if (v) {
        if (!cJSON_IsString(v) || !v->valuestring || !v->valuestring[0] ||
            utf8_chars(v->valuestring) > ID_MAX)
            return bad_key(err, "preset",
                           "expected a preset name (a non-empty string of at "
                           "most %d characters), got %s",
                           ID_MAX,
                           cJSON_IsString(v) && v->valuestring &&
                                   !v->valuestring[0]
                               ? "an empty string"
                               : got(g, sizeof g, v));
        if (get_text(v, "preset", "a string", &s->preset, err) != PC_OK)
            return err->code;
    }

    v = cJSON_GetObjectItemCaseSensitive(root, "method");
    if (v) {
        if (get_string(v, "method",
                       "a string (gp_fte, activity, ratio or space)", &str,
                       err) != PC_OK)
            return err->code;
        if (plan_demand_parse(str, &s->demand, err) != PC_OK)
            return pc_error_wrap(err, "key \"method\"");
    }

    v = cJSON_GetObjectItemCaseSensitive(root, "growth");
    if (v) {
        if (get_string(v, "growth", "a string (housing, trend or max)", &str,
                       err) != PC_OK)
            return err->code;
        if (plan_growth_parse(str, &s->growth, err) != PC_OK)
            return pc_error_wrap(err, "key \"growth\"");
    }

    v = cJSON_GetObjectItemCaseSensitive(root, "allocation");
    if (v) {
        const char *name;

        if (get_string(v, "allocation", "a string (huff, nearest or catchment)",
                       &str, err) != PC_OK)
            return err->code;
        name = allocation_name(str);
        if (!name)
            return bad_key(err, "allocation",
                           "unknown allocation method \"%s\" (expected huff, "
                           "nearest or catchment)",
                           disp(d, sizeof d, str));
        s->allocation = dupstr(name);
        if (!s->allocation)
            return nomem(err);
    }

    v = cJSON_GetObjectItemCaseSensitive(root, "years");
    if (v) {
        if (get_int(v, "years", 1, 50, &x, err) != PC_OK)
            return err->code;
        s->years = (int)x;
    }

    v = cJSON_GetObjectItemCaseSensitive(root, "delivery");
    if (v && get_delivery(v, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "assumptions");
    if (v && get_assumptions(v, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "sites");
    if (v && get_sites(v, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "schemes");
    if (v && get_schemes(v, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "capital");
    if (v && get_capital(v, s, err) != PC_OK)
        return err->code;
    v = cJSON_GetObjectItemCaseSensitive(root, "monte_carlo");
    if (v && get_monte_carlo(v, s, err) != PC_OK)
        return err->code;
    return PC_OK;
}

pc_status plan_scenario_parse(const char *json, size_t len, const char *what,
                              plan_scenario **out, pc_error *err)
{
    pc_status rc = PC_OK;
    cJSON *root = NULL;
    plan_scenario *s = NULL;

    rc = parse_json(json ? json : "", json ? len : 0, &root, err);
    if (rc != PC_OK)
        goto cleanup;
    s = plan_scenario_new();
    if (!s) {
        rc = nomem(err);
        goto cleanup;
    }
    rc = get_scenario(root, s, err);
    if (rc != PC_OK)
        goto cleanup;
    *out = s;
    s = NULL;

cleanup:
    if (rc != PC_OK && rc != PC_ERR_NOMEM) {
        if (what)
            pc_error_wrap(err, "scenario %s", what);
        else
            pc_error_wrap(err, "scenario");
    }
    plan_scenario_free(s);
    cJSON_Delete(root);
    return rc;
}

pc_status plan_scenario_load(const char *path, plan_scenario **out,
                             pc_error *err)
{
    pc_status rc = PC_OK;
    FILE *f = NULL;
    char *buf = NULL;
    size_t len = 0;

    f = fopen(path, "rb");
    if (!f) {
        rc = PC_FAIL(err, PC_ERR_IO, "scenario %s: cannot open: %s", path,
                     strerror(errno));
        goto cleanup;
    }
    /* one byte more than allowed tells a file at the limit from a bigger
     * one */
    buf = malloc(PLAN_SCENARIO_MAX_BYTES + 1);
    if (!buf) {
        rc = nomem(err);
        goto cleanup;
    }
    len = fread(buf, 1, PLAN_SCENARIO_MAX_BYTES + 1, f);
    if (ferror(f)) {
        rc = PC_FAIL(err, PC_ERR_IO, "scenario %s: cannot read: %s", path,
                     strerror(errno));
        goto cleanup;
    }
    if (len > PLAN_SCENARIO_MAX_BYTES) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "scenario %s: file is larger than 1 MiB (expected a "
                     "scenario file of at most %d bytes)",
                     path, PLAN_SCENARIO_MAX_BYTES);
        goto cleanup;
    }
    rc = plan_scenario_parse(buf, len, path, out, err);

cleanup:
    free(buf);
    if (f)
        fclose(f);
    return rc;
}

/* --- merge -------------------------------------------------------------- */

static pc_status copy_str(const char *src, char **dst, pc_error *err)
{
    *dst = NULL;
    if (!src)
        return PC_OK;
    *dst = dupstr(src);
    return *dst ? PC_OK : nomem(err);
}

static pc_status copy_ids(const plan_ids *src, plan_ids *dst, pc_error *err)
{
    plan_ids l = {NULL, 0, 1};

    l.v = calloc(src->n ? src->n : 1, sizeof *l.v);
    if (!l.v)
        return nomem(err);
    for (; l.n < src->n; l.n++) {
        l.v[l.n] = dupstr(src->v[l.n]);
        if (!l.v[l.n]) {
            ids_free(&l);
            return nomem(err);
        }
    }
    *dst = l;
    return PC_OK;
}

/* The list fields of a scenario, in one order for merging. */
static plan_ids *list_field(plan_scenario *s, int i)
{
    plan_ids *f[] = {&s->sites_exclude, &s->sites_only, &s->planning_status,
                     &s->schemes_include, &s->schemes_exclude};

    return f[i];
}

#define NLISTS 5

pc_status plan_scenario_merge(plan_scenario *s, const plan_scenario *over,
                              pc_error *err)
{
    pc_status rc = PC_OK;
    char *name = NULL, *desc = NULL, *preset = NULL, *alloc = NULL;
    plan_ids lists[NLISTS] = {{NULL, 0, 0}};
    char **ids = NULL, **sids = NULL;
    double *vals = NULL;
    int *years = NULL;
    size_t nids = 0, nold = s->noverrides, nsids = 0, nsold = s->nstarts;
    ds_index ix = {0}, six = {0};

    /* Build every new piece first, so that running out of memory leaves s
     * as it was; s and over may be the same scenario. */
    if (copy_str(over->name, &name, err) != PC_OK ||
        copy_str(over->description, &desc, err) != PC_OK ||
        copy_str(over->preset, &preset, err) != PC_OK ||
        copy_str(over->allocation, &alloc, err) != PC_OK) {
        rc = err->code;
        goto cleanup;
    }
    for (int i = 0; i < NLISTS; i++) {
        const plan_ids *src = list_field((plan_scenario *)over, i);

        if (src->set && copy_ids(src, &lists[i], err) != PC_OK) {
            rc = err->code;
            goto cleanup;
        }
    }
    if (over->noverrides) {
        size_t cap = nold + over->noverrides;

        ids = calloc(cap, sizeof *ids);
        vals = calloc(cap, sizeof *vals);
        if (!ids || !vals) {
            rc = nomem(err);
            goto cleanup;
        }
        for (; nids < nold; nids++) {
            ids[nids] = s->override_ids[nids];
            vals[nids] = s->override_values[nids];
            if (ds_index_put(&ix, ids[nids], nids, NULL) < 0) {
                rc = nomem(err);
                goto cleanup;
            }
        }
        for (size_t i = 0; i < over->noverrides; i++) {
            size_t at;

            if (ds_index_get(&ix, over->override_ids[i], &at)) {
                vals[at] = over->override_values[i];
                continue;
            }
            ids[nids] = dupstr(over->override_ids[i]);
            if (!ids[nids]) {
                rc = nomem(err);
                goto cleanup;
            }
            vals[nids] = over->override_values[i];
            nids++;
            if (ds_index_put(&ix, ids[nids - 1], nids - 1, NULL) < 0) {
                rc = nomem(err);
                goto cleanup;
            }
        }
    }
    if (over->nstarts) { /* as the overrides: by id */
        size_t cap = nsold + over->nstarts;

        sids = calloc(cap, sizeof *sids);
        years = calloc(cap, sizeof *years);
        if (!sids || !years) {
            rc = nomem(err);
            goto cleanup;
        }
        for (; nsids < nsold; nsids++) {
            sids[nsids] = s->start_ids[nsids];
            years[nsids] = s->start_years[nsids];
            if (ds_index_put(&six, sids[nsids], nsids, NULL) < 0) {
                rc = nomem(err);
                goto cleanup;
            }
        }
        for (size_t i = 0; i < over->nstarts; i++) {
            size_t at;

            if (ds_index_get(&six, over->start_ids[i], &at)) {
                years[at] = over->start_years[i];
                continue;
            }
            sids[nsids] = dupstr(over->start_ids[i]);
            if (!sids[nsids]) {
                rc = nomem(err);
                goto cleanup;
            }
            years[nsids] = over->start_years[i];
            nsids++;
            if (ds_index_put(&six, sids[nsids - 1], nsids - 1, NULL) < 0) {
                rc = nomem(err);
                goto cleanup;
            }
        }
    }

    /* Nothing below can fail. */
    if (name) {
        free(s->name);
        s->name = name;
        name = NULL;
    }
    if (desc) {
        free(s->description);
        s->description = desc;
        desc = NULL;
    }
    if (preset) {
        free(s->preset);
        s->preset = preset;
        preset = NULL;
    }
    if (alloc) {
        free(s->allocation);
        s->allocation = alloc;
        alloc = NULL;
    }
    if (over->demand != PLAN_DEMAND_UNSET)
        s->demand = over->demand;
    if (over->growth != PLAN_GROWTH_UNSET)
        s->growth = over->growth;
    if (over->years != 0)
        s->years = over->years;
    if (!isnan(over->delivery_factor))
        s->delivery_factor = over->delivery_factor;
    if (over->slippage_set) {
        s->slippage_years = over->slippage_years;
        s->slippage_set = 1;
    }
    for (int i = 0; i < NLISTS; i++)
        if (lists[i].set) {
            ids_free(list_field(s, i));
            *list_field(s, i) = lists[i];
            lists[i] = (plan_ids){NULL, 0, 0};
        }
    if (ids) {
        /* the first nold ids moved into the new array */
        free(s->override_ids);
        free(s->override_values);
        s->override_ids = ids;
        s->override_values = vals;
        s->noverrides = nids;
        ids = NULL;
        vals = NULL;
    }
    if (sids) {
        /* the first nsold ids moved into the new array */
        free(s->start_ids);
        free(s->start_years);
        s->start_ids = sids;
        s->start_years = years;
        s->nstarts = nsids;
        sids = NULL;
        years = NULL;
    }
    if (over->carry_forward != -1)
        s->carry_forward = over->carry_forward;
    if (!isnan(over->icb_budget_factor))
        s->icb_budget_factor = over->icb_budget_factor;
    if (!isnan(over->rent_limit_gbp))
        s->rent_limit_gbp = over->rent_limit_gbp;
    if (over->s106_requested != -1)
        s->s106_requested = over->s106_requested;
    if (!isnan(over->time_limit_s))
        s->time_limit_s = over->time_limit_s;
    if (!isnan(over->mip_gap))
        s->mip_gap = over->mip_gap;
    if (over->draws != 0)
        s->draws = over->draws;
    if (over->seed_set) {
        s->seed = over->seed;
        s->seed_set = 1;
    }

cleanup:
    if (ids)
        for (size_t i = nold; i < nids; i++)
            free(ids[i]);
    free(ids);
    free(vals);
    if (sids)
        for (size_t i = nsold; i < nsids; i++)
            free(sids[i]);
    free(sids);
    free(years);
    ds_index_free(&six);
    ds_index_free(&ix);
    for (int i = 0; i < NLISTS; i++)
        ids_free(&lists[i]);
    free(alloc);
    free(preset);
    free(desc);
    free(name);
    return rc;
}

/* --- canonical text ----------------------------------------------------- */

/* A JSON writer with a sticky failure, so that the writing code reads
 * straight through. */
typedef struct jw {
    pc_buf *b;
    int fail;
} jw;

static void put(jw *w, const char *s)
{
    if (!w->fail && pc_buf_puts(w->b, s) != PC_OK)
        w->fail = 1;
}

static void put_str(jw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    put(w, "\"");
    while (*p && !w->fail) {
        const unsigned char *q = p;
        char esc[8];

        while (*q && *q >= 0x20 && *q != '"' && *q != '\\')
            q++;
        if (q > p &&
            pc_buf_add(w->b, (const char *)p, (size_t)(q - p)) != PC_OK)
            w->fail = 1;
        if (!*q)
            break;
        switch (*q) {
        case '"': snprintf(esc, sizeof esc, "\\\""); break;
        case '\\': snprintf(esc, sizeof esc, "\\\\"); break;
        case '\n': snprintf(esc, sizeof esc, "\\n"); break;
        case '\r': snprintf(esc, sizeof esc, "\\r"); break;
        case '\t': snprintf(esc, sizeof esc, "\\t"); break;
        case '\b': snprintf(esc, sizeof esc, "\\b"); break;
        case '\f': snprintf(esc, sizeof esc, "\\f"); break;
        default: snprintf(esc, sizeof esc, "\\u%04x", *q); break;
        }
        put(w, esc);
        p = q + 1;
    }
    put(w, "\"");
}

/* "key": with a comma before it unless it opens its object. */
static void put_key(jw *w, int *first, const char *key)
{
    if (!*first)
        put(w, ",");
    *first = 0;
    put_str(w, key);
    put(w, ":");
}

static void put_num(jw *w, double v)
{
    char num[40];

    /* the shortest of %.15g, %.16g, %.17g that reads back as v: 0.7, not
     * 0.69999999999999996, and still the same bytes for the same value */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(num, sizeof num, "%.*g", prec, v + 0.0);
        if (strtod(num, NULL) == v)
            break;
    }
    put(w, num);
}

static void put_ids(jw *w, int *first, const char *key, const plan_ids *l)
{
    if (!l->set)
        return;
    put_key(w, first, key);
    put(w, "[");
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            put(w, ",");
        put_str(w, l->v[i]);
    }
    put(w, "]");
}

/* 1 when any capital choice is set. */
static int capital_set(const plan_scenario *s)
{
    return s->carry_forward != -1 || !isnan(s->icb_budget_factor) ||
           !isnan(s->rent_limit_gbp) || s->s106_requested != -1 ||
           !isnan(s->time_limit_s) || !isnan(s->mip_gap);
}

/* What a scenario built in code (not parsed) could hold that has no JSON
 * form. */
static pc_status check_canonical(const plan_scenario *s, pc_error *err)
{
    const struct {
        const char *key;
        double v;
    } capital[] = {{"icb_budget_factor", s->icb_budget_factor},
                   {"rent_limit_gbp", s->rent_limit_gbp},
                   {"time_limit_s", s->time_limit_s},
                   {"mip_gap", s->mip_gap}};

    if (s->demand != PLAN_DEMAND_UNSET &&
        !(s->demand >= PLAN_DEMAND_GP_FTE && s->demand <= PLAN_DEMAND_SPACE))
        return PC_FAIL(err, PC_ERR_INTERNAL, "scenario: bad method %d",
                       (int)s->demand);
    if (s->growth != PLAN_GROWTH_UNSET &&
        !(s->growth >= PLAN_GROWTH_HOUSING && s->growth <= PLAN_GROWTH_MAX))
        return PC_FAIL(err, PC_ERR_INTERNAL, "scenario: bad growth method %d",
                       (int)s->growth);
    if (!isnan(s->delivery_factor) && !isfinite(s->delivery_factor))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "scenario: delivery factor is not finite");
    for (size_t i = 0; i < s->noverrides; i++)
        if (!isfinite(s->override_values[i]))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scenario: assumption \"%s\" is not finite",
                           s->override_ids[i]);
    for (size_t i = 0; i < s->nstarts; i++)
        if (s->start_years[i] < START_MIN || s->start_years[i] > START_MAX)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scenario: schemes.start: scheme \"%s\" starts in "
                           "%d (expected a year from %d to %d)",
                           s->start_ids[i], s->start_years[i], START_MIN,
                           START_MAX);
    if (s->carry_forward < -1 || s->carry_forward > 1 ||
        s->s106_requested < -1 || s->s106_requested > 1)
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "scenario: bad capital flag (carry_forward %d, "
                       "s106_requested %d)",
                       s->carry_forward, s->s106_requested);
    for (size_t i = 0; i < sizeof capital / sizeof *capital; i++)
        if (!isnan(capital[i].v) && !isfinite(capital[i].v))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scenario: capital.%s is not finite",
                           capital[i].key);
    return PC_OK;
}

pc_status plan_scenario_canonical(const plan_scenario *s, pc_buf *out,
                                  pc_error *err)
{
    jw w = {out, 0};
    size_t start = out->len;
    char num[32];
    int first = 1, inner;

    if (check_canonical(s, err) != PC_OK)
        return err->code;
    put(&w, "{");
    put_key(&w, &first, "format");
    put_str(&w, PLAN_SCENARIO_FORMAT);
    if (s->name) {
        put_key(&w, &first, "name");
        put_str(&w, s->name);
    }
    if (s->description) {
        put_key(&w, &first, "description");
        put_str(&w, s->description);
    }
    if (s->preset) {
        put_key(&w, &first, "preset");
        put_str(&w, s->preset);
    }
    if (s->demand != PLAN_DEMAND_UNSET) {
        put_key(&w, &first, "method");
        put_str(&w, plan_demand_name(s->demand));
    }
    if (s->growth != PLAN_GROWTH_UNSET) {
        put_key(&w, &first, "growth");
        put_str(&w, plan_growth_name(s->growth));
    }
    if (s->allocation) {
        put_key(&w, &first, "allocation");
        put_str(&w, s->allocation);
    }
    if (s->years != 0) {
        put_key(&w, &first, "years");
        snprintf(num, sizeof num, "%d", s->years);
        put(&w, num);
    }
    if (!isnan(s->delivery_factor) || s->slippage_set) {
        put_key(&w, &first, "delivery");
        put(&w, "{");
        inner = 1;
        if (!isnan(s->delivery_factor)) {
            put_key(&w, &inner, "factor");
            put_num(&w, s->delivery_factor);
        }
        if (s->slippage_set) {
            put_key(&w, &inner, "slippage_years");
            snprintf(num, sizeof num, "%d", s->slippage_years);
            put(&w, num);
        }
        put(&w, "}");
    }
    if (s->noverrides) {
        put_key(&w, &first, "assumptions");
        put(&w, "{");
        inner = 1;
        for (size_t i = 0; i < s->noverrides; i++) {
            put_key(&w, &inner, s->override_ids[i]);
            put_num(&w, s->override_values[i]);
        }
        put(&w, "}");
    }
    if (s->sites_exclude.set || s->sites_only.set || s->planning_status.set) {
        put_key(&w, &first, "sites");
        put(&w, "{");
        inner = 1;
        put_ids(&w, &inner, "exclude", &s->sites_exclude);
        put_ids(&w, &inner, "only", &s->sites_only);
        put_ids(&w, &inner, "planning_status", &s->planning_status);
        put(&w, "}");
    }
    if (s->schemes_include.set || s->schemes_exclude.set || s->nstarts) {
        put_key(&w, &first, "schemes");
        put(&w, "{");
        inner = 1;
        put_ids(&w, &inner, "include", &s->schemes_include);
        put_ids(&w, &inner, "exclude", &s->schemes_exclude);
        if (s->nstarts) {
            int in2 = 1;

            put_key(&w, &inner, "start");
            put(&w, "{");
            for (size_t i = 0; i < s->nstarts; i++) {
                put_key(&w, &in2, s->start_ids[i]);
                snprintf(num, sizeof num, "%d", s->start_years[i]);
                put(&w, num);
            }
            put(&w, "}");
        }
        put(&w, "}");
    }
    if (capital_set(s)) {
        put_key(&w, &first, "capital");
        put(&w, "{");
        inner = 1;
        if (s->carry_forward != -1) {
            put_key(&w, &inner, "carry_forward");
            put(&w, s->carry_forward ? "true" : "false");
        }
        if (!isnan(s->icb_budget_factor)) {
            put_key(&w, &inner, "icb_budget_factor");
            put_num(&w, s->icb_budget_factor);
        }
        if (!isnan(s->rent_limit_gbp)) {
            put_key(&w, &inner, "rent_limit_gbp");
            put_num(&w, s->rent_limit_gbp);
        }
        if (s->s106_requested != -1) {
            put_key(&w, &inner, "s106_requested");
            put(&w, s->s106_requested ? "true" : "false");
        }
        if (!isnan(s->time_limit_s)) {
            put_key(&w, &inner, "time_limit_s");
            put_num(&w, s->time_limit_s);
        }
        if (!isnan(s->mip_gap)) {
            put_key(&w, &inner, "mip_gap");
            put_num(&w, s->mip_gap);
        }
        put(&w, "}");
    }
    if (s->draws != 0 || s->seed_set) {
        put_key(&w, &first, "monte_carlo");
        put(&w, "{");
        inner = 1;
        if (s->draws != 0) {
            put_key(&w, &inner, "draws");
            snprintf(num, sizeof num, "%d", s->draws);
            put(&w, num);
        }
        if (s->seed_set) {
            put_key(&w, &inner, "seed");
            snprintf(num, sizeof num, "%" PRIu64, s->seed);
            put(&w, num);
        }
        put(&w, "}");
    }
    put(&w, "}");
    if (w.fail) {
        /* leave out as it was */
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return PC_FAIL(err, PC_ERR_NOMEM,
                       "scenario text: out of memory or over the buffer's "
                       "size cap");
    }
    return PC_OK;
}
