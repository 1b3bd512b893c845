// Api::Handle in process, without a socket, over a real SQLite store: routing (404, 405 with
// Allow), authentication, a few real flows, the OpenAPI document against what the table
// serves, and a store made to fail (a decorator) to check the catch site: the status, the
// request id, one error line with the internal note in the log and nothing of it in the body.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "api/api.hpp"
#include "api/log.hpp"
#include "service/service_set.hpp"
#include "store/store.hpp"

namespace wp::store {
namespace {

// A store that forwards to a real one and, when told, fails the next calls of one method: with
// an Error (kUnavailable, kInternal) carrying an internal note, or by throwing.
class FaultyStore : public Store {
 public:
  enum class Mode { kNone, kUnavailable, kInternal, kThrow };

  explicit FaultyStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}

  void FailOn(std::string method, Mode mode) {
    std::lock_guard lock(mu_);
    method_ = std::move(method);
    mode_ = mode;
  }

  WriteStats GetWriteStats() const override { return inner_->GetWriteStats(); }
  core::Status SaveOrgUnits(const std::vector<domain::OrgUnit>& units) override {
    if (auto e = Fault("SaveOrgUnits")) return tl::unexpected(*e);
    return inner_->SaveOrgUnits(units);
  }
  core::Result<std::vector<domain::OrgUnit>> LoadOrgUnits() override {
    if (auto e = Fault("LoadOrgUnits")) return tl::unexpected(*e);
    return inner_->LoadOrgUnits();
  }
  core::Result<ProgramId> InsertProgram(const ProgramRecord& program, ImportMode mode,
                                        const AuditEvent& audit) override {
    if (auto e = Fault("InsertProgram")) return tl::unexpected(*e);
    return inner_->InsertProgram(program, mode, audit);
  }
  core::Result<ProgramRecord> GetProgram(ProgramId id) override {
    if (auto e = Fault("GetProgram")) return tl::unexpected(*e);
    return inner_->GetProgram(id);
  }
  core::Result<std::string> GetProgramSourceBytes(ProgramId id) override {
    if (auto e = Fault("GetProgramSourceBytes")) return tl::unexpected(*e);
    return inner_->GetProgramSourceBytes(id);
  }
  core::Result<std::vector<ProgramSummary>> ListPrograms() override {
    if (auto e = Fault("ListPrograms")) return tl::unexpected(*e);
    return inner_->ListPrograms();
  }
  core::Status PublishProgram(ProgramId id, const std::string& at,
                              const AuditEvent& audit) override {
    if (auto e = Fault("PublishProgram")) return tl::unexpected(*e);
    return inner_->PublishProgram(id, at, audit);
  }
  core::Result<ProgramSettings> GetProgramSettings(ProgramId id) override {
    if (auto e = Fault("GetProgramSettings")) return tl::unexpected(*e);
    return inner_->GetProgramSettings(id);
  }
  core::Status SetProgramSettings(ProgramId id, const ProgramSettings& settings,
                                  const AuditEvent& audit) override {
    if (auto e = Fault("SetProgramSettings")) return tl::unexpected(*e);
    return inner_->SetProgramSettings(id, settings, audit);
  }
  core::Result<std::vector<StoredTarget>> ListTargets(ProgramId id) override {
    if (auto e = Fault("ListTargets")) return tl::unexpected(*e);
    return inner_->ListTargets(id);
  }
  core::Result<int64_t> AddCorrection(const ProgramCorrection& correction,
                                      const AuditEvent& audit) override {
    if (auto e = Fault("AddCorrection")) return tl::unexpected(*e);
    return inner_->AddCorrection(correction, audit);
  }
  core::Result<std::vector<ProgramCorrection>> ListCorrections(ProgramId id) override {
    if (auto e = Fault("ListCorrections")) return tl::unexpected(*e);
    return inner_->ListCorrections(id);
  }
  core::Result<domain::UserId> CreateUser(const UserRecord& user,
                                          const AuditEvent& audit) override {
    if (auto e = Fault("CreateUser")) return tl::unexpected(*e);
    return inner_->CreateUser(user, audit);
  }
  core::Result<UserRecord> FindUser(const std::string& username) override {
    if (auto e = Fault("FindUser")) return tl::unexpected(*e);
    return inner_->FindUser(username);
  }
  core::Result<UserRecord> GetUser(domain::UserId id) override {
    if (auto e = Fault("GetUser")) return tl::unexpected(*e);
    return inner_->GetUser(id);
  }
  core::Result<std::vector<UserRecord>> ListUsers() override {
    if (auto e = Fault("ListUsers")) return tl::unexpected(*e);
    return inner_->ListUsers();
  }
  core::Status UpdateUser(const UserRecord& user, int64_t expected_version, const UserEnds& ends,
                          const AuditEvent& audit) override {
    if (auto e = Fault("UpdateUser")) return tl::unexpected(*e);
    return inner_->UpdateUser(user, expected_version, ends, audit);
  }
  core::Status CreateSession(const SessionRecord& session, const AuditEvent& audit) override {
    if (auto e = Fault("CreateSession")) return tl::unexpected(*e);
    return inner_->CreateSession(session, audit);
  }
  core::Result<SessionRecord> FindSession(const std::string& token_hash,
                                          const std::string& now) override {
    if (auto e = Fault("FindSession")) return tl::unexpected(*e);
    return inner_->FindSession(token_hash, now);
  }
  core::Status DeleteSession(const std::string& token_hash, const AuditEvent& audit) override {
    if (auto e = Fault("DeleteSession")) return tl::unexpected(*e);
    return inner_->DeleteSession(token_hash, audit);
  }
  core::Result<int64_t> CreateApiToken(const ApiTokenRecord& token,
                                       const AuditEvent& audit) override {
    if (auto e = Fault("CreateApiToken")) return tl::unexpected(*e);
    return inner_->CreateApiToken(token, audit);
  }
  core::Result<ApiTokenRecord> FindApiToken(const std::string& token_hash) override {
    if (auto e = Fault("FindApiToken")) return tl::unexpected(*e);
    return inner_->FindApiToken(token_hash);
  }
  core::Result<std::vector<SessionRecord>> ListSessions() override {
    if (auto e = Fault("ListSessions")) return tl::unexpected(*e);
    return inner_->ListSessions();
  }
  core::Result<ApiTokenRecord> GetApiToken(int64_t id) override {
    if (auto e = Fault("GetApiToken")) return tl::unexpected(*e);
    return inner_->GetApiToken(id);
  }
  core::Result<std::vector<ApiTokenRecord>> ListApiTokens(
      std::optional<domain::UserId> user) override {
    if (auto e = Fault("ListApiTokens")) return tl::unexpected(*e);
    return inner_->ListApiTokens(user);
  }
  core::Status RevokeApiToken(int64_t id, const std::string& at, const AuditEvent& audit) override {
    if (auto e = Fault("RevokeApiToken")) return tl::unexpected(*e);
    return inner_->RevokeApiToken(id, at, audit);
  }
  core::Status TouchApiToken(int64_t id, const std::string& now,
                             const std::string& since) override {
    if (auto e = Fault("TouchApiToken")) return tl::unexpected(*e);
    return inner_->TouchApiToken(id, now, since);
  }
  core::Status CreatePasswordReset(const PasswordReset& reset, const OutboxMessage& message,
                                   const AuditEvent& audit) override {
    if (auto e = Fault("CreatePasswordReset")) return tl::unexpected(*e);
    return inner_->CreatePasswordReset(reset, message, audit);
  }
  core::Result<PasswordReset> FindPasswordReset(const std::string& code_hash,
                                                const std::string& now) override {
    if (auto e = Fault("FindPasswordReset")) return tl::unexpected(*e);
    return inner_->FindPasswordReset(code_hash, now);
  }
  core::Status CompletePasswordReset(const std::string& code_hash, const std::string& now,
                                     const UserRecord& user, int64_t expected_version,
                                     const UserEnds& ends, const AuditEvent& audit) override {
    if (auto e = Fault("CompletePasswordReset")) return tl::unexpected(*e);
    return inner_->CompletePasswordReset(code_hash, now, user, expected_version, ends, audit);
  }
  core::Result<std::vector<LoginLimit>> GetLoginLimits(
      const std::vector<std::string>& keys) override {
    if (auto e = Fault("GetLoginLimits")) return tl::unexpected(*e);
    return inner_->GetLoginLimits(keys);
  }
  core::Status RecordLoginFailure(
      const std::string& key, const std::string& now, const std::string& window_start,
      const std::string& forget_before,
      const std::function<std::optional<std::string>(const LoginLimit&)>& lock) override {
    if (auto e = Fault("RecordLoginFailure")) return tl::unexpected(*e);
    return inner_->RecordLoginFailure(key, now, window_start, forget_before, lock);
  }
  core::Status ClearLoginLimit(const std::string& key) override {
    if (auto e = Fault("ClearLoginLimit")) return tl::unexpected(*e);
    return inner_->ClearLoginLimit(key);
  }
  core::Result<ReportRecord> PutReport(const ReportRecord& next, int64_t expected_version,
                                       const ReportChanges& changes,
                                       const AuditEvent& audit) override {
    if (auto e = Fault("PutReport")) return tl::unexpected(*e);
    return inner_->PutReport(next, expected_version, changes, audit);
  }
  core::Result<std::vector<ReportRecord>> PutReports(
      std::span<const PutReportArgs> reports) override {
    if (auto e = Fault("PutReports")) return tl::unexpected(*e);
    return inner_->PutReports(reports);
  }
  core::Result<ReportRecord> GetReport(ReportId id) override {
    if (auto e = Fault("GetReport")) return tl::unexpected(*e);
    return inner_->GetReport(id);
  }
  core::Result<std::optional<ReportRecord>> FindReport(ProgramId program,
                                                       const std::string& obligation,
                                                       const std::string& period,
                                                       domain::OrgUnitId unit) override {
    if (auto e = Fault("FindReport")) return tl::unexpected(*e);
    return inner_->FindReport(program, obligation, period, unit);
  }
  core::Result<std::vector<ReportRecord>> ListReports(const ReportFilter& filter) override {
    if (auto e = Fault("ListReports")) return tl::unexpected(*e);
    return inner_->ListReports(filter);
  }
  core::Result<domain::ReportContent> GetReportContent(ReportId id, int64_t* version) override {
    if (auto e = Fault("GetReportContent")) return tl::unexpected(*e);
    return inner_->GetReportContent(id, version);
  }
  core::Result<std::vector<ValueVintage>> ListValueVintages(ReportId id) override {
    if (auto e = Fault("ListValueVintages")) return tl::unexpected(*e);
    return inner_->ListValueVintages(id);
  }
  core::Result<std::vector<ReportTaskRow>> ListReportTasks(const ReportFilter& filter) override {
    if (auto e = Fault("ListReportTasks")) return tl::unexpected(*e);
    return inner_->ListReportTasks(filter);
  }
  core::Result<std::vector<std::pair<ReportId, domain::ReportValue>>> CurrentValues(
      const ReportFilter& filter) override {
    if (auto e = Fault("CurrentValues")) return tl::unexpected(*e);
    return inner_->CurrentValues(filter);
  }
  core::Status ScanApprovedValues(ProgramId program, const ApprovedSink& sink) override {
    if (auto e = Fault("ScanApprovedValues")) return tl::unexpected(*e);
    return inner_->ScanApprovedValues(program, sink);
  }
  core::Result<size_t> BulkLoadValues(ProgramId program, const std::vector<BulkValue>& rows,
                                      domain::ReportStatus status, const std::string& at,
                                      const AuditEvent& audit) override {
    if (auto e = Fault("BulkLoadValues")) return tl::unexpected(*e);
    return inner_->BulkLoadValues(program, rows, status, at, audit);
  }
  core::Result<DatasetCounts> LoadDataset(const DatasetLoad& load) override {
    if (auto e = Fault("LoadDataset")) return tl::unexpected(*e);
    return inner_->LoadDataset(load);
  }
  core::Status ReplaceAllocations(ProgramId program, const std::vector<Allocation>& rows,
                                  const AuditEvent& audit) override {
    if (auto e = Fault("ReplaceAllocations")) return tl::unexpected(*e);
    return inner_->ReplaceAllocations(program, rows, audit);
  }
  core::Result<std::vector<Allocation>> ListAllocations(
      ProgramId program, std::optional<domain::OrgUnitId> unit) override {
    if (auto e = Fault("ListAllocations")) return tl::unexpected(*e);
    return inner_->ListAllocations(program, unit);
  }
  core::Result<int64_t> AllocationsRevision(ProgramId program) override {
    if (auto e = Fault("AllocationsRevision")) return tl::unexpected(*e);
    return inner_->AllocationsRevision(program);
  }
  core::Result<std::vector<domain::Indicator>> ListIndicators(
      const std::string& issuer_key) override {
    if (auto e = Fault("ListIndicators")) return tl::unexpected(*e);
    return inner_->ListIndicators(issuer_key);
  }
  core::Result<domain::Indicator> GetIndicator(int64_t id) override {
    if (auto e = Fault("GetIndicator")) return tl::unexpected(*e);
    return inner_->GetIndicator(id);
  }
  core::Result<size_t> AddIndicators(const std::vector<domain::Indicator>& rows,
                                     const std::string& at, const AuditEvent& audit) override {
    if (auto e = Fault("AddIndicators")) return tl::unexpected(*e);
    return inner_->AddIndicators(rows, at, audit);
  }
  core::Result<size_t> FillIndicatorSentences(const std::vector<domain::Indicator>& catalogue,
                                              const AuditEvent& audit) override {
    if (auto e = Fault("FillIndicatorSentences")) return tl::unexpected(*e);
    return inner_->FillIndicatorSentences(catalogue, audit);
  }
  core::Status UpdateIndicator(const domain::Indicator& indicator,
                               const AuditEvent& audit) override {
    if (auto e = Fault("UpdateIndicator")) return tl::unexpected(*e);
    return inner_->UpdateIndicator(indicator, audit);
  }
  core::Result<std::vector<domain::Reporter>> ListReporters(ProgramId program) override {
    if (auto e = Fault("ListReporters")) return tl::unexpected(*e);
    return inner_->ListReporters(program);
  }
  core::Result<int64_t> ResponsibilityRevision(ProgramId program) override {
    if (auto e = Fault("ResponsibilityRevision")) return tl::unexpected(*e);
    return inner_->ResponsibilityRevision(program);
  }
  core::Result<int64_t> ReplaceReporters(ProgramId program, int64_t expected_revision,
                                         std::optional<core::CivilDate> effective_from,
                                         const std::vector<int64_t>& targets,
                                         const std::vector<domain::Reporter>& rows,
                                         const AuditEvent& audit) override {
    if (auto e = Fault("ReplaceReporters")) return tl::unexpected(*e);
    return inner_->ReplaceReporters(program, expected_revision, effective_from, targets, rows,
                                    audit);
  }
  core::Result<DocumentRecord> PutDocument(const DocumentRecord& next,
                                           const std::vector<domain::Block>& blocks,
                                           int64_t expected_version, const std::string& action,
                                           const AuditEvent& audit) override {
    if (auto e = Fault("PutDocument")) return tl::unexpected(*e);
    return inner_->PutDocument(next, blocks, expected_version, action, audit);
  }
  core::Result<DocumentRecord> GetDocument(DocumentId id) override {
    if (auto e = Fault("GetDocument")) return tl::unexpected(*e);
    return inner_->GetDocument(id);
  }
  core::Result<std::vector<domain::Block>> GetDocumentBlocks(DocumentId id) override {
    if (auto e = Fault("GetDocumentBlocks")) return tl::unexpected(*e);
    return inner_->GetDocumentBlocks(id);
  }
  core::Result<std::optional<DocumentRecord>> FindDocument(ProgramId program,
                                                           domain::DocumentKind kind,
                                                           domain::OrgUnitId unit,
                                                           const std::string& period) override {
    if (auto e = Fault("FindDocument")) return tl::unexpected(*e);
    return inner_->FindDocument(program, kind, unit, period);
  }
  core::Result<std::vector<DocumentRecord>> ListDocuments(const DocumentFilter& filter) override {
    if (auto e = Fault("ListDocuments")) return tl::unexpected(*e);
    return inner_->ListDocuments(filter);
  }
  core::Result<std::vector<DocumentVersion>> ListDocumentVersions(DocumentId id) override {
    if (auto e = Fault("ListDocumentVersions")) return tl::unexpected(*e);
    return inner_->ListDocumentVersions(id);
  }
  core::Result<DocumentVersion> GetDocumentVersion(DocumentId id, int64_t version) override {
    if (auto e = Fault("GetDocumentVersion")) return tl::unexpected(*e);
    return inner_->GetDocumentVersion(id, version);
  }
  core::Result<DocumentRecord> IssueDocument(DocumentId id, int64_t expected_version,
                                             const DocumentIssue& issue,
                                             const AuditEvent& audit) override {
    if (auto e = Fault("IssueDocument")) return tl::unexpected(*e);
    return inner_->IssueDocument(id, expected_version, issue, audit);
  }
  core::Result<std::string> GetDocumentFile(DocumentId id) override {
    if (auto e = Fault("GetDocumentFile")) return tl::unexpected(*e);
    return inner_->GetDocumentFile(id);
  }
  core::Result<TemplateRecord> PutTemplate(const std::string& name, const std::string& bytes,
                                           const std::string& at,
                                           const AuditEvent& audit) override {
    if (auto e = Fault("PutTemplate")) return tl::unexpected(*e);
    return inner_->PutTemplate(name, bytes, at, audit);
  }
  core::Result<std::optional<TemplateRecord>> GetTemplate(const std::string& name) override {
    if (auto e = Fault("GetTemplate")) return tl::unexpected(*e);
    return inner_->GetTemplate(name);
  }
  core::Result<std::vector<NarrativePassage>> ListNarratives(
      ProgramId program, const std::vector<std::string>& periods,
      std::optional<domain::OrgUnitId> unit) override {
    if (auto e = Fault("ListNarratives")) return tl::unexpected(*e);
    return inner_->ListNarratives(program, periods, unit);
  }
  core::Result<AmendmentRecord> PutAmendment(const AmendmentRecord& next, int64_t expected_version,
                                             const AuditEvent& audit) override {
    if (auto e = Fault("PutAmendment")) return tl::unexpected(*e);
    return inner_->PutAmendment(next, expected_version, audit);
  }
  core::Result<AmendmentRecord> GetAmendment(AmendmentId id) override {
    if (auto e = Fault("GetAmendment")) return tl::unexpected(*e);
    return inner_->GetAmendment(id);
  }
  core::Result<std::vector<AmendmentRecord>> ListAmendments(
      const AmendmentFilter& filter) override {
    if (auto e = Fault("ListAmendments")) return tl::unexpected(*e);
    return inner_->ListAmendments(filter);
  }
  core::Result<int> ApproveAmendment(const AmendmentRecord& next, int64_t expected_version,
                                     const AuditEvent& amendment_audit,
                                     const AuditEvent& program_audit) override {
    if (auto e = Fault("ApproveAmendment")) return tl::unexpected(*e);
    return inner_->ApproveAmendment(next, expected_version, amendment_audit, program_audit);
  }
  core::Result<std::vector<ProgramVersionRecord>> ListProgramVersions(ProgramId program) override {
    if (auto e = Fault("ListProgramVersions")) return tl::unexpected(*e);
    return inner_->ListProgramVersions(program);
  }
  core::Result<int64_t> AmendmentsRevision(ProgramId program) override {
    if (auto e = Fault("AmendmentsRevision")) return tl::unexpected(*e);
    return inner_->AmendmentsRevision(program);
  }
  core::Result<domain::Delegation> PutDelegation(const domain::Delegation& next,
                                                 const AuditEvent& audit) override {
    if (auto e = Fault("PutDelegation")) return tl::unexpected(*e);
    return inner_->PutDelegation(next, audit);
  }
  core::Result<std::vector<domain::Delegation>> ListDelegations(
      std::optional<domain::UserId> grantee) override {
    if (auto e = Fault("ListDelegations")) return tl::unexpected(*e);
    return inner_->ListDelegations(grantee);
  }
  core::Status RevokeDelegation(int64_t id, const std::string& at,
                                const AuditEvent& audit) override {
    if (auto e = Fault("RevokeDelegation")) return tl::unexpected(*e);
    return inner_->RevokeDelegation(id, at, audit);
  }
  // Issue 18: each unit's own program.
  core::Result<UnitProgramRecord> PutUnitProgram(const UnitProgramRecord& next,
                                                 int64_t expected_version,
                                                 const domain::UnitProgramContent& content,
                                                 domain::UnitProgramAction action,
                                                 const std::string& comment,
                                                 const AuditEvent& audit) override {
    if (auto e = Fault("PutUnitProgram")) return tl::unexpected(*e);
    return inner_->PutUnitProgram(next, expected_version, content, action, comment, audit);
  }
  core::Result<UnitProgramRecord> GetUnitProgram(UnitProgramId id) override {
    if (auto e = Fault("GetUnitProgram")) return tl::unexpected(*e);
    return inner_->GetUnitProgram(id);
  }
  core::Result<std::optional<UnitProgramRecord>> FindUnitProgram(ProgramId program,
                                                                 domain::OrgUnitId unit) override {
    if (auto e = Fault("FindUnitProgram")) return tl::unexpected(*e);
    return inner_->FindUnitProgram(program, unit);
  }
  core::Result<std::vector<UnitProgramRecord>> ListUnitPrograms(ProgramId program) override {
    if (auto e = Fault("ListUnitPrograms")) return tl::unexpected(*e);
    return inner_->ListUnitPrograms(program);
  }
  core::Result<domain::UnitProgramContent> GetUnitProgramContent(UnitProgramId id,
                                                                 int64_t* version) override {
    if (auto e = Fault("GetUnitProgramContent")) return tl::unexpected(*e);
    return inner_->GetUnitProgramContent(id, version);
  }
  core::Result<std::vector<UnitProgramVersion>> ListUnitProgramVersions(UnitProgramId id) override {
    if (auto e = Fault("ListUnitProgramVersions")) return tl::unexpected(*e);
    return inner_->ListUnitProgramVersions(id);
  }
  core::Result<UnitProgramVersion> GetUnitProgramVersion(UnitProgramId id,
                                                         int64_t version) override {
    if (auto e = Fault("GetUnitProgramVersion")) return tl::unexpected(*e);
    return inner_->GetUnitProgramVersion(id, version);
  }
  core::Result<int64_t> UnitProgramsRevision(ProgramId program) override {
    if (auto e = Fault("UnitProgramsRevision")) return tl::unexpected(*e);
    return inner_->UnitProgramsRevision(program);
  }
  core::Result<ProgramId> InsertNextYearDraft(const ProgramRecord& draft,
                                              const NextYearRecord& next_year,
                                              const AuditEvent& audit) override {
    if (auto e = Fault("InsertNextYearDraft")) return tl::unexpected(*e);
    return inner_->InsertNextYearDraft(draft, next_year, audit);
  }
  core::Result<std::optional<NextYearRecord>> GetNextYearDraft(ProgramId program) override {
    if (auto e = Fault("GetNextYearDraft")) return tl::unexpected(*e);
    return inner_->GetNextYearDraft(program);
  }
  core::Result<std::vector<NextYearRecord>> ListNextYearDrafts() override {
    if (auto e = Fault("ListNextYearDrafts")) return tl::unexpected(*e);
    return inner_->ListNextYearDrafts();
  }
  core::Result<int64_t> PutNextYearDraft(const NextYearRecord& next, int64_t expected_revision,
                                         const ProgramRecord* plan,
                                         const AuditEvent& audit) override {
    if (auto e = Fault("PutNextYearDraft")) return tl::unexpected(*e);
    return inner_->PutNextYearDraft(next, expected_revision, plan, audit);
  }
  core::Result<size_t> EnqueueMessages(const std::vector<OutboxMessage>& messages,
                                       const AuditEvent& audit) override {
    if (auto e = Fault("EnqueueMessages")) return tl::unexpected(*e);
    return inner_->EnqueueMessages(messages, audit);
  }
  core::Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, size_t limit) override {
    if (auto e = Fault("ListOutbox")) return tl::unexpected(*e);
    return inner_->ListOutbox(pending_only, limit);
  }
  core::Status MarkSent(int64_t id, const std::string& at, const AuditEvent& audit) override {
    if (auto e = Fault("MarkSent")) return tl::unexpected(*e);
    return inner_->MarkSent(id, at, audit);
  }
  core::Result<std::vector<AuditEntry>> ListAudit(int64_t after_seq, size_t limit) override {
    if (auto e = Fault("ListAudit")) return tl::unexpected(*e);
    return inner_->ListAudit(after_seq, limit);
  }
  core::Result<std::optional<AuditEntry>> LastAuditOf(const std::string& entity,
                                                      const std::string& entity_id) override {
    if (auto e = Fault("LastAuditOf")) return tl::unexpected(*e);
    return inner_->LastAuditOf(entity, entity_id);
  }
  core::Result<std::optional<AuditEntry>> AuditHead() override {
    if (auto e = Fault("AuditHead")) return tl::unexpected(*e);
    return inner_->AuditHead();
  }

