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
  const auto& number = plan.sections.at(section_index).number;
  size_t occurrence = 1;
  for (size_t i = 0; i < section_index; ++i) occurrence += plan.sections[i].number == number;
  std::string id = number;
  if (occurrence > 1) id += "~" + std::to_string(occurrence);
  return id + "#" + std::to_string(task_index + 1);
}

}  // namespace wp::domain
