// The weight analysis of one model pair as the CLI runs it (`lineage weights`, `lineage
// calibrate`): load both models, pair embedding rows by canonical token string (by id when a side
// has no readable tokenizer, stated in the notes) and run AnalyzeWeights.
//
// Contract: the returned value owns both models and their weight sources (sources borrow the
// models, so keep them together). Load and analysis errors come back as a Status naming the
// file. Not thread-safe to share; one per command run.
#pragma once

#include <memory>
#include <string>

#include "io/model_location.h"
#include "model/model.h"
#include "util/status.h"
#include "weights/pair/pair_analysis.h"
#include "weights/source/model_weight_source.h"

namespace lineage::cli {

struct WeightsPairRun {
  std::unique_ptr<Model> candidate, base;
  std::unique_ptr<ModelWeightSource> candidate_source, base_source;
  WeightsResult result;
};

Result<WeightsPairRun> AnalyzeWeightsPair(const ModelLocation& candidate, const ModelLocation& base,
                                          unsigned threads, const WeightsOptions& options);

}  // namespace lineage::cli
