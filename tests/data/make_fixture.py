#!/usr/bin/env python3
"""Builds tests/data/fixture/: a small real dataset (the Rugby place) for
pcplan's tests. Practices, PCNs, list sizes, the LAD boundary, ONS
projections, IMD 2025 scores and census population are real rows copied
from the shared open data; premises rooms, sites, schemes, contributions
are illustrative and marked so. Run from the repository root:

    python3 tests/data/make_fixture.py --shared ../shared
"""
import argparse, csv, json, math, os

ap = argparse.ArgumentParser()
ap.add_argument('--shared', required=True)
ap.add_argument('--out', default='tests/data/fixture')
a = ap.parse_args()
S = os.path.join(os.path.abspath(a.shared), 'data') + '/'
os.makedirs(a.out, exist_ok=True)
os.chdir(a.out)
LAD = 'E07000220'  # Rugby


def writer(name, header):
    f = open(name, 'w', newline='')
    w = csv.writer(f, lineterminator='\n')
    w.writerow(header)
    return f, w


lads = json.load(open(S + 'ons/boundaries/lad_2024-12_bgc_cw.geojson'))
rug = [f for f in lads['features'] if f['properties']['code'] == LAD]
json.dump({"type": "FeatureCollection", "features": rug},
          open('lads.geojson', 'w'), separators=(',', ':'))

pr = [r for r in csv.DictReader(open(S + 'nhs/gp_practices_cw.csv'))
      if r['lad_code'] == LAD]
pr.sort(key=lambda r: r['practice_code'])
f, w = writer('pcns.csv', ['pcn_code', 'pcn_name'])
for c, n in sorted({(r['pcn_code'], r['pcn_name']) for r in pr}):
    w.writerow([c, n])
f.close()
f, w = writer('practices.csv', ['practice_code', 'practice_name', 'postcode',
                                'pcn_code', 'lad_code', 'easting',
                                'northing'])
for r in pr:
    w.writerow([r['practice_code'], r['practice_name'], r['postcode'],
                r['pcn_code'], r['lad_code'], r['easting'], r['northing']])
f.close()
f, w = writer('list_sizes.csv', ['practice_code', 'date', 'patients'])
for r in pr:
    w.writerow([r['practice_code'], '2026-04-01', r['list_size_2026_04']])
    if r['list_size_2023_07']:
        w.writerow([r['practice_code'], '2023-07-01', r['list_size_2023_07']])
f.close()

# Premises: each practice's main site at its postcode; rooms illustrative
# (1 consult room per 1,700 patients, 1 treatment per 5,500, 1 other per
# 10,000; GIA 120 m2 per 1,750 patients), plus one illustrative branch.
f, w = writer('premises.csv', ['premises_id', 'name', 'postcode', 'site_type',
                               'tenure', 'gia_m2', 'condition',
                               'rooms_consult', 'rooms_treatment',
                               'rooms_other', 'backlog_gbp', 'void_m2',
                               'practices', 'easting', 'northing',
                               'illustrative'])
for r in pr:
    n = int(r['list_size_2026_04'])
    w.writerow(['PR-' + r['practice_code'], r['practice_name'].title(),
                r['postcode'], 'main', 'gp_owned' if n < 10000 else 'leased',
                round(n / 1750 * 120), 'B', max(1, round(n / 1700)),
                max(1, round(n / 5500)), round(n / 10000), '', '',
                r['practice_code'], r['easting'], r['northing'],
                'rooms_consult;rooms_treatment;rooms_other;gia_m2;condition;'
                'tenure'])
w.writerow(['PR-HOULTON', 'Houlton Branch Surgery', 'CV23 1AW', 'branch',
            'leased', 220, 'A', 3, 1, 0, '', '', 'M84004;M84020', '453700',
            '275400', '*'])
f.close()


