#include "app/parse_command.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "app/summary.hpp"
#include "core/hash.hpp"
#include "doc/parser.hpp"
#include "ingest/binder.hpp"

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

core::Result<domain::PlanDraft> ParsePlan(std::string_view text) {
  WP_ASSIGN_OR_RETURN(doc::Document document, doc::Parse(text));
  domain::PlanDraft plan = ingest::Bind(document);
  bool has_metadata = plan.document.number || plan.document.title || plan.document.issued_date;
  if (!has_metadata && plan.targets.empty() && plan.sections.empty()) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument, "not_a_decision",
        "Văn bản không phải quyết định hay chương trình công tác: không đọc được số, ngày, tiêu đề "
        "hay mục nào");
  }
  return plan;
}

int RunParse(const std::string& path, OutputFormat format, std::istream& in, std::ostream& out,
             std::ostream& err) {
  auto input = ReadInput(path, in);
  if (!input) {
    err << FormatError(input.error()) << "\n";
    return 1;
  }
  auto plan = ParsePlan(*input);
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
