// Training evidence through `lineage compare` (METHODS.md §9): logs, a checkpoint trajectory ending
// at the candidate, the candidate's init check and compute claims, on the shipped traj-s1 run
// (examples/models/MANIFEST.md: one real training run from random init; step-02400 = indep-s1)
// and generated logs.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

std::string Step(int n) { return Example(fmt::format("models/traj-s1/step-{:05d}", n)); }

nlohmann::json Json(const testing::CliResult& r) {
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out.substr(0, 300) << "\n" << r.err;
  return j;
}

const nlohmann::json* FindingFor(const nlohmann::json& list, const std::string& test) {
  for (const auto& f : list) {
    if (f["test"] == test) return &f;
  }
  return nullptr;
}

// A smooth descent from `start` nats to 1.7 over 40 logged steps of 1M tokens each.
std::string WriteLog(const std::string& tag, double start) {
  std::string path = testing::TempDir(tag) + "/train.csv";
  std::string text = "step,loss,tokens\n";
  for (int i = 0; i < 40; ++i) {
    double loss = 1.7 + (start - 1.7) * std::exp(-i / 8.0);
    text += fmt::format("{},{:.5f},{}\n", i * 100, loss, (i + 1) * 1000000);
  }
  testing::WriteFile(path, text);
  return path;
}

