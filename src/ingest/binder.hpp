#pragma once
// The binder: turns the syntax tree of a work-program decision (doc::Document) into a plan
// draft (domain::PlanDraft) — metadata, sections with their lead and coordinating units,
// tasks, targets, budgets, deadlines, the reporting regime, the units named — and reports
// what it could not read as diagnostics instead of guessing. Like a SQL binder, it is where
// the words get their meaning; the parser (doc) only knows the shape of the text.

#include <span>
#include <vector>

#include "doc/document.hpp"
#include "domain/indicator.hpp"
#include "domain/plan.hpp"
#include "domain/unit_names.hpp"

namespace wp::ingest {

struct BindOptions {
  // Names that help find where a unit name ends inside a sentence. Defaults to MOLISA's.
  const std::vector<domain::UnitName>* unit_names = nullptr;
  // The issuing body's indicator catalogue (domain::ParseIndicatorCatalogue of its file, or the
  // store's). With it each target gets the `indicator_code` it measures, a restatement is
  // recognised by the indicator both mentions name (II.3.1 "đưa 90.000 người đi làm việc ở
  // nước ngoài" = I.1 "xuất khẩu lao động 90 ngàn người"), and a target without leads takes the
  // indicator's default reporters. Empty: names alone decide, no indicator codes. The caller
  // keeps the catalogue alive during Bind.
  std::span<const domain::Indicator> indicators;
};

// Never fails: whatever cannot be read becomes a diagnostic. The document's own parse
// diagnostics are carried over.
domain::PlanDraft Bind(const doc::Document& document, const BindOptions& options = {});

}  // namespace wp::ingest
