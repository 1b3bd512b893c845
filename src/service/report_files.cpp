// Reports as files: the .xlsx form a unit downloads, fills offline and uploads back (checked
// cell by cell, stored whole or not at all), and the CSV bodies machine clients send
// (allocations, bulk loads).

#include "service/report_files.hpp"

#include <algorithm>
#include <map>

#include "export/csv.hpp"
#include "export/workbook.hpp"
#include "service/organisation.hpp"
#include "service/reporting.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Principal;
using xport::Cell;
using xport::CellStyle;
using xport::NumberFormat;

constexpr const char* kFormat = "workplan.report/1";
constexpr const char* kTargetsSheet = "Chỉ tiêu";
constexpr const char* kTasksSheet = "Nhiệm vụ";
constexpr const char* kNarrativeSheet = "Thuyết minh";
constexpr const char* kMetaSheet = "_workplan";
constexpr int kTargetsFirstRow = 6;  // 0-based row of the first target
constexpr int kTasksFirstRow = 1;
constexpr int kNarrativeFirstRow = 1;

// Target columns.
enum TargetCol {
  kColId,
  kColIndicator,
  kColUnit,
  kColAllocated,
  kColPeriod,
  kColPeriodKind,
  kColCumulative,
  kColCumulativeKind,
  kColNote,
  kTargetCols
};
// Task columns.
enum TaskCol { kColTaskId, kColSection, kColTaskText, kColStatus, kColPercent, kColOutput };

const char* KindLabel(domain::ValueKind k) {
  switch (k) {
    case domain::ValueKind::kPlan:
      return "Kế hoạch";
    case domain::ValueKind::kEstimate:
      return "Ước thực hiện";
    case domain::ValueKind::kActual:
      return "Thực hiện";
  }
  return "Ước thực hiện";
}

std::optional<domain::ValueKind> ParseKindLabel(std::string_view s) {
  for (auto k :
       {domain::ValueKind::kPlan, domain::ValueKind::kEstimate, domain::ValueKind::kActual}) {
    if (s == KindLabel(k) || s == domain::ValueKindName(k)) return k;
  }
  return std::nullopt;
}

CellStyle Locked(NumberFormat f = NumberFormat::kGeneral, bool wrap = false) {
  CellStyle s;
  s.format = f;
  s.wrap = wrap;
  return s;
}

CellStyle Header() {
  CellStyle s = Locked(NumberFormat::kGeneral, true);
  s.bold = true;
  return s;
}

CellStyle Input(NumberFormat f = NumberFormat::kGeneral, bool wrap = false) {
  CellStyle s = Locked(f, wrap);
  s.locked = false;
  s.input = true;
  return s;
}

NumberFormat FormatOf(const std::string& unit) {
  return unit == "%" ? NumberFormat::kPercent : NumberFormat::kDecimal;
}

Cell NumberCell(const std::optional<core::Decimal>& d, CellStyle style) {
  return d ? Cell::Number(d->AsDouble(), style) : Cell::Empty(style);
}

std::string Ref(const char* sheet, int row, int col) {
  return std::string(sheet) + "!" + xport::CellRef(row, col);
}

// The decimal a cell holds, or an error detail naming it. Empty: nullopt without error.
std::optional<core::Decimal> CellNumber(const xport::ReadSheet& sheet, int row, int col,
                                        const char* name, std::vector<core::ErrorDetail>& errors) {
  const auto* c = sheet.Find(row, col);
  if (c == nullptr) return std::nullopt;
  std::optional<core::Decimal> d;
  if (c->kind == Cell::Kind::kNumber) {
    d = core::ParseDecimal(c->text);
  } else if (c->kind == Cell::Kind::kText && !c->error) {
    if (c->text.find_first_not_of(" \t") == std::string::npos) return std::nullopt;
    d = ParseTypedNumber(c->text);
  }
  if (!d) {
    errors.push_back({Ref(name, row, col), "Ô " + xport::CellRef(row, col) + " của trang \"" +
                                               name + "\" phải là số (đang là \"" + c->text +
                                               "\")."});
  }
  return d;
}

std::string CellText(const xport::ReadSheet& sheet, int row, int col) {
  const auto* c = sheet.Find(row, col);
  if (c == nullptr) return "";
  return c->text;
}

// A unit's own task (issue 18) as its line of the sheet reads: its text, who leads it, when it
// is due and what it delivers, as the unit's program states them.
std::string UnitTaskText(const UnitTaskRow& u) {
  std::string text = "[Nhiệm vụ của đơn vị] " + u.task.text;
  std::vector<std::string> parts;
  const std::string& who =
      u.task.responsible_name.empty() ? u.responsible_display : u.task.responsible_name;
  if (!who.empty()) parts.push_back("chủ trì: " + who);
  if (u.task.due) parts.push_back("hạn: " + u.task.due->ToVietnamese());
  if (!u.task.output.empty()) parts.push_back("sản phẩm: " + u.task.output);
  for (size_t i = 0; i < parts.size(); ++i) text += (i == 0 ? " (" : "; ") + parts[i];
  if (!parts.empty()) text += ")";
  return text;
}

