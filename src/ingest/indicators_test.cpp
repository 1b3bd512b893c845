#include "ingest/indicators.hpp"

#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

namespace wp::ingest {
namespace {

using domain::Indicator;

const std::vector<Indicator>& Molisa() {
  static const std::vector<Indicator> catalogue = [] {
    std::ifstream f(std::string(WP_SOURCE_DIR) + "/data/indicators/molisa.csv", std::ios::binary);
    std::string csv((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto r = domain::ParseIndicatorCatalogue(csv, "molisa");
    EXPECT_TRUE(r) << r.error().message;
    return r ? std::move(*r) : std::vector<Indicator>();
  }();
  return catalogue;
}

std::string CodeOf(const Indicator* ind) { return ind ? ind->code : "(none)"; }

TEST(MatchIndicator, ReadsTheDecisionsWordingFoldedAndByUnit) {
  const auto& cat = Molisa();
  EXPECT_EQ(CodeOf(MatchIndicator(cat, "Tạo việc làm người", "người")), "viec_lam");
  EXPECT_EQ(CodeOf(MatchIndicator(
                cat,
                "Quản lý, hướng dẫn, theo dõi và tổng hợp đánh giá thực hiện chỉ tiêu tạo việc làm "
                "người",
                "người")),
            "viec_lam");
  EXPECT_EQ(CodeOf(MatchIndicator(cat, "TAO VIEC LAM", "người")), "viec_lam");
  // The longest name wins: the part is not the whole.
  EXPECT_EQ(CodeOf(MatchIndicator(cat, "Tạo việc làm trong nước người", "người")),
            "viec_lam_trong_nuoc");
  EXPECT_EQ(CodeOf(MatchIndicator(
                cat,
                "Quản lý, hướng dẫn và tổng hợp đánh giá thực hiện chỉ tiêu đưa người đi "
                "làm việc ở nước ngoài",
                "người")),
            "xkld");
  // "lao động" counts people too.
  EXPECT_EQ(CodeOf(MatchIndicator(cat, "Hỗ trợ lao động nông thôn học nghề lao động", "lao động")),
            "day_nghe_ldnt");
  // The unit must agree: a rate is not a count of people.
  EXPECT_EQ(CodeOf(MatchIndicator(cat, "Tỷ lệ nữ trong tổng số lao động được tạo việc làm", "%")),
            "ty_le_nu_viec_lam");
  EXPECT_EQ(MatchIndicator(cat, "Tạo việc làm", "%"), nullptr);
  EXPECT_EQ(CodeOf(MatchIndicator(cat, "Giảm tỷ lệ thất nghiệp khu vực thành thị", "%")),
            "that_nghiep_tt");
  // Whole words only, and nothing for words the catalogue does not know.
  EXPECT_EQ(MatchIndicator(cat, "Tạo việc làmx", "người"), nullptr);
  EXPECT_EQ(MatchIndicator(cat, "Xây dựng bộ ngân hàng đề thi", "bộ"), nullptr);
  EXPECT_EQ(MatchIndicator({}, "Tạo việc làm", "người"), nullptr);
}

TEST(MatchIndicator, AQualifierMustBePartOfTheName) {
  const auto& cat = Molisa();
  // "+ Dự án Vay vốn tạo việc làm …: Mục tiêu tạo việc làm cho 180 ngàn người" is the project's
  // indicator, never the headline's.
  EXPECT_EQ(
      CodeOf(MatchQualifiedIndicator(cat, "Dự án Vay vốn tạo việc làm từ Quỹ quốc gia Việc làm",
                                     "Mục tiêu tạo việc làm người", "người")),
      "viec_lam_qqgvl");
  EXPECT_EQ(MatchQualifiedIndicator(cat, "Dự án Hỗ trợ phát triển thị trường lao động",
                                    "Tạo việc làm người", "người"),
            nullptr);
  EXPECT_EQ(CodeOf(MatchQualifiedIndicator(cat, "Cơ cấu lao động", "dịch vụ", "%")),
            "co_cau_ld_dich_vu");
  EXPECT_EQ(MatchQualifiedIndicator(cat, "", "Tạo việc làm người", "người"), nullptr);
}

}  // namespace
}  // namespace wp::ingest
