// `lineage tokenizer A B`: the JSON contract scripts rely on, Korean output, exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/catalog.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::RunCli;
using testing::TestData;

TEST(TokenizerCliTest, JsonContract) {
  auto r = RunCli({"tokenizer", TestData("tokenizers/llama3"),
                   TestData("tokenizers/cl100k_base/cl100k_base.tiktoken"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["relation"], "extends");  // A extends B
  EXPECT_TRUE(j["metrics"]["jaccard"].is_number());
  EXPECT_NEAR(j["metrics"]["jaccard"].get<double>(), 100000.0 / 127744.0, 1e-6);
  EXPECT_EQ(j["metrics"]["same_id_rate"].get<double>(), 1.0);
  EXPECT_EQ(j["a"]["vocab_size"], 128256);
  EXPECT_EQ(j["b"]["vocab_size"], 100256);
  EXPECT_EQ(j["a"]["kind"], "BPE");
  EXPECT_EQ(j["b"]["kind"], "tiktoken-BPE");
  EXPECT_EQ(j["a"]["specials"].size(), 256u);
  std::string explanation = j["explanation"];
  EXPECT_NE(explanation.find("does not show that the weights were derived"), std::string::npos)
      << explanation;
  EXPECT_GT(j["added_in_a"]["scripts"]["Hangul"].get<int>(), 0);
}

TEST(TokenizerCliTest, KoreanExplanation) {
  auto r = RunCli({"tokenizer", TestData("tokenizers/llama2/tokenizer.model"),
                   TestData("tokenizers/mistral-v1/tokenizer.model"), "--lang", "ko"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.out.find("관계: " + std::string(Tr(Lang::kKo, "relation.overlapping")) + " (overlapping)"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("토크나이저 재사용만으로는"), std::string::npos) << r.out;
  auto j = RunCli({"tokenizer", TestData("tokenizers/llama2/tokenizer.model"),
                   TestData("tokenizers/llama2/llama2c-tokenizer.bin"), "--json", "--lang", "ko"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto parsed = nlohmann::json::parse(j.out);
  EXPECT_EQ(parsed["relation"], "identical");
  EXPECT_NE(parsed["explanation"].get<std::string>().find("같은 토크나이저"), std::string::npos);
}

TEST(TokenizerCliTest, ThreadsLoadInParallelWithTheSameResult) {
  // --threads 1 loads A then B; any other value loads them on two threads. Same bytes out.
  std::vector<std::string> args = {"tokenizer", TestData("tokenizers/llama3"),
                                   TestData("tokenizers/cl100k_base/cl100k_base.tiktoken"),
                                   "--json"};
  std::vector<std::string> one = args, two = args;
  one.insert(one.end(), {"--threads", "1"});
  two.insert(two.end(), {"--threads", "2"});
  auto r1 = RunCli(one), r2 = RunCli(two);
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(r1.out, r2.out);
  // An error on either side is reported the same way, whichever thread met it.
  auto bad = RunCli(
      {"tokenizer", TestData("tokenizers/llama3"), "/nonexistent/tok.model", "--threads", "2"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("/nonexistent/tok.model"), std::string::npos) << bad.err;
  EXPECT_EQ(RunCli({"tokenizer", "a", "b", "--threads", "-1"}).exit_code, 2);
}

TEST(TokenizerCliTest, BadInputExitsOneNamingTheFile) {
  std::string dir = testing::TempDir("cli-bad");
  std::string bad = dir + "/tokenizer.json";
  testing::WriteFile(bad, std::string(R"({"model": {"type": "BPE", "vocab": {"a": 0, "a": 1}}})"));
  auto r = RunCli({"tokenizer", bad, TestData("tokenizers/llama2/tokenizer.model")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
  r = RunCli({"tokenizer", dir + "/missing.model", TestData("tokenizers/llama2/tokenizer.model")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing.model"), std::string::npos) << r.err;
}

TEST(TokenizerCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCli({"tokenizer", TestData("tokenizers/llama2/tokenizer.model")}).exit_code, 2);
  EXPECT_EQ(RunCli({"tokenizer", "a", "b", "--lang", "fr"}).exit_code, 2);
  EXPECT_EQ(RunCli({"tokenizer", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace lineage
