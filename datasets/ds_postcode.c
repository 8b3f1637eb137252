/* ds_postcode.c: postcode centroids, the dataset's optional postcodes.csv
 * (datasets/FORMAT.md). A postcode is written one way everywhere: upper
 * case, one space before the inward code ("CV1 2AB"). ds_postcode_norm()
 * brings a user's text to that form; the loader checks and imports the
 * file's rows; ds_store_postcode() finds one postcode's point with one
 * indexed SELECT, so no command reads the whole table. */
#include "ds_dataset_int.h"
#include "ds_store_int.h"
#include "ds_util.h"
#include "pc_error.h"
#include "pc_fmt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* British National Grid's extent, metres. */
#define BNG_E_MAX 700000.0
#define BNG_N_MAX 1300000.0

#define PC_FORM                                                             \
    "expected a full UK postcode such as \"CV1 2AB\": an outward code "     \
    "(one or two letters, a digit, then maybe a letter or digit), then an " \
    "inward code (a digit and two letters)"

/* 1 when the outward code s (n characters) is A9, A99, A9A, AA9, AA99 or
 * AA9A. */
static int outward_ok(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && i < 2 && isalpha((unsigned char)s[i]))
        i++;
    if (i == 0 || i == n || !isdigit((unsigned char)s[i++]))
        return 0;
    if (i < n && !isalnum((unsigned char)s[i++]))
        return 0;
    return i == n;
}

pc_status ds_postcode_norm(const char *text, char out[DS_POSTCODE_MAX],
                           pc_error *err)
{
    char s[16];
    size_t n = 0;
    const char *p;

    for (p = text ? text : ""; *p; p++) {
        if (isspace((unsigned char)*p))
            continue;
        if (!isalnum((unsigned char)*p) || n + 1 >= sizeof s)
            break;
        s[n++] = (char)toupper((unsigned char)*p);
    }
    if (*p || n < 5 || n > 7 || !outward_ok(s, n - 3) ||
        !isdigit((unsigned char)s[n - 3]) ||
        !isalpha((unsigned char)s[n - 2]) || !isalpha((unsigned char)s[n - 1]))
        return PC_FAIL(err, PC_ERR_INPUT, "\"%.40s\" is not a postcode (%s)",
                       text ? text : "", PC_FORM);
    snprintf(out, DS_POSTCODE_MAX, "%.*s %.3s", (int)(n - 3), s, s + n - 3);
    return PC_OK;
}

/* --- loading postcodes.csv --------------------------------------------- */

static pc_status postcode_row(loader *L, const ds_csv *csv, size_t r,
                              const int *c, void *elem, pc_error *err)
{
    ds_postcode *p = elem;
    char norm[DS_POSTCODE_MAX];

    if (ds_postcode_norm(ds_ld_cell(csv, r, c[0]), norm, err) != PC_OK)
        return pc_error_wrap(err, "field \"postcode\"");
    if (ds_parse_double(ds_ld_cell(csv, r, c[1]), "easting", 0, BNG_E_MAX,
                        &p->e, err) != PC_OK ||
        ds_parse_double(ds_ld_cell(csv, r, c[2]), "northing", 0, BNG_N_MAX,
                        &p->n, err) != PC_OK)
        return err->code;
    if (!(p->postcode = pc_arena_strdup(L->a, norm)))
        return PC_NOMEM(err);
    return ds_ld_unique(&L->keys, p->postcode, (size_t)csv->line[r], "postcode",
                        err);
}

pc_status ds_ld_load_postcodes(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"postcode", 1}, {"easting", 1}, {"northing", 1}};
    int c[3];

    if (ds_ld_find_cols(csv, spec, 3, c, err) != PC_OK)
        return err->code;
    return DS_LD_ROWS(L, csv, c, L->ds->postcodes, L->ds->npostcodes,
                      postcode_row, err);
}

/* --- the store ----------------------------------------------------------- */

pc_status ds_store_import_postcodes(ds_store *st, const ds_dataset *ds,
                                    pc_error *err)
{
    sqlite3_stmt *s;
    pc_status rc = PC_OK;

    if (!ds->npostcodes)
        return PC_OK;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO postcodes VALUES (?, ?, ?)", -1,
                           &s, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "preparing insert");
    for (size_t i = 0; i < ds->npostcodes && rc == PC_OK; i++) {
        const ds_postcode *p = &ds->postcodes[i];

        if (sqlite3_bind_text(s, 1, p->postcode, -1, SQLITE_STATIC) ||
            sqlite3_bind_double(s, 2, p->e) ||
            sqlite3_bind_double(s, 3, p->n) || sqlite3_step(s) != SQLITE_DONE)
            rc = PC_FAIL(err, PC_ERR_DB, "inserting postcode \"%s\": %s",
                         p->postcode, sqlite3_errmsg(st->db));
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return rc;
}

/* One value of the query sql (a count or a text); *n or buf is left alone
 * when it gives no row. */
static pc_status one_value(ds_store *st, const char *sql, long *n, char *buf,
                           size_t len, pc_error *err)
{
    sqlite3_stmt *q;
    int rc;

    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "reading postcodes");
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n)
            *n = (long)sqlite3_column_int64(q, 0);
        if (buf && sqlite3_column_text(q, 0))
            snprintf(buf, len, "%s", (const char *)sqlite3_column_text(q, 0));
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return DB_FAIL(st, err, "reading postcodes");
    return PC_OK;
}

pc_status ds_store_postcode_count(ds_store *st, long *out, pc_error *err)
{
    long n = 0;

    if (one_value(st, "SELECT count(*) FROM postcodes", &n, NULL, 0, err))
        return err->code;
    *out = n;
    return PC_OK;
}

/* The failure for a postcode the store does not hold. */
static pc_status unknown(ds_store *st, const char *norm, pc_error *err)
{
    char title[256] = "", count[32];
    long n = 0;

    if (ds_store_postcode_count(st, &n, err) != PC_OK ||
        one_value(st, "SELECT value FROM dataset WHERE key = 'title'", NULL,
                  title, sizeof title, err) != PC_OK)
        return err->code;
    if (n == 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "no postcode \"%s\": the dataset has no postcodes "
                       "(add postcodes.csv to it, see datasets/FORMAT.md, "
                       "and import it again)",
                       norm);
    pc_fmt_thousands(count, sizeof count, n);
    return PC_FAIL(err, PC_ERR_INPUT,
                   "no postcode \"%s\" in the dataset (%s postcodes, %s)", norm,
                   count, title[0] ? title : "no title");
}

pc_status ds_store_postcode(ds_store *st, const char *text,
                            char norm[DS_POSTCODE_MAX], double *e, double *n,
                            pc_error *err)
{
    char pc[DS_POSTCODE_MAX];
    sqlite3_stmt *q;
    int rc;

    if (ds_postcode_norm(text, pc, err) != PC_OK)
        return err->code;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT e, n FROM postcodes WHERE postcode = ?", -1,
                           &q, NULL) != SQLITE_OK)
        return DB_FAIL(st, err, "reading postcodes");
    sqlite3_bind_text(q, 1, pc, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *e = sqlite3_column_double(q, 0);
        *n = sqlite3_column_double(q, 1);
        memcpy(norm, pc, sizeof pc);
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return PC_OK;
    if (rc != SQLITE_DONE)
        return DB_FAIL(st, err, "reading postcodes");
    return unknown(st, pc, err);
}
