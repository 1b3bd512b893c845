#pragma once
// The Store written once in SQL for both engines: every method's statements, checks and row
// mappers, over the seam of store/sql/connection.hpp. A backend derives from SqlStore and adds
// only what is its own: how a read or a write transaction runs (connections, pools, SQLite's
// group commit), which of its library's exceptions mean "unavailable", and the bulk paths —
// BulkLoadValues, LoadDataset, ScanApprovedValues.

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "store/sql/connection.hpp"
#include "store/store.hpp"

namespace wp::store::sql {

// Whether a read of several statements sees them from one commit (a read transaction).
enum class Snapshot { kNo, kYes };

class SqlStore : public Store {
 public:
  SqlStore();
  core::Status SaveOrgUnits(const std::vector<domain::OrgUnit>& units) override;
  core::Result<std::vector<domain::OrgUnit>> LoadOrgUnits() override;

  core::Result<ProgramId> InsertProgram(const ProgramRecord& program, ImportMode mode,
                                        const AuditEvent& audit) override;
  core::Result<ProgramRecord> GetProgram(ProgramId id) override;
  core::Result<std::string> GetProgramSourceBytes(ProgramId id) override;
  core::Result<std::vector<ProgramSummary>> ListPrograms() override;
  core::Status PublishProgram(ProgramId id, const std::string& at,
                              const AuditEvent& audit) override;
  core::Result<ProgramSettings> GetProgramSettings(ProgramId id) override;
  core::Status SetProgramSettings(ProgramId id, const ProgramSettings& settings,
                                  const AuditEvent& audit) override;
  core::Result<std::vector<StoredTarget>> ListTargets(ProgramId id) override;
  core::Result<int64_t> AddCorrection(const ProgramCorrection& correction,
                                      const AuditEvent& audit) override;
  core::Result<std::vector<ProgramCorrection>> ListCorrections(ProgramId id) override;

  core::Result<domain::UserId> CreateUser(const UserRecord& user, const AuditEvent& audit) override;
  core::Result<UserRecord> FindUser(const std::string& username) override;
  core::Result<UserRecord> GetUser(domain::UserId id) override;
  core::Result<std::vector<UserRecord>> ListUsers() override;
  core::Status UpdateUser(const UserRecord& user, int64_t expected_version, const UserEnds& ends,
                          const AuditEvent& audit) override;

  core::Status CreateSession(const SessionRecord& session, const AuditEvent& audit) override;
  core::Result<SessionRecord> FindSession(const std::string& token_hash,
                                          const std::string& now) override;
  core::Result<std::vector<SessionRecord>> ListSessions() override;
  core::Status DeleteSession(const std::string& token_hash, const AuditEvent& audit) override;
  core::Result<int64_t> CreateApiToken(const ApiTokenRecord& token,
                                       const AuditEvent& audit) override;
  core::Result<ApiTokenRecord> FindApiToken(const std::string& token_hash) override;
  core::Result<ApiTokenRecord> GetApiToken(int64_t id) override;
  core::Result<std::vector<ApiTokenRecord>> ListApiTokens(
      std::optional<domain::UserId> user) override;
  core::Status RevokeApiToken(int64_t id, const std::string& at, const AuditEvent& audit) override;
  core::Status TouchApiToken(int64_t id, const std::string& now, const std::string& since) override;

  core::Status CreatePasswordReset(const PasswordReset& reset, const OutboxMessage& message,
                                   const AuditEvent& audit) override;
  core::Result<PasswordReset> FindPasswordReset(const std::string& code_hash,
                                                const std::string& now) override;
  core::Status CompletePasswordReset(const std::string& code_hash, const std::string& now,
                                     const UserRecord& user, int64_t expected_version,
                                     const UserEnds& ends, const AuditEvent& audit) override;
  core::Result<std::vector<LoginLimit>> GetLoginLimits(
      const std::vector<std::string>& keys) override;
  core::Status RecordLoginFailure(
      const std::string& key, const std::string& now, const std::string& window_start,
      const std::string& forget_before,
      const std::function<std::optional<std::string>(const LoginLimit&)>& lock) override;
  core::Status ClearLoginLimit(const std::string& key) override;

