// The server's checks of a report (domain::ValidateReport) against the case file the browser's
// form is tested with too (web/src/lib/report_checks.test.ts): the same problems on the same
// fields, in the same order, with the same codes and Vietnamese messages. A value the browser
// cannot read as a number never reaches these checks (the API's JSON reader refuses it), so
// such an entry is left out here and its expected problem with it.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/decimal.hpp"
#include "domain/report.hpp"

namespace wp {
namespace {

using nlohmann::json;

json Cases() {
  std::ifstream in(std::string(WP_SOURCE_DIR) + "/tests/report_checks/cases.json");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

std::vector<domain::FormTarget> Targets(const json& file) {
  std::vector<domain::FormTarget> out;
  for (const auto& t : file.at("targets")) {
    domain::FormTarget target;
    target.id = t.at("id").get<int64_t>();
    target.indicator = t.at("indicator").get<std::string>();
    target.unit = t.at("unit").get<std::string>();
    target.comparator = domain::ParseComparator(t.at("comparator").get<std::string>()).value();
    if (!t.at("parent_id").is_null()) target.parent_id = t.at("parent_id").get<int64_t>();
    target.additive = t.value("additive", true);
    out.push_back(target);
  }
  return out;
}

core::Decimal Number(const json& text) {
  auto d = core::ParseDecimal(text.get<std::string>());
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(core::Decimal{});
}

// A text of the case file: as written, or {"repeat": text, "times": n} for the long ones.
std::string Text(const json& text) {
  if (text.is_null()) return "";
  if (text.is_string()) return text.get<std::string>();
  std::string out;
  for (int i = 0; i < text.at("times").get<int>(); ++i) out += text.at("repeat").get<std::string>();
  return out;
}

domain::ValueScope Scope(const json& v) {
  return domain::ParseValueScope(v.at("scope").get<std::string>()).value();
}

struct Outcome {
  std::string field, code, message, severity;
  bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Outcome& o) {
  return out << o.field << " " << o.code << " [" << o.severity << "] " << o.message;
}

TEST(ReportChecks, TheServerFindsWhatTheCaseFileSays) {
  const json file = Cases();
  const auto targets = Targets(file);
  const auto task_ids = file.at("tasks").get<std::vector<std::string>>();
  size_t checked = 0;
  for (const auto& c : file.at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    domain::ReportContent content;
    std::vector<std::string> unread;  // fields the browser sends no number for
    for (const auto& v : c.value("values", json::array())) {
      std::string field = domain::ValueField(v.at("target_id").get<int64_t>(), Scope(v));
      if (v.at("value").is_null()) {
        unread.push_back(field);
      } else {  // an empty cell is sent as cleared
        std::optional<core::Decimal> value;
        if (v.at("value") != "") value = Number(v.at("value"));
        content.values.push_back({v.at("target_id").get<int64_t>(), Scope(v),
                                  domain::ValueKind::kEstimate, value,
                                  Text(v.value("note", json()))});
      }
    }
    for (const auto& t : c.value("tasks", json::array())) {
      domain::TaskProgress p;
      p.task_id = t.at("task_id").get<std::string>();
      p.status = domain::ParseTaskStatus(t.at("status").get<std::string>()).value();
      if (t.at("percent") != "") p.percent = std::stoi(t.at("percent").get<std::string>());
      p.output = Text(t.value("output", json()));
      content.tasks.push_back(p);
    }
    const json narrative = c.value("narrative", json::object());
    for (const auto& [section, text] : narrative.items()) {
      content.narrative[static_cast<size_t>(domain::ParseNarrative(section).value())] = Text(text);
    }
    std::vector<domain::ReferenceValue> references;
    for (const auto& r : c.value("references", json::array())) {
      std::string role = r.value("role", "far_from");
      EXPECT_TRUE(role == "far_from" || role == "previous_cumulative" || role == "year_start");
      references.push_back({r.at("target_id").get<int64_t>(), Scope(r), Number(r.at("value")),
                            r.at("source").get<std::string>(),
                            role == "previous_cumulative"
                                ? domain::ReferenceRole::kPreviousCumulative
                            : role == "year_start" ? domain::ReferenceRole::kYearStart
                                                   : domain::ReferenceRole::kFarFrom});
    }

    std::vector<Outcome> expected, found;
    for (const auto& p : c.at("problems")) {
      Outcome o{p.at("field"), p.at("code"), p.at("message"), p.value("severity", "error")};
      if (std::find(unread.begin(), unread.end(), o.field) != unread.end()) {
        EXPECT_EQ(o.code, "not_a_number");
        continue;
      }
      expected.push_back(o);
    }
    for (const auto& p : domain::ValidateReport(targets, task_ids, content, references)) {
      found.push_back({p.field, p.code, p.message,
                       p.severity == domain::ProblemSeverity::kError ? "error" : "confirm"});
    }
    EXPECT_EQ(found, expected);
    ++checked;
  }
  EXPECT_GE(checked, 12u);
}

}  // namespace
}  // namespace wp
