#include "weights/statistics/gate_up_consistency.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"
#include "weights/kernels/kernels.h"
#include "weights/weights_fixtures.h"

namespace lineage {
namespace {

using testing::AddNoise;
using testing::GaussianMatrix;
using testing::PermuteRows;

struct Responses {
  MatrixF gate, up;
};

Responses Probe(const MatrixF& x, const MatrixF& g, const MatrixF& u) {
  return {MatMul(x.view(), g.view(), false, true).value(),
          MatMul(x.view(), u.view(), false, true).value()};
}

TEST(GateUp, DerivedPermutedNoisyModelAgrees) {
  const size_t n = 400, d = 96, h = 128;
  const MatrixF x = GaussianMatrix(n, d, 1);
  const MatrixF g = GaussianMatrix(h, d, 2), u = GaussianMatrix(h, d, 3);
  Rng rng(4);
  const auto perm = rng.Permutation(h);
  MatrixF gb = AddNoise(PermuteRows(g, perm), 0.5, 5);
  MatrixF ub = AddNoise(PermuteRows(u, perm), 0.5, 6);
  for (size_t i = 0; i < h; i += 3)
    for (float& v : ub.row(i)) v = -v;  // up rows flipped with their down columns
  for (float& v : ub.data) v *= 3.0f;   // rescaling camouflage
  const Responses ra = Probe(x, g, u), rb = Probe(x, gb, ub);
  auto r = GateUpConsistency(rb.gate.view(), rb.up.view(), ra.gate.view(), ra.up.view());
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->agreement, 0.9);
  EXPECT_GT(r->spearman, 0.9);
  for (size_t i = 0; i < h; ++i) EXPECT_EQ(r->match_gate[i], perm[i]);
}

TEST(GateUp, IndependentModelsAgreeAtChance) {
  const size_t n = 400, d = 96, h = 128;
  const MatrixF x = GaussianMatrix(n, d, 1);
  const Responses ra = Probe(x, GaussianMatrix(h, d, 2), GaussianMatrix(h, d, 3));
  const Responses rb = Probe(x, GaussianMatrix(h, d, 7), GaussianMatrix(h, d, 8));
  auto r = GateUpConsistency(ra.gate.view(), ra.up.view(), rb.gate.view(), rb.up.view());
  ASSERT_TRUE(r.ok());
  EXPECT_LE(r->agreement, 6.0 / h);  // ~Poisson(1) agreements
  EXPECT_LT(std::fabs(r->spearman), 0.3);

  // Calibrated against a panel of chance-level values: unremarkable, approximate.
  const std::vector<double> panel = {0.0, 1.0 / h, 2.0 / h, 0.0, 1.0 / h, 3.0 / h};
  const auto f = GateUpFindings(*r, panel, "block 0");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(f[0].approximate);
  ASSERT_TRUE(f[0].z.has_value());
  EXPECT_LT(*f[0].z, 3);
  EXPECT_EQ(f[0].null->kind, "calibrated-panel");
  // Without a panel there is no p and the finding cannot decide.
  const auto g = GateUpFindings(*r, {}, "block 0");
  EXPECT_FALSE(g[0].log10_p.has_value());
  EXPECT_FALSE(g[0].decisive);
}

TEST(GateUp, ZScoreAndBadInput) {
  MatrixF m(4, 2);
  for (size_t i = 0; i < 4; ++i) {
    m.at(i, 0) = static_cast<float>(i);
    m.at(i, 1) = 5.0f;
  }
  const MatrixF z = ZScoreColumns(m.view());
  EXPECT_NEAR(z.at(0, 0), -1.5 / std::sqrt(1.25), 1e-6);
  EXPECT_EQ(z.at(2, 1), 0.0f);
  const MatrixF a = GaussianMatrix(10, 5, 1), b = GaussianMatrix(9, 5, 2);
  EXPECT_FALSE(GateUpConsistency(a.view(), a.view(), b.view(), b.view()).ok());
}

}  // namespace
}  // namespace lineage

// Real trained models (examples/models): S2 sees through perm's camouflage, each model probed in
// its own basis with the same token strings.
#include <iostream>

#include "weights/real_models.h"

