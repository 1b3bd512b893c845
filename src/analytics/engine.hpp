#pragma once
// The analytics engine: every value of every indicator held in memory by (unit, indicator,
// month, kind), and per-month roll-ups over each version of the organisation, kept up to date
// on every write, so that a national or provincial figure reads O(nodes × months) cells and
// never scans the values. Fed plain data by `service`; knows nothing of storage.
//
// Model.
// - Units come from a `domain::OrgRegistry`. The organisation changes only on the dates a unit
//   begins or ends; between two such dates it is one *version* (the real registry has four:
//   before 1/8/2008, to 28/2/2025, to 30/6/2025, from 1/7/2025). Each version is a tree under a
//   virtual root, the whole country; a query names a date D and reads the version holding D.
// - Where a unit's data goes in the version of D (the view of D):
//   * a unit valid on D is a node of its own, under the node of its parent (parents that have
//     ended are followed to what they became: provinces of March 2025 sit under Bộ Nội vụ);
//   * a unit that had ended by D goes to what it had become by D when that is one unit
//     (Hà Tây's 2008 data is Hà Nội's; Hà Giang's 2012 data is the merged Tuyên Quang's in the
//     34-province view);
//   * a unit that began after D goes to its predecessor valid on D when there is exactly one and
//     all of that predecessor went into it (2026 data of Hà Nội, formed from Hà Nội alone, is
//     Hà Nội's in the 2012 view);
//   * otherwise — a merger of several units viewed before it happened, a unit split in two, a
//     unit dissolved, a unit with no predecessor — numbers are never split: the unit appears as
//     itself, a node marked `outside_date`, labelled with the units it was formed from or went
//     into ("Tuyên Quang (từ 01/07/2025; gồm Tuyên Quang, Hà Giang)"), under the lowest node
//     containing the parents of those units (the whole country when there are none; its own
//     parent's node for a dissolved or brand-new unit). Such a node is listed in breakdowns only
//     when it holds data in the period asked for; every total above it counts it exactly once.
// - A node's figure covers the values of every unit that goes to it or below it: an indicator
//   is meant to be reported at one level (a province's own figure and its communes' would add).
// - Values are doubles (service converts its exact decimals); kinds plan / estimate / actual are
//   kept apart, the newest write of each cell wins (older vintages stay in the store), and the
//   read `kBest` takes the actual of a cell where there is one, else its estimate.
// - Month 0 is the year as a whole (a year plan, an annual-only figure). A whole-year read uses
//   a node's year cells when it has any, else its months; other periods read months only.
//
// Aggregation, at every level and over the months of a period:
//   sum   Σ values;                      mean  Σ values / number of values;
//   min   smallest value;                max   largest value;
//   last  the node's figure (Σ over its units) in the latest month of the period holding data;
//   ratio Σ numerator / Σ denominator × scale (never a mean of ratios); the numerator and
//         denominator are indicators of their own, and a ratio indicator takes no values.
// Sum indicators are flows (the year is the sum of its months); all others are levels.
//
// Not synchronised: the caller serialises writes against reads (one writer, a shared mutex).
// Concurrent reads are safe, including the first read of a version after Load, which builds its
// roll-ups under that version's own lock.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"
#include "domain/calendar.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"
#include "domain/report.hpp"

namespace wp::analytics {

using IndicatorId = int64_t;

enum class Aggregation { kSum, kMean, kRatio, kLast, kMin, kMax };
const char* AggregationName(Aggregation a);  // "sum", "mean", "ratio", "last", "min", "max"
std::optional<Aggregation> ParseAggregation(std::string_view s);

// A target's value from a date on (issue 18): the program's value from its date (version 1),
// then each approved amendment's from its effective date.
struct TargetStep {
  core::CivilDate from;
  double target = 0;
  int version = 1;
};

// An indicator (a target of the program, or a figure a target is computed from).
struct Indicator {
  IndicatorId id = 0;
  std::string code;  // short handle for logs and tests: "viec_lam"
  std::string name;  // "Số người được tạo việc làm"
  Aggregation aggregation = Aggregation::kSum;
  std::optional<IndicatorId> numerator, denominator;  // kRatio only: sum indicators
  double ratio_scale = 1;                             // 100 for a percentage
  domain::Comparator comparator = domain::Comparator::kMin;
  std::optional<double> target;    // the program's target for the whole country
  std::optional<double> baseline;  // decrease_by / increase_by: the level the change counts from
  // The target's steps through the year, by date (empty: `target` all year). The step in force
  // on a date is the last one from on or before it; before the first, the first.
  std::vector<TargetStep> steps;

  bool IsFlow() const { return aggregation == Aggregation::kSum; }
  // The program's target in force on `on`: its step then, else `target`. Null when it has none.
  const TargetStep* StepOn(const core::CivilDate& on) const;
  std::optional<double> TargetOn(const core::CivilDate& on) const;
};

// Which values a read takes.
enum class Read { kPlan, kEstimate, kActual, kBest };  // best: the actual, else the estimate
const char* ReadName(Read r);                          // "plan", "estimate", "actual", "best"
std::optional<Read> ParseRead(std::string_view s);

// One cell written. `value` nullopt clears the cell.
struct Value {
  domain::OrgUnitId unit = 0;
  IndicatorId indicator = 0;
  int year = 0;
  int month = 0;  // 1..12; 0 = the year as a whole
  domain::ValueKind kind = domain::ValueKind::kActual;
  std::optional<double> value;
};

// The months a read covers, within one year.
struct Window {
  int year = 0;
  int first_month = 1;
  int last_month = 12;

