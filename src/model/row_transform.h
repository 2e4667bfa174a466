// RowTransform semantics, in one place: the 2-D view of a stored tensor and how a canonical row
// maps to a row of that view. Used by the splitter (to compute canonical shapes) and by the row
// streams (to fetch bytes). Pure functions.
//
// The view of a stored tensor is [rows × cols] with rows = product of all dims but the last.
// 1-D tensors that a transform selects from or un-permutes (fused biases, GGUF Q/K biases) are
// viewed as [n × 1], one element per row. With `transpose` (GPT-2 Conv1D, stored in × out) the
// view is the transposed one, [out × in]; selection and un-permutation apply to that view.
#pragma once

#include <cstdint>

#include "format/checkpoint.h"
#include "model/model.h"

namespace lineage {

struct RowView {
  uint64_t rows = 0;
  uint64_t cols = 0;
  bool elementwise = false;  // a 1-D tensor viewed as [n × 1]
};

RowView ViewOf(const TensorInfo& info, const RowTransform& t);

// Canonical rows the transform yields from a view of `view_rows` rows.
uint64_t SelectedRows(const RowTransform& t, uint64_t view_rows);

// The view row holding canonical row r (selection first, then interleaved-RoPE inversion within
// each head of the selected rows).
uint64_t ViewRowOf(const RowTransform& t, uint64_t r);

// True when every canonical row is the view row with the same index (no copy needed).
bool IsIdentity(const RowTransform& t);

}  // namespace lineage
