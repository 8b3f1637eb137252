/* rpt_letter_int.h: what the files of the letter share, and nothing
 * outside them sees.
 *
 * rpt_letter_read.c reads a site assessment into a `letter`, checking
 * every key the letter uses; rpt_letter.c writes the letter's heading,
 * summary, impact, capacity, sign-off and appendices, and
 * rpt_letter_tests.c the three CIL Regulation 122 tests, the ask and the
 * note on illustrative values, all through the shared document writer
 * (rpt_doc.h). */
#ifndef RPT_LETTER_INT_H
#define RPT_LETTER_INT_H

#include "pc_buf.h"
#include "pc_error.h"
#include "rpt_doc.h"
#include "rpt_letter.h"

#include <stddef.h>

#define MINUS "\xe2\x88\x92" /* U+2212, for rooms short */
#define TOP   5 /* practices named in test (b); the rest are counted */

typedef struct practice {
    const char *code, *name;
    const char *pcn, *place; /* NULL when unknown */
    const char *pcn_name;    /* NULL when unknown */
    const char *status;      /* "spare", "full" or "short" */
    double share, distance_m, new_patients, list, rooms, required_rooms,
        spare_rooms, rooms_needed, spare_used, rooms_net;
    int has_distance;
    int rooms_illustrative;
    double near_e, near_n; /* its premises nearest the site; NAN: none */
} practice;

typedef struct letter {
    const char *dataset, *title, *as_of, *preset, *scenario;
    char date[48]; /* as_of, "1 April 2026" */
    /* the consultation answered (NULL or "" when not given) */
    const char *reference, *council, *addressee, *contact;
    char issued[48], consulted[48], deadline[48], list_date[48];
    const cJSON *schemes; /* the place's schemes, or NULL */
    /* site */
    const char *site_id, *site_name, *lad_name, *place, *planning_status;
    const char *postcode; /* placed at this postcode's centroid; NULL */
    double lon, lat, area_ha;
    int has_lonlat, has_area;
    double e, n; /* the site's point, EPSG:27700; NAN: no map */
    /* residents and patients */
    double dwellings, ppd, residents, new_patients;
    double mix[6]; /* percent by bedrooms, [1]..[5] */
    int has_mix[6], any_mix;
    /* capacity */
    const char *method, *method_note, *allocation, *allocation_note;
    const char *spare_basis;    /* how spare rooms were netted of the plan's
                                   sites; NULL: not said */
    const cJSON *rooms_counted; /* array of strings */
    int use_spare;
    practice *pr; /* owned */
    size_t npr;
    double gross, spare_used, net, m2;
    const char *m2_basis;
    /* cost */
    double base_gbp, index_ratio, today_gbp, fees, contingency, all_in_gbp;
    const char *index_basis, *cost_source;
    char base_date[48];
    /* the ask */
    int form_capital, form_land;
    double land_ha, gbp, per_dwelling;
    int has_land;
    const char *no_ask_reason;
    int ask_capital, ask_land, ask;
    pc_buf triggers; /* owned: the payment triggers in words */
    double spend_years;
    int has_suggested;
    /* appendices */
    const cJSON *trace, *illustrative, *warnings;
} letter;

/* --- rpt_letter_read.c ---------------------------------------------- */

/* Reads the assessment j into *L (zeroed by the caller, L->triggers set
 * up), checking every key the letter uses. Strings stay borrowed from j;
 * L->pr is malloc'd (the caller frees it). PC_ERR_INPUT names the key. */
pc_status rpt_letter_read(const cJSON *j, letter *L, pc_error *err);

/* --- rpt_letter.c: pieces the tests and the ask also write ----------- */

/* How many practices rpt_letter_practice_names() names. */
size_t rpt_letter_named_count(const letter *L, int only_needing);
/* The practices (those still needing rooms when only_needing and any do,
 * else all) as "A, B and C". */
void rpt_letter_practice_names(rpt_doc *d, const letter *L, int only_needing);
/* The distinct PCN codes (with places, the places) of those practices,
 * "U1, U2" ("A and B" for places); returns how many. With dry, writes
 * nothing. */
int rpt_letter_distinct(rpt_doc *d, const letter *L, int only_needing,
                        int places, int dry);
/* The strings of an array (checked when read) as a bulleted list. */
void rpt_letter_bullets(rpt_doc *d, const cJSON *strings);
/* Why nothing is asked for, as a sentence. */
void rpt_letter_no_ask_reason(rpt_doc *d, const letter *L);

/* --- rpt_letter_tests.c ---------------------------------------------- */

/* The three tests of CIL Regulation 122, each with the figures behind it. */
void rpt_letter_tests(rpt_doc *d, const letter *L);
/* What is asked for: the contribution, its form, triggers and spending. */
void rpt_letter_ask(rpt_doc *d, const letter *L);
/* The note on figures that are illustrative rather than from data. */
void rpt_letter_illustrative(rpt_doc *d, const letter *L);

#endif
