#pragma once
// The reporting cycle's use cases: the reports due of a published program, report forms with
// their validation (before anything is stored) and workflow (save, submit, approve, return,
// reopen, with role and unit scope), timeliness and completeness, allocations of national
// targets, the digest outbox and bulk loads. Hides the form skeleton and report content caches
// a save reads through (ReportCaches, service/internal/caches.hpp) and the store's records.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/responsibility.hpp"
#include "service/report_types.hpp"

namespace wp::service {

class Schedule;
class ReportCaches;
class Engines;
class Responsibilities;

class Reporting {
 public:
  Reporting(store::Store& store, const Organisation& org, const Programs& programs,
            ProgramCache& cache, Schedule& schedule, ReportCaches& caches, Engines& engines,
            const Time& time, DataGeneration& generation, Responsibilities& responsibilities);
  ~Reporting();

  // Obligations of a program (its reporting rules read as schedules).
  std::vector<ObligationView> Obligations(const ProgramView& program) const;
  // The obligation of `key` ("r2"), when the program has it.
  std::optional<ObligationView> FindObligation(const ProgramView& program,
                                               std::string_view key) const;
  // Reports expected of the units in the principal's scope, with where each stands today.
  // kFailedPrecondition ("program_not_published") for a draft.
  core::Result<std::vector<DueReportView>> DueReports(const domain::Principal& by,
                                                      ProgramId program, const DueFilter& filter);
  // The form of one expected report, with its stored content. kNotFound ("report_not_expected")
  // when the unit owes no such report; kPermissionDenied ("out_of_scope").
  core::Result<ReportForm> GetReportForm(const domain::Principal& by, const ReportRef& ref);
  core::Result<ReportForm> GetReportFormById(const domain::Principal& by, ReportId id);
  // Saves (and with `submit` sends) the content at `version`. kInvalidArgument
  // ("report_invalid", a detail per field) when a rule is broken — nothing stored; kAborted
  // ("stale_version") when someone saved first; kFailedPrecondition when the workflow forbids
  // it (approved: "report_locked"; awaiting approval: "report_submitted").
  //
  // With `paired_version`, the report also answers the paired one it can answer (Paired, at
  // that version) in the same transaction: the paired report gets this one's values — of an
  // additive target, the period's value is the sum of the period values of this obligation's
  // reports within the paired period (none when one of them lacks it) and the cumulative this
  // one's; of the others, this one's — and its tasks and narrative; both are checked, both
  // audited, and both stored or neither. kFailedPrecondition ("no_paired_report") when this
  // form answers none; the paired report's problems are named "paired.values[12].period", its
  // stale version, workflow or access refusals are its own.
  core::Result<ReportForm> SaveReport(const domain::Principal& by, const ReportRef& ref,
                                      int64_t version, const ReportInput& input,
                                      domain::ReportAction action,
                                      std::optional<int64_t> paired_version = std::nullopt);
  // The other report the form's unit owes on the same due date for a period ending the same day
  // (PairedReport), if any; of several, the nearest in length.
  core::Result<std::optional<PairedReport>> Paired(const ReportForm& form);
  // What SaveReport would find in `input` at `version`, without storing or auditing anything:
  // the same checks in the same order — access, version, workflow (failing as SaveReport
  // fails) — then every problem of the content: errors that would refuse it (the save's
  // "report_invalid" details) and values flagged for confirmation. With `paired_version`, the
  // paired report as this one would answer it too (SaveReport): its refusals as the save's, its
  // problems after this one's, named "paired.values[12].period".
  core::Result<ReportCheck> CheckReport(const domain::Principal& by, const ReportRef& ref,
                                        int64_t version, const ReportInput& input,
                                        domain::ReportAction action,
                                        std::optional<int64_t> paired_version = std::nullopt);
  // SaveReport of the stored report `id`; kNotFound also for one outside the principal's scope.
  core::Result<ReportForm> SaveReportById(const domain::Principal& by, ReportId id, int64_t version,
                                          const ReportInput& input, domain::ReportAction action,
                                          std::optional<int64_t> paired_version = std::nullopt);
  // Submit, approve, return (with a comment) or reopen a stored report at `version`.
  core::Result<ReportForm> ActOnReport(const domain::Principal& by, ReportId id, int64_t version,
                                       domain::ReportAction action, const std::string& comment);
  core::Result<std::vector<ValueVersionView>> ReportHistory(const domain::Principal& by,
                                                            ReportId id);
  // Expected / received / on time / late / missing per obligation and period and per unit, as of
  // `as_of` (today by default), over the units in the principal's scope.
  core::Result<TimelinessSummary> Timeliness(const domain::Principal& by, ProgramId program,
                                             std::optional<std::string> period,
                                             std::optional<core::CivilDate> as_of);
  // The program's responsibility matrix: who reports each target, from when to when (empty:
  // the program has none, and a form asks what is allocated to the unit or its sections' —
  // today's rule).
  core::Result<std::shared_ptr<const std::vector<domain::Reporter>>> MatrixOf(
      const ProgramView& program);
  // Allocations of national targets to units, with the check of their sums.
  core::Result<AllocationView> Allocations(const domain::Principal& by, ProgramId program);
  // Replaces the shares of the targets named (planners). kInvalidArgument ("allocation_invalid",
  // a detail per bad row: unknown target or unit, bad number, negative, duplicate).
  core::Result<AllocationView> ReplaceAllocations(const domain::Principal& by, ProgramId program,
                                                  const std::vector<AllocationRow>& rows);
  // Queues one digest per unit with reports due within `horizon_days` or overdue on `as_of`.
  core::Result<DigestResult> RunDigest(const domain::Principal& by, ProgramId program,
                                       std::optional<core::CivilDate> as_of, int horizon_days);
  core::Result<std::vector<OutboxMessageView>> Outbox(const domain::Principal& by,
                                                      bool pending_only, size_t limit);
  core::Status MarkMessageSent(const domain::Principal& by, int64_t id);
  // Loads values in bulk (planners): rows name obligation, period, unit, target; reports are
  // created approved. kInvalidArgument with a detail per bad row; nothing stored then.
  core::Result<size_t> BulkLoadValues(const domain::Principal& by, ProgramId program,
                                      const std::vector<BulkValueRow>& rows);

