#pragma once
// The use cases of workplan, one class over a Store and the organisation: sign-in, accounts and
// API tokens; importing, publishing and reading programs; the organisation at a date; the audit
// log and its verification. Every call that reads or writes on behalf of someone takes the
// Principal it acts for and checks its permission and unit scope first; every write goes to the
// store with its audit event in the same transaction. Thread-safe: the server calls it from
// several threads.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <vector>

#include "analytics/engine.hpp"
#include "analytics/measures.hpp"
#include "core/error.hpp"
#include "core/lru_cache.hpp"
#include "domain/access.hpp"
#include "domain/calendar.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"
#include "domain/report.hpp"
#include "store/store.hpp"

namespace wp::ingest {
class UnitResolver;
}

namespace wp::service {

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct ServiceOptions {
  std::chrono::seconds session_ttl{8 * 3600};
  int login_failures_allowed = 5;  // per username and client within the window
  std::chrono::seconds login_window{15 * 60};
  size_t max_decision_bytes = 8u << 20;
  Clock clock = [] { return std::chrono::system_clock::now(); };
};

// Where the first organisation comes from when the store has none (the two province tables of
// data/, as texts).
struct OrgSeed {
  std::string provinces_csv;
  std::string provinces_2025_csv;
  std::string holidays_csv;  // data/holidays.csv: days off and swapped working days; "" none
};

// The acting principal of the command line and of first-start loading.
domain::Principal SystemPrincipal(const std::string& name);

struct LoginResult {
  std::string session_token;  // for the cookie; shown once, stored only as a hash
  std::string csrf_token;
  std::string expires_at;
  domain::Principal principal;
};

struct SessionAuth {
  domain::Principal principal;
  std::string csrf_token;
  std::string expires_at;  // ISO 8601 UTC: the page can warn before it ends
};

struct NewUser {
  std::string username;
  std::string display_name;
  domain::Role role = domain::Role::kViewer;
  std::string unit;  // an id or a code valid today; "" for none
  std::string password;
};

struct UserView {
  domain::UserId id = 0;
  std::string username;
  std::string display_name;
  domain::Role role = domain::Role::kViewer;
  std::optional<domain::OrgUnitId> unit;
  std::string unit_name;
  bool active = true;
  std::string created_at;
};

struct ImportResult {
  store::ProgramId id = 0;
  std::optional<std::string> number;
  size_t sections = 0;
  size_t targets = 0;
  size_t budgets = 0;
  size_t deadlines = 0;
  size_t unresolved_units = 0;
  size_t diagnostics = 0;
  bool replaced = false;
};

// A program as read, with the ids of its targets. Published programs never change, so they
// are kept in memory once read.
struct ProgramView {
  store::ProgramRecord record;  // with the corrections applied (record.plan)
  std::vector<store::StoredTarget> targets;
  size_t corrections = 0;  // how many were applied
};

// A correction of a draft as a planner asks for it: `locator` "target:17" (a target's id),
// "deadline:3" (its position in the plan) or "section:II.2"; `field` value | unit | comparator
// | indicator for a target, due for a deadline, lead for a section; `value` as typed
// ("1.600.000", "4,3", "31/12/2012", a unit's name).
struct CorrectionInput {
  std::string locator;
  std::string field;
  std::string value;
  std::string reason;
};

// A task with the place it holds in the outline and its id (domain::TaskId: "II.2.1#3",
// "II.11.2~2#1" in the second section numbered 11.2).
struct TaskView {
  std::string id;
  const domain::Section* section = nullptr;
  const domain::Task* task = nullptr;
  size_t ord = 0;
};

// ───── the reporting cycle (issue 4) ─────

// A reporting obligation of a program: the decision's rule read as a schedule, with the units
// it binds. `key` ("r1", "r2", …) follows the order of the decision's rules.
struct ObligationView {
  domain::Obligation obligation;  // key, name, schedule, responsible units
  const domain::ReportingRule* rule = nullptr;
  std::vector<std::string> unresolved;  // names in "from" that bind nobody
};

// Where an expected report stands on a date.
enum class DueState {
  kNotDue,     // not received, deadline not passed
  kMissing,    // not received, deadline passed
  kDraft,      // started, not sent, deadline not passed
  kSubmitted,  // sent, awaiting approval
  kReturned,   // sent back to the unit
  kApproved,
};
const char* DueStateName(DueState s);  // "not_due", "missing", "draft", "submitted", …
inline constexpr DueState kDueStates[] = {DueState::kNotDue,   DueState::kMissing,
                                          DueState::kDraft,    DueState::kSubmitted,
                                          DueState::kReturned, DueState::kApproved};
// The state DueStateName writes as `name`; nullopt for any other text.
std::optional<DueState> ParseDueState(std::string_view name);
// Every state's name, for a message refusing another: "not_due, missing, …, approved".
std::string DueStateNames();

struct DueReportView {
  domain::ExpectedReport expected;
  std::string obligation_name;
  std::optional<store::ReportRecord> report;
  DueState state = DueState::kNotDue;
  bool received = false;  // submitted at least once
  bool late = false;      // first submitted after its deadline (stays late)
  bool overdue = false;   // deadline passed, never submitted
};

struct DueFilter {
  std::optional<std::string> period;      // a period key
  std::optional<std::string> obligation;  // an obligation key
  std::optional<domain::OrgUnitId> unit;
  std::optional<core::CivilDate> due_to;  // due on or before
};

// One line of a report form: a target with the unit's allocated share.
struct FormTargetRow {
  const store::StoredTarget* target = nullptr;
  domain::FormTarget form;
  std::optional<core::Decimal> allocated;
};

// What every form of one unit in a published program asks, whatever the period: the targets
// allocated to the unit or of the sections it leads, the tasks it leads, and both indexed for
// validation. Built once per program, unit and allocations revision, then shared (immutable).
struct FormSkeleton {
  std::shared_ptr<const ProgramView> program;  // keeps the targets and tasks pointed to alive
  std::vector<FormTargetRow> targets;
  std::vector<TaskView> tasks;
  domain::FormSpec spec;
};

struct ReportForm {
  std::shared_ptr<const ProgramView> program;
  ObligationView obligation;
  domain::Period period;
  const domain::OrgUnit* unit = nullptr;
  domain::ExpectedReport expected;
  std::shared_ptr<const FormSkeleton> skeleton;  // the unit's targets and tasks
  std::optional<store::ReportRecord> report;     // nullopt until first saved (version 0)
  domain::ReportContent content;
  std::vector<domain::Problem> warnings;  // flagged for confirmation at the last save
  bool late = false;
  int64_t version() const { return report ? report->version : 0; }
  const std::vector<FormTargetRow>& targets() const { return skeleton->targets; }
  const std::vector<TaskView>& tasks() const { return skeleton->tasks; }
};

// What a unit sends: its values (a null value clears one), task progress and narrative.
struct ReportValuesCsv {
  std::string csv;
  int64_t version = 0;
};

struct ReportInput {
  std::vector<domain::ReportValue> values;
  std::vector<domain::TaskProgress> tasks;
  std::vector<std::pair<domain::Narrative, std::string>> narrative;
};

// What a save would find wrong with a report's content (Service::CheckReport): the form as
// stored, and the problems — errors refuse a save, confirmations are flagged and accepted.
struct ReportCheck {
  ReportForm form;
  std::vector<domain::Problem> problems;
  bool ok() const { return !domain::HasErrors(problems); }
};

struct ReportRef {
  store::ProgramId program = 0;
  std::string obligation;
  std::string period;
  domain::OrgUnitId unit = 0;
};

struct TimelinessCounts {
  size_t expected = 0;
  size_t received = 0;  // submitted at least once
  size_t on_time = 0;
  size_t late = 0;
  size_t missing = 0;  // deadline passed, nothing received
  size_t pending = 0;  // deadline not passed, nothing received
  size_t approved = 0;
  size_t returned = 0;
  double completeness() const { return expected ? double(received) / double(expected) : 0; }
  double timeliness() const { return received ? double(on_time) / double(received) : 0; }
};

struct TimelinessRow {
  std::string obligation;
  std::string period;  // "" in per-unit rows
  std::optional<domain::OrgUnitId> unit;
  core::CivilDate due;
  TimelinessCounts counts;
};

struct TimelinessSummary {
  core::CivilDate as_of;
  TimelinessCounts total;
  std::vector<TimelinessRow> by_period;  // per obligation and period
  std::vector<TimelinessRow> by_unit;    // per unit, all periods
};

struct OverdueTask {
  std::string task_id;
  const domain::Section* section = nullptr;
  const domain::Deadline* deadline = nullptr;  // the earliest of its section's, passed
  domain::OrgUnitId unit = 0;
  std::optional<domain::TaskStatus> status;  // as last reported; nullopt never reported
};

// One lead unit's newest report on a task (service/tasks.cpp).
struct ReportedTask {
  domain::TaskProgress progress;
  std::string period;       // the report it came from: "2012-Q3"
  std::string reported_at;  // that report's first submission (ISO 8601 UTC)
};

struct TaskLeadStatus {
  domain::OrgUnitId unit = 0;
  std::optional<domain::TaskProgress> progress;  // nullopt: never reported
  std::string period;                            // "" when never reported
  std::string reported_at;
  bool overdue = false;  // a deadline of its section passed, not reported done or cancelled
};

struct TaskStatusRow {
  TaskView task;
  std::vector<const domain::Deadline*> deadlines;  // dated, of its section, earliest first
  std::vector<TaskLeadStatus> leads;               // in unit code order
};

struct TaskBoardView {
  core::CivilDate as_of;  // the date the progress is read at
  std::vector<TaskStatusRow> rows;
};

struct AllocationRow {
  int64_t target_id = 0;
  std::string unit;   // id or code at the program's date
  std::string value;  // "150000", "4,3", "1.510.000"
  // Where each field was read in a spreadsheet ("Giao chỉ tiêu!D5"), to name it in errors;
  // "" for JSON and CSV rows (named "rows[3].unit").
  std::string target_cell, unit_cell, value_cell;
};

struct AllocationCheck {
  int64_t target_id = 0;
  core::Decimal national;
  core::Decimal allocated_sum;
  size_t units = 0;
  std::string warning;  // "" when the shares add up (Vietnamese otherwise)
};

struct AllocationView {
  std::vector<store::Allocation> rows;
  std::vector<AllocationCheck> checks;
};

struct DigestResult {
  size_t units = 0;
  size_t queued = 0;  // new messages (already queued ones are skipped)
};

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

// ── analytics (service/dashboard.cpp) ──

// One target of the program measured at a node (the whole country, or the principal's unit).
struct TargetMeasure {
  const store::StoredTarget* target = nullptr;
  analytics::Measure measure;
};

struct DashboardView {
  core::CivilDate at;
  int year = 0;
  std::optional<domain::OrgUnitId> unit;  // nullopt: the whole country
  std::vector<TargetMeasure> targets;     // in program order
  std::map<analytics::Status, size_t> by_status;
  std::optional<std::string> period;  // the reporting period whose figures are shown
  TimelinessCounts reporting;         // of that period, as of `at`
  std::vector<std::pair<domain::OrgUnitId, size_t>> overdue_by_lead;  // most first
  domain::OrgKind level = domain::OrgKind::kProvince;
  std::optional<int64_t> ranked_target;
  std::vector<analytics::Measure> ranking;  // units of `level` for ranked_target, best first
};

struct AnalyticsQuery {
  store::ProgramId program = 0;
  std::vector<int64_t> targets;           // empty: every target
  std::optional<domain::OrgUnitId> unit;  // nullopt: the whole country (or the caller's unit)
  std::optional<domain::OrgKind> level;   // rows for every unit of this kind below `unit`
  std::vector<std::string> periods;       // "2012-M03", "2012-Q1", "2012-YTD05", "2012-Y"
  std::optional<core::CivilDate> at;      // the organisation's structure; default today
  analytics::Read read = analytics::Read::kBest;
};

struct AnalyticsCell {
  int64_t target = 0;
  std::string period;
  analytics::NodeInfo node;
  analytics::Aggregate aggregate;
};

// ── synthetic national data (service/gen_data.cpp) ──

struct GenDataOptions {
  char scale = 'S';  // 'S' provinces, 'M' plus 700 districts, 'L' plus 10 665 communes
  uint64_t seed = 1;
};

struct GenDataResult {
  store::DatasetCounts counts;
  std::vector<store::ProgramId> programs;  // one per year, oldest first
  int latest_year = 0;
  // What the generator implies for the newest program's dashboard at the end of its year:
  // each target's national figure for the year to date from the approved reports (flows summed,
  // percentages averaged over the units' values), by target id; absent when nothing was approved.
  std::map<int64_t, double> latest_current;
  size_t approved_reports = 0, late_reports = 0, missing_reports = 0, pending_reports = 0;
};

class Service {
 public:
  // Loads the organisation from the store, saving the initial one from `seed` at first start.
  static core::Result<std::unique_ptr<Service>> Open(std::unique_ptr<store::Store> store,
                                                     const OrgSeed& seed,
                                                     ServiceOptions options = {});
  ~Service();

