/* rpt_report.c: the place summary pages and the index (see rpt_report.h).
 *
 * A page is built in one pass over the report document. Reading is done
 * with rd (rpt_read.h) through small wrappers that keep the first failure
 * in pg.rc, so that the layout code reads as a sequence of sections; once
 * anything has failed, nothing more is read or written and the caller's
 * buffer is restored. */
#include "rpt_report.h"

#include "rpt_doc.h"
#include "rpt_read.h"
#include "rpt_svg.h"
#include "rpt_text.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHAT    "report"
#define NKINDS  5
#define MAXYEAR 64 /* years a chart shows */

/* Fund kinds of the capital chart, in stacking order. */
static const char *const kinds[NKINDS] = {"s106", "cil", "grant", "partner",
                                          "icb"};
static const char *const kind_words[NKINDS] = {"S106", "CIL", "Grant",
                                               "Partner", "ICB capital"};

typedef struct pg {
    rpt_doc d;    /* HTML, over the caller's buffer */
    pc_status rc; /* the first failure */
    pc_error *err;
    rd root;
} pg;

/* --- reading, keeping the first failure ----------------------------------- */

static int live(pg *p, pc_status rc)
{
    if (rc != PC_OK && p->rc == PC_OK)
        p->rc = rc;
    return p->rc == PC_OK;
}

static const char *gstr(pg *p, rd *r, const char *key, int opt)
{
    const char *s = NULL;

    if (p->rc || !live(p, rd_str(r, key, opt, &s)))
        return NULL;
    return s;
}

/* NAN when absent (OPT) or after a failure. */
static double gnum(pg *p, rd *r, const char *key, int opt)
{
    double v = NAN;
    int has = 0;

    if (p->rc || !live(p, rd_num(r, key, opt, &v, &has)) || !has)
        return NAN;
    return v;
}

static int gbool(pg *p, rd *r, const char *key, int opt)
{
    int v = 0;

    if (p->rc || !live(p, rd_bool(r, key, opt, &v)))
        return 0;
    return v;
}

static const cJSON *garr(pg *p, rd *r, const char *key, int opt)
{
    const cJSON *a = NULL;

    if (p->rc || !live(p, rd_arr(r, key, opt, 0, &a)))
        return NULL;
    return a;
}

static const cJSON *gobj(pg *p, rd *r, const char *key, int opt)
{
    const cJSON *o = NULL;

    if (p->rc || !live(p, rd_obj(r, key, opt, &o)))
        return NULL;
    return o;
}

/* A reader of element i of array key of r, which must be an object. */
static int gitem(pg *p, rd *sub, rd *r, const char *key, const cJSON *e, int i)
{
    if (p->rc)
        return 0;
    rd_sub(sub, r, e, key, i);
    if (!cJSON_IsObject(e)) {
        char k[80];

        snprintf(k, sizeof k, "%s[%d]", key, i);
        return live(p, rd_bad(r, k, "an object", e));
    }
    return 1;
}

/* --- writing: over the shared document writer (rpt_doc.h) ---------------- */

static void put(pg *p, const char *s)
{
    if (!p->rc) {
        rpt_doc_put(&p->d, s);
        live(p, p->d.rc);
    }
}

static void esc(pg *p, const char *s)
{
    if (!p->rc) {
        rpt_doc_txt(&p->d, s);
        live(p, p->d.rc);
    }
}

/* Our own markup with numbers already formatted; %s arguments must not
 * come from the document (use esc for those). */
static void putf(pg *p, const char *fmt, ...) PC_PRINTF(2, 3);
static void putf(pg *p, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        live(p, PC_FAIL(p->err, PC_ERR_INTERNAL, "report: markup too long"));
    else
        put(p, buf);
}

static char *ring(pg *p)
{
    return rpt_doc_ring(&p->d);
}

/* NAN is written as an en dash: not known or not applicable. */
static const char *fnum(pg *p, double v, int prec)
{
    char *s = ring(p);

    if (isnan(v))
        return "\xe2\x80\x93";
    rpt_fmt_num(s, 96, v, prec);
    return s;
}

static const char *fgbp(pg *p, double v)
{
    char *s = ring(p);

    if (isnan(v))
        return "\xe2\x80\x93";
    rpt_fmt_gbp(s, 96, v, 0);
    return s;
}

/* Money in millions for headlines: "£12.3M"; under £1M as pounds. */
static const char *fgbp_m(pg *p, double v)
{
    char *s = ring(p), t[64];

    if (isnan(v))
        return "\xe2\x80\x93";
    if (fabs(v) < 1e6)
        return fgbp(p, v);
    rpt_fmt_trim(t, sizeof t, v / 1e6, 1);
    snprintf(s, 96, "%s\xc2\xa3%sM", v < 0 ? "-" : "", t + (v < 0));
    return s;
}

/* A year: no thousands separator. */
static const char *fyear(pg *p, double v)
{
    char *s = ring(p);

    if (isnan(v))
        return "\xe2\x80\x93";
    snprintf(s, 96, "%.0f", v);
    return s;
}

static const char *fsigned(pg *p, double v, int prec)
{
    char *s = ring(p), t[64];

    if (isnan(v))
        return "\xe2\x80\x93";
    rpt_fmt_num(t, sizeof t, v, prec);
    snprintf(s, 96, "%s%s", v > 0 ? "+" : "", t);
    return s;
}

static void td_text(pg *p, const char *s)
{
    put(p, "<td>");
    esc(p, s ? s : "\xe2\x80\x93");
    put(p, "</td>");
}

static void td_num(pg *p, const char *s)
{
    put(p, "<td class=\"n\">");
    esc(p, s);
    put(p, "</td>");
}

static void table_head(pg *p, const char *cls, const char *const *heads,
                       const char *align)
{
    putf(p, "<table class=\"%s\"><thead><tr>", cls);
    for (size_t i = 0; heads[i]; i++) {
        put(p, align[i] == 'r' ? "<th class=\"n\">" : "<th>");
        esc(p, heads[i]);
        put(p, "</th>");
    }
    put(p, "</tr></thead><tbody>");
}

/* --- page frame -------------------------------------------------------------
 */

