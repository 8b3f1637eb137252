/* rpt_report.c: the place summary pages and the index (see rpt_report.h):
 * reading and writing for a page, the page frame, the headline figures
 * and the entry points. The map, the charts and the tables are in
 * rpt_report_map.c, rpt_report_charts.c and rpt_report_tables.c.
 *
 * A page is built in one pass over the report document. Reading is done
 * with pc_jr (rpt_read.h) through small wrappers that keep the first failure
 * in pg.rc, so that the layout code reads as a sequence of sections; once
 * anything has failed, nothing more is read or written and the caller's
 * buffer is restored. */
#include "rpt_report_int.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fileset.h"
#include "pc_fmt.h"
#include "pc_json.h"
#include "pc_text.h"
#include "rpt_files.h"
#include "rpt_svg.h"
#include "rpt_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fund kinds of the capital chart, in stacking order. */
const char *const rpt_report_kinds[NKINDS] = {"s106", "cil", "grant", "partner",
                                              "icb"};
const char *const rpt_report_kind_words[NKINDS] = {"S106", "CIL", "Grant",
                                                   "Partner", "ICB capital"};

/* --- reading, keeping the first failure ----------------------------------- */

int rpt_pg_live(pg *p, pc_status rc)
{
    if (rc != PC_OK && p->rc == PC_OK)
        p->rc = rc;
    return p->rc == PC_OK;
}

const char *rpt_pg_gstr(pg *p, pc_jr *r, const char *key, int opt)
{
    const char *s = NULL;

    if (p->rc || !rpt_pg_live(p, pc_jr_str(r, key, opt, &s)))
        return NULL;
    return s;
}

/* NAN when absent (PC_JR_OPT) or after a failure. */
double rpt_pg_gnum(pg *p, pc_jr *r, const char *key, int opt)
{
    double v = NAN;
    int has = 0;

    if (p->rc || !rpt_pg_live(p, pc_jr_num(r, key, opt, &v, &has)) || !has)
        return NAN;
    return v;
}

int rpt_pg_gbool(pg *p, pc_jr *r, const char *key, int opt)
{
    int v = 0;

    if (p->rc || !rpt_pg_live(p, pc_jr_bool(r, key, opt, &v)))
        return 0;
    return v;
}

const cJSON *rpt_pg_garr(pg *p, pc_jr *r, const char *key, int opt)
{
    const cJSON *a = NULL;

    if (p->rc || !rpt_pg_live(p, pc_jr_arr(r, key, opt, 0, &a)))
        return NULL;
    return a;
}

const cJSON *rpt_pg_gobj(pg *p, pc_jr *r, const char *key, int opt)
{
    const cJSON *o = NULL;

    if (p->rc || !rpt_pg_live(p, pc_jr_obj(r, key, opt, &o)))
        return NULL;
    return o;
}

/* A reader of element i of array key of r, which must be an object. */
int rpt_pg_gitem(pg *p, pc_jr *sub, pc_jr *r, const char *key, const cJSON *e,
                 int i)
{
    if (p->rc)
        return 0;
    return rpt_pg_live(p, pc_jr_elem(sub, r, key, i, e));
}

/* The place of element e when it is a plain string of valid UTF-8, else
 * NULL (such an element is read in full, and refused if it must be). */
static const char *plain_place(const cJSON *e)
{
    const cJSON *pl =
        cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "place") : NULL;
    if (!cJSON_IsString(pl) || !pl->valuestring ||
        !pc_utf8_valid(pl->valuestring))
        return NULL;
    return pl->valuestring;
}

/* plain_place() of element i of r's array key, which is e: read once for
 * the report (p->of) when it is root's sites or premises. */
static const char *place_of_item(const pg *p, const pc_jr *r, const char *key,
                                 const cJSON *e, int i)
{
    const cJSON **items = NULL;
    const char **pl = NULL;
    size_t n = 0;

    if (p->of && r == &p->root && i >= 0) {
        if (!strcmp(key, "sites"))
            items = p->of->site, pl = p->of->site_place, n = p->of->nsites;
        else if (!strcmp(key, "premises"))
            items = p->of->prem, pl = p->of->prem_place, n = p->of->nprem;
        if (items && (size_t)i < n && items[i] == e)
            return pl[i];
    }
    return plain_place(e);
}

