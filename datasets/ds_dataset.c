/* ds_dataset.c: loading and validating a dataset directory (see
 * ds_dataset.h and datasets/FORMAT.md).
 *
 * Files are read in dependency order (LADs before practices, practices
 * before premises, sites before contributions, ...), so each reference can
 * be checked against an index of what was already loaded. Every message
 * names the file as the user gave it (DIR/name), then the row or feature,
 * then the field, then what was expected. */
#include "ds_dataset.h"

#include "ds_csv.h"
#include "ds_util.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX (256u * 1024u * 1024u)
#define YEAR_MIN 1900
#define YEAR_MAX 2200

/* The files a manifest may name, in load order. */
enum {
    F_SYSTEM,
    F_LADS,
    F_PCNS,
    F_PRACTICES,
    F_LIST_SIZES,
    F_PREMISES,
    F_SITES,
    F_CATCHMENTS,
    F_SCHEMES,
    F_CONTRIBUTIONS,
    F_ASSUMPTIONS,
    F_PRESETS,
    F_PROJECTIONS,
    F_LSOAS,
    F_COST_INDEX,
    F_FUNDS,
    F_COUNT
};

static const struct {
    const char *key;
    int required;
    int coords; /* takes a crs */
} file_kinds[F_COUNT] = {
    [F_SYSTEM] = {"system", 0, 1},
    [F_LADS] = {"lads", 1, 1},
    [F_PCNS] = {"pcns", 1, 0},
    [F_PRACTICES] = {"practices", 1, 1},
    [F_LIST_SIZES] = {"list_sizes", 1, 0},
    [F_PREMISES] = {"premises", 0, 1},
    [F_SITES] = {"sites", 0, 1},
    [F_CATCHMENTS] = {"catchments", 0, 1},
    [F_SCHEMES] = {"schemes", 0, 0},
    [F_CONTRIBUTIONS] = {"contributions", 0, 0},
    [F_ASSUMPTIONS] = {"assumptions", 0, 0},
    [F_PRESETS] = {"presets", 0, 0},
    [F_PROJECTIONS] = {"projections", 0, 0},
    [F_LSOAS] = {"lsoas", 0, 0},
    [F_COST_INDEX] = {"cost_index", 0, 0},
    [F_FUNDS] = {"funds", 0, 0},
};

typedef struct loader {
    geo_ctx *geo;
    ds_dataset *ds;
    ds_arena *a;
    const char *path[F_COUNT]; /* display path: DIR/file, or NULL */
    geo_crs crs[F_COUNT];
    ds_index lads, places, pcns, practices, premises, sites, schemes,
        assumptions, catchments;
    size_t nwarn_alloc;
} loader;

/* --- small helpers ---------------------------------------------------- */

static pc_status nomem(pc_error *err)
{
    return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
}

static void *alloc_array(loader *L, size_t n, size_t size)
{
    return ds_arena_alloc(L->a, (n ? n : 1) * size);
}

static const char *dup_or_null(loader *L, const char *s)
{
    return s && *s ? ds_arena_strdup(L->a, s) : NULL;
}

static pc_status add_warning(loader *L, pc_error *err, const char *fmt, ...)
    PC_PRINTF(3, 4);

static pc_status add_warning(loader *L, pc_error *err, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    ds_dataset *ds = L->ds;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ds->nwarnings == L->nwarn_alloc) {
        size_t want = L->nwarn_alloc ? L->nwarn_alloc * 2 : 16;
        const char **w = ds_arena_alloc(L->a, want * sizeof *w);

        if (!w)
            return nomem(err);
        if (ds->nwarnings)
            memcpy(w, ds->warnings, ds->nwarnings * sizeof *w);
        ds->warnings = w;
        L->nwarn_alloc = want;
    }
    ds->warnings[ds->nwarnings] = ds_arena_strdup(L->a, msg);
    if (!ds->warnings[ds->nwarnings])
        return nomem(err);
    ds->nwarnings++;
    return PC_OK;
}

/* Parses a JSON text; *out is owned by the caller (cJSON_Delete). */
static pc_status parse_json(const char *buf, size_t len, cJSON **out,
                            pc_error *err)
{
    const char *end = NULL;
    cJSON *j;
    long line, col;

    if (ds_utf8_check(buf, len, err) != PC_OK)
        return err->code;
    j = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    if (!j) {
        size_t off = end && end >= buf ? (size_t)(end - buf) : 0;

        if (off > len)
            off = len;
        ds_line_col(buf, off, &line, &col);
        if (off >= len || ds_json_unclosed(buf, len))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "line %ld, column %ld: JSON ends too early "
                           "(expected a complete JSON document; is the file "
                           "truncated?)",
                           line, col);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "line %ld, column %ld: invalid JSON (expected a JSON "
                       "document per RFC 8259)",
                       line, col);
    }
    /* anything but whitespace after the document is an error */
    if (end) {
        const char *p = end;

        while ((size_t)(p - buf) < len &&
               (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            p++;
        if ((size_t)(p - buf) < len) {
            ds_line_col(buf, (size_t)(p - buf), &line, &col);
            cJSON_Delete(j);
            return PC_FAIL(err, PC_ERR_INPUT,
                           "line %ld, column %ld: text after the JSON "
                           "document (expected the end of the file)",
                           line, col);
        }
    }
    *out = j;
    return PC_OK;
}

static pc_status read_json_file(const char *path, cJSON **out, pc_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    pc_status rc = ds_file_read(path, JSON_MAX, &buf, &len, err);

    if (rc != PC_OK)
        return rc;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        rc = parse_json(buf + 3, len - 3, out, err);
    else
        rc = parse_json(buf, len, out, err);
    free(buf);
    if (rc != PC_OK && rc != PC_ERR_NOMEM)
        pc_error_wrap(err, "%s", path);
    return rc;
}

/* Each key of obj must be in the NULL-terminated list, and only once. */
static pc_status check_keys(const cJSON *obj, const char *const *known,
                            const char *what, pc_error *err)
{
    const cJSON *c, *d;

    cJSON_ArrayForEach(c, obj)
    {
        int ok = 0;

        for (size_t i = 0; known[i]; i++)
            if (!strcmp(c->string, known[i]))
                ok = 1;
        if (!ok) {
            char list[512] = "";
            size_t used = 0;

            for (size_t i = 0; known[i] && used < sizeof list - 1; i++) {
                int n = snprintf(list + used, sizeof list - used, "%s%s",
                                 i ? ", " : "", known[i]);
                if (n < 0)
                    break;
                used += (size_t)n;
            }
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: unknown key \"%s\" (expected one of: %s)", what,
                           c->string, list);
        }
        for (d = obj->child; d != c; d = d->next)
            if (!strcmp(d->string, c->string))
                return PC_FAIL(err, PC_ERR_INPUT,
                               "%s: key \"%s\" appears twice", what, c->string);
    }
    return PC_OK;
}

/* --- manifest --------------------------------------------------------- */

static const char *const manifest_keys[] = {
    "format", "name", "title", "base_year", "attribution", "files", NULL};
static const char *const file_keys[] = {"path", "crs", NULL};

/* Checks the manifest; when L is not NULL also records what it says. */
static pc_status manifest_read(loader *L, const cJSON *m, const char *dir,
                               pc_error *err)
{
    const cJSON *v, *files, *f;
    const char *file_names[F_COUNT + 1];

    if (!cJSON_IsObject(m))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a JSON object at the top level, got %s",
                       ds_json_type(m));
    if (check_keys(m, manifest_keys, "top level", err) != PC_OK)
        return err->code;

    v = cJSON_GetObjectItemCaseSensitive(m, "format");
    if (!cJSON_IsString(v))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"format\": expected the string \"%s\", got %s",
                       DS_FORMAT, ds_json_type(v));
    if (strcmp(v->valuestring, DS_FORMAT))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"format\": \"%s\" is not supported (expected \"%s\")",
                       v->valuestring, DS_FORMAT);

    v = cJSON_GetObjectItemCaseSensitive(m, "name");
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"name\": expected a non-empty string, got %s",
                       ds_json_type(v));
    if (L && !(L->ds->name = ds_arena_strdup(L->a, v->valuestring)))
        return nomem(err);

    v = cJSON_GetObjectItemCaseSensitive(m, "title");
    if (v && !cJSON_IsString(v))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"title\": expected a string, got %s", ds_json_type(v));
    if (L && v && !(L->ds->title = ds_arena_strdup(L->a, v->valuestring)))
        return nomem(err);

    v = cJSON_GetObjectItemCaseSensitive(m, "base_year");
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"base_year\": expected an integer year, got %s",
                       ds_json_type(v));
    if (v->valuedouble < 2000 || v->valuedouble > 2100)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"base_year\": %.0f is out of range (expected 2000 "
                       "to 2100)",
                       v->valuedouble);
    if (L)
        L->ds->base_year = (int)v->valuedouble;

    v = cJSON_GetObjectItemCaseSensitive(m, "attribution");
    if (v) {
        const cJSON *s;
        size_t n = 0;

        if (!cJSON_IsArray(v))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "\"attribution\": expected an array of strings, "
                           "got %s",
                           ds_json_type(v));
        cJSON_ArrayForEach(s, v)
        {
            if (!cJSON_IsString(s))
                return PC_FAIL(err, PC_ERR_INPUT,
                               "\"attribution\"[%zu]: expected a string, got "
                               "%s",
                               n, ds_json_type(s));
            n++;
        }
        if (L) {
            L->ds->attribution = alloc_array(L, n, sizeof(char *));
            if (!L->ds->attribution)
                return nomem(err);
            n = 0;
            cJSON_ArrayForEach(s, v)
            {
                L->ds->attribution[n] = ds_arena_strdup(L->a, s->valuestring);
                if (!L->ds->attribution[n++])
                    return nomem(err);
            }
            L->ds->nattribution = n;
        }
    }

    files = cJSON_GetObjectItemCaseSensitive(m, "files");
    if (!cJSON_IsObject(files))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"files\": expected an object, got %s",
                       ds_json_type(files));
    for (int k = 0; k < F_COUNT; k++)
        file_names[k] = file_kinds[k].key;
    file_names[F_COUNT] = NULL;
    if (check_keys(files, file_names, "\"files\"", err) != PC_OK)
        return err->code;

    for (int k = 0; k < F_COUNT; k++) {
        const cJSON *p, *crs;
        char what[64];

        f = cJSON_GetObjectItemCaseSensitive(files, file_kinds[k].key);
        if (!f) {
            if (file_kinds[k].required)
                return PC_FAIL(err, PC_ERR_INPUT,
                               "\"files\": \"%s\" is missing (expected an "
                               "entry {\"path\": ...})",
                               file_kinds[k].key);
            continue;
        }
        snprintf(what, sizeof what, "\"files\".\"%s\"", file_kinds[k].key);
        if (!cJSON_IsObject(f))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: expected an object {\"path\": ...}, got %s",
                           what, ds_json_type(f));
        if (check_keys(f, file_keys, what, err) != PC_OK)
            return err->code;
        p = cJSON_GetObjectItemCaseSensitive(f, "path");
        if (!cJSON_IsString(p) || !p->valuestring[0])
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s.\"path\": expected a file name, got %s", what,
                           ds_json_type(p));
        if (p->valuestring[0] == '/' || strstr(p->valuestring, ".."))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s.\"path\": \"%s\" (expected a path inside the "
                           "dataset directory, without \"..\")",
                           what, p->valuestring);
        crs = cJSON_GetObjectItemCaseSensitive(f, "crs");
        if (crs && !file_kinds[k].coords)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s.\"crs\": this file has no coordinates", what);
        if (crs && !cJSON_IsString(crs))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s.\"crs\": expected a string, got %s", what,
                           ds_json_type(crs));
        {
            geo_crs c = GEO_CRS_WGS84;

            if (crs && geo_crs_parse(crs->valuestring, &c, err) != PC_OK)
                return pc_error_wrap(err, "%s", what);
            if (L) {
                size_t n = strlen(dir) + strlen(p->valuestring) + 2;
                char *full = ds_arena_alloc(L->a, n);

                if (!full)
                    return nomem(err);
                snprintf(full, n, "%s/%s", dir, p->valuestring);
                L->path[k] = full;
                L->crs[k] = c;
            }
        }
    }
    return PC_OK;
}

