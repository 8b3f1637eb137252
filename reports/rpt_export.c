/* rpt_export.c: the report document as CSV, XLSX, GeoJSON and GeoPackage
 * files (see rpt_export.h): the entry point, what the writers share, and
 * the directory the files go into.
 *
 * Two passes, as in rpt_letter.c. rpt_ex_read() (rpt_export_tables.c)
 * checks every key the exports use and copies the values into tables of
 * typed cells (strings stay borrowed from the cJSON tree; joined lists and
 * geometries are owned by the `ex`), so a bad document fails before any
 * file exists. One writer per format then lays the same tables out:
 * rpt_export_csv.c and rpt_export_geojson.c build each file in a pc_buf
 * and write it with one fwrite, rpt_export_xlsx.c uses libxlsxwriter and
 * rpt_export_gpkg.c SQLite and SpatiaLite's GPKG functions. Geometry
 * arrives as GeoJSON in EPSG:27700; geo/ writes it as WKT for CSV and
 * reprojects it to EPSG:4326 for GeoJSON, so there is no projection or
 * geometry encoding of our own here.
 *
 * Files are written into a new folder beside the target, which replaces
 * the target whole only when all of them are complete (pc_fileset.h). */
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fileset.h"
#include "pc_fmt.h"
#include "rpt_export_int.h"
#include "rpt_files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* What the readers and writers share                                  */
/* ------------------------------------------------------------------ */

size_t rpt_ex_col(const table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (!strcmp(t->cols[c].name, name))
            return c;
    return t->ncols; /* not reached: names are ours */
}

/* Plain decimal: at most prec decimals, trailing zeros and point
 * dropped, '.' whatever the locale, no thousands separators, no "-0". */
void rpt_ex_fmt_plain(char *out, size_t n, double v, int prec)
{
    char *dot, *end;

    pc_fmt_num(out, n, v, prec);
    dot = strchr(out, '.');
    if (!dot)
        return;
    end = out + strlen(out);
    while (end > dot + 1 && end[-1] == '0')
        end--;
    if (end == dot + 1)
        end = dot;
    *end = '\0';
    if (!strcmp(out, "-0"))
        strcpy(out, "0");
}

/* The shortest plain decimal (at most 17 decimals) that reads back as v:
 * assumption values, which may be as small as 1e-9. */
static void fmt_shortest(char *out, size_t n, double v)
{
    for (int prec = 0; prec <= 17; prec++) {
        rpt_ex_fmt_plain(out, n, v, prec);
        if (strtod(out, NULL) == v)
            return;
    }
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD" to days since 1970-01-01; -1 when not a date. */
long long rpt_ex_date_days(const char *s)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int y, m, d;
    long long days = 0;

    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return -1;
    if (s[10])
        return -1;
    y = atoi(s);
    m = atoi(s + 5);
    d = atoi(s + 8);
    if (y < 1970 || m < 1 || m > 12 || d < 1 ||
        d > mdays[m - 1] + (m == 2 && leap(y)))
        return -1;
    for (int k = 1970; k < y; k++)
        days += 365 + leap(k);
    for (int k = 1; k < m; k++)
        days += mdays[k - 1] + (k == 2 && leap(y));
    return days + d - 1;
}

/* The text of a non-geometry cell ("" for null), in buf when formatted. */
const char *rpt_ex_cell_text(const coldef *d, const cell *c, char *buf,
                             size_t n)
{
    switch (c->kind) {
    case C_STR: return c->s;
    case C_BOOL: return c->b ? "true" : "false";
    case C_NUM:
        if (d->prec == PREC_ANY)
            fmt_shortest(buf, n, c->v);
        else
            rpt_ex_fmt_plain(buf, n, c->v, d->type == T_INT ? 0 : d->prec);
        return buf;
    default: return "";
    }
}

pc_status rpt_ex_write_file(const char *path, const pc_buf *b, pc_error *err)
{
    FILE *f = fopen(path, "wbx"); /* a new file: O_EXCL, no symlink */
    int ok;

    if (!f)
        return PC_FAIL(err, PC_ERR_IO, "writing %s: %s", path, strerror(errno));
    ok = fwrite(pc_buf_str(b), 1, b->len, f) == b->len;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        return PC_FAIL(err, PC_ERR_IO, "writing %s: %s", path, strerror(errno));
    return PC_OK;
}

/* Records name as written and returns its temporary path in *path
 * (owned by the caller). */
pc_status rpt_ex_out_add(outset *o, const char *name, char **path,
                         pc_error *err)
{
    char **v = realloc(o->names, (o->n + 1) * sizeof *v);

    if (!v)
        return PC_NOMEM(err);
    o->names = v;
    v[o->n] = strdup(name);
    *path = rpt_path_join(o->tmp, name);
    if (!v[o->n] || !*path) {
        free(v[o->n]);
        free(*path);
        *path = NULL;
        return PC_NOMEM(err);
    }
    o->n++;
    return PC_OK;
}

pc_status rpt_ex_bad_geometry(const table *t, size_t row, pc_error *err)
{
    return PC_FAIL(err, PC_ERR_INPUT,
                   "report: key \"%s[%zu].%s\": not a valid GeoJSON %s "
                   "geometry",
                   t->name, row, t->geom_key,
                   t->geom_type[0] == 'P'   ? "Point"
                   : t->geom_type[0] == 'L' ? "LineString"
                                            : "Polygon or MultiPolygon");
}

/* ------------------------------------------------------------------ */
/* The directory                                                       */
/* ------------------------------------------------------------------ */

