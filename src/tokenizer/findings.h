// Tokenizer evidence as Findings (evidence/finding.h) for `lineage compare`.
//
// Contract: analysis = "tokenizer", decisive = false always (tokenizer reuse is context, never
// weight evidence, METHODS.md §6 and §12); no p-values (there is no null for "same vocabulary").
// Direction: kForDerivation for identical/extends/subset/reindexed, kNeutral otherwise (a
// different tokenizer does not show independent weights). Deterministic order. Pure.
#pragma once

#include <vector>

#include "evidence/finding.h"
#include "tokenizer/compare.h"

namespace lineage {

std::vector<Finding> TokenizerFindings(const TokenizerComparison& c);

}  // namespace lineage
