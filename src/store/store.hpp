#pragma once
// The repository workplan keeps its state in, behind one interface with an embedded SQLite
// implementation (store/sqlite) and a PostgreSQL one (store/postgres) for several servers
// sharing one database. Every function states what it returns on failure; every write is one
// transaction: it is all stored or nothing is, and every audited write appends its audit entry
// in that same transaction, chained by hash to the entry before it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/amendment.hpp"
#include "domain/document.hpp"
#include "domain/indicator.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"
#include "domain/report.hpp"
#include "domain/responsibility.hpp"
#include "domain/unit_program.hpp"

namespace wp::store {

using ProgramId = int64_t;

enum class ProgramStatus { kDraft, kPublished };
const char* ProgramStatusName(ProgramStatus s);  // "draft" | "published"

// What a planner may change on a program after it is published: how its reports are reviewed.
struct ProgramSettings {
  // Four eyes: whoever submitted a report may not approve it.
  bool four_eyes = true;
};

// A decision as stored: its plan (with units resolved), its text, and its state.
struct ProgramRecord {
  ProgramId id = 0;
  ProgramStatus status = ProgramStatus::kDraft;
  domain::PlanDraft plan;
  std::string source_name;  // file name or "-"
  std::string source_text;  // the decision as received
  std::string source_sha256;
  std::string created_at;  // ISO 8601 UTC
  std::optional<std::string> published_at;
  ProgramSettings settings;  // as stored when read; a new program has the defaults
  // Issue 19: the file the decision came as ("text", "docx", "pdf"), its PDF pages, and when
  // the file is not the text read (a .docx, a PDF, a .txt in a legacy font) its bytes with their
  // SHA-256 ('' when source_text is the original). The bytes are written with the program but
  // not read back with it (GetProgramSourceBytes); source_file_size says how many there are.
  std::string source_form = "text";
  int source_pages = 0;
  std::string source_bytes;
  std::string source_bytes_sha256;
  int64_t source_file_size = 0;
};

struct ProgramSummary {
  ProgramId id = 0;
  ProgramStatus status = ProgramStatus::kDraft;
  std::optional<std::string> number;
  std::optional<core::CivilDate> issued_date;
  std::optional<std::string> title;
  std::optional<int> year;
  size_t targets = 0;
  size_t sections = 0;
};

struct StoredTarget {
  int64_t id = 0;
  domain::Target target;
};

// A correction of what the parser read, made by a planner on a draft before publishing: the
// parsed plan stays as it was read; the corrections are kept beside it, in order, and applied
// over it whenever the program is read (service). `locator` names what is corrected
// ("target:17", "deadline:3" — its position in the plan —, "section:II.2"), `field` which of
// its fields ("value", "unit", "comparator", "indicator", "due", "lead"); `value` is the new
// value as text (a decimal "1600000", an ISO date, a unit's id …); `before` and `after` are
// what a person reads.
struct ProgramCorrection {
  int64_t id = 0;
  ProgramId program_id = 0;
  std::string locator;
  std::string field;
  std::string value;
  std::string before;
  std::string after;
  std::string reason;
  std::string at;  // ISO 8601 UTC
  std::optional<domain::UserId> by;
  std::string by_name;
};

enum class ImportMode {
  kNew,           // refuse a decision number that is already stored
  kReplaceDraft,  // replace the draft with the same number; refuse a published one
};

// An account. The password is kept only as an argon2id hash string (libsodium's format).
struct UserRecord {
  domain::UserId id = 0;
  std::string username;  // unique, compared as stored (the service lower-cases it)
  std::string display_name;
  domain::Role role = domain::Role::kViewer;
  std::optional<domain::OrgUnitId> unit;
  std::string password_hash;
  bool active = true;
  std::string created_at;
  int64_t version = 1;                       // grows with every change of the row
  std::optional<std::string> updated_at;     // none on a row no change touched since migration 12
  std::optional<std::string> last_login_at;  // the last sign-in (not audited on its own)
  std::string title;  // issue 18: a leader's "Bộ trưởng" / "Thứ trưởng"; "" otherwise
};

// What an account's update ends with it, in its transaction: its sessions (but the one whose
// hash is `keep_session`) and its API tokens (revoked at `at`).
struct UserEnds {
  bool sessions = false;
  std::string keep_session;
  bool tokens = false;
  std::string at;
};

// A one-time password reset code, kept only as its SHA-256.
struct PasswordReset {
  std::string code_hash;
  domain::UserId user_id = 0;
  std::string created_at;
  std::string expires_at;
  std::optional<std::string> used_at;
};

// The sign-in limit of one key ("user:NAME", "addr:IP"): the failures since `first_at`, and
// the time before which it may not try again.
struct LoginLimit {
  std::string key;
  int64_t failures = 0;
  std::string first_at;
  std::optional<std::string> locked_until;
};

// A signed-in browser session. The cookie's token is stored only as its SHA-256.
struct SessionRecord {
  std::string token_hash;
  domain::UserId user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string expires_at;  // ISO 8601 UTC; compared as text
  // The audit entry of the sign-in that made it (its `after` names token_hash); none on a row
  // made before migration 12 or by hand.
  std::optional<int64_t> audit_seq;
};

// A token for machine clients ("Authorization: Bearer …"), stored only as its SHA-256.
struct ApiTokenRecord {
  int64_t id = 0;
  domain::UserId user_id = 0;
  std::string name;
  std::string token_hash;
  std::string created_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> last_used_at;
  std::optional<int64_t> audit_seq;  // the entry of its creation, which names token_hash
};

// What a write records about itself. `before` and `after` are JSON object texts ("" for none).
struct AuditEvent {
  std::string at;  // ISO 8601 UTC
  std::optional<domain::UserId> actor_id;
  std::string actor;   // username, or "system" / "cli:<os user>"
  std::string action;  // "program.import", "program.publish", "user.create", …
  std::string entity;  // "program", "user", "session", "api_token"
  std::string entity_id;
  std::string before;
  std::string after;
};

// An entry of the append-only log: the event, its position, and the chain. `hash` is
// AuditHash(entry) over every other field including `prev_hash`; the first entry's prev_hash is
// 64 zeros.
struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3 … without gaps
  AuditEvent event;
  std::string prev_hash;
  std::string hash;
};

