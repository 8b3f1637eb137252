/* ds_csv.h: an RFC 4180 CSV reader for dataset files.
 *
 * A whole file is parsed into memory at once (dataset files are at most a
 * few megabytes): the header, then every record as an array of
 * NUL-terminated fields. The input must be UTF-8; a leading byte order mark
 * is skipped; CRLF and LF line ends are both accepted; empty lines are
 * skipped. Every record must have as many fields as the header. Errors name
 * the line where the offending record starts (the header is line 1). */
#ifndef DS_CSV_H
#define DS_CSV_H

#include "pc_error.h"

#include <stddef.h>

typedef struct ds_csv {
    size_t ncols;  /* fields per record, from the header */
    char **header; /* ncols names */
    size_t nrows;  /* records after the header */
    char ***rows;  /* rows[i][j]: field j of record i */
    long *line;    /* line[i]: line where record i starts */
    char *arena;   /* owns every string above */
} ds_csv;

/* Parses len bytes of CSV. `name` is used in error messages only. On
 * success *out is owned by the caller (free with ds_csv_free()); on failure
 * returns PC_ERR_INPUT with the line and what was expected, or
 * PC_ERR_NOMEM. */
pc_status ds_csv_parse(const char *data, size_t len, ds_csv **out,
                       pc_error *err);

/* Reads and parses a file; PC_ERR_IO if it cannot be read. */
pc_status ds_csv_read_file(const char *path, ds_csv **out, pc_error *err);

/* Index of the column with this header name, or -1. */
int ds_csv_col(const ds_csv *csv, const char *name);

void ds_csv_free(ds_csv *csv);

#endif
