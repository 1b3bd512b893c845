// Data-driven analytics cases: each tests/analytics/cases/*.test holds an organisation,
// indicators and values, and queries with the figures they must return. Statements run in
// order; lines starting with '#' are comments ("# name: …" names the case).
//
//   org real
//       the organisation of data/ (domain::BuildInitialRegistry); its units are named by code,
//       with "@YYYY-MM-DD" for a unit that began on that date ("01" the Hà Nội of 2012,
//       "01@2025-07-01" the merged Hà Nội), and printed the same way
//   unit <handle> <kind> [parent=<h>] [from=<date>] [to=<date>] [into=<h>,<h>…]
//   [name=<words_with_underscores>]
//       kind: ministry, department, province, district, commune; `into` the successors
//   indicator <handle> <sum|mean|ratio|last|min|max> [num=<h> den=<h>] [scale=<x>]
//             [cmp=<min|max|eq|decrease_by|increase_by>] [target=<x>] [baseline=<x>]
//   value <unit> <indicator> <YYYY-MM|YYYY> <plan|estimate|actual> <number|clear>
//       YYYY alone is the year-level cell (month 0); "clear" empties the cell
//   months <unit> <indicator> <YYYY> <kind> <v1> … <v12>      ("-" leaves a month empty)
//   steps <indicator> <date>=<target>@<version> …
//       the target's steps through the year (issue 18: an amendment's value from its date),
//       set on the engine without a rebuild (Engine::SetTargetSteps); a measure whose target
//       is of a version after the first prints " v<version> from <date>" after its target line
//   <any statement> -> error <reason>                          the statement must fail so
//
//   query total <indicator> <unit|*> at=<date> period=<key> [read=<plan|estimate|actual|best>]
//   query children <indicator> <unit|*> at=<date> period=<key> [read=…]
//   query level <indicator> <kind> [under=<unit>] at=<date> period=<key> [read=…]
//   query measure <indicator> <unit|*> at=<date> year=<YYYY> [read=…]
//   query rank <indicator> <kind> [under=<unit>] at=<date> year=<YYYY>
//   query node <unit|*> at=<date>
//   ----
//   <expected lines, up to a blank line or the end of the file>
//
// `*` is the whole country; period keys are those of domain::Period ("2012-M03", "2012-Q1",
// "2012-H2", "2012-Y") and "2012-YTD05". Figures print with at most four decimals, "-" for
// none, "n=" the cells behind them; rows of units shown outside their dates carry their label in
// brackets; a failing query prints "error <reason>". Every query is answered twice — by the
// engine the statements updated one by one, and by one loaded in bulk from the same cells —
// and the two must agree. WP_REWRITE=1 rewrites every expectation, for review with git diff.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include <gtest/gtest.h>

#include "analytics/engine.hpp"
#include "analytics/measures.hpp"
#include "domain/org_catalog.hpp"

namespace {

namespace fs = std::filesystem;
using namespace wp;
using analytics::Engine;

std::string Slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string Num(std::optional<double> x) {
  if (!x) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", *x);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string Pct(std::optional<double> x) {
  return x ? Num(std::round(*x * 10000) / 100) + "%" : "-";
}

class CaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The state a case builds up.
class Runner {
 public:
  explicit Runner(std::string source_dir) : source_dir_(std::move(source_dir)) {}

  // Runs one statement; "" or an error text.
  std::string Statement(const std::string& line) {
    std::string text = line, want_error;
    if (auto arrow = line.find(" -> error "); arrow != std::string::npos) {
      text = line.substr(0, arrow);
      want_error = line.substr(arrow + 10);
    }
    std::string got = Execute(Words(text));
    if (want_error.empty()) return got.empty() ? "" : "unexpected failure: " + got;
    if (got.empty()) return "expected error " + want_error + ", got success";
    if (got.rfind(want_error, 0) != 0) return "expected error " + want_error + ", got " + got;
    return "";
  }

  std::vector<std::string> Query(const std::vector<std::string>& w) {
    EnsureEngine();
    std::vector<std::string> a = Answer(*engine_, w);
    // The same answer from the cells loaded in bulk (roll-ups computed in one pass).
    auto bulk = Engine::Create(engine_->registry(), engine_->indicators());
    if (!bulk) throw CaseError("bulk engine: " + bulk.error().message);
    std::vector<analytics::Value> cells;
    for (const auto& [key, v] : cells_) cells.push_back(v);
    if (auto st = bulk->Load(cells); !st) throw CaseError("bulk load: " + st.error().message);
    std::vector<std::string> b = Answer(*bulk, w);
    if (a != b) {
      std::string msg = "incremental and bulk engines disagree:\n";
      for (auto& l : a) msg += "  inc  " + l + "\n";
      for (auto& l : b) msg += "  bulk " + l + "\n";
      throw CaseError(msg);
    }
    return a;
  }

