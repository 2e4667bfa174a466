#include "weights/statistics/probe_row_space.h"

#include <algorithm>
#include <utility>

#include <gtest/gtest.h>

#include "stats/rng.h"

namespace lineage::testing {
namespace {

// A panel's responses F·Zᵀ have the covariance of probes·G0ᵀ exactly when F·Fᵀ equals
// probes·probesᵀ: for fewer probes than dimensions (the reduction) and for more (no reduction).
TEST(ProbesRowSpaceFactor, ReproducesTheProbesGramMatrix) {
  Rng rng(7);
  for (const auto& [rows, cols] : {std::pair<int, int>{24, 64}, {80, 64}, {64, 64}}) {
    const Mat probes = Gaussian(rows, cols, 1.0, rng);
    const Mat f = ProbesRowSpaceFactor(probes);
    EXPECT_EQ(f.rows(), rows);
    EXPECT_EQ(f.cols(), std::min(rows, cols));
    const Eigen::MatrixXf want = probes * probes.transpose(), got = f * f.transpose();
    EXPECT_LT((got - want).norm(), 1e-5f * want.norm()) << rows << " x " << cols;
  }
}

// With no more dimensions than probes the factor is the probes themselves, bit for bit: narrow
// models' panels draw what they drew before the reduction existed.
TEST(ProbesRowSpaceFactor, LeavesNarrowProbesUnchanged) {
  Rng rng(11);
  const Mat probes = Gaussian(40, 32, 1.0, rng);
  EXPECT_TRUE(ProbesRowSpaceFactor(probes) == probes);
}

}  // namespace
}  // namespace lineage::testing
