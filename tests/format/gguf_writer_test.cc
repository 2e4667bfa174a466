#include "format/gguf_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "format/ggml_quants.h"
#include "format/gguf.h"
#include "format/gguf_test_helpers.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::GgufNameForHf;

std::vector<uint8_t> Read(const TensorInfo& t) { return testing::ReadTensor(t); }

TEST(PermuteQKRowsTest, KnownAnswer) {
  // Two heads of size 4, one byte per row: GGUF row h·4 + 2i + j holds HF row h·4 + 2j + i.
  std::vector<uint8_t> hf = {0, 1, 2, 3, 4, 5, 6, 7}, gguf(8);
  ASSERT_TRUE(PermuteQKRowsForGguf(hf.data(), 8, 1, 2, gguf.data()).ok());
  EXPECT_EQ(gguf, (std::vector<uint8_t>{0, 2, 1, 3, 4, 6, 5, 7}));
  // Wider rows move as units.
  std::vector<uint8_t> wide = {0, 0, 1, 1, 2, 2, 3, 3}, out(8);
  ASSERT_TRUE(PermuteQKRowsForGguf(wide.data(), 4, 2, 1, out.data()).ok());
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 0, 2, 2, 1, 1, 3, 3}));
}

TEST(PermuteQKRowsTest, RejectsBadGeometry) {
  std::vector<uint8_t> rows(12), out(12);
  EXPECT_FALSE(PermuteQKRowsForGguf(rows.data(), 12, 1, 5, out.data()).ok());  // 12 rows, 5 heads
  EXPECT_FALSE(PermuteQKRowsForGguf(rows.data(), 12, 1, 4, out.data()).ok());  // head size 3
  EXPECT_FALSE(PermuteQKRowsForGguf(rows.data(), 12, 1, 0, out.data()).ok());
}

// The inverse, written naively here: HF row h·D + j·D/2 + i comes from GGUF row h·D + 2i + j.
std::vector<uint8_t> Unpermute(const std::vector<uint8_t>& gguf, uint64_t rows, uint64_t row_bytes,
                               uint64_t heads) {
  std::vector<uint8_t> hf(gguf.size());
  uint64_t d = rows / heads;
  for (uint64_t r = 0; r < rows; ++r) {
    uint64_t h = r / d, within = r % d, j = within / (d / 2), i = within % (d / 2);
    uint64_t src = h * d + 2 * i + j;
    std::copy(gguf.begin() + src * row_bytes, gguf.begin() + (src + 1) * row_bytes,
              hf.begin() + r * row_bytes);
  }
  return hf;
}

// Converts examples/models/base as llama.cpp does (F32, Q/K rows permuted, tied: no output).
GgufWriter ConvertBase(const std::map<std::string, testing::StTensor>& st, DType matrices_as) {
  GgufWriter w;
  w.AddString("general.architecture", "llama");
  w.AddU32("llama.attention.head_count", 8);
  w.AddU32("llama.attention.head_count_kv", 4);
  w.AddStringArray("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>"});
  for (const auto& [name, t] : st) {
    std::vector<uint8_t> bytes = t.bytes;
    bool q = name.find("q_proj") != std::string::npos, k = name.find("k_proj") != std::string::npos;
    if (q || k) {
      EXPECT_TRUE(
          PermuteQKRowsForGguf(t.bytes.data(), t.shape[0], t.shape[1] * 4, q ? 8 : 4, bytes.data())
              .ok());
    }
    // As llama.cpp: 1-D tensors and rows that are not whole blocks stay F32.
    bool quantise = matrices_as != DType::kF32 && t.shape.size() == 2 && t.shape[1] % 32 == 0;
    Status s = quantise ? w.AddTensorF32(GgufNameForHf(name), t.shape, testing::AsFloats(bytes),
                                         matrices_as)
                        : w.AddTensor(GgufNameForHf(name), DType::kF32, t.shape, bytes);
    EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
  }
  return w;
}

