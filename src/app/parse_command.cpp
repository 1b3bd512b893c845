#include "app/parse_command.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <vector>

#include "app/summary.hpp"
#include "core/hash.hpp"
#include "doc/parser.hpp"
#include "ingest/binder.hpp"
#include "read/read.hpp"

namespace wp::app {

namespace {
constexpr size_t kMaxInputBytes = 64u << 20;
}

std::string FormatError(const core::Error& e) { return "lỗi [" + e.reason + "]: " + e.message; }

core::Result<std::string> ReadInput(const std::string& path, std::istream& stdin_stream) {
  std::string data;
  if (path == "-") {
    data.assign(std::istreambuf_iterator<char>(stdin_stream), std::istreambuf_iterator<char>());
  } else {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
      return core::Fail(core::ErrorCode::kNotFound, "file_not_found",
                        "Không tìm thấy tệp: " + path);
    }
    if (!std::filesystem::is_regular_file(status)) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "not_a_file",
                        "Không phải là tệp văn bản: " + path);
    }
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxInputBytes) {
      return core::Fail(core::ErrorCode::kTooLarge, "too_large",
                        "Tệp quá lớn (" + std::to_string(size) + " byte; tối đa 64 MiB): " + path);
    }
    std::ifstream f(path, std::ios::binary);
    if (!f)
      return core::Fail(core::ErrorCode::kInvalidArgument, "file_unreadable",
                        "Không đọc được tệp: " + path);
    data.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    if (f.bad())
      return core::Fail(core::ErrorCode::kInvalidArgument, "file_unreadable",
                        "Không đọc được tệp: " + path);
  }
  if (data.size() > kMaxInputBytes) {
    return core::Fail(core::ErrorCode::kTooLarge, "too_large",
                      "Dữ liệu vào quá lớn (tối đa 64 MiB)");
  }
  return data;
}

core::Result<std::vector<domain::Indicator>> LoadIndicatorCatalogues(
    const std::filesystem::path& data_dir) {
  namespace fs = std::filesystem;
  std::vector<domain::Indicator> all;
  std::error_code ec;
  fs::path dir = data_dir / "indicators";
  if (!fs::is_directory(dir, ec)) return all;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".csv") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    WP_ASSIGN_OR_RETURN(std::string csv, ReadInput(f.string(), std::cin));
    auto parsed = domain::ParseIndicatorCatalogue(csv, f.stem().string());
    if (!parsed) {
      core::Error e = parsed.error();
      e.message = f.filename().string() + ": " + e.message;
      return tl::unexpected(std::move(e));
    }
    for (auto& ind : *parsed) all.push_back(std::move(ind));
  }
  return all;
}

core::Result<domain::PlanDraft> ParsePlan(std::string_view text, const ParseOptions& options) {
  WP_ASSIGN_OR_RETURN(doc::Document document, doc::Parse(text));
  ingest::BindOptions bind;
  bind.indicators = options.indicators;
  domain::PlanDraft plan = ingest::Bind(document, bind);
  bool has_metadata = plan.document.number || plan.document.title || plan.document.issued_date;
  if (!has_metadata && plan.targets.empty() && plan.sections.empty()) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument, "not_a_decision",
        "Văn bản không phải quyết định hay chương trình công tác: không đọc được số, ngày, tiêu đề "
        "hay mục nào");
  }
  return plan;
}

core::Result<std::string> ExtractText(std::string_view bytes, const std::string& form) {
  std::optional<read::Form> hint;
  if (!form.empty()) {
    hint = read::FormFromName(form);
    if (!hint) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "bad_form",
                        "--form: text, docx hoặc pdf (không phải \"" + form + "\")");
    }
  }
  WP_ASSIGN_OR_RETURN(read::Extracted extracted, read::Extract(bytes, hint));
  return std::move(extracted.text);
}

int RunParse(const std::string& path, OutputFormat format, std::istream& in, std::ostream& out,
             std::ostream& err, const ParseOptions& options) {
  auto input = ReadInput(path, in);
  if (!input) {
    err << FormatError(input.error()) << "\n";
    return 1;
  }
  auto text = ExtractText(*input, options.form);
  if (!text) {
    err << FormatError(text.error()) << "\n";
    return 1;
  }
  auto plan = ParsePlan(*text, options);
  if (!plan) {
    err << FormatError(plan.error()) << "\n";
    return 1;
  }
  api::SourceInfo source{path, input->size(), core::Sha256Hex(*input)};
  // Render fully before writing anything, so a failure never leaves half a result.
  std::string rendered = format == OutputFormat::kJson
                             ? api::PlanToJson(*plan, source).dump(2) + "\n"
                             : RenderSummary(*plan, source);
  out << rendered;
  out.flush();
  return out ? 0 : 1;
}

}  // namespace wp::app
