/* test_svg.c: the inline SVG maps and charts of pc_reports (rpt_svg).
 *
 * The numbers (nice ticks, scale bar lengths, pixel positions) are checked
 * against values worked by hand. Every SVG is parsed back as strict XML
 * with libxml2 (no recovery, no network); the label and bar tests then read
 * positions from the parsed elements, so they check what a browser would
 * draw rather than the writer's own bookkeeping. */
#include "check.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "rpt_svg.h"

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAP (1u << 20)

/* ---- parsing the SVG back ---- */

static xmlDocPtr parse(const char *svg)
{
    if (!svg)
        return NULL;
    return xmlReadMemory(svg, (int)strlen(svg), "test.svg", "UTF-8",
                         XML_PARSE_NONET);
}

/* Parses as strict XML with an <svg> root in the SVG namespace. */
static int svg_ok(const char *svg)
{
    xmlDocPtr doc = parse(svg);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    int ok =
        root && !strcmp((const char *)root->name, "svg") && root->ns &&
        !strcmp((const char *)root->ns->href, "http://www.w3.org/2000/svg");

    xmlFreeDoc(doc);
    return ok;
}

static double prop_num(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    double d = NAN;

    if (v) {
        char *end;

        d = strtod((const char *)v, &end);
        if (*end)
            d = NAN;
        xmlFree(v);
    }
    return d;
}

/* Whether attribute name equals want (want NULL: the attribute is
 * absent). */
static int prop_is(xmlNodePtr n, const char *name, const char *want)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int same = want ? v && !strcmp((const char *)v, want) : !v;

    xmlFree(v);
    return same;
}

/* Elements named elem with class cls (NULL: any) under n, in document
 * order; returns how many there are (at most max are stored). */
static size_t find_all(xmlNodePtr n, const char *elem, const char *cls,
                       xmlNodePtr *out, size_t max, size_t got)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, elem) &&
            (!cls || prop_is(n, "class", cls))) {
            if (got < max)
                out[got] = n;
            got++;
        }
        got = find_all(n->children, elem, cls, out, max, got);
    }
    return got;
}

