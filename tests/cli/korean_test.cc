// Every command's `--lang ko` text output is Korean wherever the catalog speaks (docs/REPORTS.md):
// the same invocation in English shows catalog sentences, and in Korean shows none of them.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/korean_output.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::CliResult;
using testing::Example;
using testing::ExpectKoreanOutput;
using testing::RunCli;
using testing::TestData;

// Runs `args` with --lang en and --lang ko and compares the two.
void CheckBothLanguages(std::vector<std::string> args) {
  std::vector<std::string> en = args, ko = args;
  en.insert(en.end(), {"--lang", "en"});
  ko.insert(ko.end(), {"--lang", "ko"});
  ExpectKoreanOutput(RunCli(en), RunCli(ko));
}

std::string Step(const char* s) { return Example(std::string("models/traj-s1/step-") + s); }

TEST(KoreanOutputTest, CatalogFragmentsAreFoundAndCanFail) {
  // The check itself: English catalog text is detected, Korean text is not.
  std::string en(Tr(Lang::kEn, "tokenizer.caveat"));
  std::string ko(Tr(Lang::kKo, "tokenizer.caveat"));
  EXPECT_FALSE(testing::EnglishSentencesIn(en).empty());
  EXPECT_TRUE(testing::EnglishSentencesIn(ko).empty());
  EXPECT_TRUE(testing::ContainsHangul(ko));
  EXPECT_FALSE(testing::ContainsHangul(en));
}

TEST(KoreanOutputTest, Tokenizer) {
  CheckBothLanguages({"tokenizer", TestData("tokenizers/llama2/tokenizer.model"),
                      TestData("tokenizers/mistral-v1/tokenizer.model")});
  CheckBothLanguages({"tokenizer", TestData("tokenizers/llama3"),
                      TestData("tokenizers/cl100k_base/cl100k_base.tiktoken")});
}

TEST(KoreanOutputTest, Inspect) { CheckBothLanguages({"inspect", Example("models/base")}); }

TEST(KoreanOutputTest, InitCheck) {
  CheckBothLanguages({"inspect", "--init-check", Step("00000")});
}

TEST(KoreanOutputTest, Weights) {
  CheckBothLanguages({"weights", Example("models/ft-sft"), Example("models/base"), "--quiet"});
}

TEST(KoreanOutputTest, Hash) {
  CheckBothLanguages({"hash", Example("models/base"), Example("models/base-gguf-f32"), "--quiet"});
}

TEST(KoreanOutputTest, Arch) {
  CheckBothLanguages(
      {"arch", TestData("configs/vicuna-13b-4bit-128g"), TestData("configs/atom-7b")});
}

TEST(KoreanOutputTest, Compute) {
  CheckBothLanguages({"compute", "--params", "7B", "--tokens", "20B", "--gpu", "H100",
                      "--gpu-hours", "1000", "--price", "2"});
}

TEST(KoreanOutputTest, Logs) {
  std::string dir = testing::TempDir("cli-logs-ko");
  std::string csv = "step,loss,tokens\n";
  for (int i = 0; i < 100; ++i) {
    double loss = 2.0 + 0.5 * std::exp(-i / 30.0);
    csv += std::to_string(i * 10) + "," + std::to_string(loss) + "," + std::to_string(i * 10240) +
           "\n";
  }
  testing::WriteFile(dir + "/warm.csv", csv);
  CheckBothLanguages(
      {"logs", dir + "/warm.csv", "--vocab-size", "32000", "--claimed-tokens", "1M"});
}

TEST(KoreanOutputTest, Trajectory) {
  CheckBothLanguages({"trajectory", Step("00000"), Step("00050"), Example("models/ft-sft"),
                      "--against", Example("models/base"), "--threads", "2"});
}

}  // namespace
}  // namespace lineage
