#include "weights/source/layer_subset.h"

#include <algorithm>
#include <utility>

namespace lineage {

std::vector<int> SpreadLayers(int n, int k) {
  std::vector<int> out;
  if (n <= 0 || k <= 0) return out;
  if (k >= n || k == 1) {
    for (int i = 0; i < (k >= n ? n : 1); ++i) out.push_back(i);
    return out;
  }
  for (int i = 0; i < k; ++i) {
    const int l = static_cast<int>((static_cast<int64_t>(i) * (n - 1) + (k - 1) / 2) / (k - 1));
    if (out.empty() || out.back() != l) out.push_back(l);
  }
  return out;
}

LayerSubset::LayerSubset(const WeightSource& base, std::vector<int> layers)
    : KeyMapView(base), layers_(std::move(layers)), layout_(base.layout()) {
  layout_.num_layers = static_cast<int>(layers_.size());
}

std::optional<TensorKey> LayerSubset::ToInner(const TensorKey& key) const {
  if (key.component != "trunk" || key.layer < 0) return key;
  if (key.layer >= static_cast<int>(layers_.size())) return std::nullopt;
  TensorKey k = key;
  k.layer = layers_[key.layer];
  return k;
}

std::vector<TensorKey> LayerSubset::Keys() const {
  std::vector<TensorKey> out;
  for (const TensorKey& k : inner().Keys()) {
    if (k.component != "trunk" || k.layer < 0) {
      out.push_back(k);
      continue;
    }
    auto it = std::find(layers_.begin(), layers_.end(), k.layer);
    if (it == layers_.end()) continue;
    TensorKey v = k;
    v.layer = static_cast<int>(it - layers_.begin());
    out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace lineage
