#include "app/unit_program_command.hpp"

#include <filesystem>
#include <ostream>

#include "app/parse_command.hpp"
#include "service/services.hpp"

namespace wp::app {
namespace {

core::Result<const domain::OrgUnit*> UnitOf(const service::Services& s, const std::string& unit) {
  return s.org.FindUnit(unit, s.time.Today());
}

}  // namespace

int RunUnitProgramsList(const DbConfig& db, const UnitProgramCommand& c, std::ostream& out,
                        std::ostream& err) {
  std::optional<service::UnitProgramState> state;
  if (!c.status.empty()) {
    state = service::ParseUnitProgramState(c.status);
    if (!state) {
      return CommandFail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_status",
                                              "--status: not_due, missing, draft, submitted, "
                                              "returned hoặc accepted"));
    }
  }
  return WithServices(db, err, [&](const service::Services& s, const domain::Principal& who) {
    std::optional<domain::OrgUnitId> unit;
    if (!c.unit.empty()) {
      auto u = UnitOf(s, c.unit);
      if (!u) return CommandFail(err, u.error());
      unit = (*u)->id;
    }
    auto list = s.unit_programs.List(who, c.program, state, unit);
    if (!list) return CommandFail(err, list.error());
    if (list->obligation.empty()) {
      out << "Chương trình không yêu cầu đơn vị gửi chương trình công tác của đơn vị\n";
      return 0;
    }
    size_t late = 0;
    for (const auto& r : list->items) {
      late += r.late ? 1 : 0;
      out << r.unit_code << "\t" << r.unit_name << "\t" << service::UnitProgramStateName(r.state)
          << (r.late ? "\ttrễ hạn" : "\t-") << "\t"
          << (r.id ? "#" + std::to_string(*r.id) + " v" + std::to_string(r.version) : "-") << "\t"
          << r.tasks << " nhiệm vụ\n";
    }
    out << list->items.size() << " đơn vị (hạn gửi " << list->due.ToVietnamese() << "), " << late
        << " gửi trễ hạn\n";
    return 0;
  });
}

int RunUnitProgramDecide(const DbConfig& db, const UnitProgramCommand& c, const std::string& action,
                         std::ostream& out, std::ostream& err) {
  auto act = domain::ParseUnitProgramAction(action);
  if (!act) {
    return CommandFail(err, core::MakeError(core::ErrorCode::kInvalidArgument,
                                            "unit_program_action", "Thao tác: accept hoặc return"));
  }
  return WithServices(db, err, [&](const service::Services& s, const domain::Principal& who) {
    auto u = UnitOf(s, c.unit);
    if (!u) return CommandFail(err, u.error());
    auto current = s.unit_programs.Get(who, c.program, (*u)->id);
    if (!current) return CommandFail(err, current.error());
    if (!current->id) {
      return CommandFail(
          err, core::MakeError(core::ErrorCode::kFailedPrecondition, "unit_program_not_submitted",
                               (*u)->name + " chưa lập chương trình công tác"));
    }
    auto v = s.unit_programs.Act(who, *current->id, current->version, *act, c.comment);
    if (!v) return CommandFail(err, v.error());
    out << (*act == domain::UnitProgramAction::kAccept ? "Đã chấp nhận" : "Đã trả lại")
        << " chương trình công tác của " << v->unit_name << " (#" << *v->id << ", phiên bản "
        << v->version << ")\n";
    return 0;
  });
}

int RunUnitProgramImport(const DbConfig& db, const UnitProgramCommand& c, std::istream& in,
                         std::ostream& out, std::ostream& err) {
  auto bytes = ReadInput(c.file, in);
  if (!bytes) return CommandFail(err, bytes.error());
  return WithServices(db, err, [&](const service::Services& s, const domain::Principal& who) {
    auto u = UnitOf(s, c.unit);
    if (!u) return CommandFail(err, u.error());
    auto current = s.unit_programs.Get(who, c.program, (*u)->id);
    if (!current) return CommandFail(err, current.error());
    std::string name = c.file == "-" ? "" : std::filesystem::path(c.file).filename().string();
    auto r = s.unit_programs.Import(who, c.program, (*u)->id, current->version, *bytes, name);
    if (!r) return CommandFail(err, r.error());
    int ord = 0;
    for (const auto& t : r->read.tasks) {
      out << ++ord << "\t" << (t.serves.empty() ? "Chưa gắn mục của Bộ" : t.serves) << "\t"
          << domain::ServesRuleName(t.rule) << "\t" << t.text << "\t"
          << (t.due ? t.due->ToVietnamese() : "-") << "\t" << t.responsible << "\n";
    }
    for (const auto& d : r->read.diagnostics) {
      out << core::SeverityName(d.severity) << " [" << d.code << "] dòng " << d.span.line << ": "
          << d.message << "\n";
    }
    out << "Đã nhập " << r->read.tasks.size() << " nhiệm vụ vào chương trình công tác của "
        << r->program.unit_name << " (#" << r->program.id.value_or(0) << ", phiên bản "
        << r->program.version << "): " << r->read.matched << " đã gắn mục của Bộ, "
        << r->read.unassigned << " chưa gắn\n";
    return 0;
  });
}

}  // namespace wp::app
