/* plan_assess.h: the health contribution a housing development should pay
 * (DESIGN.md §3.4), the planning officer's question.
 *
 * dwellings (and bedroom mix) -> residents (persons per dwelling) -> new
 * patients (x registration_rate x population_gain_factor) -> the practices
 * they would register with (the spatial model, §3.1) -> rooms they need
 * there (rooms per patient of the demand method, §3.3) -> less the spare
 * rooms of each of those practices today (use_spare_capacity) -> m2 (the
 * space method: rooms x gross_m2_per_room, that is patients x
 * m2_per_patient; other methods: rooms x clinical_room_m2 x (1 +
 * circulation_factor)) -> GBP (m2 x build_cost_gbp_per_m2 at 1 April of
 * build_cost_base_year x the index ratio to the as-of date x (1 + fees) x
 * (1 + contingency)) -> total and per dwelling. Every step is kept in a
 * trace with its value, unit, formula, assumption ids and data rows.
 *
 * Capacity is today's: a practice's list at the as-of date, its share of
 * its premises' rooms of the method's room types (split by list, with
 * schemes completed by the base year), and the rooms that list needs
 * (list x rooms per patient). Spare = rooms - required; a practice's spare
 * rooms serve only the new patients it receives. A stored site, alone
 * (plan_assess) or in the batch (plan_assess_all), shares each practice's
 * spare rooms with the other stored sites with homes left, in proportion
 * to the rooms each needs there, so the same room is never offered twice
 * and every view gives a site the same ask. A new development may use all
 * of its practices' spare rooms.
 *
 * The demand method is the scenario's, or `space` when it sets none: the
 * NHS's S106 representations price space per patient (120 m2 per 1,750
 * patients), and so do the contributions models planning authorities use.
 * The index ratio comes from the dataset's cost_index series when it has
 * one, else from the assumption build_cost_index.
 *
 * The model is plan_assess.c (its trace plan_assess_trace.c), the parsing
 * of what a user gives plan_assess_in.c, the views plan_assess_out.c. */
#ifndef PLAN_ASSESS_H
#define PLAN_ASSESS_H

#include "ds_store.h"
#include "geo.h"
#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_strlist.h"
#include "plan_scenario.h"
#include "plan_spatial.h"

struct cJSON; /* <cjson/cJSON.h> */

/* --- the development and the options (plan_assess_in.c) ---------------- */

/* What the ask is made of. */
typedef enum plan_form {
    PLAN_FORM_CAPITAL,         /* money only (default) */
    PLAN_FORM_LAND,            /* land only: no capital, the land recorded */
    PLAN_FORM_LAND_AND_CAPITAL /* land for the building and the capital */
} plan_form;

/* "capital", "land", "land_and_capital". */
const char *plan_form_name(plan_form f);
pc_status plan_form_parse(const char *s, plan_form *out, pc_error *err);

/* The development assessed: a stored site, or a new one given by its
 * geometry (EPSG:27700). */
typedef struct plan_dev {
    const char *site_id;  /* stored site; NULL for a new development */
    const geo_wkb *geom;  /* new development: its polygon, or NULL for a
                             point (e, n) */
    const char *source;   /* new development: "point" or "geojson" */
    const char *name;     /* NULL: the stored site's, or none */
    const char *postcode; /* a point placed at this postcode's centroid
                             (normalised, "CV1 2AB"); NULL: none */
    double lon, lat;      /* a point's, for people; NAN otherwise */
    double e, n;          /* a point's, EPSG:27700; NAN otherwise */
    double area_ha;       /* a point's area; NAN: dwellings /
                             dwellings_per_ha */
    int rural;            /* new development: setting for D_max */
    long dwellings;       /* 0: a stored site's homes still to be built */
    double mix[6];        /* percent by bedrooms 1..5; mix[1] NAN: none
                             (a stored site's own mix then applies) */
} plan_dev;

/* A dev with nothing set (NAN mix, lon, lat). */
plan_dev plan_dev_init(void);

/* Parses a bedroom mix "1:20,2:40,3:30,4:10" (percent; bands 1-5, 5 = five
 * or more; each band at most once; summing to 100 +- 0.5) into mix[1..5],
 * absent bands 0. PC_ERR_INPUT says what was expected. */
pc_status plan_parse_mix(const char *s, double mix[6], pc_error *err);

/* Reads a new development's outline from GeoJSON text (len bytes, `what`
 * names it in messages): a Polygon or MultiPolygon geometry, a Feature
 * with one, or a FeatureCollection of exactly one such Feature; WGS84
 * (RFC 7946), or EPSG:27700 when the collection or feature declares it in
 * a "crs" member as QGIS writes it. *out is the BNG MultiPolygon
 * (geo_wkb_free); *repaired is 1 when GEOS had to repair it. Anything else is
 * PC_ERR_INPUT naming what was expected. */
pc_status plan_dev_geojson(geo_ctx *geo, const char *json, size_t len,
                           const char *what, geo_wkb *out, int *repaired,
                           pc_error *err);

