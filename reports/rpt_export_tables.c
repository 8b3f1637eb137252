/* rpt_export_tables.c: the export's tables, their columns, and the
 * readers that fill them from the report document (the model, the
 * contributions ledger, the run and the programme). rpt_ex_read() is the
 * first pass of an export: it checks every key the writers use, so a bad
 * document fails before any file exists. */
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_json.h"
#include "rpt_export_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

#define TCOLS(a) a, sizeof a / sizeof a[0]
/* clang-format off */
#define S(n, o)     {n, T_TEXT, 0, o, 0, n, K_PLAIN} /* text */
#define DT(n, o)    {n, T_TEXT, 0, o, 0, n, K_DATE}  /* "YYYY-MM-DD" */
#define L(n, o)     {n, T_TEXT, 0, o, 1, n, K_PLAIN} /* list, ';'-joined */
#define I(n, o)     {n, T_INT, 0, o, 0, n, K_COUNT}  /* a count */
#define Y(n, o)     {n, T_INT, 0, o, 0, n, K_YEAR}   /* a year */
#define C(n, p, o)  {n, T_NUM, p, o, 0, n, K_COUNT}  /* patients, homes */
#define M(n, o)     {n, T_NUM, 2, o, 0, n, K_MONEY}  /* pounds */
#define R(n, o)     {n, T_NUM, 2, o, 0, n, K_ROOMS}  /* rooms */
#define SH(n, p, o) {n, T_NUM, p, o, 0, n, K_SHARE}  /* a fraction */
#define XY(n, o)    {n, T_NUM, 1, o, 0, n, K_METRES} /* e or n */
#define HA(n, o)    {n, T_NUM, 4, o, 0, n, K_HECTARES}
#define N(n, p, o)  {n, T_NUM, p, o, 0, n, K_PLAIN}  /* number */
#define B(n, o)     {n, T_BOOL, 0, o, 0, n, K_PLAIN} /* boolean */
#define G(n, o)     {n, T_GEOM, 0, o, 0, n, K_PLAIN} /* GeoJSON geometry */
/* filled by the table's reader */
#define D(n, t, p, k) {n, t, p, NUL, 0, NULL, k}
/* clang-format on */

static const coldef about_cols[] = {D("key", T_TEXT, 0, K_PLAIN),
                                    D("value", T_TEXT, 0, K_PLAIN)};

static const coldef places_cols[] = {
    S("name", REQ),
    L("lads", NUL),
    I("practices", NUL),
    I("pcns", NUL),
    I("premises", NUL),
    I("sites", NUL),
    C("homes_planned", 2, NUL),
    C("homes_in_horizon", 2, NUL),
    D("patients_now", T_NUM, 1, K_COUNT),
    D("patients_horizon", T_NUM, 1, K_COUNT),
    D("rooms_now", T_NUM, 2, K_ROOMS),
    D("growth_rooms_horizon", T_NUM, 2, K_ROOMS),
    D("gap_now", T_NUM, 2, K_ROOMS),
    D("gap_horizon", T_NUM, 2, K_ROOMS),
    G("geometry", NUL)};

static const coldef lads_cols[] = {S("lad_code", REQ), S("name", NUL),
                                   S("place", NUL), G("geometry", NUL)};

static const coldef pcns_cols[] = {S("pcn_code", NUL), S("name", NUL),
                                   S("place", NUL)};

static const coldef practices_cols[] = {S("practice_code", REQ),
                                        S("name", NUL),
                                        S("pcn_code", NUL),
                                        S("lad_code", NUL),
                                        S("place", NUL),
                                        S("postcode", NUL),
                                        C("patients", 1, NUL),
                                        DT("list_date", NUL),
                                        XY("e", NUL),
                                        XY("n", NUL),
                                        D("geometry", T_GEOM, 0, K_PLAIN)};

static const coldef premises_cols[] = {S("premises_id", REQ),
                                       S("name", NUL),
                                       S("place", NUL),
                                       S("postcode", NUL),
                                       S("site_type", NUL),
                                       S("tenure", NUL),
                                       S("condition", NUL),
                                       C("gia_m2", 2, NUL),
                                       I("rooms_consult", NUL),
                                       I("rooms_treatment", NUL),
                                       I("rooms_other", NUL),
                                       R("rooms", NUL),
                                       L("practices", NUL),
                                       R("required_rooms", NUL),
                                       R("spare_rooms", NUL),
                                       S("capacity", NUL),
                                       B("illustrative", REQ),
                                       S("illustrative_note", ABS),
                                       XY("e", NUL),
                                       XY("n", NUL),
                                       D("geometry", T_GEOM, 0, K_PLAIN)};

