#include "weights/pair/power_controls.h"

#include <cmath>

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/block_loop.h"
#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

// Control log10 p of pair 0 (one per control), on a fresh fixture.
std::vector<double> ControlsOfFirstPair(double noise, int controls) {
  WeightsOptions o;
  o.control_noise = noise;
  o.power_controls = controls;
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"), o);
  EXPECT_TRUE(f.RunUntilBlockTests().ok());
  Result<std::optional<LoadedPair>> p = LoadBlockPair(f.state, 0);
  if (!p.ok() || !p->has_value()) {
    ADD_FAILURE() << "pair 0 not loaded";
    return {};
  }
  EXPECT_TRUE(RunPowerControls(f.state, (*p)->b, 0).ok());
  std::vector<double> out;
  for (const auto& c : f.state.control_by_seed) {
    EXPECT_EQ(c.size(), 1u);
    if (!c.empty()) out.push_back(c[0]);
  }
  return out;
}

TEST(RunPowerControls, LightlyNoisedBaseIsDetected) {
  std::vector<double> p = ControlsOfFirstPair(0.1, 3);
  ASSERT_EQ(p.size(), 3u);
  for (double v : p) EXPECT_LE(v, -10);
}

TEST(RunPowerControls, EachControlHasItsOwnSeededStream) {
  std::vector<double> a = ControlsOfFirstPair(3.0, 3), b = ControlsOfFirstPair(3.0, 2);
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 2u);
  for (double v : a) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(a[0], b[0]);
  EXPECT_EQ(a[1], b[1]);
}

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