pc_status ds_manifest_check(const char *json, size_t len, pc_error *err)
{
    cJSON *m = NULL;
    pc_status rc = parse_json(json, len, &m, err);

    if (rc != PC_OK)
        return rc;
    rc = manifest_read(NULL, m, ".", err);
    cJSON_Delete(m);
    return rc;
}

/* --- CSV columns and fields ------------------------------------------ */

typedef struct colspec {
    const char *name;
    int required;
} colspec;

static pc_status find_cols(const ds_csv *csv, const colspec *specs, size_t n,
                           int *cols, pc_error *err)
{
    for (size_t i = 0; i < n; i++) {
        cols[i] = ds_csv_col(csv, specs[i].name);
        if (cols[i] < 0 && specs[i].required) {
            char have[512] = "";
            size_t used = 0;

            for (size_t j = 0; j < csv->ncols && used < sizeof have - 1; j++) {
                int k = snprintf(have + used, sizeof have - used, "%s%s",
                                 j ? ", " : "", csv->header[j]);
                if (k < 0)
                    break;
                used += (size_t)k;
            }
            return PC_FAIL(err, PC_ERR_INPUT,
                           "header: missing required column \"%s\" (the "
                           "header has: %s)",
                           specs[i].name, have);
        }
    }
    return PC_OK;
}

static const char *cell(const ds_csv *csv, size_t r, int col)
{
    return col < 0 ? "" : csv->rows[r][col];
}

/* Optional number: NAN when the field is empty or absent. */
static pc_status opt_double(const ds_csv *csv, size_t r, int col,
                            const char *name, double min, double max,
                            double *out, pc_error *err)
{
    const char *v = cell(csv, r, col);

    if (!*v) {
        *out = NAN;
        return PC_OK;
    }
    return ds_parse_double(v, name, min, max, out, err);
}

static pc_status req_int(const ds_csv *csv, size_t r, int col, const char *name,
                         long min, long max, long *out, pc_error *err)
{
    return ds_parse_long(cell(csv, r, col), name, min, max, out, err);
}

/* Optional integer: `dflt` when empty. */
static pc_status opt_int(const ds_csv *csv, size_t r, int col, const char *name,
                         long min, long max, long dflt, long *out,
                         pc_error *err)
{
    const char *v = cell(csv, r, col);

    if (!*v) {
        *out = dflt;
        return PC_OK;
    }
    return ds_parse_long(v, name, min, max, out, err);
}

static pc_status req_text(const ds_csv *csv, size_t r, int col,
                          const char *name, pc_error *err)
{
    if (!*cell(csv, r, col))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": empty (expected a value)", name);
    return PC_OK;
}

/* Checks a CSV `illustrative` field: "", "*" or column names. */
static pc_status check_illustrative_csv(const ds_csv *csv, const char *v,
                                        pc_error *err)
{
    char buf[1024];
    char *tok, *save = NULL;

    if (!*v || !strcmp(v, "*"))
        return PC_OK;
    if (strlen(v) >= sizeof buf)
        return PC_FAIL(err, PC_ERR_INPUT, "field \"illustrative\": too long");
    snprintf(buf, sizeof buf, "%s", v);
    for (tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
        if (ds_csv_col(csv, tok) < 0)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "field \"illustrative\": \"%s\" is not a column "
                           "of this file (expected empty, \"*\" or column "
                           "names separated by ';')",
                           tok);
    return PC_OK;
}

/* Splits a ';' list into arena strings; *out gets n pointers. */
static pc_status split_list(loader *L, const char *v, const char ***out,
                            size_t *n, pc_error *err)
{
    size_t count = 1, i = 0;
    const char *p;
    const char **items;

    if (!*v) {
        *out = NULL;
        *n = 0;
        return PC_OK;
    }
    for (p = v; *p; p++)
        if (*p == ';')
            count++;
    items = alloc_array(L, count, sizeof *items);
    if (!items)
        return nomem(err);
    p = v;
    while (i < count) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *s = ds_arena_alloc(L->a, len + 1);

        if (!s)
            return nomem(err);
        memcpy(s, p, len);
        s[len] = '\0';
        items[i++] = s;
        p = e ? e + 1 : p + len;
    }
    *out = items;
    *n = count;
    return PC_OK;
}

/* Reads the point columns of row r into BNG e, n. */
static pc_status row_point(loader *L, int kind, const ds_csv *csv, size_t r,
                           const int *xy, double *e, double *n, pc_error *err)
{
    int wgs = L->crs[kind] == GEO_CRS_WGS84;
    const char *xn = wgs ? "lon" : "easting", *yn = wgs ? "lat" : "northing";
    double x, y;

    if (ds_parse_double(cell(csv, r, xy[0]), xn, -1e7, 1e7, &x, err) != PC_OK ||
        ds_parse_double(cell(csv, r, xy[1]), yn, -1e7, 1e7, &y, err) != PC_OK)
        return err->code;
    if (geo_point_to_bng(L->geo, L->crs[kind], x, y, e, n, err) != PC_OK)
        return pc_error_wrap(err, "fields \"%s\",\"%s\"", xn, yn);
    return PC_OK;
}

static pc_status point_cols(loader *L, int kind, const ds_csv *csv, int *xy,
                            pc_error *err)
{
    colspec s[2];

    if (L->crs[kind] == GEO_CRS_WGS84) {
        s[0] = (colspec){"lon", 1};
        s[1] = (colspec){"lat", 1};
    } else {
        s[0] = (colspec){"easting", 1};
        s[1] = (colspec){"northing", 1};
    }
    if (find_cols(csv, s, 2, xy, err) != PC_OK)
        return pc_error_wrap(err, "declared crs EPSG:%d", (int)L->crs[kind]);
    return PC_OK;
}

/* Registers id in ix; a duplicate is an error naming the first row. */
/* Records id as seen at `where` (a CSV row, or a feature index when
 * unit is "feature"), failing if it was seen before. */
static pc_status unique_at(ds_index *ix, const char *id, size_t where,
                           const char *unit, const char *field, pc_error *err)
{
    size_t first = 0;
    int r = ds_index_put(ix, id, where, &first);

    if (r < 0)
        return nomem(err);
    if (r == 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": duplicate id \"%s\" (first used at "
                       "%s %zu; expected each id once)",
                       field, id, unit, first);
    return PC_OK;
}

static pc_status unique(ds_index *ix, const char *id, size_t line,
                        const char *field, pc_error *err)
{
    return unique_at(ix, id, line, "row", field, err);
}

static pc_status known(const ds_index *ix, const char *id, const char *field,
                       const char *what, pc_error *err)
{
    if (!ds_index_get(ix, id, NULL))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": unknown %s \"%s\" (expected one "
                       "defined in the dataset)",
                       field, what, id);
    return PC_OK;
}

/* Runs a per-file loader: opens the CSV, wraps errors with the path. */
typedef pc_status (*csv_loader)(loader *L, const ds_csv *csv, pc_error *err);

static pc_status load_csv(loader *L, int kind, csv_loader fn, pc_error *err)
{
    ds_csv *csv = NULL;
    pc_status rc;

    if (!L->path[kind])
        return PC_OK;
    rc = ds_csv_read_file(L->path[kind], &csv, err);
    if (rc == PC_OK)
        rc = fn(L, csv, err);
    ds_csv_free(csv);
    if (rc != PC_OK && rc != PC_ERR_NOMEM && rc != PC_ERR_IO)
        pc_error_wrap(err, "%s", L->path[kind]);
    return rc;
}

#define ROW_FAIL(csv, r) pc_error_wrap(err, "row %ld", (csv)->line[r])

/* --- pcns, practices, list sizes ------------------------------------- */

static pc_status load_pcns(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {{"pcn_code", 1}, {"pcn_name", 1}};
    int c[2];
    ds_dataset *ds = L->ds;

    if (find_cols(csv, spec, 2, c, err) != PC_OK)
        return err->code;
    ds->pcns = alloc_array(L, csv->nrows, sizeof *ds->pcns);
    if (!ds->pcns)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_pcn *p = &ds->pcns[r];

        if (ds_parse_id(cell(csv, r, c[0]), "pcn_code", err) != PC_OK ||
            req_text(csv, r, c[1], "pcn_name", err) != PC_OK)
            return ROW_FAIL(csv, r);
        p->code = ds_arena_strdup(L->a, cell(csv, r, c[0]));
        p->name = ds_arena_strdup(L->a, cell(csv, r, c[1]));
        if (!p->code || !p->name)
            return nomem(err);
        if (unique(&L->pcns, p->code, (size_t)csv->line[r], "pcn_code", err) !=
            PC_OK)
            return ROW_FAIL(csv, r);
        ds->npcns++;
    }
    return PC_OK;
}

static pc_status load_practices(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {{"practice_code", 1},
                                   {"practice_name", 1},
                                   {"postcode", 0},
                                   {"pcn_code", 0},
                                   {"lad_code", 1}};
    int c[5], xy[2];
    ds_dataset *ds = L->ds;

    if (find_cols(csv, spec, 5, c, err) != PC_OK ||
        point_cols(L, F_PRACTICES, csv, xy, err) != PC_OK)
        return err->code;
    ds->practices = alloc_array(L, csv->nrows, sizeof *ds->practices);
    if (!ds->practices)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_practice *p = &ds->practices[r];
        const char *pcn = cell(csv, r, c[3]);

        if (ds_parse_id(cell(csv, r, c[0]), "practice_code", err) != PC_OK ||
            req_text(csv, r, c[1], "practice_name", err) != PC_OK ||
            (*pcn && known(&L->pcns, pcn, "pcn_code", "PCN", err) != PC_OK) ||
            known(&L->lads, cell(csv, r, c[4]), "lad_code", "LAD", err) !=
                PC_OK ||
            row_point(L, F_PRACTICES, csv, r, xy, &p->e, &p->n, err) != PC_OK)
            return ROW_FAIL(csv, r);
        p->code = ds_arena_strdup(L->a, cell(csv, r, c[0]));
        p->name = ds_arena_strdup(L->a, cell(csv, r, c[1]));
        p->postcode = dup_or_null(L, cell(csv, r, c[2]));
        p->pcn_code = dup_or_null(L, pcn);
        p->lad_code = ds_arena_strdup(L->a, cell(csv, r, c[4]));
        if (!p->code || !p->name || !p->lad_code)
            return nomem(err);
        if (unique(&L->practices, p->code, (size_t)csv->line[r],
                   "practice_code", err) != PC_OK)
            return ROW_FAIL(csv, r);
        ds->npractices++;
    }
    return PC_OK;
}