std::string CellsRefused(size_t cells) {
  return "Biểu mẫu có " + std::to_string(cells) +
         " ô chưa hợp lệ; chưa lưu gì. Sửa các ô được nêu rồi tải lên lại.";
}

core::Error Refused(std::string message, std::vector<core::ErrorDetail> details) {
  auto err = core::MakeError(ErrorCode::kInvalidArgument, "xlsx_cells_invalid", std::move(message));
  err.details = std::move(details);
  return err;
}

}  // namespace

ReportFiles::ReportFiles(const Organisation& org, Programs& programs, Reporting& reporting,
                         const Time& time)
    : org_(org), programs_(programs), reporting_(reporting), time_(time) {}

core::Result<std::string> ReportFiles::ReportWorkbook(const Principal& by, const ReportRef& ref) {
  WP_ASSIGN_OR_RETURN(auto form, reporting_.GetReportForm(by, ref));
  const auto& doc = form.program->record.plan.document;
  // Kinds filled in for a new report: estimates until the period is over, actuals after.
  auto default_kind =
      time_.Today() > form.period.end ? domain::ValueKind::kActual : domain::ValueKind::kEstimate;
  std::map<std::pair<int64_t, domain::ValueScope>, const domain::ReportValue*> values;
  for (const auto& v : form.content.values) values[{v.target_id, v.scope}] = &v;

  xport::Workbook book;
  book.title = form.obligation.obligation.name + " — " + form.period.Label();
  book.author = "workplan";

  xport::Sheet targets;
  targets.name = kTargetsSheet;
  targets.protect = true;
  targets.freeze_rows = kTargetsFirstRow;
  targets.column_widths = {8, 48, 12, 14, 16, 16, 16, 16, 30};
  CellStyle title = Header();
  title.wrap = false;
  targets.rows.push_back({Cell::Text(
      "BÁO CÁO " + form.obligation.obligation.name + " — " + form.period.Label(), title)});
  targets.rows.push_back(
      {Cell::Text("Đơn vị: " + form.unit->name + " (mã " + form.unit->code + ")")});
  targets.rows.push_back({Cell::Text("Chương trình: " + doc.number.value_or("") + " — hạn gửi " +
                                     form.expected.due.ToVietnamese())});
  targets.rows.push_back({Cell::Text(
      "Phiên bản " + std::to_string(form.version()) +
      ". Chỉ nhập vào các ô nền vàng; các ô khác bị khóa. Loại số liệu: Kế hoạch, Ước thực "
      "hiện hoặc Thực hiện. Để trống là không báo cáo.")});
  targets.rows.emplace_back();
  targets.rows.push_back(
      {Cell::Text("Mã", Header()), Cell::Text("Chỉ tiêu", Header()),
       Cell::Text("Đơn vị tính", Header()), Cell::Text("Chỉ tiêu giao", Header()),
       Cell::Text("Thực hiện trong kỳ", Header()), Cell::Text("Loại số liệu (kỳ)", Header()),
       Cell::Text("Lũy kế từ đầu năm", Header()), Cell::Text("Loại số liệu (lũy kế)", Header()),
       Cell::Text("Ghi chú", Header())});
  for (const auto& t : form.targets()) {
    auto fmt = FormatOf(t.form.unit);
    auto value = [&](domain::ValueScope scope) {
      auto it = values.find({t.form.id, scope});
      return it == values.end() ? nullptr : it->second;
    };
    const auto* period = value(domain::ValueScope::kPeriod);
    const auto* cumulative = value(domain::ValueScope::kCumulative);
    std::string note = period ? period->note : (cumulative ? cumulative->note : "");
    targets.rows.push_back(
        {Cell::Number(static_cast<double>(t.form.id), Locked(NumberFormat::kInteger)),
         Cell::Text(t.own ? "[Chỉ tiêu của đơn vị] " + t.form.indicator : t.form.indicator,
                    Locked(NumberFormat::kGeneral, true)),
         Cell::Text(t.form.unit, Locked()), NumberCell(t.allocated, Locked(fmt)),
         NumberCell(period ? period->value : std::nullopt, Input(fmt)),
         Cell::Text(KindLabel(period ? period->kind : default_kind), Input()),
         NumberCell(cumulative ? cumulative->value : std::nullopt, Input(fmt)),
         Cell::Text(KindLabel(cumulative ? cumulative->kind : default_kind), Input()),
         Cell::Text(note, Input(NumberFormat::kText, true))});
  }
  if (!form.targets().empty()) {
    int last = kTargetsFirstRow + static_cast<int>(form.targets().size()) - 1;
    std::vector<std::string> kinds = {"Kế hoạch", "Ước thực hiện", "Thực hiện"};
    targets.lists.push_back({kTargetsFirstRow, last, kColPeriodKind, kinds});
    targets.lists.push_back({kTargetsFirstRow, last, kColCumulativeKind, kinds});
  }
  book.sheets.push_back(std::move(targets));

  xport::Sheet tasks;
  tasks.name = kTasksSheet;
  tasks.protect = true;
  tasks.freeze_rows = kTasksFirstRow;
  tasks.column_widths = {12, 9, 60, 18, 12, 40};
  tasks.rows.push_back({Cell::Text("Mã", Header()), Cell::Text("Mục", Header()),
                        Cell::Text("Nhiệm vụ", Header()), Cell::Text("Trạng thái", Header()),
                        Cell::Text("% hoàn thành", Header()),
                        Cell::Text("Kết quả, sản phẩm", Header())});
  // The Ministry's tasks with the unit's own (issue 18) under the item each serves, in the web
  // form's order.
  const auto lines = FormTaskLines(*form.skeleton);
  for (const auto& line : lines) {
    const std::string& id = line.id();
    auto p = std::find_if(form.content.tasks.begin(), form.content.tasks.end(),
                          [&](const auto& x) { return x.task_id == id; });
    bool has = p != form.content.tasks.end();
    tasks.rows.push_back(
        {Cell::Text(id, Locked()),
         Cell::Text(line.task ? line.task->section->number : line.unit->section, Locked()),
         Cell::Text(line.task ? line.task->task->text : UnitTaskText(*line.unit),
                    Locked(NumberFormat::kGeneral, true)),
         Cell::Text(has ? domain::TaskStatusLabel(p->status) : "", Input()),
         has && p->percent ? Cell::Number(*p->percent, Input(NumberFormat::kInteger))
                           : Cell::Empty(Input(NumberFormat::kInteger)),
         Cell::Text(has ? p->output : "", Input(NumberFormat::kText, true))});
  }
  if (!lines.empty()) {
    std::vector<std::string> labels;
    for (auto s : {domain::TaskStatus::kNotStarted, domain::TaskStatus::kInProgress,
                   domain::TaskStatus::kDone, domain::TaskStatus::kOverdue,
                   domain::TaskStatus::kCancelled}) {
      labels.push_back(domain::TaskStatusLabel(s));
    }
    tasks.lists.push_back(
        {kTasksFirstRow, kTasksFirstRow + static_cast<int>(lines.size()) - 1, kColStatus, labels});
  }
  book.sheets.push_back(std::move(tasks));

  xport::Sheet narrative;
  narrative.name = kNarrativeSheet;
  narrative.protect = true;
  narrative.column_widths = {34, 100};
  narrative.rows.push_back({Cell::Text("Mục", Header()), Cell::Text("Nội dung", Header())});
  for (size_t i = 0; i < domain::kNarrativeCount; ++i) {
    auto n = static_cast<domain::Narrative>(i);
    narrative.rows.push_back(
        {Cell::Text(domain::NarrativeTitle(n), Header()),
         Cell::Text(form.content.narrative[i], Input(NumberFormat::kText, true))});
  }
  book.sheets.push_back(std::move(narrative));

  // What the upload needs to find the report again, out of sight.
  xport::Sheet meta;
  meta.name = kMetaSheet;
  meta.hidden = true;
  meta.protect = true;
  auto row = [&](const char* key, Cell value) {
    meta.rows.push_back({Cell::Text(key), std::move(value)});
  };
  row("format", Cell::Text(kFormat));
  row("program", Cell::Number(static_cast<double>(ref.program)));
  row("obligation", Cell::Text(ref.obligation));
  row("period", Cell::Text(ref.period));
  row("unit", Cell::Number(static_cast<double>(ref.unit)));
  row("version", Cell::Number(static_cast<double>(form.version())));
  book.sheets.push_back(std::move(meta));
  return xport::WriteXlsx(book);
}

