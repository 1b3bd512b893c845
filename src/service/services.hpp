#pragma once
// The use cases as `api` and `app` receive them: one reference per service, built by the
// composition root (ServiceSet in app and tests). No logic of its own.

#include "service/accounts.hpp"
#include "service/amendments.hpp"
#include "service/audit.hpp"
#include "service/changes.hpp"
#include "service/documents.hpp"
#include "service/figures.hpp"
#include "service/gen_data.hpp"
#include "service/next_year.hpp"
#include "service/organisation.hpp"
#include "service/programs.hpp"
#include "service/report_files.hpp"
#include "service/reporting.hpp"
#include "service/responsibilities.hpp"
#include "service/unit_programs.hpp"

namespace wp::service {

struct Services {
  Accounts& accounts;
  Programs& programs;
  Organisation& org;
  Reporting& reporting;
  ReportFiles& files;
  Figures& figures;
  AuditLog& audit;
  DataGenerator& gen_data;
  const Time& time;
  const DataGeneration& generation;
  const StoreMetrics& metrics;
  Responsibilities& responsibilities;
  Documents& documents;
  Amendments& amendments;       // issue 18
  UnitPrograms& unit_programs;  // issue 18
  NextYear& next_year;          // issue 18
  ChangeFeed& changes;          // issue 20: the other servers' writes followed
};

}  // namespace wp::service
