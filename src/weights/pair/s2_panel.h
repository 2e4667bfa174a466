// Per-block stage "S2 random-init panel" of TestBlockPairs (block_loop.h), on robust blocks: the
// null panel of S2 gate/up consistency. Each replica is a random-init candidate block at the
// candidate's measured gate and up scales, with as many units as the observed statistic matched
// (S2 samples wide blocks; random-init units are iid, so drawing that many is the same null),
// against the same base block. Approximate: random init lacks the convergent features of trained
// independent models (METHODS.md states it).
//
// Contract:
//   - Runs only when both blocks have probe responses and probes_a is not empty.
//   - A replica's responses are probes · G0ᵀ with G0 iid N(0, σ²), units × d. Each replica draws
//     instead units × k Gaussians Z (k = min(probes, d)) and forms F · Zᵀ with the probes'
//     row-space factor F (probe_row_space.h): the same distribution exactly, not approximately,
//     at k/d of the draws and products (at 7B: 512 probes of 4096 dimensions). F is computed
//     once per pair (probes_a_rt).
//   - Draws in.options.panel_size replicas from panel_rng, in order (the same samples as drawing
//     each replica in turn), then compares them in parallel over in.pool, each into its own slot:
//     the result does not depend on the pool's size.
//   - Writes br.gate_up_panel and appends one value per replica to panel_by_replica.
//   - Errors: GateUpConsistency failures. Not thread-safe on one state.
#pragma once

#include "weights/pair/pair_state.h"

namespace lineage {

Status RunS2Panel(PairState& s, const BlockUnits& ua, const BlockUnits& ub, BlockResult& br);

}  // namespace lineage
