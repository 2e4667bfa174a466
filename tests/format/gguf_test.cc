#include "format/gguf.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "format/ggml_quants.h"
#include "format/gguf_test_helpers.h"
#include "format/gguf_writer.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Bytes;

using testing::ReadTensor;

const TensorInfo* FindTensor(const Checkpoint& c, const std::string& name) {
  auto m = testing::TensorsByName(c);
  return m.count(name) ? m.at(name) : nullptr;
}

Result<Checkpoint> ParseBytes(std::vector<uint8_t> bytes,
                              const std::string& name = "hostile.gguf") {
  return ParseGguf(MakeMemorySource(name, std::move(bytes)));
}

// ---------------------------------------------------------------------------------------------
// Real files

struct VocabCase {
  const char* file;
  const char* model;
  const char* architecture;
  size_t tokens;
  int64_t merges;  // -1: no merges array
};

TEST(GgufRealFilesTest, VocabOnlyFiles) {
  // Token counts are the published vocabulary sizes; GPT-NeoX-20B's GGUF holds its embedding's
  // padded 50,432 rows (50,277 real tokens plus padding entries).
  const VocabCase cases[] = {
      {"ggml-vocab-llama-spm.gguf", "llama", "llama", 32000, -1},
      {"ggml-vocab-gpt-2.gguf", "gpt2", "gpt2", 50257, 50000},
      {"ggml-vocab-gpt-neox.gguf", "gpt2", "gptneox", 50432, 50009},
      {"ggml-vocab-bert-bge.gguf", "bert", "bert", 30522, -1},
      {"ggml-vocab-falcon.gguf", "gpt2", "falcon", 65024, 64784},
      {"ggml-vocab-mpt.gguf", "gpt2", "mpt", 50432, 50009},
  };
  for (const VocabCase& c : cases) {
    SCOPED_TRACE(c.file);
    auto r = OpenGguf(testing::TestData(std::string("tokenizers/gguf-vocab/") + c.file));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->format, "gguf");
    EXPECT_TRUE(r->tensors.empty());
    const Metadata& m = r->metadata;
    ASSERT_TRUE(m.count("tokenizer.ggml.model"));
    EXPECT_EQ(*m.at("tokenizer.ggml.model").AsString(), c.model);
    EXPECT_EQ(*m.at("general.architecture").AsString(), c.architecture);
    const MetaValue& tokens = m.at("tokenizer.ggml.tokens");
    EXPECT_EQ(tokens.kind, MetaValue::Kind::kArray);
    EXPECT_EQ(tokens.u, uint64_t{kGgufString});
    EXPECT_EQ(tokens.array.size(), c.tokens);
    EXPECT_EQ(m.at("tokenizer.ggml.token_type").array.size(), c.tokens);
    EXPECT_EQ(m.at("tokenizer.ggml.token_type").u, uint64_t{kGgufI32});
    if (c.merges >= 0) {
      EXPECT_EQ(m.at("tokenizer.ggml.merges").array.size(), static_cast<size_t>(c.merges));
    } else {
      EXPECT_EQ(m.count("tokenizer.ggml.merges"), 0u);
    }
  }
}

TEST(GgufRealFilesTest, VocabTokensAndTypedValues) {
  auto spm = OpenGguf(testing::TestData("tokenizers/gguf-vocab/ggml-vocab-llama-spm.gguf"));
  ASSERT_TRUE(spm.ok());
  const Metadata& m = spm->metadata;
  EXPECT_EQ(m.at("tokenizer.ggml.tokens").array[1].s, "<s>");
  EXPECT_EQ(m.at("tokenizer.ggml.tokens").array[2].s, "</s>");
  EXPECT_EQ(m.at("tokenizer.ggml.scores").array.size(), 32000u);
  EXPECT_EQ(m.at("tokenizer.ggml.scores").array[0].gguf_type, uint32_t{kGgufF32});
  EXPECT_EQ(m.at("llama.vocab_size").AsInt(), 32000);
  EXPECT_EQ(m.at("llama.vocab_size").gguf_type, uint32_t{kGgufU32});
  EXPECT_EQ(m.at("tokenizer.ggml.add_bos_token").kind, MetaValue::Kind::kBool);
  EXPECT_TRUE(m.at("tokenizer.ggml.add_bos_token").b);
  EXPECT_NEAR(*m.at("llama.attention.layer_norm_rms_epsilon").AsDouble(), 1e-5, 1e-12);

  auto gpt2 = OpenGguf(testing::TestData("tokenizers/gguf-vocab/ggml-vocab-gpt-2.gguf"));
  ASSERT_TRUE(gpt2.ok());
  EXPECT_EQ(gpt2->metadata.at("tokenizer.ggml.tokens").array[50256].s, "<|endoftext|>");
  EXPECT_EQ(gpt2->metadata.at("tokenizer.ggml.merges").array[0].s, "\xC4\xA0 t");  // "Ġ t"
  EXPECT_EQ(gpt2->metadata.at("tokenizer.ggml.eos_token_id").AsInt(), 50256);
}

