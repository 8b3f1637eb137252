/* ds_tables.c: the dataset's plain CSV tables: PCNs, practices, list
 * sizes, premises, schemes, assumptions, presets, LAD projections and LSOAs
 * (one ds_ld_load_* per file, see ds_dataset_int.h), and the column and
 * field readers every CSV table uses, including the money tables in
 * ds_money.c. Each loader checks its header, then every row's fields and
 * references, and fills one array of the dataset. */
#include "ds_dataset_int.h"
#include "ds_util.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- CSV columns and fields ------------------------------------------ */

pc_status ds_ld_find_cols(const ds_csv *csv, const colspec *specs, size_t n,
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

const char *ds_ld_cell(const ds_csv *csv, size_t r, int col)
{
    return col < 0 ? "" : csv->rows[r][col];
}

/* Optional number: NAN when the field is empty or absent. */
pc_status ds_ld_opt_double(const ds_csv *csv, size_t r, int col,
                           const char *name, double min, double max,
                           double *out, pc_error *err)
{
    const char *v = ds_ld_cell(csv, r, col);

    if (!*v) {
        *out = NAN;
        return PC_OK;
    }
    return ds_parse_double(v, name, min, max, out, err);
}

pc_status ds_ld_req_int(const ds_csv *csv, size_t r, int col, const char *name,
                        long min, long max, long *out, pc_error *err)
{
    return ds_parse_long(ds_ld_cell(csv, r, col), name, min, max, out, err);
}

/* Optional integer: `dflt` when empty. */
pc_status ds_ld_opt_int(const ds_csv *csv, size_t r, int col, const char *name,
                        long min, long max, long dflt, long *out, pc_error *err)
{
    const char *v = ds_ld_cell(csv, r, col);

    if (!*v) {
        *out = dflt;
        return PC_OK;
    }
    return ds_parse_long(v, name, min, max, out, err);
}

static pc_status req_text(const ds_csv *csv, size_t r, int col,
                          const char *name, pc_error *err)
{
    if (!*ds_ld_cell(csv, r, col))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": empty (expected a value)", name);
    return PC_OK;
}

/* Checks a CSV `illustrative` field: "", "*" or column names. */
pc_status ds_ld_check_illustrative_csv(const ds_csv *csv, const char *v,
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
pc_status ds_ld_split_list(loader *L, const char *v, const char ***out,
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
    items = ds_ld_alloc_array(L, count, sizeof *items);
    if (!items)
        return PC_NOMEM(err);
    p = v;
    while (i < count) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *s = pc_arena_alloc(L->a, len + 1);

        if (!s)
            return PC_NOMEM(err);
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

    if (ds_parse_double(ds_ld_cell(csv, r, xy[0]), xn, -1e7, 1e7, &x, err) !=
            PC_OK ||
        ds_parse_double(ds_ld_cell(csv, r, xy[1]), yn, -1e7, 1e7, &y, err) !=
            PC_OK)
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
    if (ds_ld_find_cols(csv, s, 2, xy, err) != PC_OK)
        return pc_error_wrap(err, "declared crs EPSG:%d", (int)L->crs[kind]);
    return PC_OK;
}

/* Registers id in ix; a duplicate is an error naming the first row. */
/* Records id as seen at `where` (a CSV row, or a feature index when
 * unit is "feature"), failing if it was seen before. */
pc_status ds_ld_unique_at(pc_index *ix, const char *id, size_t where,
                          const char *unit, const char *field, pc_error *err)
{
    size_t first = 0;
    int r = pc_index_put(ix, id, where, &first);

    if (r < 0)
        return PC_NOMEM(err);
    if (r == 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": duplicate id \"%s\" (first used at "
                       "%s %zu; expected each id once)",
                       field, id, unit, first);
    return PC_OK;
}

pc_status ds_ld_unique(pc_index *ix, const char *id, size_t line,
                       const char *field, pc_error *err)
{
    return ds_ld_unique_at(ix, id, line, "row", field, err);
}

pc_status ds_ld_known(const pc_index *ix, const char *id, const char *field,
                      const char *what, pc_error *err)
{
    if (!pc_index_get(ix, id, NULL))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"%s\": unknown %s \"%s\" (expected one "
                       "defined in the dataset)",
                       field, what, id);
    return PC_OK;
}