  // Sign-in. kUnauthenticated ("bad_credentials") for a wrong name or password (the same
  // message for both), kResourceExhausted ("too_many_attempts") after repeated failures.
  core::Result<LoginResult> Login(const std::string& username, const std::string& password,
                                  const std::string& client);
  // kUnauthenticated ("session_expired") when the session is unknown or expired.
  core::Result<SessionAuth> AuthenticateSession(const std::string& session_token);
  // kUnauthenticated ("bad_token").
  core::Result<domain::Principal> AuthenticateToken(const std::string& api_token);
  core::Status Logout(const domain::Principal& who, const std::string& session_token);

  // Accounts (admin; the command line acts as the system principal).
  core::Result<UserView> CreateUser(const domain::Principal& by, const NewUser& user);
  core::Result<std::vector<UserView>> ListUsers(const domain::Principal& by);
  core::Result<UserView> Me(const domain::Principal& who);
  // Returns the token, shown once.
  core::Result<std::string> CreateApiToken(const domain::Principal& by, const std::string& name);

  // Programs. Import parses, binds and resolves units at the decision's date, and stores the
  // whole plan as a draft in one transaction.
  core::Result<ImportResult> ImportProgram(const domain::Principal& by, std::string_view text,
                                           const std::string& source_name, store::ImportMode mode);
  // kNotFound for a draft the principal may not see, kPermissionDenied for one it may see but
  // not publish, kFailedPrecondition ("program_published") when it already is.
  core::Status PublishProgram(const domain::Principal& by, store::ProgramId id);
  // Corrects what the parser read in a draft (CorrectionInput); kInvalidArgument
  // ("correction_invalid") naming the bad part, kFailedPrecondition ("program_published").
  // Audited; the program reads corrected from then on (corrections.cpp).
  core::Result<store::ProgramCorrection> CorrectProgram(const domain::Principal& by,
                                                        store::ProgramId id,
                                                        const CorrectionInput& in);
  core::Result<std::vector<store::ProgramCorrection>> ListCorrections(const domain::Principal& by,
                                                                      store::ProgramId id);
  // Drafts only for those who manage programs.
  core::Result<std::vector<store::ProgramSummary>> ListPrograms(const domain::Principal& by);
  // kNotFound also for a draft the principal may not see.
  core::Result<std::shared_ptr<const ProgramView>> GetProgram(const domain::Principal& by,
                                                              store::ProgramId id);
  // Tasks led by `lead` (resolved at the program's date, groups expanded); without it, the
  // tasks within the principal's scope (all for those who see all units). kPermissionDenied
  // for a lead outside the principal's scope.
  core::Result<std::vector<TaskView>> Tasks(const domain::Principal& by, const ProgramView& program,
                                            std::optional<domain::OrgUnitId> lead);
  // The date a program's units are read at (its issue date, else 1 January of its year).
  static core::CivilDate ProgramDate(const store::ProgramRecord& program);

