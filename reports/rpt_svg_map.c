/* rpt_svg_map.c: SVG maps (see rpt_svg.h): areas, points and lines in
 * British National Grid drawn to fit the frame with y negated, labels
 * placed so they do not collide, a legend, a scale bar, a north arrow and
 * the attribution. */
#include "rpt_svg_int.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "rpt_text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The grid that finds the boxes near a label's candidate: square cells of
 * GRID_PX pixels over the frame, each with the boxes that reach into it.
 * Checking a candidate against every box made a map of n markers take n^2
 * (20,000 sites on England's index page). */
#define GRID_PX 24.0

/* The cells box (x0, y0)-(x1, y1) reaches, clamped to the grid. */
static void grid_span(const rpt_map *m, double x0, double y0, double x1,
                      double y1, int c[4])
{
    double v[4] = {x0, y0, x1, y1};
    int lim[4] = {m->gcols, m->grows, m->gcols, m->grows};

    for (int k = 0; k < 4; k++) {
        double f = floor(v[k] / GRID_PX);

        c[k] = f < 0 ? 0 : f >= lim[k] ? lim[k] - 1 : (int)f;
    }
}

/* Records a box that labels must keep clear of. */
static void take(rpt_map *m, svgw *o, double x0, double y0, double x1,
                 double y1)
{
    int c[4];

    if (o->rc != PC_OK)
        return;
    if (!m->cell) {
        m->gcols = (int)ceil(m->w / GRID_PX) + 1;
        m->grows = (int)ceil(m->h / GRID_PX) + 1;
        m->cell = malloc((size_t)m->gcols * (size_t)m->grows * sizeof *m->cell);
        if (!m->cell) {
            o->rc = PC_ERR_NOMEM;
            return;
        }
        for (long i = 0; i < (long)m->gcols * m->grows; i++)
            m->cell[i] = -1;
    }
    if (pc_grow((void **)&m->boxes, &m->capboxes, m->nboxes + 1,
                sizeof *m->boxes)) {
        o->rc = PC_ERR_NOMEM;
        return;
    }
    m->boxes[m->nboxes] = (rpt_box){x0, y0, x1, y1};
    grid_span(m, x0, y0, x1, y1, c);
    for (int gy = c[1]; gy <= c[3]; gy++)
        for (int gx = c[0]; gx <= c[2]; gx++) {
            long *head = &m->cell[(long)gy * m->gcols + gx];

            if (pc_grow((void **)&m->links, &m->caplinks, m->nlinks + 1,
                        sizeof *m->links)) {
                o->rc = PC_ERR_NOMEM;
                return;
            }
            m->links[m->nlinks] = (rpt_box_link){m->nboxes, *head};
            *head = (long)m->nlinks++;
        }
    m->nboxes++;
}

/* Boxes that only touch do not overlap. */
static int box_free(const rpt_map *m, double x0, double y0, double x1,
                    double y1)
{
    int c[4];

    if (!m->cell)
        return 1;
    grid_span(m, x0, y0, x1, y1, c);
    for (int gy = c[1]; gy <= c[3]; gy++)
        for (int gx = c[0]; gx <= c[2]; gx++)
            for (long k = m->cell[(long)gy * m->gcols + gx]; k >= 0;
                 k = m->links[k].next) {
                const rpt_box *b = &m->boxes[m->links[k].box];

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
    rpt_svgw_open(&o, w, h, title);
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
        rpt_svgw_put(&o, "<rect");
        rpt_svgw_attr_s(&o, "class", cls);
        rpt_svgw_attr(&o, "x", x - r);
        rpt_svgw_attr(&o, "y", y - r);
        rpt_svgw_attr(&o, "width", 2 * r);
        rpt_svgw_attr(&o, "height", 2 * r);
        rpt_svgw_end_el(&o, "rect", tooltip);
    } else {
        rpt_svgw_put(&o, "<circle");
        rpt_svgw_attr_s(&o, "class", cls);
        rpt_svgw_attr(&o, "cx", x);
        rpt_svgw_attr(&o, "cy", y);
        rpt_svgw_attr(&o, "r", r);
        rpt_svgw_end_el(&o, "circle", tooltip);
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
        rpt_svgw_fmt_px(xs, sizeof xs, x);
        rpt_svgw_fmt_px(ys, sizeof ys, y);
        if (state > 0 && !strcmp(xs, px) && !strcmp(ys, py))
            continue;
        if (state > 0 && !c->next && !strcmp(xs, fx) && !strcmp(ys, fy))
            continue;
        rpt_svgw_put(o, state == 0 ? "M" : state == 1 ? "L" : " ");
        rpt_svgw_put(o, xs);
        rpt_svgw_put(o, " ");
        rpt_svgw_put(o, ys);
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
        rpt_svgw_put(o, "Z");
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
    rpt_svgw_put(&o, "<path");
    rpt_svgw_attr_s(&o, "class", cls);
    rpt_svgw_put(&o, " fill-rule=\"evenodd\" d=\"");
    rings_put(m, &o, coords, depth);
    rpt_svgw_put(&o, "\"");
    rpt_svgw_end_el(&o, "path", tooltip);
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
    double tw = CHAR_W * (double)rpt_svgw_chars(text), th = FONT_PX;
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
        rpt_svgw_put_text(&o, cls, tx, y0 + LABEL_ASC, FONT_PX, anchor[hx + 1],
                          0, text);
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
        rpt_svgw_put(o, "<circle");
        rpt_svgw_attr_s(o, "class", it->cls);
        rpt_svgw_attr(o, "cx", cx);
        rpt_svgw_attr(o, "cy", cy);
        rpt_svgw_attr(o, "r", r);
        break;
    case 'l':
        rpt_svgw_put(o, "<line");
        rpt_svgw_attr_s(o, "class", it->cls);
        rpt_svgw_attr(o, "x1", cx - sw / 2);
        rpt_svgw_attr(o, "y1", cy);
        rpt_svgw_attr(o, "x2", cx + sw / 2);
        rpt_svgw_attr(o, "y2", cy);
        break;
    default: /* 's' and 'a' */
        rpt_svgw_put(o, "<rect");
        rpt_svgw_attr_s(o, "class", it->cls);
        rpt_svgw_attr(o, "x", cx - sw / 2);
        rpt_svgw_attr(o, "y", cy - sh / 2);
        rpt_svgw_attr(o, "width", sw);
        rpt_svgw_attr(o, "height", sh);
        break;
    }
    rpt_svgw_put(o, "/>\n");
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
        tw = fmax(tw, CHAR_W * (double)rpt_svgw_chars(it->text));
        bh += legend_row_h(it);
    }
    bw = fmax(pad + sw + gap + tw,
              pad + BOLD_W * (double)rpt_svgw_chars(title)) +
         pad;
    rpt_svgw_put(&o, "<g class=\"legend\">\n<rect");
    rpt_svgw_attr(&o, "x", x0);
    rpt_svgw_attr(&o, "y", y0);
    rpt_svgw_attr(&o, "width", bw);
    rpt_svgw_attr(&o, "height", bh);
    rpt_svgw_put(&o, " fill=\"#fff\" stroke=\"#666\" stroke-width=\"0.5\"/>\n");
    y = y0 + pad;
    if (title) {
        rpt_svgw_put_text(&o, NULL, x0 + pad, y + LABEL_ASC, FONT_PX, "start",
                          1, title);
        y += title_h;
    }
    for (size_t i = 0; i < n; i++) {
        double rh = legend_row_h(&items[i]);

        swatch(&o, &items[i], x0 + pad + sw / 2, y + rh / 2);
        rpt_svgw_put_text(&o, NULL, x0 + pad + sw + gap, y + rh / 2 + MID_BASE,
                          FONT_PX, "start", 0, items[i].text);
        y += rh;
    }
    rpt_svgw_put(&o, "</g>\n");
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
        pc_fmt_trim(v, sizeof v, len_m, 3);
        snprintf(label, sizeof label, "%s m", v);
    } else {
        pc_fmt_trim(v, sizeof v, len_m / 1000, 1);
        snprintf(label, sizeof label, "%s km", v);
    }
    len = len_m * m->scale;
    nseg = len >= 60 ? 4 : 2;
    tw = CHAR_W * (double)rpt_svgw_chars(label);
    rpt_svgw_put(&o, "<g class=\"scalebar\">\n");
    for (int i = 0; i < nseg; i++) {
        rpt_svgw_put(&o, "<rect");
        rpt_svgw_attr(&o, "x", x0 + i * len / nseg);
        rpt_svgw_attr(&o, "y", ybot - bar_h);
        rpt_svgw_attr(&o, "width", len / nseg);
        rpt_svgw_attr(&o, "height", bar_h);
        rpt_svgw_put(&o, i % 2 ? " fill=\"#fff\"" : " fill=\"#000\"");
        rpt_svgw_put(&o, " stroke=\"#000\" stroke-width=\"0.5\"/>\n");
    }
    rpt_svgw_put_text(&o, NULL, x0 + len + 4, ybot, FONT_PX, "start", 0, label);
    rpt_svgw_put(&o, "</g>\n");
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
    rpt_svgw_put(&o, "<g class=\"north\">\n");
    rpt_svgw_put_text(&o, NULL, cx, 16, FONT_PX, "middle", 1, "N");
    rpt_svgw_put(&o, "<path d=\"");
    rpt_svgw_path_pt(&o, &st, cx, 19);
    rpt_svgw_path_pt(&o, &st, cx + 5, 33);
    rpt_svgw_path_pt(&o, &st, cx, 29);
    rpt_svgw_path_pt(&o, &st, cx - 5, 33);
    rpt_svgw_put(&o, "Z\" fill=\"#000\"/>\n</g>\n");
    take(m, &o, cx - 7, 5, cx + 7, 35);
    return map_ret(m, &o);
}

