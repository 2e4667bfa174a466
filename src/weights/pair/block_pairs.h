// Pipeline stage "block pairs" (pair_analysis.h): which (candidate, base) block pairs get the full
// per-block tests, and which of them carry the robust tests.
//
// Contract:
//   - Reads the layouts of in.candidate and in.base, result.block_map and in.options.
//   - Writes pairs: the diagonal i ↔ i when the depths agree (fixed in advance, so it is a valid
//     exact test whatever the map found), then the map's path pairs not already listed; when
//     depths differ and the map found nothing, the leading min(depths) diagonal pairs (S2 still
//     probes them). Writes robust_idx (at most max_robust_blocks indices, spread evenly),
//     block_options, moe_vs_dense, the size of panel_by_replica, the
//     expert counts of result.diagnostics, and the reading plan (look_plan.h): read_order,
//     look_points and result.sampling's mode, looks_planned and blocks_total. kAuto reads
//     sequentially when the candidate's blocks hold at least 1e8 parameters.
//   - Reads no weights; cannot fail. Not thread-safe on one state.
#pragma once

#include <cstddef>
#include <vector>

#include "weights/pair/pair_state.h"

namespace lineage {

Status ChooseBlockPairs(PairState& s);

// Whether `mode` reads sampled (METHODS.md §10.8 "The default"): kSequential, or kAuto when the
// candidate's blocks hold at least 1e8 parameters. The same answer plans the block reading here
// and samples the same-role tensors (exact_identity.h).
bool ReadsSampled(const WeightSource& candidate, SamplingMode mode);

// Evenly spaced subset of at most k indices of [0, n), ascending.
std::vector<size_t> Spread(size_t n, size_t k);

}  // namespace lineage
