#pragma once
// The demo's year of reporting: the 2012 program's reports from every province and Ministry
// unit, written through the service as those units would have sent them (saved, submitted,
// approved, each write audited), so that `make run` opens on a dashboard with real
// aggregation. It hides the figures' recipe: each province's share of the national targets,
// the months' seasonality, and which units were late, missing or still awaiting approval.

#include <atomic>
#include <chrono>
#include <iosfwd>
#include <optional>

#include "core/error.hpp"
#include "service/services.hpp"

namespace wp::app {

// A "now" the demo holds while it replays a past year: the service takes lateness (from the
// first submission) and audit times from its clock, so a report the demo sends on 16/03/2012
// is on time as one a province sent that day was.
class HeldClock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  void Hold(TimePoint t) { held_.store(t.time_since_epoch().count()); }
  void Release() { held_.store(kNone); }
  std::optional<TimePoint> Held() const {
    auto v = held_.load();
    if (v == kNone) return std::nullopt;
    return TimePoint(TimePoint::duration(v));
  }

 private:
  static constexpr TimePoint::rep kNone = INT64_MIN;
  std::atomic<TimePoint::rep> held_{kNone};
};

// Gives the draft program `id` the baselines of the demo's "giảm/tăng X" targets (last year's
// rate, invented like its weights) as a planner's corrections, audited, so that the dashboard can
// measure them. Targets with a baseline already, or not in the demo's list, are left alone.
core::Status SetDemoBaselines(const service::Services& svc, service::ProgramId id);

// Writes the reports of the published program of `year` (the 2012 seed) when it has none yet:
// every report expected of the provinces and Ministry units, with plausible, deterministic
// figures; a few units late, a few reports missing, a few awaiting approval or returned, and
// Hà Nội's December report left for the demo accounts to enter; then the Ministry's November
// report, generated and issued as 45/BC-LĐTBXH. A program with reports already gets only that
// report, when it has none of November; an absent program, nothing. Fails with the first error
// of the service.
core::Status LoadDemoReports(const service::Services& svc, HeldClock& clock, int year,
                             std::ostream& out);

}  // namespace wp::app