/* The set is written into a new folder beside dir and swapped in whole
 * (pc_fileset.h): other files in dir are kept, and a kill at any point
 * leaves dir with the old set or the new one. */
static pc_status out_begin(outset *o, const char *dir, pc_error *err)
{
    memset(o, 0, sizeof *o);
    o->dir = dir;
    if (pc_fileset_begin(dir, 0, &o->fs, err) != PC_OK)
        return err->code;
    o->tmp = pc_fileset_tmp(o->fs);
    return PC_OK;
}

/* Frees o; the new folder goes unless it was swapped in. */
static void out_end(outset *o)
{
    pc_fileset_free(o->fs);
    for (size_t i = 0; i < o->n; i++)
        free(o->names[i]);
    free(o->names);
}

static void ex_free(ex *x)
{
    for (size_t i = 0; i < NTABLES; i++)
        free(x->t[i].cells);
    for (size_t i = 0; i < x->nowned; i++)
        free(x->owned[i]);
    free(x->owned);
    pc_index_free(&x->practice_rows);
}

/* ------------------------------------------------------------------ */
/* API                                                                 */
/* ------------------------------------------------------------------ */

static const char *const format_names[] = {"csv", "xlsx", "geojson", "gpkg"};

pc_status rpt_export_format_parse(const char *s, rpt_export_format *out,
                                  pc_error *err)
{
    for (int i = 0; s && i < 4; i++)
        if (!strcmp(s, format_names[i])) {
            *out = (rpt_export_format)i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "unknown export format \"%s\" (expected csv, xlsx, "
                   "geojson or gpkg)",
                   s ? s : "");
}

const char *rpt_export_format_name(rpt_export_format fmt)
{
    return (unsigned)fmt < 4 ? format_names[fmt] : "?";
}

pc_status rpt_export(const cJSON *bundle, rpt_export_format fmt,
                     const char *dir, const char ***written, size_t *nwritten,
                     pc_error *err)
{
    ex x;
    outset o;
    const char **list = NULL;
    pc_status rc;
    int begun = 0;

    memset(&x, 0, sizeof x);
    memset(&o, 0, sizeof o);
    for (size_t i = 0; i < NTABLES; i++)
        x.t[i] = rpt_ex_tables[i];
    x.err = err;
    if ((unsigned)fmt >= 4) {
        rc = PC_FAIL(err, PC_ERR_INPUT, "export: unknown format %d", (int)fmt);
        goto cleanup;
    }
    if (!dir || !*dir) {
        rc = PC_FAIL(err, PC_ERR_INPUT, "export: no directory given");
        goto cleanup;
    }
    rc = rpt_ex_read(&x, bundle);
    if (rc != PC_OK)
        goto cleanup;
    rc = out_begin(&o, dir, err);
    if (rc != PC_OK)
        goto cleanup;
    begun = 1;
    switch (fmt) {
    case RPT_EXPORT_CSV: rc = rpt_ex_csv(&x, &o, err); break;
    case RPT_EXPORT_XLSX: rc = rpt_ex_xlsx(&x, &o, err); break;
    case RPT_EXPORT_GEOJSON: rc = rpt_ex_geojson(&x, &o, err); break;
    default: rc = rpt_ex_gpkg(&x, &o, err); break;
    }
    if (rc == PC_OK && written)
        rc = rpt_paths(o.dir, (const char *const *)o.names, o.n, &list, err);
    if (rc == PC_OK)
        rc = pc_fileset_commit(o.fs, err);
    if (rc == PC_OK) {
        if (written)
            *written = list;
        if (nwritten)
            *nwritten = o.n;
        list = NULL;
    }

cleanup:
    free(list);
    if (begun)
        out_end(&o);
    ex_free(&x);
    return rc;
}

pc_status rpt_export_layers(const cJSON *bundle, const char *const *names,
                            size_t n, pc_buf *geojson, pc_buf *json,
                            pc_error *err)
{
    geo_ctx *geo = NULL;
    ex x;
    pc_status rc;

    memset(&x, 0, sizeof x);
    for (size_t i = 0; i < NTABLES; i++)
        x.t[i] = rpt_ex_tables[i];
    x.err = err;
    rc = rpt_ex_read(&x, bundle);
    if (rc == PC_OK && !(geo = geo_ctx_new(err)))
        rc = err->code;
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        if (geojson)
            rc = rpt_ex_layer(geo, &x, names[i], 0, &geojson[i], err);
        if (rc == PC_OK && json)
            rc = rpt_ex_layer(geo, &x, names[i], 1, &json[i], err);
    }
    geo_ctx_free(geo);
    ex_free(&x);
    return rc;
}

pc_status rpt_ex_write_tables(const ex *x, outset *o, const char *ext,
                              int geom_only, table_writer write, pc_error *err)
{
    geo_ctx *geo = geo_ctx_new(err);
    pc_status rc = geo ? PC_OK : err->code;

    for (size_t i = 0; rc == PC_OK && i < NTABLES; i++) {
        const table *t = &x->t[i];
        pc_buf b = PC_BUF_INIT(FILE_CAP);
        char name[64], *path = NULL;

        if ((geom_only && !t->geom_type) || t->gpkg_only)
            continue;
        snprintf(name, sizeof name, "%s.%s", t->name, ext);
        rc = write(geo, t, &b, err);
        if (rc == PC_OK)
            rc = rpt_ex_out_add(o, name, &path, err);
        if (rc == PC_OK)
            rc = rpt_ex_write_file(path, &b, err);
        free(path);
        pc_buf_free(&b);
    }
    geo_ctx_free(geo);
    return rc;
}
