"""The 153 premises of the dataset (rooms, tenure and condition
illustrative, calibrated to the strategy's totals).

Part of datasets/tools/build_cw.py (see its docstring).
"""

import math
import random

from cw_base import (ROOM_SPREAD_SEED, ROOM_SPREAD_SIGMA, TOTAL_PREMISES,
    TOTAL_ROOMS, die, largest_remainder)
from cw_geom import point_in_geom


# ---------------------------------------------------------------------------
# Premises (153 buildings)
# ---------------------------------------------------------------------------
#
# The strategy counts 153 practice premises but publishes no list.  We build
# one main site per practice (119, at the practice's own postcode centroid,
# site_type `main`) and 34 more buildings: 8 `shared` buildings (the NHS
# Property Services / LIFT buildings the strategy names, plus Lillington
# Health Hub and Alcester Health Centre) and 26 `branch` surgeries.
#
# A shared row stands for the shared, bookable clinical space of the named
# building.  Where a practice's own postcode is that building's postcode
# (e.g. the four practices at CV1 4FS, City of Coventry Health Centre, or
# M84011 at Bedworth Health Centre) the practice keeps its own main row at
# the same point for its own (demised) space: the published count of 153
# cannot be reached otherwise, and an ICB with its own baseline should merge
# them.
#
# Locations of shared and branch buildings are illustrative: each is the
# centroid of a real postcode (OS Code-Point Open) in the same LAD as the
# practices it serves, chosen as the nearest such postcode to the locality
# given below (an approximate centre from general knowledge of the area),
# or a named postcode.  Branch localities and which practice runs them are
# plausible, not taken from a published list.

# (premises_id, name, tenure, practices, postcode or (lon, lat), note)
SHARED_BUILDINGS = [
    ("SH-ALCESTER", "Alcester Health Centre", "nhsps",
     ["M84049", "M84060"], "B49 6QR",
     "two practices share this postcode"),
    ("SH-ATHERSTONE", "Atherstone Clinic", "nhsps",
     ["M84019", "M84612"], (-1.5460, 52.5770),
     "NHSPS clinic named in the strategy (P22 clinic hub)"),
    ("SH-BEDWORTH", "Bedworth Health Centre", "nhsps",
     ["M84011", "M84627"], "CV12 8NQ",
     "NHSPS building with 2 practices named in the strategy (P26)"),
    ("SH-CCHC", "City of Coventry Health Centre", "lift",
     ["M86005", "M86012", "M86617", "Y00996"], "CV1 4FS",
     "LIFT building named in the strategy (P04); four practices share "
     "this postcode"),
    ("SH-KENILWORTH", "Kenilworth Clinic", "nhsps",
     ["M84013", "M84036"], "CV8 1QG",
     "NHSPS clinic named in the strategy (P12, 2 town centre practices)"),
    ("SH-LILLINGTON", "Lillington Health Hub", "council",
     ["M84029"], (-1.5190, 52.3060),
     "opened summer 2024 (P14), joint project with the council"),
    ("SH-SOUTHAM", "Southam Clinic", "nhsps",
     ["M84026", "M84629"], (-1.3900, 52.2520),
     "clinic named in the strategy (P16 Here and Now scheme)"),
    ("SH-STNICOLAS", "St Nicolas Clinic", "nhsps",
     ["M84037", "Y04882"], (-1.4400, 52.5300),
     "clinic named in the strategy (P23 interim provision for Weddington)"),
]

