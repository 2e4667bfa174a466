// Geometry and derived configs. See model_config.h.
#include "model/model_config.h"

#include <algorithm>
#include <cctype>

namespace lineage {
namespace {

uint64_t U64(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = j.find(k);
    if (it == j.end()) continue;
    if (it->is_number_unsigned()) return it->get<uint64_t>();
    if (it->is_number_integer() && it->get<int64_t>() >= 0) return it->get<uint64_t>();
  }
  return 0;
}

const MetaValue* FindMeta(const Metadata& md, const std::string& key) {
  auto it = md.find(key);
  return it == md.end() ? nullptr : &it->second;
}

void CopyInt(const Metadata& md, const std::string& key, nlohmann::json* out, const char* to) {
  const MetaValue* v = FindMeta(md, key);
  if (!v) return;
  if (auto i = v->AsInt()) (*out)[to] = *i;
}

void CopyFloat(const Metadata& md, const std::string& key, nlohmann::json* out, const char* to) {
  const MetaValue* v = FindMeta(md, key);
  if (!v) return;
  if (auto d = v->AsDouble()) (*out)[to] = *d;
}

// The sub-config describing a tower, or nullptr.
const nlohmann::json* TowerConfig(const nlohmann::json& config, const std::string& component) {
  if (!config.is_object()) return nullptr;
  std::initializer_list<const char*> keys = {"vision_config", "visual", "vision"};
  std::initializer_list<const char*> audio = {"audio_config", "audio"};
  for (const char* k : component == "audio" ? audio : keys) {
    auto it = config.find(k);
    if (it != config.end() && it->is_object()) return &*it;
  }
  return nullptr;
}

}  // namespace

uint64_t TowerHeads(const nlohmann::json& config, const std::string& component) {
  const nlohmann::json* t = TowerConfig(config, component);
  return t ? U64(*t, {"num_attention_heads", "num_heads", "heads", "encoder_attention_heads"}) : 0;
}

Geometry TowerGeometry(const nlohmann::json& config, const std::string& component) {
  Geometry g;
  g.qkv_layout = QkvLayout::kConcat;
  g.heads = TowerHeads(config, component);
  if (g.heads == 0) g.heads = 1;
  g.kv_heads = g.heads;
  return g;
}

Geometry GeometryFromConfig(const nlohmann::json& config_in) {
  Geometry g;
  if (!config_in.is_object()) return g;
  const nlohmann::json* c = &config_in;
  auto text = config_in.find("text_config");
  if (text != config_in.end() && text->is_object() && !config_in.contains("hidden_size"))
    c = &*text;
  g.hidden = U64(*c, {"hidden_size", "n_embd", "d_model", "dim"});
  g.layers = U64(*c, {"num_hidden_layers", "n_layer", "num_layers", "n_layers"});
  g.heads = U64(*c, {"num_attention_heads", "n_head", "n_heads"});
  g.kv_heads = U64(*c, {"num_key_value_heads", "multi_query_group_num", "n_kv_heads",
                        "num_kv_heads", "n_head_kv"});
  if (g.kv_heads == 0 && c->value("multi_query", false)) g.kv_heads = 1;  // Falcon-7B
  if (g.kv_heads == 0) g.kv_heads = g.heads;
  g.head_dim = U64(*c, {"head_dim", "kv_channels"});
  if (g.head_dim == 0 && g.heads > 0 && g.hidden % g.heads == 0) g.head_dim = g.hidden / g.heads;
  std::string arch = ArchitectureFromConfig(config_in);
  if (arch == "gpt_neox" || arch == "bloom") {
    g.qkv_layout = QkvLayout::kPerHead;
  } else if (arch == "falcon" || arch == "refinedweb" || arch == "refinedwebmodel" ||
             arch == "rw") {
    bool grouped = c->value("new_decoder_architecture", false) || c->value("multi_query", true);
    g.qkv_layout = grouped ? QkvLayout::kGrouped : QkvLayout::kPerHead;
  } else if (arch == "internlm2") {
    g.qkv_layout = QkvLayout::kGrouped;
  }
  g.routed_experts =
      U64(*c, {"n_routed_experts", "num_local_experts", "num_experts", "moe_num_experts"});
  g.experts_per_token = U64(*c, {"num_experts_per_tok", "moe_top_k", "num_experts_per_token"});
  return g;
}

