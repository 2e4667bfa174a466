#include "compare/trajectory_decision.h"

#include <utility>

#include "util/cancel.h"
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

Result<TrajectoryResult> LoadAndDecideTrajectory(const std::vector<ModelLocation>& checkpoints,
                                                 const std::vector<ModelLocation>& bases,
                                                 const TrajectoryOptions& options) {
  std::vector<Model> models;
  models.reserve(checkpoints.size() + bases.size());
  for (const std::vector<ModelLocation>* locations : {&checkpoints, &bases}) {
    for (const ModelLocation& loc : *locations) {
      LINEAGE_RETURN_IF_ERROR(CheckCancel(options.weights.cancel));
      LINEAGE_ASSIGN_OR_RETURN(Model m, LoadModel(loc));
      models.push_back(std::move(m));
    }
  }
  std::vector<const Model*> c, b;
  for (size_t i = 0; i < models.size(); ++i) (i < checkpoints.size() ? c : b).push_back(&models[i]);
  return CheckAndDecideTrajectory(c, b, options);
}

}  // namespace lineage
