#include "util/data_dir.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(DataDir, EnvironmentVariableWins) {
  ::setenv("LINEAGE_DATA_DIR_TEST", "/some/where", 1);
  EXPECT_EQ(LocateShippedDataDir("LINEAGE_DATA_DIR_TEST", {"data/calibration"}), "/some/where");
  ::unsetenv("LINEAGE_DATA_DIR_TEST");
}

// The test binary lives in build/tests/: data/calibration of the source tree is found above it.
TEST(DataDir, FindsShippedDataAboveTheExecutable) {
  ::unsetenv("LINEAGE_DATA_DIR_TEST");
  const std::string source = std::filesystem::canonical(LINEAGE_SOURCE_DIR).string();
  const std::string binary = std::filesystem::canonical(LINEAGE_BINARY).string();
  // The search covers the executable's directory and three levels above it.
  if (binary.rfind(source + "/", 0) != 0 ||
      std::count(binary.begin() + static_cast<std::ptrdiff_t>(source.size()), binary.end(), '/') >
          4) {
    GTEST_SKIP() << "build directory outside the source tree (or too deep): nothing to find";
  }
  const std::string found = LocateShippedDataDir("LINEAGE_DATA_DIR_TEST", {"data/calibration"});
  ASSERT_FALSE(found.empty());
  EXPECT_TRUE(
      std::filesystem::equivalent(found, std::string(LINEAGE_SOURCE_DIR) + "/data/calibration"))
      << found;
  EXPECT_EQ(LocateShippedDataDir("LINEAGE_DATA_DIR_TEST", {"data/no-such-directory"}), "");
}

// Missing shipped data is an error that says what is missing and how to point at it.
TEST(DataDir, RequiredDataThatIsMissingIsAnError) {
  ::unsetenv("LINEAGE_DATA_DIR_TEST");
  Result<std::string> r =
      RequireShippedDataDir("LINEAGE_DATA_DIR_TEST", {"data/no-such-directory"}, "test panel");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_NE(r.status().message().find("shipped test panel directory"), std::string::npos);
  EXPECT_NE(r.status().message().find("LINEAGE_DATA_DIR_TEST"), std::string::npos);
  ::setenv("LINEAGE_DATA_DIR_TEST", "/some/where", 1);
  r = RequireShippedDataDir("LINEAGE_DATA_DIR_TEST", {"data/no-such-directory"}, "test panel");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "/some/where");
  ::unsetenv("LINEAGE_DATA_DIR_TEST");
}

}  // namespace
}  // namespace lineage
