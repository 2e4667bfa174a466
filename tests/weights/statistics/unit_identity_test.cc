#include "weights/statistics/unit_identity.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "stats/ks.h"
#include "weights/kernels/kernels.h"
#include "weights/weights_fixtures.h"

namespace lineage {
namespace {

using testing::AddNoise;
using testing::GaussianMatrix;
using testing::PermuteRows;

TEST(UnitIdentity, IdenticalMatricesGiveTinyP) {
  const MatrixF a = GaussianMatrix(300, 64, 1);
  auto r = CompareUnits(a.view(), a.view(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->hits, 300);
  EXPECT_LT(r->hit_log10_p, -600);
  EXPECT_NEAR(r->spearman_r, 1.0, 1e-12);
  EXPECT_LT(r->spearman_log10_p, -60);
  EXPECT_NEAR(r->matched_cosine, 1.0, 1e-5);
  EXPECT_GT(r->matched_cosine_z, 10);
  const auto findings = UnitIdentityFindings(*r, "block 0");
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].test, "unit_identity_hits");
  EXPECT_EQ(findings[0].direction, Direction::kForDerivation);
}

TEST(UnitIdentity, FineTuneLikeNoiseStillFires) {
  const MatrixF a = GaussianMatrix(256, 96, 2);
  const MatrixF b = AddNoise(a, 1.0, 3);  // noise as large as the weights: cosine ≈ 0.7
  auto r = CompareUnits(b.view(), a.view(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->hits, 200);
  EXPECT_LT(r->hit_log10_p, -100);
  EXPECT_LT(r->spearman_log10_p, -12);
}

TEST(UnitIdentity, PermutedRowsDoNotFire) {
  // S1 is not meant to survive an MLP permutation (METHODS §4.2); S2 covers it.
  const MatrixF a = GaussianMatrix(200, 64, 4);
  Rng rng(5);
  const auto perm = rng.Permutation(200);
  const MatrixF b = PermuteRows(a, perm);
  auto r = CompareUnits(b.view(), a.view(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->hit_log10_p, -3);
  EXPECT_GT(r->spearman_log10_p, -3);
  EXPECT_EQ(r->assignment, perm);  // the LAP still recovers the map (for expert/width maps)
}

TEST(UnitIdentity, NullPValuesAreCalibratedOverIndependentPairs) {
  // 200 independent pairs, h = 64..256: the Spearman p (permutation null below 100, normal above)
  // must be uniform; the hit-count bound is conservative, so test P(p <= α) <= α + slack.
  std::vector<double> spearman_p;
  int hits_small = 0, hits_tenth = 0;
  const int pairs = 200;
  for (int t = 0; t < pairs; ++t) {
    const size_t h = 64 + static_cast<size_t>(t) % 193;
    const MatrixF a = GaussianMatrix(h, 32, 1000 + t), b = GaussianMatrix(h, 32, 5000 + t);
    UnitIdentityOptions opt;
    opt.seed = 77 + t;
    opt.null_shuffles = 0;
    opt.permutation_samples = 999;
    auto r = CompareUnits(a.view(), b.view(), opt);
    ASSERT_TRUE(r.ok());
    spearman_p.push_back(std::pow(10.0, r->spearman_log10_p));
    const double p_hit = std::pow(10.0, r->hit_log10_p);
    hits_small += p_hit <= 0.05;
    hits_tenth += p_hit <= 0.1;
  }
  auto ks = KsTestUniform(spearman_p);
  ASSERT_TRUE(ks.ok());
  EXPECT_GT(ks->log10_p, -3) << "KS D = " << ks->d;
  const double slack = 3 * std::sqrt(0.1 * 0.9 / pairs);
  EXPECT_LE(hits_small / static_cast<double>(pairs), 0.05 + slack);
  EXPECT_LE(hits_tenth / static_cast<double>(pairs), 0.1 + slack);
}

TEST(UnitIdentity, WidthPrunedKeepsOrder) {
  const MatrixF parent = GaussianMatrix(240, 48, 6);
  std::vector<int32_t> kept;
  for (int32_t i = 0; i < 240; i += 2) kept.push_back(i);  // keep every other unit, in order
  const MatrixF child = AddNoise(GatherRows(parent.view(), kept), 0.3, 7);
  auto r = CompareUnits(child.view(), parent.view(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->hit_test_valid);
  EXPECT_EQ(r->assignment, kept);
  EXPECT_LT(r->spearman_log10_p, -12);
}

TEST(UnitIdentity, BadInput) {
  const MatrixF a = GaussianMatrix(10, 8, 1), b = GaussianMatrix(10, 9, 2);
  EXPECT_FALSE(CompareUnits(a.view(), b.view(), {}).ok());
  MatrixF bad = a;
  bad.at(3, 3) = NAN;
  EXPECT_FALSE(CompareUnits(bad.view(), a.view(), {}).ok());
  EXPECT_FALSE(CompareUnits(MatrixF().view(), a.view(), {}).ok());
}

}  // namespace
}  // namespace lineage

// Real trained models (examples/models): ft-sft is base fine-tuned, indep-s1 an independent
// init trained on base's samples, perm is ft-sft with its residual and MLP units permuted.
#include <iostream>

#include "stats/combine.h"
#include "weights/real_models.h"

namespace lineage {
namespace {

double FisherOverBlocks(const std::string& candidate) {
  std::vector<double> log10_p;
  for (int layer = 0; layer < 5; ++layer) {
    const MatrixF a = testing::UnitRows(testing::LoadMlp(candidate, layer));
    const MatrixF b = testing::UnitRows(testing::LoadMlp("base", layer));
    UnitIdentityOptions opt;
    opt.null_shuffles = 0;
    auto r = CompareUnits(a.view(), b.view(), opt);
    EXPECT_TRUE(r.ok());
    log10_p.push_back(r->spearman_log10_p);
  }
  return FisherCombineLog10(log10_p);
}

TEST(UnitIdentityRealModels, FineTuneFiresIndependentDoesNot) {
  const double ft = FisherOverBlocks("ft-sft"), indep = FisherOverBlocks("indep-s1");
  std::cout << "S1 Fisher log10 p over 5 blocks: ft-sft " << ft << ", indep-s1 " << indep << "\n";
  EXPECT_LT(ft, -12);
  EXPECT_GT(indep, -3);
  // Without alignment the camouflaged copy is invisible to S1 (its basis and units are
  // permuted); S2 is the test that sees it (gate_up_consistency_test).
  EXPECT_GT(FisherOverBlocks("perm"), -3);
}

// CountHits on the sampled rows alone is CompareUnits' hit count (the positive controls rely on
// it to synthesise only the rows the test reads).
TEST(UnitIdentity, CountHitsOnSampledRowsEqualsTheFullHitCount) {
  const MatrixF b = GaussianMatrix(900, 48, 21);
  const MatrixF a = AddNoise(b, 0.8, 22);
  UnitIdentityOptions o;
  o.run_lap = false;
  o.null_shuffles = 0;
  o.sample_m = 200;
  auto full = CompareUnits(a.view(), b.view(), o);
  ASSERT_TRUE(full.ok());
  const std::vector<int32_t> rows = HitSampleRows(900, o);
  ASSERT_EQ(rows.size(), 200u);
  const MatrixF picked = GatherRows(a.view(), rows);
  auto part = CountHits(picked.view(), rows, b.view());
  ASSERT_TRUE(part.ok()) << part.status().ToString();
  EXPECT_EQ(part->hits, full->hits);
  EXPECT_EQ(part->sampled_m, full->sampled_m);
  EXPECT_EQ(part->hit_log10_p, full->hit_log10_p);
  EXPECT_GT(part->hits, 150);  // related rows: most hit
  const std::vector<int32_t> bad = {0, 5000};
  const MatrixF two = GatherRows(a.view(), std::vector<int32_t>{0, 1});
  EXPECT_FALSE(CountHits(two.view(), bad, b.view()).ok());
}

}  // namespace
}  // namespace lineage
