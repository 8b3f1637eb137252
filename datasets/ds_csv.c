/* ds_csv.c: RFC 4180 CSV parsing (see ds_csv.h). */
#include "ds_csv.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_file.h"
#include "pc_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DS_FILE_MAX (512u * 1024u * 1024u)

void ds_csv_free(ds_csv *csv)
{
    if (!csv)
        return;
    if (csv->rows)
        for (size_t i = 0; i < csv->nrows; i++)
            free(csv->rows[i]);
    free(csv->rows);
    free(csv->line);
    free(csv->header);
    free(csv->arena);
    free(csv);
}

int ds_csv_col(const ds_csv *csv, const char *name)
{
    for (size_t j = 0; j < csv->ncols; j++)
        if (!strcmp(csv->header[j], name))
            return (int)j;
    return -1;
}

/* Appends a record of nf fields to csv (the header first). */
static pc_status add_record(ds_csv *csv, char **fields, size_t nf, long line,
                            size_t *rows_alloc, pc_error *err)
{
    char **copy;

    if (!csv->header) {
        for (size_t j = 0; j < nf; j++) {
            if (!fields[j][0])
                return PC_FAIL(err, PC_ERR_INPUT,
                               "line %ld: header column %zu is empty "
                               "(expected a column name)",
                               line, j + 1);
            for (size_t k = 0; k < j; k++)
                if (!strcmp(fields[k], fields[j]))
                    return PC_FAIL(err, PC_ERR_INPUT,
                                   "line %ld: column \"%s\" appears twice "
                                   "in the header",
                                   line, fields[j]);
        }
        csv->header = malloc(nf * sizeof *csv->header);
        if (!csv->header)
            return PC_NOMEM(err);
        memcpy(csv->header, fields, nf * sizeof *fields);
        csv->ncols = nf;
        return PC_OK;
    }
    if (nf != csv->ncols)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "row %ld: %zu fields (expected %zu, as in the header)",
                       line, nf, csv->ncols);
    if (csv->nrows == *rows_alloc) {
        size_t want = *rows_alloc ? *rows_alloc * 2 : 64;
        char ***r = realloc(csv->rows, want * sizeof *r);
        long *l;

        if (!r)
            return PC_NOMEM(err);
        csv->rows = r;
        l = realloc(csv->line, want * sizeof *l);
        if (!l)
            return PC_NOMEM(err);
        csv->line = l;
        *rows_alloc = want;
    }
    copy = malloc(nf * sizeof *copy);
    if (!copy)
        return PC_NOMEM(err);
    memcpy(copy, fields, nf * sizeof *fields);
    csv->rows[csv->nrows] = copy;
    csv->line[csv->nrows] = line;
    csv->nrows++;
    return PC_OK;
}

/* Where the parser is: the input, the next byte to read, the arena byte to
 * write next and the line number (1-based) of the next byte. */
typedef struct scan {
    const char *data;
    size_t len, i;
    char *w;
    long line;
} scan;

/* 1 when byte i ends a field: a comma, a line end or the input's end. */
static int field_end(const char *data, size_t len, size_t i)
{
    return i >= len || data[i] == ',' || data[i] == '\n' || data[i] == '\r';
}

/* A quoted field from its opening quote, unescaped into s->w ("" is a
 * quote); it may span lines. The loop works on locals: a write through
 * the arena pointer could otherwise alias the scanner. */
static pc_status quoted_field(scan *s, pc_error *err)
{
    const char *data = s->data;
    size_t len = s->len, i = s->i + 1;
    char *w = s->w;
    long open_line = s->line, line = s->line;

    for (;;) {
        if (i >= len)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "line %ld: quoted field is not closed "
                           "(expected a closing \")",
                           open_line);
        if (data[i] == '"') {
            if (i + 1 < len && data[i + 1] == '"') {
                *w++ = '"';
                i += 2;
                continue;
            }
            i++;
            break;
        }
        if (data[i] == '\n')
            line++;
        *w++ = data[i++];
    }
    s->i = i;
    s->w = w;
    s->line = line;
    if (!field_end(data, len, i))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "line %ld: text after a closing quote "
                       "(expected a comma or the end of the line)",
                       line);
    return PC_OK;
}

