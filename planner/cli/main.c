/* main.c: the `pcplan` command, a thin front end over the pcplan library.
 *
 * It parses arguments, calls the library and turns results into output:
 * tables or JSON on stdout, one-line errors on stderr. Exit status: 0 ok,
 * 1 failure, 2 bad usage or bad input (PC_ERR_INPUT, PC_ERR_NOTFOUND). */
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_assess.h"
#include "plan_assumptions.h"
#include "plan_compare.h"
#include "plan_contrib.h"
#include "plan_index.h"
#include "plan_info.h"
#include "plan_prio.h"
#include "plan_project.h"
#include "plan_report.h"
#include "plan_scenario.h"
#include "plan_site.h"
#include "plan_spatial.h"
#include "rpt_export.h"
#include "rpt_letter.h"
#include "rpt_report.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_DB   "pcplan.db"
#define DEFAULT_DATA "datasets/coventry-warwickshire"

typedef struct cli {
    const char *db;
} cli;

static const char usage_main[] =
    "usage: pcplan [--db FILE] COMMAND [OPTIONS]\n"
    "\n"
    "pcplan plans primary care premises capacity: housing growth, practice\n"
    "list growth, consulting-room demand, developer contributions and the\n"
    "capital programme.\n"
    "\n"
    "Global options:\n"
    "  --db FILE     the store, a SpatiaLite database (default: pcplan.db\n"
    "                in the working directory)\n"
    "  -h, --help    show this help and exit\n"
    "  --version     show the version and exit\n"
    "\n"
    "Commands:\n"
    "  init          import a dataset directory into the store\n"
    "  info          what the store holds, per place and for the system\n"
    "  site          a housing site: where it lies, whose patients it adds\n"
    "  near          premises near a point, or sites near a premises\n"
    "  assumptions   the assumption register, with a preset's values\n"
    "  run           project list growth, room demand and the gap by year\n"
    "  runs          the stored runs\n"
    "  compare       two stored runs side by side\n"
    "  contributions S106 and CIL money: receipts by year, unspent, at risk\n"
    "  prioritise    the capital programme: schemes, start years, funding\n"
    "  report        place summary reports as self-contained HTML pages\n"
    "  export        the model and a run's results as CSV, XLSX, GeoJSON or\n"
    "                GeoPackage\n"
    "\n"
    "Run 'pcplan COMMAND --help' for a command's options.\n"
    "Exit status: 0 ok, 1 failure, 2 bad usage or bad input.\n";

static const char usage_init[] =
    "usage: pcplan [--db FILE] init [--data DIR]\n"
    "\n"
    "Validates every file of the dataset in DIR (see datasets/FORMAT.md),\n"
    "then imports it into the store in one transaction, replacing any\n"
    "dataset already there. The store is created if it does not exist. On\n"
    "bad input nothing is written: the error names the file, the row or\n"
    "feature, the field and what was expected, and the exit status is 2.\n"
    "Repaired geometry is reported as a warning on stderr.\n"
    "\n"
    "Options:\n"
    "  --data DIR    the dataset directory, holding dataset.json\n"
    "                (default: datasets/coventry-warwickshire)\n"
    "  -h, --help    show this help and exit\n";

static const char usage_info[] =
    "usage: pcplan [--db FILE] info [--json]\n"
    "\n"
    "Shows, per place and for the system: practices, PCNs, registered\n"
    "patients (at the latest list date), premises, patient-facing rooms by\n"
    "type, LADs, housing sites, and dwellings completing in the 10 years\n"
    "from the base year and in total; then how many rows of each table\n"
    "carry illustrative (not published) values.\n"
    "\n"
    "Options:\n"
    "  --json        print JSON: base_year, dataset, list_date,\n"
    "                horizon_10y_first, horizon_10y_last, system,\n"
    "                places [{name, practices, pcns, patients, list_date,\n"
    "                premises, rooms {consult, treatment, other, total},\n"
    "                lads, sites, dwellings_10y, dwellings_total}], tables\n"
    "  -h, --help    show this help and exit\n";

static const char usage_site[] =
    "usage: pcplan [--db FILE] site show SITE_ID [--method M] [--json]\n"
    "       pcplan [--db FILE] site list [--json]\n"
    "       pcplan [--db FILE] site assess --site ID | --at LON,LAT |\n"
    "              --geojson FILE | --all [options] (see site assess --help)\n"
    "\n"
    "site show: where a housing site lies and whose patients its residents\n"
    "become. Its area; its dwellings in total and in the 10 years from the\n"
    "base year; its share of each LAD, place and (approximate) PCN area by\n"
    "overlay, so a site straddling a boundary splits its dwellings; and the\n"
    "practices its new patients go to, with the distance from the site's\n"
    "polygon to each practice's nearest premises and the share each takes\n"
    "(shares sum to 1). When the rule finds no practice the nearest takes\n"
    "all, and the output says so.\n"
    "site list: every stored site with its dwellings.\n"
    "\n"
    "Options:\n"
    "  --method M    huff (default): share ~ list size^huff_alpha x\n"
    "                distance^-huff_beta over practices within dmax_urban_m\n"
    "                or dmax_rural_m of the site; nearest: all to the\n"
    "                practice(s) of the nearest premises; catchment:\n"
    "                practices whose catchment polygon the site overlaps\n"
    "                (when the dataset has catchments)\n"
    "  --json        print JSON: site_id, name, lad_code, dwellings,\n"
    "                dwellings_10y, area_ha, setting, areas [{lad_code,\n"
    "                lad_name, place, share, dwellings}], places, pcns\n"
    "                [{pcn_code, name, place, share, approximate}], method,\n"
    "                fallback, note, practices [{code, name, premises_id,\n"
    "                premises_name, distance_m, share, patients}],\n"
    "                assumptions\n"
    "  -h, --help    show this help and exit\n";

static const char usage_assess[] =
    "usage: pcplan [--db FILE] site assess --site ID [--dwellings N] "
    "[options]\n"
    "       pcplan [--db FILE] site assess --at LON,LAT --dwellings N "
    "[options]\n"
    "       pcplan [--db FILE] site assess --geojson FILE --dwellings N "
    "[options]\n"
    "       pcplan [--db FILE] site assess --all [--json | --csv] [options]\n"
    "\n"
    "The health contribution a housing development should pay (S106), with\n"
    "its evidence: dwellings x persons per dwelling -> residents -> new\n"
    "patients -> the practices they would register with (the allocation\n"
    "rule) -> the rooms they need there, less the spare rooms those\n"
    "practices have today -> m2 -> GBP at the build cost per m2 indexed to\n"
    "the as-of date, with fees and contingency -> total and per dwelling.\n"
    "Every step is traced to its assumption ids and data rows (--json).\n"
    "A stored site is assessed for its homes still to build; --all assesses\n"
    "every such site at once, sharing each practice's spare rooms among\n"
    "the sites in proportion to the rooms each needs there.\n"
    "\n"
    "Options:\n"
    "  --site ID          a stored site (see pcplan site list)\n"
    "  --at LON,LAT       a new development at a point (WGS84 degrees)\n"
    "  --geojson FILE     a new development's outline: a GeoJSON Polygon or\n"
    "                     MultiPolygon (geometry, Feature or a collection of\n"
    "                     one Feature), WGS84\n"
    "  --all              every stored site with homes still to build\n"
    "  --dwellings N      homes (1 to 100,000); a stored site's own by "
    "default\n"
    "  --mix M            bedroom mix in percent, e.g. 1:20,2:40,3:30,4:10\n"
    "                     (bands 1-5, 5 = five or more; sums to 100)\n"
    "  --area-ha X        a point's area (default dwellings / "
    "dwellings_per_ha)\n"
    "  --rural            a new development in a rural setting (dmax_rural_m)\n"
    "  --name TEXT        the development's name, for the output and letter\n"
    "  --scenario FILE    a scenario (presets, overrides, allocation)\n"
    "  --preset NAME      an assumption preset\n"
    "  --method M         space (default), gp_fte, activity or ratio\n"
    "  --allocation A     huff (default), nearest or catchment\n"
    "  --as-of DATE       YYYY-MM-DD, the date costs are indexed to (default:\n"
    "                     the date of the latest list sizes)\n"
    "  --form F           capital (default), land or land_and_capital\n"
    "  --land-ha X        land asked for (default m2 x land_m2_per_gia_m2)\n"
    "  --json             print JSON (pcplan-site-assessment/1): "
    "new_patients,\n"
    "                     practices, rooms_needed_gross, rooms_needed_net, "
    "m2,\n"
    "                     cost, contribution_gbp, per_dwelling_gbp, trace, "
    "...\n"
    "  --csv              with --all: one CSV row per site\n"
    "  --letter FILE      also write the consultation response as FILE.md\n"
    "                     and FILE.html (not with --all)\n"
    "  -h, --help         show this help and exit\n";

