/* rpt_svg_int.h: what the files of the SVG writer share, and nothing
 * outside them sees: the markup writer (`svgw`, in rpt_svg.c), which keeps
 * the first failure and ignores later writes, and the text metrics the
 * maps (rpt_svg_map.c) and charts (rpt_svg_chart.c) lay labels out by. */
#ifndef RPT_SVG_INT_H
#define RPT_SVG_INT_H

#include "pc_buf.h"
#include "pc_error.h"
#include "rpt_svg.h"

#include <stddef.h>

#define FONT_PX   11.0 /* labels, ticks, legends */
#define CHAR_W    6.2  /* estimated width of a character at FONT_PX */
#define BOLD_W    6.8  /* the same, bold */
#define LABEL_ASC 8.5  /* baseline below the top of a FONT_PX text box */
#define MID_BASE  (LABEL_ASC - FONT_PX / 2) /* baseline below a centre line */
#define INSET     2.0 /* labels keep this far inside the frame */
#define SMALL_PX  9.0 /* attribution */
#define NUM_MAX   400 /* any finite double with one decimal fits */

/* Strokes of the frame, axes and grid: presentation attributes, so the
 * lines show on a page whose CSS does not style them, and any CSS rule on
 * their class still wins. */
#define FRAME_STROKE " fill=\"none\" stroke=\"#999\" stroke-width=\"1\""
#define AXIS_STROKE  " stroke=\"#666\" stroke-width=\"1\""
#define GRID_STROKE  " stroke=\"#ddd\" stroke-width=\"0.5\""
#define ZERO_STROKE  " stroke=\"#888\" stroke-width=\"1\""

typedef struct svgw {
    pc_buf *out;
    pc_status rc; /* first failure; later writes do nothing */
} svgw;

/* Markup as it is, and text escaped for XML. */
void rpt_svgw_put(svgw *o, const char *s);

void rpt_svgw_esc(svgw *o, const char *s);

/* v with at most one decimal, '.' whatever the locale, no "-0". Not
 * pc_fmt_trim(): its thousands separators would break path data, where
 * ',' separates numbers. */
void rpt_svgw_fmt_px(char *buf, size_t n, double v);

/* A number as rpt_svgw_fmt_px() writes it. */
void rpt_svgw_num(svgw *o, double v);

/* ` name="v"` */
void rpt_svgw_attr(svgw *o, const char *name, double v);

/* ` name="s"`, s escaped; nothing when s is NULL. */
void rpt_svgw_attr_s(svgw *o, const char *name, const char *s);

/* Closes the start tag of an element opened as "<tag ...". With a tooltip
 * the element gets a <title> child, which browsers show on hover. */
void rpt_svgw_end_el(svgw *o, const char *tag, const char *tooltip);

/* Text of size px with its baseline at (x, y); anchor is "start", "middle"
 * or "end". */
void rpt_svgw_put_text(svgw *o, const char *cls, double x, double y,
                       double size, const char *anchor, int bold,
                       const char *s);

/* A point of path data: "M x y" starts a subpath, "L x y" follows, and
 * later points are " x y" (SVG repeats the L), which keeps paths short. */
void rpt_svgw_path_pt(svgw *o, int *state, double x, double y);

/* Opens the <svg> element of w x h pixels, titled for screen readers. */
void rpt_svgw_open(svgw *o, double w, double h, const char *title);

/* Characters of UTF-8 text (continuation bytes not counted), for its
 * estimated width. */
size_t rpt_svgw_chars(const char *s);

#endif
