/* rpt_letter.c: the ICB's consultation response to a planning application,
 * written from a site assessment (see rpt_letter.h).
 *
 * Two passes. rpt_letter_read() (rpt_letter_read.c) checks every key the
 * letter uses and copies the values into a `letter`, so that a bad
 * document fails before anything is written. The letter is then written
 * once through the shared document writer (rpt_doc.h), which emits either
 * Markdown or HTML for the same calls and escapes all text for the
 * format, so markup only ever comes from the writer itself. This file has
 * the letter's frame and most of its sections; the tests and the ask are
 * in rpt_letter_tests.c. */
#include "rpt_letter_int.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fileset.h"
#include "pc_fmt.h"
#include "rpt_files.h"
#include "rpt_svg.h"
#include "rpt_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* rooms with a sign: "+0.03", "−1.20" (U+2212), "0.00" */
static const char *fsigned(rpt_doc *d, double v)
{
    char *s = rpt_doc_ring(d);
    char num[80];

    pc_fmt_grouped(num, sizeof num, fabs(v), 2);
    if (!strcmp(num, "0.00"))
        snprintf(s, sizeof d->ring[0], "%s", num);
    else
        snprintf(s, sizeof d->ring[0], "%s%s", v < 0 ? MINUS : "+", num);
    return s;
}

static const char css[] =
    "body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;"
    "line-height:1.45;color:#212b32;max-width:52em;margin:2em auto;"
    "padding:0 1em}\n"
    "h1{font-size:1.5em;color:#005eb8;margin:0 0 .6em}\n"
    "h2{font-size:1.2em;color:#005eb8;margin:1.6em 0 .5em;"
    "border-bottom:1px solid #d8dde0;padding-bottom:.15em}\n"
    "h3{font-size:1em;margin:1.2em 0 .3em}\n"
    "ul.facts{list-style:none;padding:0}\n"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.85em}\n"
    "th,td{border:1px solid #d8dde0;padding:.25em .45em;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f0f4f5}\n"
    ".n{text-align:right}\n"
    "td.n{white-space:nowrap}\n"
    "tr.total td{border-top:2px solid #425563}\n"
    ".note{border-left:5px solid #ffb81c;background:#fff9e6;"
    "padding:.2em 1em;margin:1em 0}\n"
    ".small{font-size:.85em;color:#4c6272}\n"
    "figure{margin:1em 0}figure svg{max-width:100%;height:auto}\n"
    "svg text{font-family:inherit;font-size:11px;fill:#212b32}\n"
    ".site{fill:#f0a500;fill-opacity:.35;stroke:#b07400;stroke-width:1.5}\n"
    ".prem{fill:#005eb8;stroke:#fff;stroke-width:1}\n"
    ".lbl{font-weight:bold}\n"
    "@media print{\n"
    "@page{size:A4;margin:18mm 16mm 20mm}\n"
    "body{max-width:none;margin:0;padding:0;font-size:10pt}\n"
    "h2,h3{page-break-after:avoid;break-after:avoid}\n"
    "table,tr,.note{page-break-inside:avoid;break-inside:avoid}\n"
    "thead{display:table-header-group}\n"
    ".note{background:none}\n"
    "}\n";

/* "NHS Coventry and Warwickshire ICB" from a title that may or may not
 * start with "NHS ". */
static const char *org_prefix(const letter *L)
{
    return strncmp(L->title, "NHS ", 4) ? "NHS " : "";
}

static void write_dev_name(rpt_doc *d, const letter *L)
{
    if (L->site_name && *L->site_name)
        rpt_doc_txt(d, L->site_name);
    else if (L->postcode && *L->postcode)
        rpt_doc_txtf(d, "Proposed development at postcode %s", L->postcode);
    else if (L->has_lonlat)
        rpt_doc_txtf(d, "Proposed development at %s,%s",
                     rpt_doc_num(d, L->lon, 5), rpt_doc_num(d, L->lat, 5));
    else
        rpt_doc_txt(d, "The proposed development");
}

/* Does practice i need rooms the development must provide? */
static int needs_rooms(const practice *p)
{
    return p->rooms_net > 0.005;
}

/* How many practices rpt_letter_practice_names() names. */
size_t rpt_letter_named_count(const letter *L, int only_needing)
{
    size_t i, n = 0;

    for (i = 0; only_needing && i < L->npr; i++)
        n += needs_rooms(&L->pr[i]);
    return n ? n : L->npr;
}

/* The practices (those still needing rooms when only_needing and any do,
 * else all) as "A, B and C". */
