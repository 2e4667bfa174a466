// The one state that the stages of AnalyzeWeights (pair_analysis.h) pass along: the inputs they
// borrow, what each stage leaves for the stages after it, and the WeightsResult being filled.
//
// Contract:
//   - PairInputs borrows: the sources, the shared rows, the pool and the options outlive the state.
//   - Each field names the stage that writes it. A stage reads only what earlier stages wrote
//     (pair_analysis.h lists the order), so a test can fill those fields by hand and run one stage.
//   - Not thread-safe: one state per call. Stages run one after another on the caller's thread and
//     use in.pool inside; parallel work writes to per-task slots, never to shared fields.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "stats/rng.h"
#include "util/status.h"
#include "util/thread_pool.h"
#include "weights/align/shared_tokens.h"
#include "weights/pair/pair_analysis.h"
#include "weights/pair/stage_clock.h"
#include "weights/source/read_ahead.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/block_tests.h"

namespace lineage {

struct PairInputs {
  const WeightSource& candidate;
  const WeightSource& base;
  const SharedTokenRows& shared;  // every shared row; PreparePair caps them
  ThreadPool& pool;
  const WeightsOptions& options;
};

struct PairState {
  explicit PairState(const PairInputs& inputs)
      : in(inputs), clock(inputs.options.timings), panel_rng(inputs.options.seed ^ 0xFA2E1) {}

  const PairInputs in;
  StageClock clock;
  WeightsResult result;  // every stage adds to it; the pipeline returns it

  // PlanBudget (budget_gates.h): the read budget cannot cover the first look, so the reading
  // stages that follow are skipped.
  bool budget_exhausted = false;
  // PreparePair: the first 16k shared pairs (hash order).
  SharedTokenRows shared;
  // AlignResidualStreams (and result.alignment): S2 probe rows in each model's own basis (empty:
  // no S2), and whether they are token embeddings (S4 runs only then).
  Mat probes_a, probes_b;
  bool token_probes = false;
  // RunS2Panel (s2_panel.h), on its first call: probes_a's row-space factor (probe_row_space.h).
  Mat probes_a_rt;
  // ReadSignaturesAhead: both embeddings, the candidate's signature rows and the base's MLPs on
  // their way into the page cache (mapped local files only); released by ComputeBlockSignatures
  // (or with the state).
  std::unique_ptr<ReadAhead> read_ahead;
  // ComputeBlockSignatures, consumed and cleared by MapBlocks.
  std::vector<Mat> sig_a, sig_b;
  std::vector<std::vector<int32_t>> rows_a;
  std::vector<int64_t> widths_a;
  // ChooseBlockPairs: the (candidate, base) blocks to test, in order; the indices into `pairs`
  // that carry the S2 panel and S4 (ascending); the per-block test options.
  std::vector<std::pair<int, int>> pairs;
  std::vector<size_t> robust_idx;
  BlockTestOptions block_options;
  bool moe_vs_dense = false;
  // ChooseBlockPairs, sequential reading (look_plan.h): the order the pairs are read in (pair
  // order when full) and the looks, as counts of pairs read (one look at the end when full).
  std::vector<size_t> read_order;
  std::vector<int> look_points;
  // TestBlockPairs: S4 already ran on the pairs read (the stop rule asked for it at the look it
  // stopped on), so RunHuref does not run it again.
  bool huref_done = false;
  // TestBlockPairs, in pair order: the one S2 panel stream; each panel replica's value per robust
  // block; S2 of every tested block; (matched units, widest block)
  // when S2 sampled units; the pairs where either MLP is ungated (fc1/fc2).
  Rng panel_rng;
  std::vector<std::vector<double>> panel_by_replica;
  std::vector<double> agreements;
  std::pair<int64_t, int64_t> s2_sample{0, 0};
  size_t ungated_pairs = 0;
};

// A stage of the pipeline: reads and writes the state; a non-ok Status stops the pipeline.
using PairStage = Status (*)(PairState&);

}  // namespace lineage
