/* rpt_export.h: the model and a run's results as files other tools open:
 * CSV, an Excel workbook, GeoJSON layers and a GeoPackage (issue 8).
 *
 * The input is the report document, "pcplan-report/1" (plan_report.h),
 * borrowed. It is read once into tables (below) before anything is
 * written, so a missing or mistyped key fails with nothing on disk. The
 * tables, their columns in order and their rows in the document's order:
 *
 *   places        name, lads (';'-joined), practices, pcns, premises,
 *                 sites, homes_planned, homes_in_horizon, patients_now,
 *                 patients_horizon, rooms_now, growth_rooms_horizon,
 *                 gap_now, gap_horizon (the run's first and last year),
 *                 geometry
 *   lads          lad_code, name, place, geometry
 *   pcns          pcn_code, name, place
 *   practices     practice_code, name, pcn_code, lad_code, place,
 *                 postcode, patients, list_date, e, n, geometry (point)
 *   premises      premises_id, name, place, postcode, site_type, tenure,
 *                 condition, gia_m2, rooms_consult, rooms_treatment,
 *                 rooms_other, rooms, practices (';'), required_rooms,
 *                 spare_rooms, capacity, illustrative, illustrative_note,
 *                 e, n, geometry (point)
 *   sites         site_id, name, lad_code, place, dwellings,
 *                 planning_status, s106_position, cil_liable, area_ha,
 *                 trajectory_start, homes_in_horizon, contribution_gbp,
 *                 no_ask_reason, rooms_needed, illustrative,
 *                 illustrative_note, e, n, geometry (multipolygon)
 *   site_trajectories   site_id, year, homes
 *   schemes       scheme_id, name, place, premises_id, site_id, kind,
 *                 status, rooms, cost_gbp, rent_gbp, earliest_start,
 *                 duration_years, completion_year, funding (';'),
 *                 option_group, depends_on (';'), illustrative
 *   contributions contribution_id, site_id, place, kind, status, purpose,
 *                 amount_gbp, amount_indexed_gbp, land_ha, expected_gbp,
 *                 received_gbp, spent_gbp, unspent_gbp, repaid_gbp,
 *                 spend_by, days_left, at_risk_gbp, illustrative
 *   contribution_receipts   contribution_id, year, gbp
 *   place_years   place, level ("place", or "system" for the rows of the
 *                 whole system, whose place is the system's name and which
 *                 come last), year, patients, new_patients, growth_rooms,
 *                 required_rooms, rooms, gap, p_short, gap_p10, gap_p50,
 *                 gap_p90 (the last four empty without Monte Carlo draws)
 *   practice_years  practice_code, place, year, patients, new_patients,
 *                 growth_rooms, required_rooms, rooms, gap
 *   programme     scheme_id, name, place, status, chosen, start_year,
 *                 rooms_from_year, rooms, cost_gbp, rent_gbp, why: the
 *                 optimal programme's schemes (chosen) then those it left
 *                 out with the reason; empty when there is no programme
 *   programme_funding  scheme_id, fund_id, kind, year, gbp
 *   assumptions   part ("run", "contributions", "programme"), id, value,
 *                 origin
 * plus "about" (key, value): the format, version, dataset, scenario, run
 * id and input hash, CRS, attribution lines, which tables hold
 * illustrative values, and programme_error when there is one.
 The GeoPackage alone has two more layers:
 *   pcn_areas     pcn_code, name, place, geometry (the document's
 *                 pcn_areas: approximate PCN areas, multipolygons)
 *   allocations   site_id, practice_code, practice (its name), share,
 *                 distance_m, geometry (a line from the site's point to
 *                 the practice's): one row per practice of each site's
 *                 allocation
 *
 * Values: numbers are written without the locale, integers as integers,
 * other numbers with at most their column's decimals (money and rooms 2,
 * patients 1; assumption values as many as they need), trailing zeros
 * trimmed; booleans true/false; null empty.
 * Coordinates are EPSG:27700 metres except in GeoJSON.
 *
 * Every format writes into a new folder beside dir that replaces dir whole
 * at the end (pc_fileset.h), so a failure leaves dir as it was and a kill
 * leaves it with the old files or the new ones, never a mix; text cells
 * in CSV that could be taken as a formula start with '\''
 * (pc_buf_csv_text). Output depends
 * only on the document: the same document gives the same CSV, GeoJSON and
 * XLSX bytes (the workbook is dated with dataset.as_of, and libxlsxwriter
 * dates its zip entries 1980-01-01) and a GeoPackage with the same
 * contents (gpkg_contents dated with as_of too). Nothing here prints or exits,
 * with one exception outside our control: libxlsxwriter writes a line to stderr
 * when it cannot write the workbook file (a full disk; the directory is our own
 * fresh one). */
