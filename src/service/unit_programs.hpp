#pragma once
// Each unit's own program (issue 18): the items of the Ministry's program a unit leads,
// coordinates, reports or consolidates, its own tasks under them (the part or person
// responsible, dates, outputs) and its own targets; saved by the unit's editors and approvers
// (or a planner), sent by the program's date — a first sending after it is late, counted as
// reports are —, returned with a comment or accepted by the planning department, reopened for
// re-acceptance (forms keep the accepted version meanwhile). Which units owe one is the
// program's unit-program obligation (2012's r1, domain::KindOf). Hides the store's records.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/decimal.hpp"
#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/unit_program.hpp"
#include "domain/unit_program_read.hpp"
#include "service/common.hpp"
#include "service/report_types.hpp"

namespace wp::service {

class Organisation;
class ProgramCache;
class Schedule;
class Responsibilities;

// True when `o` asks for units' own programs rather than reports on a form.
bool IsUnitProgram(const ObligationView& o);

// One item of the Ministry's program a unit's tasks may serve, with the indexes of the tasks
// (in UnitProgramView::content.tasks) that serve it.
struct UnitProgramItem {
  std::string key;   // "II.2.1" (a section), "II.2.1#3" (a task), "target:17"
  std::string kind;  // "section" | "task" | "target"
  std::string title;
  std::string role;                         // "lead" | "coordinate" | "reports" | "consolidates"
  std::optional<core::Decimal> allocation;  // the unit's share of a target, if allocated
  std::string uom;
  std::vector<size_t> tasks;
};

struct AccountRef {
  domain::UserId id = 0;
  std::string username;
  std::string display_name;
};

struct UnitProgramHistoryEntry {
  int64_t version = 0;
  domain::UnitProgramAction action = domain::UnitProgramAction::kSave;
  std::string at;
  std::optional<AccountRef> by;
  std::string comment;
};

// A unit's program as its page shows it. A unit that has not started one has id nullopt,
// version 0, status draft, no tasks.
struct UnitProgramView {
  std::optional<int64_t> id;
  ProgramId program_id = 0;
  domain::OrgUnitId unit_id = 0;
  std::string unit_code, unit_name;
  std::string obligation;  // "r1"
  domain::UnitProgramStatus status = domain::UnitProgramStatus::kDraft;
  int64_t version = 0;
  core::CivilDate due;
  bool late = false;  // first sent after `due` (stays late)
  std::optional<std::string> first_submitted_at, submitted_at, decided_at;
  std::string comment;  // the planner's, when returned
  std::optional<int64_t> accepted_version;
  domain::UnitProgramContent content;
  std::vector<UnitProgramItem> items;
  std::vector<size_t> unassigned;               // tasks serving none of `items` today
  std::vector<AccountRef> accounts;             // the unit's accounts a task may name
  std::map<domain::UserId, AccountRef> people;  // every account the program names
  std::vector<UnitProgramHistoryEntry> history;
};

// What a unit's program list shows of one unit.
enum class UnitProgramState { kNotDue, kMissing, kDraft, kSubmitted, kReturned, kAccepted };
const char* UnitProgramStateName(UnitProgramState s);  // "not_due", "missing", …
std::optional<UnitProgramState> ParseUnitProgramState(std::string_view s);

// Where a unit's program stands on `today` against its due date, as a report would: received
// once first sent (late when first sent after `due`, and so for good), missing when never sent
// by then; a reopened program accepted before stands accepted.
struct UnitProgramStanding {
  UnitProgramState state = UnitProgramState::kNotDue;
  bool received = false;
  bool late = false;
  bool overdue = false;
};
UnitProgramStanding StandingOf(const std::optional<domain::UnitProgramStatus>& status,
                               const std::optional<std::string>& first_submitted_at,
                               const std::optional<int64_t>& accepted_version,
                               const core::CivilDate& due, const core::CivilDate& today);

struct UnitProgramRow {
  domain::OrgUnitId unit_id = 0;
  std::string unit_code, unit_name;
  std::optional<int64_t> id;
  UnitProgramState state = UnitProgramState::kNotDue;
  bool late = false;
  std::optional<std::string> first_submitted_at;
  size_t tasks = 0;
  int64_t version = 0;
};

struct UnitProgramList {
  std::string obligation;
  core::CivilDate due;
  std::vector<UnitProgramRow> items;
};

// What importing a unit's decision did: the program saved as a draft (action import) and what
// was read from the decision (its tasks as proposed, each with the item it serves and why, and
// the diagnostics).
struct UnitProgramImported {
  UnitProgramView program;
  domain::UnitProgramImport read;
};

// The largest decision a unit may import (.txt or .docx).
inline constexpr size_t kMaxUnitProgramUpload = 2u << 20;

class UnitPrograms {
 public:
  UnitPrograms(store::Store& store, const Organisation& org, ProgramCache& cache,
               Schedule& schedule, Responsibilities& responsibilities, const Time& time,
               DataGeneration& generation);

