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
    : base_(base), layers_(std::move(layers)), layout_(base.layout()) {
  layout_.num_layers = static_cast<int>(layers_.size());
}

TensorKey LayerSubset::ToBase(const TensorKey& key) const {
  if (key.component != "trunk" || key.layer < 0) return key;
  TensorKey k = key;
  k.layer = key.layer < static_cast<int>(layers_.size()) ? layers_[key.layer] : -2;
  return k;
}

bool LayerSubset::Has(const TensorKey& key) const {
  const TensorKey k = ToBase(key);
  return k.layer != -2 && base_.Has(k);
}

std::pair<uint64_t, uint64_t> LayerSubset::Shape(const TensorKey& key) const {
  return Has(key) ? base_.Shape(ToBase(key)) : std::pair<uint64_t, uint64_t>{0, 0};
}

Result<Mat> LayerSubset::Read(const TensorKey& key) const {
  if (!Has(key)) return NotFound("no such tensor in the block subset");
  return base_.Read(ToBase(key));
}

std::vector<TensorKey> LayerSubset::Keys() const {
  std::vector<TensorKey> out;
  for (const TensorKey& k : base_.Keys()) {
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

std::string LayerSubset::DTypeOf(const TensorKey& key) const { return base_.DTypeOf(ToBase(key)); }

Result<Mat> LayerSubset::ReadRows(const TensorKey& key, const std::vector<int64_t>& rows) const {
  if (!Has(key)) return NotFound("no such tensor in the block subset");
  return base_.ReadRows(ToBase(key), rows);
}

Status LayerSubset::Stream(const TensorKey& key, uint64_t chunk_rows, const RowCallback& cb) const {
  if (!Has(key)) return NotFound("no such tensor in the block subset");
  return base_.Stream(ToBase(key), chunk_rows, cb);
}

const TensorInfo* LayerSubset::Stored(const TensorKey& key) const {
  return Has(key) ? base_.Stored(ToBase(key)) : nullptr;
}

bool LayerSubset::StoredIsCanonical(const TensorKey& key) const {
  return Has(key) && base_.StoredIsCanonical(ToBase(key));
}

}  // namespace lineage
