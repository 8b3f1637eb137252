#!/usr/bin/env python3
"""Cuts small real extracts of the national files in ../shared/data for
three ICBs (Birmingham and Solihull QHL, Gloucestershire QR1, Coventry and
Warwickshire QWU), for the tests of issue 19 (building a dataset for any
ICB from the national open files). See README.md beside this script.

Every CSV row written is a byte-for-byte copy of a source line (same
header, column order, quoting, byte order mark and line ending); every
GeoJSON feature is copied with its coordinates unchanged. Only whole rows
and whole features are left out. Python 3 standard library only; the
output depends on the input files alone. Run from the repository root:

    python3 tests/data/national/make_national.py --shared ../shared

It writes two folders, each a complete "download" that a builder reads
with one --from:

    tests/data/national/2023-07/  totals of July 2023 (three ICBs)
    tests/data/national/2026-04/  totals of April 2026 (C&W only: the
                                  shared data has no other April 2026 rows)

All the other files are the same in both folders.
"""
import argparse, csv, io, json, os, re, sys

ICBS = ('QHL', 'QR1', 'QWU')

ap = argparse.ArgumentParser()
ap.add_argument('--shared', required=True, help='the shared folder (holds data/)')
ap.add_argument('--out', default=os.path.dirname(os.path.abspath(__file__)))
a = ap.parse_args()
S = os.path.join(os.path.abspath(a.shared), 'data')


def src(*p):
    return os.path.join(S, *p)


def lines(path):
    """The file's lines as bytes, each with its own line ending."""
    with open(path, 'rb') as f:
        data = f.read()
    out = data.splitlines(keepends=True)
    if not out or not out[-1].endswith(b'\n'):
        sys.exit('%s: does not end with a line ending' % path)
    return out


def fields(line):
    """The fields of one CSV line (a BOM, if any, is dropped)."""
    text = line.decode('utf-8-sig').rstrip('\r\n')
    return next(csv.reader(io.StringIO(text)))


def cut_csv(path, keep):
    """Header line plus the data lines for which keep(row dict) is true,
    as bytes, in source order; and the kept rows."""
    ls = lines(path)
    head = fields(ls[0])
    out, rows = [ls[0]], []
    for ln in ls[1:]:
        f = fields(ln)
        if len(f) != len(head):
            sys.exit('%s: a row has %d fields, the header %d'
                     % (path, len(f), len(head)))
        r = dict(zip(head, f))
        if keep(r):
            out.append(ln)
            rows.append(r)
    return b''.join(out), rows


def cut_geojson(path, keep):
    """The FeatureCollection with only the features keep(properties)
    accepts, serialised as the source is (compact, no final newline).
    Every feature written must appear byte for byte in the source."""
    with open(path, 'rb') as f:
        raw = f.read()
    d = json.loads(raw)
    top = {k: v for k, v in d.items() if k != 'features'}
    feats = [ft for ft in d['features'] if keep(ft['properties'])]
    for ft in feats:
        t = json.dumps(ft, separators=(',', ':'), ensure_ascii=False)
        if t.encode('utf-8') not in raw:
            sys.exit('%s: feature %s does not round-trip byte for byte'
                     % (path, ft['properties']))
    top['features'] = feats
    out = json.dumps(top, separators=(',', ':'), ensure_ascii=False)
    return out.encode('utf-8'), [ft['properties'] for ft in feats]


# --- NHS: the practice map gives each ICB its sub-ICB and GSS codes ---
MAP = src('nhs', 'gp-reg-pat-prac-map_2026-01.csv')
map_bytes, mp = cut_csv(MAP, lambda r: r['ICB_CODE'] in ICBS)
sub_icb = {r['SUB_ICB_LOCATION_CODE']: r['ICB_CODE'] for r in mp}
ons_icb = {r['ONS_ICB_CODE'] for r in mp}
ons_sub = {r['ONS_SUB_ICB_LOCATION_CODE'] for r in mp}
if sorted(set(sub_icb.values())) != sorted(ICBS):
    sys.exit('the practice map lacks one of ' + ', '.join(ICBS))

REG23 = src('nhs', 'gp-reg-pat-prac-all_2023-07.csv')
reg23_bytes, reg23 = cut_csv(REG23,
                             lambda r: r['SUB_ICB_LOCATION_CODE'] in sub_icb)
REG26 = src('nhs', 'gp-reg-pat-prac-all_2026-04_cw.csv')
reg26_bytes, reg26 = cut_csv(REG26,
                             lambda r: r['SUB_ICB_LOCATION_CODE'] in sub_icb)
