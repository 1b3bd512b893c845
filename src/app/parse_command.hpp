#pragma once
// `workplan parse FILE [--json]`: reads a decision, parses and binds it, and prints either a
// readable Vietnamese summary or the JSON contract. Errors go to `err` as one Vietnamese line
// with its English code; nothing is written to `out` unless the whole result is ready.

#include <iosfwd>
#include <string>
#include <string_view>

#include "api/plan_json.hpp"
#include "core/error.hpp"
#include "domain/plan.hpp"

namespace wp::app {

enum class OutputFormat { kSummary, kJson };

// Reads `path` ("-" = standard input). Fails with reason file_not_found, not_a_file,
// file_unreadable or too_large (above 64 MiB).
core::Result<std::string> ReadInput(const std::string& path, std::istream& stdin_stream);

// Parses and binds decision text. Fails with the parser's reasons (invalid_utf8, empty_input,
// not_a_document) or not_a_decision when no plan content at all could be read.
core::Result<domain::PlanDraft> ParsePlan(std::string_view text);

// The whole command; returns the process exit code (0 ok, 1 bad input).
int RunParse(const std::string& path, OutputFormat format, std::istream& in, std::ostream& out,
             std::ostream& err);

// "lỗi [invalid_utf8]: …" as printed to the terminal.
std::string FormatError(const core::Error& e);

}  // namespace wp::app