/* Parses a number of dwellings: an integer 1..100,000. */
pc_status plan_parse_dwellings(const char *s, long *out, pc_error *err);

typedef struct plan_assess_opts {
    const char *as_of; /* YYYY-MM-DD; NULL: plan_as_of(ds) */
    plan_form form;
    double land_ha; /* NAN: derived from m2 x land_m2_per_gia_m2 */
    /* the consultation the response answers (each optional): the
     * application's reference, the council, who the response goes to and
     * the ICB's contact; dates YYYY-MM-DD: the consultation's, the
     * response deadline (NULL: 21 days after the consultation) and the
     * date of issue (NULL: as_of) */
    const char *reference, *council, *addressee, *contact;
    const char *consulted, *deadline, *issued;
} plan_assess_opts;

#define PLAN_RESPONSE_DAYS 21 /* a consultee's usual time to respond */

plan_assess_opts plan_assess_opts_init(void);

/* Checks o's consultation dates (each a valid date, the deadline not
 * before the consultation) and texts (UTF-8); PC_ERR_INPUT says which and
 * what was expected. */
pc_status plan_assess_check_consultation(const plan_assess_opts *o,
                                         pc_error *err);

/* --- the assessment (plan_assess.c) ------------------------------------- */

typedef struct plan_assess_practice {
    const char *code, *name, *pcn, *place;
    const char *pcn_name; /* NULL when not in a PCN */
    /* its premises nearest the site's point (for the letter's map), BNG;
     * NULL and NAN when the site has no point */
    const char *near_premises;
    double near_e, near_n;
    double share, distance_m;
    double new_patients;
    double list, rooms, required_rooms;
    double spare_rooms;  /* rooms - required_rooms; < 0 short */
    const char *status;  /* "spare", "full" or "short" */
    double rooms_needed; /* by the development's patients here */
    double spare_used;
    double rooms_net;
    double counted_rooms;   /* the rooms the plan's other counted sites need
                               here (their claim on its spare rooms) */
    int rooms_illustrative; /* some of its premises' rooms are */
    const char **premises;  /* ids of the premises it uses */
    size_t npremises;
} plan_assess_practice;

typedef struct plan_trace_step {
    const char *step, *unit, *formula;
    double value;
    const char **assumptions;
    size_t nassumptions;
    const char **data; /* "table:id" rows */
    size_t ndata;
} plan_trace_step;

typedef struct plan_assess_assumption {
    const char *id, *unit, *source, *origin;
    double value;
    int illustrative;
} plan_assess_assumption;

typedef struct plan_assessment {
    const char *dataset, *dataset_title, *as_of, *preset, *scenario;
    /* the development */
    const char *site_id, *name, *source;
    const char *postcode; /* the point is this postcode's centroid (in
                             arena); NULL: not placed by postcode */
    double lon, lat, area_ha;
    int area_from_density; /* a point's area from dwellings_per_ha */
    const char *lad_code, *lad_name, *place, *planning_status;
    const char *s106_position;
    int site_illustrative;
    const char *site_marking; /* the site's illustrative marking */
    long dwellings, built;    /* built: a stored site's homes before the base
                                 year, not assessed */
    double mix[6];
    int mix_used;
    double persons_per_dwelling, residents, new_patients;
    /* demand */
    plan_demand demand;
    double k;
    unsigned room_types;
    const char *allocation, *allocation_note;
    int use_spare;
    plan_assess_practice *practices; /* by share, largest first */
    size_t npractices;
    double rooms_gross, spare_used, rooms_net;
    double m2;
    const char *m2_basis;
    /* cost */
    double base_gbp_per_m2, index_ratio, today_gbp_per_m2, fees, contingency,
        all_in_gbp_per_m2;
    const char *base_date, *index_basis;
    plan_form form;
    double land_ha; /* NAN unless the form includes land */
    double contribution_gbp, per_dwelling_gbp;
    const char *no_ask_reason; /* NULL when there is an ask */
    /* the site's representative point, EPSG:27700 (a point on its
     * surface); NAN in a batch assessment, which draws no map */
    double e, n;
    /* the consultation answered (plan_assess_opts; NULL when not given)
     * and the date of the lists the capacity evidence rests on */
    const char *reference, *council, *addressee, *contact, *consulted,
        *deadline, *issued, *list_date;
    /* what the money would fund: the dataset's schemes for the site, else
     * at the premises of the practices that need rooms, else in their
     * places (delivered ones left out) */
    const ds_scheme **schemes;
    size_t nschemes;
    /* a new development lying mostly inside a stored site the plan counts:
     * that site's id and the share of the development inside it */
    const char *within_site;
    double within_share;
    int spare_net_of_sites; /* spare rooms net of the counted sites' needs */
    const char *triggers;   /* suggested */
    int spend_period_years;
    plan_trace_step *trace;
    size_t ntrace;
    plan_assess_assumption *assumptions; /* used, by id */
    size_t nassumptions;
    const char **illustrative; /* what the figures rest on that is */
    size_t nillustrative;
    pc_strlist warnings;    /* in arena */
    struct pc_arena *arena; /* owns everything above */
} plan_assessment;

