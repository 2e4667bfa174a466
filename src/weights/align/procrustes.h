// Orthogonal Procrustes and the hash-half fit/score protocol of METHODS.md §4.1 step 3.
//
// Contract:
//   - OrthogonalProcrustes(A, B, rows_a, rows_b): the orthogonal R (d × d) minimising
//     Σ_k ‖A[rows_a[k]] R - B[rows_b[k]]‖², R = U Vᵀ from svd(Σ_k A[rows_a[k]]ᵀ B[rows_b[k]])
//     (kernels/polar.h). Empty row lists mean every row, paired by index. A and B are n × d with
//     the same d; the lists have equal length (n >= 1 pairs) and in-range rows; otherwise
//     InvalidArgument. The cross product is CrossProduct's: accumulated in float over chunks of
//     gathered rows, so no copy of A or B is made (the SVD is single precision anyway, so a
//     double product bought nothing the polar factor keeps).
//   - ProcrustesHoldout: rows of A and B are paired (row i of A ↔ row i of B, e.g. the same token
//     string). `fit_rows` and `score_rows` are disjoint index sets (the caller splits by a hash of
//     the token bytes). Fits R on fit_rows, scores the mean row cosine of A R vs B on score_rows;
//     the null refits R on `shuffles` random re-pairings of the fit rows (seeded) and scores each
//     the same way. z = (value - null mean) / null sd. The null is a shuffle null: approximate.
//     A caller that already has the fit rows' CrossProduct passes it (`fit_cross`), and the fit
//     uses it instead of multiplying again.
//   - Memory O(chunk · d + d²): about 7 d² floats while the SVD runs. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "util/cancel.h"
#include "util/status.h"
#include "weights/kernels/matrix.h"

namespace lineage {

// Σ_k A[rows_a[k]]ᵀ B[rows_b[k]] (d_a × d_b), in float, a chunk of gathered rows at a time
// (empty lists: every row, paired by index). Errors as OrthogonalProcrustes.
Result<MatrixF> CrossProduct(MatrixView a, MatrixView b, std::span<const int32_t> rows_a = {},
                             std::span<const int32_t> rows_b = {});

Result<MatrixF> OrthogonalProcrustes(MatrixView a, MatrixView b,
                                     std::span<const int32_t> rows_a = {},
                                     std::span<const int32_t> rows_b = {});

// Mean over rows of cos((A R)_i, B_i) for the given rows (all rows when `rows` is empty).
Result<double> MeanRowCosineAfter(MatrixView a, MatrixView r, MatrixView b,
                                  std::span<const int32_t> rows);

struct ProcrustesNull {
  double mean = 0, sd = 0;
  int shuffles = 0;
};

// The shuffle null of ProcrustesHoldout alone: `shuffles` refits on re-paired fit rows. A set
// `cancel` stops it between refits with kCancelled (each refit is a d × d SVD).
Result<ProcrustesNull> ProcrustesShuffleNull(MatrixView a, MatrixView b,
                                             std::span<const int32_t> fit_rows,
                                             std::span<const int32_t> score_rows, int shuffles,
                                             uint64_t seed, const CancelFlag* cancel = nullptr);

struct ProcrustesHoldoutResult {
  MatrixF rotation;           // fitted on fit_rows
  double value = 0;           // mean row cosine on score_rows
  double identity_value = 0;  // the same score with R = I (no rotation)
  double null_mean = 0;
  double null_sd = 0;
  double z = 0;  // (value - null_mean) / null_sd; 0 when null_sd == 0
  int shuffles = 0;
};

Result<ProcrustesHoldoutResult> ProcrustesHoldout(MatrixView a, MatrixView b,
                                                  std::span<const int32_t> fit_rows,
                                                  std::span<const int32_t> score_rows, int shuffles,
                                                  uint64_t seed,
                                                  std::optional<MatrixF> fit_cross = std::nullopt);

}  // namespace lineage
