#pragma once
// The audit log as an admin reads it, and its verification: the hash chain from the first
// entry, then every program and account against the fingerprint recorded in its last entry
// (a program's source text against its audited SHA-256), every report against the fingerprint
// its newest report entry recorded, so an edit made in the database by hand shows; and the
// log against its anchor — the chain's head written outside the database (AnchorHead) — so a
// log cut short, its tail deleted and the data rolled back to match, shows too. Only views of
// the entries leave it.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "service/common.hpp"

namespace wp::service {

class Organisation;

// One finding of a verification: a stable English code ("audit_tail_cut", "source_tampered",
// "edited_outside" …) and what it means, in Vietnamese.
struct AuditProblem {
  std::string code;
  std::string message;
  // Implicit on purpose: a check that names only what it found pushes its message, and the
  // finding is "edited_outside" (a row changed outside the system).
  AuditProblem(std::string m) : code("edited_outside"), message(std::move(m)) {}  // NOLINT
  AuditProblem(const char* m) : AuditProblem(std::string(m)) {}                   // NOLINT
  AuditProblem(std::string c, std::string m) : code(std::move(c)), message(std::move(m)) {}
};

// A head of the chain as an anchor recorded it: its seq and hash, and when it was seen (ISO 8601
// UTC, the machine's clock).
struct AnchorRecord {
  int64_t seq = 0;
  std::string hash;
  std::string at;
};

// The records of an anchor file, oldest first. kNotFound ("anchor_not_found"),
// kInvalidArgument ("bad_anchor") naming the line that cannot be read.
core::Result<std::vector<AnchorRecord>> ReadAnchorFile(const std::string& path);

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
  // Sessions and API tokens checked against the audited sign-in or creation that made them.
  size_t sessions_checked = 0;
  size_t tokens_checked = 0;
  // Documents (issue 17) checked against the fingerprint their newest entry recorded.
  size_t documents_checked = 0;
  // Amendments (issue 18) against their newest entry's fingerprint, and the programs' versions
  // against the approved amendments that made them.
  size_t amendments_checked = 0;
  size_t versions_checked = 0;
  // Units' own programs (issue 18) checked against the fingerprint their newest entry recorded,
  // and their versions' snapshots against the SHA-256 stored beside each.
  size_t unit_programs_checked = 0;
  std::vector<AuditProblem> problems;  // one per finding; empty when intact
  // The anchor the log was held against: its file and how many records it had (0: none yet).
  std::optional<std::string> anchor_file;
  size_t anchor_records = 0;
  bool ok() const { return problems.empty(); }
};

class AuditLog {
 public:
  // `anchor_file`: where AnchorHead writes and VerifyAudit() reads the anchor; "" none.
  AuditLog(store::Store& store, const Organisation& org, std::string anchor_file = "");

  // The entries after `after_seq` (admin; at most 1000). kPermissionDenied for others.
  core::Result<std::vector<AuditEntryView>> Audit(const domain::Principal& by, int64_t after_seq,
                                                  size_t limit);
  // The log is read once, the reports listed once, each one's content read once (again, with
  // its newest entry, only when it differs, in case a write came meanwhile); a report the log
  // names and the database no longer holds was deleted by hand. Fails with the store's errors.
  // With the configured anchor file when there is one (a server's: not written yet is no
  // finding; unreadable, one: "audit_anchor_unreadable").
  core::Result<AuditVerification> VerifyAudit();
  // Against the anchor in `anchor_file` (it must exist: kNotFound "anchor_not_found",
  // kInvalidArgument "bad_anchor"); "" none. Each server writes its own anchor of the one log:
  // a record is kept when the log holds its seq with its hash; one beyond the log's end names a
  // cut tail ("audit_tail_cut"), one whose seq holds another hash a rewritten log
  // ("audit_anchor_mismatch").
  core::Result<AuditVerification> VerifyAudit(const std::string& anchor_file);

  // Writes the chain's head to the anchor file when it moved on since the last record (the
  // file keeps the newest records and the first of each day, bounded, and is replaced whole:
  // written beside, synced, renamed). Returns the record written, nullopt when the head had not
  // moved or no file is configured. Fails with the store's errors, kUnavailable
  // ("anchor_write_failed"), kInvalidArgument ("bad_anchor") for a file it cannot read, and
  // kFailedPrecondition ("audit_anchor_conflict") when the log no longer holds what the file
  // recorded: the file is then left as it is, the evidence of the cut, for VerifyAudit to name.
  core::Result<std::optional<AnchorRecord>> AnchorHead();
  const std::string& anchor_file() const { return anchor_file_; }

 private:
  core::Result<AuditVerification> Verify(const std::vector<AnchorRecord>* anchor,
                                         const std::string& anchor_file);
  store::Store& store_;
  const Organisation& org_;
  const std::string anchor_file_;
  std::mutex anchor_mu_;
  bool anchor_loaded_ = false;
  std::vector<AnchorRecord> anchored_;  // the file's records, oldest first
};

}  // namespace wp::service