 private:
  std::string Execute(const std::vector<std::string>& w) {
    if (w.empty()) return "";
    if (w[0] == "org" && w.size() == 2 && w[1] == "real") return LoadReal();
    if (w[0] == "unit") return AddUnit(w);
    if (w[0] == "indicator") return AddIndicator(w);
    if (w[0] == "value" && w.size() == 6) return SetValue(w[1], w[2], w[3], w[4], w[5]);
    if (w[0] == "steps" && w.size() >= 2) return SetSteps(w);
    if (w[0] == "months" && w.size() == 17) {
      for (int m = 1; m <= 12; ++m) {
        if (w[4 + m] == "-") continue;
        char period[16];
        std::snprintf(period, sizeof period, "%s-%02d", w[3].c_str(), m);
        if (std::string e = SetValue(w[1], w[2], period, w[4], w[4 + m]); !e.empty()) return e;
      }
      return "";
    }
    throw CaseError("unknown statement: " + w[0]);
  }

  std::string LoadReal() {
    auto reg = domain::BuildInitialRegistry(Slurp(source_dir_ + "/data/provinces.csv"),
                                            Slurp(source_dir_ + "/data/provinces_2025.csv"));
    if (!reg) throw CaseError(reg.error().message);
    units_ = reg->units();
    for (const auto& u : units_) {
      std::string h = u.valid_from ? u.code + "@" + u.valid_from->ToIso() : u.code;
      handle_of_[u.id] = h;
      unit_of_.emplace(h, u.id);
    }
    return "";
  }

  static std::map<std::string, std::string> Options(const std::vector<std::string>& w,
                                                    size_t from) {
    std::map<std::string, std::string> o;
    for (size_t i = from; i < w.size(); ++i) {
      auto eq = w[i].find('=');
      if (eq == std::string::npos) throw CaseError("expected key=value: " + w[i]);
      o[w[i].substr(0, eq)] = w[i].substr(eq + 1);
    }
    return o;
  }

  static core::CivilDate Date(const std::string& s) {
    auto d = core::ParseIsoDate(s);
    if (!d) throw CaseError("bad date " + s);
    return *d;
  }

  domain::OrgUnitId Unit(const std::string& h) const {
    auto it = unit_of_.find(h);
    if (it == unit_of_.end()) throw CaseError("unknown unit handle " + h);
    return it->second;
  }

  std::string AddUnit(const std::vector<std::string>& w) {
    if (engine_) throw CaseError("units must come before values and queries");
    if (w.size() < 3) throw CaseError("unit <handle> <kind> …");
    domain::OrgUnit u;
    u.id = static_cast<domain::OrgUnitId>(units_.size() + 1);
    u.code = w[1];
    u.name = w[1];
    auto kind = domain::ParseOrgKind(w[2]);
    if (!kind) throw CaseError("bad kind " + w[2]);
    u.kind = *kind;
    for (auto& [k, v] : Options(w, 3)) {
      if (k == "parent") u.parent = Unit(v);
      if (k == "from") u.valid_from = Date(v);
      if (k == "to") u.valid_to = Date(v);
      if (k == "name") {
        u.name = v;
        std::replace(u.name.begin(), u.name.end(), '_', ' ');
      }
      if (k == "into") pending_successors_.emplace_back(units_.size(), v);
    }
    handle_of_[u.id] = w[1];
    unit_of_[w[1]] = u.id;
    units_.push_back(std::move(u));
    return "";
  }

  std::string AddIndicator(const std::vector<std::string>& w) {
    if (engine_) throw CaseError("indicators must come before values and queries");
    if (w.size() < 3) throw CaseError("indicator <handle> <aggregation> …");
    analytics::Indicator ind;
    ind.id = static_cast<analytics::IndicatorId>(indicators_.size() + 1);
    ind.code = ind.name = w[1];
    auto agg = analytics::ParseAggregation(w[2]);
    if (!agg) throw CaseError("bad aggregation " + w[2]);
    ind.aggregation = *agg;
    for (auto& [k, v] : Options(w, 3)) {
      if (k == "num") ind.numerator = Indicator(v);
      if (k == "den") ind.denominator = Indicator(v);
      if (k == "scale") ind.ratio_scale = std::stod(v);
      if (k == "target") ind.target = std::stod(v);
      if (k == "baseline") ind.baseline = std::stod(v);
      if (k == "cmp") {
        auto c = domain::ParseComparator(v);
        if (!c) throw CaseError("bad comparator " + v);
        ind.comparator = *c;
      }
    }
    indicator_of_[w[1]] = ind.id;
    handle_of_indicator_[ind.id] = w[1];
    indicators_.push_back(std::move(ind));
    return "";
  }