namespace {

// A filled form read back: the report it names at the version it was downloaded at, what its
// cells hold, and the cell each field of the input came from (to name cells in problems).
struct WorkbookInput {
  ReportRef ref;
  int64_t version = 0;
  ReportInput input;
  std::map<std::string, std::string> cell_of;  // problem field → "Chỉ tiêu!E8"
};

// The problems' fields as the cells they came from.
void NameCells(const std::map<std::string, std::string>& cell_of, std::string& field) {
  if (auto it = cell_of.find(field); it != cell_of.end()) field = it->second;
}

core::Result<WorkbookInput> ReadWorkbook(Reporting& svc, const Principal& by,
                                         std::string_view bytes) {
  // A viewer writes no report: refused before the file is read.
  if (!domain::Can(by, domain::Permission::kWriteReports)) {
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                      "Tài khoản chỉ xem không được tải lên biểu mẫu báo cáo.");
  }
  WP_ASSIGN_OR_RETURN(auto book, xport::ReadXlsx(bytes));
  const auto* meta = book.FindSheet(kMetaSheet);
  const auto* targets = book.FindSheet(kTargetsSheet);
  const auto* tasks = book.FindSheet(kTasksSheet);
  const auto* narrative = book.FindSheet(kNarrativeSheet);
  if (!meta || !targets || !tasks || !narrative || CellText(*meta, 0, 1) != kFormat) {
    return core::Fail(ErrorCode::kInvalidArgument, "not_a_report_form",
                      "Tệp không phải biểu mẫu báo cáo tải từ workplan (thiếu trang \"" +
                          std::string(kTargetsSheet) +
                          "\" hoặc thông tin nhận dạng). Hãy tải "
                          "biểu mẫu của kỳ báo cáo rồi điền vào đó.");
  }
  std::vector<core::ErrorDetail> errors;
  auto meta_id = [&](int row) -> int64_t {
    auto d = CellNumber(*meta, row, 1, kMetaSheet, errors);
    return d && d->ToInteger() ? *d->ToInteger() : 0;
  };
  ReportRef ref{meta_id(1), CellText(*meta, 2, 1), CellText(*meta, 3, 1), meta_id(4)};
  int64_t version = meta_id(5);
  if (!errors.empty()) {
    return tl::unexpected(
        Refused("Thông tin nhận dạng biểu mẫu bị sửa; hãy tải lại biểu mẫu.", std::move(errors)));
  }
  WP_ASSIGN_OR_RETURN(auto form, svc.GetReportForm(by, ref));