 private:
  std::optional<core::Error> Fault(std::string_view method) {
    std::lock_guard lock(mu_);
    if (mode_ == Mode::kNone || method != method_) return std::nullopt;
    switch (mode_) {
      case Mode::kUnavailable: {
        auto e = core::MakeError(core::ErrorCode::kUnavailable, "db_unavailable",
                                 "Cơ sở dữ liệu tạm thời không sẵn sàng");
        e.internal_note = "disk I/O error at /srv/secret/workplan.db";
        return e;
      }
      case Mode::kInternal: {
        auto e = core::MakeError(core::ErrorCode::kInternal, "internal", "Lỗi hệ thống");
        e.internal_note = "CHECK constraint failed: audit_seq_positive";
        return e;
      }
      case Mode::kThrow:
        throw std::out_of_range("vector::_M_range_check: __n (which is 7) >= this->size()");
      case Mode::kNone:
        break;
    }
    return std::nullopt;
  }

  std::unique_ptr<Store> inner_;
  std::mutex mu_;
  std::string method_;
  Mode mode_ = Mode::kNone;
};

}  // namespace
}  // namespace wp::store

namespace wp::api {
namespace {

using nlohmann::json;
using store::FaultyStore;

constexpr const char* kPassword = "mat-khau-rat-dai-2012";

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// The one place the test builds the service over `store` (the service is being split by use
// case: only this function should have to follow).
std::unique_ptr<service::ServiceSet> OpenService(std::unique_ptr<store::Store> store) {
  std::filesystem::path data = std::filesystem::path(WP_SOURCE_DIR) / "data";
  service::OrgSeed seed{Slurp(data / "provinces.csv"),
                        Slurp(data / "provinces_2025.csv"),
                        Slurp(data / "holidays.csv"),
                        {{"molisa", Slurp(data / "indicators" / "molisa.csv")}}};
  auto svc = service::ServiceSet::Open(std::move(store), seed);
  if (!svc) throw std::runtime_error("service: " + svc.error().message);
  auto admin = service::SystemPrincipal("api_test");
  for (auto [name, role] :
       {std::pair{"quantri", domain::Role::kAdmin}, std::pair{"kehoach", domain::Role::kPlanner}}) {
    auto made =
        (*svc)->services().accounts.CreateUser(admin, {name, name, role, "", kPassword, ""});
    if (!made) throw std::runtime_error("user: " + made.error().message);
  }
  return std::move(*svc);
}

// Log lines go nowhere (outside a LogCapture).
void LogNothing() { (void)SetUpLogging({}, std::make_shared<spdlog::sinks::null_sink_mt>()); }

// The log's lines (JSON) while it lives, kept in memory.
class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(text_)) {
    LogOptions options;
    options.format = LogFormat::kJson;
    EXPECT_TRUE(SetUpLogging(options, sink_));
  }
  ~LogCapture() { LogNothing(); }  // the logger must not outlive text_
  std::vector<json> Lines(std::string_view event) {
    std::vector<json> out;
    std::istringstream in(Text());
    for (std::string line; std::getline(in, line);) {
      auto j = json::parse(line);  // every line is one JSON object
      if (j["event"] == event) out.push_back(j);
    }
    return out;
  }
  std::string Text() {
    sink_->flush();
    return text_.str();
  }

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LogNothing();
    dir_ = std::filesystem::temp_directory_path() /
           ("wp_api_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto real = store::OpenStore("sqlite:" + (dir_ / "workplan.db").string());
    ASSERT_TRUE(real) << real.error().message;
    auto faulty = std::make_unique<FaultyStore>(std::move(*real));
    store_ = faulty.get();
    service_ = OpenService(std::move(faulty));
    api_ = std::make_unique<Api>(service_->services(), ApiOptions{});
  }
  void TearDown() override {
    api_.reset();
    service_.reset();
    std::filesystem::remove_all(dir_);
  }

