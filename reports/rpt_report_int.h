/* rpt_report_int.h: what the files of the place pages share, and nothing
 * outside them sees.
 *
 * A page is built in one pass over the report document by a `pg`: reads
 * through pc_jr (pc_json.h) that keep the first failure, and writes through
 * the shared document writer (rpt_doc.h). rpt_report.c has the page frame,
 * the headline figures and the entry points; rpt_report_map.c the map,
 * rpt_report_charts.c the charts, rpt_report_tables.c the tables and
 * sources and rpt_report_backtest.c the backtest. */
#ifndef RPT_REPORT_INT_H
#define RPT_REPORT_INT_H

#include "pc_error.h"
#include "pc_json.h"
#include "rpt_doc.h"
#include "rpt_report.h"

#include <stddef.h>

#define WHAT    "report"
#define NKINDS  5
#define MAXYEAR 64 /* years a chart shows */

/* Fund kinds of the capital chart, in stacking order, and their words. */
extern const char *const rpt_report_kinds[NKINDS];
extern const char *const rpt_report_kind_words[NKINDS];

/* The "place" of each element of the document's sites and premises,
 * when it is a plain UTF-8 string (else NULL), read once for all of a
 * report's pages: each page walks every place's rows, and reading an
 * element's place from cJSON (a list of keys) was most of a report's
 * time at England's size (42 pages x 28,000 rows). */
typedef struct rpt_sized {
    double v;        /* the number at a key; a missing one is the smallest */
    size_t i;        /* the item's index in its array */
    const cJSON *it; /* the item */
} rpt_sized;

/* A site whose homes count in one place (home) and whose new patients
 * register mostly (share) in another (main); main is NULL for any other
 * site. */
typedef struct rpt_cross {
    const char *home, *main;
    double share;
} rpt_cross;

/* rpt_report_tables.c: site's rpt_cross. */
void rpt_cross_of(const cJSON *site, rpt_cross *c);

typedef struct rpt_places_of {
    const cJSON **site, **prem; /* the elements, in array order */
    const char **site_place, **prem_place;
    rpt_cross *site_cross; /* by site */
    size_t nsites, nprem;
    /* the same on every page: the largest site and premises (the maps'
     * scale), and the map labels' orders (rpt_map_orders) */
    double max_dw, max_rooms;
    rpt_sized *site_order, *prem_order;
    size_t nsite_order, nprem_order;
} rpt_places_of;

/* rpt_report.c: reads the places of doc's sites and premises into of
 * (freed by rpt_places_of_free); the page of place, with of (when not
 * NULL) read once for every page. */
pc_status rpt_places_of_read(const cJSON *doc, rpt_places_of *of,
                             pc_error *err);
void rpt_places_of_free(rpt_places_of *of);
pc_status rpt_report_place_of(const cJSON *doc, const char *place,
                              const rpt_places_of *of, pc_buf *out,
                              pc_error *err);

/* rpt_report_names.c: the name of the i-th of the document's places (a
 * pc_name_at over its "places" array). */
const char *rpt_doc_place_name(const void *places, size_t i);

/* rpt_report_map.c: of's scales and label orders for doc's sites and
 * premises (of's other members already read); PC_ERR_NOMEM. */
pc_status rpt_map_orders(const cJSON *doc, rpt_places_of *of, pc_error *err);

/* One page being written. */
typedef struct pg {
    rpt_doc d;    /* HTML, over the caller's buffer */
    pc_status rc; /* the first failure */
    pc_error *err;
    pc_jr root;
    const rpt_places_of *of; /* NULL: none read */
} pg;

/* --- rpt_report.c */

/* Keeps rc if it is the first failure; 1 while nothing has failed. */
int rpt_pg_live(pg *p, pc_status rc);

/* Typed reads of key of r that keep the first failure in p->rc and
 * return a neutral value (NULL, 0) once anything has failed. */
const char *rpt_pg_gstr(pg *p, pc_jr *r, const char *key, int opt);

/* NAN when absent (PC_JR_OPT) or after a failure. */
double rpt_pg_gnum(pg *p, pc_jr *r, const char *key, int opt);

