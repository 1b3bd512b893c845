#pragma once
// How far a target has come, read from the engine's figures: achievement against the target
// in the direction of its comparator, the pace expected from the share of the year elapsed, a
// year-end projection, a status with the rule behind it, and the ranking of units at a level.
//
// Achievement (≥ 1 means the target is met):
//   min, eq    value / target              ("tạo việc làm cho 1.600 ngàn người": a figure to
//                                           reach; exceeding a plan counts as meeting it)
//   max        (2·target − value) / target ("dưới 4,3%": 1 at the ceiling, more below it)
//   decrease_by (baseline − value) / X     ("giảm 2%": a fall of X percentage points from the
//   increase_by (value − baseline) / X      baseline; the same for a rise)
// Time. Data are monthly, so the year elapsed at date D counts whole months: the months of the
// year ended by D (December's counts on 31/12; every month when D is in a later year). The
// current figure is the year to date over those months.
// - Pace (flows — sum indicators — compared with min, eq or max only): expected = target ×
//   months elapsed / 12; pace = the achievement of the current figure against it.
// - Projection to the year end: flows, linear current × 12 / months, seasonal current ×
//   (last year's whole year / last year's same months) when the node has both figures for
//   last year; levels, linear = the current figure held, seasonal = current + (last year's
//   whole year − last year's same months). Seasonal is used when available.
// - Target of a node: for the whole country the program's target in force on the date (issue
//   18: a measure at date D reads the year against the version in force on D — jobs at 30/6
//   against 1.600.000, expected 1.600.000 × 6/12; at 31/12 against the 1.650.000 an amendment
//   set from 1/7, the explanation saying "(điều chỉnh từ 01/07/2012)"), else the plan; for a unit
//   its plan for the year (its plan cells rolled up), else for a level indicator (a rate applies
//   to every unit) the program's target. Baseline (decrease_by / increase_by): for the whole
//   country the program's baseline, else last year's figure; for a unit last year's figure,
//   else the program's baseline.
// - Status (kStatusRule): the achievement of the projection: ≥ 100 % on track, 90 % up to
//   100 % at risk, below 90 % off track; no data yet / no target (or no baseline) otherwise.
// - Ranking: units by the achievement of their projection, best first; units without one
//   last; ties in code order.

#include <optional>
#include <string>
#include <vector>

#include "analytics/engine.hpp"

namespace wp::analytics {

enum class Status { kOnTrack, kAtRisk, kOffTrack, kNoData, kNoTarget };
const char* StatusName(Status s);  // "on_track", "at_risk", "off_track", "no_data", "no_target"
const char* StatusLabel(Status s);  // "Đúng tiến độ", "Có nguy cơ không đạt", "Chậm tiến độ", …

// The rule behind every status, in Vietnamese, for the dashboard's legend.
extern const char* const kStatusRule;

enum class ProjectionMethod { kNone, kLinear, kSeasonal };
const char* ProjectionMethodName(ProjectionMethod m);  // "none", "linear", "seasonal"

// The achievement of `value` against `target` (see above); nullopt when it cannot be computed:
// a target that is not positive, or decrease_by / increase_by without a baseline.
std::optional<double> Achievement(domain::Comparator comparator, double value, double target,
                                  std::optional<double> baseline);

struct MeasureQuery {
  IndicatorId indicator = 0;
  std::optional<domain::OrgUnitId> unit;  // nullopt: the whole country
  core::CivilDate at;                     // "now", and the organisation's structure
  int year = 0;                           // the program year
  Read read = Read::kBest;
  // The last month the node's figures are complete for (1..12): the current figure, the pace
  // and the projection read the months up to it only, although the date is later (a province
  // whose December report is missing is projected from November). Nullopt: every month the
  // date ends.
  std::optional<int> through_month = std::nullopt;
};

struct Measure {
  NodeInfo node;
  int months_elapsed = 0;         // 0..12
  std::optional<double> current;  // the year to date over the months elapsed
  uint32_t count = 0;             // cells behind `current`
  std::optional<double> target;
  std::string target_source;  // "program", "plan" or ""
  // The program's version the target is of (1: as published) and the date it is in force
  // from (nullopt: as published, or a target that is not the program's).
  int target_version = 1;
  std::optional<core::CivilDate> target_from;
  std::optional<double> baseline;
  std::optional<double> achievement;  // of the current figure against the year's target
  std::optional<double> expected;     // flows: the share of the target due by now
  std::optional<double> pace;         // the achievement of the current figure against `expected`
  std::optional<double> projection;
  ProjectionMethod method = ProjectionMethod::kNone;
  std::optional<double> projected_achievement;
  Status status = Status::kNoData;
  std::string explanation;  // Vietnamese: the figures the status came from
};

// The measure of one node. Fails like Engine::Get, and with kInvalidArgument, reason
// "bad_date", when `at` lies before `year`.
core::Result<Measure> Evaluate(const Engine& engine, const MeasureQuery& q);

// The measures of every unit of `level` at or below q.unit, best first (see above). Fails like
// Evaluate.
core::Result<std::vector<Measure>> Rank(const Engine& engine, const MeasureQuery& q,
                                        domain::OrgKind level);

}  // namespace wp::analytics
