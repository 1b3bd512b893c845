#include "export/docx_text.hpp"

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "export/zip_package.hpp"

namespace wp::xport {

namespace {

constexpr PackageKind kDocxPackage{"docx_invalid", "Tệp không phải là văn bản Word (.docx) hợp lệ.",
                                   "docx_too_large", "Văn bản"};

std::string_view LocalName(std::string_view name) {
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool Is(const pugi::xml_node& n, std::string_view local) {
  return n.type() == pugi::node_element && LocalName(n.name()) == local;
}

// The text of a paragraph: its runs' w:t, tabs and breaks as spaces, inside hyperlinks,
// smart tags and inserted text too (deleted text left out).
void RunText(const pugi::xml_node& n, std::string& out) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "t") {
      out += c.text().get();
    } else if (name == "tab" || name == "br" || name == "cr") {
      out += ' ';
    } else if (name == "del" || name == "pPr" || name == "rPr" || name == "instrText") {
      continue;
    } else {
      RunText(c, out);
    }
  }
}

std::string Paragraph(const pugi::xml_node& p) {
  std::string s;
  RunText(p, s);
  // Word's own numbering is not in the text: keep the paragraph a list entry.
  pugi::xml_node ppr = p.child("w:pPr");
  if (ppr && ppr.child("w:numPr") && !s.empty()) s = "- " + s;
  return s;
}

class Writer {
 public:
  explicit Writer(size_t limit) : limit_(limit) {}

  void Block(const pugi::xml_node& body) {
    for (pugi::xml_node c = body.first_child(); c; c = c.next_sibling()) {
      if (Is(c, "p")) {
        Line(Paragraph(c));
      } else if (Is(c, "tbl")) {
        Table(c);
      } else if (Is(c, "sdt")) {
        if (pugi::xml_node content = c.child("w:sdtContent")) Block(content);
      }
    }
  }

  bool overflow() const { return overflow_; }
  std::string Take() { return std::move(out_); }

 private:
  void Line(std::string s) {
    for (char& ch : s) {
      if (ch == '\n' || ch == '\r') ch = ' ';
    }
    if (out_.size() + s.size() + 1 > limit_) {
      overflow_ = true;
      return;
    }
    out_ += s;
    out_ += '\n';
  }

  // Each cell as its paragraphs (nested tables flattened into them).
  static void CellLines(const pugi::xml_node& tc, std::vector<std::string>& lines) {
    for (pugi::xml_node c = tc.first_child(); c; c = c.next_sibling()) {
      if (Is(c, "p")) {
        std::string s = Paragraph(c);
        if (!s.empty()) lines.push_back(std::move(s));
      } else if (Is(c, "tbl") || Is(c, "tr") || Is(c, "tc") || Is(c, "sdt") ||
                 Is(c, "sdtContent")) {
        CellLines(c, lines);
      }
    }
  }

  void Table(const pugi::xml_node& tbl) {
    std::vector<std::vector<std::vector<std::string>>> rows;
    size_t widest = 0;
    for (pugi::xml_node tr = tbl.first_child(); tr; tr = tr.next_sibling()) {
      if (!Is(tr, "tr")) continue;
      std::vector<std::vector<std::string>> cells;
      for (pugi::xml_node tc = tr.first_child(); tc; tc = tc.next_sibling()) {
        if (!Is(tc, "tc")) continue;
        cells.emplace_back();
        CellLines(tc, cells.back());
      }
      widest = std::max(widest, cells.size());
      rows.push_back(std::move(cells));
    }
    for (const auto& cells : rows) {
      if (widest >= 3) {
        std::string line = "|";
        for (const auto& cell : cells) {
          std::string joined;
          for (const auto& l : cell) joined += (joined.empty() ? "" : " ") + l;
          for (char& ch : joined) {
            if (ch == '|') ch = '/';
          }
          line += " " + joined + " |";
        }
        Line(std::move(line));
        continue;
      }
      size_t height = 0;
      for (const auto& cell : cells) height = std::max(height, cell.size());
      for (size_t i = 0; i < height; ++i) {
        std::string line;
        for (size_t c = 0; c < cells.size(); ++c) {
          if (c > 0) line += '\t';
          if (i < cells[c].size()) line += cells[c][i];
        }
        Line(std::move(line));
      }
    }
  }

  size_t limit_;
  bool overflow_ = false;
  std::string out_;
};

}  // namespace

core::Result<std::string> DocxText(std::string_view bytes) {
  PackageLimits limits;
  limits.max_uncompressed = 16u << 20;
  WP_ASSIGN_OR_RETURN(Package pkg, Package::Open(bytes, limits, kDocxPackage));
  // The main part is named by the package's relationships; Word writes word/document.xml.
  std::string main = "word/document.xml";
  if (pkg.Has("_rels/.rels")) {
    WP_ASSIGN_OR_RETURN(std::string rels, pkg.Read("_rels/.rels"));
    pugi::xml_document doc;
    if (doc.load_buffer(rels.data(), rels.size())) {
      for (pugi::xml_node r = doc.document_element().first_child(); r; r = r.next_sibling()) {
        std::string_view type = r.attribute("Type").value();
        if (type.ends_with("/officeDocument")) {
          if (auto part = ResolvePartName("", r.attribute("Target").value())) main = *part;
        }
      }
    }
  }
  if (!pkg.Has(main)) return tl::unexpected(pkg.Invalid("no main document part " + main));
  WP_ASSIGN_OR_RETURN(std::string xml, pkg.Read(main));
  pugi::xml_document doc;
  pugi::xml_parse_result ok =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!ok) {
    return tl::unexpected(pkg.Invalid(main + ": malformed XML at byte " +
                                      std::to_string(ok.offset) + ": " + ok.description()));
  }
  pugi::xml_node body = doc.document_element().child("w:body");
  if (!body) return tl::unexpected(pkg.Invalid(main + ": no w:body"));
  Writer w(8u << 20);
  w.Block(body);
  if (w.overflow()) {
    return tl::unexpected(
        pkg.TooLarge("Văn bản có quá nhiều chữ (trên 8 MB khi giải nén).", "text above 8 MB"));
  }
  return w.Take();
}

}  // namespace wp::xport
