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
  std::string name;     // "embed", "block 0", "vision", "lm_head"
  std::string verdict;  // "derived" | "independent" | "inconclusive" | "not-compared"
  std::optional<double> log10_p;
  std::string note;
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
