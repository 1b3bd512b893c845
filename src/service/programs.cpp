// Programs (programs.hpp): import, publication, reading with draft visibility, tasks; and the
// program cache (internal/caches.hpp) every use case reads programs through.

#include "service/programs.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "doc/parser.hpp"
#include "ingest/binder.hpp"
#include "ingest/resolver.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Permission;
using domain::Principal;

bool LeadsInclude(const std::vector<domain::ResolvedUnitName>& leads, domain::OrgUnitId unit) {
  return std::any_of(leads.begin(), leads.end(), [&](const domain::ResolvedUnitName& r) {
    return std::find(r.units.begin(), r.units.end(), unit) != r.units.end();
  });
}

}  // namespace

Programs::Programs(store::Store& store, const Organisation& org, ProgramCache& cache,
                   const Time& time, DataGeneration& generation, const ServiceOptions& options)
    : store_(store),
      org_(org),
      cache_(cache),
      time_(time),
      generation_(generation),
      max_decision_bytes_(options.max_decision_bytes) {}

core::CivilDate ProgramDate(const ProgramRecordView& p) {
  const auto& d = p.plan.document;
  if (d.issued_date) return *d.issued_date;
  if (d.year) return core::CivilDate{*d.year, 1, 1};
  return core::CivilDate{1970, 1, 1};
}

core::Result<ImportResult> Programs::ImportProgram(const Principal& by, std::string_view text,
                                                   const std::string& source_name,
                                                   ImportMode mode) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  if (text.size() > max_decision_bytes_) {
    return core::Fail(ErrorCode::kTooLarge, "too_large",
                      "Văn bản quá lớn (" + std::to_string(text.size() >> 20) + " MB); tối đa " +
                          std::to_string(max_decision_bytes_ >> 20) + " MB");
  }
  WP_ASSIGN_OR_RETURN(auto document, doc::Parse(text));
  store::ProgramRecord record;
  record.plan = ingest::Bind(document);
  if (record.plan.sections.empty() && record.plan.targets.empty()) {
    return core::Fail(ErrorCode::kInvalidArgument, "not_a_program",
                      "Không đọc được chương trình công tác trong văn bản: không có mục, nhiệm vụ "
                      "hay chỉ tiêu nào");
  }
  size_t unresolved = ingest::ResolvePlanUnits(record.plan, org_.resolver());
  record.source_name = source_name.empty() ? "-" : source_name;
  record.source_text = std::string(text);
  record.source_sha256 = core::Sha256Hex(text);
  record.created_at = time_.NowIso();
  const auto& d = record.plan.document;
  auto event = Event(time_, by, "program.import", "program");
  event.after = core::JsonObjectText()
                    .Add("number", d.number)
                    .Add("title", d.title)
                    .Add("status", "draft")
                    .Add("source_sha256", record.source_sha256)
                    .Add("sections", static_cast<int64_t>(record.plan.sections.size()))
                    .Add("targets", static_cast<int64_t>(record.plan.targets.size()))
                    .Add("fingerprint", ProgramFingerprint(record))
                    .Finish();
  ImportResult r;
  if (mode == ImportMode::kReplaceDraft && d.number) {
    auto list = store_.ListPrograms();
    if (list) {
      r.replaced = std::any_of(list->begin(), list->end(), [&](const store::ProgramSummary& s) {
        return s.number == d.number;
      });
    }
  }
  WP_ASSIGN_OR_RETURN(r.id, store_.InsertProgram(record, ModeOf(mode), event));
  r.number = d.number;
  r.sections = record.plan.sections.size();
  r.targets = record.plan.targets.size();
  r.budgets = record.plan.budgets.size();
  r.deadlines = record.plan.deadlines.size();
  r.unresolved_units = unresolved;
  r.diagnostics = record.plan.diagnostics.size();
  return r;
}

