// METHODS.md §10 decision rule on synthetic findings, and the underflow-safe tail and
// Bayes-factor bound it relies on.
#include "verdict/decide.h"

#include <cmath>

#include <gtest/gtest.h>

namespace lineage {
namespace {

Finding Exact(double log10_p, const std::string& component = "trunk", int multiplicity = 1) {
  Finding f;
  f.analysis = "weights";
  f.test = "unit_identity_fisher";
  f.component = component;
  f.statistic = "fisher_x";
  f.value = 1;
  f.log10_p = log10_p;
  f.multiplicity = multiplicity;
  f.null = NullModel{"exact", "Fisher", {}, {}, {}, 0, {}, {}};
  f.decisive = true;
  f.direction = log10_p < -2 ? Direction::kForDerivation : Direction::kAgainstDerivation;
  return f;
}

Finding Robust(double value, double mean, double sd, double q99, int n0,
               const std::string& component = "trunk") {
  Finding f;
  f.analysis = "weights";
  f.test = "gate_up_consistency";
  f.component = component;
  f.statistic = "agreement";
  f.value = value;
  f.null = NullModel{"calibrated-panel", "panel", mean, sd, q99, n0, {}, {}};
  f.decisive = true;
  f.approximate = true;
  f.direction = value > q99 ? Direction::kForDerivation : Direction::kAgainstDerivation;
  return f;
}

PairResult Pair(std::vector<Finding> findings, double power = 1.0, bool measured = true) {
  PairResult p;
  p.base = "b";
  p.findings = std::move(findings);
  p.power = {measured, power, 4, "controls", {}};
  return p;
}

PairResult Decided(std::vector<Finding> findings, int candidates = 1, double power = 1.0) {
  PairResult p = Pair(std::move(findings), power);
  DecideOptions o;
  o.candidates_checked = candidates;
  DecidePair(o, &p);
  return p;
}

TEST(DecideTest, ExactTestBelowThresholdIsDerived) {
  PairResult p = Decided({Exact(-20)});
  EXPECT_EQ(p.verdict, Verdict::kDerived);
  EXPECT_EQ(p.reason, kReasonExact);
  ASSERT_EQ(p.components.size(), 1u);
  EXPECT_EQ(p.components[0].verdict, "derived");
  ASSERT_TRUE(p.strongest_for.has_value());
  EXPECT_DOUBLE_EQ(*p.log10_p_exact, -20);
}

TEST(DecideTest, BonferroniOverCandidatesAndBlockPairsCanKeepItBelowTheBar) {
  // −12.5 alone would decide; searched over 25 block pairs and 2 candidates it is −10.80.
  PairResult alone = Decided({Exact(-12.5)});
  EXPECT_EQ(alone.verdict, Verdict::kDerived);
  PairResult corrected = Decided({Exact(-12.5, "trunk", 25)}, /*candidates=*/2);
  EXPECT_NEAR(*corrected.log10_p_adjusted, -12.5 + std::log10(50.0), 1e-12);
  EXPECT_EQ(corrected.verdict, Verdict::kInconclusive);
  EXPECT_EQ(corrected.reason, kReasonMixed);
}

TEST(DecideTest, AdjustedPValueNeverExceedsOne) {
  PairResult p = Decided({Exact(-0.1, "trunk", 1000)}, 5);
  EXPECT_LE(*p.log10_p_adjusted, 0.0);
}

TEST(DecideTest, RobustZFarBeyondPanelIsDerived) {
  // z_adj = (0.9 − 0.01)/(0.02·√(1 + 1/20)) = 43.4.
  PairResult p = Decided({Robust(0.9, 0.01, 0.02, 0.05, 20)});
  EXPECT_EQ(p.verdict, Verdict::kDerived);
  EXPECT_EQ(p.reason, kReasonRobust);
  ASSERT_EQ(p.robust.size(), 1u);
  EXPECT_NEAR(p.robust[0].z_adj, 0.89 / (0.02 * std::sqrt(1.05)), 1e-9);
  EXPECT_TRUE(p.robust[0].beyond_panel);
  // A panel of 20 cannot vouch for a tail of 1e-400: the score says it was extrapolated.
  EXPECT_TRUE(p.robust[0].extrapolated);
  EXPECT_FALSE(p.log10_p_exact.has_value());
}

TEST(DecideTest, RobustZUsesPredictiveInflationForSmallPanels) {
  // n0 = 3: √(1 + 1/3) shrinks z from 10.5 to 9.09, below the bar of 10.
  PairResult p = Decided({Robust(0.22, 0.01, 0.02, 0.05, 3)});
  ASSERT_EQ(p.robust.size(), 1u);
  EXPECT_NEAR(p.robust[0].z_adj, 10.5 / std::sqrt(4.0 / 3.0), 1e-9);
  EXPECT_NE(p.verdict, Verdict::kDerived);
}

TEST(DecideTest, RobustEvidenceNeedsAgreeingEffectSizes) {
  Finding against = Robust(0.001, 0.01, 0.02, 0.05, 20);
  against.test = "cka_q";
  PairResult p = Decided({Robust(0.9, 0.01, 0.02, 0.05, 20), against});
  EXPECT_NE(p.verdict, Verdict::kDerived);
  EXPECT_EQ(p.reason, kReasonMixed);
}

TEST(DecideTest, StrongestEvidencePrefersExactTests) {
  // The robust z of 43 claims a smaller tail than p = 1e-20, but its null rests on a fitted tail.
  PairResult p = Decided({Robust(0.9, 0.01, 0.02, 0.05, 20), Exact(-20)});
  ASSERT_TRUE(p.strongest_for.has_value());
  EXPECT_EQ(p.strongest_for->test, "unit_identity_fisher");
}

TEST(DecideTest, NullStatisticsWithPowerAreIndependent) {
  PairResult p = Decided({Exact(-0.4), Robust(0.011, 0.01, 0.02, 0.05, 20)});
  EXPECT_EQ(p.verdict, Verdict::kIndependent);
  EXPECT_EQ(p.reason, kReasonNullWithPower);
  EXPECT_FALSE(p.strongest_for.has_value());
  ASSERT_TRUE(p.strongest_against.has_value());
  EXPECT_TRUE(p.derivation.empty());
}

TEST(DecideTest, NullStatisticsWithoutPowerAreInconclusive) {
  PairResult low = Decided({Exact(-0.4)}, 1, /*power=*/0.9);
  EXPECT_EQ(low.verdict, Verdict::kInconclusive);
  EXPECT_EQ(low.reason, kReasonNullWithoutPower);
  PairResult unmeasured = Pair({Exact(-0.4)}, 1.0, /*measured=*/false);
  DecidePair(DecideOptions{}, &unmeasured);
  EXPECT_EQ(unmeasured.verdict, Verdict::kInconclusive);
}

TEST(DecideTest, SignificantButBelowDecisionBarIsInconclusive) {
  PairResult p = Decided({Exact(-5)});
  EXPECT_EQ(p.verdict, Verdict::kInconclusive);
  EXPECT_EQ(p.reason, kReasonMixed);
}

TEST(DecideTest, TokenizerAndArchitectureNeverDecide) {
  Finding tok;
  tok.analysis = "tokenizer";
  tok.test = "tokenizer_relation";
  tok.log10_p = -300;
  tok.decisive = true;  // mislabelled on purpose: still context
  Finding arch;
  arch.analysis = "architecture";
  arch.test = "config_fields";
  arch.z = 50;
  arch.decisive = true;
  PairResult p = Decided({tok, arch});
  EXPECT_EQ(p.verdict, Verdict::kInconclusive);
  EXPECT_EQ(p.reason, kReasonNoWeightEvidence);
  EXPECT_TRUE(p.components.empty());
  // Beside independent weight statistics they change nothing either.
  PairResult q = Decided({tok, arch, Exact(-0.4)});
  EXPECT_EQ(q.verdict, Verdict::kIndependent);
}

TEST(DecideTest, NonDecisiveWeightFindingsAreContext) {
  Finding f = Exact(-50);
  f.decisive = false;
  PairResult p = Decided({f});
  EXPECT_EQ(p.reason, kReasonNoWeightEvidence);
}

TEST(DecideTest, ReusedComponentBesideIndependentTrunk) {
  PairResult p = Pair({Exact(-0.3, "trunk"), Exact(-40, "vision")});
  p.derivation = {"fine-tuned"};
  DecidePair(DecideOptions{}, &p);
  EXPECT_EQ(p.verdict, Verdict::kDerived);
  ASSERT_EQ(p.components.size(), 2u);
  EXPECT_EQ(p.components[0].name, "trunk");
  EXPECT_EQ(p.components[0].verdict, "independent");
  EXPECT_EQ(p.components[1].name, "vision");
  EXPECT_EQ(p.components[1].verdict, "derived");
  EXPECT_NE(std::find(p.derivation.begin(), p.derivation.end(), "component-reuse"),
            p.derivation.end());
  EXPECT_EQ(p.strongest_for->component, "vision");
  EXPECT_EQ(p.strongest_against->component, "trunk");
}

TEST(DecideTest, DerivationTypesDroppedUnlessDerived) {
  PairResult p = Pair({Exact(-0.3)});
  p.derivation = {"fine-tuned"};
  DecidePair(DecideOptions{}, &p);
  EXPECT_EQ(p.verdict, Verdict::kIndependent);
  EXPECT_TRUE(p.derivation.empty());
}

TEST(DecideTest, RobustEvidenceMustReachItsEffectFloor) {
  // z_adj = 43 against a random-init panel, but the effect is far from what a derived pair shows
  // (trained independent models exceed random-init panels through convergent features).
  Finding weak = Robust(0.12, 0.01, 0.002, 0.02, 20);
  weak.effect_floor = 0.5;
  PairResult p = Decided({weak});
  ASSERT_EQ(p.robust.size(), 1u);
  EXPECT_GT(p.robust[0].z_adj, 10);
  EXPECT_NE(p.verdict, Verdict::kDerived);
  Finding strong = weak;
  strong.value = 0.8;
  EXPECT_EQ(Decided({strong}).verdict, Verdict::kDerived);
}

TEST(DecideTest, RobustEvidenceMustExceedEveryPanelMember) {
  // z_adj > 10 by the fitted tail, yet one panel member lies above the value.
  Finding f = Robust(0.9, 0.01, 0.02, 0.05, 20);
  f.null->quantile_99.reset();
  f.null->max = 0.95;
  PairResult p = Decided({f});
  ASSERT_EQ(p.robust.size(), 1u);
  EXPECT_FALSE(p.robust[0].beyond_panel);
  EXPECT_NE(p.verdict, Verdict::kDerived);
  f.null->max = 0.06;
  EXPECT_EQ(Decided({f}).verdict, Verdict::kDerived);
}

TEST(DecideTest, PowerFromControlsUsesTheDecisionThresholdAndCorrection) {
  // Two exact tests × 3 candidates: factor 6 (+0.78). A control at −12.5 misses the bar after it.
  PairResult p = Pair({Exact(-0.4), Exact(-0.3, "block 0")}, 0.0, /*measured=*/false);
  p.power.control_log10_p = {-40, -12.5, -30};
  DecideOptions o;
  o.candidates_checked = 3;
  DecidePair(o, &p);
  EXPECT_TRUE(p.power.measured);
  EXPECT_EQ(p.power.controls, 3);
  EXPECT_NEAR(p.power.power, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(p.verdict, Verdict::kInconclusive);
  PairResult q = Pair({Exact(-0.4)}, 0.0, /*measured=*/false);
  q.power.control_log10_p = {-40, -13, -30};
  DecidePair(DecideOptions{}, &q);
  EXPECT_DOUBLE_EQ(q.power.power, 1.0);
  EXPECT_EQ(q.verdict, Verdict::kIndependent);
}

TEST(DecideTest, LowerBoundPanelConfirmsButNeverBlocksIndependence) {
  // Above a random-init panel (z_adj 11) but below the derived effect size: a distilled or
  // convergently trained model looks like this, so it does not keep the pair from independence.
  Finding s4 = Robust(0.23, 0.0, 0.02, 0.05, 8);
  s4.test = "huref_invariants";
  s4.effect_floor = 0.5;
  s4.panel_is_lower_bound = true;
  PairResult p = Decided({Exact(-0.4), s4});
  EXPECT_EQ(p.verdict, Verdict::kIndependent);
  s4.panel_is_lower_bound = false;
  EXPECT_EQ(Decided({Exact(-0.4), s4}).verdict, Verdict::kInconclusive);
  // At derived level it confirms derivation.
  s4.panel_is_lower_bound = true;
  s4.value = 0.9;
  EXPECT_EQ(Decided({Exact(-0.4), s4}).verdict, Verdict::kDerived);
}

}  // namespace
}  // namespace lineage
