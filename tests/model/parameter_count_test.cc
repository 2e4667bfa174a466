// Parameter counts, including MoE active parameters, on small generated checkpoints whose
// totals are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <numeric>

#include "format/gguf_writer.h"
#include "format/safetensors_writer.h"
#include "model/model.h"
#include "test_util.h"

namespace lineage {
namespace {

// One block, d = 8, 2 heads / 1 KV head (D = 4), vocab 10, 4 experts of width 16, top-2.
// embed 80 + lm_head 80 + final norm 8 + attn/mlp norms 16 + q 64 + k 32 + v 32 + o 64
// + router 32 + 4 experts × (3 × 128) = 1944; active = 1944 − 1536 × (1 − 2/4) = 1176.
constexpr uint64_t kTotal = 1944, kActive = 1176;

std::vector<float> Iota(size_t n, float start) {
  std::vector<float> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

TEST(ParameterCount, MixtralStyleActiveParameters) {
  std::vector<WriterTensor> ts;
  auto add = [&](std::string name, std::vector<uint64_t> shape) {
    WriterTensor t;
    t.name = std::move(name);
    t.dtype = DType::kF32;
    t.shape = shape;
    uint64_t n = 1;
    for (uint64_t s : shape) n *= s;
    t.data.assign(n * 4, 0);
    ts.push_back(std::move(t));
  };
  add("model.embed_tokens.weight", {10, 8});
  add("lm_head.weight", {10, 8});
  add("model.norm.weight", {8});
  add("model.layers.0.input_layernorm.weight", {8});
  add("model.layers.0.post_attention_layernorm.weight", {8});
  add("model.layers.0.self_attn.q_proj.weight", {8, 8});
  add("model.layers.0.self_attn.k_proj.weight", {4, 8});
  add("model.layers.0.self_attn.v_proj.weight", {4, 8});
  add("model.layers.0.self_attn.o_proj.weight", {8, 8});
  add("model.layers.0.block_sparse_moe.gate.weight", {4, 8});
  for (int e = 0; e < 4; ++e) {
    std::string p = "model.layers.0.block_sparse_moe.experts." + std::to_string(e) + ".";
    add(p + "w1.weight", {16, 8});
    add(p + "w3.weight", {16, 8});
    add(p + "w2.weight", {8, 16});
  }
  std::string dir = testing::TempDir("mixtral");
  ASSERT_TRUE(WriteSafetensors(dir + "/model.safetensors", ts).ok());
  testing::WriteFile(dir + "/config.json",
                     std::string(R"({"model_type": "mixtral", "hidden_size": 8,
      "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1,
      "num_local_experts": 4, "num_experts_per_tok": 2})"));
  auto m = LoadModel(dir);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ParameterCount pc = CountParameters(*m);
  EXPECT_EQ(pc.total, kTotal);
  ASSERT_TRUE(pc.active.has_value());
  EXPECT_EQ(*pc.active, kActive);
  EXPECT_EQ(pc.by_role["expert.gate"], 4u * 128);
  EXPECT_EQ(pc.by_role["router"], 32u);

  // Without k in the config, the active count is unknown rather than guessed.
  testing::WriteFile(dir + "/config.json", std::string(R"({"model_type": "mixtral"})"));
  auto unknown = LoadModel(dir);
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(CountParameters(*unknown).active.has_value());
}

TEST(ParameterCount, GgufStackedExpertsSplitIntoExperts) {
  GgufWriter w;
  w.AddString("general.architecture", "llama");
  w.AddU32("llama.block_count", 1);
  w.AddU32("llama.embedding_length", 8);
  w.AddU32("llama.attention.head_count", 2);
  w.AddU32("llama.attention.head_count_kv", 1);
  w.AddU32("llama.expert_count", 4);
  w.AddU32("llama.expert_used_count", 2);
  auto f32 = [&](const char* name, std::vector<uint64_t> shape, float start) {
    uint64_t n = 1;
    for (uint64_t s : shape) n *= s;
    std::vector<float> v = Iota(n, start);
    ASSERT_TRUE(w.AddTensorF32(name, shape, v, DType::kF32).ok()) << name;
  };
  f32("token_embd.weight", {10, 8}, 0);
  f32("output.weight", {10, 8}, 0);
  f32("output_norm.weight", {8}, 0);
  f32("blk.0.attn_norm.weight", {8}, 0);
  f32("blk.0.ffn_norm.weight", {8}, 0);
  f32("blk.0.attn_q.weight", {8, 8}, 0);
  f32("blk.0.attn_k.weight", {4, 8}, 0);
  f32("blk.0.attn_v.weight", {4, 8}, 0);
  f32("blk.0.attn_output.weight", {8, 8}, 0);
  f32("blk.0.ffn_gate_inp.weight", {4, 8}, 0);
  f32("blk.0.ffn_gate_exps.weight", {4, 16, 8}, 0);
  f32("blk.0.ffn_up_exps.weight", {4, 16, 8}, 10000);
  f32("blk.0.ffn_down_exps.weight", {4, 8, 16}, 0);
  std::string path = testing::TempDir("gguf-moe") + "/moe.gguf";
  ASSERT_TRUE(w.WriteFile(path).ok());
  auto m = LoadModel(path);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ParameterCount pc = CountParameters(*m);
  EXPECT_EQ(pc.total, kTotal);
  EXPECT_EQ(*pc.active, kActive);
  // Expert 2's up projection is the third 16 × 8 slab of the stack.
  const ModelTensor* up2 = nullptr;
  for (const ModelTensor& t : m->tensors) {
    if (t.role == Role::kUp && t.expert == 2) up2 = &t;
  }
  ASSERT_NE(up2, nullptr);
  EXPECT_EQ(up2->shape, (std::vector<uint64_t>{16, 8}));
  auto v = ReadF32(*up2, 1000);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, Iota(128, 10000 + 2 * 128));
}

}  // namespace
}  // namespace lineage