static size_t utf8_len(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* The box a label's <text> takes, as rpt_map_label estimates it: 6.2 px a
 * character, 11 px high with the baseline 8.5 px below the top. */
static rpt_box text_box(xmlNodePtr t)
{
    xmlChar *s = xmlNodeGetContent(t);
    double w = 6.2 * (double)utf8_len(s ? (const char *)s : "");
    double x = prop_num(t, "x"), y = prop_num(t, "y");
    rpt_box b;

    if (prop_is(t, "text-anchor", "end"))
        x -= w;
    else if (prop_is(t, "text-anchor", "middle"))
        x -= w / 2;
    b.x0 = x;
    b.x1 = x + w;
    b.y0 = y - 8.5;
    b.y1 = b.y0 + 11;
    xmlFree(s);
    return b;
}

/* Overlap by more than the 0.1 px the output is rounded to. */
static int boxes_overlap(rpt_box a, rpt_box b)
{
    const double tol = 0.11;

    return a.x0 < b.x1 - tol && b.x0 < a.x1 - tol && a.y0 < b.y1 - tol &&
           b.y0 < a.y1 - tol;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    size_t k = strlen(needle);

    if (!hay)
        return 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

/* ---- nice ticks ---- */

/* Whether v is m x 10^k for m in {1, 2, 5}. */
static int one_two_five(double v)
{
    double p = pow(10, floor(log10(v) + 1e-9));
    double m = v / p;

    return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9;
}

/* The contract of rpt_nice_ticks for one range; returns the count. */
static size_t ticks_ok(double lo, double hi, size_t max, double *t)
{
    size_t n = rpt_nice_ticks(lo, hi, max, t);
    double step, tol;

    CHECK(n >= 4 && n <= max);
    if (n < 4)
        return n;
    step = t[1] - t[0];
    tol = 1e-9 * fmax(fabs(t[0]), fabs(t[n - 1]));
    CHECK(step > 0);
    CHECK(one_two_five(step));
    CHECK(t[0] <= fmin(lo, hi) + tol);
    CHECK(t[n - 1] >= fmax(lo, hi) - tol);
    for (size_t i = 1; i < n; i++)
        CHECK_NEAR(t[i] - t[i - 1], step, 1e-9 * step + tol);
    return n;
}

static void nice_ticks(void)
{
    double t[9];
    size_t n;

    n = ticks_ok(0, 37, 8, t);
    CHECK(n == 5);
    CHECK(t[0] == 0 && t[1] == 10 && t[4] == 40);

    /* 100s would take 9 ticks (-700..100), one over the 8 allowed */
    n = ticks_ok(-658, 12, 8, t);
    CHECK(n == 6);
    CHECK(t[0] == -800 && t[5] == 200);

    /* decimal steps come out as the doubles nearest the decimals */
    n = ticks_ok(0.2, 0.9, 8, t);
    CHECK(n == 8);
    CHECK(t[0] == 0.2 && t[1] == 0.3 && t[6] == 0.8 && t[7] == 0.9);

    n = ticks_ok(1e6, 1.2e6, 8, t);
    CHECK(n == 5);
    CHECK(t[0] == 1e6 && t[1] == 1.05e6 && t[4] == 1.2e6);

    /* lo == hi: 5 +- 0.5 in steps of 0.2 */
    n = ticks_ok(5, 5, 8, t);
    CHECK(n == 7);
    CHECK(t[0] == 4.4 && t[6] == 5.6);
    n = ticks_ok(0, 0, 8, t);
    CHECK(t[0] == -1 && t[n - 1] == 1);

    /* reversed, negative, tiny and huge ranges */
    ticks_ok(12, -658, 8, t);
    ticks_ok(-5.5, -1.2, 8, t);
    ticks_ok(1e-9, 3.3e-9, 8, t);
    ticks_ok(1e300, 3e300, 8, t);
    ticks_ok(-8e307, 8e307, 8, t);
    ticks_ok(123456.7, 123456.8, 8, t);

    /* max 4 can leave the first fitting step with 3 ticks (0 0.5 1); one
     * is added above, away from zero */
    n = ticks_ok(0.05, 0.95, 4, t);
    CHECK(n == 4);
    CHECK(t[0] == 0 && t[3] == 1.5);
    n = ticks_ok(-0.95, -0.05, 4, t);
    CHECK(n == 4 && t[3] == 0 && t[0] == -1.5);

    CHECK(rpt_nice_ticks(NAN, 1, 8, t) == 0);
    CHECK(rpt_nice_ticks(0, INFINITY, 8, t) == 0);
    CHECK(rpt_nice_ticks(-1.7e308, 1.7e308, 8, t) == 0);
}

static void scalebar_lengths(void)
{
    /* a quarter of the width, in metres, then 1, 2 or 5 x 10^k below it */
    CHECK(rpt_scalebar_m(800, 0.125) == 1000);   /* 1600 m */
    CHECK(rpt_scalebar_m(1000, 0.25) == 1000);   /* exactly 1000 m */
    CHECK(rpt_scalebar_m(640, 0.5) == 200);      /* 320 m */
    CHECK(rpt_scalebar_m(100, 0.03125) == 500);  /* 800 m */
    CHECK(rpt_scalebar_m(600, 0.0625) == 2000);  /* 2400 m */
    CHECK(rpt_scalebar_m(800, 0.001) == 200000); /* 200 km */
    CHECK(rpt_scalebar_m(40, 8) == 1);           /* 1.25 m */
    CHECK(rpt_scalebar_m(0, 1) == 0);
    CHECK(rpt_scalebar_m(100, 0) == 0);
}

/* ---- maps ---- */

static void map_frame(void)
{
    const double bbox[4] = {400000, 250000, 410000, 255000};
    const double tall[4] = {0, 0, 1000, 10000};
    const double point[4] = {5, 5, 5, 5};
    const double line[4] = {0, 0, 0, 100};
    pc_buf b = PC_BUF_INIT(CAP);
    rpt_map m;
    double x, y;

    /* 10 km x 5 km in 600 - 2 x 10 px: 0.058 px/m, 290 + 20 px high */
    CHECK(rpt_map_begin(&m, &b, bbox, 600, 600, 10, "Test") == PC_OK);
    CHECK_NEAR(m.scale, 0.058, 1e-12);
    CHECK(m.h == 310);
    rpt_map_xy(&m, 400000, 255000, &x, &y); /* north-west */
    CHECK_NEAR(x, 10, 1e-6);
    CHECK_NEAR(y, 10, 1e-6);
    rpt_map_xy(&m, 410000, 250000, &x, &y); /* south-east */
    CHECK_NEAR(x, 590, 1e-6);
    CHECK_NEAR(y, 300, 1e-6);
    /* the world shown is the bbox and the margin around it */
    CHECK_NEAR(m.world[0], 400000 - 10 / 0.058, 1e-6);
    CHECK_NEAR(m.world[3], 255000 + 10 / 0.058, 1e-6);
    CHECK(rpt_map_end(&m) == PC_OK);
    CHECK(m.boxes == NULL);
    CHECK(svg_ok(pc_buf_str(&b)));
    CHECK_HAS(pc_buf_str(&b), "viewBox=\"0 0 600 310\" width=\"600\" "
                              "height=\"310\"");
    pc_buf_reset(&b);

    /* capped at 400 px high: 380 px for 10 km, and 38 px wide, centred */
    CHECK(rpt_map_begin(&m, &b, tall, 600, 400, 10, NULL) == PC_OK);
    CHECK(m.h == 400);
    rpt_map_xy(&m, 0, 10000, &x, &y);
    CHECK_NEAR(x, 281, 1e-6);
    CHECK_NEAR(y, 10, 1e-6);
    rpt_map_xy(&m, 1000, 0, &x, &y);
    CHECK_NEAR(x, 319, 1e-6);
    CHECK_NEAR(y, 390, 1e-6);
    CHECK(rpt_map_end(&m) == PC_OK);
    pc_buf_reset(&b);

    /* a zero-width bbox is widened to its height */
    CHECK(rpt_map_begin(&m, &b, line, 220, 1000, 10, NULL) == PC_OK);
    CHECK_NEAR(m.scale, 2, 1e-12);
    CHECK(rpt_map_end(&m) == PC_OK);
    pc_buf_reset(&b);

    CHECK(rpt_map_begin(&m, &b, point, 600, 400, 10, NULL) == PC_ERR_INPUT);
    CHECK(rpt_map_end(&m) == PC_ERR_INPUT);
    CHECK(rpt_map_begin(&m, &b, bbox, 20, 400, 10, NULL) == PC_ERR_INPUT);
    rpt_map_free(&m);
    pc_buf_free(&b);
}

/* A 100 m square map at 2 px/m in a 220 px frame with a 10 px margin:
 * (e, n) is drawn at (10 + 2e, 210 - 2n). */
static pc_status square_map(rpt_map *m, pc_buf *b)
{
    const double bbox[4] = {0, 0, 100, 100};

    return rpt_map_begin(m, b, bbox, 220, 1000, 10, "Square");
}

static pc_status draw_json(rpt_map *m, const char *json, const char *cls)
{
    cJSON *g = cJSON_Parse(json);
    pc_status rc;

    CHECK(g != NULL);
    rc = rpt_map_geometry(m, g, cls, "tip & <tip>");
    cJSON_Delete(g);
    return rc;
}

static void map_geometry(void)
{
    pc_buf b = PC_BUF_INIT(CAP);
    rpt_map m;
    const char *s;

    CHECK(square_map(&m, &b) == PC_OK);
    CHECK(draw_json(&m,
                    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[100,0],"
                    "[100,100],[0,100],[0,0]]]}",
                    "site") == PC_OK);
    /* a point 0.02 px from the one before prints the same and is
     * dropped; so is the closing point */
    CHECK(draw_json(&m,
                    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0.01,0],"
                    "[100,0],[100,100],[0,100],[0,0]]]}",
                    "dup") == PC_OK);
    /* a hole and a second polygon: three rings in one path */
    CHECK(draw_json(&m,
                    "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],"
                    "[50,0],[50,50],[0,0]],[[10,5],[40,5],[40,35],[10,5]]],"
                    "[[[60,60],[90,60],[90,90.25],[60,60]]]]}",
                    "multi") == PC_OK);
    CHECK(draw_json(&m, "{\"type\":\"Point\",\"coordinates\":[50,25,7]}",
                    "pt") == PC_OK);
    CHECK(rpt_map_end(&m) == PC_OK);
    s = pc_buf_str(&b);
    CHECK(svg_ok(s));
    CHECK_HAS(s, "<path class=\"site\" fill-rule=\"evenodd\" "
                 "d=\"M10 210L210 210 210 10 10 10Z\"><title>tip &amp; "
                 "&lt;tip&gt;</title></path>");
    CHECK_HAS(s, "<path class=\"dup\" fill-rule=\"evenodd\" "
                 "d=\"M10 210L210 210 210 10 10 10Z\">");
    CHECK_HAS(s, "d=\"M10 210L110 210 110 110Z"
                 "M30 200L90 200 90 140Z"
                 "M130 90L190 90 190 29.5Z\"");
    CHECK_HAS(s, "<circle class=\"pt\" cx=\"110\" cy=\"160\" r=\"3\">");
    pc_buf_free(&b);
}

static void map_bad_geometry(void)
{
    static const char *const bad[] = {
        "{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[\"1\",0],[1,1]]]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1],[1,1]]]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[0,0],[1,0],[1,1]]}",
        "{\"type\":\"MultiPolygon\",\"coordinates\":[[[0,0],[1,0],[1,1]]]}",
        "{\"type\":\"Polygon\"}",
        "{\"coordinates\":[[[0,0],[1,0],[1,1]]]}",
        "{\"type\":\"Point\",\"coordinates\":[1]}",
        "{\"type\":\"Point\",\"coordinates\":[1e999,0]}",
        "[1,2]",
    };

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        pc_buf b = PC_BUF_INIT(CAP);
        rpt_map m;
        size_t len;

        CHECK(square_map(&m, &b) == PC_OK);
        len = b.len;
        if (draw_json(&m, bad[i], "x") != PC_ERR_INPUT)
            fprintf(stderr, "not rejected: %s\n", bad[i]);
        CHECK(m.rc == PC_ERR_INPUT);
        CHECK(b.len == len); /* nothing half-written */
        /* the failure sticks: later calls do nothing */
        CHECK(rpt_map_circle(&m, 1, 1, 2, "c", NULL) == PC_ERR_INPUT);
        CHECK(b.len == len);
        CHECK(rpt_map_end(&m) == PC_ERR_INPUT);
        pc_buf_free(&b);
    }
}

