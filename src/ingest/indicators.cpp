// Indicators: which indicator of the issuer's catalogue each target measures (issue 16), so that
// a target written twice, or again next year, is known as one.

#include "ingest/indicators.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ingest/passes.hpp"
#include "ingest/words.hpp"
#include "text/fold.hpp"

namespace wp::ingest {
namespace {

// "người" and "lao động" count the same people; other units must be the same word.
std::string UnitClass(std::string_view unit) {
  std::string k = text::FoldKey(unit);
  if (k == "laodong") return "nguoi";
  return k;
}

// Where `name` occurs in `words` as whole consecutive words from `from` on, or npos.
size_t FindWords(const std::vector<std::string>& words, const std::vector<std::string>& name,
                 size_t from) {
  if (name.empty() || name.size() > words.size()) return std::string::npos;
  for (size_t i = from; i + name.size() <= words.size(); ++i) {
    if (std::equal(name.begin(), name.end(), words.begin() + static_cast<long>(i))) return i;
  }
  return std::string::npos;
}

// The catalogue's names folded once: each indicator's name and aliases as folded words.
struct PreparedName {
  const domain::Indicator* indicator;
  std::string unit_class;
  std::vector<std::string> words;
};

std::vector<PreparedName> Prepare(std::span<const domain::Indicator> catalogue) {
  std::vector<PreparedName> out;
  for (const domain::Indicator& ind : catalogue) {
    std::string unit_class = UnitClass(ind.unit);
    out.push_back({&ind, unit_class, FoldedWords(ind.name)});
    for (const std::string& a : ind.aliases) out.push_back({&ind, unit_class, FoldedWords(a)});
  }
  return out;
}

// The indicator with the longest name occurring in `words` where `accept(begin)` agrees; the
// first in the catalogue among equals.
template <typename Accept>
const domain::Indicator* BestMatch(const std::vector<PreparedName>& names,
                                   const std::vector<std::string>& words, std::string_view unit,
                                   Accept accept) {
  const domain::Indicator* best = nullptr;
  size_t best_len = 0;
  const std::string unit_class = UnitClass(unit);
  for (const PreparedName& n : names) {
    if (n.unit_class != unit_class || n.words.size() <= best_len) continue;
    for (size_t at = 0; (at = FindWords(words, n.words, at)) != std::string::npos; ++at) {
      if (accept(at)) {
        best = n.indicator;
        best_len = n.words.size();
        break;
      }
    }
  }
  return best;
}

const domain::Indicator* Match(const std::vector<PreparedName>& names, std::string_view phrase,
                               std::string_view unit) {
  auto words = FoldedWords(phrase);
  return BestMatch(names, words, unit, [](size_t) { return true; });
}

const domain::Indicator* MatchQualified(const std::vector<PreparedName>& names,
                                        std::string_view qualifier, std::string_view phrase,
                                        std::string_view unit) {
  auto words = FoldedWords(qualifier);
  const size_t split = words.size();
  for (std::string& w : FoldedWords(phrase)) words.push_back(std::move(w));
  return BestMatch(names, words, unit, [split](size_t begin) { return begin < split; });
}

// A phrase that reads as a task rather than the name of something counted ("Quản lý, hướng
// dẫn … thực hiện chỉ tiêu đưa", "Hỗ trợ đầu tư trường cao đẳng nghề"): review should name it.
bool TaskLike(std::string_view phrase) {
  static constexpr std::string_view kVerbs[] = {
      "quan ly",     "xay dung", "ho tro",   "trien khai", "doi moi",  "nang cao",  "dau tu",
      "thuc hien",   "to chuc",  "tiep tuc", "hoan thanh", "dam bao",  "tap trung", "kiem dinh",
      "chuyen giao", "dao tao",  "cap nhat", "huong dan",  "theo doi", "tong hop",  "giao duc"};
  for (std::string_view v : kVerbs) {
    if (PhraseAt(phrase, 0, v) != std::string_view::npos) return true;
  }
  return Words(phrase).size() > 12;
}

}  // namespace

bool IsDocumentCount(std::string_view unit) {
  static constexpr std::string_view kDocuments[] = {"chi thi",    "de an",      "nghi dinh",
                                                    "quyet dinh", "thong tu",   "luat",
                                                    "van ban",    "nghi quyet", "phap lenh"};
  std::string u = text::Fold(unit);
  for (std::string_view d : kDocuments) {
    if (u == d) return true;
  }
  return false;
}

const domain::Indicator* MatchIndicator(std::span<const domain::Indicator> catalogue,
                                        std::string_view phrase, std::string_view unit) {
  if (catalogue.empty()) return nullptr;
  return Match(Prepare(catalogue), phrase, unit);
}

const domain::Indicator* MatchQualifiedIndicator(std::span<const domain::Indicator> catalogue,
                                                 std::string_view qualifier,
                                                 std::string_view phrase, std::string_view unit) {
  if (catalogue.empty()) return nullptr;
  return MatchQualified(Prepare(catalogue), qualifier, phrase, unit);
}

void BindIndicators(Context& cx) {
  if (cx.indicators.empty()) return;
  const std::vector<PreparedName> names = Prepare(cx.indicators);
  // Targets outside any project first: the indicators they name are the program's headlines,
  // which a project's own target never is ("tạo việc làm cho 180 ngàn người" of the Quỹ quốc
  // gia Việc làm's project is not I.1's 1.600 ngàn).
  std::set<std::string> headline;
  std::vector<size_t> order;
  for (size_t i = 0; i < cx.plan.targets.size(); ++i) {
    if (!cx.target_context[i].project) order.push_back(i);
  }
  for (size_t i = 0; i < cx.plan.targets.size(); ++i) {
    if (cx.target_context[i].project) order.push_back(i);
  }
  for (size_t i : order) {
    domain::Target& t = cx.plan.targets[i];
    const TargetContext& tc = cx.target_context[i];
    if (tc.growth_of >= 0) continue;  // a note on another target: takes its indicator later
    std::string phrase = t.indicator + " " + tc.unit_phrase;
    const domain::Indicator* ind = Match(names, phrase, t.unit);
    if (tc.project) {
      if (ind && headline.contains(ind->code)) ind = nullptr;
      if (!ind) ind = MatchQualified(names, tc.qualifier, phrase, t.unit);
      if (ind && headline.contains(ind->code)) ind = nullptr;
    } else if (!ind && !tc.qualifier.empty()) {
      ind = MatchQualified(names, tc.qualifier, phrase, t.unit);
    }
    if (ind) {
      t.indicator_code = ind->code;
      if (!tc.project) headline.insert(ind->code);
      continue;
    }
    if (TaskLike(t.indicator) && !IsDocumentCount(t.unit)) {
      core::Diagnostic d;
      d.severity = core::Severity::kInfo;
      d.code = "indicator_unnamed";
      d.message = "Chỉ tiêu \"" + t.raw + "\" (mục " + t.section +
                  ") chưa có trong danh mục chỉ tiêu và được viết như một việc cần làm: cần đặt "
                  "tên chỉ tiêu khi duyệt";
      d.span = t.span;
      cx.plan.diagnostics.push_back(std::move(d));
    }
  }
}

void BindOneTargetPerIndicator(Context& cx) {
  auto& ts = cx.plan.targets;
  // The targets (not their mentions) naming each code, best first: a headline's (section I)
  // before the rest, then the name closest to the indicator's (fewest words: "Trường cao đẳng
  // nghề" before "Hỗ trợ đầu tư trường cao đẳng nghề"), then the decision's order.
  std::map<std::string, std::vector<std::tuple<int, size_t, size_t>>> by_code;
  for (size_t i = 0; i < ts.size(); ++i) {
    const domain::Target& t = ts[i];
    if (t.mention_of || t.indicator_code.empty() || t.role != domain::TargetRole::kTarget) continue;
    const int part = t.section.starts_with("I.") ? 0 : 1;
    by_code[t.indicator_code].emplace_back(part, FoldedWords(t.indicator).size(), i);
  }
  std::set<size_t> unbound;
  for (auto& [code, holders] : by_code) {
    if (holders.size() < 2) continue;
    std::sort(holders.begin(), holders.end());
    for (size_t k = 1; k < holders.size(); ++k) unbound.insert(std::get<2>(holders[k]));
  }
  if (unbound.empty()) return;
  for (size_t i = 0; i < ts.size(); ++i) {
    // A target that lost its code, and every mention of it (their chains end at it).
    const auto& of = ts[i].mention_of;
    const size_t root =
        of && *of >= 0 && static_cast<size_t>(*of) < ts.size() ? static_cast<size_t>(*of) : i;
    if (!unbound.contains(root)) continue;
    if (root == i) {
      core::Diagnostic d;
      d.severity = core::Severity::kInfo;
      d.code = "indicator_taken";
      d.message = "Chỉ tiêu \"" + ts[i].raw + "\" (mục " + ts[i].section +
                  ") giống tên chỉ tiêu \"" + ts[i].indicator_code +
                  "\" của danh mục, nhưng chỉ tiêu đó đã là của một chỉ tiêu khác trong chương "
                  "trình: sẽ có chỉ tiêu riêng trong danh mục khi ban hành";
      d.span = ts[i].span;
      cx.plan.diagnostics.push_back(std::move(d));
    }
    ts[i].indicator_code.clear();
  }
}

void BindComponents(Context& cx) {
  if (cx.indicators.empty()) return;
  auto& ts = cx.plan.targets;
  auto find = [&](const std::string& code) -> const domain::Indicator* {
    if (code.empty()) return nullptr;
    for (const domain::Indicator& x : cx.indicators) {
      if (x.code == code) return &x;
    }
    return nullptr;
  };
  // A part the decision states itself ("số người thất nghiệp …" as a target of its own) is
  // that target; otherwise a component is added.
  std::map<std::string, size_t> stated;
  for (size_t i = 0; i < ts.size(); ++i) {
    const domain::Target& t = ts[i];
    if (!t.mention_of && t.role == domain::TargetRole::kTarget && !t.indicator_code.empty() &&
        t.unit != "%") {
      stated.emplace(t.indicator_code, i);
    }
  }
  const size_t n = ts.size();
  for (size_t i = 0; i < n; ++i) {
    if (ts[i].mention_of || ts[i].role != domain::TargetRole::kTarget) continue;
    const domain::Indicator* rate = find(ts[i].indicator_code);
    if (!rate || rate->aggregation != domain::Aggregation::kRatio) continue;
    const domain::Indicator* num = find(rate->numerator_code);
    const domain::Indicator* den = find(rate->denominator_code);
    if (!num || !den || num->aggregation != domain::Aggregation::kSum ||
        den->aggregation != domain::Aggregation::kSum || num->unit == "%" || den->unit == "%") {
      continue;
    }
    auto part = [&](const domain::Indicator& x) {
      if (auto it = stated.find(x.code); it != stated.end()) return static_cast<int>(it->second);
      // Traced to the rate's clause: its section, words and span; reported by whoever the
      // responsibility matrix has report the rate (no rows of its own).
      domain::Target c;
      c.section = ts[i].section;
      c.indicator = x.name;
      c.raw = ts[i].raw;
      c.value = core::Decimal{0, 0};
      c.unit = x.unit;
      c.indicator_code = x.code;
      c.role = domain::TargetRole::kComponent;
      c.reporters.rule = "component_of:" + ts[i].section;
      c.span = ts[i].span;
      ts.push_back(std::move(c));
      cx.target_context.push_back(cx.target_context[i]);
      stated.emplace(x.code, ts.size() - 1);
      return static_cast<int>(ts.size() - 1);
    };
    const int numerator = part(*num);
    const int denominator = part(*den);
    ts[i].numerator = numerator;
    ts[i].denominator = denominator;
  }
}

}  // namespace wp::ingest
