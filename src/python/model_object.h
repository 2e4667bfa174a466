// lineage.open(model) → a Model: what LoadModel read (headers, config, tokenizer location) and
// its tensors on demand, as numpy arrays.
//
// Contract:
//   - open reads headers and small JSON files only; a tensor's bytes are read when it is asked
//     for, never the whole model.
//   - tensor(name) takes a canonical tensor's name as stored in the file (tensor_names()). When
//     its bytes are mapped, stored in a dtype numpy has (F64, F32, F16) and need no row transform
//     (model/model.h RowTransform, block-FP8 scales), the array is a read-only view of the mapping
//     (zero-copy), in the stored dtype and shape; it keeps the Model alive. Otherwise it is a new
//     float32 array of the canonical values (dequantised, un-permuted), what the analyses read.
//   - tensor_info(name) says which of the two it is (zero_copy) and why: dtype, stored and
//     canonical shapes, the row transform.
//   - A Model is immutable; its methods may be called from any Python thread.
#pragma once

#include <pybind11/pybind11.h>

namespace lineage::python {

void RegisterModel(pybind11::module_& m);

}  // namespace lineage::python
