/* ds_store.h: the planning store, one SpatiaLite database.
 *
 * All storage access goes through this module, so that another backend
 * (PostgreSQL/PostGIS) can be added behind the same functions later. The
 * schema is versioned: schema_version holds the version, and
 * ds_store_open() applies the forward migrations a store lacks, each in its
 * own transaction. Geometries are stored in EPSG:27700 with R-tree spatial
 * indexes. A store holds one dataset at a time; importing replaces it. */
#ifndef DS_STORE_H
#define DS_STORE_H

#include "ds_dataset.h"
#include "pc_arena.h"
#include "pc_error.h"

typedef struct ds_store ds_store; /* opaque: defined in ds_store.c */

/* The schema version this build writes and reads. */
#define DS_SCHEMA_VERSION 10

typedef enum ds_open_mode {
    DS_OPEN_EXISTING, /* PC_ERR_NOTFOUND when the file does not exist */
    DS_OPEN_CREATE,   /* create the file when it does not exist */
    DS_OPEN_READONLY  /* an existing store at this schema version, read
                         only: writes fail (a server's worker handles) */
} ds_open_mode;

/* Opens (or creates) the store at path and migrates its schema to
 * DS_SCHEMA_VERSION. A store written by a newer version is refused
 * (PC_ERR_INPUT). On success *out is owned by the caller (ds_store_close,
 * which accepts NULL). */
pc_status ds_store_open(const char *path, ds_open_mode mode, ds_store **out,
                        pc_error *err);
void ds_store_close(ds_store *st);

/* Schema version of the open store. */
int ds_store_schema_version(const ds_store *st);

/* --- the spatial model's results (DESIGN.md §3.1), computed by the
 * planner from a ds_dataset and stored with it so that projections read
 * them instead of redoing the geometry. Strings are borrowed from the
 * dataset or owned by the arena; geometries are owned here. */

/* A site's share of an area: a LAD (code = LAD code) or a PCN area
 * (area = index into pcn_areas). Shares of one site sum to 1. */
typedef struct ds_site_share {
    const char *site_id;
    const char *code; /* LAD code; NULL for PCN shares */
    size_t area;      /* index into pcn_areas for PCN shares */
    double share, area_m2;
} ds_site_share;

/* An approximate PCN area: the union, within one place, of the Voronoi
 * cells of the premises of the PCN's practices. */
typedef struct ds_pcn_area {
    const char *pcn_code; /* NULL: practices in no PCN */
    const char *place;
    geo_wkb geom;
} ds_pcn_area;

/* The share of a site's new patients that goes to one practice. */
typedef struct ds_site_alloc {
    const char *site_id, *method, *practice_code;
    const char *premises_id; /* the practice's nearest premises, or NULL */
    double distance_m;       /* site polygon to that premises */
    double share;            /* of the site's new patients; sum 1 */
} ds_site_alloc;

/* How a site was allocated by one method. */
typedef struct ds_site_method {
    const char *site_id, *method;
    int fallback;     /* 1: the rule found no practice; nearest took all */
    const char *note; /* why, for people; NULL when nothing to say */
} ds_site_method;

typedef struct ds_spatial {
    ds_site_share *lad_shares, *pcn_shares;
    size_t nlad_shares, npcn_shares;
    ds_pcn_area *pcn_areas;
    size_t npcn_areas;
    ds_site_alloc *allocs;
    size_t nallocs;
    ds_site_method *methods;
    size_t nmethods;
    const char **param_ids; /* the assumptions the model used */
    double *param_values;
    size_t nparams;
    pc_strlist warnings;    /* in the arena */
    struct pc_arena *arena; /* owns the arrays and the strings it made */
} ds_spatial;

/* Releases sp and everything it owns; accepts NULL. */
void ds_spatial_free(ds_spatial *sp);

/* Replaces the store's dataset with ds and the spatial model sp built from
 * it (sp may be NULL), in one transaction: on any failure the store is left
 * exactly as it was. */
pc_status ds_store_import(ds_store *st, const ds_dataset *ds,
                          const ds_spatial *sp, pc_error *err);

