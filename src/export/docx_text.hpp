#pragma once
// The text of a Word document (.docx) a user uploads, for the parsers that read decisions: each
// paragraph a line; a table of three or more columns a line per row, "| TT | Nội dung | … |",
// as legal websites render tables; a narrower table (the two-column header of a decision) its
// cells' lines side by side, tab-separated, as a flattened header arrives from a web page. A
// paragraph Word numbers itself (w:numPr) is written as a bullet "- …": its number lives in
// numbering.xml, which this reader does not follow. Bounded like every package read
// (export/zip_package): "docx_invalid", "docx_too_large".

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace wp::xport {

core::Result<std::string> DocxText(std::string_view bytes);

}  // namespace wp::xport
