#pragma once
// The papers the Ministry works from (issue 17): the consolidated report of a period and a unit's
// own report, generated from the approved reports as of a date, edited by the Office as a
// versioned draft that keeps its edits across regenerations, issued with a number, and written
// as a .docx in the form of Decree 30 from a template the Office may replace. Hides the store's
// documents, the builder (consolidation.hpp) and the .docx writer: what crosses are the views
// below and bytes.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/calendar.hpp"
#include "domain/document.hpp"
#include "service/common.hpp"

namespace wp::service {

class Organisation;
class Programs;
class ProgramCache;
class Figures;
class Reporting;
class Responsibilities;

using DocumentId = int64_t;

struct DocumentUnitView {
  domain::OrgUnitId id = 0;
  std::string code, name;
};

// A block as the editor shows it: its effective text, and for one changed underneath the
// generated text the edit was made on (`before`) and the one generated now (`after`), with the
// edit carrying the new numbers when that can be made (`suggestion`).
struct DocumentBlockView {
  domain::Block block;
  std::optional<std::string> before, after;
  std::optional<std::string> suggestion;
};

struct DocumentCounts {
  size_t blocks = 0, edited = 0, changed_underneath = 0, orphaned = 0;
};

struct DocumentView {
  DocumentId id = 0;
  ProgramId program_id = 0;
  domain::DocumentKind kind = domain::DocumentKind::kConsolidated;
  domain::Period period;
  core::CivilDate as_of;
  DocumentUnitView unit;  // the issuing unit: Văn phòng Bộ for the consolidated report
  std::optional<DocumentUnitView> subject_unit;  // kUnit: the unit reported on (= unit)
  domain::DocumentStatus status = domain::DocumentStatus::kDraft;
  int64_t version = 0;
  bool stale = false;  // figures approved since it was generated (this process's count)
  std::string generated_at, updated_at;
  std::optional<std::string> issued_at;
  domain::DocumentHeader header;
  std::optional<std::string> number;  // "12/BC-LĐTBXH" once issued
  std::string date_line;              // "Hà Nội, ngày 05 tháng 01 năm 2013", or with blanks
  std::vector<DocumentBlockView> blocks;
  DocumentCounts counts;
  bool created = false;  // Generate: a new document (else a draft regenerated)
  // Regenerate/Generate of an existing draft: what the merge did.
  std::vector<std::string> kept, changed_underneath, orphaned;
};

struct DocumentSummaryView {
  DocumentId id = 0;
  domain::DocumentKind kind = domain::DocumentKind::kConsolidated;
  domain::Period period;
  core::CivilDate as_of;
  DocumentUnitView unit;
  domain::DocumentStatus status = domain::DocumentStatus::kDraft;
  int64_t version = 0;
  std::optional<std::string> number;
  bool stale = false;
  size_t conflicts = 0;  // blocks changed underneath or orphaned
  std::string updated_at;
};

struct GenerateInput {
  domain::DocumentKind kind = domain::DocumentKind::kConsolidated;
  std::string period;                     // "2012-M12", "2012-Q4", "2012-H1", "2012-Y"
  std::optional<core::CivilDate> as_of;   // default: the period's end, or today if earlier
  std::optional<domain::OrgUnitId> unit;  // kUnit: the unit (default the caller's)
};

struct DocumentListFilter {
  std::optional<domain::DocumentKind> kind;
  std::optional<std::string> period;
  std::optional<domain::DocumentStatus> status;
};

// One change of a PUT: a block's text (nullopt: back to the generated text), a paragraph added
// after `after` (key "new"), or a block removed.
struct BlockEdit {
  std::string key;
  std::optional<std::string> text;
  std::optional<std::string> after;  // key "new"
  bool remove = false;
  std::string field;  // "blocks[2]", for errors
};
enum class Take { kMine, kNew, kSuggestion };
struct BlockResolve {
  std::string key;
  Take take = Take::kMine;
  std::string field;
};
struct DocumentEdit {
  int64_t version = 0;
  // Header fields as a JSON PUT sends them; unset: unchanged.
  std::optional<std::string> parent_body, issuer, symbol, place, title, subject;
  std::optional<std::optional<core::CivilDate>> date;
  std::optional<domain::DocumentSignature> signature;
  std::optional<std::vector<std::string>> recipients;
  std::vector<BlockEdit> blocks;
  std::vector<BlockResolve> resolve;
};

struct DocumentIssueInput {
  int64_t version = 0;
  std::optional<int64_t> number;  // typed by the văn thư; else the next
  core::CivilDate date;
  domain::DocumentSignature signature;
  std::optional<std::vector<std::string>> recipients;
};

struct DocumentHistoryItem {
  int64_t version = 0;
  std::string action;
  std::string at;
  std::optional<domain::UserId> by;
  std::string by_username;
  std::vector<std::string> changed;
};

struct TemplateView {
  std::string name;
  int64_t version = 0;  // 0: the one shipped in data/templates
  std::string sha256;
  std::vector<std::string> tags;
};

// The document's tables (I.table.*, annex.*) as a workbook, for "Tải Excel các bảng".
struct DocumentTables {
  std::string xlsx;
  std::string file_name;
};

// The most a text of a document may hold, in characters.
inline constexpr size_t kMaxBlockChars = 20000;

class Documents {
 public:
  // `templates`: the shipped templates by name ("bao_cao" → bytes of data/templates/bao_cao.docx).
  Documents(store::Store& store, const Organisation& org, Programs& programs, ProgramCache& cache,
            Figures& figures, Reporting& reporting, Responsibilities& responsibilities,
            const Time& time, const DataGeneration& generation,
            std::map<std::string, std::string> templates);
  ~Documents();