static const char usage_near[] =
    "usage: pcplan [--db FILE] near --at LON,LAT [--radius METRES] [--json]\n"
    "       pcplan [--db FILE] near --premises ID [--radius METRES] [--json]\n"
    "\n"
    "--at: premises within the radius of a point (WGS84 longitude and\n"
    "latitude in degrees), nearest first, with the practices they house.\n"
    "The point must lie inside the dataset's area.\n"
    "--premises: housing sites within the radius of a premises, nearest\n"
    "first, measured to each site's polygon.\n"
    "Both use the store's R-tree indexes; distances are in metres in\n"
    "British National Grid.\n"
    "\n"
    "Options:\n"
    "  --at LON,LAT      e.g. --at -1.5106,52.4081\n"
    "  --premises ID     a premises id, e.g. PR-M84004\n"
    "  --radius METRES   more than 0, at most 50000 (default 2000)\n"
    "  --json            print JSON: at {lon, lat, easting, northing},\n"
    "                    radius_m, premises [{premises_id, name,\n"
    "                    distance_m, rooms, practices [{code, name}]}]; or\n"
    "                    premises_id, name, radius_m, sites [{site_id,\n"
    "                    name, distance_m, dwellings}]\n"
    "  -h, --help        show this help and exit\n";

static const char usage_assumptions[] =
    "usage: pcplan [--db FILE] assumptions [--preset NAME] [--json]\n"
    "\n"
    "Every number the model uses that is not data, with its id, value, unit\n"
    "and source. With --preset, the preset's values replace the defaults\n"
    "(marked * in the table).\n"
    "\n"
    "Options:\n"
    "  --preset NAME  a preset of the dataset (e.g. cw-strategy)\n"
    "  --json         print JSON: preset, presets, assumptions [{id, value,\n"
    "                 default, unit, source, note, from_preset}]\n"
    "  -h, --help     show this help and exit\n";

static const char usage_run[] =
    "usage: pcplan [--db FILE] run [--scenario FILE] [--preset NAME]\n"
    "                 [--method M] [--growth G] [--allocation A] [--years N]\n"
    "                 [--draws N] [--seed S] [--by LEVEL] [--json]\n"
    "\n"
    "Projects, for every place and the system, year by year from the base\n"
    "year: registered patients, new patients, the rooms the new patients\n"
    "need (growth rooms), the rooms the whole list needs, the rooms in use\n"
    "(with delivered and committed schemes from the year they complete) and\n"
    "the gap (needed minus in use; negative = spare). Each row is the\n"
    "position at the start of its year. The run is stored under an id made\n"
    "from the hash of all its inputs (see pcplan runs, pcplan compare).\n"
    "Options on the command line win over the scenario file. A preset or\n"
    "scenario that changes the spatial assumptions (huff_*, dmax_*) has\n"
    "every site allocated again with its values.\n"
    "\n"
    "Options:\n"
    "  --scenario FILE   a scenario file (datasets/FORMAT.md, \"Scenario\n"
    "                    files\"; examples in the dataset's scenarios/)\n"
    "  --preset NAME     an assumption preset (see pcplan assumptions)\n"
    "  --method M        room demand: gp_fte (default), activity, ratio,\n"
    "                    space\n"
    "  --growth G        list growth: max (default: per LAD and year the\n"
    "                    larger of trend and housing-led), housing, trend\n"
    "  --allocation A    huff (default), nearest, catchment\n"
    "  --years N         horizon in years after the base year, 1 to 50\n"
    "                    (default 10)\n"
    "  --draws N         Monte Carlo draws over housing delivery, 1 to\n"
    "                    100000: adds per place and year the share of draws\n"
    "                    short of rooms and the gap's 10th, 50th and 90th\n"
    "                    percentiles\n"
    "  --seed S          the draws' seed (default: assumption mc_seed)\n"
    "  --by LEVEL        place (default), pcn or practice: also print PCNs,\n"
    "                    or PCNs and practices\n"
    "  --json            print JSON: run_id, input_hash, dataset, scenario,\n"
    "                    preset, method, growth, allocation, base_year,\n"
    "                    years, list_date, rooms_per_patient, method_note,\n"
    "                    scenario_definition, rooms_counted,\n"
    "                    delivery, monte_carlo, system and places [{name,\n"
    "                    years [{year, patients, new_patients, growth_rooms,\n"
    "                    required_rooms, rooms, gap[, p_short, gap_p10,\n"
    "                    gap_p50, gap_p90]}], new_premises_rooms}], pcns and\n"
    "                    practices (with --by), lads, sites, schemes,\n"
    "                    assumptions, illustrative, warnings\n"
    "  -h, --help        show this help and exit\n";

static const char usage_runs[] =
    "usage: pcplan [--db FILE] runs [--json]\n"
    "\n"
    "Lists the stored runs, oldest first: id, dataset, scenario, preset,\n"
    "methods, horizon and draws. Runs stay when a dataset is imported\n"
    "again, so a run on old data can be compared with one on new data.\n"
    "\n"
    "Options:\n"
    "  --json        print JSON: runs [{run_id, input_hash, dataset,\n"
    "                scenario, preset, method, growth, allocation,\n"
    "                base_year, years, draws}]\n"
    "  -h, --help    show this help and exit\n";

static const char usage_compare[] =
    "usage: pcplan [--db FILE] compare RUN_A RUN_B [--json]\n"
    "\n"
    "Shows two stored runs side by side: the inputs that differ (methods,\n"
    "preset, horizon, delivery, every assumption whose value differs), then\n"
    "per place and for the system, year by year, patients, growth rooms\n"
    "and the gap of each run and B minus A. A run id may be shortened to\n"
    "its first 4 or more digits when that names one run.\n"
    "\n"
    "Options:\n"
    "  --json        print JSON: a, b, inputs [{key, a, b}], system and\n"
    "                places [{name, years [{year, a, b, diff}]}]\n"
    "  -h, --help    show this help and exit\n";

static const char usage_contributions[] =
    "usage: pcplan [--db FILE] contributions [--as-of DATE] [--warn-years N]\n"
    "                 [--scenario FILE] [--preset NAME] [--json]\n"
    "\n"
    "Every S106 agreement and CIL award with its money over time: the\n"
    "amount indexed from its base date (cost_index series, then\n"
    "contribution_index_rate a year), its payment triggers and the year\n"
    "each pays (commencement: the site's first completions; occupation:N:\n"
    "the year completions reach N; date:D: D's monitoring year), what has\n"
    "been received and spent, the spend-by date, and the unspent money at\n"
    "risk of repayment: spend-by within the warning window or passed,\n"
    "unless a committed or delivered scheme named as its purpose spends it\n"
    "in time. Then expected receipts by year (secured by fund, requested\n"
    "apart) and totals by place and fund, warnings and the rules as notes.\n"
    "A scenario's delivery factor and slippage move the trigger years; its\n"
    "preset and overrides set the assumptions.\n"
    "\n"
    "Options:\n"
    "  --as-of DATE      the ledger's date, YYYY-MM-DD (default: the latest\n"
    "                    list-size date)\n"
    "  --warn-years N    flag money to be spent within N years, 0 to 50\n"
    "                    (default: assumption contribution_warning_years)\n"
    "  --scenario FILE   a scenario file (delivery, preset, assumptions)\n"
    "  --preset NAME     an assumption preset (see pcplan assumptions)\n"
    "  --json            print JSON: as_of, dataset, base_year, delivery,\n"
    "                    index {series, rate, basis}, warn_years,\n"
    "                    contributions [{contribution_id, site_id,\n"
    "                    site_name, place, kind, status, secured, purpose,\n"
    "                    amount_gbp, base_date, amount_indexed_gbp, land,\n"
    "                    land_ha, triggers [{trigger, pct, event, due_year,\n"
    "                    year, amount_gbp, state}], receipts_by_year,\n"
    "                    received_gbp, received_date, spent_gbp,\n"
    "                    unspent_gbp, spend_by, at_risk_gbp, covered_by,\n"
    "                    illustrative, ...}], receipts_by_year [{year, s106,\n"
    "                    cil, total, requested}], totals {by_place, by_fund,\n"
    "                    all}, illustrative, assumptions, warnings, notes\n"
    "  -h, --help        show this help and exit\n";

