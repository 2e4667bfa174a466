#include "weights/statistics/cka.h"

#include <cmath>

#include <gtest/gtest.h>

#include "weights/weights_fixtures.h"

namespace lineage {
namespace {

using testing::GaussianMatrix;
using testing::RotateColumns;

TEST(Cka, BiasedIsHighAndUnbiasedNearZeroForIndependentFeatures) {
  // METHODS §4.4: 200 samples × 4096 isotropic features, biased 0.953, unbiased ≈ 0.
  const MatrixF x = GaussianMatrix(200, 4096, 1), y = GaussianMatrix(200, 4096, 2);
  auto biased = BiasedCka(x.view(), y.view());
  auto unbiased = UnbiasedCka(x.view(), y.view());
  ASSERT_TRUE(biased.ok() && unbiased.ok());
  EXPECT_NEAR(*biased, 0.953, 0.01);
  EXPECT_LT(std::fabs(*unbiased), 0.02);
}

TEST(Cka, InvariantToOrthogonalFeatureTransforms) {
  const MatrixF x = GaussianMatrix(120, 48, 3);
  const MatrixF xq = RotateColumns(x, 4);
  auto c = UnbiasedCka(x.view(), xq.view());
  ASSERT_TRUE(c.ok());
  EXPECT_NEAR(*c, 1.0, 1e-5);
}

TEST(Cka, BadInput) {
  const MatrixF x = GaussianMatrix(10, 4, 1), y = GaussianMatrix(11, 4, 2);
  EXPECT_FALSE(UnbiasedCka(x.view(), y.view()).ok());
  EXPECT_FALSE(UnbiasedCka(GaussianMatrix(3, 4, 1).view(), GaussianMatrix(3, 4, 2).view()).ok());
  EXPECT_FALSE(UnbiasedCka(MatrixF(10, 4).view(), x.view()).ok());  // all-zero features
}

}  // namespace
}  // namespace lineage
