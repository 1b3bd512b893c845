#pragma once
// The neutral table model of export (workbooks, sheets, cells with a small set of styles,
// dropdown lists, merges) and the xlsx writer and reader over it. It hides the spreadsheet
// libraries: libxlsxwriter, libzip and pugixml appear only in xlsx_writer.cpp / xlsx_reader.cpp.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace wp::xport {

enum class NumberFormat {
  kGeneral,
  kInteger,  // "#,##0"
  kDecimal,  // "#,##0.###"
  kPercent,  // "0.0##": the value is a percentage already, the "%" sits in a unit column
  kText,     // "@"
  kDate,     // "dd/mm/yyyy"
  // For tables exported as shown (service/table_export): a figure with at least one decimal,
  // and a ratio (0.9905) shown as a percentage with one decimal ("99.1%").
  kDecimalOne,  // "#,##0.0##"
  kRatio,       // "0.0%"
};

struct CellStyle {
  bool locked = true;  // only enforced on a protected sheet
  bool bold = false;
  bool italic = false;
  bool wrap = false;
  bool input = false;  // a cell the unit fills in: unlocked, light yellow fill, thin border
  NumberFormat format = NumberFormat::kGeneral;

  bool operator==(const CellStyle&) const = default;
};

struct Cell {
  enum class Kind { kEmpty, kText, kNumber, kBool };
  Kind kind = Kind::kEmpty;
  // kText: the text (UTF-8). kNumber: the number as it will be written in the file, which is
  // NumberText(number); the writer writes `number`, this text is what a reader gets back.
  std::string text;
  double number = 0;
  bool boolean = false;
  CellStyle style;

  // The xlsx writer writes an empty text as an empty cell (keeping its style).
  static Cell Text(std::string text, CellStyle style = {});
  static Cell Number(double number, CellStyle style = {});
  static Cell Bool(bool value, CellStyle style = {});
  static Cell Empty(CellStyle style = {});
};

// "empty", "text", "number", "bool".
const char* CellKindName(Cell::Kind kind);

// A dropdown of allowed texts on rows first_row..last_row of one column (0-based), e.g. the
// status of a task. Excel keeps the list inline: at most 255 characters in all, and no item
// may contain a comma or a double quote.
struct ListValidation {
  int first_row = 0;
  int last_row = 0;
  int col = 0;
  std::vector<std::string> allowed;
};

struct Sheet {
  std::string name;                     // 1..31 characters, none of []:*?/\, unique ignoring case
  std::vector<std::vector<Cell>> rows;  // row-major from A1
  std::vector<double> column_widths;    // in characters; missing or <= 0 = default width
  bool protect = false;  // no password: locked cells cannot be edited, input cells can
  bool hidden = false;
  int freeze_rows = 0;
  int freeze_cols = 0;
  std::vector<ListValidation> lists;
  std::vector<std::tuple<int, int, int, int>> merges;  // first_row, first_col, last_row, last_col
  // Excel's filter buttons on a header row and the rows below it: first_row (the header),
  // first_col, last_row, last_col, 0-based.
  std::optional<std::tuple<int, int, int, int>> autofilter;
};

struct Workbook {
  std::vector<Sheet> sheets;  // at least one of them visible
  std::string title;
  std::string author;
};

// Excel's limits on a sheet.
inline constexpr int kMaxRows = 1'048'576;
inline constexpr int kMaxCols = 16'384;

// "A", "Z", "AA", ... for a 0-based column; "" when col is outside 0..kMaxCols-1.
std::string ColumnName(int col);
// "B7" for (row 6, col 1), 0-based; "" when outside the sheet's limits.
std::string CellRef(int row, int col);
// ParseCellRef("B7") = {6, 1}: uppercase letters then a row number without leading zeros,
// within Excel's limits. nullopt for anything else ("A0", "1A", "$B$7", "b7", "").
std::optional<std::pair<int, int>> ParseCellRef(std::string_view ref);

// The text libxlsxwriter writes into <v> for `number`: 16 significant digits, like "%.16G"
// in the C locale ("4.3", "1510000", "1E+20"). A double that needs 17 digits loses the last
// one: 0.1 + 0.2 is written, and read back, as "0.3".
std::string NumberText(double number);

