#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

std::string Step(const char* s) { return Example(std::string("models/traj-s1/step-") + s); }

TEST(TrajectoryCliTest, ShippedRunPassesSwappedRunBreaks) {
  auto r = RunCli({"trajectory", Step("00000"), Step("00050"), Step("00200"), Step("01000"),
                   Step("02400"), "--against", Example("models/base"), "--json", "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["random_start"], true);
  EXPECT_EQ(j["continuous"], true);
  EXPECT_TRUE(j["first_break"].is_null());

  auto swapped = RunCli({"trajectory", Step("00000"), Step("00050"), Step("00200"),
                         Example("models/ft-sft"), Step("02400"), "--json", "--threads", "2"});
  ASSERT_EQ(swapped.exit_code, 0) << swapped.err;
  auto s = nlohmann::json::parse(swapped.out);
  EXPECT_EQ(s["continuous"], false);
  EXPECT_EQ(s["first_break"], 3);
}

TEST(TrajectoryCliTest, UsageAndBadInput) {
  EXPECT_EQ(RunCli({"trajectory", Step("00000")}).exit_code, 2);
  EXPECT_EQ(RunCli({"trajectory", Step("00000"), "/nonexistent"}).exit_code, 1);
}

TEST(InitCheckCliTest, InspectInitCheckJsonContract) {
  auto r = RunCli({"inspect", "--init-check", Step("00000"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["init_check"], "random");
  EXPECT_TRUE(j["components"].is_array());
  auto t = RunCli({"inspect", "--init-check", Example("models/ft-sft"), "--json"});
  EXPECT_EQ(nlohmann::json::parse(t.out)["init_check"], "trained");
  auto ko = RunCli({"inspect", "--init-check", Step("00000"), "--lang", "ko"});
  EXPECT_NE(ko.out.find("무작위 초기화"), std::string::npos);
}

}  // namespace
}  // namespace lineage
