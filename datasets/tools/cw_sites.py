"""The housing sites of the dataset (the strategy's growth areas and the
other allocated sites; outlines and trajectories illustrative) and the
developers' contributions secured on them (illustrative).

Part of datasets/tools/build_cw.py (see its docstring).
"""

import math
import random

from cw_base import (BASE_YEAR, LAST_YEAR, TOTAL_HOMES_10Y, die,
    largest_remainder, ramp_trajectory, window_trajectory)
from cw_geom import (LocalFrame, bbox_of, point_in_geom, polygons_of,
    polygons_overlap, ring_distance_m, ring_problems, rings_cross,
    star_polygon)


# ---------------------------------------------------------------------------
# Housing sites
# ---------------------------------------------------------------------------
#
# 1. The 16 growth areas of the strategy's Appendix 2 (seed file): id, name,
#    LAD, approximate dwellings, S106 position as published, CIL liability
#    and an approximate centre are published; everything else is ours.
# 2. "Other sites": 35 illustrative groups of smaller allocations and
#    permissions, several per LAD, sized so that completions over the ten
#    years 2026-2035 across all sites are exactly the strategy's 73,000.
#
# Site outlines are illustrative for every site: an irregular polygon
# (star_polygon) whose area is the dwellings at a gross density of 40
# dwellings/ha (urban setting) or 30 dwellings/ha (rural setting), drawn
# around the published centre (growth areas) or a real postcode centroid
# (other sites).  If it does not fit there -- every vertex inside its LAD
# and the ICB, at least 100 m from both boundaries, at least 150 m from
# every other site -- the centre is moved: growth areas step out from the
# published centre in rings of 200 m (up to 1.6 km, within the seed's
# stated +/-1 km accuracy where possible), other sites try the next nearest
# postcode of the LAD.
#
# Dwellings (where not published), trajectories, mix, planning status and
# setting are illustrative.  `dwellings` is read as the homes still to be
# completed from April 2026, so every trajectory starts in 2026 or later.

DENSITY_DPH = {"urban": 40.0, "rural": 30.0}
LAD_CLEARANCE_M = 100.0
SITE_CLEARANCE_M = 150.0

MIX_SUBURBAN = {"1": 8, "2": 27, "3": 40, "4": 20, "5": 5}
MIX_VILLAGE = {"1": 5, "2": 25, "3": 40, "4": 24, "5": 6}
MIX_TOWN = {"1": 30, "2": 45, "3": 18, "4": 6, "5": 1}

# site_id -> (seed S106 text expected, s106_position)
# The published positions map onto FORMAT.md's enumeration as follows;
# "land and capital for primary care" (South West Rugby, early planning)
# is read as an ask not yet agreed, so `requested`.
S106_MAP = {
    "CW-EG": ("approved: land and capital option", "approved"),
    "CW-WH": ("", "unknown"),
    "CW-KE": ("some approved", "approved"),
    "CW-UW": ("requested against student accommodation developments",
              "requested"),
    "CW-KH": ("requested: land and capital, or capital only", "requested"),
    "CW-SWR": ("land and capital for primary care", "requested"),
    "CW-HO": ("land only: no capital from S106", "land_only"),
    "CW-KW": ("", "unknown"),
    "CW-SO": ("secured against future developments", "secured"),
    "CW-UL": ("secured", "secured"),
    "CW-ST": ("limited availability", "limited"),
    "CW-LM": ("requested; some used for enabling works", "requested"),
    "CW-PD": ("requested", "requested"),
    "CW-AT": ("requested for off-site improvement works", "requested"),
    "CW-WE": ("approved", "approved"),
    "CW-SEN": ("requested", "requested"),
}

