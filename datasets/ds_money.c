/* ds_money.c: the dataset's money tables: developer contributions (with
 * their triggers and purposes), the construction cost index and funds
 * (whose rows for one fund must agree on its terms). They are CSV files
 * read with the column readers of ds_tables.c and checked against the
 * sites, schemes and places already loaded. */
#include "ds_dataset_int.h"
#include "ds_util.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- contributions ---------------------------------------------------- */

static pc_status check_triggers(loader *L, const char *v, long dwellings,
                                pc_error *err)
{
    const char **items = NULL;
    size_t n = 0;
    double sum = 0;

    if (!*v)
        return PC_OK;
    if (ds_ld_split_list(L, v, &items, &n, err) != PC_OK)
        return err->code;
    for (size_t k = 0; k < n; k++) {
        const char *at = strchr(items[k], '@');
        char pct[32];
        double p;
        const char *ev;

        if (!at || at == items[k] || at[-1] != '%' ||
            (size_t)(at - items[k]) >= sizeof pct)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "field \"triggers\": \"%s\" (expected PCT%%@EVENT, "
                           "e.g. 50%%@commencement)",
                           items[k]);
        memcpy(pct, items[k], (size_t)(at - items[k]) - 1);
        pct[at - items[k] - 1] = '\0';
        if (ds_parse_double(pct, "triggers", 0, 100, &p, err) != PC_OK)
            return err->code;
        sum += p;
        ev = at + 1;
        if (!strcmp(ev, "commencement"))
            continue;
        if (!strncmp(ev, "occupation:", 11)) {
            long nth;

            if (ds_parse_long(ev + 11, "triggers", 1,
                              dwellings > 0 ? dwellings : 1, &nth,
                              err) != PC_OK)
                return pc_error_wrap(err, "occupation of the Nth dwelling "
                                          "(N from 1 to the site's "
                                          "dwellings)");
            continue;
        }
        if (!strncmp(ev, "date:", 5)) {
            if (ds_parse_date(ev + 5, "triggers", err) != PC_OK)
                return err->code;
            continue;
        }
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"triggers\": event \"%s\" (expected "
                       "commencement, occupation:N or date:YYYY-MM-DD)",
                       ev);
    }
    if (fabs(sum - 100) > 0.01)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"triggers\": percentages sum to %.2f "
                       "(expected 100)",
                       sum);
    return PC_OK;
}

static pc_status check_purpose(loader *L, const char *v, pc_error *err)
{
    if (!*v || !strcmp(v, "general"))
        return PC_OK;
    if (!strncmp(v, "locality:", 9) && v[9])
        return PC_OK;
    if (!strncmp(v, "practice:", 9))
        return ds_ld_known(&L->practices, v + 9, "purpose", "practice", err);
    if (!strncmp(v, "scheme:", 7))
        return ds_ld_known(&L->schemes, v + 7, "purpose", "scheme", err);
    return PC_FAIL(err, PC_ERR_INPUT,
                   "field \"purpose\": \"%s\" (expected general, "
                   "locality:NAME, practice:CODE or scheme:ID)",
                   v);
}

enum {
    CT_ID,
    CT_SITE,
    CT_KIND,
    CT_STATUS,
    CT_AMOUNT,
    CT_BASE,
    CT_LAND,
    CT_LAND_HA,
    CT_PURPOSE,
    CT_TRIGGERS,
    CT_SPEND_BY,
    CT_RECEIVED,
    CT_RDATE,
    CT_SPENT,
    CT_ILL,
    CT_NCOL
};

