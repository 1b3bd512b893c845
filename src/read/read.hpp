#pragma once
// Reading a decision as it arrives: a .docx (the drafting unit's own file), a PDF (the signed
// copy) or plain UTF-8 text, into the lines of text the parser reads (doc::Parse stays
// text-only), with where each line came from and the notes of what the reading changed.
// The form is chosen by the bytes (magic), never by the file's name. Every size is bounded
// before the work it would cause: the file comes from a user's upload.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace wp::read {

enum class Form { kText, kDocx, kPdf };

// "text", "docx", "pdf": the stable names (programs.source_form, `--form`, JSON).
std::string_view FormName(Form form);
std::optional<Form> FormFromName(std::string_view name);

struct Limits {
  size_t max_upload = 20u << 20;    // the .docx or PDF file itself
  size_t max_inflated = 60u << 20;  // a .docx's parts once unzipped
  size_t max_entries = 2'000;       // files in a .docx's zip directory
  int max_pages = 300;              // pages of a PDF
  size_t max_text = 5u << 20;       // the text extracted from a .docx or PDF
  size_t max_depth = 64;            // nested elements the .docx walk enters (tables in cells)
  std::chrono::milliseconds budget{15'000};  // wall time, checked between pages and paragraphs
};

// Where a line of the extracted text came from: a PDF's page (1-based), a .docx body block
// (paragraph or table, 1-based, in document order), or a text line.
struct Origin {
  int page = 0;             // PDF
  int paragraph = 0;        // .docx: the body block; text: the line
  int row = 0;              // .docx: the table row (1-based) when the line is a row, else 0
  bool header_row = false;  // a row Word repeats at the top of every page (w:tblHeader)
  bool operator==(const Origin&) const = default;
};

// Something the reading changed or could not read, for the user: "pdf_pages_without_text".
struct Note {
  std::string code;
  std::string message;  // Vietnamese
};

struct Extracted {
  Form form = Form::kText;
  std::string text;             // UTF-8, lines separated by '\n'
  std::vector<Origin> origins;  // one per line of `text`
  std::vector<Note> notes;
  int pages = 0;  // PDF pages; 0 for other forms
};

// Reads `bytes` as `hint` says, or as its magic says when `hint` is empty. Errors (reason):
// unsupported_format (.doc, .odt, other zips, binary data), docx_invalid, docx_too_large,
// pdf_invalid, pdf_locked, pdf_no_text, pdf_too_many_pages, file_too_large, text_too_large,
// extract_timeout, legacy_encoding_unsupported (VNI). Text typed in the legacy TCVN3 font
// (.VnTime) is converted to Unicode with the note legacy_encoding_converted, whatever the form
// (text/legacy.hpp); other text passes through unchanged (the parser reports invalid UTF-8).
core::Result<Extracted> Extract(std::string_view bytes, std::optional<Form> hint = std::nullopt,
                                const Limits& limits = {});

// The form `bytes` are in by their magic, or unsupported_format.
core::Result<Form> Sniff(std::string_view bytes);

// One form each (Extract calls them after the sniff and the size check).
core::Result<Extracted> ExtractDocx(std::string_view bytes, const Limits& limits);
core::Result<Extracted> ExtractPdf(std::string_view bytes, const Limits& limits);

// A PDF read in a child process (`exe extract --form pdf --serialized -`) under RLIMIT_CPU and
// RLIMIT_AS: poppler cannot be interrupted, so a hostile file costs a child, not the server.
// The child's answer is Serialize's; a child killed or silent is extract_timeout/pdf_invalid.
core::Result<Extracted> ExtractPdfInChild(std::string_view bytes, const std::string& exe,
                                          const Limits& limits = {});

// The child's answer on its stdout: an Extracted or an Error, length-prefixed fields.
std::string Serialize(const core::Result<Extracted>& r);
core::Result<Extracted> Deserialize(std::string_view data);

}  // namespace wp::read
