#include "store/sql/records.hpp"

#include <algorithm>

#include "store/lines.hpp"

namespace wp::store::sql {

domain::OrgUnit ReadUnit(Statement& q) {
  domain::OrgUnit u;
  std::string kind;
  q.Get(0, u.id, u.code, u.name, kind, u.parent, u.valid_from, u.valid_to);
  u.kind = domain::ParseOrgKind(kind).value_or(domain::OrgKind::kDepartment);
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
  auto& d = p.plan.document;
  p.id = q.Int(0);
  p.status = ReadProgramStatus(q, 1);
  q.Get(2, d.type, d.number, d.issued_date, d.place, d.issuer, d.signer, d.signer_title, d.year,
        d.title, p.source_name, p.source_text, p.source_sha256, p.created_at, p.published_at,
        p.settings.four_eyes);
  p.source_form = q.Text(17);
  p.source_pages = static_cast<int>(q.Int(18));
  p.source_bytes_sha256 = q.Text(19);
  p.source_file_size = q.Int(20);
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

ProgramSettings ReadProgramSettings(Statement& q) {
  ProgramSettings s;
  q.Get(0, s.four_eyes);
  return s;
}

std::string ProposalsText(const domain::TargetReporters& r) {
  std::vector<std::string> lines;
  auto add = [&](const char* role, const domain::ReporterProposal& p) {
    std::string units;
    for (auto u : p.units) units += (units.empty() ? "" : ",") + std::to_string(u);
    std::string written = p.written;
    std::replace(written.begin(), written.end(), '\t', ' ');
    std::replace(written.begin(), written.end(), '\n', ' ');
    lines.push_back(std::string(role) + "\t" +
                    (p.group ? domain::ReporterGroupName(*p.group) : "") + "\t" + written + "\t" +
                    units);
  };
  for (const auto& p : r.reporters) add("reports", p);
  if (r.consolidator) add("consolidates", *r.consolidator);
  return JoinLines(lines);
}

void ReadProposals(const std::string& text, domain::TargetReporters& r) {
  for (const auto& line : SplitLines(text)) {
    std::vector<std::string> f;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      f.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (f.size() != 4) continue;
    domain::ReporterProposal p;
    p.group = domain::ParseReporterGroup(f[1]);
    p.written = f[2];
    size_t at = 0;
    while (at < f[3].size()) {
      size_t comma = std::min(f[3].find(',', at), f[3].size());
      p.units.push_back(std::stoll(f[3].substr(at, comma - at)));
      at = comma + 1;
    }
    if (f[0] == "consolidates") {
      r.consolidator = std::move(p);
    } else {
      r.reporters.push_back(std::move(p));
    }
  }
}

StoredTarget ReadTarget(Statement& q, int first) {
  StoredTarget st;
  auto& t = st.target;
  std::string comparator;
  int64_t mantissa = 0;
  int scale = 0;
  std::optional<std::string> code, mention_kind, proposals, rule, why_none;
  std::string role;
  std::optional<int64_t> baseline_mantissa, baseline_scale;
  q.Get(first, st.id, t.section, t.indicator, t.raw, mantissa, scale, t.unit, comparator,
        t.approximate, t.parent, t.restates, t.span, t.numerator, t.denominator, code, t.mention_of,
        mention_kind, role, baseline_mantissa, baseline_scale, proposals, rule, why_none);
  t.value = core::Decimal{mantissa, scale};
  t.comparator = domain::ParseComparator(comparator).value_or(domain::Comparator::kEq);
  t.indicator_code = code.value_or("");
  if (mention_kind) t.mention_kind = domain::ParseMentionKind(*mention_kind);
  t.role = domain::ParseTargetRole(role).value_or(domain::TargetRole::kTarget);
  if (baseline_mantissa) {
    t.baseline = core::Decimal{*baseline_mantissa, static_cast<int>(baseline_scale.value_or(0))};
  }
  if (proposals) ReadProposals(*proposals, t.reporters);
  t.reporters.rule = rule.value_or("");
  t.reporters.why_none = why_none.value_or("");
  return st;
}

Rows TargetRows() {
  return Rows("targets",
              "program_id bigint, ord int, section text, indicator text, raw text, "
              "value_mantissa bigint, value_scale int, unit text, comparator text, "
              "approximate boolean, parent text, restates text, span_line bigint, "
              "span_column bigint, span_offset bigint, span_length bigint, numerator_ord int, "
              "denominator_ord int, indicator_code text, mention_of_ord int, mention_kind text, "
              "role text, baseline_mantissa bigint, baseline_scale int, proposed_reporters text, "
              "reporters_rule text, reporters_why_none text");
}

void AddTarget(Rows& rows, ProgramId program, size_t ord, const domain::Target& t) {
  rows.Int(program).Int(static_cast<int64_t>(ord)).Text(t.section).Text(t.indicator).Text(t.raw);
  rows.Int(t.value.mantissa).Int(t.value.scale).Text(t.unit);
  rows.Text(domain::ComparatorName(t.comparator)).Bool(t.approximate).OptText(t.parent);
  rows.OptText(t.restates).Span(t.span).OptInt(t.numerator).OptInt(t.denominator);
  // What issue 16 added is NULL when unset: a program read before it is stored as it was.
  // (Text of `t` is added as views: the plan outlives the insert.)
  auto text_or_null = [&rows](const std::string& s) -> Rows& {
    return s.empty() ? rows.Null() : rows.Text(s);
  };
  text_or_null(t.indicator_code);
  rows.OptInt(t.mention_of);
  if (t.mention_kind) {
    rows.Text(domain::MentionKindName(*t.mention_kind));
  } else {
    rows.Null();
  }
  rows.Text(domain::TargetRoleName(t.role));
  if (t.baseline) {
    rows.Int(t.baseline->mantissa).Int(t.baseline->scale);
  } else {
    rows.Null().Null();
  }
  std::string proposals = ProposalsText(t.reporters);
  if (proposals.empty()) {
    rows.Null();
  } else {
    rows.Text(std::move(proposals));
  }
  text_or_null(t.reporters.rule);
  text_or_null(t.reporters.why_none);
  rows.End();
}

ProgramCorrection ReadCorrection(Statement& q) {
  ProgramCorrection k;
  q.Get(0, k.id, k.program_id, k.locator, k.field, k.value, k.before, k.after, k.reason, k.at, k.by,
        k.by_name);
  return k;
}

void BindCorrection(Statement& q, const ProgramCorrection& k) {
  q.BindAll(k.program_id, k.locator, k.field, k.value, k.before, k.after, k.reason, k.at, k.by,
            k.by_name);
}

UserRecord ReadUser(Statement& q) {
  UserRecord u;
  std::string role;
  q.Get(0, u.id, u.username, u.display_name, role, u.unit, u.password_hash, u.active, u.created_at,
        u.version, u.updated_at, u.last_login_at, u.title);
  u.role = domain::ParseRole(role).value_or(domain::Role::kViewer);
  return u;
}

SessionRecord ReadSession(Statement& q) {
  SessionRecord s;
  q.Get(0, s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at, s.audit_seq);
  return s;
}

ApiTokenRecord ReadApiToken(Statement& q) {
  ApiTokenRecord t;
  q.Get(0, t.id, t.user_id, t.name, t.token_hash, t.created_at, t.revoked_at, t.expires_at,
        t.last_used_at, t.audit_seq);
  return t;
}

PasswordReset ReadPasswordReset(Statement& q) {
  PasswordReset r;
  q.Get(0, r.code_hash, r.user_id, r.created_at, r.expires_at, r.used_at);
  return r;
}

LoginLimit ReadLoginLimit(Statement& q) {
  LoginLimit l;
  q.Get(0, l.key, l.failures, l.first_at, l.locked_until);
  return l;
}

ReportRecord ReadReport(Statement& q) {
  ReportRecord r;
  std::string status;
  q.Get(0, r.id, r.program_id, r.obligation, r.period, r.unit_id, r.due, status, r.version,
        r.first_submitted_at, r.submitted_at, r.approved_at, r.comment, r.warnings, r.created_at,
        r.updated_at, r.updated_by);
  r.status = domain::ParseReportStatus(status).value_or(domain::ReportStatus::kDraft);
  return r;
}

domain::ReportValue ReadValue(Statement& q, int first) {
  domain::ReportValue v;
  std::string scope, kind;
  std::optional<int64_t> mantissa, scale;
  q.Get(first, v.target_id, scope, kind, mantissa, scale, v.note);
  v.scope = domain::ParseValueScope(scope).value_or(domain::ValueScope::kPeriod);
  v.kind = domain::ParseValueKind(kind).value_or(domain::ValueKind::kEstimate);
  if (mantissa) v.value = core::Decimal{*mantissa, static_cast<int>(scale.value_or(0))};
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
  q.Get(0, m.id, m.key, m.unit_id, m.kind, m.subject, m.body, m.created_at, m.sent_at, m.user_id);
  return m;
}

AuditEntry ReadAudit(Statement& q) {
  AuditEntry a;
  auto& e = a.event;
  q.Get(0, a.seq, e.at, e.actor_id, e.actor, e.action, e.entity, e.entity_id, e.before, e.after,
        a.prev_hash, a.hash);
  return a;
}

}  // namespace wp::store::sql
