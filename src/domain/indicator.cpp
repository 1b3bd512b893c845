#include "domain/indicator.hpp"

#include <algorithm>
#include <array>

#include "core/enum_names.hpp"
#include "core/lines.hpp"
#include "core/utf8.hpp"

namespace wp::domain {

namespace {
constexpr std::array kAggregationNames{"sum", "ratio", "mean", "last"};
constexpr std::array kBetterNames{"higher", "lower"};
constexpr std::array kRangeStandingNames{"below", "within", "above"};

constexpr size_t kMaxCatalogueBytes = 1u << 20;
constexpr size_t kMaxIndicators = 5000;
constexpr size_t kMaxAliases = 50;
constexpr size_t kMaxTextBytes = 400;
constexpr size_t kColumns = 10;
constexpr size_t kColumnsWithSentence = 11;  // the sentence column may be left out

core::Error CatalogueError(size_t line, const std::string& what) {
  std::string where = line > 0 ? "dòng " + std::to_string(line) + ": " : std::string();
  return core::MakeError(core::ErrorCode::kInvalidArgument, "bad_indicator_catalogue",
                         "Danh mục chỉ tiêu, " + where + what);
}

bool IsCode(std::string_view s, bool upper) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [upper](char c) {
    return (c >= '0' && c <= '9') || c == '_' ||
           (upper ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z'));
  });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(Trim(s.substr(start, at == std::string_view::npos ? at : at - start)));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

bool IsExplicit(Comparator c) { return c != Comparator::kEq; }

}  // namespace

const char* AggregationName(Aggregation a) { return core::NameIn(kAggregationNames, a); }
std::optional<Aggregation> ParseAggregation(std::string_view s) {
  return core::ValueIn<Aggregation>(kAggregationNames, s);
}
const char* BetterName(Better b) { return core::NameIn(kBetterNames, b); }
std::optional<Better> ParseBetter(std::string_view s) {
  return core::ValueIn<Better>(kBetterNames, s);
}

bool IsSentenceWording(std::string_view wording) {
  auto count = [&](std::string_view mark) {
    size_t n = 0;
    for (auto at = wording.find(mark); at != std::string_view::npos;
         at = wording.find(mark, at + mark.size())) {
      ++n;
    }
    return n;
  };
  const size_t values = count(kValueMark), estimates = count(kEstimateMark);
  return values == 1 && estimates <= 1 && count("{") == values + estimates;
}

core::Result<std::vector<Indicator>> ParseIndicatorCatalogue(std::string_view csv,
                                                             std::string_view issuer_key) {
  if (csv.size() > kMaxCatalogueBytes) {
    return tl::unexpected(
        CatalogueError(0, "tệp quá lớn (" + std::to_string(csv.size()) + " byte; tối đa 1 MiB)"));
  }
  if (auto bad = core::FindInvalidUtf8(csv)) {
    return tl::unexpected(
        CatalogueError(0, "không phải văn bản UTF-8 (byte " + std::to_string(*bad) + ")"));
  }
  std::vector<Indicator> out;
  std::vector<size_t> line_of;
  core::LineReader lines(csv);
  std::string_view line;
  bool header = true;
  while (lines.Next(line)) {
    const size_t n = lines.line_no();
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.starts_with("#")) continue;
    if (header) {  // the first line names the columns
      header = false;
      if (trimmed.starts_with("code;")) continue;
      return tl::unexpected(CatalogueError(
          n,
          "dòng đầu phải là tên cột "
          "\"code;name;unit;aggregation;numerator;denominator;better;reporters;consolidator;"
          "aliases;sentence\""));
    }
    if (out.size() >= kMaxIndicators) {
      return tl::unexpected(
          CatalogueError(n, "quá nhiều chỉ tiêu (tối đa " + std::to_string(kMaxIndicators) + ")"));
    }
    auto cells = SplitOn(line, ';');
    if (cells.size() != kColumns && cells.size() != kColumnsWithSentence) {
      return tl::unexpected(CatalogueError(
          n, "cần " + std::to_string(kColumns) + " hoặc " + std::to_string(kColumnsWithSentence) +
                 " cột cách nhau bởi dấu chấm phẩy, có " + std::to_string(cells.size())));
    }
    for (size_t k = 0; k < cells.size(); ++k) {
      if (k == 9) continue;  // aliases: each checked below
      if (cells[k].size() > kMaxTextBytes) {
        return tl::unexpected(CatalogueError(n, "cột " + std::to_string(k + 1) +
                                                    " quá dài (tối đa " +
                                                    std::to_string(kMaxTextBytes) + " byte)"));
      }
    }
    Indicator ind;
    ind.issuer_key = std::string(issuer_key);
    ind.code = std::string(cells[0]);
    if (!IsCode(ind.code, false)) {
      return tl::unexpected(CatalogueError(
          n, "mã chỉ tiêu \"" + ind.code + "\" không hợp lệ (chữ thường không dấu, số, dấu _)"));
    }
    for (size_t k = 0; k < out.size(); ++k) {
      if (out[k].code == ind.code) {
        return tl::unexpected(CatalogueError(
            n, "mã chỉ tiêu \"" + ind.code + "\" trùng với dòng " + std::to_string(line_of[k])));
      }
    }
    ind.name = std::string(cells[1]);
    if (ind.name.empty()) return tl::unexpected(CatalogueError(n, "thiếu tên chỉ tiêu"));
    ind.unit = std::string(cells[2]);
    if (ind.unit.empty()) {
      return tl::unexpected(CatalogueError(n, "thiếu đơn vị tính của \"" + ind.name + "\""));
    }
    auto agg = ParseAggregation(cells[3]);
    if (!agg) {
      return tl::unexpected(CatalogueError(n, "cách tổng hợp \"" + std::string(cells[3]) +
                                                  "\" không hợp lệ (sum, ratio, mean, last)"));
    }
    ind.aggregation = *agg;
    ind.numerator_code = std::string(cells[4]);
    ind.denominator_code = std::string(cells[5]);
    if (ind.aggregation == Aggregation::kRatio) {
      if (ind.numerator_code.empty() || ind.denominator_code.empty()) {
        return tl::unexpected(
            CatalogueError(n, "chỉ tiêu tỷ lệ \"" + ind.code + "\" cần mã tử số và mẫu số"));
      }
      if (ind.unit == "%") ind.ratio_scale = core::Decimal{100, 0};
    } else if (!ind.numerator_code.empty() || !ind.denominator_code.empty()) {
      return tl::unexpected(
          CatalogueError(n, "chỉ có chỉ tiêu tỷ lệ (ratio) mới có tử số và mẫu số"));
    }
    auto better = ParseBetter(cells[6]);
    if (!better) {
      return tl::unexpected(CatalogueError(
          n, "chiều tốt \"" + std::string(cells[6]) + "\" không hợp lệ (higher, lower)"));
    }
    ind.better = *better;
    if (!cells[7].empty()) {
      auto group = ParseReporterGroup(cells[7]);
      if (!group) {
        return tl::unexpected(CatalogueError(n, "nhóm báo cáo \"" + std::string(cells[7]) +
                                                    "\" không hợp lệ (province, department)"));
      }
      ind.default_reporters = *group;
    }
    ind.default_consolidator = std::string(cells[8]);
    if (!ind.default_consolidator.empty() && !IsCode(ind.default_consolidator, true)) {
      return tl::unexpected(CatalogueError(
          n, "mã đơn vị tổng hợp \"" + ind.default_consolidator + "\" không hợp lệ"));
    }
    if (!cells[9].empty()) {
      for (std::string_view a : SplitOn(cells[9], '|')) {
        if (a.empty()) return tl::unexpected(CatalogueError(n, "tên gọi khác rỗng"));
        if (a.size() > kMaxTextBytes)
          return tl::unexpected(CatalogueError(n, "tên gọi khác quá dài"));
        ind.aliases.emplace_back(a);
      }
      if (ind.aliases.size() > kMaxAliases) {
        return tl::unexpected(CatalogueError(
            n, "quá nhiều tên gọi khác (tối đa " + std::to_string(kMaxAliases) + ")"));
      }
    }
    if (cells.size() == kColumnsWithSentence && !cells[10].empty()) {
      if (!IsSentenceWording(cells[10])) {
        return tl::unexpected(
            CatalogueError(n, "câu báo cáo \"" + std::string(cells[10]) +
                                  "\" phải có đúng một chỗ {value} (và nhiều nhất một chỗ {ước})"));
      }
      ind.sentence = std::string(cells[10]);
    }
    out.push_back(std::move(ind));
    line_of.push_back(n);
  }
  // A ratio's parts are indicators of the same file, counted as sums.
  for (size_t k = 0; k < out.size(); ++k) {
    const Indicator& ind = out[k];
    if (ind.aggregation != Aggregation::kRatio) continue;
    for (const std::string& part : {ind.numerator_code, ind.denominator_code}) {
      auto it =
          std::find_if(out.begin(), out.end(), [&](const Indicator& o) { return o.code == part; });
      if (it == out.end()) {
        return tl::unexpected(CatalogueError(
            line_of[k],
            "thành phần \"" + part + "\" của tỷ lệ \"" + ind.code + "\" không có trong danh mục"));
      }
      if (it->aggregation != Aggregation::kSum) {
        return tl::unexpected(CatalogueError(
            line_of[k],
            "thành phần \"" + part + "\" của tỷ lệ \"" + ind.code + "\" phải là tổng (sum)"));
      }
    }
  }
  return out;
}