pc_status rpt_map_attribution(rpt_map *m, const char *text)
{
    double tw = CHAR_W * SMALL_PX / FONT_PX * (double)rpt_svgw_chars(text);
    double x0 = m->w - 8 - tw, y0 = m->h - 16, x1 = m->w - 2, y1 = m->h - 2;
    svgw o = map_w(m);

    if (o.rc != PC_OK || !tw)
        return o.rc;
    rpt_svgw_put(&o, "<g class=\"attribution\">\n<rect");
    rpt_svgw_attr(&o, "x", x0);
    rpt_svgw_attr(&o, "y", y0);
    rpt_svgw_attr(&o, "width", x1 - x0);
    rpt_svgw_attr(&o, "height", y1 - y0);
    rpt_svgw_put(&o, " fill=\"#fff\" fill-opacity=\"0.8\"/>\n");
    rpt_svgw_put_text(&o, NULL, m->w - 5, m->h - 6, SMALL_PX, "end", 0, text);
    rpt_svgw_put(&o, "</g>\n");
    take(m, &o, x0, y0, x1, y1);
    return map_ret(m, &o);
}

pc_status rpt_map_end(rpt_map *m)
{
    svgw o = map_w(m);

    rpt_svgw_put(&o, "<rect class=\"frame\" x=\"0.5\" y=\"0.5\"");
    rpt_svgw_attr(&o, "width", m->w - 1);
    rpt_svgw_attr(&o, "height", m->h - 1);
    rpt_svgw_put(&o, FRAME_STROKE "/>\n</svg>\n");
    map_ret(m, &o);
    rpt_map_free(m);
    return m->rc;
}

void rpt_map_free(rpt_map *m)
{
    free(m->boxes);
    free(m->cell);
    free(m->links);
    m->boxes = NULL;
    m->cell = NULL;
    m->links = NULL;
    m->nboxes = m->capboxes = m->nlinks = m->caplinks = 0;
}