static const char css[] =
    ":root{--ink:#1d2733;--muted:#5b6773;--line:#d5dbe1;--bg:#f6f8fa;"
    "--accent:#005eb8}"
    "*{box-sizing:border-box}"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
    "'Helvetica Neue',Arial,sans-serif;color:var(--ink);margin:0 auto;"
    "max-width:1100px;padding:24px}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;"
    "border-bottom:2px solid var(--accent);padding-bottom:3px}"
    "h3{font-size:15px;margin:16px 0 6px}"
    ".sub{color:var(--muted);margin:0 0 8px}"
    ".flag{background:#fff4ce;border-left:4px solid #e8a300;padding:6px 10px;"
    "margin:8px 0}"
    ".err{background:#fde2e1;border-left:4px solid #c62828;padding:6px 10px}"
    ".kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,"
    "1fr));gap:8px;margin:0;padding:0}"
    ".kpis div{background:var(--bg);border:1px solid var(--line);"
    "border-radius:4px;padding:8px}"
    ".kpis dt{color:var(--muted);font-size:12px}"
    ".kpis dd{margin:0;font-size:20px;font-weight:600}"
    ".kpis dd small{font-size:12px;font-weight:400;color:var(--muted)}"
    "table{border-collapse:collapse;width:100%;font-size:12.5px;"
    "margin:6px 0 12px}"
    "th,td{border-bottom:1px solid var(--line);padding:3px 6px;"
    "text-align:left;vertical-align:top}"
    "th{background:var(--bg);font-weight:600}"
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:"
    "nowrap}"
    "tr.risk td{background:#fde2e1}tr.off td{color:var(--muted)}"
    "figure{margin:8px 0 16px}figcaption{color:var(--muted);font-size:12px}"
    ".charts{display:grid;grid-template-columns:1fr 1fr;gap:12px}"
    "svg{max-width:100%;height:auto;background:#fff}"
    "svg text{font-family:inherit;fill:var(--ink)}"
    /* map */
    ".place{fill:none;stroke:#1d2733;stroke-width:2}"
    ".lad{fill:#f3f5f2;stroke:#8a969f;stroke-width:1;stroke-dasharray:4 3}"
    ".site-area{fill:#f0a500;fill-opacity:.18;stroke:#b07400;"
    "stroke-width:.6}"
    ".s106-secured{fill:#1b7f3b}.s106-approved{fill:#63a83a}"
    ".s106-requested{fill:#e8a300}.s106-land_only{fill:#7b5ea7}"
    ".s106-limited{fill:#b3541e}.s106-none{fill:#c62828}"
    ".s106-unknown{fill:#8a969f}"
    "circle.s106{fill-opacity:.75;stroke:#fff;stroke-width:1}"
    ".cap-spare{fill:#2e7dbf}.cap-near{fill:#f08c00}.cap-short{fill:#c62828}"
    "rect.cap{stroke:#fff;stroke-width:.8}"
    ".lbl{font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px;"
    "stroke-linejoin:round}"
    ".lbl-prem{font-size:11px;font-style:italic;paint-order:stroke;"
    "stroke:#fff;stroke-width:3px}"
    /* charts */
    ".grid{stroke:#e3e7eb;stroke-width:1}.axis{stroke:#5b6773}"
    ".tick{font-size:11px;fill:#5b6773}"
    ".trend{stroke:#8a969f;fill:#8a969f}.housing{stroke:#e8a300;"
    "fill:#e8a300}.counted{stroke:#005eb8;fill:#005eb8}"
    ".growth{stroke:#005eb8;fill:#005eb8}.gap{stroke:#c62828;fill:#c62828}"
    ".gap-band{fill:#c62828;fill-opacity:.15;stroke:none}"
    "path.trend,path.housing,path.counted,path.growth,path.gap{fill:none;"
    "stroke-width:2}"
    ".k-s106{fill:#1b7f3b}.k-cil{fill:#63a83a}.k-grant{fill:#7b5ea7}"
    ".k-partner{fill:#00a0a0}.k-icb{fill:#005eb8}"
    "footer{color:var(--muted);font-size:12px;margin-top:28px;"
    "border-top:1px solid var(--line);padding-top:8px}"
    "@media print{@page{size:A4;margin:14mm}"
    "body{max-width:none;padding:0;font-size:10.5px}"
    "h1{font-size:20px}h2{font-size:14px;margin-top:14px;"
    "break-after:avoid}"
    "table{font-size:9.5px}thead{display:table-header-group}"
    "tr,figure,.kpis div{break-inside:avoid}"
    "section.map{break-before:page}"
    ".charts{grid-template-columns:1fr 1fr}"
    "a{color:inherit;text-decoration:none}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

static void page_begin(pg *p, const char *title)
{
    put(p, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
           "lang=\"en-GB\" xml:lang=\"en-GB\">\n<head>\n<meta "
           "charset=\"utf-8\"/>\n"
           /* the page may load nothing: styles and SVG are inline */
           "<meta http-equiv=\"Content-Security-Policy\" "
           "content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\"/>\n<meta name=\"generator\" content=\"pcplan\"/>"
           "\n<title>");
    esc(p, title);
    put(p, "</title>\n<style>");
    put(p, css);
    put(p, "</style>\n</head>\n<body>\n");
}

/* The run's settings line and the illustrative flag, shared by pages. */
static void page_context(pg *p, const cJSON *run)
{
    rd r, ill;
    const cJSON *o;
    const char *scen = gstr(p, &p->root, "scenario", OPT);
    const char *preset = gstr(p, &p->root, "preset", OPT);
    double base, years;
    int any = 0;

    rd_sub(&r, &p->root, run, "run", -1);
    base = gnum(p, &r, "base_year", REQ);
    years = gnum(p, &r, "years", REQ);
    put(p, "<p class=\"sub\">Scenario <b>");
    esc(p, scen ? scen : "(none)");
    put(p, "</b>, preset <b>");
    esc(p, preset ? preset : "(none)");
    put(p, "</b>, room-demand method <b>");
    esc(p, gstr(p, &r, "method", REQ));
    put(p, "</b>, growth <b>");
    esc(p, gstr(p, &r, "growth", REQ));
    put(p, "</b>, allocation <b>");
    esc(p, gstr(p, &r, "allocation", REQ));
    putf(p, "</b>; base year %s, horizon %s; run ", fyear(p, base),
         fyear(p, base + years));
    esc(p, gstr(p, &r, "run_id", REQ));
    put(p, ".</p>\n");
    if (!(o = gobj(p, &r, "illustrative", REQ)))
        return;
    rd_sub(&ill, &r, o, "illustrative", -1);
    put(p, "<p class=\"flag\"><b>Illustrative values.</b> ");
    for (int k = 0; k < 3 && !p->rc; k++) {
        static const char *const keys[] = {"premises", "sites", "schemes"};
        static const char *const words[] = {
            "premises have illustrative room counts",
            "counted sites have illustrative trajectories",
            "schemes have illustrative rooms or years"};
        const cJSON *c = gobj(p, &ill, keys[k], REQ);
        rd cr;
        double n, of;

        rd_sub(&cr, &ill, c, keys[k], -1);
        n = c ? gnum(p, &cr, "illustrative", REQ) : 0;
        of = c ? gnum(p, &cr, "of", REQ) : 0;
        if (n > 0) {
            putf(p, "%s%s of %s %s", any ? "; " : "", fnum(p, n, 0),
                 fnum(p, of, 0), words[k]);
            any = 1;
        }
    }
    if (!any)
        put(p, "none of the figures here rest on values marked illustrative");
    put(p, ". Figures resting on them show the method, not the estate; they "
           "are marked in the tables below.</p>\n");
}

/* --- geometry helpers
 * --------------------------------------------------------- */

static void bbox_walk(const cJSON *c, double b[4])
{
    if (cJSON_IsArray(c) && cJSON_GetArraySize(c) >= 2 &&
        cJSON_IsNumber(cJSON_GetArrayItem(c, 0))) {
        double x = cJSON_GetArrayItem(c, 0)->valuedouble;
        double y = cJSON_GetArrayItem(c, 1)->valuedouble;

        b[0] = fmin(b[0], x);
        b[1] = fmin(b[1], y);
        b[2] = fmax(b[2], x);
        b[3] = fmax(b[3], y);
        return;
    }
    for (const cJSON *e = c ? c->child : NULL; e; e = e->next)
        bbox_walk(e, b);
}

/* The box of a GeoJSON geometry; 0 when it has no coordinates. */
static int geom_bbox(const cJSON *g, double b[4])
{
    b[0] = b[1] = INFINITY;
    b[2] = b[3] = -INFINITY;
    bbox_walk(cJSON_GetObjectItemCaseSensitive(g, "coordinates"), b);
    return b[0] <= b[2];
}

