#!/usr/bin/env python3
"""Build a dataset's postcodes.csv from OS Code-Point Open.

Usage:
    python3 datasets/tools/build_postcodes.py --shared PATH/TO/shared \
        --out datasets/coventry-warwickshire/postcodes.csv

Reads the Code-Point Open extracts in shared/data/postcodes/
(codepoint_open_2025-10_*.csv: postcode, positional_quality, easting,
northing, lat, lon, country_code, admin_county_code, admin_district_code,
admin_ward_code) and keeps the live postcodes whose admin district (LAD) is
one of the six of Coventry and Warwickshire (or those given with --lad).
Code-Point Open lists live postcodes only, so every row is kept; rows
without a grid reference are dropped.

Writes `postcode,easting,northing` (British National Grid, EPSG:27700,
whole metres), one row per postcode in postcode order, LF line endings.
Python 3 standard library only; the same inputs give the same bytes.

Source: OS Code-Point Open 2025.4.0 (October 2025), OS OpenData licence.
Attribution: Contains OS data (c) Crown copyright and database right 2025;
Contains Royal Mail data (c) Royal Mail copyright and database right 2025;
Contains National Statistics data (c) Crown copyright and database right
2025.
"""

import argparse
import csv
import glob
import os
import re
import sys

CW_LADS = ("E08000026", "E07000218", "E07000219", "E07000220",
           "E07000221", "E07000222")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$")


def die(msg):
    sys.stderr.write("build_postcodes.py: " + msg + "\n")
    sys.exit(1)


def normalise(pc):
    s = "".join(pc.split()).upper()
    return s[:-3] + " " + s[-3:] if len(s) >= 5 else s


def read_rows(path, lads):
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("admin_district_code") not in lads:
                continue
            pc = normalise(row["postcode"])
            if not POSTCODE.match(pc):
                die("%s: bad postcode %r" % (path, row["postcode"]))
            if not row["easting"] or not row["northing"]:
                continue
            e, n = int(row["easting"]), int(row["northing"])
            if e <= 0 or n <= 0:
                continue
            out.append((pc, e, n))
    return out


def write(shared, out, lads=CW_LADS):
    """Writes postcodes.csv at out from shared/data/postcodes; returns the
    number of postcodes written."""
    files = sorted(glob.glob(os.path.join(shared, "data", "postcodes",
                                          "codepoint_open_*.csv")))
    if not files:
        die("no codepoint_open_*.csv under %s/data/postcodes" % shared)
    rows = {}
    for path in files:
        for pc, e, n in read_rows(path, set(lads)):
            if pc in rows and rows[pc] != (e, n):
                die("postcode %s twice with different points" % pc)
            rows[pc] = (e, n)
    if not rows:
        die("no postcode in the LADs asked for")
    with open(out, "w", newline="", encoding="utf-8") as f:
        f.write("postcode,easting,northing\n")
        for pc in sorted(rows):
            f.write("%s,%d,%d\n" % (pc, rows[pc][0], rows[pc][1]))
    return len(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", required=True,
                    help="the shared directory holding data/postcodes/")
    ap.add_argument("--out", required=True, help="postcodes.csv to write")
    ap.add_argument("--lad", action="append",
                    help="keep this LAD (GSS code); repeat; default: the "
                         "six of Coventry and Warwickshire")
    a = ap.parse_args()
    n = write(a.shared, a.out, a.lad or CW_LADS)
    sys.stderr.write("build_postcodes.py: wrote %d postcodes to %s\n"
                     % (n, a.out))


if __name__ == "__main__":
    main()
