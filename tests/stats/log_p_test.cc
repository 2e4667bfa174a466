#include "stats/log_p.h"

#include <cmath>

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(LogP, TinyPIsRepresentedAndPrinted) {
  // p = 1e-2000 cannot be a double; its log can, and prints as -2000.
  const Log10P v = LnToLog10P(-2000 * kLn10);
  EXPECT_FALSE(v.clamped);
  EXPECT_NEAR(v.value, -2000, 1e-9);
  EXPECT_EQ(FormatLog10P(v.value), "-2000");
  EXPECT_EQ(FormatLog10P(-2.345), "-2.35");
}

TEST(LogP, ImpossibleValuesAreClampedWithANote) {
  Log10P v = LnToLog10P(-INFINITY);
  EXPECT_TRUE(v.clamped);
  EXPECT_EQ(v.value, kMinLog10P);
  v = ClampLog10P(NAN);
  EXPECT_TRUE(v.clamped);
  EXPECT_EQ(v.value, 0.0);
  v = ClampLog10P(0.5);
  EXPECT_TRUE(v.clamped);
  EXPECT_EQ(v.value, 0.0);
}

TEST(LogP, Log1mExpAndLogAddExp) {
  EXPECT_NEAR(Log1mExp(-1e-20), std::log(1e-20), 1e-9);
  EXPECT_NEAR(Log1mExp(-50), -std::exp(-50.0), 1e-30);
  EXPECT_NEAR(LogAddExp(-1000, -1000), -1000 + std::log(2.0), 1e-12);
  EXPECT_EQ(LogAddExp(-INFINITY, 3.0), 3.0);
}

}  // namespace
}  // namespace lineage
