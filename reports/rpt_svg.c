/* rpt_svg.c: inline SVG maps and charts for the HTML reports (see
 * rpt_svg.h): the markup writer they share. The maps are drawn in
 * rpt_svg_map.c, the charts in rpt_svg_chart.c.
 *
 * All markup goes through a small writer (`svgw`) that keeps the first
 * failure and ignores later writes, so the drawing code reads as a list of
 * elements. Numbers go through fmt_px() and strings from the caller through
 * rpt_html_esc(). Text sizes are estimated (CHAR_W a character at FONT_PX);
 * that is all label placement and the legends need, and it keeps the output
 * independent of the fonts on any machine.
 *
 * Besides the caller's classes, the page's stylesheet may style these fixed
 * ones: frame, axis, grid, zero, tick, axis-label, legend, nodata, and the
 * groups scalebar, north and attribution. Colours the design fixes (the
 * white legend and attribution boxes, the black and white scale bar, the
 * north arrow) and default strokes for the frame, axes and grid are
 * presentation attributes, which any CSS rule overrides. */
#include "rpt_svg_int.h"

#include "pc_buf.h"
#include "pc_fmt.h"
#include "rpt_text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Writer                                                              */
/* ------------------------------------------------------------------ */

void rpt_svgw_put(svgw *o, const char *s)
{
    if (o->rc == PC_OK)
        o->rc = pc_buf_puts(o->out, s);
}

void rpt_svgw_esc(svgw *o, const char *s)
{
    if (o->rc == PC_OK)
        o->rc = rpt_html_esc(o->out, s);
}

/* v with at most one decimal, '.' whatever the locale, no "-0". Not
 * pc_fmt_trim(): its thousands separators would break path data, where
 * ',' separates numbers. */
void rpt_svgw_fmt_px(char *buf, size_t n, double v)
{
    size_t len;

    pc_fmt_num(buf, n, v, 1);
    len = strlen(buf);
    if (len > 2 && !strcmp(buf + len - 2, ".0"))
        buf[len - 2] = '\0';
}

void rpt_svgw_num(svgw *o, double v)
{
    char s[NUM_MAX];

    rpt_svgw_fmt_px(s, sizeof s, v);
    rpt_svgw_put(o, s);
}

/* ` name="v"` */
void rpt_svgw_attr(svgw *o, const char *name, double v)
{
    rpt_svgw_put(o, " ");
    rpt_svgw_put(o, name);
    rpt_svgw_put(o, "=\"");
    rpt_svgw_num(o, v);
    rpt_svgw_put(o, "\"");
}

/* ` name="s"`, s escaped; nothing when s is NULL. */
void rpt_svgw_attr_s(svgw *o, const char *name, const char *s)
{
    if (!s)
        return;
    rpt_svgw_put(o, " ");
    rpt_svgw_put(o, name);
    rpt_svgw_put(o, "=\"");
    rpt_svgw_esc(o, s);
    rpt_svgw_put(o, "\"");
}

/* Closes the start tag of an element opened as "<tag ...". With a tooltip
 * the element gets a <title> child, which browsers show on hover. */
void rpt_svgw_end_el(svgw *o, const char *tag, const char *tooltip)
{
    if (!tooltip) {
        rpt_svgw_put(o, "/>\n");
        return;
    }
    rpt_svgw_put(o, "><title>");
    rpt_svgw_esc(o, tooltip);
    rpt_svgw_put(o, "</title></");
    rpt_svgw_put(o, tag);
    rpt_svgw_put(o, ">\n");
}

/* Text of size px with its baseline at (x, y); anchor is "start", "middle"
 * or "end". */
void rpt_svgw_put_text(svgw *o, const char *cls, double x, double y,
                       double size, const char *anchor, int bold, const char *s)
{
    rpt_svgw_put(o, "<text");
    rpt_svgw_attr_s(o, "class", cls);
    rpt_svgw_attr(o, "x", x);
    rpt_svgw_attr(o, "y", y);
    rpt_svgw_attr(o, "font-size", size);
    rpt_svgw_put(o, " text-anchor=\"");
    rpt_svgw_put(o, anchor);
    rpt_svgw_put(o, bold ? "\" font-weight=\"bold\">" : "\">");
    rpt_svgw_esc(o, s);
    rpt_svgw_put(o, "</text>\n");
}

/* A point of path data: "M x y" starts a subpath, "L x y" follows, and
 * later points are " x y" (SVG repeats the L), which keeps paths short. */
void rpt_svgw_path_pt(svgw *o, int *state, double x, double y)
{
    rpt_svgw_put(o, *state == 0 ? "M" : *state == 1 ? "L" : " ");
    rpt_svgw_num(o, x);
    rpt_svgw_put(o, " ");
    rpt_svgw_num(o, y);
    if (*state < 2)
        (*state)++;
}

void rpt_svgw_open(svgw *o, double w, double h, const char *title)
{
    rpt_svgw_put(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    rpt_svgw_num(o, w);
    rpt_svgw_put(o, " ");
    rpt_svgw_num(o, h);
    rpt_svgw_put(o, "\"");
    rpt_svgw_attr(o, "width", w);
    rpt_svgw_attr(o, "height", h);
    rpt_svgw_put(o, " role=\"img\"");
    rpt_svgw_attr_s(o, "aria-label", title);
    /* a generic family: no font is fetched, and CHAR_W assumes sans */
    rpt_svgw_put(o, " font-family=\"sans-serif\">\n");
    if (title) {
        rpt_svgw_put(o, "<title>");
        rpt_svgw_esc(o, title);
        rpt_svgw_put(o, "</title>\n");
    }
}

/* Characters of UTF-8 text (continuation bytes not counted), for its
 * estimated width. */
size_t rpt_svgw_chars(const char *s)
{
    size_t n = 0;

    for (; s && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}
