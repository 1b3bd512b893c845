#!/usr/bin/env bash
# The monthly consolidated report at scale (issue 17): `workplan gen-data` writes the synthetic
# national data set (scale L: 200 targets, ~14 000 units) into a database, the real server
# starts on it and warms its analytics engines, then a planner generates the consolidated
# report of PERIOD five times (POST /api/v1/programs/{id}/documents: the first creates the
# draft, the next four regenerate it) and downloads its .docx after each (GET
# /api/v1/documents/{id}/file.docx). Prints each round's times, their p50 and max (goal ≤ 2 s
# for generate + download), and the server's peak memory (VmHWM) before and after (goal
# ≤ 200 MB extra).
#
# usage: bench/documents/run.sh [--scale S|M|L] [--seed N] [--bin PATH] [--period 2025-M11]
#        DATA_DIR=var/bench ROUNDS=5
# SQLite files are kept in DATA_DIR and reused by later runs (those of bench/http/dashboard.sh
# too: same name). Ends with one line: documents-bench scale=… period=… rounds=… p50_s=…
#   max_s=… hwm_before_mib=… hwm_after_mib=… extra_mib=… docx_bytes=…
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE=S SEED=7 BIN=build/bin/workplan PERIOD=2025-M11
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --period) PERIOD=$2; shift 2 ;;
    *) echo "usage: $0 [--scale S|M|L] [--seed N] [--bin PATH] [--period 2025-M11]"; exit 2 ;;
  esac
done
DATA_DIR=${DATA_DIR:-var/bench}
ROUNDS=${ROUNDS:-5}
PASSWORD=lap-bao-cao-tong-hop-2025
[ -x "$BIN" ] || { echo "no binary at $BIN (cmake --build build --target workplan)"; exit 1; }

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$DATA_DIR"
file="$DATA_DIR/gen-$SCALE-$SEED.db"
url="sqlite:$file"
if [ ! -f "$file.done" ]; then
  rm -f "$file" "$file-wal" "$file-shm"
  echo "== gen-data --scale $SCALE --seed $SEED into $file"
  /usr/bin/time -f "   (%e s wall, %M KiB peak)" "$BIN" gen-data --scale "$SCALE" --seed "$SEED" --db "$url"
  touch "$file.done"
fi
echo "$PASSWORD" | "$BIN" user add bench.kehoach --role planner --password-stdin --db "$url" \
  >"$tmp/user" 2>&1 || grep -q user_exists "$tmp/user" || { cat "$tmp/user"; exit 1; }

"$BIN" serve --db "$url" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=
for _ in $(seq 1 2400); do  # the listening line first, the engines' load line once warm
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out" | head -1 | sed 's/.*://') || true
  grep -q "Số liệu tổng hợp" "$tmp/out" "$tmp/err" && [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.25
done
loaded=$(grep -h "Số liệu tổng hợp" "$tmp/out" "$tmp/err" || true)
[ -n "$port" ] && [ -n "$loaded" ] || { echo "server did not start:"; cat "$tmp/out" "$tmp/err"; exit 1; }
echo "== server on port $port: $loaded"
python3 bench/documents/measure.py --port "$port" --pid "$pid" --user bench.kehoach \
  --password "$PASSWORD" --period "$PERIOD" --rounds "$ROUNDS" --scale "$SCALE"
