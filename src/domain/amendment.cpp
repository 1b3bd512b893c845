#include "domain/amendment.hpp"

#include <algorithm>
#include <array>

#include "core/enum_names.hpp"

namespace wp::domain {
namespace {

constexpr std::array kStatusNames{"draft",    "submitted", "returned", "forwarded",
                                  "approved", "refused",   "withdrawn"};
constexpr std::array kActionNames{"submit", "withdraw", "return", "forward", "approve", "refuse"};
constexpr std::array kChangeNames{"target_value", "deadline", "lead", "task_add", "task_drop"};

tl::unexpected<core::Error> Refused(std::string reason, std::string message) {
  return core::Fail(core::ErrorCode::kFailedPrecondition, std::move(reason), std::move(message));
}

}  // namespace

const char* AmendmentStatusName(AmendmentStatus s) { return core::NameIn(kStatusNames, s); }
std::optional<AmendmentStatus> ParseAmendmentStatus(std::string_view s) {
  return core::ValueIn<AmendmentStatus>(kStatusNames, s);
}
const char* AmendmentActionName(AmendmentAction a) { return core::NameIn(kActionNames, a); }
std::optional<AmendmentAction> ParseAmendmentAction(std::string_view s) {
  return core::ValueIn<AmendmentAction>(kActionNames, s);
}
const char* ChangeKindName(ChangeKind k) { return core::NameIn(kChangeNames, k); }
std::optional<ChangeKind> ParseChangeKind(std::string_view s) {
  return core::ValueIn<ChangeKind>(kChangeNames, s);
}

bool ChangesForms(ChangeKind k) {
  return k == ChangeKind::kLead || k == ChangeKind::kTaskAdd || k == ChangeKind::kTaskDrop;
}

core::Result<AmendmentStatus> Transition(AmendmentStatus from, AmendmentAction action) {
  using S = AmendmentStatus;
  using A = AmendmentAction;
  if (from == S::kApproved || from == S::kRefused || from == S::kWithdrawn) {
    return Refused("amendment_closed",
                   "Đề nghị điều chỉnh đã kết thúc (đã phê duyệt, "
                   "không đồng ý hoặc đã rút), không thao tác được nữa");
  }
  switch (action) {
    case A::kSubmit:
      if (from == S::kDraft || from == S::kReturned) return S::kSubmitted;
      return Refused("amendment_submitted", "Đề nghị điều chỉnh đã được gửi");
    case A::kWithdraw:
      if (from == S::kDraft || from == S::kSubmitted || from == S::kReturned) return S::kWithdrawn;
      return Refused("amendment_forwarded",
                     "Đề nghị đã được chuyển Lãnh đạo Bộ, không rút được nữa");
    case A::kReturn:
      if (from == S::kSubmitted || from == S::kForwarded) return S::kReturned;
      return Refused("amendment_not_submitted", "Đề nghị điều chỉnh chưa được gửi");
    case A::kForward:
      if (from == S::kSubmitted) return S::kForwarded;
      if (from == S::kForwarded)
        return Refused("amendment_forwarded", "Đề nghị đã được chuyển Lãnh đạo Bộ");
      return Refused("amendment_not_submitted", "Đề nghị điều chỉnh chưa được gửi");
    case A::kApprove:
    case A::kRefuse:
      if (from == S::kForwarded) return action == A::kApprove ? S::kApproved : S::kRefused;
      return Refused("amendment_not_forwarded",
                     "Đề nghị chưa được Vụ Kế hoạch - Tài chính chuyển Lãnh đạo Bộ");
  }
  return Refused("amendment_action", "Thao tác không hợp lệ");
}

std::vector<const Version*> InForce(std::span<const Version> versions, core::CivilDate on) {
  std::vector<const Version*> out;
  for (const Version& v : versions) {
    if (v.number >= 2 && !(on < v.effective_from)) out.push_back(&v);
  }
  std::stable_sort(out.begin(), out.end(), [](const Version* a, const Version* b) {
    if (a->effective_from != b->effective_from) return a->effective_from < b->effective_from;
    return a->number < b->number;
  });
  return out;
}

int VersionOn(std::span<const Version> versions, core::CivilDate on) {
  int newest = 1;
  for (const Version* v : InForce(versions, on)) newest = std::max(newest, v->number);
  return newest;
}

std::vector<TargetStep> TargetSteps(std::span<const Version> versions, std::string_view locator,
                                    core::CivilDate program_date, std::string_view baseline_value) {
  std::vector<TargetStep> steps{{program_date, std::string(baseline_value), 1}};
  // Every change of the target in application order; a step from a date replaces the value
  // from then on, so a later-approved change of an earlier date applies beneath newer ones.
  std::vector<const Version*> all = InForce(versions, core::CivilDate{9999, 12, 31});
  for (const Version* v : all) {
    for (const Change& c : v->changes) {
      if (c.kind != ChangeKind::kTargetValue || c.locator != locator) continue;
      TargetStep s{std::max(v->effective_from, program_date), c.value, v->number};
      // Steps are kept by date: one on the same date replaces the earlier-applied one.
      auto it = std::find_if(steps.begin(), steps.end(),
                             [&](const TargetStep& t) { return t.from == s.from; });
      if (it != steps.end()) {
        *it = s;
      } else {
        steps.push_back(s);
      }
    }
  }
  std::sort(steps.begin(), steps.end(),
            [](const TargetStep& a, const TargetStep& b) { return a.from < b.from; });
  return steps;
}

std::string AreaOfItem(std::string_view key) {
  if (key.substr(0, 3) != "II.") return "";
  std::string_view rest = key.substr(3);
  size_t n = 0;
  while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
  if (n == 0) return "";
  return "II." + std::string(rest.substr(0, n));
}

}  // namespace wp::domain
