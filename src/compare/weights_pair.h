// The weight analysis of one model pair as `lineage weights`, `lineage calibrate` and the Python
// bindings run it: load both models, pair embedding rows by canonical token string (by id when a
// side has no readable tokenizer, stated in the notes) and run AnalyzeWeights; RunWeightsPair then
// decides the pair as `lineage weights` does (trained panels, control power, verdict/decide).
//
// Contract: the returned values own both models and their weight sources (sources borrow the
// models, so keep them together). Load and analysis errors come back as a Status naming the
// file. Not thread-safe to share; one per command run.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "compare/sequential_stop.h"
#include "evidence/compare_result.h"
#include "io/model_location.h"
#include "model/model.h"
#include "util/status.h"
#include "weights/calibration/calibration_panel.h"
#include "weights/pair/pair_analysis.h"
#include "weights/source/model_weight_source.h"

namespace lineage {

struct WeightsPairRun {
  std::unique_ptr<Model> candidate, base;
  std::unique_ptr<ModelWeightSource> candidate_source, base_source;
  WeightsResult result;
  // The pair's identity for leave-lineage-out, when a stop rule with panels asked for it (else
  // null): computed once, before the first look, and reused by the final decision.
  std::shared_ptr<const PairIdentity> identity;
};

// `stop`: sequential reading's stop rule (sequential_stop.h) for this pair; its sources are
// filled with this run's (and its identity, when it has panels, stored in the run) and it becomes
// options.sampling.look. Without it a sequential reading
// still pays the looks' correction but reads every block.
Result<WeightsPairRun> AnalyzeWeightsPair(const ModelLocation& candidate, const ModelLocation& base,
                                          unsigned threads, const WeightsOptions& options,
                                          std::optional<StopRuleInputs> stop = std::nullopt);

struct WeightsPairOptions {
  unsigned threads = 0;  // 0 = all cores
  WeightsOptions weights;
  std::string power_cache_dir;        // compare/power_cache.h PowerCacheDir; "" = no cache
  bool always_measure_power = false;  // PowerOptions::always
};

// A decided weights comparison: the analysis, its PairResult (verdict, ancestry, power), the
// trained panels used (empty = none) and both models' reading accounting.
struct WeightsPairDecision {
  WeightsPairRun run;
  PairResult pair;
  std::string panel_sources;
  ModelRef candidate, base;
};

// `panels` are the shipped and the user's panels (LoadShippedAndUserPanels), loaded by the caller
// before the models so that a bad panel file is reported first.
Result<WeightsPairDecision> RunWeightsPair(const ModelLocation& candidate,
                                           const ModelLocation& base,
                                           const CalibrationPanels& panels,
                                           const WeightsPairOptions& options);

}  // namespace lineage
