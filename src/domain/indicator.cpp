#include "domain/indicator.hpp"

#include <array>

#include "core/enum_names.hpp"

namespace wp::domain {

namespace {
constexpr std::array kAggregationNames{"sum", "ratio", "mean", "last"};
constexpr std::array kBetterNames{"higher", "lower"};
}  // namespace

const char* AggregationName(Aggregation a) { return core::NameIn(kAggregationNames, a); }
std::optional<Aggregation> ParseAggregation(std::string_view s) {
  return core::ValueIn<Aggregation>(kAggregationNames, s);
}
const char* BetterName(Better b) { return core::NameIn(kBetterNames, b); }
std::optional<Better> ParseBetter(std::string_view s) {
  return core::ValueIn<Better>(kBetterNames, s);
}

}  // namespace wp::domain
