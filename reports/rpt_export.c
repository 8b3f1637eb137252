/* rpt_export.c: the report document as CSV, XLSX, GeoJSON and GeoPackage
 * files (see rpt_export.h).
 *
 * Two passes, as in rpt_letter.c. read_bundle() checks every key the
 * exports use and copies the values into tables of typed cells (strings
 * stay borrowed from the cJSON tree; joined lists and geometries are
 * owned by the `ex`), so a bad document fails before any file exists.
 * The writers then lay the same tables out in each format: CSV and
 * GeoJSON are built in a pc_buf and written with one fwrite, the workbook
 * with libxlsxwriter, the GeoPackage with SQLite and SpatiaLite's GPKG
 * functions. Geometry goes through SpatiaLite every time: GeoJSON in
 * EPSG:27700 from the document, WKT for CSV, EPSG:4326 for GeoJSON
 * (Transform, i.e. PROJ) and GeoPackage binary for the GeoPackage, so
 * there is no projection or geometry encoding of our own here.
 *
 * Files are written into a fresh directory inside the target and renamed
 * into place only when all of them are complete; see commit_files(). */
#include "rpt_export.h"

#include "ds_csv.h"
#include "ds_util.h"

#include <sqlite3.h>

#include <spatialite.h>
#include <xlsxwriter.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define REPORT_FORMAT "pcplan-report/1"
#define FILE_CAP      ((size_t)1 << 30) /* one file built in memory */
#define TMP_PREFIX    ".pcplan-export-"
#define XLSX_NAME     "pcplan.xlsx"
#define GPKG_NAME     "pcplan.gpkg"
#define GPKG_APP_ID   0x47504B47 /* "GPKG", GeoPackage 1.2 §1.1.1.1.1 */
#define GPKG_VERSION  10200      /* GeoPackage 1.2.0 */
#define XLSX_STR_MAX  32767      /* characters in one Excel cell */

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

enum { T_TEXT, T_INT, T_NUM, T_BOOL, T_GEOM }; /* column types */
enum { REQ, NUL, ABS, MC };                    /* key presence */
enum { C_NULL = 0, C_STR, C_NUM, C_BOOL };     /* cell kinds */

/* REQ: present and not null. NUL: present, may be null. ABS: may be
 * absent or null. MC: as REQ when the run has Monte Carlo draws, else not
 * read (the cell stays null). */

typedef struct coldef {
    const char *name;   /* column name in every format */
    unsigned char type; /* T_* */
    unsigned char prec; /* T_NUM: most decimals written, or PREC_ANY */
    unsigned char opt;  /* REQ, NUL, ABS or MC */
    unsigned char list; /* T_TEXT from an array of strings, ';'-joined */
    const char *key;    /* read from the row's object; NULL: by the table */
} coldef;

typedef struct cell {
    unsigned char kind; /* C_*; zeroed cells are null */
    int b;              /* C_BOOL */
    double v;           /* C_NUM */
    const char *s;      /* C_STR; for T_GEOM the geometry as GeoJSON */
} cell;

typedef struct table {
    const char *name;  /* file, sheet and layer name */
    const char *title; /* gpkg_contents description */
    const coldef *cols;
    size_t ncols;
    const char *geom_type; /* GeoPackage type; NULL: no geometry */
    const char *geom_key;  /* the document key the geometry came from */
    cell *cells;           /* owned: nrows * ncols */
    size_t nrows, cap;
} table;

#define PREC_ANY 255 /* T_NUM: as many decimals as the value needs */
#define TCOLS(a) a, sizeof a / sizeof a[0]
/* clang-format off */
#define S(n, o)    {n, T_TEXT, 0, o, 0, n} /* text */
#define L(n, o)    {n, T_TEXT, 0, o, 1, n} /* list of text, ';'-joined */
#define I(n, o)    {n, T_INT, 0, o, 0, n}  /* integer */
#define N(n, p, o) {n, T_NUM, p, o, 0, n}  /* number, at most p decimals */
#define B(n, o)    {n, T_BOOL, 0, o, 0, n} /* boolean */
#define G(n, o)    {n, T_GEOM, 0, o, 0, n} /* GeoJSON geometry */
#define D(n, t, p) {n, t, p, NUL, 0, NULL} /* filled by the table's reader */
/* clang-format on */

static const coldef about_cols[] = {D("key", T_TEXT, 0), D("value", T_TEXT, 0)};

static const coldef places_cols[] = {S("name", REQ),
                                     L("lads", NUL),
                                     I("practices", NUL),
                                     I("pcns", NUL),
                                     I("premises", NUL),
                                     I("sites", NUL),
                                     N("homes_planned", 2, NUL),
                                     N("homes_in_horizon", 2, NUL),
                                     D("patients_now", T_NUM, 1),
                                     D("patients_horizon", T_NUM, 1),
                                     D("rooms_now", T_NUM, 2),
                                     D("growth_rooms_horizon", T_NUM, 2),
                                     D("gap_now", T_NUM, 2),
                                     D("gap_horizon", T_NUM, 2),
                                     G("geometry", NUL)};

static const coldef lads_cols[] = {S("lad_code", REQ), S("name", NUL),
                                   S("place", NUL), G("geometry", NUL)};

static const coldef pcns_cols[] = {S("pcn_code", NUL), S("name", NUL),
                                   S("place", NUL)};

static const coldef practices_cols[] = {
    S("practice_code", REQ), S("name", NUL),          S("pcn_code", NUL),
    S("lad_code", NUL),      S("place", NUL),         S("postcode", NUL),
    N("patients", 1, NUL),   S("list_date", NUL),     N("e", 1, NUL),
    N("n", 1, NUL),          D("geometry", T_GEOM, 0)};

static const coldef premises_cols[] = {
    S("premises_id", REQ),    S("name", NUL),
    S("place", NUL),          S("postcode", NUL),
    S("site_type", NUL),      S("tenure", NUL),
    S("condition", NUL),      N("gia_m2", 2, NUL),
    I("rooms_consult", NUL),  I("rooms_treatment", NUL),
    I("rooms_other", NUL),    N("rooms", 2, NUL),
    L("practices", NUL),      N("required_rooms", 2, NUL),
    N("spare_rooms", 2, NUL), S("capacity", NUL),
    B("illustrative", REQ),   S("illustrative_note", ABS),
    N("e", 1, NUL),           N("n", 1, NUL),
    D("geometry", T_GEOM, 0)};

static const coldef sites_cols[] = {S("site_id", REQ),
                                    S("name", NUL),
                                    S("lad_code", NUL),
                                    S("place", NUL),
                                    I("dwellings", NUL),
                                    S("planning_status", NUL),
                                    S("s106_position", NUL),
                                    B("cil_liable", NUL),
                                    N("area_ha", 4, NUL),
                                    D("trajectory_start", T_INT, 0),
                                    N("homes_in_horizon", 2, NUL),
                                    N("contribution_gbp", 2, NUL),
                                    S("no_ask_reason", ABS),
                                    N("rooms_needed", 2, NUL),
                                    B("illustrative", REQ),
                                    S("illustrative_note", ABS),
                                    N("e", 1, NUL),
                                    N("n", 1, NUL),
                                    G("geometry", NUL)};

static const coldef trajectories_cols[] = {
    D("site_id", T_TEXT, 0), D("year", T_INT, 0), D("homes", T_NUM, 2)};

static const coldef schemes_cols[] = {
    S("scheme_id", REQ),       S("name", NUL),
    S("place", NUL),           S("premises_id", NUL),
    S("site_id", NUL),         S("kind", NUL),
    S("status", NUL),          N("rooms", 2, NUL),
    N("cost_gbp", 2, NUL),     N("rent_gbp", 2, NUL),
    I("earliest_start", NUL),  I("duration_years", NUL),
    I("completion_year", NUL), L("funding", NUL),
    S("option_group", NUL),    L("depends_on", ABS),
    B("illustrative", REQ)};

static const coldef contributions_cols[] = {
    S("contribution_id", REQ), S("site_id", NUL),
    S("place", NUL),           S("kind", NUL),
    S("status", NUL),          S("purpose", NUL),
    N("amount_gbp", 2, NUL),   N("amount_indexed_gbp", 2, NUL),
    N("land_ha", 4, ABS),      N("expected_gbp", 2, NUL),
    N("received_gbp", 2, NUL), N("spent_gbp", 2, NUL),
    N("unspent_gbp", 2, NUL),  N("repaid_gbp", 2, NUL),
    S("spend_by", NUL),        I("days_left", NUL),
    N("at_risk_gbp", 2, NUL),  B("illustrative", REQ)};

static const coldef receipts_cols[] = {D("contribution_id", T_TEXT, 0),
                                       D("year", T_INT, 0), D("gbp", T_NUM, 2)};

/* the columns from "year" on are read from run.*.years[] */
#define YEARS_FIRST 2
static const coldef place_years_cols[] = {D("place", T_TEXT, 0),
                                          D("level", T_TEXT, 0),
                                          I("year", REQ),
                                          N("patients", 1, NUL),
                                          N("new_patients", 1, NUL),
                                          N("growth_rooms", 2, NUL),
                                          N("required_rooms", 2, NUL),
                                          N("rooms", 2, NUL),
                                          N("gap", 2, NUL),
                                          N("p_short", 3, MC),
                                          N("gap_p10", 2, MC),
                                          N("gap_p50", 2, MC),
                                          N("gap_p90", 2, MC)};

static const coldef practice_years_cols[] = {S("practice_code", REQ),
                                             S("place", NUL),
                                             I("year", REQ),
                                             N("patients", 1, NUL),
                                             N("new_patients", 1, NUL),
                                             N("growth_rooms", 2, NUL),
                                             N("required_rooms", 2, NUL),
                                             N("rooms", 2, NUL),
                                             N("gap", 2, NUL)};

