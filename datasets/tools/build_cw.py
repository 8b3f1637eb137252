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
import csv
import io
import json
import math
import os
import random
import sys

BASE_YEAR = 2026
HORIZON_YEARS = 10                      # "10 years" = 2026 ... 2035
LAST_YEAR = BASE_YEAR + HORIZON_YEARS - 1

# Published totals (Coventry and Warwickshire Primary Care Strategy,
# estates section; see data/seed/README.md).
TOTAL_PREMISES = 153
# The spread of rooms per patient between buildings (illustrative): a
# log-normal factor with median 1 and this sigma (about 25% either way),
# drawn with its own seed. See build_premises.
ROOM_SPREAD_SIGMA = 0.25
ROOM_SPREAD_SEED = 20231115
TOTAL_ROOMS = {"rooms_consult": 998, "rooms_treatment": 295,
               "rooms_other": 122}
TOTAL_HOMES_10Y = 73000
TOTAL_CAPITAL_GBP = 111250000
TOTAL_LIST_2026 = 1119429
# The whole team's face-to-face appointment minutes a patient a year
# (appointments x share x face-to-face share x minutes, by staff group), and
# the utilisation that makes them fill today's consulting and treatment
# rooms at 52.5 hours a week for 50 weeks: the calibration of the capacity
# method (README, "The projection").
TEAM = {"gp": (0.45, 0.65, 12), "nurse": (0.275, 0.65, 15),
        "other": (0.275, 0.65, 15)}
TEAM_MINUTES = 5.8 * sum(a * f * m for a, f, m in TEAM.values())
UTILISATION = round(TOTAL_LIST_2026 * TEAM_MINUTES
                    / (52.5 * 60 * 50 * (998 + 295)), 3)
PRACTICES_BY_PLACE = {"Coventry": 50, "Rugby": 12, "South Warwickshire": 32,
                      "Warwickshire North": 25}

LIST_DATE_2026 = "2026-04-01"
LIST_DATE_2023 = "2023-07-01"

ATTR_OGL = ("Contains public sector information licensed under the Open "
            "Government Licence v3.0")
# ONS geography: the LAD boundaries are the December 2024 release (the ICB
# boundary is April 2023).
ATTR_ONS = ("Source: Office for National Statistics licensed under the Open "
            "Government Licence v.3.0. Contains OS data \u00a9 Crown copyright "
            "and database right 2024")
ATTR_OS = ("Contains OS data \u00a9 Crown copyright and database right 2025; "
           "Contains Royal Mail data \u00a9 Royal Mail copyright and database "
           "right 2025; Contains National Statistics data \u00a9 Crown "
           "copyright and database right 2025")


def die(msg):
    sys.stderr.write("build_cw: " + msg + "\n")
    sys.exit(1)


# ---------------------------------------------------------------------------
# Input and output helpers
# ---------------------------------------------------------------------------

def read_csv(path):
    """Rows of a CSV file as dicts (a leading byte order mark is dropped)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fmt_num(x, decimals=6):
    """A plain decimal: integers without a point, others with at most
    `decimals` places and no trailing zeros (never exponent notation)."""
    if isinstance(x, int):
        return str(x)
    s = "%.*f" % (decimals, x)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s == "-0":
        s = "0"
    return s


def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return fmt_num(v)
    return str(v)


def write_csv(path, header, rows):
    """RFC 4180 CSV, UTF-8, "\n" line endings, minimal quoting."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow([cell(r.get(h)) for h in header])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return len(rows)


def write_geojson(path, name, features):
    """A plain RFC 7946 FeatureCollection (only `name` besides `type` and
    `features`), one feature per line, coordinates already rounded."""
    parts = []
    for ft in features:
        parts.append(json.dumps(ft, ensure_ascii=False,
                                separators=(",", ":")))
    text = ('{"type":"FeatureCollection","name":%s,"features":[\n'
            % json.dumps(name)) + ",\n".join(parts) + "\n]}\n"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


# ---------------------------------------------------------------------------
# Geometry (WGS84 longitude/latitude; metres through a local frame)
# ---------------------------------------------------------------------------

WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)


class LocalFrame:
    """Equirectangular metres around (lon0, lat0) on the WGS84 ellipsoid,
    using the meridian and parallel radii at lat0.  Over a few kilometres
    the error is far below a metre; over the whole ICB (about 60 km) it is
    about 1%, which is fine for clearance checks."""

    def __init__(self, lon0, lat0):
        s = math.sin(math.radians(lat0))
        w = math.sqrt(1 - WGS84_E2 * s * s)
        self.lon0, self.lat0 = lon0, lat0
        self.mlat = math.pi / 180 * WGS84_A * (1 - WGS84_E2) / w ** 3
        self.mlon = (math.pi / 180 * WGS84_A * math.cos(math.radians(lat0))
                     / w)

    def xy(self, lon, lat):
        return ((lon - self.lon0) * self.mlon, (lat - self.lat0) * self.mlat)

    def ll(self, x, y):
        return (self.lon0 + x / self.mlon, self.lat0 + y / self.mlat)


ICB_FRAME = LocalFrame(-1.55, 52.35)


def ring_signed_area(ring):
    """Shoelace area of a closed ring (positive = counter-clockwise)."""
    a = 0.0
    for i in range(len(ring) - 1):
        a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
    return a / 2


def polygons_of(geom):
    """The list of polygons (each a list of rings) of a Polygon or
    MultiPolygon geometry."""
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    raise ValueError("not a polygon: " + geom["type"])


