#pragma once
// The pieces of state the use cases share, each passed to the services that need it: the
// program cache (published programs never change: each is read once, then only its approved
// amendments' versions are followed, issue 18), the schedule (a
// program's obligations, the reports expected of it, and last year's program matched to it),
// and the caches a report save reads through (form skeletons and reports' current contents).
// Thread-safe. Included only by src/service and the composition root.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/lru_cache.hpp"
#include "service/report_types.hpp"
#include "store/store.hpp"

namespace wp::service {

class Organisation;

class ProgramCache {
 public:
  ProgramCache(store::Store& store, const Organisation& org) : store_(store), org_(org) {}

  // A program with its corrections applied, kept once read when published. kNotFound.
  core::Result<std::shared_ptr<const ProgramView>> Load(ProgramId id);
  // The same; kNotFound also for a draft the principal may not see.
  core::Result<std::shared_ptr<const ProgramView>> Get(const domain::Principal& by, ProgramId id);
  // The same; kFailedPrecondition ("program_not_published") for a draft.
  core::Result<std::shared_ptr<const ProgramView>> Published(const domain::Principal& by,
                                                             ProgramId id);
  // Issue 18: the program in force on `at` — the baseline with the changes of the approved
  // versions effective on or before it applied (ApplyChange, in (effective_from, version)
  // order): target values, deadlines, leads, tasks added (with their assigned ids) and dropped
  // (kept, marked); ids kept. The baseline itself when no version is in force. Memoized per
  // (program, amendments revision, versions in force). kNotFound as Get.
  core::Result<std::shared_ptr<const ProgramView>> InForce(const domain::Principal& by,
                                                           ProgramId id, core::CivilDate at);
  // The same from a view already read (Get, Published).
  core::Result<std::shared_ptr<const ProgramView>> InForce(
      const std::shared_ptr<const ProgramView>& baseline, core::CivilDate at);

 private:
  store::Store& store_;
  const Organisation& org_;
  std::mutex mu_;
  // Published programs as published, each with its versions and the amendments revision they
  // were read at: a published entry is served while the store's revision is the same (one
  // indexed read per Load: another server's approval is seen at the next request).
  std::map<ProgramId, std::shared_ptr<const ProgramView>> published_;
  // Views in force: (program, revision, versions in force) → view.
  std::map<std::tuple<ProgramId, int64_t, size_t>, std::shared_ptr<const ProgramView>> in_force_;
};

// Checks an amendment's change against `view` (the program in force on its effective date) and
// completes it: `value` as stored (a decimal in base units, an ISO date, a unit's name, a task's
// text), `before` and `after` as a person reads them; with `apply`, also makes it in `view`
// (from `from`, as version `version`) and records the step in `view.changed` — with the
// change's before and after as the amendment recorded them when it has them. kInvalidArgument
// ("correction_invalid") naming the bad part (corrections.cpp).
core::Status ApplyChange(const Organisation& org, ProgramView& view, domain::Change& change,
                         bool apply, int version = 1, core::CivilDate from = {});

class Schedule {
 public:
  Schedule(store::Store& store, const Organisation& org, ProgramCache& programs)
      : store_(store), org_(org), programs_(programs) {}

  // Obligations of a program (its reporting rules read as schedules).
  std::vector<ObligationView> Obligations(const ProgramView& program) const;
  // The obligation of `key` ("r2"), when the program has it.
  std::optional<ObligationView> FindObligation(const ProgramView& program,
                                               std::string_view key) const;
  // Every report expected of the program (none before the decision's date); shared and not
  // copied (kept per published program; a form reads it on every save).
  using ExpectedList = std::shared_ptr<const std::vector<domain::ExpectedReport>>;
  core::Result<ExpectedList> SharedExpected(const ProgramView& program);
  core::Result<std::vector<domain::ExpectedReport>> Expected(const ProgramView& program);

