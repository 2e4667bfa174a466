#include "report/json_report.h"

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compare/endpoint_only.h"
#include "report/sample_result.h"
#include "report/shell.h"
#include "test_util.h"
#include "verdict/ancestry.h"
#include "verdict/ranking.h"

namespace lineage {
namespace {

using testing::SampleCompareResult;

TEST(JsonReportTest, TwoRunsGiveIdenticalBytes) {
  std::string a = RenderJson(SampleCompareResult(), Lang::kEn);
  std::string b = RenderJson(SampleCompareResult(), Lang::kEn);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.find("timestamp"), std::string::npos);
}

TEST(JsonReportTest, ContractKeys) {
  nlohmann::json j = nlohmann::json::parse(RenderJson(SampleCompareResult(), Lang::kEn));
  EXPECT_EQ(j["schema_version"], kCompareSchemaVersion);
  EXPECT_EQ(j["most_related"], "base");  // 2.0: `parent` needs ancestry evidence
  EXPECT_TRUE(j["parent"].is_null());
  EXPECT_EQ(j["results"][0]["ancestry"], "unknown");
  ASSERT_EQ(j["ranking"].size(), 2u);
  EXPECT_EQ(j["ranking"][0]["base"], "base");
  ASSERT_EQ(j["results"].size(), 2u);
  EXPECT_EQ(j["results"][0]["base"], "base");
  EXPECT_EQ(j["results"][0]["verdict"], "derived");
  EXPECT_EQ(j["results"][0]["derivation"][0], "fine-tuned");
  EXPECT_EQ(j["results"][1]["verdict"], "independent");
  ASSERT_TRUE(j["results"][0]["evidence"].is_array());
  // Every decisive number carries its null.
  for (const auto& f : j["results"][0]["evidence"]) {
    if (f["decisive"]) {
      EXPECT_FALSE(f["null"].is_null()) << f.dump();
    }
  }
  EXPECT_FALSE(j["results"][0]["tokenizer"]["decisive"]);
  EXPECT_TRUE(j["pca"]["illustration_only"]);
}

TEST(JsonReportTest, OnlyTextFieldsDependOnLanguage) {
  nlohmann::json en = nlohmann::json::parse(RenderJson(SampleCompareResult(), Lang::kEn));
  nlohmann::json ko = nlohmann::json::parse(RenderJson(SampleCompareResult(), Lang::kKo));
  EXPECT_NE(en, ko);
  EXPECT_EQ(ko["results"][1]["verdict_text"], "독립");
  auto strip = [](nlohmann::json j) {
    j.erase("lang");
    j.erase("overall_text");
    for (auto& s : j["siblings"]) s.erase("text");
    for (auto& p : j["results"]) {
      p.erase("verdict_text");
      p.erase("reason_text");
      p.erase("ancestry_text");
      for (auto& e : p["ancestry_evidence"]) e.erase("text");
      for (auto& s : p["statements"]) s.erase("text");
      for (auto& s : p["limitations"]) s.erase("text");
    }
    return j;
  };
  EXPECT_EQ(strip(en), strip(ko));
}

TEST(JsonReportTest, TimestampOnlyWhenAsked) {
  CompareResult r = SampleCompareResult();
  r.timestamp = "2026-11-28T10:00:00Z";
  nlohmann::json j = nlohmann::json::parse(RenderJson(r, Lang::kEn));
  EXPECT_EQ(j["timestamp"], "2026-11-28T10:00:00Z");
}

TEST(JsonReportTest, HostileValuesStayValidJson) {
  CompareResult r = SampleCompareResult();
  r.candidate.path = std::string("bad\xff\xfe name\"\n");
  r.results[0].findings[0].value = std::nan("");
  r.results[0].findings[0].z = INFINITY;
  std::string text = RenderJson(r, Lang::kEn);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_TRUE(j["results"][0]["evidence"][0]["value"].is_null());
  EXPECT_TRUE(j["results"][0]["evidence"][0]["z"].is_null());
}

// Validates with python3-jsonschema (Debian package; scripts/install-deps.sh installs it).
void ExpectValidAgainstSchema(const std::string& json, const std::string& tag) {
  std::string dir = testing::TempDir("schema");
  std::string doc = dir + "/" + tag + ".json";
  testing::WriteFile(doc, json);
  std::string schema = std::string(LINEAGE_SOURCE_DIR) + "/docs/schema/compare.schema.json";
  std::string script =
      "import json,sys,jsonschema\n"
      "schema=json.load(open(sys.argv[1])); doc=json.load(open(sys.argv[2]))\n"
      "v=jsonschema.Draft202012Validator(schema)\n"
      "errs=sorted(v.iter_errors(doc), key=lambda e: list(e.path))\n"
      "[print('/'.join(map(str,e.path)), e.message) for e in errs]\n"
      "sys.exit(1 if errs else 0)\n";
  std::string py = dir + "/validate.py";
  testing::WriteFile(py, script);
  testing::ShellResult r =
      testing::RunShell("python3 " + testing::Quote(py) + " " + testing::Quote(schema) + " " +
                        testing::Quote(doc) + " 2>&1");
  EXPECT_EQ(r.exit_code, 0) << tag << ":\n" << r.out;
}

TEST(JsonReportTest, ValidatesAgainstDocumentedSchema) {
  if (testing::RunShell("python3 -c 'import jsonschema' 2>/dev/null").exit_code != 0) {
    GTEST_SKIP() << "python3-jsonschema missing: run scripts/install-deps.sh";
  }
  ExpectValidAgainstSchema(RenderJson(SampleCompareResult(), Lang::kEn), "sample-en");
  ExpectValidAgainstSchema(RenderJson(SampleCompareResult(), Lang::kKo), "sample-ko");
  // Sparse result: no optional sections, nothing decided.
  CompareResult sparse;
  sparse.tool_version = "0.1.0";
  sparse.candidate.label = "c";
  ModelRef b;
  b.label = b.path = "b";
  b.format = "gguf";
  sparse.bases.push_back(b);
  PairResult p;
  p.base = "b";
  p.limitations = {"limitation.no_tokenizer_base"};
  DecidePair(DecideOptions{}, &p);
  sparse.results.push_back(p);
  DecideRelations(&sparse);
  ExpectValidAgainstSchema(RenderJson(sparse, Lang::kEn), "sparse");
  // Ancestry evidence, a parent and a siblings note, as a run with two related bases gives them.
  CompareResult related = SampleCompareResult();
  related.results[1].verdict = Verdict::kDerived;
  AncestryEvidence e;
  e.id = "ancestry.evidence.vocab_extension";
  e.points_to = Ancestry::kCandidateFromBase;
  e.numbers = {{"candidate_vocab", 576}, {"base_vocab", 512}, {"same_id_rate", 1}};
  related.results[0].ancestry = {Ancestry::kCandidateFromBase, kAncestryEvidence, {e}};
  RankBases(&related);
  ASSERT_TRUE(related.parent.has_value());
  EXPECT_EQ(*related.parent, "base");
  ASSERT_EQ(related.siblings.size(), 1u);
  const std::string text = RenderJson(related, Lang::kEn);
  EXPECT_NE(text.find("ft-sft was derived from base."), std::string::npos);
  ExpectValidAgainstSchema(text, "related");
  ExpectValidAgainstSchema(RenderJson(related, Lang::kKo), "related-ko");
}

TEST(JsonReportTest, SchemaRejectsAMissingContractKey) {
  // The validator is not vacuous: dropping `verdict` must fail.
  if (testing::RunShell("python3 -c 'import jsonschema' 2>/dev/null").exit_code != 0) {
    GTEST_SKIP() << "python3-jsonschema missing";
  }
  nlohmann::json j = nlohmann::json::parse(RenderJson(SampleCompareResult(), Lang::kEn));
  j["results"][0].erase("verdict");
  std::string dir = testing::TempDir("schema-neg");
  testing::WriteFile(dir + "/doc.json", j.dump());
  std::string schema = std::string(LINEAGE_SOURCE_DIR) + "/docs/schema/compare.schema.json";
  testing::ShellResult r = testing::RunShell(
      "python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), "
      "json.load(open(sys.argv[1])))' " +
      testing::Quote(schema) + " " + testing::Quote(dir + "/doc.json") + " 2>&1");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("verdict"), std::string::npos) << r.out;
}

