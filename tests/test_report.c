/* test_report.c: the place summary pages (rpt_report) from the report
 * document of the fixture (plan_report_build), with the real libraries:
 *  - the Rugby page and the index against tests/golden/report_*.html,
 *    byte for byte (PC_UPDATE_GOLDEN=1 rewrites them);
 *  - every page parses as strict XML with libxml2, and loads nothing:
 *    no script, image, link, frame or object element, no url() or
 *    @import in the style, links only to sibling pages;
 *  - names carrying markup reach the page escaped;
 *  - a document missing a key, or with one of the wrong type, or an
 *    unknown place, fails naming it and leaves the buffer as it was;
 *  - rpt_report_write puts the same pages in a folder, or nothing;
 *  - headless Chromium (Debian's chromium) renders the page to PNG: the
 *    map and each chart, shown alone, draw pixels of their own colours
 *    where the page with everything hidden draws none; and Chromium's net
 *    log shows the page asked for nothing over the network, while a
 *    control page with one remote image is caught.
 * The document's own numbers are tested in test_report's sibling tests
 * (test_project, test_contrib, test_prio); here it is the page. */
#include "check.h"

#include "ds_dataset.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fileset.h"
#include "plan_report.h"
#include "plan_scenario.h"
#include "plan_spatial.h"
#include "rpt_report.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <png.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHROMIUM "/usr/bin/chromium"

static cJSON *doc; /* the fixture's report document */

static const char scenario_json[] =
    "{\"format\": \"pcplan-scenario/1\", \"name\": \"report-test\", "
    "\"method\": \"space\", \"monte_carlo\": {\"draws\": 50, \"seed\": 7}}";

/* The fixture's document; with orphan, that practice in no PCN. */
static cJSON *build_doc_with(const char *orphan)
{
    const char *src = getenv("PC_SOURCE_DIR");
    char dir[4096];
    pc_error err = {0};
    geo_ctx *geo = geo_ctx_new(&err);
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    plan_scenario *sc = NULL;
    cJSON *d = NULL;

    snprintf(dir, sizeof dir, "%s/tests/data/fixture", src ? src : ".");
    if (!geo || ds_dataset_load(geo, dir, &ds, &err) != PC_OK ||
        plan_spatial_build(geo, ds, &sp, &err) != PC_OK ||
        plan_scenario_parse(scenario_json, strlen(scenario_json), "test", &sc,
                            &err) != PC_OK)
        fprintf(stderr, "report document: %s\n", err.msg);
    for (size_t i = 0; ds && orphan && i < ds->npractices; i++)
        if (!strcmp(ds->practices[i].code, orphan))
            ds->practices[i].pcn_code = NULL;
    if (sc && plan_report_build(geo, ds, sp, sc, NULL, &d, &err) != PC_OK)
        fprintf(stderr, "report document: %s\n", err.msg);
    plan_scenario_free(sc);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
    return d;
}

static cJSON *build_doc(void)
{
    return build_doc_with(NULL);
}

/* A practice in no PCN is not a PCN: the place still counts its one PCN,
 * and all twelve practices. */
static void pcn_counts(void)
{
    cJSON *d = build_doc_with("M84004");
    const cJSON *pl = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "places"), 0);

    CHECK(pl != NULL);
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(pl, "pcns")) == 1);
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(pl, "practices")) == 12);
    cJSON_Delete(d);
}

static char *page_of(const cJSON *d, const char *place, pc_status *rc,
                     pc_error *err)
{
    pc_buf b = PC_BUF_INIT(PC_CAP_DOC);
    char *s = NULL;

    *rc = place ? rpt_report_place(d, place, &b, err)
                : rpt_report_index(d, (const char *[]){"Rugby"}, 1, &b, err);
    if (*rc == PC_OK && (s = malloc(b.len + 1)))
        memcpy(s, pc_buf_str(&b), b.len + 1);
    pc_buf_free(&b);
    return s;
}

static char *page(const char *place)
{
    pc_error err = {0};
    pc_status rc;
    char *s = page_of(doc, place, &rc, &err);

    if (rc != PC_OK)
        fprintf(stderr, "page %s: %s\n", place ? place : "index", err.msg);
    return s;
}

static int spit(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fputs(s, f) >= 0;

    if (f && fclose(f) != 0)
        ok = 0;
    return ok;
}

/* --- golden ------------------------------------------------------------- */

