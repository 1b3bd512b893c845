#pragma once
// `workplan extract FILE [--form text|docx|pdf] [--origins]`: the text the parser would read
// from a .docx, PDF or text file, on stdout, and the reading's notes on stderr. With
// `--serialized` the answer (or the error) is read::Serialize's, for the server's child process.

#include <iosfwd>
#include <string>

namespace wp::app {

struct ExtractOptions {
  std::string form;      // "" = by magic
  bool origins = false;  // each line prefixed with its page/paragraph ("tr.3\t", "đv.12\t")
  bool serialized = false;
  int max_pages = 300;
};

int RunExtract(const std::string& path, const ExtractOptions& options, std::istream& in,
               std::ostream& out, std::ostream& err);

}  // namespace wp::app
