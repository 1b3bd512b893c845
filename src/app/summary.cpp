#include "app/summary.hpp"

#include <array>

#include <fmt/format.h>

#include "core/enum_names.hpp"

#include "text/number.hpp"
#include "text/utf8.hpp"

namespace wp::app {

std::string Fit(std::string_view s, size_t width) {
  size_t n = text::CountCodePoints(s);
  if (n <= width) return std::string(s) + std::string(width - n, ' ');
  std::string out;
  size_t pos = 0;
  for (size_t i = 0; i + 1 < width && pos < s.size(); ++i) {
    size_t start = pos;
    text::NextCodePoint(s, pos);
    out.append(s.substr(start, pos - start));
  }
  return out + "…";
}

namespace {

// As a reader sees them, in the order of each enum's values (core/enum_names.hpp).
constexpr std::array kComparatorsShown{"=", "≥", "≤", "giảm", "tăng"};
constexpr std::array kFrequenciesShown{"một lần", "hằng tháng", "hằng quý", "6 tháng", "hằng năm"};
constexpr std::array kSeveritiesShown{"thông tin", "cảnh báo", "lỗi"};

const char* ComparatorShown(domain::Comparator c) { return core::NameIn(kComparatorsShown, c); }

const char* FrequencyShown(domain::Frequency f) { return core::NameIn(kFrequenciesShown, f); }

const char* SeverityShown(core::Severity s) { return core::NameIn(kSeveritiesShown, s); }

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string Billions(int64_t vnd) {
  return text::FormatVietnamese(core::Decimal{vnd / 100000000, 1});
}

}  // namespace

std::string RenderSummary(const domain::PlanDraft& plan, const api::SourceInfo& source) {
  std::string o;
  const auto& d = plan.document;
  size_t tasks = 0;
  for (const auto& s : plan.sections) tasks += s.tasks.size();
  size_t warnings = 0;
  for (const auto& diag : plan.diagnostics) warnings += diag.severity != core::Severity::kInfo;

  o += fmt::format("Tệp: {} ({} byte)\n", source.file,
                   text::FormatVietnamese(core::Decimal{static_cast<int64_t>(source.bytes), 0}));
  o += fmt::format("{} số {} ngày {}", d.type.value_or("Văn bản"), d.number.value_or("(không rõ)"),
                   d.issued_date ? d.issued_date->ToVietnamese() : "(không rõ)");
  if (d.issuer) o += " — " + *d.issuer;
  if (d.place) o += " (" + *d.place + ")";
  o += "\n";
  if (d.title) o += *d.title + (d.year ? fmt::format(" — năm {}", *d.year) : "") + "\n";
  if (d.signer) o += fmt::format("Người ký: {} {}\n", d.signer_title.value_or(""), *d.signer);
  o += fmt::format(
      "\nTổng quan: {} mục · {} chỉ tiêu · {} nhiệm vụ · {} nguồn vốn · {} thời hạn · {} chế độ "
      "báo cáo · "
      "{} đơn vị · {} cảnh báo, {} ghi chú\n",
      plan.sections.size(), plan.targets.size(), tasks, plan.budgets.size(), plan.deadlines.size(),
      plan.reporting.size(), plan.units.size(), warnings, plan.diagnostics.size() - warnings);

  if (!plan.targets.empty()) {
    o += "\nCHỈ TIÊU\n";
    o += Fit("Mục", 9) + Fit("Chỉ tiêu", 48) + Fit("Giá trị", 20) + Fit("Đơn vị", 14) + "So sánh\n";
    for (const auto& t : plan.targets) {
      std::string value = text::FormatVietnamese(t.value);
      if (t.approximate) value = "~" + value;
      o += Fit(t.section, 9) + Fit(t.indicator, 48) + Fit(value, 20) + Fit(t.unit, 14) +
           ComparatorShown(t.comparator);
      if (t.parent) o += "  (thuộc: " + *t.parent + ")";
      o += "\n";
    }
  }
  if (!plan.budgets.empty()) {
    o += "\nNGUỒN VỐN (tỷ đồng)\n";
    o += Fit("Mục", 9) + Fit("Chương trình, dự án", 56) + Fit("Tổng", 10) + Fit("Đầu tư", 10) +
         Fit("Sự nghiệp", 11) + "Nguồn\n";
    for (const auto& b : plan.budgets) {
      o += Fit(b.section, 9) + Fit(b.program.value_or("—"), 56) + Fit(Billions(b.total_vnd), 10) +
           Fit(b.investment_vnd ? Billions(*b.investment_vnd) : "—", 10) +
           Fit(b.recurrent_vnd ? Billions(*b.recurrent_vnd) : "—", 11) + b.source.value_or("—") +
           "\n";
    }
  }
  o += "\nĐƠN VỊ CHỦ TRÌ THEO MỤC\n";
  for (const auto& s : plan.sections) {
    if (s.depth == 0) {
      o += s.number + ". " + s.title + "\n";
      continue;
    }
    std::string leads = s.lead_units.empty() ? "(không nêu)" : Join(s.lead_units, "; ");
    if (s.leads_inherited && !s.lead_units.empty()) leads += " (theo mục trên)";
    o += "  " + Fit(s.number, 9) + leads;
    if (!s.coordinating_units.empty()) o += " | phối hợp: " + Join(s.coordinating_units, "; ");
    o += "\n";
  }
  if (!plan.deadlines.empty()) {
    o += "\nTHỜI HẠN\n";
    for (const auto& dl : plan.deadlines) {
      o += "  " + Fit(dl.section, 9) + Fit(dl.due ? dl.due->ToVietnamese() : "định kỳ", 12) +
           Fit(dl.raw, 36) + (dl.responsible.empty() ? "" : dl.responsible) + "\n";
    }
  }
  if (!plan.reporting.empty()) {
    o += "\nCHẾ ĐỘ BÁO CÁO\n";
    for (const auto& r : plan.reporting) {
      std::string when = r.decree09 ? fmt::format("NĐ 09: {} ngày làm việc sau chốt số liệu",
                                                  r.working_days.value_or(0))
                         : r.due          ? "trước " + r.due->ToVietnamese()
                         : r.day_of_month ? fmt::format("trước ngày {}", *r.day_of_month)
                                          : "";
      if (r.last_month_of_quarter) when += " tháng cuối quý";
      o += "  " + Fit(FrequencyShown(r.frequency), 12) + Fit(when, 26) + r.report;
      if (!r.to.empty()) o += " → " + Join(r.to, "; ");
      o += "\n";
    }
  }
  if (!plan.diagnostics.empty()) {
    o += "\nCHẨN ĐOÁN\n";
    for (const auto& diag : plan.diagnostics) {
      o += "  " + Fit(SeverityShown(diag.severity), 10) +
           Fit(fmt::format("dòng {}:{}", diag.span.line, diag.span.column), 14) +
           Fit(diag.code, 28) + diag.message + "\n";
    }
  }
  return o;
}

}  // namespace wp::app