static pc_status load_list_sizes(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"practice_code", 1}, {"date", 1}, {"patients", 1}};
    int c[3];
    ds_dataset *ds = L->ds;
    ds_index pairs = {0};
    const char *latest = NULL;
    pc_status rc = PC_OK;

    if (find_cols(csv, spec, 3, c, err) != PC_OK)
        return err->code;
    ds->list_sizes = alloc_array(L, csv->nrows, sizeof *ds->list_sizes);
    if (!ds->list_sizes)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_list_size *s = &ds->list_sizes[r];
        char key[64];
        size_t first;
        int put;

        if (known(&L->practices, cell(csv, r, c[0]), "practice_code",
                  "practice", err) != PC_OK ||
            ds_parse_date(cell(csv, r, c[1]), "date", err) != PC_OK ||
            req_int(csv, r, c[2], "patients", 0, 10000000, &s->patients, err) !=
                PC_OK) {
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        s->practice_code = ds_arena_strdup(L->a, cell(csv, r, c[0]));
        s->date = ds_arena_strdup(L->a, cell(csv, r, c[1]));
        snprintf(key, sizeof key, "%s|%s", s->practice_code, s->date);
        {
            char *k = ds_arena_strdup(L->a, key);

            if (!k || !s->practice_code || !s->date) {
                rc = nomem(err);
                goto done;
            }
            put = ds_index_put(&pairs, k, (size_t)csv->line[r], &first);
        }
        if (put < 0) {
            rc = nomem(err);
            goto done;
        }
        if (put == 0) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "practice \"%s\" has two list sizes at %s (first at "
                         "row %zu; expected one per practice and date)",
                         s->practice_code, s->date, first);
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        if (!latest || strcmp(s->date, latest) > 0)
            latest = s->date;
        ds->nlist_sizes++;
    }
    /* every practice needs a list at the latest date */
    for (size_t i = 0; latest && i < ds->npractices; i++) {
        char key[64];

        snprintf(key, sizeof key, "%s|%s", ds->practices[i].code, latest);
        if (!ds_index_get(&pairs, key, NULL)) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "practice \"%s\" has no list size at %s, the latest "
                         "date in the file (expected a row for every "
                         "practice at that date)",
                         ds->practices[i].code, latest);
            goto done;
        }
    }
    if (!latest)
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "no rows (expected a list size for every practice)");
done:
    ds_index_free(&pairs);
    return rc;
}

/* --- premises --------------------------------------------------------- */

static pc_status load_premises(loader *L, const ds_csv *csv, pc_error *err)
{
    static const char *const site_types[] = {"main", "branch", "shared", NULL};
    static const char *const tenures[] = {"gp_owned", "nhsps", "lift", "leased",
                                          "council",  "other", NULL};
    static const char *const conditions[] = {"A", "B", "C", "D", NULL};
    static const colspec spec[] = {
        {"premises_id", 1}, {"name", 1},          {"postcode", 0},
        {"site_type", 1},   {"tenure", 1},        {"gia_m2", 0},
        {"condition", 0},   {"rooms_consult", 1}, {"rooms_treatment", 1},
        {"rooms_other", 1}, {"backlog_gbp", 0},   {"void_m2", 0},
        {"practices", 1},   {"illustrative", 0}};
    enum {
        ID,
        NAME,
        PC,
        TYPE,
        TEN,
        GIA,
        COND,
        RC,
        RT,
        RO,
        BL,
        VOID,
        PRACS,
        ILL,
        NCOL
    };
    int c[NCOL], xy[2];
    ds_dataset *ds = L->ds;

    if (find_cols(csv, spec, NCOL, c, err) != PC_OK ||
        point_cols(L, F_PREMISES, csv, xy, err) != PC_OK)
        return err->code;
    ds->premises = alloc_array(L, csv->nrows, sizeof *ds->premises);
    if (!ds->premises)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_premises *p = &ds->premises[r];
        long rc_ = 0, rt = 0, ro = 0;
        const char *cond = cell(csv, r, c[COND]);

        if (ds_parse_id(cell(csv, r, c[ID]), "premises_id", err) != PC_OK ||
            req_text(csv, r, c[NAME], "name", err) != PC_OK ||
            ds_parse_enum(cell(csv, r, c[TYPE]), "site_type", site_types,
                          err) != PC_OK ||
            ds_parse_enum(cell(csv, r, c[TEN]), "tenure", tenures, err) !=
                PC_OK ||
            opt_double(csv, r, c[GIA], "gia_m2", 0, 1e6, &p->gia_m2, err) !=
                PC_OK ||
            (*cond &&
             ds_parse_enum(cond, "condition", conditions, err) != PC_OK) ||
            req_int(csv, r, c[RC], "rooms_consult", 0, 1000, &rc_, err) !=
                PC_OK ||
            req_int(csv, r, c[RT], "rooms_treatment", 0, 1000, &rt, err) !=
                PC_OK ||
            req_int(csv, r, c[RO], "rooms_other", 0, 1000, &ro, err) != PC_OK ||
            opt_double(csv, r, c[BL], "backlog_gbp", 0, 1e10, &p->backlog_gbp,
                       err) != PC_OK ||
            opt_double(csv, r, c[VOID], "void_m2", 0, 1e6, &p->void_m2, err) !=
                PC_OK ||
            req_text(csv, r, c[PRACS], "practices", err) != PC_OK ||
            check_illustrative_csv(csv, cell(csv, r, c[ILL]), err) != PC_OK ||
            row_point(L, F_PREMISES, csv, r, xy, &p->e, &p->n, err) != PC_OK)
            return ROW_FAIL(csv, r);
        p->rooms_consult = (int)rc_;
        p->rooms_treatment = (int)rt;
        p->rooms_other = (int)ro;
        p->id = ds_arena_strdup(L->a, cell(csv, r, c[ID]));
        p->name = ds_arena_strdup(L->a, cell(csv, r, c[NAME]));
        p->postcode = dup_or_null(L, cell(csv, r, c[PC]));
        p->site_type = ds_arena_strdup(L->a, cell(csv, r, c[TYPE]));
        p->tenure = ds_arena_strdup(L->a, cell(csv, r, c[TEN]));
        p->condition = dup_or_null(L, cond);
        p->illustrative = dup_or_null(L, cell(csv, r, c[ILL]));
        if (!p->id || !p->name || !p->site_type || !p->tenure)
            return nomem(err);
        if (split_list(L, cell(csv, r, c[PRACS]), &p->practices, &p->npractices,
                       err) != PC_OK)
            return err->code;
        for (size_t k = 0; k < p->npractices; k++) {
            if (known(&L->practices, p->practices[k], "practices", "practice",
                      err) != PC_OK)
                return ROW_FAIL(csv, r);
            for (size_t j = 0; j < k; j++)
                if (!strcmp(p->practices[j], p->practices[k])) {
                    PC_FAIL(err, PC_ERR_INPUT,
                            "field \"practices\": \"%s\" is listed twice",
                            p->practices[k]);
                    return ROW_FAIL(csv, r);
                }
        }
        if (unique(&L->premises, p->id, (size_t)csv->line[r], "premises_id",
                   err) != PC_OK)
            return ROW_FAIL(csv, r);
        ds->npremises++;
    }
    return PC_OK;
}

/* --- GeoJSON features -------------------------------------------------- */

/* Returns the features array of a FeatureCollection. */
static pc_status features_of(const cJSON *doc, const cJSON **out, pc_error *err)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "type");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(doc, "features");

    if (!cJSON_IsObject(doc) || !cJSON_IsString(t) ||
        strcmp(t->valuestring, "FeatureCollection"))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a GeoJSON FeatureCollection at the top "
                       "level");
    if (!cJSON_IsArray(f))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"features\": expected an array, got %s",
                       ds_json_type(f));
    *out = f;
    return PC_OK;
}

static pc_status feature_props(const cJSON *feat, const cJSON **props,
                               pc_error *err)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(feat, "type");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(feat, "properties");

    if (!cJSON_IsObject(feat) || !cJSON_IsString(t) ||
        strcmp(t->valuestring, "Feature"))
        return PC_FAIL(err, PC_ERR_INPUT, "expected a GeoJSON Feature");
    if (!cJSON_IsObject(p))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"properties\": expected an object, got %s",
                       ds_json_type(p));
    *props = p;
    return PC_OK;
}

/* String property; NULL in *out when absent or null and not required. */
static pc_status jstr(const cJSON *props, const char *key, int required,
                      const char **out, pc_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(props, key);

    if (!v || cJSON_IsNull(v)) {
        if (required)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "property \"%s\": missing (expected a string)", key);
        *out = NULL;
        return PC_OK;
    }
    if (!cJSON_IsString(v))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"%s\": expected a string, got %s", key,
                       ds_json_type(v));
    if (required && !v->valuestring[0])
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"%s\": empty (expected a value)", key);
    *out = v->valuestring;
    return PC_OK;
}

/* Integer property in [min, max]; *present 0 when absent or null. */
static pc_status jint(const cJSON *props, const char *key, int required,
                      long min, long max, long *out, int *present,
                      pc_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(props, key);

    *present = 0;
    if (!v || cJSON_IsNull(v)) {
        if (required)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "property \"%s\": missing (expected an integer "
                           "from %ld to %ld)",
                           key, min, max);
        return PC_OK;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"%s\": expected an integer from %ld to "
                       "%ld, got %s",
                       key, min, max,
                       cJSON_IsNumber(v) ? "a fraction" : ds_json_type(v));
    if (v->valuedouble < (double)min || v->valuedouble > (double)max)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"%s\": %.0f is out of range (expected an "
                       "integer from %ld to %ld)",
                       key, v->valuedouble, min, max);
    *out = (long)v->valuedouble;
    *present = 1;
    return PC_OK;
}

static pc_status jenum(const cJSON *props, const char *key,
                       const char *const *vals, const char *dflt,
                       const char **out, pc_error *err)
{
    const char *s = NULL;

    if (jstr(props, key, 0, &s, err) != PC_OK)
        return err->code;
    if (!s) {
        *out = dflt;
        return PC_OK;
    }
    if (ds_parse_enum(s, key, vals, err) != PC_OK) {
        /* ds_parse_enum says "field"; GeoJSON has properties */
        char msg[sizeof err->msg];

        snprintf(msg, sizeof msg, "property%s", err->msg + 5);
        snprintf(err->msg, sizeof err->msg, "%s", msg);
        return err->code;
    }
    *out = s;
    return PC_OK;
}

