#include "stats/unit_tests.h"

#include <cmath>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"

namespace lineage {
namespace {

TEST(HitCount, MethodsNumbers) {
  // K = 10: log10 p <= -6.56 when m = h, -13.9 when m = 2048 of h = 11008 (METHODS §4.2).
  EXPECT_NEAR(HitCountLog10PBound(10, 11008, 11008), -6.56, 0.005);
  EXPECT_NEAR(HitCountLog10PBound(10, 2048, 11008), -13.9, 0.05);
  EXPECT_EQ(HitCountLog10PBound(0, 2048, 11008), 0.0);
  EXPECT_EQ(HitCountLog10PBound(1, 10, 10), 0.0);   // one hit among all rows is no evidence
  EXPECT_EQ(HitCountLog10PBound(11, 10, 10), 0.0);  // inconsistent counts never claim evidence
  EXPECT_EQ(HitCountLog10PBound(5, 20, 10), 0.0);
}

TEST(HitCount, BoundIsValidAgainstSimulation) {
  // Under H0 (random permutations), P(K >= k) must not exceed the bound.
  Rng rng(7);
  const int h = 50, trials = 20000;
  std::vector<int> at_least(6, 0);
  for (int t = 0; t < trials; ++t) {
    auto p = rng.Permutation(h);
    int k = 0;
    for (int i = 0; i < h; ++i) k += p[i] == i;
    for (int j = 0; j < 6; ++j) at_least[j] += k >= j;
  }
  for (int k = 1; k < 6; ++k) {
    const double freq = static_cast<double>(at_least[k]) / trials;
    EXPECT_LE(freq, std::pow(10, HitCountLog10PBound(k, h, h)) + 0.01) << k;
  }
}

TEST(Spearman, IdentityAndReversal) {
  std::vector<int32_t> id(100);
  std::iota(id.begin(), id.end(), 0);
  EXPECT_DOUBLE_EQ(SpearmanOfAssignment(id), 1.0);
  std::vector<int32_t> rev(id.rbegin(), id.rend());
  EXPECT_NEAR(SpearmanOfAssignment(rev), -1.0, 1e-12);
  EXPECT_NEAR(SpearmanOfPairs(id, id), 1.0, 1e-12);
}

TEST(Spearman, WorkedExample) {
  EXPECT_NEAR(SpearmanZ(0.99, 11008), 103.9, 0.05);
  EXPECT_NEAR(SpearmanLog10P(0.99, 11008), -2345, 1.0);
  EXPECT_NEAR(SpearmanLog10P(0, 11008), std::log10(0.5), 1e-9);
}

TEST(Spearman, PermutationNullRejectsIdentityAndAcceptsRandom) {
  const PermutationP hit = SpearmanPermutationNull(1.0, 20, 999, 1);
  EXPECT_EQ(hit.exceed, 0);
  EXPECT_NEAR(hit.log10_p, -3.0, 1e-9);
  Rng rng(3);
  const auto p = rng.Permutation(20);
  const PermutationP random = SpearmanPermutationNull(SpearmanOfAssignment(p), 20, 999, 2);
  EXPECT_GT(random.log10_p, -2.0);  // a random permutation is unremarkable (seeded, so stable)
}

}  // namespace
}  // namespace lineage