  // One exchange; `cookie`, `csrf` and `bearer` from the client's state.
  struct Answer {
    int status = 0;
    json body;
    std::string raw;
    std::map<std::string, std::string> headers;
  };
  Answer Send(const std::string& method, const std::string& target, std::string body = "",
              std::map<std::string, std::string> headers = {}) {
    Request req;
    req.method = method;
    req.target = target;
    EXPECT_TRUE(ParseTarget(target, req.path, req.query));
    req.headers = std::move(headers);
    if (!cookie_.empty()) req.headers["cookie"] = "wp_session=" + cookie_;
    if (!csrf_.empty() && method != "GET") req.headers.emplace("x-csrf-token", csrf_);
    if (!bearer_.empty()) req.headers["authorization"] = "Bearer " + bearer_;
    req.body = std::move(body);
    req.client = "127.0.0.1";
    Response r = api_->Handle(req);
    Answer a;
    a.status = r.status;
    a.raw = r.body;
    if (r.content_type.starts_with("application/json") && !r.body.empty()) {
      a.body = json::parse(r.body);
    }
    for (const auto& [k, v] : r.headers) a.headers[k] = v;
    return a;
  }

  void SignIn(const std::string& user) {
    auto a =
        Send("POST", "/api/v1/session", json{{"username", user}, {"password", kPassword}}.dump(),
             {{"content-type", "application/json"}});
    ASSERT_EQ(a.status, 200) << a.raw;
    std::string set = a.headers["Set-Cookie"];
    cookie_ = set.substr(set.find('=') + 1, set.find(';') - set.find('=') - 1);
    csrf_ = a.body["csrf_token"];
  }

