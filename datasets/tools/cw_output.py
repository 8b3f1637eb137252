"""The dataset's files and headers, its manifest, and the self-check that
reads back what was written and tests it.

Part of datasets/tools/build_cw.py (see its docstring).
"""

import csv
import os

from cw_base import (ATTR_OGL, ATTR_ONS, ATTR_OS, BASE_YEAR, LIST_DATE_2026,
    PRACTICES_BY_PLACE, TOTAL_CAPITAL_GBP, TOTAL_HOMES_10Y, TOTAL_LIST_2026,
    TOTAL_PREMISES, TOTAL_ROOMS, read_json)
from cw_geom import (bng_to_wgs84, geom_problems, point_in_geom, polygons_of,
    polygons_overlap, rings_cross)
from cw_money import ICB_CAPITAL_GBP
from cw_sites import S106_MAP, completions_in_window


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

FILES = {
    "system": ("icb.geojson", None),
    "lads": ("lads.geojson", None),
    "pcns": ("pcns.csv", None),
    "practices": ("practices.csv", "EPSG:27700"),
    "list_sizes": ("list_sizes.csv", None),
    "premises": ("premises.csv", "EPSG:27700"),
    "sites": ("sites.geojson", "EPSG:4326"),
    "contributions": ("contributions.csv", None),
    "schemes": ("schemes.csv", None),
    "assumptions": ("assumptions.csv", None),
    "presets": ("presets.csv", None),
    "projections": ("lad_projections.csv", None),
    "lsoas": ("lsoas.csv", None),
    "cost_index": ("cost_index.csv", None),
    "funds": ("funds.csv", None),
    # written by datasets/tools/build_postcodes.py
    "postcodes": ("postcodes.csv", None),
}

HEADERS = {
    "pcns": ["pcn_code", "pcn_name"],
    "practices": ["practice_code", "practice_name", "postcode", "pcn_code",
                  "lad_code", "easting", "northing", "pcn_name", "lad_name",
                  "place", "sub_icb_code"],
    "list_sizes": ["practice_code", "date", "patients"],
    "premises": ["premises_id", "name", "postcode", "site_type", "tenure",
                 "gia_m2", "condition", "rooms_consult", "rooms_treatment",
                 "rooms_other", "backlog_gbp", "void_m2", "practices",
                 "easting", "northing", "lad_code", "note", "illustrative"],
    "contributions": ["contribution_id", "site_id", "kind", "status",
                      "amount_gbp", "base_date", "land", "land_ha",
                      "purpose", "triggers", "spend_by_years",
                      "received_gbp", "received_date", "spent_gbp",
                      "illustrative"],
    "schemes": ["scheme_id", "name", "place", "premises_id", "site_id",
                "kind", "status", "rooms_consult", "rooms_treatment",
                "rooms_other", "m2_added", "cost_gbp", "spend_profile",
                "earliest_start", "duration_years", "completion_year",
                "rent_gbp", "funding", "option_group", "depends_on",
                "funding_route_published", "illustrative"],
    "assumptions": ["assumption_id", "value", "unit", "source", "note"],
    "presets": ["preset", "assumption_id", "value"],
    "projections": ["lad_code", "year", "population"],
    "lsoas": ["lsoa_code", "lad_code", "imd_score", "population"],
    "cost_index": ["date", "value", "source", "illustrative"],
    "funds": ["fund_id", "kind", "year", "amount_gbp", "scheme_id", "place",
              "spend_by_year", "source", "illustrative"],
}


def manifest():
    files = {}
    for key, (path, crs) in FILES.items():
        entry = {"path": path}
        if crs:
            entry["crs"] = crs
        files[key] = entry
    return {
        "format": "pcplan-dataset/1",
        "name": "coventry-warwickshire",
        "title": "NHS Coventry and Warwickshire ICB",
        "base_year": BASE_YEAR,
        "methods": {"growth": "gp_fte", "capacity": "activity"},
        "attribution": [ATTR_OGL, ATTR_ONS, ATTR_OS],
        "files": files,
    }


