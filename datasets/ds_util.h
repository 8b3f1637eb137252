/* ds_util.h: the parsers for the field types of datasets/FORMAT.md that
 * the dataset loaders share.
 *
 * Field parsers take the text of one field and its column name; on failure
 * they return PC_ERR_INPUT with `field "<name>": <what was expected>` and
 * leave *out untouched. */
#ifndef DS_UTIL_H
#define DS_UTIL_H

#include "pc_error.h"

#include <stddef.h>

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
