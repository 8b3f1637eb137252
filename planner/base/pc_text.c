/* pc_text.c: checks and positions in outside text (see pc_text.h). */
#include "pc_text.h"

#include "pc_buf.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

size_t pc_utf8_next(const char *s, size_t avail, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned c, lo = 0x80, hi = 0xBF, v;
    size_t n;

    if (!avail)
        return 0;
    c = p[0];
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
        return 0; /* a continuation byte, C0, C1 or F5..FF */
    }
    if (avail < 2 || p[1] < lo || p[1] > hi)
        return 0;
    /* stops at the first byte that is not a continuation, a NUL too */
    for (size_t i = 1; i < n; i++) {
        if (i >= avail || (p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    *cp = v;
    return n;
}

int pc_utf8_valid(const char *s)
{
    unsigned cp;
    size_t n;

    for (; *s; s += n)
        if (!(n = pc_utf8_next(s, SIZE_MAX, &cp)))
            return 0;
    return 1;
}

pc_status pc_utf8_repair(const char *s, pc_buf *out)
{
    while (*s) {
        unsigned cp;
        size_t n = pc_utf8_next(s, SIZE_MAX, &cp);

        if (n ? pc_buf_add(out, s, n) : pc_buf_puts(out, "\xEF\xBF\xBD"))
            return PC_ERR_NOMEM;
        s += n ? n : 1;
    }
    return PC_OK;
}

pc_status pc_utf8_check(const char *s, size_t len, pc_error *err)
{
    long line = 1, col = 1;
    size_t i = 0;

    while (i < len) {
        unsigned c = (unsigned char)s[i], cp;
        size_t n = pc_utf8_next(s + i, len - i, &cp);

        if (c == 0)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "line %ld, byte %ld: NUL byte (expected UTF-8 "
                           "text)",
                           line, col);
        if (!n)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "line %ld, character %ld: invalid UTF-8 byte "
                           "0x%02X (expected UTF-8 text)",
                           line, col, c);
        if (c == '\n') {
            line++;
            col = 0;
        }
        i += n;
        col++;
    }
    return PC_OK;
}

void pc_line_col(const char *buf, size_t off, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (buf[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* --- fitting text to a width --------------------------------------------- */

/* The characters in s[0..n): UTF-8 lead bytes (the text is ours, valid). */
static size_t cols(const char *s, size_t n)
{
    size_t c = 0;

    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0u) != 0x80u;
    return c;
}

/* The byte offset in s[0..n) of the last cell: after the last run of two
 * or more spaces followed by text, else after the indent. */
static size_t last_cell(const char *s, size_t n)
{
    size_t i = 0, at;

    while (i < n && s[i] == ' ')
        i++;
    at = i;
    for (; i + 2 < n; i++)
        if (s[i] != ' ' && s[i + 1] == ' ' && s[i + 2] == ' ') {
            size_t j = i + 1;

            while (j < n && s[j] == ' ')
                j++;
            if (j < n)
                at = j;
        }
    return at;
}

/* Appends the words of s[0..n) in lines of at most room characters, the
 * lines after the first indented by pad spaces. */
static pc_status wrap_words(pc_buf *out, const char *s, size_t n, size_t room,
                            size_t pad)
{
    size_t i = 0;
    pc_status rc = PC_OK;

    while (rc == PC_OK && i < n) {
        size_t end = i, brk = 0, used = 0;

        /* the longest run of whole words that fits, at least one word */
        while (end < n) {
            size_t w = end;

            while (w < n && s[w] != ' ')
                w++;
            if (brk && used + cols(s + end, w - end) > room)
                break;
            used += cols(s + end, w - end);
            brk = w;
            end = w;
            while (end < n && s[end] == ' ')
                end++, used++;
        }
        if (i > 0 && (rc = pc_buf_puts(out, "\n")) == PC_OK)
            for (size_t k = 0; rc == PC_OK && k < pad; k++)
                rc = pc_buf_add(out, " ", 1);
        if (rc == PC_OK)
            rc = pc_buf_add(out, s + i, brk - i);
        i = end;
    }
    return rc;
}

pc_status pc_text_fit(const char *text, size_t n, int width, pc_buf *out)
{
    size_t i = 0;
    pc_status rc = PC_OK;

    if (width <= 0)
        return pc_buf_add(out, text, n);
    while (rc == PC_OK && i < n) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
        const char *s = text + i;
        size_t at = last_cell(s, len), start = cols(s, at);

        if (cols(s, len) <= (size_t)width || start + 20 > (size_t)width)
            rc = pc_buf_add(out, s, len);
        else if ((rc = pc_buf_add(out, s, at)) == PC_OK)
            rc =
                wrap_words(out, s + at, len - at, (size_t)width - start, start);
        if (rc == PC_OK && nl)
            rc = pc_buf_add(out, "\n", 1);
        i += len + (nl != NULL);
    }
    return rc;
}

size_t pc_text_scrub(char *s, size_t n)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            s[i] = '?';
            k++;
        }
    }
    return k;
}

/* --- names a user types -------------------------------------------------- */

const char *pc_name_of_strings(const void *set, size_t i)
{
    return ((const char *const *)set)[i];
}

size_t pc_name_find(const char *name, const void *set, size_t n,
                    pc_name_at name_at)
{
    size_t at = n;

    for (size_t i = 0; name && i < n; i++) {
        const char *s = name_at(set, i);

        if (!s)
            continue;
        if (!strcmp(s, name))
            return i;
        if (at == n && !strcasecmp(s, name))
            at = i;
    }
    return at;
}

pc_status pc_name_missing(const char *kind, const char *name, const void *set,
                          size_t n, pc_name_at name_at, pc_error *err)
{
    pc_buf list = PC_BUF_INIT(PC_CAP_LINE);
    pc_status rc;

    for (size_t i = 0; i < n; i++) {
        const char *s = name_at(set, i);

        pc_buf_printf(&list, "%s\"%.60s\"", list.len ? ", " : "",
                      s ? s : "(null)");
    }
    rc = PC_FAIL(err, PC_ERR_NOTFOUND, "no %s named \"%.80s\" (the %ss are %s)",
                 kind, name ? name : "", kind,
                 list.len ? pc_buf_str(&list) : "none");
    pc_buf_free(&list);
    return rc;
}