void rpt_letter_practice_names(rpt_doc *d, const letter *L, int only_needing)
{
    size_t n = 0, k = 0, i;

    if (only_needing) {
        for (i = 0; i < L->npr; i++)
            n += needs_rooms(&L->pr[i]);
        if (!n)
            only_needing = 0;
    }
    if (!only_needing)
        n = L->npr;
    for (i = 0; i < L->npr; i++) {
        if (only_needing && !needs_rooms(&L->pr[i]))
            continue;
        if (k)
            rpt_doc_txt(d, k + 1 == n ? " and " : ", ");
        rpt_doc_txt(d, L->pr[i].name);
        k++;
    }
}

/* The distinct PCNs (by name where known, else code; with places, the
 * places) of those practices, "P1, P2" ("A and B" for places); returns
 * how many. With dry, writes nothing. */
int rpt_letter_distinct(rpt_doc *d, const letter *L, int only_needing,
                        int places, int dry)
{
    size_t i, j, n = 0, k = 0;
    int pass;

    if (rpt_letter_named_count(L, 1) == L->npr)
        only_needing = 0;
    /* pass 0 counts, pass 1 writes */
    for (pass = 0; pass < (dry ? 1 : 2); pass++) {
        for (i = 0; i < L->npr; i++) {
            const practice *p = &L->pr[i];
            const char *v = places ? p->place : p->pcn;
            int seen = 0;

            if (!v || !*v || (only_needing && !needs_rooms(p)))
                continue;
            for (j = 0; j < i && !seen; j++) {
                const char *w = places ? L->pr[j].place : L->pr[j].pcn;

                seen = w && !strcmp(w, v) &&
                       (!only_needing || needs_rooms(&L->pr[j]));
            }
            if (seen)
                continue;
            if (pass == 0) {
                n++;
                continue;
            }
            if (k)
                rpt_doc_txt(d, places && k + 1 == n ? " and " : ", ");
            rpt_doc_txt(d, !places && p->pcn_name ? p->pcn_name : v);
            k++;
        }
    }
    return (int)n;
}

static void write_rooms_counted(rpt_doc *d, const letter *L)
{
    int n = cJSON_GetArraySize(L->rooms_counted), k = 0;
    const cJSON *e;

    if (!n) {
        rpt_doc_txt(d, "all types");
        return;
    }
    cJSON_ArrayForEach(e, L->rooms_counted)
    {
        if (k)
            rpt_doc_txt(d, k + 1 == n ? " and " : ", ");
        rpt_doc_txt(d, e->valuestring);
        k++;
    }
}

/* Ends a sentence taken from the data with a full stop if it has none. */
static void write_sentence(rpt_doc *d, const char *s)
{
    size_t n = strlen(s);

    rpt_doc_txt(d, s);
    if (n && !strchr(".!?", s[n - 1]))
        rpt_doc_txt(d, ".");
}

static const char *allocation_words(const char *rule)
{
    if (!strcmp(rule, "huff"))
        return "each practice's share is in proportion to its list size and "
               "inversely to a power of the distance from the site to its "
               "nearest premises (a Huff gravity model over the practices "
               "within reach of the site)";
    if (!strcmp(rule, "nearest"))
        return "all go to the practice whose premises are nearest the site "
               "(shared by list size where a building houses several "
               "practices)";
    if (!strcmp(rule, "catchment"))
        return "they are shared among the practices whose registration "
               "catchment covers the site, in proportion to list size and to "
               "the part of the site inside each catchment";
    return NULL;
}

void rpt_letter_no_ask_reason(rpt_doc *d, const letter *L)
{
    if (L->no_ask_reason)
        write_sentence(d, L->no_ask_reason);
    else if (L->net <= 0.005)
        rpt_doc_txt(d,
                    "the practices its residents will register with have the "
                    "capacity for the new patients.");
    else
        rpt_doc_txt(d, "the assessment sets no contribution for it.");
}

/* One "**Label:** text" item of the heading's list, when text is set. */
static void fact(rpt_doc *d, const char *label, const char *text)
{
    if (!text || !*text)
        return;
    rpt_doc_li_begin(d);
    rpt_doc_bold(d, label);
    rpt_doc_txtf(d, " %s", text);
    rpt_doc_li_end(d);
}

/* Who the response is to and from, the application and its dates. */
static void write_consultation(rpt_doc *d, const letter *L)
{
    if ((L->addressee && *L->addressee) || (L->council && *L->council)) {
        rpt_doc_li_begin(d);
        rpt_doc_bold(d, "To:");
        rpt_doc_txtf(d, " %s",
                     L->addressee && *L->addressee ? L->addressee : L->council);
        if (L->addressee && *L->addressee && L->council && *L->council)
            rpt_doc_txtf(d, ", %s", L->council);
        rpt_doc_li_end(d);
    }
    fact(d, "Application:", L->reference);
    fact(d, "From:", L->contact);
    fact(d, "Date of issue:", L->issued[0] ? L->issued : L->date);
    fact(d, "Consultation received:", L->consulted);
    fact(d, "Response due by:", L->deadline);
    fact(d, "Data as of:", L->date);
    fact(d, "Registered lists at:", L->list_date);
}

