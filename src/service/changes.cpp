#include "service/changes.hpp"

#include <chrono>
#include <vector>

#include "service/internal/caches.hpp"
#include "service/internal/engines.hpp"
#include "store/store.hpp"

namespace wp::service {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(500);
constexpr size_t kPage = 1000;

}  // namespace

ChangeFeed::ChangeFeed(store::Store& store, Engines& engines, Schedule& schedule,
                       DataGeneration& generation)
    : store_(store),
      engines_(engines),
      schedule_(schedule),
      generation_(generation),
      origin_(store.Origin()) {}

ChangeFeed::~ChangeFeed() { Stop(); }

core::Status ChangeFeed::Start() {
  if (following_.load()) return {};
  WP_ASSIGN_OR_RETURN(int64_t head, store_.ChangesHead());
  applied_.store(head);
  following_.store(true);
  thread_ = std::thread([this] { Run(); });
  return {};
}

void ChangeFeed::Stop() {
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
}

void ChangeFeed::Run() {
  while (!stopping_.load()) {
    // Notified, timed out or resumed: the sequence says what is new either way.
    (void)store_.WaitForChanges(kPoll);
    if (stopping_.load()) break;
    // A store that does not answer now is asked again at the next turn, from the same place.
    (void)CatchUp();
  }
}

core::Result<size_t> ChangeFeed::CatchUp() {
  std::lock_guard lock(apply_mu_);
  size_t foreign = 0;
  while (true) {
    WP_ASSIGN_OR_RETURN(auto page, store_.ListChanges(applied_.load(), kPage));
    for (const auto& change : page) {
      if (change.origin != origin_) {
        Apply(change);
        ++foreign;
      }
      applied_.store(change.seq);
    }
    // Every change moves what a dashboard shows on: no answer kept from before may be served.
    if (!page.empty() && foreign > 0) generation_.Changed();
    if (page.size() < kPage) break;
  }
  applied_total_.fetch_add(foreign);
  return foreign;
}

void ChangeFeed::Apply(const store::ChangeRecord& change) {
  const std::string& kind = change.kind;
  if (kind == "report.approve" || kind == "report.reopen") {
    if (!change.report_id) return;
    // The report as stored now: a later change of it (reopened again …) is applied after this.
    auto report = store_.GetReport(*change.report_id);
    if (report) {
      engines_.Feed(*report, report->status == domain::ReportStatus::kApproved);
    } else if (change.program_id) {
      engines_.Drop(*change.program_id);  // rebuilt from the store at its next read
    }
  } else if (kind == "report.bulk_load" || kind == "allocation.replace" ||
             kind == "dataset.generate") {
    if (change.program_id) engines_.Drop(*change.program_id);
  } else if (kind == "program.publish") {
    schedule_.ForgetPreviousYears();
  }
}

core::Result<ChangeFeedState> ChangeFeed::State() const {
  ChangeFeedState s;
  s.following = following_.load();
  s.applied = applied_.load();
  s.applied_total = applied_total_.load();
  WP_ASSIGN_OR_RETURN(s.head, store_.ChangesHead());
  return s;
}

}  // namespace wp::service
