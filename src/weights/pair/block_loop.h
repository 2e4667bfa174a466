// Pipeline stage "block tests" (pair_analysis.h): streams the chosen block pairs, two blocks in
// memory at a time, and runs on each the per-block stages in order:
//   load (both sides at once) → unit tests (block_identity.h: S1, S2, S3, MoE experts)
//   → on robust blocks: S2 random-init panel (s2_panel.h) → the fine-tune shape
//     (fine_tune_shape.h).
// The per-block stages share one loop because each needs the same two loaded blocks; their times
// are the "of which" lines under "block tests".
//
// Contract:
//   - Reads pairs, robust_idx, block_options, moe_vs_dense (ChooseBlockPairs), result.alignment,
//     probes_a / probes_b (AlignResidualStreams) and in.options.
//   - Sequential reading (pair_analysis.h): reads the pairs in read_order up to each of
//     look_points and, before the last, asks in.options.sampling.look with the partial result
//     (S2 summarized over the robust blocks read; on kCheckRobust, S4 on the robust pairs read,
//     then asked again). Stops at the first kStop*; then robust_idx keeps only the robust pairs
//     read, and huref_done is set when S4 already ran. Writes result.sampling (blocks read, looks
//     done, stopped_on). Full reading is one look at the end in pair order.
//   - Writes result.blocks (one per pair whose MLPs exist, in pair order), the accumulators of
//     PairState (panel_by_replica, agreements, s2_sample, ungated_pairs) and
//     result.notes (ungated MLPs, S2 unit sampling).
//   - The panel stream (panel_rng) is drawn in pair order, so results do not depend on in.pool's
//     size.
//   - Errors: read failures name the block pair; a pair with a missing MLP is skipped;
//     in.options.cancel → kCancelled, checked before each block pair, before its S2 panel and per
//     panel replica, so a cancelled run stops within one of those. Not thread-safe on one state.
#pragma once

#include <cstddef>
#include <optional>

#include "weights/pair/pair_state.h"

namespace lineage {

Status TestBlockPairs(PairState& s);

// Both blocks of pairs[pi], loaded at once: the candidate's with S2 probe responses for its S2
// unit sample, the base's with responses for all units. nullopt when either has no MLP.
struct LoadedPair {
  BlockUnits a, b;
};
Result<std::optional<LoadedPair>> LoadBlockPair(PairState& s, size_t pi);

}  // namespace lineage