static const coldef programme_cols[] = {
    S("scheme_id", REQ),       S("name", NUL),         S("place", NUL),
    S("status", NUL),          D("chosen", T_BOOL, 0), I("start_year", NUL),
    I("rooms_from_year", NUL), N("rooms", 2, NUL),     N("cost_gbp", 2, NUL),
    N("rent_gbp", 2, NUL),     D("why", T_TEXT, 0)};

static const coldef funding_cols[] = {D("scheme_id", T_TEXT, 0),
                                      S("fund_id", NUL), S("kind", NUL),
                                      I("year", REQ), N("gbp", 2, NUL)};

static const coldef assumptions_cols[] = {D("part", T_TEXT, 0), S("id", REQ),
                                          N("value", PREC_ANY, NUL),
                                          S("origin", NUL)};

enum {
    TB_ABOUT,
    TB_PLACES,
    TB_LADS,
    TB_PCNS,
    TB_PRACTICES,
    TB_PREMISES,
    TB_SITES,
    TB_TRAJECTORIES,
    TB_SCHEMES,
    TB_CONTRIBUTIONS,
    TB_RECEIPTS,
    TB_PLACE_YEARS,
    TB_PRACTICE_YEARS,
    TB_PROGRAMME,
    TB_FUNDING,
    TB_ASSUMPTIONS,
    NTABLES
};

static const table table_defs[NTABLES] = {
    {"about", "What this export is: dataset, scenario, run, attribution",
     TCOLS(about_cols), NULL, NULL, NULL, 0, 0},
    {"places", "Places: counts, patients and room gaps now and at the horizon",
     TCOLS(places_cols), "MULTIPOLYGON", "geometry", NULL, 0, 0},
    {"lads", "Local authority districts", TCOLS(lads_cols), "MULTIPOLYGON",
     "geometry", NULL, 0, 0},
    {"pcns", "Primary care networks", TCOLS(pcns_cols), NULL, NULL, NULL, 0, 0},
    {"practices", "GP practices and their registered patients",
     TCOLS(practices_cols), "POINT", "e", NULL, 0, 0},
    {"premises", "Premises: rooms, need and spare capacity now",
     TCOLS(premises_cols), "POINT", "e", NULL, 0, 0},
    {"sites", "Housing sites and the contribution each would be asked for",
     TCOLS(sites_cols), "MULTIPOLYGON", "geometry", NULL, 0, 0},
    {"site_trajectories", "Homes completed per year on each site",
     TCOLS(trajectories_cols), NULL, NULL, NULL, 0, 0},
    {"schemes", "Capital schemes", TCOLS(schemes_cols), NULL, NULL, NULL, 0, 0},
    {"contributions", "S106 and CIL contributions ledger",
     TCOLS(contributions_cols), NULL, NULL, NULL, 0, 0},
    {"contribution_receipts", "Expected contribution receipts per year",
     TCOLS(receipts_cols), NULL, NULL, NULL, 0, 0},
    {"place_years", "The run per place (and the system) and year",
     TCOLS(place_years_cols), NULL, NULL, NULL, 0, 0},
    {"practice_years", "The run per practice and year",
     TCOLS(practice_years_cols), NULL, NULL, NULL, 0, 0},
    {"programme", "The prioritised capital programme", TCOLS(programme_cols),
     NULL, NULL, NULL, 0, 0},
    {"programme_funding", "Funding of the programme's schemes by year",
     TCOLS(funding_cols), NULL, NULL, NULL, 0, 0},
    {"assumptions", "Assumptions of the run, ledger and programme",
     TCOLS(assumptions_cols), NULL, NULL, NULL, 0, 0}};

/* One export: the tables and what they own. */
typedef struct ex {
    table t[NTABLES];
    char **owned; /* strings we allocated (joined lists, geometries) */
    size_t nowned, capowned;
    int mc;            /* the run has Monte Carlo draws */
    const char *as_of; /* dataset.as_of, "YYYY-MM-DD" */
    const char *title; /* dataset.title or name */
    const char *version;
    pc_error *err;
} ex;

static void ex_free(ex *x)
{
    for (size_t i = 0; i < NTABLES; i++)
        free(x->t[i].cells);
    for (size_t i = 0; i < x->nowned; i++)
        free(x->owned[i]);
    free(x->owned);
}

/* Takes s (malloc'd; NULL means an allocation failed) into x. */
static pc_status own(ex *x, char *s)
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

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);

    if (d)
        memcpy(d, s, n);
    return d;
}

/* A new row of t, every cell null; NULL when out of memory. The pointer
 * is valid until the next row_new(t). */
static cell *row_new(ex *x, table *t)
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

static size_t col_of(const table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (!strcmp(t->cols[c].name, name))
            return c;
    return t->ncols; /* not reached: names are ours */
}

static cell *cell_at(table *t, size_t row, const char *name)
{
    return &t->cells[row * t->ncols + col_of(t, name)];
}

static void set_str(table *t, size_t row, const char *name, const char *s)
{
    cell *c = cell_at(t, row, name);

    c->kind = s ? C_STR : C_NULL;
    c->s = s;
}

static void set_num(table *t, size_t row, const char *name, double v)
{
    cell *c = cell_at(t, row, name);

    c->kind = C_NUM;
    c->v = v;
}

/* ------------------------------------------------------------------ */
/* Reading the document                                                */
/* ------------------------------------------------------------------ */

/* A reader of one JSON object whose keys are named in messages with the
 * object's path as prefix: "sites[3].", "run.places[0].years[10].". */
typedef struct jr {
    const cJSON *obj;
    char pre[192];
    ex *x;
} jr;

static void jr_at(jr *r, ex *x, const cJSON *obj, const char *fmt, ...)
    PC_PRINTF(4, 5);

static void jr_at(jr *r, ex *x, const cJSON *obj, const char *fmt, ...)
{
    va_list ap;

    r->obj = obj;
    r->x = x;
    va_start(ap, fmt);
    vsnprintf(r->pre, sizeof r->pre, fmt, ap);
    va_end(ap);
}

static pc_status bad_key(const jr *r, const char *key, const char *want,
                         const cJSON *got)
{
    if (!got)
        return PC_FAIL(r->x->err, PC_ERR_INPUT,
                       "report: key \"%s%s\": missing (expected %s)", r->pre,
                       key, want);
    return PC_FAIL(r->x->err, PC_ERR_INPUT,
                   "report: key \"%s%s\": expected %s, got %s", r->pre, key,
                   want, ds_json_type(got));
}

/* The value of key in *v: NULL when it is null or absent and opt allows
 * that; an error when opt does not. */
static pc_status jr_val(const jr *r, const char *key, int opt, const char *want,
                        const cJSON **v)
{
    const cJSON *got = cJSON_GetObjectItemCaseSensitive(r->obj, key);

    *v = NULL;
    if (!got)
        return opt == ABS ? PC_OK : bad_key(r, key, want, NULL);
    if (cJSON_IsNull(got))
        return opt != REQ ? PC_OK : bad_key(r, key, want, got);
    *v = got;
    return PC_OK;
}

static pc_status check_utf8(const jr *r, const char *key, const char *s)
{
    if (ds_utf8_check(s, strlen(s), r->x->err) != PC_OK)
        return pc_error_wrap(r->x->err, "report: key \"%s%s\"", r->pre, key);
    return PC_OK;
}

static pc_status jr_str(const jr *r, const char *key, int opt, const char **out)
{
    const cJSON *v;
    pc_status rc =
        jr_val(r, key, opt, opt == REQ ? "a string" : "a string or null", &v);

    *out = NULL;
    if (rc != PC_OK || !v)
        return rc;
    if (!cJSON_IsString(v) || !v->valuestring)
        return bad_key(r, key, opt == REQ ? "a string" : "a string or null", v);
    rc = check_utf8(r, key, v->valuestring);
    if (rc == PC_OK)
        *out = v->valuestring;
    return rc;
}

/* A finite number (with integer, a whole one); *has says whether there
 * was one. */
static pc_status jr_num(const jr *r, const char *key, int opt, int integer,
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
        return bad_key(r, key, want, v);
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
        rc = bad_key(r, key, w, *out);
        *out = NULL;
    }
    return rc;
}

static pc_status jr_obj(const jr *r, const char *key, int opt,
                        const cJSON **out)
{
    return jr_kind(r, key, opt, cJSON_IsObject, "an object", out);
}

static pc_status jr_arr(const jr *r, const char *key, int opt,
                        const cJSON **out)
{
    return jr_kind(r, key, opt, cJSON_IsArray, "an array", out);
}

/* Element i of the array at key must be an object: a reader for it. */
static pc_status jr_elem(const jr *r, const char *key, int i, const cJSON *e,
                         jr *out)
{
    if (!cJSON_IsObject(e))
        return PC_FAIL(r->x->err, PC_ERR_INPUT,
                       "report: key \"%s%s[%d]\": expected an object, got %s",
                       r->pre, key, i, ds_json_type(e));
    jr_at(out, r->x, e, "%s%s[%d].", r->pre, key, i);
    return PC_OK;
}

/* An array of strings, ';'-joined into an owned string (NULL if null). */
static pc_status jr_list(const jr *r, const char *key, int opt,
                         const char **out)
{
    const cJSON *arr, *e;
    pc_status rc = jr_arr(r, key, opt, &arr);
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
            return bad_key(r, sub, "a string", e);
        rc = check_utf8(r, sub, e->valuestring);
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
    rc = own(r->x, s);
    if (rc == PC_OK)
        *out = s;
    return rc;
}

/* Plain decimal: at most prec decimals, trailing zeros and point
 * dropped, '.' whatever the locale, no thousands separators, no "-0". */
