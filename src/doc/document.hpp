#pragma once
// The syntax tree of a Vietnamese administrative document (văn bản hành chính): header block,
// type and title, legal bases, articles, recipients, signature, and the outline of the body
// (roman parts, numbered items at any depth, bullets, paragraphs). It records what is written
// and where, with spans; it knows nothing of plans, targets or units (that is `ingest`).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/span.hpp"
#include "text/normalize.hpp"

namespace wp::doc {

// One line of the document, trimmed, with where it stands.
struct Line {
  std::string_view text;
  core::SourceSpan span;
};

struct Header {
  std::vector<Line> issuer_lines;  // "BỘ LAO ĐỘNG-THƯƠNG BINH VÀ XÃ HỘI" (parent body first)
  std::optional<Line> national_title;   // "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
  std::optional<Line> motto;            // "Độc lập - Tự do - Hạnh phúc"
  std::optional<Line> number;           // "224/QĐ-LĐTBXH" (the value only)
  std::optional<Line> place;            // "Hà Nội"
  std::optional<core::CivilDate> date;  // from "Hà Nội, ngày 27 tháng 02 năm 2012"
  std::optional<Line> place_date;       // the whole line
};

struct Article {
  int number = 0;
  Line text;  // after "Điều N."; continuation lines are part of `continuation`
  std::vector<Line> continuation;
};

// The table of properties a legal-document website prints above the text ("Số hiệu |
// 80/QĐ-LĐTBXH |", "Ngày ban hành", "Loại văn bản", "Cơ quan ban hành", "Người ký").
struct MetadataTable {
  std::optional<Line> number;
  std::optional<Line> issued;  // the cell as written; `date` when it reads as a date
  std::optional<core::CivilDate> date;
  std::optional<Line> type;
  std::optional<Line> issuer;
  std::optional<Line> signer;
  bool empty() const { return !number && !issued && !type && !issuer && !signer; }
};

struct Signature {
  std::vector<Line> authority;  // "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG" / "BỘ TRƯỞNG"
  std::optional<Line> name;     // "Phạm Thị Hải Chuyền"
};

enum class BlockKind { kPart, kItem, kBullet, kParagraph };

// A node of the body outline.
struct Block {
  BlockKind kind = BlockKind::kParagraph;
  // The key of the marker, no trailing dot: "II", "11.2", "9.2", "-", "+", "*" as written; a
  // lettered item takes its parent item's key ("1.a", "2.1.đ"), a step "1.a.Bước 1", a roman
  // part under a lettered part "A.I"; a lettered part is "A".
  std::string marker;
  std::string_view marker_text;  // the marker as written in the text (for spans)
  std::vector<int> path;         // numeric path of items: {11, 2}, letters by Vietnamese order
                          // (a=1 … đ=5 e=6 g=7); roman value for parts: {2}; letter parts {1}
  bool lettered = false;  // the last level of the path is a letter ("a)", "2.1.a.", "A.")
  bool marker_has_dot = true;
  std::string_view text;  // the content after the marker, trimmed
  core::SourceSpan span;  // the whole line
  int parent = -1;        // index into Document::blocks, -1 at the root
  std::vector<int> children;
};

class Document {
 public:
  // The normalised (NFC) text every string_view of this document points into.
  // Layout repairs that keep every byte offset (a "|" cell mark, a line broken inside a header
  // field or heading, page furniture) are made in this copy; `line_starts_` keep the lines of
  // the input, so spans point where the user sees the text.
  const std::string& text() const { return text_; }
  size_t original_size() const { return original_size_; }

  // Span of a piece of text() (a view into it), mapped to the original input.
  core::SourceSpan SpanOf(std::string_view piece) const;

  std::vector<Line> noise;  // lines before the document proper ("Đang tải nội dung…")
  MetadataTable metadata_table;
  Header header;
  std::optional<Line> type;       // "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "KẾ HOẠCH", …
  std::vector<Line> title;        // "VỀ BAN HÀNH CHƯƠNG TRÌNH CÔNG TÁC …"
  std::optional<Line> authority;  // "BỘ TRƯỞNG BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
  std::vector<Line> legal_bases;  // "Căn cứ …"
  std::vector<Line> considerations;  // "Xét đề nghị …"
  std::vector<Article> articles;     // Điều 1 … n
  std::vector<Line> recipients;      // Nơi nhận, without the dash and the final ';' / '.'
  Signature signature;
  std::vector<Line> attachment_title;  // "CHƯƠNG TRÌNH CÔNG TÁC", "LĨNH VỰC … NĂM 2012"
  std::optional<Line> attachment_reference;  // "(Ban hành kèm theo Quyết định số … ngày …)"

  std::vector<Block> blocks;  // the body outline, in document order
  std::vector<int> roots;     // top-level blocks (parts, or items/paragraphs without a part)
  std::vector<core::Diagnostic> diagnostics;

 private:
  friend class Parser;
  std::unique_ptr<text::NfcText> nfc_;
  std::string text_;
  size_t original_size_ = 0;
  std::vector<size_t> line_starts_;  // byte offsets in text() where each line starts
};

// The type a document number's symbol names: "316/KH-UBND" -> "KẾ HOẠCH", "80/QĐ-LĐTBXH" ->
// "QUYẾT ĐỊNH", "55/2007/CT-UBND" -> "CHỈ THỊ"; nullopt when the symbol names no known type.
std::optional<std::string> TypeFromNumber(std::string_view number);

}  // namespace wp::doc
