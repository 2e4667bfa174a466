// Weight lineage of one candidate against one base: everything of METHODS.md §4 that the weights
// support, combined into the calibrated verdict of §10. This is the library entry point behind
// `lineage weights A B` and, later, `lineage compare`.
//
// H0: the candidate and the base were initialised independently. Scope: the weights of the two
// models given (components covered are listed); distillation into a fresh model and unreleased
// parents are invisible; a negative is relative to this base and to the measured power.
//
// Contract:
//   - Inputs are two WeightSources (usually ModelWeightSource over already-loaded Models, so files
//     are read once and shared) and the shared-token rows (from the tokenizer module's shared-token
//     map, or AssumeSameIds with a stated approximation).
//   - Streaming: at most two blocks of each model are in memory at once, plus compact block
//     signatures (h × 64 floats per block) and the shared-token embedding rows.
//   - Exact evidence: S1 per block (LAP + one-sided Spearman, or the hit count for wide blocks),
//     Fisher over the diagonal blocks when depths agree, every block-map pair, and the residual
//     hit count; the headline log10 p is their minimum with Bonferroni over all of them.
//   - Robust evidence: S2 gate/up agreement against a null panel built on the fly from seeded
//     random-init candidate blocks of the same shapes (approximate: random-init models lack the
//     convergent features of trained independent models; stated in the output).
//   - Power: the same exact test on seeded noised copies of the base (positive controls).
//   - Errors: empty models, no comparable blocks or widths that cannot be aligned → a non-ok
//     Status naming the problem; NaN/Inf weights are zeroed, counted and reported.
//   - Deterministic in options.seed. Thread-safe for distinct calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/thread_pool.h"
#include "verdict/evidence.h"
#include "weights/alignment.h"
#include "weights/block_map.h"
#include "weights/block_tests.h"
#include "weights/derivation.h"
#include "weights/per_tensor.h"
#include "weights/shared_tokens.h"
#include "weights/weight_source.h"

namespace lineage {

struct WeightsOptions {
  uint64_t seed = 0x11E4A6E;
  int panel_size = 8;             // random-init replicas for the S2 null panel
  int power_controls = 3;         // noised copies of the base for the power measurement
  double control_noise = 1.0;     // noise sd relative to each base matrix's sd
  int max_robust_blocks = 8;      // S2 / panel / controls on at most this many blocks (spread evenly)
  int64_t lap_max_h = 4096;
  // S2 probes: the first this many of the shared probe tokens (hash order, weight-independent).
  // Probe responses are N × h GEMMs per block and panel member: the cap bounds their cost.
  int s2_probes = 512;
  bool per_tensor = true;
  bool progress = false;
  bool timings = false;           // wall-clock seconds per stage to stderr (profiling aid)
};

struct BlockResult {
  int candidate = -1, base = -1;
  bool diagonal = false;       // candidate i ↔ base i, fixed in advance
  bool robust_set = false;     // one of the blocks that carry the S2 panel and power controls
  BlockComparison test;
  std::optional<double> gate_up_agreement;
  std::vector<ExpertMatch> experts;  // MoE candidate vs dense base
};

struct WeightsResult {
  std::string verdict;               // "derived" | "independent" | "inconclusive"
  std::vector<std::string> derivation;
  double log10_p = 0;                // exact test, Bonferroni-adjusted
  double log10_p_raw = 0;
  int tests_in_family = 0;
  std::string exact_source;          // which exact test gave the minimum
  double log10_bayes_factor_cap = 0;
  // Robust S2.
  std::optional<double> gate_up_agreement;   // mean over tested blocks
  std::optional<double> gate_up_z;           // against the random-init panel
  std::optional<double> gate_up_log10_p;     // t tail of the panel (approximate)
  std::vector<double> gate_up_panel;
  // Power.
  int controls_detected = 0, controls_run = 0;
  double control_noise = 0;
  std::vector<double> control_log10_p;
  // Structure.
  ResidualAlignment alignment;
  BlockMap block_map;
  std::vector<BlockResult> blocks;
  std::vector<ComponentVerdict> components;
  std::vector<TensorComparison> tensors;
  DerivationDiagnostics diagnostics;
  std::vector<Finding> findings;
  int64_t non_finite = 0;
  std::string h0;
  std::string scope;
  std::vector<std::string> notes;
};

Result<WeightsResult> AnalyzeWeights(const WeightSource& candidate, const WeightSource& base,
                                     const SharedTokenRows& shared, ThreadPool& pool,
                                     const WeightsOptions& options);

}  // namespace lineage