pc_status ds_ld_load_csv(loader *L, int kind, csv_loader fn, pc_error *err)
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

pc_status ds_ld_rows(loader *L, const ds_csv *csv, const int *c, void **arr,
                     size_t size, size_t *count, csv_row_fn fn, pc_error *err)
{
    pc_status rc = PC_OK;
    char *rows = ds_ld_alloc_array(L, csv->nrows, size);

    *arr = rows;
    if (!rows)
        return PC_NOMEM(err);
    for (size_t r = 0; r < csv->nrows && rc == PC_OK; r++) {
        rc = fn(L, csv, r, c, rows + r * size, err);
        if (rc == PC_OK)
            ++*count;
        else if (rc != PC_ERR_NOMEM)
            rc = ROW_FAIL(csv, r);
    }
    pc_index_free(&L->keys);
    return rc;
}

pc_status ds_ld_unique_pair(loader *L, const char *a, const char *b,
                            size_t line, const char *field, pc_error *err)
{
    char *k = pc_arena_printf(L->a, "%s|%s", a, b);

    if (!k)
        return PC_NOMEM(err);
    return ds_ld_unique(&L->keys, k, line, field, err);
}

/* --- pcns, practices, list sizes ------------------------------------- */

static pc_status pcn_row(loader *L, const ds_csv *csv, size_t r, const int *c,
                         void *elem, pc_error *err)
{
    ds_pcn *p = elem;

    if (ds_parse_id(ds_ld_cell(csv, r, c[0]), "pcn_code", err) != PC_OK ||
        req_text(csv, r, c[1], "pcn_name", err) != PC_OK)
        return err->code;
    p->code = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[0]));
    p->name = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[1]));
    if (!p->code || !p->name)
        return PC_NOMEM(err);
    return ds_ld_unique(&L->pcns, p->code, (size_t)csv->line[r], "pcn_code",
                        err);
}

pc_status ds_ld_load_pcns(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {{"pcn_code", 1}, {"pcn_name", 1}};
    int c[2];

    if (ds_ld_find_cols(csv, spec, 2, c, err) != PC_OK)
        return err->code;
    return DS_LD_ROWS(L, csv, c, L->ds->pcns, L->ds->npcns, pcn_row, err);
}

/* practices.csv's columns, then its point's two (point_cols) */
enum { PR_CODE, PR_NAME, PR_POSTCODE, PR_PCN, PR_LAD, PR_X, PR_Y };

static pc_status practice_row(loader *L, const ds_csv *csv, size_t r,
                              const int *c, void *elem, pc_error *err)
{
    ds_practice *p = elem;
    const char *pcn = ds_ld_cell(csv, r, c[PR_PCN]);

    if (ds_parse_id(ds_ld_cell(csv, r, c[PR_CODE]), "practice_code", err) !=
            PC_OK ||
        req_text(csv, r, c[PR_NAME], "practice_name", err) != PC_OK ||
        (*pcn && ds_ld_known(&L->pcns, pcn, "pcn_code", "PCN", err) != PC_OK) ||
        ds_ld_known(&L->lads, ds_ld_cell(csv, r, c[PR_LAD]), "lad_code", "LAD",
                    err) != PC_OK ||
        row_point(L, F_PRACTICES, csv, r, c + PR_X, &p->e, &p->n, err) != PC_OK)
        return err->code;
    p->code = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[PR_CODE]));
    p->name = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[PR_NAME]));
    p->postcode = ds_ld_dup_or_null(L, ds_ld_cell(csv, r, c[PR_POSTCODE]));
    p->pcn_code = ds_ld_dup_or_null(L, pcn);
    p->lad_code = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[PR_LAD]));
    if (!p->code || !p->name || !p->lad_code)
        return PC_NOMEM(err);
    return ds_ld_unique(&L->practices, p->code, (size_t)csv->line[r],
                        "practice_code", err);
}

