#include "arch/config.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "io/json_file.h"

namespace lineage {
namespace {

using nlohmann::json;

// Integral doubles become integers so 10000 and 10000.0 compare equal; numeric strings (GGUF
// metadata dumps store every value as a string) become numbers.
json NormaliseScalar(const json& v) {
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) {
      return json(static_cast<int64_t>(d));
    }
    return v;
  }
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u <= static_cast<uint64_t>(INT64_MAX)) return json(static_cast<int64_t>(u));
    return v;
  }
  return v;
}

json FromNumericString(const json& v) {
  if (!v.is_string()) return v;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > 64) return v;
  if (s == "true") return json(true);
  if (s == "false") return json(false);
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return v;
  return NormaliseScalar(json(d));
}

bool IsScalar(const json& v) { return v.is_number() || v.is_boolean() || v.is_string(); }

bool IsNumberArray(const json& v) {
  if (!v.is_array() || v.empty() || v.size() > 4096) return false;
  for (const auto& e : v) {
    if (!e.is_number()) return false;
  }
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads canonical fields out of one JSON object, remembering which source keys it consumed so
// the rest can be kept as "extra.*" fields.
class Reader {
 public:
  Reader(const json& obj, ArchConfig* out, std::string prefix)
      : obj_(obj), out_(out), prefix_(std::move(prefix)) {}

  // Takes the first alias present with a usable (scalar or numeric-array) value.
  bool Take(const std::string& key, std::initializer_list<const char*> aliases) {
    for (const char* a : aliases) {
      auto it = obj_.find(a);
      if (it == obj_.end()) continue;
      consumed_.insert(a);
      if (it->is_null()) continue;
      json v = FromNumericString(*it);
      if (IsScalar(v)) {
        Set(key, NormaliseScalar(v));
        return true;
      }
      if (IsNumberArray(v)) {
        json arr = json::array();
        for (const auto& e : v) arr.push_back(NormaliseScalar(e));
        Set(key, arr);
        return true;
      }
      out_->notes.push_back(prefix_ + a + ": ignored (not a scalar)");
    }
    return false;
  }

  void Set(const std::string& key, json v) { out_->fields[prefix_ + key] = std::move(v); }
  void Imply(const std::string& key, json v) {
    if (Has(key)) return;
    out_->fields[prefix_ + key] = std::move(v);
    out_->implied.insert(prefix_ + key);
  }
  bool Has(const std::string& key) const { return out_->fields.count(prefix_ + key) > 0; }
  const json* Get(const std::string& key) const {
    auto it = out_->fields.find(prefix_ + key);
    return it == out_->fields.end() ? nullptr : &it->second;
  }
  const json* Raw(const char* name) const {
    auto it = obj_.find(name);
    return it == obj_.end() ? nullptr : &*it;
  }
  void Consume(const std::string& name) { consumed_.insert(name); }
  bool Consumed(const std::string& name) const { return consumed_.count(name) > 0; }

 private:
  const json& obj_;
  ArchConfig* out_;
  std::string prefix_;
  std::set<std::string> consumed_;
};

std::string FamilyFromArchitectures(const json& j) {
  auto it = j.find("architectures");
  if (it == j.end() || !it->is_array() || it->empty() || !(*it)[0].is_string()) return "";
  std::string a = (*it)[0].get<std::string>();
  static const std::pair<const char*, const char*> kMap[] = {{"Llama", "llama"},
                                                             {"Mixtral", "mixtral"},
                                                             {"Mistral", "mistral"},
                                                             {"Qwen3Moe", "qwen3_moe"},
                                                             {"Qwen3", "qwen3"},
                                                             {"Qwen2Moe", "qwen2_moe"},
                                                             {"Qwen2", "qwen2"},
                                                             {"QWen", "qwen"},
                                                             {"Gemma3", "gemma3"},
                                                             {"Gemma2", "gemma2"},
                                                             {"Gemma", "gemma"},
                                                             {"Phi3", "phi3"},
                                                             {"DeepseekV3", "deepseek_v3"},
                                                             {"DeepseekV2", "deepseek_v2"},
                                                             {"Glm4Moe", "glm4_moe"},
                                                             {"ChatGLM", "chatglm"},
                                                             {"GPT2", "gpt2"},
                                                             {"GPTNeoX", "gpt_neox"},
                                                             {"Falcon", "falcon"},
                                                             {"MiniCPM3", "minicpm3"},
                                                             {"MiniCPM", "minicpm"}};
  for (const auto& [needle, fam] : kMap) {
    if (a.find(needle) != std::string::npos) return fam;
  }
  return Lower(a);
}

// Families whose FFN is a plain two-matrix MLP rather than a gated (GLU) one.
bool UngatedFamily(const std::string& f) {
  static const std::set<std::string> kUngated = {"gpt2",       "gpt_neox",   "gptj", "falcon",
                                                 "bloom",      "opt",        "phi",  "bert",
                                                 "starcoder2", "gpt_bigcode"};
  return kUngated.count(f) > 0;
}
bool LayerNormFamily(const std::string& f) { return UngatedFamily(f); }

void ReadRopeObject(const json& rope, Reader& r) {
  if (!rope.is_object()) return;
  const json* obj = &rope;
  // Newer transformers may nest per attention type (Gemma-3): prefer full attention.
  auto full = rope.find("full_attention");
  if (full != rope.end() && full->is_object()) obj = &*full;
  auto take = [&](const std::string& key, std::initializer_list<const char*> names) {
    for (const char* n : names) {
      auto it = obj->find(n);
      if (it == obj->end() || it->is_null()) continue;
      json v = FromNumericString(*it);
      if (IsScalar(v)) {
        r.Set(key, NormaliseScalar(v));
      } else if (IsNumberArray(v)) {
        json arr = json::array();
        for (const auto& e : v) arr.push_back(NormaliseScalar(e));
        r.Set(key, arr);
      }
      return;
    }
  };
  take("rope.type", {"rope_type", "type"});
  take("rope.theta", {"rope_theta"});
  take("rope.factor", {"factor"});
  take("rope.original_max_position", {"original_max_position_embeddings"});
  take("rope.beta_fast", {"beta_fast"});
  take("rope.beta_slow", {"beta_slow"});
  take("rope.low_freq_factor", {"low_freq_factor"});
  take("rope.high_freq_factor", {"high_freq_factor"});
  take("rope.long_factor", {"long_factor"});
  take("rope.short_factor", {"short_factor"});
  take("rope.mscale", {"mscale"});
  take("rope.mscale_all_dim", {"mscale_all_dim"});
  take("rope.partial_rotary_factor", {"partial_rotary_factor"});
}

void ReadQuantization(const json& q, Reader& r) {
  if (!q.is_object()) return;
  std::string desc;
  auto m = q.find("quant_method");
  if (m != q.end() && m->is_string()) desc = m->get<std::string>();
  auto b = q.find("bits");
  if (b != q.end() && b->is_number_integer())
    desc += (desc.empty() ? "" : " ") + std::to_string(b->get<int64_t>()) + "-bit";
  if (desc.empty()) desc = "present";
  r.Set("quantization", desc);
}

// ReadTrunk's stages, in the order they run: each reads one concern's keys.
void ReadShape(Reader& r) {
  r.Take("hidden_size", {"hidden_size", "n_embd", "d_model", "dim"});
  r.Take("num_layers", {"num_hidden_layers", "n_layer", "num_layers", "n_layers"});
  r.Take("num_heads", {"num_attention_heads", "n_head", "n_heads"});
  r.Take("vocab_size", {"padded_vocab_size", "vocab_size"});
  r.Take("intermediate_size",
         {"intermediate_size", "ffn_hidden_size", "n_inner", "hidden_dim", "ffn_dim"});
  r.Take("max_position",
         {"max_position_embeddings", "n_positions", "seq_length", "max_sequence_length", "n_ctx"});
  r.Take("head_dim", {"head_dim", "kv_channels"});

  // KV heads: ChatGLM and Falcon spell grouped-query attention their own way.
  if (!r.Take("num_kv_heads", {"num_key_value_heads", "n_kv_heads", "num_kv_heads", "n_head_kv"})) {
    const json* mq = r.Raw("multi_query_attention");
    const json* falcon_mq = r.Raw("multi_query");
    if (mq && mq->is_boolean() && mq->get<bool>()) {
      r.Take("num_kv_heads", {"multi_query_group_num"});
      r.Consume("multi_query_attention");
    } else if (falcon_mq && falcon_mq->is_boolean() && falcon_mq->get<bool>() &&
               !(r.Raw("new_decoder_architecture") &&
                 r.Raw("new_decoder_architecture")->is_boolean() &&
                 r.Raw("new_decoder_architecture")->get<bool>())) {
      r.Set("num_kv_heads", 1);
      r.Consume("multi_query");
    }
  }
  r.Consume("multi_query_group_num");
}

void ReadPositions(Reader& r) {
  r.Take("rope.theta", {"rope_theta", "rotary_emb_base", "rope_base"});
  r.Take("rope.partial_rotary_factor", {"partial_rotary_factor", "rotary_percent", "rotary_pct"});
  r.Take("rope.original_max_position", {"original_max_position_embeddings"});
  for (const char* k : {"rope_scaling", "rope_parameters"}) {
    if (const json* rope = r.Raw(k)) ReadRopeObject(*rope, r);
    r.Consume(k);
  }
}

void ReadNorm(Reader& r, const std::string& family) {
  bool rms_key = r.Take("norm.eps", {"rms_norm_eps", "norm_eps"});
  bool ln_key =
      !rms_key && r.Take("norm.eps", {"layer_norm_eps", "layer_norm_epsilon", "layernorm_epsilon"});
  const json* rmsflag = r.Raw("rmsnorm");
  r.Consume("rmsnorm");
  if (rmsflag && rmsflag->is_boolean()) {
    r.Set("norm.type", rmsflag->get<bool>() ? "rmsnorm" : "layernorm");
  } else if (LayerNormFamily(family)) {
    r.Imply("norm.type", "layernorm");
  } else if (rms_key || family == "qwen" || family == "chatglm") {
    r.Imply("norm.type", "rmsnorm");
  } else if (ln_key) {
    r.Imply("norm.type", "layernorm");
  }
  if (family.rfind("gemma", 0) == 0) r.Imply("norm.offset", 1);  // Gemma stores gamma - 1
}

void ReadMlp(Reader& r, const std::string& family) {
  r.Take("activation", {"hidden_act", "hidden_activation", "activation_function", "activation"});
  if (const json* a = r.Get("activation"); a && a->is_string()) {
    std::string s = Lower(a->get<std::string>());
    if (s == "swish" || s == "swiglu") s = "silu";
    r.Set("activation", s);
  } else if (family == "chatglm") {
    r.Imply("activation", "silu");  // ChatGLM2+ hard-codes SwiGLU
  }
  r.Imply("mlp.gated", !UngatedFamily(family));
  r.Take("mlp_bias", {"mlp_bias"});
}

void ReadAttention(Reader& r, const std::string& family) {
  r.Take("attention_bias", {"attention_bias", "add_qkv_bias", "qkv_bias"});
  if (family == "qwen2" || family == "qwen2_moe" || family == "qwen2_vl")
    r.Imply("attention_bias", true);
  if (const json* nb = r.Raw("no_bias"); nb && nb->is_boolean()) {  // Qwen-1
    r.Imply("attention_bias", !nb->get<bool>());
    r.Consume("no_bias");
  }
  r.Take("qk_norm", {"use_qk_norm", "qk_layernorm"});
  if (family == "qwen3" || family == "qwen3_moe") r.Imply("qk_norm", true);
  r.Take("sliding_window", {"sliding_window"});
  r.Take("max_window_layers", {"max_window_layers"});
  r.Take("attn_logit_softcapping", {"attn_logit_softcapping"});
  r.Take("final_logit_softcapping", {"final_logit_softcapping"});
  r.Take("query_pre_attn_scalar", {"query_pre_attn_scalar"});
  r.Take("tie_embeddings", {"tie_word_embeddings"});
  if (family == "gpt2" || family.rfind("gemma", 0) == 0) r.Imply("tie_embeddings", true);
  if (family == "gpt2") r.Imply("position.type", "learned");
}

void ReadMoe(Reader& r, ArchConfig* out) {
  r.Take("moe.num_experts",
         {"num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts"});
  r.Take("moe.experts_per_token", {"num_experts_per_tok", "moe_top_k", "num_experts_per_token"});
  r.Take("moe.intermediate_size", {"moe_intermediate_size"});
  r.Take("moe.shared_experts", {"n_shared_experts"});
  r.Take("moe.shared_intermediate_size", {"shared_expert_intermediate_size"});
  r.Take("moe.first_dense_layers", {"first_k_dense_replace"});
  r.Take("moe.layer_freq", {"moe_layer_freq", "decoder_sparse_step"});
  r.Take("moe.routed_scaling_factor", {"routed_scaling_factor"});
  r.Take("moe.scoring_func", {"scoring_func"});
  r.Take("moe.topk_method", {"topk_method"});
  r.Take("moe.n_group", {"n_group"});
  r.Take("moe.topk_group", {"topk_group"});
  r.Take("moe.norm_topk_prob", {"norm_topk_prob"});
  r.Take("moe.mlp_only_layers", {"mlp_only_layers"});
  r.Take("mtp.layers", {"num_nextn_predict_layers"});
  if (const json* moe = r.Raw("moe"); moe && moe->is_object()) {  // Mistral params.json
    Reader m(*moe, out, "");
    m.Take("moe.num_experts", {"num_experts"});
    m.Take("moe.experts_per_token", {"num_experts_per_tok"});
    r.Consume("moe");
  }
}

// MLA (DeepSeek-V2/V3, MiniCPM3, Kimi): a null q_lora_rank means a plain q_proj.
void ReadMla(Reader& r) {
  if (const json* q = r.Raw("q_lora_rank"); q && q->is_null()) r.Set("mla.q_lora_rank", "none");
  r.Take("mla.q_lora_rank", {"q_lora_rank"});
  r.Take("mla.kv_lora_rank", {"kv_lora_rank"});
  r.Take("mla.qk_nope_head_dim", {"qk_nope_head_dim"});
  r.Take("mla.qk_rope_head_dim", {"qk_rope_head_dim"});
  r.Take("mla.v_head_dim", {"v_head_dim"});
}

// Derived defaults, marked as implied.
void ImplyDefaults(Reader& r, const std::string& family) {
  if (!r.Has("num_kv_heads") && r.Has("num_heads") && !r.Has("mla.kv_lora_rank")) {
    r.Imply("num_kv_heads", *r.Get("num_heads"));
  }
  if (!r.Has("head_dim") && r.Has("hidden_size") && r.Has("num_heads") &&
      !r.Has("mla.kv_lora_rank")) {
    const json* h = r.Get("hidden_size");
    const json* n = r.Get("num_heads");
    if (h->is_number_integer() && n->is_number_integer() && n->get<int64_t>() > 0 &&
        h->get<int64_t>() % n->get<int64_t>() == 0) {
      r.Imply("head_dim", h->get<int64_t>() / n->get<int64_t>());
    }
  }
  if (family != "gpt2" && !r.Has("rope.type")) {
    r.Imply("rope.type", "default");
  }
}

// Metadata: not architecture, but worth showing.
void ReadMetadata(Reader& r) {
  r.Take("dtype", {"torch_dtype", "dtype"});
  r.Take("initializer_range", {"initializer_range"});
  r.Take("bos_token_id", {"bos_token_id"});
  r.Take("eos_token_id", {"eos_token_id"});
  r.Take("pad_token_id", {"pad_token_id"});
  if (const json* q = r.Raw("quantization_config")) ReadQuantization(*q, r);
  r.Consume("quantization_config");
  if (const json* a = r.Raw("architectures"); a && a->is_array()) {
    std::string names;
    for (const auto& e : *a) {
      if (!e.is_string()) continue;
      names += (names.empty() ? "" : ",") + e.get<std::string>();
    }
    r.Set("architectures", names);
  }
}

// Everything else that is a scalar is kept verbatim, so unknown families still compare.
void KeepOtherScalars(const json& obj, Reader& r) {
  static const std::set<std::string> kIgnored = {"_name_or_path",
                                                 "transformers_version",
                                                 "use_cache",
                                                 "architectures",
                                                 "model_type",
                                                 "auto_map",
                                                 "torchscript",
                                                 "return_dict",
                                                 "output_attentions",
                                                 "output_hidden_states",
                                                 "id2label",
                                                 "label2id",
                                                 "task_specific_params",
                                                 "tokenizer_class",
                                                 "text_config",
                                                 "vision_config",
                                                 "audio_config",
                                                 "visual",
                                                 "llm_config",
                                                 "language_config",
                                                 "max_length",
                                                 "pretraining_tp"};
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& k = it.key();
    if (r.Consumed(k) || kIgnored.count(k) || k.find("dropout") != std::string::npos ||
        k.find("pdrop") != std::string::npos) {
      continue;
    }
    if (IsScalar(*it)) r.Set("extra." + k, NormaliseScalar(*it));
  }
}

