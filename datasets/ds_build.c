/* ds_build.c: the dataset builder's front half: which national files are
 * in the folder, which ICB is meant, and which practices it holds with
 * their lists, names, PCNs and branch surgeries (see ds_build.h).
 *
 * The practices are those of the registration totals whose sub-ICB
 * location belongs to the ICB in the practice map, less those epraccur
 * lists as closed; their lists are the totals' NUMBER_OF_PATIENTS at the
 * totals' EXTRACT_DATE. */
#include "ds_build_int.h"
#include "ds_util.h"
#include "pc_file.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- small shared helpers -------------------------------------------- */

pc_status bd_warn(bd_ctx *b, pc_error *err, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pc_strlist_add(&b->r->warnings, b->r->a, msg, err);
}

const char *bd_base(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

/* Index of the first of names that is a column of c (case-insensitive),
 * or -1. */
int bd_col(const ds_csv *c, const char *const *names)
{
    for (; *names; names++)
        for (size_t j = 0; j < c->ncols; j++)
            if (!strcasecmp(c->header[j], *names))
                return (int)j;
    return -1;
}

pc_status bd_need_col(const ds_csv *c, const char *path,
                      const char *const *names, int *out, pc_error *err)
{
    *out = bd_col(c, names);
    if (*out < 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: no column \"%s\" (expected the publisher's "
                       "header)",
                       bd_base(path), names[0]);
    return PC_OK;
}

/* Adds "FILE: row N" in front of the message in *err. */
pc_status bd_row_fail(const char *path, const ds_csv *c, size_t row,
                      pc_error *err)
{
    return pc_error_wrap(err, "%s: row %ld", bd_base(path), c->line[row]);
}

/* A postcode as a key: upper case, no spaces ("CV11 5TW" -> "CV115TW"). */
void bd_postcode_key(const char *pc, char *key, size_t n)
{
    size_t k = 0;

    for (; *pc && k + 1 < n; pc++)
        if (!isspace((unsigned char)*pc))
            key[k++] = (char)toupper((unsigned char)*pc);
    key[k] = '\0';
}

/* Fields in the first record of data (quotes honoured). */
static size_t first_record_fields(const char *s, size_t len)
{
    size_t n = 1;
    int q = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q && s[i] == ',')
            n++;
        else if (!q && (s[i] == '\n' || s[i] == '\r'))
            break;
    }
    return n;
}

/* Reads a CSV; a file published without a header (the ODS files, Code-Point
 * Open) gets columns named "1", "2", ... */
pc_status bd_read_csv(const char *path, int headerless, ds_csv **out,
                      pc_error *err)
{
    char *data = NULL, *buf;
    size_t len = 0, nf, hl;
    pc_buf h = PC_BUF_INIT(PC_CAP_TEXT);
    pc_status rc;

    if (!headerless) {
        rc = ds_csv_read_file(path, out, err);
        return rc == PC_OK ? PC_OK : pc_error_wrap(err, "%s", bd_base(path));
    }
    if ((rc = pc_file_read(path, (size_t)512 << 20, &data, &len, err)))
        return rc;
    nf = first_record_fields(data, len);
    for (size_t j = 0; j < nf && rc == PC_OK; j++)
        rc = pc_buf_printf(&h, "%s%zu", j ? "," : "", j + 1);
    if (rc == PC_OK)
        rc = pc_buf_puts(&h, "\n");
    if (rc != PC_OK) {
        free(data);
        pc_buf_free(&h);
        return PC_NOMEM(err);
    }
    hl = h.len;
    buf = malloc(hl + len + 1);
    if (!buf) {
        free(data);
        pc_buf_free(&h);
        return PC_NOMEM(err);
    }
    memcpy(buf, pc_buf_str(&h), hl);
    memcpy(buf + hl, data, len);
    buf[hl + len] = '\0';
    free(data);
    pc_buf_free(&h);
    rc = ds_csv_parse(buf, hl + len, out, err);
    free(buf);
    if (rc != PC_OK)
        return pc_error_wrap(err, "%s", bd_base(path));
    /* the made-up header is line 1: rows keep the file's own numbers */
    for (size_t i = 0; i < (*out)->nrows; i++)
        (*out)->line[i]--;
    return PC_OK;
}

