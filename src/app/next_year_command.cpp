#include "app/next_year_command.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "app/parse_command.hpp"
#include "service/services.hpp"

namespace wp::app {

int RunNextYear(const DbConfig& db, const NextYearCommand& c, std::ostream& out,
                std::ostream& err) {
  return WithServices(db, err, [&](const service::Services& s, const domain::Principal& who) {
    auto v = s.next_year.Start(who, c.from, c.year);
    if (!v) return CommandFail(err, v.error());
    for (const auto& t : v->targets) {
      out << "chỉ tiêu\t" << (t.indicator_code.empty() ? "-" : t.indicator_code) << "\t" << t.name
          << "\t" << t.carried_value.ToVietnamese() << " " << t.uom << "\tchờ quyết định năm "
          << v->year << "\n";
    }
    for (const auto& t : v->tasks) {
      out << "nhiệm vụ\t" << t.id << "\ttiếp tục từ " << t.carried_from << "\t" << t.text << "\n";
    }
    out << "Đã lập bản nháp #" << v->program_id << ": chương trình năm " << v->year
        << " từ chương trình #" << v->from_program << ", " << v->targets.size() << " chỉ tiêu, "
        << v->tasks.size() << " nhiệm vụ chưa hoàn thành mang theo; phân công báo cáo từ "
        << v->matrix_from.ToVietnamese() << "\n";
    return 0;
  });
}

int RunReconcile(const DbConfig& db, const NextYearCommand& c, std::istream& in, std::ostream& out,
                 std::ostream& err) {
  auto bytes = ReadInput(c.file, in);
  if (!bytes) return CommandFail(err, bytes.error());
  std::vector<service::ReconcileDecision> decisions;
  if (!c.apply.empty()) {
    std::ifstream f(c.apply, std::ios::binary);
    std::stringstream text;
    text << f.rdbuf();
    if (!f) {
      return CommandFail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_file",
                                              "Không đọc được tệp " + c.apply));
    }
    auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_object() && j.contains("decisions")) j = j["decisions"];
    if (!j.is_array()) {
      return CommandFail(err,
                         core::MakeError(core::ErrorCode::kInvalidArgument, "reconcile_invalid",
                                         c.apply + ": cần mảng [{key, take}]"));
    }
    for (const auto& d : j) {
      if (!d.is_object() || !d.contains("key") || !d["key"].is_string() || !d.contains("take") ||
          !d["take"].is_string()) {
        return CommandFail(err,
                           core::MakeError(core::ErrorCode::kInvalidArgument, "reconcile_invalid",
                                           c.apply + ": mỗi phần tử gồm key và take"));
      }
      decisions.push_back({d["key"].get<std::string>(), d["take"].get<std::string>()});
    }
  }
  return WithServices(db, err, [&](const service::Services& s, const domain::Principal& who) {
    std::string name = c.file == "-" ? "" : std::filesystem::path(c.file).filename().string();
    auto r = s.next_year.Reconcile(who, c.program, *bytes, "", name);
    if (!r) return CommandFail(err, r.error());
    for (const auto& i : r->items) {
      out << i.key << "\t" << i.match << "\t" << (i.carried.empty() ? "-" : i.carried) << "\t"
          << (i.decided_2013.empty() ? "-" : i.decided_2013) << "\tđề xuất " << i.proposal << "\t"
          << i.why << "\n";
    }
    out << r->items.size() << " đề xuất (phiên bản " << r->revision << ")\n";
    if (c.apply.empty()) return 0;
    auto applied = s.next_year.ApplyReconcile(who, c.program, r->revision, decisions);
    if (!applied) return CommandFail(err, applied.error());
    out << "Đã áp dụng " << decisions.size() << " quyết định (phiên bản " << applied->revision
        << "); chương trình #" << c.program << " có thể ban hành\n";
    return 0;
  });
}

}  // namespace wp::app
