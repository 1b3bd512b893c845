// Parse throughput on the real seeds (Google Benchmark). Goal of issue 2: >= 20 MB/s, the
// 82 KB decision of 2012 in <= 4 ms, for the whole pipeline (UTF-8 check, NFC, parse, bind).

#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <string>

#include "doc/parser.hpp"
#include "ingest/binder.hpp"
#include "read/read.hpp"

namespace {

std::string File(const std::string& path) {
  std::ifstream f(std::string(WP_SOURCE_DIR) + "/" + path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::string Seed(const char* name) { return File(std::string("data/seeds/") + name); }

void ParseAndBind(benchmark::State& state, const char* name) {
  const std::string text = Seed(name);
  for (auto _ : state) {
    auto doc = wp::doc::Parse(text);
    if (!doc) state.SkipWithError("parse failed");
    auto plan = wp::ingest::Bind(*doc);
    benchmark::DoNotOptimize(plan.targets.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

void ParseOnly(benchmark::State& state, const char* name) {
  const std::string text = Seed(name);
  for (auto _ : state) {
    auto doc = wp::doc::Parse(text);
    benchmark::DoNotOptimize(doc->blocks.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

// The readers (issue 19) on the seeds LibreOffice wrote (tests/read/fixtures): MB/s of the file
// as uploaded, pages/s for the PDF; Extract alone, then extraction, parse and bind.
void Extract(benchmark::State& state, const char* name, bool parse) {
  const std::string bytes = File(std::string("tests/read/fixtures/") + name);
  int pages = 0;
  for (auto _ : state) {
    auto r = wp::read::Extract(bytes);
    if (!r) {
      state.SkipWithError("extract failed");
      break;
    }
    pages = r->pages;
    if (parse) {
      auto doc = wp::doc::Parse(r->text);
      if (!doc) state.SkipWithError("parse failed");
      auto plan = wp::ingest::Bind(*doc);
      benchmark::DoNotOptimize(plan.targets.data());
    }
    benchmark::DoNotOptimize(r->text.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes.size()));
  if (pages > 0) {
    state.counters["pages/s"] =
        benchmark::Counter(static_cast<double>(pages) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
  }
}

BENCHMARK_CAPTURE(ParseAndBind, molisa_2012, "molisa_2012.txt")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ParseAndBind, molisa_2008, "molisa_2008.txt")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ParseOnly, molisa_2012, "molisa_2012.txt")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Extract, docx_2012, "molisa_2012.docx", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Extract, pdf_2012, "molisa_2012.pdf", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Extract, docx_2012_parse_bind, "molisa_2012.docx", true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Extract, pdf_2012_parse_bind, "molisa_2012.pdf", true)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
