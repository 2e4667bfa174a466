// RunCompare on resolved locations: a candidate whose weights come from a non-local FileOpener
// (tests/memory_opener.h) gets the same verdicts as from disk, its served weight files carry the
// opener's claimed digest (never read whole to hash them), and local models are accounted for.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "compare/compare.h"
#include "memory_opener.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;

const FileDigest* FindFile(const ModelRef& m, const std::string& path) {
  for (const FileDigest& f : m.files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

Result<CompareResult> Compare(const ModelLocation& candidate) {
  CompareOptions options;
  options.threads = 2;
  options.power_cache_dir = testing::TestPowerCache();
  return RunCompare(
      candidate, {LocalLocation(Example("models/base")), LocalLocation(Example("models/indep-s1"))},
      options);
}

TEST(CompareLocationTest, ServedWeightsGiveTheSameVerdictsAndCarryTheClaim) {
  const std::string claim(64, 'c');
  std::shared_ptr<testing::MemoryOpener> opener;
  const ModelLocation served =
      testing::MemoryServedCopy(Example("models/ft-sft"), "cand", &opener, claim);
  Result<CompareResult> disk = Compare(LocalLocation(Example("models/ft-sft")));
  Result<CompareResult> mem = Compare(served);
  ASSERT_TRUE(disk.ok()) << disk.status().ToString();
  ASSERT_TRUE(mem.ok()) << mem.status().ToString();
  ASSERT_EQ(mem->results.size(), disk->results.size());
  for (size_t i = 0; i < disk->results.size(); ++i) {
    EXPECT_EQ(mem->results[i].base, disk->results[i].base);
    EXPECT_EQ(mem->results[i].verdict, disk->results[i].verdict);
    EXPECT_EQ(mem->results[i].derivation, disk->results[i].derivation);
    EXPECT_EQ(mem->results[i].log10_p_adjusted, disk->results[i].log10_p_adjusted);
  }
  EXPECT_EQ(mem->parent, disk->parent);
  EXPECT_EQ(mem->most_related, disk->most_related);
  EXPECT_EQ(mem->candidate.label, "ft-sft");

  const FileDigest* served_weights = FindFile(mem->candidate, "model.safetensors");
  ASSERT_NE(served_weights, nullptr);
  EXPECT_EQ(served_weights->sha256, claim);
  EXPECT_EQ(served_weights->sha256_source, "hub-claim");
  EXPECT_EQ(served_weights->bytes,
            std::filesystem::file_size(Example("models/ft-sft/model.safetensors")));
  const FileDigest* config = FindFile(mem->candidate, "config.json");
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(config->sha256_source, "computed");

  const FileDigest* disk_weights = FindFile(disk->candidate, "model.safetensors");
  ASSERT_NE(disk_weights, nullptr);
  EXPECT_EQ(disk_weights->sha256_source, "computed");
  EXPECT_EQ(disk_weights->sha256.size(), 64u);
  EXPECT_NE(disk_weights->sha256, claim);
}

TEST(CompareLocationTest, LocalModelsAreAccountedFor) {
  // The first run measures the power of the bases that need it (indep-s1's positive controls
  // re-read the base, and those reads are counted); the accounted run reads it from the cache.
  ASSERT_TRUE(Compare(LocalLocation(Example("models/ft-sft"))).ok());
  Result<CompareResult> r = Compare(LocalLocation(Example("models/ft-sft")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::pair<const ModelRef*, std::string>> models = {{&r->candidate, "models/ft-sft"},
                                                                 {&r->bases[0], "models/base"},
                                                                 {&r->bases[1], "models/indep-s1"}};
  for (const auto& [m, dir] : models) {
    const uint64_t size = std::filesystem::file_size(Example(dir + "/model.safetensors"));
    EXPECT_EQ(m->bytes_total, size) << dir;
    // The weights file is small enough to be hashed whole here, and the analyses read tensors
    // on top of that: more than the checkpoint, in a bounded multiple of it.
    EXPECT_GT(m->bytes_read, size) << dir;
    EXPECT_LT(m->bytes_read, 20 * size) << dir;
    EXPECT_EQ(m->requests, 0u) << dir;
    EXPECT_TRUE(m->revision.empty()) << dir;
  }
}

}  // namespace
}  // namespace lineage
