// Pipeline stage "S4 HuRef + its panel" (pair_analysis.h): HuRef invariants (statistics/huref.h)
// on the robust blocks, against a seeded random-init panel.
//
// Contract:
//   - Runs only with token probes on both sides (token_probes, probes_a / probes_b non-empty);
//     reads the attention matrices of the robust pairs (robust_idx into pairs) from both sources,
//     parallel over in.pool (sides and replicas), deterministic in in.options.seed.
//   - Writes result.huref, or a note saying why S4 did not run: its failure never stops the
//     pipeline. Skipped when huref_done (sequential reading ran it at the look it stopped on),
//     and with in.options.decision_only while S4 cannot decide (kHurefDecides);
//     after sequential reading robust_idx holds only the robust pairs that were read. Not
//     thread-safe on one state.
#pragma once

#include "weights/pair/pair_state.h"

namespace lineage {

Status RunHuref(PairState& s);

}  // namespace lineage