  std::filesystem::path dir_;
  FaultyStore* store_ = nullptr;
  std::unique_ptr<service::ServiceSet> service_;
  std::unique_ptr<Api> api_;
  std::string cookie_, csrf_, bearer_;
};

// Every error body names the request, as the X-Request-Id header does.
void ExpectRequestId(const json& body, const std::map<std::string, std::string>& headers) {
  ASSERT_TRUE(headers.count("X-Request-Id"));
  EXPECT_EQ(body["error"]["request_id"], headers.at("X-Request-Id"));
}

TEST_F(ApiTest, UnknownPathsAre404AndOtherMethods405WithAllow) {
  LogCapture log;
  auto a = Send("GET", "/api/v1/nowhere");
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.body["error"]["code"], "not_found");
  ExpectRequestId(a.body, a.headers);

  a = Send("DELETE", "/api/v1/programs");
  EXPECT_EQ(a.status, 405);
  EXPECT_EQ(a.body["error"]["code"], "method_not_allowed");
  EXPECT_EQ(a.body["error"]["status"], "method_not_allowed");
  EXPECT_EQ(a.headers["Allow"], "GET, POST");
  ExpectRequestId(a.body, a.headers);

  // A literal segment wins over a parameter, whatever the order of the table.
  a = Send("GET", "/api/v1/reports/upload");
  EXPECT_EQ(a.status, 405);
  EXPECT_EQ(a.headers["Allow"], "POST");
  a = Send("PATCH", "/api/v1/reports/12");
  EXPECT_EQ(a.headers["Allow"], "GET, PUT");

  a = Send("POST", "/");
  EXPECT_EQ(a.status, 405) << "static files are read-only";
  EXPECT_EQ(a.headers["Allow"], "GET, HEAD");

  // A path is matched before the caller is asked who they are: 405 needs no session.
  a = Send("GET", "/api/v1/me");
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(a.body["error"]["code"], "not_signed_in");
  ExpectRequestId(a.body, a.headers);

  auto access = log.Lines("access");
  ASSERT_EQ(access.size(), 6u) << "one access line per request";
  EXPECT_EQ(access[0]["route"], "unmatched");
  EXPECT_EQ(access[1]["route"], "/api/v1/programs");
  EXPECT_EQ(access[1]["status"], 405);
  EXPECT_EQ(access[3]["route"], "/api/v1/reports/{id}");
  EXPECT_EQ(access[4]["route"], "static");
  EXPECT_EQ(access[5]["account"], "-");
  EXPECT_TRUE(log.Lines("error").empty()) << "no 5xx, no error line";
}

