#!/bin/sh
# `workplan reports due|timeliness|overdue-tasks|digest`, `workplan report
# form|check|submit|return|approve`, `workplan values import`, `workplan allocations
# import|export`, `workplan outbox list` on a fresh SQLite database with the 2012 program
# published, on a rehearsal clock of 20/3/2012.
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
check bad_state 1 "$("$bin" reports due --program 1 --db "$db" --state overdue 2>&1 | grep -c '^lỗi \[bad_parameter\]: Tham số --state phải là một trong not_due, missing, draft, submitted, returned, approved, không phải "overdue"')"
check bad_period_exit 1 "$("$bin" reports due --program 1 --db "$db" --period 2012-M13 >/dev/null 2>&1; echo $?)"
"$bin" report form --program 1 --obligation r2 --period 2012-M04 --unit 01 --out "$tmp/f.xlsx" --db "$db" >/dev/null
check form_written 0 "$?"
check form_is_zip "PK" "$(head -c 2 "$tmp/f.xlsx")"
check check_ok 1 "$("$bin" report check "$tmp/f.xlsx" --db "$db" | grep -c 'Biểu mẫu hợp lệ')"
check check_stores_nothing 1 "$("$bin" reports due --program 1 --db "$db" --unit 01 --period 2012-M04 | grep -c 'r2  2012-M04  01  not_due')"
submitted=$("$bin" report submit "$tmp/f.xlsx" --db "$db")
check submit_ok 1 "$(echo "$submitted" | grep -c 'Đã gửi báo cáo')"
rid=$(echo "$submitted" | sed -n 's/.*báo cáo #\([0-9]*\).*/\1/p')
rv=$(echo "$submitted" | sed -n 's/.*phiên bản \([0-9]*\).*/\1/p')
check check_stale 1 "$("$bin" report check "$tmp/f.xlsx" --db "$db" 2>&1 | grep -c 'stale_version')"
check check_stale_exit 1 "$("$bin" report check "$tmp/f.xlsx" --db "$db" >/dev/null 2>&1; echo $?)"
check submitted_listed 1 "$("$bin" reports due --program 1 --db "$db" --unit 01 --state submitted | grep -c 'r2  2012-M04')"
check stale_again 1 "$("$bin" report submit "$tmp/f.xlsx" --db "$db" 2>&1 | grep -c 'stale_version')"
check not_xlsx 1 "$("$bin" report submit "$root/data/holidays.csv" --db "$db" 2>&1 | grep -c 'xlsx_invalid')"
printf 'obligation,period,unit,target_id,scope,kind,value\nr2,2012-M03,01,1,period,actual,1000\nr2,2012-M03,31,1,period,actual,2000\n' > "$tmp/v.csv"
check values_import 1 "$("$bin" values import --program 1 "$tmp/v.csv" --db "$db" | grep -c 'Đã nạp 2 số liệu')"
printf 'obligation,period,unit,target_id,scope,kind,value\nr2,2012-M02,01,1,period,actual,1000\n' > "$tmp/bad.csv"
check values_not_expected 1 "$("$bin" values import --program 1 "$tmp/bad.csv" --db "$db" 2>&1 | grep -c 'report_not_expected\|bulk_invalid')"
# The workflow, the follow-up and the shares from the command line.
check timeliness_april 1 "$("$bin" reports timeliness --program 1 --period 2012-M04 --db "$db" | grep -c 'r2  2012-M04  hạn 2012-04-18  phải gửi 86, đã nhận 1 (đúng hạn 1, trễ 0)')"
check timeliness_by_unit 1 "$("$bin" reports timeliness --program 1 --period 2012-M04 --by-unit --db "$db" | grep -c '01 Hà Nội  phải gửi 1, đã nhận 1')"
check timeliness_bad_date 1 "$("$bin" reports timeliness --program 1 --as-of 2012-13-01 --db "$db" 2>&1 | grep -c 'bad_date')"
check return_needs_comment 1 "$("$bin" report return --id "$rid" --version "$rv" --db "$db" 2>&1 | grep -c '^lỗi \[comment_required\]')"
check returned 1 "$("$bin" report return --id "$rid" --version "$rv" --comment 'Thiếu số lũy kế' --db "$db" | grep -c "Đã trả lại báo cáo #$rid")"
check returned_listed 1 "$("$bin" reports due --program 1 --db "$db" --unit 01 --state returned | grep -c 'r2  2012-M04')"
check approve_returned 1 "$("$bin" report approve --id "$rid" --version $((rv + 1)) --db "$db" >/dev/null 2>&1; echo $?)"
check approve_stale 1 "$("$bin" report approve --id "$rid" --version "$rv" --db "$db" 2>&1 | grep -c 'stale_version')"
check overdue_once 1 "$("$bin" reports overdue-tasks --program 1 --as-of 2012-12-31 --db "$db" | grep -c 'II.11.2~2#1  PCTNXH')"
queued=$("$bin" reports digest --program 1 --db "$db" | sed -n 's/^Đã xếp \([0-9]*\) thư.*/\1/p')
check digest_queued yes "$([ "${queued:-0}" -gt 0 ] && echo yes)"
check digest_once 1 "$("$bin" reports digest --program 1 --db "$db" | grep -c '^Đã xếp 0 thư')"
check outbox_pending "$queued thư" "$("$bin" outbox list --pending --db "$db" | tail -1)"
printf 'target_id;unit;value\r\n1;01;50.000\r\n1;31;25.000\r\n' > "$tmp/a.csv"
check shares_imported 1 "$("$bin" allocations import --program 1 "$tmp/a.csv" --db "$db" | grep -c 'Đã giao 2 phần chỉ tiêu')"
printf 'target_id;unit;value\r\n1;99;5\r\n' > "$tmp/bad_shares.csv"
check shares_refused 1 "$("$bin" allocations import --program 1 "$tmp/bad_shares.csv" --db "$db" 2>&1 | grep -c 'allocation_invalid')"
"$bin" allocations export --program 1 --out "$tmp/a.xlsx" --db "$db" >/dev/null
check shares_exported "PK" "$(head -c 2 "$tmp/a.xlsx")"
check shares_round_trip 1 "$("$bin" allocations import --program 1 "$tmp/a.xlsx" --db "$db" | grep -c 'chương trình #1 có 2 phần')"
check audit_intact 0 "$("$bin" audit verify --db "$db" >/dev/null 2>&1; echo $?)"
check audit_counts_bulk 1 "$("$bin" audit verify --db "$db" | grep -c '^  2 báo cáo ghi lần cuối bằng nạp hàng loạt')"
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
