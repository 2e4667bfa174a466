// Fused-tensor splits, Conv1D transposition, stacked experts and Q/K un-permutation, on tensors
// whose stored rows encode their own index (value = 1000·row + col), so placement is exact.
#include "model/fused_split.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

#include "format/gguf_writer.h"

namespace lineage {
namespace {

// Owns a memory source and describes its bytes as one F32 tensor.
struct Stored {
  std::unique_ptr<ByteSource> src;
  TensorInfo info;
};

Stored MakeF32(const std::string& name, std::vector<uint64_t> shape, const std::vector<float>& v) {
  std::vector<uint8_t> bytes(v.size() * 4);
  std::memcpy(bytes.data(), v.data(), bytes.size());
  Stored s;
  s.src = MakeMemorySource(name, std::move(bytes));
  s.info.name = name;
  s.info.dtype = DType::kF32;
  s.info.shape = std::move(shape);
  s.info.source = s.src.get();
  s.info.offset = 0;
  s.info.nbytes = v.size() * 4;
  return s;
}

// rows × cols with value 1000·row + col.
Stored Indexed(const std::string& name, uint64_t rows, uint64_t cols) {
  std::vector<float> v(rows * cols);
  for (uint64_t r = 0; r < rows; ++r)
    for (uint64_t c = 0; c < cols; ++c) v[r * cols + c] = static_cast<float>(1000 * r + c);
  return MakeF32(name, {rows, cols}, v);
}

// The stored row each canonical row of `t` came from (checks every column agrees).
std::vector<int> SourceRows(const ModelTensor& t) {
  auto values = ReadF32(t, 1 << 20);
  EXPECT_TRUE(values.ok()) << values.status().ToString();
  std::vector<int> rows;
  if (!values.ok()) return rows;
  uint64_t cols = t.cols();
  for (uint64_t r = 0; r < t.rows(); ++r) {
    int src = static_cast<int>((*values)[r * cols]) / 1000;
    for (uint64_t c = 0; c < cols; ++c) {
      EXPECT_EQ((*values)[r * cols + c], static_cast<float>(1000 * src + c)) << "row " << r;
    }
    rows.push_back(src);
  }
  return rows;
}

std::vector<int> Range(int begin, int end) {
  std::vector<int> v;
  for (int i = begin; i < end; ++i) v.push_back(i);
  return v;
}

std::vector<int> Concat(std::initializer_list<std::vector<int>> parts) {
  std::vector<int> v;
  for (const auto& p : parts) v.insert(v.end(), p.begin(), p.end());
  return v;
}

ExpandOptions Geom(uint64_t heads, uint64_t kv, uint64_t head_dim, QkvLayout layout) {
  ExpandOptions o;
  o.geometry.heads = heads;
  o.geometry.kv_heads = kv;
  o.geometry.head_dim = head_dim;
  o.geometry.qkv_layout = layout;
  return o;
}

NameRole Fusion(Fused f, bool conv1d = false) {
  NameRole nr;
  nr.layer = 0;
  nr.fused = f;
  nr.conv1d = conv1d;
  return nr;
}

TEST(FusedSplit, Phi3ConcatenatedQkv) {
  Stored s = Indexed("qkv_proj.weight", (4 + 2 * 2) * 3, 5);  // 4 heads, 2 KV heads, D = 3
  auto parts = ExpandTensor(s.info, Fusion(Fused::kQkv), Geom(4, 2, 3, QkvLayout::kConcat));
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].role, Role::kQ);
  EXPECT_EQ((*parts)[0].shape, (std::vector<uint64_t>{12, 5}));
  EXPECT_EQ(SourceRows((*parts)[0]), Range(0, 12));
  EXPECT_EQ((*parts)[1].role, Role::kK);
  EXPECT_EQ(SourceRows((*parts)[1]), Range(12, 18));
  EXPECT_EQ((*parts)[2].role, Role::kV);
  EXPECT_EQ(SourceRows((*parts)[2]), Range(18, 24));
}

