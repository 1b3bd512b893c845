#pragma once
// The public JSON contract of `workplan parse --json` ("workplan.plan/1",
// ../shared/docs/plan-json.md): field names and shapes are a promise to other tools.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/plan.hpp"

namespace wp::app {

struct SourceInfo {
  std::string file;  // as given on the command line; "-" for standard input
  uint64_t bytes = 0;
  std::string sha256;  // lower-case hex
};

nlohmann::ordered_json PlanToJson(const domain::PlanDraft& plan, const SourceInfo& source);

}  // namespace wp::app
