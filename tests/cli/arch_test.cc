#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;
using testing::TestData;

TEST(ArchCliTest, JsonContractOnShippedModels) {
  auto r = RunCli({"arch", Example("models/indep-s1"), Example("models/base"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["identical"], true);
  EXPECT_TRUE(j["differences"].is_array());
  EXPECT_TRUE(j["differences"].empty());
  EXPECT_EQ(j["weight_evidence"], false);
  // Deterministic: same bytes twice.
  EXPECT_EQ(RunCli({"arch", Example("models/indep-s1"), Example("models/base"), "--json"}).out,
            r.out);
}

TEST(ArchCliTest, TextSaysReuseIsNotWeightEvidence) {
  auto r = RunCli({"arch", TestData("configs/vicuna-13b-4bit-128g"), TestData("configs/atom-7b")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Architecture: different"), std::string::npos);
  EXPECT_NE(r.out.find("not evidence of weight reuse"), std::string::npos);
  auto ko = RunCli({"arch", TestData("configs/vicuna-13b-4bit-128g"), TestData("configs/atom-7b"),
                    "--lang", "ko"});
  EXPECT_NE(ko.out.find("가중치 재사용의"), std::string::npos);
}

TEST(ArchCliTest, UserCatalogExtendsRarity) {
  std::string dir = testing::TempDir("cli-catalog");
  // Three more configs with hidden size 64 make it common enough (> 10% of the catalog).
  for (int layers : {3, 4, 6}) {
    testing::WriteFile(dir + "/x" + std::to_string(layers) + ".json",
                       R"({"model_type": "llama", "hidden_size": 64, "num_hidden_layers": )" +
                           std::to_string(layers) + "}");
  }
  auto before = nlohmann::json::parse(
      RunCli({"arch", Example("models/base"), Example("models/ft-sft"), "--json"}).out);
  bool rare_before = false;
  for (const auto& f : before["rare_shared"]) rare_before |= f["key"] == "hidden_size";
  EXPECT_TRUE(rare_before);
  auto r = RunCli(
      {"arch", Example("models/base"), Example("models/ft-sft"), "--json", "--catalog", dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["catalog_dirs"].size(), 2u);
  for (const auto& f : j["rare_shared"]) EXPECT_NE(f["key"], "hidden_size");  // now seen once more
}

TEST(ArchCliTest, BadInputAndUsage) {
  auto missing = RunCli({"arch", "/nonexistent", Example("models/base")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent"), std::string::npos);
  std::string dir = testing::TempDir("cli-arch");
  testing::WriteFile(dir + "/config.json", std::string("{\"hidden_size\": [1,"));
  auto corrupt = RunCli({"arch", dir, Example("models/base")});
  EXPECT_EQ(corrupt.exit_code, 1);
  EXPECT_NE(corrupt.err.find("offset"), std::string::npos);
  EXPECT_EQ(RunCli({"arch", Example("models/base")}).exit_code, 2);
  EXPECT_EQ(
      RunCli({"arch", Example("models/base"), Example("models/base"), "--lang", "fr"}).exit_code,
      2);
  EXPECT_EQ(RunCli({"arch", Example("models/base"), Example("models/base"), "--catalog", "/nope"})
                .exit_code,
            1);
}

}  // namespace
}  // namespace lineage