# site_id -> illustrative build-out: dwellings where the seed gives none,
# first year of completions, peak completions a year, ramp-up fractions of
# the peak, setting, planning status, dwelling mix (or None), explicit
# trajectory (or None).
#   Kings Hill and Long Marston start late (the strategy: delayed by HS2 and
#   transport works; delays on full planning submission and a road
#   infrastructure dependency).  Houlton, Keresley and Upper Lighthorne are
#   already being built, so they start at or near their peak rate.
#   University of Warwick is student accommodation, expressed as
#   dwelling-equivalents (about 1,200 bedspaces / 2.4 persons per dwelling
#   = 500) and delivered in blocks.
GROWTH_PLAN = {
    "CW-EG": (None, 2026, 250, (0.4, 0.7), "urban", "outline",
              MIX_SUBURBAN, None),
    "CW-WH": (425, 2027, 100, (0.5,), "urban", "allocated",
              MIX_SUBURBAN, None),
    "CW-KE": (None, 2026, 250, (0.8,), "urban", "under_construction",
              MIX_SUBURBAN, None),
    "CW-UW": (500, 2027, None, None, "urban", "proposed", None,
              [200, 150, 150]),
    "CW-KH": (None, 2030, 250, (0.3, 0.6), "urban", "allocated",
              MIX_SUBURBAN, None),
    "CW-SWR": (None, 2028, 300, (0.3, 0.6), "urban", "allocated",
               MIX_SUBURBAN, None),
    "CW-HO": (None, 2026, 300, (), "urban", "under_construction",
              MIX_SUBURBAN, None),
    "CW-KW": (None, 2026, 200, (0.6,), "urban", "allocated",
              MIX_SUBURBAN, None),
    "CW-SO": (600, 2026, 120, (0.6,), "rural", "allocated",
              MIX_VILLAGE, None),
    "CW-UL": (None, 2026, 200, (0.8,), "rural", "under_construction",
              MIX_VILLAGE, None),
    "CW-ST": (None, 2028, 100, (0.5,), "urban", "proposed", MIX_TOWN, None),
    "CW-LM": (None, 2031, 200, (0.3, 0.6), "rural", "outline",
              MIX_VILLAGE, None),
    "CW-PD": (None, 2027, 250, (0.3, 0.6), "rural", "allocated",
              MIX_VILLAGE, None),
    "CW-AT": (None, 2027, 200, (0.4, 0.7), "rural", "allocated",
              MIX_VILLAGE, None),
    "CW-WE": (None, 2026, 300, (0.4, 0.7), "urban", "outline",
              MIX_SUBURBAN, None),
    "CW-SEN": (None, 2027, 250, (0.3, 0.6), "urban", "allocated",
               MIX_SUBURBAN, None),
}

