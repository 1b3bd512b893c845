#include "domain/plan.hpp"

#include <array>

#include "core/enum_names.hpp"

namespace wp::domain {

namespace {
constexpr std::array kComparatorNames{"eq", "min", "max", "decrease_by", "increase_by"};
constexpr std::array kFrequencyNames{"once", "monthly", "quarterly", "semiannual", "annual"};
constexpr std::array kMentionKindNames{"restated", "growth"};
constexpr std::array kTargetRoleNames{"target", "component"};
constexpr std::array kReporterGroupNames{"province", "department"};
constexpr std::array kBudgetKindNames{"allocated", "mobilised"};
}  // namespace

const char* ComparatorName(Comparator c) { return core::NameIn(kComparatorNames, c); }

const char* BudgetKindName(BudgetKind k) { return core::NameIn(kBudgetKindNames, k); }

const char* FrequencyName(Frequency f) { return core::NameIn(kFrequencyNames, f); }

std::optional<Comparator> ParseComparator(std::string_view s) {
  return core::ValueIn<Comparator>(kComparatorNames, s);
}

std::optional<Frequency> ParseFrequency(std::string_view s) {
  return core::ValueIn<Frequency>(kFrequencyNames, s);
}

const char* MentionKindName(MentionKind k) { return core::NameIn(kMentionKindNames, k); }
std::optional<MentionKind> ParseMentionKind(std::string_view s) {
  return core::ValueIn<MentionKind>(kMentionKindNames, s);
}

const char* TargetRoleName(TargetRole r) { return core::NameIn(kTargetRoleNames, r); }
std::optional<TargetRole> ParseTargetRole(std::string_view s) {
  return core::ValueIn<TargetRole>(kTargetRoleNames, s);
}

const char* ReporterGroupName(ReporterGroup g) { return core::NameIn(kReporterGroupNames, g); }
std::optional<ReporterGroup> ParseReporterGroup(std::string_view s) {
  return core::ValueIn<ReporterGroup>(kReporterGroupNames, s);
}

std::string TaskId(const PlanDraft& plan, size_t section_index, size_t task_index) {
  return SectionKey(plan, plan.sections.at(section_index)) + "#" + std::to_string(task_index + 1);
}

const Section* SectionOf(const PlanDraft& plan, std::string_view number,
                         const core::SourceSpan& at) {
  const Section* found = nullptr;
  for (const auto& s : plan.sections) {
    if (s.number != number) continue;
    if (!found || s.span.offset <= at.offset) found = &s;
  }
  return found;
}

std::string SectionKey(const PlanDraft& plan, const Section& section) {
  size_t occurrence = 1;
  for (const auto* s = plan.sections.data(); s != &section; ++s) {
    occurrence += s->number == section.number;
  }
  std::string key = section.number;
  if (occurrence > 1) key += "~" + std::to_string(occurrence);
  return key;
}

}  // namespace wp::domain
