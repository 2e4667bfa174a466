// Model geometry (heads, widths, experts) read from config.json, GGUF metadata or a llama2.c
// header, and the config-like JSON derived from the latter two so every model has a `config`.
//
// Contract: pure functions of their inputs; missing fields stay 0 (unknown), never guessed from
// tensor shapes here (the splitter checks shapes against the geometry and says when they differ).
// VLM configs with a nested `text_config` are read from it for the trunk.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "format/metadata.h"

namespace lineage {

// How a fused qkv tensor orders its rows (METHODS.md §2.2).
enum class QkvLayout {
  kConcat,   // [q n_h·D; k n_kv·D; v n_kv·D]: Phi-3, Baichuan, Qwen-1, MPT, ChatGLM, GPT-2, GGUF
  kGrouped,  // [n_kv][g+2][D]: Falcon (new decoder / multi-query), InternLM2
  kPerHead,  // [n_h][3][D]: GPT-NeoX, BLOOM, Falcon-RW
};

struct Geometry {
  QkvLayout qkv_layout = QkvLayout::kConcat;
  uint64_t hidden = 0;
  uint64_t layers = 0;  // num_hidden_layers (trunk blocks; MTP layers come after)
  uint64_t heads = 0;
  uint64_t kv_heads = 0;  // = heads when the config omits it
  uint64_t head_dim = 0;  // = hidden / heads when the config omits it
  uint64_t routed_experts = 0;
  uint64_t experts_per_token = 0;
};

// Reads geometry from a config.json object (or its text_config).
Geometry GeometryFromConfig(const nlohmann::json& config);

// Geometry of a sub-model stored beside the trunk (component "vision" or "audio"), from the
// config's vision_config / visual / audio_config object. Towers are multi-head attention without
// grouped KV, and their fused qkv (timm/SigLIP `attn.qkv`, Qwen2-VL `visual.blocks.N.attn.qkv`,
// InternViT, Qwen-VL `attn.in_proj`) is [q; k; v]: the layout is kConcat and kv_heads = heads.
// Heads unknown → heads = kv_heads = 1: the concat split of an MHA tensor into equal thirds does
// not depend on the head count, so nothing is guessed (the head count itself stays unknown to
// consumers, see TowerHeads).
Geometry TowerGeometry(const nlohmann::json& config, const std::string& component);
// The tower's attention head count from the same sub-config, 0 when the config does not say.
uint64_t TowerHeads(const nlohmann::json& config, const std::string& component);

// A config.json-like object from GGUF metadata (`{arch}.embedding_length`, ...), with
// `model_type` = general.architecture and HF key names so GeometryFromConfig reads it.
nlohmann::json ConfigFromGguf(const Metadata& md);
// The same for a llama2.c header (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size,
// seq_len) as the reader stores them in Checkpoint::metadata.
nlohmann::json ConfigFromLlama2c(const Metadata& md);

// Lower-case family from config: model_type, else derived from architectures[0].
std::string ArchitectureFromConfig(const nlohmann::json& config);

}  // namespace lineage
