#include "stats/combine.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "stats/log_p.h"

namespace lineage {
namespace {

TEST(FisherCombine, WorkedExampleFromMethods) {
  // 32 blocks at p = 1e-300 → X = 44,210 and log10 p = -9,499 (METHODS §4.2).
  std::vector<double> ln_p(32, -300 * kLn10);
  EXPECT_NEAR(FisherStatistic(ln_p), 44210, 1.0);
  EXPECT_NEAR(FisherCombine(ln_p) * kLog10E, -9499, 1.0);
}

TEST(FisherCombine, SingleTestIsItself) {
  const double ln_p[] = {std::log(0.03)};
  EXPECT_NEAR(FisherCombine(ln_p), std::log(0.03), 1e-12);
}

TEST(FisherCombine, UniformInputsGiveModerateP) {
  std::vector<double> ln_p(10, std::log(0.5));
  const double p = std::exp(FisherCombine(ln_p));
  EXPECT_GT(p, 0.5);  // ten p = 0.5 is no evidence at all
  EXPECT_LT(p, 1.0);
  EXPECT_EQ(FisherCombine({}), 0.0);
}

TEST(FisherCombine, NegativeInfinityIsClampedNotPropagated) {
  const double ln_p[] = {-INFINITY, std::log(0.2)};
  const double v = FisherCombine(ln_p);
  EXPECT_TRUE(std::isfinite(v));
  EXPECT_LT(v, -1e6);
}

TEST(Bonferroni, AddsLogMAndCapsAtZero) {
  EXPECT_NEAR(BonferroniLog10(-20, 1000), -17, 1e-12);
  EXPECT_EQ(BonferroniLog10(-1, 1000), 0.0);
}

TEST(BayesFactorCap, MethodsNumbers) {
  // 1e-3 → 53, 1e-6 → 2.7e4, 1e-10 → 1.6e8 (METHODS §10).
  EXPECT_NEAR(std::pow(10, Log10BayesFactorCap(-3)), 53, 0.5);
  EXPECT_NEAR(std::pow(10, Log10BayesFactorCap(-6)), 2.7e4, 0.05e4);
  EXPECT_NEAR(std::pow(10, Log10BayesFactorCap(-10)), 1.6e8, 0.05e8);
  EXPECT_EQ(Log10BayesFactorCap(-0.1), 0.0);
  EXPECT_TRUE(std::isfinite(Log10BayesFactorCap(-2000)));
}

}  // namespace
}  // namespace lineage
