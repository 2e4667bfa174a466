#include "io/cache/range_cache_admin.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "io/cache/range_cache.h"
#include "test_util.h"

namespace lineage {
namespace {

const std::string kSha = "0123456789abcdef0123456789abcdef01234567";
constexpr uint64_t kChunk = 4096;

// Fills chunks [0, n) of `file` and dates chunk i at base + i seconds (older first).
void Fill(const std::string& home, const std::string& file, uint64_t n, int64_t base) {
  const RangeMeta meta{"org/name", kSha, file, n * kChunk, "", kChunk};
  auto f = RangeCachedFile::Open(home, meta);
  ASSERT_TRUE(f.ok());
  const RangeFetcher fetch = [](uint64_t, std::span<uint8_t> out) -> Status {
    std::fill(out.begin(), out.end(), 7);
    return Status::Ok();
  };
  std::vector<uint8_t> all(n * kChunk);
  uint64_t from_cache = 0;
  ASSERT_TRUE(f->Read(0, all, &fetch, &from_cache).ok());
  for (uint64_t i = 0; i < n; ++i) {
    const std::string p = RangeFileDir(home, meta) + "/" + std::to_string(i) + ".chunk";
    const struct timespec t[2] = {{base + static_cast<int64_t>(i), 0},
                                  {base + static_cast<int64_t>(i), 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, p.c_str(), t, 0), 0);
  }
}

}  // namespace

TEST(RangeCacheAdminTest, ListsFilesWithBytesAndLastUse) {
  const std::string home = testing::TempDir("admin_ls");
  Fill(home, "a.safetensors", 3, 1000);
  Fill(home, "sub/b.safetensors", 2, 5000);
  auto files = ListRangeCache(home);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].meta.file, "a.safetensors");
  EXPECT_EQ(files[0].bytes_cached, 3 * kChunk);
  EXPECT_EQ(files[1].meta.file, "sub/b.safetensors");
  EXPECT_EQ(files[1].bytes_cached, 2 * kChunk);
  EXPECT_GE(files[1].last_used, 5001);
  EXPECT_TRUE(ListRangeCache(testing::TempDir("admin_empty")).empty());
}

TEST(RangeCacheAdminTest, PrunesLeastRecentlyUsedFirst) {
  const std::string home = testing::TempDir("admin_prune");
  Fill(home, "old.safetensors", 3, 1000);
  Fill(home, "new.safetensors", 3, 9000);
  auto r = PruneRangeCache(home, 4 * kChunk);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bytes_before, 6 * kChunk);
  EXPECT_EQ(r->bytes_removed, 2 * kChunk);
  EXPECT_EQ(r->chunks_removed, 2u);
  auto files = ListRangeCache(home);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].meta.file, "new.safetensors");
  EXPECT_EQ(files[0].bytes_cached, 3 * kChunk);
  EXPECT_EQ(files[1].bytes_cached, 1 * kChunk);  // old: only its newest chunk is left
  EXPECT_TRUE(std::filesystem::exists(
      RangeFileDir(home, {"org/name", kSha, "old.safetensors", 0, "", kChunk}) + "/2.chunk"));
  // Pruning everything removes the folders too.
  r = PruneRangeCache(home, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(ListRangeCache(home).empty());
  EXPECT_FALSE(std::filesystem::exists(RangeCacheRoot(home) + "/models--org--name"));
}

// A folder another reader has just opened (meta written, no chunk yet) survives a prune running
// beside it; one left without chunks for over an hour is removed.
TEST(RangeCacheAdminTest, PruneKeepsAFolderAReaderHasJustOpened) {
  const std::string home = testing::TempDir("admin_opened");
  const RangeMeta fresh{"org/name", kSha, "fresh.safetensors", 8 * kChunk, "", kChunk};
  const RangeMeta stale{"org/name", kSha, "stale.safetensors", 8 * kChunk, "", kChunk};
  ASSERT_TRUE(RangeCachedFile::Open(home, fresh).ok());
  ASSERT_TRUE(RangeCachedFile::Open(home, stale).ok());
  const struct timespec t[2] = {{1000, 0}, {1000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, (RangeFileDir(home, stale) + "/meta").c_str(), t, 0), 0);
  ASSERT_EQ(::utimensat(AT_FDCWD, RangeFileDir(home, stale).c_str(), t, 0), 0);
  // Opened, the meta not yet in place: a folder alone.
  const RangeMeta opening{"org/name", kSha, "opening.safetensors", 8 * kChunk, "", kChunk};
  std::filesystem::create_directories(RangeFileDir(home, opening));
  ASSERT_TRUE(PruneRangeCache(home, 0).ok());
  EXPECT_TRUE(std::filesystem::exists(RangeFileDir(home, fresh) + "/meta"));
  EXPECT_TRUE(std::filesystem::exists(RangeFileDir(home, opening)));
  EXPECT_FALSE(std::filesystem::exists(RangeFileDir(home, stale)));
}

}  // namespace lineage
