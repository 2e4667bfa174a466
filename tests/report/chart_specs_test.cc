#include "report/chart_specs.h"

#include <gtest/gtest.h>

#include "report/sample_result.h"

namespace lineage {
namespace {

TEST(ChartSpecsTest, BlockMapsShareOneColourScale) {
  CompareResult r = testing::SampleCompareResult();
  double hi = BlockMapColorMax(r);
  EXPECT_NEAR(hi, 14.0 + 0.9 * 4, 1e-12);  // the related base's strongest cell
  auto related = BlockMapCharts(r.results[0], 0, hi, Lang::kEn);
  auto unrelated = BlockMapCharts(r.results[1], 1, hi, Lang::kEn);
  ASSERT_EQ(related.size(), 1u);
  ASSERT_EQ(unrelated.size(), 1u);
  const auto& domain = unrelated[0].spec["layer"][0]["encoding"]["color"]["scale"]["domain"];
  EXPECT_EQ(domain, related[0].spec["layer"][0]["encoding"]["color"]["scale"]["domain"]);
  EXPECT_DOUBLE_EQ(domain[1].get<double>(), hi);
  EXPECT_EQ(related[0].spec["data"]["values"].size(), 25u);
}

TEST(ChartSpecsTest, NothingMatchedNeverLooksSaturated) {
  CompareResult r = testing::SampleCompareResult();
  r.results.erase(r.results.begin());  // only the unrelated base: cells ≤ 0.43
  EXPECT_DOUBLE_EQ(BlockMapColorMax(r), 2 * r.results[0].block_map->match_threshold);
}

TEST(ChartSpecsTest, MalformedOrAbsentDataMakesNoChart) {
  CompareResult r = testing::SampleCompareResult();
  PairResult p = r.results[0];
  p.block_map->neg_log10_p.pop_back();  // size no longer candidate × base
  EXPECT_TRUE(BlockMapCharts(p, 0, 1, Lang::kEn).empty());
  for (PairResult& q : r.results) q.tokenizer.reset();
  EXPECT_TRUE(TokenizerCharts(r, Lang::kEn).empty());
  r.pca.reset();
  EXPECT_TRUE(PcaCharts(r, Lang::kEn).empty());
}

TEST(ChartSpecsTest, OneStatisticPanelPerStatistic) {
  PairResult p = testing::SampleCompareResult().results[0];
  p.block_stats.push_back({0, "gate_up_agreement", 0.9, 0, 0.05, std::nullopt});
  auto charts = BlockStatCharts(p, 3, Lang::kEn);
  ASSERT_EQ(charts.size(), 2u);
  EXPECT_EQ(charts[0].id, "chart-blockstats-3-0");
  EXPECT_EQ(charts[1].spec["data"]["values"].size(), 1u);
}

TEST(ChartSpecsTest, LabelsFollowTheLanguage) {
  CompareResult r = testing::SampleCompareResult();
  auto ko = ComponentCharts(r, Lang::kKo);
  ASSERT_EQ(ko.size(), 1u);
  EXPECT_EQ(ko[0].spec["data"]["values"][0]["verdict"], "학습된 가중치 공유");
  EXPECT_EQ(ko[0].spec["title"]["text"], "구성 요소별 판정");
}

}  // namespace
}  // namespace lineage