/* Assesses one development. ds and sp come from ds_store_load (with
 * DS_LOAD_GEOMETRY for a new development) and sp must match the
 * scenario's spatial assumptions (plan_project_spatial). An unknown site,
 * a stored site with no homes left to build and no dwellings given, or
 * a development outside the dataset's LADs is PC_ERR_INPUT.
 *
 * A new development is placed with the spatial model's indexes (premises,
 * LADs, PCN areas) for the scenario's spatial assumptions, and its
 * practices' spare rooms are netted of the rooms the counted sites need
 * there. With cache NULL both are made and freed by the call; otherwise
 * each is taken from the cache when it was made for the same assumptions
 * (the indexes) or the same base run (the counted sites' needs, by its
 * input hash), and replaced when it was not: the caller keeps the cache
 * for the next assessment on the same ds and frees it with
 * plan_assess_cache_free. */
typedef struct plan_assess_base plan_assess_base;
typedef struct plan_assess_needs plan_assess_needs;
typedef struct plan_assess_cache {
    plan_assess_base *base; /* the base-year run and indexes last made */
    plan_spatial *spatial;  /* the indexes new developments were placed with */
    geo_areas *counted;     /* the stored sites the plan counts, which new
                               developments are overlaid on (depends on ds
                               alone) */
    plan_assess_needs *needs; /* the rooms each counted site needs at each
                                 practice, and in all, for one base run */
} plan_assess_cache;
void plan_assess_cache_free(plan_assess_cache *c); /* the members; NULL-safe */

pc_status plan_assess(geo_ctx *geo, const ds_dataset *ds, const ds_spatial *sp,
                      const plan_scenario *sc, const plan_dev *dev,
                      const plan_assess_opts *o, plan_assess_cache *cache,
                      plan_assessment **out, pc_error *err);
void plan_assessment_free(plan_assessment *a);

/* Every stored site with homes still to build, sharing the practices'
 * spare rooms among them (see above). *out holds *n assessments by site id
 * (plan_assessments_free). */
pc_status plan_assess_all(const ds_dataset *ds, const ds_spatial *sp,
                          const plan_scenario *sc, const plan_assess_opts *o,
                          plan_assessment ***out, size_t *n, pc_error *err);
void plan_assessments_free(plan_assessment **v, size_t n);

/* --- views (plan_assess_out.c) ------------------------------------------ */

/* How a's spare rooms were netted of the plan's counted sites, as a
 * sentence for people (NULL when they were not). */
const char *plan_assess_spare_basis(const plan_assessment *a);

/* The JSON document (pcplan-site-assessment/1): keys assessment, dataset,
 * dataset_title, as_of, preset, scenario, site {...}, dwellings, built,
 * mix, persons_per_dwelling, residents, new_patients, method, method_note,
 * rooms_per_patient, rooms_counted, allocation, allocation_note,
 * use_spare_capacity, practices [...], rooms_needed_gross, spare_used,
 * rooms_needed_net, m2, m2_basis, cost {...}, form, land_ha,
 * contribution_gbp, per_dwelling_gbp, no_ask_reason, suggested {triggers,
 * spend_period_years}, trace, assumptions, illustrative, warnings.
 * *out is a cJSON tree owned by the caller (cJSON_Delete); on failure
 * (PC_ERR_NOMEM) *out is NULL. plan_assessment_json prints that tree;
 * plan_assessment_table is the same for people. */
pc_status plan_assessment_cjson(const plan_assessment *a, struct cJSON **out,
                                pc_error *err);
pc_status plan_assessment_json(const plan_assessment *a, pc_buf *out,
                               pc_error *err);
pc_status plan_assessment_table(const plan_assessment *a, pc_buf *out,
                                pc_error *err);

/* The batch as a table, CSV (one row per site; header row; numbers
 * without thousands separators) or JSON ({assessment
 * "pcplan-site-assessments/1", as_of, method, spare_capacity, sites [...],
 * totals}). */
pc_status plan_assessments_table(plan_assessment *const *v, size_t n,
                                 pc_buf *out, pc_error *err);
pc_status plan_assessments_csv(plan_assessment *const *v, size_t n, pc_buf *out,
                               pc_error *err);
/* The batch's JSON document as a cJSON tree: *out is owned by the caller
 * (cJSON_Delete). On failure (PC_ERR_NOMEM) *out is NULL. The text of
 * plan_assessments_json is this tree printed. */
pc_status plan_assessments_cjson(plan_assessment *const *v, size_t n,
                                 struct cJSON **out, pc_error *err);
pc_status plan_assessments_json(plan_assessment *const *v, size_t n,
                                pc_buf *out, pc_error *err);

#endif
