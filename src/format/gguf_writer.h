// GgufWriter: builds GGUF v3 files (little-endian) from key/values and tensors. Used to make test
// fixtures, e.g. a GGUF of a real safetensors model in llama.cpp's layout, quantised or not.
//
// Contract:
//   - Key/values are written in insertion order with the type in MetaValue::gguf_type (arrays:
//     gguf_type 9, element type in MetaValue::u, as the reader produces them). Tensors are
//     written in insertion order, each at an offset aligned to the alignment.
//   - Shapes are given outermost-first (HF order) and written as GGUF ne (fastest first).
//   - AddTensorF32 converts to F32, F16, BF16, Q8_0, Q4_0, Q4_K or Q6_K (ggml_quantize.h); the
//     innermost dimension must be a multiple of the type's block.
//   - Holds everything in memory: meant for fixtures, not for multi-GB conversions. Not
//     thread-safe; one writer per thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "format/dtype.h"
#include "format/metadata.h"
#include "util/status.h"

namespace lineage {

class GgufWriter {
 public:
  // A multiple of 8; a value other than 32 is also recorded as `general.alignment` (u32).
  Status SetAlignment(uint32_t alignment);

  void AddKV(std::string key, MetaValue value);
  void AddU32(std::string key, uint32_t v);
  void AddI32(std::string key, int32_t v);
  void AddF32(std::string key, float v);
  void AddBool(std::string key, bool v);
  void AddString(std::string key, std::string v);
  void AddStringArray(std::string key, const std::vector<std::string>& v);
  void AddF32Array(std::string key, const std::vector<float>& v);
  void AddI32Array(std::string key, const std::vector<int32_t>& v);

  // Raw bytes already in `type`'s encoding; their size must equal type × shape.
  Status AddTensor(std::string name, DType type, std::vector<uint64_t> shape,
                   std::vector<uint8_t> bytes);
  // Values in row-major order, converted to `store_as`.
  Status AddTensorF32(std::string name, std::vector<uint64_t> shape, std::span<const float> values,
                      DType store_as);

  std::vector<uint8_t> Serialize() const;
  Status WriteFile(const std::string& path) const;

 private:
  struct Tensor {
    std::string name;
    uint32_t ggml_type;
    std::vector<uint64_t> shape;
    std::vector<uint8_t> bytes;
  };
  uint32_t alignment_ = 32;
  std::vector<std::pair<std::string, MetaValue>> kvs_;
  std::vector<Tensor> tensors_;
};

// llama.cpp's Q/K row order (METHODS.md §2.2), HF → GGUF: within head h of size D = rows/n_head,
// GGUF row h·D + 2i + j holds HF row h·D + j·D/2 + i. Rows are `row_bytes` wide, any dtype.
// Fails when rows is not a multiple of n_head or D is odd.
Status PermuteQKRowsForGguf(const uint8_t* hf, uint64_t rows, uint64_t row_bytes, uint32_t n_head,
                            uint8_t* gguf);

}  // namespace lineage
