// Centred kernel alignment, unbiased (METHODS.md §4.4, Song et al. 2012).
//
// Contract:
//   - X is n × p and Y is n × q: rows are samples (for AWM-style use, the d residual dimensions),
//     columns are features. n must match and be >= 4; otherwise InvalidArgument.
//   - Linear kernels K = X Xᵀ, L = Y Yᵀ with zeroed diagonals; HSIC_u as in METHODS §4.4;
//     CKA_u = HSIC_u(K, L) / √(HSIC_u(K, K) HSIC_u(L, L)). Invariant to orthogonal transforms of
//     the feature space (X → X Q). Independent features give ≈ 0 (can be slightly negative).
//   - If either self-HSIC is <= 0 (degenerate input) → InvalidArgument.
//   - BiasedCka exists only to show why it must not be used (≈ 0.95 for independent isotropic
//     features at 200 × 4096); never report it as evidence.
//   - Memory O(n²) for the Gram matrices. Pure, thread-safe.
#pragma once

#include "util/status.h"
#include "weights/kernels/matrix.h"

namespace lineage {

Result<double> UnbiasedHsic(MatrixView x, MatrixView y);
Result<double> UnbiasedCka(MatrixView x, MatrixView y);
Result<double> BiasedCka(MatrixView x, MatrixView y);

}  // namespace lineage
