// Derivation diagnostics (METHODS.md §4.7): they describe how a derived model was made, never
// decide whether it was. Vocabulary growth, width changes, MoE expert ↔ dense-FFN maps, low-rank
// (LoRA-merged) deltas, dtype casts and quantisation.
//
// Contract:
//   - Pure functions over matrices and per-tensor results; thread-safe.
//   - LowRankDelta uses a seeded randomised range finder (rank ≤ 64 + oversampling), so it needs
//     memory O((rows + cols) · 72) beyond the two inputs; the energies it reports are exact for
//     the captured subspace and a lower bound on the true top-r energy (stated).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weights/source/weight_source.h"
#include "weights/statistics/per_tensor.h"

namespace lineage {

struct ExpertMatch {
  int layer = -1;
  int expert = -1;
  double log10_p = 0;  // S1 of the expert's units against the dense FFN of the base block
  double spearman_r = 0;
  double matched_cosine = 0;
};

struct LowRankDeltaResult {
  std::string tensor;
  double relative_norm = 0;  // ‖W_a − W_b‖_F / ‖W_b‖_F (≈ √2 for unrelated matrices)
  double energy_top_r = 0;   // fraction of ‖ΔW‖² in the top `rank` singular directions
  int rank = 0;              // the r used (16)
  int rank_90 = 0;           // smallest r reaching 90 % of the captured energy (≤ 64)
};

struct DerivationDiagnostics {
  int64_t vocab_rows_a = 0, vocab_rows_b = 0;
  double same_id_fraction = 0;    // shared tokens with equal ids in both models
  bool same_ids_assumed = false;  // no tokenizer: rows were paired by id, so the fraction is 1
  int64_t residual_a = 0, residual_b = 0;
  int64_t mlp_width_a = 0, mlp_width_b = 0;
  int experts_a = 0, experts_b = 0;
  std::vector<ExpertMatch> expert_map;
  std::vector<LowRankDeltaResult> low_rank;
  std::string dtype_a, dtype_b;               // majority dtype of matrices
  std::optional<double> cast_equal_fraction;  // mean over tensors where it applies
  bool quantized_a = false, quantized_b = false;
  std::vector<std::string> components_a, components_b;
};

// `a` is consumed (the delta is formed in its storage).
LowRankDeltaResult LowRankDelta(Mat a, const Mat& b, const std::string& name, uint64_t seed);

// Majority dtypes, quantisation and cast-equivalence from the per-tensor pass and the sources.
void FillDtypeDiagnostics(const WeightSource& a, const WeightSource& b,
                          const std::vector<TensorComparison>& tensors, DerivationDiagnostics* d);

}  // namespace lineage