ComparatorChoice MostExplicit(std::span<const Comparator> comparators,
                              std::span<const core::SourceSpan> spans) {
  ComparatorChoice choice;
  if (comparators.empty()) return choice;
  choice.comparator = comparators[0];
  for (size_t i = 1; i < comparators.size(); ++i) {
    Comparator c = comparators[i];
    if (!IsExplicit(c) || c == choice.comparator) continue;
    if (!IsExplicit(choice.comparator)) {
      choice.comparator = c;
      continue;
    }
    if (choice.conflict) continue;
    core::Diagnostic d;
    d.severity = core::Severity::kWarning;
    d.code = "comparator_conflict";
    d.message = std::string("Chỉ tiêu được nêu với hai cách so sánh khác nhau (") +
                ComparatorName(choice.comparator) + " và " + ComparatorName(c) +
                "); giữ cách của lần nêu đầu tiên, cần xem lại";
    if (i < spans.size()) d.span = spans[i];
    choice.conflict = std::move(d);
  }
  return choice;
}

ComparatorChoice MostExplicit(std::span<const Target> targets, size_t primary) {
  std::vector<Comparator> cs;
  std::vector<core::SourceSpan> spans;
  if (primary >= targets.size()) return {};
  cs.push_back(targets[primary].comparator);
  spans.push_back(targets[primary].span);
  for (const Target& t : targets) {
    if (t.mention_of && static_cast<size_t>(*t.mention_of) == primary &&
        t.mention_kind == MentionKind::kRestated) {
      cs.push_back(t.comparator);
      spans.push_back(t.span);
    }
  }
  return MostExplicit(cs, spans);
}

const char* RangeStandingName(RangeStanding s) { return core::NameIn(kRangeStandingNames, s); }

int CompareDecimal(const core::Decimal& a, const core::Decimal& b) {
  // Both to the larger scale in 128 bits: 18 digits of mantissa times 10^18 still fits.
  __extension__ typedef __int128 Wide;
  Wide x = a.mantissa, y = b.mantissa;
  for (int i = a.scale; i < b.scale; ++i) x *= 10;
  for (int i = b.scale; i < a.scale; ++i) y *= 10;
  return x < y ? -1 : (x > y ? 1 : 0);
}

RangeStanding StandingIn(const Range& range, const core::Decimal& figure) {
  if (CompareDecimal(figure, range.lower) < 0) return RangeStanding::kBelow;
  if (CompareDecimal(figure, range.upper) > 0) return RangeStanding::kAbove;
  return RangeStanding::kWithin;
}

}  // namespace wp::domain
