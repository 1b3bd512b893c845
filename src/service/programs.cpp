// Programs (programs.hpp): import, publication, reading with draft visibility, tasks; and the
// program cache (internal/caches.hpp) every use case reads programs through.

#include "service/programs.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "doc/parser.hpp"
#include "ingest/binder.hpp"
#include "ingest/resolver.hpp"
#include "read/read.hpp"
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

core::Result<ImportResult> Programs::ImportProgramFile(const Principal& by, std::string_view bytes,
                                                       std::string_view form,
                                                       const std::string& source_name,
                                                       ImportMode mode) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  read::Form f = read::Form::kText;
  if (!form.empty()) {
    auto named = read::FormFromName(form);
    if (!named) {
      return core::Fail(ErrorCode::kInvalidArgument, "bad_form", "Dạng tệp: text, docx hoặc pdf");
    }
    f = *named;
  } else {
    WP_ASSIGN_OR_RETURN(f, read::Sniff(bytes));
  }
  if (f == read::Form::kText && bytes.size() > max_decision_bytes_) {
    return ImportProgram(by, bytes, source_name, mode);  // refused as too large, unread
  }
  auto extracted = f == read::Form::kPdf ? read::ExtractPdfInChild(bytes, "/proc/self/exe")
                                         : read::Extract(bytes, f);
  if (!extracted) return tl::unexpected(extracted.error());
  UploadedFile file;
  file.form = std::string(read::FormName(extracted->form));
  file.pages = extracted->pages;
  // The file as uploaded, unless it is the text read (a .txt in a legacy font is kept too).
  if (extracted->form != read::Form::kText || extracted->text != bytes) file.bytes = bytes;
  for (const auto& n : extracted->notes) {
    file.notes.push_back({core::Severity::kWarning, n.code, n.message, {}});
  }
  return ImportRead(by, extracted->text, source_name, mode, file);
}

core::Result<ImportResult> Programs::ImportProgram(const Principal& by, std::string_view text,
                                                   const std::string& source_name,
                                                   ImportMode mode) {
  return ImportRead(by, text, source_name, mode, UploadedFile{});
}

