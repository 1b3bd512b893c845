#pragma once
// `workplan parse FILE [--json]`: reads a decision (text, .docx or PDF, by the file's magic),
// parses and binds it, and prints either a readable Vietnamese summary or the JSON contract. Errors
// go to `err` as one Vietnamese line with its English code; nothing is written to `out` unless the
// whole result is ready.

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "api/plan_json.hpp"
#include "core/error.hpp"
#include "domain/indicator.hpp"
#include "domain/plan.hpp"

namespace wp::app {

enum class OutputFormat { kSummary, kJson };

// Reads `path` ("-" = standard input). Fails with reason file_not_found, not_a_file,
// file_unreadable or too_large (above 64 MiB).
core::Result<std::string> ReadInput(const std::string& path, std::istream& stdin_stream);

struct ParseOptions {
  // The indicator catalogue targets are read against (indicator_code, restatements, reporters);
  // empty = names alone.
  std::vector<domain::Indicator> indicators;
  // "text", "docx", "pdf" forces the form; empty = by the file's magic (read::Sniff).
  std::string form;
};

// Every `indicators/*.csv` of the data directory (`data/indicators/molisa.csv`), in name order,
// each with the file's stem as issuer key; none when the folder is absent. A bad file fails
// with bad_indicator_catalogue naming the file and the line.
core::Result<std::vector<domain::Indicator>> LoadIndicatorCatalogues(
    const std::filesystem::path& data_dir);

// Parses and binds decision text. Fails with the parser's reasons (invalid_utf8, empty_input,
// not_a_document) or not_a_decision when no plan content at all could be read.
core::Result<domain::PlanDraft> ParsePlan(std::string_view text, const ParseOptions& options = {});

// The text of a file in any form read::Extract reads (`form` as ParseOptions::form); fails with
// its reasons (unsupported_format, pdf_no_text, …) or bad_form.
core::Result<std::string> ExtractText(std::string_view bytes, const std::string& form);

// The whole command; returns the process exit code (0 ok, 1 bad input).
int RunParse(const std::string& path, OutputFormat format, std::istream& in, std::ostream& out,
             std::ostream& err, const ParseOptions& options = {});

// "lỗi [invalid_utf8]: …" as printed to the terminal.
std::string FormatError(const core::Error& e);

}  // namespace wp::app
