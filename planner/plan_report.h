/* plan_report.h: everything the place reports and the exports show, as
 * one JSON document (format "pcplan-report/1").
 *
 * The report writers (reports/) read this document, not the planner's
 * structures: the planner computes, the writers lay out. It gathers the
 * dataset's entities with their geometry, one projection run (practice
 * detail), the contributions ledger, the prioritised capital programme and
 * the contribution each stored site would be asked for, all under one
 * scenario, so that every figure in a report or an export comes from one
 * set of inputs (the run's input hash names them).
 *
 * Keys (every list in a stable order: places, LADs, practices, premises,
 * sites, schemes and funds by id or name, years ascending):
 *   format, pcplan_version,
 *   dataset {name, title, base_year, as_of, attribution [str],
 *            system_code, system_name},
 *   scenario (name or null), preset (or null),
 *   capacity {near_share, basis}: premises are "short" when the rooms
 *            their practices need exceed their rooms, "near" when their
 *            spare rooms are under near_share of their rooms, else "spare"
 *            (assumption capacity_near_share),
 *   crs "EPSG:27700" (every geometry and every e/n below, metres, 0.1 m),
 *   system {code, name, geometry} or null,
 *   places [{name, geometry, lads [code], practices, pcns, premises,
 *            sites, homes_planned, homes_in_horizon}],
 *   lads [{lad_code, name, place, geometry}],
 *   pcns [{pcn_code, name, place}],
 *   practices [{practice_code, name, pcn_code, lad_code, place, postcode,
 *               e, n, patients, list_date}],
 *   premises [{premises_id, name, place, postcode, site_type, tenure,
 *              condition, gia_m2, rooms_consult, rooms_treatment,
 *              rooms_other, rooms (the types the run counts), practices
 *              [code], required_rooms (now: the practices' need shared by
 *              rooms), spare_rooms, capacity ("spare"|"near"|"short"), e,
 *              n, illustrative (bool), illustrative_note,
 *              location_illustrative (bool: an invented point)}],
 *   sites [{site_id, name, lad_code, place, dwellings, planning_status,
 *           s106_position, s106_note, cil_liable (bool or null), area_ha,
 *           trajectory {start, homes [n]} or null, homes_in_horizon,
 *           contribution_gbp (asked, or null when nothing is asked:
 *           the same figure as the site's own assessment),
 *           no_ask_reason, rooms_needed, patients_by_place [{place,
 *           share}] (largest first) or null, e, n (a point on the site),
 *           geometry, illustrative, illustrative_note,
 *           ledger_requested_gbp, ledger_secured_gbp, ledger_received_gbp
 *           (the ledger's indexed money for the site; null: no row),
 *           allocation [{practice_code, share, distance_m}] (where its
 *           new patients register, as its assessment has it) or null}],
 *   pcn_areas [{pcn_code, name, place, geometry}]: the approximate PCN
 *           areas of the spatial model (pcn_code and name null for
 *           practices in no PCN),
 *   schemes [{scheme_id, name, place, premises_id, site_id, kind, status,
 *             rooms, cost_gbp, rent_gbp, earliest_start, duration_years,
 *             completion_year, funding [route], option_group, depends_on
 *             [id], illustrative}],
 *   run         the projection (plan_run_json, practice detail),
 *   contributions the ledger (plan_contrib_json),
 *   programme   the prioritisation (plan_programme_json), or null with
 *   programme_error the reason (e.g. committed schemes that cannot be
 *               funded), so that a report is still written,
 *   assessments the sites' asks (plan_assessments_json),
 *   backtest    the projection from the earliest list date tested against
 *               the latest (plan_backtest_cjson), or null with
 *   backtest_error the reason (e.g. lists at one date only).
 * Numbers are JSON numbers (money to 2 decimals, rooms to 2, coordinates
 * to 0.1 m); absent optional values are null. */
#ifndef PLAN_REPORT_H
#define PLAN_REPORT_H

#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_scenario.h"

#include <cjson/cJSON.h>

#define PLAN_REPORT_FORMAT "pcplan-report/1"

/* Builds the document for ds (loaded with DS_LOAD_GEOMETRY) with the
 * spatial model sp that matches scenario sc (see plan_project_spatial).
 * as_of (NULL: the run's list date) dates the contributions ledger. A
 * failed prioritisation does not fail the report (see programme_error);
 * anything else that fails is returned with its message. *out is owned by
 * the caller (cJSON_Delete). */
pc_status plan_report_build(geo_ctx *geo, const ds_dataset *ds,
                            const ds_spatial *sp, const plan_scenario *sc,
                            const char *as_of, cJSON **out, pc_error *err);

struct plan_run;

/* The same with the projection already made: run is plan_project's of ds,
 * sp and sc (borrowed), so that a caller can store it. */
pc_status plan_report_build_run(geo_ctx *geo, const ds_dataset *ds,
                                const ds_spatial *sp, const plan_scenario *sc,
                                const struct plan_run *run, const char *as_of,
                                cJSON **out, pc_error *err);

#endif