pc_status bd_csv(bd_ctx *b, int kind, ds_csv **out, pc_error *err)
{
    return bd_read_csv(b->path[kind],
                       kind == BD_EPRACCUR || kind == BD_EBRANCHS, out, err);
}

/* --- the ICB and its practices ---------------------------------------- */

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

/* EXTRACT_DATE as published (01Jul2023, 2026-04-01, 01-JUL-2023,
 * 01/07/2023) as YYYY-MM-DD. */
static int extract_date(const char *v, char out[11])
{
    int d = 0, m = 0, y = 0;
    char mon[4] = "";
    pc_error e;

    if (strlen(v) == 10 && v[4] == '-' &&
        sscanf(v, "%d-%d-%d", &y, &m, &d) == 3)
        ;
    else if (sscanf(v, "%2d%3[A-Za-z]%4d", &d, mon, &y) == 3 ||
             sscanf(v, "%2d-%3[A-Za-z]-%4d", &d, mon, &y) == 3) {
        for (int i = 0; i < 12; i++)
            if (!strncasecmp(mon, months[i], 3))
                m = i + 1;
    } else if (sscanf(v, "%2d/%2d/%4d", &d, &m, &y) != 3)
        return 0;
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return ds_parse_date(out, "EXTRACT_DATE", &e) == PC_OK;
}

typedef struct map_cols {
    int code, name, pc, pcn, pcn_name, sub, icb, icb_ons, icb_name;
} map_cols;

static pc_status map_columns(const ds_csv *c, const char *path, map_cols *m,
                             pc_error *err)
{
#define COL(f, ...)                                          \
    do {                                                     \
        static const char *const n_[] = {__VA_ARGS__, NULL}; \
        if (bd_need_col(c, path, n_, &m->f, err))            \
            return err->code;                                \
    } while (0)
    COL(code, "PRACTICE_CODE");
    COL(name, "PRACTICE_NAME");
    COL(pc, "PRACTICE_POSTCODE");
    COL(pcn, "PCN_CODE");
    COL(pcn_name, "PCN_NAME");
    COL(sub, "SUB_ICB_LOCATION_CODE");
    COL(icb, "ICB_CODE");
    COL(icb_ons, "ONS_ICB_CODE");
    COL(icb_name, "ICB_NAME");
#undef COL
    return PC_OK;
}

/* The ICB named by o->icb, its sub-ICB locations, and the map's row per
 * practice code (in *rows). */
static pc_status resolve_icb(bd_ctx *b, const ds_csv *c, const map_cols *m,
                             pc_index *rows, pc_error *err)
{
    ds_build_result *r = b->r;

    for (size_t i = 0; i < c->nrows; i++) {
        char **f = c->rows[i];

        if (strcasecmp(f[m->icb], b->o->icb) &&
            strcasecmp(f[m->icb_ons], b->o->icb))
            continue;
        if (!r->icb_ods) {
            r->icb_ods = pc_arena_strdup(r->a, f[m->icb]);
            r->icb_gss = pc_arena_strdup(r->a, f[m->icb_ons]);
            r->icb_name = pc_arena_strdup(r->a, f[m->icb_name]);
            if (!r->icb_ods || !r->icb_gss || !r->icb_name)
                return PC_NOMEM(err);
        }
        if (pc_index_put(&b->subicb, f[m->sub], i, NULL) < 0 ||
            pc_index_put(rows, f[m->code], i, NULL) < 0)
            return PC_NOMEM(err);
    }
    if (!r->icb_ods)
        return PC_FAIL(err, PC_ERR_NOTFOUND,
                       "%s: no ICB \"%s\" (expected an ICB_CODE such as QWU "
                       "or an ONS_ICB_CODE such as E54000018)",
                       bd_base(b->path[BD_MAP]), b->o->icb);
    return PC_OK;
}

static pc_status add_practice(bd_ctx *b, bd_prac *p, pc_error *err)
{
    b->prac =
        pc_arena_grow(b->a, b->prac, b->nprac + 1, &b->aprac, sizeof *b->prac);
    if (!b->prac)
        return PC_NOMEM(err);
    b->prac[b->nprac] = *p;
    if (pc_index_put(&b->prac_ix, p->code, b->nprac, NULL) < 0)
        return PC_NOMEM(err);
    b->nprac++;
    return PC_OK;
}

/* Names of practices the map no longer lists, from the cross-boundary
 * map (code -> name, arena strings). */
