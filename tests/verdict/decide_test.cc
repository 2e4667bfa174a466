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
  f.null = NullModel{"exact", "Fisher", {}, {}, {}, 0, {}, {}, {}};
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
  f.null = NullModel{"calibrated-panel", "panel", mean, sd, q99, n0, {}, {}, {}};
  f.decisive = true;
  f.approximate = true;
  f.direction = value > q99 ? Direction::kForDerivation : Direction::kAgainstDerivation;
  return f;
}

// Power as the positive controls leave it: counts only (no per-component counts, so the pair's
// bound is the trunk's); DecidePair derives the rate and the bounds. 30 of 30 bound it at 0.905.
PairResult Pair(std::vector<Finding> findings, int detections = 30, int controls = 30) {
  PairResult p;
  p.base = "b";
  p.findings = std::move(findings);
  p.power.controls = controls;
  p.power.detections = detections;
  return p;
}

// A trunk statistic against a trained panel of n0 records with its rank p, effect floor 0.5.
Finding Panel(double value, double mean, double sd, double max, int n0, double rank_p) {
  Finding f = Robust(value, mean, sd, max, n0);
  f.null->quantile_99.reset();
  f.null->max = max;
  f.null->rank_p = rank_p;
  f.effect_floor = 0.5;
  return f;
}

