# workplan — the two commands of the README are `make run` and `make test`.
# Every target installs what is missing first (scripts/install-deps, Debian packages only).

BUILD       ?= build
FUZZ_BUILD  ?= build-fuzz
BENCH_BUILD ?= build-bench
FUZZ_SECONDS ?= 60
FUZZ_JSON_SECONDS ?= 20
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=Release -DWP_WERROR=ON

.PHONY: all deps build web web-test e2e run test unit fuzz fuzz-build bench format format-check clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD)
	@echo "built $(BUILD)/bin/workplan"
	@$(MAKE) --no-print-directory web

# The browser application (web/: TypeScript, Vite, React, ECharts) into web/dist, which
# `workplan serve` serves; rebuilt only when a source changed. Prints the gzipped JavaScript.
WEB_SOURCES := $(shell find web/src web/scripts -type f 2>/dev/null) web/index.html web/package.json \
               web/package-lock.json web/vite.config.ts web/tsconfig.json
web: deps web/dist/index.html

web/dist/index.html: $(WEB_SOURCES) web/node_modules/.package-lock.json
	cd web && npm run --silent build

web/node_modules/.package-lock.json: web/package-lock.json
	@scripts/install-deps

# The browser tests alone (playwright-core in Debian's Chromium against the real server);
# one PNG per page in build/screenshots/. They also run in `make test` (ctest).
e2e: build
	ctest --test-dir $(BUILD) --output-on-failure -R '^e2e_'

# The web application's unit tests (Vitest) alone; also part of `make test`.
web-test: deps
	cd web && npm test --silent

# The server on the embedded SQLite database var/demo.db with the demo data (both seed
# decisions imported and published, demo accounts); prints the URL and the logins.
# Override: make run DB=postgresql://… ; WORKPLAN_LISTEN=127.0.0.1:9000 make run
DB ?= sqlite:var/demo.db
run: build
	$(BUILD)/bin/workplan serve --db $(DB) --demo

# Every test: unit tests, data-driven parser cases, annotation scores, layering, formatting,
# the storage contract and the API tests on SQLite and on a throwaway PostgreSQL cluster
# (scripts/with-postgres), then the parser fuzzer for a bounded time.
test: build
	ctest --test-dir $(BUILD) --output-on-failure -j2
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(if $(CI),60,30)

unit: build
	ctest --test-dir $(BUILD) --output-on-failure -j2

fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DWP_FUZZ=ON -DWP_TESTS=OFF -DWP_WERROR=ON
	cmake --build $(FUZZ_BUILD) --target parse_fuzz json_scan_fuzz docx_fuzz lines_fuzz pdf_fuzz

# Runs the parser fuzzer on a copy of the seed corpus for FUZZ_SECONDS; any crash, leak or
# sanitizer report fails. Corpus entries it finds are kept under $(FUZZ_BUILD)/corpus.
fuzz: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/corpus
	@cp -n tests/fuzz/corpus/* $(FUZZ_BUILD)/corpus/ 2>/dev/null || true
	$(FUZZ_BUILD)/bin/parse_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=131072 -timeout=10 \
	  -rss_limit_mb=4096 -print_final_stats=1 $(FUZZ_BUILD)/corpus tests/fuzz/corpus
	@mkdir -p $(FUZZ_BUILD)/json_corpus
	@cp -n tests/fuzz/json_corpus/* $(FUZZ_BUILD)/json_corpus/ 2>/dev/null || true
	$(FUZZ_BUILD)/bin/json_scan_fuzz -max_total_time=$(FUZZ_JSON_SECONDS) -max_len=4096 -timeout=10 \
	  -rss_limit_mb=4096 -print_final_stats=1 -dict=tests/fuzz/json.dict \
	  $(FUZZ_BUILD)/json_corpus tests/fuzz/json_corpus
	@mkdir -p $(FUZZ_BUILD)/docx_corpus $(FUZZ_BUILD)/lines_corpus
	@cp -n tests/fuzz/docx_corpus/* $(FUZZ_BUILD)/docx_corpus/ 2>/dev/null || true
	@cp -n tests/fuzz/lines_corpus/* $(FUZZ_BUILD)/lines_corpus/ 2>/dev/null || true
	$(FUZZ_BUILD)/bin/docx_fuzz -max_total_time=$(FUZZ_JSON_SECONDS) -max_len=65536 -timeout=10 \
	  -rss_limit_mb=4096 -print_final_stats=1 $(FUZZ_BUILD)/docx_corpus tests/fuzz/docx_corpus
	$(FUZZ_BUILD)/bin/lines_fuzz -max_total_time=$(FUZZ_JSON_SECONDS) -max_len=16384 -timeout=10 \
	  -rss_limit_mb=4096 -print_final_stats=1 $(FUZZ_BUILD)/lines_corpus tests/fuzz/lines_corpus
	@mkdir -p $(FUZZ_BUILD)/pdf_corpus
	@cp -n tests/fuzz/pdf_corpus/* $(FUZZ_BUILD)/pdf_corpus/ 2>/dev/null || true
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp $(FUZZ_BUILD)/bin/pdf_fuzz -max_total_time=$(FUZZ_JSON_SECONDS) -max_len=16384 -timeout=10 \
	  -rss_limit_mb=4096 -print_final_stats=1 $(FUZZ_BUILD)/pdf_corpus tests/fuzz/pdf_corpus

bench: deps
	cmake -S . -B $(BENCH_BUILD) $(CMAKE_FLAGS) -DWP_BENCH=ON -DWP_TESTS=OFF
	cmake --build $(BENCH_BUILD) --target parse_bench workplan
	$(BENCH_BUILD)/bin/parse_bench --benchmark_counters_tabular=true
	bench/http/run.sh $(BENCH_BUILD)/bin/workplan
	bench/reports/run.sh $(BENCH_BUILD)/bin

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'bench/*.cpp')

format-check:
	clang-format --dry-run --Werror $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD) $(BENCH_BUILD)