# Other sites per LAD: (locality, (lon, lat) of the locality, weight, first
# year, setting, planning status).  Each LAD's share of the other-site
# homes is split between its sites in proportion to the weights.
OTHER_SITES = {
    "E08000026": [   # Coventry
        ("Coventry city centre", (-1.5140, 52.4030), 3, 2026, "urban",
         "under_construction"),
        ("Foleshill", (-1.4970, 52.4370), 2, 2026, "urban", "full"),
        ("Canley", (-1.5650, 52.3960), 2, 2027, "urban", "allocated"),
        ("Binley", (-1.4550, 52.4050), 1, 2027, "urban", "allocated"),
        ("Whitley", (-1.4970, 52.3820), 2, 2026, "urban", "full"),
        ("Bell Green", (-1.4700, 52.4400), 1, 2028, "urban", "allocated"),
        ("Radford", (-1.5250, 52.4270), 1, 2027, "urban", "full"),
        ("Tile Hill", (-1.5900, 52.4050), 1, 2027, "urban", "allocated"),
        ("Holbrooks", (-1.5050, 52.4500), 1, 2028, "urban", "allocated"),
    ],
    "E07000218": [   # North Warwickshire
        ("Coleshill", (-1.7050, 52.4980), 2, 2027, "rural", "allocated"),
        ("Kingsbury and Hurley", (-1.6800, 52.5650), 1, 2026, "rural",
         "full"),
        ("Hartshill and Ansley Common", (-1.5300, 52.5420), 1, 2028,
         "rural", "allocated"),
    ],
    "E07000219": [   # Nuneaton and Bedworth
        ("Nuneaton town centre", (-1.4670, 52.5220), 2, 2026, "urban",
         "full"),
        ("Bedworth west and Exhall", (-1.4900, 52.4750), 2, 2027, "urban",
         "allocated"),
        ("Galley Common and Stockingford", (-1.5100, 52.5250), 1, 2027,
         "urban", "allocated"),
        ("Bulkington", (-1.4250, 52.4780), 1, 2028, "urban", "allocated"),
    ],
    "E07000220": [   # Rugby
        ("Rugby town centre", (-1.2620, 52.3720), 2, 2026, "urban", "full"),
        ("Coton Park and Brownsover", (-1.2350, 52.3950), 2, 2026, "urban",
         "under_construction"),
        ("Long Lawford", (-1.3000, 52.3780), 1, 2027, "urban", "allocated"),
        ("Wolston and Binley Woods", (-1.4000, 52.3800), 1, 2028, "rural",
         "allocated"),
        ("Ryton-on-Dunsmore", (-1.4370, 52.3600), 1, 2027, "rural",
         "allocated"),
    ],
    "E07000221": [   # Stratford-on-Avon
        ("Stratford-upon-Avon west (Shottery)", (-1.7280, 52.1880), 2, 2026,
         "urban", "under_construction"),
        ("Stratford-upon-Avon east (Tiddington)", (-1.6800, 52.2000), 2,
         2026, "urban", "full"),
        ("Wellesbourne", (-1.5930, 52.1930), 2, 2026, "rural", "full"),
        ("Alcester", (-1.8700, 52.2130), 1, 2027, "rural", "allocated"),
        ("Shipston-on-Stour", (-1.6220, 52.0600), 1, 2027, "rural",
         "allocated"),
        ("Studley", (-1.8930, 52.2680), 1, 2027, "rural", "allocated"),
        ("Bidford-on-Avon", (-1.8520, 52.1660), 1, 2028, "rural",
         "allocated"),
        ("Kineton", (-1.5130, 52.1560), 1, 2027, "rural", "allocated"),
        ("Henley-in-Arden", (-1.7800, 52.2920), 1, 2028, "rural",
         "allocated"),
    ],
    "E07000222": [   # Warwick
        ("Leamington north (Blackdown)", (-1.5150, 52.3120), 3, 2026,
         "urban", "under_construction"),
        ("Europa Way, Warwick", (-1.5450, 52.2650), 3, 2026, "urban",
         "under_construction"),
        ("Radford Semele", (-1.4950, 52.2830), 1, 2027, "rural",
         "allocated"),
        ("Hampton Magna", (-1.6300, 52.2850), 1, 2027, "rural", "full"),
        ("Barford", (-1.6000, 52.2450), 1, 2028, "rural", "allocated"),
    ],
}

# Other sites with a recorded S106 position (used by contributions below).
OTHER_S106 = {
    ("E08000026", "Coventry city centre"): "approved",
    ("E07000222", "Leamington north (Blackdown)"): "secured",
    ("E07000220", "Coton Park and Brownsover"): "secured",
    ("E07000219", "Nuneaton town centre"): "approved",
    ("E07000221", "Wellesbourne"): "secured",
}

CIL_LADS = ("E07000221", "E07000222")   # Stratford-on-Avon, Warwick


def stable_seed(text):
    """A deterministic integer seed for a string (not Python's hash())."""
    h = 2166136261
    for ch in text.encode("utf-8"):
        h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
    return h


