/* test_letter.c: the consultation response (rpt_letter) and the text
 * helpers of pc_reports (rpt_text).
 *
 * Inputs are the assessments in tests/data/assess/: ask.json (a capital
 * ask, two practices, one short and one spare, illustrative values, names
 * with & < > and quotes), no_ask.json (spare capacity covers the new
 * patients) and land.json (land and capital). The Markdown and HTML
 * letters for ask.json are compared byte for byte with
 * tests/golden/letter_ask.md and .html (PC_UPDATE_GOLDEN=1 rewrites them);
 * every HTML letter is parsed as strict XML with libxml2. */
#include "check.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fileset.h"
#include "pc_fmt.h"
#include "rpt_letter.h"
#include "rpt_text.h"

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CAP (4u << 20)

static char *slurp(const char *rel, size_t *len)
{
    char path[1024];
    char *s = check_slurp(check_src(rel, path, sizeof path), len);

    if (!s)
        fprintf(stderr, "cannot open %s\n", path);
    return s;
}

static cJSON *load(const char *name)
{
    char rel[256];
    char *text;
    cJSON *j;

    snprintf(rel, sizeof rel, "tests/data/assess/%s", name);
    text = slurp(rel, NULL);
    if (!text)
        return NULL;
    j = cJSON_Parse(text);
    free(text);
    return j;
}

/* The letter for j, or NULL (with the status in *rc). Free with free(). */
static char *letter(const cJSON *j, rpt_format fmt, pc_status *rc,
                    pc_error *err)
{
    pc_buf b = PC_BUF_INIT(CAP);
    char *s;

    *rc = rpt_letter(j, fmt, &b, err);
    if (*rc != PC_OK) {
        pc_buf_free(&b);
        return NULL;
    }
    s = strdup(pc_buf_str(&b));
    pc_buf_free(&b);
    return s;
}

