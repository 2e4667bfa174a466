#include "weights/pair/s2_panel.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/block_identity.h"
#include "weights/pair/block_loop.h"
#include "weights/pair/stage_fixture.h"
#include "weights/source/weight_source.h"

namespace lineage::testing {
namespace {

// S2 of pair 0 and its panel, on a fresh fixture.
BlockResult PanelOfFirstPair(int panel_size) {
  WeightsOptions o;
  o.panel_size = panel_size;
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"), o);
  EXPECT_TRUE(f.RunUntilBlockTests().ok());
  Result<std::optional<LoadedPair>> p = LoadBlockPair(f.state, 0);
  BlockResult br;
  if (!p.ok() || !p->has_value()) {
    ADD_FAILURE() << "pair 0 not loaded";
    return br;
  }
  EXPECT_TRUE(TestBlockIdentity(f.state, (*p)->a, (*p)->b, br).ok());
  EXPECT_TRUE(RunS2Panel(f.state, (*p)->a, (*p)->b, br).ok());
  EXPECT_EQ(f.state.panel_by_replica.size(), static_cast<size_t>(panel_size));
  for (const auto& rep : f.state.panel_by_replica) EXPECT_EQ(rep.size(), 1u);
  return br;
}

TEST(RunS2Panel, RandomInitReplicasFallBelowAFineTune) {
  BlockResult br = PanelOfFirstPair(4);
  ASSERT_TRUE(br.gate_up_agreement.has_value());
  ASSERT_EQ(br.gate_up_panel.size(), 4u);
  for (double v : br.gate_up_panel) EXPECT_LT(v, *br.gate_up_agreement);
}

TEST(RunS2Panel, DeterministicAndReplicasDrawnInOrder) {
  BlockResult a = PanelOfFirstPair(4), b = PanelOfFirstPair(4), c = PanelOfFirstPair(2);
  EXPECT_EQ(a.gate_up_panel, b.gate_up_panel);
  // The first replicas do not depend on how many follow: one stream, drawn in order.
  ASSERT_EQ(c.gate_up_panel.size(), 2u);
  EXPECT_EQ(c.gate_up_panel[0], a.gate_up_panel[0]);
  EXPECT_EQ(c.gate_up_panel[1], a.gate_up_panel[1]);
}

}  // namespace
}  // namespace lineage::testing