XB = src('nhs', 'x-boundary-mapping-2023-24-v1.csv')
xb_bytes, xb = cut_csv(XB, lambda r: r['ICB23'] in ICBS)

# --- postcodes: those the practices use (every vintage), plus for each
# the next postcode of its sector in the source file (a near neighbour) ---
want = set()
for r in mp:
    want.add(r['PRACTICE_POSTCODE'])
for r in reg23 + reg26:
    want.add(r['POSTCODE'])
for r in xb:
    want.add(r['Postcode'])


def sector(pc):
    return pc[:-2]


pc_out, pc_lad = {}, {}
areas = sorted({re.match('[A-Z]+', p).group().lower() for p in want})
for area in areas:
    path = src('postcodes', 'codepoint_open_2025-10_%s.csv' % area)
    if not os.path.exists(path):
        continue
    ls = lines(path)
    head = fields(ls[0])
    keep = set()
    recs = [dict(zip(head, fields(ln))) for ln in ls[1:]]
    for i, r in enumerate(recs):
        if r['postcode'] in want:
            keep.add(i)
            pc_lad[r['postcode']] = r['admin_district_code']
            j = i + 1
            while j < len(recs) and recs[j]['postcode'] in want:
                j += 1
            if j < len(recs) and sector(recs[j]['postcode']) == \
                    sector(r['postcode']):
                keep.add(j)
    name = os.path.basename(path)
    pc_out[name] = ls[0] + b''.join(ls[i + 1] for i in sorted(keep))

# --- LADs of each ICB: the LAD21 of its practices (cross-boundary map)
# and the LAD of each practice postcode (Code-Point admin district) ---
lads = {r['LAD21'] for r in xb}
lads |= {pc_lad[r['PRACTICE_POSTCODE']] for r in mp
         if r['PRACTICE_POSTCODE'] in pc_lad}
lads |= {pc_lad[r['POSTCODE']] for r in reg23 + reg26
         if r['POSTCODE'] in pc_lad}
lads.discard('')

# --- ONS and NHS boundaries, IMD, SNPP, census ---
geo = {}
geo['icb_2023-04_bgc_england.geojson'] = cut_geojson(
    src('nhs', 'boundaries', 'icb_2023-04_bgc_england.geojson'),
    lambda p: p['code'] in ons_icb)
geo['sicbl_2023-04_bgc_england.geojson'] = cut_geojson(
    src('nhs', 'boundaries', 'sicbl_2023-04_bgc_england.geojson'),
    lambda p: p['code'] in ons_sub)
geo['lad_2024-12_bgc_england.geojson'] = cut_geojson(
    src('ons', 'boundaries', 'lad_2024-12_bgc_england.geojson'),
    lambda p: p['code'] in lads)
for name, want_codes in (('icb_2023-04_bgc_england.geojson', ons_icb),
                         ('sicbl_2023-04_bgc_england.geojson', ons_sub),
                         ('lad_2024-12_bgc_england.geojson', lads)):
    got = {p['code'] for p in geo[name][1]}
    if got != want_codes:
        sys.exit('%s: no feature for %s' % (name, sorted(want_codes - got)))

imd_bytes, _ = cut_csv(src('ons', 'imd', 'imd2025_lsoa21_england.csv'),
                       lambda r: r['lad22cd'] in lads)
snpp_bytes, _ = cut_csv(
    src('ons', 'population', 'snpp2022_migcat_syoa_persons_cw.csv'),
    lambda r: r['lad_code'] in lads)
census_bytes, _ = cut_csv(
    src('ons', 'population', 'census2021_lsoa21_population_cw.csv'),
    lambda r: r['lad22cd'] in lads)

common = {
    'gp-reg-pat-prac-map.csv': map_bytes,
    'x-boundary-mapping-2023-24-v1.csv': xb_bytes,
    'imd2025_lsoa21_england.csv': imd_bytes,
    'snpp2022_migcat_syoa_persons_cw.csv': snpp_bytes,
    'census2021_lsoa21_population_cw.csv': census_bytes,
}
common.update(pc_out)
common.update({k: v[0] for k, v in geo.items()})

for folder, reg in (('2023-07', reg23_bytes), ('2026-04', reg26_bytes)):
    d = os.path.join(a.out, folder)
    os.makedirs(d, exist_ok=True)
    files = dict(common)
    files['gp-reg-pat-prac-all.csv'] = reg
    for name in sorted(files):
        with open(os.path.join(d, name), 'wb') as f:
            f.write(files[name])
    print('%s: %d files, %d bytes' % (d, len(files),
                                      sum(len(v) for v in files.values())))
print('LADs:', ' '.join(sorted(lads)))