def rfc7946_orient(geom):
    """Exterior rings counter-clockwise, holes clockwise (RFC 7946 3.1.6)."""
    out = []
    for poly in polygons_of(geom):
        rings = []
        for k, ring in enumerate(poly):
            ccw = ring_signed_area(ring) > 0
            want_ccw = (k == 0)
            rings.append(list(ring) if ccw == want_ccw else list(ring[::-1]))
        out.append(rings)
    if geom["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


def point_in_ring(x, y, ring):
    """Ray casting (even-odd rule)."""
    inside = False
    n = len(ring) - 1
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[i + 1][0], ring[i + 1][1]
        if (y1 > y) != (y2 > y):
            xc = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xc:
                inside = not inside
    return inside


def point_in_geom(x, y, geom):
    for poly in polygons_of(geom):
        if point_in_ring(x, y, poly[0]) and not any(
                point_in_ring(x, y, h) for h in poly[1:]):
            return True
    return False


def _orient(ax, ay, bx, by, cx, cy):
    v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    return (v > 0) - (v < 0)


def _on_segment(ax, ay, bx, by, cx, cy):
    return (min(ax, bx) <= cx <= max(ax, bx)
            and min(ay, by) <= cy <= max(ay, by))


def segments_intersect(p1, p2, q1, q2):
    """True when closed segments p1p2 and q1q2 share any point."""
    o1 = _orient(p1[0], p1[1], p2[0], p2[1], q1[0], q1[1])
    o2 = _orient(p1[0], p1[1], p2[0], p2[1], q2[0], q2[1])
    o3 = _orient(q1[0], q1[1], q2[0], q2[1], p1[0], p1[1])
    o4 = _orient(q1[0], q1[1], q2[0], q2[1], p2[0], p2[1])
    if o1 != o2 and o3 != o4:
        return True
    if o1 == 0 and _on_segment(p1[0], p1[1], p2[0], p2[1], q1[0], q1[1]):
        return True
    if o2 == 0 and _on_segment(p1[0], p1[1], p2[0], p2[1], q2[0], q2[1]):
        return True
    if o3 == 0 and _on_segment(q1[0], q1[1], q2[0], q2[1], p1[0], p1[1]):
        return True
    if o4 == 0 and _on_segment(q1[0], q1[1], q2[0], q2[1], p2[0], p2[1]):
        return True
    return False


def ring_problems(ring):
    """Reasons a ring is not a valid simple closed ring (empty = valid).
    Sweep over segments sorted by x; adjacent segments may only share
    their common vertex."""
    probs = []
    if len(ring) < 4:
        probs.append("fewer than 4 positions")
        return probs
    if ring[0] != ring[-1]:
        probs.append("not closed")
        return probs
    n = len(ring) - 1
    for i in range(n):
        if ring[i] == ring[i + 1]:
            probs.append("repeated consecutive position %d" % i)
    if len(set(tuple(p) for p in ring[:-1])) != n:
        probs.append("a position occurs twice")
    segs = []
    for i in range(n):
        a, b = ring[i], ring[i + 1]
        segs.append((min(a[0], b[0]), max(a[0], b[0]), i))
    segs.sort()
    active = []
    for xmin, xmax, i in segs:
        active = [s for s in active if s[1] >= xmin]
        for _, _, j in active:
            if abs(i - j) == 1 or abs(i - j) == n - 1:
                continue
            if segments_intersect(ring[i], ring[i + 1], ring[j], ring[j + 1]):
                probs.append("segments %d and %d intersect" % (j, i))
                return probs
        active.append((xmin, xmax, i))
    return probs


def geom_problems(geom):
    """Validity of a Polygon/MultiPolygon as RFC 7946 + OGC simple rings:
    closed rings of >= 4 positions, no self-intersection, exterior
    counter-clockwise, holes clockwise and inside their exterior."""
    probs = []
    for p, poly in enumerate(polygons_of(geom)):
        for k, ring in enumerate(poly):
            for pr in ring_problems(ring):
                probs.append("polygon %d ring %d: %s" % (p, k, pr))
            a = ring_signed_area(ring)
            if k == 0 and a <= 0:
                probs.append("polygon %d exterior not counter-clockwise" % p)
            if k > 0 and a >= 0:
                probs.append("polygon %d hole %d not clockwise" % (p, k))
            if k > 0 and not point_in_ring(ring[0][0], ring[0][1], poly[0]):
                probs.append("polygon %d hole %d outside exterior" % (p, k))
    return probs


def rings_cross(r1, r2):
    """True when any edge of ring r1 meets any edge of ring r2."""
    bx1 = (min(p[0] for p in r2), max(p[0] for p in r2),
           min(p[1] for p in r2), max(p[1] for p in r2))
    for i in range(len(r1) - 1):
        a, b = r1[i], r1[i + 1]
        if (max(a[0], b[0]) < bx1[0] or min(a[0], b[0]) > bx1[1]
                or max(a[1], b[1]) < bx1[2] or min(a[1], b[1]) > bx1[3]):
            continue
        for j in range(len(r2) - 1):
            c, d = r2[j], r2[j + 1]
            if (max(a[0], b[0]) < min(c[0], d[0])
                    or min(a[0], b[0]) > max(c[0], d[0])
                    or max(a[1], b[1]) < min(c[1], d[1])
                    or min(a[1], b[1]) > max(c[1], d[1])):
                continue
            if segments_intersect(a, b, c, d):
                return True
    return False


def _pt_seg_dist(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    L = dx * dx + dy * dy
    t = 0.0 if L == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx
                                               + (p[1] - a[1]) * dy) / L))
    qx, qy = a[0] + t * dx, a[1] + t * dy
    return math.hypot(p[0] - qx, p[1] - qy)


def ring_distance_m(r1, r2, frame=ICB_FRAME, cutoff=None):
    """Minimum distance in metres between two rings that do not cross
    (vertex-to-edge both ways).  With `cutoff`, edges further than the
    cutoff from the other ring's bounding box are skipped."""
    a = [frame.xy(p[0], p[1]) for p in r1]
    b = [frame.xy(p[0], p[1]) for p in r2]

    def one_way(P, Q):
        best = float("inf")
        if cutoff is not None:
            qx0 = min(q[0] for q in Q) - cutoff
            qx1 = max(q[0] for q in Q) + cutoff
            qy0 = min(q[1] for q in Q) - cutoff
            qy1 = max(q[1] for q in Q) + cutoff
        for p in P[:-1]:
            if cutoff is not None and not (qx0 <= p[0] <= qx1
                                           and qy0 <= p[1] <= qy1):
                continue
            for j in range(len(Q) - 1):
                d = _pt_seg_dist(p, Q[j], Q[j + 1])
                if d < best:
                    best = d
        return best

    return min(one_way(a, b), one_way(b, a))


def polygons_overlap(r1, r2):
    """Exterior rings r1 and r2 overlap or touch (edges meet, or one holds
    a vertex of the other)."""
    if rings_cross(r1, r2):
        return True
    return (point_in_ring(r1[0][0], r1[0][1], r2)
            or point_in_ring(r2[0][0], r2[0][1], r1))


def bbox_of(ring):
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return (min(xs), min(ys), max(xs), max(ys))