// The hash of an entry as the chain defines it (lower-case hex SHA-256 of its fields, each
// length-prefixed, in a fixed order). Every store computes it the same way, here.
std::string AuditHash(const AuditEntry& entry);
inline const std::string kAuditGenesisHash(64, '0');

using ReportId = int64_t;

// A unit's report for one obligation and period of a program. `version` starts at 1 and grows
// by one with every write, whatever it changed: a client sends back the version it read.
struct ReportRecord {
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

// What one write changes. Values are appended as a new vintage; tasks and narrative sections
// listed replace the stored ones.
struct ReportChanges {
  std::vector<domain::ReportValue> values;
  std::vector<domain::TaskProgress> tasks;
  std::vector<std::pair<domain::Narrative, std::string>> narrative;
};

// One report's write of a PutReports (the arguments of PutReport).
struct PutReportArgs {
  ReportRecord next;
  int64_t expected_version = 0;
  ReportChanges changes;
  AuditEvent audit;
};

// One value as it was recorded at one version: the history a later actual does not erase.
struct ValueVintage {
  domain::ReportValue value;
  int64_t version = 0;
  std::string recorded_at;
  std::optional<domain::UserId> recorded_by;
};

struct ReportFilter {
  std::optional<ProgramId> program_id;
  std::optional<std::string> period;
  std::optional<std::string> obligation;
  std::optional<domain::OrgUnitId> unit_id;
};

// A task's progress as one report gives it (Store::ListReportTasks).
struct ReportTaskRow {
  ReportId report_id = 0;
  domain::OrgUnitId unit_id = 0;
  std::string period;
  std::string due;
  std::optional<std::string> first_submitted_at;
  domain::TaskProgress progress;
};

// One unit's share of a national target (giao chỉ tiêu).
struct Allocation {
  int64_t target_id = 0;
  domain::OrgUnitId unit_id = 0;
  core::Decimal value;
};

// ---- Issue 18: amendments, versions, delegations ----------------------------------------------
using AmendmentId = int64_t;

// An amendment as stored: who proposes it (the unit it is for), its state, and each step's who
// and when. `version` grows by one with every write (a client sends back the one it read).
struct AmendmentRecord {
  AmendmentId id = 0;
  ProgramId program_id = 0;
  domain::OrgUnitId unit_id = 0;  // the proposing unit
  domain::AmendmentStatus status = domain::AmendmentStatus::kDraft;
  int64_t version = 0;
  core::CivilDate effective_from;
  std::string reason;
  std::string planner_opinion;   // the planning department's, at forwarding
  std::string decision_comment;  // the leader's, at approval or refusal; the planner's at return
  std::string decision_number;   // the amending decision's number, optional ("512/QĐ-LĐTBXH")
  std::vector<domain::Change> changes;
  std::optional<std::string> submitted_at;
  std::optional<domain::UserId> submitted_by;
  std::optional<std::string> forwarded_at;
  std::optional<domain::UserId> forwarded_by;
  std::optional<std::string> decided_at;
  std::optional<domain::UserId> decided_by;
  std::optional<int64_t> delegation_id;  // the delegation a Thứ trưởng decided under
  std::optional<int> program_version;    // set at approval
  std::string created_at;
  std::optional<domain::UserId> created_by;
  std::string updated_at;
  std::optional<domain::UserId> updated_by;
};

struct AmendmentFilter {
  ProgramId program_id = 0;
  std::optional<domain::OrgUnitId> unit_id;
  std::optional<domain::AmendmentStatus> status;
};

// A row of program_versions: version 1 is written when the program is published (a migration
// backfills those published before), each approval adds the next.
struct ProgramVersionRecord {
  ProgramId program_id = 0;
  int version = 1;
  core::CivilDate effective_from;
  std::optional<AmendmentId> amendment_id;
  std::string approved_at;
  std::optional<domain::UserId> approved_by;
  std::vector<domain::Change> changes;  // the amendment's (with assigned task ids); none for 1
};

// ---- Issue 17: documents ----------------------------------------------------------------------
using DocumentId = int64_t;

// A document's row: what it is of, its state, its header (domain::DocumentHeader as stored),
// and, once issued, its number ("12/BC-LĐTBXH": number_seq / number_symbol, counted per issuing
// unit and year).
struct DocumentRecord {
  DocumentId id = 0;
  ProgramId program_id = 0;
  domain::DocumentKind kind = domain::DocumentKind::kConsolidated;
  domain::OrgUnitId unit_id = 0;  // the issuing unit: the Ministry's office, or the unit itself
  std::string period;     // domain::Period::Key(): "2012-M12", "2012-Q4", "2012-H1", "2012-Y"
  core::CivilDate as_of;  // the date of the figures
  domain::DocumentStatus status = domain::DocumentStatus::kDraft;
  int64_t version = 0;  // grows by one with every write
  domain::DocumentHeader header;
  int64_t data_generation = 0;  // what the figures were read at (stale when the data moved on)
  std::string generated_at;
  std::string created_at;
  std::optional<domain::UserId> created_by;
  std::string updated_at;
  std::optional<domain::UserId> updated_by;
  std::optional<std::string> issued_at;
  std::optional<domain::UserId> issued_by;
  std::optional<int> number_year;
  std::optional<int64_t> number_seq;
};

struct DocumentFilter {
  std::optional<ProgramId> program_id;
  std::optional<domain::DocumentKind> kind;
  std::optional<std::string> period;
  std::optional<domain::DocumentStatus> status;
  std::optional<domain::OrgUnitId> unit_id;
};

// One version of a document: what was done, by whom, and (GetDocumentVersion only) the snapshot
// of the record and its blocks as JSON text, with its SHA-256.
struct DocumentVersion {
  DocumentId document_id = 0;
  int64_t version = 0;
  std::string action;  // "generate", "edit", "regenerate", "resolve", "issue"
  std::string at;
  std::optional<domain::UserId> by_user;
  std::vector<std::string> changed;  // the keys of the blocks it changed
  std::string content;               // "" in ListDocumentVersions
  std::string sha256;
};

struct DocumentIssue {
  std::optional<int64_t> number_seq;  // typed by the văn thư; else the next one
  domain::DocumentHeader header;      // as issued (date, signature, recipients)
  std::vector<domain::Block> blocks;  // as issued
  std::string docx;                   // the file as issued
  std::string at;
  std::optional<domain::UserId> by;
};

struct TemplateRecord {
  std::string name;  // "bao_cao", "giao_ban"
  int64_t version = 0;
  std::string sha256;
  std::string bytes;
  std::string uploaded_at;
};

// A narrative section of an approved report (ListNarratives).
struct NarrativePassage {
  ReportId report_id = 0;
  domain::OrgUnitId unit_id = 0;
  std::string period;
  domain::Narrative section = domain::Narrative::kResults;
  std::string text;
};

// ---- Issue 18: next year's program started from this year's -------------------------------
// What a draft started from last year's program carries, item by item, until the new
// decision is reconciled with it: each target with last year's value in force on 31/12
// (`key` its indicator code, else "ord:N"), each unfinished task carried (`key` its id in the
// draft). `decision` is the planner's, set when the reconciliation is applied: "2013" (the
// new decision's), "carried", "drop"; "" undecided.
struct NextYearItem {
  std::string kind;           // "target" | "task"
  std::string key;            // "LD.VL.01" | "ord:7" | "II.2.1#1"
  std::string carried_from;   // "2:target:17" | "2:II.2.1#1"
  std::string carried_value;  // a target's decimal ("1600000"); "" for a task
  std::string decision;
};

// A draft program started from last year's (`from_program`): its revision grows with every
// write (a reconciliation read at revision r is applied only while it is still r), the new
// decision last read against it (text and name, kept so the proposals can be read again), and
// when its reconciliation was applied.
struct NextYearRecord {
  ProgramId program_id = 0;
  ProgramId from_program = 0;
  int year = 0;
  int64_t revision = 0;
  std::string decision_name;
  std::string decision_text;
  std::optional<std::string> reconciled_at;
  std::vector<NextYearItem> items;
  std::string created_at;
  std::string updated_at;
};

// ---- Issue 18: each unit's own program -------------------------------------------------------
using UnitProgramId = int64_t;

// A unit's own program's row: its workflow and the decision that issued it (its tasks and
// targets are a domain::UnitProgramContent beside it). `version` grows by one with every write;
// `accepted_version` is the version whose snapshot forms read (kept while it is reopened).
struct UnitProgramRecord {
  UnitProgramId id = 0;
  ProgramId program_id = 0;
  domain::OrgUnitId unit_id = 0;
  domain::UnitProgramStatus status = domain::UnitProgramStatus::kDraft;
  int64_t version = 0;
  core::CivilDate due;  // the last day a first submission is on time
  std::string source_name;
  std::string source_sha256;
  std::optional<std::string> first_submitted_at;  // fixes lateness, as a report's
  std::optional<std::string> submitted_at;
  std::optional<std::string> decided_at;  // the last return or acceptance
  std::optional<domain::UserId> decided_by;
  std::string comment;  // the planner's, when returned
  std::optional<int64_t> accepted_version;
  std::optional<UnitProgramId> carried_from;  // last year's program it started from
  std::string created_at;
  std::string updated_at;
  std::optional<domain::UserId> updated_by;
};

// One version of a unit's program: what was done, by whom, the planner's or the unit's
// comment, and (GetUnitProgramVersion only) the snapshot of the record and its content as JSON
// text (store/unit_program_json.hpp) with its SHA-256.
struct UnitProgramVersion {
  UnitProgramId unit_program_id = 0;
  int64_t version = 0;
  domain::UnitProgramAction action = domain::UnitProgramAction::kSave;
  std::string at;
  std::optional<domain::UserId> by_user;
  std::string comment;
  std::string content;  // "" in ListUnitProgramVersions
  std::string sha256;
};
// ---- end of issue 18's unit programs ----------------------------------------------------------

// A message for a unit, kept until a mail or chat sender drains it. `key` makes enqueueing
// idempotent ("digest:2012-03-16:1001").
struct OutboxMessage {
  int64_t id = 0;
  std::string key;
  domain::OrgUnitId unit_id = 0;  // 0: a message to an account (user_id)
  std::optional<domain::UserId> user_id;
  std::string kind;  // "digest"
  std::string subject;
  std::string body;
  std::string created_at;
  std::optional<std::string> sent_at;
};

// A current period value of an approved report, as a scan for the analytics engine yields it.
struct ApprovedValue {
  ReportId report = 0;
  int64_t target_id = 0;
  domain::ValueKind kind = domain::ValueKind::kActual;
  core::Decimal value;
};

// A value of a bulk load: the report it belongs to is found or created (as `status`).
struct BulkValue {
  std::string obligation;
  std::string period;
  domain::OrgUnitId unit_id = 0;
  std::string due;
  domain::ReportValue value;
};

// One version of a report in a data set load: its values, recorded at `recorded_at`.
struct DatasetVersion {
  std::string recorded_at;  // ISO 8601 UTC
  std::vector<domain::ReportValue> values;
};

// A report of a data set load, stored with its versions (the last is current; an estimate an
// actual replaced is the version before). `program` is an index into DatasetLoad::programs.
struct DatasetReport {
  size_t program = 0;
  std::string obligation;
  std::string period;
  domain::OrgUnitId unit_id = 0;
  std::string due;
  domain::ReportStatus status = domain::ReportStatus::kApproved;
  std::optional<std::string> first_submitted_at, submitted_at, approved_at;
  std::vector<DatasetVersion> versions;  // at least one
};

// The ids a data set's programs were stored under, and their targets' in document order.
struct DatasetIds {
  std::vector<ProgramId> programs;
  std::vector<std::vector<int64_t>> targets;
};

struct DatasetCounts {
  size_t units = 0;
  size_t programs = 0;
  size_t reports = 0;
  size_t values = 0;  // rows of report_values: every version's
};

// A whole data set written at once (workplan gen-data; a migration of past years).
struct DatasetLoad {
  std::vector<domain::OrgUnit> units;  // added to the organisation
  // Stored as they are (status, published_at included), each with its own audit entry, whose
  // entity_id is filled with the program's new id.
  std::vector<std::pair<ProgramRecord, AuditEvent>> programs;
  // The reports, batch by batch, once the programs are stored: fills `batch` (given empty) and
  // returns false when there are no more.
  std::function<bool(const DatasetIds& ids, std::vector<DatasetReport>& batch)> next;
  // The entry of the whole load, made once the counts are known.
  std::function<AuditEvent(const DatasetCounts&)> audit;
};

// What the store's write path did since it opened, for /metrics. Both stores run the writes
// that queue up behind one commit as one transaction (group commit; PostgreSQL since issue 20):
// `writes` / `transactions` is the mean group, `busy_seconds` the time the single writer was
// taken (its share of the elapsed time tells how close the writer is to its limit),
// `commit_seconds` the part spent in COMMIT (the disk's fsync). `cpu_seconds`: SQLite's only.
struct WriteStats {
  bool counted = false;
  uint64_t transactions = 0;
  uint64_t writes = 0;
  double busy_seconds = 0;
  double cpu_seconds = 0;  // of busy_seconds, on a core (the rest: the disk, or waiting for a core)
  double commit_seconds = 0;
};

// ---- Issue 20: the change sequence every server follows ------------------------------------
// A write other servers on the same database must follow, as the store recorded it in the
// write's transaction: `kind` is the write's audit action ("report.approve", "report.reopen",
// "report.submit", "program.publish", "allocation.replace", "report.bulk_load", …), with what
// it touched. `seq` grows in commit order (gaps are possible: a rolled-back write's number).
struct ChangeRecord {
  int64_t seq = 0;
  std::string kind;
  std::optional<ProgramId> program_id;
  std::optional<domain::OrgUnitId> unit_id;
  std::string period;  // "" when not one report's
  std::optional<ReportId> report_id;
  std::string origin;  // Origin() of the store (process) that wrote it
  std::string at;
};

// How a wait for other processes' changes ended (Store::WaitForChanges).
enum class ChangeWait {
  kNotified,  // a change was committed meanwhile (PostgreSQL's NOTIFY)
  kTimeout,   // nothing was heard: poll anyway (SQLite has no notifications)
  kResumed,   // the listening connection was lost and made again: notifications may be missed
};

class Store {
 public:
  virtual ~Store() = default;

