#include "weights/pair/residual_alignment.h"

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/prepare_pair.h"
#include "weights/pair/stage_fixture.h"

namespace lineage::testing {
namespace {

TEST(AlignResidualStreams, FineTuneKeepsTheIdentityBasisAndTokenProbes) {
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.Run({PreparePair, AlignResidualStreams}).ok());
  EXPECT_EQ(f.state.result.alignment.kind, AlignmentKind::kIdentity);
  EXPECT_TRUE(f.state.token_probes);
  EXPECT_GT(f.state.probes_a.rows(), 0);
  EXPECT_EQ(f.state.probes_a.rows(), f.state.probes_b.rows());
  EXPECT_DOUBLE_EQ(f.state.result.diagnostics.same_id_fraction, 1.0);
  EXPECT_GT(f.state.result.diagnostics.residual_a, 0);
}

TEST(AlignResidualStreams, PermutedResidualIsUndone) {
  StageFixture f(LoadExampleWeights("perm"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.Run({PreparePair, AlignResidualStreams}).ok());
  EXPECT_EQ(f.state.result.alignment.kind, AlignmentKind::kSignedPermutation);
}

TEST(AlignResidualStreams, WithoutSharedTokensAssumesIdentityAndSaysSo) {
  StageFixture f(LoadExampleWeights("ft-sft"), LoadExampleWeights("base"));
  ASSERT_TRUE(f.Run({PreparePair}).ok());
  f.state.shared = SharedTokenRows();
  ASSERT_TRUE(f.Run({AlignResidualStreams}).ok());
  EXPECT_EQ(f.state.result.alignment.kind, AlignmentKind::kNone);
  EXPECT_EQ(f.state.probes_a.rows(), 0);
  ASSERT_FALSE(f.state.result.notes.empty());
  EXPECT_NE(f.state.result.notes.back().find("no shared tokens"), std::string::npos);
}

TEST(AlignResidualStreams, UnequalWidthsWithoutSharedTokensFail) {
  TinyShape narrow;
  narrow.d = 32;
  StageFixture f(RandomInitModel(narrow, 1), RandomInitModel(TinyShape(), 2));
  ASSERT_TRUE(f.Run({PreparePair}).ok());
  f.state.shared = SharedTokenRows();
  Status st = f.Run({AlignResidualStreams});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("residual widths 32 and 64 differ"), std::string::npos)
      << st.ToString();
}

}  // namespace
}  // namespace lineage::testing
