#pragma once
// Issue 20: what /readyz checks and /metrics adds about the process's health. /healthz says the
// process lives; /readyz that it can serve: the database takes a write, the engines are loaded,
// the data directory's disk has room. The checks belong to the process (one server, one
// database, one disk): `workplan serve` configures them once before serving.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "service/services.hpp"

namespace wp::api {

struct HealthOptions {
  // A write the database would take, tried and rolled back (store/backup.hpp's probes); null:
  // not checked.
  std::function<core::Status()> probe_write;
  // The file system of `data_dir` must keep `min_free_bytes` free ("": not checked).
  std::string data_dir;
  uint64_t min_free_bytes = 0;
  // Serve's warm-up: the unix time the engines were loaded, 0 while they load, -1 when that
  // failed (then retried by the check); null: none to wait for.
  std::atomic<int64_t>* engines_loaded_at = nullptr;
  // More Prometheus text for /metrics (serve's scheduled backups); null: none.
  std::function<std::string()> more_metrics;
};

// What the checks found: ready when `problems` is empty (each with an English reason and a
// Vietnamese message).
struct Readiness {
  std::vector<core::Error> problems;
  double probe_seconds = 0;            // the database write probe's time
  std::optional<uint64_t> free_bytes;  // of data_dir's file system
  std::chrono::steady_clock::time_point at;
};

// Sets the checks (serve, before it serves). Without it /readyz checks nothing but that the
// process answers.
void ConfigureHealth(HealthOptions options);

// Runs the checks at most once a second (callers meanwhile get the last result): the write
// probe, the engines (retried through `services` after a failed warm-up), the disk.
Readiness CheckReadiness(const service::Services& services);

// The health gauges for /metrics: readiness, the write probe's latency, the engines' load age,
// the data directory's free space, and HealthOptions::more_metrics.
std::string HealthMetricsText(const service::Services& services);

}  // namespace wp::api
