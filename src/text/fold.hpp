#pragma once
// Vietnamese diacritic folding for search and name matching: "Lao Động – Thương binh" and
// "lao dong-thuong binh" fold to the same key. The per-character table is derived from ICU's
// canonical decompositions at first use (no hand-typed accent tables).

#include <string>
#include <string_view>

namespace wp::text {

// Folds one code point: lower case, diacritics removed, "đ" -> "d", every dash -> '-'.
// White space folds to ' '. Characters outside Latin fold to their lower case.
char32_t FoldChar(char32_t cp);

// FoldChar for ASCII, inline: the common case of Vietnamese text is plain letters.
inline char32_t FoldAscii(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<char32_t>(c - 'A' + 'a');
  if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return ' ';
  return static_cast<char32_t>(static_cast<unsigned char>(c));
}

// Folded text with runs of white space collapsed to one space, trimmed: for search.
std::string Fold(std::string_view s);

// Folded text without any white space: for comparing names whose spacing around dashes and
// punctuation varies ("Lao động-Thương binh" == "Lao động – Thương binh").
std::string FoldKey(std::string_view s);

// If `s` at byte `pos` matches `key` (a FoldKey) while skipping white space in `s`, returns the
// byte offset just past the match; the match must end at a word boundary. Otherwise npos.
size_t MatchFoldedKey(std::string_view s, size_t pos, std::string_view key);

// Same, for a folded phrase written with spaces for readability ("phoi hop voi"): the spaces
// of the phrase are ignored like those of the text. Allocates nothing.
size_t MatchFoldedPhrase(std::string_view s, size_t pos, std::string_view phrase);

}  // namespace wp::text
