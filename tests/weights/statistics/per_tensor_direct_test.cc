// The fused same-role pass over stored bytes (per_tensor.h, direct path) must give what the
// streamed f32 path gives on the same values: both run here on one pair of safetensors files,
// once through ModelWeightSource (stored bytes) and once through an in-memory copy (streams).
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "format/dtype.h"
#include "format/safetensors_writer.h"
#include "model/model.h"
#include "stats/rng.h"
#include "test_util.h"
#include "weights/source/model_weight_source.h"
#include "weights/statistics/per_tensor.h"

namespace lineage::testing {
namespace {

// Values as stored: BF16/F16 rounded, F32 as is.
WriterTensor Encode(const std::string& name, DType dt, uint64_t rows, uint64_t cols,
                    const std::vector<float>& v) {
  WriterTensor t;
  t.name = name;
  t.dtype = dt;
  t.shape = rows == 1 ? std::vector<uint64_t>{cols} : std::vector<uint64_t>{rows, cols};
  const size_t width = dt == DType::kF32 ? 4 : 2;
  t.data.resize(v.size() * width);
  for (size_t i = 0; i < v.size(); ++i) {
    if (dt == DType::kF32) {
      std::memcpy(&t.data[4 * i], &v[i], 4);
    } else {
      const uint16_t h = dt == DType::kBF16 ? FloatToBF16(v[i]) : FloatToHalf(v[i]);
      std::memcpy(&t.data[2 * i], &h, 2);
    }
  }
  return t;
}

std::vector<float> Values(uint64_t n, uint64_t seed, float sd) {
  Rng rng(seed);
  std::vector<float> v(n);
  rng.FillNormal(v, sd);
  return v;
}

struct Pair {
  std::string dir_a, dir_b;
};

// Block 0 gate (rows × cols, > one work range), up, down and an embedding; B = A + noise except
// for an exact copy of the up matrix. dtype_b may differ from dtype_a (cast counting).
Pair WritePair(DType dtype_a, DType dtype_b, bool nan_in_b) {
  const uint64_t rows = 300, cols = 4100;  // 1.23 M elements: two 1 M ranges, odd block tail
  std::vector<float> gate = Values(rows * cols, 1, 0.02f), up = Values(rows * cols, 2, 0.02f);
  std::vector<float> down = Values(cols * 8, 3, 0.02f), emb = Values(64 * cols, 4, 0.5f);
  std::vector<float> noise = Values(rows * cols, 5, 0.01f);
  std::vector<float> gate_b = gate;
  for (size_t i = 0; i < gate_b.size(); ++i) gate_b[i] += noise[i];
  std::vector<float> down_b = Values(cols * 8, 6, 0.02f);  // independent
  if (nan_in_b) gate_b[12345] = std::numeric_limits<float>::quiet_NaN();
  Pair p{TempDir("direct_a"), TempDir("direct_b")};
  auto write = [&](const std::string& dir, DType dt, const std::vector<float>& g,
                   const std::vector<float>& d) {
    Status st = WriteSafetensors(dir + "/model.safetensors",
                                 {Encode("model.embed_tokens.weight", dt, 64, cols, emb),
                                  Encode("model.layers.0.mlp.gate_proj.weight", dt, rows, cols, g),
                                  Encode("model.layers.0.mlp.up_proj.weight", dt, rows, cols, up),
                                  Encode("model.layers.0.mlp.down_proj.weight", dt, cols, 8, d)});
    ASSERT_TRUE(st.ok()) << st.ToString();
  };
  write(p.dir_a, dtype_a, gate, down);
  write(p.dir_b, dtype_b, gate_b, down_b);
  return p;
}

std::map<std::string, TensorComparison> ByName(const std::vector<TensorComparison>& v) {
  std::map<std::string, TensorComparison> m;
  for (const TensorComparison& t : v) m[t.name] = t;
  return m;
}

// Runs both paths and checks they agree; returns the direct path's results by name.
std::map<std::string, TensorComparison> RunBothPaths(const Pair& p, unsigned threads) {
  Result<Model> ma = LoadModel(p.dir_a), mb = LoadModel(p.dir_b);
  EXPECT_TRUE(ma.ok() && mb.ok());
  if (!ma.ok() || !mb.ok()) return {};
  ModelWeightSource sa(*ma), sb(*mb);
  Result<InMemoryWeights> ca = CopyToMemory(sa, 1u << 24), cb = CopyToMemory(sb, 1u << 24);
  EXPECT_TRUE(ca.ok() && cb.ok());
  if (!ca.ok() || !cb.ok()) return {};
  ThreadPool pool(threads);
  Result<std::vector<TensorComparison>> direct = ComparePerTensor(sa, sb, pool, PerTensorOptions());
  Result<std::vector<TensorComparison>> streamed =
      ComparePerTensor(*ca, *cb, pool, PerTensorOptions());
  EXPECT_TRUE(direct.ok()) << direct.status().ToString();
  EXPECT_TRUE(streamed.ok()) << streamed.status().ToString();
  if (!direct.ok() || !streamed.ok()) return {};
  EXPECT_EQ(direct->size(), 4u);
  auto d = ByName(*direct), s = ByName(*streamed);
  EXPECT_EQ(d.size(), s.size());
  for (const auto& [name, x] : d) {
    EXPECT_TRUE(s.count(name)) << name;
    if (!s.count(name)) continue;
    const TensorComparison& y = s.at(name);
    EXPECT_NEAR(x.cosine, y.cosine, 1e-12) << name;
    EXPECT_NEAR(x.pearson, y.pearson, 1e-12) << name;
    EXPECT_NEAR(x.rel_l2, y.rel_l2, 1e-12) << name;
    EXPECT_EQ(x.non_finite, y.non_finite) << name;
    EXPECT_EQ(x.value_identical, y.value_identical) << name;
    EXPECT_EQ(x.cast_equal_fraction.has_value(), y.cast_equal_fraction.has_value()) << name;
    if (x.cast_equal_fraction && y.cast_equal_fraction) {
      EXPECT_DOUBLE_EQ(*x.cast_equal_fraction, *y.cast_equal_fraction) << name;
    }
  }
  return d;
}

TEST(PerTensorDirect, Bf16PairMatchesTheStreamedPath) {
  auto d = RunBothPaths(WritePair(DType::kBF16, DType::kBF16, false), 2);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_TRUE(d["block 0 up"].byte_identical);
  EXPECT_TRUE(d["block 0 up"].value_identical);
  EXPECT_TRUE(d["embed"].byte_identical);
  EXPECT_FALSE(d["block 0 gate"].byte_identical);
  EXPECT_FALSE(d["block 0 gate"].value_identical);
  EXPECT_GT(d["block 0 gate"].cosine, 0.85);  // noise at half the spread: cos ≈ 1/√1.25
  EXPECT_LT(std::abs(d["block 0 down"].cosine), 0.05);
}

TEST(PerTensorDirect, ResultDoesNotDependOnThreadCount) {
  Pair p = WritePair(DType::kF16, DType::kF16, false);
  auto one = RunBothPaths(p, 1), two = RunBothPaths(p, 2);
  ASSERT_EQ(one.size(), two.size());
  for (const auto& [name, x] : one) {
    EXPECT_EQ(x.cosine, two[name].cosine) << name;  // fixed ranges, fixed merge order
    EXPECT_EQ(x.pearson, two[name].pearson) << name;
  }
}

TEST(PerTensorDirect, F32AgainstBf16CountsCastsAndNaN) {
  auto d = RunBothPaths(WritePair(DType::kF32, DType::kBF16, true), 2);
  ASSERT_EQ(d.size(), 4u);
  ASSERT_TRUE(d["block 0 up"].cast_equal_fraction.has_value());
  EXPECT_DOUBLE_EQ(*d["block 0 up"].cast_equal_fraction, 1.0);  // a BF16 cast of A's values
  EXPECT_FALSE(d["block 0 up"].byte_identical);                 // different stored types
  EXPECT_EQ(d["block 0 gate"].non_finite, 1u);
  EXPECT_TRUE(std::isfinite(d["block 0 gate"].cosine));
}

// Sampled reading (per_tensor.h): each large matrix compares one seeded window, the same for a
// given seed and name whatever the values, and says how many elements it covered; identity is
// identity on the window (the copied up matrix), and a change inside the window is seen.
TEST(PerTensorDirect, SampledReadingComparesOneSeededWindowPerMatrix) {
  Pair p = WritePair(DType::kBF16, DType::kBF16, false);
  Result<Model> ma = LoadModel(p.dir_a), mb = LoadModel(p.dir_b);
  ASSERT_TRUE(ma.ok() && mb.ok());
  ModelWeightSource sa(*ma), sb(*mb);
  ThreadPool pool(2);
  PerTensorOptions o;
  o.sample_elems = 65536;
  Result<std::vector<TensorComparison>> r = ComparePerTensor(sa, sb, pool, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto d = ByName(*r);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d["block 0 gate"].compared, 65536u);
  EXPECT_EQ(d["block 0 up"].compared, 65536u);
  EXPECT_EQ(d["block 0 down"].compared, 4100u * 8);  // smaller than a window: whole
  EXPECT_TRUE(d["block 0 up"].value_identical);
  EXPECT_FALSE(d["block 0 gate"].value_identical);
  EXPECT_GT(d["block 0 gate"].cosine, 0.85);
  // The window depends on the seed and the name only: the same on a copy of A against itself.
  Result<std::vector<TensorComparison>> self = ComparePerTensor(sa, sa, pool, o);
  ASSERT_TRUE(self.ok());
  EXPECT_TRUE(ByName(*self)["block 0 gate"].value_identical);
  EXPECT_EQ(ByName(*self)["block 0 gate"].compared, 65536u);
  // The streamed path (in-memory copies) compares a seeded run of whole rows instead.
  Result<InMemoryWeights> ca = CopyToMemory(sa, 1u << 24), cb = CopyToMemory(sb, 1u << 24);
  ASSERT_TRUE(ca.ok() && cb.ok());
  Result<std::vector<TensorComparison>> rows = ComparePerTensor(*ca, *cb, pool, o);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  auto s = ByName(*rows);
  EXPECT_EQ(s["block 0 gate"].compared, 65536u / 4100 * 4100);
  EXPECT_TRUE(s["block 0 up"].value_identical);
  EXPECT_FALSE(s["block 0 gate"].value_identical);
  EXPECT_GT(s["block 0 gate"].cosine, 0.85);
  // Whole reading covers every element.
  Result<std::vector<TensorComparison>> full = ComparePerTensor(sa, sb, pool, PerTensorOptions());
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(ByName(*full)["block 0 gate"].compared, 300u * 4100);
}

}  // namespace
}  // namespace lineage::testing
