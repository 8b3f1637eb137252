/* rpt_text.c: escaping and locale-free number formatting for the report
 * writers. See rpt_text.h. */
#include "rpt_text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD in UTF-8 */

/* Decodes one UTF-8 character at s into *cp and returns its length, or 0
 * when s does not start a valid sequence (overlong forms, surrogates and
 * code points above U+10FFFF are invalid). Never reads past a NUL. */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    unsigned lo = 0x80, hi = 0xBF;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        if ((s[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
        if (s[1] < lo || s[1] > hi)
            return 0;
        if ((s[2] & 0xC0) != 0x80)
            return 0;
        *cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
        if (s[1] < lo || s[1] > hi)
            return 0;
        if ((s[2] & 0xC0) != 0x80)
            return 0;
        if ((s[3] & 0xC0) != 0x80)
            return 0;
        *cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
              ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
        return 4;
    }
    return 0;
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

/* Copies the number in num into out with ',' between groups of three
 * digits of its integer part; anything else (inf, nan) is copied as is. */
static void group_thousands(char *out, size_t n, const char *num)
{
    char tmp[800];
    const char *d = num;
    size_t nd, i, j = 0;

    if (*d == '-')
        tmp[j++] = *d++;
    nd = strspn(d, "0123456789");
    if (!nd || nd > 330) {
        snprintf(out, n, "%s", num);
        return;
    }
    for (i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            tmp[j++] = ',';
        tmp[j++] = d[i];
    }
    snprintf(tmp + j, sizeof tmp - j, "%s", d + nd);
    snprintf(out, n, "%s", tmp);
}

static int clamp_prec(int prec)
{
    return prec < 0 ? 0 : prec > 9 ? 9 : prec;
}

void rpt_fmt_num(char *out, size_t n, double v, int prec)
{
    char tmp[400]; /* DBL_MAX has 309 integer digits */

    pc_fmt_num(tmp, sizeof tmp, v, clamp_prec(prec));
    group_thousands(out, n, tmp);
}

void rpt_fmt_trim(char *out, size_t n, double v, int maxprec)
{
    char tmp[400];
    size_t len;

    pc_fmt_num(tmp, sizeof tmp, v, clamp_prec(maxprec));
    if (strchr(tmp, '.')) {
        len = strlen(tmp);
        while (len > 0 && tmp[len - 1] == '0')
            tmp[--len] = '\0';
        if (len > 0 && tmp[len - 1] == '.')
            tmp[--len] = '\0';
        if (!strcmp(tmp, "-0"))
            memmove(tmp, tmp + 1, 2);
    }
    group_thousands(out, n, tmp);
}

void rpt_fmt_gbp(char *out, size_t n, double v, int pence)
{
    char num[450];
    size_t len;
    const char *digits = num;

    /* money rounds half away from zero (£0.5 -> £1), not to even as
     * printf does */
    if (fabs(v) < 1e13)
        v = pence ? round(v * 100.0) / 100.0 : round(v);
    rpt_fmt_num(num, sizeof num, v, pence ? 2 : 0);
    len = strlen(num);
    if (pence < 0 && len > 3 && !strcmp(num + len - 3, ".00"))
        num[len - 3] = '\0';
    if (*digits == '-')
        digits++;
    snprintf(out, n, "%s£%s", digits != num ? "-" : "", digits);
}

void rpt_fmt_pct(char *out, size_t n, double frac, int maxprec)
{
    char num[450];

    rpt_fmt_trim(num, sizeof num, frac * 100.0, maxprec);
    snprintf(out, n, "%s%%", num);
}

void rpt_fmt_ordinal(char *out, size_t n, long long v)
{
    char num[48];
    long long m100 = v % 100, m10 = v % 10;
    const char *suf = "th";

    if (m100 < 0)
        m100 = -m100;
    if (m10 < 0)
        m10 = -m10;
    if (m100 < 11 || m100 > 13)
        suf = m10 == 1 ? "st" : m10 == 2 ? "nd" : m10 == 3 ? "rd" : "th";
    pc_fmt_thousands(num, sizeof num, v);
    snprintf(out, n, "%s%s", num, suf);
}

int rpt_fmt_date(char *out, size_t n, const char *iso)
{
    static const char *const months[12] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    static const int mdays[12] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int y = 0, m = 0, d = 0;

    if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (iso[i] < '0' || iso[i] > '9')
            return -1;
    }
    y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 +
        (iso[3] - '0');
    m = (iso[5] - '0') * 10 + (iso[6] - '0');
    d = (iso[8] - '0') * 10 + (iso[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return -1;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return -1;
    snprintf(out, n, "%d %s %d", d, months[m - 1], y);
    return 0;
}