int rpt_pg_gitem_in(pg *p, pc_jr *sub, pc_jr *r, const char *key,
                    const cJSON *e, int i, const char *place, int opt)
{
    const char *pl;

    /* an element of another place, plainly so, is passed over without a
     * reader: each place's page walks every place's sites and premises,
     * so this check runs places x rows times (England: 42 x 28,000) */
    if (place && !p->rc && (pl = place_of_item(p, r, key, e, i)) &&
        strcmp(pl, place))
        return 0;
    return rpt_pg_gitem(p, sub, r, key, e, i) &&
           (!place || rpt_pg_same(rpt_pg_gstr(p, sub, "place", opt), place));
}

pc_status rpt_places_of_read(const cJSON *doc, rpt_places_of *of, pc_error *err)
{
    const cJSON *sites = cJSON_GetObjectItemCaseSensitive(doc, "sites");
    const cJSON *prem = cJSON_GetObjectItemCaseSensitive(doc, "premises");
    size_t ns = cJSON_IsArray(sites) ? (size_t)cJSON_GetArraySize(sites) : 0;
    size_t np = cJSON_IsArray(prem) ? (size_t)cJSON_GetArraySize(prem) : 0;
    const cJSON *e;

    memset(of, 0, sizeof *of);
    of->site = calloc(ns + 1, sizeof *of->site);
    of->site_place = calloc(ns + 1, sizeof *of->site_place);
    of->site_cross = calloc(ns + 1, sizeof *of->site_cross);
    of->prem = calloc(np + 1, sizeof *of->prem);
    of->prem_place = calloc(np + 1, sizeof *of->prem_place);
    if (!of->site || !of->site_place || !of->site_cross || !of->prem ||
        !of->prem_place)
        return PC_NOMEM(err);
    for (e = ns ? sites->child : NULL; e && of->nsites < ns; e = e->next) {
        of->site[of->nsites] = e;
        rpt_cross_of(e, &of->site_cross[of->nsites]);
        of->site_place[of->nsites++] = plain_place(e);
    }
    for (e = np ? prem->child : NULL; e && of->nprem < np; e = e->next) {
        of->prem[of->nprem] = e;
        of->prem_place[of->nprem++] = plain_place(e);
    }
    return rpt_map_orders(doc, of, err);
}

void rpt_places_of_free(rpt_places_of *of)
{
    free(of->site);
    free(of->site_place);
    free(of->site_cross);
    free(of->prem);
    free(of->prem_place);
    free(of->site_order);
    free(of->prem_order);
    memset(of, 0, sizeof *of);
}

/* --- writing: over the shared document writer (rpt_doc.h) ---------------- */

void rpt_pg_put(pg *p, const char *s)
{
    if (!p->rc) {
        rpt_doc_put(&p->d, s);
        rpt_pg_live(p, p->d.rc);
    }
}

void rpt_pg_esc(pg *p, const char *s)
{
    if (!p->rc) {
        rpt_doc_txt(&p->d, s);
        rpt_pg_live(p, p->d.rc);
    }
}

/* Our own markup with numbers already formatted; %s arguments must not
 * come from the document (use esc for those). */
void rpt_pg_putf(pg *p, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        rpt_pg_live(
            p, PC_FAIL(p->err, PC_ERR_INTERNAL, "report: markup too long"));
    else
        rpt_pg_put(p, buf);
}

static char *ring(pg *p)
{
    return rpt_doc_ring(&p->d);
}

/* NAN is written as an en dash: not known or not applicable. */
const char *rpt_pg_fnum(pg *p, double v, int prec)
{
    char *s = ring(p);

    if (isnan(v))
        return "\xe2\x80\x93";
    pc_fmt_grouped(s, 96, v, prec);
    return s;
}

const char *rpt_pg_fgbp(pg *p, double v)
{
    char *s = ring(p);

    if (isnan(v))
        return "\xe2\x80\x93";
    pc_fmt_money(s, 96, v, "\xc2\xa3", 0);
    return s;
}

/* Money in millions for headlines: "£12.3M"; under £1M as pounds. */
const char *rpt_pg_fgbp_m(pg *p, double v)
{
    char *s = ring(p), t[64];

    if (isnan(v))
        return "\xe2\x80\x93";
    if (fabs(v) < 1e6)
        return rpt_pg_fgbp(p, v);
    pc_fmt_trim(t, sizeof t, v / 1e6, 1);
    snprintf(s, 96, "%s\xc2\xa3%sM", v < 0 ? "-" : "", t + (v < 0));
    return s;
}