#ifndef RPT_EXPORT_H
#define RPT_EXPORT_H

#include "pc_buf.h"
#include "pc_error.h"
#include "rpt_files.h"

#include <cjson/cJSON.h>

#include <stddef.h>

typedef enum rpt_export_format {
    RPT_EXPORT_CSV,     /* <table>.csv and about.csv: RFC 4180, UTF-8, LF,
                           geometry as WKT */
    RPT_EXPORT_XLSX,    /* pcplan.xlsx: an "about" sheet, then one sheet
                           per table (geometry columns left out): worded
                           headers noted with the column names, number
                           formats by column, dates as dates */
    RPT_EXPORT_GEOJSON, /* <table>.geojson for places, lads, practices,
                           premises and sites: RFC 7946, WGS84 lon/lat to 6
                           decimals, the other columns as properties */
    RPT_EXPORT_GPKG     /* pcplan.gpkg: GeoPackage 1.2, those five,
                           pcn_areas and allocations as feature tables in
                           EPSG:27700 with R-tree spatial indexes and a
                           default QGIS style each (layer_styles), the
                           rest and "about" as attribute tables */
} rpt_export_format;

/* Parses "csv", "xlsx", "geojson" or "gpkg" into *out. Anything else is
 * PC_ERR_INPUT naming the accepted values; *out is then untouched. */
pc_status rpt_export_format_parse(const char *s, rpt_export_format *out,
                                  pc_error *err);

/* The lower-case name of fmt: "csv", "xlsx", "geojson", "gpkg". */
const char *rpt_export_format_name(rpt_export_format fmt);

/* Writes the document bundle (borrowed) in format fmt into directory dir.
 * dir is created when missing (its parent must exist). Files of the same
 * names in dir are replaced; other files and folders are kept (linked or
 * moved into the folder that replaces dir, pc_fileset.h). dir holding the
 * current directory is PC_ERR_INPUT.
 *
 * On success *written (when written is not NULL) is a NULL-terminated
 * array of the paths written, "dir/places.csv", ..., in the order
 * written, and *nwritten (when not NULL) their count. The array and its
 * strings are one allocation, owned by the caller: release it with
 * rpt_paths_free() (rpt_files.h).
 *
 * On failure nothing is left in dir and the out-parameters are untouched:
 * PC_ERR_INPUT names the document's key ("report: key \"sites[3].
 * dwellings\": expected a number, got a string"), PC_ERR_IO the path and
 * the system's reason, PC_ERR_DB a SpatiaLite failure, PC_ERR_NOMEM an
 * allocation. */
pc_status rpt_export(const cJSON *bundle, rpt_export_format fmt,
                     const char *dir, const char ***written, size_t *nwritten,
                     pc_error *err);

/* The rows an XLSX sheet may hold below its header: Excel's 1,048,576
 * less one, or n when n > 0 (a test's lower limit, so that it need not
 * write a million rows; 0 restores Excel's). Process-wide; set it before
 * any export. */
void rpt_export_set_xlsx_rows_max(size_t n);

/* Tables of the export in memory, the document read once: names[i]
 * appended to geojson[i] as the FeatureCollection RPT_EXPORT_GEOJSON writes
 * to <name>.geojson (the same bytes), and to json[i] as
 * {"<name>": [{column: value, ...}, ...]} (its columns but the geometry,
 * values as in GeoJSON's properties); either array may be NULL. A table
 * the export lacks (for GeoJSON, one without geometry) is
 * PC_ERR_NOTFOUND; the document's errors are rpt_export's. */
pc_status rpt_export_layers(const cJSON *bundle, const char *const *names,
                            size_t n, pc_buf *geojson, pc_buf *json,
                            pc_error *err);

#endif
