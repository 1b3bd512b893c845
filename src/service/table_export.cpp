#include "service/table_export.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "core/enum_names.hpp"
#include "export/workbook.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;

constexpr std::array<const char*, 5> kFormatNames{"text", "integer", "decimal", "percent", "date"};

core::Error Invalid(const std::string& field, const std::string& why) {
  core::Error e = core::MakeError(ErrorCode::kInvalidArgument, "export_invalid",
                                  "Bảng xuất Excel không hợp lệ: " + field + " " + why);
  e.details.push_back({field, why});
  return e;
}

// Code points of UTF-8 text (the text is valid UTF-8 here).
size_t Length(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

core::Status CheckText(std::string_view text, const std::string& field) {
  if (xport::FindInvalidUtf8(text)) {
    return tl::unexpected(Invalid(field, "không phải văn bản UTF-8."));
  }
  if (std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u == 0x7F;
      })) {
    return tl::unexpected(Invalid(field, "chứa ký tự điều khiển."));
  }
  if (text.size() > kMaxExportText) {
    return tl::unexpected(Invalid(field, "dài quá " + std::to_string(kMaxExportText) + " ký tự."));
  }
  return {};
}

// Excel's sheet name rules: none of []:*?/\, no apostrophe at either end, 1..31 characters.
std::string SheetName(std::string_view wanted) {
  std::string name;
  size_t n = 0;
  for (size_t i = 0; i < wanted.size() && n < 31;) {
    const auto b = static_cast<unsigned char>(wanted[i]);
    const size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    std::string_view cp = wanted.substr(i, len);
    i += len;
    if (len == 1 &&
        (std::string_view("[]:*?/\\").find(cp[0]) != std::string_view::npos || b < 0x20)) {
      continue;
    }
    if (len == 4) continue;  // two UTF-16 units: kept out rather than counted twice
    name += cp;
    ++n;
  }
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  if (name.empty() || name == "History" || xport::FindInvalidUtf8(name)) return "Bảng";
  return name;
}

xport::NumberFormat FormatOf(ExportFormat f) {
  switch (f) {
    case ExportFormat::kInteger:
      return xport::NumberFormat::kInteger;
    case ExportFormat::kDecimal:
      return xport::NumberFormat::kDecimalOne;
    case ExportFormat::kPercent:
      return xport::NumberFormat::kRatio;
    case ExportFormat::kDate:
      return xport::NumberFormat::kDate;
    case ExportFormat::kText:
      break;
  }
  return xport::NumberFormat::kGeneral;
}

// Excel's serial day: days since 30/12/1899 (Excel's 1900 leap-year bug makes dates before
// 1/3/1900 differ, so those are refused).
constexpr long kExcelEpochOffset = 25'569;  // 1/1/1970

ExportCell Figure(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return {};
  return ExportCell::Number(*v, *v == std::floor(*v) && std::fabs(*v) < 1e15
                                    ? ExportFormat::kInteger
                                    : ExportFormat::kDecimal);
}

ExportCell Ratio(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return {};
  return ExportCell::Number(*v, ExportFormat::kPercent);
}

}  // namespace

const char* ExportFormatName(ExportFormat f) { return core::NameIn(kFormatNames, f); }

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  for (size_t i = 0; i < kFormatNames.size(); ++i) {
    if (name == kFormatNames[i]) return static_cast<ExportFormat>(i);
  }
  return std::nullopt;
}

ExportCell ExportCell::Text(std::string text) {
  ExportCell c;
  c.kind = Kind::kText;
  c.text = std::move(text);
  return c;
}

ExportCell ExportCell::Number(double number, ExportFormat format) {
  ExportCell c;
  c.kind = Kind::kNumber;
  c.number = number;
  c.format = format;
  return c;
}

ExportCell ExportCell::Date(core::CivilDate date) {
  ExportCell c;
  c.kind = Kind::kDate;
  c.date = date;
  c.format = ExportFormat::kDate;
  return c;
}

core::Status CheckExportSize(size_t rows, size_t cells) {
  if (rows > kMaxExportRows || cells > kMaxExportCells) {
    return tl::unexpected(core::MakeError(
        ErrorCode::kTooLarge, "export_too_large",
        "Bảng quá lớn để xuất Excel (" + std::to_string(rows) + " dòng, " + std::to_string(cells) +
            " ô); tối đa " + std::to_string(kMaxExportRows) + " dòng và " +
            std::to_string(kMaxExportCells) + " ô. Hãy lọc bớt rồi xuất lại."));
  }
  return {};
}

