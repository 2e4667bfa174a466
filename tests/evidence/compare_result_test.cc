#include "evidence/compare_result.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(CompareResultTest, FindPairByBaseLabel) {
  CompareResult r;
  r.results.resize(2);
  r.results[0].base = "base";
  r.results[1].base = "indep-s1";
  ASSERT_NE(FindPair(r, "indep-s1"), nullptr);
  EXPECT_EQ(FindPair(r, "indep-s1")->base, "indep-s1");
  EXPECT_EQ(FindPair(r, "missing"), nullptr);
}

}  // namespace
}  // namespace lineage
