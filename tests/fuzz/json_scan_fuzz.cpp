// libFuzzer target for core::JsonScan, differential: on any bytes it must accept exactly what
// nlohmann::json accepts, and read the same value (the tree it walks, rebuilt, equals
// nlohmann's). A disagreement traps. `make fuzz` runs it after the parser's fuzzer;
// tests/fuzz/json_corpus is its seed corpus, replayed in every `make test`.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/json_scan.hpp"

namespace {

using nlohmann::ordered_json;
using wp::core::JsonScan;

// The value that starts next, read through the scanner's calls (recursively: inputs are short).
std::optional<ordered_json> Build(JsonScan& in) {
  auto t = in.Peek();
  if (!t) return std::nullopt;
  switch (*t) {
    case JsonScan::Type::kObject: {
      if (!in.Enter()) return std::nullopt;
      ordered_json out = ordered_json::object();
      std::string key;
      while (in.NextKey(key)) {
        auto v = Build(in);
        if (!v) return std::nullopt;
        out[key] = std::move(*v);  // a repeated key: the last value, at the first's place
      }
      if (in.failed()) return std::nullopt;
      return out;
    }
    case JsonScan::Type::kArray: {
      if (!in.Enter()) return std::nullopt;
      ordered_json out = ordered_json::array();
      while (in.NextElement()) {
        auto v = Build(in);
        if (!v) return std::nullopt;
        out.push_back(std::move(*v));
      }
      if (in.failed()) return std::nullopt;
      return out;
    }
    case JsonScan::Type::kString: {
      std::string s;
      if (!in.ReadString(&s)) return std::nullopt;
      return ordered_json(std::move(s));
    }
    case JsonScan::Type::kNumber: {
      std::string_view text;
      std::optional<int64_t> integer;
      if (!in.ReadNumber(text, integer)) return std::nullopt;
      auto n = ordered_json::parse(text, nullptr, false);
      if (n.is_discarded() || !n.is_number()) __builtin_trap();  // read as a number, is not one
      if (integer && !(n == ordered_json(*integer))) __builtin_trap();
      return n;
    }
    case JsonScan::Type::kTrue:
    case JsonScan::Type::kFalse:
    case JsonScan::Type::kNull: {
      std::string_view raw;
      if (!in.Skip(&raw)) return std::nullopt;
      return ordered_json::parse(raw);
    }
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.find('\0') != std::string_view::npos) {
    // nlohmann takes a NUL byte for the end of the input ("1\0x" is 1); JSON has no such
    // rule and the scanner refuses the byte outside strings (where only \u0000 may write it).
    JsonScan s(input);
    if (s.Skip() && s.Finish()) __builtin_trap();
    return 0;
  }
  auto want = ordered_json::parse(input, nullptr, false);
  bool accepted = !want.is_discarded();

  JsonScan skip(input);
  std::string_view raw;
  bool skipped = skip.Skip(&raw) && skip.Finish();
  if (skipped != accepted) __builtin_trap();

  JsonScan walk(input);
  auto got = Build(walk);
  bool built = got && walk.Finish();
  if (built != accepted) __builtin_trap();
  if (accepted) {
    if (!(*got == want)) __builtin_trap();
    // The raw text of the whole value is the value.
    if (!(ordered_json::parse(raw) == want)) __builtin_trap();
  }
  return 0;
}
