/* rpt_svg.c: inline SVG maps and charts for the HTML reports (see
 * rpt_svg.h).
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
#include "rpt_svg.h"

#include "rpt_text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ------------------------------------------------------------------ */
/* Writer                                                              */
/* ------------------------------------------------------------------ */

typedef struct svgw {
    pc_buf *out;
    pc_status rc; /* first failure; later writes do nothing */
} svgw;

static void put(svgw *o, const char *s)
{
    if (o->rc == PC_OK)
        o->rc = pc_buf_puts(o->out, s);
}

static void esc(svgw *o, const char *s)
{
    if (o->rc == PC_OK)
        o->rc = rpt_html_esc(o->out, s);
}

/* v with at most one decimal, '.' whatever the locale, no "-0". Not
 * rpt_fmt_trim(): its thousands separators would break path data, where
 * ',' separates numbers. */
static void fmt_px(char *buf, size_t n, double v)
{
    size_t len;

    pc_fmt_num(buf, n, v, 1);
    len = strlen(buf);
    if (len > 2 && !strcmp(buf + len - 2, ".0"))
        buf[len - 2] = '\0';
}

static void num(svgw *o, double v)
{
    char s[NUM_MAX];

    fmt_px(s, sizeof s, v);
    put(o, s);
}

/* ` name="v"` */
static void attr(svgw *o, const char *name, double v)
{
    put(o, " ");
    put(o, name);
    put(o, "=\"");
    num(o, v);
    put(o, "\"");
}

/* ` name="s"`, s escaped; nothing when s is NULL. */
static void attr_s(svgw *o, const char *name, const char *s)
{
    if (!s)
        return;
    put(o, " ");
    put(o, name);
    put(o, "=\"");
    esc(o, s);
    put(o, "\"");
}

/* Closes the start tag of an element opened as "<tag ...". With a tooltip
 * the element gets a <title> child, which browsers show on hover. */
static void end_el(svgw *o, const char *tag, const char *tooltip)
{
    if (!tooltip) {
        put(o, "/>\n");
        return;
    }
    put(o, "><title>");
    esc(o, tooltip);
    put(o, "</title></");
    put(o, tag);
    put(o, ">\n");
}

/* Text of size px with its baseline at (x, y); anchor is "start", "middle"
 * or "end". */
static void put_text(svgw *o, const char *cls, double x, double y, double size,
                     const char *anchor, int bold, const char *s)
{
    put(o, "<text");
    attr_s(o, "class", cls);
    attr(o, "x", x);
    attr(o, "y", y);
    attr(o, "font-size", size);
    put(o, " text-anchor=\"");
    put(o, anchor);
    put(o, bold ? "\" font-weight=\"bold\">" : "\">");
    esc(o, s);
    put(o, "</text>\n");
}

/* A point of path data: "M x y" starts a subpath, "L x y" follows, and
 * later points are " x y" (SVG repeats the L), which keeps paths short. */
static void path_pt(svgw *o, int *state, double x, double y)
{
    put(o, *state == 0 ? "M" : *state == 1 ? "L" : " ");
    num(o, x);
    put(o, " ");
    num(o, y);
    if (*state < 2)
        (*state)++;
}