static pc_status xb_names(bd_ctx *b, pc_index *ix, const char ***names,
                          pc_error *err)
{
    ds_csv *c = NULL;
    int pc, nm;
    static const char *const pcol[] = {"Practice", NULL};
    static const char *const ncol[] = {"GP practice name", NULL};

    *names = NULL;
    if (!b->path[BD_XB])
        return PC_OK;
    if (bd_csv(b, BD_XB, &c, err) ||
        bd_need_col(c, b->path[BD_XB], pcol, &pc, err) ||
        bd_need_col(c, b->path[BD_XB], ncol, &nm, err)) {
        ds_csv_free(c);
        return err->code;
    }
    *names = pc_arena_calloc(b->a, c->nrows + 1, sizeof **names);
    for (size_t i = 0; *names && i < c->nrows; i++) {
        char *k = pc_arena_strdup(b->a, c->rows[i][pc]);

        (*names)[i] = pc_arena_strdup(b->a, c->rows[i][nm]);
        if (!k || !(*names)[i] || pc_index_put(ix, k, i, NULL) < 0) {
            ds_csv_free(c);
            return PC_NOMEM(err);
        }
    }
    ds_csv_free(c);
    return *names ? PC_OK : PC_NOMEM(err);
}

typedef struct reg_cols {
    int code, sub, pc, n, date, sex, age;
} reg_cols;

static pc_status reg_columns(const ds_csv *c, const char *path, reg_cols *k,
                             pc_error *err)
{
    static const char *const code[] = {"CODE", "PRACTICE_CODE", NULL};
    static const char *const sub[] = {"SUB_ICB_LOCATION_CODE", NULL};
    static const char *const pc[] = {"POSTCODE", NULL};
    static const char *const n[] = {"NUMBER_OF_PATIENTS", NULL};
    static const char *const date[] = {"EXTRACT_DATE", NULL};
    static const char *const sex[] = {"SEX", NULL};
    static const char *const age[] = {"AGE", NULL};

    if (bd_need_col(c, path, code, &k->code, err) ||
        bd_need_col(c, path, sub, &k->sub, err) ||
        bd_need_col(c, path, pc, &k->pc, err) ||
        bd_need_col(c, path, n, &k->n, err) ||
        bd_need_col(c, path, date, &k->date, err))
        return err->code;
    k->sex = bd_col(c, sex);
    k->age = bd_col(c, age);
    return PC_OK;
}

/* One practice of the ICB from a registration row. */
static pc_status reg_practice(bd_ctx *b, const ds_csv *map, const map_cols *m,
                              const pc_index *rows, const pc_index *xb,
                              const char **xbn, char **f, const reg_cols *k,
                              pc_error *err)
{
    bd_prac p = {0};
    size_t mr;
    pc_arena *a = b->a;

    if (ds_parse_id(f[k->code], "CODE", err) ||
        ds_parse_long(f[k->n], "NUMBER_OF_PATIENTS", 0, 100000000, &p.patients,
                      err))
        return err->code;
    p.code = pc_arena_strdup(a, f[k->code]);
    p.postcode = pc_arena_strdup(a, f[k->pc]);
    p.sub_icb = pc_arena_strdup(a, f[k->sub]);
    if (pc_index_get(rows, f[k->code], &mr)) {
        char **r = map->rows[mr];

        p.name = pc_arena_strdup(a, r[m->name]);
        if (r[m->pcn][0] && strcmp(r[m->pcn], "U")) {
            p.pcn_code = pc_arena_strdup(a, r[m->pcn]);
            p.pcn_name = pc_arena_strdup(a, r[m->pcn_name]);
        }
    } else {
        size_t xi;

        if (xbn && pc_index_get(xb, f[k->code], &xi))
            p.name = xbn[xi];
        p.not_in_map = 1;
    }
    if (!p.name) {
        p.name = p.code;
        p.no_name = 1;
    }
    if (!p.code || !p.postcode || !p.sub_icb || !p.name)
        return PC_NOMEM(err);
    if (pc_index_get(&b->prac_ix, p.code, &mr))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"CODE\": practice %s appears twice (expected "
                       "one row per practice)",
                       p.code);
    return add_practice(b, &p, err);
}

/* One warning for the practices of the totals the map does not list
 * (closed or merged since): no PCN, and their name from the cross-boundary
 * map when it has them. */
