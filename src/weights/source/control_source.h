// ControlSource: a synthetic derived model made from a base on the fly, for the positive controls
// that measure power (METHODS §10). Each Read() transforms the base's tensor as the derivation
// would have, so no file is written.
//
// The transforms, applied in this order (each optional, all seeded):
//   1. drift: every matrix row r becomes W_r + ρ·rms(W_r)·(√(1−f)·n_r + √(f/8)·u_r Vᵀ), with
//      n_r, u_r N(0, 1) drawn from the row's own stream and V (cols × 8) from the tensor's, so a
//      row reads the same through Read and ReadRows. ρ = √(1/c² − 1) gives each row cosine ≈ c
//      with the base row (fine-tunes and continued pre-training reach c ≈ 0.92 per tensor).
//   2. MLP units (gate/up rows with the matching down columns, per block and expert): a seeded
//      permutation, or a seeded sorted half (pruning); then, in gated MLPs, up row i × c_i and down
//      column i / c_i with c_i log-uniform in [1/4, 4] (output-preserving rescaling).
//   3. heads (trunk): the KV groups permuted per block, each group's query heads with it, and the
//      output projection's columns to match.
//   4. residual basis (trunk): x' = x·Q for a seeded permutation or Haar rotation Q. Writers
//      (o, down) become Qᵀ·W; readers W·diag(γ)·Q·diag(1/γ') with fresh γ' uniform in [0.5, 1.5]
//      when the norms are reallocated (always for a rotation; `reallocate_norms` alone is the
//      rescaling camouflage), else W·Q with γ' = γ permuted. An lm_head tied to the embedding is
//      untied when it changes differently from the embedding.
//
// Contract:
//   - Borrows `base`, which must outlive the source; thread-safe like the base (Read is const and
//     every random draw comes from a stream derived from the tensor key, never shared state).
//   - Deterministic in the transform's seed: the same key reads the same matrix every time.
//   - Stored() is null (no byte identity with the base); dtypes are the base's.
//   - The residual rotation holds one d × d matrix (d the residual width).
//   - Memory: every block tensor read whole is kept, so that the analysis's several passes over
//     one tensor (signatures, block tests, and S4 or the same-role pass where they run) drift and
//     transform it once; about the size of the base's blocks read. Vocabulary-sized tensors
//     (embedding, positions, lm_head) are read by rows and not kept. Meant for the controls'
//     narrow in-memory bases (width_reduction.h), not for full-size checkpoints.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "weights/source/weight_source.h"

namespace lineage {

struct ControlTransform {
  std::string kind;         // what the control stands for, e.g. "fine-tune", "rotation"
  uint64_t seed = 0;        // every draw of this control derives from it
  double drift_cosine = 1;  // c above; 1 = no drift
  double low_rank_share = 0.5;
  bool permute_units = false;
  bool prune_half = false;
  bool rescale_units = false;
  bool permute_heads = false;
  bool permute_residual = false;
  bool rotate_residual = false;
  bool reallocate_norms = false;
};

class ControlSource : public WeightSource {
 public:
  ControlSource(const WeightSource& base, ControlTransform transform);
  const WeightLayout& layout() const override { return layout_; }
  bool Has(const TensorKey& key) const override;
  std::pair<uint64_t, uint64_t> Shape(const TensorKey& key) const override;
  Result<Mat> Read(const TensorKey& key) const override;
  std::vector<TensorKey> Keys() const override;
  std::string DTypeOf(const TensorKey& key) const override;
  Result<Mat> ReadRows(const TensorKey& key, const std::vector<int64_t>& rows) const override;
  Status Stream(const TensorKey& key, uint64_t chunk_rows, const RowCallback& cb) const override;
  const ControlTransform& transform() const { return t_; }

 private:
  struct UnitMap {
    std::vector<int32_t> units;  // base unit of each control unit
    std::vector<float> scale;    // up row multiplier (empty: none)
  };
  // The base tensor a key reads from (an untied lm_head reads the tied embedding).
  TensorKey BaseKey(const TensorKey& key) const;
  bool Unties() const;
  Mat Drift(const TensorKey& key, Mat m, const std::vector<int64_t>& rows) const;
  const UnitMap& Units(const TensorKey& key) const;
  std::vector<int32_t> HeadRows(int layer, bool query) const;
  Result<Eigen::VectorXf> Gamma(const TensorKey& norm) const;         // base's effective γ
  Eigen::VectorXf FreshGamma(const TensorKey& norm) const;            // γ' of the control
  Result<Mat> ReadResidualReader(const TensorKey& key, Mat m) const;  // W·diag(γ)·Q·diag(1/γ')
  Mat RightQ(const Mat& m) const;                                     // W·Q
  Mat LeftQt(const Mat& m) const;                                     // Qᵀ·W
  Result<Mat> Transform(const TensorKey& key, Mat m) const;           // steps 2–4
  Result<Mat> TransformNorm(const TensorKey& key, Mat m) const;
  Result<Mat> Derive(const TensorKey& key) const;  // drift, then steps 2–4
  // A block tensor's derivation, made on first use and kept (derived_).
  Result<const Mat*> Kept(const TensorKey& key) const;

  const WeightSource& base_;
  ControlTransform t_;
  WeightLayout layout_;
  int64_t d_ = 0;
  std::vector<int32_t> residual_perm_;  // Q as a permutation: (x·Q)_j = x_{perm[j]}
  Mat rotation_;                        // Q as a rotation (d × d), empty otherwise
  mutable std::mutex mu_;  // guards units_ and derived_ (filled lazily, then read-only)
  mutable std::map<TensorKey, UnitMap> units_;
  mutable std::map<TensorKey, Mat> derived_;  // block tensors read whole, as Read returned them
};

}  // namespace lineage
