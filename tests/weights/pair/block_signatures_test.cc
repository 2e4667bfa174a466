#include "weights/pair/block_signatures.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/prepare_pair.h"
#include "weights/pair/residual_alignment.h"
#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

TEST(ComputeBlockSignatures, OneSignaturePerBlockThenTheMapFollowsTheDiagonal) {
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.Run({PreparePair, AlignResidualStreams, ComputeBlockSignatures}).ok());
  const int layers = f.cand.layout().num_layers;
  ASSERT_GT(layers, 0);
  ASSERT_EQ(f.state.sig_a.size(), static_cast<size_t>(layers));
  for (int i = 0; i < layers; ++i) {
    EXPECT_GT(f.state.sig_a[i].size(), 0) << i;
    EXPECT_GT(f.state.widths_a[i], 0) << i;
  }
  EXPECT_GT(f.state.result.diagnostics.mlp_width_b, 0);

  ASSERT_TRUE(f.Run({MapBlocks}).ok());
  EXPECT_TRUE(f.state.sig_a.empty());  // freed once the map is built
  EXPECT_TRUE(f.state.result.block_map.diagonal);
  ASSERT_EQ(f.state.result.block_map.path.size(), static_cast<size_t>(layers));
  for (const BlockPair& p : f.state.result.block_map.path) EXPECT_EQ(p.candidate, p.base);
}

TEST(ComputeBlockSignatures, ReorderedBlocksAreFoundWhereTheyCameFrom) {
  InMemoryWeights base = LoadExampleWeights("base");
  const int layers = base.layout().num_layers;
  ASSERT_GE(layers, 3);
  // A one-block candidate that is base block 2.
  StageFixture f(ReorderBlocks(base, {2}), LoadExampleWeights("base"));
  ASSERT_TRUE(f.Run({PreparePair, AlignResidualStreams, ComputeBlockSignatures, MapBlocks}).ok());
  ASSERT_EQ(f.state.result.block_map.path.size(), 1u);
  EXPECT_EQ(f.state.result.block_map.path[0].candidate, 0);
  EXPECT_EQ(f.state.result.block_map.path[0].base, 2);
}

TEST(SignatureExpert, DenseBlocksUseTheirOwnMlp) {
  InMemoryWeights base = LoadExampleWeights("base");
  EXPECT_EQ(SignatureExpert(base, 0), -1);
}

}  // namespace
}  // namespace lineage::testing
