/* rpt_doc.h: a small document writer shared by the letter and the place
 * pages: one set of calls that writes Markdown or HTML.
 *
 * Text (anything that may come from outside: names, notes, warnings) goes
 * through rpt_doc_txt() and is escaped for the format (rpt_text.h);
 * markup comes only from the writer's own calls and rpt_doc_put(). The
 * first failure (PC_ERR_NOMEM at the buffer's cap) is kept in rc, and
 * every later call does nothing, so a writer reads as a plain sequence of
 * headings, paragraphs, lists, notes and tables and checks rc once at the
 * end. Numbers are formatted into a ring of RPT_DOC_RING buffers owned by
 * the rpt_doc, so up to that many formatted numbers may be alive at once
 * (for one call's arguments). */
#ifndef RPT_DOC_H
#define RPT_DOC_H

#include "pc_buf.h"
#include "pc_error.h"

#include <stdarg.h>

typedef enum rpt_format {
    RPT_MARKDOWN, /* CommonMark with GFM tables */
    RPT_HTML      /* one HTML5 document, polyglot XHTML */
} rpt_format;

#define RPT_DOC_RING 16 /* formatted numbers alive at once in one call */

/* A writer over a borrowed buffer; set it up with rpt_doc_init(). */
typedef struct rpt_doc {
    rpt_format fmt;
    pc_buf *out;
    pc_status rc;      /* first failure; later writes do nothing */
    const char *pre;   /* Markdown line prefix: "> " inside a note */
    int sep;           /* Markdown: a blank line is due before a block */
    int bol;           /* Markdown: the next text opens a block */
    const char *align; /* current table: 'l' or 'r' per column */
    int col;
    char ring[RPT_DOC_RING][96]; /* formatted numbers, reused in turn */
    unsigned ri;
} rpt_doc;

/* Writes fmt into out (borrowed for the writer's life), starting clean. */
void rpt_doc_init(rpt_doc *d, rpt_format fmt, pc_buf *out);

/* --- text and markup ------------------------------------------------- */

/* 1 when the document is Markdown. */
int rpt_doc_md(const rpt_doc *d);
/* Our own markup, written as it is. */
void rpt_doc_put(rpt_doc *d, const char *s);
/* Text, escaped for the format (nothing for NULL or ""). */
void rpt_doc_txt(rpt_doc *d, const char *s);
void rpt_doc_vtxtf(rpt_doc *d, const char *fmt, va_list ap) PC_PRINTF(2, 0);
void rpt_doc_txtf(rpt_doc *d, const char *fmt, ...) PC_PRINTF(2, 3);

/* --- numbers: each in the next buffer of the ring --------------------- */

/* The next of the ring's buffers (96 bytes), for a caller's own format. */
char *rpt_doc_ring(rpt_doc *d);
/* pc_fmt_grouped(), pc_fmt_trim(), pc_fmt_money() and pc_fmt_pct() into the
 * ring: valid for the next RPT_DOC_RING - 1 numbers. */
const char *rpt_doc_num(rpt_doc *d, double v, int prec);
const char *rpt_doc_trim(rpt_doc *d, double v, int maxprec);
const char *rpt_doc_gbp(rpt_doc *d, double v, int pence);
const char *rpt_doc_pct(rpt_doc *d, double frac, int maxprec);

/* --- blocks ------------------------------------------------------------ */

/* A heading of level 1 to 3, its text formatted. */
void rpt_doc_heading(rpt_doc *d, int level, const char *fmt, ...)
    PC_PRINTF(3, 4);
/* A paragraph (cls: an HTML class or NULL) and its end; para() writes a
 * whole one from fmt. */
void rpt_doc_p_begin(rpt_doc *d, const char *cls);
void rpt_doc_p_end(rpt_doc *d);
void rpt_doc_para(rpt_doc *d, const char *fmt, ...) PC_PRINTF(2, 3);
/* Strong emphasis around what is written between them. */
void rpt_doc_b_begin(rpt_doc *d);
void rpt_doc_b_end(rpt_doc *d);
/* bold text: a label such as "Date:" */
void rpt_doc_bold(rpt_doc *d, const char *s);
/* A bulleted list (cls as for paragraphs) and its items; li() writes a
 * whole item from fmt. */
void rpt_doc_ul_begin(rpt_doc *d, const char *cls);
void rpt_doc_li_begin(rpt_doc *d);
void rpt_doc_li_end(rpt_doc *d);
void rpt_doc_ul_end(rpt_doc *d);
void rpt_doc_li(rpt_doc *d, const char *fmt, ...) PC_PRINTF(2, 3);
/* A boxed note (HTML, class cls) or block quote (Markdown). */
void rpt_doc_note_begin(rpt_doc *d, const char *cls);
void rpt_doc_note_end(rpt_doc *d);

/* --- tables ------------------------------------------------------------ */

/* heads[ncols]; align: 'l' or 'r' per column (borrowed until
 * rpt_doc_table_end()) */
void rpt_doc_table_begin(rpt_doc *d, const char *const *heads,
                         const char *align);
/* A row (cls: an HTML class, e.g. "total", or NULL) and its cells; td()
 * writes a whole cell from fmt, tdb() a bold one (for totals). */
void rpt_doc_tr_begin(rpt_doc *d, const char *cls);
void rpt_doc_td_begin(rpt_doc *d);
void rpt_doc_td_end(rpt_doc *d);
void rpt_doc_td(rpt_doc *d, const char *fmt, ...) PC_PRINTF(2, 3);
void rpt_doc_tdb(rpt_doc *d, const char *s);
void rpt_doc_tr_end(rpt_doc *d);
void rpt_doc_table_end(rpt_doc *d);

#endif
