// Kernels added for the speed of `lineage weights`: each must equal the slower way it
// replaces — the row-major z-score vs a column walk, the prepared gate/up side vs the four-matrix
// call, stacked hit counts vs one call per control. (Streamed embedding rows: source/.)
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "test_util.h"
#include "weights/kernels/kernels.h"
#include "weights/statistics/gate_up_consistency.h"
#include "weights/statistics/unit_identity.h"
#include "weights/weights_fixtures.h"

namespace lineage {
namespace {

using testing::AddNoise;
using testing::GaussianMatrix;

// The column walk the row-major z-score replaced.
MatrixF ZScoreByColumnWalk(const MatrixF& m) {
  MatrixF out(m.rows, m.cols);
  for (size_t j = 0; j < m.cols; ++j) {
    double mean = 0, ss = 0;
    for (size_t i = 0; i < m.rows; ++i) mean += m.at(i, j);
    mean /= static_cast<double>(m.rows);
    for (size_t i = 0; i < m.rows; ++i) ss += (m.at(i, j) - mean) * (m.at(i, j) - mean);
    const double sd = std::sqrt(ss / static_cast<double>(m.rows));
    for (size_t i = 0; i < m.rows; ++i) {
      out.at(i, j) = static_cast<float>((m.at(i, j) - mean) * (sd > 0 ? 1.0 / sd : 0.0));
    }
  }
  return out;
}

TEST(RowMajorZScore, EqualsTheColumnWalkExactly) {
  MatrixF m = GaussianMatrix(37, 53, 11);
  for (size_t j = 0; j < m.cols; ++j) m.at(3, j) += 100.0f;  // large offsets in one row
  for (size_t i = 0; i < m.rows; ++i) m.at(i, 5) = 2.5f;     // constant column → zeros
  const MatrixF fast = ZScoreColumns(m.view()), ref = ZScoreByColumnWalk(m);
  EXPECT_EQ(fast.data, ref.data);
  for (size_t i = 0; i < m.rows; ++i) EXPECT_EQ(fast.at(i, 5), 0.0f);
}

TEST(PreparedGateUpSide, SameResultAsTheFourMatrixCall) {
  const MatrixF x = GaussianMatrix(64, 24, 1);
  const MatrixF ga = GaussianMatrix(40, 24, 2), ua = GaussianMatrix(40, 24, 3);
  const MatrixF gb = AddNoise(ga, 0.7, 4), ub = AddNoise(ua, 0.7, 5);
  auto resp = [&](const MatrixF& w) { return MatMul(x.view(), w.view(), false, true).value(); };
  const MatrixF rga = resp(ga), rua = resp(ua), rgb = resp(gb), rub = resp(ub);
  Result<GateUpResult> direct = GateUpConsistency(rga.view(), rua.view(), rgb.view(), rub.view());
  Result<GateUpSide> side = PrepareGateUpSide(rgb.view(), rub.view());
  ASSERT_TRUE(direct.ok() && side.ok());
  Result<GateUpResult> prepared = GateUpConsistency(rga.view(), rua.view(), *side);
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ(prepared->agreement, direct->agreement);
  EXPECT_EQ(prepared->match_gate, direct->match_gate);
  EXPECT_EQ(prepared->match_up, direct->match_up);
  EXPECT_GT(direct->agreement, 0.5);  // a noised copy: the test can see a difference
  // Probe counts must match the prepared side.
  const MatrixF short_x = GaussianMatrix(10, 24, 6);
  const MatrixF sg = MatMul(short_x.view(), ga.view(), false, true).value();
  EXPECT_FALSE(GateUpConsistency(sg.view(), sg.view(), *side).ok());
}

TEST(StackedHitCounts, EachGroupEqualsItsOwnCountHits) {
  const size_t h = 120, k = 32, m = 20;
  const MatrixF b = GaussianMatrix(h, k, 7);
  UnitIdentityOptions uo;
  uo.sample_m = static_cast<int64_t>(m);
  const std::vector<int32_t> rows = HitSampleRows(static_cast<int64_t>(h), uo);
  ASSERT_EQ(rows.size(), m);
  // Group 0: b's rows lightly noised (many hits); group 1: unrelated rows (chance).
  const MatrixF near = AddNoise(GatherRows(b.view(), rows), 0.2, 8);
  const MatrixF far = GaussianMatrix(m, k, 9);
  MatrixF stacked(2 * m, k);
  std::copy(near.data.begin(), near.data.end(), stacked.data.begin());
  std::copy(far.data.begin(), far.data.end(), stacked.data.begin() + m * k);
  Result<std::vector<UnitIdentityResult>> both = CountHitsEach(stacked.view(), 2, rows, b.view());
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 2u);
  Result<UnitIdentityResult> r0 = CountHits(near.view(), rows, b.view());
  Result<UnitIdentityResult> r1 = CountHits(far.view(), rows, b.view());
  ASSERT_TRUE(r0.ok() && r1.ok());
  EXPECT_EQ((*both)[0].hits, r0->hits);
  EXPECT_EQ((*both)[1].hits, r1->hits);
  EXPECT_EQ((*both)[0].hit_log10_p, r0->hit_log10_p);
  EXPECT_GT(r0->hits, r1->hits);
  EXPECT_FALSE(CountHitsEach(stacked.view(), 3, rows, b.view()).ok());  // 40 rows ≠ 3 × 20
}

TEST(FiniteSd, SkipsNonFiniteValues) {
  MatrixF m(1, 5);
  m.data = {1, 2, 3, NAN, INFINITY};
  EXPECT_NEAR(FiniteSd(m.view()), std::sqrt(2.0 / 3.0), 1e-12);
  MatrixF one(1, 1);
  one.data = {4};
  EXPECT_EQ(FiniteSd(one.view()), 0.0);
}

}  // namespace
}  // namespace lineage
