#!/usr/bin/python3
"""tests/bench/reference.py: the reference pipeline of DESIGN.md section 6.

What an analyst would write instead of pcplan, with what analysts use
(Debian's python3-geopandas, -pandas, -shapely, -pyproj and -pulp), timed
as whole processes beside pcplan's on the same inputs in the same run,
each answer checked against pcplan's:

  init  read every file a dataset folder has that these stages use,
        overlay the sites on the LADs (area shares) and allocate every
        site's patients to practices by the huff rule; written to a
        GeoPackage. Checked: every site's LAD shares and huff shares
        against the store pcplan made (site_lads, site_allocations).
  run   the housing-led projection of new patients by place and year
        (homes by year from the base year, persons by bedroom mix, the
        init stage's huff shares). Checked: against `pcplan run --growth
        housing --json`, to its rounding.
  one   one development at a WGS 84 point (300 dwellings, a circle of
        dwellings / dwellings_per_ha, as pcplan draws it): its huff
        shares, new patients and rooms needed by practice. Checked: the
        shares and rooms against `pcplan site assess --at --json`.
  all   every site with homes left: its huff shares, new patients (its
        bedroom mix) and rooms needed by practice, summed by practice.
        Checked: the shares against the store's.
  prio  the capital programme's model as pcplan writes it (MPS), and the
        two of its budget sensitivity (0.9 and 1.1 of the ICB capital),
        read and solved by PuLP with the cbc program, as pcplan prioritise
        solves all three. Checked: the objective against pcplan's.

The reference does less than pcplan at each stage (no checks of the
files, no PCN areas, one allocation method, no list trend or rooms in
the run, no sharing of spare rooms between sites, no cost or trace), so
the ratios flatter it.

Usage:
  reference.py bench PCPLAN WORK       the benchmark: WORK/data-S and
                                       WORK/store-S.db for S in 0.02, 0.2
                                       and 1 (bench_scale makes them)
  reference.py init DIR OUT | one DIR LON LAT OUT | all DIR OUT |
               run DIR HUFF_CSV OUT | prio OUT MPS...
                                       one stage (the benchmark runs them)
"""
import json
import math
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

SIZES = ("0.02", "0.2", "1")
DWELLINGS = 300


# --- the stages ---------------------------------------------------------


def assumptions(data):
    import pandas as pd

    a = pd.read_csv(os.path.join(data, "assumptions.csv"))
    return dict(zip(a["assumption_id"], a["value"]))


def locations(data):
    """Premises points by practice (a practice without premises at its own
    point) and each practice's latest list size."""
    import geopandas as gpd
    import pandas as pd

    pr = pd.read_csv(os.path.join(data, "practices.csv"))
    pm = pd.read_csv(os.path.join(data, "premises.csv"), dtype={"practices": str})
    ls = pd.read_csv(os.path.join(data, "list_sizes.csv"))
    latest = ls.sort_values("date").groupby("practice_code")["patients"].last()
    pm = pm.assign(practice_code=pm["practices"].str.split(";")).explode("practice_code")
    loc = pm[["practice_code", "premises_id", "easting", "northing"]]
    alone = pr[~pr["practice_code"].isin(loc["practice_code"])]
    loc = pd.concat([loc, alone[["practice_code", "easting", "northing"]]])
    loc["list"] = loc["practice_code"].map(latest).fillna(0)
    return gpd.GeoDataFrame(
        loc, geometry=gpd.points_from_xy(loc["easting"], loc["northing"]), crs=27700
    )