static const char usage_prioritise[] =
    "usage: pcplan [--db FILE] prioritise [--scenario FILE] [--preset NAME]\n"
    "                 [--method M] [--growth G] [--allocation A] [--years N]\n"
    "                 [--json] [--write-mps FILE] [--write-scenario FILE]\n"
    "\n"
    "The capital programme: which schemes to start, and when, with the money\n"
    "there is (DESIGN.md 3.6). A mixed-integer programme solved exactly with\n"
    "GLPK: start years, each scheme's phased cost paid from eligible funds\n"
    "(ICB capital by year from funds.csv, carried forward if the scenario\n"
    "says so; S106 and CIL money from the contributions ledger from receipt\n"
    "until its spend-by year; grants and partner money), committed schemes\n"
    "in, earliest starts, option groups, prerequisites, an optional limit on\n"
    "added rent; it minimises need-weighted unmet room-years plus a penalty\n"
    "per pound of S106 repaid. Also the greedy ranking (benefit per pound,\n"
    "funded in order) on the same instance, and what 10% less or more ICB\n"
    "budget would change. The scenario's capital object sets carry_forward,\n"
    "icb_budget_factor, rent_limit_gbp, s106_requested, time_limit_s and\n"
    "mip_gap; its assumptions the weights.\n"
    "\n"
    "Options:\n"
    "  --scenario FILE        a scenario file\n"
    "  --preset NAME          an assumption preset (see pcplan assumptions)\n"
    "  --method M             room-demand method of the gaps: gp_fte,\n"
    "                         activity, ratio or space\n"
    "  --growth G             housing, trend or max\n"
    "  --allocation A         huff, nearest or catchment\n"
    "  --years N              horizon in years, 1 to 50\n"
    "  --json                 print JSON (format pcplan-programme/1): "
    "settings,\n"
    "                         places [{place, imd, weight, gap_by_year}],\n"
    "                         optimal {objective, status, mip_gap, parts,\n"
    "                         schemes [{scheme_id, start_year,\n"
    "                         rooms_from_year, rooms, cost_gbp, funding\n"
    "                         [{fund_id, kind, year, gbp}]}], not_chosen,\n"
    "                         spend_by_kind, funds, remaining_gap}, greedy\n"
    "                         {objective, status, parts, schemes, ...},\n"
    "                         optimal_better_by, budget_sensitivity,\n"
    "                         assumptions, illustrative, warnings, notes\n"
    "  --write-mps FILE       also write the model as free MPS (for another\n"
    "                         solver, e.g. cbc FILE -solve)\n"
    "  --write-scenario FILE  also write a scenario that projects the chosen\n"
    "                         programme (pcplan run --scenario FILE)\n"
    "  -h, --help             show this help and exit\n";

static const char usage_report[] =
    "usage: pcplan [--db FILE] report [--place NAME | --all] [--out DIR]\n"
    "                 [--scenario FILE] [--preset NAME] [--method M]\n"
    "                 [--growth G] [--allocation A] [--years N] [--draws N]\n"
    "                 [--seed S] [--as-of DATE] [--json]\n"
    "\n"
    "The place summary reports (DESIGN.md 5): DIR/index.html, the system\n"
    "with a row per place, and one self-contained HTML page per place\n"
    "(DIR/<place>.html, e.g. south-warwickshire.html): headline figures, a\n"
    "map of housing sites (sized by dwellings, coloured by S106 position)\n"
    "and premises (sized by rooms, coloured by capacity), charts of patients,\n"
    "growth rooms and the gap by year and capital spend by fund, tables of\n"
    "sites, schemes and contributions, the assumptions, sources and\n"
    "licences. Pages carry their styles and SVG inline, make no network\n"
    "requests and print on A4. One scenario runs the projection, the\n"
    "contributions ledger, the capital prioritisation and the sites' asks.\n"
    "Files are written through temporary files renamed into place; the\n"
    "paths written are printed.\n"
    "\n"
    "Options:\n"
    "  --place NAME      only this place's page (and the index)\n"
    "  --all             every place's page (the default)\n"
    "  --out DIR         the directory to write to, created if missing\n"
    "                    (default: reports)\n"
    "  --scenario FILE   a scenario file\n"
    "  --preset NAME     an assumption preset (see pcplan assumptions)\n"
    "  --method M        gp_fte, activity, ratio or space\n"
    "  --growth G        housing, trend or max\n"
    "  --allocation A    huff, nearest or catchment\n"
    "  --years N         horizon in years, 1 to 50\n"
    "  --draws N         Monte Carlo draws over delivery (the gap chart\n"
    "                    then shows the 10th to 90th percentile band)\n"
    "  --seed S          the draws' seed\n"
    "  --as-of DATE      the contributions ledger's date, YYYY-MM-DD\n"
    "                    (default: the latest list-size date)\n"
    "  --json            print the report document (format\n"
    "                    pcplan-report/1, see planner/plan_report.h)\n"
    "                    instead of writing pages\n"
    "  -h, --help        show this help and exit\n";

static const char usage_export[] =
    "usage: pcplan [--db FILE] export --format F [--out DIR]\n"
    "                 [--scenario FILE] [--preset NAME] [--method M]\n"
    "                 [--growth G] [--allocation A] [--years N] [--draws N]\n"
    "                 [--seed S] [--as-of DATE]\n"
    "\n"
    "The model and one run's results as files for Excel and QGIS: places,\n"
    "LADs, PCNs, practices, premises, sites and their trajectories, schemes,\n"
    "contributions and receipts, the gap by place and practice and year, the\n"
    "prioritised programme and its funding, the assumptions, and an about\n"
    "table (dataset, scenario, run id, attribution). One scenario runs it\n"
    "all, as for pcplan report. Files are written to a temporary directory\n"
    "and moved into DIR only when all are written; their paths are\n"
    "printed.\n"
    "\n"
    "Options:\n"
    "  --format F        csv (one file per table), xlsx (one workbook, a\n"
    "                    sheet per table), geojson (one WGS84 layer per\n"
    "                    table with geometry) or gpkg (one GeoPackage, in\n"
    "                    EPSG:27700, every table)\n"
    "  --out DIR         the directory to write to, created if missing\n"
    "                    (default: export)\n"
    "  --scenario FILE, --preset NAME, --method M, --growth G,\n"
    "  --allocation A, --years N, --draws N, --seed S, --as-of DATE\n"
    "                    as for pcplan report\n"
    "  -h, --help        show this help and exit\n";

static int exit_code(pc_status rc)
{
    if (rc == PC_OK)
        return 0;
    if (rc == PC_ERR_INPUT || rc == PC_ERR_NOTFOUND)
        return 2;
    return 1;
}

static int fail(const char *cmd, const pc_error *err)
{
    fprintf(stderr, "pcplan: %s: %s\n", cmd, err->msg);
    return exit_code(err->code);
}

static int usage_error(const char *usage, const char *what, const char *arg)
{
    fprintf(stderr, "pcplan: %s%s\n%s", what, arg, usage);
    return 2;
}

/* Writes a whole buffer to stdout; 1 on error. */
static int emit(const pc_buf *b)
{
    if (fwrite(pc_buf_str(b), 1, b->len, stdout) != b->len ||
        fflush(stdout) != 0) {
        fprintf(stderr, "pcplan: cannot write to stdout\n");
        return 1;
    }
    return 0;
}

/* Parses a command's options; returns -1 to go on, else an exit code. */
typedef struct opt_spec {
    const char *name;
    int has_arg;
    const char **value; /* for options with an argument */
    int *flag;          /* for flags */
} opt_spec;

static int parse_opts_pos(int argc, char **argv, const char *usage,
                          const opt_spec *specs, size_t n, const char **pos);

static int parse_opts(int argc, char **argv, const char *usage,
                      const opt_spec *specs, size_t n)
{
    return parse_opts_pos(argc, argv, usage, specs, n, NULL);
}

/* As parse_opts, and takes one positional argument into *pos when pos is
 * not NULL (it is then required). */