def star_polygon(lon, lat, area_m2, rng, n=14):
    """An irregular site outline of exactly `area_m2` (before rounding)
    around (lon, lat).  Vertices at increasing angles, each with a random
    radius (+/-18%) and angular jitter, then stretched (aspect 0.75-1.33)
    and rotated: the ring is star-shaped about its centre, so it is always
    simple (no self-intersection) and counter-clockwise."""
    fr = LocalFrame(lon, lat)
    step = 2 * math.pi / n
    pts = []
    for i in range(n):
        ang = i * step + rng.uniform(-0.3, 0.3) * step
        rad = 1.0 + rng.uniform(-0.18, 0.18)
        pts.append((rad * math.cos(ang), rad * math.sin(ang)))
    k = math.exp(rng.uniform(math.log(0.75), math.log(1.333)))
    th = rng.uniform(0, math.pi)
    ct, st = math.cos(th), math.sin(th)
    pts = [((x * k) * ct - (y / k) * st, (x * k) * st + (y / k) * ct)
           for x, y in pts]
    a = abs(ring_signed_area(pts + [pts[0]]))
    s = math.sqrt(area_m2 / a)
    ring = []
    for x, y in pts:
        lo, la = fr.ll(x * s, y * s)
        ring.append([round(lo, 6), round(la, 6)])
    ring.append(list(ring[0]))
    return ring


def round_coords(geom, nd=6):
    def r(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], nd), round(c[1], nd)]
        return [r(x) for x in c]
    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


# ---------------------------------------------------------------------------
# Small numeric helpers
# ---------------------------------------------------------------------------

def largest_remainder(total, weights, keys, minimum=0):
    """Split integer `total` in proportion to `weights` (Hamilton /
    largest remainder).  With `minimum` every share is at least that much:
    each key first gets `minimum`, and the rest is split in proportion to
    max(quota - minimum, 0), where quota = total * w / sum(w).  Ties are
    broken by key order, so the result is deterministic."""
    W = float(sum(weights))
    quotas = [total * w / W for w in weights]
    alloc = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError("total smaller than the minimum shares")
    extra_w = [max(q - minimum, 0.0) for q in quotas]
    EW = sum(extra_w)
    ext = [rest * e / EW if EW > 0 else 0.0 for e in extra_w]
    fl = [int(math.floor(e)) for e in ext]
    left = rest - sum(fl)
    order = sorted(range(len(weights)),
                   key=lambda i: (-(ext[i] - fl[i]), keys[i]))
    for i in order[:left]:
        fl[i] += 1
    return {keys[i]: alloc[i] + fl[i] for i in range(len(weights))}


def ramp_trajectory(dwellings, peak, ramp=(0.4, 0.7)):
    """Completions per year for a large site: the first years ramp up
    (fractions of the peak rate in `ramp`), then the peak rate until the
    site is complete; the last year takes what is left (a tail).  Sums
    exactly to `dwellings`."""
    out = []
    left = dwellings
    i = 0
    while left > 0:
        rate = peak * ramp[i] if i < len(ramp) else peak
        v = max(1, min(left, int(round(rate))))
        out.append(v)
        left -= v
        i += 1
    assert sum(out) == dwellings
    return out


def window_trajectory(dwellings, start, last=None):
    """Completions per year for a site that is built out from `start` to
    the end of the ten-year window (2035): the first year at 60% of the
    later years' rate, the homes split over the years by largest
    remainder.  Sums exactly to `dwellings`."""
    last = LAST_YEAR if last is None else last
    n = last - start + 1
    w = [0.6] + [1.0] * (n - 1)
    split = largest_remainder(dwellings, w, list(range(n)))
    return [split[i] for i in range(n)]


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


# ---------------------------------------------------------------------------
# Capital schemes
# ---------------------------------------------------------------------------
#
# The 26 projects of the strategy's Appendix 2 (seed file): id, place, name,
# linked growth site and funding route are published; the strategy gives
# no costs, rooms or timings.  Two projects are split into mutually
# exclusive options (one option_group each):
#   P13 Kings Hill: P13A land and capital, P13B capital only (OG-KH);
#   P17 Upper Lighthorne: P17A expand existing practices, P17B new practice
#       on site, P17C hybrid (OG-UL).
# Delivered: P09 Whitehall expansion, P14 Lillington Health Hub (summer
# 2024), P25 Hartshill new practice (November 2023).
#
# Cost rule (illustrative):
#   raw cost = works area (m2) x rate for the kind of work (+ land bought);
#   new-build rate = build cost 2,300 GBP/m2 (2018 base, NHS/CHP S106
#   representations) x cost index 2018->2026 (1.35) x (1 + fees 15%)
#   x (1 + contingency 10%) x (1 + optimism bias 24%) = 4,870 GBP/m2;
#   extension 1.10 x that (work in occupied buildings), refurbishment 0.50 x,
#   reconfiguration 0.35 x.
# The raw costs are then scaled by one factor so that the schemes not yet
# delivered cost exactly GBP 111,250,000 in total (the strategy's ten-year
# capital requirement), counting only the first option (A) of each option
# group: 23 schemes, matching the strategy's "23 major projects".  Costs are
# rounded to GBP 1,000 with the rounding spread by largest remainder so the
# total is exact.  Other options and delivered schemes get the same factor
# (rounded to GBP 1,000) and do not count towards the total.
#
# Rooms: for space that is wholly new, rooms = area / 51.6 m2 per room (the
# premises GIA rule), split about 70:21:9 consult:treatment:other like
# today's estate (998:295:122); replacements, refurbishments and
# reconfigurations add a smaller net number of rooms (m2_added is the net
# new area).  Rent: 200 GBP a year per m2 added (notional rent, illustrative).

BUILD_COST_2018 = 2300.0
COST_INDEX_2018_2026 = 1.35
FEES = 0.15
CONTINGENCY = 0.10
OPTIMISM_BIAS = 0.24
OPTIMISM_BIAS_DURATION = 0.04
NEW_BUILD_RATE = (BUILD_COST_2018 * COST_INDEX_2018_2026 * (1 + FEES)
                  * (1 + CONTINGENCY) * (1 + OPTIMISM_BIAS))
KIND_RATE = {"new_build": 1.0, "extension": 1.10, "refurbishment": 0.50,
             "reconfiguration": 0.35, "land": 0.0}
RENT_GBP_PER_M2 = 200.0
LAND_GBP_PER_HA = 1500000.0
SPEND_PROFILES = {1: [1.0], 2: [0.4, 0.6], 3: [0.2, 0.5, 0.3]}