  // ───── the reporting cycle ─────
  // Obligations of a program (its reporting rules read as schedules).
  std::vector<ObligationView> Obligations(const ProgramView& program) const;
  // The obligation of `key` ("r2"), when the program has it.
  std::optional<ObligationView> FindObligation(const ProgramView& program,
                                               std::string_view key) const;
  // Reports expected of the units in the principal's scope, with where each stands today.
  // kFailedPrecondition ("program_not_published") for a draft.
  core::Result<std::vector<DueReportView>> DueReports(const domain::Principal& by,
                                                      store::ProgramId program,
                                                      const DueFilter& filter);
  // The form of one expected report, with its stored content. kNotFound ("report_not_expected")
  // when the unit owes no such report; kPermissionDenied ("out_of_scope").
  core::Result<ReportForm> GetReportForm(const domain::Principal& by, const ReportRef& ref);
  core::Result<ReportForm> GetReportFormById(const domain::Principal& by, store::ReportId id);
  // Saves (and with `submit` sends) the content at `version`. kInvalidArgument
  // ("report_invalid", a detail per field) when a rule is broken — nothing stored; kAborted
  // ("stale_version") when someone saved first; kFailedPrecondition when the workflow forbids
  // it (approved: "report_locked"; awaiting approval: "report_submitted").
  core::Result<ReportForm> SaveReport(const domain::Principal& by, const ReportRef& ref,
                                      int64_t version, const ReportInput& input,
                                      domain::ReportAction action);
  // What SaveReport would find in `input` at `version`, without storing or auditing anything:
  // the same checks in the same order — access, version, workflow (failing as SaveReport
  // fails) — then every problem of the content: errors that would refuse it (the save's
  // "report_invalid" details) and values flagged for confirmation.
  core::Result<ReportCheck> CheckReport(const domain::Principal& by, const ReportRef& ref,
                                        int64_t version, const ReportInput& input,
                                        domain::ReportAction action);
  // SaveReport of the stored report `id`; kNotFound also for one outside the principal's scope.
  core::Result<ReportForm> SaveReportById(const domain::Principal& by, store::ReportId id,
                                          int64_t version, const ReportInput& input,
                                          domain::ReportAction action);
  // Submit, approve, return (with a comment) or reopen a stored report at `version`.
  core::Result<ReportForm> ActOnReport(const domain::Principal& by, store::ReportId id,
                                       int64_t version, domain::ReportAction action,
                                       const std::string& comment);
  core::Result<std::vector<store::ValueVintage>> ReportHistory(const domain::Principal& by,
                                                               store::ReportId id);
  // Expected / received / on time / late / missing per obligation and period and per unit, as of
  // `as_of` (today by default), over the units in the principal's scope.
  core::Result<TimelinessSummary> Timeliness(const domain::Principal& by, store::ProgramId program,
                                             std::optional<std::string> period,
                                             std::optional<core::CivilDate> as_of);
  // Tasks whose section's earliest deadline passed before `as_of` (today by default) and that
  // a lead unit in the principal's scope has not reported done or cancelled: one row per task
  // and such lead, with that deadline, earliest deadline first.
  core::Result<std::vector<OverdueTask>> OverdueTasks(const domain::Principal& by,
                                                      store::ProgramId program,
                                                      std::optional<core::CivilDate> as_of);
  // Every task within the principal's scope (or led by `lead`) with each lead unit's newest
  // reported progress as of `as_of` (today by default) and whether it is overdue.
  // kPermissionDenied ("out_of_scope") for a lead outside the principal's scope.
  core::Result<TaskBoardView> TaskStatuses(const domain::Principal& by, store::ProgramId program,
                                           std::optional<core::CivilDate> as_of,
                                           std::optional<domain::OrgUnitId> lead);
  // The national picture of a program on a date (default today, or the last day of the
  // program's year once that has passed), or the principal's unit's when it does not see every
  // unit: every target measured (achievement, pace, projection, status), counts by status, the
  // reporting of the period, overdue tasks by lead unit, and the ranking of the units of
  // `level` for one target (default the first). With `unit` (within the principal's scope,
  // else kPermissionDenied "out_of_scope"; kNotFound "unit_not_found"), the same measured at
  // that unit, with its reporting and overdue tasks and those of the units below it. Figures
  // come from approved reports, the engine loaded from the store at first use and updated by
  // every approval and reopening.
  core::Result<DashboardView> Dashboard(const domain::Principal& by, store::ProgramId program,
                                        std::optional<core::CivilDate> at, domain::OrgKind level,
                                        std::optional<int64_t> ranked_target,
                                        std::optional<domain::OrgUnitId> unit = std::nullopt);
  // Writes the synthetic national data set (analytics/synthetic.hpp) into the store, in one
  // transaction, audited: districts (M, L) and communes (L) under the registry's provinces, with
  // the 1/7/2025 reform; one published program per year 2021–2025 of the same issuer, whose 200
  // targets are the data set's indicators, with a monthly report from the reporting level and a
  // yearly one (the provinces' plans); every report the data set has, approved (December 2025's
  // only submitted), some late, some never sent. Admins only. Fails with kInvalidArgument
  // ("bad_scale"), kFailedPrecondition ("database_not_empty") when a program or report is stored,
  // or the store's errors; nothing is stored then.
  core::Result<GenDataResult> GenerateData(const domain::Principal& by, const GenDataOptions& o);
  // Builds from the store, before anyone asks, the analytics engine of every current program —
  // the newest published program of each issuer (with its previous year's values); older
  // programs' engines are built at their first read, as before. Returns how many programs and
  // cells were loaded; fails like the dashboard's first read.
  struct AnalyticsWarmup {
    size_t programs = 0;
    size_t values = 0;  // cells held, this year's and last year's
  };
  core::Result<AnalyticsWarmup> WarmAnalytics();
  // Figures per target × node × period. kInvalidArgument ("bad_period", "bad_target").
  core::Result<std::vector<AnalyticsCell>> QueryAnalytics(const domain::Principal& by,
                                                          const AnalyticsQuery& q);
  // Allocations of national targets to units, with the check of their sums.
  core::Result<AllocationView> Allocations(const domain::Principal& by, store::ProgramId program);
  // Replaces the shares of the targets named (planners). kInvalidArgument ("allocation_invalid",
  // a detail per bad row: unknown target or unit, bad number, negative, duplicate).
  core::Result<AllocationView> ReplaceAllocations(const domain::Principal& by,
                                                  store::ProgramId program,
                                                  const std::vector<AllocationRow>& rows);
  // Queues one digest per unit with reports due within `horizon_days` or overdue on `as_of`.
  core::Result<DigestResult> RunDigest(const domain::Principal& by, store::ProgramId program,
                                       std::optional<core::CivilDate> as_of, int horizon_days);
  core::Result<std::vector<store::OutboxMessage>> Outbox(const domain::Principal& by,
                                                         bool pending_only, size_t limit);
  core::Status MarkMessageSent(const domain::Principal& by, int64_t id);
  // Loads values in bulk (planners): rows name obligation, period, unit, target; reports are
  // created approved. kInvalidArgument with a detail per bad row; nothing stored then.
  core::Result<size_t> BulkLoadValues(const domain::Principal& by, store::ProgramId program,
                                      const std::vector<store::BulkValue>& rows);
  // The form as an Excel workbook to fill offline, and such a workbook read back and saved.
  core::Result<std::string> ReportWorkbook(const domain::Principal& by, const ReportRef& ref);
  core::Result<ReportForm> UploadReportWorkbook(const domain::Principal& by, std::string_view bytes,
                                                domain::ReportAction action);
  // Such a workbook read back and checked as CheckReport checks (nothing stored); problems
  // name cells ("Chỉ tiêu!E8"). Fails as the upload fails on a file that is not a form or a
  // cell that cannot be read.
  core::Result<ReportCheck> CheckReportWorkbook(const domain::Principal& by, std::string_view bytes,
                                                domain::ReportAction action);
  // CSV bodies of machine clients, read into rows (header names as in docs/api.md).
  // kInvalidArgument ("csv_invalid") naming the line.
  core::Result<std::vector<AllocationRow>> ParseAllocationCsv(std::string_view csv) const;
  // Allocations as a workbook: the sheet "Giao chỉ tiêu" (target_id, indicator,
  // unit_of_measure, unit, unit_name, value) with the current shares and empty input rows to
  // add more, beside reference sheets of the program's targets and of the units at its date.
  core::Result<std::string> AllocationWorkbook(const domain::Principal& by,
                                               store::ProgramId program);
  // Such a workbook filled in (or any .xlsx whose first sheet, or the sheet "Giao chỉ tiêu",
  // has the columns target_id, unit and value in its first row), each field keeping its cell.
  core::Result<std::vector<AllocationRow>> ParseAllocationXlsx(std::string_view bytes) const;
  core::Result<std::vector<store::BulkValue>> ParseBulkCsv(std::string_view csv) const;
  // A report's values as CSV for machine clients (no BOM, ','): one row per target of the form
  // and scope — target_id, indicator, unit_of_measure, scope, kind, value (plain digits, "."
  // decimal; empty when not reported), note — and the version it was read at.
  core::Result<ReportValuesCsv> GetReportValuesCsv(const domain::Principal& by,
                                                   const ReportRef& ref);
  // Such a CSV read back: target_id, scope, kind, value (an empty value clears it), note
  // optional, other columns ignored. kInvalidArgument ("csv_invalid") naming each bad line.
  core::Result<std::vector<domain::ReportValue>> ParseReportValuesCsv(std::string_view csv) const;
  const domain::WorkCalendar& calendar() const { return calendar_; }
  // The date in Việt Nam (UTC+7) of an ISO 8601 UTC time.
  static core::CivilDate LocalDate(const std::string& iso_utc);

