#pragma once
// CSV as Excel writes and reads it (RFC 4180): a UTF-8 byte order mark so that Excel shows
// Vietnamese correctly, CRLF line ends, and the ';' separator Excel uses in the vi-VN locale.
// Fields are plain strings; what they mean is the caller's business.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace wp::xport {

enum class CsvBom { kNo, kYes };

// The CSV text of `rows`: fields quoted when they hold a comma, a double quote, CR or LF
// (quotes doubled), every record ended by CRLF, a UTF-8 BOM first unless bom is kNo. A row
// of one empty field is written as "" so that it is not an empty line. A field a spreadsheet
// would run as a formula is written neutralised (NeutraliseFormula). Cannot fail; the fields
// are written byte for byte otherwise, so they should be UTF-8.
std::string WriteCsv(const std::vector<std::vector<std::string>>& rows, CsvBom bom = CsvBom::kYes);

// A field a spreadsheet would take for a formula — one that begins with "=", "+", "-", "@", a
// tab or CR, and is not a plain number ("-5" stays a number) — with a "'" before it, as OWASP
// recommends against CSV injection; so is a field that already begins with "'" before such a
// text, so that RestoreFormula gives back every field exactly. Any other field as it is.
std::string NeutraliseFormula(std::string_view field);
// What NeutraliseFormula was given, for a field of a CSV this module wrote (a client sends back
// the values it downloaded).
std::string RestoreFormula(std::string_view field);

// The records of `text`, split on `sep`: a leading BOM is dropped, lines end with LF, CRLF or
// CR, quoted fields may hold the separator, "" for a quote, and line breaks (kept as
// written). An empty line is a record of one empty field; a final line break adds no record.
// Fails with kInvalidArgument ("csv_invalid"), naming the line ("dòng 12") in the message and
// in details ("line 12"), for a quote that is never closed (the line it opens on) or bytes
// that are not UTF-8.
core::Result<std::vector<std::vector<std::string>>> ReadCsv(std::string_view text, char sep = ',');

// ';' when the first line (outside quotes) has more ';' than ',', which is what Excel writes in
// the vi-VN locale; ',' otherwise.
char DetectSeparator(std::string_view text);

}  // namespace wp::xport
