// Hugging Face (and Meta) tensor names → roles. See naming.h and METHODS.md §2.1.
#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <vector>

#include "model/naming.h"
#include "model/naming_util.h"

namespace lineage {
namespace {

bool In(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

std::string ComponentOf(const std::vector<std::string_view>& parts) {
  for (std::string_view p : parts) {
    if (In(p, {"vision_tower", "visual", "vision_model", "vpm", "vision_encoder", "image_encoder",
               "vision"})) {
      return "vision";
    }
    if (In(p, {"multi_modal_projector", "mm_projector", "resampler", "projector", "connector"})) {
      return "projector";
    }
    if (In(p, {"audio_tower", "audio_model", "audio_encoder", "apm", "audio"})) return "audio";
  }
  return "trunk";
}

// Families whose post_attention_layernorm normalises the attention *output* (not foldable)
// rather than the MLP input.
bool HasPostSublayerNorms(std::string_view arch) {
  return In(arch, {"gemma2", "gemma3", "gemma3_text", "gemma3n", "olmo2"});
}

// Roles of a module name inside a block. `parent` is the module holding it ("attn", "mlp", ...).
void MapBlockModule(std::string_view m, std::string_view parent, std::string_view arch,
                    NameRole* r) {
  bool attn_parent = In(parent, {"attention", "self_attention", "attn", "self_attn"});
  bool mlp_parent = In(parent, {"mlp", "block_sparse_moe", "moe", "feed_forward", "ffn"});
  if (In(m, {"q_proj", "wq", "query"}))
    r->role = Role::kQ;
  else if (In(m, {"k_proj", "wk", "key"}))
    r->role = Role::kK;
  else if (In(m, {"v_proj", "wv", "value"}))
    r->role = Role::kV;
  else if (In(m, {"o_proj", "wo", "out_proj"}) ||
           (attn_parent && In(m, {"dense", "c_proj", "proj"}))) {
    r->role = Role::kO;
    r->conv1d = (m == "c_proj" && arch == "gpt2");
  } else if (In(m, {"qkv_proj", "W_pack", "query_key_value", "c_attn", "wqkv", "qkv"}) ||
             (attn_parent && m == "in_proj")) {  // Qwen-VL / OpenCLIP resblocks: [q; k; v]
    r->fused = Fused::kQkv;
    r->conv1d = (m == "c_attn" && arch == "gpt2");
  } else if (In(m, {"q_norm", "q_layernorm"}))
    r->role = Role::kQNorm;
  else if (In(m, {"k_norm", "k_layernorm"}))
    r->role = Role::kKNorm;
  else if (m == "q_a_proj")
    r->role = Role::kQA;
  else if (m == "q_a_layernorm")
    r->role = Role::kQANorm;
  else if (m == "q_b_proj")
    r->role = Role::kQB;
  else if (m == "kv_a_proj_with_mqa")
    r->role = Role::kKVA;
  else if (m == "kv_a_layernorm")
    r->role = Role::kKVANorm;
  else if (m == "kv_b_proj")
    r->role = Role::kKVB;
  else if (In(m, {"input_layernorm", "ln_1", "ln1", "attention_norm", "layer_norm1", "ln_attn",
                  "norm1"})) {
    r->role = Role::kAttnNorm;
  } else if (m == "post_attention_layernorm") {
    r->role = HasPostSublayerNorms(arch) ? Role::kPostAttnNorm : Role::kMlpNorm;
  } else if (In(m, {"pre_feedforward_layernorm", "ln_2", "ln2", "ffn_norm", "layer_norm2", "ln_mlp",
                    "norm2"})) {
    r->role = Role::kMlpNorm;
  } else if (m == "post_feedforward_layernorm") {
    r->role = Role::kPostMlpNorm;
  } else if (In(m, {"gate_proj", "w1"}))
    r->role = Role::kGate;
  else if (In(m, {"up_proj", "w3", "c_fc", "fc1"})) {
    r->role = Role::kUp;
    r->conv1d = (m == "c_fc" && arch == "gpt2");
  } else if (In(m, {"down_proj", "w2", "fc2", "dense_4h_to_h"}) || (mlp_parent && m == "c_proj")) {
    r->role = Role::kDown;
    r->conv1d = (m == "c_proj" && arch == "gpt2");
  } else if (m == "gate_up_proj") {
    r->fused = Fused::kGateUp;
  } else if (m == "dense_h_to_4h") {
    // GLM packs gate and up here; GPT-NeoX and Falcon use it as a plain (ungated) up projection.
    if (In(arch, {"chatglm", "glm"}))
      r->fused = Fused::kGateUp;
    else
      r->role = Role::kUp;
  } else if ((m == "gate" && mlp_parent) || m == "router") {
    r->role = Role::kRouter;
  } else if (m == "shared_expert_gate") {
    r->role = Role::kRouter;
    r->shared_expert = true;
  } else if (m == "e_score_correction_bias") {
    r->role = Role::kRouterBias;
  } else if (In(m, {"embed_tokens"})) {
    r->role = Role::kEmbed;  // DeepSeek/GLM MTP layers carry their own embedding
  } else if (m == "head" && parent == "shared_head") {
    r->role = Role::kLmHead;
  } else if (m == "norm" && parent == "shared_head") {
    r->role = Role::kFinalNorm;
  }
}

void MapTopModule(std::string_view m, NameRole* r) {
  if (In(m, {"embed_tokens", "wte", "word_embeddings", "embed_in", "tok_embeddings",
             "token_embedding"})) {
    r->role = Role::kEmbed;
  } else if (In(m, {"wpe", "position_embeddings", "embed_positions", "position_embedding"})) {
    r->role = Role::kPosEmbed;
  } else if (In(m, {"lm_head", "embed_out"})) {
    r->role = Role::kLmHead;
  } else if (In(m, {"norm", "ln_f", "final_layernorm", "final_layer_norm", "norm_f",
                    "post_layernorm"})) {
    r->role = Role::kFinalNorm;
  }
}

}  // namespace

NameRole MapHfName(std::string_view name, std::string_view arch) {
  NameRole r;
  std::vector<std::string_view> parts = SplitDots(name);
  if (parts.empty()) return r;
  if (parts.back() == "weight") {
    parts.pop_back();
  } else if (parts.back() == "bias") {
    r.bias = true;
    parts.pop_back();
  } else if (parts.back() == "in_proj_weight" || parts.back() == "in_proj_bias") {
    // torch nn.MultiheadAttention (OpenCLIP towers) stores its fused [q; k; v] as attributes.
    r.bias = parts.back() == "in_proj_bias";
    parts.back() = "in_proj";
  }
  if (parts.empty()) return r;
  r.component = ComponentOf(parts);

  size_t tail_begin = parts.size();
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    int n = 0;
    if (In(parts[i], {"layers", "h", "blocks", "layer", "block", "resblocks"}) &&
        ParseIndex(parts[i + 1], &n)) {
      r.layer = n;
      tail_begin = i + 2;
      break;
    }
  }
  if (r.layer < 0) {
    MapTopModule(parts.back(), &r);
    return r;
  }
  std::vector<std::string_view> tail(parts.begin() + tail_begin, parts.end());
  std::vector<std::string_view> kept;
  for (size_t i = 0; i < tail.size(); ++i) {
    // Experts stacked into one tensor under HF names (GPT-OSS `mlp.experts.down_proj`) are not
    // split here: their orientation differs by family. Leave them unmapped rather than guess.
    int index = 0;
    if (tail[i] == "experts" && (i + 1 >= tail.size() || !ParseIndex(tail[i + 1], &index)))
      return r;
    int e = 0;
    if (tail[i] == "experts" && i + 1 < tail.size() && ParseIndex(tail[i + 1], &e)) {
      r.expert = e;
      ++i;
    } else if (In(tail[i], {"shared_experts", "shared_expert", "shared_mlp"})) {
      r.shared_expert = true;
    } else {
      kept.push_back(tail[i]);
    }
  }
  if (kept.empty()) return r;
  std::string_view parent = kept.size() >= 2 ? kept[kept.size() - 2] : std::string_view();
  // An expert's or shared expert's projections sit directly under it: treat as an MLP.
  if (parent.empty() && (r.expert >= 0 || r.shared_expert)) parent = "mlp";
  MapBlockModule(kept.back(), parent, arch, &r);
  if (r.role == Role::kRouterBias) r.bias = false;
  return r;
}

NameRole MapMetaName(std::string_view name) {
  if (name == "output.weight") {
    NameRole r;
    r.role = Role::kLmHead;
    return r;
  }
  return MapHfName(name, "llama");
}

bool IsMetaName(std::string_view name) {
  if (name.starts_with("tok_embeddings.")) return true;
  return name.starts_with("layers.") && (name.find(".attention.w") != std::string_view::npos ||
                                         name.find(".feed_forward.") != std::string_view::npos);
}

}  // namespace lineage
