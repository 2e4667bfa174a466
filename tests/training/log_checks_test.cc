#include "training/log_checks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace lineage {
namespace {

// A realistic curve: ln V at step 0, fast then slowing descent towards 2 nats, small noise.
TrainingLog Curve(double start, int points, uint32_t seed, int splice_at = -1,
                  double splice_drop = 0) {
  TrainingLog l;
  l.source = "synthetic.csv";
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 0.03);
  for (int i = 0; i < points; ++i) {
    double t = i * 10.0;
    double loss = 2.0 + (start - 2.0) * std::exp(-t / 300.0) + (i ? noise(rng) : 0);
    if (splice_at >= 0 && i >= splice_at) loss -= splice_drop;
    l.points.push_back({static_cast<int64_t>(t), loss, t * 4096});
  }
  return l;
}

TEST(LogChecksTest, RandomInitStartPasses) {
  LogCheckOptions opt;
  opt.vocab_size = 32000;
  auto r = CheckTrainingLogs({Curve(std::log(32000.0), 500, 1)}, opt);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->warm_start);
  EXPECT_NEAR(*r->ln_vocab, 10.37, 0.01);
  EXPECT_TRUE(r->discontinuities.empty())
      << r->discontinuities[0].kind << " at " << r->discontinuities[0].step;
  EXPECT_TRUE(r->flags.empty());
}

TEST(LogChecksTest, FarBelowLnVIsAWarmStart) {
  LogCheckOptions opt;
  opt.vocab_size = 32000;
  auto r = CheckTrainingLogs({Curve(2.6, 200, 2)}, opt);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->warm_start);
  EXPECT_NE(std::find(r->flags.begin(), r->flags.end(), "warm-start"), r->flags.end());
}

TEST(LogChecksTest, SpliceOntoABetterModelIsADiscontinuity) {
  LogCheckOptions opt;
  opt.vocab_size = 32000;
  auto r = CheckTrainingLogs({Curve(std::log(32000.0), 500, 3, 300, 1.0)}, opt);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->discontinuities.size(), 1u);
  EXPECT_EQ(r->discontinuities[0].kind, "loss-drop");
  EXPECT_EQ(r->discontinuities[0].index, 300u);
}

TEST(LogChecksTest, StepResetAcrossFilesAndTransientSpike) {
  TrainingLog a = Curve(std::log(32000.0), 100, 4);
  TrainingLog b = Curve(std::log(32000.0), 100, 5);
  b.source = "second.csv";
  a.points[50].loss += 2.0;  // one-point spike that recovers: ordinary
  auto r = CheckTrainingLogs({a, b}, LogCheckOptions{});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->discontinuities.size(), 1u);
  EXPECT_EQ(r->discontinuities[0].kind, "step-reset");
  EXPECT_EQ(r->discontinuities[0].source, "second.csv");
}

TEST(LogChecksTest, TokensAgainstClaim) {
  LogCheckOptions opt;
  TrainingLog l = Curve(10, 101, 6);  // last step 1000, tokens 4096000
  opt.claimed_tokens = 4.096e6;
  auto ok = CheckTrainingLogs({l}, opt);
  EXPECT_EQ(ok->tokens_match, true);
  opt.claimed_tokens = 1e9;
  auto bad = CheckTrainingLogs({l}, opt);
  EXPECT_EQ(bad->tokens_match, false);
  EXPECT_NE(std::find(bad->flags.begin(), bad->flags.end(), "tokens-mismatch"), bad->flags.end());
  for (auto& p : l.points) p.tokens.reset();
  opt.claimed_tokens = 2e6;
  opt.tokens_per_step = 2000;
  auto per_step = CheckTrainingLogs({l}, opt);
  EXPECT_DOUBLE_EQ(*per_step->tokens_logged, 2e6);
  EXPECT_EQ(per_step->tokens_match, true);
}

TEST(LogChecksTest, BadOptionsAndEmptyLogs) {
  LogCheckOptions opt;
  opt.vocab_size = 1;
  EXPECT_FALSE(CheckTrainingLogs({Curve(10, 10, 7)}, opt).ok());
  EXPECT_FALSE(CheckTrainingLogs({TrainingLog{}}, LogCheckOptions{}).ok());
}

}  // namespace
}  // namespace lineage
