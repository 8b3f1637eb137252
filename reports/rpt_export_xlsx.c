/* rpt_export_xlsx.c: the export as one workbook, a sheet per table
 * (geometry columns left out), written with libxlsxwriter and dated by
 * the dataset so the same document gives the same bytes.
 *
 * Each sheet is a table an analyst can filter at once: one header row of
 * words ("Ask (GBP)", "Rooms needed"), each header cell carrying the
 * column's name in the other formats (contribution_gbp) as its note, the
 * header row frozen, an autofilter over the table, and columns as wide as
 * what they show. Numbers stay numbers with a format by the column's kind
 * (coldef.kind in rpt_export_tables.c): money £#,##0, rooms 0.0, shares
 * 0.0%, counts #,##0, years 0; dates are Excel dates shown yyyy-mm-dd. */
#include "pc_error.h"
#include "rpt_export_int.h"

#include <xlsxwriter.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XLSX_NAME    "pcplan.xlsx"
#define XLSX_STR_MAX 32767 /* characters in one Excel cell */
#define XLSX_WIDTH   50    /* widest column, in characters */
#define EXCEL_1970   25569 /* 1970-01-01 as an Excel date serial */

/* The number format of each column kind (K_*); NULL: General. */
static const char *const kind_formats[NKINDS] = {
    [K_PLAIN] = NULL,  [K_COUNT] = "#,##0", [K_MONEY] = "£#,##0",
    [K_ROOMS] = "0.0", [K_SHARE] = "0.0%",  [K_DATE] = "yyyy-mm-dd",
    [K_YEAR] = "0",    [K_METRES] = "0.0",  [K_HECTARES] = "#,##0.00"};

/* The workbook's formats, made once. */
typedef struct xfmt {
    lxw_format *head;         /* the header row */
    lxw_format *kind[NKINDS]; /* a column's cells, by kind; NULL: General */
} xfmt;

/* --- XLSX --------------------------------------------------------------- */

