// End-to-end tests of `lineage compare` on the shipped real models (examples/models, MANIFEST.md):
// ft-sft and perm descend from base; indep-s1 was trained from a fresh init on base's outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

nlohmann::json ParseOut(const testing::CliResult& r) {
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << r.out.substr(0, 500) << "\nstderr: " << r.err;
  return j;
}

const nlohmann::json* ResultFor(const nlohmann::json& j, const std::string& base) {
  for (const auto& r : j["results"]) {
    if (r["base"] == base) return &r;
  }
  return nullptr;
}

TEST(CompareCommandTest, FineTuneNamesBaseAsParentAndIndependentAsIndependent) {
  auto r = RunCli({"compare", Example("models/ft-sft"), Example("models/base"),
                   Example("models/indep-s1"), "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = ParseOut(r);
  EXPECT_TRUE(j.contains("schema_version"));
  // Schema 2.0: base is the most related base; a fine-tune shows no direction, so no parent.
  EXPECT_EQ(j["most_related"], "base");
  EXPECT_TRUE(j["parent"].is_null());
  EXPECT_EQ(j["parent_reason"], "parent.direction_unknown");
  const nlohmann::json* base = ResultFor(j, "base");
  const nlohmann::json* indep = ResultFor(j, "indep-s1");
  ASSERT_NE(base, nullptr);
  ASSERT_NE(indep, nullptr);
  EXPECT_EQ((*base)["verdict"], "derived");
  EXPECT_EQ((*indep)["verdict"], "independent") << indep->dump(1).substr(0, 3000);
  ASSERT_TRUE((*base)["derivation"].is_array());
  EXPECT_TRUE((*base).contains("evidence"));
}

TEST(CompareCommandTest, IndependentModelWithSameTokenizerAndArchitectureIsIndependent) {
  auto r =
      RunCli({"compare", Example("models/indep-s1"), Example("models/base"), "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = ParseOut(r);
  EXPECT_TRUE(j["parent"].is_null());
  EXPECT_TRUE(j["most_related"].is_null());
  const nlohmann::json* base = ResultFor(j, "base");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ((*base)["verdict"], "independent");
  // Same tokenizer and same architecture: reported, and never as weight evidence.
  std::string dump = base->dump();
  EXPECT_NE(dump.find("\"identical\""), std::string::npos);
  for (const auto& f : (*base)["evidence"]) {
    if (f["analysis"] == "tokenizer" || f["analysis"] == "architecture") {
      EXPECT_FALSE(f["decisive"].get<bool>()) << f.dump();
    }
  }
}

TEST(CompareCommandTest, CamouflagedPermutationIsDerived) {
  auto r = RunCli({"compare", Example("models/perm"), Example("models/base"), "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = ParseOut(r);
  const nlohmann::json* base = ResultFor(j, "base");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ((*base)["verdict"], "derived");
}

TEST(CompareCommandTest, JsonIsDeterministic) {
  std::vector<std::string> args = {"compare", Example("models/ft-sft"), Example("models/base"),
                                   "--json", "--quiet"};
  // The first run measures the base's power and caches it; a run that computed it reports
  // from_cache false and the controls' reads in bytes_read, so the two compared runs both read it.
  ASSERT_EQ(RunCli(args).exit_code, 0);
  auto a = RunCli(args);
  auto b = RunCli(args);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(CompareCommandTest, BaseThatIsNotAModelIsAClearError) {
  std::string dir = testing::TempDir("notamodel");
  testing::WriteFile(dir + "/notes.txt", std::string("hello"));
  auto r = RunCli({"compare", Example("models/ft-sft"), dir, "--quiet"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(dir), std::string::npos) << r.err;
}

TEST(CompareCommandTest, MissingTokenizerStillComparesWeightsAndSaysSo) {
  std::string dir = testing::TempDir("notok");
  std::filesystem::copy_file(Example("models/ft-sft/model.safetensors"),
                             dir + "/model.safetensors");
  std::filesystem::copy_file(Example("models/ft-sft/config.json"), dir + "/config.json");
  auto r = RunCli({"compare", dir, Example("models/base"), "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = ParseOut(r);
  const nlohmann::json* base = ResultFor(j, "base");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ((*base)["verdict"], "derived");
  EXPECT_NE(base->dump().find("no_tokenizer"), std::string::npos);
}

TEST(CompareCommandTest, UnwritableReportPathFailsBeforeAnalysis) {
  auto r = RunCli({"compare", Example("models/ft-sft"), Example("models/base"), "--quiet", "--html",
                   "/nonexistent-dir/report.html"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent-dir/report.html"), std::string::npos) << r.err;
}

TEST(CompareCommandTest, KoreanTerminalSummary) {
  auto r = RunCli(
      {"compare", Example("models/ft-sft"), Example("models/base"), "--lang", "ko", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("학습된 가중치 공유"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace lineage
