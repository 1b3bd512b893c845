// The units a program names: every distinct unit read as a lead, coordinator or report
// recipient, with how often the text mentions it and the other spellings it uses
// ("Tổng cục dạy nghề" / "Tổng cục Dạy nghề").

#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "ingest/passes.hpp"
#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace wp::ingest {
namespace {

// The document folded once (no spaces, no diacritics, lower case) with a map from each folded
// byte back to the text, so each name is counted with one std::string::find pass.
struct FoldedText {
  std::string folded;
  std::unique_ptr<uint32_t[]> source;  // per folded byte: offset of its code point in the text

  explicit FoldedText(std::string_view t) {
    // Folding never makes text longer: write in place, then trim.
    folded.resize(t.size() + 4);
    source.reset(new uint32_t[t.size() + 4]);  // left uninitialised: every used slot is written
    size_t n = 0;
    size_t pos = 0;
    while (pos < t.size()) {
      // Runs of ASCII letters and digits: lower-case them straight into place.
      for (auto c = static_cast<unsigned char>(t[pos]); pos < t.size() && c < 0x80 && c > ' ';) {
        folded[n] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        source[n++] = static_cast<uint32_t>(pos++);
        if (pos < t.size()) c = static_cast<unsigned char>(t[pos]);
      }
      if (pos >= t.size()) break;
      size_t start = pos;
      auto c = static_cast<unsigned char>(t[pos]);
      char32_t f;
      if (c < 0x80) {
        ++pos;
        f = text::FoldAscii(static_cast<char>(c));
      } else {
        f = text::FoldChar(text::NextCodePoint(t, pos));
      }
      if (f == ' ' || (f >= 0x0300 && f <= 0x036F)) continue;
      if (f < 0x80) {
        folded[n] = static_cast<char>(f);
        source[n] = static_cast<uint32_t>(start);
        ++n;
        continue;
      }
      std::string tmp;
      text::AppendUtf8(tmp, f);
      for (char b : tmp) {
        folded[n] = b;
        source[n] = static_cast<uint32_t>(start);
        ++n;
      }
    }
    folded.resize(n);
  }
};

bool LetterAt(std::string_view t, size_t pos, bool before) {
  if (before) {
    if (pos == 0) return false;
    size_t p = pos;
    char32_t cp = text::PrevCodePoint(t, p);
    return text::IsLetter(cp) || text::IsDigit(cp);
  }
  if (pos >= t.size()) return false;
  size_t p = pos;
  char32_t cp = text::NextCodePoint(t, p);
  return text::IsLetter(cp) || text::IsDigit(cp);
}

}  // namespace