# (scheme_id, project_id, name (None = as published), premises_id,
#  kind, status, (consult, treatment, other), m2_added, works_m2,
#  land_ha bought, earliest_start, duration_years, completion_year,
#  option_group, depends_on, funding)
SCHEMES = [
    ("P01", "P01", None, "", "new_build", "candidate", (18, 5, 2), 1300,
     1300, 0, 2027, 3, None, "", "", "s106;icb"),
    ("P02", "P02", None, "MAIN-M84012", "extension", "candidate", (8, 3, 1),
     600, 600, 0, 2027, 2, None, "", "", "s106;icb"),
    ("P03", "P03", None, "BR-M86002-1", "new_build", "candidate",
     (10, 3, 1), 775, 900, 0, 2028, 2, None, "", "", "partner;icb"),
    ("P04", "P04", None, "SH-CCHC", "reconfiguration", "candidate",
     (6, 2, 1), 0, 3000, 0, 2028, 3, None, "", "", "partner;icb"),
    ("P05", "P05", None, "", "new_build", "candidate", (14, 4, 1), 1000,
     1000, 0, 2029, 2, None, "", "", "s106;partner;icb"),
    ("P06", "P06", None, "MAIN-M86027", "extension", "candidate", (7, 2, 1),
     500, 500, 0, 2031, 2, None, "", "", "s106;icb"),
    ("P07", "P07", None, "", "new_build", "candidate", (9, 3, 1), 700, 1800,
     0, 2029, 3, None, "", "", "partner;icb"),
    ("P08", "P08", None, "", "new_build", "candidate", (20, 6, 3), 1500,
     1500, 0, 2029, 2, None, "", "", "s106;icb"),
    ("P09", "P09", None, "MAIN-M84004", "extension", "delivered", (6, 1, 1),
     400, 400, 0, 2022, 1, 2022, "", "", "icb"),
    ("P10", "P10", None, "MAIN-M84020", "extension", "committed", (5, 1, 1),
     350, 350, 0, 2026, 2, None, "", "", "icb"),
    ("P11", "P11", None, "", "new_build", "candidate", (12, 4, 1), 900, 900,
     0, 2028, 2, None, "", "P10", "icb;grant"),
    ("P12", "P12", None, "SH-KENILWORTH", "new_build", "candidate",
     (8, 2, 1), 600, 2200, 0, 2028, 3, None, "", "", "cil;grant;partner;icb"),
    ("P13A", "P13", "Kings Hill: land and capital option", "", "new_build",
     "candidate", (20, 6, 3), 1500, 1500, 0, 2031, 2, None, "OG-KH", "",
     "s106;icb"),
    ("P13B", "P13", "Kings Hill: capital only option (land bought)", "",
     "new_build", "candidate", (20, 6, 3), 1500, 1500, 0.6, 2031, 2, None,
     "OG-KH", "", "s106;icb"),
    ("P14", "P14", None, "SH-LILLINGTON", "new_build", "delivered",
     (4, 1, 0), 600, 600, 0, 2023, 2, 2024, "", "", "cil;partner"),
    ("P15", "P15", None, "", "new_build", "candidate", (8, 2, 2), 600, 2000,
     0, 2029, 3, None, "", "", "s106;grant;partner;icb"),
    ("P16", "P16", None, "SH-SOUTHAM", "reconfiguration", "committed",
     (3, 1, 0), 0, 250, 0, 2026, 1, None, "", "", "s106;icb"),
    ("P17A", "P17", "Upper Lighthorne: expand existing practices",
     "MAIN-M84030", "extension", "candidate", (6, 2, 1), 450, 450, 0, 2027,
     1, None, "OG-UL", "", "s106;icb"),
    ("P17B", "P17", "Upper Lighthorne: new practice on site", "",
     "new_build", "candidate", (14, 4, 1), 1000, 1000, 0, 2028, 2, None,
     "OG-UL", "", "s106;icb"),
    ("P17C", "P17", "Upper Lighthorne: hybrid (branch on site and "
     "extension)", "", "new_build", "candidate", (10, 3, 1), 750, 750, 0,
     2028, 2, None, "OG-UL", "", "s106;icb"),
    ("P18", "P18", None, "", "new_build", "candidate", (11, 3, 1), 800, 1600,
     0, 2029, 2, None, "", "", "s106;cil;partner;icb"),
    ("P19", "P19", None, "", "new_build", "candidate", (15, 5, 1), 1100,
     1100, 0, 2032, 2, None, "", "", "s106;icb"),
    ("P20", "P20", None, "MAIN-M84025", "new_build", "candidate", (5, 2, 1),
     400, 1000, 0, 2028, 2, None, "", "", "cil;partner;icb"),
    ("P21", "P21", None, "MAIN-M84007", "extension", "candidate", (5, 2, 1),
     400, 400, 0, 2027, 1, None, "", "", "s106;icb"),
    ("P22", "P22", None, "SH-ATHERSTONE", "reconfiguration", "candidate",
     (5, 2, 0), 0, 700, 0, 2027, 1, None, "", "", "s106;grant;icb"),
    ("P23", "P23", None, "", "new_build", "candidate", (16, 5, 2), 1200,
     1200, 0, 2028, 2, None, "", "", "s106;icb"),
    ("P24", "P24", None, "", "refurbishment", "committed", (14, 4, 3), 1500,
     1500, 0, 2026, 2, None, "", "", "grant;partner"),
    ("P25", "P25", None, "MAIN-M84615", "new_build", "delivered", (7, 2, 1),
     550, 550, 0, 2022, 2, 2023, "", "", "grant"),
    ("P26", "P26", None, "SH-BEDWORTH", "refurbishment", "candidate",
     (4, 1, 0), 0, 900, 0, 2027, 2, None, "", "", "s106;icb"),
]

# Completion years published in the strategy (the others are ours).
PUBLISHED_COMPLETION = {"P14": 2024, "P25": 2023}


