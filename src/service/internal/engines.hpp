#pragma once
// The analytics engine of each program read so far, built from the store at its first read
// (or by Warm before anyone asks), updated in place by every approval (values in) and
// reopening (values out), dropped by a bulk load so the next read rebuilds it. Shared by
// Reporting (which feeds it) and Figures (which reads it). Included only by src/service and
// the composition root.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>

#include "analytics/engine.hpp"
#include "service/figures.hpp"
#include "service/internal/caches.hpp"
#include "store/store.hpp"

namespace wp::service {

class Engines {
 public:
  Engines(store::Store& store, const Organisation& org, ProgramCache& programs, Schedule& schedule,
          const Time& time)
      : store_(store), org_(org), programs_(programs), schedule_(schedule), time_(time) {}

  // One program's engine and what it was built from, read under `mu` (shared).
  struct ProgramAnalytics {
    std::shared_mutex mu;
    std::optional<analytics::Engine> engine;
    std::shared_ptr<const ProgramView> program;
    bool monthly = false;
    std::shared_ptr<const ProgramView> last_year;  // null when there is none
    bool last_year_monthly = false;
    std::map<int64_t, int64_t> last_year_targets;  // last year's target id → this year's
    std::set<int64_t> ratios;  // this year's targets computed from their numerator and denominator
    // The target rows whose reported values the engine takes (targets and rate components; not
    // the ratios, nor a restating mention's row — its values stay where they were sent).
    std::set<int64_t> fed;
    // Each unit's plan as the planner allocated it ((unit, target) → share): a plan cell of the
    // program's year (month 0) that a plan the unit reported does not override.
    int year = 0;
    std::map<std::pair<domain::OrgUnitId, int64_t>, double> allocations;
  };
  // The program's engine, built from the store when it is not yet. Fails with the store's
  // errors.
  core::Result<std::shared_ptr<ProgramAnalytics>> For(std::shared_ptr<const ProgramView> program);
  // kUnavailable ("analytics_rebuilding") for an engine dropped (by a failed update or a bulk
  // load) between being built and being read.
  static core::Status Built(const ProgramAnalytics& holder);
  // Puts an approved report's values into its program's engine, or takes them out. Never fails
  // the write it follows: an engine it cannot update is dropped and rebuilt at its next read.
  void Feed(const store::ReportRecord& report, bool approved);
  // Drops the engines that hold a program's figures (after a bulk load, or new allocations).
  void Drop(ProgramId program);
  // Builds the engine of the newest published program of each issuer, with the roll-ups of
  // today's organisation.
  core::Result<AnalyticsWarmup> Warm();

 private:
  store::Store& store_;
  const Organisation& org_;
  ProgramCache& programs_;
  Schedule& schedule_;
  const Time& time_;
  std::mutex mu_;
  std::map<ProgramId, std::shared_ptr<ProgramAnalytics>> engines_;
};

}  // namespace wp::service