def square(lon, lat, ha):
    side = math.sqrt(ha * 10000)
    dlat = side / 2 / 111320
    dlon = side / 2 / (111320 * math.cos(math.radians(lat)))
    ring = [[lon - dlon, lat - dlat], [lon + dlon, lat - dlat],
            [lon + dlon, lat + dlat], [lon - dlon, lat + dlat],
            [lon - dlon, lat - dlat]]
    return {"type": "Polygon",
            "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


feats = [
    {"type": "Feature", "properties": {
        "site_id": "CW-HO", "name": "Houlton", "lad_code": LAD,
        "dwellings": 6000, "trajectory_start": 2020,
        "trajectory": [150, 250] + [300] * 18 + [200],
        "mix": {"1": 10, "2": 30, "3": 40, "4": 20},
        "planning_status": "under_construction",
        "s106_position": "land_only",
        "s106_note": "land only: no capital from S106",
        "cil_liable": False, "setting": "urban",
        "illustrative": ["trajectory", "mix", "geometry"]},
     "geometry": square(-1.2050, 52.3650, 170)},
    {"type": "Feature", "properties": {
        "site_id": "CW-SWR", "name": "South West Rugby", "lad_code": LAD,
        "dwellings": 5000, "trajectory_start": 2028,
        "trajectory": [100, 200] + [250] * 18 + [200],
        "planning_status": "allocated", "s106_position": "requested",
        "s106_note": "land and capital for primary care",
        "setting": "urban", "area_ha": 150, "illustrative": True},
     "geometry": {"type": "Point", "coordinates": [-1.29, 52.353]}},
    # far from every fixture practice (14 km): tests the fallbacks
    {"type": "Feature", "properties": {
        "site_id": "OS-WV", "name": "Wolvey Fields (test site)",
        "lad_code": LAD, "dwellings": 40, "trajectory_start": 2027,
        "trajectory": [20, 20], "planning_status": "allocated",
        "s106_position": "none", "setting": "rural", "illustrative": True},
     "geometry": square(-1.41, 52.525, 5)},
]
for ft in feats:
    p = ft['properties']
    assert sum(p['trajectory']) == p['dwellings'], p['site_id']
json.dump({"type": "FeatureCollection", "features": feats},
          open('sites.geojson', 'w'), indent=1)

# Catchments: illustrative circles of 2.5 km around each practice's main
# premises, in British National Grid (48 vertices, metres to 0.1).
cfeats = []
for r in pr:
    e, n = float(r['easting']), float(r['northing'])
    ring = [[round(e + 2500 * math.cos(2 * math.pi * k / 48), 1),
             round(n + 2500 * math.sin(2 * math.pi * k / 48), 1)]
            for k in range(48)]
    ring.append(ring[0])
    cfeats.append({"type": "Feature", "properties": {
        "practice_code": r['practice_code'], "illustrative": True},
        "geometry": {"type": "Polygon", "coordinates": [ring]}})
json.dump({"type": "FeatureCollection", "features": cfeats},
          open('catchments.geojson', 'w'), separators=(',', ':'))

f, w = writer('schemes.csv', ['scheme_id', 'name', 'place', 'premises_id',
                              'site_id', 'kind', 'status', 'rooms_consult',
                              'rooms_treatment', 'rooms_other', 'm2_added',
                              'cost_gbp', 'spend_profile', 'earliest_start',
                              'duration_years', 'completion_year', 'rent_gbp',
                              'funding', 'option_group', 'depends_on',
                              'illustrative'])
w.writerows([
    ['P09', 'Whitehall expansion', 'Rugby', 'PR-M84004', 'CW-HO',
     'extension', 'delivered', 4, 1, 0, 180, 1200000, '0.4;0.6', 2022, 2,
     2024, 30000, 's106;icb', '', '',
     'rooms_consult;rooms_treatment;m2_added;cost_gbp;spend_profile;'
     'rent_gbp'],
    ['P10', 'Clifton Road improvement works', 'Rugby', 'PR-M84020', 'CW-HO',
     'reconfiguration', 'committed', 2, 0, 1, 60, 450000, '', 2026, 1, '', 0,
     'icb', '', '', '*'],
    ['P11', 'Houlton branch new build', 'Rugby', 'PR-HOULTON', 'CW-HO',
     'new_build', 'candidate', 8, 2, 1, 650, 4800000, '0.2;0.5;0.3', 2027, 3,
     '', 95000, 'icb;s106;grant', '', 'P10', '*'],
    ['P08A', 'South West Rugby: new practice, land and capital', 'Rugby', '',
     'CW-SWR', 'new_build', 'candidate', 10, 3, 1, 800, 6000000, '0.3;0.7',
     2029, 2, '', 120000, 's106;icb', 'OG-SWR', '', '*'],
    ['P08B', 'South West Rugby: extend Central Surgery', 'Rugby', 'PR-M84023',
     'CW-SWR', 'extension', 'candidate', 5, 1, 0, 300, 2100000, '', 2028, 1,
     '', 45000, 's106;icb', 'OG-SWR', '', '*'],
])
f.close()
f, w = writer('contributions.csv', ['contribution_id', 'site_id', 'kind',
                                    'status', 'amount_gbp', 'base_date',
                                    'land', 'land_ha', 'purpose', 'triggers',
                                    'spend_by_years', 'received_gbp',
                                    'received_date', 'spent_gbp',
                                    'illustrative'])
w.writerows([
    ['S106-HO-1', 'CW-HO', 's106', 'agreed', 0, '2018-04-01', 'true', 0.6,
     'scheme:P11', '', 10, '', '', '', '*'],
    ['S106-SWR-1', 'CW-SWR', 's106', 'requested', 3000000, '2025-04-01',
     'true', 0.8, 'locality:South West Rugby',
     '50%@commencement;50%@occupation:1000', 10, '', '', '', '*'],
    ['S106-HO-2', 'CW-HO', 's106', 'received', 850000, '2019-04-01', 'false',
     '', 'practice:M84004', '100%@occupation:500', 5, 850000, '2023-06-30',
     400000, '*'],
])
f.close()
ASSUMPTIONS = [
    ('persons_per_dwelling', 2.4, 'persons/dwelling',
     'ONS Census 2021 average household size'),
    ('patients_per_gp_fte', 1800, 'patients/FTE',
     'HUDU planning contributions model'),
    ('gp_f2f_sessions_per_fte', 6, 'sessions/week',
     'Coventry and Warwickshire Primary Care Strategy'),
    ('room_sessions_per_week', 11, 'sessions/week',
     'Coventry and Warwickshire Primary Care Strategy'),
    ('huff_alpha', 1, 'exponent', 'pcplan design default (Huff model)'),
    ('huff_beta', 2, 'exponent', 'pcplan design default (Huff model)'),
    ('dmax_urban_m', 5000, 'm', 'pcplan design default'),
    ('dmax_rural_m', 8000, 'm', 'pcplan design default'),
    ('huff_min_distance_m', 200, 'm', 'pcplan design default'),
    ('registration_rate', 1, 'fraction', 'assumption'),
    ('population_gain_factor', 1, 'fraction', 'assumption'),
    ('use_bedroom_mix', 1, 'boolean', 'pcplan design default'),
    ('persons_per_dwelling_1bed', 1.3, 'persons/dwelling', 'illustrative'),
    ('persons_per_dwelling_2bed', 1.9, 'persons/dwelling', 'illustrative'),
    ('persons_per_dwelling_3bed', 2.5, 'persons/dwelling', 'illustrative'),
    ('persons_per_dwelling_4bed', 3.0, 'persons/dwelling', 'illustrative'),
    ('persons_per_dwelling_5bed', 3.4, 'persons/dwelling', 'illustrative'),
    ('appointments_per_patient_year', 5.8, 'appointments/patient/year',
     'illustrative'),
    ('f2f_share', 0.67, 'fraction', 'illustrative'),
    ('minutes_per_appointment', 15, 'minutes', 'illustrative'),
    ('room_hours_per_week', 52.5, 'hours/week', 'GP contract core hours'),
    ('weeks_per_year', 50, 'weeks', 'illustrative'),
    ('utilisation', 0.8, 'fraction', 'illustrative'),
    ('patients_per_room', 1121.672, 'patients/room', 'derived (C&W)'),
    ('m2_per_patient', 0.068571428571429, 'm2/patient',
     'NHS / CHP S106 representations: 120 m2 per 1,750 patients'),
    ('gross_m2_per_room', 54.25, 'm2/room', 'derived (C&W)'),
    ('mc_delivery_rate_mean', 1.0, 'fraction', 'illustrative'),
    ('mc_delivery_rate_sd', 0.15, 'fraction', 'illustrative'),
    ('mc_start_delay_mean_years', 0.5, 'years', 'illustrative'),
    ('mc_start_delay_sd_years', 1.0, 'years', 'illustrative'),
    ('mc_runs', 1000, 'runs', 'illustrative'),
    ('mc_seed', 20260401, 'seed', 'illustrative'),
    # site assessment and contributions: (id, value, unit, source, note)
    ('dwellings_per_ha', 35, 'dwellings/ha',
     'illustrative: a typical net density of new suburban housing',
     'area of a development given as a point (site assess --at) without '
     '--area-ha'),
    ('land_m2_per_gia_m2', 2.5, 'm2/m2',
     'illustrative: site area per m2 of a one- or two-storey surgery with '
     'parking',
     'land asked for in land-only and land-and-capital contributions'),
    ('trigger_commencement_share', 0.5, 'fraction',
     'illustrative: a common S106 payment schedule',
     'suggested trigger: share paid on commencement; the rest on occupation '
     'of trigger_occupation_point of the dwellings'),
    ('trigger_occupation_point', 0.5, 'fraction',
     'illustrative: a common S106 payment schedule',
     'suggested second trigger: occupation of this share of the dwellings'),
    ('spend_period_years', 10, 'years',
     'illustrative: a common S106 spend period',
     'suggested spend period after receipt in a consultation response'),
    ('use_spare_capacity', 1, 'boolean', 'pcplan design default (on)'),
    ('build_cost_gbp_per_m2', 2300, 'GBP/m2',
     'NHS / CHP S106 representations (2018 base)'),
    ('build_cost_base_year', 2018, 'year', 'NHS / CHP S106 representations'),
    ('build_cost_index', 1.35, 'ratio', 'illustrative: 2018 to 2026'),
    ('fees', 0.15, 'fraction', 'illustrative'),
    ('contingency', 0.1, 'fraction', 'illustrative'),
    ('clinical_room_m2', 16, 'm2', 'Health Building Note 11-01'),
    ('circulation_factor', 0.29, 'fraction', 'HBN 11-01 practice'),
    ('contribution_index_rate', 0.03, 'fraction/year', 'illustrative'),
    ('contribution_warning_years', 2, 'years', 'pcplan design default',
     'contributions whose spend-by date is within this many years of the '
     'as-of date are flagged'),
    ('deprivation_weight_power', 1, 'exponent', 'illustrative',
     'place weight = (population-weighted IMD score / system mean) ^ power'),
    ('s106_repaid_penalty_per_gbp', 0.00001, 'room-years/GBP',
     'illustrative'),
    ('tie_break_cost_per_gbp', 0.000000001, 'room-years/GBP', 'illustrative'),
    ('capacity_near_share', 0.1, 'fraction', 'illustrative'),
]
PRESET_IDS = ['persons_per_dwelling', 'patients_per_gp_fte',
              'gp_f2f_sessions_per_fte', 'room_sessions_per_week',
              'huff_alpha', 'huff_beta', 'dmax_urban_m', 'dmax_rural_m',
              'huff_min_distance_m']
f, w = writer('assumptions.csv', ['assumption_id', 'value', 'unit', 'source',
                                  'note'])
for aid, v, u, s, *note in ASSUMPTIONS:
    w.writerow([aid, v, u, s, note[0] if note else ''])
f.close()
f, w = writer('presets.csv', ['preset', 'assumption_id', 'value'])
for aid, v, u, s, *note in ASSUMPTIONS:
    if aid in PRESET_IDS:
        w.writerow(['cw-strategy', aid, v])
w.writerow(['cw-strategy', 'use_bedroom_mix', 0])
for aid in ['appointments_per_patient_year', 'f2f_share',
            'minutes_per_appointment', 'room_hours_per_week',
            'utilisation', 'weeks_per_year']:
    w.writerow(['activity', aid, dict((a[0], a[1]) for a in ASSUMPTIONS)[aid]])
w.writerow(['activity', 'use_bedroom_mix', 1])
f.close()
f, w = writer('lad_projections.csv', ['lad_code', 'year', 'population'])
for r in csv.DictReader(open(S + 'ons/population/'
                             'snpp2022_migcat_syoa_persons_cw.csv')):
    if r['lad_code'] == LAD and r['age'] == 'All ages':
        for y in range(2022, 2048):
            w.writerow([LAD, y, r[str(y)]])
f.close()
imd = {r['lsoa21_code']: r['IMD_score']
       for r in csv.DictReader(open(S + 'ons/imd/imd2025_lsoa21_cw.csv'))}
f, w = writer('lsoas.csv', ['lsoa_code', 'lad_code', 'imd_score',
                            'population'])
for r in csv.DictReader(open(S + 'ons/population/'
                             'census2021_lsoa21_population_cw.csv')):
    if r['lad22cd'] == LAD:
        w.writerow([r['lsoa21cd'], LAD, imd[r['lsoa21cd']],
                    r['usual_residents_2021']])
f.close()
# Construction cost index: illustrative, 2018 = 100; 2026 / 2018 = 1.35
f, w = writer('cost_index.csv', ['date', 'value', 'source', 'illustrative'])
for d, v in [('2018-04-01', 100), ('2022-04-01', 120), ('2026-04-01', 135)]:
    w.writerow([d, v, 'illustrative: a tender price index shape (test '
                'fixture)', '*'])
f.close()
# Funds other than contributions: illustrative. An ICB capital allocation
# for each of the first 10 years from the base year, and one grant tied to
# the Houlton branch scheme (P11, whose funding routes include a grant).
f, w = writer('funds.csv', ['fund_id', 'kind', 'year', 'amount_gbp',
                            'scheme_id', 'place', 'spend_by_year', 'source',
                            'illustrative'])
for y in range(2026, 2026 + 10):
    w.writerow(['ICB', 'icb', y, 500000, '', '', '',
                'illustrative: a modest annual ICB primary care capital '
                'allocation (test fixture)', '*'])
w.writerow(['GRANT-HOULTON', 'grant', 2027, 750000, 'P11', 'Rugby', 2029,
            'illustrative: an NHS England grant towards the Houlton branch '
            '(test fixture)', '*'])
f.close()
# Postcode centroids: real Code-Point Open rows (October 2025), the
# practices' own postcodes and the first three of each of their sectors
# among the postcodes of Coventry and Warwickshire's six LADs.
cp = {}
CW = ('E08000026', 'E07000218', 'E07000219', 'E07000220', 'E07000221',
      'E07000222')
for r in csv.DictReader(open(S + 'postcodes/codepoint_open_2025-10_cv.csv')):
    if r['admin_district_code'] not in CW:
        continue
    pc = ''.join(r['postcode'].split()).upper()
    cp[pc[:-3] + ' ' + pc[-3:]] = (r['easting'], r['northing'])
want = {p['postcode'] for p in pr}
keep = set(want)
for sector in sorted({p[:-2] for p in want}):
    keep.update(sorted(k for k in cp if k.startswith(sector))[:3])
f, w = writer('postcodes.csv', ['postcode', 'easting', 'northing'])
for pc in sorted(keep):
    w.writerow([pc, cp[pc][0], cp[pc][1]])
f.close()
man = {
    "format": "pcplan-dataset/1", "name": "rugby-fixture",
    "title": "Rugby place (test fixture)", "base_year": 2026,
    "attribution": [
        "Contains public sector information licensed under the Open "
        "Government Licence v3.0",
        "Source: Office for National Statistics licensed under the Open "
        "Government Licence v.3.0. Contains OS data \u00a9 Crown copyright "
        "and database right 2025",
        "Contains OS data \u00a9 Crown copyright and database right 2025; "
        "Contains Royal Mail data \u00a9 Royal Mail copyright and database "
        "right 2025; Contains National Statistics data \u00a9 Crown "
        "copyright and database right 2025"],
    "files": {
        "lads": {"path": "lads.geojson"},
        "pcns": {"path": "pcns.csv"},
        "practices": {"path": "practices.csv", "crs": "EPSG:27700"},
        "list_sizes": {"path": "list_sizes.csv"},
        "premises": {"path": "premises.csv", "crs": "EPSG:27700"},
        "sites": {"path": "sites.geojson"},
        "catchments": {"path": "catchments.geojson", "crs": "EPSG:27700"},
        "schemes": {"path": "schemes.csv"},
        "contributions": {"path": "contributions.csv"},
        "assumptions": {"path": "assumptions.csv"},
        "presets": {"path": "presets.csv"},
        "projections": {"path": "lad_projections.csv"},
        "lsoas": {"path": "lsoas.csv"},
        "cost_index": {"path": "cost_index.csv"},
        "funds": {"path": "funds.csv"},
        "postcodes": {"path": "postcodes.csv"}}}
with open('dataset.json', 'w') as f:
    json.dump(man, f, indent=2, ensure_ascii=False)
    f.write('\n')
