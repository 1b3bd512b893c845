#pragma once
// The binder's passes and the state they share. Internal to ingest.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "doc/document.hpp"
#include "domain/indicator.hpp"
#include "domain/plan.hpp"
#include "ingest/units.hpp"

namespace wp::ingest {

// What the quantities pass saw around a target that later passes need (one per plan target).
struct TargetContext {
  size_t block = 0;  // the block it was read from
  std::string unit_phrase;  // what is counted, as written after the number ("người đi làm việc …")
  // The project a "+ Dự án …" bullet (or its parent) names, or the heading before a colon
  // ("Cơ cấu lao động"); "" none. `project` tells which.
  std::string qualifier;
  bool project = false;
  int growth_of = -1;  // "(tăng X% so với thực hiện năm N)" right after target growth_of
};

struct Context {
  Context(const doc::Document& d, const std::vector<domain::UnitName>& names);

  void Diag(core::Severity severity, std::string code, std::string message, std::string_view where);
  // Section index of a block (-1 for the preamble before the first part or item).
  int SectionOf(size_t block) const { return block_section[block]; }
  const std::string& SectionNumber(size_t block) const {
    static const std::string kNone;
    int s = block_section[block];
    return s < 0 ? kNone : plan.sections[static_cast<size_t>(s)].number;
  }

  // The sentences of a block's text, split once and shared by every pass.
  const std::vector<std::string_view>& SentencesOf(size_t block) const { return sentences[block]; }

  const doc::Document& doc;
  UnitReader units;
  const std::vector<domain::UnitName>& units_known;
  domain::PlanDraft plan;
  std::vector<int> block_section;
  std::vector<std::vector<std::string_view>> sentences;  // per block
  int year = 0;                        // the program year, for dates written without one
  std::vector<long> budget_raw_begin;  // per budget: offset in doc.text() where its raw text starts
  std::vector<TargetContext> target_context;      // per plan.targets
  std::span<const domain::Indicator> indicators;  // the issuer's catalogue (may be empty)
};

void BindMetadata(Context& cx);
void BindSections(Context& cx);
void BindQuantities(Context& cx);  // targets and budgets
void BindSchedule(Context& cx);    // deadlines and the reporting regime
void BindUnits(Context& cx);
void BindIndicators(Context& cx);    // indicator_code from the catalogue (after quantities)
void BindRestatements(Context& cx);  // mention_of: restatements and growth notes
// One target per catalogue indicator (after restatements): of two distinct targets naming one
// indicator, the one named most like it keeps it, the other is left for an indicator of its own.
void BindOneTargetPerIndicator(Context& cx);
// A rate adding up as a ratio of sums gets its numerator and denominator as component targets
// (last: after the reporters, whose rate's rows they follow).
void BindComponents(Context& cx);
void BindReporters(Context& cx);  // who reports each target (after restatements)

}  // namespace wp::ingest
