// Test helpers for the GGUF and llama2.c tests: a little-endian byte builder for hand-made
// (often hostile) files, and a minimal independent safetensors reader (header via nlohmann) so
// these tests do not depend on the safetensors reader.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/checkpoint.h"
#include "test_util.h"

namespace lineage::testing {

class Bytes {
 public:
  template <typename T>
  Bytes& Put(T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    data.insert(data.end(), b, b + sizeof(T));
    return *this;
  }
  Bytes& U8(uint8_t v) { return Put(v); }
  Bytes& U32(uint32_t v) { return Put(v); }
  Bytes& I32(int32_t v) { return Put(v); }
  Bytes& U64(uint64_t v) { return Put(v); }
  Bytes& F32(float v) { return Put(v); }
  Bytes& Raw(const std::string& s) {
    data.insert(data.end(), s.begin(), s.end());
    return *this;
  }
  Bytes& Str(const std::string& s) { return U64(s.size()).Raw(s); }
  Bytes& PadTo(size_t alignment) {
    while (data.size() % alignment != 0) data.push_back(0);
    return *this;
  }
  Bytes& Zeros(size_t n) {
    data.insert(data.end(), n, 0);
    return *this;
  }
  std::vector<uint8_t> data;
};

struct StTensor {
  std::string dtype;
  std::vector<uint64_t> shape;
  std::vector<uint8_t> bytes;
};

// Reads every tensor of a (small) safetensors file into memory.
inline std::map<std::string, StTensor> ReadSafetensorsForTest(const std::string& path) {
  std::vector<uint8_t> file = ReadFile(path);
  uint64_t n = 0;
  std::memcpy(&n, file.data(), 8);
  auto header = nlohmann::json::parse(file.begin() + 8, file.begin() + 8 + static_cast<long>(n));
  std::map<std::string, StTensor> out;
  for (auto& [name, info] : header.items()) {
    if (name == "__metadata__") continue;
    StTensor t;
    t.dtype = info["dtype"].get<std::string>();
    t.shape = info["shape"].get<std::vector<uint64_t>>();
    uint64_t begin = info["data_offsets"][0], end = info["data_offsets"][1];
    t.bytes.assign(file.begin() + 8 + static_cast<long>(n + begin),
                   file.begin() + 8 + static_cast<long>(n + end));
    out[name] = std::move(t);
  }
  return out;
}

inline std::vector<float> AsFloats(const std::vector<uint8_t>& bytes) {
  std::vector<float> v(bytes.size() / 4);
  std::memcpy(v.data(), bytes.data(), v.size() * 4);
  return v;
}

inline std::vector<uint8_t> ReadTensor(const TensorInfo& t) {
  std::vector<uint8_t> out(t.nbytes);
  Status st = t.source->ReadAt(t.offset, out);
  if (!st.ok()) out.clear();
  return out;
}

inline std::map<std::string, const TensorInfo*> TensorsByName(const Checkpoint& c) {
  std::map<std::string, const TensorInfo*> m;
  for (const TensorInfo& t : c.tensors) m[t.name] = &t;
  return m;
}

// Llama tensor names, HF ↔ GGUF (METHODS.md §2.1), for the tiny models in examples/.
inline const std::vector<std::pair<std::string, std::string>>& LlamaLayerSuffixes() {
  static const std::vector<std::pair<std::string, std::string>> kSuffixes = {
      {"input_layernorm.weight", "attn_norm.weight"},
      {"post_attention_layernorm.weight", "ffn_norm.weight"},
      {"self_attn.q_proj.weight", "attn_q.weight"},
      {"self_attn.k_proj.weight", "attn_k.weight"},
      {"self_attn.v_proj.weight", "attn_v.weight"},
      {"self_attn.o_proj.weight", "attn_output.weight"},
      {"mlp.gate_proj.weight", "ffn_gate.weight"},
      {"mlp.up_proj.weight", "ffn_up.weight"},
      {"mlp.down_proj.weight", "ffn_down.weight"},
  };
  return kSuffixes;
}

inline std::string GgufNameForHf(const std::string& hf) {
  if (hf == "model.embed_tokens.weight") return "token_embd.weight";
  if (hf == "model.norm.weight") return "output_norm.weight";
  const std::string prefix = "model.layers.";
  if (hf.compare(0, prefix.size(), prefix) != 0) return "unmapped:" + hf;
  std::string rest = hf.substr(prefix.size());
  std::string layer = rest.substr(0, rest.find('.'));
  rest = rest.substr(rest.find('.') + 1);
  for (const auto& [h, g] : LlamaLayerSuffixes()) {
    if (rest == h) return "blk." + layer + "." + g;
  }
  return "unmapped:" + hf;
}

inline std::string HfNameForGguf(const std::string& g) {
  if (g == "token_embd.weight") return "model.embed_tokens.weight";
  if (g == "output_norm.weight") return "model.norm.weight";
  if (g.compare(0, 4, "blk.") != 0) return "unmapped:" + g;
  size_t dot = g.find('.', 4);
  std::string layer = g.substr(4, dot - 4), rest = g.substr(dot + 1);
  for (const auto& [h, gg] : LlamaLayerSuffixes()) {
    if (rest == gg) return "model.layers." + layer + "." + h;
  }
  return "unmapped:" + g;
}

}  // namespace lineage::testing