static void write_heading_block(rpt_doc *d, const letter *L)
{
    rpt_doc_heading(d, 1, "%s%s: response to planning consultation",
                    org_prefix(L), L->title);
    rpt_doc_ul_begin(d, "facts");
    write_consultation(d, L);
    rpt_doc_li_begin(d);
    rpt_doc_bold(d, "Development:");
    rpt_doc_txt(d, " ");
    write_dev_name(d, L);
    if (L->site_id)
        rpt_doc_txtf(d, " (site %s)", L->site_id);
    rpt_doc_li_end(d);
    rpt_doc_li_begin(d);
    rpt_doc_bold(d, "Dwellings:");
    rpt_doc_txtf(d, " %s", rpt_doc_num(d, L->dwellings, 0));
    rpt_doc_li_end(d);
    if (!(L->council && *L->council))
        fact(d, "Local planning authority:", L->lad_name);
    if (L->place) {
        rpt_doc_li_begin(d);
        rpt_doc_bold(d, "Place:");
        rpt_doc_txtf(d, " %s", L->place);
        rpt_doc_li_end(d);
    }
    if (L->planning_status) {
        char st[64];
        size_t i;

        snprintf(st, sizeof st, "%s", L->planning_status);
        for (i = 0; st[i]; i++)
            if (st[i] == '_')
                st[i] = ' ';
        rpt_doc_li_begin(d);
        rpt_doc_bold(d, "Planning status:");
        rpt_doc_txtf(d, " %s", st);
        rpt_doc_li_end(d);
    }
    if (L->has_area) {
        rpt_doc_li_begin(d);
        rpt_doc_bold(d, "Site area:");
        rpt_doc_txtf(d, " %s ha", rpt_doc_trim(d, L->area_ha, 2));
        rpt_doc_li_end(d);
    }
    rpt_doc_li_begin(d);
    rpt_doc_bold(d, "Assessment:");
    rpt_doc_txtf(d, " pcplan's site assessment of %s", L->date);
    if (L->dataset)
        rpt_doc_txtf(d, ", dataset %s", L->dataset);
    if (L->preset)
        rpt_doc_txtf(d, ", preset %s", L->preset);
    if (L->scenario)
        rpt_doc_txtf(d, ", scenario %s", L->scenario);
    rpt_doc_li_end(d);
    rpt_doc_ul_end(d);

    if (cJSON_GetArraySize(L->illustrative) > 0) {
        rpt_doc_note_begin(d, "note");
        rpt_doc_p_begin(d, NULL);
        rpt_doc_bold(d, "Draft: not to be sent as it stands.");
        rpt_doc_txt(d, " Some figures rest on illustrative values (section 6); "
                       "replace them with the ICB's own data before sending.");
        rpt_doc_p_end(d);
        rpt_doc_note_end(d);
    }
}

static void write_summary(rpt_doc *d, const letter *L)
{
    rpt_doc_heading(d, 2, "1. Summary");
    rpt_doc_p_begin(d, NULL);
    if (!L->ask) {
        rpt_doc_txt(d,
                    "No capital contribution is sought from this development ");
        rpt_doc_txt(d, L->form_land ? "and no land is sought: "
                                    : "for primary care: ");
        rpt_letter_no_ask_reason(d, L);
        rpt_doc_txtf(d, " Its %s new patients are expected to register with ",
                     rpt_doc_num(d, L->new_patients, 0));
        rpt_letter_practice_names(d, L, 0);
        rpt_doc_txt(
            d, ". The ICB asks to be consulted again if the number or mix of "
               "dwellings changes.");
        rpt_doc_p_end(d);
        return;
    }
    rpt_doc_txt(d, "The ICB asks for ");
    if (L->ask_land) {
        rpt_doc_txtf(
            d,
            "%s ha of serviced land within the site for a primary care "
            "facility",
            rpt_doc_trim(d, L->land_ha, 2));
        if (L->ask_capital)
            rpt_doc_txt(d, " and ");
    }
    if (L->ask_capital) {
        rpt_doc_txtf(d, "a contribution of %s (%s per dwelling)",
                     rpt_doc_gbp(d, L->gbp, 0),
                     rpt_doc_gbp(d, L->per_dwelling, -1));
        rpt_doc_txt(d, " towards additional primary care capacity at ");
    } else {
        rpt_doc_txt(d, ", to provide additional primary care capacity for ");
    }
    if (rpt_letter_named_count(L, 1) <= 3)
        rpt_letter_practice_names(d, L, 1);
    else
        rpt_doc_txtf(d, "the %s practices named in section 5",
                     rpt_doc_num(d, (double)rpt_letter_named_count(L, 1), 0));
    rpt_doc_txtf(
        d,
        ", to meet the needs of the %s new patients the development's %s "
        "homes will bring.",
        rpt_doc_num(d, L->new_patients, 0), rpt_doc_num(d, L->dwellings, 0));
    if (L->net > 0.005) {
        rpt_doc_txt(d, L->npr == 1
                           ? " The practice they will register with does "
                             "not have the room for them: "
                           : " The practices they will register with do not "
                             "have the room for them: ");
        if (L->use_spare && L->spare_used > 0.005)
            rpt_doc_txtf(d, "after %s rooms of spare capacity are used, ",
                         rpt_doc_num(d, L->spare_used, 2));
        rpt_doc_txtf(d, "%s rooms (%s m²) are still needed.",
                     rpt_doc_num(d, L->net, 2), rpt_doc_trim(d, L->m2, 1));
    }
    rpt_doc_p_end(d);
}

