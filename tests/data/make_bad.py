#!/usr/bin/env python3
"""Writes tests/data/bad/<case>/: malformed variants of the fixture.

Each case directory holds only the files that differ from
tests/data/fixture/ (test_bad_input overlays them on a copy of the fixture),
an optional `delete` file naming fixture files to remove, and `expect`:
    exit N          the exit status pcplan init must give
    has TEXT        stderr must contain TEXT
    then ARGS       (a case init accepts) a command run on the new store,
                    arguments split at spaces
    then-exit N     the exit status it must give (default 2)
    then-has TEXT   its stderr must contain TEXT
Run from the repository root: python3 tests/data/make_bad.py
"""
import json, os, shutil

FIX = 'tests/data/fixture'
OUT = 'tests/data/bad'


def fixture(name, mode='r'):
    return open(os.path.join(FIX, name), mode)


def lines(name):
    return fixture(name).read().split('\n')


def case(name, files, expect, delete=()):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    for fn, content in files.items():
        with open(os.path.join(d, fn), 'wb') as f:
            f.write(content if isinstance(content, bytes)
                    else content.encode('utf-8'))
    if delete:
        with open(os.path.join(d, 'delete'), 'w') as f:
            f.write('\n'.join(delete) + '\n')
    with open(os.path.join(d, 'expect'), 'w') as f:
        f.write('\n'.join(expect) + '\n')


def replace_line(name, n, new):      # n: 1-based line number
    ls = lines(name)
    ls[n - 1] = new
    return '\n'.join(ls)


def sites(mutate):
    g = json.load(fixture('sites.geojson'))
    mutate(g)
    return json.dumps(g, indent=1)


def manifest(mutate):
    m = json.load(fixture('dataset.json'))
    mutate(m)
    return json.dumps(m, indent=2)


shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
prac = lines('practices.csv')
row5 = prac[4].split(',')

case('csv_wrong_column_count',
     {'practices.csv': replace_line('practices.csv', 5, ','.join(row5[:-1]))},
     ['exit 2', 'has practices.csv: row 5: 6 fields (expected 7']),
case('csv_missing_required_column',
     {'practices.csv': '\n'.join(','.join(c for i, c in enumerate(l.split(','))
                                          if i != 4) for l in prac)},
     ['exit 2', 'has practices.csv: header: missing required column '
      '"lad_code"'])
case('csv_non_numeric',
     {'list_sizes.csv': replace_line('list_sizes.csv', 3,
                                     'M84004,2023-07-01,16k')},
     ['exit 2', 'has list_sizes.csv: row 3: field "patients"',
      'has is not an integer'])
case('csv_unterminated_quote',
     {'pcns.csv': 'pcn_code,pcn_name\nU62213,"RUGBY PCN\n'},
     ['exit 2', 'has pcns.csv: line 2: quoted field is not closed'])
case('csv_bad_utf8',
     {'pcns.csv': b'pcn_code,pcn_name\nU62213,RUGBY \xff PCN\n'},
     ['exit 2', 'has pcns.csv: line 2, character 14: invalid UTF-8'])
case('csv_bad_date',
     {'list_sizes.csv': replace_line('list_sizes.csv', 2,
                                     'M84004,01/04/2026,21048')},
     ['exit 2', 'has list_sizes.csv: row 2: field "date"',
      'has expected a date YYYY-MM-DD'])
case('duplicate_practice_id',
     {'practices.csv': '\n'.join(prac[:3] + [prac[2]] + prac[3:])},
     ['exit 2', 'has practices.csv: row 4: field "practice_code": duplicate '
      'id "M84016" (first used at row 3'])
case('unknown_pcn',
     {'practices.csv': replace_line('practices.csv', 2,
                                    prac[1].replace('U62213', 'U99999'))},
     ['exit 2', 'has practices.csv: row 2: field "pcn_code": unknown PCN '
      '"U99999"'])
case('unknown_practice_in_premises',
     {'premises.csv': '\n'.join(l.replace('M84004;M84020', 'M84004;M99999')
                                for l in lines('premises.csv'))},
     ['exit 2', 'has premises.csv: row 14: field "practices": unknown '
      'practice "M99999"'])
case('list_size_missing_at_latest_date',
     {'list_sizes.csv': '\n'.join(l for l in lines('list_sizes.csv')
                                  if not l.startswith('M84016,2026'))},
     ['exit 2', 'has list_sizes.csv: practice "M84016" has no list size at '
      '2026-04-01'])


