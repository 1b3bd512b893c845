#pragma once
// Who reports what (issue 16): the responsibility matrix of a program — proposed by the binder
// at import, confirmed or changed by a planner, changed from a date once the program is
// published — and the issuer's catalogue of indicators the targets measure. The matrix is read
// through Reporters(), kept per program while its revision is the stored one (every server
// sees another's change at its next read).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/indicator.hpp"
#include "domain/responsibility.hpp"
#include "service/common.hpp"

namespace wp::service {

class Organisation;
class ProgramCache;

// A column of the matrix: "group:province", "group:department" or "unit:<id>".
struct MatrixColumn {
  std::string key;
  std::string label;
};

struct MatrixReporter {
  std::string key;  // a column's
  std::optional<domain::Frequency> frequency;
  domain::ReporterSource source = domain::ReporterSource::kProposed;
  std::string rule;
  core::CivilDate valid_from;
  std::optional<core::CivilDate> valid_to;
};

struct MatrixRow {
  int64_t target_id = 0;
  std::string section;
  std::string display_name;
  std::string indicator_code;
  std::vector<MatrixReporter> reporters;  // in force on the view's date
  std::optional<domain::OrgUnitId> consolidator;
  std::string consolidator_name;
  std::string why_none;  // no reporter: why (the binder's reason), else ""
};

struct MatrixView {
  ProgramId program = 0;
  int64_t revision = 0;
  core::CivilDate at;
  std::vector<MatrixColumn> columns;
  std::vector<MatrixRow> rows;
};

// A planner's matrix for one target: the reporters by column key, and the consolidating unit.
struct MatrixChange {
  int64_t target_id = 0;
  struct Who {
    std::string key;
    std::optional<domain::Frequency> frequency;
  };
  std::vector<Who> reporters;
  std::optional<domain::OrgUnitId> consolidator;
};

// An edit of a catalogue indicator: the fields set are replaced.
struct IndicatorEdit {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> aliases;
  std::optional<domain::Aggregation> aggregation;
  std::optional<domain::Better> better;
  std::optional<std::string> sentence;  // "" drops it (domain::IsSentenceWording otherwise)
};

class Responsibilities {
 public:
  Responsibilities(store::Store& store, const Organisation& org, ProgramCache& programs,
                   const Time& time);
  ~Responsibilities();

  // Every row of the program's matrix (closed ones too), shared, kept while the program's
  // responsibility revision is the stored one. Empty for a program without a matrix (imported
  // before issue 16, or made by gen-data): then today's rules hold. kNotFound.
  core::Result<std::shared_ptr<const std::vector<domain::Reporter>>> Reporters(ProgramId program);
  // The matrix revision the last Reporters() of `program` was read at (a cache key).
  core::Result<int64_t> Revision(ProgramId program);

  // The matrix in force on `at` (today when none; the program's date when before it), for
  // those who may read the program.
  core::Result<MatrixView> Matrix(const domain::Principal& by, ProgramId program,
                                  std::optional<core::CivilDate> at);
  // Replaces the matrix of the targets `rows` names (planner, admin): on a draft as a whole, on
  // a published program from `effective_from` (today when none). kInvalidArgument
  // ("responsibility_invalid", details per row), kAborted ("stale_revision"),
  // kFailedPrecondition ("period_already_reported") when a report of a period ending on or
  // after `effective_from` was already sent. Audited ("responsibility.replace").
  core::Result<MatrixView> Replace(const domain::Principal& by, ProgramId program, int64_t revision,
                                   std::optional<core::CivilDate> effective_from,
                                   const std::vector<MatrixChange>& rows);

  // The catalogue of an issuer (its name as a decision writes it; every issuer's when empty).
  core::Result<std::vector<domain::Indicator>> Indicators(const domain::Principal& by,
                                                          const std::string& issuer);
  // Edits one indicator (planner, admin); audited ("indicator.update"). kNotFound
  // ("indicator_not_found"), kInvalidArgument ("indicator_invalid").
  core::Result<domain::Indicator> EditIndicator(const domain::Principal& by, int64_t id,
                                                const IndicatorEdit& edit);

 private:
  store::Store& store_;
  const Organisation& org_;
  ProgramCache& programs_;
  const Time& time_;
  struct Kept {
    int64_t revision = 0;
    std::shared_ptr<const std::vector<domain::Reporter>> rows;
  };
  std::mutex mu_;
  std::map<ProgramId, Kept> kept_;
};

}  // namespace wp::service
