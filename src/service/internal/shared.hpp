#pragma once
// What the services' implementations share and their callers never see: the audit event of a
// write, the permission check, the conversions from the store's records to the views that cross
// to `api`, the fingerprints audit entries record, and the application of a program's
// corrections. Included only by src/service and the composition root (check_layering.py).

#include <string>
#include <vector>

#include "service/audit.hpp"
#include "service/common.hpp"
#include "service/programs.hpp"
#include "service/report_types.hpp"
#include "store/store.hpp"

namespace wp::service {

// What a write by `by` records about itself, at the clock's now.
store::AuditEvent Event(const Time& time, const domain::Principal& by, std::string action,
                        std::string entity, std::string entity_id = "");
// kPermissionDenied ("forbidden") unless `who` may do `what`.
core::Status Require(const domain::Principal& who, domain::Permission what);
std::string IsoUtc(std::chrono::system_clock::time_point t);

// The store's records as the views callers see.
ProgramStatus ViewOf(store::ProgramStatus s);
store::ImportMode ModeOf(ImportMode m);
ProgramRecordView ViewOf(store::ProgramRecord record);
TargetView ViewOf(store::StoredTarget target);
ProgramSummaryView ViewOf(store::ProgramSummary s);
CorrectionView ViewOf(const store::ProgramCorrection& k);
ReportHeader ViewOf(store::ReportRecord r);
store::ReportRecord RecordOf(const ReportHeader& h);
ValueVersionView ViewOf(store::ValueVintage v);
AllocationShare ViewOf(const store::Allocation& a);
OutboxMessageView ViewOf(store::OutboxMessage m);
AuditEntryView ViewOf(store::AuditEntry e);
template <typename T>
auto ViewsOf(std::vector<T> records) {
  std::vector<decltype(ViewOf(std::move(records.front())))> out;
  out.reserve(records.size());
  for (auto& r : records) out.push_back(ViewOf(std::move(r)));
  return out;
}

// Fingerprints of stored state, recorded in audit entries and recomputed by VerifyAudit.
std::string ProgramFingerprint(const store::ProgramRecord& program);
// The fingerprint an entry recorded of its entity's state, if it did.
std::optional<std::string> RecordedFingerprint(const store::AuditEntry& entry);
// What is wrong with a program's source text (Vietnamese), nullopt when its SHA-256 is the one
// stored beside it — which the program's fingerprint covers.
std::optional<std::string> SourceProblem(const store::ProgramRecord& program);
// The log held against an anchor's records (audit_anchor.cpp); findings go to `v`.
core::Status CheckAnchor(store::Store& store, const std::vector<AnchorRecord>& records,
                         const std::string& file, AuditVerification& v);
std::string UserFingerprint(const store::UserRecord& user);
// An amendment of a published program (issue 18) as stored: its state, dates, who acted, and
// its changes; every amendment write records it, `audit verify` recomputes it.
std::string AmendmentFingerprint(const store::AmendmentRecord& amendment);
// A report's key within its program, "r1|2012-M03|1001": a bulk load's entry names the reports
// it wrote by it.
std::string ReportKey(const std::string& obligation, const std::string& period,
                      domain::OrgUnitId unit);
// A report as stored at `version`: its program, obligation, period and unit, status, and the
// current content (values, task progress, narrative). Every report write records it.
std::string ReportFingerprint(const store::ReportRecord& report, int64_t version,
                              const domain::ReportContent& content);
// A document (issue 17) as stored: SHA-256 of its status, version, header, and each block's key
// and effective text (the edit, else the generated text; "" when removed) with its table's
// cells. Every document write records it; `audit verify` recomputes it.
std::string DocumentFingerprint(const store::DocumentRecord& document,
                                const std::vector<domain::Block>& blocks);

// Checks a correction against `view` and completes it (value as stored, before, after); with
// `apply`, makes it in `view` too (corrections.cpp). kInvalidArgument ("correction_invalid").
core::Status Correct(const Organisation& org, ProgramView& view, store::ProgramCorrection& k,
                     bool apply);

}  // namespace wp::service