/* Labels on one marker of radius 4 (candidates 6 px out) until every
 * position is taken: a one-character label fits all eight; a wider one
 * fits only the four sides, since a diagonal then overlaps the label above
 * or below. Returns the parsed SVG. */
static xmlDocPtr stack_labels(const char *label, int fits, pc_buf *b)
{
    const double bbox[4] = {0, 0, 400, 300};
    rpt_map m;
    int placed, nplaced = 0;

    CHECK(rpt_map_begin(&m, b, bbox, 400, 300, 0, NULL) == PC_OK);
    CHECK(rpt_map_circle(&m, 200, 150, 4, "c", NULL) == PC_OK);
    for (int i = 0; i < 10; i++) {
        CHECK(rpt_map_label(&m, 200, 150, 4, label, "lab", &placed) == PC_OK);
        CHECK(placed == (i < fits));
        nplaced += placed;
    }
    CHECK(rpt_map_end(&m) == PC_OK);
    CHECK(nplaced == fits);
    return parse(pc_buf_str(b));
}

static void map_labels_stack(void)
{
    const rpt_box marker = {196, 146, 204, 154};
    pc_buf b = PC_BUF_INIT(CAP);
    xmlDocPtr doc = stack_labels("A", 8, &b);
    xmlNodePtr t[16];
    size_t n;

    CHECK(doc != NULL);
    n = doc ? find_all(xmlDocGetRootElement(doc), "text", "lab", t, 16, 0) : 0;
    CHECK(n == 8);
    if (n == 8) {
        /* right, left, above, below, then the diagonals */
        static const char *const anchor[8] = {
            "start", "end", "middle", "middle", "start", "end", "start", "end"};

        for (size_t i = 0; i < n; i++) {
            CHECK(prop_is(t[i], "text-anchor", anchor[i]));
            CHECK(prop_is(t[i], "font-size", "11"));
            CHECK(!boxes_overlap(text_box(t[i]), marker));
            for (size_t j = i + 1; j < n; j++)
                CHECK(!boxes_overlap(text_box(t[i]), text_box(t[j])));
        }
        /* right of the marker, 2 px clear of it, centred on it */
        CHECK_NEAR(text_box(t[0]).x0, 206, 0.05);
        CHECK_NEAR((text_box(t[0]).y0 + text_box(t[0]).y1) / 2, 150, 0.05);
        CHECK_NEAR(prop_num(t[1], "x"), 194, 0.05);
        CHECK_NEAR(text_box(t[2]).y1, 144, 0.05);
        CHECK_NEAR(text_box(t[3]).y0, 156, 0.05);
        /* above-right: the box's corner 6 px out on both axes */
        CHECK_NEAR(text_box(t[4]).x0, 206, 0.05);
        CHECK_NEAR(text_box(t[4]).y1, 144, 0.05);
    }
    xmlFreeDoc(doc);
    pc_buf_reset(&b);

    doc = stack_labels("Label", 4, &b);
    CHECK(doc != NULL);
    n = doc ? find_all(xmlDocGetRootElement(doc), "text", "lab", t, 16, 0) : 0;
    CHECK(n == 4);
    for (size_t i = 0; i < n && n == 4; i++)
        for (size_t j = i + 1; j < n; j++)
            CHECK(!boxes_overlap(text_box(t[i]), text_box(t[j])));
    xmlFreeDoc(doc);
    pc_buf_free(&b);
}

