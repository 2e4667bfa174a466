#include "compare/sequential_stop.h"

#include "weights/pair/pair_evidence.h"

namespace lineage {

LookAction DecideLook(const StopRuleInputs& in, const WeightsResult& partial,
                      bool robust_complete) {
  PairResult pair;
  if (in.panels && in.identity && in.candidate && in.base) {
    const TrainedPanels trained = TrainedPanelsForPair(*in.panels, partial, *in.identity,
                                                       in.candidate->layout(), in.base->layout());
    AddWeightsEvidence(partial, &pair, &trained);
  } else {
    AddWeightsEvidence(partial, &pair);
  }
  DecidePair(in.decide, &pair);
  for (const ComponentVerdict& cv : pair.components) {
    if (cv.note == kReasonExact) return LookAction::kStopDerived;
  }
  if (partial.sampling.blocks_read < in.min_blocks) return LookAction::kContinue;
  if (pair.reason != kReasonNullWithPower && pair.reason != kReasonNullWithoutPower) {
    return LookAction::kContinue;
  }
  return robust_complete ? LookAction::kStopIndependent : LookAction::kCheckRobust;
}

LookRule MakeStopRule(const StopRuleInputs& in) {
  return [in](const WeightsResult& partial, bool robust_complete) {
    return DecideLook(in, partial, robust_complete);
  };
}

}  // namespace lineage