/* --- the site map ---------------------------------------------------- */

#define MAP_PRACTICES 8 /* the largest shares drawn on the map */

/* Practices on the map: the first MAP_PRACTICES with a premises point. */
static size_t map_count(const letter *L)
{
    size_t n = 0;

    for (size_t i = 0; i < L->npr && n < MAP_PRACTICES; i++)
        n += isfinite(L->pr[i].near_e) && isfinite(L->pr[i].near_n);
    return n;
}

/* The map as inline SVG: the site (a circle of its area), the nearest
 * premises of the practices with the largest shares, numbered, a scale
 * bar and a north arrow. */
static pc_status map_svg(const letter *L, pc_buf *out)
{
    rpt_map m;
    double box[4] = {L->e, L->n, L->e, L->n};
    double r_m = L->has_area ? sqrt(L->area_ha * 10000 / M_PI) : 100, x, y;
    size_t k = 0;
    char lbl[16];
    int placed;

    for (size_t i = 0; i < L->npr && k < MAP_PRACTICES; i++) {
        const practice *p = &L->pr[i];

        if (!isfinite(p->near_e) || !isfinite(p->near_n))
            continue;
        box[0] = fmin(box[0], p->near_e);
        box[1] = fmin(box[1], p->near_n);
        box[2] = fmax(box[2], p->near_e);
        box[3] = fmax(box[3], p->near_n);
        k++;
    }
    box[0] -= r_m, box[1] -= r_m, box[2] += r_m, box[3] += r_m;
    if (rpt_map_begin(&m, out, box, 560, 360, 28,
                      "The site and the practices' nearest premises"))
        return m.rc;
    rpt_map_xy(&m, L->e + r_m, L->n, &x, &y);
    {
        double cx, cy;

        rpt_map_xy(&m, L->e, L->n, &cx, &cy);
        rpt_map_circle(&m, L->e, L->n, fmax(4, x - cx), "site", "the site");
        rpt_map_label(&m, L->e, L->n, fmax(4, x - cx), "site", "lbl", &placed);
    }
    k = 0;
    for (size_t i = 0; i < L->npr && k < MAP_PRACTICES; i++) {
        const practice *p = &L->pr[i];

        if (!isfinite(p->near_e) || !isfinite(p->near_n))
            continue;
        k++;
        snprintf(lbl, sizeof lbl, "%zu", k);
        rpt_map_square(&m, p->near_e, p->near_n, 4, "prem", p->name);
        rpt_map_label(&m, p->near_e, p->near_n, 4, lbl, "lbl", &placed);
    }
    rpt_map_scalebar(&m);
    rpt_map_north(&m);
    return rpt_map_end(&m);
}

/* The site map with its key: the numbered practices and how far their
 * nearest premises are from the site. Markdown has the key only. */
static void write_map(rpt_doc *d, const letter *L)
{
    size_t n = isfinite(L->e) && isfinite(L->n) ? map_count(L) : 0, k = 0;

    if (!n)
        return;
    if (rpt_doc_md(d))
        rpt_doc_para(d,
                     "The site and the nearest premises of %s (the map "
                     "is in the HTML version of this response):",
                     n == 1 ? "the practice with the largest share"
                            : "the practices with the largest shares");
    else {
        pc_buf svg = PC_BUF_INIT(PC_CAP_DOC);

        rpt_doc_put(d, "<figure>\n");
        if (map_svg(L, &svg) == PC_OK)
            rpt_doc_put(d, pc_buf_str(&svg));
        pc_buf_free(&svg);
        rpt_doc_put(d, "<figcaption class=\"small\">");
        rpt_doc_txtf(d,
                     "The site (shaded) and the nearest premises of %s, "
                     "numbered as below.",
                     n == 1 ? "the practice with the largest share"
                            : "the practices with the largest shares");
        rpt_doc_put(d, "</figcaption>\n</figure>\n");
    }
    rpt_doc_ul_begin(d, NULL);
    for (size_t i = 0; i < L->npr && k < n; i++) {
        const practice *p = &L->pr[i];

        if (!isfinite(p->near_e) || !isfinite(p->near_n))
            continue;
        k++;
        rpt_doc_li(d,
                   "%zu: %s, %s of the new patients; premises %s m from "
                   "the site",
                   k, p->name, rpt_doc_pct(d, p->share, 1),
                   rpt_doc_num(d, p->distance_m, 0));
    }
    rpt_doc_ul_end(d);
}

