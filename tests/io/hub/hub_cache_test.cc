#include "io/hub/hub_cache.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace lineage {
namespace {
const std::string kSha = "0123456789abcdef0123456789abcdef01234567";

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
}  // namespace

TEST(HubCacheTest, StoresBlobsAndRelativeSnapshotLinks) {
  const std::string home = testing::TempDir("hubcache");
  ASSERT_TRUE(StoreSnapshotFile(home, "org/name", kSha, "config.json", "etag1", Bytes("{}")).ok());
  ASSERT_TRUE(
      StoreSnapshotFile(home, "org/name", kSha, "sub/dir/t.json", "\"bad etag\"", Bytes("[1]"))
          .ok());
  const std::string snap = SnapshotDir(home, "org/name", kSha);
  EXPECT_EQ(snap, home + "/hub/models--org--name/snapshots/" + kSha);
  EXPECT_EQ(std::filesystem::read_symlink(snap + "/config.json").string(), "../../blobs/etag1");
  const std::string deep = std::filesystem::read_symlink(snap + "/sub/dir/t.json").string();
  // An ETag that is not a safe file name is replaced by the content's sha256.
  EXPECT_EQ(deep.substr(0, 18), "../../../../blobs/");
  EXPECT_EQ(deep.size(), 18u + 64u);
  const auto a = testing::ReadFile(snap + "/config.json");
  EXPECT_EQ(std::string(a.begin(), a.end()), "{}");
  const auto b = testing::ReadFile(snap + "/sub/dir/t.json");
  EXPECT_EQ(std::string(b.begin(), b.end()), "[1]");
}

TEST(HubCacheTest, Refs) {
  const std::string home = testing::TempDir("hubrefs");
  auto missing = ReadCachedRef(home, "org/name", "main");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find("org/name@main"), std::string::npos);
  EXPECT_EQ(*ReadCachedRef(home, "org/name", kSha), kSha);  // a commit needs no ref
  ASSERT_TRUE(WriteCachedRef(home, "org/name", "refs/pr/1", kSha).ok());
  EXPECT_EQ(*ReadCachedRef(home, "org/name", "refs/pr/1"), kSha);
  testing::WriteFile(home + "/hub/models--org--name/refs/main", std::string("not a commit"));
  EXPECT_EQ(ReadCachedRef(home, "org/name", "main").status().code(), Status::Code::kCorrupt);
  // huggingface_hub writes refs without a newline; a trailing one is tolerated.
  testing::WriteFile(home + "/hub/models--org--name/refs/main", kSha + "\n");
  EXPECT_EQ(*ReadCachedRef(home, "org/name", "main"), kSha);
}

TEST(HubCacheTest, RevisionJsonRoundTrip) {
  const std::string home = testing::TempDir("hubrev");
  EXPECT_EQ(LoadRevisionJson(home, "org/name", kSha).status().code(), Status::Code::kNotFound);
  const std::string json = R"({"sha":")" + kSha + R"(","siblings":[{"rfilename":"a.json"}]})";
  ASSERT_TRUE(SaveRevisionJson(home, "org/name", kSha, json).ok());
  auto info = LoadRevisionJson(home, "org/name", kSha);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->files.size(), 1u);
  // Saved under another commit's name: refused, never served for the wrong commit.
  const std::string other = "1111111111111111111111111111111111111111";
  ASSERT_TRUE(SaveRevisionJson(home, "org/name", other, json).ok());
  EXPECT_EQ(LoadRevisionJson(home, "org/name", other).status().code(), Status::Code::kCorrupt);
}

}  // namespace lineage
