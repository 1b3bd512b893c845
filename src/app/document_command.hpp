#pragma once
// The papers from the command line (issue 17): `workplan report consolidated` writes the
// consolidated report of a period (or a unit's own, --unit) as .docx, creating or regenerating
// its draft; `workplan document list` and `workplan document issue`; `workplan document
// briefing` writes the giao ban's pack of a month as .docx.

#include <iosfwd>
#include <string>

#include "app/server_command.hpp"

namespace wp::app {

struct DocumentCommand {
  long long program = 0;
  std::string period;  // "2012-M12"
  std::string as_of;   // "" → the period's end, or today
  std::string unit;    // a unit's code or id: its own report; "" → the consolidated report
  std::string out;     // the .docx to write
  long long id = 0;    // document issue
  long long version = 0;
  long long number = 0;  // 0 → the next
  std::string date;      // the issue date
  std::string signer, signer_title, authority;
  bool authority_given = false, title_given = false;
};

int RunReportConsolidated(const DbConfig& db, const DocumentCommand& c, std::ostream& out,
                          std::ostream& err);
int RunDocumentList(const DbConfig& db, const DocumentCommand& c, std::ostream& out,
                    std::ostream& err);
// The briefing pack of --period (a month; --as-of the figures' date, --unit a unit's) written
// to --out from the Office's giao_ban template.
int RunDocumentBriefing(const DbConfig& db, const DocumentCommand& c, std::ostream& out,
                        std::ostream& err);
int RunDocumentIssue(const DbConfig& db, const DocumentCommand& c, std::ostream& out,
                     std::ostream& err);

}  // namespace wp::app