// Byte offset of the first byte that is not part of well-formed UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF included), or nullopt when `text` is valid.
// The text module has the full set of UTF-8 helpers, but export may include only core.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// ---- xlsx ----

// The bytes of an .xlsx file holding `book`. Fails with kInvalidArgument for what Excel
// would refuse or repair: "bad_sheet_name" (empty, longer than 31, []:*?/\ in it, starting
// or ending with an apostrophe, "History", or the same as another sheet's ignoring case),
// "no_visible_sheet", "invalid_text" (a text, title or author not UTF-8 or holding NUL),
// "text_too_long" (over 32767 characters), "bad_number" (NaN or infinite), "sheet_too_large",
// "bad_merge" (inverted, single-cell or overlapping), "bad_validation_list", "bad_sheet_layout"
// (freeze panes or the autofilter's range out of the sheet's limits, or the range inverted);
// details name the cell ("Báo cáo!B7"). kInternal
// ("xlsx_write_failed") when the temporary file or libxlsxwriter fails.
core::Result<std::string> WriteXlsx(const Workbook& book);

struct ReadLimits {
  size_t max_bytes = 8u << 20;          // the .xlsx file itself
  size_t max_uncompressed = 64u << 20;  // all its parts once unzipped (zip bombs)
  // <c> elements over all sheets, counted while a part is inflated (before any is built), and
  // the area a sheet's <dimension> declares.
  size_t max_cells = 200'000;
  size_t max_entries = 2'000;  // files in the zip directory
  // Declared inflated size over compressed size, for a part declared above 1 MB: sheets of
  // real workbooks stay well under 100.
  size_t max_ratio = 250;
};

// At most `n` workbooks are read at once in this process (2 by default); a ReadXlsx that finds
// none free waits up to `wait`, then fails kUnavailable ("busy"). n < 1 counts as 1.
void SetConcurrentReads(int n, std::chrono::milliseconds wait = std::chrono::seconds(1));
int ConcurrentReads();

struct ReadCell {
  int row = 0;  // 0-based
  int col = 0;
  // kText (also for error values and formula strings), kNumber or kBool; never kEmpty
  // unless the cell has a formula without a cached value.
  Cell::Kind kind = Cell::Kind::kEmpty;
  // kText: the text, with Excel's _xHHHH_ escapes decoded. kNumber: the number exactly as
  // written in <v> ("1510000", "4.3", "1.2E-3"), so that an exact decimal can be read from
  // it. kBool: "TRUE" or "FALSE". Errors: the error text ("#DIV/0!"). Dates stored as ISO
  // 8601 text (t="d", rare) come as that text; ordinary dates are numbers, as in Excel.
  std::string text;
  std::string formula;  // the formula when the cell has one; its cached value is above
  bool error = false;   // an error value such as "#DIV/0!" or "#N/A"
};

struct ReadSheet {
  std::string name;
  bool hidden = false;          // state "hidden" or "veryHidden"
  std::vector<ReadCell> cells;  // sorted by (row, col); empty cells left out

  // The cell at (row, col), or nullptr when it is empty.
  const ReadCell* Find(int row, int col) const;
};

struct ReadBook {
  std::vector<ReadSheet> sheets;  // in workbook order, hidden ones included

  // The sheet of that exact name, or nullptr.
  const ReadSheet* FindSheet(std::string_view name) const;
};

// Reads the values of every sheet of an .xlsx file (Excel, LibreOffice, openpyxl, this
// module's writer). Never throws and never trusts the input: kTooLarge "file_too_large" when
// bytes exceed limits.max_bytes; kTooLarge "xlsx_too_large" when the zip directory has too
// many files, declares parts above max_uncompressed or compressed above max_ratio, a sheet
// declares a dimension above max_cells, or the parts inflate to more than max_uncompressed or
// hold more than max_cells cells (each found before the part is parsed); kUnavailable "busy"
// when no read slot came free (SetConcurrentReads); kInvalidArgument "xlsx_invalid" for
// anything else that is not a readable workbook (not a zip, no workbook part, malformed XML,
// text that is not UTF-8, a bad cell reference), with the technical reason in internal_note.
core::Result<ReadBook> ReadXlsx(std::string_view bytes, const ReadLimits& limits = {});

}  // namespace wp::xport
