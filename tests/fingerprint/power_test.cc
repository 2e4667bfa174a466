// Power of the sketch hit count against the full-weight hit count (METHODS.md §14): the shipped
// base (examples/models/base) against copies of itself drifted by i.i.d. Gaussian noise at a given
// cosine ρ per matrix (the drift model of the power controls, METHODS.md §10.4). Both tests count
// hits over all 172 units of each block, the full one on folded rows [G, U], the sketch one on
// the fingerprint's probe responses; the table it prints is the one in METHODS.md §14.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "fingerprint/build.h"
#include "fingerprint/compare.h"
#include "model/model.h"
#include "stats/combine.h"
#include "stats/rng.h"
#include "test_util.h"
#include "tokenizer/vocab.h"
#include "weights/align/norm_folding.h"
#include "weights/source/model_weight_source.h"
#include "weights/statistics/block_tests.h"
#include "weights/statistics/unit_identity.h"

namespace lineage {
namespace {

// ρ W + sqrt(1 − ρ²) sd(W) N(0, 1) for every matrix (norm vectors kept).
InMemoryWeights Drifted(const InMemoryWeights& base, double rho, uint64_t seed) {
  InMemoryWeights out = base;
  Rng rng(seed);
  for (const TensorKey& k : out.Keys()) {
    Mat* w = out.Get(k);
    if (w->rows() < 2) continue;
    const double sd = std::sqrt((w->array() - w->mean()).square().mean());
    *w = static_cast<float>(rho) * *w +
         Gaussian(w->rows(), w->cols(), std::sqrt(1 - rho * rho) * sd, rng);
  }
  return out;
}

// Fisher log10 p of the full-weight hit count over all blocks (all units sampled).
double FullHits(const WeightSource& a, const WeightSource& b) {
  std::vector<double> p;
  UnitIdentityOptions o;
  o.run_lap = false;
  o.sample_m = 1 << 20;
  for (int l = 0; l < a.layout().num_layers; ++l) {
    const auto keys = MlpUnitKeys(a, l, -1);
    auto rows = [&](const WeightSource& s) {
      Mat g = ReadFolded(s, keys.first).value(), u = ReadFolded(s, keys.second).value();
      Mat m(g.rows(), g.cols() + u.cols());
      m << g, u;
      return m;
    };
    const Mat ra = rows(a), rb = rows(b);
    Result<UnitIdentityResult> r = CompareUnits(View(ra), View(rb), o);
    EXPECT_TRUE(r.ok());
    if (r.ok()) p.push_back(r->hit_log10_p);
  }
  return FisherCombineLog10(p);
}

TEST(FingerprintPower, SketchHitsAgainstFullHitsUnderDrift) {
  Result<Model> m = LoadModel(testing::Example("models/base"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  Result<Vocab> vocab = LoadVocab(m->tokenizer_path);
  ASSERT_TRUE(vocab.ok());
  Result<InMemoryWeights> base = CopyToMemory(ModelWeightSource(*m), uint64_t{1} << 24);
  ASSERT_TRUE(base.ok());
  Fingerprint fb;
  ASSERT_TRUE(SketchWeights(*base, &*vocab, kDefaultProjectionSeed, &fb).ok());
  std::printf("   rho  full log10 p  sketch log10 p  sketch hits/units\n");
  double previous_sketch = -1e300;
  for (double rho : {0.9, 0.7, 0.5, 0.4, 0.3, 0.2}) {
    const InMemoryWeights child = Drifted(*base, rho, 0xD21F7);
    Fingerprint fc;
    ASSERT_TRUE(SketchWeights(child, &*vocab, kDefaultProjectionSeed, &fc).ok());
    Result<SketchComparison> c = CompareFingerprints(fc, fb);
    ASSERT_TRUE(c.ok());
    int64_t hits = 0, units = 0;
    for (const SketchBlockResult& b : c->blocks) {
      hits += b.hits;
      units += b.kept_a;
    }
    const double full = FullHits(child, *base);
    std::printf("  %.2f  %12.1f  %14.1f  %lld/%lld\n", rho, full, c->hits_log10_p,
                static_cast<long long>(hits), static_cast<long long>(units));
    // Less drift never gives a weaker sketch test; at fine-tune drift both are decisive.
    EXPECT_GE(c->hits_log10_p, previous_sketch - 1e-9);
    previous_sketch = c->hits_log10_p;
    if (rho >= 0.7) {
      EXPECT_TRUE(RelatedExact(*c)) << rho;
      EXPECT_LE(full, kRelatedLog10P) << rho;
    }
  }
}

}  // namespace
}  // namespace lineage
