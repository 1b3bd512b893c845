#include "api/plan_json.hpp"

namespace wp::api {
using nlohmann::ordered_json;

ordered_json SpanJson(const core::SourceSpan& s) {
  return ordered_json{
      {"line", s.line}, {"column", s.column}, {"offset", s.offset}, {"length", s.length}};
}

namespace {

template <typename T>
ordered_json Opt(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json Date(const std::optional<core::CivilDate>& d) {
  return d ? ordered_json(d->ToIso()) : ordered_json(nullptr);
}

ordered_json Number(const core::Decimal& d) {
  if (auto i = d.ToInteger()) return ordered_json(*i);
  return ordered_json(d.AsDouble());
}

}  // namespace

ordered_json TaskJson(const domain::Task& t) {
  return {{"text", t.text},
          {"span", SpanJson(t.span)},
          {"kind", t.kind},
          {"lead_units", t.lead_units},
          {"coordinating_units", t.coordinating_units},
          {"leads_inherited", t.leads_inherited},
          {"details", t.details}};
}

ordered_json SectionJson(const domain::Section& s, bool with_tasks) {
  ordered_json j = {{"number", s.number},
                    {"title", s.title},
                    {"lead_units", s.lead_units},
                    {"coordinating_units", s.coordinating_units}};
  if (with_tasks) {
    ordered_json tasks = ordered_json::array();
    for (const auto& t : s.tasks) tasks.push_back(TaskJson(t));
    j["tasks"] = std::move(tasks);
  }
  j["span"] = SpanJson(s.span);
  j["parent"] = s.parent.empty() ? ordered_json(nullptr) : ordered_json(s.parent);
  j["depth"] = s.depth;
  j["leads_inherited"] = s.leads_inherited;
  return j;
}

namespace {

ordered_json ReporterJson(const domain::ReporterProposal& r) {
  return {{"written", r.written},
          {"group",
           r.group ? ordered_json(domain::ReporterGroupName(*r.group)) : ordered_json(nullptr)},
          {"units", r.units}};
}

}  // namespace

ordered_json TargetJson(const domain::Target& t) {
  ordered_json j = {{"section", t.section},
                    {"indicator", t.indicator},
                    {"raw", t.raw},
                    {"value", Number(t.value)},
                    {"unit", t.unit},
                    {"comparator", domain::ComparatorName(t.comparator)},
                    {"parent", Opt(t.parent)},
                    {"span", SpanJson(t.span)},
                    {"approximate", t.approximate},
                    {"restates", Opt(t.restates)}};
  // Issue 16's fields, written only when set: a plan read before them (or without a catalogue)
  // keeps the JSON it always had.
  if (t.mention_of) j["mention_of"] = *t.mention_of;
  if (t.mention_kind) j["mention_kind"] = domain::MentionKindName(*t.mention_kind);
  if (!t.indicator_code.empty()) j["indicator_code"] = t.indicator_code;
  if (t.baseline) j["baseline"] = Number(*t.baseline);
  if (t.role != domain::TargetRole::kTarget) j["role"] = domain::TargetRoleName(t.role);
  // A rate computed as the ratio of two targets' sums: their positions in `targets`.
  if (t.numerator) j["numerator"] = *t.numerator;
  if (t.denominator) j["denominator"] = *t.denominator;
  // Issue 19, written only when set: a range ("1,7 – 2%": value is its lower bound) and the date
  // a yearly milestone is due by.
  if (t.range) j["range"] = {{"lower", Number(t.range->lower)}, {"upper", Number(t.range->upper)}};
  if (t.by) j["by"] = t.by->ToIso();
  const domain::TargetReporters& r = t.reporters;
  if (!r.rule.empty() || !r.reporters.empty() || r.consolidator) {
    ordered_json reporters = ordered_json::array();
    for (const auto& p : r.reporters) reporters.push_back(ReporterJson(p));
    j["reporters"] = {
        {"reporters", std::move(reporters)},
        {"consolidator", r.consolidator ? ReporterJson(*r.consolidator) : ordered_json(nullptr)},
        {"rule", r.rule},
        {"why_none", r.why_none}};
  }
  return j;
}

ordered_json BudgetJson(const domain::Budget& b) {
  ordered_json j = {{"section", b.section},
                    {"program", Opt(b.program)},
                    {"raw", b.raw},
                    {"total_vnd", b.total_vnd},
                    {"investment_vnd", Opt(b.investment_vnd)},
                    {"recurrent_vnd", Opt(b.recurrent_vnd)},
                    {"source", Opt(b.source)},
                    {"span", SpanJson(b.span)}};
  // Issue 19: money to raise, written only for it (an allocated line keeps its old JSON).
  if (b.kind != domain::BudgetKind::kAllocated) {
    j["kind"] = domain::BudgetKindName(b.kind);
    j["fund"] = Opt(b.fund);
  }
  if (b.part_of) j["part_of"] = *b.part_of;
  return j;
}

ordered_json DeadlineJson(const domain::Deadline& dl) {
  ordered_json j = {{"section", dl.section},         {"raw", dl.raw},
                    {"due", Date(dl.due)},           {"what", dl.what},
                    {"responsible", dl.responsible}, {"span", SpanJson(dl.span)}};
  // Issue 19: a recurring deadline (due null), written only when it recurs.
  if (dl.recurs) j["recurs"] = domain::FrequencyName(*dl.recurs);
  if (dl.day_of_month) j["day_of_month"] = *dl.day_of_month;
  return j;
}

ordered_json ReportingJson(const domain::ReportingRule& r) {
  return {{"raw", r.raw},
          {"report", r.report},
          {"frequency", domain::FrequencyName(r.frequency)},
          {"due", Date(r.due)},
          {"day_of_month", Opt(r.day_of_month)},
          {"from", r.from},
          {"to", r.to},
          {"span", SpanJson(r.span)},
          {"section", r.section},
          {"from_units", r.from_units},
          {"last_month_of_quarter", r.last_month_of_quarter},
          {"rule", r.decree09 ? "decree09" : "fixed"},
          {"working_days_after_cutoff", Opt(r.working_days)}};
}

ordered_json DiagnosticJson(const core::Diagnostic& diag) {
  return {{"severity", core::SeverityName(diag.severity)},
          {"code", diag.code},
          {"message", diag.message},
          {"span", SpanJson(diag.span)}};
}

ordered_json DocumentJson(const domain::DocumentInfo& d) {
  ordered_json doc;
  doc["type"] = Opt(d.type);
  doc["number"] = Opt(d.number);
  doc["issued_date"] = Date(d.issued_date);
  doc["place"] = Opt(d.place);
  doc["issuer"] = Opt(d.issuer);
  doc["signer"] = Opt(d.signer);
  doc["signer_title"] = Opt(d.signer_title);
  doc["year"] = Opt(d.year);
  if (d.period) doc["period"] = {{"from", d.period->from}, {"to", d.period->to}};
  doc["title"] = Opt(d.title);
  doc["legal_bases"] = d.legal_bases;
  doc["articles"] = ordered_json::array();
  for (const auto& a : d.articles)
    doc["articles"].push_back({{"number", a.number}, {"text", a.text}, {"span", SpanJson(a.span)}});
  doc["recipients"] = d.recipients;
  return doc;
}

ordered_json PlanToJson(const domain::PlanDraft& plan, const SourceInfo& source) {
  ordered_json j;
  j["format"] = "workplan.plan/1";
  j["source"] = {{"file", source.file}, {"bytes", source.bytes}, {"sha256", source.sha256}};
  j["document"] = DocumentJson(plan.document);
  auto list = [&](const char* key, const auto& items, auto&& fn) {
    j[key] = ordered_json::array();
    for (const auto& x : items) j[key].push_back(fn(x));
  };
  list("sections", plan.sections, [](const domain::Section& s) { return SectionJson(s, true); });
  list("targets", plan.targets, TargetJson);
  list("budgets", plan.budgets, BudgetJson);
  list("deadlines", plan.deadlines, DeadlineJson);
  list("reporting", plan.reporting, ReportingJson);
  j["units"] = ordered_json::array();
  for (const auto& u : plan.units) {
    ordered_json unit = {{"name", u.name}, {"mentions", u.mentions}};
    if (!u.variants.empty()) unit["variants"] = u.variants;
    j["units"].push_back(std::move(unit));
  }
  list("diagnostics", plan.diagnostics, DiagnosticJson);
  return j;
}

}  // namespace wp::api
