/* rpt_text.c: escaping and locale-free number formatting for the report
 * writers. See rpt_text.h. */
#include "rpt_text.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD in UTF-8 */

/* Characters XML 1.0 forbids, and controls HTML calls parse errors. */
static int char_unwanted(unsigned cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    if (cp >= 0x7F && cp <= 0x9F)
        return 1;
    return cp == 0xFFFE || cp == 0xFFFF;
}

/* The replacement for the character cp, found at p, or NULL to copy
 * it as it is; esc is room for a short replacement. */
typedef const char *(*esc_rule)(const unsigned char *p, unsigned cp,
                                const void *arg, char esc[3]);

/* Writes p to b, each character as rule says; bytes that are not UTF-8
 * become U+FFFD. */
static pc_status esc_text(pc_buf *b, const unsigned char *p, esc_rule rule,
                          const void *arg)
{
    const unsigned char *run = p; /* start of the bytes copied as they are */
    pc_status rc = PC_OK;

    while (*p && rc == PC_OK) {
        const char *rep;
        char esc[3] = {0};
        unsigned cp = 0;
        size_t len = pc_utf8_next((const char *)p, SIZE_MAX, &cp);

        if (!len) {
            rep = REPLACEMENT;
            len = 1;
        } else {
            rep = rule(p, cp, arg, esc);
        }
        if (rep) {
            rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
            if (rc == PC_OK)
                rc = pc_buf_puts(b, rep);
            run = p + len;
        }
        p += len;
    }
    if (rc == PC_OK)
        rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
    return rc;
}

static const char *html_rule(const unsigned char *p, unsigned cp,
                             const void *arg, char esc[3])
{
    (void)p;
    (void)arg;
    (void)esc;
    if (char_unwanted(cp))
        return REPLACEMENT;
    switch (cp) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

pc_status rpt_html_esc(pc_buf *b, const char *s)
{
    return s ? esc_text(b, (const unsigned char *)s, html_rule, NULL) : PC_OK;
}

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* arg: the list-marker character to escape, or NULL */
static const char *md_rule(const unsigned char *p, unsigned cp, const void *arg,
                           char esc[3])
{
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return " ";
    if (char_unwanted(cp))
        return REPLACEMENT;
    if (p == arg || strchr("\\`*_[]<>|#~", (int)cp) ||
        (cp == '&' && (is_alnum(p[1]) || p[1] == '#'))) {
        esc[0] = '\\';
        esc[1] = (char)cp;
        return esc;
    }
    return NULL;
}

pc_status rpt_md_esc(pc_buf *b, const char *s, int at_start)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *mark = NULL; /* list-marker character to escape */

    if (!s)
        return PC_OK;
    if (at_start) {
        size_t nd = 0;

        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '-' || *p == '+' || *p == '=')
            mark = p;
        while (p[nd] >= '0' && p[nd] <= '9')
            nd++;
        /* CommonMark ordered lists: 1 to 9 digits then '.' or ')' */
        if (nd >= 1 && nd <= 9 && (p[nd] == '.' || p[nd] == ')'))
            mark = p + nd;
    }
    return esc_text(b, p, md_rule, mark);
}
