#pragma once
// The byte level of UTF-8 that everything above may need: whether a text is well-formed, and
// writing one code point. Character classes, case and normalisation are `text`'s (ICU).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wp::core {

// Byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence
// (overlongs, surrogates and code points above U+10FFFF are ill-formed); nullopt if valid.
std::optional<size_t> FindInvalidUtf8(std::string_view s);

// Appends the UTF-8 encoding of `cp` (a scalar value: not a surrogate, at most U+10FFFF).
void AppendUtf8(std::string& out, char32_t cp);

}  // namespace wp::core
