// `lineage registry add|search|ls|rm` (src/cli/cmd_registry.cc) on the shipped examples: idempotent
// adds, a search that reports the relative with a corrected p and never claims ancestry, the
// default path under $XDG_DATA_HOME, and clear errors for a corrupt database.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

TEST(RegistryCli, AddSearchListRemove) {
  const std::string db = testing::TempDir("cli-reg") + "/r.sqlite";
  auto add = RunCli(
      {"registry", "add", "--registry", db, Example("models/base"), Example("models/indep-s1")});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("as #2"), std::string::npos) << add.out;
  auto again = RunCli({"registry", "add", "--registry", db, Example("models/base")});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already registered as #1"), std::string::npos) << again.out;

  auto search =
      RunCli({"registry", "search", "--registry", db, Example("models/ft-sft"), "--json"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  auto j = nlohmann::json::parse(search.out);
  EXPECT_EQ(j["schema"], "lineage.registry-search");
  EXPECT_EQ(j["schema_version"], "1.1");
  EXPECT_EQ(j["registry_size"], 2);
  ASSERT_EQ(j["hits"].size(), 2u);
  EXPECT_EQ(j["hits"][0]["id"], 1);
  EXPECT_TRUE(j["hits"][0]["related"]);
  EXPECT_FALSE(j["hits"][0]["depth_map"]);
  EXPECT_GE(j["hits"][0]["s2_blocks"].get<int>(), 1);
  EXPECT_LT(j["hits"][0]["log10_p_bonferroni"].get<double>(), -12);
  EXPECT_FALSE(j["hits"][1]["related"]);

  auto text = RunCli({"registry", "search", "--registry", db, Example("models/perm")});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("related: #1"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("derived"), std::string::npos) << text.out;

  auto rm = RunCli({"registry", "rm", "--registry", db, "2"});
  ASSERT_EQ(rm.exit_code, 0) << rm.err;
  auto ls = RunCli({"registry", "ls", "--registry", db, "--json"});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_EQ(nlohmann::json::parse(ls.out)["models"].size(), 1u);
  auto missing = RunCli({"registry", "rm", "--registry", db, "no-such-model"});
  EXPECT_EQ(missing.exit_code, 1);
}

TEST(RegistryCli, DefaultPathAndCorruptDatabase) {
  const std::string xdg = testing::TempDir("cli-reg-xdg");
  ASSERT_EQ(setenv("XDG_DATA_HOME", xdg.c_str(), 1), 0);
  auto ls = RunCli({"registry", "ls"});
  unsetenv("XDG_DATA_HOME");
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find(xdg + "/lineage/registry.sqlite"), std::string::npos) << ls.out;

  const std::string bad = xdg + "/bad.sqlite";
  testing::WriteFile(bad, std::string(5000, 'z'));
  auto r = RunCli({"registry", "ls", "--registry", bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a lineage registry"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lineage