static void write_impact(rpt_doc *d, const letter *L)
{
    const char *rule = allocation_words(L->allocation);
    size_t i;

    rpt_doc_heading(d, 2, "2. The development and its new patients");
    rpt_doc_p_begin(d, NULL);
    rpt_doc_txtf(
        d,
        "The development's %s dwellings are expected to house %s residents, "
        "at %s persons per dwelling",
        rpt_doc_num(d, L->dwellings, 0), rpt_doc_num(d, L->residents, 0),
        rpt_doc_num(d, L->ppd, 2));
    if (L->any_mix) {
        static const char *const beds[6] = {"",
                                            "one-bedroom",
                                            "two-bedroom",
                                            "three-bedroom",
                                            "four-bedroom",
                                            "five-bedroom or larger"};
        int k = 0;

        rpt_doc_txt(d, " from its bedroom mix (");
        for (i = 1; i <= 5; i++) {
            if (!L->has_mix[i] || L->mix[i] <= 0)
                continue;
            rpt_doc_txtf(d, "%s%s%% %s", k++ ? ", " : "",
                         rpt_doc_trim(d, L->mix[i], 1), beds[i]);
        }
        rpt_doc_txt(d, ")");
    }
    rpt_doc_txt(d, ".");
    if (fabs(L->new_patients - L->residents) < 0.5)
        rpt_doc_txtf(d,
                     " Each of them is expected to register with a local GP "
                     "practice: %s new patients.",
                     rpt_doc_num(d, L->new_patients, 0));
    else
        rpt_doc_txtf(
            d,
            " Of them, %s are expected to register with a local GP practice "
            "as new patients.",
            rpt_doc_num(d, L->new_patients, 0));
    rpt_doc_p_end(d);

    rpt_doc_p_begin(d, NULL);
    if (L->npr == 1)
        rpt_doc_txtf(
            d,
            "The ICB expects them to register with the practice below, "
            "by the allocation rule %s",
            L->allocation);
    else
        rpt_doc_txtf(
            d,
            "The ICB expects them to register with the %s practices below, "
            "by the allocation rule %s",
            rpt_doc_num(d, (double)L->npr, 0), L->allocation);
    if (rule)
        rpt_doc_txtf(d, ": %s.", rule);
    else
        rpt_doc_txt(d, ".");
    if (L->allocation_note && *L->allocation_note) {
        rpt_doc_txt(d, " ");
        write_sentence(d, L->allocation_note);
    }
    rpt_doc_p_end(d);

    rpt_doc_ul_begin(d, NULL);
    for (i = 0; i < L->npr; i++) {
        const practice *p = &L->pr[i];

        rpt_doc_li_begin(d);
        rpt_doc_txtf(d, "%s (%s", p->name, p->code);
        if (p->pcn && p->pcn_name)
            rpt_doc_txtf(d, ", %s", p->pcn_name);
        else if (p->pcn)
            rpt_doc_txtf(d, ", PCN %s", p->pcn);
        rpt_doc_txtf(d, "): %s of the new patients (%s)",
                     rpt_doc_pct(d, p->share, 1),
                     rpt_doc_num(d, p->new_patients, 0));
        if (p->has_distance)
            rpt_doc_txtf(d, "; its nearest premises are %s m from the site",
                         rpt_doc_num(d, p->distance_m, 0));
        rpt_doc_li_end(d);
    }
    rpt_doc_ul_end(d);
    write_map(d, L);
}

/* The heading and how capacity is assessed. */
static void write_capacity_method(rpt_doc *d, const letter *L)
{
    rpt_doc_heading(d, 2, "3. Capacity of the affected practices");
    rpt_doc_p_begin(d, NULL);
    rpt_doc_txtf(d, "Capacity is assessed by the %s method", L->method);
    if (L->method_note && *L->method_note) {
        rpt_doc_txt(d, ": ");
        write_sentence(d, L->method_note);
    } else {
        rpt_doc_txt(d, ".");
    }
    rpt_doc_txt(
        d, " A practice's rooms are its patient-facing rooms of the types ");
    write_rooms_counted(d, L);
    rpt_doc_txt(d,
                "; they are compared with the rooms its registered list needs "
                "today by the same method.");
    if (L->use_spare) {
        rpt_doc_txt(
            d, " Where a practice has spare rooms, the development's new "
               "patients are assumed to use them first; only the rooms still "
               "needed after that are sought.");
        if (L->spare_basis && *L->spare_basis) {
            rpt_doc_txt(d, " ");
            rpt_doc_txt(d, L->spare_basis);
        }
    } else
        rpt_doc_txt(d,
                    " Spare rooms at the practices are not netted off: every "
                    "room the new patients need is counted.");
    rpt_doc_p_end(d);
}

