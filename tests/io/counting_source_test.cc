// Counting sources: ReadAt and NoteMappedRead add to bytes_read; everything else is forwarded.
#include "io/counting_source.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "test_util.h"

namespace lineage {
namespace {

TEST(CountingSourceTest, CountsReadAtAndMappedReadsAndForwardsTheRest) {
  auto stats = std::make_shared<ReadStats>();
  std::vector<uint8_t> bytes = {1, 2, 3, 4, 5, 6, 7, 8};
  std::unique_ptr<ByteSource> src = CountReads(MakeMemorySource("mem", bytes), stats);
  EXPECT_EQ(src->name(), "mem");
  EXPECT_EQ(src->size(), 8u);
  ASSERT_NE(src->data(), nullptr);
  EXPECT_EQ(src->data()[3], 4);
  std::vector<uint8_t> out(3);
  ASSERT_TRUE(src->ReadAt(2, out).ok());
  EXPECT_EQ(out, (std::vector<uint8_t>{3, 4, 5}));
  EXPECT_EQ(stats->bytes_read.load(), 3u);
  src->NoteMappedRead(5);
  EXPECT_EQ(stats->bytes_read.load(), 8u);
  EXPECT_FALSE(src->ReadAt(7, out).ok());  // past the end: still an error
  EXPECT_EQ(stats->requests.load(), 0u);
}

TEST(CountingSourceTest, OpenerWrapsEverySourceItOpens) {
  const std::string dir = testing::TempDir("counting");
  testing::WriteFile(dir + "/a.bin", std::vector<uint8_t>(100, 7));
  auto stats = std::make_shared<ReadStats>();
  std::shared_ptr<const FileOpener> opener = CountingOpener(LocalFileOpener(), stats);
  Result<uint64_t> size = opener->Size(dir + "/a.bin");
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 100u);
  EXPECT_TRUE(opener->Extra(dir).empty());
  EXPECT_EQ(opener->ClaimedSha256(dir + "/a.bin"), "");
  Result<std::unique_ptr<ByteSource>> src = opener->Open(dir + "/a.bin");
  ASSERT_TRUE(src.ok());
  std::vector<uint8_t> out(40);
  ASSERT_TRUE((*src)->ReadAt(10, out).ok());
  EXPECT_EQ(stats->bytes_read.load(), 40u);
  EXPECT_FALSE(opener->Open(dir + "/missing.bin").ok());
}

}  // namespace
}  // namespace lineage
