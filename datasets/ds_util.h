/* ds_util.h: the parsers for the field types of datasets/FORMAT.md that
 * the dataset loaders share.
 *
 * Field parsers take the text of one field and its column name; on failure
 * they return PC_ERR_INPUT with `field "<name>": <what was expected>` and
 * leave *out untouched. */
#ifndef DS_UTIL_H
#define DS_UTIL_H

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"
#include "pc_json.h"
#include "pc_text.h"

#include <stddef.h>

/* TEMPORARY names, until every user says pc_arena and pc_index */
typedef pc_arena ds_arena;
typedef pc_index ds_index;
#define ds_arena_new    pc_arena_new
#define ds_arena_free   pc_arena_free
#define ds_arena_alloc  pc_arena_alloc
#define ds_arena_strdup pc_arena_strdup
#define ds_arena_calloc pc_arena_calloc
#define ds_arena_printf pc_arena_printf
#define ds_index_put    pc_index_put
#define ds_index_get    pc_index_get
#define ds_index_free   pc_index_free
#define ds_json_type    pc_json_type
#define ds_line_col     pc_line_col
#define ds_utf8_check   pc_utf8_check

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

#endif
