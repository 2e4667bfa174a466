// The stop rule of sequential block reading (METHODS.md §10.8), handed to AnalyzeWeights as
// WeightsOptions::sampling.look. It lives here, not in weights/, because it is the decision: the
// partial result of a look goes through the same functions as a finished one (pair_evidence.h
// AddWeightsEvidence, then verdict/decide.h DecidePair), never a second rule. The analysis owns
// the mechanism (read order, planned looks, partial results); this file owns only when to stop.
//
// Contract:
//   - The decision at a look corrects every p as if all planned pairs were tested and by the
//     planned looks L (the sampling record of the partial result; decide.h), with `decide`'s
//     candidates.
//   - kStopDerived when a component is derived on the exact route (reason.exact): an exact
//     statistic reached the derived level after that correction.
//   - kStopIndependent only when (a) at least min_blocks pairs were read (the power controls'
//     sample, so the measured power covers the stopped procedure), (b) every component is inside
//     its null (reason null_with_power or null_without_power: no exact p_adj ≤ the null level,
//     no robust statistic beyond its panel at its effect floor), and (c) that still holds once S4
//     ran on the robust pairs read (the first answer is kCheckRobust, the analysis runs S4 and
//     asks again with robust_complete). Otherwise kContinue.
//   - An early independent does not cover a derivation confined to unread blocks (partial block
//     reuse); the report's sampling line and METHODS §10.8 say so.
//   - Trained panels are used at a look when panels, the pair's identity (IdentifyPair, computed
//     once by the caller: it reads rows) and both sources (for their layouts) are given; otherwise
//     random-init replicas only.
//   - Borrows the panels and sources and shares the identity; they outlive the rule.
//     Deterministic; thread-compatible.
#pragma once

#include <memory>

#include "verdict/decide.h"
#include "weights/calibration/calibration_panel.h"
#include "weights/pair/pair_analysis.h"
#include "weights/source/weight_source.h"

namespace lineage {

struct StopRuleInputs {
  const CalibrationPanels* panels = nullptr;
  std::shared_ptr<const PairIdentity> identity;
  const WeightSource* candidate = nullptr;
  const WeightSource* base = nullptr;
  DecideOptions decide;
  int min_blocks = 2;  // PowerOptions::max_blocks of the run's controls
};

// One look, decided.
LookAction DecideLook(const StopRuleInputs& in, const WeightsResult& partial, bool robust_complete);

// DecideLook as a LookRule.
LookRule MakeStopRule(const StopRuleInputs& in);

}  // namespace lineage