/* `illustrative` as a string (as in CSV), an array of names, or a bool. */
static pc_status jillustrative(loader *L, const cJSON *props, const char **out,
                               pc_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(props, "illustrative");
    pc_buf b = PC_BUF_INIT(4096);
    const cJSON *s;

    *out = NULL;
    if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
        return PC_OK;
    if (cJSON_IsTrue(v)) {
        *out = "*";
        return PC_OK;
    }
    if (cJSON_IsString(v)) {
        *out = dup_or_null(L, v->valuestring);
        return PC_OK;
    }
    if (!cJSON_IsArray(v))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"illustrative\": expected a string, an "
                       "array of property names or a boolean, got %s",
                       ds_json_type(v));
    cJSON_ArrayForEach(s, v)
    {
        if (!cJSON_IsString(s) || strchr(s->valuestring, ';')) {
            pc_buf_free(&b);
            return PC_FAIL(err, PC_ERR_INPUT,
                           "property \"illustrative\": expected an array of "
                           "property names");
        }
        if ((b.len && pc_buf_puts(&b, ";") != PC_OK) ||
            pc_buf_puts(&b, s->valuestring) != PC_OK) {
            pc_buf_free(&b);
            return nomem(err);
        }
    }
    *out = dup_or_null(L, pc_buf_str(&b));
    pc_buf_free(&b);
    return PC_OK;
}

/* Reads a polygonal feature geometry, recording a warning on repair. */
static pc_status feature_geom(loader *L, int kind, const cJSON *feat,
                              double point_area_m2, const char *label,
                              geo_wkb *out, pc_error *err)
{
    char why[512];
    int repaired = 0;
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(feat, "geometry");

    if (!g || cJSON_IsNull(g))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "geometry: missing or null (expected a Polygon or "
                       "MultiPolygon)");
    if (geo_polygon_from_geojson(L->geo, g, L->crs[kind], point_area_m2, out,
                                 &repaired, why, sizeof why, err) != PC_OK)
        return err->code;
    if (repaired)
        return add_warning(L, err, "%s: %s: geometry: %s", L->path[kind], label,
                           why);
    return PC_OK;
}

/* --- system, LADs and places ----------------------------------------- */

static pc_status load_system(loader *L, pc_error *err)
{
    cJSON *doc = NULL;
    const cJSON *feats, *props;
    const char *code, *name;
    pc_status rc;

    if (!L->path[F_SYSTEM])
        return PC_OK;
    rc = read_json_file(L->path[F_SYSTEM], &doc, err);
    if (rc != PC_OK)
        return rc;
    if (features_of(doc, &feats, err) != PC_OK)
        goto fail;
    if (cJSON_GetArraySize(feats) != 1) {
        PC_FAIL(err, PC_ERR_INPUT,
                "%d features (expected exactly one, the system boundary)",
                cJSON_GetArraySize(feats));
        goto fail;
    }
    if (feature_props(feats->child, &props, err) != PC_OK ||
        jstr(props, "code", 1, &code, err) != PC_OK ||
        jstr(props, "name", 1, &name, err) != PC_OK ||
        feature_geom(L, F_SYSTEM, feats->child, 0, "feature 0",
                     &L->ds->system_geom, err) != PC_OK) {
        pc_error_wrap(err, "feature 0");
        goto fail;
    }
    L->ds->system_code = ds_arena_strdup(L->a, code);
    L->ds->system_name = ds_arena_strdup(L->a, name);
    cJSON_Delete(doc);
    if (!L->ds->system_code || !L->ds->system_name)
        return nomem(err);
    return PC_OK;
fail:
    cJSON_Delete(doc);
    if (err->code != PC_ERR_NOMEM)
        pc_error_wrap(err, "%s", L->path[F_SYSTEM]);
    return err->code;
}

static int cmp_place(const void *a, const void *b)
{
    return strcmp(((const ds_place *)a)->name, ((const ds_place *)b)->name);
}

static pc_status build_places(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;
    geo_wkb *parts = NULL;
    size_t n = 0;

    ds->places = alloc_array(L, ds->nlads, sizeof *ds->places);
    parts = calloc(ds->nlads ? ds->nlads : 1, sizeof *parts);
    if (!ds->places || !parts) {
        free(parts);
        return nomem(err);
    }
    for (size_t i = 0; i < ds->nlads; i++) {
        size_t j;

        for (j = 0; j < ds->nplaces; j++)
            if (!strcmp(ds->places[j].name, ds->lads[i].place))
                break;
        if (j == ds->nplaces)
            ds->places[ds->nplaces++].name = ds->lads[i].place;
    }
    qsort(ds->places, ds->nplaces, sizeof *ds->places, cmp_place);
    for (size_t j = 0; j < ds->nplaces; j++) {
        n = 0;
        for (size_t i = 0; i < ds->nlads; i++)
            if (!strcmp(ds->places[j].name, ds->lads[i].place))
                parts[n++] = ds->lads[i].geom;
        if (geo_union(L->geo, parts, n, &ds->places[j].geom, err) != PC_OK) {
            free(parts);
            return pc_error_wrap(err, "building place \"%s\" from its LADs",
                                 ds->places[j].name);
        }
        if (ds_index_put(&L->places, ds->places[j].name, j, NULL) < 0) {
            free(parts);
            return nomem(err);
        }
    }
    free(parts);
    return PC_OK;
}

static pc_status load_lads(loader *L, pc_error *err)
{
    cJSON *doc = NULL;
    const cJSON *feats, *feat;
    ds_dataset *ds = L->ds;
    int i = 0;
    pc_status rc = read_json_file(L->path[F_LADS], &doc, err);

    if (rc != PC_OK)
        return rc;
    if (features_of(doc, &feats, err) != PC_OK)
        goto fail;
    if (cJSON_GetArraySize(feats) == 0) {
        PC_FAIL(err, PC_ERR_INPUT, "no features (expected at least one LAD)");
        goto fail;
    }
    /* one spare slot: ds_dataset_free() frees a half-built last entry */
    ds->lads =
        alloc_array(L, (size_t)cJSON_GetArraySize(feats) + 1, sizeof *ds->lads);
    if (!ds->lads) {
        nomem(err);
        goto fail;
    }
    cJSON_ArrayForEach(feat, feats)
    {
        const cJSON *props;
        const char *code = NULL, *name, *place;
        ds_lad *lad = &ds->lads[i];
        char label[96];

        if (feature_props(feat, &props, err) != PC_OK ||
            jstr(props, "code", 1, &code, err) != PC_OK ||
            ds_parse_id(code, "code", err) != PC_OK ||
            jstr(props, "name", 1, &name, err) != PC_OK ||
            jstr(props, "place", 1, &place, err) != PC_OK)
            goto feature_fail;
        snprintf(label, sizeof label, "feature %d (%s)", i, code);
        if (feature_geom(L, F_LADS, feat, 0, label, &lad->geom, err) != PC_OK)
            goto feature_fail;
        lad->code = ds_arena_strdup(L->a, code);
        lad->name = ds_arena_strdup(L->a, name);
        lad->place = ds_arena_strdup(L->a, place);
        if (!lad->code || !lad->name || !lad->place) {
            nomem(err);
            goto fail;
        }
        ds->nlads++;
        if (unique_at(&L->lads, lad->code, (size_t)i, "feature", "code", err) !=
            PC_OK)
            goto feature_fail;
        i++;
        continue;
    feature_fail:
        if (code)
            pc_error_wrap(err, "feature %d (%s)", i, code);
        else
            pc_error_wrap(err, "feature %d", i);
        goto fail;
    }
    cJSON_Delete(doc);
    return build_places(L, err);
fail:
    cJSON_Delete(doc);
    if (err->code != PC_ERR_NOMEM)
        pc_error_wrap(err, "%s", L->path[F_LADS]);
    return err->code;
}

/* --- sites ------------------------------------------------------------ */

static const char *const planning_statuses[] = {
    "proposed",           "allocated", "outline", "full",
    "under_construction", "complete",  NULL};
static const char *const s106_positions[] = {"none",    "requested", "approved",
                                             "secured", "land_only", "limited",
                                             "unknown", NULL};
static const char *const settings[] = {"urban", "rural", NULL};

static pc_status site_trajectory(loader *L, const cJSON *props, ds_site *s,
                                 pc_error *err)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(props, "trajectory");
    const cJSON *c;
    long start = 0, sum = 0;
    int present = 0;
    size_t k = 0;

    if (jint(props, "trajectory_start", 0, YEAR_MIN, YEAR_MAX, &start, &present,
             err) != PC_OK)
        return err->code;
    if (!t || cJSON_IsNull(t)) {
        if (present)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "property \"trajectory\": missing (expected "
                           "completions per year from trajectory_start)");
        return PC_OK;
    }
    if (!present)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"trajectory_start\": missing (expected "
                       "the year of the first completions)");
    if (!cJSON_IsArray(t) || cJSON_GetArraySize(t) < 1)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"trajectory\": expected a non-empty array "
                       "of integers, got %s",
                       ds_json_type(t));
    s->ntraj = (size_t)cJSON_GetArraySize(t);
    if (start + (long)s->ntraj - 1 > YEAR_MAX)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"trajectory\": runs past %d", YEAR_MAX);
    s->traj = alloc_array(L, s->ntraj, sizeof *s->traj);
    if (!s->traj)
        return nomem(err);
    cJSON_ArrayForEach(c, t)
    {
        if (!cJSON_IsNumber(c) || c->valuedouble != floor(c->valuedouble) ||
            c->valuedouble < 0 || c->valuedouble > 1e6)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "property \"trajectory\"[%zu]: expected an "
                           "integer 0 to 1000000, got %s",
                           k, ds_json_type(c));
        s->traj[k] = (long)c->valuedouble;
        sum += s->traj[k++];
    }
    if (sum != s->dwellings)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"trajectory\": completions sum to %ld but "
                       "\"dwellings\" is %ld (expected the trajectory to "
                       "add up to the dwellings)",
                       sum, s->dwellings);
    s->traj_start = (int)start;
    return PC_OK;
}

static pc_status site_mix(const cJSON *props, ds_site *s, pc_error *err)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(props, "mix");
    const cJSON *c;
    double sum = 0;

    for (int b = 0; b < 6; b++)
        s->mix[b] = NAN;
    if (!m || cJSON_IsNull(m))
        return PC_OK;
    if (!cJSON_IsObject(m))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"mix\": expected an object of percentages "
                       "by bedrooms, got %s",
                       ds_json_type(m));
    for (int b = 1; b <= 5; b++)
        s->mix[b] = 0;
    cJSON_ArrayForEach(c, m)
    {
        int b = c->string[0] - '0';

        if (c->string[1] || b < 1 || b > 5)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "property \"mix\": key \"%s\" (expected bedrooms "
                           "\"1\" to \"5\")",
                           c->string);
        if (!cJSON_IsNumber(c) || c->valuedouble < 0 || c->valuedouble > 100)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "property \"mix\".\"%s\": expected a percentage 0 "
                           "to 100, got %s",
                           c->string, ds_json_type(c));
        s->mix[b] += c->valuedouble;
        sum += c->valuedouble;
    }
    if (fabs(sum - 100) > 0.5)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"mix\": percentages sum to %.1f (expected "
                       "100)",
                       sum);
    return PC_OK;
}