pc_status ds_ld_load_practices(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {{"practice_code", 1},
                                   {"practice_name", 1},
                                   {"postcode", 0},
                                   {"pcn_code", 0},
                                   {"lad_code", 1}};
    int c[PR_Y + 1];

    if (ds_ld_find_cols(csv, spec, PR_X, c, err) != PC_OK ||
        point_cols(L, F_PRACTICES, csv, c + PR_X, err) != PC_OK)
        return err->code;
    return DS_LD_ROWS(L, csv, c, L->ds->practices, L->ds->npractices,
                      practice_row, err);
}

pc_status ds_ld_load_list_sizes(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"practice_code", 1}, {"date", 1}, {"patients", 1}};
    int c[3];
    ds_dataset *ds = L->ds;
    pc_index pairs = {0};
    const char *latest = NULL;
    pc_status rc = PC_OK;

    if (ds_ld_find_cols(csv, spec, 3, c, err) != PC_OK)
        return err->code;
    ds->list_sizes = ds_ld_alloc_array(L, csv->nrows, sizeof *ds->list_sizes);
    if (!ds->list_sizes)
        return PC_NOMEM(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_list_size *s = &ds->list_sizes[r];
        char key[64];
        size_t first;
        int put;

        if (ds_ld_known(&L->practices, ds_ld_cell(csv, r, c[0]),
                        "practice_code", "practice", err) != PC_OK ||
            ds_parse_date(ds_ld_cell(csv, r, c[1]), "date", err) != PC_OK ||
            ds_ld_req_int(csv, r, c[2], "patients", 0, 10000000, &s->patients,
                          err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        s->practice_code = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[0]));
        s->date = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[1]));
        snprintf(key, sizeof key, "%s|%s", s->practice_code, s->date);
        {
            char *k = pc_arena_strdup(L->a, key);

            if (!k || !s->practice_code || !s->date) {
                rc = PC_NOMEM(err);
                goto done;
            }
            put = pc_index_put(&pairs, k, (size_t)csv->line[r], &first);
        }
        if (put < 0) {
            rc = PC_NOMEM(err);
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
        if (!pc_index_get(&pairs, key, NULL)) {
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
    pc_index_free(&pairs);
    return rc;
}

/* --- premises --------------------------------------------------------- */

/* premises.csv's columns, then its point's two (point_cols) */
enum {
    PM_ID,
    PM_NAME,
    PM_POSTCODE,
    PM_TYPE,
    PM_TENURE,
    PM_GIA,
    PM_COND,
    PM_RC,
    PM_RT,
    PM_RO,
    PM_BACKLOG,
    PM_VOID,
    PM_PRACS,
    PM_ILL,
    PM_X,
    PM_Y
};

/* The premises' practices: known, each once. */
static pc_status premises_practices(loader *L, const ds_premises *p,
                                    pc_error *err)
{
    for (size_t k = 0; k < p->npractices; k++) {
        if (ds_ld_known(&L->practices, p->practices[k], "practices", "practice",
                        err) != PC_OK)
            return err->code;
        for (size_t j = 0; j < k; j++)
            if (!strcmp(p->practices[j], p->practices[k]))
                return PC_FAIL(err, PC_ERR_INPUT,
                               "field \"practices\": \"%s\" is listed twice",
                               p->practices[k]);
    }
    return PC_OK;
}

static pc_status premises_row(loader *L, const ds_csv *csv, size_t r,
                              const int *c, void *elem, pc_error *err)
{
    static const char *const site_types[] = {"main", "branch", "shared", NULL};
    static const char *const tenures[] = {"gp_owned", "nhsps", "lift", "leased",
                                          "council",  "other", NULL};
    static const char *const conditions[] = {"A", "B", "C", "D", NULL};
    ds_premises *p = elem;
    long rc_ = 0, rt = 0, ro = 0;
    const char *cond = ds_ld_cell(csv, r, c[PM_COND]);

    if (ds_parse_id(ds_ld_cell(csv, r, c[PM_ID]), "premises_id", err) !=
            PC_OK ||
        req_text(csv, r, c[PM_NAME], "name", err) != PC_OK ||
        ds_parse_enum(ds_ld_cell(csv, r, c[PM_TYPE]), "site_type", site_types,
                      err) != PC_OK ||
        ds_parse_enum(ds_ld_cell(csv, r, c[PM_TENURE]), "tenure", tenures,
                      err) != PC_OK ||
        ds_ld_opt_double(csv, r, c[PM_GIA], "gia_m2", 0, 1e6, &p->gia_m2,
                         err) != PC_OK ||
        (*cond && ds_parse_enum(cond, "condition", conditions, err) != PC_OK) ||
        ds_ld_req_int(csv, r, c[PM_RC], "rooms_consult", 0, 1000, &rc_, err) !=
            PC_OK ||
        ds_ld_req_int(csv, r, c[PM_RT], "rooms_treatment", 0, 1000, &rt, err) !=
            PC_OK ||
        ds_ld_req_int(csv, r, c[PM_RO], "rooms_other", 0, 1000, &ro, err) !=
            PC_OK ||
        ds_ld_opt_double(csv, r, c[PM_BACKLOG], "backlog_gbp", 0, 1e10,
                         &p->backlog_gbp, err) != PC_OK ||
        ds_ld_opt_double(csv, r, c[PM_VOID], "void_m2", 0, 1e6, &p->void_m2,
                         err) != PC_OK ||
        req_text(csv, r, c[PM_PRACS], "practices", err) != PC_OK ||
        ds_ld_check_illustrative_csv(csv, ds_ld_cell(csv, r, c[PM_ILL]), err) !=
            PC_OK ||
        row_point(L, F_PREMISES, csv, r, c + PM_X, &p->e, &p->n, err) != PC_OK)
        return err->code;
    p->rooms_consult = (int)rc_;
    p->rooms_treatment = (int)rt;
    p->rooms_other = (int)ro;
    p->id = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[PM_ID]));
    p->name = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[PM_NAME]));
    p->postcode = ds_ld_dup_or_null(L, ds_ld_cell(csv, r, c[PM_POSTCODE]));
    p->site_type = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[PM_TYPE]));
    p->tenure = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[PM_TENURE]));
    p->condition = ds_ld_dup_or_null(L, cond);
    p->illustrative = ds_ld_dup_or_null(L, ds_ld_cell(csv, r, c[PM_ILL]));
    if (!p->id || !p->name || !p->site_type || !p->tenure)
        return PC_NOMEM(err);
    if (ds_ld_split_list(L, ds_ld_cell(csv, r, c[PM_PRACS]), &p->practices,
                         &p->npractices, err) != PC_OK ||
        premises_practices(L, p, err) != PC_OK)
        return err->code;
    return ds_ld_unique(&L->premises, p->id, (size_t)csv->line[r],
                        "premises_id", err);
}

