// PairResult: everything known about the candidate against one base. The analyses fill
// `findings` and the summaries; the decision (verdict/decide.h: DecidePair) fills the verdict,
// reason, components, strongest evidence, corrected p-values and robust scores.
//
// Contract: plain values, copyable, no shared state; thread-compatible. Everything is in the
// order it should be shown (reports sort nothing). p-values are log10.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "evidence/ancestry.h"
#include "evidence/blocks.h"
#include "evidence/context_summaries.h"
#include "evidence/finding.h"

namespace lineage {

enum class Verdict { kDerived, kIndependent, kInconclusive };
// JSON labels: "derived", "independent", "inconclusive".
const char* VerdictName(Verdict v);

// Derivation types (JSON labels) say what differs between two models that share trained weights,
// never which came first (that is `ancestry`): fine-tuned, camouflaged-permutation,
// camouflaged-rotation, depth-upscaled, depth-pruned, width-pruned, moe-upcycled, vocab-extended,
// quantized, dtype-cast, component-reuse, identical-copy.
struct ComponentVerdict {
  std::string name;  // "embed", "block 0", "vision", "lm_head"
  // "derived" | "independent" | "inconclusive" | "not-compared" | "not-comparable" (the
  // component's own power was not measured, so a negative cannot be weighed)
  std::string verdict;
  std::optional<double> log10_p;
  std::string note;
};

// Positive controls of one derivation kind (e.g. "rotation") and how many of them were detected.
struct PowerKind {
  std::string kind;
  int controls = 0;
  int detections = 0;
};

// Power of one component class ("trunk", "embed", "lm_head", a sub-model): the controls in which
// that class was tested, those in which the decision called it derived, and the bound.
struct ComponentPower {
  std::string component;
  int controls = 0;
  int detections = 0;
  double lower_bound = 0;
  // In every control the class's only weighed test was the copy check, silent (its verdict was
  // "not-comparable"): a fine-tune is never value-identical, so its 0 detections are by
  // construction, not a measured weakness (METHODS §10.4 (4)). The counts still decide.
  bool copy_check_only = false;
};

// The power class of a component verdict's name: every "block i" is measured by the trunk's
// controls; any other component is its own class.
inline std::string PowerClass(const std::string& component) {
  return component.rfind("block ", 0) == 0 ? "trunk" : component;
}

// How strong the tests that produced a negative were, measured on synthetic derived models made
// from the base (positive controls, METHODS §10) that pass through the same alignment, tests and
// decision rule as real evidence. A control counts as detected exactly when its evidence would be
// called derived. Absent power keeps a negative "inconclusive".
struct PowerStatement {
  bool measured = false;
  // Not measured because no verdict of the pair could rest on it (verdict/decide.h
  // PowerCanDecide: every component was derived, outside its null or copy-check-only), so the
  // positive controls were not run.
  bool not_needed = false;
  double power = 0;        // detections / controls
  int controls = 0;        // number of positive controls
  int detections = 0;      // controls whose decision was "derived"
  double lower_bound = 0;  // one-sided Clopper–Pearson lower bound on the power
  double confidence = 0.95;
  std::vector<PowerKind> kinds;            // per derivation kind, in the order of the plan
  std::vector<ComponentPower> components;  // per component class the controls exercised
  bool from_cache = false;                 // read from the power cache, not run now
  std::string description;                 // what the controls were (English, for the record)
  // The controls' base was narrowed (METHODS §10.9) from residual_width to control_width
  // residual dimensions; equal when it was not (0: unknown, e.g. no residual width).
  int64_t residual_width = 0, control_width = 0;
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
  // The corrected calibrated log10 p the decision used (absent for a lower-bound panel) and how
  // it was obtained: "student-t", "rank" or "lower-bound" (verdict/decide.h).
  std::optional<double> log10_p_adj;
  std::string p_method;
};

// The candidate against one base.
struct PairResult {
  std::string base;  // ModelRef::label of the base
  Verdict verdict = Verdict::kInconclusive;
  std::string reason;                   // decision rule that fired (decide.h: kReason*)
  std::vector<std::string> derivation;  // derivation types (above), empty unless derived
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
  // How the trunk's block pairs were read (blocks.h); absent when the weights were not compared.
  // decide.h corrects over its planned looks.
  std::optional<BlockSampling> sampling;
  std::optional<TokenizerSummary> tokenizer;
  std::optional<ArchitectureSummary> architecture;
  std::vector<std::string> limitations;  // catalog ids, e.g. "limitation.no_tokenizer_base"
  // What each side has (vocabulary rows, widths, experts, precision), from the weights analysis;
  // absent when the weights were not compared. verdict/ancestry.h reads it.
  std::optional<PairStructure> structure;
  // Which model came first, with its evidence (verdict/ancestry.h); unknown unless the pair is
  // derived and direction-bearing evidence agrees.
  AncestryStatement ancestry;
};

}  // namespace lineage
