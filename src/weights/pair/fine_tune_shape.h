// Per-block stage "power controls" of TestBlockPairs (block_loop.h), on robust blocks.
//
// RunPowerControls: positive controls for the exact S1 test. Each control is the base block plus
// Gaussian noise at in.options.control_noise of its finite spread, compared with the base block
// by the block's own exact statistic (LAP Spearman when the block is narrow enough, else the hit
// count on the sampled rows only, all controls in one product). Appends the raw log10 p of control
// c to control_by_seed[c]; Summarize combines them per control.
//   - Control c of pair pi draws from its own stream, Rng(seed ^ 0xC0117).Fork(c·1000003 + pi):
//     controls run in parallel over in.pool, each into its own slot, independent of the pool.
//   - Errors: CompareUnits / CountHitsEach failures.
//
// AddFineTuneShape: when the bases coincide (identity alignment) and the candidate block is dense,
// the low-rank structure of the gate (or fc1) delta, for at most 4 blocks; appended to
// result.diagnostics.low_rank. Reads both tensors again; skips silently when they cannot be read
// or are not finite.
//
// Neither is thread-safe on one state.
#pragma once

#include <cstddef>

#include "weights/pair/pair_state.h"

namespace lineage {

Status RunPowerControls(PairState& s, const BlockUnits& ub, size_t pi);
void AddFineTuneShape(PairState& s, int candidate_block, int base_block);

}  // namespace lineage