  ReportInput input;
  std::map<std::string, std::string> cell_of;  // problem field → cell
  for (size_t i = 0; i < form.targets().size(); ++i) {
    int row = kTargetsFirstRow + static_cast<int>(i);
    const auto& t = form.targets()[i];
    auto id = CellNumber(*targets, row, kColId, kTargetsSheet, errors);
    if (!id || id->ToInteger() != t.form.id) {
      errors.push_back({Ref(kTargetsSheet, row, kColId),
                        "Dòng " + std::to_string(row + 1) + " phải là chỉ tiêu mã " +
                            std::to_string(t.form.id) + " (" + t.form.indicator +
                            "): không được thêm, xóa hay đổi chỗ các dòng."});
      continue;
    }
    std::string note = CellText(*targets, row, kColNote);
    for (auto [scope, value_col, kind_col] :
         {std::tuple{domain::ValueScope::kPeriod, kColPeriod, kColPeriodKind},
          std::tuple{domain::ValueScope::kCumulative, kColCumulative, kColCumulativeKind}}) {
      size_t before = errors.size();
      auto value = CellNumber(*targets, row, value_col, kTargetsSheet, errors);
      if (errors.size() != before) continue;
      std::string kind_text = CellText(*targets, row, kind_col);
      auto kind = ParseKindLabel(kind_text);
      if (value && !kind) {
        errors.push_back({Ref(kTargetsSheet, row, kind_col),
                          "Ô " + xport::CellRef(row, kind_col) +
                              ": loại số liệu là Kế hoạch, Ước thực hiện hoặc Thực hiện."});
        continue;
      }
      domain::ReportValue v{t.form.id, scope, kind.value_or(domain::ValueKind::kEstimate), value,
                            value ? note : ""};
      cell_of[domain::ValueField(t.form.id, scope)] = Ref(kTargetsSheet, row, value_col);
      input.values.push_back(std::move(v));
    }
  }
  const auto lines = FormTaskLines(*form.skeleton);
  for (size_t i = 0; i < lines.size(); ++i) {
    int row = kTasksFirstRow + static_cast<int>(i);
    const std::string& id = lines[i].id();
    if (CellText(*tasks, row, kColTaskId) != id) {
      errors.push_back({Ref(kTasksSheet, row, kColTaskId),
                        "Dòng " + std::to_string(row + 1) + " phải là nhiệm vụ " + id +
                            ": không được thêm, xóa hay đổi chỗ các dòng."});
      continue;
    }
    std::string label = CellText(*tasks, row, kColStatus);
    size_t before = errors.size();
    auto percent = CellNumber(*tasks, row, kColPercent, kTasksSheet, errors);
    if (errors.size() != before) continue;
    std::string output = CellText(*tasks, row, kColOutput);
    if (label.empty() && !percent && output.empty()) continue;  // not reported
    auto status = domain::ParseTaskStatusLabel(label);
    if (!status) {
      errors.push_back({Ref(kTasksSheet, row, kColStatus),
                        "Ô " + xport::CellRef(row, kColStatus) +
                            ": trạng thái là Chưa bắt đầu, Đang thực hiện, Hoàn thành, Quá hạn "
                            "hoặc Hủy bỏ."});
      continue;
    }
    domain::TaskProgress p{id, *status, std::nullopt, output};
    if (percent) {
      auto whole = percent->ToInteger();
      if (!whole) {
        errors.push_back(
            {Ref(kTasksSheet, row, kColPercent),
             "Ô " + xport::CellRef(row, kColPercent) + ": % hoàn thành là số nguyên."});
        continue;
      }
      p.percent = static_cast<int>(std::clamp<int64_t>(*whole, -1, 101));
    }
    cell_of["tasks[" + id + "].percent"] = Ref(kTasksSheet, row, kColPercent);
    cell_of["tasks[" + id + "]"] = Ref(kTasksSheet, row, kColStatus);
    input.tasks.push_back(std::move(p));
  }
  for (size_t i = 0; i < domain::kNarrativeCount; ++i) {
    input.narrative.emplace_back(static_cast<domain::Narrative>(i),
                                 CellText(*narrative, kNarrativeFirstRow + static_cast<int>(i), 1));
  }
  if (!errors.empty()) {
    // Counted before the list is moved: the order in which a call's arguments are evaluated is
    // unspecified, and gcc moved the list first ("0 ô chưa hợp lệ" naming one cell).
    const std::string message = CellsRefused(errors.size());
    return tl::unexpected(Refused(message, std::move(errors)));
  }
  return WorkbookInput{ref, version, std::move(input), std::move(cell_of)};
}

}  // namespace

