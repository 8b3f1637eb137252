/* pc_fmt.h: numbers, money and dates as text, the same in every output.
 *
 * Nothing here follows the locale (STYLE.md §8): the decimal point is
 * always '.', thousands are separated by ',', there is never a "-0".
 * Money rounds half away from zero, as accountants do, not to even as
 * printf does. Every formatter writes into a caller's array, always
 * NUL-terminated, cut to fit; none allocates or fails. */
#ifndef PC_FMT_H
#define PC_FMT_H

#include <stddef.h>

/* v with exactly prec decimals and no grouping: 1234.5, 1 -> "1234.5".
 * Infinities and NaN are written "inf", "-inf", "nan". */
void pc_fmt_num(char *out, size_t n, double v, int prec);

/* An integer with ',' between thousands: 1119429 -> "1,119,429". */
void pc_fmt_thousands(char *out, size_t n, long long v);

/* v with exactly prec decimals (0..9) and ',' between thousands:
 * 9040.4, 0 -> "9,040"; 3927.834, 2 -> "3,927.83"; -1.2, 2 -> "-1.20". */
void pc_fmt_grouped(char *out, size_t n, double v, int prec);

/* As pc_fmt_grouped() with up to maxprec decimals, trailing zeros (and a
 * trailing point) removed: 1.35, 4 -> "1.35"; 2300, 2 -> "2,300". */
void pc_fmt_trim(char *out, size_t n, double v, int maxprec);

/* Money, the one formatter every view uses: symbol (e.g. "£", "GBP ", or
 * "" for a column already headed in pounds) before the amount in whole
 * pounds with thousands separated: "£2,429,362". pence: 0 rounds to
 * whole pounds, 1 always shows pence ("£607.34", "£3,105.00"), -1 shows
 * pence only when the amount is not a whole number of pounds. Negative
 * amounts are written "-£12". */
void pc_fmt_money(char *out, size_t n, double v, const char *symbol, int pence);

/* A fraction as a percentage with up to maxprec decimals, trailing zeros
 * removed: 0.4123, 1 -> "41.2%"; 0.15, 1 -> "15%". */
void pc_fmt_pct(char *out, size_t n, double frac, int maxprec);

/* An ordinal with thousands separators: 1 -> "1st", 2000 -> "2,000th",
 * 112 -> "112th", 1022 -> "1,022nd". */
void pc_fmt_ordinal(char *out, size_t n, long long v);

/* An ISO date "YYYY-MM-DD" written "1 April 2026". Returns 0, or -1 (and
 * out untouched) when iso is not a valid calendar date in that form. */
int pc_fmt_date(char *out, size_t n, const char *iso);

/* A table cell of `width` characters (UTF-8 code points) from s, padded
 * with spaces on the right; a longer s is cut to width - 1 characters and
 * an ellipsis ("…"), so that a cut name shows it is cut. NULL is "-".
 * out holds at most n - 1 bytes (n >= 4 x width + 1 always fits). */
void pc_fmt_cell(char *out, size_t n, const char *s, int width);
/* The characters of UTF-8 s (0 for NULL). */
int pc_fmt_chars(const char *s);
/* A name column's width: narrow in a table that fits (wide 0), else the
 * larger of narrow and the characters of s, for each s a table row
 * shows: start from w = narrow, call for every name. */
void pc_fmt_widen(int *w, int wide, const char *s);

#endif
