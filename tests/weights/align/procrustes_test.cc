#include "weights/align/procrustes.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "weights/kernels/kernels.h"
#include "weights/weights_fixtures.h"

namespace lineage {
namespace {

using testing::AddNoise;
using testing::GaussianMatrix;
using testing::RotateColumns;

TEST(Procrustes, RecoversARotation) {
  const MatrixF a = GaussianMatrix(300, 24, 1);
  const MatrixF b = RotateColumns(a, 2);  // b = a Q
  auto r = OrthogonalProcrustes(a.view(), b.view());
  ASSERT_TRUE(r.ok());
  auto cos = MeanRowCosineAfter(a.view(), r->view(), b.view(), {});
  ASSERT_TRUE(cos.ok());
  EXPECT_NEAR(*cos, 1.0, 1e-5);
  // R is orthogonal: RᵀR = I.
  for (size_t i = 0; i < 24; ++i)
    for (size_t j = 0; j < 24; ++j) {
      double dot = 0;
      for (size_t k = 0; k < 24; ++k) dot += r->at(k, i) * r->at(k, j);
      EXPECT_NEAR(dot, i == j ? 1.0 : 0.0, 1e-5);
    }
}

TEST(Procrustes, HoldoutSeparatesRotatedFromIndependent) {
  const size_t n = 400, d = 32;
  const MatrixF a = GaussianMatrix(n, d, 3);
  const MatrixF rotated = AddNoise(RotateColumns(a, 4), 0.5, 5);
  const MatrixF indep = GaussianMatrix(n, d, 6);
  std::vector<int32_t> fit, score;
  for (int32_t i = 0; i < static_cast<int32_t>(n); ++i) (i % 2 ? score : fit).push_back(i);
  auto derived = ProcrustesHoldout(a.view(), rotated.view(), fit, score, 10, 7);
  auto independent = ProcrustesHoldout(a.view(), indep.view(), fit, score, 10, 7);
  ASSERT_TRUE(derived.ok() && independent.ok());
  EXPECT_GT(derived->value, 0.8);
  EXPECT_LT(derived->identity_value, 0.5);  // the rotation hides the relation from R = I
  EXPECT_GT(derived->z, 10);
  EXPECT_LT(std::fabs(independent->z), 5);
  EXPECT_EQ(independent->shuffles, 10);
}

// A set cancel flag stops the shuffle null between refits (each a d × d SVD that a loaded machine
// can stretch to seconds), and an unset one changes nothing.
TEST(Procrustes, TheShuffleNullStopsWhenCancelled) {
  const MatrixF a = GaussianMatrix(200, 16, 8), b = GaussianMatrix(200, 16, 9);
  std::vector<int32_t> fit, score;
  for (int32_t i = 0; i < 200; ++i) (i % 2 ? score : fit).push_back(i);
  CancelFlag flag;
  auto running = ProcrustesShuffleNull(a.view(), b.view(), fit, score, 5, 1, &flag);
  auto plain = ProcrustesShuffleNull(a.view(), b.view(), fit, score, 5, 1);
  ASSERT_TRUE(running.ok() && plain.ok());
  EXPECT_EQ(running->mean, plain->mean);
  EXPECT_EQ(running->sd, plain->sd);
  flag.Cancel();
  auto stopped = ProcrustesShuffleNull(a.view(), b.view(), fit, score, 5, 1, &flag);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().code(), Status::Code::kCancelled);
}

// Paired row lists fit on those rows only, the same as fitting their gathered copies.
TEST(Procrustes, RowListsFitTheGatheredRows) {
  const MatrixF a = GaussianMatrix(2500, 16, 8);  // more rows than one chunk of 1024
  const MatrixF b = AddNoise(RotateColumns(a, 9), 0.2, 10);
  std::vector<int32_t> rows_a, rows_b;
  for (int32_t i = 2499; i >= 0; i -= 3) {
    rows_a.push_back(i);
    rows_b.push_back(i);
  }
  std::swap(rows_b[0], rows_b[5]);  // a re-pairing, as the shuffle null makes
  auto listed = OrthogonalProcrustes(a.view(), b.view(), rows_a, rows_b);
  auto gathered = OrthogonalProcrustes(GatherRows(a.view(), rows_a).view(),
                                       GatherRows(b.view(), rows_b).view());
  ASSERT_TRUE(listed.ok() && gathered.ok());
  for (size_t k = 0; k < listed->data.size(); ++k)
    EXPECT_NEAR(listed->data[k], gathered->data[k], 1e-5);
  EXPECT_FALSE(OrthogonalProcrustes(a.view(), b.view(), rows_a, {}).ok());  // unpaired
}

TEST(Procrustes, BadInput) {
  EXPECT_FALSE(
      OrthogonalProcrustes(GaussianMatrix(5, 3, 1).view(), GaussianMatrix(5, 4, 1).view()).ok());
  const MatrixF a = GaussianMatrix(6, 3, 1);
  const std::vector<int32_t> bad = {0, 9};
  EXPECT_FALSE(ProcrustesHoldout(a.view(), a.view(), bad, bad, 2, 1).ok());
}

}  // namespace
}  // namespace lineage