static const coldef sites_cols[] = {S("site_id", REQ),
                                    S("name", NUL),
                                    S("lad_code", NUL),
                                    S("place", NUL),
                                    I("dwellings", NUL),
                                    S("planning_status", NUL),
                                    S("s106_position", NUL),
                                    B("cil_liable", NUL),
                                    HA("area_ha", NUL),
                                    D("trajectory_start", T_INT, 0, K_YEAR),
                                    C("homes_in_horizon", 2, NUL),
                                    M("contribution_gbp", NUL),
                                    S("no_ask_reason", ABS),
                                    R("rooms_needed", NUL),
                                    M("ledger_requested_gbp", ABS),
                                    M("ledger_secured_gbp", ABS),
                                    M("ledger_received_gbp", ABS),
                                    B("illustrative", REQ),
                                    S("illustrative_note", ABS),
                                    XY("e", NUL),
                                    XY("n", NUL),
                                    G("geometry", NUL)};

static const coldef trajectories_cols[] = {D("site_id", T_TEXT, 0, K_PLAIN),
                                           D("year", T_INT, 0, K_YEAR),
                                           D("homes", T_NUM, 2, K_COUNT)};

static const coldef schemes_cols[] = {
    S("scheme_id", REQ),       S("name", NUL),
    S("place", NUL),           S("premises_id", NUL),
    S("site_id", NUL),         S("kind", NUL),
    S("status", NUL),          R("rooms", NUL),
    M("cost_gbp", NUL),        M("rent_gbp", NUL),
    Y("earliest_start", NUL),  I("duration_years", NUL),
    Y("completion_year", NUL), L("funding", NUL),
    S("option_group", NUL),    L("depends_on", ABS),
    B("illustrative", REQ)};

static const coldef contributions_cols[] = {
    S("contribution_id", REQ), S("site_id", NUL),
    S("place", NUL),           S("kind", NUL),
    S("status", NUL),          S("purpose", NUL),
    M("amount_gbp", NUL),      M("amount_indexed_gbp", NUL),
    HA("land_ha", ABS),        M("expected_gbp", NUL),
    M("received_gbp", NUL),    M("spent_gbp", NUL),
    M("unspent_gbp", NUL),     M("repaid_gbp", NUL),
    DT("spend_by", NUL),       I("days_left", NUL),
    M("at_risk_gbp", NUL),     B("illustrative", REQ)};

static const coldef receipts_cols[] = {D("contribution_id", T_TEXT, 0, K_PLAIN),
                                       D("year", T_INT, 0, K_YEAR),
                                       D("gbp", T_NUM, 2, K_MONEY)};

/* The columns read from each of run.*.years[], from YEARS_FIRST on. */
#define YEAR_COLS                                                          \
    Y("year", REQ), C("patients", 1, NUL), C("new_patients", 1, NUL),      \
        R("growth_rooms", NUL), R("required_rooms", NUL), R("rooms", NUL), \
        R("gap", NUL)

static const coldef place_years_cols[] = {D("place", T_TEXT, 0, K_PLAIN),
                                          D("level", T_TEXT, 0, K_PLAIN),
                                          YEAR_COLS,
                                          SH("p_short", 3, MC),
                                          R("gap_p10", MC),
                                          R("gap_p50", MC),
                                          R("gap_p90", MC)};

static const coldef practice_years_cols[] = {S("practice_code", REQ),
                                             S("place", NUL), YEAR_COLS};

static const coldef programme_cols[] = {S("scheme_id", REQ),
                                        S("name", NUL),
                                        S("place", NUL),
                                        S("status", NUL),
                                        D("chosen", T_BOOL, 0, K_PLAIN),
                                        Y("start_year", NUL),
                                        Y("rooms_from_year", NUL),
                                        R("rooms", NUL),
                                        M("cost_gbp", NUL),
                                        M("rent_gbp", NUL),
                                        D("why", T_TEXT, 0, K_PLAIN)};

static const coldef funding_cols[] = {D("scheme_id", T_TEXT, 0, K_PLAIN),
                                      S("fund_id", NUL), S("kind", NUL),
                                      Y("year", REQ), M("gbp", NUL)};

static const coldef assumptions_cols[] = {
    D("part", T_TEXT, 0, K_PLAIN), S("id", REQ), N("value", PREC_ANY, NUL),
    S("origin", NUL)};

/* pcn_areas: the document's pcn_areas[] */
static const coldef pcn_areas_cols[] = {S("pcn_code", NUL), S("name", NUL),
                                        S("place", NUL), G("geometry", NUL)};

/* allocations: each site's allocation[] (the share of its new patients
 * each practice takes), a line from the site to the practice */
static const coldef allocations_cols[] = {
    D("site_id", T_TEXT, 0, K_PLAIN),  S("practice_code", REQ),
    D("practice", T_TEXT, 0, K_PLAIN), SH("share", 4, REQ),
    C("distance_m", 0, NUL),           D("geometry", T_GEOM, 0, K_PLAIN)};

