// ControlSource: each transform is the derivation it stands for, deterministic per tensor, and
// the same rows through Read and ReadRows.
#include "weights/source/control_source.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"
#include "weights/fixtures.h"

namespace lineage::testing {
namespace {

double Cosine(const Mat& a, const Mat& b) {
  return a.cwiseProduct(b).sum() / (a.norm() * b.norm());
}

// The function of one gated MLP on input rows x (no norms): down · (silu(gate x) ⊙ up x).
Mat Mlp(const WeightSource& w, int l, const Mat& x) {
  const Mat g = x * MustRead(w, Key(Role::kGate, l)).transpose();
  const Mat u = x * MustRead(w, Key(Role::kUp, l)).transpose();
  const Mat act = g.unaryExpr([](float v) { return v / (1 + std::exp(-v)); }).cwiseProduct(u);
  return act * MustRead(w, Key(Role::kDown, l)).transpose();
}

class ControlSourceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { base_ = new InMemoryWeights(RandomInitModel(TinyShape(), 5)); }
  static void TearDownTestSuite() { delete base_; }
  static InMemoryWeights* base_;
};
InMemoryWeights* ControlSourceTest::base_ = nullptr;

TEST_F(ControlSourceTest, DriftReachesItsCosineAndReadsTheSameEveryTime) {
  ControlTransform t;
  t.seed = 9;
  t.drift_cosine = 0.92;
  ControlSource c(*base_, t);
  const Mat a = MustRead(c, Key(Role::kUp, 1)), b = MustRead(*base_, Key(Role::kUp, 1));
  EXPECT_NEAR(Cosine(a, b), 0.92, 0.01);
  EXPECT_EQ(a, MustRead(c, Key(Role::kUp, 1)));
  // Norm vectors do not drift; another seed drifts differently.
  EXPECT_EQ(MustRead(c, Key(Role::kMlpNorm, 1)), MustRead(*base_, Key(Role::kMlpNorm, 1)));
  t.seed = 10;
  EXPECT_NE(a, MustRead(ControlSource(*base_, t), Key(Role::kUp, 1)));
}

// Block tensors are kept after their first whole read: a source that has read every tensor
// returns, key by key, what a fresh source derives, whatever the order of the reads.
TEST_F(ControlSourceTest, KeptTensorsAreWhatAFreshSourceDerives) {
  ControlTransform t;
  t.seed = 4;
  t.drift_cosine = 0.9;
  t.rotate_residual = t.permute_units = t.permute_heads = t.rescale_units = true;
  const ControlSource used(*base_, t);
  const std::vector<TensorKey> keys = used.Keys();
  for (const TensorKey& k : keys) MustRead(used, k);
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
    const ControlSource fresh(*base_, t);
    EXPECT_EQ(MustRead(used, *it), MustRead(fresh, *it)) << RoleName(it->role) << " " << it->layer;
  }
  // Rows and streamed chunks of a kept tensor are those of a fresh read; bad rows are refused.
  const TensorKey gate = Key(Role::kGate, 1);
  const Mat want = MustRead(ControlSource(*base_, t), gate);
  Result<Mat> rows = used.ReadRows(gate, {5, 0});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(Mat(rows->row(0)), Mat(want.row(5)));
  EXPECT_EQ(Mat(rows->row(1)), Mat(want.row(0)));
  EXPECT_FALSE(used.ReadRows(gate, {want.rows()}).ok());
  Mat streamed(want.rows(), want.cols());
  ASSERT_TRUE(used.Stream(gate, 3,
                          [&](const float* p, uint64_t first, uint64_t n) {
                            std::copy(p, p + n * want.cols(),
                                      streamed.data() + first * want.cols());
                            return Status::Ok();
                          })
                  .ok());
  EXPECT_EQ(streamed, want);
}

TEST_F(ControlSourceTest, ReadRowsIsTheRowsOfRead) {
  ControlTransform t;
  t.seed = 3;
  t.drift_cosine = 0.95;
  t.rotate_residual = true;
  ControlSource c(*base_, t);
  for (Role r : {Role::kEmbed, Role::kLmHead}) {
    const Mat all = MustRead(c, Key(r));
    Result<Mat> rows = c.ReadRows(Key(r), {7, 2, 300});
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_TRUE(rows->row(0).isApprox(all.row(7), 1e-5f)) << RoleName(r);
    EXPECT_TRUE(rows->row(2).isApprox(all.row(300), 1e-5f)) << RoleName(r);
  }
  // The tied base's lm_head is untied by the norm reallocation.
  EXPECT_FALSE(c.layout().tied_embeddings);
  EXPECT_TRUE(c.Has(Key(Role::kLmHead)));
}