static void fmt_plain(char *out, size_t n, double v, int prec)
{
    char *dot, *end;

    pc_fmt_num(out, n, v, prec);
    dot = strchr(out, '.');
    if (!dot)
        return;
    end = out + strlen(out);
    while (end > dot + 1 && end[-1] == '0')
        end--;
    if (end == dot + 1)
        end = dot;
    *end = '\0';
    if (!strcmp(out, "-0"))
        strcpy(out, "0");
}

/* The shortest plain decimal (at most 17 decimals) that reads back as v:
 * assumption values, which may be as small as 1e-9. */
static void fmt_shortest(char *out, size_t n, double v)
{
    for (int prec = 0; prec <= 17; prec++) {
        fmt_plain(out, n, v, prec);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* A GeoJSON point for e, n (NULL when either is null); owned. */
static pc_status point_json(ex *x, const cell *e, const cell *n,
                            const char **out)
{
    char se[64], sn[64], buf[200], *s;
    pc_status rc;

    *out = NULL;
    if (e->kind != C_NUM || n->kind != C_NUM)
        return PC_OK;
    fmt_plain(se, sizeof se, e->v, 1);
    fmt_plain(sn, sizeof sn, n->v, 1);
    snprintf(buf, sizeof buf, "{\"type\":\"Point\",\"coordinates\":[%s,%s]}",
             se, sn);
    s = dup_str(buf);
    rc = own(x, s);
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
        rc = d->list ? jr_list(r, key, opt, &c->s) : jr_str(r, key, opt, &c->s);
        if (rc == PC_OK && c->s)
            c->kind = C_STR;
        break;
    case T_INT:
    case T_NUM:
        rc = jr_num(r, key, opt, d->type == T_INT, &num, &has);
        if (rc == PC_OK && has) {
            c->kind = C_NUM;
            c->v = num;
        }
        break;
    case T_BOOL:
        rc = jr_val(r, key, opt,
                    opt == REQ ? "true or false" : "true, false or null", &v);
        if (rc == PC_OK && v && !cJSON_IsBool(v))
            rc = bad_key(r, key,
                         opt == REQ ? "true or false" : "true, false or null",
                         v);
        if (rc == PC_OK && v) {
            c->kind = C_BOOL;
            c->b = cJSON_IsTrue(v);
        }
        break;
    default: /* T_GEOM */
        rc = jr_obj(r, key, opt, &v);
        if (rc == PC_OK && v &&
            !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "type")))
            rc = bad_key(r, key, "a GeoJSON geometry", v);
        if (rc == PC_OK && v) {
            char *js = cJSON_PrintUnformatted(v);
            char *s = js ? dup_str(js) : NULL;

            cJSON_free(js);
            rc = own(r->x, s);
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
static pc_status read_into(const jr *r, table *t, size_t row, const char *name,
                           const char *key)
{
    size_t i = col_of(t, name);

    return read_cell(r, &t->cols[i], key, t->cols[i].opt,
                     &t->cells[row * t->ncols + i]);
}

/* Adds one row to t read from every keyed column of r's object. */
static pc_status add_row(const jr *r, table *t, size_t *row)
{
    if (!row_new(r->x, t))
        return r->x->err->code;
    *row = t->nrows - 1;
    return fill_row(r, t, *row, 0, t->ncols);
}

/* The rows of t from the array of objects at key (opt) of r's object; fn
 * (may be NULL) completes each row. */
typedef pc_status (*row_fn)(const jr *item, table *t, size_t row, void *arg);

static pc_status add_rows(const jr *r, const char *key, int opt, table *t,
                          row_fn fn, void *arg)
{
    const cJSON *arr, *e;
    pc_status rc = jr_arr(r, key, opt, &arr);
    int i = 0;

    cJSON_ArrayForEach(e, arr)
    {
        jr item;
        size_t row = 0;

        if (rc != PC_OK)
            break;
        rc = jr_elem(r, key, i++, e, &item);
        if (rc == PC_OK)
            rc = add_row(&item, t, &row);
        if (rc == PC_OK && fn)
            rc = fn(&item, t, row, arg);
    }
    return rc;
}

/* place_years / practice_years rows from the area's years[]. */
static pc_status add_years(ex *x, const jr *area, table *t, const char *name,
                           const char *level)
{
    const cJSON *arr, *e;
    pc_status rc = jr_arr(area, "years", REQ, &arr);
    int i = 0;

    cJSON_ArrayForEach(e, arr)
    {
        jr y;
        size_t row;

        if (rc != PC_OK)
            break;
        rc = jr_elem(area, "years", i++, e, &y);
        if (rc == PC_OK && !row_new(x, t))
            rc = x->err->code;
        if (rc != PC_OK)
            break;
        row = t->nrows - 1;
        if (level) { /* place_years: place and level are ours */
            set_str(t, row, "place", name);
            set_str(t, row, "level", level);
        } else {
            rc = fill_row(area, t, row, 0, YEARS_FIRST);
        }
        if (rc == PC_OK)
            rc = fill_row(&y, t, row, YEARS_FIRST, t->ncols);
    }
    return rc;
}

/* places: the run's first and last year of the place with this name */
static pc_status place_run(const jr *item, table *t, size_t row, void *arg)
{
    const jr *run = arg;
    const cJSON *places, *e, *years;
    const char *name = cell_at(t, row, "name")->s;
    pc_status rc = jr_arr(run, "places", REQ, &places);
    int i = 0, n;

    if (rc != PC_OK)
        return rc;
    cJSON_ArrayForEach(e, places)
    {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(e, "name");
        jr p, y0, y1;

        if (!cJSON_IsString(nm) || strcmp(nm->valuestring, name)) {
            i++;
            continue;
        }
        rc = jr_elem(run, "places", i, e, &p);
        if (rc == PC_OK)
            rc = jr_arr(&p, "years", REQ, &years);
        if (rc != PC_OK)
            return rc;
        n = cJSON_GetArraySize(years);
        if (n == 0)
            return PC_FAIL(item->x->err, PC_ERR_INPUT,
                           "report: key \"%syears\": expected at least one "
                           "year",
                           p.pre);
        rc = jr_elem(&p, "years", 0, cJSON_GetArrayItem(years, 0), &y0);
        if (rc == PC_OK)
            rc = jr_elem(&p, "years", n - 1, cJSON_GetArrayItem(years, n - 1),
                         &y1);
        if (rc == PC_OK)
            rc = read_into(&y0, t, row, "patients_now", "patients");
        if (rc == PC_OK)
            rc = read_into(&y1, t, row, "patients_horizon", "patients");
        if (rc == PC_OK)
            rc = read_into(&y0, t, row, "rooms_now", "rooms");
        if (rc == PC_OK)
            rc = read_into(&y1, t, row, "growth_rooms_horizon", "growth_rooms");
        if (rc == PC_OK)
            rc = read_into(&y0, t, row, "gap_now", "gap");
        if (rc == PC_OK)
            rc = read_into(&y1, t, row, "gap_horizon", "gap");
        return rc;
    }
    return PC_FAIL(item->x->err, PC_ERR_INPUT,
                   "report: key \"%splaces\": no place named \"%s\" (from "
                   "\"%sname\")",
                   run->pre, name, item->pre);
}

/* practices and premises: the point geometry from e, n */
static pc_status point_row(const jr *item, table *t, size_t row, void *arg)
{
    const char *g;
    pc_status rc;

    (void)arg;
    rc = point_json(item->x, cell_at(t, row, "e"), cell_at(t, row, "n"), &g);
    if (rc == PC_OK)
        set_str(t, row, "geometry", g);
    return rc;
}

/* sites: the trajectory's start and its rows in site_trajectories */
static pc_status site_row(const jr *item, table *t, size_t row, void *arg)
{
    ex *x = item->x;
    table *tr = &x->t[TB_TRAJECTORIES];
    const char *id = cell_at(t, row, "site_id")->s;
    const cJSON *traj, *homes, *e;
    double start;
    int has, k = 0;
    jr r;
    pc_status rc;

    (void)arg;
    rc = jr_obj(item, "trajectory", NUL, &traj);
    if (rc != PC_OK || !traj)
        return rc;
    jr_at(&r, x, traj, "%strajectory.", item->pre);
    rc = jr_num(&r, "start", REQ, 1, &start, &has);
    if (rc == PC_OK)
        rc = jr_arr(&r, "homes", REQ, &homes);
    if (rc != PC_OK)
        return rc;
    set_num(t, row, "trajectory_start", start);
    cJSON_ArrayForEach(e, homes)
    {
        char sub[32];
        size_t tr_row;

        snprintf(sub, sizeof sub, "homes[%d]", k);
        if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble))
            return bad_key(&r, sub, "a number", e);
        if (!row_new(x, tr))
            return x->err->code;
        tr_row = tr->nrows - 1;
        set_str(tr, tr_row, "site_id", id);
        set_num(tr, tr_row, "year", start + k);
        set_num(tr, tr_row, "homes", e->valuedouble);
        k++;
    }
    return PC_OK;
}

typedef struct receipt {
    long year;
    double gbp;
} receipt;

static int receipt_cmp(const void *a, const void *b)
{
    long ya = ((const receipt *)a)->year, yb = ((const receipt *)b)->year;

    return (ya > yb) - (ya < yb);
}