pc_status ds_ld_load_premises(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"premises_id", 1}, {"name", 1},          {"postcode", 0},
        {"site_type", 1},   {"tenure", 1},        {"gia_m2", 0},
        {"condition", 0},   {"rooms_consult", 1}, {"rooms_treatment", 1},
        {"rooms_other", 1}, {"backlog_gbp", 0},   {"void_m2", 0},
        {"practices", 1},   {"illustrative", 0}};
    int c[PM_Y + 1];

    if (ds_ld_find_cols(csv, spec, PM_X, c, err) != PC_OK ||
        point_cols(L, F_PREMISES, csv, c + PM_X, err) != PC_OK)
        return err->code;
    return DS_LD_ROWS(L, csv, c, L->ds->premises, L->ds->npremises,
                      premises_row, err);
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

    s->spend_profile = ds_ld_alloc_array(L, (size_t)s->duration_years,
                                         sizeof *s->spend_profile);
    if (!s->spend_profile)
        return PC_NOMEM(err);
    if (!*v) {
        for (int y = 0; y < s->duration_years; y++)
            s->spend_profile[y] = 1.0 / s->duration_years;
        return PC_OK;
    }
    if (ds_ld_split_list(L, v, &items, &n, err) != PC_OK)
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

enum {
    SC_ID,
    SC_NAME,
    SC_PLACE,
    SC_PREM,
    SC_SITE,
    SC_KIND,
    SC_STATUS,
    SC_RC,
    SC_RT,
    SC_RO,
    SC_M2,
    SC_COST,
    SC_PROFILE,
    SC_START,
    SC_DUR,
    SC_DONE,
    SC_RENT,
    SC_FUNDING,
    SC_OPTION,
    SC_DEPS,
    SC_ILL,
    SC_NCOL
};

