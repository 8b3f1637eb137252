"""The register of assumptions and the presets, the population
projections and the small areas (LSOAs) of the dataset.

Part of datasets/tools/build_cw.py (see its docstring).
"""

from cw_base import TOTAL_LIST_2026, TOTAL_ROOMS, UTILISATION, die, fmt_num
from cw_money import (CONTINGENCY, COST_INDEX_2018_2026, FEES, OPTIMISM_BIAS,
    OPTIMISM_BIAS_DURATION, RENT_GBP_PER_M2)


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
