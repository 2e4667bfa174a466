// The super-uniformity harness itself: it passes valid p-values and catches anti-conservative ones.
#include "stats/super_uniformity.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"

namespace lineage {
namespace {

constexpr double kAlphas[] = {0.01, 0.05, 0.1};

TEST(SuperUniformity, BinomialQuantileMatchesKnownValues) {
  // Bin(200, 0.05): mean 10; P(X > 21) ≈ 4.8e-4 ≤ 1e-3 < P(X > 20) ≈ 1.16e-3.
  EXPECT_EQ(BinomialUpperQuantile(200, 0.05, 0.999), 21);
  EXPECT_EQ(BinomialUpperQuantile(10, 0.5, 0.5), 5);
  EXPECT_EQ(BinomialUpperQuantile(5, 1e-9, 0.999), 0);
}

std::vector<double> Uniform(int n, uint64_t seed, double power) {
  Rng rng(seed);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(std::log10(std::pow(rng.Uniform() + 1e-300, power)));
  return out;
}

TEST(SuperUniformity, UniformAndConservativePValuesPass) {
  for (double power : {1.0, 0.5}) {  // p = U^0.5 ≥ U is conservative
    for (const SuperUniformityRow& row : CheckSuperUniform(Uniform(400, 11, power), kAlphas)) {
      EXPECT_TRUE(row.ok) << row.alpha << ": " << row.rejections << " > " << row.bound;
    }
  }
}

TEST(SuperUniformity, AntiConservativePValuesFail) {
  // p = U^2 rejects with probability √α: 0.1 at α = 0.01.
  std::vector<SuperUniformityRow> rows = CheckSuperUniform(Uniform(400, 12, 2.0), kAlphas);
  for (const SuperUniformityRow& row : rows) EXPECT_FALSE(row.ok) << row.alpha;
}

}  // namespace
}  // namespace lineage