TEST_F(ControlSourceTest, UnitPermutationAndRescalingPreserveTheMlp) {
  ControlTransform t;
  t.seed = 4;
  t.permute_units = t.rescale_units = true;
  ControlSource c(*base_, t);
  Rng rng(1);
  Mat x = Gaussian(16, MustRead(*base_, Key(Role::kEmbed)).cols(), 1.0, rng);
  EXPECT_TRUE(Mlp(c, 2, x).isApprox(Mlp(*base_, 2, x), 1e-4f));
  EXPECT_FALSE(MustRead(c, Key(Role::kGate, 2)).isApprox(MustRead(*base_, Key(Role::kGate, 2))));
}

TEST_F(ControlSourceTest, ResidualRotationIsOrthogonalAndFoldsTheNorms) {
  ControlTransform t;
  t.seed = 6;
  t.rotate_residual = true;
  ControlSource c(*base_, t);
  const Mat e = MustRead(*base_, Key(Role::kEmbed)), ec = MustRead(c, Key(Role::kEmbed));
  // x' = x Q: Gram matrices of embedding rows are unchanged, the rows themselves are not.
  EXPECT_TRUE((ec * ec.transpose()).isApprox(e * e.transpose(), 1e-4f));
  EXPECT_FALSE(ec.isApprox(e, 1e-2f));
  // A reader sees the same input after folding: W' diag(γ') Q^T = W diag(γ).
  const Mat w = MustRead(*base_, Key(Role::kGate, 0)), wc = MustRead(c, Key(Role::kGate, 0));
  const Mat g = MustRead(*base_, Key(Role::kMlpNorm, 0)), gc = MustRead(c, Key(Role::kMlpNorm, 0));
  const Mat folded = wc * gc.row(0).asDiagonal();
  const Mat want = w * g.row(0).asDiagonal();
  // (x Q) (W' diag(γ'))ᵀ = x (W diag(γ))ᵀ for every x: compare on the embedding rows.
  EXPECT_TRUE((ec * folded.transpose()).isApprox(e * want.transpose(), 1e-3f));
}

TEST_F(ControlSourceTest, ResidualAndHeadPermutationsKeepAttentionScores) {
  ControlTransform t;
  t.seed = 8;
  t.permute_residual = t.permute_heads = true;
  ControlSource c(*base_, t);
  const Mat e = MustRead(*base_, Key(Role::kEmbed)).topRows(32);
  const Mat ec = MustRead(c, Key(Role::kEmbed)).topRows(32);
  // Query and key heads move together, so the score matrix of the first head group is a
  // permutation away; its sum over heads is invariant.
  const Mat s = (e * MustRead(*base_, Key(Role::kQ, 1)).transpose()).cwiseAbs2();
  const Mat sc = (ec * MustRead(c, Key(Role::kQ, 1)).transpose()).cwiseAbs2();
  EXPECT_NEAR(s.sum(), sc.sum(), 1e-3 * s.sum());
  EXPECT_TRUE(c.layout().tied_embeddings);  // a permutation keeps the tie
}

TEST_F(ControlSourceTest, PruningKeepsHalfTheUnits) {
  ControlTransform t;
  t.seed = 2;
  t.prune_half = true;
  ControlSource c(*base_, t);
  const auto h = base_->Shape(Key(Role::kUp, 0)).first;
  EXPECT_EQ(c.Shape(Key(Role::kGate, 0)).first, h / 2);
  EXPECT_EQ(c.Shape(Key(Role::kDown, 0)).second, h / 2);
  EXPECT_EQ(MustRead(c, Key(Role::kUp, 0)).rows(), static_cast<Eigen::Index>(h / 2));
  EXPECT_EQ(MustRead(c, Key(Role::kDown, 0)).cols(), static_cast<Eigen::Index>(h / 2));
}

}  // namespace
}  // namespace lineage::testing
