// The decision rule that names a tokenizer relation, with its thresholds and why they are what
// they are (docs/TOKENIZER.md has the long form).
//
// Thresholds are properties of how tokenizers are made, not fitted to fixtures:
//   - kIdsKeptMin = 0.999: a derived vocabulary keeps its parent's ids (embedding rows are
//     reused). Independent tokenizers share ids only by accident (bytes, specials, a few
//     hundred early tokens), far below 1 %; allowing one token in a thousand to change covers
//     hand fixes without admitting coincidence.
//   - kReindexContainmentMin = 0.95 (METHODS.md §6): a re-indexed copy keeps almost the whole
//     smaller vocabulary. Containment alone is not enough: a large vocabulary trained on similar
//     data contains most of a small one. So we also require
//   - kReindexOrderMin = 0.95: re-indexing by inserting tokens keeps the relative order of
//     the shared tokens (longest order-preserving subsequence ≈ all of S), whereas independent
//     training orders shared tokens only loosely by frequency, or
//   - kReindexSameSetJaccard = 0.95: the same set under any permutation of ids.
//   - kOverlapJaccardMin = 0.3 (METHODS.md §6) or kOverlapContainmentMin = 0.5: Jaccard is
//     capped by the size ratio (32k vs 256k can reach at most 0.125), so substantial overlap of
//     the smaller vocabulary also counts as overlapping.
//   - Merge consistency for `identical`: when both sides carry merges, the smaller list must be
//     ≥ kIdsKeptMin covered by the other with rank correlation ≥ kIdsKeptMin (a list derived
//     from tiktoken ranks is a subset of a converter's longer list).
#pragma once

#include <string>
#include <vector>

#include "tokenizer/compare.h"

namespace lineage {

constexpr double kIdsKeptMin = 0.999;
constexpr double kReindexContainmentMin = 0.95;
constexpr double kReindexOrderMin = 0.95;
constexpr double kReindexSameSetJaccard = 0.95;
constexpr double kOverlapJaccardMin = 0.3;
constexpr double kOverlapContainmentMin = 0.5;

// Sets c->relation and c->deciding from the metrics already in *c.
void ClassifyRelation(TokenizerComparison* c);

}  // namespace lineage
