#pragma once
// Unicode NFC normalisation with a map back to the original bytes. Vietnamese text from
// older word processors often arrives decomposed ("ệ" as e + two combining marks); the parser
// reads NFC, but spans must point at the bytes the user gave us.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wp::text {

class NfcText {
 public:
  // Normalises `original` (valid UTF-8) to NFC. Text that is already NFC is copied unchanged
  // and maps offsets one to one.
  explicit NfcText(std::string_view original);

  const std::string& text() const { return text_; }
  // Replaces no-break, zero-width and other special spaces (U+00A0, U+2000–U+200B, U+202F,
  // U+FEFF …) by as many ASCII spaces as they had bytes: the parser sees ordinary spaces and
  // every byte offset stays valid.
  void BlankOutSpaces();
  bool changed() const { return !segments_.empty(); }
  // Byte offset in the original input of byte `offset` of the normalised text.
  size_t ToOriginal(size_t offset) const;

 private:
  struct Segment {
    size_t nfc_start, nfc_end;    // [start, end) in text_
    size_t orig_start, orig_end;  // the bytes of the input they came from
  };
  std::string text_;
  std::vector<Segment> segments_;  // changed spans only, sorted
};

}  // namespace wp::text
