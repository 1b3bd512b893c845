// The workplan binary: the command line (and, in later issues, the server).

#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "app/parse_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"workplan — chương trình công tác của Bộ: đọc quyết định, theo dõi thực hiện"};
  app.require_subcommand(1);
  std::string file;
  bool json = false;
  auto* parse = app.add_subcommand(
      "parse", "Đọc một quyết định ban hành chương trình công tác (văn bản UTF-8)");
  parse->add_option("file", file, "Tệp văn bản; '-' để đọc từ đầu vào chuẩn")->required();
  parse->add_flag("--json", json, "In kế hoạch theo hợp đồng JSON workplan.plan/1");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*parse) {
    return wp::app::RunParse(file,
                             json ? wp::app::OutputFormat::kJson : wp::app::OutputFormat::kSummary,
                             std::cin, std::cout, std::cerr);
  }
  return 2;
}
