#pragma once
// Small helpers shared by the binder's passes: word-level scanning of Vietnamese sentences by
// byte offsets, so every piece found stays a view into the document (and keeps its span).

#include <string>
#include <string_view>
#include <vector>

namespace wp::ingest {

// Splits at sentence ends (". " followed by a capital, "…" or end), keeping parentheses whole.
std::vector<std::string_view> Sentences(std::string_view s);
// Splits a sentence into clauses at ';' outside parentheses.
std::vector<std::string_view> Clauses(std::string_view s);

// Case- and diacritic-insensitive search of a FoldKey-style phrase written with spaces
// ("phoi hop voi"); returns the byte offset of the match in `s`, or npos. Matches start and
// end at word boundaries.
size_t FindPhrase(std::string_view s, std::string_view folded_phrase, size_t from = 0);
// Same, but the phrase must start exactly at `pos` (after skipping spaces); returns the end.
size_t PhraseAt(std::string_view s, size_t pos, std::string_view folded_phrase);

// Trims spaces and the punctuation in `chars` from both ends.
std::string_view TrimPunct(std::string_view s, std::string_view chars = " ,;:.-–—+*");

// Words (maximal runs of letters/digits) of `s`, as views.
std::vector<std::string_view> Words(std::string_view s);

// The words of `s` folded (lower case, no diacritics: "Tỷ lệ" → "ty", "le"), for matching.
std::vector<std::string> FoldedWords(std::string_view s);

// A view from `a` to the end of `b` (both views into the same buffer, a before b).
inline std::string_view Join(std::string_view a, std::string_view b) {
  return std::string_view(a.data(), static_cast<size_t>(b.data() + b.size() - a.data()));
}

// Offset of `piece` (a view into `whole`) within `whole`.
inline size_t OffsetIn(std::string_view whole, std::string_view piece) {
  return static_cast<size_t>(piece.data() - whole.data());
}

}  // namespace wp::ingest