// Schema 2.4: a base found by the registry search carries found_by and registry_search; the
// split of `model` into fields + unevaluatedProperties still rejects unknown keys on both.
TEST(JsonReportTest, RegistryFoundBaseValidatesAndUnknownModelKeysDoNot) {
  if (testing::RunShell("python3 -c 'import jsonschema' 2>/dev/null").exit_code != 0) {
    GTEST_SKIP() << "python3-jsonschema missing";
  }
  CompareResult r = SampleCompareResult();
  r.bases[0].found_by = "registry";
  r.bases[0].registry = RegistryFound{"/tmp/r.sqlite", 3, 220, -41.5, "exact"};
  const std::string text = RenderJson(r, Lang::kEn);
  ExpectValidAgainstSchema(text, "registry-base");
  const nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j["bases"][0]["found_by"], "registry");
  EXPECT_EQ(j["bases"][0]["registry_search"]["registry_size"], 220);
  EXPECT_EQ(j["bases"][0]["registry_search"]["log10_p"], -41.5);
  EXPECT_EQ(j["bases"][1]["found_by"], "argument");
  EXPECT_TRUE(j["bases"][1]["registry_search"].is_null());
  std::string dir = testing::TempDir("schema-neg-model");
  std::string schema = std::string(LINEAGE_SOURCE_DIR) + "/docs/schema/compare.schema.json";
  for (const char* where : {"candidate", "base"}) {
    nlohmann::json bad = j;
    (where == std::string("candidate") ? bad["candidate"] : bad["bases"][0])["surprise"] = 1;
    testing::WriteFile(dir + "/doc.json", bad.dump());
    testing::ShellResult v = testing::RunShell(
        "python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])),"
        " json.load(open(sys.argv[1])))' " +
        testing::Quote(schema) + " " + testing::Quote(dir + "/doc.json") + " 2>&1");
    EXPECT_NE(v.exit_code, 0) << where;
    EXPECT_NE(v.out.find("surprise"), std::string::npos) << where << ": " << v.out;
  }
}

