/* rpt_doc.c: the document writer shared by the letter and the place pages
 * (see rpt_doc.h): the same calls write Markdown or HTML. Markdown needs
 * a little state: whether a blank line is due before the next block, the
 * "> " prefix inside a note, and whether text opens a block (where
 * Markdown would read "1. " or "# " as markup, so rpt_md_esc() escapes
 * it). */
#include "rpt_doc.h"

#include "pc_buf.h"
#include "pc_fmt.h"
#include "rpt_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rpt_doc_init(rpt_doc *d, rpt_format fmt, pc_buf *out)
{
    memset(d, 0, sizeof *d);
    d->fmt = fmt;
    d->out = out;
    d->pre = "";
}

int rpt_doc_md(const rpt_doc *d)
{
    return d->fmt == RPT_MARKDOWN;
}

void rpt_doc_put(rpt_doc *d, const char *s)
{
    if (d->rc == PC_OK)
        d->rc = pc_buf_puts(d->out, s);
}

void rpt_doc_txt(rpt_doc *d, const char *s)
{
    if (d->rc != PC_OK || !s || !*s)
        return;
    if (rpt_doc_md(d))
        d->rc = rpt_md_esc(d->out, s, d->bol);
    else
        d->rc = rpt_html_esc(d->out, s);
    d->bol = 0;
}

void rpt_doc_vtxtf(rpt_doc *d, const char *fmt, va_list ap)
{
    char small[1024];
    char *big;
    va_list cp;
    int n;

    if (d->rc != PC_OK)
        return;
    va_copy(cp, ap);
    n = vsnprintf(small, sizeof small, fmt, cp);
    va_end(cp);
    if (n < 0) {
        d->rc = PC_ERR_INTERNAL;
        return;
    }
    if ((size_t)n < sizeof small) {
        rpt_doc_txt(d, small);
        return;
    }
    big = malloc((size_t)n + 1);
    if (!big) {
        d->rc = PC_ERR_NOMEM;
        return;
    }
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    rpt_doc_txt(d, big);
    free(big);
}

void rpt_doc_txtf(rpt_doc *d, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    rpt_doc_vtxtf(d, fmt, ap);
    va_end(ap);
}

char *rpt_doc_ring(rpt_doc *d)
{
    return d->ring[d->ri++ % RPT_DOC_RING];
}

const char *rpt_doc_num(rpt_doc *d, double v, int prec)
{
    char *s = rpt_doc_ring(d);

    pc_fmt_grouped(s, sizeof d->ring[0], v, prec);
    return s;
}

const char *rpt_doc_trim(rpt_doc *d, double v, int maxprec)
{
    char *s = rpt_doc_ring(d);

    pc_fmt_trim(s, sizeof d->ring[0], v, maxprec);
    return s;
}

const char *rpt_doc_gbp(rpt_doc *d, double v, int pence)
{
    char *s = rpt_doc_ring(d);

    pc_fmt_money(s, sizeof d->ring[0], v, "\xc2\xa3", pence);
    return s;
}

const char *rpt_doc_pct(rpt_doc *d, double frac, int maxprec)
{
    char *s = rpt_doc_ring(d);

    pc_fmt_pct(s, sizeof d->ring[0], frac, maxprec);
    return s;
}

/* Markdown: starts a block, with the blank line that separates it from
 * the one before (kept inside a note). */
static void doc_block(rpt_doc *d)
{
    if (rpt_doc_md(d) && d->sep)
        rpt_doc_put(d, d->pre[0] ? ">\n" : "\n");
    d->sep = 0;
    d->bol = 1;
}

/* Markdown: starts a line of the current block */
static void doc_line(rpt_doc *d)
{
    if (rpt_doc_md(d))
        rpt_doc_put(d, d->pre);
}

static void doc_block_end(rpt_doc *d)
{
    if (rpt_doc_md(d)) {
        rpt_doc_put(d, "\n");
        d->sep = 1;
    }
    d->bol = 0;
}

void rpt_doc_heading(rpt_doc *d, int level, const char *fmt, ...)
{
    static const char *const hashes[] = {"", "# ", "## ", "### "};
    static const char *const open[] = {"", "<h1>", "<h2>", "<h3>"};
    static const char *const close[] = {"", "</h1>\n", "</h2>\n", "</h3>\n"};
    va_list ap;

    doc_block(d);
    doc_line(d);
    rpt_doc_put(d, rpt_doc_md(d) ? hashes[level] : open[level]);
    d->bol = 0;
    va_start(ap, fmt);
    rpt_doc_vtxtf(d, fmt, ap);
    va_end(ap);
    if (!rpt_doc_md(d))
        rpt_doc_put(d, close[level]);
    doc_block_end(d);
}

void rpt_doc_p_begin(rpt_doc *d, const char *cls)
{
    doc_block(d);
    doc_line(d);
    if (!rpt_doc_md(d)) {
        rpt_doc_put(d, "<p");
        if (cls) {
            rpt_doc_put(d, " class=\"");
            rpt_doc_put(d, cls);
            rpt_doc_put(d, "\"");
        }
        rpt_doc_put(d, ">");
    }
}

void rpt_doc_p_end(rpt_doc *d)
{
    if (!rpt_doc_md(d))
        rpt_doc_put(d, "</p>\n");
    doc_block_end(d);
}

void rpt_doc_para(rpt_doc *d, const char *fmt, ...)
{
    va_list ap;

    rpt_doc_p_begin(d, NULL);
    va_start(ap, fmt);
    rpt_doc_vtxtf(d, fmt, ap);
    va_end(ap);
    rpt_doc_p_end(d);
}

void rpt_doc_b_begin(rpt_doc *d)
{
    rpt_doc_put(d, rpt_doc_md(d) ? "**" : "<strong>");
}

