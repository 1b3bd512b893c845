#pragma once
// `workplan gen-data`: the synthetic national data set (analytics/synthetic.hpp) written into
// the store as the application would hold it — units, one published program per year, the
// reports with their versions — so that the dashboard, the start-up load and the benchmarks run
// on real stored data.

#include <cstdint>
#include <map>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "service/common.hpp"

namespace wp::service {

class Organisation;

struct GenDataOptions {
  char scale = 'S';  // 'S' provinces, 'M' plus 700 districts, 'L' plus 10 665 communes
  uint64_t seed = 1;
};

struct GenDataResult {
  struct Counts {
    size_t units = 0;
    size_t programs = 0;
    size_t reports = 0;
    size_t values = 0;  // rows of report_values: every version's
  } counts;
  std::vector<ProgramId> programs;  // one per year, oldest first
  int latest_year = 0;
  // What the generator implies for the newest program's dashboard at the end of its year:
  // each target's national figure for the year to date from the approved reports (flows summed,
  // percentages averaged over the units' values), by target id; absent when nothing was approved.
  std::map<int64_t, double> latest_current;
  size_t approved_reports = 0, late_reports = 0, missing_reports = 0, pending_reports = 0;
};

class DataGenerator {
 public:
  DataGenerator(store::Store& store, Organisation& org, const Time& time,
                DataGeneration& generation);

  // Writes the data set into the store, in one transaction, audited: districts (M, L) and
  // communes (L) under the registry's provinces, with the 1/7/2025 reform; one published
  // program per year 2021–2025 of the same issuer, whose 200 targets are the data set's
  // indicators, with a monthly report from the reporting level and a yearly one (the provinces'
  // plans); every report the data set has, approved (December 2025's only submitted), some
  // late, some never sent. Admins only. Fails with kInvalidArgument ("bad_scale"),
  // kFailedPrecondition ("database_not_empty") when a program or report is stored, or the
  // store's errors; nothing is stored then.
  core::Result<GenDataResult> GenerateData(const domain::Principal& by, const GenDataOptions& o);

 private:
  store::Store& store_;
  Organisation& org_;
  const Time& time_;
  DataGeneration& generation_;
};

}  // namespace wp::service