/* The fields of a contribution row, checked; the numbers into k. */
static pc_status contribution_fields(loader *L, const ds_csv *csv, size_t r,
                                     const int *c, ds_contribution *k,
                                     long *spend_by, pc_error *err)
{
    static const char *const kinds[] = {"s106", "cil", NULL};
    static const char *const statuses[] = {"requested",   "agreed", "received",
                                           "transferred", "spent",  "repaid",
                                           NULL};
    const char *base = ds_ld_cell(csv, r, c[CT_BASE]);
    const char *rdate = ds_ld_cell(csv, r, c[CT_RDATE]);

    if (ds_parse_id(ds_ld_cell(csv, r, c[CT_ID]), "contribution_id", err) !=
            PC_OK ||
        ds_ld_known(&L->sites, ds_ld_cell(csv, r, c[CT_SITE]), "site_id",
                    "site", err) != PC_OK ||
        ds_parse_enum(ds_ld_cell(csv, r, c[CT_KIND]), "kind", kinds, err) !=
            PC_OK ||
        ds_parse_enum(ds_ld_cell(csv, r, c[CT_STATUS]), "status", statuses,
                      err) != PC_OK ||
        ds_parse_double(ds_ld_cell(csv, r, c[CT_AMOUNT]), "amount_gbp", 0, 1e10,
                        &k->amount_gbp, err) != PC_OK ||
        (*base && ds_parse_date(base, "base_date", err) != PC_OK) ||
        ds_parse_bool(ds_ld_cell(csv, r, c[CT_LAND]), "land", &k->land, err) !=
            PC_OK ||
        ds_ld_opt_double(csv, r, c[CT_LAND_HA], "land_ha", 0, 10000,
                         &k->land_ha, err) != PC_OK ||
        check_purpose(L, ds_ld_cell(csv, r, c[CT_PURPOSE]), err) != PC_OK ||
        ds_ld_opt_int(csv, r, c[CT_SPEND_BY], "spend_by_years", 0, 50, -1,
                      spend_by, err) != PC_OK ||
        ds_ld_opt_double(csv, r, c[CT_RECEIVED], "received_gbp", 0, 1e10,
                         &k->received_gbp, err) != PC_OK ||
        (*rdate && ds_parse_date(rdate, "received_date", err) != PC_OK) ||
        ds_ld_opt_double(csv, r, c[CT_SPENT], "spent_gbp", 0, 1e10,
                         &k->spent_gbp, err) != PC_OK ||
        ds_ld_check_illustrative_csv(csv, ds_ld_cell(csv, r, c[CT_ILL]), err) !=
            PC_OK)
        return err->code;
    return PC_OK;
}

static pc_status contribution_row(loader *L, const ds_csv *csv, size_t r,
                                  const int *c, void *elem, pc_error *err)
{
    ds_contribution *k = elem;
    const char *site = ds_ld_cell(csv, r, c[CT_SITE]);
    long spend_by = -1;
    size_t si = 0;

    if (contribution_fields(L, csv, r, c, k, &spend_by, err) != PC_OK)
        return err->code;
    pc_index_get(&L->sites, site, &si);
    if (check_triggers(L, ds_ld_cell(csv, r, c[CT_TRIGGERS]),
                       L->ds->sites[si].dwellings, err) != PC_OK)
        return err->code;
    if (!isnan(k->spent_gbp) &&
        k->spent_gbp > (isnan(k->received_gbp) ? 0 : k->received_gbp))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"spent_gbp\": more than received_gbp "
                       "(expected spending of money received only)");
    k->spend_by_years = (int)spend_by;
    k->id = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[CT_ID]));
    k->site_id = pc_arena_strdup(L->a, site);
    k->kind = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[CT_KIND]));
    k->status = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[CT_STATUS]));
    k->base_date = ds_ld_dup_or_null(L, ds_ld_cell(csv, r, c[CT_BASE]));
    k->purpose = ds_ld_dup_or_null(L, ds_ld_cell(csv, r, c[CT_PURPOSE]));
    k->triggers = ds_ld_dup_or_null(L, ds_ld_cell(csv, r, c[CT_TRIGGERS]));
    k->received_date = ds_ld_dup_or_null(L, ds_ld_cell(csv, r, c[CT_RDATE]));
    k->illustrative = ds_ld_dup_or_null(L, ds_ld_cell(csv, r, c[CT_ILL]));
    if (!k->id || !k->site_id || !k->kind || !k->status)
        return PC_NOMEM(err);
    return PC_OK;
}

