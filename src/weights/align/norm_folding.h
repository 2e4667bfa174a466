// Norm folding (METHODS.md §2.4): a pre-norm y = γ ⊙ x / rms(x) followed by a linear map W equals
// (W · diag(γ)) (x / rms(x)). Folding γ into the reading matrices makes every statistic invariant
// to moving scale between γ and W (camouflage T5) and lets a residual rotation act on W alone.
//
// Contract:
//   - FoldNormInto scales W's columns by the effective γ (1 + w for Gemma-style offsets).
//     W must have as many columns as γ has entries; otherwise kInvalidArgument.
//   - FoldedBlockReader returns a block's reading matrices with their norm folded: q, k, v by
//     attn_norm; gate, up (every expert and the router) by mlp_norm; lm_head (or the tied
//     embedding used as lm_head) by the final norm. Writing matrices (o, down) are returned as
//     they are. A missing norm means γ = 1 (nothing to fold).
//   - Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include "weights/source/weight_source.h"

namespace lineage {

// Effective γ: w itself, or 1 + w when the model stores the Gemma offset.
Eigen::VectorXf EffectiveGamma(const Mat& norm_weight, bool gemma_offset);

Status FoldNormInto(Mat& w, const Eigen::VectorXf& gamma);

// The role whose γ multiplies `role`'s input, or Role::kOther if none folds into it.
Role NormFoldedInto(Role role);

// The effective γ folded into `key`'s input; nullopt when `key`'s role has no norm or the model
// stores none. With `non_finite`, NaN/Inf entries are zeroed and counted there (an entry is one
// weight, counted once); without it they are kept. A failed read of the norm is returned.
[[nodiscard]] Result<std::optional<Eigen::VectorXf>> StoredGamma(const WeightSource& src,
                                                                 const TensorKey& key,
                                                                 int64_t* non_finite = nullptr);

// Reads `key` and, for reading matrices, folds the preceding norm in. Norm vectors themselves and
// writing matrices are returned unchanged.
Result<Mat> ReadFolded(const WeightSource& src, const TensorKey& key);
// Folds into `w`, the matrix stored under `key` already read from `src`, the norm ReadFolded
// would fold (nothing for roles without one): for callers that also need the raw values.
Status FoldStoredNorm(const WeightSource& src, const TensorKey& key, Mat& w);

}  // namespace lineage
