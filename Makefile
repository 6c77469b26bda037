# Docket's commands. `make run` and `make test` do all the set-up they need on
# a fresh Debian 12 machine.

SHELL := /bin/bash
CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)
TAURI_DRIVER_VERSION := 2.0.5
TAURI_CLI_VERSION := 2.12.4
CARGO_FUZZ_VERSION := 0.13.2
IDLE_SECONDS ?= 600

UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json

.PHONY: run test setup build ui types fmt lint test-rust test-ui test-dates screenshots fuzz bench bench-smoke bench-ui package footprint clean

## Build Docket and open it on its data (DOCKET_DATA_DIR, or the default data dir).
run: setup ui
	$(CARGO) run -p docket

## Run every test: core unit and property tests, docketctl integration tests,
## the real window through tauri-driver under Xvfb, and the ui tests.
test: setup build
	$(MAKE) test-ui
	scripts/headless $(CARGO) test --workspace
	$(MAKE) bench-smoke

setup: .build/setup.stamp .build/venv/requirements.txt ui/node_modules/.package-lock.json

.build/setup.stamp: scripts/setup-debian
	scripts/setup-debian
	@if ! tauri-driver --help >/dev/null 2>&1; then \
	  $(CARGO) install --locked tauri-driver --version $(TAURI_DRIVER_VERSION); \
	fi
	@mkdir -p .build && touch $@

.build/venv/requirements.txt: tests/requirements.txt scripts/setup-python .build/setup.stamp
	scripts/setup-python

ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

ui: ui/dist/index.html

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build

## Builds everything the tests use once: the app, docketctl and the test binaries.
build: ui
	$(CARGO) build --workspace --bins
	$(CARGO) test --workspace --no-run

test-rust: setup build
	scripts/headless $(CARGO) test --workspace

test-ui: setup ui
	cd ui && npm run check && npm test

## Runs the ui tests, the Rust unit tests and docketctl's tests again with the
## machine's clock moved by libfaketime to each of TEST_DATES (local time in TEST_DATES_ZONE):
## the night the EU's clocks go forward, a leap day late in the evening, the
## night they go back, and a day in 2030. Not part of `make test`.
TEST_DATES ?= "2027-03-28 01:58:00" "2028-02-29 23:50:00" "2029-10-28 02:30:00" "2030-06-14 12:00:00"
TEST_DATES_ZONE ?= Europe/Brussels
test-dates: setup ui
	TEST_DATES_ZONE=$(TEST_DATES_ZONE) scripts/test-dates $(TEST_DATES)

## Regenerates ui/src/lib/types.gen.ts from the Rust types.
types: setup ui
	UPDATE_TYPES=1 $(CARGO) test -p docket --lib ts_types

fmt:
	$(CARGO) fmt --all

lint: setup ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	cd ui && npm run check

## Retakes the README's screenshots of the real window under Xvfb (1280×800,
## light and dark) into docs/screenshots/.
screenshots: setup build
	scripts/screenshots target/debug/docket target/debug/docketctl docs/screenshots

## Runs every fuzz target (iCalendar, CSV, JSON backup, pack, typed fields)
## for FUZZ_SECONDS each; not part of `make test`.
FUZZ_SECONDS ?= 60
fuzz: setup
	@cargo fuzz --version >/dev/null 2>&1 || $(CARGO) install --locked cargo-fuzz --version $(CARGO_FUZZ_VERSION)
	scripts/fuzz $(FUZZ_SECONDS)

## Benchmarks in release mode, all in one run, printed as one table with the
## command behind each figure (BENCHMARKS.md holds the latest): start to the
## first drawn agenda and memory beside a bare Tauri 2 window, idle cost and
## planning, list and search with BENCH_DEADLINES deadlines, iCalendar
## interop beside Python's icalendar, CalDAV sync of BENCH_SYNC_DEADLINES through a
## local Radicale, and the size of the binary and the .deb.
BENCH_DEADLINES ?= 100000
BENCH_RUNS ?= 5
BENCH_START_RUNS ?= 9
BENCH_SYNC_DEADLINES ?= 10000
bench: setup ui
	$(MAKE) package
	$(CARGO) build --release -p docket -p bare-window -p docketctl --bins
	DOCKET_BENCH_DEADLINES=$(BENCH_DEADLINES) $(CARGO) bench -p docket-core --bench at_scale
	scripts/headless .build/venv/bin/python scripts/bench.py --bin target/release \
	  --deb "$$(ls -t target/release/bundle/deb/*.deb | head -1)" --runs $(BENCH_RUNS) --start-runs $(BENCH_START_RUNS) \
	  --deadlines $(BENCH_DEADLINES) --sync-deadlines $(BENCH_SYNC_DEADLINES) --idle-seconds $(IDLE_SECONDS) --output .build/bench.md
	scripts/bench-into BENCHMARKS.md .build/bench.md

## make bench on tiny inputs with the debug build, to show that it still runs
## and prints every row of its table; part of `make test`.
bench-smoke: setup build
	DOCKET_BENCH_DEADLINES=300 $(CARGO) bench --profile dev -p docket-core --bench at_scale -- \
	  --warm-up-time 0.05 --measurement-time 0.1 --sample-size 10 >/dev/null
	scripts/headless .build/venv/bin/python scripts/bench.py --bin target/debug --runs 1 --start-runs 1 \
	  --deadlines 300 --interop-deadlines 50 --sync-deadlines 50 --idle-seconds 3 --settle-seconds 1 --output .build/bench-smoke.md
	@rows=$$(grep -c '^| [A-Z]' .build/bench-smoke.md); \
	  if [ "$$rows" -lt 34 ]; then echo "make bench printed $$rows rows of its table, not 34" >&2; exit 1; fi

## Times the window in Chromium with 10,000 deadlines: load to the first
## rendered agenda, keypress in search to rendered results.
bench-ui: setup ui
	cd ui && DOCKET_BENCH=1 npx vitest run --disableConsoleIntercept

## Builds the .deb (desktop entry, icons, docket and docketctl) with Tauri's bundler.
package: setup ui
	@cargo tauri --version >/dev/null 2>&1 || $(CARGO) install --locked tauri-cli --version $(TAURI_CLI_VERSION)
	$(CARGO) build --release -p docketctl
	cd src-tauri && $(CARGO) tauri build --bundles deb
	@ls -l target/release/bundle/deb/*.deb

## Measures memory with the window open and closed beside a bare Tauri
## window, idle CPU with the window closed, and the reminder delay (release).
footprint: setup ui
	$(CARGO) build --release -p docket -p bare-window -p docketctl --bins
	scripts/headless scripts/footprint.py --docket target/release/docket --docketctl target/release/docketctl \
	  --bare target/release/bare-window --idle-seconds $(IDLE_SECONDS)

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules .build