core::Result<ReportForm> ReportFiles::UploadReportWorkbook(const Principal& by,
                                                           std::string_view bytes,
                                                           domain::ReportAction action) {
  WP_ASSIGN_OR_RETURN(auto in, ReadWorkbook(reporting_, by, bytes));
  auto saved = reporting_.SaveReport(by, in.ref, in.version, in.input, action);
  if (!saved && saved.error().reason == "report_invalid") {
    // Name the cells, not the API's fields.
    auto err = saved.error();
    err.reason = "xlsx_cells_invalid";
    err.message = CellsRefused(err.details.size());
    for (auto& d : err.details) NameCells(in.cell_of, d.field);
    return tl::unexpected(err);
  }
  return saved;
}

core::Result<ReportCheck> ReportFiles::CheckReportWorkbook(const Principal& by,
                                                           std::string_view bytes,
                                                           domain::ReportAction action) {
  WP_ASSIGN_OR_RETURN(auto in, ReadWorkbook(reporting_, by, bytes));
  WP_ASSIGN_OR_RETURN(auto check, reporting_.CheckReport(by, in.ref, in.version, in.input, action));
  for (auto& p : check.problems) NameCells(in.cell_of, p.field);
  return check;
}

// ───────────────────────────── CSV ─────────────────────────────

namespace {

// Column positions by header name (first name listed wins); kInvalidArgument naming the
// missing one.
core::Result<std::vector<int>> Columns(const std::vector<std::string>& header,
                                       const std::vector<std::vector<std::string>>& names) {
  std::vector<int> out;
  for (const auto& alternatives : names) {
    int found = -1;
    for (size_t i = 0; i < header.size() && found < 0; ++i) {
      std::string h = header[i];
      std::transform(h.begin(), h.end(), h.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      for (const auto& n : alternatives) {
        if (h == n) found = static_cast<int>(i);
      }
    }
    if (found < 0) {
      auto err = core::MakeError(ErrorCode::kInvalidArgument, "csv_invalid",
                                 "Dòng tiêu đề của tệp CSV thiếu cột \"" + alternatives[0] + "\".");
      err.details.push_back({"line 1", "Thiếu cột " + alternatives[0]});
      return tl::unexpected(err);
    }
    out.push_back(found);
  }
  return out;
}

core::Result<std::vector<std::vector<std::string>>> ReadTable(std::string_view csv) {
  WP_ASSIGN_OR_RETURN(auto rows, xport::ReadCsv(csv, xport::DetectSeparator(csv)));
  if (rows.empty()) {
    return core::Fail(ErrorCode::kInvalidArgument, "csv_invalid", "Tệp CSV không có dòng nào.");
  }
  return rows;
}

const std::string& Field(const std::vector<std::string>& row, int col) {
  static const std::string kEmpty;
  return col < static_cast<int>(row.size()) ? row[static_cast<size_t>(col)] : kEmpty;
}

// Refuses a whole file for the problems found in it, each naming its line or cell.
core::Status RefuseIfAny(std::vector<core::ErrorDetail> errors, const char* reason,
                         const char* message) {
  if (errors.empty()) return {};
  auto err = core::MakeError(ErrorCode::kInvalidArgument, reason, message);
  err.details = std::move(errors);
  return tl::unexpected(err);
}

std::optional<int64_t> WholeNumber(const std::string& s) {
  auto d = core::ParseDecimal(s);
  if (!d) return std::nullopt;
  return d->ToInteger();
}

}  // namespace

core::Result<std::vector<AllocationRow>> ReportFiles::ParseAllocationCsv(
    std::string_view csv) const {
  WP_ASSIGN_OR_RETURN(auto rows, ReadTable(csv));
  WP_ASSIGN_OR_RETURN(auto cols, Columns(rows[0], {{"target_id", "ma_chi_tieu"},
                                                   {"unit", "don_vi", "ma_don_vi"},
                                                   {"value", "gia_tri", "chi_tieu_giao"}}));
  std::vector<AllocationRow> out;
  std::vector<core::ErrorDetail> errors;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r.size() == 1 && r[0].empty()) continue;  // blank line
    auto target = WholeNumber(Field(r, cols[0]));
    if (!target) {
      errors.push_back({"line " + std::to_string(i + 1),
                        "Dòng " + std::to_string(i + 1) + ": mã chỉ tiêu phải là số."});
      continue;
    }
    AllocationRow row;
    row.target_id = *target;
    row.unit = Field(r, cols[1]);
    row.value = Field(r, cols[2]);
    out.push_back(std::move(row));
  }
  WP_RETURN_IF_ERROR(
      RefuseIfAny(std::move(errors), "csv_invalid", "Tệp CSV có dòng chưa hợp lệ; chưa lưu gì."));
  return out;
}

