/* rpt_text.h: escaping shared by the report writers.
 *
 * Every report writes text that came from outside (practice, site and
 * dataset names, notes, warnings) next to its own markup, so every such
 * string goes through one of the escapers here before it reaches the
 * output: rpt_html_esc() for HTML (and XML/SVG) text and attribute values,
 * rpt_md_esc() for Markdown text and table cells. Numbers, money and
 * dates are formatted by pc_fmt (planner/base). All output is UTF-8.
 *
 * The escapers append to a pc_buf and fail only with PC_ERR_NOMEM when the
 * buffer's cap is reached. Nothing here prints or allocates outside the
 * buffer. */
#ifndef RPT_TEXT_H
#define RPT_TEXT_H

#include "pc_buf.h"
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

#endif
