#include "model/qk_permutation.h"

#include <algorithm>

namespace lineage {

std::vector<float> PermuteHfToInterleaved(const float* values, uint64_t rows, uint64_t cols,
                                          uint64_t head_dim) {
  std::vector<float> out(rows * cols);
  for (uint64_t r = 0; r < rows; ++r) {
    uint64_t dst = InterleavedRowOfHfRow(r, head_dim);
    std::copy(values + r * cols, values + (r + 1) * cols, out.begin() + dst * cols);
  }
  return out;
}

}  // namespace lineage