/* A year: no thousands separator. */
const char *rpt_pg_fyear(pg *p, double v)
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
    pc_fmt_grouped(t, sizeof t, v, prec);
    snprintf(s, 96, "%s%s", v > 0 ? "+" : "", t);
    return s;
}

void rpt_pg_td_text(pg *p, const char *s)
{
    rpt_pg_put(p, "<td>");
    rpt_pg_esc(p, s ? s : "\xe2\x80\x93");
    rpt_pg_put(p, "</td>");
}

void rpt_pg_td_num(pg *p, const char *s)
{
    rpt_pg_put(p, "<td class=\"n\">");
    rpt_pg_esc(p, s);
    rpt_pg_put(p, "</td>");
}

void rpt_pg_table_head(pg *p, const char *cls, const char *const *heads,
                       const char *align)
{
    rpt_pg_putf(p, "<table class=\"%s\"><thead><tr>", cls);
    for (size_t i = 0; heads[i]; i++) {
        rpt_pg_put(p, align[i] == 'r' ? "<th class=\"n\">" : "<th>");
        rpt_pg_esc(p, heads[i]);
        rpt_pg_put(p, "</th>");
    }
    rpt_pg_put(p, "</tr></thead><tbody>");
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
    "rect.loc-i{stroke:#222;stroke-dasharray:2 1.5}"
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
    ".planned{stroke:#7a1c1c;fill:#7a1c1c}"
    "path.trend,path.housing,path.counted,path.growth,path.gap,path.planned{"
    "fill:none;stroke-width:2}"
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
    rpt_pg_put(
        p, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
           "lang=\"en-GB\" xml:lang=\"en-GB\">\n<head>\n<meta "
           "charset=\"utf-8\"/>\n"
           /* the page may load nothing: styles and SVG are inline */
           "<meta http-equiv=\"Content-Security-Policy\" "
           "content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\"/>\n<meta name=\"generator\" content=\"pcplan\"/>"
           "\n<title>");
    rpt_pg_esc(p, title);
    rpt_pg_put(p, "</title>\n<style>");
    rpt_pg_put(p, css);
    rpt_pg_put(p, "</style>\n</head>\n<body>\n");
}

/* The run's settings line and the illustrative flag, shared by pages. */
static void page_context(pg *p, const cJSON *run)
{
    pc_jr r, ill;
    const cJSON *o;
    const char *scen = rpt_pg_gstr(p, &p->root, "scenario", PC_JR_OPT);
    const char *preset = rpt_pg_gstr(p, &p->root, "preset", PC_JR_OPT);
    double base, years;
    int any = 0;

    pc_jr_sub(&r, &p->root, run, "run", -1);
    base = rpt_pg_gnum(p, &r, "base_year", PC_JR_REQ);
    years = rpt_pg_gnum(p, &r, "years", PC_JR_REQ);
    rpt_pg_put(p, "<p class=\"sub\">Scenario <b>");
    rpt_pg_esc(p, scen ? scen : "(none)");
    rpt_pg_put(p, "</b>, preset <b>");
    rpt_pg_esc(p, preset ? preset : "(none)");
    rpt_pg_put(p, "</b>; growth rooms by <b>");
    rpt_pg_esc(p, rpt_pg_gstr(p, &r, "method", PC_JR_REQ));
    rpt_pg_put(p, "</b>, capacity (rooms needed, the gap, the premises' "
                  "colours and the asks) by <b>");
    rpt_pg_esc(p, rpt_pg_gstr(p, &r, "capacity_method", PC_JR_REQ));
    rpt_pg_put(p, "</b>; list growth <b>");
    rpt_pg_esc(p, rpt_pg_gstr(p, &r, "growth", PC_JR_REQ));
    rpt_pg_put(p, "</b>, allocation <b>");
    rpt_pg_esc(p, rpt_pg_gstr(p, &r, "allocation", PC_JR_REQ));
    rpt_pg_putf(p, "</b>; base year %s, horizon %s; run ",
                rpt_pg_fyear(p, base), rpt_pg_fyear(p, base + years));
    rpt_pg_esc(p, rpt_pg_gstr(p, &r, "run_id", PC_JR_REQ));
    rpt_pg_put(p, ".</p>\n");
    if (!(o = rpt_pg_gobj(p, &r, "illustrative", PC_JR_REQ)))
        return;
    pc_jr_sub(&ill, &r, o, "illustrative", -1);
    rpt_pg_put(p, "<p class=\"flag\"><b>Illustrative values.</b> ");
    for (int k = 0; k < 3 && !p->rc; k++) {
        static const char *const keys[] = {"premises", "sites", "schemes"};
        static const char *const words[] = {
            "premises have illustrative room counts",
            "counted sites have illustrative trajectories",
            "schemes have illustrative rooms or years"};
        const cJSON *c = rpt_pg_gobj(p, &ill, keys[k], PC_JR_REQ);
        pc_jr cr;
        double n, of;

        pc_jr_sub(&cr, &ill, c, keys[k], -1);
        n = c ? rpt_pg_gnum(p, &cr, "illustrative", PC_JR_REQ) : 0;
        of = c ? rpt_pg_gnum(p, &cr, "of", PC_JR_REQ) : 0;
        if (n > 0) {
            rpt_pg_putf(p, "%s%s of %s %s", any ? "; " : "",
                        rpt_pg_fnum(p, n, 0), rpt_pg_fnum(p, of, 0), words[k]);
            any = 1;
        }
    }
    if (!any)
        rpt_pg_put(
            p, "none of the figures here rest on values marked illustrative");
    rpt_pg_put(
        p, ". Figures resting on them show the method, not the estate; they "
           "are marked in the tables below.</p>\n");
}

