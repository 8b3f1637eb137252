/* rpt_export_read.c: reading the report document into the export's
 * tables: the rows and cells, and a typed reader of JSON objects whose
 * error messages name the key by its path in the document
 * ("run.places[0].years[10].gap"). The tables' columns and which part of
 * the document fills them are in rpt_export_tables.c. */
#include "rpt_export_int.h"

#include "ds_csv.h"
#include "pc_error.h"
#include "pc_json.h"
#include "pc_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Rows and cells                                                      */
/* ------------------------------------------------------------------ */

/* Takes s (malloc'd; NULL means an allocation failed) into x. */
pc_status rpt_ex_own(ex *x, char *s)
{
    if (!s)
        return PC_FAIL(x->err, PC_ERR_NOMEM, "report: out of memory");
    if (x->nowned == x->capowned) {
        size_t cap = x->capowned ? 2 * x->capowned : 64;
        char **o = realloc(x->owned, cap * sizeof *o);

        if (!o) {
            free(s);
            return PC_FAIL(x->err, PC_ERR_NOMEM, "report: out of memory");
        }
        x->owned = o;
        x->capowned = cap;
    }
    x->owned[x->nowned++] = s;
    return PC_OK;
}

/* A new row of t, every cell null; NULL when out of memory. The pointer
 * is valid until the next rpt_ex_row_new(t). */
cell *rpt_ex_row_new(ex *x, table *t)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        cell *c = realloc(t->cells, cap * t->ncols * sizeof *c);

        if (!c) {
            PC_FAIL(x->err, PC_ERR_NOMEM, "report: out of memory");
            return NULL;
        }
        t->cells = c;
        t->cap = cap;
    }
    memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof(cell));
    return &t->cells[t->nrows++ * t->ncols];
}

cell *rpt_ex_cell(table *t, size_t row, const char *name)
{
    return &t->cells[row * t->ncols + rpt_ex_col(t, name)];
}

void rpt_ex_set_str(table *t, size_t row, const char *name, const char *s)
{
    cell *c = rpt_ex_cell(t, row, name);

    c->kind = s ? C_STR : C_NULL;
    c->s = s;
}

void rpt_ex_set_num(table *t, size_t row, const char *name, double v)
{
    cell *c = rpt_ex_cell(t, row, name);

    c->kind = C_NUM;
    c->v = v;
}

/* ------------------------------------------------------------------ */
/* Reading the document                                                */
/* ------------------------------------------------------------------ */

void rpt_jr_at(jr *r, ex *x, const cJSON *obj, const char *fmt, ...)
{
    va_list ap;

    r->obj = obj;
    r->x = x;
    va_start(ap, fmt);
    vsnprintf(r->pre, sizeof r->pre, fmt, ap);
    va_end(ap);
}

pc_status rpt_jr_bad_key(const jr *r, const char *key, const char *want,
                         const cJSON *got)
{
    if (!got)
        return PC_FAIL(r->x->err, PC_ERR_INPUT,
                       "report: key \"%s%s\": missing (expected %s)", r->pre,
                       key, want);
    return PC_FAIL(r->x->err, PC_ERR_INPUT,
                   "report: key \"%s%s\": expected %s, got %s", r->pre, key,
                   want, pc_json_type(got));
}

/* The value of key in *v: NULL when it is null or absent and opt allows
 * that; an error when opt does not. */
static pc_status jr_val(const jr *r, const char *key, int opt, const char *want,
                        const cJSON **v)
{
    const cJSON *got = cJSON_GetObjectItemCaseSensitive(r->obj, key);

    *v = NULL;
    if (!got)
        return opt == ABS ? PC_OK : rpt_jr_bad_key(r, key, want, NULL);
    if (cJSON_IsNull(got))
        return opt != REQ ? PC_OK : rpt_jr_bad_key(r, key, want, got);
    *v = got;
    return PC_OK;
}

pc_status rpt_jr_check_utf8(const jr *r, const char *key, const char *s)
{
    if (pc_utf8_check(s, strlen(s), r->x->err) != PC_OK)
        return pc_error_wrap(r->x->err, "report: key \"%s%s\"", r->pre, key);
    return PC_OK;
}

pc_status rpt_jr_str(const jr *r, const char *key, int opt, const char **out)
{
    const cJSON *v;
    pc_status rc =
        jr_val(r, key, opt, opt == REQ ? "a string" : "a string or null", &v);

    *out = NULL;
    if (rc != PC_OK || !v)
        return rc;
    if (!cJSON_IsString(v) || !v->valuestring)
        return rpt_jr_bad_key(r, key,
                              opt == REQ ? "a string" : "a string or null", v);
    rc = rpt_jr_check_utf8(r, key, v->valuestring);
    if (rc == PC_OK)
        *out = v->valuestring;
    return rc;
}

/* A finite number (with integer, a whole one); *has says whether there
 * was one. */
