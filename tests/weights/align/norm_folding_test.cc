#include "weights/align/norm_folding.h"

#include <cmath>
#include <limits>
#include <optional>

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(NormFolding, FoldsGammaIntoReadersOnly) {
  WeightLayout layout;
  layout.num_layers = 1;
  InMemoryWeights w(layout);
  Mat gamma(1, 3);
  gamma << 2, 3, 4;
  w.Set(Key(Role::kMlpNorm, 0), gamma);
  Mat g = Mat::Ones(2, 3), down = Mat::Ones(3, 2);
  w.Set(Key(Role::kGate, 0), g);
  w.Set(Key(Role::kDown, 0), down);
  Result<Mat> fg = ReadFolded(w, Key(Role::kGate, 0));
  ASSERT_TRUE(fg.ok());
  EXPECT_FLOAT_EQ((*fg)(1, 2), 4);
  Result<Mat> fd = ReadFolded(w, Key(Role::kDown, 0));
  ASSERT_TRUE(fd.ok());
  EXPECT_FLOAT_EQ((*fd)(2, 1), 1);
}

TEST(NormFolding, GemmaStoresTheOffset) {
  WeightLayout layout;
  layout.num_layers = 1;
  layout.gemma_norm_offset = true;
  InMemoryWeights w(layout);
  Mat gamma(1, 2);
  gamma << 0, 1;
  w.Set(Key(Role::kAttnNorm, 0), gamma);
  w.Set(Key(Role::kQ, 0), Mat::Ones(1, 2));
  Result<Mat> q = ReadFolded(w, Key(Role::kQ, 0));
  ASSERT_TRUE(q.ok());
  EXPECT_FLOAT_EQ((*q)(0, 0), 1);
  EXPECT_FLOAT_EQ((*q)(0, 1), 2);
}

TEST(NormFolding, MovingScaleBetweenGammaAndWeightIsInvisible) {
  WeightLayout layout;
  layout.num_layers = 1;
  InMemoryWeights a(layout), b(layout);
  Mat w = Mat::Random(4, 3);
  Mat g(1, 3);
  g << 0.5, 2, 1.5;
  a.Set(Key(Role::kUp, 0), w * Eigen::Vector3f(g(0), g(1), g(2)).asDiagonal());
  a.Set(Key(Role::kMlpNorm, 0), Mat::Ones(1, 3));
  b.Set(Key(Role::kUp, 0), w);
  b.Set(Key(Role::kMlpNorm, 0), g);
  Result<Mat> fa = ReadFolded(a, Key(Role::kUp, 0)), fb = ReadFolded(b, Key(Role::kUp, 0));
  ASSERT_TRUE(fa.ok() && fb.ok());
  EXPECT_LT((*fa - *fb).norm(), 1e-5);
}

TEST(NormFolding, WidthMismatchIsAnError) {
  Mat w = Mat::Ones(2, 3);
  EXPECT_FALSE(FoldNormInto(w, Eigen::VectorXf::Ones(4)).ok());
}

TEST(NormFolding, StoredGammaFollowsTheFoldingRules) {
  WeightLayout layout;
  layout.num_layers = 2;
  InMemoryWeights w(layout);
  Mat attn(1, 3), mlp(1, 3), final_norm(1, 3);
  attn << 1, 2, 3;
  mlp << 4, std::numeric_limits<float>::quiet_NaN(), 6;
  final_norm << 7, 8, 9;
  w.Set(Key(Role::kAttnNorm, 1), attn);
  w.Set(Key(Role::kMlpNorm, 1), mlp);
  w.Set(Key(Role::kFinalNorm, -1), final_norm);
  auto gamma = [&](const TensorKey& k, int64_t* bad = nullptr) {
    Result<std::optional<Eigen::VectorXf>> g = StoredGamma(w, k, bad);
    EXPECT_TRUE(g.ok()) << g.status().ToString();
    return g.ok() ? *g : std::nullopt;
  };
  ASSERT_TRUE(gamma(Key(Role::kK, 1)).has_value());
  EXPECT_FLOAT_EQ((*gamma(Key(Role::kK, 1)))(2), 3);
  // The block's norm for every expert; the final norm (layer −1) for lm_head.
  EXPECT_FLOAT_EQ((*gamma(Key(Role::kUp, 1, 5)))(0), 4);
  EXPECT_FLOAT_EQ((*gamma(Key(Role::kLmHead)))(1), 8);
  // No norm folds into a writing matrix; a block without a stored norm has γ = 1.
  EXPECT_FALSE(gamma(Key(Role::kDown, 1)).has_value());
  EXPECT_FALSE(gamma(Key(Role::kQ, 0)).has_value());
  // Non-finite entries: kept without a counter, zeroed and counted once with one.
  EXPECT_TRUE(std::isnan((*gamma(Key(Role::kGate, 1)))(1)));
  int64_t bad = 0;
  const std::optional<Eigen::VectorXf> scrubbed = gamma(Key(Role::kGate, 1), &bad);
  ASSERT_TRUE(scrubbed.has_value());
  EXPECT_EQ((*scrubbed)(1), 0.0f);
  EXPECT_FLOAT_EQ((*scrubbed)(2), 6);
  EXPECT_EQ(bad, 1);
}

}  // namespace
}  // namespace lineage
