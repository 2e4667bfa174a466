#include "weights/pair/exact_identity.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/prepare_pair.h"
#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

TEST(CompareSameRoleTensors, ACopyIsIdenticalTensorByTensor) {
  StageFixture f(LoadExampleWeights("base"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.Run({PreparePair, CompareSameRoleTensors}).ok());
  ASSERT_FALSE(f.state.result.tensors.empty());
  for (const TensorComparison& t : f.state.result.tensors) {
    EXPECT_TRUE(t.value_identical) << t.name;
  }
  EXPECT_EQ(f.state.result.non_finite, 0);
}

TEST(CompareSameRoleTensors, CountsNonFiniteValues) {
  StageFixture f(WithNonFinite(LoadExampleWeights("ft-sft")), LoadExampleWeights("base"));
  ASSERT_TRUE(f.Run({PreparePair, CompareSameRoleTensors}).ok());
  EXPECT_GE(f.state.result.non_finite, 2);
}

TEST(CompareSameRoleTensors, SkippedWhenTurnedOff) {
  WeightsOptions o;
  o.per_tensor = false;
  StageFixture f(LoadExampleWeights("base"), LoadExampleWeights("base"), o);
  ASSERT_TRUE(f.Run({PreparePair, CompareSameRoleTensors}).ok());
  EXPECT_TRUE(f.state.result.tensors.empty());
}

}  // namespace
}  // namespace lineage::testing
