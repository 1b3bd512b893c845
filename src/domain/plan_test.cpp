#include "domain/plan.hpp"

#include <set>

#include <gtest/gtest.h>

namespace wp::domain {
namespace {

PlanDraft Outline(std::initializer_list<std::pair<const char*, size_t>> sections) {
  PlanDraft plan;
  for (const auto& [number, tasks] : sections) {
    Section s;
    s.number = number;
    s.tasks.resize(tasks);
    plan.sections.push_back(std::move(s));
  }
  return plan;
}

TEST(TaskIds, SectionNumberAndPlaceFromOne) {
  auto plan = Outline({{"II.2", 0}, {"II.2.1", 3}});
  EXPECT_EQ(TaskId(plan, 1, 0), "II.2.1#1");
  EXPECT_EQ(TaskId(plan, 1, 2), "II.2.1#3");
}

// The 2012 decision numbers two sections "11.2.": their tasks must not share ids, and the
// first section's keep the ids reports were stored under before repeats were told apart.
TEST(TaskIds, RepeatedSectionNumberIsToldApartByOccurrence) {
  auto plan =
      Outline({{"II.11", 0}, {"II.11.2", 3}, {"II.11.2", 3}, {"II.11.3", 1}, {"II.11.2", 1}});
  EXPECT_EQ(TaskId(plan, 1, 0), "II.11.2#1");
  EXPECT_EQ(TaskId(plan, 2, 0), "II.11.2~2#1");
  EXPECT_EQ(TaskId(plan, 2, 2), "II.11.2~2#3");
  EXPECT_EQ(TaskId(plan, 3, 0), "II.11.3#1");
  EXPECT_EQ(TaskId(plan, 4, 0), "II.11.2~3#1");
  std::set<std::string> ids;
  size_t tasks = 0;
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    for (size_t k = 0; k < plan.sections[i].tasks.size(); ++k, ++tasks)
      ids.insert(TaskId(plan, i, k));
  }
  EXPECT_EQ(ids.size(), tasks);
}

// A target or deadline names its section by number only: it belongs to the section of that
// number written last before it, so the two "11.2." keep their own.
TEST(SectionOf, AnItemBelongsToTheSectionOfItsNumberWrittenLastBeforeIt) {
  auto plan = Outline({{"II.11", 0}, {"II.11.2", 1}, {"II.11.2", 1}, {"II.11.3", 1}});
  for (size_t i = 0; i < plan.sections.size(); ++i) plan.sections[i].span.offset = 100 * (i + 1);
  auto at = [](size_t offset) {
    core::SourceSpan s;
    s.offset = offset;
    return s;
  };
  EXPECT_EQ(SectionOf(plan, "II.11.2", at(250)), &plan.sections[1]);
  EXPECT_EQ(SectionOf(plan, "II.11.2", at(350)), &plan.sections[2]);
  EXPECT_EQ(SectionOf(plan, "II.11.2", at(450)), &plan.sections[2]);
  EXPECT_EQ(SectionOf(plan, "II.11.2", at(50)), &plan.sections[1]) << "none before: the first";
  EXPECT_EQ(SectionOf(plan, "II.9", at(250)), nullptr);
  EXPECT_EQ(SectionKey(plan, plan.sections[1]), "II.11.2");
  EXPECT_EQ(SectionKey(plan, plan.sections[2]), "II.11.2~2");
}

}  // namespace
}  // namespace wp::domain