/* contributions: receipts_by_year {"2027": gbp, ...} in year order */
static pc_status contribution_row(const jr *item, table *t, size_t row,
                                  void *arg)
{
    ex *x = item->x;
    table *rt = &x->t[TB_RECEIPTS];
    const char *id = cell_at(t, row, "contribution_id")->s;
    const cJSON *by, *e;
    receipt *v = NULL;
    size_t n = 0;
    pc_status rc;

    (void)arg;
    rc = jr_obj(item, "receipts_by_year", REQ, &by);
    if (rc != PC_OK)
        return rc;
    v = malloc(((size_t)cJSON_GetArraySize(by) + 1) * sizeof *v);
    if (!v)
        return PC_FAIL(x->err, PC_ERR_NOMEM, "report: out of memory");
    cJSON_ArrayForEach(e, by)
    {
        const char *k = e->string;
        char *end = NULL;
        long year = k ? strtol(k, &end, 10) : 0;

        if (!k || !*k || *end || year < 1000 || year > 9999) {
            rc = PC_FAIL(x->err, PC_ERR_INPUT,
                         "report: key \"%sreceipts_by_year.%s\": expected a "
                         "year as key",
                         item->pre, k ? k : "");
            goto cleanup;
        }
        if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble)) {
            rc = PC_FAIL(x->err, PC_ERR_INPUT,
                         "report: key \"%sreceipts_by_year.%s\": expected a "
                         "number, got %s",
                         item->pre, k, ds_json_type(e));
            goto cleanup;
        }
        v[n].year = year;
        v[n++].gbp = e->valuedouble;
    }
    qsort(v, n, sizeof *v, receipt_cmp);
    for (size_t i = 0; i < n; i++) {
        size_t r;

        if (!row_new(x, rt)) {
            rc = x->err->code;
            goto cleanup;
        }
        r = rt->nrows - 1;
        set_str(rt, r, "contribution_id", id);
        set_num(rt, r, "year", (double)v[i].year);
        set_num(rt, r, "gbp", v[i].gbp);
    }
cleanup:
    free(v);
    return rc;
}

/* place_years: one area of the run */
static pc_status place_years_row(ex *x, const jr *area, const char *level)
{
    const char *name;
    pc_status rc = jr_str(area, "name", REQ, &name);

    return rc == PC_OK ? add_years(x, area, &x->t[TB_PLACE_YEARS], name, level)
                       : rc;
}

static pc_status run_tables(ex *x, const jr *run)
{
    const cJSON *arr, *e, *sys;
    pc_status rc;
    int i = 0;
    jr a;

    rc = jr_arr(run, "places", REQ, &arr);
    cJSON_ArrayForEach(e, arr)
    {
        if (rc == PC_OK)
            rc = jr_elem(run, "places", i++, e, &a);
        if (rc == PC_OK)
            rc = place_years_row(x, &a, "place");
    }
    if (rc == PC_OK)
        rc = jr_obj(run, "system", REQ, &sys);
    if (rc == PC_OK) {
        jr_at(&a, x, sys, "%ssystem.", run->pre);
        rc = place_years_row(x, &a, "system");
    }
    i = 0;
    arr = NULL;
    if (rc == PC_OK)
        rc = jr_arr(run, "practices", REQ, &arr);
    cJSON_ArrayForEach(e, arr)
    {
        if (rc == PC_OK)
            rc = jr_elem(run, "practices", i++, e, &a);
        if (rc == PC_OK)
            rc = add_years(x, &a, &x->t[TB_PRACTICE_YEARS], NULL, NULL);
    }
    return rc;
}

/* programme: each chosen scheme and its funding */
static pc_status chosen_row(const jr *item, table *t, size_t row, void *arg)
{
    ex *x = item->x;
    table *ft = &x->t[TB_FUNDING];
    const char *id = cell_at(t, row, "scheme_id")->s;
    const cJSON *arr, *e;
    pc_status rc;
    int i = 0;

    (void)arg;
    cell_at(t, row, "chosen")->kind = C_BOOL;
    cell_at(t, row, "chosen")->b = 1;
    rc = jr_arr(item, "funding", REQ, &arr);
    cJSON_ArrayForEach(e, arr)
    {
        jr f;
        size_t r = 0;

        if (rc == PC_OK)
            rc = jr_elem(item, "funding", i++, e, &f);
        if (rc == PC_OK)
            rc = add_row(&f, ft, &r);
        if (rc == PC_OK)
            set_str(ft, r, "scheme_id", id);
        if (rc != PC_OK)
            break;
    }
    return rc;
}

/* programme: a scheme left out, with the name and place from schemes */
static pc_status not_chosen(ex *x, const jr *item)
{
    table *t = &x->t[TB_PROGRAMME];
    const table *st = &x->t[TB_SCHEMES];
    size_t row, id_col = col_of(st, "scheme_id");
    const char *id;
    pc_status rc;

    if (!row_new(x, t))
        return x->err->code;
    row = t->nrows - 1;
    rc = read_into(item, t, row, "scheme_id", "scheme_id");
    if (rc == PC_OK)
        rc = read_into(item, t, row, "status", "status");
    if (rc == PC_OK)
        rc = read_into(item, t, row, "why", "why");
    if (rc != PC_OK)
        return rc;
    id = cell_at(t, row, "scheme_id")->s;
    cell_at(t, row, "chosen")->kind = C_BOOL;
    for (size_t s = 0; s < st->nrows; s++)
        if (!strcmp(st->cells[s * st->ncols + id_col].s, id)) {
            *cell_at(t, row, "name") =
                st->cells[s * st->ncols + col_of(st, "name")];
            *cell_at(t, row, "place") =
                st->cells[s * st->ncols + col_of(st, "place")];
            break;
        }
    return PC_OK;
}

static pc_status programme_tables(ex *x, const jr *prog)
{
    const cJSON *opt, *arr = NULL, *e;
    pc_status rc = jr_obj(prog, "optimal", NUL, &opt);
    int i = 0;
    jr o, item;

    if (rc != PC_OK || !opt)
        return rc;
    jr_at(&o, x, opt, "%soptimal.", prog->pre);
    rc = add_rows(&o, "schemes", REQ, &x->t[TB_PROGRAMME], chosen_row, NULL);
    if (rc == PC_OK)
        rc = jr_arr(&o, "not_chosen", REQ, &arr);
    cJSON_ArrayForEach(e, arr)
    {
        if (rc == PC_OK)
            rc = jr_elem(&o, "not_chosen", i++, e, &item);
        if (rc == PC_OK)
            rc = not_chosen(x, &item);
    }
    return rc;
}

static pc_status part_row(const jr *item, table *t, size_t row, void *arg)
{
    (void)item;
    set_str(t, row, "part", arg);
    return PC_OK;
}

/* The about table: key, value rows. value is copied when own_value. */
static pc_status about(ex *x, const char *key, const char *value)
{
    table *t = &x->t[TB_ABOUT];

    if (!row_new(x, t))
        return x->err->code;
    set_str(t, t->nrows - 1, "key", key);
    set_str(t, t->nrows - 1, "value", value);
    return PC_OK;
}

static pc_status about_owned(ex *x, const char *key, char *value)
{
    pc_status rc = own(x, value);

    return rc == PC_OK ? about(x, key, value) : rc;
}

/* Which tables hold illustrative values, from their illustrative column. */
static pc_status about_illustrative(ex *x)
{
    static const int tabs[] = {TB_PREMISES, TB_SITES, TB_SCHEMES,
                               TB_CONTRIBUTIONS};
    pc_buf b = PC_BUF_INIT(4096);
    pc_status rc = PC_OK;
    int any = 0;

    for (size_t k = 0; rc == PC_OK && k < sizeof tabs / sizeof tabs[0]; k++) {
        const table *t = &x->t[tabs[k]];
        size_t c = col_of(t, "illustrative"), n = 0;

        for (size_t r = 0; r < t->nrows; r++)
            n += t->cells[r * t->ncols + c].b != 0;
        if (n)
            rc = pc_buf_printf(&b, "%s%s (%zu of %zu rows)", any ? ", " : "",
                               t->name, n, t->nrows);
        any |= n > 0;
    }
    if (rc == PC_OK)
        rc = any ? pc_buf_puts(&b, ": these rows hold illustrative values "
                                   "(placeholders, not real data; see their "
                                   "illustrative column), and every figure "
                                   "computed from them depends on them")
                 : pc_buf_puts(&b, "no table holds illustrative values");
    if (rc == PC_OK)
        rc = about_owned(x, "illustrative", dup_str(pc_buf_str(&b)));
    else
        rc = PC_FAIL(x->err, PC_ERR_NOMEM, "report: out of memory");
    pc_buf_free(&b);
    return rc;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD" to days since 1970-01-01; -1 when not a date. */
static long long date_days(const char *s)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int y, m, d;
    long long days = 0;

    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return -1;
    if (s[10])
        return -1;
    y = atoi(s);
    m = atoi(s + 5);
    d = atoi(s + 8);
    if (y < 1970 || m < 1 || m > 12 || d < 1 ||
        d > mdays[m - 1] + (m == 2 && leap(y)))
        return -1;
    for (int k = 1970; k < y; k++)
        days += 365 + leap(k);
    for (int k = 1; k < m; k++)
        days += mdays[k - 1] + (k == 2 && leap(y));
    return days + d - 1;
}

