// The behaviour section of the Markdown and HTML reports, in English and Korean.
#include "report/behaviour_report.h"

#include <gtest/gtest.h>

#include "report/behaviour_sample.h"

namespace lineage {
namespace {

using testing::SampleBehaviourJson;

bool Has(const std::string& s, const std::string& needle) {
  return s.find(needle) != std::string::npos;
}

TEST(BehaviourReport, NothingWithoutBehaviour) {
  EXPECT_EQ(BehaviourMarkdown("", Lang::kEn), "");
  EXPECT_EQ(BehaviourHtml("not json", Lang::kEn), "");
}

TEST(BehaviourReport, MarkdownEnglish) {
  const std::string md = BehaviourMarkdown(SampleBehaviourJson(), Lang::kEn);
  EXPECT_TRUE(Has(md, "## Behaviour (served models; not part of the weight verdict)")) << md;
  EXPECT_TRUE(Has(md, "**functionally closer to the base than to every control**"));
  EXPECT_TRUE(Has(md, "| base | base | 0.750 | 9.50 | – | – | 0.800 |")) << md;
  EXPECT_TRUE(Has(md, "| ctl-1 | control | 0.200 | 1.25 | 40 / 3 / 17 | 2e-09 | 0.250 |")) << md;
  EXPECT_TRUE(Has(md, "| ctl-2 | control | 0.100 | 0.50 | 38 / 5 / 17 | 3e-07 | – |")) << md;
  EXPECT_TRUE(Has(md, "### Probes (observations, not a verdict)"));
  EXPECT_TRUE(Has(md,
                  "| cand<b> | Llama (3), Meta (2) | 2023-08 (range 2023-05 to 2023-11) | "
                  "7/8 | 1/6 | – |"))
      << md;
  EXPECT_TRUE(Has(md, "| base | none | no estimate | 0/8 | 0/6 | 11/12 |")) << md;
  EXPECT_TRUE(Has(md, "- --max-queries 60 allows 15 of the 59 prompts"));
  EXPECT_TRUE(Has(md, "- base: no token count: 404"));
}

TEST(BehaviourReport, MarkdownKorean) {
  const std::string md = BehaviourMarkdown(SampleBehaviourJson(), Lang::kKo);
  EXPECT_TRUE(Has(md, "## 행동 (서비스 중인 모델; 가중치 판정에 포함되지 않음)")) << md;
  EXPECT_TRUE(Has(md, "모든 대조 모델보다 기반 모델에 기능적으로 더 가까움"));
  EXPECT_TRUE(Has(md, "### 탐침 (관찰이며 판정이 아님)"));
  EXPECT_TRUE(Has(md, "2023-08 (범위 2023-05~2023-11)")) << md;
  EXPECT_TRUE(Has(md, "| base | 없음 | 추정 없음 |")) << md;
  EXPECT_TRUE(Has(md, "프롬프트 59개 중 15개만 허용함")) << md;
  EXPECT_TRUE(Has(md, "- base: 토큰 수 없음: 404")) << md;
  for (const char* en : {"served model", "no estimate", "Probes", "control |"}) {
    EXPECT_FALSE(Has(md, en)) << en;
  }
}

TEST(BehaviourReport, HtmlBarsTablesAndEscaping) {
  const std::string html = BehaviourHtml(SampleBehaviourJson(), Lang::kEn);
  EXPECT_TRUE(Has(html, "<section id=\"behaviour\">"));
  EXPECT_TRUE(Has(html, "id=\"behaviour-agreement-bars\""));
  EXPECT_TRUE(Has(html, "class=\"bar bar-base\" style=\"width:75.0%\" data-value=\"0.7500\""))
      << html;
  EXPECT_TRUE(Has(html, "class=\"bar bar-control\" style=\"width:20.0%\""));
  EXPECT_TRUE(Has(html, "id=\"behaviour-probes\""));
  EXPECT_TRUE(Has(html, "cand&lt;b&gt;"));
  EXPECT_FALSE(Has(html, "cand<b>"));
  EXPECT_FALSE(Has(html, "<script"));
  const std::string ko = BehaviourHtml(SampleBehaviourJson(), Lang::kKo);
  EXPECT_TRUE(Has(ko, "서비스 모델별 후보 모델과의 첫 단위 일치율"));
  EXPECT_TRUE(Has(ko, "거부 (유해 프롬프트)"));
}

}  // namespace
}  // namespace lineage