core::Result<std::vector<BulkValueRow>> ReportFiles::ParseBulkCsv(std::string_view csv) const {
  WP_ASSIGN_OR_RETURN(auto rows, ReadTable(csv));
  WP_ASSIGN_OR_RETURN(
      auto cols,
      Columns(
          rows[0],
          {{"obligation"}, {"period"}, {"unit"}, {"target_id"}, {"scope"}, {"kind"}, {"value"}}));
  std::vector<BulkValueRow> out;
  out.reserve(rows.size());
  std::vector<core::ErrorDetail> errors;
  std::map<std::string, std::optional<domain::OrgUnitId>> units;  // by id or code
  for (size_t i = 1; i < rows.size() && errors.size() < 100; ++i) {
    const auto& r = rows[i];
    if (r.size() == 1 && r[0].empty()) continue;
    std::string line = "line " + std::to_string(i + 1);
    auto bad = [&](const std::string& what) {
      errors.push_back({line, "Dòng " + std::to_string(i + 1) + ": " + what});
    };
    BulkValueRow v;
    v.obligation = Field(r, cols[0]);
    v.period = Field(r, cols[1]);
    auto period = domain::ParsePeriodKey(v.period);
    if (!period) {
      bad("kỳ báo cáo \"" + v.period + "\" không hợp lệ (ví dụ 2012-M03).");
      continue;
    }
    const std::string& unit_text = Field(r, cols[2]);
    auto u = units.find(unit_text);
    if (u == units.end()) {
      auto found = org_.FindUnit(unit_text, period->end);
      u = units.emplace(unit_text, found ? std::optional((*found)->id) : std::nullopt).first;
    }
    if (!u->second) {
      bad("không tìm thấy đơn vị \"" + unit_text + "\".");
      continue;
    }
    v.unit_id = *u->second;
    auto target = WholeNumber(Field(r, cols[3]));
    auto scope = domain::ParseValueScope(Field(r, cols[4]));
    auto kind = domain::ParseValueKind(Field(r, cols[5]));
    auto value = ParseTypedNumber(Field(r, cols[6]));
    if (!target || !scope || !kind || !value) {
      bad(!target  ? "mã chỉ tiêu phải là số."
          : !scope ? "scope là period hoặc cumulative."
          : !kind  ? "kind là plan, estimate hoặc actual."
                   : "giá trị \"" + Field(r, cols[6]) + "\" không phải là số.");
      continue;
    }
    v.value = {*target, *scope, *kind, *value, ""};
    out.push_back(std::move(v));
  }
  WP_RETURN_IF_ERROR(
      RefuseIfAny(std::move(errors), "csv_invalid", "Tệp CSV có dòng chưa hợp lệ; chưa lưu gì."));
  return out;
}

core::Result<ReportValuesCsv> ReportFiles::GetReportValuesCsv(const Principal& by,
                                                              const ReportRef& ref) {
  WP_ASSIGN_OR_RETURN(auto form, reporting_.GetReportForm(by, ref));
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"target_id", "indicator", "unit_of_measure", "scope", "kind", "value", "note"});
  for (const auto& t : form.targets()) {
    for (auto scope : {domain::ValueScope::kPeriod, domain::ValueScope::kCumulative}) {
      auto v = std::find_if(form.content.values.begin(), form.content.values.end(),
                            [&](const domain::ReportValue& x) {
                              return x.target_id == t.form.id && x.scope == scope;
                            });
      bool has = v != form.content.values.end() && v->value;
      rows.push_back({std::to_string(t.form.id), t.form.indicator, t.form.unit,
                      domain::ValueScopeName(scope),
                      domain::ValueKindName(has ? v->kind : domain::ValueKind::kEstimate),
                      has ? v->value->ToString() : "", has ? v->note : ""});
    }
  }
  return ReportValuesCsv{xport::WriteCsv(rows, xport::CsvBom::kNo), form.version()};
}