# ---------------------------------------------------------------------------
# Self-check: re-read what was written and test it
# ---------------------------------------------------------------------------

class Checker:
    def __init__(self):
        self.failures = []
        self.results = []

    def ok(self, cond, what):
        (self.results if cond else self.failures).append(what)
        return cond

    def eq(self, got, want, what):
        return self.ok(got == want, "%s: %s (want %s)" % (what, got, want))


def read_back_csv(path, ck):
    """Rows as dicts, after checking every row has the header's count."""
    with open(path, newline="", encoding="utf-8") as f:
        raw = list(csv.reader(f))
    header = raw[0]
    bad = [i + 1 for i, r in enumerate(raw) if len(r) != len(header)]
    ck.ok(not bad, "%s: every row has %d fields%s"
          % (os.path.basename(path), len(header),
             "" if not bad else " (bad rows %s)" % bad[:5]))
    ck.ok(len(set(header)) == len(header),
          "%s: header names unique" % os.path.basename(path))
    return [dict(zip(header, r)) for r in raw[1:]]


def is_number(s):
    try:
        float(s)
    except ValueError:
        return False
    return s.strip() == s and "e" not in s.lower() and s not in ("nan",
                                                                  "inf")


def valid_id(s):
    return (0 < len(s) <= 32 and s == s.strip()
            and not any(ord(c) < 32 for c in s))