/* Labels near the edges and next to the furniture move to a free side,
 * and never overlap the legend, scale bar, north arrow or attribution. */
static void map_labels_avoid(void)
{
    const double bbox[4] = {0, 0, 400, 300};
    const rpt_legend_item items[] = {{'c', "a", 0, "Practice"},
                                     {'s', "b", 8, "Site"}};
    pc_buf b = PC_BUF_INIT(CAP);
    rpt_box furniture[8];
    size_t nf;
    rpt_map m;
    xmlDocPtr doc;
    xmlNodePtr t[256];
    size_t n;
    int placed;

    CHECK(rpt_map_begin(&m, &b, bbox, 400, 300, 0, NULL) == PC_OK);
    CHECK(rpt_map_legend(&m, "Key", items, 2) == PC_OK);
    CHECK(rpt_map_scalebar(&m) == PC_OK);
    CHECK(rpt_map_north(&m) == PC_OK);
    CHECK(rpt_map_attribution(&m, "Contains OS data") == PC_OK);
    nf = m.nboxes;
    CHECK(nf == 4);
    memcpy(furniture, m.boxes, nf * sizeof *furniture);

    /* at the right edge the right side is outside the frame */
    CHECK(rpt_map_label(&m, 395, 150, 3, "Edge", "lab", &placed) == PC_OK);
    CHECK(placed == 1);
    /* a grid of labels over the whole frame, furniture included */
    for (int e = 10; e < 400; e += 30)
        for (int n2 = 10; n2 < 300; n2 += 25)
            CHECK(rpt_map_label(&m, e, n2, 2, "Ab", "lab", &placed) == PC_OK);
    CHECK(rpt_map_end(&m) == PC_OK);

    doc = parse(pc_buf_str(&b));
    CHECK(doc != NULL);
    if (!doc)
        goto done;
    n = find_all(xmlDocGetRootElement(doc), "text", "lab", t, 256, 0);
    CHECK(n > 20 && n <= 256);
    if (n > 256)
        n = 256;
    if (n > 0) {
        CHECK(prop_is(t[0], "text-anchor", "end"));
        CHECK_NEAR(prop_num(t[0], "x"), 395 - 5, 0.05);
    }
    for (size_t i = 0; i < n; i++) {
        rpt_box bi = text_box(t[i]);

        CHECK(bi.x0 >= 2 - 0.05 && bi.x1 <= 398 + 0.05);
        CHECK(bi.y0 >= 2 - 0.05 && bi.y1 <= 298 + 0.05);
        for (size_t f = 0; f < nf; f++)
            CHECK(!boxes_overlap(bi, furniture[f]));
        for (size_t j = i + 1; j < n; j++)
            CHECK(!boxes_overlap(bi, text_box(t[j])));
    }
    xmlFreeDoc(doc);
done:
    pc_buf_free(&b);
}

/* Many markers, some reaching out of the frame, then a label for each,
 * as the index page of a large report draws them: no label overlaps a
 * marker or another label, whichever cells of the map's grid they share,
 * and some are placed and some refused. */
