/* rpt_report.h: the place summary reports (DESIGN.md §5), written from
 * the report document of plan_report_build ("pcplan-report/1").
 *
 * A place's page is one self-contained HTML5 document (polyglot XHTML:
 * well-formed XML) with its style, its SVG map and charts inline and no
 * external request of any kind: headline figures; a map of the place and
 * its LADs with housing sites sized by dwellings and coloured by S106
 * position and premises sized by rooms and coloured by capacity, with
 * non-colliding labels, a legend, a scale bar, a north arrow and the
 * attribution; charts of patients by year (trend against housing-led),
 * growth rooms and the gap by year (with the Monte Carlo band when the
 * run drew), and capital spend by fund kind and year from the prioritised
 * programme; tables of growth sites, schemes and contributions (deadlines,
 * money at risk); the preset, the assumptions and their origin, sources
 * and licences, and which figures rest on illustrative values. A print
 * stylesheet lays it out on A4. The index page summarises the system and
 * links the place pages. Every string from the document is escaped; the
 * output depends only on the document. */
#ifndef RPT_REPORT_H
#define RPT_REPORT_H

#include "pc_buf.h"
#include "pc_error.h"
#include "rpt_files.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* The file name of a place's page: its name in lower case with runs of
 * other characters than letters and digits as one '-', then ".html"
 * ("South Warwickshire" -> "south-warwickshire.html"). */
void rpt_report_file(const char *place, char *out, size_t n);

/* The file name of the page of the place named place (without regard to
 * case) in doc: rpt_report_file()'s name, made unique among the
 * document's places taken in order, and never "index.html": a place whose
 * name an earlier place (or the index) already has gets "-2", "-3", ...
 * ("Rugby", then "RUGBY!" -> "rugby.html", "rugby-2.html"; "Index" ->
 * "index-2.html"). The pages and the index's links use these names, so a
 * page keeps its name whichever places are written. An unknown place is
 * PC_ERR_NOTFOUND; out (n bytes) is then untouched. */
pc_status rpt_report_page_file(const cJSON *doc, const char *place, char *out,
                               size_t n, pc_error *err);

/* Appends the page of the place named place (or, when no place has that
 * name, of the first whose name differs from it only in case). An unknown
 * place is
 * PC_ERR_NOTFOUND naming the places there are; a document without a key
 * the page needs, or with one of the wrong type, is PC_ERR_INPUT naming
 * the key; out is then left as it was. */
pc_status rpt_report_place(const cJSON *doc, const char *place, pc_buf *out,
                           pc_error *err);

/* Appends the index page: the system's figures and a row per place,
 * linking the pages of the places named in linked (n of them; the others
 * are listed without a link). */
pc_status rpt_report_index(const cJSON *doc, const char *const *linked,
                           size_t n, pc_buf *out, pc_error *err);

/* Writes the report into the folder dir (made when missing, with its
 * parents): the page of the place named place, or of every place when
 * place is NULL, each as rpt_report_page_file() names it, and index.html
 * last.
 * Every page is made in memory before any is written, so a document a
 * page cannot be made from writes nothing; the pages then go into a new
 * folder that replaces dir whole (pc_fileset.h: other files there are
 * kept), so a failure leaves dir as it was and a kill leaves all its
 * pages old or all new. On success *written (when not NULL) lists the
 * paths written, in that order, freed by rpt_paths_free() (rpt_files.h),
 * and *nwritten (when not NULL) counts them. Failures are those of
 * rpt_report_place() and rpt_report_index(), PC_ERR_IO naming the
 * path, and PC_ERR_INPUT for a dir that holds the current directory. */
pc_status rpt_report_write(const cJSON *doc, const char *place, const char *dir,
                           const char ***written, size_t *nwritten,
                           pc_error *err);

/* Every place's page of a document, kept in memory to answer for a place
 * later without the document (a server's pages of its scenario: the pages
 * are a small part of the document's memory). */
typedef struct rpt_pages {
    char **names; /* the places', as the document has them */
    pc_buf *html; /* names[k]'s page, as rpt_report_place() makes it */
    size_t n;
} rpt_pages;

/* Makes doc's pages into *out (rpt_pages_free), failing as
 * rpt_report_place() fails. */
pc_status rpt_report_pages(const cJSON *doc, rpt_pages *out, pc_error *err);

/* Appends the page of the place named place, found as rpt_report_place()
 * finds it (the name equal to it, else the first equal ignoring case); an
 * unknown place is
 * PC_ERR_NOTFOUND worded as rpt_report_place() words it. */
pc_status rpt_pages_place(const rpt_pages *p, const char *place, pc_buf *out,
                          pc_error *err);
void rpt_pages_free(rpt_pages *p); /* safe on a zeroed or freed set */

#endif