def neg(g):
    g['features'][0]['properties']['dwellings'] = -5


case('negative_dwellings', {'sites.geojson': sites(neg)},
     ['exit 2', 'has sites.geojson: feature 0 (site_id "CW-HO"): property '
      '"dwellings": -5 is out of range'])


def short(g):
    g['features'][0]['properties']['trajectory'].pop()


def long_(g):
    g['features'][1]['properties']['trajectory'].append(50)


case('trajectory_shorter_than_dwellings', {'sites.geojson': sites(short)},
     ['exit 2', 'has feature 0 (site_id "CW-HO"): property "trajectory": '
      'completions sum to 5800 but "dwellings" is 6000'])
case('trajectory_longer_than_dwellings', {'sites.geojson': sites(long_)},
     ['exit 2', 'has feature 1 (site_id "CW-SWR"): property "trajectory": '
      'completions sum to 5050 but "dwellings" is 5000'])


def strtype(g):
    g['features'][0]['properties']['dwellings'] = '6000'


case('wrong_json_types', {'sites.geojson': sites(strtype)},
     ['exit 2', 'has property "dwellings": expected an integer from 0 to '
      '1000000, got a string'])


def ring(g, coords):
    g['features'][0]['geometry'] = {'type': 'Polygon', 'coordinates': coords}


def bowtie(g):
    ring(g, [[[-1.21, 52.36], [-1.20, 52.37], [-1.20, 52.36], [-1.21, 52.37],
              [-1.21, 52.36]]])


def flat(g):
    ring(g, [[[-1.21, 52.36], [-1.20, 52.36], [-1.19, 52.36], [-1.21, 52.36]]])


def unclosed(g):
    ring(g, [[[-1.21, 52.36], [-1.20, 52.36], [-1.20, 52.37],
              [-1.21, 52.37]]])


def empty(g):
    ring(g, [])


case('self_intersecting_polygon_repaired', {'sites.geojson': sites(bowtie)},
     ['exit 0', 'has warning: ', 'has sites.geojson: site CW-HO: geometry: '
      'invalid polygon (Self-intersection', 'has repaired with GEOS '
      'MakeValid'])
case('polygon_without_area', {'sites.geojson': sites(flat)},
     ['exit 2', 'has feature 0 (site_id "CW-HO"): geometry:',
      'has (expected a polygon enclosing an area)'])
case('polygon_unclosed_ring', {'sites.geojson': sites(unclosed)},
     ['exit 2', 'has feature 0 (site_id "CW-HO"): geometry: ring 0: ring is '
      'not closed'])
case('empty_geometry', {'sites.geojson': sites(empty)},
     ['exit 2', 'has feature 0 (site_id "CW-HO"): geometry: geometry is '
      'empty'])


def swapped(g):
    g['features'][1]['geometry']['coordinates'] = [52.353, -1.29]


def outside(g):
    g['features'][1]['geometry']['coordinates'] = [2.35, 48.85]


case('latlon_swapped', {'sites.geojson': sites(swapped)},
     ['exit 2', 'has feature 1 (site_id "CW-SWR"): geometry: (52.353000, '
      '-1.290000): latitude and longitude look swapped'])
case('outside_great_britain', {'sites.geojson': sites(outside)},
     ['exit 2', 'has feature 1 (site_id "CW-SWR"): geometry: (2.350000, '
      '48.850000) is outside Great Britain'])

bng_as_wgs = [prac[0].replace('easting', 'lon').replace('northing', 'lat')] \
    + prac[1:]


def wgs_practices(m):
    m['files']['practices']['crs'] = 'EPSG:4326'


case('bng_in_file_declared_wgs84',
     {'practices.csv': '\n'.join(bng_as_wgs),
      'dataset.json': manifest(wgs_practices)},
     ['exit 2', 'has practices.csv: row 2: fields "lon","lat": '
      '(451063.000000, 274990.000000) looks like British National Grid '
      'metres, but the coordinates are declared EPSG:4326'])
