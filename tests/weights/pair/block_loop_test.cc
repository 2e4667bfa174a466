#include "weights/pair/block_loop.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

TEST(LoadBlockPair, LoadsBothSidesWithProbeResponses) {
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.RunUntilBlockTests().ok());
  Result<std::optional<LoadedPair>> p = LoadBlockPair(f.state, 0);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_TRUE(p->has_value());
  const LoadedPair& lp = **p;
  EXPECT_GT(lp.a.mlp.rows(), 0);
  EXPECT_EQ(lp.a.mlp.cols(), lp.b.mlp.cols());  // both in the common basis
  EXPECT_EQ(lp.a.gate_resp.rows(), f.state.probes_a.rows());
  EXPECT_EQ(lp.b.gate_resp.rows(), f.state.probes_b.rows());
  EXPECT_GT(lp.a.gate_sd, 0);
}

TEST(TestBlockPairs, EveryPairTestedRobustBlocksCarryPanels) {
  WeightsOptions o;
  o.max_robust_blocks = 2;
  o.panel_size = 3;
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"), o);
  ASSERT_TRUE(f.RunUntilBlockTests().ok());
  ASSERT_TRUE(f.Run({TestBlockPairs}).ok());
  const std::vector<BlockResult>& blocks = f.state.result.blocks;
  ASSERT_EQ(blocks.size(), f.state.pairs.size());
  size_t robust = 0;
  for (const BlockResult& b : blocks) {
    EXPECT_LE(b.test.log10_p, -3) << "block " << b.candidate;
    EXPECT_TRUE(b.diagonal);
    if (b.robust_set) {
      ++robust;
      EXPECT_EQ(b.gate_up_panel.size(), 3u);
    } else {
      EXPECT_TRUE(b.gate_up_panel.empty());
    }
  }
  EXPECT_EQ(robust, 2u);
  for (const auto& r : f.state.panel_by_replica) EXPECT_EQ(r.size(), robust);
  EXPECT_EQ(f.state.agreements.size(), blocks.size());
}

TEST(TestBlockPairs, IndependentBlocksShowNoIdentity) {
  StageFixture f(LoadExampleWeights("indep-s1"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.RunUntilBlockTests().ok());
  ASSERT_TRUE(f.Run({TestBlockPairs}).ok());
  ASSERT_FALSE(f.state.result.blocks.empty());
  for (const BlockResult& b : f.state.result.blocks) {
    if (b.diagonal) {
      EXPECT_GT(b.test.log10_p, -4) << "block " << b.candidate;
    }
  }
}

}  // namespace
}  // namespace lineage::testing