static void map_labels_many(void)
{
    enum { NM = 2000 };
    const double bbox[4] = {0, 0, 1600, 1200};
    static xmlNodePtr c[NM + 1], t[NM + 1];
    static rpt_box marks[NM + 1], labs[NM + 1];
    pc_buf b = PC_BUF_INIT(CAP);
    unsigned long long seed = 12345;
    double e[NM], n[NM], r[NM];
    size_t nc, nt;
    rpt_map m;
    xmlDocPtr doc;
    char text[32];

    CHECK(rpt_map_begin(&m, &b, bbox, 1600, 1200, 0, NULL) == PC_OK);
    for (int i = 0; i < NM; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        e[i] = -20 + (double)(seed >> 40) / (double)(1ULL << 24) * 1640;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        n[i] = -20 + (double)(seed >> 40) / (double)(1ULL << 24) * 1240;
        r[i] = 1 + (double)(i % 6);
        CHECK(rpt_map_circle(&m, e[i], n[i], r[i], "mk", NULL) == PC_OK);
    }
    for (int i = 0; i < NM; i++) {
        snprintf(text, sizeof text, "Site %d", i);
        CHECK(rpt_map_label(&m, e[i], n[i], r[i], text, "lab", NULL) == PC_OK);
    }
    CHECK(rpt_map_end(&m) == PC_OK);
    doc = parse(pc_buf_str(&b));
    CHECK(doc != NULL);
    if (!doc)
        goto done;
    nc = find_all(xmlDocGetRootElement(doc), "circle", "mk", c, NM + 1, 0);
    nt = find_all(xmlDocGetRootElement(doc), "text", "lab", t, NM + 1, 0);
    CHECK(nc == NM);
    CHECK(nt > 100 && nt < NM);
    for (size_t i = 0; i < nc && i < NM; i++) {
        double x = prop_num(c[i], "cx"), y = prop_num(c[i], "cy");
        double rr = prop_num(c[i], "r");

        marks[i] = (rpt_box){x - rr, y - rr, x + rr, y + rr};
    }
    for (size_t i = 0; i < nt && i < NM; i++)
        labs[i] = text_box(t[i]);
    for (size_t i = 0; i < nt && i < NM; i++) {
        int clash = 0;

        for (size_t k = 0; k < nc && k < NM; k++)
            clash |= boxes_overlap(labs[i], marks[k]);
        for (size_t j = i + 1; j < nt && j < NM; j++)
            clash |= boxes_overlap(labs[i], labs[j]);
        CHECK(!clash);
    }
    xmlFreeDoc(doc);
done:
    pc_buf_free(&b);
}

static void map_escaping(void)
{
    const char *nasty = "<b>&\"'";
    const double bbox[4] = {0, 0, 100, 100};
    const rpt_legend_item item = {'a', "x\"y", 0, nasty};
    pc_buf b = PC_BUF_INIT(CAP);
    rpt_map m;
    xmlDocPtr doc;
    xmlNodePtr root, t[4];
    int placed = 0;

    CHECK(rpt_map_begin(&m, &b, bbox, 220, 1000, 10, nasty) == PC_OK);
    CHECK(rpt_map_label(&m, 50, 50, 3, nasty, "lab", &placed) == PC_OK);
    CHECK(placed == 1);
    CHECK(rpt_map_circle(&m, 20, 20, 3, "a\"b", nasty) == PC_OK);
    CHECK(rpt_map_legend(&m, nasty, &item, 1) == PC_OK);
    CHECK(rpt_map_attribution(&m, nasty) == PC_OK);
    CHECK(rpt_map_end(&m) == PC_OK);
    CHECK(!strstr(pc_buf_str(&b), "<b>"));

    doc = parse(pc_buf_str(&b));
    CHECK(doc != NULL);
    if (!doc)
        goto done;
    root = xmlDocGetRootElement(doc);
    CHECK(prop_is(root, "aria-label", nasty));
    CHECK(find_all(root, "text", "lab", t, 4, 0) == 1);
    {
        xmlChar *s = xmlNodeGetContent(t[0]);

        CHECK_STR((const char *)s, nasty);
        xmlFree(s);
    }
    CHECK(find_all(root, "circle", "a\"b", t, 4, 0) == 1);
    CHECK(find_all(root, "rect", "x\"y", t, 4, 0) == 1);
    xmlFreeDoc(doc);
done:
    pc_buf_free(&b);
}

/* A map with every part, as a report draws it. */
static char *full_map(size_t cap, pc_status *rc)
{
    const double bbox[4] = {430000, 270000, 440000, 276000};
    const rpt_legend_item items[] = {{'c', "practice", 0, "Practice"},
                                     {'s', "prem", 4, "Premises"},
                                     {'a', "site", 0, "Housing site"},
                                     {'l', "lad", 0, "Council boundary"},
                                     {'c', "big", 9, "Large list"}};
    pc_buf b = PC_BUF_INIT(cap);
    rpt_map m;
    char *s = NULL;
    cJSON *g = cJSON_Parse("{\"type\":\"Polygon\",\"coordinates\":[[[431000,"
                           "271000],[433000,271000],[433000,273500],[431000,"
                           "273500],[431000,271000]]]}");

    rpt_map_begin(&m, &b, bbox, 640, 480, 12, "Growth & premises: Rugby");
    rpt_map_geometry(&m, g, "site", "Site A (1,200 homes)");
    rpt_map_circle(&m, 435000, 273000, 5, "practice", "Practice \"B\"");
    rpt_map_square(&m, 437000, 272000, 4, "prem", NULL);
    rpt_map_legend(&m, "Key", items, sizeof items / sizeof *items);
    rpt_map_scalebar(&m);
    rpt_map_north(&m);
    rpt_map_attribution(&m, "Contains OS data \xc2\xa9 Crown copyright");
    rpt_map_label(&m, 435000, 273000, 5, "Practice B", "label", NULL);
    rpt_map_label(&m, 437000, 272000, 4, "Caf\xc3\xa9 premises", "label", NULL);
    *rc = rpt_map_end(&m);
    if (*rc == PC_OK)
        s = strdup(pc_buf_str(&b));
    pc_buf_free(&b);
    cJSON_Delete(g);
    return s;
}

