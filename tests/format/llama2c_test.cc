#include "format/llama2c.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "format/gguf_test_helpers.h"
#include "format/gguf_writer.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Bytes;

std::vector<uint8_t> Read(const TensorInfo& t) { return testing::ReadTensor(t); }
std::map<std::string, const TensorInfo*> ByName(const Checkpoint& c) {
  return testing::TensorsByName(c);
}

const std::string kStories = "weights/stories260K/stories260K.bin";

TEST(Llama2cTest, Stories260KHeaderAndShapes) {
  auto r = OpenLlama2c(testing::TestData(kStories));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "llama2c");
  const Metadata& m = r->metadata;
  EXPECT_EQ(m.at("version").AsInt(), 0);
  EXPECT_EQ(m.at("dim").AsInt(), 64);
  EXPECT_EQ(m.at("hidden_dim").AsInt(), 172);
  EXPECT_EQ(m.at("n_layers").AsInt(), 5);
  EXPECT_EQ(m.at("n_heads").AsInt(), 8);
  EXPECT_EQ(m.at("n_kv_heads").AsInt(), 4);
  EXPECT_EQ(m.at("vocab_size").AsInt(), 512);
  EXPECT_EQ(m.at("seq_len").AsInt(), 512);
  EXPECT_TRUE(m.at("shared_classifier").b);
  // Embedding, 9 per-layer tensors × 5, final norm; no output.weight (shared classifier).
  EXPECT_EQ(r->tensors.size(), 1u + 9 * 5 + 1);
  auto t = ByName(*r);
  EXPECT_EQ(t.count("output.weight"), 0u);
  EXPECT_EQ(t.at("tok_embeddings.weight")->shape, (std::vector<uint64_t>{512, 64}));
  EXPECT_EQ(t.at("tok_embeddings.weight")->offset, 28u);
  EXPECT_EQ(t.at("layers.4.attention.wk.weight")->shape, (std::vector<uint64_t>{32, 64}));
  EXPECT_EQ(t.at("layers.0.feed_forward.w2.weight")->shape, (std::vector<uint64_t>{64, 172}));
  EXPECT_EQ(t.at("layers.2.feed_forward.w1.weight")->shape, (std::vector<uint64_t>{172, 64}));
  EXPECT_EQ(t.at("norm.weight")->shape, (std::vector<uint64_t>{64}));
  uint64_t params = 0;
  for (const TensorInfo& x : r->tensors) {
    EXPECT_EQ(x.dtype, DType::kF32);
    params += x.nbytes / 4;
  }
  EXPECT_EQ(params, 260032u);  // the published parameter count of stories260K
  // The final norm is followed by the two skipped RoPE tables (2 × 512 × 4 floats).
  const TensorInfo* norm = t.at("norm.weight");
  EXPECT_EQ(norm->offset + norm->nbytes + 2 * 512 * 4 * 4, 1056540u);
}

// examples/models/base is stories260K converted to HF layout: everything but Q/K is byte-equal,
// and Q/K are the HF rows in the interleaved RoPE order (the same order GGUF uses).
TEST(Llama2cTest, Stories260KEqualsHfBase) {
  auto r = OpenLlama2c(testing::TestData(kStories));
  ASSERT_TRUE(r.ok());
  auto st = testing::ReadSafetensorsForTest(testing::Example("models/base/model.safetensors"));
  auto t = ByName(*r);
  EXPECT_TRUE(Read(*t.at("tok_embeddings.weight")) == st.at("model.embed_tokens.weight").bytes);
  EXPECT_TRUE(Read(*t.at("norm.weight")) == st.at("model.norm.weight").bytes);
  const std::pair<const char*, const char*> plain[] = {
      {"attention_norm.weight", "input_layernorm.weight"},
      {"ffn_norm.weight", "post_attention_layernorm.weight"},
      {"attention.wv.weight", "self_attn.v_proj.weight"},
      {"attention.wo.weight", "self_attn.o_proj.weight"},
      {"feed_forward.w1.weight", "mlp.gate_proj.weight"},
      {"feed_forward.w2.weight", "mlp.down_proj.weight"},
      {"feed_forward.w3.weight", "mlp.up_proj.weight"},
  };
  for (int l = 0; l < 5; ++l) {
    std::string L = std::to_string(l);
    for (auto [ours, hf] : plain) {
      EXPECT_TRUE(Read(*t.at("layers." + L + "." + ours)) ==
                  st.at("model.layers." + L + "." + hf).bytes)
          << ours << " layer " << l;
    }
    const std::pair<const char*, const char*> qk[] = {
        {"attention.wq.weight", "self_attn.q_proj.weight"},
        {"attention.wk.weight", "self_attn.k_proj.weight"}};
    for (auto [ours, hf] : qk) {
      const TensorInfo* mine = t.at("layers." + L + "." + ours);
      const auto& hf_bytes = st.at("model.layers." + L + "." + hf).bytes;
      std::vector<uint8_t> interleaved(hf_bytes.size());
      uint32_t heads = std::string(ours).find("wq") != std::string::npos ? 8 : 4;
      ASSERT_TRUE(
          PermuteQKRowsForGguf(hf_bytes.data(), mine->shape[0], 64 * 4, heads, interleaved.data())
              .ok());
      std::vector<uint8_t> got = Read(*mine);
      EXPECT_FALSE(got == hf_bytes);
      EXPECT_TRUE(got == interleaved) << ours << " layer " << l;
    }
  }
}

