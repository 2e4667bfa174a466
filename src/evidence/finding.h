// Finding: one statistic an analysis emitted, beside its null. The evidence vocabulary every
// analysis fills, the decision (verdict/decide.h) reads and reports render; plain types, below
// the analyses in the layer order (scripts/check-layers.py).
//
// Contract:
//   - Analyses fill Findings; the verdict reads only Findings; reports render verdicts and
//     findings and never recompute.
//   - p-values are stored as log10 (never underflow: -2345 is a valid value). A Finding with
//     `decisive == false` is context (tokenizer or architecture reuse), never weight evidence.
//   - Plain values, deterministic ordering (reports sort nothing themselves).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace lineage {

// The null distribution a statistic is compared against.
struct NullModel {
  std::string kind;         // "exact", "permutation", "shuffle", "calibrated-panel", "analytic"
  std::string description;  // e.g. "Poisson(m/h) hit count under exchangeable units"
  std::optional<double> mean;
  std::optional<double> sd;
  std::optional<double> quantile_99;  // upper 99% point when known
  int samples = 0;                    // panel or permutation size (0 for analytic)
  std::optional<double> max;          // largest panel member, when the null is a panel
  // Calibration panel ids (data/calibration file stems) when the null is a panel of trained
  // independent pairs; empty for panels built on the fly (random-init replicas).
  std::string source;
  // Calibrated panels only: the rank p-value (1 + #{panel ≥ s}) / (n0 + 1), valid without any
  // distributional assumption when the pair under test is exchangeable with the panel's pairs.
  std::optional<double> rank_p;
};

enum class Direction { kForDerivation, kAgainstDerivation, kNeutral };
const char* DirectionName(Direction d);

struct Finding {
  std::string analysis;   // "tokenizer", "architecture", "hash", "weights", "training", "compute"
  std::string test;       // stable id: "unit_identity_lap", "gate_up_consistency", "cka_q", ...
  std::string component;  // "trunk", "embed", "block 3", "lm_head", "vision", ...
  std::string statistic;  // name of `value`: "spearman_r", "hit_count", "pearson", "jaccard"
  double value = 0;
  std::optional<double> log10_p;  // one-sided, exact or calibrated (see null.kind)
  std::optional<double> z;        // against the null, when the null is a panel/shuffle
  std::optional<NullModel> null;
  Direction direction = Direction::kNeutral;
  bool decisive = false;     // may decide "derived" under METHODS.md §10
  bool approximate = false;  // the null is calibrated or approximate, not exact: say so
  // How many tests this finding was selected from (e.g. block pairs searched before keeping the
  // best path). Decide() multiplies it by the candidates checked for the Bonferroni correction.
  int multiplicity = 1;
  // Robust statistics only: the value a derived pair's statistic reaches at least (METHODS §10:
  // "with agreeing effect sizes"). Below it a large z_adj alone does not decide, because a
  // random-init panel lacks the convergent features of trained independent models.
  std::optional<double> effect_floor;
  // Robust proportions over sampled units only (S2's agreement): the two-sided 95 % sampling
  // interval of `value` (Clopper–Pearson over the units tested; approximate, see METHODS §10.8).
  // The effect floor is checked on its lower end, the conservative one for "derived".
  std::optional<std::pair<double, double>> value_interval;
  // Robust statistics only: the panel is a lower bound on the null (random-init replicas lack the
  // convergent features of trained independent models, and functional invariants such as HuRef's
  // move with distillation, which METHODS §1 puts out of scope). Such a statistic can confirm
  // derivation (z_adj, panel, effect floor) but lying above its panel is not "outside the null
  // range": it never keeps a pair from being independent.
  bool panel_is_lower_bound = false;
  std::string note;  // short English detail; i18n happens in report/ from `test`
};

// A Finding with its identity and headline value set; the caller fills the rest (p-value, null,
// direction, decisive, notes).
Finding MakeFinding(std::string analysis, std::string test, std::string component,
                    std::string statistic, double value);

}  // namespace lineage
