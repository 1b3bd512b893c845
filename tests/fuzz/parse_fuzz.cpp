// libFuzzer target for the decision parser and binder: any bytes in, never a crash, a leak,
// a hang or a sanitizer report out. `make fuzz` runs it; tests/fuzz/corpus is its seed corpus,
// and fuzz_corpus_test replays that corpus in every `make test`.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "doc/parser.hpp"
#include "ingest/binder.hpp"
#include "text/number.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto document = wp::doc::Parse(input);
  if (!document) return 0;
  wp::domain::PlanDraft plan = wp::ingest::Bind(*document);
  // Every span must stay inside the input.
  auto check = [&](const wp::core::SourceSpan& s) {
    if (static_cast<size_t>(s.offset) + s.length > size) __builtin_trap();
  };
  for (const auto& t : plan.targets) check(t.span);
  for (const auto& b : plan.budgets) check(b.span);
  for (const auto& d : plan.deadlines) check(d.span);
  for (const auto& s : plan.sections) check(s.span);
  for (const auto& d : plan.diagnostics) check(d.span);
  // The number reader at every offset of a short input.
  if (size < 256) {
    for (size_t i = 0; i < size; ++i) (void)wp::text::ReadQuantity(document->text(), i);
  }
  return 0;
}
