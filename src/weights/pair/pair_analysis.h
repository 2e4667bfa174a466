// The pipeline of AnalyzeWeights: one PairState (pair_state.h) passes through these stages in
// order; each stage's timing line under `--verbose` carries its name. Files are in weights/pair/.
//
//   stage (timing line)         function                file                  main output
//   pairing                     PreparePair             prepare_pair.h        shared rows, h0
//   read budget                 PlanBudget              budget_gates.h        budget, reserve
//   same-role tensors           CompareSameRoleTensors  exact_identity.h      tensors (exact)
//   read-ahead                  ReadSignaturesAhead     block_signatures.h    embeddings, the
//                                                                             candidate's signature
//                                                                             rows and the base's
//                                                                             MLPs on their way
//                                                                             to memory
//   embedding rows + alignment  AlignResidualStreams    residual_alignment.h  alignment, probes
//   block signatures            ComputeBlockSignatures  block_signatures.h    signatures
//   block map (all pairs)       MapBlocks               block_signatures.h    block_map
//   block pairs                 ChooseBlockPairs        block_pairs.h         pairs, robust set,
//                                                                             read order, looks
//   block tests, per pair:      TestBlockPairs          block_loop.h          blocks, sampling
//     loading block units       LoadBlockPair           block_loop.h          both blocks
//     S1/S2/CKA block tests     TestBlockIdentity       block_identity.h      S1, S2, S3, experts
//     S2 random-init panel      RunS2Panel              s2_panel.h            S2 null panel
//     fine-tune low rank        AddFineTuneShape        fine_tune_shape.h     low-rank delta
//   S4 HuRef + its panel        RunHuref                robust_huref.h        huref
//   summary                     Summarize               summary.h             S2 mean, notes
//
// The statistics themselves live in weights/statistics/ (one file per test with its null), the
// bases in weights/align/, the matrix kernels in weights/kernels/, the readers in weights/source/.
//
// Weight lineage of one candidate against one base: every statistic of METHODS.md §4 that the
// weights support, with its null, plus the diagnostics that describe a derivation. It does not
// decide: pair_evidence.h turns a WeightsResult into Findings and verdict/decide.h (DecidePair)
// turns those into the verdict, for `lineage weights` and `lineage compare` alike.
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
//     signatures (h × 64 floats per block), the shared-token embedding rows and, for S4, N × N
//     invariants (N ≤ 256 probe tokens).
//   - Exact evidence: S1 per block (LAP + one-sided Spearman, or the hit count for wide blocks),
//     every block-map pair, and the residual hit count, all with raw log10 p (decide corrects).
//   - Robust evidence: S2 gate/up agreement and S4 HuRef invariants, each against a null panel
//     built on the fly from seeded random-init candidate blocks of the same shapes (approximate:
//     random-init models lack the convergent features of trained independent models; stated).
//     Ungated MLPs (fc1/fc2) use S2's fc1/fc2 analogue (block_tests.h). Without embeddings (a
//     vision or audio tower) the identity basis is assumed, S2 probes a seeded sample of its unit
//     vectors instead of token embeddings, and S4 is not run; the notes say so.
//   - Power is not measured here: compare/positive_controls.h runs whole synthetic derived models
//     through this pipeline and the decision, so an analysis never runs controls of its own.
//   - Errors: empty models, no comparable blocks or widths that cannot be aligned → a non-ok
//     Status naming the problem; NaN/Inf weights are zeroed, counted and reported.
//   - Parallel over the pool: block loads (both sides of a pair at once; signatures pool-size
//     blocks at a time), S2 panel replicas and HuRef sides/replicas. Random draws
//     keep their streams (the panel's one stream is drawn in order before the replicas run), so
//     results do not depend on the thread count beyond floating-point reassociation.
//   - Deterministic in options.seed. Thread-safe for distinct calls.
//   - options.timings prints wall seconds per stage (named as in the table above) to stderr.
//   - Sequential reading (options.sampling, METHODS §10.8; look_plan.h): the pairs are tested in
//     a seeded order (robust pairs first) and options.sampling.look is asked at looks planned
//     from the number of pairs before any block is read; it may stop the block tests. S2 and S4
//     then cover the robust pairs read. result.sampling records the plan and what was read; the
//     decision (decide.h) corrects by it. Full reading (kFull, or kAuto below the size) tests every
//     pair in pair order, as before. The stop rule is passed down as a callback because it is the
//     decision, which lives above weights/ (compare/sequential_stop.h builds it).
//   - Read budget (options.budget, read_budget.h): checked before each reading stage and each
//     block pair with its planned bytes. The same-role pass and S4 are skipped when they do not
//     fit (beside the first look, for the same-role pass); when the alignment, the signatures and
//     the first look's pairs do not fit, nothing more is read and the result has no blocks; a
//     block pair that does not fit ends the block tests with a look at the pairs read. What was
//     not read is listed in result.sampling (not_read, unread_pairs) and in the notes.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "evidence/blocks.h"
#include "evidence/finding.h"
#include "util/cancel.h"
#include "util/progress.h"
#include "util/thread_pool.h"
#include "weights/align/alignment.h"
#include "weights/align/shared_tokens.h"
#include "weights/pair/read_budget.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/block_map.h"
#include "weights/statistics/block_tests.h"
#include "weights/statistics/derivation.h"
#include "weights/statistics/huref.h"
#include "weights/statistics/per_tensor.h"

