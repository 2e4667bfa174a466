// Per-block stage "unit tests" of TestBlockPairs (block_loop.h): the exact and robust tests of one
// loaded block pair (statistics/block_tests.h: S1 on MLP units and heads, S2 gate/up, S3 CKA),
// and for an MoE candidate against a dense base every expert against the dense MLP.
//
// Contract:
//   - Reads block_options, moe_vs_dense, result.alignment; an MoE candidate's experts are read
//     from in.candidate one at a time (no probe responses: they feed S1 only).
//   - Writes br.test (an MoE block's primary p is the best expert, Bonferroni over its experts),
//     br.experts, br.gate_up_agreement, and appends to result.diagnostics.expert_map, agreements
//     and s2_sample.
//   - Errors: CompareBlocks failures; an expert that cannot be read or compared is skipped.
//     Deterministic in block_options.seed. Not thread-safe on one state.
#pragma once

#include "weights/pair/pair_state.h"

namespace lineage {

Status TestBlockIdentity(PairState& s, const BlockUnits& ua, const BlockUnits& ub, BlockResult& br);

}  // namespace lineage
