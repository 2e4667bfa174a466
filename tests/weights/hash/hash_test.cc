// Stored and value digests against real models with known relations (examples/models/MANIFEST.md)
// and generated dtype copies.
#include "weights/hash/hash.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "model_fixtures.h"
#include "test_util.h"
#include "weights/hash/hash_compare.h"

namespace lineage {
namespace {

using testing::Example;
using testing::TempDir;
using testing::TestData;

Model Load(const std::string& path) { return testing::LoadOrFail(path); }

ModelDigests Digest(const Model& m, unsigned threads = 2) {
  HashOptions opt;
  opt.threads = threads;
  opt.values = true;
  auto d = HashModel(m, opt);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? std::move(d).value() : ModelDigests{};
}

TEST(Hash, Sha256OfKnownBytes) {
  auto src = MakeMemorySource("abc", {'x', 'a', 'b', 'c', 'y'});
  auto h = Sha256OfRange(*src, 1, 3);
  ASSERT_TRUE(h.ok());
  // FIPS 180-2 test vector for "abc".
  EXPECT_EQ(*h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_FALSE(Sha256OfRange(*src, 3, 3).ok());  // past the end
}

TEST(Hash, StoredDigestIsTheFilesBytes) {
  Model m = Load(Example("models/base"));
  ModelDigests d = Digest(m);
  ASSERT_EQ(d.stored.size(), 47u);
  ASSERT_EQ(d.values.size(), 47u);
  // An F32 tensor's stored bytes are its f32 LE values: both digests agree.
  for (size_t i = 0; i < d.values.size(); ++i) EXPECT_FALSE(d.values[i].sha256.empty());
  const Checkpoint& c = m.checkpoints[0];
  const TensorInfo* e = c.Find("model.embed_tokens.weight");
  ASSERT_NE(e, nullptr);
  for (const StoredDigest& s : d.stored) {
    if (s.name == e->name) {
      EXPECT_EQ(s.sha256, *Sha256OfRange(*e->source, e->offset, e->nbytes));
    }
    EXPECT_EQ(s.sha256.size(), 64u);
  }
}

// HashOptions::files: the whole-file digests and the stored digests from one read of each file
// give what the separate reads give (safetensors, and GGUF with its header and alignment gaps).
TEST(Hash, FileDigestsComeFromTheStoredPass) {
  for (const char* name : {"models/base", "models/base-gguf-f32"}) {
    Model m = Load(Example(name));
    HashOptions opt;
    opt.threads = 2;
    Result<ModelDigests> apart = HashModel(m, opt);
    opt.files = true;
    Result<ModelDigests> together = HashModel(m, opt);
    ASSERT_TRUE(apart.ok() && together.ok()) << name;
    ASSERT_EQ(together->stored.size(), apart->stored.size()) << name;
    for (size_t i = 0; i < apart->stored.size(); ++i) {
      EXPECT_EQ(together->stored[i].name, apart->stored[i].name);
      EXPECT_EQ(together->stored[i].sha256, apart->stored[i].sha256) << apart->stored[i].name;
      EXPECT_EQ(together->stored[i].roles, apart->stored[i].roles);
    }
    size_t sources = 0;
    for (const Checkpoint& c : m.checkpoints) {
      for (const auto& src : c.sources) {
        ASSERT_LT(sources, together->files.size()) << name;
        EXPECT_EQ(together->files[sources].name, src->name());
        EXPECT_EQ(together->files[sources].sha256, *Sha256OfRange(*src, 0, src->size())) << name;
        ++sources;
      }
    }
    EXPECT_EQ(together->files.size(), sources) << name;
    EXPECT_TRUE(apart->files.empty());
  }
}

TEST(Hash, ResultsDoNotDependOnThreads) {
  Model m = Load(Example("models/ft-sft"));
  ModelDigests one = Digest(m, 1), four = Digest(m, 4);
  ASSERT_EQ(one.stored.size(), four.stored.size());
  for (size_t i = 0; i < one.stored.size(); ++i)
    EXPECT_EQ(one.stored[i].sha256, four.stored[i].sha256);
  for (size_t i = 0; i < one.values.size(); ++i)
    EXPECT_EQ(one.values[i].sha256, four.values[i].sha256);
}

TEST(Hash, GgufTwinIsValueIdenticalButItsQkBytesDiffer) {
  HashComparison c =
      CompareDigests(Digest(Load(Example("models/base"))),
                     Digest(Load(Example("models/base-gguf-f32/base-gguf-f32.gguf"))));
  EXPECT_EQ(c.value_identical.size(), 47u);
  for (const DigestPair& p : c.value_identical) EXPECT_TRUE(p.same_identity) << p.a << " / " << p.b;
  // Every tensor but the 10 permuted Q/K matrices is stored byte for byte.
  EXPECT_EQ(c.identical.size(), 37u);
  for (const DigestPair& p : c.identical) {
    EXPECT_EQ(p.a.find("q_proj"), std::string::npos);
    EXPECT_EQ(p.a.find("k_proj"), std::string::npos);
  }
}

TEST(Hash, Llama2cStories260KIsValueIdenticalToBase) {
  HashComparison c = CompareDigests(Digest(Load(TestData("weights/stories260K/stories260K.bin"))),
                                    Digest(Load(Example("models/base"))));
  EXPECT_EQ(c.value_identical.size(), 47u);
}

TEST(Hash, IndependentModelSharesNothing) {
  HashComparison c = CompareDigests(Digest(Load(Example("models/base"))),
                                    Digest(Load(Example("models/indep-s1"))));
  // Trained norms differ; nothing else could coincide by chance.
  EXPECT_TRUE(c.value_identical.empty());
  EXPECT_TRUE(c.identical.empty());
}

// A BF16 copy and its exact F32 upcast: every value equal, no stored byte equal.
TEST(Hash, Bf16CopyAndItsF32UpcastAreValueIdentical) {
  Model base = Load(Example("models/base"));
  std::string dir_b = TempDir("bf16"), dir_f = TempDir("upcast");
  ASSERT_TRUE(testing::WriteBf16Copy(base, dir_b + "/model.safetensors", testing::CopyKind::kBf16));
  ASSERT_TRUE(testing::WriteBf16Copy(base, dir_f + "/model.safetensors",
                                     testing::CopyKind::kBf16UpcastToF32));
  HashComparison c = CompareDigests(Digest(Load(dir_b)), Digest(Load(dir_f)));
  EXPECT_EQ(c.value_identical.size(), 47u);
  EXPECT_TRUE(c.identical.empty());
  // And the rounded copy is not the original.
  HashComparison vs_base = CompareDigests(Digest(Load(dir_b)), Digest(base));
  EXPECT_LT(vs_base.value_identical.size(), 47u);
  std::filesystem::remove_all(dir_b);
  std::filesystem::remove_all(dir_f);
}

}  // namespace
}  // namespace lineage
