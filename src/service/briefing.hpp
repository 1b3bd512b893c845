#pragma once
// The briefing pack of the monthly giao ban (issue 17): a cover with the dashboard's headline
// counts and the reporting of the period, then one page per area of the program (section II's
// items) with its targets (plan, figure, % of plan, state, coverage) and the few facts that
// need a decision — the largest shortfalls against the expected pace, the provinces lagging
// most on the area's main province-reported target, the tasks overdue longest. Generated on
// request from the figures the dashboard shows at the same date (never stored): its
// percentages are the dashboard's. BuildBriefing is pure; Briefings gathers its inputs.
// RenderBriefing lays a pack out for Word (the giao_ban template, one area a page); the .docx
// itself is written by export/docx.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/calendar.hpp"
#include "domain/org.hpp"
#include "export/docx.hpp"
#include "service/figures.hpp"
#include "service/programs.hpp"

namespace wp::service {

class Organisation;
class Responsibilities;

inline constexpr size_t kBriefingShortfalls = 3;
inline constexpr size_t kBriefingLagging = 5;
inline constexpr size_t kBriefingOverdue = 5;

struct BriefingTarget {
  const TargetView* target = nullptr;
  MeasureView measure;
  TargetState state = TargetState::kNotMeasurable;
  std::optional<CoverageView> coverage;
};

// A target behind the expected pace: `gap` is what it lacks, as a share of the year's plan
// (expected − achievement for a flow; 1 − the projected or current achievement otherwise).
struct BriefingShortfall {
  const TargetView* target = nullptr;
  std::optional<double> achievement, expected;
  double gap = 0;
  TargetState state = TargetState::kNotMeasurable;
  std::string text;  // Vietnamese: "đạt 82,1% kế hoạch năm; theo tiến độ cần 100% (thiếu …)"
};

// A province (a unit of the ranking's level) behind its pace on the area's main target.
struct BriefingLagging {
  int64_t target_id = 0;
  NodeView node;
  std::optional<double> achievement, pace, current, target;
};

struct BriefingOverdue {
  std::string task_id;
  std::string what;  // the task's text
  std::string section;
  domain::OrgUnitId lead = 0;
  core::CivilDate deadline;
  std::string deadline_text;  // as the decision writes it
  long days_overdue = 0;
  std::optional<domain::TaskStatus> status;  // as last reported; nullopt never reported
};

struct BriefingArea {
  std::string section;  // "II.2"; "I" for the targets no area of section II names
  std::string title;
  std::vector<domain::OrgUnitId> leads;  // the Ministry's units leading it (AreaOutline)
  bool provinces_lead = false;
  std::vector<BriefingTarget> targets;        // in program order
  std::vector<BriefingShortfall> shortfalls;  // ≤ kBriefingShortfalls, largest first
  std::optional<int64_t> main_target;         // the province-reported target the lagging list is of
  std::vector<BriefingLagging> lagging;       // ≤ kBriefingLagging, furthest behind first
  std::vector<BriefingOverdue> overdue;       // ≤ kBriefingOverdue, longest overdue first
  size_t overdue_total = 0;                   // before the cut
};

struct BriefingView {
  std::shared_ptr<const ProgramView> program;
  DashboardView dashboard;  // the cover's figures: headline counts, reporting of the period
  std::vector<BriefingArea> areas;
};

// What the pack is built from, gathered by Briefings::Build (or a test).
struct BriefingInput {
  std::shared_ptr<const ProgramView> program;
  DashboardView dashboard;
  std::vector<OverdueTask> overdue;
  // The ranking of the provinces on each area's main target (MainTargets), by target id.
  std::map<int64_t, std::vector<MeasureView>> rankings;
  // The Ministry unit answering for a target (the responsibility matrix's consolidating unit,
  // else its one named reporting unit), by target id: places a target no item of part II
  // restates.
  std::map<int64_t, domain::OrgUnitId> owners;
  const domain::OrgRegistry* registry = nullptr;  // tells the provinces among an area's leads
};

// The areas of a program: the items of its part II ("II.1" … "II.14"), in order, each with the
// targets it holds, placed as the consolidated report places them (service/areas.hpp
// PlaceTargets, `owners` as TargetOwners gives them); a target no area claims goes to an area
// "I" of its own (first). A section numbered deeper ("II.2.1") belongs to its item ("II.2").
struct AreaOutline {
  std::string section, title;
  const domain::Section* source = nullptr;  // nullptr for the area "I"
  // The Ministry's units leading the item or its subsections, first named first; whether the
  // provinces lead too ("Sở Lao động - Thương binh và Xã hội các tỉnh, thành phố").
  std::vector<domain::OrgUnitId> leads;
  bool provinces_lead = false;
  std::vector<const TargetMeasure*> targets;
};
std::vector<AreaOutline> OutlineAreas(const ProgramView& program, const DashboardView& dashboard,
                                      const std::map<int64_t, domain::OrgUnitId>& owners = {},
                                      const domain::OrgRegistry* registry = nullptr);

// Each area's main province-reported target: its first target (program order) measured, whose
// expected reporters are all provinces. Areas without one are absent.
std::map<std::string, int64_t> MainTargets(const std::vector<AreaOutline>& areas);

BriefingView BuildBriefing(const BriefingInput& in);

// The pack as the giao_ban template holds it: its inline values (parent body, issuer, place and
// date, "TÀI LIỆU GIAO BAN THÁNG 12 NĂM 2012", the subject) and the blocks of wp.body — the
// cover (counts, reporting, a table of the areas), then per area a WPArea heading (the template
// starts each on a new page), its targets' table (kế hoạch năm, thực hiện, % KH, state, who
// reported) and what needs a decision. `month` is the giao ban's.
struct BriefingDocument {
  std::map<std::string, std::string> inline_values;
  std::vector<xport::DocBlock> body;
};
BriefingDocument RenderBriefing(const BriefingView& v, const domain::Period& month,
                                const domain::OrgRegistry& registry);

// The month of a giao ban and the date of its figures, from what was asked: `period` (a month,
// "2012-M12"; default the month of the figures' date) and `at` (default the month's end, or
// `today` if earlier; without a month, the dashboard's default). kInvalidArgument
// ("bad_period") for a period that is not a month, or whose first day is after the figures'.
struct BriefingMonth {
  std::optional<domain::Period> month;  // nullopt: the month of the built pack's date
  std::optional<core::CivilDate> at;
};
core::Result<BriefingMonth> ResolveBriefingMonth(const std::optional<std::string>& period,
                                                 std::optional<core::CivilDate> at,
                                                 const core::CivilDate& today);

// The .docx of a pack: what it is called ("giao-ban-2012-M12.docx", with the unit's code at a
// unit; `display_name` in Vietnamese, "Tài liệu giao ban tháng 12 năm 2012.docx") and its bytes.
struct BriefingFile {
  std::string bytes;
  std::string file_name;     // ASCII: letters, digits, "-", "."
  std::string display_name;  // UTF-8, no path separators or control characters
  domain::Period month;
  core::CivilDate at;
};

class Briefings {
 public:
  Briefings(Figures& figures, Programs& programs, Responsibilities& responsibilities,
            const Organisation& org);
  // The pack of `program` at `at` (default as the dashboard's), for the principal's scope or
  // `unit` within it. Fails as the dashboard does.
  core::Result<BriefingView> Build(const domain::Principal& by, ProgramId program,
                                   std::optional<core::CivilDate> at,
                                   std::optional<domain::OrgUnitId> unit);
  // The pack of the month `period` (ResolveBriefingMonth) as a .docx filled from the giao_ban
  // template `template_docx` (the Office's newest, Documents::TemplateFile). Fails as Build
  // does; kInvalidArgument ("bad_period") for a period not a month of the program's year or
  // after the figures' date; kInvalidArgument ("template_invalid") for a template lacking what
  // the pack needs.
  core::Result<BriefingFile> Docx(const domain::Principal& by, ProgramId program,
                                  std::optional<core::CivilDate> at,
                                  const std::optional<std::string>& period,
                                  std::optional<domain::OrgUnitId> unit,
                                  const core::CivilDate& today, const std::string& template_docx);

 private:
  Figures& figures_;
  Programs& programs_;
  Responsibilities& responsibilities_;
  const Organisation& org_;
};

}  // namespace wp::service
