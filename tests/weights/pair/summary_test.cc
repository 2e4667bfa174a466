#include "weights/pair/summary.h"

#include <gtest/gtest.h>

#include "stats/combine.h"

#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

BlockResult Block(bool robust, double s2) {
  BlockResult b;
  b.robust_set = robust;
  b.gate_up_agreement = s2;
  return b;
}

TEST(Summarize, S2OverTheRobustBlocksAndOneMeanPerReplica) {
  StageFixture f{InMemoryWeights(), InMemoryWeights()};
  PairState& s = f.state;
  s.result.blocks = {Block(true, 0.8), Block(false, 0.2), Block(true, 0.6)};
  s.agreements = {0.8, 0.2, 0.6};
  s.panel_by_replica = {{0.1, 0.3}, {}, {0.5, 0.7}};
  s.result.non_finite = 3;
  ASSERT_TRUE(f.Run({Summarize}).ok());
  ASSERT_TRUE(s.result.gate_up_agreement.has_value());
  EXPECT_DOUBLE_EQ(*s.result.gate_up_agreement, 0.7);
  ASSERT_EQ(s.result.gate_up_panel.size(), 2u);
  EXPECT_DOUBLE_EQ(s.result.gate_up_panel[0], 0.2);
  EXPECT_DOUBLE_EQ(s.result.gate_up_panel[1], 0.6);
  ASSERT_EQ(s.result.notes.size(), 1u);
  EXPECT_EQ(s.result.notes[0].rfind("3 NaN/Inf weight values", 0), 0u) << s.result.notes[0];
}

TEST(Summarize, WithoutRobustBlocksTheMeanOfEveryBlock) {
  StageFixture f{InMemoryWeights(), InMemoryWeights()};
  f.state.result.blocks = {Block(false, 0.2), Block(false, 0.4)};
  f.state.agreements = {0.2, 0.4};
  ASSERT_TRUE(f.Run({Summarize}).ok());
  EXPECT_DOUBLE_EQ(f.state.result.gate_up_agreement.value_or(-1), 0.3);
  EXPECT_TRUE(f.state.result.gate_up_panel.empty());
  EXPECT_TRUE(f.state.result.notes.empty());
}

TEST(Summarize, NoS2NoAgreement) {
  StageFixture f{InMemoryWeights(), InMemoryWeights()};
  ASSERT_TRUE(f.Run({Summarize}).ok());
  EXPECT_FALSE(f.state.result.gate_up_agreement.has_value());
}

}  // namespace
}  // namespace lineage::testing