static size_t utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* About how many characters v takes shown in kind's format; 0 when the
 * format is General (the cell's text says). */
static size_t shown_width(int kind, double v)
{
    char buf[64];
    int dec = 0, group = 0, extra = 0;
    size_t n, digits;

    switch (kind) {
    case K_COUNT: group = 1; break;
    case K_MONEY: group = extra = 1; break;
    case K_ROOMS:
    case K_METRES: dec = 1; break;
    case K_SHARE:
        v *= 100;
        dec = extra = 1;
        break;
    case K_DATE: return 10;
    case K_YEAR: break;
    case K_HECTARES:
        dec = 2;
        group = 1;
        break;
    default: return 0;
    }
    if (!isfinite(v) || fabs(v) >= 1e15)
        return 20;
    snprintf(buf, sizeof buf, "%.*f", dec, v);
    n = strlen(buf);
    digits = strcspn(buf, ".") - (buf[0] == '-');
    if (group && digits > 3)
        n += (digits - 1) / 3;
    return n + (size_t)extra;
}

static size_t rows_max; /* rpt_export_set_xlsx_rows_max; 0: Excel's */

void rpt_export_set_xlsx_rows_max(size_t n)
{
    rows_max = n;
}

/* The rows a sheet holds below its header: Excel's 1,048,576 less one,
 * unless a test lowered it. */
static size_t xlsx_rows_max(void)
{
    return rows_max ? rows_max : (size_t)LXW_ROW_MAX - 1;
}

static pc_status xlsx_fail(lxw_error e, const char *path, pc_error *err)
{
    return PC_FAIL(
        err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? PC_ERR_NOMEM : PC_ERR_IO,
        "writing %s: %s", path, lxw_strerror(e));
}

/* Writes one cell of column d: text stays text ("=1+1" too), a date of a
 * K_DATE column becomes an Excel date; *width grows to what it shows. */
static lxw_error xlsx_cell(lxw_worksheet *ws, const xfmt *f, const coldef *d,
                           const cell *cl, lxw_row_t row, lxw_col_t col,
                           size_t *width)
{
    lxw_format *fmt = f->kind[d->kind];
    char num[512];
    size_t w = 0;
    lxw_error e = LXW_NO_ERROR;

    if (cl->kind == C_STR && d->kind == K_DATE &&
        rpt_ex_date_days(cl->s) >= 0) {
        e = worksheet_write_number(
            ws, row, col, (double)(rpt_ex_date_days(cl->s) + EXCEL_1970), fmt);
        w = 10;
    } else if (cl->kind == C_STR) {
        e = worksheet_write_string(ws, row, col, cl->s, NULL);
    } else if (cl->kind == C_NUM) {
        e = worksheet_write_number(ws, row, col, cl->v, fmt);
        w = shown_width(d->kind, cl->v);
    } else if (cl->kind == C_BOOL) {
        e = worksheet_write_boolean(ws, row, col, cl->b, NULL);
    }
    if (!w)
        w = utf8_chars(rpt_ex_cell_text(d, cl, num, sizeof num));
    if (w > *width)
        *width = w;
    return e;
}

/* The header cell of column d: its label, with its name as the note. */
static lxw_error xlsx_header(lxw_worksheet *ws, const xfmt *f, const coldef *d,
                             lxw_col_t col, size_t *width)
{
    char label[128];
    lxw_error e;

    rpt_ex_col_label(d, label, sizeof label);
    /* room for the autofilter's button */
    *width = utf8_chars(label) + 3;
    e = worksheet_write_string(ws, 0, col, label, f->head);
    if (e == LXW_NO_ERROR)
        e = worksheet_write_comment(ws, 0, col, d->name);
    return e;
}

static pc_status xlsx_sheet(lxw_workbook *wb, const xfmt *f, const table *t,
                            const char *path, pc_error *err)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
    size_t ncols = 0;
    lxw_error e = LXW_NO_ERROR;

    if (t->nrows > xlsx_rows_max())
        return PC_FAIL(err, PC_ERR_INPUT,
                       "writing %s: sheet %s has %zu rows, more than the "
                       "%zu an XLSX sheet holds below its header (expected "
                       "at most that many; CSV has no such limit)",
                       path, t->name, t->nrows, xlsx_rows_max());
    if (!ws)
        return PC_FAIL(err, PC_ERR_NOMEM, "writing %s: sheet %s", path,
                       t->name);
    worksheet_set_comments_author(ws, "pcplan");
    for (size_t c = 0; c < t->ncols; c++) {
        const coldef *d = &t->cols[c];
        size_t width = 0;
        lxw_col_t col = (lxw_col_t)ncols;

        /* geometry does not fit a cell; e and n stay */
        if (d->type == T_GEOM)
            continue;
        ncols++;
        e = xlsx_header(ws, f, d, col, &width);
        for (size_t r = 0; e == LXW_NO_ERROR && r < t->nrows; r++) {
            const cell *cl = &t->cells[r * t->ncols + c];

            if (cl->kind == C_STR && utf8_chars(cl->s) > XLSX_STR_MAX)
                return PC_FAIL(err, PC_ERR_INPUT,
                               "writing %s: %s row %zu, %s: text longer "
                               "than a cell's %d characters",
                               path, t->name, r + 1, d->name, XLSX_STR_MAX);
            e = xlsx_cell(ws, f, d, cl, (lxw_row_t)(r + 1), col, &width);
        }
        if (e == LXW_NO_ERROR)
            e = worksheet_set_column(
                ws, col, col,
                (double)(width > XLSX_WIDTH ? XLSX_WIDTH : width) + 2, NULL);
        if (e != LXW_NO_ERROR)
            return xlsx_fail(e, path, err);
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (ncols)
        e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows,
                                 (lxw_col_t)(ncols - 1));
    return e == LXW_NO_ERROR ? PC_OK : xlsx_fail(e, path, err);
}

/* The header's and each kind's format. */
static lxw_error xlsx_formats(lxw_workbook *wb, xfmt *f)
{
    memset(f, 0, sizeof *f);
    f->head = workbook_add_format(wb);
    if (!f->head)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    format_set_bold(f->head);
    format_set_bottom(f->head, LXW_BORDER_THIN);
    format_set_bg_color(f->head, 0xE7EEF7);
    for (int k = 0; k < NKINDS; k++) {
        if (!kind_formats[k])
            continue;
        f->kind[k] = workbook_add_format(wb);
        if (!f->kind[k])
            return LXW_ERROR_MEMORY_MALLOC_FAILED;
        format_set_num_format(f->kind[k], kind_formats[k]);
    }
    return LXW_NO_ERROR;
}

pc_status rpt_ex_xlsx(const ex *x, outset *o, pc_error *err)
{
    lxw_workbook_options opt = {.constant_memory = 0, .use_zip64 = 0};
    lxw_doc_properties props;
    lxw_workbook *wb = NULL;
    xfmt f;
    char *path = NULL, title[256], comments[256];
    lxw_error e;
    pc_status rc;

    rc = rpt_ex_out_add(o, XLSX_NAME, &path, err);
    if (rc != PC_OK)
        return rc;
    opt.tmpdir = (char *)o->tmp; /* its scratch files go with ours */
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
    if (e == LXW_NO_ERROR)
        e = xlsx_formats(wb, &f);
    if (e != LXW_NO_ERROR)
        rc = xlsx_fail(e, path, err);
    for (size_t i = 0; rc == PC_OK && i < NTABLES; i++)
        if (!x->t[i].gpkg_only)
            rc = xlsx_sheet(wb, &f, &x->t[i], path, err);
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
