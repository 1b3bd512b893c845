#pragma once
// Word documents (issue 17): a template .docx that carries the styles, margins, header layout
// and signature block of Decree 30/2020/NĐ-CP (data/templates/, editable in Word by the Office),
// filled with a neutral model of paragraphs and tables. The template marks where things go with
// content controls (w:sdt with w:tag "wp.<name>"), never "{{text}}", which Word splits across
// runs: inline ones are replaced by a text in the run formatting of the control's first run;
// block ones ("wp.body", "wp.recipients") by paragraphs and tables. The output has no content
// controls left (python-docx and older readers see only direct paragraphs and runs).
// libzip and pugixml stay inside export; nothing here builds XML from strings.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace wp::xport {

enum class DocAlign { kDefault, kLeft, kCenter, kRight, kJustify };

struct DocRun {
  std::string text;  // UTF-8; "\n" becomes a line break (w:br), "\t" a tab
  bool bold = false;
  bool italic = false;
  bool operator==(const DocRun&) const = default;
};

struct DocParagraph {
  std::string style;  // a paragraph style id the template defines ("WPBody"); "" for Normal
  std::vector<DocRun> runs;
  DocAlign align = DocAlign::kDefault;  // kDefault: the style's
  bool operator==(const DocParagraph&) const = default;
};

struct DocCell {
  std::vector<DocParagraph> paragraphs;  // at least one is written (an empty one if none)
  int span = 1;                          // columns merged to the right (w:gridSpan)
  bool operator==(const DocCell&) const = default;
};

struct DocTable {
  std::string style;        // a table style id the template defines ("WPTable")
  std::vector<int> widths;  // column widths in twips (1/20 pt); their sum ≤ the text width
  int header_rows = 1;      // repeated at the top of each page (w:tblHeader)
  std::vector<std::vector<DocCell>> rows;  // a row's spans add up to widths.size()
  bool operator==(const DocTable&) const = default;
};

struct DocPageBreak {
  bool operator==(const DocPageBreak&) const = default;
};

using DocBlock = std::variant<DocParagraph, DocTable, DocPageBreak>;

struct DocxLimits {
  size_t max_bytes = 2u << 20;          // the template file
  size_t max_uncompressed = 32u << 20;  // all its parts unzipped
  size_t max_entries = 500;             // files in the zip directory
  size_t max_ratio = 250;               // inflated / compressed, for parts above 1 MB
};

// What a template must hold to be used for a kind of paper: its content-control tags and the
// style ids the code names.
struct TemplateRequirements {
  std::vector<std::string> inline_tags;  // "wp.number", "wp.place_date", …
  std::vector<std::string> block_tags;   // "wp.body", "wp.recipients"
  std::vector<std::string> styles;       // "WPBody", "WPTable", …
};
// The requirements of "bao_cao" (a report: the consolidated one and a unit's) and "giao_ban"
// (the briefing pack); nullopt for another name.
std::optional<TemplateRequirements> RequirementsOf(std::string_view template_name);

class DocxTemplate {
 public:
  // Reads a template. kTooLarge ("file_too_large", "docx_too_large") past `limits`;
  // kInvalidArgument ("template_invalid") for what is not a .docx, or holds macros
  // (vbaProject.bin), external relationships (TargetMode="External") or altChunk parts, or a
  // tag used twice — the message names what is wrong.
  static core::Result<DocxTemplate> Open(std::string bytes, const DocxLimits& limits = {});

  DocxTemplate(DocxTemplate&&) noexcept;
  DocxTemplate& operator=(DocxTemplate&&) noexcept;
  ~DocxTemplate();

  // The wp.* tags in the main document part, in document order.
  const std::vector<std::string>& tags() const;
  bool HasStyle(std::string_view style_id) const;
  // kInvalidArgument ("template_invalid") naming the first missing tag or style.
  core::Status Check(const TemplateRequirements& requirements) const;

  // The .docx filled: each inline tag by its text (a missing one: empty), each block tag by its
  // blocks (a missing one: removed). kInvalidArgument ("document_invalid") for text that is not
  // UTF-8 or holds control characters other than \n and \t, a style the template lacks, a table
  // whose rows do not match its widths; the message names the block.
  core::Result<std::string> Fill(const std::map<std::string, std::string>& inline_values,
                                 const std::map<std::string, std::vector<DocBlock>>& blocks) const;

 private:
  struct Impl;
  explicit DocxTemplate(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wp::xport
