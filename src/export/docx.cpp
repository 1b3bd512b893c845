// DocxTemplate over the bounded zip Package (zip_package.hpp), pugixml for the parts and libzip
// writing the filled package in memory. Every node the fill adds is built with pugixml (its
// escaping), never from strings. The template is read whole at Open (≤ limits.max_uncompressed,
// a few tens of KB for a real one); each Fill parses the main part again and writes a new zip.

#include "export/docx.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <new>
#include <set>
#include <sstream>
#include <unordered_map>
#include <utility>

#include <pugixml.hpp>

#include "core/utf8.hpp"
#include "export/zip_package.hpp"

namespace wp::xport {
namespace {

using core::ErrorCode;

constexpr PackageKind kDocxPackage{"template_invalid",
                                   "Tệp không phải là mẫu văn bản Word (.docx) hợp lệ.",
                                   "docx_too_large", "Mẫu văn bản"};
constexpr std::string_view kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
// Elements in one XML part (pugixml builds each: ~100 bytes of memory); a real template's
// document.xml has a few thousand.
constexpr size_t kMaxElements = 200'000;
// A4 portrait less Decree 30's left and right margins: the text width when a template's
// section says none.
constexpr int kDefaultTextWidth = 11906 - 1701 - 850;
// Space above the text that follows a table (6 pt, Decree 30's least between paragraphs).
constexpr int kSpaceAfterTable = 120;

core::Error TemplateInvalid(std::string message, std::string note = "") {
  core::Error e =
      core::MakeError(ErrorCode::kInvalidArgument, "template_invalid", std::move(message));
  e.internal_note = std::move(note);
  return e;
}

core::Error DocumentInvalid(std::string message, std::string note = "") {
  core::Error e =
      core::MakeError(ErrorCode::kInvalidArgument, "document_invalid", std::move(message));
  e.internal_note = std::move(note);
  return e;
}

core::Error WriteFailed(std::string note) {
  core::Error e = core::MakeError(ErrorCode::kInternal, "docx_write_failed",
                                  "Không tạo được tệp Word. Vui lòng thử lại sau.");
  e.internal_note = std::move(note);
  return e;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  const size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

std::string Shorten(std::string_view s, size_t max = 80) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

// Counts the start tags of an XML part while it is inflated ('<' starts markup only: text
// escapes it), refusing the part before pugixml would build too many nodes.
class ElementCount {
 public:
  explicit ElementCount(const Package& pkg, std::string part) : pkg_(pkg), part_(std::move(part)) {}
  core::Status operator()(std::string_view xml, bool /*end*/) {
    for (; pos_ < xml.size(); ++pos_) {
      if (xml[pos_] == '<' && ++count_ > kMaxElements) {
        return tl::unexpected(
            pkg_.TooLarge("Mẫu văn bản có quá nhiều phần tử để xử lý (tối đa " +
                              GroupedCount(kMaxElements) + " trong một phần).",
                          part_ + " has more than " + std::to_string(kMaxElements) + " elements"));
      }
    }
    return {};
  }

 private:
  const Package& pkg_;
  std::string part_;
  size_t pos_ = 0;
  size_t count_ = 0;
};

// Whitespace alone in an element is kept (a w:t holding a space); between elements it goes.
constexpr unsigned kParseFlags =
    pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_declaration;

bool Parse(const std::string& xml, pugi::xml_document& doc) {
  return static_cast<bool>(doc.load_buffer(xml.data(), xml.size(), kParseFlags));
}

std::string Serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(out).str();
}

bool Named(const pugi::xml_node& n, const char* name) {
  return n.type() == pugi::node_element && std::string_view(n.name()) == name;
}

// The elements under `root` named `name` ("" for all), in document order.
std::vector<pugi::xml_node> Descendants(const pugi::xml_node& root, std::string_view name) {
  std::vector<pugi::xml_node> out;
  pugi::xml_node n = root.first_child();
  while (n) {
    if (n.type() == pugi::node_element && (name.empty() || std::string_view(n.name()) == name)) {
      out.push_back(n);
    }
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && n != root && !n.next_sibling()) n = n.parent();
    if (!n || n == root) break;
    n = n.next_sibling();
  }
  return out;
}

// The wp.* (or any) tag of a w:sdt; "" when it has none.
std::string SdtTag(const pugi::xml_node& sdt) {
  return sdt.child("w:sdtPr").child("w:tag").attribute("w:val").value();
}

bool IsWpTag(std::string_view tag) { return tag.size() > 3 && tag.substr(0, 3) == "wp."; }

enum class SdtLevel { kInline, kBlock, kRowOrCell };

SdtLevel LevelOf(const pugi::xml_node& sdt) {
  const pugi::xml_node content = sdt.child("w:sdtContent");
  for (pugi::xml_node c = content.first_child(); c; c = c.next_sibling()) {
    if (Named(c, "w:p") || Named(c, "w:tbl")) return SdtLevel::kBlock;
    if (Named(c, "w:tr") || Named(c, "w:tc")) return SdtLevel::kRowOrCell;
  }
  for (pugi::xml_node c = content.first_child(); c; c = c.next_sibling()) {
    if (Named(c, "w:r")) return SdtLevel::kInline;
  }
  const std::string_view parent = sdt.parent().name();
  return parent == "w:body" || parent == "w:tc" ? SdtLevel::kBlock : SdtLevel::kInline;
}

// Every w:sdt under `root` in document order (outer before inner).
std::vector<pugi::xml_node> Sdts(const pugi::xml_node& root) { return Descendants(root, "w:sdt"); }

// Moves an sdt's content out in its place and removes it.
void Unwrap(pugi::xml_node sdt) {
  pugi::xml_node parent = sdt.parent();
  const pugi::xml_node content = sdt.child("w:sdtContent");
  std::vector<pugi::xml_node> children;
  for (pugi::xml_node c = content.first_child(); c; c = c.next_sibling()) children.push_back(c);
  for (const pugi::xml_node& c : children) parent.insert_move_before(c, sdt);
  parent.remove_child(sdt);
}

// The text rules of docx.hpp: UTF-8, no control character but \n and \t (nor C1 controls,
// nor U+FFFE/U+FFFF, which XML refuses).
bool TextAllowed(std::string_view s) {
  if (core::FindInvalidUtf8(s)) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\n' && c != '\t') return false;
    if (c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < s.size()) {  // U+0080..U+009F
      const auto d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0x9F) return false;
    }
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE ||
         static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      return false;
    }
  }
  return true;
}

