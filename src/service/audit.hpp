#pragma once
// The audit log as an admin reads it, and its verification: the hash chain from the first
// entry, then every program and account against the fingerprint recorded in its last entry,
// and every report against the fingerprint its newest report entry recorded, so an edit made in
// the database by hand shows. Only views of the entries leave it.

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "service/common.hpp"

namespace wp::service {

class Organisation;

struct AuditVerification {
  size_t entries = 0;
  size_t programs_checked = 0;
  size_t users_checked = 0;
  size_t reports_checked = 0;
  // Reports whose last write was a bulk load (POST …/bulk-values), or that were written by the
  // data-set load of `workplan gen-data` and never since: their entries name them without a
  // fingerprint, so they are counted, not checked one by one.
  size_t reports_bulk_loaded = 0;
  size_t reports_generated = 0;
  // Reports last written before report entries recorded a fingerprint (an older database).
  size_t reports_unrecorded = 0;
  std::vector<std::string> problems;  // Vietnamese, one per finding; empty when intact
  bool ok() const { return problems.empty(); }
};

class AuditLog {
 public:
  AuditLog(store::Store& store, const Organisation& org);

  // The entries after `after_seq` (admin; at most 1000). kPermissionDenied for others.
  core::Result<std::vector<AuditEntryView>> Audit(const domain::Principal& by, int64_t after_seq,
                                                  size_t limit);
  // The log is read once, the reports listed once, each one's content read once (again, with
  // its newest entry, only when it differs, in case a write came meanwhile); a report the log
  // names and the database no longer holds was deleted by hand. Fails with the store's errors.
  core::Result<AuditVerification> VerifyAudit();

 private:
  store::Store& store_;
  const Organisation& org_;
};

}  // namespace wp::service