// Schema 2.5: an endpoint-only model (compare/endpoint_only.h) carries endpoint_only: true and
// validates, as candidate and as base, in both languages.
TEST(JsonReportTest, EndpointOnlyModelsValidate) {
  if (testing::RunShell("python3 -c 'import jsonschema' 2>/dev/null").exit_code != 0) {
    GTEST_SKIP() << "python3-jsonschema missing";
  }
  CompareResult r =
      EndpointOnlyCompare({"served-x", "examples/models/base"}, {true, false}, CompareOptions{});
  ExpectValidAgainstSchema(RenderJson(r, Lang::kEn), "endpoint-only-candidate");
  ExpectValidAgainstSchema(RenderJson(r, Lang::kKo), "endpoint-only-candidate-ko");
  CompareResult mixed = SampleCompareResult();
  AddEndpointOnlyBases({"served-y"}, &mixed);
  const std::string text = RenderJson(mixed, Lang::kEn);
  ExpectValidAgainstSchema(text, "endpoint-only-base");
  EXPECT_EQ(nlohmann::json::parse(text)["bases"][2]["endpoint_only"], true);
}

}  // namespace
}  // namespace lineage

namespace lineage {
namespace {

// Robust findings carry their panel's maximum and source, the effect floor and whether the panel
// is only a lower bound on the null (schema 1.2); the robust scores name the panel too.
TEST(JsonReportTest, RobustFindingsNameTheirPanel) {
  CompareResult r = testing::SampleCompareResult();
  r.panel = "family-tiny-llama";
  PairResult& p = r.results[0];
  Finding* s2 = nullptr;
  for (Finding& f : p.findings) s2 = f.test == "gate_up_consistency" ? &f : s2;
  ASSERT_NE(s2, nullptr);
  s2->null->max = 0.031;
  s2->null->source = "family-tiny-llama";
  s2->effect_floor = 0.5;
  s2->value_interval = std::make_pair(0.81, 0.93);
  s2->panel_is_lower_bound = false;
  RobustScore rs;
  rs.test = "gate_up_consistency";
  rs.component = "trunk";
  rs.panel_source = "family-tiny-llama";
  p.robust.push_back(rs);
  nlohmann::json j = nlohmann::json::parse(RenderJson(r, Lang::kEn));
  EXPECT_EQ(j["panel"], "family-tiny-llama");
  bool seen = false;
  for (const auto& f : j["results"][0]["evidence"]) {
    EXPECT_TRUE(f.contains("effect_floor") && f.contains("panel_is_lower_bound") &&
                f.contains("value_interval"))
        << f.dump();
    if (!f["null"].is_null()) {
      EXPECT_TRUE(f["null"].contains("max") && f["null"].contains("source"));
    }
    if (f["test"] != "gate_up_consistency") continue;
    seen = true;
    EXPECT_EQ(f["null"]["max"], 0.031);
    EXPECT_EQ(f["null"]["source"], "family-tiny-llama");
    EXPECT_EQ(f["effect_floor"], 0.5);
    EXPECT_EQ(f["value_interval"], nlohmann::json::array({0.81, 0.93}));
    EXPECT_EQ(f["panel_is_lower_bound"], false);
  }
  EXPECT_TRUE(seen);
  const auto& robust = j["results"][0]["robust"];
  ASSERT_FALSE(robust.empty());
  EXPECT_EQ(robust.back()["panel_source"], "family-tiny-llama");
  EXPECT_EQ(robust.back()["panel_is_lower_bound"], false);
  // A random-init panel has no source, and a lower-bound one says so.
  s2->null->source.clear();
  s2->panel_is_lower_bound = true;
  j = nlohmann::json::parse(RenderJson(r, Lang::kEn));
  for (const auto& f : j["results"][0]["evidence"]) {
    if (f["test"] != "gate_up_consistency") continue;
    EXPECT_TRUE(f["null"]["source"].is_null());
    EXPECT_EQ(f["panel_is_lower_bound"], true);
  }
}

}  // namespace
}  // namespace lineage
