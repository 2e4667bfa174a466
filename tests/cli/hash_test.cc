#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "model_fixtures.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

TEST(HashCli, ManifestJson) {
  auto r = RunCli({"hash", Example("models/base"), "--json", "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["tensors"].size(), 47u);
  for (const auto& t : j["tensors"]) {
    for (const char* k : {"name", "dtype", "shape", "sha256"}) EXPECT_TRUE(t.contains(k)) << k;
    EXPECT_EQ(t["sha256"].get<std::string>().size(), 64u);
  }
}

TEST(HashCli, GgufManifestLinesInLlamaGgufHashStyle) {
  std::string gguf = Example("models/base-gguf-f32/base-gguf-f32.gguf");
  auto r = RunCli({"hash", gguf});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("sha256    ", 0), 0u);
  EXPECT_NE(r.out.find(gguf + ":token_embd.weight"), std::string::npos);
}

TEST(HashCli, TwoModelsListIdenticalAndValueIdentical) {
  auto r = RunCli({"hash", Example("models/base"), Example("models/base-gguf-f32"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["identical"].size(), 37u);
  EXPECT_EQ(j["value_identical"].size(), 47u);
  // Names differ between HF and GGUF, so entries are [nameA, nameB] pairs.
  EXPECT_TRUE(j["value_identical"][0].is_array());

  auto same = RunCli({"hash", Example("models/base"), Example("models/base"), "--json"});
  ASSERT_EQ(same.exit_code, 0);
  auto js = nlohmann::json::parse(same.out);
  EXPECT_TRUE(js["identical"][0].is_string());
  EXPECT_EQ(js["identical"].size(), 47u);
}

TEST(HashCli, Bf16CastReportsCastEquivalence) {
  std::string dir = testing::TempDir("cli-cast");
  ASSERT_TRUE(testing::WriteBf16Copy(testing::LoadOrFail(Example("models/base")),
                                     dir + "/model.safetensors", testing::CopyKind::kBf16));
  auto r = RunCli({"hash", Example("models/base"), dir, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["identical"].empty());
  ASSERT_EQ(j["cast_equivalence"].size(), 47u);
  for (const auto& e : j["cast_equivalence"]) {
    EXPECT_EQ(e["rounded_to"], "BF16");
    EXPECT_EQ(e["equal_fraction"], 1.0);
  }
}

TEST(HashCli, BadInput) {
  auto r = RunCli({"hash", Example("models/base"), "/nonexistent/model.gguf"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/model.gguf"), std::string::npos);
  EXPECT_EQ(RunCli({"hash"}).exit_code, 2);
  EXPECT_EQ(RunCli({"hash", "a", "b", "c"}).exit_code, 2);
}

}  // namespace
}  // namespace lineage
