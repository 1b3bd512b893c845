#!/bin/sh
# The real binary on bad input: a clear Vietnamese message with its English code on stderr,
# a non-zero exit, and nothing at all on stdout (never a partial JSON).
set -u
bin="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0

expect() {  # name, expected exit, stderr pattern, command...
  name=$1; want=$2; pattern=$3; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; got=$?
  if [ "$got" -ne "$want" ]; then echo "FAIL $name: exit $got, want $want"; cat "$tmp/err"; fails=$((fails+1)); return; fi
  if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$tmp/err"; then echo "FAIL $name: stderr lacks '$pattern':"; cat "$tmp/err"; fails=$((fails+1)); return; fi
  if [ "$want" -ne 0 ] && [ -s "$tmp/out" ]; then echo "FAIL $name: wrote to stdout on error"; fails=$((fails+1)); return; fi
  passes=$((passes+1))
}

printf 'Quyết định \377 số 1' >"$tmp/bad.txt"
: >"$tmp/empty.txt"
printf 'Hôm nay trời đẹp.\nChúng tôi đi chơi.\n' >"$tmp/prose.txt"
mkdir "$tmp/dir"

expect missing_file 1 "file_not_found" "$bin" parse "$tmp/nope.txt" --json
expect invalid_utf8 1 "invalid_utf8.*16" "$bin" parse "$tmp/bad.txt" --json
expect empty_file 1 "empty_input" "$bin" parse "$tmp/empty.txt"
expect prose 1 "not_a_document" "$bin" parse "$tmp/prose.txt" --json
expect directory 1 "not_a_file" "$bin" parse "$tmp/dir"
expect no_arguments 2 "" "$bin"
expect unknown_option 2 "" "$bin" parse --frobnicate x

# Standard input works and gives the same JSON as the file.
"$bin" parse - --json <"$(dirname "$0")/../../data/seeds/molisa_2008.txt" >"$tmp/stdin.json" 2>"$tmp/err"
"$bin" parse "$(dirname "$0")/../../data/seeds/molisa_2008.txt" --json >"$tmp/file.json"
if [ "$(grep -v '"file"' "$tmp/stdin.json")" = "$(grep -v '"file"' "$tmp/file.json")" ] && [ -s "$tmp/stdin.json" ]; then
  passes=$((passes+1))
else
  echo "FAIL stdin: JSON from standard input differs from the file's"; fails=$((fails+1))
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
