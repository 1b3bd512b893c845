// libFuzzer target for the .docx reader: any bytes in (as a zip, and as document.xml inside a
// well-formed package), never a crash, a leak, a hang or a sanitizer report out; every line has
// its origin. tests/fuzz/docx_corpus is its seed corpus, replayed in every test run.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "read/read.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  wp::read::Limits limits;
  limits.max_inflated = 8u << 20;
  limits.max_text = 1u << 20;
  auto r = wp::read::Extract(input, wp::read::Form::kDocx, limits);
  if (r) {
    size_t lines = 0;
    for (char c : r->text) lines += c == '\n';
    if (lines != r->origins.size()) __builtin_trap();
    if (r->text.size() > limits.max_text + (64u << 10)) __builtin_trap();
  }
  return 0;
}
