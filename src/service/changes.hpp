#pragma once
// Following the other servers on the same database (issue 20). Every write another server must
// see records a change in its own transaction (store::ChangeRecord, in commit order); a
// ChangeFeed applies the changes of other processes to this one's state — an approval's or a
// reopening's values into or out of the analytics engines, a bulk load or new shares by
// dropping the program's engines (rebuilt at their next read), a publication by forgetting last
// year's matched programs — and moves the data generation on, so that no dashboard answer kept
// here outlives them. It wakes on PostgreSQL's NOTIFY and polls every half second anyway (SQLite
// has no notifications; a lost LISTEN connection or a restart misses some): it always goes on
// from the last change it applied, so nothing notified or not is skipped.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "service/common.hpp"

namespace wp::store {
class Store;
struct ChangeRecord;
}  // namespace wp::store

namespace wp::service {

class Engines;
class Schedule;

// Where a server stands in the change sequence, for /metrics.
struct ChangeFeedState {
  bool following = false;      // Start was called
  int64_t applied = 0;         // the last change applied (or passed: its own)
  int64_t head = 0;            // the newest change stored
  uint64_t applied_total = 0;  // other processes' changes applied since start
};

class ChangeFeed {
 public:
  ChangeFeed(store::Store& store, Engines& engines, Schedule& schedule, DataGeneration& generation);
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Follows from the newest change stored now (call it before the engines are built: what
  // they read is at least that) on a thread of its own. Fails with the store's errors.
  core::Status Start();
  // Stops the thread (within half a second). Idempotent.
  void Stop();
  // Applies the changes after the last one applied, in order, a thousand at a time; returns how
  // many were other processes'. Fails with the store's errors (what was applied stays applied).
  core::Result<size_t> CatchUp();
  // kUnavailable when the head cannot be read.
  core::Result<ChangeFeedState> State() const;

 private:
  void Run();
  void Apply(const store::ChangeRecord& change);

  store::Store& store_;
  Engines& engines_;
  Schedule& schedule_;
  DataGeneration& generation_;
  const std::string origin_;
  std::mutex apply_mu_;  // one catch-up at a time
  std::atomic<int64_t> applied_{0};
  std::atomic<uint64_t> applied_total_{0};
  std::atomic<bool> following_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace wp::service