static void map_whole(void)
{
    pc_status rc;
    char *a = full_map(CAP, &rc);
    char *b2 = full_map(CAP, &rc);

    CHECK(rc == PC_OK);
    CHECK(svg_ok(a));
    CHECK(a && b2 && !strcmp(a, b2));
    /* 10 km in 616 px: a quarter is 2.5 km, so the bar is 2 km */
    CHECK_HAS(a, ">2 km</text>");
    CHECK_HAS(a, ">N</text>");
    CHECK_HAS(a, "Crown copyright</text>");
    CHECK_HAS(a, "<title>Growth &amp; premises: Rugby</title>");
    CHECK_HAS(a, ">Caf\xc3\xa9 premises</text>");
    /* no references out of the page: the namespace name is the only URL */
    CHECK(count(a, "http") == 1);
    CHECK(!strstr(a, "href"));
    CHECK(!strstr(a, "url("));
    CHECK(!strstr(a, "<image"));
    CHECK(!strstr(a, "nan") && !strstr(a, "inf"));
    CHECK(!strstr(a, "-0 ") && !strstr(a, "\"-0\""));
    free(a);
    free(b2);
}

/* Every cut of the buffer gives PC_ERR_NOMEM, never a crash or a leak. */
static void map_over_the_cap(void)
{
    pc_status rc;
    char *full = full_map(CAP, &rc);
    size_t len = full ? strlen(full) : 0;

    CHECK(rc == PC_OK && len > 1000);
    for (size_t cap = 0; cap < len; cap += 37) {
        char *s = full_map(cap, &rc);

        CHECK(rc == PC_ERR_NOMEM);
        CHECK(s == NULL);
    }
    free(full);
}

static void map_bad_arguments(void)
{
    const rpt_legend_item bad_shape = {'x', "a", 0, "A"};
    const rpt_legend_item bad_r = {'c', "a", -1, "A"};
    pc_buf b = PC_BUF_INIT(CAP);
    rpt_map m;

    CHECK(square_map(&m, &b) == PC_OK);
    CHECK(rpt_map_legend(&m, NULL, &bad_shape, 1) == PC_ERR_INPUT);
    CHECK(rpt_map_end(&m) == PC_ERR_INPUT);
    CHECK(square_map(&m, &b) == PC_OK);
    CHECK(rpt_map_legend(&m, NULL, &bad_r, 1) == PC_ERR_INPUT);
    rpt_map_free(&m);
    CHECK(square_map(&m, &b) == PC_OK);
    CHECK(rpt_map_circle(&m, NAN, 1, 2, "a", NULL) == PC_ERR_INPUT);
    rpt_map_free(&m);
    rpt_map_free(&m); /* twice is fine */
    pc_buf_free(&b);
}

/* ---- charts ---- */

static const int years[] = {2024, 2025, 2026, 2027, 2028, 2029, 2030};
#define NY (sizeof years / sizeof *years)

static char *lines_chart(pc_status *rc)
{
    static const double need[NY] = {10, 12, 15, NAN, 21, 24, 30};
    static const double lo[NY] = {9, 10, 12, 14, 17, 19, 22};
    static const double hi[NY] = {11, 14, 18, 22, 26, 29, 37};
    static const double have[NY] = {14, 14, 14, 14, 20, 20, 20};
    const rpt_series s[2] = {
        {"Rooms needed", "gap", need, lo, hi, 0},
        {"Rooms <available>", "have", have, NULL, NULL, 1}};
    const rpt_chart c = {
        "Room gap & need", "rooms", years, NY, 480, 240, 1, 0, 0};
    pc_buf b = PC_BUF_INIT(CAP);
    char *out = NULL;

    *rc = rpt_chart_lines(&b, &c, s, 2);
    if (*rc == PC_OK)
        out = strdup(pc_buf_str(&b));
    pc_buf_free(&b);
    return out;
}

