// CompareResult: everything `lineage compare` concludes, in one plain value that every report
// (terminal, JSON, Markdown, HTML) renders without recomputing anything.
//
// Contract:
//   - Filled by the compare orchestration from analyses' Findings and Decide() (decide.h).
//     Reports read it only. Plain values, copyable, no shared state; thread-compatible.
//   - Everything is in the order it should be shown: reports sort nothing themselves, so the same
//     inputs give byte-identical JSON.
//   - Numbers carry their nulls (Finding::null, BlockStat's null band). p-values are log10.
//   - Optional sections (tokenizer, architecture, block map, PCA, training, compute) are absent
//     when the analysis did not run; `limitations` then says why, in stable ids the catalog
//     translates (report/catalog.h).
//   - No timestamps unless the user asked (`timestamp` is empty by default).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tokenizer/scripts.h"
#include "verdict/evidence.h"

namespace lineage {

// Bumped on any change of the JSON layout: minor for added keys, major for changed or removed
// ones (docs/JSON_SCHEMA.md).
inline constexpr const char* kCompareSchemaVersion = "1.2";

enum class Verdict { kDerived, kIndependent, kInconclusive };
// JSON labels: "derived", "independent", "inconclusive".
const char* VerdictName(Verdict v);

struct FileDigest {
  std::string path;  // relative to the model's root as given on the command line
  uint64_t bytes = 0;
  std::string sha256;  // lowercase hex of the whole file
};

// A model as the user named it, with the files that were read.
struct ModelRef {
  std::string label;     // short name shown in reports (e.g. the directory's base name)
  std::string path;      // as given on the command line
  std::string format;    // "safetensors", "gguf", "llama2c", "torch-zip", ...
  std::string revision;  // hub revision when known, else empty
  std::vector<FileDigest> files;
};

// How strong the tests that produced a negative were, measured on positive controls of comparable
// training distance (METHODS §10). Absent power keeps a negative "inconclusive".
struct PowerStatement {
  bool measured = false;
  double power = 0;         // fraction of positive controls detected at the decision threshold
  int controls = 0;         // number of positive controls
  std::string description;  // what the controls were, e.g. "+750B tokens continued pre-training"
  // Raw (uncorrected) exact log10 p of each control. When present, DecidePair counts a control as
  // detected at its own threshold and Bonferroni factor and sets measured/power/controls from
  // them, so the power is measured with exactly the rule that decides.
  std::vector<double> control_log10_p;
};

// A robust statistic against its calibrated panel (METHODS §10):
// z_adj = (s − μ0) / (σ0·√(1 + 1/n0)).
struct RobustScore {
  std::string test;  // Finding::test
  std::string component;
  double value = 0;  // the statistic s
  double z_adj = 0;
  int panel_size = 0;         // n0
  bool beyond_panel = false;  // s exceeds every member of the panel
  bool extrapolated = false;  // the tail was fitted beyond the panel's range
  // Finding::panel_is_lower_bound and NullModel::source, for display: random-init replicas are a
  // lower bound on the null; a trained-independent calibration panel names its ids.
  bool panel_is_lower_bound = false;
  std::string panel_source;
};

// S1 over candidate blocks × base blocks, as −log10 p (0 = no evidence), row-major by candidate
// block. The matched path comes from the block-map dynamic programme (METHODS §4.6).
struct BlockMapSummary {
  int candidate_blocks = 0;
  int base_blocks = 0;
  std::vector<double> neg_log10_p;  // candidate_blocks × base_blocks
  std::vector<BlockPair> path;      // matched pairs, in candidate order
  double match_threshold = 0;       // −log10 of the Bonferroni per-pair level α/(L_S·L_B)
  std::string statistic;            // e.g. "unit_identity_lap"
};

// One block's statistic with its null band (e.g. the panel's 1st–99th percentile).
struct BlockStat {
  int block = 0;          // candidate block
  std::string statistic;  // e.g. "spearman_r", "gate_up_agreement"
  double value = 0;
  double null_low = 0;
  double null_high = 0;
  std::optional<double> log10_p;
};

// Tokenizer lineage (METHODS §6). Context, never weight evidence.
struct TokenizerSummary {
  std::string relation;  // identical | extends | subset | reindexed | overlapping | unrelated
  int candidate_vocab = 0;
  int base_vocab = 0;
  int shared_tokens = 0;  // |A ∩ B| over regular tokens
  double jaccard = 0;
  double containment = 0;
  double same_id_rate = 0;                       // over A ∩ B
  std::vector<ScriptCount> added_token_scripts;  // tokens only in the candidate, by script
};

struct ArchDifference {
  std::string field;  // normalised field name, e.g. "rope_theta"
  std::string candidate;
  std::string base;
};

struct RareSharedValue {
  std::string field;
  std::string value;
  int catalog_models = 0;   // configs in the catalog that have this field
  int catalog_matches = 0;  // of those, how many share this value
};

// Architecture lineage (METHODS §7). Context, never weight evidence.
struct ArchitectureSummary {
  bool identical = false;
  std::vector<ArchDifference> differences;
  std::vector<RareSharedValue> rare_shared;
};

// The candidate against one base.
struct PairResult {
  std::string base;  // ModelRef::label of the base
  Verdict verdict = Verdict::kInconclusive;
  std::string reason;                   // decision rule that fired (decide.h: kReason*)
  std::vector<std::string> derivation;  // derivation types (evidence.h), empty unless derived
  std::vector<ComponentVerdict> components;
  std::vector<Finding> findings;  // all evidence, decisive or not, as the analyses emitted it
  std::optional<Finding> strongest_for;
  std::optional<Finding> strongest_against;
  std::optional<double> log10_p_exact;     // best exact test, before multiplicity correction
  std::optional<double> log10_p_adjusted;  // after Bonferroni over candidates × tests
  std::optional<double> log10_bf_cap;      // Bayes-factor bound implied by log10_p_exact
  std::vector<RobustScore> robust;
  PowerStatement power;
  std::optional<BlockMapSummary> block_map;
  std::vector<BlockStat> block_stats;
  std::optional<TokenizerSummary> tokenizer;
  std::optional<ArchitectureSummary> architecture;
  std::vector<std::string> limitations;  // catalog ids, e.g. "limitation.no_tokenizer_base"
};

// Illustration only, never evidence: per-block weight signatures (features in the aligned basis)
// of every model, projected on their top two principal components.
struct PcaPoint {
  std::string model;  // ModelRef::label
  int block = 0;
  double pc1 = 0;
  double pc2 = 0;
};

struct PcaIllustration {
  std::string features;                   // what a signature is made of, e.g. "gate/up row norms"
  double explained_variance[2] = {0, 0};  // fractions for PC1, PC2
  std::vector<PcaPoint> points;
};

// A checkpoint trajectory leading to the candidate (training/trajectory.h), for the drift chart.
struct TrajectoryStepSummary {
  int index = 0;           // checkpoint index (>= 1), compared with index - 1
  std::string checkpoint;  // label of checkpoint `index`
  double drift = 0;        // ‖θ_i − θ_{i−1}‖ / ‖θ_{i−1}‖
  double log10_p = 0;      // exact unit-identity test of i against i − 1 (Bonferroni-adjusted)
  bool derived = false;
  bool drift_jump = false;
};

struct TrajectorySummary {
  std::vector<std::string> checkpoints;  // labels, in training order (the candidate last)
  std::string init_check;                // InitCheck verdict of checkpoint 0
  bool random_start = false;
  bool continuous = false;
  std::optional<int> first_break;
  std::vector<TrajectoryStepSummary> steps;
};

struct CompareResult {
  std::string schema_version = kCompareSchemaVersion;
  std::string tool_version;
  uint64_t seed = 0;
  std::string panel;      // calibration panel ids used for robust nulls (trained-independent
                          // panels, calibration_panel.h), empty when only random-init replicas
  std::string timestamp;  // ISO 8601 UTC, only when asked (--timestamp)
  ModelRef candidate;
  std::vector<ModelRef> bases;
  std::vector<std::string> components_covered;  // e.g. "trunk", "embed", "vision"
  std::vector<PairResult> results;              // one per base, in `bases` order
  std::optional<std::string> parent;            // label of the most likely parent, or none
  std::string parent_reason;                    // decide.h: kParent*
  std::optional<PcaIllustration> pca;
  std::vector<Finding> training;                // training evidence, when run
  std::optional<TrajectorySummary> trajectory;  // when checkpoints were given
  std::vector<Finding> compute;                 // compute plausibility, when run
  std::vector<std::string> warnings;            // free text from the orchestration (English)
};

// Looks up a base's result by label; nullptr when absent.
const PairResult* FindPair(const CompareResult& r, const std::string& base_label);

}  // namespace lineage