  // The organisation.
  const domain::OrgRegistry& registry() const { return registry_; }
  std::string UnitName(domain::OrgUnitId id) const;
  // A unit by id, or by code valid on `at`. kNotFound ("unit_not_found").
  core::Result<const domain::OrgUnit*> FindUnit(const std::string& id_or_code,
                                                const core::CivilDate& at) const;

  // The audit log (admin), and its verification: the hash chain from the first entry, and every
  // program's, account's and report's stored state against the fingerprint of its newest entry
  // (a report's: of the newest entry that recorded one; AuditVerification says which reports a
  // bulk load wrote last and so are not checked one by one).
  core::Result<std::vector<store::AuditEntry>> Audit(const domain::Principal& by, int64_t after_seq,
                                                     size_t limit);
  core::Result<AuditVerification> VerifyAudit();

  core::CivilDate Today() const;
  std::string NowIso() const;

  // A number that changes whenever something a dashboard or a report list shows may have
  // changed through this process: a report written or acted on, a bulk load, a program
  // published, a data set generated. An answer computed after reading generation g is current
  // while DataGeneration() is still g (what another process writes is not counted).
  uint64_t DataGeneration() const { return generation_.load(std::memory_order_acquire); }
  // The store's write path so far (store::WriteStats), for /metrics.
  store::WriteStats StoreWriteStats() const { return store_->GetWriteStats(); }

