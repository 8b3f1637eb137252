/* pc_text.c: checks and positions in outside text (see pc_text.h). */
#include "pc_text.h"

pc_status pc_utf8_check(const char *s, size_t len, pc_error *err)
{
    const unsigned char *p = (const unsigned char *)s;
    long line = 1, col = 1;
    size_t i = 0;

    while (i < len) {
        unsigned c = p[i];
        size_t n = 0;
        unsigned cp = 0, min = 0;

        if (c == 0)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "line %ld, byte %ld: NUL byte (expected UTF-8 "
                           "text)",
                           line, col);
        if (c < 0x80) {
            if (c == '\n') {
                line++;
                col = 0;
            }
            i++;
            col++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            goto bad;
        }
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (p[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += n + 1;
        col++;
        continue;
    bad:
        return PC_FAIL(err, PC_ERR_INPUT,
                       "line %ld, character %ld: invalid UTF-8 byte 0x%02X "
                       "(expected UTF-8 text)",
                       line, col, c);
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
