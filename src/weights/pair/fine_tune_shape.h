// Per-block stage "fine-tune shape" of TestBlockPairs (block_loop.h), on robust blocks.
//
// AddFineTuneShape: when the bases coincide (identity alignment) and the candidate block is dense,
// the low-rank structure of the gate (or fc1) delta, for at most 4 blocks; appended to
// result.diagnostics.low_rank. Reads both tensors again; skips silently when they cannot be read
// or are not finite. TestBlockPairs does not call it with in.options.decision_only: the shape is
// a diagnostic, never a decision's input.
//
// Not thread-safe on one state.
#pragma once

#include <cstddef>

#include "weights/pair/pair_state.h"

namespace lineage {

void AddFineTuneShape(PairState& s, int candidate_block, int base_block);

}  // namespace lineage