/* --- headline figures
 * ---------------------------------------------------------- */

/* A headline card; ill: its value rests on illustrative rows (marked as
 * the tables mark them). */
static void kpi_i(pg *p, const char *label, const char *value, const char *note,
                  int ill)
{
    rpt_pg_put(p, "<div><dt>");
    rpt_pg_esc(p, label);
    rpt_pg_put(p, "</dt><dd>");
    rpt_pg_esc(p, value);
    if (ill)
        rpt_pg_put(p, " <sup title=\"illustrative values\">i</sup>");
    if (note) {
        rpt_pg_put(p, " <small>");
        rpt_pg_esc(p, note);
        rpt_pg_put(p, "</small>");
    }
    rpt_pg_put(p, "</dd></div>");
}

static void kpi(pg *p, const char *label, const char *value, const char *note)
{
    kpi_i(p, label, value, note, 0);
}

/* Sums of the place's contributions: indexed amounts secured, requested
 * (asked for and not yet agreed: not repaid, refused or withdrawn ones),
 * received, at risk; ill: some of them are illustrative. */
typedef struct money {
    double secured, requested, received, unspent, at_risk;
    int ill;
} money;

static money place_money(pg *p, const char *place)
{
    money m = {0, 0, 0, 0, 0, 0};
    const cJSON *c = rpt_pg_gobj(p, &p->root, "contributions", PC_JR_REQ), *e;
    pc_jr cr, it;
    int i = 0;

    pc_jr_sub(&cr, &p->root, c, "contributions", -1);
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &cr, "contributions", PC_JR_REQ))
    {
        double amt, risk;

        if (!rpt_pg_gitem(p, &it, &cr, "contributions", e, i++) ||
            !rpt_pg_same(rpt_pg_gstr(p, &it, "place", PC_JR_OPT), place))
            continue;
        /* null: an imported contribution's amount, still to complete */
        amt = rpt_pg_gnum(p, &it, "amount_indexed_gbp", PC_JR_OPT);
        if (isnan(amt))
            amt = 0;
        if (rpt_pg_gbool(p, &it, "secured", PC_JR_REQ))
            m.secured += amt;
        else if (rpt_pg_same(rpt_pg_gstr(p, &it, "status", PC_JR_REQ),
                             "requested"))
            m.requested += amt;
        m.ill |= rpt_pg_gbool(p, &it, "illustrative", PC_JR_REQ);
        m.received += rpt_pg_gnum(p, &it, "received_gbp", PC_JR_REQ);
        m.unspent += rpt_pg_gnum(p, &it, "unspent_gbp", PC_JR_REQ);
        /* null: an imported contribution still to complete */
        risk = rpt_pg_gnum(p, &it, "at_risk_gbp", PC_JR_OPT);
        if (!isnan(risk))
            m.at_risk += risk;
    }
    return m;
}