/* Figures for one area (a place, or the whole system). */
typedef struct ds_area_summary {
    char name[256];
    long practices, pcns, patients, premises;
    long rooms_consult, rooms_treatment, rooms_other;
    long lads, sites, dwellings_10y, dwellings_total;
} ds_area_summary;

/* Row counts of a table and how many rows carry illustrative values. */
typedef struct ds_table_count {
    const char *table; /* static string */
    long rows, illustrative;
} ds_table_count;

typedef struct ds_summary {
    char name[128], title[256];
    int base_year;
    char list_date[16]; /* latest list date, YYYY-MM-DD */
    ds_area_summary system;
    ds_area_summary *places; /* sorted by name */
    size_t nplaces;
    ds_table_count tables[16];
    size_t ntables;
    long postcodes; /* postcode centroids held (0: none) */
} ds_summary;

/* Summarises the stored dataset per place and for the system. Returns
 * PC_ERR_NOTFOUND when the store holds no dataset. *out is owned by the
 * caller (ds_summary_free). */
pc_status ds_store_summary(ds_store *st, ds_summary **out, pc_error *err);
void ds_summary_free(ds_summary *s);

/* --- postcode centroids (ds_postcode.c) ---------------------------------- */

/* The centroid (e, n in EPSG:27700) of the postcode text (normalised by
 * ds_postcode_norm, the result in norm), by one indexed lookup. A text
 * that is no postcode, and a postcode the dataset does not hold, are
 * PC_ERR_INPUT: 'no postcode "CV99 9ZZ" in the dataset (22,989 postcodes,
 * NHS Coventry and Warwickshire ICB)'. Outputs untouched on failure. */
pc_status ds_store_postcode(ds_store *st, const char *text,
                            char norm[DS_POSTCODE_MAX], double *e, double *n,
                            pc_error *err);

/* How many postcodes the stored dataset has (0: none). */
pc_status ds_store_postcode_count(ds_store *st, long *out, pc_error *err);

/* --- reading sites and features back (ds_query.c) ---------------------- */

typedef struct ds_site_lad {
    const char *lad_code, *lad_name, *place;
    double share, area_m2;
} ds_site_lad;

typedef struct ds_site_pcn {
    const char *pcn_code; /* NULL: practices in no PCN */
    const char *pcn_name, *place;
    double share;
} ds_site_pcn;

typedef struct ds_site_practice {
    const char *code, *name;
    const char *premises_id, *premises_name; /* NULL without premises */
    double distance_m, share;
    long patients; /* at the latest list date */
} ds_site_practice;

/* A stored site with its overlay and its allocation by one method. */
typedef struct ds_site_view {
    const char *site_id, *name, *lad_code, *setting, *planning_status,
        *s106_position, *illustrative;
    long dwellings, dwellings_10y; /* total; from base_year for 10 years */
    int base_year;
    double area_ha;
    int geom_approx; /* a point with an area, drawn as a circle */
    ds_site_lad *lads;
    size_t nlads;
    ds_site_pcn *pcns;
    size_t npcns;
    const char *method;
    int fallback;
    const char *note; /* NULL when none */
    ds_site_practice *practices;
    size_t npractices;
    const char **param_ids; /* the assumptions the allocation used */
    double *param_values;
    size_t nparams;
    struct pc_arena *arena; /* owns everything above */
} ds_site_view;

/* Reads site site_id with its allocation by method ("huff", "nearest",
 * "catchment"). An unknown site is PC_ERR_NOTFOUND; a method the store has
 * no allocation for is PC_ERR_INPUT. *out is owned by the caller
 * (ds_site_view_free, which accepts NULL). */
pc_status ds_store_site(ds_store *st, const char *site_id, const char *method,
                        ds_site_view **out, pc_error *err);
void ds_site_view_free(ds_site_view *v);

typedef enum ds_layer {
    DS_LAYER_PREMISES,
    DS_LAYER_SITES,
    DS_LAYER_PLACES,
    DS_LAYER_LADS
} ds_layer;

/* "premises", "sites", "places", "lads". */
const char *ds_layer_name(ds_layer l);

