// Positive controls: the measured power behind a negative (METHODS §10). Synthetic derived
// models are made from the BASE (weights/source/control_source.h) by each derivation kind the
// verdict claims to detect, at realistic effect sizes, and each passes through the same pipeline
// as real evidence: AnalyzeWeights (alignment and every test that can decide; decision_only skips
// the context, which DecidePair ignores), AddWeightsEvidence and DecidePair. A control is
// detected exactly when its evidence is called "derived".
//
// Contract:
//   - PlanControls(n, seed): control c is kind c mod 6 (below), with its drift and seed drawn
//     from Rng(seed).Fork(c). Kinds: fine-tune (drift only), permutation (residual dims, MLP
//     units, heads), rotation (Haar residual rotation), rescaling (norm reallocation and up/down
//     rescaling), pruning (half the MLP units), and rotation+permutation+rescaling; every one also
//     drifts like a fine-tune, per-row cosine uniform in [0.92, 0.99].
//   - MeasureControlPower runs the controls on a LayerSubset of the base (at most max_blocks
//     blocks, spread evenly), narrowed to control_width residual dimensions and read into memory
//     once (WidthReduced); every sample size that grows with width (probe tokens, S2 probes, the
//     LAP's unit cap) is scaled by the same factor. A control's decision uses the Bonferroni factor
//     of the full model (candidates_checked × ⌈blocks / sampled blocks⌉), so sampling never makes
//     detection easier. Measured power at reduced width stands for the full width's under the
//     assumption, written and checked in METHODS §10.9, that power does not fall with width.
//   - Sequential reading (METHODS §10.8): with weights.sampling.mode kSequential each control is
//     analysed as the pair's first look (its sampled blocks are at least the pair's first look)
//     with the pair's planned looks (sampling.plan_pairs; 0 = the base's blocks), so its decision
//     pays the same correction over looks: the measured power is the power of the procedure used
//     (a lower bound: the pair may also stop on a later look). kAuto counts as kFull here; pass
//     ControlWeightsOptions to resolve it as the pair did.
//     The analyses of a control never run controls (only this function does). Controls run one
//     per worker of `pool`, each on one thread with OpenBLAS held to one thread (BlasThreadLimit,
//     process-wide: nothing else may multiply meanwhile), and are counted in plan order, so the
//     result does not depend on the pool's size or on OPENBLAS_NUM_THREADS.
//   - Counts: per control the pair verdict, per derivation kind, and per component class (a
//     class is tested in a control when the control's decision gave it a component verdict, and
//     detected when one of its components was derived). DecidePair turns counts into bounds.
//   - Cache (power_cache.h): with a cache dir, the key (PowerCacheKey) is looked up first and the
//     measured counts stored after; a bad cache file is recomputed and the warning returned in
//     notes. A store failure is a note, never an error.
//   - Errors: an analysis failure of a control (the base cannot be read) as a Status.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evidence/pair_result.h"
#include "util/thread_pool.h"
#include "verdict/decide.h"
#include "weights/pair/pair_analysis.h"
#include "weights/source/control_source.h"
#include "weights/source/weight_source.h"

namespace lineage {

struct PowerOptions {
  // 60 = 10 of each kind: 30 keep the identity basis (fine-tune, rescaling, pruning), so the
  // embedding's own test, which only the identity basis exercises, can reach 0.90 too (30 of 30
  // bound it at 0.905; 60 of 60 bound the trunk at 0.951).
  int controls = 60;
  int max_blocks = 2;
  // The controls' sub-model (weights/source/width_reduction.h, METHODS §10.9): at most this many
  // residual dimensions (0 = the base's width) and vocabulary rows per kept dimension.
  int64_t control_width = 512;
  double max_vocab_per_dim = 32;
  // Each control's drift cosine is uniform in this range (METHODS §10.4). Only experiments (the
  // width bench's unsaturated check) change it: the verdict's power is measured at the default.
  double min_drift_cosine = 0.92, max_drift_cosine = 0.99;
  double confidence = 0.95;
  std::string cache_dir;  // "" = no cache
  // AddControlPower runs the controls only when the pair's decision can use them
  // (PowerCanDecide); true runs them always (`--always-measure-power`).
  bool always = false;
};

std::vector<ControlTransform> PlanControls(int n, uint64_t seed, double min_drift_cosine = 0.92,
                                           double max_drift_cosine = 0.99);

// Everything that changes the measured power: the base's shape class (layout and every tensor's
// role, shape and dtype), the weights options that shape the tests (the sampling mode and plan
// among them), the decision thresholds and
// Bonferroni factor, the plan (count, blocks, confidence, seed) and the statistics' version.
nlohmann::ordered_json PowerCacheKey(const WeightSource& base, const WeightsOptions& weights,
                                     const DecideOptions& decide, const PowerOptions& power);

// The weights options of the controls of a pair analysed with `weights` that gave `pair`: its
// sampling mode as resolved, planned for its number of block pairs, without a stop rule.
WeightsOptions ControlWeightsOptions(const WeightsOptions& weights, const WeightsResult& pair);

// The options of one control's analysis, from the options `weights` the controls run with
// (ControlWeightsOptions for a pair), for a base of `blocks` blocks narrowed by `factor`
// (width_reduction.h): the same, without progress, budget or stop rule, with decision_only set,
// and with every sample size that grows with width scaled by `factor`, so that the narrow
// sub-model is a shrunken copy of the pair's problem, not an easier one (METHODS §10.9).
WeightsOptions ControlAnalysisOptions(const WeightsOptions& weights, int blocks, double factor);

struct PowerRun {
  PowerStatement power;
  std::vector<std::string> notes;  // English; e.g. a cache file that was unreadable
};

Result<PowerRun> MeasureControlPower(const WeightSource& base, ThreadPool& pool,
                                     const WeightsOptions& weights, const DecideOptions& decide,
                                     const PowerOptions& power);

// MeasureControlPower into pair->power, its notes into pair->limitations. Call before DecidePair,
// once every finding of the pair is in: unless power.always, when no verdict can rest on the power
// (PowerCanDecide under `decide`) the controls do not run and pair->power says not_needed.
Status AddControlPower(const WeightSource& base, ThreadPool& pool, const WeightsOptions& weights,
                       const DecideOptions& decide, const PowerOptions& power, PairResult* pair);

}  // namespace lineage
