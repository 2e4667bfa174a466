// Decide: one verdict per base from that base's Findings (METHODS.md §10), and the overall parent.
//
// Contract:
//   - Pure functions over plain values; deterministic; thread-safe.
//   - Only weight evidence decides: a Finding counts when `decisive` is set and its analysis is not
//     "tokenizer" or "architecture" (those are context even if mislabelled decisive).
//   - Exact evidence: a decisive Finding with log10_p and `approximate == false`. Its p is
//     Bonferroni-corrected over candidates × Σ multiplicity: log10 p_adj = log10 p + log10 m.
//   - Robust evidence: any other decisive Finding with a z (or a null with mean, sd and samples,
//     from which z_adj = (s − μ0)/(σ0·√(1 + 1/n0)) is computed).
//   - Per component: derived if min log10 p_adj ≤ −12, or a robust z_adj > 10 beyond every
//     member of its panel, at or above the finding's effect_floor, with no decisive robust finding
//     on that component pointing against derivation (exact S1 does not survive MLP permutation
//     camouflage, so it cannot veto); independent if every
//     statistic lies inside its null range and the one-sided 95 % Clopper–Pearson lower bound
//     of the power measured for that component's class ("block i" is the trunk's) is ≥ 0.9;
//     "not-comparable" if inside its null while the controls measured no power for its class
//     (an untied lm_head, a projector, a tower: never the trunk's power borrowed); else
//     inconclusive. A robust finding whose panel is a lower bound on the null
//     (panel_is_lower_bound) counts as inside the null unless it is derived-level evidence.
//     The pair is derived if any component is, independent if every component is independent
//     or not-comparable and at least one is independent.
//   - Power: pair->power's controls and detections (counted by compare/positive_controls.h,
//     which runs each control through this same rule) become power, lower_bound and the
//     per-component bounds; DecidePair fills those, never the counts.
//   - Strongest evidence for derivation: the most significant statistic outside its null, exact
//     tests before calibrated ones; against: the statistic most consistent with independence.
#pragma once

#include <string>
#include <vector>

#include "evidence/compare_result.h"

namespace lineage {

// Stable reason ids (report/catalog.h translates them).
inline constexpr const char* kReasonExact = "reason.exact";
inline constexpr const char* kReasonRobust = "reason.robust";
inline constexpr const char* kReasonNullWithPower = "reason.null_with_power";
inline constexpr const char* kReasonNullWithoutPower = "reason.null_without_power";
inline constexpr const char* kReasonMixed = "reason.mixed";
inline constexpr const char* kReasonNoOwnPower = "reason.no_own_power";
inline constexpr const char* kReasonNoWeightEvidence = "reason.no_weight_evidence";

// Component verdict (beside VerdictName's three and "not-compared"): inside the null, but no
// power of the component's own was measured.
inline constexpr const char* kNotComparable = "not-comparable";

inline constexpr const char* kParentNone = "parent.none";
inline constexpr const char* kParentSingle = "parent.single";
inline constexpr const char* kParentStrongest = "parent.strongest_of_several";

struct DecideOptions {
  int candidates_checked = 1;    // bases compared in this run (Bonferroni factor)
  double derived_log10_p = -12;  // exact threshold on log10 p_adj
  double derived_z = 10;         // robust threshold on z_adj
  double null_log10_p = -2;      // exact statistics with log10 p_adj above this are "in the null"
  double null_z = 2.326;         // robust z_adj below this (one-sided 99 %) are "in the null"
  // "independent" needs the one-sided 95 % Clopper–Pearson lower bound of the component's power
  // at least this: 29 of 29 controls detected give 0.902.
  double required_power_lower_bound = 0.9;
};

// Fills pair->verdict, reason, components, strongest_for/against, log10_p_exact/adjusted,
// log10_bf_cap and robust from pair->findings and pair->power. Keeps pair->derivation (types
// named by the diagnostics) only when the verdict is derived, adding "component-reuse" when a
// non-trunk component is derived beside an independent trunk.
void DecidePair(const DecideOptions& options, PairResult* pair);

// Names the most likely parent: the derived base with the strongest evidence (smallest
// log10 p_adj, then largest robust z_adj, then the earlier base). Sets parent and parent_reason.
void DecideParent(CompareResult* result);

}  // namespace lineage