typedef struct ds_feature {
    const char *id, *name;
    geo_wkb geom; /* BNG WKB, owned by the list's arena: do not free */
    long size;    /* premises: patient-facing rooms; sites: dwellings */
    const char **practice_codes, **practice_names; /* premises only */
    size_t npractices;
} ds_feature;

typedef struct ds_features {
    ds_feature *v; /* ordered by id */
    size_t n;
    struct pc_arena *arena;
} ds_features;

/* Features of a layer whose bounding box meets box (minx, miny, maxx,
 * maxy in BNG), found through the layer's R-tree index. *out is owned by
 * the caller (ds_features_free, which accepts NULL). */
pc_status ds_store_features_in_box(ds_store *st, ds_layer layer,
                                   const double box[4], ds_features **out,
                                   pc_error *err);

/* The one feature of a layer with this id; PC_ERR_NOTFOUND if none. */
pc_status ds_store_feature(ds_store *st, ds_layer layer, const char *id,
                           ds_features **out, pc_error *err);
void ds_features_free(ds_features *f);

/* --- the assumption register (ds_query.c) ------------------------------ */

typedef struct ds_assumption_row {
    const char *id, *unit, *source, *note; /* note may be NULL */
    double value;    /* the preset's value when it sets one, else default */
    double base;     /* the register's default value */
    int from_preset; /* 1 when the preset sets this assumption */
} ds_assumption_row;

typedef struct ds_assumption_list {
    const char *preset;   /* NULL: the register's defaults */
    ds_assumption_row *v; /* by id */
    size_t n;
    const char **presets; /* every preset the store knows, by name */
    size_t npresets;
    struct pc_arena *arena;
} ds_assumption_list;

/* The assumption register, with the values of preset (NULL for none). An
 * unknown preset is PC_ERR_NOTFOUND naming the known ones. *out is owned
 * by the caller (ds_assumption_list_free, which accepts NULL). */
pc_status ds_store_assumptions(ds_store *st, const char *preset,
                               ds_assumption_list **out, pc_error *err);
void ds_assumption_list_free(ds_assumption_list *l);

/* --- the whole dataset back from the store (ds_load.c) ------------------ */
#define DS_LOAD_GEOMETRY 1u /* also read geometries (WKB); else {NULL, 0} */

/* Rebuilds the stored dataset as a ds_dataset (and, when sp_out is not NULL,
 * the stored spatial model as a ds_spatial), arrays in the order the loader
 * produced them: what ds_dataset_load() and plan_spatial_build() gave to
 * ds_store_import(), field for field, with the same NAN, NULL, 0 and -1 for
 * absent values. Exceptions: dir is the directory the store recorded (NULL
 * if none); warnings are empty on both; attribution is NULL when the store
 * has none; and a store imported without a spatial model gives a
 * ds_spatial with every count 0; postcodes are not read back (npostcodes
 * is 0: look one up with ds_store_postcode). Geometries are read only with
 * DS_LOAD_GEOMETRY; without it every geo_wkb is {NULL, 0}.
 *
 * Everything is read in one read transaction (a savepoint, so the caller may
 * hold a transaction already), with one statement per table.
 *
 * On success *ds_out is owned by the caller (ds_dataset_free), and *sp_out
 * too (ds_spatial_free). *sp_out borrows the strings it shares with the
 * dataset (site ids, LAD, PCN, practice and premises codes, place names)
 * from *ds_out's arena; only the strings the dataset lacks (method names,
 * notes) are its own. So *sp_out is valid only while *ds_out lives: free
 * it first, or together.
 *
 * PC_ERR_NOTFOUND when the store holds no dataset; PC_ERR_DB with SQLite's
 * message (also when the store breaks the schema's own invariants, e.g. a
 * trajectory with a gap); PC_ERR_NOMEM. On failure the outputs are left
 * untouched and nothing is allocated. */
pc_status ds_store_load(ds_store *st, unsigned flags, ds_dataset **ds_out,
                        ds_spatial **sp_out, pc_error *err);

/* --- stored projection runs (ds_runs.c) -------------------------------- */