/* clang-format off */
#define T(name, title, cols, gtype, gkey, only) \
    {name, title, TCOLS(cols), gtype, gkey, only, NULL, 0, 0}
/* clang-format on */

const table rpt_ex_tables[NTABLES] = {
    T("about", "What this export is: dataset, scenario, run, attribution",
      about_cols, NULL, NULL, 0),
    T("places", "Places: counts, patients and room gaps now and at the horizon",
      places_cols, "MULTIPOLYGON", "geometry", 0),
    T("lads", "Local authority districts", lads_cols, "MULTIPOLYGON",
      "geometry", 0),
    T("pcns", "Primary care networks", pcns_cols, NULL, NULL, 0),
    T("practices", "GP practices and their registered patients", practices_cols,
      "POINT", "e", 0),
    T("premises", "Premises: rooms, need and spare capacity now", premises_cols,
      "POINT", "e", 0),
    T("sites", "Housing sites and the contribution each would be asked for",
      sites_cols, "MULTIPOLYGON", "geometry", 0),
    T("site_trajectories", "Homes completed per year on each site",
      trajectories_cols, NULL, NULL, 0),
    T("schemes", "Capital schemes", schemes_cols, NULL, NULL, 0),
    T("contributions", "S106 and CIL contributions ledger", contributions_cols,
      NULL, NULL, 0),
    T("contribution_receipts", "Expected contribution receipts per year",
      receipts_cols, NULL, NULL, 0),
    T("place_years", "The run per place (and the system) and year",
      place_years_cols, NULL, NULL, 0),
    T("practice_years", "The run per practice and year", practice_years_cols,
      NULL, NULL, 0),
    T("programme", "The prioritised capital programme", programme_cols, NULL,
      NULL, 0),
    T("programme_funding", "Funding of the programme's schemes by year",
      funding_cols, NULL, NULL, 0),
    T("assumptions", "Assumptions of the run, ledger and programme",
      assumptions_cols, NULL, NULL, 0),
    T("pcn_areas",
      "Approximate PCN areas: the premises' Voronoi cells within each place",
      pcn_areas_cols, "MULTIPOLYGON", "geometry", 1),
    T("allocations",
      "Where each site's new patients register: site to practice, with the "
      "share and the distance to the practice's nearest premises",
      allocations_cols, "LINESTRING", "allocation", 1)};

/* Headers whose words are not just the name's (one place for them all:
 * a name means the same in every table). */
static const struct {
    const char *name, *label;
} col_labels[] = {{"contribution_gbp", "Ask (GBP)"},
                  {"e", "Easting (m)"},
                  {"n", "Northing (m)"},
                  {"gia_m2", "GIA (m²)"},
                  {"pcn_code", "PCN code"},
                  {"lad_code", "LAD code"},
                  {"lads", "LADs"},
                  {"pcns", "PCNs"},
                  {"cil_liable", "CIL liable"},
                  {"s106_position", "S106 position"},
                  {"p_short", "P(short)"},
                  {"gap_p10", "Gap, 10th percentile"},
                  {"gap_p50", "Gap, median"},
                  {"gap_p90", "Gap, 90th percentile"},
                  {"id", "ID"},
                  {"gbp", "GBP"},
                  {"rooms_needed", "Rooms needed"}};

const char *rpt_ex_col_label(const coldef *d, char *buf, size_t n)
{
    static const struct {
        const char *suffix, *unit;
    } units[] = {{"_gbp", " (GBP)"}, {"_ha", " (ha)"}, {"_m2", " (m²)"},
                 {"_m", " (m)"},     {"_id", " ID"},   {"_code", " code"}};
    size_t len = strlen(d->name), k = 0;
    const char *unit = "";

    for (size_t i = 0; i < sizeof col_labels / sizeof col_labels[0]; i++)
        if (!strcmp(col_labels[i].name, d->name)) {
            snprintf(buf, n, "%s", col_labels[i].label);
            return buf;
        }
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t sl = strlen(units[i].suffix);

        if (len > sl && !strcmp(d->name + len - sl, units[i].suffix)) {
            len -= sl;
            unit = units[i].unit;
            break;
        }
    }
    /* "rooms_from_year" -> "Rooms from year" */
    for (size_t i = 0; i < len && k + 1 < n; i++) {
        char c = d->name[i] == '_' ? ' ' : d->name[i];

        buf[k++] = i == 0 && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
    }
    buf[k] = '\0';
    snprintf(buf + k, n - k, "%s", unit);
    return buf;
}

