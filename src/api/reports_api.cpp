// The reporting cycle's endpoints: a program's schedule and due reports, report forms (JSON,
// CSV and .xlsx) with their workflow, timeliness and completeness, overdue tasks, allocations,
// bulk loads, the digest and the outbox.

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"
#include "core/json_scan.hpp"
#include "core/json_text.hpp"
#include "core/lru_cache.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

ordered_json ExpectedJson(const service::Services& svc, const domain::ExpectedReport& e,
                          const std::string& name) {
  return {{"obligation", {{"key", e.obligation}, {"name", name}}},
          {"period", PeriodJson(e.period)},
          {"unit", UnitRef(svc, e.unit)},
          {"due", e.due.ToIso()},
          {"nominal_due", e.nominal.ToIso()},
          {"cutoff_start", OptDate(e.cutoff_start)},
          {"cutoff_end", OptDate(e.cutoff_end)}};
}

ordered_json ReportHeaderJson(const std::optional<service::ReportHeader>& r) {
  if (!r) {
    return {{"id", nullptr},
            {"status", "draft"},
            {"version", 0},
            {"first_submitted_at", nullptr},
            {"submitted_at", nullptr},
            {"approved_at", nullptr},
            {"comment", ""},
            {"updated_at", nullptr}};
  }
  return {{"id", r->id},
          {"status", domain::ReportStatusName(r->status)},
          {"version", r->version},
          {"first_submitted_at", OptJson(r->first_submitted_at)},
          {"submitted_at", OptJson(r->submitted_at)},
          {"approved_at", OptJson(r->approved_at)},
          {"comment", r->comment},
          {"updated_at", r->updated_at}};
}

ordered_json DueJson(const service::Services& svc, const service::DueReportView& d) {
  ordered_json j = ExpectedJson(svc, d.expected, d.obligation_name);
  j["state"] = service::DueStateName(d.state);
  j["received"] = d.received;
  j["late"] = d.late;
  j["overdue"] = d.overdue;
  j["report"] = ReportHeaderJson(d.report);
  return j;
}

ordered_json ValueJson(const domain::ReportValue& v) {
  return {{"target_id", v.target_id},
          {"scope", domain::ValueScopeName(v.scope)},
          {"kind", domain::ValueKindName(v.kind)},
          {"value", v.value ? ordered_json(Text(*v.value)) : ordered_json(nullptr)},
          {"note", v.note}};
}

ordered_json ProblemsJson(const std::vector<domain::Problem>& problems) {
  ordered_json out = ordered_json::array();
  for (const auto& p : problems) {
    out.push_back({{"field", p.field}, {"code", p.code}, {"message", p.message}});
  }
  return out;
}

// A check of a report's content (POST …/check): {ok, errors (would refuse the save), warnings
// (flagged for confirmation), version and status of the report as stored}.
ordered_json CheckJson(const service::ReportCheck& check) {
  std::vector<domain::Problem> errors, warnings;
  for (const auto& p : check.problems) {
    (p.severity == domain::ProblemSeverity::kError ? errors : warnings).push_back(p);
  }
  return {{"ok", check.ok()},
          {"errors", ProblemsJson(errors)},
          {"warnings", ProblemsJson(warnings)},
          {"version", check.form.version()},
          {"status",
           check.form.report ? domain::ReportStatusName(check.form.report->status) : "draft"}};
}

// What the caller may do with the report now, for the form's buttons, as the service would allow
// it: a reopen only from a unit
// strictly above the report's at its date (domain::IsAbove), never from the unit's own or from
// the unit it has become.
ordered_json ActionsJson(const service::Services& svc, const Principal& who,
                         const service::ReportForm& f) {
  using domain::Role;
  auto status = f.report ? f.report->status : domain::ReportStatus::kDraft;
  bool writer = domain::Can(who, domain::Permission::kWriteReports);
  bool approver =
      who.role == Role::kApprover || who.role == Role::kPlanner || who.role == Role::kAdmin;
  ordered_json out = ordered_json::array();
  if (writer &&
      (status == domain::ReportStatus::kDraft || status == domain::ReportStatus::kReturned)) {
    out.push_back("save");
    out.push_back("submit");
  }
  if (approver && status == domain::ReportStatus::kSubmitted) {
    out.push_back("approve");
    out.push_back("return");
  }
  if (status == domain::ReportStatus::kApproved &&
      (who.role == Role::kPlanner || who.role == Role::kAdmin ||
       (who.role == Role::kApprover &&
        domain::IsAbove(who, f.unit->id, svc.org.registry(), f.expected.nominal)))) {
    out.push_back("reopen");
  }
  return out;
}

// The form as a JSON text; `minimal` leaves out its content (targets, tasks, values, task
// progress, narrative) for writers that asked for `Prefer: return=minimal`. Written as it goes
// (a form of 100 targets and 200 values is most of a submission's answer): the header parts are
// small trees, the lists are streamed.
// The members "targets" and "tasks" of a unit's form: the same for every report of the unit
// in a program (one skeleton), so written once per skeleton and kept while the service keeps the
// skeleton (the weak pointer tells a skeleton from a later one at the same address).
struct SkeletonText {
  std::weak_ptr<const service::FormSkeleton> of;
  std::string members;
};
core::LruCache<const service::FormSkeleton*, SkeletonText> skeleton_texts(64 << 20);  // bytes

