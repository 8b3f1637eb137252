/* pc_buf.h: a growable NUL-terminated string buffer with a size cap, in
 * the manner of curl's dynbuf, and the caps the modules size it by.
 *
 * Initialise with PC_BUF_INIT(cap); release with pc_buf_free(). Appends
 * fail with PC_ERR_NOMEM past the cap, so a runaway report stops at a
 * known size instead of eating the machine. The caps are named for what
 * a buffer holds; pick the smallest that fits. */
#ifndef PC_BUF_H
#define PC_BUF_H

#include "pc_error.h"

#include <stddef.h>

#define PC_CAP_LINE  4096u        /* a name, a path, one message */
#define PC_CAP_TEXT  (1u << 20)   /* a paragraph, a small table, a trace */
#define PC_CAP_TABLE (16u << 20)  /* a command's table or JSON view */
#define PC_CAP_DOC   (64u << 20)  /* a page, a letter, an export file */
#define PC_CAP_RUN   (256u << 20) /* a run with draws, the report document */
#define PC_CAP_FILE  (256u << 20) /* the largest input file read whole */

typedef struct pc_buf {
    char *data;   /* NUL-terminated, NULL until the first append */
    size_t len;   /* bytes used, excluding the NUL */
    size_t alloc; /* bytes allocated */
    size_t cap;   /* maximum len */
    int wide;     /* for text tables written into it: 0, fit PC_TEXT_WIDTH
                   * columns (names cut, the secondary columns left out);
                   * else every column and whole names */
} pc_buf;

#define PC_TEXT_WIDTH 100

#define PC_BUF_INIT(max)     \
    {                        \
        NULL, 0, 0, (max), 0 \
    }

pc_status pc_buf_add(pc_buf *b, const char *s, size_t n);
pc_status pc_buf_puts(pc_buf *b, const char *s);
pc_status pc_buf_printf(pc_buf *b, const char *fmt, ...) PC_PRINTF(2, 3);
/* Appends a double with `prec` decimals, '.' as the decimal point whatever
 * the locale, and no "-0". */
pc_status pc_buf_num(pc_buf *b, double v, int prec);
/* s as one RFC 4180 CSV field: quoted (quotes doubled) when it holds a
 * comma, a quote or a line break, else as it is. */
pc_status pc_buf_csv(pc_buf *b, const char *s);
/* s as a CSV text cell: as pc_buf_csv(), but a cell starting with '=',
 * '+', '-', '@', a tab or a carriage return, which a spreadsheet would
 * take as a formula, gets a leading '\'' first (OWASP's rule against CSV
 * injection). For text only: numbers go through pc_buf_csv(), so that a
 * negative number stays a number. */
pc_status pc_buf_csv_text(pc_buf *b, const char *s);
/* The buffer's string: "" when empty; borrowed until the next append. */
const char *pc_buf_str(const pc_buf *b);
void pc_buf_reset(pc_buf *b);
void pc_buf_free(pc_buf *b);

/* --- arrays -------------------------------------------------------------- */

/* Makes room in *arr (an array of *cap elements of size bytes, NULL and 0
 * at first) for at least n elements, doubling; 0, or -1 when out of
 * memory (then *arr and *cap are as they were). */
int pc_grow(void **arr, size_t *cap, size_t n, size_t size);

#endif