 private:
  core::Result<ReportForm> BuildForm(const domain::Principal& by,
                                     std::shared_ptr<const ProgramView> program,
                                     const ReportRef& ref);
  // Everything a save decides before it writes (SaveReport and CheckReport): the form as
  // stored, the content after the write and what it changes, the status it leads to, the
  // problems found. Fails on access, a stale version or a step the workflow forbids.
  struct PendingSave;
  core::Result<PendingSave> PrepareSave(const domain::Principal& by, const ReportRef& ref,
                                        int64_t version, const ReportInput& input,
                                        domain::ReportAction action);
  // The unit's form skeleton in a published program for a period ending on `at`, built or kept
  // (ReportCaches): the targets the matrix has the unit report on `at` (issue 16), or — for a
  // program without a matrix — those allocated to it and of the sections it leads.
  core::Result<std::shared_ptr<const FormSkeleton>> Skeleton(
      const std::shared_ptr<const ProgramView>& program, domain::OrgUnitId unit,
      const core::CivilDate& at);
  // Issue 18: the tasks of the unit's own program as last accepted on a form of the period ending
  // `at`; narrows [from, to] to the dates the answer holds on. `targets`, when given, receives
  // that version's targets.
  core::Result<std::vector<UnitTaskRow>> UnitTasksOn(const ProgramView& program,
                                                     domain::OrgUnitId unit,
                                                     const core::CivilDate& at,
                                                     std::optional<core::CivilDate>& from,
                                                     std::optional<core::CivilDate>& to,
                                                     std::vector<domain::UnitTarget>* targets);
  // The values a report's entries are compared with: the unit's report of the previous period,
  // and of the same period a year earlier (Schedule::PreviousYearProgram).
  core::Result<std::vector<domain::ReferenceValue>> References(const ProgramView& program,
                                                               const ReportForm& form,
                                                               const ReportRef& ref);
  // What a shown form adds to BuildForm's: carried task progress, the cumulative references,
  // the paired report (ReportForm).
  core::Status AddShownParts(const ProgramView& program, ReportForm& form, const ReportRef& ref);
  // The newest progress of each of the form's tasks in the unit's reports of the program for
  // periods ending before the form's (ReportCaches::progress).
  core::Result<std::vector<CarriedTask>> CarriedTasks(const ReportForm& form, const ReportRef& ref);
  // The write of a prepared save: the report's record, changes (moved out of `p`) and audit
  // entry (a store::PutReportArgs); `answered_from` names the report a paired one was answered
  // from ("" for none).
  struct PendingWrite;
  PendingWrite WriteOf(const domain::Principal& by, const ReportRef& ref, int64_t version,
                       PendingSave& p, domain::ReportAction action,
                       const std::string& answered_from) const;
  // The save of the paired report `p`'s form answers (SaveReport with paired_version), prepared
  // as PrepareSave prepares it; `ref_of` receives its reference. Refusals named as the paired
  // report's (kFailedPrecondition "no_paired_report" when there is none to answer).
  core::Result<PendingSave> PreparePaired(const domain::Principal& by, const ReportRef& ref,
                                          const PendingSave& p, int64_t paired_version,
                                          domain::ReportAction action, ReportRef& ref_of);
  // Makes p.form the answer of its save, `stored` the header written.
  void Saved(PendingSave& p, ReportHeader stored);
  core::Status RequireUnitAccess(const domain::Principal& by, domain::OrgUnitId unit,
                                 const core::CivilDate& at, domain::ReportAction action) const;

  store::Store& store_;
  const Organisation& org_;
  const Programs& programs_;
  ProgramCache& cache_;
  Schedule& schedule_;
  ReportCaches& caches_;
  Engines& engines_;
  const Time& time_;
  DataGeneration& generation_;
  Responsibilities& responsibilities_;
};

}  // namespace wp::service
