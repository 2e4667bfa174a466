#include "weights/statistics/norm_vector.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"
#include "weights/weights_fixtures.h"

namespace lineage {
namespace {

using testing::GaussianVector;
TEST(NormVector, IndependentVectorsNearOneAreMeanDominated) {
  // METHODS §5: μ = 1, σ = 0.05, d = 4096 → raw cosine ≈ 0.9975, Pearson within ±3/√d.
  const size_t d = 4096;
  const auto a = GaussianVector(d, 1.0, 0.05, 1), b = GaussianVector(d, 1.0, 0.05, 2);
  auto r = CompareNormVectors(a, b, 199, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->cosine, 1.0 / (1.0 + 0.0025), 3e-4);
  EXPECT_LT(std::fabs(r->pearson), 3.0 / std::sqrt(static_cast<double>(d)));
  EXPECT_TRUE(r->mean_dominated);
  EXPECT_GT(r->shuffle_log10_p, -2);
  const Finding f = NormVectorFinding(*r, "block 10 attn_norm");
  EXPECT_FALSE(f.decisive);
  EXPECT_NE(f.note.find("mean-dominated"), std::string::npos);
}

TEST(NormVector, SolarVsGlmScenario) {
  // Independent norm vectors with different means and spreads (as in Solar-Open-100B vs
  // GLM-4.5-Air, layer 10: cosine 0.981, Pearson 0.009) versus a derived control (INTELLECT-3:
  // Pearson ≈ 1.00). Only the centred statistic separates them.
  const size_t d = 4096;
  const auto glm = GaussianVector(d, 0.9, 0.12, 10);
  const auto solar = GaussianVector(d, 1.1, 0.15, 11);
  Rng rng(12);
  std::vector<float> derived(glm);
  for (float& x : derived) x += static_cast<float>(0.01 * rng.Normal());
  auto indep = CompareNormVectors(solar, glm, 999, 13);
  auto der = CompareNormVectors(derived, glm, 999, 13);
  ASSERT_TRUE(indep.ok() && der.ok());
  EXPECT_GT(indep->cosine, 0.97);
  EXPECT_LT(std::fabs(indep->pearson), 0.05);
  EXPECT_TRUE(indep->mean_dominated);
  EXPECT_GT(indep->shuffled_cosine, 0.97);  // chance alone gives the same raw cosine
  EXPECT_GT(der->pearson, 0.99);
  EXPECT_FALSE(der->mean_dominated);
  EXPECT_NEAR(der->shuffle_log10_p, -3.0, 1e-9);  // (1 + 0) / (999 + 1)
}

TEST(NormVector, BadInput) {
  std::vector<float> a = {1, 2, 3}, b = {1, 2};
  EXPECT_FALSE(CompareNormVectors(a, b).ok());
  std::vector<float> c = {1, NAN, 3};
  EXPECT_FALSE(CompareNormVectors(a, c).ok());
}

}  // namespace
}  // namespace lineage
