#pragma once
// A unit's own work program read from its decision: a province's Sở LĐTBXH "Chương trình công
// tác năm 2012", a Cục's "Kế hoạch công tác". Its tasks are numbered items, bullets under them
// and the rows of an appendix table; the fields such programs write beside each task ("Bộ phận
// chủ trì", "Phối hợp", "Thời gian hoàn thành", "Sản phẩm" / "Kết quả đầu ra") give who, when
// and what comes out. Each task is tied to the Ministry item it implements:
//   1. the item's number it repeats ("(mục II.2.1)", a heading "Thực hiện mục II.2.3"),
//   2. else the unit's item that holds the largest share of the task's words (folded, common
//      ones left out), when that share is at least half,
//   3. else none: "Chưa gắn mục của Bộ", for the unit to choose.
// Like the binder, it never fails: what it cannot read becomes a diagnostic.

#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/span.hpp"
#include "doc/document.hpp"
#include "domain/unit_program_read.hpp"

namespace wp::ingest {

using domain::ImportedTask;
using domain::ServesRule;
using domain::ServesRuleName;
using domain::UnitProgramImport;

// One Ministry item the unit answers for (it leads or coordinates it, or reports the target).
struct UnitItem {
  std::string key;    // "II.2.1" (a section), "II.2.1#3" (a task), "target:17"
  std::string title;  // the words the unit's tasks are compared with
};

struct UnitItems {
  int year = 0;  // the program's year: dates written without a year fall in it
  std::vector<UnitItem> items;
};

// The most tasks one program may propose; the rest is refused with a diagnostic.
inline constexpr size_t kMaxImportedTasks = 500;
// The least share of a task's words an item must hold for the task to be tied to it.
inline constexpr double kMinWordOverlap = 0.5;

UnitProgramImport BindUnitProgram(const doc::Document& document, const UnitItems& items);

// "Quý II/2012", "tháng 6", "30/6/2012", "6 tháng đầu năm", "từ tháng 3 đến tháng 6", "cả năm":
// the start (when stated) and the due date in `year`; nullopt due when unreadable.
struct TimeSpan {
  std::optional<core::CivilDate> start, due;
};
TimeSpan ReadTaskTime(std::string_view written, int year);

}  // namespace wp::ingest
