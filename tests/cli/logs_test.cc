#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "test_util.h"
#include "training/event_proto.h"
#include "training/tfrecord.h"

namespace lineage {
namespace {

using testing::RunCli;

std::string CurveCsv(double start) {
  std::string s = "step,loss,tokens\n";
  for (int i = 0; i < 200; ++i) {
    double loss = 2.0 + (start - 2.0) * std::exp(-i / 30.0);
    s += std::to_string(i * 10) + "," + std::to_string(loss) + "," + std::to_string(i * 10 * 1024) +
         "\n";
  }
  return s;
}

TEST(LogsCliTest, LnVStartPassesFarBelowFails) {
  std::string dir = testing::TempDir("cli-logs");
  testing::WriteFile(dir + "/good.csv", CurveCsv(std::log(32000.0)));
  testing::WriteFile(dir + "/warm.csv", CurveCsv(2.5));
  auto good = RunCli({"logs", dir + "/good.csv", "--vocab-size", "32000", "--json"});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  auto j = nlohmann::json::parse(good.out);
  EXPECT_NEAR(j["initial_loss"].get<double>(), 10.37, 0.01);
  EXPECT_NEAR(j["ln_vocab"].get<double>(), 10.37, 0.01);
  EXPECT_EQ(j["warm_start"], false);
  auto warm = RunCli({"logs", dir + "/warm.csv", "--vocab-size", "32000", "--json"});
  ASSERT_EQ(warm.exit_code, 0) << warm.err;  // analysis done, whatever it found
  EXPECT_EQ(nlohmann::json::parse(warm.out)["warm_start"], true);
  auto text = RunCli({"logs", dir + "/warm.csv", "--vocab-size", "32000", "--lang", "ko"});
  EXPECT_NE(text.out.find("웜 스타트"), std::string::npos);
  auto claimed = RunCli({"logs", dir + "/good.csv", "--claimed-tokens", "19.7T", "--json"});
  EXPECT_EQ(nlohmann::json::parse(claimed.out)["tokens_match"], false);
}

TEST(LogsCliTest, TensorBoardFileAndCorruption) {
  std::string dir = testing::TempDir("cli-tb");
  std::string file = FrameTfRecord(EncodeFileVersionEvent(1));
  for (int s = 0; s < 50; ++s)
    file += FrameTfRecord(EncodeScalarEvent(s, s, {{"train/loss", 6.24 - 0.05 * s}}));
  testing::WriteFile(dir + "/events.out.tfevents.1", file);
  auto ok = RunCli({"logs", dir + "/events.out.tfevents.1", "--vocab-size", "512", "--json"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(nlohmann::json::parse(ok.out)["warm_start"], false);

  std::string bad = file;
  bad[bad.size() - 1] ^= 1;  // last record's data CRC
  testing::WriteFile(dir + "/bad", bad);
  auto r = RunCli({"logs", dir + "/bad"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("CRC mismatch"), std::string::npos);
  EXPECT_NE(r.err.find(dir + "/bad: offset"), std::string::npos);
  testing::WriteFile(dir + "/trunc", file.substr(0, file.size() - 3));
  EXPECT_EQ(RunCli({"logs", dir + "/trunc"}).exit_code, 1);
}

TEST(LogsCliTest, BadInputAndFlags) {
  std::string dir = testing::TempDir("cli-logs-bad");
  testing::WriteFile(dir + "/noloss.csv", std::string("step,lr\n0,1\n"));
  auto noloss = RunCli({"logs", dir + "/noloss.csv"});
  EXPECT_EQ(noloss.exit_code, 1);
  EXPECT_NE(noloss.err.find("no training-loss column"), std::string::npos);
  testing::WriteFile(dir + "/ok.csv", std::string("step,loss\n0,10\n1,9\n"));
  EXPECT_EQ(RunCli({"logs", dir + "/ok.csv", "--vocab-size", "abc"}).exit_code, 2);
  EXPECT_EQ(RunCli({"logs", dir + "/ok.csv", "--vocab-size", "1"}).exit_code, 2);
  EXPECT_EQ(RunCli({"logs", dir + "/ok.csv", "--claimed-tokens", "-5"}).exit_code, 2);
  EXPECT_EQ(RunCli({"logs"}).exit_code, 2);
  EXPECT_EQ(RunCli({"logs", "/nonexistent.csv"}).exit_code, 1);
}

}  // namespace
}  // namespace lineage
