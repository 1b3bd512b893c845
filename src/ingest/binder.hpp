#pragma once
// The binder: turns the syntax tree of a work-program decision (doc::Document) into a plan
// draft (domain::PlanDraft) — metadata, sections with their lead and coordinating units,
// tasks, targets, budgets, deadlines, the reporting regime, the units named — and reports
// what it could not read as diagnostics instead of guessing. Like a SQL binder, it is where
// the words get their meaning; the parser (doc) only knows the shape of the text.

#include <vector>

#include "doc/document.hpp"
#include "domain/plan.hpp"
#include "domain/unit_names.hpp"

namespace wp::ingest {

struct BindOptions {
  // Names that help find where a unit name ends inside a sentence. Defaults to MOLISA's.
  const std::vector<domain::UnitName>* unit_names = nullptr;
};

// Never fails: whatever cannot be read becomes a diagnostic. The document's own parse
// diagnostics are carried over.
domain::PlanDraft Bind(const doc::Document& document, const BindOptions& options = {});

}  // namespace wp::ingest
