// HalfProducts: each half of the shared embedding rows multiplied once, for every step of the
// residual alignment (METHODS.md §4.1) that needs a d × d product.
//
// Why: the identity hit count (correlation over all rows), the signed permutation (correlation
// over the fit half, centred by that half's means) and the rotation (Procrustes on the fit half)
// each formed their own Aᵀ B, three products of up to 16k × d rows (about 4·10¹¹ flops at
// d = 4096). All three follow from the two halves' cross products and column moments:
//   fit half:   Aᵀ B − n μ_a μ_bᵀ, normalised by √(Σa² − n μ_a²)·√(Σb² − n μ_b²);
//   all rows:   (C_fit + C_score) normalised by √(Σa²)·√(Σb²) (the rows are centred over all of
//               them, as the caller's Centre step leaves them).
//
// Contract:
//   - MultiplyHalf(a, b, rows): a and b are n × d_a and n × d_b (paired rows), `rows` in range
//     (else InvalidArgument). The cross product is procrustes.h's CrossProduct (float, chunked);
//     sums and sums of squares are accumulated in double.
//   - HalfCorrelation / AllRowsCorrelation: d_a × d_b Pearson correlations (a zero-variance
//     column correlates 0 with everything).
//   - Pure; thread-safe on distinct objects. Memory: the d_a × d_b cross product per half.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "util/status.h"
#include "weights/kernels/kernels.h"
#include "weights/source/weight_source.h"

namespace lineage {

struct HalfProducts {
  MatrixF cross;                     // Σ over the half's rows of a_rowᵀ b_row
  Eigen::VectorXd sum_a, sum_b;      // column sums
  Eigen::VectorXd sumsq_a, sumsq_b;  // column sums of squares
  double n = 0;                      // rows in the half
};

[[nodiscard]] Result<HalfProducts> MultiplyHalf(const Mat& a, const Mat& b,
                                                const std::vector<int32_t>& rows);

// Correlation over one half's rows, each column centred by the half's own mean.
Mat HalfCorrelation(const HalfProducts& h);

// Correlation over the rows of both halves, the columns taken as already centred.
Mat AllRowsCorrelation(const HalfProducts& fit, const HalfProducts& score);

}  // namespace lineage
