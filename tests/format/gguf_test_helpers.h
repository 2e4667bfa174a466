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
    t.bytes.assign(file.begin() + 8 + static_cast<long>(n + begin), file.begin() + 8 + static_cast<long>(n + end));
    out[name] = std::move(t);
  }
  return out;
}

inline std::vector<float> AsFloats(const std::vector<uint8_t>& bytes) {
  std::vector<float> v(bytes.size() / 4);
  std::memcpy(v.data(), bytes.data(), v.size() * 4);
  return v;
}

}  // namespace lineage::testing