/* An unquoted field into s->w: no quote may appear in it. */
static pc_status plain_field(scan *s, pc_error *err)
{
    const char *data = s->data;
    size_t len = s->len, i = s->i;
    char *w = s->w;

    for (; !field_end(data, len, i); i++) {
        if (data[i] == '"')
            return PC_FAIL(err, PC_ERR_INPUT,
                           "line %ld: quote inside an unquoted "
                           "field (expected the whole field in "
                           "quotes, with \"\" for a quote)",
                           s->line);
        *w++ = data[i];
    }
    s->i = i;
    s->w = w;
    return PC_OK;
}

/* The fields of one record into *fields (*nf of them, room for *cap), up
 * to and past its line end (CR? LF) or the input's end. */
static pc_status read_record(scan *s, char ***fields, size_t *nf, size_t *cap,
                             pc_error *err)
{
    pc_status rc;

    for (;;) {
        char *start = s->w;

        if (*nf == *cap &&
            pc_grow((void **)fields, cap, *nf + 1, sizeof **fields))
            return PC_NOMEM(err);
        rc = s->i < s->len && s->data[s->i] == '"' ? quoted_field(s, err)
                                                   : plain_field(s, err);
        if (rc != PC_OK)
            return rc;
        *s->w++ = '\0';
        (*fields)[(*nf)++] = start;
        if (s->i < s->len && s->data[s->i] == ',') {
            s->i++;
            continue;
        }
        break;
    }
    if (s->i < s->len && s->data[s->i] == '\r')
        s->i++;
    if (s->i < s->len) {
        if (s->data[s->i] != '\n')
            return PC_FAIL(err, PC_ERR_INPUT,
                           "line %ld: carriage return inside a field "
                           "(expected quotes around it)",
                           s->line);
        s->i++;
        s->line++;
    }
    return PC_OK;
}

pc_status ds_csv_parse(const char *data, size_t len, ds_csv **out,
                       pc_error *err)
{
    ds_csv *csv = NULL;
    char **fields = NULL;
    size_t nf = 0, fields_alloc = 0, rows_alloc = 0;
    scan s;
    pc_status rc;

    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    if ((rc = pc_utf8_check(data, len, err)) != PC_OK)
        return rc;
    if (!(csv = calloc(1, sizeof *csv)))
        return PC_NOMEM(err);
    /* Unescaped content never exceeds the raw bytes, and every field's
     * raw form is followed by a separator or the end: len + 2 suffices. */
    if (!(csv->arena = malloc(len + 2))) {
        rc = PC_NOMEM(err);
        goto fail;
    }
    s = (scan){data, len, 0, csv->arena, 1};
    while (s.i < len) {
        long rec_line = s.line;

        /* skip empty lines between records */
        if (data[s.i] == '\n' || data[s.i] == '\r') {
            if (data[s.i++] == '\n')
                s.line++;
            continue;
        }
        nf = 0;
        if ((rc = read_record(&s, &fields, &nf, &fields_alloc, err)) ||
            (rc = add_record(csv, fields, nf, rec_line, &rows_alloc, err)))
            goto fail;
    }
    if (!csv->header) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "file is empty (expected a header "
                     "row)");
        goto fail;
    }
    free(fields);
    *out = csv;
    return PC_OK;

fail:
    free(fields);
    ds_csv_free(csv);
    return rc;
}

pc_status ds_csv_read_file(const char *path, ds_csv **out, pc_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    pc_status rc = pc_file_read(path, DS_FILE_MAX, &buf, &len, err);

    if (rc != PC_OK)
        return rc;
    rc = ds_csv_parse(buf, len, out, err);
    free(buf);
    return rc;
}
