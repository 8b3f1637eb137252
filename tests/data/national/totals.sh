#!/bin/sh
# Independent totals for the national extracts (issue 19), computed with awk
# straight from the files, without make_national.py. Run it on the raw shared
# files and on an extract folder: the figures must agree.
#   tests/data/national/totals.sh MAP REG XB CODEPOINT...
# MAP: gp-reg-pat-prac-map.csv; REG: gp-reg-pat-prac-all.csv; XB:
# x-boundary-mapping-2023-24-v1.csv; CODEPOINT: codepoint_open_*.csv.
# Prints, for QHL, QR1 and QWU: practices and patients in REG (a practice
# belongs to the ICB of its SUB_ICB_LOCATION_CODE in MAP), practices and PCNs
# in MAP, LAD21 codes in XB, the Code-Point LADs of the MAP practices'
# postcodes, and every MAP/REG/XB practice postcode missing from CODEPOINT.
set -eu
map=$1 reg=$2 xb=$3
shift 3
LC_ALL=C awk '
# split a CSV line into a[1..n], honouring double quotes
function csv(s, a,    n, f) {
	sub(/\r$/, "", s); sub(/^\357\273\277/, "", s)
	n = 0
	while (1) {
		if (substr(s, 1, 1) == "\"") {
			match(s, /^"([^"]|"")*"/)
			f = substr(s, 2, RLENGTH - 2); gsub(/""/, "\"", f)
			s = substr(s, RLENGTH + 1)
		} else if (match(s, /,/)) {
			f = substr(s, 1, RSTART - 1); s = substr(s, RSTART)
		} else { f = s; s = "" }
		a[++n] = f
		if (s == "") return n
		s = substr(s, 2)
	}
}
FNR == 1 { file++; delete h; delete col; nh = csv($0, h)
	for (i = 1; i <= nh; i++) col[h[i]] = i; next }
{ csv($0, r) }
file == 1 && (r[col["ICB_CODE"]] ~ /^(QHL|QR1|QWU)$/) {
	icb = r[col["ICB_CODE"]]; subicb[r[col["SUB_ICB_LOCATION_CODE"]]] = icb
	mprac[icb]++; pcn[icb SUBSEP r[col["PCN_CODE"]]] = 1
	pc = r[col["PRACTICE_POSTCODE"]]; need[pc] = need[pc] " " icb ":map:" r[col["PRACTICE_CODE"]]
	mpc[icb SUBSEP r[col["PRACTICE_CODE"]]] = pc
}
file == 2 && (r[col["SUB_ICB_LOCATION_CODE"]] in subicb) {
	icb = subicb[r[col["SUB_ICB_LOCATION_CODE"]]]
	rprac[icb]++; pat[icb] += r[col["NUMBER_OF_PATIENTS"]]
	pc = r[col["POSTCODE"]]; need[pc] = need[pc] " " icb ":reg:" r[col["CODE"]]
}
file == 3 && (r[col["ICB23"]] ~ /^(QHL|QR1|QWU)$/) {
	icb = r[col["ICB23"]]; xlad[icb SUBSEP r[col["LAD21"]]] = 1
	pc = r[col["Postcode"]]; need[pc] = need[pc] " " icb ":xb:" r[col["Practice"]]
}
file >= 4 { lad[r[col["postcode"]]] = r[col["admin_district_code"]] }
END {
	for (k in pcn) { split(k, p, SUBSEP); npcn[p[1]]++ }
	for (k in xlad) { split(k, p, SUBSEP); xl[p[1]] = xl[p[1]] " " p[2] }
	for (k in mpc) { split(k, p, SUBSEP)
		if (mpc[k] in lad) cl[p[1] SUBSEP lad[mpc[k]]]++ }
	for (k in cl) { split(k, p, SUBSEP); cls[p[1]] = cls[p[1]] " " p[2] "=" cl[k] }
	n = split("QHL QR1 QWU", I, " ")
	for (j = 1; j <= n; j++) {
		i = I[j]
		printf "%s reg: %d practices, %d patients; map: %d practices, %d PCN codes\n",
			i, rprac[i], pat[i], mprac[i], npcn[i]
		printf "%s LAD21 in x-boundary:%s\n", i, xl[i]
		printf "%s Code-Point LADs of map postcodes:%s\n", i, cls[i]
	}
	for (pc in need) if (!(pc in lad)) printf "postcode not in Code-Point: %s (%s )\n", pc, need[pc]
}' "$map" "$reg" "$xb" "$@" | LC_ALL=C sort
