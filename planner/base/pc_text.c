/* pc_text.c: checks and positions in outside text (see pc_text.h). */
#include "pc_text.h"

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
