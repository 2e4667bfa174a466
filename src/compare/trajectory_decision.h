// The decision over a checkpoint trajectory (METHODS.md §9): every pair that CheckTrajectory
// (training/trajectory.h) gathered evidence for is decided by DecidePair (verdict/decide.h), the
// one decision rule of every command, and the chain's continuity follows from those verdicts.
//
// Contract: pure over the TrajectoryResult's evidence; deterministic; thread-compatible. Each pair
// is decided on its own (one candidate checked: no Bonferroni factor across pairs).
#pragma once

#include <vector>

#include "io/model_location.h"
#include "model/model.h"
#include "training/trajectory.h"
#include "util/status.h"

namespace lineage {

// Fills every step's and base's verdict, log10_p and derived from its weights evidence, then
// continuous and first_break (the first step not derived from the one before) and
// unrelated_to_bases (no base derived).
void DecideTrajectory(TrajectoryResult* r);

// CheckTrajectory, then DecideTrajectory: what `lineage trajectory` and `compare --checkpoints`
// run.
Result<TrajectoryResult> CheckAndDecideTrajectory(const std::vector<const Model*>& checkpoints,
                                                  const std::vector<const Model*>& bases,
                                                  const TrajectoryOptions& options);

// Loads every checkpoint, then every base (model/model.h LoadModel), and runs
// CheckAndDecideTrajectory: what `lineage trajectory` runs on resolved locations.
Result<TrajectoryResult> LoadAndDecideTrajectory(const std::vector<ModelLocation>& checkpoints,
                                                 const std::vector<ModelLocation>& bases,
                                                 const TrajectoryOptions& options);

}  // namespace lineage