  virtual WriteStats GetWriteStats() const { return {}; }

  // The organisation. SaveOrgUnits replaces all units in one transaction (first start).
  virtual core::Status SaveOrgUnits(const std::vector<domain::OrgUnit>& units) = 0;
  // Empty when none were saved yet.
  virtual core::Result<std::vector<domain::OrgUnit>> LoadOrgUnits() = 0;

  // Stores a whole program as a draft and appends `audit` (its entity_id is filled with the
  // new id when empty). Fails with kAlreadyExists (reason "program_exists")
  // when its number is stored and `mode` does not allow replacing it, kFailedPrecondition
  // ("program_published") when replacing a published one.
  virtual core::Result<ProgramId> InsertProgram(const ProgramRecord& program, ImportMode mode,
                                                const AuditEvent& audit) = 0;
  // kNotFound ("program_not_found").
  virtual core::Result<ProgramRecord> GetProgram(ProgramId id) = 0;
  // Issue 19: the .docx or PDF a program was imported from, byte for byte ("" when it came as
  // text). kNotFound ("program_not_found").
  virtual core::Result<std::string> GetProgramSourceBytes(ProgramId id) = 0;
  virtual core::Result<std::vector<ProgramSummary>> ListPrograms() = 0;
  // Makes a draft official. kNotFound; kFailedPrecondition ("program_published") if it already is.
  virtual core::Status PublishProgram(ProgramId id, const std::string& at,
                                      const AuditEvent& audit) = 0;
  // How a program's reports are reviewed, read at each use (a program's other fields are kept
  // by the servers once published; these may change). kNotFound ("program_not_found").
  virtual core::Result<ProgramSettings> GetProgramSettings(ProgramId id) = 0;
  // Replaces them and appends `audit`. kNotFound.
  virtual core::Status SetProgramSettings(ProgramId id, const ProgramSettings& settings,
                                          const AuditEvent& audit) = 0;
  // Targets of a program in document order, with their ids. kNotFound.
  virtual core::Result<std::vector<StoredTarget>> ListTargets(ProgramId id) = 0;
  // Adds a correction to a draft; returns its id. kNotFound ("program_not_found"),
  // kFailedPrecondition ("program_published") for a published program.
  virtual core::Result<int64_t> AddCorrection(const ProgramCorrection& correction,
                                              const AuditEvent& audit) = 0;
  // A program's corrections in the order they were made.
  virtual core::Result<std::vector<ProgramCorrection>> ListCorrections(ProgramId id) = 0;