// Appends to a w:r the text as w:t pieces, "\n" as w:br and "\t" as w:tab.
void AppendText(pugi::xml_node run, std::string_view text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t stop = start;
    while (stop < text.size() && text[stop] != '\n' && text[stop] != '\t') ++stop;
    if (stop > start) {
      pugi::xml_node t = run.append_child("w:t");
      t.append_attribute("xml:space") = "preserve";
      t.text().set(std::string(text.substr(start, stop - start)).c_str());
    }
    if (stop >= text.size()) break;
    run.append_child(text[stop] == '\n' ? "w:br" : "w:tab");
    start = stop + 1;
  }
}

// Fills a new w:r with a copy of `rpr` (when there is one) less Word's grey placeholder style.
void FillRun(pugi::xml_node r, const pugi::xml_node& rpr, std::string_view text) {
  if (rpr) {
    pugi::xml_node copy = r.append_copy(rpr);
    if (pugi::xml_node style = copy.child("w:rStyle");
        style && std::string_view(style.attribute("w:val").value()) == "PlaceholderText") {
      copy.remove_child(style);
    }
  }
  AppendText(r, text);
}

const char* JcOf(DocAlign a) {
  switch (a) {
    case DocAlign::kLeft:
      return "left";
    case DocAlign::kCenter:
      return "center";
    case DocAlign::kRight:
      return "right";
    case DocAlign::kJustify:
      return "both";
    case DocAlign::kDefault:
      break;
  }
  return nullptr;
}

// `space_before`: twips above the paragraph instead of its style's (0: the style's), for the
// text that follows a table, which would otherwise touch the table's last border.
void BuildParagraph(pugi::xml_node p, const DocParagraph& para, int space_before = 0) {
  const char* jc = JcOf(para.align);
  if (!para.style.empty() || jc != nullptr || space_before > 0) {
    pugi::xml_node ppr = p.append_child("w:pPr");
    if (!para.style.empty())
      ppr.append_child("w:pStyle").append_attribute("w:val") = para.style.c_str();
    if (space_before > 0)  // w:spacing comes before w:jc in the schema's order
      ppr.append_child("w:spacing").append_attribute("w:before") = space_before;
    if (jc != nullptr) ppr.append_child("w:jc").append_attribute("w:val") = jc;
  }
  for (const DocRun& run : para.runs) {
    pugi::xml_node r = p.append_child("w:r");
    if (run.bold || run.italic) {
      pugi::xml_node rpr = r.append_child("w:rPr");
      if (run.bold) rpr.append_child("w:b");
      if (run.italic) rpr.append_child("w:i");
    }
    AppendText(r, run.text);
  }
}

