/* plan_project.h: the projection (DESIGN.md §3.2, §3.3, §3.7).
 *
 * For every practice, PCN, place and the system, by year from the base year
 * to the horizon: registered patients, the new patients since the base
 * year, the rooms those new patients need (growth rooms, the strategy's
 * measure), the rooms the whole list needs, the rooms in use, and the gap
 * (needed minus in use; negative = spare).
 *
 * Timing. The row for year t is the position at the start of year t: the
 * base year's row is the latest list sizes, and the homes completed in
 * years base..t-1 have added their residents by row t. A scheme adds its
 * rooms from the row of the year it completes; a scheme completed by the
 * base year is taken to be in the premises data already.
 *
 * List growth, per practice p and year t:
 *  - housing: a site's new homes x persons per dwelling (by bedroom band
 *    when its mix is known and use_bedroom_mix is 1) x registration_rate x
 *    population_gain_factor, split by the site's LAD shares and allocated
 *    to practices by the stored spatial allocation;
 *  - trend: list_p x (P_lad,t / P_lad,base - 1) for the practice's LAD;
 *  - max: per LAD L and year, housing-led growth from the sites in L if it
 *    is at least the trend growth of the practices in L, else that trend.
 * Room demand is linear in patients, rooms = patients x k, with k from the
 * method's assumptions (see plan_demand_k). The rooms a method is compared
 * with depend on what its assumptions count: consult rooms for gp_fte and
 * ratio, consult and treatment rooms for activity, every patient-facing
 * room for space. A premises' rooms are split among its practices by list.
 *
 * Monte Carlo (draws > 0): each draw gives every site a build-out rate
 * factor ~ N(mc_delivery_rate_mean, mc_delivery_rate_sd) (at least 0) and,
 * for sites not started by the base year, a start delay of
 * max(0, round(N(mc_start_delay_mean_years, mc_start_delay_sd_years)))
 * years; per place and year it reports the share of draws in which the
 * place is short of rooms (gap > 0) and the 10th, 50th and 90th
 * percentiles of the gap. The generator is xoshiro256** seeded by
 * splitmix64 from the seed: same seed, same draws. */
#ifndef PLAN_PROJECT_H
#define PLAN_PROJECT_H

#include "ds_store.h"
#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_strlist.h"
#include "plan_params.h"
#include "plan_scenario.h"
#include "plan_spatial.h"

struct cJSON;

typedef struct plan_year {
    int year;
    double patients, new_patients;
    double growth_rooms;   /* k x new_patients */
    double required_rooms; /* k x patients */
    double rooms;          /* in use, counted types */
    double gap;            /* required_rooms - rooms */
} plan_year;

/* Monte Carlo results for one area and year. */
typedef struct plan_mc_year {
    double p_short; /* share of draws with gap > 0 */
    double gap_p10, gap_p50, gap_p90;
} plan_mc_year;

typedef struct plan_area {
    const char *code;  /* practice or PCN code; place name; system code */
    const char *name;  /* for people */
    const char *place; /* the place of a practice or PCN; NULL otherwise */
    const char *pcn;   /* a practice's PCN code (NULL: none) */
    plan_year *years;  /* nyears */
    plan_mc_year *mc;  /* places and system when draws > 0; else NULL */
    /* places and system: rooms of counted schemes without premises (not
     * yet any practice's), included in years[].rooms; else NULL */
    double *new_premises_rooms;
} plan_area;

/* The assumptions a run used, with where each value came from. */
typedef struct plan_used_assumption {
    const char *id;
    double value;
    const char *origin; /* "default", "preset", "scenario" or "derived" */
} plan_used_assumption;

/* Per LAD and year under growth max: which growth counted. */
typedef struct plan_lad_year {
    double trend, housing;
    int used_housing;
} plan_lad_year;

typedef struct plan_lad_trace {
    const char *code, *name, *place;
    plan_lad_year *years; /* nyears */
} plan_lad_trace;

typedef struct plan_site_trace {
    const char *site_id;
    double persons_per_dwelling; /* mix-weighted where used */
    int mix_used;
    double homes;        /* new homes from the base year to the horizon */
    double new_patients; /* at the horizon, before the max rule */
} plan_site_trace;

typedef struct plan_scheme_trace {
    const char *scheme_id, *place, *premises_id, *status;
    int year;     /* first row with its rooms */
    double rooms; /* counted types */
    int in_base;  /* completed by the base year: already in the premises */
} plan_scheme_trace;

/* How much of a run stands on illustrative values (marked so in the data,
 * datasets/FORMAT.md), so that outputs can say so. */
typedef struct plan_illustrative {
    size_t premises, npremises; /* premises whose rooms are illustrative */
    size_t sites, nsites;       /* counted sites with illustrative
                                   trajectories */
    size_t schemes, nschemes;   /* schemes adding rooms in the horizon
                                   with illustrative rooms or years */
    const char **assumptions;   /* used, with a source marked illustrative */
    size_t nassumptions;
} plan_illustrative;

