/* rpt_export_read.c: reading the report document into the export's
 * tables: the rows and cells, and reading a cell as its column says with
 * pc_json's typed reader, whose error messages name the key by its path
 * in the document ("run.places[0].years[10].gap"). The tables' columns
 * and which part of the document fills them are in rpt_export_tables.c. */
#include "rpt_export_int.h"

#include "pc_error.h"
#include "pc_json.h"

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

/* An array of strings, ';'-joined into an owned string (NULL if none). */
static pc_status read_list(ex *x, const pc_jr *r, const char *key, int opt,
                           const char **out)
{
    const cJSON *arr, *e;
    pc_status rc = pc_jr_arr(r, key, opt, 1, &arr);
    size_t len = 0;
    char *s;

    *out = NULL;
    if (rc != PC_OK || !arr)
        return rc;
    cJSON_ArrayForEach(e, arr)
    {
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
    rc = rpt_ex_own(x, s);
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
    s = strdup(buf);
    rc = rpt_ex_own(x, s);
    if (rc == PC_OK)
        *out = s;
    return rc;
}

/* A GeoJSON line from (e0, n0) to (e1, n1) (NULL when any is null);
 * owned. */
pc_status rpt_ex_line_json(ex *x, const cell *e0, const cell *n0,
                           const cell *e1, const cell *n1, const char **out)
{
    char v[4][64], buf[320], *s;
    const cell *c[4] = {e0, n0, e1, n1};
    pc_status rc;

    *out = NULL;
    for (int i = 0; i < 4; i++) {
        if (c[i]->kind != C_NUM)
            return PC_OK;
        rpt_ex_fmt_plain(v[i], sizeof v[i], c[i]->v, 1);
    }
    snprintf(buf, sizeof buf,
             "{\"type\":\"LineString\",\"coordinates\":[[%s,%s],[%s,%s]]}",
             v[0], v[1], v[2], v[3]);
    s = strdup(buf);
    rc = rpt_ex_own(x, s);
    if (rc == PC_OK)
        *out = s;
    return rc;
}

/* The value of key, a GeoJSON geometry, as owned text (NULL if none). */
static pc_status read_geometry(ex *x, const pc_jr *r, const char *key, int opt,
                               const char **out)
{
    const cJSON *v;
    pc_status rc = pc_jr_obj(r, key, opt, &v);
    char *js, *s;

    *out = NULL;
    if (rc != PC_OK || !v)
        return rc;
    if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "type")))
        return pc_jr_bad(r, key, "a GeoJSON geometry", v);
    js = cJSON_PrintUnformatted(v);
    s = js ? strdup(js) : NULL;
    cJSON_free(js);
    rc = rpt_ex_own(x, s);
    if (rc == PC_OK)
        *out = s;
    return rc;
}

/* Reads the value of key into c as column d says. */
static pc_status read_cell(ex *x, const pc_jr *r, const coldef *d,
                           const char *key, int opt, cell *c)
{
    pc_status rc;
    double num;
    int has, b;

    c->kind = C_NULL;
    switch (d->type) {
    case T_TEXT:
        rc = d->list ? read_list(x, r, key, opt, &c->s)
                     : pc_jr_str(r, key, opt, &c->s);
        if (rc == PC_OK && c->s)
            c->kind = C_STR;
        break;
    case T_INT:
    case T_NUM:
        rc = d->type == T_INT ? pc_jr_int(r, key, opt, &num, &has)
                              : pc_jr_num(r, key, opt, &num, &has);
        if (rc == PC_OK && has) {
            c->kind = C_NUM;
            c->v = num;
        }
        break;
    case T_BOOL:
        rc = pc_jr_bool(r, key, opt, &b);
        if (rc == PC_OK && pc_jr_get(r, key, opt)) {
            c->kind = C_BOOL;
            c->b = b;
        }
        break;
    default: /* T_GEOM */
        rc = read_geometry(x, r, key, opt, &c->s);
        if (rc == PC_OK && c->s)
            c->kind = C_STR;
        break;
    }
    return rc;
}

/* Fills columns [first, last) of row that name a key from r's object. */
static pc_status fill_row(ex *x, const pc_jr *r, table *t, size_t row,
                          size_t first, size_t last)
{
    for (size_t i = first; i < last; i++) {
        const coldef *d = &t->cols[i];
        cell *c = &t->cells[row * t->ncols + i];
        int opt = d->opt;
        pc_status rc;

        if (!d->key)
            continue;
        if (opt == MC) {
            if (!x->mc)
                continue;
            opt = REQ;
        }
        rc = read_cell(x, r, d, d->key, opt, c);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

pc_status rpt_ex_read_into(ex *x, const pc_jr *r, table *t, size_t row,
                           const char *name, const char *key)
{
    size_t i = rpt_ex_col(t, name);

    return read_cell(x, r, &t->cols[i], key, t->cols[i].opt,
                     &t->cells[row * t->ncols + i]);
}

pc_status rpt_ex_add_row(ex *x, const pc_jr *r, table *t, size_t *row)
{
    if (!rpt_ex_row_new(x, t))
        return x->err->code;
    *row = t->nrows - 1;
    return fill_row(x, r, t, *row, 0, t->ncols);
}

pc_status rpt_ex_add_rows(ex *x, const pc_jr *r, const char *key, int opt,
                          table *t, row_fn fn, void *arg)
{
    const cJSON *arr, *e;
    pc_status rc = pc_jr_arr(r, key, opt, 0, &arr);
    int i = 0;

    cJSON_ArrayForEach(e, arr)
    {
        pc_jr item;
        size_t row = 0;

        if (rc != PC_OK)
            break;
        rc = pc_jr_elem(&item, r, key, i++, e);
        if (rc == PC_OK)
            rc = rpt_ex_add_row(x, &item, t, &row);
        if (rc == PC_OK && fn)
            rc = fn(x, &item, t, row, arg);
    }
    return rc;
}

pc_status rpt_ex_add_years(ex *x, const pc_jr *area, table *t, const char *name,
                           const char *level)
{
    const cJSON *arr, *e;
    pc_status rc = pc_jr_arr(area, "years", REQ, 0, &arr);
    int i = 0;

    cJSON_ArrayForEach(e, arr)
    {
        pc_jr y;
        size_t row;

        if (rc != PC_OK)
            break;
        rc = pc_jr_elem(&y, area, "years", i++, e);
        if (rc == PC_OK && !rpt_ex_row_new(x, t))
            rc = x->err->code;
        if (rc != PC_OK)
            break;
        row = t->nrows - 1;
        if (level) { /* place_years: place and level are ours */
            rpt_ex_set_str(t, row, "place", name);
            rpt_ex_set_str(t, row, "level", level);
        } else {
            rc = fill_row(x, area, t, row, 0, YEARS_FIRST);
        }
        if (rc == PC_OK)
            rc = fill_row(x, &y, t, row, YEARS_FIRST, t->ncols);
    }
    return rc;
}
