// The HTML report: self-contained, escaped, and — in headless Chromium with the network cut off —
// every chart renders with no console error. Screenshots go to <build>/test-artifacts/.
#include "report/html_report.h"

#include <filesystem>
#include <regex>

#include <gtest/gtest.h>

#include "report/behaviour_sample.h"
#include "report/report_file.h"
#include "report/sample_result.h"
#include "report/shell.h"
#include "report/web_asset.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Quote;
using testing::RunShell;
using testing::SampleCompareResult;

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

TEST(HtmlReportTest, SelfContainedAndDeterministic) {
  std::string html = RenderHtml(SampleCompareResult(), Lang::kEn);
  EXPECT_EQ(html, RenderHtml(SampleCompareResult(), Lang::kEn));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  // The chart library is inlined, and nothing is fetched from elsewhere.
  EXPECT_GT(ChartLibraryJs().size(), 500000u);
  EXPECT_NE(html.find(std::string(ChartLibraryJs().substr(0, 200))), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(Count(html, "</script>"), Count(html, "<script"));
  // Eight charts: components, tokenizer, two block maps, two block-stat panels, PCA, trajectory.
  EXPECT_NE(html.find("data-expected=\"8\""), std::string::npos);
  EXPECT_NE(html.find("id=\"chart-trajectory\""), std::string::npos);
  EXPECT_NE(html.find("illustration, not evidence"), std::string::npos);
}

TEST(HtmlReportTest, ModelTextIsEscaped) {
  CompareResult r = SampleCompareResult();
  r.results[0].base = "<script>alert(1)</script>";
  r.bases[0].label = r.results[0].base;
  r.warnings.push_back("<img src=x onerror=alert(2)>");
  std::string html = RenderHtml(r, Lang::kEn);
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  // Inside the chart JSON the label cannot close the script element.
  EXPECT_NE(html.find("\\u003cscript>alert(1)\\u003c/script>"), std::string::npos);
}

TEST(HtmlReportTest, KoreanPage) {
  std::string html = RenderHtml(SampleCompareResult(), Lang::kKo);
  EXPECT_NE(html.find("<html lang=\"ko\">"), std::string::npos);
  EXPECT_NE(html.find("모델 계보 보고서"), std::string::npos);
  EXPECT_NE(html.find("NanumGothic"), std::string::npos);
  EXPECT_EQ(html.find("Model lineage report"), std::string::npos);
  EXPECT_EQ(html.find("Most related base"), std::string::npos);
  EXPECT_NE(html.find("가장 관련된 기반 모델: base"), std::string::npos);
  EXPECT_NE(html.find("계보 방향"), std::string::npos);
}

struct Rendered {
  std::string dom;
  std::string screenshot;
};

// Opens `html_path` in headless Chromium with DNS disabled (no network), returns the DOM after
// the charts had time to render, and saves a screenshot.
Rendered RenderInChromium(const std::string& html_path, const std::string& tag) {
  std::string dir = testing::TempDir("chromium-" + tag);
  std::filesystem::path artifacts =
      std::filesystem::path(LINEAGE_BINARY).parent_path() / "test-artifacts";
  std::filesystem::create_directories(artifacts);
  std::string shot = (artifacts / ("report-" + tag + ".png")).string();
  std::filesystem::remove(shot);
  std::string common =
      "timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--disable-dev-shm-usage --hide-scrollbars --host-resolver-rules='MAP * ~NOTFOUND' "
      "--virtual-time-budget=30000 --user-data-dir=" +
      Quote(dir + "/profile");
  std::string url = Quote("file://" + html_path);
  Rendered r;
  r.dom = RunShell(common + " --dump-dom " + url + " 2>/dev/null").out;
  RunShell(common + " --window-size=1280,5000 --screenshot=" + Quote(shot) + " " + url +
           " >/dev/null 2>&1");
  r.screenshot = shot;
  return r;
}

std::string Attr(const std::string& dom, const std::string& name) {
  std::smatch m;
  std::regex re("id=\"lineage-render-status\"[^>]*" + name + "=\"([^\"]*)\"");
  return std::regex_search(dom, m, re) ? m[1].str() : "<missing>";
}

void ExpectChartsRender(Lang lang, const std::string& tag) {
  if (RunShell("command -v chromium >/dev/null 2>&1").exit_code != 0) {
    GTEST_SKIP() << "chromium missing: run scripts/install-deps.sh";
  }
  std::string path = testing::TempDir("html-" + tag) + "/report.html";
  ASSERT_TRUE(WriteReportFile(path, RenderHtml(SampleCompareResult(), lang)).ok());
  Rendered r = RenderInChromium(path, tag);
  ASSERT_FALSE(r.dom.empty()) << "chromium produced no DOM";
  EXPECT_EQ(Attr(r.dom, "data-done"), "1");
  EXPECT_EQ(Attr(r.dom, "data-errors"), "");
  EXPECT_EQ(Attr(r.dom, "data-expected"), "8");
  EXPECT_EQ(Attr(r.dom, "data-rendered"), "8");
  // Vega's SVG renderer draws its marks into <g class="mark-..."> groups inside each chart.
  EXPECT_GE(Count(r.dom, "<svg"), 8);
  EXPECT_GE(Count(r.dom, "class=\"mark-rect"), 3);    // component grid and two block maps
  EXPECT_GE(Count(r.dom, "class=\"mark-symbol"), 3);  // block statistics and PCA points
  EXPECT_TRUE(std::filesystem::exists(r.screenshot)) << r.screenshot;
  EXPECT_GT(std::filesystem::file_size(r.screenshot), 20000u);
}

TEST(HtmlReportChromiumTest, ChartsRenderOfflineWithoutErrorsEnglish) {
  ExpectChartsRender(Lang::kEn, "en");
}

TEST(HtmlReportChromiumTest, ChartsRenderOfflineWithoutErrorsKorean) {
  ExpectChartsRender(Lang::kKo, "ko");
}

// Renders a damaged page and checks that the status element reports the damage: the test of the
// status element itself (a check that cannot fail would prove nothing).
void ExpectFailureReported(const std::string& html, const std::string& tag,
                           const std::string& rendered, const std::string& error) {
  if (RunShell("command -v chromium >/dev/null 2>&1").exit_code != 0) GTEST_SKIP();
  std::string path = testing::TempDir("html-" + tag) + "/report.html";
  ASSERT_TRUE(WriteReportFile(path, html).ok());
  Rendered r = RenderInChromium(path, tag);
  EXPECT_EQ(Attr(r.dom, "data-done"), "1");
  EXPECT_EQ(Attr(r.dom, "data-rendered"), rendered);
  EXPECT_NE(Attr(r.dom, "data-errors").find(error), std::string::npos)
      << Attr(r.dom, "data-errors");
}

TEST(HtmlReportChromiumTest, BrokenChartIsReportedNotHidden) {
  std::string html = RenderHtml(SampleCompareResult(), Lang::kEn);
  const std::string good = "\"mark\":{\"type\":\"bar\",\"tooltip\":true}";
  size_t at = html.find(good);
  ASSERT_NE(at, std::string::npos);
  html.replace(at, good.size(), "\"mark\":{\"type\":\"no-such-mark\"}");
  ExpectFailureReported(html, "broken", "7", "chart-tokenizer");  // 8 charts, one broken
}

TEST(HtmlReportChromiumTest, UnreadableChartDataIsReported) {
  std::string html = RenderHtml(SampleCompareResult(), Lang::kEn);
  const std::string marker = "id=\"lineage-charts\">";
  size_t at = html.find(marker);
  ASSERT_NE(at, std::string::npos);
  html.insert(at + marker.size(), "{");  // no longer JSON
  ExpectFailureReported(html, "unreadable", "0", "chart data unreadable");
}

// The behaviour section's bars are plain elements: they render offline with the charts, add no
// chart, and have the widths of the agreement rates.
TEST(HtmlReportChromiumTest, BehaviourSectionRendersOffline) {
  if (RunShell("command -v chromium >/dev/null 2>&1").exit_code != 0) GTEST_SKIP();
  CompareResult r = SampleCompareResult();
  r.behaviour_json = testing::SampleBehaviourJson();
  for (Lang lang : {Lang::kEn, Lang::kKo}) {
    const std::string tag = lang == Lang::kEn ? "behaviour-en" : "behaviour-ko";
    std::string path = testing::TempDir("html-" + tag) + "/report.html";
    ASSERT_TRUE(WriteReportFile(path, RenderHtml(r, lang)).ok());
    Rendered out = RenderInChromium(path, tag);
    ASSERT_FALSE(out.dom.empty());
    EXPECT_EQ(Attr(out.dom, "data-errors"), "");
    EXPECT_EQ(Attr(out.dom, "data-rendered"), "8");
    EXPECT_EQ(Count(out.dom, "class=\"bar-row\""), 3);
    EXPECT_NE(out.dom.find("class=\"bar bar-base\" style=\"width:75.0%\""), std::string::npos)
        << "the base's bar in the parsed DOM";
    EXPECT_NE(out.dom.find("id=\"behaviour-probes\""), std::string::npos);
  }
}

}  // namespace
}  // namespace lineage
