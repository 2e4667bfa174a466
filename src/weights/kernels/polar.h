// PolarFactor: the orthogonal factor U Vᵀ of a square matrix M = U Σ Vᵀ, i.e. the orthogonal
// matrix nearest to M (the rotation of orthogonal Procrustes, METHODS.md §4.1 step 3).
//
// Why LAPACK: the SVD of a d × d matrix is the residual alignment's dominant cost (d = 4096 at
// 7B). LAPACK's divide-and-conquer SVD (sgesdd, from the OpenBLAS lineage links against) does its
// heavy steps as threaded level-3 BLAS; Eigen's BDCSVD, used before, ran them on one core in
// double precision and took about 45 s at d = 4096 on the 2-core bench machine. Single precision
// keeps the factor orthogonal to about 1e-6, far below what any later statistic resolves, and
// halves the memory (about 7·d² floats at the peak: M, U, Vᵀ and LAPACK's workspace).
//
// Contract:
//   - `m` is d × d (row-major), finite; it is consumed. Returns the d × d factor, row-major.
//   - Non-square, empty or non-finite input → kInvalidArgument; an SVD that does not converge
//     (LAPACK info > 0) → kInternal, naming the routine.
//   - Deterministic for a given BLAS thread count; thread-safe (LAPACK and OpenBLAS are).
#pragma once

#include "util/status.h"
#include "weights/kernels/matrix.h"

namespace lineage {

[[nodiscard]] Result<MatrixF> PolarFactor(MatrixF m);

}  // namespace lineage
