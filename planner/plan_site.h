/* plan_site.h: the planning officer's spatial questions, answered from the
 * store: where a site lies and whose patients its residents become (one
 * site, or the list of them), and what lies near a point or a premises.
 * Views come as JSON (for the CLI and the HTTP API) or as text tables;
 * every function appends to a pc_buf. */
#ifndef PLAN_SITE_H
#define PLAN_SITE_H

#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"

/* One site: the site, its LAD/place/PCN shares with the dwellings they
 * take, and the practices its patients go to by the stored method. JSON
 * keys: site_id, name, ..., areas [{lad_code, lad_name, place, share,
 * dwellings}], places, pcns, method, fallback, note, practices [{code,
 * name, premises_id, premises_name, distance_m, share, patients}],
 * assumptions. */
pc_status plan_site_json(const ds_site_view *v, pc_buf *out, pc_error *err);
pc_status plan_site_table(const ds_site_view *v, pc_buf *out, pc_error *err);

/* Every stored site, by id. */
pc_status plan_site_list(ds_store *st, int json, pc_buf *out, pc_error *err);

/* Parses "LON,LAT" in degrees (WGS84) into BNG metres, checking it is a
 * point in Great Britain. PC_ERR_INPUT says what was expected. */
pc_status plan_parse_lonlat(geo_ctx *geo, const char *s, double *lon,
                            double *lat, double *e, double *n, pc_error *err);

/* Parses a search radius in metres: a number > 0 and <= 50,000; NULL
 * (not given) is PLAN_NEAR_RADIUS_M. */
#define PLAN_NEAR_RADIUS_M 2000.0
pc_status plan_parse_radius(const char *s, double *out, pc_error *err);

/* The centroid of the postcode `text` from the stored dataset's postcodes
 * (ds_store_postcode): its normalised form in norm, the point in BNG
 * metres and WGS84 degrees. A malformed or unknown postcode is
 * PC_ERR_INPUT saying what was expected or what the dataset holds. */
pc_status plan_postcode_point(ds_store *st, geo_ctx *geo, const char *text,
                              char norm[DS_POSTCODE_MAX], double *lon,
                              double *lat, double *e, double *n, pc_error *err);

/* Near a point: premises within radius_m of the point (e, n), nearest
 * first, with their practices. A point outside every place of the dataset
 * is PC_ERR_INPUT. lon/lat are echoed in the output, and postcode (NULL:
 * none) as the postcode whose centroid the point is. */
pc_status plan_near_point(ds_store *st, geo_ctx *geo, double lon, double lat,
                          double e, double n, const char *postcode,
                          double radius_m, int json, pc_buf *out,
                          pc_error *err);

/* Near a premises: housing sites within radius_m of a premises, nearest
 * first, with the distance from the premises to the site's polygon. */
pc_status plan_near_premises(ds_store *st, geo_ctx *geo, const char *id,
                             double radius_m, int json, pc_buf *out,
                             pc_error *err);

#endif
