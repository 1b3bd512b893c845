#!/bin/sh
# `workplan org`: the provinces as they were on each date, merges followed, names read.
set -u
bin="$1"
fails=0; passes=0
check() {  # name, expected, actual
  if [ "$2" = "$3" ]; then passes=$((passes+1)); else echo "FAIL $1: want '$2', got '$3'"; fails=$((fails+1)); fi
}
count() { "$bin" org units --at "$1" --kind province --json | grep -c '"code"'; }
check provinces_2008_01_25 64 "$(count 2008-01-25)"
check provinces_2012_06_30 63 "$(count 2012-06-30)"
check provinces_2025_07_01 34 "$(count 2025-07-01)"
check ha_tay_resolves 0 "$("$bin" org resolve 'Sở LĐTBXH Hà Tây' --at 2008-01-25 >/dev/null; echo $?)"
check group_2012 63 "$("$bin" org resolve 'Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố' --at 2012-02-27 --json | grep -c '"code"')"
check unknown_name_exit 1 "$("$bin" org resolve 'Bộ Quốc phòng' --at 2012-02-27 >/dev/null; echo $?)"
check bad_date 1 "$("$bin" org units --at 2012-02-30 2>&1 >/dev/null | grep -c 'bad_date')"
check bad_kind_exit 1 "$("$bin" org units --at 2012-02-27 --kind planet >/dev/null 2>&1; echo $?)"
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
