#include "weights/kernels/kernels.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"
#include "weights/weights_fixtures.h"

namespace lineage {
namespace {

using testing::GaussianVector;
TEST(Kernels, SmallExactValues) {
  const std::vector<float> a = {1, 2, 3}, b = {2, 4, 6}, c = {3, 2, 1};
  EXPECT_DOUBLE_EQ(Dot(a, b), 28);
  EXPECT_NEAR(Cosine(a, b), 1.0, 1e-15);
  EXPECT_NEAR(Pearson(a, c), -1.0, 1e-15);
  EXPECT_NEAR(RelL2(a, b), std::sqrt(14.0) / std::sqrt(56.0), 1e-15);
  const std::vector<float> zero = {0, 0, 0};
  EXPECT_EQ(Cosine(a, zero), 0.0);
  EXPECT_EQ(Pearson(a, zero), 0.0);
  EXPECT_FALSE(ComparePair(a, std::vector<float>{1, 2}).ok());
}

TEST(Kernels, LargeMeanDoesNotDestroyPearson) {
  // Two vectors with mean 1000 and spread 1, correlated at exactly rho = 0.6 by construction;
  // naive single-pass float sums lose this entirely.
  const size_t n = 1 << 20;
  const auto x = GaussianVector(n, 0, 1, 1), e = GaussianVector(n, 0, 1, 2);
  std::vector<float> a(n), b(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = 1000.0f + x[i];
    b[i] = 1000.0f + 0.6f * x[i] + 0.8f * e[i];
  }
  EXPECT_NEAR(Pearson(a, b), 0.6, 0.005);
  EXPECT_NEAR(Cosine(a, b), 1.0, 1e-5);
}

TEST(Kernels, ParallelEqualsSerial) {
  const size_t n = 3'000'001;
  const auto a = GaussianVector(n, 0.5, 1, 3), b = GaussianVector(n, 0.5, 1, 4);
  ThreadPool pool(2);
  auto p = ComparePair(pool, a, b);
  auto s = ComparePair(a, b);
  ASSERT_TRUE(p.ok() && s.ok());
  EXPECT_NEAR(p->pearson, s->pearson, 1e-12);
  EXPECT_NEAR(p->cosine, s->cosine, 1e-12);
  EXPECT_NEAR(p->rel_l2, s->rel_l2, 1e-12);
  EXPECT_EQ(p->n, n);
  EXPECT_NEAR(p->sd_a, 1.0, 0.01);
}

TEST(Kernels, NonFiniteElementsAreCountedAndSkipped) {
  std::vector<float> a = {1, 2, NAN, 4}, b = {1, 2, 3, INFINITY};
  const PairStats s = Summarize(AccumulatePair(a, b));
  EXPECT_EQ(s.non_finite, 2u);
  EXPECT_EQ(s.n, 2u);
  EXPECT_TRUE(std::isfinite(s.cosine));
}

TEST(Kernels, CosineMatrixAndArgmax) {
  const size_t m = 37, n = 53, d = 16;
  Rng rng(5);
  MatrixF a(m, d), b(n, d);
  rng.FillNormal(a.data, 1.0);
  rng.FillNormal(b.data, 1.0);
  b.at(7, 0) = 0;  // a few edge rows
  for (size_t j = 0; j < d; ++j) b.at(9, j) = 0;
  auto c = CosineMatrix(a.view(), b.view());
  ASSERT_TRUE(c.ok());
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) EXPECT_NEAR(c->at(i, j), Cosine(a.row(i), b.row(j)), 1e-5);
  const auto arg = RowArgmax(c->view());
  auto streamed = CosineRowArgmax(a.view(), b.view(), 8);
  ASSERT_TRUE(streamed.ok());
  for (size_t i = 0; i < m; ++i) {
    EXPECT_EQ(streamed->index[i], arg[i]);
    for (size_t j = 0; j < n; ++j) EXPECT_LE(c->at(i, j), c->at(i, arg[i]));
  }
  // B normalised once by the caller: the same matches and cosines, bit for bit.
  const MatrixF unit_b = NormalizeRows(b.view());
  auto unit = CosineRowArgmaxUnitB(a.view(), unit_b.view(), 8);
  ASSERT_TRUE(unit.ok());
  EXPECT_EQ(unit->index, streamed->index);
  EXPECT_EQ(unit->value, streamed->value);
  EXPECT_FALSE(CosineRowArgmaxUnitB(a.view(), MatrixF(3, 5).view()).ok());
  EXPECT_FALSE(CosineMatrix(a.view(), MatrixF(3, 5).view()).ok());
}

// The one-pass rule RowArgmax states: replace on a strictly larger value, or on the first non-NaN.
int32_t OnePassArgmax(const float* r, size_t n) {
  int32_t idx = -1;
  float best = -std::numeric_limits<float>::infinity();
  for (size_t j = 0; j < n; ++j) {
    if (r[j] > best || (idx < 0 && !std::isnan(r[j]))) {
      best = r[j];
      idx = static_cast<int32_t>(j);
    }
  }
  return idx;
}

TEST(Kernels, RowArgmaxKeepsTheFirstLargestAndNeverANaN) {
  Rng rng(31);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  // Values drawn from a small set, so ties, NaNs, ±inf and both zeros meet in most rows.
  const float pool[] = {nan, -inf, inf, -0.0f, 0.0f, -1.0f, 1.0f, 2.5f, 2.5f};
  for (size_t cols : {0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 64, 65}) {
    MatrixF m(300, cols);
    for (float& v : m.data) {
      const uint64_t k = rng.Below(std::size(pool) + 2);
      v = k < std::size(pool) ? pool[k] : static_cast<float>(rng.Normal());
    }
    // Rows of one kind only: all NaN, all -inf, all NaN but the last.
    for (size_t j = 0; j < cols; ++j) {
      m.at(0, j) = nan;
      m.at(1, j) = -inf;
      m.at(2, j) = j + 1 == cols ? -inf : nan;
    }
    const std::vector<int32_t> got = RowArgmax(m.view());
    for (size_t i = 0; i < m.rows; ++i) {
      EXPECT_EQ(got[i], OnePassArgmax(m.data.data() + i * cols, cols)) << cols << " row " << i;
    }
  }
}

// Bitwise equality of every moment (memcmp: NaN-safe and sign-of-zero exact).
void ExpectSameBits(const PairMoments& got, const PairMoments& want) {
  EXPECT_EQ(got.n, want.n);
  EXPECT_EQ(got.non_finite, want.non_finite);
  for (auto field : {&PairMoments::mean_a, &PairMoments::mean_b, &PairMoments::m2_a,
                     &PairMoments::m2_b, &PairMoments::c_ab, &PairMoments::dot, &PairMoments::sq_a,
                     &PairMoments::sq_b, &PairMoments::sq_diff}) {
    EXPECT_EQ(std::memcmp(&(got.*field), &(want.*field), sizeof(double)), 0)
        << got.*field << " vs " << want.*field;
  }
}

// The AVX2 variant of the pair kernel must give the baseline's bits: same lanes, same order, no
// fused multiply-add. Lengths off the lane and block sizes, a large common mean, and non-finite
// elements (the slow path) are all covered.
TEST(Kernels, DispatchedPairKernelEqualsBaselineBitForBit) {
  if (!CpuRuns(KernelIsa::kAvx2)) GTEST_SKIP() << "this CPU has no AVX2: only the baseline runs";
  for (size_t n : {size_t{1}, size_t{7}, size_t{4096}, size_t{4097}, size_t{100003}}) {
    auto a = GaussianVector(n, 3.0, 1.0, n), b = GaussianVector(n, -2.0, 0.5, n + 1);
    if (n > 100) {
      a[n / 3] = std::nanf("");
      b[n / 2] = INFINITY;
    }
    const PairMoments base = AccumulatePairWith(KernelIsa::kBaseline, a, b);
    const PairMoments avx2 = AccumulatePairWith(KernelIsa::kAvx2, a, b);
    SCOPED_TRACE(n);
    ExpectSameBits(avx2, base);
    // The public entry point takes the dispatched path: the same bits again.
    EXPECT_EQ(AccumulatePair(a, b).dot, base.dot);
  }
}

TEST(Kernels, AccumulatorFedInPiecesEqualsOneCallOnTheWholeBitForBit) {
  const size_t n = 3 * 4096 + 1234;
  auto a = GaussianVector(n, 5.0, 2.0, 11), b = GaussianVector(n, -1.0, 0.3, 12);
  a[4095] = std::nanf("");  // a skipped pair on a block's last entry
  b[9000] = -INFINITY;
  const PairMoments whole = AccumulatePair(a, b);
  // Pieces that straddle block boundaries, land on them, are empty, or span several blocks.
  for (uint64_t seed : {1u, 2u, 3u}) {
    Rng rng(seed);
    PairAccumulator acc;
    size_t at = 0;
    while (at < n) {
      const size_t len = std::min<size_t>(n - at, rng.Below(seed == 3 ? 20000 : 5000));
      acc.Add(std::span(a).subspan(at, len), std::span(b).subspan(at, len));
      at += len;
    }
    SCOPED_TRACE(seed);
    ExpectSameBits(acc.Finish(), whole);
  }
  // Finish does not consume: more pieces continue the same stream.
  PairAccumulator acc;
  acc.Add(std::span(a).first(5000), std::span(b).first(5000));
  ExpectSameBits(acc.Finish(), AccumulatePair(std::span(a).first(5000), std::span(b).first(5000)));
  acc.Add(std::span(a).subspan(5000), std::span(b).subspan(5000));
  ExpectSameBits(acc.Finish(), whole);
  ExpectSameBits(PairAccumulator().Finish(), PairMoments{});
}

}  // namespace
}  // namespace lineage
