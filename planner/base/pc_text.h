/* pc_text.h: checks and positions in text that came from outside (data
 * files, scenario files, request bodies), for messages that point at the
 * place: "line 3, column 17". */
#ifndef PC_TEXT_H
#define PC_TEXT_H

#include "pc_buf.h"
#include "pc_error.h"

#include <stddef.h>

/* Decodes the character at s (avail bytes there; SIZE_MAX for a
 * NUL-terminated string, as decoding stops at a NUL) into *cp and returns
 * its length in bytes, 1 to 4; 0 when s does not start a whole, valid
 * UTF-8 sequence (overlong forms, surrogates and code points above
 * U+10FFFF are invalid). */
size_t pc_utf8_next(const char *s, size_t avail, unsigned *cp);

/* PC_OK when s[0..len) is UTF-8 text without NUL bytes, overlong forms or
 * surrogates; else PC_ERR_INPUT naming the line and character. */
pc_status pc_utf8_check(const char *s, size_t len, pc_error *err);

/* Line and column (both from 1; columns in characters of UTF-8 text) of
 * byte offset off in buf. */
void pc_line_col(const char *buf, size_t off, long *line, long *col);

/* Replaces, in s[0..n), each control character a terminal would act on
 * (a byte below 0x20 other than '\n' and '\t', and 0x7f: ESC, CR,
 * backspace, bell...) with '?', one byte for one, so that names from
 * outside cannot clear a screen or forge a line; returns how many. For
 * text only: JSON escapes them itself. */
size_t pc_text_scrub(char *s, size_t n);

/* Appends text (n bytes of UTF-8, lines ending '\n') to out with every
 * line of more than width characters wrapped at spaces: a table row's
 * last cell (what follows its last run of two or more spaces) goes on in
 * its own column on the lines below; a line without such a run is prose
 * and goes on at its indent. A row whose last cell starts too near the
 * right edge to wrap (fewer than 20 columns left) stays as it is, and so
 * does a word too long for the room it has. width 0: text as it is. */
pc_status pc_text_fit(const char *text, size_t n, int width, pc_buf *out);

#endif