/* The fields of a scheme row, checked; the numbers into s and *ints. */
static pc_status scheme_fields(loader *L, const ds_csv *csv, size_t r,
                               const int *c, ds_scheme *s, long *ints,
                               pc_error *err)
{
    static const char *const kinds[] = {
        "new_build",     "extension", "reconfiguration",
        "refurbishment", "land",      NULL};
    static const char *const statuses[] = {"delivered", "committed",
                                           "candidate", NULL};
    const char *prem = ds_ld_cell(csv, r, c[SC_PREM]);
    const char *site = ds_ld_cell(csv, r, c[SC_SITE]);
    const char *opt = ds_ld_cell(csv, r, c[SC_OPTION]);

    if (ds_parse_id(ds_ld_cell(csv, r, c[SC_ID]), "scheme_id", err) != PC_OK ||
        req_text(csv, r, c[SC_NAME], "name", err) != PC_OK ||
        ds_ld_known(&L->places, ds_ld_cell(csv, r, c[SC_PLACE]), "place",
                    "place", err) != PC_OK ||
        (*prem && ds_ld_known(&L->premises, prem, "premises_id", "premises",
                              err) != PC_OK) ||
        (*site &&
         ds_ld_known(&L->sites, site, "site_id", "site", err) != PC_OK) ||
        ds_parse_enum(ds_ld_cell(csv, r, c[SC_KIND]), "kind", kinds, err) !=
            PC_OK ||
        ds_parse_enum(ds_ld_cell(csv, r, c[SC_STATUS]), "status", statuses,
                      err) != PC_OK ||
        ds_ld_req_int(csv, r, c[SC_RC], "rooms_consult", 0, 1000, &ints[0],
                      err) != PC_OK ||
        ds_ld_req_int(csv, r, c[SC_RT], "rooms_treatment", 0, 1000, &ints[1],
                      err) != PC_OK ||
        ds_ld_req_int(csv, r, c[SC_RO], "rooms_other", 0, 1000, &ints[2],
                      err) != PC_OK ||
        ds_ld_opt_double(csv, r, c[SC_M2], "m2_added", 0, 1e6, &s->m2_added,
                         err) != PC_OK ||
        ds_parse_double(ds_ld_cell(csv, r, c[SC_COST]), "cost_gbp", 0, 1e10,
                        &s->cost_gbp, err) != PC_OK ||
        ds_ld_opt_int(csv, r, c[SC_START], "earliest_start", YEAR_MIN, YEAR_MAX,
                      0, &ints[3], err) != PC_OK ||
        ds_ld_req_int(csv, r, c[SC_DUR], "duration_years", 1, 10, &ints[4],
                      err) != PC_OK ||
        ds_ld_opt_int(csv, r, c[SC_DONE], "completion_year", YEAR_MIN, YEAR_MAX,
                      0, &ints[5], err) != PC_OK ||
        ds_ld_opt_double(csv, r, c[SC_RENT], "rent_gbp", -1e8, 1e8,
                         &s->rent_gbp, err) != PC_OK ||
        check_funding(ds_ld_cell(csv, r, c[SC_FUNDING]), err) != PC_OK ||
        (*opt && ds_parse_id(opt, "option_group", err) != PC_OK) ||
        ds_ld_check_illustrative_csv(csv, ds_ld_cell(csv, r, c[SC_ILL]), err) !=
            PC_OK)
        return err->code;
    return PC_OK;
}

