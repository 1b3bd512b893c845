#include "api/unit_program_json.hpp"

#include "api/plan_json.hpp"

namespace wp::api {

namespace {

nlohmann::ordered_json DateOrNull(const std::optional<core::CivilDate>& d) {
  return d ? nlohmann::ordered_json(d->ToIso()) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json TextOrNull(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

}  // namespace

nlohmann::ordered_json UnitImportJson(const domain::UnitProgramImport& imported) {
  nlohmann::ordered_json j;
  j["decision"] = {{"type", TextOrNull(imported.type)},
                   {"number", TextOrNull(imported.number)},
                   {"date", DateOrNull(imported.date)},
                   {"signer", TextOrNull(imported.signer)},
                   {"title", TextOrNull(imported.title)},
                   {"year", imported.year ? nlohmann::ordered_json(imported.year)
                                          : nlohmann::ordered_json(nullptr)}};
  auto tasks = nlohmann::ordered_json::array();
  int ord = 0;
  for (const domain::ImportedTask& t : imported.tasks) {
    nlohmann::ordered_json match = nullptr;
    if (t.rule != domain::ServesRule::kNone || !t.number_written.empty()) {
      match = {{"rule", domain::ServesRuleName(t.rule)},
               {"number_written", TextOrNull(t.number_written)}};
      if (t.rule == domain::ServesRule::kWords) match["overlap"] = t.overlap;
    }
    tasks.push_back({{"ord", ++ord},
                     {"text", t.text},
                     {"serves", TextOrNull(t.serves)},
                     {"match", match},
                     {"responsible", TextOrNull(t.responsible)},
                     {"coordinating", TextOrNull(t.coordinating)},
                     {"time_text", TextOrNull(t.time_text)},
                     {"start", DateOrNull(t.start)},
                     {"due", DateOrNull(t.due)},
                     {"output", TextOrNull(t.output)},
                     {"heading", TextOrNull(t.heading)},
                     {"span", SpanJson(t.span)}});
  }
  j["tasks"] = std::move(tasks);
  j["matched"] = imported.matched;
  j["unassigned"] = imported.unassigned;
  auto diagnostics = nlohmann::ordered_json::array();
  for (const auto& d : imported.diagnostics) diagnostics.push_back(DiagnosticJson(d));
  j["diagnostics"] = std::move(diagnostics);
  return j;
}

}  // namespace wp::api