static int parse_opts_pos(int argc, char **argv, const char *usage,
                          const opt_spec *specs, size_t n, const char **pos)
{
    struct option longopts[32];
    size_t i;
    int c;

    for (i = 0; i < n; i++)
        longopts[i] = (struct option){
            specs[i].name, specs[i].has_arg ? required_argument : no_argument,
            NULL, (int)i + 1};
    longopts[i++] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[i] = (struct option){NULL, 0, NULL, 0};
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return 0;
        }
        if (c == '?')
            return usage_error(usage, "unknown option ", argv[optind - 1]);
        if (c == ':')
            return usage_error(usage, "missing value for option ",
                               argv[optind - 1]);
        if (specs[c - 1].has_arg)
            *specs[c - 1].value = optarg;
        else
            *specs[c - 1].flag = 1;
    }
    if (pos) {
        if (optind >= argc)
            return usage_error(usage, "missing argument", "");
        *pos = argv[optind++];
    }
    if (optind < argc)
        return usage_error(usage, "unexpected argument ", argv[optind]);
    return -1;
}

static int cmd_init(cli *cl, int argc, char **argv)
{
    const char *data = DEFAULT_DATA;
    opt_spec specs[] = {{"data", 1, &data, NULL}};
    int r = parse_opts(argc, argv, usage_init, specs, 1);
    pc_error err = {0};
    geo_ctx *geo = NULL;
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    ds_store *st = NULL;
    struct stat sb;
    int existed, code = 0;

    if (r >= 0)
        return r;
    existed = stat(cl->db, &sb) == 0;
    geo = geo_ctx_new(&err);
    if (!geo) {
        code = fail("init", &err);
        goto done;
    }
    if (ds_dataset_load(geo, data, &ds, &err) != PC_OK) {
        code = fail("init", &err);
        goto done;
    }
    for (size_t i = 0; i < ds->nwarnings; i++)
        fprintf(stderr, "pcplan: init: warning: %s\n", ds->warnings[i]);
    /* the spatial model is computed before anything is written */
    if (plan_spatial_build(geo, ds, &sp, &err) != PC_OK) {
        code = fail("init", &err);
        goto done;
    }
    for (size_t i = 0; i < sp->nwarnings; i++)
        fprintf(stderr, "pcplan: init: warning: %s\n", sp->warnings[i]);
    if (ds_store_open(cl->db, DS_OPEN_CREATE, &st, &err) != PC_OK ||
        ds_store_import(st, ds, sp, &err) != PC_OK) {
        code = fail("init", &err);
        ds_store_close(st);
        st = NULL;
        if (!existed)
            unlink(cl->db); /* leave nothing half-made behind */
        goto done;
    }
    printf("imported %s from %s into %s: %zu places, %zu LADs, %zu PCNs, "
           "%zu practices, %zu premises, %zu sites, %zu schemes, %zu "
           "contributions\n",
           ds->name, data, cl->db, ds->nplaces, ds->nlads, ds->npcns,
           ds->npractices, ds->npremises, ds->nsites, ds->nschemes,
           ds->ncontributions);
done:
    ds_store_close(st);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
    return code;
}

static int cmd_info(cli *cl, int argc, char **argv)
{
    int json = 0;
    opt_spec specs[] = {{"json", 0, NULL, &json}};
    int r = parse_opts(argc, argv, usage_info, specs, 1);
    pc_error err = {0};
    ds_store *st = NULL;
    ds_summary *s = NULL;
    pc_buf out = PC_BUF_INIT(64u << 20);
    int code = 0;

    if (r >= 0)
        return r;
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_summary(st, &s, &err) != PC_OK ||
        (json ? plan_info_json(s, &out, &err)
              : plan_info_table(s, &out, &err)) != PC_OK)
        code = fail("info", &err);
    else
        code = emit(&out);
    pc_buf_free(&out);
    ds_summary_free(s);
    ds_store_close(st);
    return code;
}

static int cmd_assess(cli *cl, int argc, char **argv);

static int cmd_site(cli *cl, int argc, char **argv)
{
    const char *method = "huff", *site_id = NULL,
               *sub = argc > 1 ? argv[1] : "";
    int json = 0, r;
    opt_spec specs[] = {{"json", 0, NULL, &json}, {"method", 1, &method, NULL}};
    pc_error err = {0};
    ds_store *st = NULL;
    ds_site_view *v = NULL;
    pc_buf out = PC_BUF_INIT(64u << 20);
    plan_method m;
    int code = 0;

    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        fputs(usage_site, stdout);
        return 0;
    }
    if (!strcmp(sub, "assess"))
        return cmd_assess(cl, argc - 1, argv + 1);
    if (!strcmp(sub, "list")) {
        if ((r = parse_opts(argc - 1, argv + 1, usage_site, specs, 1)) >= 0)
            return r;
        if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
            plan_site_list(st, json, &out, &err) != PC_OK)
            code = fail("site list", &err);
        else
            code = emit(&out);
        goto done;
    }
    if (strcmp(sub, "show"))
        return usage_error(usage_site,
                           *sub ? "unknown site command "
                                : "missing site "
                                  "command (show, "
                                  "list or assess)",
                           sub);
    if ((r = parse_opts_pos(argc - 1, argv + 1, usage_site, specs, 2,
                            &site_id)) >= 0)
        return r;
    if (plan_method_parse(method, &m, &err) != PC_OK) {
        pc_error_wrap(&err, "--method");
        return fail("site show", &err);
    }
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_site(st, site_id, plan_method_name(m), &v, &err) != PC_OK ||
        (json ? plan_site_json(v, &out, &err)
              : plan_site_table(v, &out, &err)) != PC_OK)
        code = fail("site show", &err);
    else
        code = emit(&out);
done:
    pc_buf_free(&out);
    ds_site_view_free(v);
    ds_store_close(st);
    return code;
}

static int cmd_near(cli *cl, int argc, char **argv)
{
    const char *at = NULL, *premises = NULL, *radius_s = "2000";
    int json = 0;
    opt_spec specs[] = {{"at", 1, &at, NULL},
                        {"premises", 1, &premises, NULL},
                        {"radius", 1, &radius_s, NULL},
                        {"json", 0, NULL, &json}};
    int r = parse_opts(argc, argv, usage_near, specs, 4);
    pc_error err = {0};
    geo_ctx *geo = NULL;
    ds_store *st = NULL;
    pc_buf out = PC_BUF_INIT(64u << 20);
    double lon = 0, lat = 0, e = 0, n = 0, radius = 0;
    int code = 0;

    if (r >= 0)
        return r;
    if (!at == !premises)
        return usage_error(usage_near, "give one of --at or --premises", "");
    if (plan_parse_radius(radius_s, &radius, &err) != PC_OK) {
        pc_error_wrap(&err, "--radius");
        return fail("near", &err);
    }
    if (!(geo = geo_ctx_new(&err))) {
        code = fail("near", &err);
        goto done;
    }
    if (at && plan_parse_lonlat(geo, at, &lon, &lat, &e, &n, &err) != PC_OK) {
        pc_error_wrap(&err, "--at");
        code = fail("near", &err);
        goto done;
    }
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK) {
        code = fail("near", &err);
        goto done;
    }
    if (at) {
        if (plan_near_point(st, geo, lon, lat, e, n, radius, json, &out,
                            &err) != PC_OK) {
            pc_error_wrap(&err, "--at %s", at);
            code = fail("near", &err);
            goto done;
        }
    } else if (plan_near_premises(st, geo, premises, radius, json, &out,
                                  &err) != PC_OK) {
        code = fail("near", &err);
        goto done;
    }
    code = emit(&out);
done:
    pc_buf_free(&out);
    ds_store_close(st);
    geo_ctx_free(geo);
    return code;
}

static int cmd_assumptions(cli *cl, int argc, char **argv)
{
    const char *preset = NULL;
    int json = 0;
    opt_spec specs[] = {{"preset", 1, &preset, NULL}, {"json", 0, NULL, &json}};
    int r = parse_opts(argc, argv, usage_assumptions, specs, 2);
    pc_error err = {0};
    ds_store *st = NULL;
    ds_assumption_list *l = NULL;
    pc_buf out = PC_BUF_INIT(16u << 20);
    int code;

    if (r >= 0)
        return r;
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_assumptions(st, preset, &l, &err) != PC_OK ||
        (json ? plan_assumptions_json(l, &out, &err)
              : plan_assumptions_table(l, &out, &err)) != PC_OK)
        code = fail("assumptions", &err);
    else
        code = emit(&out);
    pc_buf_free(&out);
    ds_assumption_list_free(l);
    ds_store_close(st);
    return code;
}

/* A whole number in [lo, hi] from option `name`. */
static int parse_count(const char *cmd, const char *v, const char *name,
                       long long lo, long long hi, long long *out)
{
    char *end = NULL;
    long long x;

    errno = 0;
    x = strtoll(v, &end, 10);
    if (!*v || *end || errno || x < lo || x > hi) {
        fprintf(stderr,
                "pcplan: %s: %s \"%s\": expected a whole number from %lld "
                "to %lld\n",
                cmd, name, v, lo, hi);
        return 2;
    }
    *out = x;
    return -1;
}

