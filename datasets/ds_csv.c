/* ds_csv.c: RFC 4180 CSV parsing (see ds_csv.h). */
#include "ds_csv.h"

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

pc_status ds_csv_parse(const char *data, size_t len, ds_csv **out,
                       pc_error *err)
{
    ds_csv *csv = NULL;
    char **fields = NULL;
    size_t nf = 0, fields_alloc = 0, rows_alloc = 0;
    size_t i = 0;
    char *w;
    long line = 1, rec_line = 1;
    pc_status rc = PC_OK;

    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    rc = pc_utf8_check(data, len, err);
    if (rc != PC_OK)
        return rc;
    csv = calloc(1, sizeof *csv);
    if (!csv)
        return PC_NOMEM(err);
    /* Unescaped content never exceeds the raw bytes, and every field's
     * raw form is followed by a separator or the end: len + 2 suffices. */
    csv->arena = malloc(len + 2);
    if (!csv->arena) {
        rc = PC_NOMEM(err);
        goto fail;
    }
    w = csv->arena;

    while (i < len) {
        /* skip empty lines between records */
        if (nf == 0 && (data[i] == '\n' || data[i] == '\r')) {
            if (data[i] == '\n')
                line++;
            i++;
            continue;
        }
        rec_line = line;
        for (;;) { /* one field */
            char *start = w;

            if (nf == fields_alloc) {
                size_t want = fields_alloc ? fields_alloc * 2 : 32;
                char **f = realloc(fields, want * sizeof *f);

                if (!f) {
                    rc = PC_NOMEM(err);
                    goto fail;
                }
                fields = f;
                fields_alloc = want;
            }
            if (i < len && data[i] == '"') {
                long open_line = line;

                i++;
                for (;;) {
                    if (i >= len) {
                        rc = PC_FAIL(err, PC_ERR_INPUT,
                                     "line %ld: quoted field is not closed "
                                     "(expected a closing \")",
                                     open_line);
                        goto fail;
                    }
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
                if (i < len && data[i] != ',' && data[i] != '\n' &&
                    data[i] != '\r') {
                    rc = PC_FAIL(err, PC_ERR_INPUT,
                                 "line %ld: text after a closing quote "
                                 "(expected a comma or the end of the line)",
                                 line);
                    goto fail;
                }
            } else {
                while (i < len && data[i] != ',' && data[i] != '\n' &&
                       data[i] != '\r') {
                    if (data[i] == '"') {
                        rc = PC_FAIL(err, PC_ERR_INPUT,
                                     "line %ld: quote inside an unquoted "
                                     "field (expected the whole field in "
                                     "quotes, with \"\" for a quote)",
                                     line);
                        goto fail;
                    }
                    *w++ = data[i++];
                }
            }
            *w++ = '\0';
            fields[nf++] = start;
            if (i < len && data[i] == ',') {
                i++;
                continue;
            }
            break;
        }
        /* end of record: CR? LF, or end of input */
        if (i < len && data[i] == '\r')
            i++;
        if (i < len) {
            if (data[i] != '\n') {
                rc = PC_FAIL(err, PC_ERR_INPUT,
                             "line %ld: carriage return inside a field "
                             "(expected quotes around it)",
                             line);
                goto fail;
            }
            i++;
            line++;
        }
        rc = add_record(csv, fields, nf, rec_line, &rows_alloc, err);
        if (rc != PC_OK)
            goto fail;
        nf = 0;
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