static void svg_open(svgw *o, double w, double h, const char *title)
{
    put(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    num(o, w);
    put(o, " ");
    num(o, h);
    put(o, "\"");
    attr(o, "width", w);
    attr(o, "height", h);
    put(o, " role=\"img\"");
    attr_s(o, "aria-label", title);
    /* a generic family: no font is fetched, and CHAR_W assumes sans */
    put(o, " font-family=\"sans-serif\">\n");
    if (title) {
        put(o, "<title>");
        esc(o, title);
        put(o, "</title>\n");
    }
}

/* Characters of UTF-8 text (continuation bytes not counted), for its
 * estimated width. */
static size_t chars(const char *s)
{
    size_t n = 0;

    for (; s && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* ------------------------------------------------------------------ */
/* Maps                                                                */
/* ------------------------------------------------------------------ */

/* A map function works on a writer with the map's sticky status and
 * stores the status back when done. */
static svgw map_w(const rpt_map *m)
{
    svgw o = {m->out, m->rc};

    return o;
}

static pc_status map_ret(rpt_map *m, const svgw *o)
{
    m->rc = o->rc;
    return m->rc;
}

static pc_status map_fail(rpt_map *m, pc_status rc)
{
    m->rc = rc;
    return rc;
}

/* Records a box that labels must keep clear of. */
static void take(rpt_map *m, svgw *o, double x0, double y0, double x1,
                 double y1)
{
    if (o->rc != PC_OK)
        return;
    if (m->nboxes == m->capboxes) {
        size_t cap = m->capboxes ? 2 * m->capboxes : 32;
        rpt_box *p;

        if (cap > SIZE_MAX / sizeof *p) {
            o->rc = PC_ERR_NOMEM;
            return;
        }
        p = realloc(m->boxes, cap * sizeof *p);
        if (!p) {
            o->rc = PC_ERR_NOMEM;
            return;
        }
        m->boxes = p;
        m->capboxes = cap;
    }
    m->boxes[m->nboxes].x0 = x0;
    m->boxes[m->nboxes].y0 = y0;
    m->boxes[m->nboxes].x1 = x1;
    m->boxes[m->nboxes].y1 = y1;
    m->nboxes++;
}

/* Boxes that only touch do not overlap. */
static int box_free(const rpt_map *m, double x0, double y0, double x1,
                    double y1)
{
    for (size_t i = 0; i < m->nboxes; i++) {
        const rpt_box *b = &m->boxes[i];

        if (x0 < b->x1 && b->x0 < x1 && y0 < b->y1 && b->y0 < y1)
            return 0;
    }
    return 1;
}

pc_status rpt_map_begin(rpt_map *m, pc_buf *out, const double bbox[4], double w,
                        double max_h, double margin, const char *title)
{
    double bw = bbox[2] - bbox[0], bh = bbox[3] - bbox[1];
    double cx = bbox[0] + bw / 2, cy = bbox[1] + bh / 2;
    double h, scale;
    svgw o = {out, PC_OK};

    memset(m, 0, sizeof *m);
    m->out = out;
    if (!isfinite(bw) || !isfinite(bh) || !isfinite(cx) || !isfinite(cy) ||
        bw < 0 || bh < 0 || (bw == 0 && bh == 0) || !isfinite(w) ||
        !isfinite(max_h) || !(margin >= 0) || w <= 2 * margin ||
        max_h <= 2 * margin)
        return map_fail(m, PC_ERR_INPUT);
    if (bw == 0)
        bw = bh;
    if (bh == 0)
        bh = bw;
    scale = (w - 2 * margin) / bw;
    h = round(bh * scale + 2 * margin);
    if (h > max_h) {
        h = max_h;
        scale = (h - 2 * margin) / bh;
    }
    m->w = w;
    m->h = h;
    m->scale = scale;
    /* the bbox's centre at the frame's centre centres it both ways */
    m->ox = w / 2 - scale * cx;
    m->oy = h / 2 + scale * cy;
    if (!(scale > 0) || !isfinite(scale) || !isfinite(m->ox) ||
        !isfinite(m->oy))
        return map_fail(m, PC_ERR_INPUT);
    m->world[0] = -m->ox / scale;
    m->world[1] = (m->oy - h) / scale;
    m->world[2] = (w - m->ox) / scale;
    m->world[3] = m->oy / scale;
    svg_open(&o, w, h, title);
    return map_ret(m, &o);
}

void rpt_map_xy(const rpt_map *m, double e, double n, double *x, double *y)
{
    *x = m->ox + m->scale * e;
    *y = m->oy - m->scale * n; /* SVG's y points down */
}

static pc_status marker(rpt_map *m, int square, double e, double n, double r,
                        const char *cls, const char *tooltip)
{
    svgw o = map_w(m);
    double x, y;

    if (o.rc != PC_OK)
        return o.rc;
    rpt_map_xy(m, e, n, &x, &y);
    if (!isfinite(x) || !isfinite(y) || !isfinite(r) || r < 0)
        return map_fail(m, PC_ERR_INPUT);
    if (square) {
        put(&o, "<rect");
        attr_s(&o, "class", cls);
        attr(&o, "x", x - r);
        attr(&o, "y", y - r);
        attr(&o, "width", 2 * r);
        attr(&o, "height", 2 * r);
        end_el(&o, "rect", tooltip);
    } else {
        put(&o, "<circle");
        attr_s(&o, "class", cls);
        attr(&o, "cx", x);
        attr(&o, "cy", y);
        attr(&o, "r", r);
        end_el(&o, "circle", tooltip);
    }
    take(m, &o, x - r, y - r, x + r, y + r);
    return map_ret(m, &o);
}

pc_status rpt_map_circle(rpt_map *m, double e, double n, double r,
                         const char *cls, const char *tooltip)
{
    return marker(m, 0, e, n, r, cls, tooltip);
}

pc_status rpt_map_square(rpt_map *m, double e, double n, double r,
                         const char *cls, const char *tooltip)
{
    return marker(m, 1, e, n, r, cls, tooltip);
}

/* A GeoJSON position with finite easting and northing (a third value,
 * the height, is ignored). */
static int position(const cJSON *p, double *e, double *n)
{
    const cJSON *a = cJSON_IsArray(p) ? p->child : NULL;
    const cJSON *b = a ? a->next : NULL;

    if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b) || !isfinite(a->valuedouble) ||
        !isfinite(b->valuedouble))
        return 0;
    *e = a->valuedouble;
    *n = b->valuedouble;
    return 1;
}

/* Whether a is a ring (depth 0: an array of positions), a polygon (1: an
 * array of rings) or a multipolygon (2). Checked before anything is
 * written, so bad input leaves no half-written <path>. */
static int rings_ok(const cJSON *a, int depth)
{
    const cJSON *c;
    double e, n;

    if (!cJSON_IsArray(a))
        return 0;
    cJSON_ArrayForEach(c, a)
    {
        if (depth == 0 ? !position(c, &e, &n) : !rings_ok(c, depth - 1))
            return 0;
    }
    return 1;
}

/* The path data of a checked ring. A point that prints as the one before
 * it is dropped (zoomed out, a boundary has many vertices to a pixel), and
 * so is the closing point, which Z draws. */
static void ring_put(const rpt_map *m, svgw *o, const cJSON *ring)
{
    char xs[NUM_MAX], ys[NUM_MAX], px[NUM_MAX] = "", py[NUM_MAX] = "";
    char fx[NUM_MAX] = "", fy[NUM_MAX] = "";
    const cJSON *c;
    int state = 0;

    cJSON_ArrayForEach(c, ring)
    {
        double e = 0, n = 0, x, y;

        position(c, &e, &n);
        rpt_map_xy(m, e, n, &x, &y);
        fmt_px(xs, sizeof xs, x);
        fmt_px(ys, sizeof ys, y);
        if (state > 0 && !strcmp(xs, px) && !strcmp(ys, py))
            continue;
        if (state > 0 && !c->next && !strcmp(xs, fx) && !strcmp(ys, fy))
            continue;
        put(o, state == 0 ? "M" : state == 1 ? "L" : " ");
        put(o, xs);
        put(o, " ");
        put(o, ys);
        if (state == 0) {
            memcpy(fx, xs, sizeof fx);
            memcpy(fy, ys, sizeof fy);
        }
        if (state < 2)
            state++;
        memcpy(px, xs, sizeof px);
        memcpy(py, ys, sizeof py);
    }
    if (state > 0)
        put(o, "Z");
}

/* The rings of a checked polygon (depth 1) or multipolygon (2). */
static void rings_put(const rpt_map *m, svgw *o, const cJSON *a, int depth)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, a)
    {
        if (depth > 1)
            rings_put(m, o, c, depth - 1);
        else
            ring_put(m, o, c);
    }
}