  // Accounts. CreateUser fails with kAlreadyExists ("user_exists") for a taken username; the
  // audit entry's entity_id is filled with the new id when empty.
  virtual core::Result<domain::UserId> CreateUser(const UserRecord& user,
                                                  const AuditEvent& audit) = 0;
  // kNotFound ("user_not_found").
  virtual core::Result<UserRecord> FindUser(const std::string& username) = 0;
  virtual core::Result<UserRecord> GetUser(domain::UserId id) = 0;
  virtual core::Result<std::vector<UserRecord>> ListUsers() = 0;  // by username
  // Replaces role, unit, display name, password hash, active flag, updated_at and version
  // (user.version, the new one) when the stored version is `expected_version`, and ends what
  // `ends` names. kNotFound; kAborted ("stale_user") when the row moved on meanwhile;
  // kFailedPrecondition ("last_admin") when no active admin would remain.
  virtual core::Status UpdateUser(const UserRecord& user, int64_t expected_version,
                                  const UserEnds& ends, const AuditEvent& audit) = 0;

  // Sessions. FindSession: kNotFound ("session_not_found") also when expired at `now`.
  // CreateSession records the audit entry's seq on the row and the sign-in on the account
  // (last_login_at).
  virtual core::Status CreateSession(const SessionRecord& session, const AuditEvent& audit) = 0;
  virtual core::Result<SessionRecord> FindSession(const std::string& token_hash,
                                                  const std::string& now) = 0;
  // Every stored session, expired ones too (audit verify).
  virtual core::Result<std::vector<SessionRecord>> ListSessions() = 0;
  // Deleting a session that does not exist succeeds (logout is idempotent) and audits nothing.
  virtual core::Status DeleteSession(const std::string& token_hash, const AuditEvent& audit) = 0;