void BuildTable(pugi::xml_node tbl, const DocTable& table, int text_width) {
  std::vector<int> widths = table.widths;
  long long sum = 0;
  for (int w : widths) sum += w;
  if (sum > text_width) {  // a template edited to narrower margins: the table shrinks to fit
    for (int& w : widths) w = static_cast<int>(static_cast<long long>(w) * text_width / sum);
    sum = 0;
    for (int w : widths) sum += w;
  }
  pugi::xml_node tblpr = tbl.append_child("w:tblPr");
  if (!table.style.empty()) {
    tblpr.append_child("w:tblStyle").append_attribute("w:val") = table.style.c_str();
  }
  pugi::xml_node tblw = tblpr.append_child("w:tblW");
  tblw.append_attribute("w:w") = static_cast<long long>(sum);
  tblw.append_attribute("w:type") = "dxa";
  tblpr.append_child("w:tblLayout").append_attribute("w:type") = "fixed";
  pugi::xml_node grid = tbl.append_child("w:tblGrid");
  for (int w : widths) grid.append_child("w:gridCol").append_attribute("w:w") = w;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    pugi::xml_node tr = tbl.append_child("w:tr");
    pugi::xml_node trpr = tr.append_child("w:trPr");
    trpr.append_child("w:cantSplit");
    if (static_cast<int>(r) < table.header_rows) trpr.append_child("w:tblHeader");
    size_t col = 0;
    for (const DocCell& cell : table.rows[r]) {
      int width = 0;
      for (int k = 0; k < cell.span; ++k) width += widths[col + static_cast<size_t>(k)];
      col += static_cast<size_t>(cell.span);
      pugi::xml_node tc = tr.append_child("w:tc");
      pugi::xml_node tcpr = tc.append_child("w:tcPr");
      pugi::xml_node tcw = tcpr.append_child("w:tcW");
      tcw.append_attribute("w:w") = width;
      tcw.append_attribute("w:type") = "dxa";
      if (cell.span > 1) tcpr.append_child("w:gridSpan").append_attribute("w:val") = cell.span;
      if (cell.paragraphs.empty()) tc.append_child("w:p");
      for (const DocParagraph& para : cell.paragraphs) BuildParagraph(tc.append_child("w:p"), para);
    }
  }
}

// A paragraph with nothing a reader would see: no text, break, tab, field, drawing or object.
bool LooksEmpty(const pugi::xml_node& p) {
  for (const pugi::xml_node& n : Descendants(p, "")) {
    const std::string_view name = n.name();
    if (name == "w:t" && *n.child_value() != '\0') return false;
    if (name == "w:br" || name == "w:tab" || name == "w:drawing" || name == "w:pict" ||
        name == "w:object" || name == "w:fldSimple" || name == "w:instrText" || name == "w:sym") {
      return false;
    }
  }
  return true;
}

// A w:tc must end with a paragraph (Word calls the file corrupt otherwise), and two tables
// one after the other need a paragraph between them (Word joins them into one).
void RepairCells(pugi::xml_node root) {
  for (pugi::xml_node tc : Descendants(root, "w:tc")) {
    if (!tc.last_child() || !Named(tc.last_child(), "w:p")) tc.append_child("w:p");
  }
  for (pugi::xml_node tbl : Descendants(root, "w:tbl")) {
    if (Named(tbl.next_sibling(), "w:tbl")) tbl.parent().insert_child_after("w:p", tbl);
  }
}

struct BlockError {
  size_t index;
  std::string what;  // Vietnamese, after "khối thứ N của wp.x"
  std::string note;
};

}  // namespace