std::string RenderSkeleton(const service::FormSkeleton& skeleton) {
  JsonWriter w;
  w.BeginObject();
  w.Key("targets").BeginArray();
  for (const auto& t : skeleton.targets) {
    w.BeginObject();
    w.Key("id").Int(t.form.id);
    w.Key("section").String(t.target->target.section);
    w.Key("indicator").String(t.form.indicator);
    w.Key("unit").String(t.form.unit);
    w.Key("comparator").String(domain::ComparatorName(t.form.comparator));
    if (t.own) {
      // Issue 18: a target of the unit's own program: no national value; its own is its plan.
      w.Key("kind").String("unit");
      w.Key("serves").String(t.serves);
      w.Key("national").Null();
      w.Key("allocated");
      t.allocated ? w.String(Text(*t.allocated)) : w.Null();
    } else {
      w.Key("national");
      t.rate ? w.Null() : w.String(Text(t.target->target.value));  // a rate's part has none
      w.Key("allocated");
      t.allocated ? w.String(Text(*t.allocated)) : w.Null();
    }
    w.Key("parent_id");
    t.form.parent_id ? w.Int(*t.form.parent_id) : w.Null();
    // Whether period and cumulative are checked against each other (rates never are).
    w.Key("additive").Bool(t.form.additive && t.form.unit != "%");
    // A rate's part (issue 16): the rate it makes with the other part, shown read-only:
    // {id, section, indicator, unit, comparator, national, scale, part: numerator|denominator}.
    w.Key("rate");
    if (t.rate) {
      const auto& r = *t.rate;
      w.BeginObject();
      w.Key("id").Int(r.id);
      w.Key("section").String(r.target.section);
      w.Key("indicator").String(r.name());
      w.Key("unit").String(r.target.unit);
      w.Key("comparator").String(domain::ComparatorName(r.target.comparator));
      w.Key("national").String(Text(r.target.value));
      w.Key("scale").String(r.target.unit == "%" ? "100" : "1");
      w.Key("part").String(t.numerator ? "numerator" : "denominator");
      w.EndObject();
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("tasks").BeginArray();
  // Issue 18: the unit's own tasks follow the Ministry item they serve — its task, or the last
  // task of its section —; those of an item without a task on the form come last.
  for (const auto& line : service::FormTaskLines(skeleton)) {
    w.BeginObject();
    if (line.task) {
      const auto& t = *line.task;
      w.Key("id").String(t.id);
      w.Key("section").String(t.section->number);
      w.Key("text").String(t.task->text);
      w.EndObject();
      continue;
    }
    const auto& u = *line.unit;
    w.Key("id").String(u.id);
    w.Key("kind").String("unit");
    w.Key("section").String(u.section);
    w.Key("serves").String(u.task.serves);
    w.Key("text").String(u.task.text);
    w.Key("responsible").BeginObject();
    w.Key("user_id");
    u.task.responsible_user ? w.Int(*u.task.responsible_user) : w.Null();
    w.Key("name").String(u.task.responsible_name.empty() ? u.responsible_display
                                                         : u.task.responsible_name);
    w.EndObject();
    w.Key("start");
    u.task.start ? w.String(u.task.start->ToIso()) : w.Null();
    w.Key("due");
    u.task.due ? w.String(u.task.due->ToIso()) : w.Null();
    w.Key("output_expected").String(u.task.output);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::string text = w.Take();
  return text.substr(1, text.size() - 2);  // the members without the braces
}

std::shared_ptr<const SkeletonText> SkeletonMembers(
    const std::shared_ptr<const service::FormSkeleton>& skeleton) {
  auto kept = skeleton_texts.Find(skeleton.get());
  if (kept && kept->of.lock() == skeleton) return kept;
  auto text =
      std::make_shared<const SkeletonText>(SkeletonText{skeleton, RenderSkeleton(*skeleton)});
  skeleton_texts.Put(skeleton.get(), text, text->members.size());
  return text;
}

// The paired report (service::PairedReport): {obligation, period, unit, due, …, state,
// report: {id, status, version, …}, answers}, or null.
ordered_json PairedJson(const service::Services& svc,
                        const std::optional<service::PairedReport>& p) {
  if (!p) return nullptr;
  ordered_json j = ExpectedJson(svc, p->expected, p->obligation_name);
  j["state"] = service::DueStateName(p->state);
  j["report"] = ReportHeaderJson(p->report);
  j["answers"] = p->answers;
  return j;
}

std::string FormText(const service::Services& svc, const Principal& who,
                     const service::ReportForm& f, bool minimal = false) {
  JsonWriter w;
  w.BeginObject();
  w.Members(ExpectedJson(svc, f.expected, f.obligation.obligation.name));
  w.Key("program_id").Int(f.program->record.id);
  w.Members(ReportHeaderJson(f.report));
  w.Key("late").Bool(f.late);
  w.Key("paired").Value(PairedJson(svc, f.paired));
  if (!minimal) {
    w.RawMembers(SkeletonMembers(f.skeleton)->members);
    // Each task's newest progress in the unit's earlier reports, and where it was read.
    w.Key("carried_tasks").BeginArray();
    for (const auto& c : f.carried_tasks) {
      w.BeginObject();
      w.Key("task_id").String(c.progress.task_id);
      w.Key("status").String(domain::TaskStatusName(c.progress.status));
      w.Key("percent");
      c.progress.percent ? w.Int(*c.progress.percent) : w.Null();
      w.Key("output").String(c.progress.output);
      w.Key("from").BeginObject();
      w.Key("report_id").Int(c.report);
      w.Key("obligation").String(c.obligation);
      w.Key("period").String(c.period.Key());
      w.Key("label").String(c.period.Label());
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    // What the additive targets' cumulatives are checked with: {role, source, values}, role
    // "previous_cumulative" with the previous period's cumulative by target id ({"12": "10315"}),
    // or "year_start" (the year's first period: a cumulative is its period's; no values), or
    // null (no previous report to continue). Compact: a save's answer carries it too.
    w.Key("cumulative_references").BeginObject();
    const auto& refs = f.cumulative_references;
    const bool year_start = !refs.empty() && refs.front().role == domain::ReferenceRole::kYearStart;
    w.Key("role");
    refs.empty() ? w.Null() : w.String(year_start ? "year_start" : "previous_cumulative");
    w.Key("source").String(refs.empty() ? "" : refs.front().source);
    w.Key("values").BeginObject();
    for (const auto& r : refs) {
      if (r.role == domain::ReferenceRole::kPreviousCumulative) {
        w.Key(std::to_string(r.target_id)).String(Text(r.value));
      }
    }
    w.EndObject();
    w.EndObject();
    w.Key("values").BeginArray();
    for (const auto& v : f.content.values) {
      w.BeginObject();
      w.Key("target_id").Int(v.target_id);
      w.Key("scope").String(domain::ValueScopeName(v.scope));
      w.Key("kind").String(domain::ValueKindName(v.kind));
      w.Key("value");
      v.value ? w.String(Text(*v.value)) : w.Null();
      w.Key("note").String(v.note);
      w.EndObject();
    }
    w.EndArray();
    w.Key("task_progress").BeginArray();
    for (const auto& p : f.content.tasks) {
      w.BeginObject();
      w.Key("task_id").String(p.task_id);
      w.Key("status").String(domain::TaskStatusName(p.status));
      w.Key("percent");
      p.percent ? w.Int(*p.percent) : w.Null();
      w.Key("output").String(p.output);
      w.EndObject();
    }
    w.EndArray();
    w.Key("narrative").BeginObject();
    for (size_t i = 0; i < domain::kNarrativeCount; ++i) {
      w.Key(domain::NarrativeName(static_cast<domain::Narrative>(i)))
          .String(f.content.narrative[i]);
    }
    w.EndObject();
  }
  w.Key("warnings").Value(ProblemsJson(f.warnings));
  w.Key("actions").Value(ActionsJson(svc, who, f));
  w.EndObject();
  return w.Take();
}

// The answer to a write of a report: the whole form, or only its header, status, warnings and
// actions when the client sent `Prefer: return=minimal` (RFC 7240) — a machine client that
// submits hundreds of reports need not have each one rendered back.
Response WrittenForm(const Request& req, const service::Services& svc, const Principal& who,
                     const service::ReportForm& f) {
  const auto* prefer = req.Header("prefer");
  bool minimal = prefer && prefer->find("return=minimal") != std::string::npos;
  Response r = JsonText(200, FormText(svc, who, f, minimal));
  if (minimal) r.headers.emplace_back("Preference-Applied", "return=minimal");
  return r;
}

// A write that does not say which version of the report it read; `how` tells where to say it.
tl::unexpected<core::Error> VersionRequired(std::string how) {
  auto e = Err(ErrorCode::kInvalidArgument, "version_required",
               "Cần gửi kèm phiên bản (version) của báo cáo đang sửa");
  e.details.push_back({"version", std::move(how)});
  return tl::unexpected(e);
}

core::Result<int64_t> VersionField(const ordered_json& j) {
  auto it = j.find("version");
  if (it == j.end() || !it->is_number_integer() || it->get<int64_t>() < 0) {
    return VersionRequired("Số nguyên không âm: phiên bản đã đọc");
  }
  return it->get<int64_t>();
}

// A field of an element of a PUT's "values" as sent: absent, null, an integer, another number
// (its text as written), a string (decoded), or anything else (its JSON text as written).
struct SentField {
  enum class Type { kAbsent, kNull, kInteger, kNumber, kString, kOther };
  Type type = Type::kAbsent;
  int64_t integer = 0;
  std::string text;
  bool IsNull() const { return type == Type::kAbsent || type == Type::kNull; }
  // The field as compact JSON, for a message that quotes what was sent.
  std::string Json() const {
    switch (type) {
      case Type::kAbsent:
      case Type::kNull:
        return "null";
      case Type::kInteger:
        return std::to_string(integer);
      case Type::kString:
        return ordered_json(text).dump();
      case Type::kNumber:
      case Type::kOther:
        return ordered_json::parse(text).dump();
    }
    return "null";
  }
};

// One element of a PUT's "values" as sent.
struct SentValue {
  bool object = false;
  SentField target_id, scope, kind, value, note;
};

// The decimal a value field holds: a JSON integer, another JSON number (read as nlohmann reads
// it: 4.30 is 4.3), or a string ("1510000", "4.3", "1.510.000", "4,3"); nullopt otherwise.
std::optional<core::Decimal> DecimalOf(const SentField& f) {
  switch (f.type) {
    case SentField::Type::kInteger:
      return core::Decimal{f.integer, 0};
    case SentField::Type::kNumber:  // as nlohmann writes the number back: 4.30 → "4.3"
      return core::ParseDecimal(ordered_json::parse(f.text).dump());
    case SentField::Type::kString:
      return core::ParseDecimal(f.text);
    default:
      return std::nullopt;
  }
}

// The value of one element of "values", each problem named by its field.
std::optional<domain::ReportValue> ReadValue(const SentValue& v, size_t i,
                                             std::vector<core::ErrorDetail>& problems) {
  std::string field = "values[" + std::to_string(i) + "]";
  if (!v.object) {
    problems.push_back({field, "Phải là một đối tượng"});
    return std::nullopt;
  }
  domain::ReportValue rv;
  if (v.target_id.type != SentField::Type::kInteger) {
    problems.push_back({field + ".target_id", "Thiếu số hiệu chỉ tiêu"});
    return std::nullopt;
  }
  rv.target_id = v.target_id.integer;
  if (!v.scope.IsNull()) {
    auto scope = v.scope.type == SentField::Type::kString ? domain::ParseValueScope(v.scope.text)
                                                          : std::nullopt;
    if (!scope) {
      problems.push_back({field + ".scope", "Là period (trong kỳ) hoặc cumulative (lũy kế)"});
      return std::nullopt;
    }
    rv.scope = *scope;
  }
  if (!v.kind.IsNull()) {
    auto kind = v.kind.type == SentField::Type::kString ? domain::ParseValueKind(v.kind.text)
                                                        : std::nullopt;
    if (!kind) {
      problems.push_back(
          {field + ".kind", "Là plan (kế hoạch), estimate (ước) hoặc actual (thực hiện)"});
      return std::nullopt;
    }
    rv.kind = *kind;
  }
  if (!v.value.IsNull()) {
    rv.value = DecimalOf(v.value);
    if (!rv.value) {
      problems.push_back(
          {domain::ValueField(rv.target_id, rv.scope), "Không phải là số: " + v.value.Json()});
      return std::nullopt;
    }
  }
  if (v.note.type == SentField::Type::kString) rv.note = v.note.text;
  return rv;
}

// The content of a PUT: values, task progress and narrative, each problem named by its field.
// `sent` holds the elements of "values" when it was an array (ReportPutReader takes them out of
// `j` as it parses, so `j` holds "values" only when it was something else).
core::Result<service::ReportInput> ReadInput(const ordered_json& j,
                                             const std::vector<SentValue>* sent) {
  service::ReportInput in;
  std::vector<core::ErrorDetail> problems;
  if (sent) {
    in.values.reserve(sent->size());
    for (size_t i = 0; i < sent->size(); ++i) {
      if (auto rv = ReadValue((*sent)[i], i, problems)) in.values.push_back(std::move(*rv));
    }
  } else if (auto it = j.find("values"); it != j.end() && !it->is_null()) {
    problems.push_back({"values", "Phải là một danh sách"});
  }
  if (auto it = j.find("task_progress"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) {
      problems.push_back({"task_progress", "Phải là một danh sách"});
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        const auto& t = (*it)[i];
        std::string field = "task_progress[" + std::to_string(i) + "]";
        if (!t.is_object() || !t.contains("task_id") || !t["task_id"].is_string()) {
          problems.push_back({field + ".task_id", "Thiếu mã nhiệm vụ"});
          continue;
        }
        domain::TaskProgress p;
        p.task_id = t["task_id"];
        auto status = t.contains("status") && t["status"].is_string()
                          ? domain::ParseTaskStatus(t["status"].get<std::string>())
                          : std::nullopt;
        if (!status) {
          problems.push_back({"tasks[" + p.task_id + "].status",
                              "Là not_started, in_progress, done, overdue hoặc cancelled"});
          continue;
        }
        p.status = *status;
        if (t.contains("percent") && !t["percent"].is_null()) {
          if (!t["percent"].is_number_integer()) {
            problems.push_back({"tasks[" + p.task_id + "].percent", "Phải là số nguyên 0–100"});
            continue;
          }
          p.percent = static_cast<int>(std::clamp<int64_t>(t["percent"].get<int64_t>(), -1, 101));
        }
        if (t.contains("output") && t["output"].is_string()) p.output = t["output"];
        in.tasks.push_back(std::move(p));
      }
    }
  }
  if (auto it = j.find("narrative"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) {
      problems.push_back({"narrative", "Phải là một đối tượng"});
    } else {
      for (const auto& [key, text] : it->items()) {
        auto section = domain::ParseNarrative(key);
        if (!section || !text.is_string()) {
          problems.push_back({"narrative." + key,
                              "Mục là results, shortcomings, causes, next_steps hoặc proposals "
                              "(chuỗi ký tự)"});
          continue;
        }
        in.narrative.emplace_back(*section, text.get<std::string>());
      }
    }
  }
  WP_RETURN_IF_ERROR(Check(std::move(problems)));
  return in;
}

// The body of a PUT of a report: {version, values, task_progress, narrative, submit,
// answer_paired, paired_version}.
struct ReportPut {
  int64_t version = 0;
  service::ReportInput input;
  domain::ReportAction action = domain::ReportAction::kSave;
  std::optional<int64_t> paired_version;  // set with "answer_paired": true
};

// Reads the body of a PUT in one pass (core::JsonScan): the elements of "values" (hundreds in
// a report) straight into SentValue, the other members as a tree of their own (they are
// few). Of a repeated key the last counts, as in a tree.
class ReportPutReader {
 public:
  ordered_json body;
  std::vector<SentValue> values;
  bool values_taken = false;  // "values" was an array, its elements are in `values`

  // kInvalidArgument "malformed_json" when `text` is not a JSON object.
  core::Status Read(std::string_view text) {
    core::JsonScan in(text);
    auto type = in.Peek();
    if (type && *type != core::JsonScan::Type::kObject && in.Skip() && in.Finish()) {
      return tl::unexpected(Err(ErrorCode::kInvalidArgument, "malformed_json",
                                "Nội dung gửi lên phải là một đối tượng JSON"));
    }
    // The other members, as written, to be read into `body` at the end.
    std::vector<std::pair<std::string, std::string_view>> others;
    std::string key;
    bool ok = type && in.Enter();
    while (ok && in.NextKey(key)) {
      if (key == "values") {
        std::erase_if(others, [](const auto& m) { return m.first == "values"; });
        values.clear();
        values_taken = in.Peek() == core::JsonScan::Type::kArray;
        if (values_taken) {
          ok = ReadValues(in);
          continue;
        }
      }
      std::string_view raw;
      ok = in.Skip(&raw);
      others.emplace_back(key, raw);
    }
    if (!ok || in.failed() || !in.Finish()) {
      return tl::unexpected(Err(ErrorCode::kInvalidArgument, "malformed_json",
                                "Nội dung gửi lên không phải JSON hợp lệ"));
    }
    std::string rest = "{";
    for (const auto& [k, raw] : others) {
      if (rest.size() > 1) rest += ',';
      core::AppendJsonString(rest, k);
      rest += ':';
      rest += raw;
    }
    rest += '}';
    body = ordered_json::parse(rest);  // each part was read as JSON already
    return {};
  }

 private:
  bool ReadValues(core::JsonScan& in) {
    std::string key;
    if (!in.Enter()) return false;
    while (in.NextElement()) {
      auto type = in.Peek();
      if (!type) return false;
      SentValue& v = values.emplace_back();
      if (*type != core::JsonScan::Type::kObject) {
        if (!in.Skip()) return false;
        continue;
      }
      v.object = true;
      in.Enter();
      while (in.NextKey(key)) {
        SentField* f = key == "target_id" ? &v.target_id
                       : key == "scope"   ? &v.scope
                       : key == "kind"    ? &v.kind
                       : key == "value"   ? &v.value
                       : key == "note"    ? &v.note
                                          : nullptr;
        if (!(f ? ReadField(in, *f) : in.Skip())) return false;
      }
      if (in.failed()) return false;
    }
    return !in.failed();
  }

  static bool ReadField(core::JsonScan& in, SentField& f) {
    using Type = core::JsonScan::Type;
    auto type = in.Peek();
    if (!type) return false;
    f = SentField();
    switch (*type) {
      case Type::kString:
        f.type = SentField::Type::kString;
        return in.ReadString(&f.text);
      case Type::kNumber: {
        std::string_view text;
        std::optional<int64_t> integer;
        if (!in.ReadNumber(text, integer)) return false;
        f.type = integer ? SentField::Type::kInteger : SentField::Type::kNumber;
        f.integer = integer.value_or(0);
        if (!integer) f.text = text;
        return true;
      }
      case Type::kNull:
        f.type = SentField::Type::kNull;
        return in.Skip();
      default: {
        std::string_view raw;
        if (!in.Skip(&raw)) return false;
        f.type = SentField::Type::kOther;
        f.text = raw;
        return true;
      }
    }
  }
};

core::Result<ReportPut> ReadReportPut(const Request& req) {
  ReportPutReader reader;
  WP_RETURN_IF_ERROR(reader.Read(req.body));
  const auto& j = reader.body;
  ReportPut put;
  WP_ASSIGN_OR_RETURN(put.version, VersionField(j));
  WP_ASSIGN_OR_RETURN(put.input, ReadInput(j, reader.values_taken ? &reader.values : nullptr));
  if (auto s = j.find("submit"); s != j.end() && s->is_boolean() && s->get<bool>()) {
    put.action = domain::ReportAction::kSubmit;
  }
  // The paired report answered in the same write needs the version that was read of it too.
  if (auto a = j.find("answer_paired"); a != j.end() && !a->is_null()) {
    if (!a->is_boolean()) {
      auto e =
          Err(ErrorCode::kInvalidArgument, "bad_parameter", "answer_paired là true hoặc false");
      e.details.push_back({"answer_paired", "true hoặc false"});
      return tl::unexpected(e);
    }
    if (a->get<bool>()) {
      auto v = j.find("paired_version");
      if (v == j.end() || !v->is_number_integer() || v->get<int64_t>() < 0) {
        auto e = Err(ErrorCode::kInvalidArgument, "version_required",
                     "Cần gửi kèm phiên bản (paired_version) của báo cáo được trả lời kèm");
        e.details.push_back({"paired_version", "Số nguyên không âm: phiên bản đã đọc"});
        return tl::unexpected(e);
      }
      put.paired_version = v->get<int64_t>();
    }
  }
  return put;
}

// The version a CSV write names: If-Match: "3" (as the ETag of the GET), or ?version=3.
core::Result<int64_t> CsvVersion(const Request& req) {
  std::string text;
  if (const auto* h = req.Header("if-match")) {
    text = *h;
    if (text.starts_with("W/")) text.erase(0, 2);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
      text = text.substr(1, text.size() - 2);
    }
  } else if (auto it = req.query.find("version"); it != req.query.end()) {
    text = it->second;
  }
  int64_t v = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < 0) {
    return VersionRequired("Tiêu đề If-Match hoặc tham số version: phiên bản đã đọc");
  }
  return v;
}

// The body of a route that takes a file (.xlsx, CSV or JSON): refused above this from its
// Content-Length, before it is read.
constexpr size_t kUploadLimit = 8u << 20;

// Allocations are the planners' (as ReplaceAllocations decides): checked before a body is read.
core::Status MayAllocate(const Principal& who) {
  if (domain::Can(who, domain::Permission::kManagePrograms)) return {};
  return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                    "Chỉ Vụ Kế hoạch – Tài chính (người lập kế hoạch) mới giao chỉ tiêu");
}

