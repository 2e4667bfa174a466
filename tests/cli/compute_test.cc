#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::RunCli;

nlohmann::json Json(const testing::CliResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

TEST(ComputeCliTest, SolarOpenPrints142e24) {
  auto r = RunCli({"compute", "--params", "102.6B", "--active", "12B", "--tokens", "19.7T"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1.42e+24 FLOPs"), std::string::npos) << r.out;
  auto j = Json(
      RunCli({"compute", "--params", "102.6B", "--active", "12B", "--tokens", "19.7T", "--json"}));
  EXPECT_NEAR(j["flops"].get<double>(), 1.4184e24, 1e21);
  EXPECT_TRUE(j["implied_mfu"].is_null());
  EXPECT_TRUE(j["gpu_hours"].is_number());
}

TEST(ComputeCliTest, PublishedRunsImpliedMfu) {
  auto llama = Json(RunCli({"compute", "--params", "405B", "--tokens", "15.6T", "--gpu", "H100",
                            "--gpu-hours", "30.84M", "--json"}));
  EXPECT_NEAR(llama["implied_mfu"].get<double>(), 0.345, 0.002);
  auto ds = Json(RunCli({"compute", "--params", "671B", "--active", "37B", "--tokens", "14.8T",
                         "--gpu", "H800", "--gpu-hours", "2.788M", "--json"}));
  EXPECT_NEAR(ds["implied_mfu"].get<double>(), 0.33, 0.005);
  auto cluster = Json(RunCli({"compute", "--params", "7B", "--tokens", "2T", "--gpu", "A100",
                              "--gpus", "8", "--days", "10", "--json", "--price", "2"}));
  EXPECT_GT(cluster["implied_mfu"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(cluster["cost"].get<double>(), 8 * 10 * 24 * 2.0);
}

TEST(ComputeCliTest, ParametersFromShippedModelConfig) {
  auto j = Json(RunCli({"compute", testing::Example("models/base"), "--tokens", "1B", "--json"}));
  EXPECT_DOUBLE_EQ(j["params_total"].get<double>(), 260032);
  EXPECT_DOUBLE_EQ(j["flops"].get<double>(), 6.0 * 260032 * 1e9);
}

TEST(ComputeCliTest, AbsurdFlagsAreUsageErrors) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"compute", "--params", "abc", "--tokens", "1T"},
        {"compute", "--params", "0", "--tokens", "1T"},
        {"compute", "--params", "7B", "--tokens", "-1T"},
        {"compute", "--params", "7B", "--tokens", "1T", "--mfu", "1.5"},
        {"compute", "--params", "7B", "--tokens", "1T", "--gpu", "Z80", "--gpu-hours", "5"},
        {"compute", "--params", "7B", "--tokens", "1T", "--gpus", "8"},
        {"compute", "--params", "7B"},
        {"compute", "--tokens", "1T"}}) {
    auto r = RunCli(args);
    EXPECT_EQ(r.exit_code, 2) << args[2] << " " << r.err;
    EXPECT_FALSE(r.err.empty());
  }
  EXPECT_EQ(RunCli({"compute", "/nonexistent", "--tokens", "1T"}).exit_code, 1);
}

}  // namespace
}  // namespace lineage