  core::Result<ReportRecord> PutReport(const ReportRecord& next, int64_t expected_version,
                                       const ReportChanges& changes,
                                       const AuditEvent& audit) override;
  core::Result<std::vector<ReportRecord>> PutReports(
      std::span<const PutReportArgs> reports) override;
  core::Result<ReportRecord> GetReport(ReportId id) override;
  core::Result<std::optional<ReportRecord>> FindReport(ProgramId program,
                                                       const std::string& obligation,
                                                       const std::string& period,
                                                       domain::OrgUnitId unit) override;
  core::Result<std::vector<ReportRecord>> ListReports(const ReportFilter& filter) override;
  core::Result<domain::ReportContent> GetReportContent(ReportId id, int64_t* version) override;
  core::Result<std::vector<ValueVintage>> ListValueVintages(ReportId id) override;
  core::Result<std::vector<ReportTaskRow>> ListReportTasks(const ReportFilter& filter) override;
  core::Result<std::vector<std::pair<ReportId, domain::ReportValue>>> CurrentValues(
      const ReportFilter& filter) override;
  // The approved reports' ids, split in two halves scanned at once (ScanApproved) when there
  // are many: the scan is one core's work per connection.
  core::Status ScanApprovedValues(ProgramId program, const ApprovedSink& sink) override;
  // The checks, the units and programs, then each batch of reports (WriteDatasetReports) and
  // the load's entry, in one write transaction.
  core::Result<DatasetCounts> LoadDataset(const DatasetLoad& load) override;

  core::Status ReplaceAllocations(ProgramId program, const std::vector<Allocation>& rows,
                                  const AuditEvent& audit) override;
  core::Result<std::vector<Allocation>> ListAllocations(
      ProgramId program, std::optional<domain::OrgUnitId> unit) override;
  core::Result<int64_t> AllocationsRevision(ProgramId program) override;

  core::Result<std::vector<domain::Indicator>> ListIndicators(
      const std::string& issuer_key) override;
  core::Result<domain::Indicator> GetIndicator(int64_t id) override;
  core::Result<size_t> AddIndicators(const std::vector<domain::Indicator>& rows,
                                     const std::string& at, const AuditEvent& audit) override;
  core::Result<size_t> FillIndicatorSentences(const std::vector<domain::Indicator>& catalogue,
                                              const AuditEvent& audit) override;
  core::Status UpdateIndicator(const domain::Indicator& indicator,
                               const AuditEvent& audit) override;
  core::Result<std::vector<domain::Reporter>> ListReporters(ProgramId program) override;
  core::Result<int64_t> ResponsibilityRevision(ProgramId program) override;
  core::Result<int64_t> ReplaceReporters(ProgramId program, int64_t expected_revision,
                                         std::optional<core::CivilDate> effective_from,
                                         const std::vector<int64_t>& targets,
                                         const std::vector<domain::Reporter>& rows,
                                         const AuditEvent& audit) override;

  core::Result<DocumentRecord> PutDocument(const DocumentRecord& next,
                                           const std::vector<domain::Block>& blocks,
                                           int64_t expected_version, const std::string& action,
                                           const AuditEvent& audit) override;
  core::Result<DocumentRecord> GetDocument(DocumentId id) override;
  core::Result<std::vector<domain::Block>> GetDocumentBlocks(DocumentId id) override;
  core::Result<std::optional<DocumentRecord>> FindDocument(ProgramId program,
                                                           domain::DocumentKind kind,
                                                           domain::OrgUnitId unit,
                                                           const std::string& period) override;
  core::Result<std::vector<DocumentRecord>> ListDocuments(const DocumentFilter& filter) override;
  core::Result<std::vector<DocumentVersion>> ListDocumentVersions(DocumentId id) override;
  core::Result<DocumentVersion> GetDocumentVersion(DocumentId id, int64_t version) override;
  core::Result<DocumentRecord> IssueDocument(DocumentId id, int64_t expected_version,
                                             const DocumentIssue& issue,
                                             const AuditEvent& audit) override;
  core::Result<std::string> GetDocumentFile(DocumentId id) override;
  core::Result<TemplateRecord> PutTemplate(const std::string& name, const std::string& bytes,
                                           const std::string& at, const AuditEvent& audit) override;
  core::Result<std::optional<TemplateRecord>> GetTemplate(const std::string& name) override;
  core::Result<std::vector<NarrativePassage>> ListNarratives(
      ProgramId program, const std::vector<std::string>& periods,
      std::optional<domain::OrgUnitId> unit) override;