static pc_status read_bundle(ex *x, const cJSON *b)
{
    const cJSON *ds, *run, *contrib, *prog, *attr, *e;
    const char *s;
    double base_year;
    char num[32];
    int has;
    jr top, r;
    pc_status rc;

    if (!cJSON_IsObject(b))
        return PC_FAIL(x->err, PC_ERR_INPUT,
                       "report: expected a JSON object, got %s",
                       ds_json_type(b));
    jr_at(&top, x, b, "%s", "");
    rc = jr_str(&top, "format", REQ, &s);
    if (rc != PC_OK)
        return rc;
    if (strcmp(s, REPORT_FORMAT))
        return PC_FAIL(x->err, PC_ERR_INPUT,
                       "report: key \"format\": expected \"%s\", got \"%s\"",
                       REPORT_FORMAT, s);
    rc = about(x, "format", s);
    if (rc == PC_OK)
        rc = jr_str(&top, "pcplan_version", REQ, &x->version);
    if (rc == PC_OK)
        rc = about(x, "pcplan_version", x->version);

    /* dataset */
    if (rc == PC_OK)
        rc = jr_obj(&top, "dataset", REQ, &ds);
    if (rc != PC_OK)
        return rc;
    jr_at(&r, x, ds, "dataset.");
    rc = jr_str(&r, "name", REQ, &s);
    if (rc == PC_OK)
        rc = about(x, "dataset", s);
    x->title = s;
    if (rc == PC_OK)
        rc = jr_str(&r, "title", NUL, &s);
    if (rc == PC_OK && s)
        x->title = s;
    if (rc == PC_OK)
        rc = about(x, "dataset_title", s);
    if (rc == PC_OK)
        rc = jr_num(&r, "base_year", REQ, 1, &base_year, &has);
    if (rc == PC_OK) {
        fmt_plain(num, sizeof num, base_year, 0);
        rc = about_owned(x, "base_year", dup_str(num));
    }
    if (rc == PC_OK)
        rc = jr_str(&r, "as_of", REQ, &x->as_of);
    if (rc == PC_OK && date_days(x->as_of) < 0)
        rc = PC_FAIL(x->err, PC_ERR_INPUT,
                     "report: key \"dataset.as_of\": expected a date "
                     "YYYY-MM-DD from 1970, got \"%s\"",
                     x->as_of);
    if (rc == PC_OK)
        rc = about(x, "as_of", x->as_of);
    if (rc == PC_OK)
        rc = jr_str(&top, "scenario", NUL, &s);
    if (rc == PC_OK)
        rc = about(x, "scenario", s);
    if (rc == PC_OK)
        rc = jr_str(&top, "preset", NUL, &s);
    if (rc == PC_OK)
        rc = about(x, "preset", s);

    /* the run's identity, and whether it has Monte Carlo columns */
    if (rc == PC_OK)
        rc = jr_obj(&top, "run", REQ, &run);
    if (rc != PC_OK)
        return rc;
    jr_at(&r, x, run, "run.");
    rc = jr_str(&r, "run_id", NUL, &s);
    if (rc == PC_OK)
        rc = about(x, "run_id", s);
    if (rc == PC_OK)
        rc = jr_str(&r, "input_hash", NUL, &s);
    if (rc == PC_OK)
        rc = about(x, "input_hash", s);
    if (rc == PC_OK)
        rc = jr_obj(&r, "monte_carlo", NUL, &e);
    x->mc = rc == PC_OK && e;
    if (rc == PC_OK)
        rc = jr_str(&top, "crs", REQ, &s);
    if (rc == PC_OK)
        rc = about(x, "crs", s);
    if (rc == PC_OK) {
        jr_at(&r, x, ds, "dataset.");
        rc = jr_arr(&r, "attribution", REQ, &attr);
    }
    if (rc != PC_OK)
        return rc;
    {
        int i = 0;

        cJSON_ArrayForEach(e, attr)
        {
            char sub[48];

            snprintf(sub, sizeof sub, "attribution[%d]", i++);
            if (!cJSON_IsString(e) || !e->valuestring)
                return bad_key(&r, sub, "a string", e);
            rc = check_utf8(&r, sub, e->valuestring);
            if (rc == PC_OK)
                rc = about(x, "attribution", e->valuestring);
            if (rc != PC_OK)
                return rc;
        }
    }

    /* the model */
    jr_at(&r, x, run, "run.");
    rc = add_rows(&top, "places", REQ, &x->t[TB_PLACES], place_run, &r);
    if (rc == PC_OK)
        rc = add_rows(&top, "lads", REQ, &x->t[TB_LADS], NULL, NULL);
    if (rc == PC_OK)
        rc = add_rows(&top, "pcns", REQ, &x->t[TB_PCNS], NULL, NULL);
    if (rc == PC_OK)
        rc = add_rows(&top, "practices", REQ, &x->t[TB_PRACTICES], point_row,
                      NULL);
    if (rc == PC_OK)
        rc = add_rows(&top, "premises", REQ, &x->t[TB_PREMISES], point_row,
                      NULL);
    if (rc == PC_OK)
        rc = add_rows(&top, "sites", REQ, &x->t[TB_SITES], site_row, NULL);
    if (rc == PC_OK)
        rc = add_rows(&top, "schemes", REQ, &x->t[TB_SCHEMES], NULL, NULL);

    /* the ledger */
    if (rc == PC_OK)
        rc = jr_obj(&top, "contributions", REQ, &contrib);
    if (rc != PC_OK)
        return rc;
    jr_at(&r, x, contrib, "contributions.");
    rc = add_rows(&r, "contributions", REQ, &x->t[TB_CONTRIBUTIONS],
                  contribution_row, NULL);

    /* the run */
    if (rc == PC_OK) {
        jr_at(&r, x, run, "run.");
        rc = run_tables(x, &r);
    }

    /* the programme */
    if (rc == PC_OK)
        rc = jr_obj(&top, "programme", NUL, &prog);
    if (rc == PC_OK && prog) {
        jr p;

        jr_at(&p, x, prog, "programme.");
        rc = programme_tables(x, &p);
    }

    /* assumptions of the three parts */
    if (rc == PC_OK) {
        jr_at(&r, x, run, "run.");
        rc = add_rows(&r, "assumptions", REQ, &x->t[TB_ASSUMPTIONS], part_row,
                      (void *)"run");
    }
    if (rc == PC_OK) {
        jr_at(&r, x, contrib, "contributions.");
        rc = add_rows(&r, "assumptions", ABS, &x->t[TB_ASSUMPTIONS], part_row,
                      (void *)"contributions");
    }
    if (rc == PC_OK && prog) {
        jr_at(&r, x, prog, "programme.");
        rc = add_rows(&r, "assumptions", ABS, &x->t[TB_ASSUMPTIONS], part_row,
                      (void *)"programme");
    }

    if (rc == PC_OK)
        rc = about_illustrative(x);
    if (rc == PC_OK)
        rc = jr_str(&top, "programme_error", ABS, &s);
    if (rc == PC_OK && s)
        rc = about(x, "programme_error", s);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Geometry through SpatiaLite                                         */
/* ------------------------------------------------------------------ */

typedef struct spl {
    sqlite3 *db;
    void *cache;
    sqlite3_stmt *st; /* one conversion: GeoJSON in, text or blob out */
} spl;

static pc_status spl_fail(spl *s, pc_error *err, const char *what)
{
    return PC_FAIL(err, PC_ERR_DB, "SpatiaLite: %s: %s", what,
                   s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

static void spl_close(spl *s)
{
    sqlite3_finalize(s->st);
    if (s->db)
        sqlite3_close(s->db);
    if (s->cache)
        spatialite_cleanup_ex(s->cache);
    memset(s, 0, sizeof *s);
}

/* Opens path (":memory:" for a scratch database) with SpatiaLite. With
 * srs, the two reference systems Transform needs are registered. */
static pc_status spl_open(spl *s, const char *path, int srs, pc_error *err)
{
    static const char *const init =
        "SELECT InitSpatialMetadata(1, 'NONE'), InsertEpsgSrid(27700), "
        "InsertEpsgSrid(4326)";

    memset(s, 0, sizeof *s);
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        pc_status rc = spl_fail(s, err, "opening");

        spl_close(s);
        return rc;
    }
    s->cache = spatialite_alloc_connection();
    if (!s->cache) {
        spl_close(s);
        return PC_FAIL(err, PC_ERR_NOMEM, "SpatiaLite: out of memory");
    }
    spatialite_init_ex(s->db, s->cache, 0);
    if (srs && sqlite3_exec(s->db, init, NULL, NULL, NULL) != SQLITE_OK) {
        pc_status rc = spl_fail(s, err, "reference systems");

        spl_close(s);
        return rc;
    }
    return PC_OK;
}

static pc_status spl_prepare(spl *s, const char *sql, pc_error *err)
{
    sqlite3_finalize(s->st);
    s->st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &s->st, NULL) != SQLITE_OK)
        return spl_fail(s, err, "prepare");
    return PC_OK;
}

/* Runs the conversion on the GeoJSON geometry of row of t; *out is the
 * result column, valid until the next call. NULL input gives NULL. An
 * input SpatiaLite cannot read (or, for the GeoPackage, of the wrong
 * type) is PC_ERR_INPUT naming the document's key. */
static pc_status spl_convert(spl *s, const table *t, size_t row,
                             const char *geojson, sqlite3_value **out,
                             pc_error *err)
{
    int step;

    *out = NULL;
    sqlite3_reset(s->st);
    if (!geojson)
        return PC_OK;
    if (sqlite3_bind_text(s->st, 1, geojson, -1, SQLITE_STATIC) != SQLITE_OK)
        return spl_fail(s, err, "bind");
    step = sqlite3_step(s->st);
    if (step != SQLITE_ROW)
        return spl_fail(s, err, "geometry");
    if (sqlite3_column_type(s->st, 0) == SQLITE_NULL)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "report: key \"%s[%zu].%s\": not a valid GeoJSON %s "
                       "geometry",
                       t->name, row, t->geom_key,
                       t->geom_type[0] == 'P' ? "Point"
                                              : "Polygon or MultiPolygon");
    *out = sqlite3_column_value(s->st, 0);
    return PC_OK;
}

/* ------------------------------------------------------------------ */
/* Writers                                                             */
/* ------------------------------------------------------------------ */

/* The text of a non-geometry cell ("" for null), in buf when formatted. */
static const char *cell_text(const coldef *d, const cell *c, char *buf,
                             size_t n)
{
    switch (c->kind) {
    case C_STR: return c->s;
    case C_BOOL: return c->b ? "true" : "false";
    case C_NUM:
        if (d->prec == PREC_ANY)
            fmt_shortest(buf, n, c->v);
        else
            fmt_plain(buf, n, c->v, d->type == T_INT ? 0 : d->prec);
        return buf;
    default: return "";
    }
}

