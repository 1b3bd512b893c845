#pragma once
// What the store keeps, as the services' callers see it: one view per record that crosses to
// `api` (programs, corrections, reports' headers, value history, allocations, the outbox, the
// audit log, accounts, the write statistics). The services convert the store's records to
// these (internal/shared.hpp), so nothing above `service` includes a `store/` header.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/decimal.hpp"
#include "domain/access.hpp"
#include "domain/indicator.hpp"
#include "domain/plan.hpp"
#include "domain/report.hpp"

namespace wp::service {

using ProgramId = int64_t;
using ReportId = int64_t;

enum class ProgramStatus { kDraft, kPublished };
const char* ProgramStatusName(ProgramStatus s);  // "draft" | "published"

// A decision as stored: its plan (with units resolved), its text, and its state.
struct ProgramRecordView {
  ProgramId id = 0;
  ProgramStatus status = ProgramStatus::kDraft;
  domain::PlanDraft plan;
  std::string source_name;  // file name or "-"
  std::string source_text;  // the decision as received
  std::string source_sha256;
  std::string created_at;  // ISO 8601 UTC
  std::optional<std::string> published_at;
  // Issue 19: the file it came as ("text", "docx", "pdf"), a PDF's pages, and the size of the
  // file as uploaded (the text's when the text is the original).
  std::string source_form = "text";
  int source_pages = 0;
  int64_t source_file_bytes = 0;
};

// Where a decision states a target (issue 16): the target's own clause, then each later one
// restating it or giving its growth ("(tăng 2,78% so với … 2011)").
struct TargetMention {
  int64_t target_id = 0;  // the stored row of the mention
  std::string section;
  std::string raw;
  domain::Comparator comparator = domain::Comparator::kEq;
  std::optional<domain::MentionKind> kind;  // none for the target's own clause
  core::SourceSpan span;
};

// A target with the id it is stored under. A target stated several times is one target: its
// comparator is the most explicit of its mentions, its name the catalogue's, else the first
// mention's (section I before II).
struct TargetView {
  int64_t id = 0;
  domain::Target target;
  std::vector<TargetMention> mentions;  // empty for a program read before issue 16
  std::string display_name;             // "" before the fold: target.indicator
  // How its catalogue indicator adds up (nullopt: no indicator, or one the catalogue lacks).
  std::optional<domain::Aggregation> aggregation;
  const std::string& name() const { return display_name.empty() ? target.indicator : display_name; }
};

struct ProgramSummaryView {
  ProgramId id = 0;
  ProgramStatus status = ProgramStatus::kDraft;
  std::optional<std::string> number;
  std::optional<core::CivilDate> issued_date;
  std::optional<std::string> title;
  std::optional<int> year;
  size_t targets = 0;
  size_t sections = 0;
};

// A correction as kept beside the parsed plan: `value` as stored (a decimal, an ISO date, a
// unit's name), `before` and `after` as a person reads them.
struct CorrectionView {
  int64_t id = 0;
  ProgramId program_id = 0;
  std::string locator, field, value;
  std::string before, after;
  std::string reason;
  std::string at;  // ISO 8601 UTC
  std::optional<domain::UserId> by;
  std::string by_name;
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
  std::string unit_code;
  std::string updated_at;  // created_at when never changed
  std::optional<std::string> last_login_at;
  std::string title;  // issue 18: a leader's "Bộ trưởng" / "Thứ trưởng"; "" otherwise
};

// A unit's report for one obligation and period of a program, as stored (not its content).
// `version` starts at 1 and grows by one with every write: a client sends back the one it read.
struct ReportHeader {
  ReportId id = 0;
  ProgramId program_id = 0;
  std::string obligation;  // the obligation's key in the program ("r1")
  std::string period;      // domain::Period::Key(): "2012-M03"
  domain::OrgUnitId unit_id = 0;
  std::string due;  // ISO date: the last day a submission is on time
  domain::ReportStatus status = domain::ReportStatus::kDraft;
  int64_t version = 0;
  std::optional<std::string> first_submitted_at;  // fixes lateness: a late report stays late
  std::optional<std::string> submitted_at;        // the latest submission
  std::optional<std::string> approved_at;
  std::string comment;  // the approver's, when returned
  // The problems flagged for confirmation at the last save, one per line as
  // "field<TAB>code<TAB>message"; "" for none.
  std::string warnings;
  std::string created_at;
  std::string updated_at;
  std::optional<domain::UserId> updated_by;
};

// One value as it was recorded at one version: the history a later actual does not erase.
struct ValueVersionView {
  domain::ReportValue value;
  int64_t version = 0;
  std::string recorded_at;
  std::optional<domain::UserId> recorded_by;
};

// One unit's share of a national target (giao chỉ tiêu), as stored.
struct AllocationShare {
  int64_t target_id = 0;
  domain::OrgUnitId unit_id = 0;
  core::Decimal value;
};

// A message for a unit, kept until a mail or chat sender drains it.
struct OutboxMessageView {
  int64_t id = 0;
  std::string key;                        // makes queueing idempotent ("digest:3:2012-03-16:1001")
  domain::OrgUnitId unit_id = 0;          // 0: a message to an account
  std::optional<domain::UserId> user_id;  // the account of a password reset's code
  std::string kind;                       // "digest", "password_reset"
  std::string subject;
  std::string body;
  std::string created_at;
  std::optional<std::string> sent_at;
};

// What a write recorded about itself. `before` and `after` are JSON object texts ("" for none).
struct AuditEventView {
  std::string at;  // ISO 8601 UTC
  std::optional<domain::UserId> actor_id;
  std::string actor;   // username, or "system" / "cli:<os user>"
  std::string action;  // "program.import", "program.publish", "user.create", …
  std::string entity;  // "program", "user", "session", "api_token", "report", …
  std::string entity_id;
  std::string before, after;
};

// An entry of the append-only log: the event, its position (1, 2, 3 … without gaps), and the
// chain (`hash` over every other field including `prev_hash`).
struct AuditEntryView {
  int64_t seq = 0;
  AuditEventView event;
  std::string prev_hash;
  std::string hash;
};

// What the store's write path did since it opened, for /metrics. SQLite runs the writes that
// queue up behind one commit as one transaction: `writes` / `transactions` is the mean group,
// `busy_seconds` the time the single writer was taken, `commit_seconds` the part spent in
// COMMIT. PostgreSQL commits each write alone and counts nothing here.
struct WriteStatsView {
  bool counted = false;
  uint64_t transactions = 0;
  uint64_t writes = 0;
  double busy_seconds = 0;
  double cpu_seconds = 0;
  double commit_seconds = 0;
};

}  // namespace wp::service
