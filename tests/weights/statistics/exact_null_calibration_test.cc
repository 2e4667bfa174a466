// Acceptance (issue 13): the p-values of every exact test are super-uniform under H0 on ≥ 200
// seeded independent random pairs: P(p ≤ α) ≤ α at α = 0.01, 0.05, 0.1 within the one-sided
// 99.9 % binomial bound (stats/super_uniformity.h). Fixed seeds; about 2 s of CI on one core.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stats/combine.h"
#include "stats/rng.h"
#include "stats/super_uniformity.h"
#include "weights/statistics/unit_identity.h"

namespace lineage {
namespace {

constexpr int kPairs = 200;
constexpr double kAlphas[] = {0.01, 0.05, 0.1};

MatrixF RandomUnits(size_t h, size_t k, Rng& rng) {
  MatrixF m(h, k);
  rng.FillNormal(m.data, 1.0);
  return m;
}

struct NullDraws {
  std::vector<double> hits, spearman, fisher;
};

// Independent pairs: two unrelated unit matrices per block, `blocks` blocks per pair.
NullDraws Draw(size_t h, int blocks, uint64_t seed) {
  NullDraws d;
  Rng rng(seed);
  UnitIdentityOptions o;
  o.null_shuffles = 0;
  o.permutation_samples = 999;
  for (int pair = 0; pair < kPairs; ++pair) {
    std::vector<double> block_p;
    for (int b = 0; b < blocks; ++b) {
      MatrixF a = RandomUnits(h, 24, rng), base = RandomUnits(h, 24, rng);
      o.seed = rng.Next();
      Result<UnitIdentityResult> r = CompareUnits(a.view(), base.view(), o);
      EXPECT_TRUE(r.ok());
      if (!r.ok()) return d;
      if (b == 0) {
        d.hits.push_back(r->hit_log10_p);
        d.spearman.push_back(r->spearman_log10_p);
      }
      block_p.push_back(PrimaryLog10P(*r));
    }
    d.fisher.push_back(FisherCombineLog10(block_p));
  }
  return d;
}

void ExpectSuperUniform(const std::vector<double>& log10_p, const std::string& what) {
  ASSERT_EQ(log10_p.size(), static_cast<size_t>(kPairs)) << what;
  for (const SuperUniformityRow& row : CheckSuperUniform(log10_p, kAlphas)) {
    EXPECT_TRUE(row.ok) << what << " at α = " << row.alpha << ": " << row.rejections << " of "
                        << row.n << " rejections, bound " << row.bound;
  }
}

TEST(ExactNullCalibration, NormalTailSpearmanHitCountAndFisherAreSuperUniform) {
  // h = 120 ≥ exact_min_h: the LAP Spearman uses its normal tail.
  NullDraws d = Draw(120, 3, 0x13A);
  ExpectSuperUniform(d.hits, "S1 hit count (union bound)");
  ExpectSuperUniform(d.spearman, "S1 LAP Spearman (normal tail)");
  ExpectSuperUniform(d.fisher, "Fisher over 3 blocks");
}

TEST(ExactNullCalibration, MonteCarloPermutationSpearmanIsSuperUniform) {
  // h = 48 < exact_min_h: the Spearman p is a Monte Carlo permutation p.
  NullDraws d = Draw(48, 1, 0x13B);
  ExpectSuperUniform(d.spearman, "S1 LAP Spearman (permutation)");
  ExpectSuperUniform(d.hits, "S1 hit count (union bound, h = 48)");
}

}  // namespace
}  // namespace lineage
