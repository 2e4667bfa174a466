// Test helper: reads one F32 tensor from a small safetensors file (the example models), so the
// weights tests can run on real trained weights without depending on the model reader.
// Bounded: refuses headers over 1 MB and tensors whose offsets leave the file.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"
#include "weights/kernels/matrix.h"

namespace lineage::testing {

inline Result<MatrixF> ReadF32Tensor(const std::string& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 8) return Corrupt(path, 0, "too short");
  uint64_t header_len;
  std::memcpy(&header_len, bytes.data(), 8);
  if (header_len > (1u << 20) || 8 + header_len > bytes.size())
    return Corrupt(path, 0, "bad header length");
  const auto header =
      nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + header_len, nullptr, false);
  if (header.is_discarded() || !header.contains(name)) return NotFound(path + ": " + name);
  const auto& t = header[name];
  if (t["dtype"] != "F32") return Unsupported(name + " is not F32");
  const auto shape = t["shape"].get<std::vector<uint64_t>>();
  const auto off = t["data_offsets"].get<std::vector<uint64_t>>();
  const uint64_t rows = shape.size() == 2 ? shape[0] : 1, cols = shape.back();
  const uint64_t begin = 8 + header_len + off[0];
  if (off[1] < off[0] || off[1] - off[0] != rows * cols * 4 ||
      8 + header_len + off[1] > bytes.size()) {
    return Corrupt(path, begin, name + ": bad offsets");
  }
  MatrixF m(rows, cols);
  std::memcpy(m.data.data(), bytes.data() + begin, rows * cols * 4);
  return m;
}

}  // namespace lineage::testing