static void golden_one(const char *place, const char *file)
{
    char rel[256];
    char *got = page(place), *want;

    snprintf(rel, sizeof rel, "tests/golden/%s", file);
    CHECK_GOLDEN(rel, got, got ? strlen(got) : 0);
    /* and the same bytes a second time */
    want = page(place);
    CHECK(got && want && !strcmp(got, want));
    free(got);
    free(want);
}

static void golden(void)
{
    golden_one("Rugby", "report_rugby.html");
    golden_one(NULL, "report_index.html");
}

/* --- well-formed and offline ------------------------------------------- */

static xmlDocPtr parse(const char *html)
{
    return html ? xmlReadMemory(html, (int)strlen(html), "page.html", "UTF-8",
                                XML_PARSE_NONET)
                : NULL;
}

/* 1 when nothing under n could load a resource. */
static int offline(xmlNodePtr n)
{
    static const char *const banned[] = {"script", "img",   "link",   "iframe",
                                         "object", "embed", "image",  "use",
                                         "audio",  "video", "source", NULL};

    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (int i = 0; banned[i]; i++)
            if (!strcmp((const char *)n->name, banned[i])) {
                fprintf(stderr, "element <%s> in the page\n", n->name);
                return 0;
            }
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
            int bad = 0;

            if (v && (strstr((const char *)v, "url(") ||
                      (!strcmp((const char *)a->name, "src")) ||
                      (!strcmp((const char *)a->name, "href") &&
                       (strchr((const char *)v, ':') ||
                        strchr((const char *)v, '/') ||
                        !strstr((const char *)v, ".html")))))
                bad = 1;
            if (bad)
                fprintf(stderr, "attribute %s=\"%s\" in the page\n", a->name,
                        v);
            xmlFree(v);
            if (bad)
                return 0;
        }
        if (!strcmp((const char *)n->name, "style")) {
            xmlChar *css = xmlNodeGetContent(n);
            int bad = css && (strstr((const char *)css, "url(") ||
                              strstr((const char *)css, "@import"));

            xmlFree(css);
            if (bad)
                return 0;
        }
        if (!offline(n->children))
            return 0;
    }
    return 1;
}

static void well_formed_offline(void)
{
    const char *places[] = {"Rugby", NULL};

    for (int i = 0; i < 2; i++) {
        char *html = page(places[i]);
        xmlDocPtr x = parse(html);
        xmlNodePtr root = x ? xmlDocGetRootElement(x) : NULL;

        CHECK(x != NULL);
        CHECK(root && !strcmp((const char *)root->name, "html"));
        CHECK(root && offline(root));
        CHECK_HAS(html, "Content-Security-Policy");
        CHECK_HAS(html, "@media print{@page{size:A4");
        xmlFreeDoc(x);
        free(html);
    }
}

/* The page's parts: headline figures, map, three charts, the tables and
 * the sources, with the fixture's own values. */
/* The index's system row fills every column: the places' practices,
 * homes planned (the fixture's three sites: 11,040) and money secured. */
static void index_system_row(void)
{
    char *html = page(NULL);

    CHECK_HAS(html, "<tr><td><b>System</b></td><td class=\"n\">12</td>");
    CHECK_HAS(html, "<td class=\"n\">11,040</td><td class=\"n\">\xc2\xa3");
    /* the whole system: its map and charts, as a place page has them */
    CHECK_HAS(html, "Map of the system");
    CHECK_HAS(html, "id=\"fig-patients\"");
    CHECK_HAS(html, "id=\"fig-rooms\"");
    CHECK_HAS(html, "Capital paid into the system's schemes");
    CHECK_HAS(html, "id=\"backtest\"");
    CHECK_HAS(html, "Headline: place-level MAPE");
    free(html);
}

static void sections(void)
{
    char *html = page("Rugby");

    CHECK_HAS(html, "<h1>Rugby</h1>");
    CHECK_HAS(html, "id=\"map\"");
    CHECK_HAS(html, "id=\"fig-patients\"");
    CHECK_HAS(html, "id=\"fig-rooms\"");
    CHECK_HAS(html, "id=\"fig-capital\"");
    CHECK_HAS(html, "gap-band"); /* the Monte Carlo band: draws were run */
    /* the line inside the band is the draws' median; as planned, dashed */
    CHECK_HAS(html, "gap: median of the draws");
    CHECK_HAS(html, "class=\"planned\"");
    CHECK_HAS(html, "the dashed line is the gap with every site built as "
                    "planned");
    CHECK_HAS(html, "id=\"sites\"");
    CHECK_HAS(html, "South West Rugby");
    CHECK_HAS(html, "id=\"schemes\"");
    CHECK_HAS(html, "id=\"contributions\"");
    CHECK_HAS(html, "Open Government Licence");
    CHECK_HAS(html, "Illustrative values.");
    CHECK_HAS(html, "km</text>");     /* the scale bar */
    CHECK_HAS(html, ">N</text>");     /* the north arrow */
    CHECK_HAS(html, "cap cap-short"); /* space method: premises short */
    free(html);
    /* a place named without regard to case is the place */
    html = page("rUGBY");
    CHECK_HAS(html, "<h1>Rugby</h1>");
    free(html);
}

