#pragma once
// What reading a unit's own decision proposes (ingest::BindUnitProgram, issue 18): its tasks
// as written, each with the Ministry item it serves and how that was decided, who leads it,
// when it is due, what it delivers; the decision's number, date and signer; diagnostics. Pure
// data, as domain::PlanDraft is the binder's: the service saves it as a unit program's draft,
// the API shows it for review.

#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/span.hpp"

namespace wp::domain {

// How a task was tied to its Ministry item.
enum class ServesRule { kNone, kNumber, kWords };
inline const char* ServesRuleName(ServesRule r) {  // "none", "number", "words"
  return r == ServesRule::kNumber ? "number" : r == ServesRule::kWords ? "words" : "none";
}

struct ImportedTask {
  std::string text;    // the task as written, its fields cut off
  std::string serves;  // an ingest::UnitItem key, "" = not tied ("Chưa gắn mục của Bộ")
  ServesRule rule = ServesRule::kNone;
  double overlap = 0;          // kWords: the share of words repeated (0..1)
  std::string number_written;  // the Ministry number as the text wrote it ("II.2.1")
  std::string responsible;     // "Phòng Lao động - Việc làm" / "đ/c Nguyễn Văn A"
  std::string coordinating;    // "Phối hợp"
  std::string time_text;       // "Quý II/2012" as written
  std::optional<core::CivilDate> start, due;
  std::string output;   // "Sản phẩm" / "Kết quả đầu ra"
  std::string heading;  // the heading the task stands under ("1. Lĩnh vực việc làm")
  core::SourceSpan span;
};

struct UnitProgramImport {
  // From the decision's header ("Số: 215/CTr-SLĐTBXH", "Hà Nội, ngày 20 tháng 02 năm 2012").
  std::string type, number, signer, title;
  std::optional<core::CivilDate> date;
  int year = 0;
  std::vector<ImportedTask> tasks;
  int matched = 0, unassigned = 0;
  std::vector<core::Diagnostic> diagnostics;
};

}  // namespace wp::domain