/* The table of practices with its total row; the totals of rooms, rooms
 * required and spare go to tot[0..2]. */
static void write_capacity_table(rpt_doc *d, const letter *L, double tot[3])
{
    static const char *const heads[] = {"Practice",
                                        "Share of new patients",
                                        "New patients",
                                        "List",
                                        "Rooms",
                                        "Rooms required by today's list",
                                        "Spare (+) or short (" MINUS ")",
                                        "Status",
                                        "Rooms the development needs",
                                        "Spare capacity used",
                                        "Rooms still needed"};
    double share = 0, newp = 0, list = 0, rooms = 0, req = 0, spare = 0;
    int any_illus = 0;
    size_t i;

    rpt_doc_table_begin(d, heads, "lrrrrrrlrrr");
    for (i = 0; i < L->npr; i++) {
        const practice *p = &L->pr[i];

        rpt_doc_tr_begin(d, NULL);
        rpt_doc_td(d, "%s (%s)%s", p->name, p->code,
                   p->rooms_illustrative ? " †" : "");
        rpt_doc_td(d, "%s", rpt_doc_pct(d, p->share, 1));
        rpt_doc_td(d, "%s", rpt_doc_num(d, p->new_patients, 0));
        rpt_doc_td(d, "%s", rpt_doc_num(d, p->list, 0));
        rpt_doc_td(d, "%s", rpt_doc_num(d, p->rooms, 2));
        rpt_doc_td(d, "%s", rpt_doc_num(d, p->required_rooms, 2));
        rpt_doc_td(d, "%s", fsigned(d, p->spare_rooms));
        rpt_doc_td(d, "%s", p->status);
        rpt_doc_td(d, "%s", rpt_doc_num(d, p->rooms_needed, 2));
        rpt_doc_td(d, "%s", rpt_doc_num(d, p->spare_used, 2));
        rpt_doc_td(d, "%s", rpt_doc_num(d, p->rooms_net, 2));
        rpt_doc_tr_end(d);
        share += p->share;
        newp += p->new_patients;
        list += p->list;
        rooms += p->rooms;
        req += p->required_rooms;
        spare += p->spare_rooms;
        any_illus |= p->rooms_illustrative;
    }
    rpt_doc_tr_begin(d, "total");
    rpt_doc_tdb(d, "Total");
    rpt_doc_tdb(d, rpt_doc_pct(d, share, 1));
    rpt_doc_tdb(d, rpt_doc_num(d, newp, 0));
    rpt_doc_tdb(d, rpt_doc_num(d, list, 0));
    rpt_doc_tdb(d, rpt_doc_num(d, rooms, 2));
    rpt_doc_tdb(d, rpt_doc_num(d, req, 2));
    rpt_doc_tdb(d, fsigned(d, spare));
    rpt_doc_tdb(d, "");
    rpt_doc_tdb(d, rpt_doc_num(d, L->gross, 2));
    rpt_doc_tdb(d, rpt_doc_num(d, L->spare_used, 2));
    rpt_doc_tdb(d, rpt_doc_num(d, L->net, 2));
    rpt_doc_tr_end(d);
    rpt_doc_table_end(d);
    if (any_illus) {
        rpt_doc_p_begin(d, "small");
        rpt_doc_txt(d,
                    "† The practice's room count is an illustrative value, not "
                    "a survey of its premises.");
        rpt_doc_p_end(d);
    }
    tot[0] = rooms;
    tot[1] = req;
    tot[2] = spare;
}

/* The capacity in words: short, full or spare, then what the new patients
 * need and what is left to provide. */