// So are bulk loads (BulkLoadValues).
core::Status MayBulkLoad(const Principal& who) {
  if (domain::Can(who, domain::Permission::kManagePrograms)) return {};
  return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                    "Chỉ Vụ Kế hoạch – Tài chính (người lập kế hoạch) mới nạp số liệu hàng loạt");
}

// A report's values (the form, its CSV) are written by every role but the viewer.
core::Status MayWriteReports(const Principal& who) {
  if (domain::Can(who, domain::Permission::kWriteReports)) return {};
  return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                    "Tài khoản chỉ xem không được tải lên biểu mẫu hay số liệu báo cáo.");
}

// An .xlsx body: by its content type, or by the zip signature for clients that send
// application/octet-stream.
bool IsXlsx(const Request& req) {
  const auto* ct = req.Header("content-type");
  if (ct != nullptr && ct->starts_with(kXlsxType)) return true;
  return req.body.starts_with(std::string_view("PK\x03\x04", 4));
}

bool IsCsv(const Request& req) {
  const std::string* ct = req.Header("content-type");
  return ct != nullptr && ct->starts_with("text/csv");
}

// The allocations of a program with the check of their sums, as GET and PUT answer them.
Response AllocationsJson(const service::Services& svc, const service::AllocationView& v) {
  ordered_json rows = ordered_json::array();
  for (const auto& a : v.rows) {
    rows.push_back(
        {{"target_id", a.target_id}, {"unit", UnitRef(svc, a.unit_id)}, {"value", Text(a.value)}});
  }
  ordered_json checks = ordered_json::array();
  for (const auto& c : v.checks) {
    checks.push_back(
        {{"target_id", c.target_id},
         {"national", Text(c.national)},
         {"national_original",
          c.national_original ? ordered_json(Text(*c.national_original)) : ordered_json(nullptr)},
         {"allocated_sum", Text(c.allocated_sum)},
         {"units", c.units},
         {"warning", c.warning.empty() ? ordered_json(nullptr) : ordered_json(c.warning)}});
  }
  // Each target with the units that report it: the rows an allocation page shows.
  ordered_json targets = ordered_json::array();
  for (const auto& t : v.targets) {
    ordered_json reporters = ordered_json::array();
    for (auto u : t.reporters) reporters.push_back(UnitRef(svc, u));
    targets.push_back({{"target_id", t.target_id}, {"reporters", std::move(reporters)}});
  }
  return Json(
      200,
      {{"items", std::move(rows)}, {"checks", std::move(checks)}, {"targets", std::move(targets)}});
}

