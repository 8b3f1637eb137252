/* rpt_export_csv.c: the export as CSV, one <table>.csv per table
 * (RFC 4180 quoting), geometry as WKT in EPSG:27700 written by geo/. Text
 * cells that a spreadsheet would take as a formula get a leading '\''
 * (pc_buf_csv_text); numbers are written as they are. */
#include "rpt_export_int.h"

#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"

#include <string.h>

/* The geometry cell of row r of t as a quoted WKT field; a null cell
 * gives an empty field. wkt is scratch space. */
static pc_status csv_geometry(geo_ctx *geo, const table *t, size_t r,
                              const cell *cl, pc_buf *wkt, pc_buf *b,
                              pc_error *err)
{
    pc_status rc;

    if (cl->kind != C_STR)
        return PC_OK;
    pc_buf_reset(wkt);
    rc = geo_geojson_wkt(geo, cl->s, 1, wkt, err);
    if (rc == PC_ERR_INPUT)
        return rpt_ex_bad_geometry(t, r, err);
    if (rc != PC_OK)
        return rc;
    return pc_buf_csv(b, pc_buf_str(wkt));
}

/* t as CSV; geometry as WKT in EPSG:27700 to 0.1 m. */
static pc_status csv_table(geo_ctx *geo, const table *t, pc_buf *b,
                           pc_error *err)
{
    pc_buf wkt = PC_BUF_INIT(FILE_CAP);
    pc_status rc = PC_OK;
    char num[512];

    for (size_t c = 0; rc == PC_OK && c < t->ncols; c++) {
        if (c)
            rc = pc_buf_puts(b, ",");
        if (rc == PC_OK)
            rc = pc_buf_csv(b, t->cols[c].name);
    }
    if (rc == PC_OK)
        rc = pc_buf_puts(b, "\n");
    for (size_t r = 0; rc == PC_OK && r < t->nrows; r++) {
        for (size_t c = 0; rc == PC_OK && c < t->ncols; c++) {
            const cell *cl = &t->cells[r * t->ncols + c];

            if (c)
                rc = pc_buf_puts(b, ",");
            if (rc == PC_OK && t->cols[c].type == T_GEOM) {
                rc = csv_geometry(geo, t, r, cl, &wkt, b, err);
                if (rc != PC_OK && rc != PC_ERR_NOMEM) {
                    pc_buf_free(&wkt);
                    return rc;
                }
            } else if (rc == PC_OK && cl->kind == C_STR) {
                rc = pc_buf_csv_text(b, cl->s); /* formulas neutralised */
            } else if (rc == PC_OK) {
                rc = pc_buf_csv(
                    b, rpt_ex_cell_text(&t->cols[c], cl, num, sizeof num));
            }
        }
        if (rc == PC_OK)
            rc = pc_buf_puts(b, "\n");
    }
    pc_buf_free(&wkt);
    if (rc != PC_OK) /* geometry failures returned above */
        rc = PC_FAIL(err, rc, "%s.csv: larger than %zu bytes", t->name,
                     FILE_CAP);
    return rc;
}

pc_status rpt_ex_csv(const ex *x, outset *o, pc_error *err)
{
    return rpt_ex_write_tables(x, o, "csv", 0, csv_table, err);
}
