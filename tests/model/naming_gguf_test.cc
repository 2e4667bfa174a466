#include "model/naming.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(NamingGguf, TopLevel) {
  EXPECT_EQ(MapGgufName("token_embd.weight", "llama").role, Role::kEmbed);
  EXPECT_EQ(MapGgufName("output.weight", "llama").role, Role::kLmHead);
  EXPECT_EQ(MapGgufName("output_norm.weight", "llama").role, Role::kFinalNorm);
  EXPECT_EQ(MapGgufName("position_embd.weight", "gpt2").role, Role::kPosEmbed);
  EXPECT_EQ(MapGgufName("rope_freqs.weight", "llama").role, Role::kOther);
}

TEST(NamingGguf, Blocks) {
  struct Case {
    const char* name;
    Role role;
    int layer;
    bool shared;
    bool bias;
    Fused fused;
  } cases[] = {
      {"blk.0.attn_norm.weight", Role::kAttnNorm, 0, false, false, Fused::kNone},
      {"blk.0.ffn_norm.weight", Role::kMlpNorm, 0, false, false, Fused::kNone},
      {"blk.9.attn_q.weight", Role::kQ, 9, false, false, Fused::kNone},
      {"blk.9.attn_k.bias", Role::kK, 9, false, true, Fused::kNone},
      {"blk.9.attn_v.weight", Role::kV, 9, false, false, Fused::kNone},
      {"blk.9.attn_output.weight", Role::kO, 9, false, false, Fused::kNone},
      {"blk.9.attn_qkv.weight", Role::kOther, 9, false, false, Fused::kQkv},
      {"blk.9.attn_q_norm.weight", Role::kQNorm, 9, false, false, Fused::kNone},
      {"blk.9.post_attention_norm.weight", Role::kPostAttnNorm, 9, false, false, Fused::kNone},
      {"blk.9.post_ffw_norm.weight", Role::kPostMlpNorm, 9, false, false, Fused::kNone},
      {"blk.2.attn_q_a.weight", Role::kQA, 2, false, false, Fused::kNone},
      {"blk.2.attn_q_a_norm.weight", Role::kQANorm, 2, false, false, Fused::kNone},
      {"blk.2.attn_kv_a_mqa.weight", Role::kKVA, 2, false, false, Fused::kNone},
      {"blk.2.attn_kv_b.weight", Role::kKVB, 2, false, false, Fused::kNone},
      {"blk.2.ffn_gate_inp.weight", Role::kRouter, 2, false, false, Fused::kNone},
      {"blk.2.exp_probs_b.bias", Role::kRouterBias, 2, false, false, Fused::kNone},
      {"blk.2.ffn_gate_exps.weight", Role::kGate, 2, false, false, Fused::kStackedExperts},
      {"blk.2.ffn_up_exps.weight", Role::kUp, 2, false, false, Fused::kStackedExperts},
      {"blk.2.ffn_down_exps.weight", Role::kDown, 2, false, false, Fused::kStackedExperts},
      {"blk.2.ffn_up_shexp.weight", Role::kUp, 2, true, false, Fused::kNone},
      {"blk.2.ffn_gate_inp_shexp.weight", Role::kRouter, 2, true, false, Fused::kNone},
      {"blk.2.ffn_gate.weight", Role::kGate, 2, false, false, Fused::kNone},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    NameRole r = MapGgufName(c.name, "deepseek2");
    EXPECT_EQ(std::string(RoleName(r.role)), RoleName(c.role));
    EXPECT_EQ(r.layer, c.layer);
    EXPECT_EQ(r.shared_expert, c.shared);
    EXPECT_EQ(r.bias, c.bias);
    EXPECT_EQ(static_cast<int>(r.fused), static_cast<int>(c.fused));
    EXPECT_EQ(r.component, "trunk");
  }
}

TEST(NamingGguf, NextnIsMtpAndJunkIsOther) {
  EXPECT_EQ(MapGgufName("blk.46.nextn.eh_proj.weight", "glm4moe").component, "mtp");
  EXPECT_EQ(MapGgufName("blk.x.attn_q.weight", "llama").role, Role::kOther);
  EXPECT_EQ(MapGgufName("blk.1234567890.attn_q.weight", "llama").role, Role::kOther);
  EXPECT_EQ(MapGgufName("", "llama").role, Role::kOther);
  EXPECT_EQ(MapGgufName("blk.1.ffn_norm_exps.weight", "llama").fused, Fused::kNone);
}

}  // namespace
}  // namespace lineage
