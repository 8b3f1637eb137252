/* ds_util.h: small pieces the dataset loaders share: an arena that owns a
 * dataset's strings and arrays, a string-keyed index for cross-references,
 * and parsers for the field types of datasets/FORMAT.md.
 *
 * Field parsers take the text of one field and its column name; on failure
 * they return PC_ERR_INPUT with `field "<name>": <what was expected>` and
 * leave *out untouched. */
#ifndef DS_UTIL_H
#define DS_UTIL_H

#include "pc_error.h"

#include <stddef.h>

typedef struct ds_arena ds_arena;

ds_arena *ds_arena_new(void);
void ds_arena_free(ds_arena *a);
/* Zeroed memory owned by the arena, or NULL when out of memory. */
void *ds_arena_alloc(ds_arena *a, size_t size);
char *ds_arena_strdup(ds_arena *a, const char *s);
/* n zeroed elements of sz bytes (at least one), NULL on overflow or out of
 * memory. */
void *ds_arena_calloc(ds_arena *a, size_t n, size_t sz);
/* A formatted string (at most 1 KB) owned by the arena. */
char *ds_arena_printf(ds_arena *a, const char *fmt, ...) PC_PRINTF(2, 3);

/* An open-addressing index from borrowed string keys to size_t values. */
typedef struct ds_index {
    const char **keys;
    size_t *vals;
    size_t cap, count;
} ds_index;

/* Returns 1 if inserted, 0 if the key was already present (its value in
 * *old when old is not NULL), -1 when out of memory. */
int ds_index_put(ds_index *ix, const char *key, size_t val, size_t *old);
/* Returns 1 and the value in *val when found, else 0. */
int ds_index_get(const ds_index *ix, const char *key, size_t *val);
void ds_index_free(ds_index *ix);

pc_status ds_parse_id(const char *v, const char *field, pc_error *err);
pc_status ds_parse_long(const char *v, const char *field, long min, long max,
                        long *out, pc_error *err);
pc_status ds_parse_double(const char *v, const char *field, double min,
                          double max, double *out, pc_error *err);
/* Finds v among the NULL-terminated vals. */
pc_status ds_parse_enum(const char *v, const char *field,
                        const char *const *vals, pc_error *err);
pc_status ds_parse_bool(const char *v, const char *field, int *out,
                        pc_error *err);
pc_status ds_parse_date(const char *v, const char *field, pc_error *err);

/* Line and column (both from 1; columns in characters of UTF-8 text) of
 * byte offset off in buf. */
void ds_line_col(const char *buf, size_t off, long *line, long *col);
/* 1 when a JSON text ends inside a string or with brackets still open:
 * the mark of a truncated file, wherever the parser happened to stop. */
int ds_json_unclosed(const char *buf, size_t len);

struct cJSON;
/* What a JSON value is, for messages: "nothing" (NULL), "null", "a
 * boolean", "a number", "a string", "an array" or "an object". */
const char *ds_json_type(const struct cJSON *v);

#endif