def check_dataset(out):
    ck = Checker()
    man = read_json(os.path.join(out, "dataset.json"))
    ck.eq(man.get("format"), "pcplan-dataset/1", "manifest format")
    ck.eq(man.get("base_year"), BASE_YEAR, "manifest base_year")
    ck.ok(set(man) <= {"format", "name", "title", "base_year", "methods",
                       "attribution", "files"}, "manifest keys known")
    for k, e in man["files"].items():
        ck.ok(os.path.isfile(os.path.join(out, e["path"]))
              and set(e) <= {"path", "crs"} and ".." not in e["path"],
              "manifest file %s present" % k)

    def gj(key):
        d = read_json(os.path.join(out, man["files"][key]["path"]))
        ck.ok(set(d) <= {"type", "name", "features"}
              and d["type"] == "FeatureCollection",
              "%s: plain FeatureCollection" % key)
        return d["features"]

    def rows(key):
        return read_back_csv(os.path.join(out, man["files"][key]["path"]), ck)

    # -- boundaries
    icb = gj("system")
    lads = gj("lads")
    ck.eq(len(icb), 1, "ICB features")
    ck.eq(len(lads), 6, "LAD features")
    for f in icb + lads:
        pr = geom_problems(f["geometry"])
        ck.ok(not pr, "%s geometry valid, RFC 7946 winding %s"
              % (f["properties"]["code"], pr[:2] if pr else ""))
    icb_geom = icb[0]["geometry"]
    lad_geom = {f["properties"]["code"]: f["geometry"] for f in lads}
    lad_place = {f["properties"]["code"]: f["properties"]["place"]
                 for f in lads}
    ck.eq(len(set(lad_place.values())), 4, "places")

    # -- PCNs, practices, list sizes
    pcns = rows("pcns")
    ck.eq(len(pcns), 20, "PCNs")
    pcn_codes = set(r["pcn_code"] for r in pcns)
    ck.ok("U" not in pcn_codes, "no 'U' (Unallocated) PCN")
    prs = rows("practices")
    ck.eq(len(prs), 119, "practices")
    ck.eq(len(set(r["practice_code"] for r in prs)), 119,
          "practice codes unique")
    by_place = {}
    for r in prs:
        by_place[lad_place[r["lad_code"]]] = \
            by_place.get(lad_place[r["lad_code"]], 0) + 1
    ck.eq(by_place, PRACTICES_BY_PLACE, "practices by place")
    ck.ok(all(r["pcn_code"] == "" or r["pcn_code"] in pcn_codes
              for r in prs), "every practice PCN resolves")
    ck.eq([r["pcn_code"] for r in prs if r["practice_code"] == "M84034"],
          [""], "M84034 has no PCN")
    ck.ok(all(r["lad_code"] in lad_geom for r in prs),
          "every practice LAD resolves")
    bad = []
    for r in prs:
        lon, lat = bng_to_wgs84(float(r["easting"]), float(r["northing"]))
        if not point_in_geom(lon, lat, lad_geom[r["lad_code"]]):
            bad.append(r["practice_code"])
    ck.ok(not bad, "every practice point inside its LAD %s" % bad)
    pcodes = set(r["practice_code"] for r in prs)
    ls = rows("list_sizes")
    pairs = [(r["practice_code"], r["date"]) for r in ls]
    ck.eq(len(set(pairs)), len(pairs), "list size (practice, date) unique")
    ck.ok(all(r["practice_code"] in pcodes for r in ls),
          "every list size practice resolves")
    tot26 = sum(int(r["patients"]) for r in ls if r["date"] == LIST_DATE_2026)
    ck.eq(tot26, TOTAL_LIST_2026, "list total 2026-04-01")
    ck.eq(len([r for r in ls if r["date"] == LIST_DATE_2026]), 119,
          "practices with a 2026-04-01 list")

    # -- premises
    pm = rows("premises")
    ck.eq(len(pm), TOTAL_PREMISES, "premises")
    ck.eq(len(set(r["premises_id"] for r in pm)), len(pm),
          "premises ids unique")
    ck.ok(all(valid_id(r["premises_id"]) for r in pm), "premises ids valid")
    n_main = sum(1 for r in pm if r["site_type"] == "main")
    ck.eq(n_main, 119, "main sites")
    ck.eq(len(pm) - n_main, 34, "branch and shared sites")
    for col, tot in TOTAL_ROOMS.items():
        ck.eq(sum(int(r[col]) for r in pm), tot, "premises %s total" % col)
    ck.ok(all(int(r["rooms_consult"]) >= 1 for r in pm),
          "every building has a consulting room")
    ck.ok(all(r["site_type"] in ("main", "branch", "shared") for r in pm),
          "site_type enumeration")
    ck.ok(all(r["tenure"] in ("gp_owned", "nhsps", "lift", "leased",
                              "council", "other") for r in pm),
          "tenure enumeration")
    ck.ok(all(r["condition"] in ("A", "B", "C", "D", "") for r in pm),
          "condition enumeration")
    ck.ok(all(float(r[c]) >= 0 for r in pm
              for c in ("gia_m2", "backlog_gbp", "void_m2")),
          "premises numbers >= 0")
    ck.ok(all(float(r["void_m2"]) <= float(r["gia_m2"]) for r in pm),
          "void within GIA")
    mains = {}
    badref, dup, badpt = [], [], []
    for r in pm:
        pl = r["practices"].split(";")
        if len(set(pl)) != len(pl):
            dup.append(r["premises_id"])
        for c in pl:
            if c not in pcodes:
                badref.append(r["premises_id"])
        if r["site_type"] == "main":
            for c in pl:
                mains[c] = mains.get(c, 0) + 1
        lon, lat = bng_to_wgs84(float(r["easting"]), float(r["northing"]))
        if not point_in_geom(lon, lat, lad_geom[r["lad_code"]]):
            badpt.append(r["premises_id"])
    prac_lad = {r["practice_code"]: r["lad_code"] for r in prs}
    ck.ok(all(prac_lad[c] == r["lad_code"] for r in pm
              for c in r["practices"].split(";")),
          "premises in the LAD of the practices they serve")
    ck.ok(not badref, "premises practices resolve %s" % badref)
    ck.ok(not dup, "no practice twice in a building %s" % dup)
    ck.ok(all(mains.get(c) == 1 for c in pcodes),
          "every practice has exactly one main site")
    ck.ok(not badpt, "every premises point inside its LAD %s" % badpt)
    premises_ids = set(r["premises_id"] for r in pm)

    # -- sites
    st = gj("sites")
    sids = [f["properties"]["site_id"] for f in st]
    ck.eq(len(set(sids)), len(sids), "site ids unique")
    ck.ok(all(valid_id(s) for s in sids), "site ids valid")
    seed_ids = sorted(S106_MAP)
    ck.ok(set(seed_ids) <= set(sids), "all 16 growth areas present")
    total10 = 0
    rings = []
    site_dw = {}
    for f in st:
        p = f["properties"]
        sid = p["site_id"]
        g = f["geometry"]
        pr = geom_problems(g)
        ck.ok(not pr, "site %s geometry valid %s" % (sid, pr[:2]))
        ck.ok(p["lad_code"] in lad_geom, "site %s LAD resolves" % sid)
        ring = polygons_of(g)[0][0]
        inside = all(point_in_geom(x, y, lad_geom[p["lad_code"]])
                     and point_in_geom(x, y, icb_geom) for x, y in ring)
        cross = any(rings_cross(ring, pl[0])
                    for pl in polygons_of(lad_geom[p["lad_code"]])
                    + polygons_of(icb_geom))
        ck.ok(inside and not cross, "site %s inside its LAD and the ICB"
              % sid)
        tr = p.get("trajectory", [])
        ck.eq(sum(tr), p["dwellings"], "site %s trajectory sum" % sid)
        ck.ok(all(isinstance(v, int) and v >= 0 for v in tr),
              "site %s trajectory integers >= 0" % sid)
        total10 += completions_in_window(p["trajectory_start"], tr)
        if "mix" in p:
            ck.ok(abs(sum(p["mix"].values()) - 100) <= 0.5
                  and set(p["mix"]) <= {"1", "2", "3", "4", "5"},
                  "site %s mix sums to 100" % sid)
        ck.ok(p.get("planning_status") in (
            "proposed", "allocated", "outline", "full",
            "under_construction", "complete"), "site %s status" % sid)
        ck.ok(p.get("s106_position") in (
            "none", "requested", "approved", "secured", "land_only",
            "limited", "unknown"), "site %s s106_position" % sid)
        ck.ok(p.get("setting") in ("urban", "rural"),
              "site %s setting" % sid)
        ck.ok(isinstance(p.get("cil_liable"), bool),
              "site %s cil_liable boolean" % sid)
        rings.append((sid, ring))
        site_dw[sid] = p["dwellings"]
    ck.eq(total10, TOTAL_HOMES_10Y, "completions 2026-2035, all sites")
    overl = []
    for i in range(len(rings)):
        for j in range(i + 1, len(rings)):
            if polygons_overlap(rings[i][1], rings[j][1]):
                overl.append((rings[i][0], rings[j][0]))
    ck.ok(not overl, "no two site polygons overlap %s" % overl[:3])

    # -- contributions
    schemes = rows("schemes")
    scheme_ids = set(r["scheme_id"] for r in schemes)
    cs = rows("contributions")
    ck.eq(len(set(r["contribution_id"] for r in cs)), len(cs),
          "contribution ids unique")
    for r in cs:
        cid = r["contribution_id"]
        ck.ok(r["site_id"] in site_dw, "%s site resolves" % cid)
        ck.ok(r["kind"] in ("s106", "cil") and r["status"] in (
            "requested", "agreed", "received", "transferred", "spent",
            "repaid"), "%s kind/status" % cid)
        if r["triggers"]:
            pcts = 0
            okf = True
            for t in r["triggers"].split(";"):
                pct, ev = t.split("@")
                pcts += int(pct.rstrip("%"))
                if ev.startswith("occupation:"):
                    okf &= 0 < int(ev.split(":")[1]) <= site_dw[r["site_id"]]
                elif ev.startswith("date:"):
                    okf &= len(ev) == 15
                else:
                    okf &= ev == "commencement"
            ck.ok(pcts == 100 and okf, "%s triggers" % cid)
        if r["spent_gbp"]:
            ck.ok(float(r["spent_gbp"]) <= float(r["received_gbp"]),
                  "%s spent <= received" % cid)
        pur = r["purpose"]
        if pur.startswith("scheme:"):
            ck.ok(pur[7:] in scheme_ids, "%s purpose scheme resolves" % cid)
        elif pur.startswith("practice:"):
            ck.ok(pur[9:] in pcodes, "%s purpose practice resolves" % cid)
        else:
            ck.ok(pur == "general" or pur.startswith("locality:"),
                  "%s purpose form" % cid)
        if r["land"] == "true" and float(r["amount_gbp"]) == 0:
            ck.ok(bool(r["land_ha"]), "%s land only has land_ha" % cid)

    # -- schemes
    places = set(lad_place.values())
    groups = {}
    first_of_group = {}
    for r in schemes:
        sid = r["scheme_id"]
        ck.ok(r["place"] in places, "%s place" % sid)
        ck.ok(not r["premises_id"] or r["premises_id"] in premises_ids,
              "%s premises resolves" % sid)
        ck.ok(not r["site_id"] or r["site_id"] in site_dw,
              "%s site resolves" % sid)
        ck.ok(r["kind"] in ("new_build", "extension", "reconfiguration",
                            "refurbishment", "land")
              and r["status"] in ("delivered", "committed", "candidate"),
              "%s kind/status" % sid)
        dur = int(r["duration_years"])
        sp = [float(x) for x in r["spend_profile"].split(";")]
        ck.ok(1 <= dur <= 10 and len(sp) == dur
              and abs(sum(sp) - 1) < 1e-9, "%s spend profile" % sid)
        if r["status"] == "delivered":
            ck.ok(bool(r["completion_year"]), "%s completion year" % sid)
        for d in filter(None, r["depends_on"].split(";")):
            ck.ok(d in scheme_ids and d != sid, "%s depends on %s" % (sid, d))
        ck.ok(all(x in ("icb", "s106", "cil", "grant", "partner")
                  for x in r["funding"].split(";")), "%s funding" % sid)
        if r["option_group"]:
            groups.setdefault(r["option_group"], []).append(sid)
            first_of_group.setdefault(r["option_group"], sid)
    ck.ok(all(len(v) >= 2 for v in groups.values()),
          "option groups have 2+ options")
    ck.eq(sorted(groups.items()),
          [("OG-KH", ["P13A", "P13B"]), ("OG-UL", ["P17A", "P17B", "P17C"])],
          "option groups")
    ck.eq({r["scheme_id"] for r in schemes if r["status"] == "delivered"},
          {"P09", "P14", "P25"}, "delivered schemes")
    cost = sum(int(r["cost_gbp"]) for r in schemes
               if r["status"] != "delivered"
               and (not r["option_group"]
                    or first_of_group[r["option_group"]] == r["scheme_id"]))
    ck.eq(cost, TOTAL_CAPITAL_GBP,
          "cost of schemes not delivered (first option per group)")

    # -- assumptions, presets
    asm = rows("assumptions")
    aval = {r["assumption_id"]: r["value"] for r in asm}
    ck.eq(len(aval), len(asm), "assumption ids unique")
    ck.ok(all(is_number(v) for v in aval.values()),
          "assumption values are plain numbers")
    ck.ok(all(r["unit"] and r["source"] for r in asm),
          "assumptions have unit and source")
    pre = rows("presets")
    ck.ok(all(r["assumption_id"] in aval and is_number(r["value"])
              for r in pre), "preset assumptions resolve")
    ck.eq(len(set((r["preset"], r["assumption_id"]) for r in pre)), len(pre),
          "preset pairs unique")
    cw = {r["assumption_id"]: float(r["value"]) for r in pre
          if r["preset"] == "cw-strategy"}
    rooms53 = (TOTAL_HOMES_10Y * cw["persons_per_dwelling"]
               / cw["patients_per_gp_fte"] * cw["gp_f2f_sessions_per_fte"]
               / cw["room_sessions_per_week"])
    ck.eq(round(rooms53, 1), 53.1, "cw-strategy rooms for 73,000 homes")

    # -- projections, LSOAs
    pj = rows("projections")
    ck.eq(len(pj), 6 * 26, "projection rows")
    ck.eq(len(set((r["lad_code"], r["year"]) for r in pj)), len(pj),
          "projection pairs unique")
    ck.ok(all(r["lad_code"] in lad_geom and float(r["population"]) >= 0
              for r in pj), "projections LAD and values")
    lso = rows("lsoas")
    ck.eq(len(lso), 557, "LSOA rows")
    ck.ok(all(r["lad_code"] in lad_geom and float(r["imd_score"]) >= 0
              and r["population"].isdigit() for r in lso),
          "LSOA LADs and values")
    ck.eq(sum(int(r["population"]) for r in lso), 942144,
          "LSOA census population total")

    # -- cost index
    ci = rows("cost_index")
    ck.eq(len(ci), 12, "cost index rows")
    ck.ok(all(is_number(r["value"]) and float(r["value"]) > 0 for r in ci),
          "cost index values positive")
    dates = [r["date"] for r in ci]
    ck.ok(all(a < b for a, b in zip(dates, dates[1:])),
          "cost index dates strictly ascending")
    ck.ok(all(r["illustrative"] == "*" for r in ci),
          "cost index marked illustrative")
    civ = {r["date"]: float(r["value"]) for r in ci}
    ck.eq(civ.get("2018-04-01"), 100.0, "cost index 2018 base")
    ck.eq(civ.get("2026-04-01", 0.0) / civ.get("2018-04-01", 1.0),
          float(aval["build_cost_index"]),
          "cost index 2018->2026 equals build_cost_index")

    # -- funds
    fu = rows("funds")
    ck.eq(len(fu), 17, "fund rows")
    ck.eq(len(set((r["fund_id"], r["year"]) for r in fu)), len(fu),
          "fund (fund_id, year) pairs unique")
    terms = {}
    for r in fu:
        fid = r["fund_id"]
        t = (r["kind"], r["scheme_id"], r["place"], r["spend_by_year"])
        ck.ok(terms.setdefault(fid, t) == t,
              "%s: same kind, scheme, place, spend-by on every row" % fid)
        ck.ok(valid_id(fid) and r["kind"] in ("icb", "grant", "partner"),
              "%s id and kind" % fid)
        ck.ok(r["year"].isdigit() and 1990 <= int(r["year"]) <= 2100
              and is_number(r["amount_gbp"])
              and 0 <= float(r["amount_gbp"]) <= 1e11,
              "%s year and amount" % fid)
        ck.ok(not r["spend_by_year"]
              or int(r["spend_by_year"]) >= int(r["year"]),
              "%s spend by after the year" % fid)
        ck.ok(not r["scheme_id"] or r["scheme_id"] in scheme_ids,
              "%s scheme resolves" % fid)
        ck.ok(not r["place"] or r["place"] in places, "%s place" % fid)
        ck.ok(not r["scheme_id"] or r["kind"] in next(
            s["funding"].split(";") for s in schemes
            if s["scheme_id"] == r["scheme_id"]),
            "%s kind is a funding route of its scheme" % fid)
    ck.ok(all(r["illustrative"] == "*" for r in fu),
          "funds marked illustrative")
    ck.eq(sum(int(r["amount_gbp"]) for r in fu
              if r["fund_id"] == "ICB-CAPITAL"), 10 * ICB_CAPITAL_GBP,
          "ICB capital over ten years")
    ck.eq(sum(int(r["amount_gbp"]) for r in fu if r["scheme_id"] == "P24"),
          next(int(s["cost_gbp"]) for s in schemes
               if s["scheme_id"] == "P24"),
          "Nuneaton hub funds make up its cost")
    return ck