  // API tokens. FindApiToken: kNotFound ("token_not_found") also when revoked (expiry is the
  // service's to judge). CreateApiToken records the audit entry's seq on the row.
  virtual core::Result<int64_t> CreateApiToken(const ApiTokenRecord& token,
                                               const AuditEvent& audit) = 0;
  virtual core::Result<ApiTokenRecord> FindApiToken(const std::string& token_hash) = 0;
  virtual core::Result<ApiTokenRecord> GetApiToken(int64_t id) = 0;  // kNotFound
  // An account's tokens (every account's when none), revoked ones too, newest first.
  virtual core::Result<std::vector<ApiTokenRecord>> ListApiTokens(
      std::optional<domain::UserId> user) = 0;
  // Sets revoked_at; kNotFound; one revoked already stays as it was and audits nothing.
  virtual core::Status RevokeApiToken(int64_t id, const std::string& at,
                                      const AuditEvent& audit) = 0;
  // Records a use at `now` unless one at or after `since` is recorded (not audited).
  virtual core::Status TouchApiToken(int64_t id, const std::string& now,
                                     const std::string& since) = 0;

  // Password resets. CreatePasswordReset replaces the account's unused codes with `reset` and
  // queues `message` in the outbox. FindPasswordReset: kNotFound ("reset_not_found") when the
  // code is unknown, used or expired at `now`. CompletePasswordReset marks it used and updates
  // the account as UpdateUser does (ending its sessions and tokens as `ends` says), or fails
  // with kInvalidArgument ("reset_code_invalid") when it was used meanwhile.
  virtual core::Status CreatePasswordReset(const PasswordReset& reset, const OutboxMessage& message,
                                           const AuditEvent& audit) = 0;
  virtual core::Result<PasswordReset> FindPasswordReset(const std::string& code_hash,
                                                        const std::string& now) = 0;
  virtual core::Status CompletePasswordReset(const std::string& code_hash, const std::string& now,
                                             const UserRecord& user, int64_t expected_version,
                                             const UserEnds& ends, const AuditEvent& audit) = 0;

  // The sign-in limit, shared by every server. GetLoginLimits: the stored ones of `keys`.
  // RecordLoginFailure counts a failure of `key` at `now` in one write (failures and first_at
  // start again when first_at is before `window_start`), then stores what `lock` makes of the
  // counted state as locked_until; keys counted from before `forget_before` and not locked
  // at `now` are forgotten (the table stays small under a flood). ClearLoginLimit forgets a key
  // (a success).
  virtual core::Result<std::vector<LoginLimit>> GetLoginLimits(
      const std::vector<std::string>& keys) = 0;
  virtual core::Status RecordLoginFailure(
      const std::string& key, const std::string& now, const std::string& window_start,
      const std::string& forget_before,
      const std::function<std::optional<std::string>(const LoginLimit&)>& lock) = 0;
  virtual core::Status ClearLoginLimit(const std::string& key) = 0;

  // Reports. PutReport writes `next` (its header fields: status, dates, comment, warnings,
  // updated_*) and `changes` when the stored version is `expected_version`; a report not yet
  // stored has version 0 and is created (next.id == 0). Returns the new version. kAborted
  // ("stale_version", details naming the stored version) when another write came first — also
  // for two creations of the same report at once; kNotFound ("report_not_found").
  virtual core::Result<ReportRecord> PutReport(const ReportRecord& next, int64_t expected_version,
                                               const ReportChanges& changes,
                                               const AuditEvent& audit) = 0;

  // Several reports written in one transaction (a unit's monthly report that answers the
  // quarter due the same day): each as PutReport writes it, with its own version check and its
  // own audit entry, all or nothing — the first failure (its error as PutReport's) leaves every
  // report as it was. Returns the stored records in the order of `reports`.
  virtual core::Result<std::vector<ReportRecord>> PutReports(
      std::span<const PutReportArgs> reports) = 0;

  virtual core::Result<ReportRecord> GetReport(ReportId id) = 0;  // kNotFound
  // The report of one obligation, period and unit, if one was started.
  virtual core::Result<std::optional<ReportRecord>> FindReport(ProgramId program,
                                                               const std::string& obligation,
                                                               const std::string& period,
                                                               domain::OrgUnitId unit) = 0;
  // By (program, period, obligation, unit).
  virtual core::Result<std::vector<ReportRecord>> ListReports(const ReportFilter& filter) = 0;
  // The current content: the newest vintage of each value (cleared ones left out, by target and
  // period before cumulative), tasks (by id) and narrative. kNotFound. `version`, when given,
  // receives the report's version that this content is of (read in the same snapshot).
  virtual core::Result<domain::ReportContent> GetReportContent(ReportId id,
                                                               int64_t* version = nullptr) = 0;
  // Every vintage of every value, oldest first per (target, scope). kNotFound.
  virtual core::Result<std::vector<ValueVintage>> ListValueVintages(ReportId id) = 0;
  // Current values of many reports at once (for summaries and references): report id → values.
  virtual core::Result<std::vector<std::pair<ReportId, domain::ReportValue>>> CurrentValues(
      const ReportFilter& filter) = 0;
  // The tasks' progress of many reports at once (the task board, the overdue list): each task
  // a report of `filter` reports, with the report's unit, period, due date and first
  // submission, by (due, period, report, task); one query over report_tasks, no report without
  // a task read and no value.
  virtual core::Result<std::vector<ReportTaskRow>> ListReportTasks(const ReportFilter& filter) = 0;
  // Every current value of scope "period" (the newest version of each report and target,
  // cleared ones left out) of the reports of `program` that are approved, streamed to `sink`
  // in batches as they are read — never all in memory — from one snapshot per reader: reports
  // are split by id over up to two reader connections, so `sink` may be called from two
  // threads at once (each batch in report order). The analytics engine's start-up load.
  // Fails with kUnavailable when the database fails; `sink` may have had batches then.
  using ApprovedSink = std::function<void(std::vector<ApprovedValue>& batch)>;
  virtual core::Status ScanApprovedValues(ProgramId program, const ApprovedSink& sink) = 0;
  // Loads values in bulk in one transaction (a migration of past years, a machine client):
  // reports are created as needed with `status`, each touched report's version grows by one;
  // one audit entry for the whole load. Returns the number of values stored.
  virtual core::Result<size_t> BulkLoadValues(ProgramId program, const std::vector<BulkValue>& rows,
                                              domain::ReportStatus status, const std::string& at,
                                              const AuditEvent& audit) = 0;
  // Writes a whole data set in one transaction: the units, the programs (with their entries),
  // every report with its versions' values (never a round trip per row), and the entry of the
  // load. Fails with kFailedPrecondition ("database_not_empty") when a program or a report is
  // stored already, kAlreadyExists ("unit_exists") when a unit's id is taken; nothing is stored
  // then, nor when the source or the database fails midway.
  virtual core::Result<DatasetCounts> LoadDataset(const DatasetLoad& load) = 0;