pc_status rpt_jr_num(const jr *r, const char *key, int opt, int integer,
                     double *out, int *has)
{
    const char *want = integer
                           ? (opt == REQ ? "an integer" : "an integer or null")
                           : (opt == REQ ? "a number" : "a number or null");
    const cJSON *v;
    pc_status rc = jr_val(r, key, opt, want, &v);

    *has = 0;
    if (rc != PC_OK || !v)
        return rc;
    if (!cJSON_IsNumber(v))
        return rpt_jr_bad_key(r, key, want, v);
    if (!isfinite(v->valuedouble))
        return PC_FAIL(r->x->err, PC_ERR_INPUT,
                       "report: key \"%s%s\": expected a finite number", r->pre,
                       key);
    if (integer && (v->valuedouble != floor(v->valuedouble) ||
                    fabs(v->valuedouble) > 9007199254740992.0))
        return PC_FAIL(r->x->err, PC_ERR_INPUT,
                       "report: key \"%s%s\": expected an integer, got %g",
                       r->pre, key, v->valuedouble);
    *out = v->valuedouble;
    *has = 1;
    return PC_OK;
}

/* A value of the kind is() accepts; want names it ("an object") for
 * messages, and with OPT "... or null". */
static pc_status jr_kind(const jr *r, const char *key, int opt,
                         cJSON_bool (*is)(const cJSON *), const char *want,
                         const cJSON **out)
{
    char w[48];
    pc_status rc;

    snprintf(w, sizeof w, "%s%s", want, opt == REQ ? "" : " or null");
    rc = jr_val(r, key, opt, w, out);
    if (rc == PC_OK && *out && !is(*out)) {
        rc = rpt_jr_bad_key(r, key, w, *out);
        *out = NULL;
    }
    return rc;
}

pc_status rpt_jr_obj(const jr *r, const char *key, int opt, const cJSON **out)
{
    return jr_kind(r, key, opt, cJSON_IsObject, "an object", out);
}

pc_status rpt_jr_arr(const jr *r, const char *key, int opt, const cJSON **out)
{
    return jr_kind(r, key, opt, cJSON_IsArray, "an array", out);
}

/* Element i of the array at key must be an object: a reader for it. */
pc_status rpt_jr_elem(const jr *r, const char *key, int i, const cJSON *e,
                      jr *out)
{
    if (!cJSON_IsObject(e))
        return PC_FAIL(r->x->err, PC_ERR_INPUT,
                       "report: key \"%s%s[%d]\": expected an object, got %s",
                       r->pre, key, i, pc_json_type(e));
    rpt_jr_at(out, r->x, e, "%s%s[%d].", r->pre, key, i);
    return PC_OK;
}

/* An array of strings, ';'-joined into an owned string (NULL if null). */
static pc_status jr_list(const jr *r, const char *key, int opt,
                         const char **out)
{
    const cJSON *arr, *e;
    pc_status rc = rpt_jr_arr(r, key, opt, &arr);
    size_t len = 0;
    char *s;
    int i = 0;

    *out = NULL;
    if (rc != PC_OK || !arr)
        return rc;
    cJSON_ArrayForEach(e, arr)
    {
        char sub[96];

        snprintf(sub, sizeof sub, "%s[%d]", key, i++);
        if (!cJSON_IsString(e) || !e->valuestring)
            return rpt_jr_bad_key(r, sub, "a string", e);
        rc = rpt_jr_check_utf8(r, sub, e->valuestring);
        if (rc != PC_OK)
            return rc;
        len += strlen(e->valuestring) + 1;
    }
    s = malloc(len + 1);
    if (s) {
        char *p = s;

        cJSON_ArrayForEach(e, arr)
        {
            size_t n = strlen(e->valuestring);

            if (p > s)
                *p++ = ';';
            memcpy(p, e->valuestring, n);
            p += n;
        }
        *p = '\0';
    }
    rc = rpt_ex_own(r->x, s);
    if (rc == PC_OK)
        *out = s;
    return rc;
}

/* A GeoJSON point for e, n (NULL when either is null); owned. */
pc_status rpt_ex_point_json(ex *x, const cell *e, const cell *n,
                            const char **out)
{
    char se[64], sn[64], buf[200], *s;
    pc_status rc;

    *out = NULL;
    if (e->kind != C_NUM || n->kind != C_NUM)
        return PC_OK;
    rpt_ex_fmt_plain(se, sizeof se, e->v, 1);
    rpt_ex_fmt_plain(sn, sizeof sn, n->v, 1);
    snprintf(buf, sizeof buf, "{\"type\":\"Point\",\"coordinates\":[%s,%s]}",
             se, sn);
    s = rpt_ex_dup(buf);
    rc = rpt_ex_own(x, s);
    if (rc == PC_OK)
        *out = s;
    return rc;
}