static void write_capacity_summary(rpt_doc *d, const letter *L,
                                   const double tot[3])
{
    double rooms = tot[0], req = tot[1], spare = tot[2];

    rpt_doc_p_begin(d, NULL);
    if (L->npr == 1)
        rpt_doc_txtf(d,
                     "The practice has %s rooms for a list that needs %s rooms "
                     "today: ",
                     rpt_doc_num(d, rooms, 2), rpt_doc_num(d, req, 2));
    else
        rpt_doc_txtf(
            d,
            "Together the practices have %s rooms for lists that need %s "
            "rooms today: ",
            rpt_doc_num(d, rooms, 2), rpt_doc_num(d, req, 2));
    if (spare < -0.005)
        rpt_doc_txtf(d, "%s %s rooms short before any new patient arrives.",
                     L->npr == 1 ? "it is" : "they are",
                     rpt_doc_num(d, -spare, 2));
    else if (spare > 0.005)
        rpt_doc_txtf(d, "%s rooms are spare.", rpt_doc_num(d, spare, 2));
    else
        rpt_doc_txt(d, L->npr == 1 ? "it is full." : "they are full.");
    rpt_doc_txtf(d, " The development's new patients need %s rooms; ",
                 rpt_doc_num(d, L->gross, 2));
    if (L->use_spare && L->spare_used > 0.005)
        rpt_doc_txtf(d, "%s of them are met from spare rooms, leaving ",
                     rpt_doc_num(d, L->spare_used, 2));
    else if (L->use_spare)
        rpt_doc_txt(d, "there are no spare rooms to meet them, leaving ");
    else
        rpt_doc_txt(d, "spare rooms are not used, leaving ");
    if (L->net > 0.005)
        rpt_doc_txtf(d, "%s rooms (%s m²) to be provided.",
                     rpt_doc_num(d, L->net, 2), rpt_doc_trim(d, L->m2, 1));
    else
        rpt_doc_txt(d, "none to be provided.");
    rpt_doc_p_end(d);
}

static void write_capacity(rpt_doc *d, const letter *L)
{
    double tot[3];

    write_capacity_method(d, L);
    if (L->list_date[0]) {
        rpt_doc_p_begin(d, NULL);
        rpt_doc_txtf(d,
                     "The evidence is dated: each practice's registered list "
                     "is NHS England's count of %s, and its rooms are those "
                     "of its premises in the ICB's estate data as of %s.",
                     L->list_date, L->date);
        rpt_doc_p_end(d);
    }
    write_capacity_table(d, L, tot);
    write_capacity_summary(d, L, tot);
}

static void write_signoff(rpt_doc *d, const letter *L)
{
    rpt_doc_para(d, "Yours faithfully,");
    rpt_doc_para(d, "Primary care estates and planning, %s%s", org_prefix(L),
                 L->title);
}

/* a list of strings, joined with ", " */
static void write_joined(rpt_doc *d, const cJSON *arr)
{
    const cJSON *e;
    int k = 0;

    cJSON_ArrayForEach(e, arr)
    {
        if (k++)
            rpt_doc_txt(d, ", ");
        rpt_doc_txt(d, e->valuestring);
    }
}

static void write_trace(rpt_doc *d, const letter *L)
{
    static const char *const heads[] = {"Step",    "Value",       "Unit",
                                        "Formula", "Assumptions", "Data"};
    const cJSON *t;

    rpt_doc_heading(d, 2, "Appendix A: calculation");
    rpt_doc_para(
        d, "Each step of the assessment, with the assumptions (by id) and "
           "the data rows it uses.");
    rpt_doc_table_begin(d, heads, "lrllll");
    cJSON_ArrayForEach(t, L->trace)
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "value");
        const cJSON *s;

        rpt_doc_tr_begin(d, NULL);
        rpt_doc_td(d, "%s",
                   cJSON_GetObjectItemCaseSensitive(t, "step")->valuestring);
        rpt_doc_td(d, "%s",
                   cJSON_IsNumber(v) ? rpt_doc_trim(d, v->valuedouble, 6) : "");
        s = cJSON_GetObjectItemCaseSensitive(t, "unit");
        rpt_doc_td(d, "%s", cJSON_IsString(s) ? s->valuestring : "");
        s = cJSON_GetObjectItemCaseSensitive(t, "formula");
        rpt_doc_td(d, "%s", cJSON_IsString(s) ? s->valuestring : "");
        rpt_doc_td_begin(d);
        write_joined(d, cJSON_GetObjectItemCaseSensitive(t, "assumptions"));
        rpt_doc_td_end(d);
        rpt_doc_td_begin(d);
        write_joined(d, cJSON_GetObjectItemCaseSensitive(t, "data"));
        rpt_doc_td_end(d);
        rpt_doc_tr_end(d);
    }
    rpt_doc_table_end(d);
}

void rpt_letter_bullets(rpt_doc *d, const cJSON *strings)
{
    const cJSON *e;

    rpt_doc_ul_begin(d, NULL);
    cJSON_ArrayForEach(e, strings)
    {
        rpt_doc_li_begin(d);
        rpt_doc_txt(d, e->valuestring);
        rpt_doc_li_end(d);
    }
    rpt_doc_ul_end(d);
}