static pc_status not_in_map(bd_ctx *b, pc_error *err)
{
    pc_buf l = PC_BUF_INIT(PC_CAP_TEXT);
    size_t n = 0;
    pc_status rc = PC_OK;

    for (size_t i = 0; i < b->nprac && !rc; i++)
        if (b->prac[i].not_in_map)
            rc = pc_buf_printf(&l, "%s%s%s", n++ ? ", " : "", b->prac[i].code,
                               b->prac[i].no_name ? " (no name: its code is "
                                                    "shown)"
                                                  : "");
    if (rc)
        rc = PC_NOMEM(err);
    else if (n)
        rc = bd_warn(b, err,
                     "%zu practices of %s are not in %s: they have no PCN "
                     "(unallocated): %s",
                     n, bd_base(b->path[BD_REG]), bd_base(b->path[BD_MAP]),
                     pc_buf_str(&l));
    pc_buf_free(&l);
    return rc;
}

static pc_status read_practices(bd_ctx *b, pc_error *err)
{
    ds_csv *map = NULL, *reg = NULL;
    map_cols m;
    reg_cols k;
    pc_index rows = {0}, xb = {0};
    const char **xbn = NULL;
    const char *rp = b->path[BD_REG];
    pc_status rc;

    if ((rc = bd_csv(b, BD_MAP, &map, err)) ||
        (rc = map_columns(map, b->path[BD_MAP], &m, err)) ||
        (rc = resolve_icb(b, map, &m, &rows, err)) ||
        (rc = xb_names(b, &xb, &xbn, err)) ||
        (rc = bd_csv(b, BD_REG, &reg, err)) ||
        (rc = reg_columns(reg, rp, &k, err)))
        goto done;
    for (size_t i = 0; i < reg->nrows; i++) {
        char **f = reg->rows[i];
        char date[11];
        size_t v;

        if ((k.sex >= 0 && strcasecmp(f[k.sex], "ALL")) ||
            (k.age >= 0 && strcasecmp(f[k.age], "ALL")))
            continue;
        if (!extract_date(f[k.date], date)) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "field \"EXTRACT_DATE\": \"%s\" (expected a date "
                         "such as 01Jul2023 or 2026-04-01)",
                         f[k.date]);
            bd_row_fail(rp, reg, i, err);
            goto done;
        }
        if (!b->list_date[0])
            memcpy(b->list_date, date, sizeof date);
        else if (strcmp(date, b->list_date)) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "field \"EXTRACT_DATE\": %s differs from the first "
                         "row's %s (expected one extract)",
                         date, b->list_date);
            bd_row_fail(rp, reg, i, err);
            goto done;
        }
        if (!pc_index_get(&b->subicb, f[k.sub], &v))
            continue;
        if ((rc = reg_practice(b, map, &m, &rows, &xb, xbn, f, &k, err))) {
            bd_row_fail(rp, reg, i, err);
            goto done;
        }
    }
    if (!b->nprac) {
        rc = PC_FAIL(err, PC_ERR_NOTFOUND,
                     "%s: no practice of ICB %s (its sub-ICB locations in %s "
                     "have no rows)",
                     bd_base(rp), b->r->icb_ods, bd_base(b->path[BD_MAP]));
        goto done;
    }
    rc = not_in_map(b, err);
done:
    ds_csv_free(map);
    ds_csv_free(reg);
    pc_index_free(&rows);
    pc_index_free(&xb);
    return rc;
}