TEST(GgufRealFilesTest, LlamaTinyRandomShapesAndValues) {
  std::string path = testing::TestData("weights/llama-2-tiny-random/llama-2-tiny-random.gguf");
  auto r = OpenGguf(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->tensors.size(), 12u);
  EXPECT_EQ(r->metadata.at("llama.embedding_length").AsInt(), 8);
  EXPECT_EQ(r->metadata.at("tokenizer.ggml.tokens").array.size(), 32000u);
  struct Want {
    const char* name;
    DType dtype;
    std::vector<uint64_t> shape;
  };
  const Want want[] = {
      {"token_embd.weight", DType::kF16, {32000, 8}},
      {"blk.0.attn_q.weight", DType::kF16, {8, 8}},
      {"blk.0.ffn_gate.weight", DType::kF16, {32, 8}},
      {"blk.0.ffn_down.weight", DType::kF16, {8, 32}},
      {"blk.0.attn_norm.weight", DType::kF32, {8}},
      {"output.weight", DType::kF16, {32000, 8}},
  };
  for (const Want& w : want) {
    const TensorInfo* t = FindTensor(*r, w.name);
    ASSERT_NE(t, nullptr) << w.name;
    EXPECT_EQ(t->dtype, w.dtype) << w.name;
    EXPECT_EQ(t->shape, w.shape) << w.name;
  }
  // Data starts at the end of the tensor infos (724,398) rounded up to 32; output.weight ends
  // exactly at the end of the file.
  EXPECT_EQ(FindTensor(*r, "token_embd.weight")->offset, 724416u);
  const TensorInfo* out = FindTensor(*r, "output.weight");
  EXPECT_EQ(out->offset + out->nbytes, 1750560u);
  for (const TensorInfo& t : r->tensors) {
    std::vector<uint8_t> bytes = ReadTensor(t);
    uint64_t n = t.nbytes / (t.dtype == DType::kF32 ? 4 : 2);
    std::vector<float> v(n);
    ASSERT_TRUE(DequantizeGgml(t.dtype, bytes.data(), n, v.data()).ok());
    int nonzero = 0;
    for (float x : v) {
      ASSERT_TRUE(std::isfinite(x)) << t.name;
      nonzero += x != 0;
    }
    EXPECT_GT(nonzero, 0) << t.name;
  }
}

// base-gguf-f32 is examples/models/base converted by an independent tool: every tensor must
// match the safetensors bytes, Q and K after llama.cpp's row permutation.
TEST(GgufRealFilesTest, BaseGgufF32MatchesSafetensorsTwin) {
  auto g = OpenGguf(testing::Example("models/base-gguf-f32/base-gguf-f32.gguf"));
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  auto st = testing::ReadSafetensorsForTest(testing::Example("models/base/model.safetensors"));
  EXPECT_EQ(g->tensors.size(), st.size() - 0);  // both tied: no output.weight / lm_head
  int permuted = 0, plain = 0;
  for (const TensorInfo& t : g->tensors) {
    SCOPED_TRACE(t.name);
    EXPECT_EQ(t.dtype, DType::kF32);
    auto it = st.find(testing::HfNameForGguf(t.name));
    ASSERT_NE(it, st.end());
    EXPECT_EQ(t.shape, it->second.shape);
    std::vector<uint8_t> bytes = ReadTensor(t);
    bool is_qk =
        t.name.find("attn_q.") != std::string::npos || t.name.find("attn_k.") != std::string::npos;
    if (!is_qk) {
      EXPECT_TRUE(bytes == it->second.bytes);
      ++plain;
      continue;
    }
    uint32_t heads = t.name.find("attn_q.") != std::string::npos ? 8 : 4;
    EXPECT_FALSE(bytes == it->second.bytes) << "Q/K rows should be in GGUF order";
    std::vector<uint8_t> expect(bytes.size());
    ASSERT_TRUE(PermuteQKRowsForGguf(it->second.bytes.data(), t.shape[0], t.shape[1] * 4, heads,
                                     expect.data())
                    .ok());
    EXPECT_TRUE(bytes == expect);
    ++permuted;
  }
  EXPECT_EQ(permuted, 10);
  EXPECT_EQ(plain, 37);
}