void BindUnits(Context& cx) {
  // Distinct names in order of first use, grouped by folded key.
  std::vector<std::string> keys;
  std::map<std::string, std::vector<std::string>> spellings;
  auto add = [&](const std::string& name) {
    std::string key = text::FoldKey(name);
    if (key.empty()) return;
    auto& list = spellings[key];
    if (list.empty()) keys.push_back(key);
    if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
  };
  for (const auto& s : cx.plan.sections) {
    for (const auto& u : s.lead_units) add(u);
    for (const auto& u : s.coordinating_units) add(u);
    for (const auto& t : s.tasks) {
      if (t.leads_inherited) continue;
      for (const auto& u : t.lead_units) add(u);
      for (const auto& u : t.coordinating_units) add(u);
    }
  }
  for (const auto& r : cx.plan.reporting) {
    for (const auto& u : r.to) add(u);
  }

  // Count mentions: longest name wins where names overlap.
  std::string_view text(cx.doc.text());
  FoldedText ft(text);
  struct Hit {
    size_t begin, end;
    size_t key;
  };
  std::vector<Hit> hits;
  // One pass over the folded text: at each position, only the names sharing its first two
  // folded bytes are compared.
  auto prefix_of = [](std::string_view k) {
    return static_cast<uint16_t>((static_cast<unsigned char>(k[0]) << 8) |
                                 static_cast<unsigned char>(k.size() > 1 ? k[1] : 0));
  };
  std::vector<std::vector<size_t>> groups;
  std::vector<int16_t> group_of(1 << 16, -1);  // two folded bytes -> index into groups
  for (size_t k = 0; k < keys.size(); ++k) {
    int16_t& g = group_of[prefix_of(keys[k])];
    if (g < 0) {
      g = static_cast<int16_t>(groups.size());
      groups.emplace_back();
    }
    groups[static_cast<size_t>(g)].push_back(k);
  }
  std::string_view folded(ft.folded);
  for (size_t at = 0; at + 1 < folded.size(); ++at) {
    int16_t g = group_of[prefix_of(folded.substr(at, 2))];
    if (g < 0) continue;
    for (size_t k : groups[static_cast<size_t>(g)]) {
      if (folded.compare(at, keys[k].size(), keys[k]) != 0) continue;
      size_t b = ft.source[at];
      // End of the last matched character: its start plus its UTF-8 length.
      size_t e = ft.source[at + keys[k].size() - 1];
      text::NextCodePoint(text, e);
      if (LetterAt(text, b, true) || LetterAt(text, e, false)) continue;
      // "Bộ" the Ministry is not the "bộ" of "cán bộ": a capitalised name needs a capital.
      size_t p0 = 0, p1 = b;
      const std::string& canonical = spellings[keys[k]].front();
      bool name_upper = text::IsUpper(text::NextCodePoint(canonical, p0));
      bool hit_upper = text::IsUpper(text::NextCodePoint(text, p1));
      if (name_upper && !hit_upper) continue;
      hits.push_back({b, e, k});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<int> counts(keys.size(), 0);
  // Each key also keeps the spellings the text uses for it.
  std::vector<std::map<std::string, int>> written(keys.size());
  size_t covered = 0;
  for (const Hit& h : hits) {
    if (h.begin < covered) continue;
    covered = h.end;
    ++counts[h.key];
    ++written[h.key][text::CollapseSpaces(text.substr(h.begin, h.end - h.begin))];
  }
  for (size_t k = 0; k < keys.size(); ++k) {
    domain::UnitMention m;
    const auto& names = spellings[keys[k]];
    m.name = names.front();
    m.mentions = std::max(counts[k], 1);
    for (const auto& [spelling, n] : written[k]) {
      if (spelling != m.name && text::FoldKey(spelling) == keys[k] && !text::IsAllCaps(spelling))
        m.variants.push_back(spelling);
    }
    for (size_t i = 1; i < names.size(); ++i) {
      if (std::find(m.variants.begin(), m.variants.end(), names[i]) == m.variants.end())
        m.variants.push_back(names[i]);
    }
    if (!m.variants.empty()) {
      // Only differences a reader would notice (letter case), not dash spacing.
      std::vector<std::string> real;
      for (const auto& v : m.variants) {
        // Letter case inside the name is a real variant; a capital at a sentence start is not.
        if (text::ToLower(v) != text::ToLower(m.name)) continue;
        if (text::CapitalizeFirst(v) == text::CapitalizeFirst(m.name)) continue;
        real.push_back(v);
      }
      if (!real.empty()) {
        std::string list;
        for (const auto& v : real) list += (list.empty() ? "\"" : ", \"") + v + "\"";
        core::Diagnostic diag;
        diag.severity = core::Severity::kInfo;
        diag.code = "unit_name_variants";
        diag.message = "Đơn vị \"" + m.name + "\" được viết theo cách khác: " + list;
        for (const Hit& h : hits) {
          if (h.key == k) {
            diag.span = cx.doc.SpanOf(text.substr(h.begin, h.end - h.begin));
            break;
          }
        }
        cx.plan.diagnostics.push_back(std::move(diag));
      }
    }
    cx.plan.units.push_back(std::move(m));
  }
}

}  // namespace wp::ingest