std::optional<TemplateRequirements> RequirementsOf(std::string_view template_name) {
  const std::vector<std::string> head_styles = {
      "WPHeadLeft", "WPHeadRight", "WPTitle",     "WPSubject",  "WPSection", "WPArea",
      "WPBody",     "WPTableHead", "WPTableCell", "WPTableNum", "WPTable"};
  if (template_name == "bao_cao") {
    TemplateRequirements r;
    r.inline_tags = {"wp.parent_body", "wp.issuer",       "wp.number",
                     "wp.place_date",  "wp.title",        "wp.subject",
                     "wp.authority",   "wp.signer_title", "wp.signer_name"};
    r.block_tags = {"wp.body", "wp.recipients", "wp.annex"};
    r.styles = head_styles;
    for (const char* s :
         {"WPRecipientsHead", "WPRecipients", "WPSignAuthority", "WPSignName", "WPAnnexTitle"}) {
      r.styles.emplace_back(s);
    }
    return r;
  }
  if (template_name == "giao_ban") {
    TemplateRequirements r;
    r.inline_tags = {"wp.parent_body", "wp.issuer", "wp.place_date", "wp.title", "wp.subject"};
    r.block_tags = {"wp.body"};
    r.styles = head_styles;
    return r;
  }
  return std::nullopt;
}

struct DocxTemplate::Impl {
  std::vector<std::pair<std::string, std::string>> parts;  // directory order, inflated
  std::string document_part;                               // "word/document.xml"
  std::vector<std::string> header_footer_parts;            // their sdts are unwrapped too
  std::vector<std::string> tags;
  std::unordered_map<std::string, SdtLevel> levels;
  std::set<std::string, std::less<>> styles;
  int text_width = kDefaultTextWidth;

  const std::string* Part(std::string_view name) const {
    const std::string lower = Lower(name);
    for (const auto& [n, bytes] : parts) {
      if (Lower(n) == lower) return &bytes;
    }
    return nullptr;
  }
};