static char *letter_of(const char *name, rpt_format fmt)
{
    cJSON *j = load(name);
    pc_error err = {0};
    pc_status rc = PC_OK;
    char *s;

    if (!j)
        return NULL;
    s = letter(j, fmt, &rc, &err);
    if (rc != PC_OK)
        fprintf(stderr, "%s: %s\n", name, err.msg);
    cJSON_Delete(j);
    return s;
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

/* Parses html as strict XML (no recovery, no network) and checks the root
 * element is <html>. */
static int xml_ok(const char *html)
{
    xmlDocPtr doc;
    xmlNodePtr root;
    int ok;

    if (!html)
        return 0;
    doc = xmlReadMemory(html, (int)strlen(html), "letter.html", "UTF-8",
                        XML_PARSE_NONET);
    if (!doc)
        return 0;
    root = xmlDocGetRootElement(doc);
    ok = root && !strcmp((const char *)root->name, "html");
    xmlFreeDoc(doc);
    return ok;
}

/* The names from ask.json appear only escaped: no raw <, > or quotes of
 * theirs reach the HTML (xml_ok() then shows every '<' opens our tags). */
static int no_raw_data_lt(const char *html)
{
    return html && !strstr(html, "<Partners") && !strstr(html, "<Phase") &&
           !strstr(html, "\"Health\"") && !strstr(html, "O'Brien");
}

/* --- rpt_text -------------------------------------------------------- */

static void text_html_escape(void)
{
    pc_buf b = PC_BUF_INIT(1024);

    CHECK(rpt_html_esc(&b, "A & B <c> \"d\" 'e' £5") == PC_OK);
    CHECK_STR(pc_buf_str(&b),
              "A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39; £5");
    pc_buf_reset(&b);
    /* invalid UTF-8, a control character, an overlong '<', a surrogate */
    CHECK(rpt_html_esc(&b, "x\xff"
                           "y\x01z\xc0\xbc\xed\xa0\x80.") == PC_OK);
    CHECK_STR(pc_buf_str(&b), "x\xef\xbf\xbdy\xef\xbf\xbdz\xef\xbf\xbd"
                              "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                              "\xef\xbf\xbd.");
    pc_buf_reset(&b);
    CHECK(rpt_html_esc(&b, "tab\there\nok") == PC_OK);
    CHECK_STR(pc_buf_str(&b), "tab\there\nok");
    pc_buf_reset(&b);
    CHECK(rpt_html_esc(&b, NULL) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "");
    pc_buf_free(&b);
}

static void text_markdown_escape(void)
{
    pc_buf b = PC_BUF_INIT(1024);

    CHECK(rpt_md_esc(&b, "a|b *c* _d_ [e](f) <g> #h `i` \\ ~j", 0) == PC_OK);
    CHECK_STR(pc_buf_str(&b),
              "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> \\#h \\`i\\` \\\\ "
              "\\~j");
    pc_buf_reset(&b);
    CHECK(rpt_md_esc(&b, "Smith & Jones &amp; &#38; R&D", 0) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "Smith & Jones \\&amp; \\&\\#38; R\\&D");
    pc_buf_reset(&b);
    CHECK(rpt_md_esc(&b, "line\none\r\ttwo", 0) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "line one  two");
    pc_buf_reset(&b);
    /* at the start of a block: list, heading and quote markers */
    CHECK(rpt_md_esc(&b, "1. first", 1) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "1\\. first");
    pc_buf_reset(&b);
    CHECK(rpt_md_esc(&b, "   - dash", 1) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "\\- dash");
    pc_buf_reset(&b);
    CHECK(rpt_md_esc(&b, "2026) x", 1) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "2026\\) x");
    pc_buf_reset(&b);
    CHECK(rpt_md_esc(&b, "1. not at start", 0) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "1. not at start");
    pc_buf_free(&b);
}

static void text_escape_respects_cap(void)
{
    pc_buf b = PC_BUF_INIT(8);

    CHECK(rpt_html_esc(&b, "a&b&c") == PC_ERR_NOMEM);
    CHECK(b.len <= 8);
    pc_buf_free(&b);
}

static void text_numbers(void)
{
    char s[64];

    pc_fmt_grouped(s, sizeof s, 9040.4, 0);
    CHECK_STR(s, "9,040");
    pc_fmt_grouped(s, sizeof s, -1234567.891, 2);
    CHECK_STR(s, "-1,234,567.89");
    pc_fmt_grouped(s, sizeof s, -0.001, 2);
    CHECK_STR(s, "0.00");
    pc_fmt_grouped(s, sizeof s, 1e300, 0); /* cut to fit, no crash */
    CHECK(strlen(s) == sizeof s - 1);
    pc_fmt_trim(s, sizeof s, 1.35, 4);
    CHECK_STR(s, "1.35");
    pc_fmt_trim(s, sizeof s, 2300, 2);
    CHECK_STR(s, "2,300");
    pc_fmt_trim(s, sizeof s, -0.00001, 2);
    CHECK_STR(s, "0");
    pc_fmt_money(s, sizeof s, 1344494.5, "\xc2\xa3", 0);
    CHECK_STR(s, "£1,344,495"); /* half away from zero, not to even */
    pc_fmt_money(s, sizeof s, 607.34, "\xc2\xa3", -1);
    CHECK_STR(s, "£607.34");
    pc_fmt_money(s, sizeof s, 3105, "\xc2\xa3", -1);
    CHECK_STR(s, "£3,105");
    pc_fmt_money(s, sizeof s, 3105, "\xc2\xa3", 1);
    CHECK_STR(s, "£3,105.00");
    pc_fmt_money(s, sizeof s, -12, "\xc2\xa3", 0);
    CHECK_STR(s, "-£12");
    pc_fmt_pct(s, sizeof s, 0.4123, 1);
    CHECK_STR(s, "41.2%");
    pc_fmt_pct(s, sizeof s, 0.15, 1);
    CHECK_STR(s, "15%");
    pc_fmt_ordinal(s, sizeof s, 2000);
    CHECK_STR(s, "2,000th");
    pc_fmt_ordinal(s, sizeof s, 1);
    CHECK_STR(s, "1st");
    pc_fmt_ordinal(s, sizeof s, 112);
    CHECK_STR(s, "112th");
    pc_fmt_ordinal(s, sizeof s, 1022);
    CHECK_STR(s, "1,022nd");
    pc_fmt_ordinal(s, sizeof s, 23);
    CHECK_STR(s, "23rd");
}

static void text_dates(void)
{
    char s[48] = "untouched";

    CHECK(pc_fmt_date(s, sizeof s, "2026-04-01") == 0);
    CHECK_STR(s, "1 April 2026");
    CHECK(pc_fmt_date(s, sizeof s, "2024-02-29") == 0);
    CHECK_STR(s, "29 February 2024");
    strcpy(s, "untouched");
    CHECK(pc_fmt_date(s, sizeof s, "2026-02-29") == -1);
    CHECK(pc_fmt_date(s, sizeof s, "2026-13-01") == -1);
    CHECK(pc_fmt_date(s, sizeof s, "2026-4-1") == -1);
    CHECK(pc_fmt_date(s, sizeof s, "2026-04-01T00") == -1);
    CHECK(pc_fmt_date(s, sizeof s, NULL) == -1);
    CHECK_STR(s, "untouched");
}

/* --- the letter ------------------------------------------------------ */

static void ask_markdown(void)
{
    char *md = letter_of("ask.json", RPT_MARKDOWN);

    CHECK(md != NULL);
    CHECK_HAS(md, "# NHS Coventry and Warwickshire ICB: response to planning "
                  "consultation\n");
    CHECK(!strstr(md, "NHS NHS"));
    /* the consultation answered: to, application, from, the dates */
    CHECK_HAS(md, "**To:** Head of Development Management, Warwick District "
                  "Council");
    CHECK_HAS(md, "**Application:** W/26/0412/OUT");
    CHECK_HAS(md, "**From:** Estates team, NHS Coventry and Warwickshire ICB "
                  "\\<estates@example.nhs.uk\\>");
    CHECK_HAS(md, "**Date of issue:** 2 April 2026");
    CHECK_HAS(md, "**Consultation received:** 20 March 2026");
    CHECK_HAS(md, "**Response due by:** 10 April 2026");
    CHECK_HAS(md, "**Data as of:** 1 April 2026");
    CHECK_HAS(md, "**Registered lists at:** 1 April 2026");
    CHECK_HAS(md, "Fields & Meadows \\<Phase 2\\> (site CW-FM)");
    CHECK_HAS(md, "**Dwellings:** 2,400");
    CHECK(!strstr(md, "**Local planning authority:**")); /* the council */
    /* PCNs by name, the evidence dated, the named scheme */
    CHECK_HAS(md, "Warwick & Kenilworth PCN");
    CHECK_HAS(md, "The evidence is dated: each practice's registered list is "
                  "NHS England's count of 1 April 2026");
    CHECK_HAS(md, "**Scheme:** the contribution would go towards Stratford & "
                  "Wellesbourne \\<hub\\> (P18, South Warwickshire; new "
                  "build, candidate, 14 rooms)");
    CHECK_HAS(md, "net of the rooms the sites the plan already counts need");
    /* the calculation as a short table, rounded; the full one in the
     * appendix */
    CHECK_HAS(md, "| Step | Figure | How |");
    CHECK_HAS(md, "| Contribution | £1,344,495 | floor space x all-in cost");
    CHECK_HAS(md, "## Appendix A: calculation");
    /* the site map's key (the map itself is in the HTML) */
    CHECK_HAS(md, "The site and the nearest premises of the practices with "
                  "the largest shares (the map is in the HTML version");
    CHECK_HAS(md, "- 1: Smith & Jones \\<Partners\\>, ");
    /* the ask: whole pounds, half up; per dwelling in pence */
    CHECK_HAS(md, "The ICB asks for a contribution of £1,344,495 (£560.21 "
                  "per dwelling)");
    CHECK_HAS(md, "towards additional primary care capacity at Smith & Jones "
                  "\\<Partners\\> and O'Brien \"Health\" Centre");
    CHECK_HAS(md, "6.31 rooms (342.3 m²) are still needed");
    /* residents and patients */
    CHECK_HAS(md, "5,640 residents, at 2.35 persons per dwelling from its "
                  "bedroom mix (15% one-bedroom, 35% two-bedroom");
    CHECK_HAS(md, "61.2% of the new patients (3,453)");
    /* the capacity table: short practice with a minus sign, spare one + */
    CHECK_HAS(md, "| Smith & Jones \\<Partners\\> (M86010) † | 61.2% | 3,453 "
                  "| 9,000 | 10.00 | 11.38 | −1.38 | short | 4.37 | 0.00 | "
                  "4.37 |");
    CHECK_HAS(md, "| +0.82 | spare |");
    CHECK_HAS(md, "| **Total** | **100%** |");
    CHECK_HAS(md, "| **7.13** | **0.82** | **6.31** |");
    CHECK_HAS(md, "consult, treatment and other");
    /* the three tests */
    CHECK_HAS(md, "Regulation 122(2) of the Community Infrastructure Levy "
                  "Regulations 2010");
    CHECK_HAS(md, "The National Planning Policy Framework sets the same tests");
    CHECK_HAS(md, "### (a) Necessary to make the development acceptable in "
                  "planning terms\n");
    CHECK_HAS(md, "### (b) Directly related to the development\n");
    CHECK_HAS(md, "### (c) Fairly and reasonably related in scale and kind "
                  "to the development\n");
    CHECK_HAS(md, "Smith & Jones \\<Partners\\> is already 1.38 rooms short");
    CHECK_HAS(md, "once the 0.82 rooms of spare capacity at those practices "
                  "are used, 6.31 rooms are still needed");
    CHECK_HAS(md, "Smith & Jones \\<Partners\\> (61.2% of them; premises "
                  "1,830 m from the site)");
    CHECK_HAS(md, "published build cost of £2,300 per m² at 1 April 2018 "
                  "(NHS / CHP S106 representations (2018 base))");
    CHECK_HAS(md, "indexed by 1.35 to £3,105 per m² at 1 April 2026, with 15% "
                  "fees and 10% contingency: £3,927.83 per m²");
    CHECK(!strstr(md, "Not met"));
    /* terms */
    CHECK_HAS(md, "**Payment:** 50% on commencement of development; 50% on "
                  "occupation of the 1,200th dwelling.");
    CHECK_HAS(md, "**Spend period:** 10 years from receipt of each payment");
    CHECK_HAS(md, "repaid to the payer with interest");
    CHECK_HAS(md, "**Indexation:** the sum is at prices of 1 April 2026");
    CHECK_HAS(md, "within their primary care networks (Warwick & Kenilworth "
                  "PCN, South Warwickshire \"Rural\" PCN) in "
                  "South Warwickshire");
    /* illustrative: a banner and the note in a block quote */
    CHECK_HAS(md, "> **Draft: not to be sent as it stands.**");
    CHECK_HAS(md, "> - premises rooms of 2 of 2 affected practices\n"
                  "> - site boundary of CW-FM\n");
    CHECK_HAS(md, "must be replaced with the ICB's own data");
    CHECK(!strstr(md, "No figure in this response relies"));
    /* appendices */
    CHECK_HAS(md, "## Appendix A: calculation");
    CHECK_HAS(md, "| Step | Value | Unit | Formula | Assumptions | Data |\n"
                  "|---|---:|---|---|---|---|\n");
    CHECK_HAS(md, "| contribution | 1,344,494.5 | GBP |");
    CHECK_HAS(md, "| all\\_in\\_gbp\\_per\\_m2 | 3,927.83 | GBP/m2 | 2,300 x "
                  "1.35 x (1 + 0.15) x (1 + 0.1) | build\\_cost\\_gbp\\_per\\_"
                  "m2, fees, contingency | cost\\_index:2018-04-01, "
                  "cost\\_index:2026-04-01 |");
    CHECK_HAS(md, "## Appendix B: warnings from the assessment\n\n- the site "
                  "straddles the Warwick & Coventry boundary");
    CHECK(md && md[strlen(md) - 1] == '\n' && md[strlen(md) - 2] != '\n');
    free(md);
}

static void ask_html(void)
{
    char *h = letter_of("ask.json", RPT_HTML);

    CHECK(h != NULL);
    CHECK(h && !strncmp(h, "<!DOCTYPE html>\n<html ", 22));
    CHECK_HAS(h, "<meta charset=\"utf-8\"/>");
    CHECK_HAS(h, "@media print");
    CHECK_HAS(h, "size:A4");
    CHECK_HAS(h, "Smith &amp; Jones &lt;Partners&gt;");
    CHECK_HAS(h, "O&#39;Brien &quot;Health&quot; Centre");
    CHECK_HAS(h, "Fields &amp; Meadows &lt;Phase 2&gt;");
    /* the site map: inline SVG with the site, two numbered premises, a
     * scale bar */
    CHECK_HAS(h, "<figure>\n<svg ");
    CHECK_HAS(h, "class=\"site\"");
    CHECK_HAS(h, "<figcaption class=\"small\">The site (shaded)");
    CHECK(no_raw_data_lt(h));
    CHECK_HAS(h, "£1,344,495 (£560.21 per dwelling)");
    CHECK_HAS(h, "<h3>(a) Necessary to make the development acceptable in "
                 "planning terms</h3>");
    CHECK_HAS(h, "<h3>(b) Directly related to the development</h3>");
    CHECK_HAS(h, "<h3>(c) Fairly and reasonably related in scale and kind "
                 "to the development</h3>");
    CHECK_HAS(h, "<td class=\"n\">−1.38</td>");
    CHECK_HAS(h, "<div class=\"note\">");
    /* self-contained: nothing fetched */
    CHECK(!strstr(h, "src=") && !strstr(h, "href=") && !strstr(h, "url(") &&
          !strstr(h, "@import"));
    CHECK(xml_ok(h));
    free(h);
}

static void no_ask(void)
{
    static const rpt_format fmts[2] = {RPT_MARKDOWN, RPT_HTML};

    for (int f = 0; f < 2; f++) {
        char *s = letter_of("no_ask.json", fmts[f]);

        CHECK(s != NULL);
        CHECK_HAS(s, "No capital contribution is sought from this "
                     "development for primary care: the practices its "
                     "residents would register with have 0.91 spare rooms "
                     "between them, enough for the 0.91 rooms its 720 new "
                     "patients need, so no contribution would meet the test "
                     "of necessity.");
        CHECK_HAS(s, "Proposed development at -1.26000,52.37000");
        CHECK_HAS(s, "5. No contribution sought");
        CHECK(count(s, "Not met for a capital contribution") == 3);
        CHECK_HAS(s, "(a) Necessary to make the development acceptable");
        CHECK_HAS(s, "(b) Directly related to the development");
        CHECK_HAS(s, "(c) Fairly and reasonably related in scale and kind");
        CHECK_HAS(s, "No figure in this response relies on illustrative "
                     "values.");
        /* asks for no money and no land */
        CHECK(!strstr(s, "£"));
        CHECK(!strstr(s, "asks for"));
        CHECK(!strstr(s, "Payment"));
        CHECK(!strstr(s, "Spend period"));
        CHECK(!strstr(s, "Draft"));
        CHECK(!strstr(s, "Appendix B"));
        CHECK(!strstr(s, "(site "));
        CHECK(!strstr(s, "Planning status"));
        if (fmts[f] == RPT_HTML)
            CHECK(xml_ok(s));
        free(s);
    }
}

static void land_and_capital(void)
{
    char *md = letter_of("land.json", RPT_MARKDOWN);
    char *h = letter_of("land.json", RPT_HTML);

    CHECK_HAS(md, "The ICB asks for 0.35 ha of serviced land within the site "
                  "for a primary care facility and a contribution of "
                  "£1,939,167 (£646.39 per dwelling)");
    CHECK_HAS(md, "**Land:** 0.35 ha of serviced land within the site, "
                  "transferred to the ICB or its nominee at nil cost");
    CHECK_HAS(md, "**Financial contribution:** £1,939,167");
    CHECK_HAS(md, "**Payment:** 25% on commencement of development; 25% on "
                  "1 April 2028; 50% on occupation of the 1,500th dwelling.");
    CHECK_HAS(md, "**Spend period:** 5 years from receipt");
    CHECK_HAS(md, "Atherstone Health Centre is full");
    CHECK_HAS(md, "The practice the development's residents will register "
                  "with does not have the capacity for them. The new patients "
                  "need 9.10 rooms; that practice has no spare capacity to "
                  "offer, so all 9.10 are still needed.");
    CHECK_HAS(md, "at Atherstone Health Centre, or otherwise within its "
                  "primary care network (U22222) in Warwickshire North");
    CHECK_HAS(md, "**Planning status:** allocated");
    CHECK_HAS(md, "scenario fast-delivery");
    CHECK_HAS(md, "> - cost\\_index.csv\n");
    CHECK(xml_ok(h));
    free(md);
    free(h);
}

/* form "land": land is asked for, money is not */
static void land_only(void)
{
    cJSON *j = load("land.json");
    pc_error err = {0};
    pc_status rc;
    char *md;

    CHECK(j != NULL);
    if (!j)
        return;
    cJSON_ReplaceItemInObject(j, "form", cJSON_CreateString("land"));
    md = letter(j, RPT_MARKDOWN, &rc, &err);
    CHECK(rc == PC_OK);
    CHECK_HAS(md, "The ICB asks for 0.35 ha of serviced land within the site "
                  "for a primary care facility, to provide additional primary "
                  "care capacity for Atherstone Health Centre, to meet");
    CHECK_HAS(md, "**Land:** 0.35 ha");
    CHECK_HAS(md, "**Transfer:** 25% on commencement");
    CHECK(!strstr(md, "£"));
    CHECK(!strstr(md, "Financial contribution"));
    CHECK(!strstr(md, "Spend period"));
    free(md);
    cJSON_Delete(j);
}

/* The letters for ask.json against the golden files, byte for byte. */
static void golden(void)
{
    static const struct {
        rpt_format fmt;
        const char *file;
    } g[2] = {{RPT_MARKDOWN, "letter_ask.md"}, {RPT_HTML, "letter_ask.html"}};

    for (int i = 0; i < 2; i++) {
        char rel[256];
        char *got = letter_of("ask.json", g[i].fmt);

        snprintf(rel, sizeof rel, "tests/golden/%s", g[i].file);
        CHECK_GOLDEN(rel, got, got ? strlen(got) : 0);
        free(got);
    }
}

/* Deterministic: the same input gives the same bytes. */
static void deterministic(void)
{
    char *a = letter_of("land.json", RPT_HTML);
    char *b = letter_of("land.json", RPT_HTML);

    CHECK(a && b && !strcmp(a, b));
    free(a);
    free(b);
}

/* rpt_letter_write: STEM.md and STEM.html with the letter's bytes, the
 * ending of the name given dropped; a bad assessment writes neither. */
static void write_pair(void)
{
    char tmp[] = "/tmp/pcplan-letter-XXXXXX", file[256], want[300];
    cJSON *j = load("ask.json");
    const char **w = NULL;
    pc_error err = {0};
    struct stat sb;
    const cJSON *ok;

    CHECK(j && mkdtemp(tmp) != NULL);
    snprintf(file, sizeof file, "%s/response.html", tmp);
    CHECK(rpt_letter_write(j, file, &w, &err) == PC_OK);
    snprintf(want, sizeof want, "%s/response.md", tmp);
    CHECK(w && !strcmp(w[0], want) && !strcmp(w[1], file) && !w[2]);
    for (int k = 0; w && k < 2; k++) {
        char *got = check_slurp(w[k], NULL);
        char *made = letter_of("ask.json", k ? RPT_HTML : RPT_MARKDOWN);

        CHECK(got && made && !strcmp(got, made));
        free(got);
        free(made);
    }
    rpt_paths_free(w);
    w = NULL;
    cJSON_DeleteItemFromObject(j, "practices");
    snprintf(file, sizeof file, "%s/bad", tmp);
    CHECK(rpt_letter_write(j, file, &w, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "practices");
    snprintf(want, sizeof want, "%s/bad.md", tmp);
    CHECK(!w && stat(want, &sb) != 0);
    snprintf(file, sizeof file, "%s/no/such/folder/x.md", tmp);
    cJSON_Delete(j);
    j = load("ask.json");
    ok = j;
    CHECK(rpt_letter_write(ok, file, &w, &err) == PC_ERR_IO);
    cJSON_Delete(j);
    snprintf(file, sizeof file, "rm -rf '%s'", tmp);
    CHECK(system(file) == 0);
}

/* The hook: fails the fail_at-th step of the pair's commit. */
static int calls, fail_at;

static int fail_hook(const char *step)
{
    (void)step;
    return ++calls == fail_at ? EIO : 0;
}

/* Entries of dir, for seeing that no temporary is left. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

/* The pair after a failure injected at each step in turn (as a kill
 * would): both letters old or both new, no temporary left, and symlinks
 * planted at the old temporary names (STEM.md.tmp) not followed. */
static void write_pair_killed(void)
{
    char tmp[] = "/tmp/pcplan-letter-XXXXXX", file[300], p[2][320], v[320];
    cJSON *ask = load("ask.json"), *land = load("land.json");
    char *want_old[2] = {letter_of("ask.json", RPT_MARKDOWN),
                         letter_of("ask.json", RPT_HTML)};
    char *want_new[2] = {letter_of("land.json", RPT_MARKDOWN),
                         letter_of("land.json", RPT_HTML)};
    pc_error err = {0};
    int k;

    CHECK(ask && land && mkdtemp(tmp) != NULL);
    snprintf(file, sizeof file, "%s/response", tmp);
    snprintf(p[0], sizeof p[0], "%s.md", file);
    snprintf(p[1], sizeof p[1], "%s.html", file);
    snprintf(v, sizeof v, "%s/victim", tmp);
    {
        FILE *f = fopen(v, "w");

        CHECK(f && fputs("precious", f) >= 0);
        if (f)
            fclose(f);
    }
    for (int i = 0; i < 2; i++) {
        char planted[sizeof p + 8]; /* gcc bounds p[i] by all of p */

        snprintf(planted, sizeof planted, "%s.tmp", p[i]);
        CHECK(symlink("victim", planted) == 0);
    }
    CHECK(rpt_letter_write(ask, file, NULL, &err) == PC_OK);
    pc_file_set_fail_hook(fail_hook);
    for (k = 1; k < 10; k++) {
        pc_status rc;

        calls = 0;
        fail_at = k;
        rc = rpt_letter_write(land, file, NULL, &err);
        for (int i = 0; i < 2; i++) {
            char *got = check_slurp(p[i], NULL);

            CHECK(got && !strcmp(got, rc == PC_OK ? want_new[i] : want_old[i]));
            free(got);
        }
        CHECK(entries(tmp) == 5); /* the pair, the victim, two symlinks */
        if (rc == PC_OK)
            break;
    }
    CHECK(k == 5); /* write, write, rename, rename */
    pc_file_set_fail_hook(NULL);
    {
        char *got = check_slurp(v, NULL);

        CHECK_STR(got, "precious");
        free(got);
    }
    for (int i = 0; i < 2; i++) {
        free(want_old[i]);
        free(want_new[i]);
    }
    cJSON_Delete(ask);
    cJSON_Delete(land);
    snprintf(file, sizeof file, "rm -rf '%s'", tmp);
    CHECK(system(file) == 0);
}

static void expect_input_error(cJSON *j, const char *key)
{
    pc_buf b = PC_BUF_INIT(CAP);
    pc_error err = {0};

    CHECK(rpt_letter(j, RPT_HTML, &b, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, key);
    CHECK(b.len == 0); /* nothing written */
    pc_buf_free(&b);
}

static void missing_and_bad_keys(void)
{
    cJSON *j = load("ask.json");
    cJSON *c;

    CHECK(j != NULL);
    if (!j)
        return;
    c = cJSON_Duplicate(j, 1);
    cJSON_DeleteItemFromObject(c, "as_of");
    expect_input_error(c, "key \"as_of\": missing");
    cJSON_Delete(c);

    c = cJSON_Duplicate(j, 1);
    cJSON_ReplaceItemInObject(c, "as_of", cJSON_CreateString("1 April 2026"));
    expect_input_error(c, "key \"as_of\": expected a date YYYY-MM-DD");
    cJSON_Delete(c);

    c = cJSON_Duplicate(j, 1);
    cJSON_ReplaceItemInObject(
        cJSON_GetArrayItem(cJSON_GetObjectItem(c, "practices"), 1), "share",
        cJSON_CreateString("0.4"));
    expect_input_error(
        c, "key \"practices[1].share\": expected a number, got a string");
    cJSON_Delete(c);

    c = cJSON_Duplicate(j, 1);
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(c, "cost"), "fees");
    expect_input_error(c, "key \"cost.fees\": missing");
    cJSON_Delete(c);

    c = cJSON_Duplicate(j, 1);
    cJSON_ReplaceItemInObject(c, "form", cJSON_CreateString("cash"));
    expect_input_error(c, "key \"form\": expected \"capital\"");
    cJSON_Delete(c);

    c = cJSON_Duplicate(j, 1);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(c, "suggested"), "triggers",
                              cJSON_CreateString("50%@whenever"));
    expect_input_error(c, "key \"suggested.triggers\": expected PCT%@EVENT");
    cJSON_Delete(c);

    c = cJSON_Duplicate(j, 1);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(c, "suggested"), "triggers",
                              cJSON_CreateString("50%@occupation:0"));
    expect_input_error(c, "suggested.triggers");
    cJSON_Delete(c);

    c = cJSON_Duplicate(j, 1);
    cJSON_ReplaceItemInObject(c, "illustrative", cJSON_CreateNull());
    expect_input_error(c, "key \"illustrative\": expected an array of "
                          "strings, got null");
    cJSON_Delete(c);

    c = cJSON_Duplicate(j, 1);
    cJSON_ReplaceItemInObject(c, "assessment",
                              cJSON_CreateString("pcplan-site-assessment/2"));
    expect_input_error(c, "key \"assessment\": expected "
                          "\"pcplan-site-assessment/1\"");
    cJSON_Delete(c);

    c = cJSON_Duplicate(j, 1);
    cJSON_ReplaceItemInObject(c, "form",
                              cJSON_CreateString("land_and_capital"));
    expect_input_error(c, "key \"land_ha\": missing");
    cJSON_Delete(c);

    c = cJSON_CreateArray();
    expect_input_error(c, "expected a JSON object, got an array");
    cJSON_Delete(c);
    {
        pc_buf b = PC_BUF_INIT(CAP);
        pc_error err = {0};

        CHECK(rpt_letter(NULL, RPT_MARKDOWN, &b, &err) == PC_ERR_INPUT);
        pc_buf_free(&b);
    }
    cJSON_Delete(j);
}

/* An output cap too small for the letter: PC_ERR_NOMEM, out untouched. */
static void over_the_cap(void)
{
    cJSON *j = load("ask.json");
    pc_buf b = PC_BUF_INIT(2000);
    pc_error err = {0};

    CHECK(pc_buf_puts(&b, "kept") == PC_OK);
    CHECK(rpt_letter(j, RPT_HTML, &b, &err) == PC_ERR_NOMEM);
    CHECK_STR(pc_buf_str(&b), "kept");
    pc_buf_free(&b);
    cJSON_Delete(j);
}

/* Robustness: every key of ask.json, in turn, deleted or replaced by a
 * value of each other type. The letter is written or the call fails with
 * PC_ERR_INPUT naming that key; never a crash (run under ASan/UBSan).
 * Each variant is made on a fresh copy (cJSON 1.7.15's
 * cJSON_InsertItemInArray loses items, so nothing is put back). */
typedef struct sweep {
    const cJSON *root;
    int runs, errors;
} sweep;

/* path: the key changed; alt: its parent, also accepted (deleting the
 * only practice empties "practices") */
static void try_variant(sweep *s, const cJSON *doc, const char *path,
                        const char *alt)
{
    static const rpt_format fmts[2] = {RPT_MARKDOWN, RPT_HTML};

    for (int f = 0; f < 2; f++) {
        pc_buf b = PC_BUF_INIT(CAP);
        pc_error err = {0};
        pc_status rc = rpt_letter(doc, fmts[f], &b, &err);

        s->runs++;
        CHECK(rc == PC_OK || rc == PC_ERR_INPUT);
        if (rc == PC_ERR_INPUT) {
            s->errors++;
            int named = strstr(err.msg, path) || (alt && strstr(err.msg, alt));

            if (!named)
                fprintf(stderr, "mutating %s: %s\n", path, err.msg);
            CHECK(named);
        } else if (rc == PC_OK && fmts[f] == RPT_HTML) {
            CHECK(xml_ok(pc_buf_str(&b)));
        }
        pc_buf_free(&b);
    }
}

static cJSON *make_kind(int k)
{
    switch (k) {
    case 0: return cJSON_CreateNull();
    case 1: return cJSON_CreateNumber(-7.5);
    case 2: return cJSON_CreateString("<x> & \"y\"");
    case 3: return cJSON_CreateTrue();
    case 4: return cJSON_CreateArray();
    default: return cJSON_CreateObject();
    }
}

static int same_kind(const cJSON *v, int k)
{
    switch (k) {
    case 0: return cJSON_IsNull(v);
    case 1: return cJSON_IsNumber(v);
    case 2: return cJSON_IsString(v);
    case 3: return cJSON_IsBool(v);
    case 4: return cJSON_IsArray(v);
    default: return cJSON_IsObject(v);
    }
}

/* A copy of s->root with the item at idx[0..depth) replaced by a value of
 * kind k, or deleted when k < 0. */
static cJSON *variant(const sweep *s, const int *idx, int depth, int k)
{
    cJSON *copy = cJSON_Duplicate(s->root, 1);
    cJSON *parent = copy, *item;

    for (int i = 0; i + 1 < depth; i++)
        parent = cJSON_GetArrayItem(parent, idx[i]);
    item = cJSON_GetArrayItem(parent, idx[depth - 1]);
    if (cJSON_IsArray(parent)) {
        if (k < 0)
            cJSON_DeleteItemFromArray(parent, idx[depth - 1]);
        else
            cJSON_ReplaceItemInArray(parent, idx[depth - 1], make_kind(k));
    } else {
        char *key = strdup(item->string);

        if (k < 0)
            cJSON_DeleteItemFromObjectCaseSensitive(parent, key);
        else
            cJSON_ReplaceItemInObjectCaseSensitive(parent, key, make_kind(k));
        free(key);
    }
    return copy;
}

static void mutate(sweep *s, const cJSON *node, int *idx, int depth,
                   const char *ppath)
{
    int n = cJSON_GetArraySize(node);

    for (int i = 0; i < n && depth < 8; i++) {
        const cJSON *item = cJSON_GetArrayItem(node, i);
        char path[256];

        if (cJSON_IsArray(node))
            snprintf(path, sizeof path, "%s[%d]", ppath, i);
        else
            snprintf(path, sizeof path, "%s%s%s", ppath, *ppath ? "." : "",
                     item->string);
        idx[depth] = i;
        for (int k = -1; k < 6; k++) {
            cJSON *v;

            if (k >= 0 && same_kind(item, k))
                continue;
            v = variant(s, idx, depth + 1, k);
            try_variant(s, v, path, k < 0 && *ppath ? ppath : NULL);
            cJSON_Delete(v);
        }
        if (cJSON_IsArray(item) || cJSON_IsObject(item))
            mutate(s, item, idx, depth + 1, path);
    }
}

static void wrong_types_fail_cleanly(void)
{
    static const char *const files[] = {"ask.json", "no_ask.json", "land.json"};

    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        cJSON *root = load(files[f]);
        sweep s = {root, 0, 0};
        int idx[8];

        CHECK(root != NULL);
        if (!root)
            continue;
        mutate(&s, root, idx, 0, "");
        CHECK(s.runs > 500);
        CHECK(s.errors > 100);
        cJSON_Delete(root);
    }
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"text_html_escape", text_html_escape},
        {"text_markdown_escape", text_markdown_escape},
        {"text_escape_respects_cap", text_escape_respects_cap},
        {"text_numbers", text_numbers},
        {"text_dates", text_dates},
        {"ask_markdown", ask_markdown},
        {"ask_html", ask_html},
        {"no_ask", no_ask},
        {"land_and_capital", land_and_capital},
        {"land_only", land_only},
        {"golden", golden},
        {"write_pair", write_pair},
        {"write_pair_killed", write_pair_killed},
        {"deterministic", deterministic},
        {"missing_and_bad_keys", missing_and_bad_keys},
        {"over_the_cap", over_the_cap},
        {"wrong_types_fail_cleanly", wrong_types_fail_cleanly},
        {NULL, NULL}};
    int rc;

    xmlInitParser();
    rc = check_run(cases, argc, argv);
    xmlCleanupParser();
    return rc;
}