typedef struct plan_run {
    char run_id[13];     /* the first 12 hex digits of input_hash */
    char input_hash[17]; /* FNV-1a 64 of every input, in hex */
    const char *dataset, *scenario, *preset; /* NULL when none; dataset
                                                borrowed from ds, the others
                                                copies */
    const char *scenario_json; /* the scenario as run, canonical JSON */
    plan_demand demand;        /* the growth method: growth_rooms */
    plan_demand capacity;      /* the capacity method: required_rooms, gap */
    plan_growth growth;
    plan_method allocation;
    int base_year, years; /* rows base_year .. base_year + years */
    int nyears;           /* years + 1 */
    const char *list_date;
    double k;            /* rooms per new patient, by the growth method */
    double k_capacity;   /* rooms per patient, by the capacity method */
    unsigned room_types; /* PLAN_ROOM_* in use, as the capacity method
                            counts them */
    double delivery_factor;
    int slippage_years;
    int draws;
    unsigned long long seed;
    plan_area system;
    plan_area *places, *pcns, *practices;
    size_t nplaces, npcns, npractices;
    plan_used_assumption *assumptions; /* by id */
    size_t nassumptions;
    plan_lad_trace *lads;
    size_t nlads;
    plan_site_trace *sites; /* the counted sites, by id */
    size_t nsites;
    plan_scheme_trace *schemes;
    size_t nschemes;
    plan_illustrative illustrative;
    pc_strlist warnings;    /* in arena */
    struct pc_arena *arena; /* owns everything above */
} plan_run;

/* Projects the dataset ds with its spatial model sp under scenario sc
 * (unset fields take defaults: no preset, gp_fte, max, huff, 10 years,
 * delivery factor 1, no slippage, no draws, seed mc_seed). An unknown
 * preset is PC_ERR_NOTFOUND naming the known ones; an unknown assumption,
 * site or scheme id, a missing assumption or projection year, or an
 * allocation the store lacks is PC_ERR_INPUT naming it; so is a spatial
 * model sp made with other spatial assumptions than the run's (see
 * plan_project_spatial). Strings in the run are borrowed from ds (and the
 * scenario's from the run's arena): free the run before ds. *out is owned
 * by the caller (plan_run_free). */
pc_status plan_project(const ds_dataset *ds, const ds_spatial *sp,
                       const plan_scenario *sc, plan_run **out, pc_error *err);
void plan_run_free(plan_run *r);

/* The longest label a run takes, in characters. */
#define PLAN_LABEL_MAX 80

/* PC_OK when label can name a run (or a programme): 1 to PLAN_LABEL_MAX
 * characters of UTF-8 text without control characters; else PC_ERR_INPUT
 * saying what was expected. A label is a name, not an input: it is not in
 * a run's input hash, id or JSON. */
pc_status plan_label_check(const char *label, pc_error *err);

/* The spatial model for a run: sp when the run's preset and overrides
 * leave the spatial assumptions (huff_*, dmax_*) as sp was made with
 * (*out = NULL), else a new allocation of every site with the run's values
 * (plan_spatial_build; *out owned by the caller, ds_spatial_free), which
 * needs ds's geometries (ds_store_load with DS_LOAD_GEOMETRY). plan_project
 * refuses a spatial model made with other values than the run's. */
pc_status plan_project_spatial(geo_ctx *geo, const ds_dataset *ds,
                               const ds_spatial *sp, const plan_scenario *sc,
                               ds_spatial **out, pc_error *err);

/* Detail levels of the outputs. */
typedef enum plan_detail {
    PLAN_DETAIL_PLACE,   /* system and places */
    PLAN_DETAIL_PCN,     /* and PCNs */
    PLAN_DETAIL_PRACTICE /* and PCNs and practices */
} plan_detail;

/* JSON keys: run_id, input_hash, dataset, scenario, preset, method,
 * growth, allocation, base_year, years, list_date, rooms_per_patient,
 * method_note, scenario_definition (the scenario as run), rooms_counted,
 * delivery {factor, slippage_years}, monte_carlo {draws, seed} or null, system
 * and places [{name, years [{year, patients, new_patients, growth_rooms,
 * required_rooms, rooms, gap[, p_short, gap_p10, gap_p50, gap_p90]}],
 * new_premises_rooms}], pcns and practices with the detail, lads, sites,
 * schemes, assumptions, illustrative {premises, sites, schemes (each
 * {illustrative, of}), assumptions}, warnings. Patients carry 1 decimal,
 * rooms 2. */
pc_status plan_run_json(const plan_run *r, plan_detail detail, pc_buf *out,
                        pc_error *err);
/* The same document as a cJSON tree: *out is owned by the caller
 * (cJSON_Delete). On failure (PC_ERR_NOMEM) *out is left untouched and
 * nothing is allocated. plan_run_json prints this tree. */
pc_status plan_run_cjson(const plan_run *r, plan_detail detail,
                         struct cJSON **out, pc_error *err);
/* Tables per place and for the system (and per PCN or practice with the
 * detail). */
pc_status plan_run_table(const plan_run *r, plan_detail detail, pc_buf *out,
                         pc_error *err);

#endif