 private:
  Service(std::unique_ptr<store::Store> store, domain::OrgRegistry registry,
          domain::WorkCalendar calendar, ServiceOptions options);
  core::Result<std::shared_ptr<const ProgramView>> PublishedProgram(const domain::Principal& by,
                                                                    store::ProgramId id);
  core::Result<std::vector<domain::ExpectedReport>> Expected(const ProgramView& program);
  ObligationView ObligationAt(const ProgramView& program, size_t i) const;  // of rule i
  // Checks a correction against `view` and completes it (value as stored, before, after);
  // with `apply`, makes it in `view` too.
  core::Status Correct(ProgramView& view, store::ProgramCorrection& k, bool apply) const;
  // The same, shared and not copied (kept per published program; a form reads it on every save).
  using ExpectedList = std::shared_ptr<const std::vector<domain::ExpectedReport>>;
  core::Result<ExpectedList> SharedExpected(const ProgramView& program);
  core::Result<ReportForm> BuildForm(const domain::Principal& by,
                                     std::shared_ptr<const ProgramView> program,
                                     const ReportRef& ref);
  // Everything a save decides before it writes (SaveReport and CheckReport): the form as
  // stored, the content after the write and what it changes, the status it leads to, the
  // problems found. Fails on access, a stale version or a step the workflow forbids.
  struct PendingSave {
    ReportForm form;
    domain::ReportStatus from = domain::ReportStatus::kDraft;
    domain::ReportStatus next_status = domain::ReportStatus::kDraft;
    domain::ReportContent merged;
    store::ReportChanges changes;
    std::vector<domain::Problem> problems;
  };
  core::Result<PendingSave> PrepareSave(const domain::Principal& by, const ReportRef& ref,
                                        int64_t version, const ReportInput& input,
                                        domain::ReportAction action);
  // The unit's form skeleton in a published program, built or kept (skeletons_).
  core::Result<std::shared_ptr<const FormSkeleton>> Skeleton(
      const std::shared_ptr<const ProgramView>& program, domain::OrgUnitId unit);
  // A report's current content at the record's version: kept (contents_), or read and kept.
  core::Result<std::shared_ptr<const domain::ReportContent>> CurrentContent(
      const store::ReportRecord& report);
  // Keeps `content` as report `id`'s at `version`.
  struct KeptContent;
  std::shared_ptr<const KeptContent> KeepContent(store::ReportId id, int64_t version,
                                                 domain::ReportContent content);
  // The values a report's entries are compared with: the unit's report of the previous period,
  // and of the same period a year earlier (PreviousYearProgram).
  core::Result<std::vector<domain::ReferenceValue>> References(const ProgramView& program,
                                                               const ReportForm& form,
                                                               const ReportRef& ref);
  // Last year's targets → this year's: the same indicator and unit of measure in the same
  // section, or else the only one of that indicator and unit in each program.
  static std::map<int64_t, int64_t> Counterparts(const ProgramView& now, const ProgramView& then);
  // The published program of the year before `program`'s, of the same issuer (the newest when
  // several; null when there is none), with its targets' counterparts in `program`. Cached for
  // a minute.
  struct PreviousYear {
    std::shared_ptr<const ProgramView> program;
    std::shared_ptr<const std::map<int64_t, int64_t>> targets;  // its target id → this year's
    // This year's obligation key → last year's obligation of the same frequency (and name,
    // when several have it); absent when there is none, or several and none of the same name.
    std::shared_ptr<const std::map<std::string, std::string>> obligations;
  };
  core::Result<PreviousYear> PreviousYearProgram(const ProgramView& program);
  // The newest task progress of each (unit, task) in the reports first sent by `as_of`, of
  // `units` only when given (the reports of the others are not read).
  core::Result<std::map<std::pair<domain::OrgUnitId, std::string>, ReportedTask>>
  LatestTaskProgress(store::ProgramId program, core::CivilDate as_of,
                     const std::set<domain::OrgUnitId>* units = nullptr);
  core::Status RequireUnitAccess(const domain::Principal& by, domain::OrgUnitId unit,
                                 const core::CivilDate& at, domain::ReportAction action) const;
  core::Result<std::shared_ptr<const ProgramView>> LoadProgram(store::ProgramId id);
  store::AuditEvent Event(const domain::Principal& by, std::string action, std::string entity,
                          std::string entity_id = "") const;
  UserView ToView(const store::UserRecord& u) const;
  domain::Principal ToPrincipal(const store::UserRecord& u) const;
  bool LoginAllowed(const std::string& key);
  void RecordLoginFailure(const std::string& key);

