// Fingerprints of stored state: every field a store keeps, length-prefixed in a fixed order,
// hashed. Two states with the same fingerprint are the same as far as the audit can tell.

#include <algorithm>
#include <string>
#include <type_traits>

#include "core/hash.hpp"
#include "service/internal/shared.hpp"
#include "store/document_json.hpp"

namespace wp::service {
namespace {

class Canon {
 public:
  Canon& S(std::string_view v) {
    buf_ += std::to_string(v.size());
    buf_.push_back(':');
    buf_.append(v);
    buf_.push_back(';');
    return *this;
  }
  Canon& I(int64_t v) { return S(std::to_string(v)); }
  template <typename T>
  Canon& O(const std::optional<T>& v) {
    if (!v) return S("~");
    if constexpr (std::is_same_v<T, std::string>) {
      return S("=").S(*v);
    } else if constexpr (std::is_same_v<T, core::CivilDate>) {
      return S("=").S(v->ToIso());
    } else {
      return S("=").I(static_cast<int64_t>(*v));
    }
  }
  Canon& Span(const core::SourceSpan& s) { return I(s.line).I(s.column).I(s.offset).I(s.length); }
  Canon& List(const std::vector<std::string>& v) {
    I(static_cast<int64_t>(v.size()));
    for (const auto& x : v) S(x);
    return *this;
  }
  Canon& Resolved(const std::vector<domain::ResolvedUnitName>& v) {
    I(static_cast<int64_t>(v.size()));
    for (const auto& r : v) {
      S(r.written).S(domain::NameResolutionName(r.resolution));
      auto units = r.units;
      std::sort(units.begin(), units.end());
      I(static_cast<int64_t>(units.size()));
      for (auto u : units) I(u);
    }
    return *this;
  }
  // Compact forms for the report's fingerprint, which every save computes (the hash's cost
  // grows with the bytes): a number as a zigzag LEB128 varint, a text after its length.
  Canon& N(int64_t v) {
    auto u = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
    while (u >= 0x80) {
      buf_.push_back(static_cast<char>((u & 0x7f) | 0x80));
      u >>= 7;
    }
    buf_.push_back(static_cast<char>(u));
    return *this;
  }
  Canon& T(std::string_view v) {
    N(static_cast<int64_t>(v.size()));
    buf_.append(v);
    return *this;
  }
  void Reserve(size_t n) { buf_.reserve(n); }
  std::string Hash() const { return core::Sha256Hex(buf_); }
  std::string FastHash() const { return core::Blake2bHex(buf_); }

