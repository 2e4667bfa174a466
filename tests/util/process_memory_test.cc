#include "util/process_memory.h"

#include <gtest/gtest.h>

#include <vector>

namespace lineage {
namespace {

TEST(ProcessMemoryTest, ParsesTheKernelsLine) {
  EXPECT_EQ(ParseRssAnonBytes("Name:\tx\nRssAnon:\t    2048 kB\nRssFile: 1 kB\n"), 2048 * 1024);
  EXPECT_EQ(ParseRssAnonBytes("Name:\tx\nVmRSS: 5 kB\n"), -1);
  EXPECT_EQ(ParseRssAnonBytes("RssAnon:\t kB\n"), -1);
  EXPECT_EQ(ParseRssAnonBytes("XRssAnon: 5 kB\n"), -1);
}

TEST(ProcessMemoryTest, SeesAnAllocationGrow) {
  const int64_t before = CurrentRssAnonBytes();
  if (before < 0) GTEST_SKIP() << "no RssAnon in /proc/self/status on this kernel";
  std::vector<char> block(64 << 20, 1);  // touched, so resident
  const int64_t after = CurrentRssAnonBytes();
  EXPECT_GE(after - before, int64_t{48} << 20) << block[12345];
}

}  // namespace
}  // namespace lineage