  // Issue 18 (amendments.cpp, delegations.cpp).
  core::Result<AmendmentRecord> PutAmendment(const AmendmentRecord& next, int64_t expected_version,
                                             const AuditEvent& audit) override;
  core::Result<AmendmentRecord> GetAmendment(AmendmentId id) override;
  core::Result<std::vector<AmendmentRecord>> ListAmendments(const AmendmentFilter& filter) override;
  core::Result<int> ApproveAmendment(const AmendmentRecord& next, int64_t expected_version,
                                     const AuditEvent& amendment_audit,
                                     const AuditEvent& program_audit) override;
  core::Result<std::vector<ProgramVersionRecord>> ListProgramVersions(ProgramId program) override;
  core::Result<int64_t> AmendmentsRevision(ProgramId program) override;
  core::Result<domain::Delegation> PutDelegation(const domain::Delegation& next,
                                                 const AuditEvent& audit) override;
  core::Result<std::vector<domain::Delegation>> ListDelegations(
      std::optional<domain::UserId> grantee) override;
  core::Status RevokeDelegation(int64_t id, const std::string& at,
                                const AuditEvent& audit) override;
  core::Result<UnitProgramRecord> PutUnitProgram(const UnitProgramRecord& next,
                                                 int64_t expected_version,
                                                 const domain::UnitProgramContent& content,
                                                 domain::UnitProgramAction action,
                                                 const std::string& comment,
                                                 const AuditEvent& audit) override;
  core::Result<UnitProgramRecord> GetUnitProgram(UnitProgramId id) override;
  core::Result<std::optional<UnitProgramRecord>> FindUnitProgram(ProgramId program,
                                                                 domain::OrgUnitId unit) override;
  core::Result<std::vector<UnitProgramRecord>> ListUnitPrograms(ProgramId program) override;
  core::Result<domain::UnitProgramContent> GetUnitProgramContent(UnitProgramId id,
                                                                 int64_t* version) override;
  core::Result<std::vector<UnitProgramVersion>> ListUnitProgramVersions(UnitProgramId id) override;
  core::Result<UnitProgramVersion> GetUnitProgramVersion(UnitProgramId id,
                                                         int64_t version) override;
  core::Result<int64_t> UnitProgramsRevision(ProgramId program) override;
  core::Result<ProgramId> InsertNextYearDraft(const ProgramRecord& draft,
                                              const NextYearRecord& next_year,
                                              const AuditEvent& audit) override;
  core::Result<std::optional<NextYearRecord>> GetNextYearDraft(ProgramId program) override;
  core::Result<std::vector<NextYearRecord>> ListNextYearDrafts() override;
  core::Result<int64_t> PutNextYearDraft(const NextYearRecord& next, int64_t expected_revision,
                                         const ProgramRecord* plan,
                                         const AuditEvent& audit) override;

  core::Result<size_t> EnqueueMessages(const std::vector<OutboxMessage>& messages,
                                       const AuditEvent& audit) override;
  core::Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, size_t limit) override;
  core::Status MarkSent(int64_t id, const std::string& at, const AuditEvent& audit) override;

  core::Result<std::vector<AuditEntry>> ListAudit(int64_t after_seq, size_t limit) override;
  core::Result<std::optional<AuditEntry>> LastAuditOf(const std::string& entity,
                                                      const std::string& entity_id) override;
  core::Result<std::optional<AuditEntry>> AuditHead() override;

  std::string Origin() const override { return origin_; }
  core::Result<std::vector<ChangeRecord>> ListChanges(int64_t after_seq, size_t limit) override;
  core::Result<int64_t> ChangesHead() override;

 protected:
  // What a backend runs in a transaction: true to commit, false (a refusal the body returns as
  // its result) to roll back.
  using Body = std::function<bool(Connection&)>;