 private:
  std::string buf_;
};

}  // namespace

std::string ProgramFingerprint(const store::ProgramRecord& p) {
  Canon c;
  // The id is not part of it: the audit entry names the program, and the id is known only once
  // the program is stored.
  c.S("workplan.program/1").S(store::ProgramStatusName(p.status));
  c.S(p.source_name).S(p.source_sha256).S(p.created_at).O(p.published_at);
  // Only a setting away from its default is written, so that the fingerprints recorded before
  // the setting existed still match; four eyes turned off by hand is then seen.
  if (!p.settings.four_eyes) c.S("four_eyes=off");
  // Issue 19: the file it came as, when kept (programs stored before keep their print).
  if (!p.source_bytes_sha256.empty()) {
    c.S("source").S(p.source_form).I(p.source_pages).S(p.source_bytes_sha256);
  }
  const auto& d = p.plan.document;
  c.O(d.type).O(d.number).O(d.issued_date).O(d.place).O(d.issuer).O(d.signer).O(d.signer_title);
  c.O(d.year).O(d.title).List(d.legal_bases).List(d.recipients);
  for (const auto& a : d.articles) c.I(a.number).S(a.text).Span(a.span);
  c.I(static_cast<int64_t>(p.plan.sections.size()));
  for (const auto& s : p.plan.sections) {
    c.S(s.number).S(s.title).S(s.parent).I(s.depth).S(s.lead_phrase).I(s.leads_inherited);
    c.List(s.lead_units).List(s.coordinating_units).Resolved(s.resolved_leads);
    c.Resolved(s.resolved_coordinators).Span(s.span);
    c.I(static_cast<int64_t>(s.tasks.size()));
    for (const auto& t : s.tasks) {
      c.S(t.text).S(t.kind).I(t.leads_inherited).List(t.lead_units).List(t.coordinating_units);
      c.List(t.details).Resolved(t.resolved_leads).Resolved(t.resolved_coordinators).Span(t.span);
    }
  }
  c.I(static_cast<int64_t>(p.plan.targets.size()));
  for (const auto& t : p.plan.targets) {
    c.S(t.section).S(t.indicator).S(t.raw).I(t.value.mantissa).I(t.value.scale).S(t.unit);
    c.S(domain::ComparatorName(t.comparator)).I(t.approximate).O(t.parent).O(t.restates);
    c.Span(t.span);
    // Only when set, so that the fingerprints recorded before rates had them stay valid.
    if (t.numerator || t.denominator) c.S("ratio").O(t.numerator).O(t.denominator);
    // Issue 16's fields, likewise only when set: a program stored before keeps its fingerprint.
    if (t.mention_of) {
      c.S("mention").O(t.mention_of);
      c.S(t.mention_kind ? domain::MentionKindName(*t.mention_kind) : "");
    }
    if (!t.indicator_code.empty()) c.S("indicator_code").S(t.indicator_code);
    if (t.baseline) c.S("baseline").I(t.baseline->mantissa).I(t.baseline->scale);
    if (t.role != domain::TargetRole::kTarget) c.S("role").S(domain::TargetRoleName(t.role));
    const auto& r = t.reporters;
    if (!r.reporters.empty() || r.consolidator || !r.rule.empty() || !r.why_none.empty()) {
      c.S("reporters").I(static_cast<int64_t>(r.reporters.size()));
      auto proposal = [&c](const domain::ReporterProposal& x) {
        c.S(x.written).S(x.group ? domain::ReporterGroupName(*x.group) : "");
        c.I(static_cast<int64_t>(x.units.size()));
        for (auto u : x.units) c.I(u);
      };
      for (const auto& x : r.reporters) proposal(x);
      c.I(r.consolidator ? 1 : 0);
      if (r.consolidator) proposal(*r.consolidator);
      c.S(r.rule).S(r.why_none);
    }
  }
  c.I(static_cast<int64_t>(p.plan.budgets.size()));
  for (const auto& b : p.plan.budgets) {
    c.S(b.section).O(b.program).S(b.raw).I(b.total_vnd).O(b.investment_vnd).O(b.recurrent_vnd);
    c.O(b.source).Span(b.span);
  }
  c.I(static_cast<int64_t>(p.plan.deadlines.size()));
  for (const auto& x : p.plan.deadlines) {
    c.S(x.section).S(x.raw).O(x.due).S(x.what).S(x.responsible).Span(x.span);
  }
  c.I(static_cast<int64_t>(p.plan.reporting.size()));
  for (const auto& r : p.plan.reporting) {
    c.S(r.section).S(r.raw).S(r.report).S(domain::FrequencyName(r.frequency)).O(r.due);
    c.O(r.day_of_month).I(r.last_month_of_quarter).S(r.from).List(r.from_units).List(r.to);
    c.Span(r.span);
    // Written only for Decree 09 rules, so fingerprints recorded before the field existed hold.
    if (r.decree09) c.S("decree09").O(r.working_days);
  }
  c.I(static_cast<int64_t>(p.plan.units.size()));
  for (const auto& u : p.plan.units) c.S(u.name).I(u.mentions).List(u.variants);
  c.I(static_cast<int64_t>(p.plan.diagnostics.size()));
  for (const auto& g : p.plan.diagnostics) {
    c.S(core::SeverityName(g.severity)).S(g.code).S(g.message).Span(g.span);
  }
  return c.Hash();
}

std::optional<std::string> RecordedFingerprint(const store::AuditEntry& entry) {
  static constexpr std::string_view kNeedle = "\"fingerprint\":\"";
  const auto& json = entry.event.after;
  auto at = json.find(kNeedle);
  if (at == std::string::npos) return std::nullopt;
  at += kNeedle.size();
  auto end = json.find('"', at);
  if (end == std::string::npos) return std::nullopt;
  return json.substr(at, end - at);
}

std::optional<std::string> SourceProblem(const store::ProgramRecord& p) {
  std::string actual = core::Sha256Hex(p.source_text);
  if (actual == p.source_sha256) return std::nullopt;
  return "Chương trình #" + std::to_string(p.id) +
         ": văn bản gốc của quyết định đã bị sửa ngoài hệ thống (mã SHA-256 của văn bản là " +
         actual.substr(0, 12) + "…, đã ghi khi nhập là " + p.source_sha256.substr(0, 12) + "…)";
}

std::string UserFingerprint(const store::UserRecord& u) {
  Canon c;
  // A row no change touched since migration 12 keeps the print its entry recorded then; every
  // change since sets updated_at and is printed with its version too.
  c.S(u.updated_at ? "workplan.user/2" : "workplan.user/1");
  c.S(u.username).S(u.display_name).S(domain::RoleName(u.role));
  c.O(u.unit).S(u.password_hash).I(u.active).S(u.created_at);
  if (u.updated_at) c.I(u.version).S(*u.updated_at);
  // Issue 18: a leader's title; an account without one keeps the print it had before.
  if (!u.title.empty()) c.S("title").S(u.title);
  return c.Hash();
}

std::string AmendmentFingerprint(const store::AmendmentRecord& a) {
  // Issue 18. Not its id: the entry of its creation is written before the id is known, and
  // the entry names it.
  Canon c;
  c.S("workplan.amendment/1");
  c.I(a.program_id).I(a.unit_id).S(domain::AmendmentStatusName(a.status)).I(a.version);
  c.S(a.effective_from.ToIso()).S(a.reason).S(a.planner_opinion).S(a.decision_comment);
  c.S(a.decision_number).O(a.submitted_by).O(a.forwarded_by).O(a.decided_by);
  c.O(a.delegation_id).O(a.program_version);
  c.I(static_cast<int64_t>(a.changes.size()));
  for (const auto& ch : a.changes) {
    c.S(domain::ChangeKindName(ch.kind)).S(ch.locator).S(ch.value).S(ch.before).S(ch.after);
    c.S(ch.assigned_task_id);
  }
  return c.Hash();
}

std::string ReportFingerprint(const store::ReportRecord& r, int64_t version,
                              const domain::ReportContent& content) {
  // The store's order (values by target, the period's before the cumulative; tasks by id), so
  // the content a save holds and the one read back give the same print. Both come sorted; a
  // copy is sorted only when they are not.
  auto value_order = [](const domain::ReportValue& a, const domain::ReportValue& b) {
    return std::pair(a.target_id, a.scope) < std::pair(b.target_id, b.scope);
  };
  auto task_order = [](const domain::TaskProgress& a, const domain::TaskProgress& b) {
    return a.task_id < b.task_id;
  };
  const auto* values = &content.values;
  const auto* tasks = &content.tasks;
  std::vector<domain::ReportValue> sorted_values;
  std::vector<domain::TaskProgress> sorted_tasks;
  if (!std::is_sorted(values->begin(), values->end(), value_order)) {
    sorted_values = *values;
    std::sort(sorted_values.begin(), sorted_values.end(), value_order);
    values = &sorted_values;
  }
  if (!std::is_sorted(tasks->begin(), tasks->end(), task_order)) {
    sorted_tasks = *tasks;
    std::sort(sorted_tasks.begin(), sorted_tasks.end(), task_order);
    tasks = &sorted_tasks;
  }
  Canon c;
  c.Reserve(128 + 16 * values->size() + 32 * tasks->size());
  // Not the id: the entry names the report, and a new report's id is known only once stored.
  c.T("workplan.report/1").N(r.program_id).T(r.obligation).T(r.period).N(r.unit_id);
  c.T(domain::ReportStatusName(r.status)).N(version);
  c.N(static_cast<int64_t>(values->size()));
  for (const auto& v : *values) {
    // Scope, kind and whether there is a value in one number.
    int64_t flags = static_cast<int64_t>(v.scope) * 8 + static_cast<int64_t>(v.kind) * 2;
    c.N(v.target_id).N(flags + (v.value ? 1 : 0));
    if (v.value) c.N(v.value->mantissa).N(v.value->scale);
    c.T(v.note);
  }
  c.N(static_cast<int64_t>(tasks->size()));
  for (const auto& t : *tasks) {
    c.T(t.task_id).N(static_cast<int64_t>(t.status)).N(t.percent ? 1 + *t.percent : 0);
    c.T(t.output);
  }
  for (const auto& n : content.narrative) c.T(n);
  return c.FastHash();
}

std::string DocumentFingerprint(const store::DocumentRecord& d,
                                const std::vector<domain::Block>& blocks) {
  Canon c;
  // Not the id: the entry names the document, and a new one's id is known only once stored.
  c.T("workplan.document/1").T(domain::DocumentStatusName(d.status)).N(d.version);
  c.T(store::HeaderJson(d.header)).N(d.number_seq.value_or(0));
  c.N(static_cast<int64_t>(blocks.size()));
  for (const auto& b : blocks) {
    c.T(b.key).T(b.Text());
    if (!b.table) {
      c.N(-1);
      continue;
    }
    c.N(static_cast<int64_t>(b.table->rows.size()));
    for (const auto& row : b.table->rows) {
      c.N(static_cast<int64_t>(row.size()));
      for (const auto& cell : row) c.T(cell.text);
    }
  }
  return c.Hash();
}

}  // namespace wp::service