TEST_F(ApiTest, RequestIdsAreTakenWhenWellFormedAndMadeOtherwise) {
  auto a = Send("GET", "/healthz", "", {{"x-request-id", "lb-7f3a.12_x"}});
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.headers["X-Request-Id"], "lb-7f3a.12_x");
  a = Send("GET", "/api/v1/nowhere", "", {{"x-request-id", "bad id\r\nX-Evil: 1"}});
  std::string made = a.headers["X-Request-Id"];
  EXPECT_EQ(made.size(), 16u) << made;
  EXPECT_EQ(a.body["error"]["request_id"], made);
  EXPECT_NE(Send("GET", "/healthz").headers["X-Request-Id"], made) << "a new id per request";
}

TEST_F(ApiTest, SignInTokensAndAProgram) {
  LogCapture log;
  SignIn("kehoach");
  auto a = Send("GET", "/api/v1/me");
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(a.body["username"], "kehoach");
  int64_t me = a.body["id"];

  std::string csrf = csrf_;
  csrf_.clear();
  a = Send("POST", "/api/v1/tokens", json{{"name", "máy"}}.dump());
  EXPECT_EQ(a.status, 403);
  EXPECT_EQ(a.body["error"]["code"], "csrf_token_missing");
  csrf_ = csrf;
  a = Send("POST", "/api/v1/tokens", json{{"name", "máy"}}.dump());
  ASSERT_EQ(a.status, 201) << a.raw;
  std::string token = a.body["token"];

  std::string cookie = cookie_;
  cookie_.clear();
  bearer_ = token;
  std::string text = Slurp(std::filesystem::path(WP_SOURCE_DIR) / "data/seeds/molisa_2012.txt");
  a = Send("POST", "/api/v1/programs?name=molisa_2012.txt", text,
           {{"content-type", "text/plain; charset=utf-8"}});
  ASSERT_EQ(a.status, 201) << a.raw;
  int64_t id = a.body["id"];
  EXPECT_EQ(a.headers["Location"], "/api/v1/programs/" + std::to_string(id));
  a = Send("GET", "/api/v1/programs/" + std::to_string(id) + "/targets");
  ASSERT_EQ(a.status, 200);
  EXPECT_FALSE(a.body["items"].empty());
  a = Send("GET", "/api/v1/programs/abc/targets");
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.body["error"]["code"], "program_not_found");
  a = Send("GET", "/api/v1/programs/" + std::to_string(id) + "/nothing");
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.body["error"]["code"], "not_found");

  // The access lines name the account; the log holds no secret of the exchange.
  auto access = log.Lines("access");
  EXPECT_EQ(access[1]["account"], me);
  std::string all = log.Text();
  for (const std::string& secret : {std::string(kPassword), cookie, csrf, token}) {
    ASSERT_FALSE(secret.empty());
    EXPECT_EQ(all.find(secret), std::string::npos) << "the log holds a secret: " << secret;
  }
}