  std::unique_ptr<store::Store> store_;
  domain::OrgRegistry registry_;
  domain::WorkCalendar calendar_;
  std::unique_ptr<ingest::UnitResolver> resolver_;
  ServiceOptions options_;
  std::string dummy_hash_;  // verified against for unknown users, so timing does not tell

  std::mutex cache_mu_;
  std::map<store::ProgramId, std::shared_ptr<const ProgramView>> published_;
  std::map<store::ProgramId, std::shared_ptr<const std::vector<domain::ExpectedReport>>> expected_;
  std::map<store::ProgramId, std::pair<PreviousYear, std::chrono::steady_clock::time_point>>
      previous_year_;
  // Form skeletons by (program, unit), each with the allocations revision it was built at; at
  // most kSkeletonBudget target rows and tasks in all (~60 MB).
  struct KeptSkeleton {
    int64_t allocations_revision = 0;
    std::shared_ptr<const FormSkeleton> skeleton;
  };
  struct PairHash {
    size_t operator()(const std::pair<int64_t, int64_t>& k) const {
      return std::hash<int64_t>()(k.first * 1000003 ^ k.second);
    }
  };
  static constexpr size_t kSkeletonBudget = 200'000;
  core::LruCache<std::pair<int64_t, int64_t>, KeptSkeleton, PairHash> skeletons_{kSkeletonBudget};
  // Reports' current contents by report id, each with the version it is of; at most
  // kContentBudget values and tasks in all (~50 MB). Every write of a report's content moves
  // its version on, so a kept content is current while its version is the stored one.
  struct KeptContent {
    int64_t version = 0;
    domain::ReportContent content;
  };
  static constexpr size_t kContentBudget = 500'000;
  core::LruCache<store::ReportId, KeptContent> contents_{kContentBudget};

