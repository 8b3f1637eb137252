/* rpt_text.h: escaping and number formatting shared by the report writers.
 *
 * Every report writes text that came from outside (practice, site and
 * dataset names, notes, warnings) next to its own markup, so every such
 * string goes through one of the escapers here before it reaches the
 * output: rpt_html_esc() for HTML (and XML/SVG) text and attribute values,
 * rpt_md_esc() for Markdown text and table cells. Numbers are formatted
 * without the locale (STYLE.md §8): fixed decimals with '.', thousands
 * separated by ',', money as "£1,234,567". Dates are written the British
 * way, "1 April 2026". All output is UTF-8.
 *
 * The escapers append to a pc_buf and fail only with PC_ERR_NOMEM when the
 * buffer's cap is reached; the formatters write into a caller's array,
 * always NUL-terminated, cut to fit. Nothing here prints or allocates
 * outside the buffer. */
#ifndef RPT_TEXT_H
#define RPT_TEXT_H

#include "pc_error.h"

#include <stddef.h>

/* Appends s escaped for HTML text or a quoted attribute value: & < > " '
 * become &amp; &lt; &gt; &quot; &#39;. The result is also well-formed XML:
 * bytes that are not valid UTF-8, control characters other than tab, LF
 * and CR (C0, DEL, C1) and U+FFFE/U+FFFF become U+FFFD. s may be NULL
 * (nothing is appended). */
pc_status rpt_html_esc(pc_buf *b, const char *s);

/* Appends s escaped as Markdown inline text, safe in a paragraph, a list
 * item, a heading or a table cell: \ ` * _ [ ] < > | # ~ get a backslash,
 * and & does too where it could start an entity (&amp;, &#38;); tab, CR
 * and LF become a space; other control characters and invalid UTF-8 as in
 * rpt_html_esc(). With at_start non-zero the text opens a block, so
 * leading spaces are dropped and what would start a list, heading or
 * block quote ("1. ", "- ", "+ ", "=") is escaped too. */
pc_status rpt_md_esc(pc_buf *b, const char *s, int at_start);

/* v with exactly prec decimals (0..9) and ',' between thousands:
 * 9040.4, 0 -> "9,040"; 3927.834, 2 -> "3,927.83"; -1.2, 2 -> "-1.20".
 * No "-0". Infinities and NaN are written "inf", "-inf", "nan". */
void rpt_fmt_num(char *out, size_t n, double v, int prec);

/* As rpt_fmt_num() with up to maxprec decimals, trailing zeros (and a
 * trailing point) removed: 1.35, 4 -> "1.35"; 2300, 2 -> "2,300". */
void rpt_fmt_trim(char *out, size_t n, double v, int maxprec);

/* Money in pounds: "£2,429,362". pence: 0 rounds to whole pounds, 1
 * always shows pence ("£607.34", "£3,105.00"), -1 shows pence only when
 * the amount is not a whole number of pounds ("£3,105", "£3,927.83").
 * Halves round away from zero. Negative amounts are written "-£12". */
void rpt_fmt_gbp(char *out, size_t n, double v, int pence);

/* A fraction as a percentage with up to maxprec decimals, trailing zeros
 * removed: 0.4123, 1 -> "41.2%"; 0.15, 1 -> "15%". */
void rpt_fmt_pct(char *out, size_t n, double frac, int maxprec);

/* An ordinal with thousands separators: 1 -> "1st", 2000 -> "2,000th",
 * 112 -> "112th", 1022 -> "1,022nd". */
void rpt_fmt_ordinal(char *out, size_t n, long long v);

/* An ISO date "YYYY-MM-DD" written "1 April 2026". Returns 0, or -1 (and
 * out untouched) when iso is not a valid calendar date in that form. */
int rpt_fmt_date(char *out, size_t n, const char *iso);

#endif
