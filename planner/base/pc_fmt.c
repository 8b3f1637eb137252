/* pc_fmt.c: numbers, money and dates as text (see pc_fmt.h). */
#include "pc_fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void pc_fmt_num(char *out, size_t n, double v, int prec)
{
    char *p;

    if (!isfinite(v)) {
        snprintf(out, n, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return;
    }
    snprintf(out, n, "%.*f", prec, v);
    /* We never call setlocale(), but be robust if an embedding program
     * did: the decimal separator is always '.'. */
    for (p = out; *p; p++)
        if (*p == ',')
            *p = '.';
    if (out[0] == '-') {
        int zero = 1;

        for (p = out + 1; *p; p++)
            if (*p != '0' && *p != '.')
                zero = 0;
        if (zero)
            memmove(out, out + 1, strlen(out));
    }
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

void pc_fmt_thousands(char *out, size_t n, long long v)
{
    char digits[32];

    snprintf(digits, sizeof digits, "%lld", v);
    group_thousands(out, n, digits);
}

static int clamp_prec(int prec)
{
    return prec < 0 ? 0 : prec > 9 ? 9 : prec;
}

void pc_fmt_grouped(char *out, size_t n, double v, int prec)
{
    char tmp[400]; /* DBL_MAX has 309 integer digits */

    pc_fmt_num(tmp, sizeof tmp, v, clamp_prec(prec));
    group_thousands(out, n, tmp);
}

void pc_fmt_trim(char *out, size_t n, double v, int maxprec)
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

void pc_fmt_money(char *out, size_t n, double v, const char *symbol, int pence)
{
    char num[450];
    size_t len;
    const char *digits = num;

    if (fabs(v) < 1e13)
        v = pence ? round(v * 100.0) / 100.0 : round(v);
    pc_fmt_grouped(num, sizeof num, v, pence ? 2 : 0);
    len = strlen(num);
    if (pence < 0 && len > 3 && !strcmp(num + len - 3, ".00"))
        num[len - 3] = '\0';
    if (*digits == '-')
        digits++;
    snprintf(out, n, "%s%s%s", digits != num ? "-" : "", symbol ? symbol : "",
             digits);
}

void pc_fmt_pct(char *out, size_t n, double frac, int maxprec)
{
    char num[450];

    pc_fmt_trim(num, sizeof num, frac * 100.0, maxprec);
    snprintf(out, n, "%s%%", num);
}

void pc_fmt_ordinal(char *out, size_t n, long long v)
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

int pc_fmt_date(char *out, size_t n, const char *iso)
{
    static const char *const months[12] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    static const int mdays[12] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int y, m, d;

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

/* Bytes of the UTF-8 character at s (1 for a stray or cut sequence, so
 * that bad text still moves on). */
static size_t utf8_char(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t l = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

    for (size_t k = 1; k < l; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            return 1;
    return l;
}

int pc_fmt_chars(const char *s)
{
    int c = 0;

    for (size_t i = 0; s && s[i]; c++)
        i += utf8_char(s + i);
    return c;
}

void pc_fmt_widen(int *w, int wide, const char *s)
{
    int c = wide ? pc_fmt_chars(s) : 0;

    if (c > *w)
        *w = c;
}

void pc_fmt_cell(char *out, size_t n, const char *s, int width)
{
    size_t chars = 0, i, o = 0, cut = 0;
    int fits;

    if (!n)
        return;
    if (!s)
        s = "-";
    for (i = 0; s[i]; chars++)
        i += utf8_char(s + i);
    fits = width <= 0 || chars <= (size_t)width;
    /* whole characters: all of s, or width - 1 of them and the ellipsis */
    for (i = 0; s[i] && (fits || cut + 1 < (size_t)width); cut++) {
        size_t l = utf8_char(s + i);

        if (o + l >= n)
            break;
        memcpy(out + o, s + i, l);
        o += l;
        i += l;
    }
    if (!fits && o + 3 < n) {
        memcpy(out + o, "\xe2\x80\xa6", 3);
        o += 3;
        cut++;
    }
    for (; width > 0 && cut < (size_t)width && o + 1 < n; cut++)
        out[o++] = ' ';
    out[o] = 0;
}