class SiteFitter:
    """Places site outlines inside their LAD and the ICB, apart from each
    other."""

    def __init__(self, inp):
        self.inp = inp
        self.placed = []        # (site_id, ring, bbox)
        self.icb_rings = [p[0] for p in polygons_of(inp.icb_geom)]

    def fits(self, ring, lad):
        inp = self.inp
        lad_geom = inp.lad_geom[lad]
        for p in ring:
            if not point_in_geom(p[0], p[1], lad_geom):
                return False
            if not point_in_geom(p[0], p[1], inp.icb_geom):
                return False
        for br in [pl[0] for pl in polygons_of(lad_geom)] + self.icb_rings:
            if rings_cross(ring, br):
                return False
            if ring_distance_m(ring, br, cutoff=LAD_CLEARANCE_M) \
                    < LAD_CLEARANCE_M:
                return False
        bb = bbox_of(ring)
        pad = 0.01      # about 700 m: prefilter only
        for _, other, obb in self.placed:
            if (obb[0] > bb[2] + pad or obb[2] < bb[0] - pad
                    or obb[1] > bb[3] + pad or obb[3] < bb[1] - pad):
                continue
            if polygons_overlap(ring, other):
                return False
            if ring_distance_m(ring, other) < SITE_CLEARANCE_M:
                return False
        return True

    def place(self, site_id, lad, area_m2, centres):
        for lon, lat in centres:
            rng = random.Random(stable_seed(site_id))
            ring = star_polygon(lon, lat, area_m2, rng)
            if ring_problems(ring):
                continue
            if self.fits(ring, lad):
                self.placed.append((site_id, ring, bbox_of(ring)))
                return ring, (lon, lat)
        die("could not place site %s" % site_id)


def spiral_centres(lon, lat, step=200.0, rings=8, bearings=16):
    fr = LocalFrame(lon, lat)
    yield (lon, lat)
    for k in range(1, rings + 1):
        for b in range(bearings):
            a = 2 * math.pi * b / bearings
            yield fr.ll(k * step * math.sin(a), k * step * math.cos(a))


def completions_in_window(start, traj):
    return sum(v for i, v in enumerate(traj)
               if BASE_YEAR <= start + i <= LAST_YEAR)


def snpp_growth(inp):
    """Projected population growth mid-2026 to mid-2036 per LAD (ONS
    2022-based SNPP, migration category variant, all ages)."""
    g = {}
    for r in inp.snpp:
        if r["age"] == "All ages":
            g[r["lad_code"]] = float(r["2036"]) - float(r["2026"])
    return g