/* places: the run's first and last year of the place with this name */
static pc_status place_run(ex *x, const pc_jr *item, table *t, size_t row,
                           void *arg)
{
    const pc_jr *run = arg;
    const cJSON *places, *e, *years;
    const char *name = rpt_ex_cell(t, row, "name")->s;
    pc_status rc = pc_jr_arr(run, "places", REQ, 0, &places);
    int i = 0, n;

    if (rc != PC_OK)
        return rc;
    cJSON_ArrayForEach(e, places)
    {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(e, "name");
        pc_jr p, y0, y1;

        if (!cJSON_IsString(nm) || strcmp(nm->valuestring, name)) {
            i++;
            continue;
        }
        rc = pc_jr_elem(&p, run, "places", i, e);
        if (rc == PC_OK)
            rc = pc_jr_arr(&p, "years", REQ, 0, &years);
        if (rc != PC_OK)
            return rc;
        n = cJSON_GetArraySize(years);
        if (n == 0)
            return pc_jr_fail(&p, "years", "expected at least one year");
        rc = pc_jr_elem(&y0, &p, "years", 0, cJSON_GetArrayItem(years, 0));
        if (rc == PC_OK)
            rc = pc_jr_elem(&y1, &p, "years", n - 1,
                            cJSON_GetArrayItem(years, n - 1));
        if (rc == PC_OK)
            rc = rpt_ex_read_into(x, &y0, t, row, "patients_now", "patients");
        if (rc == PC_OK)
            rc = rpt_ex_read_into(x, &y1, t, row, "patients_horizon",
                                  "patients");
        if (rc == PC_OK)
            rc = rpt_ex_read_into(x, &y0, t, row, "rooms_now", "rooms");
        if (rc == PC_OK)
            rc = rpt_ex_read_into(x, &y1, t, row, "growth_rooms_horizon",
                                  "growth_rooms");
        if (rc == PC_OK)
            rc = rpt_ex_read_into(x, &y0, t, row, "gap_now", "gap");
        if (rc == PC_OK)
            rc = rpt_ex_read_into(x, &y1, t, row, "gap_horizon", "gap");
        return rc;
    }
    return pc_jr_fail(run, "places", "no place named \"%s\" (from \"%sname\")",
                      name, item->pre);
}

/* practices and premises: the point geometry from e, n */
static pc_status point_row(ex *x, const pc_jr *item, table *t, size_t row,
                           void *arg)
{
    const char *g;
    pc_status rc;

    (void)item;
    (void)arg;
    rc = rpt_ex_point_json(x, rpt_ex_cell(t, row, "e"),
                           rpt_ex_cell(t, row, "n"), &g);
    if (rc == PC_OK)
        rpt_ex_set_str(t, row, "geometry", g);
    return rc;
}

/* allocations: one practice's share of a site (arg: the site's row) */
static pc_status alloc_row(ex *x, const pc_jr *item, table *t, size_t row,
                           void *arg)
{
    table *st = &x->t[TB_SITES];
    table *pt = &x->t[TB_PRACTICES];
    size_t srow = *(const size_t *)arg, code = rpt_ex_col(pt, "practice_code");
    const char *pc = rpt_ex_cell(t, row, "practice_code")->s, *g = NULL;
    size_t r;
    pc_status rc;

    rpt_ex_set_str(t, row, "site_id", rpt_ex_cell(st, srow, "site_id")->s);
    /* the practices' rows by code (the first of a code), made once: a scan
     * for each allocation was quadratic at England's size */
    if (x->prac_indexed != pt->nrows) {
        pc_index_free(&x->practice_rows);
        for (r = 0; r < pt->nrows; r++)
            if (pt->cells[r * pt->ncols + code].s &&
                pc_index_put(&x->practice_rows,
                             pt->cells[r * pt->ncols + code].s, r, NULL) < 0)
                return PC_NOMEM(x->err);
        x->prac_indexed = pt->nrows;
    }
    if (pc && pc_index_get(&x->practice_rows, pc, &r)) {
        *rpt_ex_cell(t, row, "practice") = *rpt_ex_cell(pt, r, "name");
        rc = rpt_ex_line_json(
            x, rpt_ex_cell(st, srow, "e"), rpt_ex_cell(st, srow, "n"),
            rpt_ex_cell(pt, r, "e"), rpt_ex_cell(pt, r, "n"), &g);
        if (rc == PC_OK)
            rpt_ex_set_str(t, row, "geometry", g);
        return rc;
    }
    return pc_jr_fail(item, "practice_code", "no practice \"%s\"", pc);
}

/* sites: the allocation's rows in allocations, the trajectory's start
 * and its rows in site_trajectories */