pc_status rpt_map_geometry(rpt_map *m, const cJSON *geom, const char *cls,
                           const char *tooltip)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(geom, "type");
    const cJSON *coords = cJSON_GetObjectItemCaseSensitive(geom, "coordinates");
    const char *t = cJSON_IsString(type) ? type->valuestring : NULL;
    svgw o = map_w(m);
    int depth;
    double e, n;

    if (o.rc != PC_OK)
        return o.rc;
    if (t && !strcmp(t, "Point")) {
        if (!position(coords, &e, &n))
            return map_fail(m, PC_ERR_INPUT);
        return rpt_map_circle(m, e, n, 3, cls, tooltip);
    }
    if (t && !strcmp(t, "Polygon"))
        depth = 1;
    else if (t && !strcmp(t, "MultiPolygon"))
        depth = 2;
    else
        return map_fail(m, PC_ERR_INPUT);
    if (!rings_ok(coords, depth))
        return map_fail(m, PC_ERR_INPUT);
    put(&o, "<path");
    attr_s(&o, "class", cls);
    put(&o, " fill-rule=\"evenodd\" d=\"");
    rings_put(m, &o, coords, depth);
    put(&o, "\"");
    end_el(&o, "path", tooltip);
    return map_ret(m, &o);
}

pc_status rpt_map_label(rpt_map *m, double e, double n, double r,
                        const char *text, const char *cls, int *placed)
{
    /* horizontal and vertical side of each candidate: right, left, above,
     * below, then the diagonals */
    static const signed char side[8][2] = {{1, 0},  {-1, 0},  {0, -1}, {0, 1},
                                           {1, -1}, {-1, -1}, {1, 1},  {-1, 1}};
    static const char *const anchor[3] = {"end", "middle", "start"};
    double tw = CHAR_W * (double)chars(text), th = FONT_PX;
    double d = r + 2, x, y;
    svgw o = map_w(m);

    if (placed)
        *placed = 0;
    if (o.rc != PC_OK)
        return o.rc;
    rpt_map_xy(m, e, n, &x, &y);
    if (!isfinite(x) || !isfinite(y) || !isfinite(r) || r < 0)
        return map_fail(m, PC_ERR_INPUT);
    if (!tw)
        return PC_OK;
    /* The candidates start d beyond the marker's centre on each side they
     * move to, so they clear the marker's own box (circle or square) and
     * it needs no exception here. */
    for (int i = 0; i < 8; i++) {
        int hx = side[i][0], vy = side[i][1];
        double x0 = hx > 0 ? x + d : hx < 0 ? x - d - tw : x - tw / 2;
        double y0 = vy > 0 ? y + d : vy < 0 ? y - d - th : y - th / 2;
        double tx = hx > 0 ? x0 : hx < 0 ? x0 + tw : x0 + tw / 2;

        if (x0 < INSET || y0 < INSET || x0 + tw > m->w - INSET ||
            y0 + th > m->h - INSET || !box_free(m, x0, y0, x0 + tw, y0 + th))
            continue;
        put_text(&o, cls, tx, y0 + LABEL_ASC, FONT_PX, anchor[hx + 1], 0, text);
        take(m, &o, x0, y0, x0 + tw, y0 + th);
        if (o.rc == PC_OK && placed)
            *placed = 1;
        break;
    }
    return map_ret(m, &o);
}

/* A legend swatch's radius, width and height in pixels. */
static double swatch_r(const rpt_legend_item *it)
{
    return it->r > 0 ? it->r : 5;
}

static double swatch_w(const rpt_legend_item *it)
{
    double r = swatch_r(it);

    return it->shape == 'a' || it->shape == 'l' ? 3.2 * r : 2 * r;
}

static double swatch_h(const rpt_legend_item *it)
{
    return it->shape == 'l' ? 2 : 2 * swatch_r(it);
}

static double legend_row_h(const rpt_legend_item *it)
{
    return fmax(FONT_PX + 3, swatch_h(it) + 4);
}