  bool WholeYear() const { return first_month == 1 && last_month == 12; }
  // "2012-M03", "2012-Q1", "2012-H2", "2012-Y", "2012-YTD05", or "2012-M02..M05".
  std::string Key() const;
};
// The months of a month, quarter, half or year. Fails with kInvalidArgument, reason
// "bad_period", for a one-off period.
core::Result<Window> WindowOf(const domain::Period& p);
// January to `through_month` (1..12). Fails with kInvalidArgument, reason "bad_period".
core::Result<Window> YearToDate(int year, int through_month);
// A period key (domain::Period::Key: "2012-M03", "2012-Q1", "2012-H1", "2012-Y") or a
// year-to-date key "2012-YTD05". Fails with kInvalidArgument, reason "bad_period".
core::Result<Window> ParseWindowKey(std::string_view key);

// A node of a view: a unit, or the whole country.
struct NodeInfo {
  std::optional<domain::OrgUnitId> unit;  // nullopt: the whole country
  std::string code;
  std::string name;                     // "Toàn quốc" for the whole country
  std::optional<domain::OrgKind> kind;  // nullopt for the whole country
  std::optional<domain::OrgUnitId> parent;
  bool outside_date = false;  // shown although it did not exist on the view's date
  // For a unit outside the date: the units of the date it was formed from, or went into.
  std::vector<domain::OrgUnitId> related;
  std::string label;  // the name, with the dates and related units of a unit outside the date
};

struct Aggregate {
  std::optional<double> value;  // nullopt: no data (or a zero denominator)
  uint32_t count = 0;           // cells behind the figure (a ratio: the denominator's)
};

struct Row {
  NodeInfo node;
  Aggregate aggregate;
};

struct Query {
  IndicatorId indicator = 0;
  std::optional<domain::OrgUnitId> unit;  // nullopt: the whole country
  core::CivilDate at;                     // the organisation as it stood on this date
  Window window;
  Read read = Read::kBest;
};

class Engine {
 public:
  // Fails with kInvalidArgument, reason "bad_indicator", for a repeated id, a ratio without a
  // numerator and denominator that are sum indicators of the list, a ratio scale that is not
  // positive, or numerator/denominator set on a non-ratio indicator.
  static core::Result<Engine> Create(domain::OrgRegistry registry,
                                     std::vector<Indicator> indicators);
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

  // Writes one cell and updates every roll-up in place. Fails with kNotFound, reason
  // "unknown_unit" / "unknown_indicator"; kInvalidArgument, reason "bad_value", for a month
  // outside 0..12, a year outside 1..9999, a value that is not finite, or a value for a ratio
  // indicator (write its numerator and denominator). Nothing changes on failure.
  core::Status Upsert(const Value& v);

  // Many cells at once (start-up): the cells are written first and the roll-ups computed in
  // one pass from them — the code path `Upsert` must agree with — each version's at its first
  // read (or Prepare), so that the versions of dates nobody asks about cost nothing. Fails like
  // Upsert at the first bad value, naming its position in the details; the cells before it stay
  // written and rolled up.
  core::Status Load(std::span<const Value> values);
  // The same from a source of batches (a store cursor), so that the values of a whole country
  // never need to be in memory twice: `next` fills the (emptied) batch and returns false once
  // there is nothing more.
  using ValueSource = std::function<bool(std::vector<Value>& batch)>;
  core::Status Load(const ValueSource& next);

  // The figure of one node over a window. Fails with kNotFound, reason "unknown_indicator" or
  // "unknown_unit", or reason "unit_not_in_structure" when the unit's data went into another
  // unit in the view of `at` (the message names it).
  core::Result<Aggregate> Get(const Query& q) const;

  // The children of q.unit in the view of q.at, each with its figure, in code order (units
  // outside the date only when they hold data in the window). Fails like Get.
  core::Result<std::vector<Row>> Children(const Query& q) const;

  // Every node of `kind` at or below q.unit in the view of q.at, in code order (units outside
  // the date only when they hold data). Fails like Get.
  core::Result<std::vector<Row>> Level(const Query& q, domain::OrgKind kind) const;

  // The node of `unit` (nullopt: the whole country) in the view of `at`. Fails like Get.
  core::Result<NodeInfo> Node(std::optional<domain::OrgUnitId> unit,
                              const core::CivilDate& at) const;

  // Computes now the roll-ups a Load left to the first read: of the version holding `at`, or
  // of every version (nullopt). A write like Upsert: not beside reads.
  void Prepare(std::optional<core::CivilDate> at = std::nullopt);

  // Replaces an indicator's target steps (an amendment approved): the figures stay, nothing is
  // rebuilt. A write like Upsert: not beside reads. kNotFound ("unknown_indicator");
  // kInvalidArgument ("bad_value") for a step that is not finite.
  core::Status SetTargetSteps(IndicatorId id, std::vector<TargetStep> steps);

  const Indicator* FindIndicator(IndicatorId id) const;
  const std::vector<Indicator>& indicators() const;
  const domain::OrgRegistry& registry() const;

  size_t value_count() const;    // cells holding a value, all kinds
  size_t version_count() const;  // versions of the organisation
  size_t memory_bytes()
      const;  // what the engine's arrays hold (an estimate, excluding the registry)

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wp::analytics
