#!/bin/sh
# The demo's pcplan commands, the one list both `make demo` and the
# demo_golden test (tests/demo/run_demo.cmake) run. Each command is printed
# before it runs, as make prints its recipe lines, so `make demo` shows the
# same lines as before.
#   tests/demo/demo.sh PCPLAN OUT DATA   (from the source tree's root)
# PCPLAN is the pcplan binary, OUT the directory the outputs go to (made
# when missing; its store, reports/ and export/ are replaced), DATA the
# dataset directory for init. The scenario is the bundled baseline.
set -eu
if [ $# -ne 3 ]; then
	echo "usage: $0 PCPLAN OUT DATA" >&2
	exit 2
fi
pcplan=$1
out=$2
data=$3
db=$out/pcplan.db
scen=datasets/coventry-warwickshire/scenarios/baseline.json

# x CMD ARGS...: print the command line, then run it
x() {
	echo "$*"
	"$@"
}
# xo FILE CMD ARGS...: the same, with stdout to FILE
xo() {
	f=$1
	shift
	echo "$* > $f"
	"$@" >"$f"
}

mkdir -p "$out"
rm -f "$db"
x "$pcplan" --db "$db" init --data "$data"
x "$pcplan" --db "$db" info
echo
x "$pcplan" --db "$db" site show CW-KH
echo
x "$pcplan" --db "$db" run --scenario "$scen"
echo
xo "$out/baseline.json" "$pcplan" --db "$db" run --scenario "$scen" --json
x "$pcplan" --db "$db" site assess --site CW-KH --letter "$out/letter-CW-KH"
echo
xo "$out/assessments.csv" "$pcplan" --db "$db" site assess --all --csv
x "$pcplan" --db "$db" contributions
xo "$out/contributions.json" "$pcplan" --db "$db" contributions --json
echo
x "$pcplan" --db "$db" prioritise --scenario "$scen" \
	--write-mps "$out/programme.mps" \
	--write-scenario "$out/programme-scenario.json"
xo "$out/programme.json" "$pcplan" --db "$db" prioritise --scenario "$scen" --json
echo
xo "$out/programme-run.txt" "$pcplan" --db "$db" run --scenario "$out/programme-scenario.json"
echo
rm -rf "$out/reports" "$out/export"
x "$pcplan" --db "$db" report --scenario "$scen" --out "$out/reports"
for f in csv xlsx geojson gpkg; do
	"$pcplan" --db "$db" export --format "$f" --scenario "$scen" \
		--out "$out/export/$f" >/dev/null
done