  // Creates the draft of (program, kind, unit, period), or regenerates the one there is (keeping
  // its edits). kPermissionDenied ("forbidden", "out_of_scope"); kInvalidArgument ("bad_period",
  // "document_invalid"); kFailedPrecondition ("document_issued", "program_not_published").
  core::Result<DocumentView> Generate(const domain::Principal& by, ProgramId program,
                                      const GenerateInput& in);
  core::Result<DocumentView> Get(const domain::Principal& by, DocumentId id);
  core::Result<std::vector<DocumentSummaryView>> List(const domain::Principal& by,
                                                      ProgramId program,
                                                      const DocumentListFilter& filter);
  // kAborted ("stale_version"); kFailedPrecondition ("document_issued"); kInvalidArgument
  // ("document_invalid", "block_not_editable", "no_suggestion") naming the field.
  core::Result<DocumentView> Edit(const domain::Principal& by, DocumentId id,
                                  const DocumentEdit& edit);
  core::Result<DocumentView> Regenerate(const domain::Principal& by, DocumentId id, int64_t version,
                                        std::optional<core::CivilDate> as_of);
  // kFailedPrecondition ("document_has_conflicts": the keys in details), kInvalidArgument
  // ("signature_missing"), kAlreadyExists ("number_taken"), kAborted ("stale_version").
  core::Result<DocumentView> Issue(const domain::Principal& by, DocumentId id,
                                   const DocumentIssueInput& in);
  core::Result<std::vector<DocumentHistoryItem>> History(const domain::Principal& by,
                                                         DocumentId id);
  core::Result<DocumentView> AtVersion(const domain::Principal& by, DocumentId id, int64_t version);
  // The .docx: an issued document's bytes as issued; a draft (or a version) rendered now.
  core::Result<std::string> Docx(const domain::Principal& by, DocumentId id,
                                 std::optional<int64_t> version = std::nullopt);
  core::Result<DocumentTables> TablesXlsx(const domain::Principal& by, DocumentId id);
  // An admin's Word-edited template, checked (every tag and style the code names) and kept as
  // the newest version. kInvalidArgument ("template_invalid"), kNotFound ("template_not_found").
  core::Result<TemplateView> ReplaceTemplate(const domain::Principal& by, const std::string& name,
                                             std::string bytes);
  core::Result<std::string> TemplateFile(const domain::Principal& by, const std::string& name);

  // The .docx of a view (used by Docx and Issue; the template's newest version).
  core::Result<std::string> Render(const DocumentView& view);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wp::service