DocxTemplate::DocxTemplate(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DocxTemplate::DocxTemplate(DocxTemplate&&) noexcept = default;
DocxTemplate& DocxTemplate::operator=(DocxTemplate&&) noexcept = default;
DocxTemplate::~DocxTemplate() = default;

const std::vector<std::string>& DocxTemplate::tags() const { return impl_->tags; }

bool DocxTemplate::HasStyle(std::string_view style_id) const {
  return impl_->styles.find(style_id) != impl_->styles.end();
}

core::Status DocxTemplate::Check(const TemplateRequirements& requirements) const {
  auto has = [&](const std::string& tag) {
    return std::find(impl_->tags.begin(), impl_->tags.end(), tag) != impl_->tags.end();
  };
  for (const auto* list : {&requirements.inline_tags, &requirements.block_tags}) {
    for (const std::string& tag : *list) {
      if (!has(tag)) {
        return tl::unexpected(TemplateInvalid(
            "Mẫu văn bản thiếu ô nội dung (content control) có thẻ " + tag + ".", tag));
      }
    }
  }
  for (const std::string& tag : requirements.block_tags) {
    if (impl_->levels.at(tag) != SdtLevel::kBlock) {
      return tl::unexpected(
          TemplateInvalid("Ô nội dung " + tag + " phải bao cả đoạn văn, không nằm giữa một dòng.",
                          tag + " is not block-level"));
    }
  }
  for (const std::string& style : requirements.styles) {
    if (!HasStyle(style)) {
      return tl::unexpected(
          TemplateInvalid("Mẫu văn bản thiếu kiểu (style) " + style + ".", style));
    }
  }
  return {};
}

core::Result<DocxTemplate> DocxTemplate::Open(std::string bytes, const DocxLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    core::Error e =
        core::MakeError(ErrorCode::kTooLarge, "file_too_large",
                        "Tệp quá lớn (" + SizeText(bytes.size()) + "); dung lượng tối đa là " +
                            SizeText(limits.max_bytes) + ".");
    e.internal_note = std::to_string(bytes.size()) + " bytes";
    return tl::unexpected(std::move(e));
  }
  try {
    WP_ASSIGN_OR_RETURN(
        Package pkg,
        Package::Open(bytes,
                      PackageLimits{limits.max_uncompressed, limits.max_entries, limits.max_ratio},
                      kDocxPackage));
    auto impl = std::make_unique<Impl>();
    const auto macro = [](std::string note) {
      return TemplateInvalid(
          "Mẫu văn bản chứa macro; hãy lưu lại ở dạng Word Document (.docx) không có macro.",
          std::move(note));
    };
    std::set<std::string> seen;
    for (const std::string& name : pkg.Names()) {
      const std::string lower = Lower(name);
      if (EndsWith(lower, "vbaproject.bin") || EndsWith(lower, "vbadata.xml")) {
        return tl::unexpected(macro(name));
      }
      // Office reads part names without regard to case: two of one name are not a package.
      if (!seen.insert(lower).second) return tl::unexpected(pkg.Invalid("part twice: " + name));
      const bool xml = EndsWith(lower, ".xml") || EndsWith(lower, ".rels");
      core::Result<std::string> part =
          xml ? pkg.Read(name, ElementCount(pkg, name)) : pkg.Read(name);
      if (!part) return tl::unexpected(std::move(part.error()));
      impl->parts.emplace_back(name, std::move(*part));
    }

    const std::string* types = impl->Part("[Content_Types].xml");
    if (types == nullptr) return tl::unexpected(pkg.Invalid("no [Content_Types].xml"));
    {
      pugi::xml_document doc;
      if (!Parse(*types, doc)) return tl::unexpected(pkg.Invalid("[Content_Types].xml: bad XML"));
      for (pugi::xml_node n : doc.document_element().children()) {
        const std::string type = Lower(n.attribute("ContentType").value());
        if (type.find("macroenabled") != std::string::npos ||
            type.find("vbaproject") != std::string::npos) {
          return tl::unexpected(macro(type));
        }
      }
    }

    // Relationships: none may point outside the package or pull in an alternative chunk.
    std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> rels;
    for (const auto& [name, bytes_of] : impl->parts) {
      if (!EndsWith(Lower(name), ".rels")) continue;
      pugi::xml_document doc;
      if (!Parse(bytes_of, doc)) return tl::unexpected(pkg.Invalid(name + ": bad XML"));
      // The source part of "word/_rels/document.xml.rels" is "word/document.xml".
      std::string source = name;
      if (const size_t at = source.rfind("_rels/"); at != std::string::npos) {
        source = source.substr(0, at) + source.substr(at + 6);
      }
      source = source.substr(0, source.size() - 5);
      for (pugi::xml_node r : doc.document_element().children()) {
        if (LocalName(r.name()) != "Relationship") continue;
        const std::string type = r.attribute("Type").value();
        const std::string target = r.attribute("Target").value();
        if (Lower(r.attribute("TargetMode").value()) == "external") {
          return tl::unexpected(
              TemplateInvalid("Mẫu văn bản có liên kết ra ngoài tệp (" + Shorten(target) +
                                  "); hãy bỏ liên kết, ảnh liên kết hoặc mẫu đính kèm rồi lưu lại.",
                              name + ": external " + type));
        }
        if (EndsWith(type, "/aFChunk")) {
          return tl::unexpected(TemplateInvalid(
              "Mẫu văn bản có phần nội dung nhúng (altChunk); hãy dán nội dung vào văn bản rồi "
              "lưu lại.",
              name + ": altChunk " + target));
        }
        if (EndsWith(Lower(type), "/vbaproject")) return tl::unexpected(macro(name));
        const std::optional<std::string> resolved = ResolvePartName(source, target);
        if (resolved) rels[source].emplace_back(type, *resolved);
      }
    }
    for (const auto& [type, target] : rels[""]) {
      if (EndsWith(type, "/officeDocument")) impl->document_part = target;
    }
    if (impl->document_part.empty() || impl->Part(impl->document_part) == nullptr) {
      return tl::unexpected(pkg.Invalid("no main document part"));
    }
    std::string styles_part;
    for (const auto& [type, target] : rels[impl->document_part]) {
      if (EndsWith(type, "/styles")) styles_part = target;
      if ((EndsWith(type, "/header") || EndsWith(type, "/footer")) && impl->Part(target)) {
        impl->header_footer_parts.push_back(target);
      }
    }

    pugi::xml_document doc;
    if (!Parse(*impl->Part(impl->document_part), doc)) {
      return tl::unexpected(pkg.Invalid(impl->document_part + ": bad XML"));
    }
    const pugi::xml_node root = doc.document_element();
    if (std::string_view(root.name()) != "w:document" ||
        std::string_view(root.attribute("xmlns:w").value()) != kWordNs) {
      return tl::unexpected(TemplateInvalid(
          "Mẫu văn bản phải được lưu ở dạng Word Document (.docx).",
          std::string("document root ") + root.name() + " " + root.attribute("xmlns:w").value()));
    }
    const pugi::xml_node body = root.child("w:body");
    if (!body) return tl::unexpected(pkg.Invalid("no w:body"));
    if (!Descendants(root, "w:altChunk").empty()) {
      return tl::unexpected(TemplateInvalid(
          "Mẫu văn bản có phần nội dung nhúng (altChunk); hãy dán nội dung vào văn bản rồi lưu "
          "lại.",
          "w:altChunk in the document"));
    }
    for (const pugi::xml_node& sdt : Sdts(root)) {
      const std::string tag = SdtTag(sdt);
      if (!IsWpTag(tag)) continue;
      if (!TextAllowed(tag) || tag.size() > 64) {
        return tl::unexpected(TemplateInvalid("Mẫu văn bản có thẻ không hợp lệ.", Shorten(tag)));
      }
      if (impl->levels.count(tag) != 0) {
        return tl::unexpected(TemplateInvalid(
            "Thẻ " + tag + " xuất hiện hai lần trong mẫu văn bản; mỗi thẻ chỉ dùng một lần.", tag));
      }
      for (pugi::xml_node up = sdt.parent(); up; up = up.parent()) {
        if (Named(up, "w:sdt") && IsWpTag(SdtTag(up))) {
          return tl::unexpected(TemplateInvalid(
              "Ô nội dung " + tag + " nằm trong ô nội dung " + SdtTag(up) + "; hãy tách riêng.",
              tag));
        }
      }
      const SdtLevel level = LevelOf(sdt);
      if (level == SdtLevel::kRowOrCell) {
        return tl::unexpected(TemplateInvalid(
            "Ô nội dung " + tag + " bao cả dòng hoặc ô của bảng; hãy đặt nó trong ô bảng.", tag));
      }
      impl->levels.emplace(tag, level);
      impl->tags.push_back(tag);
    }
    if (const pugi::xml_node sect = body.child("w:sectPr")) {
      const int width = sect.child("w:pgSz").attribute("w:w").as_int(0);
      const int left = sect.child("w:pgMar").attribute("w:left").as_int(0);
      const int right = sect.child("w:pgMar").attribute("w:right").as_int(0);
      if (width > 0 && width - left - right > 1440) impl->text_width = width - left - right;
    }

    if (!styles_part.empty()) {
      if (const std::string* styles = impl->Part(styles_part)) {
        pugi::xml_document sdoc;
        if (!Parse(*styles, sdoc)) return tl::unexpected(pkg.Invalid(styles_part + ": bad XML"));
        for (pugi::xml_node s : sdoc.document_element().children("w:style")) {
          impl->styles.emplace(s.attribute("w:styleId").value());
        }
      }
    }
    return DocxTemplate(std::move(impl));
  } catch (const std::bad_alloc&) {
    core::Error e =
        core::MakeError(ErrorCode::kTooLarge, "docx_too_large", "Mẫu văn bản quá lớn để xử lý.");
    e.internal_note = "out of memory while reading";
    return tl::unexpected(std::move(e));
  }
}

