#include "report/report_file.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "test_util.h"

namespace lineage {
namespace {

TEST(ReportFileTest, WritesWholeFile) {
  std::string path = testing::TempDir("report-file") + "/report.html";
  std::string content(100000, 'x');
  ASSERT_TRUE(WriteReportFile(path, content).ok());
  std::vector<uint8_t> back = testing::ReadFile(path);
  EXPECT_EQ(std::string(back.begin(), back.end()), content);
  // Overwrites atomically, leaving no temporary file behind.
  ASSERT_TRUE(WriteReportFile(path, "short").ok());
  int files = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST(ReportFileTest, UnwritablePathIsAClearError) {
  std::string path = testing::TempDir("report-file") + "/no/such/dir/report.html";
  Status s = WriteReportFile(path, "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("No such file or directory"), std::string::npos) << s.message();
  // A directory is not a file either.
  Status d = WriteReportFile(testing::TempDir("report-file-dir"), "x");
  EXPECT_FALSE(d.ok());
  EXPECT_FALSE(WriteReportFile("", "x").ok());
}

}  // namespace
}  // namespace lineage
