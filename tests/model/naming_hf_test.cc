#include "model/naming.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

struct Case {
  const char* name;
  const char* arch;
  Role role;
  int layer;
  int expert;
  bool shared;
  bool bias;
  const char* component;
  Fused fused;
};

TEST(NamingHf, Families) {
  const Case cases[] = {
      // Llama / Mistral
      {"model.embed_tokens.weight", "llama", Role::kEmbed, -1, -1, false, false, "trunk",
       Fused::kNone},
      {"lm_head.weight", "llama", Role::kLmHead, -1, -1, false, false, "trunk", Fused::kNone},
      {"model.norm.weight", "llama", Role::kFinalNorm, -1, -1, false, false, "trunk", Fused::kNone},
      {"model.layers.12.self_attn.q_proj.weight", "llama", Role::kQ, 12, -1, false, false, "trunk",
       Fused::kNone},
      {"model.layers.3.self_attn.k_proj.bias", "qwen2", Role::kK, 3, -1, false, true, "trunk",
       Fused::kNone},
      {"model.layers.0.self_attn.o_proj.weight", "mistral", Role::kO, 0, -1, false, false, "trunk",
       Fused::kNone},
      {"model.layers.0.input_layernorm.weight", "llama", Role::kAttnNorm, 0, -1, false, false,
       "trunk", Fused::kNone},
      {"model.layers.0.post_attention_layernorm.weight", "llama", Role::kMlpNorm, 0, -1, false,
       false, "trunk", Fused::kNone},
      {"model.layers.1.mlp.down_proj.weight", "llama", Role::kDown, 1, -1, false, false, "trunk",
       Fused::kNone},
      // Gemma-2/3: post_attention_layernorm follows the attention; pre_feedforward is the MLP norm
      {"model.layers.4.post_attention_layernorm.weight", "gemma2", Role::kPostAttnNorm, 4, -1,
       false, false, "trunk", Fused::kNone},
      {"model.layers.4.pre_feedforward_layernorm.weight", "gemma3_text", Role::kMlpNorm, 4, -1,
       false, false, "trunk", Fused::kNone},
      {"model.layers.4.post_feedforward_layernorm.weight", "gemma2", Role::kPostMlpNorm, 4, -1,
       false, false, "trunk", Fused::kNone},
      {"model.layers.4.post_attention_layernorm.weight", "gemma", Role::kMlpNorm, 4, -1, false,
       false, "trunk", Fused::kNone},
      // Qwen3 q/k norms, Gemma-3 multimodal prefix
      {"model.layers.2.self_attn.q_norm.weight", "qwen3", Role::kQNorm, 2, -1, false, false,
       "trunk", Fused::kNone},
      {"language_model.model.layers.2.self_attn.k_norm.weight", "gemma3", Role::kKNorm, 2, -1,
       false, false, "trunk", Fused::kNone},
      {"model.language_model.layers.5.mlp.gate_proj.weight", "gemma3", Role::kGate, 5, -1, false,
       false, "trunk", Fused::kNone},
      // Mixtral
      {"model.layers.7.block_sparse_moe.gate.weight", "mixtral", Role::kRouter, 7, -1, false, false,
       "trunk", Fused::kNone},
      {"model.layers.7.block_sparse_moe.experts.5.w1.weight", "mixtral", Role::kGate, 7, 5, false,
       false, "trunk", Fused::kNone},
      {"model.layers.7.block_sparse_moe.experts.5.w3.weight", "mixtral", Role::kUp, 7, 5, false,
       false, "trunk", Fused::kNone},
      {"model.layers.7.block_sparse_moe.experts.5.w2.weight", "mixtral", Role::kDown, 7, 5, false,
       false, "trunk", Fused::kNone},
      // Qwen2-MoE
      {"model.layers.1.mlp.gate.weight", "qwen2_moe", Role::kRouter, 1, -1, false, false, "trunk",
       Fused::kNone},
      {"model.layers.1.mlp.experts.59.up_proj.weight", "qwen2_moe", Role::kUp, 1, 59, false, false,
       "trunk", Fused::kNone},
      {"model.layers.1.mlp.shared_expert.down_proj.weight", "qwen2_moe", Role::kDown, 1, -1, true,
       false, "trunk", Fused::kNone},
      {"model.layers.1.mlp.shared_expert_gate.weight", "qwen2_moe", Role::kRouter, 1, -1, true,
       false, "trunk", Fused::kNone},
      // DeepSeek-V3 (MLA, shared experts, router bias)
      {"model.layers.3.self_attn.q_a_proj.weight", "deepseek_v3", Role::kQA, 3, -1, false, false,
       "trunk", Fused::kNone},
      {"model.layers.3.self_attn.q_a_layernorm.weight", "deepseek_v3", Role::kQANorm, 3, -1, false,
       false, "trunk", Fused::kNone},
      {"model.layers.3.self_attn.q_b_proj.weight", "deepseek_v3", Role::kQB, 3, -1, false, false,
       "trunk", Fused::kNone},
      {"model.layers.3.self_attn.kv_a_proj_with_mqa.weight", "deepseek_v3", Role::kKVA, 3, -1,
       false, false, "trunk", Fused::kNone},
      {"model.layers.3.self_attn.kv_a_layernorm.weight", "deepseek_v3", Role::kKVANorm, 3, -1,
       false, false, "trunk", Fused::kNone},
      {"model.layers.3.self_attn.kv_b_proj.weight", "deepseek_v3", Role::kKVB, 3, -1, false, false,
       "trunk", Fused::kNone},
      {"model.layers.3.mlp.gate.e_score_correction_bias", "deepseek_v3", Role::kRouterBias, 3, -1,
       false, false, "trunk", Fused::kNone},
      {"model.layers.3.mlp.shared_experts.gate_proj.weight", "deepseek_v3", Role::kGate, 3, -1,
       true, false, "trunk", Fused::kNone},
      {"model.layers.3.mlp.experts.255.down_proj.weight", "deepseek_v3", Role::kDown, 3, 255, false,
       false, "trunk", Fused::kNone},
      // Phi-3 fused
      {"model.layers.0.self_attn.qkv_proj.weight", "phi3", Role::kOther, 0, -1, false, false,
       "trunk", Fused::kQkv},
      {"model.layers.0.mlp.gate_up_proj.weight", "phi3", Role::kOther, 0, -1, false, false, "trunk",
       Fused::kGateUp},
      // GPT-2
      {"transformer.wte.weight", "gpt2", Role::kEmbed, -1, -1, false, false, "trunk", Fused::kNone},
      {"transformer.wpe.weight", "gpt2", Role::kPosEmbed, -1, -1, false, false, "trunk",
       Fused::kNone},
      {"transformer.ln_f.bias", "gpt2", Role::kFinalNorm, -1, -1, false, true, "trunk",
       Fused::kNone},
      {"transformer.h.11.attn.c_attn.weight", "gpt2", Role::kOther, 11, -1, false, false, "trunk",
       Fused::kQkv},
      {"transformer.h.11.attn.c_proj.weight", "gpt2", Role::kO, 11, -1, false, false, "trunk",
       Fused::kNone},
      {"transformer.h.11.mlp.c_fc.weight", "gpt2", Role::kUp, 11, -1, false, false, "trunk",
       Fused::kNone},
      {"transformer.h.11.mlp.c_proj.weight", "gpt2", Role::kDown, 11, -1, false, false, "trunk",
       Fused::kNone},
      {"transformer.h.11.ln_1.weight", "gpt2", Role::kAttnNorm, 11, -1, false, false, "trunk",
       Fused::kNone},
      {"transformer.h.11.ln_2.weight", "gpt2", Role::kMlpNorm, 11, -1, false, false, "trunk",
       Fused::kNone},
      // GPT-NeoX
      {"gpt_neox.embed_in.weight", "gpt_neox", Role::kEmbed, -1, -1, false, false, "trunk",
       Fused::kNone},
      {"embed_out.weight", "gpt_neox", Role::kLmHead, -1, -1, false, false, "trunk", Fused::kNone},
      {"gpt_neox.final_layer_norm.weight", "gpt_neox", Role::kFinalNorm, -1, -1, false, false,
       "trunk", Fused::kNone},
      {"gpt_neox.layers.2.attention.query_key_value.bias", "gpt_neox", Role::kOther, 2, -1, false,
       true, "trunk", Fused::kQkv},
      {"gpt_neox.layers.2.attention.dense.weight", "gpt_neox", Role::kO, 2, -1, false, false,
       "trunk", Fused::kNone},
      {"gpt_neox.layers.2.mlp.dense_h_to_4h.weight", "gpt_neox", Role::kUp, 2, -1, false, false,
       "trunk", Fused::kNone},
      {"gpt_neox.layers.2.mlp.dense_4h_to_h.weight", "gpt_neox", Role::kDown, 2, -1, false, false,
       "trunk", Fused::kNone},
      {"gpt_neox.layers.2.post_attention_layernorm.weight", "gpt_neox", Role::kMlpNorm, 2, -1,
       false, false, "trunk", Fused::kNone},
      // Falcon
      {"transformer.word_embeddings.weight", "falcon", Role::kEmbed, -1, -1, false, false, "trunk",
       Fused::kNone},
      {"transformer.h.0.self_attention.query_key_value.weight", "falcon", Role::kOther, 0, -1,
       false, false, "trunk", Fused::kQkv},
      {"transformer.h.0.self_attention.dense.weight", "falcon", Role::kO, 0, -1, false, false,
       "trunk", Fused::kNone},
      {"transformer.h.0.ln_attn.weight", "falcon", Role::kAttnNorm, 0, -1, false, false, "trunk",
       Fused::kNone},
      {"transformer.h.0.ln_mlp.weight", "falcon", Role::kMlpNorm, 0, -1, false, false, "trunk",
       Fused::kNone},
      // ChatGLM packs gate and up in dense_h_to_4h
      {"transformer.encoder.layers.0.mlp.dense_h_to_4h.weight", "chatglm", Role::kOther, 0, -1,
       false, false, "trunk", Fused::kGateUp},
      // Vision towers and projectors keep internal roles in their own component
      {"vision_tower.vision_model.encoder.layers.3.self_attn.q_proj.weight", "llava", Role::kQ, 3,
       -1, false, false, "vision", Fused::kNone},
      {"model.visual.blocks.7.attn.qkv.weight", "qwen2_vl", Role::kOther, 7, -1, false, false,
       "vision", Fused::kQkv},
      {"multi_modal_projector.linear_1.weight", "llava", Role::kOther, -1, -1, false, false,
       "projector", Fused::kNone},
      {"audio_tower.layers.0.fc1.weight", "qwen2_audio", Role::kUp, 0, -1, false, false, "audio",
       Fused::kNone},
      // Towers with ungated MLPs and fused qkv (names from tests/data/configs: MiniCPM-V-2's
      // SigLIP `vpm`, Qwen-VL's OpenCLIP `visual.transformer.resblocks`)
      {"vpm.blocks.0.attn.qkv.weight", "minicpmv", Role::kOther, 0, -1, false, false, "vision",
       Fused::kQkv},
      {"vpm.blocks.0.attn.proj.weight", "minicpmv", Role::kO, 0, -1, false, false, "vision",
       Fused::kNone},
      {"vpm.blocks.0.mlp.fc1.weight", "minicpmv", Role::kUp, 0, -1, false, false, "vision",
       Fused::kNone},
      {"vpm.blocks.0.mlp.fc2.weight", "minicpmv", Role::kDown, 0, -1, false, false, "vision",
       Fused::kNone},
      {"vpm.blocks.0.norm2.weight", "minicpmv", Role::kMlpNorm, 0, -1, false, false, "vision",
       Fused::kNone},
      {"transformer.visual.transformer.resblocks.5.attn.in_proj.weight", "qwen", Role::kOther, 5,
       -1, false, false, "vision", Fused::kQkv},
      {"transformer.visual.transformer.resblocks.5.attn.in_proj_weight", "qwen", Role::kOther, 5,
       -1, false, false, "vision", Fused::kQkv},
      {"transformer.visual.transformer.resblocks.5.attn.in_proj_bias", "qwen", Role::kOther, 5, -1,
       false, true, "vision", Fused::kQkv},
      {"transformer.visual.transformer.resblocks.5.attn.out_proj.weight", "qwen", Role::kO, 5, -1,
       false, false, "vision", Fused::kNone},
      {"transformer.visual.transformer.resblocks.5.mlp.c_fc.weight", "qwen", Role::kUp, 5, -1,
       false, false, "vision", Fused::kNone},
      {"transformer.visual.transformer.resblocks.5.mlp.c_proj.weight", "qwen", Role::kDown, 5, -1,
       false, false, "vision", Fused::kNone},
      {"transformer.visual.transformer.resblocks.5.ln_2.weight", "qwen", Role::kMlpNorm, 5, -1,
       false, false, "vision", Fused::kNone},
      // `in_proj` outside attention (Mamba's mixer) is not a qkv
      {"backbone.layers.0.mixer.in_proj.weight", "mamba", Role::kOther, 0, -1, false, false,
       "trunk", Fused::kNone},
      // GPT-OSS stacks experts under HF names: left unmapped, not taken for a dense MLP
      {"model.layers.0.mlp.experts.down_proj", "gpt_oss", Role::kOther, 0, -1, false, false,
       "trunk", Fused::kNone},
      {"model.layers.0.mlp.experts.gate_up_proj_bias", "gpt_oss", Role::kOther, 0, -1, false, false,
       "trunk", Fused::kNone},
      // Unknown names stay kOther
      {"model.layers.0.self_attn.rotary_emb.inv_freq", "llama", Role::kOther, 0, -1, false, false,
       "trunk", Fused::kNone},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    NameRole r = MapHfName(c.name, c.arch);
    EXPECT_EQ(RoleName(r.role), std::string(RoleName(c.role)));
    EXPECT_EQ(r.layer, c.layer);
    EXPECT_EQ(r.expert, c.expert);
    EXPECT_EQ(r.shared_expert, c.shared);
    EXPECT_EQ(r.bias, c.bias);
    EXPECT_EQ(r.component, c.component);
    EXPECT_EQ(static_cast<int>(r.fused), static_cast<int>(c.fused));
  }
}

