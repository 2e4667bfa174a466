#include "weights/pair/block_identity.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/block_loop.h"
#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

// Runs the unit tests on pair 0 of `cand` against the base model.
BlockResult FirstPair(InMemoryWeights cand) {
  StageFixture f(std::move(cand), LoadExampleWeights("base"));
  EXPECT_TRUE(f.RunUntilBlockTests().ok());
  Result<std::optional<LoadedPair>> p = LoadBlockPair(f.state, 0);
  EXPECT_TRUE(p.ok() && p->has_value());
  BlockResult br;
  if (!p.ok() || !p->has_value()) return br;
  EXPECT_TRUE(TestBlockIdentity(f.state, (*p)->a, (*p)->b, br).ok());
  EXPECT_EQ(f.state.agreements.size(), br.gate_up_agreement ? 1u : 0u);
  return br;
}

TEST(TestBlockIdentity, FineTuneIsIdentifiedByS1) {
  BlockResult br = FirstPair(LoadExampleWeights("ft-sft"));
  EXPECT_LE(br.test.log10_p, -10);
  EXPECT_TRUE(br.experts.empty());
}

// S1's null is the exchangeable unit order, so a unit permutation hides from it; S2 matches units
// by their probe responses and sees through it.
TEST(TestBlockIdentity, PermutedUnitsAreSeenByS2) {
  BlockResult br = FirstPair(PermuteMlpUnits(LoadExampleWeights("base"), 5));
  ASSERT_TRUE(br.gate_up_agreement.has_value());
  EXPECT_GT(*br.gate_up_agreement, 0.9);
}

TEST(TestBlockIdentity, IndependentBlockIsNot) {
  BlockResult br = FirstPair(LoadExampleWeights("indep-s1"));
  EXPECT_GT(br.test.log10_p, -4);
  ASSERT_TRUE(br.gate_up_agreement.has_value());
  EXPECT_LT(*br.gate_up_agreement, 0.5);
}

}  // namespace
}  // namespace lineage::testing