namespace lineage {
namespace {

GateUpResult CompareLayer(const std::string& candidate, int layer) {
  const MatrixF xa = testing::Probes(candidate), xb = testing::Probes("base");
  const auto a = testing::LoadMlp(candidate, layer), b = testing::LoadMlp("base", layer);
  const Responses ra = Probe(xa, a.gate, a.up), rb = Probe(xb, b.gate, b.up);
  auto r = GateUpConsistency(ra.gate.view(), ra.up.view(), rb.gate.view(), rb.up.view());
  EXPECT_TRUE(r.ok());
  return *r;
}

TEST(GateUpRealModels, PermutedCopyAgreesIndependentDoesNot) {
  for (int layer = 0; layer < 5; ++layer) {
    const GateUpResult perm = CompareLayer("perm", layer);
    const GateUpResult indep = CompareLayer("indep-s1", layer);
    std::cout << "S2 layer " << layer << ": agreement perm " << perm.agreement << ", indep-s1 "
              << indep.agreement << "\n";
    EXPECT_GT(perm.agreement, 0.5) << "layer " << layer;
    EXPECT_LT(indep.agreement, 10.0 / indep.h_a) << "layer " << layer;  // ~Poisson(1) agreements
  }
}

// Wide blocks match a seeded sample of A's units against all of B: a derived pair still agrees
// on (nearly) every sampled unit, each mapped to its true partner; giving only the sampled
// response columns (width_a) gives the same answer as letting the function sample.
TEST(GateUp, WideBlockSampleKeepsTheMatchingAndIsReproducible) {
  const size_t n = 300, d = 64, h = 700;
  const MatrixF x = GaussianMatrix(n, d, 11);
  const MatrixF g = GaussianMatrix(h, d, 12), u = GaussianMatrix(h, d, 13);
  Rng rng(14);
  const auto perm = rng.Permutation(h);
  const Responses rb = Probe(x, g, u);
  const Responses ra =
      Probe(x, AddNoise(PermuteRows(g, perm), 0.3, 15), AddNoise(PermuteRows(u, perm), 0.3, 16));
  GateUpOptions o;
  o.max_units = 200;
  auto r = GateUpConsistency(ra.gate.view(), ra.up.view(), rb.gate.view(), rb.up.view(), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->sampled);
  EXPECT_EQ(r->units_tested, 200);
  EXPECT_EQ(r->h_a, static_cast<int64_t>(h));
  ASSERT_EQ(r->unit_sample, GateUpUnitSample(h, o));
  EXPECT_GT(r->agreement, 0.9);
  // PermuteRows puts g's row perm[i] at row i, so A's unit i matches B's unit perm[i].
  int correct = 0;
  for (size_t k = 0; k < r->unit_sample.size(); ++k) {
    correct += r->match_gate[k] == static_cast<int32_t>(perm[r->unit_sample[k]]);
  }
  EXPECT_GE(correct, 190);

  // Pre-sampled responses (only the sampled units' columns) give the identical result.
  MatrixF ga(n, 200), ua(n, 200);
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < 200; ++k) {
      ga.at(i, k) = ra.gate.at(i, r->unit_sample[k]);
      ua.at(i, k) = ra.up.at(i, r->unit_sample[k]);
    }
  }
  GateUpOptions pre = o;
  pre.width_a = static_cast<int64_t>(h);
  auto r2 = GateUpConsistency(ga.view(), ua.view(), rb.gate.view(), rb.up.view(), pre);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->agreement, r->agreement);
  EXPECT_EQ(r2->match_gate, r->match_gate);
  // A wrong number of pre-sampled columns is refused.
  pre.width_a = static_cast<int64_t>(h) + 1;
  GateUpOptions wrong = pre;
  wrong.max_units = 150;
  EXPECT_FALSE(GateUpConsistency(ga.view(), ua.view(), rb.gate.view(), rb.up.view(), wrong).ok());

  // Independent models stay at chance under the same sample.
  const Responses rc = Probe(x, GaussianMatrix(h, d, 17), GaussianMatrix(h, d, 18));
  auto r3 = GateUpConsistency(rc.gate.view(), rc.up.view(), rb.gate.view(), rb.up.view(), o);
  ASSERT_TRUE(r3.ok());
  EXPECT_LE(r3->agreement, 6.0 / 200);
}

TEST(GateUp, NarrowBlocksAreNotSampled) {
  GateUpOptions o;
  o.max_units = 512;
  const std::vector<int32_t> all = GateUpUnitSample(300, o);
  ASSERT_EQ(all.size(), 300u);
  for (int32_t i = 0; i < 300; ++i) EXPECT_EQ(all[i], i);
  const std::vector<int32_t> some = GateUpUnitSample(5000, o);
  ASSERT_EQ(some.size(), 512u);
  for (size_t k = 1; k < some.size(); ++k) EXPECT_LT(some[k - 1], some[k]);
  EXPECT_EQ(some, GateUpUnitSample(5000, o));  // fixed by the seed
}

}  // namespace
}  // namespace lineage
