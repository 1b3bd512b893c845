#pragma once
// A strict JSON reader (RFC 8259) that walks a text in place, for a request body read in one
// pass into typed fields instead of a tree: a report's PUT carries hundreds of values, and
// building nlohmann's tree for them was a fifth of a submission's time. It accepts exactly the
// texts nlohmann::json accepts (tests/fuzz/json_scan_fuzz.cpp compares the two on any bytes):
// the text must be valid UTF-8, strings may not hold raw control characters, \u escapes must
// pair their surrogates, numbers follow the JSON grammar, nothing but white space may follow
// the value. Nesting is walked without recursion, so depth is bounded by memory only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wp::core {

class JsonScan {
 public:
  enum class Type { kObject, kArray, kString, kNumber, kTrue, kFalse, kNull };

  // `text` must outlive the scan (raw texts are views into it). A text that is not valid
  // UTF-8 fails at once.
  explicit JsonScan(std::string_view text);

  // The type of the value that starts next; nullopt (and failed()) where none can start.
  std::optional<Type> Peek();
  // Enters the object or array that starts next ('{' or '[').
  bool Enter();
  // In an object: reads its next key (and the ':') into `key`; false at its end ('}' read,
  // the object left) or on an error (failed()).
  bool NextKey(std::string& key);
  // In an array: true when an element follows; false at its end (']' read) or on an error.
  bool NextElement();
  // A string value, its escapes decoded (into `out` when given).
  bool ReadString(std::string* out);
  // A number as written; `integer` holds it when it has neither fraction nor exponent and
  // fits 64 bits.
  bool ReadNumber(std::string_view& text, std::optional<int64_t>& integer);
  // Skips one value of any type (nested ones whole); its text as written in `raw` if given.
  bool Skip(std::string_view* raw = nullptr);
  // True when nothing but white space is left after the value read, and nothing failed.
  bool Finish();
  bool failed() const { return failed_; }

 private:
  bool Fail() {
    failed_ = true;
    return false;
  }
  void SkipSpace();
  // In the container last entered, which `open` opened: false at its end (`close` read, the
  // container left) or on an error; true when a member or element follows (its comma read).
  bool Advance(char open, char close);
  bool Literal(std::string_view word);
  bool Hex4(uint32_t& v);

  std::string_view s_;
  size_t pos_ = 0;
  bool failed_ = false;
  std::vector<char> open_;   // '{' or '[' of every container entered and not yet left
  std::vector<bool> first_;  // no member or element read yet in it
};

}  // namespace wp::core
