// DecideAncestry: which of two models that share trained weights came first (evidence/ancestry.h).
//
// Contract:
//   - Pure over one PairResult (its verdict, structure, block map, tokenizer summary) and the run's
//     training findings; deterministic; thread-safe on distinct pairs. Call after DecidePair.
//   - Shared weights alone never set a direction. Only direction-bearing evidence does, each item
//     measured the same way whichever model is the candidate, so swapping the arguments mirrors
//     the result (candidate_from_base <-> base_from_candidate):
//       * vocabulary extension: one tokenizer strictly extends the other with the shared tokens at
//         the same ids (tokenizer relation extends/subset; without tokenizers, more embedding
//         rows with ≥ 99 % of the shared tokens at the same ids, ids not assumed) → the larger
//         from the smaller;
//       * depth up-scaling: the deeper model has more blocks and at least two of them match the
//         same block of the other (block map, exact S1 above its threshold) → deeper from
//         shallower;
//       * depth pruning: every block of the shallower model matches a distinct block of the deeper
//         one, and the deeper one repeats none of the shallower's blocks → shallower from deeper;
//       * width pruning: fewer MLP units (same residual width or narrower) → narrower from wider;
//       * MoE upcycling: one side has experts (≥ 2), the other a dense MLP → MoE from dense;
//       * precision: one side block-quantised, the other not; or float dtypes of different width
//         with ≥ 99 % of elements equal after rounding to the narrower one → the lower-precision
//         side from the other;
//       * training: a checkpoint trajectory leading to the candidate starts at this base
//         (trajectory_start_vs_base derived, chain continuous) → candidate from base;
//       * overlapping vocabularies with the shared tokens at the same ids, each side holding
//         tokens the other lacks → common ancestor.
//   - Items pointing both ways: common_ancestor when every item is an addition (vocabulary,
//     depth up-scaling, MoE upcycling: each side has weights the other lacks, so neither can be
//     the other's source); otherwise unknown, listing both. A pair that is not derived, or an
//     identical copy, gets unknown.
#pragma once

#include <vector>

#include "evidence/compare_result.h"

namespace lineage {

// Reason ids (report/catalog.h translates them).
inline constexpr const char* kAncestryNotRelated = "ancestry.reason.not_related";
inline constexpr const char* kAncestryNoEvidence = "ancestry.reason.no_direction_evidence";
inline constexpr const char* kAncestryEvidence = "ancestry.reason.evidence";
inline constexpr const char* kAncestryEachAdds = "ancestry.reason.each_adds";
inline constexpr const char* kAncestryConflict = "ancestry.reason.conflict";

// Fills pair->ancestry. `training` is CompareResult::training (empty for `lineage weights`).
void DecideAncestry(const std::vector<Finding>& training, PairResult* pair);

}  // namespace lineage