static pc_status write_file(const char *path, const pc_buf *b, pc_error *err)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (!f)
        return PC_FAIL(err, PC_ERR_IO, "writing %s: %s", path, strerror(errno));
    ok = fwrite(pc_buf_str(b), 1, b->len, f) == b->len;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        return PC_FAIL(err, PC_ERR_IO, "writing %s: %s", path, strerror(errno));
    return PC_OK;
}

static pc_status csv_field(pc_buf *b, const char *s)
{
    pc_status rc = PC_OK;
    const char *q;

    if (!strpbrk(s, ",\"\r\n"))
        return pc_buf_puts(b, s);
    rc = pc_buf_puts(b, "\"");
    while (rc == PC_OK && (q = strchr(s, '"'))) {
        rc = pc_buf_add(b, s, (size_t)(q - s + 1));
        if (rc == PC_OK)
            rc = pc_buf_puts(b, "\"");
        s = q + 1;
    }
    if (rc == PC_OK)
        rc = pc_buf_puts(b, s);
    return rc == PC_OK ? pc_buf_puts(b, "\"") : rc;
}

/* t as CSV; geometry as WKT through s (prepared). */
static pc_status csv_table(const table *t, spl *s, pc_buf *b, pc_error *err)
{
    pc_status rc = PC_OK;
    char num[512];

    for (size_t c = 0; rc == PC_OK && c < t->ncols; c++) {
        if (c)
            rc = pc_buf_puts(b, ",");
        if (rc == PC_OK)
            rc = csv_field(b, t->cols[c].name);
    }
    if (rc == PC_OK)
        rc = pc_buf_puts(b, "\n");
    for (size_t r = 0; rc == PC_OK && r < t->nrows; r++) {
        for (size_t c = 0; rc == PC_OK && c < t->ncols; c++) {
            const cell *cl = &t->cells[r * t->ncols + c];

            if (c)
                rc = pc_buf_puts(b, ",");
            if (rc == PC_OK && t->cols[c].type == T_GEOM) {
                sqlite3_value *v;

                rc = spl_convert(s, t, r, cl->kind == C_STR ? cl->s : NULL, &v,
                                 err);
                if (rc != PC_OK)
                    return rc;
                if (v)
                    rc = csv_field(b, (const char *)sqlite3_value_text(v));
            } else if (rc == PC_OK) {
                rc = csv_field(b, cell_text(&t->cols[c], cl, num, sizeof num));
            }
        }
        if (rc == PC_OK)
            rc = pc_buf_puts(b, "\n");
    }
    if (rc != PC_OK) /* spl_convert() failures returned above */
        rc = PC_FAIL(err, rc, "%s.csv: larger than %zu bytes", t->name,
                     FILE_CAP);
    return rc;
}

/* s as a JSON string: quote, backslash and control characters escaped. */
static pc_status json_str(pc_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    pc_status rc = pc_buf_puts(b, "\"");

    for (; rc == PC_OK && *p; p++) {
        char esc[8];

        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
        switch (*p) {
        case '"': snprintf(esc, sizeof esc, "\\\""); break;
        case '\\': snprintf(esc, sizeof esc, "\\\\"); break;
        case '\n': snprintf(esc, sizeof esc, "\\n"); break;
        case '\r': snprintf(esc, sizeof esc, "\\r"); break;
        case '\t': snprintf(esc, sizeof esc, "\\t"); break;
        default: snprintf(esc, sizeof esc, "\\u%04x", *p); break;
        }
        if (rc == PC_OK)
            rc = pc_buf_puts(b, esc);
        run = p + 1;
    }
    if (rc == PC_OK)
        rc = pc_buf_add(b, (const char *)run, (size_t)(p - run));
    return rc == PC_OK ? pc_buf_puts(b, "\"") : rc;
}

/* t as a GeoJSON FeatureCollection, one feature per line. */
static pc_status geojson_table(const table *t, spl *s, pc_buf *b, pc_error *err)
{
    size_t g = col_of(t, "geometry");
    pc_status rc;
    char num[512];

    rc = pc_buf_puts(b, "{\"type\":\"FeatureCollection\",\"name\":");
    if (rc == PC_OK)
        rc = json_str(b, t->name);
    if (rc == PC_OK)
        rc = pc_buf_puts(b, ",\"features\":[");
    for (size_t r = 0; rc == PC_OK && r < t->nrows; r++) {
        const cell *row = &t->cells[r * t->ncols];
        sqlite3_value *v;
        int first = 1;

        rc = pc_buf_puts(b, r ? ",\n" : "\n");
        if (rc == PC_OK)
            rc = pc_buf_puts(b, "{\"type\":\"Feature\",\"properties\":{");
        for (size_t c = 0; rc == PC_OK && c < t->ncols; c++) {
            const cell *cl = &row[c];

            if (c == g)
                continue;
            rc = pc_buf_puts(b, first ? "" : ",");
            first = 0;
            if (rc == PC_OK)
                rc = json_str(b, t->cols[c].name);
            if (rc == PC_OK)
                rc = pc_buf_puts(b, ":");
            if (rc != PC_OK)
                break;
            if (cl->kind == C_STR)
                rc = json_str(b, cl->s);
            else if (cl->kind == C_NULL)
                rc = pc_buf_puts(b, "null");
            else
                rc =
                    pc_buf_puts(b, cell_text(&t->cols[c], cl, num, sizeof num));
        }
        if (rc == PC_OK)
            rc = pc_buf_puts(b, "},\"geometry\":");
        if (rc != PC_OK)
            break;
        rc = spl_convert(s, t, r, row[g].kind == C_STR ? row[g].s : NULL, &v,
                         err);
        if (rc != PC_OK)
            return rc;
        rc = pc_buf_puts(b, v ? (const char *)sqlite3_value_text(v) : "null");
        if (rc == PC_OK)
            rc = pc_buf_puts(b, "}");
    }
    if (rc == PC_OK)
        rc = pc_buf_puts(b, "\n]}\n");
    if (rc != PC_OK)
        rc = PC_FAIL(err, rc, "%s.geojson: larger than %zu bytes", t->name,
                     FILE_CAP);
    return rc;
}

/* The files of one export, written into a temporary directory. */
typedef struct outset {
    const char *dir;
    char *tmp;    /* owned: dir/.pcplan-export-XXXXXX */
    char **names; /* owned: file names written into tmp */
    size_t n;
    int made_dir; /* dir did not exist: we created it */
} outset;

/* dir/name, malloc'd; NULL when out of memory. */
static char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);

    if (p) {
        memcpy(p, dir, a);
        if (a == 0 || dir[a - 1] != '/')
            p[a++] = '/';
        memcpy(p + a, name, b + 1);
    }
    return p;
}

/* Records name as written and returns its temporary path in *path
 * (owned by the caller). */
static pc_status out_add(outset *o, const char *name, char **path,
                         pc_error *err)
{
    char **v = realloc(o->names, (o->n + 1) * sizeof *v);

    if (!v)
        return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
    o->names = v;
    v[o->n] = dup_str(name);
    *path = path_join(o->tmp, name);
    if (!v[o->n] || !*path) {
        free(v[o->n]);
        free(*path);
        *path = NULL;
        return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
    }
    o->n++;
    return PC_OK;
}

static pc_status write_csv(const ex *x, outset *o, pc_error *err)
{
    pc_status rc;
    spl s;

    rc = spl_open(&s, ":memory:", 0, err);
    if (rc == PC_OK)
        rc = spl_prepare(&s, "SELECT AsWKT(GeomFromGeoJSON(?1), 1)", err);
    for (size_t i = 0; rc == PC_OK && i < NTABLES; i++) {
        const table *t = &x->t[i];
        pc_buf b = PC_BUF_INIT(FILE_CAP);
        char name[64], *path = NULL;

        snprintf(name, sizeof name, "%s.csv", t->name);
        rc = csv_table(t, &s, &b, err);
        if (rc == PC_OK)
            rc = out_add(o, name, &path, err);
        if (rc == PC_OK)
            rc = write_file(path, &b, err);
        free(path);
        pc_buf_free(&b);
    }
    spl_close(&s);
    return rc;
}

static pc_status write_geojson(const ex *x, outset *o, pc_error *err)
{
    pc_status rc;
    spl s;

    /* RFC 7946: WGS84 lon/lat (SpatiaLite's Transform gives x = lon) and
     * exterior rings counterclockwise */
    rc = spl_open(&s, ":memory:", 1, err);
    if (rc == PC_OK)
        rc = spl_prepare(&s,
                         "SELECT AsGeoJSON(ST_ForcePolygonCCW(Transform("
                         "SetSRID(GeomFromGeoJSON(?1), 27700), 4326)), 6)",
                         err);
    for (size_t i = 0; rc == PC_OK && i < NTABLES; i++) {
        const table *t = &x->t[i];
        pc_buf b = PC_BUF_INIT(FILE_CAP);
        char name[64], *path = NULL;

        if (!t->geom_type)
            continue;
        snprintf(name, sizeof name, "%s.geojson", t->name);
        rc = geojson_table(t, &s, &b, err);
        if (rc == PC_OK)
            rc = out_add(o, name, &path, err);
        if (rc == PC_OK)
            rc = write_file(path, &b, err);
        free(path);
        pc_buf_free(&b);
    }
    spl_close(&s);
    return rc;
}

/* --- XLSX --------------------------------------------------------------- */

static size_t utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static pc_status xlsx_fail(lxw_error e, const char *path, pc_error *err)
{
    return PC_FAIL(
        err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? PC_ERR_NOMEM : PC_ERR_IO,
        "writing %s: %s", path, lxw_strerror(e));
}

