#pragma once
// Parses a Vietnamese administrative document into a doc::Document.
//
// Robust to the text as it really arrives: web-page noise before the header, a header
// flattened into tab-separated cells, "–" for "-", trailing spaces and non-breaking spaces,
// missing dots after item numbers ("9.2 Cục …"), duplicate or skipped numbers (kept as written
// and reported), blank-line noise, and documents with no header at all.

#include <string_view>

#include "core/error.hpp"
#include "doc/document.hpp"

namespace wp::doc {

// Fails with kInvalidArgument and reason
//   "invalid_utf8"   — the byte offset of the first bad byte is in the message and details,
//   "empty_input"    — nothing but white space,
//   "not_a_document" — no header, title, article or numbered outline could be found.
// Oddities that do not stop the parse become Document::diagnostics.
core::Result<Document> Parse(std::string_view input);

}  // namespace wp::doc
