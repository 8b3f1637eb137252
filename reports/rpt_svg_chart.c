/* rpt_svg_chart.c: SVG charts (see rpt_svg.h): line charts with an
 * optional band, and stacked bar charts, on axes with "nice" ticks and a
 * legend. */
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
        pc_fmt_grouped(buf, n, v, clamp_prec(prec));
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
        widest = fmax(widest, CHAR_W * (double)rpt_svgw_chars(lab));
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
    rpt_svgw_put(o, "<line class=\"");
    rpt_svgw_put(o, cls);
    rpt_svgw_put(o, "\"");
    rpt_svgw_attr(o, "x1", p->left);
    rpt_svgw_attr(o, "y1", y);
    rpt_svgw_attr(o, "x2", p->right);
    rpt_svgw_attr(o, "y2", y);
    rpt_svgw_put(o, stroke);
    rpt_svgw_put(o, "/>\n");
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
        rpt_svgw_put_text(o, "tick", p->left - 5, y + MID_BASE, FONT_PX, "end",
                          0, lab);
    }
    if (p->t[0] < 0 && p->t[p->nt - 1] > 0)
        hline(o, "zero", p, plot_y(p, 0), ZERO_STROKE);
    /* round years when the first label step holds one, else the first */
    first = c->x[0] + ((-(long long)c->x[0]) % step + step) % step;
    if (first > last)
        first = c->x[0];
    for (long long yr = first; yr <= last; yr += step) {
        double x = plot_x(p, (int)yr);

        rpt_svgw_put(o, "<line class=\"axis\"");
        rpt_svgw_attr(o, "x1", x);
        rpt_svgw_attr(o, "y1", p->bottom);
        rpt_svgw_attr(o, "x2", x);
        rpt_svgw_attr(o, "y2", p->bottom + 4);
        rpt_svgw_put(o, AXIS_STROKE "/>\n");
        snprintf(lab, sizeof lab, "%lld", yr);
        rpt_svgw_put_text(o, "tick", x, p->bottom + 15, FONT_PX, "middle", 0,
                          lab);
    }
    if (c->y_label) {
        double x = 6 + FONT_PX - 2, y = (p->top + p->bottom) / 2;

        rpt_svgw_put(o, "<text class=\"axis-label\"");
        rpt_svgw_attr(o, "x", x);
        rpt_svgw_attr(o, "y", y);
        rpt_svgw_attr(o, "font-size", FONT_PX);
        rpt_svgw_put(o, " text-anchor=\"middle\" transform=\"rotate(-90 ");
        rpt_svgw_num(o, x);
        rpt_svgw_put(o, " ");
        rpt_svgw_num(o, y);
        rpt_svgw_put(o, ")\">");
        rpt_svgw_esc(o, c->y_label);
        rpt_svgw_put(o, "</text>\n");
    }
}

/* The axis lines, drawn over the data. */
static void chart_axis(svgw *o, const plot *p)
{
    rpt_svgw_put(o, "<path class=\"axis\" d=\"M");
    rpt_svgw_num(o, p->left);
    rpt_svgw_put(o, " ");
    rpt_svgw_num(o, p->top);
    rpt_svgw_put(o, "V");
    rpt_svgw_num(o, p->bottom);
    rpt_svgw_put(o, "H");
    rpt_svgw_num(o, p->right);
    rpt_svgw_put(o, "\" fill=\"none\"" AXIS_STROKE "/>\n");
}

/* ` class="cls-band"` */
static void band_class(svgw *o, const char *cls)
{
    if (!cls)
        return;
    rpt_svgw_put(o, " class=\"");
    rpt_svgw_esc(o, cls);
    rpt_svgw_put(o, "-band\"");
}

/* The legend row above the plot: a swatch and the label of each series
 * that has one. */
static void chart_legend(svgw *o, const rpt_series *s, size_t ns, double x,
                         int bars)
{
    const double cy = 11;

    rpt_svgw_put(o, "<g class=\"legend\">\n");
    for (size_t j = 0; j < ns; j++) {
        if (!s[j].label)
            continue;
        if (bars) {
            rpt_svgw_put(o, "<rect");
            rpt_svgw_attr_s(o, "class", s[j].cls);
            rpt_svgw_attr(o, "x", x + 3);
            rpt_svgw_attr(o, "y", cy - 5);
            rpt_svgw_attr(o, "width", 10);
            rpt_svgw_attr(o, "height", 10);
            rpt_svgw_put(o, "/>\n");
        } else {
            if (s[j].lo) {
                rpt_svgw_put(o, "<rect");
                band_class(o, s[j].cls);
                rpt_svgw_attr(o, "x", x);
                rpt_svgw_attr(o, "y", cy - 4);
                rpt_svgw_attr(o, "width", 16);
                rpt_svgw_attr(o, "height", 8);
                rpt_svgw_put(o, "/>\n");
            }
            rpt_svgw_put(o, "<line");
            rpt_svgw_attr_s(o, "class", s[j].cls);
            rpt_svgw_attr(o, "x1", x);
            rpt_svgw_attr(o, "y1", cy);
            rpt_svgw_attr(o, "x2", x + 16);
            rpt_svgw_attr(o, "y2", cy);
            rpt_svgw_put(o, s[j].dashed ? " stroke-dasharray=\"5 3\"/>\n"
                                        : "/>\n");
        }
        rpt_svgw_put_text(o, NULL, x + 20, cy + MID_BASE, FONT_PX, "start", 0,
                          s[j].label);
        x += 20 + CHAR_W * (double)rpt_svgw_chars(s[j].label) + 12;
    }
    rpt_svgw_put(o, "</g>\n");
}

