/* plan_scenario.h: a scenario, the choices a projection run is made with
 * (DESIGN.md §3.7): an assumption preset and overrides, the demand, growth
 * and allocation methods, housing delivery (rate factor and slippage), which
 * sites and schemes count and when schemes start, the capital
 * prioritisation's choices, the horizon and the Monte Carlo draws.
 *
 * A scenario comes from a JSON file (datasets/FORMAT.md, "Scenario files")
 * and from a front end's choices, set key by key from text
 * (plan_scenario_set), which win over the file. Both go through one table
 * of keys, types and ranges, so they accept the same values. Every field
 * has an "unset" value so that the two can be merged and the run can fill
 * in defaults; plan_scenario_canonical() gives the merged scenario as one
 * canonical JSON text for hashing and for the run record. */
#ifndef PLAN_SCENARIO_H
#define PLAN_SCENARIO_H

#include "pc_buf.h"
#include "pc_error.h"

#include <stddef.h>
#include <stdint.h>

/* The "format" a scenario file may declare, and the largest file
 * plan_scenario_load() reads. */
#define PLAN_SCENARIO_FORMAT    "pcplan-scenario/1"
#define PLAN_SCENARIO_MAX_BYTES (1024 * 1024)

/* Room demand methods (DESIGN.md §3.3). */
typedef enum plan_demand {
    PLAN_DEMAND_UNSET = -1,
    PLAN_DEMAND_GP_FTE = 0, /* "gp_fte" */
    PLAN_DEMAND_ACTIVITY,   /* "activity" */
    PLAN_DEMAND_RATIO,      /* "ratio" */
    PLAN_DEMAND_SPACE       /* "space" */
} plan_demand;

/* List growth methods (DESIGN.md §3.2). */
typedef enum plan_growth {
    PLAN_GROWTH_UNSET = -1,
    PLAN_GROWTH_HOUSING = 0, /* "housing" */
    PLAN_GROWTH_TREND,       /* "trend" */
    PLAN_GROWTH_MAX          /* "max" */
} plan_growth;

/* The names above; "?" for UNSET or any other value. */
const char *plan_demand_name(plan_demand d);
const char *plan_growth_name(plan_growth g);
/* PC_ERR_INPUT naming the accepted values for anything else. */
pc_status plan_demand_parse(const char *s, plan_demand *out, pc_error *err);
pc_status plan_growth_parse(const char *s, plan_growth *out, pc_error *err);

/* A list of ids (sites, schemes, planning statuses). */
typedef struct plan_ids {
    char **v;
    size_t n;
    int set; /* 1 when the scenario gave the list (even empty) */
} plan_ids;

typedef struct plan_scenario {
    char *label;          /* "scenario FILE" when read from FILE
                           * (plan_scenario_load), for messages; NULL */
    char *name;           /* NULL: unnamed */
    char *description;    /* NULL: none */
    char *preset;         /* NULL: the register's defaults */
    plan_demand demand;   /* the growth method: rooms the new patients need */
    plan_demand capacity; /* the capacity method: the whole list's rooms */
    plan_growth growth;
    char *allocation; /* "huff", "nearest", "catchment"; NULL: unset */
    int years;        /* horizon in years after the base year; 0: unset */
    /* Housing delivery: a site builds in k years what its trajectory plans
     * for factor x k years, starting slippage_years later. */
    double delivery_factor; /* NAN: unset */
    int slippage_years;     /* INT_MIN: unset */
    int slippage_set;       /* 1 when slippage_years was given */
    /* Assumption overrides, applied after the preset; ids in file order. */
    char **override_ids;
    double *override_values;
    size_t noverrides;
    plan_ids sites_exclude;   /* these sites do not count */
    plan_ids sites_only;      /* when set, only these sites count */
    plan_ids planning_status; /* when set, only sites with these statuses */
    plan_ids schemes_include; /* candidate schemes counted as if committed */
    plan_ids schemes_exclude; /* committed schemes left out */
    /* schemes.start: start years that replace earliest_start; ids in file
     * order */
    char **start_ids;
    int *start_years;
    size_t nstarts;
    int draws;     /* Monte Carlo draws; 0: unset (none) */
    uint64_t seed; /* used when seed_set */
    int seed_set;
    /* capital: the choices of the capital prioritisation (plan_prio) */
    int carry_forward;        /* -1 unset, 0, 1 */
    double icb_budget_factor; /* NAN unset */
    double rent_limit_gbp;    /* NAN unset */
    int s106_requested;       /* -1 unset */
    double time_limit_s;      /* NAN unset */
    double mip_gap;           /* NAN unset */
    char *solver;             /* "glpk" or "cbc"; NULL unset */
} plan_scenario;

