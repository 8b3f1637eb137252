"""The dataset builder's constants (the published totals it is calibrated
to, the base year, the attributions), its CSV and GeoJSON writers and its
small numeric helpers (largest remainder, build-out trajectories).

Part of datasets/tools/build_cw.py (see its docstring).
"""

import csv
import io
import json
import math
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
