#pragma once
// The readable Vietnamese summary of a parsed plan that `workplan parse FILE` prints: counts,
// the targets table, budgets, the lead units of each item, deadlines, the reporting regime and
// the diagnostics.

#include <string>

#include "api/plan_json.hpp"
#include "domain/plan.hpp"

namespace wp::app {

std::string RenderSummary(const domain::PlanDraft& plan, const api::SourceInfo& source);

// Pads or cuts `s` to `width` characters (code points), cutting with "…".
std::string Fit(std::string_view s, size_t width);

}  // namespace wp::app