static pc_status site_row(ex *x, const pc_jr *item, table *t, size_t row,
                          void *arg)
{
    table *tr = &x->t[TB_TRAJECTORIES];
    const char *id = rpt_ex_cell(t, row, "site_id")->s;
    const cJSON *traj, *homes, *e;
    double start;
    int k = 0;
    pc_jr r;
    pc_status rc;

    (void)arg;
    rc = rpt_ex_add_rows(x, item, "allocation", ABS, &x->t[TB_ALLOCATIONS],
                         alloc_row, &row);
    if (rc == PC_OK)
        rc = pc_jr_obj(item, "trajectory", NUL, &traj);
    if (rc != PC_OK || !traj)
        return rc;
    pc_jr_sub(&r, item, traj, "trajectory", -1);
    rc = pc_jr_int(&r, "start", REQ, &start, NULL);
    if (rc == PC_OK)
        rc = pc_jr_arr(&r, "homes", REQ, 0, &homes);
    if (rc != PC_OK)
        return rc;
    rpt_ex_set_num(t, row, "trajectory_start", start);
    cJSON_ArrayForEach(e, homes)
    {
        char sub[32];
        size_t tr_row;

        snprintf(sub, sizeof sub, "homes[%d]", k);
        if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble))
            return pc_jr_bad(&r, sub, "a number", e);
        if (!rpt_ex_row_new(x, tr))
            return x->err->code;
        tr_row = tr->nrows - 1;
        rpt_ex_set_str(tr, tr_row, "site_id", id);
        rpt_ex_set_num(tr, tr_row, "year", start + k);
        rpt_ex_set_num(tr, tr_row, "homes", e->valuedouble);
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
static pc_status contribution_row(ex *x, const pc_jr *item, table *t,
                                  size_t row, void *arg)
{
    table *rt = &x->t[TB_RECEIPTS];
    const char *id = rpt_ex_cell(t, row, "contribution_id")->s;
    const cJSON *by, *e;
    receipt *v = NULL;
    size_t n = 0;
    pc_jr br;
    pc_status rc;

    (void)arg;
    rc = pc_jr_obj(item, "receipts_by_year", REQ, &by);
    if (rc != PC_OK)
        return rc;
    pc_jr_sub(&br, item, by, "receipts_by_year", -1);
    v = malloc(((size_t)cJSON_GetArraySize(by) + 1) * sizeof *v);
    if (!v)
        return PC_FAIL(x->err, PC_ERR_NOMEM, "report: out of memory");
    cJSON_ArrayForEach(e, by)
    {
        const char *k = e->string;
        char *end = NULL;
        long year = k ? strtol(k, &end, 10) : 0;

        if (!k || !*k || *end || year < 1000 || year > 9999) {
            rc = pc_jr_fail(&br, k ? k : "", "expected a year as key");
            goto cleanup;
        }
        if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble)) {
            rc = pc_jr_bad(&br, k, "a number", e);
            goto cleanup;
        }
        v[n].year = year;
        v[n++].gbp = e->valuedouble;
    }
    qsort(v, n, sizeof *v, receipt_cmp);
    for (size_t i = 0; i < n; i++) {
        size_t r;

        if (!rpt_ex_row_new(x, rt)) {
            rc = x->err->code;
            goto cleanup;
        }
        r = rt->nrows - 1;
        rpt_ex_set_str(rt, r, "contribution_id", id);
        rpt_ex_set_num(rt, r, "year", (double)v[i].year);
        rpt_ex_set_num(rt, r, "gbp", v[i].gbp);
    }
cleanup:
    free(v);
    return rc;
}

/* place_years: one area of the run */
static pc_status place_years_row(ex *x, const pc_jr *area, const char *level)
{
    const char *name;
    pc_status rc = pc_jr_str(area, "name", REQ, &name);

    return rc == PC_OK
               ? rpt_ex_add_years(x, area, &x->t[TB_PLACE_YEARS], name, level)
               : rc;
}

static pc_status run_tables(ex *x, const pc_jr *run)
{
    const cJSON *arr, *e, *sys;
    pc_status rc;
    int i = 0;
    pc_jr a;

    rc = pc_jr_arr(run, "places", REQ, 0, &arr);
    cJSON_ArrayForEach(e, arr)
    {
        if (rc == PC_OK)
            rc = pc_jr_elem(&a, run, "places", i++, e);
        if (rc == PC_OK)
            rc = place_years_row(x, &a, "place");
    }
    if (rc == PC_OK)
        rc = pc_jr_obj(run, "system", REQ, &sys);
    if (rc == PC_OK) {
        pc_jr_sub(&a, run, sys, "system", -1);
        rc = place_years_row(x, &a, "system");
    }
    i = 0;
    arr = NULL;
    if (rc == PC_OK)
        rc = pc_jr_arr(run, "practices", REQ, 0, &arr);
    cJSON_ArrayForEach(e, arr)
    {
        if (rc == PC_OK)
            rc = pc_jr_elem(&a, run, "practices", i++, e);
        if (rc == PC_OK)
            rc = rpt_ex_add_years(x, &a, &x->t[TB_PRACTICE_YEARS], NULL, NULL);
    }
    return rc;
}