text = fixture('sites.geojson').read()
case('truncated_json', {'sites.geojson': text[:len(text) // 2]},
     ['exit 2', 'has sites.geojson: line ', 'has JSON ends too early'])
# a property given twice: cJSON keeps both and finds the first, so it is
# refused rather than read silently
dup = text.replace('"name": "Houlton",', '"name": "Houlton", "name": "Other",',
                   1)
assert dup != text
case('geojson_duplicate_property', {'sites.geojson': dup},
     ['exit 2', 'has sites.geojson: feature 0: property "name": given twice '
      '(expected each property once)'])
# a Point site's circle too small to draw (was exit 1, "GEOS: ")
tiny = text.replace('"area_ha": 150,', '"area_ha": 1e-30,', 1)
assert tiny != text
case('point_site_tiny_area', {'sites.geojson': tiny},
     ['exit 2', 'has sites.geojson: feature 1 (site_id "CW-SWR"): property '
      '"area_ha": expected a number of hectares from 0.01 to 100000, got '
      '1e-30'])
case('invalid_json', {'dataset.json': '{"format": "pcplan-dataset/1",,}'},
     ['exit 2', 'has dataset.json: line 1, column 32: not valid JSON'])


def extra_key(m):
    m['files']['premisses'] = {'path': 'premises.csv'}


def bad_year(m):
    m['base_year'] = '2026'


def missing_file(m):
    m['files']['schemes']['path'] = 'schemes-2026.csv'


def bad_crs(m):
    m['files']['premises']['crs'] = 'EPSG:3857'


case('unknown_manifest_key', {'dataset.json': manifest(extra_key)},
     ['exit 2', 'has dataset.json: key "files.premisses": unknown key '
      '(expected system, lads,'])
case('manifest_wrong_type', {'dataset.json': manifest(bad_year)},
     ['exit 2', 'has dataset.json: key "base_year": expected an integer from '
      '2000 to 2100, got the string "2026"'])
case('manifest_bad_crs', {'dataset.json': manifest(bad_crs)},
     ['exit 2', 'has key "files.premises.crs": unknown crs "EPSG:3857"'])
case('missing_file', {'dataset.json': manifest(missing_file)},
     ['exit 2', 'has dataset.json: key "files.schemes.path": ',
      'has schemes-2026.csv cannot be read'])
case('missing_manifest', {}, ['exit 2', 'has cannot open', 'has missing_manifest/dataset.json'],
     delete=['dataset.json'])
sch = lines('schemes.csv')
case('unknown_scheme_dependency',
     {'schemes.csv': '\n'.join(l.replace(',P10,', ',P99,') for l in sch)},
     ['exit 2', 'has schemes.csv: row 4: field "depends_on": unknown scheme '
      '"P99"'])
case('scheme_dependency_twice',
     {'schemes.csv': '\n'.join(l.replace(',P10,', ',P10;P10,') for l in sch)},
     ['exit 2', 'has schemes.csv: row 4: field "depends_on": "P10" is listed '
      'twice'])
case('spend_profile_not_whole',
     {'schemes.csv': '\n'.join(l.replace('0.2;0.5;0.3', '0.2;0.5;0.2')
                               for l in sch)},
     ['exit 2', 'has schemes.csv: row 4: field "spend_profile": shares sum to '
      '0.900000'])
con = lines('contributions.csv')
case('bad_trigger',
     {'contributions.csv': '\n'.join(
         l.replace('50%@commencement;50%@occupation:1000',
                   '50%@commencement;40%@occupation:1000') for l in con)},
     ['exit 2', 'has contributions.csv: row 3: field "triggers": percentages '
      'sum to 90.00'])
case('unknown_site_in_contribution',
     {'contributions.csv': '\n'.join(l.replace('S106-HO-2,CW-HO',
                                               'S106-HO-2,CW-XX')
                                     for l in con)},
     ['exit 2', 'has contributions.csv: row 4: field "site_id": unknown site '
      '"CW-XX"'])
pre = lines('premises.csv')
case('illustrative_names_unknown_column',
     {'premises.csv': '\n'.join(l.replace(';tenure', ';tenancy')
                                for l in pre)},
     ['exit 2', 'has premises.csv: row 2: field "illustrative": "tenancy" is '
      'not a column'])


# --- the spatial model (computed at init, before anything is written)
def out_of_area(g):
    # Leamington Spa: in Great Britain, but outside the Rugby fixture's LAD
    g['features'][1]['geometry']['coordinates'] = [-1.535, 52.29]


case('site_outside_every_lad', {'sites.geojson': sites(out_of_area)},
     ['exit 2', 'has spatial model: site "CW-SWR": geometry: the site lies '
      'outside every LAD of the dataset'])
asm = lines('assumptions.csv')
case('spatial_assumption_missing',
     {'assumptions.csv': '\n'.join(l for l in asm
                                   if not l.startswith('huff_beta,')),
      'presets.csv': '\n'.join(l for l in lines('presets.csv')
                               if ',huff_beta,' not in l)},
     ['exit 2', 'has spatial model: assumptions: no assumption "huff_beta"'])
case('spatial_assumption_out_of_range',
     {'assumptions.csv': '\n'.join(l.replace('dmax_urban_m,5000',
                                             'dmax_urban_m,0')
                                   for l in asm)},
     ['exit 2', 'has spatial model: assumptions: "dmax_urban_m" is 0 '
      '(expected 1 to 100000'])
cat = json.load(fixture('catchments.geojson'))
cat['features'][0]['properties']['practice_code'] = 'M99999'
case('catchment_unknown_practice',
     {'catchments.geojson': json.dumps(cat)},
     ['exit 2', 'has catchments.geojson: feature 0 (practice_code '
      '"M99999"): field "practice_code": unknown practice "M99999"'])
cat = json.load(fixture('catchments.geojson'))
cat['features'][1]['properties']['practice_code'] = \
    cat['features'][0]['properties']['practice_code']
case('catchment_duplicate_practice',
     {'catchments.geojson': json.dumps(cat)},
     ['exit 2', 'has catchments.geojson: feature 1 (practice_code '
      '"M84004"): field "practice_code": duplicate id "M84004"'])

# --- the construction cost index (optional file)
ci = lines('cost_index.csv')
case('cost_index_value_zero',
     {'cost_index.csv': replace_line('cost_index.csv', 3,
                                     ci[2].replace(',120,', ',0,'))},
     ['exit 2', 'has cost_index.csv: row 3: field "value": "0" is out of '
      'range (expected a number greater than 0 and at most 1000000)'])
# values inside the range whose ratio makes money past any sense: the
# import succeeds, the ledger and the assessments refuse it by name
case('cost_index_ratio_overflows',
     {'cost_index.csv': '\n'.join([ci[0],
                                    ci[1].replace(',100,', ',0.0000001,'),
                                    ci[2],
                                    ci[3].replace(',135,', ',1000000,')]
                                   + ci[4:])},
     ['exit 0', 'then contributions', 'then-exit 2',
      'then-has cost_index.csv rows dated 2018-04-01 (value 1e-07) and '
      '2026-04-01 (value 1e+06) make 8.5e+18 pounds, beyond the limit of '
      '1e12 pounds'])
case('cost_index_ratio_overflows_assess',
     {'cost_index.csv': '\n'.join([ci[0],
                                    ci[1].replace(',100,', ',0.0000001,'),
                                    ci[2],
                                    ci[3].replace(',135,', ',1000000,')]
                                   + ci[4:])},
     ['exit 0', 'then site assess --all', 'then-exit 2',
      'then-has site CW-HO: the contribution asked for: cost_index.csv rows '
      'dated 2018-04-01'])
case('cost_index_value_not_a_number',
     {'cost_index.csv': replace_line('cost_index.csv', 3,
                                     ci[2].replace(',120,', ',120pts,'))},
     ['exit 2', 'has cost_index.csv: row 3: field "value": "120pts" is not '
      'a number'])
case('cost_index_bad_date',
     {'cost_index.csv': replace_line('cost_index.csv', 3,
                                     ci[2].replace('2022-04-01',
                                                   '2022-04-31'))},
     ['exit 2', 'has cost_index.csv: row 3: field "date": "2022-04-31" '
      '(expected a date YYYY-MM-DD)'])
case('cost_index_dates_out_of_order',
     {'cost_index.csv': '\n'.join(ci[:2] + [ci[3], ci[2]] + ci[4:])},
     ['exit 2', 'has cost_index.csv: row 4: field "date": "2022-04-01" is '
      'before 2026-04-01 of row 3 (expected dates in ascending order'])
case('cost_index_duplicate_date',
     {'cost_index.csv': replace_line('cost_index.csv', 3,
                                     ci[2].replace('2022-04-01',
                                                   '2018-04-01'))},
     ['exit 2', 'has cost_index.csv: row 3: field "date": "2018-04-01" is '
      'given twice (first at row 2; expected each date once'])
case('cost_index_no_rows', {'cost_index.csv': ci[0] + '\n'},
     ['exit 2', 'has cost_index.csv: no rows (expected at least one index '
      'entry)'])

# --- funds other than contributions (optional file)
fu = lines('funds.csv')           # fu[1..10]: ICB 2026-2035; fu[11]: grant
case('fund_duplicate_year',
     {'funds.csv': replace_line('funds.csv', 4,
                                fu[3].replace(',2028,', ',2027,'))},
     ['exit 2', 'has funds.csv: row 4: field "year": fund "ICB" has two rows '
      'for 2027 (first at row 3; expected each fund and year once)'])
case('fund_kind_differs',
     {'funds.csv': replace_line('funds.csv', 5,
                                fu[4].replace(',icb,', ',grant,'))},
     ['exit 2', 'has funds.csv: row 5: field "kind": "grant" here but "icb" '
      'on row 2, the first row of fund "ICB" (expected the same kind, '
      'scheme_id, place and spend_by_year on every row of a fund)'])
case('fund_scheme_differs',
     {'funds.csv': replace_line('funds.csv', 6,
                                fu[5].replace(',,,,', ',P10,,,'))},
     ['exit 2', 'has funds.csv: row 6: field "scheme_id": "P10" here but '
      'empty on row 2, the first row of fund "ICB" (expected the same kind'])
case('fund_unknown_scheme',
     {'funds.csv': replace_line('funds.csv', 12,
                                fu[11].replace(',P11,', ',P99,'))},
     ['exit 2', 'has funds.csv: row 12: field "scheme_id": unknown scheme '
      '"P99" (expected one defined in the dataset)'])
case('fund_unknown_place',
     {'funds.csv': replace_line('funds.csv', 12,
                                fu[11].replace(',Rugby,', ',Rugby Town,'))},
     ['exit 2', 'has funds.csv: row 12: field "place": unknown place '
      '"Rugby Town" (expected one defined in the dataset)'])
case('fund_bad_kind',
     {'funds.csv': replace_line('funds.csv', 12,
                                fu[11].replace(',grant,', ',s106,'))},
     ['exit 2', 'has funds.csv: row 12: field "kind": "s106" (expected one '
      'of: icb, grant, partner)'])
case('fund_negative_amount',
     {'funds.csv': replace_line('funds.csv', 3,
                                fu[2].replace(',500000,', ',-500000,'))},
     ['exit 2', 'has funds.csv: row 3: field "amount_gbp": "-500000" is out '
      'of range'])
case('fund_absurd_amount',
     {'funds.csv': replace_line('funds.csv', 3,
                                fu[2].replace(',500000,', ',5e12,'))},
     ['exit 2', 'has funds.csv: row 3: field "amount_gbp": "5e12" is out '
      'of range'])
case('fund_bad_year',
     {'funds.csv': replace_line('funds.csv', 12,
                                fu[11].replace(',2027,', ',1927,'))},
     ['exit 2', 'has funds.csv: row 12: field "year": "1927" is out of '
      'range (expected an integer from 1990 to 2100)'])
case('fund_spend_by_before_year',
     {'funds.csv': replace_line('funds.csv', 12,
                                fu[11].replace(',2029,', ',2026,'))},
     ['exit 2', 'has funds.csv: row 12: field "spend_by_year": 2026 is '
      'before the year 2027 the money is available from (expected 2027 or '
      'later)'])
pcs = lines('postcodes.csv')
case('postcode_malformed',
     {'postcodes.csv': replace_line('postcodes.csv', 4,
                                    pcs[3].replace(pcs[3].split(',')[0],
                                                   'CV21'))},
     ['exit 2', 'has postcodes.csv: row 4: field "postcode": "CV21" is not '
      'a postcode (expected a full UK postcode such as "CV1 2AB"'])
case('postcode_duplicate',
     {'postcodes.csv': replace_line('postcodes.csv', 5,
                                    pcs[4].replace(pcs[4].split(',')[0],
                                                   pcs[3].split(',')[0]
                                                   .lower()
                                                   .replace(' ', '')))},
     ['exit 2', 'has postcodes.csv: row 5: field "postcode"'])
case('postcode_easting_out_of_range',
     {'postcodes.csv': replace_line('postcodes.csv', 2,
                                    pcs[1].split(',')[0] + ',-5,' +
                                    pcs[1].split(',')[2])},
     ['exit 2', 'has postcodes.csv: row 2: field "easting": "-5" is out of '
      'range (expected a number from 0 to 700000)'])
