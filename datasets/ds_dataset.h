/* ds_dataset.h: a dataset directory loaded and validated in memory.
 *
 * ds_dataset_load() reads the manifest (dataset.json) and every file it
 * names (see datasets/FORMAT.md), checks every field, every cross-reference
 * and every geometry, reprojects coordinates to British National Grid, and
 * builds each place as the union of its LADs. Nothing is written anywhere:
 * the store imports a ds_dataset only once all of it is known to be good.
 *
 * All strings and arrays belong to the dataset and live until
 * ds_dataset_free(). Optional numbers that are absent are NAN; optional
 * strings that are absent are NULL. */
#ifndef DS_DATASET_H
#define DS_DATASET_H

#include "geo.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_strlist.h"

#include <stddef.h>

#define DS_FORMAT "pcplan-dataset/1"

typedef struct ds_place {
    const char *name;
    geo_wkb geom; /* union of its LADs, EPSG:27700 */
} ds_place;

typedef struct ds_lad {
    const char *code, *name, *place;
    geo_wkb geom;
} ds_lad;

typedef struct ds_pcn {
    const char *code, *name;
} ds_pcn;

typedef struct ds_practice {
    const char *code, *name, *postcode;
    const char *pcn_code; /* NULL when not in a PCN */
    const char *lad_code;
    double e, n; /* EPSG:27700 */
} ds_practice;

typedef struct ds_list_size {
    const char *practice_code;
    const char *date; /* YYYY-MM-DD */
    long patients;
} ds_list_size;

typedef struct ds_premises {
    const char *id, *name, *postcode, *site_type, *tenure, *condition;
    double gia_m2, backlog_gbp, void_m2; /* NAN when absent */
    int rooms_consult, rooms_treatment, rooms_other;
    const char **practices;
    size_t npractices;
    double e, n;
    const char *illustrative;
} ds_premises;

typedef struct ds_site {
    const char *id, *name, *lad_code;
    long dwellings;
    int traj_start; /* 0 when no trajectory */
    long *traj;     /* completions per year from traj_start */
    size_t ntraj;
    double mix[6]; /* percent by bedrooms 1..5 in [1..5]; NAN if none */
    const char *planning_status, *s106_position, *s106_note, *setting;
    int cil_liable;  /* -1 unknown, 0, 1 */
    double area_ha;  /* of the stored geometry */
    int geom_approx; /* 1 when built from a Point and area_ha */
    const char *illustrative;
    geo_wkb geom; /* MultiPolygon, EPSG:27700 */
} ds_site;

/* A practice's registration catchment (optional file "catchments"). */
typedef struct ds_catchment {
    const char *practice_code;
    const char *illustrative;
    geo_wkb geom; /* MultiPolygon, EPSG:27700 */
} ds_catchment;

typedef struct ds_contribution {
    const char *id, *site_id, *kind, *status;
    double amount_gbp;
    const char *base_date;
    int land;
    double land_ha;
    const char *purpose, *triggers;
    int spend_by_years; /* -1 when absent */
    double received_gbp, spent_gbp;
    const char *received_date;
    const char *illustrative;
} ds_contribution;

/* A contribution imported into the store from the national
 * developer-contributions data (planning.data.gov.uk, `pcplan
 * contributions import`), not from the dataset's contributions.csv. c is
 * what the ledger reads: no site, triggers, spend-by period or base date
 * (the data has none), purpose NULL; to_complete names the fields of
 * contributions.csv the data lacks. */
typedef struct ds_contrib_import {
    ds_contribution c;          /* c.id is "<org reference>/<reference>" */
    const char *organisation;   /* e.g. "local-authority:RUG" */
    const char *reference;      /* the contribution's reference */
    const char *agreement;      /* its developer-agreement reference */
    const char *agreement_type; /* e.g. "section-106" */
    const char *agreement_date; /* the agreement's start-date, or NULL */
    const char *contribution_purpose; /* as published, e.g. "health" */
    const char *lad_code;    /* the council's LAD (GSS code), or NULL */
    double allocated_gbp;    /* transactions "allocated" */
    const char *to_complete; /* ';' list of contributions.csv fields */
} ds_contrib_import;

typedef struct ds_scheme {
    const char *id, *name, *place, *premises_id, *site_id, *kind, *status;
    int rooms_consult, rooms_treatment, rooms_other;
    double m2_added, cost_gbp, rent_gbp;
    double *spend_profile; /* duration_years fractions */
    int earliest_start, duration_years, completion_year; /* 0 = absent */
    const char *funding; /* ';' list as given, or NULL */
    const char *option_group;
    const char **depends_on;
    size_t ndepends;
    const char *illustrative;
} ds_scheme;

typedef struct ds_assumption {
    const char *id;
    double value;
    const char *unit, *source, *note;
} ds_assumption;

