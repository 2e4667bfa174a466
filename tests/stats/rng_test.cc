#include "stats/rng.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(Rng, DeterministicInTheSeed) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 10; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    EXPECT_NE(x, c.Next());
  }
  EXPECT_EQ(Rng(5).Fork(3).Next(), Rng(5).Fork(3).Next());
  EXPECT_NE(Rng(5).Fork(3).Next(), Rng(5).Fork(4).Next());
}

TEST(Rng, BelowIsUniformEnough) {
  Rng r(1);
  std::vector<int> count(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) ++count[r.Below(7)];
  for (int c : count) EXPECT_NEAR(c, n / 7.0, 5 * std::sqrt(n / 7.0));
}

TEST(Rng, NormalMoments) {
  Rng r(2);
  double s = 0, s2 = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double x = r.Normal();
    s += x;
    s2 += x * x;
  }
  EXPECT_NEAR(s / n, 0, 0.02);
  EXPECT_NEAR(s2 / n, 1, 0.02);
}

TEST(Rng, SampleAndPermutation) {
  Rng r(3);
  auto s = r.Sample(100, 30);
  EXPECT_EQ(s.size(), 30u);
  EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
  EXPECT_EQ(std::set<int32_t>(s.begin(), s.end()).size(), 30u);
  auto p = r.Permutation(50);
  std::sort(p.begin(), p.end());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(p[i], i);
}

}  // namespace
}  // namespace lineage