/* The money cards: "requested" counts requested agreements only (a
 * repaid one is not asked for), and cards resting on illustrative rows
 * carry the mark; the gap cards say when room counts are illustrative. */
static void money_cards(void)
{
    cJSON *d = cJSON_Duplicate(doc, 1), *e;
    pc_error err = {0};
    pc_status rc;
    char *html;

    html = page_of(d, "Rugby", &rc, &err);
    CHECK_HAS(html, "S106/CIL requested</dt><dd>\xc2\xa3"
                    "3.");
    CHECK_HAS(html, "S106/CIL secured</dt><dd>");
    CHECK_HAS(html, "on illustrative room counts");
    free(html);
    cJSON_ArrayForEach(
        e, cJSON_GetObjectItem(cJSON_GetObjectItem(d, "contributions"),
                               "contributions"))
    {
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "status")),
                    "requested")) {
            cJSON_ReplaceItemInObject(e, "status",
                                      cJSON_CreateString("repaid"));
            cJSON_ReplaceItemInObject(e, "illustrative", cJSON_CreateTrue());
        }
    }
    html = page_of(d, "Rugby", &rc, &err);
    CHECK(rc == PC_OK);
    CHECK_HAS(html, "S106/CIL requested</dt><dd>\xc2\xa3"
                    "0 <sup");
    free(html);
    cJSON_Delete(d);
}

/* Names with markup in them reach the page as text. */
static void escaped(void)
{
    static const char evil[] = "<script>alert(\"x\")</script> & 'Caf\xc3\xa9'";
    cJSON *d = cJSON_Duplicate(doc, 1);
    cJSON *site = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "sites"), 0);
    cJSON *prem = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "premises"), 0);
    cJSON *sch = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "schemes"), 0);
    pc_error err = {0};
    pc_status rc;
    char *html;
    xmlDocPtr x;

    cJSON_ReplaceItemInObject(site, "name", cJSON_CreateString(evil));
    cJSON_ReplaceItemInObject(prem, "name", cJSON_CreateString(evil));
    cJSON_ReplaceItemInObject(sch, "name", cJSON_CreateString(evil));
    cJSON_ReplaceItemInObject(site, "no_ask_reason", cJSON_CreateString(evil));
    html = page_of(d, "Rugby", &rc, &err);
    CHECK(rc == PC_OK);
    CHECK(html && !strstr(html, "<script>"));
    CHECK_HAS(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
                    "&amp; &#39;Caf\xc3\xa9&#39;");
    x = parse(html);
    CHECK(x != NULL);
    xmlFreeDoc(x);
    free(html);
    cJSON_Delete(d);
}

