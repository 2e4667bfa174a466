// One block's S4 (HuRef) invariants (METHODS.md §4.5): from matrices already in memory, or read
// from a WeightSource in row chunks so that no matrix of the block is ever held whole.
//
// Contract:
//   - X̂ is N × d: rmsnorm of the embedding rows of the probe tokens (same token strings, same
//     order, in both models). Matrices in HF orientation: W_q (n_h·D × d), W_k and W_v
//     (n_kv·D × d, unrepeated), W_o (d × n_h·D), G and U (h × d), D (d × h). K/V heads are
//     expanded per query group (g = n_h / n_kv) only inside the products.
//   - M_a = Σ_heads X̂ W_q,hᵀ W_k,g(h) X̂ᵀ, M_b = Σ_heads X̂ W_v,g(h)ᵀ W_o,hᵀ X̂ᵀ,
//     M_f = X̂ (Gᵀ ⊙ Uᵀ) Dᵀ X̂ᵀ — each N × N. Missing matrices (empty views) skip that invariant.
//   - Both paths go through the same N × width products (X̂ W_qᵀ, X̂ W_kᵀ, X̂ W_vᵀ, X̂ W_o,
//     X̂ (G ⊙ U)ᵀ, X̂ D) and the same shape checks; shape mismatches → kInvalidArgument.
//   - ComputeHurefInvariants: the matrices are given with γ already folded. Memory
//     O(N² + N·max(h, n_h D)) besides the inputs. Pure, thread-safe.
//   - ReadHurefInvariants reads block `layer` of `src` `chunk_rows` rows at a time:
//       reading matrices (q, k, v, gate, up): each chunk gets its norm γ folded into its columns
//       (norm_folding.h StoredGamma) and gives its rows' columns of X̂ Wᵀ; gate and up are read in
//       the same row ranges (Stream the gate, ReadRows the up) for G ⊙ U;
//       writing matrices (o, down): a chunk of residual rows adds X̂[:, rows] W_rows to X̂ W.
//     NaN/Inf weights (and γ entries) are zeroed and counted in `non_finite`. The numbers equal
//     ComputeHurefInvariants on the folded, scrubbed whole matrices up to float rounding.
//     Memory: one invariant's products at a time, at most N·max(2h, 3 n_h D) floats (≈ 23 MB
//     for a 7B block at N = 256), plus at most four chunk buffers of chunk_rows × the matrix's
//     width (the source's and a folded copy; ≤ 90 MB at 1,024 rows of a 7B block) — never a
//     whole matrix.
//     A tensor that cannot be read (or whose norm does not fit it) is treated as missing, as
//     before: the invariants using it are skipped. Only matrices some invariant uses are read.
//     Also gives what a random-init panel of the block needs: each matrix's shape (every matrix
//     the model has) and the finite spread of its folded values (FiniteSd; 0 when not read).
//     Thread-safe for concurrent calls (WeightSource reads are).
#pragma once

#include <cstdint>

#include "util/status.h"
#include "weights/kernels/matrix.h"
#include "weights/source/weight_source.h"

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

[[nodiscard]] Result<HurefInvariants> ComputeHurefInvariants(MatrixView x_hat,
                                                             const HurefBlock& block);

// One matrix of a block as a random-init panel sees it: its shape ({0, 0} when absent) and the
// finite spread of its folded values.
struct HurefMatrixInfo {
  uint64_t rows = 0, cols = 0;
  double sd = 0;
  bool present() const { return rows > 0 && cols > 0; }
};

struct HurefBlockInfo {
  HurefMatrixInfo q, k, v, o, gate, up, down;
  int n_heads = 0;
  int n_kv_heads = 0;
};

struct StreamedHurefBlock {
  HurefInvariants inv;
  HurefBlockInfo info;
  int64_t non_finite = 0;  // NaN/Inf weights and γ entries zeroed
};

[[nodiscard]] Result<StreamedHurefBlock> ReadHurefInvariants(const WeightSource& src, int layer,
                                                             MatrixView x_hat,
                                                             uint64_t chunk_rows = 1024);

}  // namespace lineage
