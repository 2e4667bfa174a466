#include "io/byte_source.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace lineage {

TEST(ByteSourceTest, MappedFileReadsAndBoundsChecks) {
  std::string dir = testing::TempDir("bs");
  testing::WriteFile(dir + "/f.bin", std::vector<uint8_t>{1, 2, 3, 4});
  auto src = OpenMappedFile(dir + "/f.bin");
  ASSERT_TRUE(src.ok());
  EXPECT_EQ((*src)->size(), 4u);
  std::vector<uint8_t> buf(2);
  ASSERT_TRUE((*src)->ReadAt(2, buf).ok());
  EXPECT_EQ(buf[0], 3);
  Status st = (*src)->ReadAt(3, buf);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("f.bin: offset 3"), std::string::npos) << st.message();
  EXPECT_FALSE((*src)->ReadAt(UINT64_MAX, buf).ok());
}

TEST(ByteSourceTest, MissingFileIsNotFound) {
  auto src = OpenMappedFile("/nonexistent/x.safetensors");
  ASSERT_FALSE(src.ok());
  EXPECT_EQ(src.status().code(), Status::Code::kNotFound);
}

TEST(ByteSourceTest, TruncatedGzipIsCorrupt) {
  std::string dir = testing::TempDir("gz");
  // A gzip header followed by garbage.
  testing::WriteFile(dir + "/t.gz", std::vector<uint8_t>{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1});
  auto r = ReadMaybeGzipFile(dir + "/t.gz", 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("t.gz"), std::string::npos);
}

}  // namespace lineage
