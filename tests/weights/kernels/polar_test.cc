#include "weights/kernels/polar.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>
#include <Eigen/SVD>

#include "stats/rng.h"

namespace lineage {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

MatrixF Random(size_t n, uint64_t seed) {
  Rng rng(seed);
  MatrixF m(n, n);
  for (float& v : m.data) v = static_cast<float>(rng.Normal());
  return m;
}

TEST(PolarFactorTest, IsTheOrthogonalFactorOfTheSvd) {
  for (size_t n : {1, 5, 64, 131}) {
    const MatrixF m = Random(n, n);
    Result<MatrixF> r = PolarFactor(m);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const Eigen::Map<const RowMajor> got(r->data.data(), n, n);
    const Eigen::MatrixXd md = Eigen::Map<const RowMajor>(m.data.data(), n, n).cast<double>();
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(md, Eigen::ComputeFullU | Eigen::ComputeFullV);
    const Eigen::MatrixXd want = svd.matrixU() * svd.matrixV().transpose();
    EXPECT_LE((got.cast<double>() - want).cwiseAbs().maxCoeff(), 2e-4) << "n = " << n;
    const Eigen::MatrixXd gram = got.cast<double>().transpose() * got.cast<double>();
    EXPECT_LE((gram - Eigen::MatrixXd::Identity(n, n)).cwiseAbs().maxCoeff(), 1e-4);
  }
}

TEST(PolarFactorTest, OfAnOrthogonalTimesASymmetricPositiveMatrixIsTheOrthogonal) {
  // M = Q S with S symmetric positive definite has polar factor Q, whatever S's spread.
  const size_t n = 40;
  Result<MatrixF> q = PolarFactor(Random(n, 3));  // some orthogonal Q
  ASSERT_TRUE(q.ok());
  const Eigen::Map<const RowMajor> qm(q->data.data(), n, n);
  Eigen::VectorXf spread(n);
  for (size_t j = 0; j < n; ++j) spread(j) = 0.01f + static_cast<float>(j);
  const RowMajor s = qm.transpose() * spread.asDiagonal() * qm;
  const RowMajor qs = qm * s;
  Result<MatrixF> polar =
      PolarFactor(MatrixF(std::vector<float>(qs.data(), qs.data() + n * n), n, n));
  ASSERT_TRUE(polar.ok());
  EXPECT_LE((Eigen::Map<const RowMajor>(polar->data.data(), n, n) - qm).cwiseAbs().maxCoeff(),
            1e-4);
}

TEST(PolarFactorTest, BadInputIsAnError) {
  EXPECT_FALSE(PolarFactor(MatrixF(3, 4)).ok());
  EXPECT_FALSE(PolarFactor(MatrixF()).ok());
  MatrixF m = Random(4, 1);
  m.at(2, 3) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(PolarFactor(m).ok());
}

}  // namespace
}  // namespace lineage
