#include "report/inspect_json.h"

#include <map>
#include <string>

#include "model/tokenizer_info.h"

namespace lineage {
namespace {

// The config values worth a line in a summary, when present.
constexpr const char* kKeyConfig[] = {"model_type",
                                      "hidden_size",
                                      "num_hidden_layers",
                                      "num_attention_heads",
                                      "num_key_value_heads",
                                      "head_dim",
                                      "intermediate_size",
                                      "moe_intermediate_size",
                                      "vocab_size",
                                      "max_position_embeddings",
                                      "rope_theta",
                                      "rms_norm_eps",
                                      "tie_word_embeddings",
                                      "num_local_experts",
                                      "num_experts",
                                      "n_routed_experts",
                                      "n_shared_experts",
                                      "num_experts_per_tok",
                                      "q_lora_rank",
                                      "kv_lora_rank",
                                      "num_nextn_predict_layers",
                                      "sliding_window",
                                      "torch_dtype",
                                      "n_embd",
                                      "n_layer",
                                      "n_head"};

nlohmann::json ConfigSummary(const Model& m) {
  nlohmann::json out = nlohmann::json::object();
  if (!m.config || !m.config->is_object()) return out;
  const nlohmann::json* c = &*m.config;
  for (const char* k : kKeyConfig) {
    auto it = c->find(k);
    if (it == c->end() && c->contains("text_config") && (*c)["text_config"].is_object()) {
      const auto& t = (*c)["text_config"];
      auto jt = t.find(k);
      if (jt != t.end() && !jt->is_null()) out[k] = *jt;
      continue;
    }
    if (it != c->end() && !it->is_null()) out[k] = *it;
  }
  return out;
}

}  // namespace

nlohmann::json InspectJson(const Model& m) {
  const ParameterCount pc = CountParameters(m);
  const TokenizerInfo tok = DescribeTokenizer(m);
  nlohmann::json j;
  j["path"] = m.path;
  j["format"] = m.format;
  nlohmann::json files = nlohmann::json::array();
  std::map<std::string, uint64_t> dtypes;
  uint64_t stored = 0;
  for (const Checkpoint& c : m.checkpoints) {
    for (const std::string& f : c.files) files.push_back(f);
    for (const TensorInfo& t : c.tensors) {
      dtypes[DTypeName(t.dtype)] += 1;
      ++stored;
    }
  }
  j["files"] = files;
  // Reading accounting (model/model.h): inspect reads headers only.
  j["revision"] =
      m.location.revision.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.location.revision);
  j["bytes_read"] = m.location.stats->bytes_read.load(std::memory_order_relaxed);
  j["bytes_total"] = m.location.bytes_total;
  j["requests"] = m.location.stats->requests.load(std::memory_order_relaxed);
  j["architecture"] = m.architecture;
  j["config"] = ConfigSummary(m);
  j["parameters"]["total"] = pc.total;
  j["parameters"]["active"] = pc.active ? nlohmann::json(*pc.active) : nlohmann::json(nullptr);
  j["parameters"]["by_role"] = pc.by_role;
  j["parameters"]["by_component"] = pc.by_component;
  j["stored_tensor_count"] = stored;
  j["tensor_count"] = m.tensors.size();
  j["dtypes"] = dtypes;
  j["tied_embeddings"] = m.tied_embeddings;
  j["num_layers"] = m.num_layers();
  nlohmann::json tensors = nlohmann::json::array();
  std::map<std::string, uint64_t> roles;
  for (const ModelTensor& t : m.tensors) {
    nlohmann::json e;
    e["name"] = t.name;
    e["role"] = RoleName(t.role);
    e["layer"] = t.layer;
    if (t.expert >= 0) e["expert"] = t.expert;
    if (t.shared_expert) e["shared_expert"] = true;
    if (t.bias) e["bias"] = true;
    e["component"] = t.component;
    e["dtype"] = DTypeName(t.info.dtype);
    e["shape"] = t.shape;
    tensors.push_back(std::move(e));
    roles[RoleName(t.role)] += 1;
  }
  j["tensors"] = std::move(tensors);
  j["roles"] = roles;
  j["unmapped"] = m.unmapped;
  j["tokenizer"] = {{"path", tok.path}, {"kind", tok.kind}};
  if (tok.vocab_size) j["tokenizer"]["vocab_size"] = *tok.vocab_size;
  if (!tok.note.empty()) j["tokenizer"]["note"] = tok.note;
  // vocab_size: the tokenizer's when we could count it, else the config's.
  nlohmann::json cfg = ConfigSummary(m);
  if (tok.vocab_size)
    j["vocab_size"] = *tok.vocab_size;
  else if (cfg.contains("vocab_size"))
    j["vocab_size"] = cfg["vocab_size"];
  else
    j["vocab_size"] = nullptr;
  j["notes"] = m.notes;
  return j;
}

}  // namespace lineage