nlohmann::json ConfigFromGguf(const Metadata& md) {
  nlohmann::json c = nlohmann::json::object();
  const MetaValue* arch_v = FindMeta(md, "general.architecture");
  std::string arch = arch_v && arch_v->AsString() ? *arch_v->AsString() : "";
  c["model_type"] = arch;
  const std::string p = arch + ".";
  CopyInt(md, p + "embedding_length", &c, "hidden_size");
  CopyInt(md, p + "block_count", &c, "num_hidden_layers");
  CopyInt(md, p + "attention.head_count", &c, "num_attention_heads");
  CopyInt(md, p + "attention.head_count_kv", &c, "num_key_value_heads");
  CopyInt(md, p + "attention.key_length", &c, "head_dim");
  CopyInt(md, p + "feed_forward_length", &c, "intermediate_size");
  CopyInt(md, p + "expert_feed_forward_length", &c, "moe_intermediate_size");
  CopyInt(md, p + "context_length", &c, "max_position_embeddings");
  CopyInt(md, p + "expert_count", &c, "num_experts");
  CopyInt(md, p + "expert_used_count", &c, "num_experts_per_tok");
  CopyInt(md, p + "expert_shared_count", &c, "n_shared_experts");
  CopyInt(md, p + "leading_dense_block_count", &c, "first_k_dense_replace");
  CopyInt(md, p + "attention.q_lora_rank", &c, "q_lora_rank");
  CopyInt(md, p + "attention.kv_lora_rank", &c, "kv_lora_rank");
  CopyInt(md, p + "nextn_predict_layers", &c, "num_nextn_predict_layers");
  CopyInt(md, p + "vocab_size", &c, "vocab_size");
  CopyFloat(md, p + "rope.freq_base", &c, "rope_theta");
  CopyFloat(md, p + "attention.layer_norm_rms_epsilon", &c, "rms_norm_eps");
  CopyFloat(md, p + "attention.layer_norm_epsilon", &c, "layer_norm_eps");
  // block_count includes the MTP (nextn) layers in llama.cpp; HF's num_hidden_layers does not.
  if (c.contains("num_nextn_predict_layers") && c.contains("num_hidden_layers")) {
    int64_t n =
        c["num_hidden_layers"].get<int64_t>() - c["num_nextn_predict_layers"].get<int64_t>();
    if (n > 0) c["num_hidden_layers"] = n;
  }
  if (!c.contains("vocab_size")) {
    const MetaValue* tokens = FindMeta(md, "tokenizer.ggml.tokens");
    if (tokens && tokens->kind == MetaValue::Kind::kArray) c["vocab_size"] = tokens->array.size();
  }
  return c;
}

nlohmann::json ConfigFromLlama2c(const Metadata& md) {
  nlohmann::json c = nlohmann::json::object();
  c["model_type"] = "llama";
  CopyInt(md, "dim", &c, "hidden_size");
  CopyInt(md, "hidden_dim", &c, "intermediate_size");
  CopyInt(md, "n_layers", &c, "num_hidden_layers");
  CopyInt(md, "n_heads", &c, "num_attention_heads");
  CopyInt(md, "n_kv_heads", &c, "num_key_value_heads");
  CopyInt(md, "vocab_size", &c, "vocab_size");
  CopyInt(md, "seq_len", &c, "max_position_embeddings");
  if (c.contains("vocab_size") && c["vocab_size"].get<int64_t>() < 0) {
    c["vocab_size"] = -c["vocab_size"].get<int64_t>();
  }
  return c;
}

std::string ArchitectureFromConfig(const nlohmann::json& config) {
  if (!config.is_object()) return "";
  std::string arch;
  auto mt = config.find("model_type");
  if (mt != config.end() && mt->is_string()) arch = mt->get<std::string>();
  if (arch.empty()) {
    auto a = config.find("architectures");
    if (a != config.end() && a->is_array() && !a->empty() && (*a)[0].is_string()) {
      arch = (*a)[0].get<std::string>();
      for (const char* suffix :
           {"ForCausalLM", "ForConditionalGeneration", "LMHeadModel", "Model"}) {
        std::string s = suffix;
        if (arch.size() > s.size() && arch.compare(arch.size() - s.size(), s.size(), s) == 0) {
          arch.resize(arch.size() - s.size());
          break;
        }
      }
    }
  }
  std::transform(arch.begin(), arch.end(), arch.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return arch;
}

}  // namespace lineage
