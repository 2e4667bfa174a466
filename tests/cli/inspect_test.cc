#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

TEST(InspectCli, JsonContractOnTheBaseExample) {
  auto r = RunCli({"inspect", Example("models/base"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "hf-dir");
  EXPECT_EQ(j["architecture"], "llama");
  EXPECT_EQ(j["parameters"]["total"], 260032);
  EXPECT_EQ(j["parameters"]["active"], 260032);
  EXPECT_EQ(j["vocab_size"], 512);
  ASSERT_EQ(j["tensors"].size(), 47u);
  for (const auto& t : j["tensors"]) {
    for (const char* k : {"name", "role", "layer", "dtype", "shape"})
      EXPECT_TRUE(t.contains(k)) << k;
  }
  EXPECT_EQ(j["tensors"][0]["dtype"], "F32");
  EXPECT_TRUE(j["unmapped"].empty());
}

TEST(InspectCli, GgufAndLlama2cFiles) {
  auto g = RunCli({"inspect", Example("models/base-gguf-f32/base-gguf-f32.gguf"), "--json"});
  ASSERT_EQ(g.exit_code, 0) << g.err;
  auto jg = nlohmann::json::parse(g.out);
  EXPECT_EQ(jg["format"], "gguf");
  EXPECT_EQ(jg["parameters"]["total"], 260032);
  EXPECT_TRUE(jg["tokenizer"]["kind"].get<std::string>().starts_with("gguf:"));
  auto c = RunCli({"inspect", testing::TestData("weights/stories260K/stories260K.bin")});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("llama2c"), std::string::npos);
  EXPECT_NE(c.out.find("260032"), std::string::npos);
}

TEST(InspectCli, BadInputExitsOneNamingTheFile) {
  auto missing = RunCli({"inspect", "/nonexistent/dir/model.safetensors"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/dir/model.safetensors"), std::string::npos);

  std::string path = testing::TempDir("inspect-corrupt") + "/model.safetensors";
  // Header length claims 4 KB; the file has 20 bytes.
  testing::WriteFile(path, std::string("\x00\x10\x00\x00\x00\x00\x00\x00{\"a\": 1}    ", 20));
  auto corrupt = RunCli({"inspect", path});
  EXPECT_EQ(corrupt.exit_code, 1);
  EXPECT_NE(corrupt.err.find(path), std::string::npos) << corrupt.err;

  EXPECT_EQ(RunCli({"inspect"}).exit_code, 2);
  EXPECT_EQ(RunCli({"inspect", Example("models/base"), "--no-such-flag"}).exit_code, 2);
}

}  // namespace
}  // namespace lineage