core::Result<std::vector<domain::ReportValue>> ReportFiles::ParseReportValuesCsv(
    std::string_view csv) const {
  WP_ASSIGN_OR_RETURN(auto rows, ReadTable(csv));
  WP_ASSIGN_OR_RETURN(auto cols, Columns(rows[0], {{"target_id"}, {"scope"}, {"kind"}, {"value"}}));
  int note = -1;
  for (size_t i = 0; i < rows[0].size(); ++i) {
    if (rows[0][i] == "note") note = static_cast<int>(i);
  }
  std::vector<domain::ReportValue> out;
  std::vector<core::ErrorDetail> errors;
  for (size_t i = 1; i < rows.size() && errors.size() < 100; ++i) {
    const auto& r = rows[i];
    if (r.size() == 1 && r[0].empty()) continue;
    auto bad = [&](const std::string& what) {
      errors.push_back(
          {"line " + std::to_string(i + 1), "Dòng " + std::to_string(i + 1) + ": " + what});
    };
    auto target = WholeNumber(Field(r, cols[0]));
    auto scope = domain::ParseValueScope(Field(r, cols[1]));
    auto kind = domain::ParseValueKind(Field(r, cols[2]));
    const std::string& text = Field(r, cols[3]);
    bool blank = text.find_first_not_of(" \t") == std::string::npos;
    // Machine form only ("1510000", "4.3"): "1.510" is not guessed at here.
    std::optional<core::Decimal> value;
    if (!blank) value = core::ParseDecimal(text);
    if (!target || !scope || !kind || (!blank && !value)) {
      bad(!target  ? "mã chỉ tiêu phải là số."
          : !scope ? "scope là period hoặc cumulative."
          : !kind  ? "kind là plan, estimate hoặc actual."
                   : "giá trị \"" + text + "\" không phải là số.");
      continue;
    }
    // A note the values CSV neutralised ("'=…") comes back as it was typed.
    out.push_back(
        {*target, *scope, *kind, value, note >= 0 ? xport::RestoreFormula(Field(r, note)) : ""});
  }
  WP_RETURN_IF_ERROR(
      RefuseIfAny(std::move(errors), "csv_invalid", "Tệp CSV có dòng chưa hợp lệ; chưa lưu gì."));
  return out;
}

// ───────────────────────────── allocations as a workbook ─────────────────────────────

namespace {
constexpr const char* kAllocationSheet = "Giao chỉ tiêu";
constexpr int kAllocationBlankRows = 200;
}  // namespace

core::Result<std::string> ReportFiles::AllocationWorkbook(const Principal& by, ProgramId id) {
  WP_ASSIGN_OR_RETURN(auto view, reporting_.Allocations(by, id));
  WP_ASSIGN_OR_RETURN(auto program, programs_.GetProgram(by, id));
  core::CivilDate at = ProgramDate(program->record);
  std::map<int64_t, const domain::Target*> targets;
  for (const auto& st : program->targets) targets[st.id] = &st.target;

  xport::Workbook book;
  book.title = "Giao chỉ tiêu — " + program->record.plan.document.number.value_or("");
  book.author = "workplan";
  xport::Sheet sheet;
  sheet.name = kAllocationSheet;
  sheet.freeze_rows = 1;
  sheet.column_widths = {10, 48, 12, 10, 30, 16};
  sheet.rows.push_back({Cell::Text("target_id", Header()), Cell::Text("indicator", Header()),
                        Cell::Text("unit_of_measure", Header()), Cell::Text("unit", Header()),
                        Cell::Text("unit_name", Header()), Cell::Text("value", Header())});
  for (const auto& a : view.rows) {
    const auto* t = targets.count(a.target_id) ? targets[a.target_id] : nullptr;
    const auto* u = org_.registry().Find(a.unit_id);
    sheet.rows.push_back(
        {Cell::Number(static_cast<double>(a.target_id), Input(NumberFormat::kGeneral)),
         Cell::Text(t ? t->indicator : "", Locked()), Cell::Text(t ? t->unit : "", Locked()),
         Cell::Text(u ? u->code : std::to_string(a.unit_id), Input(NumberFormat::kText)),
         Cell::Text(u ? u->name : "", Locked()),
         NumberCell(a.value, Input(t ? FormatOf(t->unit) : NumberFormat::kDecimal))});
  }
  for (int i = 0; i < kAllocationBlankRows; ++i) {
    sheet.rows.push_back({Cell::Empty(Input()), Cell::Empty(), Cell::Empty(),
                          Cell::Empty(Input(NumberFormat::kText)), Cell::Empty(),
                          Cell::Empty(Input(NumberFormat::kDecimal))});
  }
  book.sheets.push_back(std::move(sheet));

  xport::Sheet list;
  list.name = kTargetsSheet;
  list.protect = true;
  list.freeze_rows = 1;
  list.column_widths = {10, 10, 48, 12, 18};
  list.rows.push_back({Cell::Text("target_id", Header()), Cell::Text("Mục", Header()),
                       Cell::Text("Chỉ tiêu", Header()), Cell::Text("Đơn vị tính", Header()),
                       Cell::Text("Cả nước", Header())});
  for (const auto& st : program->targets) {
    list.rows.push_back({Cell::Number(static_cast<double>(st.id), Locked()),
                         Cell::Text(st.target.section, Locked()),
                         Cell::Text(st.target.indicator, Locked(NumberFormat::kGeneral, true)),
                         Cell::Text(st.target.unit, Locked()),
                         NumberCell(st.target.value, Locked(FormatOf(st.target.unit)))});
  }
  book.sheets.push_back(std::move(list));

  xport::Sheet units;
  units.name = "Đơn vị";
  units.protect = true;
  units.freeze_rows = 1;
  units.column_widths = {10, 40, 14};
  units.rows.push_back({Cell::Text("unit", Header()), Cell::Text("Tên đơn vị", Header()),
                        Cell::Text("Loại", Header())});
  for (auto kind : {domain::OrgKind::kProvince, domain::OrgKind::kDepartment}) {
    for (const auto* u : org_.registry().UnitsAt(at, kind)) {
      units.rows.push_back(
          {Cell::Text(u->code, Locked(NumberFormat::kText)), Cell::Text(u->name, Locked()),
           Cell::Text(kind == domain::OrgKind::kProvince ? "Tỉnh, thành phố" : "Đơn vị thuộc Bộ",
                      Locked())});
    }
  }
  book.sheets.push_back(std::move(units));
  return xport::WriteXlsx(book);
}