# (practice, locality of the branch, (lon, lat) of the locality)
BRANCHES = [
    # Coventry
    ("M86002", "Bell Green", (-1.4745, 52.4395)),
    ("M86003", "Styvechale", (-1.5300, 52.3900)),
    ("M86004", "Eastern Green", (-1.5850, 52.4210)),
    ("M86009", "Coundon", (-1.5450, 52.4200)),
    ("M86014", "Potters Green", (-1.4480, 52.4370)),
    ("M86015", "Binley", (-1.4500, 52.4020)),
    ("M86016", "Stoke Park", (-1.4870, 52.4030)),
    ("Y04965", "Stoke Heath", (-1.4800, 52.4240)),
    # Rugby
    ("M84004", "Hillmorton", (-1.2250, 52.3620)),
    ("M84016", "Ryton-on-Dunsmore", (-1.4370, 52.3600)),
    ("M84023", "Bilton", (-1.2900, 52.3620)),
    ("M84031", "Wolvey", (-1.3730, 52.4910)),
    ("M84046", "Long Lawford", (-1.3060, 52.3810)),
    # North Warwickshire
    ("M84006", "Hurley", (-1.6530, 52.5690)),
    ("M84007", "Polesworth", (-1.6165, 52.6185)),
    ("M84008", "Fillongley", (-1.5900, 52.4810)),
    ("M84042", "Water Orton", (-1.7420, 52.5190)),
    # Nuneaton and Bedworth
    ("M84001", "Attleborough", (-1.4570, 52.5120)),
    ("M84003", "Galley Common", (-1.5130, 52.5240)),
    # Stratford-on-Avon
    ("M84009", "Napton-on-the-Hill", (-1.3200, 52.2450)),
    ("M84018", "Salford Priors", (-1.8800, 52.1600)),
    ("M84024", "Claverdon", (-1.6900, 52.2820)),
    ("M84025", "Brailes", (-1.5510, 52.0500)),
    ("M84062", "Tysoe", (-1.5050, 52.0950)),
    # Warwick
    ("M84015", "Sydenham", (-1.5100, 52.2870)),
    ("M84028", "Woodloes", (-1.5850, 52.2970)),
]

# Tenure and condition fixed by what the strategy says about a building;
# everything else is drawn below.
FORCED_TENURE = {
    # the four practices in City of Coventry Health Centre (LIFT)
    "MAIN-M86005": "lift", "MAIN-M86012": "lift", "MAIN-M86617": "lift",
    "MAIN-Y00996": "lift",
    # Keresley area: "LIFT building locally" (P02)
    "MAIN-M84012": "lift", "MAIN-M86021": "lift",
    # Tile Hill: "NHSPS building locality practices" (P01)
    "MAIN-M86034": "nhsps", "MAIN-M86605": "nhsps",
    # practices in the NHSPS buildings above
    "MAIN-M84011": "nhsps", "MAIN-M84049": "nhsps", "MAIN-M84060": "nhsps",
    # Bell Green: "NHSPS building of poor quality with void space" (P03)
    "BR-M86002-1": "nhsps",
}
FORCED_CONDITION = {
    "BR-M86002-1": "D",     # P03: poor quality
    "MAIN-M84615": "A",     # P25: Hartshill new practice, November 2023
    "SH-LILLINGTON": "A",   # P14: opened summer 2024
    "MAIN-M84004": "B",     # P09: Whitehall expansion delivered
    # older clinics the strategy wants to review or replace (P12, P26)
    "SH-KENILWORTH": "C",
    "SH-BEDWORTH": "C", "MAIN-M84011": "C",
    # rows at the same postcode as a shared building take its condition
    "SH-CCHC": "B", "MAIN-M86005": "B", "MAIN-M86012": "B",
    "MAIN-M86617": "B", "MAIN-Y00996": "B",
    "SH-ALCESTER": "B", "MAIN-M84049": "B", "MAIN-M84060": "B",
}
FORCED_VOID_SHARE = {"BR-M86002-1": 0.25}   # P03: "void space"

# Share of a practice's list served by each kind of building it uses:
# the April 2026 list is split in proportion to these weights.
BUILDING_WEIGHT = {"main": 4.0, "branch": 1.0, "shared": 1.0}
# Lillington Health Hub is the new (2024) home of a practice, not a clinic
# where practices hold sessions: it takes half of its practice's list.
WEIGHT_OVERRIDE = {"SH-LILLINGTON": 4.0}

# Gross internal area rule (illustrative): each patient-facing room takes a
# 16 m2 clinical room (HBN 11-01); non-clinical space (reception, waiting,
# offices, staff, stores, WCs) adds 1.5 times the clinical area (x 2.5 in
# all); circulation adds 29% (x 1.29).  So 16 x 2.5 x 1.29 = 51.6 m2 per
# room, times a per-building factor drawn uniformly from 0.90-1.20 (layout
# efficiency, age), rounded to 5 m2.  The mean, about 54 m2 per room, is
# close to what the published space standard gives for today's lists:
# 1,119,429 patients x 120/1,750 m2 = 76,762 m2 over 1,415 rooms = 54.2 m2.
GIA_PER_ROOM_M2 = 16 * 2.5 * 1.29

