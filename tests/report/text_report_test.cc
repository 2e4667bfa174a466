#include "report/text_report.h"

#include <gtest/gtest.h>

#include "report/sample_result.h"

namespace lineage {
namespace {

TEST(TextReportTest, SummaryNamesVerdictsParentAndStatements) {
  std::string out = RenderText(testing::SampleCompareResult(), {Lang::kEn, false});
  EXPECT_NE(out.find("vs base: derived (fine-tuned)"), std::string::npos) << out;
  EXPECT_NE(out.find("vs indep-s1: independent"), std::string::npos) << out;
  EXPECT_NE(out.find("Most likely parent: base"), std::string::npos);
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
  EXPECT_NE(out.find("파생"), std::string::npos);
  EXPECT_NE(out.find("독립"), std::string::npos);
  EXPECT_NE(out.find("귀무가설"), std::string::npos);
  EXPECT_NE(out.find("가장 유력한 모체 모델: base"), std::string::npos);
  EXPECT_EQ(out.find("Most likely"), std::string::npos);
}

TEST(TextReportTest, LimitationsAreShown) {
  CompareResult r = testing::SampleCompareResult();
  r.results[1].limitations.push_back("limitation.no_tokenizer_base");
  std::string out = RenderText(r, {Lang::kEn, false});
  EXPECT_NE(out.find("The base has no tokenizer"), std::string::npos);
}

}  // namespace
}  // namespace lineage