static int same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* --- the map ----------------------------------------------------------------
 */

static const char *const positions[] = {"secured",   "approved", "requested",
                                        "land_only", "limited",  "none",
                                        "unknown"};
static const char *const position_words[] = {
    "S106 secured", "S106 approved", "S106 requested", "land only",
    "limited",      "none sought",   "not known"};

static double site_r(double dwellings, double max)
{
    return 3 + 9 * sqrt(dwellings / (max > 0 ? max : 1));
}

static double prem_r(double rooms, double max)
{
    return 2.5 + 5 * sqrt(rooms / (max > 0 ? max : 1));
}

static void write_map(pg *p, const char *place, const cJSON *pl_geom)
{
    rd r;
    const cJSON *lads = garr(p, &p->root, "lads", REQ);
    const cJSON *sites = garr(p, &p->root, "sites", REQ);
    const cJSON *prem = garr(p, &p->root, "premises", REQ);
    const cJSON *e;
    rpt_map m = {0};
    double b[4], pad, max_dw = 0, max_rooms = 0;
    int i, shown = 0, tried = 0, used[7] = {0}, caps[3] = {0};
    char title[256], pcls[7][32];
    rpt_legend_item items[16];
    size_t ni = 0;

    if (p->rc || !geom_bbox(pl_geom, b))
        return;
    pad = 0.03 * fmax(b[2] - b[0], b[3] - b[1]);
    b[0] -= pad;
    b[1] -= pad;
    b[2] += pad;
    b[3] += pad;
    /* sizes are scaled to the largest in the system, so places compare */
    cJSON_ArrayForEach(e, sites) max_dw =
        fmax(max_dw, cJSON_GetNumberValue(cJSON_GetObjectItem(e, "dwellings")));
    cJSON_ArrayForEach(e, prem) max_rooms =
        fmax(max_rooms, cJSON_GetNumberValue(cJSON_GetObjectItem(e, "rooms")));
    snprintf(title, sizeof title, "Map of %s", place);
    put(p, "<section class=\"map\" id=\"map\"><h2>Map</h2>\n<figure>");
    live(p, rpt_map_begin(&m, p->d.out, b, 1000, 760, 8, title));
    i = 0;
    cJSON_ArrayForEach(e, lads)
    {
        if (gitem(p, &r, &p->root, "lads", e, i++) &&
            same(gstr(p, &r, "place", REQ), place))
            live(p, rpt_map_geometry(&m, gobj(p, &r, "geometry", REQ), "lad",
                                     gstr(p, &r, "name", REQ)));
    }
    live(p, rpt_map_geometry(&m, pl_geom, "place", place));
    i = 0;
    cJSON_ArrayForEach(e, sites)
    {
        const cJSON *g;

        if (gitem(p, &r, &p->root, "sites", e, i++) &&
            same(gstr(p, &r, "place", OPT), place) &&
            (g = gobj(p, &r, "geometry", REQ)))
            live(p, rpt_map_geometry(&m, g, "site-area", NULL));
    }
    /* premises under sites: sites are fewer and larger */
    i = 0;
    cJSON_ArrayForEach(e, prem)
    {
        char cls[48], tip[512];
        const char *cap;
        double rooms;

        if (!gitem(p, &r, &p->root, "premises", e, i++) ||
            !same(gstr(p, &r, "place", OPT), place))
            continue;
        cap = gstr(p, &r, "capacity", REQ);
        rooms = gnum(p, &r, "rooms", REQ);
        if (p->rc)
            break;
        caps[same(cap, "spare") ? 0 : same(cap, "near") ? 1 : 2]++;
        snprintf(cls, sizeof cls, "cap cap-%s", cap);
        snprintf(tip, sizeof tip, "%s: %s rooms, %s needed now (%s)",
                 gstr(p, &r, "name", REQ), fnum(p, rooms, 0),
                 fnum(p, gnum(p, &r, "required_rooms", REQ), 1), cap);
        live(p, rpt_map_square(&m, gnum(p, &r, "e", REQ), gnum(p, &r, "n", REQ),
                               prem_r(rooms, max_rooms), cls, tip));
    }
    i = 0;
    cJSON_ArrayForEach(e, sites)
    {
        char cls[48], tip[512];
        const char *pos;
        double dw;
        int k;

        if (!gitem(p, &r, &p->root, "sites", e, i++) ||
            !same(gstr(p, &r, "place", OPT), place))
            continue;
        pos = gstr(p, &r, "s106_position", OPT);
        pos = pos ? pos : "unknown";
        for (k = 0; k < 6 && strcmp(pos, positions[k]); k++)
            ;
        used[k]++;
        dw = gnum(p, &r, "dwellings", REQ);
        snprintf(cls, sizeof cls, "s106 s106-%s", positions[k]);
        snprintf(tip, sizeof tip, "%s: %s homes, %s", gstr(p, &r, "name", REQ),
                 fnum(p, dw, 0), position_words[k]);
        live(p, rpt_map_circle(&m, gnum(p, &r, "e", REQ), gnum(p, &r, "n", REQ),
                               site_r(dw, max_dw), cls, tip));
    }
    /* the legend, scale bar, north arrow and attribution take their room
     * before the labels, which then go where there is space */
    for (int k = 0; k < 7; k++)
        if (used[k]) {
            snprintf(pcls[k], sizeof pcls[k], "s106 s106-%s", positions[k]);
            items[ni++] = (rpt_legend_item){'c', pcls[k], 5, position_words[k]};
        }
    {
        static const char *const cw[] = {"spare rooms", "near capacity",
                                         "short of rooms"};
        static const char *const cc[] = {"cap cap-spare", "cap cap-near",
                                         "cap cap-short"};

        for (int k = 0; k < 3; k++)
            if (caps[k])
                items[ni++] = (rpt_legend_item){'s', cc[k], 4, cw[k]};
    }
    items[ni++] = (rpt_legend_item){'a', "lad", 5, "local authority"};
    live(p, rpt_map_legend(&m,
                           "Sites (size: homes) and premises (size: "
                           "rooms)",
                           items, ni));
    live(p, rpt_map_scalebar(&m));
    live(p, rpt_map_north(&m));
    live(p, rpt_map_attribution(&m, "Boundaries: ONS; locations: OS "
                                    "Code-Point Open. Crown copyright, OGL "
                                    "v3.0; see Sources."));
    /* labels: sites, largest first, then premises short of rooms */
    for (int pass = 0; pass < 2 && !p->rc; pass++) {
        const cJSON *arr = pass ? prem : sites;
        const char *key = pass ? "premises" : "sites";
        size_t n = (size_t)cJSON_GetArraySize(arr), *ord;

        if (!(ord = malloc((n + 1) * sizeof *ord))) {
            live(p, PC_FAIL(p->err, PC_ERR_NOMEM, "out of memory"));
            break;
        }
        for (size_t k = 0; k < n; k++)
            ord[k] = k;
        /* insertion sort by size, descending; ties keep data order */
        for (size_t k = 1; k < n; k++) {
            size_t v = ord[k], j = k;
            double sv = cJSON_GetNumberValue(cJSON_GetObjectItem(
                cJSON_GetArrayItem(arr, (int)v), pass ? "rooms" : "dwellings"));

            while (j > 0 && cJSON_GetNumberValue(cJSON_GetObjectItem(
                                cJSON_GetArrayItem(arr, (int)ord[j - 1]),
                                pass ? "rooms" : "dwellings")) < sv) {
                ord[j] = ord[j - 1];
                j--;
            }
            ord[j] = v;
        }
        for (size_t k = 0; k < n && !p->rc; k++) {
            const cJSON *it = cJSON_GetArrayItem(arr, (int)ord[k]);
            double size, rr;
            int placed = 0;

            if (!gitem(p, &r, &p->root, key, it, (int)ord[k]) ||
                !same(gstr(p, &r, "place", OPT), place))
                continue;
            if (pass && !same(gstr(p, &r, "capacity", REQ), "short"))
                continue;
            size = gnum(p, &r, pass ? "rooms" : "dwellings", REQ);
            rr = pass ? prem_r(size, max_rooms) : site_r(size, max_dw);
            tried++;
            live(p,
                 rpt_map_label(&m, gnum(p, &r, "e", REQ), gnum(p, &r, "n", REQ),
                               rr, gstr(p, &r, "name", REQ),
                               pass ? "lbl-prem" : "lbl", &placed));
            shown += placed;
        }
        free(ord);
    }
    live(p, rpt_map_end(&m));
    rpt_map_free(&m);
    putf(p,
         "<figcaption>Housing growth sites (circles, sized by homes, "
         "coloured by S106 position) and GP premises (squares, sized by the "
         "rooms the run counts, coloured by capacity now). %s of %s labels "
         "shown; labels that would overlap are left out, and every site "
         "and scheme is in the tables below.</figcaption></figure>"
         "</section>\n",
         fnum(p, shown, 0), fnum(p, tried, 0));
}

