// RunCompare: the main job. Loads the candidate and every base once, runs the tokenizer,
// architecture and weight analyses (and training evidence when given), and turns their Findings
// into one CompareResult with a verdict per base and an overall parent line.
//
// Contract:
//   - Each model's files are opened once; tensors are streamed by the weight analysis, which is
//     the only pass over tensor data (byte/value identity is part of it).
//   - A missing or unreadable tokenizer on either side, or a config that cannot be parsed, does
//     not stop the run: the analysis that needs it is skipped and `limitations` says so; weights
//     are then aligned by token id, an approximation the report states.
//   - A candidate or base that cannot be loaded as a model is an error naming the file.
//   - Robust statistics use a comparable trained-independent calibration panel (shipped
//     data/calibration plus options.panel_files, leave-one-out) when one exists, else random-init
//     replicas; `panel` names the panels used. Unreadable panel files are an error.
//   - Deterministic in options.seed: the same inputs give the same CompareResult.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compare/training_evidence.h"
#include "evidence/compare_result.h"
#include "io/model_location.h"
#include "model/model.h"
#include "util/cancel.h"
#include "util/progress.h"
#include "util/status.h"
#include "weights/pair/pair_analysis.h"

namespace lineage {

struct CompareOptions {
  unsigned threads = 0;  // 0 = all cores
  uint64_t seed = 0x11E4A6E;
  bool progress = false;       // progress bars on stderr (a terminal only)
  ProgressSink progress_sink;  // also hand progress events to it (util/progress.h)
  // Set by the caller to stop the comparison early (util/cancel.h); it must outlive the call.
  const CancelFlag* cancel = nullptr;
  std::vector<std::string> catalog_dirs;  // extra config catalogs (arch rarity)
  // Extra calibration panels (JSONL, weights/calibration/calibration_panel.h) beside the shipped
  // ones.
  std::vector<std::string> panel_files;
  bool timestamp = false;
  // Where measured power is cached (compare/power_cache.h PowerCacheDir); "" = no cache.
  std::string power_cache_dir;
  // Run the positive controls even when no verdict can rest on them (PowerOptions::always).
  bool always_measure_power = false;
  TrainingInputs training;  // logs, checkpoints, claims (training_evidence.h)
  // Block reading (weights/pair/pair_analysis.h SequentialOptions; `--full` / `--sequential`).
  SamplingMode sampling = SamplingMode::kAuto;
  // `--budget`: the bytes each model may be read for (weights/pair/read_budget.h; 0 = none). It
  // caps the weight analyses (the trunk's and the towers'); a pair whose budget ran out skips its
  // positive controls, and under a budget the PCA illustration is not drawn (it reads rows of
  // every block).
  uint64_t budget_bytes = 0;
};

// A model's accounting once its analyses are done: ref gets the location's revision, bytes read
// (model/model.h says what counts) less the `controls_bytes` the power controls read (which go to
// bytes_read_controls), bytes total and requests.
void StampAccounting(const Model& m, uint64_t controls_bytes, ModelRef* ref);

// The run's tool version, seed and (only when asked) timestamp.
void StampRun(const CompareOptions& options, CompareResult* result);

// The short name a model is shown under: the base name of its directory or file.
std::string ModelLabel(const std::string& path);

// Models are resolved locations (io/hub/resolve.h). Every ModelRef gets the location's revision
// and, after the analyses, its accounting (bytes read, bytes total, requests: model/model.h).
// File digests: files on disk up to 256 MB are hashed here ("computed", their bytes counted as
// read when they are weight files); files served by the opener without a local copy are never
// read whole for a digest: they carry the opener's claim ("hub-claim") or none.
Result<CompareResult> RunCompare(const ModelLocation& candidate,
                                 const std::vector<ModelLocation>& bases,
                                 const CompareOptions& options);

}  // namespace lineage
