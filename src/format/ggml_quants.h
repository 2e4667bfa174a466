// GGML block dequantisation (FORMATS.md §2.1). Owned by the GGUF reader; declared here so
// DecodeToF32 can dispatch block types to it.
//
// Contract: `n` counts elements and must be a multiple of BlockElems(t); `src` holds
// n / BlockElems(t) blocks of BlockBytes(t) bytes each and need not be aligned. Types that are
// detected but not decoded return kUnsupported naming the type. Pure and thread-safe.
#pragma once

#include <cstdint>

#include "format/dtype.h"
#include "util/status.h"

namespace lineage {

Status DequantizeGgml(DType t, const uint8_t* src, uint64_t n, float* dst);

}  // namespace lineage