def build_schemes(inp, premises_ids, site_ids):
    proj = {r["project_id"]: r for r in inp.projects}
    if sorted(proj) != sorted(set(s[1] for s in SCHEMES)):
        die("seed projects differ from the ones this script knows")
    groups_first = {}
    for s in SCHEMES:
        if s[13] and s[13] not in groups_first:
            groups_first[s[13]] = s[0]
    raw = {}
    for (sid, pid, name, prem, kind, status, rooms, m2, works, land_ha,
         start, dur, done, group, deps, funding) in SCHEMES:
        raw[sid] = works * NEW_BUILD_RATE * KIND_RATE[kind] \
            + land_ha * LAND_GBP_PER_HA
    counted = [s[0] for s in SCHEMES
               if s[5] != "delivered" and (not s[13]
                                           or groups_first[s[13]] == s[0])]
    factor = TOTAL_CAPITAL_GBP / sum(raw[s] for s in counted)
    # counted schemes: exact total in units of GBP 1,000
    k = largest_remainder(TOTAL_CAPITAL_GBP // 1000,
                          [raw[s] for s in counted], counted)
    cost = {s: k[s] * 1000 for s in counted}
    for s in raw:
        if s not in cost:
            cost[s] = int(1000 * round(raw[s] * factor / 1000))
    rows = []
    for (sid, pid, name, prem, kind, status, rooms, m2, works, land_ha,
         start, dur, done, group, deps, funding) in SCHEMES:
        p = proj[pid]
        site = p["growth_site_id"]
        if prem and prem not in premises_ids:
            die("scheme %s: unknown premises %s" % (sid, prem))
        if site and site not in site_ids:
            die("scheme %s: unknown site %s" % (sid, site))
        ill = ["kind", "rooms_consult", "rooms_treatment", "rooms_other",
               "m2_added", "cost_gbp", "spend_profile", "earliest_start",
               "duration_years", "rent_gbp", "funding"]
        if prem:
            ill.append("premises_id")
        if deps:
            ill.append("depends_on")
        if status != "delivered":
            ill.append("status")
        elif sid not in PUBLISHED_COMPLETION:
            ill.append("completion_year")
        if done is not None and sid in PUBLISHED_COMPLETION \
                and PUBLISHED_COMPLETION[sid] != done:
            die("scheme %s: completion year differs from the strategy" % sid)
        rows.append({
            "scheme_id": sid,
            "name": name if name else p["name"],
            "place": p["place"],
            "premises_id": prem,
            "site_id": site,
            "kind": kind, "status": status,
            "rooms_consult": rooms[0], "rooms_treatment": rooms[1],
            "rooms_other": rooms[2],
            "m2_added": m2, "cost_gbp": cost[sid],
            "spend_profile": ";".join(fmt_num(x)
                                      for x in SPEND_PROFILES[dur]),
            "earliest_start": start, "duration_years": dur,
            "completion_year": done,
            "rent_gbp": int(round(m2 * RENT_GBP_PER_M2)),
            "funding": funding, "option_group": group,
            "depends_on": deps,
            "funding_route_published": p["funding_route"],
            "illustrative": ";".join(ill),
        })
    rows.sort(key=lambda r: r["scheme_id"])
    summary = {"factor": factor, "counted": counted,
               "raw_counted": sum(raw[s] for s in counted)}
    return rows, summary


# ---------------------------------------------------------------------------
# Assumptions and presets
# ---------------------------------------------------------------------------
#
# Every number the model uses that is not data.  Values are written as
# given here (strings), so their digits are fixed.  "illustrative" in a
# source means no published figure was found for Coventry and Warwickshire.

M2_PER_PATIENT = 120.0 / 1750.0
ROOMS_ALL = sum(TOTAL_ROOMS.values())

