// Decide: one verdict per base from that base's Findings (METHODS.md §10). The ranking of the
// bases and the parent are verdict/ranking.h; which model came first is verdict/ancestry.h.
//
// Contract:
//   - Pure functions over plain values; deterministic; thread-safe.
//   - Only weight evidence decides: a Finding counts when `decisive` is set and its analysis is not
//     "tokenizer" or "architecture" (those are context even if mislabelled decisive).
//   - Exact family: a decisive Finding with log10_p over an exact null (approximate == false, or
//     null.kind "exact"/"permutation": the LAP Spearman's normal tail and Monte Carlo p
//     approximate an exact null). Robust: any other decisive Finding with a z, or a null with
//     mean, sd and samples, from which z_adj = (s − μ0)/(σ0·√(1 + 1/n0)).
//   - Calibrated p of a robust statistic (METHODS §10.3): only against a panel that is its null
//     (panel_is_lower_bound == false: trained independents incl. same-data pairs, after
//     leave-lineage-out): the t tail on n0 − 1 df when n0 ≥ min_parametric_panel, else the rank p
//     (1 + r)/(n0 + 1). A lower-bound panel (random-init replicas) yields no p-value.
//   - One Bonferroni family: m = candidates × (Σ exact multiplicity + robust statistics with a
//     calibrated p); log10 p_adj = log10 p + log10 m, for exact and calibrated p alike. After
//     sequential reading (pair->sampling, METHODS §10.8) m is also multiplied by the planned looks
//     L, and the findings of the blocks read already count for the unread ones (pair_evidence.h).
//   - Per component: derived if an exact log10 p_adj ≤ −12; or a calibrated log10 p_adj ≤ −12
//     beyond every panel member at the effect floor; or, against a lower-bound panel, z_adj > 10
//     beyond every member at the effect floor (the effect-size route: no p-value). Outside the
//     null (never independent) if some log10 p_adj ≤ −3, or a robust statistic reaches its effect
//     floor beyond its panel without deciding. Independent if nothing is outside the null and the
//     one-sided 95 % Clopper–Pearson lower bound of the power measured for that component's class
//     ("block i" is the trunk's) is ≥ required_power_lower_bound; "not-comparable" if inside its
//     null while the controls measured no power for its class (an untied lm_head, a projector, a
//     tower: never the trunk's power borrowed); else inconclusive. A lower-bound panel never puts a
//     statistic outside the null below its effect floor. No finding vetoes another.
//     The pair is derived if any component is, independent if every component is independent
//     or not-comparable and at least one is independent.
//   - Read budget: when the reading stopped on "budget" (pair->sampling->stopped_on: the look at
//     the blocks read did not decide), the pair is inconclusive with reason.budget_spent unless
//     it is derived on what was read; its independent and not-comparable components become
//     inconclusive with the same note (the unread blocks could hold the evidence).
//   - Within a relative `relative_tolerance` of a threshold a statistic counts on the conservative
//     side (not derived, not inside the null), so verdicts do not depend on summation order.
//   - Power: pair->power's controls and detections (counted by compare/positive_controls.h,
//     which runs each control through this same rule) become power, lower_bound and the
//     per-component bounds; DecidePair fills those, never the counts.
//   - A component's log10_p is the corrected p its verdict rests on (absent when the effect-size
//     route decided it); strongest for: the most significant statistic outside its null, exact
//     tests before calibrated ones; against: the statistic most consistent with independence.
#pragma once

#include <string>
#include <vector>

#include "evidence/compare_result.h"

namespace lineage {

// Stable reason ids (report/catalog.h translates them).
inline constexpr const char* kReasonExact = "reason.exact";
inline constexpr const char* kReasonRobust = "reason.robust";  // calibrated p route
inline constexpr const char* kReasonRobustEffect = "reason.robust_effect";
inline constexpr const char* kReasonNullWithPower = "reason.null_with_power";
inline constexpr const char* kReasonNullWithoutPower = "reason.null_without_power";
inline constexpr const char* kReasonMixed = "reason.mixed";
inline constexpr const char* kReasonNoOwnPower = "reason.no_own_power";
inline constexpr const char* kReasonNoWeightEvidence = "reason.no_weight_evidence";
// The read budget (`--budget`) ended the reading before the decision (METHODS §10.8).
inline constexpr const char* kReasonBudgetSpent = "reason.budget_spent";

// Component verdict (beside VerdictName's three and "not-compared"): inside the null, but no
// power of the component's own was measured.
inline constexpr const char* kNotComparable = "not-comparable";

// How a robust statistic's p-value was obtained (RobustScore::p_method).
inline constexpr const char* kPMethodStudentT = "student-t";
inline constexpr const char* kPMethodRank = "rank";
inline constexpr const char* kPMethodLowerBound = "lower-bound";

struct DecideOptions {
  int candidates_checked = 1;    // bases compared in this run (Bonferroni factor)
  double derived_log10_p = -12;  // threshold on every corrected p, exact or calibrated
  double derived_z = 10;         // effect-size route against a lower-bound panel
  double null_log10_p = -3;      // corrected p above this: consistent with the null (§10.1)
  double null_z = 2.326;         // "beyond the panel" when it lists neither maximum nor 99 % point
  // "independent" needs the one-sided 95 % Clopper–Pearson lower bound of the component's power
  // at least this: 29 of 29 controls detected give 0.902.
  double required_power_lower_bound = 0.9;
  // A panel that is the null gets a parametric (t) tail from this many records on: below it the
  // rank p decides, which cannot go under 1/(n0 + 1) (METHODS §10.3 states the n0 each level
  // needs and the leave-lineage-out check of the t tail).
  int min_parametric_panel = 8;
  double relative_tolerance = 1e-6;
};

// Fills pair->verdict, reason, components, strongest_for/against, log10_p_exact/adjusted,
// log10_bf_cap and robust from pair->findings and pair->power. Keeps pair->derivation (types
// named by the diagnostics) only when the verdict is derived, adding "component-reuse" when a
// non-trunk component is derived beside an independent trunk.
void DecidePair(const DecideOptions& options, PairResult* pair);

// Whether the measured power can change what DecidePair gives `pair` (its findings as they stand):
// true when some component that no statistic calls derived lies inside its null and has tests of
// its own beyond the copy check, so its verdict is "independent" with power and "inconclusive"
// without. When false, the verdict, reason and every component's verdict, note and p are the same
// whatever pair.power holds, and the positive controls need not run (METHODS §10.4).
[[nodiscard]] bool PowerCanDecide(const DecideOptions& options, const PairResult& pair);

}  // namespace lineage