/* programme: each chosen scheme and its funding */
static pc_status chosen_row(ex *x, const pc_jr *item, table *t, size_t row,
                            void *arg)
{
    table *ft = &x->t[TB_FUNDING];
    const char *id = rpt_ex_cell(t, row, "scheme_id")->s;
    const cJSON *arr, *e;
    pc_status rc;
    int i = 0;

    (void)arg;
    rpt_ex_cell(t, row, "chosen")->kind = C_BOOL;
    rpt_ex_cell(t, row, "chosen")->b = 1;
    rc = pc_jr_arr(item, "funding", REQ, 0, &arr);
    cJSON_ArrayForEach(e, arr)
    {
        pc_jr f;
        size_t r = 0;

        if (rc == PC_OK)
            rc = pc_jr_elem(&f, item, "funding", i++, e);
        if (rc == PC_OK)
            rc = rpt_ex_add_row(x, &f, ft, &r);
        if (rc == PC_OK)
            rpt_ex_set_str(ft, r, "scheme_id", id);
        if (rc != PC_OK)
            break;
    }
    return rc;
}

/* programme: a scheme left out, with the name and place from schemes */
static pc_status not_chosen(ex *x, const pc_jr *item)
{
    table *t = &x->t[TB_PROGRAMME];
    const table *st = &x->t[TB_SCHEMES];
    size_t row, id_col = rpt_ex_col(st, "scheme_id");
    const char *id;
    pc_status rc;

    if (!rpt_ex_row_new(x, t))
        return x->err->code;
    row = t->nrows - 1;
    rc = rpt_ex_read_into(x, item, t, row, "scheme_id", "scheme_id");
    if (rc == PC_OK)
        rc = rpt_ex_read_into(x, item, t, row, "status", "status");
    if (rc == PC_OK)
        rc = rpt_ex_read_into(x, item, t, row, "why", "why");
    if (rc != PC_OK)
        return rc;
    id = rpt_ex_cell(t, row, "scheme_id")->s;
    rpt_ex_cell(t, row, "chosen")->kind = C_BOOL;
    for (size_t s = 0; s < st->nrows; s++)
        if (!strcmp(st->cells[s * st->ncols + id_col].s, id)) {
            *rpt_ex_cell(t, row, "name") =
                st->cells[s * st->ncols + rpt_ex_col(st, "name")];
            *rpt_ex_cell(t, row, "place") =
                st->cells[s * st->ncols + rpt_ex_col(st, "place")];
            break;
        }
    return PC_OK;
}

static pc_status programme_tables(ex *x, const pc_jr *prog)
{
    const cJSON *opt, *arr = NULL, *e;
    pc_status rc = pc_jr_obj(prog, "optimal", NUL, &opt);
    int i = 0;
    pc_jr o, item;

    if (rc != PC_OK || !opt)
        return rc;
    pc_jr_sub(&o, prog, opt, "optimal", -1);
    rc = rpt_ex_add_rows(x, &o, "schemes", REQ, &x->t[TB_PROGRAMME], chosen_row,
                         NULL);
    if (rc == PC_OK)
        rc = pc_jr_arr(&o, "not_chosen", REQ, 0, &arr);
    cJSON_ArrayForEach(e, arr)
    {
        if (rc == PC_OK)
            rc = pc_jr_elem(&item, &o, "not_chosen", i++, e);
        if (rc == PC_OK)
            rc = not_chosen(x, &item);
    }
    return rc;
}

static pc_status part_row(ex *x, const pc_jr *item, table *t, size_t row,
                          void *arg)
{
    (void)x;
    (void)item;
    rpt_ex_set_str(t, row, "part", arg);
    return PC_OK;
}

/* The about table: key, value rows. value is copied when own_value. */
static pc_status about(ex *x, const char *key, const char *value)
{
    table *t = &x->t[TB_ABOUT];

    if (!rpt_ex_row_new(x, t))
        return x->err->code;
    rpt_ex_set_str(t, t->nrows - 1, "key", key);
    rpt_ex_set_str(t, t->nrows - 1, "value", value);
    return PC_OK;
}

static pc_status about_owned(ex *x, const char *key, char *value)
{
    pc_status rc = rpt_ex_own(x, value);

    return rc == PC_OK ? about(x, key, value) : rc;
}

