// Checkpoint trajectory (METHODS.md §9): does a claimed training run start from random weights
// and continue without a splice?
//
// Checks, for checkpoints CKPT0..CKPTn of one run and optional bases B1..Bk:
//   (a) CKPT0 looks like random initialisation (InitCheck verdict "random");
//   (b) each consecutive pair is derived under the weights module's unit-identity analysis
//       (AnalyzeWeights(candidate = CKPT[i], base = CKPT[i-1])), and the relative drift
//       ‖θ_i − θ_{i−1}‖ / ‖θ_{i−1}‖ over the shared weight matrices grows smoothly;
//   (c) CKPT0 shows no derivation from any base.
// `first_break` is the index of the first checkpoint not derived from the one before it.
// A drift "jump" is a step whose drift exceeds kDriftJumpFactor times both neighbours'; jumps are
// reported, while continuity rests on (b)'s exact test (drift alone cannot tell a long interval
// of training from a swap: the shipped run moved 1.27x its norm between steps 200 and 1000).
//
// This is the analysis: CheckTrajectory measures (a), the drift, and the weights evidence of every
// pair of (b) and (c), undecided. The verdicts, continuity and first_break are the decision's
// (compare/trajectory_decision.h: DecideTrajectory, through verdict/decide.h), because an analysis
// never calls the decision; fields marked "decided" stay at their defaults until then.
//
// Memory: one tensor of each of two checkpoints at a time for drift, plus what AnalyzeWeights
// bounds. Models are borrowed; each is read once per pair it appears in. Deterministic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evidence/pair_result.h"
#include "model/model.h"
#include "training/init_signature.h"
#include "util/status.h"
#include "weights/pair/pair_analysis.h"

namespace lineage {

constexpr double kDriftJumpFactor = 3.0;

struct TrajectoryOptions {
  WeightsOptions weights;
  InitCheckOptions init;
  unsigned threads = 0;
};

struct TrajectoryStep {
  int index = 0;  // checkpoint index (>= 1): compared with index - 1
  std::string path;
  PairResult weights;    // weights evidence of this checkpoint against the previous one
  std::string verdict;   // decided: weights verdict of this checkpoint against the previous one
  double log10_p = 0;    // decided: exact test, Bonferroni-adjusted
  bool derived = false;  // decided
  double drift = 0;      // ‖θ_i − θ_{i−1}‖ / ‖θ_{i−1}‖
  bool drift_jump = false;
};

struct TrajectoryBase {
  std::string path;
  PairResult weights;    // weights evidence of CKPT0 against this base
  std::string verdict;   // decided: weights verdict of CKPT0 against this base
  double log10_p = 0;    // decided
  bool derived = false;  // decided
};

struct TrajectoryResult {
  std::vector<std::string> checkpoints;
  InitCheckResult init;  // of CKPT0
  bool random_start = false;
  std::vector<TrajectoryStep> steps;
  bool continuous = false;         // decided
  std::optional<int> first_break;  // decided
  bool smooth = true;              // no drift jumps
  std::vector<TrajectoryBase> against;
  bool unrelated_to_bases = true;  // decided
  std::vector<std::string> notes;
};

// Relative drift between two sources over the weight matrices they share (same key and shape).
Result<double> RelativeDrift(const WeightSource& from, const WeightSource& to);

// The analysis: (a), the drift and every pair's weights evidence; nothing decided.
Result<TrajectoryResult> CheckTrajectory(const std::vector<const Model*>& checkpoints,
                                         const std::vector<const Model*>& bases,
                                         const TrajectoryOptions& options);

// JSON contract: random_start, continuous, first_break (index or null), plus steps, against, init.
nlohmann::json TrajectoryJson(const TrajectoryResult& r);

}  // namespace lineage