/* A scenario with every field unset. Owned by the caller
 * (plan_scenario_free). NULL when out of memory. */
plan_scenario *plan_scenario_new(void);
void plan_scenario_free(plan_scenario *s);

/* Parses and validates a scenario held in memory (len bytes, need not be
 * NUL-terminated). `what` names the source in messages (e.g. the file
 * path). Unknown keys, wrong types and out-of-range values are
 * PC_ERR_INPUT naming the key path ("delivery.factor") and what was
 * expected. On success *out is owned by the caller. */
pc_status plan_scenario_parse(const char *json, size_t len, const char *what,
                              plan_scenario **out, pc_error *err);

struct cJSON;

/* The same for a scenario already parsed as JSON (a request body): root
 * is read, not kept. Its strings must be UTF-8 (pc_json_parse checks). */
pc_status plan_scenario_from_cjson(const struct cJSON *root, const char *what,
                                   plan_scenario **out, pc_error *err);

/* Reads and parses the scenario file at path (PC_ERR_IO when unreadable). */
pc_status plan_scenario_load(const char *path, plan_scenario **out,
                             pc_error *err);

/* The keys with a single value, as a file writes them ("years",
 * "delivery.factor", "monte_carlo.seed"), with what each accepts. */
typedef enum plan_key_type {
    PLAN_KEY_NAME,       /* 1 to 64 of A-Z a-z 0-9 . _ - */
    PLAN_KEY_TEXT,       /* a string of at most max characters */
    PLAN_KEY_PRESET,     /* a non-empty string of at most max characters */
    PLAN_KEY_DEMAND,     /* gp_fte, activity, ratio or space */
    PLAN_KEY_GROWTH,     /* housing, trend or max */
    PLAN_KEY_ALLOCATION, /* huff, nearest or catchment */
    PLAN_KEY_SOLVER,     /* glpk or cbc */
    PLAN_KEY_INT,        /* an integer from min to max */
    PLAN_KEY_SEED,       /* an integer from min to max (a 64-bit seed) */
    PLAN_KEY_NUMBER,     /* a number from min to max (bounds open when set) */
    PLAN_KEY_BOOL        /* true or false */
} plan_key_type;

typedef struct plan_scenario_key {
    const char *key; /* the key path in a scenario file */
    plan_key_type type;
    double min;
    int min_open; /* 1: greater than min */
    double max;
    int max_open;         /* 1: less than max */
    const char *expected; /* for messages: "an integer", "a number", ... */
} plan_scenario_key;

/* The table: plan_scenario_nkeys() entries, by position or by key (NULL
 * when unknown). Static; never freed. */
size_t plan_scenario_nkeys(void);
const plan_scenario_key *plan_scenario_key_at(size_t i);
const plan_scenario_key *plan_scenario_key_find(const char *key);

/* Sets one key of sc from text, validated as a scenario file's value of
 * that key is: the text is read as the JSON value a file would hold (a
 * number or true/false when the key takes a number or a flag; else a
 * string), so the same values are accepted with the same messages (key
 * "years": expected an integer from 1 to 50, got 0). Key
 * "assumptions.<id>" sets the override of assumption <id>, read as a
 * file's {"assumptions": {"<id>": text}} is (an assumption id and a number
 * of at least 0; whether the register has the id, and its range, are
 * checked where the run applies and reads it: plan_params). An unknown key
 * is PC_ERR_INPUT naming the keys there are; on any failure sc is
 * unchanged. */
pc_status plan_scenario_set(plan_scenario *sc, const char *key,
                            const char *text, pc_error *err);

/* Copies every field that is set in `over` onto s (lists replace lists;
 * assumption overrides and scheme start years of the same id replace, new
 * ids are appended). */
pc_status plan_scenario_merge(plan_scenario *s, const plan_scenario *over,
                              pc_error *err);

/* The scenario as canonical JSON (fixed key order, unset fields omitted,
 * numbers in the shortest of %.15g, %.16g, %.17g that reads back exactly),
 * appended to out: same scenario, same bytes. */
pc_status plan_scenario_canonical(const plan_scenario *s, pc_buf *out,
                                  pc_error *err);

/* What messages call the scenario sc: "scenario FILE" for one read from
 * a file, else "scenario" (sc may be NULL). Borrowed from sc. */
const char *plan_scenario_label(const plan_scenario *sc);

#endif
