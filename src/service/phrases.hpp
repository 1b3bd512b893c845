#pragma once
// The text of a report as the Ministry writes it (issue 17): numbers the Vietnamese way and
// rounded exactly as the browser rounds them (web/src/lib/format.ts: JavaScript's toFixed, half
// up on the exact binary value — printf alone differs on ties), quantities at the scale the
// decision wrote them ("1.584,8 nghìn người" under "1.600 ngàn người"), and the sentences of a
// consolidated report: a target's result, the counts of targets by state, an area's tasks, the
// subject line. Pure: no store, no clock. tests/phrases/cases.json pins the formatting for this
// file and for format.ts alike.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "domain/calendar.hpp"
#include "domain/indicator.hpp"
#include "domain/plan.hpp"

namespace wp::service {

// JavaScript's Number.prototype.toFixed: `x` with exactly `decimals` decimals ("." as the
// point), the exact binary value rounded half up (away from zero for negatives, whose sign is
// kept even for "-0.0"). "" for a value that is not finite.
std::string ToFixed(double x, int decimals);

// format.ts, function for function: formatNumber (at most `max_decimals` decimals, trailing
// zeros dropped, "." groups, "," decimals, no "-" on a zero), formatPercent ("4,3%"),
// formatRatio (a ratio as a percentage: 0.9905 → "99,1%"), formatMoney ("245,5 tỷ đồng") and
// formatQuantity (money in tỷ/triệu, "%" glued, other units after a space). "" for a value
// that is not finite.
std::string FormatNumber(double x, int max_decimals = 2);
std::string FormatPercent(double x, int max_decimals = 1);
std::string FormatRatio(double ratio, int max_decimals = 1);
std::string FormatMoney(double vnd);
std::string FormatQuantity(double value, std::string_view unit);

// The scale the decision writes a target's amount at: 3 for "1.600 ngàn người", 9 for "200 tỷ
// đồng", 0 for "4,3%" or a plain count (text::ReadQuantity over the clause as written).
int ScalePower(std::string_view raw);
// "nghìn", "triệu", "tỷ", "nghìn tỷ"; "" for 0 (the decision's "ngàn" written "nghìn").
const char* ScaleWord(int power);
// The unit of a table's ĐVT column: "nghìn người", "tỷ đồng", "%", "nhà". Money without a scale
// is counted in tỷ đồng when the amount is ≥ 1 tỷ, as format.ts shows it.
std::string ScaledUnit(std::string_view unit, int power);
// A number in that unit, as the table prints it: 1584800 at power 3 → "1.584,8" (at most one
// decimal at a scale, two for a rate, none for a plain count unless it has some).
std::string ScaledNumber(double value, std::string_view unit, int power);
// The amount with its unit, as a sentence says it: "1.584,8 nghìn người", "245,5 tỷ đồng",
// "4,1%", "10.230 nhà".
std::string ScaledQuantity(double value, std::string_view unit, int power);

// "31/3/2012": a deadline as a sentence gives it (no leading zeros).
std::string ShortDate(const core::CivilDate& d);

// The subject of a report on a period: "Tình hình thực hiện Chương trình công tác tháng 12 năm
// 2012", "… quý IV năm 2012", "… 6 tháng đầu năm 2012", "… năm 2012".
std::string ReportSubject(const domain::Period& period);
// The period as the body says it: "tháng 12 năm 2012", "quý IV năm 2012", "6 tháng đầu năm 2012".
std::string PeriodPhrase(const domain::Period& period);

// What a target's sentence is made of (one row of the dashboard at the report's date).
struct TargetFigure {
  std::string name;  // the catalogue's name, else the decision's: "Số người được tạo việc làm"
  std::string sentence;  // the catalogue's wording (domain::IsSentenceWording): "tạo việc làm cho
                         // {value}"; "" (or a wording without "{value}") for "{name}: {value}"
  std::string unit;     // "người", "%", "đồng"
  int scale_power = 0;  // ScalePower of the decision's clause
  domain::Comparator comparator = domain::Comparator::kEq;
  std::optional<double> plan;         // the year's target
  std::optional<double> current;      // the year to date (best: the actual, else the estimate)
  std::optional<double> achievement;  // the dashboard's, a ratio
  std::optional<double> baseline;     // decrease_by / increase_by: the level it changes from
  bool estimate = false;              // `current` holds an estimate ("ước")
  // Last year's figure for the same months, and what it is ("so với cùng kỳ", or at the year's
  // end the decision's baseline: "so với thực hiện năm 2011").
  std::optional<double> last_year;
  std::string last_year_label = "so với cùng kỳ";
  bool rate = false;     // a rate (unit "%"): the change in "điểm phần trăm"
  std::string coverage;  // "61/63 tỉnh đã báo cáo" when not every unit has; "" otherwise
};

// With the catalogue's wording, the Ministry's sentences: "Tạo việc làm cho 1.584,8 nghìn người,
// đạt 99,1% kế hoạch năm, tăng 1,6% so với cùng kỳ.", a rate against its level "Tỷ lệ thất
// nghiệp khu vực thành thị ước 3,57%, dưới mức kế hoạch 4,3%." ("vượt mức kế hoạch 97%" over a
// floor), a fall "Tỷ lệ hộ nghèo giảm 1,8% (kế hoạch giảm 2%), còn 9,8%, đạt 90% kế hoạch năm.".
// Without it:
// "Số người được tạo việc làm ước 1.584,8 nghìn người, đạt 99,1% kế hoạch năm, tăng 1,6% so với
// cùng kỳ (theo 61/63 tỉnh đã báo cáo)." — a ceiling "…: ước 4,1%, đạt mục tiêu (dưới 4,3%)",
// a fall "…: giảm 1,8% (kế hoạch giảm 2%), đạt 90% kế hoạch năm", no figure "…: chưa có số
// liệu báo cáo.". The percentage is FormatRatio(achievement): the dashboard's, as shown.
std::string TargetSentence(const TargetFigure& f);
// "So với cùng kỳ" as a table cell: "101,6%" for an amount, "+0,2 điểm" for a rate; "" without
// last year's figure.
std::string CompareCell(const TargetFigure& f);

// "Trong 93 chỉ tiêu: 41 đạt và vượt tiến độ, 12 có nguy cơ không đạt, 6 chậm tiến độ, 31 chưa
// đủ báo cáo, 3 chưa đo được." (zeros left out; `counts` in the order on track, at risk, off
// track, incomplete, not measurable).
std::string CountsSentence(size_t total, const std::vector<size_t>& counts);

// One task late against its deadline, for an area's tasks sentence.
struct LateTask {
  std::string what;                // the task's text (shortened)
  std::vector<std::string> leads;  // "Cục Việc làm"
  std::optional<core::CivilDate> deadline;
};
// "Đã hoàn thành 12/30 nhiệm vụ; 15 đang thực hiện; 3 chậm so với thời hạn: Xây dựng … (Cục
// Việc làm, hạn 31/3/2012); …." At most `max_listed` late tasks are named, then "và 4 nhiệm vụ
// khác".
std::string TasksSentence(size_t done, size_t total, size_t in_progress,
                          const std::vector<LateTask>& late, size_t max_listed = 5);

// Names as a sentence lists them: "Cục Việc làm", "Cục Việc làm và Tổng cục Dạy nghề", "A, B
// và C"; with more than `max_named`, the first of them then "và 12 đơn vị khác".
std::string NamesList(const std::vector<std::string>& names, size_t max_named = 8,
                      std::string_view others = "đơn vị");

// A task's text cut to at most `max_chars` characters at a word's end, "…" added when cut, its
// trailing ";.:," dropped.
std::string ShortText(std::string_view text, size_t max_chars = 120);

}  // namespace wp::service
