#include "stats/rng.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

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

// FillNormal draws pairs in batches of candidates; it must give exactly what one Normal() per entry
// gives, whatever the length's parity, the number of batches (256 candidates each) and whether a
// spare is pending, and leave the same state behind.
TEST(Rng, FillNormalIsNormalPerEntry) {
  for (const size_t len : {0u, 1u, 2u, 7u, 64u, 511u, 512u, 513u, 5001u}) {
    for (const bool spare_pending : {false, true}) {
      Rng bulk(9), single(9);
      if (spare_pending) {
        bulk.Normal();
        single.Normal();
      }
      std::vector<float> got(len);
      bulk.FillNormal(got, 1.5);
      for (size_t i = 0; i < len; ++i) {
        EXPECT_EQ(got[i], static_cast<float>(1.5 * single.Normal())) << len << " " << i;
      }
      EXPECT_EQ(bulk.Normal(), single.Normal()) << len;
      EXPECT_EQ(bulk.Next(), single.Next()) << len;
    }
  }
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

TEST(Rng, SampleRunsGivesKSortedIndicesInAlignedRuns) {
  Rng r(5);
  const std::vector<int32_t> s = r.SampleRuns(2048, 205, 16);
  ASSERT_EQ(s.size(), 205u);
  EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
  EXPECT_EQ(std::set<int32_t>(s.begin(), s.end()).size(), 205u);
  // 13 runs: 12 whole and one of 13, each starting at a multiple of 16.
  size_t runs = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 0 || s[i] != s[i - 1] + 1) {
      ++runs;
      EXPECT_EQ(s[i] % 16, 0) << i;
    }
  }
  EXPECT_LE(runs, 13u);
  // Every place is reachable: over seeds, the runs cover both ends of [0, n).
  std::set<int32_t> seen;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    for (int32_t v : Rng(seed).SampleRuns(64, 16, 16)) seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 64u);
  // Too dense for runs (or run 1): the plain sample, same stream.
  EXPECT_EQ(Rng(9).SampleRuns(100, 99, 16), Rng(9).Sample(100, 99));
  EXPECT_EQ(Rng(9).SampleRuns(100, 30, 1), Rng(9).Sample(100, 30));
  EXPECT_EQ(Rng(9).SampleRuns(10, 0, 4).size(), 0u);
}

}  // namespace
}  // namespace lineage