void ReadTrunk(const json& obj, const std::string& family, ArchConfig* out) {
  Reader r(obj, out, "");
  ReadShape(r);
  ReadPositions(r);
  ReadNorm(r, family);
  ReadMlp(r, family);
  ReadAttention(r, family);
  ReadMoe(r, out);
  ReadMla(r);
  ImplyDefaults(r, family);
  ReadMetadata(r);
  KeepOtherScalars(obj, r);
}

void ReadTower(const json& obj, const std::string& prefix, ArchConfig* out) {
  Reader r(obj, out, prefix);
  r.Take("model_type", {"model_type"});
  r.Take("hidden_size", {"hidden_size", "width", "embed_dim", "d_model"});
  r.Take("num_layers", {"num_hidden_layers", "layers", "depth", "num_layers", "encoder_layers"});
  r.Take("num_heads", {"num_attention_heads", "heads", "num_heads", "encoder_attention_heads"});
  r.Take("intermediate_size", {"intermediate_size", "encoder_ffn_dim"});
  r.Take("mlp_ratio", {"mlp_ratio"});
  r.Take("patch_size", {"patch_size"});
  r.Take("image_size", {"image_size"});
  r.Take("output_dim", {"output_dim", "out_hidden_size"});
  r.Take("num_mel_bins", {"num_mel_bins"});
  r.Take("activation", {"hidden_act", "activation_function"});
  r.Take("norm.eps", {"layer_norm_eps", "rms_norm_eps"});
}

