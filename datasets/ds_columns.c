/* ds_columns.c: the column tables of the stored dataset entities (see
 * ds_columns.h) and the INSERT and SELECT texts built from them.
 *
 * Each table lists the stored table's columns in their order in the
 * schema, geometry column last (AddGeometryColumn appends it). A column
 * that stores a reference by key (a place by place_id, a premises' LAD by
 * its lead practice) has an insert expression that looks the key up, and a
 * select expression that gives back the name the struct holds. */
#include "ds_columns.h"

#include "ds_dataset.h"
#include "ds_store.h"

#include <stdio.h>
#include <string.h>

/* offsetof(S, f), failing to compile unless S.f has C type T. */
#define FIELD(S, f, T)                                                     \
    (offsetof(S, f) + 0 * sizeof(char[_Generic(((S *)0)->f, T : 1, default \
                                               : -1)]))

#define TEXT(S, f, col, nul)                                                  \
    {                                                                         \
        col, "TEXT", nul, DS_COL_TEXT, FIELD(S, f, const char *), 0, 0, NULL, \
            NULL                                                              \
    }
#define REAL(S, f, col, nul)                                                 \
    {                                                                        \
        col, "REAL", nul, DS_COL_REAL, FIELD(S, f, double), 0, 0, NULL, NULL \
    }
/* NOT NULL integers; INT_OR/LONG_OR are nullable with `none` for NULL */
#define INT(S, f, col)                                                    \
    {                                                                     \
        col, "INTEGER", 0, DS_COL_INT, FIELD(S, f, int), 0, 0, NULL, NULL \
    }
#define INT_OR(S, f, col, none)                                              \
    {                                                                        \
        col, "INTEGER", 1, DS_COL_INT, FIELD(S, f, int), 0, none, NULL, NULL \
    }
#define LONG(S, f, col)                                                     \
    {                                                                       \
        col, "INTEGER", 0, DS_COL_LONG, FIELD(S, f, long), 0, 0, NULL, NULL \
    }
#define POINT(S)                                               \
    {                                                          \
        "geom", "POINT", 1, DS_COL_POINT, FIELD(S, e, double), \
            FIELD(S, n, double), 0, "MakePoint(?, ?, 27700)",  \
            "X(geom), Y(geom)"                                 \
    }
#define WKB(S)                                                                \
    {                                                                         \
        "geom", "MULTIPOLYGON", 1, DS_COL_WKB, FIELD(S, geom, geo_wkb), 0, 0, \
            "GeomFromWKB(?, 27700)", "CASE WHEN ?1 THEN AsBinary(geom) END"   \
    }
/* a place's name, stored as its place_id */
#define PLACE(S, tbl, nul)                                          \
    {                                                               \
        "place_id", "INTEGER", nul, DS_COL_TEXT,                    \
            FIELD(S, place, const char *), 0, 0,                    \
            "(SELECT place_id FROM places WHERE name = ?)",         \
            "(SELECT name FROM places WHERE places.place_id = " tbl \
            ".place_id)"                                            \
    }

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const ds_column lads[] = {
    TEXT(ds_lad, code, "lad_code", 1),
    TEXT(ds_lad, name, "name", 0),
    PLACE(ds_lad, "lads", 0),
    WKB(ds_lad),
};

static const ds_column pcns[] = {
    TEXT(ds_pcn, code, "pcn_code", 1),
    TEXT(ds_pcn, name, "name", 0),
};

static const ds_column practices[] = {
    TEXT(ds_practice, code, "practice_code", 1),
    TEXT(ds_practice, name, "name", 0),
    TEXT(ds_practice, postcode, "postcode", 1),
    TEXT(ds_practice, pcn_code, "pcn_code", 1),
    TEXT(ds_practice, lad_code, "lad_code", 0),
    POINT(ds_practice),
};

static const ds_column list_sizes[] = {
    TEXT(ds_list_size, practice_code, "practice_code", 0),
    TEXT(ds_list_size, date, "list_date", 0),
    LONG(ds_list_size, patients, "patients"),
};

