// S4 — HuRef-style invariants (METHODS.md §4.5) over a model pair: one block's invariants come
// from huref_block.h; here they are compared and calibrated.
//
// Contract:
//   - Compare: z-score each N × N slice (over all its entries), stack the slices present in both
//     models, score = cosine of the stacked vectors; per-invariant cosines too.
//   - CompareHuref: shape mismatches → InvalidArgument. Pure, thread-safe.
//   - The score's null is a panel (calibrated, approximate). M_f is not rotation-invariant.
//   - CompareHurefPair runs S4 over a model pair: per block pair, both models' invariants on the
//     same probe tokens (ReadHurefInvariants: streamed in row chunks, never a whole matrix),
//     against a panel of seeded random-init candidate blocks of the same shapes and per-matrix
//     scales. The panel works in the probes' row space (N × min(N, d)), which gives the same
//     distribution of X̂ Wᵀ for Gaussian W at a fraction of the cost, so only the candidate's
//     shapes and spreads are kept, not its matrices. The two sides of a block pair, and the panel
//     replicas (each its own forked seed), run in parallel over the pool. Memory: per side one
//     invariant's N × width products plus a few row chunks (huref_block.h: ≈ 110 MB for a 7B
//     block, N = 256, 1,024-row chunks), then pool-size replicas of k = min(N, d) columns.
//     Deterministic in the seed, whatever the thread count; thread-safe.
//   - HurefFindings: the S4 finding uses M_a and M_b only (rotation-invariant, METHODS §4.7). It is
//     context, never decisive, against any panel: shared training data alone moves it as far as
//     a derivation does (METHODS §10.2). M_f is context too and never points against derivation,
//     so a rotated (camouflaged) derived pair gets no evidence against derivation from it.
#pragma once

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "evidence/finding.h"
#include "util/cancel.h"
#include "util/status.h"
#include "util/thread_pool.h"
#include "weights/kernels/matrix.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/findings.h"
#include "weights/statistics/huref_block.h"

namespace lineage {

struct HurefScore {
  std::optional<double> cos_a, cos_b, cos_f;
  double score = 0;  // cosine of the stacked z-scored slices present in both
  int slices = 0;
};

// Compares per-block invariants of two models (same N, same block count); stacks all blocks.
Result<HurefScore> CompareHuref(std::span<const HurefInvariants> a,
                                std::span<const HurefInvariants> b);

struct HurefPairOptions {
  uint64_t seed = 0x5A4E;
  int panel_size = 8;                  // random-init replicas
  int64_t max_probes = 256;            // N: the first probes of the shared-token probe set
  uint64_t chunk_rows = 1024;          // rows per read of a block matrix (huref_block.h)
  const CancelFlag* cancel = nullptr;  // checked per block pair and replica (util/cancel.h)
};

struct HurefPairResult {
  // Mean cosine of the z-scored M_a and M_b slices over the tested blocks (equal-size slices, so
  // this is the cosine of the stacked slices).
  double score = 0;
  std::vector<double> panel;    // the same score for each random-init replica
  std::optional<double> cos_f;  // mean M_f cosine (context: not rotation-invariant)
  std::vector<double> panel_f;
  int blocks = 0;  // block pairs with at least one attention invariant
  int64_t probes = 0;
  int64_t non_finite = 0;  // NaN/Inf weights zeroed before the products
};

// `pairs` are (candidate block, base block); `probes_a/b` are rmsnorm(E[S_probe]) in each model's
// own basis, row k the same token string in both. No block with attention → kNotFound.
Result<HurefPairResult> CompareHurefPair(const WeightSource& cand, const WeightSource& base,
                                         const std::vector<std::pair<int, int>>& pairs,
                                         const Mat& probes_a, const Mat& probes_b, ThreadPool& pool,
                                         const HurefPairOptions& options);

// Whether S4 findings may decide (METHODS §10.2: they may not; shared training data alone moves
// them as far as a derivation does). An analysis that keeps only its decision skips S4 while
// this is false (WeightsOptions::decision_only).
inline constexpr bool kHurefDecides = false;

// The S4 finding (component "trunk", context) and the M_f context finding. `rotated`: the
// residual alignment needed a rotation, so M_f is not comparable (stated in its note). `trained`:
// a comparable panel of trained independent pairs for S4 (calibration_panel.h), used instead of
// the random-init replicas, which are then only a lower bound; without one, `fallback_reason`
// says why in the null's description.
std::vector<Finding> HurefFindings(const HurefPairResult& r, bool rotated,
                                   const RobustPanel* trained = nullptr,
                                   const std::string& fallback_reason = "");

}  // namespace lineage
