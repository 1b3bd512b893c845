#include "store/sql/records.hpp"

namespace wp::store::sql {

domain::OrgUnit ReadUnit(Statement& q) {
  domain::OrgUnit u;
  u.id = q.Int(0);
  u.code = q.Text(1);
  u.name = q.Text(2);
  u.kind = domain::ParseOrgKind(q.Text(3)).value_or(domain::OrgKind::kDepartment);
  u.parent = q.OptInt(4);
  u.valid_from = q.OptDate(5);
  u.valid_to = q.OptDate(6);
  return u;
}

Rows UnitRows() {
  return Rows("org_units",
              "id bigint, code text, name text, kind text, parent_id bigint, valid_from date, "
              "valid_to date");
}

void AddUnit(Rows& rows, const domain::OrgUnit& u) {
  rows.Int(u.id).Text(u.code).Text(u.name).Text(domain::OrgKindName(u.kind)).Null();
  rows.Date(u.valid_from).Date(u.valid_to).End();
}

ProgramStatus ReadProgramStatus(Statement& q, int col) {
  return q.Text(col) == "published" ? ProgramStatus::kPublished : ProgramStatus::kDraft;
}

ProgramRecord ReadProgram(Statement& q) {
  ProgramRecord p;
  p.id = q.Int(0);
  p.status = ReadProgramStatus(q, 1);
  auto& d = p.plan.document;
  d.type = q.OptText(2);
  d.number = q.OptText(3);
  d.issued_date = q.OptDate(4);
  d.place = q.OptText(5);
  d.issuer = q.OptText(6);
  d.signer = q.OptText(7);
  d.signer_title = q.OptText(8);
  if (auto y = q.OptInt(9)) d.year = static_cast<int>(*y);
  d.title = q.OptText(10);
  p.source_name = q.Text(11);
  p.source_text = q.Text(12);
  p.source_sha256 = q.Text(13);
  p.created_at = q.Text(14);
  p.published_at = q.OptText(15);
  return p;
}

Rows ProgramRows() {
  return Rows("programs",
              "id bigint, status text, type text, number text, issued_date date, place text, "
              "issuer text, signer text, signer_title text, year int, title text, "
              "source_name text, source_text text, source_sha256 text, created_at text, "
              "published_at text");
}

void AddProgram(Rows& rows, ProgramId id, const ProgramRecord& p, ProgramStatus status,
                const std::optional<std::string>& published_at) {
  const auto& d = p.plan.document;
  rows.Int(id).Text(ProgramStatusName(status)).OptText(d.type).OptText(d.number);
  rows.Date(d.issued_date).OptText(d.place).OptText(d.issuer).OptText(d.signer);
  rows.OptText(d.signer_title).OptInt(d.year).OptText(d.title).Text(p.source_name);
  rows.Text(p.source_text).Text(p.source_sha256).Text(p.created_at).OptText(published_at);
  rows.End();
}

StoredTarget ReadTarget(Statement& q) {
  StoredTarget st;
  st.id = q.Int(0);
  auto& t = st.target;
  t.section = q.Text(1);
  t.indicator = q.Text(2);
  t.raw = q.Text(3);
  t.value = core::Decimal{q.Int(4), static_cast<int>(q.Int(5))};
  t.unit = q.Text(6);
  t.comparator = domain::ParseComparator(q.Text(7)).value_or(domain::Comparator::kEq);
  t.approximate = q.Bool(8);
  t.parent = q.OptText(9);
  t.restates = q.OptText(10);
  t.span = q.Span(11);
  if (auto n = q.OptInt(15)) t.numerator = static_cast<int>(*n);
  if (auto d = q.OptInt(16)) t.denominator = static_cast<int>(*d);
  return st;
}

Rows TargetRows() {
  return Rows("targets",
              "program_id bigint, ord int, section text, indicator text, raw text, "
              "value_mantissa bigint, value_scale int, unit text, comparator text, "
              "approximate boolean, parent text, restates text, span_line bigint, "
              "span_column bigint, span_offset bigint, span_length bigint, numerator_ord int, "
              "denominator_ord int");
}

void AddTarget(Rows& rows, ProgramId program, size_t ord, const domain::Target& t) {
  rows.Int(program).Int(static_cast<int64_t>(ord)).Text(t.section).Text(t.indicator).Text(t.raw);
  rows.Int(t.value.mantissa).Int(t.value.scale).Text(t.unit);
  rows.Text(domain::ComparatorName(t.comparator)).Bool(t.approximate).OptText(t.parent);
  rows.OptText(t.restates).Span(t.span).OptInt(t.numerator).OptInt(t.denominator).End();
}

ProgramCorrection ReadCorrection(Statement& q) {
  ProgramCorrection k;
  k.id = q.Int(0);
  k.program_id = q.Int(1);
  k.locator = q.Text(2);
  k.field = q.Text(3);
  k.value = q.Text(4);
  k.before = q.Text(5);
  k.after = q.Text(6);
  k.reason = q.Text(7);
  k.at = q.Text(8);
  k.by = q.OptInt(9);
  k.by_name = q.Text(10);
  return k;
}

void BindCorrection(Statement& q, const ProgramCorrection& k) {
  q.Bind(1, k.program_id);
  q.Bind(2, k.locator);
  q.Bind(3, k.field);
  q.Bind(4, k.value);
  q.Bind(5, k.before);
  q.Bind(6, k.after);
  q.Bind(7, k.reason);
  q.Bind(8, k.at);
  q.Bind(9, k.by);
  q.Bind(10, k.by_name);
}

UserRecord ReadUser(Statement& q) {
  UserRecord u;
  u.id = q.Int(0);
  u.username = q.Text(1);
  u.display_name = q.Text(2);
  u.role = domain::ParseRole(q.Text(3)).value_or(domain::Role::kViewer);
  u.unit = q.OptInt(4);
  u.password_hash = q.Text(5);
  u.active = q.Bool(6);
  u.created_at = q.Text(7);
  return u;
}

void BindUser(Statement& q, int first, const UserRecord& u) {
  q.Bind(first, u.display_name);
  q.Bind(first + 1, domain::RoleName(u.role));
  q.Bind(first + 2, u.unit);
  q.Bind(first + 3, u.password_hash);
  q.BindBool(first + 4, u.active);
}

ReportRecord ReadReport(Statement& q) {
  ReportRecord r;
  r.id = q.Int(0);
  r.program_id = q.Int(1);
  r.obligation = q.Text(2);
  r.period = q.Text(3);
  r.unit_id = q.Int(4);
  r.due = q.Text(5);
  r.status = domain::ParseReportStatus(q.Text(6)).value_or(domain::ReportStatus::kDraft);
  r.version = q.Int(7);
  r.first_submitted_at = q.OptText(8);
  r.submitted_at = q.OptText(9);
  r.approved_at = q.OptText(10);
  r.comment = q.Text(11);
  r.warnings = q.Text(12);
  r.created_at = q.Text(13);
  r.updated_at = q.Text(14);
  r.updated_by = q.OptInt(15);
  return r;
}

void BindReport(Statement& q, const ReportRecord& r) {
  q.Bind(1, r.program_id);
  q.Bind(2, r.obligation);
  q.Bind(3, r.period);
  q.Bind(4, r.unit_id);
  q.Bind(5, r.due);
  q.Bind(6, domain::ReportStatusName(r.status));
  q.Bind(7, r.version);
  q.Bind(8, r.first_submitted_at);
  q.Bind(9, r.submitted_at);
  q.Bind(10, r.approved_at);
  q.Bind(11, r.comment);
  q.Bind(12, r.warnings);
  q.Bind(13, r.created_at);
  q.Bind(14, r.updated_at);
  q.Bind(15, r.updated_by);
}

void BindReportHeader(Statement& q, const ReportRecord& r) {
  q.Bind(1, r.due);
  q.Bind(2, domain::ReportStatusName(r.status));
  q.Bind(3, r.version);
  q.Bind(4, r.first_submitted_at);
  q.Bind(5, r.submitted_at);
  q.Bind(6, r.approved_at);
  q.Bind(7, r.comment);
  q.Bind(8, r.warnings);
  q.Bind(9, r.updated_at);
  q.Bind(10, r.updated_by);
  q.Bind(11, r.id);
}

domain::ReportValue ReadValue(Statement& q, int first) {
  domain::ReportValue v;
  v.target_id = q.Int(first);
  v.scope = domain::ParseValueScope(q.Text(first + 1)).value_or(domain::ValueScope::kPeriod);
  v.kind = domain::ParseValueKind(q.Text(first + 2)).value_or(domain::ValueKind::kEstimate);
  if (!q.IsNull(first + 3)) {
    v.value = core::Decimal{q.Int(first + 3), static_cast<int>(q.Int(first + 4))};
  }
  v.note = q.Text(first + 5);
  return v;
}

Rows ValueRows() { return Rows("report_values", kValueColumns); }

void AddValue(Rows& rows, ReportId report, int64_t version, const domain::ReportValue& v,
              const std::string& at, const std::optional<domain::UserId>& by) {
  rows.Int(report).Int(v.target_id).Text(domain::ValueScopeName(v.scope)).Int(version);
  rows.Text(domain::ValueKindName(v.kind));
  if (v.value) {
    rows.Int(v.value->mantissa).Int(v.value->scale);
  } else {
    rows.Null().Null();
  }
  rows.Text(v.note).Text(at).OptInt(by).End();
}

OutboxMessage ReadOutbox(Statement& q) {
  OutboxMessage m;
  m.id = q.Int(0);
  m.key = q.Text(1);
  m.unit_id = q.Int(2);
  m.kind = q.Text(3);
  m.subject = q.Text(4);
  m.body = q.Text(5);
  m.created_at = q.Text(6);
  m.sent_at = q.OptText(7);
  return m;
}

AuditEntry ReadAudit(Statement& q) {
  AuditEntry a;
  a.seq = q.Int(0);
  a.event.at = q.Text(1);
  a.event.actor_id = q.OptInt(2);
  a.event.actor = q.Text(3);
  a.event.action = q.Text(4);
  a.event.entity = q.Text(5);
  a.event.entity_id = q.Text(6);
  a.event.before = q.Text(7);
  a.event.after = q.Text(8);
  a.prev_hash = q.Text(9);
  a.hash = q.Text(10);
  return a;
}

}  // namespace wp::store::sql