/* Parses a number for option name; -1 to go on, else 2 with a message. */
static int parse_real(const char *cmd, const char *name, const char *v,
                      double *out)
{
    char *end = NULL;

    errno = 0;
    *out = strtod(v, &end);
    if (!*v || *end || errno || !(*out == *out)) {
        fprintf(stderr, "pcplan: %s: %s \"%s\": expected a number\n", cmd, name,
                v);
        return 2;
    }
    return -1;
}

/* The scenario of command cmd: the file's, with the options on top (NULL:
 * not given). */
static int run_scenario(const char *cmd, const char *file, const char *preset,
                        const char *method, const char *growth,
                        const char *alloc, const char *years, const char *draws,
                        const char *seed, plan_scenario **out)
{
    plan_scenario *sc = NULL, *over = plan_scenario_new();
    pc_error err = {0};
    long long v;
    int r = -1;
    plan_method m;

    if (!over) {
        fprintf(stderr, "pcplan: %s: out of memory\n", cmd);
        return 1;
    }
    if (method && plan_demand_parse(method, &over->demand, &err) != PC_OK) {
        pc_error_wrap(&err, "--method");
        r = fail(cmd, &err);
    } else if (growth &&
               plan_growth_parse(growth, &over->growth, &err) != PC_OK) {
        pc_error_wrap(&err, "--growth");
        r = fail(cmd, &err);
    } else if (alloc && plan_method_parse(alloc, &m, &err) != PC_OK) {
        pc_error_wrap(&err, "--allocation");
        r = fail(cmd, &err);
    }
    if (r < 0 && years &&
        (r = parse_count(cmd, years, "--years", 1, 50, &v)) < 0)
        over->years = (int)v;
    if (r < 0 && draws &&
        (r = parse_count(cmd, draws, "--draws", 1, 100000, &v)) < 0)
        over->draws = (int)v;
    if (r < 0 && seed &&
        (r = parse_count(cmd, seed, "--seed", 0, 9007199254740991LL, &v)) < 0) {
        over->seed = (uint64_t)v;
        over->seed_set = 1;
    }
    if (r < 0 && ((preset && !(over->preset = strdup(preset))) ||
                  (alloc && !(over->allocation = strdup(alloc))))) {
        fprintf(stderr, "pcplan: %s: out of memory\n", cmd);
        r = 1;
    }
    if (r < 0) {
        if ((file ? plan_scenario_load(file, &sc, &err)
                  : ((sc = plan_scenario_new())
                         ? PC_OK
                         : PC_FAIL(&err, PC_ERR_NOMEM, "out of memory"))) !=
                PC_OK ||
            plan_scenario_merge(sc, over, &err) != PC_OK) {
            r = fail(cmd, &err);
            if (err.code == PC_ERR_IO)
                r = 2; /* a file named on the command line: bad usage */
            plan_scenario_free(sc);
            sc = NULL;
        }
    }
    plan_scenario_free(over);
    *out = sc;
    return r;
}

/* What run, site assess and prioritise read: the store's dataset with its
 * geometry, and the spatial model the scenario asks for (the stored one,
 * or one made again when its preset or overrides change the spatial
 * assumptions). */
typedef struct cli_model {
    ds_store *st;
    ds_dataset *ds;
    ds_spatial *sp, *sp_run;
} cli_model;

static pc_status model_open(const cli *cl, geo_ctx *geo,
                            const plan_scenario *sc, cli_model *m,
                            pc_error *err)
{
    pc_status rc;

    if ((rc = ds_store_open(cl->db, DS_OPEN_EXISTING, &m->st, err)) ||
        (rc = ds_store_load(m->st, DS_LOAD_GEOMETRY, &m->ds, &m->sp, err)))
        return rc;
    return plan_project_spatial(geo, m->ds, m->sp, sc, &m->sp_run, err);
}

static const ds_spatial *model_spatial(const cli_model *m)
{
    return m->sp_run ? m->sp_run : m->sp;
}

static void model_close(cli_model *m)
{
    ds_spatial_free(m->sp_run);
    ds_spatial_free(m->sp);
    ds_dataset_free(m->ds);
    ds_store_close(m->st);
}

/* Reads a whole file into *buf (malloc'd); 2 with a message on failure. */
static int read_all(const char *cmd, const char *path, char **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16, n = 0, k;
    char *b = NULL, *nb;

    if (!f) {
        fprintf(stderr, "pcplan: %s: cannot open %s: %s\n", cmd, path,
                strerror(errno));
        return 2;
    }
    for (;;) {
        if (!(nb = realloc(b, cap + 1))) {
            fprintf(stderr, "pcplan: %s: out of memory\n", cmd);
            free(b);
            fclose(f);
            return 1;
        }
        b = nb;
        k = fread(b + n, 1, cap - n, f);
        n += k;
        if (n < cap)
            break;
        if (cap >= (256u << 20)) {
            fprintf(stderr, "pcplan: %s: %s is larger than 256 MB\n", cmd,
                    path);
            free(b);
            fclose(f);
            return 2;
        }
        cap *= 2;
    }
    if (ferror(f)) {
        fprintf(stderr, "pcplan: %s: cannot read %s\n", cmd, path);
        free(b);
        fclose(f);
        return 2;
    }
    fclose(f);
    b[n] = 0;
    *buf = b;
    *len = n;
    return -1;
}

/* Writes b to path through a temporary file renamed into place, so that
 * a failure leaves no half-written file. */
static int write_atomic(const char *cmd, const char *path, const pc_buf *b)
{
    char tmp[4096];
    FILE *f;

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
        fprintf(stderr, "pcplan: %s: path too long: %s\n", cmd, path);
        return 2;
    }
    if (!(f = fopen(tmp, "wb"))) {
        fprintf(stderr, "pcplan: %s: cannot write %s: %s\n", cmd, tmp,
                strerror(errno));
        return 2;
    }
    if (fwrite(pc_buf_str(b), 1, b->len, f) != b->len || fclose(f) != 0 ||
        rename(tmp, path) != 0) {
        fprintf(stderr, "pcplan: %s: cannot write %s\n", cmd, path);
        unlink(tmp);
        return 1;
    }
    return 0;
}

/* The letter as stem.md and stem.html (a .md or .html ending on file is
 * dropped). */
static int write_letter(const char *file, const plan_assessment *a)
{
    char stem[4000], path[4096];
    size_t n = strlen(file);
    cJSON *root = NULL;
    pc_buf md = PC_BUF_INIT(16u << 20), html = PC_BUF_INIT(16u << 20);
    pc_error err = {0};
    int code = 0;

    if (n >= sizeof stem) {
        fprintf(stderr, "pcplan: site assess: --letter: path too long\n");
        return 2;
    }
    memcpy(stem, file, n + 1);
    if (n > 3 && !strcmp(stem + n - 3, ".md"))
        stem[n - 3] = 0;
    else if (n > 5 && !strcmp(stem + n - 5, ".html"))
        stem[n - 5] = 0;
    if (plan_assessment_cjson(a, &root, &err) != PC_OK ||
        rpt_letter(root, RPT_MARKDOWN, &md, &err) != PC_OK ||
        rpt_letter(root, RPT_HTML, &html, &err) != PC_OK)
        code = fail("site assess: --letter", &err);
    if (!code) {
        snprintf(path, sizeof path, "%s.md", stem);
        code = write_atomic("site assess", path, &md);
    }
    if (!code) {
        snprintf(path, sizeof path, "%s.html", stem);
        code = write_atomic("site assess", path, &html);
    }
    if (!code)
        fprintf(stderr, "pcplan: site assess: wrote %s.md and %s.html\n", stem,
                stem);
    cJSON_Delete(root);
    pc_buf_free(&md);
    pc_buf_free(&html);
    return code;
}