int rpt_pg_gbool(pg *p, pc_jr *r, const char *key, int opt);

const cJSON *rpt_pg_garr(pg *p, pc_jr *r, const char *key, int opt);

const cJSON *rpt_pg_gobj(pg *p, pc_jr *r, const char *key, int opt);

/* A reader of element i of array key of r, which must be an object. */
int rpt_pg_gitem(pg *p, pc_jr *sub, pc_jr *r, const char *key, const cJSON *e,
                 int i);

/* As rpt_pg_gitem(), and 1 only when the element's "place" (read as opt
 * says) is place. */
int rpt_pg_gitem_in(pg *p, pc_jr *sub, pc_jr *r, const char *key,
                    const cJSON *e, int i, const char *place, int opt);

/* Markup, and text escaped for HTML, through the page's rpt_doc. */
void rpt_pg_put(pg *p, const char *s);

void rpt_pg_esc(pg *p, const char *s);

/* Our own markup with numbers already formatted; %s arguments must not
 * come from the document (use rpt_pg_esc() for those). */
void rpt_pg_putf(pg *p, const char *fmt, ...) PC_PRINTF(2, 3);

/* NAN is written as an en dash: not known or not applicable. */
const char *rpt_pg_fnum(pg *p, double v, int prec);

/* Whole pounds, "£1,234"; NAN as an en dash. */
const char *rpt_pg_fgbp(pg *p, double v);

/* Money in millions for headlines: "£12.3M"; under £1M as pounds. */
const char *rpt_pg_fgbp_m(pg *p, double v);

/* A year: no thousands separator. */
const char *rpt_pg_fyear(pg *p, double v);

/* A text cell (NULL: an en dash), a numeric cell, and a table's head
 * (align: 'l' or 'r' per column). */
void rpt_pg_td_text(pg *p, const char *s);

void rpt_pg_td_num(pg *p, const char *s);

void rpt_pg_table_head(pg *p, const char *cls, const char *const *heads,
                       const char *align);

/* --- rpt_report_map.c */

/* Both strings present and equal. */
int rpt_pg_same(const char *a, const char *b);
#define RPT_PAGE_CAP 256 /* a page's file name, with room for "-NNN" */

/* The document's name of place (pc_name_find: the exact name, else the
 * first matched without regard to case, "rugby": "Rugby"); place itself
 * when no place matches (rpt_report_names.c). */
const char *rpt_pg_doc_place(const cJSON *doc, const char *place);

/* The place's map: areas, sites and premises, with legend and scale;
 * place NULL: the whole system, with every place's outline (pl_geom, the
 * system's outline, may then be NULL). */
void rpt_pg_write_map(pg *p, const char *place, const cJSON *pl_geom);

/* --- rpt_report_charts.c */

/* The place's area in the run, or NULL. */
const cJSON *rpt_pg_run_place(pg *p, const cJSON *run, const char *place);

/* The place's charts: patients, room gap and capital by year; place NULL:
 * the system's (area: the run's system). */
void rpt_pg_write_charts(pg *p, const cJSON *run, const cJSON *area,
                         const char *place);

/* Readers of the first and last year of area ar; 0 when it has none. */
int rpt_pg_first_last(pg *p, pc_jr *ar, pc_jr *y0, pc_jr *yh);

/* --- rpt_report_tables.c */

/* The place's tables: housing sites, capital schemes, contributions. */
void rpt_pg_write_sites(pg *p, const char *place);

void rpt_pg_write_schemes(pg *p, const char *place);

void rpt_pg_write_contributions(pg *p, const char *place);

/* Assumptions of the run with their origin, then sources, then the
 * planner's warnings. */
void rpt_pg_write_sources(pg *p, const cJSON *run);

/* --- rpt_report_backtest.c */

/* The place's backtest: its forecasts against its actual list, the
 * measures over its practices, the practices set aside. */
void rpt_pg_write_backtest(pg *p, const char *place);

/* The index's backtest: the measures at practice, PCN and place level. */
void rpt_pg_write_backtest_index(pg *p);

/* Closes the page's HTML. */
void rpt_pg_page_end(pg *p);

#endif