/* Closes an element opened as "<tag ..." with the tooltip "label year:
 * value". */
static void end_value(svgw *o, const char *tag, const rpt_chart *c,
                      const rpt_series *s, size_t i, double v)
{
    char val[NUM_MAX], yr[32];

    fmt_value(val, sizeof val, v, c->y_prec, c->thousands);
    snprintf(yr, sizeof yr, "%s%d: ", s->label ? " " : "", c->x[i]);
    rpt_svgw_put(o, "><title>");
    rpt_svgw_esc(o, s->label);
    rpt_svgw_put(o, yr);
    rpt_svgw_put(o, val);
    rpt_svgw_put(o, "</title></");
    rpt_svgw_put(o, tag);
    rpt_svgw_put(o, ">\n");
}

/* The band between lo and hi as one path: each run of years with both
 * values is a polygon, hi forward and lo back. A lone year has no area
 * and is left out. */
static void band(svgw *o, const rpt_chart *c, const plot *p,
                 const rpt_series *s)
{
    size_t i = 0;

    rpt_svgw_put(o, "<path");
    band_class(o, s->cls);
    rpt_svgw_put(o, " d=\"");
    while (i < c->n) {
        size_t a = i;
        int st = 0;

        while (i < c->n && finite_at(s->lo, i) && finite_at(s->hi, i))
            i++;
        if (i - a >= 2) {
            for (size_t k = a; k < i; k++)
                rpt_svgw_path_pt(o, &st, plot_x(p, c->x[k]),
                                 plot_y(p, s->hi[k]));
            for (size_t k = i; k-- > a;)
                rpt_svgw_path_pt(o, &st, plot_x(p, c->x[k]),
                                 plot_y(p, s->lo[k]));
            rpt_svgw_put(o, "Z");
        }
        if (i == a)
            i++;
    }
    rpt_svgw_put(o, "\"/>\n");
}

/* The line, broken where a value is missing, then a dot at each value
 * (a value between two gaps has no line to show it). */
static void series_line(svgw *o, const rpt_chart *c, const plot *p,
                        const rpt_series *s)
{
    int st = 0;

    rpt_svgw_put(o, "<path");
    rpt_svgw_attr_s(o, "class", s->cls);
    rpt_svgw_put(o, " d=\"");
    for (size_t i = 0; i < c->n; i++) {
        if (!finite_at(s->y, i))
            st = 0;
        else
            rpt_svgw_path_pt(o, &st, plot_x(p, c->x[i]), plot_y(p, s->y[i]));
    }
    rpt_svgw_put(o, "\" fill=\"none\"");
    if (s->dashed)
        rpt_svgw_put(o, " stroke-dasharray=\"5 3\"");
    rpt_svgw_end_el(o, "path", s->label);
    for (size_t i = 0; i < c->n; i++) {
        if (!finite_at(s->y, i))
            continue;
        rpt_svgw_put(o, "<circle");
        rpt_svgw_attr_s(o, "class", s->cls);
        rpt_svgw_attr(o, "cx", plot_x(p, c->x[i]));
        rpt_svgw_attr(o, "cy", plot_y(p, s->y[i]));
        rpt_svgw_attr(o, "r", 2.5);
        end_value(o, "circle", c, s, i, s->y[i]);
    }
}

/* The frame and "no data" of a chart with nothing to draw. */
static void chart_nodata(svgw *o, const rpt_chart *c)
{
    rpt_svgw_put(o, "<rect class=\"frame\" x=\"0.5\" y=\"0.5\"");
    rpt_svgw_attr(o, "width", c->w - 1);
    rpt_svgw_attr(o, "height", c->h - 1);
    rpt_svgw_put(o, FRAME_STROKE "/>\n");
    rpt_svgw_put_text(o, "nodata", c->w / 2, c->h / 2 + MID_BASE, FONT_PX,
                      "middle", 0, "no data");
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
        rpt_svgw_open(o, c->w, c->h, c->title);
        chart_nodata(o, c);
        rpt_svgw_put(o, "</svg>\n");
        return o->rc;
    }
    /* lay out before writing, so bad input writes nothing */
    rc = chart_layout(c, ns, lo, hi, p);
    if (rc != PC_OK)
        return rc;
    rpt_svgw_open(o, c->w, c->h, c->title);
    chart_grid(o, c, p);
    return o->rc;
}

static pc_status chart_close(svgw *o, const rpt_series *s, size_t ns,
                             const plot *p, int bars)
{
    chart_axis(o, p);
    chart_legend(o, s, ns, p->left, bars);
    rpt_svgw_put(o, "</svg>\n");
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
            rpt_svgw_put(&o, "<rect");
            rpt_svgw_attr_s(&o, "class", s[j].cls);
            rpt_svgw_attr(&o, "x", x);
            rpt_svgw_attr(&o, "y", y0);
            rpt_svgw_attr(&o, "width", bw);
            rpt_svgw_attr(&o, "height", y1 - y0);
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
