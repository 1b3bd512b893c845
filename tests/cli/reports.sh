#!/bin/sh
# `workplan reports due`, `workplan report form|check|submit`, `workplan values import` on a fresh
# SQLite database with the 2012 program published, on a rehearsal clock of 20/3/2012.
set -u
bin="$1"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="sqlite:$tmp/cli.db"
echo "2012-03-20T02:00:00Z" > "$tmp/clock"
export WORKPLAN_CLOCK_FILE="$tmp/clock"
fails=0; passes=0
check() {  # name, expected, actual
  if [ "$2" = "$3" ]; then passes=$((passes+1)); else echo "FAIL $1: want '$2', got '$3'"; fails=$((fails+1)); fi
}
"$bin" import "$root/data/seeds/molisa_2012.txt" --publish --db "$db" >/dev/null || exit 1
pid=$("$bin" reports due --program 1 --db "$db" --unit 01 2>&1 | tail -1)
check hanoi_owes_15 "15 báo cáo" "$pid"
check march_missing 3 "$("$bin" reports due --program 1 --db "$db" --unit 01 --state missing | grep -c '2012-0[3]')"
check not_due_later 12 "$("$bin" reports due --program 1 --db "$db" --unit 01 --state not_due | grep -c 'not_due')"
check bad_period_exit 1 "$("$bin" reports due --program 1 --db "$db" --period 2012-M13 >/dev/null 2>&1; echo $?)"
"$bin" report form --program 1 --obligation r2 --period 2012-M04 --unit 01 --out "$tmp/f.xlsx" --db "$db" >/dev/null
check form_written 0 "$?"
check form_is_zip "PK" "$(head -c 2 "$tmp/f.xlsx")"
check check_ok 1 "$("$bin" report check "$tmp/f.xlsx" --db "$db" | grep -c 'Biểu mẫu hợp lệ')"
check check_stores_nothing 1 "$("$bin" reports due --program 1 --db "$db" --unit 01 --period 2012-M04 | grep -c 'r2  2012-M04  01  not_due')"
check submit_ok 1 "$("$bin" report submit "$tmp/f.xlsx" --db "$db" | grep -c 'Đã gửi báo cáo')"
check check_stale 1 "$("$bin" report check "$tmp/f.xlsx" --db "$db" 2>&1 | grep -c 'stale_version')"
check check_stale_exit 1 "$("$bin" report check "$tmp/f.xlsx" --db "$db" >/dev/null 2>&1; echo $?)"
check submitted_listed 1 "$("$bin" reports due --program 1 --db "$db" --unit 01 --state submitted | grep -c 'r2  2012-M04')"
check stale_again 1 "$("$bin" report submit "$tmp/f.xlsx" --db "$db" 2>&1 | grep -c 'stale_version')"
check not_xlsx 1 "$("$bin" report submit "$root/data/holidays.csv" --db "$db" 2>&1 | grep -c 'xlsx_invalid')"
printf 'obligation,period,unit,target_id,scope,kind,value\nr2,2012-M03,01,1,period,actual,1000\nr2,2012-M03,31,1,period,actual,2000\n' > "$tmp/v.csv"
check values_import 1 "$("$bin" values import --program 1 "$tmp/v.csv" --db "$db" | grep -c 'Đã nạp 2 số liệu')"
printf 'obligation,period,unit,target_id,scope,kind,value\nr2,2012-M02,01,1,period,actual,1000\n' > "$tmp/bad.csv"
check values_not_expected 1 "$("$bin" values import --program 1 "$tmp/bad.csv" --db "$db" 2>&1 | grep -c 'report_not_expected\|bulk_invalid')"
check audit_intact 0 "$("$bin" audit verify --db "$db" >/dev/null 2>&1; echo $?)"
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