/* The swatch of it centred at (cx, cy). */
static void swatch(svgw *o, const rpt_legend_item *it, double cx, double cy)
{
    double r = swatch_r(it), sw = swatch_w(it), sh = swatch_h(it);

    switch (it->shape) {
    case 'c':
        put(o, "<circle");
        attr_s(o, "class", it->cls);
        attr(o, "cx", cx);
        attr(o, "cy", cy);
        attr(o, "r", r);
        break;
    case 'l':
        put(o, "<line");
        attr_s(o, "class", it->cls);
        attr(o, "x1", cx - sw / 2);
        attr(o, "y1", cy);
        attr(o, "x2", cx + sw / 2);
        attr(o, "y2", cy);
        break;
    default: /* 's' and 'a' */
        put(o, "<rect");
        attr_s(o, "class", it->cls);
        attr(o, "x", cx - sw / 2);
        attr(o, "y", cy - sh / 2);
        attr(o, "width", sw);
        attr(o, "height", sh);
        break;
    }
    put(o, "/>\n");
}

pc_status rpt_map_legend(rpt_map *m, const char *title,
                         const rpt_legend_item *items, size_t n)
{
    const double x0 = 6, y0 = 6, pad = 6, gap = 6, title_h = FONT_PX + 4;
    double sw = 0, tw = 0, bw, bh, y;
    svgw o = map_w(m);

    if (o.rc != PC_OK)
        return o.rc;
    bh = 2 * pad + (title ? title_h : 0);
    for (size_t i = 0; i < n; i++) {
        const rpt_legend_item *it = &items[i];

        if (!it->shape || !strchr("csal", it->shape) || !(it->r >= 0) ||
            !isfinite(it->r))
            return map_fail(m, PC_ERR_INPUT);
        sw = fmax(sw, swatch_w(it));
        tw = fmax(tw, CHAR_W * (double)chars(it->text));
        bh += legend_row_h(it);
    }
    bw = fmax(pad + sw + gap + tw, pad + BOLD_W * (double)chars(title)) + pad;
    put(&o, "<g class=\"legend\">\n<rect");
    attr(&o, "x", x0);
    attr(&o, "y", y0);
    attr(&o, "width", bw);
    attr(&o, "height", bh);
    put(&o, " fill=\"#fff\" stroke=\"#666\" stroke-width=\"0.5\"/>\n");
    y = y0 + pad;
    if (title) {
        put_text(&o, NULL, x0 + pad, y + LABEL_ASC, FONT_PX, "start", 1, title);
        y += title_h;
    }
    for (size_t i = 0; i < n; i++) {
        double rh = legend_row_h(&items[i]);

        swatch(&o, &items[i], x0 + pad + sw / 2, y + rh / 2);
        put_text(&o, NULL, x0 + pad + sw + gap, y + rh / 2 + MID_BASE, FONT_PX,
                 "start", 0, items[i].text);
        y += rh;
    }
    put(&o, "</g>\n");
    take(m, &o, x0, y0, x0 + bw, y0 + bh);
    return map_ret(m, &o);
}

double rpt_scalebar_m(double w, double scale)
{
    double most, p;

    if (!isfinite(w) || !isfinite(scale) || !(w > 0) || !(scale > 0))
        return 0;
    most = w / 4 / scale;
    if (!isfinite(most))
        return 0;
    p = pow(10, floor(log10(most)));
    /* log10() need not be exact at powers of ten (glibc's is) */
    if (p * 10 <= most)
        p *= 10;
    if (5 * p <= most)
        return 5 * p;
    if (2 * p <= most)
        return 2 * p;
    return p;
}

pc_status rpt_map_scalebar(rpt_map *m)
{
    const double x0 = 8, bar_h = 5;
    double len_m = rpt_scalebar_m(m->w, m->scale), len, tw, ybot = m->h - 8;
    char v[NUM_MAX], label[NUM_MAX + 8];
    int nseg;
    svgw o = map_w(m);

    if (o.rc != PC_OK || !(len_m > 0))
        return o.rc;
    if (len_m < 1000) {
        rpt_fmt_trim(v, sizeof v, len_m, 3);
        snprintf(label, sizeof label, "%s m", v);
    } else {
        rpt_fmt_trim(v, sizeof v, len_m / 1000, 1);
        snprintf(label, sizeof label, "%s km", v);
    }
    len = len_m * m->scale;
    nseg = len >= 60 ? 4 : 2;
    tw = CHAR_W * (double)chars(label);
    put(&o, "<g class=\"scalebar\">\n");
    for (int i = 0; i < nseg; i++) {
        put(&o, "<rect");
        attr(&o, "x", x0 + i * len / nseg);
        attr(&o, "y", ybot - bar_h);
        attr(&o, "width", len / nseg);
        attr(&o, "height", bar_h);
        put(&o, i % 2 ? " fill=\"#fff\"" : " fill=\"#000\"");
        put(&o, " stroke=\"#000\" stroke-width=\"0.5\"/>\n");
    }
    put_text(&o, NULL, x0 + len + 4, ybot, FONT_PX, "start", 0, label);
    put(&o, "</g>\n");
    take(m, &o, x0 - 1, ybot - LABEL_ASC, x0 + len + 4 + tw,
         ybot + FONT_PX - LABEL_ASC);
    return map_ret(m, &o);
}

