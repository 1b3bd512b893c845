// Restatements and growth notes (issue 16): a target the decision writes twice — I.1 "Tạo việc
// làm 1.600 ngàn người" and II.2.1 "… thực hiện chỉ tiêu tạo việc làm 1.600 ngàn người" — is one
// target with two mentions; "(tăng 2,78% so với thực hiện năm 2011)" after a quantity is a note
// on it that gives last year's value, not a target of its own. Mentions stay in the plan as read
// (their clauses stay traceable), marked `mention_of` the first.

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ingest/passes.hpp"
#include "ingest/words.hpp"

namespace wp::ingest {
namespace {

// The words that say what is done with a figure rather than what it counts.
constexpr std::string_view kManagementPairs[][2] = {
    {"quan", "ly"},  {"huong", "dan"}, {"theo", "doi"}, {"tong", "hop"},
    {"danh", "gia"}, {"thuc", "hien"}, {"chi", "tieu"}};
constexpr std::string_view kManagementWords[] = {"giam", "tang", "va", "cac"};

std::set<std::string> ContentWords(std::string_view indicator) {
  auto words = FoldedWords(indicator);
  std::set<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) {
    bool pair = false;
    for (const auto& p : kManagementPairs) {
      if (i + 1 < words.size() && words[i] == p[0] && words[i + 1] == p[1]) pair = true;
    }
    if (pair) {
      ++i;
      continue;
    }
    bool word = false;
    for (std::string_view w : kManagementWords) word |= words[i] == w;
    if (!word) out.insert(words[i]);
  }
  return out;
}

// Both name one catalogue indicator; without codes, the content words of the shorter name are
// all in the longer one ("Tỷ lệ hộ nghèo cả nước" ⊇ "Giảm tỷ lệ hộ nghèo").
bool SameIndicator(const domain::Target& a, const domain::Target& b) {
  if (!a.indicator_code.empty() && !b.indicator_code.empty())
    return a.indicator_code == b.indicator_code;
  auto wa = ContentWords(a.indicator), wb = ContentWords(b.indicator);
  if (wa.empty() || wb.empty()) return false;
  const auto& small = wa.size() <= wb.size() ? wa : wb;
  const auto& large = wa.size() <= wb.size() ? wb : wa;
  for (const std::string& w : small) {
    if (!large.contains(w)) return false;
  }
  return true;
}

// Last year's value from this year's and the growth rate: 1.900 ngàn "tăng 2,78%" → 1.848.609,
// to the precision the target is written in. Nullopt when the rate makes no sense (≤ −100%).
std::optional<core::Decimal> Baseline(const core::Decimal& value, const core::Decimal& rate,
                                      bool decrease) {
  double r = rate.AsDouble() / 100.0;
  double factor = decrease ? 1.0 - r : 1.0 + r;
  if (!(factor > 0.0)) return std::nullopt;
  core::Decimal v = value.Normalized();
  double scaled = value.AsDouble() / factor * std::pow(10.0, v.scale);
  if (!std::isfinite(scaled) || std::fabs(scaled) > 9e17) return std::nullopt;
  return core::Decimal{std::llround(scaled), v.scale};
}

}  // namespace

void BindRestatements(Context& cx) {
  auto& ts = cx.plan.targets;
  // Growth notes: a mention of the quantity they follow, which gets its baseline.
  for (size_t i = 0; i < ts.size(); ++i) {
    int owner = cx.target_context[i].growth_of;
    if (owner < 0) continue;
    domain::Target& note = ts[i];
    domain::Target& base = ts[static_cast<size_t>(owner)];
    note.mention_of = owner;
    note.mention_kind = domain::MentionKind::kGrowth;
    note.indicator_code = base.indicator_code;
    if (!base.baseline) {
      base.baseline =
          Baseline(base.value, note.value, note.comparator == domain::Comparator::kDecreaseBy);
    }
  }
  // Restatements: a later target of another section with the same value, unit and indicator.
  // Candidates are looked up by value and unit, so a long decision stays linear.
  std::map<std::tuple<std::string, int64_t, int>, std::vector<size_t>> by_figure;
  for (size_t i = 0; i < ts.size(); ++i) {
    domain::Target& t = ts[i];
    core::Decimal v = t.value.Normalized();
    auto& earlier = by_figure[{t.unit, v.mantissa, v.scale}];
    if (t.mention_of) continue;
    earlier.push_back(i);
    for (size_t j : earlier) {
      if (j == i) break;
      const domain::Target& e = ts[j];
      if (e.section == t.section) continue;
      if (!SameIndicator(e, t)) continue;
      int first = e.mention_of ? *e.mention_of : static_cast<int>(j);
      t.mention_of = first;
      t.mention_kind = domain::MentionKind::kRestated;
      t.restates = ts[static_cast<size_t>(first)].section;
      if (t.indicator_code.empty())
        t.indicator_code = ts[static_cast<size_t>(first)].indicator_code;
      break;
    }
  }
}

}  // namespace wp::ingest
