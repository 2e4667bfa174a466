#include "format/gguf_types.h"

#include <string>

namespace lineage {

namespace {

constexpr GgmlTypeInfo kTypes[] = {
    {0, "F32", DType::kF32, 1, 4},
    {1, "F16", DType::kF16, 1, 2},
    {2, "Q4_0", DType::kQ4_0, 32, 18},
    {3, "Q4_1", DType::kQ4_1, 32, 20},
    {6, "Q5_0", DType::kQ5_0, 32, 22},
    {7, "Q5_1", DType::kQ5_1, 32, 24},
    {8, "Q8_0", DType::kQ8_0, 32, 34},
    {9, "Q8_1", DType::kQ8_1, 32, 36},
    {10, "Q2_K", DType::kQ2_K, 256, 84},
    {11, "Q3_K", DType::kQ3_K, 256, 110},
    {12, "Q4_K", DType::kQ4_K, 256, 144},
    {13, "Q5_K", DType::kQ5_K, 256, 176},
    {14, "Q6_K", DType::kQ6_K, 256, 210},
    {15, "Q8_K", DType::kQ8_K, 256, 292},
    {16, "IQ2_XXS", DType::kIQ2_XXS, 256, 66},
    {17, "IQ2_XS", DType::kIQ2_XS, 256, 74},
    {18, "IQ3_XXS", DType::kIQ3_XXS, 256, 98},
    {19, "IQ1_S", DType::kIQ1_S, 256, 50},
    {20, "IQ4_NL", DType::kIQ4_NL, 32, 18},
    {21, "IQ3_S", DType::kIQ3_S, 256, 110},
    {22, "IQ2_S", DType::kIQ2_S, 256, 82},
    {23, "IQ4_XS", DType::kIQ4_XS, 256, 136},
    {24, "I8", DType::kI8, 1, 1},
    {25, "I16", DType::kI16, 1, 2},
    {26, "I32", DType::kI32, 1, 4},
    {27, "I64", DType::kI64, 1, 8},
    {28, "F64", DType::kF64, 1, 8},
    {29, "IQ1_M", DType::kIQ1_M, 256, 56},
    {30, "BF16", DType::kBF16, 1, 2},
    {34, "TQ1_0", DType::kTQ1_0, 256, 54},
    {35, "TQ2_0", DType::kTQ2_0, 256, 66},
    {39, "MXFP4", DType::kMXFP4, 32, 17},
    {40, "NVFP4", DType::kNVFP4, 64, 36},
    {41, "Q1_0", DType::kQ1_0, 128, 18},
};

}  // namespace

const GgmlTypeInfo* GgmlTypeById(uint32_t id) {
  for (const GgmlTypeInfo& t : kTypes) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const GgmlTypeInfo* GgmlTypeByDType(DType d) {
  for (const GgmlTypeInfo& t : kTypes) {
    if (t.dtype == d) return &t;
  }
  return nullptr;
}

Result<uint64_t> GgmlTensorBytes(const GgmlTypeInfo& type, const uint64_t* ne, uint32_t n_dims) {
  uint64_t row = n_dims == 0 ? 1 : ne[0];
  if (row % type.block_elems != 0) {
    return InvalidArgument("row length " + std::to_string(row) + " is not a multiple of " +
                           type.name + "'s block of " + std::to_string(type.block_elems));
  }
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(row / type.block_elems, uint64_t{type.block_bytes}, &bytes)) {
    return InvalidArgument("tensor size overflows 64 bits");
  }
  for (uint32_t d = 1; d < n_dims; ++d) {
    if (__builtin_mul_overflow(bytes, ne[d], &bytes)) {
      return InvalidArgument("tensor size overflows 64 bits");
    }
  }
  return bytes;
}

}  // namespace lineage
