#include "arch/config.h"

#include <gtest/gtest.h>

#include "test_util.h"
#include "util/json.h"

namespace lineage {
namespace {

using testing::Example;
using testing::TestData;

ArchConfig Parse(const std::string& text) {
  auto j = ParseJson(text, "inline.json");
  EXPECT_TRUE(j.ok());
  auto c = ArchConfigFromJson(*j, "inline.json");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(c).value();
}

TEST(ArchConfigTest, ReadsShippedLlamaExample) {
  auto c = LoadArchConfig(Example("models/base"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->family, "llama");
  EXPECT_EQ(c->Int("hidden_size"), 64);
  EXPECT_EQ(c->Int("num_layers"), 5);
  EXPECT_EQ(c->Int("num_heads"), 8);
  EXPECT_EQ(c->Int("num_kv_heads"), 4);
  EXPECT_EQ(c->Int("head_dim"), 8);
  EXPECT_EQ(c->Int("intermediate_size"), 172);
  EXPECT_EQ(c->Int("vocab_size"), 512);
  EXPECT_EQ(c->Int("rope.theta"), 10000);  // 10000.0 normalised to an integer
  EXPECT_EQ(*c->Get("norm.type"), "rmsnorm");
  EXPECT_EQ(*c->Get("tie_embeddings"), true);
  EXPECT_EQ(*c->Get("activation"), "silu");
}

TEST(ArchConfigTest, ChatGlmNamesAreNormalised) {
  auto c = LoadArchConfig(TestData("configs/codegeex2-6b/config.json"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->family, "chatglm");
  EXPECT_EQ(c->Int("num_layers"), 28);
  EXPECT_EQ(c->Int("vocab_size"), 65024);         // padded_vocab_size
  EXPECT_EQ(c->Int("intermediate_size"), 13696);  // ffn_hidden_size
  EXPECT_EQ(c->Int("num_kv_heads"), 2);           // multi_query_group_num
  EXPECT_EQ(c->Int("head_dim"), 128);             // kv_channels
  EXPECT_EQ(*c->Get("rope.partial_rotary_factor"), 0.5);
  EXPECT_EQ(*c->Get("attention_bias"), true);  // add_qkv_bias
  EXPECT_EQ(*c->Get("norm.type"), "rmsnorm");
  EXPECT_FALSE(c->remote_code.empty());  // auto_map listed, never run
}

TEST(ArchConfigTest, MlaAndLongRopeFromMiniCpm3) {
  auto c = LoadArchConfig(TestData("configs/minicpm3-4b/config.json"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->Int("mla.q_lora_rank"), 768);
  EXPECT_EQ(c->Int("mla.kv_lora_rank"), 256);
  EXPECT_EQ(c->Int("mla.qk_rope_head_dim"), 32);
  EXPECT_EQ(*c->Get("rope.type"), "longrope");
  ASSERT_TRUE(c->Get("rope.long_factor")->is_array());
  EXPECT_EQ(c->Get("rope.long_factor")->size(), 16u);
  EXPECT_EQ(*c->Get("extra.scale_depth"), 1.4);  // MiniCPM extras kept
}

TEST(ArchConfigTest, ParamsJsonMatchesHfConfigOfSameModel) {
  auto p = LoadArchConfig(TestData("configs/mistral-7b-instruct-v0.3/params.json"));
  auto h = LoadArchConfig(TestData("configs/mistral-7b-instruct-v0.3/config.json"));
  ASSERT_TRUE(p.ok() && h.ok());
  for (const char* k : {"hidden_size", "num_layers", "num_heads", "num_kv_heads", "head_dim",
                        "intermediate_size", "vocab_size", "rope.theta"}) {
    ASSERT_NE(p->Get(k), nullptr) << k;
    ASSERT_NE(h->Get(k), nullptr) << k;
    EXPECT_EQ(*p->Get(k), *h->Get(k)) << k;
  }
}

TEST(ArchConfigTest, VisionTowerAndQuantisationFromQwenVl) {
  auto c = LoadArchConfig(TestData("configs/qwen-vl-chat-int4/config.json"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->family, "qwen");
  EXPECT_EQ(c->Int("vision.num_layers"), 48);
  EXPECT_EQ(c->Int("vision.hidden_size"), 1664);
  EXPECT_EQ(*c->Get("quantization"), "gptq 4-bit");
  EXPECT_EQ(*c->Get("attention_bias"), false);  // no_bias: true
  EXPECT_EQ(c->Int("rope.theta"), 10000);       // rotary_emb_base
}

TEST(ArchConfigTest, NestedTextConfigAndRopeParameters) {
  ArchConfig c =
      Parse(R"({"model_type": "gemma3", "architectures": ["Gemma3ForConditionalGeneration"],
    "text_config": {"model_type": "gemma3_text", "hidden_size": 2560, "num_hidden_layers": 34,
      "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256, "vocab_size": 262208,
      "rope_parameters": {"full_attention": {"rope_type": "linear", "factor": 8.0, "rope_theta": 1000000.0}}},
    "vision_config": {"model_type": "siglip_vision_model", "hidden_size": 1152, "num_hidden_layers": 27},
    "dtype": "bfloat16"})");
  EXPECT_EQ(c.family, "gemma3_text");
  EXPECT_EQ(c.Int("hidden_size"), 2560);
  EXPECT_EQ(*c.Get("rope.type"), "linear");
  EXPECT_EQ(c.Int("rope.factor"), 8);
  EXPECT_EQ(c.Int("rope.theta"), 1000000);
  EXPECT_EQ(*c.Get("vision.model_type"), "siglip_vision_model");
  EXPECT_EQ(*c.Get("dtype"), "bfloat16");
  EXPECT_EQ(c.Int("norm.offset"), 1);
  EXPECT_TRUE(c.implied.count("norm.offset"));
}

TEST(ArchConfigTest, DeepSeekMoeFieldsAndNullQLora) {
  ArchConfig c =
      Parse(R"({"model_type": "deepseek_v2", "hidden_size": 2048, "num_hidden_layers": 27,
    "num_attention_heads": 16, "n_routed_experts": 64, "n_shared_experts": 2, "num_experts_per_tok": 6,
    "moe_intermediate_size": 1408, "first_k_dense_replace": 1, "q_lora_rank": null,
    "kv_lora_rank": 512, "vocab_size": 102400})");
  EXPECT_EQ(c.Int("moe.num_experts"), 64);
  EXPECT_EQ(c.Int("moe.shared_experts"), 2);
  EXPECT_EQ(c.Int("moe.intermediate_size"), 1408);
  EXPECT_EQ(*c.Get("mla.q_lora_rank"), "none");
  EXPECT_EQ(c.Get("num_kv_heads"), nullptr);  // MLA: no implied MHA kv heads
}

TEST(ArchConfigTest, GgufMetadataKeys) {
  auto c = LoadArchConfig(TestData("configs/ollama-gguf-fingerprints/gemma-2b-it.json"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->family, "gemma");
  EXPECT_EQ(c->Int("num_layers"), 18);
  EXPECT_EQ(c->Int("num_kv_heads"), 1);
  EXPECT_EQ(c->Int("head_dim"), 256);
  EXPECT_EQ(*c->Get("norm.type"), "rmsnorm");
}

TEST(ArchConfigTest, Gpt2IsUngatedLayerNormWithLearnedPositions) {
  ArchConfig c = Parse(R"({"model_type": "gpt2", "n_embd": 768, "n_layer": 12, "n_head": 12,
    "vocab_size": 50257, "n_positions": 1024, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5})");
  EXPECT_EQ(c.Int("hidden_size"), 768);
  EXPECT_EQ(*c.Get("mlp.gated"), false);
  EXPECT_EQ(*c.Get("norm.type"), "layernorm");
  EXPECT_EQ(*c.Get("position.type"), "learned");
  EXPECT_EQ(c.Int("head_dim"), 64);
}

TEST(ArchConfigTest, WrongTypesAreIgnoredNotFatal) {
  ArchConfig c = Parse(R"({"model_type": 7, "hidden_size": {"x": 1}, "num_hidden_layers": "abc",
    "rope_scaling": [1, 2], "auto_map": 3, "vocab_size": [null]})");
  EXPECT_EQ(c.family, "unknown");
  EXPECT_EQ(c.Get("hidden_size"), nullptr);
  EXPECT_FALSE(c.notes.empty());
}

TEST(ArchConfigTest, MissingAndCorruptFilesAreErrorsNamingTheFile) {
  auto missing = LoadArchConfig("/nonexistent/config.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/config.json"), std::string::npos);
  std::string dir = testing::TempDir("archcfg");
  testing::WriteFile(dir + "/config.json", std::string("{\"hidden_size\": 4096,"));
  auto bad = LoadArchConfig(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(bad.status().message().find("config.json"), std::string::npos);
  auto empty_dir = LoadArchConfig(testing::TempDir("archcfg-empty"));
  EXPECT_EQ(empty_dir.status().code(), Status::Code::kNotFound);
  auto not_object = ArchConfigFromJson(nlohmann::json::array(), "arr.json");
  EXPECT_FALSE(not_object.ok());
}

TEST(ArchConfigTest, FormatValueIsReadable) {
  EXPECT_EQ(FormatValue(nlohmann::json(1e-5)), "1e-05");
  EXPECT_EQ(FormatValue(nlohmann::json(4096)), "4096");
  EXPECT_EQ(FormatValue(nlohmann::json::array({1, 2, 3, 4, 5, 6})), "[1, 2, ... 6] (6 values)");
}

}  // namespace
}  // namespace lineage
