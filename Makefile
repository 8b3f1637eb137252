# pcplan: everything from a fresh Debian 12 machine.
#   make demo    install dependencies, build, create the store from the
#                bundled dataset, print what it holds, run the baseline
#                scenario and print its place tables, write the reports and
#                exports (the commands are in tests/demo/demo.sh)
#   make demo-icb the same for another ICB, built from the committed
#                extracts of the national files (ICB=QR1 Gloucestershire by
#                default; QHL, QWU): dataset, store, run and reports in
#                $(OUT)/ICB (tests/demo/demo_icb.sh)
#   make check   the same set-up, then the clang-format check, every test,
#                then every test again in an ASan+UBSan build
#   make bench   Release build, then the benchmarks in tests/bench/, then
#                the load benchmark of pcplan serve (tests/bench/load/;
#                make bench-load runs it alone)
#   make format  clang-format the sources (make format-check: only check)
#   make goldens build, then every test with PC_UPDATE_GOLDEN=1: the tests
#                that compare with golden files rewrite them
# `make build` only builds (it never installs anything); demo, test,
# test-san, check and bench first install what is missing (make deps).

BUILD     ?= build
SAN_BUILD ?= build-san
REL_BUILD ?= build-release
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
OUT       ?= out
DEMO_DATA ?= $(if $(wildcard datasets/coventry-warwickshire/dataset.json),datasets/coventry-warwickshire,tests/data/fixture)

# Debian 12 packages: the compilers and build tools, then the libraries
# (see README.md, "Dependencies", for why each is there).
DEB_PACKAGES := cmake make pkg-config gcc clang libclang-rt-14-dev clang-format \
	libgeos-dev libproj-dev proj-data libsqlite3-dev libspatialite-dev \
	libcjson-dev libglpk-dev coinor-libcbc-dev libxlsxwriter-dev libxml2-dev libpng-dev zlib1g-dev \
	coinor-cbc gdal-bin chromium libmicrohttpd-dev wrk
# make bench only: the reference pipeline of DESIGN.md section 6, what an
# analyst would write instead of pcplan (tests/bench/reference.py)
BENCH_PACKAGES := python3-geopandas python3-rtree python3-pulp

.PHONY: all deps deb-packages build demo demo-icb check test test-san bench bench-load format format-check \
	goldens clean

all: build

deps:
	@$(MAKE) --no-print-directory deb-packages PACKAGES="$(DEB_PACKAGES)"
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "make deps: installing Debian packages: nodejs npm"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nodejs npm; \
	fi
	@# the page's npm packages (Leaflet, served by pcplan; playwright-core for
	@# the browser test), as package-lock.json pins them
	@if [ ! -f planner/server/web/node_modules/.package-lock.json ] || \
	   [ planner/server/web/package-lock.json -nt planner/server/web/node_modules/.package-lock.json ]; then \
	  echo "make deps: npm ci in planner/server/web"; \
	  (cd planner/server/web && npm ci --no-audit --no-fund --loglevel=error) || exit 1; \
	fi

# the Debian packages $(PACKAGES) that are not installed yet
deb-packages:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "make deps: not a Debian system; install the equivalents of: $(PACKAGES)"; \
	  exit 0; \
	fi; \
	missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	  else echo "make deps: need root or sudo to install:$$missing" >&2; exit 1; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPC_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)

demo: deps
	@$(MAKE) --no-print-directory build
	@tests/demo/demo.sh $(BUILD)/pcplan $(OUT) $(DEMO_DATA)
	@echo
	@echo "store:    $(OUT)/pcplan.db  (try: $(BUILD)/pcplan --db $(OUT)/pcplan.db info --json,"
	@echo "          ... site list, ... site show CW-HO --json, ... near --at -1.5106,52.4081,"
	@echo "          ... run --method space --draws 1000, ... runs, ... compare RUN_A RUN_B,"
	@echo "          ... site assess --at -1.52,52.40 --dwellings 500 --json)"
	@echo "baseline: $(OUT)/baseline.json  (the baseline scenario's run as JSON)"
	@echo "letter:   $(OUT)/letter-CW-KH.md and .html  (consultation response for Kings Hill)"
	@echo "asks:     $(OUT)/assessments.csv  (every site's contribution, spare rooms shared)"
	@echo "money:    $(OUT)/contributions.json  (S106/CIL receipts by year, money at risk)"
	@echo "capital:  $(OUT)/programme.json  (the optimal programme, the greedy ranking, +-10% budget;"
	@echo "          model $(OUT)/programme.mps, as a scenario $(OUT)/programme-scenario.json,"
	@echo "          projected with the programme: $(OUT)/programme-run.txt)"
	@echo "reports:  $(OUT)/reports/index.html  (the system, linking a self-contained page per place,"
	@echo "          e.g. $(OUT)/reports/coventry.html; open in a browser, prints on A4)"
	@echo "export:   $(OUT)/export/csv/*.csv, $(OUT)/export/xlsx/pcplan.xlsx (Excel),"
	@echo "          $(OUT)/export/geojson/*.geojson and $(OUT)/export/gpkg/pcplan.gpkg (QGIS)"
	@echo
	@echo "the web page and the JSON API over the demo store (Ctrl-C stops it):"
	@echo "  $(BUILD)/pcplan --db $(OUT)/pcplan.db serve$(if $(wildcard datasets/coventry-warwickshire/scenarios/baseline.json), --scenario datasets/coventry-warwickshire/scenarios/baseline.json)"
	@echo "  then open http://127.0.0.1:8080/"

