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

}  // namespace wp::domain