pc_status ds_ld_load_contributions(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {{"contribution_id", 1},
                                   {"site_id", 1},
                                   {"kind", 1},
                                   {"status", 1},
                                   {"amount_gbp", 1},
                                   {"base_date", 0},
                                   {"land", 0},
                                   {"land_ha", 0},
                                   {"purpose", 0},
                                   {"triggers", 0},
                                   {"spend_by_years", 0},
                                   {"received_gbp", 0},
                                   {"received_date", 0},
                                   {"spent_gbp", 0},
                                   {"illustrative", 0}};
    int c[CT_NCOL];
    ds_dataset *ds = L->ds;
    pc_status rc = PC_OK;

    if (ds_ld_find_cols(csv, spec, CT_NCOL, c, err) != PC_OK ||
        DS_LD_ROWS(L, csv, c, ds->contributions, ds->ncontributions,
                   contribution_row, err) != PC_OK)
        return err->code;
    /* ids once every row is good, so a bad row is named first */
    for (size_t r = 0; r < ds->ncontributions && rc == PC_OK; r++)
        if (ds_ld_unique(&L->keys, ds->contributions[r].id,
                         (size_t)csv->line[r], "contribution_id", err) != PC_OK)
            rc = ROW_FAIL(csv, r);
    pc_index_free(&L->keys);
    return rc;
}

/* --- construction cost index ------------------------------------------ */

#define COST_INDEX_MAX 1e6

enum { CI_DATE, CI_VALUE, CI_SOURCE, CI_ILL, CI_NCOL };

static pc_status cost_index_row(loader *L, const ds_csv *csv, size_t r,
                                const int *c, void *elem, pc_error *err)
{
    ds_cost_index *x = elem;
    const char *date = ds_ld_cell(csv, r, c[CI_DATE]);
    const char *value = ds_ld_cell(csv, r, c[CI_VALUE]);
    const char *source = ds_ld_cell(csv, r, c[CI_SOURCE]);
    const char *ill = ds_ld_cell(csv, r, c[CI_ILL]);

    if (ds_parse_date(date, "date", err) != PC_OK ||
        ds_parse_double(value, "value", 0, COST_INDEX_MAX, &x->value, err) !=
            PC_OK ||
        ds_ld_check_illustrative_csv(csv, ill, err) != PC_OK)
        return err->code;
    if (!(x->value > 0))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"value\": \"%.32s\" is out of range "
                       "(expected a number greater than 0 and at most "
                       "1000000)",
                       value);
    if (r > 0) {
        const char *prev = L->ds->cost_index[r - 1].date;
        int cmp = strcmp(date, prev);

        if (cmp == 0)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "field \"date\": \"%s\" is given twice (first at "
                           "row %ld; expected each date once, in ascending "
                           "order)",
                           date, csv->line[r - 1]);
        if (cmp < 0)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "field \"date\": \"%s\" is before %s of row %ld "
                           "(expected dates in ascending order, each once)",
                           date, prev, csv->line[r - 1]);
    }
    x->date = pc_arena_strdup(L->a, date);
    x->source = ds_ld_dup_or_null(L, source);
    x->illustrative = ds_ld_dup_or_null(L, ill);
    if (!x->date || (*source && !x->source) || (*ill && !x->illustrative))
        return PC_NOMEM(err);
    return PC_OK;
}

/* The index series: one value per date, dates strictly ascending, so that
 * the index on any date is the latest entry on or before it. */
pc_status ds_ld_load_cost_index(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"date", 1}, {"value", 1}, {"source", 0}, {"illustrative", 0}};
    int c[CI_NCOL];

    if (ds_ld_find_cols(csv, spec, CI_NCOL, c, err) != PC_OK)
        return err->code;
    if (csv->nrows == 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "no rows (expected at least one index entry)");
    return DS_LD_ROWS(L, csv, c, L->ds->cost_index, L->ds->ncost_index,
                      cost_index_row, err);
}

/* --- funds ------------------------------------------------------------ */

#define FUND_YEAR_MIN   1990
#define FUND_YEAR_MAX   2100
#define FUND_AMOUNT_MAX 1e11

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* A value of a fund's row as a message shows it: "text", a year, or
 * empty. */
