#include "report/text_report.h"

#include <gtest/gtest.h>

#include "report/sample_result.h"

namespace lineage {
namespace {

TEST(TextReportTest, SummaryNamesVerdictsParentAndStatements) {
  std::string out = RenderText(testing::SampleCompareResult(), {Lang::kEn, false});
  // "derived" reads as what it shows: shared trained weights, with the ancestry beside it.
  EXPECT_NE(out.find("vs base: shares trained weights (values moved by training"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find("ancestry: ft-sft and base share trained weights; which came first is unknown"),
      std::string::npos)
      << out;
  EXPECT_EQ(out.find("derived from"), std::string::npos) << out;
  EXPECT_NE(out.find("vs indep-s1: independent"), std::string::npos) << out;
  EXPECT_NE(out.find("Most related base: base"), std::string::npos) << out;
  EXPECT_NE(out.find("Parent: not named"), std::string::npos) << out;
  EXPECT_NE(out.find("Bases ranked by strength of shared weights:\n  1. base"), std::string::npos)
      << out;
  EXPECT_NE(out.find("H0:"), std::string::npos);
  EXPECT_NE(out.find("distillation"), std::string::npos);
  EXPECT_NE(out.find("tokenizer identical, architecture identical"), std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);  // no colour unless asked
}

TEST(TextReportTest, ColourOnlyWhenAsked) {
  std::string out = RenderText(testing::SampleCompareResult(), {Lang::kEn, true});
  EXPECT_NE(out.find("\x1b[1;31m"), std::string::npos);  // derived in red
  EXPECT_NE(out.find("\x1b[1;32m"), std::string::npos);  // independent in green
}

TEST(TextReportTest, KoreanSummary) {
  std::string out = RenderText(testing::SampleCompareResult(), {Lang::kKo, false});
  EXPECT_NE(out.find("학습된 가중치 공유"), std::string::npos) << out;
  EXPECT_EQ(out.find("파생되었"), std::string::npos) << out;
  EXPECT_NE(out.find("독립"), std::string::npos);
  EXPECT_NE(out.find("귀무가설"), std::string::npos);
  EXPECT_NE(out.find("가장 관련된 기반 모델: base"), std::string::npos) << out;
  EXPECT_EQ(out.find("Most related"), std::string::npos);
}

TEST(TextReportTest, LimitationsAreShown) {
  CompareResult r = testing::SampleCompareResult();
  r.results[1].limitations.push_back("limitation.no_tokenizer_base");
  std::string out = RenderText(r, {Lang::kEn, false});
  EXPECT_NE(out.find("The base has no tokenizer"), std::string::npos);
}

}  // namespace
}  // namespace lineage