static pc_status xlsx_sheet(lxw_workbook *wb, lxw_format *bold, const table *t,
                            const char *path, pc_error *err)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
    size_t ncols = 0;
    lxw_error e = LXW_NO_ERROR;
    char num[512];

    if (!ws)
        return PC_FAIL(err, PC_ERR_NOMEM, "writing %s: sheet %s", path,
                       t->name);
    for (size_t c = 0; c < t->ncols; c++) {
        const coldef *d = &t->cols[c];
        size_t width = utf8_chars(d->name);
        lxw_col_t col = (lxw_col_t)ncols;

        /* geometry does not fit a cell; e and n stay */
        if (d->type == T_GEOM)
            continue;
        ncols++;
        e = worksheet_write_string(ws, 0, col, d->name, bold);
        for (size_t r = 0; e == LXW_NO_ERROR && r < t->nrows; r++) {
            const cell *cl = &t->cells[r * t->ncols + c];
            lxw_row_t row = (lxw_row_t)(r + 1);
            size_t w = utf8_chars(cell_text(d, cl, num, sizeof num));

            if (cl->kind == C_STR && w > XLSX_STR_MAX)
                return PC_FAIL(err, PC_ERR_INPUT,
                               "writing %s: %s row %zu, %s: text longer "
                               "than a cell's %d characters",
                               path, t->name, r + 1, d->name, XLSX_STR_MAX);
            width = w > width ? w : width;
            if (cl->kind == C_STR) /* text stays text: "=1+1" too */
                e = worksheet_write_string(ws, row, col, cl->s, NULL);
            else if (cl->kind == C_NUM)
                e = worksheet_write_number(ws, row, col, cl->v, NULL);
            else if (cl->kind == C_BOOL)
                e = worksheet_write_boolean(ws, row, col, cl->b, NULL);
        }
        if (e == LXW_NO_ERROR)
            e = worksheet_set_column(
                ws, col, col, (double)(width > 60 ? 60 : width) + 2, NULL);
        if (e != LXW_NO_ERROR)
            return xlsx_fail(e, path, err);
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (ncols)
        e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows,
                                 (lxw_col_t)(ncols - 1));
    return e == LXW_NO_ERROR ? PC_OK : xlsx_fail(e, path, err);
}

static pc_status write_xlsx(const ex *x, outset *o, pc_error *err)
{
    lxw_workbook_options opt = {.constant_memory = 0, .use_zip64 = 0};
    lxw_doc_properties props;
    lxw_workbook *wb = NULL;
    lxw_format *bold;
    char *path = NULL, title[256], comments[256];
    lxw_error e;
    pc_status rc;

    rc = out_add(o, XLSX_NAME, &path, err);
    if (rc != PC_OK)
        return rc;
    opt.tmpdir = o->tmp; /* its scratch files go with ours */
    wb = workbook_new_opt(path, &opt);
    if (!wb) {
        free(path);
        return PC_FAIL(err, PC_ERR_NOMEM, "writing %s: out of memory",
                       XLSX_NAME);
    }
    snprintf(title, sizeof title, "%s", x->title);
    snprintf(comments, sizeof comments,
             "pcplan %s export of the model and a run (%s)", x->version,
             REPORT_FORMAT);
    memset(&props, 0, sizeof props);
    props.title = title;
    props.author = "pcplan";
    props.comments = comments;
    /* the dataset's date, not the clock, so the same document gives the
     * same bytes (the zip entries are dated 1980-01-01 by libxlsxwriter) */
    props.created = (time_t)(date_days(x->as_of) * 86400);
    if (props.created == 0)
        props.created = 1; /* 0 means "now" */
    e = workbook_set_properties(wb, &props);
    bold = workbook_add_format(wb);
    if (bold)
        format_set_bold(bold);
    else
        e = LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (e != LXW_NO_ERROR)
        rc = xlsx_fail(e, path, err);
    for (size_t i = 0; rc == PC_OK && i < NTABLES; i++)
        rc = xlsx_sheet(wb, bold, &x->t[i], path, err);
    if (rc != PC_OK) {
        /* workbook_close() would still write the file; the temporary
         * directory is removed anyway */
        lxw_workbook_free(wb);
    } else {
        e = workbook_close(wb);
        if (e != LXW_NO_ERROR)
            rc = xlsx_fail(e, path, err);
    }
    free(path);
    return rc;
}

/* --- GeoPackage ---------------------------------------------------------- */

static pc_status gpkg_exec(spl *s, const char *sql, pc_error *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return spl_fail(s, err, sql);
    return PC_OK;
}