ASSUMPTIONS = [
    # -- housing to patients
    ("persons_per_dwelling", "2.4", "persons/dwelling",
     "ONS Census 2021: average household size in England and Wales (2.4)",
     "the strategy's planning assumption; reproduces its 53 rooms"),
    ("use_bedroom_mix", "1", "boolean", "pcplan design default (on)",
     "1: a site with a known bedroom mix uses persons_per_dwelling_<n>bed "
     "by band; 0: every site uses persons_per_dwelling (as the strategy "
     "does)"),
    ("persons_per_dwelling_1bed", "1.3", "persons/dwelling",
     "illustrative", "used where a site's bedroom mix is known; a typical "
     "new-build mix gives about 2.4; replace with local Census 2021 "
     "occupancy by number of bedrooms"),
    ("persons_per_dwelling_2bed", "1.9", "persons/dwelling",
     "illustrative", "see persons_per_dwelling_1bed"),
    ("persons_per_dwelling_3bed", "2.5", "persons/dwelling",
     "illustrative", "see persons_per_dwelling_1bed"),
    ("persons_per_dwelling_4bed", "3.0", "persons/dwelling",
     "illustrative", "see persons_per_dwelling_1bed"),
    ("persons_per_dwelling_5bed", "3.4", "persons/dwelling",
     "illustrative", "five or more bedrooms; see persons_per_dwelling_1bed"),
    ("registration_rate", "1.0", "fraction",
     "assumption: every new resident registers with a local practice",
     "share of new residents who register"),
    ("population_gain_factor", "1.0", "fraction",
     "assumption: all new residents are new to the practices' lists",
     "lower it where many movers come from within the area"),
    # -- catchment (DESIGN.md 3.1)
    ("huff_alpha", "1", "exponent",
     "pcplan design default (Huff model)", "attraction exponent on list size"),
    ("huff_beta", "2", "exponent",
     "pcplan design default (Huff model)", "distance-decay exponent"),
    ("dmax_urban_m", "5000", "m", "pcplan design default",
     "practices considered for a site with setting urban"),
    ("dmax_rural_m", "8000", "m", "pcplan design default",
     "practices considered for a site with setting rural"),
    ("huff_min_distance_m", "200", "m", "pcplan design default",
     "distances below this count as this in the huff rule, so a practice "
     "on or next to a site does not take an unbounded weight"),
    # -- gp_fte method
    ("patients_per_gp_fte", "1800", "patients/FTE",
     "HUDU planning contributions model; DHSC/MHCLG 2023 fact sheet 'New "
     "homes and healthcare facilities'", "preset cw-strategy"),
    ("gp_f2f_sessions_per_fte", "6", "sessions/week",
     "inferred: the strategy states only that 73,000 homes need 53 "
     "consulting rooms 'based on current planning assumptions'; 6 sessions "
     "with 11 room sessions, 1,800 patients per GP and 2.4 persons per home "
     "reproduce 53",
     "face-to-face clinical sessions a week per FTE GP"),
    ("room_sessions_per_week", "11", "sessions/week",
     "inferred with gp_f2f_sessions_per_fte to reproduce the strategy's 53 "
     "rooms (the strategy does not state it)",
     "sessions a room can host a week (5.5 days x 2)"),
    # -- activity method
    # -- activity method: the whole practice team by staff group
    ('appointments_per_patient_year', "5.8", 'appointments/patient/year',
     'NHS England, Appointments in General Practice: 367.4 million appointments in England in 2024 over 63.7 million registered patients (December 2024), 5.8 a patient, as summarised by the Institute for Government',
     'the whole practice team; range more than 0 to 100'),
    ('appointment_share_gp', "0.45", 'fraction',
     'NHS England, Appointments in General Practice, April 2024: 13.7 million of 30.7 million appointments led by GPs (45%), as summarised by the RCGP',
     'share of appointments led by GPs; the three shares sum to 1'),
    ('appointment_share_nurse', "0.275", 'fraction',
     'illustrative: the 55% of appointments not led by GPs (NHS England, Appointments in General Practice, April 2024) split evenly between nurses and the other roles',
     'share of appointments led by nurses; range 0 to 1'),
    ('appointment_share_other', "0.275", 'fraction',
     'illustrative: as appointment_share_nurse',
     'share led by the other direct patient care roles (pharmacists, physiotherapists, paramedics, physician associates, health care assistants); range 0 to 1'),
    ('f2f_share_gp', "0.65", 'fraction',
     'illustrative by staff group: the overall share of nHS England, Appointments in General Practice, April 2024: 19.9 million of 30.7 million appointments face to face (65%), as summarised by the RCGP',
     'share of GP appointments in a room; range 0 to 1'),
    ('f2f_share_nurse', "0.65", 'fraction',
     'illustrative by staff group: as f2f_share_gp',
     'share of nurse appointments in a room; range 0 to 1'),
    ('f2f_share_other', "0.65", 'fraction',
     'illustrative by staff group: as f2f_share_gp',
     "share of the other roles' appointments in a room; range 0 to 1"),
    ('minutes_gp', "12", 'minutes',
     'illustrative: a 9.2-minute average GP consultation (Irving et al., BMJ Open 2017) plus room turnover and notes',
     'room time per face-to-face GP appointment; range more than 0 to 600'),
    ('minutes_nurse', "15", 'minutes',
     'illustrative: a 15-minute booked slot; about a third of appointments last over 15 minutes (NHS Digital appointment durations, June 2022, as analysed by GPonline)',
     'room time per face-to-face nurse appointment; range more than 0 to 600'),
    ('minutes_other', "15", 'minutes',
     'illustrative: as minutes_nurse',
     'room time per face-to-face appointment with the other roles; range more than 0 to 600'),
    ("room_hours_per_week", "52.5", "hours/week",
     "GP contract core hours 08:00-18:30 Monday to Friday",
     "hours a room is available"),
    ("weeks_per_year", "50", "weeks",
     "52 weeks less bank holidays (about 1.6 weeks), rounded",
     "weeks a room is available a year"),
    ('utilisation', fmt_num(UTILISATION, 3), 'fraction',
     "calibrated to today's estate: the share of a room's core hours that today's face-to-face appointment minutes (1,119,429 patients x 5.8 appointments x 8.87 minutes a year) take in the 1,293 consulting and treatment rooms in use (the strategy's 998 and 295), so the system is at capacity today, as the strategy's account of the estate suggests (its highest system estate risk; new estate fills quickly)",
     "the rest of a room's time goes to remote consulting from the same rooms, clinics and visiting services, training and turnover; range more than 0 to 1; recalibrate when rooms or lists change (tests/test_cw_dataset.c checks it)"),
    # -- ratio and space methods
    ("patients_per_room", fmt_num(TOTAL_LIST_2026 / 998.0, 3),
     "patients/room",
     "derived: 1,119,429 registered patients (NHS England, April 2026) / 998 "
     "consulting and examination rooms (strategy)",
     "today's system ratio, used by the ratio method"),
    ("m2_per_patient", fmt_num(M2_PER_PATIENT, 15), "m2/patient",
     "NHS / Community Health Partnerships S106 representations: 120 m2 per "
     "1,750 patients", "space method; 120/1750"),
    ("gross_m2_per_room",
     fmt_num(TOTAL_LIST_2026 * M2_PER_PATIENT / ROOMS_ALL, 2), "m2/room",
     "derived: 1,119,429 patients x 120/1,750 m2 / 1,415 patient-facing "
     "rooms (strategy)", "space method: whole-building m2 per room, "
     "calibrated to today's estate"),
    # -- from rooms to money (DESIGN.md 3.4)
    ("clinical_room_m2", "16", "m2",
     "Health Building Note 11-01 (facilities for primary and community care "
     "services): consulting/examination room", "per room"),
    ("circulation_factor", "0.29", "fraction",
     "planning allowance for circulation of 28-30% (HBN 11-01 practice)",
     "m2 = rooms x clinical_room_m2 x (1 + circulation_factor)"),
    ("build_cost_gbp_per_m2", "2300", "GBP/m2",
     "NHS / Community Health Partnerships S106 representations (2018 "
     "base)", "price base year in build_cost_base_year"),
    ("build_cost_base_year", "2018", "year",
     "NHS / Community Health Partnerships S106 representations",
     "price base of build_cost_gbp_per_m2"),
    ("build_cost_index", fmt_num(COST_INDEX_2018_2026), "ratio",
     "illustrative: construction tender price change 2018 to 2026",
     "replace with the BCIS All-in Tender Price Index ratio"),
    ("fees", fmt_num(FEES), "fraction", "illustrative",
     "professional fees on works cost"),
    ("contingency", fmt_num(CONTINGENCY), "fraction", "illustrative",
     "on works cost plus fees"),
    ("optimism_bias", fmt_num(OPTIMISM_BIAS), "fraction",
     "HM Treasury Green Book supplementary guidance on optimism bias "
     "(Mott MacDonald 2002): standard buildings, upper bound, capital "
     "expenditure 24%", "reduce as a scheme's risks are mitigated"),
    ("optimism_bias_duration", fmt_num(OPTIMISM_BIAS_DURATION), "fraction",
     "HM Treasury Green Book supplementary guidance on optimism bias: "
     "standard buildings, upper bound, works duration 4%",
     "added to scheme durations"),
    ("rent_gbp_per_m2", fmt_num(RENT_GBP_PER_M2), "GBP/m2/year",
     "illustrative notional rent for new GP premises", "revenue consequence"),
    ("contribution_index_rate", "0.03", "fraction/year", "illustrative",
     "indexation of S106 amounts from their base date"),
    ("use_spare_capacity", "1", "boolean",
     "pcplan design default (on)",
     "1: rooms asked for a site are net of the affected practices' spare "
     "capacity"),
    # -- site assessment, the ask and its terms (DESIGN.md 3.4, 3.5)
    ("dwellings_per_ha", "35", "dwellings/ha",
     "illustrative: a typical net density of new suburban housing",
     "area of a development given as a point (site assess --at) without "
     "--area-ha"),
    ("land_m2_per_gia_m2", "2.5", "m2/m2",
     "illustrative: site area per m2 of a one- or two-storey surgery with "
     "parking",
     "land asked for in land-only and land-and-capital contributions"),
    ("trigger_commencement_share", "0.5", "fraction",
     "illustrative: a common S106 payment schedule",
     "suggested trigger: share paid on commencement; the rest on occupation "
     "of trigger_occupation_point of the dwellings"),
    ("trigger_occupation_point", "0.5", "fraction",
     "illustrative: a common S106 payment schedule",
     "suggested second trigger: occupation of this share of the dwellings"),
    ("minimum_ask_gbp", "10000", "GBP",
     "illustrative: below this the work of securing, monitoring and "
     "spending an obligation outweighs the money",
     "an ask below this is no ask, with the reason; range 0 to 1,000,000"),
    ("spend_period_years", "10", "years",
     "illustrative: a common S106 spend period",
     "suggested spend period after receipt in a consultation response"),
    ("contribution_warning_years", "2", "years", "pcplan design default",
     "contributions whose spend-by date is within this many years of the "
     "as-of date are flagged"),
    # -- prioritisation (DESIGN.md 3.6)
    ("deprivation_weight_power", "1", "exponent", "illustrative",
     "place weight = (population-weighted IMD score / system mean) ^ power"),
    ("s106_repaid_penalty_per_gbp", "0.00001", "room-years/GBP",
     "illustrative", "objective penalty: 1 unmet room-year per GBP 100,000 "
     "repaid"),
    ("icb_capital_cost_per_gbp", "0.00001", "room-years/GBP",
     "pcplan design default: equal to s106_repaid_penalty_per_gbp, so that "
     "a pound of ICB capital costs as much as a pound of S106 repaid",
     "objective cost of ICB capital spent: 1 unmet room-year per GBP "
     "100,000; range 0 to 1; below s106_repaid_penalty_per_gbp the "
     "programme may spend more ICB capital than the S106 it saves"),
    ("tie_break_cost_per_gbp", "0.000000001", "room-years/GBP",
     "illustrative", "small cost term that breaks ties"),
    # -- reports (DESIGN.md 5)
    ("capacity_near_share", "0.1", "fraction", "illustrative",
     "premises whose spare rooms are under this share of their rooms are "
     "shown as near capacity"),
    # -- Monte Carlo over delivery (DESIGN.md 3.7)
    ("mc_runs", "1000", "runs", "illustrative", "number of draws"),
    ("mc_seed", "20260401", "seed", "illustrative",
     "fixed seed for reproducible runs"),
    ("mc_delivery_rate_mean", "1.0", "fraction", "illustrative",
     "mean of the per-site delivery rate factor (normal)"),
    ("mc_delivery_rate_sd", "0.15", "fraction", "illustrative",
     "standard deviation of the delivery rate factor"),
    ("mc_start_delay_mean_years", "0.5", "years", "illustrative",
     "mean start delay per site (normal, rounded, not below 0)"),
    ("mc_start_delay_sd_years", "1.0", "years", "illustrative",
     "standard deviation of the start delay"),
]