static pc_status load_site(loader *L, const cJSON *feat, ds_site *s,
                           pc_error *err)
{
    const cJSON *props, *g, *cil;
    const char *id = NULL, *name = NULL, *lad = NULL, *note = NULL;
    long dw = 0;
    int present;
    double area_ha = NAN;
    const cJSON *a;
    char label[96];

    if (feature_props(feat, &props, err) != PC_OK ||
        jstr(props, "site_id", 1, &id, err) != PC_OK ||
        ds_parse_id(id, "site_id", err) != PC_OK)
        return err->code;
    s->id = ds_arena_strdup(L->a, id);
    if (!s->id)
        return nomem(err);
    if (jstr(props, "name", 1, &name, err) != PC_OK ||
        jstr(props, "lad_code", 1, &lad, err) != PC_OK ||
        known(&L->lads, lad, "lad_code", "LAD", err) != PC_OK ||
        jint(props, "dwellings", 1, 0, 1000000, &dw, &present, err) != PC_OK)
        return err->code;
    s->dwellings = dw;
    if (site_trajectory(L, props, s, err) != PC_OK ||
        site_mix(props, s, err) != PC_OK ||
        jenum(props, "planning_status", planning_statuses, NULL,
              &s->planning_status, err) != PC_OK ||
        jenum(props, "s106_position", s106_positions, "unknown",
              &s->s106_position, err) != PC_OK ||
        jstr(props, "s106_note", 0, &note, err) != PC_OK ||
        jenum(props, "setting", settings, "urban", &s->setting, err) != PC_OK ||
        jillustrative(L, props, &s->illustrative, err) != PC_OK)
        return err->code;
    cil = cJSON_GetObjectItemCaseSensitive(props, "cil_liable");
    if (cil && !cJSON_IsNull(cil) && !cJSON_IsBool(cil))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"cil_liable\": expected true or false, got "
                       "%s",
                       ds_json_type(cil));
    s->cil_liable = !cil || cJSON_IsNull(cil) ? -1 : cJSON_IsTrue(cil);
    a = cJSON_GetObjectItemCaseSensitive(props, "area_ha");
    if (a && !cJSON_IsNull(a)) {
        if (!cJSON_IsNumber(a) || !(a->valuedouble > 0) ||
            a->valuedouble > 100000)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "property \"area_ha\": expected a number of "
                           "hectares > 0, got %s",
                           ds_json_type(a));
        area_ha = a->valuedouble;
    }
    g = cJSON_GetObjectItemCaseSensitive(feat, "geometry");
    s->geom_approx =
        cJSON_IsObject(g) &&
        cJSON_IsString(cJSON_GetObjectItemCaseSensitive(g, "type")) &&
        !strcmp(cJSON_GetObjectItemCaseSensitive(g, "type")->valuestring,
                "Point");
    if (s->geom_approx && isnan(area_ha))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"area_ha\": missing (a Point site needs "
                       "its area in hectares)");
    snprintf(label, sizeof label, "site %s", s->id);
    if (feature_geom(L, F_SITES, feat, s->geom_approx ? area_ha * 10000.0 : 0,
                     label, &s->geom, err) != PC_OK)
        return err->code;
    {
        double m2 = 0;

        if (geo_area_m2(L->geo, &s->geom, &m2, err) != PC_OK)
            return err->code;
        s->area_ha = m2 / 10000.0;
    }
    s->name = ds_arena_strdup(L->a, name);
    s->lad_code = ds_arena_strdup(L->a, lad);
    s->s106_note = dup_or_null(L, note);
    if (s->planning_status)
        s->planning_status = ds_arena_strdup(L->a, s->planning_status);
    s->s106_position = ds_arena_strdup(L->a, s->s106_position);
    s->setting = ds_arena_strdup(L->a, s->setting);
    if (!s->name || !s->lad_code || !s->s106_position || !s->setting)
        return nomem(err);
    return PC_OK;
}

/* Loads one feature into elem (the i-th of its array); *id names it in
 * messages once known. */
typedef pc_status (*feature_fn)(loader *L, const cJSON *feat, int i, void *elem,
                                const char **id, pc_error *err);

/* Reads the FeatureCollection of file `kind` into a new array of
 * elements of size elsize (*arr, with one spare slot: ds_dataset_free()
 * frees a half-built last entry), counting good ones in *count. Errors
 * name the feature by index and id field. */
static pc_status load_features(loader *L, int kind, void **arr, size_t elsize,
                               size_t *count, feature_fn fn,
                               const char *id_field, pc_error *err)
{
    cJSON *doc = NULL;
    const cJSON *feats, *feat;
    int i = 0;
    pc_status rc;

    if (!L->path[kind])
        return PC_OK;
    rc = read_json_file(L->path[kind], &doc, err);
    if (rc != PC_OK)
        return rc;
    if (features_of(doc, &feats, err) != PC_OK)
        goto fail;
    *arr = alloc_array(L, (size_t)cJSON_GetArraySize(feats) + 1, elsize);
    if (!*arr) {
        nomem(err);
        goto fail;
    }
    cJSON_ArrayForEach(feat, feats)
    {
        const char *id = NULL;

        rc = fn(L, feat, i, (char *)*arr + (size_t)i * elsize, &id, err);
        if (rc == PC_ERR_NOMEM)
            goto fail;
        if (rc != PC_OK) {
            if (id)
                pc_error_wrap(err, "feature %d (%s \"%s\")", i, id_field, id);
            else
                pc_error_wrap(err, "feature %d", i);
            goto fail;
        }
        (*count)++;
        i++;
    }
    cJSON_Delete(doc);
    return PC_OK;
fail:
    cJSON_Delete(doc);
    if (err->code != PC_ERR_NOMEM)
        pc_error_wrap(err, "%s", L->path[kind]);
    return err->code;
}

static pc_status site_feature(loader *L, const cJSON *feat, int i, void *elem,
                              const char **id, pc_error *err)
{
    ds_site *s = elem;
    pc_status rc = load_site(L, feat, s, err);

    *id = s->id;
    if (rc != PC_OK)
        return rc;
    return unique_at(&L->sites, s->id, (size_t)i, "feature", "site_id", err);
}

static pc_status load_sites(loader *L, pc_error *err)
{
    return load_features(L, F_SITES, (void **)&L->ds->sites,
                         sizeof *L->ds->sites, &L->ds->nsites, site_feature,
                         "site_id", err);
}

/* --- catchments ------------------------------------------------------- */

/* A practice's registration catchment: one polygon per practice. */
static pc_status catchment_feature(loader *L, const cJSON *feat, int i,
                                   void *elem, const char **id, pc_error *err)
{
    ds_catchment *c = elem;
    const cJSON *props;
    const char *code = NULL;
    char label[96];

    if (feature_props(feat, &props, err) != PC_OK ||
        jstr(props, "practice_code", 1, &code, err) != PC_OK)
        return err->code;
    c->practice_code = ds_arena_strdup(L->a, code);
    if (!c->practice_code)
        return nomem(err);
    *id = c->practice_code;
    snprintf(label, sizeof label, "feature %d (%s)", i, code);
    if (known(&L->practices, code, "practice_code", "practice", err) != PC_OK ||
        jillustrative(L, props, &c->illustrative, err) != PC_OK ||
        feature_geom(L, F_CATCHMENTS, feat, 0, label, &c->geom, err) != PC_OK)
        return err->code;
    return unique_at(&L->catchments, c->practice_code, (size_t)i, "feature",
                     "practice_code", err);
}

static pc_status load_catchments(loader *L, pc_error *err)
{
    return load_features(L, F_CATCHMENTS, (void **)&L->ds->catchments,
                         sizeof *L->ds->catchments, &L->ds->ncatchments,
                         catchment_feature, "practice_code", err);
}

/* --- schemes ---------------------------------------------------------- */

static pc_status check_funding(const char *v, pc_error *err)
{
    static const char *const routes[] = {"icb",   "s106",    "cil",
                                         "grant", "partner", NULL};
    char buf[256];
    char *tok, *save = NULL;

    if (!*v)
        return PC_OK;
    if (strlen(v) >= sizeof buf)
        return PC_FAIL(err, PC_ERR_INPUT, "field \"funding\": too long");
    snprintf(buf, sizeof buf, "%s", v);
    for (tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
        if (ds_parse_enum(tok, "funding", routes, err) != PC_OK)
            return err->code;
    return PC_OK;
}

static pc_status scheme_profile(loader *L, ds_scheme *s, const char *v,
                                pc_error *err)
{
    const char **items = NULL;
    size_t n = 0;
    double sum = 0;

    s->spend_profile =
        alloc_array(L, (size_t)s->duration_years, sizeof *s->spend_profile);
    if (!s->spend_profile)
        return nomem(err);
    if (!*v) {
        for (int y = 0; y < s->duration_years; y++)
            s->spend_profile[y] = 1.0 / s->duration_years;
        return PC_OK;
    }
    if (split_list(L, v, &items, &n, err) != PC_OK)
        return err->code;
    if (n != (size_t)s->duration_years)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"spend_profile\": %zu shares for %d years "
                       "(expected one share per year of duration_years)",
                       n, s->duration_years);
    for (size_t k = 0; k < n; k++) {
        if (ds_parse_double(items[k], "spend_profile", 0, 1,
                            &s->spend_profile[k], err) != PC_OK)
            return err->code;
        sum += s->spend_profile[k];
    }
    if (fabs(sum - 1) > 1e-6)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"spend_profile\": shares sum to %.6f "
                       "(expected 1)",
                       sum);
    return PC_OK;
}