core::Result<std::vector<AllocationRow>> ReportFiles::ParseAllocationXlsx(
    std::string_view bytes) const {
  WP_ASSIGN_OR_RETURN(auto book, xport::ReadXlsx(bytes));
  const xport::ReadSheet* sheet = book.FindSheet(kAllocationSheet);
  for (size_t i = 0; !sheet && i < book.sheets.size(); ++i) {
    if (!book.sheets[i].hidden) sheet = &book.sheets[i];
  }
  if (!sheet) {
    return core::Fail(ErrorCode::kInvalidArgument, "xlsx_invalid", "Tệp Excel không có trang nào.");
  }
  // The first row, as text, to find the columns by name.
  std::vector<std::string> header;
  for (const auto& c : sheet->cells) {
    if (c.row != 0) break;
    header.resize(static_cast<size_t>(c.col) + 1);
    header[static_cast<size_t>(c.col)] = c.text;
  }
  WP_ASSIGN_OR_RETURN(auto cols, Columns(header, {{"target_id", "ma_chi_tieu"},
                                                  {"unit", "don_vi", "ma_don_vi"},
                                                  {"value", "gia_tri", "chi_tieu_giao"}}));
  auto ref = [&](int row, int col) { return sheet->name + "!" + xport::CellRef(row, col); };
  std::vector<AllocationRow> out;
  std::vector<core::ErrorDetail> errors;
  int last_row = sheet->cells.empty() ? 0 : sheet->cells.back().row;
  for (int row = 1; row <= last_row; ++row) {
    const auto* t = sheet->Find(row, cols[0]);
    const auto* u = sheet->Find(row, cols[1]);
    const auto* v = sheet->Find(row, cols[2]);
    if (!t && !u && !v) continue;  // an unused row
    AllocationRow r;
    r.target_cell = ref(row, cols[0]);
    r.unit_cell = ref(row, cols[1]);
    r.value_cell = ref(row, cols[2]);
    auto target = t ? WholeNumber(t->text) : std::nullopt;
    if (!target) {
      errors.push_back({r.target_cell, "Ô " + r.target_cell + ": mã chỉ tiêu phải là số."});
      continue;
    }
    r.target_id = *target;
    r.unit = u ? u->text : "";
    if (v && v->kind == Cell::Kind::kNumber) {
      // A number cell holds the machine form ("1.234" is one point two three four), which
      // the reader of typed numbers would take for thousands: written back the Vietnamese way.
      auto d = core::ParseDecimal(v->text);
      r.value = d ? d->ToVietnamese() : v->text;
    } else {
      r.value = v ? v->text : "";
    }
    out.push_back(std::move(r));
  }
  WP_RETURN_IF_ERROR(RefuseIfAny(std::move(errors), "allocation_invalid",
                                 "Bảng giao chỉ tiêu có ô chưa hợp lệ; chưa lưu gì."));
  return out;
}

}  // namespace wp::service
