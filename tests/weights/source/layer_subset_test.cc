// LayerSubset: the chosen blocks, renumbered, beside every non-block tensor; absent blocks are
// absent through every query (the forwarding itself is key_map_view_test.cc's).
#include "weights/source/layer_subset.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"

namespace lineage::testing {
namespace {

TEST(LayerSubset, RenumbersTheChosenBlocks) {
  InMemoryWeights base = RandomInitModel(TinyShape(), 7);
  LayerSubset sub(base, {1, 4});
  EXPECT_EQ(sub.layout().num_layers, 2);
  EXPECT_EQ(MustRead(sub, Key(Role::kUp, 1)), MustRead(base, Key(Role::kUp, 4)));
  EXPECT_EQ(MustRead(sub, Key(Role::kEmbed)), MustRead(base, Key(Role::kEmbed)));
  EXPECT_FALSE(sub.Has(Key(Role::kUp, 2)));
  int blocks = 0;
  for (const TensorKey& k : sub.Keys()) blocks += k.layer >= 2;
  EXPECT_EQ(blocks, 0);
  EXPECT_EQ(SpreadLayers(28, 4), (std::vector<int>{0, 9, 18, 27}));
  EXPECT_EQ(SpreadLayers(3, 4), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(SpreadLayers(5, 1), (std::vector<int>{0}));
}

}  // namespace
}  // namespace lineage::testing
