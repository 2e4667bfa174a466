// RankBases: the bases of one compare run ranked by the strength of their shared-weights evidence,
// the most related base, the parent (only where ancestry names one) and the sibling notes.
//
// Contract:
//   - Pure over CompareResult::results (verdicts, corrected p-values, robust scores and
//     ancestry already decided: DecidePair, then DecideAncestry); deterministic; thread-safe.
//   - Ranking: derived bases first; then the smallest corrected exact log10 p (absent counts as
//     0); then the largest calibrated z_adj; then the order the bases were given.
//   - most_related: the first-ranked derived base, or none. parent: the first-ranked derived base
//     whose ancestry is candidate_from_base, or none; shared weights alone never name a parent.
//   - siblings: every two derived bases, in ranking order. The run does not compare bases with
//     each other, so the note says only that they may be siblings or one may descend from the
//     other.
#pragma once

#include "evidence/compare_result.h"

namespace lineage {

// Stable ids (report/catalog.h translates them).
inline constexpr const char* kRelatedNone = "related.none";
// No pair had weight evidence at all (every base, or the candidate, known only as an endpoint):
// "none shared" would read as a negative result that was never tested.
inline constexpr const char* kRelatedUnchecked = "related.unchecked";
inline constexpr const char* kRelatedSingle = "related.single";
inline constexpr const char* kRelatedStrongest = "related.strongest_of_several";
inline constexpr const char* kParentFromAncestry = "parent.from_ancestry";
inline constexpr const char* kParentDirectionUnknown = "parent.direction_unknown";
inline constexpr const char* kParentNoneRelated = "parent.none";
inline constexpr const char* kSiblingsBothShare = "siblings.both_share_weights";

// Fills ranking, most_related(_reason), parent(_reason) and siblings.
void RankBases(CompareResult* result);

// DecideAncestry (verdict/ancestry.h) for every pair with the run's training findings, then
// RankBases: what a compare run calls once the verdicts and the training evidence are in.
void DecideRelations(CompareResult* result);

}  // namespace lineage
