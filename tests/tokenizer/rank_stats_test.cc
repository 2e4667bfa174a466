#include "tokenizer/rank_stats.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(RankStatsTest, SpearmanKnownValues) {
  EXPECT_DOUBLE_EQ(SpearmanOfPairs({{1, 10}, {2, 20}, {3, 30}, {4, 40}}), 1.0);
  EXPECT_DOUBLE_EQ(SpearmanOfPairs({{1, 40}, {2, 30}, {3, 20}, {4, 10}}), -1.0);
  // d = (0, 1, -1): 1 - 6*2/(3*8) = 0.5
  EXPECT_DOUBLE_EQ(SpearmanOfPairs({{1, 1}, {2, 3}, {3, 2}}), 0.5);
  EXPECT_EQ(SpearmanOfPairs({{1, 1}}), 0.0);
}

TEST(RankStatsTest, LongestIncreasingSubsequence) {
  EXPECT_EQ(LongestIncreasingSubsequence({}), 0);
  EXPECT_EQ(LongestIncreasingSubsequence({5, 1, 2, 8, 3, 4}), 4);  // 1 2 3 4
  EXPECT_EQ(LongestIncreasingSubsequence({3, 3, 3}), 1);           // strictly increasing
  EXPECT_EQ(LongestIncreasingSubsequence({9, 8, 7}), 1);
}

}  // namespace
}  // namespace lineage