// GGUF metadata ("<arch>.block_count" ...), as dumped by llama.cpp tools or ollama's test data.
void ReadGgufKeys(const json& j, ArchConfig* out) {
  std::string arch =
      j["general.architecture"].is_string() ? j["general.architecture"].get<std::string>() : "";
  out->family = arch.empty() ? "unknown" : Lower(arch);
  json flat = json::object();
  const std::string p = arch + ".";
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key().rfind(p, 0) == 0) flat[it.key().substr(p.size())] = *it;
  }
  Reader r(flat, out, "");
  r.Take("num_layers", {"block_count"});
  r.Take("hidden_size", {"embedding_length"});
  r.Take("intermediate_size", {"feed_forward_length"});
  r.Take("num_heads", {"attention.head_count"});
  r.Take("num_kv_heads", {"attention.head_count_kv"});
  r.Take("head_dim", {"attention.key_length"});
  r.Take("max_position", {"context_length"});
  r.Take("vocab_size", {"vocab_size"});
  r.Take("rope.theta", {"rope.freq_base"});
  r.Take("rope.factor", {"rope.scaling.factor"});
  r.Take("rope.type", {"rope.scaling.type"});
  r.Take("rope.original_max_position", {"rope.scaling.original_context_length"});
  if (r.Take("norm.eps", {"attention.layer_norm_rms_epsilon"})) {
    r.Set("norm.type", "rmsnorm");
  } else if (r.Take("norm.eps", {"attention.layer_norm_epsilon"})) {
    r.Set("norm.type", "layernorm");
  }
  r.Take("moe.num_experts", {"expert_count"});
  r.Take("moe.experts_per_token", {"expert_used_count"});
  r.Take("moe.intermediate_size", {"expert_feed_forward_length"});
  r.Take("moe.shared_experts", {"expert_shared_count"});
  r.Take("moe.first_dense_layers", {"leading_dense_block_count"});
  r.Take("mla.q_lora_rank", {"attention.q_lora_rank"});
  r.Take("mla.kv_lora_rank", {"attention.kv_lora_rank"});
  r.Take("sliding_window", {"attention.sliding_window"});
  r.Take("attn_logit_softcapping", {"attn_logit_softcapping"});
  r.Take("final_logit_softcapping", {"final_logit_softcapping"});
  out->notes.push_back("read from GGUF metadata keys");
}

}  // namespace