static pc_status scheme_row(loader *L, const ds_csv *csv, size_t r,
                            const int *c, void *elem, pc_error *err)
{
    ds_scheme *s = elem;
    /* rooms consult, treatment, other; start, duration, completion */
    long n[6] = {0};

#define CELL(col) ds_ld_cell(csv, r, c[col])
    if (scheme_fields(L, csv, r, c, s, n, err) != PC_OK)
        return err->code;
    s->rooms_consult = (int)n[0];
    s->rooms_treatment = (int)n[1];
    s->rooms_other = (int)n[2];
    s->earliest_start = (int)n[3];
    s->duration_years = (int)n[4];
    s->completion_year = (int)n[5];
    s->status = pc_arena_strdup(L->a, CELL(SC_STATUS));
    if (!s->status)
        return PC_NOMEM(err);
    if (!strcmp(s->status, "delivered") && !n[5])
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"completion_year\": empty (expected the year "
                       "a delivered scheme completed)");
    if (scheme_profile(L, s, CELL(SC_PROFILE), err) != PC_OK)
        return err->code;
    s->id = pc_arena_strdup(L->a, CELL(SC_ID));
    s->name = pc_arena_strdup(L->a, CELL(SC_NAME));
    s->place = pc_arena_strdup(L->a, CELL(SC_PLACE));
    s->premises_id = ds_ld_dup_or_null(L, CELL(SC_PREM));
    s->site_id = ds_ld_dup_or_null(L, CELL(SC_SITE));
    s->kind = pc_arena_strdup(L->a, CELL(SC_KIND));
    s->funding = ds_ld_dup_or_null(L, CELL(SC_FUNDING));
    s->option_group = ds_ld_dup_or_null(L, CELL(SC_OPTION));
    s->illustrative = ds_ld_dup_or_null(L, CELL(SC_ILL));
    if (!s->id || !s->name || !s->place || !s->kind)
        return PC_NOMEM(err);
    if (ds_ld_split_list(L, CELL(SC_DEPS), &s->depends_on, &s->ndepends, err) !=
        PC_OK)
        return err->code;
#undef CELL
    return ds_ld_unique(&L->schemes, s->id, (size_t)csv->line[r], "scheme_id",
                        err);
}

pc_status ds_ld_load_schemes(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"scheme_id", 1},       {"name", 1},           {"place", 1},
        {"premises_id", 0},     {"site_id", 0},        {"kind", 1},
        {"status", 1},          {"rooms_consult", 1},  {"rooms_treatment", 1},
        {"rooms_other", 1},     {"m2_added", 0},       {"cost_gbp", 1},
        {"spend_profile", 0},   {"earliest_start", 0}, {"duration_years", 1},
        {"completion_year", 0}, {"rent_gbp", 0},       {"funding", 0},
        {"option_group", 0},    {"depends_on", 0},     {"illustrative", 0}};
    int c[SC_NCOL];
    ds_dataset *ds = L->ds;

    if (ds_ld_find_cols(csv, spec, SC_NCOL, c, err) != PC_OK ||
        DS_LD_ROWS(L, csv, c, ds->schemes, ds->nschemes, scheme_row, err) !=
            PC_OK)
        return err->code;
    /* dependencies name schemes of this file, never themselves */
    for (size_t r = 0; r < ds->nschemes; r++) {
        ds_scheme *s = &ds->schemes[r];

        for (size_t k = 0; k < s->ndepends; k++) {
            if (ds_ld_known(&L->schemes, s->depends_on[k], "depends_on",
                            "scheme", err) != PC_OK)
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

/* --- assumptions, presets, projections, LSOAs ------------------------- */

static pc_status assumption_row(loader *L, const ds_csv *csv, size_t r,
                                const int *c, void *elem, pc_error *err)
{
    ds_assumption *a = elem;

    if (ds_parse_id(ds_ld_cell(csv, r, c[0]), "assumption_id", err) != PC_OK ||
        ds_parse_double(ds_ld_cell(csv, r, c[1]), "value", -1e12, 1e12,
                        &a->value, err) != PC_OK ||
        req_text(csv, r, c[2], "unit", err) != PC_OK ||
        req_text(csv, r, c[3], "source", err) != PC_OK)
        return err->code;
    a->id = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[0]));
    a->unit = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[2]));
    a->source = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[3]));
    a->note = ds_ld_dup_or_null(L, ds_ld_cell(csv, r, c[4]));
    if (!a->id || !a->unit || !a->source)
        return PC_NOMEM(err);
    return ds_ld_unique(&L->assumptions, a->id, (size_t)csv->line[r],
                        "assumption_id", err);
}

pc_status ds_ld_load_assumptions(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {{"assumption_id", 1},
                                   {"value", 1},
                                   {"unit", 1},
                                   {"source", 1},
                                   {"note", 0}};
    int c[5];

    if (ds_ld_find_cols(csv, spec, 5, c, err) != PC_OK)
        return err->code;
    return DS_LD_ROWS(L, csv, c, L->ds->assumptions, L->ds->nassumptions,
                      assumption_row, err);
}

