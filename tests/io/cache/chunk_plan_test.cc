#include "io/cache/chunk_plan.h"

#include <gtest/gtest.h>

namespace lineage {

TEST(ChunkPlanTest, CoalescesAdjacentChunksUpToTheCap) {
  auto runs = CoalesceChunks({1, 2, 3, 5, 6, 9}, 100);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].first, 1u);
  EXPECT_EQ(runs[0].count, 3u);
  EXPECT_EQ(runs[1].first, 5u);
  EXPECT_EQ(runs[1].count, 2u);
  EXPECT_EQ(runs[2].first, 9u);
  EXPECT_EQ(runs[2].count, 1u);
  runs = CoalesceChunks({0, 1, 2, 3, 4}, 2);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[2].first, 4u);
  EXPECT_TRUE(CoalesceChunks({}, 4).empty());
}

TEST(ChunkPlanTest, LastChunkIsShort) {
  EXPECT_EQ(ChunkLength(0, 4096, 10000), 4096u);
  EXPECT_EQ(ChunkLength(2, 4096, 10000), 10000u - 8192u);
  EXPECT_EQ(ChunkLength(3, 4096, 10000), 0u);
}

}  // namespace lineage
