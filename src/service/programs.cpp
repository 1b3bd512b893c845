// Programs (programs.hpp): import, publication, reading with draft visibility, tasks; and the
// program cache (internal/caches.hpp) every use case reads programs through.

#include "service/programs.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "doc/parser.hpp"
#include "ingest/binder.hpp"
#include "ingest/resolver.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"
#include "text/fold.hpp"

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

std::string IssuerKey(const domain::PlanDraft& plan) {
  const auto& issuer = plan.document.issuer;
  return text::FoldKey(issuer && !issuer->empty() ? *issuer : kDefaultIssuer);
}

std::vector<TargetView> FoldMentions(const std::vector<TargetView>& rows,
                                     const std::vector<domain::Indicator>& catalogue) {
  const size_t n = rows.size();
  // The first mention a row restates, following the chain (bounded: a loop ends it).
  auto root_of = [&](size_t i) -> std::optional<size_t> {
    size_t r = i;
    for (size_t steps = 0; steps <= n; ++steps) {
      const auto& of = rows[r].target.mention_of;
      if (!of || *of < 0 || static_cast<size_t>(*of) >= n || static_cast<size_t>(*of) == r) {
        return r == i ? std::nullopt : std::optional<size_t>(r);
      }
      r = static_cast<size_t>(*of);
    }
    return std::nullopt;  // a loop: each of its rows stays a target of its own
  };
  auto mention = [](const TargetView& t, std::optional<domain::MentionKind> kind) {
    return TargetMention{t.id, t.target.section, t.target.raw, t.target.comparator,
                         kind, t.target.span};
  };
  std::vector<TargetView> out;
  std::map<size_t, size_t> at;                   // a root row → its target in `out`
  std::vector<std::pair<size_t, size_t>> later;  // (row, root)
  for (size_t i = 0; i < n; ++i) {
    const auto& t = rows[i];
    if (t.target.role == domain::TargetRole::kComponent) continue;
    if (auto root = root_of(i); root && rows[*root].target.role == domain::TargetRole::kTarget) {
      later.emplace_back(i, *root);
      continue;
    }
    at[i] = out.size();
    out.push_back(t);
  }
  bool any = !later.empty();
  for (const auto& [row, root] : later) {
    auto it = at.find(root);
    if (it == at.end()) continue;
    auto& target = out[it->second];
    if (target.mentions.empty()) target.mentions.push_back(mention(target, std::nullopt));
    const auto& t = rows[row].target;
    target.mentions.push_back(
        mention(rows[row], t.mention_kind.value_or(domain::MentionKind::kRestated)));
  }
  for (auto& t : out) {
    if (t.mentions.empty() && any) t.mentions.push_back(mention(t, std::nullopt));
    // The comparator the decision states most explicitly over the target and its
    // restatements (I.1 "4,3%" and II.2.1 "dưới 4,3%": under 4.3%); growth notes are not.
    if (t.mentions.size() > 1) {
      std::vector<domain::Comparator> stated;
      for (const auto& m : t.mentions) {
        if (!m.kind || *m.kind == domain::MentionKind::kRestated) stated.push_back(m.comparator);
      }
      t.target.comparator = domain::MostExplicit(stated).comparator;
    }
    const auto* named =
        t.target.indicator_code.empty() ? nullptr : [&]() -> const domain::Indicator* {
      for (const auto& x : catalogue) {
        if (x.code == t.target.indicator_code) return &x;
      }
      return nullptr;
    }();
    t.display_name = named ? named->name : t.target.indicator;
    if (named) t.aggregation = named->aggregation;
  }
  return out;
}

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
  // Read again against the issuer's catalogue (issue 16): indicators, restatements, proposed
  // reporters. The issuer is known once read; a catalogue the store lacks leaves it as read.
  WP_ASSIGN_OR_RETURN(auto catalogue, store_.ListIndicators(IssuerKey(record.plan)));
  if (!catalogue.empty()) {
    ingest::BindOptions options;
    options.indicators = catalogue;
    record.plan = ingest::Bind(document, options);
  }
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
  // Each target once, as the program's pages list them (a restatement or a growth note is a
  // mention of its target, a rate's component is asked but not a target of its own).
  r.targets = std::count_if(record.plan.targets.begin(), record.plan.targets.end(),
                            [](const domain::Target& t) {
                              return !t.mention_of && t.role == domain::TargetRole::kTarget;
                            });
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
  // Targets the catalogue has no indicator for get one (issue 16), named as the program names
  // them, so that next year's decision finds them by name: added before the program is
  // published (a failed publication retried adds nothing twice).
  WP_ASSIGN_OR_RETURN(auto view, cache_.Load(id));
  WP_RETURN_IF_ERROR(AddMissingIndicators(by, *view, at));
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