/* Leaves out what epraccur lists as closed or dormant (status C or D). */
static pc_status drop_closed(bd_ctx *b, pc_error *err)
{
    ds_csv *c = NULL;
    pc_buf list = PC_BUF_INIT(PC_CAP_TEXT);
    size_t keep = 0, v;
    pc_index st = {0};

    if (!b->path[BD_EPRACCUR])
        return PC_OK;
    if (bd_csv(b, BD_EPRACCUR, &c, err))
        return err->code;
    if (c->ncols < 13) {
        PC_FAIL(err, PC_ERR_INPUT,
                "%s: %zu columns (expected the ODS layout of 27, "
                "with the status code in column 13)",
                bd_base(b->path[BD_EPRACCUR]), c->ncols);
        ds_csv_free(c);
        return err->code;
    }
    for (size_t i = 0; i < c->nrows; i++)
        if (pc_index_put(&st, c->rows[i][0], i, NULL) < 0)
            goto nomem;
    for (size_t i = 0; i < b->nprac; i++) {
        const char *s =
            pc_index_get(&st, b->prac[i].code, &v) ? c->rows[v][12] : "A";

        if (strcmp(s, "C") && strcmp(s, "D")) {
            b->prac[keep++] = b->prac[i];
            continue;
        }
        b->r->closed++;
        if (pc_buf_printf(&list, "%s%s", b->r->closed > 1 ? ", " : "",
                          b->prac[i].code))
            goto nomem;
    }
    b->nprac = keep;
    pc_index_free(&b->prac_ix);
    for (size_t i = 0; i < b->nprac; i++)
        if (pc_index_put(&b->prac_ix, b->prac[i].code, i, NULL) < 0)
            goto nomem;
    if (b->r->closed &&
        bd_warn(b, err,
                "%zu practices left out: closed or dormant "
                "in %s (%s)",
                b->r->closed, bd_base(b->path[BD_EPRACCUR]), pc_buf_str(&list)))
        goto fail;
    ds_csv_free(c);
    pc_index_free(&st);
    pc_buf_free(&list);
    return PC_OK;
nomem:
    PC_NOMEM(err);
fail:
    ds_csv_free(c);
    pc_index_free(&st);
    pc_buf_free(&list);
    return err->code;
}

/* Open branch surgeries of the practices kept (ebranchs: parent
 * organisation code in column 15, close date in column 12). */
static pc_status read_branches(bd_ctx *b, pc_error *err)
{
    ds_csv *c = NULL;

    if (!b->path[BD_EBRANCHS])
        return PC_OK;
    if (bd_csv(b, BD_EBRANCHS, &c, err))
        return err->code;
    if (c->ncols < 15) {
        PC_FAIL(err, PC_ERR_INPUT,
                "%s: %zu columns (expected the ODS layout, with the "
                "parent organisation code in column 15)",
                bd_base(b->path[BD_EBRANCHS]), c->ncols);
        ds_csv_free(c);
        return err->code;
    }
    for (size_t i = 0; i < c->nrows; i++) {
        char **f = c->rows[i];
        bd_branch br = {0};

        if (f[11][0] || !pc_index_get(&b->prac_ix, f[14], &br.prac))
            continue;
        if (ds_parse_id(f[0], "branch code (column 1)", err)) {
            bd_row_fail(b->path[BD_EBRANCHS], c, i, err);
            ds_csv_free(c);
            return err->code;
        }
        br.code = pc_arena_strdup(b->a, f[0]);
        br.name = pc_arena_strdup(b->a, f[1]);
        br.postcode = pc_arena_strdup(b->a, f[9]);
        br.parent = b->prac[br.prac].code;
        b->br = pc_arena_grow(b->a, b->br, b->nbr + 1, &b->abr, sizeof *b->br);
        if (!br.code || !br.name || !br.postcode || !b->br) {
            ds_csv_free(c);
            return PC_NOMEM(err);
        }
        b->br[b->nbr++] = br;
    }
    ds_csv_free(c);
    return PC_OK;
}

/* --- places ---------------------------------------------------------- */

/* Each LAD's place: from places.csv (lad_code, place) when given, which
 * must name every LAD of the ICB; else the LAD's own name. */
