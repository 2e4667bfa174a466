#include "report/emit.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "report/sample_result.h"
#include "test_util.h"

namespace lineage {
namespace {

TEST(EmitTest, StdoutIsSummaryOrJson) {
  CompareResult r = testing::SampleCompareResult();
  ReportRequest req;
  EXPECT_NE(EmitReports(r, req).stdout_text.find("Most related base: base"), std::string::npos);
  req.json = true;
  std::string json = EmitReports(r, req).stdout_text;
  EXPECT_EQ(json.rfind("{", 0), 0u);
  req.json = false;
  req.quiet = true;
  EXPECT_TRUE(EmitReports(r, req).stdout_text.empty());
}

TEST(EmitTest, WritesEveryRequestedFileAndReportsTheFirstFailure) {
  CompareResult r = testing::SampleCompareResult();
  std::string dir = testing::TempDir("emit");
  ReportRequest req;
  req.lang = Lang::kKo;
  req.html_path = dir + "/missing-dir/report.html";  // cannot be written
  req.markdown_path = dir + "/report.md";
  req.json_path = dir + "/report.json";
  ReportOutput out = EmitReports(r, req);
  ASSERT_FALSE(out.files.ok());
  EXPECT_NE(out.files.message().find("missing-dir/report.html"), std::string::npos);
  // The other reports still landed, and the summary is still there.
  EXPECT_TRUE(std::filesystem::exists(dir + "/report.md"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/report.json"));
  EXPECT_NE(out.stdout_text.find("가장 관련된 기반 모델"), std::string::npos);
}

}  // namespace
}  // namespace lineage