static pc_status load_schemes(loader *L, const ds_csv *csv, pc_error *err)
{
    static const char *const kinds[] = {
        "new_build",     "extension", "reconfiguration",
        "refurbishment", "land",      NULL};
    static const char *const statuses[] = {"delivered", "committed",
                                           "candidate", NULL};
    static const colspec spec[] = {
        {"scheme_id", 1},       {"name", 1},           {"place", 1},
        {"premises_id", 0},     {"site_id", 0},        {"kind", 1},
        {"status", 1},          {"rooms_consult", 1},  {"rooms_treatment", 1},
        {"rooms_other", 1},     {"m2_added", 0},       {"cost_gbp", 1},
        {"spend_profile", 0},   {"earliest_start", 0}, {"duration_years", 1},
        {"completion_year", 0}, {"rent_gbp", 0},       {"funding", 0},
        {"option_group", 0},    {"depends_on", 0},     {"illustrative", 0}};
    enum {
        ID,
        NAME,
        PLACE,
        PREM,
        SITE,
        KIND,
        STAT,
        RC,
        RT,
        RO,
        M2,
        COST,
        PROF,
        START,
        DUR,
        DONE,
        RENT,
        FUND,
        OPT,
        DEPS,
        ILL,
        NCOL
    };
    int c[NCOL];
    ds_dataset *ds = L->ds;

    if (find_cols(csv, spec, NCOL, c, err) != PC_OK)
        return err->code;
    ds->schemes = alloc_array(L, csv->nrows, sizeof *ds->schemes);
    if (!ds->schemes)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_scheme *s = &ds->schemes[r];
        long rc_ = 0, rt = 0, ro = 0, start = 0, dur = 0, done = 0;
        const char *prem = cell(csv, r, c[PREM]);
        const char *site = cell(csv, r, c[SITE]);
        const char *opt = cell(csv, r, c[OPT]);

        if (ds_parse_id(cell(csv, r, c[ID]), "scheme_id", err) != PC_OK ||
            req_text(csv, r, c[NAME], "name", err) != PC_OK ||
            known(&L->places, cell(csv, r, c[PLACE]), "place", "place", err) !=
                PC_OK ||
            (*prem && known(&L->premises, prem, "premises_id", "premises",
                            err) != PC_OK) ||
            (*site &&
             known(&L->sites, site, "site_id", "site", err) != PC_OK) ||
            ds_parse_enum(cell(csv, r, c[KIND]), "kind", kinds, err) != PC_OK ||
            ds_parse_enum(cell(csv, r, c[STAT]), "status", statuses, err) !=
                PC_OK ||
            req_int(csv, r, c[RC], "rooms_consult", 0, 1000, &rc_, err) !=
                PC_OK ||
            req_int(csv, r, c[RT], "rooms_treatment", 0, 1000, &rt, err) !=
                PC_OK ||
            req_int(csv, r, c[RO], "rooms_other", 0, 1000, &ro, err) != PC_OK ||
            opt_double(csv, r, c[M2], "m2_added", 0, 1e6, &s->m2_added, err) !=
                PC_OK ||
            ds_parse_double(cell(csv, r, c[COST]), "cost_gbp", 0, 1e10,
                            &s->cost_gbp, err) != PC_OK ||
            opt_int(csv, r, c[START], "earliest_start", YEAR_MIN, YEAR_MAX, 0,
                    &start, err) != PC_OK ||
            req_int(csv, r, c[DUR], "duration_years", 1, 10, &dur, err) !=
                PC_OK ||
            opt_int(csv, r, c[DONE], "completion_year", YEAR_MIN, YEAR_MAX, 0,
                    &done, err) != PC_OK ||
            opt_double(csv, r, c[RENT], "rent_gbp", -1e8, 1e8, &s->rent_gbp,
                       err) != PC_OK ||
            check_funding(cell(csv, r, c[FUND]), err) != PC_OK ||
            (*opt && ds_parse_id(opt, "option_group", err) != PC_OK) ||
            check_illustrative_csv(csv, cell(csv, r, c[ILL]), err) != PC_OK)
            return ROW_FAIL(csv, r);
        s->rooms_consult = (int)rc_;
        s->rooms_treatment = (int)rt;
        s->rooms_other = (int)ro;
        s->earliest_start = (int)start;
        s->duration_years = (int)dur;
        s->completion_year = (int)done;
        s->status = ds_arena_strdup(L->a, cell(csv, r, c[STAT]));
        if (!s->status)
            return nomem(err);
        if (!strcmp(s->status, "delivered") && !done) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "field \"completion_year\": empty (expected the year a "
                    "delivered scheme completed)");
            return ROW_FAIL(csv, r);
        }
        if (scheme_profile(L, s, cell(csv, r, c[PROF]), err) != PC_OK)
            return ROW_FAIL(csv, r);
        s->id = ds_arena_strdup(L->a, cell(csv, r, c[ID]));
        s->name = ds_arena_strdup(L->a, cell(csv, r, c[NAME]));
        s->place = ds_arena_strdup(L->a, cell(csv, r, c[PLACE]));
        s->premises_id = dup_or_null(L, prem);
        s->site_id = dup_or_null(L, site);
        s->kind = ds_arena_strdup(L->a, cell(csv, r, c[KIND]));
        s->funding = dup_or_null(L, cell(csv, r, c[FUND]));
        s->option_group = dup_or_null(L, opt);
        s->illustrative = dup_or_null(L, cell(csv, r, c[ILL]));
        if (!s->id || !s->name || !s->place || !s->kind)
            return nomem(err);
        if (split_list(L, cell(csv, r, c[DEPS]), &s->depends_on, &s->ndepends,
                       err) != PC_OK)
            return err->code;
        if (unique(&L->schemes, s->id, (size_t)csv->line[r], "scheme_id",
                   err) != PC_OK)
            return ROW_FAIL(csv, r);
        ds->nschemes++;
    }
    /* dependencies name schemes of this file, never themselves */
    for (size_t r = 0; r < ds->nschemes; r++) {
        ds_scheme *s = &ds->schemes[r];

        for (size_t k = 0; k < s->ndepends; k++) {
            if (known(&L->schemes, s->depends_on[k], "depends_on", "scheme",
                      err) != PC_OK)
                return ROW_FAIL(csv, r);
            if (!strcmp(s->depends_on[k], s->id)) {
                PC_FAIL(err, PC_ERR_INPUT,
                        "field \"depends_on\": scheme \"%s\" depends on "
                        "itself",
                        s->id);
                return ROW_FAIL(csv, r);
            }
            for (size_t j = 0; j < k; j++)
                if (!strcmp(s->depends_on[j], s->depends_on[k])) {
                    PC_FAIL(err, PC_ERR_INPUT,
                            "field \"depends_on\": \"%s\" is listed twice",
                            s->depends_on[k]);
                    return ROW_FAIL(csv, r);
                }
        }
    }
    return PC_OK;
}

/* --- contributions ---------------------------------------------------- */

static pc_status check_triggers(loader *L, const char *v, long dwellings,
                                pc_error *err)
{
    const char **items = NULL;
    size_t n = 0;
    double sum = 0;

    if (!*v)
        return PC_OK;
    if (split_list(L, v, &items, &n, err) != PC_OK)
        return err->code;
    for (size_t k = 0; k < n; k++) {
        const char *at = strchr(items[k], '@');
        char pct[32];
        double p;
        const char *ev;

        if (!at || at == items[k] || at[-1] != '%' ||
            (size_t)(at - items[k]) >= sizeof pct)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "field \"triggers\": \"%s\" (expected PCT%%@EVENT, "
                           "e.g. 50%%@commencement)",
                           items[k]);
        memcpy(pct, items[k], (size_t)(at - items[k]) - 1);
        pct[at - items[k] - 1] = '\0';
        if (ds_parse_double(pct, "triggers", 0, 100, &p, err) != PC_OK)
            return err->code;
        sum += p;
        ev = at + 1;
        if (!strcmp(ev, "commencement"))
            continue;
        if (!strncmp(ev, "occupation:", 11)) {
            long nth;

            if (ds_parse_long(ev + 11, "triggers", 1,
                              dwellings > 0 ? dwellings : 1, &nth,
                              err) != PC_OK)
                return pc_error_wrap(err, "occupation of the Nth dwelling "
                                          "(N from 1 to the site's "
                                          "dwellings)");
            continue;
        }
        if (!strncmp(ev, "date:", 5)) {
            if (ds_parse_date(ev + 5, "triggers", err) != PC_OK)
                return err->code;
            continue;
        }
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"triggers\": event \"%s\" (expected "
                       "commencement, occupation:N or date:YYYY-MM-DD)",
                       ev);
    }
    if (fabs(sum - 100) > 0.01)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"triggers\": percentages sum to %.2f "
                       "(expected 100)",
                       sum);
    return PC_OK;
}

static pc_status check_purpose(loader *L, const char *v, pc_error *err)
{
    if (!*v || !strcmp(v, "general"))
        return PC_OK;
    if (!strncmp(v, "locality:", 9) && v[9])
        return PC_OK;
    if (!strncmp(v, "practice:", 9))
        return known(&L->practices, v + 9, "purpose", "practice", err);
    if (!strncmp(v, "scheme:", 7))
        return known(&L->schemes, v + 7, "purpose", "scheme", err);
    return PC_FAIL(err, PC_ERR_INPUT,
                   "field \"purpose\": \"%s\" (expected general, "
                   "locality:NAME, practice:CODE or scheme:ID)",
                   v);
}

static pc_status load_contributions(loader *L, const ds_csv *csv, pc_error *err)
{
    static const char *const kinds[] = {"s106", "cil", NULL};
    static const char *const statuses[] = {"requested",   "agreed", "received",
                                           "transferred", "spent",  "repaid",
                                           NULL};
    static const colspec spec[] = {{"contribution_id", 1},
                                   {"site_id", 1},
                                   {"kind", 1},
                                   {"status", 1},
                                   {"amount_gbp", 1},
                                   {"base_date", 0},
                                   {"land", 0},
                                   {"land_ha", 0},
                                   {"purpose", 0},
                                   {"triggers", 0},
                                   {"spend_by_years", 0},
                                   {"received_gbp", 0},
                                   {"received_date", 0},
                                   {"spent_gbp", 0},
                                   {"illustrative", 0}};
    enum {
        ID,
        SITE,
        KIND,
        STAT,
        AMT,
        BASE,
        LAND,
        LHA,
        PURP,
        TRIG,
        SPEND,
        RECV,
        RDATE,
        SPENT,
        ILL,
        NCOL
    };
    int c[NCOL];
    ds_dataset *ds = L->ds;

    if (find_cols(csv, spec, NCOL, c, err) != PC_OK)
        return err->code;
    ds->contributions = alloc_array(L, csv->nrows, sizeof *ds->contributions);
    if (!ds->contributions)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_contribution *k = &ds->contributions[r];
        const char *site = cell(csv, r, c[SITE]);
        const char *base = cell(csv, r, c[BASE]);
        const char *rdate = cell(csv, r, c[RDATE]);
        long spend_by = -1;
        size_t si = 0;

        if (ds_parse_id(cell(csv, r, c[ID]), "contribution_id", err) != PC_OK ||
            known(&L->sites, site, "site_id", "site", err) != PC_OK ||
            ds_parse_enum(cell(csv, r, c[KIND]), "kind", kinds, err) != PC_OK ||
            ds_parse_enum(cell(csv, r, c[STAT]), "status", statuses, err) !=
                PC_OK ||
            ds_parse_double(cell(csv, r, c[AMT]), "amount_gbp", 0, 1e10,
                            &k->amount_gbp, err) != PC_OK ||
            (*base && ds_parse_date(base, "base_date", err) != PC_OK) ||
            ds_parse_bool(cell(csv, r, c[LAND]), "land", &k->land, err) !=
                PC_OK ||
            opt_double(csv, r, c[LHA], "land_ha", 0, 10000, &k->land_ha, err) !=
                PC_OK ||
            check_purpose(L, cell(csv, r, c[PURP]), err) != PC_OK ||
            opt_int(csv, r, c[SPEND], "spend_by_years", 0, 50, -1, &spend_by,
                    err) != PC_OK ||
            opt_double(csv, r, c[RECV], "received_gbp", 0, 1e10,
                       &k->received_gbp, err) != PC_OK ||
            (*rdate && ds_parse_date(rdate, "received_date", err) != PC_OK) ||
            opt_double(csv, r, c[SPENT], "spent_gbp", 0, 1e10, &k->spent_gbp,
                       err) != PC_OK ||
            check_illustrative_csv(csv, cell(csv, r, c[ILL]), err) != PC_OK)
            return ROW_FAIL(csv, r);
        ds_index_get(&L->sites, site, &si);
        if (check_triggers(L, cell(csv, r, c[TRIG]), ds->sites[si].dwellings,
                           err) != PC_OK)
            return ROW_FAIL(csv, r);
        if (!isnan(k->spent_gbp) &&
            k->spent_gbp > (isnan(k->received_gbp) ? 0 : k->received_gbp)) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "field \"spent_gbp\": more than received_gbp (expected "
                    "spending of money received only)");
            return ROW_FAIL(csv, r);
        }
        k->spend_by_years = (int)spend_by;
        k->id = ds_arena_strdup(L->a, cell(csv, r, c[ID]));
        k->site_id = ds_arena_strdup(L->a, site);
        k->kind = ds_arena_strdup(L->a, cell(csv, r, c[KIND]));
        k->status = ds_arena_strdup(L->a, cell(csv, r, c[STAT]));
        k->base_date = dup_or_null(L, base);
        k->purpose = dup_or_null(L, cell(csv, r, c[PURP]));
        k->triggers = dup_or_null(L, cell(csv, r, c[TRIG]));
        k->received_date = dup_or_null(L, rdate);
        k->illustrative = dup_or_null(L, cell(csv, r, c[ILL]));
        if (!k->id || !k->site_id || !k->kind || !k->status)
            return nomem(err);
        ds->ncontributions++;
    }
    {
        ds_index ids = {0};
        pc_status rc = PC_OK;

        for (size_t r = 0; r < ds->ncontributions && rc == PC_OK; r++)
            if (unique(&ids, ds->contributions[r].id, (size_t)csv->line[r],
                       "contribution_id", err) != PC_OK)
                rc = ROW_FAIL(csv, r);
        ds_index_free(&ids);
        return rc;
    }
}