  // The analytics engine of each program used so far (dashboard.cpp).
  struct ProgramAnalytics;
  core::Result<std::shared_ptr<ProgramAnalytics>> Analytics(
      std::shared_ptr<const ProgramView> program);
  // Puts an approved report's values into its program's engine, or takes them out.
  // Never fails the write it follows: an engine it cannot update is dropped and rebuilt from
  // the store at its next read.
  void FeedAnalytics(const store::ReportRecord& report, bool approved);
  static core::Status Built(const ProgramAnalytics& holder);
  // Drops the engines that hold a program's figures (after a bulk load).
  void DropAnalytics(store::ProgramId program);
  std::mutex engines_mu_;
  std::map<store::ProgramId, std::shared_ptr<ProgramAnalytics>> engines_;

  void Changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }
  std::atomic<uint64_t> generation_{0};

  std::mutex login_mu_;
  std::map<std::string, std::vector<std::chrono::system_clock::time_point>> login_failures_;
};

// A number as a person types it in a form, CSV or spreadsheet: the Vietnamese way
// ("1.510.000", "4,3") or the plain machine form ("1510000", "4.3", "1.2E-3"); "1.510" is one
// thousand five hundred and ten. nullopt when it is not a number.
std::optional<core::Decimal> ParseTypedNumber(std::string_view s);

// Fingerprints of stored state, recorded in audit entries and recomputed by VerifyAudit.
std::string ProgramFingerprint(const store::ProgramRecord& program);
std::string UserFingerprint(const store::UserRecord& user);
// A report's key within its program, "r1|2012-M03|1001": a bulk load's entry names the reports
// it wrote by it.
std::string ReportKey(const std::string& obligation, const std::string& period,
                      domain::OrgUnitId unit);
// A report as stored at `version`: its program, obligation, period and unit, status, and the
// current content (values, task progress, narrative). Every report write records it.
std::string ReportFingerprint(const store::ReportRecord& report, int64_t version,
                              const domain::ReportContent& content);

}  // namespace wp::service
