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

}  // namespace
}  // namespace lineage
