#include "domain/unit_program.hpp"

#include <array>
#include <charconv>

#include "core/enum_names.hpp"

namespace wp::domain {
namespace {

constexpr std::array kStatusNames{"draft", "submitted", "returned", "accepted"};
constexpr std::array kActionNames{"save", "import", "submit", "return", "accept", "reopen"};

tl::unexpected<core::Error> Refused(std::string reason, std::string message) {
  return core::Fail(core::ErrorCode::kFailedPrecondition, std::move(reason), std::move(message));
}

std::string Field(std::string_view list, size_t i, std::string_view name) {
  return std::string(list) + "[" + std::to_string(i) + "]." + std::string(name);
}

bool InYear(const std::optional<core::CivilDate>& d, int year) { return !d || d->year == year; }

// True when `serves` names something of `items`: a Ministry task, a section, a target.
bool Serves(const UnitItems& items, std::string_view serves) {
  if (serves.starts_with("target:")) {
    int64_t id = 0;
    auto digits = serves.substr(7);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    return ec == std::errc() && end == digits.data() + digits.size() && items.targets.count(id);
  }
  const std::string key(serves);
  return items.tasks.count(key) > 0 || items.sections.count(key) > 0;
}

void Text(std::vector<Problem>& out, ReportText kind, std::string_view text, std::string field) {
  if (auto p = CheckText(kind, text, std::move(field))) out.push_back(std::move(*p));
}

}  // namespace

const char* UnitProgramStatusName(UnitProgramStatus s) { return core::NameIn(kStatusNames, s); }
std::optional<UnitProgramStatus> ParseUnitProgramStatus(std::string_view s) {
  return core::ValueIn<UnitProgramStatus>(kStatusNames, s);
}
const char* UnitProgramActionName(UnitProgramAction a) { return core::NameIn(kActionNames, a); }
std::optional<UnitProgramAction> ParseUnitProgramAction(std::string_view s) {
  return core::ValueIn<UnitProgramAction>(kActionNames, s);
}

core::Result<UnitProgramStatus> Transition(UnitProgramStatus from, UnitProgramAction action) {
  using S = UnitProgramStatus;
  using A = UnitProgramAction;
  switch (action) {
    case A::kSave:
    case A::kImport:
    case A::kSubmit:
      if (from == S::kDraft || from == S::kReturned) {
        return action == A::kSubmit ? S::kSubmitted : from;
      }
      if (from == S::kSubmitted) {
        return Refused("unit_program_submitted",
                       "Chương trình công tác của đơn vị đã gửi Bộ, đang chờ xem xét: không sửa "
                       "hoặc gửi lại được cho đến khi được trả lại");
      }
      return Refused("unit_program_accepted",
                     "Chương trình công tác của đơn vị đã được chấp nhận: mở lại để sửa");
    case A::kReturn:
    case A::kAccept:
      if (from == S::kSubmitted) return action == A::kAccept ? S::kAccepted : S::kReturned;
      return Refused("unit_program_not_submitted",
                     "Chương trình công tác của đơn vị chưa được gửi Bộ (hoặc đã xem xét xong)");
    case A::kReopen:
      if (from == S::kAccepted) return S::kDraft;
      return Refused("unit_program_not_accepted",
                     "Chỉ mở lại được chương trình công tác đã được chấp nhận");
  }
  return Refused("unit_program_action", "Thao tác không hợp lệ");
}

std::vector<Problem> CheckUnitProgram(const UnitItems& items, const UnitProgramContent& content,
                                      int year) {
  std::vector<Problem> out;
  auto add = [&](std::string field, std::string code, std::string message) {
    out.push_back({std::move(field), std::move(code), std::move(message), ProblemSeverity::kError});
  };
  if (content.tasks.size() > kMaxUnitTasks) {
    add("tasks", "too_many",
        "Chương trình có quá nhiều nhiệm vụ (" + std::to_string(content.tasks.size()) +
            "; tối đa " + std::to_string(kMaxUnitTasks) + ")");
    return out;
  }
  if (content.targets.size() > kMaxUnitTargets) {
    add("targets", "too_many",
        "Chương trình có quá nhiều chỉ tiêu (" + std::to_string(content.targets.size()) +
            "; tối đa " + std::to_string(kMaxUnitTargets) + ")");
    return out;
  }
  Text(out, ReportText::kNote, content.decision_number, "decision.number");
  Text(out, ReportText::kNote, content.signer, "decision.signer");
  const std::string year_text = std::to_string(year);
  for (size_t i = 0; i < content.tasks.size(); ++i) {
    const auto& t = content.tasks[i];
    if (!Serves(items, t.serves)) {
      add(Field("tasks", i, "serves"), "not_your_item",
          t.serves.empty() ? "Nhiệm vụ chưa gắn với mục nào của chương trình của Bộ"
                           : "Đơn vị không chủ trì, phối hợp hoặc báo cáo mục \"" + t.serves +
                                 "\" của chương trình của Bộ");
    }
    if (t.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      add(Field("tasks", i, "text"), "required", "Chưa ghi nội dung nhiệm vụ");
    }
    Text(out, ReportText::kTaskOutput, t.text, Field("tasks", i, "text"));
    Text(out, ReportText::kTaskOutput, t.output, Field("tasks", i, "output"));
    Text(out, ReportText::kNote, t.responsible_name, Field("tasks", i, "responsible_name"));
    if (t.responsible_user && !items.accounts.count(*t.responsible_user)) {
      add(Field("tasks", i, "responsible_user_id"), "not_your_account",
          "Người chủ trì phải là một tài khoản của đơn vị");
    }
    if (!InYear(t.start, year)) {
      add(Field("tasks", i, "start"), "outside_year",
          "Ngày bắt đầu phải trong năm " + year_text + " của chương trình");
    }
    if (!InYear(t.due, year)) {
      add(Field("tasks", i, "due"), "outside_year",
          "Thời hạn hoàn thành phải trong năm " + year_text + " của chương trình");
    }
    if (t.start && t.due && *t.due < *t.start) {
      add(Field("tasks", i, "due"), "start_after_due",
          "Thời hạn hoàn thành (" + t.due->ToVietnamese() + ") trước ngày bắt đầu (" +
              t.start->ToVietnamese() + ")");
    }
  }
  for (size_t i = 0; i < content.targets.size(); ++i) {
    const auto& t = content.targets[i];
    if (t.target_id && !items.targets.count(*t.target_id)) {
      add(Field("targets", i, "target_id"), "not_your_item",
          "Đơn vị không được giao báo cáo chỉ tiêu #" + std::to_string(*t.target_id));
    }
    if (!t.serves.empty() && !Serves(items, t.serves)) {
      add(Field("targets", i, "serves"), "not_your_item",
          "Đơn vị không chủ trì, phối hợp hoặc báo cáo mục \"" + t.serves +
              "\" của chương trình của Bộ");
    }
    if (!t.target_id && t.name.find_first_not_of(" \t\r\n") == std::string::npos) {
      add(Field("targets", i, "name"), "required", "Chưa ghi tên chỉ tiêu");
    } else if (!t.target_id) {
      // Its values are kept under its name and unit (UnitTargetFormId): one of each.
      for (size_t j = 0; j < i; ++j) {
        const auto& o = content.targets[j];
        if (!o.target_id && UnitTargetFormId(o) == UnitTargetFormId(t)) {
          add(Field("targets", i, "name"), "duplicate",
              "Chỉ tiêu \"" + t.name + "\" (" + t.uom + ") đã có ở dòng " + std::to_string(j + 1));
          break;
        }
      }
    }
    Text(out, ReportText::kNote, t.name, Field("targets", i, "name"));
    Text(out, ReportText::kNote, t.uom, Field("targets", i, "uom"));
    Text(out, ReportText::kNote, t.indicator_code, Field("targets", i, "indicator_code"));
  }
  return out;
}

int64_t UnitTargetFormId(const UnitTarget& target) {
  // FNV-1a over the name (its spaces collapsed) and the unit of measure, cut to nine digits: a
  // unit states a handful of targets of its own, so two of them meet with a chance of about
  // 10⁻⁸, and the one sharing a name and unit with another is refused.
  uint64_t h = 1469598103934665603ull;
  auto feed = [&](std::string_view s) {
    bool space = true;  // leading spaces dropped, runs of them one
    for (unsigned char ch : s) {
      const bool is_space = ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
      if (is_space && space) continue;
      space = is_space;
      h ^= is_space ? ' ' : ch;
      h *= 1099511628211ull;
    }
  };
  feed(target.name);
  feed("\x1f");
  feed(target.uom);
  return -static_cast<int64_t>(1 + h % 999'999'999ull);
}

std::string UnitTaskId(int64_t id) { return "u:" + std::to_string(id); }

bool IsUnitTaskId(std::string_view id) { return id.starts_with("u:"); }

std::optional<int64_t> ParseUnitTaskId(std::string_view id) {
  if (!IsUnitTaskId(id) || id.size() == 2 || id[2] == '0' || id[2] == '+' || id[2] == '-') {
    return std::nullopt;
  }
  int64_t v = 0;
  auto digits = id.substr(2);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace wp::domain
