#include "stats/panel.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(Panel, ZAdjFollowsTheFormula) {
  const std::vector<double> panel = {0.01, 0.02, 0.03, 0.02, 0.02};
  const auto c = CalibrateAgainstPanel(0.5, panel);
  ASSERT_TRUE(c.ok());
  const double mean = 0.02, sd = std::sqrt(0.0002 / 4);
  EXPECT_NEAR(c->z_adj, (0.5 - mean) / (sd * std::sqrt(1 + 1.0 / 5)), 1e-9);
  EXPECT_TRUE(c->extrapolated);
  EXPECT_NEAR(c->tail_fraction, 1.0 / 6, 1e-12);
  EXPECT_LT(c->log10_p_t, -3);
}

TEST(Panel, ValueInsideThePanelIsUnremarkable) {
  const std::vector<double> panel = {0.1, 0.3, 0.2, 0.25, 0.15};
  const auto c = CalibrateAgainstPanel(0.2, panel);
  ASSERT_TRUE(c.ok());
  EXPECT_NEAR(c->log10_p_t, std::log10(0.5), 1e-6);
  EXPECT_FALSE(c->extrapolated);
  EXPECT_NEAR(c->tail_fraction, 4.0 / 6, 1e-12);
}

TEST(Panel, DegeneratePanelsAreErrors) {
  EXPECT_FALSE(CalibrateAgainstPanel(1, std::vector<double>{0.1}).ok());
  EXPECT_FALSE(CalibrateAgainstPanel(1, std::vector<double>{0.1, 0.1}).ok());
  EXPECT_FALSE(CalibrateAgainstPanel(1, std::vector<double>{0.1, NAN}).ok());
}

}  // namespace
}  // namespace lineage
