// LoadModel(ModelLocation): a model whose weights come from a FileOpener other than the local one
// (tests/memory_opener.h) is the same Model as from disk; reading accounting for local models.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "memory_opener.h"
#include "model/model.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::MemoryOpener;

Model LoadOk(const ModelLocation& loc) {
  Result<Model> m = LoadModel(loc);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? std::move(m).value() : Model{};
}

TEST(ModelLocationTest, WeightsServedByAnOpenerGiveTheSameModelAsFromDisk) {
  std::shared_ptr<MemoryOpener> opener;
  const ModelLocation served = testing::MemoryServedCopy(Example("models/base"), "served", &opener);
  ASSERT_FALSE(std::filesystem::exists(served.path + "/model.safetensors"));
  const Model disk = LoadOk(LocalLocation(Example("models/base")));
  const Model mem = LoadOk(served);
  EXPECT_GE(opener->opened(), 1);
  EXPECT_EQ(mem.format, disk.format);
  EXPECT_EQ(mem.architecture, disk.architecture);
  EXPECT_EQ(mem.tied_embeddings, disk.tied_embeddings);
  EXPECT_EQ(mem.unmapped, disk.unmapped);
  EXPECT_EQ(mem.config, disk.config);
  EXPECT_FALSE(mem.tokenizer_path.empty());
  ASSERT_EQ(mem.tensors.size(), disk.tensors.size());
  for (size_t i = 0; i < disk.tensors.size(); ++i) {
    const ModelTensor& a = mem.tensors[i];
    const ModelTensor& b = disk.tensors[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.role, b.role);
    EXPECT_EQ(a.layer, b.layer);
    EXPECT_EQ(a.shape, b.shape);
    Result<std::vector<float>> va = ReadF32(a, 1 << 24);
    Result<std::vector<float>> vb = ReadF32(b, 1 << 24);
    ASSERT_TRUE(va.ok() && vb.ok()) << a.name;
    EXPECT_EQ(*va, *vb) << a.name;
  }
  // bytes_total comes from the opener's sizes: the served file's.
  EXPECT_EQ(mem.location.bytes_total,
            std::filesystem::file_size(Example("models/base/model.safetensors")));
}

TEST(ModelLocationTest, LocalModelCountsTheBytesItReads) {
  const std::string file = Example("models/base/model.safetensors");
  const Model m = LoadOk(LocalLocation(Example("models/base")));
  const uint64_t size = std::filesystem::file_size(file);
  EXPECT_EQ(m.location.bytes_total, size);
  EXPECT_TRUE(m.location.revision.empty());
  // Loading reads the header only.
  const uint64_t header = m.location.stats->bytes_read.load();
  EXPECT_GT(header, 0u);
  EXPECT_LT(header, size / 2);
  // Reading every tensor once adds exactly their bytes (decoded from the mapping).
  // (base stores every canonical tensor whole: no fused tensors, so no row selections).
  uint64_t tensor_bytes = 0;
  size_t stored = 0;
  for (const Checkpoint& c : m.checkpoints) {
    for (const TensorInfo& t : c.tensors) tensor_bytes += t.nbytes;
    stored += c.tensors.size();
  }
  ASSERT_EQ(m.tensors.size(), stored);
  for (const ModelTensor& t : m.tensors) ASSERT_TRUE(ReadF32(t, 1 << 24).ok());
  EXPECT_EQ(m.location.stats->bytes_read.load(), header + tensor_bytes);
  // The header is the file's non-tensor bytes, plus the 16 bytes sniffed before parsing.
  EXPECT_EQ(header, size - tensor_bytes + 16);
  EXPECT_EQ(m.location.stats->requests.load(), 0u);
}

TEST(ModelLocationTest, PathFormIsTheLocalLocation) {
  Result<Model> m = LoadModel(Example("models/base"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->location.as_given, Example("models/base"));
  EXPECT_EQ(m->location.files, LocalFileOpener());
  Result<Model> missing = LoadModel(LocalLocation("/nonexistent/lineage/model"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/lineage/model"), std::string::npos);
}

}  // namespace
}  // namespace lineage
