/* rpt_read.h: reading the planner's JSON documents in the report writers,
 * with errors that name the key.
 *
 * An rd reads one JSON object. Its messages name the document and the
 * key's path from the document's root: `report: key "sites[3].dwellings":
 * expected a number, got a string`. REQ keys must be present with the
 * type; OPT keys may also be null or absent (strings then read as NULL,
 * numbers leave *has 0, booleans read as 0). Every failure is
 * PC_ERR_INPUT. */
#ifndef RPT_READ_H
#define RPT_READ_H

#include "pc_error.h"

#include <cjson/cJSON.h>

typedef struct rd {
    const cJSON *obj;
    char pre[64];     /* the path to obj, with a final '.', or "" */
    const char *what; /* the document, for messages */
    pc_error *err;
} rd;

enum { REQ = 0, OPT = 1 };

/* A reader of the root object of document `what`. */
rd rd_root(const cJSON *obj, const char *what, pc_error *err);

/* A reader of obj, found at parent's key (index >= 0: its element). */
void rd_sub(rd *sub, const rd *parent, const cJSON *obj, const char *key,
            int index);

/* The value of key, or NULL when absent or (with OPT) null. */
const cJSON *rd_get(rd *r, const char *key, int opt);

/* The failure for key: missing, or of another type than want. */
pc_status rd_bad(rd *r, const char *key, const char *want, const cJSON *got);

pc_status rd_str(rd *r, const char *key, int opt, const char **out);
/* A finite number; with OPT, *has (may be NULL) says whether there was
 * one. */
pc_status rd_num(rd *r, const char *key, int opt, double *out, int *has);
pc_status rd_nonneg(rd *r, const char *key, double *out);
pc_status rd_bool(rd *r, const char *key, int opt, int *out);
pc_status rd_obj(rd *r, const char *key, int opt, const cJSON **out);
/* An array (NULL when OPT and absent); with strings, of strings only. */
pc_status rd_arr(rd *r, const char *key, int opt, int strings,
                 const cJSON **out);

#endif