static int cmd_assess(cli *cl, int argc, char **argv)
{
    const char *site = NULL, *at = NULL, *gj = NULL, *dwell = NULL, *mix = NULL,
               *area = NULL, *name = NULL, *file = NULL, *preset = NULL,
               *method = NULL, *alloc = NULL, *as_of = NULL, *form = NULL,
               *land = NULL, *letter = NULL;
    int all = 0, rural = 0, json = 0, csv = 0;
    opt_spec specs[] = {
        {"site", 1, &site, NULL},        {"at", 1, &at, NULL},
        {"geojson", 1, &gj, NULL},       {"all", 0, NULL, &all},
        {"dwellings", 1, &dwell, NULL},  {"mix", 1, &mix, NULL},
        {"area-ha", 1, &area, NULL},     {"rural", 0, NULL, &rural},
        {"name", 1, &name, NULL},        {"scenario", 1, &file, NULL},
        {"preset", 1, &preset, NULL},    {"method", 1, &method, NULL},
        {"allocation", 1, &alloc, NULL}, {"as-of", 1, &as_of, NULL},
        {"form", 1, &form, NULL},        {"land-ha", 1, &land, NULL},
        {"json", 0, NULL, &json},        {"csv", 0, NULL, &csv},
        {"letter", 1, &letter, NULL}};
    int r = parse_opts(argc, argv, usage_assess, specs,
                       sizeof specs / sizeof *specs);
    const char *cmd = "site assess";
    pc_error err = {0};
    plan_scenario *sc = NULL;
    plan_dev dev = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *a = NULL, **v = NULL;
    size_t nv = 0;
    cli_model m = {0};
    geo_ctx *geo = NULL;
    geo_wkb outline = {0};
    char *text = NULL;
    size_t len;
    pc_buf out = PC_BUF_INIT(64u << 20);
    int code = 0;

    if (r >= 0)
        return r;
    if ((site != NULL) + (at != NULL) + (gj != NULL) + all != 1)
        return usage_error(usage_assess,
                           "give one of --site, --at, --geojson or --all", "");
    if (all && (letter || dwell || mix || name || area))
        return usage_error(usage_assess,
                           "--all takes no --letter, --dwellings, --mix, "
                           "--area-ha or --name",
                           "");
    if (csv && !all)
        return usage_error(usage_assess, "--csv goes with --all", "");
    if (csv && json)
        return usage_error(usage_assess, "give --json or --csv, not both", "");
    if (!(geo = geo_ctx_new(&err)))
        return fail(cmd, &err);
    if ((dwell && plan_parse_dwellings(dwell, &dev.dwellings, &err)) ||
        (mix && plan_parse_mix(mix, dev.mix, &err)) ||
        (form && plan_form_parse(form, &o.form, &err)) ||
        (at && plan_parse_lonlat(geo, at, &dev.lon, &dev.lat, &dev.e, &dev.n,
                                 &err))) {
        code = fail(cmd, &err);
        goto done;
    }
    if (area && (r = parse_real(cmd, "--area-ha", area, &dev.area_ha)) >= 0) {
        code = r;
        goto done;
    }
    if (land && (r = parse_real(cmd, "--land-ha", land, &o.land_ha)) >= 0) {
        code = r;
        goto done;
    }
    if ((at || gj) && !dwell) {
        code = usage_error(usage_assess,
                           "a new development needs --dwellings N", "");
        goto done;
    }
    if (gj) {
        if ((r = read_all(cmd, gj, &text, &len)) >= 0) {
            code = r;
            goto done;
        }
        int repaired;
        if (plan_dev_geojson(geo, text, len, gj, &outline, &repaired, &err)) {
            code = fail(cmd, &err);
            goto done;
        }
        if (repaired)
            fprintf(stderr,
                    "pcplan: %s: warning: %s: the outline was not "
                    "valid and was repaired\n",
                    cmd, gj);
        dev.geom = &outline;
        dev.source = "geojson";
    } else if (at)
        dev.source = "point";
    dev.site_id = site;
    dev.name = name;
    dev.rural = rural;
    o.as_of = as_of;
    if ((r = run_scenario(cmd, file, preset, method, NULL, alloc, NULL, NULL,
                          NULL, &sc)) >= 0) {
        code = r;
        goto done;
    }
    if (model_open(cl, geo, sc, &m, &err) != PC_OK) {
        code = fail(cmd, &err);
        goto done;
    }
    if (all) {
        if (plan_assess_all(m.ds, model_spatial(&m), sc, &o, &v, &nv, &err) ||
            (json  ? plan_assessments_json(v, nv, &out, &err)
             : csv ? plan_assessments_csv(v, nv, &out, &err)
                   : plan_assessments_table(v, nv, &out, &err)))
            code = fail(cmd, &err);
        else
            code = emit(&out);
        goto done;
    }
    if (plan_assess(geo, m.ds, model_spatial(&m), sc, &dev, &o, &a, &err) ||
        (json ? plan_assessment_json(a, &out, &err)
              : plan_assessment_table(a, &out, &err))) {
        code = fail(cmd, &err);
        goto done;
    }
    if (letter && (code = write_letter(letter, a)))
        goto done;
    code = emit(&out);
done:
    pc_buf_free(&out);
    plan_assessment_free(a);
    plan_assessments_free(v, nv);
    free(text);
    geo_wkb_free(&outline);
    model_close(&m);
    geo_ctx_free(geo);
    plan_scenario_free(sc);
    return code;
}

static int cmd_run(cli *cl, int argc, char **argv)
{
    const char *file = NULL, *preset = NULL, *method = NULL, *growth = NULL,
               *alloc = NULL, *years = NULL, *draws = NULL, *seed = NULL,
               *by = "place";
    int json = 0;
    opt_spec specs[] = {{"scenario", 1, &file, NULL},
                        {"preset", 1, &preset, NULL},
                        {"method", 1, &method, NULL},
                        {"growth", 1, &growth, NULL},
                        {"allocation", 1, &alloc, NULL},
                        {"years", 1, &years, NULL},
                        {"draws", 1, &draws, NULL},
                        {"seed", 1, &seed, NULL},
                        {"by", 1, &by, NULL},
                        {"json", 0, NULL, &json}};
    int r = parse_opts(argc, argv, usage_run, specs, 10);
    pc_error err = {0};
    plan_scenario *sc = NULL;
    cli_model m = {0};
    plan_run *run = NULL;
    geo_ctx *geo = NULL;
    pc_buf stored = PC_BUF_INIT(256u << 20), out = PC_BUF_INIT(256u << 20);
    plan_detail detail;
    int code = 0;

    if (r >= 0)
        return r;
    if (!strcmp(by, "place"))
        detail = PLAN_DETAIL_PLACE;
    else if (!strcmp(by, "pcn"))
        detail = PLAN_DETAIL_PCN;
    else if (!strcmp(by, "practice"))
        detail = PLAN_DETAIL_PRACTICE;
    else
        return usage_error(usage_run,
                           "--by: expected place, pcn or practice, got ", by);
    if ((r = run_scenario("run", file, preset, method, growth, alloc, years,
                          draws, seed, &sc)) >= 0)
        return r;
    /* geometries too: a preset or scenario that changes the spatial
     * assumptions needs the allocation made again */
    if (!(geo = geo_ctx_new(&err)) ||
        model_open(cl, geo, sc, &m, &err) != PC_OK ||
        plan_project(m.ds, model_spatial(&m), sc, &run, &err) != PC_OK ||
        plan_run_json(run, PLAN_DETAIL_PLACE, &stored, &err) != PC_OK) {
        code = fail("run", &err);
        goto done;
    }
    {
        ds_run_info info = {run->run_id,
                            run->input_hash,
                            run->dataset,
                            run->scenario,
                            run->preset,
                            plan_demand_name(run->demand),
                            plan_growth_name(run->growth),
                            plan_method_name(run->allocation),
                            run->base_year,
                            run->years,
                            run->draws};

        if (ds_store_run_put(m.st, &info, pc_buf_str(&stored), &err) != PC_OK) {
            code = fail("run", &err);
            goto done;
        }
    }
    if (json && detail == PLAN_DETAIL_PLACE)
        code = emit(&stored);
    else if ((json ? plan_run_json(run, detail, &out, &err)
                   : plan_run_table(run, detail, &out, &err)) != PC_OK)
        code = fail("run", &err);
    else
        code = emit(&out);
done:
    pc_buf_free(&out);
    pc_buf_free(&stored);
    plan_run_free(run);
    model_close(&m);
    geo_ctx_free(geo);
    plan_scenario_free(sc);
    return code;
}

static int cmd_runs(cli *cl, int argc, char **argv)
{
    int json = 0;
    opt_spec specs[] = {{"json", 0, NULL, &json}};
    int r = parse_opts(argc, argv, usage_runs, specs, 1);
    pc_error err = {0};
    ds_store *st = NULL;
    ds_run_list *l = NULL;
    pc_buf out = PC_BUF_INIT(16u << 20);
    int code;

    if (r >= 0)
        return r;
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_runs(st, &l, &err) != PC_OK ||
        plan_runs_list(l, json, &out, &err) != PC_OK)
        code = fail("runs", &err);
    else
        code = emit(&out);
    pc_buf_free(&out);
    ds_run_list_free(l);
    ds_store_close(st);
    return code;
}

