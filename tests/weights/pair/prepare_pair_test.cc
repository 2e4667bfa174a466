#include "weights/pair/prepare_pair.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

TEST(CapSharedRows, KeepsTheFirstPairsAndTheirHalvesAndProbes) {
  const SharedTokenRows all = AssumeSameIds(300, 400, 64);
  const SharedTokenRows cap = CapSharedRows(all, 100);
  ASSERT_EQ(cap.size(), 100u);
  EXPECT_EQ(cap.rows_a.front(), all.rows_a.front());
  EXPECT_EQ(cap.hashes.size(), 100u);
  EXPECT_TRUE(cap.assumed_same_ids);
  EXPECT_FALSE(cap.fit_half.empty());
  for (int32_t k : cap.fit_half) EXPECT_LT(k, 100);
  for (int32_t k : cap.score_half) EXPECT_LT(k, 100);
  for (int32_t k : cap.probes) EXPECT_LT(k, 100);
  EXPECT_EQ(cap.fit_half.size() + cap.score_half.size(), 100u);
  // Below the cap the rows are untouched.
  EXPECT_EQ(CapSharedRows(all, 1000).rows_b, all.rows_b);
}

TEST(PreparePair, StatesH0AndComponents) {
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.Run({PreparePair}).ok());
  EXPECT_NE(f.state.result.h0.find("initialised independently"), std::string::npos);
  EXPECT_FALSE(f.state.result.scope.empty());
  EXPECT_EQ(f.state.result.diagnostics.components_a, f.cand.layout().components);
  EXPECT_EQ(f.state.shared.size(), std::min<size_t>(f.shared.size(), 16384));
}

TEST(PreparePair, RefusesAnEmptyModel) {
  StageFixture f(InMemoryWeights(), LoadExampleWeights("base"));
  Status st = f.Run({PreparePair});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("candidate: empty model"), std::string::npos) << st.ToString();
}

}  // namespace
}  // namespace lineage::testing
