// TensorInfo shape helpers and Checkpoint lookup. Readers have overflow-checked numel already.
#include "format/checkpoint.h"

namespace lineage {

uint64_t TensorInfo::numel() const {
  uint64_t n = 1;
  for (uint64_t d : shape) n *= d;
  return n;
}

uint64_t TensorInfo::rows() const {
  if (shape.size() < 2) return 1;
  uint64_t n = 1;
  for (size_t i = 0; i + 1 < shape.size(); ++i) n *= shape[i];
  return n;
}

uint64_t TensorInfo::cols() const {
  if (shape.empty()) return 1;
  return shape.back();
}

const TensorInfo* Checkpoint::Find(const std::string& name) const {
  for (const TensorInfo& t : tensors) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace lineage
