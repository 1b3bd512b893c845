#!/usr/bin/env bash
# The dashboard under load (issue 5): `workplan gen-data` writes the synthetic national data set
# into a database, the real server starts on it (its analytics engines load from the store;
# the time and memory it prints are shown), then wrk sends GET /api/v1/programs/{id}/dashboard
# of the newest program with 64 connections for DURATION seconds on loopback.
#
# usage: bench/http/dashboard.sh [--scale S|M|L] [--seed N] [--db sqlite|postgres] [--bin PATH]
#        DURATION=10 CONNECTIONS=64 DATA_DIR=var/bench
# SQLite files are kept in DATA_DIR (gen-data at L takes about 2.5 minutes and 4 GB) and reused
# by later runs; PostgreSQL runs in a throwaway cluster (scripts/with-postgres), generated anew.
# Ends with one line: dashboard-bench scale=… db=… requests_per_s=… p50_ms=… p99_ms=…
#   load_s=… rss_mib=… non_2xx=…
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE=S SEED=7 DB=sqlite BIN=build/bin/workplan
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    *) echo "usage: $0 [--scale S|M|L] [--seed N] [--db sqlite|postgres] [--bin PATH]"; exit 2 ;;
  esac
done
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
DATA_DIR=${DATA_DIR:-var/bench}
# Not containing the account name: the password policy (libpwquality) refuses that.
PASSWORD=xem-so-lieu-toan-quoc-2012
command -v wrk >/dev/null || { echo "wrk is missing (scripts/install-deps)"; exit 1; }
[ -x "$BIN" ] || { echo "no binary at $BIN (cmake --build build --target workplan)"; exit 1; }

if [ "$DB" = postgres ] && [ -z "${WP_POSTGRES_URL:-}" ]; then
  exec scripts/with-postgres "$0" --scale "$SCALE" --seed "$SEED" --db postgres --bin "$BIN"
fi

tmp=$(mktemp -d)
pid=
stop_server() {  # TERM to the server itself, so that /usr/bin/time (its parent) reports
  pkill -TERM -P "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}
cleanup() {
  if [ -n "$pid" ]; then stop_server; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$DB" = sqlite ]; then
  mkdir -p "$DATA_DIR"
  file="$DATA_DIR/gen-$SCALE-$SEED.db"
  url="sqlite:$file"
  if [ ! -f "$file.done" ]; then
    rm -f "$file" "$file-wal" "$file-shm"
    echo "== gen-data --scale $SCALE --seed $SEED into $file"
    /usr/bin/time -f "   (%e s wall, %M KiB peak)" "$BIN" gen-data --scale "$SCALE" --seed "$SEED" --db "$url"
    touch "$file.done"
  fi
else
  psql -X -q "$WP_POSTGRES_URL" -c "CREATE DATABASE wp_dashboard_bench" >/dev/null
  url="${WP_POSTGRES_URL%/*}/wp_dashboard_bench"
  echo "== gen-data --scale $SCALE --seed $SEED into PostgreSQL"
  /usr/bin/time -f "   (%e s wall, %M KiB peak)" "$BIN" gen-data --scale "$SCALE" --seed "$SEED" --db "$url"
fi
echo "$PASSWORD" | "$BIN" user add bench --role viewer --password-stdin --db "$url" >"$tmp/user" 2>&1 ||
  grep -q user_exists "$tmp/user" || { cat "$tmp/user"; exit 1; }

# The server, under /usr/bin/time for its peak memory; its own line gives the load time.
/usr/bin/time -v -o "$tmp/time" "$BIN" serve --db "$url" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=
for _ in $(seq 1 1200); do  # the listening line comes first, the engines' load line later
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out" | head -1 | sed 's/.*://') || true
  grep -q "Số liệu tổng hợp" "$tmp/out" "$tmp/err" && [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.25
done
loaded=$(grep -h "Số liệu tổng hợp" "$tmp/out" "$tmp/err" || true)
[ -n "$port" ] && [ -n "$loaded" ] || { echo "server did not start:"; cat "$tmp/out" "$tmp/err"; exit 1; }
echo "== server: $loaded"
load_s=$(echo "$loaded" | sed -n 's/.* trong \([0-9.]*\) giây.*/\1/p')
rss_mib=$(echo "$loaded" | sed -n 's/.*bộ nhớ \([0-9]*\) MiB.*/\1/p')

curl -s -D "$tmp/h" -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/session" -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"$PASSWORD\"}"
cookie=$(grep -i '^set-cookie' "$tmp/h" | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r' || true)
[ -n "$cookie" ] || { echo "sign-in as bench failed:"; head -1 "$tmp/h"; exit 1; }
id=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/programs" |
     python3 -c 'import json,sys; print(max(json.load(sys.stdin)["items"], key=lambda p: (p["year"] or 0, p["id"]))["id"])')
path="/api/v1/programs/$id/dashboard"
first=$(curl -s -o "$tmp/dash.json" -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "http://127.0.0.1:$port$path")
size=$(stat -c %s "$tmp/dash.json")
echo "== first answer: HTTP ${first% *} in ${first#* } s, $size bytes"
echo "== wrk: GET $path, $CONNECTIONS connections, 2 threads, ${DURATION}s"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: $cookie" \
  "http://127.0.0.1:$port$path" >"$tmp/wrk"
grep -E 'Requests/sec|Latency |50%|99%|Non-2xx|Socket errors|requests in' "$tmp/wrk"
stop_server
peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
echo "== server peak resident memory: $((peak / 1024)) MiB"

ms() {  # wrk's "1.23ms" / "456.00us" / "1.02s" → milliseconds
  python3 -c 'import re,sys; v,u=re.match(r"([0-9.]+)(us|ms|s)",sys.argv[1]).groups(); print(round(float(v)*{"us":0.001,"ms":1,"s":1000}[u],3))' "$1"
}
rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk")
p50=$(ms "$(awk '$1=="50%" {print $2}' "$tmp/wrk")")
p99=$(ms "$(awk '$1=="99%" {print $2}' "$tmp/wrk")")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk")
echo "dashboard-bench scale=$SCALE db=$DB requests_per_s=$rps p50_ms=$p50 p99_ms=$p99 load_s=$load_s rss_mib=$rss_mib peak_rss_mib=$((peak / 1024)) non_2xx=${non2xx:-0}"