/* --- charts ------------------------------------------------------------------
 */

/* The place's area in the run, or NULL. */
static const cJSON *run_place(pg *p, const cJSON *run, const char *place)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, cJSON_GetObjectItem(run, "places"))
    {
        if (same(cJSON_GetStringValue(cJSON_GetObjectItem(e, "name")), place))
            return e;
    }
    live(p, PC_FAIL(p->err, PC_ERR_INPUT,
                    "report: key \"run.places\": no place named \"%.80s\"",
                    place));
    return NULL;
}

/* Reads the run's years of area a into x and the arrays; returns n. */
static size_t area_years(pg *p, const cJSON *a, const char *path, int *x,
                         double *patients, double *growth, double *gap,
                         double *lo, double *hi, int *mc)
{
    rd ar, yr;
    const cJSON *years, *e;
    size_t n = 0;

    rd_sub(&ar, &p->root, a, path, -1);
    years = garr(p, &ar, "years", REQ);
    *mc = 0;
    cJSON_ArrayForEach(e, years)
    {
        if (n >= MAXYEAR || !gitem(p, &yr, &ar, "years", e, (int)n))
            break;
        x[n] = (int)gnum(p, &yr, "year", REQ);
        patients[n] = gnum(p, &yr, "patients", REQ);
        growth[n] = gnum(p, &yr, "growth_rooms", REQ);
        gap[n] = gnum(p, &yr, "gap", REQ);
        lo[n] = gnum(p, &yr, "gap_p10", OPT);
        hi[n] = gnum(p, &yr, "gap_p90", OPT);
        *mc |= !isnan(lo[n]) && !isnan(hi[n]);
        n++;
    }
    return n;
}

static void write_charts(pg *p, const cJSON *run, const cJSON *area,
                         const char *place)
{
    int x[MAXYEAR], mc = 0;
    double pat[MAXYEAR], growth[MAXYEAR], gap[MAXYEAR], lo[MAXYEAR],
        hi[MAXYEAR], trend[MAXYEAR], housing[MAXYEAR], spend[NKINDS][MAXYEAR];
    size_t n =
        area_years(p, area, "run.places[]", x, pat, growth, gap, lo, hi, &mc);
    const cJSON *e, *prog;
    rd r, yr;
    int i = 0;

    if (p->rc || n == 0)
        return;
    /* trend and housing-led patients: the base list plus the growth of
     * each kind in the place's LADs (run.lads) */
    for (size_t t = 0; t < n; t++)
        trend[t] = housing[t] = pat[0];
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(run, "lads"))
    {
        const cJSON *ye;
        size_t t = 0;

        if (!gitem(p, &r, &p->root, "run.lads", e, i++) ||
            !same(gstr(p, &r, "place", REQ), place))
            continue;
        cJSON_ArrayForEach(ye, garr(p, &r, "years", REQ))
        {
            if (t >= n || !gitem(p, &yr, &r, "years", ye, (int)t))
                break;
            trend[t] += gnum(p, &yr, "trend", REQ);
            housing[t] += gnum(p, &yr, "housing", REQ);
            t++;
        }
    }
    put(p, "<section id=\"trends\"><h2>Patients, rooms and money by "
           "year</h2>\n<div class=\"charts\">");
    {
        rpt_series s[3] = {
            {"trend (ONS projection)", "trend", trend, NULL, NULL, 1},
            {"housing-led", "housing", housing, NULL, NULL, 1},
            {"projected (counted)", "counted", pat, NULL, NULL, 0}};
        rpt_chart c = {
            "Registered patients by year", "patients", x, n, 520, 300, 0, 0, 1};

        put(p, "<figure id=\"fig-patients\">");
        live(p, rpt_chart_lines(p->d.out, &c, s, 3));
        put(p, "<figcaption>Registered patients at the start of each year: "
               "the list grown by the ONS trend, by the homes built, and "
               "the projection the run counts (growth rule ");
        esc(p, cJSON_GetStringValue(cJSON_GetObjectItem(run, "growth")));
        put(p, ").</figcaption></figure>");
    }
    {
        rpt_series s[2] = {{"growth rooms", "growth", growth, NULL, NULL, 0},
                           {mc ? "gap (10th\xe2\x80\x93"
                                 "90th percentile band)"
                               : "gap",
                            "gap", gap, mc ? lo : NULL, mc ? hi : NULL, 0}};
        rpt_chart c = {"Growth rooms and the gap by year",
                       "rooms",
                       x,
                       n,
                       520,
                       300,
                       1,
                       1,
                       1};

        put(p, "<figure id=\"fig-rooms\">");
        live(p, rpt_chart_lines(p->d.out, &c, s, 2));
        put(p, "<figcaption>Growth rooms: the rooms the new patients need "
               "(the strategy's measure). Gap: rooms needed by the whole "
               "list minus rooms in use; below zero is spare.");
        put(p, mc ? " The band spans the 10th to 90th percentile of the "
                    "Monte Carlo draws over delivery."
                  : " Run with --draws N for a delivery band.");
        put(p, "</figcaption></figure>");
    }
    /* capital spend on the place's schemes by fund kind and year */
    prog = cJSON_GetObjectItem(p->root.obj, "programme");
    for (int k = 0; k < NKINDS; k++)
        for (size_t t = 0; t < n; t++)
            spend[k][t] = 0;
    put(p, "<figure id=\"fig-capital\">");
    if (cJSON_IsObject(prog)) {
        rd pr, op, sc, f;
        const cJSON *se, *fe;
        rpt_series s[NKINDS];
        char kcls[NKINDS][16];
        rpt_chart c = {"Capital spend by fund and year",
                       "\xc2\xa3M",
                       x,
                       n,
                       520,
                       300,
                       1,
                       1,
                       0};

        rd_sub(&pr, &p->root, prog, "programme", -1);
        rd_sub(&op, &pr, gobj(p, &pr, "optimal", REQ), "optimal", -1);
        i = 0;
        cJSON_ArrayForEach(se, garr(p, &op, "schemes", REQ))
        {
            int j = 0;

            if (!gitem(p, &sc, &op, "schemes", se, i++) ||
                !same(gstr(p, &sc, "place", REQ), place))
                continue;
            cJSON_ArrayForEach(fe, garr(p, &sc, "funding", REQ))
            {
                const char *kind;
                double y, gbp;
                int k;

                if (!gitem(p, &f, &sc, "funding", fe, j++))
                    break;
                kind = gstr(p, &f, "kind", REQ);
                y = gnum(p, &f, "year", REQ);
                gbp = gnum(p, &f, "gbp", REQ);
                for (k = 0; k < NKINDS && !same(kind, kinds[k]); k++)
                    ;
                for (size_t t = 0; k < NKINDS && t < n; t++)
                    if (x[t] == (int)y)
                        spend[k][t] += gbp / 1e6;
            }
        }
        for (int k = 0; k < NKINDS; k++) {
            snprintf(kcls[k], sizeof kcls[k], "k-%s", kinds[k]);
            s[k] =
                (rpt_series){kind_words[k], kcls[k], spend[k], NULL, NULL, 0};
        }
        c.y_prec = 1;
        live(p, rpt_chart_bars(p->d.out, &c, s, NKINDS));
        put(p, "<figcaption>Capital paid into the place's schemes in the "
               "optimal programme, by fund kind and year (\xc2\xa3 million, "
               "today's prices; S106 and CIL as received).</figcaption>");
    } else {
        put(p, "<p class=\"err\">No capital programme: ");
        esc(p, gstr(p, &p->root, "programme_error", OPT));
        put(p, "</p>");
    }
    put(p, "</figure></div></section>\n");
}

