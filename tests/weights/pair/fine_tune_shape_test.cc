#include "weights/pair/fine_tune_shape.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

TEST(AddFineTuneShape, LowRankDeltaOfAFineTuneAtMostFourTimes) {
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.RunUntilBlockTests().ok());
  ASSERT_EQ(f.state.result.alignment.kind, AlignmentKind::kIdentity);
  for (int k = 0; k < 6; ++k) AddFineTuneShape(f.state, 0, 0);
  EXPECT_EQ(f.state.result.diagnostics.low_rank.size(), 4u);
}

TEST(AddFineTuneShape, NothingWhenTheBasesDiffer) {
  StageFixture f(LoadExampleWeights("perm"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.RunUntilBlockTests().ok());
  AddFineTuneShape(f.state, 0, 0);
  EXPECT_TRUE(f.state.result.diagnostics.low_rank.empty());
}

}  // namespace
}  // namespace lineage::testing