static void bad_documents(void)
{
    cJSON *d = cJSON_Duplicate(doc, 1);
    pc_buf b = PC_BUF_INIT(PC_CAP_DOC);
    pc_error err = {0};

    CHECK(pc_buf_puts(&b, "kept") == PC_OK);
    cJSON_DeleteItemFromObject(d, "sites");
    CHECK(rpt_report_place(d, "Rugby", &b, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "report: key \"sites\": missing");
    CHECK(b.len == 4 && !strcmp(pc_buf_str(&b), "kept"));
    cJSON_Delete(d);

    d = cJSON_Duplicate(doc, 1);
    cJSON_ReplaceItemInObject(
        cJSON_GetArrayItem(cJSON_GetObjectItem(d, "places"), 0), "practices",
        cJSON_CreateString("twelve"));
    CHECK(rpt_report_place(d, "Rugby", &b, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "\"places[0].practices\": expected a number");
    CHECK(b.len == 4);
    cJSON_Delete(d);

    CHECK(rpt_report_place(doc, "Nowhere", &b, &err) == PC_ERR_NOTFOUND);
    CHECK_HAS(err.msg, "no place named \"Nowhere\" (the places are \"Rugby\")");
    CHECK(b.len == 4);
    pc_buf_free(&b);
}

/* The pages kept in memory (a server's) are rpt_report_place's pages,
 * byte for byte, found as it finds a place (ignoring case), and an
 * unknown place gets its words. */
static void pages_in_memory(void)
{
    rpt_pages p = {0};
    pc_buf b = PC_BUF_INIT(PC_CAP_DOC), want = PC_BUF_INIT(PC_CAP_DOC);
    pc_error err = {0}, werr = {0};

    CHECK(rpt_report_pages(doc, &p, &err) == PC_OK);
    CHECK(p.n == 1 && p.names && !strcmp(p.names[0], "Rugby"));
    CHECK(rpt_report_place(doc, "Rugby", &want, &werr) == PC_OK);
    CHECK(pc_buf_puts(&b, "kept") == PC_OK);
    CHECK(rpt_pages_place(&p, "rUGBY", &b, &err) == PC_OK);
    CHECK(b.len == 4 + want.len && !memcmp(b.data, "kept", 4) &&
          !memcmp(b.data + 4, want.data, want.len));
    pc_buf_reset(&b);
    CHECK(rpt_pages_place(&p, "Nowhere", &b, &err) == PC_ERR_NOTFOUND);
    CHECK(rpt_report_place(doc, "Nowhere", &want, &werr) == PC_ERR_NOTFOUND);
    CHECK(!strcmp(err.msg, werr.msg));
    CHECK(b.len == 0);
    rpt_pages_free(&p);
    rpt_pages_free(&p); /* freed twice: safe */
    pc_buf_free(&b);
    pc_buf_free(&want);
}

/* Two places whose names differ only in case: each is reached by its own
 * name, a third spelling by the first, on a page made alone or kept in
 * memory. */
static void places_differing_in_case(void)
{
    cJSON *d = cJSON_Duplicate(doc, 1);
    cJSON *places = cJSON_GetObjectItem(d, "places");
    cJSON *copy = cJSON_Duplicate(cJSON_GetArrayItem(places, 0), 1);
    const char *ask[3] = {"Rugby", "RUGBY", "rugby"};
    int want[3] = {0, 1, 0}; /* the page of ask[k] is that of place want[k] */
    pc_buf page[2] = {PC_BUF_INIT(PC_CAP_DOC), PC_BUF_INIT(PC_CAP_DOC)};
    rpt_pages p = {0};
    pc_error err = {0};

    cJSON *areas = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "run"), "places");
    cJSON *area = cJSON_Duplicate(cJSON_GetArrayItem(areas, 0), 1);

    cJSON_ReplaceItemInObject(copy, "name", cJSON_CreateString("RUGBY"));
    cJSON_AddItemToArray(places, copy);
    cJSON_ReplaceItemInObject(area, "name", cJSON_CreateString("RUGBY"));
    cJSON_AddItemToArray(areas, area);
    CHECK(rpt_report_place(d, "Rugby", &page[0], &err) == PC_OK);
    CHECK(rpt_report_place(d, "RUGBY", &page[1], &err) == PC_OK);
    CHECK(page[0].len > 0 && page[1].len > 0 &&
          (page[0].len != page[1].len ||
           memcmp(page[0].data, page[1].data, page[0].len)));
    CHECK_HAS(pc_buf_str(&page[1]), "RUGBY");
    CHECK(rpt_report_pages(d, &p, &err) == PC_OK && p.n == 2);
    for (int k = 0; k < 3; k++) {
        pc_buf one = PC_BUF_INIT(PC_CAP_DOC), kept = PC_BUF_INIT(PC_CAP_DOC);
        const pc_buf *w = &page[want[k]];

        CHECK(rpt_report_place(d, ask[k], &one, &err) == PC_OK);
        CHECK(rpt_pages_place(&p, ask[k], &kept, &err) == PC_OK);
        CHECK(one.len == w->len && !memcmp(one.data, w->data, w->len));
        CHECK(kept.len == w->len && !memcmp(kept.data, w->data, w->len));
        pc_buf_free(&one);
        pc_buf_free(&kept);
    }
    rpt_pages_free(&p);
    pc_buf_free(&page[0]);
    pc_buf_free(&page[1]);
    cJSON_Delete(d);
}

