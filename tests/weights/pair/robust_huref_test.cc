#include "weights/pair/robust_huref.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

TEST(RunHuref, RunsOnTheRobustBlocksWithTokenProbes) {
  WeightsOptions o;
  o.panel_size = 3;
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"), o);
  ASSERT_TRUE(f.RunUntilBlockTests().ok());
  ASSERT_TRUE(f.state.token_probes);
  ASSERT_TRUE(f.Run({RunHuref}).ok());
  ASSERT_TRUE(f.state.result.huref.has_value());
}

TEST(RunHuref, SkippedWithoutTokenProbes) {
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.RunUntilBlockTests().ok());
  f.state.token_probes = false;
  const size_t notes = f.state.result.notes.size();
  ASSERT_TRUE(f.Run({RunHuref}).ok());
  EXPECT_FALSE(f.state.result.huref.has_value());
  EXPECT_EQ(f.state.result.notes.size(), notes);
}

}  // namespace
}  // namespace lineage::testing