PairResult Decided(std::vector<Finding> findings, int candidates = 1, int detections = 30) {
  PairResult p = Pair(std::move(findings), detections);
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

TEST(DecideTest, NoFindingVetoesAnother) {
  // A robust statistic inside its null does not contradict one that rejects independence at the
  // corrected level: the tests are one Bonferroni family (METHODS §10.2), not a vote. (The former
  // "against" veto could never fire: no robust analysis marks a finding against derivation.)
  Finding against = Robust(0.001, 0.01, 0.02, 0.05, 20);
  against.test = "cka_q";
  PairResult p = Decided({Robust(0.9, 0.01, 0.02, 0.05, 20), against});
  EXPECT_EQ(p.verdict, Verdict::kDerived);
  EXPECT_EQ(p.reason, kReasonRobust);
  // Two calibrated statistics: each p is corrected by 2.
  ASSERT_EQ(p.robust.size(), 2u);
  ASSERT_TRUE(p.robust[0].log10_p_adj.has_value());
  EXPECT_EQ(p.robust[0].p_method, kPMethodStudentT);
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
  PairResult low = Decided({Exact(-0.4)}, 1, /*detections=*/27);  // power 0.9, bound 0.76
  EXPECT_EQ(low.verdict, Verdict::kInconclusive);
  EXPECT_EQ(low.reason, kReasonNullWithoutPower);
  PairResult unmeasured = Pair({Exact(-0.4)}, 0, /*controls=*/0);
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

TEST(DecideTest, TheEffectFloorIsCheckedAtTheLowEndOfTheSamplingInterval) {
  // 0.56 over a handful of sampled units: its interval reaches down to 0.3, below the floor.
  Finding f = Robust(0.56, 0.01, 0.002, 0.02, 20);
  f.effect_floor = 0.5;
  f.value_interval = std::make_pair(0.30, 0.79);
  EXPECT_NE(Decided({f}).verdict, Verdict::kDerived);
  // The same agreement over many units: the whole interval clears the floor.
  f.value_interval = std::make_pair(0.53, 0.59);
  EXPECT_EQ(Decided({f}).verdict, Verdict::kDerived);
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

// Replaces the 3-control rule (power ≥ 0.99 from raw control p-values): "independent" needs the
// one-sided 95 % Clopper–Pearson lower bound ≥ 0.9, which 29 of 29 reach (0.902) and 28 of 28
// (0.899) or 29 of 30 (0.851) do not.
TEST(DecideTest, IndependentNeedsTheClopperPearsonLowerBound) {
  auto decided = [](int detections, int controls) {
    PairResult p = Pair({Exact(-0.4)}, detections, controls);
    DecidePair(DecideOptions{}, &p);
    return p;
  };
  const PairResult p29 = decided(29, 29);
  EXPECT_TRUE(p29.power.measured);
  EXPECT_NEAR(p29.power.lower_bound, 0.9018, 1e-4);
  EXPECT_DOUBLE_EQ(p29.power.power, 1.0);
  EXPECT_EQ(p29.verdict, Verdict::kIndependent);
  EXPECT_EQ(decided(28, 28).verdict, Verdict::kInconclusive);
  EXPECT_EQ(decided(29, 30).verdict, Verdict::kInconclusive);
  EXPECT_NEAR(decided(29, 30).power.power, 29.0 / 30.0, 1e-12);
  EXPECT_EQ(decided(3, 3).verdict, Verdict::kInconclusive);  // the old rule's 3 of 3: bound 0.37
  DecideOptions lenient;
  lenient.required_power_lower_bound = 0.3;
  PairResult p3 = Pair({Exact(-0.4)}, 3, 3);
  DecidePair(lenient, &p3);
  EXPECT_EQ(p3.verdict, Verdict::kIndependent);
}

// A component whose class the controls did not exercise is "not comparable", never independent
// on the trunk's power; it neither makes nor spoils the pair's independence.
TEST(DecideTest, ComponentWithoutItsOwnPowerIsNotComparable) {
  PairResult p = Pair({Exact(-0.3, "trunk"), Exact(-0.5, "block 2"), Exact(-0.2, "lm_head")});
  p.power.components = {{"trunk", 30, 30, 0}, {"embed", 30, 30, 0}};
  DecidePair(DecideOptions{}, &p);
  ASSERT_EQ(p.components.size(), 3u);
  EXPECT_EQ(p.components[0].verdict, "independent");
  EXPECT_EQ(p.components[1].verdict, "independent");  // a block is measured by the trunk's controls
  EXPECT_EQ(p.components[2].verdict, kNotComparable);
  EXPECT_EQ(p.components[2].note, kReasonNoOwnPower);
  EXPECT_EQ(p.verdict, Verdict::kIndependent);
  EXPECT_NEAR(p.power.components[0].lower_bound, 0.905, 1e-3);
  // Its own power, when measured but short, makes it inconclusive, and so the pair.
  PairResult q = Pair({Exact(-0.3, "trunk"), Exact(-0.2, "lm_head")});
  q.power.components = {{"trunk", 30, 30, 0}, {"lm_head", 30, 20, 0}};
  DecidePair(DecideOptions{}, &q);
  EXPECT_EQ(q.components[1].verdict, "inconclusive");
  EXPECT_EQ(q.verdict, Verdict::kInconclusive);
  // Only not-comparable components: nothing independent to report.
  PairResult r = Pair({Exact(-0.2, "vision")});
  DecidePair(DecideOptions{}, &r);
  EXPECT_EQ(r.components[0].verdict, kNotComparable);
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  // Derived evidence on such a component still decides.
  PairResult d = Pair({Exact(-0.3, "trunk"), Exact(-40, "vision")});
  d.power.components = {{"trunk", 30, 30, 0}};
  DecidePair(DecideOptions{}, &d);
  EXPECT_EQ(d.components[1].verdict, "derived");
}

// An untied lm_head whose only test is the copy check (tensor_identity) gets no power from the
// controls, which are fine-tunes and never value-identical (METHODS §10.4 (4)): measured at 0 of
// n, it is not comparable, not inconclusive, so an independent trunk still makes the pair
// independent. A component that also carries another test keeps the measured rule.
TEST(DecideTest, CopyCheckOnlyComponentIsNotComparableWhateverItsMeasuredPower) {
  Finding copy = Exact(0, "lm_head");
  copy.test = "tensor_identity";
  PairResult p = Pair({Exact(-0.3, "trunk"), copy});
  p.power.components = {{"trunk", 60, 60, 0}, {"lm_head", 60, 0, 0}};
  DecidePair(DecideOptions{}, &p);
  ASSERT_EQ(p.components.size(), 2u);
  EXPECT_EQ(p.components[1].verdict, kNotComparable);
  EXPECT_EQ(p.components[1].note, kReasonNoOwnPower);
  EXPECT_EQ(p.verdict, Verdict::kIndependent);
  // The same component with a test of another kind: inconclusive on its measured 0 of 60.
  PairResult q = Pair({Exact(-0.3, "trunk"), copy, Exact(-0.1, "lm_head")});
  q.power.components = {{"trunk", 60, 60, 0}, {"lm_head", 60, 0, 0}};
  DecidePair(DecideOptions{}, &q);
  EXPECT_EQ(q.components[1].verdict, "inconclusive");
  EXPECT_EQ(q.verdict, Verdict::kInconclusive);
  // A copy check that fires still decides.
  Finding copied = copy;
  copied.log10_p = -1e5;
  PairResult d = Pair({Exact(-0.3, "trunk"), copied});
  d.power.components = {{"trunk", 60, 60, 0}, {"lm_head", 60, 0, 0}};
  DecidePair(DecideOptions{}, &d);
  EXPECT_EQ(d.components[1].verdict, "derived");
  EXPECT_EQ(d.verdict, Verdict::kDerived);
}

// Whether DecidePair gives `p` anything different with no power at all and with every class
// detected 60 of 60: the two extremes of what the controls could measure.
bool PowerChangedTheDecision(const PairResult& p) {
  PairResult none = p, full = p;
  none.power = PowerStatement{};
  full.power.controls = full.power.detections = 60;
  full.power.components = {{"trunk", 60, 60, 0}, {"embed", 60, 60, 0}, {"lm_head", 60, 60, 0}};
  DecidePair(DecideOptions{}, &none);
  DecidePair(DecideOptions{}, &full);
  if (none.verdict != full.verdict || none.reason != full.reason ||
      none.components.size() != full.components.size()) {
    return true;
  }
  for (size_t i = 0; i < none.components.size(); ++i) {
    const ComponentVerdict &a = none.components[i], &b = full.components[i];
    if (a.verdict != b.verdict || a.note != b.note || a.log10_p != b.log10_p) return true;
  }
  return false;
}

// The controls run only when their power can change the decision (METHODS §10.4): PowerCanDecide
// says so exactly when the two extremes of the power decide differently, for each branch of the
// rule.
TEST(DecideTest, PowerCanDecideExactlyWhenAComponentInsideItsNullWeighsIt) {
  Finding copy = Exact(0, "lm_head");
  copy.test = "tensor_identity";
  struct Case {
    const char* name;
    std::vector<Finding> findings;
    bool budget_spent;
    bool expected;
  };
  const std::vector<Case> cases = {
      {"derived trunk", {Exact(-20)}, false, false},
      {"derived trunk and embedding", {Exact(-20), Exact(-30, "embed")}, false, false},
      {"derived trunk, embedding inside its null", {Exact(-20), Exact(-0.4, "embed")}, false, true},
      {"derived trunk, copy-checked lm_head", {Exact(-20), copy}, false, false},
      {"trunk outside its null, not derived", {Exact(-5)}, false, false},
      {"trunk inside its null", {Exact(-0.4)}, false, true},
      {"trunk inside its null, copy-checked lm_head", {Exact(-0.4), copy}, false, true},
      {"trunk inside its null, budget spent", {Exact(-0.4)}, true, false},
      {"no weight evidence", {}, false, false},
  };
  for (const Case& c : cases) {
    PairResult p = Pair(c.findings, 0, 0);
    if (c.budget_spent) {
      p.sampling.emplace();
      p.sampling->stopped_on = "budget";
    }
    EXPECT_EQ(PowerCanDecide(DecideOptions{}, p), c.expected) << c.name;
    EXPECT_EQ(PowerChangedTheDecision(p), c.expected) << c.name;
  }
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

TEST(DecideTest, SameDataPanelAboveTheLevelKeepsAPoweredPairIndependent) {
  // The issue-13 case: S4 of two seeds trained on the same data lies beyond all 6 records of a
  // panel that includes same-data pairs (z_adj ≈ 11 by the fitted tail), below the effect floor.
  // Its rank p is 1/7: not significant at the corrected level, so it does not make the pair mixed.
  Finding s4 = Panel(0.3, 0.05, 0.02, 0.1, 6, 1.0 / 7.0);
  s4.test = "huref_invariants";
  PairResult p = Decided({Exact(-0.4), s4});
  ASSERT_EQ(p.robust.size(), 1u);
  EXPECT_GT(p.robust[0].z_adj, 10);
  EXPECT_EQ(p.robust[0].p_method, kPMethodRank);
  EXPECT_NEAR(*p.robust[0].log10_p_adj, std::log10(2.0 / 7.0), 1e-12);  // × 2 tests
  EXPECT_EQ(p.verdict, Verdict::kIndependent);
  EXPECT_EQ(p.reason, kReasonNullWithPower);
}

TEST(DecideTest, ParametricPanelSignificantAtTheCorrectedLevelIsMixed) {
  // n0 = 12 ≥ 8: the t tail on 11 df. z_adj 5 gives p ≈ 2e-4, × 2 tests: below 0.01.
  Finding s2 = Panel(0.15, 0.05, 0.02 / std::sqrt(1.0 + 1.0 / 12.0), 0.1, 12, 1.0 / 13.0);
  PairResult p = Decided({Exact(-0.4), s2});
  ASSERT_EQ(p.robust.size(), 1u);
  EXPECT_EQ(p.robust[0].p_method, kPMethodStudentT);
  EXPECT_NEAR(p.robust[0].z_adj, 5.0, 1e-9);
  EXPECT_LT(*p.robust[0].log10_p_adj, -2);
  EXPECT_EQ(p.verdict, Verdict::kInconclusive);
  EXPECT_EQ(p.reason, kReasonMixed);
}

TEST(DecideTest, PanelTooSmallForTheLevelIsInconclusiveNeverDerived) {
  // Derived effect size, far beyond a 5-record panel: its rank p cannot go below 1/6, so the
  // statistic cannot decide "derived"; it keeps the pair inconclusive instead.
  Finding s2 = Panel(0.9, 0.05, 0.02, 0.1, 5, 1.0 / 6.0);
  PairResult p = Decided({Exact(-0.4), s2});
  EXPECT_EQ(p.verdict, Verdict::kInconclusive);
  EXPECT_EQ(p.reason, kReasonMixed);
  // From 8 records the t tail decides it.
  Finding large = Panel(0.9, 0.05, 0.005, 0.1, 8, 1.0 / 9.0);
  PairResult q = Decided({Exact(-0.4), large});
  EXPECT_EQ(q.verdict, Verdict::kDerived);
  EXPECT_EQ(q.reason, kReasonRobust);
  // The component reports the p its verdict rests on, not the exact test's 0.
  ASSERT_EQ(q.components.size(), 1u);
  ASSERT_TRUE(q.components[0].log10_p.has_value());
  EXPECT_EQ(*q.components[0].log10_p, *q.robust[0].log10_p_adj);
  EXPECT_LT(*q.components[0].log10_p, -12);
}

TEST(DecideTest, EffectSizeRouteAgainstReplicasReportsNoPValue) {
  Finding s2 = Panel(0.9, 0.01, 0.01, 0.03, 8, 1.0 / 9.0);
  s2.panel_is_lower_bound = true;
  PairResult p = Decided({Exact(-0.4), s2});
  EXPECT_EQ(p.verdict, Verdict::kDerived);
  EXPECT_EQ(p.reason, kReasonRobustEffect);
  ASSERT_EQ(p.components.size(), 1u);
  EXPECT_FALSE(p.components[0].log10_p.has_value());
  EXPECT_EQ(p.robust[0].p_method, kPMethodLowerBound);
  EXPECT_FALSE(p.robust[0].log10_p_adj.has_value());
}

TEST(DecideTest, WithinRelativeToleranceOfAThresholdCountsConservatively) {
  // −12 · (1 + 1e-7) is within 1e-6 of the bar: not derived, and not inside the null either.
  PairResult at = Decided({Exact(-12 * (1 + 1e-7))});
  EXPECT_EQ(at.verdict, Verdict::kInconclusive);
  EXPECT_EQ(Decided({Exact(-12 * (1 + 1e-5))}).verdict, Verdict::kDerived);
  // At the null line: −3 · (1 − 1e-7) counts as outside the null.
  EXPECT_EQ(Decided({Exact(-3 * (1 - 1e-7))}).verdict, Verdict::kInconclusive);
  EXPECT_EQ(Decided({Exact(-3 * (1 - 1e-5))}).verdict, Verdict::kIndependent);
}

}  // namespace
}  // namespace lineage