// A tiny model whose every tensor is filled with a value identifying it, written in the order
// FORMATS.md §3 gives for each version.
struct Tiny {
  int32_t dim = 8, hidden = 12, layers = 2, heads = 4, kv_heads = 2, vocab = 10, seq = 6;
  bool shared = true;
  int32_t kv_dim() const { return dim * kv_heads / heads; }
};

void Fill(Bytes* b, std::map<std::string, std::vector<float>>* expect, const std::string& name,
          size_t n) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>(expect->size() * 1000 + i);
  for (float x : v) b->F32(x);
  (*expect)[name] = v;
}

void FillLayers(Bytes* b, std::map<std::string, std::vector<float>>* expect, const Tiny& m,
                const char* suffix, size_t n) {
  for (int l = 0; l < m.layers; ++l)
    Fill(b, expect, "layers." + std::to_string(l) + "." + suffix, n);
}

void FillMatrices(Bytes* b, std::map<std::string, std::vector<float>>* e, const Tiny& m) {
  size_t d = m.dim, h = m.hidden, kv = m.kv_dim();
  Fill(b, e, "tok_embeddings.weight", m.vocab * d);
  FillLayers(b, e, m, "attention.wq.weight", d * d);
  FillLayers(b, e, m, "attention.wk.weight", kv * d);
  FillLayers(b, e, m, "attention.wv.weight", kv * d);
  FillLayers(b, e, m, "attention.wo.weight", d * d);
  FillLayers(b, e, m, "feed_forward.w1.weight", h * d);
  FillLayers(b, e, m, "feed_forward.w2.weight", d * h);
  FillLayers(b, e, m, "feed_forward.w3.weight", h * d);
  if (!m.shared) Fill(b, e, "output.weight", m.vocab * d);
}

Bytes V0(const Tiny& m, std::map<std::string, std::vector<float>>* e) {
  Bytes b;
  b.I32(m.dim)
      .I32(m.hidden)
      .I32(m.layers)
      .I32(m.heads)
      .I32(m.kv_heads)
      .I32(m.shared ? m.vocab : -m.vocab)
      .I32(m.seq);
  size_t d = m.dim, h = m.hidden, kv = m.kv_dim();
  Fill(&b, e, "tok_embeddings.weight", m.vocab * d);
  FillLayers(&b, e, m, "attention_norm.weight", d);
  FillLayers(&b, e, m, "attention.wq.weight", d * d);
  FillLayers(&b, e, m, "attention.wk.weight", kv * d);
  FillLayers(&b, e, m, "attention.wv.weight", kv * d);
  FillLayers(&b, e, m, "attention.wo.weight", d * d);
  FillLayers(&b, e, m, "ffn_norm.weight", d);
  FillLayers(&b, e, m, "feed_forward.w1.weight", h * d);
  FillLayers(&b, e, m, "feed_forward.w2.weight", d * h);
  FillLayers(&b, e, m, "feed_forward.w3.weight", h * d);
  Fill(&b, e, "norm.weight", d);
  for (int i = 0; i < 2 * m.seq * (m.dim / m.heads / 2); ++i) b.F32(-1.0f);  // RoPE tables
  if (!m.shared) Fill(&b, e, "output.weight", m.vocab * d);
  return b;
}

Bytes V1Header(const Tiny& m, int32_t version) {
  Bytes b;
  b.U32(kLlama2cMagic).I32(version);
  b.I32(m.dim).I32(m.hidden).I32(m.layers).I32(m.heads).I32(m.kv_heads).I32(m.vocab).I32(m.seq);
  b.U8(m.shared ? 1 : 0);
  return b;
}

Bytes V1(const Tiny& m, std::map<std::string, std::vector<float>>* e) {
  Bytes b = V1Header(m, 1);
  b.PadTo(256);
  FillLayers(&b, e, m, "attention_norm.weight", m.dim);
  FillLayers(&b, e, m, "ffn_norm.weight", m.dim);
  Fill(&b, e, "norm.weight", m.dim);
  FillMatrices(&b, e, m);
  return b;
}