core::Status Programs::PublishProgram(const Principal& by, ProgramId id) {
  WP_ASSIGN_OR_RETURN(auto record, store_.GetProgram(id));
  // A draft is invisible to those who may not manage programs: 404 like any unknown id, not a
  // hint that it exists; a published one they may see but not publish: 403.
  if (record.status != store::ProgramStatus::kPublished &&
      !domain::Can(by, Permission::kReadDrafts)) {
    return core::Fail(ErrorCode::kNotFound, "program_not_found",
                      "Không tìm thấy chương trình #" + std::to_string(id));
  }
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  if (record.status == store::ProgramStatus::kPublished) {
    return core::Fail(ErrorCode::kFailedPrecondition, "program_published",
                      "Chương trình #" + std::to_string(id) + " đã ban hành chính thức");
  }
  std::string at = time_.NowIso();
  std::string before = ProgramFingerprint(record);
  record.status = store::ProgramStatus::kPublished;
  record.published_at = at;
  auto event = Event(time_, by, "program.publish", "program", std::to_string(id));
  event.before = core::JsonObjectText().Add("status", "draft").Add("fingerprint", before).Finish();
  event.after = core::JsonObjectText()
                    .Add("status", "published")
                    .Add("published_at", at)
                    .Add("fingerprint", ProgramFingerprint(record))
                    .Finish();
  WP_RETURN_IF_ERROR(store_.PublishProgram(id, at, event));
  generation_.Changed();
  return {};
}

core::Result<ProgramSettingsView> Programs::GetSettings(const Principal& by, ProgramId id) const {
  WP_RETURN_IF_ERROR(cache_.Get(by, id));  // the program's visibility
  WP_ASSIGN_OR_RETURN(auto s, store_.GetProgramSettings(id));
  return ProgramSettingsView{s.four_eyes};
}

core::Result<ProgramSettingsView> Programs::SetSettings(const Principal& by, ProgramId id,
                                                        const ProgramSettingsView& settings) {
  WP_RETURN_IF_ERROR(cache_.Get(by, id));
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  WP_ASSIGN_OR_RETURN(auto record, store_.GetProgram(id));
  auto event = Event(time_, by, "program.settings", "program", std::to_string(id));
  event.before = core::JsonObjectText()
                     .Add("four_eyes", record.settings.four_eyes)
                     .Add("fingerprint", ProgramFingerprint(record))
                     .Finish();
  record.settings.four_eyes = settings.four_eyes;
  event.after = core::JsonObjectText()
                    .Add("four_eyes", record.settings.four_eyes)
                    .Add("fingerprint", ProgramFingerprint(record))
                    .Finish();
  WP_RETURN_IF_ERROR(store_.SetProgramSettings(id, record.settings, event));
  return settings;
}

core::Result<std::vector<ProgramSummaryView>> Programs::ListPrograms(const Principal& by) {
  WP_ASSIGN_OR_RETURN(auto all, store_.ListPrograms());
  if (!domain::Can(by, Permission::kReadDrafts)) {
    std::erase_if(all, [](const auto& s) { return s.status != store::ProgramStatus::kPublished; });
  }
  return ViewsOf(std::move(all));
}

core::Result<std::shared_ptr<const ProgramView>> Programs::GetProgram(const Principal& by,
                                                                      ProgramId id) {
  return cache_.Get(by, id);
}

core::Result<std::string> Programs::SourceText(const Principal& by, ProgramId id) {
  WP_RETURN_IF_ERROR(cache_.Get(by, id));
  WP_ASSIGN_OR_RETURN(auto record, store_.GetProgram(id));
  WP_ASSIGN_OR_RETURN(auto last, store_.LastAuditOf("program", std::to_string(id)));
  // The text against the SHA-256 beside it, then that SHA-256 (with the rest of the program)
  // against the fingerprint the log recorded: a text edited with its hash recomputed, or any
  // other edit of the program, leaves the text unvouched for.
  std::string id_text = std::to_string(id);
  auto problem = SourceProblem(record);
  std::string message = "Văn bản gốc của chương trình #" + id_text +
                        " đã bị sửa ngoài hệ thống (không khớp mã SHA-256 đã ghi khi nhập)";
  auto recorded = last ? RecordedFingerprint(*last) : std::nullopt;
  if (!problem && (!recorded || ProgramFingerprint(record) != *recorded)) {
    problem = "Chương trình #" + id_text + ": dữ liệu khác với dấu vân tay của mục nhật ký" +
              (last ? " #" + std::to_string(last->seq) : std::string());
    message = "Dữ liệu của chương trình #" + id_text +
              " đã bị sửa ngoài hệ thống (khác với nhật ký kiểm toán): không xác nhận được văn "
              "bản gốc";
  }
  if (problem) {
    auto e = core::MakeError(ErrorCode::kInternal, "source_tampered",
                             message +
                                 " nên không cung cấp văn bản; báo quản trị viên chạy \"workplan "
                                 "audit verify\"");
    e.internal_note = *problem;
    return tl::unexpected(e);
  }
  return std::move(record.source_text);
}

