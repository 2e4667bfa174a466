#include "stats/binomial_bound.h"

#include <cmath>

#include <gtest/gtest.h>

namespace lineage {
namespace {

// Reference values: the α quantile of Beta(k, n − k + 1), computed independently by bisection on
// the exact binomial tail in Python; k = n has the closed form α^(1/n).
TEST(ClopperPearsonLower, AllDetectedIsTheClosedForm) {
  EXPECT_NEAR(ClopperPearsonLower(29, 29, 0.95), 0.9018, 1e-4);
  EXPECT_NEAR(ClopperPearsonLower(3, 3, 0.95), 0.3684, 1e-4);
  EXPECT_NEAR(ClopperPearsonLower(59, 59, 0.99), std::pow(0.01, 1.0 / 59), 1e-9);
}

TEST(ClopperPearsonLower, PartialDetectionsMatchTheBetaQuantile) {
  EXPECT_NEAR(ClopperPearsonLower(28, 29, 0.95), 0.8466, 1e-4);
  EXPECT_NEAR(ClopperPearsonLower(5, 10, 0.95), 0.2224, 1e-4);
  EXPECT_NEAR(ClopperPearsonLower(1, 20, 0.95), 0.002561, 1e-5);
}

TEST(ClopperPearsonLower, NoDetectionsOrInvalidInputClaimNothing) {
  EXPECT_EQ(ClopperPearsonLower(0, 29, 0.95), 0.0);
  EXPECT_EQ(ClopperPearsonLower(0, 1, 0.95), 0.0);
  EXPECT_EQ(ClopperPearsonLower(3, 0, 0.95), 0.0);
  EXPECT_EQ(ClopperPearsonLower(4, 3, 0.95), 0.0);
  EXPECT_EQ(ClopperPearsonLower(3, 3, 1.0), 0.0);
}

TEST(ClopperPearsonLower, TheBoundHasTheStatedCoverage) {
  // At p = L the probability of k or more detections is α: the definition, checked directly.
  const int n = 29, k = 26;
  const double l = ClopperPearsonLower(k, n, 0.95);
  double tail = 0;
  for (int j = k; j <= n; ++j) {
    tail += std::exp(std::lgamma(n + 1.0) - std::lgamma(j + 1.0) - std::lgamma(n - j + 1.0) +
                     j * std::log(l) + (n - j) * std::log1p(-l));
  }
  EXPECT_NEAR(tail, 0.05, 1e-6);
  EXPECT_LT(l, ClopperPearsonLower(k + 1, n, 0.95));
}

TEST(ProportionInterval, MatchesPublishedClopperPearsonIntervals) {
  // Two-sided 95 % Clopper–Pearson: 5/10 → [0.1871, 0.8129]; 0/10 → [0, 0.3085]; 10/10 →
  // [0.6915, 1] (the usual tables).
  const Interval half = ProportionInterval(5, 10, 0.95);
  EXPECT_NEAR(half.low, 0.187086, 1e-5);
  EXPECT_NEAR(half.high, 0.812914, 1e-5);
  const Interval none = ProportionInterval(0, 10, 0.95);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.308497, 1e-5);
  const Interval all = ProportionInterval(10, 10, 0.95);
  EXPECT_NEAR(all.low, 0.691503, 1e-5);
  EXPECT_NEAR(all.high, 1.0, 1e-12);
  EXPECT_EQ(ClopperPearsonUpper(3, 0, 0.95), 1.0);
}

}  // namespace
}  // namespace lineage
