#pragma once
// What a target measures (issue 16): an indicator of the issuer's catalogue, kept across years so
// that 2012's and 2013's "tạo việc làm" are one indicator and last year compares like with like.
// The catalogue says how the indicator adds up across units and months, which direction is
// better, and who reports it when the decision does not say. Pure data and pure functions.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/error.hpp"
#include "core/span.hpp"
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
  // How the Ministry's report words its result (issue 17): "tạo việc làm cho {value}", "tỷ lệ
  // thất nghiệp khu vực thành thị {ước} {value}"; "" for "{name}: {value}".
  std::string sentence;
};

// The marks of an indicator's sentence: where the figure goes, and where "ước" goes for an
// estimate (without it, "Ước" leads the sentence).
inline constexpr const char* kValueMark = "{value}";
inline constexpr const char* kEstimateMark = "{ước}";
// A wording a sentence can be made from: "{value}" once, "{ước}" at most once, no other "{".
bool IsSentenceWording(std::string_view wording);

// Reads an issuer's catalogue (`data/indicators/molisa.csv`): a header line, then one indicator a
// line, ten or eleven columns separated by ';':
//   code;name;unit;aggregation;numerator;denominator;better;reporters;consolidator;aliases;sentence
// aggregation sum|ratio|mean|last (ratio names its numerator and denominator, codes of the same
// file; a ratio in "%" is scaled by 100); better higher|lower; reporters ""|province|department;
// consolidator a unit code or ""; aliases separated by '|'; sentence "" or a wording
// (IsSentenceWording). Blank lines and lines starting with
// '#' are skipped. Every indicator gets `issuer_key`. Fails with bad_indicator_catalogue and a
// Vietnamese message naming the line ("dòng 7: …") on a wrong column count, an unknown
// aggregation/better/reporters value, a code twice, a ratio without its parts, or a file above
// 1 MiB / 5 000 indicators.
core::Result<std::vector<Indicator>> ParseIndicatorCatalogue(std::string_view csv,
                                                             std::string_view issuer_key);

// Which catalogue indicator a phrase of a decision names is read where text folding lives:
// ingest::MatchIndicator (ingest/indicators.hpp); domain stays free of text handling.

// How a target stated more than once is to be met (issue 16): I.1 "Tỷ lệ thất nghiệp khu vực
// thành thị 4,3%" (eq) and II.2.1 "giảm … dưới 4,3%" (max) are one target with a ceiling. An
// explicit comparator (max, min, decrease_by, increase_by) beats eq; two explicit ones that differ
// keep the primary's (the first mention) and say so in `conflict` (a warning for review, code
// "comparator_conflict").
struct ComparatorChoice {
  Comparator comparator = Comparator::kEq;
  std::optional<core::Diagnostic> conflict;
};
// `comparators[0]` is the primary's, the rest its mentions' in order; `spans` (same length, or
// empty) place the conflict's diagnostic.
ComparatorChoice MostExplicit(std::span<const Comparator> comparators,
                              std::span<const core::SourceSpan> spans = {});
// Over a plan's targets: the primary `primary` (a position in `targets`) and every restated
// mention of it (`mention_of == primary`, `mention_kind == kRestated`; growth notes are not
// comparators of the target).
ComparatorChoice MostExplicit(std::span<const Target> targets, size_t primary);

// Where a figure stands against a target written as a range ("1,7 – 2%", "30% - 40%"): below the
// lower bound it is not reached, within the range reached, above the upper bound exceeded. For a
// decrease_by target the figure is the fall achieved, read the same way.
enum class RangeStanding { kBelow, kWithin, kAbove };
const char* RangeStandingName(RangeStanding s);  // "below", "within", "above"
RangeStanding StandingIn(const Range& range, const core::Decimal& figure);
// -1, 0, 1 as a < b, a == b, a > b; exact (no doubles).
int CompareDecimal(const core::Decimal& a, const core::Decimal& b);

}  // namespace wp::domain
