#include "core/json_scan.hpp"

#include <algorithm>
#include <charconv>

#include "core/utf8.hpp"

namespace wp::core {

JsonScan::JsonScan(std::string_view text) : s_(text) {
  if (FindInvalidUtf8(text)) failed_ = true;
  if (s_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // a byte order mark, as nlohmann allows
}

void JsonScan::SkipSpace() {
  while (pos_ < s_.size() &&
         (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) {
    ++pos_;
  }
}

std::optional<JsonScan::Type> JsonScan::Peek() {
  if (failed_) return std::nullopt;
  SkipSpace();
  if (pos_ == s_.size()) {
    Fail();
    return std::nullopt;
  }
  switch (s_[pos_]) {
    case '{':
      return Type::kObject;
    case '[':
      return Type::kArray;
    case '"':
      return Type::kString;
    case 't':
      return Type::kTrue;
    case 'f':
      return Type::kFalse;
    case 'n':
      return Type::kNull;
    default:
      if (s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9')) return Type::kNumber;
      Fail();
      return std::nullopt;
  }
}

bool JsonScan::Enter() {
  auto t = Peek();
  if (!t || (*t != Type::kObject && *t != Type::kArray)) return Fail();
  open_.push_back(s_[pos_++]);
  first_.push_back(true);
  return true;
}

bool JsonScan::Advance(char open, char close) {
  if (failed_ || open_.empty() || open_.back() != open) return Fail();
  SkipSpace();
  if (pos_ < s_.size() && s_[pos_] == close) {  // after a member, or at once: {} []
    ++pos_;
    open_.pop_back();
    first_.pop_back();
    return false;
  }
  if (!first_.back()) {
    if (pos_ == s_.size() || s_[pos_] != ',') return Fail();
    ++pos_;
  }
  first_.back() = false;
  return true;  // what follows must be a member or an element: {"a":1,} and [1,] fail there
}

bool JsonScan::NextKey(std::string& key) {
  if (!Advance('{', '}')) return false;
  SkipSpace();
  if (pos_ == s_.size() || s_[pos_] != '"') return Fail();
  key.clear();
  if (!ReadString(&key)) return false;
  SkipSpace();
  if (pos_ == s_.size() || s_[pos_] != ':') return Fail();
  ++pos_;
  return true;
}

bool JsonScan::NextElement() { return Advance('[', ']'); }

bool JsonScan::Hex4(uint32_t& v) {
  if (s_.size() - pos_ < 4) return Fail();
  v = 0;
  for (int i = 0; i < 4; ++i) {
    char c = s_[pos_++];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return Fail();
    }
  }
  return true;
}

bool JsonScan::ReadString(std::string* out) {
  if (failed_) return false;
  SkipSpace();
  if (pos_ == s_.size() || s_[pos_] != '"') return Fail();
  ++pos_;
  for (;;) {
    size_t run = pos_;
    while (run < s_.size() && s_[run] != '"' && s_[run] != '\\' &&
           static_cast<unsigned char>(s_[run]) >= 0x20) {
      ++run;
    }
    if (out) out->append(s_.data() + pos_, run - pos_);
    pos_ = run;
    if (pos_ == s_.size()) return Fail();
    char c = s_[pos_++];
    if (c == '"') return true;
    if (c != '\\') return Fail();  // a raw control character
    if (pos_ == s_.size()) return Fail();
    char e = s_[pos_++];
    char plain = e == '"'    ? '"'
                 : e == '\\' ? '\\'
                 : e == '/'  ? '/'
                 : e == 'b'  ? '\b'
                 : e == 'f'  ? '\f'
                 : e == 'n'  ? '\n'
                 : e == 'r'  ? '\r'
                 : e == 't'  ? '\t'
                             : 0;
    if (plain) {
      if (out) out->push_back(plain);
      continue;
    }
    if (e != 'u') return Fail();
    uint32_t cp = 0;
    if (!Hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail();  // a low surrogate alone
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low = 0;
      if (s_.size() - pos_ < 2 || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') return Fail();
      pos_ += 2;
      if (!Hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return Fail();
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    if (out) AppendUtf8(*out, static_cast<char32_t>(cp));
  }
}

namespace {

// Whether a number from_chars found out of a double's range is too large (rather than too
// small): its decimal exponent, the position of its first significant digit, is positive.
bool Overflows(std::string_view text) {
  size_t e = text.find_first_of("eE");
  std::string_view mantissa = text.substr(0, e);
  int64_t exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view x = text.substr(e + 1);
    bool negative = !x.empty() && x.front() == '-';
    if (!x.empty() && (x.front() == '-' || x.front() == '+')) x.remove_prefix(1);
    for (char c : x) exponent = std::min<int64_t>(exponent * 10 + (c - '0'), 1'000'000'000);
    if (negative) exponent = -exponent;
  }
  int64_t first = 0;  // decimal position of the first significant digit, 1 for 1.x
  bool seen = false, point = false;
  int64_t whole = 0, zeros = 0;
  for (char c : mantissa) {
    if (c == '-') continue;
    if (c == '.') {
      point = true;
      continue;
    }
    if (!seen && c == '0') {
      if (point) ++zeros;
      continue;
    }
    seen = true;
    if (!point) ++whole;
  }
  if (!seen) return false;  // zero
  first = whole > 0 ? whole : -zeros;
  return first + exponent > 0;
}

}  // namespace

bool JsonScan::ReadNumber(std::string_view& text, std::optional<int64_t>& integer) {
  if (failed_) return false;
  SkipSpace();
  size_t start = pos_;
  auto digits = [&] {
    size_t from = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return pos_ - from;
  };
  if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
  if (pos_ < s_.size() && s_[pos_] == '0') {
    ++pos_;
  } else if (digits() == 0) {
    return Fail();
  }
  bool plain = true;
  if (pos_ < s_.size() && s_[pos_] == '.') {
    ++pos_;
    plain = false;
    if (digits() == 0) return Fail();
  }
  if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
    ++pos_;
    plain = false;
    if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
    if (digits() == 0) return Fail();
  }
  text = s_.substr(start, pos_ - start);
  integer.reset();
  if (plain) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size()) {
      integer = v;
      return true;
    }
  }
  // Beyond 64 bits or with a fraction or exponent: a double, which must be finite (1e400 is
  // refused as nlohmann refuses it; 1e-400 is zero).
  double d = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec == std::errc::result_out_of_range && Overflows(text)) return Fail();
  return true;
}

bool JsonScan::Literal(std::string_view word) {
  if (s_.substr(pos_, word.size()) != word) return Fail();
  pos_ += word.size();
  return true;
}

bool JsonScan::Skip(std::string_view* raw) {
  auto t = Peek();
  if (!t) return false;
  const size_t start = pos_;
  const size_t depth = open_.size();
  std::string key;
  for (;;) {
    // One value: a scalar read whole, a container entered.
    switch (*t) {
      case Type::kObject:
      case Type::kArray:
        if (!Enter()) return false;
        break;
      case Type::kString:
        if (!ReadString(nullptr)) return false;
        break;
      case Type::kNumber: {
        std::string_view number;
        std::optional<int64_t> integer;
        if (!ReadNumber(number, integer)) return false;
        break;
      }
      case Type::kTrue:
        if (!Literal("true")) return false;
        break;
      case Type::kFalse:
        if (!Literal("false")) return false;
        break;
      case Type::kNull:
        if (!Literal("null")) return false;
        break;
    }
    // Then on to the next value inside the containers entered here, leaving those that end.
    bool more = false;
    while (open_.size() > depth && !more) {
      more = open_.back() == '{' ? NextKey(key) : NextElement();
      if (failed_) return false;
    }
    if (!more) break;
    t = Peek();
    if (!t) return false;
  }
  if (raw) *raw = s_.substr(start, pos_ - start);
  return true;
}

bool JsonScan::Finish() {
  if (failed_ || !open_.empty()) return false;
  SkipSpace();
  return pos_ == s_.size();
}

}  // namespace wp::core
