// Sequential block reading's stop rule (compare/sequential_stop.h) on partial results built by
// hand, where the numbers sit on either side of the corrected levels, and the whole procedure on
// the shipped example pairs, where it must give the verdicts of a full reading.
#include "compare/sequential_stop.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "compare/positive_controls.h"
#include "compare/weights_pair.h"
#include "test_util.h"
#include "weights/pair/pair_evidence.h"

namespace lineage {
namespace {

using testing::Example;

// Two diagonal blocks read of `total` planned; block 0's S1 hit count at `log10_p`, block 1 at
// p = 1.
WeightsResult Partial(double log10_p, int looks_planned, int total = 8) {
  WeightsResult r;
  for (int i = 0; i < 2; ++i) {
    BlockResult b;
    b.candidate = b.base = i;
    b.diagonal = true;
    b.test.candidate_layer = b.test.base_layer = i;
    b.test.mlp.h_a = b.test.mlp.h_b = 256;
    b.test.mlp.hit_test_valid = true;
    b.test.mlp.sampled_m = 256;
    b.test.mlp.hit_expected = 1;
    b.test.mlp.hits = i == 0 ? 40 : 1;
    b.test.mlp.hit_log10_p = i == 0 ? log10_p : 0;
    b.test.log10_p = b.test.mlp.hit_log10_p;
    b.test.primary_test = "unit_identity_hits";
    r.blocks.push_back(b);
  }
  r.sampling.mode = "sequential";
  r.sampling.looks_planned = looks_planned;
  r.sampling.blocks_read = 2;
  r.sampling.blocks_total = total;
  return r;
}

// log10 of the Bonferroni factor the decision applies to `r`, read off a decided pair.
double Log10Factor(const WeightsResult& r) {
  PairResult p;
  AddWeightsEvidence(r, &p);
  DecidePair(DecideOptions(), &p);
  EXPECT_TRUE(p.log10_p_exact && p.log10_p_adjusted);
  return p.log10_p_adjusted && p.log10_p_exact ? *p.log10_p_adjusted - *p.log10_p_exact : 0;
}

TEST(SequentialStopTest, TestedBlocksCountForTheUnreadOnes) {
  // 2 of 8 planned pairs read: each tested block's exact findings stand for 4.
  int hits_multiplicity = 0;
  for (const Finding& f : WeightsFindings(Partial(-50, 1))) {
    if (f.test == "unit_identity_hits" && f.component == "block 0") {
      hits_multiplicity = f.multiplicity;
    }
  }
  EXPECT_EQ(hits_multiplicity, 4);
  // So the factor grows with the planned pairs, as a full reading's would.
  EXPECT_GT(Log10Factor(Partial(-50, 1, 32)), Log10Factor(Partial(-50, 1, 8)) + 0.5);
}

TEST(SequentialStopTest, TheLooksCorrectionDecidesWhetherAStatisticNearTheLevelStops) {
  const StopRuleInputs in;  // one candidate, no trained panels, min 2 blocks
  const double looks = 3;
  // The factor of a run that tested every planned pair, without the looks.
  const double log10_m = Log10Factor(Partial(-50, 1));
  EXPECT_NEAR(Log10Factor(Partial(-50, 3)), log10_m + std::log10(looks), 1e-9);
  // Below the full-run level by half of log10 L: derived without the looks' correction, not with
  // it, so sequential reading goes on.
  const double near = -12 - log10_m - 0.5 * std::log10(looks);
  EXPECT_EQ(DecideLook(in, Partial(near, 1), false), LookAction::kStopDerived);
  EXPECT_EQ(DecideLook(in, Partial(near, 3), false), LookAction::kContinue);
  // Below the level by more than log10 L: it stops.
  const double beyond = -12 - log10_m - 1.5 * std::log10(looks);
  EXPECT_EQ(DecideLook(in, Partial(beyond, 3), false), LookAction::kStopDerived);
}

TEST(SequentialStopTest, IndependentNeedsTheControlsBlocksAndTheRobustStatistics) {
  StopRuleInputs in;
  const WeightsResult null_pair = Partial(-0.2, 3);
  EXPECT_EQ(DecideLook(in, null_pair, false), LookAction::kCheckRobust);
  EXPECT_EQ(DecideLook(in, null_pair, true), LookAction::kStopIndependent);
  in.min_blocks = 4;  // the controls sampled more blocks than were read: go on
  EXPECT_EQ(DecideLook(in, null_pair, true), LookAction::kContinue);
  in.min_blocks = 2;
  // Outside the null (log10 p_adj ≤ −2) but not derived: neither stop.
  const double outside = -4 - Log10Factor(Partial(-50, 3));
  EXPECT_EQ(DecideLook(in, Partial(outside, 3), true), LookAction::kContinue);
}

TEST(SequentialStopTest, TheControlsTakeThePairsModeAndPlan) {
  WeightsOptions wo;
  wo.sampling.look = [](const WeightsResult&, bool) { return LookAction::kStopDerived; };
  WeightsResult pair;
  pair.sampling.mode = "sequential";
  pair.sampling.blocks_total = 37;
  const WeightsOptions c = ControlWeightsOptions(wo, pair);
  EXPECT_EQ(c.sampling.mode, SamplingMode::kSequential);
  EXPECT_EQ(c.sampling.plan_pairs, 37);
  EXPECT_FALSE(c.sampling.look);
  pair.sampling.mode = "full";
  EXPECT_EQ(ControlWeightsOptions(wo, pair).sampling.mode, SamplingMode::kFull);
}

// The whole procedure on the shipped pairs: sequential reading (forced: they are below the
// default's size) gives the verdicts of a full reading, and stops early on the derived pair.
class SequentialOnExamples : public ::testing::Test {
 protected:
  static WeightsPairDecision Run(const std::string& candidate, SamplingMode mode) {
    Result<CalibrationPanels> panels = LoadShippedAndUserPanels({});
    EXPECT_TRUE(panels.ok());
    WeightsPairOptions o;
    o.threads = 2;
    o.power_cache_dir = testing::TestPowerCache();
    o.weights.sampling.mode = mode;
    Result<WeightsPairDecision> d =
        RunWeightsPair(LocalLocation(Example("models/" + candidate)),
                       LocalLocation(Example("models/base")), *panels, o);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? std::move(d).value() : WeightsPairDecision();
  }
};

TEST_F(SequentialOnExamples, SameVerdictsAsAFullReading) {
  for (const char* cand : {"ft-sft", "indep-s1", "perm"}) {
    const WeightsPairDecision full = Run(cand, SamplingMode::kFull);
    const WeightsPairDecision seq = Run(cand, SamplingMode::kSequential);
    EXPECT_EQ(seq.pair.verdict, full.pair.verdict) << cand;
    ASSERT_TRUE(full.pair.sampling && seq.pair.sampling) << cand;
    EXPECT_EQ(full.pair.sampling->mode, "full");
    EXPECT_EQ(full.pair.sampling->looks_planned, 1);
    EXPECT_EQ(full.pair.sampling->blocks_read, full.pair.sampling->blocks_total);
    EXPECT_EQ(seq.pair.sampling->mode, "sequential") << cand;
    EXPECT_GT(seq.pair.sampling->looks_planned, 1) << cand;
    // The power was measured under the sequential rule, so it may differ, but it was measured
    // whenever a verdict could rest on it (the independent pair), in both modes alike.
    EXPECT_EQ(seq.pair.power.measured, !seq.pair.power.not_needed) << cand;
    EXPECT_EQ(seq.pair.power.not_needed, seq.pair.verdict == Verdict::kDerived) << cand;
    EXPECT_EQ(full.pair.power.not_needed, full.pair.verdict == Verdict::kDerived) << cand;
  }
  EXPECT_EQ(Run("ft-sft", SamplingMode::kFull).pair.verdict, Verdict::kDerived);
  EXPECT_EQ(Run("indep-s1", SamplingMode::kFull).pair.verdict, Verdict::kIndependent);
}

TEST_F(SequentialOnExamples, StopsEarlyOnTheDerivedPair) {
  const WeightsPairDecision d = Run("ft-sft", SamplingMode::kSequential);
  ASSERT_TRUE(d.pair.sampling);
  EXPECT_EQ(d.pair.sampling->stopped_on, "derived");
  EXPECT_LT(d.pair.sampling->blocks_read, d.pair.sampling->blocks_total);
  EXPECT_LT(d.pair.sampling->looks_done, d.pair.sampling->looks_planned);
  EXPECT_EQ(d.pair.verdict, Verdict::kDerived);
  // Only the pairs read were tested; they are listed in pair order.
  EXPECT_EQ(static_cast<int>(d.run.result.blocks.size()), d.pair.sampling->blocks_read);
  for (size_t i = 1; i < d.run.result.blocks.size(); ++i) {
    EXPECT_LT(d.run.result.blocks[i - 1].candidate, d.run.result.blocks[i].candidate);
  }
}

TEST_F(SequentialOnExamples, EveryLookAndTheDecisionShareOnePairIdentity) {
  // The rule was asked at every look done; the pair was fingerprinted once, before the first
  // look (the run keeps that identity), and the final decision selects its panels with it.
  const WeightsPairDecision d = Run("indep-s1", SamplingMode::kSequential);
  ASSERT_TRUE(d.pair.sampling);
  EXPECT_GE(d.pair.sampling->looks_done, 1);
  ASSERT_TRUE(d.run.identity);
  EXPECT_TRUE(d.run.identity->identified()) << d.run.identity->why;
  Result<CalibrationPanels> panels = LoadShippedAndUserPanels({});
  ASSERT_TRUE(panels.ok());
  const PairIdentity again = IdentifyPair(*panels, *d.run.candidate_source, *d.run.base_source);
  EXPECT_EQ(d.run.identity->candidate, again.candidate);
  EXPECT_EQ(d.run.identity->base, again.base);
  EXPECT_NE(again.candidate, again.base);
  // Without panels there is nothing to leave out: no fingerprint is read, and the note says why.
  const PairIdentity none =
      IdentifyPair(CalibrationPanels(), *d.run.candidate_source, *d.run.base_source);
  EXPECT_FALSE(none.identified());
  EXPECT_NE(none.why.find("no calibration panel"), std::string::npos) << none.why;
}

TEST_F(SequentialOnExamples, TheDefaultReadsTheSmallExamplesWhole) {
  const WeightsPairDecision d = Run("indep-s1", SamplingMode::kAuto);
  ASSERT_TRUE(d.pair.sampling);
  EXPECT_EQ(d.pair.sampling->mode, "full");
}

}  // namespace
}  // namespace lineage
