// The briefing pack's pure parts: the area a section belongs to.

#include "service/briefing.hpp"
#include "service/consolidation.hpp"

#include <gtest/gtest.h>

namespace wp::service {
namespace {

TEST(Briefing, AreaOfSection) {
  EXPECT_EQ(AreaOfSection("II.2.1"), "II.2");
  EXPECT_EQ(AreaOfSection("II.11.2"), "II.11");
  EXPECT_EQ(AreaOfSection("II.14"), "II.14");
  EXPECT_EQ(AreaOfSection("I.1"), "");
  EXPECT_EQ(AreaOfSection("III.3"), "");
  EXPECT_EQ(AreaOfSection("II"), "");
  EXPECT_EQ(AreaOfSection(""), "");
}

}  // namespace
}  // namespace wp::service