void ExpectTensorsMatch(const Checkpoint& c,
                        const std::map<std::string, std::vector<float>>& expect) {
  ASSERT_EQ(c.tensors.size(), expect.size());
  for (const TensorInfo& t : c.tensors) {
    ASSERT_TRUE(expect.count(t.name)) << t.name;
    EXPECT_EQ(testing::AsFloats(Read(t)), expect.at(t.name)) << t.name;
  }
}

TEST(Llama2cTest, V0AndV1SharedAndUnsharedLayouts) {
  for (int version : {0, 1}) {
    for (bool shared : {true, false}) {
      SCOPED_TRACE("v" + std::to_string(version) + (shared ? " shared" : " unshared"));
      Tiny m;
      m.shared = shared;
      std::map<std::string, std::vector<float>> expect;
      Bytes b = version == 0 ? V0(m, &expect) : V1(m, &expect);
      auto r = ParseLlama2c(MakeMemorySource("tiny.bin", b.data));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(r->metadata.at("version").AsInt(), version);
      EXPECT_EQ(r->metadata.at("shared_classifier").b, shared);
      EXPECT_EQ(r->metadata.at("vocab_size").AsInt(), 10);
      EXPECT_EQ(r->tensors.front().offset, version == 0 ? 28u : 256u);
      ExpectTensorsMatch(*r, expect);
    }
  }
}

TEST(Llama2cTest, V1OfStories260KReadsBackItsValues) {
  // Re-export stories260K as v1 (the order of FORMATS.md §3) and compare with the v0 original.
  auto v0 = OpenLlama2c(testing::TestData(kStories));
  ASSERT_TRUE(v0.ok());
  auto t = ByName(*v0);
  Tiny m{64, 172, 5, 8, 4, 512, 512, true};
  Bytes b = V1Header(m, 1);
  b.PadTo(256);
  std::vector<std::string> order;
  for (const char* s : {"attention_norm.weight", "ffn_norm.weight"}) {
    for (int l = 0; l < 5; ++l) order.push_back("layers." + std::to_string(l) + "." + s);
  }
  order.push_back("norm.weight");
  order.push_back("tok_embeddings.weight");
  for (const char* s :
       {"attention.wq.weight", "attention.wk.weight", "attention.wv.weight", "attention.wo.weight",
        "feed_forward.w1.weight", "feed_forward.w2.weight", "feed_forward.w3.weight"}) {
    for (int l = 0; l < 5; ++l) order.push_back("layers." + std::to_string(l) + "." + s);
  }
  for (const std::string& name : order) {
    std::vector<uint8_t> bytes = Read(*t.at(name));
    b.data.insert(b.data.end(), bytes.begin(), bytes.end());
  }
  auto v1 = ParseLlama2c(MakeMemorySource("stories-v1.bin", b.data));
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  ASSERT_EQ(v1->tensors.size(), v0->tensors.size());
  for (const TensorInfo& x : v1->tensors) {
    EXPECT_EQ(x.shape, t.at(x.name)->shape) << x.name;
    EXPECT_TRUE(Read(x) == Read(*t.at(x.name))) << x.name;
  }
}

TEST(Llama2cTest, V2CodesAndScalesPerTensor) {
  Tiny m;
  m.shared = false;
  const int32_t group = 4;
  Bytes b = V1Header(m, 2);
  b.I32(group).PadTo(256);
  std::map<std::string, std::vector<float>> norms;
  FillLayers(&b, &norms, m, "attention_norm.weight", m.dim);
  FillLayers(&b, &norms, m, "ffn_norm.weight", m.dim);
  Fill(&b, &norms, "norm.weight", m.dim);
  // Quantised tensors as llama2.c's export.py writes them: per tensor, codes then scales.
  std::map<std::string, std::vector<float>> shapes_as_floats;
  Bytes unused;
  FillMatrices(&unused, &shapes_as_floats, m);  // names and sizes in file order
  std::vector<std::pair<std::string, size_t>> order;
  for (const auto& [name, v] : shapes_as_floats) order.emplace_back(name, v.size());
  std::sort(order.begin(), order.end(), [&](auto& a, auto& c) {
    return shapes_as_floats[a.first][0] <
           shapes_as_floats[c.first][0];  // Fill's first value = file order
  });
  std::map<std::string, std::vector<uint8_t>> codes;
  std::map<std::string, std::vector<float>> scales;
  int k = 0;
  for (const auto& [name, n] : order) {
    for (size_t i = 0; i < n; ++i) codes[name].push_back(static_cast<uint8_t>(k * 7 + i));
    for (size_t g = 0; g < n / group; ++g) scales[name].push_back(0.5f * k + g);
    b.data.insert(b.data.end(), codes[name].begin(), codes[name].end());
    for (float s : scales[name]) b.F32(s);
    ++k;
  }
  auto r = ParseLlama2c(MakeMemorySource("v2.bin", b.data));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->metadata.at("group_size").AsInt(), group);
  auto t = ByName(*r);
  for (const auto& [name, v] : norms) EXPECT_EQ(testing::AsFloats(Read(*t.at(name))), v) << name;
  for (const auto& [name, n] : order) {
    const TensorInfo* q = t.at(name + "_q8");
    const TensorInfo* s = t.at(name + "_scale");
    EXPECT_EQ(q->dtype, DType::kI8);
    EXPECT_EQ(s->dtype, DType::kF32);
    EXPECT_EQ(s->shape, (std::vector<uint64_t>{n / group}));
    EXPECT_EQ(Read(*q), codes[name]) << name;
    EXPECT_EQ(testing::AsFloats(Read(*s)), scales[name]) << name;
  }
  EXPECT_EQ(t.at("output.weight_q8")->shape, (std::vector<uint64_t>{10, 8}));
}