static void chart_lines(void)
{
    pc_status rc;
    char *a = lines_chart(&rc);
    char *a2 = lines_chart(&rc);
    xmlDocPtr doc;
    xmlNodePtr n[16];

    CHECK(rc == PC_OK);
    CHECK(svg_ok(a));
    CHECK(a && a2 && !strcmp(a, a2));
    CHECK_HAS(a, "<title>Room gap &amp; need</title>");
    CHECK_HAS(a, "Rooms &lt;available&gt;");
    CHECK_HAS(a, "stroke-dasharray=\"5 3\"");
    CHECK_HAS(a, "transform=\"rotate(-90 ");
    CHECK(!strstr(a, "nan"));
    doc = parse(a);
    if (doc) {
        xmlNodePtr root = xmlDocGetRootElement(doc);
        xmlChar *d;

        /* one band polygon, hi forward and lo back: 14 points */
        CHECK(find_all(root, "path", "gap-band", n, 16, 0) == 1);
        d = xmlGetProp(n[0], (const xmlChar *)"d");
        CHECK(d && count((const char *)d, "M") == 1 &&
              count((const char *)d, "Z") == 1);
        xmlFree(d);
        /* the line breaks at the missing 2027 */
        CHECK(find_all(root, "path", "gap", n, 16, 0) == 1);
        d = xmlGetProp(n[0], (const xmlChar *)"d");
        CHECK(d && count((const char *)d, "M") == 2);
        xmlFree(d);
        CHECK(find_all(root, "circle", "gap", n, 16, 0) == 6);
        CHECK(find_all(root, "circle", "have", n, 16, 0) == 7);
        /* ticks from 0 (y_zero) to 40 over 9..37 */
        CHECK(find_all(root, "line", "grid", n, 16, 0) == 5);
        CHECK(find_all(root, "text", "tick", n, 16, 0) == 5 + 7);
        xmlFreeDoc(doc);
    }
    free(a);
    free(a2);
}

static void chart_no_data(void)
{
    static const double none[NY] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    const rpt_series s = {"Nothing", "x", none, NULL, NULL, 0};
    rpt_chart c = {"Empty", NULL, years, NY, 300, 200, 0, 0, 0};
    pc_buf b = PC_BUF_INIT(CAP);

    CHECK(rpt_chart_lines(&b, &c, &s, 1) == PC_OK);
    CHECK(svg_ok(pc_buf_str(&b)));
    CHECK_HAS(pc_buf_str(&b), ">no data</text>");
    CHECK(!strstr(pc_buf_str(&b), "class=\"grid\""));
    pc_buf_reset(&b);
    CHECK(rpt_chart_bars(&b, &c, &s, 1) == PC_OK);
    CHECK_HAS(pc_buf_str(&b), ">no data</text>");
    pc_buf_reset(&b);
    c.n = 0;
    CHECK(rpt_chart_lines(&b, &c, &s, 1) == PC_OK);
    CHECK(svg_ok(pc_buf_str(&b)));
    CHECK_HAS(pc_buf_str(&b), ">no data</text>");
    pc_buf_free(&b);
}

/* Bar heights in the parsed SVG against the values, with the pixels a unit
 * taken from the grid lines and their tick labels. */
static void chart_bars(void)
{
    static const double a[NY] = {1200, 3400, 0, NAN, 5000, 7000, 8100};
    static const double b2[NY] = {800, -50, 600, 900, 1000, 1500, 2500};
    const rpt_series s[2] = {{"Capital", "cap", a, NULL, NULL, 0},
                             {"S106", "s106", b2, NULL, NULL, 0}};
    const rpt_chart c = {"Funding", "\xc2\xa3k", years, NY, 400, 220, 0, 0, 1};
    pc_buf b = PC_BUF_INIT(CAP);
    xmlDocPtr doc;
    xmlNodePtr grid[16], ticks[32], ra[8], rb[8];
    size_t ng, nt, na, nb;
    double px_per_unit, t0, t1;

    CHECK(rpt_chart_bars(&b, &c, s, 2) == PC_OK);
    CHECK(svg_ok(pc_buf_str(&b)));
    /* stacks reach 10,600: ticks 0 to 12,000 by 2,000 */
    CHECK_HAS(pc_buf_str(&b), ">12,000</text>");
    CHECK_HAS(pc_buf_str(&b), "<title>Capital 2030: 8,100</title>");
    doc = parse(pc_buf_str(&b));
    CHECK(doc != NULL);
    if (!doc)
        goto done;
    ng = find_all(xmlDocGetRootElement(doc), "line", "grid", grid, 16, 0);
    nt = find_all(xmlDocGetRootElement(doc), "text", "tick", ticks, 32, 0);
    na = find_all(xmlDocGetRootElement(doc), "rect", "cap", ra, 8, 0);
    nb = find_all(xmlDocGetRootElement(doc), "rect", "s106", rb, 8, 0);
    CHECK(ng == 7 && nt >= ng);
    /* zero and NAN draw nothing; the legend adds one swatch each */
    CHECK(na == 5 + 1);
    CHECK(nb == 6 + 1);
    if (ng == 7 && na == 6 && nb == 7) {
        xmlChar *v0 = xmlNodeGetContent(ticks[0]);
        xmlChar *v1 = xmlNodeGetContent(ticks[ng - 1]);

        CHECK_STR((const char *)v0, "0");
        CHECK_STR((const char *)v1, "12,000");
        t0 = 0;
        t1 = 12000;
        px_per_unit = (prop_num(grid[0], "y1") - prop_num(grid[ng - 1], "y1")) /
                      (t1 - t0);
        CHECK(px_per_unit > 0);
        /* 2024: 1200 then 800 on top of it */
        CHECK_NEAR(prop_num(ra[0], "height"), 1200 * px_per_unit, 0.15);
        CHECK_NEAR(prop_num(rb[0], "height"), 800 * px_per_unit, 0.15);
        CHECK_NEAR(prop_num(rb[0], "y") + prop_num(rb[0], "height"),
                   prop_num(ra[0], "y"), 0.15);
        CHECK_NEAR(prop_num(ra[0], "y") + prop_num(ra[0], "height"),
                   prop_num(grid[0], "y1"), 0.15);
        /* 2030: 8100 */
        CHECK_NEAR(prop_num(ra[4], "height"), 8100 * px_per_unit, 0.15);
        CHECK_NEAR(prop_num(ra[4], "height") / prop_num(ra[0], "height"),
                   8100.0 / 1200.0, 0.01);
        /* 2025's S106 is below 0: no bar; 2026 (capital 0) and 2027
         * (capital NAN) have S106 bars standing on the axis */
        CHECK_NEAR(prop_num(rb[1], "height"), 600 * px_per_unit, 0.15);
        CHECK_NEAR(prop_num(rb[1], "y") + prop_num(rb[1], "height"),
                   prop_num(grid[0], "y1"), 0.15);
        CHECK_NEAR(prop_num(rb[2], "y") + prop_num(rb[2], "height"),
                   prop_num(grid[0], "y1"), 0.15);
        xmlFree(v0);
        xmlFree(v1);
    }
    xmlFreeDoc(doc);
done:
    pc_buf_free(&b);
}

