#pragma once
// Next year's program from the command line (issue 18), as a planner scripts it:
// `workplan program next-year --from 2 --year 2013` (the draft started from 2012's: what it
// carries), `workplan program reconcile 5 FILE [--apply decisions.json]` (next year's decision
// read against it, each proposal listed; with --apply the decisions [{key, take}] applied at the
// revision just read).

#include <iosfwd>
#include <string>

#include "app/server_command.hpp"

namespace wp::app {

struct NextYearCommand {
  long long from = 0;
  int year = 0;
  long long program = 0;
  std::string file;   // the decision (.txt, .docx, .pdf; "-" standard input)
  std::string apply;  // decisions.json: [{"key": …, "take": "2013" | "carried" | "drop"}]
};

int RunNextYear(const DbConfig& db, const NextYearCommand& c, std::ostream& out, std::ostream& err);
int RunReconcile(const DbConfig& db, const NextYearCommand& c, std::istream& in, std::ostream& out,
                 std::ostream& err);

}  // namespace wp::app
