/* rpt_export_xlsx.c: the export as one workbook, a sheet per table
 * (geometry columns left out), written with libxlsxwriter and dated by
 * the dataset so the same document gives the same bytes. */
#include "pc_error.h"
#include "rpt_export_int.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XLSX_NAME    "pcplan.xlsx"
#define XLSX_STR_MAX 32767 /* characters in one Excel cell */

/* --- XLSX --------------------------------------------------------------- */

static size_t utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static pc_status xlsx_fail(lxw_error e, const char *path, pc_error *err)
{
    return PC_FAIL(
        err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? PC_ERR_NOMEM : PC_ERR_IO,
        "writing %s: %s", path, lxw_strerror(e));
}

static pc_status xlsx_sheet(lxw_workbook *wb, lxw_format *bold, const table *t,
                            const char *path, pc_error *err)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
    size_t ncols = 0;
    lxw_error e = LXW_NO_ERROR;
    char num[512];

    if (!ws)
        return PC_FAIL(err, PC_ERR_NOMEM, "writing %s: sheet %s", path,
                       t->name);
    for (size_t c = 0; c < t->ncols; c++) {
        const coldef *d = &t->cols[c];
        size_t width = utf8_chars(d->name);
        lxw_col_t col = (lxw_col_t)ncols;

        /* geometry does not fit a cell; e and n stay */
        if (d->type == T_GEOM)
            continue;
        ncols++;
        e = worksheet_write_string(ws, 0, col, d->name, bold);
        for (size_t r = 0; e == LXW_NO_ERROR && r < t->nrows; r++) {
            const cell *cl = &t->cells[r * t->ncols + c];
            lxw_row_t row = (lxw_row_t)(r + 1);
            size_t w = utf8_chars(rpt_ex_cell_text(d, cl, num, sizeof num));

            if (cl->kind == C_STR && w > XLSX_STR_MAX)
                return PC_FAIL(err, PC_ERR_INPUT,
                               "writing %s: %s row %zu, %s: text longer "
                               "than a cell's %d characters",
                               path, t->name, r + 1, d->name, XLSX_STR_MAX);
            width = w > width ? w : width;
            if (cl->kind == C_STR) /* text stays text: "=1+1" too */
                e = worksheet_write_string(ws, row, col, cl->s, NULL);
            else if (cl->kind == C_NUM)
                e = worksheet_write_number(ws, row, col, cl->v, NULL);
            else if (cl->kind == C_BOOL)
                e = worksheet_write_boolean(ws, row, col, cl->b, NULL);
        }
        if (e == LXW_NO_ERROR)
            e = worksheet_set_column(
                ws, col, col, (double)(width > 60 ? 60 : width) + 2, NULL);
        if (e != LXW_NO_ERROR)
            return xlsx_fail(e, path, err);
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (ncols)
        e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows,
                                 (lxw_col_t)(ncols - 1));
    return e == LXW_NO_ERROR ? PC_OK : xlsx_fail(e, path, err);
}

pc_status rpt_ex_xlsx(const ex *x, outset *o, pc_error *err)
{
    lxw_workbook_options opt = {.constant_memory = 0, .use_zip64 = 0};
    lxw_doc_properties props;
    lxw_workbook *wb = NULL;
    lxw_format *bold;
    char *path = NULL, title[256], comments[256];
    lxw_error e;
    pc_status rc;

    rc = rpt_ex_out_add(o, XLSX_NAME, &path, err);
    if (rc != PC_OK)
        return rc;
    opt.tmpdir = o->tmp; /* its scratch files go with ours */
    wb = workbook_new_opt(path, &opt);
    if (!wb) {
        free(path);
        return PC_FAIL(err, PC_ERR_NOMEM, "writing %s: out of memory",
                       XLSX_NAME);
    }
    snprintf(title, sizeof title, "%s", x->title);
    snprintf(comments, sizeof comments,
             "pcplan %s export of the model and a run (%s)", x->version,
             REPORT_FORMAT);
    memset(&props, 0, sizeof props);
    props.title = title;
    props.author = "pcplan";
    props.comments = comments;
    /* the dataset's date, not the clock, so the same document gives the
     * same bytes (the zip entries are dated 1980-01-01 by libxlsxwriter) */
    props.created = (time_t)(rpt_ex_date_days(x->as_of) * 86400);
    if (props.created == 0)
        props.created = 1; /* 0 means "now" */
    e = workbook_set_properties(wb, &props);
    bold = workbook_add_format(wb);
    if (bold)
        format_set_bold(bold);
    else
        e = LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (e != LXW_NO_ERROR)
        rc = xlsx_fail(e, path, err);
    for (size_t i = 0; rc == PC_OK && i < NTABLES; i++)
        rc = xlsx_sheet(wb, bold, &x->t[i], path, err);
    if (rc != PC_OK) {
        /* workbook_close() would still write the file; the temporary
         * directory is removed anyway */
        lxw_workbook_free(wb);
    } else {
        e = workbook_close(wb);
        if (e != LXW_NO_ERROR)
            rc = xlsx_fail(e, path, err);
    }
    free(path);
    return rc;
}