// The document lists exactly what the table serves: each documented operation reaches the route
// of its path (by the access line's route), and every other method of that path is a 405 whose
// Allow lists the documented methods.
TEST_F(ApiTest, OpenApiListsExactlyTheRoutesServed) {
  auto doc = Send("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  std::set<std::pair<std::string, std::string>> documented, served;
  for (const auto& route : api_->routes().routes()) served.insert({route.method, route.pattern});
  for (const auto& [path, ops] : doc.body["paths"].items()) {
    std::string concrete = path;
    for (size_t i; (i = concrete.find('{')) != std::string::npos;) {
      concrete.replace(i, concrete.find('}', i) - i + 1, "1");
    }
    std::set<std::string> methods;
    for (const auto& [method, op] : ops.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      methods.insert(upper);
      documented.insert({upper, path});
      EXPECT_TRUE(op.contains("summary") && op.contains("responses")) << upper << " " << path;
      LogCapture log;
      auto a = Send(upper, concrete);
      auto access = log.Lines("access");
      ASSERT_EQ(access.size(), 1u);
      EXPECT_EQ(access[0]["route"], path) << upper << " " << concrete;
      EXPECT_NE(a.status, 405) << upper << " " << concrete;
    }
    for (const char* other : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
      if (methods.count(other)) continue;
      auto a = Send(other, concrete);
      EXPECT_EQ(a.status, 405) << other << " " << concrete;
      std::string allow;
      for (const auto& [route_method, route_path] : served) {
        if (route_path == path) allow += (allow.empty() ? "" : ", ") + route_method;
      }
      std::set<std::string> allowed;
      std::istringstream in(a.headers["Allow"]);
      for (std::string m; std::getline(in >> std::ws, m, ',');) allowed.insert(m);
      EXPECT_EQ(allowed, methods) << other << " " << concrete;
    }
  }
  EXPECT_EQ(documented, served);
  EXPECT_GE(served.size(), 45u);
}

// A store that fails answers 503 (unavailable) or 500 (a logic failure, an exception) with the
// request id; the log has one error line with the internal note, the body nothing of it.
TEST_F(ApiTest, AFailingStoreIsAnsweredAndLoggedNotLeaked) {
  SignIn("quantri");
  struct Case {
    FaultyStore::Mode mode;
    int status;
    std::string code;
    std::string note;
  };
  for (const auto& c : {Case{FaultyStore::Mode::kUnavailable, 503, "db_unavailable",
                             "disk I/O error at /srv/secret/workplan.db"},
                        Case{FaultyStore::Mode::kInternal, 500, "internal",
                             "CHECK constraint failed: audit_seq_positive"},
                        Case{FaultyStore::Mode::kThrow, 500, "internal", "_M_range_check"}}) {
    LogCapture log;
    store_->FailOn("ListAudit", c.mode);
    auto a = Send("GET", "/api/v1/audit", "", {{"x-request-id", "complaint-42"}});
    store_->FailOn("", FaultyStore::Mode::kNone);
    EXPECT_EQ(a.status, c.status) << a.raw;
    EXPECT_EQ(a.body["error"]["code"], c.code);
    EXPECT_EQ(a.headers["X-Request-Id"], "complaint-42");
    EXPECT_EQ(a.body["error"]["request_id"], "complaint-42");
    EXPECT_EQ(a.raw.find(c.note), std::string::npos) << "the body leaks: " << a.raw;
    EXPECT_EQ(a.raw.find("/srv/"), std::string::npos);
    EXPECT_EQ(a.raw.find("constraint"), std::string::npos);
    EXPECT_EQ(a.raw.find("range"), std::string::npos);

    auto errors = log.Lines("error");
    ASSERT_EQ(errors.size(), 1u) << log.Text();
    EXPECT_NE(errors[0]["note"].get<std::string>().find(c.note), std::string::npos);
    EXPECT_EQ(errors[0]["request_id"], "complaint-42");
    EXPECT_EQ(errors[0]["route"], "/api/v1/audit");
    EXPECT_EQ(errors[0]["status"], c.status);
    EXPECT_EQ(errors[0]["level"], "error");
    auto access = log.Lines("access");
    ASSERT_EQ(access.size(), 1u);
    EXPECT_EQ(access[0]["status"], c.status);
    EXPECT_EQ(access[0]["request_id"], "complaint-42");

    auto again = Send("GET", "/api/v1/audit");
    EXPECT_EQ(again.status, 200) << "the store works again";
  }
  auto metrics = Send("GET", "/metrics").raw;
  EXPECT_NE(metrics.find("workplan_http_errors_total 3"), std::string::npos) << metrics;
}

// /metrics tells how the server is used (routes, errors, the writer's load): an admin's, by a
// session or a bearer token as Prometheus sends it; anyone else is refused.
TEST_F(ApiTest, MetricsAreAnAdminsBySessionOrToken) {
  auto a = Send("GET", "/metrics");
  EXPECT_EQ(a.status, 401) << "no session, no token";
  SignIn("kehoach");
  a = Send("GET", "/metrics");
  EXPECT_EQ(a.status, 403) << "a planner is not an admin";
  EXPECT_EQ(a.body["error"]["code"], "forbidden");
  SignIn("quantri");
  a = Send("GET", "/metrics");
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_NE(a.raw.find("workplan_http_requests_total"), std::string::npos) << a.raw;
  a = Send("POST", "/api/v1/tokens", json{{"name", "prometheus"}}.dump());
  ASSERT_EQ(a.status, 201) << a.raw;
  bearer_ = a.body["token"];
  cookie_.clear();
  csrf_.clear();
  a = Send("GET", "/metrics");
  EXPECT_EQ(a.status, 200) << "an admin's API token, as Prometheus's bearer_token: " << a.raw;
}

TEST_F(ApiTest, RefusedRequestsAreCountedAndLogged) {
  LogCapture log;
  Request partial;
  partial.method = "POST";
  Response r =
      api_->Rejected(413, core::MakeError(core::ErrorCode::kTooLarge, "too_large", "x"), partial);
  EXPECT_EQ(r.status, 413);
  auto access = log.Lines("access");
  ASSERT_EQ(access.size(), 1u);
  EXPECT_EQ(access[0]["route"], "rejected");
  EXPECT_EQ(access[0]["method"], "POST");
  EXPECT_EQ(json::parse(r.body)["error"]["request_id"], access[0]["request_id"]);
}

TEST(LogText, QuotesWhatASpaceWouldCut) {
  std::ostringstream text;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text);
  ASSERT_TRUE(SetUpLogging({}, sink));
  Log(spdlog::level::err, "error", {{"note", "two words"}, {"status", "500", true}});
  EXPECT_NE(text.str().find(" error error note=\"two words\" status=500"), std::string::npos)
      << text.str();
  EXPECT_FALSE(SetUpLogging(LogOptions{LogFormat::kText, "loud", ""}));
  LogNothing();
}

}  // namespace
}  // namespace wp::api
