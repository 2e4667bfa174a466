// ResolveModel without a network: local paths, bad arguments, and offline runs over a cache laid
// out the way huggingface_hub and lineage write it.
#include "io/hub/resolve.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "io/cache/range_cache.h"
#include "io/hub/hub_cache.h"
#include "test_util.h"

namespace lineage {
namespace {

const std::string kSha = "0123456789abcdef0123456789abcdef01234567";
const std::string kLfs = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
constexpr uint64_t kWeights = 3 << 20;  // three 1 MiB chunks

std::vector<uint8_t> Content(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 13 + 1);
  return v;
}

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// A cache as a previous online run leaves it: ref, small file, revision answer, and the first
// chunk of the weights in the range cache.
HubOptions OfflineCache(const std::string& tag) {
  HubOptions o;
  o.hf_home = testing::TempDir(tag);
  o.offline = true;
  EXPECT_TRUE(WriteCachedRef(o.hf_home, "org/name", "main", kSha).ok());
  EXPECT_TRUE(StoreSnapshotFile(o.hf_home, "org/name", kSha, "config.json", "", Bytes("{}")).ok());
  const std::string json = R"({"sha":")" + kSha + R"(","siblings":[
    {"rfilename":"config.json","size":2},{"rfilename":"README.md","size":5},
    {"rfilename":"model.safetensors","size":)" +
                           std::to_string(kWeights) + R"(,"lfs":{"sha256":")" + kLfs + R"("}}]})";
  EXPECT_TRUE(SaveRevisionJson(o.hf_home, "org/name", kSha, json).ok());
  auto file = RangeCachedFile::Open(
      o.hf_home, RangeMeta{"org/name", kSha, "model.safetensors", kWeights, kLfs, 0});
  EXPECT_TRUE(file.ok());
  const std::vector<uint8_t> content = Content(kWeights);
  const RangeFetcher fetch = [&content](uint64_t off, std::span<uint8_t> out) -> Status {
    std::copy_n(content.begin() + static_cast<ptrdiff_t>(off), out.size(), out.begin());
    return Status::Ok();
  };
  std::vector<uint8_t> first(100);
  uint64_t from_cache = 0;
  EXPECT_TRUE(file->Read(0, first, &fetch, &from_cache).ok());
  return o;
}

}  // namespace

TEST(ResolveTest, LocalPathWins) {
  const std::string dir = testing::TempDir("local_org");
  auto loc = ResolveModel(dir, HubOptions{});
  ASSERT_TRUE(loc.ok());
  EXPECT_FALSE(loc->remote());
  EXPECT_EQ(loc->path, dir);
}

TEST(ResolveTest, NeitherPathNorReference) {
  auto loc = ResolveModel("/no/such/dir/model", HubOptions{});
  ASSERT_FALSE(loc.ok());
  EXPECT_EQ(loc.status().code(), Status::Code::kNotFound);
  EXPECT_NE(loc.status().message().find("neither a local path"), std::string::npos);
  EXPECT_NE(loc.status().message().find("/no/such/dir/model"), std::string::npos);
}

TEST(ResolveTest, OfflineServesTheCache) {
  HubOptions o = OfflineCache("offline_ok");
  auto loc = ResolveModel("org/name", o);
  ASSERT_TRUE(loc.ok()) << loc.status().ToString();
  EXPECT_TRUE(loc->remote());
  EXPECT_EQ(loc->repo, "org/name");
  EXPECT_EQ(loc->revision, kSha);
  EXPECT_EQ(loc->path, SnapshotDir(o.hf_home, "org/name", kSha));
  EXPECT_EQ(loc->bytes_total, kWeights);
  EXPECT_EQ(loc->files->Extra(loc->path), std::vector<std::string>{"model.safetensors"});
  EXPECT_EQ(*loc->files->Size(loc->path + "/model.safetensors"), kWeights);
  EXPECT_EQ(*loc->files->Size(loc->path + "/config.json"), 2u);
  EXPECT_EQ(loc->files->ClaimedSha256(loc->path + "/model.safetensors"), kLfs);
  EXPECT_EQ(loc->files->ClaimedSha256(loc->path + "/config.json"), "");
  auto src = loc->files->Open(loc->path + "/model.safetensors");
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  EXPECT_EQ((*src)->size(), kWeights);
  EXPECT_EQ((*src)->data(), nullptr);
  std::vector<uint8_t> got(1000);
  ASSERT_TRUE((*src)->ReadAt(500, got).ok());
  const std::vector<uint8_t> content = Content(kWeights);
  EXPECT_TRUE(std::equal(got.begin(), got.end(), content.begin() + 500));
  EXPECT_EQ(loc->stats->bytes_read.load(), 1000u);
  EXPECT_EQ(loc->stats->bytes_from_cache.load(), 1000u);
  EXPECT_EQ(loc->stats->requests.load(), 0u);
  Status missing = (*src)->ReadAt((2 << 20) + 1, got);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("model.safetensors: bytes 2097153-2098152"), std::string::npos)
      << missing.message();
  EXPECT_FALSE(loc->files->Open(loc->path + "/other.safetensors").ok());
}

TEST(ResolveTest, OfflineUsesAWholeDownloadOfTheWeights) {
  HubOptions o = OfflineCache("offline_whole");
  const std::string snap = SnapshotDir(o.hf_home, "org/name", kSha);
  testing::WriteFile(snap + "/model.safetensors", Content(kWeights));  // the user downloaded it
  auto loc = ResolveModel("hf://org/name@main", o);
  ASSERT_TRUE(loc.ok()) << loc.status().ToString();
  EXPECT_TRUE(loc->files->Extra(loc->path).empty());
  auto src = loc->files->Open(loc->path + "/model.safetensors");
  ASSERT_TRUE(src.ok());
  EXPECT_NE((*src)->data(), nullptr);  // mapped, not fetched
  EXPECT_EQ(loc->files->ClaimedSha256(loc->path + "/model.safetensors"), "");
}

TEST(ResolveTest, OfflineFailuresNameWhatIsMissing) {
  HubOptions o = OfflineCache("offline_missing");
  auto unknown_rev = ResolveModel("org/name@v2", o);
  ASSERT_FALSE(unknown_rev.ok());
  EXPECT_NE(unknown_rev.status().message().find("org/name@v2"), std::string::npos);
  std::filesystem::remove(SnapshotDir(o.hf_home, "org/name", kSha) + "/config.json");
  auto no_config = ResolveModel("org/name", o);
  ASSERT_FALSE(no_config.ok());
  EXPECT_EQ(no_config.status().code(), Status::Code::kNotFound);
  EXPECT_NE(no_config.status().message().find("org/name@main: config.json"), std::string::npos)
      << no_config.status().message();
  auto unknown_repo = ResolveModel("org/other", o);
  EXPECT_EQ(unknown_repo.status().code(), Status::Code::kNotFound);
}

TEST(ResolveTest, ResolveUrlNamesOneFile) {
  HubOptions o = OfflineCache("offline_url");
  o.endpoint = "http://127.0.0.1:1";
  auto loc = ResolveModel("http://127.0.0.1:1/org/name/resolve/main/model.safetensors", o);
  ASSERT_TRUE(loc.ok()) << loc.status().ToString();
  EXPECT_EQ(loc->path, SnapshotDir(o.hf_home, "org/name", kSha) + "/model.safetensors");
  EXPECT_EQ(loc->bytes_total, kWeights);
  auto bad = ResolveModel("http://127.0.0.1:1/org/name/resolve/main/nope.safetensors", o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("nope.safetensors"), std::string::npos);
}

}  // namespace lineage
