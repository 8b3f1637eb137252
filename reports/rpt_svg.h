/* rpt_svg.h: inline SVG maps and charts for the HTML reports.
 *
 * Everything here appends SVG markup to a pc_buf. The SVG is meant to sit
 * inside an HTML page (no XML declaration, no external references: no
 * fonts, images or links), and is well-formed XML: every string from the
 * caller goes through rpt_html_esc(). Styling is by class names the page's
 * stylesheet defines (the caller passes them), so that colours live in one
 * place. The few presentation attributes written here (text anchors; the
 * stroke widths and default colours of the frame, axis and grid lines; the
 * white legend box and the black and white scale bar) make the SVG
 * readable without the CSS, and any CSS rule on their class overrides
 * them. Fixed class names the stylesheet may also style: frame, axis,
 * grid, zero, tick, axis-label, legend, nodata, scalebar, north,
 * attribution.
 * Coordinates are written with at most one decimal, without the locale
 * and without thousands separators (not pc_fmt_trim: a ',' would split
 * a number in path data), so the output is the same bytes on every
 * machine.
 *
 * A map draws world coordinates in metres (EPSG:27700, north up) into a
 * frame of w x h pixels, keeping the aspect ratio. Things that take room on
 * the map (markers, the legend, the scale bar, the north arrow, the
 * attribution, placed labels) are recorded as boxes so that labels placed
 * later do not collide with them or with each other: rpt_map_label() tries
 * eight positions around its point and draws the label at the first that
 * is inside the frame and overlaps no recorded box; when none is free the
 * label is not drawn and *placed is 0.
 *
 * Functions return PC_OK, or PC_ERR_NOMEM when the buffer's cap is reached
 * (the buffer then holds a partial document the caller discards), or
 * PC_ERR_INPUT for a geometry that is not a GeoJSON Polygon, MultiPolygon
 * or Point with numeric coordinates, or for another bad argument: a
 * position, radius, bbox or frame size that is not finite or out of
 * range, an unknown legend shape, chart years that do not increase, a
 * series with lo but not hi, a chart too small for its plot, or values
 * too large to scale. */
#ifndef RPT_SVG_H
#define RPT_SVG_H

#include "pc_buf.h"
#include "pc_error.h"

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct rpt_box {
    double x0, y0, x1, y1; /* pixels, y down */
} rpt_box;

/* The boxes in a cell of the map's grid: a list through links, so that a
 * label's candidate is checked against the boxes near it only. */
typedef struct rpt_box_link {
    size_t box;
    long next; /* -1: the end */
} rpt_box_link;

typedef struct rpt_map {
    pc_buf *out;
    double w, h;     /* frame in pixels */
    double scale;    /* pixels per metre */
    double ox, oy;   /* pixel x = ox + scale * e, y = oy - scale * n */
    double world[4]; /* the world box the frame shows, margin
                        included: xmin, ymin, xmax, ymax */
    rpt_box *boxes;  /* taken, for label placement */
    size_t nboxes, capboxes;
    long *cell; /* by grid cell (gcols x grows): its first link */
    rpt_box_link *links;
    size_t nlinks, caplinks;
    int gcols, grows;
    pc_status rc; /* the first failure; later calls do nothing */
} rpt_map;

/* Opens <svg> of width w px; its height follows from bbox (xmin, ymin,
 * xmax, ymax in metres) with margin px on every side, capped at max_h px
 * (the bbox is then fitted to the height and centred). title becomes the
 * svg's aria-label and <title>. bbox must have positive width or height;
 * a degenerate side is widened to the other's size. */
pc_status rpt_map_begin(rpt_map *m, pc_buf *out, const double bbox[4], double w,
                        double max_h, double margin, const char *title);

/* World to pixels. */
void rpt_map_xy(const rpt_map *m, double e, double n, double *x, double *y);

/* A GeoJSON Polygon or MultiPolygon (coordinates in metres) as one <path>
 * with class cls and fill-rule evenodd; tooltip (NULL: none) as its
 * <title>. A Point is drawn as a circle of radius 3 px. */
pc_status rpt_map_geometry(rpt_map *m, const cJSON *geom, const char *cls,
                           const char *tooltip);

/* A circle of radius r px at (e, n) with class cls and tooltip (NULL:
 * none); its box is recorded so labels avoid it. */
pc_status rpt_map_circle(rpt_map *m, double e, double n, double r,
                         const char *cls, const char *tooltip);

