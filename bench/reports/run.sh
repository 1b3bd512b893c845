#!/usr/bin/env bash
# Reporting-cycle benchmarks (issue 4): submissions over loopback and bulk loads, on SQLite and
# then on a throwaway PostgreSQL 15 cluster (scripts/with-postgres). See bench/README.md.
# usage: bench/reports/run.sh [BIN_DIR]   (default build-bench/bin; the tools workplan,
#        report_load and store_bulk are built there first when BIN_DIR/.. is a CMake build)
# PHASES=single,pieces,… limits the phases (bench/reports/run.py); QUIET_WAIT=SECONDS waits
# before each phase, at most that long, for the shared machine to be idle.
# Bounded: every load has a fixed number of requests and lasts at most 90 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN_DIR=${1:-build-bench/bin}
PHASES=${PHASES:-single,pieces,submit200,submit20,save200,bulk,store}

if [ -z "${WP_POSTGRES_URL:-}" ]; then
  if [ -f "$BIN_DIR/../CMakeCache.txt" ]; then
    cmake --build "$BIN_DIR/.." --target workplan report_load store_bulk sqlite_bulk_variants
  fi
  for tool in workplan report_load store_bulk; do
    [ -x "$BIN_DIR/$tool" ] || { echo "$BIN_DIR/$tool is missing (cmake -DWP_BENCH=ON)"; exit 1; }
  done
  echo "== SQLite (WAL, synchronous=FULL), commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)"
  python3 bench/reports/run.py "$BIN_DIR" sqlite --phases "$PHASES"
  exec scripts/with-postgres "$0" "$BIN_DIR"
else
  echo "== PostgreSQL 15 (throwaway local cluster, fsync on)"
  python3 bench/reports/run.py "$BIN_DIR" postgres --phases "${PHASES//,sqlite-variants/}"
fi