/* The optimal programme's schemes in the place: count and cost; *ill:
 * some of their costs (or the funds paying them) are illustrative. */
static void place_capital(pg *p, const char *place, double *n, double *gbp,
                          int *ill)
{
    const cJSON *prog = cJSON_GetObjectItem(p->root.obj, "programme"), *e;
    pc_jr pr, op, sc;
    int i = 0;

    *n = *gbp = 0;
    *ill = 0;
    if (!cJSON_IsObject(prog)) {
        *n = *gbp = NAN;
        return;
    }
    pc_jr_sub(&pr, &p->root, prog, "programme", -1);
    pc_jr_sub(&op, &pr, rpt_pg_gobj(p, &pr, "optimal", PC_JR_REQ), "optimal",
              -1);
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &op, "schemes", PC_JR_REQ))
    {
        if (rpt_pg_gitem(p, &sc, &op, "schemes", e, i++) &&
            rpt_pg_same(rpt_pg_gstr(p, &sc, "place", PC_JR_REQ), place)) {
            *n += 1;
            *gbp += rpt_pg_gnum(p, &sc, "cost_gbp", PC_JR_REQ);
            *ill |= rpt_pg_gbool(p, &sc, "illustrative", PC_JR_REQ);
        }
    }
}

/* 1 when some premises of the place have illustrative room counts. */
static int place_rooms_illustrative(pg *p, const char *place)
{
    const cJSON *e;
    pc_jr r;
    int i = 0;

    cJSON_ArrayForEach(e, rpt_pg_garr(p, &p->root, "premises", PC_JR_REQ))
    {
        const char *note;

        if (!rpt_pg_gitem_in(p, &r, &p->root, "premises", e, i++, place,
                             PC_JR_OPT))
            continue;
        note = rpt_pg_gstr(p, &r, "illustrative_note", PC_JR_OPT);
        if (note && strstr(note, "rooms_"))
            return 1;
    }
    return 0;
}

static void write_headline(pg *p, pc_jr *pl, const cJSON *area)
{
    const char *place = rpt_pg_gstr(p, pl, "name", PC_JR_REQ);
    pc_jr ar, y0, yh;
    money m = place_money(p, place);
    double ncap, capital, rooms_now;
    int cap_ill, rooms_ill;
    char note[96];

    pc_jr_sub(&ar, &p->root, area, "run.places[]", -1);
    if (!rpt_pg_first_last(p, &ar, &y0, &yh))
        return;
    place_capital(p, place, &ncap, &capital, &cap_ill);
    rooms_now = rpt_pg_gnum(p, &y0, "rooms", PC_JR_REQ);
    rpt_pg_put(p, "<section id=\"headline\"><h2>Headline figures</h2>\n<dl "
                  "class=\"kpis\">");
    kpi(p, "Practices",
        rpt_pg_fnum(p, rpt_pg_gnum(p, pl, "practices", PC_JR_REQ), 0), NULL);
    kpi(p, "Primary care networks",
        rpt_pg_fnum(p, rpt_pg_gnum(p, pl, "pcns", PC_JR_REQ), 0), NULL);
    snprintf(note, sizeof note, "in %s",
             rpt_pg_fyear(p, rpt_pg_gnum(p, &y0, "year", PC_JR_REQ)));
    kpi(p, "Patients now",
        rpt_pg_fnum(p, rpt_pg_gnum(p, &y0, "patients", PC_JR_REQ), 0), note);
    snprintf(note, sizeof note, "in %s",
             rpt_pg_fyear(p, rpt_pg_gnum(p, &yh, "year", PC_JR_REQ)));
    kpi(p, "Patients at the horizon",
        rpt_pg_fnum(p, rpt_pg_gnum(p, &yh, "patients", PC_JR_REQ), 0), note);
    kpi(p, "Premises",
        rpt_pg_fnum(p, rpt_pg_gnum(p, pl, "premises", PC_JR_REQ), 0), NULL);
    rooms_ill = place_rooms_illustrative(p, place);
    kpi_i(p, "Rooms counted", rpt_pg_fnum(p, rooms_now, 0), "now", rooms_ill);
    kpi(p, "Growth rooms",
        rpt_pg_fnum(p, rpt_pg_gnum(p, &yh, "growth_rooms", PC_JR_REQ), 1),
        "needed by new patients at the horizon");
    kpi_i(p, "Gap now", fsigned(p, rpt_pg_gnum(p, &y0, "gap", PC_JR_REQ), 1),
          rooms_ill ? "rooms; below 0 is spare; on illustrative room counts"
                    : "rooms; below 0 is spare",
          rooms_ill);
    kpi_i(p, "Gap at the horizon",
          fsigned(p, rpt_pg_gnum(p, &yh, "gap", PC_JR_REQ), 1), "rooms",
          rooms_ill);
    snprintf(
        note, sizeof note, "%s in the horizon",
        rpt_pg_fnum(p, rpt_pg_gnum(p, pl, "homes_in_horizon", PC_JR_REQ), 0));
    kpi(p, "Homes planned",
        rpt_pg_fnum(p, rpt_pg_gnum(p, pl, "homes_planned", PC_JR_REQ), 0),
        note);
    kpi_i(p, "S106/CIL secured", rpt_pg_fgbp_m(p, m.secured), "indexed", m.ill);
    kpi_i(p, "S106/CIL requested", rpt_pg_fgbp_m(p, m.requested),
          "indexed, not yet agreed", m.ill);
    snprintf(note, sizeof note, "%s unspent", rpt_pg_fgbp_m(p, m.unspent));
    kpi_i(p, "S106/CIL received", rpt_pg_fgbp_m(p, m.received), note, m.ill);
    kpi_i(p, "Money at risk", rpt_pg_fgbp_m(p, m.at_risk), "of repayment",
          m.ill);
    snprintf(note, sizeof note, "%s schemes in the programme",
             rpt_pg_fnum(p, ncap, 0));
    kpi_i(p, "Capital programme", rpt_pg_fgbp_m(p, capital), note, cap_ill);
    rpt_pg_put(p, "</dl></section>\n");
}