TEST(FusedSplit, FalconGroupedQkv) {
  // 4 heads in 2 KV groups, D = 2: each group holds 2 q heads, then k, then v (8 rows).
  Stored s = Indexed("query_key_value.weight", 16, 3);
  auto parts = ExpandTensor(s.info, Fusion(Fused::kQkv), Geom(4, 2, 2, QkvLayout::kGrouped));
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(SourceRows((*parts)[0]), Concat({Range(0, 4), Range(8, 12)}));
  EXPECT_EQ(SourceRows((*parts)[1]), Concat({Range(4, 6), Range(12, 14)}));
  EXPECT_EQ(SourceRows((*parts)[2]), Concat({Range(6, 8), Range(14, 16)}));
}

TEST(FusedSplit, NeoxPerHeadQkvAndItsBias) {
  // 3 heads, D = 2: per head q, k, v (6 rows).
  Stored s = Indexed("query_key_value.weight", 18, 4);
  auto parts = ExpandTensor(s.info, Fusion(Fused::kQkv), Geom(3, 3, 2, QkvLayout::kPerHead));
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(SourceRows((*parts)[0]), Concat({Range(0, 2), Range(6, 8), Range(12, 14)}));
  EXPECT_EQ(SourceRows((*parts)[1]), Concat({Range(2, 4), Range(8, 10), Range(14, 16)}));
  EXPECT_EQ(SourceRows((*parts)[2]), Concat({Range(4, 6), Range(10, 12), Range(16, 18)}));

  std::vector<float> bias(18);
  for (int i = 0; i < 18; ++i) bias[i] = static_cast<float>(i);
  Stored b = MakeF32("query_key_value.bias", {18}, bias);
  NameRole nr = Fusion(Fused::kQkv);
  nr.bias = true;
  auto bparts = ExpandTensor(b.info, nr, Geom(3, 3, 2, QkvLayout::kPerHead));
  ASSERT_TRUE(bparts.ok()) << bparts.status().ToString();
  EXPECT_EQ((*bparts)[1].shape, (std::vector<uint64_t>{6}));
  auto kb = ReadF32((*bparts)[1], 100);
  ASSERT_TRUE(kb.ok());
  EXPECT_EQ(*kb, (std::vector<float>{2, 3, 8, 9, 14, 15}));
}

TEST(FusedSplit, Gpt2Conv1DIsTransposedThenSplit) {
  // Conv1D stores in × out = 4 × 12 (2 heads, D = 2, q|k|v along the columns).
  const uint64_t in = 4, out = 12;
  std::vector<float> v(in * out);
  for (uint64_t i = 0; i < in; ++i)
    for (uint64_t j = 0; j < out; ++j) v[i * out + j] = static_cast<float>(1000 * j + i);
  Stored s = MakeF32("c_attn.weight", {in, out}, v);
  auto parts =
      ExpandTensor(s.info, Fusion(Fused::kQkv, /*conv1d=*/true), Geom(2, 2, 2, QkvLayout::kConcat));
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ((*parts)[0].shape, (std::vector<uint64_t>{4, 4}));  // out rows × in cols
  EXPECT_EQ(SourceRows((*parts)[0]), Range(0, 4));
  EXPECT_EQ(SourceRows((*parts)[1]), Range(4, 8));
  EXPECT_EQ(SourceRows((*parts)[2]), Range(8, 12));

  NameRole proj;
  proj.role = Role::kO;
  proj.conv1d = true;
  Stored p = MakeF32("c_proj.weight", {in, out}, v);
  auto whole = ExpandTensor(p.info, proj, ExpandOptions{});
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ((*whole)[0].shape, (std::vector<uint64_t>{12, 4}));
  EXPECT_EQ(SourceRows((*whole)[0]), Range(0, 12));
}

TEST(FusedSplit, GateUpHalvesAndGptOssInterleave) {
  Stored s = Indexed("gate_up_proj.weight", 8, 3);
  auto parts = ExpandTensor(s.info, Fusion(Fused::kGateUp), ExpandOptions{});
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ((*parts)[0].role, Role::kGate);
  EXPECT_EQ(SourceRows((*parts)[0]), Range(0, 4));
  EXPECT_EQ((*parts)[1].role, Role::kUp);
  EXPECT_EQ(SourceRows((*parts)[1]), Range(4, 8));

  ExpandOptions oss;
  oss.gate_up_interleaved = true;
  auto inter = ExpandTensor(s.info, Fusion(Fused::kGateUp), oss);
  ASSERT_TRUE(inter.ok());
  EXPECT_EQ(SourceRows((*inter)[0]), (std::vector<int>{0, 2, 4, 6}));
  EXPECT_EQ(SourceRows((*inter)[1]), (std::vector<int>{1, 3, 5, 7}));
}