static int cmd_compare(cli *cl, int argc, char **argv)
{
    const char *a = NULL, *b = NULL;
    int json = 0, r;
    opt_spec specs[] = {{"json", 0, NULL, &json}};
    pc_error err = {0};
    ds_store *st = NULL;
    char *ida = NULL, *ja = NULL, *idb = NULL, *jb = NULL;
    pc_buf out = PC_BUF_INIT(64u << 20);
    int code;

    /* two positional arguments: take the second off the end */
    if (argc >= 3 && argv[argc - 1][0] != '-' && argv[argc - 2][0] != '-') {
        b = argv[argc - 1];
        argc--;
    }
    if ((r = parse_opts_pos(argc, argv, usage_compare, specs, 1, &a)) >= 0)
        return r;
    if (!b)
        return usage_error(usage_compare, "compare needs two run ids", "");
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_run_get(st, a, &ida, &ja, &err) != PC_OK ||
        ds_store_run_get(st, b, &idb, &jb, &err) != PC_OK ||
        plan_compare(ida, ja, idb, jb, json, &out, &err) != PC_OK)
        code = fail("compare", &err);
    else
        code = emit(&out);
    pc_buf_free(&out);
    free(ida);
    free(ja);
    free(idb);
    free(jb);
    ds_store_close(st);
    return code;
}

static int cmd_contributions(cli *cl, int argc, char **argv)
{
    const char *file = NULL, *preset = NULL, *as_of = NULL, *warn = NULL;
    int json = 0;
    opt_spec specs[] = {{"as-of", 1, &as_of, NULL},
                        {"warn-years", 1, &warn, NULL},
                        {"scenario", 1, &file, NULL},
                        {"preset", 1, &preset, NULL},
                        {"json", 0, NULL, &json}};
    int r = parse_opts(argc, argv, usage_contributions, specs, 5);
    pc_error err = {0};
    plan_contrib_opts opts = {NULL, -1};
    plan_scenario *sc = NULL;
    ds_store *st = NULL;
    ds_dataset *ds = NULL;
    plan_contrib_ledger *l = NULL;
    pc_buf out = PC_BUF_INIT(64u << 20);
    long days;
    int code = 0;

    if (r >= 0)
        return r;
    if (as_of && plan_date_days(as_of, &days, &err) != PC_OK) {
        fprintf(stderr,
                "pcplan: contributions: --as-of \"%s\": expected a date "
                "YYYY-MM-DD, e.g. 2026-04-01\n",
                as_of);
        return 2;
    }
    opts.as_of = as_of;
    if (warn) {
        char *end = NULL;
        long v;

        errno = 0;
        v = strtol(warn, &end, 10);
        if (!*warn || *end || errno || v < 0 || v > 50) {
            fprintf(stderr,
                    "pcplan: contributions: --warn-years \"%s\": expected a "
                    "whole number of years from 0 to 50\n",
                    warn);
            return 2;
        }
        opts.warn_years = (int)v;
    }
    if ((file
             ? plan_scenario_load(file, &sc, &err)
             : ((sc = plan_scenario_new())
                    ? PC_OK
                    : PC_FAIL(&err, PC_ERR_NOMEM, "out of memory"))) != PC_OK) {
        code = fail("contributions", &err);
        if (err.code == PC_ERR_IO)
            code = 2; /* a file named on the command line: bad usage */
        goto done;
    }
    if (preset) {
        free(sc->preset);
        if (!(sc->preset = strdup(preset))) {
            fprintf(stderr, "pcplan: contributions: out of memory\n");
            code = 1;
            goto done;
        }
    }
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_load(st, 0, &ds, NULL, &err) != PC_OK ||
        plan_contrib_build(ds, sc, &opts, &l, &err) != PC_OK ||
        (json ? plan_contrib_json(l, &out, &err)
              : plan_contrib_table(l, &out, &err)) != PC_OK)
        code = fail("contributions", &err);
    else
        code = emit(&out);
done:
    pc_buf_free(&out);
    plan_contrib_free(l);
    ds_dataset_free(ds);
    ds_store_close(st);
    plan_scenario_free(sc);
    return code;
}

static int cmd_prioritise(cli *cl, int argc, char **argv)
{
    const char *file = NULL, *preset = NULL, *method = NULL, *growth = NULL,
               *alloc = NULL, *years = NULL, *mps = NULL, *scen = NULL;
    int json = 0;
    opt_spec specs[] = {
        {"scenario", 1, &file, NULL},    {"preset", 1, &preset, NULL},
        {"method", 1, &method, NULL},    {"growth", 1, &growth, NULL},
        {"allocation", 1, &alloc, NULL}, {"years", 1, &years, NULL},
        {"write-mps", 1, &mps, NULL},    {"write-scenario", 1, &scen, NULL},
        {"json", 0, NULL, &json}};
    int r = parse_opts(argc, argv, usage_prioritise, specs, 9);
    pc_error err = {0};
    plan_scenario *sc = NULL;
    cli_model m = {0};
    geo_ctx *geo = NULL;
    plan_prio_instance *in = NULL;
    plan_programme *pg = NULL;
    pc_buf out = PC_BUF_INIT(64u << 20), sbuf = PC_BUF_INIT(1u << 20);
    int code = 0;

    if (r >= 0)
        return r;
    if ((r = run_scenario("prioritise", file, preset, method, growth, alloc,
                          years, NULL, NULL, &sc)) >= 0)
        return r;
    if (!(geo = geo_ctx_new(&err)) ||
        model_open(cl, geo, sc, &m, &err) != PC_OK ||
        plan_prio_build(m.ds, model_spatial(&m), sc, &in, &err) != PC_OK) {
        code = fail("prioritise", &err);
        goto done;
    }
    if (mps) {
        char tmp[4096];

        if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", mps) >= sizeof tmp) {
            fprintf(stderr, "pcplan: prioritise: path too long: %s\n", mps);
            code = 2;
            goto done;
        }
        if (plan_prio_write_mps(in, 1.0, tmp, &err) != PC_OK) {
            unlink(tmp);
            code = fail("prioritise", &err);
            if (err.code == PC_ERR_IO)
                code = 2;
            goto done;
        }
        if (rename(tmp, mps) != 0) {
            fprintf(stderr, "pcplan: prioritise: cannot write %s: %s\n", mps,
                    strerror(errno));
            unlink(tmp);
            code = 2;
            goto done;
        }
    }
    if (plan_programme_new(in, &pg, &err) != PC_OK ||
        (scen && plan_programme_scenario(pg, sc, &sbuf, &err) != PC_OK) ||
        (json ? plan_programme_json(pg, &out, &err)
              : plan_programme_table(pg, &out, &err)) != PC_OK) {
        code = fail("prioritise", &err);
        goto done;
    }
    if (scen && (code = write_atomic("prioritise", scen, &sbuf)) != 0)
        goto done;
    code = emit(&out);
done:
    pc_buf_free(&sbuf);
    pc_buf_free(&out);
    plan_programme_free(pg);
    plan_prio_instance_free(in);
    model_close(&m);
    geo_ctx_free(geo);
    plan_scenario_free(sc);
    return code;
}

/* The report document of report and export under the scenario their
 * options give; -1 to go on, else an exit code. */
typedef struct report_opts {
    const char *file, *preset, *method, *growth, *alloc, *years, *draws, *seed,
        *as_of;
} report_opts;

static int report_doc(const cli *cl, const char *cmd, const report_opts *o,
                      cJSON **doc)
{
    plan_scenario *sc = NULL;
    cli_model m = {0};
    geo_ctx *geo = NULL;
    pc_error err = {0};
    long days;
    int r;

    if (o->as_of && plan_date_days(o->as_of, &days, &err) != PC_OK) {
        fprintf(stderr,
                "pcplan: %s: --as-of \"%s\": expected a date YYYY-MM-DD, "
                "e.g. 2026-04-01\n",
                cmd, o->as_of);
        return 2;
    }
    if ((r = run_scenario(cmd, o->file, o->preset, o->method, o->growth,
                          o->alloc, o->years, o->draws, o->seed, &sc)) >= 0)
        return r;
    if (!(geo = geo_ctx_new(&err)) ||
        model_open(cl, geo, sc, &m, &err) != PC_OK ||
        plan_report_build(geo, m.ds, model_spatial(&m), sc, o->as_of, doc,
                          &err) != PC_OK)
        r = fail(cmd, &err);
    model_close(&m);
    geo_ctx_free(geo);
    plan_scenario_free(sc);
    return r;
}

