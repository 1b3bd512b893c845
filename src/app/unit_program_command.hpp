#pragma once
// Units' own programs from the command line (issue 18), as a planner scripts them:
// `workplan unit-programs list --program 2 [--unit 01] [--status missing]` (each unit the
// program asks one of, where it stands, late or not), `workplan unit-programs accept|return
// --program 2 --unit 01 [--comment …]` (a return needs its comment).

#include <iosfwd>
#include <string>

#include "app/server_command.hpp"

namespace wp::app {

struct UnitProgramCommand {
  long long program = 0;
  std::string unit;    // a unit's code or id
  std::string status;  // list: not_due, missing, draft, submitted, returned, accepted
  std::string comment;
  std::string file;  // import: the unit's decision (.txt or .docx; "-" standard input)
};

int RunUnitProgramsList(const DbConfig& db, const UnitProgramCommand& c, std::ostream& out,
                        std::ostream& err);
// `action`: "accept" or "return".
int RunUnitProgramDecide(const DbConfig& db, const UnitProgramCommand& c, const std::string& action,
                         std::ostream& out, std::ostream& err);

// `workplan unit-programs import --program 2 --unit 01 FILE`: the unit's own decision read
// into its program's draft (UnitPrograms::Import), its tasks listed with the Ministry item each
// serves and why, then the diagnostics.
int RunUnitProgramImport(const DbConfig& db, const UnitProgramCommand& c, std::istream& in,
                         std::ostream& out, std::ostream& err);

}  // namespace wp::app
