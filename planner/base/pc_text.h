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

/* 1 when the NUL-terminated s is UTF-8 text (as pc_utf8_check has it),
 * else 0: for a caller with its own words for what is wrong. */
int pc_utf8_valid(const char *s);

/* Appends s (NUL-terminated) to out with every byte that does not start a
 * valid UTF-8 sequence replaced by U+FFFD, so that text from outside that
 * is only echoed (a command line's arguments, a path) keeps a JSON answer
 * valid UTF-8. PC_ERR_NOMEM when out cannot grow. */
pc_status pc_utf8_repair(const char *s, pc_buf *out);

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

/* --- names a user types -------------------------------------------------- */

/* The i-th of a set of names (NULL: none there), for the two below. */
typedef const char *(*pc_name_at)(const void *set, size_t i);

/* name_at over an array of strings (const char *const *). */
const char *pc_name_of_strings(const void *set, size_t i);

/* The index of name among the n names of set: the one equal to it, else
 * the first equal to it ignoring ASCII case ("rugby" is Rugby unless
 * there is a rugby, so a name differing from another only in case is
 * still reached by its exact spelling); n when none is. */
size_t pc_name_find(const char *name, const void *set, size_t n,
                    pc_name_at name_at);

/* PC_ERR_NOTFOUND saying that no kind is named name, and listing set's n
 * names: "no place named "X" (the places are "A", "B")". */
pc_status pc_name_missing(const char *kind, const char *name, const void *set,
                          size_t n, pc_name_at name_at, pc_error *err);

#endif