  // Allocations of a program's targets. ReplaceAllocations replaces those of the targets that
  // `rows` names (others stay) and moves AllocationsRevision on. ListAllocations: by (target,
  // unit), of one unit when `unit` is set (a report form reads only its unit's shares).
  virtual core::Status ReplaceAllocations(ProgramId program, const std::vector<Allocation>& rows,
                                          const AuditEvent& audit) = 0;
  virtual core::Result<std::vector<Allocation>> ListAllocations(
      ProgramId program, std::optional<domain::OrgUnitId> unit) = 0;
  // A number that changes (grows) with every ReplaceAllocations of the program, in the same
  // transaction: what was built from the allocations read at revision r is current while the
  // revision is still r, whichever process changed them.
  virtual core::Result<int64_t> AllocationsRevision(ProgramId program) = 0;

  // ---- Issue 16: the issuer's catalogue of indicators and the responsibility matrix ----------
  // The catalogue of one issuer (text::FoldKey of its name), by code; every issuer's when
  // `issuer_key` is empty.
  virtual core::Result<std::vector<domain::Indicator>> ListIndicators(
      const std::string& issuer_key) = 0;
  virtual core::Result<domain::Indicator> GetIndicator(int64_t id) = 0;  // kNotFound
  // Adds the indicators whose (issuer_key, code) is not stored yet (others stay as they are)
  // and appends `audit` when one was added; returns how many were added. `at`: created_at.
  virtual core::Result<size_t> AddIndicators(const std::vector<domain::Indicator>& rows,
                                             const std::string& at, const AuditEvent& audit) = 0;
  // The sentence of every stored indicator that has none yet (a catalogue stored before issue
  // 17): the one of `catalogue` with the same issuer and code, else "" (then it has one). One
  // transaction, `audit` appended when any was filled; returns how many were.
  virtual core::Result<size_t> FillIndicatorSentences(
      const std::vector<domain::Indicator>& catalogue, const AuditEvent& audit) = 0;
  // Replaces indicator `indicator.id`'s fields and aliases (issuer and code stay). kNotFound
  // ("indicator_not_found").
  virtual core::Status UpdateIndicator(const domain::Indicator& indicator,
                                       const AuditEvent& audit) = 0;
  // Every row of a program's matrix, by (target, id): those closed too. kNotFound.
  virtual core::Result<std::vector<domain::Reporter>> ListReporters(ProgramId program) = 0;
  // A number that grows with every ReplaceReporters of the program, in its transaction.
  virtual core::Result<int64_t> ResponsibilityRevision(ProgramId program) = 0;
  // Replaces the matrix of `targets` (others stay as they are) when the program's revision is
  // still `expected_revision`; returns the new revision. Without `effective_from` their stored
  // rows go (a draft's proposals); with it, their rows starting on or after it go, rows in
  // force on it end the day before, and `rows` (valid from it) are added: what held before the
  // date stays as it was. kNotFound; kAborted ("stale_revision") when another change came
  // first; kInvalidArgument ("target_not_found") for a target of another program, or a row of
  // a target not in `targets`.
  virtual core::Result<int64_t> ReplaceReporters(ProgramId program, int64_t expected_revision,
                                                 std::optional<core::CivilDate> effective_from,
                                                 const std::vector<int64_t>& targets,
                                                 const std::vector<domain::Reporter>& rows,
                                                 const AuditEvent& audit) = 0;
  // ---- end of issue 16's catalogue and matrix ------------------------------------------------

