#include "app/document_command.hpp"

#include <ostream>

#include "core/date.hpp"
#include "service/briefing.hpp"
#include "service/phrases.hpp"
#include "service/services.hpp"

namespace wp::app {
namespace {

core::Result<std::optional<core::CivilDate>> OptDate(const std::string& text, const char* option) {
  if (text.empty()) return std::optional<core::CivilDate>();
  auto d = core::ParseIsoDate(text);
  if (!d) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument, "bad_date",
        std::string(option) + " cần ngày dạng YYYY-MM-DD, không phải \"" + text + "\"");
  }
  return std::optional(*d);
}

}  // namespace

int RunReportConsolidated(const DbConfig& db, const DocumentCommand& c, std::ostream& out,
                          std::ostream& err) {
  auto as_of = OptDate(c.as_of, "--as-of");
  if (!as_of) return CommandFail(err, as_of.error());
  return WithServices(db, err, [&](const service::Services& s, const domain::Principal& who) {
    service::GenerateInput in;
    in.period = c.period;
    in.as_of = *as_of;
    if (!c.unit.empty()) {
      auto unit = s.org.FindUnit(c.unit, as_of->value_or(s.time.Today()));
      if (!unit) return CommandFail(err, unit.error());
      in.kind = domain::DocumentKind::kUnit;
      in.unit = (*unit)->id;
    }
    auto v = s.documents.Generate(who, c.program, in);
    if (!v) return CommandFail(err, v.error());
    out << (v->created ? "Đã tạo" : "Đã cập nhật số liệu") << " dự thảo #" << v->id << " ("
        << v->header.subject << ", số liệu đến " << v->as_of.ToVietnamese() << "), phiên bản "
        << v->version << "\n";
    if (!v->created) {
      out << "  giữ " << v->kept.size() << " đoạn đã sửa";
      if (!v->changed_underneath.empty())
        out << "; " << v->changed_underneath.size() << " đoạn có số liệu bên dưới thay đổi";
      if (!v->orphaned.empty()) out << "; " << v->orphaned.size() << " đoạn không còn được tạo";
      out << "\n";
      for (const auto& k : v->changed_underneath) out << "  cần xem lại: " << k << "\n";
      for (const auto& k : v->orphaned) out << "  không còn: " << k << "\n";
    }
    auto bytes = s.documents.Docx(who, v->id);
    if (!bytes) return CommandFail(err, bytes.error());
    return CommandWriteFile(c.out, *bytes, "báo cáo", out, err);
  });
}

int RunDocumentList(const DbConfig& db, const DocumentCommand& c, std::ostream& out,
                    std::ostream& err) {
  return WithServices(db, err, [&](const service::Services& s, const domain::Principal& who) {
    service::DocumentListFilter f;
    if (!c.period.empty()) f.period = c.period;
    auto list = s.documents.List(who, c.program, f);
    if (!list) return CommandFail(err, list.error());
    for (const auto& d : *list) {
      out << "#" << d.id << "\t" << domain::DocumentKindName(d.kind) << "\t" << d.period.Key()
          << "\t" << d.unit.code << "\t" << domain::DocumentStatusName(d.status) << "\tv"
          << d.version << "\t" << d.number.value_or("-")
          << (d.stale ? "\tcần cập nhật số liệu" : "")
          << (d.conflicts ? "\t" + std::to_string(d.conflicts) + " đoạn cần xử lý" : "") << "\n";
    }
    out << list->size() << " văn bản\n";
    return 0;
  });
}

int RunDocumentBriefing(const DbConfig& db, const DocumentCommand& c, std::ostream& out,
                        std::ostream& err) {
  auto as_of = OptDate(c.as_of, "--as-of");
  if (!as_of) return CommandFail(err, as_of.error());
  std::optional<std::string> period;
  if (!c.period.empty()) period = c.period;
  return WithServices(db, err, [&](const service::Services& s, const domain::Principal& who) {
    const core::CivilDate today = s.time.Today();
    auto month = service::ResolveBriefingMonth(period, *as_of, today);
    if (!month) return CommandFail(err, month.error());
    std::optional<domain::OrgUnitId> unit;
    if (!c.unit.empty()) {
      // The unit as it was on the figures' date (a province's code named another unit after
      // the mergers of 2025).
      auto u = s.org.FindUnit(c.unit, month->at.value_or(today));
      if (!u) return CommandFail(err, u.error());
      unit = (*u)->id;
    }
    auto tpl = s.documents.TemplateFile(who, "giao_ban");
    if (!tpl) return CommandFail(err, tpl.error());
    service::Briefings briefings(s.figures, s.programs, s.responsibilities, s.org);
    auto file = briefings.Docx(who, c.program, *as_of, period, unit, today, *tpl);
    if (!file) return CommandFail(err, file.error());
    out << "Tài liệu giao ban " << service::PeriodPhrase(file->month) << ", số liệu đến "
        << file->at.ToVietnamese() << "\n";
    return CommandWriteFile(c.out, file->bytes, "tài liệu giao ban", out, err);
  });
}

int RunDocumentIssue(const DbConfig& db, const DocumentCommand& c, std::ostream& out,
                     std::ostream& err) {
  auto date = OptDate(c.date, "--date");
  if (!date) return CommandFail(err, date.error());
  if (!*date) {
    return CommandFail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_date",
                                            "Cần ngày ban hành (--date YYYY-MM-DD)"));
  }
  return WithServices(db, err, [&](const service::Services& s, const domain::Principal& who) {
    auto current = s.documents.Get(who, c.id);
    if (!current) return CommandFail(err, current.error());
    service::DocumentIssueInput in;
    in.version = c.version ? c.version : current->version;
    if (c.number > 0) in.number = c.number;
    in.date = **date;
    in.signature = current->header.signature;
    in.signature.name = c.signer;
    if (c.title_given) in.signature.title = c.signer_title;
    if (c.authority_given) in.signature.authority = c.authority;
    auto v = s.documents.Issue(who, c.id, in);
    if (!v) return CommandFail(err, v.error());
    out << "Đã ban hành văn bản #" << v->id << " số " << v->number.value_or("") << " ngày "
        << in.date.ToVietnamese() << "\n";
    if (!c.out.empty()) {
      auto bytes = s.documents.Docx(who, v->id);
      if (!bytes) return CommandFail(err, bytes.error());
      return CommandWriteFile(c.out, *bytes, "văn bản", out, err);
    }
    return 0;
  });
}

}  // namespace wp::app
