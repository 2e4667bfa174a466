// GGML block dequantisation (FORMATS.md §2.1): Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K,
// Q5_K, Q6_K, IQ4_NL, IQ4_XS, TQ2_0 and MXFP4, plus the scalar F32, F16 and BF16 for convenience.
// Owned by the GGUF reader; dtype.cc's DecodeToF32 dispatches block types here.
//
// Contract:
//   - DequantizeGgml decodes n elements of type t from src into dst. n must be a multiple of the
//     type's block (kInvalidArgument otherwise); src holds n / block_elems whole blocks and need
//     not be aligned. Any other type returns kUnsupported naming it.
//   - Pure, allocation-free and thread-safe. Results are exact f32 products of the stored f16/i8
//     scales and codes, as ggml computes them.
#pragma once

#include <cstdint>

#include "format/dtype.h"
#include "util/status.h"

namespace lineage {

Status DequantizeGgml(DType t, const uint8_t* src, uint64_t n, float* dst);

// True when DequantizeGgml decodes t.
bool CanDequantizeGgml(DType t);

// IEEE binary16 → binary32, exact. The block scales of every ggml type are f16. (Same function as
// dtype.h's HalfToFloat; kept here so the dequantisers stand alone.)
float GgmlHalfToFloat(uint16_t h);

// The IQ4_NL / IQ4_XS non-linear code book.
extern const int8_t kGgmlIq4nlValues[16];

}  // namespace lineage