/* --- assumptions, presets, projections, LSOAs ------------------------- */

static pc_status load_assumptions(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {{"assumption_id", 1},
                                   {"value", 1},
                                   {"unit", 1},
                                   {"source", 1},
                                   {"note", 0}};
    int c[5];
    ds_dataset *ds = L->ds;

    if (find_cols(csv, spec, 5, c, err) != PC_OK)
        return err->code;
    ds->assumptions = alloc_array(L, csv->nrows, sizeof *ds->assumptions);
    if (!ds->assumptions)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_assumption *a = &ds->assumptions[r];

        if (ds_parse_id(cell(csv, r, c[0]), "assumption_id", err) != PC_OK ||
            ds_parse_double(cell(csv, r, c[1]), "value", -1e12, 1e12, &a->value,
                            err) != PC_OK ||
            req_text(csv, r, c[2], "unit", err) != PC_OK ||
            req_text(csv, r, c[3], "source", err) != PC_OK)
            return ROW_FAIL(csv, r);
        a->id = ds_arena_strdup(L->a, cell(csv, r, c[0]));
        a->unit = ds_arena_strdup(L->a, cell(csv, r, c[2]));
        a->source = ds_arena_strdup(L->a, cell(csv, r, c[3]));
        a->note = dup_or_null(L, cell(csv, r, c[4]));
        if (!a->id || !a->unit || !a->source)
            return nomem(err);
        if (unique(&L->assumptions, a->id, (size_t)csv->line[r],
                   "assumption_id", err) != PC_OK)
            return ROW_FAIL(csv, r);
        ds->nassumptions++;
    }
    return PC_OK;
}

static pc_status load_presets(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"preset", 1}, {"assumption_id", 1}, {"value", 1}};
    int c[3];
    ds_dataset *ds = L->ds;
    ds_index pairs = {0};
    pc_status rc = PC_OK;

    if (find_cols(csv, spec, 3, c, err) != PC_OK)
        return err->code;
    ds->presets = alloc_array(L, csv->nrows, sizeof *ds->presets);
    if (!ds->presets)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows && rc == PC_OK; r++) {
        ds_preset_value *p = &ds->presets[r];
        char key[80];
        char *k;

        if (ds_parse_id(cell(csv, r, c[0]), "preset", err) != PC_OK ||
            known(&L->assumptions, cell(csv, r, c[1]), "assumption_id",
                  "assumption", err) != PC_OK ||
            ds_parse_double(cell(csv, r, c[2]), "value", -1e12, 1e12, &p->value,
                            err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            break;
        }
        p->preset = ds_arena_strdup(L->a, cell(csv, r, c[0]));
        p->assumption_id = ds_arena_strdup(L->a, cell(csv, r, c[1]));
        snprintf(key, sizeof key, "%s|%s", cell(csv, r, c[0]),
                 cell(csv, r, c[1]));
        k = ds_arena_strdup(L->a, key);
        if (!p->preset || !p->assumption_id || !k) {
            rc = nomem(err);
            break;
        }
        if (unique(&pairs, k, (size_t)csv->line[r], "assumption_id", err) !=
            PC_OK) {
            rc = ROW_FAIL(csv, r);
            break;
        }
        ds->npresets++;
    }
    ds_index_free(&pairs);
    return rc;
}

static pc_status load_projections(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"lad_code", 1}, {"year", 1}, {"population", 1}};
    int c[3];
    ds_dataset *ds = L->ds;
    ds_index pairs = {0};
    pc_status rc = PC_OK;

    if (find_cols(csv, spec, 3, c, err) != PC_OK)
        return err->code;
    ds->projections = alloc_array(L, csv->nrows, sizeof *ds->projections);
    if (!ds->projections)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows && rc == PC_OK; r++) {
        ds_projection *p = &ds->projections[r];
        long year = 0;
        char key[64];
        char *k;

        if (known(&L->lads, cell(csv, r, c[0]), "lad_code", "LAD", err) !=
                PC_OK ||
            req_int(csv, r, c[1], "year", YEAR_MIN, YEAR_MAX, &year, err) !=
                PC_OK ||
            ds_parse_double(cell(csv, r, c[2]), "population", 0, 1e9,
                            &p->population, err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            break;
        }
        p->year = (int)year;
        p->lad_code = ds_arena_strdup(L->a, cell(csv, r, c[0]));
        snprintf(key, sizeof key, "%s|%ld", cell(csv, r, c[0]), year);
        k = ds_arena_strdup(L->a, key);
        if (!p->lad_code || !k) {
            rc = nomem(err);
            break;
        }
        if (unique(&pairs, k, (size_t)csv->line[r], "year", err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            break;
        }
        ds->nprojections++;
    }
    ds_index_free(&pairs);
    return rc;
}

static pc_status load_lsoas(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"lsoa_code", 1}, {"lad_code", 1}, {"imd_score", 1}, {"population", 1}};
    int c[4];
    ds_dataset *ds = L->ds;
    ds_index ids = {0};
    pc_status rc = PC_OK;

    if (find_cols(csv, spec, 4, c, err) != PC_OK)
        return err->code;
    ds->lsoas = alloc_array(L, csv->nrows, sizeof *ds->lsoas);
    if (!ds->lsoas)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows && rc == PC_OK; r++) {
        ds_lsoa *s = &ds->lsoas[r];

        if (ds_parse_id(cell(csv, r, c[0]), "lsoa_code", err) != PC_OK ||
            known(&L->lads, cell(csv, r, c[1]), "lad_code", "LAD", err) !=
                PC_OK ||
            ds_parse_double(cell(csv, r, c[2]), "imd_score", 0, 100,
                            &s->imd_score, err) != PC_OK ||
            req_int(csv, r, c[3], "population", 0, 1000000, &s->population,
                    err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            break;
        }
        s->code = ds_arena_strdup(L->a, cell(csv, r, c[0]));
        s->lad_code = ds_arena_strdup(L->a, cell(csv, r, c[1]));
        if (!s->code || !s->lad_code) {
            rc = nomem(err);
            break;
        }
        if (unique(&ids, s->code, (size_t)csv->line[r], "lsoa_code", err) !=
            PC_OK) {
            rc = ROW_FAIL(csv, r);
            break;
        }
        ds->nlsoas++;
    }
    ds_index_free(&ids);
    return rc;
}

/* --- construction cost index ------------------------------------------ */

#define COST_INDEX_MAX 1e6

/* The index series: one value per date, dates strictly ascending, so that
 * the index on any date is the latest entry on or before it. */
static pc_status load_cost_index(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"date", 1}, {"value", 1}, {"source", 0}, {"illustrative", 0}};
    enum { DATE, VALUE, SOURCE, ILL, NCOL };
    int c[NCOL];
    ds_dataset *ds = L->ds;

    if (find_cols(csv, spec, NCOL, c, err) != PC_OK)
        return err->code;
    if (csv->nrows == 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "no rows (expected at least one index entry)");
    ds->cost_index = alloc_array(L, csv->nrows, sizeof *ds->cost_index);
    if (!ds->cost_index)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_cost_index *x = &ds->cost_index[r];
        const char *date = cell(csv, r, c[DATE]);
        const char *value = cell(csv, r, c[VALUE]);

        if (ds_parse_date(date, "date", err) != PC_OK ||
            ds_parse_double(value, "value", 0, COST_INDEX_MAX, &x->value,
                            err) != PC_OK ||
            check_illustrative_csv(csv, cell(csv, r, c[ILL]), err) != PC_OK)
            return ROW_FAIL(csv, r);
        if (!(x->value > 0)) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "field \"value\": \"%.32s\" is out of range (expected a "
                    "number greater than 0 and at most 1000000)",
                    value);
            return ROW_FAIL(csv, r);
        }
        if (r > 0) {
            const char *prev = ds->cost_index[r - 1].date;
            int cmp = strcmp(date, prev);

            if (cmp == 0) {
                PC_FAIL(err, PC_ERR_INPUT,
                        "field \"date\": \"%s\" is given twice (first at row "
                        "%ld; expected each date once, in ascending order)",
                        date, csv->line[r - 1]);
                return ROW_FAIL(csv, r);
            }
            if (cmp < 0) {
                PC_FAIL(err, PC_ERR_INPUT,
                        "field \"date\": \"%s\" is before %s of row %ld "
                        "(expected dates in ascending order, each once)",
                        date, prev, csv->line[r - 1]);
                return ROW_FAIL(csv, r);
            }
        }
        x->date = ds_arena_strdup(L->a, date);
        x->source = dup_or_null(L, cell(csv, r, c[SOURCE]));
        x->illustrative = dup_or_null(L, cell(csv, r, c[ILL]));
        if (!x->date || (*cell(csv, r, c[SOURCE]) && !x->source) ||
            (*cell(csv, r, c[ILL]) && !x->illustrative))
            return nomem(err);
        ds->ncost_index++;
    }
    return PC_OK;
}

/* --- funds ------------------------------------------------------------ */

#define FUND_YEAR_MIN   1990
#define FUND_YEAR_MAX   2100
#define FUND_AMOUNT_MAX 1e11

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* A value of a fund's row as a message shows it: "text", a year, or
 * empty. */
static const char *fund_shown(const char *s, int year, char *buf, size_t n)
{
    if (s)
        snprintf(buf, n, "\"%.64s\"", s);
    else if (year)
        snprintf(buf, n, "%d", year);
    else
        snprintf(buf, n, "empty");
    return buf;
}

