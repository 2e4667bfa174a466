#include "stats/sign_test.h"

#include <vector>

#include <gtest/gtest.h>

namespace lineage {
namespace {

// Reference values: scipy.stats.binom.sf(wins - 1, wins + losses, 0.5).
TEST(SignTestP, MatchesTheExactBinomialTail) {
  EXPECT_NEAR(SignTestP(10, 0), 0.0009765625, 1e-15);
  EXPECT_NEAR(SignTestP(8, 2), 0.0546875, 1e-14);
  EXPECT_NEAR(SignTestP(5, 5), 0.623046875, 1e-13);
  EXPECT_NEAR(SignTestP(30, 10), 0.0011107168866146822, 1e-14);
  EXPECT_NEAR(SignTestP(60, 40), 0.02844396682049044, 1e-13);
  EXPECT_DOUBLE_EQ(SignTestP(1, 0), 0.5);
}

TEST(SignTestP, NoPairsOrInvalidCountsClaimNothing) {
  EXPECT_EQ(SignTestP(0, 0), 1.0);
  EXPECT_EQ(SignTestP(0, 7), 1.0);
  EXPECT_EQ(SignTestP(-1, 3), 1.0);
}

TEST(SignTestP, HugeCountsStayInRange) {
  const double p = SignTestP(6000, 4000);
  EXPECT_GE(p, 0.0);
  EXPECT_LT(p, 1e-80);
}

TEST(HolmAdjust, StepDownInInputOrder) {
  const std::vector<double> p = {0.04, 0.01, 0.03};
  const std::vector<double> h = HolmAdjust(p);
  // Sorted: 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> monotone max 0.06.
  EXPECT_NEAR(h[1], 0.03, 1e-15);
  EXPECT_NEAR(h[2], 0.06, 1e-15);
  EXPECT_NEAR(h[0], 0.06, 1e-15);
}

TEST(HolmAdjust, CapsAtOneAndKeepsEmpty) {
  const std::vector<double> p = {0.9, 0.6};
  const std::vector<double> h = HolmAdjust(p);
  EXPECT_EQ(h[0], 1.0);
  EXPECT_EQ(h[1], 1.0);
  EXPECT_TRUE(HolmAdjust(std::vector<double>{}).empty());
}

// Reference: the smallest n whose exact one-sided level-alpha test has power >= target at q,
// computed with scipy.stats.binom in Python.
TEST(SignTestPairsForPower, MatchesAnIndependentSearch) {
  EXPECT_EQ(SignTestPairsForPower(0.8, 0.01 / 3, 0.9, 5000), 40);
  EXPECT_EQ(SignTestPairsForPower(0.8, 0.01, 0.9, 5000), 35);
  EXPECT_EQ(SignTestPairsForPower(0.7, 0.05, 0.8, 5000), 37);
}

TEST(SignTestPairsForPower, ImpossibleTargetsSayNo) {
  EXPECT_EQ(SignTestPairsForPower(0.5, 0.01, 0.9, 5000), -1);
  EXPECT_EQ(SignTestPairsForPower(0.8, 0.01, 0.9, 5), -1);
}

}  // namespace
}  // namespace lineage