static void file_names(void)
{
    char f[64];

    rpt_report_file("South Warwickshire", f, sizeof f);
    CHECK_STR(f, "south-warwickshire.html");
    rpt_report_file("  Warwickshire North (WN) ", f, sizeof f);
    CHECK_STR(f, "warwickshire-north-wn.html");
    rpt_report_file("../..", f, sizeof f);
    CHECK_STR(f, "place.html");
}

/* Every string "from" in the tree j becomes "to". */
static void rename_all(cJSON *j, const char *from, const char *to)
{
    cJSON *e;

    if (cJSON_IsString(j) && !strcmp(j->valuestring, from))
        cJSON_SetValuestring(j, to);
    cJSON_ArrayForEach(e, j) rename_all(e, from, to);
}

/* Pages' names are unique among the places and never the index's:
 * "Rugby", "RUGBY!" and "rugby-2" stay three pages, "Index" and "INDEX!"
 * are not
 * index.html; the index links the unique name. */
static void file_names_unique(void)
{
    static const char *const names[] = {"Rugby", "RUGBY!", "Index", "rugby-2",
                                        "INDEX!"};
    static const char *const want[] = {"rugby.html", "rugby-2.html",
                                       "index-2.html", "rugby-2-2.html",
                                       "index-3.html"};
    cJSON *d = cJSON_Duplicate(doc, 1), *places, *p;
    char f[64], tmp[] = "/tmp/pcplan-report-XXXXXX", path[300];
    pc_error err = {0};
    const char **w = NULL;
    size_t n = 0;
    char *text;

    places = cJSON_GetObjectItem(d, "places");
    for (size_t i = 1; i < 5; i++) {
        p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "name", names[i]);
        cJSON_AddItemToArray(places, p);
    }
    for (size_t i = 0; i < 5; i++) {
        CHECK(rpt_report_page_file(d, names[i], f, sizeof f, &err) == PC_OK);
        CHECK_STR(f, want[i]);
    }
    CHECK(rpt_report_page_file(d, "rugby!", f, sizeof f, &err) == PC_OK);
    CHECK_STR(f, "rugby-2.html");
    strcpy(f, "same");
    CHECK(rpt_report_page_file(d, "Nowhere", f, sizeof f, &err) ==
          PC_ERR_NOTFOUND);
    CHECK_STR(f, "same");
    cJSON_Delete(d);

    /* a place named "Index" written beside the index, linked from it */
    d = cJSON_Duplicate(doc, 1);
    rename_all(d, "Rugby", "Index");
    CHECK(mkdtemp(tmp) != NULL);
    CHECK(rpt_report_write(d, NULL, tmp, &w, &n, &err) == PC_OK);
    CHECK(n == 2 && w && strstr(w[0], "/index-2.html") &&
          strstr(w[1], "/index.html"));
    snprintf(path, sizeof path, "%s/index.html", tmp);
    text = check_slurp(path, NULL);
    CHECK(text && strstr(text, "href=\"index-2.html\""));
    free(text);
    rpt_paths_free(w);
    cJSON_Delete(d);
    snprintf(path, sizeof path, "rm -rf '%s'", tmp);
    CHECK(system(path) == 0);
}

/* --- the set written ---------------------------------------------------- */

/* rpt_report_write: every page into a folder it makes, the paths in
 * order, the same bytes as the pages made one by one; a place the
 * document lacks, or a document a page cannot be made from, writes
 * nothing, not even the folder. */
