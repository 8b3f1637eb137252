"""The capital schemes of the strategy's Appendix 2 (costs and timings
illustrative), the construction cost index and the funds other than
contributions.

Part of datasets/tools/build_cw.py (see its docstring).
"""

from cw_base import (BASE_YEAR, HORIZON_YEARS, TOTAL_CAPITAL_GBP, die, fmt_num,
    largest_remainder)


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