/* --- entry points -----------------------------------------------------------
 */

static pc_status begin(pg *p, const cJSON *doc, pc_buf *out, pc_error *err)
{
    const char *fmt;

    memset(p, 0, sizeof *p);
    rpt_doc_init(&p->d, RPT_HTML, out);
    p->err = err;
    p->root = pc_jr_root(doc, WHAT, err);
    if (!cJSON_IsObject(doc)) {
        rpt_pg_live(
            p, PC_FAIL(err, PC_ERR_INPUT, "report: expected a JSON object"));
        return p->rc;
    }
    fmt = rpt_pg_gstr(p, &p->root, "format", PC_JR_REQ);
    if (p->rc == PC_OK && strcmp(fmt, "pcplan-report/1"))
        rpt_pg_live(p, pc_jr_fail(&p->root, "format",
                                  "expected \"pcplan-report/1\", got "
                                  "\"%.40s\"",
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

pc_status rpt_report_place_of(const cJSON *doc, const char *place,
                              const rpt_places_of *of, pc_buf *out,
                              pc_error *err)
{
    pg p;
    size_t len0 = out->len;
    const cJSON *places, *e, *run, *found = NULL, *area;
    pc_jr pl;
    int i = 0;
    char title[512];

    place = rpt_pg_doc_place(doc, place);
    if (begin(&p, doc, out, err) != PC_OK)
        return finish(&p, len0);
    p.of = of;
    places = rpt_pg_garr(&p, &p.root, "places", PC_JR_REQ);
    cJSON_ArrayForEach(e, places)
    {
        if (rpt_pg_gitem(&p, &pl, &p.root, "places", e, i++) &&
            rpt_pg_same(rpt_pg_gstr(&p, &pl, "name", PC_JR_REQ), place)) {
            found = e;
            break;
        }
    }
    if (!p.rc && !found) {
        rpt_pg_live(&p, pc_name_missing("place", place, places,
                                        (size_t)cJSON_GetArraySize(places),
                                        rpt_doc_place_name, err));
        return finish(&p, len0);
    }
    run = rpt_pg_gobj(&p, &p.root, "run", PC_JR_REQ);
    area = run ? rpt_pg_run_place(&p, run, place) : NULL;
    if (p.rc)
        return finish(&p, len0);
    snprintf(title, sizeof title, "%s: place summary", place);
    page_begin(&p, title);
    rpt_pg_put(&p, "<header><h1>");
    rpt_pg_esc(&p, place);
    rpt_pg_put(&p, "</h1><p class=\"sub\">Place summary: GP premises capacity, "
                   "housing growth and the money for it. ");
    rpt_pg_esc(&p, cJSON_GetStringValue(cJSON_GetObjectItem(
                       cJSON_GetObjectItem(doc, "dataset"), "title")));
    rpt_pg_put(&p, ". <a href=\"index.html\">All places</a></p>\n");
    page_context(&p, run);
    rpt_pg_put(&p, "</header>\n");
    write_headline(&p, &pl, area);
    rpt_pg_write_map(&p, place, rpt_pg_gobj(&p, &pl, "geometry", PC_JR_REQ));
    rpt_pg_write_charts(&p, run, area, place);
    rpt_pg_write_sites(&p, place);
    rpt_pg_write_schemes(&p, place);
    rpt_pg_write_contributions(&p, place);
    rpt_pg_write_backtest(&p, place);
    rpt_pg_write_sources(&p, run);
    rpt_pg_page_end(&p);
    return finish(&p, len0);
}

/* An index row's figures of one area, now and at the horizon. */
static void area_cells(pg *p, pc_jr *y0, pc_jr *yh)
{
    rpt_pg_td_num(p,
                  rpt_pg_fnum(p, rpt_pg_gnum(p, y0, "patients", PC_JR_REQ), 0));
    rpt_pg_td_num(p,
                  rpt_pg_fnum(p, rpt_pg_gnum(p, yh, "patients", PC_JR_REQ), 0));
    rpt_pg_td_num(p, rpt_pg_fnum(p, rpt_pg_gnum(p, y0, "rooms", PC_JR_REQ), 0));
    rpt_pg_td_num(
        p, rpt_pg_fnum(p, rpt_pg_gnum(p, yh, "growth_rooms", PC_JR_REQ), 1));
    rpt_pg_td_num(p, fsigned(p, rpt_pg_gnum(p, y0, "gap", PC_JR_REQ), 1));
    rpt_pg_td_num(p, fsigned(p, rpt_pg_gnum(p, yh, "gap", PC_JR_REQ), 1));
}

/* The whole system on the index: the map of every place, site and
 * premises, and the charts of patients, rooms and capital, as the place
 * pages draw them for one place. */
static void system_views(pg *p, const cJSON *run)
{
    const cJSON *sys = cJSON_GetObjectItem(p->root.obj, "system");
    pc_jr sr;

    if (cJSON_IsObject(sys)) {
        pc_jr_sub(&sr, &p->root, sys, "system", -1);
        rpt_pg_write_map(p, NULL, rpt_pg_gobj(p, &sr, "geometry", PC_JR_REQ));
    } else { /* no outline of its own: the places' */
        rpt_pg_write_map(p, NULL, NULL);
    }
    rpt_pg_write_charts(p, run, cJSON_GetObjectItem(run, "system"), NULL);
}

/* The index's sums over the places, for its system row. */
typedef struct index_sums {
    double practices, homes, secured;
} index_sums;

/* The index's row for place e (the i-th of doc's places), linked to its
 * page when it is one of linked's n; 0 when the page failed (p->rc). */
static int index_place_row(pg *p, const cJSON *doc, const cJSON *run,
                           const cJSON *e, int i, const char *const *linked,
                           size_t n, index_sums *sum, pc_error *err)
{
    const char *name;
    const cJSON *area;
    pc_jr pl, ar, y0, yh;
    money m;
    int link = 0;

    if (!rpt_pg_gitem(p, &pl, &p->root, "places", e, i))
        return 0;
    name = rpt_pg_gstr(p, &pl, "name", PC_JR_REQ);
    area = rpt_pg_run_place(p, run, name);
    if (p->rc)
        return 0;
    pc_jr_sub(&ar, &p->root, area, "run.places[]", -1);
    if (!rpt_pg_first_last(p, &ar, &y0, &yh))
        return 0;
    m = place_money(p, name);
    for (size_t k = 0; k < n; k++)
        link |= rpt_pg_same(linked[k], name);
    rpt_pg_put(p, "<tr><td>");
    if (link) {
        char file[RPT_PAGE_CAP];

        if (rpt_report_page_file(doc, name, file, sizeof file, err)) {
            p->rc = err->code;
            return 0;
        }
        rpt_pg_put(p, "<a href=\"");
        rpt_pg_esc(p, file);
        rpt_pg_put(p, "\">");
    }
    rpt_pg_esc(p, name);
    rpt_pg_put(p, link ? "</a></td>" : "</td>");
    sum->practices += rpt_pg_gnum(p, &pl, "practices", PC_JR_REQ);
    sum->homes += rpt_pg_gnum(p, &pl, "homes_planned", PC_JR_REQ);
    sum->secured += m.secured;
    rpt_pg_td_num(
        p, rpt_pg_fnum(p, rpt_pg_gnum(p, &pl, "practices", PC_JR_REQ), 0));
    area_cells(p, &y0, &yh);
    rpt_pg_td_num(
        p, rpt_pg_fnum(p, rpt_pg_gnum(p, &pl, "homes_planned", PC_JR_REQ), 0));
    rpt_pg_td_num(p, rpt_pg_fgbp(p, m.secured));
    rpt_pg_put(p, "</tr>\n");
    return 1;
}

/* The index's system row: the places' sums beside the run's system. */
static void index_system_row(pg *p, const cJSON *run, const index_sums *sum)
{
    pc_jr sys, sr, y0, yh;

    pc_jr_sub(&sys, &p->root, run, "run", -1);
    pc_jr_sub(&sr, &sys, rpt_pg_gobj(p, &sys, "system", PC_JR_REQ), "system",
              -1);
    if (!rpt_pg_first_last(p, &sr, &y0, &yh))
        return;
    rpt_pg_put(p, "<tr><td><b>System</b></td>");
    rpt_pg_td_num(p, rpt_pg_fnum(p, sum->practices, 0));
    area_cells(p, &y0, &yh);
    rpt_pg_td_num(p, rpt_pg_fnum(p, sum->homes, 0));
    rpt_pg_td_num(p, rpt_pg_fgbp(p, sum->secured));
    rpt_pg_put(p, "</tr>\n");
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
    pc_jr d;
    int i = 0;
    const char *title;
    index_sums sum = {0, 0, 0};

    if (begin(&p, doc, out, err) != PC_OK)
        return finish(&p, len0);
    run = rpt_pg_gobj(&p, &p.root, "run", PC_JR_REQ);
    ds = rpt_pg_gobj(&p, &p.root, "dataset", PC_JR_REQ);
    pc_jr_sub(&d, &p.root, ds, "dataset", -1);
    title = rpt_pg_gstr(&p, &d, "title", PC_JR_REQ);
    if (p.rc)
        return finish(&p, len0);
    page_begin(&p, title);
    rpt_pg_put(&p, "<header><h1>");
    rpt_pg_esc(&p, title);
    rpt_pg_put(&p, "</h1><p class=\"sub\">GP premises capacity by place: the "
                   "system and a page for each place.</p>\n");
    page_context(&p, run);
    rpt_pg_put(&p, "</header>\n<section id=\"places\"><h2>Places</h2>\n");
    rpt_pg_table_head(&p, "places", heads, "lrrrrrrrrr");
    cJSON_ArrayForEach(e, rpt_pg_garr(&p, &p.root, "places", PC_JR_REQ))
    {
        if (!index_place_row(&p, doc, run, e, i++, linked, n, &sum, err))
            break;
    }
    if (!p.rc)
        index_system_row(&p, run, &sum);
    rpt_pg_put(
        &p, "</tbody></table><p class=\"sub\">Rooms: the rooms the run's "
            "capacity method counts; gap: rooms the whole list needs by that "
            "method minus rooms in use (below 0 is spare); growth rooms: "
            "rooms the new patients need by the growth method.</p>"
            "</section>\n");
    system_views(&p, run);
    rpt_pg_write_backtest_index(&p);
    rpt_pg_write_sources(&p, run);
    rpt_pg_page_end(&p);
    return finish(&p, len0);
}

pc_status rpt_report_place(const cJSON *doc, const char *place, pc_buf *out,
                           pc_error *err)
{
    return rpt_report_place_of(doc, place, NULL, out, err);
}