// The report a /programs/{id}/reports/{obligation}/{period}/{unit} path names; kNotFound
// ("program_not_found", "unit_not_found") when an id is not one.
core::Result<service::ReportRef> ReportRefOf(const Call& call) {
  WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
  auto unit_id = ParseId(call.path[3]);
  if (!unit_id) {
    return tl::unexpected(Err(ErrorCode::kNotFound, "unit_not_found",
                              "Không tìm thấy đơn vị #" + std::string(call.path[3])));
  }
  return service::ReportRef{program, std::string(call.path[1]), std::string(call.path[2]),
                            *unit_id};
}

}  // namespace

std::vector<Route> Api::ReportingRoutes() {
  using openapi::Body;
  using openapi::FileOp;
  using openapi::ItemsOf;
  using openapi::Obj;
  using openapi::Op;
  using openapi::Param;
  using openapi::Ref;
  using openapi::With;
  const ordered_json as_of_doc =
      Param("as_of", "query", "string", "Ngày tính (YYYY-MM-DD); mặc định hôm nay");
  const ordered_json period_doc =
      Param("period", "query", "string", "Kỳ báo cáo: 2012-M03, 2012-Q1, 2012-H1, 2012-Y, 2012-O1");
  const ordered_json prefer = Param("Prefer", "header", "string",
                                    "return=minimal: trả về phần đầu báo cáo (phiên bản, trạng "
                                    "thái, cảnh báo), không kèm nội dung");
  const ordered_json rid = Param("id", "path", "integer", "Số hiệu báo cáo");
  std::vector<Route> routes;
  routes.push_back(
      {"POST", "/api/v1/reports/upload", Access::kSignedIn,
       With(Op("Tải lên biểu mẫu Excel đã điền; kiểm tra từng ô, lỗi nêu trang và ô (Chỉ tiêu!E8), "
               "không lưu gì khi có ô sai; ?submit=1 để gửi luôn",
               Ref("ReportForm"), {400, 401, 403, 404, 409, 413}),
            {Param("submit", "query", "string", "1: gửi sau khi lưu")}),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         auto action = domain::ReportAction::kSave;
         if (auto s = OptQuery(req, "submit"); s && (*s == "1" || *s == "true")) {
           action = domain::ReportAction::kSubmit;
         }
         auto form = service_.files.UploadReportWorkbook(who, req.body, action);
         if (!form) return tl::unexpected(form.error());
         return WrittenForm(req, service_, who, *form);
       }});
  routes.back().doc["requestBody"] =
      Body("application/octet-stream", {{"type", "string"}, {"format", "binary"}});
  routes.back().upload = Upload{kUploadLimit, MayWriteReports};
  routes.push_back(
      {"GET", "/api/v1/reports/{id}", Access::kSignedIn,
       With(Op("Một báo cáo theo số hiệu", Ref("ReportForm"), {401, 404}), {rid}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         auto form = service_.reporting.GetReportFormById(who, id);
         if (!form) return tl::unexpected(form.error());
         return JsonText(200, FormText(service_, who, *form));
       }});
  routes.push_back(
      {"PUT", "/api/v1/reports/{id}", Access::kSignedIn,
       With(Op("Lưu báo cáo ở phiên bản đã đọc", Ref("ReportForm"), {400, 401, 403, 404, 409}),
            {rid, prefer}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         auto put = ReadReportPut(req);
         if (!put) return tl::unexpected(put.error());
         auto form = service_.reporting.SaveReportById(who, id, put->version, put->input,
                                                       put->action, put->paired_version);
         if (!form) return tl::unexpected(form.error());
         return WrittenForm(req, service_, who, *form);
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("ReportInput"));
  routes.push_back(
      {"GET", "/api/v1/reports/{id}/history", Access::kSignedIn,
       With(Op("Mọi lần ghi số liệu (ước thực hiện rồi thực hiện …), cũ trước",
               ItemsOf("ValueVintage"), {401, 404}),
            {rid}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         auto history = service_.reporting.ReportHistory(who, id);
         if (!history) return tl::unexpected(history.error());
         ordered_json items = ordered_json::array();
         for (const auto& v : *history) {
           ordered_json j = ValueJson(v.value);
           j["version"] = v.version;
           j["recorded_at"] = v.recorded_at;
           j["recorded_by"] = v.recorded_by ? ordered_json(*v.recorded_by) : ordered_json(nullptr);
           items.push_back(std::move(j));
         }
         return Json(200, Items(std::move(items)));
       }});
  for (auto [name, action, summary] :
       {std::tuple{"submit", domain::ReportAction::kSubmit, "Gửi báo cáo (người nhập liệu)"},
        std::tuple{"approve", domain::ReportAction::kApprove,
                   "Duyệt báo cáo; báo cáo bị khóa (người duyệt của đơn vị hoặc cấp trên)"},
        std::tuple{"return", domain::ReportAction::kReturn,
                   "Trả lại báo cáo kèm lý do (comment bắt buộc)"},
        std::tuple{"reopen", domain::ReportAction::kReopen,
                   "Mở lại báo cáo đã duyệt (chỉ cấp trên của đơn vị)"}}) {
    routes.push_back({"POST", std::string("/api/v1/reports/{id}/") + name, Access::kSignedIn,
                      With(Op(summary, Ref("ReportForm"), {400, 401, 403, 404, 409}), {rid}),
                      [this, action](const Request& req, const Principal& who,
                                     const Call& call) -> core::Result<Response> {
                        WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
                        auto j = ParseJsonObject(req);
                        if (!j) return tl::unexpected(j.error());
                        auto version = VersionField(*j);
                        if (!version) return tl::unexpected(version.error());
                        std::vector<core::ErrorDetail> problems;
                        auto comment = StringField(*j, "comment", false, problems).value_or("");
                        if (auto c = Check(std::move(problems)); !c)
                          return tl::unexpected(c.error());
                        auto form =
                            service_.reporting.ActOnReport(who, id, *version, action, comment);
                        if (!form) return tl::unexpected(form.error());
                        return WrittenForm(req, service_, who, *form);
                      }});
    routes.back().doc["requestBody"] =
        Body("application/json", Obj({{"version", "integer"}, {"comment", "string"}}));
  }
  routes.push_back(
      {"GET", "/api/v1/outbox", Access::kSignedIn,
       With(Op("Hộp thư đi (admin): thư chờ gửi", ItemsOf("OutboxMessage"), {401, 403}),
            {Param("pending", "query", "string", "0: cả thư đã gửi")}),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         bool pending = OptQuery(req, "pending").value_or("1") != "0";
         auto messages = service_.reporting.Outbox(who, pending, 500);
         if (!messages) return tl::unexpected(messages.error());
         ordered_json items = ordered_json::array();
         for (const auto& msg : *messages) {
           items.push_back(
               {{"id", msg.id},
                {"key", msg.key},
                {"unit", msg.unit_id != 0 ? UnitRef(service_, msg.unit_id) : ordered_json(nullptr)},
                {"user",
                 msg.user_id ? ordered_json({{"id", *msg.user_id}}) : ordered_json(nullptr)},
                {"kind", msg.kind},
                {"subject", msg.subject},
                {"body", msg.body},
                {"created_at", msg.created_at},
                {"sent_at", OptJson(msg.sent_at)}});
         }
         return Json(200, Items(std::move(items)));
       }});
  routes.push_back(
      {"POST",
       "/api/v1/outbox/{id}/sent",
       Access::kSignedIn,
       {{"summary", "Đánh dấu thư đã gửi (admin)"},
        {"parameters", {Param("id", "path", "integer", "Số hiệu thư")}},
        {"responses",
         {{"204", {{"description", "Đã đánh dấu"}}},
          {"404", openapi::ErrorResponses({404})["404"]}}}},
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         if (auto s = service_.reporting.MarkMessageSent(who, id); !s)
           return tl::unexpected(s.error());
         Response r;
         r.status = 204;
         r.content_type.clear();
         return r;
       }});
  ordered_json due_page = ItemsOf("DueReport");
  for (auto [k, t] : {std::pair{"total", "integer"}, std::pair{"limit", "integer"},
                      std::pair{"offset", "integer"}, std::pair{"next_offset", "integer"}}) {
    due_page["properties"][k] = {{"type", t}};
  }
  due_page["properties"]["next_offset"]["nullable"] = true;
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/reports/due", Access::kSignedIn,
       With(Op("Các báo cáo phải gửi (trong phạm vi của người hỏi) và tình trạng từng báo cáo, "
               "từng trang: total là số báo cáo khớp bộ lọc, next_offset là offset của trang sau "
               "(null khi hết); limit, offset hoặc state sai: 400 bad_parameter",
               due_page, {400, 401, 404, 409}),
            {period_doc, Param("obligation", "query", "string", "Mã nghĩa vụ: r1, r2 …"),
             Param("unit", "query", "string", "Số hiệu hoặc mã đơn vị"),
             Param("state", "query", "string",
                   "not_due | missing | draft | submitted | returned | approved (khác: 400)"),
             Param("due_to", "query", "string", "Chỉ những báo cáo có hạn đến ngày này"),
             Param("limit", "query", "integer",
                   "Số báo cáo mỗi trang, 1–" + std::to_string(kMaxPage) + "; mặc định " +
                       std::to_string(kDefaultPage)),
             Param("offset", "query", "integer", "Số báo cáo bỏ qua (từ 0); mặc định 0")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         service::DueFilter f;
         f.period = OptQuery(req, "period");
         f.obligation = OptQuery(req, "obligation");
         if (auto u = OptQuery(req, "unit")) {
           auto unit = service_.org.FindUnit(*u, service_.time.Today());
           if (!unit) return tl::unexpected(unit.error());
           f.unit = (*unit)->id;
         }
         auto due_to = OptDateParam(req, "due_to");
         if (!due_to) return tl::unexpected(due_to.error());
         f.due_to = *due_to;
         std::optional<service::DueState> state;
         if (auto written = OptQuery(req, "state")) {
           state = service::ParseDueState(*written);
           if (!state) {
             return tl::unexpected(
                 BadParameter(req, "state", "một trong " + service::DueStateNames()));
           }
         }
         auto page = PageParams(req);
         if (!page) return tl::unexpected(page.error());
         auto due = service_.reporting.DueReports(who, program, f);
         if (!due) return tl::unexpected(due.error());
         ordered_json items = ordered_json::array();
         size_t total = 0;
         for (const auto& d : *due) {
           if (state && *state != d.state) continue;
           if (total++ < page->offset || items.size() >= page->limit) continue;
           items.push_back(DueJson(service_, d));
         }
         size_t next = page->offset + items.size();
         return Json(200,
                     {{"items", std::move(items)},
                      {"total", total},
                      {"limit", page->limit},
                      {"offset", page->offset},
                      {"next_offset", next < total ? ordered_json(next) : ordered_json(nullptr)}});
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}", Access::kSignedIn,
       Op("Biểu mẫu báo cáo của một đơn vị cho một kỳ, với số liệu đã nhập (version 0: chưa có)",
          Ref("ReportForm"), {400, 401, 403, 404, 409}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto ref, ReportRefOf(call));
         auto form = service_.reporting.GetReportForm(who, ref);
         if (!form) return tl::unexpected(form.error());
         return JsonText(200, FormText(service_, who, *form));
       }});
  routes.push_back(
      {"PUT", "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}", Access::kSignedIn,
       With(Op("Lưu (và với submit: gửi) báo cáo ở phiên bản đã đọc; 409 stale_version khi "
               "người khác đã lưu trước, report_locked khi đã duyệt. Với answer_paired: true "
               "và paired_version: lưu luôn báo cáo cùng hạn được trả lời kèm (paired: quý từ "
               "tháng cuối quý) trong cùng một giao dịch — cả hai hoặc không báo cáo nào; 409 "
               "no_paired_report khi không có",
               Ref("ReportForm"), {400, 401, 403, 404, 409}),
            {prefer}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto ref, ReportRefOf(call));
         auto put = ReadReportPut(req);
         if (!put) return tl::unexpected(put.error());
         auto form = service_.reporting.SaveReport(who, ref, put->version, put->input, put->action,
                                                   put->paired_version);
         if (!form) return tl::unexpected(form.error());
         return WrittenForm(req, service_, who, *form);
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("ReportInput"));
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}/check",
       Access::kSignedIn,
       Op("Kiểm tra báo cáo mà không lưu: cùng nội dung và cùng các bước kiểm tra như PUT "
          "(quyền, phiên bản, trạng thái, từng trường); trả về lỗi sẽ khiến việc lưu bị từ chối "
          "(errors) và số liệu cần xác nhận (warnings: khác xa báo cáo kỳ trước, cùng kỳ năm "
          "trước, lũy kế không khớp). Với answer_paired: cả báo cáo được trả lời kèm (trường "
          "paired.…). Không lưu, không ghi nhật ký",
          Ref("ReportCheck"), {400, 401, 403, 404, 409}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto ref, ReportRefOf(call));
         auto put = ReadReportPut(req);
         if (!put) return tl::unexpected(put.error());
         auto check = service_.reporting.CheckReport(who, ref, put->version, put->input,
                                                     put->action, put->paired_version);
         if (!check) return tl::unexpected(check.error());
         return Json(200, CheckJson(*check));
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("ReportInput"));
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}/form.xlsx",
       Access::kSignedIn,
       FileOp("Biểu mẫu Excel để điền ngoại tuyến (ô nhập nền vàng, các ô khác khóa)", kXlsxType),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto ref, ReportRefOf(call));
         auto bytes = service_.files.ReportWorkbook(who, ref);
         if (!bytes) return tl::unexpected(bytes.error());
         Response r;
         r.content_type = kXlsxType;
         r.body = std::move(*bytes);
         r.headers.emplace_back("Content-Disposition", "attachment; filename=\"bao-cao-" +
                                                           ref.obligation + "-" + ref.period + "-" +
                                                           std::to_string(ref.unit) + ".xlsx\"");
         return r;
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}/values.csv",
       Access::kSignedIn,
       FileOp("Số liệu của báo cáo dạng CSV cho máy (target_id, indicator, unit_of_measure, "
              "scope, kind, value, note; dấu phẩy, số dạng 1510000 / 4.3); ETag là phiên bản",
              "text/csv"),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto ref, ReportRefOf(call));
         auto csv = service_.files.GetReportValuesCsv(who, ref);
         if (!csv) return tl::unexpected(csv.error());
         Response r;
         r.content_type = "text/csv; charset=utf-8";
         r.body = std::move(csv->csv);
         r.headers.emplace_back("ETag", "\"" + std::to_string(csv->version) + "\"");
         return r;
       }});
  routes.push_back(
      {"PUT", "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}/values.csv",
       Access::kSignedIn,
       With(Op("Lưu số liệu từ CSV (cột target_id, scope, kind, value, note; giá trị trống là "
               "xóa) ở phiên bản đã đọc (If-Match: \"3\" hoặc ?version=3); lỗi nêu dòng, không "
               "lưu gì khi có dòng sai; ?submit=1 để gửi luôn",
               Ref("ReportForm"), {400, 401, 403, 404, 409, 413}),
            {Param("version", "query", "integer", "Phiên bản đã đọc"),
             Param("submit", "query", "string", "1: gửi sau khi lưu"), prefer}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto ref, ReportRefOf(call));
         auto version = CsvVersion(req);
         if (!version) return tl::unexpected(version.error());
         WP_RETURN_IF_ERROR(MayWriteReports(who));  // before the body is parsed
         auto values = service_.files.ParseReportValuesCsv(req.body);
         if (!values) return tl::unexpected(values.error());
         service::ReportInput input;
         input.values = std::move(*values);
         auto submit = OptQuery(req, "submit");
         auto action = submit && (*submit == "1" || *submit == "true")
                           ? domain::ReportAction::kSubmit
                           : domain::ReportAction::kSave;
         auto form = service_.reporting.SaveReport(who, ref, *version, input, action);
         if (!form) return tl::unexpected(form.error());
         return WrittenForm(req, service_, who, *form);
       }});
  routes.back().doc["requestBody"] = Body("text/csv", {{"type", "string"}});
  routes.back().upload = Upload{kUploadLimit, MayWriteReports};
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/schedule", Access::kSignedIn,
       Op("Lịch báo cáo: các nghĩa vụ báo cáo, đơn vị phải báo cáo, các kỳ và hạn gửi",
          ItemsOf("ScheduleItem"), {401, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         auto view = service_.programs.GetProgram(who, program);
         if (!view) return tl::unexpected(view.error());
         ordered_json items = ordered_json::array();
         for (const auto& o : service_.reporting.Obligations(**view)) {
           const auto& s = o.obligation.schedule;
           ordered_json from = ordered_json::array();
           for (const auto& r : o.obligation.from) {
             if (r.unit) {
               from.push_back({{"unit", UnitRef(service_, *r.unit)}});
             } else {
               from.push_back(
                   {{"kind",
                     r.kind ? ordered_json(domain::OrgKindName(*r.kind)) : ordered_json(nullptr)},
                    {"parent", r.parent ? UnitRef(service_, *r.parent) : ordered_json(nullptr)}});
             }
           }
           ordered_json periods = ordered_json::array();
           int year = (*view)->record.plan.document.year.value_or(
               service::ProgramDate((*view)->record).year);
           auto dues = domain::DueDates(s, year, service_.org.calendar());
           if (dues) {
             for (const auto& d : *dues) {
               ordered_json pj = PeriodJson(d.period);
               pj["nominal_due"] = d.nominal.ToIso();
               pj["due"] = d.due.ToIso();
               pj["cutoff_start"] = OptDate(d.cutoff_start);
               pj["cutoff_end"] = OptDate(d.cutoff_end);
               periods.push_back(std::move(pj));
             }
           }
           items.push_back(
               {{"key", o.obligation.key},
                {"name", o.obligation.name},
                {"frequency", domain::FrequencyName(s.frequency)},
                {"rule", s.rule == domain::DueRule::kFixed ? "fixed" : "decree09"},
                {"day_of_month",
                 s.day_of_month ? ordered_json(*s.day_of_month) : ordered_json(nullptr)},
                {"working_days_after_cutoff", s.rule == domain::DueRule::kDecree09
                                                  ? ordered_json(s.working_days_after_cutoff)
                                                  : ordered_json(nullptr)},
                {"due", OptDate(s.due)},
                {"from", std::move(from)},
                {"unresolved", o.unresolved},
                {"to", o.rule->to},
                {"section", o.rule->section},
                {"raw", o.rule->raw},
                {"periods", std::move(periods)},
                {"problem", dues ? ordered_json(nullptr) : ordered_json(dues.error().message)}});
         }
         return Json(200, Items(std::move(items)));
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/timeliness", Access::kSignedIn,
       With(Op("Tính kịp thời và đầy đủ: phải gửi, đã nhận, đúng hạn, trễ hạn, chưa gửi — theo kỳ "
               "và theo đơn vị",
               Ref("Timeliness"), {400, 401, 404, 409}),
            {period_doc, as_of_doc}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         auto as_of = OptDateParam(req, "as_of");
         if (!as_of) return tl::unexpected(as_of.error());
         auto t = service_.reporting.Timeliness(who, program, OptQuery(req, "period"), *as_of);
         if (!t) return tl::unexpected(t.error());
         ordered_json periods = ordered_json::array();
         for (const auto& row : t->by_period) {
           auto p = domain::ParsePeriodKey(row.period);
           periods.push_back({{"obligation", row.obligation},
                              {"period", p ? PeriodJson(*p) : ordered_json(row.period)},
                              {"due", row.due.ToIso()},
                              {"counts", CountsJson(row.counts)}});
         }
         ordered_json units = ordered_json::array();
         for (const auto& row : t->by_unit) {
           units.push_back(
               {{"unit", UnitRef(service_, *row.unit)}, {"counts", CountsJson(row.counts)}});
         }
         return Json(200, {{"as_of", t->as_of.ToIso()},
                           {"total", CountsJson(t->total)},
                           {"periods", std::move(periods)},
                           {"units", std::move(units)}});
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/overdue-tasks", Access::kSignedIn,
       With(Op("Nhiệm vụ quá hạn chưa được báo cáo hoàn thành: mỗi nhiệm vụ một lần cho mỗi "
               "đơn vị chủ trì, với thời hạn sớm nhất đã qua của mục, hạn sớm trước",
               ItemsOf("OverdueTask"), {400, 401, 404, 409}),
            {as_of_doc}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         auto as_of = OptDateParam(req, "as_of");
         if (!as_of) return tl::unexpected(as_of.error());
         auto tasks = service_.figures.OverdueTasks(who, program, *as_of);
         if (!tasks) return tl::unexpected(tasks.error());
         ordered_json items = ordered_json::array();
         for (const auto& t : *tasks) {
           items.push_back({{"task_id", t.task_id},
                            {"section", t.section->number},
                            {"section_title", t.section->title},
                            {"deadline", OptDate(t.deadline->due)},
                            {"deadline_text", t.deadline->raw},
                            {"what", t.deadline->what},
                            {"unit", UnitRef(service_, t.unit)},
                            {"status", t.status ? ordered_json(domain::TaskStatusName(*t.status))
                                                : ordered_json(nullptr)}});
         }
         return Json(200, Items(std::move(items)));
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/allocations.xlsx", Access::kSignedIn,
       FileOp("Bảng giao chỉ tiêu dạng Excel: các dòng đã giao, dòng trống để thêm, danh sách chỉ "
              "tiêu và đơn vị",
              kXlsxType),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         auto bytes = service_.files.AllocationWorkbook(who, program);
         if (!bytes) return tl::unexpected(bytes.error());
         Response r;
         r.content_type = kXlsxType;
         r.body = std::move(*bytes);
         r.headers.emplace_back("Content-Disposition", "attachment; filename=\"giao-chi-tieu-" +
                                                           std::to_string(program) + ".xlsx\"");
         return r;
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/allocations", Access::kSignedIn,
       Op("Giao chỉ tiêu cho đơn vị, với kiểm tra tổng so với chỉ tiêu toàn quốc",
          Ref("Allocations"), {401, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         auto v = service_.reporting.Allocations(who, program);
         if (!v) return tl::unexpected(v.error());
         return AllocationsJson(service_, *v);
       }});
  routes.push_back(
      {"PUT", "/api/v1/programs/{id}/allocations", Access::kSignedIn,
       Op("Giao chỉ tiêu (planner): JSON {items: [{target_id, unit, value}]} hoặc CSV "
          "target_id,unit,value hoặc tệp .xlsx (trang Giao chỉ tiêu, lỗi nêu ô); thay các chỉ "
          "tiêu được nêu",
          Ref("Allocations"), {400, 401, 403, 404, 413}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         std::vector<service::AllocationRow> rows;
         WP_RETURN_IF_ERROR(MayAllocate(who));  // before the body is parsed
         if (IsXlsx(req)) {
           auto parsed = service_.files.ParseAllocationXlsx(req.body);
           if (!parsed) return tl::unexpected(parsed.error());
           rows = std::move(*parsed);
         } else if (IsCsv(req)) {
           auto parsed = service_.files.ParseAllocationCsv(req.body);
           if (!parsed) return tl::unexpected(parsed.error());
           rows = std::move(*parsed);
         } else {
           auto j = ParseJsonObject(req);
           if (!j) return tl::unexpected(j.error());
           auto items = j->find("items");
           if (items == j->end() || !items->is_array()) {
             auto e =
                 Err(ErrorCode::kInvalidArgument, "invalid_fields", "Dữ liệu gửi lên chưa hợp lệ");
             e.details.push_back({"items", "Danh sách các dòng {target_id, unit, value}"});
             return tl::unexpected(e);
           }
           std::vector<core::ErrorDetail> problems;
           for (size_t i = 0; i < items->size(); ++i) {
             const auto& it = (*items)[i];
             std::string field = "items[" + std::to_string(i) + "]";
             if (!it.is_object() || !it.contains("target_id") ||
                 !it["target_id"].is_number_integer() || !it.contains("unit") ||
                 !it.contains("value")) {
               problems.push_back({field, "Cần target_id (số), unit (mã hoặc số hiệu) và value"});
               continue;
             }
             service::AllocationRow row;
             row.target_id = it["target_id"];
             row.unit = it["unit"].is_string() ? it["unit"].get<std::string>() : it["unit"].dump();
             row.value =
                 it["value"].is_string() ? it["value"].get<std::string>() : it["value"].dump();
             rows.push_back(std::move(row));
           }
           if (auto c = Check(std::move(problems)); !c) return tl::unexpected(c.error());
         }
         auto v = service_.reporting.ReplaceAllocations(who, program, rows);
         if (!v) return tl::unexpected(v.error());
         return AllocationsJson(service_, *v);
       }});
  routes.back().upload = Upload{kUploadLimit, MayAllocate};
  routes.back().doc["requestBody"] = {
      {"required", true},
      {"content",
       {{"application/json", {{"schema", Obj({{"items", "array"}})}}},
        {"text/csv", {{"schema", {{"type", "string"}}}}},
        {kXlsxType, {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/bulk-values", Access::kSignedIn,
       Op("Nạp hàng loạt số liệu (planner), CSV obligation,period,unit,target_id,scope,kind,value",
          Obj({{"values", "integer"}}), {400, 401, 403, 404, 409, 413}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_RETURN_IF_ERROR(MayBulkLoad(who));  // before the body is parsed
         auto rows = service_.files.ParseBulkCsv(req.body);
         if (!rows) return tl::unexpected(rows.error());
         auto n = service_.reporting.BulkLoadValues(who, program, *rows);
         if (!n) return tl::unexpected(n.error());
         return Json(200, {{"values", *n}});
       }});
  routes.back().doc["requestBody"] = Body("text/csv", {{"type", "string"}});
  // ~11 MB: every expected report of a program × 100 targets × 2 scopes (bench/README).
  routes.back().upload = Upload{16u << 20, MayBulkLoad};
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/digest", Access::kSignedIn,
       With(Op("Xếp thư nhắc (báo cáo quá hạn, sắp đến hạn) cho từng đơn vị vào hộp thư đi",
               Obj({{"units", "integer"}, {"queued", "integer"}}), {400, 401, 403, 404, 409}),
            {as_of_doc,
             Param("horizon", "query", "integer", "Số ngày tới được coi là sắp đến hạn (1–60)")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         auto as_of = OptDateParam(req, "as_of");
         if (!as_of) return tl::unexpected(as_of.error());
         int horizon = 3;
         if (auto h = OptQuery(req, "horizon")) {
           auto v = ParseId(*h);
           if (!v || *v > 60) {
             return tl::unexpected(Err(ErrorCode::kInvalidArgument, "bad_parameter",
                                       "Tham số horizon là số ngày 1–60"));
           }
           horizon = static_cast<int>(*v);
         }
         auto d = service_.reporting.RunDigest(who, program, *as_of, horizon);
         if (!d) return tl::unexpected(d.error());
         return Json(200, {{"units", d->units}, {"queued", d->queued}});
       }});
  // Refused by role before the body is read or parsed; the unit's scope stays the service's.
  const std::string report = "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}";
  for (auto [method, pattern] : {std::pair<std::string, std::string>{"PUT", report},
                                 {"POST", report + "/check"},
                                 {"PUT", "/api/v1/reports/{id}"},
                                 {"POST", "/api/v1/reports/{id}/submit"}}) {
    RequirePermission(routes, method, pattern, domain::Permission::kWriteReports,
                      "Tài khoản chỉ xem không được nhập hay gửi báo cáo");
  }
  for (const char* action : {"approve", "return", "reopen"}) {
    RequirePermission(routes, "POST", std::string("/api/v1/reports/{id}/") + action,
                      domain::Permission::kDecideReports,
                      "Chỉ người có quyền duyệt mới duyệt, trả lại hoặc mở lại được báo cáo");
  }
  RequirePermission(routes, "POST", "/api/v1/programs/{id}/digest",
                    domain::Permission::kManagePrograms,
                    "Chỉ người lập kế hoạch mới xếp thư nhắc báo cáo");
  return routes;
}

}  // namespace wp::api