/* What identifies a run; the result is its JSON text (plan_run_json). */
typedef struct ds_run_info {
    const char *run_id, *input_hash, *dataset;
    const char *scenario, *preset; /* NULL when none */
    const char *method, *growth, *allocation;
    int base_year, years, draws;
    const char *label;   /* the user's name for it, not an input; NULL: none */
    const char *created; /* UTC "YYYY-MM-DDTHH:MM:SSZ" when first stored;
                            read only (NULL: stored before schema 8) */
} ds_run_info;

/* Stores a run unless the store has its run id already (same inputs, same
 * result). Runs are kept when a dataset is imported again, so that a run
 * on old data can be compared with one on new data. A run stored again
 * with a label takes that label (without one it keeps its own); created
 * is the time of the first store, or SOURCE_DATE_EPOCH's (seconds since
 * 1970, the reproducible-builds convention) when that is set, so that
 * tests can fix it. */
pc_status ds_store_run_put(ds_store *st, const ds_run_info *m,
                           const char *result, pc_error *err);

/* The stored run whose id is id or starts with it (4 to 16 hexadecimal
 * digits): its full id and result JSON, both owned by the caller
 * (free()). PC_ERR_NOTFOUND when none; PC_ERR_INPUT when the prefix
 * is malformed or names more than one run. */
pc_status ds_store_run_get(ds_store *st, const char *id, char **run_id,
                           char **result, pc_error *err);

typedef struct ds_run_list {
    ds_run_info *v; /* in the order they were first stored */
    size_t n;
    struct pc_arena *arena;
} ds_run_list;

/* Every stored run. *out is owned by the caller (ds_run_list_free, which
 * accepts NULL). */
pc_status ds_store_runs(ds_store *st, ds_run_list **out, pc_error *err);

/* --- stored programmes (ds_runs.c) ------------------------------------- */

/* What identifies a stored programme (a prioritise result); the result is
 * its JSON text (plan_programme_json). */
typedef struct ds_programme_info {
    const char *programme_id, *input_hash;
    const char *run_id;  /* the projection of its gaps */
    const char *label;   /* the user's name for it; NULL: none */
    const char *created; /* UTC "YYYY-MM-DDTHH:MM:SSZ"; read only */
    const char *solver;  /* "glpk" or "cbc" */
    const char *status;  /* the optimum's status: "optimal", ... */
    double budget_factor;
    const char *result; /* in a list: the JSON; ignored by put */
} ds_programme_info;

/* Stores a programme unless the store has its id already: as
 * ds_store_run_put does for runs (a label given later names it; created
 * is the first store's time, or SOURCE_DATE_EPOCH's). */
pc_status ds_store_programme_put(ds_store *st, const ds_programme_info *m,
                                 const char *result, pc_error *err);

/* The stored programme whose id is id or starts with it (4 to 16
 * hexadecimal digits): its full id and result JSON, both owned by the
 * caller (free()). PC_ERR_NOTFOUND when none; PC_ERR_INPUT when the
 * prefix is malformed or names more than one programme. */
pc_status ds_store_programme_get(ds_store *st, const char *id,
                                 char **programme_id, char **result,
                                 pc_error *err);

typedef struct ds_programme_list {
    ds_programme_info *v; /* in the order they were first stored */
    size_t n;
    struct pc_arena *arena;
} ds_programme_list;

/* Every stored programme, with its result. *out is owned by the caller
 * (ds_programme_list_free, which accepts NULL). */
pc_status ds_store_programmes(ds_store *st, ds_programme_list **out,
                              pc_error *err);
void ds_programme_list_free(ds_programme_list *l);

/* --- saved scenarios: a name and the scenario's JSON (canonical) -------- */

/* Saves json under name, replacing one of the same name. */
pc_status ds_store_scenario_put(ds_store *st, const char *name,
                                const char *json, pc_error *err);
/* The JSON saved under name (malloc'd: free()); PC_ERR_NOTFOUND naming
 * it when there is none. */
pc_status ds_store_scenario_get(ds_store *st, const char *name, char **json,
                                pc_error *err);
/* The names saved, in name order, appended to names in arena a. */
pc_status ds_store_scenario_names(ds_store *st, struct pc_arena *a,
                                  struct pc_strlist *names, pc_error *err);
void ds_run_list_free(ds_run_list *l);

#endif
