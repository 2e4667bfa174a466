#include "weights/align/half_products.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"
#include "weights/source/weight_source.h"

namespace lineage {
namespace {

// Pearson correlation of column i of x with column j of y, over `rows`, in double.
double Pearson(const Mat& x, const Mat& y, const std::vector<int32_t>& rows, Eigen::Index i,
               Eigen::Index j, bool centre) {
  double mx = 0, my = 0;
  if (centre) {
    for (int32_t r : rows) mx += x(r, i), my += y(r, j);
    mx /= static_cast<double>(rows.size());
    my /= static_cast<double>(rows.size());
  }
  double sxy = 0, sxx = 0, syy = 0;
  for (int32_t r : rows) {
    const double dx = x(r, i) - mx, dy = y(r, j) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / std::sqrt(sxx * syy);
}

struct Pair {
  Mat a, b;
  std::vector<int32_t> fit, score, all;
};

// b shares half of a's columns (with noise) and has an offset: the correlations are neither all
// zero nor all one, and a half's mean is far from 0 unless it is taken out.
Pair MakePair() {
  Rng rng(11);
  Pair p;
  p.a = Gaussian(200, 6, 1.0, rng);
  p.b = Gaussian(200, 5, 1.0, rng);
  for (Eigen::Index r = 0; r < 200; ++r) {
    p.b(r, 0) += 2 * p.a(r, 3);
    p.b(r, 4) -= p.a(r, 1);
  }
  p.a.array() += 3.0f;
  for (int32_t r = 0; r < 200; ++r) {
    (r % 3 == 0 ? p.score : p.fit).push_back(r);
    p.all.push_back(r);
  }
  return p;
}

TEST(HalfProducts, HalfCorrelationIsThePearsonCorrelationOfTheHalf) {
  const Pair p = MakePair();
  Result<HalfProducts> fit = MultiplyHalf(p.a, p.b, p.fit);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  const Mat corr = HalfCorrelation(*fit);
  ASSERT_EQ(corr.rows(), 6);
  ASSERT_EQ(corr.cols(), 5);
  for (Eigen::Index i = 0; i < 6; ++i)
    for (Eigen::Index j = 0; j < 5; ++j)
      EXPECT_NEAR(corr(i, j), Pearson(p.a, p.b, p.fit, i, j, true), 1e-4) << i << "," << j;
  EXPECT_GT(corr(3, 0), 0.8);
  EXPECT_LT(corr(1, 4), -0.5);
}

TEST(HalfProducts, BothHalvesGiveTheCorrelationOverAllRowsOfCentredColumns) {
  Pair p = MakePair();
  p.a.rowwise() -= p.a.colwise().mean();
  p.b.rowwise() -= p.b.colwise().mean();
  Result<HalfProducts> fit = MultiplyHalf(p.a, p.b, p.fit);
  Result<HalfProducts> score = MultiplyHalf(p.a, p.b, p.score);
  ASSERT_TRUE(fit.ok() && score.ok());
  const Mat corr = AllRowsCorrelation(*fit, *score);
  for (Eigen::Index i = 0; i < 6; ++i)
    for (Eigen::Index j = 0; j < 5; ++j)
      EXPECT_NEAR(corr(i, j), Pearson(p.a, p.b, p.all, i, j, false), 1e-4) << i << "," << j;
}

TEST(HalfProducts, AConstantColumnCorrelatesZeroAndBadRowsAreRefused) {
  Pair p = MakePair();
  p.a.col(2).setConstant(1.1f);  // not a power of two: its mean is not exact in float
  Result<HalfProducts> fit = MultiplyHalf(p.a, p.b, p.fit);
  ASSERT_TRUE(fit.ok());
  const Mat corr = HalfCorrelation(*fit);
  for (Eigen::Index j = 0; j < 5; ++j) EXPECT_NEAR(corr(2, j), 0.0, 1e-3);
  EXPECT_FALSE(MultiplyHalf(p.a, p.b, {0, 200}).ok());
  EXPECT_FALSE(MultiplyHalf(p.a, Mat(p.b.topRows(10)), p.fit).ok());
}

}  // namespace
}  // namespace lineage
