#!/bin/sh
# Another ICB from the committed extracts of the national files: build its
# dataset with `pcplan dataset build`, import it, run it and write its
# reports. `make demo-icb` runs it (ICB=QR1 by default; QHL and QWU also
# work, QHL leaving out the practice whose 2023 postcode is gone).
#   tests/demo/demo_icb.sh PCPLAN OUT ICB FROM   (from the source tree's root)
# OUT/ICB holds the dataset (dataset/), the store and the reports.
set -eu
if [ $# -ne 4 ]; then
	echo "usage: $0 PCPLAN OUT ICB FROM" >&2
	exit 2
fi
pcplan=$1
out=$2/$3
icb=$3
from=$4
db=$out/pcplan.db

x() {
	echo "$*"
	"$@"
}

mkdir -p "$out"
rm -rf "$out/dataset" "$out/reports" "$db"
x "$pcplan" dataset build --icb "$icb" --from "$from" --out "$out/dataset" \
	--skip-unmatched
echo
x "$pcplan" --db "$db" init --data "$out/dataset"
x "$pcplan" --db "$db" info
echo
x "$pcplan" --db "$db" run --years 5
echo
x "$pcplan" --db "$db" report --out "$out/reports"