TEST(GgufWriterTest, ConvertedBaseMatchesIndependentConversionAndUnpermutes) {
  auto st = testing::ReadSafetensorsForTest(testing::Example("models/base/model.safetensors"));
  std::string dir = testing::TempDir("gguf_writer");
  ASSERT_TRUE(ConvertBase(st, DType::kF32).WriteFile(dir + "/base.gguf").ok());
  auto mine = OpenGguf(dir + "/base.gguf");
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  auto theirs = OpenGguf(testing::Example("models/base-gguf-f32/base-gguf-f32.gguf"));
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(mine->tensors.size(), theirs->tensors.size());
  std::map<std::string, const TensorInfo*> by_name;
  for (const TensorInfo& t : theirs->tensors) by_name[t.name] = &t;
  for (const TensorInfo& t : mine->tensors) {
    ASSERT_TRUE(by_name.count(t.name)) << t.name;
    EXPECT_EQ(t.shape, by_name[t.name]->shape) << t.name;
    EXPECT_TRUE(Read(t) == Read(*by_name[t.name]))
        << t.name << " differs from the independent conversion";
  }
  // Un-permuting Q/K gives back the safetensors rows.
  for (const auto& [name, t] : st) {
    if (name.find("q_proj") == std::string::npos && name.find("k_proj") == std::string::npos)
      continue;
    const TensorInfo* g = nullptr;
    for (const TensorInfo& x : mine->tensors) {
      if (x.name == GgufNameForHf(name)) g = &x;
    }
    ASSERT_NE(g, nullptr);
    uint64_t heads = name.find("q_proj") != std::string::npos ? 8 : 4;
    EXPECT_TRUE(Unpermute(Read(*g), t.shape[0], t.shape[1] * 4, heads) == t.bytes) << name;
  }
}

TEST(GgufWriterTest, QuantisedCopyOfRealModelIsCloseToIt) {
  auto st = testing::ReadSafetensorsForTest(testing::Example("models/base/model.safetensors"));
  for (DType type : {DType::kQ8_0, DType::kQ4_0}) {
    auto r = ParseGguf(MakeMemorySource("q.gguf", ConvertBase(st, type).Serialize()));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    int quantised = 0;
    for (const TensorInfo& t : r->tensors) {
      if (t.dtype == DType::kF32) continue;
      ++quantised;
      EXPECT_EQ(t.dtype, type);
      std::vector<uint8_t> bytes = Read(t);
      std::vector<float> back(t.shape[0] * t.shape[1]);
      ASSERT_TRUE(DequantizeGgml(t.dtype, bytes.data(), back.size(), back.data()).ok());
      // Compare with the original (Q/K in GGUF order on both sides).
      std::string hf;
      for (const auto& [name, x] : st) {
        if (GgufNameForHf(name) == t.name) hf = name;
      }
      const auto& orig = st.at(hf);
      std::vector<uint8_t> ordered = orig.bytes;
      bool q = hf.find("q_proj") != std::string::npos, k = hf.find("k_proj") != std::string::npos;
      if (q || k) {
        ASSERT_TRUE(PermuteQKRowsForGguf(orig.bytes.data(), orig.shape[0], orig.shape[1] * 4,
                                         q ? 8 : 4, ordered.data())
                        .ok());
      }
      std::vector<float> x = testing::AsFloats(ordered);
      double err = 0, norm = 0;
      for (size_t i = 0; i < x.size(); ++i) {
        err += (back[i] - x[i]) * (back[i] - x[i]);
        norm += x[i] * x[i];
      }
      // Relative RMS error: 8-bit ≈ 0.5/127 of the block max, 4-bit ≈ 0.5/8 (real weights: heavier
      // tails).
      EXPECT_LT(std::sqrt(err / norm), type == DType::kQ8_0 ? 0.01 : 0.15) << t.name;
      EXPECT_GT(std::sqrt(err / norm), 0.0) << t.name;
    }
    EXPECT_EQ(quantised, 1 + 5 * 6);  // embedding + q k v o gate up per layer (down is 172 wide)
  }
}

TEST(GgufWriterTest, RejectsBadArguments) {
  GgufWriter w;
  EXPECT_FALSE(w.SetAlignment(12).ok());
  EXPECT_FALSE(w.SetAlignment(0).ok());
  EXPECT_FALSE(w.AddTensor("t", DType::kF32, {2, 3}, std::vector<uint8_t>(23)).ok());
  EXPECT_FALSE(w.AddTensor("t", DType::kQ4_0, {2, 33}, std::vector<uint8_t>(36)).ok());
  EXPECT_FALSE(w.AddTensor("t", DType::kF8_E4M3, {2}, std::vector<uint8_t>(2)).ok());
  EXPECT_FALSE(w.AddTensorF32("t", {1, 16}, std::vector<float>(16), DType::kQ8_0).ok());
  EXPECT_FALSE(w.WriteFile("/nonexistent-dir/x.gguf").ok());
}

}  // namespace
}  // namespace lineage