  // Runs `body` in a write transaction: committed when it returns true, rolled back when it
  // returns false or throws. Fails when the transaction could not begin or commit, or with the
  // error of what the body threw (kUnavailable or kInternal, as the backend judges it).
  virtual core::Status RunWrite(const Body& body) = 0;
  // Runs `body` on a read connection; with Snapshot::kYes all its statements read one commit.
  virtual core::Status RunRead(const Body& body, Snapshot snapshot) = 0;
  // Streams the current period values of `program`'s approved reports with ids in [first,
  // last] to `sink` from one snapshot (ScanApprovedValues' contract, for a range of reports).
  virtual core::Status ScanApproved(ProgramId program, ReportId first, ReportId last,
                                    const ApprovedSink& sink) = 0;
  // Writes a batch of a data set's reports with all their versions' values (the backend's bulk
  // path); each report has versions and a program in `ids` (LoadDataset checked).
  virtual void WriteDatasetReports(Connection& c, const DatasetIds& ids,
                                   const std::vector<DatasetReport>& batch) = 0;
  // Whether two ScanApproved may run at once (not on a database in memory: one connection).
  virtual bool ScansInParallel() const { return true; }

  // `body(Connection&)` returning a Result, in a write transaction; its own error comes first.
  template <typename F>
  std::invoke_result_t<F&, Connection&> Write(F&& body) {
    return Run(body, [&](const Body& b) { return RunWrite(b); });
  }
  template <typename F>
  std::invoke_result_t<F&, Connection&> Read(F&& body, Snapshot snapshot = Snapshot::kNo) {
    return Run(body, [&](const Body& b) { return RunRead(b, snapshot); });
  }

  // The steps a backend's own writes share with the methods above.
  // Appends to the chain inside the caller's write transaction; `entity_id` fills the event's
  // when that is empty. Returns the entry's seq.
  static int64_t AppendAudit(Connection& c, const AuditEvent& event, const std::string& entity_id);
  // Adds units; a parent or successor may come later in the list.
  static void InsertUnits(Connection& c, const std::vector<domain::OrgUnit>& units);
  // Stores a program with its whole plan, as `status` (published at `published_at`), in a fixed
  // number of statements whatever its size; under `keep_id` when given (a draft whose plan is
  // replaced, its old rows deleted first), else a new id.
  static ProgramId InsertPlan(Connection& c, const ProgramRecord& p, ProgramStatus status,
                              const std::optional<std::string>& published_at,
                              std::optional<ProgramId> keep_id = std::nullopt);
  // Adds the resolved proposals of `p`'s targets as the program's matrix (source proposed,
  // valid from the program's date), in the caller's transaction.
  static void InsertProposedReporters(Connection& c, ProgramId id, const ProgramRecord& p);
  // Adds matrix rows of `program` in the caller's transaction.
  static void InsertReporters(Connection& c, ProgramId program,
                              const std::vector<domain::Reporter>& rows);
  // Writes version 1 (the baseline, effective from the program's date) of a published program in
  // the caller's transaction; nothing when it is written already.
  static void InsertBaselineVersion(Connection& c, ProgramId id);
  // Reads a whole plan with one query per table.
  static void LoadPlan(Connection& c, ProgramId id, domain::PlanDraft& plan);
  // Records a change other servers follow (changes: store.hpp) in the caller's write
  // transaction: `kind` is the write's audit action.
  void RecordChange(Connection& c, const std::string& kind, std::optional<ProgramId> program,
                    const std::string& at, std::optional<domain::OrgUnitId> unit = std::nullopt,
                    const std::string& period = "",
                    std::optional<ReportId> report = std::nullopt) const;
  // One report's write inside the caller's write transaction (PutReport, PutReports).
  core::Result<ReportRecord> WriteReport(Connection& c, const ReportRecord& next,
                                         int64_t expected_version, const ReportChanges& changes,
                                         const AuditEvent& audit);

 private:
  const std::string origin_;  // Origin(): random, one per open store

  template <typename F, typename Runner>
  static std::invoke_result_t<F&, Connection&> Run(F& body, Runner&& runner) {
    using R = std::invoke_result_t<F&, Connection&>;
    std::optional<R> result;
    core::Status status = runner([&](Connection& c) {
      result.emplace(body(c));
      return result->has_value();
    });
    if (!status && (!result || result->has_value())) return tl::unexpected(status.error());
    return std::move(*result);
  }
};

}  // namespace wp::store::sql
