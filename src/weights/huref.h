// S4 — HuRef-style invariants (METHODS.md §4.5) given the probe rows and one block's matrices,
// norm weights already folded.
//
// Contract:
//   - X̂ is N × d: rmsnorm of the embedding rows of the probe tokens (same token strings, same
//     order, in both models). Matrices in HF orientation: W_q (n_h·D × d), W_k and W_v
//     (n_kv·D × d, unrepeated), W_o (d × n_h·D), G and U (h × d), D (d × h). K/V heads are
//     expanded per query group (g = n_h / n_kv) only inside the products.
//   - M_a = Σ_heads X̂ W_q,hᵀ W_k,g(h) X̂ᵀ, M_b = Σ_heads X̂ W_v,g(h)ᵀ W_o,hᵀ X̂ᵀ,
//     M_f = X̂ (Gᵀ ⊙ Uᵀ) Dᵀ X̂ᵀ — each N × N. Missing matrices (empty views) skip that invariant.
//   - Compare: z-score each N × N slice (over all its entries), stack the slices present in both
//     models, score = cosine of the stacked vectors; per-invariant cosines too.
//   - Shape mismatches → InvalidArgument. Memory O(N² + N·max(h, n_h D)). Pure, thread-safe.
//   - The score's null is a panel (calibrated, approximate). M_f is not rotation-invariant.
#pragma once

#include <optional>
#include <vector>

#include "util/status.h"
#include "weights/matrix.h"

namespace lineage {

struct HurefBlock {
  MatrixView wq, wk, wv, wo;  // attention (any may be empty: skipped)
  MatrixView gate, up, down;  // GLU MLP (any empty: M_f skipped)
  int n_heads = 0;
  int n_kv_heads = 0;
};

struct HurefInvariants {
  MatrixF m_a, m_b, m_f;  // N × N each, empty when skipped
};

Result<HurefInvariants> ComputeHurefInvariants(MatrixView x_hat, const HurefBlock& block);

struct HurefScore {
  std::optional<double> cos_a, cos_b, cos_f;
  double score = 0;   // cosine of the stacked z-scored slices present in both
  int slices = 0;
};

// Compares per-block invariants of two models (same N, same block count); stacks all blocks.
Result<HurefScore> CompareHuref(const std::vector<HurefInvariants>& a,
                                const std::vector<HurefInvariants>& b);

}  // namespace lineage
