// Decide: one verdict per base from that base's Findings (METHODS.md §10). The ranking of the
// bases and the parent are verdict/ranking.h; which model came first is verdict/ancestry.h.
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
//     statistic lies inside its null range and the pair's measured power ≥ 0.99; else
//     inconclusive. A robust finding whose panel is a lower bound on the null
//     (panel_is_lower_bound) counts as inside the null unless it is derived-level evidence.
//     The pair is derived if any component is, independent if all are.
//   - Power: when pair->power lists raw control p-values, a control is detected when its
//     log10 p, corrected with the same factor as the pair's exact tests, reaches the threshold.
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
inline constexpr const char* kReasonNoWeightEvidence = "reason.no_weight_evidence";

struct DecideOptions {
  int candidates_checked = 1;    // bases compared in this run (Bonferroni factor)
  double derived_log10_p = -12;  // exact threshold on log10 p_adj
  double derived_z = 10;         // robust threshold on z_adj
  double null_log10_p = -2;      // exact statistics with log10 p_adj above this are "in the null"
  double null_z = 2.326;         // robust z_adj below this (one-sided 99 %) are "in the null"
  double required_power = 0.99;
};

// Fills pair->verdict, reason, components, strongest_for/against, log10_p_exact/adjusted,
// log10_bf_cap and robust from pair->findings and pair->power. Keeps pair->derivation (types
// named by the diagnostics) only when the verdict is derived, adding "component-reuse" when a
// non-trunk component is derived beside an independent trunk.
void DecidePair(const DecideOptions& options, PairResult* pair);

}  // namespace lineage