def build_sites(inp):
    fitter = SiteFitter(inp)
    feats = {}
    info = {}       # site_id -> dict used by contributions and schemes

    # -- 1. growth areas -------------------------------------------------
    seed = {r["site_id"]: r for r in inp.growth}
    if sorted(seed) != sorted(S106_MAP):
        die("seed growth sites differ from the ones this script knows")
    # largest first, so the big outlines get the best positions
    order = sorted(seed, key=lambda s: (-(int(seed[s]["dwellings_approx"])
                                          if seed[s]["dwellings_approx"]
                                          else GROWTH_PLAN[s][0]), s))
    growth_10y = {}
    for sid in order:
        r = seed[sid]
        expected, position = S106_MAP[sid]
        if r["s106_position"] != expected:
            die("%s: seed S106 text changed: %r" % (sid, r["s106_position"]))
        dw_ill, start, peak, ramp, setting, status, mix, traj = \
            GROWTH_PLAN[sid]
        ill = []
        if r["dwellings_approx"].strip():
            dwellings = int(r["dwellings_approx"])
        else:
            dwellings = dw_ill
            ill.append("dwellings")
        if traj is None:
            traj = ramp_trajectory(dwellings, peak, ramp)
        if sum(traj) != dwellings:
            die("%s: trajectory does not sum to dwellings" % sid)
        lad = r["lad_code"]
        area = dwellings / DENSITY_DPH[setting] * 10000.0
        ring, centre = fitter.place(
            sid, lad, area, spiral_centres(float(r["lon"]), float(r["lat"])))
        props = {"site_id": sid, "name": r["name"], "lad_code": lad,
                 "dwellings": dwellings, "trajectory_start": start,
                 "trajectory": traj}
        if mix:
            props["mix"] = dict(mix)
        props["planning_status"] = status
        props["s106_position"] = position
        if r["s106_position"]:
            props["s106_note"] = r["s106_position"]
        props["cil_liable"] = r["cil"].strip().lower() == "yes"
        props["setting"] = setting
        if sid == "CW-SWR":
            # "land and capital for primary care" read as an ask
            ill.append("s106_position")
        ill += ["trajectory_start", "trajectory", "planning_status",
                "setting", "geometry"]
        if mix:
            ill.append("mix")
        props["illustrative"] = ill
        feats[sid] = {"type": "Feature", "properties": props,
                      "geometry": {"type": "Polygon", "coordinates": [ring]}}
        growth_10y[sid] = completions_in_window(start, traj)
        info[sid] = {"lad": lad, "dwellings": dwellings, "start": start,
                     "traj": traj, "name": r["name"],
                     "centre_moved_m": math.hypot(*LocalFrame(
                         float(r["lon"]), float(r["lat"])).xy(*centre))}

    # -- 2. other sites --------------------------------------------------
    # Homes the growth areas complete in 2026-2035; the rest of the 73,000
    # is split between the LADs in proportion to each LAD's projected
    # population growth 2026-2036 (SNPP), then between the LAD's other
    # sites in proportion to their weights (largest remainder both times).
    g10 = sum(growth_10y.values())
    other_total = TOTAL_HOMES_10Y - g10
    growth = snpp_growth(inp)
    lads = sorted(OTHER_SITES)
    lad_share = largest_remainder(other_total, [growth[l] for l in lads],
                                  lads)
    for lad in lads:
        specs = OTHER_SITES[lad]
        keys = ["%02d" % (i + 1) for i in range(len(specs))]
        split = largest_remainder(lad_share[lad], [s[2] for s in specs], keys)
        for k, (loc, (lon0, lat0), w, start, setting, status) in \
                zip(keys, specs):
            sid = "OS-%s-%s" % (lad, k)
            dwellings = split[k]
            traj = window_trajectory(dwellings, start)
            area = dwellings / DENSITY_DPH[setting] * 10000.0
            # candidate centres: the LAD's postcode centroids nearest the
            # locality first (only those inside the LAD polygon), at most 400
            cands = [pc for _, pc in inp.postcodes_by_distance(lon0, lat0,
                                                              lad)]
            cands = [pc for pc in cands[:1500]
                     if point_in_geom(inp.postcodes[pc][2],
                                      inp.postcodes[pc][3],
                                      inp.lad_geom[lad])][:400]
            centres = [(inp.postcodes[pc][2], inp.postcodes[pc][3])
                       for pc in cands]
            ring, centre = fitter.place(sid, lad, area, centres)
            props = {"site_id": sid, "name": "Other sites: " + loc,
                     "lad_code": lad, "dwellings": dwellings,
                     "trajectory_start": start, "trajectory": traj,
                     "planning_status": status,
                     "s106_position": OTHER_S106.get((lad, loc), "unknown"),
                     "cil_liable": lad in CIL_LADS,
                     "setting": setting, "illustrative": True}
            feats[sid] = {"type": "Feature", "properties": props,
                          "geometry": {"type": "Polygon",
                                       "coordinates": [ring]}}
            info[sid] = {"lad": lad, "dwellings": dwellings, "start": start,
                         "traj": traj, "name": props["name"],
                         "locality": loc, "peak": max(traj),
                         "centre_moved_m": math.hypot(*LocalFrame(
                             lon0, lat0).xy(*centre))}
    ordered = [feats[s] for s in sorted(feats)]
    summary = {"growth_10y": growth_10y, "growth_10y_total": g10,
               "other_total": other_total, "lad_share": lad_share,
               "snpp_growth": growth}
    return ordered, info, summary


