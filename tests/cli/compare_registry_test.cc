// `lineage compare --registry` (src/cli/compare_registry.cc) on the shipped examples: the
// registry search's related hits become bases, the report says they came from the registry and
// with what p, the candidate's own entry and unrelated models are not added, a base given twice
// is compared once, and a search that finds nothing with no base given is an error, not an empty
// report.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

std::string Registry(const std::string& tag, const std::vector<std::string>& models) {
  const std::string db = testing::TempDir(tag) + "/r.sqlite";
  std::vector<std::string> args = {"registry", "add", "--registry", db};
  for (const std::string& m : models) args.push_back(Example("models/" + m));
  const testing::CliResult add = RunCli(args);
  EXPECT_EQ(add.exit_code, 0) << add.err;
  return db;
}

std::vector<std::string> BasePaths(const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const auto& b : report["bases"]) out.push_back(b["path"].get<std::string>());
  return out;
}

TEST(CompareRegistryCli, RelatedHitsBecomeBasesAndTheReportSaysSo) {
  // ft-sft's own entry (#4) is the candidate itself; indep-s1 and the trajectory are unrelated.
  const std::string db = Registry("cmp-reg", {"base", "indep-s1", "traj-s1/step-00050", "ft-sft"});
  const testing::CliResult r =
      RunCli({"compare", Example("models/ft-sft"), "--registry", db, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(BasePaths(j), std::vector<std::string>{Example("models/base")});
  const std::string warnings = j["warnings"].dump();
  EXPECT_NE(warnings.find("comes from the registry " + db +
                          " (#1): related by the sketch "
                          "screening (exact test log10 p"),
            std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("4 registered models screened, 4 compared in full, 1 related added"),
            std::string::npos)
      << warnings;
  EXPECT_EQ(j["ranking"][0]["verdict"], "derived") << j["ranking"].dump();
  // Schema 2.4: the base says it was found by the registry, with the search's evidence.
  const nlohmann::json& found = j["bases"][0];
  EXPECT_EQ(found["found_by"], "registry") << found.dump();
  const nlohmann::json& search = found["registry_search"];
  ASSERT_TRUE(search.is_object()) << found.dump();
  EXPECT_EQ(search["registry"], db);
  EXPECT_EQ(search["id"], 1);
  EXPECT_EQ(search["registry_size"], 4);
  EXPECT_EQ(search["related_by"], "exact");
  EXPECT_LE(search["log10_p"].get<double>(), -12 - std::log10(4.0)) << search.dump();
  EXPECT_NE(warnings.find(fmt::format("log10 p ≤ {:.2f}", search["log10_p"].get<double>())),
            std::string::npos)
      << warnings;

  // Named on the command line and found too: found_by says "argument", the search's report stays.
  const testing::CliResult both = RunCli(
      {"compare", Example("models/ft-sft"), Example("models/base"), "--registry", db, "--json"});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  const nlohmann::json jb = nlohmann::json::parse(both.out);
  ASSERT_EQ(jb["bases"].size(), 1u);
  EXPECT_EQ(jb["bases"][0]["found_by"], "argument");
  EXPECT_EQ(jb["bases"][0]["registry_search"]["id"], 1);
  // Without --registry: named, and no search.
  const testing::CliResult plain =
      RunCli({"compare", Example("models/ft-sft"), Example("models/base"), "--json"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const nlohmann::json jp = nlohmann::json::parse(plain.out);
  EXPECT_EQ(jp["bases"][0]["found_by"], "argument");
  EXPECT_TRUE(jp["bases"][0]["registry_search"].is_null());

  // Given explicitly too: compared once; the Korean report translates the registry's notes.
  const testing::CliResult ko = RunCli({"compare", Example("models/ft-sft"), Example("models/base"),
                                        "--lang", "ko", "--registry", db});
  ASSERT_EQ(ko.exit_code, 0) << ko.err;
  EXPECT_NE(ko.out.find("레지스트리 " + db + "(#1)에서 왔음"), std::string::npos) << ko.out;
  EXPECT_EQ(ko.out.find("comes from the registry"), std::string::npos) << ko.out;
}

TEST(CompareRegistryCli, NothingRelatedAndNoBaseIsAnError) {
  const std::string db = Registry("cmp-reg-none", {"base"});
  const testing::CliResult r = RunCli({"compare", Example("models/indep-s1"), "--registry", db});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("1 registered models screened, 1 compared in full, 0 related"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing to compare"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  const testing::CliResult none = RunCli({"compare", Example("models/indep-s1")});
  EXPECT_EQ(none.exit_code, 2) << none.err;
  EXPECT_NE(none.err.find("bases is required (or --registry)"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace lineage
