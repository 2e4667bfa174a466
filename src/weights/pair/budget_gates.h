// The read budget (read_budget.h) applied to the stages of AnalyzeWeights (pair_analysis.h): the
// planned bytes of each reading stage, computed from the PairState, and the gate that skips a
// stage whose plan does not fit and records it.
//
// Contract:
//   - Plans are upper bounds (read_budget.h) and use only shapes and stored sizes, never values,
//     so where the budget ends does not depend on what was read.
//   - PlanBudget (the pipeline's "read budget" stage) stamps the budget in result.sampling and,
//     when the alignment, the signatures and the first look's block pairs do not fit, sets
//     budget_exhausted: the pipeline then reads nothing more and the record says so.
//   - Every check keeps a reserve for the reads of the decision itself: the calibration panels
//     fingerprint both models (FingerprintBytes) at each look the stop rule may take (twice per
//     planned look, plus the budget's look and the decision after the analysis), with the looks
//     bounded by a plan over 2 × the deeper model's blocks.
//   - AdmitStage returns true when the budget is inactive or `planned` fits; otherwise it adds
//     `stage` to result.sampling.not_read and an English note naming what was not checked.
//   - Not thread-safe on one state.
#pragma once

#include <cstddef>

#include "weights/pair/pair_state.h"
#include "weights/pair/read_budget.h"

namespace lineage {

// Both blocks of pairs[pi] as the block tests read them (the candidate's experts too against a
// dense base; gate matrices again on a robust pair, for the fine-tune shape).
SideBytes PairBytes(const PairState& s, size_t pi);

// The embedding rows of the alignment, the block signatures and the block pairs of the first
// look (the costliest blocks, as the pairs are chosen only after the signatures).
SideBytes FirstLookBytes(const PairState& s);

// S4 on the robust pairs in s.robust_idx.
SideBytes HurefBytes(const PairState& s);

// Whether pairs[pi] fits beside the reserve (below).
bool PairFits(const PairState& s, size_t pi);

bool AdmitStage(PairState& s, const SideBytes& planned, const char* stage, const char* what);

Status PlanBudget(PairState& s);

}  // namespace lineage