/* A square of side 2r px centred at (e, n), as rpt_map_circle. */
pc_status rpt_map_square(rpt_map *m, double e, double n, double r,
                         const char *cls, const char *tooltip);

/* The label text (class cls) for a marker of radius r px at (e, n), at the
 * first free one of eight positions around it (right, left, above, below,
 * then the diagonals); *placed says whether it was drawn. Labels use a
 * fixed font size of 11 px and an estimated width of 6.2 px a character
 * (UTF-8 characters counted once). */
pc_status rpt_map_label(rpt_map *m, double e, double n, double r,
                        const char *text, const char *cls, int *placed);

/* A legend entry: a swatch of shape 'c' (circle), 's' (square), 'a'
 * (area: a filled rectangle) or 'l' (line) with class cls, and the text. r
 * is the swatch radius in px (0: 5 px), so entries can show sizes. */
typedef struct rpt_legend_item {
    char shape;
    const char *cls;
    double r;
    const char *text;
} rpt_legend_item;

/* The legend in a white box at the frame's top-left corner, titled title
 * (NULL: none); its box is recorded. */
pc_status rpt_map_legend(rpt_map *m, const char *title,
                         const rpt_legend_item *items, size_t n);

/* A scale bar at the bottom-left: a round length (1, 2 or 5 x 10^k m,
 * the largest not over a quarter of the frame's width) labelled "500 m"
 * or "2 km", with alternating segments; its box is recorded. */
pc_status rpt_map_scalebar(rpt_map *m);

/* The scale bar's length in metres for a frame of w px at scale px/m
 * (exposed for tests); 0 when w or scale is not a positive number. */
double rpt_scalebar_m(double w, double scale);

/* A north arrow with "N" at the top-right; its box is recorded. */
pc_status rpt_map_north(rpt_map *m);

/* The attribution text in small type at the bottom-right, on a white
 * background; its box is recorded. */
pc_status rpt_map_attribution(rpt_map *m, const char *text);

/* Closes the frame (a thin border) and </svg>; frees the boxes. The
 * status is the first failure of any call on m. */
pc_status rpt_map_end(rpt_map *m);

/* Frees the boxes of a map abandoned after a failure (rpt_map_end does
 * this itself); safe on a zeroed or ended map. */
void rpt_map_free(rpt_map *m);

/* ---- charts ---- */

/* One series over the chart's x values: y[i] for x[i] (NAN: no value).
 * For lines, lo/hi (both or neither) draw a band between them under the
 * line, with class cls + "-band"; dashed draws the line dashed. For bars,
 * lo and hi are ignored. */
typedef struct rpt_series {
    const char *label;
    const char *cls;
    const double *y;
    const double *lo, *hi;
    int dashed;
} rpt_series;

typedef struct rpt_chart {
    const char *title;   /* aria-label and <title> */
    const char *y_label; /* written along the y axis; NULL: none */
    const int *x;        /* n years, increasing */
    size_t n;
    double w, h;   /* pixels */
    int y_zero;    /* the y range includes 0 */
    int y_prec;    /* decimals of the values in tooltips and of the
                      tick labels (more when the step needs them) */
    int thousands; /* tick labels with ',' separators */
} rpt_chart;

/* A line chart: axes, nice y ticks (1, 2 or 5 x 10^k steps, 4 to 8 of
 * them) with grid lines, x ticks at each year (every second, fifth,
 * tenth, ... year when they would crowd), a zero line when the range
 * crosses 0, one <path> per series (points at each value), and a legend
 * row above the plot. With every value NAN the chart says "no data". */
pc_status rpt_chart_lines(pc_buf *out, const rpt_chart *c, const rpt_series *s,
                          size_t ns);

/* Stacked bars, one bar per year, series stacked in order (values below 0
 * are taken as 0), axes and legend as for lines. */
pc_status rpt_chart_bars(pc_buf *out, const rpt_chart *c, const rpt_series *s,
                         size_t ns);

/* Nice ticks covering [lo, hi]: steps of 1, 2 or 5 x 10^k, between 4 and
 * max (>= 4) ticks; writes them to t (room for max + 1) and returns how
 * many. lo == hi gives a range around the value. Returns 0 when lo or hi
 * is not finite or the range is too small or too large for doubles to
 * step through. Exposed for tests. */
size_t rpt_nice_ticks(double lo, double hi, size_t max, double *t);

#endif
