#!/usr/bin/env bash
# Loopback load on the targets endpoint and import timing, on SQLite and on PostgreSQL.
# usage: bench/http/run.sh [WORKPLAN_BINARY]   (bounded: each wrk run lasts DURATION seconds)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-build/bin/workplan}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)"; exit 1; }

run_one() {  # $1 = label, $2 = database URL
  local label=$1 url=$2 tmp port pid cookie csrf
  tmp=$(mktemp -d)
  # The 2012 program and two accounts (not --demo, which also writes a year of reports first).
  "$BIN" import data/seeds/molisa_2012.txt --publish --db "$url" >/dev/null
  echo workplan-demo | "$BIN" user add lanhdao --role viewer --password-stdin --db "$url" >/dev/null
  echo workplan-demo | "$BIN" user add kehoach --role planner --unit KHTC --password-stdin \
    --db "$url" >/dev/null
  "$BIN" serve --db "$url" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 1 300); do
    port=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out" | head -1 | sed 's/.*://') || true
    [ -n "${port:-}" ] && break
    sleep 0.1
  done
  [ -n "${port:-}" ] || { cat "$tmp/err"; kill $pid; exit 1; }
  curl -s -D "$tmp/h" -o "$tmp/login" -X POST "http://127.0.0.1:$port/api/v1/session" -H 'Content-Type: application/json' \
    -d '{"username":"lanhdao","password":"workplan-demo"}'
  cookie=$(grep -i '^set-cookie' "$tmp/h" | sed 's/^[^:]*: //; s/;.*//')
  local id
  id=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/programs" |
       python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin)["items"] if p["year"]==2012][0])')
  echo "== $label: GET /api/v1/programs/$id/targets (100 targets, ~40 KB), $CONNECTIONS connections, ${DURATION}s"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: $cookie" \
    "http://127.0.0.1:$port/api/v1/programs/$id/targets" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx|Socket errors' || true
  curl -s -D "$tmp/h2" -o "$tmp/login2" -X POST "http://127.0.0.1:$port/api/v1/session" -H 'Content-Type: application/json' \
    -d '{"username":"kehoach","password":"workplan-demo"}'
  cookie=$(grep -i '^set-cookie' "$tmp/h2" | sed 's/^[^:]*: //; s/;.*//')
  csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$tmp/login2")
  python3 bench/http/import_time.py "$port" "$cookie" "$csrf" 20
  kill -TERM $pid; wait $pid || true
  rm -rf "$tmp"
}

if [ -z "${WP_POSTGRES_URL:-}" ]; then
  db=$(mktemp -d)
  run_one "SQLite" "sqlite:$db/bench.db"
  rm -rf "$db"
  exec scripts/with-postgres "$0" "$BIN"
else
  psql -X -q "$WP_POSTGRES_URL" -c "CREATE DATABASE wp_bench" >/dev/null
  run_one "PostgreSQL 15" "${WP_POSTGRES_URL%/*}/wp_bench"
fi
