// Pipeline stage "summary" (pair_analysis.h): the pair-level robust S2 value with its panel, from
// the per-block values of TestBlockPairs.
//
// Contract:
//   - Reads result.blocks, agreements, panel_by_replica, in.options.
//   - Writes result.gate_up_agreement (mean over the robust blocks, the same blocks as each panel
//     replica; the mean over every tested block when no robust block had S2, with an empty panel,
//     so the finding is not decisive), result.gate_up_panel (one mean per replica) and the
//     NaN/Inf note.
//   - Pure arithmetic; cannot fail. Not thread-safe on one state.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "weights/pair/pair_state.h"

namespace lineage {

Status Summarize(PairState& s);

// The S2 part of Summarize into `res` (a copy of s.result): a look of sequential reading
// (block_loop.h) summarizes the blocks read so far without touching the state.
void SummarizeGateUp(const PairState& s, WeightsResult& res);

// S2's units behind an agreement: matched = agreement × tested, rounded (0/0 without S2).
struct GateUpUnits {
  int64_t matched = 0, tested = 0;
};
GateUpUnits UnitsOf(const BlockResult& b);
// Their 95 % Clopper–Pearson sampling interval (METHODS.md §10.8); nullopt without units. One
// block's units for its finding, the robust blocks' summed units for the trunk.
std::optional<std::pair<double, double>> GateUpInterval(GateUpUnits units);

}  // namespace lineage
