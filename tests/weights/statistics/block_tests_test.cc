#include "weights/statistics/block_tests.h"

#include <gtest/gtest.h>

#include "stats/rng.h"
#include "weights/fixtures.h"

namespace lineage::testing {
namespace {

// S1 as the hit count alone: the examples' 172 units are "wide" against a LAP limit of 100.
BlockTestOptions HitsOnly() {
  BlockTestOptions o;
  o.lap_max_h = 100;
  o.hit_sample_m = 40;
  o.gate_up.max_units = 24;  // S2 on a sample of the units too
  return o;
}

Mat Probes(int64_t d) {
  Rng rng(11);
  return RmsNormRows(Gaussian(24, d, 1.0, rng));
}

struct Loaded {
  BlockUnits a, b;
};

// The candidate's hit sample and S2 sample, then the base streamed against it (MlpReading).
Result<Loaded> LoadSampled(const WeightSource& cand, const WeightSource& base, int layer,
                           const ResidualAlignment& align, const Mat& probes,
                           const std::vector<int32_t>& s2_units, uint64_t chunk) {
  const BlockTestOptions o = HitsOnly();
  const std::vector<int32_t> rows =
      HitSampleRows(static_cast<int64_t>(MlpUnitShape(cand, layer, -1).first), HitOptions(o));
  MlpReading sample;
  sample.unit_rows = &rows;
  LINEAGE_ASSIGN_OR_RETURN(
      BlockUnits a, LoadBlockUnits(cand, layer, -1, align, Side::kCandidate, probes, &s2_units,
                                   Attention::kRead, sample));
  MlpReading stream;
  stream.hits_against = &a;
  stream.chunk_rows = chunk;
  LINEAGE_ASSIGN_OR_RETURN(BlockUnits b, LoadBlockUnits(base, layer, -1, align, Side::kBase, probes,
                                                        nullptr, Attention::kRead, stream));
  return Loaded{std::move(a), std::move(b)};
}

void ExpectSameComparison(const BlockComparison& got, const BlockComparison& want) {
  EXPECT_EQ(got.mlp.hits, want.mlp.hits);
  EXPECT_EQ(got.mlp.hit_test_valid, want.mlp.hit_test_valid);
  EXPECT_DOUBLE_EQ(got.log10_p, want.log10_p);
  EXPECT_EQ(got.primary_test, want.primary_test);
  ASSERT_EQ(got.gate_up.has_value(), want.gate_up.has_value());
  if (got.gate_up) {
    EXPECT_EQ(got.gate_up->match_gate, want.gate_up->match_gate);
    EXPECT_EQ(got.gate_up->match_up, want.gate_up->match_up);
    EXPECT_DOUBLE_EQ(got.gate_up->agreement, want.gate_up->agreement);
  }
  ASSERT_EQ(got.cka_q.has_value(), want.cka_q.has_value());
  if (got.cka_q) {
    EXPECT_NEAR(*got.cka_q, *want.cka_q, 1e-9);
  }
}

TEST(BlockTestsTest, SampledCandidateAndStreamedBaseGiveTheWholeBlockResult) {
  const InMemoryWeights base = LoadExampleWeights("base");
  const InMemoryWeights sft = LoadExampleWeights("ft-sft");
  const InMemoryWeights indep = LoadExampleWeights("indep-s1");
  const int64_t d = static_cast<int64_t>(base.Shape(Key(Role::kGate, 0)).second);
  const ResidualAlignment align = IdentityAlignment(d, "test");
  const Mat probes = Probes(d);
  const std::vector<int32_t> s2_units = GateUpUnitSample(172, HitsOnly().gate_up);
  int related_hits = 0;
  for (const InMemoryWeights* cand : {&sft, &indep}) {
    for (int layer : {0, 2}) {
      Result<BlockUnits> wa =
          LoadBlockUnits(*cand, layer, -1, align, Side::kCandidate, probes, &s2_units);
      Result<BlockUnits> wb = LoadBlockUnits(base, layer, -1, align, Side::kBase, probes);
      ASSERT_TRUE(wa.ok() && wb.ok());
      Result<BlockComparison> want = CompareBlocks(*wa, *wb, HitsOnly());
      ASSERT_TRUE(want.ok()) << want.status().ToString();
      // Chunks of 7 rows: 172 units end in a partial chunk.
      Result<Loaded> s = LoadSampled(*cand, base, layer, align, probes, s2_units, 7);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      EXPECT_EQ(s->a.mlp.rows(), 40);  // the candidate holds its hit sample only
      EXPECT_EQ(s->b.mlp.size(), 0);   // the base holds none of its MLP
      EXPECT_EQ(s->a.units, 172);
      EXPECT_EQ(s->b.units, 172);
      EXPECT_LE((s->b.gate_resp - wb->gate_resp).cwiseAbs().maxCoeff(), 1e-5);
      EXPECT_LE((s->a.up_resp - wa->up_resp).cwiseAbs().maxCoeff(), 1e-5);
      Result<BlockComparison> got = CompareBlocks(s->a, s->b, HitsOnly());
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      ExpectSameComparison(*got, *want);
      if (cand == &sft) related_hits += static_cast<int>(got->mlp.hits);
    }
  }
  EXPECT_GT(related_hits, 40);  // the fine-tune's units hit: the comparison is not vacuous
}

TEST(BlockTestsTest, NonFiniteWeightsAreZeroedAndCountedWhenStreamed) {
  const InMemoryWeights base = WithNonFinite(LoadExampleWeights("base"));
  const int64_t d = static_cast<int64_t>(base.Shape(Key(Role::kGate, 0)).second);
  const ResidualAlignment align = IdentityAlignment(d, "test");
  Result<BlockUnits> whole = LoadBlockUnits(base, 0, -1, align, Side::kBase, Mat(), nullptr);
  ASSERT_TRUE(whole.ok());
  Result<Loaded> s = LoadSampled(base, base, 0, align, Mat(), {}, 16);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_GT(whole->non_finite, 0);
  EXPECT_EQ(s->b.non_finite, whole->non_finite);
  Result<BlockComparison> c = CompareBlocks(s->a, s->b, HitsOnly());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->mlp.hits, 40);  // a model against itself: every sampled unit hits
}

TEST(BlockTestsTest, UnitsReadForAnotherTestAreRefused) {
  const InMemoryWeights base = LoadExampleWeights("base");
  const int64_t d = static_cast<int64_t>(base.Shape(Key(Role::kGate, 0)).second);
  const ResidualAlignment align = IdentityAlignment(d, "test");
  Result<Loaded> s = LoadSampled(base, base, 1, align, Mat(), {}, 64);
  ASSERT_TRUE(s.ok());
  BlockTestOptions lap = HitsOnly();
  lap.lap_max_h = 4096;  // the LAP would need every unit
  EXPECT_FALSE(CompareBlocks(s->a, s->b, lap).ok());
  BlockTestOptions other = HitsOnly();
  other.seed ^= 1;  // another hit sample
  EXPECT_FALSE(CompareBlocks(s->a, s->b, other).ok());
}

}  // namespace
}  // namespace lineage::testing