// ---------------------------------------------------------------------------------------------
// Round trip through the writer

TEST(GgufRoundTripTest, EveryValueTypeAndTensorType) {
  GgufWriter w;
  ASSERT_TRUE(w.SetAlignment(64).ok());
  w.AddString("general.architecture", "llama");
  w.AddU32("a.u32", 4000000000u);
  w.AddI32("a.i32", -7);
  w.AddF32("a.f32", 0.25f);
  w.AddBool("a.bool", true);
  w.AddStringArray("a.strings", {"x", "", "\xE2\x96\x81hi"});
  w.AddF32Array("a.floats", {1.5f, -2.0f});
  w.AddI32Array("a.empty", {});
  MetaValue nested;
  nested.kind = MetaValue::Kind::kArray;
  nested.gguf_type = kGgufArray;
  nested.u = kGgufArray;
  for (int k = 0; k < 2; ++k) {
    MetaValue inner;
    inner.kind = MetaValue::Kind::kArray;
    inner.gguf_type = kGgufArray;
    inner.u = kGgufU8;
    for (int j = 0; j <= k; ++j) {
      MetaValue e;
      e.kind = MetaValue::Kind::kUint;
      e.gguf_type = kGgufU8;
      e.u = static_cast<uint64_t>(10 * k + j);
      inner.array.push_back(e);
    }
    nested.array.push_back(inner);
  }
  w.AddKV("a.nested", nested);
  const std::pair<uint32_t, uint64_t> wide[] = {
      {kGgufU64, 1ull << 40}, {kGgufU16, 65535}, {kGgufU8, 200}};
  for (auto [type, v] : wide) {
    MetaValue m;
    m.kind = MetaValue::Kind::kUint;
    m.gguf_type = type;
    m.u = v;
    w.AddKV("w." + std::to_string(type), m);
  }
  const std::pair<uint32_t, int64_t> signed_values[] = {
      {kGgufI64, -(1ll << 40)}, {kGgufI16, -300}, {kGgufI8, -100}};
  for (auto [type, v] : signed_values) {
    MetaValue m;
    m.kind = MetaValue::Kind::kInt;
    m.gguf_type = type;
    m.i = v;
    w.AddKV("s." + std::to_string(type), m);
  }
  MetaValue f64;
  f64.kind = MetaValue::Kind::kFloat;
  f64.gguf_type = kGgufF64;
  f64.f = 1e-300;
  w.AddKV("a.f64", f64);

  std::vector<float> values(2 * 256);
  for (size_t i = 0; i < values.size(); ++i) values[i] = std::sin(0.37f * static_cast<float>(i));
  const DType types[] = {DType::kF32,  DType::kF16,  DType::kBF16, DType::kQ8_0,
                         DType::kQ4_0, DType::kQ4_K, DType::kQ6_K};
  for (DType t : types) {
    ASSERT_TRUE(
        w.AddTensorF32(std::string("t.") + std::to_string(static_cast<int>(t)), {2, 256}, values, t)
            .ok());
  }
  ASSERT_TRUE(w.AddTensorF32("scalar_vec", {3}, std::vector<float>{1, 2, 3}, DType::kF32).ok());

  auto r = ParseBytes(w.Serialize(), "roundtrip.gguf");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Metadata& m = r->metadata;
  EXPECT_EQ(m.at("general.alignment").u, 64u);
  EXPECT_EQ(m.at("a.u32").u, 4000000000u);
  EXPECT_EQ(m.at("a.i32").i, -7);
  EXPECT_EQ(m.at("a.f32").f, 0.25);
  EXPECT_TRUE(m.at("a.bool").b);
  ASSERT_EQ(m.at("a.strings").array.size(), 3u);
  EXPECT_EQ(m.at("a.strings").array[2].s, "\xE2\x96\x81hi");
  EXPECT_EQ(m.at("a.floats").array[1].f, -2.0);
  EXPECT_TRUE(m.at("a.empty").array.empty());
  EXPECT_EQ(m.at("a.empty").u, uint64_t{kGgufI32});
  ASSERT_EQ(m.at("a.nested").array.size(), 2u);
  EXPECT_EQ(m.at("a.nested").array[1].array[1].u, 11u);
  EXPECT_EQ(m.at("w.10").u, 1ull << 40);
  EXPECT_EQ(m.at("w.2").u, 65535u);
  EXPECT_EQ(m.at("w.0").u, 200u);
  EXPECT_EQ(m.at("s.11").i, -(1ll << 40));
  EXPECT_EQ(m.at("s.3").i, -300);
  EXPECT_EQ(m.at("s.1").i, -100);
  EXPECT_EQ(m.at("a.f64").f, 1e-300);

  ASSERT_EQ(r->tensors.size(), 8u);
  for (const TensorInfo& t : r->tensors) {
    EXPECT_EQ(t.offset % 64, 0u) << t.name;
    if (t.name == "scalar_vec") continue;
    EXPECT_EQ(t.shape, (std::vector<uint64_t>{2, 256}));
    std::vector<uint8_t> bytes = ReadTensor(t);
    std::vector<float> back(512);
    ASSERT_TRUE(DequantizeGgml(t.dtype, bytes.data(), 512, back.data()).ok()) << t.name;
    double max_err = 0;
    for (size_t i = 0; i < 512; ++i)
      max_err = std::max(max_err, double(std::fabs(back[i] - values[i])));
    // Values lie in [-1, 1]: F32 exact, 16-bit floats ≤ 2^-8, Q8 ≤ 1/127, 4-bit types ≤ 1/7.
    double bound = t.dtype == DType::kF32                                ? 0
                   : (t.dtype == DType::kF16 || t.dtype == DType::kBF16) ? 1.0 / 256
                   : t.dtype == DType::kQ8_0 || t.dtype == DType::kQ6_K  ? 1.0 / 60
                                                                         : 1.0 / 7;
    EXPECT_LE(max_err, bound) << t.name;
  }
}

