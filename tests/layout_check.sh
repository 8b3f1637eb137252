#!/bin/sh
# The layout rules (issue 16), checked on the source tree:
#  - no .c or .h file under planner/, geo/, datasets/ or reports/ is over
#    1,200 lines;
#  - no function in them is over 150 lines: a line that is exactly "{"
#    opens a function body, the next line that is exactly "}" closes it,
#    and the lines between are counted;
#  - library code (planner/*.c, planner/base/*.c, datasets/*.c, geo/*.c,
#    reports/*.c) names no command-line flag ("--" and a letter) and no
#    command ("pcplan init", "pcplan site", ...: "pcplan " and one of the
#    CLI's command words) in its string literals or comments; the CLI
#    (planner/cli/) says what to type. The name pcplan alone ("not a pcplan
#    store", "Written by pcplan 1.0") is fine. Only literals and comments
#    are read, so that "--n" in code (a decrement) is not a flag; CSS
#    custom properties in the reports ("--ink:", "var(--ink)") are allowed.
# Prints every offender and exits 1 when there is one.
#   tests/layout_check.sh [SRC]   (SRC: the source tree, default .)
set -u
cd "${1:-.}" || exit 2
max_lines=1200
max_fn=150
status=0

files=$(find planner geo datasets reports -name '*.[ch]' | LC_ALL=C sort)
lib=$(ls planner/*.c planner/base/*.c datasets/*.c geo/*.c reports/*.c \
	2>/dev/null | LC_ALL=C sort)

for f in $files; do
	n=$(wc -l <"$f")
	if [ "$n" -gt $max_lines ]; then
		echo "$f: $n lines (at most $max_lines)"
		status=1
	fi
done

# shellcheck disable=SC2086
long=$(awk -v max=$max_fn '
FNR == 1 { open = 0; prev = "" }
$0 == "{" { open = FNR; head = prev }
$0 == "}" && open {
	n = FNR - open - 1
	if (n > max)
		printf "%s:%d: %s: a body of %d lines (at most %d)\n",
		       FILENAME, open, head, n, max
	open = 0
}
$0 != "" { prev = $0 }
' $files)
if [ -n "$long" ]; then
	echo "$long"
	status=1
fi

# the text of string literals and comments, line by line, then the rules
# shellcheck disable=SC2086
named=$(awk -v cmd='pcplan (init|info|site|near|runs?|compare|assumptions|contributions|prioritise|report|export|serve)([^a-z_]|$)' '
FNR == 1 { incom = 0 }
{
	line = $0; out = ""; n = length(line); instr = 0; inchr = 0
	for (i = 1; i <= n;) {
		c = substr(line, i, 1); d = substr(line, i, 2)
		if (incom) {
			if (d == "*/") { incom = 0; out = out "|"; i += 2; continue }
			out = out c; i++; continue
		}
		if (instr) {
			if (c == "\\") { out = out d; i += 2; continue }
			if (c == "\"") { instr = 0; out = out "|"; i++; continue }
			out = out c; i++; continue
		}
		if (inchr) {
			if (c == "\\") { i += 2; continue }
			if (c == "\047") inchr = 0
			i++; continue
		}
		if (d == "/*") { incom = 1; i += 2; continue }
		if (d == "//") { out = out substr(line, i + 2); break }
		if (c == "\"") instr = 1
		else if (c == "\047") inchr = 1
		i++
	}
	gsub(/var\(--[a-z0-9-]*/, "", out)
	gsub(/--[a-z][a-z0-9-]*:/, "", out)
	if (out ~ /(^|[^A-Za-z0-9_-])--[a-z]/ || out ~ cmd)
		printf "%s:%d: names a flag or a command: %s\n", FILENAME, FNR,
		       line
}
' $lib)
if [ -n "$named" ]; then
	echo "$named"
	status=1
fi

[ $status = 0 ] && echo "layout: every file, function and message within the rules"
exit $status
