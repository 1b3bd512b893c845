// The export routes (issue 17): any table the browser shows, posted as it is shown, back as an
// .xlsx ("Xuất Excel"); and the dashboard's targets table as an .xlsx for machines.

#include <cmath>

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"
#include "service/table_export.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;
using service::ExportCell;
using service::ExportFormat;

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// A table of kMaxExportCells cells as JSON, with room for long texts.
constexpr size_t kExportBodyLimit = 16u << 20;

core::Error Invalid(const std::string& field, const std::string& why) {
  auto e = Err(ErrorCode::kInvalidArgument, "export_invalid",
               "Bảng xuất Excel không hợp lệ: " + field + " " + why);
  e.details.push_back({field, why});
  return e;
}

// A file name of ASCII letters, digits and '-' from what the client asked ("bang-dieu-hanh").
std::string FileName(const ordered_json& j, const std::string& fallback) {
  std::string out;
  if (auto it = j.find("file_name"); it != j.end() && it->is_string()) {
    for (char c : it->get<std::string>()) {
      if (out.size() >= 80) break;
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
        out += c;
      } else if (!out.empty() && out.back() != '-') {
        out += '-';
      }
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? fallback : out;
}

Response XlsxResponse(std::string bytes, const std::string& name) {
  Response r;
  r.content_type = kXlsx;
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
  return r;
}

// One cell of the posted table: null, a text, a number (read with its column's format), or
// {"value", "format"} as the browser's data-value and data-format give it.
core::Result<ExportCell> CellOf(const ordered_json& v, std::optional<ExportFormat> column,
                                const std::string& at) {
  if (v.is_null()) return ExportCell{};
  if (v.is_string()) return ExportCell::Text(v.get<std::string>());
  auto number = [&](double x, std::optional<ExportFormat> f) -> core::Result<ExportCell> {
    if (!std::isfinite(x)) return tl::unexpected(Invalid(at, "không phải là số hữu hạn."));
    if (!f || *f == ExportFormat::kText || *f == ExportFormat::kDate) {
      f = x == std::floor(x) && std::fabs(x) < 1e15 ? ExportFormat::kInteger
                                                    : ExportFormat::kDecimal;
    }
    return ExportCell::Number(x, *f);
  };
  if (v.is_number()) return number(v.get<double>(), column);
  if (!v.is_object()) {
    return tl::unexpected(Invalid(at, "phải là chuỗi, số, null hoặc {\"value\", \"format\"}."));
  }
  auto f = v.find("format");
  auto value = v.find("value");
  std::optional<ExportFormat> format;
  if (f != v.end() && f->is_string()) format = service::ParseExportFormat(f->get<std::string>());
  if (!format) {
    return tl::unexpected(
        Invalid(at, "có định dạng không hợp lệ (integer, decimal, percent, date hoặc text)."));
  }
  if (value == v.end() || value->is_null()) return ExportCell{};
  switch (*format) {
    case ExportFormat::kText:
      if (!value->is_string()) return tl::unexpected(Invalid(at, "phải là chuỗi ký tự."));
      return ExportCell::Text(value->get<std::string>());
    case ExportFormat::kDate: {
      auto d = value->is_string() ? core::ParseIsoDate(value->get<std::string>()) : std::nullopt;
      if (!d) return tl::unexpected(Invalid(at, "phải là ngày dạng YYYY-MM-DD."));
      return ExportCell::Date(*d);
    }
    default:
      if (!value->is_number()) return tl::unexpected(Invalid(at, "phải là số."));
      return number(value->get<double>(), format);
  }
}

// The posted table: {title, filters:[…], columns:[{label, format}], rows:[[cell…]], sheet,
// file_name}; its size checked before any cell is read.
core::Result<service::TableExport> TableOf(const ordered_json& j) {
  service::TableExport t;
  auto rows = j.find("rows");
  auto columns = j.find("columns");
  if (rows == j.end() || !rows->is_array()) {
    return tl::unexpected(
        Invalid("rows", "phải là danh sách các dòng (mỗi dòng một danh sách ô)."));
  }
  if (columns == j.end() || !columns->is_array()) {
    return tl::unexpected(Invalid("columns", "phải là danh sách các cột {label, format}."));
  }
  size_t cells = 0;
  for (size_t r = 0; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    if (!row.is_array()) {
      return tl::unexpected(Invalid("rows[" + std::to_string(r) + "]", "phải là danh sách ô."));
    }
    cells += row.size();
  }
  WP_RETURN_IF_ERROR(service::CheckExportSize(rows->size(), cells));
  if (columns->size() > service::kMaxExportColumns) {
    return tl::unexpected(
        Invalid("columns", "nhiều hơn " + std::to_string(service::kMaxExportColumns) + " cột."));
  }
  for (const char* key : {"title", "sheet"}) {
    if (auto it = j.find(key); it != j.end() && !it->is_null()) {
      if (!it->is_string()) return tl::unexpected(Invalid(key, "phải là chuỗi ký tự."));
      (std::string_view(key) == "title" ? t.title : t.sheet) = it->get<std::string>();
    }
  }
  if (auto it = j.find("filters"); it != j.end() && !it->is_null()) {
    if (!it->is_array() || it->size() > service::kMaxExportFilters) {
      return tl::unexpected(Invalid("filters", "phải là danh sách (tối đa " +
                                                   std::to_string(service::kMaxExportFilters) +
                                                   ") dòng lọc."));
    }
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) {
        return tl::unexpected(
            Invalid("filters[" + std::to_string(i) + "]", "phải là chuỗi ký tự."));
      }
      t.filters.push_back((*it)[i].get<std::string>());
    }
  }
  std::vector<std::optional<ExportFormat>> formats;
  for (size_t c = 0; c < columns->size(); ++c) {
    const auto& col = (*columns)[c];
    const std::string at = "columns[" + std::to_string(c) + "]";
    auto label = col.is_object() ? col.find("label") : col.end();
    if (!col.is_object() || label == col.end() || !label->is_string()) {
      return tl::unexpected(Invalid(at, "phải là {\"label\": tên cột, \"format\": …}."));
    }
    std::optional<ExportFormat> format;
    if (auto f = col.find("format"); f != col.end() && !f->is_null()) {
      format = f->is_string() ? service::ParseExportFormat(f->get<std::string>()) : std::nullopt;
      if (!format) {
        return tl::unexpected(
            Invalid(at + ".format", "phải là integer, decimal, percent, date hoặc text."));
      }
    }
    formats.push_back(format);
    t.columns.push_back({label->get<std::string>()});
  }
  t.rows.reserve(rows->size());
  for (size_t r = 0; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    if (row.size() > formats.size()) {
      return tl::unexpected(
          Invalid("rows[" + std::to_string(r) + "][" + std::to_string(formats.size()) + "]",
                  "nằm ngoài các cột của bảng (" + std::to_string(formats.size()) + " cột)."));
    }
    std::vector<ExportCell> out;
    out.reserve(row.size());
    for (size_t c = 0; c < row.size(); ++c) {
      WP_ASSIGN_OR_RETURN(
          auto cell,
          CellOf(row[c], formats[c], "rows[" + std::to_string(r) + "][" + std::to_string(c) + "]"));
      out.push_back(std::move(cell));
    }
    t.rows.push_back(std::move(out));
  }
  return t;
}

}  // namespace

