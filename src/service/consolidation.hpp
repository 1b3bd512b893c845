#pragma once
// The consolidated report of a period, and a unit's own, as blocks (issue 17): built from what
// the dashboard answers at the report's date — so every percentage is the dashboard's — the task
// board, the overdue tasks, the period's timeliness and the narrative sections of the approved
// reports. Pure over those views: no store, no clock, no engine; Documents (documents.cpp) reads
// them, once per report, and keeps the Office's edits across regenerations.
//
// Block keys are stable (domain/document.hpp): "intro", "I.count", "I.area.<area>",
// "I.table.<area>", "I.fig.<target id>", "I.tasks.<area>", "II|III|IV.area.<area>",
// "II|III|IV.<area>.<unit id>" or ".g<hash>" for a passage several units sent alike,
// "II|III|IV.provinces.t<target id>" and ".other" summarising the provinces' passages (quoted in
// full in the annex: "annex.II|III|IV.<unit id>" or ".g<hash>"), "I.amendments.<id>",
// "annex.timeliness", "annex.missing", "annex.overdue".
// Sentences are written for the headline targets (section I of the program) and the lagging
// ones (at risk, off track); the others stand in the tables. A Ministry unit's passages go to
// the area it answers for (service/areas.hpp UnitAreas). <area> is a section of part II of the
// program ("II.2"; targets placed by service/areas.hpp, as the briefing places them), "general"
// for the targets no area claims, "provinces" for the provinces' passages, "others" for other
// units'.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "domain/calendar.hpp"
#include "domain/document.hpp"
#include "domain/org.hpp"
#include "domain/report.hpp"
#include "service/areas.hpp"
#include "service/figures.hpp"
#include "service/programs.hpp"
#include "service/report_types.hpp"

namespace wp::service {

// A non-empty narrative section of an approved report of the period.
struct NarrativeText {
  domain::OrgUnitId unit = 0;
  std::string period;
  domain::Narrative section = domain::Narrative::kResults;
  std::string text;
};

// What a target's row needs beyond the dashboard: its value over the period alone, whether the
// year to date holds estimates, and last year's value for the same months (or the decision's
// baseline at the year's end).
struct TargetExtra {
  std::optional<double> period_value;
  bool estimate = false;
  std::optional<double> last_year;
  std::string last_year_label = "so với cùng kỳ";
};

// An amendment of the program the Minister (or a Thứ trưởng under delegation) approved in the
// period, or that took effect in it (issue 18): the report states it after the targets.
struct AmendmentNote {
  int64_t id = 0;
  core::CivilDate effective_from;
  std::string decider = "Bộ trưởng";  // "Bộ trưởng", "Thứ trưởng"
  std::string unit;                   // the proposing unit's name
  std::string reason;
  std::string decision_number;  // the amending decision's, when given
  std::vector<domain::Change> changes;
};

struct ConsolidationInput {
  domain::DocumentKind kind = domain::DocumentKind::kConsolidated;
  const ProgramView* program = nullptr;
  const domain::OrgRegistry* registry = nullptr;
  domain::Period period;
  core::CivilDate as_of;
  // kUnit: the unit whose report it is (its dashboard, its tasks, its narrative).
  std::optional<domain::OrgUnitId> unit;
  const DashboardView* dashboard = nullptr;
  std::map<int64_t, TargetExtra> extras;  // by target id
  const TaskBoardView* tasks = nullptr;
  const std::vector<OverdueTask>* overdue = nullptr;
  const TimelinessSummary* timeliness = nullptr;  // of the period, as of `as_of`
  std::vector<NarrativeText> narratives;          // by unit, then section
  // The periods the narratives may come from, preferred first ("2012-H1", then "2012-Q2",
  // "2012-M06"): a unit's passages are those of the first of them it has.
  std::vector<std::string> narrative_periods;
  // The Ministry unit answering for each target (service/areas.hpp TargetOwners): with the
  // program, places the section-I targets no item of part II restates, as the briefing does.
  std::map<int64_t, domain::OrgUnitId> owners;
  // The catalogue's wording of an indicator's sentence ("tạo việc làm cho {value}"), by code.
  std::map<std::string, std::string> sentences;
  // The amendments approved or effective in the period, as of `as_of` (consolidated only).
  std::vector<AmendmentNote> amendments;
};

struct ConsolidatedDraft {
  domain::DocumentHeader header;  // the defaults an Office edits
  std::vector<domain::Block> blocks;
};

// Above this many units the annex's timeliness table rolls units below a province up to it.
inline constexpr size_t kTimelinessRollUp = 200;
// At most this many overdue task rows in the annex (then "và N nhiệm vụ khác").
inline constexpr size_t kMaxOverdueRows = 300;

// The report's header defaults and blocks. A consolidated report is the Ministry's ("Số:
// …/BC-LĐTBXH", signed "KT. BỘ TRƯỞNG / THỨ TRƯỞNG"); a unit's carries the unit's name and
// symbol ("BC-" + its code; a province's department "BC-SLĐTBXH").
ConsolidatedDraft BuildConsolidated(const ConsolidationInput& in);

}  // namespace wp::service