  // The published program of the year before `program`'s, of the same issuer (the newest when
  // several; null when there is none), with its targets' counterparts in `program`. Cached for
  // a minute.
  struct PreviousYear {
    std::shared_ptr<const ProgramView> program;
    std::shared_ptr<const std::map<int64_t, int64_t>> targets;  // its target id → this year's
    // This year's obligation key → last year's obligation of the same frequency (and name,
    // when several have it); absent when there is none, or several and none of the same name.
    std::shared_ptr<const std::map<std::string, std::string>> obligations;
  };
  core::Result<PreviousYear> PreviousYearProgram(const ProgramView& program);
  // Last year's targets → this year's: the same indicator and unit of measure in the same
  // section, or else the only one of that indicator and unit in each program.
  static std::map<int64_t, int64_t> Counterparts(const ProgramView& now, const ProgramView& then);
  // Forgets the matches kept (another server published a program: one may be last year's).
  void ForgetPreviousYears() {
    std::lock_guard lock(mu_);
    previous_year_.clear();
  }

 private:
  ObligationView ObligationAt(const ProgramView& program, size_t i) const;  // of rule i

  store::Store& store_;
  const Organisation& org_;
  ProgramCache& programs_;
  std::mutex mu_;
  std::map<ProgramId, ExpectedList> expected_;
  std::map<ProgramId, std::pair<PreviousYear, std::chrono::steady_clock::time_point>>
      previous_year_;
};

// What a report save reuses, bounded: form skeletons by (program, unit), each with the
// allocations revision it was built at, and reports' current contents by id, each with the
// version it is of. Every write of a report's content moves its version on, so a kept content
// is current while its version is the stored one.
class ReportCaches {
 public:
  explicit ReportCaches(store::Store& store) : store_(store) {}

  struct KeptSkeleton {
    int64_t allocations_revision = 0;
    int64_t responsibility_revision = 0;
    int64_t unit_programs_revision = 0;  // issue 18: the unit's accepted program
    // The dates the program's matrix is the same on (none: every date).
    std::optional<core::CivilDate> from, to;
    std::shared_ptr<const FormSkeleton> skeleton;
  };
  struct PairHash {
    size_t operator()(const std::pair<int64_t, int64_t>& k) const {
      return std::hash<int64_t>()(k.first * 1000003 ^ k.second);
    }
  };
  // At most kSkeletonBudget target rows and tasks in all (~60 MB).
  static constexpr size_t kSkeletonBudget = 200'000;
  core::LruCache<std::pair<int64_t, int64_t>, KeptSkeleton, PairHash> skeletons{kSkeletonBudget};

  // The task progress a unit reported in a program, per task, from the unit's reports (id and
  // version, sorted) it was read from: kept per (program, unit) while those are unchanged.
  struct ReportedProgress {
    struct Entry {
      core::CivilDate end;     // of the report's period
      std::string updated_at;  // of the report: of two periods ending alike, the newer wins
      ReportId report = 0;
      std::string obligation;
      domain::Period period;
      domain::TaskProgress progress;
    };
    std::vector<std::pair<ReportId, int64_t>> read_from;
    std::map<std::string, std::vector<Entry>, std::less<>> by_task;  // newest first
  };
  // At most kProgressBudget progress entries in all (~30 MB).
  static constexpr size_t kProgressBudget = 200'000;
  core::LruCache<std::pair<int64_t, int64_t>, ReportedProgress, PairHash> progress{kProgressBudget};

  // A report's current content at `version`: kept, or read and kept.
  core::Result<std::shared_ptr<const domain::ReportContent>> CurrentContent(ReportId id,
                                                                            int64_t version);
  // Keeps `content` as report `id`'s at `version`.
  void KeepContent(ReportId id, int64_t version, domain::ReportContent content);

 private:
  struct KeptContent {
    int64_t version = 0;
    domain::ReportContent content;
  };
  std::shared_ptr<const KeptContent> Keep(ReportId id, int64_t version,
                                          domain::ReportContent content);
  store::Store& store_;
  // At most kContentBudget values and tasks in all (~50 MB).
  static constexpr size_t kContentBudget = 500'000;
  core::LruCache<ReportId, KeptContent> contents_{kContentBudget};
};

}  // namespace wp::service
