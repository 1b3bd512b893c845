#!/bin/sh
# `workplan extract`, `parse` and `import` take a decision as .docx, PDF or text, by the bytes
# (a .docx renamed .txt is still read as one), and refuse the rest with a Vietnamese message,
# an English code and exit 1.
# usage: cli_read.sh WORKPLAN FIXTURES
set -u
W=$1
F=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
expect() {  # expect NAME CODE-EXPECTED GREP-STDERR COMMAND...
  name=$1; want=$2; pattern=$3; shift 3
  "$@" >"$T/out" 2>"$T/err"
  got=$?
  if [ "$got" -ne "$want" ] || { [ -n "$pattern" ] && ! grep -q -- "$pattern" "$T/err"; }; then
    echo "FAIL $name: exit $got (want $want), stderr:"; cat "$T/err"; fail=1
  else
    echo "ok   $name"
  fi
}

expect "docx extract" 0 "dạng docx" "$W" extract "$F/word_like.docx"
grep -q "^I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU$" "$T/out" || { echo "FAIL docx: Word's numbering not rebuilt"; fail=1; }
expect "pdf extract" 0 "dạng pdf, 22 trang" "$W" extract "$F/molisa_2012.pdf"
grep -q "^Số: 224/QĐ-LĐTBXH$" "$T/out" || { echo "FAIL pdf: header line"; fail=1; }
expect "pdf origins" 0 "dạng pdf" "$W" extract --origins "$F/molisa_2012.pdf"
head -1 "$T/out" | grep -q "^tr.1	" || { echo "FAIL origins: no page"; fail=1; }
cp "$F/word_like.docx" "$T/renamed.txt"
expect "by magic, not by name" 0 "dạng docx" "$W" extract "$T/renamed.txt"
expect "parse docx" 0 "" "$W" parse --json --no-indicators "$F/word_like.docx"
grep -q '"number": "99/QĐ-LĐTBXH"' "$T/out" || { echo "FAIL parse docx: number"; cat "$T/out" | head -20; fail=1; }
expect "parse pdf from stdin" 0 "" sh -c "\"$W\" parse --no-indicators - < \"$F/molisa_2008.pdf\""
expect "forced form" 1 "pdf_invalid" "$W" extract --form pdf "$F/word_like.docx"
expect "bad form" 1 "bad_form" "$W" parse --form odt "$F/word_like.docx"
expect ".doc refused" 1 "unsupported_format\]: Tệp .doc (Word 97–2003): hãy lưu lại thành .docx" "$W" parse "$F/refuse_old.doc"
expect ".odt refused" 1 "unsupported_format" "$W" parse "$F/refuse_old.odt"
expect "scan refused" 1 "pdf_no_text\]: Tệp PDF là bản quét" "$W" parse "$F/refuse_scan.pdf"
expect "locked refused" 1 "pdf_locked" "$W" extract "$F/refuse_locked.pdf"
expect "page bound" 1 "pdf_too_many_pages" "$W" extract --max-pages 5 "$F/molisa_2012.pdf"
head -c 2000 /dev/urandom > "$T/noise.bin"; printf '\000' >> "$T/noise.bin"
expect "binary refused" 1 "unsupported_format" "$W" extract "$T/noise.bin"
"$W" extract --serialized "$F/refuse_scan.pdf" > "$T/ser" 2>/dev/null
head -c 4 "$T/ser" | grep -q WPX1 || { echo "FAIL serialized answer"; fail=1; }
# import: a .docx becomes a draft program like its text.
export WORKPLAN_DB="sqlite:$T/wp.db"
expect "import docx" 0 "" "$W" import --data "$(dirname "$0")/../../data" "$F/molisa_2012.docx"
grep -q "Quyết định số 224/QĐ-LĐTBXH" "$T/out" || { echo "FAIL import docx:"; cat "$T/out"; fail=1; }
expect "import scan refused" 1 "pdf_no_text" "$W" import --data "$(dirname "$0")/../../data" "$F/refuse_scan.pdf"
exit $fail