# ---------------------------------------------------------------------------
# Developer contributions (all illustrative)
# ---------------------------------------------------------------------------
#
# Each growth area's contribution follows its published S106 position:
#   approved -> agreed (some already received);  secured -> agreed or
#   received;  requested -> requested;  land only -> amount 0 with land;
#   limited -> a small amount;  no position published -> no S106 row.
# Capital asks are priced at GBP 350-900 per dwelling (the rate per site is
# given below).  For scale: the space method with the assumptions below
# gives 2.4 persons x 120/1,750 m2 x GBP 2,300/m2 x 1.35 x 1.15 x 1.10 =
# about GBP 650 per dwelling.  Amounts are on a 2024-04-01 price base unless
# the agreement is older.
# CIL awards are recorded only in Stratford-on-Avon and Warwick, the only
# Warwickshire districts charging CIL.  Triggers, spend-by periods, receipts
# and spending are illustrative too.

# (contribution_id, site (id, or (LAD, locality) of an other site), kind,
#  status, GBP per dwelling or fixed amount, dwellings basis (None = the
#  site's dwellings), base_date, land_ha, purpose, triggers,
#  spend_by_years, received share or amount, received_date, spent amount)
CONTRIBUTIONS = [
    ("S106-CW-EG-1", "CW-EG", "s106", "received", 700, None, "2022-04-01",
     0.6, "scheme:P01", "50%@commencement;50%@occupation:1200", 10, 0.5,
     "2025-06-30", 0),
    ("S106-CW-KE-1", "CW-KE", "s106", "transferred", 550, 1200, "2019-04-01",
     None, "scheme:P02", "100%@commencement", 5, 1.0, "2023-11-15", 180000),
    ("S106-CW-KE-2", "CW-KE", "s106", "requested", 650, 1800, "2024-04-01",
     None, "scheme:P02", "25%@commencement;75%@occupation:900", 10, None,
     None, None),
    ("S106-CW-UW-1", "CW-UW", "s106", "requested", 600, None, "2024-04-01",
     None, "scheme:P05", "50%@commencement;50%@occupation:250", 10, None,
     None, None),
    ("S106-CW-KH-1", "CW-KH", "s106", "requested", 800, None, "2024-04-01",
     0.8, "locality:Kings Hill",
     "20%@commencement;40%@occupation:500;40%@occupation:1500", 10, None,
     None, None),
    ("S106-CW-SWR-1", "CW-SWR", "s106", "requested", 750, None, "2024-04-01",
     1.0, "scheme:P08",
     "20%@commencement;40%@occupation:750;40%@occupation:2000", 10, None,
     None, None),
    ("S106-CW-HO-1", "CW-HO", "s106", "agreed", 0, None, "2016-04-01", 0.5,
     "scheme:P11", "", 10, None, None, None),
    ("CIL-CW-KW-1", "CW-KW", "cil", "requested", "fixed:500000", None,
     "2024-04-01", None, "scheme:P12", "", 5, None, None, None),
    ("S106-CW-SO-1", "CW-SO", "s106", "agreed", 500, None, "2023-04-01",
     None, "scheme:P16", "50%@commencement;50%@occupation:300", 10, None,
     None, None),
    ("S106-CW-UL-1", "CW-UL", "s106", "received", 650, None, "2021-04-01",
     None, "locality:Upper Lighthorne",
     "50%@commencement;50%@occupation:1500", 10, 0.5, "2024-07-01", 0),
    ("S106-CW-ST-1", "CW-ST", "s106", "agreed", 120, None, "2024-04-01",
     None, "scheme:P18", "100%@occupation:200", 5, None, None, None),
    ("CIL-CW-ST-1", "CW-ST", "cil", "agreed", "fixed:250000", None,
     "2024-04-01", None, "scheme:P18", "", 5, None, None, None),
    ("S106-CW-LM-1", "CW-LM", "s106", "requested", 700, None, "2024-04-01",
     None, "scheme:P19",
     "20%@commencement;40%@occupation:500;40%@occupation:1500", 10, None,
     None, None),
    ("S106-CW-PD-1", "CW-PD", "s106", "requested", 600, None, "2024-04-01",
     None, "scheme:P21", "50%@commencement;50%@occupation:1000", 10, None,
     None, None),
    ("S106-CW-AT-1", "CW-AT", "s106", "requested", 550, None, "2024-04-01",
     None, "scheme:P22", "50%@commencement;50%@occupation:800", 10, None,
     None, None),
    ("S106-CW-WE-1", "CW-WE", "s106", "transferred", 600, None,
     "2021-04-01", None, "locality:Nuneaton",
     "25%@commencement;25%@occupation:1000;50%@occupation:2500", 10, 0.25,
     "2024-03-31", 150000),
    ("S106-CW-SEN-1", "CW-SEN", "s106", "requested", 600, None,
     "2024-04-01", None, "scheme:P26",
     "50%@commencement;50%@occupation:1500", 10, None, None, None),
    # other sites
    ("S106-OS-COV-CC-1", ("E08000026", "Coventry city centre"), "s106",
     "received", 400, 1000, "2020-04-01", None, "scheme:P04",
     "50%@commencement;50%@occupation:500", 10, 1.0, "2022-09-30", 0),
    ("S106-OS-RUG-CP-1", ("E07000220", "Coton Park and Brownsover"), "s106",
     "received", 450, 1200, "2018-04-01", None, "practice:Y06218",
     "100%@occupation:300", 5, 1.0, "2021-10-01", 0),
    ("S106-OS-RUG-CP-0", ("E07000220", "Coton Park and Brownsover"), "s106",
     "repaid", 350, 300, "2012-04-01", None, "general",
     "100%@commencement", 10, 1.0, "2015-06-30", 0),
    ("S106-OS-NUN-TC-1", ("E07000219", "Nuneaton town centre"), "s106",
     "agreed", 450, None, "2023-04-01", None, "scheme:P24",
     "50%@commencement;50%@occupation:800", 10, None, None, None),
    ("S106-OS-WAR-BD-1", ("E07000222", "Leamington north (Blackdown)"),
     "s106", "received", 600, None, "2022-04-01", None, "scheme:P15",
     "30%@commencement;70%@occupation:1000", 10, 0.3, "2025-02-28", 0),
    ("CIL-OS-WAR-BD-1", ("E07000222", "Leamington north (Blackdown)"),
     "cil", "spent", "fixed:1500000", None, "2021-04-01", None,
     "scheme:P14", "", 5, 1.0, "2022-05-31", 1500000),
    ("S106-OS-STR-WB-1", ("E07000221", "Wellesbourne"), "s106", "agreed",
     500, None, "2023-04-01", None, "locality:Wellesbourne",
     "50%@commencement;50%@occupation:1000", 10, None, None, None),
    ("CIL-OS-STR-SH-1", ("E07000221", "Shipston-on-Stour"), "cil",
     "agreed", "fixed:400000", None, "2024-04-01", None, "scheme:P20", "",
     5, None, None, None),
]