static pc_status preset_row(loader *L, const ds_csv *csv, size_t r,
                            const int *c, void *elem, pc_error *err)
{
    ds_preset_value *p = elem;

    if (ds_parse_id(ds_ld_cell(csv, r, c[0]), "preset", err) != PC_OK ||
        ds_ld_known(&L->assumptions, ds_ld_cell(csv, r, c[1]), "assumption_id",
                    "assumption", err) != PC_OK ||
        ds_parse_double(ds_ld_cell(csv, r, c[2]), "value", -1e12, 1e12,
                        &p->value, err) != PC_OK)
        return err->code;
    p->preset = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[0]));
    p->assumption_id = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[1]));
    if (!p->preset || !p->assumption_id)
        return PC_NOMEM(err);
    return ds_ld_unique_pair(L, p->preset, p->assumption_id,
                             (size_t)csv->line[r], "assumption_id", err);
}

pc_status ds_ld_load_presets(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"preset", 1}, {"assumption_id", 1}, {"value", 1}};
    int c[3];

    if (ds_ld_find_cols(csv, spec, 3, c, err) != PC_OK)
        return err->code;
    return DS_LD_ROWS(L, csv, c, L->ds->presets, L->ds->npresets, preset_row,
                      err);
}

static pc_status projection_row(loader *L, const ds_csv *csv, size_t r,
                                const int *c, void *elem, pc_error *err)
{
    ds_projection *p = elem;
    long year = 0;
    char y[32];

    if (ds_ld_known(&L->lads, ds_ld_cell(csv, r, c[0]), "lad_code", "LAD",
                    err) != PC_OK ||
        ds_ld_req_int(csv, r, c[1], "year", YEAR_MIN, YEAR_MAX, &year, err) !=
            PC_OK ||
        ds_parse_double(ds_ld_cell(csv, r, c[2]), "population", 0, 1e9,
                        &p->population, err) != PC_OK)
        return err->code;
    p->year = (int)year;
    p->lad_code = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[0]));
    if (!p->lad_code)
        return PC_NOMEM(err);
    snprintf(y, sizeof y, "%ld", year);
    return ds_ld_unique_pair(L, p->lad_code, y, (size_t)csv->line[r], "year",
                             err);
}

pc_status ds_ld_load_projections(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"lad_code", 1}, {"year", 1}, {"population", 1}};
    int c[3];

    if (ds_ld_find_cols(csv, spec, 3, c, err) != PC_OK)
        return err->code;
    return DS_LD_ROWS(L, csv, c, L->ds->projections, L->ds->nprojections,
                      projection_row, err);
}

static pc_status lsoa_row(loader *L, const ds_csv *csv, size_t r, const int *c,
                          void *elem, pc_error *err)
{
    ds_lsoa *s = elem;

    if (ds_parse_id(ds_ld_cell(csv, r, c[0]), "lsoa_code", err) != PC_OK ||
        ds_ld_known(&L->lads, ds_ld_cell(csv, r, c[1]), "lad_code", "LAD",
                    err) != PC_OK ||
        ds_parse_double(ds_ld_cell(csv, r, c[2]), "imd_score", 0, 100,
                        &s->imd_score, err) != PC_OK ||
        ds_ld_req_int(csv, r, c[3], "population", 0, 1000000, &s->population,
                      err) != PC_OK)
        return err->code;
    s->code = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[0]));
    s->lad_code = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[1]));
    if (!s->code || !s->lad_code)
        return PC_NOMEM(err);
    return ds_ld_unique(&L->keys, s->code, (size_t)csv->line[r], "lsoa_code",
                        err);
}

pc_status ds_ld_load_lsoas(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"lsoa_code", 1}, {"lad_code", 1}, {"imd_score", 1}, {"population", 1}};
    int c[4];

    if (ds_ld_find_cols(csv, spec, 4, c, err) != PC_OK)
        return err->code;
    return DS_LD_ROWS(L, csv, c, L->ds->lsoas, L->ds->nlsoas, lsoa_row, err);
}