def huff(devs, loc, A):
    """The huff rule for developments devs (GeoDataFrame: id, geometry,
    rural): practices whose nearest premises is within D_max, weight
    list^alpha * max(d, d_min)^-beta, shares summing to 1 per site; a
    site with none in reach goes to its nearest practice."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    dmax = np.where(devs["rural"], A["dmax_rural_m"], A["dmax_urban_m"])
    reach = gpd.GeoDataFrame(
        {"id": devs["id"].values, "dmax": dmax},
        geometry=devs.geometry.envelope.buffer(dmax, cap_style=3, join_style=2).values,
        crs=27700,
    )
    cand = gpd.sjoin(loc, reach, predicate="intersects")
    geom = devs.set_index("id").geometry
    cand["d"] = cand.geometry.distance(gpd.GeoSeries(geom.loc[cand["id"]].values, index=cand.index))
    near = cand.groupby(["id", "practice_code"]).agg(
        d=("d", "min"), list=("list", "first"), dmax=("dmax", "first")
    ).reset_index()
    near = near[near["d"] <= near["dmax"]]
    near["w"] = near["list"] ** A["huff_alpha"] * np.maximum(
        near["d"], A["huff_min_distance_m"]
    ) ** (-A["huff_beta"])
    near["share"] = near["w"] / near.groupby("id")["w"].transform("sum")
    missing = devs[~devs["id"].isin(near["id"])]
    nn = []  # Debian's shapely 1.8 has no sjoin_nearest: few sites, all distances
    for sid, g in zip(missing["id"], missing.geometry):
        d = loc.assign(d=loc.distance(g)).sort_values(["d", "practice_code"]).iloc[0]
        nn.append((sid, d["practice_code"], d["d"], 1.0))
    if nn:
        near = pd.concat([near, pd.DataFrame(nn, columns=["id", "practice_code", "d", "share"])])
    return near[["id", "practice_code", "d", "share"]]


def read_sites(data):
    """The sites with their properties as written (GDAL drops a list
    property such as a trajectory)."""
    import geopandas as gpd

    with open(os.path.join(data, "sites.geojson")) as f:
        return gpd.GeoDataFrame.from_features(json.load(f)["features"], crs=27700)


def rooms_per_patient(A):
    return A["m2_per_patient"] / A["gross_m2_per_room"]


def stage_init(data, out):
    import geopandas as gpd

    A = assumptions(data)
    sites = read_sites(data)
    lads = gpd.read_file(os.path.join(data, "lads.geojson")).set_crs(27700, allow_override=True)
    loc = locations(data)
    sites["site_area"] = sites.area
    ov = gpd.overlay(sites[["site_id", "site_area", "geometry"]], lads[["code", "geometry"]])
    ov["share"] = ov.area / ov["site_area"]
    devs = sites.rename(columns={"site_id": "id"}).assign(rural=sites["setting"] == "rural")
    al = huff(devs, loc, A)
    if os.path.exists(out):
        os.remove(out)
    sites[["site_id", "name", "dwellings", "setting", "site_area", "geometry"]].to_file(
        out, layer="sites", driver="GPKG")
    ov.to_file(out, layer="site_lads", driver="GPKG")
    ov[["site_id", "code", "share"]].to_csv(out + ".lads.csv", index=False)
    al.to_csv(out + ".huff.csv", index=False)


def stage_one(data, lon, lat, out):
    import geopandas as gpd
    from pyproj import Transformer
    from shapely.geometry import Point

    A = assumptions(data)
    loc = locations(data)
    e, n = Transformer.from_crs(4326, 27700, always_xy=True).transform(lon, lat)
    area = DWELLINGS / A["dwellings_per_ha"] * 10000
    circle = Point(e, n).buffer(math.sqrt(area / math.pi), 16)
    dev = gpd.GeoDataFrame({"id": ["new"], "rural": [False]}, geometry=[circle], crs=27700)
    al = huff(dev, loc, A)
    patients = DWELLINGS * A["persons_per_dwelling"] * A["registration_rate"] * A["population_gain_factor"]
    al["patients"] = al["share"] * patients
    al["rooms"] = al["patients"] * rooms_per_patient(A)
    al.to_csv(out, index=False)


def stage_all(data, out):
    A = assumptions(data)
    base = json.load(open(os.path.join(data, "dataset.json")))["base_year"]
    sites = read_sites(data)
    loc = locations(data)

    def left(r):
        t = r.get("trajectory")
        if not isinstance(t, list):
            return r["dwellings"]
        return r["dwellings"] - sum(v for i, v in enumerate(t) if r["trajectory_start"] + i < base)

    sites["left"] = sites.apply(left, axis=1)
    sites = sites[sites["left"] > 0]
    sites["patients"] = sites["left"] * sites.apply(lambda r: persons(A, r.get("mix")), axis=1) * A["registration_rate"] * A["population_gain_factor"]
    devs = sites.rename(columns={"site_id": "id"}).assign(rural=sites["setting"] == "rural")
    al = huff(devs, loc, A)
    al["patients"] = al["share"] * al["id"].map(devs.set_index("id")["patients"])
    al["rooms"] = al["patients"] * rooms_per_patient(A)
    by_practice = al.groupby("practice_code")[["patients", "rooms"]].sum()
    al.to_csv(out, index=False)
    by_practice.to_csv(out + ".practices.csv")


def one_pair_per_line(mps, out):
    """The MPS file with one (row, value) pair per line: PuLP 2.6 reads
    only the first of two on an RHS line, as GLPK writes them."""
    with open(mps) as f, open(out, "w") as g:
        section = None
        for line in f:
            w = line.split()
            if line[:1] not in (" ", "*"):
                section = w[0] if w else None
            if section in ("RHS", "RANGES") and line[:1] == " " and len(w) == 5:
                g.write(f" {w[0]} {w[1]} {w[2]}\n {w[0]} {w[3]} {w[4]}\n")
            else:
                g.write(line)


def stage_run(data, huff_csv, out):
    """The housing-led projection of new patients by place and year (the
    sites' homes from the base year on, persons by bedroom mix, their
    huff shares from the init stage's output), as the SQL reference of
    bench_project has it."""
    import geopandas as gpd
    import pandas as pd

    A = assumptions(data)
    base = json.load(open(os.path.join(data, "dataset.json")))["base_year"]
    years = 10
    sites = read_sites(data)
    lads = gpd.read_file(os.path.join(data, "lads.geojson"))
    pr = pd.read_csv(os.path.join(data, "practices.csv"))
    place = pr.set_index("practice_code")["lad_code"].map(lads.set_index("code")["place"])
    rows = []
    for r in sites.itertuples():
        t = r.trajectory if isinstance(r.trajectory, list) else []
        for i, h in enumerate(t):
            if r.trajectory_start + i >= base:
                rows.append((r.site_id, r.trajectory_start + i, h))
    traj = pd.DataFrame(rows, columns=["site_id", "year", "homes"])
    pers = sites.set_index("site_id").apply(lambda r: persons(A, r.get("mix")), axis=1)
    al = pd.read_csv(huff_csv)
    al["place"] = al["practice_code"].map(place)
    al["w"] = al["share"] * al["id"].map(pers) * A["registration_rate"] * A["population_gain_factor"]
    w = al.groupby(["id", "place"])["w"].sum().reset_index()
    cum = []
    for t in range(base + 1, base + years + 1):
        c = traj[traj["year"] < t].groupby("site_id")["homes"].sum()
        cum.append(pd.DataFrame({"id": c.index, "t": t, "homes": c.values}))
    cum = pd.concat(cum)
    res = cum.merge(w, on="id").assign(p=lambda d: d["homes"] * d["w"])
    res.groupby(["place", "t"])["p"].sum().reset_index().to_csv(out, index=False)


def persons(A, mix):
    """Persons per home: by bedroom band when the mix is known and
    use_bedroom_mix is not 0, else persons_per_dwelling."""
    if not A.get("use_bedroom_mix", 1) or not isinstance(mix, dict):
        return A["persons_per_dwelling"]
    return sum(mix.get(str(b), 0) / 100 * A[f"persons_per_dwelling_{b}bed"] for b in range(1, 6))


def stage_prio(out, files):
    """Each MPS file solved in turn; the first one's answer into out."""
    import pulp

    answers = []
    for k, mps in enumerate(files):
        one_pair_per_line(mps, f"{out}.{k}.mps")
        _, prob = pulp.LpProblem.fromMPS(f"{out}.{k}.mps", sense=pulp.LpMinimize)
        # Debian's PuLP has no CBC of its own: the cbc program (coinor-cbc)
        prob.solve(pulp.COIN_CMD(path=shutil.which("cbc"), msg=0, timeLimit=60, gapRel=1e-4))
        answers.append({"status": pulp.LpStatus[prob.status],
                        "objective": pulp.value(prob.objective)})
    with open(out, "w") as f:
        json.dump(answers[0], f)


# --- the benchmark ------------------------------------------------------


def timed(argv, runs):
    """Median wall ms of runs whole processes of argv (each must exit 0)."""
    ms = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        ms.append((time.perf_counter() - t) * 1000)
        if r.returncode:
            sys.exit(f"reference: {' '.join(argv)}: exit {r.returncode}: {r.stderr.decode()[-400:]}")
    return statistics.median(ms)


def worst(pairs):
    return max((abs(a - b) for a, b in pairs), default=0.0)


def check_init(store, out):
    db = sqlite3.connect(store)
    lads = {(s, l): v for s, l, v in db.execute("SELECT site_id, lad_code, share FROM site_lads")}
    huffs = {(s, p): v for s, p, v in db.execute(
        "SELECT site_id, practice_code, share FROM site_allocations WHERE method = 'huff'")}
    import pandas as pd

    ov = pd.read_csv(out + ".lads.csv")
    al = pd.read_csv(out + ".huff.csv")
    ref_l = {(r.site_id, r.code): r.share for r in ov.itertuples()}
    ref_h = {(r.id, r.practice_code): r.share for r in al.itertuples()}
    return check_pairs("LAD shares", lads, ref_l) + check_pairs("huff shares", huffs, ref_h)


def check_all(store, out):
    """The huff shares of the sites with homes left, against the store's."""
    import pandas as pd

    al = pd.read_csv(out)
    ref = {(r.id, r.practice_code): r.share for r in al.itertuples()}
    sites = set(al["id"])
    db = sqlite3.connect(store)
    ours = {(s, p): v for s, p, v in db.execute(
        "SELECT site_id, practice_code, share FROM site_allocations WHERE method = 'huff'")
        if s in sites}
    return check_pairs("huff shares of the sites with homes left", ours, ref)


def check_run(pcplan, store, out):
    """New patients by place and year against pcplan's housing-led run."""
    import pandas as pd

    r = subprocess.run([pcplan, "--db", store, "run", "--growth", "housing", "--json"],
                       capture_output=True, check=True)
    ours = {(p["name"], y["year"]): y["new_patients"]
            for p in json.loads(r.stdout)["result"]["places"] for y in p["years"][1:]}
    ref = {(x.place, x.t): x.p for x in pd.read_csv(out).itertuples()}
    for k in set(ours) - set(ref):  # a place no site adds patients to
        ref[k] = 0.0
    # the JSON gives new patients to 1 decimal
    return check_pairs("new patients by place and year", ours, ref, 0.05 + 1e-6)


def check_pairs(what, ours, ref, tol=1e-9):
    """0 when ours and ref have the same keys and values within tol."""
    only = set(ours) ^ set(ref)
    diff = worst((ours[k], ref[k]) for k in set(ours) & set(ref))
    print(f"    {what}: {len(ours)} rows, {len(only)} in one only, "
          f"largest difference {diff:.1e} (allowed {tol:.0e})")
    return 0 if not only and diff <= tol else 1


def point_of(data):
    """The middle of the first LAD, in WGS 84."""
    import geopandas as gpd

    lads = gpd.read_file(os.path.join(data, "lads.geojson")).set_crs(27700, allow_override=True)
    c = lads.geometry.iloc[0].centroid
    p = gpd.GeoSeries([c], crs=27700).to_crs(4326).iloc[0]
    return f"{p.x:.6f}", f"{p.y:.6f}"


def exponent(a, b, na, nb):
    return math.log(b / a) / math.log(nb / na) if a > 0 and b > 0 and nb != na else float("nan")


def bench(pcplan, work):
    me = os.path.abspath(__file__)
    py = sys.executable
    tmp = os.path.join(work, "reference")
    os.makedirs(tmp, exist_ok=True)
    rows, bad = [], 0
    print("reference.py: pcplan against the analyst's pipeline (geopandas, pandas, "
          "pyproj, PuLP/CBC), whole processes, median wall ms; ratio pcplan / Python")
    for s in SIZES:
        data, store = os.path.join(work, f"data-{s}"), os.path.join(work, f"store-{s}.db")
        if not (os.path.isdir(data) and os.path.exists(store)):
            print(f"  scale {s}: no {data} or {store} (bench_scale makes them): skipped")
            continue
        n = sum(1 for _ in open(os.path.join(data, "practices.csv"))) - 1
        runs = 1 if s == "1" else 3
        db = os.path.join(tmp, f"init-{s}.db")
        gpkg = os.path.join(tmp, f"init-{s}.gpkg")
        lon, lat = point_of(data)
        at = f"{lon},{lat}"
        one = os.path.join(tmp, f"one-{s}.csv")
        allc = os.path.join(tmp, f"all-{s}.csv")
        runc = os.path.join(tmp, f"run-{s}.csv")
        if os.path.exists(db):
            os.remove(db)
        t = {
            "init": (timed([pcplan, "--db", db, "init", "--data", data], 1),
                     timed([py, me, "init", data, gpkg], 1)),
            "run": (timed([pcplan, "--db", store, "run"], runs),
                    timed([py, me, "run", data, gpkg + ".huff.csv", runc], runs)),
            "one": (timed([pcplan, "--db", store, "site", "assess", "--at", at,
                           "--dwellings", str(DWELLINGS)], runs),
                    timed([py, me, "one", data, lon, lat, one], runs)),
            "all": (timed([pcplan, "--db", store, "site", "assess", "--all"], 1),
                    timed([py, me, "all", data, allc], 1)),
        }
        print(f"  scale {s} ({n} practices):")
        for k, (a, b) in t.items():
            print(f"    {k:5s} pcplan {a:9.1f}  Python {b:9.1f}  ratio {a / b:.3f}")
        bad += check_init(store, gpkg)
        bad += check_one(pcplan, store, at, one)
        bad += check_all(store, allc)
        bad += check_run(pcplan, store, runc)
        rows.append((s, n, t))
    for i in range(1, len(rows)):
        (s0, n0, t0), (s1, n1, t1) = rows[i - 1], rows[i]
        print(f"  exponents {s0} -> {s1}: " + ", ".join(
            f"{k} {exponent(t0[k][0], t1[k][0], n0, n1):.2f} / {exponent(t0[k][1], t1[k][1], n0, n1):.2f}"
            for k in t0))
    bad += bench_prio(pcplan, py, me, tmp)
    if bad:
        sys.exit("reference: the answers differ (above)")


def check_one(pcplan, store, at, out):
    import pandas as pd

    r = subprocess.run([pcplan, "--db", store, "site", "assess", "--at", at, "--dwellings",
                        str(DWELLINGS), "--json"], capture_output=True, check=True)
    ours = {p["code"]: p for p in json.loads(r.stdout)["result"]["practices"]}
    ref = pd.read_csv(out).set_index("practice_code")
    # the JSON gives shares to 4 decimals and rooms to 2
    rc = check_pairs("one point's shares", {k: v["share"] for k, v in ours.items()},
                     ref["share"].to_dict(), 5e-5)
    rc += check_pairs("one point's rooms needed", {k: v["rooms_needed"] for k, v in ours.items()},
                      ref["rooms"].to_dict(), 5e-3)
    return rc


def bench_prio(pcplan, py, me, tmp):
    """C&W's capital programme: GLPK and CBC through pcplan against PuLP
    reading pcplan's MPS files and solving them with CBC: the programme's
    model and the two of its budget sensitivity (0.9 and 1.1 of the ICB
    capital), which pcplan prioritise solves too."""
    src = os.path.join(os.path.dirname(me), "..", "..", "datasets", "coventry-warwickshire")
    db, mps, out, sc = (os.path.join(tmp, f) for f in
                        ("cw.db", "cw.mps", "cw-pulp.json", "cbc.json"))
    if os.path.exists(db):
        os.remove(db)
    with open(sc, "w") as f:
        json.dump({"capital": {"solver": "cbc"}}, f)
    subprocess.run([pcplan, "--db", db, "init", "--data", src], stdout=subprocess.DEVNULL, check=True)
    models = [mps]
    for f in ("0.9", "1.1"):
        models.append(os.path.join(tmp, f"cw-{f}.mps"))
        subprocess.run([pcplan, "--db", db, "prioritise", "--budget-factor", f, "--write-mps",
                        models[-1]], stdout=subprocess.DEVNULL, check=True)
    glpk = timed([pcplan, "--db", db, "prioritise", "--write-mps", mps], 3)
    cbc = timed([pcplan, "--db", db, "prioritise", "--scenario", sc], 3)
    pulp_ms = timed([py, me, "prio", out] + models, 3)
    ours = json.loads(subprocess.run([pcplan, "--db", db, "prioritise", "--json"],
                                     capture_output=True, check=True).stdout)["result"]["optimal"]
    ref = json.load(open(out))
    print("  C&W capital programme (prioritise):")
    print(f"    GLPK {glpk:9.1f}  CBC {cbc:9.1f}  PuLP+CBC {pulp_ms:9.1f}  ratios "
          f"{glpk / pulp_ms:.3f} and {cbc / pulp_ms:.3f}")
    o = ours.get("objective")
    diff = abs(o - ref["objective"]) / max(1.0, abs(o)) if o is not None and ref["objective"] is not None else float("inf")
    print(f"    objective pcplan {o}, PuLP {ref['objective']} ({ref['status']}), relative difference {diff:.1e}")
    return 0 if diff < 1e-3 else 1


def main(argv):
    if len(argv) == 4 and argv[1] == "bench":
        bench(os.path.abspath(argv[2]), os.path.abspath(argv[3]))
    elif len(argv) == 4 and argv[1] == "init":
        stage_init(argv[2], argv[3])
    elif len(argv) == 6 and argv[1] == "one":
        stage_one(argv[2], float(argv[3]), float(argv[4]), argv[5])
    elif len(argv) == 4 and argv[1] == "all":
        stage_all(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "run":
        stage_run(argv[2], argv[3], argv[4])
    elif len(argv) >= 4 and argv[1] == "prio":
        stage_prio(argv[2], argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
