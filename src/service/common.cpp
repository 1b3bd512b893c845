// The pieces every service shares (common.hpp, internal/shared.hpp): the clock's texts, the
// audit event of a write, the permission check, a typed number, and the store's records as
// the views callers see.

#include "service/common.hpp"

#include <ctime>

#include "service/internal/shared.hpp"
#include "text/number.hpp"

namespace wp::service {

using core::ErrorCode;
using domain::Principal;

std::string IsoUtc(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Time::NowIso() const { return IsoUtc(clock_()); }

core::CivilDate LocalDate(const std::string& iso_utc) {
  auto d = core::ParseIsoDate(std::string_view(iso_utc).substr(0, 10));
  if (!d) return core::CivilDate{};
  int hour = iso_utc.size() >= 13 ? std::atoi(iso_utc.substr(11, 2).c_str()) : 0;
  if (hour + 7 >= 24) return core::CivilFromDays(core::DaysFromCivil(*d) + 1);
  return *d;
}

Principal SystemPrincipal(const std::string& name) {
  Principal p;
  p.user_id = 0;
  p.username = name;
  p.role = domain::Role::kAdmin;
  return p;
}

std::optional<core::Decimal> ParseTypedNumber(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  bool negative = s.front() == '-';
  std::string_view body = negative ? s.substr(1) : s;
  if (auto n = text::ReadNumber(body, 0); n && n->end == body.size()) {
    core::Decimal d = n->value;
    if (negative) d.mantissa = -d.mantissa;
    return d;
  }
  return core::ParseDecimal(s);
}

WriteStatsView StoreMetrics::WriteStats() const {
  auto s = store_.GetWriteStats();
  return {s.counted, s.transactions, s.writes, s.busy_seconds, s.cpu_seconds, s.commit_seconds};
}

store::AuditEvent Event(const Time& time, const Principal& by, std::string action,
                        std::string entity, std::string entity_id) {
  store::AuditEvent e;
  e.at = time.NowIso();
  if (by.user_id != 0) e.actor_id = by.user_id;
  e.actor = by.username;
  e.action = std::move(action);
  e.entity = std::move(entity);
  e.entity_id = std::move(entity_id);
  return e;
}

core::Status Require(const Principal& who, domain::Permission what) {
  if (domain::Can(who, what)) return {};
  return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                    "Tài khoản của bạn không có quyền thực hiện thao tác này");
}

std::string ReportKey(const std::string& obligation, const std::string& period,
                      domain::OrgUnitId unit) {
  return obligation + "|" + period + "|" + std::to_string(unit);
}

// ───────────────────────────── views ─────────────────────────────

ProgramStatus ViewOf(store::ProgramStatus s) {
  return s == store::ProgramStatus::kPublished ? ProgramStatus::kPublished : ProgramStatus::kDraft;
}

const char* ProgramStatusName(ProgramStatus s) {
  return store::ProgramStatusName(s == ProgramStatus::kPublished ? store::ProgramStatus::kPublished
                                                                 : store::ProgramStatus::kDraft);
}

store::ImportMode ModeOf(ImportMode m) {
  return m == ImportMode::kReplaceDraft ? store::ImportMode::kReplaceDraft
                                        : store::ImportMode::kNew;
}

ProgramRecordView ViewOf(store::ProgramRecord r) {
  const int64_t file_bytes = r.source_bytes_sha256.empty()
                                 ? static_cast<int64_t>(r.source_text.size())
                                 : r.source_file_size;
  return {r.id,
          ViewOf(r.status),
          std::move(r.plan),
          std::move(r.source_name),
          std::move(r.source_text),
          std::move(r.source_sha256),
          std::move(r.created_at),
          std::move(r.published_at),
          std::move(r.source_form),
          r.source_pages,
          file_bytes};
}

TargetView ViewOf(store::StoredTarget t) {
  TargetView v;
  v.id = t.id;
  v.target = std::move(t.target);
  return v;
}

ProgramSummaryView ViewOf(store::ProgramSummary s) {
  return {s.id,   ViewOf(s.status), std::move(s.number), s.issued_date, std::move(s.title),
          s.year, s.targets,        s.sections};
}

// Corrections are few and small: copied as they are.
CorrectionView ViewOf(const store::ProgramCorrection& k) {
  return {k.id,    k.program_id, k.locator, k.field, k.value,  k.before,
          k.after, k.reason,     k.at,      k.by,    k.by_name};
}

ReportHeader ViewOf(store::ReportRecord r) {
  return {r.id,
          r.program_id,
          std::move(r.obligation),
          std::move(r.period),
          r.unit_id,
          std::move(r.due),
          r.status,
          r.version,
          std::move(r.first_submitted_at),
          std::move(r.submitted_at),
          std::move(r.approved_at),
          std::move(r.comment),
          std::move(r.warnings),
          std::move(r.created_at),
          std::move(r.updated_at),
          r.updated_by};
}

store::ReportRecord RecordOf(const ReportHeader& h) {
  return {h.id,       h.program_id, h.obligation,         h.period,       h.unit_id,     h.due,
          h.status,   h.version,    h.first_submitted_at, h.submitted_at, h.approved_at, h.comment,
          h.warnings, h.created_at, h.updated_at,         h.updated_by};
}

ValueVersionView ViewOf(store::ValueVintage v) {
  return {std::move(v.value), v.version, std::move(v.recorded_at), v.recorded_by};
}

AllocationShare ViewOf(const store::Allocation& a) { return {a.target_id, a.unit_id, a.value}; }

OutboxMessageView ViewOf(store::OutboxMessage m) {
  return {m.id,
          std::move(m.key),
          m.unit_id,
          m.user_id,
          std::move(m.kind),
          std::move(m.subject),
          std::move(m.body),
          std::move(m.created_at),
          std::move(m.sent_at)};
}

AuditEntryView ViewOf(store::AuditEntry e) {
  auto& ev = e.event;
  return {
      e.seq,
      {std::move(ev.at), ev.actor_id, std::move(ev.actor), std::move(ev.action),
       std::move(ev.entity), std::move(ev.entity_id), std::move(ev.before), std::move(ev.after)},
      std::move(e.prev_hash),
      std::move(e.hash)};
}

}  // namespace wp::service
