/* pc_text.h: checks and positions in text that came from outside (data
 * files, scenario files, request bodies), for messages that point at the
 * place: "line 3, column 17". */
#ifndef PC_TEXT_H
#define PC_TEXT_H

#include "pc_error.h"

#include <stddef.h>

/* PC_OK when s[0..len) is UTF-8 text without NUL bytes, overlong forms or
 * surrogates; else PC_ERR_INPUT naming the line and character. */
pc_status pc_utf8_check(const char *s, size_t len, pc_error *err);

/* Line and column (both from 1; columns in characters of UTF-8 text) of
 * byte offset off in buf. */
void pc_line_col(const char *buf, size_t off, long *line, long *col);

#endif
