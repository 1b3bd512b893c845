#include "ingest/words.hpp"

#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace wp::ingest {

std::vector<std::string_view> Sentences(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (c != '.' || depth > 0) continue;
    // "1.600", "v.v.", "./." are not sentence ends; ". X" with a capital X is.
    size_t j = i + 1;
    while (j < s.size() && s[j] == '.') ++j;
    if (j >= s.size()) break;
    if (s[j] != ' ') continue;
    size_t k = j;
    while (k < s.size() && s[k] == ' ') ++k;
    if (k >= s.size()) break;
    size_t p = k;
    char32_t next = text::NextCodePoint(s, p);
    if (!text::IsUpper(next)) continue;
    std::string_view sentence = text::Trim(s.substr(start, j - start));
    if (!sentence.empty()) out.push_back(sentence);
    start = k;
    i = k - 1;
  }
  std::string_view last = text::Trim(s.substr(start));
  if (!last.empty()) out.push_back(last);
  return out;
}

std::vector<std::string_view> Clauses(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && depth > 0) --depth;
    if (s[i] == ';' && depth == 0) {
      std::string_view c = text::Trim(s.substr(start, i - start));
      if (!c.empty()) out.push_back(c);
      start = i + 1;
    }
  }
  std::string_view c = text::Trim(s.substr(start));
  if (!c.empty()) out.push_back(c);
  return out;
}

namespace {

bool WordChar(char32_t cp) {
  return text::IsLetter(cp) || text::IsDigit(cp) || (cp >= 0x0300 && cp <= 0x036F);
}

bool BoundaryBefore(std::string_view s, size_t pos) {
  if (pos == 0) return true;
  size_t p = pos;
  return !WordChar(text::PrevCodePoint(s, p));
}

}  // namespace

size_t PhraseAt(std::string_view s, size_t pos, std::string_view folded_phrase) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos >= s.size() || folded_phrase.empty()) return std::string_view::npos;
  // Cheap rejection on the first letter before the full comparison.
  char first = folded_phrase[0];
  unsigned char c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80 && text::FoldAscii(static_cast<char>(c)) != static_cast<char32_t>(first))
    return std::string_view::npos;
  if (!BoundaryBefore(s, pos)) return std::string_view::npos;
  return text::MatchFoldedPhrase(s, pos, folded_phrase);
}

size_t FindPhrase(std::string_view s, std::string_view folded_phrase, size_t from) {
  std::string_view key = folded_phrase;
  if (key.empty()) return std::string_view::npos;
  // Fast path: a key that starts with an ASCII consonant other than 'd' can only match where
  // the text has that very letter (Vietnamese diacritics sit on vowels, and "đ" folds to 'd').
  char first = key[0];
  bool plain = first >= 'a' && first <= 'z' &&
               std::string_view("aeiouyd").find(first) == std::string_view::npos;
  if (plain) {
    char upper = static_cast<char>(first - 'a' + 'A');
    // A second consonant ("tr", "ch", "ph", "ng") must follow as written, too.
    char second = key.size() > 1 ? key[1] : ' ';
    bool check_second = second >= 'a' && second <= 'z' &&
                        std::string_view("aeiouyd").find(second) == std::string_view::npos;
    for (size_t i = from; i < s.size(); ++i) {
      if (s[i] != first && s[i] != upper) continue;
      if (check_second && (i + 1 >= s.size() || (s[i + 1] | 0x20) != second)) continue;
      if (BoundaryBefore(s, i) && text::MatchFoldedPhrase(s, i, key) != std::string_view::npos)
        return i;
    }
    return std::string_view::npos;
  }
  size_t pos = from;
  while (pos < s.size()) {
    if (BoundaryBefore(s, pos)) {
      size_t p = pos;
      char32_t cp = text::NextCodePoint(s, p);
      if (WordChar(cp) || !text::IsSpace(cp)) {
        if (text::MatchFoldedPhrase(s, pos, key) != std::string_view::npos) return pos;
      }
      pos = p;
      continue;
    }
    text::NextCodePoint(s, pos);
  }
  return std::string_view::npos;
}

std::string_view TrimPunct(std::string_view s, std::string_view chars) {
  s = text::Trim(s);
  while (true) {
    size_t before = s.size();
    while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
    while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    // Multi-byte dashes.
    for (std::string_view dash : {"–", "—", "…"}) {
      if (chars.find(dash) == std::string_view::npos) continue;
      while (s.starts_with(dash)) s.remove_prefix(dash.size());
      while (s.ends_with(dash)) s.remove_suffix(dash.size());
    }
    s = text::Trim(s);
    if (s.size() == before) break;
  }
  return s;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  size_t start = std::string_view::npos;
  while (pos < s.size()) {
    size_t here = pos;
    char32_t cp = text::NextCodePoint(s, pos);
    if (WordChar(cp)) {
      if (start == std::string_view::npos) start = here;
    } else if (start != std::string_view::npos) {
      out.push_back(s.substr(start, here - start));
      start = std::string_view::npos;
    }
  }
  if (start != std::string_view::npos) out.push_back(s.substr(start));
  return out;
}

std::vector<std::string> FoldedWords(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view w : Words(s)) out.push_back(text::Fold(w));
  return out;
}

}  // namespace wp::ingest
