// GGUF tensor names (llama.cpp's `blk.N.*` scheme) → roles. See naming.h, FORMATS.md §2.
#include <algorithm>
#include <initializer_list>
#include <utility>

#include "model/naming.h"
#include "model/naming_util.h"

namespace lineage {
namespace {

struct GgufModule {
  std::string_view name;
  Role role;
};

// Per-block modules with a direct role. Stacked experts and shared experts are handled by
// suffix below, so their base names (ffn_gate, ...) appear once.
constexpr GgufModule kBlockModules[] = {
    {"attn_norm", Role::kAttnNorm},
    {"ffn_norm", Role::kMlpNorm},
    {"post_attention_norm", Role::kPostAttnNorm},
    {"post_ffw_norm", Role::kPostMlpNorm},
    {"attn_q", Role::kQ},
    {"attn_k", Role::kK},
    {"attn_v", Role::kV},
    {"attn_output", Role::kO},
    {"attn_q_norm", Role::kQNorm},
    {"attn_k_norm", Role::kKNorm},
    {"attn_q_a", Role::kQA},
    {"attn_q_a_norm", Role::kQANorm},
    {"attn_q_b", Role::kQB},
    {"attn_kv_a_mqa", Role::kKVA},
    {"attn_kv_a_norm", Role::kKVANorm},
    {"attn_kv_b", Role::kKVB},
    {"ffn_gate", Role::kGate},
    {"ffn_up", Role::kUp},
    {"ffn_down", Role::kDown},
    {"ffn_gate_inp", Role::kRouter},
    {"exp_probs_b", Role::kRouterBias},
};

bool LookupBlockModule(std::string_view m, Role* role) {
  for (const GgufModule& g : kBlockModules) {
    if (g.name == m) {
      *role = g.role;
      return true;
    }
  }
  return false;
}

bool StripSuffix(std::string_view* s, std::string_view suffix) {
  if (!s->ends_with(suffix)) return false;
  s->remove_suffix(suffix.size());
  return true;
}

}  // namespace

NameRole MapGgufName(std::string_view name, std::string_view arch) {
  NameRole r;
  std::vector<std::string_view> parts = SplitDots(name);
  if (parts.size() >= 2 && parts.back() == "weight") {
    parts.pop_back();
  } else if (parts.size() >= 2 && parts.back() == "bias") {
    r.bias = true;
    parts.pop_back();
  }
  if (parts.size() == 1) {
    std::string_view m = parts[0];
    if (m == "token_embd")
      r.role = Role::kEmbed;
    else if (m == "output")
      r.role = Role::kLmHead;
    else if (m == "output_norm")
      r.role = Role::kFinalNorm;
    else if (m == "position_embd")
      r.role = Role::kPosEmbed;
    return r;
  }
  int layer = 0;
  if (parts.size() < 3 || parts[0] != "blk" || !ParseIndex(parts[1], &layer)) return r;
  r.layer = layer;
  if (parts.size() != 3) {
    // blk.N.nextn.* (multi-token-prediction heads) and other nested names.
    if (parts[2] == "nextn") r.component = "mtp";
    return r;
  }
  std::string_view m = parts[2];
  if (StripSuffix(&m, "_exps")) {
    r.fused = Fused::kStackedExperts;
  } else if (StripSuffix(&m, "_shexp")) {
    r.shared_expert = true;
  }
  Role role = Role::kOther;
  if (LookupBlockModule(m, &role)) r.role = role;
  if (r.fused == Fused::kStackedExperts &&
      !(role == Role::kGate || role == Role::kUp || role == Role::kDown)) {
    r.fused = Fused::kNone;
    r.role = Role::kOther;
  }
  if (m == "attn_qkv") r.fused = Fused::kQkv;
  // exp_probs_b is stored as "….exp_probs_b.bias" but is the same vector as HF's
  // e_score_correction_bias, which is not a bias of another role.
  if (r.role == Role::kRouterBias) r.bias = false;
  return r;
}

}  // namespace lineage