core::Result<std::shared_ptr<const ProgramView>> ProgramCache::Load(ProgramId id) {
  {
    std::lock_guard lock(mu_);
    auto it = published_.find(id);
    if (it != published_.end()) return it->second;
  }
  auto view = std::make_shared<ProgramView>();
  WP_ASSIGN_OR_RETURN(auto record, store_.GetProgram(id));
  view->record = ViewOf(std::move(record));
  WP_ASSIGN_OR_RETURN(auto targets, store_.ListTargets(id));
  view->targets = ViewsOf(std::move(targets));
  WP_ASSIGN_OR_RETURN(auto corrections, store_.ListCorrections(id));
  for (auto& k : corrections) {
    // Each was checked when it was made, on the plan as corrected before it.
    if (Correct(org_, *view, k, true)) ++view->corrections;
  }
  std::shared_ptr<const ProgramView> out = std::move(view);
  if (out->record.status == ProgramStatus::kPublished) {
    std::lock_guard lock(mu_);
    published_.emplace(id, out);
  }
  return out;
}

core::Result<std::shared_ptr<const ProgramView>> ProgramCache::Get(const Principal& by,
                                                                   ProgramId id) {
  WP_ASSIGN_OR_RETURN(auto view, Load(id));
  if (view->record.status != ProgramStatus::kPublished &&
      !domain::Can(by, Permission::kReadDrafts)) {
    return core::Fail(ErrorCode::kNotFound, "program_not_found",
                      "Không tìm thấy chương trình #" + std::to_string(id));
  }
  return view;
}

core::Result<std::vector<TaskView>> Programs::Tasks(const Principal& by, const ProgramView& program,
                                                    std::optional<domain::OrgUnitId> lead) const {
  core::CivilDate at = ProgramDate(program.record);
  if (lead) {
    if (org_.registry().Find(*lead) == nullptr) {
      return core::Fail(ErrorCode::kNotFound, "unit_not_found",
                        "Không tìm thấy đơn vị #" + std::to_string(*lead));
    }
    if (!domain::InScope(by, *lead, org_.registry(), at)) {
      return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                        "Bạn chỉ xem được nhiệm vụ của đơn vị mình và các đơn vị trực thuộc");
    }
  }
  bool all = domain::SeesAllUnits(by) && !lead;
  std::vector<TaskView> out;
  const auto& plan = program.record.plan;
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    const auto& s = plan.sections[i];
    for (size_t k = 0; k < s.tasks.size(); ++k) {
      const auto& t = s.tasks[k];
      bool keep = all;
      if (!keep && lead) keep = LeadsInclude(t.resolved_leads, *lead);
      if (!keep && !lead) {
        keep = std::any_of(t.resolved_leads.begin(), t.resolved_leads.end(), [&](const auto& r) {
          return std::any_of(r.units.begin(), r.units.end(), [&](domain::OrgUnitId u) {
            return domain::InScope(by, u, org_.registry(), at);
          });
        });
      }
      if (keep) out.push_back({domain::TaskId(plan, i, k), &s, &t, k});
    }
  }
  return out;
}

core::Result<std::shared_ptr<const ProgramView>> ProgramCache::Published(const Principal& by,
                                                                         ProgramId id) {
  WP_ASSIGN_OR_RETURN(auto program, Get(by, id));
  if (program->record.status != ProgramStatus::kPublished) {
    return core::Fail(ErrorCode::kFailedPrecondition, "program_not_published",
                      "Chương trình chưa ban hành chính thức nên chưa có kỳ báo cáo");
  }
  return program;
}

}  // namespace wp::service
