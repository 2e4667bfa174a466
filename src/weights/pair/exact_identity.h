// Pipeline stage "same-role tensors" (pair_analysis.h): the exact identity of tensors that play
// the same role in both models (per_tensor.h), before any alignment, and what their dtypes say.
//
// Contract:
//   - Runs only when in.options.per_tensor; reads every same-role tensor pair of in.candidate and
//     in.base (parallel over in.pool, per_tensor.h's contract), or, when the reading is sampled
//     (block_pairs.h ReadsSampled), a seeded window of the tensors of a few seeded blocks and
//     experts (SampledPerTensorOptions); with in.options.decision_only, only the tensors a copy
//     check reads (PerTensorOptions::copy_checks_only).
//   - Writes result.tensors, the dtype fields of result.diagnostics, and adds the tensors' NaN/Inf
//     count to result.non_finite.
//   - Errors: a read failure of ComparePerTensor. Not thread-safe on one state.
#pragma once

#include "weights/pair/pair_state.h"

namespace lineage {

Status CompareSameRoleTensors(PairState& s);

}  // namespace lineage
