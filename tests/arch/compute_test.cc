#include "arch/compute.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lineage {
namespace {

TEST(ParseQuantityTest, Suffixes) {
  EXPECT_DOUBLE_EQ(*ParseQuantity("102.6B"), 102.6e9);
  EXPECT_DOUBLE_EQ(*ParseQuantity("19.7T"), 19.7e12);
  EXPECT_DOUBLE_EQ(*ParseQuantity("2.788M"), 2.788e6);
  EXPECT_DOUBLE_EQ(*ParseQuantity("1e24"), 1e24);
  EXPECT_DOUBLE_EQ(*ParseQuantity("12k"), 12e3);
  for (const char* bad : {"", "abc", "12X", "B", "1e999", "nan", "1.2.3B"}) {
    EXPECT_FALSE(ParseQuantity(bad).ok()) << bad;
  }
}

// METHODS.md §9: Solar-Open-100B's public claim.
TEST(ComputeTest, SolarOpenClaimFlops) {
  ComputeClaim c;
  c.total_params = 102.6e9;
  c.active_params = 12e9;
  c.tokens = 19.7e12;
  c.gpu = "B200";
  auto r = EvaluateCompute(c);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->flops / 1e24, 1.42, 0.005);
  EXPECT_NEAR(r->gpu_hours / 1e5, 4.4, 0.05);  // METHODS: ≈ 4.4e5 B200-hours at 40%
  EXPECT_FALSE(r->implied_mfu.has_value());
}

TEST(ComputeTest, Llama31_405bImpliedMfu) {
  ComputeClaim c;
  c.active_params = 405e9;
  c.tokens = 15.6e12;
  c.gpu = "H100";
  c.gpu_hours = 30.84e6;
  auto r = EvaluateCompute(c);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(*r->implied_mfu, 0.345, 0.002);
  EXPECT_TRUE(r->flags.empty() || r->flags == std::vector<std::string>{"few-tokens-per-param"});
}

TEST(ComputeTest, DeepSeekV3ImpliedMfu) {
  ComputeClaim c;
  c.total_params = 671e9;
  c.active_params = 37e9;
  c.tokens = 14.8e12;
  c.gpu = "H800";
  c.gpu_hours = 2.788e6;
  auto r = EvaluateCompute(c);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(*r->implied_mfu, 0.33, 0.005);
}

TEST(ComputeTest, ImplausibleClaimsAreFlagged) {
  ComputeClaim c;
  c.total_params = 102.6e9;
  c.active_params = 12e9;
  c.tokens = 19.7e12;
  c.gpu = "H100";
  c.gpus = 64;
  c.days = 30;  // 46,080 H100-hours for 1.42e24 FLOPs: MFU far above 100%
  auto r = EvaluateCompute(c);
  ASSERT_TRUE(r.ok());
  EXPECT_GT(*r->implied_mfu, 1.0);
  EXPECT_NE(std::find(r->flags.begin(), r->flags.end(), "mfu-impossible"), r->flags.end());
  EXPECT_NE(std::find(r->flags.begin(), r->flags.end(), "fits-fine-tune-not-pretraining"),
            r->flags.end());

  c.gpus = 1000;  // 720k H100-hours: ~55% MFU, plausible
  auto ok = EvaluateCompute(c);
  EXPECT_TRUE(ok->flags.empty());
  c.gpus = 800;  // ~69%: not credible, but enough for Chinchilla-minimum pretraining
  auto high = EvaluateCompute(c);
  EXPECT_EQ(high->flags, std::vector<std::string>{"mfu-not-credible"});
}

TEST(ComputeTest, CostUsesClaimedHours) {
  ComputeClaim c;
  c.active_params = 7e9;
  c.tokens = 2e12;
  c.gpu = "A100";
  c.gpu_hours = 1e6;
  c.price = 2.0;
  auto r = EvaluateCompute(c);
  EXPECT_DOUBLE_EQ(*r->cost, 2e6);
}

TEST(ComputeTest, AbsurdInputsAreRejected) {
  ComputeClaim base;
  base.active_params = 7e9;
  base.tokens = 1e12;
  auto expect_bad = [&](auto mutate) {
    ComputeClaim c = base;
    mutate(c);
    auto r = EvaluateCompute(c);
    EXPECT_FALSE(r.ok());
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    }
  };
  expect_bad([](ComputeClaim& c) { c.active_params = -1; });
  expect_bad([](ComputeClaim& c) { c.tokens = 0; });
  expect_bad([](ComputeClaim& c) { c.mfu = 1.5; });
  expect_bad([](ComputeClaim& c) { c.mfu = 0; });
  expect_bad([](ComputeClaim& c) { c.gpu = "GTX1080"; });
  expect_bad([](ComputeClaim& c) { c.gpus = 8; });            // no days
  expect_bad([](ComputeClaim& c) { c.gpu_hours = 10; });      // no --gpu
  expect_bad([](ComputeClaim& c) { c.total_params = 1e9; });  // active > total
  expect_bad([](ComputeClaim& c) { c.tokens = std::nan(""); });
}

}  // namespace
}  // namespace lineage
