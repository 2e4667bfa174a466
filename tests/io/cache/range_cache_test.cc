#include "io/cache/range_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "test_util.h"

namespace lineage {
namespace {

const std::string kSha = "0123456789abcdef0123456789abcdef01234567";
constexpr uint64_t kChunk = 4096;

std::vector<uint8_t> Content(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>((i * 31 + i / 7) & 0xff);
  return v;
}

// The remote file: an in-memory fetch callback that records every range asked for.
struct FakeRemote {
  explicit FakeRemote(std::vector<uint8_t> b) : bytes(std::move(b)) {}
  std::vector<uint8_t> bytes;
  std::mutex mu;
  std::vector<std::pair<uint64_t, uint64_t>> asked;  // offset, length
  RangeFetcher Fetcher() {
    return [this](uint64_t offset, std::span<uint8_t> out) -> Status {
      {
        std::lock_guard<std::mutex> lock(mu);
        asked.emplace_back(offset, out.size());
      }
      if (offset + out.size() > bytes.size()) return Internal("fake: past the end");
      std::copy(bytes.begin() + static_cast<ptrdiff_t>(offset),
                bytes.begin() + static_cast<ptrdiff_t>(offset + out.size()), out.begin());
      return Status::Ok();
    };
  }
};

RangeMeta Meta(uint64_t size, const std::string& commit = kSha, const std::string& etag = "e1") {
  return RangeMeta{"org/name", commit, "sub/model.safetensors", size, etag, kChunk};
}

}  // namespace

TEST(RangeCacheTest, FetchesWholeChunksOnceThenServesFromDisk) {
  const std::string home = testing::TempDir("ranges");
  FakeRemote remote{Content(10 * kChunk + 100)};
  auto file = RangeCachedFile::Open(home, Meta(remote.bytes.size()));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const RangeFetcher fetch = remote.Fetcher();
  std::vector<uint8_t> out(kChunk + 10);
  uint64_t from_cache = 0;
  ASSERT_TRUE(file->Read(kChunk - 5, out, &fetch, &from_cache).ok());
  EXPECT_EQ(from_cache, 0u);
  EXPECT_TRUE(std::equal(out.begin(), out.end(), remote.bytes.begin() + kChunk - 5));
  // Chunks 0, 1 and 2, adjacent: one request for exactly those bytes.
  ASSERT_EQ(remote.asked.size(), 1u);
  EXPECT_EQ(remote.asked[0], std::make_pair(uint64_t{0}, 3 * kChunk));
  ASSERT_TRUE(file->Read(kChunk, out, &fetch, &from_cache).ok());
  EXPECT_EQ(from_cache, out.size());
  EXPECT_EQ(remote.asked.size(), 1u);
  // The short last chunk.
  std::vector<uint8_t> tail(150);
  ASSERT_TRUE(file->Read(remote.bytes.size() - 150, tail, &fetch, &from_cache).ok());
  EXPECT_TRUE(std::equal(tail.begin(), tail.end(), remote.bytes.end() - 150));
  EXPECT_EQ(remote.asked.back(), std::make_pair(9 * kChunk, kChunk + 100));
  EXPECT_FALSE(file->Read(remote.bytes.size() - 10, tail, &fetch, &from_cache).ok());
}

TEST(RangeCacheTest, CoalescesOnlyMissingChunks) {
  const std::string home = testing::TempDir("ranges_gap");
  FakeRemote remote{Content(8 * kChunk)};
  auto file = RangeCachedFile::Open(home, Meta(remote.bytes.size()));
  ASSERT_TRUE(file.ok());
  const RangeFetcher fetch = remote.Fetcher();
  std::vector<uint8_t> one(10);
  uint64_t from_cache = 0;
  ASSERT_TRUE(file->Read(3 * kChunk, one, &fetch, &from_cache).ok());  // chunk 3 cached
  remote.asked.clear();
  std::vector<uint8_t> all(8 * kChunk);
  ASSERT_TRUE(file->Read(0, all, &fetch, &from_cache).ok());
  EXPECT_EQ(all, remote.bytes);
  EXPECT_EQ(from_cache, kChunk);
  ASSERT_EQ(remote.asked.size(), 2u);  // [0,3) and [4,8), in parallel
  std::sort(remote.asked.begin(), remote.asked.end());
  EXPECT_EQ(remote.asked[0], std::make_pair(uint64_t{0}, 3 * kChunk));
  EXPECT_EQ(remote.asked[1], std::make_pair(4 * kChunk, 4 * kChunk));
}

TEST(RangeCacheTest, TruncatedChunkIsFetchedAgain) {
  const std::string home = testing::TempDir("ranges_trunc");
  FakeRemote remote{Content(3 * kChunk)};
  auto file = RangeCachedFile::Open(home, Meta(remote.bytes.size()));
  ASSERT_TRUE(file.ok());
  const RangeFetcher fetch = remote.Fetcher();
  std::vector<uint8_t> out(kChunk);
  uint64_t from_cache = 0;
  ASSERT_TRUE(file->Read(kChunk, out, &fetch, &from_cache).ok());
  const std::string chunk = RangeFileDir(home, Meta(remote.bytes.size())) + "/1.chunk";
  ASSERT_EQ(::truncate(chunk.c_str(), 100), 0);  // a crash, or a hand, cut it
  remote.asked.clear();
  ASSERT_TRUE(file->Read(kChunk + 50, std::span<uint8_t>(out).first(20), &fetch, &from_cache).ok());
  EXPECT_EQ(from_cache, 0u);
  ASSERT_EQ(remote.asked.size(), 1u);
  EXPECT_EQ(std::filesystem::file_size(chunk), kChunk);
  EXPECT_TRUE(std::equal(out.begin(), out.begin() + 20, remote.bytes.begin() + kChunk + 50));
}

TEST(RangeCacheTest, OfflineNamesTheMissingRange) {
  const std::string home = testing::TempDir("ranges_offline");
  auto file = RangeCachedFile::Open(home, Meta(5 * kChunk));
  ASSERT_TRUE(file.ok());
  std::vector<uint8_t> out(10);
  uint64_t from_cache = 0;
  Status st = file->Read(2 * kChunk + 5, out, nullptr, &from_cache);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Status::Code::kNotFound);
  EXPECT_NE(st.message().find("org/name@" + kSha + ": sub/model.safetensors: bytes 8197-8206"),
            std::string::npos)
      << st.message();
}

