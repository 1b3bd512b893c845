#include "app/plan_json.hpp"

namespace wp::app {
namespace {

using nlohmann::ordered_json;

ordered_json Span(const core::SourceSpan& s) {
  return ordered_json{
      {"line", s.line}, {"column", s.column}, {"offset", s.offset}, {"length", s.length}};
}

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

ordered_json PlanToJson(const domain::PlanDraft& plan, const SourceInfo& source) {
  ordered_json j;
  j["format"] = "workplan.plan/1";
  j["source"] = {{"file", source.file}, {"bytes", source.bytes}, {"sha256", source.sha256}};

  const auto& d = plan.document;
  ordered_json doc;
  doc["type"] = Opt(d.type);
  doc["number"] = Opt(d.number);
  doc["issued_date"] = Date(d.issued_date);
  doc["place"] = Opt(d.place);
  doc["issuer"] = Opt(d.issuer);
  doc["signer"] = Opt(d.signer);
  doc["signer_title"] = Opt(d.signer_title);
  doc["year"] = Opt(d.year);
  doc["title"] = Opt(d.title);
  doc["legal_bases"] = d.legal_bases;
  doc["articles"] = ordered_json::array();
  for (const auto& a : d.articles)
    doc["articles"].push_back({{"number", a.number}, {"text", a.text}, {"span", Span(a.span)}});
  doc["recipients"] = d.recipients;
  j["document"] = std::move(doc);

  j["sections"] = ordered_json::array();
  for (const auto& s : plan.sections) {
    ordered_json tasks = ordered_json::array();
    for (const auto& t : s.tasks) {
      tasks.push_back({{"text", t.text},
                       {"span", Span(t.span)},
                       {"kind", t.kind},
                       {"lead_units", t.lead_units},
                       {"coordinating_units", t.coordinating_units},
                       {"leads_inherited", t.leads_inherited},
                       {"details", t.details}});
    }
    j["sections"].push_back(
        {{"number", s.number},
         {"title", s.title},
         {"lead_units", s.lead_units},
         {"coordinating_units", s.coordinating_units},
         {"tasks", std::move(tasks)},
         {"span", Span(s.span)},
         {"parent", s.parent.empty() ? ordered_json(nullptr) : ordered_json(s.parent)},
         {"depth", s.depth},
         {"leads_inherited", s.leads_inherited}});
  }

  j["targets"] = ordered_json::array();
  for (const auto& t : plan.targets) {
    j["targets"].push_back({{"section", t.section},
                            {"indicator", t.indicator},
                            {"raw", t.raw},
                            {"value", Number(t.value)},
                            {"unit", t.unit},
                            {"comparator", domain::ComparatorName(t.comparator)},
                            {"parent", Opt(t.parent)},
                            {"span", Span(t.span)},
                            {"approximate", t.approximate},
                            {"restates", Opt(t.restates)}});
  }

  j["budgets"] = ordered_json::array();
  for (const auto& b : plan.budgets) {
    j["budgets"].push_back({{"section", b.section},
                            {"program", Opt(b.program)},
                            {"raw", b.raw},
                            {"total_vnd", b.total_vnd},
                            {"investment_vnd", Opt(b.investment_vnd)},
                            {"recurrent_vnd", Opt(b.recurrent_vnd)},
                            {"source", Opt(b.source)},
                            {"span", Span(b.span)}});
  }

  j["deadlines"] = ordered_json::array();
  for (const auto& dl : plan.deadlines) {
    j["deadlines"].push_back({{"section", dl.section},
                              {"raw", dl.raw},
                              {"due", Date(dl.due)},
                              {"what", dl.what},
                              {"responsible", dl.responsible},
                              {"span", Span(dl.span)}});
  }

  j["reporting"] = ordered_json::array();
  for (const auto& r : plan.reporting) {
    j["reporting"].push_back({{"raw", r.raw},
                              {"report", r.report},
                              {"frequency", domain::FrequencyName(r.frequency)},
                              {"due", Date(r.due)},
                              {"day_of_month", Opt(r.day_of_month)},
                              {"from", r.from},
                              {"to", r.to},
                              {"span", Span(r.span)},
                              {"section", r.section},
                              {"from_units", r.from_units},
                              {"last_month_of_quarter", r.last_month_of_quarter}});
  }

  j["units"] = ordered_json::array();
  for (const auto& u : plan.units) {
    ordered_json unit = {{"name", u.name}, {"mentions", u.mentions}};
    if (!u.variants.empty()) unit["variants"] = u.variants;
    j["units"].push_back(std::move(unit));
  }

  j["diagnostics"] = ordered_json::array();
  for (const auto& diag : plan.diagnostics) {
    j["diagnostics"].push_back({{"severity", core::SeverityName(diag.severity)},
                                {"code", diag.code},
                                {"message", diag.message},
                                {"span", Span(diag.span)}});
  }
  return j;
}

}  // namespace wp::app