pc_status rpt_map_north(rpt_map *m)
{
    double cx = m->w - 14;
    int st = 0;
    svgw o = map_w(m);

    if (o.rc != PC_OK)
        return o.rc;
    put(&o, "<g class=\"north\">\n");
    put_text(&o, NULL, cx, 16, FONT_PX, "middle", 1, "N");
    put(&o, "<path d=\"");
    path_pt(&o, &st, cx, 19);
    path_pt(&o, &st, cx + 5, 33);
    path_pt(&o, &st, cx, 29);
    path_pt(&o, &st, cx - 5, 33);
    put(&o, "Z\" fill=\"#000\"/>\n</g>\n");
    take(m, &o, cx - 7, 5, cx + 7, 35);
    return map_ret(m, &o);
}

pc_status rpt_map_attribution(rpt_map *m, const char *text)
{
    double tw = CHAR_W * SMALL_PX / FONT_PX * (double)chars(text);
    double x0 = m->w - 8 - tw, y0 = m->h - 16, x1 = m->w - 2, y1 = m->h - 2;
    svgw o = map_w(m);

    if (o.rc != PC_OK || !tw)
        return o.rc;
    put(&o, "<g class=\"attribution\">\n<rect");
    attr(&o, "x", x0);
    attr(&o, "y", y0);
    attr(&o, "width", x1 - x0);
    attr(&o, "height", y1 - y0);
    put(&o, " fill=\"#fff\" fill-opacity=\"0.8\"/>\n");
    put_text(&o, NULL, m->w - 5, m->h - 6, SMALL_PX, "end", 0, text);
    put(&o, "</g>\n");
    take(m, &o, x0, y0, x1, y1);
    return map_ret(m, &o);
}

pc_status rpt_map_end(rpt_map *m)
{
    svgw o = map_w(m);

    put(&o, "<rect class=\"frame\" x=\"0.5\" y=\"0.5\"");
    attr(&o, "width", m->w - 1);
    attr(&o, "height", m->h - 1);
    put(&o, FRAME_STROKE "/>\n</svg>\n");
    map_ret(m, &o);
    rpt_map_free(m);
    return m->rc;
}

void rpt_map_free(rpt_map *m)
{
    free(m->boxes);
    m->boxes = NULL;
    m->nboxes = 0;
    m->capboxes = 0;
}

/* ------------------------------------------------------------------ */
/* Charts                                                              */
/* ------------------------------------------------------------------ */

#define CHART_TICKS 8
#define LEGEND_H    20 /* the legend row above the plot */
#define MIN_YEAR_PX 34 /* room a year label needs */

typedef struct plot {
    double left, top, right, bottom; /* the plot area in pixels */
    double x0;                       /* first year; its slot starts at left */
    double slot;                     /* pixels a year */
    double t[CHART_TICKS + 1];       /* y ticks, increasing */
    size_t nt;
    int prec; /* decimals of the tick labels */
} plot;

/* A year's centre, in the middle of its slot (bars fill part of it). */
static double plot_x(const plot *p, int year)
{
    return p->left + ((double)year - p->x0 + 0.5) * p->slot;
}

static double plot_y(const plot *p, double v)
{
    double lo = p->t[0], hi = p->t[p->nt - 1];

    return p->bottom - (v - lo) / (hi - lo) * (p->bottom - p->top);
}

static int clamp_prec(int prec)
{
    return prec < 0 ? 0 : prec > 9 ? 9 : prec;
}

static void fmt_value(char *buf, size_t n, double v, int prec, int thousands)
{
    if (thousands)
        rpt_fmt_num(buf, n, v, clamp_prec(prec));
    else
        pc_fmt_num(buf, n, v, clamp_prec(prec));
}

/* Decimals that tell ticks step apart (0.25 never occurs: 1, 2, 5 x 10^k
 * steps need at most -k). */
static int step_decimals(double step)
{
    int d = 0;

    while (d < 9) {
        double s = step * pow(10, d);

        if (fabs(s - round(s)) <= 1e-6 * s)
            break;
        d++;
    }
    return d;
}

static int finite_at(const double *v, size_t i)
{
    return v && isfinite(v[i]);
}

static pc_status chart_check(const rpt_chart *c, const rpt_series *s, size_t ns,
                             int bars)
{
    if (!isfinite(c->w) || !isfinite(c->h) || !(c->w > 0) || !(c->h > 0) ||
        (c->n && !c->x) || (ns && !s))
        return PC_ERR_INPUT;
    for (size_t i = 1; i < c->n; i++)
        if (c->x[i] <= c->x[i - 1])
            return PC_ERR_INPUT;
    for (size_t j = 0; j < ns; j++)
        if ((c->n && !s[j].y) || (!bars && !s[j].lo != !s[j].hi))
            return PC_ERR_INPUT;
    return PC_OK;
}

/* The y range over every value, bands included, or for bars over the
 * stacks; returns 0 when there is no value at all. */