/* Readers of the first and last year of area ar; 0 when it has none. */
static int first_last(pg *p, rd *ar, rd *y0, rd *yh)
{
    const cJSON *years = garr(p, ar, "years", REQ);
    int ny = cJSON_GetArraySize(years);

    if (p->rc || ny < 1)
        return 0;
    rd_sub(y0, ar, cJSON_GetArrayItem(years, 0), "years", 0);
    rd_sub(yh, ar, cJSON_GetArrayItem(years, ny - 1), "years", ny - 1);
    return 1;
}

/* --- headline figures
 * ---------------------------------------------------------- */

static void kpi(pg *p, const char *label, const char *value, const char *note)
{
    put(p, "<div><dt>");
    esc(p, label);
    put(p, "</dt><dd>");
    esc(p, value);
    if (note) {
        put(p, " <small>");
        esc(p, note);
        put(p, "</small>");
    }
    put(p, "</dd></div>");
}

/* Sums of the place's contributions: indexed amounts secured and not,
 * received, at risk. */
typedef struct money {
    double secured, requested, received, unspent, at_risk;
} money;

static money place_money(pg *p, const char *place)
{
    money m = {0, 0, 0, 0, 0};
    const cJSON *c = gobj(p, &p->root, "contributions", REQ), *e;
    rd cr, it;
    int i = 0;

    rd_sub(&cr, &p->root, c, "contributions", -1);
    cJSON_ArrayForEach(e, garr(p, &cr, "contributions", REQ))
    {
        double amt;

        if (!gitem(p, &it, &cr, "contributions", e, i++) ||
            !same(gstr(p, &it, "place", OPT), place))
            continue;
        amt = gnum(p, &it, "amount_indexed_gbp", REQ);
        if (gbool(p, &it, "secured", REQ))
            m.secured += amt;
        else
            m.requested += amt;
        m.received += gnum(p, &it, "received_gbp", REQ);
        m.unspent += gnum(p, &it, "unspent_gbp", REQ);
        m.at_risk += gnum(p, &it, "at_risk_gbp", REQ);
    }
    return m;
}

/* The optimal programme's schemes in the place: count and cost. */
static void place_capital(pg *p, const char *place, double *n, double *gbp)
{
    const cJSON *prog = cJSON_GetObjectItem(p->root.obj, "programme"), *e;
    rd pr, op, sc;
    int i = 0;

    *n = *gbp = 0;
    if (!cJSON_IsObject(prog)) {
        *n = *gbp = NAN;
        return;
    }
    rd_sub(&pr, &p->root, prog, "programme", -1);
    rd_sub(&op, &pr, gobj(p, &pr, "optimal", REQ), "optimal", -1);
    cJSON_ArrayForEach(e, garr(p, &op, "schemes", REQ))
    {
        if (gitem(p, &sc, &op, "schemes", e, i++) &&
            same(gstr(p, &sc, "place", REQ), place)) {
            *n += 1;
            *gbp += gnum(p, &sc, "cost_gbp", REQ);
        }
    }
}

static void write_headline(pg *p, rd *pl, const cJSON *area)
{
    const char *place = gstr(p, pl, "name", REQ);
    rd ar, y0, yh;
    money m = place_money(p, place);
    double ncap, capital, rooms_now;
    char note[96];

    rd_sub(&ar, &p->root, area, "run.places[]", -1);
    if (!first_last(p, &ar, &y0, &yh))
        return;
    place_capital(p, place, &ncap, &capital);
    rooms_now = gnum(p, &y0, "rooms", REQ);
    put(p, "<section id=\"headline\"><h2>Headline figures</h2>\n<dl "
           "class=\"kpis\">");
    kpi(p, "Practices", fnum(p, gnum(p, pl, "practices", REQ), 0), NULL);
    kpi(p, "Primary care networks", fnum(p, gnum(p, pl, "pcns", REQ), 0), NULL);
    snprintf(note, sizeof note, "in %s", fyear(p, gnum(p, &y0, "year", REQ)));
    kpi(p, "Patients now", fnum(p, gnum(p, &y0, "patients", REQ), 0), note);
    snprintf(note, sizeof note, "in %s", fyear(p, gnum(p, &yh, "year", REQ)));
    kpi(p, "Patients at the horizon", fnum(p, gnum(p, &yh, "patients", REQ), 0),
        note);
    kpi(p, "Premises", fnum(p, gnum(p, pl, "premises", REQ), 0), NULL);
    kpi(p, "Rooms counted", fnum(p, rooms_now, 0), "now");
    kpi(p, "Growth rooms", fnum(p, gnum(p, &yh, "growth_rooms", REQ), 1),
        "needed by new patients at the horizon");
    kpi(p, "Gap now", fsigned(p, gnum(p, &y0, "gap", REQ), 1),
        "rooms; below 0 is spare");
    kpi(p, "Gap at the horizon", fsigned(p, gnum(p, &yh, "gap", REQ), 1),
        "rooms");
    snprintf(note, sizeof note, "%s in the horizon",
             fnum(p, gnum(p, pl, "homes_in_horizon", REQ), 0));
    kpi(p, "Homes planned", fnum(p, gnum(p, pl, "homes_planned", REQ), 0),
        note);
    kpi(p, "S106/CIL secured", fgbp_m(p, m.secured), "indexed");
    kpi(p, "S106/CIL requested", fgbp_m(p, m.requested), "indexed");
    snprintf(note, sizeof note, "%s unspent", fgbp_m(p, m.unspent));
    kpi(p, "S106/CIL received", fgbp_m(p, m.received), note);
    kpi(p, "Money at risk", fgbp_m(p, m.at_risk), "of repayment");
    snprintf(note, sizeof note, "%s schemes in the programme",
             fnum(p, ncap, 0));
    kpi(p, "Capital programme", fgbp_m(p, capital), note);
    put(p, "</dl></section>\n");
}