static pc_status assign_places(bd_ctx *b, pc_error *err)
{
    ds_csv *c = NULL;
    pc_index ix = {0};
    static const char *const lc[] = {"lad_code", NULL};
    static const char *const pc[] = {"place", NULL};
    int li, pi;
    size_t l;
    pc_status rc = PC_OK;

    for (l = 0; l < b->nlads; l++)
        b->lads[l].place = NULL;
    if (b->o->places && ((rc = bd_read_csv(b->o->places, 0, &c, err)) ||
                         (rc = bd_need_col(c, b->o->places, lc, &li, err)) ||
                         (rc = bd_need_col(c, b->o->places, pc, &pi, err))))
        goto done;
    for (l = 0; l < b->nlads; l++)
        if (pc_index_put(&ix, b->lads[l].code, l, NULL) < 0) {
            rc = PC_NOMEM(err);
            goto done;
        }
    for (size_t i = 0; c && i < c->nrows && !rc; i++) {
        char **f = c->rows[i];

        if (!pc_index_get(&ix, f[li], &l))
            rc = bd_warn(b, err,
                         "%s: row %ld: LAD %s is not one of the ICB's "
                         "(ignored)",
                         bd_base(b->o->places), c->line[i], f[li]);
        else if (ds_parse_id(f[pi], "place", err))
            rc = bd_row_fail(b->o->places, c, i, err);
        else if (!(b->lads[l].place = pc_arena_strdup(b->r->a, f[pi])))
            rc = PC_NOMEM(err);
    }
    for (l = 0; l < b->nlads && !rc; l++) {
        if (!b->lads[l].place && c) {
            rc = PC_FAIL(err, PC_ERR_INPUT,
                         "%s: no place for LAD %s (%s) (expected a row for "
                         "every LAD of the ICB)",
                         bd_base(b->o->places), b->lads[l].code,
                         b->lads[l].name);
            break;
        }
        if (!b->lads[l].place)
            b->lads[l].place = b->lads[l].name;
        b->r->places++;
        for (size_t k = 0; k < l; k++)
            if (!strcmp(b->lads[k].place, b->lads[l].place)) {
                b->r->places--;
                break;
            }
    }
done:
    ds_csv_free(c);
    pc_index_free(&ix);
    return rc;
}

/* --- the build ------------------------------------------------------- */

/* The output folder must be absent or empty: the build writes a new one. */
static pc_status check_out(const char *out, pc_error *err)
{
    DIR *d = opendir(out);
    struct dirent *e;
    int empty = 1;

    if (!d) {
        if (errno == ENOENT)
            return PC_OK;
        return PC_FAIL(err, PC_ERR_INPUT, "%s: %s (expected a new folder)", out,
                       strerror(errno));
    }
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    if (!empty)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: the folder exists and is not empty (expected a "
                       "new or empty folder for the dataset)",
                       out);
    return PC_OK;
}

static void build_free(bd_ctx *b)
{
    for (int k = 0; k < BD_NKINDS; k++)
        cJSON_Delete(b->doc[k]);
    for (size_t i = 0; i < b->nprac; i++)
        geo_wkb_free(&b->prac[i].catch);
    for (size_t i = 0; i < b->nall; i++)
        geo_wkb_free(&b->all[i].g);
    geo_wkb_free(&b->icb_g);
    geo_prepared_free(b->icb_prep);
    free(b->pcodes);
    pc_index_free(&b->subicb);
    pc_index_free(&b->prac_ix);
    geo_ctx_free(b->g);
    pc_arena_free(b->a);
}

static pc_status build(bd_ctx *b, pc_error *err)
{
    if (check_out(b->o->out, err) || bd_find_files(b, err) ||
        read_practices(b, err) || drop_closed(b, err) ||
        read_branches(b, err) || bd_geo_boundaries(b, err) ||
        bd_geo_locate(b, err) || bd_geo_lads(b, err) || assign_places(b, err) ||
        bd_catchments(b, err) || bd_stats_rooms(b, err) ||
        bd_stats_snpp(b, err) || bd_stats_lsoas(b, err))
        return err->code;
    b->r->list_date = pc_arena_strdup(b->r->a, b->list_date);
    b->r->base_year = atoi(b->list_date);
    b->r->practices = b->nprac;
    for (size_t i = 0; i < b->nprac; i++)
        b->r->patients += b->prac[i].patients;
    return bd_write(b, b->o->out, err);
}

pc_status ds_build(const ds_build_opts *o, ds_build_result **out, pc_error *err)
{
    bd_ctx b = {0};
    ds_build_result *r = calloc(1, sizeof *r);
    pc_status rc;

    *out = NULL;
    if (!r || !(r->a = pc_arena_new()) || !(b.a = pc_arena_new())) {
        ds_build_result_free(r);
        pc_arena_free(b.a);
        return PC_NOMEM(err);
    }
    b.o = o;
    b.r = r;
    if (!(b.g = geo_ctx_new(err))) {
        ds_build_result_free(r);
        pc_arena_free(b.a);
        return err->code;
    }
    rc = build(&b, err);
    build_free(&b);
    if (rc != PC_OK) {
        ds_build_result_free(r);
        return rc;
    }
    *out = r;
    return PC_OK;
}

void ds_build_result_free(ds_build_result *r)
{
    if (!r)
        return;
    pc_arena_free(r->a);
    free(r);
}
