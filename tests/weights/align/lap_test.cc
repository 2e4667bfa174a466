#include "weights/align/lap.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"

namespace lineage {
namespace {

MatrixF RandomMatrix(size_t m, size_t n, uint64_t seed) {
  Rng rng(seed);
  MatrixF c(m, n);
  for (float& x : c.data) x = static_cast<float>(rng.Uniform());
  return c;
}

// Optimal value by enumerating injective maps of the smaller side (tiny sizes only).
double BruteForce(const MatrixF& c, bool maximize) {
  const bool rows_small = c.rows <= c.cols;
  const size_t small = rows_small ? c.rows : c.cols, big = rows_small ? c.cols : c.rows;
  std::vector<int> perm(big);
  std::iota(perm.begin(), perm.end(), 0);
  double best = maximize ? -1e300 : 1e300;
  do {
    double total = 0;
    for (size_t s = 0; s < small; ++s) {
      total += rows_small ? c.at(s, perm[s]) : c.at(perm[s], s);
    }
    best = maximize ? std::max(best, total) : std::min(best, total);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

void ExpectValidAssignment(const Assignment& a, size_t m, size_t n) {
  ASSERT_EQ(a.row_to_col.size(), m);
  ASSERT_EQ(a.col_to_row.size(), n);
  size_t assigned = 0;
  for (size_t i = 0; i < m; ++i) {
    if (a.row_to_col[i] < 0) continue;
    ++assigned;
    EXPECT_EQ(a.col_to_row[a.row_to_col[i]], static_cast<int32_t>(i));
  }
  EXPECT_EQ(assigned, std::min(m, n));
}

TEST(Lap, MatchesBruteForceOnSmallRandomMatrices) {
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    const size_t m = 2 + seed % 6, n = 2 + (seed / 6) % 6;  // square and both rectangular shapes
    const MatrixF c = RandomMatrix(m, n, seed);
    for (Objective obj : {Objective::kMinimize, Objective::kMaximize}) {
      auto a = SolveLap(c.view(), obj);
      ASSERT_TRUE(a.ok());
      ExpectValidAssignment(*a, m, n);
      EXPECT_NEAR(a->total, BruteForce(c, obj == Objective::kMaximize), 1e-5)
          << "seed " << seed << " " << m << "x" << n;
    }
  }
}

TEST(Lap, TiesAndIntegerCosts) {
  // Many ties: every assignment of a constant matrix is optimal.
  MatrixF flat(5, 5);
  std::fill(flat.data.begin(), flat.data.end(), 1.0f);
  auto a = SolveLap(flat.view(), Objective::kMinimize);
  ASSERT_TRUE(a.ok());
  ExpectValidAssignment(*a, 5, 5);
  EXPECT_DOUBLE_EQ(a->total, 5.0);
  // Known optimum: c[i][j] = (i + 1)(j + 1) minimised by the anti-diagonal (rearrangement).
  MatrixF prod(6, 6);
  for (size_t i = 0; i < 6; ++i)
    for (size_t j = 0; j < 6; ++j) prod.at(i, j) = static_cast<float>((i + 1) * (j + 1));
  a = SolveLap(prod.view(), Objective::kMinimize);
  ASSERT_TRUE(a.ok());
  EXPECT_DOUBLE_EQ(a->total, 1 * 6 + 2 * 5 + 3 * 4 + 4 * 3 + 5 * 2 + 6 * 1);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(a->row_to_col[i], static_cast<int32_t>(5 - i));
}

TEST(Lap, RecoversAHiddenPermutationUnderNoise) {
  const size_t n = 300;
  Rng rng(5);
  const auto perm = rng.Permutation(n);
  MatrixF s(n, n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j)
      s.at(i, j) = static_cast<float>(0.1 * rng.Normal() + (perm[i] == static_cast<int32_t>(j)));
  auto a = SolveLap(s.view(), Objective::kMaximize);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->row_to_col, perm);
}

TEST(Lap, LargerRandomAgreesWithDualBound) {
  // No brute force at 200 × 260; check optimality by local 2-swaps (a necessary condition).
  const MatrixF c = RandomMatrix(200, 260, 9);
  auto a = SolveLap(c.view(), Objective::kMinimize);
  ASSERT_TRUE(a.ok());
  ExpectValidAssignment(*a, 200, 260);
  const auto& p = a->row_to_col;
  for (size_t i = 0; i < 200; ++i) {
    for (size_t k = i + 1; k < 200; ++k) {
      EXPECT_LE(c.at(i, p[i]) + c.at(k, p[k]), c.at(i, p[k]) + c.at(k, p[i]) + 1e-6);
    }
    for (size_t j = 0; j < 260; ++j) {
      if (a->col_to_row[j] < 0) {
        EXPECT_LE(c.at(i, p[i]), c.at(i, j) + 1e-6);
      }
    }
  }
}

TEST(Lap, EdgeCasesAndBadInput) {
  MatrixF empty(0, 4);
  auto a = SolveLap(empty.view(), Objective::kMinimize);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->col_to_row, std::vector<int32_t>(4, -1));
  MatrixF bad(2, 2);
  bad.at(1, 0) = NAN;
  auto b = SolveLap(bad.view(), Objective::kMinimize);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("row 1 column 0"), std::string::npos);
  MatrixF one(1, 1);
  one.at(0, 0) = 3;
  a = SolveLap(one.view(), Objective::kMaximize);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->row_to_col[0], 0);
}

}  // namespace
}  // namespace lineage
