#include "arch/param_count.h"

#include <gtest/gtest.h>

#include "test_util.h"
#include "util/json.h"

namespace lineage {
namespace {

ParamEstimate Estimate(const std::string& json_text) {
  auto j = ParseJson(json_text, "inline");
  EXPECT_TRUE(j.ok());
  auto c = ArchConfigFromJson(*j, "inline");
  auto e = EstimateParameters(*c);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return e.ok() ? *e : ParamEstimate{};
}

// The shipped example's count is stated in examples/models/MANIFEST.md: 260,032 parameters.
TEST(ParamCountTest, ShippedExampleMatchesManifestExactly) {
  auto c = LoadArchConfig(testing::Example("models/base"));
  ASSERT_TRUE(c.ok());
  auto e = EstimateParameters(*c);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->total, 260032);
  EXPECT_EQ(e->active, e->total);
}

// Published sizes: Llama-3.1-8B 8.03B; Mistral-7B 7.25B.
TEST(ParamCountTest, DenseModelsMatchPublishedSizes) {
  auto llama = LoadArchConfig(testing::TestData("configs/llama-3.1-8b"));
  ASSERT_TRUE(llama.ok());
  auto e = EstimateParameters(*llama);
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(e->total / 1e9, 8.03, 0.01);
  auto mistral = LoadArchConfig(testing::TestData("configs/mistral-7b-instruct-v0.3"));
  auto m = EstimateParameters(*mistral);
  EXPECT_NEAR(m->total / 1e9, 7.25, 0.01);
}

// Mixtral-8x7B: 46.7B total, 12.9B active (Mistral AI's announcement).
TEST(ParamCountTest, MixtralTotalAndActive) {
  ParamEstimate e =
      Estimate(R"({"model_type": "mixtral", "hidden_size": 4096, "num_hidden_layers": 32,
    "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 32000,
    "num_local_experts": 8, "num_experts_per_tok": 2, "tie_word_embeddings": false})");
  EXPECT_TRUE(e.moe);
  EXPECT_NEAR(e.total / 1e9, 46.7, 0.1);
  EXPECT_NEAR(e.active / 1e9, 12.9, 0.1);
}

// DeepSeek-V3: 671B total, 37B activated (technical report), MTP module excluded.
TEST(ParamCountTest, DeepSeekV3WithMla) {
  ParamEstimate e =
      Estimate(R"({"model_type": "deepseek_v3", "hidden_size": 7168, "num_hidden_layers": 61,
    "num_attention_heads": 128, "num_key_value_heads": 128, "intermediate_size": 18432,
    "moe_intermediate_size": 2048, "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8,
    "first_k_dense_replace": 3, "moe_layer_freq": 1, "q_lora_rank": 1536, "kv_lora_rank": 512,
    "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128, "vocab_size": 129280,
    "num_nextn_predict_layers": 1, "tie_word_embeddings": false})");
  EXPECT_NEAR(e.total / 1e9, 671, 671 * 0.01);
  EXPECT_NEAR(e.active / 1e9, 37, 37 * 0.03);
  EXPECT_GT(e.mtp_excluded, 0);
}

TEST(ParamCountTest, RefusesIncompleteOrAbsurdConfigs) {
  auto j = ParseJson(R"({"model_type": "llama", "hidden_size": 4096})", "x");
  EXPECT_FALSE(EstimateParameters(*ArchConfigFromJson(*j, "x")).ok());
  auto huge = ParseJson(R"({"model_type": "llama", "hidden_size": 1e9, "num_hidden_layers": 1e6,
    "num_attention_heads": 8, "vocab_size": 1000})",
                        "y");
  EXPECT_FALSE(EstimateParameters(*ArchConfigFromJson(*huge, "y")).ok());
}

}  // namespace
}  // namespace lineage
