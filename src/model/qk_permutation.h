// llama.cpp / Meta / llama2.c interleaved-RoPE row order for Q and K, and its inverse.
//
// Within a head of D rows, interleaved row 2i + j holds HF row j·D/2 + i (0 ≤ i < D/2, j ∈ {0,1})
// (METHODS.md §2.2). Pure functions; D must be even (callers check).
#pragma once

#include <cstdint>
#include <vector>

namespace lineage {

// The stored (interleaved) row that holds canonical HF row `r` (r counts from the tensor's first
// row; heads are consecutive blocks of head_dim rows).
inline uint64_t InterleavedRowOfHfRow(uint64_t r, uint64_t head_dim) {
  uint64_t half = head_dim / 2;
  uint64_t head = r / head_dim, in = r % head_dim;
  uint64_t j = in / half, i = in % half;
  return head * head_dim + 2 * i + j;
}

// Reorders rows × cols values from HF order into interleaved order, as llama.cpp's converter
// does. Used to build fixtures and by writers; the model layer only ever inverts it.
std::vector<float> PermuteHfToInterleaved(const float* values, uint64_t rows, uint64_t cols,
                                          uint64_t head_dim);

}  // namespace lineage