  std::string SetSteps(const std::vector<std::string>& w) {
    EnsureEngine();
    std::vector<analytics::TargetStep> steps;
    for (size_t i = 2; i < w.size(); ++i) {
      auto eq = w[i].find('=');
      auto at = w[i].find('@');
      if (eq == std::string::npos || at == std::string::npos || at < eq)
        throw CaseError("steps: <date>=<target>@<version>");
      steps.push_back({Date(w[i].substr(0, eq)), std::stod(w[i].substr(eq + 1, at - eq - 1)),
                       std::stoi(w[i].substr(at + 1))});
    }
    auto st = engine_->SetTargetSteps(Indicator(w[1]), std::move(steps));
    return st ? "" : st.error().reason + ": " + st.error().message;
  }

  analytics::IndicatorId Indicator(const std::string& h) const {
    auto it = indicator_of_.find(h);
    // Unknown handles become ids no indicator has, so that errors can be tested.
    return it == indicator_of_.end() ? 9999 : it->second;
  }

  void EnsureEngine() {
    if (engine_) return;
    for (auto& [index, list] : pending_successors_) {
      std::istringstream in(list);
      for (std::string h; std::getline(in, h, ',');) units_[index].successors.push_back(Unit(h));
    }
    auto e = Engine::Create(domain::OrgRegistry(units_), indicators_);
    if (!e) throw CaseError("engine: " + e.error().reason + ": " + e.error().message);
    engine_ = std::make_unique<Engine>(std::move(*e));
  }

  std::string SetValue(const std::string& unit, const std::string& ind, const std::string& period,
                       const std::string& kind, const std::string& number) {
    EnsureEngine();
    analytics::Value v;
    auto it = unit_of_.find(unit);
    v.unit = it == unit_of_.end() ? 9999 : it->second;
    v.indicator = Indicator(ind);
    v.year = std::stoi(period.substr(0, 4));
    v.month = period.size() > 4 ? std::stoi(period.substr(5)) : 0;
    auto k = domain::ParseValueKind(kind);
    if (!k) throw CaseError("bad kind " + kind);
    v.kind = *k;
    if (number != "clear") v.value = number == "nan" ? std::nan("") : std::stod(number);
    auto st = engine_->Upsert(v);
    if (!st) return st.error().reason + ": " + st.error().message;
    cells_[{v.unit, v.indicator, v.year, v.month, static_cast<int>(v.kind)}] = v;
    return "";
  }

  std::string Handle(const analytics::NodeInfo& n) const {
    if (!n.unit) return "*";
    auto it = handle_of_.find(*n.unit);
    return it == handle_of_.end() ? n.code : it->second;
  }

  std::string RowText(const analytics::Row& r) const {
    std::string s =
        Handle(r.node) + " " + Num(r.aggregate.value) + " n=" + std::to_string(r.aggregate.count);
    if (r.node.outside_date) s += " [" + r.node.label + "]";
    return s;
  }

  std::vector<std::string> Answer(const Engine& e, const std::vector<std::string>& w) const {
    if (w.size() < 2) throw CaseError("query what?");
    const std::string& what = w[1];
    auto error = [](const core::Error& err) {
      return std::vector<std::string>{"error " + err.reason + ": " + err.message};
    };
    auto unit_arg = [&](const std::string& h) -> std::optional<domain::OrgUnitId> {
      if (h == "*") return std::nullopt;
      auto it = unit_of_.find(h);
      return it == unit_of_.end() ? 9999 : it->second;
    };
    if (what == "node") {
      auto o = Options(w, 3);
      auto n = e.Node(unit_arg(w[2]), Date(o.at("at")));
      if (!n) return error(n.error());
      std::string s = Handle(*n) + " " + n->label;
      if (n->parent) s += " parent=" + handle_of_.at(*n->parent);
      return {s};
    }
    if (w.size() < 4) throw CaseError("query " + what + " <indicator> <unit|kind> …");
    const bool by_level = what == "level" || what == "rank";
    auto o = Options(w, 4);
    analytics::Query q;
    q.indicator = Indicator(w[2]);
    q.unit = by_level ? (o.count("under") ? unit_arg(o["under"]) : std::nullopt) : unit_arg(w[3]);
    q.at = Date(o.at("at"));
    if (o.count("read")) {
      auto r = analytics::ParseRead(o["read"]);
      if (!r) throw CaseError("bad read " + o["read"]);
      q.read = *r;
    }
    std::optional<domain::OrgKind> kind;
    if (by_level) {
      kind = domain::ParseOrgKind(w[3]);
      if (!kind) throw CaseError("bad kind " + w[3]);
    }
    if (what == "measure" || what == "rank") {
      analytics::MeasureQuery mq{q.indicator, q.unit, q.at, std::stoi(o.at("year")), q.read};
      if (what == "rank") {
        auto ranked = analytics::Rank(e, mq, *kind);
        if (!ranked) return error(ranked.error());
        std::vector<std::string> out;
        for (size_t i = 0; i < ranked->size(); ++i) {
          const auto& m = (*ranked)[i];
          out.push_back(std::to_string(i + 1) + " " + Handle(m.node) + " " +
                        Pct(m.projected_achievement) + " " + analytics::StatusName(m.status));
        }
        return out;
      }
      auto m = analytics::Evaluate(e, mq);
      if (!m) return error(m.error());
      return {
          "current " + Num(m->current) + " n=" + std::to_string(m->count) +
              " months=" + std::to_string(m->months_elapsed),
          "target " + Num(m->target) + " " + (m->target_source.empty() ? "-" : m->target_source) +
              " baseline " + Num(m->baseline) +
              (m->target_from
                   ? " v" + std::to_string(m->target_version) + " from " + m->target_from->ToIso()
                   : std::string()),
          "achievement " + Pct(m->achievement) + " expected " + Num(m->expected) + " pace " +
              Pct(m->pace),
          "projection " + Num(m->projection) + " " + analytics::ProjectionMethodName(m->method) +
              " " + Pct(m->projected_achievement),
          std::string("status ") + analytics::StatusName(m->status) + ": " + m->explanation,
      };
    }
    auto window = analytics::ParseWindowKey(o.at("period"));
    if (!window) return error(window.error());
    q.window = *window;
    if (what == "total") {
      auto a = e.Get(q);
      if (!a) return error(a.error());
      return {Num(a->value) + " n=" + std::to_string(a->count)};
    }
    core::Result<std::vector<analytics::Row>> rows = what == "children" ? e.Children(q)
                                                     : what == "level"
                                                         ? e.Level(q, *kind)
                                                         : throw CaseError("query " + what);
    if (!rows) return error(rows.error());
    std::vector<std::string> out;
    for (const auto& r : *rows) out.push_back(RowText(r));
    return out;
  }

