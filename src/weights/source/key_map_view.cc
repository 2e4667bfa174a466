#include "weights/source/key_map_view.h"

namespace lineage {

namespace {

Status Absent() { return NotFound("no such tensor in this view of the model"); }

}  // namespace

std::optional<TensorKey> KeyMapView::Present(const TensorKey& key) const {
  std::optional<TensorKey> k = ToInner(key);
  if (k && !inner_.Has(*k)) k.reset();
  return k;
}

bool KeyMapView::Has(const TensorKey& key) const { return Present(key).has_value(); }

std::pair<uint64_t, uint64_t> KeyMapView::Shape(const TensorKey& key) const {
  const std::optional<TensorKey> k = Present(key);
  return k ? inner_.Shape(*k) : std::pair<uint64_t, uint64_t>{0, 0};
}

Result<Mat> KeyMapView::Read(const TensorKey& key) const {
  const std::optional<TensorKey> k = Present(key);
  if (!k) return Absent();
  return inner_.Read(*k);
}

std::string KeyMapView::DTypeOf(const TensorKey& key) const {
  const std::optional<TensorKey> k = Present(key);
  return k ? inner_.DTypeOf(*k) : std::string();
}

Result<Mat> KeyMapView::ReadRows(const TensorKey& key, const std::vector<int64_t>& rows) const {
  const std::optional<TensorKey> k = Present(key);
  if (!k) return Absent();
  return inner_.ReadRows(*k, rows);
}

Status KeyMapView::Stream(const TensorKey& key, uint64_t chunk_rows, const RowCallback& cb) const {
  const std::optional<TensorKey> k = Present(key);
  if (!k) return Absent();
  return inner_.Stream(*k, chunk_rows, cb);
}

const TensorInfo* KeyMapView::Stored(const TensorKey& key) const {
  const std::optional<TensorKey> k = Present(key);
  return k ? inner_.Stored(*k) : nullptr;
}

bool KeyMapView::StoredIsCanonical(const TensorKey& key) const {
  const std::optional<TensorKey> k = Present(key);
  return k && inner_.StoredIsCanonical(*k);
}

}  // namespace lineage