/* Creates directory dir and its parents unless they exist; -1 to go on,
 * else 2 with a message. */
static int make_dir(const char *cmd, const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    struct stat st;

    if (n == 0 || n >= sizeof path) {
        fprintf(stderr, "pcplan: %s: bad directory \"%s\"\n", cmd, dir);
        return 2;
    }
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != 0)
            continue;
        path[i] = 0;
        if (!(stat(path, &st) == 0 && S_ISDIR(st.st_mode)) &&
            mkdir(path, 0777) != 0) {
            fprintf(stderr, "pcplan: %s: cannot create directory %s: %s\n", cmd,
                    path, strerror(errno));
            return 2;
        }
        path[i] = i < n ? '/' : 0;
    }
    return -1;
}

static int cmd_report(cli *cl, int argc, char **argv)
{
    report_opts o = {0};
    const char *place = NULL, *dir = "reports";
    int all = 0, json = 0;
    opt_spec specs[] = {
        {"place", 1, &place, NULL},     {"all", 0, NULL, &all},
        {"out", 1, &dir, NULL},         {"scenario", 1, &o.file, NULL},
        {"preset", 1, &o.preset, NULL}, {"method", 1, &o.method, NULL},
        {"growth", 1, &o.growth, NULL}, {"allocation", 1, &o.alloc, NULL},
        {"years", 1, &o.years, NULL},   {"draws", 1, &o.draws, NULL},
        {"seed", 1, &o.seed, NULL},     {"as-of", 1, &o.as_of, NULL},
        {"json", 0, NULL, &json}};
    int r = parse_opts(argc, argv, usage_report, specs,
                       sizeof specs / sizeof *specs);
    cJSON *doc = NULL, *p;
    pc_error err = {0};
    pc_buf *pages = NULL;
    const char **names = NULL;
    char(*files)[256] = NULL, path[4096], tmp[4200];
    size_t n = 0, k, written = 0;
    int code = 0;

    if (r >= 0)
        return r;
    if (place && all)
        return usage_error(usage_report, "--place and --all: give one", "");
    if ((r = report_doc(cl, "report", &o, &doc)) >= 0)
        return r;
    if (json) {
        pc_buf out = PC_BUF_INIT(512u << 20);
        char *text = cJSON_Print(doc);

        if (!text || pc_buf_puts(&out, text) || pc_buf_puts(&out, "\n")) {
            fprintf(stderr, "pcplan: report: out of memory\n");
            code = 1;
        } else {
            code = emit(&out);
        }
        cJSON_free(text);
        pc_buf_free(&out);
        cJSON_Delete(doc);
        return code;
    }
    /* every page is made before any is written: a failure writes nothing */
    n = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(doc, "places"));
    pages = calloc(n + 1, sizeof *pages);
    names = calloc(n + 1, sizeof *names);
    files = calloc(n + 1, sizeof *files);
    if (!pages || !names || !files) {
        fprintf(stderr, "pcplan: report: out of memory\n");
        code = 1;
        goto done;
    }
    k = 0;
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(doc, "places"))
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(p, "name"));

        if (name && (!place || !strcmp(place, name)))
            names[k++] = name;
    }
    if (place && k == 0) {
        /* the renderer names the places there are */
        pc_buf none = PC_BUF_INIT(1u << 20);

        rpt_report_place(doc, place, &none, &err);
        pc_buf_free(&none);
        code = fail("report", &err);
        goto done;
    }
    n = k;
    for (k = 0; k <= n; k++) {
        pages[k] = (pc_buf)PC_BUF_INIT(64u << 20);
        if (k < n)
            rpt_report_file(names[k], files[k], sizeof files[k]);
        else
            snprintf(files[k], sizeof files[k], "index.html");
        if ((k < n
                 ? rpt_report_place(doc, names[k], &pages[k], &err)
                 : rpt_report_index(doc, names, n, &pages[k], &err)) != PC_OK) {
            code = fail("report", &err);
            goto done;
        }
    }
    if ((code = make_dir("report", dir)) >= 0)
        goto done;
    code = 0;
    for (k = 0; k <= n && !code; k++) {
        FILE *f;

        snprintf(path, sizeof path, "%s/%s", dir, files[k]);
        snprintf(tmp, sizeof tmp, "%s.tmp", path);
        if (!(f = fopen(tmp, "wb")) ||
            fwrite(pc_buf_str(&pages[k]), 1, pages[k].len, f) != pages[k].len ||
            fclose(f) != 0) {
            fprintf(stderr, "pcplan: report: cannot write %s: %s\n", tmp,
                    strerror(errno));
            code = 2;
        }
        written = k + 1;
    }
    for (k = 0; k < written; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[k]);
        snprintf(tmp, sizeof tmp, "%s.tmp", path);
        if (code)
            unlink(tmp);
        else if (rename(tmp, path) != 0) {
            fprintf(stderr, "pcplan: report: cannot write %s: %s\n", path,
                    strerror(errno));
            code = 1;
        } else {
            printf("%s\n", path);
        }
    }
done:
    for (k = 0; pages && k <= n; k++)
        pc_buf_free(&pages[k]);
    free(pages);
    free(names);
    free(files);
    cJSON_Delete(doc);
    return code;
}

static int cmd_export(cli *cl, int argc, char **argv)
{
    report_opts o = {0};
    const char *format = NULL, *dir = "export";
    opt_spec specs[] = {
        {"format", 1, &format, NULL},      {"out", 1, &dir, NULL},
        {"scenario", 1, &o.file, NULL},    {"preset", 1, &o.preset, NULL},
        {"method", 1, &o.method, NULL},    {"growth", 1, &o.growth, NULL},
        {"allocation", 1, &o.alloc, NULL}, {"years", 1, &o.years, NULL},
        {"draws", 1, &o.draws, NULL},      {"seed", 1, &o.seed, NULL},
        {"as-of", 1, &o.as_of, NULL}};
    int r = parse_opts(argc, argv, usage_export, specs,
                       sizeof specs / sizeof *specs);
    rpt_export_format fmt;
    pc_error err = {0};
    cJSON *doc = NULL;
    const char **written = NULL;
    size_t nwritten = 0;
    int code;

    if (r >= 0)
        return r;
    if (!format)
        return usage_error(usage_export, "--format is required", "");
    if (rpt_export_format_parse(format, &fmt, &err) != PC_OK) {
        pc_error_wrap(&err, "--format");
        return fail("export", &err);
    }
    if ((r = report_doc(cl, "export", &o, &doc)) >= 0)
        return r;
    if ((code = make_dir("export", dir)) < 0) {
        if (rpt_export(doc, fmt, dir, &written, &nwritten, &err) != PC_OK)
            code = fail("export", &err);
        else
            code = 0;
        for (size_t k = 0; !code && k < nwritten; k++)
            printf("%s\n", written[k]);
    }
    rpt_export_written_free(written);
    cJSON_Delete(doc);
    return code;
}

static const struct {
    const char *name;
    int (*fn)(cli *, int, char **);
} commands[] = {
    {"init", cmd_init},
    {"info", cmd_info},
    {"site", cmd_site},
    {"near", cmd_near},
    {"assumptions", cmd_assumptions},
    {"run", cmd_run},
    {"runs", cmd_runs},
    {"compare", cmd_compare},
    {"contributions", cmd_contributions},
    {"prioritise", cmd_prioritise},
    {"report", cmd_report},
    {"export", cmd_export},
};

int main(int argc, char **argv)
{
    cli cl = {DEFAULT_DB};
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_main, stdout);
            return 0;
        }
        if (!strcmp(a, "--version")) {
            printf("pcplan %s\n", PCPLAN_VERSION);
            return 0;
        }
        if (!strcmp(a, "--db")) {
            if (i + 1 >= argc)
                return usage_error(usage_main, "missing value for option ", a);
            cl.db = argv[++i];
            continue;
        }
        if (!strncmp(a, "--db=", 5)) {
            cl.db = a + 5;
            continue;
        }
        if (a[0] == '-')
            return usage_error(usage_main, "unknown option ", a);
        break;
    }
    if (i >= argc)
        return usage_error(usage_main, "no command given", "");
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
        if (!strcmp(argv[i], commands[k].name))
            return commands[k].fn(&cl, argc - i, argv + i);
    return usage_error(usage_main, "unknown command ", argv[i]);
}
