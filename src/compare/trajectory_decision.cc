#include "compare/trajectory_decision.h"

#include "verdict/decide.h"

namespace lineage {
namespace {

// Decides one pair's evidence in place and returns whether it is derived.
bool DecideOne(PairResult* pair, std::string* verdict, double* log10_p) {
  DecideOptions decide;
  decide.candidates_checked = 1;
  DecidePair(decide, pair);
  *verdict = VerdictName(pair->verdict);
  *log10_p = pair->log10_p_adjusted.value_or(0.0);
  return pair->verdict == Verdict::kDerived;
}

}  // namespace

void DecideTrajectory(TrajectoryResult* r) {
  r->continuous = true;
  r->first_break.reset();
  for (TrajectoryStep& s : r->steps) {
    s.derived = DecideOne(&s.weights, &s.verdict, &s.log10_p);
    if (!s.derived && r->continuous) {
      r->continuous = false;
      r->first_break = s.index;
    }
  }
  r->unrelated_to_bases = true;
  for (TrajectoryBase& t : r->against) {
    t.derived = DecideOne(&t.weights, &t.verdict, &t.log10_p);
    if (t.derived) r->unrelated_to_bases = false;
  }
}

Result<TrajectoryResult> CheckAndDecideTrajectory(const std::vector<const Model*>& checkpoints,
                                                  const std::vector<const Model*>& bases,
                                                  const TrajectoryOptions& options) {
  LINEAGE_ASSIGN_OR_RETURN(TrajectoryResult r, CheckTrajectory(checkpoints, bases, options));
  DecideTrajectory(&r);
  return r;
}

}  // namespace lineage
