#include "weights/pair/block_pairs.h"

#include <gtest/gtest.h>

#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

InMemoryWeights Depth(int layers) {
  WeightLayout l;
  l.num_layers = layers;
  return InMemoryWeights(l);
}

TEST(Spread, EvenlySpacedAscendingIndices) {
  EXPECT_EQ(Spread(10, 4), (std::vector<size_t>{0, 2, 5, 7}));
  EXPECT_EQ(Spread(3, 8), (std::vector<size_t>{0, 1, 2}));
  EXPECT_TRUE(Spread(0, 3).empty());
  EXPECT_TRUE(Spread(5, 0).empty());
}

TEST(ChooseBlockPairs, DiagonalFirstThenTheMapsOtherPairs) {
  WeightsOptions o;
  o.max_robust_blocks = 2;
  o.panel_size = 3;
  StageFixture f(Depth(5), Depth(5), o);
  f.state.result.block_map.path = {BlockPair{1, 1}, BlockPair{2, 4}};
  ASSERT_TRUE(f.Run({ChooseBlockPairs}).ok());
  const std::vector<std::pair<int, int>> want = {{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {2, 4}};
  EXPECT_EQ(f.state.pairs, want);
  EXPECT_EQ(f.state.robust_idx, Spread(6, 2));
  EXPECT_EQ(f.state.panel_by_replica.size(), 3u);
  EXPECT_EQ(f.state.block_options.seed, o.seed ^ 0xB10C);
  EXPECT_FALSE(f.state.moe_vs_dense);
}

TEST(ChooseBlockPairs, DifferentDepthsWithoutAMapProbeTheLeadingBlocks) {
  StageFixture f(Depth(3), Depth(5));
  ASSERT_TRUE(f.Run({ChooseBlockPairs}).ok());
  const std::vector<std::pair<int, int>> want = {{0, 0}, {1, 1}, {2, 2}};
  EXPECT_EQ(f.state.pairs, want);
}

TEST(ChooseBlockPairs, MoeCandidateAgainstDenseBase) {
  InMemoryWeights moe = Depth(2);
  moe.mutable_layout().num_experts = 4;
  StageFixture f(std::move(moe), Depth(2));
  ASSERT_TRUE(f.Run({ChooseBlockPairs}).ok());
  EXPECT_TRUE(f.state.moe_vs_dense);
  EXPECT_EQ(f.state.result.diagnostics.experts_a, 4);
}

}  // namespace
}  // namespace lineage::testing