// ---------------------------------------------------------------------------------------------
// Split sets

MetaValue Typed(uint32_t type, int64_t v) {
  MetaValue m;
  m.gguf_type = type;
  m.kind = type == kGgufI32 ? MetaValue::Kind::kInt : MetaValue::Kind::kUint;
  m.i = v;
  m.u = static_cast<uint64_t>(v);
  return m;
}

// Writes <dir>/m-0000k-of-00003.gguf; split k holds tensors t<k>a and t<k>b.
std::string WriteSplitSet(const std::string& dir, int tensors_count_claim, int bad_no_at = -1) {
  for (int k = 0; k < 3; ++k) {
    GgufWriter w;
    if (k == 0) w.AddString("general.architecture", "llama");
    w.AddKV("split.no", Typed(kGgufU16, k == bad_no_at ? 7 : k));
    w.AddKV("split.count", Typed(kGgufU16, 3));
    w.AddKV("split.tensors.count", Typed(kGgufI32, tensors_count_claim));
    for (const char* suffix : {"a", "b"}) {
      std::vector<float> v(8, static_cast<float>(k));
      EXPECT_TRUE(w.AddTensorF32("t" + std::to_string(k) + suffix, {8}, v, DType::kF32).ok());
    }
    char name[64];
    std::snprintf(name, sizeof name, "/m-%05d-of-00003.gguf", k + 1);
    EXPECT_TRUE(w.WriteFile(dir + name).ok());
  }
  return dir + "/m-00002-of-00003.gguf";
}

TEST(GgufSplitTest, OpensEverySplitFromAnyMember) {
  std::string dir = testing::TempDir("gguf_split");
  std::string second = WriteSplitSet(dir, 6);
  auto r = OpenGguf(second);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->files.size(), 3u);
  EXPECT_EQ(r->files[0], dir + "/m-00001-of-00003.gguf");
  EXPECT_EQ(r->sources.size(), 3u);
  ASSERT_EQ(r->tensors.size(), 6u);
  EXPECT_EQ(r->tensors[4].name, "t2a");
  EXPECT_EQ(r->tensors[4].source, r->sources[2].get());
  std::vector<uint8_t> bytes = ReadTensor(r->tensors[4]);
  EXPECT_EQ(testing::AsFloats(bytes), std::vector<float>(8, 2.0f));
  EXPECT_EQ(*r->metadata.at("general.architecture").AsString(), "llama");
  EXPECT_EQ(r->metadata.at("split.no").AsInt(), 0);
  // ParseGguf alone reads one file.
  auto one = ParseGguf(std::move(OpenMappedFile(second).value()));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->tensors.size(), 2u);
}

