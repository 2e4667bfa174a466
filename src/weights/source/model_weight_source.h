// ModelWeightSource: a WeightSource over a loaded Model, reading tensors on demand through the
// model's bounded f32 row streams. Nothing is cached: memory is what the caller asks for.
//
// Contract:
//   - Borrows the Model; the Model must outlive this object. Thread-safe like the Model.
//   - Biases and unmapped tensors are not exposed (the pipeline compares weights).
//   - Read() refuses tensors above max_elems (stated bound; default 2^31 elements) and decodes
//     straight into the returned matrix. ReadRows() decodes only the asked rows (ReadRowsF32), so
//     shared-token embedding rows cost rows × d, never vocabulary × d.
//   - Layout: layers from the model, heads / KV heads / experts from its config when present,
//     Gemma 1–3 (architecture "gemma*") use the 1 + γ norm offset; sub-models' head counts from
//     the config's vision_config / audio_config when stated.
#pragma once

#include <map>

#include "model/model.h"
#include "weights/source/weight_source.h"

namespace lineage {

class ModelWeightSource : public WeightSource {
 public:
  explicit ModelWeightSource(const Model& model, uint64_t max_elems = uint64_t{1} << 31);
  const WeightLayout& layout() const override { return layout_; }
  bool Has(const TensorKey& key) const override { return index_.count(key) > 0; }
  std::pair<uint64_t, uint64_t> Shape(const TensorKey& key) const override;
  Result<Mat> Read(const TensorKey& key) const override;
  std::vector<TensorKey> Keys() const override;
  std::string DTypeOf(const TensorKey& key) const override;
  Result<Mat> ReadRows(const TensorKey& key, const std::vector<int64_t>& rows) const override;
  Status Stream(const TensorKey& key, uint64_t chunk_rows, const RowCallback& cb) const override;
  const TensorInfo* Stored(const TensorKey& key) const override;
  bool StoredIsCanonical(const TensorKey& key) const override;

 private:
  const Model& model_;
  uint64_t max_elems_;
  WeightLayout layout_;
  std::map<TensorKey, const ModelTensor*> index_;
};

}  // namespace lineage