/* --- tables
 * -------------------------------------------------------------------- */

static void write_sites(pg *p, const char *place)
{
    static const char *const heads[] = {
        "Site",       "LAD",  "Planning", "Homes", "Trajectory",
        "In horizon", "S106", "Ask",      "Rooms", NULL};
    const cJSON *e;
    rd r, tr;
    int i = 0, rows = 0;

    put(p, "<section id=\"sites\"><h2>Housing growth sites</h2>\n");
    table_head(p, "sites", heads, "lllrlrlrr");
    cJSON_ArrayForEach(e, garr(p, &p->root, "sites", REQ))
    {
        const cJSON *t, *h;
        const char *reason, *name;
        char traj[128] = "\xe2\x80\x93";

        if (!gitem(p, &r, &p->root, "sites", e, i++) ||
            !same(gstr(p, &r, "place", OPT), place))
            continue;
        if ((t = gobj(p, &r, "trajectory", OPT))) {
            double start, sum = 0;
            int nh = 0;

            rd_sub(&tr, &r, t, "trajectory", -1);
            start = gnum(p, &tr, "start", REQ);
            cJSON_ArrayForEach(h, garr(p, &tr, "homes", REQ))
            {
                sum += cJSON_GetNumberValue(h);
                nh++;
            }
            snprintf(traj, sizeof traj, "%s\xe2\x80\x93%s (%s homes)",
                     fyear(p, start), fyear(p, start + nh - 1),
                     fnum(p, sum, 0));
        }
        name = gstr(p, &r, "name", REQ);
        rows++;
        put(p, "<tr><td>");
        esc(p, name);
        if (gbool(p, &r, "illustrative", REQ))
            put(p, " <sup title=\"illustrative values\">i</sup>");
        put(p, "</td>");
        td_text(p, gstr(p, &r, "lad_code", REQ));
        td_text(p, gstr(p, &r, "planning_status", OPT));
        td_num(p, fnum(p, gnum(p, &r, "dwellings", REQ), 0));
        td_text(p, traj);
        td_num(p, fnum(p, gnum(p, &r, "homes_in_horizon", REQ), 0));
        td_text(p, gstr(p, &r, "s106_position", OPT));
        reason = gstr(p, &r, "no_ask_reason", OPT);
        put(p, "<td class=\"n\"");
        if (reason) {
            put(p, " title=\"");
            esc(p, reason);
            put(p, "\"");
        }
        put(p, ">");
        esc(p, reason ? "none" : fgbp(p, gnum(p, &r, "contribution_gbp", OPT)));
        put(p, "</td>");
        td_num(p, fnum(p, gnum(p, &r, "rooms_needed", OPT), 2));
        put(p, "</tr>\n");
    }
    put(p, "</tbody></table>");
    if (!rows)
        put(p, "<p>No housing growth sites in this place.</p>");
    put(p, "<p class=\"sub\">Ask: the health contribution pcplan's site "
           "assessment would seek now (hover for why none); rooms: rooms "
           "needed after the practices' spare rooms. <sup>i</sup> marks "
           "illustrative values.</p></section>\n");
}

/* The optimal programme's entry for a scheme id: start year and funding
 * routes in words, or why it was not chosen. */
static void scheme_plan(pg *p, const char *id, const char **start_year,
                        const char **why, char *funding, size_t nf)
{
    const cJSON *prog = cJSON_GetObjectItem(p->root.obj, "programme"), *e, *o;
    rd pr, op, sc;
    int i = 0;

    *start_year = NULL;
    *why = NULL;
    funding[0] = 0;
    if (!cJSON_IsObject(prog))
        return;
    rd_sub(&pr, &p->root, prog, "programme", -1);
    o = gobj(p, &pr, "optimal", REQ);
    rd_sub(&op, &pr, o, "optimal", -1);
    cJSON_ArrayForEach(e, garr(p, &op, "schemes", REQ))
    {
        const cJSON *fe;
        double by[NKINDS] = {0};
        int j = 0;
        size_t len = 0;

        if (!gitem(p, &sc, &op, "schemes", e, i++) ||
            !same(gstr(p, &sc, "scheme_id", REQ), id))
            continue;
        *start_year = fyear(p, gnum(p, &sc, "start_year", REQ));
        cJSON_ArrayForEach(fe, garr(p, &sc, "funding", REQ))
        {
            rd f;
            const char *kind;
            int k;

            if (!gitem(p, &f, &sc, "funding", fe, j++))
                break;
            kind = gstr(p, &f, "kind", REQ);
            for (k = 0; k < NKINDS && !same(kind, kinds[k]); k++)
                ;
            if (k < NKINDS)
                by[k] += gnum(p, &f, "gbp", REQ);
        }
        for (int k = NKINDS - 1; k >= 0; k--)
            if (by[k] > 0 && len < nf)
                len += (size_t)snprintf(funding + len, nf - len, "%s%s %s",
                                        len ? ", " : "", kind_words[k],
                                        fgbp_m(p, by[k]));
        return;
    }
    i = 0;
    cJSON_ArrayForEach(e, garr(p, &op, "not_chosen", REQ))
    {
        if (gitem(p, &sc, &op, "not_chosen", e, i++) &&
            same(gstr(p, &sc, "scheme_id", REQ), id)) {
            *why = gstr(p, &sc, "why", OPT);
            return;
        }
    }
}

static void write_schemes(pg *p, const char *place)
{
    static const char *const heads[] = {
        "Scheme",          "Kind",      "Status",
        "Rooms",           "Cost",      "Funding routes",
        "Programme start", "Funded by", NULL};
    const cJSON *e;
    rd r;
    int i = 0, rows = 0;

    put(p, "<section id=\"schemes\"><h2>Schemes</h2>\n");
    table_head(p, "schemes", heads, "lllrrlrl");
    cJSON_ArrayForEach(e, garr(p, &p->root, "schemes", REQ))
    {
        const char *id, *start, *why;
        const cJSON *f, *fe;
        char funding[512], routes[256];
        size_t len = 0;

        if (!gitem(p, &r, &p->root, "schemes", e, i++) ||
            !same(gstr(p, &r, "place", REQ), place))
            continue;
        id = gstr(p, &r, "scheme_id", REQ);
        if (p->rc)
            break;
        scheme_plan(p, id, &start, &why, funding, sizeof funding);
        routes[0] = 0;
        f = garr(p, &r, "funding", REQ);
        cJSON_ArrayForEach(fe, f)
        {
            const char *s = cJSON_GetStringValue(fe);

            if (s && len < sizeof routes)
                len += (size_t)snprintf(routes + len, sizeof routes - len,
                                        "%s%s", len ? ", " : "", s);
        }
        rows++;
        put(p, start || !why ? "<tr>" : "<tr class=\"off\">");
        put(p, "<td>");
        esc(p, id);
        put(p, " ");
        esc(p, gstr(p, &r, "name", REQ));
        if (gbool(p, &r, "illustrative", REQ))
            put(p, " <sup title=\"illustrative values\">i</sup>");
        put(p, "</td>");
        td_text(p, gstr(p, &r, "kind", REQ));
        td_text(p, gstr(p, &r, "status", REQ));
        td_num(p, fnum(p, gnum(p, &r, "rooms", REQ), 0));
        td_num(p, fgbp(p, gnum(p, &r, "cost_gbp", OPT)));
        td_text(p, routes[0] ? routes : NULL);
        td_num(p, start ? start : "\xe2\x80\x93");
        if (start)
            td_text(p, funding[0] ? funding : "no capital");
        else if (same(gstr(p, &r, "status", REQ), "delivered"))
            td_text(p, "delivered");
        else
            td_text(p, why ? why : "not in the programme");
        put(p, "</tr>\n");
    }
    put(p, "</tbody></table>");
    if (!rows)
        put(p, "<p>No schemes in this place.</p>");
    put(p, "<p class=\"sub\">Programme start and funding: the optimal "
           "capital programme of pcplan prioritise under this scenario; "
           "greyed rows are not in it, with the reason.</p></section>\n");
}

