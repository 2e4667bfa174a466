// GGML tensor types as GGUF files number them (FORMATS.md §2.1): id, name, block geometry and the
// lineage DType each maps to. Used by the GGUF reader and writer and by the dequantisers.
//
// Contract: a fixed, immutable table; lookups are pure and thread-safe. Retired ids (4, 5, 31-33,
// 36-38) and ids newer than the table are "unknown": GgmlTypeById returns nullptr for them so the
// reader can name the id in its error.
#pragma once

#include <cstdint>
#include <optional>

#include "format/dtype.h"
#include "util/status.h"

namespace lineage {

struct GgmlTypeInfo {
  uint32_t id;       // ggml_type value stored in GGUF tensor infos
  const char* name;  // ggml's upper-case name, e.g. "Q4_K"
  DType dtype;
  uint32_t block_elems;  // 1 for scalar types
  uint32_t block_bytes;  // bytes per block (element size for scalar types)
};

const GgmlTypeInfo* GgmlTypeById(uint32_t id);
const GgmlTypeInfo* GgmlTypeByDType(DType t);

// Bytes of a tensor whose fastest dimension is ne[0] (GGUF order). Fails, naming the type, when
// ne[0] is not a multiple of the block or the size overflows 64 bits.
Result<uint64_t> GgmlTensorBytes(const GgmlTypeInfo& type, const uint64_t* ne, uint32_t n_dims);

}  // namespace lineage