TEST(NamingHf, Gpt2Conv1DIsMarkedForTransposition) {
  EXPECT_TRUE(MapHfName("transformer.h.0.attn.c_attn.weight", "gpt2").conv1d);
  EXPECT_TRUE(MapHfName("transformer.h.0.mlp.c_fc.weight", "gpt2").conv1d);
  EXPECT_TRUE(MapHfName("h.0.mlp.c_proj.weight", "gpt2").conv1d);
  // Qwen-1 also calls its fused projection c_attn, but stores it as nn.Linear (out × in).
  EXPECT_FALSE(MapHfName("transformer.h.0.attn.c_attn.weight", "qwen").conv1d);
}

TEST(NamingHf, MetaAndLlama2cNames) {
  EXPECT_TRUE(IsMetaName("layers.0.attention.wq.weight"));
  EXPECT_TRUE(IsMetaName("tok_embeddings.weight"));
  EXPECT_FALSE(IsMetaName("model.layers.0.self_attn.q_proj.weight"));
  EXPECT_EQ(MapMetaName("tok_embeddings.weight").role, Role::kEmbed);
  EXPECT_EQ(MapMetaName("output.weight").role, Role::kLmHead);
  EXPECT_EQ(MapMetaName("norm.weight").role, Role::kFinalNorm);
  EXPECT_EQ(MapMetaName("layers.4.attention.wk.weight").role, Role::kK);
  EXPECT_EQ(MapMetaName("layers.4.attention.wo.weight").role, Role::kO);
  EXPECT_EQ(MapMetaName("layers.4.attention_norm.weight").role, Role::kAttnNorm);
  EXPECT_EQ(MapMetaName("layers.4.ffn_norm.weight").role, Role::kMlpNorm);
  EXPECT_EQ(MapMetaName("layers.4.feed_forward.w1.weight").role, Role::kGate);
  EXPECT_EQ(MapMetaName("layers.4.feed_forward.w3.weight").role, Role::kUp);
  EXPECT_EQ(MapMetaName("layers.4.feed_forward.w2.weight").role, Role::kDown);
  EXPECT_EQ(MapMetaName("layers.4.feed_forward.w2.weight").layer, 4);
}

}  // namespace
}  // namespace lineage