  // ---- Issue 17: documents (the consolidated report, a unit's report) and their templates ----
  // Creates (expected_version 0) or replaces a draft: its row, its blocks, a new version's
  // snapshot (`action`: "generate", "edit", "regenerate", "resolve") and `audit`, in one
  // transaction; returns the stored record (version = expected + 1, ids and times filled).
  // kAlreadyExists ("document_exists") when (program, kind, unit, period) has one;
  // kAborted ("stale_version") when its version is no longer `expected_version`;
  // kFailedPrecondition ("document_issued") for an issued one; kNotFound.
  virtual core::Result<DocumentRecord> PutDocument(const DocumentRecord& next,
                                                   const std::vector<domain::Block>& blocks,
                                                   int64_t expected_version,
                                                   const std::string& action,
                                                   const AuditEvent& audit) = 0;
  virtual core::Result<DocumentRecord> GetDocument(DocumentId id) = 0;  // kNotFound
  virtual core::Result<std::vector<domain::Block>> GetDocumentBlocks(DocumentId id) = 0;
  virtual core::Result<std::optional<DocumentRecord>> FindDocument(ProgramId program,
                                                                   domain::DocumentKind kind,
                                                                   domain::OrgUnitId unit,
                                                                   const std::string& period) = 0;
  // Newest first (updated_at, id).
  virtual core::Result<std::vector<DocumentRecord>> ListDocuments(const DocumentFilter& filter) = 0;
  // Every version of a document, oldest first, without their contents.
  virtual core::Result<std::vector<DocumentVersion>> ListDocumentVersions(DocumentId id) = 0;
  // One version with its content (kNotFound, "version_not_found").
  virtual core::Result<DocumentVersion> GetDocumentVersion(DocumentId id, int64_t version) = 0;
  // Issues a draft: the number (`number_seq` when given, else one more than the largest of the
  // issuing unit's year and symbol, in the same transaction), the header as issued, status
  // issued, a version "issue", the .docx as issued, `audit`. kAborted ("stale_version");
  // kFailedPrecondition ("document_issued"); kAlreadyExists ("number_taken") for a number the
  // unit has used that year with that symbol.
  virtual core::Result<DocumentRecord> IssueDocument(DocumentId id, int64_t expected_version,
                                                     const DocumentIssue& issue,
                                                     const AuditEvent& audit) = 0;
  // The .docx bytes stored at issue (kNotFound, "file_not_found").
  virtual core::Result<std::string> GetDocumentFile(DocumentId id) = 0;
  // A template uploaded by an admin (versions kept; the newest is used). nullopt: none uploaded
  // (the server uses data/templates).
  virtual core::Result<TemplateRecord> PutTemplate(const std::string& name,
                                                   const std::string& bytes, const std::string& at,
                                                   const AuditEvent& audit) = 0;
  virtual core::Result<std::optional<TemplateRecord>> GetTemplate(const std::string& name) = 0;
  // The non-empty narrative sections of the approved reports of `program` whose period is one
  // of `periods` (of every unit, or of `unit` alone), by (unit, period, section): one query,
  // never a report at a time.
  virtual core::Result<std::vector<NarrativePassage>> ListNarratives(
      ProgramId program, const std::vector<std::string>& periods,
      std::optional<domain::OrgUnitId> unit) = 0;
  // ---- end of issue 17's documents ------------------------------------------------------------

  // ---- Issue 18: amendments, program versions, delegations ---------------------------------
  // Creates (expected_version 0: id assigned, version 1) or replaces an amendment that is not
  // approved, refused or withdrawn: its row and changes, `audit`, in one transaction; returns
  // the stored record. kAborted ("stale_version"); kFailedPrecondition ("amendment_closed");
  // kNotFound ("amendment_not_found").
  virtual core::Result<AmendmentRecord> PutAmendment(const AmendmentRecord& next,
                                                     int64_t expected_version,
                                                     const AuditEvent& audit) = 0;
  virtual core::Result<AmendmentRecord> GetAmendment(AmendmentId id) = 0;  // kNotFound
  // Newest first (updated_at, id), with their changes.
  virtual core::Result<std::vector<AmendmentRecord>> ListAmendments(
      const AmendmentFilter& filter) = 0;
  // Approves a forwarded amendment in one transaction: the record as `next` (status approved,
  // decided_*, changes with their assigned task ids), program_versions' next number (one more
  // than the largest, read in the transaction: two approvals at once get 2 and 3), the
  // program's AmendmentsRevision moved on, `amendment_audit` and `program_audit` (whose
  // "after" the service fills with the version; the store sets nothing in it). Returns the new
  // version's number. kAborted ("stale_version"); kFailedPrecondition
  // ("amendment_not_forwarded"). When `next.program_version` is set (the number the service
  // expects and wrote in `program_audit`), another number is kAborted ("amendment_stale"):
  // versions were approved meanwhile, the service reads them and checks again.
  virtual core::Result<int> ApproveAmendment(const AmendmentRecord& next, int64_t expected_version,
                                             const AuditEvent& amendment_audit,
                                             const AuditEvent& program_audit) = 0;
  // Every version of a program, oldest first, each with its changes (version 1 has none).
  // Empty for a draft. kNotFound.
  virtual core::Result<std::vector<ProgramVersionRecord>> ListProgramVersions(
      ProgramId program) = 0;
  // A number that grows with every ApproveAmendment of the program, in its transaction: what a
  // server compares to see another server's approval at its next request (one indexed read).
  virtual core::Result<int64_t> AmendmentsRevision(ProgramId program) = 0;
  // Delegations: Put creates one (id assigned) with `audit`; Revoke sets revoked_at
  // (kNotFound "delegation_not_found"; kFailedPrecondition "delegation_revoked").
  virtual core::Result<domain::Delegation> PutDelegation(const domain::Delegation& next,
                                                         const AuditEvent& audit) = 0;
  virtual core::Result<std::vector<domain::Delegation>> ListDelegations(
      std::optional<domain::UserId> grantee) = 0;
  virtual core::Status RevokeDelegation(int64_t id, const std::string& at,
                                        const AuditEvent& audit) = 0;
  // ---- end of issue 18's amendments ---------------------------------------------------------
  // ---- Issue 18: each unit's own program -----------------------------------------------------
  // Creates (expected_version 0, next.id 0) or replaces a unit's program: its row (`next`'s
  // workflow fields), its tasks (kept by id: a task with an id of this program is updated, one
  // with id 0 gets a new id never used before, the program's others go), its targets, a new
  // version's snapshot (`action`, `comment`) and `audit`, in one transaction. The snapshot's
  // SHA-256 is added to the entry's `after` as "fingerprint" (audit verify holds the row
  // against it); `accepted_version` is set to the new version and UnitProgramsRevision moves on
  // when `action` is accept. Returns the stored record (version = expected + 1).
  // kAborted ("stale_version") when the stored version is not `expected_version` — also for
  // two creations of one unit's program at once; kNotFound ("unit_program_not_found");
  // kInvalidArgument ("unit_task_not_found", naming "tasks[3].id") for a task id that is not
  // this program's.
  virtual core::Result<UnitProgramRecord> PutUnitProgram(const UnitProgramRecord& next,
                                                         int64_t expected_version,
                                                         const domain::UnitProgramContent& content,
                                                         domain::UnitProgramAction action,
                                                         const std::string& comment,
                                                         const AuditEvent& audit) = 0;
  virtual core::Result<UnitProgramRecord> GetUnitProgram(UnitProgramId id) = 0;  // kNotFound
  // The program of one unit, if one was started.
  virtual core::Result<std::optional<UnitProgramRecord>> FindUnitProgram(
      ProgramId program, domain::OrgUnitId unit) = 0;
  // Every unit's program of `program`, by unit id.
  virtual core::Result<std::vector<UnitProgramRecord>> ListUnitPrograms(ProgramId program) = 0;
  // The current tasks (by ord) and targets; `version`, when given, receives the record's
  // version they are of (one snapshot). kNotFound.
  virtual core::Result<domain::UnitProgramContent> GetUnitProgramContent(
      UnitProgramId id, int64_t* version = nullptr) = 0;
  // Every version, oldest first, without contents. kNotFound.
  virtual core::Result<std::vector<UnitProgramVersion>> ListUnitProgramVersions(
      UnitProgramId id) = 0;
  // One version with its content; kNotFound ("version_not_found").
  virtual core::Result<UnitProgramVersion> GetUnitProgramVersion(UnitProgramId id,
                                                                 int64_t version) = 0;
  // A number that grows with every acceptance of one of the program's unit programs, in its
  // transaction. kNotFound ("program_not_found").
  virtual core::Result<int64_t> UnitProgramsRevision(ProgramId program) = 0;
  // ---- end of issue 18's unit programs ------------------------------------------------------
  // ---- Issue 18: next year's program started from this year's -------------------------------
  // Stores `draft` as a new draft program and `next_year` beside it (revision 1), with `audit`
  // (entity_id filled with the new id), in one transaction. kNotFound ("program_not_found") for
  // an unknown `from_program`.
  virtual core::Result<ProgramId> InsertNextYearDraft(const ProgramRecord& draft,
                                                      const NextYearRecord& next_year,
                                                      const AuditEvent& audit) = 0;
  // The next-year record of a draft, if it was started from last year's.
  virtual core::Result<std::optional<NextYearRecord>> GetNextYearDraft(ProgramId program) = 0;
  // Every next-year record (without the decision's text), by program id.
  virtual core::Result<std::vector<NextYearRecord>> ListNextYearDrafts() = 0;
  // Replaces the record (its decision, items, reconciled_at) when its revision is still
  // `expected_revision` and the program still a draft; with `plan`, the draft's whole plan too,
  // under the same id (its matrix proposed again from the plan's targets); `audit` appended.
  // Returns the new revision. kAborted ("stale_revision"); kFailedPrecondition
  // ("program_published"); kNotFound ("program_not_found").
  virtual core::Result<int64_t> PutNextYearDraft(const NextYearRecord& next,
                                                 int64_t expected_revision,
                                                 const ProgramRecord* plan,
                                                 const AuditEvent& audit) = 0;

