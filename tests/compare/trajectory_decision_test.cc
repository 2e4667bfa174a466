// DecideTrajectory on synthetic evidence: each pair decided by DecidePair, the chain's first
// undecided or independent step is its break, and a derived base spoils "unrelated".
#include "compare/trajectory_decision.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

PairResult ExactEvidence(double log10_p) {
  Finding f;
  f.analysis = "weights";
  f.test = "unit_identity_fisher";
  f.component = "trunk";
  f.statistic = "fisher_x";
  f.value = 1;
  f.log10_p = log10_p;
  f.null = NullModel{"exact", "Fisher", {}, {}, {}, 0, {}, {}, {}};
  f.decisive = true;
  f.direction = log10_p < -2 ? Direction::kForDerivation : Direction::kAgainstDerivation;
  PairResult p;
  p.findings.push_back(f);
  return p;
}

TrajectoryResult Chain(const std::vector<double>& step_log10_p) {
  TrajectoryResult r;
  for (size_t i = 0; i < step_log10_p.size(); ++i) {
    TrajectoryStep s;
    s.index = static_cast<int>(i) + 1;
    s.weights = ExactEvidence(step_log10_p[i]);
    r.steps.push_back(s);
  }
  return r;
}

TEST(TrajectoryDecisionTest, DerivedStepsMakeAContinuousChain) {
  TrajectoryResult r = Chain({-40, -60});
  DecideTrajectory(&r);
  EXPECT_TRUE(r.continuous);
  EXPECT_FALSE(r.first_break.has_value());
  for (const TrajectoryStep& s : r.steps) {
    EXPECT_TRUE(s.derived);
    EXPECT_EQ(s.verdict, "derived");
    EXPECT_LE(s.log10_p, -12);
  }
  EXPECT_TRUE(r.unrelated_to_bases);
}

TEST(TrajectoryDecisionTest, FirstStepNotDerivedIsTheBreak) {
  TrajectoryResult r = Chain({-40, -0.5, -60, -0.1});
  DecideTrajectory(&r);
  EXPECT_FALSE(r.continuous);
  ASSERT_TRUE(r.first_break.has_value());
  EXPECT_EQ(*r.first_break, 2);
  EXPECT_FALSE(r.steps[1].derived);
  EXPECT_TRUE(r.steps[2].derived);
}

TEST(TrajectoryDecisionTest, ADerivedBaseIsNotUnrelated) {
  TrajectoryResult r = Chain({-40});
  TrajectoryBase b;
  b.weights = ExactEvidence(-80);
  r.against.push_back(b);
  DecideTrajectory(&r);
  EXPECT_TRUE(r.against[0].derived);
  EXPECT_EQ(r.against[0].verdict, "derived");
  EXPECT_FALSE(r.unrelated_to_bases);
}

}  // namespace
}  // namespace lineage