static const ds_column premises[] = {
    TEXT(ds_premises, id, "premises_id", 1),
    TEXT(ds_premises, name, "name", 0),
    TEXT(ds_premises, postcode, "postcode", 1),
    TEXT(ds_premises, site_type, "site_type", 0),
    TEXT(ds_premises, tenure, "tenure", 0),
    REAL(ds_premises, gia_m2, "gia_m2", 1),
    TEXT(ds_premises, condition, "condition", 1),
    INT(ds_premises, rooms_consult, "rooms_consult"),
    INT(ds_premises, rooms_treatment, "rooms_treatment"),
    INT(ds_premises, rooms_other, "rooms_other"),
    REAL(ds_premises, backlog_gbp, "backlog_gbp", 1),
    REAL(ds_premises, void_m2, "void_m2", 1),
    /* a building's LAD is that of its lead (first) practice */
    {"lad_code", "TEXT", 0, DS_COL_FIRST,
     FIELD(ds_premises, practices, const char **), 0, 0,
     "(SELECT lad_code FROM practices WHERE practice_code = ?)", NULL},
    TEXT(ds_premises, illustrative, "illustrative", 1),
    POINT(ds_premises),
};

static const ds_column sites[] = {
    TEXT(ds_site, id, "site_id", 1),
    TEXT(ds_site, name, "name", 0),
    TEXT(ds_site, lad_code, "lad_code", 0),
    LONG(ds_site, dwellings, "dwellings"),
    TEXT(ds_site, planning_status, "planning_status", 1),
    TEXT(ds_site, s106_position, "s106_position", 0),
    TEXT(ds_site, s106_note, "s106_note", 1),
    INT_OR(ds_site, cil_liable, "cil_liable", -1),
    TEXT(ds_site, setting, "setting", 0),
    REAL(ds_site, area_ha, "area_ha", 0),
    INT(ds_site, geom_approx, "geom_approx"),
    TEXT(ds_site, illustrative, "illustrative", 1),
    WKB(ds_site),
};

static const ds_column catchments[] = {
    TEXT(ds_catchment, practice_code, "practice_code", 1),
    TEXT(ds_catchment, illustrative, "illustrative", 1),
    WKB(ds_catchment),
};

static const ds_column schemes[] = {
    TEXT(ds_scheme, id, "scheme_id", 1),
    TEXT(ds_scheme, name, "name", 0),
    PLACE(ds_scheme, "schemes", 0),
    TEXT(ds_scheme, premises_id, "premises_id", 1),
    TEXT(ds_scheme, site_id, "site_id", 1),
    TEXT(ds_scheme, kind, "kind", 0),
    TEXT(ds_scheme, status, "status", 0),
    INT(ds_scheme, rooms_consult, "rooms_consult"),
    INT(ds_scheme, rooms_treatment, "rooms_treatment"),
    INT(ds_scheme, rooms_other, "rooms_other"),
    REAL(ds_scheme, m2_added, "m2_added", 1),
    REAL(ds_scheme, cost_gbp, "cost_gbp", 0),
    INT_OR(ds_scheme, earliest_start, "earliest_start", 0),
    INT(ds_scheme, duration_years, "duration_years"),
    INT_OR(ds_scheme, completion_year, "completion_year", 0),
    REAL(ds_scheme, rent_gbp, "rent_gbp", 1),
    TEXT(ds_scheme, funding, "funding", 1),
    TEXT(ds_scheme, option_group, "option_group", 1),
    TEXT(ds_scheme, illustrative, "illustrative", 1),
};

