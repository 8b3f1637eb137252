"""The shared open data the dataset builder reads, and the published
tables made from it: boundaries, PCNs, practices and list sizes.

Part of datasets/tools/build_cw.py (see its docstring).
"""

import math
import os

from cw_base import LIST_DATE_2023, LIST_DATE_2026, die, read_csv, read_json
from cw_geom import LocalFrame, rfc7946_orient, round_coords


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

CODEPOINT_AREAS = ("cv", "b", "le", "ox", "nn", "wr", "gl")


class Inputs:
    """Everything read from shared/data."""

    def __init__(self, shared):
        d = os.path.join(shared, "data")
        if not os.path.isdir(d):
            die("no data/ directory under " + shared)
        self.lads = read_json(os.path.join(
            d, "ons", "boundaries", "lad_2024-12_bgc_cw.geojson"))
        self.icb = read_json(os.path.join(
            d, "nhs", "boundaries", "icb_2023-04_bgc_cw.geojson"))
        self.practices = read_csv(os.path.join(d, "nhs",
                                               "gp_practices_cw.csv"))
        self.growth = read_csv(os.path.join(d, "seed",
                                            "cw_growth_sites.csv"))
        self.projects = read_csv(os.path.join(d, "seed",
                                              "cw_major_projects.csv"))
        self.snpp = read_csv(os.path.join(
            d, "ons", "population", "snpp2022_migcat_syoa_persons_cw.csv"))
        self.imd = read_csv(os.path.join(d, "ons", "imd",
                                         "imd2025_lsoa21_cw.csv"))
        self.census = read_csv(os.path.join(
            d, "ons", "population", "census2021_lsoa21_population_cw.csv"))
        self.lad_codes = sorted(f["properties"]["code"]
                                for f in self.lads["features"])
        self.lad_geom = {f["properties"]["code"]: f["geometry"]
                         for f in self.lads["features"]}
        self.lad_name = {f["properties"]["code"]: f["properties"]["name"]
                         for f in self.lads["features"]}
        self.lad_place = {f["properties"]["code"]: f["properties"]["place"]
                          for f in self.lads["features"]}
        self.icb_geom = self.icb["features"][0]["geometry"]
        # OS Code-Point Open: live postcodes whose admin district is one of
        # the six LADs.  postcode -> (easting, northing, lon, lat, lad).
        self.postcodes = {}
        lads = set(self.lad_codes)
        for area in CODEPOINT_AREAS:
            p = os.path.join(d, "postcodes",
                             "codepoint_open_2025-10_%s.csv" % area)
            for r in read_csv(p):
                if r["admin_district_code"] in lads:
                    self.postcodes[r["postcode"]] = (
                        int(r["easting"]), int(r["northing"]),
                        float(r["lon"]), float(r["lat"]),
                        r["admin_district_code"])
        self.pc_sorted = sorted(self.postcodes)

    def postcodes_by_distance(self, lon, lat, lad):
        """[(distance in metres, postcode)] of the postcodes of LAD `lad`,
        nearest first (ties broken by postcode)."""
        fr = LocalFrame(lon, lat)
        cands = []
        for pc in self.pc_sorted:
            e, n, plon, plat, plad = self.postcodes[pc]
            if plad != lad:
                continue
            x, y = fr.xy(plon, plat)
            cands.append((math.hypot(x, y), pc))
        cands.sort()
        return cands

    def nearest_postcode(self, lon, lat, lad, exclude=(), accept=None):
        """The nearest postcode of LAD `lad` to (lon, lat), not in
        `exclude`, for which accept(postcode) is true; and its distance."""
        for d, pc in self.postcodes_by_distance(lon, lat, lad):
            if pc in exclude:
                continue
            if accept is None or accept(pc):
                return pc, d
        return None, None


# ---------------------------------------------------------------------------
# Boundaries, PCNs, practices, list sizes (all published, none illustrative)
# ---------------------------------------------------------------------------

def build_boundaries(inp):
    """icb.geojson and lads.geojson: the ONS BGC polygons as staged in
    shared/data, with properties kept as they are.  The staged rings are
    clockwise, so they are reversed to the RFC 7946 winding (exterior
    counter-clockwise); vertices are unchanged."""
    icb_f = inp.icb["features"][0]
    icb = [{"type": "Feature",
            "properties": {"code": icb_f["properties"]["code"],
                           "name": icb_f["properties"]["name"]},
            "geometry": rfc7946_orient(round_coords(icb_f["geometry"]))}]
    lads = []
    for f in sorted(inp.lads["features"],
                    key=lambda f: f["properties"]["code"]):
        p = f["properties"]
        lads.append({"type": "Feature",
                     "properties": {"code": p["code"], "name": p["name"],
                                    "place": p["place"]},
                     "geometry": rfc7946_orient(round_coords(f["geometry"]))})
    return icb, lads


def build_practices(inp):
    """pcns.csv, practices.csv and list_sizes.csv from
    shared/data/nhs/gp_practices_cw.csv (NHS England practice map January
    2026, list sizes April 2026 and July 2023, Code-Point Open postcode
    centroids).  The one practice in the "Unallocated" pseudo-PCN `U`
    (M84034) gets an empty pcn_code and `U` is not a PCN."""
    pcns = {}
    practices = []
    lists = []
    for r in sorted(inp.practices, key=lambda r: r["practice_code"]):
        pcn = r["pcn_code"]
        if pcn == "U" or r["pcn_name"].strip().lower() == "unallocated":
            pcn = ""
        else:
            if pcn in pcns and pcns[pcn] != r["pcn_name"]:
                die("PCN %s has two names" % pcn)
            pcns[pcn] = r["pcn_name"]
        practices.append({
            "practice_code": r["practice_code"],
            "practice_name": r["practice_name"],
            "postcode": r["postcode"],
            "pcn_code": pcn,
            "lad_code": r["lad_code"],
            "easting": int(r["easting"]),
            "northing": int(r["northing"]),
            # informative extra columns (ignored by the loader)
            "pcn_name": r["pcn_name"] if pcn else "",
            "lad_name": r["lad_name"],
            "place": r["place"],
            "sub_icb_code": r["sub_icb_code"],
            # kept for the checks, not written
            "_lon": float(r["lon"]), "_lat": float(r["lat"]),
            "_list": int(r["list_size_2026_04"]),
        })
        lists.append({"practice_code": r["practice_code"],
                      "date": LIST_DATE_2026,
                      "patients": int(r["list_size_2026_04"])})
        if r["list_size_2023_07"].strip():
            lists.append({"practice_code": r["practice_code"],
                          "date": LIST_DATE_2023,
                          "patients": int(r["list_size_2023_07"])})
    pcn_rows = [{"pcn_code": c, "pcn_name": pcns[c]} for c in sorted(pcns)]
    lists.sort(key=lambda r: (r["practice_code"], r["date"]))
    return pcn_rows, practices, lists