core::Status Programs::AddMissingIndicators(const Principal& by, const ProgramView& program,
                                            const std::string& at) {
  // Only a program read by the catalogue's binder (issue 16: some target has an indicator) adds
  // to it; one read before keeps the catalogue as it is.
  const bool read_with_catalogue =
      std::any_of(program.rows.begin(), program.rows.end(),
                  [](const TargetView& t) { return !t.target.indicator_code.empty(); });
  if (!read_with_catalogue) return {};
  const std::string issuer = IssuerKey(program.record.plan);
  WP_ASSIGN_OR_RETURN(auto catalogue, store_.ListIndicators(issuer));
  std::set<std::string> taken, names;
  for (const auto& x : catalogue) {
    taken.insert(x.code);
    names.insert(text::FoldKey(x.name));
    for (const auto& a : x.aliases) names.insert(text::FoldKey(a));
  }
  std::vector<domain::Indicator> added;
  std::string codes;
  for (const auto& t : program.targets) {
    if (!t.target.indicator_code.empty()) continue;
    const std::string& name = t.name();
    if (name.empty() || !names.insert(text::FoldKey(name)).second) continue;
    // A code a person can read: the name's words folded to ASCII, at most 40 characters.
    std::string code;
    for (char ch : text::Fold(name)) {
      const bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
      if (alnum) {
        code += ch;
      } else if (!code.empty() && code.back() != '_') {
        code += '_';
      }
      if (code.size() >= 40) break;
    }
    while (!code.empty() && code.back() == '_') code.pop_back();
    if (code.empty()) code = "chi_tieu";
    std::string unique = code;
    for (int n = 2; taken.contains(unique); ++n) unique = code + "_" + std::to_string(n);
    taken.insert(unique);
    domain::Indicator x;
    x.issuer_key = issuer;
    x.code = unique;
    x.name = name;
    x.unit = t.target.unit;
    x.aggregation = t.target.unit == "%" ? domain::Aggregation::kMean : domain::Aggregation::kSum;
    x.better = t.target.comparator == domain::Comparator::kMax ||
                       t.target.comparator == domain::Comparator::kDecreaseBy
                   ? domain::Better::kLower
                   : domain::Better::kHigher;
    x.aliases = {t.target.indicator};
    codes += (codes.empty() ? "" : ",") + unique;
    added.push_back(std::move(x));
  }
  if (added.empty()) return {};
  auto event = Event(time_, by, "indicator.create", "indicator");
  event.after = core::JsonObjectText()
                    .Add("program", program.record.id)
                    .Add("issuer_key", issuer)
                    .Add("codes", codes)
                    .Finish();
  WP_RETURN_IF_ERROR(store_.AddIndicators(added, at, event));
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
  view->rows = ViewsOf(std::move(targets));
  WP_ASSIGN_OR_RETURN(auto corrections, store_.ListCorrections(id));
  for (auto& k : corrections) {
    // Each was checked when it was made, on the plan as corrected before it.
    if (Correct(org_, *view, k, true)) ++view->corrections;
  }
  std::vector<domain::Indicator> catalogue;
  if (std::any_of(view->rows.begin(), view->rows.end(),
                  [](const TargetView& t) { return !t.target.indicator_code.empty(); })) {
    WP_ASSIGN_OR_RETURN(catalogue, store_.ListIndicators(IssuerKey(view->record.plan)));
  }
  view->targets = FoldMentions(view->rows, catalogue);
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