ICB  ?= QR1
FROM ?= tests/data/national/2023-07
demo-icb: deps
	@$(MAKE) --no-print-directory build
	@tests/demo/demo_icb.sh $(BUILD)/pcplan $(OUT) $(ICB) $(FROM)
	@echo
	@echo "dataset:  $(OUT)/$(ICB)/dataset  (built from $(FROM); DATA.md says what is estimated)"
	@echo "store:    $(OUT)/$(ICB)/pcplan.db"
	@echo "reports:  $(OUT)/$(ICB)/reports/index.html"

# make test T=REGEX runs only the tests whose names match (ctest -R); a
# REGEX that matches no test is an error
test: deps
	@$(MAKE) --no-print-directory build
	ctest --test-dir $(BUILD) --output-on-failure --no-tests=error -j $(JOBS) \
	  $(if $(T),-R '$(T)')

test-san: deps
	cmake -S . -B $(SAN_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	  -DPC_SANITIZE=ON -DPC_WERROR=ON
	cmake --build $(SAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(SAN_BUILD) --output-on-failure -j $(JOBS)

check: format-check test test-san

bench: deps
	@$(MAKE) --no-print-directory deb-packages PACKAGES="$(BENCH_PACKAGES)"
	cmake -S . -B $(REL_BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(REL_BUILD) -j $(JOBS)
	@for b in $(REL_BUILD)/tests/bench/bench_*; do \
	  [ -x "$$b" ] || continue; echo "== $$b"; "$$b" || exit 1; \
	done
	@echo "== tests/bench/load/load.mjs"; node tests/bench/load/load.mjs $(REL_BUILD)/pcplan
	@# the same at England's size, on the folder bench_scale generated
	@if [ -d $(REL_BUILD)/bench-scale/data-1 ]; then \
	  echo "== tests/bench/load/load.mjs (England-size synthetic dataset)"; \
	  LOAD_DATA=$(REL_BUILD)/bench-scale/data-1 WORK=$(REL_BUILD)/tests/bench/load-england \
	  LOAD_CONNS=1,8 LOAD_SECONDS=5 node tests/bench/load/load.mjs $(REL_BUILD)/pcplan || exit 1; \
	fi
	@# the analyst's pipeline (Debian's Python, not another on the PATH) on
	@# bench_scale's folders and stores
	@echo "== tests/bench/reference.py"
	/usr/bin/python3 tests/bench/reference.py bench $(REL_BUILD)/pcplan $(REL_BUILD)/bench-scale

# the load benchmark alone: pcplan serve under wrk against the CLI
bench-load: deps
	cmake -S . -B $(REL_BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(REL_BUILD) -j $(JOBS) --target pcplan
	node tests/bench/load/load.mjs $(REL_BUILD)/pcplan

# the C sources make format and make format-check cover (globs that match
# nothing are skipped)
FORMAT_FILES = $(wildcard planner/*.[ch] planner/base/*.[ch] planner/cli/*.[ch] planner/server/*.[ch] \
	geo/*.[ch] datasets/*.[ch] reports/*.[ch] tests/*.[ch] tests/bench/*.[ch])

format:
	clang-format -i $(FORMAT_FILES)

format-check: deps
	clang-format --dry-run --Werror $(FORMAT_FILES)

goldens: deps
	@$(MAKE) --no-print-directory build
	PC_UPDATE_GOLDEN=1 ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(REL_BUILD) $(OUT)
