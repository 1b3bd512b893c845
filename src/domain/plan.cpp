#include "domain/plan.hpp"

namespace wp::domain {

const char* ComparatorName(Comparator c) {
  switch (c) {
    case Comparator::kEq:
      return "eq";
    case Comparator::kMin:
      return "min";
    case Comparator::kMax:
      return "max";
    case Comparator::kDecreaseBy:
      return "decrease_by";
    case Comparator::kIncreaseBy:
      return "increase_by";
  }
  return "eq";
}

const char* FrequencyName(Frequency f) {
  switch (f) {
    case Frequency::kOnce:
      return "once";
    case Frequency::kMonthly:
      return "monthly";
    case Frequency::kQuarterly:
      return "quarterly";
    case Frequency::kSemiannual:
      return "semiannual";
    case Frequency::kAnnual:
      return "annual";
  }
  return "once";
}

std::optional<Comparator> ParseComparator(std::string_view s) {
  for (auto c : {Comparator::kEq, Comparator::kMin, Comparator::kMax, Comparator::kDecreaseBy,
                 Comparator::kIncreaseBy}) {
    if (s == ComparatorName(c)) return c;
  }
  return std::nullopt;
}

std::optional<Frequency> ParseFrequency(std::string_view s) {
  for (auto f : {Frequency::kOnce, Frequency::kMonthly, Frequency::kQuarterly,
                 Frequency::kSemiannual, Frequency::kAnnual}) {
    if (s == FrequencyName(f)) return f;
  }
  return std::nullopt;
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
