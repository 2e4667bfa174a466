#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage::testing {
namespace {

TEST(CliWeights, JsonContractOnAFineTune) {
  CliResult r = RunCli(
      {"weights", Example("models/ft-sft"), Example("models/base"), "--json", "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"], "derived");
  ASSERT_TRUE(j["derivation"].is_array());
  EXPECT_TRUE(j["log10_p"].is_number());
  EXPECT_LE(j["log10_p"].get<double>(), -12);
  ASSERT_TRUE(j["components"].is_array());
  for (const auto& c : j["components"]) {
    EXPECT_TRUE(c.contains("name"));
    EXPECT_TRUE(c.contains("verdict"));
  }
  ASSERT_TRUE(j["block_map"].is_array());
  EXPECT_EQ(j["block_map"].size(), 5u);
  EXPECT_EQ(j["block_map"][0]["candidate"], 0);
  EXPECT_EQ(j["block_map"][0]["base"], 0);
}

TEST(CliWeights, GgufCopyOfTheBaseIsDerived) {
  CliResult r = RunCli({"weights", Example("models/base-gguf-f32/base-gguf-f32.gguf"),
                        Example("models/base"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"], "derived");
}

TEST(CliWeights, IndependentModelTextSummary) {
  CliResult r = RunCli({"weights", Example("models/indep-s1"), Example("models/base"), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("verdict:     independent"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("H0:"), std::string::npos);
}

// One decision rule: the same pair through `lineage weights` and `lineage compare` (one base, so
// the same Bonferroni factor) gets the same verdict, derivation types and component verdicts.
TEST(CliWeights, WeightsAndCompareAgreeOnEveryExamplePair) {
  for (const char* cand : {"models/ft-sft", "models/perm", "models/indep-s1"}) {
    CliResult w = RunCli({"weights", Example(cand), Example("models/base"), "--json", "--quiet"});
    CliResult c = RunCli({"compare", Example(cand), Example("models/base"), "--json"});
    ASSERT_EQ(w.exit_code, 0) << cand << " " << w.err;
    ASSERT_EQ(c.exit_code, 0) << cand << " " << c.err;
    nlohmann::json jw = nlohmann::json::parse(w.out);
    nlohmann::json jc = nlohmann::json::parse(c.out);
    ASSERT_EQ(jc["results"].size(), 1u);
    const nlohmann::json& pair = jc["results"][0];
    EXPECT_EQ(jw["verdict"], pair["verdict"]) << cand;
    EXPECT_EQ(jw["derivation"], pair["derivation"]) << cand;
    ASSERT_EQ(jw["components"].size(), pair["components"].size()) << cand;
    for (size_t i = 0; i < jw["components"].size(); ++i) {
      EXPECT_EQ(jw["components"][i]["name"], pair["components"][i]["name"]) << cand;
      EXPECT_EQ(jw["components"][i]["verdict"], pair["components"][i]["verdict"])
          << cand << " " << jw["components"][i]["name"];
    }
  }
  // The acceptance verdicts themselves.
  auto verdict = [](const char* cand) {
    CliResult w = RunCli({"weights", Example(cand), Example("models/base"), "--json", "--quiet"});
    return nlohmann::json::parse(w.out);
  };
  nlohmann::json perm = verdict("models/perm");
  EXPECT_EQ(perm["verdict"], "derived");
  EXPECT_NE(
      std::find(perm["derivation"].begin(), perm["derivation"].end(), "camouflaged-permutation"),
      perm["derivation"].end())
      << perm["derivation"].dump();
  EXPECT_EQ(verdict("models/indep-s1")["verdict"], "independent");
}

TEST(CliWeights, BadInputAndUsage) {
  CliResult missing = RunCli({"weights", "/nonexistent/model", Example("models/base")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/model"), std::string::npos) << missing.err;
  CliResult usage = RunCli({"weights", Example("models/base")});
  EXPECT_EQ(usage.exit_code, 2);
  std::string dir = TempDir("trunc");
  std::vector<uint8_t> bytes = ReadFile(Example("models/base/model.safetensors"));
  bytes.resize(bytes.size() / 2);
  WriteFile(dir + "/model.safetensors", bytes);
  CliResult trunc = RunCli({"weights", dir + "/model.safetensors", Example("models/base")});
  EXPECT_EQ(trunc.exit_code, 1) << trunc.out;
}

// Embedding rows are paired by token string as in `lineage compare`; a side without a tokenizer
// falls back to ids, and the output says which and why.
TEST(CliWeights, RowsPairedByTokenStringElseById) {
  CliResult r =
      RunCli({"weights", Example("models/perm"), Example("models/base"), "--quiet", "--verbose"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("paired by canonical token string"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("paired by token id"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verdict:     shares trained weights"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("weights timing: block tests"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("weights timing: power controls"), std::string::npos) << r.err;

  std::string dir = TempDir("no_tokenizer");
  WriteFile(dir + "/model.safetensors", ReadFile(Example("models/perm/model.safetensors")));
  WriteFile(dir + "/config.json", ReadFile(Example("models/perm/config.json")));
  CliResult by_id = RunCli({"weights", dir, Example("models/base"), "--quiet"});
  ASSERT_EQ(by_id.exit_code, 0) << by_id.err;
  EXPECT_NE(by_id.out.find("paired by token id, not by token string: candidate has no tokenizer"),
            std::string::npos)
      << by_id.out;
}

// An untied LM head is weighed by the copy check alone: the power line names it so, never as a
// measured bound of 0, in English and in Korean.
TEST(CliWeights, ACopyCheckOnlyClassIsNamedNotBoundedAtZero) {
  for (const char* lang : {"en", "ko"}) {
    CliResult r = RunCli({"weights", Example("family/seed-2"), Example("family/seed-1-rot"),
                          "--quiet", "--lang", lang});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string expected =
        std::string(lang) == "en" ? "LM head copy check only" : "복사 검사만 해당";
    const size_t at = r.out.find(expected);
    ASSERT_NE(at, std::string::npos) << r.out;
    const size_t line = r.out.rfind('\n', at) + 1;
    const std::string power = r.out.substr(line, r.out.find('\n', at) - line);
    EXPECT_EQ(power.find("0.00"), std::string::npos) << power;
  }
}

// Power is measured on positive controls through the whole pipeline and stated with its bound;
// the second run of the same shape class and options reads it from the (test's own) cache.
TEST(CliWeights, PowerIsABoundOnControlsAndIsCached) {
  CliResult first =
      RunCli({"weights", Example("models/indep-s1"), Example("models/base"), "--json", "--quiet"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const nlohmann::json p = nlohmann::json::parse(first.out)["power"];
  EXPECT_TRUE(p["measured"].get<bool>());
  EXPECT_GE(p["controls"].get<int>(), 29);
  EXPECT_EQ(p["detections"], p["controls"]);
  EXPECT_GE(p["lower_bound"].get<double>(), 0.9);
  EXPECT_LT(p["lower_bound"].get<double>(), 1.0);
  EXPECT_EQ(p["confidence"], 0.95);
  ASSERT_EQ(p["kinds"].size(), 6u);
  for (const auto& k : p["kinds"]) EXPECT_EQ(k["detections"], k["controls"]) << k;
  CliResult text = RunCli({"weights", Example("models/indep-s1"), Example("models/base")});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("(95% lower bound; 60 of 60 positive controls detected: fine-tune 10 of "
                          "10, permutation 10 of 10"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("read from the power cache"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("verdict:     independent"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace lineage::testing
