// LayerSubset: a view of a model's trunk restricted to some of its blocks, renumbered 0..k−1 in
// the order given, with every non-block tensor (embedding, final norm, lm_head, sub-models) as
// it is. The power controls run on such a view of the base, so their cost is k blocks, not all.
//
// Contract: borrows `base` (it must outlive the view); `layers` are distinct trunk block indices
// of base; thread-safe like the base. Stored bytes pass through (the view is the base's bytes).
#pragma once

#include <vector>

#include "weights/source/weight_source.h"

namespace lineage {

class LayerSubset : public WeightSource {
 public:
  LayerSubset(const WeightSource& base, std::vector<int> layers);
  const WeightLayout& layout() const override { return layout_; }
  bool Has(const TensorKey& key) const override;
  std::pair<uint64_t, uint64_t> Shape(const TensorKey& key) const override;
  Result<Mat> Read(const TensorKey& key) const override;
  std::vector<TensorKey> Keys() const override;
  std::string DTypeOf(const TensorKey& key) const override;
  Result<Mat> ReadRows(const TensorKey& key, const std::vector<int64_t>& rows) const override;
  Status Stream(const TensorKey& key, uint64_t chunk_rows, const RowCallback& cb) const override;
  const TensorInfo* Stored(const TensorKey& key) const override;
  bool StoredIsCanonical(const TensorKey& key) const override;

 private:
  // The base's key for a key of the view; layer −2 (absent) when the view has no such block.
  TensorKey ToBase(const TensorKey& key) const;

  const WeightSource& base_;
  std::vector<int> layers_;
  WeightLayout layout_;
};

// k block indices spread evenly over [0, n), first and last included (all of them when k ≥ n).
std::vector<int> SpreadLayers(int n, int k);

}  // namespace lineage