const nlohmann::json* ArchConfig::Get(const std::string& key) const {
  auto it = fields.find(key);
  return it == fields.end() ? nullptr : &it->second;
}

std::optional<int64_t> ArchConfig::Int(const std::string& key) const {
  const json* v = Get(key);
  if (!v || !v->is_number_integer()) return std::nullopt;
  return v->get<int64_t>();
}

std::optional<double> ArchConfig::Number(const std::string& key) const {
  const json* v = Get(key);
  if (!v || !v->is_number()) return std::nullopt;
  return v->get<double>();
}

Result<ArchConfig> ArchConfigFromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) return Corrupt(source, "config is not a JSON object");
  ArchConfig out;
  out.source = source;

  if (j.contains("general.architecture")) {
    ReadGgufKeys(j, &out);
    out.fields["family"] = out.family;
    return out;
  }

  // The trunk: top level, overridden by a nested language-model config when there is one.
  json trunk = j;
  for (const char* k : {"text_config", "llm_config", "language_config"}) {
    auto it = j.find(k);
    if (it != j.end() && it->is_object()) {
      for (auto f = it->begin(); f != it->end(); ++f) trunk[f.key()] = f.value();
      out.notes.push_back(std::string("language model read from nested ") + k);
    }
  }

  std::string family;
  if (trunk.contains("model_type") && trunk["model_type"].is_string()) {
    family = Lower(trunk["model_type"].get<std::string>());
  }
  if (j.contains("model_type") && j["model_type"].is_string() && family.empty()) {
    family = Lower(j["model_type"].get<std::string>());
  }
  if (family.empty()) family = FamilyFromArchitectures(j);
  if (family.empty() && j.contains("dim") && j.contains("n_layers")) {
    family = j.contains("moe") ? "mixtral" : "llama";  // Meta / Mistral native params.json
    out.notes.push_back("native params.json (Meta/Mistral layout)");
  }
  out.family = family.empty() ? "unknown" : family;
  ReadTrunk(trunk, out.family, &out);
  if (j.contains("model_type") && j["model_type"].is_string() &&
      Lower(j["model_type"].get<std::string>()) != out.family) {
    out.fields["wrapper_type"] = Lower(j["model_type"].get<std::string>());
  }

  for (const auto& [key, prefix] :
       {std::pair{"vision_config", "vision."}, std::pair{"visual", "vision."},
        std::pair{"audio_config", "audio."}}) {
    auto it = j.find(key);
    if (it != j.end() && it->is_object()) ReadTower(*it, prefix, &out);
  }
  if (auto it = j.find("vision_encoder"); it != j.end() && it->is_string()) {
    out.fields["vision.encoder"] = *it;
    out.fields.erase("extra.vision_encoder");
  }

  out.fields["family"] = out.family;
  if (auto it = j.find("auto_map"); it != j.end() && it->is_object()) {
    for (auto m = it->begin(); m != it->end(); ++m) {
      std::string target = m->is_string() ? m->get<std::string>() : m->dump();
      out.remote_code.push_back(m.key() + " -> " + target);
    }
  }
  return out;
}