std::vector<Route> Api::ExportRoutes() {
  using openapi::Body;
  using openapi::FileOp;
  using openapi::Param;
  using openapi::Ref;
  using openapi::With;
  std::vector<Route> routes;
  routes.push_back(
      {"POST", "/api/v1/exports/table.xlsx", Access::kSignedIn,
       FileOp("Xuất Excel một bảng như trình duyệt đang hiển thị: dòng tiêu đề, mỗi điều kiện lọc "
              "một dòng, dòng tên cột (đậm, cố định, có nút lọc), số là số (#,##0; #,##0.0##; tỷ "
              "lệ 0.0%), ngày là ngày. Tối đa 20.000 dòng và 400.000 ô (413 export_too_large); "
              "ô sai nêu vị trí (400 export_invalid, rows[3][2])",
              kXlsx),
       [this](const Request& req, const Principal&, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         WP_ASSIGN_OR_RETURN(auto table, TableOf(j));
         WP_ASSIGN_OR_RETURN(auto bytes, service::TableWorkbook(table));
         return XlsxResponse(std::move(bytes), FileName(j, "bang"));
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("TableExport"));
  routes.back().doc["responses"].update(openapi::ErrorResponses({400, 401, 403, 413}));
  routes.back().upload = Upload{kExportBodyLimit, nullptr};
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/dashboard.xlsx", Access::kSignedIn,
       With(FileOp("Bảng chỉ tiêu của bảng điều hành dạng Excel cho máy: mỗi chỉ tiêu một dòng "
                   "(kế hoạch năm, thực hiện, % kế hoạch, dự báo, báo cáo, trạng thái), cùng số "
                   "liệu với GET /dashboard tại cùng ngày và đơn vị",
                   kXlsx),
            {Param("at", "query", "string", "Ngày xem (YYYY-MM-DD); mặc định như GET /dashboard"),
             Param("unit", "query", "integer", "Xem tại một đơn vị (trong phạm vi được xem)")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto at, OptDateParam(req, "at"));
         WP_ASSIGN_OR_RETURN(auto unit, OptIdParam(req, "unit"));
         WP_ASSIGN_OR_RETURN(auto d,
                             service_.figures.Dashboard(who, id, at, domain::OrgKind::kProvince,
                                                        std::nullopt, unit));
         WP_ASSIGN_OR_RETURN(auto program, service_.programs.GetProgram(who, id));
         const std::string number = program->record.plan.document.number.value_or("");
         const std::string unit_name = d.unit ? service_.org.UnitName(*d.unit) : "";
         WP_ASSIGN_OR_RETURN(auto bytes,
                             service::TableWorkbook(service::DashboardTable(d, number, unit_name)));
         return XlsxResponse(std::move(bytes),
                             "bang-dieu-hanh-" + std::to_string(id) + "-" + d.at.ToIso());
       }});
  routes.back().doc["responses"].update(openapi::ErrorResponses({400, 401, 403, 404, 409}));
  return routes;
}

}  // namespace wp::api
