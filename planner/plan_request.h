/* plan_request.h: the options of a request that are not scenario keys
 * (plan_scenario_set), parsed from text the same way for every front end:
 * the detail of a run's output, a date, the contributions ledger's warning
 * window. Messages say what was expected; the front end names its option
 * and the text given. */
#ifndef PLAN_REQUEST_H
#define PLAN_REQUEST_H

#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_assess.h"
#include "plan_project.h"
#include "plan_scenario.h"

#include <cjson/cJSON.h>

/* "place", "pcn" or "practice"; PC_ERR_INPUT otherwise ("expected place,
 * pcn or practice, got X"). */
pc_status plan_request_detail(const char *text, plan_detail *out,
                              pc_error *err);

/* A valid calendar date YYYY-MM-DD; PC_ERR_INPUT otherwise. */
pc_status plan_request_date(const char *text, pc_error *err);

/* A whole number of years from 0 to PLAN_REQUEST_WARN_MAX. */
#define PLAN_REQUEST_WARN_MAX 50
pc_status plan_request_warn_years(const char *text, int *out, pc_error *err);

/* --- a site assessment asked for as one JSON object ---------------------
 * Keys (values strings, or numbers and booleans where they are figures, so
 * that a query string read into an object of strings reads the same):
 *   where, one of: "site" (a stored site's id); "lon" and "lat" (WGS84
 *   degrees, a point in Great Britain); "postcode" (a postcode of the
 *   stored dataset's postcodes.csv, in any case and spacing: the site is
 *   placed at its centroid); "boundary" (GeoJSON in WGS84: a
 *   Polygon or MultiPolygon, a Feature with one, or a FeatureCollection of
 *   one such Feature; an object, or its text);
 *   "dwellings" (required for a new development), "mix" ("1:20,2:40,..."),
 *   "name", "area_ha", "rural" (true/false), "form" (capital, land or
 *   both), "land_ha", "as_of" (YYYY-MM-DD);
 *   "scenario" (an object in the scenario file's format), then "preset",
 *   "method" and "allocation" over it.
 * Unknown keys and bad values are PC_ERR_INPUT naming the key and what was
 * expected, with the command line's messages for the same values. */
typedef struct plan_assess_req {
    plan_dev dev; /* its strings borrow from the object read */
    plan_assess_opts opts;
    geo_wkb outline;     /* a boundary's, in BNG; owned */
    plan_scenario *over; /* the request's scenario keys; owned */
    int repaired;        /* the boundary was not valid and was repaired */
    char postcode[DS_POSTCODE_MAX]; /* "postcode", normalised (dev.postcode
                                       points here); "" when not given */
} plan_assess_req;

/* Reads obj into *out (owned by the caller: plan_assess_req_free, also
 * after a failure). obj must outlive *out, and *out must not move (dev
 * points into it). st is the store a "postcode" is looked up in (NULL: a
 * postcode is refused). */
pc_status plan_assess_req_read(geo_ctx *geo, ds_store *st, const cJSON *obj,
                               plan_assess_req *out, pc_error *err);
void plan_assess_req_free(plan_assess_req *q);

#endif