TEST(GgufSplitTest, InconsistentSetsAreErrors) {
  std::string dir = testing::TempDir("gguf_split_bad");
  WriteSplitSet(dir, 5);
  auto count = OpenGguf(dir + "/m-00001-of-00003.gguf");
  ASSERT_FALSE(count.ok());
  EXPECT_NE(count.status().message().find("split.tensors.count says 5"), std::string::npos)
      << count.status().message();

  std::string dir2 = testing::TempDir("gguf_split_no");
  WriteSplitSet(dir2, 6, /*bad_no_at=*/2);
  auto no = OpenGguf(dir2 + "/m-00001-of-00003.gguf");
  ASSERT_FALSE(no.ok());
  EXPECT_NE(no.status().message().find("m-00003-of-00003.gguf"), std::string::npos)
      << no.status().message();

  std::string dir3 = testing::TempDir("gguf_split_missing");
  WriteSplitSet(dir3, 6);
  std::remove((dir3 + "/m-00003-of-00003.gguf").c_str());
  auto missing = OpenGguf(dir3 + "/m-00001-of-00003.gguf");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("m-00003-of-00003.gguf"), std::string::npos)
      << missing.status().message();

  std::string dir4 = testing::TempDir("gguf_split_name");
  WriteSplitSet(dir4, 6);
  std::rename((dir4 + "/m-00001-of-00003.gguf").c_str(), (dir4 + "/renamed.gguf").c_str());
  auto renamed = OpenGguf(dir4 + "/renamed.gguf");
  ASSERT_FALSE(renamed.ok());
  EXPECT_NE(renamed.status().message().find("-NNNNN-of-MMMMM"), std::string::npos)
      << renamed.status().message();
}

// ---------------------------------------------------------------------------------------------
// Bad input

// A small valid file: two KVs, two F32 tensors; returns the bytes and the end of tensor data.
std::vector<uint8_t> SmallFile(uint64_t* data_end) {
  GgufWriter w;
  w.AddString("general.architecture", "llama");
  w.AddStringArray("tokenizer.ggml.tokens", {"a", "b", "c"});
  std::vector<float> v(64, 1.5f);
  EXPECT_TRUE(w.AddTensorF32("a.weight", {2, 32}, v, DType::kF32).ok());
  EXPECT_TRUE(w.AddTensorF32("b.weight", {8, 8}, v, DType::kF32).ok());
  std::vector<uint8_t> bytes = w.Serialize();
  *data_end = bytes.size();  // 256 bytes per tensor: a multiple of 32, so no trailing padding
  return bytes;
}

void ExpectLocatedError(const Result<Checkpoint>& r, const std::string& file,
                        const std::string& fragment) {
  ASSERT_FALSE(r.ok()) << "expected an error mentioning: " << fragment;
  const std::string& msg = r.status().message();
  EXPECT_NE(msg.find(file), std::string::npos) << msg;
  EXPECT_NE(msg.find("offset"), std::string::npos) << msg;
  EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
}

TEST(GgufBadInputTest, EveryTruncationFails) {
  uint64_t end = 0;
  std::vector<uint8_t> full = SmallFile(&end);
  ASSERT_TRUE(ParseBytes(full).ok());
  for (uint64_t len = 0; len < end; ++len) {
    auto r = ParseBytes(std::vector<uint8_t>(full.begin(), full.begin() + static_cast<long>(len)),
                        "cut.gguf");
    ASSERT_FALSE(r.ok()) << "prefix of " << len << " bytes parsed";
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt) << len << ": " << r.status().message();
    EXPECT_NE(r.status().message().find("cut.gguf: offset"), std::string::npos)
        << r.status().message();
  }
}

Bytes Header(uint32_t version, uint64_t tensors, uint64_t kvs) {
  Bytes b;
  b.Raw("GGUF").U32(version).U64(tensors).U64(kvs);
  return b;
}

TEST(GgufBadInputTest, HugeArrayCount) {
  Bytes b = Header(3, 0, 1);
  b.Str("tokenizer.ggml.tokens").U32(kGgufArray).U32(kGgufString).U64(1ull << 60).Zeros(64);
  ExpectLocatedError(ParseBytes(b.data), "hostile.gguf", "array count");
}

TEST(GgufBadInputTest, HugeStringLength) {
  Bytes b = Header(3, 0, 1);
  b.Str("general.name").U32(kGgufString).U64(~0ull).Zeros(64);
  ExpectLocatedError(ParseBytes(b.data), "hostile.gguf", "exceeds the bytes left");
}

TEST(GgufBadInputTest, OverlongKeyAndName) {
  Bytes b = Header(3, 0, 1);
  b.U64(70000).Zeros(70000);
  ExpectLocatedError(ParseBytes(b.data), "hostile.gguf", "exceeds the limit of 65535");
  Bytes t = Header(3, 1, 0);
  t.Str(std::string(65, 'n')).U32(1).U64(32).U32(0).U64(0).Zeros(200);
  ExpectLocatedError(ParseBytes(t.data), "hostile.gguf", "limit of 64");
}

