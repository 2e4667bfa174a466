// --full and --sequential (cli/cmd_common.h SamplingModeOf): the JSON's `sampling` key says how
// the block pairs were read, the text report says it in a line, and --full wins over --sequential.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage::testing {
namespace {

nlohmann::json WeightsJson(const std::string& cand, const std::string& flag) {
  CliResult r = RunCli({"weights", Example("models/" + cand), Example("models/base"), "--json",
                        "--threads", "2", flag});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
}

TEST(CliSampling, SequentialStopsOnTheDerivedPairAndFullReadsEveryPair) {
  const nlohmann::json seq = WeightsJson("ft-sft", "--sequential");
  ASSERT_TRUE(seq.contains("sampling"));
  EXPECT_EQ(seq["verdict"], "derived");
  EXPECT_EQ(seq["sampling"]["mode"], "sequential");
  EXPECT_EQ(seq["sampling"]["stopped_on"], "derived");
  EXPECT_LT(seq["sampling"]["blocks_read"].get<int>(), seq["sampling"]["blocks_total"].get<int>());
  const nlohmann::json full = WeightsJson("ft-sft", "--full");
  EXPECT_EQ(full["verdict"], "derived");
  EXPECT_EQ(full["sampling"]["mode"], "full");
  EXPECT_TRUE(full["sampling"]["stopped_on"].is_null());
  EXPECT_EQ(full["sampling"]["blocks_read"], full["sampling"]["blocks_total"]);
  EXPECT_EQ(full["sampling"]["looks_planned"], 1);
}

TEST(CliSampling, TheReportStatesTheReadingInBothLanguages) {
  for (const char* lang : {"en", "ko"}) {
    CliResult r = RunCli({"compare", Example("models/indep-s1"), Example("models/base"),
                          "--threads", "2", "--quiet", "--sequential", "--lang", lang});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(std::string(lang) == "en" ? "sequential: " : "순차: "), std::string::npos)
        << r.out;
  }
}

TEST(CliSampling, FullWinsOverSequential) {
  CliResult r = RunCli({"weights", Example("models/ft-sft"), Example("models/base"), "--json",
                        "--threads", "2", "--full", "--sequential"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["sampling"]["mode"], "full");
}

// --budget (METHODS §10.8): a budget spent before the decision is a verdict (inconclusive, exit 0,
// as every completed analysis), with its reason and what was not read in the JSON; a size that does
// not parse is a usage error.
TEST(CliSampling, ABudgetSpentBeforeTheDecisionIsInconclusive) {
  const nlohmann::json j = WeightsJson("ft-sft", "--budget=50KB");
  EXPECT_EQ(j["verdict"], "inconclusive");
  EXPECT_EQ(j["reason"], "reason.budget_spent");
  EXPECT_EQ(j["sampling"]["stopped_on"], "budget");
  EXPECT_EQ(j["sampling"]["budget_bytes"], 50000);
  EXPECT_FALSE(j["sampling"]["not_read"].empty());
  EXPECT_LE(j["models"]["candidate"]["bytes_read"].get<uint64_t>(), 50000u);
  for (const char* bad : {"--budget=5XB", "--budget=0", "--budget=-1GB"}) {
    CliResult r = RunCli({"weights", Example("models/ft-sft"), Example("models/base"), bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
  }
}

}  // namespace
}  // namespace lineage::testing
