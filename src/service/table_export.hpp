#pragma once
// A table as the browser shows it (or as the server renders it for machines) written as an .xlsx
// (issue 17, "Xuất Excel"): a title row, one row per filter ("Ngày số liệu: 31/12/2012"), the
// header row bold, frozen and with Excel's filter buttons, figures as numbers in
// Vietnamese-friendly formats and dates as dates. Bounded: kMaxExportRows rows, kMaxExportCells
// cells. It hides the workbook model of `export`.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"
#include "service/figures.hpp"

namespace wp::service {

// How a cell's number reads: kInteger "#,##0", kDecimal "#,##0.0##", kPercent a ratio (0.9905)
// shown "99.1%", kDate "dd/mm/yyyy", kText as written.
enum class ExportFormat { kText, kInteger, kDecimal, kPercent, kDate };
const char* ExportFormatName(ExportFormat f);  // "text", "integer", "decimal", "percent", "date"
std::optional<ExportFormat> ParseExportFormat(std::string_view name);

struct ExportCell {
  enum class Kind { kEmpty, kText, kNumber, kDate };
  Kind kind = Kind::kEmpty;
  std::string text;      // kText
  double number = 0;     // kNumber, read with `format` (integer, decimal or percent)
  core::CivilDate date;  // kDate
  ExportFormat format = ExportFormat::kText;

  static ExportCell Text(std::string text);
  static ExportCell Number(double number, ExportFormat format);
  static ExportCell Date(core::CivilDate date);
};

struct ExportColumn {
  std::string label;
  double width = 0;  // in characters; 0: from the column's longest text, within 8..60
};

struct TableExport {
  std::string title;  // the first row, bold: "Bảng điều hành · 224/QĐ-LĐTBXH"
  std::vector<std::string> filters;  // a row each, under the title
  std::vector<ExportColumn> columns;
  std::vector<std::vector<ExportCell>> rows;  // each at most columns.size() cells
  std::string sheet = "Bảng";                 // the sheet's name; cut and cleaned to Excel's rules
};

inline constexpr size_t kMaxExportRows = 20'000;
inline constexpr size_t kMaxExportCells = 400'000;
inline constexpr size_t kMaxExportColumns = 200;
inline constexpr size_t kMaxExportFilters = 30;
inline constexpr size_t kMaxExportText = 4'000;  // characters (bytes of UTF-8) in one cell

// Whether a table of `rows` rows and `cells` cells may be written: kTooLarge "export_too_large"
// otherwise (checked before a table is built from a request).
core::Status CheckExportSize(size_t rows, size_t cells);

// The bytes of the .xlsx of `table`. kTooLarge "export_too_large" above the limits;
// kInvalidArgument "export_invalid" with the field named ("rows[3][2]", "columns[1].label",
// "filters[0]", "title") for a text that is not UTF-8, holds control characters other than
// line breaks and tabs, or is longer than kMaxExportText; a number that is not finite; a row
// longer than the columns; no columns, or more than kMaxExportColumns; more than
// kMaxExportFilters filters; a date Excel cannot hold (before 1/3/1900).
core::Result<std::string> TableWorkbook(const TableExport& table);

// The dashboard's targets table (GET /programs/{id}/dashboard.xlsx): one row per target of `d`
// in program order with its id, section, name, unit of measure, the year's target, the figure so
// far, the achievement, the year-end projection and its achievement, who reported and the
// state, the numbers those of GET /dashboard; filtered by the date and the unit.
// `program_number` heads the title ("224/QĐ-LĐTBXH"); `unit_name` is the unit looked at, ""
// for the whole country.
TableExport DashboardTable(const DashboardView& d, const std::string& program_number,
                           const std::string& unit_name);

}  // namespace wp::service
