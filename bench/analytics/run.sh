#!/usr/bin/env bash
# bench/analytics (issue 5): the analytics engine, SQLite and PostgreSQL 15 on the same
# synthetic national data set, the same dashboard queries, the same answers. See README.md.
#
# usage: bench/analytics/run.sh --scale S|M|L [--seed N] [--harness PATH] [--budget SECONDS]
#                               [--only engine|sqlite|postgres]
#
#   --harness  the analytics_harness binary (default: build-bench/bin/analytics_harness, built
#              there first when build-bench is a CMake build with -DWP_BENCH=ON)
#   --budget   seconds of timed runs per query and system (default S 0.5, M 4, L 12)
#   --only     one system alone, without the comparison (ABENCH_EXPLAIN=1 with postgres prints
#              the plan of each query)
#
# Runs, in order and one at a time: the engine in its own process (so that its resident memory
# is its own), SQLite (a WAL file in a temporary directory), then PostgreSQL 15 in a throwaway
# cluster started here — 127.0.0.1 and a unix socket in the temporary directory only, tuned
# for this machine (below), stopped and removed at exit, also on failure or ctrl-c. Prints a
# table of p50/p99 per query and system and ends with the line
#   analytics-bench scale=… engine_p99_ms=… engine_vs_postgres=… engine_vs_sqlite=… rss_mib=…
#   load_s=… results_equal=yes|no
# and exits 1 when the three systems' answers differ. Every loop in the harness is bounded in
# runs (engine 1000, databases 200 per query) and in time (the budget, at least 3 runs).
set -euo pipefail
cd "$(dirname "$0")/../.."

scale=S
seed=1
harness=""
budget=()
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --harness) harness=$2; shift 2 ;;
    --budget) budget=(--budget "$2"); shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: $0 --scale S|M|L [--seed N] [--harness PATH] [--budget SECONDS]" >&2; exit 2 ;;
  esac
done
case "$scale" in S | M | L) ;; *) echo "--scale S|M|L" >&2; exit 2 ;; esac

if [ -z "$harness" ]; then
  harness=build-bench/bin/analytics_harness
  if [ -f build-bench/CMakeCache.txt ]; then
    cmake --build build-bench --target analytics_harness >&2
  fi
fi
[ -x "$harness" ] || { echo "$harness is missing (cmake -DWP_BENCH=ON, target analytics_harness)" >&2; exit 1; }

PG_BIN=${WP_PG_BIN:-/usr/lib/postgresql/15/bin}
for tool in initdb pg_ctl pg_isready; do
  [ -x "$PG_BIN/$tool" ] || { echo "$PG_BIN/$tool not found: PostgreSQL 15 is needed" >&2; exit 1; }
done

# PostgreSQL refuses to run as root: then the server runs as `postgres` (Debian's package).
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  os_user=${WP_PG_OS_USER:-postgres}
  getent passwd "$os_user" >/dev/null || { echo "user $os_user does not exist" >&2; exit 1; }
  run_as=(runuser -u "$os_user" --)
fi

base=${TMPDIR:-/tmp}
[ "$(id -u)" -eq 0 ] && base=/tmp
dir=$(mktemp -d "$base/wp-analytics-bench.XXXXXX")
chmod 755 "$dir"
mkdir "$dir/pg"
[ ${#run_as[@]} -eq 0 ] || chown "${WP_PG_OS_USER:-postgres}": "$dir/pg"
chmod 700 "$dir/pg"
started=0
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$started" -eq 1 ]; then
    (cd "$dir/pg" && "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m fast -w -t 60 stop \
      >/dev/null 2>&1) ||
      (cd "$dir/pg" && "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m immediate -w -t 10 \
        stop >/dev/null 2>&1) || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== bench/analytics scale=$scale seed=$seed, commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)" >&2
wanted() { [ -z "$only" ] || [ "$only" = "$1" ]; }
if wanted engine; then
  echo "-- engine" >&2
  "$harness" engine --scale "$scale" --seed "$seed" "${budget[@]}" --out "$dir/engine.tsv"
fi
if wanted sqlite; then
  echo "-- sqlite" >&2
  "$harness" sqlite --scale "$scale" --seed "$seed" "${budget[@]}" --out "$dir/sqlite.tsv" \
    --db "$dir/bench.sqlite"
  rm -f "$dir"/bench.sqlite*  # the disk space goes back before PostgreSQL loads its copy
fi
wanted postgres || exit 0

echo "-- postgres" >&2
pg() { (cd "$dir/pg" && "${run_as[@]}" "$PG_BIN/$1" "${@:2}"); }
pg initdb -D "$dir/pg/data" -U workplan -A trust -E UTF8 --locale=C --no-sync \
  >"$dir/pg/initdb.log" 2>&1 || { cat "$dir/pg/initdb.log" >&2; exit 1; }
# Tuned for this machine (2 cores, 24 GiB shared with other work) and a bulk-loaded, read-mostly
# analytics database: a large buffer pool, a cache estimate that lets the planner use the
# indexes, parallel scans and index builds on both cores, no JIT (its compile time exceeds
# these queries' run time), WAL-light bulk load (wal_level minimal: the COPY into a table
# created in the same transaction writes no WAL; synchronous_commit off; fsync stays on), and
# a plan for each execution's parameters: after five runs PostgreSQL would otherwise keep a
# generic plan, which for "the communes of one district" scans the whole indicator-year
# (13 ms instead of 0.3 ms at L); planning costs 0.3–1 ms.
if [ "$scale" = L ]; then shared_buffers=6GB; else shared_buffers=512MB; fi
cat >>"$dir/pg/data/postgresql.conf" <<EOF

# bench/analytics
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/pg'
shared_buffers = $shared_buffers
effective_cache_size = 16GB
work_mem = 256MB
maintenance_work_mem = 2GB
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 2
max_parallel_maintenance_workers = 2
random_page_cost = 1.1
effective_io_concurrency = 200
jit = off
plan_cache_mode = force_custom_plan
wal_level = minimal
max_wal_senders = 0
synchronous_commit = off
checkpoint_timeout = 30min
max_wal_size = 16GB
autovacuum = off
logging_collector = off
log_min_messages = warning
EOF
# A port found free may be taken before the server binds it (tests run in parallel): 3 tries.
for attempt in 1 2 3; do
  port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  started=1
  pg pg_ctl -D "$dir/pg/data" -l "$dir/pg/server.log" -o "-p $port" -w -t 60 start >/dev/null &&
    break
  pg pg_ctl -D "$dir/pg/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  started=0
  if [ "$attempt" -eq 3 ] || ! grep -q "could not bind\|already in use" "$dir/pg/server.log"; then
    tail -n 20 "$dir/pg/server.log" >&2
    exit 1
  fi
done
WP_POSTGRES_URL="postgresql://workplan@127.0.0.1:$port/postgres" \
  "$harness" postgres --scale "$scale" --seed "$seed" "${budget[@]}" --out "$dir/postgres.tsv"

[ -z "$only" ] || exit 0
python3 bench/analytics/report.py "$scale" "$dir/engine.tsv" "$dir/sqlite.tsv" "$dir/postgres.tsv"
