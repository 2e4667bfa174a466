#include "stats/ks.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"

namespace lineage {
namespace {

TEST(Ks, SurvivalMatchesReference) {
  // References: scipy.stats.kstwo.sf.
  EXPECT_NEAR(KolmogorovSf(100, 0.1), 0.25269276, 1e-6);
  EXPECT_NEAR(KolmogorovSf(50, 0.2), 0.03143878, 1e-6);
  EXPECT_NEAR(KolmogorovSf(200, 0.15), 0.000215419124, 2e-7);
  EXPECT_NEAR(KolmogorovSf(1000, 0.05), 0.01301207, 2e-4);  // asymptotic branch
  EXPECT_NEAR(std::log10(KolmogorovSf(200, 0.3)), std::log10(1.848e-16), 0.01);  // far tail
}

TEST(Ks, UniformSampleIsNotRejectedAndShiftedIs) {
  Rng rng(11);
  std::vector<double> u(500), skew(500);
  for (size_t i = 0; i < u.size(); ++i) {
    u[i] = rng.Uniform();
    skew[i] = u[i] * u[i];  // Beta(1/2, 1): piles up near 0 like p-values under H1
  }
  auto a = KsTestUniform(u);
  ASSERT_TRUE(a.ok());
  EXPECT_GT(a->log10_p, -3);
  auto b = KsTestUniform(skew);
  ASSERT_TRUE(b.ok());
  EXPECT_LT(b->log10_p, -10);
}

TEST(Ks, RejectsOutOfRange) {
  EXPECT_FALSE(KsTestUniform(std::vector<double>{0.5, 1.5}).ok());
  EXPECT_FALSE(KsTestUniform(std::vector<double>{}).ok());
}

}  // namespace
}  // namespace lineage
