/* pc_json.h: reading JSON from outside: the one parser front door, and
 * one typed reader whose messages name the key's path.
 *
 * pc_json_parse() takes a whole text (a file, a request body; not
 * NUL-terminated) and refuses, with the line and column, what cJSON alone
 * would let through or explain badly: bytes that are not UTF-8, an empty
 * text, a text cut short, text after the value, and \u0000 in a string.
 *
 * A pc_jr reads one JSON object. Its messages name the document and the
 * key's path from the document's root: `report: key "sites[3].dwellings":
 * expected a number, got a string`. PC_JR_REQ keys must be present with
 * the type; PC_JR_NUL keys must be present but may be null; PC_JR_OPT
 * keys may be null or absent. A null or absent value reads as none:
 * strings as NULL, numbers leave *has 0, booleans read as 0. A document
 * built in memory rather than parsed by pc_json_parse() may hold strings
 * that are not UTF-8: set utf8 on its root reader to have every string
 * checked. Every failure is PC_ERR_INPUT (messages name the type wanted,
 * "or null" when null is allowed); on failure out-parameters are not set
 * unless said.
 * Keys are quoted in messages made safe (pc_json_disp). */
#ifndef PC_JSON_H
#define PC_JSON_H

#include "pc_error.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* Parses text[0..len) (a UTF-8 BOM is skipped) into *out, owned by the
 * caller (cJSON_Delete). PC_ERR_INPUT with "line L, column C: ..." when
 * the text is not one whole JSON value. */
pc_status pc_json_parse(const char *text, size_t len, cJSON **out,
                        pc_error *err);

/* The first key of object obj given more than once (cJSON keeps every
 * copy; lookups find the first), or NULL when each is given once. */
const char *pc_json_dup_key(const cJSON *obj);

/* What a JSON value is, for messages: "nothing" (NULL), "null", "a
 * boolean", "a number", "a string", "an array" or "an object". */
const char *pc_json_type(const cJSON *v);

/* Characters of a string from outside quoted in a message, and the size
 * of a buffer for one (each may take 6 bytes escaped, "...", NUL). */
#define PC_JSON_DISP_MAX 48
#define PC_JSON_DISP_SZ  320

/* s made safe to quote in a message: JSON escapes for quotes, backslashes
 * and control characters, cut after PC_JSON_DISP_MAX characters with
 * "...". Returns out. */
const char *pc_json_disp(char *out, size_t n, const char *s);

/* What a JSON value is, by value, for "got ..." in a message: "nothing",
 * "null", "true", "3.5", "the string \"x\"", "an array", "an object".
 * Returns out; n of PC_JSON_DISP_SZ + 32 always fits. */
const char *pc_json_got(char *out, size_t n, const cJSON *v);

/* "a, b<last>c" (last ", " or " or ", say) from a NULL-terminated list of
 * names, cut to fit n. Returns out. */
const char *pc_json_list(char *out, size_t n, const char *const *names,
                         const char *last);

typedef struct pc_jr {
    const cJSON *obj;
    char pre[192];    /* the path to obj, with a final '.', or "" */
    const char *what; /* the document, for messages (NULL: none) */
    pc_error *err;
    int utf8; /* check strings are UTF-8 (readers made from it inherit) */
} pc_jr;

/* Whether a key may be left out or null: */
enum {
    PC_JR_REQ = 0, /* present and not null */
    PC_JR_OPT = 1, /* may be null or absent */
    PC_JR_NUL = 2  /* present, may be null */
};

/* A reader of the root object of document `what`. */
pc_jr pc_jr_root(const cJSON *obj, const char *what, pc_error *err);

/* A reader of obj, found at parent's key (index >= 0: its element). */
void pc_jr_sub(pc_jr *sub, const pc_jr *parent, const cJSON *obj,
               const char *key, int index);

/* A reader of e, element index of the array at parent's key, which must
 * be an object. */
pc_status pc_jr_elem(pc_jr *sub, const pc_jr *parent, const char *key,
                     int index, const cJSON *e);

/* The value of key, or NULL when absent or (unless PC_JR_REQ) null. */
const cJSON *pc_jr_get(const pc_jr *r, const char *key, int opt);

/* Fails with "<what>: key "<path><key>": <message>". */
pc_status pc_jr_fail(const pc_jr *r, const char *key, const char *fmt, ...)
    PC_PRINTF(3, 4);

/* The failure for key: missing (got NULL), or of another type than want. */
pc_status pc_jr_bad(const pc_jr *r, const char *key, const char *want,
                    const cJSON *got);

/* The same, saying what was found by value ("got the string \"x\"", "got
 * 3.5", "got true") rather than by type: for files a person writes, such
 * as a scenario. */
pc_status pc_jr_bad_value(const pc_jr *r, const char *key, const char *want,
                          const cJSON *got);

/* Each key of the reader's object must be in known (NULL-terminated) and
 * given once. At the root: `unknown key "k" (expected one of a, b, c)`;
 * below it: `key "p.k": unknown key (expected a, b or c)`; and
 * `key "p.k": given twice`. */
pc_status pc_jr_keys(const pc_jr *r, const char *const *known);

/* The bounds of a number: lo and hi themselves allowed unless lo_open or
 * hi_open; hi infinite for none; integral for whole numbers only. */
typedef struct pc_jr_bounds {
    double lo, hi;
    int lo_open, hi_open, integral;
} pc_jr_bounds;

/* A required number within b (-0 reads as 0); its messages say what was
 * found by value, as pc_jr_bad_value's: "expected an integer from 1
 * to 50, got 0", "expected a number greater than 0 and at most 5, got
 * 6", "expected a number of at least 0, got -1". */
pc_status pc_jr_within(const pc_jr *r, const char *key, const pc_jr_bounds *b,
                       double *out);

pc_status pc_jr_str(const pc_jr *r, const char *key, int opt, const char **out);
/* A finite number; with PC_JR_OPT, *has (may be NULL) says whether there
 * was one. */
pc_status pc_jr_num(const pc_jr *r, const char *key, int opt, double *out,
                    int *has);
/* A whole number within +-2^53, as pc_jr_num. */
pc_status pc_jr_int(const pc_jr *r, const char *key, int opt, double *out,
                    int *has);
pc_status pc_jr_nonneg(const pc_jr *r, const char *key, double *out);
pc_status pc_jr_bool(const pc_jr *r, const char *key, int opt, int *out);
pc_status pc_jr_obj(const pc_jr *r, const char *key, int opt,
                    const cJSON **out);
/* An array (NULL when none); with strings, of strings only. */
pc_status pc_jr_arr(const pc_jr *r, const char *key, int opt, int strings,
                    const cJSON **out);

#endif