static const ds_column contributions[] = {
    TEXT(ds_contribution, id, "contribution_id", 1),
    TEXT(ds_contribution, site_id, "site_id", 0),
    TEXT(ds_contribution, kind, "kind", 0),
    TEXT(ds_contribution, status, "status", 0),
    REAL(ds_contribution, amount_gbp, "amount_gbp", 0),
    TEXT(ds_contribution, base_date, "base_date", 1),
    INT(ds_contribution, land, "land"),
    REAL(ds_contribution, land_ha, "land_ha", 1),
    TEXT(ds_contribution, purpose, "purpose", 1),
    TEXT(ds_contribution, triggers, "triggers", 1),
    INT_OR(ds_contribution, spend_by_years, "spend_by_years", -1),
    REAL(ds_contribution, received_gbp, "received_gbp", 1),
    TEXT(ds_contribution, received_date, "received_date", 1),
    REAL(ds_contribution, spent_gbp, "spent_gbp", 1),
    TEXT(ds_contribution, illustrative, "illustrative", 1),
};

static const ds_column assumptions[] = {
    TEXT(ds_assumption, id, "assumption_id", 1),
    REAL(ds_assumption, value, "value", 0),
    TEXT(ds_assumption, unit, "unit", 0),
    TEXT(ds_assumption, source, "source", 0),
    TEXT(ds_assumption, note, "note", 1),
};

static const ds_column presets[] = {
    TEXT(ds_preset_value, preset, "preset", 0),
    TEXT(ds_preset_value, assumption_id, "assumption_id", 0),
    REAL(ds_preset_value, value, "value", 0),
};

static const ds_column projections[] = {
    TEXT(ds_projection, lad_code, "lad_code", 0),
    INT(ds_projection, year, "year"),
    REAL(ds_projection, population, "population", 0),
};

static const ds_column lsoas[] = {
    TEXT(ds_lsoa, code, "lsoa_code", 1),
    TEXT(ds_lsoa, lad_code, "lad_code", 0),
    REAL(ds_lsoa, imd_score, "imd_score", 0),
    LONG(ds_lsoa, population, "population"),
};

static const ds_column cost_index[] = {
    TEXT(ds_cost_index, date, "date", 1),
    REAL(ds_cost_index, value, "value", 0),
    TEXT(ds_cost_index, source, "source", 1),
    TEXT(ds_cost_index, illustrative, "illustrative", 1),
};

static const ds_column funds[] = {
    {"seq", "INTEGER", 1, DS_COL_SEQ, 0, 0, 0, NULL, NULL},
    TEXT(ds_fund, id, "fund_id", 0),
    TEXT(ds_fund, kind, "kind", 0),
    INT(ds_fund, year, "year"),
    REAL(ds_fund, amount_gbp, "amount_gbp", 0),
    TEXT(ds_fund, scheme_id, "scheme_id", 1),
    PLACE(ds_fund, "funds", 1),
    INT_OR(ds_fund, spend_by_year, "spend_by_year", 0),
    TEXT(ds_fund, source, "source", 1),
    TEXT(ds_fund, illustrative, "illustrative", 1),
};

static const ds_column site_lads[] = {
    TEXT(ds_site_share, site_id, "site_id", 0),
    TEXT(ds_site_share, code, "lad_code", 0),
    REAL(ds_site_share, share, "share", 0),
    REAL(ds_site_share, area_m2, "area_m2", 0),
};

static const ds_column site_allocs[] = {
    TEXT(ds_site_alloc, site_id, "site_id", 0),
    TEXT(ds_site_alloc, method, "method", 0),
    TEXT(ds_site_alloc, practice_code, "practice_code", 0),
    TEXT(ds_site_alloc, premises_id, "premises_id", 1),
    REAL(ds_site_alloc, distance_m, "distance_m", 0),
    REAL(ds_site_alloc, share, "share", 0),
};

static const ds_column site_methods[] = {
    TEXT(ds_site_method, site_id, "site_id", 0),
    TEXT(ds_site_method, method, "method", 0),
    INT(ds_site_method, fallback, "fallback"),
    TEXT(ds_site_method, note, "note", 1),
};

#define TABLE(name, cols, order, what, id)   \
    {                                        \
        name, cols, N(cols), order, what, id \
    }

