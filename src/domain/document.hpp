#pragma once
// The papers workplan writes (issue 17): a report in the form of Decree 30/2020/NĐ-CP — the
// Ministry's consolidated report of a period, or one unit's own — as a list of blocks the code
// generates from the approved reports and the Office edits before issuing. Pure: no I/O, no
// JSON, no .docx (export/docx renders a document; the store keeps its versions).
//
// Keeping the Office's edits across a regeneration is a three-way merge per block, by a stable
// key ("I.fig.<target>", "II.II.2.<unit>" …): the text generated now, the generated text an edit
// was made on (`base`), and the edit.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "domain/org.hpp"

namespace wp::domain {

enum class DocumentKind { kConsolidated, kUnit };
const char* DocumentKindName(DocumentKind k);  // "consolidated", "unit"
std::optional<DocumentKind> ParseDocumentKind(std::string_view s);

enum class DocumentStatus { kDraft, kIssued };
const char* DocumentStatusName(DocumentStatus s);  // "draft", "issued"
std::optional<DocumentStatus> ParseDocumentStatus(std::string_view s);

enum class BlockKind { kHeading, kParagraph, kTable };
const char* BlockKindName(BlockKind k);  // "heading", "paragraph", "table"
std::optional<BlockKind> ParseBlockKind(std::string_view s);

// generated: the text is the generator's. edited: the Office's edit stands on what is generated
// now. changed_underneath: edited, and the generated text has changed since the edit was made.
// orphaned: edited, and the generator no longer makes this block (a unit's passage withdrawn).
enum class BlockState { kGenerated, kEdited, kChangedUnderneath, kOrphaned };
const char* BlockStateName(
    BlockState s);  // "generated", "edited", "changed_underneath", "orphaned"
std::optional<BlockState> ParseBlockState(std::string_view s);

// A table of figures as generated (never edited in place: its sentences are). Cells are text as
// printed ("1.584.800", "99,1"); `value` holds the machine number when there is one ("1584800",
// "99.1": a decimal in C locale) for the .xlsx of the document's tables.
struct TableColumn {
  std::string label;   // "Kế hoạch năm"
  std::string format;  // "text", "integer", "decimal", "percent", "date"
  bool operator==(const TableColumn&) const = default;
};
struct TableCell {
  std::string text;
  std::optional<std::string> value;
  bool bold = false;
  bool operator==(const TableCell&) const = default;
};
struct BlockTable {
  std::vector<TableColumn> columns;
  std::vector<std::vector<TableCell>> rows;
  bool operator==(const BlockTable&) const = default;
};

struct Block {
  std::string key;  // stable across regenerations; "free.<n>" for a paragraph the Office added
  BlockKind kind = BlockKind::kParagraph;
  std::string style;    // the template's paragraph style id: "WPSection", "WPArea", "WPBody" …
  std::string section;  // "I", "II", "III", "IV", "annex", "" (the introduction)
  std::string area;     // the program's section the block is about ("II.2"), "" for none
  std::optional<OrgUnitId> unit;      // the unit whose passage this is, if any
  std::string generated;              // the text as generated ("" for an added paragraph)
  std::optional<std::string> base;    // the generated text the edit was made on
  std::optional<std::string> edited;  // the Office's text, when edited
  bool removed = false;               // the Office removed it (a generated block stays known)
  BlockState state = BlockState::kGenerated;
  std::optional<std::string> anchor;  // an added paragraph: the key of the block it follows
  std::optional<BlockTable> table;    // kTable only

  // What the document says: the edit when there is one, else the generated text; "" when removed.
  const std::string& Text() const;
  bool operator==(const Block&) const = default;
};

// The document's head and foot, as Decree 30 lays them out (DOMAIN.md §4). Editable in the draft;
// the number is given at issue.
struct DocumentSignature {
  std::string authority;  // "KT. BỘ TRƯỞNG" (or "" when the head signs)
  std::string title;      // "THỨ TRƯỞNG"
  std::string name;       // "Nguyễn Thanh Hòa"
  bool operator==(const DocumentSignature&) const = default;
};
struct DocumentHeader {
  std::string parent_body;              // "" for a body with none; the Ministry's report: ""
  std::string issuer;                   // "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
  std::string symbol;                   // "BC-LĐTBXH": the number reads "12/BC-LĐTBXH"
  std::string place;                    // "Hà Nội"
  std::optional<core::CivilDate> date;  // the issue date; a draft may leave it empty
  std::string title;                    // "BÁO CÁO"
  std::string subject;  // "Tình hình thực hiện Chương trình công tác tháng 12 năm 2012"
  DocumentSignature signature;
  std::vector<std::string> recipients;  // "- Bộ trưởng (để báo cáo);", …, "- Lưu: VT, KHTC."
  bool operator==(const DocumentHeader&) const = default;
};

// What a regeneration did, for the person who asked: the blocks whose edits were kept, those now
// changed underneath, and those orphaned.
struct MergeOutcome {
  std::vector<Block> blocks;      // in the fresh order, added paragraphs after their anchors
  std::vector<std::string> kept;  // edited keys whose generated text did not change
  std::vector<std::string> changed_underneath;  // edited keys whose generated text changed
  std::vector<std::string> orphaned;            // edited keys the generator no longer makes
};

// Three-way merge of a draft's blocks with freshly generated ones, per key:
//  - not edited (or removed without an edit): the fresh block (a removed one stays removed);
//  - edited, fresh text == base: the edit kept, state edited;
//  - edited, fresh text != base: the edit kept, state changed_underneath, `base` kept (the
//    person sees base → fresh and decides; resolving sets base to the fresh text);
//  - edited and gone from `fresh`: kept, state orphaned, placed after the block it followed;
//  - unedited and gone: dropped; new in `fresh`: inserted in generated order;
//  - an added paragraph ("free.*") stays after its anchor (or where its anchor was).
// Tables are always the fresh ones.
MergeOutcome MergeRegenerated(const std::vector<Block>& old_blocks,
                              const std::vector<Block>& fresh_blocks);

// When `base` and `fresh` differ only in their number tokens ("1.584,8", "99,1%", "56/63") and
// each of base's numbers occurs in `edited` in the same order, once, the edit with each such
// number replaced by fresh's: the Office's wording with the new figures ("Áp dụng số mới").
// nullopt otherwise (different words, a number missing from or repeated in the edit).
std::optional<std::string> RebaseNumbers(std::string_view base, std::string_view fresh,
                                         std::string_view edited);

// "Hà Nội, ngày 05 tháng 01 năm 2013": Decree 30 (Phụ lục I) puts a zero before days below 10 and
// months 1 and 2 only ("ngày 18 tháng 12 năm 2012", "ngày 05 tháng 02 năm 2013", "tháng 3").
std::string DateLine(std::string_view place, const core::CivilDate& date);
// The same line with blanks for a draft without a date: "Hà Nội, ngày     tháng     năm 2013".
std::string BlankDateLine(std::string_view place, int year);

}  // namespace wp::domain
