// KeyMapView: a WeightSource that shows another one through a map of keys. Each key of the view
// names at most one key of the inner source; every query goes through the map and is forwarded,
// so the view is the inner source's bytes (stored bytes and the per-tensor fast path included).
// LayerSubset (some blocks of the trunk) and ComponentView (a tower shown as the trunk) are such
// views: a subclass gives the map, the layout and the list of keys, and nothing else.
//
// Contract: borrows `inner` (it must outlive the view). A key the map sends nowhere, or to a key
// the inner source lacks, is absent: Has false, Shape {0, 0}, DTypeOf "", Stored nullptr, and
// Read, ReadRows and Stream return NotFound. Thread-safe like the inner source (no state of its
// own beyond what the subclass fixes at construction).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weights/source/weight_source.h"

namespace lineage {

class KeyMapView : public WeightSource {
 public:
  explicit KeyMapView(const WeightSource& inner) : inner_(inner) {}

  bool Has(const TensorKey& key) const override;
  std::pair<uint64_t, uint64_t> Shape(const TensorKey& key) const override;
  Result<Mat> Read(const TensorKey& key) const override;
  std::string DTypeOf(const TensorKey& key) const override;
  Result<Mat> ReadRows(const TensorKey& key, const std::vector<int64_t>& rows) const override;
  Status Stream(const TensorKey& key, uint64_t chunk_rows, const RowCallback& cb) const override;
  const TensorInfo* Stored(const TensorKey& key) const override;
  bool StoredIsCanonical(const TensorKey& key) const override;

 protected:
  // The inner key that `key` of the view shows, or nullopt when the view has no such key.
  virtual std::optional<TensorKey> ToInner(const TensorKey& key) const = 0;
  const WeightSource& inner() const { return inner_; }

 private:
  // The inner key when the view has `key` and the inner source holds it.
  std::optional<TensorKey> Present(const TensorKey& key) const;

  const WeightSource& inner_;
};

}  // namespace lineage
