// Synthetic fixtures shared by the weights tests: seeded Gaussian matrices and the derived
// variants (noise, row permutation) that model fine-tuning and camouflage.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "stats/rng.h"
#include "weights/kernels/kernels.h"
#include "weights/kernels/matrix.h"

namespace lineage::testing {

inline std::vector<float> GaussianVector(size_t n, double mean, double sd, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(mean + sd * rng.Normal());
  return v;
}

inline MatrixF GaussianMatrix(size_t rows, size_t cols, uint64_t seed, double sd = 1.0) {
  Rng rng(seed);
  MatrixF m(rows, cols);
  rng.FillNormal(m.data, sd);
  return m;
}

// m + noise_sd · N(0, 1), a fine-tune-like perturbation.
inline MatrixF AddNoise(const MatrixF& m, double noise_sd, uint64_t seed) {
  Rng rng(seed);
  MatrixF out = m;
  for (float& x : out.data) x += static_cast<float>(noise_sd * rng.Normal());
  return out;
}

// Row r of the result is row perm[r] of m.
inline MatrixF PermuteRows(const MatrixF& m, const std::vector<int32_t>& perm) {
  return GatherRows(m.view(), perm);
}

// X Q for an orthogonal Q built from random Givens rotations of column pairs.
inline MatrixF RotateColumns(const MatrixF& x, uint64_t seed) {
  Rng rng(seed);
  MatrixF out = x;
  for (int t = 0; t < 400; ++t) {
    const size_t p = rng.Below(x.cols), q = rng.Below(x.cols);
    if (p == q) continue;
    const double th = 6.283185307179586 * rng.Uniform(), c = std::cos(th), s = std::sin(th);
    for (size_t i = 0; i < x.rows; ++i) {
      const double a = out.at(i, p), b = out.at(i, q);
      out.at(i, p) = static_cast<float>(c * a - s * b);
      out.at(i, q) = static_cast<float>(s * a + c * b);
    }
  }
  return out;
}

}  // namespace lineage::testing
