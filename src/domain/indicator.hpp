#pragma once
// What a target measures (issue 16): an indicator of the issuer's catalogue, kept across years so
// that 2012's and 2013's "tạo việc làm" are one indicator and last year compares like with like.
// The catalogue says how the indicator adds up across units and months, which direction is
// better, and who reports it when the decision does not say. Pure data and pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "domain/plan.hpp"

namespace wp::domain {

// How the units' and the months' values of an indicator make the whole: a sum ("số người được tạo
// việc làm"), a ratio of two sums (unemployment = unemployed / labour force × 100, never a mean of
// the provinces' rates), a mean, or the last value reported (a stock such as "số hộ nghèo").
enum class Aggregation { kSum, kRatio, kMean, kLast };
const char* AggregationName(Aggregation a);  // "sum", "ratio", "mean", "last"
std::optional<Aggregation> ParseAggregation(std::string_view s);

enum class Better { kHigher, kLower };
const char* BetterName(Better b);  // "higher", "lower"
std::optional<Better> ParseBetter(std::string_view s);

struct Indicator {
  int64_t id = 0;  // the store's; 0 before stored
  std::string
      issuer_key;    // text::FoldKey of the issuing body ("bo lao dong - thuong binh va xa hoi")
  std::string code;  // stable within the issuer: "viec_lam", "that_nghiep_tt"
  std::string name;  // as a person says it: "Số người được tạo việc làm"
  std::string unit;  // the targets' canonical unit: "người", "%", "đồng"
  Aggregation aggregation = Aggregation::kSum;
  std::string numerator_code, denominator_code;  // aggregation kRatio: the two summed indicators
  std::optional<core::Decimal> ratio_scale;      // kRatio: 100 for a percentage
  Better better = Better::kHigher;
  std::optional<ReporterGroup> default_reporters;  // who reports it when the decision is silent
  std::string default_consolidator;                // a unit code; "" none
  std::vector<std::string> aliases;  // phrases a decision uses for it ("giải quyết việc làm")
};

}  // namespace wp::domain