/* Which tables hold illustrative values, from their illustrative column. */
static pc_status about_illustrative(ex *x)
{
    static const int tabs[] = {TB_PREMISES, TB_SITES, TB_SCHEMES,
                               TB_CONTRIBUTIONS};
    pc_buf b = PC_BUF_INIT(PC_CAP_LINE);
    pc_status rc = PC_OK;
    int any = 0;

    for (size_t k = 0; rc == PC_OK && k < sizeof tabs / sizeof tabs[0]; k++) {
        const table *t = &x->t[tabs[k]];
        size_t c = rpt_ex_col(t, "illustrative"), n = 0;

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
        rc = about_owned(x, "illustrative", strdup(pc_buf_str(&b)));
    else
        rc = PC_FAIL(x->err, PC_ERR_NOMEM, "report: out of memory");
    pc_buf_free(&b);
    return rc;
}

/* Reads the string at key of r (opt) into *s (may be NULL) and adds it
 * to about as name. */
static pc_status about_str(ex *x, const pc_jr *r, const char *key, int opt,
                           const char *name, const char **s)
{
    const char *v;
    pc_status rc = pc_jr_str(r, key, opt, &v);

    if (rc == PC_OK && s)
        *s = v;
    return rc == PC_OK ? about(x, name, v) : rc;
}

/* format, pcplan_version and the dataset (*ds, its reader): rows of
 * about. */
static pc_status read_dataset(ex *x, const pc_jr *top, pc_jr *ds)
{
    const cJSON *obj;
    const char *s;
    double base_year;
    char num[32];
    pc_status rc = pc_jr_str(top, "format", REQ, &s);

    if (rc != PC_OK)
        return rc;
    if (strcmp(s, REPORT_FORMAT))
        return pc_jr_fail(top, "format", "expected \"%s\", got \"%s\"",
                          REPORT_FORMAT, s);
    rc = about(x, "format", s);
    if (rc == PC_OK)
        rc = about_str(x, top, "pcplan_version", REQ, "pcplan_version",
                       &x->version);
    if (rc == PC_OK)
        rc = pc_jr_obj(top, "dataset", REQ, &obj);
    if (rc != PC_OK)
        return rc;
    pc_jr_sub(ds, top, obj, "dataset", -1);
    rc = about_str(x, ds, "name", REQ, "dataset", &x->title);
    if (rc == PC_OK)
        rc = about_str(x, ds, "title", NUL, "dataset_title", &s);
    if (rc == PC_OK && s)
        x->title = s;
    if (rc == PC_OK)
        rc = pc_jr_int(ds, "base_year", REQ, &base_year, NULL);
    if (rc == PC_OK) {
        rpt_ex_fmt_plain(num, sizeof num, base_year, 0);
        rc = about_owned(x, "base_year", strdup(num));
    }
    if (rc == PC_OK)
        rc = pc_jr_str(ds, "as_of", REQ, &x->as_of);
    if (rc == PC_OK && rpt_ex_date_days(x->as_of) < 0)
        rc = pc_jr_fail(ds, "as_of",
                        "expected a date YYYY-MM-DD from 1970, got \"%s\"",
                        x->as_of);
    if (rc == PC_OK)
        rc = about(x, "as_of", x->as_of);
    return rc;
}

/* dataset.attribution[]: one about row each. */
static pc_status read_attribution(ex *x, const pc_jr *ds)
{
    const cJSON *attr, *e;
    pc_status rc = pc_jr_arr(ds, "attribution", REQ, 1, &attr);

    cJSON_ArrayForEach(e, attr)
    {
        if (rc == PC_OK)
            rc = about(x, "attribution", e->valuestring);
    }
    return rc;
}

/* scenario, preset, the run's identity (*run, its reader), whether it
 * has Monte Carlo columns, the CRS and the attribution. */
static pc_status read_identity(ex *x, const pc_jr *top, const pc_jr *ds,
                               pc_jr *run)
{
    const cJSON *e;
    pc_status rc = about_str(x, top, "scenario", NUL, "scenario", NULL);

    if (rc == PC_OK)
        rc = about_str(x, top, "preset", NUL, "preset", NULL);
    if (rc == PC_OK)
        rc = pc_jr_obj(top, "run", REQ, &e);
    if (rc != PC_OK)
        return rc;
    pc_jr_sub(run, top, e, "run", -1);
    rc = about_str(x, run, "run_id", NUL, "run_id", NULL);
    if (rc == PC_OK)
        rc = about_str(x, run, "input_hash", NUL, "input_hash", NULL);
    if (rc == PC_OK)
        rc = pc_jr_obj(run, "monte_carlo", NUL, &e);
    x->mc = rc == PC_OK && e;
    if (rc == PC_OK)
        rc = about_str(x, top, "crs", REQ, "crs", NULL);
    if (rc == PC_OK)
        rc = read_attribution(x, ds);
    return rc;
}

/* The model's tables: places (with the run's figures), LADs, PCNs,
 * practices, premises, sites and schemes. */
static pc_status read_model(ex *x, const pc_jr *top, const pc_jr *run)
{
    static const struct {
        const char *key;
        int table;
        row_fn fn;
    } parts[] = {{"places", TB_PLACES, place_run},
                 {"lads", TB_LADS, NULL},
                 {"pcns", TB_PCNS, NULL},
                 {"practices", TB_PRACTICES, point_row},
                 {"premises", TB_PREMISES, point_row},
                 {"sites", TB_SITES, site_row},
                 {"schemes", TB_SCHEMES, NULL}};
    pc_status rc = PC_OK;

    /* each row completer gets the run's reader (place_run reads it) */
    for (size_t i = 0; rc == PC_OK && i < sizeof parts / sizeof parts[0]; i++)
        rc = rpt_ex_add_rows(x, top, parts[i].key, REQ, &x->t[parts[i].table],
                             parts[i].fn, (void *)run);
    /* documents before the GeoPackage's PCN areas lack them */
    if (rc == PC_OK)
        rc = rpt_ex_add_rows(x, top, "pcn_areas", ABS, &x->t[TB_PCN_AREAS],
                             NULL, NULL);
    return rc;
}

/* The assumptions of the run, the ledger and (if any) the programme. */
static pc_status read_assumptions(ex *x, const pc_jr *run, const pc_jr *contrib,
                                  const pc_jr *prog)
{
    pc_status rc;

    rc = rpt_ex_add_rows(x, run, "assumptions", REQ, &x->t[TB_ASSUMPTIONS],
                         part_row, (void *)"run");
    if (rc == PC_OK)
        rc = rpt_ex_add_rows(x, contrib, "assumptions", ABS,
                             &x->t[TB_ASSUMPTIONS], part_row,
                             (void *)"contributions");
    if (rc == PC_OK && prog)
        rc = rpt_ex_add_rows(x, prog, "assumptions", ABS, &x->t[TB_ASSUMPTIONS],
                             part_row, (void *)"programme");
    return rc;
}

/* What the prioritisation proved of the programme the tables hold, in
 * words (programme.optimal.status_text): optimal only when proven so. */
static pc_status about_programme_status(ex *x, const pc_jr *prog)
{
    const cJSON *opt;
    const char *v = NULL;
    pc_jr o;
    pc_status rc = pc_jr_obj(prog, "optimal", NUL, &opt);

    if (rc != PC_OK || !opt)
        return rc;
    pc_jr_sub(&o, prog, opt, "optimal", -1);
    /* absent from documents written before it was: no row */
    rc = pc_jr_str(&o, "status_text", ABS, &v);
    return rc == PC_OK && v ? about(x, "programme_status", v) : rc;
}

pc_status rpt_ex_read(ex *x, const cJSON *b)
{
    const cJSON *obj = NULL;
    const char *s;
    pc_jr top, ds, run, contrib, prog;
    pc_status rc;

    if (!cJSON_IsObject(b))
        return PC_FAIL(x->err, PC_ERR_INPUT,
                       "report: expected a JSON object, got %s",
                       pc_json_type(b));
    /* the document is built in memory: its strings may not be UTF-8 */
    top = pc_jr_root(b, "report", x->err);
    top.utf8 = 1;
    rc = read_dataset(x, &top, &ds);
    if (rc == PC_OK)
        rc = read_identity(x, &top, &ds, &run);
    if (rc == PC_OK)
        rc = read_model(x, &top, &run);

    /* the ledger */
    if (rc == PC_OK)
        rc = pc_jr_obj(&top, "contributions", REQ, &obj);
    if (rc != PC_OK)
        return rc;
    pc_jr_sub(&contrib, &top, obj, "contributions", -1);
    rc = rpt_ex_add_rows(x, &contrib, "contributions", REQ,
                         &x->t[TB_CONTRIBUTIONS], contribution_row, NULL);

    /* the run */
    if (rc == PC_OK)
        rc = run_tables(x, &run);

    /* the programme */
    if (rc == PC_OK)
        rc = pc_jr_obj(&top, "programme", NUL, &obj);
    if (rc == PC_OK && obj) {
        pc_jr_sub(&prog, &top, obj, "programme", -1);
        rc = programme_tables(x, &prog);
    }

    if (rc == PC_OK)
        rc = read_assumptions(x, &run, &contrib, obj ? &prog : NULL);
    if (rc == PC_OK)
        rc = about_illustrative(x);
    if (rc == PC_OK && obj)
        rc = about_programme_status(x, &prog);
    if (rc == PC_OK)
        rc = pc_jr_str(&top, "programme_error", ABS, &s);
    if (rc == PC_OK && s)
        rc = about(x, "programme_error", s);
    return rc;
}