static int chart_range(const rpt_chart *c, const rpt_series *s, size_t ns,
                       int bars, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;
    int any = 0;

    for (size_t i = 0; i < c->n; i++) {
        double stack = 0;
        int got = 0;

        for (size_t j = 0; j < ns; j++) {
            const double *vs[3] = {s[j].y, bars ? NULL : s[j].lo,
                                   bars ? NULL : s[j].hi};

            for (int k = 0; k < 3; k++) {
                if (!finite_at(vs[k], i))
                    continue;
                got = 1;
                if (bars) {
                    stack += fmax(vs[k][i], 0);
                } else {
                    a = fmin(a, vs[k][i]);
                    b = fmax(b, vs[k][i]);
                }
            }
        }
        if (got && bars) {
            a = fmin(a, stack);
            b = fmax(b, stack);
        }
        any |= got;
    }
    if (!any)
        return 0;
    if (bars || c->y_zero) {
        a = fmin(a, 0);
        b = fmax(b, 0);
    }
    if (bars && b == 0)
        b = 1; /* all bars empty: an axis from 0 up, not around 0 */
    *lo = a;
    *hi = b;
    return 1;
}

static pc_status chart_layout(const rpt_chart *c, size_t ns, double lo,
                              double hi, plot *p)
{
    char lab[NUM_MAX];
    double widest = 0;

    p->nt = rpt_nice_ticks(lo, hi, CHART_TICKS, p->t);
    if (p->nt < 2)
        return PC_ERR_INPUT; /* values too large or small to step through */
    /* enough decimals that no two tick labels read the same */
    p->prec = clamp_prec(c->y_prec);
    if (step_decimals(p->t[1] - p->t[0]) > p->prec)
        p->prec = step_decimals(p->t[1] - p->t[0]);
    for (size_t i = 0; i < p->nt; i++) {
        fmt_value(lab, sizeof lab, p->t[i], p->prec, c->thousands);
        widest = fmax(widest, CHAR_W * (double)chars(lab));
    }
    p->left = 6 + (c->y_label ? FONT_PX + 5 : 0) + widest + 6;
    p->right = c->w - 14; /* half the last year's label */
    p->top = (ns ? LEGEND_H : 0) + 8;
    p->bottom = c->h - 22;
    if (p->right - p->left < 20 || p->bottom - p->top < 20)
        return PC_ERR_INPUT;
    p->x0 = c->x[0];
    p->slot = (p->right - p->left) / ((double)c->x[c->n - 1] - c->x[0] + 1);
    return PC_OK;
}

/* Years between x labels: 1, 2, 5, 10, 20, ... whichever first gives a
 * label room. */
static long long year_step(double slot)
{
    static const int mant[3] = {1, 2, 5};

    for (long long p10 = 1; p10 < 1000000000; p10 *= 10)
        for (int k = 0; k < 3; k++)
            if (mant[k] * p10 * slot >= MIN_YEAR_PX)
                return mant[k] * p10;
    return 1000000000;
}

/* A line across the plot at y; stroke is its presentation attributes. */
static void hline(svgw *o, const char *cls, const plot *p, double y,
                  const char *stroke)
{
    put(o, "<line class=\"");
    put(o, cls);
    put(o, "\"");
    attr(o, "x1", p->left);
    attr(o, "y1", y);
    attr(o, "x2", p->right);
    attr(o, "y2", y);
    put(o, stroke);
    put(o, "/>\n");
}

/* Grid lines and y labels, the zero line, the x labels and the y axis
 * label: everything under the data. */
static void chart_grid(svgw *o, const rpt_chart *c, const plot *p)
{
    long long step = year_step(p->slot), first, last = c->x[c->n - 1];
    char lab[NUM_MAX];

    for (size_t i = 0; i < p->nt; i++) {
        double y = plot_y(p, p->t[i]);

        hline(o, "grid", p, y, GRID_STROKE);
        fmt_value(lab, sizeof lab, p->t[i], p->prec, c->thousands);
        put_text(o, "tick", p->left - 5, y + MID_BASE, FONT_PX, "end", 0, lab);
    }
    if (p->t[0] < 0 && p->t[p->nt - 1] > 0)
        hline(o, "zero", p, plot_y(p, 0), ZERO_STROKE);
    /* round years when the first label step holds one, else the first */
    first = c->x[0] + ((-(long long)c->x[0]) % step + step) % step;
    if (first > last)
        first = c->x[0];
    for (long long yr = first; yr <= last; yr += step) {
        double x = plot_x(p, (int)yr);

        put(o, "<line class=\"axis\"");
        attr(o, "x1", x);
        attr(o, "y1", p->bottom);
        attr(o, "x2", x);
        attr(o, "y2", p->bottom + 4);
        put(o, AXIS_STROKE "/>\n");
        snprintf(lab, sizeof lab, "%lld", yr);
        put_text(o, "tick", x, p->bottom + 15, FONT_PX, "middle", 0, lab);
    }
    if (c->y_label) {
        double x = 6 + FONT_PX - 2, y = (p->top + p->bottom) / 2;

        put(o, "<text class=\"axis-label\"");
        attr(o, "x", x);
        attr(o, "y", y);
        attr(o, "font-size", FONT_PX);
        put(o, " text-anchor=\"middle\" transform=\"rotate(-90 ");
        num(o, x);
        put(o, " ");
        num(o, y);
        put(o, ")\">");
        esc(o, c->y_label);
        put(o, "</text>\n");
    }
}