static void write_contributions(pg *p, const char *place)
{
    static const char *const heads[] = {
        "Agreement", "Site",    "Kind",     "Status",  "Indexed",
        "Received",  "Unspent", "Spend by", "At risk", NULL};
    const cJSON *c = gobj(p, &p->root, "contributions", REQ), *e;
    rd cr, r;
    int i = 0, rows = 0;

    rd_sub(&cr, &p->root, c, "contributions", -1);
    put(p, "<section id=\"contributions\"><h2>Developer "
           "contributions</h2>\n");
    table_head(p, "contributions", heads, "llllrrrlr");
    cJSON_ArrayForEach(e, garr(p, &cr, "contributions", REQ))
    {
        double risk, days;
        const char *by;
        char when[128];

        if (!gitem(p, &r, &cr, "contributions", e, i++) ||
            !same(gstr(p, &r, "place", OPT), place))
            continue;
        risk = gnum(p, &r, "at_risk_gbp", REQ);
        by = gstr(p, &r, "spend_by", OPT);
        days = gnum(p, &r, "days_left", OPT);
        if (by && rpt_fmt_date(when, sizeof when, by) == 0 && !isnan(days)) {
            size_t l = strlen(when);

            snprintf(when + l, sizeof when - l, " (%s days)", fnum(p, days, 0));
        } else if (!by) {
            snprintf(when, sizeof when, "\xe2\x80\x93");
        } else {
            snprintf(when, sizeof when, "%.60s", by);
        }
        rows++;
        put(p, risk > 0 ? "<tr class=\"risk\">" : "<tr>");
        put(p, "<td>");
        esc(p, gstr(p, &r, "contribution_id", REQ));
        if (gbool(p, &r, "illustrative", REQ))
            put(p, " <sup title=\"illustrative values\">i</sup>");
        put(p, "</td>");
        td_text(p, gstr(p, &r, "site_name", OPT));
        td_text(p, gstr(p, &r, "kind", REQ));
        td_text(p, gstr(p, &r, "status", REQ));
        td_num(p, fgbp(p, gnum(p, &r, "amount_indexed_gbp", REQ)));
        td_num(p, fgbp(p, gnum(p, &r, "received_gbp", REQ)));
        td_num(p, fgbp(p, gnum(p, &r, "unspent_gbp", REQ)));
        td_text(p, when);
        td_num(p, fgbp(p, risk));
        put(p, "</tr>\n");
    }
    put(p, "</tbody></table>");
    if (!rows)
        put(p, "<p>No S106 agreements or CIL awards in this place.</p>");
    put(p, "<p class=\"sub\">Amounts indexed to the ledger's date; at risk: "
           "unspent money whose spend-by date falls within the warning "
           "window (or has passed) with no committed scheme to spend it "
           "in time (rows shaded).</p></section>\n");
}

/* Assumptions of the run with their origin, then sources, then the
 * planner's warnings. */
static void write_sources(pg *p, const cJSON *run)
{
    static const char *const heads[] = {"Assumption", "Value", "Origin", NULL};
    const cJSON *e, *ds = gobj(p, &p->root, "dataset", REQ);
    rd r, a, d;
    int i = 0;

    rd_sub(&r, &p->root, run, "run", -1);
    rd_sub(&d, &p->root, ds, "dataset", -1);
    put(p, "<section id=\"sources\"><h2>Assumptions and sources</h2>\n");
    put(p, "<p>");
    esc(p, gstr(p, &r, "method_note", OPT));
    put(p, "</p>");
    table_head(p, "assumptions", heads, "lrl");
    cJSON_ArrayForEach(e, garr(p, &r, "assumptions", REQ))
    {
        char v[64];

        if (!gitem(p, &a, &r, "assumptions", e, i++))
            break;
        rpt_fmt_trim(v, sizeof v, gnum(p, &a, "value", REQ), 6);
        put(p, "<tr>");
        td_text(p, gstr(p, &a, "id", REQ));
        td_num(p, v);
        td_text(p, gstr(p, &a, "origin", REQ));
        put(p, "</tr>\n");
    }
    put(p, "</tbody></table><p class=\"sub\">Origin: default (the "
           "dataset's register), preset, scenario, or derived. Every "
           "assumption's source is in pcplan assumptions.</p>");
    put(p, "<h3>Sources and licences</h3><p>");
    esc(p, gstr(p, &d, "title", REQ));
    put(p, " (dataset ");
    esc(p, gstr(p, &d, "name", REQ));
    put(p, ", list sizes of ");
    esc(p, gstr(p, &r, "list_date", REQ));
    put(p, ", money as of ");
    esc(p, gstr(p, &d, "as_of", REQ));
    put(p, ").</p><ul>");
    cJSON_ArrayForEach(e, garr(p, &d, "attribution", REQ))
    {
        put(p, "<li>");
        esc(p, cJSON_GetStringValue(e));
        put(p, "</li>");
    }
    put(p, "</ul>");
    if (cJSON_GetArraySize(cJSON_GetObjectItem(run, "warnings")) > 0) {
        put(p, "<h3>Warnings</h3><ul>");
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(run, "warnings"))
        {
            put(p, "<li>");
            esc(p, cJSON_GetStringValue(e));
            put(p, "</li>");
        }
        put(p, "</ul>");
    }
    put(p, "</section>\n");
}

static void page_end(pg *p)
{
    const cJSON *run = cJSON_GetObjectItem(p->root.obj, "run");

    put(p, "<footer>Written by pcplan ");
    esc(p, gstr(p, &p->root, "pcplan_version", REQ));
    put(p, " from run ");
    esc(p, cJSON_GetStringValue(cJSON_GetObjectItem(run, "run_id")));
    put(p, " (input hash ");
    esc(p, cJSON_GetStringValue(cJSON_GetObjectItem(run, "input_hash")));
    put(p, "). Every figure can be traced with pcplan run, contributions, "
           "prioritise and site assess under the same scenario.</footer>\n"
           "</body>\n</html>\n");
}

/* --- entry points -----------------------------------------------------------
 */

void rpt_report_file(const char *place, char *out, size_t n)
{
    size_t k = 0;
    int dash = 0;

    for (const unsigned char *s = (const unsigned char *)place; *s; s++) {
        if (isalnum(*s) && *s < 0x80) {
            if (dash && k > 0 && k + 1 < n)
                out[k++] = '-';
            dash = 0;
            if (k + 1 < n)
                out[k++] = (char)tolower(*s);
        } else {
            dash = 1;
        }
    }
    if (k == 0 && n > 6)
        out[k++] = 'p', out[k++] = 'l', out[k++] = 'a', out[k++] = 'c',
        out[k++] = 'e';
    snprintf(out + k, n - k, ".html");
}