static void write_set(void)
{
    char tmp[] = "/tmp/pcplan-report-XXXXXX", dir[256], want[300];
    const char **w = NULL;
    size_t n = 0;
    pc_error err = {0};
    struct stat sb;
    cJSON *d = cJSON_Duplicate(doc, 1);

    CHECK(mkdtemp(tmp) != NULL);
    snprintf(dir, sizeof dir, "%s/out/pages", tmp);
    CHECK(rpt_report_write(doc, NULL, dir, &w, &n, &err) == PC_OK);
    CHECK(n == 2 && w && !w[2]);
    snprintf(want, sizeof want, "%s/rugby.html", dir);
    CHECK(w && !strcmp(w[0], want));
    snprintf(want, sizeof want, "%s/index.html", dir);
    CHECK(w && !strcmp(w[1], want));
    for (size_t k = 0; w && k < 2; k++) {
        char *got = check_slurp(w[k], NULL), *made = page(k ? NULL : "Rugby");

        CHECK(got && made && !strcmp(got, made));
        free(got);
        free(made);
    }
    rpt_paths_free(w);
    /* one place, by name */
    w = NULL;
    CHECK(rpt_report_write(doc, "Rugby", dir, &w, &n, &err) == PC_OK);
    CHECK(n == 2 && w && strstr(w[0], "/rugby.html"));
    rpt_paths_free(w);
    /* nothing written on failure */
    snprintf(dir, sizeof dir, "%s/none", tmp);
    w = NULL;
    CHECK(rpt_report_write(doc, "Nowhere", dir, &w, &n, &err) ==
          PC_ERR_NOTFOUND);
    CHECK(!w && stat(dir, &sb) != 0);
    cJSON_DeleteItemFromObject(d, "run");
    CHECK(rpt_report_write(d, NULL, dir, &w, &n, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "\"run\"");
    CHECK(!w && stat(dir, &sb) != 0);
    /* a folder that cannot be made */
    snprintf(dir, sizeof dir, "%s/out/pages/rugby.html/x", tmp);
    CHECK(rpt_report_write(doc, NULL, dir, &w, &n, &err) == PC_ERR_IO);
    CHECK_HAS(err.msg, "rugby.html");
    cJSON_Delete(d);
    snprintf(dir, sizeof dir, "rm -rf '%s'", tmp);
    CHECK(system(dir) == 0);
}

/* The hook: fails the fail_at-th step of the swap (pc_fileset.h). */
static int calls, fail_at;

static int fail_hook(const char *step)
{
    (void)step;
    return ++calls == fail_at ? EIO : 0;
}

/* The folder's entries and the first bytes that differ between runs: the
 * name and whether each page has the first run's title. */
static void listing(const char *dir, char *out, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t len = 0;
    char *names[16];
    size_t k = 0;

    out[0] = 0;
    while (d && (e = readdir(d)) && k < 16)
        if (e->d_name[0] != '.')
            names[k++] = strdup(e->d_name);
    if (d)
        closedir(d);
    for (size_t i = 0; i < k; i++) /* few: a selection sort */
        for (size_t j = i + 1; j < k; j++)
            if (strcmp(names[j], names[i]) < 0) {
                char *t = names[i];

                names[i] = names[j];
                names[j] = t;
            }
    for (size_t i = 0; i < k; i++) {
        char path[600], *text;

        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        text = check_slurp(path, NULL);
        len += snprintf(out + len, n - len, "%s:%s ", names[i],
                        text && strstr(text, "SECOND RUN") ? "new" : "old");
        free(text);
        free(names[i]);
    }
}

/* Leftovers beside dir (DIR.tmp-*, DIR.old-*). */
static int beside(const char *parent)
{
    DIR *d = opendir(parent);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)))
        n += !!strstr(e->d_name, ".tmp-") || !!strstr(e->d_name, ".old-");
    if (d)
        closedir(d);
    return n;
}

/* A kill placed at each step of the swap in turn (an injected failure):
 * the folder holds the first run's pages or the second's, whole, with a
 * page of another run (kept) and a symlink planted at the old temporary
 * name not followed; nothing is left beside it. */
static void write_killed_each_step(void)
{
    char tmp[] = "/tmp/pcplan-report-XXXXXX", dir[300], p[400], got[2048];
    cJSON *d = cJSON_Duplicate(doc, 1);
    pc_error err = {0};
    int k;

    CHECK(mkdtemp(tmp) != NULL);
    snprintf(dir, sizeof dir, "%s/pages", tmp);
    CHECK(rpt_report_write(doc, NULL, dir, NULL, NULL, &err) == PC_OK);
    snprintf(p, sizeof p, "%s/other.html", dir);
    {
        FILE *f = fopen(p, "w");

        CHECK(f && fputs("kept", f) >= 0);
        if (f)
            fclose(f);
    }
    snprintf(p, sizeof p, "%s/index.html.tmp", dir);
    CHECK(symlink("other.html", p) == 0);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(d, "dataset"), "title",
                              cJSON_CreateString("SECOND RUN"));
    pc_file_set_fail_hook(fail_hook);
    for (k = 1; k < 20; k++) {
        pc_status rc;

        calls = 0;
        fail_at = k;
        rc = rpt_report_write(d, NULL, dir, NULL, NULL, &err);
        listing(dir, got, sizeof got);
        CHECK_STR(got, rc == PC_OK ? "index.html:new index.html.tmp:old "
                                     "other.html:old rugby.html:new "
                                   : "index.html:old index.html.tmp:old "
                                     "other.html:old rugby.html:old ");
        CHECK(beside(tmp) == 0);
        if (rc == PC_OK)
            break;
    }
    CHECK(k >= 3);
    pc_file_set_fail_hook(NULL);
    snprintf(p, sizeof p, "%s/other.html", dir);
    {
        char *text = check_slurp(p, NULL);

        CHECK_STR(text, "kept");
        free(text);
    }
    cJSON_Delete(d);
    snprintf(p, sizeof p, "rm -rf '%s'", tmp);
    CHECK(system(p) == 0);
}