TEST(FusedSplit, GgufStackedExpertsBecomeOneTensorEach) {
  // GGUF ne = [d=4, h=2, E=3] → shape [3, 2, 4]: expert e is stored rows 2e, 2e+1.
  std::vector<float> v(3 * 2 * 4);
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 4; ++c) v[r * 4 + c] = static_cast<float>(1000 * r + c);
  Stored s = MakeF32("blk.0.ffn_up_exps.weight", {3, 2, 4}, v);
  NameRole nr = Fusion(Fused::kStackedExperts);
  nr.role = Role::kUp;
  auto parts = ExpandTensor(s.info, nr, ExpandOptions{});
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 3u);
  for (int e = 0; e < 3; ++e) {
    EXPECT_EQ((*parts)[e].expert, e);
    EXPECT_EQ((*parts)[e].role, Role::kUp);
    EXPECT_EQ((*parts)[e].shape, (std::vector<uint64_t>{2, 4}));
    EXPECT_EQ(SourceRows((*parts)[e]), Range(2 * e, 2 * e + 2));
  }
}

TEST(FusedSplit, QkUnpermutationInvertsTheGgufWriter) {
  // HF rows carry their index; the GGUF writer's own permutation (an independent
  // implementation) interleaves them; the model layer must give HF order back.
  const uint32_t heads = 2;
  const uint64_t rows = 16, cols = 3;
  Stored hf = Indexed("hf", rows, cols);
  std::vector<uint8_t> hf_bytes(rows * cols * 4), gguf_bytes(rows * cols * 4);
  ASSERT_TRUE(hf.src->ReadAt(0, hf_bytes).ok());
  ASSERT_TRUE(PermuteQKRowsForGguf(hf_bytes.data(), rows, cols * 4, heads, gguf_bytes.data()).ok());
  std::vector<float> gv(rows * cols);
  std::memcpy(gv.data(), gguf_bytes.data(), gguf_bytes.size());
  Stored g = MakeF32("blk.0.attn_q.weight", {rows, cols}, gv);
  auto raw = ExpandTensor(g.info, NameRole{Role::kQ}, ExpandOptions{});
  ASSERT_TRUE(raw.ok());
  ASSERT_NE(SourceRows((*raw)[0]), Range(0, 16)) << "the fixture must actually be permuted";

  NameRole q;
  q.role = Role::kQ;
  ExpandOptions opt = Geom(heads, 1, 0, QkvLayout::kConcat);
  opt.interleaved_qk = true;
  auto parts = ExpandTensor(g.info, q, opt);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ((*parts)[0].transform.unpermute_head_dim, 8u);
  EXPECT_EQ(SourceRows((*parts)[0]), Range(0, 16));
  // Streaming in small odd chunks gives the same rows.
  std::vector<int> chunked;
  ASSERT_TRUE(StreamRows((*parts)[0], 3, [&](const float* v, uint64_t first, uint64_t n) {
                for (uint64_t r = 0; r < n; ++r)
                  chunked.push_back(static_cast<int>(v[r * cols]) / 1000);
                return Status::Ok();
              }).ok());
  EXPECT_EQ(chunked, Range(0, 16));
}

TEST(FusedSplit, GeometryThatDoesNotAddUpIsAnError) {
  Stored s = Indexed("qkv_proj.weight", 25, 2);
  auto parts = ExpandTensor(s.info, Fusion(Fused::kQkv), Geom(4, 2, 3, QkvLayout::kConcat));
  ASSERT_FALSE(parts.ok());
  EXPECT_NE(parts.status().message().find("qkv_proj.weight"), std::string::npos);
  auto no_heads = ExpandTensor(s.info, Fusion(Fused::kQkv), ExpandOptions{});
  EXPECT_FALSE(no_heads.ok());
  Stored odd = Indexed("gate_up_proj.weight", 7, 2);
  EXPECT_FALSE(ExpandTensor(odd.info, Fusion(Fused::kGateUp), ExpandOptions{}).ok());
}

}  // namespace
}  // namespace lineage
