// libFuzzer target for the PDF reader: any bytes in as a PDF (poppler in process, as the child
// `workplan extract` runs it), through the word boxes' line assembly and the legacy-font reading,
// never a crash, a leak, a hang or a sanitizer report out; every line has its origin and the
// text stays within its bound. poppler itself is Debian's (not instrumented): what is fuzzed is
// our use of it and our code after it. tests/fuzz/pdf_corpus (make_pdf_corpus.py: small
// hand-made PDFs, a scan) is its seed corpus, replayed in every test run.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "read/read.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  wp::read::Limits limits;
  limits.max_pages = 20;
  limits.max_text = 1u << 20;
  limits.budget = std::chrono::milliseconds(5'000);
  auto r = wp::read::Extract(input, wp::read::Form::kPdf, limits);
  if (r) {
    size_t lines = 0;
    for (char c : r->text) lines += c == '\n';
    if (lines != r->origins.size()) __builtin_trap();
    if (r->text.size() > 2 * limits.max_text + (64u << 10)) __builtin_trap();
    if (r->pages < 0 || r->pages > limits.max_pages) __builtin_trap();
  }
  return 0;
}