/* Row x of a fund gives the kind, scheme, place and deadline of the
 * fund's first row f (at file row `first_line`). */
static pc_status fund_same_terms(const ds_fund *x, const ds_fund *f,
                                 long first_line, pc_error *err)
{
    const char *field = NULL;
    char got[80], want[80];

    if (strcmp(x->kind, f->kind)) {
        field = "kind";
        fund_shown(x->kind, 0, got, sizeof got);
        fund_shown(f->kind, 0, want, sizeof want);
    } else if (!same_str(x->scheme_id, f->scheme_id)) {
        field = "scheme_id";
        fund_shown(x->scheme_id, 0, got, sizeof got);
        fund_shown(f->scheme_id, 0, want, sizeof want);
    } else if (!same_str(x->place, f->place)) {
        field = "place";
        fund_shown(x->place, 0, got, sizeof got);
        fund_shown(f->place, 0, want, sizeof want);
    } else if (x->spend_by_year != f->spend_by_year) {
        field = "spend_by_year";
        fund_shown(NULL, x->spend_by_year, got, sizeof got);
        fund_shown(NULL, f->spend_by_year, want, sizeof want);
    }
    if (!field)
        return PC_OK;
    return PC_FAIL(err, PC_ERR_INPUT,
                   "field \"%s\": %s here but %s on row %ld, the first row "
                   "of fund \"%s\" (expected the same kind, scheme_id, place "
                   "and spend_by_year on every row of a fund)",
                   field, got, want, first_line, x->id);
}

/* A fund tied to a scheme and a place: the scheme must be in the place. */
static pc_status fund_scheme_place(const ds_dataset *ds, const ds_fund *x,
                                   pc_error *err)
{
    for (size_t i = 0; i < ds->nschemes; i++)
        if (!strcmp(ds->schemes[i].id, x->scheme_id) &&
            strcmp(ds->schemes[i].place, x->place))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "field \"place\": \"%s\", but scheme \"%s\" is "
                           "in \"%s\" (expected the scheme's place, or empty)",
                           x->place, x->scheme_id, ds->schemes[i].place);
    return PC_OK;
}

/* Capital money other than contributions: one row per fund and year. A
 * fund's rows share its kind, scheme, place and spend-by year. */
static pc_status load_funds(loader *L, const ds_csv *csv, pc_error *err)
{
    static const char *const kinds[] = {"icb", "grant", "partner", NULL};
    static const colspec spec[] = {
        {"fund_id", 1},       {"kind", 1},      {"year", 1},
        {"amount_gbp", 1},    {"scheme_id", 0}, {"place", 0},
        {"spend_by_year", 0}, {"source", 0},    {"illustrative", 0}};
    enum { ID, KIND, YEAR, AMT, SCHEME, PLACE, SPEND, SOURCE, ILL, NCOL };
    int c[NCOL];
    ds_dataset *ds = L->ds;
    ds_index first = {0}; /* fund_id -> index of its first row */
    ds_index pairs = {0}; /* "fund_id|year" */
    pc_status rc = PC_OK;

    if (find_cols(csv, spec, NCOL, c, err) != PC_OK)
        return err->code;
    if (csv->nrows == 0) /* as if the file were not there */
        return PC_OK;
    ds->funds = alloc_array(L, csv->nrows, sizeof *ds->funds);
    if (!ds->funds)
        return nomem(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_fund *x = &ds->funds[r];
        const char *scheme = cell(csv, r, c[SCHEME]);
        const char *place = cell(csv, r, c[PLACE]);
        long year = 0, spend_by = 0;
        size_t f = 0;
        char *key;
        int put;

        if (ds_parse_id(cell(csv, r, c[ID]), "fund_id", err) != PC_OK ||
            ds_parse_enum(cell(csv, r, c[KIND]), "kind", kinds, err) != PC_OK ||
            req_int(csv, r, c[YEAR], "year", FUND_YEAR_MIN, FUND_YEAR_MAX,
                    &year, err) != PC_OK ||
            ds_parse_double(cell(csv, r, c[AMT]), "amount_gbp", 0,
                            FUND_AMOUNT_MAX, &x->amount_gbp, err) != PC_OK ||
            (*scheme &&
             known(&L->schemes, scheme, "scheme_id", "scheme", err) != PC_OK) ||
            (*place &&
             known(&L->places, place, "place", "place", err) != PC_OK) ||
            opt_int(csv, r, c[SPEND], "spend_by_year", FUND_YEAR_MIN,
                    FUND_YEAR_MAX, 0, &spend_by, err) != PC_OK ||
            check_illustrative_csv(csv, cell(csv, r, c[ILL]), err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        if (spend_by && spend_by < year) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "field \"spend_by_year\": %ld is before the year %ld the "
                    "money is available from (expected %ld or later)",
                    spend_by, year, year);
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        x->year = (int)year;
        x->spend_by_year = (int)spend_by;
        x->id = ds_arena_strdup(L->a, cell(csv, r, c[ID]));
        x->kind = ds_arena_strdup(L->a, cell(csv, r, c[KIND]));
        x->scheme_id = dup_or_null(L, scheme);
        x->place = dup_or_null(L, place);
        x->source = dup_or_null(L, cell(csv, r, c[SOURCE]));
        x->illustrative = dup_or_null(L, cell(csv, r, c[ILL]));
        key = ds_arena_printf(L->a, "%s|%ld", cell(csv, r, c[ID]), year);
        if (!x->id || !x->kind || !key || (*scheme && !x->scheme_id) ||
            (*place && !x->place) || (*cell(csv, r, c[SOURCE]) && !x->source) ||
            (*cell(csv, r, c[ILL]) && !x->illustrative)) {
            rc = nomem(err);
            goto done;
        }
        if (x->scheme_id && x->place &&
            fund_scheme_place(ds, x, err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        put = ds_index_put(&pairs, key, r, &f);
        if (put < 0) {
            rc = nomem(err);
            goto done;
        }
        if (put == 0) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "field \"year\": fund \"%s\" has two rows for %d (first "
                    "at row %ld; expected each fund and year once)",
                    x->id, x->year, csv->line[f]);
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        put = ds_index_put(&first, x->id, r, &f);
        if (put < 0) {
            rc = nomem(err);
            goto done;
        }
        if (put == 0 &&
            fund_same_terms(x, &ds->funds[f], csv->line[f], err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        ds->nfunds++;
    }
done:
    ds_index_free(&first);
    ds_index_free(&pairs);
    return rc;
}

/* --- entry points ----------------------------------------------------- */

void ds_dataset_free(ds_dataset *ds)
{
    if (!ds)
        return;
    geo_wkb_free(&ds->system_geom);
    for (size_t i = 0; i < ds->nplaces; i++)
        geo_wkb_free(&ds->places[i].geom);
    /* a LAD or site that failed part-way may hold geometry: free all */
    if (ds->lads)
        for (size_t i = 0; i <= ds->nlads; i++)
            geo_wkb_free(&ds->lads[i].geom);
    if (ds->sites)
        for (size_t i = 0; i <= ds->nsites; i++)
            geo_wkb_free(&ds->sites[i].geom);
    if (ds->catchments)
        for (size_t i = 0; i <= ds->ncatchments; i++)
            geo_wkb_free(&ds->catchments[i].geom);
    ds_arena_free(ds->arena);
    free(ds);
}

pc_status ds_dataset_load(geo_ctx *geo, const char *dir, ds_dataset **out,
                          pc_error *err)
{
    loader L;
    cJSON *m = NULL;
    char *mpath = NULL;
    pc_status rc;

    memset(&L, 0, sizeof L);
    L.geo = geo;
    L.ds = calloc(1, sizeof *L.ds);
    if (!L.ds)
        return nomem(err);
    L.a = L.ds->arena = ds_arena_new();
    if (!L.a) {
        free(L.ds);
        return nomem(err);
    }
    L.ds->dir = ds_arena_strdup(L.a, dir);
    mpath = ds_arena_alloc(L.a, strlen(dir) + sizeof "/dataset.json");
    if (!L.ds->dir || !mpath) {
        rc = nomem(err);
        goto done;
    }
    sprintf(mpath, "%s/dataset.json", dir);
    rc = read_json_file(mpath, &m, err);
    if (rc == PC_ERR_IO) {
        /* no manifest: the user named the wrong directory */
        rc = err->code = PC_ERR_INPUT;
        pc_error_wrap(err, "not a dataset directory (expected %s)", mpath);
    }
    if (rc != PC_OK)
        goto done;
    rc = manifest_read(&L, m, dir, err);
    cJSON_Delete(m);
    if (rc != PC_OK) {
        pc_error_wrap(err, "%s", mpath);
        goto done;
    }
    /* a named file that is missing is reported before any is parsed */
    for (int k = 0; k < F_COUNT; k++) {
        FILE *f;

        if (!L.path[k])
            continue;
        f = fopen(L.path[k], "rb");
        if (!f) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "%s: \"files\".\"%s\": %s cannot be read (expected "
                         "the file to exist)",
                         mpath, file_kinds[k].key, L.path[k]);
            goto done;
        }
        fclose(f);
    }
    if ((rc = load_system(&L, err)) != PC_OK ||
        (rc = load_lads(&L, err)) != PC_OK ||
        (rc = load_csv(&L, F_PCNS, load_pcns, err)) != PC_OK ||
        (rc = load_csv(&L, F_PRACTICES, load_practices, err)) != PC_OK ||
        (rc = load_csv(&L, F_LIST_SIZES, load_list_sizes, err)) != PC_OK ||
        (rc = load_csv(&L, F_PREMISES, load_premises, err)) != PC_OK ||
        (rc = load_sites(&L, err)) != PC_OK ||
        (rc = load_catchments(&L, err)) != PC_OK ||
        (rc = load_csv(&L, F_SCHEMES, load_schemes, err)) != PC_OK ||
        (rc = load_csv(&L, F_CONTRIBUTIONS, load_contributions, err)) !=
            PC_OK ||
        (rc = load_csv(&L, F_ASSUMPTIONS, load_assumptions, err)) != PC_OK ||
        (rc = load_csv(&L, F_PRESETS, load_presets, err)) != PC_OK ||
        (rc = load_csv(&L, F_PROJECTIONS, load_projections, err)) != PC_OK ||
        (rc = load_csv(&L, F_LSOAS, load_lsoas, err)) != PC_OK ||
        (rc = load_csv(&L, F_COST_INDEX, load_cost_index, err)) != PC_OK ||
        (rc = load_csv(&L, F_FUNDS, load_funds, err)) != PC_OK)
        goto done;

done:
    ds_index_free(&L.lads);
    ds_index_free(&L.places);
    ds_index_free(&L.pcns);
    ds_index_free(&L.practices);
    ds_index_free(&L.premises);
    ds_index_free(&L.sites);
    ds_index_free(&L.schemes);
    ds_index_free(&L.assumptions);
    ds_index_free(&L.catchments);
    if (rc != PC_OK) {
        ds_dataset_free(L.ds);
        return rc;
    }
    *out = L.ds;
    return PC_OK;
}