  // The outbox. Enqueue skips messages whose key is stored; returns how many were added.
  virtual core::Result<size_t> EnqueueMessages(const std::vector<OutboxMessage>& messages,
                                               const AuditEvent& audit) = 0;
  // Oldest first; only unsent ones when `pending_only`.
  virtual core::Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, size_t limit) = 0;
  // kNotFound ("message_not_found").
  virtual core::Status MarkSent(int64_t id, const std::string& at, const AuditEvent& audit) = 0;

  // The audit log in order, from the entry after `after_seq`, at most `limit` entries.
  virtual core::Result<std::vector<AuditEntry>> ListAudit(int64_t after_seq, size_t limit) = 0;
  // The newest entry about one entity, if any.
  virtual core::Result<std::optional<AuditEntry>> LastAuditOf(const std::string& entity,
                                                              const std::string& entity_id) = 0;
  // The newest entry of the log (the chain's head); nullopt for an empty log.
  virtual core::Result<std::optional<AuditEntry>> AuditHead() = 0;

  // Who may change the schema (PostgreSQL). The database's own roles are the owner's business:
  // GrantServerRole gives `role` what the server needs — read and write the data, append to the
  // log — and nothing more (no ownership: it cannot alter or drop a table, nor disable a
  // trigger), also on the tables later migrations add. kFailedPrecondition
  // ("grant_not_supported") on SQLite, which has no roles; kNotFound ("role_not_found").
  virtual core::Status GrantServerRole(const std::string& role) {
    (void)role;
    return core::Fail(core::ErrorCode::kFailedPrecondition, "grant_not_supported",
                      "SQLite không có vai trò: quyền trên cơ sở dữ liệu là quyền trên tệp");
  }
  // True when the connected role could alter the schema — own the tables or be a superuser —
  // and so could disable the log's triggers (PostgreSQL); SQLite: false (nothing to tell).
  virtual bool RoleOwnsSchema() const { return false; }

  // ---- Issue 20: the change sequence ---------------------------------------------------------
  // This store's name in the changes it records: random, one per process (per open store).
  virtual std::string Origin() const { return {}; }
  // The changes after `after_seq`, oldest first, at most `limit`.
  virtual core::Result<std::vector<ChangeRecord>> ListChanges(int64_t after_seq, size_t limit) {
    (void)after_seq;
    (void)limit;
    return std::vector<ChangeRecord>{};
  }
  // The newest change's seq; 0 when none was recorded.
  virtual core::Result<int64_t> ChangesHead() { return int64_t{0}; }
  // Waits at most `timeout` for another process's change (PostgreSQL: LISTEN on its own
  // connection, made again when lost). One caller at a time. Never fails: a database that
  // cannot be reached is kResumed once it answers again, kTimeout meanwhile.
  virtual ChangeWait WaitForChanges(std::chrono::milliseconds timeout);
};

// Opens (creating if needed) a store from a URL: "sqlite:PATH" (or a plain path), or
// "postgresql://…" / "postgres://…" (libpq's URL). Migrations are applied at open.
// Fails with kInvalidArgument ("bad_db_url") for an unknown scheme, kUnavailable
// ("db_unavailable") when the database cannot be opened or migrated, kFailedPrecondition
// ("db_needs_migration") when migrations are missing and the role may not apply them (a
// PostgreSQL server role that owns nothing: `workplan db migrate` runs them as the owner).
core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace wp::store