TEST(GgufBadInputTest, TooManyDims) {
  Bytes b = Header(3, 1, 0);
  b.Str("t").U32(5).U64(1).U64(1).U64(1).U64(1).U64(1).U32(0).U64(0).Zeros(64);
  ExpectLocatedError(ParseBytes(b.data), "hostile.gguf", "5 dimensions");
}

Bytes OneTensor(const std::string& name, std::vector<uint64_t> ne, uint32_t type, uint64_t offset) {
  Bytes b = Header(3, 1, 0);
  b.Str(name).U32(static_cast<uint32_t>(ne.size()));
  for (uint64_t d : ne) b.U64(d);
  b.U32(type).U64(offset);
  return b;
}

TEST(GgufBadInputTest, OverflowingElementCount) {
  Bytes b = OneTensor("t", {1ull << 32, 1ull << 32, 16}, 0, 0);
  b.PadTo(32).Zeros(64);
  ExpectLocatedError(ParseBytes(b.data), "hostile.gguf", "overflows");
  Bytes c = OneTensor("t", {1ull << 62, 2}, 0, 0);  // fits in ne, not in bytes
  c.PadTo(32).Zeros(64);
  ExpectLocatedError(ParseBytes(c.data), "hostile.gguf", "overflows");
}

TEST(GgufBadInputTest, OffsetsOutOfRangeUnalignedOrOverlapping) {
  Bytes out = OneTensor("t", {16}, 0, 32);
  out.PadTo(32).Zeros(64);  // 64 bytes of data, tensor needs [32, 96)
  ExpectLocatedError(ParseBytes(out.data), "hostile.gguf", "outside the file");

  Bytes unaligned = OneTensor("t", {4}, 0, 8);
  unaligned.PadTo(32).Zeros(64);
  ExpectLocatedError(ParseBytes(unaligned.data), "hostile.gguf", "not a multiple of the alignment");

  Bytes huge = OneTensor("t", {4}, 0, ~0ull - 31);
  huge.PadTo(32).Zeros(64);
  ExpectLocatedError(ParseBytes(huge.data), "hostile.gguf", "outside the file");

  Bytes two = Header(3, 2, 0);
  two.Str("a").U32(1).U64(16).U32(0).U64(0);
  two.Str("b").U32(1).U64(16).U32(0).U64(32);  // a covers [0, 64)
  two.PadTo(32).Zeros(128);
  ExpectLocatedError(ParseBytes(two.data), "hostile.gguf", "overlaps");
}

TEST(GgufBadInputTest, BlockTypeRowNotMultipleOfBlock) {
  Bytes b = OneTensor("t", {33, 2}, 2 /* Q4_0 */, 0);
  b.PadTo(32).Zeros(256);
  ExpectLocatedError(ParseBytes(b.data), "hostile.gguf", "not a multiple of Q4_0's block of 32");
}

TEST(GgufBadInputTest, BadUtf8InKeyAndTensorName) {
  Bytes key = Header(3, 0, 1);
  key.Str("general.\xFF").U32(kGgufU32).U32(1);
  ExpectLocatedError(ParseBytes(key.data), "hostile.gguf", "not valid UTF-8");
  Bytes name = OneTensor("blk.\xC3", {4}, 0, 0);
  name.PadTo(32).Zeros(32);
  ExpectLocatedError(ParseBytes(name.data), "hostile.gguf", "not valid UTF-8");
}

TEST(GgufBadInputTest, WrongAlignment) {
  Bytes b = Header(3, 0, 1);
  b.Str("general.alignment").U32(kGgufU32).U32(12);
  ExpectLocatedError(ParseBytes(b.data), "hostile.gguf", "not a positive multiple of 8");
  Bytes z = Header(3, 0, 1);
  z.Str("general.alignment").U32(kGgufU32).U32(0);
  ExpectLocatedError(ParseBytes(z.data), "hostile.gguf", "not a positive multiple of 8");
  Bytes t = Header(3, 0, 1);
  t.Str("general.alignment").U32(kGgufU64).U64(32);
  ExpectLocatedError(ParseBytes(t.data), "hostile.gguf", "must be a u32");
}

TEST(GgufBadInputTest, CustomAlignmentIsHonoured) {
  Bytes b = Header(3, 1, 1);
  b.Str("general.alignment").U32(kGgufU32).U32(256);
  b.Str("t").U32(1).U64(8).U32(0).U64(0);
  uint64_t infos_end = b.data.size();
  b.PadTo(256).Zeros(32);
  auto r = ParseBytes(b.data);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->tensors[0].offset, (infos_end + 255) / 256 * 256);
}