namespace lineage {

struct WeightsResult;

// Sequential block reading (METHODS.md §10.8). The analysis owns the mechanism (seeded order,
// planned looks, the partial result at each look); the caller owns the stop rule, passed down as
// `look`, because the rule is the decision (verdict/decide.h) and weights/ must not include
// verdict/ (layer order). compare/sequential_stop.h builds it from pair_evidence.h + DecidePair.
enum class SamplingMode { kAuto, kSequential, kFull };
// What the stop rule answers at a look. kCheckRobust: stop on "independent" if the robust
// statistics agree; the analysis then runs S4 on the robust pairs read so far and asks again with
// robust_complete set.
enum class LookAction { kContinue, kStopDerived, kStopIndependent, kCheckRobust };
using LookRule = std::function<LookAction(const WeightsResult& partial, bool robust_complete)>;
struct SequentialOptions {
  // kAuto: sequential when the candidate's blocks hold at least kSequentialAutoParams
  // parameters (pair_analysis.cc says why), else full.
  SamplingMode mode = SamplingMode::kAuto;
  // Plan the looks for this many block pairs (0: the pairs of this analysis). The power controls
  // run on a few sampled blocks with the full model's looks, so they pay the same correction.
  int plan_pairs = 0;
  LookRule look;  // empty: no early stop (the looks' correction still applies)
};

struct WeightsOptions {
  uint64_t seed = 0x11E4A6E;
  int panel_size = 8;         // random-init replicas for the S2 null panel
  int max_robust_blocks = 8;  // S2 and its panel on at most this many blocks (spread evenly)
  int64_t lap_max_h = 4096;
  // S2 probes: the first this many of the shared probe tokens (hash order, weight-independent).
  // Probe responses are N × h GEMMs per block and panel member: the cap bounds their cost.
  int s2_probes = 512;
  bool per_tensor = true;
  // Keep only what the decision weighs: skip the work whose findings are context and never
  // decide (pair_evidence.h), so that DecidePair on the result is the same as on a full one:
  // S4 HuRef and its panel (kHurefDecides), CKA (kCkaDecides), the fine-tune shape diagnostic,
  // and the same-role comparison of every tensor no copy check reads (PerTensorOptions::
  // copy_checks_only). The result then lacks what describes the pair (derivation labels rest on
  // fewer tensors). The power controls set it: they keep a control's decision and nothing else.
  bool decision_only = false;
  bool progress = false;       // progress bars on stderr (a terminal only)
  ProgressSink progress_sink;  // also hand progress events to it (util/progress.h)
  // Set by the caller to stop the analysis early (util/cancel.h); it must outlive the call.
  const CancelFlag* cancel = nullptr;
  // Bytes-read counters of the models (io/read_stats.h), shown beside the progress bars; they
  // must outlive the analysis. Empty: the bars show no bytes.
  std::vector<const std::atomic<uint64_t>*> read_counters;
  bool timings = false;  // wall-clock seconds per stage to stderr (profiling aid)
  SequentialOptions sampling;
  // `--budget` (read_budget.h): stages and block pairs whose planned bytes would take either
  // model past it are not read; the block tests then end with a look at the pairs read
  // (result.sampling.stopped_on "budget" unless that look decides), and the sampling record lists
  // what was not read. Inactive by default.
  ReadBudget budget;
};

struct BlockResult {
  int candidate = -1, base = -1;
  bool diagonal = false;    // candidate i ↔ base i, fixed in advance
  bool robust_set = false;  // one of the blocks that carry the S2 panel
  BlockComparison test;
  std::optional<double> gate_up_agreement;
  std::vector<double> gate_up_panel;  // this block's S2 against each random-init replica
  std::vector<ExpertMatch> experts;   // MoE candidate vs dense base
};

struct WeightsResult {
  // Robust S2: mean agreement over the blocks that carry the panel, and the panel's replicas
  // averaged over the same blocks.
  std::optional<double> gate_up_agreement;
  // Its 95 % sampling interval over the units tested in those blocks (stats/binomial_bound.h).
  std::optional<std::pair<double, double>> gate_up_interval;
  std::vector<double> gate_up_panel;
  // Robust S4 (absent without probes or attention matrices; notes say why).
  std::optional<HurefPairResult> huref;
  // Structure.
  ResidualAlignment alignment;
  BlockMap block_map;
  std::vector<BlockResult> blocks;  // in pair order (ChooseBlockPairs), whatever the read order
  BlockSampling sampling;           // how the pairs were read (evidence/blocks.h)
  std::vector<TensorComparison> tensors;
  DerivationDiagnostics diagnostics;
  int64_t non_finite = 0;
  std::string h0;
  std::string scope;
  std::vector<std::string> notes;
};

Result<WeightsResult> AnalyzeWeights(const WeightSource& candidate, const WeightSource& base,
                                     const SharedTokenRows& shared, ThreadPool& pool,
                                     const WeightsOptions& options);

}  // namespace lineage