/* The axis lines, drawn over the data. */
static void chart_axis(svgw *o, const plot *p)
{
    put(o, "<path class=\"axis\" d=\"M");
    num(o, p->left);
    put(o, " ");
    num(o, p->top);
    put(o, "V");
    num(o, p->bottom);
    put(o, "H");
    num(o, p->right);
    put(o, "\" fill=\"none\"" AXIS_STROKE "/>\n");
}

/* ` class="cls-band"` */
static void band_class(svgw *o, const char *cls)
{
    if (!cls)
        return;
    put(o, " class=\"");
    esc(o, cls);
    put(o, "-band\"");
}

/* The legend row above the plot: a swatch and the label of each series
 * that has one. */
static void chart_legend(svgw *o, const rpt_series *s, size_t ns, double x,
                         int bars)
{
    const double cy = 11;

    put(o, "<g class=\"legend\">\n");
    for (size_t j = 0; j < ns; j++) {
        if (!s[j].label)
            continue;
        if (bars) {
            put(o, "<rect");
            attr_s(o, "class", s[j].cls);
            attr(o, "x", x + 3);
            attr(o, "y", cy - 5);
            attr(o, "width", 10);
            attr(o, "height", 10);
            put(o, "/>\n");
        } else {
            if (s[j].lo) {
                put(o, "<rect");
                band_class(o, s[j].cls);
                attr(o, "x", x);
                attr(o, "y", cy - 4);
                attr(o, "width", 16);
                attr(o, "height", 8);
                put(o, "/>\n");
            }
            put(o, "<line");
            attr_s(o, "class", s[j].cls);
            attr(o, "x1", x);
            attr(o, "y1", cy);
            attr(o, "x2", x + 16);
            attr(o, "y2", cy);
            put(o, s[j].dashed ? " stroke-dasharray=\"5 3\"/>\n" : "/>\n");
        }
        put_text(o, NULL, x + 20, cy + MID_BASE, FONT_PX, "start", 0,
                 s[j].label);
        x += 20 + CHAR_W * (double)chars(s[j].label) + 12;
    }
    put(o, "</g>\n");
}

/* Closes an element opened as "<tag ..." with the tooltip "label year:
 * value". */
static void end_value(svgw *o, const char *tag, const rpt_chart *c,
                      const rpt_series *s, size_t i, double v)
{
    char val[NUM_MAX], yr[32];

    fmt_value(val, sizeof val, v, c->y_prec, c->thousands);
    snprintf(yr, sizeof yr, "%s%d: ", s->label ? " " : "", c->x[i]);
    put(o, "><title>");
    esc(o, s->label);
    put(o, yr);
    put(o, val);
    put(o, "</title></");
    put(o, tag);
    put(o, ">\n");
}

/* The band between lo and hi as one path: each run of years with both
 * values is a polygon, hi forward and lo back. A lone year has no area
 * and is left out. */
static void band(svgw *o, const rpt_chart *c, const plot *p,
                 const rpt_series *s)
{
    size_t i = 0;

    put(o, "<path");
    band_class(o, s->cls);
    put(o, " d=\"");
    while (i < c->n) {
        size_t a = i;
        int st = 0;

        while (i < c->n && finite_at(s->lo, i) && finite_at(s->hi, i))
            i++;
        if (i - a >= 2) {
            for (size_t k = a; k < i; k++)
                path_pt(o, &st, plot_x(p, c->x[k]), plot_y(p, s->hi[k]));
            for (size_t k = i; k-- > a;)
                path_pt(o, &st, plot_x(p, c->x[k]), plot_y(p, s->lo[k]));
            put(o, "Z");
        }
        if (i == a)
            i++;
    }
    put(o, "\"/>\n");
}

/* The line, broken where a value is missing, then a dot at each value
 * (a value between two gaps has no line to show it). */
static void series_line(svgw *o, const rpt_chart *c, const plot *p,
                        const rpt_series *s)
{
    int st = 0;

    put(o, "<path");
    attr_s(o, "class", s->cls);
    put(o, " d=\"");
    for (size_t i = 0; i < c->n; i++) {
        if (!finite_at(s->y, i))
            st = 0;
        else
            path_pt(o, &st, plot_x(p, c->x[i]), plot_y(p, s->y[i]));
    }
    put(o, "\" fill=\"none\"");
    if (s->dashed)
        put(o, " stroke-dasharray=\"5 3\"");
    end_el(o, "path", s->label);
    for (size_t i = 0; i < c->n; i++) {
        if (!finite_at(s->y, i))
            continue;
        put(o, "<circle");
        attr_s(o, "class", s->cls);
        attr(o, "cx", plot_x(p, c->x[i]));
        attr(o, "cy", plot_y(p, s->y[i]));
        attr(o, "r", 2.5);
        end_value(o, "circle", c, s, i, s->y[i]);
    }
}

/* The frame and "no data" of a chart with nothing to draw. */
static void chart_nodata(svgw *o, const rpt_chart *c)
{
    put(o, "<rect class=\"frame\" x=\"0.5\" y=\"0.5\"");
    attr(o, "width", c->w - 1);
    attr(o, "height", c->h - 1);
    put(o, FRAME_STROKE "/>\n");
    put_text(o, "nodata", c->w / 2, c->h / 2 + MID_BASE, FONT_PX, "middle", 0,
             "no data");
}

/* Both charts: checks, the range and layout, then the parts under the
 * data; on PC_OK with *nodata 0 the caller draws the data and calls
 * chart_close(). */