TEST(GgufBadInputTest, VersionsAndEndianness) {
  // GGUF v1 is read (its u32 layout is tested in GgufV1Test below).
  Bytes v1h;
  v1h.Raw("GGUF").U32(1).U32(0).U32(0);
  EXPECT_TRUE(ParseBytes(v1h.data).ok());
  auto be = ParseBytes(Header(0x03000000, 0, 0).data);
  ASSERT_FALSE(be.ok());
  EXPECT_EQ(be.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(be.status().message().find("big-endian"), std::string::npos);
  auto v9 = ParseBytes(Header(9, 0, 0).data);
  EXPECT_EQ(v9.status().code(), Status::Code::kUnsupported);
  auto v2 = ParseBytes(Header(2, 0, 0).data);
  EXPECT_TRUE(v2.ok());
  Bytes magic;
  magic.Raw("GGUX").U32(3).U64(0).U64(0);
  ExpectLocatedError(ParseBytes(magic.data), "hostile.gguf", "magic");
}

TEST(GgufBadInputTest, UnknownAndUndecodedTensorTypes) {
  Bytes retired = OneTensor("t", {32}, 4, 0);
  retired.PadTo(32).Zeros(64);
  auto r = ParseBytes(retired.data);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(r.status().message().find("type id 4"), std::string::npos);
  // IQ2_XXS is known (66 bytes per 256) but not decoded: the file loads.
  Bytes iq = OneTensor("t", {256}, 16, 0);
  iq.PadTo(32).Zeros(66);
  auto ok = ParseBytes(iq.data);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->tensors[0].dtype, DType::kIQ2_XXS);
  EXPECT_EQ(ok->tensors[0].nbytes, 66u);
}

TEST(GgufBadInputTest, BadValuesAndStructure) {
  Bytes boolean = Header(3, 0, 1);
  boolean.Str("a.flag").U32(kGgufBool).U8(2);
  ExpectLocatedError(ParseBytes(boolean.data), "hostile.gguf", "neither 0 nor 1");

  Bytes type = Header(3, 0, 1);
  type.Str("a.x").U32(13).U32(0);
  ExpectLocatedError(ParseBytes(type.data), "hostile.gguf", "not a GGUF value type");

  Bytes deep = Header(3, 0, 1);
  deep.Str("a.deep").U32(kGgufArray);
  for (int i = 0; i < 12; ++i) deep.U32(kGgufArray).U64(1);
  deep.Zeros(64);
  ExpectLocatedError(ParseBytes(deep.data), "hostile.gguf", "nested deeper");

  // A duplicate key is read, first value kept: see GgufDuplicateKeyTest.

  Bytes dup_t = Header(3, 2, 0);
  dup_t.Str("t").U32(1).U64(8).U32(0).U64(0).Str("t").U32(1).U64(8).U32(0).U64(32);
  dup_t.PadTo(32).Zeros(64);
  ExpectLocatedError(ParseBytes(dup_t.data), "hostile.gguf", "duplicate tensor name");

  Bytes counts = Header(3, 1ull << 40, 0);
  ExpectLocatedError(ParseBytes(counts.data), "hostile.gguf", "tensor count");
  Bytes kvs = Header(3, 0, 1ull << 40);
  ExpectLocatedError(ParseBytes(kvs.data), "hostile.gguf", "key/value count");
}

TEST(GgufBadInputTest, MetadataValueBudget) {
  // 2^22 + 1 one-byte values fit in the file but exceed the value budget: refused, not allocated.
  Bytes b = Header(3, 0, 1);
  b.Str("a.bytes")
      .U32(kGgufArray)
      .U32(kGgufU8)
      .U64(kGgufMaxMetaValues + 1)
      .Zeros(kGgufMaxMetaValues + 1);
  auto r = ParseBytes(b.data);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kRefused);
  EXPECT_NE(r.status().message().find("hostile.gguf: offset"), std::string::npos)
      << r.status().message();
}

TEST(GgufBadInputTest, TensorCountBeyondLimitIsRefused) {
  // Enough bytes that the count passes the "fits in the file" bound, but over the tensor limit.
  Bytes b = Header(3, kGgufMaxTensors + 1, 0);
  b.Zeros(25 * (kGgufMaxTensors + 1));
  auto r = ParseBytes(b.data);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kRefused);
  EXPECT_NE(r.status().message().find("hostile.gguf: offset 8"), std::string::npos)
      << r.status().message();
}