/* --- rendering in Chromium ------------------------------------------------ */

typedef struct png {
    unsigned char *px; /* RGB */
    unsigned w, h;
} png;

static int png_load(const char *path, png *out)
{
    png_image im;

    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, path))
        return 0;
    im.format = PNG_FORMAT_RGB;
    out->w = im.width;
    out->h = im.height;
    out->px = malloc(PNG_IMAGE_SIZE(im));
    if (!out->px || !png_image_finish_read(&im, NULL, out->px, 0, NULL)) {
        png_image_free(&im);
        free(out->px);
        return 0;
    }
    return 1;
}

/* Pixels that are not near white, and pixels within 10 of colour rgb. */
static void png_count(const png *p, unsigned rgb, long *ink, long *match)
{
    int r = (int)(rgb >> 16), g = (int)(rgb >> 8 & 255), b = (int)(rgb & 255);

    *ink = *match = 0;
    for (size_t i = 0; i < (size_t)p->w * p->h; i++) {
        const unsigned char *q = p->px + 3 * i;

        *ink += q[0] < 235 || q[1] < 235 || q[2] < 235;
        *match +=
            abs(q[0] - r) <= 10 && abs(q[1] - g) <= 10 && abs(q[2] - b) <= 10;
    }
}

static char tmpdir[] = "/tmp/pcplan-render-XXXXXX";

/* Renders html (with extra style css before </head>) to PNG; returns the
 * PNG's path or NULL. With netlog, Chromium writes its net log there. */
static const char *render(const char *name, const char *html, const char *css,
                          const char *netlog)
{
    static char png_path[1200];
    char page_path[1100], cmd[4096], *copy;
    const char *head = html ? strstr(html, "</head>") : NULL;
    int rc;

    if (!head)
        return NULL;
    snprintf(page_path, sizeof page_path, "%s/%s.html", tmpdir, name);
    snprintf(png_path, sizeof png_path, "%s/%s.png", tmpdir, name);
    copy = malloc(strlen(html) + strlen(css) + 32);
    if (!copy)
        return NULL;
    sprintf(copy, "%.*s<style>%s</style>%s", (int)(head - html), html, css,
            head);
    CHECK(spit(page_path, copy));
    free(copy);
    unlink(png_path);
    /* the flags keep Chromium's own background traffic down (it is told
     * apart below in any case) and its profile in the test's directory */
    snprintf(cmd, sizeof cmd,
             "%s --headless --no-sandbox --disable-gpu --disable-quic "
             "--no-first-run --disable-background-networking "
             "--disable-component-update --disable-sync --hide-scrollbars "
             "--user-data-dir=%s/profile --window-size=1100,1000 "
             "--screenshot=%s %s%s file://%s >/dev/null 2>&1",
             CHROMIUM, tmpdir, png_path, netlog ? "--log-net-log=" : "",
             netlog ? netlog : "", page_path);
    rc = system(cmd);
    if (rc != 0 || access(png_path, R_OK) != 0) {
        fprintf(stderr, "chromium failed (%d): %s\n", rc, cmd);
        return NULL;
    }
    return png_path;
}

/* What a page shown alone draws: ink and pixels of colour rgb. */
static int drawn(const char *name, const char *html, const char *css,
                 unsigned rgb, long *ink, long *match)
{
    const char *path = render(name, html, css, NULL);
    png p = {0};

    if (!path || !png_load(path, &p))
        return 0;
    png_count(&p, rgb, ink, match);
    free(p.px);
    return 1;
}

/* URLs the page itself asked for, from the net log: requests whose
 * initiator is an origin (Chromium's own background requests have "not an
 * origin"). Returns how many, or -1 when the log cannot be read. */
