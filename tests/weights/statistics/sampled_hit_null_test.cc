// Acceptance (issue 12, sampling honesty): the exact p-value of the S1 hit count on a seeded sample
// of m of h units (METHODS.md §4.2(a), the way the block tests run it: CompareUnits with
// sample_m < h) stays super-uniform under H0 on 200 seeded independent pairs, with the harness of
// the verdict-truth issue (stats/super_uniformity.h) at α = 0.01, 0.05, 0.1. The null holds for any
// B, so the pairs are not only i.i.d. Gaussian: units with correlated, non-isotropic features
// sharing one covariance, heavy-tailed unit norms, and convergent units (half of B's units are
// noisy copies of A's units under a uniformly random relabelling). The same pairs, read as 8 blocks
// in the seeded order of sequential reading (weights/pair/look_plan.h), give the p of the whole
// sequential procedure after its corrections (⌈N ⁄ n⌉ per block read and L looks, METHODS §10.8),
// which must be super-uniform too. Fixed seeds; a few seconds of CI on one core.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"
#include "stats/super_uniformity.h"
#include "weights/pair/look_plan.h"
#include "weights/statistics/unit_identity.h"

namespace lineage {
namespace {

constexpr int kPairs = 200;
constexpr size_t kUnits = 256;    // h
constexpr size_t kFeatures = 32;  // columns of a unit
constexpr int64_t kSampled = 64;  // m < h: the sampled hit count
constexpr double kAlphas[] = {0.01, 0.05, 0.1};

// A k × k mixing matrix with singular values decaying like 1/(1 + j)^0.7: correlated features.
MatrixF Mixing(Rng& rng) {
  MatrixF m(kFeatures, kFeatures);
  rng.FillNormal(m.data, 1.0);
  for (size_t j = 0; j < kFeatures; ++j) {
    const auto scale = static_cast<float>(1.0 / std::pow(1.0 + static_cast<double>(j), 0.7));
    for (size_t i = 0; i < kFeatures; ++i) m.at(j, i) *= scale;
  }
  return m;
}

// h units z·M with z i.i.d. normal; with `heavy`, each unit's norm is scaled by a log-normal.
MatrixF Units(const MatrixF& mix, bool heavy, Rng& rng) {
  MatrixF z(kUnits, kFeatures), out(kUnits, kFeatures);
  rng.FillNormal(z.data, 1.0);
  for (size_t r = 0; r < kUnits; ++r) {
    const auto s = static_cast<float>(heavy ? std::exp(0.7 * rng.Normal()) : 1.0);
    for (size_t c = 0; c < kFeatures; ++c) {
      float v = 0;
      for (size_t j = 0; j < kFeatures; ++j) v += z.at(r, j) * mix.at(j, c);
      out.at(r, c) = s * v;
    }
  }
  return out;
}

// Half of B's units are noisy copies of A's under a uniformly random relabelling, the rest fresh:
// B shares A's units, but not its labels, which is all H0 says. With `keep_labels` the copies keep
// A's labels: a derived pair, outside H0.
MatrixF Convergent(const MatrixF& a, const MatrixF& mix, Rng& rng, bool keep_labels = false) {
  MatrixF b = Units(mix, false, rng);
  std::vector<int32_t> pi = rng.Permutation(kUnits);
  if (keep_labels) {
    for (size_t r = 0; r < kUnits; ++r) pi[r] = static_cast<int32_t>(r);
  }
  for (size_t r = 0; r < kUnits; r += 2) {
    for (size_t c = 0; c < kFeatures; ++c) {
      b.at(r, c) = a.at(static_cast<size_t>(pi[r]), c) + static_cast<float>(0.3 * rng.Normal());
    }
  }
  return b;
}

// One independent block: kind 0 shares one feature covariance, kind 1 adds heavy-tailed norms
// and a different covariance for B, kind 2 has convergent units; kind 3 is derived (kind 2 with
// A's labels kept), the check's negative control.
double BlockHitLog10P(int kind, Rng& rng) {
  const MatrixF mix = Mixing(rng);
  const MatrixF a = Units(mix, kind == 1, rng);
  const MatrixF b = kind >= 2 ? Convergent(a, mix, rng, kind == 3)
                              : Units(kind == 1 ? Mixing(rng) : mix, kind == 1, rng);
  UnitIdentityOptions o;
  o.sample_m = kSampled;
  o.seed = rng.Next();
  o.run_lap = false;
  o.null_shuffles = 0;
  Result<UnitIdentityResult> r = CompareUnits(a.view(), b.view(), o);
  EXPECT_TRUE(r.ok() && r->hit_test_valid && r->sampled_m == kSampled);
  return r.ok() ? r->hit_log10_p : 0;
}

void ExpectSuperUniform(const std::vector<double>& log10_p, const std::string& what) {
  ASSERT_EQ(log10_p.size(), static_cast<size_t>(kPairs)) << what;
  for (const SuperUniformityRow& row : CheckSuperUniform(log10_p, kAlphas)) {
    EXPECT_TRUE(row.ok) << what << " at α = " << row.alpha << ": " << row.rejections << " of "
                        << row.n << " rejections, bound " << row.bound;
  }
}

// The corrected p of the sequential procedure over `block_p` (N blocks): at each planned look
// after n blocks read in the seeded order, every block read stands for ⌈N ⁄ n⌉ planned ones, and
// every p pays the L planned looks; the procedure's p is the smallest over its looks.
double SequentialLog10P(const std::vector<double>& block_p, uint64_t seed) {
  const int n_blocks = static_cast<int>(block_p.size());
  const std::vector<int> looks = PlannedLooks(n_blocks);
  const std::vector<size_t> order = ReadOrder(block_p.size(), {}, seed);
  const double log10_l = std::log10(static_cast<double>(looks.size()));
  double best = 0;
  for (int n : looks) {
    double min_p = 0;
    for (int k = 0; k < n; ++k) min_p = std::min(min_p, block_p[order[static_cast<size_t>(k)]]);
    const double m = static_cast<double>(n) * ((n_blocks + n - 1) / n);
    best = std::min(best, std::min(0.0, min_p + std::log10(m) + log10_l));
  }
  return best;
}

TEST(SampledHitNull, SampledHitCountAndTheSequentialProcedureAreSuperUniform) {
  Rng rng(0x5A3D1E);
  std::vector<double> single, sequential;
  int rejections_seen = 0;
  for (int pair = 0; pair < kPairs; ++pair) {
    std::vector<double> blocks;
    for (int b = 0; b < 8; ++b) blocks.push_back(BlockHitLog10P((pair + b) % 3, rng));
    single.push_back(blocks[0]);
    sequential.push_back(SequentialLog10P(blocks, rng.Next()));
    rejections_seen += blocks[0] < 0;
  }
  ExpectSuperUniform(single, "S1 hit count on 64 of 256 sampled units");
  ExpectSuperUniform(sequential, "sequential procedure over 8 blocks (looks 2, 4, 8)");
  // The test can fail: hits happen (E[K] = m/h = 0.25 per block), so p < 1 is common.
  EXPECT_GT(rejections_seen, 10);
}

TEST(SampledHitNull, TheCheckRejectsPairsThatKeepTheirLabels) {
  Rng rng(0x5A3D1F);
  std::vector<double> derived;
  for (int pair = 0; pair < kPairs; ++pair) derived.push_back(BlockHitLog10P(3, rng));
  for (const SuperUniformityRow& row : CheckSuperUniform(derived, kAlphas)) {
    EXPECT_FALSE(row.ok) << "α = " << row.alpha << ": " << row.rejections << " of " << row.n;
  }
}

}  // namespace
}  // namespace lineage