static const char *fund_shown(const char *s, int year, char *buf, size_t n)
{
    if (s)
        snprintf(buf, n, "\"%.64s\"", s);
    else if (year)
        snprintf(buf, n, "%d", year);
    else
        snprintf(buf, n, "empty");
    return buf;
}

/* Row x of a fund gives the kind, scheme, place and deadline of the
 * fund's first row f (at file row `first_line`). */
static pc_status fund_same_terms(const ds_fund *x, const ds_fund *f,
                                 long first_line, pc_error *err)
{
    const char *field = NULL;
    char got[80], want[80];

    if (strcmp(x->kind, f->kind)) {
        field = "kind";
        fund_shown(x->kind, 0, got, sizeof got);
        fund_shown(f->kind, 0, want, sizeof want);
    } else if (!same_str(x->scheme_id, f->scheme_id)) {
        field = "scheme_id";
        fund_shown(x->scheme_id, 0, got, sizeof got);
        fund_shown(f->scheme_id, 0, want, sizeof want);
    } else if (!same_str(x->place, f->place)) {
        field = "place";
        fund_shown(x->place, 0, got, sizeof got);
        fund_shown(f->place, 0, want, sizeof want);
    } else if (x->spend_by_year != f->spend_by_year) {
        field = "spend_by_year";
        fund_shown(NULL, x->spend_by_year, got, sizeof got);
        fund_shown(NULL, f->spend_by_year, want, sizeof want);
    }
    if (!field)
        return PC_OK;
    return PC_FAIL(err, PC_ERR_INPUT,
                   "field \"%s\": %s here but %s on row %ld, the first row "
                   "of fund \"%s\" (expected the same kind, scheme_id, place "
                   "and spend_by_year on every row of a fund)",
                   field, got, want, first_line, x->id);
}

/* A fund tied to a scheme and a place: the scheme must be in the place. */
static pc_status fund_scheme_place(const ds_dataset *ds, const ds_fund *x,
                                   pc_error *err)
{
    for (size_t i = 0; i < ds->nschemes; i++)
        if (!strcmp(ds->schemes[i].id, x->scheme_id) &&
            strcmp(ds->schemes[i].place, x->place))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "field \"place\": \"%s\", but scheme \"%s\" is "
                           "in \"%s\" (expected the scheme's place, or empty)",
                           x->place, x->scheme_id, ds->schemes[i].place);
    return PC_OK;
}

/* The columns of funds.csv, in spec's order (ds_ld_load_funds). */
enum {
    F_ID,
    F_KIND,
    F_YEAR,
    F_AMT,
    F_SCHEME,
    F_PLACE,
    F_SPEND,
    F_SOURCE,
    F_ILL,
    F_NCOL
};

/* Row r of funds.csv (columns c) into x, checked field by field: the
 * field's message in err (the caller names the row); PC_ERR_NOMEM when
 * out of memory. */