TEST(CompareTrainingTest, TrajectoryFromRandomInitLeadsToTheCandidate) {
  auto r = RunCli({"compare", Step(2400), Example("models/base"), "--checkpoints", Step(0),
                   Step(50), Step(200), Step(1000), "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = Json(r);
  ASSERT_TRUE(j["trajectory"].is_object()) << j.dump().substr(0, 500);
  const nlohmann::json& t = j["trajectory"];
  EXPECT_TRUE(t["random_start"].get<bool>());
  EXPECT_TRUE(t["continuous"].get<bool>());
  EXPECT_TRUE(t["first_break"].is_null());
  ASSERT_EQ(t["checkpoints"].size(), 5u);  // the candidate is appended as the last step
  EXPECT_EQ(t["checkpoints"][4], "step-02400");
  EXPECT_EQ(t["steps"].size(), 4u);
  const nlohmann::json* vs_base = FindingFor(j["training"], "trajectory_start_vs_base");
  ASSERT_NE(vs_base, nullptr);
  EXPECT_EQ((*vs_base)["component"], "base");
  EXPECT_NE((*vs_base)["note"], "derived");
  for (const auto& f : j["training"]) EXPECT_FALSE(f["decisive"].get<bool>()) << f.dump();
  // Context only: the weight verdict is the one compare gives without training evidence.
  EXPECT_EQ(j["results"][0]["verdict"], "independent");
}

TEST(CompareTrainingTest, ForeignCheckpointBreaksTheChainAtItsIndex) {
  auto r = RunCli({"compare", Step(2400), Example("models/base"), "--checkpoints", Step(0),
                   Step(50), Example("models/ft-sft"), Step(1000), "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = Json(r);
  ASSERT_TRUE(j["trajectory"].is_object());
  EXPECT_FALSE(j["trajectory"]["continuous"].get<bool>());
  EXPECT_EQ(j["trajectory"]["first_break"], 2);
  const nlohmann::json* chain = FindingFor(j["training"], "trajectory_continuous");
  ASSERT_NE(chain, nullptr);
  EXPECT_EQ((*chain)["direction"], "for-derivation");
  EXPECT_EQ((*chain)["component"], "ft-sft");
}

TEST(CompareTrainingTest, LogsStartingNearLnVPassAndWarmStartIsFlagged) {
  // The candidate's vocabulary has 512 entries: ln V = 6.24.
  auto cold = RunCli({"compare", Step(2400), Example("models/base"), "--logs",
                      WriteLog("cold", 6.3), "--claimed-tokens", "40M", "--json", "--quiet"});
  ASSERT_EQ(cold.exit_code, 0) << cold.err;
  nlohmann::json jc = Json(cold);
  const nlohmann::json* start = FindingFor(jc["training"], "log_initial_loss");
  ASSERT_NE(start, nullptr);
  EXPECT_EQ((*start)["note"], "random-start");
  EXPECT_EQ((*start)["direction"], "against-derivation");
  EXPECT_NEAR((*start)["null"]["mean"].get<double>(), std::log(512.0), 1e-6);
  const nlohmann::json* tokens = FindingFor(jc["training"], "log_tokens_vs_claim");
  ASSERT_NE(tokens, nullptr);
  EXPECT_EQ((*tokens)["note"], "tokens-match");
  // A token claim alone also gives compute plausibility, with parameters from the config.
  const nlohmann::json* flops = FindingFor(jc["compute"], "compute_flops");
  ASSERT_NE(flops, nullptr);
  const nlohmann::json* active = FindingFor(jc["compute"], "compute_active_params");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ((*active)["note"], "params-from-config");
  EXPECT_NEAR((*flops)["value"].get<double>(), 6 * (*active)["value"].get<double>() * 40e6, 1);

  auto warm = RunCli({"compare", Step(2400), Example("models/base"), "--logs",
                      WriteLog("warm", 2.0), "--json", "--quiet"});
  ASSERT_EQ(warm.exit_code, 0) << warm.err;
  nlohmann::json jw = Json(warm);
  start = FindingFor(jw["training"], "log_initial_loss");
  ASSERT_NE(start, nullptr);
  EXPECT_EQ((*start)["note"], "warm-start");
  EXPECT_EQ((*start)["direction"], "for-derivation");
  EXPECT_TRUE(jw["compute"].empty());
}

TEST(CompareTrainingTest, ClaimFlagsGiveComputeFindingsAndImpliedMfu) {
  // 260k active parameters × 1T tokens = 1.56e18 FLOPs; 1 H100-hour at 989 TFLOP/s peak could do
  // 3.56e18, so the implied MFU is about 44 %.
  auto r =
      RunCli({"compare", Example("models/ft-sft"), Example("models/base"), "--claimed-tokens", "1T",
              "--params", "260k", "--gpu", "H100", "--gpu-hours", "1", "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = Json(r);
  const nlohmann::json* mfu = FindingFor(j["compute"], "compute_implied_mfu");
  ASSERT_NE(mfu, nullptr) << j["compute"].dump();
  EXPECT_GT((*mfu)["value"].get<double>(), 0.3);
  EXPECT_LT((*mfu)["value"].get<double>(), 0.6);
  EXPECT_EQ(j["results"][0]["verdict"], "derived");
  EXPECT_TRUE(j["trajectory"].is_null());
}

TEST(CompareTrainingTest, InitCheckOfATrainedCandidateSaysTrained) {
  auto r = RunCli({"compare", Example("models/ft-sft"), Example("models/base"), "--init-check",
                   "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = Json(r);
  const nlohmann::json* f = FindingFor(j["training"], "candidate_init_check");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["note"], "trained");
  EXPECT_EQ((*f)["value"], 0);
}

TEST(CompareTrainingTest, BadClaimsAreUsageErrorsBeforeAnyAnalysis) {
  auto no_tokens = RunCli({"compare", Example("models/ft-sft"), Example("models/base"), "--gpus",
                           "8", "--days", "2", "--gpu", "H100", "--quiet"});
  EXPECT_EQ(no_tokens.exit_code, 2);
  EXPECT_NE(no_tokens.err.find("--claimed-tokens"), std::string::npos) << no_tokens.err;
  auto bad_number = RunCli({"compare", Example("models/ft-sft"), Example("models/base"),
                            "--claimed-tokens", "lots", "--quiet"});
  EXPECT_EQ(bad_number.exit_code, 2);
  EXPECT_NE(bad_number.err.find("--claimed-tokens"), std::string::npos) << bad_number.err;
  auto bad_mfu = RunCli({"compare", Example("models/ft-sft"), Example("models/base"),
                         "--claimed-tokens", "1T", "--mfu", "7", "--quiet"});
  EXPECT_EQ(bad_mfu.exit_code, 2);
  EXPECT_NE(bad_mfu.err.find("MFU"), std::string::npos) << bad_mfu.err;
}

TEST(CompareTrainingTest, MissingLogFileNamesTheFile) {
  auto r = RunCli({"compare", Example("models/ft-sft"), Example("models/base"), "--logs",
                   "/nonexistent/train.csv", "--quiet"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/train.csv"), std::string::npos) << r.err;
}

TEST(CompareTrainingTest, TrainingSectionsInEveryReportAndLanguage) {
  std::string dir = testing::TempDir("training-reports");
  auto r = RunCli({"compare", Step(2400), Example("models/base"), "--checkpoints", Step(0),
                   Step(200), "--logs", WriteLog("reports", 6.3), "--lang", "ko", "--md",
                   dir + "/r.md", "--html", dir + "/r.html", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("학습 증거"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("무작위 시작"), std::string::npos) << r.out;
  std::vector<uint8_t> md = testing::ReadFile(dir + "/r.md");
  std::string md_text(md.begin(), md.end());
  EXPECT_NE(md_text.find("체크포인트 궤적"), std::string::npos);
  EXPECT_NE(md_text.find("초기 학습 손실"), std::string::npos);
  std::vector<uint8_t> html = testing::ReadFile(dir + "/r.html");
  std::string html_text(html.begin(), html.end());
  EXPECT_NE(html_text.find("chart-trajectory"), std::string::npos);
  EXPECT_NE(html_text.find("id=\"trajectory\""), std::string::npos);
}

}  // namespace
}  // namespace lineage
