#include "text/normalize.hpp"

#include <algorithm>

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>

#include "text/utf8.hpp"

namespace wp::text {

NfcText::NfcText(std::string_view original) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(ec);
  icu::StringPiece piece(original.data(), static_cast<int32_t>(original.size()));
  if (U_FAILURE(ec) || nfc->isNormalizedUTF8(piece, ec) || U_FAILURE(ec)) {
    text_.assign(original);
    return;
  }
  icu::Edits edits;
  icu::StringByteSink<std::string> sink(&text_);
  ec = U_ZERO_ERROR;
  nfc->normalizeUTF8(0, piece, sink, &edits, ec);
  if (U_FAILURE(ec)) {  // cannot happen on valid UTF-8; keep the input rather than fail
    text_.assign(original);
    return;
  }
  icu::Edits::Iterator it = edits.getCoarseChangesIterator();
  while (it.next(ec)) {
    segments_.push_back(Segment{static_cast<size_t>(it.destinationIndex()),
                                static_cast<size_t>(it.destinationIndex() + it.newLength()),
                                static_cast<size_t>(it.sourceIndex()),
                                static_cast<size_t>(it.sourceIndex() + it.oldLength())});
  }
}

void NfcText::BlankOutSpaces() {
  const size_t n = text_.size();
  for (size_t pos = 0; pos < n; ++pos) {
    auto c = static_cast<unsigned char>(text_[pos]);
    if (c < 0xC2) continue;  // ASCII and continuation bytes
    auto next = pos + 1 < n ? static_cast<unsigned char>(text_[pos + 1]) : 0;
    if (!MayStartMultiByteSpace(c, next)) continue;  // letters
    if (size_t len = MultiByteSpaceAt(text_, pos)) {
      for (size_t i = pos; i < pos + len; ++i) text_[i] = ' ';
      pos += len - 1;
    }
  }
}

size_t NfcText::ToOriginal(size_t offset) const {
  if (segments_.empty()) return offset;
  // The last changed segment starting at or before `offset`.
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](size_t off, const Segment& s) { return off < s.nfc_start; });
  if (it == segments_.begin()) return offset;
  const Segment& s = *std::prev(it);
  if (offset < s.nfc_end) return s.orig_start;  // inside a rewritten cluster: its start
  return s.orig_end + (offset - s.nfc_end);
}

}  // namespace wp::text