void rpt_doc_b_end(rpt_doc *d)
{
    rpt_doc_put(d, rpt_doc_md(d) ? "**" : "</strong>");
}

/* bold text: a label such as "Date:" */
void rpt_doc_bold(rpt_doc *d, const char *s)
{
    int bol = d->bol;

    rpt_doc_b_begin(d);
    d->bol = bol;
    rpt_doc_txt(d, s);
    rpt_doc_b_end(d);
}

void rpt_doc_ul_begin(rpt_doc *d, const char *cls)
{
    doc_block(d);
    if (!rpt_doc_md(d)) {
        rpt_doc_put(d, "<ul");
        if (cls) {
            rpt_doc_put(d, " class=\"");
            rpt_doc_put(d, cls);
            rpt_doc_put(d, "\"");
        }
        rpt_doc_put(d, ">\n");
    }
}

void rpt_doc_li_begin(rpt_doc *d)
{
    if (rpt_doc_md(d)) {
        doc_line(d);
        rpt_doc_put(d, "- ");
    } else {
        rpt_doc_put(d, "<li>");
    }
    d->bol = 1;
}

void rpt_doc_li_end(rpt_doc *d)
{
    rpt_doc_put(d, rpt_doc_md(d) ? "\n" : "</li>\n");
    d->bol = 0;
}

void rpt_doc_ul_end(rpt_doc *d)
{
    if (rpt_doc_md(d)) {
        d->sep = 1;
    } else {
        rpt_doc_put(d, "</ul>\n");
    }
}

void rpt_doc_li(rpt_doc *d, const char *fmt, ...)
{
    va_list ap;

    rpt_doc_li_begin(d);
    va_start(ap, fmt);
    rpt_doc_vtxtf(d, fmt, ap);
    va_end(ap);
    rpt_doc_li_end(d);
}

/* A boxed note (HTML) or block quote (Markdown). */
void rpt_doc_note_begin(rpt_doc *d, const char *cls)
{
    doc_block(d);
    if (rpt_doc_md(d)) {
        d->pre = "> "; /* on every line of the note */
    } else {
        rpt_doc_put(d, "<div class=\"");
        rpt_doc_put(d, cls);
        rpt_doc_put(d, "\">\n");
    }
}

void rpt_doc_note_end(rpt_doc *d)
{
    if (rpt_doc_md(d)) {
        d->pre = "";
        d->sep = 1;
    } else {
        rpt_doc_put(d, "</div>\n");
    }
}

/* heads[ncols]; align: 'l' or 'r' per column */
void rpt_doc_table_begin(rpt_doc *d, const char *const *heads,
                         const char *align)
{
    size_t n = strlen(align);

    doc_block(d);
    d->align = align;
    d->col = 0;
    if (rpt_doc_md(d)) {
        doc_line(d);
        rpt_doc_put(d, "|");
        for (size_t i = 0; i < n; i++) {
            rpt_doc_put(d, " ");
            rpt_doc_txt(d, heads[i]);
            rpt_doc_put(d, " |");
        }
        rpt_doc_put(d, "\n");
        doc_line(d);
        rpt_doc_put(d, "|");
        for (size_t i = 0; i < n; i++)
            rpt_doc_put(d, align[i] == 'r' ? "---:|" : "---|");
        rpt_doc_put(d, "\n");
    } else {
        rpt_doc_put(d, "<table>\n<thead>\n<tr>");
        for (size_t i = 0; i < n; i++) {
            rpt_doc_put(d, align[i] == 'r' ? "<th class=\"n\">" : "<th>");
            rpt_doc_txt(d, heads[i]);
            rpt_doc_put(d, "</th>");
        }
        rpt_doc_put(d, "</tr>\n</thead>\n<tbody>\n");
    }
}

void rpt_doc_tr_begin(rpt_doc *d, const char *cls)
{
    d->col = 0;
    if (rpt_doc_md(d)) {
        doc_line(d);
        rpt_doc_put(d, "|");
    } else if (cls) {
        rpt_doc_put(d, "<tr class=\"");
        rpt_doc_put(d, cls);
        rpt_doc_put(d, "\">");
    } else {
        rpt_doc_put(d, "<tr>");
    }
}

void rpt_doc_td_begin(rpt_doc *d)
{
    int right = d->align && d->align[d->col] == 'r';

    if (rpt_doc_md(d))
        rpt_doc_put(d, " ");
    else
        rpt_doc_put(d, right ? "<td class=\"n\">" : "<td>");
    d->bol = 0;
}

void rpt_doc_td_end(rpt_doc *d)
{
    rpt_doc_put(d, rpt_doc_md(d) ? " |" : "</td>");
    if (d->align && d->align[d->col])
        d->col++;
}

void rpt_doc_td(rpt_doc *d, const char *fmt, ...)
{
    va_list ap;

    rpt_doc_td_begin(d);
    va_start(ap, fmt);
    rpt_doc_vtxtf(d, fmt, ap);
    va_end(ap);
    rpt_doc_td_end(d);
}

/* a bold cell, for totals */
void rpt_doc_tdb(rpt_doc *d, const char *s)
{
    rpt_doc_td_begin(d);
    if (*s)
        rpt_doc_bold(d, s);
    rpt_doc_td_end(d);
}

void rpt_doc_tr_end(rpt_doc *d)
{
    rpt_doc_put(d, rpt_doc_md(d) ? "\n" : "</tr>\n");
}

void rpt_doc_table_end(rpt_doc *d)
{
    if (rpt_doc_md(d))
        d->sep = 1;
    else
        rpt_doc_put(d, "</tbody>\n</table>\n");
    d->align = NULL;
}
