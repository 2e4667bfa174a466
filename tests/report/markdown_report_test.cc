#include "report/markdown_report.h"

#include <gtest/gtest.h>

#include "report/sample_result.h"

namespace lineage {
namespace {

TEST(MarkdownReportTest, TablesAndSections) {
  std::string md = RenderMarkdown(testing::SampleCompareResult(), Lang::kEn);
  EXPECT_EQ(md.rfind("# Model lineage report", 0), 0u);
  EXPECT_NE(md.find("| base | shares trained weights | values moved by training (fine-tune-like "
                    "drift) |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- Ancestry: ft-sft and base share trained weights; which came first is "
                    "unknown."),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 1 | base | shares trained weights | unknown |"), std::string::npos) << md;
  EXPECT_NE(md.find("| indep-s1 | independent |"), std::string::npos);
  EXPECT_NE(md.find("Matched blocks (candidate → base): 0→0, 1→1, 2→2, 3→3, 4→4"),
            std::string::npos);
  EXPECT_NE(md.find("37cd84df008f59caa3426e3da856d45b4fdced723ef86c9f0f43ab41ba4a3bd8"),
            std::string::npos);
  EXPECT_EQ(md, RenderMarkdown(testing::SampleCompareResult(), Lang::kEn));
}

TEST(MarkdownReportTest, CellsCannotBreakTables) {
  CompareResult r = testing::SampleCompareResult();
  r.results[0].base = "evil|base\nline";
  std::string md = RenderMarkdown(r, Lang::kEn);
  EXPECT_NE(md.find("| evil\\|base line |"), std::string::npos) << md;
}

TEST(MarkdownReportTest, Korean) {
  std::string md = RenderMarkdown(testing::SampleCompareResult(), Lang::kKo);
  EXPECT_EQ(md.rfind("# 모델 계보 보고서", 0), 0u);
  EXPECT_NE(md.find("| base | 학습된 가중치 공유 | 학습으로 값이 달라짐 (미세 조정 수준의 변화) |"),
            std::string::npos)
      << md;
}

}  // namespace
}  // namespace lineage
