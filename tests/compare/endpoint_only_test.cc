#include "compare/endpoint_only.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/catalog.h"
#include "report/json_report.h"
#include "report/markdown_report.h"
#include "report/sample_result.h"

namespace lineage {
namespace {

// An endpoint-only candidate: every base is inconclusive with nothing compared, no number stands
// in for the missing evidence, and the reports say why in both languages.
TEST(EndpointOnlyTest, CandidateWithoutFilesGivesInconclusivePairsAndNoNumbers) {
  CompareOptions o;
  o.seed = 7;
  CompareResult r =
      EndpointOnlyCompare({"served-x", "examples/models/base", "served-y"}, {true, false, true}, o);
  EXPECT_TRUE(r.candidate.endpoint_only);
  EXPECT_EQ(r.candidate.label, "served-x");
  ASSERT_EQ(r.bases.size(), 2u);
  EXPECT_EQ(r.bases[0].label, "base");
  EXPECT_FALSE(r.bases[0].endpoint_only);
  EXPECT_TRUE(r.bases[1].endpoint_only);
  ASSERT_EQ(r.results.size(), 2u);
  for (const PairResult& p : r.results) {
    EXPECT_EQ(p.verdict, Verdict::kInconclusive);
    EXPECT_EQ(p.reason, "reason.no_weight_evidence");
    EXPECT_TRUE(p.findings.empty());
    EXPECT_FALSE(p.log10_p_exact.has_value());
    EXPECT_FALSE(p.tokenizer.has_value());
    EXPECT_FALSE(p.architecture.has_value());
    EXPECT_EQ(p.limitations, std::vector<std::string>{"limitation.endpoint_only"});
  }
  EXPECT_FALSE(r.parent.has_value());
  ASSERT_EQ(r.ranking.size(), 2u);
  EXPECT_EQ(r.seed, 7u);

  const nlohmann::json j = nlohmann::json::parse(RenderJson(r, Lang::kEn));
  EXPECT_EQ(j["candidate"]["endpoint_only"], true);
  EXPECT_FALSE(j["bases"][0].contains("endpoint_only"));  // only present when true
  EXPECT_EQ(j["candidate"]["bytes_read"], 0);
  EXPECT_TRUE(j["results"][0]["tokenizer"].is_null());
  EXPECT_TRUE(j["results"][0]["exact"]["log10_p"].is_null());
  for (Lang lang : {Lang::kEn, Lang::kKo}) {
    const std::string md = RenderMarkdown(r, lang);
    EXPECT_NE(md.find(std::string(Tr(lang, "limitation.endpoint_only")).substr(0, 40)),
              std::string::npos)
        << md;
    EXPECT_NE(md.find(std::string(Tr(lang, "reading.endpoint_only"))), std::string::npos) << md;
  }
  EXPECT_NE(Tr(Lang::kKo, "limitation.endpoint_only"), Tr(Lang::kEn, "limitation.endpoint_only"));
}

// Endpoint-only bases join a run that compared weights: the compared pairs keep their verdicts
// and rank first; the added pairs are inconclusive and never the parent.
TEST(EndpointOnlyTest, AddedBasesLeaveComparedVerdictsAlone) {
  CompareResult r = testing::SampleCompareResult();
  const std::vector<PairResult> before = r.results;
  const size_t n = r.bases.size();
  const auto parent = r.parent;
  AddEndpointOnlyBases({"served-z"}, &r);
  ASSERT_EQ(r.results.size(), n + 1);
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(r.results[i].verdict, before[i].verdict);
  EXPECT_EQ(r.results[n].verdict, Verdict::kInconclusive);
  EXPECT_TRUE(r.bases[n].endpoint_only);
  EXPECT_EQ(r.parent, parent);
  EXPECT_EQ(r.ranking.back().base, "served-z");
}

}  // namespace
}  // namespace lineage
