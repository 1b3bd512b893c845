#pragma once
// UTF-8 primitives: validation (with the offset of the first bad byte, for the error message),
// decoding, character classes and case mapping of Vietnamese text. Case and class questions
// are answered by ICU; only the byte-level walking is written here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace wp::text {

// Byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence;
// nullopt if valid (core/utf8.hpp: the byte level lives below every module).
using core::FindInvalidUtf8;

// Decodes the code point at `pos` (which must be a boundary of valid UTF-8) and advances `pos`.
// Inline: it is the innermost loop of every pass over the text.
inline char32_t NextCodePoint(std::string_view s, size_t& pos) {
  auto c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) {
    ++pos;
    return c;
  }
  size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  char32_t cp = c & (0xFF >> (len + 1));
  for (size_t k = 1; k < len && pos + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[pos + k]) & 0x3F);
  }
  pos += len;
  if (pos > s.size()) pos = s.size();
  return cp;
}
// Decodes the code point ending just before `pos` and moves `pos` back to its start.
char32_t PrevCodePoint(std::string_view s, size_t& pos);

size_t CountCodePoints(std::string_view s);
using core::AppendUtf8;

bool IsLetter(char32_t cp);
bool IsUpper(char32_t cp);
bool IsLower(char32_t cp);
bool IsDigit(char32_t cp);
// Unicode white space, including NO-BREAK SPACE and the zero-width characters that word
// processors leave behind.
bool IsSpace(char32_t cp);
// "-", "–", "—", "‐", "−".
bool IsDash(char32_t cp);

// Trims white space (in the IsSpace sense) at both ends.
std::string_view Trim(std::string_view s);
std::string_view TrimRight(std::string_view s);

// Full Unicode lower/upper case (Vietnamese has no special rules).
std::string ToLower(std::string_view s);
// Simple (one-to-one) lower-casing per code point, without ICU string conversions: for short
// words in hot loops. Same result as ToLower for Vietnamese.
std::string LowerFast(std::string_view s);
std::string ToUpper(std::string_view s);
// First letter upper, the rest unchanged.
std::string CapitalizeFirst(std::string_view s);
// First letter upper, the rest lower: "BỘ TRƯỞNG" -> "Bộ trưởng".
std::string SentenceCase(std::string_view s);

// True when `s` has at least two letters and none of them is lower case ("QUYẾT ĐỊNH").
bool IsAllCaps(std::string_view s);

// Length in bytes of a multi-byte white-space character starting at `i` (U+00A0, U+2000…), or 0.
size_t MultiByteSpaceAt(std::string_view s, size_t i);

// Cheap test on a lead byte and the byte after it: false means no white space starts here.
// Vietnamese letters (C3 …, C4 …, E1 BA/BB …) are rejected without a call.
inline bool MayStartMultiByteSpace(unsigned char lead, unsigned char next) {
  if (lead == 0xC2) return true;
  if (lead == 0xE1) return next == 0x9A || next == 0xA0;
  return lead >= 0xE2 && lead <= 0xEF;
}

// Collapses runs of white space to one ASCII space and trims.
std::string CollapseSpaces(std::string_view s);

}  // namespace wp::text