static void write_warnings(rpt_doc *d, const letter *L)
{
    if (!cJSON_GetArraySize(L->warnings))
        return;
    rpt_doc_heading(d, 2, "Appendix B: warnings from the assessment");
    rpt_letter_bullets(d, L->warnings);
}

static void write_letter(rpt_doc *d, const letter *L)
{
    if (!rpt_doc_md(d)) {
        rpt_doc_put(
            d, "<!DOCTYPE html>\n"
               "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en-GB\" "
               "xml:lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n"
               "<meta name=\"viewport\" content=\"width=device-width, "
               "initial-scale=1\"/>\n<title>");
        rpt_doc_txtf(d, "%s%s: response to planning consultation – ",
                     org_prefix(L), L->title);
        write_dev_name(d, L);
        rpt_doc_put(d, "</title>\n<style>\n");
        rpt_doc_put(d, css);
        rpt_doc_put(d, "</style>\n</head>\n<body>\n");
    }
    write_heading_block(d, L);
    write_summary(d, L);
    write_impact(d, L);
    write_capacity(d, L);
    rpt_letter_tests(d, L);
    rpt_letter_ask(d, L);
    rpt_letter_illustrative(d, L);
    write_signoff(d, L);
    write_trace(d, L);
    write_warnings(d, L);
    if (!rpt_doc_md(d))
        rpt_doc_put(d, "</body>\n</html>\n");
}

pc_status rpt_letter(const cJSON *assessment, rpt_format fmt, pc_buf *out,
                     pc_error *err)
{
    letter L;
    rpt_doc d;
    pc_buf tmp = PC_BUF_INIT(out->cap > out->len ? out->cap - out->len : 0);
    pc_status rc;

    memset(&L, 0, sizeof L);
    L.triggers = (pc_buf)PC_BUF_INIT(PC_CAP_LINE);
    if (fmt != RPT_MARKDOWN && fmt != RPT_HTML) {
        rc = PC_FAIL(err, PC_ERR_INPUT, "letter: unknown format %d", (int)fmt);
        goto cleanup;
    }
    rc = rpt_letter_read(assessment, &L, err);
    if (rc != PC_OK)
        goto cleanup;

    rpt_doc_init(&d, fmt, &tmp);
    write_letter(&d, &L);
    rc = d.rc;
    if (rc == PC_OK)
        rc = pc_buf_add(out, pc_buf_str(&tmp), tmp.len);
    if (rc != PC_OK) {
        rc = PC_FAIL(err, rc, "letter: %s",
                     rc == PC_ERR_NOMEM ? "out of memory or over the size cap"
                                        : "formatting failed");
        goto cleanup;
    }

cleanup:
    pc_buf_free(&tmp);
    pc_buf_free(&L.triggers);
    free(L.pr);
    return rc;
}

pc_status rpt_letter_write(const cJSON *assessment, const char *file,
                           const char ***written, pc_error *err)
{
    size_t n = strlen(file);
    char *stem = malloc(n + 1), *md_path = NULL, *html_path = NULL;
    const char **paths = NULL;
    pc_buf md = PC_BUF_INIT(PC_CAP_TABLE), html = PC_BUF_INIT(PC_CAP_TABLE);
    pc_status rc = PC_OK;

    if (!stem)
        return PC_NOMEM(err);
    memcpy(stem, file, n + 1);
    if (n > 3 && !strcmp(stem + n - 3, ".md"))
        stem[n - 3] = 0;
    else if (n > 5 && !strcmp(stem + n - 5, ".html"))
        stem[n - 5] = 0;
    if (!(md_path = malloc(strlen(stem) + 4)) ||
        !(html_path = malloc(strlen(stem) + 6)))
        rc = PC_NOMEM(err);
    if (rc == PC_OK) {
        const char *names[2];

        sprintf(md_path, "%s.md", stem);
        sprintf(html_path, "%s.html", stem);
        names[0] = md_path;
        names[1] = html_path;
        rc = rpt_paths(NULL, names, 2, &paths, err);
    }
    /* both made before either is written */
    if (rc == PC_OK)
        rc = rpt_letter(assessment, RPT_MARKDOWN, &md, err);
    if (rc == PC_OK)
        rc = rpt_letter(assessment, RPT_HTML, &html, err);
    /* both written to temporaries, then renamed: see pc_file_write_set */
    if (rc == PC_OK) {
        const void *data[2];
        size_t len[2];

        data[0] = pc_buf_str(&md);
        data[1] = pc_buf_str(&html);
        len[0] = md.len;
        len[1] = html.len;
        rc = pc_file_write_set(paths, data, len, 2, err);
    }
    if (rc == PC_OK && written) {
        *written = paths;
        paths = NULL;
    }
    rpt_paths_free(paths);
    free(stem);
    free(md_path);
    free(html_path);
    pc_buf_free(&md);
    pc_buf_free(&html);
    return rc;
}
