// Naming schemes: tensor names → canonical roles. One function per scheme (Hugging Face, GGUF,
// Meta/llama2.c); each is a pure function of the name and the architecture family, so it can be
// tested on names alone. Unknown names map to Role::kOther; callers still hash and count them.
//
// A name may denote a fused tensor (qkv, gate_up) or a stack of experts; `fused` says so and the
// splitter (fused_split.h) turns it into several canonical tensors. Thread-safe, no state.
#pragma once

#include <string>
#include <string_view>

#include "model/model.h"

namespace lineage {

enum class Fused {
  kNone,
  kQkv,             // q, k, v rows in one tensor; layout depends on the family (fused_split.h)
  kGateUp,          // h gate rows then h up rows (GPT-OSS: interleaved)
  kStackedExperts,  // GGUF *_exps: E row-major slabs, one per expert
};

struct NameRole {
  Role role = Role::kOther;
  int layer = -1;
  int expert = -1;
  bool shared_expert = false;
  bool bias = false;
  std::string component = "trunk";
  Fused fused = Fused::kNone;
  bool conv1d = false;  // GPT-2 Conv1D: stored in × out, transpose to out × in
};

// Hugging Face names, any prefix (`model.`, `language_model.model.`, `transformer.`, ...).
// `arch` is the lower-case family (config model_type); it decides the few names whose meaning
// differs by family (post_attention_layernorm in Gemma-2/3 and OLMo-2, dense_h_to_4h in GLM).
NameRole MapHfName(std::string_view name, std::string_view arch);
// GGUF `blk.N.*`, `token_embd`, `output`, `output_norm`, stacked `*_exps`, `*_shexp`, MLA names.
NameRole MapGgufName(std::string_view name, std::string_view arch);
// Meta / llama2.c: `tok_embeddings`, `layers.N.attention.wq`, `feed_forward.w1`, `norm`, `output`.
NameRole MapMetaName(std::string_view name);

// True when the name is Meta/llama2.c style (its Q/K rows are in interleaved-RoPE order).
bool IsMetaName(std::string_view name);

}  // namespace lineage