static int page_requests(const char *netlog)
{
    char *text = check_slurp(netlog, NULL);
    cJSON *j = text ? cJSON_Parse(text) : NULL, *e;
    int n = 0;

    free(text);
    if (!j)
        return -1;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "events"))
    {
        cJSON *p = cJSON_GetObjectItem(e, "params");
        const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(p, "url"));
        const char *ini =
            cJSON_GetStringValue(cJSON_GetObjectItem(p, "initiator"));

        if (url && ini && strcmp(ini, "not an origin") &&
            strncmp(url, "file:", 5) && strncmp(url, "data:", 5)) {
            fprintf(stderr, "the page asked for %s\n", url);
            n++;
        }
    }
    cJSON_Delete(j);
    return n;
}

static void chromium_render(void)
{
    /* everything but one part hidden; its heading and caption too, so
     * that what is drawn is the SVG's */
    static const char hide[] =
        "body>*{display:none!important}figcaption,h2{display:none!important}"
        "#trends figure{display:none!important}";
    static const struct {
        const char *name, *show;
        unsigned rgb; /* a colour only it draws */
        long min_match;
    } parts[] = {
        /* premises short of rooms (space method) */
        {"map", "#map{display:block!important}", 0xc62828, 40},
        /* the counted patients line */
        {"patients",
         "#trends{display:block!important}#trends #fig-patients{display:block!"
         "important}",
         0x005eb8, 40},
        /* the gap line */
        {"rooms",
         "#trends{display:block!important}#trends #fig-rooms{display:block!"
         "important}",
         0xc62828, 40},
        /* ICB capital bars */
        {"capital",
         "#trends{display:block!important}#trends #fig-capital{display:block!"
         "important}",
         0x005eb8, 400},
    };
    char *html = page("Rugby"), css[1024], netlog[1200];
    long ink0 = -1, match0 = -1, ink, match;

    if (access(CHROMIUM, X_OK) != 0) {
        fprintf(stderr,
                "%s not found: install Debian's chromium (make "
                "deps)\n",
                CHROMIUM);
        CHECK(!"chromium installed");
        free(html);
        return;
    }
    CHECK(mkdtemp(tmpdir) != NULL);
    /* nothing shown: a blank page, which the checks below must tell */
    CHECK(drawn("blank", html, hide, 0xc62828, &ink0, &match0));
    CHECK(ink0 >= 0 && ink0 < 50 && match0 == 0);
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        ink = match = -1;
        snprintf(css, sizeof css, "%s%s", hide, parts[i].show);
        CHECK(drawn(parts[i].name, html, css, parts[i].rgb, &ink, &match));
        if (ink < 2000 || match < parts[i].min_match)
            fprintf(stderr, "%s: %ld pixels of ink, %ld of #%06x\n",
                    parts[i].name, ink, match, parts[i].rgb);
        CHECK(ink >= 2000);
        CHECK(match >= parts[i].min_match);
    }
    /* the whole page asks for nothing over the network... */
    snprintf(netlog, sizeof netlog, "%s/net.json", tmpdir);
    CHECK(render("page", html, "", netlog) != NULL);
    CHECK(page_requests(netlog) == 0);
    /* ...and a page that does is caught (port 9, discard: refused) */
    {
        const char leak[] = "<!DOCTYPE html><html><head></head><body><img "
                            "src=\"http://127.0.0.1:9/x.png\"/></body></html>";

        CHECK(render("leak", leak, "", netlog) != NULL);
        CHECK(page_requests(netlog) >= 1);
    }
    free(html);
}

static void cleanup_tmp(void)
{
    char cmd[256];

    if (strcmp(tmpdir + sizeof tmpdir - 7, "XXXXXX")) {
        snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
    }
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"golden", golden},
        {"pcn_counts", pcn_counts},
        {"index_system_row", index_system_row},
        {"well_formed_offline", well_formed_offline},
        {"sections", sections},
        {"money_cards", money_cards},
        {"escaped", escaped},
        {"bad_documents", bad_documents},
        {"pages_in_memory", pages_in_memory},
        {"places_differing_in_case", places_differing_in_case},
        {"file_names", file_names},
        {"file_names_unique", file_names_unique},
        {"write_killed_each_step", write_killed_each_step},
        {"write_set", write_set},
        {"chromium_render", chromium_render},
        {NULL, NULL}};
    int rc;

    if (!(doc = build_doc()))
        return 1;
    rc = check_run(cases, argc, argv);
    cleanup_tmp();
    cJSON_Delete(doc);
    xmlCleanupParser();
    return rc;
}
