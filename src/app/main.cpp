// The workplan binary: the command line (and, in later issues, the server).

#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "app/org_command.hpp"
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

  auto* org = app.add_subcommand("org", "Tổ chức: đơn vị theo ngày, đọc tên đơn vị");
  org->require_subcommand(1);
  std::string data_dir, at, kind, name;
  bool org_json = false;
  org->add_option("--data", data_dir, "Thư mục chứa provinces.csv và provinces_2025.csv");
  auto* units = org->add_subcommand("units", "Các đơn vị có hiệu lực tại một ngày");
  units->add_option("--at", at, "Ngày (YYYY-MM-DD)")->required();
  units->add_option("--kind", kind, "ministry | department | province");
  units->add_flag("--json", org_json, "In JSON");
  auto* resolve = org->add_subcommand("resolve", "Đọc một tên đơn vị như văn bản viết");
  resolve->add_option("name", name, "Tên đơn vị")->required();
  resolve->add_option("--at", at, "Ngày của văn bản (YYYY-MM-DD)")->required();
  resolve->add_flag("--json", org_json, "In JSON");
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
  if (*org) {
    auto registry = wp::app::LoadRegistry(data_dir, argv[0]);
    if (!registry) {
      std::cerr << wp::app::FormatError(registry.error()) << "\n";
      return 1;
    }
    if (*units) return wp::app::RunOrgUnits(*registry, at, kind, org_json, std::cout, std::cerr);
    return wp::app::RunOrgResolve(*registry, name, at, org_json, std::cout, std::cerr);
  }
  return 2;
}