core::Result<std::string> TableWorkbook(const TableExport& table) {
  size_t cells = 0;
  for (const auto& row : table.rows) cells += row.size();
  WP_RETURN_IF_ERROR(CheckExportSize(table.rows.size(), cells));
  if (table.columns.empty() || table.columns.size() > kMaxExportColumns) {
    return tl::unexpected(
        Invalid("columns", "phải có từ 1 đến " + std::to_string(kMaxExportColumns) + " cột."));
  }
  if (table.filters.size() > kMaxExportFilters) {
    return tl::unexpected(
        Invalid("filters", "nhiều hơn " + std::to_string(kMaxExportFilters) + " dòng lọc."));
  }
  WP_RETURN_IF_ERROR(CheckText(table.title, "title"));
  for (size_t i = 0; i < table.filters.size(); ++i) {
    WP_RETURN_IF_ERROR(CheckText(table.filters[i], "filters[" + std::to_string(i) + "]"));
  }
  const size_t ncols = table.columns.size();
  std::vector<size_t> widest(ncols, 0);
  for (size_t c = 0; c < ncols; ++c) {
    const std::string field = "columns[" + std::to_string(c) + "].label";
    WP_RETURN_IF_ERROR(CheckText(table.columns[c].label, field));
    widest[c] = Length(table.columns[c].label);
  }

  xport::Sheet sheet;
  sheet.name = SheetName(table.sheet);
  sheet.rows.reserve(table.rows.size() + table.filters.size() + 3);
  if (!table.title.empty()) sheet.rows.push_back({xport::Cell::Text(table.title, {.bold = true})});
  for (const auto& f : table.filters) {
    sheet.rows.push_back({xport::Cell::Text(f, {.italic = true})});
  }
  if (!sheet.rows.empty()) sheet.rows.emplace_back();
  const int header = static_cast<int>(sheet.rows.size());
  std::vector<xport::Cell> head;
  for (const auto& col : table.columns) {
    head.push_back(xport::Cell::Text(col.label, {.bold = true, .wrap = true}));
  }
  sheet.rows.push_back(std::move(head));

  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    auto at = [&](size_t c) {
      return "rows[" + std::to_string(r) + "][" + std::to_string(c) + "]";
    };
    if (row.size() > ncols) {
      return tl::unexpected(
          Invalid(at(ncols), "nằm ngoài các cột của bảng (" + std::to_string(ncols) + " cột)."));
    }
    std::vector<xport::Cell> out;
    out.reserve(row.size());
    for (size_t c = 0; c < row.size(); ++c) {
      const ExportCell& cell = row[c];
      switch (cell.kind) {
        case ExportCell::Kind::kEmpty:
          out.push_back(xport::Cell::Empty());
          break;
        case ExportCell::Kind::kText:
          WP_RETURN_IF_ERROR(CheckText(cell.text, at(c)));
          if (r < 500) widest[c] = std::max(widest[c], Length(cell.text));
          out.push_back(xport::Cell::Text(cell.text, {.wrap = cell.text.size() > 60}));
          break;
        case ExportCell::Kind::kNumber:
          if (!std::isfinite(cell.number)) {
            return tl::unexpected(Invalid(at(c), "không phải là số hữu hạn."));
          }
          widest[c] = std::max<size_t>(widest[c], 12);
          out.push_back(xport::Cell::Number(cell.number, {.format = FormatOf(cell.format)}));
          break;
        case ExportCell::Kind::kDate: {
          const long serial = core::DaysFromCivil(cell.date) + kExcelEpochOffset;
          if (serial < 61 || cell.date.year > 9999) {
            return tl::unexpected(Invalid(at(c), "là ngày ngoài khoảng Excel ghi được."));
          }
          widest[c] = std::max<size_t>(widest[c], 11);
          out.push_back(xport::Cell::Number(static_cast<double>(serial),
                                            {.format = xport::NumberFormat::kDate}));
          break;
        }
      }
    }
    sheet.rows.push_back(std::move(out));
  }
  for (size_t c = 0; c < ncols; ++c) {
    const double w = table.columns[c].width > 0 ? table.columns[c].width
                                                : std::clamp<double>(widest[c] + 2, 8, 60);
    sheet.column_widths.push_back(w);
  }
  sheet.freeze_rows = header + 1;
  sheet.autofilter = std::make_tuple(header, 0, header + static_cast<int>(table.rows.size()),
                                     static_cast<int>(ncols) - 1);
  xport::Workbook book;
  book.title = table.title;
  book.author = "workplan";
  book.sheets.push_back(std::move(sheet));
  return xport::WriteXlsx(book);
}

TableExport DashboardTable(const DashboardView& d, const std::string& program_number,
                           const std::string& unit_name) {
  TableExport t;
  t.title = "Bảng điều hành" + (program_number.empty() ? "" : " · " + program_number);
  t.filters.push_back("Ngày số liệu: " + d.at.ToVietnamese());
  t.filters.push_back(unit_name.empty() ? "Phạm vi: Cả nước" : "Đơn vị: " + unit_name);
  t.filters.push_back("Số liệu từ báo cáo đã duyệt");
  t.sheet = "Chỉ tiêu";
  for (const char* label : {"Mã chỉ tiêu", "Mục", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm",
                            "Thực hiện đến nay", "% kế hoạch", "Dự báo cuối năm",
                            "% kế hoạch (dự báo)", "Báo cáo", "Trạng thái", "Giải thích"}) {
    t.columns.push_back({label});
  }
  t.rows.reserve(d.targets.size());
  for (const auto& x : d.targets) {
    const TargetView& tv = *x.target;
    const MeasureView& m = x.measure;
    std::vector<ExportCell> row;
    row.push_back(ExportCell::Number(static_cast<double>(tv.id), ExportFormat::kInteger));
    row.push_back(ExportCell::Text(tv.target.section));
    row.push_back(ExportCell::Text(tv.name()));
    row.push_back(ExportCell::Text(tv.target.unit));
    row.push_back(Figure(m.target));
    row.push_back(Figure(m.current));
    row.push_back(Ratio(m.achievement));
    row.push_back(Figure(m.projection));
    row.push_back(Ratio(m.projected_achievement));
    row.push_back(x.coverage ? ExportCell::Text(x.coverage->text) : ExportCell{});
    row.push_back(ExportCell::Text(TargetStateLabel(x.state)));
    row.push_back(ExportCell::Text(x.why.empty() ? m.explanation : x.why));
    // Texts are the server's own, but a decision's wording is kept short of Excel's limits.
    for (auto& c : row) {
      if (c.kind == ExportCell::Kind::kText && c.text.size() > kMaxExportText) {
        size_t cut = kMaxExportText;
        while (cut > 0 && (static_cast<unsigned char>(c.text[cut]) & 0xC0) == 0x80) --cut;
        c.text = c.text.substr(0, cut) + "…";
      }
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace wp::service