def build_contributions(site_info):
    by_loc = {(i["lad"], i.get("locality")): sid
              for sid, i in site_info.items() if i.get("locality")}
    rows = []
    for (cid, site, kind, status, rate, basis, base_date, land_ha, purpose,
         triggers, spend_by, recv, recv_date, spent) in CONTRIBUTIONS:
        sid = by_loc[site] if isinstance(site, tuple) else site
        if sid not in site_info:
            die("contribution %s: unknown site %r" % (cid, site))
        dwellings = basis if basis is not None else site_info[sid]["dwellings"]
        if isinstance(rate, str):
            amount = int(rate.split(":")[1])
        else:
            amount = int(rate * dwellings)
        row = {"contribution_id": cid, "site_id": sid, "kind": kind,
               "status": status, "amount_gbp": amount,
               "base_date": base_date,
               "land": land_ha is not None,
               "land_ha": land_ha, "purpose": purpose,
               "triggers": triggers, "spend_by_years": spend_by}
        if recv is not None:
            row["received_gbp"] = (int(round(amount * recv)) if recv <= 1
                                   else recv)
            row["received_date"] = recv_date
            row["spent_gbp"] = spent
        row["illustrative"] = "*"
        rows.append(row)
    rows.sort(key=lambda r: r["contribution_id"])
    return rows