/* Reads the value of key into c as column d says. */
static pc_status read_cell(const jr *r, const coldef *d, const char *key,
                           int opt, cell *c)
{
    pc_status rc = PC_OK;
    const cJSON *v;
    double num;
    int has;

    c->kind = C_NULL;
    switch (d->type) {
    case T_TEXT:
        rc = d->list ? jr_list(r, key, opt, &c->s)
                     : rpt_jr_str(r, key, opt, &c->s);
        if (rc == PC_OK && c->s)
            c->kind = C_STR;
        break;
    case T_INT:
    case T_NUM:
        rc = rpt_jr_num(r, key, opt, d->type == T_INT, &num, &has);
        if (rc == PC_OK && has) {
            c->kind = C_NUM;
            c->v = num;
        }
        break;
    case T_BOOL:
        rc = jr_val(r, key, opt,
                    opt == REQ ? "true or false" : "true, false or null", &v);
        if (rc == PC_OK && v && !cJSON_IsBool(v))
            rc = rpt_jr_bad_key(
                r, key, opt == REQ ? "true or false" : "true, false or null",
                v);
        if (rc == PC_OK && v) {
            c->kind = C_BOOL;
            c->b = cJSON_IsTrue(v);
        }
        break;
    default: /* T_GEOM */
        rc = rpt_jr_obj(r, key, opt, &v);
        if (rc == PC_OK && v &&
            !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "type")))
            rc = rpt_jr_bad_key(r, key, "a GeoJSON geometry", v);
        if (rc == PC_OK && v) {
            char *js = cJSON_PrintUnformatted(v);
            char *s = js ? rpt_ex_dup(js) : NULL;

            cJSON_free(js);
            rc = rpt_ex_own(r->x, s);
            if (rc == PC_OK) {
                c->kind = C_STR;
                c->s = s;
            }
        }
        break;
    }
    return rc;
}

/* Fills columns [first, last) of row that name a key from r's object. */
static pc_status fill_row(const jr *r, table *t, size_t row, size_t first,
                          size_t last)
{
    for (size_t i = first; i < last; i++) {
        const coldef *d = &t->cols[i];
        cell *c = &t->cells[row * t->ncols + i];
        int opt = d->opt;
        pc_status rc;

        if (!d->key)
            continue;
        if (opt == MC) {
            if (!r->x->mc)
                continue;
            opt = REQ;
        }
        rc = read_cell(r, d, d->key, opt, c);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

/* Reads the column called name of row from key of r's object. */
pc_status rpt_ex_read_into(const jr *r, table *t, size_t row, const char *name,
                           const char *key)
{
    size_t i = rpt_ex_col(t, name);

    return read_cell(r, &t->cols[i], key, t->cols[i].opt,
                     &t->cells[row * t->ncols + i]);
}

/* Adds one row to t read from every keyed column of r's object. */
pc_status rpt_ex_add_row(const jr *r, table *t, size_t *row)
{
    if (!rpt_ex_row_new(r->x, t))
        return r->x->err->code;
    *row = t->nrows - 1;
    return fill_row(r, t, *row, 0, t->ncols);
}

/* The rows of t from the array of objects at key (opt) of r's object; fn
 * (may be NULL) completes each row. */

pc_status rpt_ex_add_rows(const jr *r, const char *key, int opt, table *t,
                          row_fn fn, void *arg)
{
    const cJSON *arr, *e;
    pc_status rc = rpt_jr_arr(r, key, opt, &arr);
    int i = 0;

    cJSON_ArrayForEach(e, arr)
    {
        jr item;
        size_t row = 0;

        if (rc != PC_OK)
            break;
        rc = rpt_jr_elem(r, key, i++, e, &item);
        if (rc == PC_OK)
            rc = rpt_ex_add_row(&item, t, &row);
        if (rc == PC_OK && fn)
            rc = fn(&item, t, row, arg);
    }
    return rc;
}

/* place_years / practice_years rows from the area's years[]. */
pc_status rpt_ex_add_years(ex *x, const jr *area, table *t, const char *name,
                           const char *level)
{
    const cJSON *arr, *e;
    pc_status rc = rpt_jr_arr(area, "years", REQ, &arr);
    int i = 0;

    cJSON_ArrayForEach(e, arr)
    {
        jr y;
        size_t row;

        if (rc != PC_OK)
            break;
        rc = rpt_jr_elem(area, "years", i++, e, &y);
        if (rc == PC_OK && !rpt_ex_row_new(x, t))
            rc = x->err->code;
        if (rc != PC_OK)
            break;
        row = t->nrows - 1;
        if (level) { /* place_years: place and level are ours */
            rpt_ex_set_str(t, row, "place", name);
            rpt_ex_set_str(t, row, "level", level);
        } else {
            rc = fill_row(area, t, row, 0, YEARS_FIRST);
        }
        if (rc == PC_OK)
            rc = fill_row(&y, t, row, YEARS_FIRST, t->ncols);
    }
    return rc;
}
