// WidthReduced: a narrower copy of a model's trunk, held in memory, on which the positive controls
// run (METHODS §10.9). A control made from a 7B base at full width costs tens of seconds (a Haar
// rotation alone is several TFLOP), and 60 of them cost hours; a sub-model with a seeded subset
// of the residual dimensions, of each block's MLP units and of the vocabulary rows costs a
// fraction of that, and is read from the base once rather than once per control.
//
// The reduction (factor r = width / d, where d is the trunk's residual width):
//   - residual dimensions: one seeded subset S of `width` of the d, shared by every trunk tensor
//     (one basis), in increasing order: columns of the embedding, lm_head, positions and of every
//     matrix that reads the residual stream (q, k, v, MLA's down-projections, gate, up, router);
//     rows of the writers (o, down); the entries of every residual norm vector;
//   - MLP units: per block and expert, a seeded subset of round(r·h) of the h units (gate and up
//     rows, down columns), so units per dimension stay as they were;
//   - vocabulary: a seeded subset of round(r·V) embedding (and lm_head) rows, so that the
//     alignment has as many token rows per residual dimension as the full model, but at most
//     max_vocab_per_dim per kept dimension (fewer rows make the alignment harder, never easier,
//     and bound the copy's memory for 150k–256k vocabularies);
//   - attention heads: per block, a seeded subset of round(r·g) of the g KV groups, each with its
//     query heads (q, k, v rows and o columns), when the layout states the head counts and the
//     matrices divide into them; head width, per-head norms, MLA (whose heads are kept whole),
//     its latent projections and router biases are unchanged.
//   When d ≤ width nothing is reduced (r = 1); the copy is then exact unless the vocabulary cap
//   applies. A trunk with no residual width (no embedding and no residual norm) is copied as is.
//
// Contract:
//   - Build(base, options) reads every trunk tensor of `base` once (gate, up and the
//     embedding through ReadRows, so only the selected rows are read) and holds the reduced
//     trunk in memory: about r² of the trunk's f32 size for the block matrices and r² for the
//     vocabulary. Tensors of other components (vision, audio towers) are not copied: the view
//     forwards them to `base`, which must then outlive it.
//   - Deterministic in (base's shapes, options). Thread-safe after construction (const).
//   - Errors: the base's read errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weights/source/weight_source.h"

namespace lineage {

struct WidthReduction {
  int64_t residual = 0, residual_kept = 0;  // d and |S|
  int64_t vocab = 0, vocab_kept = 0;        // V and the rows kept (0 when there is no embedding)
  int heads = 0, heads_kept = 0;            // query heads (0: heads kept whole)
  double factor = 1;                        // |S| / d
  bool reduced() const { return residual_kept < residual; }
};

struct WidthOptions {
  int64_t width = 512;            // residual dimensions kept (at most d)
  double max_vocab_per_dim = 32;  // vocabulary rows kept per kept dimension, at most
  uint64_t seed = 0;
};

class WidthReduced : public WeightSource {
 public:
  [[nodiscard]] static Result<WidthReduced> Build(const WeightSource& base,
                                                  const WidthOptions& options);

  const WeightLayout& layout() const override { return trunk_.layout(); }
  bool Has(const TensorKey& key) const override;
  std::pair<uint64_t, uint64_t> Shape(const TensorKey& key) const override;
  Result<Mat> Read(const TensorKey& key) const override;
  std::vector<TensorKey> Keys() const override;
  std::string DTypeOf(const TensorKey& key) const override;
  const WidthReduction& reduction() const { return reduction_; }

 private:
  explicit WidthReduced(const WeightSource& base) : base_(&base) {}
  const WeightSource* base_;
  InMemoryWeights trunk_;
  WidthReduction reduction_;
};

// The trunk's residual width: the embedding's columns, else the first residual norm's length;
// nullopt when neither exists.
std::optional<int64_t> ResidualWidth(const WeightSource& src);

}  // namespace lineage