/* Thirty years in 300 px leave 8 px a year: labels every fifth year, on
 * round years. */
static void chart_crowded_years(void)
{
    int xs[30];
    double ys[30];
    const rpt_series s = {NULL, "l", ys, NULL, NULL, 0};
    const rpt_chart c = {"Long", NULL, xs, 30, 300, 200, 0, 0, 0};
    pc_buf b = PC_BUF_INIT(CAP);

    for (int i = 0; i < 30; i++) {
        xs[i] = 2021 + i;
        ys[i] = 0.1 * i;
    }
    CHECK(rpt_chart_lines(&b, &c, &s, 1) == PC_OK);
    CHECK(svg_ok(pc_buf_str(&b)));
    CHECK_HAS(pc_buf_str(&b), ">2025</text>");
    CHECK_HAS(pc_buf_str(&b), ">2050</text>");
    CHECK(!strstr(pc_buf_str(&b), ">2021</text>"));
    CHECK(!strstr(pc_buf_str(&b), ">2026</text>"));
    /* ticks 0 to 3 by 0.5 need a decimal though y_prec is 0 */
    CHECK_HAS(pc_buf_str(&b), ">2.5</text>");
    pc_buf_free(&b);
}

static void chart_bad_input(void)
{
    static const int back[3] = {2025, 2024, 2026};
    static const double v[3] = {1, 2, 3};
    const rpt_series one_sided = {"x", "x", v, v, NULL, 0};
    const rpt_series ok = {"x", "x", v, NULL, NULL, 0};
    const rpt_chart c = {"t", NULL, years, 3, 300, 200, 0, 0, 0};
    rpt_chart c2 = c;
    pc_buf b = PC_BUF_INIT(CAP);

    CHECK(rpt_chart_lines(&b, &c, &one_sided, 1) == PC_ERR_INPUT);
    c2.x = back;
    CHECK(rpt_chart_lines(&b, &c2, &ok, 1) == PC_ERR_INPUT);
    c2 = c;
    c2.w = 30; /* no room for a plot */
    CHECK(rpt_chart_bars(&b, &c2, &ok, 1) == PC_ERR_INPUT);
    c2 = c;
    c2.h = NAN;
    CHECK(rpt_chart_bars(&b, &c2, &ok, 1) == PC_ERR_INPUT);
    CHECK(b.len == 0); /* bad input writes nothing */
    pc_buf_free(&b);
}

static void chart_over_the_cap(void)
{
    static const double v[NY] = {1, 2, 3, 4, 5, 6, 7};
    const rpt_series s = {"x", "x", v, v, v, 0};
    const rpt_chart c = {"t", "y", years, NY, 300, 200, 0, 0, 0};

    for (int bars = 0; bars < 2; bars++) {
        pc_status (*draw)(pc_buf *, const rpt_chart *, const rpt_series *,
                          size_t) = bars ? rpt_chart_bars : rpt_chart_lines;
        pc_buf full = PC_BUF_INIT(CAP);

        CHECK(draw(&full, &c, &s, 1) == PC_OK);
        CHECK(full.len > 1000);
        for (size_t cap = 0; cap < full.len; cap += 13) {
            pc_buf b = PC_BUF_INIT(cap);

            CHECK(draw(&b, &c, &s, 1) == PC_ERR_NOMEM);
            pc_buf_free(&b);
        }
        pc_buf_free(&full);
    }
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"nice_ticks", nice_ticks},
        {"scalebar_lengths", scalebar_lengths},
        {"map_frame", map_frame},
        {"map_geometry", map_geometry},
        {"map_bad_geometry", map_bad_geometry},
        {"map_labels_stack", map_labels_stack},
        {"map_labels_avoid", map_labels_avoid},
        {"map_labels_many", map_labels_many},
        {"map_escaping", map_escaping},
        {"map_whole", map_whole},
        {"map_over_the_cap", map_over_the_cap},
        {"map_bad_arguments", map_bad_arguments},
        {"chart_lines", chart_lines},
        {"chart_no_data", chart_no_data},
        {"chart_bars", chart_bars},
        {"chart_crowded_years", chart_crowded_years},
        {"chart_bad_input", chart_bad_input},
        {"chart_over_the_cap", chart_over_the_cap},
        {NULL, NULL}};
    int rc;

    xmlInitParser();
    rc = check_run(cases, argc, argv);
    xmlCleanupParser();
    return rc;
}