void ExpectCorrupt(const std::vector<uint8_t>& bytes, const std::string& fragment) {
  auto r = ParseLlama2c(MakeMemorySource("bad.bin", bytes));
  ASSERT_FALSE(r.ok()) << fragment;
  EXPECT_NE(r.status().message().find("bad.bin"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("offset"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().message();
}

TEST(Llama2cBadInputTest, SizeMismatch) {
  std::vector<uint8_t> stories = testing::ReadFile(testing::TestData(kStories));
  std::vector<uint8_t> shorter(stories.begin(), stories.end() - 4);
  ExpectCorrupt(shorter, "implies 1056540 bytes, the file has 1056536");
  std::vector<uint8_t> longer = stories;
  longer.push_back(0);
  ExpectCorrupt(longer, "the file has 1056541");
  for (size_t len : {0, 3, 27}) {
    ExpectCorrupt(std::vector<uint8_t>(stories.begin(), stories.begin() + static_cast<long>(len)),
                  "truncated");
  }
  Tiny m;
  std::map<std::string, std::vector<float>> e;
  Bytes v1 = V1(m, &e);
  v1.data.resize(200);
  ExpectCorrupt(v1.data, "truncated");
}

TEST(Llama2cBadInputTest, NonPositiveAndInconsistentDims) {
  auto header = [](std::vector<int32_t> f) {
    Bytes b;
    for (int32_t x : f) b.I32(x);
    b.Zeros(64);
    return b.data;
  };
  ExpectCorrupt(header({0, 12, 2, 4, 2, 10, 6}), "dim = 0");
  ExpectCorrupt(header({8, -12, 2, 4, 2, 10, 6}), "hidden_dim = -12");
  ExpectCorrupt(header({8, 12, 2, 4, 2, 10, -6}), "seq_len = -6");
  ExpectCorrupt(header({8, 12, 2, 4, 2, 0, 6}), "vocab_size = 0");
  ExpectCorrupt(header({8, 12, 2, 4, 2, INT32_MIN, 6}), "vocab_size");
  ExpectCorrupt(header({8, 12, 2, 3, 2, 10, 6}), "do not divide");
  ExpectCorrupt(header({8, 12, 2, 4, 3, 10, 6}), "do not divide");
}

TEST(Llama2cBadInputTest, OverflowingSizes) {
  Bytes b;
  b.I32(INT32_MAX - 1)
      .I32(INT32_MAX)
      .I32(INT32_MAX)
      .I32(2)
      .I32(1)
      .I32(INT32_MAX)
      .I32(INT32_MAX)
      .Zeros(64);
  ExpectCorrupt(b.data, "more than 2^64");
}

TEST(Llama2cBadInputTest, VersionsAndGroups) {
  Tiny m;
  Bytes v3 = V1Header(m, 3);
  v3.PadTo(256);
  auto r = ParseLlama2c(MakeMemorySource("v3.bin", v3.data));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnsupported);
  Bytes g0 = V1Header(m, 2);
  g0.I32(0).PadTo(256);
  ExpectCorrupt(g0.data, "group_size 0");
  Bytes g5 = V1Header(m, 2);
  g5.I32(5).PadTo(256).Zeros(4096);
  ExpectCorrupt(g5.data, "does not divide");
  Bytes flag = V1Header(m, 1);
  flag.data[36] = 7;
  flag.PadTo(256);
  ExpectCorrupt(flag.data, "flag 7");
}

}  // namespace
}  // namespace lineage