  std::string source_dir_;
  std::vector<domain::OrgUnit> units_;
  std::vector<std::pair<size_t, std::string>> pending_successors_;
  std::map<std::string, domain::OrgUnitId> unit_of_;
  std::map<domain::OrgUnitId, std::string> handle_of_;
  std::vector<analytics::Indicator> indicators_;
  std::map<std::string, analytics::IndicatorId> indicator_of_;
  std::map<analytics::IndicatorId, std::string> handle_of_indicator_;
  std::map<std::tuple<domain::OrgUnitId, analytics::IndicatorId, int, int, int>, analytics::Value>
      cells_;
  std::unique_ptr<Engine> engine_;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(WP_SOURCE_DIR) / "tests/analytics/cases")) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class AnalyticsCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(AnalyticsCase, MatchesExpectation) {
  const fs::path path = GetParam();
  std::vector<std::string> lines = Lines(Slurp(path)), rewritten;
  Runner runner(WP_SOURCE_DIR);
  size_t queries = 0;
  try {
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string& line = lines[i];
      rewritten.push_back(line);
      if (line.empty() || line[0] == '#') continue;
      const std::string where = path.filename().string() + ":" + std::to_string(i + 1);
      if (line.rfind("query ", 0) != 0) {
        std::string problem = runner.Statement(line);
        EXPECT_TRUE(problem.empty()) << where << ": " << line << "\n  " << problem;
        continue;
      }
      ++queries;
      ASSERT_TRUE(i + 1 < lines.size() && lines[i + 1] == "----")
          << where << ": a query is followed by ----";
      rewritten.push_back("----");
      i += 2;
      std::vector<std::string> expected;
      for (; i < lines.size() && !lines[i].empty(); ++i) expected.push_back(lines[i]);
      std::vector<std::string> got = runner.Query(Words(line));
      rewritten.insert(rewritten.end(), got.begin(), got.end());
      if (i < lines.size()) rewritten.push_back("");
      if (got != expected) {
        std::string want_text, got_text;
        for (auto& l : expected) want_text += "    " + l + "\n";
        for (auto& l : got) got_text += "    " + l + "\n";
        ADD_FAILURE() << where << ": " << line << "\n  expected:\n"
                      << want_text << "  got:\n"
                      << got_text;
      }
    }
  } catch (const CaseError& e) {
    FAIL() << path.filename() << ": " << e.what();
  } catch (const std::exception& e) {
    FAIL() << path.filename() << ": " << e.what();
  }
  EXPECT_GT(queries, 0u) << "a case without queries tests nothing";
  if (std::getenv("WP_REWRITE")) {
    std::ofstream out(path, std::ios::binary);
    for (auto& l : rewritten) out << l << "\n";
    GTEST_SKIP() << "rewrote " << path;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, AnalyticsCase, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<fs::path>& param) {
                           std::string n = param.param.stem().string();
                           for (char& ch : n) {
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

}  // namespace
