#pragma once
// The public JSON contract of `workplan parse --json` ("workplan.plan/1",
// ../shared/docs/plan-json.md): field names and shapes are a promise to other tools.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/plan.hpp"

namespace wp::api {

struct SourceInfo {
  std::string file;  // as given on the command line; "-" for standard input
  uint64_t bytes = 0;
  std::string sha256;  // lower-case hex
};

nlohmann::ordered_json PlanToJson(const domain::PlanDraft& plan, const SourceInfo& source);

// The pieces of the contract, also used by the HTTP API so that a target read from
// /api/v1/programs/{id}/targets has the fields it has in `workplan parse --json`.
nlohmann::ordered_json SpanJson(const core::SourceSpan& s);
nlohmann::ordered_json DocumentJson(const domain::DocumentInfo& d);
nlohmann::ordered_json SectionJson(const domain::Section& s, bool with_tasks);
nlohmann::ordered_json TaskJson(const domain::Task& t);
nlohmann::ordered_json TargetJson(const domain::Target& t);
nlohmann::ordered_json BudgetJson(const domain::Budget& b);
nlohmann::ordered_json DeadlineJson(const domain::Deadline& dl);
nlohmann::ordered_json ReportingJson(const domain::ReportingRule& r);
nlohmann::ordered_json DiagnosticJson(const core::Diagnostic& d);

}  // namespace wp::api
