"""Geometry for the dataset builder: WGS84 longitude/latitude through a
local metric frame, polygon tests (orientation, validity, overlap,
distance), the illustrative site outlines, and British National Grid to
WGS84 for the checks.

Part of datasets/tools/build_cw.py (see its docstring).
"""

import math


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