typedef struct ds_preset_value {
    const char *preset, *assumption_id;
    double value;
} ds_preset_value;

typedef struct ds_projection {
    const char *lad_code;
    int year;
    double population;
} ds_projection;

typedef struct ds_lsoa {
    const char *code, *lad_code;
    double imd_score;
    long population;
} ds_lsoa;

/* One entry of a construction cost index series (optional file
 * "cost_index"), e.g. a BCIS-style All-in Tender Price Index: the index
 * value from `date` until the next entry. Entries are in date order. */
typedef struct ds_cost_index {
    const char *date; /* YYYY-MM-DD */
    double value;     /* > 0 */
    const char *source;
    const char *illustrative;
} ds_cost_index;

/* Capital money other than contributions (optional file "funds"): one row
 * per fund and year, in file order. */
typedef struct ds_fund {
    const char *id;   /* fund_id */
    const char *kind; /* "icb", "grant" or "partner" */
    int year;         /* available from this year */
    double amount_gbp;
    const char *scheme_id; /* NULL: any eligible scheme */
    const char *place;     /* NULL: any place */
    int spend_by_year;     /* 0: no deadline */
    const char *source;    /* NULL: none */
    const char *illustrative;
} ds_fund;

/* A postcode's centroid (optional file "postcodes"). */
typedef struct ds_postcode {
    const char *postcode; /* normalised: "CV1 2AB" */
    double e, n;          /* EPSG:27700 */
} ds_postcode;

typedef struct ds_dataset {
    const char *dir, *name, *title;
    int base_year;
    /* The ICB's house room-demand methods (dataset.json "methods"): for
     * the rooms new homes need (growth) and for the whole list's rooms
     * against those in use (capacity); NULL: not set. */
    const char *growth_method, *capacity_method;
    const char **attribution;
    size_t nattribution;
    const char *system_code, *system_name; /* NULL without a system file */
    geo_wkb system_geom;
    ds_place *places;
    size_t nplaces; /* sorted by name */
    ds_lad *lads;
    size_t nlads;
    ds_pcn *pcns;
    size_t npcns;
    ds_practice *practices;
    size_t npractices;
    ds_list_size *list_sizes;
    size_t nlist_sizes;
    ds_premises *premises;
    size_t npremises;
    ds_site *sites;
    size_t nsites;
    ds_catchment *catchments;
    size_t ncatchments; /* 0 when the dataset supplies none */
    ds_contribution *contributions;
    size_t ncontributions;
    ds_scheme *schemes;
    size_t nschemes;
    ds_assumption *assumptions;
    size_t nassumptions;
    ds_preset_value *presets;
    size_t npresets;
    ds_projection *projections;
    size_t nprojections;
    ds_lsoa *lsoas;
    size_t nlsoas;
    ds_cost_index *cost_index;
    size_t ncost_index; /* 0 when the dataset supplies none */
    ds_fund *funds;
    size_t nfunds; /* 0 when the dataset supplies none */
    /* Postcode centroids: only ds_dataset_load() fills them (the store
     * looks one up at a time, ds_store_postcode). */
    ds_postcode *postcodes;
    size_t npostcodes; /* 0 when the dataset supplies none */
    /* Contributions imported into the store from the national data (only
     * ds_store_load() fills them; a dataset directory has none), by
     * contribution id. */
    ds_contrib_import *imported;
    size_t nimported;
    pc_strlist warnings;    /* e.g. repaired geometry */
    struct pc_arena *arena; /* owns everything above */
} ds_dataset;

/* Loads and validates the dataset in directory `dir`. On success *out is
 * owned by the caller (ds_dataset_free()). On failure returns PC_ERR_INPUT
 * (or PC_ERR_IO, PC_ERR_NOMEM, PC_ERR_SPATIAL) with a message that names
 * the file, the row or feature, the field and what was expected. */
pc_status ds_dataset_load(geo_ctx *geo, const char *dir, ds_dataset **out,
                          pc_error *err);

/* Parses a manifest held in memory (for tests and fuzzing): checks keys and
 * types only, without reading the files it names. */
pc_status ds_manifest_check(const char *json, size_t len, pc_error *err);

void ds_dataset_free(ds_dataset *ds);

/* --- postcodes (ds_postcode.c) ------------------------------------------ */

#define DS_POSTCODE_MAX 9 /* "AA9A 9AA" and its NUL */

/* Normalises a UK postcode as a person may type it ("cv1 2ab", "CV12AB",
 * " Cv1  2Ab ") to the form the dataset keeps ("CV1 2AB"). Anything that
 * is not a postcode's shape is PC_ERR_INPUT saying what was expected. */
pc_status ds_postcode_norm(const char *text, char out[DS_POSTCODE_MAX],
                           pc_error *err);

#endif
