// Parse throughput on the real seeds (Google Benchmark). Goal of issue 2: >= 20 MB/s, the
// 82 KB decision of 2012 in <= 4 ms, for the whole pipeline (UTF-8 check, NFC, parse, bind).

#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <string>

#include "doc/parser.hpp"
#include "ingest/binder.hpp"

namespace {

std::string Seed(const char* name) {
  std::ifstream f(std::string(WP_SOURCE_DIR) + "/data/seeds/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

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

BENCHMARK_CAPTURE(ParseAndBind, molisa_2012, "molisa_2012.txt")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ParseAndBind, molisa_2008, "molisa_2008.txt")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ParseOnly, molisa_2012, "molisa_2012.txt")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
