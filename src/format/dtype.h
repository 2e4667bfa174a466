// DType: every element type lineage can meet in a checkpoint, and decoding to f32.
//
// Contract:
//   - Block-quantised types (GGML Q*/IQ*/TQ*) have BlockElems() > 1; a tensor's row length must be
//     a multiple of it. Byte sizes are computed with overflow checks by TensorBytes().
//   - DecodeToF32 is pure and thread-safe. `n` counts elements and, for block types, must be a
//     multiple of BlockElems(); `src` need not be aligned. Types we detect but do not decode
//     return kUnsupported naming the type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace lineage {

enum class DType : uint8_t {
  kUnknown = 0,
  // IEEE and friends (safetensors, GGUF, torch)
  kF64,
  kF32,
  kF16,
  kBF16,
  kF8_E4M3,
  kF8_E5M2,
  kF8_E4M3FNUZ,
  kF8_E5M2FNUZ,
  kF8_E8M0,
  kF6_E2M3,
  kF6_E3M2,
  kF4,
  // integers
  kI8,
  kI16,
  kI32,
  kI64,
  kU8,
  kU16,
  kU32,
  kU64,
  kBool,
  kC64,
  // GGML block quantisation
  kQ4_0,
  kQ4_1,
  kQ5_0,
  kQ5_1,
  kQ8_0,
  kQ8_1,
  kQ2_K,
  kQ3_K,
  kQ4_K,
  kQ5_K,
  kQ6_K,
  kQ8_K,
  kIQ2_XXS,
  kIQ2_XS,
  kIQ3_XXS,
  kIQ1_S,
  kIQ4_NL,
  kIQ3_S,
  kIQ2_S,
  kIQ4_XS,
  kIQ1_M,
  kTQ1_0,
  kTQ2_0,
  kMXFP4,
  kNVFP4,
  kQ1_0,
};

// Canonical upper-case name ("BF16", "Q4_K", "F8_E4M3").
const char* DTypeName(DType t);
// Elements per block (1 for scalar types) and bytes per block. For sub-byte scalar types
// (F4, F6) BlockElems/BlockBytes describe their packing unit.
uint32_t BlockElems(DType t);
uint32_t BlockBytes(DType t);
bool IsFloating(DType t);   // decodes to real numbers (floats and quantised), not ints/bools
bool IsQuantized(DType t);  // block-quantised GGML type
// True when DecodeToF32 supports the type.
bool CanDecode(DType t);

// Byte size of a tensor of `numel` elements whose innermost dimension is `row_len`, or an error
// when row_len is not a multiple of the block or the size overflows 64 bits.
Result<uint64_t> TensorBytes(DType t, uint64_t numel, uint64_t row_len);

// Parses a safetensors dtype string ("F32", "BF16", "F8_E4M3", ...).
std::optional<DType> DTypeFromSafetensors(std::string_view s);
// Maps a ggml_type id (FORMATS.md 2.1) to a DType; nullopt for retired/unknown ids.
std::optional<DType> DTypeFromGgml(uint32_t ggml_type);

// Decodes n elements of type t at src into dst.
Status DecodeToF32(DType t, const uint8_t* src, uint64_t n, float* dst);

// Fast paths used by hot loops (also used by DecodeToF32).
void DecodeBF16(const uint8_t* src, uint64_t n, float* dst);
void DecodeF16(const uint8_t* src, uint64_t n, float* dst);
float HalfToFloat(uint16_t h);
uint16_t FloatToHalf(float f);  // round to nearest even
uint16_t FloatToBF16(float f);  // round to nearest even

}  // namespace lineage
