#pragma once
// The row mappers of store/sql, one per table a Store method reads or writes whole: the columns
// a SELECT lists, how a row of them becomes a record, and how a record's fields are bound or
// added to Rows, side by side — a new column is added here (and in one migration) only.

#include <string>
#include <utility>

#include "store/sql/connection.hpp"
#include "store/store.hpp"

namespace wp::store::sql {

// org_units. A unit's parent is set after all units are in (it may come later in the list).
inline constexpr const char* kSelectUnit =
    "SELECT id, code, name, kind, parent_id, valid_from, valid_to FROM org_units";
domain::OrgUnit ReadUnit(Statement& q);
Rows UnitRows();
void AddUnit(Rows& rows, const domain::OrgUnit& u);  // parent_id NULL

// programs (without the plan's other tables: plans.cpp).
inline constexpr const char* kSelectProgram =
    "SELECT id, status, type, number, issued_date, place, issuer, signer, signer_title, year, "
    "title, source_name, source_text, source_sha256, created_at, published_at, four_eyes, "
    "source_form, source_pages, source_bytes_sha256, COALESCE(length(source_bytes), 0) FROM "
    "programs";
ProgramRecord ReadProgram(Statement& q);
ProgramStatus ReadProgramStatus(Statement& q, int col);
Rows ProgramRows();
void AddProgram(Rows& rows, ProgramId id, const ProgramRecord& p, ProgramStatus status,
                const std::optional<std::string>& published_at);

// programs' settings (store.hpp): read at each use, apart from the program kept once published.
inline constexpr const char* kSelectProgramSettings = "SELECT four_eyes FROM programs";
inline constexpr const char* kUpdateProgramSettings = "UPDATE programs SET four_eyes = ?";
ProgramSettings ReadProgramSettings(Statement& q);

// targets.
inline constexpr const char* kTargetColumns =
    "t.id, t.section, t.indicator, t.raw, t.value_mantissa, t.value_scale, t.unit, "
    "t.comparator, t.approximate, t.parent, t.restates, t.span_line, t.span_column, "
    "t.span_offset, t.span_length, t.numerator_ord, t.denominator_ord, t.indicator_code, "
    "t.mention_of_ord, t.mention_kind, t.role, t.baseline_mantissa, t.baseline_scale, "
    "t.proposed_reporters, t.reporters_rule, t.reporters_why_none";
StoredTarget ReadTarget(Statement& q, int first = 0);
// A target's proposed reporters in one text column (migration 13), and back.
std::string ProposalsText(const domain::TargetReporters& r);
void ReadProposals(const std::string& text, domain::TargetReporters& r);
Rows TargetRows();
void AddTarget(Rows& rows, ProgramId program, size_t ord, const domain::Target& t);

// program_corrections.
inline constexpr const char* kSelectCorrection =
    "SELECT id, program_id, locator, field, value, before, after, reason, at, by_user, by_name "
    "FROM program_corrections";
inline constexpr const char* kInsertCorrection =
    "INSERT INTO program_corrections(program_id, locator, field, value, before, after, reason, "
    "at, by_user, by_name) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id";
ProgramCorrection ReadCorrection(Statement& q);
void BindCorrection(Statement& q, const ProgramCorrection& k);

// users. BindUser binds display_name, role, unit_id, password_hash, active, updated_at,
// version, title, then `rest`.
inline constexpr const char* kSelectUser =
    "SELECT id, username, display_name, role, unit_id, password_hash, active, created_at, "
    "version, updated_at, last_login_at, title FROM users";
inline constexpr const char* kInsertUser =
    "INSERT INTO users(display_name, role, unit_id, password_hash, active, updated_at, version, "
    "title, username, created_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id";
inline constexpr const char* kUpdateUser =
    "UPDATE users SET display_name = ?, role = ?, unit_id = ?, password_hash = ?, active = ?, "
    "updated_at = ?, version = ?, title = ? WHERE id = ? AND version = ?";
UserRecord ReadUser(Statement& q);
template <typename... Rest>
void BindUser(Statement& q, const UserRecord& u, Rest&&... rest) {
  q.BindAll(u.display_name, domain::RoleName(u.role), u.unit, u.password_hash,
            int64_t{u.active ? 1 : 0}, u.updated_at, u.version, u.title,
            std::forward<Rest>(rest)...);
}

// sessions and api_tokens.
inline constexpr const char* kSelectSession =
    "SELECT token_hash, user_id, csrf_token, created_at, expires_at, audit_seq FROM sessions";
SessionRecord ReadSession(Statement& q);
inline constexpr const char* kSelectApiToken =
    "SELECT id, user_id, name, token_hash, created_at, revoked_at, expires_at, last_used_at, "
    "audit_seq FROM api_tokens";
ApiTokenRecord ReadApiToken(Statement& q);

// password_resets and login_limits.
inline constexpr const char* kSelectPasswordReset =
    "SELECT code_hash, user_id, created_at, expires_at, used_at FROM password_resets";
PasswordReset ReadPasswordReset(Statement& q);
inline constexpr const char* kSelectLoginLimit =
    "SELECT key, failures, first_at, locked_until FROM login_limits";
LoginLimit ReadLoginLimit(Statement& q);

// reports. kInsertReport returns the new id, nothing when the report exists already. A write
// sets the header (BindReportHeader: due … updated_by, then `rest`).
inline constexpr const char* kSelectReport =
    "SELECT id, program_id, obligation, period, unit_id, due, status, version, "
    "first_submitted_at, submitted_at, approved_at, comment, warnings, created_at, updated_at, "
    "updated_by FROM reports";
inline constexpr const char* kInsertReport =
    "INSERT INTO reports(due, status, version, first_submitted_at, submitted_at, approved_at, "
    "comment, warnings, updated_at, updated_by, program_id, obligation, period, unit_id, "
    "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT (program_id, obligation, period, unit_id) DO NOTHING RETURNING id";
inline constexpr const char* kUpdateReport =
    "UPDATE reports SET due = ?, status = ?, version = ?, first_submitted_at = ?, "
    "submitted_at = ?, approved_at = ?, comment = ?, warnings = ?, updated_at = ?, "
    "updated_by = ? WHERE id = ?";
ReportRecord ReadReport(Statement& q);
template <typename... Rest>
void BindReportHeader(Statement& q, const ReportRecord& r, Rest&&... rest) {
  q.BindAll(r.due, domain::ReportStatusName(r.status), r.version, r.first_submitted_at,
            r.submitted_at, r.approved_at, r.comment, r.warnings, r.updated_at, r.updated_by,
            std::forward<Rest>(rest)...);
}

// report_values: a value is (target_id, scope, kind, mantissa, scale, note) from `first`.
inline constexpr const char* kValueColumns =
    "report_id bigint, target_id bigint, scope text, version bigint, kind text, "
    "value_mantissa bigint, value_scale int, note text, recorded_at text, recorded_by bigint";
domain::ReportValue ReadValue(Statement& q, int first);
Rows ValueRows();
// Text is added as views: `v`, `at` must outlive the insert.
void AddValue(Rows& rows, ReportId report, int64_t version, const domain::ReportValue& v,
              const std::string& at, const std::optional<domain::UserId>& by);

// outbox.
inline constexpr const char* kSelectOutbox =
    "SELECT id, key, COALESCE(unit_id, 0), kind, subject, body, created_at, sent_at, user_id "
    "FROM outbox";
OutboxMessage ReadOutbox(Statement& q);

// audit_log.
inline constexpr const char* kSelectAudit =
    "SELECT seq, at, actor_id, actor, action, entity, entity_id, before, after, prev_hash, hash "
    "FROM audit_log";
AuditEntry ReadAudit(Statement& q);

}  // namespace wp::store::sql