# Tenure mix drawn for buildings the strategy says nothing about
# (illustrative; the strategy only says the estate is mixed: GP-owned, NHS
# Property Services, LIFT/CHP, leased).
TENURE_WEIGHTS = [("gp_owned", 45), ("leased", 32), ("nhsps", 18),
                  ("lift", 5)]
BRANCH_TENURE_WEIGHTS = [("gp_owned", 40), ("leased", 45), ("nhsps", 15)]
CONDITION_WEIGHTS = [("A", 10), ("B", 50), ("C", 32), ("D", 8)]
# Backlog maintenance, GBP per m2 of GIA, drawn uniformly in these ranges.
BACKLOG_GBP_PER_M2 = {"A": (0, 10), "B": (15, 45), "C": (60, 140),
                      "D": (150, 300)}


def weighted_choice(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    acc = 0
    for v, w in pairs:
        acc += w
        if x <= acc:
            return v
    return pairs[-1][0]


def build_premises(inp, practices):
    prac = {p["practice_code"]: p for p in practices}
    forced_tenure = dict(FORCED_TENURE)
    rows = []
    used_pc = set()

    def point_ok(pc, lad):
        e, n, lon, lat, plad = inp.postcodes[pc]
        return plad == lad and point_in_geom(lon, lat, inp.lad_geom[lad])

    # 1. main sites
    for p in practices:
        pc = p["postcode"]
        rows.append({
            "premises_id": "MAIN-" + p["practice_code"],
            "name": p["practice_name"],
            "postcode": pc, "site_type": "main",
            "practices": [p["practice_code"]],
            "easting": p["easting"], "northing": p["northing"],
            "lad_code": p["lad_code"],
            "_lon": p["_lon"], "_lat": p["_lat"],
            "note": "",
            "_loc_illustrative": False,
        })
    # 2. shared buildings
    for pid, name, tenure, plist, where, note in SHARED_BUILDINGS:
        lad = prac[plist[0]]["lad_code"]
        for c in plist:
            if prac[c]["lad_code"] != lad:
                die("shared building %s spans LADs" % pid)
        if isinstance(where, str):
            pc = where
            if not point_ok(pc, lad):
                die("postcode %s of %s not in %s" % (pc, pid, lad))
        else:
            pc, _ = inp.nearest_postcode(where[0], where[1], lad,
                                         accept=lambda c: point_ok(c, lad))
        e, n, lon, lat, _ = inp.postcodes[pc]
        used_pc.add(pc)
        forced_tenure[pid] = tenure
        rows.append({"premises_id": pid, "name": name, "postcode": pc,
                     "site_type": "shared", "practices": list(plist),
                     "easting": e, "northing": n, "lad_code": lad,
                     "_lon": lon, "_lat": lat, "note": note,
                     "_loc_illustrative": True})
    # 3. branch surgeries: nearest real postcode in the practice's LAD to
    # the locality, not already used by another practice or building.
    taken = set(p["postcode"] for p in practices) | used_pc
    count = {}
    for code, locality, (lon0, lat0) in BRANCHES:
        p = prac[code]
        lad = p["lad_code"]
        pc, dist = inp.nearest_postcode(
            lon0, lat0, lad, exclude=taken,
            accept=lambda c: point_ok(c, lad))
        if dist > 2000:
            die("branch %s/%s: nearest postcode %.0f m away"
                % (code, locality, dist))
        taken.add(pc)
        count[code] = count.get(code, 0) + 1
        e, n, lon, lat, _ = inp.postcodes[pc]
        rows.append({
            "premises_id": "BR-%s-%d" % (code, count[code]),
            "name": "%s branch surgery (%s)" % (locality, p["practice_name"]),
            "postcode": pc, "site_type": "branch", "practices": [code],
            "easting": e, "northing": n, "lad_code": lad,
            "_lon": lon, "_lat": lat, "note": "",
            "_loc_illustrative": True})
    rows.sort(key=lambda r: r["premises_id"])
    if len(rows) != TOTAL_PREMISES:
        die("premises: %d rows, expected %d" % (len(rows), TOTAL_PREMISES))

    # Patients served by each building: each practice's April 2026 list is
    # split over the buildings it uses in proportion to BUILDING_WEIGHT
    # (main 4, branch 1, shared 1: a practice with one branch serves 80% at
    # its main site and 20% at the branch).
    uses = {}
    for r in rows:
        for c in r["practices"]:
            uses.setdefault(c, []).append(r)
    served = {r["premises_id"]: 0.0 for r in rows}
    def bweight(b):
        return WEIGHT_OVERRIDE.get(b["premises_id"],
                                   BUILDING_WEIGHT[b["site_type"]])
    for c, blds in uses.items():
        wsum = sum(bweight(b) for b in blds)
        for b in blds:
            served[b["premises_id"]] += prac[c]["_list"] * bweight(b) / wsum
    ids = [r["premises_id"] for r in rows]
    # Rooms: the published totals split in proportion to patients served
    # times a building factor (largest remainder); every building has at
    # least one consulting room. The factor, drawn once per building from
    # a log-normal with median 1 and sigma ROOM_SPREAD_SIGMA (its own seed,
    # so the other draws are unchanged), stands for what real estates show:
    # some buildings have more rooms per patient than others. Without it
    # every building would have the same rooms per patient, and any demand
    # method would find the same gap everywhere by construction.
    spread = random.Random(ROOM_SPREAD_SEED)
    factor = {i: math.exp(spread.gauss(0.0, ROOM_SPREAD_SIGMA)) for i in ids}
    weights = [served[i] * factor[i] for i in ids]
    alloc = {}
    for col, tot in TOTAL_ROOMS.items():
        alloc[col] = largest_remainder(tot, weights, ids,
                                       minimum=1 if col == "rooms_consult"
                                       else 0)
    rng = random.Random(20260401)       # fixed seed: premises attributes
    for r in rows:
        pid = r["premises_id"]
        for col in TOTAL_ROOMS:
            r[col] = alloc[col][pid]
        r["_served"] = served[pid]
        nrooms = sum(r[c] for c in TOTAL_ROOMS)
        f = rng.uniform(0.90, 1.20)
        r["gia_m2"] = int(5 * round(nrooms * GIA_PER_ROOM_M2 * f / 5))
        if pid in forced_tenure:
            t = forced_tenure[pid]
            rng.random()                # keep the draw sequence aligned
        else:
            t = weighted_choice(rng, BRANCH_TENURE_WEIGHTS
                                if r["site_type"] == "branch"
                                else TENURE_WEIGHTS)
        r["tenure"] = t
        if pid in FORCED_CONDITION:
            cond = FORCED_CONDITION[pid]
            rng.random()
        else:
            cond = weighted_choice(rng, CONDITION_WEIGHTS)
        r["condition"] = cond
        lo, hi = BACKLOG_GBP_PER_M2[cond]
        r["backlog_gbp"] = int(1000 * round(r["gia_m2"] * rng.uniform(lo, hi)
                                            / 1000))
        # Void space: NHSPS and LIFT buildings often carry some (the
        # strategy names void space as an issue); 35% of them get 5-15% of
        # GIA void, other buildings 6% chance of 3-8%.
        u = rng.random()
        share = rng.uniform(0.05, 0.15) if t in ("nhsps", "lift") \
            else rng.uniform(0.03, 0.08)
        p_void = 0.35 if t in ("nhsps", "lift") else 0.06
        if pid in FORCED_VOID_SHARE:
            share, u = FORCED_VOID_SHARE[pid], 0.0
        r["void_m2"] = int(round(r["gia_m2"] * share)) if u < p_void else 0
        ill = ["rooms_consult", "rooms_treatment", "rooms_other", "gia_m2",
               "condition", "tenure", "backlog_gbp", "void_m2"]
        if r["_loc_illustrative"]:
            ill += ["postcode", "easting", "northing"]
        if pid == "SH-LILLINGTON":
            ill.append("practices")
        r["illustrative"] = ";".join(ill)
        r["practices"] = ";".join(r["practices"])
    return rows