core::Result<std::string> DocxTemplate::Fill(
    const std::map<std::string, std::string>& inline_values,
    const std::map<std::string, std::vector<DocBlock>>& blocks) const {
  const Impl& t = *impl_;
  // Everything is checked before a node is built.
  for (const auto& [tag, text] : inline_values) {
    if (!TextAllowed(text)) {
      return tl::unexpected(
          DocumentInvalid("Nội dung của " + tag +
                              " có ký tự không hợp lệ (không phải UTF-8 hoặc ký tự điều khiển).",
                          tag));
    }
  }
  const auto check_paragraph = [&](const DocParagraph& p) -> std::optional<std::string> {
    if (!p.style.empty() && !HasStyle(p.style)) {
      return "dùng kiểu " + Shorten(p.style, 40) + " mà mẫu văn bản không có";
    }
    for (const DocRun& r : p.runs) {
      if (!TextAllowed(r.text)) {
        return std::string("có ký tự không hợp lệ (không phải UTF-8 hoặc ký tự điều khiển)");
      }
    }
    return std::nullopt;
  };
  for (const auto& [tag, list] : blocks) {
    const auto level = t.levels.find(tag);
    if (level != t.levels.end() && level->second != SdtLevel::kBlock && !list.empty()) {
      return tl::unexpected(DocumentInvalid(
          "Ô nội dung " + tag + " của mẫu nằm giữa một dòng, không chứa được đoạn văn hay bảng.",
          tag));
    }
    for (size_t i = 0; i < list.size(); ++i) {
      std::optional<std::string> what;
      if (const auto* p = std::get_if<DocParagraph>(&list[i])) {
        what = check_paragraph(*p);
      } else if (const auto* tb = std::get_if<DocTable>(&list[i])) {
        if (!tb->style.empty() && !HasStyle(tb->style)) {
          what = "là bảng dùng kiểu " + Shorten(tb->style, 40) + " mà mẫu văn bản không có";
        } else if (tb->widths.empty() || tb->rows.empty()) {
          what = "là bảng không có cột hoặc không có dòng";
        } else if (std::any_of(tb->widths.begin(), tb->widths.end(),
                               [](int w) { return w <= 0 || w > 31680; })) {
          what = "là bảng có độ rộng cột không hợp lệ";
        } else {
          for (size_t r = 0; r < tb->rows.size() && !what; ++r) {
            size_t cols = 0;
            for (const DocCell& c : tb->rows[r]) {
              if (c.span < 1 || c.span > static_cast<int>(tb->widths.size())) {
                cols = SIZE_MAX;
                break;
              }
              cols += static_cast<size_t>(c.span);
              for (const DocParagraph& cp : c.paragraphs) {
                if (auto bad = check_paragraph(cp)) {
                  what = "là bảng có ô ở dòng " + std::to_string(r + 1) + " " + *bad;
                  break;
                }
              }
              if (what) break;
            }
            if (!what && cols != tb->widths.size()) {
              what = "là bảng có dòng " + std::to_string(r + 1) + " không khớp " +
                     std::to_string(tb->widths.size()) + " cột";
            }
          }
        }
      }
      if (what) {
        return tl::unexpected(
            DocumentInvalid("Khối thứ " + std::to_string(i + 1) + " của " + tag + " " + *what + ".",
                            tag + "[" + std::to_string(i) + "]"));
      }
    }
  }

  try {
    pugi::xml_document doc;
    if (!Parse(*t.Part(t.document_part), doc)) return tl::unexpected(WriteFailed("reparse"));
    const pugi::xml_node root = doc.document_element();
    std::vector<pugi::xml_node> sdts = Sdts(root);
    std::vector<pugi::xml_node> emptied;  // paragraphs that held an inline tag filled with ""
    static const std::string kNone;
    static const std::vector<DocBlock> kNoBlocks;
    // Inner controls first, so an outer one moves out what is already filled.
    for (auto it = sdts.rbegin(); it != sdts.rend(); ++it) {
      pugi::xml_node sdt = *it;
      const std::string tag = SdtTag(sdt);
      if (!IsWpTag(tag)) {
        Unwrap(sdt);
        continue;
      }
      pugi::xml_node parent = sdt.parent();
      const auto value = inline_values.find(tag);
      const std::string& text = value != inline_values.end() ? value->second : kNone;
      const auto block = blocks.find(tag);
      const SdtLevel level = t.levels.at(tag);
      const pugi::xml_node content = sdt.child("w:sdtContent");
      const std::vector<pugi::xml_node> runs = Descendants(content, "w:r");
      const pugi::xml_node first_run = runs.empty() ? pugi::xml_node() : runs.front();
      const pugi::xml_node rpr = first_run.child("w:rPr");
      if (level == SdtLevel::kInline) {
        if (!text.empty()) {
          FillRun(parent.insert_child_before("w:r", sdt), rpr, text);
        } else {
          for (pugi::xml_node up = parent; up; up = up.parent()) {
            if (Named(up, "w:p")) {
              emptied.push_back(up);
              break;
            }
          }
        }
        parent.remove_child(sdt);
        continue;
      }
      // Block level: its blocks; else an inline value in the first paragraph's formatting.
      if (block != blocks.end() || text.empty()) {
        const std::vector<DocBlock>& list = block != blocks.end() ? block->second : kNoBlocks;
        for (size_t i = 0; i < list.size(); ++i) {
          const DocBlock& b = list[i];
          const bool after_table = i > 0 && std::holds_alternative<DocTable>(list[i - 1]);
          if (const auto* p = std::get_if<DocParagraph>(&b)) {
            BuildParagraph(parent.insert_child_before("w:p", sdt), *p,
                           after_table ? kSpaceAfterTable : 0);
          } else if (const auto* tb = std::get_if<DocTable>(&b)) {
            BuildTable(parent.insert_child_before("w:tbl", sdt), *tb, t.text_width);
          } else {
            parent.insert_child_before("w:p", sdt)
                .append_child("w:r")
                .append_child("w:br")
                .append_attribute("w:type") = "page";
          }
        }
      } else {
        pugi::xml_node p = parent.insert_child_before("w:p", sdt);
        const std::vector<pugi::xml_node> paras = Descendants(content, "w:p");
        if (!paras.empty() && paras.front().child("w:pPr")) {
          p.append_copy(paras.front().child("w:pPr"));
        }
        FillRun(p.append_child("w:r"), rpr, text);
      }
      parent.remove_child(sdt);
    }
    for (const pugi::xml_node& p : emptied) {
      pugi::xml_node parent = p.parent();
      if (!LooksEmpty(p)) continue;
      parent.remove_child(p);
    }
    RepairCells(root);

    // The other parts as they are, but the main one and the headers' and footers' controls.
    std::vector<std::pair<std::string, std::string>> changed;
    changed.emplace_back(t.document_part, Serialize(doc));
    for (const std::string& name : t.header_footer_parts) {
      pugi::xml_document hf;
      if (!Parse(*t.Part(name), hf)) continue;
      std::vector<pugi::xml_node> inner = Sdts(hf.document_element());
      if (inner.empty()) continue;
      for (auto it = inner.rbegin(); it != inner.rend(); ++it) Unwrap(*it);
      RepairCells(hf.document_element());
      changed.emplace_back(name, Serialize(hf));
    }

    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
    if (src == nullptr) {
      std::string note = std::string("zip_source_buffer_create: ") + zip_error_strerror(&err);
      zip_error_fini(&err);
      return tl::unexpected(WriteFailed(std::move(note)));
    }
    zip_source_keep(src);
    zip_t* z = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (z == nullptr) {
      std::string note = std::string("zip_open_from_source: ") + zip_error_strerror(&err);
      zip_error_fini(&err);
      zip_source_free(src);
      return tl::unexpected(WriteFailed(std::move(note)));
    }
    zip_error_fini(&err);
    std::string failure;
    for (const auto& [name, original] : t.parts) {
      const std::string* data = &original;
      for (const auto& [changed_name, bytes] : changed) {
        if (Lower(changed_name) == Lower(name)) data = &bytes;
      }
      zip_source_t* s = zip_source_buffer(z, data->data(), data->size(), 0);
      const zip_int64_t index =
          s == nullptr ? -1 : zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
      if (index < 0) {
        if (s != nullptr) zip_source_free(s);
        failure = "zip_file_add " + name + ": " + zip_strerror(z);
        break;
      }
      // A fixed time: the same content gives the same bytes.
      zip_file_set_mtime(z, static_cast<zip_uint64_t>(index), 315532800 + 86400, 0);
    }
    if (failure.empty() && zip_close(z) != 0)
      failure = std::string("zip_close: ") + zip_strerror(z);
    if (!failure.empty()) {
      zip_discard(z);
      zip_source_free(src);
      return tl::unexpected(WriteFailed(std::move(failure)));
    }
    std::string out;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(src, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0 ||
        zip_source_open(src) != 0) {
      zip_source_free(src);
      return tl::unexpected(WriteFailed("reading the written zip back"));
    }
    out.resize(static_cast<size_t>(st.size));
    const zip_int64_t got = zip_source_read(src, out.data(), st.size);
    zip_source_close(src);
    zip_source_free(src);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
      return tl::unexpected(WriteFailed("short read of the written zip"));
    }
    return out;
  } catch (const std::bad_alloc&) {
    core::Error e =
        core::MakeError(ErrorCode::kTooLarge, "docx_too_large", "Văn bản quá lớn để tạo tệp Word.");
    e.internal_note = "out of memory while filling";
    return tl::unexpected(std::move(e));
  }
}

}  // namespace wp::xport