  // The program of `unit` in `program`, for those whose scope holds the unit. kNotFound
  // ("unit_program_not_expected") when the program asks no program of the unit;
  // kPermissionDenied ("out_of_scope"); kFailedPrecondition ("program_not_published").
  core::Result<UnitProgramView> Get(const domain::Principal& by, ProgramId program,
                                    domain::OrgUnitId unit);
  core::Result<UnitProgramView> GetById(const domain::Principal& by, int64_t id);
  // Saves the unit's program at `version` (0: the first save): the unit's editors and approvers
  // in scope, planners, admins; while draft or returned. kInvalidArgument
  // ("unit_program_invalid", a detail per field: "tasks[5].serves"); kAborted
  // ("stale_version"); kFailedPrecondition ("unit_program_submitted", "unit_program_accepted").
  // Audited ("unit_program.save").
  core::Result<UnitProgramView> Save(const domain::Principal& by, ProgramId program,
                                     domain::OrgUnitId unit, int64_t version,
                                     const domain::UnitProgramContent& content);
  // Submit (the unit's editors and approvers, planners), return (planners, admins; a comment
  // required: kInvalidArgument "comment_required"), accept (planners, admins), reopen (the
  // unit's editors and approvers, planners) at `version`. Audited ("unit_program.submit" …).
  core::Result<UnitProgramView> Act(const domain::Principal& by, int64_t id, int64_t version,
                                    domain::UnitProgramAction action, const std::string& comment);
  // Every unit the program asks one of, in the principal's scope, with where it stands today;
  // only those of `state` when given.
  core::Result<UnitProgramList> List(const domain::Principal& by, ProgramId program,
                                     std::optional<UnitProgramState> state,
                                     std::optional<domain::OrgUnitId> unit);
  // Reads the unit's own decision — UTF-8 text, or a .docx (its paragraphs and tables) — with
  // ingest::BindUnitProgram against the unit's items and saves its tasks as the program's draft
  // at `version` (0: the first), in place of the tasks it had (targets kept), with the decision's
  // number, date and signer when read: one version of action "import", audited
  // ("unit_program.import", the file's name and SHA-256 kept on the program). A task tied to no
  // item is kept with serves "" for the unit to choose before sending; a date outside the
  // program's year is left out and said so. Who may and when as Save. kInvalidArgument: the
  // parser's reasons (invalid_utf8, empty_input, not_a_document), "docx_invalid",
  // "no_unit_tasks" (nothing read as a task), "unit_program_invalid" (a text refused); kTooLarge
  // above kMaxUnitProgramUpload ("file_too_large") or a .docx inflating too much
  // ("docx_too_large").
  core::Result<UnitProgramImported> Import(const domain::Principal& by, ProgramId program,
                                           domain::OrgUnitId unit, int64_t version,
                                           std::string_view bytes, const std::string& name);
  // One version as it was (its content); kNotFound ("version_not_found").
  core::Result<UnitProgramView> Version(const domain::Principal& by, int64_t id, int64_t version);

 private:
  struct Context;
  core::Result<Context> Load(const domain::Principal& by, ProgramId program,
                             domain::OrgUnitId unit);
  core::Result<UnitProgramView> ViewOf(const Context& c);
  core::Status RequireWrite(const domain::Principal& by, const Context& c,
                            domain::UnitProgramAction action) const;

  store::Store& store_;
  const Organisation& org_;
  ProgramCache& cache_;
  Schedule& schedule_;
  Responsibilities& responsibilities_;
  const Time& time_;
  DataGeneration& generation_;
};

}  // namespace wp::service