const ds_table ds_tables[DS_NENTITIES] = {
    [DS_E_LADS] = TABLE("lads", lads, "rowid", "LAD", 0),
    [DS_E_PCNS] = TABLE("pcns", pcns, "rowid", "PCN", 0),
    [DS_E_PRACTICES] = TABLE("practices", practices, "rowid", "practice", 0),
    [DS_E_LIST_SIZES] =
        TABLE("list_sizes", list_sizes, "rowid", "list size of", 0),
    [DS_E_PREMISES] = TABLE("premises", premises, "rowid", "premises", 0),
    [DS_E_SITES] = TABLE("sites", sites, "rowid", "site", 0),
    [DS_E_CATCHMENTS] =
        TABLE("catchments", catchments, "rowid", "catchment of", 0),
    [DS_E_SCHEMES] = TABLE("schemes", schemes, "rowid", "scheme", 0),
    [DS_E_CONTRIBUTIONS] =
        TABLE("contributions", contributions, "rowid", "contribution", 0),
    [DS_E_ASSUMPTIONS] =
        TABLE("assumptions", assumptions, "rowid", "assumption", 0),
    [DS_E_PRESETS] = TABLE("presets", presets, "rowid", "preset value", 0),
    [DS_E_PROJECTIONS] =
        TABLE("lad_projections", projections, "rowid", "projection of", 0),
    [DS_E_LSOAS] = TABLE("lsoas", lsoas, "rowid", "LSOA", 0),
    /* in date order, as the dataset loader requires them */
    [DS_E_COST_INDEX] =
        TABLE("cost_index", cost_index, "date", "cost index entry", 0),
    /* in the file's order, which seq keeps */
    [DS_E_FUNDS] = TABLE("funds", funds, "seq", "fund", 1),
    [DS_E_SITE_LADS] =
        TABLE("site_lads", site_lads, "rowid", "LAD share of site", 0),
    [DS_E_SITE_ALLOCS] = TABLE("site_allocations", site_allocs, "rowid",
                               "allocation of site", 0),
    [DS_E_SITE_METHODS] = TABLE("site_methods", site_methods, "rowid",
                                "allocation method of site", 0),
};

/* Appends text to buf (used bytes *used of n); 0 when it does not fit. */
static int put(char *buf, size_t n, size_t *used, const char *text)
{
    size_t len = strlen(text);

    if (len >= n - *used)
        return 0;
    memcpy(buf + *used, text, len + 1);
    *used += len;
    return 1;
}

int ds_table_insert_sql(const ds_table *t, char *buf, size_t n)
{
    size_t used = 0;
    int ok = n > 0 && put(buf, n, &used, "INSERT INTO ") &&
             put(buf, n, &used, t->name) && put(buf, n, &used, " (");

    for (size_t i = 0; ok && i < t->ncols; i++)
        ok = put(buf, n, &used, i ? ", " : "") &&
             put(buf, n, &used, t->cols[i].name);
    ok = ok && put(buf, n, &used, ") VALUES (");
    for (size_t i = 0; ok && i < t->ncols; i++) {
        const char *e = t->cols[i].insert ? t->cols[i].insert : "?";

        ok = put(buf, n, &used, i ? ", " : "") && put(buf, n, &used, e);
    }
    return ok && put(buf, n, &used, ")");
}

int ds_table_select_sql(const ds_table *t, char *buf, size_t n)
{
    size_t used = 0;
    int first = 1;
    int ok = n > 0 && put(buf, n, &used, "SELECT ");

    for (size_t i = 0; ok && i < t->ncols; i++) {
        const ds_column *c = &t->cols[i];

        if (c->ctype == DS_COL_FIRST || c->ctype == DS_COL_SEQ)
            continue;
        ok = put(buf, n, &used, first ? "" : ", ") &&
             put(buf, n, &used, c->select ? c->select : c->name);
        first = 0;
    }
    return ok && put(buf, n, &used, " FROM ") && put(buf, n, &used, t->name) &&
           put(buf, n, &used, " ORDER BY ") && put(buf, n, &used, t->order);
}
