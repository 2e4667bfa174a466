// The parts of a WeightsResult derived from its statistics alone, after the verdict is set:
// derivation labels (how), component verdicts (where), and the Findings list (evidence with
// nulls). Kept apart from pair_analysis.cc so the decision rules read in one place.
//
// Contract: pure functions of the result (and, for components, of the two sources' key lists);
// they never read tensor data. Thread-safe on distinct results.
#pragma once

#include "weights/pair_analysis.h"

namespace lineage {

void FillDerivationLabels(WeightsResult* r);
void FillComponents(const WeightSource& cand, const WeightSource& base, WeightsResult* r);
void FillFindings(WeightsResult* r);

}  // namespace lineage
