// Reference quantisers F32 → Q8_0, Q4_0, Q4_K and Q6_K, for building quantised test fixtures
// (e.g. a Q4_K copy of a real model) and for the GGUF writer.
//
// Contract:
//   - QuantizeGgml writes n / block_elems blocks of type t for n floats; n must be a multiple of
//     the block, dst must hold GgmlTypeByDType(t)->block_bytes per block. Other types return
//     kUnsupported. Pure and thread-safe.
//   - These are simple round-to-nearest quantisers, not llama.cpp's error-minimising searches:
//     the bytes differ from llama-quantize's output, but they are valid blocks, and the
//     per-element error is at most about half a quantisation step (see the tests for the bounds).
//   - Non-finite inputs give non-finite or clamped outputs; no error is raised for them.
#pragma once

#include <cstdint>

#include "format/dtype.h"
#include "util/status.h"

namespace lineage {

Status QuantizeGgml(DType t, const float* src, uint64_t n, uint8_t* dst);

// IEEE binary32 → binary16 with round-to-nearest-even (overflow → ±Inf, NaN kept NaN).
uint16_t GgmlFloatToHalf(float f);

}  // namespace lineage
