#!/usr/bin/env python3
"""Build the bundled pcplan dataset for NHS Coventry and Warwickshire ICB.

Usage:
    python3 datasets/tools/build_cw.py --shared PATH/TO/shared \
        --out datasets/coventry-warwickshire

This script is the provenance of every number in
datasets/coventry-warwickshire/.  It reads only the shared open data (the
directory given with --shared, which holds data/) and writes the whole
dataset except DATA.md, which is written by hand and explains the files.
It uses the Python 3 standard library only, needs no network, and is
deterministic: the same inputs give byte-identical outputs (fixed seeds,
fixed iteration orders, fixed number formatting, LF line endings).

Two kinds of values end up in the dataset:

* published values, copied from the open data (practices, PCNs, list sizes,
  boundaries, postcodes, ONS projections, IMD, census population) or from
  the Coventry and Warwickshire Primary Care Strategy (data/seed/: growth
  areas, major projects, system totals);
* illustrative values, which no public source gives (rooms per building,
  scheme costs, site boundaries, build-out trajectories, contribution
  amounts...).  Each is made by a rule written out below, calibrated so that
  the dataset reproduces the strategy's published totals exactly, and each
  is marked in the row's `illustrative` field (see datasets/FORMAT.md).

The published totals the illustrative values are calibrated to:

    153 premises; 998 consulting/examination, 295 treatment and 122 other
    patient-facing rooms; 73,000 homes completed in the ten years
    2026-2035; £111.25M capital for the projects not yet delivered.

At the end the script checks the dataset it wrote (counts, totals,
references, geometry) and exits with status 1 if anything is wrong.
"""

import argparse
import json
import os
import sys

from cw_assumptions import build_assumptions, build_lsoas, build_projections
from cw_base import write_csv, write_geojson
from cw_inputs import Inputs, build_boundaries, build_practices
from cw_money import build_cost_index, build_funds, build_schemes
from cw_output import FILES, HEADERS, check_dataset, manifest
from cw_premises import build_premises
from cw_sites import build_contributions, build_sites


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def strip_private(rows):
    return [{k: v for k, v in r.items() if not k.startswith("_")}
            for r in rows]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", required=True,
                    help="the shared inputs directory (holds data/)")
    ap.add_argument("--out", required=True,
                    help="output dataset directory")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    inp = Inputs(args.shared)
    out = args.out
    os.makedirs(out, exist_ok=True)

    icb, lads = build_boundaries(inp)
    pcns, practices, lists = build_practices(inp)
    premises = build_premises(inp, practices)
    sites, site_info, site_summary = build_sites(inp)
    schemes, scheme_summary = build_schemes(
        inp, set(r["premises_id"] for r in premises), set(site_info))
    contributions = build_contributions(site_info)
    assumptions, presets = build_assumptions()
    projections = build_projections(inp)
    lsoas = build_lsoas(inp)
    cost_index = build_cost_index()
    funds = build_funds()

    write_geojson(os.path.join(out, "icb.geojson"), "icb", icb)
    write_geojson(os.path.join(out, "lads.geojson"), "lads", lads)
    write_geojson(os.path.join(out, "sites.geojson"), "sites", sites)
    tables = {"pcns": pcns, "practices": strip_private(practices),
              "list_sizes": lists, "premises": strip_private(premises),
              "contributions": contributions, "schemes": schemes,
              "assumptions": assumptions, "presets": presets,
              "projections": projections, "lsoas": lsoas,
              "cost_index": cost_index, "funds": funds}
    counts = {}
    for key, data in tables.items():
        counts[FILES[key][0]] = write_csv(os.path.join(out, FILES[key][0]),
                                          HEADERS[key], data)
    # the postcode centroids of the six LADs (Code-Point Open), by the
    # script next to this one
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import build_postcodes
    counts["postcodes.csv"] = build_postcodes.write(
        args.shared, os.path.join(out, "postcodes.csv"))
    counts["icb.geojson"] = len(icb)
    counts["lads.geojson"] = len(lads)
    counts["sites.geojson"] = len(sites)
    with open(os.path.join(out, "dataset.json"), "w", encoding="utf-8",
              newline="") as f:
        f.write(json.dumps(manifest(), ensure_ascii=False, indent=2) + "\n")

    ck = check_dataset(out)
    if not args.quiet:
        print("files written to %s:" % out)
        for name in sorted(counts):
            print("  %-22s %5d rows/features" % (name, counts[name]))
        print("growth areas: %d homes in 2026-2035; other sites: %d"
              % (site_summary["growth_10y_total"],
                 site_summary["other_total"]))
        print("other-site homes by LAD: %s" % ", ".join(
            "%s %d" % (k, v) for k, v in sorted(
                site_summary["lad_share"].items())))
        print("scheme cost factor: %.4f (raw %.0f GBP)"
              % (scheme_summary["factor"], scheme_summary["raw_counted"]))
        print("checks passed: %d" % len(ck.results))
    if ck.failures:
        for f in ck.failures:
            sys.stderr.write("CHECK FAILED: %s\n" % f)
        sys.stderr.write("build_cw: %d checks failed\n" % len(ck.failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
