// LayerSubset: a view of a model's trunk restricted to some of its blocks, renumbered 0..k−1 in
// the order given, with every non-block tensor (embedding, final norm, lm_head, sub-models) as
// it is. The power controls run on such a view of the base, so their cost is k blocks, not all.
//
// Contract: borrows `base` (it must outlive the view); `layers` are distinct trunk block indices
// of base; thread-safe like the base. Every query forwards through the key map (key_map_view.h).
#pragma once

#include <vector>

#include "weights/source/key_map_view.h"

namespace lineage {

class LayerSubset : public KeyMapView {
 public:
  LayerSubset(const WeightSource& base, std::vector<int> layers);
  const WeightLayout& layout() const override { return layout_; }
  std::vector<TensorKey> Keys() const override;

 private:
  // The base's key for a key of the view; nullopt for a block the view does not have.
  std::optional<TensorKey> ToInner(const TensorKey& key) const override;

  std::vector<int> layers_;
  WeightLayout layout_;
};

// k block indices spread evenly over [0, n), first and last included (all of them when k ≥ n).
std::vector<int> SpreadLayers(int n, int k);

}  // namespace lineage
