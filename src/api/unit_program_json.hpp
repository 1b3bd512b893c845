#pragma once
// What reading a unit's own decision proposes (ingest::BindUnitProgram), as JSON: the answer of
// POST /programs/{id}/unit-programs/{unit}/import and of the parse cases
// (tests/parse/cases/unit_program_*.test).

#include <nlohmann/json.hpp>

#include "domain/unit_program_read.hpp"

namespace wp::api {

// {decision:{type,number,date,signer,title,year}, tasks:[{ord, text, serves, match:{rule,
// number_written, overlap}, responsible, coordinating, time_text, start, due, output, heading,
// span}], matched, unassigned, diagnostics}
nlohmann::ordered_json UnitImportJson(const domain::UnitProgramImport& imported);

}  // namespace wp::api