static pc_status fund_read(loader *L, const ds_csv *csv, size_t r, const int *c,
                           ds_fund *x, pc_error *err)
{
    static const char *const kinds[] = {"icb", "grant", "partner", NULL};
    const char *scheme = ds_ld_cell(csv, r, c[F_SCHEME]);
    const char *place = ds_ld_cell(csv, r, c[F_PLACE]);
    const char *source = ds_ld_cell(csv, r, c[F_SOURCE]);
    const char *ill = ds_ld_cell(csv, r, c[F_ILL]);
    long year = 0, spend_by = 0;

    if (ds_parse_id(ds_ld_cell(csv, r, c[F_ID]), "fund_id", err) != PC_OK ||
        ds_parse_enum(ds_ld_cell(csv, r, c[F_KIND]), "kind", kinds, err) !=
            PC_OK ||
        ds_ld_req_int(csv, r, c[F_YEAR], "year", FUND_YEAR_MIN, FUND_YEAR_MAX,
                      &year, err) != PC_OK ||
        ds_parse_double(ds_ld_cell(csv, r, c[F_AMT]), "amount_gbp", 0,
                        FUND_AMOUNT_MAX, &x->amount_gbp, err) != PC_OK ||
        (*scheme && ds_ld_known(&L->schemes, scheme, "scheme_id", "scheme",
                                err) != PC_OK) ||
        (*place &&
         ds_ld_known(&L->places, place, "place", "place", err) != PC_OK) ||
        ds_ld_opt_int(csv, r, c[F_SPEND], "spend_by_year", FUND_YEAR_MIN,
                      FUND_YEAR_MAX, 0, &spend_by, err) != PC_OK ||
        ds_ld_check_illustrative_csv(csv, ill, err) != PC_OK)
        return err->code;
    if (spend_by && spend_by < year)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"spend_by_year\": %ld is before the year %ld "
                       "the money is available from (expected %ld or later)",
                       spend_by, year, year);
    x->year = (int)year;
    x->spend_by_year = (int)spend_by;
    x->id = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[F_ID]));
    x->kind = pc_arena_strdup(L->a, ds_ld_cell(csv, r, c[F_KIND]));
    x->scheme_id = ds_ld_dup_or_null(L, scheme);
    x->place = ds_ld_dup_or_null(L, place);
    x->source = ds_ld_dup_or_null(L, source);
    x->illustrative = ds_ld_dup_or_null(L, ill);
    if (!x->id || !x->kind || (*scheme && !x->scheme_id) ||
        (*place && !x->place) || (*source && !x->source) ||
        (*ill && !x->illustrative))
        return PC_NOMEM(err);
    return PC_OK;
}

/* Capital money other than contributions: one row per fund and year. A
 * fund's rows share its kind, scheme, place and spend-by year. */
pc_status ds_ld_load_funds(loader *L, const ds_csv *csv, pc_error *err)
{
    static const colspec spec[] = {
        {"fund_id", 1},       {"kind", 1},      {"year", 1},
        {"amount_gbp", 1},    {"scheme_id", 0}, {"place", 0},
        {"spend_by_year", 0}, {"source", 0},    {"illustrative", 0}};
    int c[F_NCOL];
    ds_dataset *ds = L->ds;
    pc_index first = {0}; /* fund_id -> index of its first row */
    pc_index pairs = {0}; /* "fund_id|year" */
    pc_status rc = PC_OK;

    if (ds_ld_find_cols(csv, spec, F_NCOL, c, err) != PC_OK)
        return err->code;
    if (csv->nrows == 0) /* as if the file were not there */
        return PC_OK;
    ds->funds = ds_ld_alloc_array(L, csv->nrows, sizeof *ds->funds);
    if (!ds->funds)
        return PC_NOMEM(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        ds_fund *x = &ds->funds[r];
        size_t f = 0;
        char *key;
        int put;

        if ((rc = fund_read(L, csv, r, c, x, err)) != PC_OK) {
            if (rc != PC_ERR_NOMEM)
                rc = ROW_FAIL(csv, r);
            goto done;
        }
        if (!(key = pc_arena_printf(L->a, "%s|%d", x->id, x->year))) {
            rc = PC_NOMEM(err);
            goto done;
        }
        if (x->scheme_id && x->place &&
            fund_scheme_place(ds, x, err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        put = pc_index_put(&pairs, key, r, &f);
        if (put < 0) {
            rc = PC_NOMEM(err);
            goto done;
        }
        if (put == 0) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "field \"year\": fund \"%s\" has two rows for %d (first "
                    "at row %ld; expected each fund and year once)",
                    x->id, x->year, csv->line[f]);
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        put = pc_index_put(&first, x->id, r, &f);
        if (put < 0) {
            rc = PC_NOMEM(err);
            goto done;
        }
        if (put == 0 &&
            fund_same_terms(x, &ds->funds[f], csv->line[f], err) != PC_OK) {
            rc = ROW_FAIL(csv, r);
            goto done;
        }
        ds->nfunds++;
    }
done:
    pc_index_free(&first);
    pc_index_free(&pairs);
    return rc;
}