TEST(RangeCacheTest, NeverServesAnotherCommitOrEtag) {
  const std::string home = testing::TempDir("ranges_iso");
  FakeRemote remote{Content(2 * kChunk)};
  const RangeFetcher fetch = remote.Fetcher();
  std::vector<uint8_t> out(10);
  uint64_t from_cache = 0;
  ASSERT_TRUE(
      RangeCachedFile::Open(home, Meta(2 * kChunk))->Read(0, out, &fetch, &from_cache).ok());
  const std::string other = "1111111111111111111111111111111111111111";
  auto other_commit = RangeCachedFile::Open(home, Meta(2 * kChunk, other));
  ASSERT_TRUE(other_commit.ok());
  EXPECT_EQ(other_commit->Read(0, out, nullptr, &from_cache).code(), Status::Code::kNotFound);
  // Same commit, another ETag (the meta disagrees): the old chunks are dropped.
  auto new_etag = RangeCachedFile::Open(home, Meta(2 * kChunk, kSha, "e2"));
  ASSERT_TRUE(new_etag.ok());
  EXPECT_EQ(new_etag->Read(0, out, nullptr, &from_cache).code(), Status::Code::kNotFound);
}

TEST(RangeCacheTest, TwoWritersAtOnceLeaveWholeChunks) {
  const std::string home = testing::TempDir("ranges_two");
  FakeRemote remote{Content(16 * kChunk)};
  const RangeFetcher fetch = remote.Fetcher();
  std::vector<std::thread> writers;
  std::vector<int> ok(2, 0);
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      auto file = RangeCachedFile::Open(home, Meta(remote.bytes.size()));
      std::vector<uint8_t> all(remote.bytes.size());
      uint64_t from_cache = 0;
      ok[w] = file.ok() && file->Read(0, all, &fetch, &from_cache).ok() && all == remote.bytes;
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(ok, std::vector<int>({1, 1}));
  const std::string dir = RangeFileDir(home, Meta(remote.bytes.size()));
  int chunks = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    EXPECT_FALSE(name.starts_with(".tmp-")) << name;
    if (e.path().extension() == ".chunk") {
      ++chunks;
      EXPECT_EQ(e.file_size(), kChunk);
    }
  }
  EXPECT_EQ(chunks, 16);
  auto file = RangeCachedFile::Open(home, Meta(remote.bytes.size()));
  std::vector<uint8_t> all(remote.bytes.size());
  uint64_t from_cache = 0;
  ASSERT_TRUE(file->Read(0, all, nullptr, &from_cache).ok());
  EXPECT_EQ(all, remote.bytes);
}

TEST(RangeCacheTest, FetchErrorsPropagate) {
  const std::string home = testing::TempDir("ranges_err");
  auto file = RangeCachedFile::Open(home, Meta(2 * kChunk));
  const RangeFetcher fail = [](uint64_t, std::span<uint8_t>) -> Status {
    return NetworkError("GET http://x/y: HTTP 500");
  };
  std::vector<uint8_t> out(10);
  uint64_t from_cache = 0;
  EXPECT_EQ(file->Read(0, out, &fail, &from_cache).code(), Status::Code::kNetwork);
  EXPECT_EQ(file->Read(0, out, nullptr, &from_cache).code(), Status::Code::kNotFound);
}

}  // namespace lineage