PRESETS = [
    ("cw-strategy", "patients_per_gp_fte", "1800"),
    ("cw-strategy", "gp_f2f_sessions_per_fte", "6"),
    ("cw-strategy", "room_sessions_per_week", "11"),
    ("cw-strategy", "persons_per_dwelling", "2.4"),
    ("cw-strategy", "use_bedroom_mix", "0"),
    ("activity", "appointments_per_patient_year", "5.8"),
    ("activity", "use_bedroom_mix", "1"),
]


def build_assumptions():
    rows = [{"assumption_id": a, "value": v, "unit": u, "source": s,
             "note": n} for a, v, u, s, n in ASSUMPTIONS]
    rows.sort(key=lambda r: r["assumption_id"])
    presets = [{"preset": p, "assumption_id": a, "value": v}
               for p, a, v in PRESETS]
    presets.sort(key=lambda r: (r["preset"], r["assumption_id"]))
    return rows, presets


# ---------------------------------------------------------------------------
# Population projections and small areas (published)
# ---------------------------------------------------------------------------

def build_projections(inp):
    """lad_projections.csv: the "All ages" rows of the ONS 2022-based SNPP
    (migration category variant), 2022-2047, values as published."""
    rows = []
    for r in inp.snpp:
        if r["age"] != "All ages":
            continue
        for y in range(2022, 2048):
            rows.append({"lad_code": r["lad_code"], "year": y,
                         "population": r[str(y)]})
    rows.sort(key=lambda r: (r["lad_code"], r["year"]))
    return rows


def build_lsoas(inp):
    """lsoas.csv: LSOA 2021 codes with their LAD (Census 2021 list), IMD
    2025 score and Census 2021 usual residents."""
    imd = {r["lsoa21_code"]: r for r in inp.imd}
    rows = []
    for r in inp.census:
        code = r["lsoa21cd"]
        if code not in imd:
            die("LSOA %s has no IMD 2025 score" % code)
        if imd[code]["lad22cd"] != r["lad22cd"]:
            die("LSOA %s: LAD differs between IMD and census" % code)
        rows.append({"lsoa_code": code, "lad_code": r["lad22cd"],
                     "imd_score": imd[code]["IMD_score"],
                     "population": int(r["usual_residents_2021"])})
    if len(imd) != len(rows):
        die("IMD and census LSOA lists differ")
    rows.sort(key=lambda r: r["lsoa_code"])
    return rows


# ---------------------------------------------------------------------------
# Construction cost index (illustrative)
# ---------------------------------------------------------------------------
#
# cost_index.csv: an annual series on 1 April of each year, shaped like a
# construction tender price index (2018 = 100: flat to 2020, a sharp rise in
# 2021-2023, slower since).  No open series exists: the BCIS All-in Tender
# Price Index is licensed, so an ICB should replace these rows with it.  The
# series is pinned to the build_cost_index assumption: 2026 / 2018 =
# COST_INDEX_2018_2026 = 1.35 exactly.

COST_INDEX = [(2015, "93"), (2016, "95"), (2017, "97.5"), (2018, "100"),
              (2019, "102"), (2020, "101"), (2021, "106"), (2022, "117"),
              (2023, "124"), (2024, "128"), (2025, "131.5"), (2026, "135")]
COST_INDEX_SOURCE = ("illustrative: an annual series shaped like a "
                     "construction tender price index (1 April 2018 = 100); "
                     "replace with the BCIS All-in Tender Price Index, which "
                     "is licensed")


def build_cost_index():
    rows = [{"date": "%d-04-01" % y, "value": v, "source": COST_INDEX_SOURCE,
             "illustrative": "*"} for y, v in COST_INDEX]
    ratio = float(dict(COST_INDEX)[2026]) / float(dict(COST_INDEX)[2018])
    if abs(ratio - COST_INDEX_2018_2026) > 1e-12:
        die("cost index 2018->2026 is %r, not build_cost_index %r"
            % (ratio, COST_INDEX_2018_2026))
    return rows