Result<ArchConfig> LoadArchConfig(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string file = path;
  if (fs::is_directory(path, ec)) {
    file.clear();
    for (const char* name : {"config.json", "params.json"}) {
      fs::path p = fs::path(path) / name;
      if (fs::is_regular_file(p, ec)) {
        file = p.string();
        break;
      }
    }
    if (file.empty()) return NotFound(path + ": no config.json or params.json in this directory");
  } else if (!fs::exists(path, ec)) {
    return NotFound(path + ": no such file or directory");
  }
  LINEAGE_ASSIGN_OR_RETURN(json j, ReadJsonFile(file, 16 << 20));
  return ArchConfigFromJson(j, file);
}

std::string KeyCategory(const std::string& key) {
  auto starts = [&](const char* p) { return key.rfind(p, 0) == 0; };
  if (starts("vision.")) return "vision";
  if (starts("audio.")) return "audio";
  if (starts("moe.")) return "moe";
  if (starts("mla.")) return "mla";
  if (starts("rope.") || starts("position.") || key == "max_position") return "position";
  if (starts("norm.")) return "norm";
  if (starts("extra.")) return "extra";
  static const std::set<std::string> kMeta = {"dtype",        "initializer_range", "bos_token_id",
                                              "eos_token_id", "pad_token_id",      "architectures",
                                              "quantization", "wrapper_type",      "family"};
  if (kMeta.count(key)) return "metadata";
  static const std::set<std::string> kAttn = {"num_heads",
                                              "num_kv_heads",
                                              "head_dim",
                                              "attention_bias",
                                              "qk_norm",
                                              "sliding_window",
                                              "max_window_layers",
                                              "attn_logit_softcapping",
                                              "query_pre_attn_scalar"};
  if (kAttn.count(key)) return "attention";
  if (key == "activation" || starts("mlp") || key == "intermediate_size") return "mlp";
  return "shape";
}

std::string FormatValue(const nlohmann::json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
    return buf;
  }
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_array() && v.size() > 4) {
    return "[" + FormatValue(v.front()) + ", " + FormatValue(v[1]) + ", ... " +
           FormatValue(v.back()) + "] (" + std::to_string(v.size()) + " values)";
  }
  return v.dump();
}

}  // namespace lineage