static pc_status begin(pg *p, const cJSON *doc, pc_buf *out, pc_error *err)
{
    const char *fmt;

    memset(p, 0, sizeof *p);
    rpt_doc_init(&p->d, RPT_HTML, out);
    p->err = err;
    p->root = rd_root(doc, WHAT, err);
    if (!cJSON_IsObject(doc)) {
        live(p, PC_FAIL(err, PC_ERR_INPUT, "report: expected a JSON object"));
        return p->rc;
    }
    fmt = gstr(p, &p->root, "format", REQ);
    if (p->rc == PC_OK && strcmp(fmt, "pcplan-report/1"))
        live(p, PC_FAIL(err, PC_ERR_INPUT,
                        "report: key \"format\": expected "
                        "\"pcplan-report/1\", got \"%.40s\"",
                        fmt));
    return p->rc;
}

static pc_status finish(pg *p, size_t len0)
{
    if (p->rc != PC_OK) {
        p->d.out->len = len0;
        if (p->d.out->data)
            p->d.out->data[len0] = 0;
    }
    return p->rc;
}

pc_status rpt_report_place(const cJSON *doc, const char *place, pc_buf *out,
                           pc_error *err)
{
    pg p;
    size_t len0 = out->len;
    const cJSON *places, *e, *run, *found = NULL, *area;
    rd pl;
    int i = 0;
    char title[512];

    if (begin(&p, doc, out, err) != PC_OK)
        return finish(&p, len0);
    places = garr(&p, &p.root, "places", REQ);
    cJSON_ArrayForEach(e, places)
    {
        if (gitem(&p, &pl, &p.root, "places", e, i++) &&
            same(gstr(&p, &pl, "name", REQ), place)) {
            found = e;
            break;
        }
    }
    if (!p.rc && !found) {
        pc_buf names = PC_BUF_INIT(4096);

        cJSON_ArrayForEach(e, places)
        {
            pc_buf_printf(&names, "%s\"%.60s\"", names.len ? ", " : "",
                          cJSON_GetStringValue(cJSON_GetObjectItem(e, "name")));
        }
        live(&p, PC_FAIL(err, PC_ERR_NOTFOUND,
                         "no place named \"%.80s\" (the places are %s)", place,
                         pc_buf_str(&names)));
        pc_buf_free(&names);
        return finish(&p, len0);
    }
    run = gobj(&p, &p.root, "run", REQ);
    area = run ? run_place(&p, run, place) : NULL;
    if (p.rc)
        return finish(&p, len0);
    snprintf(title, sizeof title, "%s: place summary", place);
    page_begin(&p, title);
    put(&p, "<header><h1>");
    esc(&p, place);
    put(&p, "</h1><p class=\"sub\">Place summary: GP premises capacity, "
            "housing growth and the money for it. ");
    esc(&p, cJSON_GetStringValue(cJSON_GetObjectItem(
                cJSON_GetObjectItem(doc, "dataset"), "title")));
    put(&p, ". <a href=\"index.html\">All places</a></p>\n");
    page_context(&p, run);
    put(&p, "</header>\n");
    write_headline(&p, &pl, area);
    write_map(&p, place, gobj(&p, &pl, "geometry", REQ));
    write_charts(&p, run, area, place);
    write_sites(&p, place);
    write_schemes(&p, place);
    write_contributions(&p, place);
    write_sources(&p, run);
    page_end(&p);
    return finish(&p, len0);
}

/* An index row's figures of one area, now and at the horizon. */
static void area_cells(pg *p, rd *y0, rd *yh)
{
    td_num(p, fnum(p, gnum(p, y0, "patients", REQ), 0));
    td_num(p, fnum(p, gnum(p, yh, "patients", REQ), 0));
    td_num(p, fnum(p, gnum(p, y0, "rooms", REQ), 0));
    td_num(p, fnum(p, gnum(p, yh, "growth_rooms", REQ), 1));
    td_num(p, fsigned(p, gnum(p, y0, "gap", REQ), 1));
    td_num(p, fsigned(p, gnum(p, yh, "gap", REQ), 1));
}

pc_status rpt_report_index(const cJSON *doc, const char *const *linked,
                           size_t n, pc_buf *out, pc_error *err)
{
    static const char *const heads[] = {"Place",
                                        "Practices",
                                        "Patients now",
                                        "Patients at horizon",
                                        "Rooms",
                                        "Growth rooms",
                                        "Gap now",
                                        "Gap at horizon",
                                        "Homes planned",
                                        "S106/CIL secured",
                                        NULL};
    pg p;
    size_t len0 = out->len;
    const cJSON *run, *e, *ds;
    rd pl, d, sys;
    int i = 0;
    const char *title;

    if (begin(&p, doc, out, err) != PC_OK)
        return finish(&p, len0);
    run = gobj(&p, &p.root, "run", REQ);
    ds = gobj(&p, &p.root, "dataset", REQ);
    rd_sub(&d, &p.root, ds, "dataset", -1);
    title = gstr(&p, &d, "title", REQ);
    if (p.rc)
        return finish(&p, len0);
    page_begin(&p, title);
    put(&p, "<header><h1>");
    esc(&p, title);
    put(&p, "</h1><p class=\"sub\">GP premises capacity by place: the "
            "system and a page for each place.</p>\n");
    page_context(&p, run);
    put(&p, "</header>\n<section id=\"places\"><h2>Places</h2>\n");
    table_head(&p, "places", heads, "lrrrrrrrrr");
    cJSON_ArrayForEach(e, garr(&p, &p.root, "places", REQ))
    {
        const char *name;
        const cJSON *area;
        rd ar, y0, yh;
        money m;
        int link = 0;

        if (!gitem(&p, &pl, &p.root, "places", e, i++))
            break;
        name = gstr(&p, &pl, "name", REQ);
        area = run_place(&p, run, name);
        if (p.rc)
            break;
        rd_sub(&ar, &p.root, area, "run.places[]", -1);
        if (!first_last(&p, &ar, &y0, &yh))
            break;
        m = place_money(&p, name);
        for (size_t k = 0; k < n; k++)
            link |= same(linked[k], name);
        put(&p, "<tr><td>");
        if (link) {
            char file[256];

            rpt_report_file(name, file, sizeof file);
            put(&p, "<a href=\"");
            esc(&p, file);
            put(&p, "\">");
        }
        esc(&p, name);
        put(&p, link ? "</a></td>" : "</td>");
        td_num(&p, fnum(&p, gnum(&p, &pl, "practices", REQ), 0));
        area_cells(&p, &y0, &yh);
        td_num(&p, fnum(&p, gnum(&p, &pl, "homes_planned", REQ), 0));
        td_num(&p, fgbp(&p, m.secured));
        put(&p, "</tr>\n");
    }
    /* the system row */
    if (!p.rc) {
        rd sr, y0, yh;

        rd_sub(&sys, &p.root, run, "run", -1);
        rd_sub(&sr, &sys, gobj(&p, &sys, "system", REQ), "system", -1);
        if (first_last(&p, &sr, &y0, &yh)) {
            put(&p, "<tr><td><b>System</b></td><td class=\"n\"></td>");
            area_cells(&p, &y0, &yh);
            put(&p, "<td class=\"n\"></td><td class=\"n\"></td></tr>\n");
        }
    }
    put(&p, "</tbody></table><p class=\"sub\">Rooms: the rooms the run's "
            "method counts; gap: rooms needed minus rooms in use (below 0 is "
            "spare); growth rooms: rooms the new patients need.</p>"
            "</section>\n");
    write_sources(&p, run);
    page_end(&p);
    return finish(&p, len0);
}
