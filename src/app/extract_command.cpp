#include "app/extract_command.hpp"

#include <iostream>
#include <string_view>

#include "app/parse_command.hpp"
#include "read/read.hpp"

namespace wp::app {

int RunExtract(const std::string& path, const ExtractOptions& options, std::istream& in,
               std::ostream& out, std::ostream& err) {
  read::Limits limits;
  if (options.max_pages > 0) limits.max_pages = options.max_pages;
  auto answer = [&]() -> core::Result<read::Extracted> {
    std::optional<read::Form> form;
    if (!options.form.empty()) {
      form = read::FormFromName(options.form);
      if (!form) {
        return core::Fail(core::ErrorCode::kInvalidArgument, "bad_form",
                          "--form: text, docx hoặc pdf (không phải \"" + options.form + "\")");
      }
    }
    WP_ASSIGN_OR_RETURN(std::string bytes, ReadInput(path, in));
    return read::Extract(bytes, form, limits);
  }();
  if (options.serialized) {
    out << read::Serialize(answer);
    out.flush();
    return out ? 0 : 1;
  }
  if (!answer) {
    err << FormatError(answer.error()) << "\n";
    return 1;
  }
  std::string rendered;
  if (options.origins) {
    std::string_view text = answer->text;
    size_t line = 0, pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      const read::Origin o = line < answer->origins.size() ? answer->origins[line] : read::Origin{};
      if (o.page > 0) {
        rendered += "tr." + std::to_string(o.page);
      } else {
        rendered += "đv." + std::to_string(o.paragraph);
        if (o.row > 0)
          rendered += (o.header_row ? " hàng tiêu đề " : " hàng ") + std::to_string(o.row);
      }
      rendered += '\t';
      rendered += text.substr(pos, nl - pos);
      rendered += '\n';
      pos = nl + 1;
      ++line;
    }
  } else {
    rendered = answer->text;
  }
  out << rendered;
  out.flush();
  err << "dạng " << read::FormName(answer->form);
  if (answer->pages > 0) err << ", " << answer->pages << " trang";
  err << ", " << answer->origins.size() << " dòng\n";
  for (const auto& n : answer->notes) err << "ghi chú [" << n.code << "]: " << n.message << "\n";
  return out ? 0 : 1;
}

}  // namespace wp::app
