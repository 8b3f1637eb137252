/* rpt_export_geojson.c: the export as GeoJSON (RFC 7946), one
 * <table>.geojson FeatureCollection per table with geometry, one feature
 * per line. geo/ reprojects each geometry to WGS84 and writes it. */
#include "rpt_export_int.h"

#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"

#include <stdio.h>
#include <string.h>

/* s as a JSON string: quote, backslash and control characters escaped. */
static pc_status json_str(pc_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    pc_status rc = pc_buf_puts(b, "\"");

    for (; rc == PC_OK && *p; p++) {
        char esc[8];

        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
        switch (*p) {
        case '"': snprintf(esc, sizeof esc, "\\\""); break;
        case '\\': snprintf(esc, sizeof esc, "\\\\"); break;
        case '\n': snprintf(esc, sizeof esc, "\\n"); break;
        case '\r': snprintf(esc, sizeof esc, "\\r"); break;
        case '\t': snprintf(esc, sizeof esc, "\\t"); break;
        default: snprintf(esc, sizeof esc, "\\u%04x", *p); break;
        }
        if (rc == PC_OK)
            rc = pc_buf_puts(b, esc);
        run = p + 1;
    }
    if (rc == PC_OK)
        rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
    return rc == PC_OK ? pc_buf_puts(b, "\"") : rc;
}

/* t as a GeoJSON FeatureCollection, one feature per line; props_only:
 * as {"<name>": [properties, ...]} instead, without the geometry. */
static pc_status layer_write(geo_ctx *geo, const table *t, int props_only,
                             pc_buf *b, pc_error *err)
{
    size_t g = rpt_ex_col(t, "geometry");
    pc_status rc;
    char num[512];

    rc = pc_buf_puts(b, props_only ? "{"
                                   : "{\"type\":\"FeatureCollection\","
                                     "\"name\":");
    if (rc == PC_OK)
        rc = json_str(b, t->name);
    if (rc == PC_OK)
        rc = pc_buf_puts(b, props_only ? ":[" : ",\"features\":[");
    for (size_t r = 0; rc == PC_OK && r < t->nrows; r++) {
        const cell *row = &t->cells[r * t->ncols];
        int first = 1;

        rc = pc_buf_puts(b, r ? ",\n" : "\n");
        if (rc == PC_OK)
            rc = pc_buf_puts(b, props_only ? "{"
                                           : "{\"type\":\"Feature\","
                                             "\"properties\":{");
        for (size_t c = 0; rc == PC_OK && c < t->ncols; c++) {
            const cell *cl = &row[c];

            if (c == g)
                continue;
            rc = pc_buf_puts(b, first ? "" : ",");
            first = 0;
            if (rc == PC_OK)
                rc = json_str(b, t->cols[c].name);
            if (rc == PC_OK)
                rc = pc_buf_puts(b, ":");
            if (rc != PC_OK)
                break;
            if (cl->kind == C_STR)
                rc = json_str(b, cl->s);
            else if (cl->kind == C_NULL)
                rc = pc_buf_puts(b, "null");
            else
                rc = pc_buf_puts(
                    b, rpt_ex_cell_text(&t->cols[c], cl, num, sizeof num));
        }
        if (props_only) {
            if (rc == PC_OK)
                rc = pc_buf_puts(b, "}");
            continue;
        }
        if (rc == PC_OK)
            rc = pc_buf_puts(b, "},\"geometry\":");
        if (rc != PC_OK)
            break;
        if (row[g].kind == C_STR)
            rc = geo_geojson_wgs84(geo, row[g].s, 6, b, err);
        else
            rc = pc_buf_puts(b, "null");
        if (rc == PC_ERR_INPUT)
            return rpt_ex_bad_geometry(t, r, err);
        if (rc != PC_OK && rc != PC_ERR_NOMEM)
            return rc;
        if (rc == PC_OK)
            rc = pc_buf_puts(b, "}");
    }
    if (rc == PC_OK)
        rc = pc_buf_puts(b, "\n]}\n");
    if (rc != PC_OK)
        rc = PC_FAIL(err, rc, "%s.geojson: larger than %zu bytes", t->name,
                     FILE_CAP);
    return rc;
}

static pc_status geojson_table(geo_ctx *geo, const table *t, pc_buf *b,
                               pc_error *err)
{
    return layer_write(geo, t, 0, b, err);
}

pc_status rpt_ex_layer(const ex *x, const char *name, int props_only,
                       pc_buf *out, pc_error *err)
{
    geo_ctx *geo;
    pc_status rc;

    for (size_t i = 0; i < NTABLES; i++) {
        if (strcmp(x->t[i].name, name) || (!props_only && !x->t[i].geom_type))
            continue;
        if (!(geo = geo_ctx_new(err)))
            return err->code;
        rc = layer_write(geo, &x->t[i], props_only, out, err);
        geo_ctx_free(geo);
        return rc;
    }
    return PC_FAIL(err, PC_ERR_NOTFOUND, "no %slayer \"%s\" in the export",
                   props_only ? "" : "geographic ", name);
}

pc_status rpt_ex_geojson(const ex *x, outset *o, pc_error *err)
{
    /* RFC 7946: WGS84 lon/lat to 6 decimals (about 0.1 m), exterior rings
     * counterclockwise: geo_geojson_wgs84() */
    return rpt_ex_write_tables(x, o, "geojson", 1, geojson_table, err);
}