# ---------------------------------------------------------------------------
# Funds other than contributions (illustrative)
# ---------------------------------------------------------------------------
#
# funds.csv: capital money other than S106/CIL, one row per fund and year.
# No public source gives an ICB's capital allocations or partners' shares
# scheme by scheme, so every row is illustrative.  A thin annual ICB
# allocation (the strategy asks for GBP 111.25M over ten years on top of
# S106), partner and grant money for the schemes whose funding routes name
# them, and one NHS England improvement grant for any scheme.  The
# Nuneaton hub's two funds make up its cost (GBP 3.61M) exactly.

ICB_CAPITAL_GBP = 4500000
FUNDS = [
    # (fund_id, kind, years, amount_gbp per year, scheme_id, spend_by_year,
    #  source)
    ("ICB-CAPITAL", "icb", range(BASE_YEAR, BASE_YEAR + HORIZON_YEARS),
     ICB_CAPITAL_GBP, None, None,
     "illustrative: a thin annual ICB primary care capital allocation; the "
     "strategy asks for \u00a3111.25M over ten years in addition to S106"),
    ("OPE-NUNEATON", "partner", [2026], 2200000, "P24", None,
     "illustrative: One Public Estate / county council share of the "
     "Nuneaton Health and Wellbeing Hub"),
    ("GRANT-NUNEATON", "grant", [2027], 1410000, "P24", None,
     "illustrative: an NHS England grant for the rest of the Nuneaton "
     "Health and Wellbeing Hub"),
    ("WDC-KENILWORTH", "partner", [2028], 2000000, "P12", None,
     "illustrative: Warwick District Council share of the Kenilworth town "
     "centre hub"),
    ("OPE-LEAMINGTON", "partner", [2029], 3000000, "P15", None,
     "illustrative: One Public Estate / council share of the Leamington "
     "Health Hub"),
    ("CCC-CITY-CENTRE", "partner", [2028], 1500000, "P04", None,
     "illustrative: Coventry City Council share of the City of Coventry "
     "Health Centre works"),
    ("NHSE-IMPROVEMENT", "grant", [2027, 2028], 1000000, None, 2030,
     "illustrative: an NHS England premises improvement grant for any "
     "scheme, to be spent by 2030/31"),
]


def build_funds():
    return [{"fund_id": fid, "kind": kind, "year": y, "amount_gbp": amount,
             "scheme_id": scheme, "place": None, "spend_by_year": spend_by,
             "source": source, "illustrative": "*"}
            for fid, kind, years, amount, scheme, spend_by, source in FUNDS
            for y in years]


# ---------------------------------------------------------------------------
# British National Grid -> WGS84 (for the checks only)
# ---------------------------------------------------------------------------
# Inverse Transverse Mercator on the Airy 1830 ellipsoid, then the OSGB36 ->
# WGS84 7-parameter Helmert transformation (about +/-5 m), as in Ordnance
# Survey's "A guide to coordinate systems in Great Britain".  This is the
# method shared/data used to give Code-Point Open its lat/lon.

def bng_to_wgs84(E, N):
    a, b = 6377563.396, 6356256.909
    F0 = 0.9996012717
    lat0, lon0 = math.radians(49.0), math.radians(-2.0)
    N0, E0 = -100000.0, 400000.0
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)

    def meridian(lat):
        d, s_ = lat - lat0, lat + lat0
        return b * F0 * ((1 + n + 1.25 * n * n + 1.25 * n ** 3) * d
                         - (3 * n + 3 * n * n + 21.0 / 8 * n ** 3)
                         * math.sin(d) * math.cos(s_)
                         + (15.0 / 8 * n * n + 15.0 / 8 * n ** 3)
                         * math.sin(2 * d) * math.cos(2 * s_)
                         - 35.0 / 24 * n ** 3 * math.sin(3 * d)
                         * math.cos(3 * s_))
    lat = (N - N0) / (a * F0) + lat0
    M = meridian(lat)
    while abs(N - N0 - M) >= 0.00001:
        lat += (N - N0 - M) / (a * F0)
        M = meridian(lat)
    sl = math.sin(lat)
    nu = a * F0 / math.sqrt(1 - e2 * sl * sl)
    rho = a * F0 * (1 - e2) / (1 - e2 * sl * sl) ** 1.5
    eta2 = nu / rho - 1
    t = math.tan(lat)
    sec = 1 / math.cos(lat)
    VII = t / (2 * rho * nu)
    VIII = t / (24 * rho * nu ** 3) * (5 + 3 * t * t + eta2
                                       - 9 * t * t * eta2)
    IX = t / (720 * rho * nu ** 5) * (61 + 90 * t * t + 45 * t ** 4)
    X = sec / nu
    XI = sec / (6 * nu ** 3) * (nu / rho + 2 * t * t)
    XII = sec / (120 * nu ** 5) * (5 + 28 * t * t + 24 * t ** 4)
    XIIA = sec / (5040 * nu ** 7) * (61 + 662 * t * t + 1320 * t ** 4
                                     + 720 * t ** 6)
    dE = E - E0
    phi = lat - VII * dE ** 2 + VIII * dE ** 4 - IX * dE ** 6
    lam = lon0 + X * dE - XI * dE ** 3 + XII * dE ** 5 - XIIA * dE ** 7
    # OSGB36 geodetic -> cartesian (Airy, no scale factor)
    sp = math.sin(phi)
    nu0 = a / math.sqrt(1 - e2 * sp * sp)
    x = nu0 * math.cos(phi) * math.cos(lam)
    y = nu0 * math.cos(phi) * math.sin(lam)
    z = nu0 * (1 - e2) * sp
    # Helmert OSGB36 -> WGS84
    tx, ty, tz = 446.448, -125.157, 542.060
    sc = -20.4894e-6
    rx, ry, rz = [math.radians(v / 3600.0) for v in (0.1502, 0.2470,
                                                      0.8421)]
    x2 = tx + (1 + sc) * (x - rz * y + ry * z)
    y2 = ty + (1 + sc) * (rz * x + y - rx * z)
    z2 = tz + (1 + sc) * (-ry * x + rx * y + z)
    # cartesian -> WGS84 geodetic
    aw, ew2 = WGS84_A, WGS84_E2
    p = math.hypot(x2, y2)
    lat = math.atan2(z2, p * (1 - ew2))
    for _ in range(10):
        sl = math.sin(lat)
        nuw = aw / math.sqrt(1 - ew2 * sl * sl)
        lat = math.atan2(z2 + ew2 * nuw * sl, p)
    return math.degrees(math.atan2(y2, x2)), math.degrees(lat)


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