TEST(GgufBadInputTest, OpenGgufNamesMissingFile) {
  auto r = OpenGguf("/nonexistent/model.gguf");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/model.gguf"), std::string::npos);
}

TEST(GgufDuplicateKeyTest, FirstValueIsKeptAndBothOffsetsAreReported) {
  Bytes b;
  b.Raw("GGUF").U32(3).U64(0).U64(3);
  uint64_t first = b.data.size();
  b.Str("a.x").U32(kGgufU8).U8(1);
  b.Str("a.y").U32(kGgufString).Str("kept");
  uint64_t second = b.data.size();
  b.Str("a.x").U32(kGgufU8).U8(2);
  auto r = ParseBytes(b.data, "dup.gguf");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->metadata.size(), 2u);
  EXPECT_EQ(r->metadata.at("a.x").u, 1u);
  ASSERT_EQ(r->warnings.size(), 1u);
  const std::string& w = r->warnings[0];
  EXPECT_NE(w.find("dup.gguf"), std::string::npos) << w;
  EXPECT_NE(w.find("'a.x'"), std::string::npos) << w;
  EXPECT_NE(w.find("offsets " + std::to_string(first) + " and " + std::to_string(second)),
            std::string::npos)
      << w;
}

TEST(GgufDuplicateKeyTest, DuplicateWithBadValueIsStillAnError) {
  Bytes b;
  b.Raw("GGUF").U32(3).U64(0).U64(2);
  b.Str("a.x").U32(kGgufU8).U8(1).Str("a.x").U32(kGgufBool).U8(7);
  ExpectLocatedError(ParseBytes(b.data), "hostile.gguf", "neither 0 nor 1");
}

// GGUF v1 (2023): u32 tensor/KV counts, string lengths, array counts and dimensions.
TEST(GgufV1Test, ThirtyTwoBitLayoutIsRead) {
  Bytes b;
  b.Raw("GGUF").U32(1).U32(1).U32(2);
  auto str = [&](const std::string& s) { b.U32(static_cast<uint32_t>(s.size())).Raw(s); };
  str("general.name");
  b.U32(kGgufString);
  str("old");
  str("tokenizer.ggml.tokens");
  b.U32(kGgufArray).U32(kGgufString).U32(3);
  for (const char* t : {"a", "", "ccc"}) str(t);
  str("t");
  b.U32(2).U32(4).U32(2).U32(0).U64(0);  // n_dims 2, ne {4, 2} as u32, F32, offset 0
  uint64_t infos_end = b.data.size();
  b.PadTo(32).Zeros(32);
  auto r = ParseBytes(b.data, "v1.gguf");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r->metadata.at("general.name").AsString(), "old");
  const MetaValue& tokens = r->metadata.at("tokenizer.ggml.tokens");
  ASSERT_EQ(tokens.array.size(), 3u);
  EXPECT_EQ(tokens.array[2].s, "ccc");
  ASSERT_EQ(r->tensors.size(), 1u);
  EXPECT_EQ(r->tensors[0].shape, (std::vector<uint64_t>{2, 4}));
  EXPECT_EQ(r->tensors[0].offset, (infos_end + 31) / 32 * 32);
  EXPECT_TRUE(r->warnings.empty());
}

TEST(GgufV1Test, TruncatedV1IsLocated) {
  Bytes b;
  b.Raw("GGUF").U32(1).U32(0).U32(1).U32(1000).Raw("short");
  ExpectLocatedError(ParseBytes(b.data), "hostile.gguf", "key");
}

TEST(GgufV1Test, FixtureMatchesItsV3Twin) {
  auto v1 = OpenGguf(testing::TestData("fixtures/gguf-v1.gguf"));
  auto v3 = OpenGguf(testing::TestData("fixtures/gguf-v3-same-as-v1.gguf"));
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  ASSERT_TRUE(v3.ok()) << v3.status().ToString();
  ASSERT_EQ(v1->metadata.size(), v3->metadata.size());
  for (const auto& [k, v] : v3->metadata) {
    ASSERT_TRUE(v1->metadata.count(k)) << k;
    EXPECT_EQ(v1->metadata.at(k).array.size(), v.array.size()) << k;
    EXPECT_EQ(v1->metadata.at(k).s, v.s) << k;
  }
  ASSERT_EQ(v1->tensors.size(), 1u);
  EXPECT_EQ(v1->tensors[0].shape, v3->tensors[0].shape);
  EXPECT_EQ(v1->tensors[0].nbytes, 48u * 4);
}

}  // namespace
}  // namespace lineage
