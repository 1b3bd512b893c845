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

struct Signature {
  std::vector<Line> authority;  // "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG" / "BỘ TRƯỞNG"
  std::optional<Line> name;     // "Phạm Thị Hải Chuyền"
};

enum class BlockKind { kPart, kItem, kBullet, kParagraph };

// A node of the body outline.
struct Block {
  BlockKind kind = BlockKind::kParagraph;
  std::string_view marker;  // "II", "11.2", "9.2", "-", "+", "*", "a)": as written, no trailing dot
  std::vector<int> path;    // numeric path of items: {11, 2}; roman value for parts: {2}
  bool marker_has_dot = true;
  std::string_view text;  // the content after the marker, trimmed
  core::SourceSpan span;  // the whole line
  int parent = -1;        // index into Document::blocks, -1 at the root
  std::vector<int> children;
};

class Document {
 public:
  // The normalised (NFC) text every string_view of this document points into.
  const std::string& text() const { return nfc_->text(); }
  size_t original_size() const { return original_size_; }

  // Span of a piece of text() (a view into it), mapped to the original input.
  core::SourceSpan SpanOf(std::string_view piece) const;

  std::vector<Line> noise;  // lines before the document proper ("Đang tải nội dung…")
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
  size_t original_size_ = 0;
  std::vector<size_t> line_starts_;  // byte offsets in text() where each line starts
};

}  // namespace wp::doc