static pc_status chart_open(svgw *o, const rpt_chart *c, const rpt_series *s,
                            size_t ns, int bars, plot *p, int *nodata)
{
    double lo = 0, hi = 0;
    pc_status rc = chart_check(c, s, ns, bars);

    *nodata = 0;
    if (rc != PC_OK)
        return rc;
    if (!chart_range(c, s, ns, bars, &lo, &hi)) {
        *nodata = 1;
        svg_open(o, c->w, c->h, c->title);
        chart_nodata(o, c);
        put(o, "</svg>\n");
        return o->rc;
    }
    /* lay out before writing, so bad input writes nothing */
    rc = chart_layout(c, ns, lo, hi, p);
    if (rc != PC_OK)
        return rc;
    svg_open(o, c->w, c->h, c->title);
    chart_grid(o, c, p);
    return o->rc;
}

static pc_status chart_close(svgw *o, const rpt_series *s, size_t ns,
                             const plot *p, int bars)
{
    chart_axis(o, p);
    chart_legend(o, s, ns, p->left, bars);
    put(o, "</svg>\n");
    return o->rc;
}

pc_status rpt_chart_lines(pc_buf *out, const rpt_chart *c, const rpt_series *s,
                          size_t ns)
{
    svgw o = {out, PC_OK};
    plot p;
    int nodata;
    pc_status rc = chart_open(&o, c, s, ns, 0, &p, &nodata);

    if (rc != PC_OK || nodata)
        return rc;
    /* bands under every line, so no band hides another series' line */
    for (size_t j = 0; j < ns; j++)
        if (s[j].lo)
            band(&o, c, &p, &s[j]);
    for (size_t j = 0; j < ns; j++)
        series_line(&o, c, &p, &s[j]);
    return chart_close(&o, s, ns, &p, 0);
}

pc_status rpt_chart_bars(pc_buf *out, const rpt_chart *c, const rpt_series *s,
                         size_t ns)
{
    svgw o = {out, PC_OK};
    plot p;
    int nodata;
    pc_status rc = chart_open(&o, c, s, ns, 1, &p, &nodata);
    double bw;

    if (rc != PC_OK || nodata)
        return rc;
    bw = 0.7 * p.slot;
    for (size_t i = 0; i < c->n; i++) {
        double base = 0, x = plot_x(&p, c->x[i]) - bw / 2;

        for (size_t j = 0; j < ns; j++) {
            double v = s[j].y[i], y0, y1;

            if (!isfinite(v) || v <= 0)
                continue;
            y0 = plot_y(&p, base + v);
            y1 = plot_y(&p, base);
            put(&o, "<rect");
            attr_s(&o, "class", s[j].cls);
            attr(&o, "x", x);
            attr(&o, "y", y0);
            attr(&o, "width", bw);
            attr(&o, "height", y1 - y0);
            end_value(&o, "rect", c, &s[j], i, v);
            base += v;
        }
    }
    return chart_close(&o, s, ns, &p, 1);
}

/* A tick: i steps of m x 10^k. Dividing by an exact power of ten gives
 * the double nearest the decimal (0.3, not 0.30000000000000004). */
static double tick_value(double i, double m, int k)
{
    return k >= 0 ? i * m * pow(10, k) : i * m / pow(10, -k);
}

/* Whether steps of m x 10^k cover [lo, hi] in at most max ticks; the
 * first and last tick are *i0 and *i1 steps from 0. */
static int ticks_fit(double lo, double hi, double m, int k, size_t max,
                     double *i0, double *i1)
{
    const double tol = 1e-9; /* lo / step a hair above a whole number */
    double step = tick_value(1, m, k);

    *i0 = floor(lo / step + tol);
    *i1 = ceil(hi / step - tol);
    return *i1 - *i0 + 1 <= (double)max;
}

size_t rpt_nice_ticks(double lo, double hi, size_t max, double *t)
{
    static const double mant[3] = {1, 2, 5};
    double range, i0 = 0, i1 = 0;
    size_t count;
    int j = 0, k;

    if (!isfinite(lo) || !isfinite(hi))
        return 0;
    if (max < 4)
        max = 4;
    if (lo > hi) {
        double tmp = lo;

        lo = hi;
        hi = tmp;
    }
    if (lo == hi) {
        double d = lo ? fabs(lo) * 0.1 : 1;

        lo -= d;
        hi += d;
    }
    range = hi - lo;
    /* past these, powers of ten (or the ticks) leave the doubles */
    if (!isfinite(range) || !(range >= 1e-290))
        return 0;
    /* from a step too small, the first that fits gives the most ticks */
    k = (int)floor(log10(range / (double)max)) - 1;
    while (!ticks_fit(lo, hi, mant[j], k, max, &i0, &i1)) {
        if (++j == 3) {
            j = 0;
            k++;
        }
    }
    count = (size_t)(i1 - i0 + 1);
    /* with a small max the first step that fits may give fewer than 4:
     * extend away from zero, so that a range that stops at 0 still does */
    while (count < 4) {
        if (hi <= 0)
            i0--;
        else
            i1++;
        count++;
    }
    for (size_t i = 0; i < count; i++)
        t[i] = tick_value(i0 + (double)i, mant[j], k);
    if (!isfinite(t[0]) || !isfinite(t[count - 1]))
        return 0;
    return count;
}
