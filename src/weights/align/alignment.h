// Residual-basis alignment through the shared-token embeddings (METHODS.md §4.1).
//
// Given A = E_cand[S] and B = E_base[S] (same token strings, row for row), tries in turn the
// identity, a signed permutation (LAP on |corr|, rectangular when widths differ) and an
// orthogonal rotation (Procrustes fitted on one hash half, scored on the other), and keeps the
// simplest transform whose held-out score is within 5 % of the best one. A non-identity transform
// is reported: needing one is itself a sign of camouflage (or of re-learned embeddings).
//
// Contract:
//   - The result maps both models into a common basis of width `common_dim`:
//     reading matrices (columns = residual dims) become W_a · T_a and W_b · T_b; writing
//     matrices (rows = residual dims) become T_aᵀ W_a and T_bᵀ W_b.
//   - Independent models align partly (convergent geometry): an alignment is not a verdict.
//     Under H0 the alignment never sees the order of hidden units, so S1's exact null survives.
//   - Fewer than 8 shared rows in either half → kind "none" (identity when widths agree, else
//     an error), with the reason in `note`.
//   - Pure; deterministic in `seed`; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evidence/finding.h"
#include "util/cancel.h"
#include "util/status.h"
#include "weights/align/shared_tokens.h"
#include "weights/source/weight_source.h"

namespace lineage {

enum class AlignmentKind { kNone, kIdentity, kSignedPermutation, kRotation };
const char* AlignmentKindName(
    AlignmentKind k);  // "none", "identity", "signed-permutation", "rotation"

// W · T for a reading matrix W (columns = residual dims, W.cols() == T.rows()). When T is a
// signed selection (the identity or a signed permutation: every column holds one ±1 and zeros)
// the product is a column gather, O(rows × cols) instead of a GEMM; the result is the same.
Mat ReadThrough(const Mat& w, const Mat& t);

// ReadThrough with T examined once, for callers that read many row chunks through one T (a
// streamed block). Holds a reference to `t`, which must outlive it; thread-safe for reads.
class BasisReader {
 public:
  explicit BasisReader(const Mat& t);
  Mat Read(const Mat& w) const;

 private:
  const Mat& t_;
  bool selection_ = false;  // every column of t holds one ±1 and zeros
  std::vector<Eigen::Index> rows_;
  std::vector<float> signs_;
};

struct ResidualAlignment {
  AlignmentKind kind = AlignmentKind::kNone;
  int64_t dim_a = 0, dim_b = 0, common_dim = 0;
  Mat t_a, t_b;  // dim_a × common_dim, dim_b × common_dim

  // Held-out mean row cosine of the paired embedding rows under each transform.
  double score_identity = 0, score_permutation = 0, score_rotation = 0;
  // Procrustes shuffle null (refits on re-paired rows): approximate.
  double rotation_null_mean = 0, rotation_null_sd = 0, rotation_z = 0;
  // Identity hit count over residual dims: #{k : argmax_j |corr(A_k, B_j)| = k}, exact bound.
  int64_t residual_hits = 0;
  double residual_hits_log10_p = 0;
  // Signed permutation: mean |corr| of matched dims and the fraction of dims matched to themselves.
  double permutation_mean_abs_corr = 0;
  double permutation_fixed_fraction = 0;
  int64_t shared_rows = 0;
  std::string note;

  // W · T for reading matrices (cols = residual dims).
  Mat ReadCandidate(const Mat& w) const { return ReadThrough(w, t_a); }
  Mat ReadBase(const Mat& w) const { return ReadThrough(w, t_b); }
  // Tᵀ · W for writing matrices (rows = residual dims).
  Mat WriteCandidate(const Mat& w) const { return t_a.transpose() * w; }
  Mat WriteBase(const Mat& w) const { return t_b.transpose() * w; }
};

struct AlignmentOptions {
  // Keep the simplest transform whose held-out mean row cosine is within this of the best one.
  double simplicity_margin = 0.05;
  int procrustes_shuffles = 20;  // 0: the rotation's shuffle null is not run (rotation_z 0)
  uint64_t seed = 0xA11CE;
  // Skip the rotation fit (a d × d SVD) when no rotation score could change the kept transform:
  // the identity or the permutation is kept whatever the best score in [its own, 1] (held-out
  // scores are mean cosines, at most 1). The kept transform is the same; score_rotation is 0 and
  // the note says it was not fitted. Sampled reading (METHODS.md §4.1).
  bool skip_dominated_rotation = false;
  // Checked between the shuffle null's refits (kCancelled); null: never cancelled.
  const CancelFlag* cancel = nullptr;
};

// emb_a / emb_b hold one row per shared-token pair, in `shared` order (SelectRows of the full
// embeddings). They are taken by value and centred in place: callers that no longer need them
// std::move them in, so the alignment holds no second copy of the shared-token rows.
Result<ResidualAlignment> AlignResidual(Mat emb_a, Mat emb_b, const SharedTokenRows& shared,
                                        const AlignmentOptions& options);

// The identity alignment (used when no shared tokens exist and widths agree).
ResidualAlignment IdentityAlignment(int64_t dim, const std::string& note);

std::vector<Finding> AlignmentFindings(const ResidualAlignment& a);

}  // namespace lineage