/* Creates t's table, registers it and fills it. */
static pc_status gpkg_table(spl *s, const table *t, const char *stamp,
                            pc_error *err)
{
    pc_buf sql = PC_BUF_INIT(1 << 16), ins = PC_BUF_INIT(1 << 16);
    sqlite3_stmt *st = NULL;
    pc_status rc;
    int n = 0;

    rc = pc_buf_printf(&sql,
                       "CREATE TABLE \"%s\" (fid INTEGER PRIMARY KEY "
                       "AUTOINCREMENT",
                       t->name);
    if (rc == PC_OK)
        rc = pc_buf_printf(&ins, "INSERT INTO \"%s\" (", t->name);
    for (size_t c = 0; rc == PC_OK && c < t->ncols; c++) {
        static const char *const types[] = {"TEXT", "INTEGER", "REAL",
                                            "BOOLEAN"};
        const coldef *d = &t->cols[c];

        if (d->type == T_GEOM)
            continue;
        rc = pc_buf_printf(&sql, ", \"%s\" %s", d->name, types[d->type]);
        if (rc == PC_OK)
            rc = pc_buf_printf(&ins, "%s\"%s\"", n++ ? ", " : "", d->name);
    }
    if (rc == PC_OK && t->geom_type)
        rc = pc_buf_printf(&ins, "%sgeom", n ? ", " : "");
    if (rc == PC_OK)
        rc = pc_buf_puts(&sql, ")");
    if (rc == PC_OK)
        rc = pc_buf_puts(&ins, ") VALUES (");
    for (int k = 0; rc == PC_OK && k < n + (t->geom_type != NULL); k++)
        rc = pc_buf_puts(&ins, k ? ", ?" : "?");
    if (rc == PC_OK)
        rc = pc_buf_puts(&ins, ")");
    if (rc != PC_OK) {
        rc = PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    rc = gpkg_exec(s, pc_buf_str(&sql), err);
    if (rc != PC_OK)
        goto cleanup;

    /* gpkg_contents, then the geometry column (it must be registered) */
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO gpkg_contents (table_name, "
                           "data_type, identifier, description, "
                           "last_change, srs_id) VALUES (?1, ?2, ?1, ?3, "
                           "?4, ?5)",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 2, t->geom_type ? "features" : "attributes", -1,
                          SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 3, t->title, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 4, stamp, -1, SQLITE_STATIC) != SQLITE_OK ||
        (t->geom_type ? sqlite3_bind_int(st, 5, 27700)
                      : sqlite3_bind_null(st, 5)) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_DONE) {
        rc = spl_fail(s, err, "gpkg_contents");
        goto cleanup;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (t->geom_type) {
        if (sqlite3_prepare_v2(s->db,
                               "SELECT gpkgAddGeometryColumn(?1, 'geom', ?2, "
                               "0, 0, 27700)",
                               -1, &st, NULL) != SQLITE_OK ||
            sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC) != SQLITE_OK ||
            sqlite3_bind_text(st, 2, t->geom_type, -1, SQLITE_STATIC) !=
                SQLITE_OK ||
            sqlite3_step(st) != SQLITE_ROW) {
            rc = spl_fail(s, err, "gpkgAddGeometryColumn");
            goto cleanup;
        }
        sqlite3_finalize(st);
        st = NULL;
        rc = spl_prepare(
            s,
            t->geom_type[0] == 'P'
                ? "SELECT AsGPB(SetSRID(CastToPoint(GeomFromGeoJSON(?1)), "
                  "27700))"
                : "SELECT AsGPB(SetSRID(CastToMultiPolygon(GeomFromGeoJSON("
                  "?1)), 27700))",
            err);
        if (rc != PC_OK)
            goto cleanup;
    }

    if (sqlite3_prepare_v2(s->db, pc_buf_str(&ins), -1, &st, NULL) !=
        SQLITE_OK) {
        rc = spl_fail(s, err, "insert");
        goto cleanup;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        int k = 1, b = SQLITE_OK;

        for (size_t c = 0; b == SQLITE_OK && c < t->ncols; c++) {
            const cell *cl = &t->cells[r * t->ncols + c];
            const coldef *d = &t->cols[c];

            if (d->type == T_GEOM)
                continue;
            if (cl->kind == C_STR)
                b = sqlite3_bind_text(st, k, cl->s, -1, SQLITE_STATIC);
            else if (cl->kind == C_BOOL)
                b = sqlite3_bind_int(st, k, cl->b);
            else if (cl->kind == C_NUM && d->type == T_INT)
                b = sqlite3_bind_int64(st, k, (sqlite3_int64)cl->v);
            else if (cl->kind == C_NUM)
                b = sqlite3_bind_double(st, k, cl->v);
            else
                b = sqlite3_bind_null(st, k);
            k++;
        }
        if (b == SQLITE_OK && t->geom_type) {
            const cell *g = &t->cells[r * t->ncols + col_of(t, "geometry")];
            sqlite3_value *v;

            rc = spl_convert(s, t, r, g->kind == C_STR ? g->s : NULL, &v, err);
            if (rc != PC_OK)
                goto cleanup;
            b = v ? sqlite3_bind_value(st, k, v) : sqlite3_bind_null(st, k);
        }
        if (b != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
            rc = spl_fail(s, err, t->name);
            goto cleanup;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    st = NULL;

    /* the layer's extent, which QGIS and GDAL read from gpkg_contents */
    if (t->geom_type && t->nrows) {
        pc_buf_reset(&sql);
        rc = pc_buf_printf(&sql,
                           "UPDATE gpkg_contents SET min_x = (SELECT "
                           "min(MbrMinX(GeomFromGPB(geom))) FROM \"%s\"), "
                           "min_y = (SELECT min(MbrMinY(GeomFromGPB(geom))) "
                           "FROM \"%s\"), max_x = (SELECT "
                           "max(MbrMaxX(GeomFromGPB(geom))) FROM \"%s\"), "
                           "max_y = (SELECT max(MbrMaxY(GeomFromGPB(geom))) "
                           "FROM \"%s\") WHERE table_name = '%s'",
                           t->name, t->name, t->name, t->name, t->name);
        if (rc == PC_OK)
            rc = gpkg_exec(s, pc_buf_str(&sql), err);
        else
            rc = PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
    }

cleanup:
    sqlite3_finalize(st);
    pc_buf_free(&sql);
    pc_buf_free(&ins);
    return rc;
}

static pc_status write_gpkg(const ex *x, outset *o, pc_error *err)
{
    char *path = NULL, stamp[40], pragma[96];
    pc_status rc;
    spl s;

    rc = out_add(o, GPKG_NAME, &path, err);
    if (rc != PC_OK)
        return rc;
    rc = spl_open(&s, path, 0, err);
    if (rc != PC_OK) {
        free(path);
        return pc_error_wrap(err, "writing %s", GPKG_NAME);
    }
    /* every row of gpkg_contents dated by the dataset, not the clock */
    snprintf(stamp, sizeof stamp, "%sT00:00:00.000Z", x->as_of);
    rc = gpkg_exec(&s, "BEGIN", err);
    if (rc == PC_OK)
        rc = gpkg_exec(&s, "SELECT gpkgCreateBaseTables()", err);
    if (rc == PC_OK)
        rc = gpkg_exec(&s, "SELECT gpkgInsertEpsgSRID(27700)", err);
    for (size_t i = 0; rc == PC_OK && i < NTABLES; i++)
        rc = gpkg_table(&s, &x->t[i], stamp, err);
    /* gpkgCreateBaseTables() writes GeoPackage 1.0's "GP10"; 1.2 wants
     * "GPKG" and the version in user_version */
    if (rc == PC_OK) {
        snprintf(pragma, sizeof pragma,
                 "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 GPKG_APP_ID, GPKG_VERSION);
        rc = gpkg_exec(&s, pragma, err);
    }
    if (rc == PC_OK)
        rc = gpkg_exec(&s, "COMMIT", err);
    if (rc != PC_OK)
        pc_error_wrap(err, "writing %s", GPKG_NAME);
    spl_close(&s);
    free(path);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The directory                                                       */
/* ------------------------------------------------------------------ */

/* Removes every file in dir, then dir (best effort: for clean-up). */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d) {
        while ((e = readdir(d)) != NULL) {
            char *p;

            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            p = path_join(dir, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

static pc_status out_begin(outset *o, const char *dir, pc_error *err)
{
    struct stat sb;
    char *tmp;

    memset(o, 0, sizeof *o);
    o->dir = dir;
    if (stat(dir, &sb) != 0) {
        if (errno != ENOENT || mkdir(dir, 0777) != 0)
            return PC_FAIL(err, PC_ERR_IO, "creating %s: %s", dir,
                           strerror(errno));
        o->made_dir = 1;
    } else if (!S_ISDIR(sb.st_mode)) {
        return PC_FAIL(err, PC_ERR_IO, "%s: not a directory", dir);
    }
    tmp = path_join(dir, TMP_PREFIX "XXXXXX");
    if (!tmp) {
        if (o->made_dir)
            rmdir(dir);
        return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
    }
    if (!mkdtemp(tmp)) {
        pc_status rc =
            PC_FAIL(err, PC_ERR_IO, "writing in %s: %s", dir, strerror(errno));

        free(tmp);
        if (o->made_dir)
            rmdir(dir);
        return rc;
    }
    o->tmp = tmp;
    return PC_OK;
}

/* Removes the temporary directory (and dir when we made it and failed). */
static void out_end(outset *o, int failed)
{
    if (o->tmp)
        remove_dir(o->tmp);
    if (failed && o->made_dir)
        rmdir(o->dir);
    for (size_t i = 0; i < o->n; i++)
        free(o->names[i]);
    free(o->names);
    free(o->tmp);
}

/* Renames every file from the temporary directory into dir. A file of
 * the same name already there is first moved aside into the temporary
 * directory, so that a failed rename can put everything back. */
static pc_status commit_files(outset *o, pc_error *err)
{
    char **fin = calloc(o->n + 1, sizeof *fin);
    char **nw = calloc(o->n + 1, sizeof *nw);
    char **old = calloc(o->n + 1, sizeof *old);
    unsigned char *had = calloc(o->n + 1, 1);
    size_t done = 0;
    pc_status rc = PC_OK;

    if (!fin || !nw || !old || !had) {
        rc = PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < o->n; i++) {
        char bak[80];
        struct stat sb;

        snprintf(bak, sizeof bak, ".old.%s", o->names[i]);
        fin[i] = path_join(o->dir, o->names[i]);
        nw[i] = path_join(o->tmp, o->names[i]);
        old[i] = path_join(o->tmp, bak);
        if (!fin[i] || !nw[i] || !old[i]) {
            rc = PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        if (lstat(fin[i], &sb) == 0 && !S_ISREG(sb.st_mode)) {
            rc =
                PC_FAIL(err, PC_ERR_IO,
                        "writing %s: exists and is not a regular file", fin[i]);
            goto cleanup;
        }
    }
    for (; done < o->n; done++) {
        size_t i = done;

        if (rename(fin[i], old[i]) == 0)
            had[i] = 1;
        else if (errno != ENOENT) {
            rc = PC_FAIL(err, PC_ERR_IO, "replacing %s: %s", fin[i],
                         strerror(errno));
            break;
        }
        if (rename(nw[i], fin[i]) != 0) {
            rc = PC_FAIL(err, PC_ERR_IO, "writing %s: %s", fin[i],
                         strerror(errno));
            if (had[i])
                rename(old[i], fin[i]);
            break;
        }
    }
    if (rc != PC_OK)
        while (done-- > 0) {
            rename(fin[done], nw[done]);
            if (had[done])
                rename(old[done], fin[done]);
        }

cleanup:
    for (size_t i = 0; fin && nw && old && i < o->n; i++) {
        free(fin[i]);
        free(nw[i]);
        free(old[i]);
    }
    free(fin);
    free(nw);
    free(old);
    free(had);
    return rc;
}

/* The list of final paths, one allocation (see rpt_export.h). */
static pc_status written_list(const outset *o, const char ***out, pc_error *err)
{
    size_t dl = strlen(o->dir), bytes = (o->n + 1) * sizeof(char *);
    const char **v;
    char *p;

    for (size_t i = 0; i < o->n; i++)
        bytes += dl + strlen(o->names[i]) + 2;
    v = malloc(bytes);
    if (!v)
        return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
    p = (char *)(v + o->n + 1);
    for (size_t i = 0; i < o->n; i++) {
        char *path = path_join(o->dir, o->names[i]);

        if (!path) {
            free(v);
            return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
        }
        v[i] = p;
        p += sprintf(p, "%s", path) + 1;
        free(path);
    }
    v[o->n] = NULL;
    *out = v;
    return PC_OK;
}

/* ------------------------------------------------------------------ */
/* API                                                                 */
/* ------------------------------------------------------------------ */

static const char *const format_names[] = {"csv", "xlsx", "geojson", "gpkg"};

pc_status rpt_export_format_parse(const char *s, rpt_export_format *out,
                                  pc_error *err)
{
    for (int i = 0; s && i < 4; i++)
        if (!strcmp(s, format_names[i])) {
            *out = (rpt_export_format)i;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "unknown export format \"%s\" (expected csv, xlsx, "
                   "geojson or gpkg)",
                   s ? s : "");
}

const char *rpt_export_format_name(rpt_export_format fmt)
{
    return (unsigned)fmt < 4 ? format_names[fmt] : "?";
}

pc_status rpt_export(const cJSON *bundle, rpt_export_format fmt,
                     const char *dir, const char ***written, size_t *nwritten,
                     pc_error *err)
{
    ex x;
    outset o;
    const char **list = NULL;
    pc_status rc;
    int begun = 0;

    memset(&x, 0, sizeof x);
    memset(&o, 0, sizeof o);
    for (size_t i = 0; i < NTABLES; i++)
        x.t[i] = table_defs[i];
    x.err = err;
    if ((unsigned)fmt >= 4) {
        rc = PC_FAIL(err, PC_ERR_INPUT, "export: unknown format %d", (int)fmt);
        goto cleanup;
    }
    if (!dir || !*dir) {
        rc = PC_FAIL(err, PC_ERR_INPUT, "export: no directory given");
        goto cleanup;
    }
    rc = read_bundle(&x, bundle);
    if (rc != PC_OK)
        goto cleanup;
    rc = out_begin(&o, dir, err);
    if (rc != PC_OK)
        goto cleanup;
    begun = 1;
    switch (fmt) {
    case RPT_EXPORT_CSV: rc = write_csv(&x, &o, err); break;
    case RPT_EXPORT_XLSX: rc = write_xlsx(&x, &o, err); break;
    case RPT_EXPORT_GEOJSON: rc = write_geojson(&x, &o, err); break;
    default: rc = write_gpkg(&x, &o, err); break;
    }
    if (rc == PC_OK && written)
        rc = written_list(&o, &list, err);
    if (rc == PC_OK)
        rc = commit_files(&o, err);
    if (rc == PC_OK) {
        if (written)
            *written = list;
        if (nwritten)
            *nwritten = o.n;
        list = NULL;
    }

cleanup:
    free(list);
    if (begun)
        out_end(&o, rc != PC_OK);
    ex_free(&x);
    return rc;
}

void rpt_export_written_free(const char **written)
{
    free(written);
}
