/* rpt_text.c: escaping and locale-free number formatting for the report
 * writers. See rpt_text.h. */
#include "rpt_text.h"

#include "pc_buf.h"
#include "pc_error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD in UTF-8 */

/* Decodes one UTF-8 character at s into *cp and returns its length, or 0
 * when s does not start a valid sequence (overlong forms, surrogates and
 * code points above U+10FFFF are invalid). Never reads past a NUL. */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF, v;
    size_t n;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0Fu;
        lo = c == 0xE0 ? 0xA0 : lo; /* overlong */
        hi = c == 0xED ? 0x9F : hi; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07u;
        lo = c == 0xF0 ? 0x90 : lo; /* overlong */
        hi = c == 0xF4 ? 0x8F : hi; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi)
        return 0;
    /* stops at the first byte that is not a continuation, a NUL too */
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    *cp = v;
    return n;
}

/* Characters XML 1.0 forbids, and controls HTML calls parse errors. */
static int char_unwanted(unsigned cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    if (cp >= 0x7F && cp <= 0x9F)
        return 1;
    return cp == 0xFFFE || cp == 0xFFFF;
}

pc_status rpt_html_esc(pc_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run; /* start of the bytes copied as they are */
    pc_status rc = PC_OK;

    if (!s)
        return PC_OK;
    run = p;
    while (*p && rc == PC_OK) {
        const char *rep = NULL;
        unsigned cp = 0;
        size_t len = utf8_next(p, &cp);

        if (!len) {
            rep = REPLACEMENT;
            len = 1;
        } else if (char_unwanted(cp)) {
            rep = REPLACEMENT;
        } else {
            switch (cp) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            case '\'': rep = "&#39;"; break;
            default: break;
            }
        }
        if (rep) {
            rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
            if (rc == PC_OK)
                rc = pc_buf_puts(b, rep);
            p += len;
            run = p;
        } else {
            p += len;
        }
    }
    if (rc == PC_OK)
        rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
    return rc;
}

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

pc_status rpt_md_esc(pc_buf *b, const char *s, int at_start)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *mark = NULL; /* list-marker character to escape */
    const unsigned char *run;
    pc_status rc = PC_OK;

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
    run = p;
    while (*p && rc == PC_OK) {
        const char *rep = NULL;
        char esc[3] = {'\\', 0, 0};
        unsigned cp = 0;
        size_t len = utf8_next(p, &cp);

        if (!len) {
            rep = REPLACEMENT;
            len = 1;
        } else if (cp == '\t' || cp == '\n' || cp == '\r') {
            rep = " ";
        } else if (char_unwanted(cp)) {
            rep = REPLACEMENT;
        } else if (p == mark || strchr("\\`*_[]<>|#~", (int)cp) ||
                   (cp == '&' && (is_alnum(p[1]) || p[1] == '#'))) {
            esc[1] = (char)cp;
            rep = esc;
        }
        if (rep) {
            rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
            if (rc == PC_OK)
                rc = pc_buf_puts(b, rep);
            p += len;
            run = p;
        } else {
            p += len;
        }
    }
    if (rc == PC_OK)
        rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
    return rc;
}