core::Result<ImportResult> Programs::ImportRead(const Principal& by, std::string_view text,
                                                const std::string& source_name, ImportMode mode,
                                                const UploadedFile& file) {
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
  // What reading the file changed (a legacy font converted, pages without text) is read first.
  record.plan.diagnostics.insert(record.plan.diagnostics.begin(), file.notes.begin(),
                                 file.notes.end());
  size_t unresolved = ingest::ResolvePlanUnits(record.plan, org_.resolver());
  record.source_name = source_name.empty() ? "-" : source_name;
  record.source_text = std::string(text);
  record.source_sha256 = core::Sha256Hex(text);
  record.source_form = file.form;
  record.source_pages = file.pages;
  if (!file.bytes.empty()) {
    record.source_bytes = std::string(file.bytes);
    record.source_bytes_sha256 = core::Sha256Hex(file.bytes);
  }
  record.created_at = time_.NowIso();
  const auto& d = record.plan.document;
  auto event = Event(time_, by, "program.import", "program");
  event.after = core::JsonObjectText()
                    .Add("number", d.number)
                    .Add("title", d.title)
                    .Add("status", "draft")
                    .Add("source_sha256", record.source_sha256)
                    .Add("source_form", record.source_form)
                    .Add("source_bytes_sha256", record.source_bytes_sha256)
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
  r.source_form = record.source_form;
  r.source_pages = record.source_pages;
  r.source_bytes = file.bytes.empty() ? text.size() : file.bytes.size();
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
  // Issue 18: a program started from last year's waits until next year's decision is
  // reconciled with what it carries.
  WP_ASSIGN_OR_RETURN(auto next_year, store_.GetNextYearDraft(id));
  if (next_year && !next_year->reconciled_at) {
    return core::Fail(ErrorCode::kFailedPrecondition, "not_reconciled",
                      "Chương trình năm " + std::to_string(next_year->year) +
                          " còn chỉ tiêu mang từ năm trước chưa quyết định: hãy đối chiếu với "
                          "quyết định năm " +
                          std::to_string(next_year->year) + " trước khi ban hành");
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

core::Result<store::ProgramRecord> Programs::VouchedRecord(const Principal& by, ProgramId id) {
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
  return record;
}

core::Result<std::string> Programs::SourceText(const Principal& by, ProgramId id) {
  WP_ASSIGN_OR_RETURN(auto record, VouchedRecord(by, id));
  return std::move(record.source_text);
}

core::Result<SourceFileView> Programs::SourceFile(const Principal& by, ProgramId id) {
  WP_ASSIGN_OR_RETURN(auto record, VouchedRecord(by, id));
  SourceFileView out;
  out.form = record.source_form;
  out.name = record.source_name;
  if (record.source_bytes_sha256.empty()) {  // the text as sent is the original
    out.bytes = std::move(record.source_text);
    out.as_sent = true;
    return out;
  }
  WP_ASSIGN_OR_RETURN(out.bytes, store_.GetProgramSourceBytes(id));
  // The bytes against the SHA-256 the audited fingerprint covers.
  if (core::Sha256Hex(out.bytes) != record.source_bytes_sha256) {
    auto e = core::MakeError(ErrorCode::kInternal, "source_tampered",
                             "Tệp gốc của chương trình #" + std::to_string(id) +
                                 " đã bị sửa ngoài hệ thống (không khớp mã SHA-256 đã ghi khi "
                                 "nhập) nên không cung cấp tệp; báo quản trị viên chạy \"workplan "
                                 "audit verify\"");
    e.internal_note = "Chương trình #" + std::to_string(id) + ": source_bytes SHA-256 differs";
    return tl::unexpected(e);
  }
  return out;
}

std::string TaskIdIn(const ProgramView& view, size_t section_index, size_t task_index) {
  if (!view.added_tasks.empty()) {
    auto it = view.added_tasks.find({section_index, task_index});
    if (it != view.added_tasks.end()) return it->second;
  }
  return domain::TaskId(view.record.plan, section_index, task_index);
}

std::optional<core::CivilDate> DroppedFrom(const ProgramView& view, std::string_view task_id) {
  if (auto d = view.dropped_tasks.find(task_id); d != view.dropped_tasks.end()) return d->second;
  return std::nullopt;
}

std::string PlanStatus(const ProgramView& view, const TaskView& task) {
  if (DroppedFrom(view, task.id)) return "dropped";
  const auto& sections = view.record.plan.sections;
  if (!view.added_tasks.empty() && task.section >= sections.data() &&
      task.section < sections.data() + sections.size()) {
    const size_t i = static_cast<size_t>(task.section - sections.data());
    if (view.added_tasks.contains({i, task.ord})) return "added";
  }
  return "";
}

namespace {

// The approved versions of a published program after the first, and the revision they were read
// at (read before them: an approval in between shows as a newer revision at the next Load).
core::Status ReadVersions(store::Store& store, ProgramView& view) {
  WP_ASSIGN_OR_RETURN(view.amendments_revision, store.AmendmentsRevision(view.record.id));
  WP_ASSIGN_OR_RETURN(auto versions, store.ListProgramVersions(view.record.id));
  view.versions.clear();
  for (auto& v : versions) {
    if (v.version < 2) continue;
    view.versions.push_back({v.version, v.effective_from, v.amendment_id, std::move(v.changes)});
  }
  return {};
}

}  // namespace

core::Result<std::shared_ptr<const ProgramView>> ProgramCache::Load(ProgramId id) {
  std::shared_ptr<const ProgramView> kept;
  {
    std::lock_guard lock(mu_);
    auto it = published_.find(id);
    if (it != published_.end()) kept = it->second;
  }
  if (kept) {
    // Published: the plan never changes, its versions may (issue 18). One indexed read sees an
    // approval made here or by another server since it was read.
    WP_ASSIGN_OR_RETURN(int64_t revision, store_.AmendmentsRevision(id));
    if (revision == kept->amendments_revision) return kept;
    auto next = std::make_shared<ProgramView>(*kept);
    WP_RETURN_IF_ERROR(ReadVersions(store_, *next));
    std::lock_guard lock(mu_);
    auto& slot = published_[id];
    if (slot->amendments_revision < next->amendments_revision) {
      slot = next;
      std::erase_if(in_force_, [&](const auto& e) {
        return std::get<0>(e.first) == id && std::get<1>(e.first) != next->amendments_revision;
      });
    }
    return std::shared_ptr<const ProgramView>(slot);
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
  if (view->record.status == ProgramStatus::kPublished) {
    WP_RETURN_IF_ERROR(ReadVersions(store_, *view));
  }
  std::shared_ptr<const ProgramView> out = std::move(view);
  if (out->record.status == ProgramStatus::kPublished) {
    std::lock_guard lock(mu_);
    auto [it, added] = published_.emplace(id, out);
    if (!added && it->second->amendments_revision < out->amendments_revision) it->second = out;
    return it->second;
  }
  return out;
}

core::Result<std::shared_ptr<const ProgramView>> ProgramCache::InForce(const Principal& by,
                                                                       ProgramId id,
                                                                       core::CivilDate at) {
  WP_ASSIGN_OR_RETURN(auto baseline, Get(by, id));
  return InForce(baseline, at);
}

core::Result<std::shared_ptr<const ProgramView>> ProgramCache::InForce(
    const std::shared_ptr<const ProgramView>& baseline, core::CivilDate at) {
  if (baseline->versions.empty()) return baseline;
  const std::vector<const domain::Version*> in = domain::InForce(baseline->versions, at);
  if (in.empty()) return baseline;
  // The versions in force on a date are those effective by it: a prefix in (effective_from,
  // number) order, so their count names the set.
  const auto key = std::tuple(baseline->record.id, baseline->amendments_revision, in.size());
  {
    std::lock_guard lock(mu_);
    if (auto it = in_force_.find(key); it != in_force_.end()) return it->second;
  }
  auto view = std::make_shared<ProgramView>(*baseline);
  view->version = domain::VersionOn(baseline->versions, at);
  for (const domain::Version* v : in) {
    for (domain::Change c : v->changes) {
      // Each was checked on the version in force when it was approved; one that no longer
      // applies (its item gone) is skipped rather than failing every read of the program.
      (void)ApplyChange(org_, *view, c, true, v->number, v->effective_from);
    }
  }
  std::shared_ptr<const ProgramView> out = std::move(view);
  std::lock_guard lock(mu_);
  // Bounded: a program has a view per set of versions in force; the oldest go first.
  if (in_force_.size() >= 256) in_force_.erase(in_force_.begin());
  return in_force_.emplace(key, out).first->second;
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
      if (keep) out.push_back({TaskIdIn(program, i, k), &s, &t, k});
    }
  }
  return out;
}

core::Result<std::shared_ptr<const ProgramView>> Programs::InForce(const Principal& by,
                                                                   ProgramId id,
                                                                   core::CivilDate at) {
  return cache_.InForce(by, id, at);
}

core::Result<BaselineView> Programs::Baseline(const Principal& by, ProgramId id,
                                              core::CivilDate at) {
  WP_ASSIGN_OR_RETURN(auto baseline, cache_.Published(by, id));
  WP_ASSIGN_OR_RETURN(auto program, cache_.InForce(baseline, at));
  BaselineView out;
  out.at = at;
  out.version_in_force = program->version;
  for (const auto& v : baseline->versions) {
    if (v.number == program->version) out.version_from = v.effective_from;
  }
  if (program->changed.empty()) return out;

  // Who approved each version, and the amendment behind it (read once each).
  WP_ASSIGN_OR_RETURN(auto versions, store_.ListProgramVersions(id));
  std::map<int, const store::ProgramVersionRecord*> version_of;
  for (const auto& v : versions) version_of[v.version] = &v;
  std::map<int64_t, store::AmendmentRecord> amendments;
  std::map<domain::UserId, store::UserRecord> users;
  auto user = [&](std::optional<domain::UserId> uid) -> const store::UserRecord* {
    if (!uid) return nullptr;
    auto it = users.find(*uid);
    if (it == users.end()) {
      auto u = store_.GetUser(*uid);
      if (!u) return nullptr;
      it = users.emplace(*uid, std::move(*u)).first;
    }
    return &it->second;
  };
  const auto& plan = program->record.plan;
  for (const auto& [locator, steps] : program->changed) {
    BaselineItem item;
    item.locator = locator;
    const auto colon = locator.find(':');
    const std::string kind = locator.substr(0, colon);
    item.id = locator.substr(colon + 1);
    item.status = "changed";
    for (const auto& st : steps) {
      if (st.kind == domain::ChangeKind::kTaskAdd) item.status = "added";
      if (st.kind == domain::ChangeKind::kTaskDrop) item.status = "dropped";
    }
    if (kind == "target") {
      item.kind = "target";
      for (const auto& t : program->targets) {
        if (std::to_string(t.id) != item.id) continue;
        item.name = t.name();
        item.section = t.target.section;
      }
    } else if (kind == "deadline") {
      item.kind = "deadline";
      size_t n = std::strtoul(item.id.c_str(), nullptr, 10);
      if (n < plan.deadlines.size()) {
        item.name = plan.deadlines[n].what.empty() ? plan.deadlines[n].raw : plan.deadlines[n].what;
        item.section = plan.deadlines[n].section;
      }
    } else if (kind == "section") {
      item.kind = "lead";
      item.section = item.id;
      for (const auto& s : plan.sections) {
        if (domain::SectionKey(plan, s) == item.id) item.name = s.title;
      }
    } else {
      item.kind = steps.front().kind == domain::ChangeKind::kLead ? "lead" : "task";
      item.section = item.id.substr(0, item.id.find('#'));
      for (size_t i = 0; i < plan.sections.size(); ++i) {
        for (size_t k = 0; k < plan.sections[i].tasks.size(); ++k) {
          if (TaskIdIn(*program, i, k) == item.id) item.name = plan.sections[i].tasks[k].text;
        }
      }
    }
    item.original = steps.front().kind == domain::ChangeKind::kTaskAdd ? "" : steps.front().before;
    item.current = steps.back().after;
    for (const auto& st : steps) {
      BaselineStep b;
      b.version = st.version;
      b.effective_from = st.from;
      b.before = st.before;
      b.after = st.after;
      auto vit = version_of.find(st.version);
      if (vit != version_of.end()) {
        const auto& v = *vit->second;
        b.approved_at = v.approved_at;
        b.amendment_id = v.amendment_id;
        if (const auto* u = user(v.approved_by)) {
          b.approved_by = u->username;
          b.approved_by_name = u->display_name;
          b.approved_by_title = u->title;
        }
        if (v.amendment_id) {
          auto ait = amendments.find(*v.amendment_id);
          if (ait == amendments.end()) {
            auto a = store_.GetAmendment(*v.amendment_id);
            if (a) ait = amendments.emplace(*v.amendment_id, std::move(*a)).first;
          }
          if (ait != amendments.end()) {
            const auto& a = ait->second;
            b.reason = a.reason;
            b.planner_opinion = a.planner_opinion;
            b.decision_number = a.decision_number;
            b.proposed_by = a.unit_id;
            if (const auto* unit = org_.registry().Find(a.unit_id)) b.proposed_by_name = unit->name;
            if (const auto* u = user(a.forwarded_by)) {
              b.forwarded_by = u->username;
              b.forwarded_by_name = u->display_name;
            }
            if (b.approved_by.empty()) {
              if (const auto* u = user(a.decided_by)) {
                b.approved_by = u->username;
                b.approved_by_name = u->display_name;
                b.approved_by_title = u->title;
              }
            }
          }
        }
      }
      item.steps.push_back(std::move(b));
    }
    out.items.push_back(std::move(item));
  }
  // Targets, then deadlines, leads and tasks, each in the program's order.
  auto rank = [](const BaselineItem& i) {
    return i.kind == "target" ? 0 : i.kind == "deadline" ? 1 : i.kind == "lead" ? 2 : 3;
  };
  std::stable_sort(
      out.items.begin(), out.items.end(), [&](const BaselineItem& a, const BaselineItem& b) {
        if (rank(a) != rank(b)) return rank(a) < rank(b);
        if (a.kind == "target" || a.kind == "deadline")
          return std::strtoll(a.id.c_str(), nullptr, 10) < std::strtoll(b.id.c_str(), nullptr, 10);
        return a.id < b.id;
      });
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
