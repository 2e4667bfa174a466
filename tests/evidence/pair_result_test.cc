#include "evidence/pair_result.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(PairResultTest, VerdictNamesAreTheJsonLabels) {
  EXPECT_STREQ(VerdictName(Verdict::kDerived), "derived");
  EXPECT_STREQ(VerdictName(Verdict::kIndependent), "independent");
  EXPECT_STREQ(VerdictName(Verdict::kInconclusive), "inconclusive");
}

}  // namespace
}  // namespace lineage
