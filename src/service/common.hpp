#pragma once
// What every use case of service shares with its callers: the ids of programs and reports, the
// options and first-start seed, the clock (Time: "now" and today in Việt Nam), the number that
// moves with every write a dashboard shows (DataGeneration), the principal of the command line,
// and the reading of a typed number. Hides nothing of the store: no store type appears here.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/decimal.hpp"
#include "domain/access.hpp"
#include "service/views.hpp"

namespace wp::store {
class Store;
}

namespace wp::service {

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct ServiceOptions {
  std::chrono::seconds session_ttl{8 * 3600};
  size_t max_decision_bytes = 8u << 20;
  Clock clock = [] { return std::chrono::system_clock::now(); };
  // The audit chain's anchor file (AuditLog::AnchorHead, VerifyAudit); "" none.
  std::string audit_anchor;
};

// Where the first organisation comes from when the store has none (the two province tables of
// data/, as texts).
struct OrgSeed {
  std::string provinces_csv;
  std::string provinces_2025_csv;
  std::string holidays_csv;  // data/holidays.csv: days off and swapped working days; "" none
  // data/indicators/*.csv as (file name without ".csv", text): the issuers' catalogues of
  // indicators, loaded when the store has none (molisa: the Ministry's).
  std::vector<std::pair<std::string, std::string>> indicator_csvs = {};
  // data/templates/*.docx as (name without ".docx", bytes): the papers' templates (issue 17),
  // used until an admin uploads one.
  std::map<std::string, std::string> templates = {};
};

// The acting principal of the command line and of first-start loading.
domain::Principal SystemPrincipal(const std::string& name);

// The date in Việt Nam (UTC+7) of an ISO 8601 UTC time.
core::CivilDate LocalDate(const std::string& iso_utc);

// A number as a person types it in a form, CSV or spreadsheet: the Vietnamese way
// ("1.510.000", "4,3") or the plain machine form ("1510000", "4.3", "1.2E-3"); "1.510" is one
// thousand five hundred and ten. nullopt when it is not a number.
std::optional<core::Decimal> ParseTypedNumber(std::string_view s);

// "Now" as every use case reads it: the options' clock (a rehearsal clock in tests and demos).
class Time {
 public:
  explicit Time(Clock clock) : clock_(std::move(clock)) {}
  std::chrono::system_clock::time_point Now() const { return clock_(); }
  std::string NowIso() const;  // ISO 8601 UTC, seconds
  // The date in Việt Nam: a report sent at 23:30 on the 18th is sent on the 18th.
  core::CivilDate Today() const { return LocalDate(NowIso()); }

 private:
  Clock clock_;
};

// A number that changes whenever something a dashboard or a report list shows may have
// changed through this process: a report written or acted on, a bulk load, a program
// published, a data set generated. An answer computed after reading generation g is current
// while Current() is still g (what another process writes is not counted).
class DataGeneration {
 public:
  uint64_t Current() const { return value_.load(std::memory_order_acquire); }
  void Changed() { value_.fetch_add(1, std::memory_order_acq_rel); }

 private:
  std::atomic<uint64_t> value_{0};
};

// The store's write statistics, read for /metrics without handing the store out.
class StoreMetrics {
 public:
  explicit StoreMetrics(store::Store& store) : store_(store) {}
  WriteStatsView WriteStats() const;

 private:
  store::Store& store_;
};

}  // namespace wp::service
