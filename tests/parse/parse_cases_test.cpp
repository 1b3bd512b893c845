// Data-driven parser cases (after DuckDB's sqllogictest files): each tests/parse/cases/*.test
// holds a decision text (or names a seed) and the expected output of `workplan parse`.
//
//   # name: what the case shows
//   # input: data/seeds/molisa_2012.txt     (optional; otherwise the text below is the input)
//   # expect: json | summary | error | unit_program   (default json; unit_program reads the text
//                                               as a unit's own program, ingest::BindUnitProgram)
//   # keys: targets budgets                    (optional; compare only these top-level keys)
//   # indicators: none                         (optional; default: data/indicators/*.csv)
//   # item: II.2.1 | Phát triển thị trường lao động …   (unit_program cases: the unit's items)
//   # year: 2012                                (unit_program cases: the program's year)
//   <decision text>
//   ----
//   <expected output>
//
// WP_REWRITE=1 rewrites every expectation from the current output, for review with git diff.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/unit_program_json.hpp"
#include "app/parse_command.hpp"
#include "doc/parser.hpp"
#include "ingest/unit_program.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

struct Case {
  fs::path path;
  std::string name, input_file, expect = "json";
  std::vector<std::string> keys;
  bool indicators = true;            // bind with data/indicators/*.csv, as `workplan parse` does
  wp::ingest::UnitItems unit_items;  // unit_program cases
  std::string header, text, expected;
};

std::string Slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

Case Load(const fs::path& path) {
  Case c;
  c.path = path;
  std::string all = Slurp(path);
  size_t sep = all.find("\n----\n");
  std::string head = sep == std::string::npos ? all : all.substr(0, sep + 1);
  c.expected = sep == std::string::npos ? "" : all.substr(sep + 6);
  std::istringstream lines(head);
  std::string line;
  size_t consumed = 0;
  while (std::getline(lines, line) && line.starts_with("# ")) {
    consumed += line.size() + 1;
    auto colon = line.find(':');
    std::string key = line.substr(2, colon - 2),
                value = colon == std::string::npos ? "" : line.substr(colon + 2);
    if (key == "name") c.name = value;
    if (key == "input") c.input_file = value;
    if (key == "indicators") c.indicators = value != "none";
    if (key == "expect") c.expect = value;
    if (key == "year") c.unit_items.year = std::stoi(value);
    if (key == "item") {
      auto bar = value.find(" | ");
      c.unit_items.items.push_back(
          {value.substr(0, bar), bar == std::string::npos ? "" : value.substr(bar + 3)});
    }
    if (key == "keys") {
      std::istringstream ks(value);
      for (std::string k; ks >> k;) c.keys.push_back(k);
    }
  }
  c.header = head.substr(0, consumed);
  c.text = head.substr(consumed);
  return c;
}

struct Outcome {
  int exit_code;
  std::string out, err;
};

Outcome RunCase(const Case& c) {
  if (c.expect == "unit_program") {
    auto parsed = wp::doc::Parse(c.text);
    if (!parsed) return {1, "", parsed.error().message};
    auto imported = wp::ingest::BindUnitProgram(*parsed, c.unit_items);
    return {0, wp::api::UnitImportJson(imported).dump(2) + "\n", ""};
  }
  std::istringstream in(c.text);
  std::ostringstream out, err;
  std::string path = c.input_file.empty() ? "-" : (fs::path(WP_SOURCE_DIR) / c.input_file).string();
  auto format =
      c.expect == "summary" ? wp::app::OutputFormat::kSummary : wp::app::OutputFormat::kJson;
  wp::app::ParseOptions options;
  if (c.indicators) {
    auto catalogue = wp::app::LoadIndicatorCatalogues(fs::path(WP_SOURCE_DIR) / "data");
    EXPECT_TRUE(catalogue) << catalogue.error().message;
    if (catalogue) options.indicators = std::move(*catalogue);
  }
  int code = wp::app::RunParse(path, format, in, out, err, options);
  std::string o = out.str();
  if (!c.input_file.empty()) {
    // Keep expectations independent of where the checkout lives.
    std::string abs = path;
    for (size_t at; (at = o.find(abs)) != std::string::npos;)
      o.replace(at, abs.size(), c.input_file);
  }
  return {code, o, err.str()};
}

std::string Project(const Case& c, const std::string& json_text) {
  ordered_json j = ordered_json::parse(json_text);
  if (c.keys.empty()) return j.dump(2) + "\n";
  ordered_json p;
  for (const auto& k : c.keys) p[k] = j[k];
  return p.dump(2) + "\n";
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(WP_SOURCE_DIR) / "tests/parse/cases")) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class ParseCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(ParseCase, MatchesExpectation) {
  Case c = Load(GetParam());
  Outcome r = RunCase(c);
  std::string actual;
  if (c.expect == "error") {
    ASSERT_NE(r.exit_code, 0) << "expected an error, got output:\n" << r.out.substr(0, 400);
    EXPECT_TRUE(r.out.empty()) << "an error must not print a partial result";
    actual = r.err;
  } else {
    ASSERT_EQ(r.exit_code, 0) << r.err;
    actual = c.expect == "json" || c.expect == "unit_program" ? Project(c, r.out) : r.out;
  }
  if (std::getenv("WP_REWRITE")) {
    std::ofstream(c.path, std::ios::binary) << c.header << c.text << "----\n" << actual;
    GTEST_SKIP() << "rewrote " << c.path;
  }
  if (c.expect == "json" || c.expect == "unit_program") {
    ordered_json want = ordered_json::parse(c.expected), got = ordered_json::parse(actual);
    if (want != got) {
      ordered_json patch = ordered_json::diff(want, got);
      FAIL() << c.name << ": output differs from " << c.path.filename()
             << " (JSON patch from expected to actual):\n"
             << patch.dump(2).substr(0, 6000);
    }
  } else {
    EXPECT_EQ(actual, c.expected) << c.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ParseCase, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<fs::path>& param) {
                           std::string n = param.param.stem().string();
                           for (char& ch : n) {
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

}  // namespace
